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
  g_assert_cmpfloat (annals_viewport_get_start (viewport), ==,
                     annals_viewport_get_lower (viewport));

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
  GtkEventController *motion;
  AnnalsRect rect;
  double x;
  double y;

  g_assert_true (annals_timeline_view_get_event_rect (view, kfor, &rect));
  x = rect.x + MIN (rect.width / 2, 40);
  y = rect.y + rect.height / 2;
  g_assert_cmpint (annals_timeline_view_pick (view, x, y), ==, kfor);

  /* Hovering highlights the event under the pointer, and only that. */
  motion = find_controller (GTK_WIDGET (view), GTK_TYPE_EVENT_CONTROLLER_MOTION);
  g_signal_emit_by_name (motion, "motion", x, y);
  g_assert_cmpint (annals_timeline_view_get_hovered (view), ==, kfor);
  g_signal_emit_by_name (motion, "leave");
  g_assert_cmpint (annals_timeline_view_get_hovered (view), ==, -1);

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

static double
find_lane_y (AnnalsTimelineView *view,
             gint                track)
{
  AnnalsLayout *layout = annals_timeline_view_get_layout (view);
  AnnalsView v;
  double y;

  annals_timeline_view_get_view (view, &v);
  for (y = 0; y < v.height; y += 1)
    {
      gint lane = annals_renderer_lane_at (layout, &v, y);

      if (lane >= 0 && annals_layout_get_lane (layout, lane)->track == track)
        return y + 4;
    }
  g_assert_not_reached ();
  return -1;
}

static void
test_view_collapse (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (file);
  AnnalsTimelineView *view = annals_window_get_timeline_view (window);
  gint missions = annals_timeline_find_track (annals_window_get_timeline (window), "missions");
  gint kfor = find_event (window, "kfor");
  AnnalsLayout *layout = annals_timeline_view_get_layout (view);
  guint n_lanes = annals_layout_get_n_lanes (layout);
  double start = annals_viewport_get_start (annals_window_get_viewport (window));

  g_assert_cmpint (missions, >=, 0);
  annals_timeline_view_set_selected (view, kfor);

  /* A click on the group's label folds its tracks into one lane... */
  click_at (view, 24, find_lane_y (view, missions));
  layout = annals_timeline_view_get_layout (view);
  g_assert_cmpuint (annals_layout_get_n_lanes (layout), <, n_lanes);
  g_assert_true (annals_layout_get_lane (layout,
                                         annals_layout_get_event_lane (layout, kfor))->collapsed);
  /* ...keeping the selection and the view. */
  g_assert_cmpint (annals_timeline_view_get_selected (view), ==, kfor);
  g_assert_cmpfloat (annals_viewport_get_start (annals_window_get_viewport (window)), ==, start);
  screenshot (window, "15-collapsed");

  click_at (view, 24, find_lane_y (view, missions));
  layout = annals_timeline_view_get_layout (view);
  g_assert_cmpuint (annals_layout_get_n_lanes (layout), ==, n_lanes);

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
                   "September 2026 (proposed)\nat the earliest");
  g_assert_cmpstr (panel_row (window, "actors_row"), ==, "NATO, Government of Iraq");

  /* Opening a source's row shows who else cites it, and tells the window. */
  annals_details_panel_set_source (panel, politico);
  g_assert_cmpint (annals_details_panel_get_source (panel), ==, politico);
  if (g_getenv ("ANNALS_SCREENSHOT_DIR") != NULL)
    {
      GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (template_child (panel,
                                                                          ANNALS_TYPE_DETAILS_PANEL,
                                                                          "event_scroller"));
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);

      settle (window);
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    }
  screenshot (window, "07-source");

  /* Selecting another event closes the source. */
  annals_timeline_view_set_selected (view, deal);
  g_assert_cmpint (annals_details_panel_get_source (panel), ==, -1);
  g_assert_cmpstr (panel_row (window, "quantities_row"), ==, "−2,500 troops");
  g_assert_cmpstr (panel_label (window, "type_label"), ==, "Instant");
  g_assert_false (gtk_widget_get_visible (template_child (panel, ANNALS_TYPE_DETAILS_PANEL,
                                                          "end_row")));

  close_window (window);
}

