/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-timeline-view.h"

#include <glib/gi18n.h>
#include <math.h>

#include "annals-date-format.h"
#include "annals-style.h"

/* Kinetic panning slows down by e^-FRICTION per second and stops below
 * KINETIC_STOP logical pixels per second. */
#define FRICTION          4.0
#define KINETIC_STOP      15.0
#define KINETIC_MIN_START 120.0
/* One notch of Ctrl+wheel or one press of + zooms by this much. */
#define ZOOM_STEP         1.25
#define DRAG_THRESHOLD    3.0

/* Scene surfaces are large (6 MB for a view of 1600x1000) and a new one is
 * drawn at every step of a pan. A new allocation is new pages, each one
 * faulted in as the renderer first writes it: so the surface that the
 * screen last let go of is kept for the next scene. (The scene on screen
 * holds its own until the next one replaces it: two surfaces take turns.) */
typedef struct
{
  GMutex           lock;              /* textures may be let go of elsewhere */
  cairo_surface_t *surface;
} SceneSpare;

typedef struct
{
  SceneSpare      *home;
  cairo_surface_t *surface;
} SceneLoan;

static void
scene_spare_clear (gpointer data)
{
  SceneSpare *spare = data;

  g_clear_pointer (&spare->surface, cairo_surface_destroy);
  g_mutex_clear (&spare->lock);
}

static SceneSpare *
scene_spare_new (void)
{
  SceneSpare *spare = g_atomic_rc_box_new0 (SceneSpare);

  g_mutex_init (&spare->lock);
  return spare;
}

/* A scene's texture is done with its pixels: they become the spare. */
static void
scene_loan_return (gpointer data)
{
  SceneLoan *loan = data;

  g_mutex_lock (&loan->home->lock);
  if (loan->home->surface == NULL)
    loan->home->surface = g_steal_pointer (&loan->surface);
  g_mutex_unlock (&loan->home->lock);

  g_clear_pointer (&loan->surface, cairo_surface_destroy);
  g_atomic_rc_box_release_full (loan->home, scene_spare_clear);
  g_free (loan);
}

/* The spare when it has the size, else a new surface. */
static cairo_surface_t *
scene_spare_take (SceneSpare *spare,
                  int         width,
                  int         height)
{
  cairo_surface_t *surface;

  g_mutex_lock (&spare->lock);
  surface = g_steal_pointer (&spare->surface);
  g_mutex_unlock (&spare->lock);

  if (surface != NULL && (cairo_image_surface_get_width (surface) != width
                          || cairo_image_surface_get_height (surface) != height))
    g_clear_pointer (&surface, cairo_surface_destroy);
  if (surface == NULL)
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);

  return surface;
}

struct _AnnalsTimelineView
{
  GtkWidget       parent_instance;

  /* owned */
  AnnalsLayout   *layout;
  AnnalsViewport *viewport;
  GskRenderNode  *scene;              /* static part; NULL when stale */
  SceneSpare     *scene_spare;        /* a surface for the next scene */
  guint8         *highlight;          /* per event, or NULL */
  GtkAdjustment  *hadjustment;
  GtkAdjustment  *vadjustment;

  double          scroll_y;
  gint            selected;
  gint            hovered;
  int             scene_width;
  int             scene_height;

  /* drag and pinch, in the state they had when the gesture began */
  double          drag_start;
  double          drag_scroll_y;
  double          pinch_start;
  double          pinch_end;
  double          pinch_anchor_x;

  double          pointer_x;
  double          pointer_y;

  /* kinetic panning, logical pixels per second */
  double          kinetic_vx;
  double          kinetic_vy;
  gint64          kinetic_time;
  guint           kinetic_id;

  guint           dark : 1;
  guint           high_contrast : 1;
  guint           hover_group : 1;      /* the pointer is on a group's label */
  guint           pointer_inside : 1;
  guint           dragging : 1;
  guint           syncing_adjustments : 1;
  guint           hscroll_policy : 1;
  guint           vscroll_policy : 1;
};

static void scrollable_iface_init (GtkScrollableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AnnalsTimelineView, annals_timeline_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, scrollable_iface_init))

enum {
  PROP_0,
  PROP_VIEWPORT,
  PROP_SELECTED,
  PROP_HOVERED,
  PROP_DARK,
  PROP_HIGH_CONTRAST,
  PROP_SCROLL_Y,
  N_PROPS,

