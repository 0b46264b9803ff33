/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-event-list-model.h"

#include <string.h>

/* ---- the item: one event, made when a row scrolls into view ------------- */

struct _AnnalsEventItem
{
  GObject         parent_instance;

  AnnalsTimeline *timeline;
  guint           event;
};

G_DEFINE_FINAL_TYPE (AnnalsEventItem, annals_event_item, G_TYPE_OBJECT)

static void
annals_event_item_finalize (GObject *object)
{
  AnnalsEventItem *self = ANNALS_EVENT_ITEM (object);

  g_clear_pointer (&self->timeline, annals_timeline_unref);

  G_OBJECT_CLASS (annals_event_item_parent_class)->finalize (object);
}

static void
annals_event_item_class_init (AnnalsEventItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = annals_event_item_finalize;
}

static void
annals_event_item_init (AnnalsEventItem *self)
{
}

guint
annals_event_item_get_event (AnnalsEventItem *self)
{
  g_return_val_if_fail (ANNALS_IS_EVENT_ITEM (self), 0);

  return self->event;
}

AnnalsTimeline *
annals_event_item_get_timeline (AnnalsEventItem *self)
{
  g_return_val_if_fail (ANNALS_IS_EVENT_ITEM (self), NULL);

  return self->timeline;
}

/* ---- the model ----------------------------------------------------------- */

struct _AnnalsEventListModel
{
  GObject            parent_instance;

  AnnalsLayout      *layout;
  guint32           *orders[ANNALS_N_EVENT_COLUMNS]; /* per column, or NULL until asked */
  guint32           *rows;                           /* events listed, in order */
  gint32            *positions;                      /* per event: row, or -1 */
  guint              n_rows;
  AnnalsEventColumn  column;
  gboolean           descending;
  guint              sort_serial;                    /* the last sort asked for */
};

/* Sorting a million titles takes a second or two: bigger lists sort in a
 * worker thread and keep their order until it is done. */
#define SYNC_SORT_EVENTS 200000

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AnnalsEventListModel, annals_event_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

typedef struct
{
  AnnalsTimeline *timeline;
  gint64         *keys;                /* numeric columns */
  char          **collate_keys;        /* the title column */
} SortData;

static int
compare_numeric (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const SortData *data = user_data;
  guint32 i = *(const guint32 *) a;
  guint32 j = *(const guint32 *) b;

  if (data->keys[i] != data->keys[j])
    return data->keys[i] < data->keys[j] ? -1 : 1;
  return i < j ? -1 : i > j;
}

static int
compare_collate (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const SortData *data = user_data;
  guint32 i = *(const guint32 *) a;
  guint32 j = *(const guint32 *) b;
  int result = strcmp (data->collate_keys[i], data->collate_keys[j]);

  if (result != 0)
    return result;
  return i < j ? -1 : i > j;
}

/* Event indexes in @column's ascending order; ties keep time order. Titles
 * sort by collation keys made once per event, not by g_utf8_collate() at
 * every comparison. */
