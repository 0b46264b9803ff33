/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "annals-renderer.h"
#include "annals-render-private.h"

/* The renderer on image surfaces. Pixels are checked away from text (fonts
 * differ between machines): bars where their times map, a milestone's
 * diamond, density marks when zoomed out, statuses told apart in grey, the
 * as-of line, eras, the dark theme, and pick / get_event_rect agreeing with
 * what is drawn. Events here have empty titles where pixels are read, so no
 * label can land on them. */

#define DAY ((AnnalsTime) ANNALS_SECONDS_PER_DAY)

static AnnalsTime
civil (gint64 year,
       int    month,
       int    day)
{
  return annals_days_from_civil (year, month, day) * DAY;
}

static AnnalsDate
day_date (AnnalsTime time)
{
  AnnalsDate date = { 0 };

  date.time = time;
  date.precision = ANNALS_PRECISION_DAY;

  return date;
}

static gint
add_track (AnnalsTimeline *timeline,
           const char     *id,
           AnnalsColor     color)
{
  AnnalsTrack *track = annals_timeline_add_track (timeline);

  track->id = annals_timeline_intern (timeline, id);
  track->label = annals_timeline_strdup (timeline, id);
  track->color = color;

  return timeline->n_tracks - 1;
}

static AnnalsEvent *
add_event (AnnalsTimeline  *timeline,
           const char      *id,
           const char      *title,
           gint             track,
           AnnalsEventType  type,
           AnnalsTime       start,
           AnnalsTime       last_day)
{
  AnnalsEvent *event = annals_timeline_add_event (timeline);

  event->id = annals_timeline_intern (timeline, id);
  event->title = title != NULL ? annals_timeline_strdup (timeline, title) : NULL;
  event->track = track;
  event->type = type;
  event->start = day_date (start);
  if (type == ANNALS_EVENT_SPAN && last_day >= start)
    event->end = day_date (last_day);

  return event;
}

typedef struct
{
  cairo_surface_t *surface;
  cairo_t         *cr;
} Canvas;

static void
canvas_init (Canvas *canvas,
             int     width,
             int     height)
{
  canvas->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  canvas->cr = cairo_create (canvas->surface);
}

static void
canvas_clear (Canvas *canvas)
{
  cairo_destroy (canvas->cr);
  cairo_surface_destroy (canvas->surface);
}

static void
draw (Canvas           *canvas,
      AnnalsLayout     *layout,
      const AnnalsView *view)
{
  annals_renderer_draw (canvas->cr, layout, view);
  cairo_surface_flush (canvas->surface);
  g_assert_cmpint (cairo_status (canvas->cr), ==, CAIRO_STATUS_SUCCESS);
}

/* Un-premultiplied 0..255 channels at (x, y). */
static void
pixel (Canvas *canvas,
       double  x,
       double  y,
       int    *r,
       int    *g,
       int    *b,
       int    *a)
{
  int ix = (int) floor (x);
  int iy = (int) floor (y);
  guint8 *data = cairo_image_surface_get_data (canvas->surface);
  int stride = cairo_image_surface_get_stride (canvas->surface);
  guint32 p;
  int alpha;

  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (ix, <, cairo_image_surface_get_width (canvas->surface));
  g_assert_cmpint (iy, <, cairo_image_surface_get_height (canvas->surface));

  p = ((guint32 *) (gpointer) (data + iy * stride))[ix];
  alpha = p >> 24;
  *a = alpha;
  if (alpha == 0)
    {
      *r = *g = *b = 0;
      return;
    }
  *r = ((p >> 16) & 0xff) * 255 / alpha;
  *g = ((p >> 8) & 0xff) * 255 / alpha;
  *b = (p & 0xff) * 255 / alpha;
}

static gboolean
pixel_is (Canvas           *canvas,
          double            x,
          double            y,
          const AnnalsRgba *color,
          int               tolerance)
{
  int r;
  int g;
  int b;
  int a;

  pixel (canvas, x, y, &r, &g, &b, &a);

  return a == 255 && ABS (r - (int) round (color->r * 255)) <= tolerance
         && ABS (g - (int) round (color->g * 255)) <= tolerance
         && ABS (b - (int) round (color->b * 255)) <= tolerance;
}