  /* GtkScrollable */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

enum {
  EVENT_ACTIVATED,
  TOGGLE_TRACK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
scrollable_iface_init (GtkScrollableInterface *iface)
{
}

static guint
n_events (AnnalsTimelineView *self)
{
  return self->layout != NULL ? annals_layout_get_timeline (self->layout)->n_events : 0;
}

static void
fill_view (AnnalsTimelineView *self,
           AnnalsView         *view)
{
  annals_view_init (view,
                    gtk_widget_get_width (GTK_WIDGET (self)),
                    gtk_widget_get_height (GTK_WIDGET (self)),
                    annals_timeline_view_get_theme (self));
  view->start = annals_viewport_get_start (self->viewport);
  view->end = annals_viewport_get_end (self->viewport);
  view->scroll_y = self->scroll_y;
  view->selected = self->selected;
  view->hovered = self->hovered;
  view->highlight = self->highlight;
}

static void
get_plot_area (AnnalsTimelineView *self,
               AnnalsRect         *area)
{
  AnnalsView view;

  if (self->layout == NULL)
    {
      *area = (AnnalsRect) { 0, 0, gtk_widget_get_width (GTK_WIDGET (self)),
                             gtk_widget_get_height (GTK_WIDGET (self)) };
      return;
    }

  fill_view (self, &view);
  annals_renderer_get_plot_area (self->layout, &view, area);
}

/* How far the lanes can scroll: what they need minus what is visible. */
static double
get_max_scroll_y (AnnalsTimelineView *self)
{
  AnnalsView view;
  AnnalsRect area;
  double content;

  if (self->layout == NULL)
    return 0;

  fill_view (self, &view);
  annals_renderer_get_plot_area (self->layout, &view, &area);
  content = annals_renderer_get_content_height (self->layout, &view);
  return MAX (0, content - area.height);
}

/* The group track whose gutter label is at (@x, @y), or -1. */
static gint
group_at (AnnalsTimelineView *self,
          double              x,
          double              y)
{
  const AnnalsLane *lane;
  AnnalsView view;
  AnnalsRect area;
  gint index;

  if (self->layout == NULL)
    return -1;

  fill_view (self, &view);
  annals_renderer_get_plot_area (self->layout, &view, &area);
  if (x >= area.x || y < area.y)
    return -1;

  index = annals_renderer_lane_at (self->layout, &view, y);
  if (index < 0)
    return -1;
  lane = annals_layout_get_lane (self->layout, index);
  if (lane == NULL || lane->track < 0 ||
      !annals_layout_track_has_children (self->layout, lane->track))
    return -1;
  return lane->track;
}

static void
invalidate_scene (AnnalsTimelineView *self)
{
  g_clear_pointer (&self->scene, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_actions (AnnalsTimelineView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_data = self->layout != NULL;
  gboolean has_events = has_data && annals_layout_get_n_visible (self->layout) > 0;

  gtk_widget_action_set_enabled (widget, "timeline.zoom-in",
                                 has_data && annals_viewport_can_zoom_in (self->viewport));
  gtk_widget_action_set_enabled (widget, "timeline.zoom-out",
                                 has_data && annals_viewport_can_zoom_out (self->viewport));
  gtk_widget_action_set_enabled (widget, "timeline.zoom-fit",
                                 has_data && annals_viewport_can_zoom_out (self->viewport));
  gtk_widget_action_set_enabled (widget, "timeline.go-start", has_data);
  gtk_widget_action_set_enabled (widget, "timeline.go-end", has_data);
  gtk_widget_action_set_enabled (widget, "timeline.select-next", has_events);
  gtk_widget_action_set_enabled (widget, "timeline.select-previous", has_events);
  gtk_widget_action_set_enabled (widget, "timeline.activate", self->selected >= 0);
  gtk_widget_action_set_enabled (widget, "timeline.clear-selection", self->selected >= 0);
}

/* The adjustments mirror the view for scrollbars: horizontally the visible
 * range inside the whole dataset, in pixels at the current zoom; vertically
 * the lanes. */
static void
update_adjustments (AnnalsTimelineView *self)
{
  AnnalsView view;
  AnnalsRect area;

  if (self->layout == NULL || gtk_widget_get_width (GTK_WIDGET (self)) <= 0)
    {
      self->syncing_adjustments = TRUE;
      if (self->hadjustment != NULL)
        gtk_adjustment_configure (self->hadjustment, 0, 0, 0, 0, 0, 0);
      if (self->vadjustment != NULL)
        gtk_adjustment_configure (self->vadjustment, 0, 0, 0, 0, 0, 0);
      self->syncing_adjustments = FALSE;
      return;
    }

  fill_view (self, &view);
  annals_renderer_get_plot_area (self->layout, &view, &area);

  self->syncing_adjustments = TRUE;

  if (self->hadjustment != NULL)
    {
      double lower = annals_viewport_get_lower (self->viewport);
      double upper = annals_viewport_get_upper (self->viewport);
      double span = annals_viewport_get_span (self->viewport);
      double width = MAX (1, area.width);

      if (upper > lower && span > 0)
        gtk_adjustment_configure (self->hadjustment,
                                  (view.start - lower) / span * width,
                                  0, (upper - lower) / span * width,
                                  width / 10, width * 0.9, width);
      else
        gtk_adjustment_configure (self->hadjustment, 0, 0, width, width / 10, width * 0.9, width);
    }

  if (self->vadjustment != NULL)
    {
      double content = annals_renderer_get_content_height (self->layout, &view);
      double height = MAX (1, area.height);

      gtk_adjustment_configure (self->vadjustment, self->scroll_y, 0, MAX (content, height),
                                view.theme->row_height, height * 0.9, height);
    }

  self->syncing_adjustments = FALSE;
}

static void
update_cursor (AnnalsTimelineView *self)
{
  if (self->dragging)
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
  else if (self->hovered >= 0 || self->hover_group)
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");
  else
    gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
}

static void
set_hovered (AnnalsTimelineView *self,
             gint                hovered)
{
  if (self->hovered == hovered)
    return;

  self->hovered = hovered;
  update_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVERED]);
}

static void
update_hover (AnnalsTimelineView *self)
{
  gboolean hover_group = FALSE;

  if (!self->pointer_inside || self->dragging || self->layout == NULL)
    set_hovered (self, -1);
  else
    {
      set_hovered (self, annals_timeline_view_pick (self, self->pointer_x, self->pointer_y));
      hover_group = self->hovered < 0 && group_at (self, self->pointer_x, self->pointer_y) >= 0;
    }

  if (self->hover_group != (guint) hover_group)
    {
      self->hover_group = hover_group;
      update_cursor (self);
    }
}

/* Assistive technologies see the view as one object named after the dataset;
 * its description says what is selected, and changes (or, from GTK 4.14, is
 * announced) as Tab or a click moves the selection. */
static void
update_accessible (AnnalsTimelineView *self)
{
  AnnalsTimeline *timeline;
  const AnnalsEvent *event;
  g_autofree char *label = NULL;
  g_autofree char *when = NULL;
  g_autofree char *description = NULL;
  guint n_visible;

  if (self->layout == NULL)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline"),
                                      -1);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }

  timeline = annals_layout_get_timeline (self->layout);
  if (timeline->title != NULL && timeline->title[0] != '\0')
    /* Translators: the accessible name of the view; %s is the dataset's title */
    label = g_strdup_printf (_("Timeline of %s"), timeline->title);
  else
    label = g_strdup (_("Timeline"));

  if (self->selected >= 0)
    {
      event = &timeline->events[self->selected];
      when = annals_describe_event_when (timeline, event);
      /* Translators: what a screen reader says about the selected event */
      description = g_strdup_printf (_("Selected: %s, %s"), event->title, when);
    }
  else
    {
      n_visible = annals_layout_get_n_visible (self->layout);
      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%u event. Press Tab to select it.",
                                                  "%u events. Press Tab to step through them "
                                                  "in time order.",
                                                  n_visible),
                                     n_visible);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
#if GTK_CHECK_VERSION (4, 14, 0)
  if (self->selected >= 0 && gtk_widget_has_focus (GTK_WIDGET (self)))
    gtk_accessible_announce (GTK_ACCESSIBLE (self), description,
                             GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
#endif
}

static void
stop_kinetic (AnnalsTimelineView *self)
{
  if (self->kinetic_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->kinetic_id);
      self->kinetic_id = 0;
    }
}

