/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-timeline.h"

#include <string.h>

/* A timeline holds up to millions of events, so it is laid out for memory and
 * for the drawing loop: records are plain structs in arrays, and every string
 * and detail lives in one arena freed in one go. Strings that repeat (ids, units,
 * tags) are interned; the rest are copied. After finish() the arrays are trimmed
 * to size and the event id index is a sorted permutation searched by bisection,
 * which costs 4 bytes per event where a hash table would cost about 30. */

/* Most of a million events have one: padding in the wrong place costs
 * megabytes (see annals-timeline.h). */
G_STATIC_ASSERT (GLIB_SIZEOF_VOID_P != 8 || sizeof (AnnalsEventDetail) <= 160);

#define ARENA_BLOCK_SIZE   (64 * 1024)
/* Requests above this get a block of their own, so that a big one does not
 * waste the rest of the current block. */
#define ARENA_LARGE_SIZE   (ARENA_BLOCK_SIZE / 4)
#define ARENA_ALIGN        8

typedef struct
{
  GHashTable *ids;                     /* interned id -> index + 1 */
  guint       n_indexed;               /* records [0, n_indexed) are in ids */
} IdIndex;

typedef struct
{
  gatomicrefcount ref_count;
  gboolean      finished;

  GStringChunk *strings;
  GPtrArray    *blocks;                /* arena blocks, g_free */
  guint8       *bump;                  /* next free byte of the current block */
  gsize         bump_left;

  /* While building, records grow in these arrays; finish() trims them and hands
   * their memory to the public pointers, and they become NULL. */
  GArray       *sources;
  GArray       *tracks;
  GArray       *categories;
  GArray       *eras;
  GArray       *events;
  GArray       *measures;
  GPtrArray    *extensions;            /* arena strings */

  IdIndex       track_ids;
  IdIndex       category_ids;
  IdIndex       source_ids;

  guint32      *event_order;           /* indexes of events with an id, sorted by id */
  guint         n_event_order;
  guint32      *same_id;               /* bit k: event_order[k] has the id of k - 1 */

  gboolean      has_extent;
  AnnalsTime    extent_start;
  AnnalsTime    extent_end;
} AnnalsTimelinePrivate;

typedef struct
{
  AnnalsTimeline        pub;
  AnnalsTimelinePrivate priv;
} AnnalsTimelineReal;

#define GET_PRIV(self) ((AnnalsTimelinePrivate *) (self)->priv)

static const char * const status_names[ANNALS_N_STATUSES] = {
  [ANNALS_STATUS_CONFIRMED] = "confirmed",
  [ANNALS_STATUS_REPORTED] = "reported",
  [ANNALS_STATUS_PROPOSED] = "proposed",
  [ANNALS_STATUS_DISPUTED] = "disputed",
  [ANNALS_STATUS_DENIED] = "denied",
  [ANNALS_STATUS_CANCELLED] = "cancelled",
  [ANNALS_STATUS_ACTIVE] = "active",
  [ANNALS_STATUS_ENDED] = "ended",
};

static const char * const event_type_names[] = {
  [ANNALS_EVENT_SPAN] = "span",
  [ANNALS_EVENT_INSTANT] = "instant",
  [ANNALS_EVENT_MILESTONE] = "milestone",
};

/* Helpers */

static void
id_index_init (IdIndex *index)
{
  index->ids = g_hash_table_new (g_str_hash, g_str_equal);
  index->n_indexed = 0;
}

static void
id_index_clear (IdIndex *index)
{
  g_clear_pointer (&index->ids, g_hash_table_unref);
}

/* Brings the index up to date with the records [0, @up_to). The caller leaves
 * out the last record while building, since its id may not be filled in yet. */
static void
id_index_update (AnnalsTimeline *self,
                 IdIndex        *index,
                 const guint8   *records,
                 gsize           record_size,
                 gsize           id_offset,
                 guint           up_to)
{
  for (guint i = index->n_indexed; i < up_to; i++)
    {
      const char *id = *(const char * const *) (records + i * record_size + id_offset);
      const char *key;

      if (id == NULL)
        continue;

      /* Interning is free when the parser already interned the id, and keeps the
       * key alive as long as the table if it did not. The first of duplicate ids
       * wins, as it would in a linear search. */
      key = annals_timeline_intern (self, id);
      if (!g_hash_table_contains (index->ids, key))
        g_hash_table_insert (index->ids, (gpointer) key, GUINT_TO_POINTER (i + 1));
    }

  /* Finished timelines are read from several threads: never write then. */
  if (up_to > index->n_indexed)
    index->n_indexed = up_to;
}

static gint
id_index_find (AnnalsTimeline *self,
               IdIndex        *index,
               const guint8   *records,
               guint           n_records,
               gsize           record_size,
               gsize           id_offset,
               const char     *id)
{
  AnnalsTimelinePrivate *priv = GET_PRIV (self);
  guint up_to;
  gpointer value;

  if (id == NULL || n_records == 0)
    return -1;

  up_to = priv->finished ? n_records : n_records - 1;
  id_index_update (self, index, records, record_size, id_offset, up_to);

  if (g_hash_table_lookup_extended (index->ids, id, NULL, &value))
    return (gint) GPOINTER_TO_UINT (value) - 1;

  /* The record being built is checked directly. */
  for (guint i = index->n_indexed; i < n_records; i++)
    {
      const char *rid = *(const char * const *) (records + i * record_size + id_offset);

      if (rid != NULL && strcmp (rid, id) == 0)
        return (gint) i;
    }

  return -1;
}

/* Appends one zeroed record and returns it. */
static gpointer
array_add (GArray *array)
{
  g_array_set_size (array, array->len + 1);

  return array->data + (gsize) (array->len - 1) * g_array_get_element_size (array);
}

