/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "annals-renderer.h"

G_BEGIN_DECLS

typedef enum
{
  ANNALS_EXPORT_PNG,
  ANNALS_EXPORT_SVG,
  ANNALS_EXPORT_PDF,
} AnnalsExportFormat;

typedef struct
{
  AnnalsExportFormat format;
  int                width;            /* user units; default 1600 */
  int                height;           /* default 900; 0: as tall as the content needs */
  double             scale;            /* device scale (PNG pixels per unit); default 1 */
  double             start;            /* time range; start >= end: the whole timeline */
  double             end;
  AnnalsThemeVariant theme;
} AnnalsExportOptions;

void     annals_export_options_init    (AnnalsExportOptions *options);
/* Format from the file name's extension (.png, .svg, .pdf). */
gboolean annals_export_format_from_path (const char        *path,
                                         AnnalsExportFormat *format);
/* Draws the timeline with title, legend, as-of and sources footer, and writes it
 * to @path through a temporary file renamed into place, so a failed export never
 * leaves a half-written file. */
gboolean annals_export_to_file         (AnnalsLayout              *layout,
                                        const AnnalsExportOptions *options,
                                        const char                *path,
                                        GError                   **error);

G_END_DECLS
