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
#include "annals-goto-popover.h"
#include "annals-event-list.h"
#include "annals-legend.h"
#include "annals-loader.h"
#include "annals-overview.h"
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

/* Search counts matches and says which one is selected; Enter and Shift+Enter
 * walk them in time order, wrapping round, and the details panel follows. */
static void
test_window_search_results (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (file);
  AnnalsTimelineView *view = annals_window_get_timeline_view (window);
  GtkWidget *entry = template_child (window, ANNALS_TYPE_WINDOW, "search_entry");
  GtkLabel *status = GTK_LABEL (template_child (window, ANNALS_TYPE_WINDOW, "search_status"));
  const char *ankara[] = { "politico-report", "ankara-summit", "summit-defence-industry-forum",
                           "summit-partners-excluded", "summit-public-forum" };
  gint order[G_N_ELEMENTS (ankara)];
  guint i;
  guint j;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  annals_timeline_view_set_selected (view, -1);

  /* Summaries and places count, whatever the case or accents typed. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "ánkara");
  g_signal_emit_by_name (entry, "search-changed");
  g_assert_cmpstr (gtk_label_get_label (status), ==, "5 matches");

  /* Events are sorted by start, so their indexes are the order of Enter. */
  for (i = 0; i < G_N_ELEMENTS (ankara); i++)
    order[i] = find_event (window, ankara[i]);
  for (i = 1; i < G_N_ELEMENTS (order); i++)
    for (j = i; j > 0 && order[j - 1] > order[j]; j--)
      {
        gint swap = order[j];

        order[j] = order[j - 1];
        order[j - 1] = swap;
      }

  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpint (annals_timeline_view_get_selected (view), ==, order[0]);
  g_assert_cmpstr (gtk_label_get_label (status), ==, "1 of 5");
  g_signal_emit_by_name (entry, "next-match");
  g_assert_cmpint (annals_timeline_view_get_selected (view), ==, order[1]);
  g_assert_cmpstr (gtk_label_get_label (status), ==, "2 of 5");
  g_signal_emit_by_name (entry, "previous-match");
  g_signal_emit_by_name (entry, "previous-match");
  g_assert_cmpint (annals_timeline_view_get_selected (view), ==, order[4]);
  g_assert_cmpstr (gtk_label_get_label (status), ==, "5 of 5");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpint (annals_timeline_view_get_selected (view), ==, order[0]);

  /* Selecting something else by hand drops the position, not the count. */
  annals_timeline_view_set_selected (view, find_event (window, "kfor"));
  g_assert_cmpstr (gtk_label_get_label (status), ==, "5 matches");

  gtk_editable_set_text (GTK_EDITABLE (entry), "colby");
  g_signal_emit_by_name (entry, "search-changed");
  g_assert_cmpstr (gtk_label_get_label (status), ==, "1 match");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpint (annals_timeline_view_get_selected (view), ==, find_event (window, "colby-nato-3"));
  g_assert_cmpstr (gtk_label_get_label (status), ==, "1 of 1");
  g_assert_cmpstr (panel_label (window, "title_label"), ==,
                   "Colby sets out “NATO 3.0” to defence ministers");

  close_window (window);
}

/* gtk_test_init() does not pass G_TEST_OPTION_ISOLATE_DIRS on to GLib, so
 * the program points XDG_STATE_HOME (where the window keeps each file's
 * filters) at a directory of its own, and removes it at the end. */
static char *
private_state_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("annals-state-XXXXXX", &error);

  g_assert_no_error (error);
  g_setenv ("XDG_STATE_HOME", dir, TRUE);
  return dir;
}

static void
remove_state_dir (const char *dir)
{
  g_autofree char *annals = g_build_filename (dir, "annals", NULL);
  g_autofree char *filters = g_build_filename (annals, "filters.ini", NULL);

  g_unlink (filters);
  g_rmdir (annals);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_unsetenv ("XDG_STATE_HOME");
}

static gboolean
event_visible (AnnalsWindow *window,
               const char   *id)
{
  AnnalsLayout *layout = annals_timeline_view_get_layout (annals_window_get_timeline_view (window));

  return annals_layout_is_visible (layout, find_event (window, id));
}

/* The legend's filters combine, re-pack the timeline, drop a selection they
 * hide, narrow the search, and come back when the file is opened again. */
