/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "annals-formats.h"
#include "annals-xml-reader.h"
#include "annals-import-util.h"
#include "annals-js-date.h"

/* The .timeline files of The Timeline Project (Rickard and Roger Lindberg's
 * desktop "Timeline"), as its timelinexml.py reads them:
 *
 *   <timeline>                         no namespace (ours has one)
 *     <version>2.5.0 (67ed963f67ff 2021-10-05)</version>
 *     <timetype>gregoriantime</timetype>          optional; default Gregorian
 *     <eras><era> name start end color ends_today? </era></eras>
 *     <categories><category> name color progress_color? done_color?
 *                            font_color? parent? </category></categories>
 *     <events><event> start end text progress? fuzzy? fuzzy_start? fuzzy_end?
 *       locked? ends_today? category? categories? description? labels? alert?
 *       hyperlink? icon? default_color? milestone? </event></events>
 *     <view> displayed_period? hidden_categories? </view>
 *     <now>…</now>?
 *   </timeline>
 *
 * Assumptions, from that app's source (calendar/gregorian/timetype.py):
 * - Times are "%d-%02d-%02d %02d:%02d:%02d" of the proleptic Gregorian calendar
 *   with astronomical years, so 200 BC is written "-199-03-01 00:00:00"; the
 *   reader accepts any number of digits in each field. They are local times
 *   without a zone, read here as they are (UTC).
 * - An event whose start equals its end is a point in time; the end of a period
 *   is an instant not included in it (the app's editor makes a new period one
 *   day long by setting end = start + 1 day). So, as for SIMILE, an event all
 *   at midnight is read in whole days and its end becomes the last day
 *   included; times without seconds are minutes (the app edits no seconds).
 * - Booleans are "True" or "False"; colours "r,g,b" with 0..255.
 * - A container's text starts with "[id]", the text of its subevents with
 *   "(id)"; the app puts a space before an ordinary text that starts with "("
 *   or "[", and removes it on reading.
 * - <alert> is "time;text"; <icon> a base64 PNG; <labels> a comma-separated
 *   list (read as tags); <hyperlink> one address, or several separated by ";".
 * - <timetype> numtime (plain numbers, no calendar) and the fictional
 *   calendars are not supported: such a file is refused with a message.
 *
 * What the native format has no element for is kept in the namespace
 * urn:annals:import:timeline-project: progress, locked, alert, icon, colours
 * of categories, the view… Defaults ("False", progress 0) are not. */

#define DEFAULT_EVENT_COLOR 0xc8c8c8   /* "200,200,200", the app's default */

typedef struct
{
  AnnalsXmlReader         *xml;
  AnnalsTimeline          *timeline;
  AnnalsDiagnostics       *diagnostics;
  const AnnalsLoadOptions *options;
  AnnalsIdSet             *ids;
  gint32                   events_track;
  GHashTable              *categories;     /* name -> index + 1 */
  GHashTable              *color_categories; /* colour -> index + 1 */
  GHashTable              *containers;     /* container id (string) -> track + 1 */
  GPtrArray               *category_styles; /* CategoryStyle, emitted at the end */
  guint                    n_elements;
  guint                    n_events;
  gboolean                 refused;
} Import;

typedef struct
{
  char  *name;
  char  *parent;
  char  *font_color;
  char  *progress_color;
  char  *done_color;
  guint  line;
  guint  column;
} CategoryStyle;

static void
category_style_free (CategoryStyle *style)
{
  g_free (style->name);
  g_free (style->parent);
  g_free (style->font_color);
  g_free (style->progress_color);
  g_free (style->done_color);
  g_free (style);
}

/* Where the start tag of @node begins. */
static guint
node_line (Import     *import,
           xmlNodePtr  node)
{
  guint line = 0;

  annals_xml_reader_get_position (import->xml, node, &line, NULL);

  return line;
}

static void
warn_at (Import     *import,
         xmlNodePtr  node,
         const char *format,
         ...) G_GNUC_PRINTF (3, 4);

static void
warn_at (Import     *import,
         xmlNodePtr  node,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  guint line = 0;
  guint column = 0;
  va_list args;

  annals_xml_reader_get_position (import->xml, node, &line, &column);

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  annals_diagnostics_add (import->diagnostics, ANNALS_SEVERITY_WARNING, line, column, "%s",
                          message);
}

static char *
tlp_extension (const char *name,
               const char *text,
               ...) G_GNUC_NULL_TERMINATED;

static char *
tlp_extension (const char *name,
               const char *text,
               ...)
{
  const char *attrs[8] = { NULL };
  va_list args;
  guint n = 0;
  const char *attr;

  /* Up to three attribute pairs, which is all this file needs. */
  va_start (args, text);
  while (n + 1 < G_N_ELEMENTS (attrs) - 1 && (attr = va_arg (args, const char *)) != NULL)
    {
      attrs[n++] = attr;
      attrs[n++] = va_arg (args, const char *);
    }
  va_end (args);

  return annals_import_extension (ANNALS_TIMELINE_PROJECT_PREFIX, ANNALS_TIMELINE_PROJECT_NS,
                                  name, text,
                                  attrs[0], attrs[1], attrs[2], attrs[3], attrs[4], attrs[5],
                                  NULL);
}

/* The element's text, trimmed; NULL when it has none. Newly allocated. */
static char *
node_text (xmlNodePtr node)
{
  xmlChar *content = xmlNodeGetContent (node);
  char *text;

  if (content == NULL)
    return NULL;

  text = g_strstrip (g_strdup ((const char *) content));
  xmlFree (content);

  if (text[0] == '\0')
    {
      g_free (text);
      return NULL;
    }

  return text;
}

