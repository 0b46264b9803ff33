/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-renderer.h"

#include <math.h>
#include <string.h>

#include "annals-render-private.h"

/* The entry points and the frame geometry. A frame is: the plot (lanes, where
 * time maps to x), a header above it (the axis, then a strip for era labels
 * and the as-of tag), the gutter on its left (track labels) and, for export,
 * furniture around all that (title block at the top, legend and sources at
 * the bottom). Lanes scroll under the fixed header.
 *
 * Lane i starts at lanes_top + first_row * row_h + i * lane_gap: half the gap
 * above its rows, half below, so every position is a closed form and finding
 * what is at a y is a binary search over lanes. */

/* Beyond any date a dataset can hold (1e9 years), with room for padding. */
#define TIME_LIMIT 4.0e16

#define MIN_ROW_HEIGHT 18.0

void
annals_view_init (AnnalsView        *view,
                  int                width,
                  int                height,
                  const AnnalsTheme *theme)
{
  g_return_if_fail (view != NULL);

  view->width = width;
  view->height = height;
  view->start = 0;
  view->end = 0;
  view->scroll_y = 0;
  view->theme = theme != NULL ? theme : annals_theme_get (ANNALS_THEME_LIGHT);
  view->flags = 0;
  view->selected = -1;
  view->hovered = -1;
  view->highlight = NULL;
}

/* Helpers shared by the renderer's files */

double
annals_render_x_d (const AnnalsRenderCtx *ctx,
                   double                 time)
{
  return ctx->plot.x + (time - ctx->start) * ctx->px_per_s;
}

AnnalsTime
annals_render_time_at (const AnnalsRenderCtx *ctx,
                       double                 x)
{
  double t = ctx->start + (x - ctx->plot.x) / ctx->px_per_s;

  if (t >= 9.0e18)
    return G_MAXINT64 / 2;
  if (t <= -9.0e18)
    return G_MININT64 / 2;

  return (AnnalsTime) floor (t);
}

double
annals_render_lane_y (const AnnalsRenderCtx *ctx,
                      guint                  lane)
{
  const AnnalsLane *l = annals_layout_get_lane (ctx->layout, lane);

  if (l == NULL)
    return ctx->lanes_top + annals_render_content_h (ctx);

  return ctx->lanes_top + l->first_row * ctx->row_h + lane * ctx->lane_gap;
}

double
annals_render_row_y (const AnnalsRenderCtx *ctx,
                     guint                  row)
{
  guint lane = annals_layout_get_row_lane (ctx->layout, row);

  return ctx->lanes_top + row * ctx->row_h + lane * ctx->lane_gap + ctx->lane_gap / 2;
}

double
annals_render_content_h (const AnnalsRenderCtx *ctx)
{
  return annals_layout_get_n_rows (ctx->layout) * ctx->row_h
         + annals_layout_get_n_lanes (ctx->layout) * ctx->lane_gap;
}

/* The lane whose band (gap included) holds @y, clamped to the lanes. */
static guint
lane_at (const AnnalsRenderCtx *ctx,
         double                 y)
{
  guint lo = 0;
  guint hi = annals_layout_get_n_lanes (ctx->layout);

  /* The last lane whose top is at or above y. */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (annals_render_lane_y (ctx, mid) <= y)
        lo = mid;
      else
        hi = mid;
    }

  return lo;
}

void
annals_render_visible_lanes (const AnnalsRenderCtx *ctx,
                             guint                 *first,
                             guint                 *last)
{
  guint n = annals_layout_get_n_lanes (ctx->layout);
  guint a;
  guint b;

  if (n == 0 || ctx->plot.height <= 0 || ctx->draw_bottom <= ctx->draw_top)
    {
      *first = *last = 0;
      return;
    }

  a = lane_at (ctx, ctx->draw_top);
  b = lane_at (ctx, ctx->draw_bottom) + 1;

  *first = a;
  *last = MIN (b, n);
}