static void
test_window_filters (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (file);
  AnnalsTimelineView *view = annals_window_get_timeline_view (window);
  AnnalsTimeline *timeline = annals_window_get_timeline (window);
  AnnalsLegend *legend = ANNALS_LEGEND (template_child (window, ANNALS_TYPE_WINDOW, "legend"));
  GtkWidget *entry = template_child (window, ANNALS_TYPE_WINDOW, "search_entry");
  GtkLabel *status = GTK_LABEL (template_child (window, ANNALS_TYPE_WINDOW, "search_status"));
  guint n_events = timeline->n_events;
  guint n_rows = annals_layout_get_n_rows (annals_timeline_view_get_layout (view));
  double start = annals_viewport_get_start (annals_window_get_viewport (window));
  double end = annals_viewport_get_end (annals_window_get_viewport (window));

  g_assert_cmpuint (annals_layout_get_n_visible (annals_timeline_view_get_layout (view)), ==,
                    n_events);
  g_assert_false (annals_legend_get_filtering (legend));

  annals_timeline_view_set_selected (view, find_event (window, "summit-public-forum"));

  /* A track (four summit events) and a status (four reports). */
  annals_legend_set_track_hidden (legend, annals_timeline_find_track (timeline, "ankara"), TRUE);
  annals_legend_set_status_hidden (legend, ANNALS_STATUS_REPORTED, TRUE);
  g_assert_true (annals_legend_get_filtering (legend));
  g_assert_cmpuint (annals_layout_get_n_visible (annals_timeline_view_get_layout (view)), ==,
                    n_events - 8);
  g_assert_cmpuint (annals_layout_get_n_rows (annals_timeline_view_get_layout (view)), <, n_rows);
  g_assert_false (event_visible (window, "ankara-summit"));
  g_assert_false (event_visible (window, "summit-public-forum"));
  g_assert_false (event_visible (window, "us-asks-end-nmi"));
  g_assert_true (event_visible (window, "nmi"));
  g_assert_true (event_visible (window, "colby-nato-3"));
  g_assert_true (event_visible (window, "politico-report"));
  g_assert_cmpint (annals_timeline_view_get_selected (view), ==, -1);
  /* Filtering keeps the part of the timeline the reader was looking at. */
  g_assert_cmpfloat (annals_viewport_get_start (annals_window_get_viewport (window)), ==, start);
  g_assert_cmpfloat (annals_viewport_get_end (annals_window_get_viewport (window)), ==, end);

  /* Search counts only what can be reached. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  gtk_editable_set_text (GTK_EDITABLE (entry), "ankara");
  g_signal_emit_by_name (entry, "search-changed");
  g_assert_cmpstr (gtk_label_get_label (status), ==, "1 match");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpint (annals_timeline_view_get_selected (view), ==,
                   find_event (window, "politico-report"));
  screenshot (window, "13-filters");
  gtk_menu_button_popup (GTK_MENU_BUTTON (template_child (window, ANNALS_TYPE_WINDOW,
                                                         "legend_button")));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (legend)));
  screenshot (gtk_widget_get_native (GTK_WIDGET (legend)), "15-legend");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (template_child (window, ANNALS_TYPE_WINDOW,
                                                           "legend_button")));

  /* Dates as the format writes them; an end date covers its whole period. */
  g_assert_false (annals_legend_set_range (legend, "not a date", NULL));
  g_assert_true (annals_legend_set_range (legend, "2026", "2026-02"));
  g_assert_false (event_visible (window, "rutte-takes-office"));  /* 2024 */
  g_assert_true (event_visible (window, "politico-report"));      /* 19 February 2026 */
  g_assert_true (event_visible (window, "nmi"));                  /* runs through 2026 */
  g_assert_false (event_visible (window, "us-asks-end-nmi"));     /* still a report */

  /* Reopening the file brings the filters back. */
  close_window (window);
  window = open_window (file);
  legend = ANNALS_LEGEND (template_child (window, ANNALS_TYPE_WINDOW, "legend"));
  g_assert_true (annals_legend_get_filtering (legend));
  g_assert_false (event_visible (window, "ankara-summit"));
  g_assert_false (event_visible (window, "us-asks-end-nmi"));
  g_assert_false (event_visible (window, "rutte-takes-office"));
  g_assert_true (event_visible (window, "politico-report"));

  /* Show All undoes everything, and that is remembered too. */
  annals_legend_reset (legend);
  g_assert_false (annals_legend_get_filtering (legend));
  g_assert_cmpuint (annals_layout_get_n_visible (
                      annals_timeline_view_get_layout (annals_window_get_timeline_view (window))),
                    ==, n_events);
  close_window (window);
  window = open_window (file);
  legend = ANNALS_LEGEND (template_child (window, ANNALS_TYPE_WINDOW, "legend"));
  g_assert_false (annals_legend_get_filtering (legend));

  close_window (window);
}

