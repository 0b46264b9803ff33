/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "annals-render-private.h"

/* The time axis over the plot, the grid in it, era bands and the as-of line.
 * The step is the finest of the ladder whose labels, as measured, fit their
 * spacing; labels that would still touch are dropped, never overlapped. */

#define MIN_TICK_SPACING 36.0
#define LABEL_PAD        12.0
#define MAX_TICKS        600

static double
tick_label_width (AnnalsRenderCtx      *ctx,
                  const AnnalsAxisStep *step,
                  AnnalsTime            tick)
{
  char buf[128];
  double w;

  annals_axis_format (step, ANNALS_AXIS_LABEL_MINOR, tick, buf, sizeof buf);
  annals_render_measure_cached (ctx, ctx->font_small, buf, &w, NULL);

  return w;
}

static void
ensure_steps (AnnalsRenderCtx *ctx)
{
  double spp = 1.0 / ctx->px_per_s;
  guint index;
  guint n = annals_axis_get_n_steps ();

  if (ctx->has_steps)
    return;
  ctx->has_steps = TRUE;
  annals_render_ensure_text (ctx);

  index = annals_axis_choose_step (spp, MIN_TICK_SPACING);
  for (; index < n; index++)
    {
      const AnnalsAxisStep *step = annals_axis_get_step (index);
      double spacing = annals_axis_step_seconds (step) * ctx->px_per_s;
      AnnalsTime tick = annals_axis_floor (step, (AnnalsTime) floor (ctx->start));
      double widest = 0;

      /* Months are 28 to 31 days: allow for the shortest. */
      if (step->unit == ANNALS_AXIS_MONTH)
        spacing *= 28.0 / 30.44;

      /* A few labels in view stand for all: widths vary little along an axis,
       * and drawing drops any that would still collide. */
      for (guint k = 0; k < 6 && (double) tick <= ctx->end; k++)
        {
          widest = MAX (widest, tick_label_width (ctx, step, tick));
          tick = annals_axis_next (step, tick);
        }
      widest = MAX (widest, tick_label_width (ctx, step, tick));

      if (spacing >= widest + LABEL_PAD)
        break;
    }

  ctx->minor_step = *annals_axis_get_step (MIN (index, n - 1));
  annals_axis_get_major (&ctx->minor_step, &ctx->major_step);
}

/* Grid lines in the plot, under the events: hairlines filled as 1-unit
 * boxes on whole units, which cairo draws without the stroker (a dozen
 * full-height strokes cost as much as all the events of a frame). */
void
annals_render_draw_grid (AnnalsRenderCtx *ctx)
{
  cairo_t *cr = ctx->cr;
  double top = ctx->plot.y;
  double height = ctx->plot.height;
  AnnalsTime tick;
  guint lane_first;
  guint lane_last;

  ensure_steps (ctx);

  /* Whole-pixel lines: on the raster, boxes filled straight onto the pixels,
   * without cairo rasterising the plot's height for each fill. */
  cairo_new_path (cr);
  tick = annals_axis_floor (&ctx->minor_step, (AnnalsTime) floor (ctx->start));
  for (guint k = 0; k < MAX_TICKS && (double) tick <= ctx->end; k++)
    {
      double x = round (annals_render_x (ctx, tick));

      if (ctx->raster.image != NULL)
        annals_render_raster_rect (ctx, x, top, x + 1, top + height, &ctx->theme->grid, 0.7);
      else
        cairo_rectangle (cr, x, top, 1, height);
      tick = annals_axis_next (&ctx->minor_step, tick);
    }
  annals_render_set_color (cr, &ctx->theme->grid, 0.7);
  cairo_fill (cr);

  tick = annals_axis_floor (&ctx->major_step, (AnnalsTime) floor (ctx->start));
  for (guint k = 0; k < MAX_TICKS && (double) tick <= ctx->end; k++)
    {
      double x = round (annals_render_x (ctx, tick));

      if (ctx->raster.image != NULL)
        annals_render_raster_rect (ctx, x, top, x + 1, top + height, &ctx->theme->grid, 1.6);
      else
        cairo_rectangle (cr, x, top, 1, height);
      tick = annals_axis_next (&ctx->major_step, tick);
    }
  annals_render_set_color (cr, &ctx->theme->grid, 1.6);
  cairo_fill (cr);

  /* Lane separators. */
  annals_render_visible_lanes (ctx, &lane_first, &lane_last);
  for (guint l = MAX (lane_first, 1); l < lane_last; l++)
    cairo_rectangle (cr, ctx->plot.x, round (annals_render_lane_y (ctx, l)), ctx->plot.width, 1);
  annals_render_set_color (cr, &ctx->theme->grid, 1.4);
  cairo_fill (cr);
}