void
annals_render_visible_rows (const AnnalsRenderCtx *ctx,
                            guint                 *first,
                            guint                 *last)
{
  guint lane_first;
  guint lane_last;
  const AnnalsLane *a;
  const AnnalsLane *b;
  guint row_first;
  guint row_last;
  double top = ctx->draw_top;
  double bottom = ctx->draw_bottom;

  annals_render_visible_lanes (ctx, &lane_first, &lane_last);
  if (lane_first >= lane_last)
    {
      *first = *last = 0;
      return;
    }

  a = annals_layout_get_lane (ctx->layout, lane_first);
  b = annals_layout_get_lane (ctx->layout, lane_last - 1);

  /* Rows of a lane are evenly spaced: start from where the edges fall, a
   * row early, so that the walks below take a step or two. A lane of a large
   * dataset has tens of thousands of rows; walking them all from the lane's
   * ends made every frame's cost grow with the dataset. */
  row_first = a->first_row;
  if (a->n_rows > 2)
    {
      double k = floor ((top - annals_render_row_y (ctx, a->first_row)) / ctx->row_h) - 1;

      if (k > 0)
        row_first = a->first_row + (guint) MIN (k, (double) (a->n_rows - 1));
    }
  while (row_first + 1 < a->first_row + a->n_rows
         && annals_render_row_y (ctx, row_first) + ctx->row_h <= top)
    row_first++;

  row_last = b->first_row + b->n_rows;
  if (b->n_rows > 2)
    {
      double k = ceil ((bottom - annals_render_row_y (ctx, b->first_row)) / ctx->row_h) + 1;

      if (k >= 1 && k < b->n_rows)
        row_last = b->first_row + (guint) k;
    }
  while (row_last > b->first_row + 1 && annals_render_row_y (ctx, row_last - 1) >= bottom)
    row_last--;

  *first = row_first;
  *last = MAX (row_last, row_first);
}

void
annals_render_set_color (cairo_t          *cr,
                         const AnnalsRgba *color,
                         double            alpha)
{
  cairo_set_source_rgba (cr, color->r, color->g, color->b, color->a * alpha);
}

AnnalsRgba
annals_render_mix (const AnnalsRgba *a,
                   const AnnalsRgba *b,
                   double            t)
{
  AnnalsRgba c;

  c.r = a->r + (b->r - a->r) * t;
  c.g = a->g + (b->g - a->g) * t;
  c.b = a->b + (b->b - a->b) * t;
  c.a = a->a + (b->a - a->a) * t;

  return c;
}

AnnalsRgba
annals_render_text_on (const AnnalsRgba *fill)
{
  static const AnnalsRgba white = { 1, 1, 1, 1 };
  static const AnnalsRgba ink = { 0.11, 0.11, 0.13, 1 };
  static const AnnalsRgba black = { 0, 0, 0, 1 };
  double on_white = annals_rgba_contrast (&white, fill);
  double on_ink = annals_rgba_contrast (&ink, fill);

  /* One of black and white always reaches 4.58:1; prefer a soft ink to
   * black when it reads as well. */
  if (on_white >= 4.5 && on_white >= on_ink)
    return white;
  if (on_ink >= 4.5)
    return ink;

  return on_white > annals_rgba_contrast (&black, fill) ? white : black;
}

void
annals_render_rounded_rect (cairo_t *cr,
                            double   x,
                            double   y,
                            double   w,
                            double   h,
                            double   r)
{
  r = MIN (r, MIN (w, h) / 2);

  if (r < 0.5)
    {
      cairo_rectangle (cr, x, y, w, h);
      return;
    }

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI_2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI_2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI_2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI_2);
  cairo_close_path (cr);
}