static double
luminance_at (Canvas *canvas,
              int     x,
              int     y)
{
  int r;
  int g;
  int b;
  int a;

  pixel (canvas, x, y, &r, &g, &b, &a);

  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

static void
view_over (AnnalsView        *view,
           int                width,
           int                height,
           AnnalsThemeVariant variant,
           AnnalsTime         start,
           AnnalsTime         end)
{
  annals_view_init (view, width, height, annals_theme_get (variant));
  view->start = (double) start;
  view->end = (double) end;
}

static void
test_span_bar (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  g_autoptr(AnnalsLayout) layout = NULL;
  AnnalsRgba red = annals_rgba_from_color (0xcc0000);
  AnnalsView view;
  AnnalsRect rect;
  AnnalsRect plot;
  Canvas canvas;
  double y;
  gint track = add_track (timeline, "t", 0xcc0000);

  add_event (timeline, "war", NULL, track, ANNALS_EVENT_SPAN, civil (2000, 1, 1),
             civil (2009, 12, 31));
  annals_timeline_finish (timeline);
  layout = annals_layout_new (timeline, NULL);

  view_over (&view, 800, 300, ANNALS_THEME_LIGHT, civil (1995, 1, 1), civil (2015, 1, 1));
  canvas_init (&canvas, 800, 300);
  draw (&canvas, layout, &view);

  annals_renderer_get_plot_area (layout, &view, &plot);
  g_assert_true (annals_renderer_get_event_rect (layout, &view, 0, &rect));
  g_assert_cmpfloat_with_epsilon (rect.x, annals_renderer_time_to_x (layout, &view,
                                                                     civil (2000, 1, 1)), 0.01);
  g_assert_cmpfloat_with_epsilon (rect.x + rect.width,
                                  annals_renderer_time_to_x (layout, &view, civil (2010, 1, 1)),
                                  0.01);
  g_assert_cmpfloat (rect.y, >=, plot.y);

  /* Inside the bar, the colour; past its ends, the background (between grid
   * lines, which fall on 1 January). */
  y = rect.y + rect.height / 2;
  g_assert_true (pixel_is (&canvas, annals_renderer_time_to_x (layout, &view, civil (2005, 1, 1)),
                           y, &red, 2));
  g_assert_true (pixel_is (&canvas, annals_renderer_time_to_x (layout, &view, civil (2001, 1, 1)),
                           y, &red, 2));
  g_assert_true (pixel_is (&canvas, annals_renderer_time_to_x (layout, &view, civil (2012, 7, 2)),
                           y, &view.theme->background, 2));
  g_assert_true (pixel_is (&canvas, annals_renderer_time_to_x (layout, &view, civil (1997, 7, 2)),
                           y, &view.theme->background, 2));
  /* Above the bar, in its row (away from the yearly grid lines). */
  g_assert_true (pixel_is (&canvas, annals_renderer_time_to_x (layout, &view, civil (2005, 7, 2)),
                           rect.y - 1.5, &view.theme->background, 2));

  /* The mapping is the drawing's: x of the view's start is the plot's left. */
  g_assert_cmpfloat_with_epsilon (annals_renderer_time_to_x (layout, &view, view.start), plot.x,
                                  1e-6);
  g_assert_cmpfloat_with_epsilon (annals_renderer_x_to_time (layout, &view, plot.x + 100),
                                  view.start + 100 * (view.end - view.start) / plot.width, 1e-3);

  /* Picking agrees with the rectangle. */
  g_assert_cmpint (annals_renderer_pick (layout, &view, rect.x + rect.width / 2, y), ==, 0);
  g_assert_cmpint (annals_renderer_pick (layout, &view, rect.x + rect.width + 20, y), ==, -1);
  g_assert_cmpint (annals_renderer_pick (layout, &view, rect.x + rect.width / 2, y + 40), ==, -1);

  canvas_clear (&canvas);
}

static void
test_marks (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  g_autoptr(AnnalsLayout) layout = NULL;
  AnnalsRgba blue = annals_rgba_from_color (0x1c50b0);
  AnnalsView view;
  AnnalsRect diamond;
  AnnalsRect dot;
  Canvas canvas;
  double r;
  gint a = add_track (timeline, "a", 0x1c50b0);
  gint b = add_track (timeline, "b", 0x1c50b0);

  add_event (timeline, "summit", NULL, a, ANNALS_EVENT_MILESTONE, civil (2005, 6, 1), 0);
  add_event (timeline, "report", NULL, b, ANNALS_EVENT_INSTANT, civil (2005, 6, 2), 0);
  annals_timeline_finish (timeline);
  layout = annals_layout_new (timeline, NULL);

  view_over (&view, 800, 300, ANNALS_THEME_LIGHT, civil (2000, 1, 1), civil (2010, 1, 1));
  canvas_init (&canvas, 800, 300);
  draw (&canvas, layout, &view);

  g_assert_true (annals_renderer_get_event_rect (layout, &view,
                                                 annals_timeline_find_event (timeline, "summit"),
                                                 &diamond));
  g_assert_true (annals_renderer_get_event_rect (layout, &view,
                                                 annals_timeline_find_event (timeline, "report"),
                                                 &dot));
  g_assert_cmpfloat_with_epsilon (diamond.width, diamond.height, 1e-9);
  g_assert_cmpfloat (diamond.height, >=, 8);

  /* Both filled at the centre. */
  g_assert_true (pixel_is (&canvas, diamond.x + diamond.width / 2, diamond.y + diamond.height / 2,
                           &blue, 2));
  g_assert_true (pixel_is (&canvas, dot.x + dot.width / 2, dot.y + dot.height / 2, &blue, 2));

  /* Towards a corner at 0.6 r on both axes: inside a circle (0.85 r from its
   * centre), outside a diamond (|dx| + |dy| = 1.2 r). */
  r = diamond.width / 2;
  g_assert_true (pixel_is (&canvas, diamond.x + r + 0.62 * r, diamond.y + r + 0.62 * r,
                           &view.theme->background, 8));
  r = dot.width / 2;
  g_assert_true (pixel_is (&canvas, dot.x + r + 0.5 * r, dot.y + r + 0.5 * r, &blue, 30));
  /* And the corners of the boxes are empty for both. */
  g_assert_true (pixel_is (&canvas, diamond.x + 0.5, diamond.y + 0.5, &view.theme->background, 8));
  g_assert_true (pixel_is (&canvas, dot.x + 0.5, dot.y + 0.5, &view.theme->background, 8));

  g_assert_cmpint (annals_renderer_pick (layout, &view, diamond.x + diamond.width / 2,
                                         diamond.y + diamond.height / 2), ==,
                   annals_timeline_find_event (timeline, "summit"));

  canvas_clear (&canvas);
}

static void
test_density (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  g_autoptr(AnnalsLayout) layout = NULL;
  AnnalsRgba green = annals_rgba_from_color (0x1a7f37);
  AnnalsView view;
  AnnalsRect plot;
  AnnalsRect rect;
  Canvas canvas;
  guint covered = 0;
  guint columns = 0;
  double bottom;
  gint track = add_track (timeline, "t", 0x1a7f37);
  const guint n = 200000;
  AnnalsTime base = civil (2020, 1, 1);

  /* One instant a minute for 200,000 minutes: a single row. */
  for (guint i = 0; i < n; i++)
    {
      AnnalsEvent *event = annals_timeline_add_event (timeline);

      event->track = track;
      event->type = ANNALS_EVENT_INSTANT;
      event->start.time = base + (AnnalsTime) i * 60;
      event->start.precision = ANNALS_PRECISION_MINUTE;
    }
  annals_timeline_finish (timeline);
  layout = annals_layout_new (timeline, NULL);
  g_assert_cmpuint (annals_layout_get_n_rows (layout), ==, 1);

  view_over (&view, 1000, 200, ANNALS_THEME_LIGHT, base - 600000,
             base + (AnnalsTime) n * 60 + 600000);
  canvas_init (&canvas, 1000, 200);
  draw (&canvas, layout, &view);
  annals_renderer_get_plot_area (layout, &view, &plot);
  g_assert_true (annals_renderer_get_event_rect (layout, &view, n / 2, &rect));
  bottom = rect.y + rect.height / 2 + 4;

  /* Every column the events cover carries a density mark (drawn from the
   * bottom of the bar), and nothing is drawn beyond them. */
  for (double x = annals_renderer_time_to_x (layout, &view, base) + 2;
       x < annals_renderer_time_to_x (layout, &view, base + (AnnalsTime) n * 60) - 2; x++)
    {
      columns++;
      covered += pixel_is (&canvas, x, bottom, &green, 60);
    }
  g_assert_cmpuint (columns, >, 500);
  g_assert_cmpuint (covered, ==, columns);
  g_assert_true (pixel_is (&canvas, annals_renderer_time_to_x (layout, &view, base) - 20, bottom,
                           &view.theme->background, 2));

  /* A density mark stands for many events: picking it gives none. */
  g_assert_cmpint (annals_renderer_pick (layout, &view, rect.x + rect.width / 2,
                                         rect.y + rect.height / 2), ==, -1);

  /* Zoomed in to a few minutes, events are drawn and picked one by one. */
  view.start = (double) (base + (AnnalsTime) (n / 2) * 60 - 300);
  view.end = (double) (base + (AnnalsTime) (n / 2) * 60 + 300);
  g_assert_true (annals_renderer_get_event_rect (layout, &view, n / 2, &rect));
  g_assert_cmpint (annals_renderer_pick (layout, &view, rect.x + rect.width / 2,
                                         rect.y + rect.height / 2), ==, (gint) (n / 2));
  cairo_set_source_rgb (canvas.cr, 1, 1, 1);
  cairo_paint (canvas.cr);
  draw (&canvas, layout, &view);
  g_assert_true (pixel_is (&canvas, rect.x + rect.width / 2, rect.y + rect.height / 2, &green, 2));
  /* Between two marks a minute apart only the faint band of each one's
   * minute: much lighter than a mark. */
  g_assert_cmpfloat (luminance_at (&canvas, rect.x + rect.width / 2
                                            + annals_renderer_time_to_x (layout, &view,
                                                                         view.start + 30)
                                            - plot.x,
                                   rect.y + rect.height / 2),
                     >, luminance_at (&canvas, rect.x + rect.width / 2, rect.y + rect.height / 2)
                        + 100);

  canvas_clear (&canvas);
}

/* Grey-level features of a bar: inside mean and spread, edge mean and
 * spread. Two statuses must differ in at least one. */
typedef struct
{
  double inner_mean;
  double inner_sd;
  double edge_mean;
  double edge_sd;
} Look;

static void
measure_look (Canvas           *canvas,
              const AnnalsRect *rect,
              Look             *look)
{
  double sum = 0;
  double sum2 = 0;
  double esum = 0;
  double esum2 = 0;
  guint n = 0;
  guint en = 0;
  int x0 = (int) ceil (rect->x);
  int x1 = (int) floor (rect->x + rect->width);
  int y0 = (int) ceil (rect->y);
  int y1 = (int) floor (rect->y + rect->height);

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        double l = luminance_at (canvas, x, y);
        gboolean edge = y <= y0 + 1 || y >= y1 - 2 || x <= x0 + 1 || x >= x1 - 2;

        if (edge)
          {
            esum += l;
            esum2 += l * l;
            en++;
          }
        else
          {
            sum += l;
            sum2 += l * l;
            n++;
          }
      }

  look->inner_mean = sum / n;
  look->inner_sd = sqrt (MAX (sum2 / n - look->inner_mean * look->inner_mean, 0));
  look->edge_mean = esum / en;
  look->edge_sd = sqrt (MAX (esum2 / en - look->edge_mean * look->edge_mean, 0));
}