/* The element's text exactly, for descriptions whose lines matter. */
static char *
node_raw_text (xmlNodePtr node)
{
  xmlChar *content = xmlNodeGetContent (node);
  char *text = g_strdup (content != NULL ? (const char *) content : "");

  xmlFree (content);

  return text;
}

static gboolean
is_element (xmlNodePtr  node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns == NULL
         && g_str_equal ((const char *) node->name, name);
}

/* "YYYY-MM-DD HH:MM:SS", year possibly negative, each field any length. */
static gboolean
parse_time (const char  *text,
            AnnalsCivil *civil,
            GError     **error)
{
  const char *p = text;
  gint64 fields[6];
  static const char separators[] = "-- ::";
  gboolean negative = FALSE;

  if (text == NULL)
    {
      g_set_error (error, ANNALS_DATE_ERROR, ANNALS_DATE_ERROR_INVALID,
                   _("the time is empty"));
      return FALSE;
    }

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }

  for (guint i = 0; i < 6; i++)
    {
      gint64 value = 0;
      int n = 0;

      for (; g_ascii_isdigit (*p); p++, n++)
        if (n < 12)
          value = value * 10 + (*p - '0');

      if (n == 0 || n > 12 || (i < 5 && *p != separators[i]) || (i == 5 && *p != '\0'))
        {
          g_set_error (error, ANNALS_DATE_ERROR, ANNALS_DATE_ERROR_INVALID,
                       _("\"%s\" is not a time of The Timeline Project, which are written "
                         "like 2021-11-02 18:34:37 or -199-03-01 00:00:00"), text);
          return FALSE;
        }
      fields[i] = value;
      if (i < 5)
        p++;
    }

  civil->year = negative ? -fields[0] : fields[0];
  if (civil->year < ANNALS_YEAR_MIN || civil->year > ANNALS_YEAR_MAX)
    {
      g_set_error (error, ANNALS_DATE_ERROR, ANNALS_DATE_ERROR_RANGE,
                   _("\"%s\" is not a date: the year is beyond ±%lld"),
                   text, (long long) ANNALS_YEAR_MAX);
      return FALSE;
    }
  if (fields[1] < 1 || fields[1] > 12
      || fields[2] < 1 || fields[2] > annals_days_in_month (civil->year, (int) fields[1])
      || fields[3] > 23 || fields[4] > 59 || fields[5] > 59)
    {
      g_set_error (error, ANNALS_DATE_ERROR, ANNALS_DATE_ERROR_INVALID,
                   _("\"%s\" is not a date: no such day or time of day"), text);
      return FALSE;
    }

  civil->month = (int) fields[1];
  civil->day = (int) fields[2];
  civil->hour = (int) fields[3];
  civil->minute = (int) fields[4];
  civil->second = (int) fields[5];

  return TRUE;
}

/* "True" or "False", as the app writes; anything else is false with a word. */
static gboolean
parse_bool (Import     *import,
            xmlNodePtr  node,
            const char *what)
{
  g_autofree char *text = node_text (node);

  if (text != NULL && g_str_equal (text, "True"))
    return TRUE;

  if (text != NULL && !g_str_equal (text, "False"))
    warn_at (import, node, _("%s: <%s> is \"%s\", where True or False belongs; read as "
                              "False, as the app does"),
                            what, (const char *) node->name, text);

  return FALSE;
}

/* "r,g,b" */
static gboolean
parse_rgb (const char  *text,
           AnnalsColor *color)
{
  guint values[3];
  const char *p = text;

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < 3; i++)
    {
      guint v = 0;
      int n = 0;

      while (*p == ' ')
        p++;
      for (; g_ascii_isdigit (*p) && n < 4; p++, n++)
        v = v * 10 + (*p - '0');
      while (*p == ' ')
        p++;
      if (n == 0 || v > 255 || (i < 2 && *p != ',') || (i == 2 && *p != '\0'))
        return FALSE;
      values[i] = v;
      if (i < 2)
        p++;
    }

  *color = (values[0] << 16) | (values[1] << 8) | values[2];

  return TRUE;
}

static AnnalsColor
read_color (Import     *import,
            xmlNodePtr  node,
            const char *what)
{
  g_autofree char *text = node_text (node);
  AnnalsColor color;

  if (parse_rgb (text, &color))
    return color;

  warn_at (import, node, _("%s: <%s> \"%s\" is not a colour of the form r,g,b (each 0 to "
                            "255); left out"),
                          what, (const char *) node->name, text != NULL ? text : "");

  return ANNALS_COLOR_NONE;
}

static char *
color_string (Import     *import,
              xmlNodePtr  node,
              const char *what)
{
  AnnalsColor color = read_color (import, node, what);

  return color != ANNALS_COLOR_NONE ? annals_color_to_string (color) : NULL;
}

/* A time of the app as a date of this event; invalid ones are reported. */
static gboolean
read_time (Import     *import,
           xmlNodePtr  node,
           const char *what,
           AnnalsDate *date)
{
  g_autofree char *text = node_text (node);
  g_autoptr(GError) error = NULL;
  AnnalsCivil civil;

  memset (date, 0, sizeof *date);

  if (!parse_time (text, &civil, &error))
    {
      warn_at (import, node, _("%s: its <%s> %s"), what, (const char *) node->name,
                              error->message);
      return FALSE;
    }

  date->time = annals_time_from_civil (&civil);
  date->precision = ANNALS_PRECISION_SECOND;

  return TRUE;
}

