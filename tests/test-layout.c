/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "annals-axis.h"
#include "annals-layout.h"

/* Layout and axis: packing never overlaps and uses as few rows as the data
 * allows, lanes follow the file, filters filter, range queries agree with a
 * brute-force scan on random data, and ticks are right on the calendar from
 * seconds to a billion years. */

#define DAY  ((AnnalsTime) ANNALS_SECONDS_PER_DAY)
#define YEAR ((AnnalsTime) 31556952)

static AnnalsDate
date_at (AnnalsTime      time,
         AnnalsPrecision precision)
{
  AnnalsDate date = { 0 };

  date.time = time;
  date.precision = precision;

  return date;
}

static AnnalsTime
civil (gint64 year,
       int    month,
       int    day)
{
  return annals_days_from_civil (year, month, day) * DAY;
}

static gint
add_track (AnnalsTimeline *timeline,
           const char     *id,
           gint            parent)
{
  AnnalsTrack *track = annals_timeline_add_track (timeline);

  track->id = annals_timeline_intern (timeline, id);
  track->label = annals_timeline_strdup (timeline, id);
  track->parent = parent;
  track->depth = parent >= 0 ? timeline->tracks[parent].depth + 1 : 0;

  return timeline->n_tracks - 1;
}

static void
add_event (AnnalsTimeline  *timeline,
           const char      *id,
           gint             track,
           AnnalsEventType  type,
           AnnalsTime       start,
           AnnalsTime       end)
{
  AnnalsEvent *event = annals_timeline_add_event (timeline);

  event->id = annals_timeline_intern (timeline, id);
  event->title = annals_timeline_strdup (timeline, id);
  event->track = track;
  event->type = type;
  event->start = date_at (start, ANNALS_PRECISION_SECOND);
  if (type == ANNALS_EVENT_SPAN && end > start)
    event->end = date_at (end - 1, ANNALS_PRECISION_SECOND);
}

/* A random timeline: spans short and long, instants, a few tracks. */
static AnnalsTimeline *
random_timeline (GRand *rand,
                 guint  n_events,
                 guint  n_tracks)
{
  AnnalsTimeline *timeline = annals_timeline_new ();

  for (guint t = 0; t < n_tracks; t++)
    {
      g_autofree char *id = g_strdup_printf ("t%u", t);

      add_track (timeline, id, -1);
    }

  for (guint i = 0; i < n_events; i++)
    {
      g_autofree char *id = g_strdup_printf ("e%u", i);
      AnnalsTime start = g_rand_int_range (rand, 0, 1000000);
      AnnalsTime length;
      int kind = g_rand_int_range (rand, 0, 10);

      /* Mostly short, some very long, some instants. */
      if (kind < 5)
        length = g_rand_int_range (rand, 1, 500);
      else if (kind < 7)
        length = g_rand_int_range (rand, 1000, 400000);
      else
        length = 0;

      add_event (timeline, id, n_tracks > 0 ? (gint) g_rand_int_range (rand, -1, n_tracks) : -1,
                 length > 0 ? ANNALS_EVENT_SPAN : ANNALS_EVENT_INSTANT, start, start + length);
    }

  annals_timeline_finish (timeline);

  return timeline;
}

static void
test_packing_no_overlap (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(AnnalsTimeline) timeline = random_timeline (rand, 50 + round * 100, round % 5);
      g_autoptr(AnnalsLayout) layout = annals_layout_new (timeline, NULL);
      guint n_rows = annals_layout_get_n_rows (layout);
      guint total = 0;

      for (guint row = 0; row < n_rows; row++)
        {
          const guint32 *events;
          const AnnalsTime *starts;
          const AnnalsTime *ends;
          guint n = annals_layout_get_row_events (layout, row, &events, &starts, &ends);

          for (guint i = 0; i < n; i++)
            {
              AnnalsTime s;
              AnnalsTime e;

              g_assert_cmpint (starts[i], <, ends[i]);
              if (i > 0)
                g_assert_cmpint (ends[i - 1], <=, starts[i]);
              g_assert_cmpint (annals_layout_get_event_row (layout, events[i]), ==, row);
              g_assert_true (annals_layout_get_event_bounds (layout, events[i], &s, &e));
              g_assert_cmpint (s, ==, starts[i]);
              g_assert_cmpint (e, ==, ends[i]);
              /* The row is in the event's lane. */
              g_assert_cmpint (annals_layout_get_row_lane (layout, row), ==,
                               annals_layout_get_event_lane (layout, events[i]));
            }
          total += n;
        }

      g_assert_cmpuint (total, ==, timeline->n_events);
      g_assert_cmpuint (annals_layout_get_n_visible (layout), ==, timeline->n_events);
    }
}

