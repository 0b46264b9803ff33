/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libxml/relaxng.h>

#include "annals-loader.h"
#include "annals-writer.h"

/* Helpers */

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static AnnalsDate
date_in (const char *text,
         const char *tz)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  AnnalsDate date;

  if (tz != NULL)
    {
      zone = annals_tz_parse (tz, &error);
      g_assert_no_error (error);
    }
  if (!annals_date_parse (text, zone, &date, &error))
    g_error ("Bad date in test: %s", error->message);

  return date;
}

static AnnalsDate
date (const char *text)
{
  return date_in (text, NULL);
}

static AnnalsTimeline *
load_path (const char *path)
{
  g_autoptr(AnnalsDiagnostics) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  AnnalsTimeline *timeline = annals_load_file (path, NULL, &diagnostics, &error);

  if (timeline == NULL)
    {
      g_autofree char *all = diagnostics != NULL ? annals_diagnostics_to_string (diagnostics)
                                                 : g_strdup ("");

      g_error ("%s: %s\n%s", path, error->message, all);
    }

  return timeline;
}

/* Writes @timeline to memory. */
static char *
write_to_string (AnnalsTimeline *timeline)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  char nul = '\0';

  g_assert_true (annals_write_native (timeline, stream, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (stream, &nul, 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (stream, NULL, NULL));

  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

/* Reads what the writer wrote; it must read without a single diagnostic. */
static AnnalsTimeline *
read_back (const char *xml)
{
  g_autoptr(AnnalsDiagnostics) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  AnnalsTimeline *timeline;

  timeline = annals_load_data (xml, strlen (xml), "written.xml", NULL, &diagnostics, &error);
  if (timeline == NULL || annals_diagnostics_get_n_items (diagnostics) > 0)
    {
      g_autofree char *all = annals_diagnostics_to_string (diagnostics);

      g_error ("reading back failed: %s\n%s\n%s", error != NULL ? error->message : "", all, xml);
    }

  return timeline;
}

/* The output validates against the schema Annals ships. */
static void
assert_schema_valid (const char *xml)
{
  g_autofree char *schema_path = g_test_build_filename (G_TEST_DIST, "..", "resources",
                                                        "annals-timeline-1.rng", NULL);
  xmlRelaxNGParserCtxtPtr parser = xmlRelaxNGNewParserCtxt (schema_path);
  xmlRelaxNGPtr schema = xmlRelaxNGParse (parser);
  xmlRelaxNGValidCtxtPtr validator;
  xmlDocPtr doc;
  int result;

  g_assert_nonnull (schema);
  doc = xmlReadMemory (xml, (int) strlen (xml), "written.xml", NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  validator = xmlRelaxNGNewValidCtxt (schema);
  result = xmlRelaxNGValidateDoc (validator, doc);
  if (result != 0)
    g_error ("the written file does not validate:\n%s", xml);

  xmlRelaxNGFreeValidCtxt (validator);
  xmlFreeDoc (doc);
  xmlRelaxNGFree (schema);
  xmlRelaxNGFreeParserCtxt (parser);
}

/* What `annals --list` prints, line for line. */
static char *
list_text (AnnalsTimeline *timeline)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < timeline->n_events; i++)
    {
      const AnnalsEvent *event = &timeline->events[i];
      char start[64];
      char end[64];

      g_string_append_printf (out, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
                              event->id,
                              annals_event_type_to_string (event->type),
                              annals_date_format (&event->start, start, sizeof start),
                              annals_date_is_set (&event->end)
                                ? annals_date_format (&event->end, end, sizeof end) : "-",
                              annals_status_to_string (event->status),
                              event->track >= 0 ? timeline->tracks[event->track].id : "-",
                              event->title != NULL ? event->title : "");
    }

  return g_string_free (out, FALSE);
}

/* Model equality: every field of every record, line numbers aside (a written
 * file is laid out anew). */

#define FAIL(...) \
  G_STMT_START { \
    g_autofree char *_where = g_strdup_printf (__VA_ARGS__); \
    g_error ("models differ at %s", _where); \
  } G_STMT_END

static void
check_str (const char *where,
           const char *a,
           const char *b)
{
  if (g_strcmp0 (a, b) != 0)
    FAIL ("%s: \"%s\" / \"%s\"", where, a != NULL ? a : "(null)", b != NULL ? b : "(null)");
}

static void
check_int (const char *where,
           gint64      a,
           gint64      b)
{
  if (a != b)
    FAIL ("%s: %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT, where, a, b);
}

static void
check_date (const char       *where,
            const AnnalsDate *a,
            const AnnalsDate *b)
{
  g_autofree char *ta = annals_date_to_string (a);
  g_autofree char *tb = annals_date_to_string (b);

  if (a->time != b->time || a->utc_offset != b->utc_offset || a->precision != b->precision
      || a->flags != b->flags)
    FAIL ("%s: %s (offset %d, precision %d, flags %d) / %s (offset %d, precision %d, flags %d)",
          where, ta, a->utc_offset, a->precision, a->flags,
          tb, b->utc_offset, b->precision, b->flags);
}

static void
check_strv (const char  *where,
            const char **a,
            guint        na,
            const char **b,
            guint        nb)
{
  check_int (where, na, nb);
  for (guint i = 0; i < na; i++)
    {
      g_autofree char *w = g_strdup_printf ("%s[%u]", where, i);

      check_str (w, a[i], b[i]);
    }
}

static void
check_cites (const char           *where,
             const AnnalsCitation *a,
             guint                 na,
             const AnnalsCitation *b,
             guint                 nb)
{
  check_int (where, na, nb);
  for (guint i = 0; i < na; i++)
    {
      g_autofree char *w = g_strdup_printf ("%s[%u]", where, i);

      check_int (w, a[i].source, b[i].source);
      check_str (w, a[i].quote, b[i].quote);
      check_str (w, a[i].page, b[i].page);
    }
}

static void
check_detail (const char              *where,
              const AnnalsEventDetail *a,
              const AnnalsEventDetail *b)
{
  g_autofree char *w = NULL;

  if ((a == NULL) != (b == NULL))
    FAIL ("%s: detail %p / %p", where, (gpointer) a, (gpointer) b);
  if (a == NULL)
    return;

  w = g_strdup_printf ("%s.summary", where);
  check_str (w, a->summary, b->summary);
  g_free (w);
  w = g_strdup_printf ("%s.places", where);
  check_strv (w, a->places, a->n_places, b->places, b->n_places);
  g_free (w);
  w = g_strdup_printf ("%s.actors", where);
  check_strv (w, a->actors, a->n_actors, b->actors, b->n_actors);
  g_free (w);
  w = g_strdup_printf ("%s.tags", where);
  check_strv (w, a->tags, a->n_tags, b->tags, b->n_tags);
  g_free (w);
  w = g_strdup_printf ("%s.extensions", where);
  check_strv (w, a->extensions, a->n_extensions, b->extensions, b->n_extensions);
  g_free (w);

  w = g_strdup_printf ("%s.links", where);
  check_int (w, a->n_links, b->n_links);
  for (guint i = 0; i < a->n_links; i++)
    {
      check_str (w, a->links[i].href, b->links[i].href);
      check_str (w, a->links[i].label, b->links[i].label);
    }
  g_free (w);

  w = g_strdup_printf ("%s.cites", where);
  check_cites (w, a->cites, a->n_cites, b->cites, b->n_cites);
  g_free (w);

  w = g_strdup_printf ("%s.quantities", where);
  check_int (w, a->n_quantities, b->n_quantities);
  for (guint i = 0; i < a->n_quantities; i++)
    {
      check_str (w, a->quantities[i].unit, b->quantities[i].unit);
      if (a->quantities[i].amount != b->quantities[i].amount)
        FAIL ("%s: %.17g / %.17g", w, a->quantities[i].amount, b->quantities[i].amount);
      check_int (w, a->quantities[i].is_change, b->quantities[i].is_change);
    }
  g_free (w);

  w = g_strdup_printf ("%s.start_earliest", where);
  check_date (w, &a->start_earliest, &b->start_earliest);
  g_free (w);
  w = g_strdup_printf ("%s.start_latest", where);
  check_date (w, &a->start_latest, &b->start_latest);
  g_free (w);
  w = g_strdup_printf ("%s.end_earliest", where);
  check_date (w, &a->end_earliest, &b->end_earliest);
  g_free (w);
  w = g_strdup_printf ("%s.end_latest", where);
  check_date (w, &a->end_latest, &b->end_latest);
}

static void
assert_timelines_equal (AnnalsTimeline *a,
                        AnnalsTimeline *b)
{
  check_str ("title", a->title, b->title);
  check_str ("description", a->description, b->description);
  check_str ("lang", a->lang, b->lang);
  check_str ("tz", a->tz, b->tz);
  check_date ("as_of", &a->as_of, &b->as_of);

  check_int ("n_sources", a->n_sources, b->n_sources);
  for (guint i = 0; i < a->n_sources; i++)
    {
      g_autofree char *w = g_strdup_printf ("source %u", i);

      check_str (w, a->sources[i].id, b->sources[i].id);
      check_str (w, a->sources[i].kind, b->sources[i].kind);
      check_str (w, a->sources[i].reliability, b->sources[i].reliability);
      check_str (w, a->sources[i].title, b->sources[i].title);
      check_str (w, a->sources[i].publisher, b->sources[i].publisher);
      check_str (w, a->sources[i].url, b->sources[i].url);
      check_date (w, &a->sources[i].published, &b->sources[i].published);
    }

  check_int ("n_tracks", a->n_tracks, b->n_tracks);
  for (guint i = 0; i < a->n_tracks; i++)
    {
      g_autofree char *w = g_strdup_printf ("track %u", i);

      check_str (w, a->tracks[i].id, b->tracks[i].id);
      check_str (w, a->tracks[i].label, b->tracks[i].label);
      check_str (w, a->tracks[i].unit, b->tracks[i].unit);
      check_int (w, a->tracks[i].color, b->tracks[i].color);
      check_int (w, a->tracks[i].parent, b->tracks[i].parent);
      check_int (w, a->tracks[i].depth, b->tracks[i].depth);
      check_int (w, a->tracks[i].kind, b->tracks[i].kind);
    }

  check_int ("n_categories", a->n_categories, b->n_categories);
  for (guint i = 0; i < a->n_categories; i++)
    {
      g_autofree char *w = g_strdup_printf ("category %u", i);

      check_str (w, a->categories[i].id, b->categories[i].id);
      check_str (w, a->categories[i].label, b->categories[i].label);
      check_int (w, a->categories[i].color, b->categories[i].color);
    }

  check_int ("n_eras", a->n_eras, b->n_eras);
  for (guint i = 0; i < a->n_eras; i++)
    {
      g_autofree char *w = g_strdup_printf ("era %u", i);

      check_date (w, &a->eras[i].start, &b->eras[i].start);
      check_date (w, &a->eras[i].end, &b->eras[i].end);
      check_str (w, a->eras[i].label, b->eras[i].label);
      check_int (w, a->eras[i].color, b->eras[i].color);
    }

  check_int ("n_events", a->n_events, b->n_events);
  for (guint i = 0; i < a->n_events; i++)
    {
      const AnnalsEvent *ea = &a->events[i];
      const AnnalsEvent *eb = &b->events[i];
      g_autofree char *w = g_strdup_printf ("event %u (%s)", i, ea->id);

      check_str (w, ea->id, eb->id);
      check_str (w, ea->title, eb->title);
      check_date (w, &ea->start, &eb->start);
      check_date (w, &ea->end, &eb->end);
      check_int (w, ea->track, eb->track);
      check_int (w, ea->category, eb->category);
      check_int (w, ea->type, eb->type);
      check_int (w, ea->status, eb->status);
      check_int (w, ea->flags, eb->flags);
      if (ea->flags & ANNALS_EVENT_HAS_END_STATUS)
        check_int (w, ea->end_status, eb->end_status);
      check_detail (w, ea->detail, eb->detail);
    }

  check_int ("n_measures", a->n_measures, b->n_measures);
  for (guint i = 0; i < a->n_measures; i++)
    {
      g_autofree char *w = g_strdup_printf ("measure %u", i);

      check_int (w, a->measures[i].track, b->measures[i].track);
      check_date (w, &a->measures[i].date, &b->measures[i].date);
      if (a->measures[i].value != b->measures[i].value)
        FAIL ("%s: %.17g / %.17g", w, a->measures[i].value, b->measures[i].value);
      check_int (w, a->measures[i].source, b->measures[i].source);
      check_cites (w, a->measures[i].cites, a->measures[i].n_cites,
                   b->measures[i].cites, b->measures[i].n_cites);
    }

  check_strv ("extensions", a->extensions, a->n_extensions, b->extensions, b->n_extensions);
}

/* Writes @timeline, checks the result against the schema, reads it back and
 * compares; then writes the copy and checks that the text is the same.
 * Returns the text written. */
static char *
assert_round_trip (AnnalsTimeline *timeline)
{
  g_autofree char *xml = write_to_string (timeline);
  g_autofree char *again = NULL;
  g_autoptr(AnnalsTimeline) copy = NULL;
  g_autofree char *list_a = NULL;
  g_autofree char *list_b = NULL;

  assert_schema_valid (xml);
  copy = read_back (xml);
  assert_timelines_equal (timeline, copy);

  list_a = list_text (timeline);
  list_b = list_text (copy);
  g_assert_cmpstr (list_a, ==, list_b);

  again = write_to_string (copy);
  g_assert_cmpstr (again, ==, xml);

  return g_steal_pointer (&xml);
}

/* Round trips of imported and native files */

static void
test_round_trip_simile (void)
{
  const char *files[] = {
    "simile-example1.xml", "simile-example2.xml", "simile-jfk.xml", "simile-monet.xml",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = data_path (files[i]);
      g_autoptr(AnnalsTimeline) timeline = load_path (path);
      g_autofree char *xml = assert_round_trip (timeline);

      /* What the native format has no element for is carried. */
      if (g_str_equal (files[i], "simile-monet.xml"))
        g_assert_nonnull (strstr (xml, "    <simile:image xmlns:simile=\"urn:annals:import:simile\" "
                                       "src=\"monet.png\"/>\n  </event>\n"));
      if (g_str_equal (files[i], "simile-jfk.xml"))
        g_assert_nonnull (strstr (xml, "<start>1963-11-22T12:30:00-06:00</start>"));
    }
}

static void
test_round_trip_timeline_project (void)
{
  g_autofree char *path = data_path ("sample.timeline");
  g_autoptr(AnnalsTimeline) timeline = load_path (path);
  g_autofree char *xml = assert_round_trip (timeline);

  g_assert_nonnull (strstr (xml, "<tlp:alert xmlns:tlp=\"urn:annals:import:timeline-project\" "
                                 "time=\"2021-11-01T09:00\">Prepare the review</tlp:alert>"));
  g_assert_nonnull (strstr (xml, "<start approx=\"true\">-0199-03-01</start>"));
}

static void
test_round_trip_nato (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "nato-2026.xml",
                                                 NULL);
  g_autoptr(AnnalsTimeline) timeline = NULL;
  g_autofree char *xml = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("data/nato-2026.xml is not there");
      return;
    }

  timeline = load_path (path);
  g_assert_cmpuint (timeline->n_events, >, 0);
  xml = assert_round_trip (timeline);

  /* A local time of the dataset's zone stays a local time. */
  g_assert_nonnull (strstr (xml, "tz=\"UTC\""));
}

