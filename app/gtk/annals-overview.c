/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-overview.h"

#include <glib/gi18n.h>
#include <math.h>

#include "annals-date-format.h"
#include "annals-style.h"

/* Enough bins that even a 4K-wide band gets one per column, few enough that
 * summing them per frame costs nothing. */
#define N_BINS       2048
#define MARGIN_X     12.0
#define MARGIN_Y     6.0
/* How far from an edge of the window a press grabs the edge, logical pixels. */
#define EDGE_GRAB    6.0
/* The window is never drawn narrower than this, so it can still be grabbed
 * when the view is zoomed far in. */
#define MIN_WINDOW   8.0
#define HEIGHT       56

typedef enum
{
  DRAG_NONE,
  DRAG_MOVE,
  DRAG_START_EDGE,
  DRAG_END_EDGE,
} DragMode;

struct _AnnalsOverview
{
  GtkWidget       parent_instance;

  /* owned */
  AnnalsViewport *viewport;
  AnnalsLayout   *layout;
  guint          *bins;               /* N_BINS counts of event starts, or NULL */

  double          bins_lower;         /* the time range the bins cover */
  double          bins_upper;
  guint           max_bin;

  /* the drag, in the state the viewport had when it began */
  DragMode        drag_mode;
  double          drag_x;
  double          drag_start;
  double          drag_end;

  guint           dark : 1;
  guint           high_contrast : 1;
};

G_DEFINE_FINAL_TYPE (AnnalsOverview, annals_overview, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VIEWPORT,
  PROP_DARK,
  PROP_HIGH_CONTRAST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const AnnalsTheme *
get_theme (AnnalsOverview *self)
{
  return annals_style_get_theme (self->dark, self->high_contrast);
}

static double
track_width (AnnalsOverview *self)
{
  return MAX (1.0, gtk_widget_get_width (GTK_WIDGET (self)) - 2 * MARGIN_X);
}

/* The band covers the viewport's bounds (the whole dataset); without them,
 * the bins' range. */
static gboolean
get_range (AnnalsOverview *self,
           double         *lower,
           double         *upper)
{
  *lower = annals_viewport_get_lower (self->viewport);
  *upper = annals_viewport_get_upper (self->viewport);
  if (*upper > *lower)
    return TRUE;

  *lower = self->bins_lower;
  *upper = self->bins_upper;
  return *upper > *lower;
}

/* One pass over the events when the layout changes; drawing only sums bins. */
static void
count_events (AnnalsOverview *self)
{
  AnnalsTimeline *timeline;
  AnnalsTime lower;
  AnnalsTime upper;
  double scale;
  guint i;

  g_clear_pointer (&self->bins, g_free);
  self->max_bin = 0;
  self->bins_lower = self->bins_upper = 0;

  if (self->layout == NULL || !annals_layout_get_extent (self->layout, &lower, &upper) ||
      upper <= lower)
    return;

  timeline = annals_layout_get_timeline (self->layout);
  self->bins = g_new0 (guint, N_BINS);
  self->bins_lower = (double) lower;
  self->bins_upper = (double) upper;
  scale = N_BINS / ((double) upper - (double) lower);

  for (i = 0; i < timeline->n_events; i++)
    {
      AnnalsTime start;
      AnnalsTime end;
      double bin;

      if (!annals_layout_get_event_bounds (self->layout, i, &start, &end))
        continue;
      bin = floor (((double) start - self->bins_lower) * scale);
      self->bins[(guint) CLAMP (bin, 0, N_BINS - 1)]++;
    }

  for (i = 0; i < N_BINS; i++)
    self->max_bin = MAX (self->max_bin, self->bins[i]);
}

static void
get_window (AnnalsOverview *self,
            double         *x0,
            double         *x1)
{
  double centre;

  *x0 = annals_overview_time_to_x (self, annals_viewport_get_start (self->viewport));
  *x1 = annals_overview_time_to_x (self, annals_viewport_get_end (self->viewport));
  if (*x1 - *x0 < MIN_WINDOW)
    {
      centre = (*x0 + *x1) / 2;
      *x0 = centre - MIN_WINDOW / 2;
      *x1 = centre + MIN_WINDOW / 2;
    }
}

static DragMode
hit_test (AnnalsOverview *self,
          double          x)
{
  double x0;
  double x1;
  double inner;

  get_window (self, &x0, &x1);
  /* A narrow window keeps its inside for moving: the edges grab from outside. */
  inner = x1 - x0 >= 4 * EDGE_GRAB ? EDGE_GRAB : 0;
  if (x >= x0 - EDGE_GRAB && x <= x0 + inner)
    return DRAG_START_EDGE;
  if (x >= x1 - inner && x <= x1 + EDGE_GRAB)
    return DRAG_END_EDGE;
  if (x > x0 && x < x1)
    return DRAG_MOVE;
  return DRAG_NONE;
}

static char *
describe_time (double time)
{
  AnnalsDate date = { 0 };

  date.time = (AnnalsTime) CLAMP (time, (double) G_MININT64 / 2, (double) G_MAXINT64 / 2);
  date.precision = ANNALS_PRECISION_DAY;
  return annals_describe_date (&date);
}

/* A slider whose value is where the view starts, in percent of the dataset,
 * and whose text reads the dates. */
static void
update_accessible (AnnalsOverview *self)
{
  double lower;
  double upper;
  double start = annals_viewport_get_start (self->viewport);
  double end = annals_viewport_get_end (self->viewport);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *text = NULL;
  double percent = 0;

  if (get_range (self, &lower, &upper) && upper - lower > end - start)
    percent = CLAMP ((start - lower) / ((upper - lower) - (end - start)) * 100, 0, 100);

  from = describe_time (start);
  to = describe_time (end);
  /* Translators: what a screen reader says about the overview's window */
  text = g_strdup_printf (_("Showing %s to %s"), from, to);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 100.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, percent,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

static void
update_cursor (AnnalsOverview *self,
               DragMode        mode)
{
  switch (mode)
    {
    case DRAG_MOVE:
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                       self->drag_mode == DRAG_MOVE ? "grabbing" : "grab");
      break;

    case DRAG_START_EDGE:
    case DRAG_END_EDGE:
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "ew-resize");
      break;

    case DRAG_NONE:
    default:
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");
      break;
    }
}