/* One precision for all the times of a record: days when all are midnight,
 * minutes when none has seconds, seconds otherwise. */
static void
settle_precision (AnnalsDate **dates,
                  guint        n)
{
  gboolean midnight = TRUE;
  gboolean whole_minutes = TRUE;

  for (guint i = 0; i < n; i++)
    {
      if (!annals_date_is_set (dates[i]))
        continue;
      if (dates[i]->time % ANNALS_SECONDS_PER_DAY != 0)
        midnight = FALSE;
      if (dates[i]->time % 60 != 0)
        whole_minutes = FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      if (!annals_date_is_set (dates[i]))
        continue;
      if (midnight)
        dates[i]->precision = ANNALS_PRECISION_DAY;
      else if (whole_minutes)
        dates[i]->precision = ANNALS_PRECISION_MINUTE;
    }
}

/* Times of the app have no zone: written without the "Z" of UTC. */
static char *
format_date (const AnnalsDate *date)
{
  char *text = annals_date_to_string (date);
  gsize len = strlen (text);

  if (len > 0 && text[len - 1] == 'Z' && !(date->flags & ANNALS_DATE_HAS_OFFSET))
    text[len - 1] = '\0';

  return text;
}

static gint32
add_category (Import      *import,
              const char  *name,
              AnnalsColor  color,
              guint        line)
{
  AnnalsCategory *category;
  g_autofree char *id = annals_id_set_make (import->ids, name, "category");
  gint32 index = (gint32) import->timeline->n_categories;

  category = annals_timeline_add_category (import->timeline);
  category->id = annals_timeline_intern (import->timeline, id);
  category->label = annals_timeline_strdup (import->timeline, name);
  category->color = color;
  category->line = line;
  g_hash_table_insert (import->categories, g_strdup (name), GINT_TO_POINTER (index + 1));

  return index;
}

static gint32
find_category (Import     *import,
               const char *name)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (import->categories, name)) - 1;
}

static gint32
category_for_event (Import     *import,
                    xmlNodePtr  node,
                    const char *name,
                    const char *what)
{
  gint32 index = find_category (import, name);

  if (index >= 0)
    return index;

  warn_at (import, node, _("%s: its category \"%s\" is not in <categories>; it is added "
                            "without a colour"),
                          what, name);

  return add_category (import, name, ANNALS_COLOR_NONE, node_line (import, node));
}

static gint32
color_category (Import      *import,
                AnnalsColor  color,
                guint        line)
{
  gpointer value;
  AnnalsCategory *category;
  g_autofree char *label = annals_color_to_string (color);
  g_autofree char *id_base = g_strdup_printf ("color-%06x", color);
  g_autofree char *id = NULL;
  gint32 index;

  if (g_hash_table_lookup_extended (import->color_categories, GUINT_TO_POINTER (color), NULL,
                                    &value))
    return GPOINTER_TO_INT (value) - 1;

  id = annals_id_set_make (import->ids, id_base, "color");
  index = (gint32) import->timeline->n_categories;
  category = annals_timeline_add_category (import->timeline);
  category->id = annals_timeline_intern (import->timeline, id);
  category->label = annals_timeline_strdup (import->timeline, label);
  category->color = color;
  category->line = line;
  g_hash_table_insert (import->color_categories, GUINT_TO_POINTER (color),
                       GINT_TO_POINTER (index + 1));

  return index;
}

/* The track of container @cid, made when first seen. */
static gint32
container_track (Import     *import,
                 const char *cid,
                 const char *label,
                 guint       line)
{
  gpointer value;
  AnnalsTrack *track;
  g_autofree char *id_base = g_strdup_printf ("container-%s", cid);
  g_autofree char *id = NULL;
  gint32 index;

  if (g_hash_table_lookup_extended (import->containers, cid, NULL, &value))
    {
      index = GPOINTER_TO_INT (value) - 1;
      /* A subevent seen before its container named the track by id only. */
      if (label != NULL)
        import->timeline->tracks[index].label = annals_timeline_strdup (import->timeline, label);
      return index;
    }

  id = annals_id_set_make (import->ids, id_base, "container");
  index = (gint32) import->timeline->n_tracks;
  track = annals_timeline_add_track (import->timeline);
  track->id = annals_timeline_intern (import->timeline, id);
  track->label = annals_timeline_strdup (import->timeline, label != NULL ? label : id);
  track->kind = ANNALS_TRACK_EVENTS;
  track->line = line;
  g_hash_table_insert (import->containers, g_strdup (cid), GINT_TO_POINTER (index + 1));

  return index;
}

/* "[3]Title" and "(3)Title": the container id and the rest. */
static gboolean
split_container_text (const char  *text,
                      char         open,
                      char         close,
                      char       **cid,
                      const char **rest)
{
  const char *end;

  if (text[0] != open)
    return FALSE;
  end = strchr (text, close);
  if (end == NULL)
    return FALSE;

  *cid = g_strndup (text + 1, end - text - 1);
  *rest = end + 1;

  return TRUE;
}

static void
add_hyperlinks (AnnalsDetailBuilder *builder,
                const char          *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ";", -1);
  gboolean all_urls = TRUE;

  /* Several addresses are separated by ";", but a ";" can also sit inside
   * one address: split only when every piece looks like an address. */
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0' && strstr (parts[i], ":") == NULL)
        all_urls = FALSE;
    }

  if (!all_urls || g_strv_length (parts) < 2)
    {
      g_autofree char *whole = g_strstrip (g_strdup (text));

      if (whole[0] != '\0')
        annals_detail_builder_add_link (builder, whole, NULL);
      return;
    }

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      annals_detail_builder_add_link (builder, parts[i], NULL);
}