static gboolean
kinetic_tick_cb (GtkWidget     *widget,
                 GdkFrameClock *frame_clock,
                 gpointer       user_data)
{
  AnnalsTimelineView *self = ANNALS_TIMELINE_VIEW (widget);
  gint64 now = gdk_frame_clock_get_frame_time (frame_clock);
  double dt = (now - self->kinetic_time) / (double) G_USEC_PER_SEC;
  double decay;

  if (dt <= 0)
    return G_SOURCE_CONTINUE;

  self->kinetic_time = now;
  annals_timeline_view_pan_pixels (self, self->kinetic_vx * dt, self->kinetic_vy * dt);

  decay = exp (-FRICTION * dt);
  self->kinetic_vx *= decay;
  self->kinetic_vy *= decay;
  if (hypot (self->kinetic_vx, self->kinetic_vy) < KINETIC_STOP)
    {
      self->kinetic_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
start_kinetic (AnnalsTimelineView *self,
               double              vx,
               double              vy)
{
  stop_kinetic (self);

  if (hypot (vx, vy) < KINETIC_MIN_START || !isfinite (vx) || !isfinite (vy))
    return;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  /* Reduced motion: the view stops where the fingers left it. */
  if (!annals_style_animations_enabled (GTK_WIDGET (self)))
    return;

  self->kinetic_vx = vx;
  self->kinetic_vy = vy;
  self->kinetic_time = g_get_monotonic_time ();
  self->kinetic_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), kinetic_tick_cb, NULL, NULL);
}

/* Where keyboard and header-bar zooms centre: the pointer when it is over the
 * view, else the selected event when it is on screen, else the middle. */
static double
get_zoom_anchor_x (AnnalsTimelineView *self)
{
  AnnalsRect area;
  AnnalsRect rect;

  get_plot_area (self, &area);
  if (self->pointer_inside && self->pointer_x >= area.x && self->pointer_x <= area.x + area.width)
    return self->pointer_x;

  if (self->selected >= 0 &&
      annals_timeline_view_get_event_rect (self, self->selected, &rect))
    {
      double centre = rect.x + rect.width / 2;

      if (centre >= area.x && centre <= area.x + area.width)
        return centre;
    }

  return area.x + area.width / 2;
}

static void
viewport_notify_cb (AnnalsViewport     *viewport,
                    GParamSpec         *pspec,
                    AnnalsTimelineView *self)
{
  invalidate_scene (self);
  update_adjustments (self);
  update_hover (self);
  update_actions (self);
}

static void
hadjustment_value_changed_cb (GtkAdjustment      *adjustment,
                              AnnalsTimelineView *self)
{
  AnnalsRect area;
  double span;
  double start;

  if (self->syncing_adjustments || self->layout == NULL)
    return;

  get_plot_area (self, &area);
  span = annals_viewport_get_span (self->viewport);
  start = annals_viewport_get_lower (self->viewport) +
          gtk_adjustment_get_value (adjustment) / MAX (1, area.width) * span;
  annals_viewport_pan (self->viewport, start - annals_viewport_get_start (self->viewport));
}

static void
vadjustment_value_changed_cb (GtkAdjustment      *adjustment,
                              AnnalsTimelineView *self)
{
  if (self->syncing_adjustments)
    return;

  annals_timeline_view_set_scroll_y (self, gtk_adjustment_get_value (adjustment));
}

static void
set_adjustment (AnnalsTimelineView *self,
                GtkAdjustment     **slot,
                GtkAdjustment      *adjustment,
                GCallback           callback,
                guint               prop_id)
{
  if (adjustment != NULL && *slot == adjustment)
    return;

  if (*slot != NULL)
    {
      g_signal_handlers_disconnect_by_func (*slot, callback, self);
      g_clear_object (slot);
    }

  /* GtkScrollable may be handed NULL; keep one of our own in that case. */
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);

  *slot = g_object_ref_sink (adjustment);
  g_signal_connect (adjustment, "value-changed", callback, self);
  update_adjustments (self);
  g_object_notify (G_OBJECT (self), prop_id == PROP_HADJUSTMENT ? "hadjustment" : "vadjustment");
}

static void
click_pressed_cb (GtkGestureClick    *gesture,
                  int                 n_press,
                  double              x,
                  double              y,
                  AnnalsTimelineView *self)
{
  gint event;

  stop_kinetic (self);
  gtk_widget_grab_focus (GTK_WIDGET (self));

  if (n_press != 2 || self->layout == NULL)
    return;

  event = annals_timeline_view_pick (self, x, y);
  if (event >= 0)
    {
      annals_timeline_view_set_selected (self, event);
      g_signal_emit (self, signals[EVENT_ACTIVATED], 0, (guint) event);
    }
}

static void
click_released_cb (GtkGestureClick    *gesture,
                   int                 n_press,
                   double              x,
                   double              y,
                   AnnalsTimelineView *self)
{
  gint group;

  if (n_press != 1 || self->layout == NULL || self->dragging)
    return;

  /* A group's label in the gutter folds its tracks away or back. */
  group = group_at (self, x, y);
  if (group >= 0)
    {
      g_signal_emit (self, signals[TOGGLE_TRACK], 0, group);
      return;
    }

  /* A click on empty space clears the selection, as in a list. */
  annals_timeline_view_set_selected (self, annals_timeline_view_pick (self, x, y));
}

static void
drag_begin_cb (GtkGestureDrag     *gesture,
               double              x,
               double              y,
               AnnalsTimelineView *self)
{
  stop_kinetic (self);
  self->drag_start = annals_viewport_get_start (self->viewport);
  self->drag_scroll_y = self->scroll_y;
  self->dragging = FALSE;
}

static void
drag_update_cb (GtkGestureDrag     *gesture,
                double              offset_x,
                double              offset_y,
                AnnalsTimelineView *self)
{
  AnnalsRect area;
  double span;
  double start;

  if (self->layout == NULL)
    return;

  if (!self->dragging)
    {
      if (hypot (offset_x, offset_y) < DRAG_THRESHOLD)
        return;
      self->dragging = TRUE;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      set_hovered (self, -1);
      update_cursor (self);
    }

  get_plot_area (self, &area);
  span = annals_viewport_get_span (self->viewport);
  start = self->drag_start - offset_x * span / MAX (1, area.width);
  annals_viewport_pan (self->viewport, start - annals_viewport_get_start (self->viewport));
  annals_timeline_view_set_scroll_y (self, self->drag_scroll_y - offset_y);
}

static void
drag_end_cb (GtkGestureDrag     *gesture,
             double              offset_x,
             double              offset_y,
             AnnalsTimelineView *self)
{
  /* Cleared after the click gesture has seen the release, so that the end of
   * a drag never counts as a click. */
  if (self->dragging)
    {
      self->dragging = FALSE;
      update_cursor (self);
      update_hover (self);
    }
}

static void
swipe_cb (GtkGestureSwipe    *gesture,
          double              velocity_x,
          double              velocity_y,
          AnnalsTimelineView *self)
{
  /* Content follows the pointer, so panning runs against its velocity. */
  start_kinetic (self, -velocity_x, -velocity_y);
}

