/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The desktop application under a (virtual) display: the window with the NATO
 * dataset, zoom, pan, keyboard selection, a click, the details panel, failed
 * loads and reloads, and the human-readable dates the panel shows.
 *
 * Set ANNALS_SCREENSHOT_DIR to get a PNG of the window at each step. */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>

#include "annals-application.h"
#include "annals-date-format.h"
#include "annals-details-panel.h"
#include "annals-export-dialog.h"
#include "annals-timeline-view.h"
#include "annals-viewport.h"
#include "annals-window.h"

/* Only a guard against a hang: no test measures time. */
#define HANG_GUARD_SECONDS 60

static AnnalsApplication *application;

static gboolean
hang_guard_cb (gpointer user_data)
{
  g_error ("Gave up waiting: %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

static void
wait_until (gboolean  (*done) (gpointer data),
            gpointer    data,
            const char *what)
{
  guint guard = g_timeout_add_seconds (HANG_GUARD_SECONDS, hang_guard_cb, (gpointer) what);

  while (!done (data))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
}

static gboolean
not_loading (gpointer data)
{
  return !annals_window_get_loading (data);
}

static gboolean
frame_drawn_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  gboolean *drawn = user_data;

  *drawn = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Lets GTK lay out and paint, so geometry queries see the real sizes. */
static void
settle (gpointer window)
{
  gboolean drawn = FALSE;
  int i;

  for (i = 0; i < 2; i++)
    {
      drawn = FALSE;
      gtk_widget_queue_draw (GTK_WIDGET (window));
      gtk_widget_add_tick_callback (GTK_WIDGET (window), frame_drawn_cb, &drawn, NULL);
      wait_until (is_true, &drawn, "a frame");
    }
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static void
screenshot (gpointer    widget,
            const char *name)
{
  GtkWidget *window = GTK_WIDGET (widget);
  const char *dir = g_getenv ("ANNALS_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  int width;
  int height;

  if (dir == NULL)
    return;

  settle (window);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return;

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  file = g_strdup_printf ("%s.png", name);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static GFile *
nato_file (void)
{
  const char *root = g_getenv ("ANNALS_SOURCE_ROOT");
  g_autofree char *path = NULL;

  g_assert_nonnull (root);
  path = g_build_filename (root, "data", "nato-2026.xml", NULL);
  return g_file_new_for_path (path);
}

static GtkWidget *
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static const char *
panel_label (AnnalsWindow *window,
             const char   *name)
{
  return gtk_label_get_label (GTK_LABEL (template_child (annals_window_get_details_panel (window),
                                                         ANNALS_TYPE_DETAILS_PANEL, name)));
}

static const char *
panel_row (AnnalsWindow *window,
           const char   *name)
{
  GtkWidget *row = template_child (annals_window_get_details_panel (window),
                                   ANNALS_TYPE_DETAILS_PANEL, name);

  return gtk_widget_get_visible (row) ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;
}

static AnnalsWindow *
open_window (GFile *file)
{
  AnnalsWindow *window = annals_window_new (application);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  if (file != NULL)
    {
      annals_window_open (window, file);
      wait_until (not_loading, window, "the dataset to load");
    }
  settle (window);
  return window;
}

static void
close_window (AnnalsWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  guint i;

  for (i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }
  g_assert_not_reached ();
  return NULL;
}

/* What a click does: the gesture's signals, with the pointer's position. */
static void
click_at (AnnalsTimelineView *view,
          double              x,
          double              y)
{
  GtkEventController *click = find_controller (GTK_WIDGET (view), GTK_TYPE_GESTURE_CLICK);

  g_signal_emit_by_name (click, "pressed", 1, x, y);
  g_signal_emit_by_name (click, "released", 1, x, y);
}

static double
plot_width (AnnalsTimelineView *view)
{
  AnnalsView v;
  AnnalsRect area;

  annals_timeline_view_get_view (view, &v);
  annals_renderer_get_plot_area (annals_timeline_view_get_layout (view), &v, &area);
  return area.width;
}

static gint
find_event (AnnalsWindow *window,
            const char   *id)
{
  gint index = annals_timeline_find_event (annals_window_get_timeline (window), id);

  g_assert_cmpint (index, >=, 0);
  return index;
}

/* ---- the window ---------------------------------------------------------- */

static void
test_window_empty (void)
{
  AnnalsWindow *window = open_window (NULL);
  GtkStack *stack = GTK_STACK (template_child (window, ANNALS_TYPE_WINDOW, "main_stack"));
  AdwWindowTitle *title = ADW_WINDOW_TITLE (template_child (window, ANNALS_TYPE_WINDOW,
                                                            "window_title"));

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "Annals");
  g_assert_null (annals_window_get_timeline (window));
  screenshot (window, "01-empty");
  close_window (window);
}

static void
test_window_load (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (file);
  GtkStack *stack = GTK_STACK (template_child (window, ANNALS_TYPE_WINDOW, "main_stack"));
  AdwWindowTitle *title = ADW_WINDOW_TITLE (template_child (window, ANNALS_TYPE_WINDOW,
                                                            "window_title"));
  AnnalsTimeline *timeline = annals_window_get_timeline (window);
  AnnalsTimelineView *view = annals_window_get_timeline_view (window);
  AnnalsViewport *viewport = annals_window_get_viewport (window);
  g_autofree char *events = NULL;
  AnnalsTime lower;
  AnnalsTime upper;

  g_assert_nonnull (timeline);
  g_assert_cmpuint (timeline->n_events, >, 10);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "timeline");
  g_assert_cmpstr (adw_window_title_get_title (title), ==, timeline->title);
  events = g_strdup_printf ("nato-2026.xml — %u events, loaded in ", timeline->n_events);
  g_assert_true (g_str_has_prefix (adw_window_title_get_subtitle (title), events));

  /* A new file opens fitted to the whole dataset, nothing selected. */
  g_assert_true (annals_layout_get_extent (annals_timeline_view_get_layout (view), &lower, &upper));
  g_assert_cmpfloat (annals_viewport_get_start (viewport), ==, (double) lower);
  g_assert_cmpfloat (annals_viewport_get_end (viewport), ==, (double) upper);
  g_assert_cmpint (annals_timeline_view_get_selected (view), ==, -1);
  g_assert_cmpstr (panel_label (window, "overview_title"), ==, timeline->title);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (view)));

  screenshot (window, "02-loaded");
  close_window (window);
}

static void
test_view_zoom (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (file);
  AnnalsTimelineView *view = annals_window_get_timeline_view (window);
  AnnalsViewport *viewport = annals_window_get_viewport (window);
  GtkEventController *pinch;
  double whole = annals_viewport_get_span (viewport);
  double x = 0.75 * gtk_widget_get_width (GTK_WIDGET (view));
  double before;
  double span;
  int i;

  /* The header bar's zoom: fit is where it starts, so only zooming in works. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  g_assert_cmpfloat_with_epsilon (annals_viewport_get_span (viewport), whole / 1.25, whole * 1e-9);

  /* Ctrl+wheel and pinch zoom at the pointer: the time under it stays. */
  before = annals_timeline_view_x_to_time (view, x);
  annals_timeline_view_zoom_at_x (view, x, 4.0);
  g_assert_cmpfloat_with_epsilon (annals_viewport_get_span (viewport), whole / 5.0, whole * 1e-9);
  g_assert_cmpfloat_with_epsilon (annals_timeline_view_x_to_time (view, x), before, 1.0);
  screenshot (window, "03-zoomed");

  span = annals_viewport_get_span (viewport);
  pinch = find_controller (GTK_WIDGET (view), GTK_TYPE_GESTURE_ZOOM);
  g_signal_emit_by_name (pinch, "begin", NULL);
  g_signal_emit_by_name (pinch, "scale-changed", 2.0);
  g_assert_cmpfloat_with_epsilon (annals_viewport_get_span (viewport), span / 2.0, span * 1e-9);

  /* Zooming in stops at a second... */
  for (i = 0; i < 200; i++)
    gtk_widget_activate_action (GTK_WIDGET (view), "timeline.zoom-in", NULL);
  g_assert_cmpfloat (annals_viewport_get_span (viewport), >=, 1.0);
  g_assert_cmpfloat (annals_viewport_get_span (viewport), <, 1.5);
  g_assert_false (annals_viewport_can_zoom_in (viewport));

  /* ...and zooming out at the whole dataset. */
  for (i = 0; i < 400; i++)
    gtk_widget_activate_action (GTK_WIDGET (view), "timeline.zoom-out", NULL);
  g_assert_cmpfloat (annals_viewport_get_span (viewport), ==, whole);

  annals_timeline_view_zoom_at_x (view, x, 3.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-fit", NULL));
  g_assert_cmpfloat (annals_viewport_get_span (viewport), ==, whole);
  g_assert_cmpfloat (annals_viewport_get_start (viewport), ==, annals_viewport_get_lower (viewport));

  close_window (window);
}

static void
test_view_pan (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (file);
  AnnalsTimelineView *view = annals_window_get_timeline_view (window);
  AnnalsViewport *viewport = annals_window_get_viewport (window);
  GtkEventController *drag;
  GtkEventController *scroll;
  double width = gtk_widget_get_width (GTK_WIDGET (view));
  double span;
  double start;
  gboolean handled = FALSE;

  annals_timeline_view_zoom_at_x (view, width / 2, 4.0);
  span = annals_viewport_get_span (viewport);
  start = annals_viewport_get_start (viewport);

  /* Dragging left by 100 pixels shows what was 100 pixels to the right. */
  drag = find_controller (GTK_WIDGET (view), GTK_TYPE_GESTURE_DRAG);
  g_signal_emit_by_name (drag, "drag-begin", width / 2, 300.0);
  g_signal_emit_by_name (drag, "drag-update", -100.0, 0.0);
  g_signal_emit_by_name (drag, "drag-end", -100.0, 0.0);
  g_assert_cmpfloat_with_epsilon (annals_viewport_get_start (viewport),
                                  start + 100 * span / plot_width (view), span * 1e-9);
  g_assert_cmpfloat_with_epsilon (annals_viewport_get_span (viewport), span, span * 1e-9);
  g_assert_cmpint (annals_timeline_view_get_selected (view), ==, -1);

  /* A wheel notch moves later in time. */
  start = annals_viewport_get_start (viewport);
  scroll = find_controller (GTK_WIDGET (view), GTK_TYPE_EVENT_CONTROLLER_SCROLL);
  g_signal_emit_by_name (scroll, "scroll", 1.0, 0.0, &handled);
  g_assert_true (handled);
  g_assert_cmpfloat (annals_viewport_get_start (viewport), >, start);

  /* End and Home go to the edges of the dataset, keeping the zoom. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.go-end", NULL));
  g_assert_cmpfloat (annals_viewport_get_end (viewport), ==, annals_viewport_get_upper (viewport));
  g_assert_cmpfloat_with_epsilon (annals_viewport_get_span (viewport), span, span * 1e-9);
  screenshot (window, "04-panned");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.go-start", NULL));
  g_assert_cmpfloat (annals_viewport_get_start (viewport), ==,
                     annals_viewport_get_lower (viewport));

  /* Panning never goes past the dataset. */
  annals_timeline_view_pan_pixels (view, -1e6, 0);
  g_assert_cmpfloat (annals_viewport_get_start (viewport), ==,
                     annals_viewport_get_lower (viewport));

  close_window (window);
}

static void
test_view_tab_selection (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (file);
  AnnalsTimelineView *view = annals_window_get_timeline_view (window);
  AnnalsLayout *layout = annals_timeline_view_get_layout (view);
  AnnalsTimeline *timeline = annals_window_get_timeline (window);
  AnnalsDetailsPanel *panel = annals_window_get_details_panel (window);
  gint first = annals_layout_step (layout, -1, 1);
  gint second = annals_layout_step (layout, first, 1);
  g_autofree char *when = NULL;

  g_assert_cmpint (first, >=, 0);
  g_assert_cmpint (second, >=, 0);

  /* Tab: the first event in time order, then the next. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.select-next", NULL));
  g_assert_cmpint (annals_timeline_view_get_selected (view), ==, first);
  g_assert_cmpint (annals_details_panel_get_event (panel), ==, first);
  g_assert_cmpstr (panel_label (window, "title_label"), ==, timeline->events[first].title);
  when = annals_describe_event_when (timeline, &timeline->events[first]);
  g_assert_cmpstr (panel_label (window, "when_label"), ==, when);

  g_assert_true (annals_timeline_view_select_step (view, 1));
  g_assert_cmpint (annals_timeline_view_get_selected (view), ==, second);
  g_assert_cmpstr (panel_label (window, "title_label"), ==, timeline->events[second].title);
  screenshot (window, "05-tab-selected");

  /* Shift+Tab goes back; Escape clears and the panel shows the dataset. */
  g_assert_true (annals_timeline_view_select_step (view, -1));
  g_assert_cmpint (annals_timeline_view_get_selected (view), ==, first);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.clear-selection", NULL));
  g_assert_cmpint (annals_details_panel_get_event (panel), ==, -1);

  /* Past the last event Tab lets focus move on. */
  annals_timeline_view_set_selected (view, annals_layout_step (layout, -1, -1));
  g_assert_false (annals_timeline_view_select_step (view, 1));

  close_window (window);
}

static void
test_view_click (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (file);
  AnnalsTimelineView *view = annals_window_get_timeline_view (window);
  gint kfor = find_event (window, "kfor");
  AnnalsRect rect;
  double x;
  double y;

  g_assert_true (annals_timeline_view_get_event_rect (view, kfor, &rect));
  x = rect.x + MIN (rect.width / 2, 40);
  y = rect.y + rect.height / 2;
  g_assert_cmpint (annals_timeline_view_pick (view, x, y), ==, kfor);

  click_at (view, x, y);
  g_assert_cmpint (annals_timeline_view_get_selected (view), ==, kfor);
  g_assert_cmpstr (panel_label (window, "title_label"), ==, "Kosovo Force (KFOR)");
  g_assert_cmpstr (panel_label (window, "type_label"), ==, "Span");
  g_assert_cmpstr (panel_label (window, "status_label"), ==, "Active");
  g_assert_cmpstr (panel_label (window, "when_label"), ==, "from 1999, ongoing");
  g_assert_cmpstr (panel_row (window, "start_row"), ==, "1999");
  g_assert_cmpstr (panel_row (window, "end_row"), ==, "ongoing, as of 19 February 2026");
  g_assert_cmpstr (panel_row (window, "duration_row"), ==, "27 years so far");
  g_assert_cmpstr (panel_row (window, "quantities_row"), ==, "4,500 troops");
  g_assert_cmpstr (panel_row (window, "places_row"), ==, "Kosovo");
  g_assert_cmpstr (panel_row (window, "track_row"), ==, "Missions › Kosovo");
  g_assert_true (g_str_has_prefix (panel_label (window, "summary_label"), "The NATO-led"));
  screenshot (window, "06-clicked");

  /* A click on empty space clears the selection. */
  click_at (view, gtk_widget_get_width (GTK_WIDGET (view)) - 2,
            gtk_widget_get_height (GTK_WIDGET (view)) - 2);
  g_assert_cmpint (annals_timeline_view_get_selected (view), ==, -1);

  close_window (window);
}

static void
test_details_sources (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (file);
  AnnalsTimelineView *view = annals_window_get_timeline_view (window);
  AnnalsDetailsPanel *panel = annals_window_get_details_panel (window);
  AnnalsTimeline *timeline = annals_window_get_timeline (window);
  gint nmi = find_event (window, "nmi");
  gint deal = find_event (window, "us-iraq-withdrawal-deal");
  gint politico = annals_timeline_find_source (timeline, "politico-2026-02-19");

  annals_timeline_view_set_selected (view, nmi);
  g_assert_cmpstr (panel_label (window, "when_label"), ==,
                   "2018 – September 2026 (proposed)");
  g_assert_cmpstr (panel_row (window, "end_row"), ==,
                   "September 2026 (proposed)\nno earlier than September 2026");
  g_assert_cmpstr (panel_row (window, "actors_row"), ==, "NATO, Government of Iraq");

  /* Opening a source's row shows who else cites it, and tells the window. */
  annals_details_panel_set_source (panel, politico);
  g_assert_cmpint (annals_details_panel_get_source (panel), ==, politico);
  screenshot (window, "07-source");

  /* Selecting another event closes the source. */
  annals_timeline_view_set_selected (view, deal);
  g_assert_cmpint (annals_details_panel_get_source (panel), ==, -1);
  g_assert_cmpstr (panel_row (window, "quantities_row"), ==, "−2,500 troops (change)");
  g_assert_cmpstr (panel_label (window, "type_label"), ==, "Instant");
  g_assert_false (gtk_widget_get_visible (template_child (panel, ANNALS_TYPE_DETAILS_PANEL,
                                                          "end_row")));

  close_window (window);
}

static GtkWindow *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint i;

  for (i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return window;
    }
  return NULL;
}

static void
test_window_load_error (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (file);
  AnnalsTimeline *before = annals_window_get_timeline (window);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "broken.xml", NULL);
  g_autoptr(GFile) broken = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;
  static const char broken_text[] =
    "<timeline xmlns=\"urn:annals:timeline:1\" version=\"1\">\n"
    "  <title>Broken</title>\n"
    "  <event id=\"a\" type=\"instant\"><title>A</title><start>2026-13-45</start></event>\n"
    "</timeline>\n";

  g_assert_true (g_file_set_contents (path, broken_text, -1, &error));
  g_assert_no_error (error);

  annals_window_open (window, broken);
  wait_until (not_loading, window, "the broken file to fail");

  /* The timeline on screen is untouched, and a dialog shows the problems. */
  g_assert_true (annals_window_get_timeline (window) == before);
  g_assert_true (g_file_equal (annals_window_get_file (window), file));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Could Not Open “broken.xml”");
  g_assert_nonnull (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)));
  screenshot (dialog, "08-load-error");
  gtk_window_destroy (dialog);
  close_window (window);
}

