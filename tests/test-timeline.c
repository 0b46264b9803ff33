/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals-test"

#include "config.h"

#include <string.h>

#include "annals-diagnostics.h"
#include "annals-timeline.h"

static AnnalsDate
date (const char *text)
{
  g_autoptr(GError) error = NULL;
  AnnalsDate d;

  if (!annals_date_parse (text, NULL, &d, &error))
    g_error ("Bad date in test: %s", error->message);

  return d;
}

static AnnalsEvent *
add_event (AnnalsTimeline *timeline,
           const char     *id,
           const char     *start,
           const char     *end,
           guint           line)
{
  AnnalsEvent *event = annals_timeline_add_event (timeline);

  event->id = annals_timeline_intern (timeline, id);
  event->title = annals_timeline_strdup (timeline, id);
  event->start = date (start);
  if (end != NULL)
    event->end = date (end);
  event->type = ANNALS_EVENT_SPAN;
  event->line = line;

  return event;
}

static void
test_build (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  AnnalsSource *source;
  AnnalsTrack *track;
  AnnalsCategory *category;
  AnnalsEra *era;
  AnnalsEvent *event;
  AnnalsMeasure *measure;

  g_assert_cmpuint (timeline->n_events, ==, 0);
  g_assert_null (timeline->events);
  g_assert_false (annals_timeline_is_finished (timeline));

  /* Every record starts zeroed, with indexes -1 and no colour. */
  source = annals_timeline_add_source (timeline);
  g_assert_nonnull (source);
  g_assert_null (source->id);
  g_assert_cmpint (source->published.precision, ==, ANNALS_PRECISION_NONE);
  g_assert_true (timeline->sources == source);
  g_assert_cmpuint (timeline->n_sources, ==, 1);

  track = annals_timeline_add_track (timeline);
  g_assert_cmpint (track->parent, ==, -1);
  g_assert_cmpuint (track->color, ==, ANNALS_COLOR_NONE);
  g_assert_cmpuint (track->depth, ==, 0);
  g_assert_null (track->unit);
  g_assert_true (timeline->tracks == track);
  g_assert_cmpuint (timeline->n_tracks, ==, 1);

  category = annals_timeline_add_category (timeline);
  g_assert_cmpuint (category->color, ==, ANNALS_COLOR_NONE);
  g_assert_null (category->label);
  g_assert_cmpuint (timeline->n_categories, ==, 1);

  era = annals_timeline_add_era (timeline);
  g_assert_cmpuint (era->color, ==, ANNALS_COLOR_NONE);
  g_assert_cmpint (era->end.precision, ==, ANNALS_PRECISION_NONE);
  g_assert_cmpuint (timeline->n_eras, ==, 1);

  event = annals_timeline_add_event (timeline);
  g_assert_cmpint (event->track, ==, -1);
  g_assert_cmpint (event->category, ==, -1);
  g_assert_null (event->detail);
  g_assert_null (event->id);
  g_assert_cmpint (event->status, ==, ANNALS_STATUS_CONFIRMED);
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_SPAN);
  g_assert_cmpint (event->start.precision, ==, ANNALS_PRECISION_NONE);
  g_assert_cmpuint (timeline->n_events, ==, 1);

  measure = annals_timeline_add_measure (timeline);
  g_assert_cmpint (measure->track, ==, -1);
  g_assert_cmpint (measure->source, ==, -1);
  g_assert_null (measure->cites);
  g_assert_cmpuint (timeline->n_measures, ==, 1);

  annals_timeline_add_extension (timeline, "<x:foo xmlns:x=\"urn:x\"/>");
  g_assert_cmpuint (timeline->n_extensions, ==, 1);
  g_assert_cmpstr (timeline->extensions[0], ==, "<x:foo xmlns:x=\"urn:x\"/>");

  /* The public pointers follow the arrays as they grow. */
  for (guint i = 0; i < 5000; i++)
    {
      AnnalsEvent *e = annals_timeline_add_event (timeline);
      AnnalsTrack *t = annals_timeline_add_track (timeline);

      g_assert_true (e == &timeline->events[timeline->n_events - 1]);
      g_assert_true (t == &timeline->tracks[timeline->n_tracks - 1]);
      g_assert_cmpint (e->track, ==, -1);
      g_assert_cmpint (t->parent, ==, -1);
      e->line = i + 1;
    }
  g_assert_cmpuint (timeline->n_events, ==, 5001);
  g_assert_cmpuint (timeline->n_tracks, ==, 5001);
  for (guint i = 0; i < 5000; i++)
    g_assert_cmpuint (timeline->events[i + 1].line, ==, i + 1);

  annals_timeline_finish (timeline);
  g_assert_true (annals_timeline_is_finished (timeline));
  g_assert_cmpuint (timeline->n_events, ==, 5001);
  g_assert_cmpuint (timeline->n_extensions, ==, 1);
  g_assert_cmpstr (timeline->extensions[0], ==, "<x:foo xmlns:x=\"urn:x\"/>");

  /* Finishing twice changes nothing. */
  annals_timeline_finish (timeline);
  g_assert_cmpuint (timeline->n_events, ==, 5001);
}