/* Hands the array's memory over, trimmed to its length. */
static gpointer
array_steal_trimmed (GArray **array)
{
  gsize size = (gsize) (*array)->len * g_array_get_element_size (*array);
  gpointer data = g_array_free (g_steal_pointer (array), FALSE);

  if (size == 0)
    {
      g_free (data);
      return NULL;
    }

  return g_realloc (data, size);
}

/* Sorting */

typedef int (*RecordCompare) (gconstpointer a,
                              gconstpointer b);

typedef struct
{
  const guint8 *records;
  gsize         size;
  RecordCompare compare;
} SortContext;

static int
compare_order (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const SortContext *ctx = user_data;
  guint32 ia = *(const guint32 *) a;
  guint32 ib = *(const guint32 *) b;
  int r;

  r = ctx->compare (ctx->records + ia * ctx->size, ctx->records + ib * ctx->size);
  if (r != 0)
    return r;

  /* Equal records keep their file order: the sort is stable whatever the
   * algorithm underneath. */
  return ia < ib ? -1 : (ia > ib ? 1 : 0);
}

/* Moves each of @n records of @size bytes once, cycle by cycle: position i
 * receives record order[i]. @order is used up. */
static void
apply_order (gpointer  records,
             guint     n,
             gsize     size,
             guint32  *order)
{
  g_autofree guint8 *tmp = g_malloc (size);
  guint8 *base = records;

  for (guint i = 0; i < n; i++)
    {
      guint j;

      if (order[i] == i)
        continue;

      memcpy (tmp, base + (gsize) i * size, size);
      j = i;
      while (order[j] != i)
        {
          guint k = order[j];

          memcpy (base + (gsize) j * size, base + (gsize) k * size, size);
          order[j] = j;
          j = k;
        }
      memcpy (base + (gsize) j * size, tmp, size);
      order[j] = j;
    }
}

/* Sorts @n records of @size bytes in place. Sorting a permutation of 4-byte
 * indexes and then moving each record once needs 4 bytes per record of extra
 * memory, where a merge sort of the records would need a copy of them all. */
static void
sort_records (gpointer      records,
              guint         n,
              gsize         size,
              RecordCompare compare)
{
  g_autofree guint32 *order = NULL;
  SortContext ctx = { records, size, compare };

  if (n < 2)
    return;

  order = g_new (guint32, n);
  for (guint i = 0; i < n; i++)
    order[i] = i;

  g_qsort_with_data (order, n, sizeof (guint32), compare_order, &ctx);
  apply_order (records, n, size, order);
}

/* Events are sorted by keys that hold what the comparison needs, side by
 * side: a million events sorted through their records and ids would spend
 * most of the time waiting for memory. The first eight bytes of the id go in
 * big-endian, so that comparing them as integers orders ids as strcmp() does
 * (a short id is padded with nuls); the rest of the id is looked at only when
 * those are equal. The index makes every key unique, which keeps the order of
 * equal events that of the file whatever the sort. */
typedef struct
{
  gint64  time;
  guint64 prefix;
  guint32 index;
} EventKey;

static inline guint64
id_prefix (const char *id)
{
  guint64 prefix = 0;

  if (id == NULL)
    return 0;

  for (guint i = 0; i < 8 && id[i] != '\0'; i++)
    prefix |= (guint64) (guint8) id[i] << (56 - 8 * i);

  return prefix;
}

static inline gboolean
key_less (const EventKey    *a,
          const EventKey    *b,
          const AnnalsEvent *events)
{
  if (a->time != b->time)
    return a->time < b->time;
  if (a->prefix != b->prefix)
    return a->prefix < b->prefix;

  /* A last byte that is not nul: both ids go on past their prefix. */
  if ((a->prefix & 0xff) != 0)
    {
      int r = strcmp (events[a->index].id + 8, events[b->index].id + 8);

      if (r != 0)
        return r < 0;
    }

  return a->index < b->index;
}

static inline void
swap_keys (EventKey *a,
           EventKey *b)
{
  EventKey tmp = *a;

  *a = *b;
  *b = tmp;
}

static void
sift_down (EventKey          *keys,
           gsize              root,
           gsize              n,
           const AnnalsEvent *events)
{
  for (;;)
    {
      gsize child = 2 * root + 1;

      if (child >= n)
        return;
      if (child + 1 < n && key_less (&keys[child], &keys[child + 1], events))
        child++;
      if (!key_less (&keys[root], &keys[child], events))
        return;
      swap_keys (&keys[root], &keys[child]);
      root = child;
    }
}

static void
heap_sort (EventKey          *keys,
           gsize              n,
           const AnnalsEvent *events)
{
  for (gsize i = n / 2; i-- > 0;)
    sift_down (keys, i, n, events);

  for (gsize end = n; end-- > 1;)
    {
      swap_keys (&keys[0], &keys[end]);
      sift_down (keys, 0, end, events);
    }
}

/* Quicksort down to small ranges, heap sort where it goes too deep (so never
 * quadratic), insertion sort at the end: in place, so that sorting a million
 * events needs no more memory than their keys. */
