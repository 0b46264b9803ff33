/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libxml/relaxng.h>

#include "annals-formats.h"
#include "annals-loader.h"

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
assert_diagnostic (Load           *load,
                   AnnalsSeverity  severity,
                   const char     *message,
                   guint           line,
                   guint           column)
{
  const AnnalsDiagnostic *item = find_diagnostic (load->diagnostics, message);

  if (item == NULL)
    {
      g_autofree char *all = annals_diagnostics_to_string (load->diagnostics);

      g_test_message ("expected \"%s\" among:\n%s", message, all);
    }
  g_assert_nonnull (item);
  g_assert_cmpint (item->severity, ==, severity);
  g_assert_cmpuint (item->line, ==, line);
  g_assert_cmpuint (item->column, ==, column);
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
schema_accepts (xmlRelaxNGPtr  schema,
                const char    *path)
{
  xmlRelaxNGValidCtxtPtr context = xmlRelaxNGNewValidCtxt (schema);
  guint n_errors = 0;
  xmlDocPtr doc;
  int ret;

  doc = xmlReadFile (path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  g_assert_nonnull (doc);
  xmlRelaxNGSetValidStructuredErrors (context, silent_error_cb, &n_errors);
  ret = xmlRelaxNGValidateDoc (context, doc);
  xmlRelaxNGFreeValidCtxt (context);
  xmlFreeDoc (doc);

  return ret == 0 && n_errors == 0;
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

  g_test_add_func ("/parser/io/errors", test_io_errors);
  g_test_add_func ("/parser/io/permission", test_io_permission);
  g_test_add_func ("/parser/threads", test_threads);

  return g_test_run ();
}
