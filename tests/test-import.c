/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals-test"

#include "config.h"

#include <string.h>

#include "annals-formats.h"
#include "annals-html.h"
#include "annals-import-util.h"
#include "annals-js-date.h"
#include "annals-loader.h"
#include "annals-xml-reader.h"

/* Helpers */

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static AnnalsDate
iso (const char *text)
{
  g_autoptr(GError) error = NULL;
  AnnalsDate date;

  if (!annals_date_parse (text, NULL, &date, &error))
    g_error ("Bad date in test: %s", error->message);

  return date;
}

/* The canonical text of a date, for readable assertions. */
static char *
text_of (const AnnalsDate *date)
{
  return annals_date_to_string (date);
}

#define assert_date(date, expected) \
  G_STMT_START { \
    g_autofree char *_text = text_of (date); \
    g_assert_cmpstr (_text, ==, expected); \
  } G_STMT_END

static AnnalsDate
js (const char         *text,
    AnnalsJsDateFormat  format)
{
  g_autoptr(GError) error = NULL;
  AnnalsDate date;

  if (!annals_js_date_parse (text, format, &date, &error))
    g_error ("\"%s\" should be a date: %s", text, error->message);

  return date;
}

static void
assert_js (const char         *text,
           AnnalsJsDateFormat  format,
           const char         *expected,
           AnnalsPrecision     precision,
           gint32              offset,
           gboolean            has_offset)
{
  AnnalsDate date = js (text, format);
  g_autofree char *canonical = text_of (&date);

  if (g_strcmp0 (canonical, expected) != 0 || date.precision != precision
      || date.utc_offset != offset
      || !!(date.flags & ANNALS_DATE_HAS_OFFSET) != !!has_offset)
    g_error ("\"%s\": got %s (precision %d, offset %d, flags %d), expected %s "
             "(precision %d, offset %d, has_offset %d)",
             text, canonical, date.precision, date.utc_offset, date.flags, expected,
             precision, offset, has_offset);
}

static void
assert_js_fails (const char         *text,
                 AnnalsJsDateFormat  format,
                 const char         *in_message)
{
  g_autoptr(GError) error = NULL;
  AnnalsDate date;

  if (annals_js_date_parse (text, format, &date, &error))
    {
      g_autofree char *canonical = text_of (&date);

      g_error ("\"%s\" should not be a date, got %s", text, canonical);
    }
  g_assert_error (error, ANNALS_DATE_ERROR, error->code);
  if (strstr (error->message, in_message) == NULL)
    g_error ("message for \"%s\" is \"%s\", lacks \"%s\"", text, error->message, in_message);
}

/* Imports @data with the importer of @format, through the real XML reader. */
static AnnalsTimeline *
import_data (const char          *data,
             AnnalsFormat         format,
             const char          *name,
             AnnalsDiagnostics  **diagnostics,
             GError             **error)
{
  g_autoptr(GInputStream) stream = NULL;
  AnnalsXmlReader *reader;
  AnnalsTimeline *timeline;
  gsize length = strlen (data);

  stream = g_memory_input_stream_new_from_data (g_memdup2 (data, length), length, g_free);
  *diagnostics = annals_diagnostics_new (name);
  reader = annals_xml_reader_new (stream, length, name, NULL, *diagnostics);

  if (format == ANNALS_FORMAT_SIMILE)
    timeline = annals_import_simile (reader, NULL, *diagnostics, error);
  else
    timeline = annals_import_timeline_project (reader, NULL, *diagnostics, error);

  annals_xml_reader_free (reader);

  return timeline;
}

static AnnalsTimeline *
import_file (const char          *name,
             AnnalsFormat         format,
             AnnalsDiagnostics  **diagnostics)
{
  g_autofree char *path = data_path (name);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  AnnalsTimeline *timeline;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    g_error ("%s", error->message);

  timeline = import_data (contents, format, name, diagnostics, &error);
  g_assert_no_error (error);
  g_assert_nonnull (timeline);

  return timeline;
}

static const AnnalsEvent *
find_by_title (AnnalsTimeline *timeline,
               const char     *title)
{
  for (guint i = 0; i < timeline->n_events; i++)
    if (g_strcmp0 (timeline->events[i].title, title) == 0)
      return &timeline->events[i];

  g_error ("no event titled \"%s\"", title);
  return NULL;
}

static gboolean
has_extension (const AnnalsEvent *event,
               const char        *fragment)
{
  if (event->detail == NULL)
    return FALSE;

  for (guint i = 0; i < event->detail->n_extensions; i++)
    if (strstr (event->detail->extensions[i], fragment) != NULL)
      return TRUE;

  return FALSE;
}

static gboolean
timeline_has_extension (AnnalsTimeline *timeline,
                        const char     *fragment)
{
  for (guint i = 0; i < timeline->n_extensions; i++)
    if (strstr (timeline->extensions[i], fragment) != NULL)
      return TRUE;

  return FALSE;
}

/* The diagnostic whose message contains @fragment; fails when there is none. */
static const AnnalsDiagnostic *
find_diagnostic (AnnalsDiagnostics *diagnostics,
                 const char        *fragment)
{
  for (guint i = 0; i < annals_diagnostics_get_n_items (diagnostics); i++)
    {
      const AnnalsDiagnostic *item = annals_diagnostics_get_item (diagnostics, i);

      if (strstr (item->message, fragment) != NULL)
        return item;
    }

  {
    g_autofree char *all = annals_diagnostics_to_string (diagnostics);

    g_error ("no diagnostic with \"%s\"; have:\n%s", fragment, all);
  }
  return NULL;
}

static void
assert_no_diagnostics (AnnalsDiagnostics *diagnostics)
{
  if (annals_diagnostics_get_n_items (diagnostics) > 0)
    {
      g_autofree char *all = annals_diagnostics_to_string (diagnostics);

      g_error ("unexpected diagnostics:\n%s", all);
    }
}

/* SIMILE date forms */

static void
test_js_date_iso8601 (void)
{
  AnnalsJsDateFormat modes[] = { ANNALS_JS_DATE_ISO8601, ANNALS_JS_DATE_GREGORIAN };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      AnnalsJsDateFormat m = modes[i];

      assert_js ("2006-05-28", m, "2006-05-28", ANNALS_PRECISION_DAY, 0, FALSE);
      assert_js ("2006-05", m, "2006-05", ANNALS_PRECISION_MONTH, 0, FALSE);
      assert_js ("2006-05-28T09:00:00Z", m, "2006-05-28T09:00:00Z",
                 ANNALS_PRECISION_SECOND, 0, TRUE);
      assert_js ("2006-05-28T09:00", m, "2006-05-28T09:00Z", ANNALS_PRECISION_MINUTE, 0, FALSE);
      /* A space instead of the T, as SIMILE's ISO reader allows. */
      assert_js ("2006-05-28 09:00:00", m, "2006-05-28T09:00:00Z",
                 ANNALS_PRECISION_SECOND, 0, FALSE);
      assert_js ("1963-11-22T12:30:00-06:00", m, "1963-11-22T18:30:00Z",
                 ANNALS_PRECISION_SECOND, -6 * 3600, TRUE);
      assert_js ("1963-11-22T12:30:00-0600", m, "1963-11-22T18:30:00Z",
                 ANNALS_PRECISION_SECOND, -6 * 3600, TRUE);
      assert_js ("1963-11-22T12:30+01", m, "1963-11-22T11:30Z", ANNALS_PRECISION_MINUTE,
                 3600, TRUE);
      /* Milliseconds are finer than any Annals date. */
      assert_js ("2006-05-28T09:00:00.250Z", m, "2006-05-28T09:00:00Z",
                 ANNALS_PRECISION_SECOND, 0, TRUE);
      /* Hours alone are a time of day at minute precision. */
      assert_js ("2006-05-28T09", m, "2006-05-28T09:00Z", ANNALS_PRECISION_MINUTE, 0, FALSE);
      /* Ordinal and week dates (2006-W22-1 is Monday 29 May 2006). */
      assert_js ("2006-148", m, "2006-05-28", ANNALS_PRECISION_DAY, 0, FALSE);
      assert_js ("2006-W22-1", m, "2006-05-29", ANNALS_PRECISION_DAY, 0, FALSE);
      assert_js ("2006-W22", m, "2006-05-29", ANNALS_PRECISION_DAY, 0, FALSE);
      assert_js ("2009-W01-1", m, "2008-12-29", ANNALS_PRECISION_DAY, 0, FALSE);
      /* 2004 has a week 53, 2006 has not. */
      assert_js ("2004-W53-7", m, "2005-01-02", ANNALS_PRECISION_DAY, 0, FALSE);
      /* Astronomical and extended years. */
      assert_js ("-0199-03-01", m, "-0199-03-01", ANNALS_PRECISION_DAY, 0, FALSE);
      assert_js ("+12006-05-28", m, "12006-05-28", ANNALS_PRECISION_DAY, 0, FALSE);
    }

  /* Basic forms run the fields together; in Gregorian mode digits alone are a
   * year of any length, as SIMILE's short-year rule and Date.parse read them. */
  assert_js ("20060528", ANNALS_JS_DATE_ISO8601, "2006-05-28", ANNALS_PRECISION_DAY, 0, FALSE);
  assert_js ("200605", ANNALS_JS_DATE_ISO8601, "2006-05", ANNALS_PRECISION_MONTH, 0, FALSE);
  assert_js ("2006148", ANNALS_JS_DATE_ISO8601, "2006-05-28", ANNALS_PRECISION_DAY, 0, FALSE);
  assert_js ("20060528T0930", ANNALS_JS_DATE_ISO8601, "2006-05-28T09:30Z",
             ANNALS_PRECISION_MINUTE, 0, FALSE);
  assert_js ("2006W221", ANNALS_JS_DATE_ISO8601, "2006-05-29", ANNALS_PRECISION_DAY, 0, FALSE);
  assert_js ("20060528", ANNALS_JS_DATE_GREGORIAN, "20060528", ANNALS_PRECISION_YEAR, 0, FALSE);
}