static void
test_statuses_without_colour (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  g_autoptr(AnnalsLayout) layout = NULL;
  AnnalsView view;
  Canvas canvas;
  Look looks[ANNALS_N_STATUSES];

  for (guint s = 0; s < ANNALS_N_STATUSES; s++)
    {
      g_autofree char *id = g_strdup_printf ("s%u", s);
      gint track = add_track (timeline, id, 0x3465a4);
      AnnalsEvent *event = add_event (timeline, id, NULL, track, ANNALS_EVENT_SPAN,
                                      civil (2001, 1, 1), civil (2008, 12, 31));

      event->status = s;
    }
  annals_timeline_finish (timeline);
  layout = annals_layout_new (timeline, NULL);

  view_over (&view, 800, 500, ANNALS_THEME_LIGHT, civil (2000, 1, 1), civil (2010, 1, 1));
  canvas_init (&canvas, 800, 500);
  draw (&canvas, layout, &view);

  for (guint s = 0; s < ANNALS_N_STATUSES; s++)
    {
      AnnalsRect rect;
      gint event = annals_timeline_find_event (timeline, timeline->tracks[s].id);

      g_assert_true (annals_renderer_get_event_rect (layout, &view, event, &rect));
      measure_look (&canvas, &rect, &looks[s]);
    }

  for (guint s = 0; s < ANNALS_N_STATUSES; s++)
    for (guint t = s + 1; t < ANNALS_N_STATUSES; t++)
      {
        double d = MAX (MAX (fabs (looks[s].inner_mean - looks[t].inner_mean),
                             fabs (looks[s].inner_sd - looks[t].inner_sd)),
                        MAX (fabs (looks[s].edge_mean - looks[t].edge_mean),
                             fabs (looks[s].edge_sd - looks[t].edge_sd)));

        if (d < 4)
          g_error ("%s and %s look the same in grey", annals_status_to_string (s),
                   annals_status_to_string (t));
      }

  canvas_clear (&canvas);
}

/* Every look the lanes have, many times over: all statuses as long, short
 * and tiny bars, fades (approximate starts, ongoing spans), dashed proposed
 * ends, whiskers, instants with year-long periods, milestones, dimmed
 * events, and titles. @titles: whether events have them. */
static AnnalsTimeline *
make_every_look (gboolean titles)
{
  AnnalsTimeline *timeline = annals_timeline_new ();
  gint tracks[3];

  tracks[0] = add_track (timeline, "a", 0x3465a4);
  tracks[1] = add_track (timeline, "b", 0xcc0000);
  tracks[2] = add_track (timeline, "c", 0x4e9a06);

  for (guint i = 0; i < 96; i++)
    {
      g_autofree char *id = g_strdup_printf ("e%u", i);
      g_autofree char *title = g_strdup_printf ("Event %u of the summit", i);
      gint64 year = 1990 + (i * 7) % 30;
      guint kind = i % 8;
      AnnalsEventType type = kind == 6 ? ANNALS_EVENT_INSTANT
                             : kind == 7 ? ANNALS_EVENT_MILESTONE : ANNALS_EVENT_SPAN;
      /* Long (years), short (weeks) and tiny (days) bars. */
      AnnalsTime last = kind < 3 ? civil (year + 1 + i % 4, 6, 30)
                        : kind < 5 ? civil (year, 2, 20) : civil (year, 1, 3);
      AnnalsEvent *e = add_event (timeline, id, titles ? title : NULL, tracks[i % 3], type,
                                  civil (year, 1, 1), last);

      e->status = (i / 3) % ANNALS_N_STATUSES;
      if (type == ANNALS_EVENT_SPAN && i % 5 == 0)
        e->start.flags |= ANNALS_DATE_APPROX;
      if (type == ANNALS_EVENT_SPAN && i % 7 == 0)
        e->end.precision = ANNALS_PRECISION_NONE;
      if (type == ANNALS_EVENT_SPAN && i % 4 == 1 && kind < 3)
        {
          e->flags |= ANNALS_EVENT_HAS_END_STATUS;
          e->end_status = ANNALS_STATUS_PROPOSED;
        }
      if (type != ANNALS_EVENT_SPAN)
        e->start.precision = i % 3 == 0 ? ANNALS_PRECISION_YEAR : ANNALS_PRECISION_DAY;
      if (i % 6 == 2)
        {
          AnnalsEventDetail *detail = annals_timeline_alloc (timeline, sizeof *detail);

          detail->start_earliest = day_date (civil (year - 1, 3, 1));
          detail->start_latest = day_date (civil (year, 2, 1));
          e->detail = detail;
        }
    }
  annals_timeline_finish (timeline);

  return timeline;
}