static void
test_add_after_finish (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();

  add_event (timeline, "a", "2018", NULL, 1);
  annals_timeline_finish (timeline);

  /* A finished timeline may be read by other threads: adding is refused with
   * a critical (a programming error), never done behind their back. */
  g_test_expect_message ("Annals", G_LOG_LEVEL_CRITICAL, "*!priv->finished*");
  g_assert_null (annals_timeline_add_event (timeline));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Annals", G_LOG_LEVEL_CRITICAL, "*!priv->finished*");
  annals_timeline_add_extension (timeline, "<x/>");
  g_test_assert_expected_messages ();

  g_assert_cmpuint (timeline->n_events, ==, 1);
  g_assert_cmpuint (timeline->n_extensions, ==, 0);
  g_assert_cmpstr (timeline->events[0].id, ==, "a");
}

static void
test_interning (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  char buf[16] = "missions";
  const char *a;
  const char *b;
  const char *c;
  const char *list[] = { "iraq", "nato", "iraq" };
  const char **copy;
  guint8 *mem;
  guint8 *big;

  a = annals_timeline_intern (timeline, buf);
  strcpy (buf, "xxxxxxxx");
  b = annals_timeline_intern (timeline, "missions");
  g_assert_true (a == b);
  g_assert_cmpstr (a, ==, "missions");

  c = annals_timeline_strdup (timeline, "missions");
  g_assert_true (c != a);
  g_assert_cmpstr (c, ==, "missions");
  g_assert_true (annals_timeline_strdup (timeline, "t") != annals_timeline_strdup (timeline, "t"));

  g_assert_null (annals_timeline_intern (timeline, NULL));
  g_assert_null (annals_timeline_strdup (timeline, NULL));

  copy = annals_timeline_copy_strv (timeline, list, G_N_ELEMENTS (list));
  g_assert_nonnull (copy);
  g_assert_true (copy != list);
  g_assert_cmpstr (copy[0], ==, "iraq");
  g_assert_cmpstr (copy[1], ==, "nato");
  g_assert_true (copy[0] == copy[2]);
  g_assert_true (copy[0] != list[0]);
  g_assert_null (annals_timeline_copy_strv (timeline, list, 0));

  /* Arena memory: zeroed, 8-byte aligned, never overlapping. */
  g_assert_null (annals_timeline_alloc (timeline, 0));
  mem = annals_timeline_alloc (timeline, 3);
  g_assert_cmpuint (GPOINTER_TO_SIZE (mem) % 8, ==, 0);
  for (guint i = 0; i < 1000; i++)
    {
      gsize size = 1 + (i * 37) % 300;
      guint8 *block = annals_timeline_alloc (timeline, size);

      g_assert_cmpuint (GPOINTER_TO_SIZE (block) % 8, ==, 0);
      for (gsize j = 0; j < size; j++)
        g_assert_cmpuint (block[j], ==, 0);
      memset (block, 0xab, size);
    }
  g_assert_cmpuint (mem[0], ==, 0);

  big = annals_timeline_alloc (timeline, 1024 * 1024);
  g_assert_cmpuint (GPOINTER_TO_SIZE (big) % 8, ==, 0);
  g_assert_cmpuint (big[0], ==, 0);
  g_assert_cmpuint (big[1024 * 1024 - 1], ==, 0);
  memset (big, 1, 1024 * 1024);
}