static void
test_js_date_javascript (void)
{
  AnnalsJsDateFormat g = ANNALS_JS_DATE_GREGORIAN;

  /* What Date.prototype.toString writes, with and without the weekday and the
   * zone's name. */
  assert_js ("Fri Nov 22 1963 12:30:00 GMT-0600", g, "1963-11-22T18:30:00Z",
             ANNALS_PRECISION_SECOND, -6 * 3600, TRUE);
  assert_js ("Nov 22 1963 12:30:00 GMT-0600", g, "1963-11-22T18:30:00Z",
             ANNALS_PRECISION_SECOND, -6 * 3600, TRUE);
  assert_js ("Fri Nov 22 1963 12:30:00 GMT-0600 (CST)", g, "1963-11-22T18:30:00Z",
             ANNALS_PRECISION_SECOND, -6 * 3600, TRUE);
  assert_js ("Nov 14 1840 00:00:00 GMT", g, "1840-11-14T00:00:00Z",
             ANNALS_PRECISION_SECOND, 0, TRUE);
  assert_js ("Aug 02 2006 08:35:00 GMT-0500", g, "2006-08-02T13:35:00Z",
             ANNALS_PRECISION_SECOND, -5 * 3600, TRUE);
  assert_js ("Dec 5 1926 00:00:00 GMT", g, "1926-12-05T00:00:00Z",
             ANNALS_PRECISION_SECOND, 0, TRUE);
  assert_js ("Sat, 23 Nov 1963 18:30:00 UTC", g, "1963-11-23T18:30:00Z",
             ANNALS_PRECISION_SECOND, 0, TRUE);
  assert_js ("Fri Nov 22 1963 12:30:00 GMT+01:00", g, "1963-11-22T11:30:00Z",
             ANNALS_PRECISION_SECOND, 3600, TRUE);
  assert_js ("Fri Nov 22 1963 12:30:00 +0100", g, "1963-11-22T11:30:00Z",
             ANNALS_PRECISION_SECOND, 3600, TRUE);
  /* The looser forms browsers read. */
  assert_js ("November 22, 1963", g, "1963-11-22", ANNALS_PRECISION_DAY, 0, FALSE);
  assert_js ("22 Nov 1963", g, "1963-11-22", ANNALS_PRECISION_DAY, 0, FALSE);
  assert_js ("22-Nov-1963", g, "1963-11-22", ANNALS_PRECISION_DAY, 0, FALSE);
  assert_js ("Sept 3 1939", g, "1939-09-03", ANNALS_PRECISION_DAY, 0, FALSE);
  assert_js ("11/22/1963", g, "1963-11-22", ANNALS_PRECISION_DAY, 0, FALSE);
  assert_js ("1963/11/22", g, "1963-11-22", ANNALS_PRECISION_DAY, 0, FALSE);
  assert_js ("Nov 1963", g, "1963-11", ANNALS_PRECISION_MONTH, 0, FALSE);
  assert_js ("Nov 22 1963 12:30", g, "1963-11-22T12:30Z", ANNALS_PRECISION_MINUTE, 0, FALSE);
  assert_js ("Nov 22 1963 12:30 PM EST", g, "1963-11-22T17:30Z", ANNALS_PRECISION_MINUTE,
             -5 * 3600, TRUE);
  assert_js ("Nov 22 1963 12:30 AM", g, "1963-11-22T00:30Z", ANNALS_PRECISION_MINUTE, 0, FALSE);
  assert_js ("2006-05-28T09:00:00 GMT", g, "2006-05-28T09:00:00Z",
             ANNALS_PRECISION_SECOND, 0, TRUE);
  /* Date.parse's two-digit years. */
  assert_js ("Nov 22 63", g, "1963-11-22", ANNALS_PRECISION_DAY, 0, FALSE);
  assert_js ("Nov 22 12", g, "2012-11-22", ANNALS_PRECISION_DAY, 0, FALSE);
  /* An era in a full date. */
  assert_js ("Mar 15 44 BC", g, "-0043-03-15", ANNALS_PRECISION_DAY, 0, FALSE);
}

static void
test_js_date_bare_years (void)
{
  AnnalsJsDateFormat modes[] = { ANNALS_JS_DATE_GREGORIAN, ANNALS_JS_DATE_ISO8601 };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      AnnalsJsDateFormat m = modes[i];

      /* Years of any length are years, never 19xx. */
      assert_js ("6", m, "0006", ANNALS_PRECISION_YEAR, 0, FALSE);
      assert_js ("1012", m, "1012", ANNALS_PRECISION_YEAR, 0, FALSE);
      assert_js ("1845", m, "1845", ANNALS_PRECISION_YEAR, 0, FALSE);
      assert_js ("-500", m, "-0500", ANNALS_PRECISION_YEAR, 0, FALSE);
      assert_js ("0", m, "0000", ANNALS_PRECISION_YEAR, 0, FALSE);
      /* BC is astronomical: 200 BC is -199, 1 BC is 0. */
      assert_js ("200 BC", m, "-0199", ANNALS_PRECISION_YEAR, 0, FALSE);
      assert_js ("200 bc", m, "-0199", ANNALS_PRECISION_YEAR, 0, FALSE);
      assert_js ("1 BC", m, "0000", ANNALS_PRECISION_YEAR, 0, FALSE);
      assert_js ("44 B.C.", m, "-0043", ANNALS_PRECISION_YEAR, 0, FALSE);
      assert_js ("3000 BCE", m, "-2999", ANNALS_PRECISION_YEAR, 0, FALSE);
      assert_js ("1 AD", m, "0001", ANNALS_PRECISION_YEAR, 0, FALSE);
      assert_js ("AD 1066", m, "1066", ANNALS_PRECISION_YEAR, 0, FALSE);
      assert_js ("476 CE", m, "0476", ANNALS_PRECISION_YEAR, 0, FALSE);
      /* Longer than SIMILE's 8 characters still works, and deep time. */
      assert_js ("10000 BC", m, "-9999", ANNALS_PRECISION_YEAR, 0, FALSE);
      assert_js ("-1000000000", m, "-1000000000", ANNALS_PRECISION_YEAR, 0, FALSE);
      assert_js ("  1845  ", m, "1845", ANNALS_PRECISION_YEAR, 0, FALSE);
    }
}

static void
test_js_date_invalid (void)
{
  AnnalsJsDateFormat g = ANNALS_JS_DATE_GREGORIAN;

  assert_js_fails ("", g, "empty");
  assert_js_fails ("   ", g, "empty");
  assert_js_fails ("soon", g, "\"soon\" is not a month");
  assert_js_fails ("Nov 32 1963", g, "no day 32");
  assert_js_fails ("Feb 29 1900", g, "not a leap year");
  assert_js_fails ("2006-13-01", g, "month 13");
  assert_js_fails ("2006-W54", g, "week");
  assert_js_fails ("2006-W53", g, "week");
  assert_js_fails ("13/22/1963", g, "month 13");
  assert_js_fails ("Nov 22", g, "no year");
  assert_js_fails ("Nov 22 1963 25:00", g, "hour 25");
  assert_js_fails ("Nov 22 1963 13:00 PM", g, "AM or PM");
  assert_js_fails ("0 BC", g, "no year 0");
  assert_js_fails ("-5 BC", g, "minus");
  assert_js_fails ("1000000001", g, "beyond");
  assert_js_fails ("123456789012345678", g, "beyond");
  assert_js_fails ("Nov 22 1963 GMT+2500", g, "does not exist");
  assert_js_fails ("Fri Nov 22 1963 (CST", g, "parenthesis");
  assert_js_fails ("Nov 22 1963 ☃", g, "no place in a date");
  /* The ISO mode says what the file declared. */
  assert_js_fails ("the day after", ANNALS_JS_DATE_ISO8601, "date-time-format");
  /* Date.parse's leniency about weekdays is kept, its guessing is not. */
  assert_js_fails ("Nov Dec 1963", g, "two months");
}