static gboolean
era_range (AnnalsRenderCtx *ctx,
           const AnnalsEra *era,
           double          *x0,
           double          *x1)
{
  AnnalsTime end;

  if (!annals_date_is_set (&era->start))
    return FALSE;

  if (annals_date_is_set (&era->end))
    end = annals_date_end_time (&era->end);
  else if (ctx->as_of_end != ANNALS_TIME_MIN)
    end = ctx->as_of_end;
  else
    end = annals_layout_get_open_end (ctx->layout);
  end = MAX (end, annals_date_end_time (&era->start));

  *x0 = annals_render_x (ctx, era->start.time);
  *x1 = annals_render_x (ctx, end);

  return *x1 > ctx->plot.x && *x0 < ctx->plot.x + ctx->plot.width;
}

static AnnalsRgba
era_color (AnnalsRenderCtx *ctx,
           const AnnalsEra *era,
           guint            index)
{
  AnnalsRgba color = era->color != ANNALS_COLOR_NONE
                     ? annals_rgba_from_color (era->color)
                     : ctx->theme->palette[index % G_N_ELEMENTS (ctx->theme->palette)];

  color.r *= ctx->theme->era_alpha.r;
  color.g *= ctx->theme->era_alpha.g;
  color.b *= ctx->theme->era_alpha.b;
  color.a = ctx->theme->era_alpha.a;

  return color;
}

/* Eras are a handful of background periods. A file with thousands of
 * overlapping ones would cost a full-height blend each, every frame
 * (400 000 took minutes): only the first ERAS_DRAWN_MAX in view are drawn. */
#define ERAS_DRAWN_MAX 256

/* Era bands across the lanes, under everything. */
void
annals_render_draw_eras (AnnalsRenderCtx *ctx)
{
  cairo_t *cr = ctx->cr;
  guint n_drawn = 0;

  for (guint i = 0; i < ctx->timeline->n_eras && n_drawn < ERAS_DRAWN_MAX; i++)
    {
      const AnnalsEra *era = &ctx->timeline->eras[i];
      AnnalsRgba color;
      double x0;
      double x1;

      if (!era_range (ctx, era, &x0, &x1))
        continue;
      n_drawn++;

      color = era_color (ctx, era, i);
      cairo_rectangle (cr, x0, ctx->plot.y, x1 - x0, ctx->plot.height);
      annals_render_set_color (cr, &color, 1);
      cairo_fill (cr);
    }
}

/* The as-of tag's box in the strip, so era labels can keep clear of it. */
static gboolean
as_of_tag (AnnalsRenderCtx *ctx,
           AnnalsRect      *rect,
           double          *line_x)
{
  char date[128];
  char text[192];
  double w;
  double h;
  double x;

  if (ctx->as_of_end == ANNALS_TIME_MIN || ctx->strip_h <= 0)
    return FALSE;

  x = annals_render_x (ctx, ctx->as_of_end);
  if (x < ctx->plot.x || x > ctx->plot.x + ctx->plot.width)
    return FALSE;

  annals_format_date (&ctx->timeline->as_of, date, sizeof date);
  /* Translators: the tag on the as-of line, with a date */
  g_snprintf (text, sizeof text, _("As of %s"), date);
  annals_render_measure (ctx, ctx->text, ctx->font_small_bold, text, &w, &h);

  rect->width = w + 12;
  rect->height = MIN (h + 4, ctx->strip_h - 2);
  rect->x = CLAMP (x - rect->width / 2, ctx->plot.x + 1,
                   ctx->plot.x + ctx->plot.width - rect->width - 1);
  rect->y = ctx->header.y + ctx->axis_major_h + ctx->axis_minor_h
            + (ctx->strip_h - rect->height) / 2;
  *line_x = x;

  return TRUE;
}

