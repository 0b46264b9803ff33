/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include <math.h>
#include <string.h>

#include "annals-render-private.h"

/* How one event looks. Statuses are told apart without colour: fill (solid,
 * tint, none), pattern (hatch, cross-hatch), outline (solid, dashed, dotted,
 * ring) and a strike-through, the same on bars, dots and diamonds, and named
 * in the legend. Uncertainty is drawn on top: fades where a date is
 * approximate or a span ongoing, a dashed extension for a proposed end,
 * whiskers where earliest / latest bounds say more than the date itself. */

/* fill, pattern, outline, strike-through */
static const AnnalsStatusStyle status_styles[ANNALS_N_STATUSES] = {
  [ANNALS_STATUS_CONFIRMED] = { ANNALS_FILL_SOLID, ANNALS_PATTERN_NONE, ANNALS_LINE_NONE, 0 },
  [ANNALS_STATUS_REPORTED] = { ANNALS_FILL_TINT, ANNALS_PATTERN_HATCH, ANNALS_LINE_SOLID, 0 },
  [ANNALS_STATUS_PROPOSED] = { ANNALS_FILL_TINT, ANNALS_PATTERN_NONE, ANNALS_LINE_DASHED, 0 },
  [ANNALS_STATUS_DISPUTED] = { ANNALS_FILL_TINT, ANNALS_PATTERN_CROSS, ANNALS_LINE_SOLID, 0 },
  [ANNALS_STATUS_DENIED] = { ANNALS_FILL_NONE, ANNALS_PATTERN_NONE, ANNALS_LINE_DOTTED, 1 },
  [ANNALS_STATUS_CANCELLED] = { ANNALS_FILL_TINT, ANNALS_PATTERN_NONE, ANNALS_LINE_SOLID, 1 },
  [ANNALS_STATUS_ACTIVE] = { ANNALS_FILL_SOLID, ANNALS_PATTERN_NONE, ANNALS_LINE_RING, 0 },
  [ANNALS_STATUS_ENDED] = { ANNALS_FILL_TINT, ANNALS_PATTERN_NONE, ANNALS_LINE_SOLID, 0 },
};

const AnnalsStatusStyle *
annals_render_status_style (guint status)
{
  return &status_styles[status < ANNALS_N_STATUSES ? status : ANNALS_STATUS_CONFIRMED];
}

double
annals_render_tint_alpha (const AnnalsRenderCtx *ctx,
                          guint                  status)
{
  double base = ctx->theme->variant == ANNALS_THEME_DARK ? 0.34 : 0.22;

  return status == ANNALS_STATUS_PROPOSED ? base * 0.6 : base;
}

guint
annals_render_event_type (const AnnalsEvent *event)
{
  return event->type <= ANNALS_EVENT_MILESTONE ? event->type : ANNALS_EVENT_INSTANT;
}

/* Geometry */

static AnnalsTime
mark_time (const AnnalsEvent *event)
{
  const AnnalsEventDetail *detail = event->detail;
  AnnalsTime lo = event->start.time;
  AnnalsTime hi = annals_date_end_time (&event->start);

  /* The middle of where it may have happened: its bounds when given, else the
   * period its date names (a year-precision instant sits mid-year). */
  if (detail != NULL && annals_date_is_set (&detail->start_earliest))
    lo = detail->start_earliest.time;
  if (detail != NULL && annals_date_is_set (&detail->start_latest))
    hi = annals_date_end_time (&detail->start_latest);
  if (hi <= lo)
    return lo;

  return lo + (hi - lo) / 2;
}

static double
mark_radius (const AnnalsRenderCtx *ctx,
             guint                  type)
{
  return type == ANNALS_EVENT_MILESTONE ? ctx->bar_h * 0.48 : ctx->bar_h * 0.34;
}