/* The legend's check button for @label, searched through its rows. */
static GtkWidget *
find_legend_check (GtkWidget  *widget,
                   const char *label)
{
  GtkWidget *child;

  if (GTK_IS_CHECK_BUTTON (widget))
    {
      GtkWidget *row = gtk_check_button_get_child (GTK_CHECK_BUTTON (widget));
      GtkWidget *text = row != NULL ? gtk_widget_get_last_child (row) : NULL;

      if (text != NULL && GTK_IS_LABEL (text)
          && g_strcmp0 (gtk_label_get_label (GTK_LABEL (text)), label) == 0)
        return widget;
    }
  for (child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_legend_check (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A folded or hidden group's tracks cannot be toggled on their own in the
 * legend; unticking a check hides its track. */
static void
test_window_legend_groups (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (file);
  AnnalsTimelineView *view = annals_window_get_timeline_view (window);
  AnnalsTimeline *timeline = annals_window_get_timeline (window);
  GtkWidget *legend = template_child (window, ANNALS_TYPE_WINDOW, "legend");
  GtkWidget *missions = find_legend_check (legend, "Missions");
  GtkWidget *iraq = find_legend_check (legend, "Iraq");
  GtkWidget *people = find_legend_check (legend, "People");

  g_assert_nonnull (missions);
  g_assert_nonnull (iraq);
  g_assert_nonnull (people);
  g_assert_true (gtk_widget_get_sensitive (iraq));

  /* Collapsing the group from the timeline (a click on its label). */
  g_signal_emit_by_name (view, "toggle-track", annals_timeline_find_track (timeline, "missions"));
  g_assert_false (gtk_widget_get_sensitive (iraq));
  g_assert_true (gtk_widget_get_sensitive (people));
  g_signal_emit_by_name (view, "toggle-track", annals_timeline_find_track (timeline, "missions"));
  g_assert_true (gtk_widget_get_sensitive (iraq));

  /* Hiding the group hides its children's events too. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (missions), FALSE);
  g_assert_false (gtk_widget_get_sensitive (iraq));
  g_assert_false (event_visible (window, "nmi"));
  g_assert_false (event_visible (window, "kfor"));
  g_assert_true (event_visible (window, "colby-nato-3"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (missions), TRUE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (people), FALSE);
  g_assert_false (event_visible (window, "rutte-takes-office"));
  g_assert_true (event_visible (window, "nmi"));
  annals_legend_reset (ANNALS_LEGEND (legend));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (people)));

  close_window (window);
}

/* The list shows what the timeline shows and shares its selection both ways;
 * a header click sorts it. */
static void
test_window_event_list (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (file);
  AnnalsTimelineView *view = annals_window_get_timeline_view (window);
  AnnalsTimeline *timeline = annals_window_get_timeline (window);
  AnnalsEventList *list = ANNALS_EVENT_LIST (template_child (window, ANNALS_TYPE_WINDOW,
                                                             "event_list"));
  AnnalsLegend *legend = ANNALS_LEGEND (template_child (window, ANNALS_TYPE_WINDOW, "legend"));
  GtkToggleButton *button = GTK_TOGGLE_BUTTON (template_child (window, ANNALS_TYPE_WINDOW,
                                                               "list_button"));
  GtkStack *stack = GTK_STACK (template_child (window, ANNALS_TYPE_WINDOW, "view_stack"));
  AnnalsEventListModel *model = annals_event_list_get_model (list);
  gint kfor = find_event (window, "kfor");
  gint colby = find_event (window, "colby-nato-3");
  g_autoptr(AnnalsEventItem) item = NULL;

  gtk_toggle_button_set_active (button, TRUE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");
  settle (window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, timeline->n_events);

  /* The list has no time axis: Ctrl+plus does nothing there. */
  {
    AnnalsViewport *viewport = annals_window_get_viewport (window);
    double start = annals_viewport_get_start (viewport);
    double end = annals_viewport_get_end (viewport);

    gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
    settle (window);
    g_assert_cmpfloat (annals_viewport_get_start (viewport), ==, start);
    g_assert_cmpfloat (annals_viewport_get_end (viewport), ==, end);
  }
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == ANNALS_TYPE_EVENT_ITEM);

  /* Timeline to list... */
  annals_timeline_view_set_selected (view, kfor);
  g_assert_cmpint (annals_event_list_get_selected (list), ==, kfor);
  item = g_list_model_get_item (G_LIST_MODEL (model),
                                annals_event_list_model_get_position (model, kfor));
  g_assert_cmpuint (annals_event_item_get_event (item), ==, kfor);

  /* ...and list to timeline, and to the details panel. */
  annals_event_list_set_selected (list, colby);
  g_assert_cmpint (annals_timeline_view_get_selected (view), ==, colby);
  g_assert_cmpstr (panel_label (window, "title_label"), ==,
                   "Colby sets out “NATO 3.0” to defence ministers");

  /* Sorting by title keeps the selection. */
  annals_event_list_sort_by (list, ANNALS_EVENT_COLUMN_TITLE, FALSE);
  g_assert_cmpint (annals_event_list_model_get_sort_column (model), ==, ANNALS_EVENT_COLUMN_TITLE);
  for (guint i = 1; i < timeline->n_events; i++)
    {
      gint a = annals_event_list_model_get_event (model, i - 1);
      gint b = annals_event_list_model_get_event (model, i);

      g_assert_cmpint (g_utf8_collate (timeline->events[a].title, timeline->events[b].title),
                       <=, 0);
    }
  g_assert_cmpint (annals_event_list_get_selected (list), ==, colby);
  g_assert_cmpint (annals_timeline_view_get_selected (view), ==, colby);
  screenshot (window, "14-list");

  /* Activating a row (Enter, double click) opens the details, as in the
   * timeline. */
  g_object_set (window, "show-details", FALSE, NULL);
  {
    GtkWidget *scroller = gtk_widget_get_first_child (GTK_WIDGET (list));
    GtkWidget *column_view = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
    gboolean show_details = FALSE;

    g_assert_true (GTK_IS_COLUMN_VIEW (column_view));
    g_signal_emit_by_name (column_view, "activate", 0);
    g_object_get (window, "show-details", &show_details, NULL);
    g_assert_true (show_details);
    g_assert_cmpint (annals_timeline_view_get_selected (view), ==,
                     annals_event_list_model_get_event (model, 0));
  }

  /* The legend's filters apply to the list. */
  annals_legend_set_track_hidden (legend, annals_timeline_find_track (timeline, "ankara"), TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, timeline->n_events - 4);
  g_assert_cmpint (annals_event_list_model_get_position (model, find_event (window, "ankara-summit")),
                   ==, -1);
  annals_legend_reset (legend);

  gtk_toggle_button_set_active (button, FALSE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "timeline");
  close_window (window);
}

/* A big generated timeline: the model lists, filters and sorts it without
 * making an object per event. */
static void
test_event_list_model_big (void)
{
  const char *words[] = { "Treaty", "Summit", "Élection", "accord", "Mission", "zone" };
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  g_autoptr(AnnalsLayout) layout = NULL;
  g_autoptr(AnnalsLayout) filtered = NULL;
  g_autoptr(AnnalsEventListModel) model = annals_event_list_model_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  AnnalsLayoutOptions options;
  guint n = 100000;
  guint n_reported = 0;
  guint i;

  for (i = 0; i < 3; i++)
    {
      AnnalsTrack *track = annals_timeline_add_track (timeline);
      g_autofree char *id = g_strdup_printf ("t%u", i);

      track->id = annals_timeline_intern (timeline, id);
      track->label = annals_timeline_strdup (timeline, id);
      track->parent = -1;
    }
  for (i = 0; i < n; i++)
    {
      AnnalsEvent *event = annals_timeline_add_event (timeline);
      g_autofree char *id = g_strdup_printf ("e%u", i);
      g_autofree char *title = g_strdup_printf ("%s %u", words[g_rand_int_range (rand, 0, 6)],
                                                g_rand_int_range (rand, 0, 1000));

      event->id = annals_timeline_intern (timeline, id);
      event->title = annals_timeline_strdup (timeline, title);
      event->start.time = g_rand_int_range (rand, 0, 1000000000);
      event->start.precision = ANNALS_PRECISION_SECOND;
      event->type = g_rand_boolean (rand) ? ANNALS_EVENT_SPAN : ANNALS_EVENT_INSTANT;
      if (event->type == ANNALS_EVENT_SPAN)
        {
          event->end.time = event->start.time + g_rand_int_range (rand, 1, 10000000);
          event->end.precision = ANNALS_PRECISION_SECOND;
        }
      event->track = g_rand_int_range (rand, 0, 3);
      event->status = g_rand_int_range (rand, 0, 4) == 0 ? ANNALS_STATUS_REPORTED
                                                          : ANNALS_STATUS_CONFIRMED;
    }
  annals_timeline_finish (timeline);
  for (i = 0; i < n; i++)
    n_reported += timeline->events[i].status == ANNALS_STATUS_REPORTED;

  layout = annals_layout_new (timeline, NULL);
  annals_event_list_model_set_layout (model, layout);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), n));

  /* Default order is time order. */
  for (i = 1; i < n; i++)
    g_assert_cmpint (timeline->events[annals_event_list_model_get_event (model, i - 1)].start.time,
                     <=,
                     timeline->events[annals_event_list_model_get_event (model, i)].start.time);

  annals_event_list_model_set_sort (model, ANNALS_EVENT_COLUMN_TITLE, FALSE);
  for (i = 1; i < n; i++)
    g_assert_cmpint (g_utf8_collate (
                       timeline->events[annals_event_list_model_get_event (model, i - 1)].title,
                       timeline->events[annals_event_list_model_get_event (model, i)].title),
                     <=, 0);

  annals_event_list_model_set_sort (model, ANNALS_EVENT_COLUMN_STATUS, TRUE);
  g_assert_cmpuint (timeline->events[annals_event_list_model_get_event (model, 0)].status, ==,
                    ANNALS_STATUS_REPORTED);
  g_assert_cmpuint (timeline->events[annals_event_list_model_get_event (model, n - 1)].status, ==,
                    ANNALS_STATUS_CONFIRMED);
  for (i = 0; i < n; i++)
    g_assert_cmpint (annals_event_list_model_get_position (model,
                                                           annals_event_list_model_get_event (model, i)),
                     ==, i);

  /* Filtering re-uses the order: reported events hidden, confirmed remain. */
  annals_layout_options_init (&options);
  options.hidden_statuses = 1u << ANNALS_STATUS_REPORTED;
  filtered = annals_layout_new (timeline, &options);
  annals_event_list_model_set_layout (model, filtered);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n - n_reported);
  for (i = 0; i < n - n_reported; i++)
    g_assert_cmpuint (timeline->events[annals_event_list_model_get_event (model, i)].status, ==,
                      ANNALS_STATUS_CONFIRMED);

  annals_event_list_model_set_sort (model, ANNALS_EVENT_COLUMN_END, FALSE);
  for (i = 1; i < n - n_reported; i++)
    {
      const AnnalsEvent *a = &timeline->events[annals_event_list_model_get_event (model, i - 1)];
      const AnnalsEvent *b = &timeline->events[annals_event_list_model_get_event (model, i)];
      AnnalsTime end_a = a->type == ANNALS_EVENT_SPAN ? annals_event_end_time (a, timeline, 0)
                                                      : a->start.time;
      AnnalsTime end_b = b->type == ANNALS_EVENT_SPAN ? annals_event_end_time (b, timeline, 0)
                                                      : b->start.time;

      g_assert_cmpint (end_a, <=, end_b);
    }
}