/* The view drawn inside a group: cairo then draws to a surface of its own,
 * which the lanes' direct pixel access must leave alone (it draws what
 * cairo would, only faster), and the result is what cairo alone gives. */
static void
draw_through_group (Canvas           *canvas,
                    AnnalsLayout     *layout,
                    const AnnalsView *view)
{
  cairo_push_group (canvas->cr);
  annals_renderer_draw (canvas->cr, layout, view);
  cairo_pop_group_to_source (canvas->cr);
  cairo_set_operator (canvas->cr, CAIRO_OPERATOR_SOURCE);
  cairo_paint (canvas->cr);
  cairo_set_operator (canvas->cr, CAIRO_OPERATOR_OVER);
  cairo_surface_flush (canvas->surface);
}

typedef struct
{
  guint  n;                            /* pixels compared */
  guint  n_far;                        /* of them, off by more than a little */
  int    max;                          /* the largest channel difference */
  double mean;
} Difference;

static void
compare_canvases (Canvas           *a,
                  Canvas           *b,
                  const AnnalsRect *area,
                  Difference       *d)
{
  double sum = 0;

  memset (d, 0, sizeof *d);
  for (int y = (int) area->y; y < (int) (area->y + area->height); y++)
    for (int x = (int) area->x; x < (int) (area->x + area->width); x++)
      {
        int ca[4];
        int cb[4];
        int m = 0;

        pixel (a, x, y, &ca[0], &ca[1], &ca[2], &ca[3]);
        pixel (b, x, y, &cb[0], &cb[1], &cb[2], &cb[3]);
        for (guint c = 0; c < 4; c++)
          m = MAX (m, ABS (ca[c] - cb[c]));
        d->n++;
        d->max = MAX (d->max, m);
        sum += m;
        if (m > 24)
          d->n_far++;
      }
  d->mean = d->n > 0 ? sum / d->n : 0;
}

/* Bars, ends, fades, dashes, whiskers, periods and marks composited straight
 * onto an image's pixels (stamps, boxes) look as cairo draws them. */
static void
test_raster_matches_cairo (void)
{
  g_autoptr(AnnalsTimeline) timeline = make_every_look (FALSE);
  g_autoptr(AnnalsLayout) layout = annals_layout_new (timeline, NULL);
  g_autofree guint8 *highlight = g_new0 (guint8, timeline->n_events);
  static const AnnalsThemeVariant variants[] = { ANNALS_THEME_LIGHT, ANNALS_THEME_DARK };

  for (guint i = 0; i < timeline->n_events; i++)
    highlight[i] = i % 5 != 3;

  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    for (guint zoom = 0; zoom < 3; zoom++)
      {
        AnnalsView view;
        AnnalsRect plot;
        Canvas direct;
        Canvas grouped;
        Difference d;
        /* The whole range, a decade, two years. */
        AnnalsTime start = zoom == 0 ? civil (1988, 1, 1) : civil (2000, 1, 1);
        AnnalsTime end = zoom == 0 ? civil (2026, 1, 1)
                         : zoom == 1 ? civil (2010, 1, 1) : civil (2002, 1, 1);

        view_over (&view, 900, 600, variants[v], start, end);
        if (zoom == 1)
          view.highlight = highlight;
        canvas_init (&direct, 900, 600);
        canvas_init (&grouped, 900, 600);
        /* Twice: the second frame draws from the stamps the first made. */
        draw (&direct, layout, &view);
        draw (&direct, layout, &view);
        draw_through_group (&grouped, layout, &view);

        annals_renderer_get_plot_area (layout, &view, &plot);
        compare_canvases (&direct, &grouped, &plot, &d);
        g_test_message ("theme %u zoom %u: mean %.3f, max %d, %u of %u off by more than 24",
                        v, zoom, d.mean, d.max, d.n_far, d.n);
        /* Whole-pixel placement moves an antialiased edge by under half a
         * pixel here and there; nothing more. */
        g_assert_cmpfloat (d.mean, <, 0.5);
        g_assert_cmpuint (d.n_far, <, d.n / 500);

        /* Outside the plot nothing differs at all. */
        {
          AnnalsRect axis = { plot.x, 0, plot.width, plot.y };

          compare_canvases (&direct, &grouped, &axis, &d);
          g_assert_cmpint (d.max, <=, 1);
        }

        canvas_clear (&direct);
        canvas_clear (&grouped);
      }
}

/* Thousands of events of every kind and status, of random lengths, in a
 * few tracks: rows packed tight, marks and bar ends of many sizes. */
static AnnalsTimeline *
make_crowd (void)
{
  AnnalsTimeline *timeline = annals_timeline_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint t = 0; t < 6; t++)
    {
      g_autofree char *id = g_strdup_printf ("t%u", t);

      add_track (timeline, id, 0x3465a4 + 0x151515 * t);
    }
  for (guint i = 0; i < 4000; i++)
    {
      g_autofree char *id = g_strdup_printf ("e%u", i);
      g_autofree char *title = g_strdup_printf ("Envoys meet in round %u", i);
      AnnalsTime start = civil (1990, 1, 1) + (AnnalsTime) g_rand_int_range (rand, 0, 36 * 365)
                                              * 86400;
      guint kind = g_rand_int_range (rand, 0, 10);
      AnnalsEventType type = kind < 6 ? ANNALS_EVENT_SPAN
                             : kind < 9 ? ANNALS_EVENT_INSTANT : ANNALS_EVENT_MILESTONE;
      /* Days to years, most of them short. */
      AnnalsTime length = (AnnalsTime) exp (g_rand_double_range (rand, 0, 8)) * 86400;
      AnnalsEvent *e = add_event (timeline, id, title, g_rand_int_range (rand, 0, 6), type, start,
                                  start + length);

      e->status = g_rand_int_range (rand, 0, ANNALS_N_STATUSES);
      if (type == ANNALS_EVENT_SPAN && i % 5 == 0)
        e->start.flags |= ANNALS_DATE_APPROX;
    }
  annals_timeline_finish (timeline);

  return timeline;
}

/* A frame drawn in bands on several threads is the frame drawn in one
 * pass, to the bit: whole range, zoomed in with some events dimmed,
 * scrolled by a fraction of a pixel, dark, at twice the pixels (HiDPI); a
 * few events and a crowd. The first banded frame starts with the helper
 * threads' caches empty. */
