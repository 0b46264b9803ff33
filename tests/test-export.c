/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "annals-export.h"
#include "annals-loader.h"

/* Export: PNG of the requested pixel size and not blank, SVG that libxml2
 * parses with the requested size, PDF whose text stays text (pdftotext finds
 * the titles and the sources), the dark theme, and failures that leave no
 * file behind. */

#define DAY ((AnnalsTime) ANNALS_SECONDS_PER_DAY)

static AnnalsDate
day_date (AnnalsTime time)
{
  AnnalsDate date = { 0 };

  date.time = time;
  date.precision = ANNALS_PRECISION_DAY;

  return date;
}

static AnnalsTime
civil (gint64 year,
       int    month,
       int    day)
{
  return annals_days_from_civil (year, month, day) * DAY;
}

/* A small timeline with a cited source, as a reporter would make one. */
static AnnalsLayout *
make_layout (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  AnnalsSource *source;
  AnnalsTrack *track;
  AnnalsEvent *event;
  AnnalsEventDetail *detail;
  AnnalsCitation *cite;

  timeline->title = annals_timeline_strdup (timeline, "Harbour Bridge works");
  timeline->description = annals_timeline_strdup (timeline, "What was built when.");
  timeline->as_of = day_date (civil (2024, 3, 1));

  source = annals_timeline_add_source (timeline);
  source->id = annals_timeline_intern (timeline, "gazette");
  source->publisher = annals_timeline_strdup (timeline, "Harbour Gazette");
  source->title = annals_timeline_strdup (timeline, "Bridge opens at last");
  source = annals_timeline_add_source (timeline);
  source->id = annals_timeline_intern (timeline, "uncited");
  source->publisher = annals_timeline_strdup (timeline, "Never Cited Weekly");

  track = annals_timeline_add_track (timeline);
  track->id = annals_timeline_intern (timeline, "works");
  track->label = annals_timeline_strdup (timeline, "Works");

  detail = annals_timeline_alloc (timeline, sizeof *detail);
  memset (detail, 0, sizeof *detail);
  cite = annals_timeline_alloc (timeline, sizeof *cite);
  cite->source = 0;
  cite->quote = NULL;
  cite->page = NULL;
  detail->cites = cite;
  detail->n_cites = 1;

  event = annals_timeline_add_event (timeline);
  event->id = annals_timeline_intern (timeline, "build");
  event->title = annals_timeline_strdup (timeline, "Construction of the span");
  event->track = 0;
  event->type = ANNALS_EVENT_SPAN;
  event->start = day_date (civil (2019, 1, 1));
  event->end = day_date (civil (2023, 6, 30));
  event->detail = detail;
  /* Hatched, and below a dashed one: patterns in every format. */
  event->status = ANNALS_STATUS_REPORTED;

  event = annals_timeline_add_event (timeline);
  event->id = annals_timeline_intern (timeline, "toll");
  event->title = annals_timeline_strdup (timeline, "Toll proposed");
  event->track = 0;
  event->type = ANNALS_EVENT_INSTANT;
  event->status = ANNALS_STATUS_PROPOSED;
  event->start = day_date (civil (2020, 3, 2));

  event = annals_timeline_add_event (timeline);
  event->id = annals_timeline_intern (timeline, "open");
  event->title = annals_timeline_strdup (timeline, "Opening ceremony");
  event->track = 0;
  event->type = ANNALS_EVENT_MILESTONE;
  event->start = day_date (civil (2023, 7, 15));

  annals_timeline_finish (timeline);

  return annals_layout_new (timeline, NULL);
}

static char *
temp_path (const char *name)
{
  /* G_TEST_OPTION_ISOLATE_DIRS gives each test its own, removed afterwards. */
  return g_build_filename (g_get_user_cache_dir (), name, NULL);
}

static void
assert_only_file (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      /* No temporary file left behind. */
      g_assert_cmpstr (name, ==, base);
      n++;
    }
  g_assert_cmpuint (n, ==, 1);
}

static void
test_png (void)
{
  g_autoptr(AnnalsLayout) layout = make_layout ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  AnnalsExportOptions options;
  cairo_surface_t *image;
  guint8 *data;
  int stride;
  guint32 first;
  guint differing = 0;

  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  path = temp_path ("bridge.png");
  annals_export_options_init (&options);
  g_assert_cmpint (options.width, ==, 1600);
  g_assert_cmpint (options.height, ==, 900);
  g_assert_true (annals_export_format_from_path (path, &options.format));
  g_assert_cmpint (options.format, ==, ANNALS_EXPORT_PNG);
  options.width = 640;
  options.height = 360;
  options.scale = 2;

  g_assert_true (annals_export_to_file (layout, &options, path, &error));
  g_assert_no_error (error);
  assert_only_file (path);

  image = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  /* HiDPI: twice the pixels. */
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1280);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 720);

  /* Not blank: a good share of pixels differ from the corner's. */
  data = cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image);
  first = *(guint32 *) (gpointer) data;
  for (int y = 0; y < 720; y++)
    for (int x = 0; x < 1280; x++)
      differing += ((guint32 *) (gpointer) (data + y * stride))[x] != first;
  g_assert_cmpuint (differing, >, 1280 * 720 / 50);
  cairo_surface_destroy (image);
}