static gboolean
search_finished (gpointer data)
{
  return g_strcmp0 (gtk_label_get_label (data), "Searching…") != 0;
}

static gboolean
layout_has_n_visible (gpointer data)
{
  AnnalsWindow *window = data;
  AnnalsLayout *layout = annals_timeline_view_get_layout (annals_window_get_timeline_view (window));
  guint expected = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (window), "expected"));

  return annals_layout_get_n_visible (layout) == expected;
}

/* Files too big to search or lay out at once do it in a worker thread; the
 * results are the same. */
static void
test_window_big_file (void)
{
  guint n = 120000;
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "big.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GString) xml = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  AnnalsWindow *window;
  AnnalsLegend *legend;
  GtkWidget *entry;
  GtkLabel *status;
  g_autofree char *expected = NULL;
  guint i;

  g_string_append (xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<timeline xmlns=\"urn:annals:timeline:1\" version=\"1\">\n"
                        "  <title>Big</title>\n"
                        "  <track id=\"a\" label=\"First\"/>\n"
                        "  <track id=\"b\" label=\"Second\"/>\n");
  for (i = 0; i < n; i++)
    g_string_append_printf (xml, "  <event id=\"e%u\" track=\"%s\" type=\"instant\">"
                                 "<title>%s %u</title><start>%u-01-01</start></event>\n",
                            i, i % 2 ? "b" : "a", i % 7 == 0 ? "Needle" : "Hay", i,
                            1000 + i % 1000);
  g_string_append (xml, "</timeline>\n");
  g_assert_true (g_file_set_contents (path, xml->str, xml->len, &error));
  g_assert_no_error (error);

  window = open_window (file);
  legend = ANNALS_LEGEND (template_child (window, ANNALS_TYPE_WINDOW, "legend"));
  entry = template_child (window, ANNALS_TYPE_WINDOW, "search_entry");
  status = GTK_LABEL (template_child (window, ANNALS_TYPE_WINDOW, "search_status"));
  g_assert_cmpuint (annals_window_get_timeline (window)->n_events, ==, n);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  gtk_editable_set_text (GTK_EDITABLE (entry), "needle");
  g_signal_emit_by_name (entry, "search-changed");
  wait_until (search_finished, status, "the search");
  expected = g_strdup_printf ("%u matches", (n + 6) / 7);
  g_assert_cmpstr (gtk_label_get_label (status), ==, expected);

  /* Hiding the second track: half the events, laid out in a thread. */
  g_object_set_data (G_OBJECT (window), "expected", GUINT_TO_POINTER (n / 2));
  annals_legend_set_track_hidden (legend, 1, TRUE);
  wait_until (layout_has_n_visible, window, "the filtered layout");
  /* The entry's own, delayed search-changed may have started the search
   * again meanwhile. */
  wait_until (search_finished, status, "the search");
  /* Multiples of 7 among even numbers below n. */
  g_free (expected);
  expected = g_strdup_printf ("%u matches", (n / 2 + 6) / 7);
  g_assert_cmpstr (gtk_label_get_label (status), ==, expected);

  close_window (window);
  g_unlink (path);
}

static gboolean
sorted_by_title (gpointer data)
{
  return annals_event_list_model_get_sort_column (data) == ANNALS_EVENT_COLUMN_TITLE;
}

/* Past a couple of hundred thousand events, sorting happens in a thread: the
 * list keeps its order until the new one is ready. */
static void
test_event_list_model_async_sort (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  g_autoptr(AnnalsLayout) layout = NULL;
  g_autoptr(AnnalsEventListModel) model = annals_event_list_model_new ();
  guint n = 250000;
  guint i;

  for (i = 0; i < n; i++)
    {
      AnnalsEvent *event = annals_timeline_add_event (timeline);
      char text[32];

      g_snprintf (text, sizeof text, "e%u", i);
      event->id = annals_timeline_intern (timeline, text);
      /* Titles in the reverse of time order. */
      g_snprintf (text, sizeof text, "Event %06u", n - i);
      event->title = annals_timeline_strdup (timeline, text);
      event->start.time = (AnnalsTime) i * 60;
      event->start.precision = ANNALS_PRECISION_MINUTE;
      event->type = ANNALS_EVENT_INSTANT;
      event->track = -1;
      event->category = -1;
    }
  annals_timeline_finish (timeline);
  layout = annals_layout_new (timeline, NULL);
  annals_event_list_model_set_layout (model, layout);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);

  annals_event_list_model_set_sort (model, ANNALS_EVENT_COLUMN_TITLE, FALSE);
  g_assert_cmpint (annals_event_list_model_get_sort_column (model), ==, ANNALS_EVENT_COLUMN_START);
  g_assert_cmpint (annals_event_list_model_get_event (model, 0), ==, 0);
  wait_until (sorted_by_title, model, "the sort");
  g_assert_cmpint (annals_event_list_model_get_event (model, 0), ==, n - 1);
  g_assert_cmpint (annals_event_list_model_get_event (model, n - 1), ==, 0);

  /* Once computed, an order is reused at once, either way round. */
  annals_event_list_model_set_sort (model, ANNALS_EVENT_COLUMN_START, FALSE);
  annals_event_list_model_set_sort (model, ANNALS_EVENT_COLUMN_TITLE, TRUE);
  g_assert_cmpint (annals_event_list_model_get_event (model, 0), ==, 0);
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