static void
viewport_notify_cb (AnnalsViewport *viewport,
                    GParamSpec     *pspec,
                    AnnalsOverview *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_accessible (self);
}

static void
centre_at_x (AnnalsOverview *self,
             double          x)
{
  double span = annals_viewport_get_span (self->viewport);
  double centre = annals_overview_x_to_time (self, x);

  annals_viewport_set_range (self->viewport, centre - span / 2, centre + span / 2);
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               AnnalsOverview *self)
{
  if (self->layout == NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  if (gtk_widget_get_focusable (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self));

  self->drag_mode = hit_test (self, x);
  if (self->drag_mode == DRAG_NONE)
    {
      /* As in SIMILE: a press outside the window centres the view there, and
       * the same press can go on to drag it. */
      centre_at_x (self, x);
      self->drag_mode = DRAG_MOVE;
    }

  self->drag_x = x;
  self->drag_start = annals_viewport_get_start (self->viewport);
  self->drag_end = annals_viewport_get_end (self->viewport);
  update_cursor (self, self->drag_mode);
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                AnnalsOverview *self)
{
  double lower;
  double upper;
  double delta;
  double min_span;

  if (self->drag_mode == DRAG_NONE || !get_range (self, &lower, &upper))
    return;

  delta = offset_x * (upper - lower) / track_width (self);
  min_span = annals_viewport_get_min_span (self->viewport);

  switch (self->drag_mode)
    {
    case DRAG_MOVE:
      annals_viewport_pan (self->viewport,
                           self->drag_start + delta - annals_viewport_get_start (self->viewport));
      break;

    case DRAG_START_EDGE:
      annals_viewport_set_range (self->viewport,
                                 MIN (self->drag_start + delta, self->drag_end - min_span),
                                 self->drag_end);
      break;

    case DRAG_END_EDGE:
      annals_viewport_set_range (self->viewport, self->drag_start,
                                 MAX (self->drag_end + delta, self->drag_start + min_span));
      break;

    case DRAG_NONE:
    default:
      break;
    }
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          offset_x,
             double          offset_y,
             AnnalsOverview *self)
{
  DragMode mode = hit_test (self, self->drag_x + offset_x);

  self->drag_mode = DRAG_NONE;
  update_cursor (self, mode);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           AnnalsOverview           *self)
{
  if (self->drag_mode == DRAG_NONE && self->layout != NULL)
    update_cursor (self, hit_test (self, x));
}

/* Keys move the window as they move a slider's knob: arrows by a tenth of
 * the view, Page Up/Down by a view, Home/End to the ends. */
static gboolean
pan_binding (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  AnnalsOverview *self = ANNALS_OVERVIEW (widget);
  double pages;

  if (self->layout == NULL)
    return FALSE;

  g_variant_get (args, "d", &pages);
  if (pages <= -G_MAXDOUBLE / 2 || pages >= G_MAXDOUBLE / 2)
    {
      double span = annals_viewport_get_span (self->viewport);
      double lower;
      double upper;

      if (!get_range (self, &lower, &upper))
        return FALSE;
      if (pages < 0)
        annals_viewport_set_range (self->viewport, lower, lower + span);
      else
        annals_viewport_set_range (self->viewport, upper - span, upper);
      return TRUE;
    }

  annals_viewport_pan (self->viewport, pages * annals_viewport_get_span (self->viewport));
  return TRUE;
}

static void
append_rect (GtkSnapshot      *snapshot,
             const AnnalsRgba *rgba,
             double            alpha,
             double            x,
             double            y,
             double            width,
             double            height)
{
  GdkRGBA color = { rgba->r, rgba->g, rgba->b, rgba->a * alpha };

  if (width <= 0 || height <= 0)
    return;
  gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (x, y, width, height));
}