static void
test_png_dark (void)
{
  g_autoptr(AnnalsLayout) layout = make_layout ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  AnnalsExportOptions options;
  const AnnalsTheme *dark = annals_theme_get (ANNALS_THEME_DARK);
  cairo_surface_t *image;
  guint32 corner;

  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  path = temp_path ("dark.png");
  annals_export_options_init (&options);
  options.width = 400;
  options.height = 300;
  options.theme = ANNALS_THEME_DARK;
  g_assert_true (annals_export_to_file (layout, &options, path, &error));
  g_assert_no_error (error);

  image = cairo_image_surface_create_from_png (path);
  corner = *(guint32 *) (gpointer) cairo_image_surface_get_data (image);
  g_assert_cmpuint (corner & 0xffffff, ==,
                    (guint32) (dark->background.r * 255 + 0.5) << 16
                    | (guint32) (dark->background.g * 255 + 0.5) << 8
                    | (guint32) (dark->background.b * 255 + 0.5));
  cairo_surface_destroy (image);
}

static void
test_svg (void)
{
  g_autoptr(AnnalsLayout) layout = make_layout ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  AnnalsExportOptions options;
  xmlDocPtr doc;
  xmlNodePtr root;
  xmlChar *width;
  xmlChar *height;

  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  path = temp_path ("bridge.svg");
  annals_export_options_init (&options);
  g_assert_true (annals_export_format_from_path (path, &options.format));
  g_assert_cmpint (options.format, ==, ANNALS_EXPORT_SVG);
  options.width = 1200;
  options.height = 700;

  g_assert_true (annals_export_to_file (layout, &options, path, &error));
  g_assert_no_error (error);
  assert_only_file (path);

  doc = xmlReadFile (path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  g_assert_nonnull (doc);
  root = xmlDocGetRootElement (doc);
  g_assert_nonnull (root);
  g_assert_cmpstr ((const char *) root->name, ==, "svg");
  width = xmlGetProp (root, (const xmlChar *) "width");
  height = xmlGetProp (root, (const xmlChar *) "height");
  g_assert_cmpfloat (g_ascii_strtod ((const char *) width, NULL), ==, 1200);
  g_assert_cmpfloat (g_ascii_strtod ((const char *) height, NULL), ==, 700);
  xmlFree (width);
  xmlFree (height);
  xmlFreeDoc (doc);
}

static char *
pdf_text (const char *path)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;
  const char *argv[] = { NULL, "-layout", path, "-", NULL };

  if (pdftotext == NULL)
    return NULL;

  argv[0] = pdftotext;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return out;
}

static void
test_pdf_text (void)
{
  g_autoptr(AnnalsLayout) layout = make_layout ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  AnnalsExportOptions options;

  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  path = temp_path ("bridge.pdf");
  annals_export_options_init (&options);
  g_assert_true (annals_export_format_from_path (path, &options.format));
  g_assert_cmpint (options.format, ==, ANNALS_EXPORT_PDF);

  g_assert_true (annals_export_to_file (layout, &options, path, &error));
  g_assert_no_error (error);
  assert_only_file (path);

  text = pdf_text (path);
  if (text == NULL)
    {
      g_test_skip ("pdftotext is not installed");
      return;
    }

  /* Text stays text: the title, event titles, the as-of date and the cited
   * source can be searched and copied; the uncited source is not listed. */
  g_assert_nonnull (strstr (text, "Harbour Bridge works"));
  g_assert_nonnull (strstr (text, "Construction of the span"));
  g_assert_nonnull (strstr (text, "Opening ceremony"));
  g_assert_nonnull (strstr (text, "1 March 2024"));
  g_assert_nonnull (strstr (text, "Harbour Gazette"));
  g_assert_null (strstr (text, "Never Cited Weekly"));
}