/* Depth-first search for a widget by its name (gtk_widget_set_name). */
static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return child;
      found = find_named (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A file that became invalid: the reload fails, the last good timeline stays
 * on screen with the view and selection as they were, and the problems are
 * one action away. Fixing the file and reloading clears them. */
static void
test_window_reload_invalid (void)
{
  g_autoptr(GFile) nato = nato_file ();
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "becomes-invalid.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *good = NULL;
  g_autofree char *broken = NULL;
  AnnalsWindow *window;
  AnnalsTimelineView *view;
  AnnalsViewport *viewport;
  AnnalsTimeline *before;
  GtkWindow *dialog;
  double start;
  double end;
  char *at;

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
  /* No problems yet: the action does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-problems", NULL);
  g_assert_null (find_message_dialog ());

  /* The first event's start becomes a date that does not exist. */
  g_assert_true (g_file_get_contents (path, &good, NULL, NULL));
  broken = g_strdup (good);
  at = strstr (broken, "<start>");
  g_assert_nonnull (at);
  memcpy (at + strlen ("<start>"), "2026-13", 7);
  g_assert_true (g_file_set_contents (path, broken, -1, &error));
  g_assert_no_error (error);

  annals_window_reload (window);
  wait_until (not_loading, window, "the failed reload");
  g_assert_true (annals_window_get_timeline (window) == before);
  g_assert_cmpfloat (annals_viewport_get_start (viewport), ==, start);
  g_assert_cmpfloat (annals_viewport_get_end (viewport), ==, end);
  g_assert_cmpint (annals_timeline_view_get_selected (view), ==, find_event (window, "nmi"));
  /* No dialog in the user's face on a reload; the problems are one click away. */
  g_assert_null (find_message_dialog ());
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-problems", NULL);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Could Not Open “becomes-invalid.xml”");
  g_assert_nonnull (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)));
  gtk_window_destroy (dialog);

  /* Fixed: the reload goes through and takes the new file. */
  g_assert_true (g_file_set_contents (path, good, -1, &error));
  annals_window_reload (window);
  wait_until (not_loading, window, "the reload of the fixed file");
  g_assert_true (annals_window_get_timeline (window) != before);
  g_assert_cmpint (annals_timeline_view_get_selected (view), ==, find_event (window, "nmi"));

  close_window (window);
  g_unlink (path);
}

static guint
count_check_buttons (GtkWidget *root)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += GTK_IS_CHECK_BUTTON (child) + count_check_buttons (child);
  return n;
}

static gboolean
has_label (GtkWidget  *root,
           const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if ((GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (child)), text) == 0)
        || has_label (child, text))
      return TRUE;
  return FALSE;
}

/* A generated file with 700 tracks: the legend lists 500 and counts the
 * rest, and the ones not listed can still be hidden. */
static void
test_legend_many_tracks (void)
{
  GString *text = g_string_new ("<timeline xmlns=\"urn:annals:timeline:1\" version=\"1\">"
                                "<title>Many tracks</title>");
  g_autoptr(AnnalsTimeline) timeline = NULL;
  g_autoptr(AnnalsDiagnostics) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *legend = g_object_ref_sink (annals_legend_new ());
  AnnalsLayoutOptions options;

  for (guint i = 0; i < 700; i++)
    g_string_append_printf (text, "<track id=\"t%u\" label=\"Track %u\"/>", i, i);
  g_string_append (text, "<event id=\"e\" track=\"t650\" type=\"instant\"><title>E</title>"
                         "<start>2020</start></event></timeline>");
  timeline = annals_load_data (text->str, text->len, "tracks.xml", NULL, &diagnostics, &error);
  g_assert_no_error (error);
  g_string_free (text, TRUE);

  annals_legend_set_timeline (ANNALS_LEGEND (legend), timeline);
  /* 500 tracks and the status of the one event. */
  g_assert_cmpuint (count_check_buttons (legend), ==, 500 + 1);
  g_assert_true (has_label (legend, "and 200 more"));

  annals_legend_set_track_hidden (ANNALS_LEGEND (legend), 650, TRUE);
  g_assert_true (annals_legend_get_filtering (ANNALS_LEGEND (legend)));
  annals_layout_options_init (&options);
  annals_legend_get_options (ANNALS_LEGEND (legend), &options);
  g_assert_true (options.hidden_tracks[650]);
  g_assert_false (options.hidden_tracks[649]);
  annals_legend_set_track_hidden (ANNALS_LEGEND (legend), 650, FALSE);
  g_assert_false (annals_legend_get_filtering (ANNALS_LEGEND (legend)));

  g_object_unref (legend);
}