static void
test_sorting (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  static const struct { const char *id; const char *start; } events[] = {
    { "c", "2020" },
    { "b", "2020" },
    { "z", "1999-06-12" },
    { "a", "2021-01" },
    { "m", "-0199" },
    { "aa", "2020" },
    { "d", "2020-01-01T00:00:01Z" },
  };
  static const char * const expected[] = { "m", "z", "aa", "b", "c", "d", "a" };
  AnnalsMeasure *measure;

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    add_event (timeline, events[i].id, events[i].start, NULL, i + 1);

  /* Measures: by track, then date, keeping file order for equal dates (two
   * sources giving different values for the same date). */
  measure = annals_timeline_add_measure (timeline);
  measure->track = 1; measure->date = date ("2024"); measure->value = 1; measure->line = 1;
  measure = annals_timeline_add_measure (timeline);
  measure->track = 0; measure->date = date ("2025"); measure->value = 2; measure->line = 2;
  measure = annals_timeline_add_measure (timeline);
  measure->track = 1; measure->date = date ("2020"); measure->value = 3; measure->line = 3;
  measure = annals_timeline_add_measure (timeline);
  measure->track = 0; measure->date = date ("2025"); measure->value = 4; measure->line = 4;
  measure = annals_timeline_add_measure (timeline);
  measure->track = 0; measure->date = date ("2021"); measure->value = 5; measure->line = 5;

  annals_timeline_finish (timeline);

  g_assert_cmpuint (timeline->n_events, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (timeline->events[i].id, ==, expected[i]);

  /* The records moved whole: titles still match ids. */
  for (guint i = 0; i < timeline->n_events; i++)
    g_assert_cmpstr (timeline->events[i].title, ==, timeline->events[i].id);

  g_assert_cmpuint (timeline->n_measures, ==, 5);
  g_assert_cmpuint (timeline->measures[0].line, ==, 5);
  g_assert_cmpuint (timeline->measures[1].line, ==, 2);
  g_assert_cmpuint (timeline->measures[2].line, ==, 4);
  g_assert_cmpuint (timeline->measures[3].line, ==, 3);
  g_assert_cmpuint (timeline->measures[4].line, ==, 1);
}

static void
test_sorting_stable (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();

  /* Same start and same id (a duplicate the parser reports): file order. */
  for (guint i = 0; i < 200; i++)
    add_event (timeline, (i % 2) ? "dup" : "other", "2020", NULL, 1000 - i);

  annals_timeline_finish (timeline);

  for (guint i = 1; i < timeline->n_events; i++)
    {
      const AnnalsEvent *prev = &timeline->events[i - 1];
      const AnnalsEvent *cur = &timeline->events[i];

      if (strcmp (prev->id, cur->id) == 0)
        g_assert_cmpuint (prev->line, >, cur->line);
      else
        g_assert_cmpstr (prev->id, <, cur->id);
    }
}

static void
duplicate_cb (AnnalsTimeline *timeline,
              guint           duplicate,
              guint           first,
              gpointer        user_data)
{
  GString *out = user_data;

  g_string_append_printf (out, "%s:%u<%u;", timeline->events[duplicate].id,
                          timeline->events[first].line, timeline->events[duplicate].line);
}

static void
test_find (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  g_autoptr(GString) duplicates = g_string_new (NULL);
  AnnalsTrack *track;
  AnnalsCategory *category;
  AnnalsSource *source;

  g_assert_cmpint (annals_timeline_find_track (timeline, "missions"), ==, -1);
  g_assert_cmpint (annals_timeline_find_track (timeline, NULL), ==, -1);

  /* A record is found as soon as its id is set, also the one added last. */
  track = annals_timeline_add_track (timeline);
  g_assert_cmpint (annals_timeline_find_track (timeline, "missions"), ==, -1);
  track->id = annals_timeline_intern (timeline, "missions");
  g_assert_cmpint (annals_timeline_find_track (timeline, "missions"), ==, 0);

  track = annals_timeline_add_track (timeline);
  track->id = annals_timeline_intern (timeline, "troops");
  g_assert_cmpint (annals_timeline_find_track (timeline, "troops"), ==, 1);
  g_assert_cmpint (annals_timeline_find_track (timeline, "missions"), ==, 0);

  /* A record without an id (bad input) does not get in the way. */
  annals_timeline_add_track (timeline);
  track = annals_timeline_add_track (timeline);
  track->id = annals_timeline_strdup (timeline, "later");
  g_assert_cmpint (annals_timeline_find_track (timeline, "later"), ==, 3);
  g_assert_cmpint (annals_timeline_find_track (timeline, "troops"), ==, 1);

  /* Of duplicates, the first wins. */
  track = annals_timeline_add_track (timeline);
  track->id = annals_timeline_intern (timeline, "missions");
  annals_timeline_add_track (timeline);
  g_assert_cmpint (annals_timeline_find_track (timeline, "missions"), ==, 0);

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *id = g_strdup_printf ("cat-%u", i);

      category = annals_timeline_add_category (timeline);
      category->id = annals_timeline_intern (timeline, id);
      g_assert_cmpint (annals_timeline_find_category (timeline, id), ==, (gint) i);
    }
  g_assert_cmpint (annals_timeline_find_category (timeline, "cat-42"), ==, 42);
  g_assert_cmpint (annals_timeline_find_category (timeline, "cat-100"), ==, -1);

  source = annals_timeline_add_source (timeline);
  source->id = annals_timeline_intern (timeline, "politico-2026-02-19");
  g_assert_cmpint (annals_timeline_find_source (timeline, "politico-2026-02-19"), ==, 0);
  g_assert_cmpint (annals_timeline_find_source (timeline, "missions"), ==, -1);

  add_event (timeline, "nmi", "2018-10", NULL, 10);
  add_event (timeline, "withdrawal", "2024", "2026-09", 11);
  add_event (timeline, "early", "1990", NULL, 12);
  add_event (timeline, "nmi", "1991", NULL, 13);
  add_event (timeline, "nmi", "1980", NULL, 14);
  annals_timeline_finish (timeline);

  g_assert_cmpint (annals_timeline_find_event (timeline, "withdrawal"), ==, 4);
  g_assert_cmpint (annals_timeline_find_event (timeline, "early"), ==, 1);
  g_assert_cmpint (annals_timeline_find_event (timeline, "nope"), ==, -1);
  g_assert_cmpint (annals_timeline_find_event (timeline, ""), ==, -1);
  g_assert_cmpint (annals_timeline_find_event (timeline, NULL), ==, -1);
  /* Of duplicate event ids, the first in time order. */
  g_assert_cmpint (annals_timeline_find_event (timeline, "nmi"), ==, 0);

  /* Duplicates are reported against the one defined first in the file. */
  g_assert_cmpuint (annals_timeline_foreach_duplicate_event (timeline, duplicate_cb, duplicates),
                    ==, 2);
  g_assert_cmpstr (duplicates->str, ==, "nmi:10<14;nmi:10<13;");
  g_assert_cmpuint (annals_timeline_foreach_duplicate_event (timeline, NULL, NULL), ==, 2);

  /* The other lookups still work once finished. */
  g_assert_cmpint (annals_timeline_find_track (timeline, "later"), ==, 3);
  g_assert_cmpint (annals_timeline_find_category (timeline, "cat-99"), ==, 99);
  g_assert_cmpint (annals_timeline_find_source (timeline, "politico-2026-02-19"), ==, 0);
}