static void
test_bands_match_one_pass (void)
{
  if (g_get_num_processors () < 2)
    {
      g_test_skip ("one core: every frame is drawn in one pass");
      return;
    }

  for (guint look = 0; look < 10; look++)
    {
      g_autoptr(AnnalsTimeline) timeline = look < 4 || look == 8 ? make_every_look (TRUE)
                                           : make_crowd ();
      int scale = look >= 8 ? 2 : 1;
      g_autoptr(AnnalsLayout) layout = annals_layout_new (timeline, NULL);
      g_autofree guint8 *highlight = g_new0 (guint8, timeline->n_events);
      AnnalsView view;
      Canvas one;
      Canvas bands;
      guint before;
      guint n_differ = 0;
      int stride;

      for (guint i = 0; i < timeline->n_events; i++)
        highlight[i] = i % 5 != 3;
      view_over (&view, 1280, 900, look % 4 == 3 ? ANNALS_THEME_DARK : ANNALS_THEME_LIGHT,
                 look % 4 == 1 ? civil (1998, 1, 1) : civil (1988, 1, 1),
                 look % 4 == 1 ? civil (2006, 1, 1) : civil (2026, 1, 1));
      if (look % 4 == 1)
        view.highlight = highlight;
      if (look % 4 == 2)
        view.scroll_y = 37.5;
      canvas_init (&one, 1280 * scale, 900 * scale);
      canvas_init (&bands, 1280 * scale, 900 * scale);
      /* Contexts take the scale their surface has when they are made. */
      cairo_surface_set_device_scale (one.surface, scale, scale);
      cairo_surface_set_device_scale (bands.surface, scale, scale);
      cairo_destroy (one.cr);
      cairo_destroy (bands.cr);
      one.cr = cairo_create (one.surface);
      bands.cr = cairo_create (bands.surface);

      annals_render_set_max_threads (1);
      before = annals_render_get_band_frames ();
      draw (&one, layout, &view);
      g_assert_cmpuint (annals_render_get_band_frames (), ==, before);
      annals_render_set_max_threads (8);
      draw (&bands, layout, &view);
      g_assert_cmpuint (annals_render_get_band_frames (), ==, before + 1);

      stride = cairo_image_surface_get_stride (one.surface);
      for (int y = 0; y < 900 * scale; y++)
        for (int x = 0; x < 1280 * scale; x++)
          {
            const guint8 *a = cairo_image_surface_get_data (one.surface) + y * stride + 4 * x;
            const guint8 *b = cairo_image_surface_get_data (bands.surface) + y * stride + 4 * x;

            n_differ += memcmp (a, b, 4) != 0;
          }
      g_test_message ("look %u: %u pixels differ", look, n_differ);
      g_assert_cmpuint (n_differ, ==, 0);

      canvas_clear (&one);
      canvas_clear (&bands);
    }
}

/* Labels composited from stamps are where text would be: the same ink, in
 * the same places, give or take the half pixel a label moves. */
static void
test_raster_labels (void)
{
  g_autoptr(AnnalsTimeline) timeline = make_every_look (TRUE);
  g_autoptr(AnnalsLayout) layout = annals_layout_new (timeline, NULL);
  AnnalsView view;
  AnnalsRect plot;
  Canvas direct;
  Canvas grouped;
  guint labelled = 0;

  view_over (&view, 1200, 700, ANNALS_THEME_LIGHT, civil (1998, 1, 1), civil (2006, 1, 1));
  canvas_init (&direct, 1200, 700);
  canvas_init (&grouped, 1200, 700);
  draw (&direct, layout, &view);
  draw (&direct, layout, &view);
  draw_through_group (&grouped, layout, &view);
  annals_renderer_get_plot_area (layout, &view, &plot);

  /* Row by row, the dark ink (text and outlines) agrees. */
  for (int y = (int) plot.y; y + 20 <= (int) (plot.y + plot.height); y += 20)
    {
      double ink_direct = 0;
      double ink_grouped = 0;

      for (int yy = y; yy < y + 20; yy++)
        for (int x = (int) plot.x; x < (int) (plot.x + plot.width); x++)
          {
            ink_direct += 255 - luminance_at (&direct, x, yy);
            ink_grouped += 255 - luminance_at (&grouped, x, yy);
          }
      if (ink_grouped > 0)
        g_assert_cmpfloat (fabs (ink_direct - ink_grouped), <, 0.03 * ink_grouped + 255);
    }

  /* And there are labels: a title's width of text right of some marks. */
  for (guint i = 0; i < timeline->n_events; i++)
    {
      AnnalsRect rect;
      double dark = 0;

      if (!annals_renderer_get_event_rect (layout, &view, i, &rect)
          || rect.width > 20 || rect.x + rect.width + 80 > plot.x + plot.width
          || rect.x < plot.x)
        continue;
      for (int x = (int) (rect.x + rect.width + 6); x < (int) (rect.x + rect.width + 60); x++)
        for (int y = (int) rect.y; y < (int) (rect.y + rect.height); y++)
          if (luminance_at (&direct, x, y) < 110)
            dark++;
      if (dark > 20)
        labelled++;
    }
  g_assert_cmpuint (labelled, >, 3);

  canvas_clear (&direct);
  canvas_clear (&grouped);
}

/* A track of hundreds of rows scrolled to its middle: every row in view is
 * drawn, the first and the last partly visible ones included (the visible
 * rows are found from where the plot's edges fall, not by walking the lane). */
static void
test_scrolled_rows (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  g_autoptr(AnnalsLayout) layout = NULL;
  AnnalsRgba green = annals_rgba_from_color (0x4e9a06);
  gint track = add_track (timeline, "t", 0x4e9a06);
  const double scrolls[] = { 0, 1234.5, 4321.25, 1e9 };

  /* Overlapping spans: one row each. */
  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *id = g_strdup_printf ("e%u", i);

      add_event (timeline, id, NULL, track, ANNALS_EVENT_SPAN, civil (2000, 1, 1) + i * DAY,
                 civil (2009, 12, 31));
    }
  annals_timeline_finish (timeline);
  layout = annals_layout_new (timeline, NULL);
  g_assert_cmpuint (annals_layout_get_n_rows (layout), >=, 400);

  for (guint k = 0; k < G_N_ELEMENTS (scrolls); k++)
    {
      AnnalsView view;
      AnnalsRect plot;
      Canvas canvas;
      guint seen = 0;

      view_over (&view, 700, 500, ANNALS_THEME_LIGHT, civil (1999, 1, 1), civil (2011, 1, 1));
      annals_renderer_get_plot_area (layout, &view, &plot);
      /* The last case shows the last rows at the bottom. */
      view.scroll_y = MIN (scrolls[k],
                           annals_renderer_get_content_height (layout, &view) - plot.height);
      canvas_init (&canvas, 700, 500);
      draw (&canvas, layout, &view);

      for (guint i = 0; i < timeline->n_events; i++)
        {
          AnnalsRect rect;
          double x = annals_renderer_time_to_x (layout, &view, civil (2005, 7, 2));
          double top;
          double bottom;

          g_assert_true (annals_renderer_get_event_rect (layout, &view, i, &rect));
          /* Where the bar is filled inside the plot, clear of its outline. */
          top = MAX (rect.y + 2, plot.y);
          bottom = MIN (rect.y + rect.height - 2, plot.y + plot.height);
          if (bottom - top < 1)
            continue;
          g_assert_true (pixel_is (&canvas, x, (top + bottom) / 2, &green, 2));
          seen++;
        }
      g_test_message ("scroll %g: %u rows seen, plot %g high", view.scroll_y, seen, plot.height);
      /* Rows of the plot's height, give or take the partly visible ones. */
      g_assert_cmpuint (seen, >=, (guint) (plot.height / view.theme->row_height) - 1);

      canvas_clear (&canvas);
    }
}

