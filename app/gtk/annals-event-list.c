/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-event-list.h"

#include <glib/gi18n.h>

#include "annals-date-format.h"

struct _AnnalsEventList
{
  GtkWidget             parent_instance;

  /* children */
  GtkWidget            *scroller;
  GtkColumnView        *column_view;
  GtkColumnViewColumn  *columns[ANNALS_N_EVENT_COLUMNS];

  /* owned */
  AnnalsEventListModel *model;
  GtkSingleSelection   *selection;
  GObject              *probe_a;       /* see sorter_changed_cb() */
  GObject              *probe_b;

  gint                  selected;
  gint                  probed_column;
  gboolean              syncing;
};

G_DEFINE_FINAL_TYPE (AnnalsEventList, annals_event_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  EVENT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  AnnalsEventList  *self;
  AnnalsEventColumn column;
} ColumnData;

static char *
cell_text (AnnalsEventItem  *item,
           AnnalsEventColumn column)
{
  AnnalsTimeline *timeline = annals_event_item_get_timeline (item);
  const AnnalsEvent *event = &timeline->events[annals_event_item_get_event (item)];

  switch (column)
    {
    case ANNALS_EVENT_COLUMN_TITLE:
      return g_strdup (event->title != NULL ? event->title : event->id);

    case ANNALS_EVENT_COLUMN_START:
      return annals_describe_event_start (timeline, event);

    case ANNALS_EVENT_COLUMN_END:
      {
        char *end = annals_describe_event_end (timeline, event);

        /* An instant has no end; a dash reads better than an empty cell. */
        return end != NULL ? end : g_strdup ("—");
      }

    case ANNALS_EVENT_COLUMN_STATUS:
      return g_strdup (annals_status_get_label (event->status));

    case ANNALS_EVENT_COLUMN_TRACK:
      if (event->track >= 0 && (guint) event->track < timeline->n_tracks)
        return g_strdup (timeline->tracks[event->track].label);
      return g_strdup ("");

    case ANNALS_N_EVENT_COLUMNS:
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         gpointer                  user_data)
{
  ColumnData *data = user_data;
  AnnalsEventItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = NULL;

  if (item == NULL)
    return;
  text = cell_text (item, data->column);
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
}

/* Only records which column GtkColumnView asked: the model sorts by itself.
 * See sorter_changed_cb(). */
static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  ColumnData *data = user_data;

  data->self->probed_column = data->column;
  return GTK_ORDERING_SMALLER;
}

static void
sync_selection_from_model (AnnalsEventList *self)
{
  gint position = self->selected >= 0
                  ? annals_event_list_model_get_position (self->model, self->selected) : -1;

  self->syncing = TRUE;
  gtk_single_selection_set_selected (self->selection,
                                     position >= 0 ? (guint) position : GTK_INVALID_LIST_POSITION);
  self->syncing = FALSE;
}

/* GTK 4.8 does not say which column a click on a header sorts by (4.10 adds
 * GtkColumnViewSorter getters), so ask the column view's sorter to compare two
 * probes: the column whose sorter answers is the primary one, and the sign
 * of the answer its direction. */
static void
sorter_changed_cb (GtkSorter       *sorter,
                   GtkSorterChange  change,
                   AnnalsEventList *self)
{
  GtkOrdering ordering;

  self->probed_column = -1;
  ordering = gtk_sorter_compare (sorter, self->probe_a, self->probe_b);
  if (self->probed_column < 0)
    annals_event_list_model_set_sort (self->model, ANNALS_EVENT_COLUMN_START, FALSE);
  else
    annals_event_list_model_set_sort (self->model, self->probed_column,
                                      ordering == GTK_ORDERING_LARGER);
  sync_selection_from_model (self);
}