static void
scroll_begin_cb (GtkEventControllerScroll *controller,
                 AnnalsTimelineView       *self)
{
  stop_kinetic (self);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           AnnalsTimelineView       *self)
{
  GdkModifierType state;
  AnnalsRect area;
  gboolean wheel;

  if (self->layout == NULL)
    return FALSE;

  stop_kinetic (self);
  state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;
  get_plot_area (self, &area);

  if (state & GDK_CONTROL_MASK)
    {
      /* Touchpads send pixels; about 40 of them make one wheel notch. */
      double steps = wheel ? dy : dy / 40.0;
      double x = self->pointer_inside ? self->pointer_x : area.x + area.width / 2;

      annals_timeline_view_zoom_at_x (self, x, pow (ZOOM_STEP, -steps));
      return TRUE;
    }

  if (state & GDK_SHIFT_MASK)
    {
      double swap = dx;

      dx = dy;
      dy = swap;
    }

  if (wheel)
    {
      /* As GtkScrolledWindow does: a notch moves by a power of the page, so
       * big views move further without jumping a whole page. */
      dx *= pow (MAX (1, area.width), 2.0 / 3.0);
      dy *= pow (MAX (1, area.height), 2.0 / 3.0);
    }

  /* With every lane on screen, the vertical wheel has nothing to scroll and
   * moves through time instead, which is what a mouse without a horizontal
   * wheel needs. */
  if (get_max_scroll_y (self) <= 0)
    {
      dx += dy;
      dy = 0;
    }

  annals_timeline_view_pan_pixels (self, dx, dy);
  return TRUE;
}

static void
scroll_decelerate_cb (GtkEventControllerScroll *controller,
                      double                    velocity_x,
                      double                    velocity_y,
                      AnnalsTimelineView       *self)
{
  if (get_max_scroll_y (self) <= 0)
    {
      velocity_x += velocity_y;
      velocity_y = 0;
    }
  start_kinetic (self, velocity_x, velocity_y);
}

static void
zoom_begin_cb (GtkGesture         *gesture,
               GdkEventSequence   *sequence,
               AnnalsTimelineView *self)
{
  double x = 0;
  double y = 0;

  stop_kinetic (self);
  self->pinch_start = annals_viewport_get_start (self->viewport);
  self->pinch_end = annals_viewport_get_end (self->viewport);
  if (!gtk_gesture_is_active (gesture) ||
      !gtk_gesture_get_bounding_box_center (gesture, &x, &y))
    x = self->pointer_x;
  self->pinch_anchor_x = x;
}

static void
zoom_scale_changed_cb (GtkGestureZoom     *gesture,
                       double              scale,
                       AnnalsTimelineView *self)
{
  AnnalsView view;
  double anchor;
  double span;
  double ratio;
  double new_span;
  double start;

  if (self->layout == NULL || !(scale > 0))
    return;

  /* Relative to the range when the pinch began, so rounding never drifts. */
  fill_view (self, &view);
  view.start = self->pinch_start;
  view.end = self->pinch_end;
  anchor = annals_renderer_x_to_time (self->layout, &view, self->pinch_anchor_x);
  span = self->pinch_end - self->pinch_start;
  ratio = (anchor - self->pinch_start) / span;
  new_span = span / scale;
  start = anchor - ratio * new_span;
  annals_viewport_set_range (self->viewport, start, start + new_span);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           AnnalsTimelineView       *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;
  update_hover (self);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          AnnalsTimelineView       *self)
{
  self->pointer_inside = FALSE;
  update_hover (self);
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AnnalsTimelineView *self = ANNALS_TIMELINE_VIEW (widget);

  annals_timeline_view_zoom_at_x (self, get_zoom_anchor_x (self), ZOOM_STEP);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AnnalsTimelineView *self = ANNALS_TIMELINE_VIEW (widget);

  annals_timeline_view_zoom_at_x (self, get_zoom_anchor_x (self), 1.0 / ZOOM_STEP);
}

static void
zoom_fit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AnnalsTimelineView *self = ANNALS_TIMELINE_VIEW (widget);

  stop_kinetic (self);
  annals_viewport_zoom_to_fit (self->viewport);
}

static void
go_start_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AnnalsTimelineView *self = ANNALS_TIMELINE_VIEW (widget);

  stop_kinetic (self);
  annals_viewport_pan (self->viewport,
                       annals_viewport_get_lower (self->viewport) -
                       annals_viewport_get_start (self->viewport));
}

static void
go_end_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AnnalsTimelineView *self = ANNALS_TIMELINE_VIEW (widget);

  stop_kinetic (self);
  annals_viewport_pan (self->viewport,
                       annals_viewport_get_upper (self->viewport) -
                       annals_viewport_get_end (self->viewport));
}

static void
select_next_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  annals_timeline_view_select_step (ANNALS_TIMELINE_VIEW (widget), 1);
}

static void
select_previous_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  annals_timeline_view_select_step (ANNALS_TIMELINE_VIEW (widget), -1);
}

static void
activate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AnnalsTimelineView *self = ANNALS_TIMELINE_VIEW (widget);

  if (self->selected >= 0)
    g_signal_emit (self, signals[EVENT_ACTIVATED], 0, (guint) self->selected);
}

static void
clear_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  annals_timeline_view_set_selected (ANNALS_TIMELINE_VIEW (widget), -1);
}

/* Arrows and Page Up/Down: @args is (horizontal pages, vertical pages). */
static gboolean
pan_binding (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  AnnalsTimelineView *self = ANNALS_TIMELINE_VIEW (widget);
  AnnalsRect area;
  double pages_x;
  double pages_y;

  if (self->layout == NULL)
    return FALSE;

  g_variant_get (args, "(dd)", &pages_x, &pages_y);
  get_plot_area (self, &area);
  stop_kinetic (self);
  annals_timeline_view_pan_pixels (self, pages_x * area.width, pages_y * area.height);
  return TRUE;
}

/* Tab and Shift+Tab step through events; past the last one, focus moves on
 * as usual so the keyboard never gets trapped in the view. */
static gboolean
select_step_binding (GtkWidget *widget,
                     GVariant  *args,
                     gpointer   user_data)
{
  return annals_timeline_view_select_step (ANNALS_TIMELINE_VIEW (widget),
                                           g_variant_get_int32 (args));
}

static gboolean
escape_binding (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  AnnalsTimelineView *self = ANNALS_TIMELINE_VIEW (widget);

  if (self->selected < 0)
    return FALSE;

  annals_timeline_view_set_selected (self, -1);
  return TRUE;
}

/* The scene is drawn into an image surface of the screen's pixels and shown
 * as a texture, rather than recorded with gtk_snapshot_append_cairo(): the
 * renderer draws much faster on an image surface at whole pixels (it writes
 * the pixels directly there), and the texture is drawn as it is. */
