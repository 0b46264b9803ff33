/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "annals-layout.h"
#include "annals-theme.h"

G_BEGIN_DECLS

/* The one drawing path: layout + view + cairo_t + theme. The window draws with
 * it inside gtk_snapshot_append_cairo(); export draws with it on PNG, SVG and
 * PDF surfaces. Coordinates are in user units (logical pixels); the surface's
 * device scale handles HiDPI. */

typedef enum
{
  ANNALS_RENDER_FURNITURE = 1 << 0,    /* title, legend, as-of and sources footer (export) */
  ANNALS_RENDER_NO_STATIC = 1 << 1,    /* only the hover / selection overlay */
  ANNALS_RENDER_NO_OVERLAY = 1 << 2,   /* only the static scene */
} AnnalsRenderFlags;

typedef struct
{
  int                width;            /* whole drawing, user units */
  int                height;
  double             start;            /* visible time range, AnnalsTime seconds */
  double             end;
  double             scroll_y;         /* vertical scroll of the lanes, user units */
  const AnnalsTheme *theme;
  guint              flags;            /* AnnalsRenderFlags */
  gint               selected;         /* event index or -1 */
  gint               hovered;          /* event index or -1 */
  const guint8      *highlight;        /* NULL, or per event: 1 matched, 0 dimmed (search) */
} AnnalsView;

typedef struct
{
  double x;
  double y;
  double width;
  double height;
} AnnalsRect;

void       annals_view_init                 (AnnalsView         *view,
                                             int                 width,
                                             int                 height,
                                             const AnnalsTheme  *theme);

void       annals_renderer_draw             (cairo_t            *cr,
                                             AnnalsLayout       *layout,
                                             const AnnalsView   *view);

/* The area in which time maps to x (right of the track gutter, below the axis). */
void       annals_renderer_get_plot_area    (AnnalsLayout       *layout,
                                             const AnnalsView   *view,
                                             AnnalsRect         *area);
double     annals_renderer_time_to_x        (AnnalsLayout       *layout,
                                             const AnnalsView   *view,
                                             double              time);
double     annals_renderer_x_to_time        (AnnalsLayout       *layout,
                                             const AnnalsView   *view,
                                             double              x);
/* Total height the lanes need, for vertical scrolling. */
double     annals_renderer_get_content_height (AnnalsLayout     *layout,
                                             const AnnalsView   *view);
/* The event drawn at (@x, @y), or -1. Uses the same geometry as drawing. */
gint       annals_renderer_pick             (AnnalsLayout       *layout,
                                             const AnnalsView   *view,
                                             double              x,
                                             double              y);
/* Where @event is drawn (its mark or bar, labels excluded). FALSE when it is
 * filtered out. The rectangle may lie outside the view. */
gboolean   annals_renderer_get_event_rect   (AnnalsLayout       *layout,
                                             const AnnalsView   *view,
                                             guint               event,
                                             AnnalsRect         *rect);

/* The lane drawn at @y (its rows or its gutter label), or -1. For the view to
 * collapse a group when its label is clicked. */
gint       annals_renderer_lane_at          (AnnalsLayout       *layout,
                                             const AnnalsView   *view,
                                             double              y);

/* The height at which every lane shows at the theme's row height, furniture
 * included when the view asks for it; for pictures sized to their content. */
double     annals_renderer_get_natural_height (AnnalsLayout     *layout,
                                             const AnnalsView   *view);

G_END_DECLS