static void
test_js_date_boundaries (void)
{
  AnnalsDate date;
  AnnalsDate inclusive;

  /* Midnight where it was written is a whole day, on the date written. */
  date = js ("Fri Nov 22 1963 00:00:00 GMT-0600", ANNALS_JS_DATE_GREGORIAN);
  g_assert_true (annals_js_date_is_midnight (&date));
  annals_js_date_to_day (&date);
  g_assert_cmpint (date.precision, ==, ANNALS_PRECISION_DAY);
  g_assert_cmpint (date.utc_offset, ==, 0);
  g_assert_cmpint (date.flags & ANNALS_DATE_HAS_OFFSET, ==, 0);
  assert_date (&date, "1963-11-22");

  date = js ("Fri Nov 22 1963 12:30:00 GMT-0600", ANNALS_JS_DATE_GREGORIAN);
  g_assert_false (annals_js_date_is_midnight (&date));
  date = js ("1963", ANNALS_JS_DATE_GREGORIAN);
  g_assert_false (annals_js_date_is_midnight (&date));

  /* An exclusive end becomes the last period it closes. */
  date = iso ("1871");
  g_assert_true (annals_js_date_inclusive_end (&date, &inclusive));
  assert_date (&inclusive, "1870");
  g_assert_cmpint (annals_date_end_time (&inclusive), ==, date.time);

  date = iso ("2006-01");
  g_assert_true (annals_js_date_inclusive_end (&date, &inclusive));
  assert_date (&inclusive, "2005-12");

  date = iso ("2000-03-01");
  g_assert_true (annals_js_date_inclusive_end (&date, &inclusive));
  assert_date (&inclusive, "2000-02-29");
  g_assert_cmpint (annals_date_end_time (&inclusive), ==, date.time);

  date = iso ("0001");
  g_assert_true (annals_js_date_inclusive_end (&date, &inclusive));
  assert_date (&inclusive, "0000");

  /* Times keep their minute or second. */
  date = iso ("2006-05-28T09:00Z");
  g_assert_false (annals_js_date_inclusive_end (&date, &inclusive));
  g_assert_cmpint (inclusive.time, ==, date.time);
  g_assert_cmpint (inclusive.precision, ==, ANNALS_PRECISION_MINUTE);

  /* Nothing before the first year. */
  date = iso ("-1000000000");
  g_assert_false (annals_js_date_inclusive_end (&date, &inclusive));
}

/* HTML */

static void
test_html_text (void)
{
  struct
  {
    const char *html;
    const char *text;
  } cases[] = {
    { "", "" },
    { "plain", "plain" },
    { "  lots   of \n\t space  ", "lots of space" },
    { "<i>ref.</i> W.C.", "ref. W.C." },
    /* Broken markup from the JFK file: an unclosed <i>. */
    { "met at the Cortez hotel. <i>ref. W.C.<i>", "met at the Cortez hotel. ref. W.C." },
    { "Fish &amp; chips &eacute;t&eacute; &lt;b&gt;", "Fish & chips été <b>" },
    { "&#233;&#xE9;&#150;&#0;&#xD800;", "éé–\xef\xbf\xbd\xef\xbf\xbd" },
    { "&bogus; & &amp", "&bogus; & &amp" },
    { "a < b and c > d", "a < b and c > d" },
    { "one<br>two<br/>three", "one\ntwo\nthree" },
    { "<p>First</p><p>Second</p>", "First\n\nSecond" },
    { "Intro<ul><li>one</li><li>two</li></ul>After", "Intro\n\n• one\n• two\n\nAfter" },
    { "before<script>alert('x')</script>after", "beforeafter" },
    { "before<SCRIPT type=x>var a = '<p>';</SCRIPT> after", "before after" },
    { "a<style>p { color: red }</style>b", "ab" },
    { "x<!-- a comment <b> -->y", "xy" },
    { "<img src=x.png alt=\"A painting\"> of Monet", "A painting of Monet" },
    { "<img src=x onerror=alert(1)>", "" },
    { "<td>a</td><td>b</td>", "a b" },
    { "text<unclosed", "text<unclosed" },
    { "<p>\n  He was christened\n  as Oscar-Claude.\n</p>", "He was christened as Oscar-Claude." },
    { "a&nbsp;b", "a b" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = annals_html_to_text (cases[i].html, NULL);

      if (g_strcmp0 (text, cases[i].text) != 0)
        g_error ("\"%s\" gave \"%s\", expected \"%s\"", cases[i].html, text, cases[i].text);
    }
}

static void
test_html_links (void)
{
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                               annals_html_link_free);
  g_autofree char *text = NULL;
  const AnnalsHtmlLink *link;

  text = annals_html_to_text ("Some documentation for <a href=\"http://simile.mit.edu/timeline/\">"
                              "Timeline</a>, <A HREF='http://a.example/?x=1&amp;y=2'>"
                              "<b>bold</b> link</A>, <a href=\"#top\">top</a>, "
                              "<a name=x>anchor</a> and <a href=\"x.html\">"
                              "unclosed",
                              links);

  g_assert_cmpstr (text, ==, "Some documentation for Timeline, bold link, top, anchor and "
                             "unclosed");
  g_assert_cmpuint (links->len, ==, 3);

  link = g_ptr_array_index (links, 0);
  g_assert_cmpstr (link->href, ==, "http://simile.mit.edu/timeline/");
  g_assert_cmpstr (link->label, ==, "Timeline");

  link = g_ptr_array_index (links, 1);
  g_assert_cmpstr (link->href, ==, "http://a.example/?x=1&y=2");
  g_assert_cmpstr (link->label, ==, "bold link");

  link = g_ptr_array_index (links, 2);
  g_assert_cmpstr (link->href, ==, "x.html");
  g_assert_cmpstr (link->label, ==, "unclosed");

  g_assert_true (annals_html_href_is_safe ("http://a.example/"));
  g_assert_true (annals_html_href_is_safe ("HTTPS://a.example/"));
  g_assert_true (annals_html_href_is_safe ("mailto:someone@example.org"));
  g_assert_true (annals_html_href_is_safe ("ftp://a.example/file"));
  g_assert_true (annals_html_href_is_safe ("images/monet.png"));
  g_assert_true (annals_html_href_is_safe ("/wiki/Monet"));
  g_assert_true (annals_html_href_is_safe ("page?a=b:c"));
  g_assert_false (annals_html_href_is_safe ("javascript:alert(1)"));
  g_assert_false (annals_html_href_is_safe (" JavaScript:alert(1)"));
  g_assert_false (annals_html_href_is_safe ("data:text/html,<script>x</script>"));
  g_assert_false (annals_html_href_is_safe ("vbscript:x"));
  g_assert_false (annals_html_href_is_safe ("file:///etc/passwd"));
  g_assert_false (annals_html_href_is_safe ("java\tscript:x"));
  g_assert_false (annals_html_href_is_safe (""));
  g_assert_false (annals_html_href_is_safe (NULL));
}

/* Shared helpers */

static void
test_util_ids_and_colors (void)
{
  g_autoptr(AnnalsIdSet) ids = annals_id_set_new ();
  g_autofree char *a = annals_id_set_make (ids, "Work & Play", "category");
  g_autofree char *b = annals_id_set_make (ids, "work play", "category");
  g_autofree char *c = annals_id_set_make (ids, "Política", "category");
  g_autofree char *d = annals_id_set_make (ids, "1960s", "category");
  g_autofree char *e = annals_id_set_make (ids, "!!!", "category");
  g_autofree char *n = NULL;
  AnnalsColor color;

  g_assert_cmpstr (a, ==, "work-play");
  g_assert_cmpstr (b, ==, "work-play-2");
  g_assert_cmpstr (c, ==, "politica");
  g_assert_cmpstr (d, ==, "category-1960s");
  g_assert_cmpstr (e, ==, "category");
  g_assert_false (annals_id_set_take (ids, "politica"));
  g_assert_true (annals_id_set_take (ids, "events"));

  g_assert_true (annals_css_color_parse ("#0a0", &color));
  g_assert_cmphex (color, ==, 0x00aa00);
  g_assert_true (annals_css_color_parse ("#00AA00", &color));
  g_assert_cmphex (color, ==, 0x00aa00);
  g_assert_true (annals_css_color_parse (" DarkRed ", &color));
  g_assert_cmphex (color, ==, 0x8b0000);
  g_assert_true (annals_css_color_parse ("rgb(0, 170, 0)", &color));
  g_assert_cmphex (color, ==, 0x00aa00);
  g_assert_true (annals_css_color_parse ("rgba(255,0,0,0.5)", &color));
  g_assert_cmphex (color, ==, 0xff0000);
  g_assert_true (annals_css_color_parse ("rgb(100%,0%,0%)", &color));
  g_assert_cmphex (color, ==, 0xff0000);
  g_assert_false (annals_css_color_parse ("blurple", &color));
  g_assert_false (annals_css_color_parse ("#12345", &color));
  g_assert_false (annals_css_color_parse ("rgb(1,2)", &color));
  n = annals_color_to_string (0x00aa00);
  g_assert_cmpstr (n, ==, "#00aa00");
}