static void
test_highlight_and_overlay (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  g_autoptr(AnnalsLayout) layout = NULL;
  AnnalsView view;
  AnnalsRect a;
  AnnalsRect b;
  Canvas canvas;
  guint8 highlight[2] = { 1, 0 };
  guint ring = 0;
  guint stray = 0;
  gint ta = add_track (timeline, "a", 0x3465a4);
  gint tb = add_track (timeline, "b", 0x3465a4);

  add_event (timeline, "a", NULL, ta, ANNALS_EVENT_SPAN, civil (2001, 1, 1), civil (2004, 1, 1));
  add_event (timeline, "b", NULL, tb, ANNALS_EVENT_SPAN, civil (2001, 1, 1), civil (2004, 1, 1));
  annals_timeline_finish (timeline);
  layout = annals_layout_new (timeline, NULL);

  view_over (&view, 600, 300, ANNALS_THEME_LIGHT, civil (2000, 1, 1), civil (2006, 1, 1));
  view.highlight = highlight;
  canvas_init (&canvas, 600, 300);
  draw (&canvas, layout, &view);
  g_assert_true (annals_renderer_get_event_rect (layout, &view, 0, &a));
  g_assert_true (annals_renderer_get_event_rect (layout, &view, 1, &b));

  /* The one that does not match the search is dimmed: lighter. */
  g_assert_cmpfloat (luminance_at (&canvas, a.x + a.width / 2, a.y + a.height / 2) + 40, <,
                     luminance_at (&canvas, b.x + b.width / 2, b.y + b.height / 2));
  canvas_clear (&canvas);

  /* The overlay alone: a selection ring around the event, nothing else. */
  view.highlight = NULL;
  view.selected = 0;
  view.flags = ANNALS_RENDER_NO_STATIC;
  canvas_init (&canvas, 600, 300);
  draw (&canvas, layout, &view);
  for (int y = 0; y < 300; y++)
    for (int x = 0; x < 600; x++)
      {
        int r;
        int g;
        int bl;
        int al;
        gboolean near = x >= a.x - 6 && x <= a.x + a.width + 6 && y >= a.y - 6
                        && y <= a.y + a.height + 6;

        pixel (&canvas, x, y, &r, &g, &bl, &al);
        if (al > 0 && near)
          ring++;
        else if (al > 0)
          stray++;
      }
  g_assert_cmpuint (ring, >, 2 * (a.width + a.height));
  g_assert_cmpuint (stray, ==, 0);
  /* Not inside the bar: the static scene shows through there. */
  {
    int r;
    int g;
    int bl;
    int al;

    pixel (&canvas, a.x + a.width / 2, a.y + a.height / 2, &r, &g, &bl, &al);
    g_assert_cmpint (al, ==, 0);
  }
  canvas_clear (&canvas);

  /* The static scene alone has no ring. */
  view.flags = ANNALS_RENDER_NO_OVERLAY;
  canvas_init (&canvas, 600, 300);
  draw (&canvas, layout, &view);
  g_assert_true (pixel_is (&canvas, a.x + a.width / 2, a.y - 2.5, &view.theme->background, 2));
  canvas_clear (&canvas);
}

static void
test_as_of_and_eras (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  g_autoptr(AnnalsLayout) layout = NULL;
  AnnalsView view;
  AnnalsRect plot;
  Canvas canvas;
  AnnalsEra *era;
  double x;
  double y;
  gint track = add_track (timeline, "t", 0x3465a4);

  add_event (timeline, "a", NULL, track, ANNALS_EVENT_INSTANT, civil (2001, 1, 1), 0);
  era = annals_timeline_add_era (timeline);
  era->start = day_date (civil (2002, 1, 1));
  era->end = day_date (civil (2003, 12, 31));
  era->color = 0x2060c0;
  timeline->as_of = day_date (civil (2005, 6, 30));
  annals_timeline_finish (timeline);
  layout = annals_layout_new (timeline, NULL);

  view_over (&view, 800, 300, ANNALS_THEME_LIGHT, civil (2000, 1, 1), civil (2008, 1, 1));
  canvas_init (&canvas, 800, 300);
  draw (&canvas, layout, &view);
  annals_renderer_get_plot_area (layout, &view, &plot);
  y = plot.y + plot.height - 10;

  /* The as-of line at the end of the as-of day. */
  x = annals_renderer_time_to_x (layout, &view, civil (2005, 7, 1));
  g_assert_true (pixel_is (&canvas, x, y, &view.theme->as_of, 40));
  g_assert_true (pixel_is (&canvas, x + 6, y, &view.theme->background, 2));

  /* The era shades the lanes, not beyond its end. */
  x = annals_renderer_time_to_x (layout, &view, civil (2003, 1, 1)) + 0.5;
  g_assert_false (pixel_is (&canvas, x, y, &view.theme->background, 2));
  x = annals_renderer_time_to_x (layout, &view, civil (2004, 6, 1)) + 0.5;
  g_assert_true (pixel_is (&canvas, x, y, &view.theme->background, 2));

  canvas_clear (&canvas);
}

static void
test_dark_theme (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  g_autoptr(AnnalsLayout) layout = NULL;
  const AnnalsTheme *dark = annals_theme_get (ANNALS_THEME_DARK);
  const AnnalsTheme *light = annals_theme_get (ANNALS_THEME_LIGHT);
  AnnalsView view;
  AnnalsRect plot;
  AnnalsRect rect;
  Canvas canvas;
  AnnalsThemeVariant variant;
  gint track = add_track (timeline, "t", 0x1a1a80);

  add_event (timeline, "a", NULL, track, ANNALS_EVENT_SPAN, civil (2001, 1, 1), civil (2003, 1, 1));
  annals_timeline_finish (timeline);
  layout = annals_layout_new (timeline, NULL);

  g_assert_true (annals_theme_parse_variant ("dark", &variant));
  g_assert_cmpint (variant, ==, ANNALS_THEME_DARK);
  g_assert_true (annals_theme_parse_variant ("Light", &variant));
  g_assert_cmpint (variant, ==, ANNALS_THEME_LIGHT);
  g_assert_false (annals_theme_parse_variant ("sepia", &variant));

  view_over (&view, 600, 300, ANNALS_THEME_DARK, civil (2000, 1, 1), civil (2005, 1, 1));
  canvas_init (&canvas, 600, 300);
  draw (&canvas, layout, &view);
  annals_renderer_get_plot_area (layout, &view, &plot);

  g_assert_true (pixel_is (&canvas, plot.x + plot.width - 5, plot.y + plot.height - 5,
                           &dark->background, 2));
  g_assert_true (pixel_is (&canvas, 3, plot.y + plot.height - 5, &dark->gutter, 2));

  /* A dark dataset colour is lifted to stay visible on the dark background. */
  g_assert_true (annals_renderer_get_event_rect (layout, &view, 0, &rect));
  g_assert_cmpfloat (luminance_at (&canvas, rect.x + rect.width / 2, rect.y + rect.height / 2), >,
                     luminance_at (&canvas, plot.x + plot.width - 5, plot.y + plot.height - 5)
                     + 40);
  canvas_clear (&canvas);

  g_assert_cmpint (light->variant, ==, ANNALS_THEME_LIGHT);
  g_assert_cmpint (dark->variant, ==, ANNALS_THEME_DARK);
}