static void
intro_sort (EventKey          *keys,
            gsize              n,
            guint              depth,
            guint64           *seed,
            const AnnalsEvent *events)
{
  while (n > 16)
    {
      const EventKey *a;
      const EventKey *b;
      const EventKey *c;
      EventKey pivot;
      gsize i = 0;
      gsize j = n - 1;

      if (depth == 0)
        {
          heap_sort (keys, n, events);
          return;
        }
      depth--;

      /* The median of three keys taken at pseudo-random places: files hold
       * runs of sorted ids ("e1" … "e9", "e10" … "e99", …) that defeat the
       * first, middle and last. Keys are all different, so there are keys on
       * both sides of it. */
      *seed ^= *seed << 13;
      *seed ^= *seed >> 7;
      *seed ^= *seed << 17;
      a = &keys[*seed % n];
      b = &keys[(*seed >> 21) % n];
      c = &keys[(*seed >> 42) % n];
      if (key_less (a, b, events))
        pivot = key_less (b, c, events) ? *b : (key_less (a, c, events) ? *c : *a);
      else
        pivot = key_less (a, c, events) ? *a : (key_less (b, c, events) ? *c : *b);

      for (;;)
        {
          while (key_less (&keys[i], &pivot, events))
            i++;
          while (key_less (&pivot, &keys[j], events))
            j--;
          if (i >= j)
            break;
          swap_keys (&keys[i], &keys[j]);
          i++;
          j--;
        }

      /* [0, j] and [j + 1, n): the smaller one by recursion, so that the
       * stack stays logarithmic. */
      if (j + 1 < n - (j + 1))
        {
          intro_sort (keys, j + 1, depth, seed, events);
          keys += j + 1;
          n -= j + 1;
        }
      else
        {
          intro_sort (keys + j + 1, n - (j + 1), depth, seed, events);
          n = j + 1;
        }
    }

  for (gsize k = 1; k < n; k++)
    {
      EventKey key = keys[k];
      gsize l = k;

      while (l > 0 && key_less (&key, &keys[l - 1], events))
        {
          keys[l] = keys[l - 1];
          l--;
        }
      keys[l] = key;
    }
}

static void
sort_keys (EventKey          *keys,
           gsize              n,
           const AnnalsEvent *events)
{
  guint64 seed = G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  guint depth = 0;

  for (gsize m = n; m > 1; m >>= 1)
    depth += 2;

  intro_sort (keys, n, depth, &seed, events);
}

/* Byte @byte (0 the most significant) of a key's start and id prefix, taken
 * as one 128-bit number: the order of these bytes is the order of key_less()
 * as far as they go (the sign of the time flipped, so that earlier comes
 * first). */
static inline guint
key_byte (const EventKey *key,
          guint           byte)
{
  if (byte < 8)
    return (guint) (((guint64) key->time ^ G_GUINT64_CONSTANT (0x8000000000000000)) >>
                    (56 - 8 * byte)) & 0xff;

  return (guint) (key->prefix >> (56 - 8 * (byte - 8))) & 0xff;
}

/* Sorts by start (and id prefix) a byte at a time from the most significant,
 * in place (American flag sort), then each bucket that is left, small or of
 * equal starts, with intro_sort(). Random starts make a comparison sort
 * mispredict half its branches; this moves each key a couple of times. */
static void
radix_sort (EventKey          *keys,
            gsize              n,
            guint              byte,
            guint64           *seed,
            const AnnalsEvent *events)
{
  gsize count[256] = { 0, };
  gsize next[256];
  gsize end[256];
  gsize start = 0;

  /* Bytes all keys share say nothing. */
  for (; byte < 16 && n > 64; byte++)
    {
      guint first = key_byte (&keys[0], byte);
      gsize i;

      for (i = 1; i < n && key_byte (&keys[i], byte) == first; i++)
        ;
      if (i < n)
        break;
    }

  if (n <= 64 || byte >= 16)
    {
      guint depth = 0;

      for (gsize m = n; m > 1; m >>= 1)
        depth += 2;
      intro_sort (keys, n, depth, seed, events);
      return;
    }

  for (gsize i = 0; i < n; i++)
    count[key_byte (&keys[i], byte)]++;

  for (guint b = 0; b < 256; b++)
    {
      next[b] = start;
      start += count[b];
      end[b] = start;
    }

  /* Each key to its bucket, following cycles. */
  for (guint b = 0; b < 256; b++)
    {
      while (next[b] < end[b])
        {
          EventKey key = keys[next[b]];
          guint d = key_byte (&key, byte);

          while (d != b)
            {
              EventKey other = keys[next[d]];

              keys[next[d]++] = key;
              key = other;
              d = key_byte (&key, byte);
            }
          keys[next[b]++] = key;
        }
    }

  start = 0;
  for (guint b = 0; b < 256; b++)
    {
      if (count[b] > 1)
        radix_sort (keys + start, count[b], byte + 1, seed, events);
      start += count[b];
    }
}

/* Whether two keys of the id index have the same id; @rank gives where the
 * events of the keys are now, when they have moved since. */
static gboolean
same_id (const EventKey    *a,
         const EventKey    *b,
         const AnnalsEvent *events,
         const guint32     *rank)
{
  guint32 ia = rank != NULL ? rank[a->index] : a->index;
  guint32 ib = rank != NULL ? rank[b->index] : b->index;

  if (a->prefix != b->prefix)
    return FALSE;

  return (a->prefix & 0xff) == 0 || strcmp (events[ia].id + 8, events[ib].id + 8) == 0;
}

/* Keys of the events that have an id, by id (time 0), indexes as they are. */
static EventKey *
id_keys (const AnnalsEvent *events,
         guint              n_events,
         guint             *n)
{
  EventKey *keys = g_new (EventKey, n_events);

  *n = 0;
  for (guint i = 0; i < n_events; i++)
    {
      if (events[i].id == NULL)
        continue;
      keys[*n].time = 0;
      keys[*n].prefix = id_prefix (events[i].id);
      keys[*n].index = i;
      (*n)++;
    }

  sort_keys (keys, *n, events);

  return keys;
}

static void compute_extent (const AnnalsTimeline *self,
                            gboolean             *has_extent,
                            AnnalsTime           *start,
                            AnnalsTime           *end);

