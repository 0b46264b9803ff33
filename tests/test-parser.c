/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libxml/relaxng.h>
#include <libxml/xmlreader.h>

#include "annals-formats.h"
#include "annals-loader.h"
#include "annals-native-schema.h"
#include "annals-writer.h"
#include "annals-xml-reader.h"

/* The native reader, the loader and the safety of XML reading. Every bad input
 * checks the words of the message and where it points, since that is what a
 * data author works from. */

/* A stream that hands out at most a few bytes per read, so that every state of
 * the reader's scanner meets a chunk boundary. */

#define TEST_TYPE_TRICKLE_STREAM (test_trickle_stream_get_type ())
G_DECLARE_FINAL_TYPE (TestTrickleStream, test_trickle_stream, TEST, TRICKLE_STREAM, GInputStream)

struct _TestTrickleStream
{
  GInputStream  parent_instance;
  GBytes       *bytes;
  gsize         offset;
  gsize         chunk;
};

G_DEFINE_FINAL_TYPE (TestTrickleStream, test_trickle_stream, G_TYPE_INPUT_STREAM)

static gssize
test_trickle_stream_read (GInputStream  *stream,
                          void          *buffer,
                          gsize          count,
                          GCancellable  *cancellable,
                          GError       **error)
{
  TestTrickleStream *self = TEST_TRICKLE_STREAM (stream);
  gsize size;
  const guint8 *data = g_bytes_get_data (self->bytes, &size);
  gsize n = MIN (MIN (count, self->chunk), size - self->offset);

  memcpy (buffer, data + self->offset, n);
  self->offset += n;

  return (gssize) n;
}

static void
test_trickle_stream_finalize (GObject *object)
{
  TestTrickleStream *self = TEST_TRICKLE_STREAM (object);

  g_bytes_unref (self->bytes);

  G_OBJECT_CLASS (test_trickle_stream_parent_class)->finalize (object);
}

static void
test_trickle_stream_class_init (TestTrickleStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_trickle_stream_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = test_trickle_stream_read;
}

static void
test_trickle_stream_init (TestTrickleStream *self)
{
}

static GInputStream *
test_trickle_stream_new (GBytes *bytes,
                         gsize   chunk)
{
  TestTrickleStream *self = g_object_new (TEST_TYPE_TRICKLE_STREAM, NULL);

  self->bytes = g_bytes_ref (bytes);
  self->chunk = chunk;

  return G_INPUT_STREAM (self);
}

/* Helpers */

typedef struct
{
  AnnalsTimeline    *timeline;
  AnnalsDiagnostics *diagnostics;
  GError            *error;
  char              *path;
} Load;

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static void
load_path (Load                    *load,
           const char              *path,
           const AnnalsLoadOptions *options)
{
  memset (load, 0, sizeof *load);
  load->path = g_strdup (path);
  load->timeline = annals_load_file (path, options, &load->diagnostics, &load->error);
  g_assert_nonnull (load->diagnostics);
  g_assert_true ((load->timeline == NULL) == (load->error != NULL));
}

static void
load_fixture (Load       *load,
              const char *name)
{
  g_autofree char *path = fixture_path (name);

  load_path (load, path, NULL);
}

static void
load_text (Load                    *load,
           const char              *text,
           gsize                    length,
           const AnnalsLoadOptions *options)
{
  memset (load, 0, sizeof *load);
  load->path = g_strdup ("inline.xml");
  load->timeline = annals_load_data (text, length, load->path, options, &load->diagnostics,
                                     &load->error);
  g_assert_nonnull (load->diagnostics);
  g_assert_true ((load->timeline == NULL) == (load->error != NULL));
}

static void
load_clear (Load *load)
{
  g_clear_pointer (&load->timeline, annals_timeline_unref);
  g_clear_pointer (&load->diagnostics, annals_diagnostics_free);
  g_clear_error (&load->error);
  g_clear_pointer (&load->path, g_free);
}

static char *
write_temp_file (const char *name,
                 const char *contents,
                 gssize      length)
{
  char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);

  return path;
}

static const AnnalsDiagnostic *
find_diagnostic (AnnalsDiagnostics *diagnostics,
                 const char        *message)
{
  for (guint i = 0; i < annals_diagnostics_get_n_items (diagnostics); i++)
    {
      const AnnalsDiagnostic *item = annals_diagnostics_get_item (diagnostics, i);

      if (g_strcmp0 (item->message, message) == 0)
        return item;
    }

  return NULL;
}

static void
assert_diagnostic_in (AnnalsDiagnostics *diagnostics,
                      AnnalsSeverity     severity,
                      const char        *message,
                      guint              line,
                      guint              column)
{
  const AnnalsDiagnostic *item = find_diagnostic (diagnostics, message);

  if (item == NULL)
    {
      g_autofree char *all = annals_diagnostics_to_string (diagnostics);

      g_test_message ("expected \"%s\" among:\n%s", message, all);
    }
  g_assert_nonnull (item);
  g_assert_cmpint (item->severity, ==, severity);
  g_assert_cmpuint (item->line, ==, line);
  g_assert_cmpuint (item->column, ==, column);
}

static void
assert_diagnostic (Load           *load,
                   AnnalsSeverity  severity,
                   const char     *message,
                   guint           line,
                   guint           column)
{
  assert_diagnostic_in (load->diagnostics, severity, message, line, column);
}

static void
assert_error_at (Load       *load,
                 const char *message,
                 guint       line,
                 guint       column)
{
  assert_diagnostic (load, ANNALS_SEVERITY_ERROR, message, line, column);
}

static const AnnalsEvent *
find_event (AnnalsTimeline *timeline,
            const char     *id)
{
  gint index = annals_timeline_find_event (timeline, id);

  g_assert_cmpint (index, >=, 0);

  return &timeline->events[index];
}

static AnnalsTime
utc (gint64 year,
     int    month,
     int    day,
     int    hour,
     int    minute,
     int    second)
{
  AnnalsCivil civil = { year, month, day, hour, minute, second };

  return annals_time_from_civil (&civil);
}

/* The good file */

static void
test_good (void)
{
  Load load;
  AnnalsTimeline *t;
  const AnnalsEvent *event;
  const AnnalsEventDetail *detail;
  const AnnalsMeasure *measure;

  load_fixture (&load, "good.xml");
  g_assert_no_error (load.error);
  t = load.timeline;
  g_assert_cmpuint (annals_diagnostics_get_n_items (load.diagnostics), ==, 0);

  /* Top level, white space normalised, entities and CDATA as text. */
  g_assert_cmpstr (t->title, ==, "Every element of the format");
  g_assert_cmpstr (t->description, ==,
                   "A test file. & entities, é references, <CDATA> sections and runs of space.");
  g_assert_cmpstr (t->lang, ==, "en");
  g_assert_cmpstr (t->tz, ==, "Europe/Brussels");
  g_assert_cmpint (t->as_of.precision, ==, ANNALS_PRECISION_DAY);
  g_assert_cmpint (t->as_of.time, ==, utc (2026, 2, 19, 0, 0, 0));

  /* Sources, in file order, one declared after it is cited. */
  g_assert_cmpuint (t->n_sources, ==, 3);
  g_assert_cmpstr (t->sources[0].id, ==, "report");
  g_assert_cmpstr (t->sources[0].kind, ==, "article");
  g_assert_cmpstr (t->sources[0].reliability, ==, "high");
  g_assert_cmpstr (t->sources[0].title, ==, "The report");
  g_assert_cmpstr (t->sources[0].publisher, ==, "The Publisher");
  g_assert_cmpstr (t->sources[0].url, ==, "https://example.org/report");
  /* 07:05 in Brussels in February is 06:05 UTC. */
  g_assert_cmpint (t->sources[0].published.precision, ==, ANNALS_PRECISION_MINUTE);
  g_assert_cmpint (t->sources[0].published.time, ==, utc (2026, 2, 19, 6, 5, 0));
  g_assert_cmpuint (t->sources[0].line, ==, 13);
  g_assert_cmpstr (t->sources[1].title, ==, "A book");
  g_assert_null (t->sources[1].kind);
  g_assert_null (t->sources[1].publisher);
  g_assert_cmpint (t->sources[1].published.precision, ==, ANNALS_PRECISION_NONE);
  g_assert_cmpstr (t->sources[2].id, ==, "later");

  /* Tracks: a group with two children, a quantity track. */
  g_assert_cmpuint (t->n_tracks, ==, 5);
  g_assert_cmpstr (t->tracks[0].id, ==, "missions");
  g_assert_cmpuint (t->tracks[0].color, ==, 0x1a5fb4);
  g_assert_cmpint (t->tracks[0].parent, ==, -1);
  g_assert_cmpuint (t->tracks[0].depth, ==, 0);
  g_assert_cmpstr (t->tracks[1].id, ==, "iraq");
  g_assert_cmpint (t->tracks[1].parent, ==, 0);
  g_assert_cmpuint (t->tracks[1].depth, ==, 1);
  g_assert_cmpuint (t->tracks[1].line, ==, 24);
  g_assert_cmpstr (t->tracks[2].label, ==, "kosovo");
  g_assert_cmpuint (t->tracks[2].color, ==, ANNALS_COLOR_NONE);
  g_assert_cmpint (t->tracks[3].kind, ==, ANNALS_TRACK_QUANTITY);
  g_assert_cmpstr (t->tracks[3].unit, ==, "troops");
  g_assert_cmpint (t->tracks[3].parent, ==, -1);
  g_assert_cmpint (t->tracks[4].kind, ==, ANNALS_TRACK_EVENTS);
  g_assert_null (t->tracks[4].unit);

  g_assert_cmpuint (t->n_categories, ==, 2);
  g_assert_cmpstr (t->categories[0].label, ==, "Mission");
  g_assert_cmpuint (t->categories[0].color, ==, 0xc64600);
  g_assert_cmpstr (t->categories[1].id, ==, "late");

  g_assert_cmpuint (t->n_eras, ==, 2);
  g_assert_cmpint (t->eras[0].start.time, ==, utc (2025, 1, 20, 0, 0, 0));
  g_assert_cmpint (t->eras[0].end.time, ==, utc (2029, 1, 20, 0, 0, 0));
  g_assert_cmpstr (t->eras[0].label, ==, "An era");
  g_assert_cmpuint (t->eras[0].color, ==, 0xf6d32d);
  g_assert_cmpint (t->eras[1].start.time, ==, utc (-199, 1, 1, 0, 0, 0));
  g_assert_cmpint (t->eras[1].start.precision, ==, ANNALS_PRECISION_YEAR);
  g_assert_cmpint (t->eras[1].end.precision, ==, ANNALS_PRECISION_NONE);

  /* Events, sorted by start. */
  g_assert_cmpuint (t->n_events, ==, 7);
  for (guint i = 1; i < t->n_events; i++)
    g_assert_cmpint (t->events[i - 1].start.time, <=, t->events[i].start.time);

  event = find_event (t, "nmi");
  g_assert_cmpstr (event->title, ==, "NATO Mission Iraq");
  g_assert_cmpuint (event->line, ==, 32);
  g_assert_cmpint (event->track, ==, 1);
  g_assert_cmpint (event->category, ==, 0);
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_SPAN);
  g_assert_cmpint (event->status, ==, ANNALS_STATUS_ACTIVE);
  g_assert_cmpint (event->end_status, ==, ANNALS_STATUS_PROPOSED);
  g_assert_true (event->flags & ANNALS_EVENT_HAS_END_STATUS);
  g_assert_cmpint (event->start.precision, ==, ANNALS_PRECISION_MONTH);
  g_assert_true (event->start.flags & ANNALS_DATE_APPROX);
  g_assert_cmpint (event->start.time, ==, utc (2018, 10, 1, 0, 0, 0));
  g_assert_cmpint (event->end.time, ==, utc (2026, 9, 1, 0, 0, 0));
  g_assert_false (event->end.flags & ANNALS_DATE_APPROX);

  detail = event->detail;
  g_assert_nonnull (detail);
  g_assert_cmpstr (detail->summary, ==, "Plain text, shown in the details panel.");
  g_assert_cmpuint (detail->n_places, ==, 1);
  g_assert_cmpstr (detail->places[0], ==, "Iraq");
  g_assert_cmpuint (detail->n_actors, ==, 2);
  g_assert_cmpstr (detail->actors[1], ==, "Government of Iraq");
  g_assert_cmpuint (detail->n_tags, ==, 2);
  g_assert_cmpstr (detail->tags[0], ==, "iraq");
  g_assert_cmpuint (detail->n_links, ==, 2);
  g_assert_cmpstr (detail->links[0].href, ==, "https://example.org/nmi");
  g_assert_cmpstr (detail->links[0].label, ==, "The mission");
  g_assert_null (detail->links[1].label);
  g_assert_cmpuint (detail->n_cites, ==, 2);
  g_assert_cmpint (detail->cites[0].source, ==, 0);
  g_assert_cmpstr (detail->cites[0].quote, ==, "a quote");
  g_assert_cmpstr (detail->cites[0].page, ==, "12");
  /* A forward reference, resolved after the last element. */
  g_assert_cmpint (detail->cites[1].source, ==, 2);
  g_assert_null (detail->cites[1].quote);
  g_assert_cmpuint (detail->n_quantities, ==, 2);
  g_assert_cmpstr (detail->quantities[0].unit, ==, "troops");
  g_assert_cmpfloat (detail->quantities[0].amount, ==, -2500.0);
  g_assert_true (detail->quantities[0].is_change);
  g_assert_cmpfloat (detail->quantities[1].amount, ==, 4500.5);
  g_assert_false (detail->quantities[1].is_change);
  g_assert_cmpint (detail->start_earliest.precision, ==, ANNALS_PRECISION_NONE);
  g_assert_cmpint (detail->end_earliest.time, ==, utc (2026, 9, 1, 0, 0, 0));
  g_assert_cmpint (detail->end_latest.time, ==, utc (2027, 1, 1, 0, 0, 0));
  g_assert_cmpint (detail->end_latest.precision, ==, ANNALS_PRECISION_YEAR);
  /* The extension, verbatim and self-contained. */
  g_assert_cmpuint (detail->n_extensions, ==, 1);
  g_assert_nonnull (strstr (detail->extensions[0], "<ext:note"));
  g_assert_nonnull (strstr (detail->extensions[0], "xmlns:ext=\"urn:example:ext\""));
  g_assert_nonnull (strstr (detail->extensions[0], "ext:level=\"2\""));
  g_assert_nonnull (strstr (detail->extensions[0], "Kept <ext:b>verbatim</ext:b>"));

  event = find_event (t, "deal");
  g_assert_cmpstr (event->title, ==, "A deal");
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_INSTANT);
  g_assert_cmpint (event->detail->start_earliest.time, ==, utc (2024, 1, 1, 0, 0, 0));
  g_assert_cmpint (event->detail->start_latest.precision, ==, ANNALS_PRECISION_MONTH);
  g_assert_cmpuint (event->detail->n_cites, ==, 0);

  /* A category declared after use; summer time in Brussels. */
  event = find_event (t, "summit");
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_MILESTONE);
  g_assert_cmpint (event->category, ==, 1);
  g_assert_cmpint (event->status, ==, ANNALS_STATUS_PROPOSED);
  g_assert_false (event->flags & ANNALS_EVENT_HAS_END_STATUS);
  g_assert_cmpint (event->start.time, ==, utc (2026, 7, 7, 7, 30, 0));
  g_assert_null (event->detail);

  event = find_event (t, "ongoing");
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_SPAN);
  g_assert_cmpint (event->end.precision, ==, ANNALS_PRECISION_NONE);
  g_assert_cmpint (event->track, ==, -1);
  g_assert_cmpint (event->start.time, ==, utc (1963, 11, 22, 18, 30, 0));
  g_assert_true (event->start.flags & ANNALS_DATE_HAS_OFFSET);
  g_assert_cmpint (event->status, ==, ANNALS_STATUS_CONFIRMED);

  g_assert_cmpint (find_event (t, "point")->type, ==, ANNALS_EVENT_INSTANT);
  g_assert_cmpint (find_event (t, "range")->type, ==, ANNALS_EVENT_SPAN);
  g_assert_cmpint (find_event (t, "missions")->track, ==, 0);

  /* Measures, sorted by track then date. */
  g_assert_cmpuint (t->n_measures, ==, 2);
  measure = &t->measures[0];
  g_assert_cmpint (measure->date.time, ==, utc (2020, 1, 1, 0, 0, 0));
  g_assert_cmpfloat (measure->value, ==, 5200.0);
  g_assert_cmpint (measure->source, ==, -1);
  g_assert_cmpuint (measure->n_cites, ==, 0);
  measure = &t->measures[1];
  g_assert_cmpint (measure->track, ==, 3);
  g_assert_cmpfloat (measure->value, ==, 2500.0);
  g_assert_true (measure->date.flags & ANNALS_DATE_APPROX);
  g_assert_cmpint (measure->source, ==, 0);
  g_assert_cmpuint (measure->n_cites, ==, 2);
  g_assert_cmpstr (measure->cites[0].quote, ==, "around 2,500");
  g_assert_cmpint (measure->cites[1].source, ==, 1);
  g_assert_cmpuint (measure->line, ==, 76);

  /* Top-level extensions, in file order. */
  g_assert_cmpuint (t->n_extensions, ==, 2);
  g_assert_nonnull (strstr (t->extensions[0], "<ext:generator"));
  g_assert_nonnull (strstr (t->extensions[0], "name=\"test\""));
  g_assert_nonnull (strstr (t->extensions[0], "Hand-written"));
  g_assert_nonnull (strstr (t->extensions[1], "<ext:trailer"));
  g_assert_nonnull (strstr (t->extensions[1], "xmlns:ext=\"urn:example:ext\""));

  load_clear (&load);
}