/* As few rows as possible: a lane has as many rows as the most events that
 * overlap at one instant (interval graphs need no more). */
static void
test_packing_optimal (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint round = 0; round < 10; round++)
    {
      g_autoptr(AnnalsTimeline) timeline = random_timeline (rand, 300, 0);
      g_autoptr(AnnalsLayout) layout = annals_layout_new (timeline, NULL);
      const AnnalsLane *lane;
      guint n = timeline->n_events;
      g_autofree AnnalsTime *points = g_new (AnnalsTime, 2 * n);
      g_autofree int *deltas = g_new (int, 2 * n);
      int depth = 0;
      int best = 0;

      g_assert_cmpuint (annals_layout_get_n_lanes (layout), ==, 1);
      lane = annals_layout_get_lane (layout, 0);

      /* Sweep: ends before starts at equal times, as occupancy is [s, e). */
      for (guint i = 0; i < n; i++)
        {
          AnnalsTime s;
          AnnalsTime e;

          g_assert_true (annals_layout_get_event_bounds (layout, i, &s, &e));
          points[2 * i] = s * 2 + 1;
          points[2 * i + 1] = e * 2;
        }
      for (guint i = 0; i < 2 * n; i++)
        deltas[i] = (points[i] & 1) ? 1 : -1;
      for (guint i = 1; i < 2 * n; i++)
        for (guint j = i; j > 0 && points[j - 1] > points[j]; j--)
          {
            AnnalsTime tp = points[j];
            int td = deltas[j];

            points[j] = points[j - 1];
            deltas[j] = deltas[j - 1];
            points[j - 1] = tp;
            deltas[j - 1] = td;
          }
      for (guint i = 0; i < 2 * n; i++)
        {
          depth += deltas[i];
          best = MAX (best, depth);
        }

      g_assert_cmpuint (lane->n_rows, ==, (guint) best);
    }
}