static void
test_extent (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  AnnalsTime start = 1;
  AnnalsTime end = 1;
  AnnalsEvent *event;
  AnnalsEra *era;
  AnnalsMeasure *measure;

  g_assert_false (annals_timeline_get_extent (timeline, &start, &end));
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, 0);

  event = add_event (timeline, "a", "2018-10", "2019-03", 1);
  g_assert_true (annals_timeline_get_extent (timeline, &start, &end));
  g_assert_cmpint (start, ==, date ("2018-10").time);
  g_assert_cmpint (end, ==, date ("2019-04").time);

  /* An instant covers its start period. */
  event = add_event (timeline, "b", "2020-05-01", NULL, 2);
  event->type = ANNALS_EVENT_INSTANT;
  g_assert_true (annals_timeline_get_extent (timeline, &start, &end));
  g_assert_cmpint (end, ==, date ("2020-05-02").time);

  /* Without as-of, an ongoing span runs to the latest point anything reaches,
   * and at least to the end of its own start period. */
  add_event (timeline, "c", "2019", NULL, 3);
  g_assert_true (annals_timeline_get_extent (timeline, &start, &end));
  g_assert_cmpint (end, ==, date ("2020-05-02").time);

  add_event (timeline, "d", "2022", NULL, 4);
  g_assert_true (annals_timeline_get_extent (timeline, NULL, &end));
  g_assert_cmpint (end, ==, date ("2023").time);

  /* With as-of, ongoing spans run to the end of that date. */
  timeline->as_of = date ("2026-02-19");
  g_assert_true (annals_timeline_get_extent (timeline, &start, NULL));
  g_assert_cmpint (start, ==, date ("2018-10").time);
  g_assert_true (annals_timeline_get_extent (timeline, &start, &end));
  g_assert_cmpint (end, ==, date ("2026-02-20").time);

  /* Eras and measures count too, open eras like ongoing spans. */
  era = annals_timeline_add_era (timeline);
  era->start = date ("1990");
  era->end = date ("1991-06");
  measure = annals_timeline_add_measure (timeline);
  measure->date = date ("2030");
  g_assert_true (annals_timeline_get_extent (timeline, &start, &end));
  g_assert_cmpint (start, ==, date ("1990").time);
  g_assert_cmpint (end, ==, date ("2031").time);

  era = annals_timeline_add_era (timeline);
  era->start = date ("1985");
  timeline->as_of = date ("2040");

  annals_timeline_finish (timeline);
  g_assert_true (annals_timeline_get_extent (timeline, &start, &end));
  g_assert_cmpint (start, ==, date ("1985").time);
  g_assert_cmpint (end, ==, date ("2041").time);
}