static void
test_util_text (void)
{
  g_autofree char *a = annals_import_normalize_text ("  one \t two  \n\n\r\n  three  \n");
  g_autofree char *b = annals_import_normalize_text (" \n\t ");
  g_autofree char *c = annals_import_extension ("x", "urn:x", "thing", "a < b & \"c\"",
                                                "value", "line\none \"two\"",
                                                "skipped", NULL, NULL);
  g_autofree char *d = annals_import_title_from_file ("/some/where/jfk.xml");

  /* As the native reader does: all white space is one space. */
  g_assert_cmpstr (a, ==, "one two three");
  g_assert_null (b);
  g_assert_cmpstr (c, ==, "<x:thing xmlns:x=\"urn:x\" value=\"line&#10;one &quot;two&quot;\">"
                          "a &lt; b &amp; \"c\"</x:thing>");
  g_assert_cmpstr (d, ==, "jfk");
}

/* SIMILE files */

static void
test_simile_example1 (void)
{
  g_autoptr(AnnalsDiagnostics) diagnostics = NULL;
  g_autoptr(AnnalsTimeline) timeline = import_file ("simile-example1.xml", ANNALS_FORMAT_SIMILE,
                                                    &diagnostics);
  const AnnalsEvent *event;

  assert_no_diagnostics (diagnostics);
  g_assert_cmpstr (timeline->title, ==, "simile-example1");
  g_assert_cmpuint (timeline->n_events, ==, 3);
  g_assert_cmpuint (timeline->n_tracks, ==, 1);
  g_assert_cmpstr (timeline->tracks[0].id, ==, "events");

  /* start="May 28 2006 09:00:00 GMT" end="Jun 15 2006 09:00:00 GMT" isDuration */
  event = find_by_title (timeline, "Writing Timeline documentation");
  g_assert_cmpstr (event->id, ==, "e1");
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_SPAN);
  g_assert_cmpint (event->track, ==, 0);
  assert_date (&event->start, "2006-05-28T09:00:00Z");
  assert_date (&event->end, "2006-06-15T09:00:00Z");
  g_assert_nonnull (event->detail);
  g_assert_cmpstr (event->detail->summary, ==,
                   "A few days to write some documentation for Timeline.");
  g_assert_cmpuint (event->detail->n_links, ==, 1);
  g_assert_cmpstr (event->detail->links[0].href, ==, "http://simile.mit.edu/timeline/");
  g_assert_cmpstr (event->detail->links[0].label, ==, "Timeline");
  g_assert_true (has_extension (event, "<simile:image "));
  g_assert_true (has_extension (event, "src=\"http://simile.mit.edu/images/csail-logo.gif\""));

  /* Both at midnight GMT: whole days; the end, Jun 26 00:00, closes Jun 25. */
  event = find_by_title (timeline, "Friend's wedding");
  g_assert_cmpstr (event->id, ==, "e2");
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_SPAN);
  assert_date (&event->start, "2006-06-16");
  assert_date (&event->end, "2006-06-25");
  g_assert_cmpint (annals_date_end_time (&event->end), ==,
                   iso ("2006-06-26").time);

  event = find_by_title (timeline, "Trip to Beijing");
  g_assert_cmpstr (event->id, ==, "e3");
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_INSTANT);
  assert_date (&event->start, "2006-08-02");
  g_assert_false (annals_date_is_set (&event->end));
  g_assert_cmpuint (event->detail->n_links, ==, 1);
  g_assert_cmpstr (event->detail->links[0].href, ==, "http://travel.yahoo.com/");
  g_assert_null (event->detail->links[0].label);
  g_assert_cmpstr (event->detail->summary, ==, "Woohoo!");
}

static void
test_simile_example2 (void)
{
  g_autoptr(AnnalsDiagnostics) diagnostics = NULL;
  g_autoptr(AnnalsTimeline) timeline = import_file ("simile-example2.xml", ANNALS_FORMAT_SIMILE,
                                                    &diagnostics);
  const AnnalsEvent *event;

  assert_no_diagnostics (diagnostics);
  g_assert_cmpuint (timeline->n_events, ==, 7);

  /* start="Aug 02 2006 08:35:00 GMT-0500": 13:35 UTC, written at -05:00. */
  event = find_by_title (timeline, "Board plane in Boston");
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_INSTANT);
  assert_date (&event->start, "2006-08-02T13:35:00Z");
  g_assert_cmpint (event->start.utc_offset, ==, -5 * 3600);
  g_assert_true (event->start.flags & ANNALS_DATE_HAS_OFFSET);
  /* An element holding only white space has no description. */
  g_assert_null (event->detail);

  event = find_by_title (timeline, "Dinner with old colleagues");
  assert_date (&event->start, "2006-08-03T12:00:00Z");

  /* Sorted by start: the events of Aug 3 come last. */
  g_assert_cmpstr (timeline->events[6].title, ==, "Dinner with old colleagues");
}

static void
test_simile_jfk (void)
{
  g_autoptr(AnnalsDiagnostics) diagnostics = NULL;
  g_autoptr(AnnalsTimeline) timeline = import_file ("simile-jfk.xml", ANNALS_FORMAT_SIMILE,
                                                    &diagnostics);
  const AnnalsEvent *event;
  guint n_spans = 0;

  assert_no_diagnostics (diagnostics);
  g_assert_cmpuint (timeline->n_events, ==, 130);
  for (guint i = 0; i < timeline->n_events; i++)
    if (timeline->events[i].type == ANNALS_EVENT_SPAN)
      n_spans++;
  g_assert_cmpuint (n_spans, ==, 16);

  /* The two classes become categories, in order of appearance. */
  g_assert_cmpuint (timeline->n_categories, ==, 2);
  g_assert_cmpstr (timeline->categories[0].id, ==, "important");
  g_assert_cmpstr (timeline->categories[0].label, ==, "important");
  g_assert_cmpstr (timeline->categories[1].id, ==, "strange");

  /* start="Fri Nov 22 1963 12:30:00 GMT-0600" */
  event = find_by_title (timeline, "Kennedy shot");
  g_assert_cmpstr (event->id, ==, "e38");
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_INSTANT);
  assert_date (&event->start, "1963-11-22T18:30:00Z");
  g_assert_cmpint (event->start.precision, ==, ANNALS_PRECISION_SECOND);
  g_assert_cmpint (event->start.utc_offset, ==, -6 * 3600);
  g_assert_cmpint (event->category, ==, 0);
  g_assert_cmpstr (event->detail->summary, ==, "President Kennedy shot in Dallas.");
  g_assert_true (has_extension (event, "<simile:icon "));
  g_assert_true (has_extension (event, "src=\"dark-red-circle.png\""));
  /* SIMILE's own id is kept; Annals ids are made in file order. */
  g_assert_true (has_extension (event, "<simile:id "));
  g_assert_true (has_extension (event, "value=\"Kennedy shot\""));

  /* start="Sat May 20 1961 00:00:00 GMT-0600": midnight in Dallas, a day. */
  event = find_by_title (timeline, "'Bay of Pigs' Invasion");
  g_assert_cmpstr (event->id, ==, "e1");
  assert_date (&event->start, "1961-05-20");
  g_assert_cmpint (event->start.precision, ==, ANNALS_PRECISION_DAY);

  /* May 01 1963 .. Jun 01 1963, both midnight: May 1 to May 31 inclusive. */
  event = find_by_title (timeline, "Oswald moves to New Orleans");
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_SPAN);
  assert_date (&event->start, "1963-05-01");
  assert_date (&event->end, "1963-05-31");
  g_assert_cmpstr (event->detail->summary, ==,
                   "Oswald moves to New Orleans, and finds employment at the William B. Riley "
                   "Coffee Company. ref. Treachery in Dallas, p 320");

  /* 12:40 .. 12:45 GMT-0600, classname="strange" */
  event = find_by_title (timeline, "Oswald gets off bus and boards taxi");
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_SPAN);
  assert_date (&event->start, "1963-11-22T18:40:00Z");
  assert_date (&event->end, "1963-11-22T18:45:00Z");
  g_assert_cmpint (event->category, ==, 1);

  /* The description with a <br/> between its lines. */
  event = find_by_title (timeline, "Suspect's description on police radio");
  g_assert_nonnull (strstr (event->detail->summary, "Winchester\". Officer Tippit"));
  g_assert_true (g_str_has_suffix (event->detail->summary, "ref. Rush to Judgement, p 194"));

  /* The last one in the file. */
  event = find_by_title (timeline, "Phillips confides about conspiracy");
  g_assert_cmpstr (event->id, ==, "e130");
  assert_date (&event->start, "1978-01-01");
  assert_date (&event->end, "1978-12-31");
}