static void
test_lanes_nested (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  g_autoptr(AnnalsLayout) layout = NULL;
  g_autoptr(AnnalsLayout) collapsed = NULL;
  g_autoptr(AnnalsLayout) hidden = NULL;
  AnnalsLayoutOptions options;
  gboolean flags[4] = { FALSE };
  gint group;
  gint a;
  gint b;
  gint other;
  gint event;
  const AnnalsLane *lane;

  group = add_track (timeline, "group", -1);
  a = add_track (timeline, "a", group);
  b = add_track (timeline, "b", group);
  other = add_track (timeline, "other", -1);
  add_event (timeline, "ea", a, ANNALS_EVENT_SPAN, 0, 100);
  add_event (timeline, "eb", b, ANNALS_EVENT_SPAN, 50, 150);
  add_event (timeline, "eo", other, ANNALS_EVENT_INSTANT, 10, 10);
  add_event (timeline, "none", -1, ANNALS_EVENT_INSTANT, 20, 20);
  annals_timeline_finish (timeline);

  layout = annals_layout_new (timeline, NULL);
  /* group, a, b, other, and the lane of events without a track. */
  g_assert_cmpuint (annals_layout_get_n_lanes (layout), ==, 5);
  g_assert_cmpint (annals_layout_get_lane (layout, 0)->track, ==, group);
  g_assert_cmpint (annals_layout_get_lane (layout, 1)->track, ==, a);
  g_assert_cmpint (annals_layout_get_lane (layout, 1)->depth, ==, 1);
  g_assert_cmpint (annals_layout_get_lane (layout, 2)->track, ==, b);
  g_assert_cmpint (annals_layout_get_lane (layout, 3)->track, ==, other);
  g_assert_cmpint (annals_layout_get_lane (layout, 4)->track, ==, -1);
  g_assert_true (annals_layout_track_has_children (layout, group));
  g_assert_false (annals_layout_track_has_children (layout, a));
  g_assert_null (annals_layout_get_lane (layout, 5));

  /* Lanes are consecutive runs of rows. */
  for (guint l = 0, row = 0; l < annals_layout_get_n_lanes (layout); l++)
    {
      lane = annals_layout_get_lane (layout, l);
      g_assert_cmpuint (lane->first_row, ==, row);
      g_assert_cmpuint (lane->n_rows, >=, 1);
      row += lane->n_rows;
      g_assert_cmpuint (row, <=, annals_layout_get_n_rows (layout));
    }

  /* Collapsed: the children's events are drawn, packed, in the group's lane. */
  annals_layout_options_init (&options);
  flags[group] = TRUE;
  options.collapsed_tracks = flags;
  collapsed = annals_layout_new (timeline, &options);
  g_assert_cmpuint (annals_layout_get_n_lanes (collapsed), ==, 3);
  lane = annals_layout_get_lane (collapsed, 0);
  g_assert_true (lane->collapsed);
  g_assert_cmpuint (lane->n_rows, ==, 2);
  g_assert_cmpint (annals_layout_get_track_lane (collapsed, a), ==, 0);
  event = annals_timeline_find_event (timeline, "eb");
  g_assert_cmpint (annals_layout_get_event_lane (collapsed, event), ==, 0);

  /* Hidden: the group and its children disappear with their events. */
  annals_layout_options_init (&options);
  options.hidden_tracks = flags;
  hidden = annals_layout_new (timeline, &options);
  g_assert_cmpuint (annals_layout_get_n_lanes (hidden), ==, 2);
  g_assert_cmpint (annals_layout_get_track_lane (hidden, b), ==, -1);
  g_assert_false (annals_layout_is_visible (hidden, annals_timeline_find_event (timeline, "ea")));
  g_assert_cmpuint (annals_layout_get_n_visible (hidden), ==, 2);
}

static void
test_filters (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  g_autoptr(AnnalsLayout) by_status = NULL;
  g_autoptr(AnnalsLayout) by_category = NULL;
  g_autoptr(AnnalsLayout) by_date = NULL;
  AnnalsLayoutOptions options;
  AnnalsCategory *category;
  gboolean hide_category[1] = { TRUE };
  gint track = add_track (timeline, "t", -1);

  category = annals_timeline_add_category (timeline);
  category->id = annals_timeline_intern (timeline, "c");
  add_event (timeline, "a", track, ANNALS_EVENT_SPAN, 0, 100);
  add_event (timeline, "b", track, ANNALS_EVENT_SPAN, 200, 300);
  add_event (timeline, "c", track, ANNALS_EVENT_INSTANT, 400, 400);
  timeline->events[0].status = ANNALS_STATUS_PROPOSED;
  timeline->events[1].category = 0;
  annals_timeline_finish (timeline);

  annals_layout_options_init (&options);
  options.hidden_statuses = 1u << ANNALS_STATUS_PROPOSED;
  by_status = annals_layout_new (timeline, &options);
  g_assert_false (annals_layout_is_visible (by_status, annals_timeline_find_event (timeline, "a")));
  g_assert_true (annals_layout_is_visible (by_status, annals_timeline_find_event (timeline, "b")));
  g_assert_cmpuint (annals_layout_get_status_mask (by_status), ==, 1u << ANNALS_STATUS_CONFIRMED);

  annals_layout_options_init (&options);
  options.hidden_categories = hide_category;
  by_category = annals_layout_new (timeline, &options);
  g_assert_false (annals_layout_is_visible (by_category,
                                            annals_timeline_find_event (timeline, "b")));
  g_assert_false (annals_layout_category_is_used (by_category, 0));
  g_assert_cmpuint (annals_layout_get_n_visible (by_category), ==, 2);

  annals_layout_options_init (&options);
  options.from = 150;
  options.to = 350;
  by_date = annals_layout_new (timeline, &options);
  g_assert_cmpuint (annals_layout_get_n_visible (by_date), ==, 1);
  g_assert_true (annals_layout_is_visible (by_date, annals_timeline_find_event (timeline, "b")));
  g_assert_cmpint (annals_layout_get_event_row (by_date,
                                                annals_timeline_find_event (timeline, "a")),
                   ==, -1);
}