void
annals_render_event_geometry (const AnnalsRenderCtx *ctx,
                              guint                  event,
                              guint                  row,
                              AnnalsEventGeometry   *g)
{
  const AnnalsEvent *e = &ctx->timeline->events[event];
  guint type = annals_render_event_type (e);
  double row_y = annals_render_row_y (ctx, row);

  g->cy = row_y + ctx->row_h / 2;
  g->y = g->cy - ctx->bar_h / 2;
  g->height = ctx->bar_h;

  if (type == ANNALS_EVENT_SPAN)
    {
      AnnalsTime end = annals_event_end_time (e, ctx->timeline,
                                              annals_layout_get_open_end (ctx->layout));
      double x0 = annals_render_x (ctx, e->start.time);
      double x1 = annals_render_x (ctx, end);

      g->x = x0;
      g->width = MAX (x1 - x0, 2.0);
      g->cx = x0 + g->width / 2;
      g->r = 0;
    }
  else
    {
      g->r = mark_radius (ctx, type);
      g->cx = annals_render_x (ctx, mark_time (e));
      g->x = g->cx - g->r;
      g->width = 2 * g->r;
      g->y = g->cy - g->r;
      g->height = 2 * g->r;
    }
}

void
annals_render_span_parts (const AnnalsRenderCtx     *ctx,
                          const AnnalsEvent         *e,
                          const AnnalsEventGeometry *g,
                          AnnalsSpanParts           *p)
{
  const AnnalsEventDetail *detail = e->detail;
  double w = g->width;
  double half;

  if (annals_render_event_type (e) != ANNALS_EVENT_SPAN)
    {
      /* A mark: only its whisker, where bounds say more than its date. */
      memset (p, 0, sizeof *p);
      p->x0 = p->core0 = p->fade_in1 = g->x;
      p->x1 = p->core1 = p->fade_out0 = p->dash0 = g->x + g->width;
      if (detail != NULL
          && ((annals_date_is_set (&detail->start_earliest)
               && detail->start_earliest.time != e->start.time)
              || (annals_date_is_set (&detail->start_latest)
                  && annals_date_end_time (&detail->start_latest)
                     != annals_date_end_time (&e->start))))
        {
          double w0 = annals_render_x (ctx, annals_date_is_set (&detail->start_earliest)
                                            ? detail->start_earliest.time : e->start.time);
          double w1 = annals_render_x (ctx, annals_date_is_set (&detail->start_latest)
                                            ? annals_date_end_time (&detail->start_latest)
                                            : annals_date_end_time (&e->start));

          if (w1 - w0 > g->width + 2)
            {
              p->whisker[0][0] = w0;
              p->whisker[0][1] = w1;
            }
        }
      return;
    }

  p->x0 = g->x;
  p->x1 = g->x + w;
  p->core0 = p->x0;
  p->core1 = p->x1;
  p->fade_in1 = p->x0;
  p->fade_out0 = p->x1;
  p->dash0 = p->x1;
  p->whisker[0][0] = p->whisker[0][1] = 0;
  p->whisker[1][0] = p->whisker[1][1] = 0;
  half = w / 2;

  if (e->start.flags & ANNALS_DATE_APPROX)
    {
      double x = annals_render_x (ctx, annals_date_end_time (&e->start));

      p->fade_in1 = CLAMP (MAX (x, p->x0 + 6), p->x0, p->x0 + half);
      p->core0 = p->fade_in1;
    }

  if (!annals_date_is_set (&e->end))
    {
      /* Ongoing: fade into the as-of edge. */
      p->fade_out0 = p->x1 - MIN (48, w * 0.35);
      p->core1 = p->fade_out0;
    }
  else if (e->end.flags & ANNALS_DATE_APPROX)
    {
      double x = annals_render_x (ctx, e->end.time);

      p->fade_out0 = CLAMP (MIN (x, p->x1 - 6), p->x1 - half, p->x1);
      p->core1 = p->fade_out0;
    }

  if ((e->flags & ANNALS_EVENT_HAS_END_STATUS) && annals_date_is_set (&e->end)
      && (e->end_status == ANNALS_STATUS_PROPOSED || e->end_status == ANNALS_STATUS_REPORTED
          || e->end_status == ANNALS_STATUS_DISPUTED))
    {
      AnnalsTime end = annals_date_end_time (&e->end);
      double x;

      /* Solid up to what was true on the as-of date, dashed beyond; without
       * one, the end's own period is what is unconfirmed. */
      if (ctx->as_of_end > e->start.time && ctx->as_of_end < end)
        x = annals_render_x (ctx, ctx->as_of_end);
      else
        x = MIN (annals_render_x (ctx, e->end.time), p->x1 - MIN (24, w / 3));
      p->dash0 = CLAMP (x, p->core0, p->x1);
      p->core1 = MIN (p->core1, p->dash0);
      p->fade_out0 = MAX (p->fade_out0, p->dash0);
    }

  /* Whiskers where bounds say more than the date's own period does. */
  if (detail != NULL)
    {
      if ((annals_date_is_set (&detail->start_earliest)
           && detail->start_earliest.time != e->start.time)
          || (annals_date_is_set (&detail->start_latest)
              && annals_date_end_time (&detail->start_latest) != annals_date_end_time (&e->start)))
        {
          p->whisker[0][0] = annals_date_is_set (&detail->start_earliest)
                             ? annals_render_x (ctx, detail->start_earliest.time) : p->x0;
          p->whisker[0][1] = annals_date_is_set (&detail->start_latest)
                             ? annals_render_x (ctx, annals_date_end_time (&detail->start_latest))
                             : p->x0;
        }
      if (annals_date_is_set (&e->end)
          && ((annals_date_is_set (&detail->end_earliest)
               && detail->end_earliest.time != e->end.time)
              || (annals_date_is_set (&detail->end_latest)
                  && annals_date_end_time (&detail->end_latest) != annals_date_end_time (&e->end))))
        {
          p->whisker[1][0] = annals_date_is_set (&detail->end_earliest)
                             ? annals_render_x (ctx, detail->end_earliest.time) : p->x1;
          p->whisker[1][1] = annals_date_is_set (&detail->end_latest)
                             ? annals_render_x (ctx, annals_date_end_time (&detail->end_latest))
                             : p->x1;
        }
    }
}