static void
test_simile_monet (void)
{
  g_autoptr(AnnalsDiagnostics) diagnostics = NULL;
  g_autoptr(AnnalsTimeline) timeline = import_file ("simile-monet.xml", ANNALS_FORMAT_SIMILE,
                                                    &diagnostics);
  const AnnalsEvent *event;

  assert_no_diagnostics (diagnostics);
  g_assert_cmpuint (timeline->n_events, ==, 27);

  event = find_by_title (timeline, "Birth");
  g_assert_cmpstr (event->id, ==, "e1");
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_INSTANT);
  assert_date (&event->start, "1840-11-14");
  g_assert_cmpstr (event->detail->links[0].href, ==, "http://en.wikipedia.org/wiki/Monet");
  g_assert_true (has_extension (event, "src=\"monet.png\""));
  /* The <p> of the description starts a paragraph, which the native format
   * (plain text, white space normalised) keeps as a space. */
  g_assert_true (g_str_has_prefix (event->detail->summary,
                                   "Claude Monet, also known as Oscar-Claude Monet or Claude "
                                   "Oscar Monet was born to"));
  g_assert_nonnull (strstr (event->detail->summary,
                            "arrondissement of Paris. He was christened as Oscar-Claude"));

  /* start="1845" end="1846": the year 1845, as SIMILE draws it. */
  event = find_by_title (timeline, "Family moved to Le Havre, Normandy");
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_SPAN);
  assert_date (&event->start, "1845");
  assert_date (&event->end, "1845");
  g_assert_cmpint (event->start.time, ==, iso ("1845-01-01").time);
  g_assert_cmpint (annals_date_end_time (&event->end), ==, iso ("1846-01-01").time);
  g_assert_null (event->detail);

  /* start="Jun 01 1861" latestStart="Jul 01 1861" earliestEnd="Jun 01 1863"
   * end="Jul 01 1863", all midnight GMT. */
  event = find_by_title (timeline, "Joined Cavalry in Algeria");
  assert_date (&event->start, "1861-06-01");
  assert_date (&event->detail->start_latest, "1861-07-01");
  assert_date (&event->detail->end_earliest, "1863-05-31");
  assert_date (&event->end, "1863-06-30");
  g_assert_false (annals_date_is_set (&event->detail->start_earliest));
  g_assert_false (annals_date_is_set (&event->detail->end_latest));

  /* start="1871" latestStart="1872" earliestEnd="1878" end="1879" */
  event = find_by_title (timeline, "Lived at Argenteuil, near Paris");
  assert_date (&event->start, "1871");
  assert_date (&event->detail->start_latest, "1872");
  assert_date (&event->detail->end_earliest, "1877");
  assert_date (&event->end, "1878");

  /* color="#0a0" without a class: a category named by its colour. */
  event = find_by_title (timeline, "Painted landscapes and seascapes");
  g_assert_cmpuint (timeline->n_categories, ==, 1);
  g_assert_cmpint (event->category, ==, 0);
  g_assert_cmpstr (timeline->categories[0].label, ==, "#00aa00");
  g_assert_cmphex (timeline->categories[0].color, ==, 0x00aa00);
  assert_date (&event->start, "1883");
  assert_date (&event->end, "1908");

  event = find_by_title (timeline, "Camille");
  g_assert_true (has_extension (event, "<simile:icon xmlns:simile=\"urn:annals:import:simile\" "
                                       "src=\"green-circle.png\"/>"));

  event = find_by_title (timeline, "Death");
  g_assert_cmpstr (event->id, ==, "e27");
  assert_date (&event->start, "1926-12-05");

  event = find_by_title (timeline, "Moved to Giverny with Alice Hoschedé");
  assert_date (&event->start, "1883-04-01");
  assert_date (&event->end, "1883-04-30");
}

static void
test_simile_date_forms (void)
{
  const char *data =
    "<data>\n"
    "  <event start=\"Fri Nov 22 1963 12:30:00 GMT-0600\" title=\"js\"/>\n"
    "  <event start=\"Nov 14 1840 00:00:00 GMT\" title=\"js-no-weekday\"/>\n"
    "  <event start=\"6\" title=\"year-6\"/>\n"
    "  <event start=\"1012\" title=\"year-1012\"/>\n"
    "  <event start=\"200 BC\" end=\"1 AD\" title=\"bc-ad\"/>\n"
    "  <event start=\"1963-11-22T12:30:00-06:00\" title=\"iso\"/>\n"
    "  <event start=\"November 22, 1963\" title=\"long\"/>\n"
    "  <event start=\"2006-05\" end=\"2006-07\" durationEvent=\"true\" title=\"months\"/>\n"
    "  <event start=\"1999\" isDuration=\"true\" title=\"duration-without-end\"/>\n"
    "  <event start=\"1999\" end=\"1999\" isDuration=\"true\" title=\"zero-length\"/>\n"
    "</data>\n";
  g_autoptr(AnnalsDiagnostics) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalsTimeline) timeline = import_data (data, ANNALS_FORMAT_SIMILE, "dates.xml",
                                                    &diagnostics, &error);
  const AnnalsEvent *event;

  g_assert_no_error (error);
  assert_no_diagnostics (diagnostics);
  g_assert_cmpuint (timeline->n_events, ==, 10);

  assert_date (&find_by_title (timeline, "js")->start, "1963-11-22T18:30:00Z");
  assert_date (&find_by_title (timeline, "js-no-weekday")->start, "1840-11-14");
  assert_date (&find_by_title (timeline, "year-6")->start, "0006");
  assert_date (&find_by_title (timeline, "year-1012")->start, "1012");
  assert_date (&find_by_title (timeline, "iso")->start, "1963-11-22T18:30:00Z");
  assert_date (&find_by_title (timeline, "long")->start, "1963-11-22");

  /* 200 BC is the astronomical year -199; the span runs up to 1 AD. */
  event = find_by_title (timeline, "bc-ad");
  assert_date (&event->start, "-0199");
  assert_date (&event->end, "0000");
  g_assert_cmpint (annals_date_end_time (&event->end), ==, iso ("0001").time);

  event = find_by_title (timeline, "months");
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_SPAN);
  assert_date (&event->end, "2006-06");

  /* SIMILE draws a duration without an end as an instant. */
  event = find_by_title (timeline, "duration-without-end");
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_INSTANT);
  event = find_by_title (timeline, "zero-length");
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_INSTANT);
  g_assert_false (annals_date_is_set (&event->end));
}

static void
test_simile_iso8601_format (void)
{
  const char *data =
    "<data date-time-format=\"iso8601\">\n"
    "  <event start=\"20060528\" title=\"basic\"/>\n"
    "  <event start=\"2006-W22-1\" title=\"week\"/>\n"
    "  <event start=\"Nov 14 1840 00:00:00 GMT\" title=\"js anyway\"/>\n"
    "  <event start=\"the day after\" title=\"bad\"/>\n"
    "</data>\n";
  g_autoptr(AnnalsDiagnostics) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalsTimeline) timeline = import_data (data, ANNALS_FORMAT_SIMILE, "iso.xml",
                                                    &diagnostics, &error);
  const AnnalsDiagnostic *item;

  g_assert_no_error (error);
  g_assert_cmpuint (timeline->n_events, ==, 3);
  assert_date (&find_by_title (timeline, "basic")->start, "2006-05-28");
  assert_date (&find_by_title (timeline, "week")->start, "2006-05-29");
  /* Read anyway rather than lost, though SIMILE itself would not. */
  assert_date (&find_by_title (timeline, "js anyway")->start, "1840-11-14");

  item = find_diagnostic (diagnostics, "event \"bad\" is left out");
  g_assert_cmpint (item->severity, ==, ANNALS_SEVERITY_WARNING);
  g_assert_cmpuint (item->line, ==, 5);
  g_assert_nonnull (strstr (item->message, "date-time-format=\"iso8601\""));
}

static void
test_simile_html_description (void)
{
  const char *data =
    "<data>\n"
    "  <event start=\"1900\" title=\"escaped\">\n"
    "    See &lt;a href=\"http://ok.example/\"&gt;this page&lt;/a&gt; &amp;amp; more.\n"
    "    &lt;p&gt;Second &lt;b&gt;paragraph&lt;/b&gt;.&lt;/p&gt;\n"
    "    &lt;script&gt;alert('never run')&lt;/script&gt;\n"
    "  </event>\n"
    "  <event start=\"1901\" title=\"markup\">Real <i>elements</i> &amp; "
    "<a href=\"http://b.example/\">a link</a><![CDATA[ <b>cdata</b>]]></event>\n"
    "</data>\n";
  g_autoptr(AnnalsDiagnostics) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalsTimeline) timeline = import_data (data, ANNALS_FORMAT_SIMILE, "html.xml",
                                                    &diagnostics, &error);
  const AnnalsEvent *event;

  g_assert_no_error (error);
  assert_no_diagnostics (diagnostics);

  event = find_by_title (timeline, "escaped");
  g_assert_cmpstr (event->detail->summary, ==, "See this page & more. Second paragraph.");
  g_assert_cmpuint (event->detail->n_links, ==, 1);
  g_assert_cmpstr (event->detail->links[0].href, ==, "http://ok.example/");
  g_assert_cmpstr (event->detail->links[0].label, ==, "this page");

  event = find_by_title (timeline, "markup");
  g_assert_cmpstr (event->detail->summary, ==, "Real elements & a link cdata");
  g_assert_cmpuint (event->detail->n_links, ==, 1);
  g_assert_cmpstr (event->detail->links[0].href, ==, "http://b.example/");
}