typedef struct
{
  GArray *found;
  guint   stop_after;
} Collect;

static gboolean
collect_cb (guint    event,
            gpointer user_data)
{
  Collect *collect = user_data;

  g_array_append_val (collect->found, event);

  return collect->stop_after == 0 || collect->found->len < collect->stop_after;
}

static void
test_range_brute_force (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1234);

  for (guint round = 0; round < 12; round++)
    {
      g_autoptr(AnnalsTimeline) timeline = random_timeline (rand, 200 + round * 300, 3);
      g_autoptr(AnnalsLayout) layout = annals_layout_new (timeline, NULL);

      for (guint q = 0; q < 200; q++)
        {
          g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
          g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (guint));
          AnnalsTime a = g_rand_int_range (rand, -1000, 1001000);
          AnnalsTime b = a + (q % 4 == 0 ? g_rand_int_range (rand, 1, 10)
                                         : g_rand_int_range (rand, 1, 300000));
          Collect collect = { found, 0 };
          AnnalsTime previous = G_MININT64;

          annals_layout_foreach_in_range (layout, a, b, collect_cb, &collect);

          for (guint i = 0; i < timeline->n_events; i++)
            {
              AnnalsTime s;
              AnnalsTime e;

              if (annals_layout_get_event_bounds (layout, i, &s, &e) && s < b && e > a)
                g_array_append_val (expected, i);
            }

          g_assert_cmpuint (found->len, ==, expected->len);
          /* Each once, in start order. */
          for (guint i = 0; i < found->len; i++)
            {
              guint event = g_array_index (found, guint, i);
              AnnalsTime s;
              gboolean in_expected = FALSE;

              g_assert_true (annals_layout_get_event_bounds (layout, event, &s, NULL));
              g_assert_cmpint (s, >=, previous);
              previous = s;
              for (guint j = 0; j < expected->len && !in_expected; j++)
                in_expected = g_array_index (expected, guint, j) == event;
              g_assert_true (in_expected);
            }
        }
    }
}

static void
test_range_stop (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  g_autoptr(AnnalsTimeline) timeline = random_timeline (rand, 500, 1);
  g_autoptr(AnnalsLayout) layout = annals_layout_new (timeline, NULL);
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
  Collect collect = { found, 3 };

  annals_layout_foreach_in_range (layout, 0, 1000000, collect_cb, &collect);
  g_assert_cmpuint (found->len, ==, 3);

  /* An empty or reversed range finds nothing. */
  g_array_set_size (found, 0);
  collect.stop_after = 0;
  annals_layout_foreach_in_range (layout, 500, 500, collect_cb, &collect);
  annals_layout_foreach_in_range (layout, 600, 500, collect_cb, &collect);
  g_assert_cmpuint (found->len, ==, 0);
}

static void
test_step (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  g_autoptr(AnnalsLayout) layout = NULL;
  AnnalsLayoutOptions options;
  gint track = add_track (timeline, "t", -1);

  add_event (timeline, "a", track, ANNALS_EVENT_INSTANT, 10, 10);
  add_event (timeline, "b", track, ANNALS_EVENT_INSTANT, 20, 20);
  add_event (timeline, "c", track, ANNALS_EVENT_INSTANT, 30, 30);
  timeline->events[1].status = ANNALS_STATUS_DENIED;
  annals_timeline_finish (timeline);

  annals_layout_options_init (&options);
  options.hidden_statuses = 1u << ANNALS_STATUS_DENIED;
  layout = annals_layout_new (timeline, &options);

  g_assert_cmpint (annals_layout_step (layout, -1, 1), ==, 0);
  g_assert_cmpint (annals_layout_step (layout, -1, -1), ==, 2);
  g_assert_cmpint (annals_layout_step (layout, 0, 1), ==, 2);
  g_assert_cmpint (annals_layout_step (layout, 2, -1), ==, 0);
  g_assert_cmpint (annals_layout_step (layout, 2, 1), ==, -1);
  g_assert_cmpint (annals_layout_step (layout, 0, -1), ==, -1);
  /* From a hidden event, the neighbours around it. */
  g_assert_cmpint (annals_layout_step (layout, 1, 1), ==, 2);
  g_assert_cmpint (annals_layout_step (layout, 1, -1), ==, 0);
}

