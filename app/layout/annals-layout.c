/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-layout.h"

#include <math.h>
#include <string.h>

/* The layout is computed once per dataset and filter, possibly in a worker
 * thread, and then only queried, many times per frame. So everything a frame
 * needs is laid out as flat arrays of the shown events:
 *
 * - per row, the events in start order with the time each occupies. Events in
 *   a row never overlap (that is what packing guarantees), so a row is sorted
 *   by start and by end at once and one binary search finds what is in view;
 *   this is what the renderer walks.
 * - all shown events in start order, for range queries that cross rows: a
 *   binary search finds those starting inside the range, and a centred
 *   interval tree finds the long ones that started before it and are still
 *   running (O(log n + k), whatever the mix of short and long spans).
 *
 * Times are AnnalsTime seconds throughout. */

#define MIN_EXTENT_SECONDS 60

typedef struct
{
  AnnalsTime center;
  guint32    offset;                   /* into tree_by_start / tree_by_end */
  guint32    count;
  gint32     left;
  gint32     right;
} TreeNode;

struct _AnnalsLayout
{
  gatomicrefcount ref_count;
  AnnalsTimeline *timeline;

  GArray         *lanes;               /* AnnalsLane */
  gint32         *track_lane;          /* per track, -1: hidden */
  guint8         *track_has_children;  /* per track */

  /* Per event: a million events make these the bulk of a layout, so each
   * event has only its row and where it sits in the per-row arrays; its lane
   * and the time it occupies are read from there. */
  gint32         *event_row;           /* per event, -1: filtered out */
  guint32        *event_pos;           /* per event, into row_*; valid when shown */

  guint           n_rows;
  guint32        *row_lane;            /* per row */
  guint32        *row_offsets;         /* n_rows + 1 */
  guint32        *row_events;
  AnnalsTime     *row_starts;
  AnnalsTime     *row_ends;

  /* Shown events sorted by the time they occupy, then index. */
  guint           n_shown;
  guint32        *shown_events;
  AnnalsTime     *shown_starts;
  AnnalsTime     *shown_ends;
  /* Shown events in timeline order (ascending indexes), for stepping; NULL
   * when every event is shown, since it would be 0, 1, 2, … */
  guint32        *shown_order;

  TreeNode       *nodes;
  guint           n_nodes;
  gint32          root;
  guint32        *tree_by_start;       /* positions in shown_*, per node by start */
  guint32        *tree_by_end;         /* per node by end, latest first */

  /* Quantity lanes: the measures of their track. */
  guint32        *lane_measure_first;  /* per lane */
  guint32        *lane_measure_count;
  double         *lane_measure_min;
  double         *lane_measure_max;

  AnnalsTime      open_end;
  gboolean        has_extent;
  AnnalsTime      extent_start;
  AnnalsTime      extent_end;

  guint           features;
  guint32         status_mask;
  guint8         *category_used;
  guint8         *source_cited;
};

void
annals_layout_options_init (AnnalsLayoutOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->from = ANNALS_TIME_MIN;
  options->to = ANNALS_TIME_MAX;
}

/* Sorting. A radix sort on 64-bit keys: a million events sort in a few
 * milliseconds, where a comparison sort takes a good part of a second. Stable,
 * so equal keys keep the order they came in. */

typedef struct
{
  guint64 key;
  guint32 value;
} KeyValue;

static guint64
time_key (AnnalsTime time)
{
  /* Flipping the sign bit makes signed order unsigned order. */
  return (guint64) time ^ G_GUINT64_CONSTANT (0x8000000000000000);
}

static void
radix_sort (KeyValue *items,
            guint     n)
{
  g_autofree KeyValue *scratch = NULL;
  KeyValue *src = items;
  KeyValue *dst;
  guint64 all_or = 0;
  guint64 all_and = G_MAXUINT64;

  if (n < 2)
    return;

  for (guint i = 0; i < n; i++)
    {
      all_or |= items[i].key;
      all_and &= items[i].key;
    }

  scratch = g_new (KeyValue, n);
  dst = scratch;

  for (guint shift = 0; shift < 64; shift += 8)
    {
      guint count[257] = { 0 };

      /* Skip bytes that are the same in every key. */
      if (((all_or ^ all_and) >> shift & 0xff) == 0)
        continue;

      for (guint i = 0; i < n; i++)
        count[(src[i].key >> shift & 0xff) + 1]++;
      for (guint b = 1; b < 257; b++)
        count[b] += count[b - 1];
      for (guint i = 0; i < n; i++)
        dst[count[src[i].key >> shift & 0xff]++] = src[i];

      {
        KeyValue *tmp = src;
        src = dst;
        dst = tmp;
      }
    }

  if (src != items)
    memcpy (items, src, n * sizeof (KeyValue));
}

/* The same on indexes into @times, for the big sorts of all shown events: 4
 * bytes an item instead of 16 is what keeps a layout's peak memory down.
 * Sorts @items by @times[item] (latest first when @descending), stably, using
 * @scratch (n items). */
static void
radix_sort_indexes (guint32          *items,
                    guint32          *scratch,
                    guint             n,
                    const AnnalsTime *times,
                    gboolean          descending)
{
  guint32 *src = items;
  guint32 *dst = scratch;
  guint64 flip = descending ? G_MAXUINT64 : 0;
  guint64 all_or = 0;
  guint64 all_and = G_MAXUINT64;
  gboolean sorted = TRUE;

  if (n < 2)
    return;

  for (guint i = 0; i < n; i++)
    {
      guint64 key = time_key (times[items[i]]) ^ flip;

      all_or |= key;
      all_and &= key;
      if (i > 0 && sorted)
        sorted = (time_key (times[items[i - 1]]) ^ flip) <= key;
    }
  if (sorted)
    return;

  for (guint shift = 0; shift < 64; shift += 8)
    {
      guint count[257] = { 0 };

      if (((all_or ^ all_and) >> shift & 0xff) == 0)
        continue;

      for (guint i = 0; i < n; i++)
        count[((time_key (times[src[i]]) ^ flip) >> shift & 0xff) + 1]++;
      for (guint b = 1; b < 257; b++)
        count[b] += count[b - 1];
      for (guint i = 0; i < n; i++)
        dst[count[(time_key (times[src[i]]) ^ flip) >> shift & 0xff]++] = src[i];

      {
        guint32 *tmp = src;
        src = dst;
        dst = tmp;
      }
    }

  if (src != items)
    memcpy (items, src, n * sizeof (guint32));
}