static void
test_utf16 (void)
{
  Load load;

  load_fixture (&load, "good-utf16.xml");
  g_assert_no_error (load.error);
  g_assert_cmpstr (load.timeline->title, ==, "Zürich 𝄞 – UTF-16");
  g_assert_cmpuint (load.timeline->n_events, ==, 1);
  g_assert_cmpstr (load.timeline->events[0].title, ==, "Ünïcödé");
  g_assert_cmpuint (load.timeline->events[0].line, ==, 4);
  load_clear (&load);
}

static void
test_nato (void)
{
  const char *root = g_getenv ("ANNALS_SOURCE_ROOT");
  g_autofree char *path = NULL;
  Load load;

  path = root != NULL ? g_build_filename (root, "data", "nato-2026.xml", NULL)
                      : g_test_build_filename (G_TEST_DIST, "..", "data", "nato-2026.xml", NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("data/nato-2026.xml is not there");
      return;
    }

  load_path (&load, path, NULL);
  g_assert_no_error (load.error);
  g_assert_cmpuint (annals_diagnostics_count (load.diagnostics, ANNALS_SEVERITY_ERROR), ==, 0);
  g_assert_cmpuint (annals_diagnostics_count (load.diagnostics, ANNALS_SEVERITY_WARNING), ==, 0);
  g_assert_cmpuint (load.timeline->n_events, >, 0);
  g_assert_cmpuint (load.timeline->n_sources, >, 0);
  load_clear (&load);
}

/* One small file per kind of mistake */

typedef struct
{
  const char *message;
  guint       line;
  guint       column;
} Expected;

typedef struct
{
  const char *test_path;
  const char *file;
  guint       n_errors;
  Expected    errors[4];
} BadCase;

static const BadCase bad_cases[] = {
  { "/parser/bad/unknown-track", "bad-unknown-track.xml", 1,
    { { "unknown track \"nowhere\"", 4, 3 } } },
  { "/parser/bad/unknown-category", "bad-unknown-category.xml", 1,
    { { "unknown category \"nothing\"", 3, 3 } } },
  { "/parser/bad/unknown-source", "bad-unknown-source.xml", 1,
    { { "unknown source \"imaginary\"", 8, 7 } } },
  { "/parser/bad/end-before-start", "bad-end-before-start.xml", 1,
    { { "end 2018 is before start 2026-09", 6, 5 } } },
  { "/parser/bad/date", "bad-date.xml", 1,
    { { "\"2026-13-45\" is not a date: month 13 does not exist", 5, 5 } } },
  { "/parser/bad/duplicate-event-id", "bad-duplicate-event-id.xml", 1,
    { { "duplicate event id \"a\": first defined on line 3", 5, 3 } } },
  { "/parser/bad/duplicate-ids", "bad-duplicate-ids.xml", 3,
    { { "duplicate track id \"t\": first defined on line 4", 7, 5 },
      { "duplicate category id \"c\": first defined on line 5", 9, 3 },
      { "duplicate source id \"s\": first defined on line 3", 10, 3 } } },
  { "/parser/bad/instant-with-end", "bad-instant-with-end.xml", 2,
    { { "an instant has no end: remove <end> or write type=\"span\"", 6, 5 },
      { "a milestone has no end: remove <end> or write type=\"span\"", 11, 5 } } },
  { "/parser/bad/measure-track-kind", "bad-measure-track-kind.xml", 2,
    { { "track \"lane\" is not a quantity track: a <measure> needs a track with "
        "kind=\"quantity\"", 4, 3 },
      { "track \"later\" is not a quantity track: a <measure> needs a track with "
        "kind=\"quantity\"", 5, 3 } } },
  { "/parser/bad/bounds", "bad-bounds.xml", 3,
    { { "earliest 2020 is after latest 2019", 5, 5 },
      { "start 2015 is before its earliest date 2016", 9, 5 },
      { "end 2027 is after its latest date 2026-06", 14, 5 } } },
  { "/parser/bad/version", "bad-version.xml", 1,
    { { "version 2 is not supported; this Annals reads version 1", 1, 1 } } },
  { "/parser/bad/no-title", "bad-no-title.xml", 1,
    { { "the timeline has no <title>", 1, 1 } } },
  { "/parser/bad/missing-start", "bad-missing-start.xml", 1,
    { { "event \"a\" has no <start>", 3, 3 } } },
  { "/parser/bad/unknown-element", "bad-unknown-element.xml", 3,
    { { "unknown element <evnt> in <timeline>; did you mean <event>?", 3, 3 },
      { "unknown element <sumary> in <event>; did you mean <summary>?", 4, 52 },
      { "unknown element <widget> in <event>", 5, 52 } } },
  { "/parser/bad/attributes", "bad-attributes.xml", 8,
    { { "attribute colour is not allowed on <track>", 3, 3 },
      { "color \"#abc\" is not a colour: write #rrggbb, such as #3465a4", 4, 3 },
      { "approx=\"yes\" is not allowed: write approx=\"true\" or approx=\"false\"", 5, 65 },
      { "id \"has space\" contains a space; an id is one word, such as \"nato-iraq\"", 8, 3 } } },
  { "/parser/bad/attribute-values", "bad-attributes.xml", 8,
    { { "unknown status \"rumoured\": use confirmed, reported, proposed, disputed, denied, "
        "cancelled, active or ended", 5, 3 },
      { "unknown event type \"period\": use span, instant or milestone", 5, 3 },
      { "unit is only for quantity tracks: add kind=\"quantity\" or remove unit", 6, 3 },
      { "unknown track kind \"number\": use events or quantity", 7, 3 } } },
  { "/parser/bad/numbers", "bad-numbers.xml", 4,
    { { "value=\"many\" is not a number", 4, 3 },
      { "<quantity> has both change and value; give one of them", 6, 5 },
      { "<quantity> needs a change or a value attribute", 7, 5 },
      { "value=\"NaN\" is not a number", 8, 5 } } },
  { "/parser/bad/no-namespace", "bad-no-namespace.xml", 1,
    { { "<timeline> has no namespace: write <timeline xmlns=\"urn:annals:timeline:1\" "
        "version=\"1\">", 1, 1 } } },
  { "/parser/bad/html", "bad-html.xml", 1,
    { { "<summary> holds plain text only; <b> is not allowed inside it", 6, 20 } } },
  { "/parser/bad/order", "bad-order.xml", 2,
    { { "<title> must come first in <timeline>", 4, 3 },
      { "<as-of> must come after <title> and <description>, before the first source, track, "
        "category, era, event or measure", 5, 3 } } },
  { "/parser/bad/time-zone", "bad-tz.xml", 1,
    { { "\"Mars/Olympus_Mons\" is not a known time zone: use \"UTC\", an offset such as "
        "\"+02:00\", or a name from the time zone database such as \"Europe/Brussels\"", 1, 1 } } },
  { "/parser/bad/empty-values", "bad-empty-values.xml", 3,
    { { "the lang attribute of <timeline> is empty", 1, 1 },
      { "the kind attribute of <source> is empty", 3, 3 },
      { "<url> is empty", 5, 5 } } },
  { "/parser/bad/loose-text", "bad-text.xml", 1,
    { { "text \"This sentence belongs in a summary.\" is not allowed directly inside <event>",
        3, 3 } } },
  { "/parser/bad/truncated", "bad-truncated.xml", 1,
    { { "the file ends before <title> (opened on line 4) is closed; is it truncated?", 5, 1 } } },
  { "/parser/bad/invalid-utf8", "bad-invalid-utf8.xml", 1,
    { { "the text is not valid UTF-8 (bytes 0xE9 0x20 0x61 0x75); save the file as UTF-8 or "
        "declare its encoding in the XML declaration", 2, 13 } } },
  { "/parser/hostile/billion-laughs", "hostile-billion-laughs.xml", 1,
    { { "document type declarations (<!DOCTYPE …>) are not allowed in a timeline file; "
        "remove it", 2, 1 } } },
  { "/parser/hostile/external-entity-file", "hostile-xxe-file.xml", 1,
    { { "document type declarations (<!DOCTYPE …>) are not allowed in a timeline file; "
        "remove it", 2, 1 } } },
  { "/parser/hostile/external-entity-http", "hostile-xxe-http.xml", 1,
    { { "document type declarations (<!DOCTYPE …>) are not allowed in a timeline file; "
        "remove it", 2, 1 } } },
  { "/parser/hostile/external-dtd", "hostile-external-dtd.xml", 1,
    { { "document type declarations (<!DOCTYPE …>) are not allowed in a timeline file; "
        "remove it", 2, 1 } } },
};

static const AnnalsDiagnostic *
first_error (AnnalsDiagnostics *diagnostics)
{
  const AnnalsDiagnostic *first = NULL;

  for (guint i = 0; i < annals_diagnostics_get_n_items (diagnostics); i++)
    {
      const AnnalsDiagnostic *item = annals_diagnostics_get_item (diagnostics, i);

      if (item->severity == ANNALS_SEVERITY_ERROR &&
          (first == NULL || item->line < first->line ||
           (item->line == first->line && item->column < first->column)))
        first = item;
    }

  return first;
}