static void
test_theme_contrast (void)
{
  static const AnnalsRgba white = { 1, 1, 1, 1 };
  static const AnnalsRgba black = { 0, 0, 0, 1 };

  g_assert_cmpfloat_with_epsilon (annals_rgba_contrast (&white, &black), 21, 1e-9);
  g_assert_cmpfloat_with_epsilon (annals_rgba_contrast (&white, &white), 1, 1e-9);

  for (int v = ANNALS_THEME_LIGHT; v <= ANNALS_THEME_DARK; v++)
    {
      const AnnalsTheme *theme = annals_theme_get (v);
      AnnalsEvent probe = { 0 };
      AnnalsTimeline *timeline = annals_timeline_new ();
      AnnalsRgba adjusted;
      AnnalsTrack *track;

      /* WCAG AA for text: 4.5:1 on every background text sits on. */
      g_assert_cmpfloat (annals_rgba_contrast (&theme->foreground, &theme->background), >=, 4.5);
      g_assert_cmpfloat (annals_rgba_contrast (&theme->dim_foreground, &theme->background),
                         >=, 4.5);
      g_assert_cmpfloat (annals_rgba_contrast (&theme->foreground, &theme->gutter), >=, 4.5);
      g_assert_cmpfloat (annals_rgba_contrast (&theme->dim_foreground, &theme->gutter), >=, 4.5);
      /* The as-of date is written in its colour on the background. */
      g_assert_cmpfloat (annals_rgba_contrast (&theme->as_of, &theme->background), >=, 4.5);

      /* Marks: 3:1 against the background, the palette's and a dataset's. */
      for (guint i = 0; i < G_N_ELEMENTS (theme->palette); i++)
        g_assert_cmpfloat (annals_rgba_contrast (&theme->palette[i], &theme->background), >=, 3);

      track = annals_timeline_add_track (timeline);
      track->id = annals_timeline_intern (timeline, "t");
      track->color = v == ANNALS_THEME_LIGHT ? 0xffee00 : 0x101060;
      annals_timeline_finish (timeline);
      probe.track = 0;
      probe.category = -1;
      adjusted = annals_theme_event_color (theme, timeline, &probe);
      g_assert_cmpfloat (annals_rgba_contrast (&adjusted, &theme->background), >=, 3);
      annals_timeline_unref (timeline);
    }
}

static void
test_scroll_and_geometry (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  g_autoptr(AnnalsLayout) layout = NULL;
  AnnalsView view;
  AnnalsRect before;
  AnnalsRect after;
  AnnalsRect plot;
  AnnalsRect framed;
  double content;

  for (guint t = 0; t < 30; t++)
    {
      g_autofree char *id = g_strdup_printf ("t%u", t);
      gint track = add_track (timeline, id, ANNALS_COLOR_NONE);

      add_event (timeline, id, "A title", track, ANNALS_EVENT_SPAN, civil (2001, 1, 1),
                 civil (2002, 1, 1));
    }
  annals_timeline_finish (timeline);
  layout = annals_layout_new (timeline, NULL);

  view_over (&view, 800, 400, ANNALS_THEME_LIGHT, civil (2000, 1, 1), civil (2004, 1, 1));
  content = annals_renderer_get_content_height (layout, &view);
  g_assert_cmpfloat_with_epsilon (content, 30 * (view.theme->row_height + view.theme->lane_gap),
                                  1e-9);

  g_assert_true (annals_renderer_get_event_rect (layout, &view, 20, &before));
  /* Event 20 (events sort by id: t0, t1, t10...) is far down: scroll to it. */
  view.scroll_y = 800;
  g_assert_true (annals_renderer_get_event_rect (layout, &view, 20, &after));
  g_assert_cmpfloat_with_epsilon (before.y - after.y, 800, 1e-9);
  g_assert_cmpfloat (before.y, >, view.height);
  g_assert_cmpfloat (after.y, <, view.height);
  g_assert_cmpfloat_with_epsilon (before.x, after.x, 1e-9);

  /* The axis stays put: the plot starts below it whatever the scroll. */
  annals_renderer_get_plot_area (layout, &view, &plot);
  g_assert_cmpfloat_with_epsilon (plot.y, view.theme->axis_height, 1e-9);
  g_assert_cmpfloat_with_epsilon (plot.x, view.theme->gutter_width, 1e-9);

  /* Lanes are found by y, in the plot only. */
  g_assert_cmpint (annals_renderer_lane_at (layout, &view, after.y + after.height / 2), ==,
                   annals_layout_get_event_lane (layout, 20));
  g_assert_cmpint (annals_renderer_lane_at (layout, &view, 2), ==, -1);

  /* With furniture, the plot is inset below a title and above a footer. */
  view.flags = ANNALS_RENDER_FURNITURE;
  view.scroll_y = 0;
  annals_renderer_get_plot_area (layout, &view, &framed);
  g_assert_cmpfloat (framed.y, >, plot.y + 40);
  g_assert_cmpfloat (framed.x, >, 0);
  g_assert_cmpfloat (framed.y + framed.height, <, view.height - 20);
}

/* An export's gutter is as wide as its widest track label. With many tracks
 * only the labels with the most characters are measured (measuring 700 000
 * took seconds): the longest must still be among them, wherever it is. */
static double
export_gutter_for (guint        n_tracks,
                   gint         long_track)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  g_autoptr(AnnalsLayout) layout = NULL;
  AnnalsView view;
  AnnalsRect plot;

  for (guint t = 0; t < n_tracks; t++)
    {
      g_autofree char *id = g_strdup_printf ("t%u", t);
      gint track = add_track (timeline, id, ANNALS_COLOR_NONE);

      if ((gint) t == long_track)
        timeline->tracks[track].label = annals_timeline_intern (timeline,
                                                                "Withdrawal of the US forces");
      add_event (timeline, id, "A title", track, ANNALS_EVENT_INSTANT, civil (2001, 1, 1), 0);
    }
  annals_timeline_finish (timeline);
  layout = annals_layout_new (timeline, NULL);
  view_over (&view, 1600, 900, ANNALS_THEME_LIGHT, civil (2000, 1, 1), civil (2004, 1, 1));
  view.flags |= ANNALS_RENDER_FURNITURE;
  annals_renderer_get_plot_area (layout, &view, &plot);
  return plot.x;
}