static void
import_event (Import     *import,
              xmlNodePtr  node)
{
  AnnalsDetailBuilder builder;
  xmlNodePtr start_node = NULL;
  xmlNodePtr end_node = NULL;
  xmlNodePtr text_node = NULL;
  xmlNodePtr category_node = NULL;
  xmlNodePtr default_color_node = NULL;
  g_autoptr(GPtrArray) extra_categories = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *raw_text = NULL;
  g_autofree char *title = NULL;
  g_autofree char *what = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *container = NULL;
  g_autofree char *subevent_of = NULL;
  g_autofree char *id = NULL;
  AnnalsDate start;
  AnnalsDate end;
  AnnalsDate *dates[2] = { &start, &end };
  gboolean fuzzy = FALSE;
  gboolean fuzzy_start = FALSE;
  gboolean fuzzy_end = FALSE;
  gboolean ends_today = FALSE;
  gboolean milestone = FALSE;
  gint32 category = -1;
  gint32 track = import->events_track;
  AnnalsEvent *event;
  guint line = node_line (import, node);

  import->n_elements++;
  annals_detail_builder_init (&builder);

  /* The text first: messages name the event by it. */
  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    if (is_element (child, "text"))
      text_node = child;

  raw_text = text_node != NULL ? node_raw_text (text_node) : NULL;
  if (raw_text != NULL)
    {
      const char *rest = raw_text;

      if (split_container_text (raw_text, '[', ']', &container, &rest)
          || split_container_text (raw_text, '(', ')', &subevent_of, &rest))
        ;
      else if (g_str_has_prefix (raw_text, " (") || g_str_has_prefix (raw_text, " ["))
        rest = raw_text + 1;

      title = annals_import_normalize_text (rest);
    }
  what = title != NULL ? g_strdup_printf (_("event \"%s\""), title)
                       : g_strdup (_("an event without a text"));

  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    {
      const char *name = (const char *) child->name;

      if (child->type != XML_ELEMENT_NODE)
        continue;

      if (child->ns != NULL)
        {
          xmlBufferPtr buffer = xmlBufferCreate ();

          /* Already in a namespace of its own: kept verbatim. */
          xmlNodeDump (buffer, child->doc, child, 0, 0);
          annals_detail_builder_take_extension (&builder,
                                                g_strdup ((const char *) xmlBufferContent (buffer)));
          xmlBufferFree (buffer);
        }
      else if (g_str_equal (name, "start"))
        start_node = child;
      else if (g_str_equal (name, "end"))
        end_node = child;
      else if (g_str_equal (name, "text"))
        ;
      else if (g_str_equal (name, "progress"))
        {
          g_autofree char *text = node_text (child);
          char *end_ptr = NULL;
          gint64 value = text != NULL ? g_ascii_strtoll (text, &end_ptr, 10) : 0;

          if (text != NULL && (end_ptr == NULL || *end_ptr != '\0' || value < 0 || value > 100))
            warn_at (import, child, _("%s: <progress> \"%s\" is not a percentage from 0 to "
                                      "100; kept as written"),
                                    what, text);
          if (text != NULL && !g_str_equal (text, "0"))
            annals_detail_builder_take_extension (&builder,
                                                  tlp_extension ("progress", NULL,
                                                                 "value", text, NULL));
        }
      else if (g_str_equal (name, "fuzzy"))
        fuzzy = parse_bool (import, child, what);
      else if (g_str_equal (name, "fuzzy_start"))
        fuzzy_start = parse_bool (import, child, what);
      else if (g_str_equal (name, "fuzzy_end"))
        fuzzy_end = parse_bool (import, child, what);
      else if (g_str_equal (name, "locked"))
        {
          if (parse_bool (import, child, what))
            annals_detail_builder_take_extension (&builder, tlp_extension ("locked", NULL, NULL));
        }
      else if (g_str_equal (name, "ends_today"))
        {
          ends_today = parse_bool (import, child, what);
        }
      else if (g_str_equal (name, "category"))
        category_node = child;
      else if (g_str_equal (name, "categories"))
        {
          for (xmlNodePtr item = child->children; item != NULL; item = item->next)
            if (is_element (item, "category"))
              {
                char *text = node_text (item);

                if (text != NULL)
                  g_ptr_array_add (extra_categories, text);
              }
        }
      else if (g_str_equal (name, "description"))
        {
          g_autofree char *text = node_raw_text (child);

          g_clear_pointer (&summary, g_free);
          summary = annals_import_normalize_text (text);
        }
      else if (g_str_equal (name, "labels"))
        {
          g_autofree char *text = node_raw_text (child);
          g_auto(GStrv) labels = g_strsplit (text, ",", -1);

          for (guint i = 0; labels[i] != NULL; i++)
            {
              g_autofree char *label = annals_import_normalize_text (labels[i]);

              if (label != NULL)
                g_ptr_array_add (builder.tags, g_steal_pointer (&label));
            }
        }
      else if (g_str_equal (name, "alert"))
        {
          g_autofree char *text = node_raw_text (child);
          const char *semicolon = strchr (text, ';');
          g_autofree char *time_text = semicolon != NULL ? g_strndup (text, semicolon - text)
                                                         : NULL;
          g_autoptr(GError) error = NULL;
          AnnalsCivil civil;

          if (time_text != NULL && parse_time (g_strstrip (time_text), &civil, &error))
            {
              AnnalsDate date = { 0 };
              g_autofree char *date_text = NULL;

              date.time = annals_time_from_civil (&civil);
              date.precision = civil.second != 0 ? ANNALS_PRECISION_SECOND
                                                  : ANNALS_PRECISION_MINUTE;
              date_text = format_date (&date);
              annals_detail_builder_take_extension (&builder,
                                                    tlp_extension ("alert", semicolon + 1,
                                                                   "time", date_text, NULL));
            }
          else
            {
              warn_at (import, child, _("%s: <alert> is not \"time;text\" with a time like "
                                        "2021-11-02 18:34:37; kept as written"),
                                      what);
              annals_detail_builder_take_extension (&builder,
                                                    tlp_extension ("alert", text, NULL));
            }
        }
      else if (g_str_equal (name, "hyperlink"))
        {
          g_autofree char *text = node_text (child);

          if (text != NULL)
            add_hyperlinks (&builder, text);
        }
      else if (g_str_equal (name, "icon"))
        {
          g_autofree char *text = node_raw_text (child);
          GString *compact = g_string_new (NULL);

          /* Base64 wrapped over lines: the line breaks are no part of it. */
          for (const char *p = text; *p != '\0'; p++)
            if (!g_ascii_isspace (*p))
              g_string_append_c (compact, *p);
          if (compact->len > 0)
            annals_detail_builder_take_extension (&builder,
                                                  tlp_extension ("icon", compact->str,
                                                                 "encoding", "base64",
                                                                 "type", "image/png", NULL));
          g_string_free (compact, TRUE);
        }
      else if (g_str_equal (name, "default_color"))
        default_color_node = child;
      else if (g_str_equal (name, "milestone"))
        milestone = parse_bool (import, child, what);
      else
        {
          g_autofree char *text = node_raw_text (child);

          warn_at (import, child, _("%s: <%s> is not an element Annals knows in an event; "
                                    "its text is kept but not shown"),
                                  what, name);
          annals_detail_builder_take_extension (&builder,
                                                tlp_extension ("unknown", text,
                                                               "name", name, NULL));
        }
    }

  /* Times */
  if (start_node == NULL)
    {
      warn_at (import, node, _("%s is left out: it has no <start>"), what);
      goto out;
    }
  if (!read_time (import, start_node, what, &start))
    {
      warn_at (import, node, _("%s is left out: it has no usable start"), what);
      goto out;
    }
  if (end_node != NULL)
    read_time (import, end_node, what, &end);
  else
    memset (&end, 0, sizeof end);

  if (annals_date_is_set (&end) && end.time < start.time)
    {
      warn_at (import, end_node, _("%s ends before it starts; it is kept as a point in time at "
                                "its start"),
                              what);
      memset (&end, 0, sizeof end);
    }

  settle_precision (dates, G_N_ELEMENTS (dates));

  if (ends_today)
    {
      /* The end is whenever the file is looked at: an ongoing span. What the
       * app last wrote as the end is kept. */
      g_autofree char *written = annals_date_is_set (&end) ? format_date (&end) : NULL;

      annals_detail_builder_take_extension (&builder,
                                            tlp_extension ("ends-today", NULL,
                                                           "written-end", written, NULL));
      memset (&end, 0, sizeof end);
    }
  else if (milestone || (annals_date_is_set (&end) && end.time == start.time))
    memset (&end, 0, sizeof end);
  else if (annals_date_is_set (&end))
    annals_js_date_inclusive_end (&end, &end);

  if (fuzzy || fuzzy_start)
    start.flags |= ANNALS_DATE_APPROX;
  if ((fuzzy || fuzzy_end) && annals_date_is_set (&end))
    end.flags |= ANNALS_DATE_APPROX;
  /* The fuzzy end of a point in time or an ongoing span has no date to go
   * on: kept. */
  if (fuzzy_end && !fuzzy && !annals_date_is_set (&end))
    annals_detail_builder_take_extension (&builder, tlp_extension ("fuzzy-end", NULL, NULL));

  /* Category and colour */
  if (category_node != NULL)
    {
      g_autofree char *name = node_text (category_node);

      if (name != NULL)
        category = category_for_event (import, category_node, name, what);
    }
  for (guint i = 0; i < extra_categories->len; i++)
    {
      const char *name = g_ptr_array_index (extra_categories, i);
      gint32 index = category_for_event (import, node, name, what);

      /* The app makes the first the category when <category> is missing. */
      if (category < 0)
        category = index;
      else if (index != category)
        annals_detail_builder_take_extension (&builder,
                                              tlp_extension ("category", NULL,
                                                             "ref",
                                                             import->timeline->categories[index].id,
                                                             NULL));
    }

  if (default_color_node != NULL)
    {
      AnnalsColor color = read_color (import, default_color_node, what);

      /* The app draws an event without a category in its own colour: one
       * category per colour, as for SIMILE. The default grey is no choice. */
      if (color != ANNALS_COLOR_NONE && category < 0 && color != DEFAULT_EVENT_COLOR)
        category = color_category (import, color, node_line (import, default_color_node));
      else if (color != ANNALS_COLOR_NONE && color != DEFAULT_EVENT_COLOR)
        {
          g_autofree char *text = annals_color_to_string (color);

          annals_detail_builder_take_extension (&builder,
                                                tlp_extension ("default-color", NULL,
                                                               "value", text, NULL));
        }
    }

  /* Container */
  if (container != NULL)
    track = container_track (import, container, title, line);
  else if (subevent_of != NULL)
    track = container_track (import, subevent_of, NULL, line);

  if (title == NULL)
    warn_at (import, node, _("an event has no <text>; it is shown without a label"));

  /* The event */
  id = g_strdup_printf ("e%u", import->n_elements);
  if (!annals_id_set_take (import->ids, id))
    {
      char *made = annals_id_set_make (import->ids, id, "e");

      g_free (id);
      id = made;
    }

  event = annals_timeline_add_event (import->timeline);
  event->id = annals_timeline_intern (import->timeline, id);
  event->title = annals_timeline_strdup (import->timeline, title != NULL ? title : "");
  event->start = start;
  event->end = end;
  event->type = milestone ? ANNALS_EVENT_MILESTONE
                : (annals_date_is_set (&end) || ends_today) ? ANNALS_EVENT_SPAN
                : ANNALS_EVENT_INSTANT;
  event->track = track;
  event->category = category;
  event->line = line;
  import->n_events++;

  if (summary != NULL || builder.links->len > 0 || builder.tags->len > 0
      || builder.extensions->len > 0)
    {
      AnnalsEventDetail *detail = annals_timeline_alloc (import->timeline,
                                                         sizeof (AnnalsEventDetail));

      detail->summary = annals_timeline_strdup (import->timeline, summary);
      annals_detail_builder_copy_to (&builder, import->timeline, detail);
      event->detail = detail;
    }

out:
  annals_detail_builder_clear (&builder);
}