static void
test_bad_case (gconstpointer data)
{
  const BadCase *bad = data;
  const AnnalsDiagnostic *first;
  g_autofree char *summary = NULL;
  Load load;

  load_fixture (&load, bad->file);

  g_assert_null (load.timeline);
  g_assert_error (load.error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID);
  g_assert_cmpuint (annals_diagnostics_count (load.diagnostics, ANNALS_SEVERITY_ERROR), ==,
                    bad->n_errors);

  for (guint i = 0; i < G_N_ELEMENTS (bad->errors) && bad->errors[i].message != NULL; i++)
    assert_error_at (&load, bad->errors[i].message, bad->errors[i].line, bad->errors[i].column);

  /* The one-line error names the file, the first problem and how many more. */
  first = first_error (load.diagnostics);
  g_assert_nonnull (first);
  if (bad->n_errors == 1)
    summary = g_strdup_printf ("%s:%u:%u: %s", load.path, first->line, first->column,
                               first->message);
  else
    summary = g_strdup_printf ("%s:%u:%u: %s (and %u more error%s)", load.path, first->line,
                               first->column, first->message, bad->n_errors - 1,
                               bad->n_errors == 2 ? "" : "s");
  g_assert_cmpstr (load.error->message, ==, summary);

  load_clear (&load);
}

/* Hostile input */

static void
assert_secret_absent (Load       *load,
                      const char *secret)
{
  g_autofree char *all = annals_diagnostics_to_string (load->diagnostics);

  g_assert_null (strstr (all, secret));
  if (load->error != NULL)
    g_assert_null (strstr (load->error->message, secret));
  if (load->timeline != NULL)
    {
      g_assert_null (strstr (load->timeline->title != NULL ? load->timeline->title : "", secret));
      for (guint i = 0; i < load->timeline->n_extensions; i++)
        g_assert_null (strstr (load->timeline->extensions[i], secret));
    }
}

static void
test_external_entity_secret (void)
{
  static const char secret[] = "S3CRET-annals-4815162342";
  g_autofree char *secret_path = write_temp_file ("secret.txt", secret, -1);
  g_autofree char *uri = g_filename_to_uri (secret_path, NULL, NULL);
  g_autofree char *general = NULL;
  g_autofree char *parameter = NULL;
  g_autofree char *xinclude = NULL;
  Load load;

  /* A general entity, a parameter entity and XInclude: nothing is read. */
  general = g_strdup_printf ("<?xml version=\"1.0\"?>\n"
                             "<!DOCTYPE timeline [ <!ENTITY s SYSTEM \"%s\"> ]>\n"
                             "<timeline xmlns=\"urn:annals:timeline:1\" version=\"1\">\n"
                             "  <title>&s;</title>\n</timeline>\n", uri);
  load_text (&load, general, strlen (general), NULL);
  g_assert_error (load.error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID);
  assert_error_at (&load, "document type declarations (<!DOCTYPE …>) are not allowed in a "
                   "timeline file; remove it", 2, 1);
  assert_secret_absent (&load, secret);
  load_clear (&load);

  parameter = g_strdup_printf ("<!DOCTYPE timeline [ <!ENTITY %% p SYSTEM \"%s\"> %%p; ]>"
                               "<timeline xmlns=\"urn:annals:timeline:1\" version=\"1\">"
                               "<title>x</title></timeline>", uri);
  load_text (&load, parameter, strlen (parameter), NULL);
  g_assert_error (load.error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID);
  assert_error_at (&load, "document type declarations (<!DOCTYPE …>) are not allowed in a "
                   "timeline file; remove it", 1, 1);
  assert_secret_absent (&load, secret);
  load_clear (&load);

  xinclude = g_strdup_printf ("<timeline xmlns=\"urn:annals:timeline:1\" version=\"1\">"
                              "<title>x</title>"
                              "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" "
                              "href=\"%s\" parse=\"text\"/></timeline>", uri);
  load_text (&load, xinclude, strlen (xinclude), NULL);
  g_assert_no_error (load.error);
  g_assert_cmpuint (load.timeline->n_extensions, ==, 1);
  g_assert_nonnull (strstr (load.timeline->extensions[0], "xi:include"));
  assert_secret_absent (&load, secret);
  load_clear (&load);

  g_unlink (secret_path);
}

static void
test_passwd_never_read (void)
{
  Load load;

  load_fixture (&load, "hostile-xxe-file.xml");
  g_assert_nonnull (load.error);
  assert_secret_absent (&load, "root:");
  load_clear (&load);
}

static void
test_deep_nesting (void)
{
  GString *text = g_string_new ("<timeline xmlns=\"urn:annals:timeline:1\" version=\"1\">"
                                "<title>Deep</title>");
  Load load;

  for (guint i = 0; i < 100000; i++)
    g_string_append (text, "<x:a xmlns:x=\"urn:x\">");
  for (guint i = 0; i < 100000; i++)
    g_string_append (text, "</x:a>");
  g_string_append (text, "</timeline>");

  load_text (&load, text->str, text->len, NULL);
  g_assert_error (load.error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID);
  g_assert_cmpuint (annals_diagnostics_count (load.diagnostics, ANNALS_SEVERITY_ERROR), ==, 1);
  g_assert_cmpstr (annals_diagnostics_get_item (load.diagnostics, 0)->message, ==,
                   "elements are nested more than 256 levels deep");
  g_assert_cmpuint (annals_diagnostics_get_item (load.diagnostics, 0)->line, ==, 1);

  load_clear (&load);
  g_string_free (text, TRUE);
}

static void
test_huge_attribute (void)
{
  GString *text = g_string_new ("<timeline xmlns=\"urn:annals:timeline:1\" version=\"1\">\n"
                                "<title>Huge</title>\n<event id=\"");
  Load load;

  /* Beyond libxml2's default limit of 10000000: no XML_PARSE_HUGE. */
  for (guint i = 0; i < 10000100; i++)
    g_string_append_c (text, 'a');
  g_string_append (text, "\"/></timeline>");

  load_text (&load, text->str, text->len, NULL);
  g_assert_error (load.error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID);
  g_assert_cmpuint (annals_diagnostics_count (load.diagnostics, ANNALS_SEVERITY_ERROR), ==, 1);
  g_assert_cmpstr (annals_diagnostics_get_item (load.diagnostics, 0)->message, ==,
                   "a name, value or text is longer than the limit of 10000000 characters");
  g_assert_cmpuint (annals_diagnostics_get_item (load.diagnostics, 0)->line, ==, 3);

  load_clear (&load);
  g_string_free (text, TRUE);
}

static void
test_binary_garbage (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1963);
  guint8 bytes[4096];
  Load load;

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_rand_int_range (rand, 0, 256);
  bytes[0] = 0x89;  /* not "<", not a byte order mark */

  load_text (&load, (const char *) bytes, sizeof bytes, NULL);
  g_assert_error (load.error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_UNKNOWN_FORMAT);
  g_assert_cmpstr (load.error->message, ==,
                   "inline.xml is not a timeline: it is binary data, not XML text");
  load_clear (&load);

  /* Garbage after a plausible start goes to the XML reader, which stops. */
  bytes[0] = '<';
  bytes[1] = 't';
  load_text (&load, (const char *) bytes, sizeof bytes, NULL);
  g_assert_nonnull (load.error);
  g_assert_cmpuint (annals_diagnostics_count (load.diagnostics, ANNALS_SEVERITY_ERROR), >=, 1);
  load_clear (&load);
}

static void
test_empty (void)
{
  g_autofree char *path = write_temp_file ("empty.xml", "", 0);
  g_autofree char *expected = g_strdup_printf ("%s is empty", path);
  Load load;

  load_path (&load, path, NULL);
  g_assert_error (load.error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID);
  g_assert_cmpstr (load.error->message, ==, expected);
  g_assert_nonnull (find_diagnostic (load.diagnostics, "the file is empty"));
  load_clear (&load);

  load_text (&load, "  \n\t ", 5, NULL);
  g_assert_error (load.error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID);
  g_assert_cmpstr (load.error->message, ==, "inline.xml is empty");
  load_clear (&load);

  g_unlink (path);
}

static void
test_not_a_timeline (void)
{
  static const char html[] = "<!DOCTYPE html>\n<html><body>Hello</body></html>\n";
  static const char text[] = "Just some words.\n";
  static const char no_root[] = "<?xml version=\"1.0\"?>\n<!-- x -->\n";
  Load load;

  load_text (&load, html, strlen (html), NULL);
  g_assert_error (load.error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_UNKNOWN_FORMAT);
  g_assert_cmpstr (load.error->message, ==, "inline.xml is not a timeline: the root element is "
                                            "<html>");
  load_clear (&load);

  load_text (&load, text, strlen (text), NULL);
  g_assert_error (load.error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_UNKNOWN_FORMAT);
  g_assert_cmpstr (load.error->message, ==, "inline.xml is not a timeline: it is not an XML "
                                            "file");
  load_clear (&load);

  /* The name of the root goes into the message: valid UTF-8 always. */
  load_text (&load, "<ti\xffme/>", 9, NULL);
  g_assert_error (load.error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_UNKNOWN_FORMAT);
  g_assert_true (g_utf8_validate (load.error->message, -1, NULL));
  g_assert_cmpstr (load.error->message, ==, "inline.xml is not a timeline: the root element is "
                                            "<ti\xef\xbf\xbdme>");
  load_clear (&load);

  load_text (&load, no_root, strlen (no_root), NULL);
  g_assert_error (load.error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_UNKNOWN_FORMAT);
  g_assert_cmpstr (load.error->message, ==, "inline.xml is not a timeline: it has no root "
                                            "element");
  load_clear (&load);
}

static void
test_unclosed (void)
{
  static const char comment[] =
    "<?xml version=\"1.0\"?>\n"
    "<!-- never closed\n"
    "<timeline xmlns=\"urn:annals:timeline:1\" version=\"1\"><title>x</title></timeline>\n";
  static const char cdata[] =
    "<timeline xmlns=\"urn:annals:timeline:1\" version=\"1\">\n"
    "  <title><![CDATA[x</title></timeline>\n";
  Load load;

  /* Placed where it starts, not where libxml2 gave up. */
  load_text (&load, comment, strlen (comment), NULL);
  g_assert_error (load.error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID);
  assert_error_at (&load, "a comment (<!--) is not closed with -->", 2, 1);
  load_clear (&load);

  load_text (&load, cdata, strlen (cdata), NULL);
  g_assert_error (load.error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID);
  assert_error_at (&load, "a CDATA section (<![CDATA[) is not closed with ]]>", 2, 10);
  load_clear (&load);
}

/* Positions */

static void
test_columns_count_characters (void)
{
  /* libxml2 counts characters, not bytes, and a tab as one: so does the
   * reader's own scan, in UTF-8 and UTF-16 alike. */
  static const char text[] =
    "<timeline xmlns=\"urn:annals:timeline:1\" version=\"1\">\n"
    "<title>é€𝄞\t</title><evnt/>\n"
    "</timeline>\n";
  g_autofree char *utf16 = NULL;
  glong n_units = 0;
  gunichar2 *units;
  Load load;

  load_text (&load, text, strlen (text), NULL);
  assert_error_at (&load, "unknown element <evnt> in <timeline>; did you mean <event>?", 2, 20);
  load_clear (&load);

  units = g_utf8_to_utf16 (text, -1, NULL, &n_units, NULL);
  utf16 = g_malloc (2 + n_units * 2);
  utf16[0] = (char) 0xff;
  utf16[1] = (char) 0xfe;
  for (glong i = 0; i < n_units; i++)
    {
      utf16[2 + 2 * i] = (char) (units[i] & 0xff);
      utf16[3 + 2 * i] = (char) (units[i] >> 8);
    }
  g_free (units);

  load_text (&load, utf16, 2 + n_units * 2, NULL);
  assert_error_at (&load, "unknown element <evnt> in <timeline>; did you mean <event>?", 2, 20);
  load_clear (&load);
}

static void
test_lines_beyond_65535 (void)
{
  GString *text = g_string_new ("<timeline xmlns=\"urn:annals:timeline:1\" version=\"1\">\n"
                                "<title>Long</title>\n");
  Load load;

  /* libxml2 stores line numbers in 16 bits unless asked otherwise. */
  for (guint i = 0; i < 70000; i++)
    g_string_append (text, "<!-- filler -->\n");
  g_string_append (text, "  <event id=\"late\" track=\"nowhere\"><title>x</title>"
                         "<start>2020</start></event>\n</timeline>\n");

  load_text (&load, text->str, text->len, NULL);
  assert_error_at (&load, "unknown track \"nowhere\"", 70003, 3);
  load_clear (&load);
  g_string_free (text, TRUE);
}

/* Reading through a stream that returns a few bytes at a time gives the same
 * result as reading it whole. */