static void
test_extent_deep_time (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  AnnalsTime start;
  AnnalsTime end;
  AnnalsEvent *event;

  add_event (timeline, "cambrian", "-538800000", "-485400000", 1);
  event = add_event (timeline, "now", "2026", NULL, 2);
  event->type = ANNALS_EVENT_MILESTONE;
  add_event (timeline, "far", "1000000000", NULL, 3);
  annals_timeline_finish (timeline);

  g_assert_true (annals_timeline_get_extent (timeline, &start, &end));
  g_assert_cmpint (start, ==, date ("-538800000").time);
  g_assert_cmpint (end, ==, annals_date_end_time (&timeline->events[2].start));
  g_assert_cmpint (end, >, date ("1000000000").time);
}

static void
test_event_end_time (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  AnnalsEvent event = { 0, };
  AnnalsTime open_end = date ("2030").time;

  event.type = ANNALS_EVENT_SPAN;
  event.start = date ("2018-10");
  event.end = date ("2026-09");
  g_assert_cmpint (annals_event_end_time (&event, NULL, open_end), ==, date ("2026-10").time);
  g_assert_cmpint (annals_event_end_time (&event, timeline, open_end), ==, date ("2026-10").time);

  /* Ongoing: to @open_end, or to the as-of date when there is one. */
  event.end.precision = ANNALS_PRECISION_NONE;
  g_assert_cmpint (annals_event_end_time (&event, NULL, open_end), ==, open_end);
  g_assert_cmpint (annals_event_end_time (&event, timeline, open_end), ==, open_end);
  timeline->as_of = date ("2026-02");
  g_assert_cmpint (annals_event_end_time (&event, timeline, open_end), ==, date ("2026-03").time);

  /* Never before its start. */
  g_assert_cmpint (annals_event_end_time (&event, NULL, 0), ==, event.start.time);
  event.end = date ("2001");
  g_assert_cmpint (annals_event_end_time (&event, NULL, 0), ==, event.start.time);

  event.type = ANNALS_EVENT_INSTANT;
  event.start = date ("1999-06-12");
  g_assert_cmpint (annals_event_end_time (&event, timeline, open_end), ==, date ("1999-06-13").time);
  event.type = ANNALS_EVENT_MILESTONE;
  event.start = date ("2026-02-19T07:05");
  g_assert_cmpint (annals_event_end_time (&event, timeline, open_end), ==,
                   event.start.time + 60);
}

static gpointer
unref_in_thread (gpointer data)
{
  AnnalsTimeline *timeline = data;

  g_assert_cmpint (annals_timeline_find_event (timeline, "a"), ==, 0);
  annals_timeline_unref (timeline);

  return NULL;
}

static void
test_refcount (void)
{
  AnnalsTimeline *timeline = annals_timeline_new ();
  const char *title;
  GThread *threads[4];

  title = annals_timeline_strdup (timeline, "Title");
  timeline->title = title;
  add_event (timeline, "a", "2018", NULL, 1);
  annals_timeline_finish (timeline);

  g_assert_true (annals_timeline_ref (timeline) == timeline);
  annals_timeline_unref (timeline);
  g_assert_cmpstr (timeline->title, ==, "Title");
  g_assert_cmpstr (timeline->events[0].id, ==, "a");

  /* Shared between threads by reference; the last unref frees it (valgrind
   * checks that nothing leaks and nothing is used after). */
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("unref", unref_in_thread, annals_timeline_ref (timeline));
  annals_timeline_unref (timeline);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  annals_timeline_unref (NULL);

  /* An unfinished timeline frees just as well. */
  timeline = annals_timeline_new ();
  add_event (timeline, "b", "2018", NULL, 1);
  annals_timeline_add_extension (timeline, "<x/>");
  annals_timeline_alloc (timeline, 100000);
  annals_timeline_unref (timeline);
}