static void
test_extent_and_measures (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  g_autoptr(AnnalsLayout) layout = NULL;
  AnnalsTrack *quantity;
  AnnalsMeasure *measure;
  AnnalsEra *era;
  AnnalsTime start;
  AnnalsTime end;
  const AnnalsLane *lane;
  guint first;
  double min;
  double max;
  gint events = add_track (timeline, "events", -1);
  gint troops = add_track (timeline, "troops", -1);

  quantity = &timeline->tracks[troops];
  quantity->kind = ANNALS_TRACK_QUANTITY;
  quantity->unit = annals_timeline_intern (timeline, "troops");

  add_event (timeline, "war", events, ANNALS_EVENT_SPAN, civil (2003, 3, 20), civil (2011, 12, 18));
  add_event (timeline, "ongoing", events, ANNALS_EVENT_SPAN, civil (2014, 6, 15), 0);
  for (int i = 0; i < 3; i++)
    {
      measure = annals_timeline_add_measure (timeline);
      measure->track = troops;
      measure->date = date_at (civil (2004 + i, 1, 1), ANNALS_PRECISION_YEAR);
      measure->value = 1000 * (i + 1);
    }
  /* Two sources disagree on 2006. */
  measure = annals_timeline_add_measure (timeline);
  measure->track = troops;
  measure->date = date_at (civil (2006, 1, 1), ANNALS_PRECISION_YEAR);
  measure->value = 2500;
  era = annals_timeline_add_era (timeline);
  era->start = date_at (civil (2001, 1, 20), ANNALS_PRECISION_DAY);
  era->end = date_at (civil (2009, 1, 20), ANNALS_PRECISION_DAY);
  timeline->as_of = date_at (civil (2020, 5, 1), ANNALS_PRECISION_DAY);
  annals_timeline_finish (timeline);

  layout = annals_layout_new (timeline, NULL);

  g_assert_true (annals_layout_get_extent (layout, &start, &end));
  /* Padded around the era's start and the as-of date. */
  g_assert_cmpint (start, <, civil (2001, 1, 20));
  g_assert_cmpint (end, >, civil (2020, 5, 2));
  g_assert_cmpint (start, >, civil (2000, 1, 1));

  /* The ongoing span runs to the end of the as-of day. */
  g_assert_true (annals_layout_get_event_bounds (layout, annals_timeline_find_event (timeline,
                                                                                     "ongoing"),
                                                 NULL, &end));
  g_assert_cmpint (end, ==, civil (2020, 5, 2));

  lane = annals_layout_get_lane (layout, 1);
  g_assert_cmpint (lane->kind, ==, ANNALS_TRACK_QUANTITY);
  g_assert_cmpuint (lane->n_rows, ==, ANNALS_LAYOUT_CHART_ROWS);
  g_assert_cmpuint (annals_layout_get_lane_measures (layout, 1, &first, &min, &max), ==, 4);
  g_assert_cmpfloat (min, ==, 1000);
  g_assert_cmpfloat (max, ==, 3000);
  g_assert_cmpuint (annals_layout_get_lane_measures (layout, 0, &first, NULL, NULL), ==, 0);

  g_assert_true (annals_layout_get_features (layout) & ANNALS_LAYOUT_HAS_CONFLICTS);
  g_assert_true (annals_layout_get_features (layout) & ANNALS_LAYOUT_HAS_ONGOING);
  g_assert_true (annals_layout_get_features (layout) & ANNALS_LAYOUT_HAS_ERAS);
  g_assert_true (annals_layout_get_features (layout) & ANNALS_LAYOUT_HAS_QUANTITIES);
  g_assert_false (annals_layout_get_features (layout) & ANNALS_LAYOUT_HAS_MILESTONES);
}

