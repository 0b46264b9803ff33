/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "annals-application.h"
#include "annals-details-panel.h"
#include "annals-timeline-view.h"

G_BEGIN_DECLS

#define ANNALS_TYPE_WINDOW (annals_window_get_type ())

G_DECLARE_FINAL_TYPE (AnnalsWindow, annals_window, ANNALS, WINDOW, AdwApplicationWindow)

AnnalsWindow       *annals_window_new               (AnnalsApplication *application);
/* Loads @file in a worker thread and shows it; on failure the current
 * timeline stays and a dialog shows the parser's messages. */
void                annals_window_open              (AnnalsWindow      *self,
                                                     GFile             *file);
/* Loads the current file again, keeping the view and the selection. */
void                annals_window_reload            (AnnalsWindow      *self);
/* The file shown (or being opened first), or NULL. */
GFile              *annals_window_get_file          (AnnalsWindow      *self);
gboolean            annals_window_get_loading       (AnnalsWindow      *self);
AnnalsTimeline     *annals_window_get_timeline      (AnnalsWindow      *self);
AnnalsTimelineView *annals_window_get_timeline_view (AnnalsWindow      *self);
AnnalsDetailsPanel *annals_window_get_details_panel (AnnalsWindow      *self);
AnnalsViewport     *annals_window_get_viewport      (AnnalsWindow      *self);
void                annals_window_add_toast         (AnnalsWindow      *self,
                                                     AdwToast          *toast);

G_END_DECLS