static guint32 *
compute_order (AnnalsLayout      *layout,
               AnnalsEventColumn  column)
{
  AnnalsTimeline *timeline = annals_layout_get_timeline (layout);
  guint n = timeline->n_events;
  guint32 *order = g_new (guint32, MAX (1, n));
  SortData data = { timeline, NULL, NULL };
  guint i;

  for (i = 0; i < n; i++)
    order[i] = i;
  if (column == ANNALS_EVENT_COLUMN_START || n < 2)
    return order;

  if (column == ANNALS_EVENT_COLUMN_TITLE)
    {
      data.collate_keys = g_new (char *, n);
      for (i = 0; i < n; i++)
        data.collate_keys[i] = g_utf8_collate_key (timeline->events[i].title != NULL
                                                   ? timeline->events[i].title : "", -1);
      g_qsort_with_data (order, n, sizeof *order, compare_collate, &data);
      for (i = 0; i < n; i++)
        g_free (data.collate_keys[i]);
      g_free (data.collate_keys);
      return order;
    }

  data.keys = g_new (gint64, n);
  for (i = 0; i < n; i++)
    {
      const AnnalsEvent *event = &timeline->events[i];

      switch (column)
        {
        case ANNALS_EVENT_COLUMN_END:
          /* Instants end where they start, so the column reads in time order. */
          data.keys[i] = event->type == ANNALS_EVENT_SPAN
                         ? annals_event_end_time (event, timeline,
                                                  annals_layout_get_open_end (layout))
                         : event->start.time;
          break;

        case ANNALS_EVENT_COLUMN_STATUS:
          data.keys[i] = event->status;
          break;

        case ANNALS_EVENT_COLUMN_TRACK:
          /* File order of tracks, events without one last. */
          data.keys[i] = event->track >= 0 ? event->track : G_MAXINT32;
          break;

        case ANNALS_EVENT_COLUMN_START:
        case ANNALS_EVENT_COLUMN_TITLE:
        case ANNALS_N_EVENT_COLUMNS:
        default:
          g_assert_not_reached ();
        }
    }
  g_qsort_with_data (order, n, sizeof *order, compare_numeric, &data);
  g_free (data.keys);

  return order;
}

/* Lists what the layout shows in the current order, and tells the view. */
static void
refill (AnnalsEventListModel *self)
{
  guint old_n_rows = self->n_rows;
  AnnalsTimeline *timeline;
  const guint32 *order;
  guint n;
  guint i;

  g_clear_pointer (&self->rows, g_free);
  g_clear_pointer (&self->positions, g_free);
  self->n_rows = 0;

  if (self->layout != NULL)
    {
      timeline = annals_layout_get_timeline (self->layout);
      n = timeline->n_events;
      if (self->orders[self->column] == NULL)
        self->orders[self->column] = compute_order (self->layout, self->column);
      order = self->orders[self->column];

      self->rows = g_new (guint32, MAX (1, annals_layout_get_n_visible (self->layout)));
      self->positions = g_new (gint32, MAX (1, n));
      for (i = 0; i < n; i++)
        self->positions[i] = -1;
      for (i = 0; i < n; i++)
        {
          guint32 event = order[self->descending ? n - 1 - i : i];

          if (!annals_layout_is_visible (self->layout, event))
            continue;
          self->positions[event] = self->n_rows;
          self->rows[self->n_rows++] = event;
        }
    }

  if (old_n_rows > 0 || self->n_rows > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_rows, self->n_rows);
}

static void
clear_orders (AnnalsEventListModel *self)
{
  guint i;

  for (i = 0; i < ANNALS_N_EVENT_COLUMNS; i++)
    g_clear_pointer (&self->orders[i], g_free);
}

static GType
get_item_type (GListModel *model)
{
  return ANNALS_TYPE_EVENT_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return ANNALS_EVENT_LIST_MODEL (model)->n_rows;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  AnnalsEventListModel *self = ANNALS_EVENT_LIST_MODEL (model);
  AnnalsEventItem *item;

  if (position >= self->n_rows)
    return NULL;

  item = g_object_new (ANNALS_TYPE_EVENT_ITEM, NULL);
  item->timeline = annals_timeline_ref (annals_layout_get_timeline (self->layout));
  item->event = self->rows[position];

  return item;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
annals_event_list_model_finalize (GObject *object)
{
  AnnalsEventListModel *self = ANNALS_EVENT_LIST_MODEL (object);

  clear_orders (self);
  g_clear_pointer (&self->rows, g_free);
  g_clear_pointer (&self->positions, g_free);
  g_clear_pointer (&self->layout, annals_layout_unref);

  G_OBJECT_CLASS (annals_event_list_model_parent_class)->finalize (object);
}

static void
annals_event_list_model_class_init (AnnalsEventListModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = annals_event_list_model_finalize;
}

static void
annals_event_list_model_init (AnnalsEventListModel *self)
{
  self->column = ANNALS_EVENT_COLUMN_START;
}

typedef struct
{
  AnnalsLayout      *layout;
  AnnalsEventColumn  column;
  gboolean           descending;
  guint              serial;
} SortTask;

static void
sort_task_free (gpointer data)
{
  SortTask *task = data;

  annals_layout_unref (task->layout);
  g_free (task);
}

static void
sort_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SortTask *data = task_data;

  g_task_return_pointer (task, compute_order (data->layout, data->column), g_free);
}