/* Shapes */

void
annals_render_bar_path (const AnnalsRenderCtx *ctx,
                        double                 x0,
                        double                 x1,
                        double                 y,
                        double                 h,
                        double                 r,
                        gboolean               round_left,
                        gboolean               round_right)
{
  cairo_t *cr = ctx->cr;
  double w;

  /* A cut end lies outside the visible plot: its corners need no rounding. */
  if (x0 < ctx->clamp_left)
    {
      x0 = ctx->clamp_left;
      round_left = FALSE;
    }
  if (x1 > ctx->clamp_right)
    {
      x1 = ctx->clamp_right;
      round_right = FALSE;
    }
  if (x1 <= x0)
    return;
  w = x1 - x0;

  r = MIN (r, MIN (w / 2, h / 2));
  if (r < 0.5 || (!round_left && !round_right))
    {
      cairo_rectangle (cr, x0, y, w, h);
      return;
    }

  cairo_new_sub_path (cr);
  if (round_right)
    {
      cairo_arc (cr, x1 - r, y + r, r, -G_PI_2, 0);
      cairo_arc (cr, x1 - r, y + h - r, r, 0, G_PI_2);
    }
  else
    {
      cairo_line_to (cr, x1, y);
      cairo_line_to (cr, x1, y + h);
    }
  if (round_left)
    {
      cairo_arc (cr, x0 + r, y + h - r, r, G_PI_2, G_PI);
      cairo_arc (cr, x0 + r, y + r, r, G_PI, 3 * G_PI_2);
    }
  else
    {
      cairo_line_to (cr, x0, y + h);
      cairo_line_to (cr, x0, y);
    }
  cairo_close_path (cr);
}