/* Filtering */

static gboolean
option_set (const gboolean *array,
            guint           n,
            gint            index)
{
  return array != NULL && index >= 0 && (guint) index < n && array[index];
}

static AnnalsTime
compute_open_end (AnnalsTimeline *timeline)
{
  AnnalsTime max = ANNALS_TIME_MIN;

  /* As core does: ongoing spans without an as-of date run to the latest point
   * any dated item reaches. Computed over the whole timeline, so that a filter
   * never moves where they end. */
  for (guint i = 0; i < timeline->n_events; i++)
    {
      const AnnalsEvent *event = &timeline->events[i];

      if (!annals_date_is_set (&event->start))
        continue;
      max = MAX (max, annals_date_end_time (&event->start));
      if (annals_date_is_set (&event->end))
        max = MAX (max, annals_date_end_time (&event->end));
    }
  for (guint i = 0; i < timeline->n_eras; i++)
    {
      if (annals_date_is_set (&timeline->eras[i].start))
        max = MAX (max, annals_date_end_time (&timeline->eras[i].start));
      if (annals_date_is_set (&timeline->eras[i].end))
        max = MAX (max, annals_date_end_time (&timeline->eras[i].end));
    }
  for (guint i = 0; i < timeline->n_measures; i++)
    if (annals_date_is_set (&timeline->measures[i].date))
      max = MAX (max, annals_date_end_time (&timeline->measures[i].date));
  if (annals_date_is_set (&timeline->as_of))
    max = MAX (max, annals_date_end_time (&timeline->as_of));

  return max == ANNALS_TIME_MIN ? 0 : max;
}

/* The time an event takes in its row: its drawn extent plus its uncertainty
 * whiskers, never empty, so that nothing drawn for two events of a row can
 * overlap. */
static void
event_occupancy (const AnnalsEvent *event,
                 AnnalsTimeline    *timeline,
                 AnnalsTime         open_end,
                 AnnalsTime        *start,
                 AnnalsTime        *end)
{
  const AnnalsEventDetail *detail = event->detail;
  AnnalsTime s = event->start.time;
  AnnalsTime e = annals_event_end_time (event, timeline, open_end);

  if (detail != NULL)
    {
      if (annals_date_is_set (&detail->start_earliest))
        s = MIN (s, detail->start_earliest.time);
      if (annals_date_is_set (&detail->start_latest))
        e = MAX (e, annals_date_end_time (&detail->start_latest));
      if (event->type == ANNALS_EVENT_SPAN && annals_date_is_set (&detail->end_earliest))
        s = MIN (s, detail->end_earliest.time);
      if (event->type == ANNALS_EVENT_SPAN && annals_date_is_set (&detail->end_latest))
        e = MAX (e, annals_date_end_time (&detail->end_latest));
    }

  if (e <= s)
    e = s + 1;

  *start = s;
  *end = e;
}

/* Lanes */

static void
build_lanes (AnnalsLayout              *self,
             const AnnalsLayoutOptions *options,
             gboolean                   need_other_lane)
{
  AnnalsTimeline *timeline = self->timeline;
  guint n_tracks = timeline->n_tracks;
  g_autofree gint32 *first_child = g_new (gint32, n_tracks + 1);
  g_autofree gint32 *next_sibling = g_new (gint32, n_tracks + 1);
  g_autofree gint32 *last_child = g_new (gint32, n_tracks + 1);
  g_autofree guint32 *stack = g_new (guint32, n_tracks + 1);
  g_autofree gint32 *collapsed_into = g_new (gint32, n_tracks + 1);
  guint sp = 0;
  gint32 roots = -1;
  gint32 last_root = -1;

  /* Children lists from the parent links, so that lanes come in document
   * order (a group, then its children) whatever order the tracks were added. */
  for (guint i = 0; i < n_tracks; i++)
    {
      first_child[i] = -1;
      last_child[i] = -1;
      next_sibling[i] = -1;
    }
  for (guint i = 0; i < n_tracks; i++)
    {
      gint32 parent = timeline->tracks[i].parent;

      if (parent >= 0 && (guint) parent < n_tracks && (guint) parent != i)
        {
          self->track_has_children[parent] = 1;
          if (last_child[parent] < 0)
            first_child[parent] = i;
          else
            next_sibling[last_child[parent]] = i;
          last_child[parent] = i;
        }
      else
        {
          if (last_root < 0)
            roots = i;
          else
            next_sibling[last_root] = i;
          last_root = i;
        }
    }

  for (guint i = 0; i < n_tracks; i++)
    {
      self->track_lane[i] = -1;
      collapsed_into[i] = -1;
    }

  /* Depth-first, children pushed in reverse so they pop in order. A parent
   * link cycle (which a finished timeline should not have) cannot loop here:
   * tracks in a cycle are reachable from no root and are simply not shown. */
  for (gint32 r = roots; r >= 0; r = next_sibling[r])
    {
      stack[sp++] = r;

      while (sp > 0)
        {
          guint t = stack[--sp];
          const AnnalsTrack *track = &timeline->tracks[t];
          gint32 parent = track->parent;
          gint32 group = parent >= 0 && (guint) parent < n_tracks ? collapsed_into[parent] : -1;
          gboolean parent_hidden = parent >= 0 && (guint) parent < n_tracks
                                   && self->track_lane[parent] < 0;
          gint32 child;
          guint n_children = 0;

          if (option_set (options->hidden_tracks, n_tracks, t)
              || (parent >= 0 && (guint) parent < n_tracks && parent_hidden))
            {
              /* Hidden, and so are its descendants (their parent has no lane). */
              self->track_lane[t] = -1;
              collapsed_into[t] = -1;
            }
          else if (group >= 0)
            {
              /* Inside a collapsed group: drawn in the group's lane. */
              self->track_lane[t] = self->track_lane[group];
              collapsed_into[t] = group;
            }
          else
            {
              AnnalsLane lane = { 0 };

              lane.track = t;
              lane.depth = track->depth;
              lane.kind = track->kind == ANNALS_TRACK_QUANTITY ? ANNALS_TRACK_QUANTITY
                                                                : ANNALS_TRACK_EVENTS;
              lane.collapsed = self->track_has_children[t]
                               && option_set (options->collapsed_tracks, n_tracks, t);
              self->track_lane[t] = self->lanes->len;
              collapsed_into[t] = lane.collapsed ? (gint32) t : -1;
              g_array_append_val (self->lanes, lane);
            }

          /* Push the children so that the first pops first. */
          for (child = first_child[t]; child >= 0; child = next_sibling[child])
            n_children++;
          sp += n_children;
          n_children = 0;
          for (child = first_child[t]; child >= 0; child = next_sibling[child])
            stack[sp - 1 - n_children++] = child;
        }
    }

  if (need_other_lane)
    {
      AnnalsLane lane = { 0 };

      lane.track = -1;
      lane.kind = ANNALS_TRACK_EVENTS;
      g_array_append_val (self->lanes, lane);
    }
}