static void
test_details_escaping (void)
{
  static const char text[] =
    "<timeline xmlns=\"urn:annals:timeline:1\" version=\"1\">\n"
    "  <title>Smith &amp; Sons &lt;b&gt;not bold&lt;/b&gt;</title>\n"
    "  <source id=\"s\"><title>Q&amp;A &lt;i&gt;</title><publisher>A &amp; B</publisher>"
    "<published>2001-09</published><url>https://example.org/?a=1&amp;b=2</url></source>\n"
    "  <track id=\"t\" label=\"R&amp;D\"/>\n"
    "  <event id=\"a\" track=\"t\" type=\"milestone\" status=\"disputed\">\n"
    "    <title>Founding of Rome &amp; &lt;Carthage&gt;</title>\n"
    "    <start approx=\"true\">-0752</start>\n"
    "    <summary>Less &lt; more &amp; so on.</summary>\n"
    "    <actor>Romulus &amp; Remus</actor>\n"
    "    <quantity unit=\"legions\" change=\"12\"/>\n"
    "    <link href=\"https://example.org/rome?x=1&amp;y=2\">Rome &amp; more</link>\n"
    "    <cite source=\"s\" quote=\"&lt;quoted&gt; &amp; true\" page=\"4\"/>\n"
    "    <tag>r&amp;d</tag>\n"
    "  </event>\n"
    "</timeline>\n";
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "escaping.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  AnnalsWindow *window;
  AnnalsTimelineView *view;
  AdwWindowTitle *title;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  window = open_window (file);
  g_assert_nonnull (annals_window_get_timeline (window));
  view = annals_window_get_timeline_view (window);
  title = ADW_WINDOW_TITLE (template_child (window, ANNALS_TYPE_WINDOW, "window_title"));
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "Smith & Sons <b>not bold</b>");

  /* Text is text: markup characters show as written, nowhere interpreted. */
  annals_timeline_view_set_selected (view, find_event (window, "a"));
  g_assert_cmpstr (panel_label (window, "title_label"), ==, "Founding of Rome & <Carthage>");
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (template_child (
    annals_window_get_details_panel (window), ANNALS_TYPE_DETAILS_PANEL, "title_label"))));
  g_assert_cmpstr (panel_label (window, "when_label"), ==, "c. 753 BC");
  g_assert_cmpstr (panel_label (window, "status_label"), ==, "Disputed");
  g_assert_cmpstr (panel_label (window, "type_label"), ==, "Milestone");
  g_assert_cmpstr (panel_row (window, "actors_row"), ==, "Romulus & Remus");
  g_assert_cmpstr (panel_row (window, "track_row"), ==, "R&D");
  g_assert_cmpstr (panel_row (window, "quantities_row"), ==, "+12 legions");
  annals_details_panel_set_source (annals_window_get_details_panel (window), 0);
  screenshot (window, "16-escaping");

  close_window (window);
  g_unlink (path);
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