static void
import_era (Import     *import,
            xmlNodePtr  node)
{
  g_autofree char *name = NULL;
  g_autofree char *what = NULL;
  AnnalsDate start = { 0 };
  AnnalsDate end = { 0 };
  AnnalsDate *dates[2] = { &start, &end };
  AnnalsColor color = ANNALS_COLOR_NONE;
  gboolean ends_today = FALSE;
  gboolean has_start = FALSE;
  xmlNodePtr end_node = NULL;
  AnnalsEra *era;
  guint line = node_line (import, node);

  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    if (is_element (child, "name"))
      {
        /* A repeated element: the last one counts, as in the app. */
        g_free (name);
        name = node_text (child);
      }
  what = name != NULL ? g_strdup_printf (_("era \"%s\""), name) : g_strdup (_("an era"));

  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (is_element (child, "name"))
        ;
      else if (is_element (child, "start"))
        has_start = read_time (import, child, what, &start);
      else if (is_element (child, "end"))
        {
          end_node = child;
          read_time (import, child, what, &end);
        }
      else if (is_element (child, "color"))
        color = read_color (import, child, what);
      else if (is_element (child, "ends_today"))
        ends_today = parse_bool (import, child, what);
      else
        warn_at (import, child, _("%s: <%s> is not an element Annals knows in an era; left "
                                  "out"),
                                what, (const char *) child->name);
    }

  if (!has_start)
    {
      warn_at (import, node, _("%s is left out: it has no usable start"), what);
      return;
    }

  if (annals_date_is_set (&end) && end.time < start.time)
    {
      warn_at (import, end_node, _("%s ends before it starts; it is kept without an end"), what);
      memset (&end, 0, sizeof end);
    }

  settle_precision (dates, G_N_ELEMENTS (dates));

  if (ends_today)
    memset (&end, 0, sizeof end);
  else if (annals_date_is_set (&end) && end.time > start.time)
    annals_js_date_inclusive_end (&end, &end);

  era = annals_timeline_add_era (import->timeline);
  era->start = start;
  era->end = end;
  era->label = annals_timeline_strdup (import->timeline, name != NULL ? name : "");
  era->color = color;
  era->line = line;
}