static void
test_chunked (void)
{
  static const char * const files[] = {
    "good.xml", "good-utf16.xml", "bad-unknown-element.xml", "bad-attributes.xml",
    "bad-truncated.xml", "hostile-billion-laughs.xml", "bad-html.xml", "bad-empty-values.xml",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = fixture_path (files[i]);
      g_autofree char *contents = NULL;
      g_autofree char *whole = NULL;
      gsize length;
      Load load;

      g_file_get_contents (path, &contents, &length, NULL);
      g_assert_nonnull (contents);

      load_text (&load, contents, length, NULL);
      whole = annals_diagnostics_to_string (load.diagnostics);
      load_clear (&load);

      for (gsize chunk = 1; chunk <= 7; chunk += 3)
        {
          g_autoptr(GBytes) bytes = g_bytes_new (contents, length);
          g_autoptr(GInputStream) stream = test_trickle_stream_new (bytes, chunk);
          g_autoptr(AnnalsDiagnostics) diagnostics = annals_diagnostics_new ("inline.xml");
          g_autoptr(GError) error = NULL;
          g_autoptr(AnnalsTimeline) timeline = NULL;
          g_autofree char *chunked = NULL;
          AnnalsXmlReader *reader;

          reader = annals_xml_reader_new (stream, length, "inline.xml", NULL, diagnostics);
          timeline = annals_parse_native (reader, NULL, diagnostics, &error);
          annals_xml_reader_free (reader);

          chunked = annals_diagnostics_to_string (diagnostics);
          g_assert_cmpstr (chunked, ==, whole);
        }
    }
}

/* Limits, cancellation, progress */

static void
test_too_large (void)
{
  g_autofree char *path = fixture_path ("good.xml");
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *shown_size = NULL;
  g_autofree char *shown_limit = g_format_size (1000);
  AnnalsLoadOptions options = { .max_bytes = 1000 };
  gsize length;
  Load load;

  g_file_get_contents (path, &contents, &length, NULL);
  shown_size = g_format_size (length);

  load_path (&load, path, &options);
  g_assert_error (load.error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_TOO_LARGE);
  expected = g_strdup_printf ("%s is too large: %s (%" G_GSIZE_FORMAT " bytes), more than the "
                              "limit of %s (1000 bytes)", path, shown_size, length, shown_limit);
  g_assert_cmpstr (load.error->message, ==, expected);
  load_clear (&load);

  load_text (&load, contents, length, &options);
  g_assert_error (load.error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_TOO_LARGE);
  load_clear (&load);
}

static void
test_too_large_while_reading (void)
{
  g_autofree char *path = fixture_path ("good.xml");
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(AnnalsDiagnostics) diagnostics = annals_diagnostics_new ("pipe");
  g_autoptr(GError) error = NULL;
  g_autofree char *shown_limit = g_format_size (1000);
  g_autofree char *expected = g_strdup_printf ("pipe is larger than the limit of %s (1000 bytes)",
                                               shown_limit);
  AnnalsLoadOptions options = { .max_bytes = 1000 };
  AnnalsTimeline *timeline;
  AnnalsXmlReader *reader;
  gsize length;

  /* A stream whose size is not known up front (a pipe) is limited as read. */
  g_file_get_contents (path, &contents, &length, NULL);
  bytes = g_bytes_new (contents, length);
  stream = test_trickle_stream_new (bytes, 64);

  reader = annals_xml_reader_new (stream, 0, "pipe", &options, diagnostics);
  timeline = annals_parse_native (reader, &options, diagnostics, &error);
  annals_xml_reader_free (reader);

  g_assert_null (timeline);
  g_assert_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_max_events (void)
{
  AnnalsLoadOptions options = { .max_events = 3 };
  g_autofree char *expected = NULL;
  Load load;

  load_fixture (&load, "good.xml");
  g_assert_no_error (load.error);
  load_clear (&load);

  {
    g_autofree char *path = fixture_path ("good.xml");

    load_path (&load, path, &options);
    expected = g_strdup_printf ("%s has more than 3 events, the most Annals reads from one file",
                                path);
  }
  g_assert_error (load.error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_TOO_LARGE);
  g_assert_cmpstr (load.error->message, ==, expected);
  assert_error_at (&load, "more than 3 events: this is the most Annals reads from one file",
                   59, 3);
  load_clear (&load);
}

static void
test_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AnnalsLoadOptions options = { .cancellable = cancellable };
  g_autofree char *path = fixture_path ("good.xml");
  g_autofree char *contents = NULL;
  gsize length;
  Load load;

  g_cancellable_cancel (cancellable);

  load_path (&load, path, &options);
  g_assert_error (load.error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_CANCELLED);
  load_clear (&load);

  g_file_get_contents (path, &contents, &length, NULL);
  load_text (&load, contents, length, &options);
  g_assert_error (load.error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_CANCELLED);
  g_assert_cmpstr (load.error->message, ==, "Loading inline.xml was cancelled");
  load_clear (&load);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  GArray *fractions = user_data;

  g_array_append_val (fractions, fraction);
}

static void
test_progress (void)
{
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  AnnalsLoadOptions options = { .progress = progress_cb, .progress_data = fractions };
  GString *text = g_string_new ("<timeline xmlns=\"urn:annals:timeline:1\" version=\"1\">\n"
                                "<title>Progress</title>\n");
  Load load;

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (text, "<event id=\"e%u\"><title>Event %u</title>"
                            "<start>%u</start></event>\n", i, i, 1000 + i);
  g_string_append (text, "</timeline>\n");

  load_text (&load, text->str, text->len, &options);
  g_assert_no_error (load.error);
  g_assert_cmpuint (load.timeline->n_events, ==, 3000);
  g_assert_cmpuint (fractions->len, >, 10);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i - 1), <,
                       g_array_index (fractions, double, i));
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);

  load_clear (&load);
  g_string_free (text, TRUE);
}

/* Many errors, a cap, warnings */

static void
test_error_cap (void)
{
  GString *text = g_string_new ("<timeline xmlns=\"urn:annals:timeline:1\" version=\"1\">\n"
                                "<title>Many errors</title>\n");
  Load load;

  for (guint i = 0; i < 150; i++)
    g_string_append_printf (text, "<event id=\"e%u\" track=\"t%u\"><title>x</title>"
                            "<start>2020</start></event>\n", i, i);
  g_string_append (text, "</timeline>\n");

  load_text (&load, text->str, text->len, NULL);
  g_assert_error (load.error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID);
  g_assert_cmpstr (load.error->message, ==,
                   "inline.xml:3:1: unknown track \"t0\" (and 149 more errors)");
  g_assert_cmpuint (annals_diagnostics_count (load.diagnostics, ANNALS_SEVERITY_ERROR), ==, 150);
  g_assert_cmpuint (annals_diagnostics_get_n_items (load.diagnostics), ==,
                    ANNALS_DIAGNOSTICS_DEFAULT_CAP);
  g_assert_cmpuint (annals_diagnostics_get_n_dropped (load.diagnostics), ==,
                    150 - ANNALS_DIAGNOSTICS_DEFAULT_CAP);
  assert_error_at (&load, "unknown track \"t99\"", 102, 1);

  load_clear (&load);
  g_string_free (text, TRUE);
}

static void
test_warnings_only (void)
{
  static const char text[] =
    "<timeline xmlns=\"urn:annals:timeline:1\" xmlns:x=\"urn:x\" version=\"1\">\n"
    "  <title>Warnings</title>\n"
    "  <track id=\"t\" x:hidden=\"true\"><x:style weight=\"bold\"/></track>\n"
    "  <track id=\"u\" x:hidden=\"false\"/>\n"
    "  <event id=\"a\" track=\"t\"><title>A</title><start>2020</start><tag> </tag></event>\n"
    "</timeline>\n";
  Load load;

  load_text (&load, text, strlen (text), NULL);
  g_assert_no_error (load.error);
  g_assert_cmpuint (load.timeline->n_tracks, ==, 2);
  g_assert_cmpuint (annals_diagnostics_count (load.diagnostics, ANNALS_SEVERITY_ERROR), ==, 0);
  /* Once per name. */
  g_assert_cmpuint (annals_diagnostics_count (load.diagnostics, ANNALS_SEVERITY_WARNING), ==, 3);
  assert_diagnostic (&load, ANNALS_SEVERITY_WARNING,
                     "the extension attribute x:hidden is ignored and will not be saved", 3, 3);
  assert_diagnostic (&load, ANNALS_SEVERITY_WARNING,
                     "the extension <x:style> inside <track> is ignored and will not be saved",
                     3, 33);
  assert_diagnostic (&load, ANNALS_SEVERITY_WARNING, "<tag> is empty", 5, 62);
  load_clear (&load);
}

/* Format detection */

static void
test_detect (void)
{
  static const struct
  {
    const char   *text;
    AnnalsFormat  format;
  } cases[] = {
    { "<timeline xmlns=\"urn:annals:timeline:1\" version=\"1\">", ANNALS_FORMAT_NATIVE },
    { "\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- c -->\n<?pi x?>\n"
      "<a:timeline xmlns:a='urn:annals:timeline:1'>", ANNALS_FORMAT_NATIVE },
    { "<!DOCTYPE timeline [ <!ENTITY x \"<data>\"> ]>\n"
      "<timeline xmlns=\"urn:annals:timeline:2\">", ANNALS_FORMAT_NATIVE },
    { "<timeline version=\"1\"><title>", ANNALS_FORMAT_NATIVE },
    { "<timeline>\n  <!-- x -->\n  <title>t</title>", ANNALS_FORMAT_NATIVE },
    { "<timeline xmlns=\"urn:annals:timeline:1\" vers", ANNALS_FORMAT_NATIVE },
    { "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<timeline>\n  <version>2.9.0</version>",
      ANNALS_FORMAT_TIMELINE_PROJECT },
    { "<data>\n  <event start=\"1900\" title=\"x\"/>", ANNALS_FORMAT_SIMILE },
    { "<data xmlns=\"urn:other\">", ANNALS_FORMAT_UNKNOWN },
    { "<x:timeline xmlns:x=\"urn:other\">", ANNALS_FORMAT_UNKNOWN },
    { "<html><body>", ANNALS_FORMAT_UNKNOWN },
    { "timeline", ANNALS_FORMAT_UNKNOWN },
    { "<!-- never closed", ANNALS_FORMAT_UNKNOWN },
    { "", ANNALS_FORMAT_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u: %s", i, cases[i].text);
      g_assert_cmpint (annals_detect_format (cases[i].text, strlen (cases[i].text)), ==,
                       cases[i].format);
    }
}

static void
test_detect_utf16 (void)
{
  g_autofree char *path = fixture_path ("good-utf16.xml");
  g_autofree char *contents = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, NULL);
  g_assert_cmpint (annals_detect_format (contents, length), ==, ANNALS_FORMAT_NATIVE);
  /* Cut in the middle of a unit, inside the start tag after the namespace. */
  g_assert_cmpint (annals_detect_format (contents, 165), ==, ANNALS_FORMAT_NATIVE);
}

static void
assert_simile_files_in (const char *dir_path,
                        const char *prefix,
                        guint      *n_found)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_str_has_suffix (name, ".xml") || !g_str_has_prefix (name, prefix))
        continue;

      path = g_build_filename (dir_path, name, NULL);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_test_message ("%s", path);
      g_assert_cmpint (annals_detect_format (contents, MIN (length, 4096)), ==,
                       ANNALS_FORMAT_SIMILE);
      (*n_found)++;
    }
}

static void
test_detect_simile_corpus (void)
{
  const char *shared = g_getenv ("ANNALS_SHARED_DIR");
  g_autofree char *corpus = NULL;
  g_autofree char *data = fixture_path ("");
  guint n_found = 0;

  if (shared != NULL)
    {
      corpus = g_build_filename (shared, "corpus", "simile", NULL);
      assert_simile_files_in (corpus, "", &n_found);
    }
  assert_simile_files_in (data, "simile-", &n_found);

  if (n_found == 0)
    g_test_skip ("no SIMILE files found");
}

/* The published grammar says what the reader says: files it accepts are
 * valid, files with a structural mistake are not. Mistakes that need the whole
 * file (references, duplicates, date order) are beyond a grammar. */

static void
silent_error_cb (void        *data,
                 xmlErrorPtr  error)
{
  guint *n_errors = data;

  (*n_errors)++;
}

static gboolean
schema_accepts_doc (xmlRelaxNGPtr schema,
                    xmlDocPtr     doc)
{
  xmlRelaxNGValidCtxtPtr context = xmlRelaxNGNewValidCtxt (schema);
  guint n_errors = 0;
  int ret;

  xmlRelaxNGSetValidStructuredErrors (context, silent_error_cb, &n_errors);
  ret = xmlRelaxNGValidateDoc (context, doc);
  xmlRelaxNGFreeValidCtxt (context);

  return ret == 0 && n_errors == 0;
}

