/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a parser or importer found wrong with a file, each with its place, so
 * that a data author can fix them all in one go. */

typedef enum
{
  ANNALS_SEVERITY_WARNING,
  ANNALS_SEVERITY_ERROR,
} AnnalsSeverity;

typedef struct
{
  AnnalsSeverity severity;
  guint          line;                 /* 1-based, 0 when unknown */
  guint          column;               /* 1-based, 0 when unknown */
  char          *message;              /* plain words, no file or position */
} AnnalsDiagnostic;

typedef struct _AnnalsDiagnostics AnnalsDiagnostics;

#define ANNALS_DIAGNOSTICS_DEFAULT_CAP 100

AnnalsDiagnostics      *annals_diagnostics_new          (const char        *file);
void                    annals_diagnostics_free         (AnnalsDiagnostics *self);
const char             *annals_diagnostics_get_file     (AnnalsDiagnostics *self);
/* How many items are kept, warnings and errors together (default
 * ANNALS_DIAGNOSTICS_DEFAULT_CAP; 0 keeps all). */
void                    annals_diagnostics_set_cap      (AnnalsDiagnostics *self,
                                                         guint              cap);
/* Adds one; beyond the cap (errors and warnings count alike), further ones are
 * only counted. */
void                    annals_diagnostics_add          (AnnalsDiagnostics *self,
                                                         AnnalsSeverity     severity,
                                                         guint              line,
                                                         guint              column,
                                                         const char        *format,
                                                         ...) G_GNUC_PRINTF (5, 6);
guint                   annals_diagnostics_get_n_items  (AnnalsDiagnostics *self);
const AnnalsDiagnostic *annals_diagnostics_get_item     (AnnalsDiagnostics *self,
                                                         guint              index);
guint                   annals_diagnostics_count        (AnnalsDiagnostics *self,
                                                         AnnalsSeverity     severity);
/* Items (errors and warnings) not kept because the cap was reached. count()
 * includes them. */
guint                   annals_diagnostics_get_n_dropped (AnnalsDiagnostics *self);
/* "FILE:LINE:COL: error: message" for one item. Newly allocated. */
char                   *annals_diagnostic_to_string     (AnnalsDiagnostics *self,
                                                         const AnnalsDiagnostic *item);
/* All items, one per line, and a last line for dropped ones. Newly allocated. */
char                   *annals_diagnostics_to_string    (AnnalsDiagnostics *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AnnalsDiagnostics, annals_diagnostics_free)

G_END_DECLS