static void
test_window_limits (void)
{
  GSettings *settings = annals_application_get_settings (application);
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (NULL);
  GtkWindow *dialog;
  GtkWindow *preferences;
  GtkWidget *events_spin;
  GtkWidget *size_spin;
  const char *body;

  /* The NATO dataset has 18 events: a limit of 5 refuses it, and says so. */
  g_assert_nonnull (settings);
  g_settings_set_uint (settings, "max-events", 5);
  annals_window_open (window, file);
  wait_until (not_loading, window, "the file to be refused");
  g_assert_null (annals_window_get_timeline (window));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Could Not Open “nato-2026.xml”");
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (strstr (body, "has more than 5 events, the most Annals reads"));
  g_assert_nonnull (strstr (body, "The limits can be raised in Preferences."));
  screenshot (GTK_WIDGET (dialog), "15-limit");

  /* Its Preferences button opens the preferences, whose spin buttons are
   * the settings. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "preferences");
  settle (GTK_WIDGET (window));
  preferences = find_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  events_spin = find_named (GTK_WIDGET (preferences), "max-events");
  size_spin = find_named (GTK_WIDGET (preferences), "max-file-size");
  g_assert_nonnull (events_spin);
  g_assert_nonnull (size_spin);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (events_spin)), ==, 5);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (size_spin)), ==, 2048);
  screenshot (GTK_WIDGET (preferences), "16-preferences");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (events_spin), 18);
  g_assert_cmpuint (g_settings_get_uint (settings, "max-events"), ==, 18);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (size_spin), 0);
  g_assert_cmpuint (g_settings_get_uint (settings, "max-file-size"), ==, 1);
  gtk_window_destroy (preferences);

  /* 18 events and 1 MiB let the 33 kB file in. */
  annals_window_open (window, file);
  wait_until (not_loading, window, "the dataset to load");
  g_assert_nonnull (annals_window_get_timeline (window));
  g_assert_cmpuint (annals_window_get_timeline (window)->n_events, ==, 18);

  g_settings_reset (settings, "max-events");
  g_settings_reset (settings, "max-file-size");
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

/* ---- the overview band and go to date ------------------------------------- */

static AnnalsOverview *
window_overview (AnnalsWindow *window)
{
  return ANNALS_OVERVIEW (template_child (window, ANNALS_TYPE_WINDOW, "overview"));
}

static void
overview_drag (AnnalsOverview *overview,
               double          x,
               double          offset_x)
{
  GtkEventController *drag = find_controller (GTK_WIDGET (overview), GTK_TYPE_GESTURE_DRAG);

  g_signal_emit_by_name (drag, "drag-begin", x, 20.0);
  g_signal_emit_by_name (drag, "drag-update", offset_x, 0.0);
  g_signal_emit_by_name (drag, "drag-end", offset_x, 0.0);
}

static void
test_overview_density (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (file);
  AnnalsOverview *overview = window_overview (window);
  AnnalsLayout *layout = annals_timeline_view_get_layout (annals_window_get_timeline_view (window));
  AnnalsTime lower;
  AnnalsTime upper;
  AnnalsTime start;
  AnnalsTime end;
  guint n_bins = annals_overview_get_n_bins (overview);
  guint total = 0;
  guint bin;
  guint i;

  /* Every shown event counted once, at its start. */
  g_assert_true (annals_overview_get_layout (overview) == layout);
  g_assert_cmpuint (n_bins, >=, 1024);
  for (i = 0; i < n_bins; i++)
    total += annals_overview_get_bin (overview, i);
  g_assert_cmpuint (total, ==, annals_layout_get_n_visible (layout));

  g_assert_true (annals_layout_get_extent (layout, &lower, &upper));
  g_assert_true (annals_layout_get_event_bounds (layout, find_event (window, "nmi"),
                                                 &start, &end));
  bin = (guint) ((double) (start - lower) / (double) (upper - lower) * n_bins);
  g_assert_cmpuint (annals_overview_get_bin (overview, bin), >=, 1);

  /* The band is shown, in the same viewport as the timeline. */
  g_assert_true (annals_overview_get_viewport (overview) == annals_window_get_viewport (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (overview)));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (overview)), >=, 48);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (overview)), <=, 64);
  screenshot (window, "20-overview");

  close_window (window);
}

static void
test_overview_drag (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (file);
  AnnalsOverview *overview = window_overview (window);
  AnnalsTimelineView *view = annals_window_get_timeline_view (window);
  AnnalsViewport *viewport = annals_window_get_viewport (window);
  double whole = annals_viewport_get_span (viewport);
  double start;
  double span;
  double x0;
  double x1;
  double per_pixel;

  annals_timeline_view_zoom_at_x (view, gtk_widget_get_width (GTK_WIDGET (view)) / 2.0, 4.0);
  start = annals_viewport_get_start (viewport);
  span = annals_viewport_get_span (viewport);
  x0 = annals_overview_time_to_x (overview, start);
  x1 = annals_overview_time_to_x (overview, start + span);
  per_pixel = whole / (annals_overview_time_to_x (overview, annals_viewport_get_upper (viewport)) -
                       annals_overview_time_to_x (overview, annals_viewport_get_lower (viewport)));

  /* Dragging the window 50 pixels right moves the view 50 band pixels later,
   * at the band's scale (the whole dataset), keeping the zoom. */
  overview_drag (overview, (x0 + x1) / 2, 50);
  g_assert_cmpfloat_with_epsilon (annals_viewport_get_start (viewport), start + 50 * per_pixel,
                                  whole * 1e-9);
  g_assert_cmpfloat_with_epsilon (annals_viewport_get_span (viewport), span, whole * 1e-9);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (overview)));

  /* Past the end of the dataset it stops, with the same span. */
  overview_drag (overview, (x0 + x1) / 2 + 50, 1e5);
  g_assert_cmpfloat (annals_viewport_get_end (viewport), ==, annals_viewport_get_upper (viewport));
  g_assert_cmpfloat_with_epsilon (annals_viewport_get_span (viewport), span, whole * 1e-9);

  close_window (window);
}

static void
test_overview_edges (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (file);
  AnnalsOverview *overview = window_overview (window);
  AnnalsTimelineView *view = annals_window_get_timeline_view (window);
  AnnalsViewport *viewport = annals_window_get_viewport (window);
  double whole = annals_viewport_get_span (viewport);
  double start;
  double end;
  double x0;
  double x1;

  annals_timeline_view_zoom_at_x (view, gtk_widget_get_width (GTK_WIDGET (view)) / 2.0, 4.0);
  start = annals_viewport_get_start (viewport);
  end = annals_viewport_get_end (viewport);
  x0 = annals_overview_time_to_x (overview, start);
  x1 = annals_overview_time_to_x (overview, end);

  /* The left edge dragged 40 pixels left zooms out there; the end stays. */
  overview_drag (overview, x0, -40);
  g_assert_cmpfloat_with_epsilon (annals_viewport_get_start (viewport),
                                  annals_overview_x_to_time (overview, x0 - 40), whole * 1e-9);
  g_assert_cmpfloat (annals_viewport_get_end (viewport), ==, end);

  /* The right edge dragged 30 pixels left zooms in; the start stays. */
  start = annals_viewport_get_start (viewport);
  overview_drag (overview, x1, -30);
  g_assert_cmpfloat_with_epsilon (annals_viewport_get_end (viewport),
                                  annals_overview_x_to_time (overview, x1 - 30), whole * 1e-9);
  g_assert_cmpfloat (annals_viewport_get_start (viewport), ==, start);

  /* An edge dragged past the other never turns the range inside out. */
  x0 = annals_overview_time_to_x (overview, annals_viewport_get_start (viewport));
  overview_drag (overview, x0, 1e4);
  g_assert_cmpfloat (annals_viewport_get_span (viewport), >=, 1.0);
  g_assert_cmpfloat (annals_viewport_get_start (viewport), <, annals_viewport_get_end (viewport));

  close_window (window);
}

static void
test_overview_click (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (file);
  AnnalsOverview *overview = window_overview (window);
  AnnalsTimelineView *view = annals_window_get_timeline_view (window);
  AnnalsViewport *viewport = annals_window_get_viewport (window);
  double whole = annals_viewport_get_span (viewport);
  double width = gtk_widget_get_width (GTK_WIDGET (overview));
  double span;
  double target;

  annals_timeline_view_zoom_at_x (view, gtk_widget_get_width (GTK_WIDGET (view)) / 2.0, 8.0);
  span = annals_viewport_get_span (viewport);

  /* A click outside the window centres the view there, keeping the zoom. */
  target = annals_overview_x_to_time (overview, 0.2 * width);
  g_assert_cmpfloat (target, <, annals_viewport_get_start (viewport));
  overview_drag (overview, 0.2 * width, 0);
  g_assert_cmpfloat_with_epsilon ((annals_viewport_get_start (viewport) +
                                   annals_viewport_get_end (viewport)) / 2,
                                  target, whole * 1e-9);
  g_assert_cmpfloat_with_epsilon (annals_viewport_get_span (viewport), span, whole * 1e-9);

  close_window (window);
}