static gboolean
schema_accepts (xmlRelaxNGPtr  schema,
                const char    *path)
{
  xmlDocPtr doc;
  gboolean accepts;

  doc = xmlReadFile (path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  g_assert_nonnull (doc);
  accepts = schema_accepts_doc (schema, doc);
  xmlFreeDoc (doc);

  return accepts;
}

static void
test_published_schema (void)
{
  static const char * const valid[] = {
    "good.xml", "good-utf16.xml", "bad-unknown-track.xml", "bad-unknown-category.xml",
    "bad-unknown-source.xml", "bad-end-before-start.xml", "bad-duplicate-event-id.xml",
    "bad-duplicate-ids.xml", "bad-instant-with-end.xml", "bad-measure-track-kind.xml",
    "bad-bounds.xml", "bad-tz.xml",
  };
  static const char * const invalid[] = {
    "bad-date.xml", "bad-unknown-element.xml", "bad-attributes.xml", "bad-numbers.xml",
    "bad-no-namespace.xml", "bad-html.xml", "bad-order.xml", "bad-missing-start.xml",
    "bad-no-title.xml", "bad-version.xml", "bad-empty-values.xml", "bad-text.xml",
  };
  g_autofree char *rng = g_test_build_filename (G_TEST_DIST, "..", "resources",
                                                "annals-timeline-1.rng", NULL);
  const char *root = g_getenv ("ANNALS_SOURCE_ROOT");
  g_autofree char *nato = NULL;
  xmlRelaxNGParserCtxtPtr parser;
  xmlRelaxNGPtr schema;
  guint n_errors = 0;

  parser = xmlRelaxNGNewParserCtxt (rng);
  xmlRelaxNGSetParserStructuredErrors (parser, silent_error_cb, &n_errors);
  schema = xmlRelaxNGParse (parser);
  xmlRelaxNGFreeParserCtxt (parser);
  g_assert_nonnull (schema);
  g_assert_cmpuint (n_errors, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autofree char *path = fixture_path (valid[i]);

      g_test_message ("valid: %s", valid[i]);
      g_assert_true (schema_accepts (schema, path));
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autofree char *path = fixture_path (invalid[i]);

      g_test_message ("invalid: %s", invalid[i]);
      g_assert_false (schema_accepts (schema, path));
    }

  nato = root != NULL ? g_build_filename (root, "data", "nato-2026.xml", NULL) : NULL;
  if (nato != NULL && g_file_test (nato, G_FILE_TEST_EXISTS))
    g_assert_true (schema_accepts (schema, nato));

  xmlRelaxNGFree (schema);
}

/* The reader enforces the published grammar itself (annals-native-schema.c
 * and annals-parser.c, without libxml2's RELAX NG validator). These tests hold
 * the two together: the tables must say what the grammar says, element by
 * element, and on thousands of variants of a file that uses every element and
 * attribute, the reader must reject what the grammar rejects and accept what
 * it accepts, except where the reader checks more than a grammar can. */

typedef struct
{
  AnnalsNativeElement element;
  guint32             allowed;         /* attributes */
  guint32             required;
  GHashTable         *children;        /* names */
  gboolean            text;
  gboolean            foreign_attributes;
  gboolean            foreign_elements;
} GrammarElement;

typedef struct
{
  GHashTable *defines;                 /* name -> xmlNodePtr */
  GPtrArray  *elements;                /* GrammarElement, one per element of the format */
  GQueue      pending;                 /* (element, node) pairs to look into */
} Grammar;

static gboolean
is_rng (xmlNodePtr  node,
        const char *name)
{
  return node->type == XML_ELEMENT_NODE && strcmp ((const char *) node->name, name) == 0;
}

static char *
rng_name (xmlNodePtr node)
{
  xmlChar *value = xmlGetProp (node, BAD_CAST "name");
  char *name = g_strdup ((const char *) value);

  xmlFree (value);

  return name != NULL ? g_strstrip (name) : NULL;
}

static GrammarElement *
grammar_element (Grammar             *grammar,
                 AnnalsNativeElement  element)
{
  GrammarElement *found;

  for (guint i = 0; i < grammar->elements->len; i++)
    {
      found = g_ptr_array_index (grammar->elements, i);
      if (found->element == element)
        return found;
    }

  found = g_new0 (GrammarElement, 1);
  found->element = element;
  found->children = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_ptr_array_add (grammar->elements, found);

  return found;
}

static void
grammar_element_free (gpointer data)
{
  GrammarElement *element = data;

  g_hash_table_unref (element->children);
  g_free (element);
}

/* What the pattern @node allows in the content of @into; @optional when it is
 * under optional, zeroOrMore or choice (so its attributes are not required). */
static void
collect (Grammar        *grammar,
         GrammarElement *into,
         xmlNodePtr      node,
         gboolean        optional)
{
  if (node->type != XML_ELEMENT_NODE)
    return;

  if (is_rng (node, "element"))
    {
      g_autofree char *name = rng_name (node);

      if (name == NULL)
        {
          /* anyName: an extension. */
          into->foreign_elements = TRUE;
          return;
        }

      g_hash_table_add (into->children, g_strdup (name));
      g_queue_push_tail (&grammar->pending, GUINT_TO_POINTER (annals_native_child (into->element,
                                                                                    name)));
      g_queue_push_tail (&grammar->pending, node);
    }
  else if (is_rng (node, "attribute"))
    {
      g_autofree char *name = rng_name (node);
      AnnalsNativeAttribute attribute;

      if (name == NULL)
        {
          into->foreign_attributes = TRUE;
          return;
        }

      attribute = annals_native_attribute (name);
      g_test_message ("grammar: attribute %s on <%s>%s", name,
                      annals_native_element_name (into->element), optional ? "" : ", required");
      g_assert_cmpint (attribute, <, ANNALS_N_ATTRIBUTES);
      into->allowed |= 1u << attribute;
      if (!optional)
        into->required |= 1u << attribute;
    }
  else if (is_rng (node, "text") || is_rng (node, "data") || is_rng (node, "value") ||
           is_rng (node, "list"))
    {
      into->text = TRUE;
    }
  else if (is_rng (node, "ref"))
    {
      g_autofree char *name = rng_name (node);
      xmlNodePtr define = g_hash_table_lookup (grammar->defines, name);

      g_assert_nonnull (define);
      for (xmlNodePtr child = define->children; child != NULL; child = child->next)
        collect (grammar, into, child, optional);
    }
  else
    {
      gboolean now_optional = optional || is_rng (node, "optional") ||
                              is_rng (node, "zeroOrMore") || is_rng (node, "choice");

      for (xmlNodePtr child = node->children; child != NULL; child = child->next)
        collect (grammar, into, child, now_optional);
    }
}

static void
test_schema_tables (void)
{
  static const char * const names[] = {
    "timeline", "title", "description", "as-of", "source", "publisher", "published", "url",
    "track", "category", "era", "event", "start", "end", "summary", "place", "actor",
    "quantity", "link", "cite", "tag", "measure",
  };
  g_autofree char *rng = g_test_build_filename (G_TEST_DIST, "..", "resources",
                                                "annals-timeline-1.rng", NULL);
  Grammar grammar = { 0, };
  GrammarElement *document;
  xmlNodePtr root;
  xmlDocPtr doc;
  guint n_seen = 0;

  doc = xmlReadFile (rng, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
  g_assert_nonnull (doc);
  root = xmlDocGetRootElement (doc);

  grammar.defines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  grammar.elements = g_ptr_array_new_with_free_func (grammar_element_free);
  g_queue_init (&grammar.pending);

  for (xmlNodePtr child = root->children; child != NULL; child = child->next)
    if (is_rng (child, "define"))
      g_hash_table_insert (grammar.defines, rng_name (child), child);

  /* From <start>, each element once per place it can be. */
  document = grammar_element (&grammar, ANNALS_ELEMENT_DOCUMENT);
  for (xmlNodePtr child = root->children; child != NULL; child = child->next)
    if (is_rng (child, "start"))
      collect (&grammar, document, child, FALSE);

  while (!g_queue_is_empty (&grammar.pending))
    {
      AnnalsNativeElement element = GPOINTER_TO_UINT (g_queue_pop_head (&grammar.pending));
      xmlNodePtr node = g_queue_pop_head (&grammar.pending);
      GrammarElement *found;
      gboolean seen = FALSE;

      /* The grammar has it there: so must the reader. */
      g_assert_cmpint (element, !=, ANNALS_ELEMENT_NONE);
      for (guint i = 0; i < grammar.elements->len && !seen; i++)
        seen = ((GrammarElement *) g_ptr_array_index (grammar.elements, i))->element == element;
      if (seen)
        continue;

      found = grammar_element (&grammar, element);
      for (xmlNodePtr child = node->children; child != NULL; child = child->next)
        if (!is_rng (child, "name"))
          collect (&grammar, found, child, FALSE);
    }

  for (guint i = 0; i < grammar.elements->len; i++)
    {
      GrammarElement *element = g_ptr_array_index (grammar.elements, i);

      if (element->element == ANNALS_ELEMENT_DOCUMENT)
        continue;
      n_seen++;

      g_test_message ("<%s> (%d)", annals_native_element_name (element->element),
                      element->element);
      g_assert_cmphex (annals_native_allowed_attributes (element->element), ==, element->allowed);
      g_assert_cmphex (annals_native_required_attributes (element->element), ==,
                       element->required);
      g_assert_cmpint (annals_native_holds_text (element->element), ==, element->text);
      g_assert_cmpint (annals_native_allows_foreign_attributes (element->element), ==,
                       element->foreign_attributes);
      g_assert_cmpint (annals_native_allows_foreign_elements (element->element), ==,
                       element->foreign_elements);

      /* Exactly the children the grammar has. */
      for (guint j = 0; j < G_N_ELEMENTS (names); j++)
        {
          g_test_message ("  child <%s>", names[j]);
          g_assert_cmpint (annals_native_child (element->element, names[j]) != ANNALS_ELEMENT_NONE,
                           ==, g_hash_table_contains (element->children, names[j]));
        }
    }

  /* Every element of the tables is in the grammar. */
  g_assert_cmpuint (n_seen, ==, ANNALS_N_ELEMENTS - 2);

  g_ptr_array_unref (grammar.elements);
  g_hash_table_unref (grammar.defines);
  xmlFreeDoc (doc);
}

/* What the reader may reject although the grammar accepts it: what needs the
 * whole file (references, duplicate ids, dates in order), the calendar
 * (30 February), the range of years and numbers, the time zone database. */
static gboolean
is_beyond_grammar (const char *message)
{
  static const char * const patterns[] = {
    "unknown track \"*", "unknown category \"*", "unknown source \"*", "duplicate * id \"*",
    "end * is before start *", "* is before its earliest date *",
    "* is after its latest date *", "earliest * is after latest *",
    "track \"*\" is not a quantity track*", "an instant has no end*", "a milestone has no end*",
    "\"*\" is not a known time zone*", "\"*\" is not a time zone*",
    "\"*\" is not a date: day * does not exist",
    "\"*\" is not a date: day * of * does not exist",
    "\"*\" is not a date: * is not a leap year, so February has no day 29",
    "\"*\" is not a date: the year is beyond ±1000000000", "*=\"*\" is too large a number",
  };

  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    if (g_pattern_match_simple (patterns[i], message))
      return TRUE;

  return FALSE;
}

/* Under AddressSanitizer every allocation costs much more, and libxml2's
 * validator allocates a great deal: there a sample of the variants is enough
 * to look for memory errors. Other builds compare them all. */
#if defined(__SANITIZE_ADDRESS__)
#define VARIANT_STRIDE 64
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VARIANT_STRIDE 64
#endif
#endif
#ifndef VARIANT_STRIDE
#define VARIANT_STRIDE 1
#endif

typedef struct
{
  xmlRelaxNGPtr schema;
  guint         n_made;
  guint         n_variants;
  guint         n_valid;
  guint         n_beyond;
} Variants;

static void
check_variant (Variants   *variants,
               xmlDocPtr   doc,
               const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalsDiagnostics) diagnostics = NULL;
  g_autoptr(AnnalsTimeline) timeline = NULL;
  xmlChar *text = NULL;
  int length = 0;
  xmlDocPtr reparsed;
  gboolean grammar_accepts;
  gboolean reader_accepts;
  gboolean only_beyond = TRUE;

  if (variants->n_made++ % VARIANT_STRIDE != 0)
    return;

  xmlDocDumpMemory (doc, &text, &length);
  reparsed = xmlReadMemory ((const char *) text, length, "variant.xml", NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  g_assert_nonnull (reparsed);
  grammar_accepts = schema_accepts_doc (variants->schema, reparsed);
  xmlFreeDoc (reparsed);

  timeline = annals_load_data ((const char *) text, length, "variant.xml", NULL, &diagnostics,
                               &error);
  reader_accepts = (timeline != NULL);

  for (guint i = 0; i < annals_diagnostics_get_n_items (diagnostics); i++)
    {
      const AnnalsDiagnostic *item = annals_diagnostics_get_item (diagnostics, i);

      if (item->severity == ANNALS_SEVERITY_ERROR && !is_beyond_grammar (item->message))
        only_beyond = FALSE;
    }

  if ((grammar_accepts && !reader_accepts && !only_beyond) ||
      (!grammar_accepts && reader_accepts))
    {
      g_autofree char *all = annals_diagnostics_to_string (diagnostics);

      g_test_message ("%s: the grammar %s it, the reader %s it:\n%s\n%s", what,
                      grammar_accepts ? "accepts" : "rejects",
                      reader_accepts ? "accepts" : "rejects", all, text);
      g_test_fail ();
    }

  variants->n_variants++;
  variants->n_valid += grammar_accepts;
  variants->n_beyond += grammar_accepts && !reader_accepts;
  xmlFree (text);
}

static void
add_elements (GPtrArray  *elements,
              xmlNodePtr  node)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      g_ptr_array_add (elements, node);
      add_elements (elements, node->children);
    }
}

/* In document order, the root first. */
static GPtrArray *
document_elements (xmlDocPtr doc)
{
  GPtrArray *elements = g_ptr_array_new ();

  add_elements (elements, xmlDocGetRootElement (doc));

  return elements;
}