static void
test_round_trip_extensions (void)
{
  const char *native =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<timeline xmlns=\"urn:annals:timeline:1\" xmlns:x=\"urn:example:x\" version=\"1\">\n"
    "  <title>Extensions</title>\n"
    "  <x:meta owner=\"desk &amp; co\"><x:note lang=\"fr\">Déjà <x:b>vu</x:b></x:note></x:meta>\n"
    "  <track id=\"t\" label=\"T\"/>\n"
    "  <event id=\"a\" track=\"t\" type=\"instant\">\n"
    "    <title>A</title>\n"
    "    <start>2001</start>\n"
    "    <y:review xmlns:y=\"urn:example:y\" score=\"4\">fine &lt;mostly&gt;</y:review>\n"
    "    <x:empty/>\n"
    "  </event>\n"
    "  <z:tail xmlns:z=\"urn:example:z\"/>\n"
    "</timeline>\n";
  g_autoptr(AnnalsTimeline) timeline = read_back (native);
  g_autofree char *xml = NULL;
  const AnnalsEvent *event;

  g_assert_cmpuint (timeline->n_extensions, ==, 2);
  event = &timeline->events[0];
  g_assert_nonnull (event->detail);
  g_assert_cmpuint (event->detail->n_extensions, ==, 2);

  xml = assert_round_trip (timeline);

  /* Verbatim: as the reader kept them, character for character. */
  for (guint i = 0; i < timeline->n_extensions; i++)
    g_assert_nonnull (strstr (xml, timeline->extensions[i]));
  for (guint i = 0; i < event->detail->n_extensions; i++)
    g_assert_nonnull (strstr (xml, event->detail->extensions[i]));
  g_assert_nonnull (strstr (xml, "Déjà"));
  g_assert_nonnull (strstr (xml, "fine &lt;mostly&gt;"));
}