static void
sanitize_range (AnnalsRenderCtx *ctx)
{
  double start = ctx->view->start;
  double end = ctx->view->end;

  if (!isfinite (start) || !isfinite (end) || !(end > start))
    {
      AnnalsTime s;
      AnnalsTime e;

      if (annals_layout_get_extent (ctx->layout, &s, &e))
        {
          start = (double) s;
          end = (double) e;
        }
      else
        {
          start = 0;
          end = ANNALS_SECONDS_PER_DAY;
        }
    }

  start = CLAMP (start, -TIME_LIMIT, TIME_LIMIT - 1);
  end = CLAMP (end, start + 1e-3, TIME_LIMIT);

  ctx->start = start;
  ctx->end = end;
  ctx->t_base = (gint64) floor (start);
  ctx->base_off = (double) ctx->t_base - start;
}

/**
 * annals_render_ctx_init:
 * @cr: (nullable): the target, NULL when only geometry is wanted
 * @need_text: whether Pango is needed even without furniture
 *
 * Computes the frame geometry of @view.
 */
void
annals_render_ctx_init (AnnalsRenderCtx  *ctx,
                        AnnalsLayout     *layout,
                        const AnnalsView *view,
                        cairo_t          *cr,
                        gboolean          need_text)
{
  AnnalsRect body;
  double gutter_w;
  double header_h;

  memset (ctx, 0, sizeof *ctx);
  ctx->cr = cr;
  ctx->layout = layout;
  ctx->timeline = annals_layout_get_timeline (layout);
  ctx->view = view;
  ctx->theme = view->theme != NULL ? view->theme : annals_theme_get (ANNALS_THEME_LIGHT);
  ctx->furniture = (view->flags & ANNALS_RENDER_FURNITURE) != 0;
  ctx->clamp_left = -G_MAXDOUBLE;
  ctx->clamp_right = G_MAXDOUBLE;

  sanitize_range (ctx);

  ctx->row_h = MAX (ctx->theme->row_height, 8);
  ctx->lane_gap = MAX (ctx->theme->lane_gap, 0);
  ctx->axis_major_h = round (MAX (ctx->theme->axis_height, 20) * 0.45);
  ctx->axis_minor_h = MAX (ctx->theme->axis_height, 20) - ctx->axis_major_h;
  ctx->strip_h = (annals_layout_get_features (layout) & ANNALS_LAYOUT_HAS_ERAS)
                 || annals_date_is_set (&ctx->timeline->as_of) ? 22 : 0;
  ctx->as_of_end = annals_date_is_set (&ctx->timeline->as_of)
                   ? annals_date_end_time (&ctx->timeline->as_of) : ANNALS_TIME_MIN;

  if (need_text || ctx->furniture)
    annals_render_ensure_text (ctx);

  body.x = 0;
  body.y = 0;
  body.width = MAX (view->width, 0);
  body.height = MAX (view->height, 0);
  gutter_w = MIN (ctx->theme->gutter_width, body.width / 2);

  if (ctx->furniture)
    {
      double top;
      double bottom;
      double available;
      double needed;
      guint n_rows = annals_layout_get_n_rows (layout);
      guint n_lanes = annals_layout_get_n_lanes (layout);

      ctx->margin = round (CLAMP (body.width * 0.03, 16, 56));
      annals_render_layout_furniture (ctx, &top, &bottom);
      body.x = ctx->margin;
      body.y = top;
      body.width = MAX (view->width - 2 * ctx->margin, 0);
      body.height = MAX (bottom - top, 0);
      gutter_w = MIN (annals_render_measure_gutter (ctx), body.width * 0.3);

      /* Fit the rows to the page: shrink (gaps and label type with them) down
       * to a readable minimum, or grow a little so that a short timeline does
       * not float in white space. */
      available = body.height - ctx->axis_major_h - ctx->axis_minor_h - ctx->strip_h;
      if (n_rows > 0 && available > 0)
        {
          double ratio = ctx->lane_gap / ctx->row_h;
          double natural = ctx->row_h;

          needed = floor (available / (n_rows + n_lanes * ratio));
          ctx->row_h = CLAMP (needed, MIN_ROW_HEIGHT, natural * 1.25);
          if (ctx->row_h < natural)
            {
              ctx->lane_gap = MAX (6, round (ctx->row_h * ratio));
              annals_render_scale_labels (ctx, MAX (ctx->row_h / natural, 0.88));
            }

          /* Few rows: the key and the sources follow the lanes, and the
           * page's spare height goes below them rather than in the middle. */
          needed = ctx->axis_major_h + ctx->axis_minor_h + ctx->strip_h
                   + n_rows * ctx->row_h + n_lanes * ctx->lane_gap + ctx->lane_gap;
          if (needed < body.height)
            {
              ctx->footer_area.y -= body.height - needed;
              body.height = needed;
            }
        }
    }

  ctx->bar_h = round (MIN (ctx->row_h - 6, ctx->row_h * 0.7));
  ctx->bar_h = MAX (ctx->bar_h, 4);

  header_h = ctx->axis_major_h + ctx->axis_minor_h + ctx->strip_h;
  ctx->gutter.x = body.x;
  ctx->gutter.width = gutter_w;
  ctx->header.x = body.x + gutter_w;
  ctx->header.y = body.y;
  ctx->header.width = MAX (body.width - gutter_w, 0);
  ctx->header.height = MIN (header_h, body.height);
  ctx->plot.x = ctx->header.x;
  ctx->plot.y = body.y + ctx->header.height;
  ctx->plot.width = ctx->header.width;
  ctx->plot.height = MAX (body.height - ctx->header.height, 0);
  ctx->gutter.y = ctx->plot.y;
  ctx->gutter.height = ctx->plot.height;
  ctx->lanes_top = ctx->plot.y - (isfinite (view->scroll_y) ? view->scroll_y : 0);
  ctx->draw_top = ctx->plot.y;
  ctx->draw_bottom = ctx->plot.y + ctx->plot.height;

  ctx->px_per_s = MAX (ctx->plot.width, 1) / (ctx->end - ctx->start);
}

