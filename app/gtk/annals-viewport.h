/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The visible time range, shared by the timeline view, the window's actions and
 * export. Times are AnnalsTime seconds held as doubles (the view pans and zooms
 * in fractions of a second). The range always lies inside the bounds (the
 * whole dataset) and spans at least the minimum: a second, or more in deep
 * time where a double cannot resolve one. */

#define ANNALS_TYPE_VIEWPORT (annals_viewport_get_type ())

G_DECLARE_FINAL_TYPE (AnnalsViewport, annals_viewport, ANNALS, VIEWPORT, GObject)

AnnalsViewport *annals_viewport_new          (void);
double          annals_viewport_get_start    (AnnalsViewport *self);
double          annals_viewport_get_end      (AnnalsViewport *self);
double          annals_viewport_get_span     (AnnalsViewport *self);
/* Sets the range, clamped into the bounds and to the minimum span. */
void            annals_viewport_set_range    (AnnalsViewport *self,
                                              double          start,
                                              double          end);
double          annals_viewport_get_lower    (AnnalsViewport *self);
double          annals_viewport_get_upper    (AnnalsViewport *self);
/* The whole dataset; the range is clamped into it. @lower >= @upper removes
 * the bounds. */
void            annals_viewport_set_bounds   (AnnalsViewport *self,
                                              double          lower,
                                              double          upper);
double          annals_viewport_get_min_span (AnnalsViewport *self);
/* Zooms by @factor (> 1 zooms in) keeping @anchor (a time) where it is on
 * screen. */
void            annals_viewport_zoom_at      (AnnalsViewport *self,
                                              double          anchor,
                                              double          factor);
/* Moves the range by @delta seconds, keeping the span. */
void            annals_viewport_pan          (AnnalsViewport *self,
                                              double          delta);
void            annals_viewport_zoom_to_fit  (AnnalsViewport *self);
gboolean        annals_viewport_can_zoom_in  (AnnalsViewport *self);
gboolean        annals_viewport_can_zoom_out (AnnalsViewport *self);

G_END_DECLS