static GskRenderNode *
draw_scene (AnnalsTimelineView *self,
            const AnnalsView   *view,
            int                 width,
            int                 height)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  cairo_surface_t *surface;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  SceneLoan *loan;
  cairo_t *cr;

  /* The renderer paints every pixel: what the spare held does not show. */
  surface = scene_spare_take (self->scene_spare, width * scale, height * scale);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  annals_renderer_draw (cr, self->layout, view);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* The texture keeps the surface, whose pixels it uses without a copy,
   * and hands it back for the next scene. */
  loan = g_new (SceneLoan, 1);
  loan->home = g_atomic_rc_box_acquire (self->scene_spare);
  loan->surface = surface;
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) *
                                      (gsize) (height * scale),
                                      scene_loan_return, loan);
  texture = gdk_memory_texture_new (width * scale, height * scale, GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));
  return gsk_texture_node_new (texture, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static void
annals_timeline_view_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  AnnalsTimelineView *self = ANNALS_TIMELINE_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, width, height);
  AnnalsView view;
  cairo_t *cr;

  if (self->layout == NULL || width <= 0 || height <= 0)
    return;

  fill_view (self, &view);

  if (self->scene != NULL && (self->scene_width != width || self->scene_height != height))
    g_clear_pointer (&self->scene, gsk_render_node_unref);

  if (self->scene == NULL)
    {
      AnnalsView scene_view = view;

      /* Hover and selection stay out of the cached scene, so moving the
       * pointer never redraws the whole timeline. */
      scene_view.flags |= ANNALS_RENDER_NO_OVERLAY;
      scene_view.selected = -1;
      scene_view.hovered = -1;
      self->scene = draw_scene (self, &scene_view, width, height);
      self->scene_width = width;
      self->scene_height = height;
    }

  if (self->scene != NULL)
    gtk_snapshot_append_node (snapshot, self->scene);

  if (self->selected >= 0 || self->hovered >= 0)
    {
      view.flags |= ANNALS_RENDER_NO_STATIC;
      cr = gtk_snapshot_append_cairo (snapshot, &bounds);
      annals_renderer_draw (cr, self->layout, &view);
      cairo_destroy (cr);
    }

  /* The keyboard's place: a ring around the selected event, as GTK draws
   * around a focused button, only when focus came from the keyboard. */
  if (self->selected >= 0 && gtk_widget_has_visible_focus (widget))
    {
      AnnalsRect rect;
      AnnalsRect area;

      get_plot_area (self, &area);
      if (annals_renderer_get_event_rect (self->layout, &view, self->selected, &rect) &&
          rect.x + rect.width >= area.x && rect.x <= area.x + area.width &&
          rect.y + rect.height >= area.y && rect.y <= area.y + area.height)
        {
          const AnnalsRgba *accent = &view.theme->selection;
          GdkRGBA color = { accent->r, accent->g, accent->b, 0.7 };
          GskRoundedRect ring;

          gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (area.x, area.y,
                                                                 area.width, area.height));
          gsk_rounded_rect_init_from_rect (&ring,
                                           &GRAPHENE_RECT_INIT (rect.x - 4, rect.y - 4,
                                                                MAX (rect.width, 2) + 8,
                                                                MAX (rect.height, 2) + 8),
                                           6);
          gtk_snapshot_append_border (snapshot, &ring,
                                      (float[4]) { 2, 2, 2, 2 },
                                      (GdkRGBA[4]) { color, color, color, color });
          gtk_snapshot_pop (snapshot);
        }
    }
}

static void
annals_timeline_view_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  /* Small enough for a phone in portrait; it fills whatever it is given. The
   * natural width is where the details panel starts to overlay the timeline
   * rather than squeeze it. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 520;
    }
  else
    {
      *minimum = 160;
      *natural = 480;
    }
}

static void
annals_timeline_view_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  AnnalsTimelineView *self = ANNALS_TIMELINE_VIEW (widget);
  double max_scroll = get_max_scroll_y (self);

  if (self->scroll_y > max_scroll)
    annals_timeline_view_set_scroll_y (self, max_scroll);
  update_adjustments (self);
}

static gboolean
annals_timeline_view_query_tooltip (GtkWidget  *widget,
                                    int         x,
                                    int         y,
                                    gboolean    keyboard_mode,
                                    GtkTooltip *tooltip)
{
  AnnalsTimelineView *self = ANNALS_TIMELINE_VIEW (widget);
  AnnalsTimeline *timeline;
  const AnnalsEvent *event;
  g_autofree char *when = NULL;
  g_autofree char *markup = NULL;
  AnnalsRect rect;
  gint index;

  if (self->layout == NULL || self->dragging)
    return FALSE;

  index = keyboard_mode ? self->selected : annals_timeline_view_pick (self, x, y);
  if (index < 0)
    return FALSE;

  timeline = annals_layout_get_timeline (self->layout);
  event = &timeline->events[index];
  when = annals_describe_event_when (timeline, event);

  if (event->status != ANNALS_STATUS_CONFIRMED)
    markup = g_markup_printf_escaped ("<b>%s</b>\n%s · %s", event->title, when,
                                      annals_status_get_label (event->status));
  else
    markup = g_markup_printf_escaped ("<b>%s</b>\n%s", event->title, when);
  gtk_tooltip_set_markup (tooltip, markup);

  /* Leaving the event's rectangle asks again, so the tooltip follows the
   * pointer from event to event. */
  if (annals_timeline_view_get_event_rect (self, index, &rect))
    {
      GdkRectangle area;
      double x1 = MAX (0, rect.x);
      double y1 = MAX (0, rect.y);
      double x2 = MIN (gtk_widget_get_width (widget), rect.x + rect.width);
      double y2 = MIN (gtk_widget_get_height (widget), rect.y + rect.height);

      area.x = (int) floor (x1);
      area.y = (int) floor (y1);
      area.width = MAX (1, (int) ceil (x2 - x1));
      area.height = MAX (1, (int) ceil (y2 - y1));
      gtk_tooltip_set_tip_area (tooltip, &area);
    }

  return TRUE;
}

static void
annals_timeline_view_unmap (GtkWidget *widget)
{
  stop_kinetic (ANNALS_TIMELINE_VIEW (widget));

  GTK_WIDGET_CLASS (annals_timeline_view_parent_class)->unmap (widget);
}

static void
annals_timeline_view_dispose (GObject *object)
{
  AnnalsTimelineView *self = ANNALS_TIMELINE_VIEW (object);

  stop_kinetic (self);
  if (self->viewport != NULL)
    g_signal_handlers_disconnect_by_func (self->viewport, viewport_notify_cb, self);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, hadjustment_value_changed_cb, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, vadjustment_value_changed_cb, self);

  g_clear_object (&self->viewport);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  g_clear_pointer (&self->layout, annals_layout_unref);
  g_clear_pointer (&self->scene, gsk_render_node_unref);

  G_OBJECT_CLASS (annals_timeline_view_parent_class)->dispose (object);
}