/* Every field of every record, made by hand */

static AnnalsTimeline *
build_everything (void)
{
  AnnalsTimeline *timeline = annals_timeline_new ();
  AnnalsSource *source;
  AnnalsTrack *track;
  AnnalsCategory *category;
  AnnalsEra *era;
  AnnalsEvent *event;
  AnnalsEventDetail *detail;
  AnnalsMeasure *measure;
  AnnalsLink *links;
  AnnalsCitation *cites;
  AnnalsQuantity *quantities;
  const char *places[] = { "Iraq", "Baghdad" };
  const char *actors[] = { "NATO", "\"The\" <Allies> & friends" };
  const char *tags[] = { "iraq", "c'est ça" };
  const char *extensions[] = {
    "<q:thing xmlns:q=\"urn:example:q\" a=\"1 &amp; 2\">text</q:thing>",
  };

  timeline->title = annals_timeline_strdup (timeline, "Fish & chips: <everything> \"quoted\"");
  timeline->description = annals_timeline_strdup (timeline, "A description ]]> with odd bits");
  timeline->lang = annals_timeline_intern (timeline, "en-GB");
  timeline->tz = annals_timeline_intern (timeline, "Europe/Brussels");
  timeline->as_of = date ("2026-02-19");

  source = annals_timeline_add_source (timeline);
  source->id = annals_timeline_intern (timeline, "src-1");
  source->kind = annals_timeline_intern (timeline, "article");
  source->reliability = annals_timeline_intern (timeline, "high");
  source->title = annals_timeline_strdup (timeline, "A report on \"it\"");
  source->publisher = annals_timeline_strdup (timeline, "Press & Co");
  source->url = annals_timeline_strdup (timeline, "https://example.org/a?b=1&c=2");
  /* A local time of the dataset's zone: written as it was. */
  source->published = date_in ("2026-02-19T07:05", "Europe/Brussels");

  source = annals_timeline_add_source (timeline);
  source->id = annals_timeline_intern (timeline, "src-2");
  source->title = annals_timeline_strdup (timeline, "Bare");

  track = annals_timeline_add_track (timeline);
  track->id = annals_timeline_intern (timeline, "group");
  track->label = annals_timeline_strdup (timeline, "Group");
  track->color = 0x3465a4;

  track = annals_timeline_add_track (timeline);
  track->id = annals_timeline_intern (timeline, "missions");
  track->label = annals_timeline_strdup (timeline, "Missions");
  track->parent = 0;
  track->depth = 1;

  track = annals_timeline_add_track (timeline);
  track->id = annals_timeline_intern (timeline, "troops");
  track->label = annals_timeline_strdup (timeline, "Troops");
  track->kind = ANNALS_TRACK_QUANTITY;
  track->unit = annals_timeline_intern (timeline, "troops");
  track->parent = 0;
  track->depth = 1;

  /* As the reader makes them: a record without a label is labelled by its id. */
  track = annals_timeline_add_track (timeline);
  track->id = annals_timeline_intern (timeline, "other");
  track->label = track->id;

  category = annals_timeline_add_category (timeline);
  category->id = annals_timeline_intern (timeline, "mission");
  category->label = annals_timeline_strdup (timeline, "Mission");
  category->color = 0x00aa00;

  category = annals_timeline_add_category (timeline);
  category->id = annals_timeline_intern (timeline, "plain");
  category->label = category->id;

  era = annals_timeline_add_era (timeline);
  era->start = date ("2025-01-20");
  era->label = annals_timeline_strdup (timeline, "Open era");
  era->color = 0xeeeeec;

  era = annals_timeline_add_era (timeline);
  era->start = date ("-0508");
  era->end = date ("-0027");
  era->label = annals_timeline_strdup (timeline, "Republic");

  event = annals_timeline_add_event (timeline);
  event->id = annals_timeline_intern (timeline, "nmi");
  event->title = annals_timeline_strdup (timeline, "NATO Mission Iraq & <more>");
  event->start = date ("2018-10");
  event->end = date ("2026-09");
  event->start.flags |= ANNALS_DATE_APPROX;
  event->track = 1;
  event->category = 0;
  event->type = ANNALS_EVENT_SPAN;
  event->status = ANNALS_STATUS_ACTIVE;
  event->end_status = ANNALS_STATUS_PROPOSED;
  event->flags = ANNALS_EVENT_HAS_END_STATUS;

  detail = annals_timeline_alloc (timeline, sizeof *detail);
  detail->summary = annals_timeline_strdup (timeline, "Plain text, shown in the panel: \"x\" < y.");
  detail->places = annals_timeline_copy_strv (timeline, places, 2);
  detail->n_places = 2;
  detail->actors = annals_timeline_copy_strv (timeline, actors, 2);
  detail->n_actors = 2;
  detail->tags = annals_timeline_copy_strv (timeline, tags, 2);
  detail->n_tags = 2;
  links = annals_timeline_alloc (timeline, sizeof (AnnalsLink) * 2);
  links[0].href = annals_timeline_strdup (timeline, "https://example.org/?a=1&b=2");
  links[0].label = annals_timeline_strdup (timeline, "A & B");
  links[1].href = annals_timeline_strdup (timeline, "https://example.org/plain");
  detail->links = links;
  detail->n_links = 2;
  cites = annals_timeline_alloc (timeline, sizeof (AnnalsCitation) * 2);
  cites[0].source = 0;
  cites[0].quote = annals_timeline_strdup (timeline, "He said \"no\" & 'yes'");
  cites[0].page = annals_timeline_strdup (timeline, "12");
  cites[1].source = 1;
  detail->cites = cites;
  detail->n_cites = 2;
  quantities = annals_timeline_alloc (timeline, sizeof (AnnalsQuantity) * 3);
  quantities[0].unit = annals_timeline_intern (timeline, "troops");
  quantities[0].amount = -2500;
  quantities[0].is_change = TRUE;
  quantities[1].unit = annals_timeline_intern (timeline, "share");
  quantities[1].amount = 0.1;
  quantities[2].unit = annals_timeline_intern (timeline, "budget");
  quantities[2].amount = 1.2345678901234567e21;
  detail->quantities = quantities;
  detail->n_quantities = 3;
  detail->start_earliest = date ("2018-09");
  detail->start_latest = date ("2018-11");
  detail->end_earliest = date ("2026-09");
  detail->end_latest = date ("2027");
  detail->extensions = annals_timeline_copy_strv (timeline, extensions, 1);
  detail->n_extensions = 1;
  event->detail = detail;

  event = annals_timeline_add_event (timeline);
  event->id = annals_timeline_intern (timeline, "shot");
  event->title = annals_timeline_strdup (timeline, "Written with an offset");
  event->start = date ("1963-11-22T12:30:00-06:00");
  event->type = ANNALS_EVENT_INSTANT;
  event->status = ANNALS_STATUS_DISPUTED;

  event = annals_timeline_add_event (timeline);
  event->id = annals_timeline_intern (timeline, "local");
  event->title = annals_timeline_strdup (timeline, "A local time in Brussels, in summer");
  event->start = date_in ("2025-07-01T09:15", "Europe/Brussels");
  event->type = ANNALS_EVENT_MILESTONE;
  event->track = 3;

  event = annals_timeline_add_event (timeline);
  event->id = annals_timeline_intern (timeline, "utc");
  event->title = annals_timeline_strdup (timeline, "In UTC");
  event->start = date ("2025-07-01T09:15:30Z");
  event->type = ANNALS_EVENT_INSTANT;

  event = annals_timeline_add_event (timeline);
  event->id = annals_timeline_intern (timeline, "deep");
  event->title = annals_timeline_strdup (timeline, "Deep time");
  event->start = date ("-1000000000");
  event->end = date ("-0001");
  event->type = ANNALS_EVENT_SPAN;
  event->category = 1;

  event = annals_timeline_add_event (timeline);
  event->id = annals_timeline_intern (timeline, "ongoing");
  event->title = annals_timeline_strdup (timeline, "Ongoing");
  event->start = date ("2024-03-05");
  event->type = ANNALS_EVENT_SPAN;
  event->status = ANNALS_STATUS_CANCELLED;

  measure = annals_timeline_add_measure (timeline);
  measure->track = 2;
  measure->date = date ("2024");
  measure->date.flags |= ANNALS_DATE_APPROX;
  measure->value = 2500;
  measure->source = 0;
  cites = annals_timeline_alloc (timeline, sizeof (AnnalsCitation));
  cites[0].source = 1;
  cites[0].quote = annals_timeline_strdup (timeline, "about 2,500");
  measure->cites = cites;
  measure->n_cites = 1;

  measure = annals_timeline_add_measure (timeline);
  measure->track = 2;
  measure->date = date ("2026-02");
  measure->value = 0.5;

  annals_timeline_add_extension (timeline,
                                 "<q:top xmlns:q=\"urn:example:q\"><q:inner/>\n  text</q:top>");

  annals_timeline_finish (timeline);

  return timeline;
}