typedef struct
{
  const AnnalsEvent    *events;
  guint                 n_events;
  EventKey             *keys;
  guint                 n;
  /* The extent, which does not depend on order, is taken on the same thread
   * when there is one: the sorting thread has less to do than the caller's. */
  const AnnalsTimeline *extent_of;     /* records as they are, or NULL */
  gboolean              has_extent;
  AnnalsTime            extent_start;
  AnnalsTime            extent_end;
} IdSort;

static gpointer
id_sort_thread (gpointer data)
{
  IdSort *sort = data;

  sort->keys = id_keys (sort->events, sort->n_events, &sort->n);
  if (sort->extent_of != NULL)
    compute_extent (sort->extent_of, &sort->has_extent, &sort->extent_start, &sort->extent_end);

  return NULL;
}

/* Sorts the events by start, then id (of equal ones, the first in the file
 * first), and builds the id index: a permutation of the events by id (of
 * equal ids, the earliest first) with a bit per entry that says whether its
 * id is that of the entry before, so that duplicates are found without
 * looking at a single id. With many events the id index is sorted on a
 * second thread at the same time, from the events as they were, and
 * renumbered. Returns whether the extent of @extent_of was taken on the
 * way, on that thread, into the private fields. */
static gboolean
sort_events (AnnalsTimeline       *self,
             AnnalsEvent          *events,
             guint                 n,
             const AnnalsTimeline *extent_of)
{
  AnnalsTimelinePrivate *priv = GET_PRIV (self);
  g_autofree EventKey *keys = NULL;
  g_autofree guint32 *order = NULL;
  g_autofree guint32 *rank = NULL;
  IdSort sort = { events, n, NULL, 0, extent_of, FALSE, 0, 0 };
  GThread *thread = NULL;
  guint n_ids;

  if (n >= 65536 && g_get_num_processors () > 1)
    thread = g_thread_try_new ("annals-sort", id_sort_thread, &sort, NULL);

  if (n >= 2)
    {
      guint64 seed = G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);

      keys = g_new (EventKey, n);
      for (guint i = 0; i < n; i++)
        {
          keys[i].time = events[i].start.time;
          keys[i].prefix = id_prefix (events[i].id);
          keys[i].index = i;
        }
      radix_sort (keys, n, 0, &seed, events);
    }

  order = g_new (guint32, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    order[i] = keys != NULL ? keys[i].index : i;
  g_clear_pointer (&keys, g_free);

  if (thread != NULL)
    {
      /* Where each event goes, to renumber the id index. */
      g_thread_join (thread);
      rank = g_new (guint32, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        rank[order[i]] = i;
    }

  if (n >= 2)
    apply_order (events, n, sizeof (AnnalsEvent), order);
  g_clear_pointer (&order, g_free);

  if (thread == NULL)
    sort.keys = id_keys (events, n, &sort.n);
  n_ids = sort.n;

  if (n_ids > 0)
    {
      priv->event_order = g_new (guint32, n_ids);
      priv->n_event_order = n_ids;
      priv->same_id = g_new0 (guint32, (n_ids + 31) / 32);
    }

  for (guint k = 0; k < n_ids; k++)
    {
      guint32 index = rank != NULL ? rank[sort.keys[k].index] : sort.keys[k].index;

      priv->event_order[k] = index;
      if (k == 0 || !same_id (&sort.keys[k - 1], &sort.keys[k], events, rank))
        continue;

      priv->same_id[k / 32] |= 1u << (k % 32);

      /* Equal ids were sorted by their place in the file: the earliest in
       * time comes first. */
      for (guint j = k; j > 0 && (priv->same_id[j / 32] & (1u << (j % 32))) &&
           priv->event_order[j - 1] > priv->event_order[j]; j--)
        {
          guint32 tmp = priv->event_order[j - 1];

          priv->event_order[j - 1] = priv->event_order[j];
          priv->event_order[j] = tmp;
        }
    }

  g_free (sort.keys);

  if (thread == NULL || extent_of == NULL)
    return FALSE;

  priv->has_extent = sort.has_extent;
  priv->extent_start = sort.extent_start;
  priv->extent_end = sort.extent_end;
  return TRUE;
}

static int
compare_measures (gconstpointer a,
                  gconstpointer b)
{
  const AnnalsMeasure *ma = a;
  const AnnalsMeasure *mb = b;

  if (ma->track != mb->track)
    return ma->track < mb->track ? -1 : 1;

  if (ma->date.time != mb->date.time)
    return ma->date.time < mb->date.time ? -1 : 1;

  return 0;
}

static void
compute_extent (const AnnalsTimeline *self,
                gboolean             *has_extent,
                AnnalsTime           *start,
                AnnalsTime           *end)
{
  AnnalsTime min = ANNALS_TIME_MAX;
  AnnalsTime max = ANNALS_TIME_MIN;
  AnnalsTime open_end;
  gboolean any = FALSE;

  /* Without an as-of date, ongoing spans run to the latest point any dated item
   * reaches (at least the end of their own start period), so that they show
   * as running up to "now" of the dataset. */
  for (guint i = 0; i < self->n_events; i++)
    {
      const AnnalsEvent *event = &self->events[i];

      if (!annals_date_is_set (&event->start))
        continue;
      max = MAX (max, annals_date_end_time (&event->start));
      if (annals_date_is_set (&event->end))
        max = MAX (max, annals_date_end_time (&event->end));
    }
  for (guint i = 0; i < self->n_eras; i++)
    {
      const AnnalsEra *era = &self->eras[i];

      if (!annals_date_is_set (&era->start))
        continue;
      max = MAX (max, annals_date_end_time (&era->start));
      if (annals_date_is_set (&era->end))
        max = MAX (max, annals_date_end_time (&era->end));
    }
  for (guint i = 0; i < self->n_measures; i++)
    if (annals_date_is_set (&self->measures[i].date))
      max = MAX (max, annals_date_end_time (&self->measures[i].date));

  open_end = max;

  for (guint i = 0; i < self->n_events; i++)
    {
      const AnnalsEvent *event = &self->events[i];

      if (!annals_date_is_set (&event->start))
        continue;
      any = TRUE;
      min = MIN (min, event->start.time);
      max = MAX (max, annals_event_end_time (event, self, open_end));
    }

  for (guint i = 0; i < self->n_eras; i++)
    {
      const AnnalsEra *era = &self->eras[i];
      AnnalsTime era_end;

      if (!annals_date_is_set (&era->start))
        continue;
      any = TRUE;
      min = MIN (min, era->start.time);

      if (annals_date_is_set (&era->end))
        era_end = annals_date_end_time (&era->end);
      else if (annals_date_is_set (&self->as_of))
        era_end = annals_date_end_time (&self->as_of);
      else
        era_end = open_end;
      max = MAX (max, MAX (era_end, era->start.time));
    }

  for (guint i = 0; i < self->n_measures; i++)
    {
      const AnnalsMeasure *measure = &self->measures[i];

      if (!annals_date_is_set (&measure->date))
        continue;
      any = TRUE;
      min = MIN (min, measure->date.time);
      max = MAX (max, annals_date_end_time (&measure->date));
    }

  *has_extent = any;
  *start = any ? min : 0;
  *end = any ? max : 0;
}

/* Life cycle */

/**
 * annals_timeline_new:
 *
 * Returns: (transfer full): an empty timeline to be filled and finished
 */
AnnalsTimeline *
annals_timeline_new (void)
{
  AnnalsTimelineReal *real = g_new0 (AnnalsTimelineReal, 1);
  AnnalsTimelinePrivate *priv = &real->priv;

  real->pub.priv = priv;

  g_atomic_ref_count_init (&priv->ref_count);
  priv->strings = g_string_chunk_new (ARENA_BLOCK_SIZE);
  priv->blocks = g_ptr_array_new_with_free_func (g_free);

  priv->sources = g_array_new (FALSE, TRUE, sizeof (AnnalsSource));
  priv->tracks = g_array_new (FALSE, TRUE, sizeof (AnnalsTrack));
  priv->categories = g_array_new (FALSE, TRUE, sizeof (AnnalsCategory));
  priv->eras = g_array_new (FALSE, TRUE, sizeof (AnnalsEra));
  priv->events = g_array_new (FALSE, TRUE, sizeof (AnnalsEvent));
  priv->measures = g_array_new (FALSE, TRUE, sizeof (AnnalsMeasure));
  priv->extensions = g_ptr_array_new ();

  id_index_init (&priv->track_ids);
  id_index_init (&priv->category_ids);
  id_index_init (&priv->source_ids);

  return &real->pub;
}

/**
 * annals_timeline_ref:
 *
 * Thread-safe, so a finished timeline can be shared with a loading or
 * exporting thread.
 *
 * Returns: (transfer full): @self
 */
AnnalsTimeline *
annals_timeline_ref (AnnalsTimeline *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&GET_PRIV (self)->ref_count);

  return self;
}