static void
set_selected (AnnalsEventList *self,
              gint             event)
{
  if (self->selected == event)
    return;

  self->selected = event;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

static void
selection_changed_cb (GtkSingleSelection *selection,
                      GParamSpec         *pspec,
                      AnnalsEventList    *self)
{
  guint position = gtk_single_selection_get_selected (selection);

  if (self->syncing)
    return;
  /* A refill drops the selection; the event is still the selected one. */
  if (position == GTK_INVALID_LIST_POSITION && self->selected >= 0
      && annals_event_list_model_get_position (self->model, self->selected) >= 0)
    return;
  set_selected (self, position == GTK_INVALID_LIST_POSITION
                      ? -1 : annals_event_list_model_get_event (self->model, position));
}

/* Enter or a double click on a row, as on an event in the timeline. */
static void
activate_cb (GtkColumnView   *column_view,
             guint            position,
             AnnalsEventList *self)
{
  gint event = annals_event_list_model_get_event (self->model, position);

  if (event < 0)
    return;
  annals_event_list_set_selected (self, event);
  g_signal_emit (self, signals[EVENT_ACTIVATED], 0, (guint) event);
}

/* A sort that finished in a thread replaced every row. */
static void
items_changed_cb (GListModel      *model,
                  guint            position,
                  guint            removed,
                  guint            added,
                  AnnalsEventList *self)
{
  if (!self->syncing)
    sync_selection_from_model (self);
}

static void
scroll_to_position (AnnalsEventList *self,
                    guint            position)
{
#if GTK_CHECK_VERSION (4, 12, 0)
  gtk_column_view_scroll_to (self->column_view, position, NULL, GTK_LIST_SCROLL_NONE, NULL);
#else
  GtkAdjustment *adjustment =
    gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller));
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  double upper = gtk_adjustment_get_upper (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  double value = gtk_adjustment_get_value (adjustment);
  double row;
  double top;

  if (n_items == 0 || upper <= 0)
    return;
  /* Rows are all one line high, so the list's height divides evenly;
   * the header row is small beside a long list. */
  row = upper / n_items;
  top = position * row;
  if (top < value)
    gtk_adjustment_set_value (adjustment, top);
  else if (top + 2 * row > value + page)
    gtk_adjustment_set_value (adjustment, top + 2 * row - page);
#endif
}

static void
add_column (AnnalsEventList   *self,
            AnnalsEventColumn  column,
            const char        *title,
            gboolean           expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  ColumnData *data = g_new0 (ColumnData, 1);
  GtkColumnViewColumn *view_column;
  GtkSorter *sorter;

  data->self = self;
  data->column = column;
  g_signal_connect_data (factory, "setup", G_CALLBACK (setup_cb), NULL, NULL, 0);
  g_signal_connect_data (factory, "bind", G_CALLBACK (bind_cb), data,
                         (GClosureNotify) (void (*) (void)) g_free, 0);

  view_column = gtk_column_view_column_new (title, factory);
  sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, data, NULL));
  gtk_column_view_column_set_sorter (view_column, sorter);
  g_object_unref (sorter);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_append_column (self->column_view, view_column);
  self->columns[column] = view_column;
  g_object_unref (view_column);
}