static void
import_category (Import     *import,
                 xmlNodePtr  node)
{
  g_autofree char *name = NULL;
  g_autofree char *what = NULL;
  CategoryStyle *style;
  AnnalsColor color = ANNALS_COLOR_NONE;
  guint line = node_line (import, node);

  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    if (is_element (child, "name"))
      {
        /* A repeated element: the last one counts, as in the app. */
        g_free (name);
        name = node_text (child);
      }

  if (name == NULL)
    {
      warn_at (import, node, _("a category without a <name> is left out"));
      return;
    }
  what = g_strdup_printf (_("category \"%s\""), name);

  if (find_category (import, name) >= 0)
    {
      warn_at (import, node, _("%s is declared twice; the first is used, as in the app"),
                              what);
      return;
    }

  style = g_new0 (CategoryStyle, 1);
  style->name = g_strdup (name);
  annals_xml_reader_get_position (import->xml, node, &style->line, &style->column);

  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE || is_element (child, "name"))
        continue;
      if (is_element (child, "color"))
        color = read_color (import, child, what);
      else if (is_element (child, "font_color"))
        {
          g_free (style->font_color);
          style->font_color = color_string (import, child, what);
        }
      else if (is_element (child, "progress_color"))
        {
          g_free (style->progress_color);
          style->progress_color = color_string (import, child, what);
        }
      else if (is_element (child, "done_color"))
        {
          g_free (style->done_color);
          style->done_color = color_string (import, child, what);
        }
      else if (is_element (child, "parent"))
        {
          g_free (style->parent);
          style->parent = node_text (child);
        }
      else
        warn_at (import, child, _("%s: <%s> is not an element Annals knows in a category; "
                                  "left out"),
                                what, (const char *) child->name);
    }

  add_category (import, name, color, line);
  g_ptr_array_add (import->category_styles, style);
}