void
annals_timeline_unref (AnnalsTimeline *self)
{
  AnnalsTimelinePrivate *priv;

  if (self == NULL)
    return;

  priv = GET_PRIV (self);

  if (!g_atomic_ref_count_dec (&priv->ref_count))
    return;

  if (priv->finished)
    {
      /* The public pointers own the trimmed arrays. */
      g_free (self->sources);
      g_free (self->tracks);
      g_free (self->categories);
      g_free (self->eras);
      g_free (self->events);
      g_free (self->measures);
      g_free (self->extensions);
    }
  else
    {
      g_array_unref (priv->sources);
      g_array_unref (priv->tracks);
      g_array_unref (priv->categories);
      g_array_unref (priv->eras);
      g_array_unref (priv->events);
      g_array_unref (priv->measures);
      g_ptr_array_unref (priv->extensions);
    }

  id_index_clear (&priv->track_ids);
  id_index_clear (&priv->category_ids);
  id_index_clear (&priv->source_ids);
  g_free (priv->event_order);
  g_free (priv->same_id);

  g_string_chunk_free (priv->strings);
  g_ptr_array_unref (priv->blocks);

  g_free ((AnnalsTimelineReal *) self);
}

/* Arena */

/**
 * annals_timeline_intern:
 * @text: (nullable): a string
 *
 * For strings that repeat (ids, units, tags, places): equal strings share one
 * copy, and equal ids compare equal as pointers.
 *
 * Returns: (transfer none) (nullable): a copy of @text that lives as long as
 *   @self, or %NULL for %NULL
 */
const char *
annals_timeline_intern (AnnalsTimeline *self,
                        const char     *text)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (text == NULL)
    return NULL;

  return g_string_chunk_insert_const (GET_PRIV (self)->strings, text);
}

/**
 * annals_timeline_strdup:
 * @text: (nullable): a string
 *
 * For strings that are mostly unique (titles, summaries, quotes): cheaper than
 * annals_timeline_intern() since nothing is looked up or remembered.
 *
 * Returns: (transfer none) (nullable): a copy of @text that lives as long as
 *   @self, or %NULL for %NULL
 */
const char *
annals_timeline_strdup (AnnalsTimeline *self,
                        const char     *text)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (text == NULL)
    return NULL;

  return g_string_chunk_insert (GET_PRIV (self)->strings, text);
}

/**
 * annals_timeline_alloc:
 * @size: bytes
 *
 * Returns: (transfer none) (nullable): @size zero-filled bytes aligned to 8,
 *   freed with @self; %NULL when @size is 0
 */