static void
test_status_strings (void)
{
  static const char * const names[] = {
    "confirmed", "reported", "proposed", "disputed", "denied", "cancelled", "active", "ended",
  };
  static const char * const types[] = { "span", "instant", "milestone" };
  AnnalsStatus status;
  AnnalsEventType type;

  g_assert_cmpuint (G_N_ELEMENTS (names), ==, ANNALS_N_STATUSES);

  for (guint i = 0; i < ANNALS_N_STATUSES; i++)
    {
      status = ANNALS_N_STATUSES;
      g_assert_cmpstr (annals_status_to_string (i), ==, names[i]);
      g_assert_true (annals_status_from_string (names[i], &status));
      g_assert_cmpint (status, ==, i);
    }

  status = ANNALS_STATUS_ACTIVE;
  g_assert_false (annals_status_from_string ("Confirmed", &status));
  g_assert_false (annals_status_from_string ("", &status));
  g_assert_false (annals_status_from_string ("canceled", &status));
  g_assert_false (annals_status_from_string (NULL, &status));
  g_assert_cmpint (status, ==, ANNALS_STATUS_ACTIVE);
  g_assert_cmpstr (annals_status_to_string (ANNALS_N_STATUSES), ==, "confirmed");

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      type = 99;
      g_assert_cmpstr (annals_event_type_to_string (i), ==, types[i]);
      g_assert_true (annals_event_type_from_string (types[i], &type));
      g_assert_cmpint (type, ==, i);
    }
  g_assert_false (annals_event_type_from_string ("period", &type));
  g_assert_false (annals_event_type_from_string (NULL, &type));
}

static void
test_colors (void)
{
  static const struct { const char *text; AnnalsColor color; } good[] = {
    { "#3465a4", 0x3465a4 },
    { "#3465A4", 0x3465a4 },
    { "#000000", 0x000000 },
    { "#ffffff", 0xffffff },
    { "#abc", 0xaabbcc },
    { "#F0a", 0xff00aa },
  };
  static const char * const bad[] = {
    "", "#", "3465a4", "#3465a", "#3465a4a", "#12345678", "#gggggg", "#3465a4 ", " #3465a4",
    "red", "#ab", "#-12345",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      AnnalsColor color = ANNALS_COLOR_NONE;

      g_assert_true (annals_color_parse (good[i].text, &color));
      g_assert_cmphex (color, ==, good[i].color);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      AnnalsColor color = 0x123456;

      g_test_message ("%s", bad[i]);
      g_assert_false (annals_color_parse (bad[i], &color));
      g_assert_cmphex (color, ==, 0x123456);
    }

  g_assert_false (annals_color_parse (NULL, NULL));
}

static void
test_million (void)
{
  g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
  const guint n = 1000000;
  const char *track = annals_timeline_intern (timeline, "track");
  char id[32];
  AnnalsTime start;
  AnnalsTime end;

  for (guint i = 0; i < n; i++)
    {
      AnnalsEvent *event = annals_timeline_add_event (timeline);
      /* Coarse random starts so that many share a start and the id decides. */
      gint64 year = g_test_rand_int_range (-5000, 3000);

      /* 7919 is prime to n, so this shuffles the ids without repeating one. */
      g_snprintf (id, sizeof id, "event-%u", (guint) (((guint64) i * 7919u) % n));
      event->id = annals_timeline_strdup (timeline, id);
      event->title = track;
      event->start.time = annals_days_from_civil (year, 1, 1) * ANNALS_SECONDS_PER_DAY;
      event->start.precision = ANNALS_PRECISION_YEAR;
      event->type = ANNALS_EVENT_INSTANT;
      event->line = i + 1;
    }

  annals_timeline_finish (timeline);
  g_assert_cmpuint (timeline->n_events, ==, n);

  for (guint i = 1; i < n; i++)
    {
      const AnnalsEvent *prev = &timeline->events[i - 1];
      const AnnalsEvent *cur = &timeline->events[i];

      g_assert_true (prev->start.time < cur->start.time ||
                     (prev->start.time == cur->start.time && strcmp (prev->id, cur->id) < 0));
    }

  for (guint i = 0; i < 1000; i++)
    {
      guint k = g_test_rand_int_range (0, n);
      gint index;

      g_snprintf (id, sizeof id, "event-%u", k);
      index = annals_timeline_find_event (timeline, id);
      g_assert_cmpint (index, >=, 0);
      g_assert_cmpstr (timeline->events[index].id, ==, id);
    }
  g_assert_cmpint (annals_timeline_find_event (timeline, "event-1000000"), ==, -1);
  g_assert_cmpuint (annals_timeline_foreach_duplicate_event (timeline, NULL, NULL), ==, 0);

  g_assert_true (annals_timeline_get_extent (timeline, &start, &end));
  g_assert_cmpint (start, ==, timeline->events[0].start.time);
  g_assert_cmpint (end, ==, annals_date_end_time (&timeline->events[n - 1].start));
}

/* With many events, the extent is taken on the sorting thread from the events
 * as they were before sorting: the same as one taken in order. */