static void
test_simile_colors (void)
{
  const char *data =
    "<data>\n"
    "  <event start=\"1900\" title=\"a\" classname=\"war\" color=\"red\"/>\n"
    "  <event start=\"1901\" title=\"b\" classname=\"war\" color=\"#f00\"/>\n"
    "  <event start=\"1902\" title=\"c\" classname=\"peace\" color=\"blue\"/>\n"
    "  <event start=\"1903\" title=\"d\" classname=\"peace\"/>\n"
    "  <event start=\"1904\" title=\"e\" color=\"rgb(0,128,0)\"/>\n"
    "  <event start=\"1905\" title=\"f\" color=\"green\"/>\n"
    "  <event start=\"1906\" title=\"g\" color=\"#0a0\" textColor=\"white\"/>\n"
    "</data>\n";
  g_autoptr(AnnalsDiagnostics) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalsTimeline) timeline = import_data (data, ANNALS_FORMAT_SIMILE, "colors.xml",
                                                    &diagnostics, &error);
  const AnnalsEvent *event;

  g_assert_no_error (error);
  assert_no_diagnostics (diagnostics);
  g_assert_cmpuint (timeline->n_categories, ==, 4);

  /* A class whose events agree on a colour takes it. */
  g_assert_cmpstr (timeline->categories[0].id, ==, "war");
  g_assert_cmphex (timeline->categories[0].color, ==, 0xff0000);
  /* One whose events do not, takes none; each event keeps its own. */
  g_assert_cmpstr (timeline->categories[1].id, ==, "peace");
  g_assert_cmphex (timeline->categories[1].color, ==, ANNALS_COLOR_NONE);
  event = find_by_title (timeline, "c");
  g_assert_true (has_extension (event, "<simile:color "));
  g_assert_true (has_extension (event, "value=\"blue\""));

  /* Colours without a class: one category per distinct colour. */
  g_assert_cmpstr (timeline->categories[2].label, ==, "#008000");
  g_assert_cmpstr (timeline->categories[2].id, ==, "color-008000");
  g_assert_cmpint (find_by_title (timeline, "e")->category, ==, 2);
  g_assert_cmpint (find_by_title (timeline, "f")->category, ==, 2);
  g_assert_cmpstr (timeline->categories[3].label, ==, "#00aa00");
  event = find_by_title (timeline, "g");
  g_assert_cmpint (event->category, ==, 3);
  g_assert_true (has_extension (event, "<simile:text-color "));
}

static void
test_simile_carried_attributes (void)
{
  const char *data =
    "<data wiki-url=\"http://wiki.example/\" wiki-section=\"Main\" custom=\"x\">\n"
    "  <event start=\"1900\" title=\"all\" image=\"i.png\" icon=\"c.png\" caption=\"Cap\"\n"
    "         hoverText=\"Hover\" textColor=\"#fff\" tapeImage=\"t.png\" tapeRepeat=\"repeat-x\"\n"
    "         eventID=\"42\" trackNum=\"3\" id=\"my id\" myField=\"v &amp; w\"/>\n"
    "</data>\n";
  g_autoptr(AnnalsDiagnostics) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalsTimeline) timeline = import_data (data, ANNALS_FORMAT_SIMILE, "carry.xml",
                                                    &diagnostics, &error);
  const AnnalsEvent *event;

  g_assert_no_error (error);
  assert_no_diagnostics (diagnostics);
  event = find_by_title (timeline, "all");
  g_assert_cmpuint (event->detail->n_extensions, ==, 11);
  g_assert_true (has_extension (event, "<simile:image xmlns:simile=\"urn:annals:import:simile\" "
                                       "src=\"i.png\"/>"));
  g_assert_true (has_extension (event, "<simile:icon "));
  g_assert_true (has_extension (event, ">Cap</simile:caption>"));
  g_assert_true (has_extension (event, ">Hover</simile:hover-text>"));
  g_assert_true (has_extension (event, "<simile:text-color "));
  g_assert_true (has_extension (event, "<simile:tape-image "));
  g_assert_true (has_extension (event, "<simile:tape-repeat "));
  g_assert_true (has_extension (event, "<simile:event-id "));
  g_assert_true (has_extension (event, "<simile:track-num "));
  g_assert_true (has_extension (event, "value=\"my id\""));
  g_assert_true (has_extension (event, "name=\"myField\" value=\"v &amp; w\""));

  g_assert_true (timeline_has_extension (timeline, "url=\"http://wiki.example/\" "
                                                   "section=\"Main\""));
  g_assert_true (timeline_has_extension (timeline, "name=\"custom\""));
}

static void
test_simile_bad_values (void)
{
  const char *data =
    "<data>\n"
    "  <event start=\"Nov 32 1963\" title=\"Bad day\"/>\n"
    "  <event\n"
    "      start=\"Fri Nov 22 1963 12:30:00 GMT-0600\"\n"
    "      end=\"soon\" latestStart=\"1960\"\n"
    "      title=\"Bad end\" color=\"blurple\" link=\"javascript:alert(1)\">\n"
    "    &lt;a href=\"javascript:evil()\"&gt;this&lt;/a&gt;\n"
    "  </event>\n"
    "  <event title=\"No start\"/>\n"
    "  <event start=\"2006-05-28\" end=\"2006-05-01\" title=\"Backwards\"/>\n"
    "  <event start=\"1900\" earliestEnd=\"1890\" end=\"1950\" title=\"Odd bound\"/>\n"
    "  <thing start=\"1012\" title=\"Not an event\"/>\n"
    "  <event start=\"1900\"/>\n"
    "</data>\n";
  g_autoptr(AnnalsDiagnostics) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalsTimeline) timeline = import_data (data, ANNALS_FORMAT_SIMILE, "bad.xml",
                                                    &diagnostics, &error);
  const AnnalsDiagnostic *item;
  const AnnalsEvent *event;

  /* Problems with values are warnings: the file still opens. */
  g_assert_no_error (error);
  g_assert_nonnull (timeline);
  g_assert_cmpuint (annals_diagnostics_count (diagnostics, ANNALS_SEVERITY_ERROR), ==, 0);

  /* Events without a usable start are reported and left out, no other. */
  g_assert_cmpuint (timeline->n_events, ==, 5);
  item = find_diagnostic (diagnostics, "event \"Bad day\" is left out: its start \"Nov 32 1963\" "
                                       "is not a date: that month has no day 32");
  g_assert_cmpuint (item->line, ==, 2);
  g_assert_cmpuint (item->column, ==, 3);
  item = find_diagnostic (diagnostics, "event \"No start\" is left out: it has no start");
  g_assert_cmpuint (item->line, ==, 9);

  /* Kept with what could be read; the line is where the event starts. */
  event = find_by_title (timeline, "Bad end");
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_INSTANT);
  item = find_diagnostic (diagnostics, "event \"Bad end\": its end \"soon\" is not a date");
  g_assert_cmpuint (item->line, ==, 3);
  find_diagnostic (diagnostics, "its latestStart (1960) is before its start");
  find_diagnostic (diagnostics, "its color \"blurple\" is not a colour");
  find_diagnostic (diagnostics, "\"javascript:alert(1)\" is not kept as a link");
  find_diagnostic (diagnostics, "\"javascript:evil()\" is not kept as a link");
  g_assert_cmpuint (event->detail->n_links, ==, 0);
  /* Still carried as written. */
  g_assert_true (has_extension (event, "name=\"end\" value=\"soon\""));
  g_assert_true (has_extension (event, "href=\"javascript:alert(1)\""));

  event = find_by_title (timeline, "Backwards");
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_INSTANT);
  item = find_diagnostic (diagnostics, "event \"Backwards\" ends (2006-05-01) before it starts");
  g_assert_cmpuint (item->line, ==, 10);

  event = find_by_title (timeline, "Odd bound");
  g_assert_false (annals_date_is_set (&event->detail->end_earliest));
  find_diagnostic (diagnostics, "its earliestEnd (1890) is not between its start and its end");

  find_by_title (timeline, "Not an event");
  item = find_diagnostic (diagnostics, "<thing> is not <event>");
  g_assert_cmpuint (item->line, ==, 12);

  item = find_diagnostic (diagnostics, "an event has no title");
  g_assert_cmpuint (item->line, ==, 13);
}