/* The lane of an event under the filter, or -1. */
static gint32
event_lane_for (AnnalsLayout              *self,
                const AnnalsLayoutOptions *options,
                const AnnalsEvent         *event,
                gint32                     other_lane)
{
  AnnalsTimeline *timeline = self->timeline;

  if (!annals_date_is_set (&event->start))
    return -1;
  if (event->status < 32 && (options->hidden_statuses & (1u << event->status)) != 0)
    return -1;
  if (option_set (options->hidden_categories, timeline->n_categories, event->category))
    return -1;

  if (event->track >= 0 && (guint) event->track < timeline->n_tracks)
    return self->track_lane[event->track];

  return other_lane;
}

/* Packing: first fit in start order, the lowest free row taking each event.
 * A row is free for an event when everything in it has ended by the event's
 * start; opening a new row only when all are busy is optimal for intervals
 * (every open row is busy at that instant), and taking the lowest keeps the
 * top rows full. Two heaps make it O(n log n): rows busy by end time, and free
 * rows by index. */

typedef struct
{
  AnnalsTime end;
  guint32    row;
} BusyRow;

static void
busy_push (BusyRow *heap,
           guint   *n,
           BusyRow  item)
{
  guint i = (*n)++;

  while (i > 0)
    {
      guint parent = (i - 1) / 2;

      if (heap[parent].end < item.end
          || (heap[parent].end == item.end && heap[parent].row <= item.row))
        break;
      heap[i] = heap[parent];
      i = parent;
    }
  heap[i] = item;
}

static BusyRow
busy_pop (BusyRow *heap,
          guint   *n)
{
  BusyRow top = heap[0];
  BusyRow last = heap[--(*n)];
  guint i = 0;

  for (;;)
    {
      guint child = 2 * i + 1;

      if (child >= *n)
        break;
      if (child + 1 < *n
          && (heap[child + 1].end < heap[child].end
              || (heap[child + 1].end == heap[child].end && heap[child + 1].row < heap[child].row)))
        child++;
      if (last.end < heap[child].end
          || (last.end == heap[child].end && last.row <= heap[child].row))
        break;
      heap[i] = heap[child];
      i = child;
    }
  if (*n > 0)
    heap[i] = last;

  return top;
}

static void
free_push (guint32 *heap,
           guint   *n,
           guint32  row)
{
  guint i = (*n)++;

  while (i > 0 && heap[(i - 1) / 2] > row)
    {
      heap[i] = heap[(i - 1) / 2];
      i = (i - 1) / 2;
    }
  heap[i] = row;
}

static guint32
free_pop (guint32 *heap,
          guint   *n)
{
  guint32 top = heap[0];
  guint32 last = heap[--(*n)];
  guint i = 0;

  for (;;)
    {
      guint child = 2 * i + 1;

      if (child >= *n)
        break;
      if (child + 1 < *n && heap[child + 1] < heap[child])
        child++;
      if (last <= heap[child])
        break;
      heap[i] = heap[child];
      i = child;
    }
  if (*n > 0)
    heap[i] = last;

  return top;
}

/* Packs @events (sorted by occupied start) into rows, writing local rows to
 * self->event_row. Returns the number of rows. */
static guint
pack_lane (AnnalsLayout     *self,
           const AnnalsTime *occ_start,
           const AnnalsTime *occ_end,
           const guint32    *events,
           guint             n,
           BusyRow          *busy,
           guint32          *free_rows)
{
  guint n_busy = 0;
  guint n_free = 0;
  guint n_rows = 0;

  for (guint i = 0; i < n; i++)
    {
      guint32 event = events[i];
      AnnalsTime start = occ_start[event];
      BusyRow item;

      while (n_busy > 0 && busy[0].end <= start)
        free_push (free_rows, &n_free, busy_pop (busy, &n_busy).row);

      item.row = n_free > 0 ? free_pop (free_rows, &n_free) : n_rows++;
      item.end = occ_end[event];
      busy_push (busy, &n_busy, item);
      self->event_row[event] = item.row;
    }

  return n_rows;
}

/* The interval tree. Each node holds the intervals containing its centre, the
 * start of the median interval of its subtree, so nodes are never empty and
 * each side holds at most half: depth O(log n). Lists are partitioned stably
 * in place, so both orders (by start, by end) come from one sort each. */

