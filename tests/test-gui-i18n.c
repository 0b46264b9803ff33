/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window in French and in a right-to-left layout.
 *
 * French: LANGUAGE=fr under C.UTF-8, with the catalogue the build compiled
 * into ANNALS_LOCALEDIR, as the application binds it in main.c. Templates,
 * the details panel's dates and quantities come out in French.
 *
 * Right to left: GTK mirrors the widgets (the header bar's start buttons move
 * to the right), but the timeline keeps time running from left to right, as
 * charts in Hebrew and Arabic newspapers do: earlier is always to the left. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "annals-application.h"
#include "annals-date-format.h"
#include "annals-timeline-view.h"
#include "annals-window.h"

#define NNBSP "\u202f"                 /* narrow no-break space */

/* Only a guard against a hang: no test measures time. */
#define HANG_GUARD_SECONDS 60

static AnnalsApplication *application;
static gboolean french_available;

static gboolean
hang_guard_cb (gpointer user_data)
{
  g_error ("Gave up waiting: %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
frame_drawn_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets GTK lay out and paint, so geometry queries see the real sizes. */
static void
settle (GtkWidget *window)
{
  guint guard = g_timeout_add_seconds (HANG_GUARD_SECONDS, hang_guard_cb, (gpointer) "a frame");
  int i;

  for (i = 0; i < 2; i++)
    {
      gboolean drawn = FALSE;

      gtk_widget_queue_draw (window);
      gtk_widget_add_tick_callback (window, frame_drawn_cb, &drawn, NULL);
      while (!drawn)
        g_main_context_iteration (NULL, TRUE);
    }
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_source_remove (guard);
}

static AnnalsWindow *
open_window (gboolean with_data)
{
  AnnalsWindow *window = annals_window_new (application);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  if (with_data)
    {
      g_autofree char *path = g_build_filename (g_getenv ("ANNALS_SOURCE_ROOT"), "data",
                                                "nato-2026.xml", NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      guint guard = g_timeout_add_seconds (HANG_GUARD_SECONDS, hang_guard_cb,
                                           (gpointer) "the dataset to load");

      annals_window_open (window, file);
      while (annals_window_get_loading (window))
        g_main_context_iteration (NULL, TRUE);
      g_source_remove (guard);
      g_assert_nonnull (annals_window_get_timeline (window));
    }
  settle (GTK_WIDGET (window));
  return window;
}

static void
close_window (AnnalsWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* The first widget of @type under @root, depth first. */
static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  GtkWidget *child;

  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static AnnalsDate
parse_date (const char *text)
{
  g_autoptr(GError) error = NULL;
  AnnalsDate date;

  g_assert_true (annals_date_parse (text, NULL, &date, &error));
  g_assert_no_error (error);
  return date;
}

static void
assert_described (const char *text,
                  const char *expected)
{
  AnnalsDate date = parse_date (text);
  g_autofree char *described = annals_describe_date (&date);

  g_assert_cmpstr (described, ==, expected);
}

static gboolean
skip_without_french (void)
{
  if (!french_available)
    g_test_skip ("no French catalogue: set ANNALS_LOCALEDIR to <build>/po");
  return !french_available;
}

static void
test_french_templates (void)
{
  AnnalsWindow *window;
  AdwStatusPage *empty;
  GtkWidget *open_button;

  if (skip_without_french ())
    return;

  window = open_window (FALSE);
  empty = ADW_STATUS_PAGE (find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE));
  open_button = find_widget (GTK_WIDGET (window), ADW_TYPE_SPLIT_BUTTON);
  g_assert_nonnull (open_button);
  g_assert_cmpstr (adw_status_page_get_title (empty), ==, "Ouvrir une chronologie");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (open_button), ==,
                   "Ouvrir une chronologie (Ctrl+O)");
  close_window (window);
}

static void
test_french_details (void)
{
  AnnalsDate start = parse_date ("2018-10");
  AnnalsDate end = parse_date ("2026-09");
  AnnalsQuantity change = { "soldats", -2500, TRUE };
  g_autofree char *duration = NULL;
  g_autofree char *quantity = NULL;

  if (skip_without_french ())
    return;

  assert_described ("2026-09", "septembre 2026");
  assert_described ("1999-06-12", "12 juin 1999");
  assert_described ("1999-06-01", "1er juin 1999");
  assert_described ("-0199", "200 av. J.-C.");
  assert_described ("2026-02-19T07:05", "19 février 2026 à 07:05 UTC");

  duration = annals_describe_duration (start.time, end.time, ANNALS_PRECISION_MONTH);
  g_assert_cmpstr (duration, ==, "7 ans et 11 mois");
  quantity = annals_describe_quantity (&change);
  g_assert_cmpstr (quantity, ==, "−2" NNBSP "500 soldats");
}

static void
test_rtl_mirrors_widgets_not_time (void)
{
  AnnalsWindow *window;
  AnnalsTimelineView *view;
  GtkWidget *open_button;
  graphene_rect_t bounds;
  double earlier;
  double later;

  gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  window = open_window (TRUE);
  view = annals_window_get_timeline_view (window);
  open_button = find_widget (GTK_WIDGET (window), ADW_TYPE_SPLIT_BUTTON);
  g_assert_nonnull (open_button);

  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (window)), ==, GTK_TEXT_DIR_RTL);
  /* The header bar's start is on the right. */
  g_assert_true (gtk_widget_compute_bounds (open_button, GTK_WIDGET (window), &bounds));
  g_assert_cmpfloat (bounds.origin.x, >, gtk_widget_get_width (GTK_WIDGET (window)) / 2.0);

  /* Time still runs left to right. */
  earlier = annals_timeline_view_time_to_x (view, (double) parse_date ("2018").time);
  later = annals_timeline_view_time_to_x (view, (double) parse_date ("2026").time);
  g_assert_cmpfloat (earlier, <, later);

  close_window (window);
  gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("ANNALS_LOCALEDIR");
  g_autofree char *catalogue = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  /* As main.c does, before GTK reads any string; LANGUAGE needs a locale
   * other than plain C, which the test environment's C.UTF-8 is. */
  g_setenv ("LANGUAGE", "fr", TRUE);
  if (localedir != NULL && *localedir != '\0')
    catalogue = g_build_filename (localedir, "fr", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  french_available = catalogue != NULL && g_file_test (catalogue, G_FILE_TEST_IS_REGULAR);
  if (french_available)
    {
      bindtextdomain (GETTEXT_PACKAGE, localedir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }

  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* gtk_init set the locale from the environment; plain C ignores LANGUAGE. */
  if (g_strcmp0 (setlocale (LC_MESSAGES, NULL), "C") == 0 ||
      g_strcmp0 (setlocale (LC_MESSAGES, NULL), "POSIX") == 0)
    french_available = french_available && setlocale (LC_ALL, "C.UTF-8") != NULL;
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  application = annals_application_new ("io.github.annals.Annals.TestI18n",
                                        G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (application));

  g_test_add_func ("/gui-i18n/french/templates", test_french_templates);
  g_test_add_func ("/gui-i18n/french/details", test_french_details);
  g_test_add_func ("/gui-i18n/rtl/mirrors-widgets-not-time", test_rtl_mirrors_widgets_not_time);

  status = g_test_run ();

  g_application_release (G_APPLICATION (application));
  g_clear_object (&application);
  return status;
}
