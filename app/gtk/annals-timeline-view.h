/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "annals-renderer.h"
#include "annals-viewport.h"

G_BEGIN_DECLS

/* The interactive timeline. It draws through the shared renderer (the same
 * code as export), caches the static scene as a render node and paints hover
 * and selection on top. Pan and zoom change the viewport it shares with the
 * window; it scrolls lanes vertically (GtkScrollable) when they do not fit. */

#define ANNALS_TYPE_TIMELINE_VIEW (annals_timeline_view_get_type ())

G_DECLARE_FINAL_TYPE (AnnalsTimelineView, annals_timeline_view, ANNALS, TIMELINE_VIEW, GtkWidget)

GtkWidget         *annals_timeline_view_new              (void);
AnnalsLayout      *annals_timeline_view_get_layout       (AnnalsTimelineView *self);
/* Shows @layout (a new reference is taken; NULL shows nothing). A layout of
 * another timeline clears the selection, highlight and vertical scroll; one
 * of the same timeline (a group collapsed) keeps them. The viewport is left
 * to the caller, who knows whether this is a new file or a reload. */
void               annals_timeline_view_set_layout       (AnnalsTimelineView *self,
                                                          AnnalsLayout       *layout);
AnnalsViewport    *annals_timeline_view_get_viewport     (AnnalsTimelineView *self);
void               annals_timeline_view_set_viewport     (AnnalsTimelineView *self,
                                                          AnnalsViewport     *viewport);
/* The selected event index, or -1. Selecting scrolls the event into view. */
gint               annals_timeline_view_get_selected     (AnnalsTimelineView *self);
void               annals_timeline_view_set_selected     (AnnalsTimelineView *self,
                                                          gint                event);
gint               annals_timeline_view_get_hovered      (AnnalsTimelineView *self);
gboolean           annals_timeline_view_get_dark         (AnnalsTimelineView *self);
void               annals_timeline_view_set_dark         (AnnalsTimelineView *self,
                                                          gboolean            dark);
/* High contrast strengthens secondary text and lines (AdwStyleManager). */
gboolean           annals_timeline_view_get_high_contrast (AnnalsTimelineView *self);
void               annals_timeline_view_set_high_contrast (AnnalsTimelineView *self,
                                                           gboolean            high_contrast);
const AnnalsTheme *annals_timeline_view_get_theme        (AnnalsTimelineView *self);
/* Vertical scroll of the lanes in logical pixels, clamped to the content. */
double             annals_timeline_view_get_scroll_y     (AnnalsTimelineView *self);
void               annals_timeline_view_set_scroll_y     (AnnalsTimelineView *self,
                                                          double              scroll_y);
/* Per event: 1 matched, 0 dimmed; copied. NULL (or @n_events not matching the
 * dataset) draws every event normally. */
void               annals_timeline_view_set_highlight    (AnnalsTimelineView *self,
                                                          const guint8       *highlight,
                                                          guint               n_events);
/* What the view draws now: size, range, scroll, theme, selection. */
void               annals_timeline_view_get_view         (AnnalsTimelineView *self,
                                                          AnnalsView         *view);
/* Zooms by @factor (> 1 zooms in) keeping the time at widget x @x in place. */
void               annals_timeline_view_zoom_at_x        (AnnalsTimelineView *self,
                                                          double              x,
                                                          double              factor);
/* Moves the view by @dx, @dy logical pixels (positive: later, lower lanes). */
void               annals_timeline_view_pan_pixels       (AnnalsTimelineView *self,
                                                          double              dx,
                                                          double              dy);
/* Moves the selection to the next (@direction 1) or previous (-1) event in
 * time order. Returns FALSE when there is none. */
gboolean           annals_timeline_view_select_step      (AnnalsTimelineView *self,
                                                          int                 direction);
/* Pans and scrolls so that @event is on screen. */
void               annals_timeline_view_scroll_to_event  (AnnalsTimelineView *self,
                                                          guint               event);
/* The event at widget coordinates, or -1. */
gint               annals_timeline_view_pick             (AnnalsTimelineView *self,
                                                          double              x,
                                                          double              y);
gboolean           annals_timeline_view_get_event_rect   (AnnalsTimelineView *self,
                                                          guint               event,
                                                          AnnalsRect         *rect);
double             annals_timeline_view_x_to_time        (AnnalsTimelineView *self,
                                                          double              x);
double             annals_timeline_view_time_to_x        (AnnalsTimelineView *self,
                                                          double              time);

G_END_DECLS