static void
test_empty (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  g_autoptr(AnnalsLayout) layout = NULL;
  AnnalsTime start = 1;

  annals_timeline_finish (timeline);
  layout = annals_layout_new (timeline, NULL);

  g_assert_cmpuint (annals_layout_get_n_lanes (layout), ==, 0);
  g_assert_cmpuint (annals_layout_get_n_rows (layout), ==, 0);
  g_assert_false (annals_layout_get_extent (layout, &start, NULL));
  g_assert_cmpint (annals_layout_step (layout, -1, 1), ==, -1);
  g_assert_cmpint (annals_layout_get_event_row (layout, 0), ==, -1);
  g_assert_cmpuint (annals_layout_get_row_events (layout, 0, NULL, NULL, NULL), ==, 0);
}

/* Axis */

static void
check_ladder (AnnalsTime start,
              AnnalsTime end,
              double     width)
{
  double spp = (double) (end - start) / width;
  guint index = annals_axis_choose_step (spp, 60);
  const AnnalsAxisStep *step = annals_axis_get_step (index);
  AnnalsAxisStep major;
  AnnalsTime tick = annals_axis_floor (step, start);
  guint n = 0;
  char previous[128] = "";

  g_assert_cmpint (tick, <=, start);
  g_assert_cmpint (annals_axis_next (step, tick), >, start);

  while (tick <= end)
    {
      AnnalsTime next = annals_axis_next (step, tick);
      char label[128];

      g_assert_cmpint (next, >, tick);
      /* floor() of a tick is the tick itself. */
      g_assert_cmpint (annals_axis_floor (step, tick), ==, tick);
      annals_axis_format (step, ANNALS_AXIS_LABEL_MINOR, tick, label, sizeof label);
      g_assert_cmpstr (label, !=, "");
      if (step->unit >= ANNALS_AXIS_MONTH)
        g_assert_cmpstr (label, !=, previous);
      g_strlcpy (previous, label, sizeof previous);
      tick = next;
      n++;
      g_assert_cmpuint (n, <, 1000);
    }

  /* Readable: ticks at least 60 px apart means at most width / 60 + 2. */
  g_assert_cmpuint (n, <=, (guint) (width / 60) + 2);
  if (index < annals_axis_get_n_steps () - 1)
    g_assert_cmpuint (n, >=, 2);

  annals_axis_get_major (step, &major);
  g_assert_cmpfloat (annals_axis_step_seconds (&major), >, annals_axis_step_seconds (step));
}

static void
test_axis_spans (void)
{
  AnnalsTime center = civil (2026, 2, 19) + 7 * 3600;

  /* From 10 seconds to a billion years, at several positions. */
  for (double span = 10; span < 1.2e9 * YEAR; span *= 1.7)
    {
      check_ladder (center - (AnnalsTime) (span / 2), center + (AnnalsTime) (span / 2), 1000);
      check_ladder (civil (-200, 1, 1), civil (-200, 1, 1) + (AnnalsTime) span, 1500);
      check_ladder (civil (-500000000, 6, 1), civil (-500000000, 6, 1) + (AnnalsTime) span, 800);
    }
}