static void
annals_event_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AnnalsEventList *self = ANNALS_EVENT_LIST (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_int (value, self->selected);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
annals_event_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AnnalsEventList *self = ANNALS_EVENT_LIST (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      annals_event_list_set_selected (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
annals_event_list_dispose (GObject *object)
{
  AnnalsEventList *self = ANNALS_EVENT_LIST (object);

  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  self->column_view = NULL;
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->probe_a);
  g_clear_object (&self->probe_b);

  G_OBJECT_CLASS (annals_event_list_parent_class)->dispose (object);
}

static void
annals_event_list_class_init (AnnalsEventListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = annals_event_list_dispose;
  object_class->get_property = annals_event_list_get_property;
  object_class->set_property = annals_event_list_set_property;

  properties[PROP_SELECTED] =
    g_param_spec_int ("selected", NULL, NULL,
                      -1, G_MAXINT, -1,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AnnalsEventList::event-activated:
   * @event: the event's index
   *
   * A row was activated (Enter, double click).
   */
  signals[EVENT_ACTIVATED] = g_signal_new ("event-activated", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "eventlist");
}

static void
annals_event_list_init (AnnalsEventList *self)
{
  self->selected = -1;
  self->probed_column = -1;
  self->model = annals_event_list_model_new ();
  self->probe_a = g_object_new (G_TYPE_OBJECT, NULL);
  self->probe_b = g_object_new (G_TYPE_OBJECT, NULL);

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_after (self->model, "items-changed", G_CALLBACK (items_changed_cb), self);

  self->column_view = GTK_COLUMN_VIEW (gtk_column_view_new (
                                         g_object_ref (GTK_SELECTION_MODEL (self->selection))));
  gtk_column_view_set_show_row_separators (self->column_view, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->column_view), "data-table");
  add_column (self, ANNALS_EVENT_COLUMN_TITLE, _("Title"), TRUE);
  add_column (self, ANNALS_EVENT_COLUMN_START, _("Start"), FALSE);
  add_column (self, ANNALS_EVENT_COLUMN_END, _("End"), FALSE);
  add_column (self, ANNALS_EVENT_COLUMN_STATUS, _("Status"), FALSE);
  add_column (self, ANNALS_EVENT_COLUMN_TRACK, _("Track"), FALSE);
  gtk_column_view_column_set_fixed_width (self->columns[ANNALS_EVENT_COLUMN_START], 190);
  gtk_column_view_column_set_fixed_width (self->columns[ANNALS_EVENT_COLUMN_END], 230);
  g_signal_connect (self->column_view, "activate", G_CALLBACK (activate_cb), self);
  g_signal_connect (gtk_column_view_get_sorter (self->column_view), "changed",
                    G_CALLBACK (sorter_changed_cb), self);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller),
                                 GTK_WIDGET (self->column_view));
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}

GtkWidget *
annals_event_list_new (void)
{
  return g_object_new (ANNALS_TYPE_EVENT_LIST, NULL);
}

void
annals_event_list_set_layout (AnnalsEventList *self,
                              AnnalsLayout    *layout)
{
  g_return_if_fail (ANNALS_IS_EVENT_LIST (self));

  if (layout == NULL
      || (self->selected >= 0
          && (guint) self->selected >= annals_layout_get_timeline (layout)->n_events))
    set_selected (self, -1);
  self->syncing = TRUE;
  annals_event_list_model_set_layout (self->model, layout);
  self->syncing = FALSE;
  sync_selection_from_model (self);
}

AnnalsEventListModel *
annals_event_list_get_model (AnnalsEventList *self)
{
  g_return_val_if_fail (ANNALS_IS_EVENT_LIST (self), NULL);

  return self->model;
}

gint
annals_event_list_get_selected (AnnalsEventList *self)
{
  g_return_val_if_fail (ANNALS_IS_EVENT_LIST (self), -1);

  return self->selected;
}

void
annals_event_list_set_selected (AnnalsEventList *self,
                                gint             event)
{
  gint position;

  g_return_if_fail (ANNALS_IS_EVENT_LIST (self));

  if (event < -1)
    event = -1;
  if (self->selected == event)
    return;

  self->selected = event;
  sync_selection_from_model (self);
  position = event >= 0 ? annals_event_list_model_get_position (self->model, event) : -1;
  if (position >= 0)
    scroll_to_position (self, position);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

void
annals_event_list_sort_by (AnnalsEventList  *self,
                           AnnalsEventColumn column,
                           gboolean          descending)
{
  g_return_if_fail (ANNALS_IS_EVENT_LIST (self));
  g_return_if_fail (column < ANNALS_N_EVENT_COLUMNS);

  gtk_column_view_sort_by_column (self->column_view, self->columns[column],
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
}