/* Events starting in pixel column @column of @columns over [@lower, @upper). */
static guint
column_count (AnnalsOverview *self,
              double          lower,
              double          upper,
              int             columns,
              int             column)
{
  double bins_span = self->bins_upper - self->bins_lower;
  double t0 = lower + (upper - lower) * column / columns;
  double t1 = lower + (upper - lower) * (column + 1) / columns;
  double b0 = CLAMP ((t0 - self->bins_lower) / bins_span * N_BINS, 0, N_BINS);
  double b1 = CLAMP ((t1 - self->bins_lower) / bins_span * N_BINS, 0, N_BINS);
  guint count = 0;
  int bin;

  /* A bin straddling two columns counts in the first, so none counts twice. */
  for (bin = (int) ceil (b0); bin < (int) ceil (b1) && bin < N_BINS; bin++)
    count += self->bins[bin];
  if (column == 0 && b0 > 0 && ceil (b0) > b0)
    count += self->bins[(int) floor (b0)];
  return count;
}

static void
annals_overview_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  AnnalsOverview *self = ANNALS_OVERVIEW (widget);
  const AnnalsTheme *theme = get_theme (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double chart_top = MARGIN_Y;
  double chart_height = height - 2 * MARGIN_Y;
  double lower;
  double upper;
  double x0;
  double x1;
  double max_value;
  int columns;
  int column;
  GskRoundedRect outline;
  GdkRGBA border;

  append_rect (snapshot, &theme->gutter, 1.0, 0, 0, width, height);
  append_rect (snapshot, &theme->axis, 0.6, 0, 0, width, 1);

  if (self->layout == NULL || self->bins == NULL || width <= 0 || chart_height <= 0 ||
      !get_range (self, &lower, &upper))
    return;

  /* Events per pixel column, on a square-root scale so that a single event
   * still shows next to a busy year. Two passes over the bins, O(width + bins),
   * whatever the number of events. */
  columns = (int) ceil (track_width (self));
  max_value = 1;
  for (column = 0; column < columns; column++)
    max_value = MAX (max_value, column_count (self, lower, upper, columns, column));
  max_value = sqrt (max_value);

  for (column = 0; column < columns; column++)
    {
      guint count = column_count (self, lower, upper, columns, column);
      double bar;

      if (count == 0)
        continue;

      bar = MAX (2.0, chart_height * MIN (1.0, sqrt (count) / max_value));
      append_rect (snapshot, &theme->dim_foreground, 0.55,
                   MARGIN_X + column, chart_top + chart_height - bar, 2, bar);
    }

  /* The window: what lies outside it is veiled, its frame in the accent. */
  get_window (self, &x0, &x1);
  append_rect (snapshot, &theme->gutter, 0.55, 0, 0, MAX (0, x0), height);
  append_rect (snapshot, &theme->gutter, 0.55, x1, 0, width - x1, height);
  append_rect (snapshot, &theme->selection, 0.14, x0, 2, x1 - x0, height - 4);

  border = (GdkRGBA) { theme->selection.r, theme->selection.g, theme->selection.b, 1.0 };
  gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (x0, 2, x1 - x0, height - 4), 3);
  gtk_snapshot_append_border (snapshot, &outline,
                              (float[4]) { 1.5, 1.5, 1.5, 1.5 },
                              (GdkRGBA[4]) { border, border, border, border });

  /* Grips on the edges say they can be dragged. */
  append_rect (snapshot, &theme->selection, 1.0, x0 - 1.5, height / 2.0 - 8, 3, 16);
  append_rect (snapshot, &theme->selection, 1.0, x1 - 1.5, height / 2.0 - 8, 3, 16);

  if (gtk_widget_has_visible_focus (widget))
    {
      GskRoundedRect ring;
      GdkRGBA focus = { theme->selection.r, theme->selection.g, theme->selection.b, 0.5 };

      gsk_rounded_rect_init_from_rect (&ring, &GRAPHENE_RECT_INIT (x0 - 3, 0, x1 - x0 + 6, height),
                                       5);
      gtk_snapshot_append_border (snapshot, &ring,
                                  (float[4]) { 2, 2, 2, 2 },
                                  (GdkRGBA[4]) { focus, focus, focus, focus });
    }
}

