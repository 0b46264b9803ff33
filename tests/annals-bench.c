/* SPDX-License-Identifier: GPL-3.0-or-later */
/* annals-bench: measures one dataset and prints one JSON object, the "runs"
 * entry of bench.json, on stdout (and a readable line on stderr).
 *
 *   annals-bench ANNALS_BINARY FILE EVENTS
 *
 * Figures: file size; load (read + parse + validate + model) and layout time;
 * peak RSS and bytes per event over the process's size before loading (of the
 * load alone: taken before the layout is built), and the peak with the layout;
 * 1920x1080 frame time with the whole dataset, one year and one day in view;
 * the real `annals --export` of the whole dataset to PNG and SVG. Times are
 * medians of several runs (5 loads and exports, 31 frames): the machines it runs
 * on are shared, and slow spells come in bursts. Run from tests/bench.sh (make bench). */

#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "annals-layout.h"
#include "annals-loader.h"
#include "annals-renderer.h"

#define FRAME_WIDTH  1920
#define FRAME_HEIGHT 1080
#define FRAME_RUNS   31

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* Resident set size now, from /proc (ru_maxrss only gives the peak). */
static gint64
current_rss_bytes (void)
{
  g_autofree char *text = NULL;
  long pages = 0;

  if (g_file_get_contents ("/proc/self/statm", &text, NULL, NULL))
    sscanf (text, "%*s %ld", &pages);
  return (gint64) pages * 4096;
}

static gint64
peak_rss_bytes (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (gint64) usage.ru_maxrss * 1024;
}

static double
frame_ms (AnnalsLayout *layout,
          double        start,
          double        end)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, FRAME_WIDTH, FRAME_HEIGHT);
  double times[FRAME_RUNS];
  AnnalsView view;

  annals_view_init (&view, FRAME_WIDTH, FRAME_HEIGHT, annals_theme_get (ANNALS_THEME_LIGHT));
  view.start = start;
  view.end = end;

  /* One frame to warm caches (fonts, glyphs), as the window has them. */
  for (int run = -1; run < FRAME_RUNS; run++)
    {
      cairo_t *cr = cairo_create (surface);
      gint64 begin = g_get_monotonic_time ();

      annals_renderer_draw (cr, layout, &view);
      cairo_surface_flush (surface);
      if (run >= 0)
        times[run] = (g_get_monotonic_time () - begin) / 1000.0;
      cairo_destroy (cr);
    }

  cairo_surface_destroy (surface);
  return median (times, FRAME_RUNS);
}