static void
test_every_field (void)
{
  g_autoptr(AnnalsTimeline) timeline = build_everything ();
  g_autofree char *xml = assert_round_trip (timeline);

  /* Escaped, not mangled. */
  g_assert_nonnull (strstr (xml, "<title>Fish &amp; chips: &lt;everything&gt;"));
  g_assert_nonnull (strstr (xml, "href=\"https://example.org/?a=1&amp;b=2\">A &amp; B</link>"));
  g_assert_nonnull (strstr (xml, "quote=\"He said &quot;no&quot; &amp; 'yes'\""));
  /* Nested tracks inside their group. */
  g_assert_nonnull (strstr (xml, "<track id=\"group\" label=\"Group\" color=\"#3465a4\">\n"
                                 "    <track id=\"missions\" label=\"Missions\"/>\n"));
  g_assert_nonnull (strstr (xml, "kind=\"quantity\" unit=\"troops\""));
  /* Dates keep what they were written with. */
  g_assert_nonnull (strstr (xml, "<start>1963-11-22T12:30:00-06:00</start>"));
  g_assert_nonnull (strstr (xml, "<start>2025-07-01T09:15</start>"));
  g_assert_nonnull (strstr (xml, "<start>2025-07-01T09:15:30Z</start>"));
  g_assert_nonnull (strstr (xml, "<published>2026-02-19T07:05</published>"));
  g_assert_nonnull (strstr (xml, "<start approx=\"true\" earliest=\"2018-09\" latest=\"2018-11\">"
                                 "2018-10</start>"));
  g_assert_nonnull (strstr (xml, "<end status=\"proposed\" earliest=\"2026-09\" latest=\"2027\">"
                                 "2026-09</end>"));
  g_assert_nonnull (strstr (xml, "<start>-1000000000</start>"));
  g_assert_nonnull (strstr (xml, "change=\"-2500\""));
  g_assert_nonnull (strstr (xml, "value=\"0.1\""));
  g_assert_true (g_str_has_suffix (xml, "</timeline>\n"));
}