static void
test_axis_calendar (void)
{
  AnnalsAxisStep month = { ANNALS_AXIS_MONTH, 1 };
  AnnalsAxisStep quarter = { ANNALS_AXIS_MONTH, 3 };
  AnnalsAxisStep day = { ANNALS_AXIS_DAY, 1 };
  AnnalsAxisStep week = { ANNALS_AXIS_WEEK, 1 };
  AnnalsTime tick;
  AnnalsCivil c;
  char label[64];

  /* Month ticks land on the 1st; February has 29 days in 2024, 28 in 2023. */
  tick = annals_axis_floor (&month, civil (2024, 2, 10));
  g_assert_cmpint (tick, ==, civil (2024, 2, 1));
  g_assert_cmpint (annals_axis_next (&month, tick) - tick, ==, 29 * DAY);
  tick = annals_axis_floor (&month, civil (2023, 2, 10));
  g_assert_cmpint (annals_axis_next (&month, tick) - tick, ==, 28 * DAY);
  g_assert_cmpint (annals_axis_next (&month, civil (2023, 12, 1)), ==, civil (2024, 1, 1));
  annals_axis_format (&month, ANNALS_AXIS_LABEL_MINOR, civil (2026, 9, 1), label, sizeof label);
  g_assert_cmpstr (label, ==, "Sep");

  /* Quarters start in January, April, July, October. */
  tick = annals_axis_floor (&quarter, civil (2026, 5, 17));
  g_assert_cmpint (tick, ==, civil (2026, 4, 1));
  g_assert_cmpint (annals_axis_next (&quarter, tick), ==, civil (2026, 7, 1));

  /* Day ticks walk through 29 February 2024 and skip it in 2023. */
  tick = annals_axis_next (&day, civil (2024, 2, 28));
  annals_time_to_civil (tick, &c);
  g_assert_cmpint (c.month, ==, 2);
  g_assert_cmpint (c.day, ==, 29);
  tick = annals_axis_next (&day, civil (2023, 2, 28));
  annals_time_to_civil (tick, &c);
  g_assert_cmpint (c.month, ==, 3);
  g_assert_cmpint (c.day, ==, 1);

  /* Weeks start on Mondays; 19 February 2026 is a Thursday. */
  g_assert_cmpint (annals_axis_floor (&week, civil (2026, 2, 19) + 3600), ==, civil (2026, 2, 16));
  /* Before 1970 too. */
  g_assert_cmpint (annals_axis_floor (&week, civil (1969, 7, 20)), ==, civil (1969, 7, 14));
}

static void
test_axis_bc (void)
{
  AnnalsAxisStep century = { ANNALS_AXIS_YEAR, 100 };
  AnnalsAxisStep year = { ANNALS_AXIS_YEAR, 1 };
  AnnalsAxisStep major;
  const char *expected[] = { "300 BC", "200 BC", "100 BC", "AD 1", "AD 100", "AD 200" };
  AnnalsTime tick;
  char label[64];

  g_assert_cmpstr (annals_format_year (-199, label, sizeof label), ==, "200 BC");
  g_assert_cmpstr (annals_format_year (0, label, sizeof label), ==, "1 BC");
  g_assert_cmpstr (annals_format_year (1, label, sizeof label), ==, "AD 1");
  g_assert_cmpstr (annals_format_year (2026, label, sizeof label), ==, "2026");
  g_assert_cmpstr (annals_format_year (-9999, label, sizeof label), ==, "10,000 BC");
  g_assert_cmpstr (annals_format_year (1 - 1500000, label, sizeof label), ==, "1.5 million BC");
  g_assert_cmpstr (annals_format_year (1 - 1000000000, label, sizeof label), ==, "1 billion BC");
  g_assert_cmpstr (annals_format_year (250000000, label, sizeof label), ==, "250 million");

  /* Century ticks sit on round BC years, then AD 1, then round AD years. */
  tick = annals_axis_floor (&century, civil (-250, 6, 1));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      annals_axis_format (&century, ANNALS_AXIS_LABEL_MINOR, tick, label, sizeof label);
      g_assert_cmpstr (label, ==, expected[i]);
      tick = annals_axis_next (&century, tick);
    }

  /* Yearly: 2 BC, 1 BC, AD 1, with no year 0 in between. */
  tick = annals_axis_floor (&year, civil (-1, 3, 1));
  annals_axis_format (&year, ANNALS_AXIS_LABEL_MINOR, tick, label, sizeof label);
  g_assert_cmpstr (label, ==, "2 BC");
  tick = annals_axis_next (&year, annals_axis_next (&year, tick));
  annals_axis_format (&year, ANNALS_AXIS_LABEL_MINOR, tick, label, sizeof label);
  g_assert_cmpstr (label, ==, "AD 1");

  /* Major rows name periods. */
  annals_axis_get_major (&century, &major);
  g_assert_cmpint (major.count, ==, 1000);
  tick = annals_axis_floor (&major, civil (-500, 1, 1));
  annals_axis_format (&major, ANNALS_AXIS_LABEL_MAJOR, tick, label, sizeof label);
  g_assert_cmpstr (label, ==, "1st millennium BC");
  major.count = 100;
  tick = annals_axis_floor (&major, civil (-150, 1, 1));
  annals_axis_format (&major, ANNALS_AXIS_LABEL_MAJOR, tick, label, sizeof label);
  g_assert_cmpstr (label, ==, "2nd century BC");
  tick = annals_axis_floor (&major, civil (1950, 1, 1));
  annals_axis_format (&major, ANNALS_AXIS_LABEL_MAJOR, tick, label, sizeof label);
  g_assert_cmpstr (label, ==, "20th century");
  major.count = 10;
  tick = annals_axis_floor (&major, civil (2026, 1, 1));
  annals_axis_format (&major, ANNALS_AXIS_LABEL_MAJOR, tick, label, sizeof label);
  g_assert_cmpstr (label, ==, "2020s");
  major.unit = ANNALS_AXIS_MONTH;
  major.count = 1;
  annals_axis_format (&major, ANNALS_AXIS_LABEL_MAJOR, civil (2026, 2, 1), label, sizeof label);
  g_assert_cmpstr (label, ==, "February 2026");
}