/* What a key press does: the widget's own binding for @keyval, run. */
static gboolean
press_key (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  guint i;
  guint j;

  for (i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  g_assert_not_reached ();
  return FALSE;
}

static void
test_overview_keys (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (file);
  AnnalsOverview *overview = window_overview (window);
  AnnalsTimelineView *view = annals_window_get_timeline_view (window);
  AnnalsViewport *viewport = annals_window_get_viewport (window);
  double whole = annals_viewport_get_span (viewport);
  double start;
  double span;

  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (overview)));
  annals_timeline_view_zoom_at_x (view, gtk_widget_get_width (GTK_WIDGET (view)) / 2.0, 8.0);
  start = annals_viewport_get_start (viewport);
  span = annals_viewport_get_span (viewport);

  /* Right moves a tenth of the view later, Page Up most of a view earlier. */
  g_assert_true (press_key (GTK_WIDGET (overview), GDK_KEY_Right));
  g_assert_cmpfloat_with_epsilon (annals_viewport_get_start (viewport), start + span / 10,
                                  whole * 1e-9);
  g_assert_true (press_key (GTK_WIDGET (overview), GDK_KEY_Page_Up));
  g_assert_cmpfloat_with_epsilon (annals_viewport_get_start (viewport),
                                  start + span / 10 - 0.9 * span, whole * 1e-9);

  /* Home and End go to the ends, keeping the zoom; the slider's value follows. */
  g_assert_true (press_key (GTK_WIDGET (overview), GDK_KEY_End));
  g_assert_cmpfloat (annals_viewport_get_end (viewport), ==, annals_viewport_get_upper (viewport));
  g_assert_cmpfloat_with_epsilon (annals_viewport_get_span (viewport), span, whole * 1e-9);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (overview),
                                       GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, 100.0);
  g_assert_true (press_key (GTK_WIDGET (overview), GDK_KEY_Home));
  g_assert_cmpfloat (annals_viewport_get_start (viewport), ==, annals_viewport_get_lower (viewport));

  close_window (window);
}

static AnnalsGotoPopover *
open_goto (AnnalsWindow *window)
{
  GtkWidget *focus;
  GtkWidget *popover;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-date", NULL));
  settle (window);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT (focus));
  popover = gtk_widget_get_ancestor (focus, ANNALS_TYPE_GOTO_POPOVER);
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (popover));
  return ANNALS_GOTO_POPOVER (popover);
}

static void
test_goto_date (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (file);
  AnnalsViewport *viewport = annals_window_get_viewport (window);
  AnnalsGotoPopover *popover;
  g_autoptr(GError) error = NULL;
  AnnalsDate date;
  double lower = annals_viewport_get_lower (viewport);
  double day = 86400.0;
  double start;
  double end;

  /* Looking at two months, go to October 2018: centred there, same zoom. */
  annals_viewport_set_range (viewport, lower, lower + 60 * day);
  popover = open_goto (window);
  screenshot (window, "21-goto");
  g_assert_true (annals_goto_popover_go (popover, "2018-10"));
  g_assert_true (annals_date_parse ("2018-10", NULL, &date, NULL));
  start = (double) date.time;
  end = (double) annals_date_end_time (&date);
  g_assert_cmpfloat_with_epsilon ((annals_viewport_get_start (viewport) +
                                   annals_viewport_get_end (viewport)) / 2,
                                  (start + end) / 2, 1.0);
  g_assert_cmpfloat_with_epsilon (annals_viewport_get_span (viewport), 60 * day, 1.0);
  g_assert_null (annals_goto_popover_get_error (popover));

  /* A year is wider than the view: the view widens to show all of it. */
  g_assert_true (annals_goto_popover_go (popover, "2010"));
  /* 2010-01-01 and 2011-01-01 UTC */
  g_assert_cmpfloat (annals_viewport_get_start (viewport), <=, 1262304000.0);
  g_assert_cmpfloat (annals_viewport_get_end (viewport), >=, 1293840000.0);

  /* Nonsense keeps the view and says what the parser says. */
  start = annals_viewport_get_start (viewport);
  g_assert_false (annals_date_parse ("2026-13-45", NULL, &date, &error));
  g_assert_false (annals_goto_popover_go (popover, "2026-13-45"));
  g_assert_cmpstr (annals_goto_popover_get_error (popover), ==, error->message);
  g_assert_cmpfloat (annals_viewport_get_start (viewport), ==, start);
  screenshot (window, "22-goto-error");

  /* From the whole dataset, a month is shown among its neighbours. */
  gtk_popover_popdown (GTK_POPOVER (popover));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-fit", NULL));
  popover = open_goto (window);
  g_assert_true (annals_goto_popover_go (popover, "2018-10"));
  g_assert_true (annals_date_parse ("2018-10", NULL, &date, NULL));
  start = (double) date.time;
  end = (double) annals_date_end_time (&date);
  g_assert_cmpfloat_with_epsilon (annals_viewport_get_span (viewport), 12 * 31 * day, 1.0);
  g_assert_cmpfloat_with_epsilon ((annals_viewport_get_start (viewport) +
                                   annals_viewport_get_end (viewport)) / 2,
                                  (start + end) / 2, 1.0);

  /* Typing again clears the message; a date outside the data is refused. */
  g_assert_true (annals_goto_popover_go (popover, "2020"));
  g_assert_null (annals_goto_popover_get_error (popover));
  g_assert_false (annals_goto_popover_go (popover, "1500"));
  g_assert_nonnull (annals_goto_popover_get_error (popover));

  close_window (window);
}

/* ---- accessibility ---------------------------------------------------------- */