static void
test_window_reload (void)
{
  g_autoptr(GFile) nato = nato_file ();
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "copy.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  AnnalsWindow *window;
  AnnalsTimelineView *view;
  AnnalsViewport *viewport;
  AnnalsTimeline *before;
  double start;
  double end;

  g_assert_true (g_file_copy (nato, file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  window = open_window (file);
  view = annals_window_get_timeline_view (window);
  viewport = annals_window_get_viewport (window);
  before = annals_window_get_timeline (window);
  annals_timeline_view_zoom_at_x (view, 600, 3.0);
  annals_timeline_view_set_selected (view, find_event (window, "nmi"));
  start = annals_viewport_get_start (viewport);
  end = annals_viewport_get_end (viewport);

  annals_window_reload (window);
  g_assert_true (annals_window_get_loading (window));
  wait_until (not_loading, window, "the reload");

  /* A new timeline, the same view and the same event selected. */
  g_assert_true (annals_window_get_timeline (window) != before);
  g_assert_cmpfloat (annals_viewport_get_start (viewport), ==, start);
  g_assert_cmpfloat (annals_viewport_get_end (viewport), ==, end);
  g_assert_cmpint (annals_timeline_view_get_selected (view), ==, find_event (window, "nmi"));
  g_assert_cmpstr (panel_label (window, "title_label"), ==, "NATO Mission Iraq");

  close_window (window);
  g_unlink (path);
}

static void
test_window_dark (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (file);
  AnnalsTimelineView *view = annals_window_get_timeline_view (window);
  AdwStyleManager *style = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (annals_timeline_view_get_dark (view));
  g_assert_true (annals_timeline_view_get_theme (view)->variant == ANNALS_THEME_DARK);
  annals_timeline_view_set_selected (view, find_event (window, "nmi"));
  screenshot (window, "09-dark");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (annals_timeline_view_get_dark (view));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  close_window (window);
}

static void
test_export_dialog (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (file);
  AnnalsTimelineView *view = annals_window_get_timeline_view (window);
  AnnalsExportDialog *dialog;

  /* Every template instantiates; the dialog reads the settings it keeps. */
  dialog = annals_export_dialog_new (GTK_WINDOW (window), annals_timeline_view_get_layout (view),
                                     0, 1, FALSE, annals_application_get_settings (application),
                                     "nato-2026");
  gtk_window_present (GTK_WINDOW (dialog));
  settle (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  screenshot (dialog, "10-export");
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  close_window (window);
}

/* ---- dates for people ---------------------------------------------------- */

static AnnalsDate
date (const char *text)
{
  AnnalsDate result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (annals_date_parse (text, NULL, &result, &error));
  g_assert_no_error (error);
  return result;
}

static void
assert_date (const char *text,
             gboolean    approx,
             const char *expected)
{
  AnnalsDate d = date (text);
  g_autofree char *written = NULL;

  if (approx)
    d.flags |= ANNALS_DATE_APPROX;
  written = annals_describe_date (&d);
  g_assert_cmpstr (written, ==, expected);
}

static void
test_format_dates (void)
{
  assert_date ("2018", FALSE, "2018");
  assert_date ("2026-09", FALSE, "September 2026");
  assert_date ("1999-06-12", FALSE, "12 June 1999");
  assert_date ("-0199", TRUE, "c. 200 BC");
  assert_date ("0000", FALSE, "1 BC");
  assert_date ("2026-02-19T07:05", FALSE, "19 February 2026, 07:05 UTC");
  /* Shown in the offset it was written in, not converted. */
  assert_date ("1963-11-22T12:30:00-06:00", FALSE, "22 November 1963, 12:30:00 UTC−06:00");
}

static void
test_format_bounds (void)
{
  AnnalsDate from = date ("2026-06");
  AnnalsDate to = date ("2027-03");
  AnnalsDate unset = { 0 };
  g_autofree char *both = annals_describe_date_bounds (&from, &to);
  g_autofree char *early = annals_describe_date_bounds (&from, &unset);
  g_autofree char *late = annals_describe_date_bounds (&unset, &to);

  g_assert_cmpstr (both, ==, "between June 2026 and March 2027");
  g_assert_cmpstr (early, ==, "no earlier than June 2026");
  g_assert_cmpstr (late, ==, "no later than March 2027");
  g_assert_null (annals_describe_date_bounds (&unset, &unset));
}

static void
test_format_durations (void)
{
  AnnalsDate a = date ("2018-10");
  AnnalsDate b = date ("2026-09");
  AnnalsDate c = date ("2026-02-19T07:05");
  AnnalsDate d = date ("2026-02-21T10:35");
  g_autofree char *months = annals_describe_duration (a.time, annals_date_end_time (&b),
                                                      ANNALS_PRECISION_MONTH);
  g_autofree char *years = annals_describe_duration (a.time, annals_date_end_time (&b),
                                                     ANNALS_PRECISION_YEAR);
  g_autofree char *hours = annals_describe_duration (c.time, d.time, ANNALS_PRECISION_MINUTE);
  g_autofree char *none = annals_describe_duration (c.time, c.time, ANNALS_PRECISION_DAY);

  g_assert_cmpstr (months, ==, "8 years");
  g_assert_cmpstr (years, ==, "8 years");
  g_assert_cmpstr (hours, ==, "2 days, 3 hours");
  g_assert_cmpstr (none, ==, "less than a day");
  g_assert_null (annals_describe_duration (d.time, c.time, ANNALS_PRECISION_DAY));
}

static void
test_format_quantities (void)
{
  AnnalsQuantity change = { "troops", -2500, TRUE };
  AnnalsQuantity gain = { "troops", 300, TRUE };
  AnnalsQuantity value = { "troops", 4500, FALSE };
  AnnalsQuantity bare = { NULL, 1.5, FALSE };
  g_autofree char *a = annals_describe_quantity (&change);
  g_autofree char *b = annals_describe_quantity (&gain);
  g_autofree char *c = annals_describe_quantity (&value);
  g_autofree char *d = annals_describe_quantity (&bare);

  g_assert_cmpstr (a, ==, "−2,500 troops");
  g_assert_cmpstr (b, ==, "+300 troops");
  g_assert_cmpstr (c, ==, "4,500 troops");
  g_assert_cmpstr (d, ==, "1.5");
}

static void
test_viewport_clamp (void)
{
  g_autoptr(AnnalsViewport) viewport = annals_viewport_new ();

  annals_viewport_set_bounds (viewport, 0, 1000);
  annals_viewport_set_range (viewport, -500, 2000);
  g_assert_cmpfloat (annals_viewport_get_start (viewport), ==, 0);
  g_assert_cmpfloat (annals_viewport_get_end (viewport), ==, 1000);

  annals_viewport_set_range (viewport, 900, 900.2);
  g_assert_cmpfloat (annals_viewport_get_span (viewport), ==, 1.0);

  annals_viewport_set_range (viewport, 100, 200);
  annals_viewport_pan (viewport, 10000);
  g_assert_cmpfloat (annals_viewport_get_start (viewport), ==, 900);
  g_assert_cmpfloat (annals_viewport_get_end (viewport), ==, 1000);

  annals_viewport_zoom_at (viewport, 950, 2);
  g_assert_cmpfloat (annals_viewport_get_start (viewport), ==, 925);
  g_assert_cmpfloat (annals_viewport_get_end (viewport), ==, 975);

  /* Deep time: the minimum span grows where a double cannot tell seconds. */
  annals_viewport_set_bounds (viewport, -3e16, 3e16);
  annals_viewport_set_range (viewport, 2.9e16, 2.9e16 + 1);
  g_assert_cmpfloat (annals_viewport_get_span (viewport), >, 1.0);
  g_assert_cmpfloat (annals_viewport_get_start (viewport), <, annals_viewport_get_end (viewport));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  application = annals_application_new ("io.github.annals.Annals.Test", G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (application));

  g_test_add_func ("/format/dates", test_format_dates);
  g_test_add_func ("/format/bounds", test_format_bounds);
  g_test_add_func ("/format/durations", test_format_durations);
  g_test_add_func ("/format/quantities", test_format_quantities);
  g_test_add_func ("/viewport/clamp", test_viewport_clamp);
  g_test_add_func ("/gui/window/empty", test_window_empty);
  g_test_add_func ("/gui/window/load", test_window_load);
  g_test_add_func ("/gui/view/zoom", test_view_zoom);
  g_test_add_func ("/gui/view/pan", test_view_pan);
  g_test_add_func ("/gui/view/tab-selection", test_view_tab_selection);
  g_test_add_func ("/gui/view/click", test_view_click);
  g_test_add_func ("/gui/details/sources", test_details_sources);
  g_test_add_func ("/gui/window/load-error", test_window_load_error);
  g_test_add_func ("/gui/window/reload", test_window_reload);
  g_test_add_func ("/gui/window/dark", test_window_dark);
  g_test_add_func ("/gui/export/dialog", test_export_dialog);

  status = g_test_run ();

  g_application_release (G_APPLICATION (application));
  g_clear_object (&application);
  return status;
}