static void
test_extent_many (void)
{
  const guint n = 70000;

  for (guint with_as_of = 0; with_as_of < 2; with_as_of++)
    {
      g_autoptr(AnnalsTimeline) timeline = annals_timeline_new ();
      AnnalsTime latest = ANNALS_TIME_MIN;
      AnnalsTime earliest = ANNALS_TIME_MAX;
      AnnalsTime start;
      AnnalsTime end;
      AnnalsEra *era;
      AnnalsMeasure *measure;
      char id[32];

      for (guint i = 0; i < n; i++)
        {
          AnnalsEvent *event = annals_timeline_add_event (timeline);
          gint64 day = g_test_rand_int_range (0, 20000);

          g_snprintf (id, sizeof id, "e%u", i);
          event->id = annals_timeline_strdup (timeline, id);
          event->start.time = (day - 10000) * ANNALS_SECONDS_PER_DAY;
          event->start.precision = ANNALS_PRECISION_DAY;
          event->type = ANNALS_EVENT_SPAN;
          event->line = i + 1;
          /* Two thirds end 30 days on, a third are ongoing. */
          if (i % 3 != 0)
            {
              event->end.time = event->start.time + 30 * ANNALS_SECONDS_PER_DAY;
              event->end.precision = ANNALS_PRECISION_DAY;
            }
          earliest = MIN (earliest, event->start.time);
          latest = MAX (latest, annals_date_end_time (annals_date_is_set (&event->end) ?
                                                      &event->end : &event->start));
        }
      /* The last event added is neither the earliest nor the latest. */
      era = annals_timeline_add_era (timeline);
      era->start = date ("1990");
      measure = annals_timeline_add_measure (timeline);
      measure->date = date ("2050-06-01");
      latest = MAX (latest, date ("2050-06-02").time);
      if (with_as_of)
        {
          timeline->as_of = date ("2060");
          latest = date ("2061").time;
        }

      annals_timeline_finish (timeline);
      g_assert_true (annals_timeline_get_extent (timeline, &start, &end));
      g_assert_cmpint (start, ==, earliest);
      g_assert_cmpint (end, ==, latest);
    }
}

/* Diagnostics live with the model they describe. */

static void
test_diagnostics_format (void)
{
  g_autoptr(AnnalsDiagnostics) diagnostics = annals_diagnostics_new ("iraq.xml");
  g_autoptr(AnnalsDiagnostics) anonymous = annals_diagnostics_new (NULL);
  g_autofree char *all = NULL;
  g_autofree char *one = NULL;
  const AnnalsDiagnostic *item;

  g_assert_cmpstr (annals_diagnostics_get_file (diagnostics), ==, "iraq.xml");

  all = annals_diagnostics_to_string (diagnostics);
  g_assert_cmpstr (all, ==, "");
  g_clear_pointer (&all, g_free);

  annals_diagnostics_add (diagnostics, ANNALS_SEVERITY_ERROR, 12, 5,
                          "\"%s\" is not a date", "2026-13-45");
  annals_diagnostics_add (diagnostics, ANNALS_SEVERITY_WARNING, 7, 0, "unknown element <%s>", "foo");
  annals_diagnostics_add (diagnostics, ANNALS_SEVERITY_ERROR, 0, 0, "the file is empty");

  g_assert_cmpuint (annals_diagnostics_get_n_items (diagnostics), ==, 3);
  g_assert_cmpuint (annals_diagnostics_count (diagnostics, ANNALS_SEVERITY_ERROR), ==, 2);
  g_assert_cmpuint (annals_diagnostics_count (diagnostics, ANNALS_SEVERITY_WARNING), ==, 1);
  g_assert_cmpuint (annals_diagnostics_get_n_dropped (diagnostics), ==, 0);

  item = annals_diagnostics_get_item (diagnostics, 0);
  g_assert_cmpint (item->severity, ==, ANNALS_SEVERITY_ERROR);
  g_assert_cmpuint (item->line, ==, 12);
  g_assert_cmpuint (item->column, ==, 5);
  g_assert_cmpstr (item->message, ==, "\"2026-13-45\" is not a date");

  one = annals_diagnostic_to_string (diagnostics, item);
  g_assert_cmpstr (one, ==, "iraq.xml:12:5: error: \"2026-13-45\" is not a date");

  all = annals_diagnostics_to_string (diagnostics);
  g_assert_cmpstr (all, ==,
                   "iraq.xml:12:5: error: \"2026-13-45\" is not a date\n"
                   "iraq.xml:7: warning: unknown element <foo>\n"
                   "iraq.xml: error: the file is empty\n");
  g_clear_pointer (&all, g_free);

  annals_diagnostics_add (anonymous, ANNALS_SEVERITY_WARNING, 3, 1, "odd");
  annals_diagnostics_add (anonymous, ANNALS_SEVERITY_ERROR, 0, 0, "bad");
  all = annals_diagnostics_to_string (anonymous);
  g_assert_cmpstr (all, ==, "3:1: warning: odd\nerror: bad\n");
}