static void
draw_strip (AnnalsRenderCtx *ctx)
{
  cairo_t *cr = ctx->cr;
  double y = ctx->header.y + ctx->axis_major_h + ctx->axis_minor_h;
  AnnalsRect tag;
  double line_x;
  gboolean has_tag = as_of_tag (ctx, &tag, &line_x);
  double last_right = -G_MAXDOUBLE;
  guint n_drawn = 0;

  if (ctx->strip_h <= 0)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, ctx->plot.x, y, ctx->plot.width, ctx->strip_h);
  cairo_clip (cr);

  for (guint i = 0; i < ctx->timeline->n_eras && n_drawn < ERAS_DRAWN_MAX; i++)
    {
      const AnnalsEra *era = &ctx->timeline->eras[i];
      AnnalsRgba color;
      double x0;
      double x1;
      double lx;
      double room;
      double w;
      double h;
      int pw;

      if (!era_range (ctx, era, &x0, &x1))
        continue;
      n_drawn++;

      color = era_color (ctx, era, i);
      cairo_rectangle (cr, x0, y, x1 - x0, ctx->strip_h);
      annals_render_set_color (cr, &color, 2.2);
      cairo_fill (cr);

      if (era->label == NULL || *era->label == '\0')
        continue;

      /* The label sticks to the left of the visible band; a band too narrow
       * for it gets it on its left, reading into it. Either way it keeps
       * clear of the as-of tag and of the previous label, or is dropped. */
      annals_render_measure (ctx, ctx->text, ctx->font_small, era->label, &w, &h);
      {
        double band0 = MAX (x0, ctx->plot.x) + 6;
        double band1 = MIN (x1, ctx->plot.x + ctx->plot.width) - 6;
        double floor_x = MAX (last_right + 10, ctx->plot.x + 4);
        double ceil_x = ctx->plot.x + ctx->plot.width - 4;

        lx = MAX (band0, floor_x);
        room = band1 - lx;
        if (has_tag && tag.x < band1 && tag.x + tag.width > lx)
          {
            if (tag.x - 8 - lx >= MIN (w, 60))
              room = tag.x - 8 - lx;
            else
              {
                lx = MAX (lx, tag.x + tag.width + 8);
                room = band1 - lx;
              }
          }
        if (room < w)
          {
            double right_end = x0 - 6;

            if (has_tag && tag.x < right_end + 8)
              right_end = MIN (right_end, tag.x - 8);
            if (right_end - w >= floor_x && right_end <= ceil_x)
              {
                lx = right_end - w;
                room = w;
              }
          }
      }
      if (room < 40)
        continue;
      if (w > room)
        {
          pango_layout_set_width (ctx->text, (int) (room * PANGO_SCALE));
          pango_layout_set_ellipsize (ctx->text, PANGO_ELLIPSIZE_END);
        }
      annals_render_show_text (ctx, ctx->text, lx, y + (ctx->strip_h - h) / 2,
                               &ctx->theme->foreground, 0.9);
      pango_layout_get_size (ctx->text, &pw, NULL);
      last_right = lx + (double) pw / PANGO_SCALE;
      pango_layout_set_width (ctx->text, -1);
      pango_layout_set_ellipsize (ctx->text, PANGO_ELLIPSIZE_NONE);
    }

  cairo_restore (cr);
}

/* The axis in the header: a major row (context: "February 2026", "2020s")
 * and a minor row (ticks: "Feb", "2026", "07:00"), then the marker strip. */