static void
annals_timeline_view_finalize (GObject *object)
{
  AnnalsTimelineView *self = ANNALS_TIMELINE_VIEW (object);

  g_clear_pointer (&self->highlight, g_free);
  /* Scenes still on screen hold it until they go. */
  g_atomic_rc_box_release_full (self->scene_spare, scene_spare_clear);

  G_OBJECT_CLASS (annals_timeline_view_parent_class)->finalize (object);
}

static void
annals_timeline_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  AnnalsTimelineView *self = ANNALS_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_VIEWPORT:
      g_value_set_object (value, self->viewport);
      break;

    case PROP_SELECTED:
      g_value_set_int (value, self->selected);
      break;

    case PROP_HOVERED:
      g_value_set_int (value, self->hovered);
      break;

    case PROP_DARK:
      g_value_set_boolean (value, self->dark);
      break;

    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, self->high_contrast);
      break;

    case PROP_SCROLL_Y:
      g_value_set_double (value, self->scroll_y);
      break;

    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;

    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;

    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;

    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
annals_timeline_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  AnnalsTimelineView *self = ANNALS_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_VIEWPORT:
      annals_timeline_view_set_viewport (self, g_value_get_object (value));
      break;

    case PROP_SELECTED:
      annals_timeline_view_set_selected (self, g_value_get_int (value));
      break;

    case PROP_DARK:
      annals_timeline_view_set_dark (self, g_value_get_boolean (value));
      break;

    case PROP_HIGH_CONTRAST:
      annals_timeline_view_set_high_contrast (self, g_value_get_boolean (value));
      break;

    case PROP_SCROLL_Y:
      annals_timeline_view_set_scroll_y (self, g_value_get_double (value));
      break;

    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value),
                      G_CALLBACK (hadjustment_value_changed_cb), PROP_HADJUSTMENT);
      break;

    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value),
                      G_CALLBACK (vadjustment_value_changed_cb), PROP_VADJUSTMENT);
      break;

    case PROP_HSCROLL_POLICY:
      if (self->hscroll_policy != (guint) g_value_get_enum (value))
        {
          self->hscroll_policy = g_value_get_enum (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_VSCROLL_POLICY:
      if (self->vscroll_policy != (guint) g_value_get_enum (value))
        {
          self->vscroll_policy = g_value_get_enum (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_pan_binding (GtkWidgetClass  *widget_class,
                 guint            keyval,
                 GdkModifierType  mods,
                 double           pages_x,
                 double           pages_y)
{
  gtk_widget_class_add_binding (widget_class, keyval, mods, pan_binding, "(dd)", pages_x, pages_y);
}

static void
annals_timeline_view_class_init (AnnalsTimelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = annals_timeline_view_dispose;
  object_class->finalize = annals_timeline_view_finalize;
  object_class->get_property = annals_timeline_view_get_property;
  object_class->set_property = annals_timeline_view_set_property;

  widget_class->snapshot = annals_timeline_view_snapshot;
  widget_class->measure = annals_timeline_view_measure;
  widget_class->size_allocate = annals_timeline_view_size_allocate;
  widget_class->query_tooltip = annals_timeline_view_query_tooltip;
  widget_class->unmap = annals_timeline_view_unmap;

  properties[PROP_VIEWPORT] =
    g_param_spec_object ("viewport", NULL, NULL,
                         ANNALS_TYPE_VIEWPORT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SELECTED] =
    g_param_spec_int ("selected", NULL, NULL,
                      -1, G_MAXINT, -1,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_HOVERED] =
    g_param_spec_int ("hovered", NULL, NULL,
                      -1, G_MAXINT, -1,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_HIGH_CONTRAST] =
    g_param_spec_boolean ("high-contrast", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DARK] =
    g_param_spec_boolean ("dark", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SCROLL_Y] =
    g_param_spec_double ("scroll-y", NULL, NULL,
                         0, G_MAXDOUBLE, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  /**
   * AnnalsTimelineView::event-activated:
   * @event: the event index
   *
   * The user asked for an event's details (Enter or a double click).
   */
  signals[EVENT_ACTIVATED] =
    g_signal_new ("event-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * AnnalsTimelineView::toggle-track:
   * @track: the index of a track that holds other tracks
   *
   * The user clicked a group's label to collapse or expand it; the owner of
   * the layout rebuilds it with the new collapsed set.
   */
  signals[TOGGLE_TRACK] =
    g_signal_new ("toggle-track",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_install_action (widget_class, "timeline.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-fit", NULL, zoom_fit_action);
  gtk_widget_class_install_action (widget_class, "timeline.go-start", NULL, go_start_action);
  gtk_widget_class_install_action (widget_class, "timeline.go-end", NULL, go_end_action);
  gtk_widget_class_install_action (widget_class, "timeline.select-next", NULL, select_next_action);
  gtk_widget_class_install_action (widget_class, "timeline.select-previous", NULL,
                                   select_previous_action);
  gtk_widget_class_install_action (widget_class, "timeline.activate", NULL, activate_action);
  gtk_widget_class_install_action (widget_class, "timeline.clear-selection", NULL,
                                   clear_selection_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "timeline.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0,
                                       "timeline.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "timeline.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, 0, "timeline.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "timeline.go-start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Home, 0, "timeline.go-start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "timeline.go-end", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_End, 0, "timeline.go-end", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "timeline.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0,
                                       "timeline.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Enter, 0,
                                       "timeline.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "timeline.activate", NULL);

  add_pan_binding (widget_class, GDK_KEY_Left, 0, -0.1, 0);
  add_pan_binding (widget_class, GDK_KEY_KP_Left, 0, -0.1, 0);
  add_pan_binding (widget_class, GDK_KEY_Right, 0, 0.1, 0);
  add_pan_binding (widget_class, GDK_KEY_KP_Right, 0, 0.1, 0);
  add_pan_binding (widget_class, GDK_KEY_Up, 0, 0, -0.1);
  add_pan_binding (widget_class, GDK_KEY_KP_Up, 0, 0, -0.1);
  add_pan_binding (widget_class, GDK_KEY_Down, 0, 0, 0.1);
  add_pan_binding (widget_class, GDK_KEY_KP_Down, 0, 0, 0.1);
  add_pan_binding (widget_class, GDK_KEY_Page_Up, 0, -0.9, 0);
  add_pan_binding (widget_class, GDK_KEY_KP_Page_Up, 0, -0.9, 0);
  add_pan_binding (widget_class, GDK_KEY_Page_Down, 0, 0.9, 0);
  add_pan_binding (widget_class, GDK_KEY_KP_Page_Down, 0, 0.9, 0);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Tab, 0, select_step_binding, "i", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Tab, 0, select_step_binding, "i", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Tab, GDK_SHIFT_MASK,
                                select_step_binding, "i", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK,
                                select_step_binding, "i", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_ISO_Left_Tab, 0,
                                select_step_binding, "i", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_binding, NULL);

  gtk_widget_class_set_css_name (widget_class, "timelineview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
annals_timeline_view_init (AnnalsTimelineView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkGesture *click;
  GtkGesture *drag;
  GtkGesture *swipe;
  GtkGesture *zoom;
  GtkEventController *scroll;
  GtkEventController *motion;

  self->selected = -1;
  self->hovered = -1;
  self->scene_spare = scene_spare_new ();

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_has_tooltip (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline"),
                                  -1);

  annals_timeline_view_set_viewport (self, NULL);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  g_signal_connect (click, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drag));

  /* Grouped with the drag so both see the same touches; it only measures
   * the release velocity for kinetic panning. */
  swipe = gtk_gesture_swipe_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (swipe), GDK_BUTTON_PRIMARY);
  g_signal_connect (swipe, "swipe", G_CALLBACK (swipe_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (swipe));
  gtk_gesture_group (swipe, drag);

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect (zoom, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (zoom));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES |
                                            GTK_EVENT_CONTROLLER_SCROLL_KINETIC);
  g_signal_connect (scroll, "scroll-begin", G_CALLBACK (scroll_begin_cb), self);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  g_signal_connect (scroll, "decelerate", G_CALLBACK (scroll_decelerate_cb), self);
  gtk_widget_add_controller (widget, scroll);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (widget, motion);

  update_actions (self);
}

GtkWidget *
annals_timeline_view_new (void)
{
  return g_object_new (ANNALS_TYPE_TIMELINE_VIEW, NULL);
}

AnnalsLayout *
annals_timeline_view_get_layout (AnnalsTimelineView *self)
{
  g_return_val_if_fail (ANNALS_IS_TIMELINE_VIEW (self), NULL);

  return self->layout;
}

void
annals_timeline_view_set_layout (AnnalsTimelineView *self,
                                 AnnalsLayout       *layout)
{
  gboolean same_data;

  g_return_if_fail (ANNALS_IS_TIMELINE_VIEW (self));

  if (self->layout == layout)
    return;

  /* The same dataset laid out again (a group collapsed): keep what the user
   * was looking at. Another dataset: start afresh. */
  same_data = self->layout != NULL && layout != NULL &&
              annals_layout_get_timeline (self->layout) == annals_layout_get_timeline (layout);

  stop_kinetic (self);
  if (layout != NULL)
    annals_layout_ref (layout);
  g_clear_pointer (&self->layout, annals_layout_unref);
  self->layout = layout;
  self->hovered = -1;

  if (same_data)
    {
      /* Filtered out by the new layout: nothing to show as selected. */
      if (self->selected >= 0 && !annals_layout_is_visible (layout, self->selected))
        annals_timeline_view_set_selected (self, -1);
      annals_timeline_view_set_scroll_y (self, self->scroll_y);
    }
  else
    {
      g_clear_pointer (&self->highlight, g_free);
      annals_timeline_view_set_selected (self, -1);
      self->scroll_y = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCROLL_Y]);
    }

  invalidate_scene (self);
  update_adjustments (self);
  update_hover (self);
  update_actions (self);
  update_accessible (self);
}

AnnalsViewport *
annals_timeline_view_get_viewport (AnnalsTimelineView *self)
{
  g_return_val_if_fail (ANNALS_IS_TIMELINE_VIEW (self), NULL);

  return self->viewport;
}

void
annals_timeline_view_set_viewport (AnnalsTimelineView *self,
                                   AnnalsViewport     *viewport)
{
  g_return_if_fail (ANNALS_IS_TIMELINE_VIEW (self));
  g_return_if_fail (viewport == NULL || ANNALS_IS_VIEWPORT (viewport));

  if (viewport != NULL && self->viewport == viewport)
    return;

  if (self->viewport != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->viewport, viewport_notify_cb, self);
      g_clear_object (&self->viewport);
    }

  /* Never without one, so that every other function can rely on it. */
  self->viewport = viewport != NULL ? g_object_ref (viewport) : annals_viewport_new ();
  g_signal_connect (self->viewport, "notify", G_CALLBACK (viewport_notify_cb), self);

  viewport_notify_cb (self->viewport, NULL, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEWPORT]);
}

gint
annals_timeline_view_get_selected (AnnalsTimelineView *self)
{
  g_return_val_if_fail (ANNALS_IS_TIMELINE_VIEW (self), -1);

  return self->selected;
}

void
annals_timeline_view_set_selected (AnnalsTimelineView *self,
                                   gint                event)
{
  g_return_if_fail (ANNALS_IS_TIMELINE_VIEW (self));

  if (event < 0 || (guint) event >= n_events (self) ||
      !annals_layout_is_visible (self->layout, event))
    event = -1;

  if (self->selected == event)
    return;

  self->selected = event;
  if (event >= 0)
    annals_timeline_view_scroll_to_event (self, event);

  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_actions (self);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

gint
annals_timeline_view_get_hovered (AnnalsTimelineView *self)
{
  g_return_val_if_fail (ANNALS_IS_TIMELINE_VIEW (self), -1);

  return self->hovered;
}

gboolean
annals_timeline_view_get_dark (AnnalsTimelineView *self)
{
  g_return_val_if_fail (ANNALS_IS_TIMELINE_VIEW (self), FALSE);

  return self->dark;
}

void
annals_timeline_view_set_dark (AnnalsTimelineView *self,
                               gboolean            dark)
{
  g_return_if_fail (ANNALS_IS_TIMELINE_VIEW (self));

  dark = !!dark;
  if (self->dark == (guint) dark)
    return;

  self->dark = dark;
  invalidate_scene (self);
  update_adjustments (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DARK]);
}

gboolean
annals_timeline_view_get_high_contrast (AnnalsTimelineView *self)
{
  g_return_val_if_fail (ANNALS_IS_TIMELINE_VIEW (self), FALSE);

  return self->high_contrast;
}

void
annals_timeline_view_set_high_contrast (AnnalsTimelineView *self,
                                        gboolean            high_contrast)
{
  g_return_if_fail (ANNALS_IS_TIMELINE_VIEW (self));

  high_contrast = !!high_contrast;
  if (self->high_contrast == (guint) high_contrast)
    return;

  self->high_contrast = high_contrast;
  invalidate_scene (self);
  update_adjustments (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGH_CONTRAST]);
}

const AnnalsTheme *
annals_timeline_view_get_theme (AnnalsTimelineView *self)
{
  g_return_val_if_fail (ANNALS_IS_TIMELINE_VIEW (self), NULL);

  return annals_style_get_theme (self->dark, self->high_contrast);
}

double
annals_timeline_view_get_scroll_y (AnnalsTimelineView *self)
{
  g_return_val_if_fail (ANNALS_IS_TIMELINE_VIEW (self), 0);

  return self->scroll_y;
}

void
annals_timeline_view_set_scroll_y (AnnalsTimelineView *self,
                                   double              scroll_y)
{
  g_return_if_fail (ANNALS_IS_TIMELINE_VIEW (self));

  if (!isfinite (scroll_y))
    return;

  scroll_y = CLAMP (scroll_y, 0, get_max_scroll_y (self));
  if (self->scroll_y == scroll_y)
    return;

  self->scroll_y = scroll_y;
  invalidate_scene (self);
  update_adjustments (self);
  update_hover (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCROLL_Y]);
}

void
annals_timeline_view_set_highlight (AnnalsTimelineView *self,
                                    const guint8       *highlight,
                                    guint               n)
{
  g_return_if_fail (ANNALS_IS_TIMELINE_VIEW (self));

  if (highlight == NULL && self->highlight == NULL)
    return;

  g_clear_pointer (&self->highlight, g_free);
  if (highlight != NULL && n > 0 && n == n_events (self))
    self->highlight = g_memdup2 (highlight, n);
  invalidate_scene (self);
}

void
annals_timeline_view_get_view (AnnalsTimelineView *self,
                               AnnalsView         *view)
{
  g_return_if_fail (ANNALS_IS_TIMELINE_VIEW (self));
  g_return_if_fail (view != NULL);

  fill_view (self, view);
}

void
annals_timeline_view_zoom_at_x (AnnalsTimelineView *self,
                                double              x,
                                double              factor)
{
  g_return_if_fail (ANNALS_IS_TIMELINE_VIEW (self));

  if (self->layout == NULL)
    return;

  stop_kinetic (self);
  annals_viewport_zoom_at (self->viewport, annals_timeline_view_x_to_time (self, x), factor);
}

void
annals_timeline_view_pan_pixels (AnnalsTimelineView *self,
                                 double              dx,
                                 double              dy)
{
  AnnalsRect area;

  g_return_if_fail (ANNALS_IS_TIMELINE_VIEW (self));

  if (self->layout == NULL)
    return;

  if (dx != 0)
    {
      get_plot_area (self, &area);
      annals_viewport_pan (self->viewport,
                           dx * annals_viewport_get_span (self->viewport) / MAX (1, area.width));
    }
  if (dy != 0)
    annals_timeline_view_set_scroll_y (self, self->scroll_y + dy);
}

typedef struct
{
  AnnalsLayout *layout;
  gint          first;
} FirstInRange;

static gboolean
first_in_range_cb (guint    event,
                   gpointer user_data)
{
  FirstInRange *state = user_data;

  state->first = event;
  return FALSE;
}

gboolean
annals_timeline_view_select_step (AnnalsTimelineView *self,
                                  int                 direction)
{
  gint next;

  g_return_val_if_fail (ANNALS_IS_TIMELINE_VIEW (self), FALSE);

  if (self->layout == NULL)
    return FALSE;

  if (self->selected < 0 && direction > 0)
    {
      /* Start where the reader is looking, not at the dataset's beginning. */
      FirstInRange state = { self->layout, -1 };
      AnnalsTime start = (AnnalsTime) floor (annals_viewport_get_start (self->viewport));
      AnnalsTime end = (AnnalsTime) ceil (annals_viewport_get_end (self->viewport));

      annals_layout_foreach_in_range (self->layout, start, end, first_in_range_cb, &state);
      next = state.first >= 0 ? state.first : annals_layout_step (self->layout, -1, 1);
    }
  else
    next = annals_layout_step (self->layout, self->selected, direction > 0 ? 1 : -1);

  if (next < 0)
    return FALSE;

  annals_timeline_view_set_selected (self, next);
  return TRUE;
}

void
annals_timeline_view_scroll_to_event (AnnalsTimelineView *self,
                                      guint               event)
{
  AnnalsRect area;
  AnnalsRect rect;
  double span;
  double margin;

  g_return_if_fail (ANNALS_IS_TIMELINE_VIEW (self));

  if (self->layout == NULL || gtk_widget_get_width (GTK_WIDGET (self)) <= 0 ||
      !annals_timeline_view_get_event_rect (self, event, &rect))
    return;

  get_plot_area (self, &area);
  span = annals_viewport_get_span (self->viewport);
  margin = MIN (48.0, area.width / 10);

  if (rect.x + rect.width < area.x + margin || rect.x > area.x + area.width - margin)
    {
      double target;

      /* Centre what fits; show the start of a span too long for the view. */
      if (rect.width < area.width - 2 * margin)
        target = rect.x + rect.width / 2 - (area.x + area.width / 2);
      else
        target = rect.x - (area.x + margin);
      annals_viewport_pan (self->viewport, target * span / MAX (1, area.width));
    }

  if (rect.y < area.y)
    annals_timeline_view_set_scroll_y (self, self->scroll_y - (area.y - rect.y) - 8);
  else if (rect.y + rect.height > area.y + area.height)
    annals_timeline_view_set_scroll_y (self, self->scroll_y +
                                       (rect.y + rect.height - area.y - area.height) + 8);
}

gint
annals_timeline_view_pick (AnnalsTimelineView *self,
                           double              x,
                           double              y)
{
  AnnalsView view;

  g_return_val_if_fail (ANNALS_IS_TIMELINE_VIEW (self), -1);

  if (self->layout == NULL)
    return -1;

  fill_view (self, &view);
  return annals_renderer_pick (self->layout, &view, x, y);
}

gboolean
annals_timeline_view_get_event_rect (AnnalsTimelineView *self,
                                     guint               event,
                                     AnnalsRect         *rect)
{
  AnnalsView view;

  g_return_val_if_fail (ANNALS_IS_TIMELINE_VIEW (self), FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (self->layout == NULL || event >= n_events (self))
    return FALSE;

  fill_view (self, &view);
  return annals_renderer_get_event_rect (self->layout, &view, event, rect);
}

double
annals_timeline_view_x_to_time (AnnalsTimelineView *self,
                                double              x)
{
  AnnalsView view;

  g_return_val_if_fail (ANNALS_IS_TIMELINE_VIEW (self), 0);

  if (self->layout == NULL)
    return 0;

  fill_view (self, &view);
  return annals_renderer_x_to_time (self->layout, &view, x);
}

double
annals_timeline_view_time_to_x (AnnalsTimelineView *self,
                                double              time)
{
  AnnalsView view;

  g_return_val_if_fail (ANNALS_IS_TIMELINE_VIEW (self), 0);

  if (self->layout == NULL)
    return 0;

  fill_view (self, &view);
  return annals_renderer_time_to_x (self->layout, &view, time);
}