void
annals_render_mark_path (cairo_t         *cr,
                         AnnalsEventType  type,
                         double           cx,
                         double           cy,
                         double           r)
{
  cairo_new_sub_path (cr);
  if (type == ANNALS_EVENT_MILESTONE)
    {
      cairo_move_to (cr, cx, cy - r);
      cairo_line_to (cr, cx + r, cy);
      cairo_line_to (cr, cx, cy + r);
      cairo_line_to (cr, cx - r, cy);
      cairo_close_path (cr);
    }
  else
    {
      cairo_arc (cr, cx, cy, r, 0, 2 * G_PI);
      cairo_close_path (cr);
    }
}

void
annals_render_set_line (cairo_t *cr,
                        guint    line)
{
  static const double dashed[] = { 4.0, 3.0 };
  static const double dotted[] = { 0.1, 3.0 };

  cairo_set_line_width (cr, line == ANNALS_LINE_RING ? 2.0 : 1.5);
  switch (line)
    {
    case ANNALS_LINE_DASHED:
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
      cairo_set_dash (cr, dashed, G_N_ELEMENTS (dashed), 0);
      break;
    case ANNALS_LINE_DOTTED:
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_dash (cr, dotted, G_N_ELEMENTS (dotted), 0);
      break;
    default:
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
      cairo_set_dash (cr, NULL, 0, 0);
      break;
    }
}

void
annals_render_draw_strike (AnnalsRenderCtx *ctx,
                           double           x0,
                           double           x1,
                           double           y,
                           double           alpha)
{
  cairo_t *cr = ctx->cr;

  x0 = MAX (x0, ctx->clamp_left);
  x1 = MIN (x1, ctx->clamp_right);
  if (x1 <= x0)
    return;

  if (ctx->raster.image != NULL)
    {
      /* A butt-capped horizontal line is a rectangle. */
      annals_render_raster_rect (ctx, x0, y - 0.75, x1, y + 0.75, &ctx->theme->foreground,
                                 alpha * 0.85);
      return;
    }

  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, NULL, 0, 0);
  annals_render_set_color (cr, &ctx->theme->foreground, alpha * 0.85);
  cairo_move_to (cr, x0, y);
  cairo_line_to (cr, x1, y);
  cairo_stroke (cr);
}

static void
draw_whisker (AnnalsRenderCtx *ctx,
              double           x0,
              double           x1,
              double           cy,
              double           alpha)
{
  cairo_t *cr = ctx->cr;
  double cap = MIN (ctx->bar_h * 0.5, 8);

  if (x1 - x0 < 3)
    return;
  x0 = MAX (x0, ctx->clamp_left);
  x1 = MIN (x1, ctx->clamp_right);

  if (ctx->raster.image != NULL)
    {
      const double d = 1.25 / 2;
      const AnnalsRgba *c = &ctx->theme->dim_foreground;

      /* The stroke's three butt-capped lines as rectangles, the bar between
       * the ticks so that no pixel is painted twice. */
      annals_render_raster_rect (ctx, x0 + d, cy - d, x1 - d, cy + d, c, alpha);
      annals_render_raster_rect (ctx, x0 - d, cy - cap / 2, x0 + d, cy + cap / 2, c, alpha);
      annals_render_raster_rect (ctx, x1 - d, cy - cap / 2, x1 + d, cy + cap / 2, c, alpha);
      return;
    }

  cairo_set_line_width (cr, 1.25);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  annals_render_set_color (cr, &ctx->theme->dim_foreground, alpha);
  cairo_move_to (cr, x0, cy);
  cairo_line_to (cr, x1, cy);
  cairo_move_to (cr, x0, cy - cap / 2);
  cairo_line_to (cr, x0, cy + cap / 2);
  cairo_move_to (cr, x1, cy - cap / 2);
  cairo_line_to (cr, x1, cy + cap / 2);
  cairo_stroke (cr);
}

/* Fades on the raster are stamps: a gradient is the dearest fill there is
 * (every pixel interpolated), and a frame of ongoing and approximate spans
 * has dozens, most of a few widths. The coverage of a fade of one width and
 * height (its ramp times its rounded end) is a stamp; a colour composited
 * through it gives the gradient's pixels. */