void
annals_render_ctx_clear (AnnalsRenderCtx *ctx)
{
  annals_render_raster_end (ctx);
  annals_render_free_stamps (ctx);
  annals_render_free_furniture (ctx);
  g_clear_object (&ctx->text);
  g_clear_object (&ctx->pango);
  g_clear_pointer (&ctx->font, pango_font_description_free);
  g_clear_pointer (&ctx->font_bold, pango_font_description_free);
  g_clear_pointer (&ctx->font_small, pango_font_description_free);
  g_clear_pointer (&ctx->font_small_bold, pango_font_description_free);
}

/* Public API */

/**
 * annals_renderer_draw:
 * @cr: any cairo context; user units are logical pixels
 * @layout: what to draw
 * @view: the viewport, theme and flags
 *
 * Draws one frame. The cost depends on what is visible, not on the size of
 * the dataset.
 */
void
annals_renderer_draw (cairo_t          *cr,
                      AnnalsLayout     *layout,
                      const AnnalsView *view)
{
  AnnalsRenderCtx ctx;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (layout != NULL);
  g_return_if_fail (view != NULL);

  if (view->width <= 0 || view->height <= 0)
    return;

  annals_render_ctx_init (&ctx, layout, view, cr, TRUE);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, view->width, view->height);
  cairo_clip (cr);

  if (!(view->flags & ANNALS_RENDER_NO_STATIC))
    {
      /* The background and the plot, on all cores when they can be. */
      if (!annals_render_draw_bands (&ctx))
        {
          annals_render_set_color (cr, &ctx.theme->background, 1);
          cairo_paint (cr);
          if (ctx.furniture)
            annals_render_draw_furniture (&ctx);
          annals_render_draw_plot (&ctx);
        }

      if (ctx.plot.width > 0 && ctx.plot.height > 0)
        {
          cairo_save (cr);
          cairo_rectangle (cr, ctx.plot.x, ctx.plot.y, ctx.plot.width, ctx.plot.height);
          cairo_clip (cr);
          annals_render_draw_overflow (&ctx);
          cairo_restore (cr);
        }

      if (ctx.header.width > 0 && ctx.header.height > 0)
        annals_render_draw_axis (&ctx);
      annals_render_draw_as_of_tag (&ctx);
      annals_render_draw_gutter (&ctx);
    }

  if (!(view->flags & ANNALS_RENDER_NO_OVERLAY) && ctx.plot.width > 0 && ctx.plot.height > 0)
    annals_render_draw_overlay (&ctx);

  cairo_restore (cr);
  annals_render_ctx_clear (&ctx);
}

