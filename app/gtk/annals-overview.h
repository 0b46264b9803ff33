/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "annals-layout.h"
#include "annals-viewport.h"

G_BEGIN_DECLS

/* A thin band under the timeline showing the whole dataset: how many events
 * start in each pixel column, and a window over the range the timeline shows.
 * Dragging the window pans, dragging its edges zooms, clicking elsewhere
 * centres the view there; arrows, Page Up/Down, Home and End do the same from
 * the keyboard. It shares the timeline's viewport. */

#define ANNALS_TYPE_OVERVIEW (annals_overview_get_type ())

G_DECLARE_FINAL_TYPE (AnnalsOverview, annals_overview, ANNALS, OVERVIEW, GtkWidget)

GtkWidget      *annals_overview_new          (void);
AnnalsViewport *annals_overview_get_viewport (AnnalsOverview *self);
void            annals_overview_set_viewport (AnnalsOverview *self,
                                              AnnalsViewport *viewport);
AnnalsLayout   *annals_overview_get_layout   (AnnalsOverview *self);
/* Counts the shown events of @layout once (a reference is taken; NULL shows
 * an empty band). */
void            annals_overview_set_layout   (AnnalsOverview *self,
                                              AnnalsLayout   *layout);
gboolean        annals_overview_get_dark     (AnnalsOverview *self);
void            annals_overview_set_dark     (AnnalsOverview *self,
                                              gboolean        dark);
/* Widget x of @time and back, over the band's track (the whole bounds). */
double          annals_overview_time_to_x    (AnnalsOverview *self,
                                              double          time);
double          annals_overview_x_to_time    (AnnalsOverview *self,
                                              double          x);
/* Events counted into bin @index of @n (for tests), over the layout's extent. */
guint           annals_overview_get_n_bins   (AnnalsOverview *self);
guint           annals_overview_get_bin      (AnnalsOverview *self,
                                              guint           index);

G_END_DECLS