static void
sort_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  AnnalsEventListModel *self = ANNALS_EVENT_LIST_MODEL (object);
  SortTask *data = g_task_get_task_data (G_TASK (result));
  g_autofree guint32 *order = g_task_propagate_pointer (G_TASK (result), NULL);

  /* Another dataset since: the order means nothing now. */
  if (order == NULL || self->layout == NULL
      || annals_layout_get_timeline (self->layout) != annals_layout_get_timeline (data->layout))
    return;

  if (self->orders[data->column] == NULL)
    self->orders[data->column] = g_steal_pointer (&order);
  /* Only the last click counts. */
  if (data->serial == self->sort_serial)
    annals_event_list_model_set_sort (self, data->column, data->descending);
}

AnnalsEventListModel *
annals_event_list_model_new (void)
{
  return g_object_new (ANNALS_TYPE_EVENT_LIST_MODEL, NULL);
}

void
annals_event_list_model_set_layout (AnnalsEventListModel *self,
                                    AnnalsLayout         *layout)
{
  g_return_if_fail (ANNALS_IS_EVENT_LIST_MODEL (self));

  if (layout == self->layout)
    return;

  /* The orders depend on the timeline only (and the open end, which is the
   * timeline's too), so a filter change keeps them. */
  if (layout == NULL || self->layout == NULL
      || annals_layout_get_timeline (layout) != annals_layout_get_timeline (self->layout))
    clear_orders (self);

  if (layout != NULL)
    annals_layout_ref (layout);
  g_clear_pointer (&self->layout, annals_layout_unref);
  self->layout = layout;
  refill (self);
}

AnnalsLayout *
annals_event_list_model_get_layout (AnnalsEventListModel *self)
{
  g_return_val_if_fail (ANNALS_IS_EVENT_LIST_MODEL (self), NULL);

  return self->layout;
}

void
annals_event_list_model_set_sort (AnnalsEventListModel *self,
                                  AnnalsEventColumn     column,
                                  gboolean              descending)
{
  g_return_if_fail (ANNALS_IS_EVENT_LIST_MODEL (self));
  g_return_if_fail (column < ANNALS_N_EVENT_COLUMNS);

  descending = !!descending;
  self->sort_serial++;
  if (self->column == column && self->descending == descending)
    return;

  if (self->layout != NULL && self->orders[column] == NULL
      && annals_layout_get_timeline (self->layout)->n_events > SYNC_SORT_EVENTS)
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, sort_done_cb, NULL);
      SortTask *data = g_new0 (SortTask, 1);

      data->layout = annals_layout_ref (self->layout);
      data->column = column;
      data->descending = descending;
      data->serial = self->sort_serial;
      g_task_set_source_tag (task, annals_event_list_model_set_sort);
      g_task_set_task_data (task, data, sort_task_free);
      g_task_run_in_thread (task, sort_thread);
      return;
    }

  self->column = column;
  self->descending = descending;
  refill (self);
}

AnnalsEventColumn
annals_event_list_model_get_sort_column (AnnalsEventListModel *self)
{
  g_return_val_if_fail (ANNALS_IS_EVENT_LIST_MODEL (self), ANNALS_EVENT_COLUMN_START);

  return self->column;
}

gint
annals_event_list_model_get_event (AnnalsEventListModel *self,
                                   guint                 position)
{
  g_return_val_if_fail (ANNALS_IS_EVENT_LIST_MODEL (self), -1);

  return position < self->n_rows ? (gint) self->rows[position] : -1;
}

gint
annals_event_list_model_get_position (AnnalsEventListModel *self,
                                      guint                 event)
{
  g_return_val_if_fail (ANNALS_IS_EVENT_LIST_MODEL (self), -1);

  if (self->layout == NULL || event >= annals_layout_get_timeline (self->layout)->n_events)
    return -1;
  return self->positions[event];
}