/* Files */

static void
test_write_file (void)
{
  g_autoptr(AnnalsTimeline) timeline = build_everything ();
  g_autofree char *dir = g_dir_make_tmp ("annals-writer-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "out.xml", NULL);
  g_autofree char *missing = g_build_filename (dir, "no", "such", "dir", "out.xml", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *expected = write_to_string (timeline);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  guint n_files = 0;

  g_assert_true (g_file_set_contents (path, "old contents", -1, NULL));
  g_assert_true (annals_write_native_file (timeline, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected);

  /* No temporary file is left behind. */
  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 1);

  g_assert_false (annals_write_native_file (timeline, missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_write_stream_error (void)
{
  g_autoptr(AnnalsTimeline) timeline = build_everything ();
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  /* A stream that refuses to be written to. */
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  g_assert_false (annals_write_native (timeline, stream, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/writer/round-trip/simile", test_round_trip_simile);
  g_test_add_func ("/writer/round-trip/timeline-project", test_round_trip_timeline_project);
  g_test_add_func ("/writer/round-trip/nato", test_round_trip_nato);
  g_test_add_func ("/writer/round-trip/extensions", test_round_trip_extensions);
  g_test_add_func ("/writer/every-field", test_every_field);
  g_test_add_func ("/writer/file", test_write_file);
  g_test_add_func ("/writer/stream-error", test_write_stream_error);

  return g_test_run ();
}