void
annals_render_draw_axis (AnnalsRenderCtx *ctx)
{
  cairo_t *cr = ctx->cr;
  double left = ctx->plot.x;
  double right = ctx->plot.x + ctx->plot.width;
  double major_top = ctx->header.y;
  double minor_top = major_top + ctx->axis_major_h;
  double axis_bottom = minor_top + ctx->axis_minor_h;
  double last_right;
  AnnalsTime tick;
  char buf[128];
  PangoLayout *label;
  gboolean interval;

  ensure_steps (ctx);

  cairo_save (cr);
  cairo_rectangle (cr, ctx->header.x, ctx->header.y, ctx->header.width, ctx->header.height);
  cairo_clip (cr);

  annals_render_set_color (cr, &ctx->theme->background, 1);
  cairo_paint (cr);

  /* Major ticks and their labels, the first stuck to the left edge so the
   * context stays in view when its tick has scrolled away. */
  cairo_set_line_width (cr, 1);
  last_right = -G_MAXDOUBLE;
  tick = annals_axis_floor (&ctx->major_step, (AnnalsTime) floor (ctx->start));
  for (guint k = 0; k < MAX_TICKS && (double) tick <= ctx->end; k++)
    {
      AnnalsTime next = annals_axis_next (&ctx->major_step, tick);
      double x = annals_render_x (ctx, tick);
      double x_next = annals_render_x (ctx, next);
      double lx = MAX (x, left) + 5;
      double w;
      double h;

      if (x >= left)
        {
          cairo_move_to (cr, round (x) + 0.5, major_top + 6);
          cairo_line_to (cr, round (x) + 0.5, axis_bottom);
          annals_render_set_color (cr, &ctx->theme->axis, 1);
          cairo_stroke (cr);
        }

      annals_axis_format (&ctx->major_step, ANNALS_AXIS_LABEL_MAJOR, tick, buf, sizeof buf);
      label = annals_render_text_layout (ctx, ctx->font_small_bold, buf, &w, &h);
      if (lx >= last_right + 10 && lx + w <= MIN (x_next, right) - 4)
        {
          annals_render_show_text (ctx, label, lx, major_top + (ctx->axis_major_h - h) / 2 + 2,
                                   &ctx->theme->foreground, 1);
          last_right = lx + w;
        }

      tick = next;
    }

  /* Minor ticks: interval labels (a day, a month, a year) centred in their
   * interval, instants ("07:00") after their tick. */
  interval = annals_axis_labels_interval (&ctx->minor_step);
  last_right = -G_MAXDOUBLE;
  tick = annals_axis_floor (&ctx->minor_step, (AnnalsTime) floor (ctx->start));
  for (guint k = 0; k < MAX_TICKS && (double) tick <= ctx->end; k++)
    {
      AnnalsTime next = annals_axis_next (&ctx->minor_step, tick);
      double x = annals_render_x (ctx, tick);
      double x_next = annals_render_x (ctx, next);
      double lx;
      double w;
      double h;

      if (x >= left)
        {
          cairo_move_to (cr, round (x) + 0.5, axis_bottom - 6);
          cairo_line_to (cr, round (x) + 0.5, axis_bottom);
          annals_render_set_color (cr, &ctx->theme->axis, 1);
          cairo_stroke (cr);
        }

      annals_axis_format (&ctx->minor_step, ANNALS_AXIS_LABEL_MINOR, tick, buf, sizeof buf);
      label = annals_render_text_layout (ctx, ctx->font_small, buf, &w, &h);
      if (interval && x_next - x >= w + 8)
        lx = (x + x_next) / 2 - w / 2;
      else
        lx = x + 4;

      if (lx >= left + 2 && lx + w <= right - 2 && lx >= last_right + 8)
        {
          annals_render_show_text (ctx, label, lx, minor_top + (ctx->axis_minor_h - 6 - h) / 2,
                                   &ctx->theme->dim_foreground, 1);
          last_right = lx + w;
        }

      tick = next;
    }

  cairo_move_to (cr, left, round (axis_bottom) - 0.5);
  cairo_line_to (cr, right, round (axis_bottom) - 0.5);
  annals_render_set_color (cr, &ctx->theme->axis, 1);
  cairo_stroke (cr);

  draw_strip (ctx);

  cairo_restore (cr);
}

/* The as-of line across the strip and the lanes, under the events. */
void
annals_render_draw_as_of (AnnalsRenderCtx *ctx)
{
  cairo_t *cr = ctx->cr;
  double x;
  double top = ctx->header.y + ctx->axis_major_h + ctx->axis_minor_h;

  if (ctx->as_of_end == ANNALS_TIME_MIN || ctx->plot.width <= 0)
    return;

  x = annals_render_x (ctx, ctx->as_of_end);
  if (x < ctx->plot.x || x > ctx->plot.x + ctx->plot.width)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, ctx->plot.x, top, ctx->plot.width, ctx->plot.y + ctx->plot.height - top);
  cairo_clip (cr);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, NULL, 0, 0);
  annals_render_set_color (cr, &ctx->theme->as_of, 0.9);
  cairo_move_to (cr, x, top);
  cairo_line_to (cr, x, ctx->plot.y + ctx->plot.height);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* The as-of tag in the strip, and the line through the strip to it. */
void
annals_render_draw_as_of_tag (AnnalsRenderCtx *ctx)
{
  cairo_t *cr = ctx->cr;
  AnnalsRect tag;
  double x;
  double top = ctx->header.y + ctx->axis_major_h + ctx->axis_minor_h;
  AnnalsRgba ink;
  int pw;
  int ph;

  if (!as_of_tag (ctx, &tag, &x))
    return;

  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, NULL, 0, 0);
  annals_render_set_color (cr, &ctx->theme->as_of, 0.9);
  cairo_move_to (cr, x, top);
  cairo_line_to (cr, x, ctx->plot.y);
  cairo_stroke (cr);

  annals_render_rounded_rect (cr, tag.x, tag.y, tag.width, tag.height, tag.height / 2);
  annals_render_set_color (cr, &ctx->theme->as_of, 1);
  cairo_fill (cr);
  ink = annals_render_text_on (&ctx->theme->as_of);
  /* as_of_tag() left the tag's text in ctx->text. */
  pango_layout_get_size (ctx->text, &pw, &ph);
  annals_render_show_text (ctx, ctx->text, tag.x + (tag.width - (double) pw / PANGO_SCALE) / 2,
                           tag.y + (tag.height - (double) ph / PANGO_SCALE) / 2, &ink, 1);
}
