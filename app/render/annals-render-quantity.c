/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include <math.h>

#include "annals-axis.h"
#include "annals-render-private.h"

static double
nice_ceiling (double value)
{
  double magnitude;
  double f;

  if (value <= 0)
    return 1;

  magnitude = pow (10, floor (log10 (value)));
  f = value / magnitude;
  {
    static const double ladder[] = { 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 };

    for (guint k = 0; k < G_N_ELEMENTS (ladder); k++)
      if (f <= ladder[k] + 1e-9)
        {
          f = ladder[k];
          break;
        }
  }

  return f * magnitude;
}

/* A quantity lane: a step chart of its measures, with its scale and unit.
 * Measures that share a date but disagree are drawn as a band, not averaged. */
void
annals_render_draw_quantity (AnnalsRenderCtx *ctx,
                             guint            lane_index)
{
  cairo_t *cr = ctx->cr;
  AnnalsTimeline *timeline = ctx->timeline;
  const AnnalsLane *lane = annals_layout_get_lane (ctx->layout, lane_index);
  const AnnalsTrack *track = &timeline->tracks[lane->track];
  AnnalsEvent probe = { 0 };
  AnnalsRgba color;
  guint first;
  double min;
  double max;
  guint n = annals_layout_get_lane_measures (ctx->layout, lane_index, &first, &min, &max);
  double top = annals_render_row_y (ctx, lane->first_row) + ctx->small_line_height + 4;
  double bottom = annals_render_row_y (ctx, lane->first_row) + ANNALS_LAYOUT_CHART_ROWS * ctx->row_h
                  - 4;
  double lo;
  double hi;
  double h = bottom - top;
  double plot_right = ctx->plot.x + ctx->plot.width;
  double last_label_right = -G_MAXDOUBLE;
  double prev_value = NAN;
  char number[64];
  char text[160];
  AnnalsTime t_left = annals_render_time_at (ctx, ctx->plot.x);
  AnnalsTime t_right = annals_render_time_at (ctx, plot_right) + 1;
  guint i;
  guint lo_i;
  guint hi_i;

  /* The track's colour, kept visible on the background as for events. */
  probe.track = lane->track;
  probe.category = -1;
  color = annals_theme_event_color (ctx->theme, timeline, &probe);

  if (n == 0 || h < 8)
    return;

  lo = MIN (0, min);
  hi = nice_ceiling ((max - lo) * 1.1) + lo;
  if (hi <= lo)
    hi = lo + 1;

#define VALUE_Y(v) (bottom - ((v) - lo) / (hi - lo) * h)

  /* Scale: the baseline, the top line and its value with the unit. */
  cairo_set_line_width (cr, 1);
  cairo_set_dash (cr, NULL, 0, 0);
  annals_render_set_color (cr, &ctx->theme->axis, 0.8);
  cairo_move_to (cr, ctx->plot.x, round (VALUE_Y (lo)) + 0.5);
  cairo_line_to (cr, plot_right, round (VALUE_Y (lo)) + 0.5);
  cairo_stroke (cr);
  {
    static const double dash[] = { 2, 3 };

    cairo_set_dash (cr, dash, 2, 0);
    annals_render_set_color (cr, &ctx->theme->grid, 1.6);
    cairo_move_to (cr, ctx->plot.x, round (VALUE_Y (hi)) + 0.5);
    cairo_line_to (cr, plot_right, round (VALUE_Y (hi)) + 0.5);
    cairo_stroke (cr);
    cairo_set_dash (cr, NULL, 0, 0);
  }
  annals_format_number (hi, 2, number, sizeof number);
  if (track->unit != NULL && *track->unit != '\0')
    g_snprintf (text, sizeof text, "%s %s", number, track->unit);
  else
    g_strlcpy (text, number, sizeof text);
  annals_render_measure (ctx, ctx->text, ctx->font_small, text, NULL, NULL);
  annals_render_show_text (ctx, ctx->text, ctx->plot.x + 4,
                           VALUE_Y (hi) - ctx->small_line_height - 1,
                           &ctx->theme->dim_foreground, 1);
  {
    int pw;

    pango_layout_get_size (ctx->text, &pw, NULL);
    last_label_right = ctx->plot.x + 4 + (double) pw / PANGO_SCALE;
  }

  /* The measures in view, plus the one whose step runs into it. */
  lo_i = first;
  hi_i = first + n;
  {
    guint a = first;
    guint b = first + n;

    while (a < b)
      {
        guint mid = a + (b - a) / 2;

        if (timeline->measures[mid].date.time < t_left)
          a = mid + 1;
        else
          b = mid;
      }
    lo_i = a > first ? a - 1 : first;
    /* Back to the start of that date's group. */
    while (lo_i > first
           && timeline->measures[lo_i - 1].date.time == timeline->measures[lo_i].date.time)
      lo_i--;
  }

  for (i = lo_i; i < hi_i;)
    {
      AnnalsTime t = timeline->measures[i].date.time;
      double gmin = G_MAXDOUBLE;
      double gmax = -G_MAXDOUBLE;
      gboolean approx = FALSE;
      guint j = i;
      double x0;
      double x1;
      AnnalsTime next_t;

      while (j < hi_i && timeline->measures[j].date.time == t)
        {
          if (isfinite (timeline->measures[j].value))
            {
              gmin = MIN (gmin, timeline->measures[j].value);
              gmax = MAX (gmax, timeline->measures[j].value);
            }
          approx |= (timeline->measures[j].date.flags & ANNALS_DATE_APPROX) != 0;
          j++;
        }

      if (t >= t_right)
        break;
      if (gmin > gmax)
        {
          i = j;
          continue;
        }

      x0 = annals_render_x (ctx, t);
      if (j < hi_i)
        next_t = timeline->measures[j].date.time;
      else if (ctx->as_of_end != ANNALS_TIME_MIN && ctx->as_of_end > t)
        next_t = ctx->as_of_end;
      else
        next_t = annals_date_end_time (&timeline->measures[i].date);
      x1 = annals_render_x (ctx, next_t);

      /* Area, then the step (a band where sources disagree). */
      cairo_rectangle (cr, x0, VALUE_Y (gmax), x1 - x0, VALUE_Y (lo) - VALUE_Y (gmax));
      annals_render_set_color (cr, &color, 0.10);
      cairo_fill (cr);
      if (gmax > gmin)
        {
          cairo_rectangle (cr, x0, VALUE_Y (gmax), x1 - x0, VALUE_Y (gmin) - VALUE_Y (gmax));
          annals_render_set_color (cr, &color, 0.35);
          cairo_fill (cr);
        }
      cairo_set_line_width (cr, gmax > gmin ? 1.25 : 2.25);
      annals_render_set_color (cr, &color, 1);
      cairo_move_to (cr, x0, VALUE_Y (gmax));
      cairo_line_to (cr, x1, VALUE_Y (gmax));
      if (gmax > gmin)
        {
          cairo_move_to (cr, x0, VALUE_Y (gmin));
          cairo_line_to (cr, x1, VALUE_Y (gmin));
        }
      cairo_stroke (cr);
      if (j < hi_i)
        {
          /* The riser to the next step. */
          double next_max = -G_MAXDOUBLE;

          for (guint k = j; k < hi_i && timeline->measures[k].date.time == next_t; k++)
            if (isfinite (timeline->measures[k].value))
              next_max = MAX (next_max, timeline->measures[k].value);
          if (next_max > -G_MAXDOUBLE)
            {
              cairo_move_to (cr, x1, VALUE_Y (gmax));
              cairo_line_to (cr, x1, VALUE_Y (next_max));
              cairo_stroke (cr);
            }
        }

      /* The point, hollow when approximate. */
      cairo_arc (cr, x0, VALUE_Y (gmax), 3.5, 0, 2 * G_PI);
      if (approx)
        {
          annals_render_set_color (cr, &ctx->theme->background, 1);
          cairo_fill_preserve (cr);
          annals_render_set_color (cr, &color, 1);
          cairo_set_line_width (cr, 1.75);
          cairo_stroke (cr);
        }
      else
        {
          annals_render_set_color (cr, &color, 1);
          cairo_fill (cr);
        }

      /* Its value where it changes (or was not shown yet), if there is room;
       * the step running in from the left gets its value at the edge. */
      if (!(gmin == prev_value && gmax == prev_value))
        {
          char a[64];
          char b[64];
          double tw;
          double lx;
          double ly = VALUE_Y (gmax) - ctx->small_line_height - 2;

          annals_format_number (gmin, 2, a, sizeof a);
          annals_format_number (gmax, 2, b, sizeof b);
          if (gmax > gmin)
            g_snprintf (text, sizeof text, "%s–%s", a, b);
          else
            g_snprintf (text, sizeof text, approx ? "≈ %s" : "%s", b);
          annals_render_measure (ctx, ctx->text, ctx->font_small_bold, text, &tw, NULL);
          lx = MAX (x0, ctx->plot.x) + 5;
          if (lx + tw > plot_right - 2)
            lx = x0 - 5 - tw;
          if (ly < VALUE_Y (hi) + 1 && lx < last_label_right + 8)
            ly = VALUE_Y (gmax) + 3;
          if (lx >= ctx->plot.x + 2 && lx + tw <= plot_right - 2
              && (lx >= last_label_right + 8 || ly > VALUE_Y (hi) + 1))
            {
              annals_render_show_text (ctx, ctx->text, lx, ly, &ctx->theme->foreground, 1);
              last_label_right = lx + tw;
              prev_value = gmin == gmax ? gmax : NAN;
            }
          else
            prev_value = NAN;
        }

      i = j;
    }

#undef VALUE_Y
}