static void
test_simile_malformed (void)
{
  g_autoptr(AnnalsDiagnostics) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalsTimeline) timeline = NULL;
  const AnnalsDiagnostic *item;

  timeline = import_data ("<data>\n  <event start=\"1900\" title=\"x\">\n</data>\n",
                          ANNALS_FORMAT_SIMILE, "broken.xml", &diagnostics, &error);
  g_assert_null (timeline);
  g_assert_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "broken.xml"));
  g_assert_cmpuint (annals_diagnostics_count (diagnostics, ANNALS_SEVERITY_ERROR), >, 0);
  item = annals_diagnostics_get_item (diagnostics, 0);
  g_assert_cmpuint (item->line, ==, 3);

  g_clear_pointer (&diagnostics, annals_diagnostics_free);
  g_clear_error (&error);
  timeline = import_data ("<timeline><event/></timeline>", ANNALS_FORMAT_SIMILE, "wrong.xml",
                          &diagnostics, &error);
  g_assert_null (timeline);
  g_assert_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_UNKNOWN_FORMAT);
  item = find_diagnostic (diagnostics, "starts with <data>, not <timeline>");
  g_assert_cmpuint (item->line, ==, 1);

  g_clear_pointer (&diagnostics, annals_diagnostics_free);
  g_clear_error (&error);
  timeline = import_data ("", ANNALS_FORMAT_SIMILE, "empty.xml", &diagnostics, &error);
  g_assert_null (timeline);
  g_assert_nonnull (error);

  /* An empty <data> is an empty timeline, not an error. */
  g_clear_pointer (&diagnostics, annals_diagnostics_free);
  g_clear_error (&error);
  timeline = import_data ("<data/>", ANNALS_FORMAT_SIMILE, "none.xml", &diagnostics, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (timeline->n_events, ==, 0);
}

/* The Timeline Project */

static void
test_timeline_project_sample (void)
{
  g_autoptr(AnnalsDiagnostics) diagnostics = NULL;
  g_autoptr(AnnalsTimeline) timeline = import_file ("sample.timeline",
                                                    ANNALS_FORMAT_TIMELINE_PROJECT,
                                                    &diagnostics);
  const AnnalsEvent *event;
  const AnnalsEventDetail *detail;
  gint work;
  gint meetings;

  assert_no_diagnostics (diagnostics);
  g_assert_cmpstr (timeline->title, ==, "sample");
  g_assert_cmpuint (timeline->n_events, ==, 8);

  /* Categories by name, with their colours "r,g,b". */
  work = annals_timeline_find_category (timeline, "work");
  meetings = annals_timeline_find_category (timeline, "meetings-calls");
  g_assert_cmpint (work, >=, 0);
  g_assert_cmpint (meetings, >=, 0);
  g_assert_cmpstr (timeline->categories[meetings].label, ==, "Meetings & calls");
  g_assert_cmphex (timeline->categories[work].color, ==, 0x2d82d2);
  /* Font, progress and done colours and the parent are carried. */
  g_assert_true (timeline_has_extension (timeline, "ref=\"work\" font-color=\"#fafa14\" "
                                                   "progress-color=\"#8383fb\" "
                                                   "done-color=\"#6464fa\""));
  g_assert_true (timeline_has_extension (timeline, "ref=\"meetings-calls\" parent=\"work\""));

  /* Eras: "-508-01-01 00:00:00" is 509 BC; the end, 1 January of -26, closes
   * the day before. */
  g_assert_cmpuint (timeline->n_eras, ==, 2);
  g_assert_cmpstr (timeline->eras[0].label, ==, "Roman Republic");
  assert_date (&timeline->eras[0].start, "-0508-01-01");
  assert_date (&timeline->eras[0].end, "-0027-12-31");
  g_assert_cmphex (timeline->eras[0].color, ==, 0xeedbf0);
  /* ends_today: open-ended. */
  g_assert_false (annals_date_is_set (&timeline->eras[1].end));

  /* "-199-03-01 00:00:00" twice: a point in time in 200 BC; fuzzy. */
  event = find_by_title (timeline, "Battle in 200 BC");
  g_assert_cmpstr (event->id, ==, "e1");
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_INSTANT);
  assert_date (&event->start, "-0199-03-01");
  g_assert_true (event->start.flags & ANNALS_DATE_APPROX);
  g_assert_cmpstr (timeline->categories[event->category].label, ==, "Antiquity");
  /* The default grey is no colour of the author's: not carried. */
  g_assert_false (has_extension (event, "default-color"));

  /* Every optional field. */
  event = find_by_title (timeline, "Fuzzy ends");
  detail = event->detail;
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_SPAN);
  assert_date (&event->start, "2021-11-02T18:34Z");
  assert_date (&event->end, "2021-11-12T22:47Z");
  g_assert_cmpint (event->start.precision, ==, ANNALS_PRECISION_MINUTE);
  g_assert_true (event->start.flags & ANNALS_DATE_APPROX);
  g_assert_true (event->end.flags & ANNALS_DATE_APPROX);
  g_assert_cmpint (event->category, ==, work);
  g_assert_cmpstr (detail->summary, ==,
                   "Fuzzy ends describe uncertainty about when an event starts or ends. "
                   "The second paragraph has extra spaces.");
  g_assert_cmpuint (detail->n_tags, ==, 2);
  g_assert_cmpstr (detail->tags[0], ==, "planning");
  g_assert_cmpstr (detail->tags[1], ==, "review");
  g_assert_cmpuint (detail->n_links, ==, 2);
  g_assert_cmpstr (detail->links[0].href, ==, "https://example.org/review");
  g_assert_cmpstr (detail->links[1].href, ==, "https://example.org/notes");
  g_assert_true (has_extension (event, "<tlp:progress "));
  g_assert_true (has_extension (event, "value=\"40\""));
  g_assert_true (has_extension (event, "<tlp:locked "));
  g_assert_true (has_extension (event, "time=\"2021-11-01T09:00\">Prepare the review</tlp:alert>"));
  g_assert_true (has_extension (event, "encoding=\"base64\" type=\"image/png\">iVBORw0KGgo"));
  g_assert_true (has_extension (event, "<tlp:category "));
  g_assert_true (has_extension (event, "ref=\"meetings-calls\""));
  g_assert_true (has_extension (event, "value=\"#f0c15c\""));

  /* All midnight: days, the end closing the day before. */
  event = find_by_title (timeline, "Workshop");
  assert_date (&event->start, "2021-11-05");
  assert_date (&event->end, "2021-11-07");
  g_assert_cmpint (event->category, ==, meetings);

  /* ends_today: an ongoing span; the end the app last wrote is kept. */
  event = find_by_title (timeline, "Still running");
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_SPAN);
  g_assert_false (annals_date_is_set (&event->end));
  assert_date (&event->start, "2021-11-04T20:59:21Z");
  g_assert_true (has_extension (event, "written-end=\"2021-11-10T05:17:37\""));
  /* Its own colour, without a category: a category of that colour. */
  g_assert_cmpstr (timeline->categories[event->category].label, ==, "#32c832");

  event = find_by_title (timeline, "Kick-off");
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_MILESTONE);
  assert_date (&event->start, "2021-11-02");
  g_assert_false (annals_date_is_set (&event->end));

  /* Containers are tracks of their own, subevents in them. */
  g_assert_cmpuint (timeline->n_tracks, ==, 2);
  g_assert_cmpstr (timeline->tracks[1].id, ==, "container-1");
  g_assert_cmpstr (timeline->tracks[1].label, ==, "Release train");
  g_assert_cmpint (find_by_title (timeline, "Release train")->track, ==, 1);
  event = find_by_title (timeline, "Build");
  g_assert_cmpint (event->track, ==, 1);
  assert_date (&event->end, "2021-11-02");
  g_assert_cmpint (find_by_title (timeline, "Workshop")->track, ==, 0);

  /* The space the app puts before "(" is not part of the title. */
  event = find_by_title (timeline, "(in brackets) an ordinary event");
  g_assert_cmpint (event->track, ==, 0);

  /* The view and the rest of the file. */
  g_assert_true (timeline_has_extension (timeline, "value=\"2.9.0 (1cd5a2b3c4d5 2023-05-14)\""));
  g_assert_true (timeline_has_extension (timeline, "start=\"2021-10-28T19:42\" "
                                                   "end=\"2021-12-02T18:35\""));
  g_assert_true (timeline_has_extension (timeline, "<tlp:hidden-category "));
  g_assert_true (timeline_has_extension (timeline, "<tlp:now "));
}