static gint32
build_tree (AnnalsLayout *self,
            guint32      *by_start,
            guint32      *by_end,
            guint32      *scratch,
            guint         offset,
            guint         n)
{
  guint32 *a = by_start + offset;
  guint32 *b = by_end + offset;
  AnnalsTime center;
  guint n_left = 0;
  guint n_mid = 0;
  guint n_right = 0;
  guint k;
  TreeNode *node;
  gint32 index;
  gint32 left;
  gint32 right;

  if (n == 0)
    return -1;

  center = self->shown_starts[a[n / 2]];

  /* Count, then place stably: left (end <= c), node, right (start > c). */
  for (guint i = 0; i < n; i++)
    {
      guint32 p = a[i];

      if (self->shown_ends[p] <= center)
        n_left++;
      else if (self->shown_starts[p] > center)
        n_right++;
      else
        n_mid++;
    }

  for (guint pass = 0; pass < 2; pass++)
    {
      guint32 *list = pass == 0 ? a : b;
      guint il = 0;
      guint im = n_left;
      guint ir = n_left + n_mid;

      for (guint i = 0; i < n; i++)
        {
          guint32 p = list[i];

          if (self->shown_ends[p] <= center)
            scratch[il++] = p;
          else if (self->shown_starts[p] > center)
            scratch[ir++] = p;
          else
            scratch[im++] = p;
        }
      memcpy (list, scratch, n * sizeof (guint32));
    }

  index = self->n_nodes++;
  k = offset + n_left;

  left = build_tree (self, by_start, by_end, scratch, offset, n_left);
  right = build_tree (self, by_start, by_end, scratch, offset + n_left + n_mid, n_right);

  node = &self->nodes[index];
  node->center = center;
  node->offset = k;
  node->count = n_mid;
  node->left = left;
  node->right = right;

  return index;
}

static void
build_index (AnnalsLayout *self)
{
  g_autofree guint32 *scratch = NULL;
  guint n = self->n_shown;

  self->tree_by_start = g_new (guint32, MAX (n, 1));
  self->tree_by_end = g_new (guint32, MAX (n, 1));
  self->nodes = g_new (TreeNode, MAX (n, 1));
  self->n_nodes = 0;
  scratch = g_new (guint32, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      self->tree_by_start[i] = i;
      self->tree_by_end[i] = i;
    }

  /* By end, latest first. */
  radix_sort_indexes (self->tree_by_end, scratch, n, self->shown_ends, TRUE);

  self->root = build_tree (self, self->tree_by_start, self->tree_by_end, scratch, 0, n);
  /* A node holds at least one event, often many: give back what is unused. */
  self->nodes = g_renew (TreeNode, self->nodes, MAX (self->n_nodes, 1));
}

/* Measures and the legend summary */

static void
build_measures (AnnalsLayout              *self,
                const AnnalsLayoutOptions *options)
{
  AnnalsTimeline *timeline = self->timeline;
  guint n_lanes = self->lanes->len;

  self->lane_measure_first = g_new0 (guint32, MAX (n_lanes, 1));
  self->lane_measure_count = g_new0 (guint32, MAX (n_lanes, 1));
  self->lane_measure_min = g_new0 (double, MAX (n_lanes, 1));
  self->lane_measure_max = g_new0 (double, MAX (n_lanes, 1));

  /* Measures are sorted by track, then date: each track's are one run. */
  for (guint i = 0; i < timeline->n_measures;)
    {
      const AnnalsMeasure *measure = &timeline->measures[i];
      gint32 track = measure->track;
      guint j = i;
      gint32 lane = -1;

      while (j < timeline->n_measures && timeline->measures[j].track == track)
        j++;

      if (track >= 0 && (guint) track < timeline->n_tracks)
        lane = self->track_lane[track];

      if (lane >= 0 && g_array_index (self->lanes, AnnalsLane, lane).kind == ANNALS_TRACK_QUANTITY
          && g_array_index (self->lanes, AnnalsLane, lane).track == track)
        {
          double min = G_MAXDOUBLE;
          double max = -G_MAXDOUBLE;
          guint first = j;
          guint last = i;

          /* The date filter trims the run to the measures inside it. */
          for (guint k = i; k < j; k++)
            {
              const AnnalsMeasure *m = &timeline->measures[k];

              if (!annals_date_is_set (&m->date)
                  || annals_date_end_time (&m->date) <= options->from
                  || m->date.time >= options->to)
                continue;
              first = MIN (first, k);
              last = MAX (last, k);
            }

          if (first < j)
            {
              self->lane_measure_first[lane] = first;
              self->lane_measure_count[lane] = last - first + 1;

              for (guint k = first; k <= last; k++)
                {
                  const AnnalsMeasure *m = &timeline->measures[k];

                  if (isfinite (m->value))
                    {
                      min = MIN (min, m->value);
                      max = MAX (max, m->value);
                    }
                  if (m->source >= 0 && (guint) m->source < timeline->n_sources)
                    self->source_cited[m->source] = 1;
                  for (guint c = 0; c < m->n_cites; c++)
                    if (m->cites[c].source >= 0 && (guint) m->cites[c].source < timeline->n_sources)
                      self->source_cited[m->cites[c].source] = 1;
                  if (k > first && m->date.time == timeline->measures[k - 1].date.time
                      && m->value != timeline->measures[k - 1].value)
                    self->features |= ANNALS_LAYOUT_HAS_CONFLICTS;
                  if (m->date.flags & ANNALS_DATE_APPROX)
                    self->features |= ANNALS_LAYOUT_HAS_APPROX;
                }
              if (min > max)
                min = max = 0;
              self->lane_measure_min[lane] = min;
              self->lane_measure_max[lane] = max;
            }
        }

      i = j;
    }

  for (guint l = 0; l < n_lanes; l++)
    if (g_array_index (self->lanes, AnnalsLane, l).kind == ANNALS_TRACK_QUANTITY)
      self->features |= ANNALS_LAYOUT_HAS_QUANTITIES;
}