/* Parses @xml with the timeline's namespace as default and x: declared, and
 * appends its elements and text to @parent. */
static void
append_fragment (xmlNodePtr  parent,
                 const char *xml)
{
  g_autofree char *wrapped = g_strdup_printf ("<w xmlns=\"urn:annals:timeline:1\" "
                                              "xmlns:x=\"urn:x\">%s</w>", xml);
  xmlDocPtr fragment = xmlReadMemory (wrapped, (int) strlen (wrapped), "fragment.xml", NULL,
                                      XML_PARSE_NONET);
  xmlNodePtr child;

  g_assert_nonnull (fragment);
  child = xmlDocGetRootElement (fragment)->children;
  while (child != NULL)
    {
      xmlNodePtr next = child->next;
      xmlNodePtr copy = xmlDocCopyNode (child, parent->doc, 1);

      xmlAddChild (parent, copy);
      child = next;
    }
  xmlReconciliateNs (parent->doc, parent);
  xmlFreeDoc (fragment);
}

/* Every element and attribute once, and references that resolve, so that a
 * variant's errors are its own. Smaller than good.xml: libxml2's validator
 * takes long over interleaved content, and there are thousands of variants. */
static const char variants_base[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<timeline xmlns=\"urn:annals:timeline:1\" xmlns:ext=\"urn:example:ext\" version=\"1\"\n"
  "          tz=\"UTC\" lang=\"en\">\n"
  "  <ext:generator name=\"test\">Hand-written</ext:generator>\n"
  "  <title>Every element</title>\n"
  "  <description>A test file.</description>\n"
  "  <as-of>2026-02-19</as-of>\n"
  "  <source id=\"report\" kind=\"article\" reliability=\"high\">\n"
  "    <title>The report</title>\n"
  "    <publisher>The Publisher</publisher>\n"
  "    <published>2026-02-19T07:05</published>\n"
  "    <url>https://example.org/report</url>\n"
  "  </source>\n"
  "  <track id=\"missions\" label=\"Missions\" color=\"#1a5fb4\">\n"
  "    <track id=\"iraq\" label=\"Iraq\"/>\n"
  "  </track>\n"
  "  <track id=\"troops\" label=\"Troops\" kind=\"quantity\" unit=\"troops\"/>\n"
  "  <category id=\"mission\" label=\"Mission\" color=\"#c64600\"/>\n"
  "  <era start=\"2025-01-20\" end=\"2029-01-20\" label=\"An era\" color=\"#f6d32d\"/>\n"
  "  <event id=\"nmi\" track=\"iraq\" type=\"span\" category=\"mission\" status=\"active\">\n"
  "    <title>NATO Mission Iraq</title>\n"
  "    <start approx=\"true\" earliest=\"2018-09\" latest=\"2018-11\">2018-10</start>\n"
  "    <end status=\"proposed\" earliest=\"2026-09\" latest=\"2027\">2026-09</end>\n"
  "    <summary>Plain text.</summary>\n"
  "    <place>Iraq</place>\n"
  "    <actor>NATO</actor>\n"
  "    <quantity unit=\"troops\" change=\"-2500\"/>\n"
  "    <link href=\"https://example.org/nmi\">The mission</link>\n"
  "    <cite source=\"report\" quote=\"a quote\" page=\"12\"/>\n"
  "    <tag>iraq</tag>\n"
  "    <ext:note ext:level=\"2\">Kept</ext:note>\n"
  "  </event>\n"
  "  <measure track=\"troops\" date=\"2024\" value=\"2500\" approx=\"true\" source=\"report\">\n"
  "    <cite source=\"report\" quote=\"around 2,500\"/>\n"
  "  </measure>\n"
  "  <ext:trailer/>\n"
  "</timeline>\n";

static void
test_schema_variants (void)
{
  static const char * const fragments[] = {
    "<title>T</title>", "<description>D</description>", "<as-of>2020</as-of>",
    "<source id=\"nsrc\"><title>S</title></source>", "<track id=\"ntrack\"/>",
    "<category id=\"ncat\"/>", "<era start=\"2020\" label=\"E\"/>",
    "<event id=\"nev\"><title>E</title><start>2020</start></event>",
    "<measure track=\"troops\" date=\"2020\" value=\"1\"/>", "<publisher>P</publisher>",
    "<published>2020</published>", "<url>http://x</url>", "<start>2020</start>",
    "<end>2021</end>", "<summary>S</summary>", "<place>P</place>", "<actor>A</actor>",
    "<quantity unit=\"u\" value=\"1\"/>", "<link href=\"http://x\">L</link>",
    "<cite source=\"report\"/>", "<tag>t</tag>",
    "<x:foo x:a=\"1\" a=\"2\">t &amp; u<x:b/><!-- c --></x:foo>", "<bogus/>",
    "<plain xmlns=\"\"/>", "stray words", " \n ", "<!-- c --><?pi x?>",
  };
  static const char * const values[] = {
    "", "  ", "a b", "bogus", "2020-13", "-0199", "00000002020", "2020-02-29T10:00+0130",
    "1e", ".5", "1e400", "#12345", "#123456", " true ", "span", "quantity", "proposed",
    "Europe/Brussels", "x & y", "\ta",
  };
  static const char * const texts[] = {
    "", "  ", "bogus", "2020-13-45", "0000002020", "00000002020", " 2020 ", "2020-02-29",
    "2021-02-29", "x & y", "1963-11-22T12:30:00-06:00", "2026-02-19T07:05Z",
  };
  g_autofree char *rng = g_test_build_filename (G_TEST_DIST, "..", "resources",
                                                "annals-timeline-1.rng", NULL);
  g_autoptr(GPtrArray) base_elements = NULL;
  xmlRelaxNGParserCtxtPtr parser;
  Variants variants = { 0, };
  xmlDocPtr base;

  parser = xmlRelaxNGNewParserCtxt (rng);
  variants.schema = xmlRelaxNGParse (parser);
  xmlRelaxNGFreeParserCtxt (parser);
  g_assert_nonnull (variants.schema);

  base = xmlReadMemory (variants_base, (int) strlen (variants_base), "base.xml", NULL,
                        XML_PARSE_NONET);
  g_assert_nonnull (base);
  base_elements = document_elements (base);
  check_variant (&variants, base, "the base");
  g_assert_cmpuint (variants.n_beyond, ==, 0);
  g_assert_cmpuint (variants.n_valid, ==, 1);

  for (guint e = 0; e < base_elements->len; e++)
    {
      xmlNodePtr original = g_ptr_array_index (base_elements, e);
      g_autofree char *where = g_strdup_printf ("<%s> on line %ld", original->name,
                                                xmlGetLineNo (original));
      gboolean foreign = original->ns == NULL ||
                         strcmp ((const char *) original->ns->href, "urn:annals:timeline:1") != 0;
      g_autoptr(GPtrArray) attributes = g_ptr_array_new_with_free_func (g_free);
      gboolean has_text = FALSE;

      for (xmlAttrPtr attr = original->properties; attr != NULL; attr = attr->next)
        g_ptr_array_add (attributes, g_strdup ((const char *) attr->name));
      for (xmlNodePtr child = original->children; child != NULL; child = child->next)
        if (child->type == XML_TEXT_NODE && !xmlIsBlankNode (child))
          has_text = TRUE;

      /* Removed, doubled, moved first and last in its parent. */
      for (guint how = 0; how < 4 && original->parent->type == XML_ELEMENT_NODE; how++)
        {
          xmlDocPtr doc = xmlCopyDoc (base, 1);
          g_autoptr(GPtrArray) elements = document_elements (doc);
          xmlNodePtr node = g_ptr_array_index (elements, e);
          xmlNodePtr parent = node->parent;
          g_autofree char *what = g_strdup_printf ("%s %s", where,
                                                   (const char *[]) { "removed", "doubled",
                                                                      "first", "last" }[how]);

          if (how == 0)
            {
              xmlUnlinkNode (node);
              xmlFreeNode (node);
            }
          else if (how == 1)
            xmlAddPrevSibling (node, xmlDocCopyNode (node, doc, 1));
          else
            {
              xmlUnlinkNode (node);
              if (how == 2 && parent->children != NULL)
                xmlAddPrevSibling (parent->children, node);
              else
                xmlAddChild (parent, node);
            }
          check_variant (&variants, doc, what);
          xmlFreeDoc (doc);
        }

      if (foreign)
        continue;

      /* Something added inside. */
      for (guint f = 0; f < G_N_ELEMENTS (fragments); f++)
        {
          xmlDocPtr doc = xmlCopyDoc (base, 1);
          g_autoptr(GPtrArray) elements = document_elements (doc);
          g_autofree char *what = g_strdup_printf ("%s with %s", where, fragments[f]);

          append_fragment (g_ptr_array_index (elements, e), fragments[f]);
          check_variant (&variants, doc, what);
          xmlFreeDoc (doc);
        }

      /* Attributes: one more, one fewer, other values. */
      for (guint a = 0; a < 4; a++)
        {
          xmlDocPtr doc = xmlCopyDoc (base, 1);
          g_autoptr(GPtrArray) elements = document_elements (doc);
          xmlNodePtr node = g_ptr_array_index (elements, e);
          g_autofree char *what = g_strdup_printf ("%s with an attribute (%u)", where, a);

          if (a == 0)
            xmlSetProp (node, BAD_CAST "bogus", BAD_CAST "1");
          else if (a == 1)
            xmlSetNsProp (node, xmlNewNs (node, BAD_CAST "urn:y", BAD_CAST "y"), BAD_CAST "foo",
                          BAD_CAST "1");
          else if (a == 2)
            xmlSetNsProp (node, xmlNewNs (node, BAD_CAST "urn:annals:timeline:1", BAD_CAST "a"),
                          BAD_CAST "id", BAD_CAST "z");
          else
            xmlSetNsProp (node, xmlSearchNs (doc, node, BAD_CAST "xml"), BAD_CAST "lang",
                          BAD_CAST "en");
          check_variant (&variants, doc, what);
          xmlFreeDoc (doc);
        }

      for (guint a = 0; a < attributes->len; a++)
        {
          const char *name = g_ptr_array_index (attributes, a);

          for (gint v = -1; v < (gint) G_N_ELEMENTS (values); v++)
            {
              xmlDocPtr doc = xmlCopyDoc (base, 1);
              g_autoptr(GPtrArray) elements = document_elements (doc);
              xmlNodePtr node = g_ptr_array_index (elements, e);
              g_autofree char *what = g_strdup_printf ("%s with %s=\"%s\"", where, name,
                                                       v < 0 ? "(none)" : values[v]);

              if (v < 0)
                xmlUnsetProp (node, BAD_CAST name);
              else
                xmlSetProp (node, BAD_CAST name, BAD_CAST values[v]);
              check_variant (&variants, doc, what);
              xmlFreeDoc (doc);
            }
        }

      if (!has_text)
        continue;

      for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
        {
          xmlDocPtr doc = xmlCopyDoc (base, 1);
          g_autoptr(GPtrArray) elements = document_elements (doc);
          xmlNodePtr node = g_ptr_array_index (elements, e);
          g_autofree char *what = g_strdup_printf ("%s with the text \"%s\"", where, texts[t]);
          xmlNodePtr child = node->children;

          while (child != NULL)
            {
              xmlNodePtr next = child->next;

              xmlUnlinkNode (child);
              xmlFreeNode (child);
              child = next;
            }
          xmlAddChild (node, xmlNewDocText (doc, BAD_CAST texts[t]));
          check_variant (&variants, doc, what);
          xmlFreeDoc (doc);
        }
    }

  g_test_message ("%u variants, %u valid, %u of them beyond a grammar", variants.n_variants,
                  variants.n_valid, variants.n_beyond);
  /* Enough of each kind for the comparison to mean something. */
  g_assert_cmpuint (variants.n_made, >, 2000);
  if (VARIANT_STRIDE == 1)
    {
      g_assert_cmpuint (variants.n_valid, >, 800);
      g_assert_cmpuint (variants.n_variants - variants.n_valid, >, 800);
    }

  xmlFreeDoc (base);
  xmlRelaxNGFree (variants.schema);
}

/* The threads: reading, parsing and building the model on three threads gives
 * what one thread gives, for good files, bad ones, and streams that hand out
 * a few bytes at a time. */

typedef struct
{
  char *diagnostics;
  char *error;
  char *model;                         /* the timeline written back, or "" */
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_free (outcome->diagnostics);
  g_free (outcome->error);
  g_free (outcome->model);
}

static void
read_with (GBytes                  *bytes,
           gboolean                 threads,
           gsize                    chunk,
           const AnnalsLoadOptions *options,
           Outcome                 *outcome)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(AnnalsDiagnostics) diagnostics = annals_diagnostics_new ("inline.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalsTimeline) timeline = NULL;
  AnnalsXmlReader *reader;

  if (chunk > 0)
    stream = test_trickle_stream_new (bytes, chunk);
  else
    stream = g_memory_input_stream_new_from_bytes (bytes);

  reader = annals_xml_reader_new (stream, g_bytes_get_size (bytes), "inline.xml", options,
                                  diagnostics);
  annals_xml_reader_set_threads (reader, threads);
  timeline = annals_parse_native (reader, options, diagnostics, &error);
  annals_xml_reader_free (reader);

  outcome->diagnostics = annals_diagnostics_to_string (diagnostics);
  outcome->error = g_strdup (error != NULL ? error->message : "");
  outcome->model = g_strdup ("");
  if (timeline != NULL)
    {
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

      g_assert_true (annals_write_native (timeline, out, NULL));
      g_output_stream_close (out, NULL, NULL);
      g_free (outcome->model);
      outcome->model = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                                  g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
    }
}

static void
assert_same_outcome (GBytes     *bytes,
                     const char *what)
{
  Outcome alone = { 0, };

  read_with (bytes, FALSE, 0, NULL, &alone);

  for (guint i = 0; i < 3; i++)
    {
      static const gsize chunks[] = { 0, 1, 7 };
      Outcome threaded = { 0, };

      /* Trickling a big file a byte at a time takes long, and says nothing
       * more than a small one does. */
      if (chunks[i] == 1 && g_bytes_get_size (bytes) > 100000)
        continue;

      g_test_message ("%s, threads, reads of %" G_GSIZE_FORMAT, what, chunks[i]);
      read_with (bytes, TRUE, chunks[i], NULL, &threaded);
      g_assert_cmpstr (threaded.diagnostics, ==, alone.diagnostics);
      g_assert_cmpstr (threaded.error, ==, alone.error);
      g_assert_cmpstr (threaded.model, ==, alone.model);
      outcome_clear (&threaded);
    }

  outcome_clear (&alone);
}

/* A file big enough for several blocks of the reader and batches of records,
 * with mistakes all along. */
static GBytes *
big_document (guint n_events)
{
  GString *text = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                "<timeline xmlns=\"urn:annals:timeline:1\" xmlns:x=\"urn:x\" "
                                "version=\"1\" tz=\"Europe/Brussels\">\n"
                                "  <title>Big</title>\n"
                                "  <source id=\"s\"><title>S</title></source>\n"
                                "  <track id=\"t\"/>\n");

  for (guint i = 0; i < n_events; i++)
    {
      g_string_append_printf (text, "  <event id=\"e%u\" track=\"%s\" status=\"%s\">"
                              "<title>Événement %u &amp; \"%u\"</title>"
                              "<start>%u-%02u-%02uT%02u:30</start>",
                              i % 997 == 0 ? i / 2 : i, i % 1013 == 0 ? "nowhere" : "t",
                              i % 1999 == 0 ? "rumoured" : "active", i, i, 1900 + i % 200,
                              1 + i % 12, 1 + i % 28, i % 24);
      if (i % 3 == 0)
        g_string_append_printf (text, "<cite source=\"s\" quote=\"quote %u\"/>", i);
      if (i % 501 == 0)
        g_string_append (text, "<x:note a=\"1\">kept <x:b/></x:note>");
      if (i % 777 == 0)
        g_string_append (text, "<evnt/>");
      if (i % 1201 == 0)
        g_string_append (text, "loose text");
      g_string_append (text, "</event>\n");
    }
  g_string_append (text, "</timeline>\n");

  return g_string_free_to_bytes (text);
}