static void
test_view_range_and_auto_height (void)
{
  g_autoptr(AnnalsLayout) layout = make_layout ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  AnnalsExportOptions options;
  cairo_surface_t *image;

  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);

  /* The current view only: 2023, which the construction span ends in. */
  path = temp_path ("view.pdf");
  annals_export_options_init (&options);
  options.format = ANNALS_EXPORT_PDF;
  options.start = (double) civil (2023, 1, 1);
  options.end = (double) civil (2024, 1, 1);
  g_assert_true (annals_export_to_file (layout, &options, path, &error));
  g_assert_no_error (error);
  text = pdf_text (path);
  if (text != NULL)
    {
      /* Month ticks on the axis, not years. */
      g_assert_nonnull (strstr (text, "Jun"));
      g_assert_nonnull (strstr (text, "Opening ceremony"));
    }

  /* Height 0: as tall as the content needs. */
  g_free (path);
  path = temp_path ("auto.png");
  annals_export_options_init (&options);
  options.width = 800;
  options.height = 0;
  g_assert_true (annals_export_to_file (layout, &options, path, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 800);
  g_assert_cmpint (cairo_image_surface_get_height (image), >, 200);
  g_assert_cmpint (cairo_image_surface_get_height (image), <, 600);
  cairo_surface_destroy (image);
}

static void
test_failures (void)
{
  g_autoptr(AnnalsLayout) layout = make_layout ();
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *path = NULL;
  AnnalsExportOptions options;
  AnnalsExportFormat format;

  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  annals_export_options_init (&options);

  /* A folder that does not exist: an error that names the file. */
  missing = g_build_filename (g_get_user_cache_dir (), "no-such-folder", "out.png", NULL);
  g_assert_false (annals_export_to_file (layout, &options, missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "out.png"));
  g_clear_error (&error);

  /* Sizes out of range, and a PNG too large for an image surface. */
  path = temp_path ("bad.png");
  options.width = 0;
  g_assert_false (annals_export_to_file (layout, &options, path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  options.width = 20000;
  options.height = 20000;
  options.scale = 4;
  g_assert_false (annals_export_to_file (layout, &options, path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  options.width = 800;
  options.height = 600;
  options.scale = -1;
  g_assert_false (annals_export_to_file (layout, &options, path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* An existing file is replaced only by a complete picture. */
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  options.scale = 0;
  g_assert_false (annals_export_to_file (layout, &options, path, &error));
  g_clear_error (&error);
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "old");
  }
  assert_only_file (path);

  g_assert_true (annals_export_format_from_path ("A.PDF", &format));
  g_assert_cmpint (format, ==, ANNALS_EXPORT_PDF);
  g_assert_false (annals_export_format_from_path ("timeline.jpeg", &format));
  g_assert_false (annals_export_format_from_path ("dir.png/file", &format));
  g_assert_false (annals_export_format_from_path ("noextension", &format));
}

/* The NATO dataset, when the tree has it: all three formats. */
static void
test_nato (void)
{
  const char *root = g_getenv ("ANNALS_SOURCE_ROOT");
  g_autofree char *dataset = NULL;
  g_autoptr(AnnalsTimeline) timeline = NULL;
  g_autoptr(AnnalsLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  AnnalsDiagnostics *diagnostics = NULL;
  const char *formats[] = { "nato.png", "nato.svg", "nato.pdf" };

  if (root == NULL)
    {
      g_test_skip ("ANNALS_SOURCE_ROOT is not set");
      return;
    }
  dataset = g_build_filename (root, "data", "nato-2026.xml", NULL);
  if (!g_file_test (dataset, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no data/nato-2026.xml");
      return;
    }

  timeline = annals_load_file (dataset, NULL, &diagnostics, &error);
  g_clear_pointer (&diagnostics, annals_diagnostics_free);
  g_assert_no_error (error);
  layout = annals_layout_new (timeline, NULL);
  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *path = temp_path (formats[i]);
      AnnalsExportOptions options;

      annals_export_options_init (&options);
      g_assert_true (annals_export_format_from_path (path, &options.format));
      g_assert_true (annals_export_to_file (layout, &options, path, &error));
      g_assert_no_error (error);

      if (options.format == ANNALS_EXPORT_PDF)
        {
          g_autofree char *text = pdf_text (path);

          if (text != NULL)
            {
              g_assert_nonnull (strstr (text, "The US push to reset NATO"));
              g_assert_nonnull (strstr (text, "NATO Mission Iraq"));
              g_assert_nonnull (strstr (text, "POLITICO"));
            }
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/export/png", test_png);
  g_test_add_func ("/export/png-dark", test_png_dark);
  g_test_add_func ("/export/svg", test_svg);
  g_test_add_func ("/export/pdf-text", test_pdf_text);
  g_test_add_func ("/export/view-range-and-auto-height", test_view_range_and_auto_height);
  g_test_add_func ("/export/failures", test_failures);
  g_test_add_func ("/export/nato", test_nato);

  return g_test_run ();
}