gpointer
annals_timeline_alloc (AnnalsTimeline *self,
                       gsize           size)
{
  AnnalsTimelinePrivate *priv;
  guint8 *mem;

  g_return_val_if_fail (self != NULL, NULL);

  if (size == 0)
    return NULL;

  priv = GET_PRIV (self);

  g_return_val_if_fail (size <= G_MAXSIZE / 2, NULL);
  size = (size + ARENA_ALIGN - 1) & ~(gsize) (ARENA_ALIGN - 1);

  if (size > ARENA_LARGE_SIZE)
    {
      mem = g_malloc0 (size);
      g_ptr_array_add (priv->blocks, mem);
      return mem;
    }

  if (size > priv->bump_left)
    {
      priv->bump = g_malloc0 (ARENA_BLOCK_SIZE);
      priv->bump_left = ARENA_BLOCK_SIZE;
      g_ptr_array_add (priv->blocks, priv->bump);
    }

  mem = priv->bump;
  priv->bump += size;
  priv->bump_left -= size;

  return mem;
}

/**
 * annals_timeline_copy_strv:
 * @strings: (array length=n): strings, none %NULL
 *
 * The strings are interned, since lists hold tags, places and actors that
 * repeat from event to event.
 *
 * Returns: (transfer none) (nullable): an arena array of @n arena strings,
 *   %NULL when @n is 0
 */
const char **
annals_timeline_copy_strv (AnnalsTimeline  *self,
                           const char     **strings,
                           guint            n)
{
  const char **copy;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n == 0 || strings != NULL, NULL);

  if (n == 0)
    return NULL;

  copy = annals_timeline_alloc (self, sizeof (char *) * n);
  for (guint i = 0; i < n; i++)
    copy[i] = annals_timeline_intern (self, strings[i]);

  return copy;
}

/* Records */

AnnalsSource *
annals_timeline_add_source (AnnalsTimeline *self)
{
  AnnalsTimelinePrivate *priv;
  AnnalsSource *source;

  g_return_val_if_fail (self != NULL, NULL);
  priv = GET_PRIV (self);
  g_return_val_if_fail (!priv->finished, NULL);

  source = array_add (priv->sources);
  self->sources = (AnnalsSource *) (gpointer) priv->sources->data;
  self->n_sources = priv->sources->len;

  return source;
}

AnnalsTrack *
annals_timeline_add_track (AnnalsTimeline *self)
{
  AnnalsTimelinePrivate *priv;
  AnnalsTrack *track;

  g_return_val_if_fail (self != NULL, NULL);
  priv = GET_PRIV (self);
  g_return_val_if_fail (!priv->finished, NULL);

  track = array_add (priv->tracks);
  track->color = ANNALS_COLOR_NONE;
  track->parent = -1;
  self->tracks = (AnnalsTrack *) (gpointer) priv->tracks->data;
  self->n_tracks = priv->tracks->len;

  return track;
}

AnnalsCategory *
annals_timeline_add_category (AnnalsTimeline *self)
{
  AnnalsTimelinePrivate *priv;
  AnnalsCategory *category;

  g_return_val_if_fail (self != NULL, NULL);
  priv = GET_PRIV (self);
  g_return_val_if_fail (!priv->finished, NULL);

  category = array_add (priv->categories);
  category->color = ANNALS_COLOR_NONE;
  self->categories = (AnnalsCategory *) (gpointer) priv->categories->data;
  self->n_categories = priv->categories->len;

  return category;
}

AnnalsEra *
annals_timeline_add_era (AnnalsTimeline *self)
{
  AnnalsTimelinePrivate *priv;
  AnnalsEra *era;

  g_return_val_if_fail (self != NULL, NULL);
  priv = GET_PRIV (self);
  g_return_val_if_fail (!priv->finished, NULL);

  era = array_add (priv->eras);
  era->color = ANNALS_COLOR_NONE;
  self->eras = (AnnalsEra *) (gpointer) priv->eras->data;
  self->n_eras = priv->eras->len;

  return era;
}

AnnalsEvent *
annals_timeline_add_event (AnnalsTimeline *self)
{
  AnnalsTimelinePrivate *priv;
  AnnalsEvent *event;

  g_return_val_if_fail (self != NULL, NULL);
  priv = GET_PRIV (self);
  g_return_val_if_fail (!priv->finished, NULL);

  event = array_add (priv->events);
  event->track = -1;
  event->category = -1;
  self->events = (AnnalsEvent *) (gpointer) priv->events->data;
  self->n_events = priv->events->len;

  return event;
}

AnnalsMeasure *
annals_timeline_add_measure (AnnalsTimeline *self)
{
  AnnalsTimelinePrivate *priv;
  AnnalsMeasure *measure;

  g_return_val_if_fail (self != NULL, NULL);
  priv = GET_PRIV (self);
  g_return_val_if_fail (!priv->finished, NULL);

  measure = array_add (priv->measures);
  measure->track = -1;
  measure->source = -1;
  self->measures = (AnnalsMeasure *) (gpointer) priv->measures->data;
  self->n_measures = priv->measures->len;

  return measure;
}

/**
 * annals_timeline_add_extension:
 * @xml: a foreign top-level element, serialised; copied
 */
void
annals_timeline_add_extension (AnnalsTimeline *self,
                               const char     *xml)
{
  AnnalsTimelinePrivate *priv;

  g_return_if_fail (self != NULL);
  g_return_if_fail (xml != NULL);
  priv = GET_PRIV (self);
  g_return_if_fail (!priv->finished);

  g_ptr_array_add (priv->extensions, (gpointer) annals_timeline_strdup (self, xml));
  self->extensions = (const char **) priv->extensions->pdata;
  self->n_extensions = priv->extensions->len;
}

/**
 * annals_timeline_finish:
 *
 * Sorts events by start time, then id, and measures by track, then date (both
 * stable), trims the arrays and builds the indexes. Record pointers and event
 * and measure indexes taken before are invalid afterwards. Calling it twice
 * does nothing.
 */