/* What the app keeps about categories beyond name and colour. */
static void
emit_category_styles (Import *import)
{
  for (guint i = 0; i < import->category_styles->len; i++)
    {
      CategoryStyle *style = g_ptr_array_index (import->category_styles, i);
      gint32 index = find_category (import, style->name);
      const char *parent_id = NULL;
      g_autofree char *xml = NULL;

      if (style->parent != NULL)
        {
          gint32 parent = find_category (import, style->parent);

          if (parent >= 0)
            parent_id = import->timeline->categories[parent].id;
          else
            annals_diagnostics_add (import->diagnostics, ANNALS_SEVERITY_WARNING, style->line,
                                    style->column,
                                    _("category \"%s\": its parent \"%s\" is not declared; "
                                      "the parent is left out"),
                                    style->name, style->parent);
        }

      if (parent_id == NULL && style->font_color == NULL && style->progress_color == NULL
          && style->done_color == NULL)
        continue;

      xml = annals_import_extension (ANNALS_TIMELINE_PROJECT_PREFIX,
                                     ANNALS_TIMELINE_PROJECT_NS, "category", NULL,
                                     "ref", import->timeline->categories[index].id,
                                     "parent", parent_id,
                                     "font-color", style->font_color,
                                     "progress-color", style->progress_color,
                                     "done-color", style->done_color,
                                     NULL);
      annals_timeline_add_extension (import->timeline, xml);
    }
}

static void
import_view (Import     *import,
             xmlNodePtr  node)
{
  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    {
      if (is_element (child, "displayed_period"))
        {
          AnnalsDate dates[2] = { { 0 }, { 0 } };
          AnnalsDate *pointers[2] = { &dates[0], &dates[1] };
          gboolean ok = TRUE;

          for (xmlNodePtr item = child->children; item != NULL; item = item->next)
            if (is_element (item, "start"))
              ok &= read_time (import, item, _("the displayed period"), &dates[0]);
            else if (is_element (item, "end"))
              ok &= read_time (import, item, _("the displayed period"), &dates[1]);

          if (ok && annals_date_is_set (&dates[0]) && annals_date_is_set (&dates[1]))
            {
              g_autofree char *start = NULL;
              g_autofree char *end = NULL;
              g_autofree char *xml = NULL;

              settle_precision (pointers, 2);
              start = format_date (&dates[0]);
              end = format_date (&dates[1]);
              xml = tlp_extension ("displayed-period", NULL, "start", start, "end", end, NULL);
              annals_timeline_add_extension (import->timeline, xml);
            }
        }
      else if (is_element (child, "hidden_categories"))
        {
          for (xmlNodePtr item = child->children; item != NULL; item = item->next)
            if (is_element (item, "name"))
              {
                g_autofree char *name = node_text (item);
                gint32 index = name != NULL ? find_category (import, name) : -1;
                g_autofree char *xml = NULL;

                if (index < 0)
                  {
                    warn_at (import, item, _("the hidden category \"%s\" is not declared; "
                                              "left out"),
                                            name != NULL ? name : "");
                    continue;
                  }
                xml = tlp_extension ("hidden-category", NULL,
                                     "ref", import->timeline->categories[index].id, NULL);
                annals_timeline_add_extension (import->timeline, xml);
              }
        }
      else if (child->type == XML_ELEMENT_NODE)
        warn_at (import, child, _("<%s> is not an element Annals knows in <view>; left out"),
                                (const char *) child->name);
    }
}

/* <timetype>: only the Gregorian calendar has dates Annals can place. */
static void
check_timetype (Import     *import,
                xmlNodePtr  node)
{
  g_autofree char *text = node_text (node);
  guint line;
  guint column;

  if (text == NULL || g_str_equal (text, "gregoriantime"))
    return;

  import->refused = TRUE;
  annals_xml_reader_get_position (import->xml, node, &line, &column);

  if (g_str_equal (text, "numtime"))
    annals_diagnostics_add (import->diagnostics, ANNALS_SEVERITY_ERROR, line, column,
                            _("this timeline counts plain numbers (timetype numtime), not "
                              "dates; Annals reads only timelines with dates "
                              "(gregoriantime)"));
  else
    annals_diagnostics_add (import->diagnostics, ANNALS_SEVERITY_ERROR, line, column,
                            _("this timeline uses the calendar \"%s\"; Annals reads only "
                              "timelines of the Gregorian calendar (gregoriantime)"),
                            text);
}