/* The places a reader would look: title, summary, places and tags. */
static gboolean
mentions (const AnnalsEvent *event,
          const char        *word)
{
  const AnnalsEventDetail *detail = event->detail;
  g_autofree char *title = g_utf8_casefold (event->title, -1);
  guint i;

  if (strstr (title, word) != NULL)
    return TRUE;
  if (detail == NULL)
    return FALSE;
  if (detail->summary != NULL)
    {
      g_autofree char *summary = g_utf8_casefold (detail->summary, -1);

      if (strstr (summary, word) != NULL)
        return TRUE;
    }
  for (i = 0; i < detail->n_places; i++)
    if (g_ascii_strcasecmp (detail->places[i], word) == 0)
      return TRUE;
  for (i = 0; i < detail->n_tags; i++)
    if (strstr (detail->tags[i], word) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_window_search (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (file);
  AnnalsTimelineView *view = annals_window_get_timeline_view (window);
  AnnalsTimeline *timeline = annals_window_get_timeline (window);
  GtkSearchBar *bar = GTK_SEARCH_BAR (template_child (window, ANNALS_TYPE_WINDOW, "search_bar"));
  GtkWidget *entry = template_child (window, ANNALS_TYPE_WINDOW, "search_entry");
  GtkLabel *status = GTK_LABEL (template_child (window, ANNALS_TYPE_WINDOW, "search_status"));
  g_autofree char *expected = NULL;
  guint n_matches = 0;
  guint i;
  gint selected;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  g_assert_true (gtk_search_bar_get_search_mode (bar));

  /* Titles, places and tags match, whatever the case. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "KOSOVO");
  g_signal_emit_by_name (entry, "search-changed");
  for (i = 0; i < timeline->n_events; i++)
    if (mentions (&timeline->events[i], "kosovo"))
      n_matches++;
  g_assert_cmpuint (n_matches, >, 1);
  expected = g_strdup_printf ("%u matches", n_matches);
  g_assert_cmpstr (gtk_label_get_label (status), ==, expected);

  /* Enter selects the next match, and again the one after. */
  g_signal_emit_by_name (entry, "activate");
  selected = annals_timeline_view_get_selected (view);
  g_assert_cmpint (selected, >=, 0);
  g_assert_true (mentions (&timeline->events[selected], "kosovo"));
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpint (annals_timeline_view_get_selected (view), !=, selected);
  g_assert_true (mentions (&timeline->events[annals_timeline_view_get_selected (view)], "kosovo"));
  screenshot (window, "12-search");

  gtk_editable_set_text (GTK_EDITABLE (entry), "no such words anywhere");
  g_signal_emit_by_name (entry, "search-changed");
  g_assert_cmpstr (gtk_label_get_label (status), ==, "No matches");

  /* Closing the bar clears the search. */
  gtk_search_bar_set_search_mode (bar, FALSE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_cmpstr (gtk_label_get_label (status), ==, "");

  close_window (window);
}

static void
test_window_drop (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (NULL);
  GtkWidget *stack = template_child (window, ANNALS_TYPE_WINDOW, "main_stack");
  GtkEventController *target = find_controller (stack, GTK_TYPE_DROP_TARGET);
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  g_value_init (&value, G_TYPE_FILE);
  g_value_set_object (&value, file);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);
  wait_until (not_loading, window, "the dropped file to load");
  g_assert_nonnull (annals_window_get_timeline (window));
  g_assert_true (g_file_equal (annals_window_get_file (window), file));

  close_window (window);
}

static void
test_window_settings (void)
{
  GSettings *settings = annals_application_get_settings (application);
  AnnalsWindow *window;
  AdwFlap *flap;

  g_assert_nonnull (settings);
  g_settings_set_boolean (settings, "show-details", TRUE);
  g_settings_set_int (settings, "window-width", 1000);
  g_settings_set_int (settings, "window-height", 700);

  window = open_window (NULL);
  flap = ADW_FLAP (template_child (window, ANNALS_TYPE_WINDOW, "flap"));
  g_assert_true (adw_flap_get_reveal_flap (flap));

  /* F9 hides the panel; the setting follows, and the next window too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-details", NULL));
  g_assert_false (adw_flap_get_reveal_flap (flap));
  g_assert_false (g_settings_get_boolean (settings, "show-details"));

  /* Closing keeps the size. */
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_close (GTK_WINDOW (window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);

  window = open_window (NULL);
  flap = ADW_FLAP (template_child (window, ANNALS_TYPE_WINDOW, "flap"));
  g_assert_false (adw_flap_get_reveal_flap (flap));
  close_window (window);
  g_settings_reset (settings, "show-details");
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static gboolean
has_recent (gpointer data)
{
  GMenuModel *menu = data;
  g_autoptr(GVariant) target = NULL;

  if (g_menu_model_get_n_items (menu) == 0)
    return FALSE;
  target = g_menu_model_get_item_attribute_value (menu, 0, G_MENU_ATTRIBUTE_TARGET,
                                                  G_VARIANT_TYPE_STRING);
  return target != NULL;
}

static void
test_window_recent (void)
{
  g_autoptr(GFile) file = nato_file ();
  g_autofree char *uri = g_file_get_uri (file);
  AnnalsWindow *window = open_window (file);
  GMenuModel *recent = G_MENU_MODEL (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                    ANNALS_TYPE_WINDOW,
                                                                    "recent_menu"));
  g_autoptr(GVariant) target = NULL;
  g_autofree char *label = NULL;
  AnnalsWindow *second;

  /* Opening a file puts it at the top of Open Recent... */
  wait_until (has_recent, recent, "the recent files to update");
  target = g_menu_model_get_item_attribute_value (recent, 0, G_MENU_ATTRIBUTE_TARGET,
                                                  G_VARIANT_TYPE_STRING);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, uri);
  g_assert_true (g_menu_model_get_item_attribute (recent, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  g_assert_cmpstr (label, ==, "nato-2026.xml");

  /* ...from where another window opens it. */
  second = open_window (NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (second), "win.open-recent", "s", uri));
  wait_until (not_loading, second, "the recent file to load");
  g_assert_true (g_file_equal (annals_window_get_file (second), file));

  close_window (second);
  close_window (window);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint i;

  for (i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

static void
test_app_about (void)
{
  AnnalsWindow *window = open_window (NULL);
  GtkWindow *about;
  GtkWindow *shortcuts;

  g_action_group_activate_action (G_ACTION_GROUP (application), "about", NULL);
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "Annals");
  screenshot (about, "13-about");
  gtk_window_destroy (about);

  g_action_group_activate_action (G_ACTION_GROUP (application), "shortcuts", NULL);
  shortcuts = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (shortcuts);
  screenshot (shortcuts, "14-shortcuts");
  gtk_window_close (shortcuts);

  close_window (window);
}

static gboolean
timeline_changed (gpointer data)
{
  gpointer *state = data;

  return annals_window_get_timeline (state[0]) != state[1] &&
         !annals_window_get_loading (state[0]);
}

static void
test_window_watch (void)
{
  g_autoptr(GFile) nato = nato_file ();
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "watched.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *changed = NULL;
  AnnalsWindow *window;
  AdwWindowTitle *title;
  gpointer state[2];
  char *at;

  g_assert_true (g_file_load_contents (nato, NULL, &contents, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  window = open_window (file);
  title = ADW_WINDOW_TITLE (template_child (window, ANNALS_TYPE_WINDOW, "window_title"));

  /* An editor saves a new title: the window follows without being asked. */
  at = strstr (contents, "<title>");
  g_assert_nonnull (at);
  changed = g_strdup_printf ("%.*s<title>Edited elsewhere</title>%s", (int) (at - contents),
                             contents, strstr (at, "</title>") + strlen ("</title>"));
  state[0] = window;
  state[1] = annals_window_get_timeline (window);
  g_assert_true (g_file_set_contents (path, changed, -1, &error));
  g_assert_no_error (error);
  wait_until (timeline_changed, state, "the watched file to reload");
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "Edited elsewhere");

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

static GtkWindow *
find_export_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint i;

  for (i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ANNALS_IS_EXPORT_DIALOG (window))
        return window;
    }
  return NULL;
}

static void
exported_cb (AnnalsExportDialog *dialog,
             GFile              *file,
             gpointer            user_data)
{
  *(GFile **) user_data = g_object_ref (file);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static void
test_export_dialog (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (file);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "export.png", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (path);
  g_autoptr(GFile) written = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;

  /* Export opens the dialog, with the choices kept in the settings. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  dialog = find_export_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  screenshot (dialog, "10-export");

  /* What the file chooser would hand over: the picture is written in a
   * worker thread through the shared renderer, then the dialog closes. */
  g_signal_connect (dialog, "exported", G_CALLBACK (exported_cb), &written);
  annals_export_dialog_export_to (ANNALS_EXPORT_DIALOG (dialog), target);
  wait_until (is_set, &written, "the export");
  g_assert_true (g_file_equal (written, target));
  g_assert_null (find_export_dialog ());

  texture = gdk_texture_new_from_file (target, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 1600);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 900);
  screenshot (window, "11-exported-toast");

  /* Fit height: the picture is as tall as the tracks, and the choice is kept. */
  g_clear_object (&written);
  g_clear_object (&texture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  dialog = find_export_dialog ();
  gtk_switch_set_active (GTK_SWITCH (template_child (dialog, ANNALS_TYPE_EXPORT_DIALOG,
                                                     "auto_height_switch")), TRUE);
  g_signal_connect (dialog, "exported", G_CALLBACK (exported_cb), &written);
  annals_export_dialog_export_to (ANNALS_EXPORT_DIALOG (dialog), target);
  wait_until (is_set, &written, "the second export");
  texture = gdk_texture_new_from_file (target, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 1600);
  g_assert_cmpint (gdk_texture_get_height (texture), !=, 900);
  g_assert_cmpint (gdk_texture_get_height (texture), >, 200);
  g_assert_cmpint (g_settings_get_int (annals_application_get_settings (application),
                                       "export-height"), ==, 0);
  g_settings_reset (annals_application_get_settings (application), "export-height");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  close_window (window);
  g_unlink (path);
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
  g_autofree char *both = annals_describe_date_bounds (&from, &from, &to);
  g_autofree char *early = annals_describe_date_bounds (&to, &from, &unset);
  g_autofree char *late = annals_describe_date_bounds (&from, &unset, &to);
  g_autofree char *or_later = annals_describe_date_bounds (&from, &from, &unset);
  g_autofree char *by_then = annals_describe_date_bounds (&to, &unset, &to);

  g_assert_cmpstr (both, ==, "between June 2026 and March 2027");
  g_assert_cmpstr (early, ==, "no earlier than June 2026");
  g_assert_cmpstr (late, ==, "no later than March 2027");
  g_assert_cmpstr (or_later, ==, "at the earliest");
  g_assert_cmpstr (by_then, ==, "at the latest");
  g_assert_null (annals_describe_date_bounds (&from, &unset, &unset));
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
  /* Screenshots show where transitions end, not somewhere along the way. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

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
  g_test_add_func ("/gui/view/collapse", test_view_collapse);
  g_test_add_func ("/gui/details/sources", test_details_sources);
  g_test_add_func ("/gui/details/escaping", test_details_escaping);
  g_test_add_func ("/gui/window/load-error", test_window_load_error);
  g_test_add_func ("/gui/window/reload", test_window_reload);
  g_test_add_func ("/gui/window/watch", test_window_watch);
  g_test_add_func ("/gui/window/search", test_window_search);
  g_test_add_func ("/gui/window/drop", test_window_drop);
  g_test_add_func ("/gui/window/settings", test_window_settings);
  g_test_add_func ("/gui/window/dark", test_window_dark);
  g_test_add_func ("/gui/window/recent", test_window_recent);
  g_test_add_func ("/gui/export/dialog", test_export_dialog);
  g_test_add_func ("/gui/app/about", test_app_about);

  status = g_test_run ();

  g_application_release (G_APPLICATION (application));
  g_clear_object (&application);
  return status;
}