void
annals_timeline_finish (AnnalsTimeline *self)
{
  AnnalsTimelinePrivate *priv;
  AnnalsTimeline view;
  gboolean extent_done;

  g_return_if_fail (self != NULL);
  priv = GET_PRIV (self);

  if (priv->finished)
    return;

  /* The records as they are, for the extent (as_of and the arrays). */
  view = *self;
  view.eras = (AnnalsEra *) (gpointer) priv->eras->data;
  view.n_eras = priv->eras->len;
  view.events = (AnnalsEvent *) (gpointer) priv->events->data;
  view.n_events = priv->events->len;
  view.measures = (AnnalsMeasure *) (gpointer) priv->measures->data;
  view.n_measures = priv->measures->len;

  extent_done = sort_events (self, (AnnalsEvent *) (gpointer) priv->events->data,
                            priv->events->len, &view);
  sort_records (priv->measures->data, priv->measures->len, sizeof (AnnalsMeasure),
                compare_measures);

  self->sources = array_steal_trimmed (&priv->sources);
  self->tracks = array_steal_trimmed (&priv->tracks);
  self->categories = array_steal_trimmed (&priv->categories);
  self->eras = array_steal_trimmed (&priv->eras);
  self->events = array_steal_trimmed (&priv->events);
  self->measures = array_steal_trimmed (&priv->measures);

  if (priv->extensions->len > 0)
    self->extensions = (const char **) g_ptr_array_free (g_steal_pointer (&priv->extensions),
                                                         FALSE);
  else
    {
      g_clear_pointer (&priv->extensions, g_ptr_array_unref);
      self->extensions = NULL;
    }

  priv->finished = TRUE;

  id_index_update (self, &priv->track_ids, (const guint8 *) self->tracks, sizeof (AnnalsTrack),
                   G_STRUCT_OFFSET (AnnalsTrack, id), self->n_tracks);
  id_index_update (self, &priv->category_ids, (const guint8 *) self->categories,
                   sizeof (AnnalsCategory), G_STRUCT_OFFSET (AnnalsCategory, id),
                   self->n_categories);
  id_index_update (self, &priv->source_ids, (const guint8 *) self->sources,
                   sizeof (AnnalsSource), G_STRUCT_OFFSET (AnnalsSource, id), self->n_sources);


  /* Computed once here, so that readers on other threads never write. */
  if (!extent_done)
    compute_extent (self, &priv->has_extent, &priv->extent_start, &priv->extent_end);
}

/**
 * annals_timeline_is_finished:
 *
 * Returns: whether annals_timeline_finish() was called
 */
gboolean
annals_timeline_is_finished (AnnalsTimeline *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return GET_PRIV (self)->finished;
}

/* Lookups */

/**
 * annals_timeline_find_track:
 * @id: (nullable): a track id
 *
 * Works while building; the record added last is searched as well, so a
 * parser can check for a duplicate before adding the next one.
 *
 * Returns: the index of the first track with that id, or -1
 */
gint
annals_timeline_find_track (AnnalsTimeline *self,
                            const char     *id)
{
  g_return_val_if_fail (self != NULL, -1);

  return id_index_find (self, &GET_PRIV (self)->track_ids, (const guint8 *) self->tracks,
                        self->n_tracks, sizeof (AnnalsTrack), G_STRUCT_OFFSET (AnnalsTrack, id),
                        id);
}

gint
annals_timeline_find_category (AnnalsTimeline *self,
                               const char     *id)
{
  g_return_val_if_fail (self != NULL, -1);

  return id_index_find (self, &GET_PRIV (self)->category_ids, (const guint8 *) self->categories,
                        self->n_categories, sizeof (AnnalsCategory),
                        G_STRUCT_OFFSET (AnnalsCategory, id), id);
}

gint
annals_timeline_find_source (AnnalsTimeline *self,
                             const char     *id)
{
  g_return_val_if_fail (self != NULL, -1);

  return id_index_find (self, &GET_PRIV (self)->source_ids, (const guint8 *) self->sources,
                        self->n_sources, sizeof (AnnalsSource),
                        G_STRUCT_OFFSET (AnnalsSource, id), id);
}

/**
 * annals_timeline_find_event:
 * @id: (nullable): an event id
 *
 * Only after annals_timeline_finish() (events move while sorting). O(log n).
 *
 * Returns: the index of the event with that id (of duplicates, the first in
 *   time order), or -1
 */