static void
note_event (AnnalsLayout      *self,
            const AnnalsEvent *event)
{
  AnnalsTimeline *timeline = self->timeline;
  const AnnalsEventDetail *detail = event->detail;

  switch (event->type)
    {
    case ANNALS_EVENT_SPAN:
      self->features |= ANNALS_LAYOUT_HAS_SPANS;
      if (!annals_date_is_set (&event->end))
        self->features |= ANNALS_LAYOUT_HAS_ONGOING;
      break;
    case ANNALS_EVENT_MILESTONE:
      self->features |= ANNALS_LAYOUT_HAS_MILESTONES;
      break;
    default:
      self->features |= ANNALS_LAYOUT_HAS_INSTANTS;
      break;
    }

  if (event->status < 32)
    self->status_mask |= 1u << event->status;

  if ((event->start.flags & ANNALS_DATE_APPROX) || (event->end.flags & ANNALS_DATE_APPROX))
    self->features |= ANNALS_LAYOUT_HAS_APPROX;

  if (event->type == ANNALS_EVENT_SPAN && (event->flags & ANNALS_EVENT_HAS_END_STATUS)
      && annals_date_is_set (&event->end))
    {
      if (event->end_status == ANNALS_STATUS_PROPOSED)
        self->features |= ANNALS_LAYOUT_HAS_PROPOSED_END;
      else if (event->end_status == ANNALS_STATUS_REPORTED
               || event->end_status == ANNALS_STATUS_DISPUTED)
        self->features |= ANNALS_LAYOUT_HAS_UNCONFIRMED_END;
    }

  if (event->category >= 0 && (guint) event->category < timeline->n_categories)
    self->category_used[event->category] = 1;

  if (detail == NULL)
    return;

  if (annals_date_is_set (&detail->start_earliest) || annals_date_is_set (&detail->start_latest)
      || (event->type == ANNALS_EVENT_SPAN
          && (annals_date_is_set (&detail->end_earliest)
              || annals_date_is_set (&detail->end_latest))))
    self->features |= ANNALS_LAYOUT_HAS_BOUNDS;

  for (guint c = 0; c < detail->n_cites; c++)
    if (detail->cites[c].source >= 0 && (guint) detail->cites[c].source < timeline->n_sources)
      self->source_cited[detail->cites[c].source] = 1;
}

static void
compute_extent (AnnalsLayout              *self,
                const AnnalsLayoutOptions *options)
{
  AnnalsTimeline *timeline = self->timeline;
  AnnalsTime min = ANNALS_TIME_MAX;
  AnnalsTime max = ANNALS_TIME_MIN;
  AnnalsTime pad;
  AnnalsTime span;

  for (guint i = 0; i < self->n_shown; i++)
    {
      min = MIN (min, self->shown_starts[i]);
      max = MAX (max, self->shown_ends[i]);
    }

  for (guint l = 0; l < self->lanes->len; l++)
    {
      guint first = self->lane_measure_first[l];
      guint n = self->lane_measure_count[l];

      if (n == 0)
        continue;
      min = MIN (min, timeline->measures[first].date.time);
      max = MAX (max, annals_date_end_time (&timeline->measures[first + n - 1].date));
    }

  for (guint i = 0; i < timeline->n_eras; i++)
    {
      const AnnalsEra *era = &timeline->eras[i];
      AnnalsTime end;

      if (!annals_date_is_set (&era->start))
        continue;
      end = annals_date_is_set (&era->end) ? annals_date_end_time (&era->end) : self->open_end;
      end = MAX (end, annals_date_end_time (&era->start));
      if (end <= options->from || era->start.time >= options->to)
        continue;
      self->features |= ANNALS_LAYOUT_HAS_ERAS;
      min = MIN (min, era->start.time);
      max = MAX (max, end);
    }

  if (min > max)
    {
      self->has_extent = FALSE;
      return;
    }

  if (annals_date_is_set (&timeline->as_of))
    {
      min = MIN (min, timeline->as_of.time);
      max = MAX (max, annals_date_end_time (&timeline->as_of));
    }

  span = max - min;
  if (span < MIN_EXTENT_SECONDS)
    {
      AnnalsTime grow = (MIN_EXTENT_SECONDS - span + 1) / 2;

      min -= grow;
      max += grow;
      span = max - min;
    }
  pad = span / 25;

  self->has_extent = TRUE;
  self->extent_start = min - pad;
  self->extent_end = max + pad;
}

/* Public API */

/**
 * annals_layout_new:
 * @timeline: a finished timeline
 * @options: (nullable): filters; NULL shows everything
 *
 * Lays out the shown events in lanes and rows. O(n log n) in the number of
 * events; safe to call from a worker thread.
 *
 * Returns: (transfer full): a new layout holding a reference on @timeline
 */