static void
test_diagnostics_cap (void)
{
  g_autoptr(AnnalsDiagnostics) diagnostics = annals_diagnostics_new ("big.xml");
  g_autoptr(AnnalsDiagnostics) mixed = annals_diagnostics_new ("mixed.xml");
  g_autoptr(AnnalsDiagnostics) unlimited = annals_diagnostics_new ("all.xml");
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  for (guint i = 0; i < ANNALS_DIAGNOSTICS_DEFAULT_CAP + 25; i++)
    annals_diagnostics_add (diagnostics, ANNALS_SEVERITY_ERROR, i + 1, 2, "error %u", i);

  g_assert_cmpuint (annals_diagnostics_get_n_items (diagnostics), ==,
                    ANNALS_DIAGNOSTICS_DEFAULT_CAP);
  g_assert_cmpuint (annals_diagnostics_get_n_dropped (diagnostics), ==, 25);
  g_assert_cmpuint (annals_diagnostics_count (diagnostics, ANNALS_SEVERITY_ERROR), ==,
                    ANNALS_DIAGNOSTICS_DEFAULT_CAP + 25);
  /* The first ones are kept: they are the ones to fix first. */
  g_assert_cmpstr (annals_diagnostics_get_item (diagnostics, 0)->message, ==, "error 0");

  text = annals_diagnostics_to_string (diagnostics);
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, ANNALS_DIAGNOSTICS_DEFAULT_CAP + 2);
  g_assert_cmpstr (lines[ANNALS_DIAGNOSTICS_DEFAULT_CAP], ==, "big.xml: 25 more errors not shown");
  g_assert_cmpstr (lines[ANNALS_DIAGNOSTICS_DEFAULT_CAP + 1], ==, "");
  g_clear_pointer (&text, g_free);

  /* Warnings count towards the cap as well. */
  annals_diagnostics_set_cap (mixed, 2);
  annals_diagnostics_add (mixed, ANNALS_SEVERITY_WARNING, 1, 0, "w1");
  annals_diagnostics_add (mixed, ANNALS_SEVERITY_WARNING, 2, 0, "w2");
  annals_diagnostics_add (mixed, ANNALS_SEVERITY_ERROR, 3, 0, "e1");
  g_assert_cmpuint (annals_diagnostics_get_n_items (mixed), ==, 2);
  g_assert_cmpuint (annals_diagnostics_get_n_dropped (mixed), ==, 1);
  g_assert_cmpuint (annals_diagnostics_count (mixed, ANNALS_SEVERITY_ERROR), ==, 1);
  text = annals_diagnostics_to_string (mixed);
  g_assert_true (g_str_has_suffix (text, "\nmixed.xml: 1 more error not shown\n"));
  g_clear_pointer (&text, g_free);

  annals_diagnostics_add (mixed, ANNALS_SEVERITY_WARNING, 4, 0, "w3");
  text = annals_diagnostics_to_string (mixed);
  g_assert_true (g_str_has_suffix (text, "\nmixed.xml: 2 more errors and warnings not shown\n"));
  g_clear_pointer (&text, g_free);

  annals_diagnostics_set_cap (unlimited, 0);
  for (guint i = 0; i < 1000; i++)
    annals_diagnostics_add (unlimited, ANNALS_SEVERITY_WARNING, i, 0, "w");
  g_assert_cmpuint (annals_diagnostics_get_n_items (unlimited), ==, 1000);
  g_assert_cmpuint (annals_diagnostics_get_n_dropped (unlimited), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/timeline/build", test_build);
  g_test_add_func ("/timeline/add-after-finish", test_add_after_finish);
  g_test_add_func ("/timeline/interning", test_interning);
  g_test_add_func ("/timeline/sorting", test_sorting);
  g_test_add_func ("/timeline/sorting-stable", test_sorting_stable);
  g_test_add_func ("/timeline/find", test_find);
  g_test_add_func ("/timeline/extent", test_extent);
  g_test_add_func ("/timeline/extent-deep-time", test_extent_deep_time);
  g_test_add_func ("/timeline/extent-many", test_extent_many);
  g_test_add_func ("/timeline/event-end-time", test_event_end_time);
  g_test_add_func ("/timeline/refcount", test_refcount);
  g_test_add_func ("/timeline/status-strings", test_status_strings);
  g_test_add_func ("/timeline/colors", test_colors);
  g_test_add_func ("/timeline/million-events", test_million);
  g_test_add_func ("/diagnostics/format", test_diagnostics_format);
  g_test_add_func ("/diagnostics/cap", test_diagnostics_cap);

  return g_test_run ();
}