/* Times the real command line, as a script would run it. */
static double
export_seconds (const char *annals,
                const char *file,
                const char *out,
                gint64     *bytes)
{
  double times[5];
  guint n = 0;

  for (guint run = 0; run < G_N_ELEMENTS (times); run++)
    {
      const char *argv[] = { annals, "--export", out, file, NULL };
      g_autoptr(GError) error = NULL;
      int status = 0;
      gint64 begin = g_get_monotonic_time ();
      GStatBuf st;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                         NULL, NULL, &status, &error)
          || !g_spawn_check_wait_status (status, &error))
        {
          g_printerr ("annals-bench: export to %s failed: %s\n", out, error->message);
          return -1;
        }
      times[n++] = (g_get_monotonic_time () - begin) / 1e6;
      if (bytes != NULL && g_stat (out, &st) == 0)
        *bytes = st.st_size;
    }

  g_unlink (out);
  return median (times, n);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AnnalsTimeline) timeline = NULL;
  g_autoptr(AnnalsLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *png = NULL;
  g_autofree char *svg = NULL;
  double load_times[5];
  double layout_times[5];
  AnnalsTime extent_start, extent_end;
  double mid;
  double all_ms, year_ms, day_ms, png_s, svg_s;
  gint64 rss_before, rss_peak = 0, rss_peak_layout = 0, svg_bytes = 0;
  guint n_events;
  GStatBuf st;

  if (argc != 4)
    {
      g_printerr ("Usage: annals-bench ANNALS_BINARY FILE EVENTS\n");
      return 2;
    }
  n_events = (guint) g_ascii_strtoull (argv[3], NULL, 10);
  if (g_stat (argv[2], &st) != 0)
    {
      g_printerr ("annals-bench: cannot read %s\n", argv[2]);
      return 2;
    }

  /* The first load gives the memory figures: the process is small before it. */
  rss_before = current_rss_bytes ();
  for (guint run = 0; run < G_N_ELEMENTS (load_times); run++)
    {
      gint64 begin = g_get_monotonic_time ();

      g_clear_pointer (&timeline, annals_timeline_unref);
      timeline = annals_load_file (argv[2], NULL, NULL, &error);
      if (timeline == NULL)
        {
          g_printerr ("annals-bench: %s\n", error->message);
          return 1;
        }
      load_times[run] = (g_get_monotonic_time () - begin) / 1e6;

      if (run == 0)
        {
          /* The load's own peak: the layout comes after. */
          rss_peak = peak_rss_bytes ();
          begin = g_get_monotonic_time ();
          layout = annals_layout_new (timeline, NULL);
          layout_times[0] = (g_get_monotonic_time () - begin) / 1e6;
          rss_peak_layout = peak_rss_bytes ();
        }
    }
  for (guint run = 1; run < G_N_ELEMENTS (layout_times); run++)
    {
      gint64 begin = g_get_monotonic_time ();
      AnnalsLayout *again = annals_layout_new (timeline, NULL);

      layout_times[run] = (g_get_monotonic_time () - begin) / 1e6;
      annals_layout_unref (again);
    }
  /* Draw the last loaded timeline's layout. */
  g_clear_pointer (&layout, annals_layout_unref);
  layout = annals_layout_new (timeline, NULL);

  annals_layout_get_extent (layout, &extent_start, &extent_end);
  mid = extent_start / 2.0 + extent_end / 2.0;
  all_ms = frame_ms (layout, extent_start, extent_end);
  year_ms = frame_ms (layout, mid - 182.5 * 86400, mid + 182.5 * 86400);
  day_ms = frame_ms (layout, mid - 43200, mid + 43200);

  png = g_build_filename (g_get_tmp_dir (), "annals-bench.png", NULL);
  svg = g_build_filename (g_get_tmp_dir (), "annals-bench.svg", NULL);
  png_s = export_seconds (argv[1], argv[2], png, NULL);
  svg_s = export_seconds (argv[1], argv[2], svg, &svg_bytes);

  g_printerr ("%9u events %8.1f MB  load %6.2f s  layout %6.3f s  peak %7.1f MB  %5.0f B/event"
              "  (with layout %7.1f MB)  frame all %6.2f ms  year %6.2f ms  day %6.2f ms"
              "  png %5.2f s  svg %5.2f s (%.1f MB)\n",
              n_events, st.st_size / 1e6, median (load_times, 5), median (layout_times, 5),
              rss_peak / 1e6, (double) (rss_peak - rss_before) / MAX (n_events, 1),
              rss_peak_layout / 1e6, all_ms, year_ms, day_ms, png_s, svg_s, svg_bytes / 1e6);

  printf ("{\"events\": %u, \"file_bytes\": %" G_GINT64_FORMAT ", \"load_s\": %.3f, "
          "\"layout_s\": %.4f, \"peak_rss_bytes\": %" G_GINT64_FORMAT ", \"bytes_per_event\": %.0f, "
          "\"peak_rss_with_layout_bytes\": %" G_GINT64_FORMAT ", "
          "\"frame_ms\": {\"all\": %.3f, \"year\": %.3f, \"day\": %.3f}, "
          "\"export_png_s\": %.3f, \"export_svg_s\": %.3f, \"svg_bytes\": %" G_GINT64_FORMAT "}\n",
          n_events, (gint64) st.st_size, median (load_times, 5), median (layout_times, 5),
          rss_peak, (double) (rss_peak - rss_before) / MAX (n_events, 1), rss_peak_layout,
          all_ms, year_ms, day_ms, png_s, svg_s, svg_bytes);

  return 0;
}