/**
 * annals_renderer_get_plot_area:
 * @area: (out): where time maps to x, below the header and right of the gutter
 */
void
annals_renderer_get_plot_area (AnnalsLayout     *layout,
                               const AnnalsView *view,
                               AnnalsRect       *area)
{
  AnnalsRenderCtx ctx;

  g_return_if_fail (layout != NULL);
  g_return_if_fail (view != NULL);
  g_return_if_fail (area != NULL);

  annals_render_ctx_init (&ctx, layout, view, NULL, FALSE);
  *area = ctx.plot;
  annals_render_ctx_clear (&ctx);
}

/**
 * annals_renderer_time_to_x:
 * @time: AnnalsTime seconds
 *
 * Returns: the x in user units where @time is drawn
 */
double
annals_renderer_time_to_x (AnnalsLayout     *layout,
                           const AnnalsView *view,
                           double            time)
{
  AnnalsRenderCtx ctx;
  double x;

  g_return_val_if_fail (layout != NULL, 0);
  g_return_val_if_fail (view != NULL, 0);

  annals_render_ctx_init (&ctx, layout, view, NULL, FALSE);
  x = annals_render_x_d (&ctx, time);
  annals_render_ctx_clear (&ctx);

  return x;
}

/**
 * annals_renderer_x_to_time:
 *
 * Returns: the AnnalsTime seconds drawn at @x (user units)
 */
double
annals_renderer_x_to_time (AnnalsLayout     *layout,
                           const AnnalsView *view,
                           double            x)
{
  AnnalsRenderCtx ctx;
  double time;

  g_return_val_if_fail (layout != NULL, 0);
  g_return_val_if_fail (view != NULL, 0);

  annals_render_ctx_init (&ctx, layout, view, NULL, FALSE);
  time = ctx.start + (x - ctx.plot.x) / ctx.px_per_s;
  annals_render_ctx_clear (&ctx);

  return time;
}

/**
 * annals_renderer_get_content_height:
 *
 * Returns: the height all lanes take, user units; scroll_y runs from 0 to
 *   this minus the plot height
 */
double
annals_renderer_get_content_height (AnnalsLayout     *layout,
                                    const AnnalsView *view)
{
  AnnalsRenderCtx ctx;
  double h;

  g_return_val_if_fail (layout != NULL, 0);
  g_return_val_if_fail (view != NULL, 0);

  annals_render_ctx_init (&ctx, layout, view, NULL, FALSE);
  h = annals_render_content_h (&ctx);
  annals_render_ctx_clear (&ctx);

  return h;
}

/* The row under @y, or -1 in a gap, a chart or outside the lanes. */
static gint
row_at (const AnnalsRenderCtx *ctx,
        double                 y)
{
  const AnnalsLane *lane;
  guint index;
  double top;
  double offset;
  guint local;

  if (annals_layout_get_n_lanes (ctx->layout) == 0)
    return -1;

  index = lane_at (ctx, y);
  lane = annals_layout_get_lane (ctx->layout, index);
  top = annals_render_lane_y (ctx, index) + ctx->lane_gap / 2;
  offset = y - top;
  if (offset < 0 || offset >= lane->n_rows * ctx->row_h)
    return -1;

  local = (guint) (offset / ctx->row_h);
  if (lane->kind == ANNALS_TRACK_QUANTITY && local < ANNALS_LAYOUT_CHART_ROWS)
    return -1;

  return lane->first_row + local;
}

/**
 * annals_renderer_pick:
 * @x: user units
 * @y: user units
 *
 * Returns: the event whose mark or bar is drawn at (@x, @y), or -1 (also
 *   over a density mark, which stands for many events)
 */
