/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "annals-diagnostics.h"
#include "annals-timeline.h"

G_BEGIN_DECLS

/* One entry point for every format Annals reads: the format is told by content
 * (root element and namespace), never by file name. */

#define ANNALS_LOAD_ERROR (annals_load_error_quark ())

typedef enum
{
  ANNALS_LOAD_ERROR_IO,                /* the file cannot be read */
  ANNALS_LOAD_ERROR_INVALID,           /* the data is wrong: see the diagnostics */
  ANNALS_LOAD_ERROR_TOO_LARGE,         /* beyond the configured limits */
  ANNALS_LOAD_ERROR_UNKNOWN_FORMAT,
  ANNALS_LOAD_ERROR_CANCELLED,
} AnnalsLoadError;

typedef enum
{
  ANNALS_FORMAT_UNKNOWN,
  ANNALS_FORMAT_NATIVE,                /* urn:annals:timeline:1 */
  ANNALS_FORMAT_SIMILE,                /* SIMILE Timeline <data> */
  ANNALS_FORMAT_TIMELINE_PROJECT,      /* The Timeline Project .timeline */
} AnnalsFormat;

/* Called from the loading thread with the fraction of the input read (0..1). */
typedef void (*AnnalsProgressFunc) (double   fraction,
                                    gpointer user_data);

typedef struct
{
  goffset            max_bytes;        /* 0: ANNALS_DEFAULT_MAX_BYTES */
  guint              max_events;       /* 0: ANNALS_DEFAULT_MAX_EVENTS */
  GCancellable      *cancellable;
  AnnalsProgressFunc progress;
  gpointer           progress_data;
} AnnalsLoadOptions;

#define ANNALS_DEFAULT_MAX_BYTES  ((goffset) 2 * 1024 * 1024 * 1024)
#define ANNALS_DEFAULT_MAX_EVENTS 10000000

GQuark          annals_load_error_quark  (void);

AnnalsFormat    annals_detect_format     (const char              *data,
                                          gsize                    length);
/* Loads @path (any supported format). Returns a finished timeline, or NULL with
 * @error set. Problems with their places go to @diagnostics (created here and
 * always returned, also on success when there are warnings); @error says in
 * one line what went wrong. @options may be NULL. */
AnnalsTimeline *annals_load_file         (const char              *path,
                                          const AnnalsLoadOptions *options,
                                          AnnalsDiagnostics      **diagnostics,
                                          GError                 **error);
/* The same for bytes in memory; @name is used in messages as the file name. */
AnnalsTimeline *annals_load_data         (const char              *data,
                                          gsize                    length,
                                          const char              *name,
                                          const AnnalsLoadOptions *options,
                                          AnnalsDiagnostics      **diagnostics,
                                          GError                 **error);

G_END_DECLS