gint
annals_timeline_find_event (AnnalsTimeline *self,
                            const char     *id)
{
  AnnalsTimelinePrivate *priv;
  guint lo = 0;
  guint hi;

  g_return_val_if_fail (self != NULL, -1);
  priv = GET_PRIV (self);
  g_return_val_if_fail (priv->finished, -1);

  if (id == NULL)
    return -1;

  /* Lower bound, so that the first of duplicate ids is found. */
  hi = priv->n_event_order;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (strcmp (self->events[priv->event_order[mid]].id, id) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (lo < priv->n_event_order && strcmp (self->events[priv->event_order[lo]].id, id) == 0)
    return (gint) priv->event_order[lo];

  return -1;
}

/**
 * annals_timeline_foreach_duplicate_event:
 * @func: (nullable): called for each event whose id was used before
 *
 * After annals_timeline_finish(); a parser calls this instead of keeping its
 * own set of a million ids. Duplicate ids are adjacent in the id order, and
 * marked there by finish(), so it costs one pass over bits and no memory. In
 * each group of equal ids the event defined first (lowest line, then earliest
 * start) is the original; @func gets every other one with the index of that
 * original.
 *
 * Returns: how many events repeat an id
 */
guint
annals_timeline_foreach_duplicate_event (AnnalsTimeline      *self,
                                         AnnalsDuplicateFunc  func,
                                         gpointer             user_data)
{
  AnnalsTimelinePrivate *priv;
  guint n = 0;
  guint i = 0;

  g_return_val_if_fail (self != NULL, 0);
  priv = GET_PRIV (self);
  g_return_val_if_fail (priv->finished, 0);

  while (i < priv->n_event_order)
    {
      guint group_end = i + 1;
      guint first;

      while (group_end < priv->n_event_order &&
             (priv->same_id[group_end / 32] & (1u << (group_end % 32))) != 0)
        group_end++;

      if (group_end - i < 2)
        {
          i = group_end;
          continue;
        }

      first = priv->event_order[i];
      for (guint j = i + 1; j < group_end; j++)
        if (self->events[priv->event_order[j]].line < self->events[first].line)
          first = priv->event_order[j];

      for (guint j = i; j < group_end; j++)
        {
          if (priv->event_order[j] == first)
            continue;
          n++;
          if (func != NULL)
            func (self, priv->event_order[j], first, user_data);
        }

      i = group_end;
    }

  return n;
}

/**
 * annals_timeline_get_extent:
 * @start: (out) (optional): the earliest start, seconds
 * @end: (out) (optional): the latest end, seconds
 *
 * Events count from their start to annals_event_end_time(), eras alike,
 * measures over the period of their date. Ongoing spans and eras run to the
 * end of the as-of date or, without one, to the latest point any dated item
 * reaches.
 *
 * Returns: %FALSE when nothing has a date (@start and @end are then 0)
 */
gboolean
annals_timeline_get_extent (AnnalsTimeline *self,
                            AnnalsTime     *start,
                            AnnalsTime     *end)
{
  AnnalsTimelinePrivate *priv;
  gboolean has_extent;
  AnnalsTime s;
  AnnalsTime e;

  g_return_val_if_fail (self != NULL, FALSE);
  priv = GET_PRIV (self);

  if (priv->finished)
    {
      has_extent = priv->has_extent;
      s = priv->extent_start;
      e = priv->extent_end;
    }
  else
    compute_extent (self, &has_extent, &s, &e);

  if (start != NULL)
    *start = s;
  if (end != NULL)
    *end = e;

  return has_extent;
}

/**
 * annals_event_end_time:
 * @timeline: (nullable): for its as-of date
 * @open_end: where an ongoing span ends without an as-of date, seconds
 *
 * Instants and milestones end with their start period (a day-precision instant
 * covers the day). A span ends with its end period; an ongoing one at the end
 * of the as-of date, else at @open_end. A span never ends before it starts,
 * even when the data say so.
 *
 * Returns: seconds
 */
AnnalsTime
annals_event_end_time (const AnnalsEvent    *event,
                       const AnnalsTimeline *timeline,
                       AnnalsTime            open_end)
{
  AnnalsTime end;

  g_return_val_if_fail (event != NULL, 0);

  if (event->type != ANNALS_EVENT_SPAN)
    return annals_date_end_time (&event->start);

  if (annals_date_is_set (&event->end))
    end = annals_date_end_time (&event->end);
  else if (timeline != NULL && annals_date_is_set (&timeline->as_of))
    end = annals_date_end_time (&timeline->as_of);
  else
    end = open_end;

  return MAX (end, event->start.time);
}

/* Vocabulary */

/**
 * annals_status_to_string:
 *
 * Returns: (transfer none): the FORMAT.md word, "confirmed" for values out
 *   of range
 */
const char *
annals_status_to_string (AnnalsStatus status)
{
  if ((guint) status >= G_N_ELEMENTS (status_names))
    return status_names[ANNALS_STATUS_CONFIRMED];

  return status_names[status];
}

gboolean
annals_status_from_string (const char   *text,
                           AnnalsStatus *status)
{
  if (text == NULL)
    return FALSE;

  /* Read for every event of big files: the first letter rules out most. */
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    {
      if (status_names[i][0] != text[0] || strcmp (text, status_names[i]) != 0)
        continue;
      if (status != NULL)
        *status = (AnnalsStatus) i;
      return TRUE;
    }

  return FALSE;
}

/**
 * annals_event_type_to_string:
 *
 * Returns: (transfer none): the FORMAT.md word, "span" for values out of range
 */
const char *
annals_event_type_to_string (AnnalsEventType type)
{
  if ((guint) type >= G_N_ELEMENTS (event_type_names))
    return event_type_names[ANNALS_EVENT_SPAN];

  return event_type_names[type];
}

gboolean
annals_event_type_from_string (const char      *text,
                               AnnalsEventType *type)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (event_type_names); i++)
    {
      if (event_type_names[i][0] == text[0] && strcmp (text, event_type_names[i]) == 0)
        {
          if (type != NULL)
            *type = (AnnalsEventType) i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * annals_color_parse:
 * @text: (nullable): "#rrggbb" or "#rgb", either case
 * @color: (out) (optional): 0xRRGGBB
 *
 * Returns: whether @text is a colour; @color is untouched when not
 */
gboolean
annals_color_parse (const char  *text,
                    AnnalsColor *color)
{
  gsize len;
  AnnalsColor value = 0;

  if (text == NULL || text[0] != '#')
    return FALSE;

  text++;
  len = strlen (text);
  if (len != 3 && len != 6)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      int digit = g_ascii_xdigit_value (text[i]);

      if (digit < 0)
        return FALSE;

      /* "#rgb" means "#rrggbb": each digit doubled. */
      if (len == 3)
        value = (value << 8) | (AnnalsColor) (digit * 0x11);
      else
        value = (value << 4) | (AnnalsColor) digit;
    }

  if (color != NULL)
    *color = value;

  return TRUE;
}