#define FADE_MAX_WIDTH  1024             /* wider fades are drawn as gradients */
#define FADE_FAINT      0.06             /* what is left at the faint end */

typedef struct
{
  int      width;
  int      height;
  gboolean out;                          /* full on the left, faint on the right */
} FadeShape;

static void
draw_fade_stamp (cairo_t       *cr,
                 gconstpointer  data)
{
  const FadeShape *f = data;
  cairo_pattern_t *gradient;
  double r = MIN (4, MIN (f->width / 2.0, f->height / 2.0));
  double w = f->width;
  double h = f->height;

  gradient = cairo_pattern_create_linear (f->out ? 0 : w, 0, f->out ? w : 0, 0);
  cairo_pattern_add_color_stop_rgba (gradient, 0, 0, 0, 0, 1);
  cairo_pattern_add_color_stop_rgba (gradient, 1, 0, 0, 0, FADE_FAINT);
  /* The bar's outline with its faint end rounded, as annals_render_bar_path()
   * traces it. */
  cairo_new_sub_path (cr);
  if (f->out)
    {
      cairo_arc (cr, w - r, r, r, -G_PI_2, 0);
      cairo_arc (cr, w - r, h - r, r, 0, G_PI_2);
      cairo_line_to (cr, 0, h);
      cairo_line_to (cr, 0, 0);
    }
  else
    {
      cairo_line_to (cr, w, 0);
      cairo_line_to (cr, w, h);
      cairo_arc (cr, r, h - r, r, G_PI_2, G_PI);
      cairo_arc (cr, r, r, r, G_PI, 3 * G_PI_2);
    }
  cairo_close_path (cr);
  cairo_set_source (cr, gradient);
  cairo_fill (cr);
  cairo_pattern_destroy (gradient);
}

/* A horizontal fade of @color between full at @from_x and faint at @to_x. */
static void
draw_fade (AnnalsRenderCtx        *ctx,
           const AnnalsRenderItem *item,
           double                  from_x,
           double                  to_x)
{
  cairo_t *cr = ctx->cr;
  const AnnalsStatusStyle *style = annals_render_status_style (item->status);
  const AnnalsEventGeometry *g = &item->geometry;
  double alpha = (item->dim ? 0.3 : 1.0)
                 * (style->fill == ANNALS_FILL_SOLID
                    ? 1.0 : MAX (annals_render_tint_alpha (ctx, item->status), 0.3));
  cairo_pattern_t *gradient;
  double x0 = MIN (from_x, to_x);
  double x1 = MAX (from_x, to_x);

  if (x1 - x0 < 0.5)
    return;

  if (ctx->raster.image != NULL)
    {
      /* On whole pixels, as the bar's body is (prepare_boxes()); a fade cut
       * by the view's edge keeps its ramp, only its cut end is not drawn. */
      double sx0 = round (x0);
      double sx1 = round (x1);
      double sy0 = round (g->y + 0.75);
      double sy1 = round (g->y + g->height - 0.75);
      AnnalsRgba opaque = item->color;

      opaque.a = 1;
      /* Out of view: nothing to draw (and no pixel position to take). */
      if (sx1 <= ctx->clamp_left || sx0 >= ctx->clamp_right)
        return;
      if (sx1 - sx0 >= 1 && sx1 - sx0 <= FADE_MAX_WIDTH && sy1 - sy0 >= 1)
        {
          FadeShape f = { (int) (sx1 - sx0), (int) (sy1 - sy0), from_x < to_x };
          char key[64];

          g_snprintf (key, sizeof key, "fade:%d:%d:%d", f.width, f.height, f.out);
          annals_render_raster_mask (ctx, annals_render_raster_stamp (key, f.width, f.height,
                                                                      draw_fade_stamp, &f, NULL),
                                     (int) sx0, (int) sy0, NULL, &opaque, alpha);
          return;
        }
    }

  gradient = cairo_pattern_create_linear (from_x, 0, to_x, 0);
  cairo_pattern_add_color_stop_rgba (gradient, 0, item->color.r, item->color.g, item->color.b,
                                     alpha);
  cairo_pattern_add_color_stop_rgba (gradient, 1, item->color.r, item->color.g, item->color.b,
                                     alpha * 0.06);
  annals_render_bar_path (ctx, x0, x1, g->y + 0.75, g->height - 1.5, 4, from_x > to_x,
                          from_x < to_x);
  cairo_set_source (cr, gradient);
  cairo_fill (cr);
  cairo_pattern_destroy (gradient);
}

