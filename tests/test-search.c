/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "annals-loader.h"
#include "annals-search.h"

/* Search: folding is case- and accent-insensitive, every word must occur, all
 * the fields a reader would look in are searched (and ids are not), and the
 * NATO dataset answers the questions a journalist would ask of it. */

static AnnalsTimeline *
load_nato (void)
{
  const char *root = g_getenv ("ANNALS_SOURCE_ROOT");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  AnnalsDiagnostics *diagnostics = NULL;
  AnnalsTimeline *timeline;

  path = root != NULL ? g_build_filename (root, "data", "nato-2026.xml", NULL)
                      : g_test_build_filename (G_TEST_DIST, "..", "data", "nato-2026.xml", NULL);
  timeline = annals_load_file (path, NULL, &diagnostics, &error);
  g_clear_pointer (&diagnostics, annals_diagnostics_free);
  g_assert_no_error (error);
  g_assert_nonnull (timeline);

  return timeline;
}

/* The ids of the events @text finds, in file order, joined with spaces. */
static char *
search_ids (AnnalsTimeline *timeline,
            const char     *text)
{
  g_autoptr(AnnalsSearch) search = annals_search_new (text);
  g_autofree guint8 *matches = g_new0 (guint8, MAX (1, timeline->n_events));
  GString *ids = g_string_new (NULL);
  guint n;
  guint count = 0;

  g_assert_nonnull (search);
  n = annals_search_run (search, timeline, 0, timeline->n_events, matches, NULL);
  for (guint i = 0; i < timeline->n_events; i++)
    {
      g_assert_cmpint (matches[i], ==, annals_search_match_event (search, timeline, i));
      if (!matches[i])
        continue;
      count++;
      if (ids->len > 0)
        g_string_append_c (ids, ' ');
      g_string_append (ids, timeline->events[i].id);
    }
  g_assert_cmpuint (n, ==, count);

  return g_string_free (ids, FALSE);
}

static void
test_fold (void)
{
  g_autofree char *a = annals_search_fold ("São Tomé");
  g_autofree char *b = annals_search_fold ("ANKARA");
  g_autofree char *c = annals_search_fold ("Straße");
  g_autofree char *d = annals_search_fold ("");

  g_assert_cmpstr (a, ==, "sao tome");
  g_assert_cmpstr (b, ==, "ankara");
  g_assert_cmpstr (c, ==, "strasse");
  g_assert_cmpstr (d, ==, "");
}

static void
test_empty_query (void)
{
  g_assert_null (annals_search_new (""));
  g_assert_null (annals_search_new ("   \t "));
}

static AnnalsTimeline *
small_timeline (void)
{
  AnnalsTimeline *timeline = annals_timeline_new ();
  AnnalsEventDetail *detail;
  AnnalsSource *source;
  AnnalsTrack *track;
  AnnalsEvent *event;
  const char *places[] = { "São Paulo" };
  const char *tags[] = { "trade" };
  AnnalsCitation *cite;

  source = annals_timeline_add_source (timeline);
  source->id = annals_timeline_intern (timeline, "paper");
  source->title = annals_timeline_strdup (timeline, "Harbour report");
  source->publisher = annals_timeline_strdup (timeline, "Gazette");

  track = annals_timeline_add_track (timeline);
  track->id = annals_timeline_intern (timeline, "ports");
  track->label = annals_timeline_strdup (timeline, "Ports");
  track->parent = -1;

  event = annals_timeline_add_event (timeline);
  event->id = annals_timeline_intern (timeline, "zzz-opening");
  event->title = annals_timeline_strdup (timeline, "Harbour opens");
  event->start.time = 0;
  event->start.precision = ANNALS_PRECISION_DAY;
  event->track = 0;
  detail = annals_timeline_alloc (timeline, sizeof *detail);
  detail->summary = annals_timeline_strdup (timeline, "Ships come in.");
  detail->places = annals_timeline_copy_strv (timeline, places, 1);
  detail->n_places = 1;
  detail->tags = annals_timeline_copy_strv (timeline, tags, 1);
  detail->n_tags = 1;
  cite = annals_timeline_alloc (timeline, sizeof *cite);
  cite->source = 0;
  detail->cites = cite;
  detail->n_cites = 1;
  event->detail = detail;

  event = annals_timeline_add_event (timeline);
  event->id = annals_timeline_intern (timeline, "other");
  event->title = annals_timeline_strdup (timeline, "Élection municipale");
  event->start.time = 86400;
  event->start.precision = ANNALS_PRECISION_DAY;
  event->track = -1;

  annals_timeline_finish (timeline);

  return timeline;
}

static void
test_fields (void)
{
  g_autoptr(AnnalsTimeline) timeline = small_timeline ();
  struct { const char *query; const char *ids; } cases[] = {
    { "harbour", "zzz-opening" },          /* title */
    { "SHIPS", "zzz-opening" },            /* summary, case */
    { "sao paulo", "zzz-opening" },        /* place, accents in the data */
    { "trade", "zzz-opening" },            /* tag */
    { "ports", "zzz-opening" },            /* track label */
    { "gazette", "zzz-opening" },          /* cited source's publisher */
    { "election", "other" },               /* accents in the data */
    { "élection", "other" },               /* accents in the query */
    { "ships gazette", "zzz-opening" },    /* words in different fields */
    { "ships election", "" },              /* every word must occur */
    { "zzz", "" },                         /* ids are not text readers see */
    { "e", "zzz-opening other" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *ids = search_ids (timeline, cases[i].query);

      g_test_message ("query “%s”", cases[i].query);
      g_assert_cmpstr (ids, ==, cases[i].ids);
    }
}

static void
test_range_and_cancel (void)
{
  g_autoptr(AnnalsTimeline) timeline = small_timeline ();
  g_autoptr(AnnalsSearch) search = annals_search_new ("e");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  guint8 matches[2] = { 7, 7 };

  /* Only the range is written. */
  g_assert_cmpuint (annals_search_run (search, timeline, 1, 2, matches, NULL), ==, 1);
  g_assert_cmpuint (matches[0], ==, 7);
  g_assert_cmpuint (matches[1], ==, 1);

  g_cancellable_cancel (cancellable);
  g_assert_cmpuint (annals_search_run (search, timeline, 0, 2, matches, cancellable), ==, 0);
}

static void
test_nato (void)
{
  g_autoptr(AnnalsTimeline) timeline = load_nato ();
  g_autofree char *ankara = search_ids (timeline, "Ankara");
  g_autofree char *colby = search_ids (timeline, "colby");
  g_autofree char *kosovo = search_ids (timeline, "kosovo force");

  g_assert_cmpstr (ankara, ==, "politico-report ankara-summit summit-defence-industry-forum "
                                  "summit-partners-excluded summit-public-forum");
  g_assert_cmpstr (colby, ==, "colby-nato-3");
  g_assert_nonnull (strstr (kosovo, "kfor"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/search/fold", test_fold);
  g_test_add_func ("/search/empty-query", test_empty_query);
  g_test_add_func ("/search/fields", test_fields);
  g_test_add_func ("/search/range-and-cancel", test_range_and_cancel);
  g_test_add_func ("/search/nato", test_nato);

  return g_test_run ();
}