gint
annals_renderer_pick (AnnalsLayout     *layout,
                      const AnnalsView *view,
                      double            x,
                      double            y)
{
  AnnalsRenderCtx ctx;
  gint row;
  gint event = -1;

  g_return_val_if_fail (layout != NULL, -1);
  g_return_val_if_fail (view != NULL, -1);

  annals_render_ctx_init (&ctx, layout, view, NULL, FALSE);

  if (x >= ctx.plot.x && x < ctx.plot.x + ctx.plot.width
      && y >= ctx.plot.y && y < ctx.plot.y + ctx.plot.height)
    {
      row = row_at (&ctx, y);
      if (row >= 0)
        event = annals_render_pick_row (&ctx, row, x, y);
    }

  annals_render_ctx_clear (&ctx);

  return event;
}

/**
 * annals_renderer_get_event_rect:
 * @rect: (out): the mark or bar of @event, user units
 *
 * Returns: FALSE when @event is filtered out
 */
gboolean
annals_renderer_get_event_rect (AnnalsLayout     *layout,
                                const AnnalsView *view,
                                guint             event,
                                AnnalsRect       *rect)
{
  AnnalsRenderCtx ctx;
  AnnalsEventGeometry geometry;
  gint row;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  row = annals_layout_get_event_row (layout, event);
  if (row < 0)
    return FALSE;

  annals_render_ctx_init (&ctx, layout, view, NULL, FALSE);
  annals_render_event_geometry (&ctx, event, row, &geometry);
  rect->x = geometry.x;
  rect->y = geometry.y;
  rect->width = geometry.width;
  rect->height = geometry.height;
  annals_render_ctx_clear (&ctx);

  return TRUE;
}

/**
 * annals_renderer_lane_at:
 * @y: user units
 *
 * Returns: the lane drawn at @y (its gutter label or its rows), or -1 above,
 *   below or between the lanes
 */
gint
annals_renderer_lane_at (AnnalsLayout     *layout,
                         const AnnalsView *view,
                         double            y)
{
  AnnalsRenderCtx ctx;
  gint lane = -1;

  g_return_val_if_fail (layout != NULL, -1);
  g_return_val_if_fail (view != NULL, -1);

  annals_render_ctx_init (&ctx, layout, view, NULL, FALSE);

  if (y >= ctx.plot.y && y < ctx.plot.y + ctx.plot.height
      && annals_layout_get_n_lanes (layout) > 0)
    {
      guint index = lane_at (&ctx, y);
      const AnnalsLane *l = annals_layout_get_lane (layout, index);
      double top = annals_render_lane_y (&ctx, index);

      if (y >= top && y < top + l->n_rows * ctx.row_h + ctx.lane_gap)
        lane = index;
    }

  annals_render_ctx_clear (&ctx);

  return lane;
}

/**
 * annals_renderer_get_natural_height:
 *
 * The height at which @view (its width and flags) shows every lane at the
 * theme's row height: furniture, header and all lanes. For exports sized to
 * their content.
 *
 * Returns: user units
 */
double
annals_renderer_get_natural_height (AnnalsLayout     *layout,
                                    const AnnalsView *view)
{
  AnnalsRenderCtx ctx;
  AnnalsView tall;
  double height;

  g_return_val_if_fail (layout != NULL, 0);
  g_return_val_if_fail (view != NULL, 0);

  /* Nothing above or below the lanes depends on the height. */
  tall = *view;
  tall.height = 100000;
  annals_render_ctx_init (&ctx, layout, &tall, NULL, FALSE);
  height = ctx.header.y + ctx.header.height
           + annals_layout_get_n_rows (layout) * MAX (ctx.theme->row_height, 8)
           + (annals_layout_get_n_lanes (layout) + 1) * MAX (ctx.theme->lane_gap, 0)
           + 2;
  if (ctx.furniture)
    height += (ctx.footer_area.height > 0 ? 24 + ctx.footer_area.height : 0) + ctx.margin;
  annals_render_ctx_clear (&ctx);

  return ceil (height);
}