static void
test_gutter_many_tracks (void)
{
  double short_only = export_gutter_for (600, -1);

  /* A long label first, in the middle or last: the gutter grows for it. */
  g_assert_cmpfloat (export_gutter_for (600, 0), >, short_only + 40);
  g_assert_cmpfloat (export_gutter_for (600, 300), >, short_only + 40);
  g_assert_cmpfloat (export_gutter_for (600, 599), >, short_only + 40);
  g_assert_cmpfloat_with_epsilon (export_gutter_for (600, 599), export_gutter_for (600, 0), 1e-9);
}

static void
test_quantity_chart (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  g_autoptr(AnnalsLayout) layout = NULL;
  AnnalsRgba orange = annals_rgba_from_color (0xb04000);
  AnnalsView view;
  AnnalsRect plot;
  Canvas canvas;
  const AnnalsLane *lane;
  double x;
  guint hits = 0;
  gint track = add_track (timeline, "troops", 0xb04000);

  timeline->tracks[track].kind = ANNALS_TRACK_QUANTITY;
  for (int i = 0; i < 2; i++)
    {
      AnnalsMeasure *measure = annals_timeline_add_measure (timeline);

      measure->track = track;
      measure->date = day_date (civil (2002 + 4 * i, 1, 1));
      measure->value = 1000 + 2000 * i;
    }
  annals_timeline_finish (timeline);
  layout = annals_layout_new (timeline, NULL);

  view_over (&view, 800, 300, ANNALS_THEME_LIGHT, civil (2000, 1, 1), civil (2010, 1, 1));
  canvas_init (&canvas, 800, 300);
  draw (&canvas, layout, &view);
  annals_renderer_get_plot_area (layout, &view, &plot);
  lane = annals_layout_get_lane (layout, 0);
  g_assert_cmpint (lane->kind, ==, ANNALS_TRACK_QUANTITY);

  /* Between the two measures, the step is drawn in the track's colour
   * somewhere in the chart's rows; before the first, nothing is. */
  x = annals_renderer_time_to_x (layout, &view, civil (2004, 1, 1));
  for (double y = plot.y; y < plot.y + ANNALS_LAYOUT_CHART_ROWS * view.theme->row_height
                                     + view.theme->lane_gap; y++)
    hits += pixel_is (&canvas, x, y, &orange, 10);
  g_assert_cmpuint (hits, >=, 2);

  hits = 0;
  x = annals_renderer_time_to_x (layout, &view, civil (2001, 1, 1));
  for (double y = plot.y; y < plot.y + ANNALS_LAYOUT_CHART_ROWS * view.theme->row_height; y++)
    hits += pixel_is (&canvas, x, y, &orange, 60);
  g_assert_cmpuint (hits, ==, 0);

  canvas_clear (&canvas);
}

/* Odd views and any script never crash nor warn (the test fails on any
 * critical or warning). */
static void
test_robust (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  g_autoptr(AnnalsTimeline) empty = annals_timeline_new ();
  g_autoptr(AnnalsLayout) layout = NULL;
  g_autoptr(AnnalsLayout) empty_layout = NULL;
  const char *titles[] = {
    "عملية حلف الناتو في العراق", "משימת נאט\"ו", "Миссия НАТО",
    "🛰️ Launch 🚀",
    "A very long title that goes on and on and never seems to end at all, really", "",
  };
  struct { double start, end, scroll; int width, height; } views[] = {
    { 0, 0, 0, 800, 300 },
    { NAN, NAN, NAN, 800, 300 },
    { -INFINITY, INFINITY, 0, 800, 300 },
    { 1e30, -1e30, -1e9, 800, 300 },
    { 0, 1, 0, 800, 300 },
    { -3.2e16, 3.2e16, 1e9, 800, 300 },
    { 0, 1e9, 0, 1, 1 },
    { 0, 1e9, 0, 60, 500 },
    { 0, 1e9, 0, 0, 0 },
    { 0, 1e9, 0, -5, 300 },
  };
  gint track = add_track (timeline, "t", ANNALS_COLOR_NONE);
  Canvas canvas;

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autofree char *id = g_strdup_printf ("e%u", i);

      add_event (timeline, id, titles[i], i % 2 ? track : -1,
                 i % 3 == 0 ? ANNALS_EVENT_SPAN : ANNALS_EVENT_MILESTONE,
                 civil (2000 + i, 1, 1), civil (2003 + i, 1, 1));
    }
  annals_timeline_finish (timeline);
  annals_timeline_finish (empty);
  layout = annals_layout_new (timeline, NULL);
  empty_layout = annals_layout_new (empty, NULL);

  canvas_init (&canvas, 800, 500);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    for (guint flags = 0; flags < 8; flags++)
      {
        AnnalsView view;
        AnnalsRect rect;

        annals_view_init (&view, views[i].width, views[i].height, NULL);
        view.start = views[i].start;
        view.end = views[i].end;
        view.scroll_y = views[i].scroll;
        view.flags = flags;
        view.selected = 0;
        view.hovered = 1;
        draw (&canvas, layout, &view);
        draw (&canvas, empty_layout, &view);
        annals_renderer_pick (layout, &view, 400, 100);
        annals_renderer_pick (empty_layout, &view, 400, 100);
        annals_renderer_get_event_rect (layout, &view, 0, &rect);
        g_assert_false (annals_renderer_get_event_rect (layout, &view, 999, &rect));
        annals_renderer_lane_at (layout, &view, 100);
        g_assert_true (isfinite (annals_renderer_time_to_x (layout, &view, 0)));
      }
  canvas_clear (&canvas);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/render/span-bar", test_span_bar);
  g_test_add_func ("/render/marks", test_marks);
  g_test_add_func ("/render/density", test_density);
  g_test_add_func ("/render/statuses-without-colour", test_statuses_without_colour);
  g_test_add_func ("/render/highlight-and-overlay", test_highlight_and_overlay);
  g_test_add_func ("/render/as-of-and-eras", test_as_of_and_eras);
  g_test_add_func ("/render/dark-theme", test_dark_theme);
  g_test_add_func ("/render/theme-contrast", test_theme_contrast);
  g_test_add_func ("/render/scroll-and-geometry", test_scroll_and_geometry);
  g_test_add_func ("/render/quantity-chart", test_quantity_chart);
  g_test_add_func ("/render/gutter-many-tracks", test_gutter_many_tracks);
  g_test_add_func ("/render/robust", test_robust);
  g_test_add_func ("/render/raster-matches-cairo", test_raster_matches_cairo);
  g_test_add_func ("/render/raster-labels", test_raster_labels);
  g_test_add_func ("/render/bands-match-one-pass", test_bands_match_one_pass);
  g_test_add_func ("/render/scrolled-rows", test_scrolled_rows);

  return g_test_run ();
}
