/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "annals-timeline.h"

G_BEGIN_DECLS

/* The side panel: everything known about one event, written for people, and
 * every source with the words it rests on. With no event it describes the
 * dataset. Opening a source's row sets the source property, so the window
 * can show which other events cite it. */

#define ANNALS_TYPE_DETAILS_PANEL (annals_details_panel_get_type ())

G_DECLARE_FINAL_TYPE (AnnalsDetailsPanel, annals_details_panel, ANNALS, DETAILS_PANEL, GtkWidget)

GtkWidget      *annals_details_panel_new          (void);
AnnalsTimeline *annals_details_panel_get_timeline (AnnalsDetailsPanel *self);
/* Takes a reference; clears the event and the source. */
void            annals_details_panel_set_timeline (AnnalsDetailsPanel *self,
                                                   AnnalsTimeline     *timeline);
/* The event shown (an index into timeline->events), or -1. */
gint            annals_details_panel_get_event    (AnnalsDetailsPanel *self);
void            annals_details_panel_set_event    (AnnalsDetailsPanel *self,
                                                   gint                event);
/* The source whose row is open (an index into timeline->sources), or -1. */
gint            annals_details_panel_get_source   (AnnalsDetailsPanel *self);
void            annals_details_panel_set_source   (AnnalsDetailsPanel *self,
                                                   gint                source);

G_END_DECLS
