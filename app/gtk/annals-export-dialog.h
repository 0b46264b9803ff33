/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "annals-layout.h"

G_BEGIN_DECLS

/* Export as PNG, SVG or PDF through the shared renderer: format, range (the
 * whole timeline or the current view), size, pixel density and colours, all
 * remembered in GSettings. It asks where to save, writes in a worker thread,
 * emits ::exported with the file and closes. */

#define ANNALS_TYPE_EXPORT_DIALOG (annals_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AnnalsExportDialog, annals_export_dialog, ANNALS, EXPORT_DIALOG, AdwWindow)

/* @view_start and @view_end are the window's visible range (AnnalsTime
 * seconds); @dark is the current system style, used by "Follow System
 * Style"; @settings may be NULL; @basename names the file offered. */
AnnalsExportDialog *annals_export_dialog_new (GtkWindow    *parent,
                                              AnnalsLayout *layout,
                                              double        view_start,
                                              double        view_end,
                                              gboolean      dark,
                                              GSettings    *settings,
                                              const char   *basename);
/* Writes to @file with the choices shown, as after the file chooser: the
 * format follows the file name's extension when it has a known one. */
void                annals_export_dialog_export_to (AnnalsExportDialog *self,
                                                    GFile              *file);

G_END_DECLS