static void
annals_overview_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural = HEIGHT;
  else
    {
      *minimum = 2 * MARGIN_X + 2 * MIN_WINDOW;
      *natural = 400;
    }
}

/* Popovers (go to date) may hang off the band; they need presenting. */
static void
annals_overview_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  GtkWidget *child;

  for (child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      gtk_popover_present (GTK_POPOVER (child));
}

static void
annals_overview_dispose (GObject *object)
{
  AnnalsOverview *self = ANNALS_OVERVIEW (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  if (self->viewport != NULL)
    g_signal_handlers_disconnect_by_func (self->viewport, viewport_notify_cb, self);
  g_clear_object (&self->viewport);
  g_clear_pointer (&self->layout, annals_layout_unref);

  G_OBJECT_CLASS (annals_overview_parent_class)->dispose (object);
}

static void
annals_overview_finalize (GObject *object)
{
  AnnalsOverview *self = ANNALS_OVERVIEW (object);

  g_clear_pointer (&self->bins, g_free);

  G_OBJECT_CLASS (annals_overview_parent_class)->finalize (object);
}

static void
annals_overview_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AnnalsOverview *self = ANNALS_OVERVIEW (object);

  switch (prop_id)
    {
    case PROP_VIEWPORT:
      g_value_set_object (value, self->viewport);
      break;

    case PROP_DARK:
      g_value_set_boolean (value, self->dark);
      break;

    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, self->high_contrast);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
annals_overview_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AnnalsOverview *self = ANNALS_OVERVIEW (object);

  switch (prop_id)
    {
    case PROP_VIEWPORT:
      annals_overview_set_viewport (self, g_value_get_object (value));
      break;

    case PROP_DARK:
      annals_overview_set_dark (self, g_value_get_boolean (value));
      break;

    case PROP_HIGH_CONTRAST:
      self->high_contrast = g_value_get_boolean (value);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_pan_binding (GtkWidgetClass *widget_class,
                 guint           keyval,
                 double          pages)
{
  gtk_widget_class_add_binding (widget_class, keyval, 0, pan_binding, "d", pages);
}

static void
annals_overview_class_init (AnnalsOverviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = annals_overview_dispose;
  object_class->finalize = annals_overview_finalize;
  object_class->get_property = annals_overview_get_property;
  object_class->set_property = annals_overview_set_property;

  widget_class->snapshot = annals_overview_snapshot;
  widget_class->measure = annals_overview_measure;
  widget_class->size_allocate = annals_overview_size_allocate;

  properties[PROP_VIEWPORT] =
    g_param_spec_object ("viewport", NULL, NULL,
                         ANNALS_TYPE_VIEWPORT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DARK] =
    g_param_spec_boolean ("dark", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Set only through the property, from the style manager. */
  properties[PROP_HIGH_CONTRAST] =
    g_param_spec_boolean ("high-contrast", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  add_pan_binding (widget_class, GDK_KEY_Left, -0.1);
  add_pan_binding (widget_class, GDK_KEY_KP_Left, -0.1);
  add_pan_binding (widget_class, GDK_KEY_Right, 0.1);
  add_pan_binding (widget_class, GDK_KEY_KP_Right, 0.1);
  add_pan_binding (widget_class, GDK_KEY_Page_Up, -0.9);
  add_pan_binding (widget_class, GDK_KEY_KP_Page_Up, -0.9);
  add_pan_binding (widget_class, GDK_KEY_Page_Down, 0.9);
  add_pan_binding (widget_class, GDK_KEY_KP_Page_Down, 0.9);
  add_pan_binding (widget_class, GDK_KEY_Home, -G_MAXDOUBLE);
  add_pan_binding (widget_class, GDK_KEY_KP_Home, -G_MAXDOUBLE);
  add_pan_binding (widget_class, GDK_KEY_End, G_MAXDOUBLE);
  add_pan_binding (widget_class, GDK_KEY_KP_End, G_MAXDOUBLE);

  gtk_widget_class_set_css_name (widget_class, "overview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
}

static void
annals_overview_init (AnnalsOverview *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkGesture *drag;
  GtkEventController *motion;

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_tooltip_text (widget, _("Drag to move through the timeline, drag the edges to "
                                         "zoom"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Overview"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("The whole timeline; the highlighted part is on screen"),
                                  -1);

  annals_overview_set_viewport (self, NULL);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drag));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (widget, motion);
}

GtkWidget *
annals_overview_new (void)
{
  return g_object_new (ANNALS_TYPE_OVERVIEW, NULL);
}

AnnalsViewport *
annals_overview_get_viewport (AnnalsOverview *self)
{
  g_return_val_if_fail (ANNALS_IS_OVERVIEW (self), NULL);

  return self->viewport;
}

void
annals_overview_set_viewport (AnnalsOverview *self,
                              AnnalsViewport *viewport)
{
  g_return_if_fail (ANNALS_IS_OVERVIEW (self));
  g_return_if_fail (viewport == NULL || ANNALS_IS_VIEWPORT (viewport));

  if (viewport != NULL && self->viewport == viewport)
    return;

  if (self->viewport != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->viewport, viewport_notify_cb, self);
      g_clear_object (&self->viewport);
    }

  /* Never without one, as with the timeline view. */
  self->viewport = viewport != NULL ? g_object_ref (viewport) : annals_viewport_new ();
  g_signal_connect (self->viewport, "notify", G_CALLBACK (viewport_notify_cb), self);

  viewport_notify_cb (self->viewport, NULL, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEWPORT]);
}

AnnalsLayout *
annals_overview_get_layout (AnnalsOverview *self)
{
  g_return_val_if_fail (ANNALS_IS_OVERVIEW (self), NULL);

  return self->layout;
}

void
annals_overview_set_layout (AnnalsOverview *self,
                            AnnalsLayout   *layout)
{
  g_return_if_fail (ANNALS_IS_OVERVIEW (self));

  if (self->layout == layout)
    return;

  if (layout != NULL)
    annals_layout_ref (layout);
  g_clear_pointer (&self->layout, annals_layout_unref);
  self->layout = layout;

  count_events (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_accessible (self);
}

gboolean
annals_overview_get_dark (AnnalsOverview *self)
{
  g_return_val_if_fail (ANNALS_IS_OVERVIEW (self), FALSE);

  return self->dark;
}

void
annals_overview_set_dark (AnnalsOverview *self,
                          gboolean        dark)
{
  g_return_if_fail (ANNALS_IS_OVERVIEW (self));

  dark = !!dark;
  if (self->dark == (guint) dark)
    return;

  self->dark = dark;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DARK]);
}

double
annals_overview_time_to_x (AnnalsOverview *self,
                           double          time)
{
  double lower;
  double upper;

  g_return_val_if_fail (ANNALS_IS_OVERVIEW (self), 0);

  if (!get_range (self, &lower, &upper))
    return MARGIN_X;
  return MARGIN_X + (time - lower) / (upper - lower) * track_width (self);
}

double
annals_overview_x_to_time (AnnalsOverview *self,
                           double          x)
{
  double lower;
  double upper;

  g_return_val_if_fail (ANNALS_IS_OVERVIEW (self), 0);

  if (!get_range (self, &lower, &upper))
    return 0;
  return lower + (x - MARGIN_X) / track_width (self) * (upper - lower);
}

guint
annals_overview_get_n_bins (AnnalsOverview *self)
{
  g_return_val_if_fail (ANNALS_IS_OVERVIEW (self), 0);

  return self->bins != NULL ? N_BINS : 0;
}

guint
annals_overview_get_bin (AnnalsOverview *self,
                         guint           index)
{
  g_return_val_if_fail (ANNALS_IS_OVERVIEW (self), 0);

  if (self->bins == NULL || index >= N_BINS)
    return 0;
  return self->bins[index];
}