AnnalsLayout *
annals_layout_new (AnnalsTimeline            *timeline,
                   const AnnalsLayoutOptions *options)
{
  AnnalsLayout *self;
  AnnalsLayoutOptions defaults;
  guint n_events;
  guint n_lanes;
  gboolean need_other = FALSE;
  g_autofree guint32 *lane_counts = NULL;
  g_autofree guint32 *lane_offsets = NULL;
  g_autofree guint32 *by_lane = NULL;
  g_autofree BusyRow *busy = NULL;
  g_autofree guint32 *free_rows = NULL;
  g_autofree guint32 *row_fill = NULL;
  /* Per event while building: the time it occupies. */
  g_autofree AnnalsTime *occ_start = NULL;
  g_autofree AnnalsTime *occ_end = NULL;
  guint n_shown = 0;
  guint row;

  g_return_val_if_fail (timeline != NULL, NULL);

  if (options == NULL)
    {
      annals_layout_options_init (&defaults);
      options = &defaults;
    }

  n_events = timeline->n_events;

  self = g_new0 (AnnalsLayout, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->timeline = annals_timeline_ref (timeline);
  self->lanes = g_array_new (FALSE, TRUE, sizeof (AnnalsLane));
  self->track_lane = g_new0 (gint32, MAX (timeline->n_tracks, 1));
  self->track_has_children = g_new0 (guint8, MAX (timeline->n_tracks, 1));
  self->category_used = g_new0 (guint8, MAX (timeline->n_categories, 1));
  self->source_cited = g_new0 (guint8, MAX (timeline->n_sources, 1));
  self->event_row = g_new (gint32, MAX (n_events, 1));
  occ_start = g_new (AnnalsTime, MAX (n_events, 1));
  occ_end = g_new (AnnalsTime, MAX (n_events, 1));
  self->open_end = compute_open_end (timeline);

  /* Does any shown event lack a (valid) track? Then they get a lane at the end. */
  for (guint i = 0; i < n_events && !need_other; i++)
    {
      const AnnalsEvent *event = &timeline->events[i];

      if ((event->track < 0 || (guint) event->track >= timeline->n_tracks)
          && event_lane_for (self, options, event, 0) == 0)
        {
          AnnalsTime s;
          AnnalsTime e;

          event_occupancy (event, timeline, self->open_end, &s, &e);
          need_other = e > options->from && s < options->to;
        }
    }

  build_lanes (self, options, need_other);
  n_lanes = self->lanes->len;

  /* Assign events to lanes; bucket them by lane keeping timeline order. Until
   * the rows are packed, event_row holds the lane. */
  lane_counts = g_new0 (guint32, n_lanes + 1);
  for (guint i = 0; i < n_events; i++)
    {
      const AnnalsEvent *event = &timeline->events[i];
      gint32 lane = event_lane_for (self, options, event, need_other ? (gint32) n_lanes - 1 : -1);

      self->event_row[i] = -1;

      if (lane < 0)
        continue;

      event_occupancy (event, timeline, self->open_end, &occ_start[i], &occ_end[i]);
      if (occ_end[i] <= options->from || occ_start[i] >= options->to)
        continue;

      self->event_row[i] = lane;
      lane_counts[lane]++;
      n_shown++;
      note_event (self, event);
    }

  lane_offsets = g_new0 (guint32, n_lanes + 1);
  for (guint l = 0; l < n_lanes; l++)
    lane_offsets[l + 1] = lane_offsets[l] + lane_counts[l];

  by_lane = g_new (guint32, MAX (n_shown, 1));
  if (n_shown < n_events)
    self->shown_order = g_new (guint32, MAX (n_shown, 1));
  {
    g_autofree guint32 *fill = g_memdup2 (lane_offsets, (n_lanes + 1) * sizeof (guint32));
    guint k = 0;

    for (guint i = 0; i < n_events; i++)
      if (self->event_row[i] >= 0)
        {
          by_lane[fill[self->event_row[i]]++] = i;
          if (self->shown_order != NULL)
            self->shown_order[k++] = i;
        }
  }

  /* Pack each lane. Events come sorted by start, but the time they occupy can
   * begin earlier (an earliest bound), so re-sort a lane only when needed. */
  busy = g_new (BusyRow, MAX (n_shown, 1));
  free_rows = g_new (guint32, MAX (n_shown, 1));
  row = 0;
  for (guint l = 0; l < n_lanes; l++)
    {
      AnnalsLane *lane = &g_array_index (self->lanes, AnnalsLane, l);
      guint32 *events = by_lane + lane_offsets[l];
      guint n = lane_counts[l];
      guint n_rows;
      guint base = lane->kind == ANNALS_TRACK_QUANTITY ? ANNALS_LAYOUT_CHART_ROWS : 0;
      gboolean sorted = TRUE;

      for (guint i = 1; i < n && sorted; i++)
        sorted = occ_start[events[i - 1]] <= occ_start[events[i]];
      if (!sorted)
        {
          g_autofree KeyValue *items = g_new (KeyValue, n);

          for (guint i = 0; i < n; i++)
            {
              items[i].key = time_key (occ_start[events[i]]);
              items[i].value = events[i];
            }
          radix_sort (items, n);
          for (guint i = 0; i < n; i++)
            events[i] = items[i].value;
        }

      n_rows = pack_lane (self, occ_start, occ_end, events, n, busy, free_rows);
      lane->first_row = row;
      lane->n_rows = MAX (base + n_rows, 1);
      for (guint i = 0; i < n; i++)
        self->event_row[events[i]] += row + base;
      row += lane->n_rows;
    }
  self->n_rows = row;
  g_clear_pointer (&busy, g_free);
  g_clear_pointer (&free_rows, g_free);

  /* All shown events by occupied start, for range queries. Timeline order is
   * start order, so this is mostly a check that they are sorted already. */
  self->n_shown = n_shown;
  self->shown_events = g_new (guint32, MAX (n_shown, 1));
  {
    g_autofree guint32 *scratch = g_new (guint32, MAX (n_shown, 1));

    for (guint i = 0; i < n_shown; i++)
      self->shown_events[i] = self->shown_order != NULL ? self->shown_order[i] : i;
    radix_sort_indexes (self->shown_events, scratch, n_shown, occ_start, FALSE);
  }
  self->shown_starts = g_new (AnnalsTime, MAX (n_shown, 1));
  self->shown_ends = g_new (AnnalsTime, MAX (n_shown, 1));
  for (guint i = 0; i < n_shown; i++)
    {
      guint32 event = self->shown_events[i];

      self->shown_starts[i] = occ_start[event];
      self->shown_ends[i] = occ_end[event];
    }

  /* Per-row arrays: counting sort by row of the lane-sorted order, which keeps
   * each row in start order. */
  self->row_lane = g_new (guint32, MAX (self->n_rows, 1));
  self->row_offsets = g_new0 (guint32, self->n_rows + 1);
  for (guint l = 0; l < n_lanes; l++)
    {
      const AnnalsLane *lane = &g_array_index (self->lanes, AnnalsLane, l);

      for (guint r = 0; r < lane->n_rows; r++)
        self->row_lane[lane->first_row + r] = l;
    }
  for (guint i = 0; i < n_shown; i++)
    self->row_offsets[self->event_row[by_lane[i]] + 1]++;
  for (guint r = 0; r < self->n_rows; r++)
    self->row_offsets[r + 1] += self->row_offsets[r];

  self->row_events = g_new (guint32, MAX (n_shown, 1));
  self->row_starts = g_new (AnnalsTime, MAX (n_shown, 1));
  self->row_ends = g_new (AnnalsTime, MAX (n_shown, 1));
  self->event_pos = g_new (guint32, MAX (n_events, 1));
  row_fill = g_memdup2 (self->row_offsets, (self->n_rows + 1) * sizeof (guint32));
  for (guint i = 0; i < n_shown; i++)
    {
      guint32 event = by_lane[i];
      guint32 pos = row_fill[self->event_row[event]]++;

      self->event_pos[event] = pos;
      self->row_events[pos] = event;
      self->row_starts[pos] = occ_start[event];
      self->row_ends[pos] = occ_end[event];
    }
  g_clear_pointer (&occ_start, g_free);
  g_clear_pointer (&occ_end, g_free);
  g_clear_pointer (&by_lane, g_free);

  build_index (self);
  build_measures (self, options);
  compute_extent (self, options);

  return self;
}

AnnalsLayout *
annals_layout_ref (AnnalsLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
annals_layout_unref (AnnalsLayout *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->timeline, annals_timeline_unref);
  g_array_unref (self->lanes);
  g_free (self->track_lane);
  g_free (self->track_has_children);
  g_free (self->event_row);
  g_free (self->event_pos);
  g_free (self->row_lane);
  g_free (self->row_offsets);
  g_free (self->row_events);
  g_free (self->row_starts);
  g_free (self->row_ends);
  g_free (self->shown_events);
  g_free (self->shown_starts);
  g_free (self->shown_ends);
  g_free (self->shown_order);
  g_free (self->nodes);
  g_free (self->tree_by_start);
  g_free (self->tree_by_end);
  g_free (self->lane_measure_first);
  g_free (self->lane_measure_count);
  g_free (self->lane_measure_min);
  g_free (self->lane_measure_max);
  g_free (self->category_used);
  g_free (self->source_cited);
  g_free (self);
}

/**
 * annals_layout_get_timeline:
 *
 * Returns: (transfer none): the timeline laid out
 */
AnnalsTimeline *
annals_layout_get_timeline (AnnalsLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->timeline;
}

guint
annals_layout_get_n_lanes (AnnalsLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->lanes->len;
}

/**
 * annals_layout_get_lane:
 *
 * Returns: (transfer none) (nullable): the lane, owned by the layout, or NULL
 *   when @index is out of range
 */
const AnnalsLane *
annals_layout_get_lane (AnnalsLayout *self,
                        guint         index)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (index >= self->lanes->len)
    return NULL;

  return &g_array_index (self->lanes, AnnalsLane, index);
}