AnnalsTimeline *
annals_import_timeline_project (AnnalsXmlReader         *xml,
                                const AnnalsLoadOptions *options,
                                AnnalsDiagnostics       *diagnostics,
                                GError                 **error)
{
  g_autoptr(AnnalsTimeline) timeline = NULL;
  g_autoptr(AnnalsIdSet) ids = NULL;
  g_autoptr(GHashTable) categories = NULL;
  g_autoptr(GHashTable) color_categories = NULL;
  g_autoptr(GHashTable) containers = NULL;
  g_autoptr(GPtrArray) category_styles = NULL;
  g_autofree char *title = NULL;
  xmlTextReaderPtr reader;
  Import import = { 0 };
  AnnalsTrack *track;
  const char *section = NULL;
  int ret;

  g_return_val_if_fail (xml != NULL, NULL);
  g_return_val_if_fail (diagnostics != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!annals_import_read_root (xml, diagnostics, error))
    return NULL;

  reader = annals_xml_reader_get_reader (xml);
  if (xmlTextReaderConstNamespaceUri (reader) != NULL
      || !g_str_equal ((const char *) xmlTextReaderConstLocalName (reader), "timeline"))
    {
      g_autofree char *message =
        g_strdup_printf (_("a file of The Timeline Project starts with <timeline> without a "
                           "namespace, not <%s>"),
                         (const char *) xmlTextReaderConstName (reader));

      annals_import_wrong_root (xml, diagnostics, message, error);
      return NULL;
    }

  timeline = annals_timeline_new ();
  ids = annals_id_set_new ();
  categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  color_categories = g_hash_table_new (NULL, NULL);
  containers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  category_styles = g_ptr_array_new_with_free_func ((GDestroyNotify) category_style_free);

  import.xml = xml;
  import.timeline = timeline;
  import.diagnostics = diagnostics;
  import.options = options;
  import.ids = ids;
  import.categories = categories;
  import.color_categories = color_categories;
  import.containers = containers;
  import.category_styles = category_styles;

  title = annals_import_title_from_file (annals_diagnostics_get_file (diagnostics));
  timeline->title = annals_timeline_strdup (timeline, title);

  annals_id_set_take (ids, "events");
  import.events_track = 0;
  track = annals_timeline_add_track (timeline);
  track->id = annals_timeline_intern (timeline, "events");
  track->label = annals_timeline_strdup (timeline, _("Events"));
  track->kind = ANNALS_TRACK_EVENTS;

  /* Elements are read one at a time and records (an event, an era) expanded
   * one at a time, never a whole list; everything is read through, so that the
   * reader can place each element. */
  ret = annals_xml_reader_read (xml);
  while (ret == 1 && !import.refused)
    {
      int depth = xmlTextReaderDepth (reader);
      xmlNodePtr node;

      if (xmlTextReaderNodeType (reader) != XML_READER_TYPE_ELEMENT || depth > 2)
        {
          ret = annals_xml_reader_read (xml);
          continue;
        }

      if (depth == 1 && xmlTextReaderConstNamespaceUri (reader) == NULL)
        {
          const char *name = (const char *) xmlTextReaderConstLocalName (reader);

          section = NULL;
          if (g_str_equal (name, "eras") || g_str_equal (name, "categories")
              || g_str_equal (name, "events"))
            {
              section = g_str_equal (name, "eras") ? "eras"
                        : g_str_equal (name, "categories") ? "categories" : "events";
              ret = annals_xml_reader_read (xml);
              continue;
            }
        }

      if (depth == 2 && section == NULL)
        {
          ret = annals_xml_reader_read (xml);
          continue;
        }

      node = xmlTextReaderExpand (reader);
      if (node == NULL)
        {
          ret = -1;
          break;
        }
      annals_xml_reader_mark_subtree (xml, node);

      if (depth == 2)
        {
          if (g_str_equal (section, "events") && is_element (node, "event"))
            {
              import_event (&import, node);
              if (options != NULL && options->max_events > 0
                  && import.n_events > options->max_events)
                {
                  g_set_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_TOO_LARGE,
                               _("The file has more than %u events, the most Annals is set "
                                 "to read"), options->max_events);
                  return NULL;
                }
            }
          else if (g_str_equal (section, "eras") && is_element (node, "era"))
            import_era (&import, node);
          else if (g_str_equal (section, "categories") && is_element (node, "category"))
            import_category (&import, node);
          else
            warn_at (&import, node, _("<%s> has no place in <%s>; left out"),
                     (const char *) node->name, section);
        }
      else if (is_element (node, "version"))
        {
          g_autofree char *text = node_text (node);

          if (text != NULL)
            {
              g_autofree char *ext = tlp_extension ("version", NULL, "value", text, NULL);

              annals_timeline_add_extension (timeline, ext);
            }
        }
      else if (is_element (node, "timetype"))
        check_timetype (&import, node);
      else if (is_element (node, "view"))
        import_view (&import, node);
      else if (is_element (node, "now"))
        {
          AnnalsDate now;

          if (read_time (&import, node, _("the saved \"now\""), &now))
            {
              g_autofree char *text = format_date (&now);
              g_autofree char *ext = tlp_extension ("now", NULL, "value", text, NULL);

              annals_timeline_add_extension (timeline, ext);
            }
        }
      else if (node->ns != NULL)
        {
          /* Already in a namespace of its own: kept verbatim. */
          xmlBufferPtr buffer = xmlBufferCreate ();

          xmlNodeDump (buffer, node->doc, node, 0, 0);
          annals_timeline_add_extension (timeline, (const char *) xmlBufferContent (buffer));
          xmlBufferFree (buffer);
        }
      else
        warn_at (&import, node,
                 _("<%s> is not an element Annals knows in a Timeline Project file; left out"),
                 (const char *) node->name);

      ret = annals_xml_reader_read (xml);
    }

  if (ret < 0)
    {
      annals_import_fail_read (xml, diagnostics, error);
      return NULL;
    }

  if (annals_xml_reader_failed (xml, error))
    return NULL;

  if (import.refused || annals_diagnostics_count (diagnostics, ANNALS_SEVERITY_ERROR) > 0)
    {
      g_set_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID,
                   import.refused ? _("This Timeline Project file has no calendar dates")
                                  : _("The Timeline Project file has errors"));
      return NULL;
    }

  emit_category_styles (&import);
  annals_timeline_finish (timeline);

  return g_steal_pointer (&timeline);
}