static void
test_threads_same_result (void)
{
  static const char * const files[] = {
    "good.xml", "good-utf16.xml", "bad-unknown-element.xml", "bad-attributes.xml",
    "bad-truncated.xml", "hostile-billion-laughs.xml", "bad-html.xml", "bad-empty-values.xml",
    "bad-duplicate-event-id.xml", "bad-invalid-utf8.xml", "bad-text.xml",
  };
  g_autoptr(GBytes) big = big_document (12000);
  g_autoptr(GBytes) cut = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = fixture_path (files[i]);
      g_autofree char *contents = NULL;
      g_autoptr(GBytes) bytes = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      bytes = g_bytes_new (contents, length);
      assert_same_outcome (bytes, files[i]);
    }

  assert_same_outcome (big, "12000 events");

  /* Cut short in the middle of a block. */
  cut = g_bytes_new_from_bytes (big, 0, g_bytes_get_size (big) * 2 / 3);
  assert_same_outcome (cut, "12000 events, cut short");
}

static void
cancel_at_half_cb (double   fraction,
                   gpointer user_data)
{
  GCancellable *cancellable = user_data;

  if (fraction >= 0.5)
    g_cancellable_cancel (cancellable);
}

/* Cancelled while reading (from the progress callback, as a window would),
 * with and without threads; and the event limit reached on the model's
 * thread. */
static void
test_cancelled_while_reading (void)
{
  g_autoptr(GBytes) big = big_document (12000);

  for (guint threads = 0; threads < 2; threads++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      AnnalsLoadOptions options = { .cancellable = cancellable, .progress = cancel_at_half_cb,
                                    .progress_data = cancellable };
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (big);
      g_autoptr(AnnalsDiagnostics) diagnostics = annals_diagnostics_new ("inline.xml");
      g_autoptr(GError) error = NULL;
      AnnalsTimeline *timeline;
      AnnalsXmlReader *reader;

      reader = annals_xml_reader_new (stream, g_bytes_get_size (big), "inline.xml", &options,
                                      diagnostics);
      annals_xml_reader_set_threads (reader, threads);
      timeline = annals_parse_native (reader, &options, diagnostics, &error);
      annals_xml_reader_free (reader);

      g_assert_null (timeline);
      g_assert_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_CANCELLED);
      g_assert_cmpstr (error->message, ==, "Loading inline.xml was cancelled");
    }

  for (guint threads = 0; threads < 2; threads++)
    {
      AnnalsLoadOptions options = { .max_events = 5000 };
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (big);
      g_autoptr(AnnalsDiagnostics) diagnostics = annals_diagnostics_new ("inline.xml");
      g_autoptr(GError) error = NULL;
      AnnalsTimeline *timeline;
      AnnalsXmlReader *reader;

      reader = annals_xml_reader_new (stream, g_bytes_get_size (big), "inline.xml", &options,
                                      diagnostics);
      annals_xml_reader_set_threads (reader, threads);
      timeline = annals_parse_native (reader, &options, diagnostics, &error);
      annals_xml_reader_free (reader);

      g_assert_null (timeline);
      g_assert_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_TOO_LARGE);
      assert_diagnostic_in (diagnostics, ANNALS_SEVERITY_ERROR,
                            "more than 5000 events: this is the most Annals reads from one file",
                            5006, 3);
    }
}

/* Positions: random markup of every kind the scanner must see through,
 * read whole and in pieces of every size, each unknown element placed where
 * its "<" is. */
static void
test_positions_random_markup (void)
{
  static const char * const pieces[] = {
    "\n", "  ", "\t", "é", "𝄞", "<!-- a > b - c -->", "<!--\n-->", "<?pi a > b?>",
    "<?pi\n?>", "<x:e a=\"1 > 2\" b='it\"s'/>", "<x:e\n  a=\"x\ny\"\n/>", "<x:e>€</x:e>",
    "<x:e/>", "<x:e><x:f>t</x:f></x:e>", "\r\n",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (1963);

  for (guint round = 0; round < 20; round++)
    {
      GString *text = g_string_new ("<timeline xmlns=\"urn:annals:timeline:1\" xmlns:x=\"urn:x\" "
                                    "version=\"1\"><title>Positions</title>");
      g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
      g_autoptr(GBytes) bytes = NULL;
      guint line = 1;
      guint column = (guint) g_utf8_strlen (text->str, -1) + 1;

      for (guint i = 0; i < 200; i++)
        {
          const char *piece;

          if (g_rand_int_range (rand, 0, 4) == 0)
            {
              guint place[2] = { line, column };
              g_autofree char *element = g_strdup_printf ("<bogus%u/>", i);

              g_array_append_val (expected, place);
              piece = element;
              g_string_append (text, piece);
              column += (guint) g_utf8_strlen (piece, -1);
              continue;
            }

          piece = pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))];
          g_string_append (text, piece);
          for (const char *p = piece; *p != '\0'; p = g_utf8_next_char (p))
            {
              if (*p == '\n')
                {
                  line++;
                  column = 1;
                }
              else
                column++;
            }
        }
      g_string_append (text, "</timeline>\n");
      bytes = g_string_free_to_bytes (text);

      for (guint c = 0; c < 5; c++)
        {
          static const gsize chunks[] = { 0, 1, 2, 3, 64 };
          g_autoptr(AnnalsDiagnostics) diagnostics = NULL;
          g_autoptr(GInputStream) stream = NULL;
          g_autoptr(GError) error = NULL;
          AnnalsTimeline *timeline;
          AnnalsXmlReader *reader;

          stream = chunks[c] > 0 ? test_trickle_stream_new (bytes, chunks[c])
                                 : g_memory_input_stream_new_from_bytes (bytes);
          diagnostics = annals_diagnostics_new ("inline.xml");
          reader = annals_xml_reader_new (stream, g_bytes_get_size (bytes), "inline.xml", NULL,
                                          diagnostics);
          timeline = annals_parse_native (reader, NULL, diagnostics, &error);
          annals_xml_reader_free (reader);
          g_assert_null (timeline);

          /* The unknown elements, in order; loose text is the other error. */
          for (guint i = 0, n = 0; i < annals_diagnostics_get_n_items (diagnostics); i++)
            {
              const AnnalsDiagnostic *item = annals_diagnostics_get_item (diagnostics, i);
              const guint *place;

              if (!g_str_has_prefix (item->message, "unknown element <bogus"))
                continue;
              g_assert_cmpuint (n, <, expected->len);
              place = &g_array_index (expected, guint, 2 * n);
              g_assert_cmpuint (item->line, ==, place[0]);
              g_assert_cmpuint (item->column, ==, place[1]);
              n++;
              if (i + 1 == annals_diagnostics_get_n_items (diagnostics))
                g_assert_cmpuint (n, ==, expected->len);
            }
          g_assert_cmpuint (annals_diagnostics_get_n_items (diagnostics), <=, expected->len + 1);
          g_assert_cmpuint (annals_diagnostics_get_n_items (diagnostics), >=, expected->len);
        }
    }
}

/* Dates in the forms most files use are read without annals_date_parse();
 * the result is the same to the bit, in every time zone kind. */
static void
test_common_dates (void)
{
  static const char * const zones[] = { NULL, "UTC", "+05:30", "-06:00", "Europe/Brussels" };
  static const int years[] = { 0, 4, 1582, 1900, 1970, 2024, 9999 };
  static const char * const times[] = { "", "T00:00", "T23:59", "T12:30Z", "T07:05:59",
                                        "T02:30" };

  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GPtrArray) dates = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GTimeZone) zone = zones[z] != NULL ? annals_tz_parse (zones[z], NULL) : NULL;
      Load load;

      g_string_append_printf (text, "<timeline xmlns=\"urn:annals:timeline:1\" version=\"1\"%s%s%s>"
                              "<title>Dates</title>\n",
                              zones[z] != NULL ? " tz=\"" : "", zones[z] != NULL ? zones[z] : "",
                              zones[z] != NULL ? "\"" : "");
      for (guint y = 0; y < G_N_ELEMENTS (years); y++)
        for (int month = 0; month <= 12; month += 1)
          for (guint d = 0; d < 3; d++)
            for (guint t = 0; t < G_N_ELEMENTS (times); t++)
              {
                static const int days[] = { 1, 29, 31 };
                AnnalsDate date;
                char *written;

                if (month == 0)
                  written = g_strdup_printf ("%04d", years[y]);
                else if (d == 0 && t == 0)
                  written = g_strdup_printf ("%04d-%02d", years[y], month);
                else
                  written = g_strdup_printf ("%04d-%02d-%02d%s", years[y], month, days[d],
                                             times[t]);
                if (!annals_date_parse (written, zone, &date, NULL) ||
                    (month == 0 && (d > 0 || t > 0)))
                  {
                    g_free (written);
                    continue;
                  }
                g_string_append_printf (text, "<event id=\"d%u\"><title>t</title><start>%s</start>"
                                        "</event>\n", dates->len, written);
                g_ptr_array_add (dates, written);
              }
      g_string_append (text, "</timeline>\n");

      load_text (&load, text->str, text->len, NULL);
      g_assert_no_error (load.error);
      g_assert_cmpuint (load.timeline->n_events, ==, dates->len);
      for (guint i = 0; i < dates->len; i++)
        {
          g_autofree char *id = g_strdup_printf ("d%u", i);
          const AnnalsEvent *event = find_event (load.timeline, id);
          AnnalsDate date;

          g_assert_true (annals_date_parse (g_ptr_array_index (dates, i), zone, &date, NULL));
          g_test_message ("%s in %s", (char *) g_ptr_array_index (dates, i),
                          zones[z] != NULL ? zones[z] : "no zone");
          g_assert_cmpint (event->start.time, ==, date.time);
          g_assert_cmpint (event->start.utc_offset, ==, date.utc_offset);
          g_assert_cmpint (event->start.precision, ==, date.precision);
          g_assert_cmpint (event->start.flags, ==, date.flags);
        }
      g_assert_cmpuint (dates->len, >, 500);
      load_clear (&load);
    }
}

/* Foreign elements are kept as xmlTextReaderReadOuterXml() would give them:
 * namespaces declared outside declared on them, entities and CDATA as text,
 * comments and processing instructions kept. */