guint
annals_layout_get_n_rows (AnnalsLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_rows;
}

gint
annals_layout_get_event_row (AnnalsLayout *self,
                             guint         event)
{
  g_return_val_if_fail (self != NULL, -1);

  if (event >= self->timeline->n_events)
    return -1;

  return self->event_row[event];
}

gint
annals_layout_get_event_lane (AnnalsLayout *self,
                              guint         event)
{
  g_return_val_if_fail (self != NULL, -1);

  if (event >= self->timeline->n_events || self->event_row[event] < 0)
    return -1;

  return self->row_lane[self->event_row[event]];
}

gboolean
annals_layout_is_visible (AnnalsLayout *self,
                          guint         event)
{
  return annals_layout_get_event_row (self, event) >= 0;
}

guint
annals_layout_get_n_visible (AnnalsLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_shown;
}

/**
 * annals_layout_get_extent:
 * @start: (out) (optional): AnnalsTime seconds
 * @end: (out) (optional): AnnalsTime seconds
 *
 * Returns: FALSE when nothing is shown
 */
gboolean
annals_layout_get_extent (AnnalsLayout *self,
                          AnnalsTime   *start,
                          AnnalsTime   *end)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (start != NULL)
    *start = self->has_extent ? self->extent_start : 0;
  if (end != NULL)
    *end = self->has_extent ? self->extent_end : 0;

  return self->has_extent;
}