static void
test_timeline_project_numtime (void)
{
  const char *data =
    "<timeline>\n"
    "  <version>2.9.0</version>\n"
    "  <timetype>numtime</timetype>\n"
    "  <categories/>\n"
    "  <events><event><start>1</start><end>2</end><text>x</text></event></events>\n"
    "  <view/>\n"
    "</timeline>\n";
  g_autoptr(AnnalsDiagnostics) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalsTimeline) timeline = import_data (data, ANNALS_FORMAT_TIMELINE_PROJECT,
                                                    "num.timeline", &diagnostics, &error);
  const AnnalsDiagnostic *item;

  g_assert_null (timeline);
  g_assert_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID);
  item = find_diagnostic (diagnostics, "timetype numtime");
  g_assert_cmpint (item->severity, ==, ANNALS_SEVERITY_ERROR);
  g_assert_cmpuint (item->line, ==, 3);
  g_assert_cmpuint (item->column, ==, 3);
}

static void
test_timeline_project_bad_values (void)
{
  const char *data =
    "<timeline>\n"
    "  <version>2.9.0</version>\n"
    "  <categories>\n"
    "    <category><name>A</name><color>300,0,0</color><parent>Nobody</parent></category>\n"
    "    <category><name>A</name><color>1,2,3</color></category>\n"
    "  </categories>\n"
    "  <events>\n"
    "    <event>\n"
    "      <start>2021-02-30 00:00:00</start>\n"
    "      <end>2021-03-01 00:00:00</end>\n"
    "      <text>Bad start</text>\n"
    "    </event>\n"
    "    <event>\n"
    "      <start>2021-03-01 10:00:00</start>\n"
    "      <end>yesterday</end>\n"
    "      <text>Bad end</text>\n"
    "      <fuzzy>Maybe</fuzzy>\n"
    "      <category>Unknown</category>\n"
    "      <progress>lots</progress>\n"
    "      <alert>no time here</alert>\n"
    "      <shiny>new field</shiny>\n"
    "    </event>\n"
    "    <event>\n"
    "      <start>2021-03-05 10:00:00</start>\n"
    "      <end>2021-03-01 10:00:00</end>\n"
    "      <text>Backwards</text>\n"
    "    </event>\n"
    "  </events>\n"
    "  <view/>\n"
    "</timeline>\n";
  g_autoptr(AnnalsDiagnostics) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalsTimeline) timeline = import_data (data, ANNALS_FORMAT_TIMELINE_PROJECT,
                                                    "bad.timeline", &diagnostics, &error);
  const AnnalsDiagnostic *item;
  const AnnalsEvent *event;

  g_assert_no_error (error);
  g_assert_cmpuint (timeline->n_events, ==, 2);

  item = find_diagnostic (diagnostics, "category \"A\": <color> \"300,0,0\" is not a colour");
  g_assert_cmpuint (item->line, ==, 4);
  find_diagnostic (diagnostics, "category \"A\" is declared twice");
  find_diagnostic (diagnostics, "its parent \"Nobody\" is not declared");

  item = find_diagnostic (diagnostics, "event \"Bad start\": its <start> \"2021-02-30 00:00:00\" "
                                       "is not a date");
  g_assert_cmpuint (item->line, ==, 9);
  g_assert_cmpuint (item->column, ==, 7);
  find_diagnostic (diagnostics, "event \"Bad start\" is left out");

  event = find_by_title (timeline, "Bad end");
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_INSTANT);
  item = find_diagnostic (diagnostics, "event \"Bad end\": its <end> \"yesterday\"");
  g_assert_cmpuint (item->line, ==, 15);
  item = find_diagnostic (diagnostics, "<fuzzy> is \"Maybe\"");
  g_assert_cmpuint (item->line, ==, 17);
  find_diagnostic (diagnostics, "its category \"Unknown\" is not in <categories>");
  g_assert_cmpstr (timeline->categories[event->category].label, ==, "Unknown");
  find_diagnostic (diagnostics, "<progress> \"lots\" is not a percentage");
  find_diagnostic (diagnostics, "<alert> is not \"time;text\"");
  item = find_diagnostic (diagnostics, "<shiny> is not an element Annals knows");
  g_assert_cmpuint (item->line, ==, 21);
  g_assert_true (has_extension (event, "name=\"shiny\">new field</tlp:unknown>"));

  event = find_by_title (timeline, "Backwards");
  g_assert_cmpint (event->type, ==, ANNALS_EVENT_INSTANT);
  find_diagnostic (diagnostics, "event \"Backwards\" ends before it starts");

  g_assert_cmpuint (annals_diagnostics_count (diagnostics, ANNALS_SEVERITY_ERROR), ==, 0);
}

static void
test_timeline_project_wrong_root (void)
{
  g_autoptr(AnnalsDiagnostics) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalsTimeline) timeline = NULL;

  timeline = import_data ("<timeline xmlns=\"urn:annals:timeline:1\"/>",
                          ANNALS_FORMAT_TIMELINE_PROJECT, "native.xml", &diagnostics, &error);
  g_assert_null (timeline);
  g_assert_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_UNKNOWN_FORMAT);

  g_clear_pointer (&diagnostics, annals_diagnostics_free);
  g_clear_error (&error);
  timeline = import_data ("<timeline><events><event>", ANNALS_FORMAT_TIMELINE_PROJECT,
                          "cut.timeline", &diagnostics, &error);
  g_assert_null (timeline);
  g_assert_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID);
}

/* Detection and loading through the one entry point */

static void
test_load_detects_by_content (void)
{
  struct
  {
    const char  *name;
    AnnalsFormat format;
    guint        n_events;
  } files[] = {
    /* The names say nothing: the content decides. */
    { "simile-monet.xml", ANNALS_FORMAT_SIMILE, 27 },
    { "simile-jfk.xml", ANNALS_FORMAT_SIMILE, 130 },
    { "sample.timeline", ANNALS_FORMAT_TIMELINE_PROJECT, 8 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = data_path (files[i].name);
      g_autofree char *contents = NULL;
      gsize length;
      g_autoptr(AnnalsDiagnostics) diagnostics = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(AnnalsTimeline) timeline = NULL;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpint (annals_detect_format (contents, length), ==, files[i].format);

      timeline = annals_load_data (contents, length, "renamed.dat", NULL, &diagnostics, &error);
      g_assert_no_error (error);
      g_assert_nonnull (timeline);
      g_assert_cmpuint (timeline->n_events, ==, files[i].n_events);

      g_clear_pointer (&timeline, annals_timeline_unref);
      g_clear_pointer (&diagnostics, annals_diagnostics_free);
      timeline = annals_load_file (path, NULL, &diagnostics, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (timeline->n_events, ==, files[i].n_events);
    }

  g_assert_cmpint (annals_detect_format ("<timeline xmlns=\"urn:annals:timeline:1\"/>", 42), ==,
                   ANNALS_FORMAT_NATIVE);
  g_assert_cmpint (annals_detect_format ("<timeline><version>2</version></timeline>", 41), ==,
                   ANNALS_FORMAT_TIMELINE_PROJECT);
  g_assert_cmpint (annals_detect_format ("<data/>", 7), ==, ANNALS_FORMAT_SIMILE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/import/js-date/iso8601", test_js_date_iso8601);
  g_test_add_func ("/import/js-date/javascript", test_js_date_javascript);
  g_test_add_func ("/import/js-date/bare-years", test_js_date_bare_years);
  g_test_add_func ("/import/js-date/invalid", test_js_date_invalid);
  g_test_add_func ("/import/js-date/boundaries", test_js_date_boundaries);
  g_test_add_func ("/import/html/text", test_html_text);
  g_test_add_func ("/import/html/links", test_html_links);
  g_test_add_func ("/import/util/ids-and-colors", test_util_ids_and_colors);
  g_test_add_func ("/import/util/text", test_util_text);
  g_test_add_func ("/import/simile/example1", test_simile_example1);
  g_test_add_func ("/import/simile/example2", test_simile_example2);
  g_test_add_func ("/import/simile/jfk", test_simile_jfk);
  g_test_add_func ("/import/simile/monet", test_simile_monet);
  g_test_add_func ("/import/simile/date-forms", test_simile_date_forms);
  g_test_add_func ("/import/simile/iso8601-format", test_simile_iso8601_format);
  g_test_add_func ("/import/simile/html-description", test_simile_html_description);
  g_test_add_func ("/import/simile/colors", test_simile_colors);
  g_test_add_func ("/import/simile/carried-attributes", test_simile_carried_attributes);
  g_test_add_func ("/import/simile/bad-values", test_simile_bad_values);
  g_test_add_func ("/import/simile/malformed", test_simile_malformed);
  g_test_add_func ("/import/timeline-project/sample", test_timeline_project_sample);
  g_test_add_func ("/import/timeline-project/numtime", test_timeline_project_numtime);
  g_test_add_func ("/import/timeline-project/bad-values", test_timeline_project_bad_values);
  g_test_add_func ("/import/timeline-project/wrong-root", test_timeline_project_wrong_root);
  g_test_add_func ("/import/load/detects-by-content", test_load_detects_by_content);

  return g_test_run ();
}