static void
test_a11y_view (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (file);
  AnnalsTimelineView *view = annals_window_get_timeline_view (window);
  AnnalsTimeline *timeline = annals_window_get_timeline (window);
  AnnalsLayout *layout = annals_timeline_view_get_layout (view);
  GtkAccessible *accessible = GTK_ACCESSIBLE (view);
  g_autofree char *label = g_strdup_printf ("Timeline of %s", timeline->title);
  g_autofree char *summary = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *second_text = NULL;
  g_autofree char *when = NULL;
  gint first = annals_layout_step (layout, -1, 1);
  gint second = annals_layout_step (layout, first, 1);

  /* The view is named after the dataset and says how many events it has. */
  gtk_test_accessible_assert_role (accessible, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_test_accessible_assert_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, label);
  summary = g_strdup_printf ("%u events. Press Tab to step through them in time order.",
                             annals_layout_get_n_visible (layout));
  gtk_test_accessible_assert_property (accessible, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary);
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (view)));

  /* Tab moves the selection and the description reads the event. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.select-next", NULL));
  when = annals_describe_event_when (timeline, &timeline->events[first]);
  first_text = g_strdup_printf ("Selected: %s, %s", timeline->events[first].title, when);
  gtk_test_accessible_assert_property (accessible, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       first_text);
  g_clear_pointer (&when, g_free);

  g_assert_true (annals_timeline_view_select_step (view, 1));
  when = annals_describe_event_when (timeline, &timeline->events[second]);
  second_text = g_strdup_printf ("Selected: %s, %s", timeline->events[second].title, when);
  gtk_test_accessible_assert_property (accessible, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       second_text);
  g_assert_cmpstr (first_text, !=, second_text);
  screenshot (window, "23-a11y-focus-ring");

  /* Escape goes back to the summary. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.clear-selection", NULL));
  gtk_test_accessible_assert_property (accessible, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary);

  /* The overview is a slider whose value text reads the dates shown. */
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (window_overview (window)),
                                   GTK_ACCESSIBLE_ROLE_SLIDER);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (window_overview (window)),
                                       GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, 0.0);
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (window_overview (window)),
                                                   GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT));

  close_window (window);
}

static void
test_a11y_style (void)
{
  g_autoptr(GFile) file = nato_file ();
  AnnalsWindow *window = open_window (file);
  AnnalsTimelineView *view = annals_window_get_timeline_view (window);
  const AnnalsTheme *theme;
  GtkEventController *drag;
  double start;
  double width = gtk_widget_get_width (GTK_WIDGET (view));
  int variant;

  /* High contrast: secondary text as strong as body text, in both themes,
   * and the scene redrawn with it. */
  for (variant = 0; variant < 2; variant++)
    {
      annals_timeline_view_set_dark (view, variant == 1);
      annals_timeline_view_set_high_contrast (view, TRUE);
      theme = annals_timeline_view_get_theme (view);
      g_assert_true (theme->variant == (variant == 1 ? ANNALS_THEME_DARK : ANNALS_THEME_LIGHT));
      g_assert_cmpfloat (annals_rgba_contrast (&theme->dim_foreground, &theme->background), >=, 7.0);
      g_assert_cmpfloat (annals_rgba_contrast (&theme->axis, &theme->background), >=, 7.0);
      if (variant == 1)
        screenshot (window, "24-high-contrast-dark");
      annals_timeline_view_set_high_contrast (view, FALSE);
      theme = annals_timeline_view_get_theme (view);
      g_assert_true (theme == annals_theme_get (variant == 1 ? ANNALS_THEME_DARK
                                                             : ANNALS_THEME_LIGHT));
    }
  annals_timeline_view_set_dark (view, FALSE);

  /* A fling glides on with animations, and stops dead without them (the
   * setting that stands for reduced motion; the suite runs with it off). */
  annals_timeline_view_zoom_at_x (view, width / 2, 4.0);
  drag = find_controller (GTK_WIDGET (view), GTK_TYPE_GESTURE_SWIPE);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  start = annals_viewport_get_start (annals_window_get_viewport (window));
  g_signal_emit_by_name (drag, "swipe", -3000.0, 0.0);
  settle (window);
  g_assert_cmpfloat (annals_viewport_get_start (annals_window_get_viewport (window)), >, start);

  annals_timeline_view_zoom_at_x (view, width / 2, 1.0);   /* stops the glide */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  start = annals_viewport_get_start (annals_window_get_viewport (window));
  g_signal_emit_by_name (drag, "swipe", -3000.0, 0.0);
  settle (window);
  g_assert_cmpfloat (annals_viewport_get_start (annals_window_get_viewport (window)), ==, start);

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
  g_autofree char *state_dir = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  /* GTK's recording accessibility backend: no bus, but the accessible
   * properties the view sets can be read back (/gui/a11y/...). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* Subprocesses inherit the parent's directory. */
  if (!g_test_subprocess ())
    state_dir = private_state_dir ();
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
  g_test_add_func ("/gui/window/limits", test_window_limits);
  g_test_add_func ("/gui/window/reload-invalid", test_window_reload_invalid);
  g_test_add_func ("/gui/legend/many-tracks", test_legend_many_tracks);
  g_test_add_func ("/gui/window/reload", test_window_reload);
  g_test_add_func ("/gui/window/watch", test_window_watch);
  g_test_add_func ("/gui/window/search", test_window_search);
  g_test_add_func ("/gui/window/search-results", test_window_search_results);
  g_test_add_func ("/gui/window/filters", test_window_filters);
  g_test_add_func ("/gui/window/legend-groups", test_window_legend_groups);
  g_test_add_func ("/gui/window/event-list", test_window_event_list);
  g_test_add_func ("/gui/event-list/model-big", test_event_list_model_big);
  g_test_add_func ("/gui/event-list/async-sort", test_event_list_model_async_sort);
  g_test_add_func ("/gui/window/big-file", test_window_big_file);
  g_test_add_func ("/gui/window/drop", test_window_drop);
  g_test_add_func ("/gui/window/settings", test_window_settings);
  g_test_add_func ("/gui/window/dark", test_window_dark);
  g_test_add_func ("/gui/window/recent", test_window_recent);
  g_test_add_func ("/gui/export/dialog", test_export_dialog);
  g_test_add_func ("/gui/overview/density", test_overview_density);
  g_test_add_func ("/gui/overview/drag", test_overview_drag);
  g_test_add_func ("/gui/overview/edges", test_overview_edges);
  g_test_add_func ("/gui/overview/click", test_overview_click);
  g_test_add_func ("/gui/overview/keys", test_overview_keys);
  g_test_add_func ("/gui/goto/date", test_goto_date);
  g_test_add_func ("/gui/a11y/view", test_a11y_view);
  g_test_add_func ("/gui/a11y/style", test_a11y_style);
  g_test_add_func ("/gui/app/about", test_app_about);

  status = g_test_run ();
  if (state_dir != NULL)
    remove_state_dir (state_dir);

  g_application_release (G_APPLICATION (application));
  g_clear_object (&application);
  return status;
}