/* The first position in shown_* whose start is >= @time. */
static guint
lower_bound_start (const AnnalsTime *starts,
                   guint             n,
                   AnnalsTime        time)
{
  guint lo = 0;
  guint hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (starts[mid] < time)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static int
compare_guint32 (gconstpointer a,
                 gconstpointer b)
{
  guint32 x = *(const guint32 *) a;
  guint32 y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

/**
 * annals_layout_foreach_in_range:
 * @start: AnnalsTime seconds
 * @end: AnnalsTime seconds, exclusive
 * @func: (scope call): called with each event index; returns FALSE to stop
 *
 * Visits the shown events whose occupied time intersects [@start, @end), in
 * order of the time they start occupying, in O(log n + k).
 */
void
annals_layout_foreach_in_range (AnnalsLayout          *self,
                                AnnalsTime             start,
                                AnnalsTime             end,
                                AnnalsLayoutEventFunc  func,
                                gpointer               user_data)
{
  g_autoptr(GArray) straddlers = NULL;
  guint first;
  gint32 node;

  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);

  if (end <= start || self->n_shown == 0)
    return;

  /* Events that began before @start and still run at it: one path down the
   * tree. Where @start is left of a node's centre, all its intervals run past
   * @start and those starting before it are a prefix of the by-start list;
   * where it is right, those still running are a prefix of the by-end list. */
  straddlers = g_array_new (FALSE, FALSE, sizeof (guint32));
  node = self->root;
  while (node >= 0)
    {
      const TreeNode *n = &self->nodes[node];

      if (start < n->center)
        {
          for (guint i = 0; i < n->count; i++)
            {
              guint32 p = self->tree_by_start[n->offset + i];

              if (self->shown_starts[p] >= start)
                break;
              g_array_append_val (straddlers, p);
            }
          node = n->left;
        }
      else
        {
          for (guint i = 0; i < n->count; i++)
            {
              guint32 p = self->tree_by_end[n->offset + i];

              if (self->shown_ends[p] <= start)
                break;
              if (self->shown_starts[p] < start)
                g_array_append_val (straddlers, p);
            }
          node = start == n->center ? -1 : n->right;
        }
    }

  /* Positions in shown_* are in start order, so sorting them sorts by start. */
  g_array_sort (straddlers, compare_guint32);
  for (guint i = 0; i < straddlers->len; i++)
    if (!func (self->shown_events[g_array_index (straddlers, guint32, i)], user_data))
      return;

  first = lower_bound_start (self->shown_starts, self->n_shown, start);
  for (guint i = first; i < self->n_shown && self->shown_starts[i] < end; i++)
    if (!func (self->shown_events[i], user_data))
      return;
}

static guint32
shown_order_at (AnnalsLayout *self,
                guint         i)
{
  return self->shown_order != NULL ? self->shown_order[i] : i;
}

/**
 * annals_layout_step:
 * @event: an event index, or -1
 * @direction: > 0 for the next event, < 0 for the previous
 *
 * Returns: the next or previous shown event in timeline order (start, then
 *   id), the first or last one when @event is -1, or -1 when there is none
 */
gint
annals_layout_step (AnnalsLayout *self,
                    gint          event,
                    int           direction)
{
  guint lo = 0;
  guint hi;

  g_return_val_if_fail (self != NULL, -1);

  if (self->n_shown == 0 || direction == 0)
    return -1;

  if (event < 0)
    return shown_order_at (self, direction > 0 ? 0 : self->n_shown - 1);

  /* shown_order is ascending: find the first entry > event (or >= event). */
  hi = self->n_shown;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (shown_order_at (self, mid) <= (guint32) event)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (direction > 0)
    return lo < self->n_shown ? (gint) shown_order_at (self, lo) : -1;

  /* lo is one past @event when it is shown, else the first after it. */
  if (lo > 0 && shown_order_at (self, lo - 1) == (guint32) event)
    lo--;

  return lo > 0 ? (gint) shown_order_at (self, lo - 1) : -1;
}

guint
annals_layout_get_features (AnnalsLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->features;
}

guint32
annals_layout_get_status_mask (AnnalsLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->status_mask;
}

gboolean
annals_layout_category_is_used (AnnalsLayout *self,
                                guint         category)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return category < self->timeline->n_categories && self->category_used[category];
}

gboolean
annals_layout_source_is_cited (AnnalsLayout *self,
                               guint         source)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return source < self->timeline->n_sources && self->source_cited[source];
}

gboolean
annals_layout_track_has_children (AnnalsLayout *self,
                                  guint         track)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return track < self->timeline->n_tracks && self->track_has_children[track];
}

gint
annals_layout_get_track_lane (AnnalsLayout *self,
                              guint         track)
{
  g_return_val_if_fail (self != NULL, -1);

  if (track >= self->timeline->n_tracks)
    return -1;

  return self->track_lane[track];
}

guint
annals_layout_get_row_lane (AnnalsLayout *self,
                            guint         row)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (row < self->n_rows, 0);

  return self->row_lane[row];
}

/**
 * annals_layout_get_row_events:
 * @events: (out) (optional) (transfer none): event indexes
 * @starts: (out) (optional) (transfer none): occupied starts
 * @ends: (out) (optional) (transfer none): occupied ends
 *
 * Returns: the number of events in @row
 */
guint
annals_layout_get_row_events (AnnalsLayout      *self,
                              guint              row,
                              const guint32    **events,
                              const AnnalsTime **starts,
                              const AnnalsTime **ends)
{
  guint offset;

  g_return_val_if_fail (self != NULL, 0);

  if (row >= self->n_rows)
    {
      if (events != NULL)
        *events = NULL;
      if (starts != NULL)
        *starts = NULL;
      if (ends != NULL)
        *ends = NULL;
      return 0;
    }

  offset = self->row_offsets[row];
  if (events != NULL)
    *events = self->row_events + offset;
  if (starts != NULL)
    *starts = self->row_starts + offset;
  if (ends != NULL)
    *ends = self->row_ends + offset;

  return self->row_offsets[row + 1] - offset;
}

guint
annals_layout_row_find (AnnalsLayout *self,
                        guint         row,
                        AnnalsTime    time)
{
  const AnnalsTime *ends;
  guint lo = 0;
  guint hi;

  g_return_val_if_fail (self != NULL, 0);

  hi = annals_layout_get_row_events (self, row, NULL, NULL, &ends);
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (ends[mid] <= time)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

gboolean
annals_layout_get_event_bounds (AnnalsLayout *self,
                                guint         event,
                                AnnalsTime   *start,
                                AnnalsTime   *end)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (event >= self->timeline->n_events || self->event_row[event] < 0)
    return FALSE;

  if (start != NULL)
    *start = self->row_starts[self->event_pos[event]];
  if (end != NULL)
    *end = self->row_ends[self->event_pos[event]];

  return TRUE;
}

AnnalsTime
annals_layout_get_open_end (AnnalsLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->open_end;
}

guint
annals_layout_get_lane_measures (AnnalsLayout *self,
                                 guint         lane,
                                 guint        *first,
                                 double       *min,
                                 double       *max)
{
  g_return_val_if_fail (self != NULL, 0);

  if (lane >= self->lanes->len)
    {
      if (first != NULL)
        *first = 0;
      if (min != NULL)
        *min = 0;
      if (max != NULL)
        *max = 0;
      return 0;
    }

  if (first != NULL)
    *first = self->lane_measure_first[lane];
  if (min != NULL)
    *min = self->lane_measure_min[lane];
  if (max != NULL)
    *max = self->lane_measure_max[lane];

  return self->lane_measure_count[lane];
}