static void
draw_dashed_extension (AnnalsRenderCtx        *ctx,
                       const AnnalsRenderItem *item)
{
  cairo_t *cr = ctx->cr;
  const AnnalsEventGeometry *g = &item->geometry;
  const AnnalsSpanParts *p = &item->parts;
  double alpha = item->dim ? 0.3 : 1.0;

  if (p->x1 - p->dash0 < 1)
    return;

  annals_render_bar_path (ctx, p->dash0, p->x1, g->y + 0.75, g->height - 1.5, 4, FALSE, TRUE);
  annals_render_set_color (cr, &item->color,
                           alpha * annals_render_tint_alpha (ctx, ANNALS_STATUS_PROPOSED));
  cairo_fill_preserve (cr);
  annals_render_set_line (cr, ANNALS_LINE_DASHED);
  annals_render_set_color (cr, &item->color, alpha);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

/* The body of an item (its core for spans), cut to the visible range. FALSE
 * when nothing of it is left. */
gboolean
annals_render_item_shape (const AnnalsRenderCtx  *ctx,
                          const AnnalsRenderItem *item,
                          AnnalsShape            *shape)
{
  const AnnalsEventGeometry *g = &item->geometry;

  memset (shape, 0, sizeof *shape);
  shape->type = item->type;

  if (item->type != ANNALS_EVENT_SPAN)
    {
      shape->cx = g->cx;
      shape->cy = g->cy;
      shape->r = g->r;
      return TRUE;
    }

  shape->x0 = item->parts.core0;
  shape->x1 = item->parts.core1;
  shape->y = g->y + 0.75;
  shape->h = g->height - 1.5;
  shape->round_left = shape->x0 <= item->parts.x0;
  shape->round_right = shape->x1 >= item->parts.x1;
  /* A side that goes on into a fade or a dashed end stays open. */
  shape->cut_left = !shape->round_left;
  shape->cut_right = !shape->round_right;
  if (shape->x0 < ctx->clamp_left)
    {
      shape->x0 = ctx->clamp_left;
      shape->round_left = FALSE;
      shape->cut_left = TRUE;
    }
  if (shape->x1 > ctx->clamp_right)
    {
      shape->x1 = ctx->clamp_right;
      shape->round_right = FALSE;
      shape->cut_right = TRUE;
    }
  shape->r = MIN (4, MIN ((shape->x1 - shape->x0) / 2, shape->h / 2));

  return shape->x1 - shape->x0 >= 0.5;
}

#define PILL_MAX_WIDTH 1024

static void
draw_pill_stamp (cairo_t       *cr,
                 gconstpointer  data)
{
  const int *size = data;

  annals_render_rounded_rect (cr, 0, 0, size[0], size[1], size[1] / 2.0);
  cairo_fill (cr);
}

/* What is drawn under an item: the period of an instant, whiskers. */
void
annals_render_draw_under (AnnalsRenderCtx        *ctx,
                          const AnnalsRenderItem *item)
{
  const AnnalsEvent *e = &ctx->timeline->events[item->event];
  const AnnalsEventGeometry *g = &item->geometry;
  double alpha = item->dim ? 0.3 : 1.0;

  if (item->type == ANNALS_EVENT_SPAN)
    {
      for (guint k = 0; k < 2; k++)
        if (item->parts.whisker[k][1] > item->parts.whisker[k][0])
          draw_whisker (ctx, item->parts.whisker[k][0], item->parts.whisker[k][1],
                        g->cy, alpha);
      return;
    }

  {
    double x0 = annals_render_x (ctx, e->start.time);
    double x1 = annals_render_x (ctx, annals_date_end_time (&e->start));

    /* A date's whole period, when it is wider than the mark: "2018" is a year. */
    if (x1 - x0 >= 2 * g->r + 6 && (x1 <= ctx->clamp_left || x0 >= ctx->clamp_right))
      {
        /* Out of view. */
      }
    else if (x1 - x0 >= 2 * g->r + 6 && ctx->raster.image != NULL
             && round (x1) - round (x0) <= PILL_MAX_WIDTH)
      {
        double h = ctx->bar_h * 0.5;
        double px0 = round (x0);
        double py0 = round (g->cy - h / 2);
        int pill[2] = { (int) (round (x1) - px0), (int) (round (g->cy + h / 2) - py0) };
        char key[48];

        /* A stamp on whole pixels: the same pill is drawn for every date of
         * a precision at a zoom. */
        g_snprintf (key, sizeof key, "pill:%d:%d", pill[0], pill[1]);
        annals_render_raster_mask (ctx, annals_render_raster_stamp (key, pill[0], pill[1],
                                                                    draw_pill_stamp, pill, NULL),
                                   (int) px0, (int) py0, NULL, &item->color, alpha * 0.16);
      }
    else if (x1 - x0 >= 2 * g->r + 6)
      {
        cairo_t *cr = ctx->cr;
        double h = ctx->bar_h * 0.5;

        annals_render_rounded_rect (cr, x0, g->cy - h / 2, x1 - x0, h, h / 2);
        annals_render_set_color (cr, &item->color, alpha * 0.16);
        cairo_fill (cr);
      }

    if (item->parts.whisker[0][1] > item->parts.whisker[0][0])
      draw_whisker (ctx, item->parts.whisker[0][0], item->parts.whisker[0][1], g->cy, alpha);
  }
}

/* What is drawn over an item's body: fades, dashed end, strike. */
void
annals_render_draw_over (AnnalsRenderCtx        *ctx,
                         const AnnalsRenderItem *item)
{
  const AnnalsEventGeometry *g = &item->geometry;
  double alpha = item->dim ? 0.3 : 1.0;

  if (item->type == ANNALS_EVENT_SPAN)
    {
      const AnnalsSpanParts *p = &item->parts;

      if (p->fade_in1 > p->x0)
        draw_fade (ctx, item, p->fade_in1, p->x0);
      if (p->fade_out0 < p->x1 && p->dash0 >= p->x1)
        draw_fade (ctx, item, p->fade_out0, p->x1);
      if (p->dash0 < p->x1)
        draw_dashed_extension (ctx, item);
      if (annals_render_status_style (item->status)->strike)
        annals_render_draw_strike (ctx, p->x0, p->x1, g->cy, alpha);
    }
  else if (annals_render_status_style (item->status)->strike)
    annals_render_draw_strike (ctx, g->cx - g->r - 3, g->cx + g->r + 3, g->cy, alpha);
}

/* Legend support */

void
annals_render_status_swatch (AnnalsRenderCtx  *ctx,
                             AnnalsStatus      status,
                             const AnnalsRgba *color,
                             double            x,
                             double            y,
                             double            w,
                             double            h)
{
  AnnalsShape shape = { 0 };

  shape.type = ANNALS_EVENT_SPAN;
  shape.x0 = x;
  shape.x1 = x + w;
  shape.y = y + 0.75;
  shape.h = h - 1.5;
  shape.r = 3.5;
  shape.round_left = shape.round_right = TRUE;
  annals_render_paint_shapes (ctx, status, color, 1, &shape, 1);
  if (annals_render_status_style (status)->strike)
    annals_render_draw_strike (ctx, x - 2, x + w + 2, y + h / 2, 1);
  cairo_set_dash (ctx->cr, NULL, 0, 0);
}