static void
test_extensions_verbatim (void)
{
  static const char text[] =
    "<?xml version=\"1.0\"?>\n"
    "<timeline xmlns=\"urn:annals:timeline:1\" xmlns:e=\"urn:e\" xmlns:f=\"urn:f\" version=\"1\">\n"
    "  <title>Extensions</title>\n"
    "  <e:a e:x=\"1 &amp; 2\" f:y=\"&lt;&#10;\" plain=\"p\"><!-- c --><?pi d?>t&amp;u"
    "<![CDATA[<z>]]><f:b xmlns:g=\"urn:g\" g:c=\"3\"/><e:d xmlns:e=\"urn:other\"><e:i/></e:d>"
    "</e:a>\n"
    "  <g xmlns=\"urn:g\" xmlns:h=\"urn:h\" h:a=\"1\"><h:b/><k/></g>\n"
    "  <event id=\"a\"><title>A</title><start>2020</start>"
    "<e:n>in an event <f:m/></e:n></event>\n"
    "</timeline>\n";
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (xmlFree);
  xmlTextReaderPtr reader;
  Load load;

  /* What the reader of libxml2 gives for each foreign element. */
  reader = xmlReaderForMemory (text, (int) strlen (text), "inline.xml", NULL,
                               XML_PARSE_NONET | XML_PARSE_NOCDATA);
  while (xmlTextReaderRead (reader) == 1)
    {
      const xmlChar *uri = xmlTextReaderConstNamespaceUri (reader);

      if (xmlTextReaderNodeType (reader) == XML_READER_TYPE_ELEMENT &&
          xmlTextReaderDepth (reader) >= 1 && uri != NULL &&
          strcmp ((const char *) uri, "urn:annals:timeline:1") != 0)
        {
          g_ptr_array_add (expected, xmlTextReaderReadOuterXml (reader));
          xmlTextReaderNext (reader);
        }
    }
  xmlFreeTextReader (reader);
  g_assert_cmpuint (expected->len, ==, 3);

  for (guint threads = 0; threads < 2; threads++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
      Outcome outcome = { 0, };

      load_text (&load, text, strlen (text), NULL);
      g_assert_no_error (load.error);
      g_assert_cmpuint (load.timeline->n_extensions, ==, 2);
      g_assert_cmpstr (load.timeline->extensions[0], ==, g_ptr_array_index (expected, 0));
      g_assert_cmpstr (load.timeline->extensions[1], ==, g_ptr_array_index (expected, 1));
      g_assert_cmpuint (load.timeline->events[0].detail->n_extensions, ==, 1);
      g_assert_cmpstr (load.timeline->events[0].detail->extensions[0], ==,
                       g_ptr_array_index (expected, 2));
      load_clear (&load);

      /* And written back as it came, with or without threads. */
      read_with (bytes, threads, 0, NULL, &outcome);
      for (guint i = 0; i < expected->len; i++)
        g_assert_nonnull (strstr (outcome.model, g_ptr_array_index (expected, i)));
      outcome_clear (&outcome);
    }
}

/* Many events: the id index is then sorted on a second thread. Sorted by
 * start then id (ties in file order), found by id (of duplicates the first
 * in time), duplicates reported against the first on a lower line. */
static void
test_many_events (void)
{
  GString *text = g_string_new ("<timeline xmlns=\"urn:annals:timeline:1\" version=\"1\">\n"
                                "<title>Many</title>\n");
  guint n_duplicates = 0;
  Load load;

  for (guint i = 0; i < 66000; i++)
    {
      /* Long ids that share their first eight bytes, short ones, and now and
       * then (every 300th) one first used 150 lines before. */
      guint n = (i % 300 == 299) ? i - 150 : i;

      n_duplicates += (n != i);
      g_string_append_printf (text, "<event id=\"%s%u\"><title>t</title><start>%u</start></event>\n",
                              n % 3 == 0 ? "shared-prefix-" : "e", n, 2000 + i % 7);
    }
  g_string_append (text, "</timeline>\n");

  load_text (&load, text->str, text->len, NULL);
  g_assert_error (load.error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID);
  g_assert_cmpuint (n_duplicates, ==, 220);
  g_assert_cmpuint (annals_diagnostics_count (load.diagnostics, ANNALS_SEVERITY_ERROR), ==,
                    n_duplicates);
  for (guint i = 0; i < annals_diagnostics_get_n_items (load.diagnostics); i++)
    {
      const AnnalsDiagnostic *item = annals_diagnostics_get_item (load.diagnostics, i);
      const char *quoted = item->message + strlen ("duplicate event id \"");
      g_autofree char *expected = NULL;
      guint n;

      g_assert_true (g_str_has_prefix (item->message, "duplicate event id \""));
      if (g_str_has_prefix (quoted, "shared-prefix-"))
        quoted += strlen ("shared-prefix-");
      else
        quoted += strlen ("e");
      n = (guint) g_ascii_strtoull (quoted, NULL, 10);
      /* Event n is on line n + 3, its repeat 150 lines further. */
      expected = g_strdup_printf ("first defined on line %u", n + 3);
      g_assert_true (g_str_has_suffix (item->message, expected));
      g_assert_cmpuint (item->line, ==, n + 3 + 150);
    }
  load_clear (&load);

  /* Without the duplicates, the order and the index. */
  g_string_truncate (text, 0);
  g_string_append (text, "<timeline xmlns=\"urn:annals:timeline:1\" version=\"1\">\n"
                         "<title>Many</title>\n");
  for (guint i = 0; i < 66000; i++)
    g_string_append_printf (text, "<event id=\"%s%u\"><title>t</title><start>%u</start></event>\n",
                            i % 2 ? "shared-prefix-" : "e", i, 2000 + i % 7);
  g_string_append (text, "</timeline>\n");

  load_text (&load, text->str, text->len, NULL);
  g_assert_no_error (load.error);
  for (guint i = 1; i < load.timeline->n_events; i++)
    {
      const AnnalsEvent *a = &load.timeline->events[i - 1];
      const AnnalsEvent *b = &load.timeline->events[i];

      g_assert_true (a->start.time < b->start.time ||
                     (a->start.time == b->start.time && strcmp (a->id, b->id) < 0));
    }
  for (guint i = 0; i < load.timeline->n_events; i += 7)
    g_assert_cmpint (annals_timeline_find_event (load.timeline, load.timeline->events[i].id), ==,
                     i);
  g_assert_cmpint (annals_timeline_find_event (load.timeline, "shared-prefix-"), ==, -1);
  load_clear (&load);

  g_string_free (text, TRUE);
}

/* Text and attribute values come out with runs of white space made one space
 * and the ends trimmed, whatever the mix (most text is already so, and is
 * then copied as it is: both ways must agree). */
static char *
normalise_reference (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static void
test_text_normalised (void)
{
  static const char * const pieces[] = {
    "a", "word", " ", "  ", "\t", "\n", "\r\n", "é", "𝄞", "&", "x", "12345678", "<", "\"",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  GString *text = g_string_new ("<timeline xmlns=\"urn:annals:timeline:1\" version=\"1\">"
                                "<title>Text</title><source id=\"s\"><title>S</title></source>\n");
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  Load load;

  for (guint i = 0; i < 2000; i++)
    {
      GString *value = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 0, 30);
      g_autofree char *escaped = NULL;
      g_autofree char *in_attribute = NULL;
      g_auto(GStrv) parts = NULL;

      for (guint j = 0; j < n; j++)
        g_string_append (value, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
      escaped = g_markup_escape_text (value->str, -1);
      /* In an attribute, white space other than spaces is kept only when
       * written as a reference. */
      parts = g_strsplit (escaped, "\t", -1);
      in_attribute = g_strjoinv ("&#9;", parts);
      g_string_append_printf (text, "<event id=\"e%u\"><title>%s</title><start>2020</start>"
                              "<cite source=\"s\" quote=\"%s\"/></event>\n", i, escaped,
                              in_attribute);
      g_ptr_array_add (written, g_string_free (value, FALSE));
    }
  g_string_append (text, "</timeline>\n");

  load_text (&load, text->str, text->len, NULL);
  for (guint i = 0; i < written->len; i++)
    {
      g_autofree char *id = g_strdup_printf ("e%u", i);
      g_autofree char *expected = normalise_reference (g_ptr_array_index (written, i));
      const AnnalsEvent *event;

      if (load.timeline == NULL)
        break;
      event = find_event (load.timeline, id);
      g_assert_cmpstr (event->title, ==, expected);
      g_assert_cmpstr (event->detail->cites[0].quote, ==, expected);
    }
  /* Empty titles are warnings, not errors. */
  g_assert_no_error (load.error);
  load_clear (&load);
  g_string_free (text, TRUE);
}

/* Reading errors */

static void
test_io_errors (void)
{
  g_autofree char *missing = g_build_filename (g_get_tmp_dir (), "no-such-file.xml", NULL);
  g_autofree char *expected = NULL;
  const char *dir = g_get_tmp_dir ();
  Load load;

  load_path (&load, missing, NULL);
  g_assert_error (load.error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_IO);
  expected = g_strdup_printf ("%s does not exist", missing);
  g_assert_cmpstr (load.error->message, ==, expected);
  load_clear (&load);
  g_clear_pointer (&expected, g_free);

  load_path (&load, dir, NULL);
  g_assert_error (load.error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_IO);
  expected = g_strdup_printf ("%s is a folder, not a timeline file", dir);
  g_assert_cmpstr (load.error->message, ==, expected);
  load_clear (&load);
}

static void
test_io_permission (void)
{
  g_autofree char *path = write_temp_file ("locked.xml", "<timeline/>", -1);
  g_autofree char *expected = g_strdup_printf ("%s cannot be read: permission denied", path);
  Load load;

  g_chmod (path, 0);
  if (access (path, R_OK) == 0)
    {
      /* Running as root: permissions do not apply. */
      g_test_skip ("permissions are not enforced for this user");
      g_unlink (path);
      return;
    }

  load_path (&load, path, NULL);
  g_assert_error (load.error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_IO);
  g_assert_cmpstr (load.error->message, ==, expected);
  load_clear (&load);
  g_unlink (path);
}

/* Several loads at once share the compiled schema. */

static gpointer
load_in_thread (gpointer data)
{
  const char *path = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalsDiagnostics) diagnostics = NULL;
  AnnalsTimeline *timeline;

  for (guint i = 0; i < 5; i++)
    {
      timeline = annals_load_file (path, NULL, &diagnostics, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (timeline->n_events, ==, 7);
      annals_timeline_unref (timeline);
      g_clear_pointer (&diagnostics, annals_diagnostics_free);
    }

  return NULL;
}

static void
test_threads (void)
{
  g_autofree char *path = fixture_path ("good.xml");
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("load", load_in_thread, path);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/parser/good", test_good);
  g_test_add_func ("/parser/utf16", test_utf16);
  g_test_add_func ("/parser/nato-2026", test_nato);

  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    g_test_add_data_func (bad_cases[i].test_path, &bad_cases[i], test_bad_case);

  g_test_add_func ("/parser/hostile/external-entity-secret", test_external_entity_secret);
  g_test_add_func ("/parser/hostile/passwd-never-read", test_passwd_never_read);
  g_test_add_func ("/parser/hostile/deep-nesting", test_deep_nesting);
  g_test_add_func ("/parser/hostile/huge-attribute", test_huge_attribute);
  g_test_add_func ("/parser/hostile/binary-garbage", test_binary_garbage);
  g_test_add_func ("/parser/hostile/empty", test_empty);
  g_test_add_func ("/parser/not-a-timeline", test_not_a_timeline);
  g_test_add_func ("/parser/bad/unclosed", test_unclosed);

  g_test_add_func ("/parser/position/columns", test_columns_count_characters);
  g_test_add_func ("/parser/position/big-lines", test_lines_beyond_65535);
  g_test_add_func ("/parser/chunked", test_chunked);

  g_test_add_func ("/parser/limits/too-large", test_too_large);
  g_test_add_func ("/parser/limits/too-large-while-reading", test_too_large_while_reading);
  g_test_add_func ("/parser/limits/max-events", test_max_events);
  g_test_add_func ("/parser/cancelled", test_cancelled);
  g_test_add_func ("/parser/progress", test_progress);
  g_test_add_func ("/parser/error-cap", test_error_cap);
  g_test_add_func ("/parser/warnings-only", test_warnings_only);

  g_test_add_func ("/parser/detect/formats", test_detect);
  g_test_add_func ("/parser/detect/utf16", test_detect_utf16);
  g_test_add_func ("/parser/detect/simile-corpus", test_detect_simile_corpus);

  g_test_add_func ("/parser/schema/published", test_published_schema);
  g_test_add_func ("/parser/schema/tables", test_schema_tables);
  g_test_add_func ("/parser/schema/variants", test_schema_variants);

  g_test_add_func ("/parser/pipeline/same-result", test_threads_same_result);
  g_test_add_func ("/parser/cancelled-while-reading", test_cancelled_while_reading);
  g_test_add_func ("/parser/position/random-markup", test_positions_random_markup);
  g_test_add_func ("/parser/dates/common-forms", test_common_dates);
  g_test_add_func ("/parser/extensions/verbatim", test_extensions_verbatim);
  g_test_add_func ("/parser/many-events", test_many_events);
  g_test_add_func ("/parser/text/normalised", test_text_normalised);

  g_test_add_func ("/parser/io/errors", test_io_errors);
  g_test_add_func ("/parser/io/permission", test_io_permission);
  g_test_add_func ("/parser/threads", test_threads);

  return g_test_run ();
}