static void
test_axis_deep_time (void)
{
  AnnalsAxisStep step = { ANNALS_AXIS_YEAR, 100000000 };
  AnnalsTime start = civil (-1000000000, 1, 1);
  AnnalsTime tick = annals_axis_floor (&step, start);
  char label[64];
  guint n = 0;

  g_assert_cmpint (tick, <=, start);
  annals_axis_format (&step, ANNALS_AXIS_LABEL_MINOR, tick, label, sizeof label);
  g_assert_cmpstr (label, ==, "1.1 billion BC");
  while (tick < civil (1000000000, 1, 1))
    {
      tick = annals_axis_next (&step, tick);
      n++;
    }
  /* 1.1 billion BC down to 100 million BC, AD 1, then up to 1 billion. */
  g_assert_cmpuint (n, ==, 21);
  annals_axis_format (&step, ANNALS_AXIS_LABEL_MINOR, tick, label, sizeof label);
  g_assert_cmpstr (label, ==, "1 billion");
}

static void
test_format (void)
{
  AnnalsDate date = date_at (civil (2026, 2, 19) + 7 * 3600 + 5 * 60, ANNALS_PRECISION_MINUTE);
  char buf[128];

  g_assert_cmpstr (annals_format_date (&date, buf, sizeof buf), ==, "19 February 2026, 07:05 UTC");
  date.precision = ANNALS_PRECISION_DAY;
  g_assert_cmpstr (annals_format_date (&date, buf, sizeof buf), ==, "19 February 2026");
  date.precision = ANNALS_PRECISION_MONTH;
  g_assert_cmpstr (annals_format_date (&date, buf, sizeof buf), ==, "February 2026");
  date = date_at (civil (-199, 1, 1), ANNALS_PRECISION_YEAR);
  g_assert_cmpstr (annals_format_date (&date, buf, sizeof buf), ==, "200 BC");

  g_assert_cmpstr (annals_format_number (2500, 0, buf, sizeof buf), ==, "2,500");
  g_assert_cmpstr (annals_format_number (-1234567.5, 2, buf, sizeof buf), ==, "−1,234,567.5");
  g_assert_cmpstr (annals_format_number (0.25, 1, buf, sizeof buf), ==, "0.3");
  g_assert_cmpstr (annals_format_number (999, 2, buf, sizeof buf), ==, "999");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/layout/packing/no-overlap", test_packing_no_overlap);
  g_test_add_func ("/layout/packing/optimal", test_packing_optimal);
  g_test_add_func ("/layout/lanes/nested", test_lanes_nested);
  g_test_add_func ("/layout/filters", test_filters);
  g_test_add_func ("/layout/range/brute-force", test_range_brute_force);
  g_test_add_func ("/layout/range/stop", test_range_stop);
  g_test_add_func ("/layout/step", test_step);
  g_test_add_func ("/layout/extent-and-measures", test_extent_and_measures);
  g_test_add_func ("/layout/empty", test_empty);
  g_test_add_func ("/axis/spans", test_axis_spans);
  g_test_add_func ("/axis/calendar", test_axis_calendar);
  g_test_add_func ("/axis/bc", test_axis_bc);
  g_test_add_func ("/axis/deep-time", test_axis_deep_time);
  g_test_add_func ("/axis/format", test_format);

  return g_test_run ();
}
