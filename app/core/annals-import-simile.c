/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "annals-formats.h"
#include "annals-xml-reader.h"
#include "annals-html.h"
#include "annals-import-util.h"
#include "annals-js-date.h"

/* SIMILE Timeline XML: <data> with one <event> per element child, everything in
 * attributes except the description, which is HTML in the element's text. The
 * reading follows SIMILE's own loadXML and Event: an event with an end is a
 * span, one without is an instant (also with isDuration="true", which SIMILE
 * draws as an instant when there is no end).
 *
 * Dates: SIMILE ends a span at an instant, so start="1870" end="1871" is the
 * year 1870; an Annals end names the last period included, so that end becomes
 * "1870" and the span covers exactly what SIMILE draws. Date strings of the
 * toString() kind always carry a time; when every time of an event is
 * midnight where it was written ("Nov 14 1840 00:00:00 GMT"), the event is
 * read in whole days, since that is what its author meant.
 *
 * What the native format has no element for (image, icon, caption, text
 * colour, SIMILE's own id…) is kept as elements of the namespace
 * urn:annals:import:simile in the event, so that --convert carries it. */

typedef struct
{
  AnnalsXmlReader    *xml;
  AnnalsTimeline     *timeline;
  AnnalsDiagnostics  *diagnostics;
  AnnalsIdSet        *ids;
  AnnalsJsDateFormat  date_format;
  gint32              track;
  GHashTable         *categories;      /* class name or colour key -> index + 1 */
  /* Per category: the colour all its events share (NONE until one is seen),
   * or MIXED. */
  GArray             *class_colors;    /* AnnalsColor, indexed by category */
  guint               n_elements;      /* <event> elements seen, for ids */
  guint               n_events;
} Import;

#define COLOR_MIXED 0xfffffffeu

/* The attributes of one <event>, as written. */
typedef struct
{
  const char *start;
  const char *end;
  const char *latest_start;
  const char *earliest_end;
  const char *is_duration;
  const char *duration_event;
  const char *title;
  const char *link;
  const char *color;
  const char *classname;
} EventAttributes;

/* Attributes carried as extension elements, with the element and attribute
 * names they become. */
static const struct
{
  const char *attribute;
  const char *element;
  const char *value_attribute;         /* NULL: the value is the element text */
} carried_attributes[] = {
  { "image", "image", "src" },
  { "icon", "icon", "src" },
  { "tapeImage", "tape-image", "src" },
  { "tapeRepeat", "tape-repeat", "value" },
  { "textColor", "text-color", "value" },
  { "caption", "caption", NULL },
  { "hoverText", "hover-text", NULL },
  { "eventID", "event-id", "value" },
  { "trackNum", "track-num", "value" },
  { "id", "id", "value" },
};

static char *
simile_extension (const char *name,
                  const char *text,
                  const char *attribute,
                  const char *value)
{
  return annals_import_extension (ANNALS_SIMILE_PREFIX, ANNALS_SIMILE_NS, name, text,
                                  attribute, value, NULL);
}

/* An attribute kept as written, for values that could not be used. */
static char *
raw_attribute_extension (const char *name,
                         const char *value)
{
  return annals_import_extension (ANNALS_SIMILE_PREFIX, ANNALS_SIMILE_NS, "attribute", NULL,
                                  "name", name, "value", value, NULL);
}

static char *
describe_event (const char *title)
{
  if (title == NULL)
    return g_strdup (_("an event without a title"));

  return g_strdup_printf (_("event \"%s\""), title);
}

static gint32
find_or_add_category (Import     *import,
                      const char *key,
                      const char *label,
                      const char *id_base,
                      AnnalsColor color,
                      guint       line)
{
  gpointer value;
  AnnalsCategory *category;
  g_autofree char *id = NULL;
  AnnalsColor none = ANNALS_COLOR_NONE;
  gint32 index;

  if (g_hash_table_lookup_extended (import->categories, key, NULL, &value))
    return GPOINTER_TO_INT (value) - 1;

  id = annals_id_set_make (import->ids, id_base, "category");
  index = (gint32) import->timeline->n_categories;
  category = annals_timeline_add_category (import->timeline);
  category->id = annals_timeline_intern (import->timeline, id);
  category->label = annals_timeline_strdup (import->timeline, label);
  category->color = color;
  category->line = line;

  g_hash_table_insert (import->categories, g_strdup (key), GINT_TO_POINTER (index + 1));
  g_array_append_val (import->class_colors, none);

  return index;
}

/* Reads one date attribute; a value that cannot be read is reported and kept
 * as written. */
static gboolean
read_date (Import              *import,
           AnnalsDetailBuilder *builder,
           const char          *attribute,
           const char          *text,
           const char          *what,
           guint                line,
           guint                column,
           AnnalsDate          *date)
{
  g_autoptr(GError) error = NULL;

  memset (date, 0, sizeof *date);

  if (text == NULL)
    return FALSE;

  if (annals_js_date_parse (text, import->date_format, date, &error))
    return TRUE;

  annals_diagnostics_add (import->diagnostics, ANNALS_SEVERITY_WARNING, line, column,
                          _("%s: its %s %s; the event is kept without it"),
                          what, attribute, error->message);
  annals_detail_builder_take_extension (builder, raw_attribute_extension (attribute, text));

  return FALSE;
}

/* The HTML source of the description: SIMILE's description is the element's
 * text, where the HTML arrives escaped (&lt;i&gt;). Some files write the HTML
 * as real child elements instead; those are taken as markup too. */
static char *
collect_description (xmlNodePtr node)
{
  GString *html = g_string_new (NULL);

  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    {
      switch (child->type)
        {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
          if (child->content != NULL)
            g_string_append (html, (const char *) child->content);
          break;

        case XML_ELEMENT_NODE:
          {
            xmlBufferPtr buffer = xmlBufferCreate ();

            xmlNodeDump (buffer, node->doc, child, 0, 0);
            g_string_append (html, (const char *) xmlBufferContent (buffer));
            xmlBufferFree (buffer);
          }
          break;

        default:
          break;
        }
    }

  return g_string_free (html, FALSE);
}

static void
add_link (Import              *import,
          AnnalsDetailBuilder *builder,
          const char          *what,
          const char          *href,
          const char          *label,
          guint                line,
          guint                column)
{
  if (annals_html_href_is_safe (href))
    {
      annals_detail_builder_add_link (builder, href, label);
      return;
    }

  annals_diagnostics_add (import->diagnostics, ANNALS_SEVERITY_WARNING, line, column,
                          _("%s: \"%s\" is not kept as a link: Annals offers only http, "
                            "https, ftp and mailto links and links relative to the file"),
                          what, href);
  annals_detail_builder_take_extension (builder,
                                        annals_import_extension (ANNALS_SIMILE_PREFIX,
                                                                 ANNALS_SIMILE_NS,
                                                                 "link", label,
                                                                 "href", href, NULL));
}

static void
import_event (Import     *import,
              xmlNodePtr  node)
{
  EventAttributes attrs = { 0 };
  AnnalsDetailBuilder builder;
  g_autofree char *title = NULL;
  g_autofree char *what = NULL;
  g_autofree char *html = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GPtrArray) description_links = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (xmlFree);
  AnnalsDate start;
  AnnalsDate end;
  AnnalsDate latest_start;
  AnnalsDate earliest_end;
  AnnalsDate *timed[4] = { &start, &end, &latest_start, &earliest_end };
  gboolean all_midnight = TRUE;
  gboolean any_time = FALSE;
  AnnalsColor color = ANNALS_COLOR_NONE;
  gboolean has_color = FALSE;
  gint32 category = -1;
  AnnalsEvent *event;
  AnnalsEventDetail *detail;
  guint line = 0;
  guint column = 0;

  annals_xml_reader_get_position (import->xml, node, &line, &column);
  import->n_elements++;
  annals_detail_builder_init (&builder);

  /* Attributes */
  for (xmlAttrPtr attr = node->properties; attr != NULL; attr = attr->next)
    {
      const char *name = (const char *) attr->name;
      char *value = (char *) xmlNodeListGetString (node->doc, attr->children, 1);
      gboolean carried = FALSE;

      if (value == NULL)
        value = (char *) xmlStrdup ((const xmlChar *) "");
      g_ptr_array_add (values, value);

      if (attr->ns != NULL)
        {
          /* Attributes of other namespaces are nothing SIMILE reads; kept. */
          g_autofree char *qname = g_strdup_printf ("%s:%s", attr->ns->prefix, name);

          annals_detail_builder_take_extension (&builder, raw_attribute_extension (qname, value));
          continue;
        }

      if (g_str_equal (name, "start"))
        attrs.start = value;
      else if (g_str_equal (name, "end"))
        attrs.end = value;
      else if (g_str_equal (name, "latestStart"))
        attrs.latest_start = value;
      else if (g_str_equal (name, "earliestEnd"))
        attrs.earliest_end = value;
      else if (g_str_equal (name, "isDuration"))
        attrs.is_duration = value;
      else if (g_str_equal (name, "durationEvent"))
        attrs.duration_event = value;
      else if (g_str_equal (name, "title"))
        attrs.title = value;
      else if (g_str_equal (name, "link"))
        attrs.link = value;
      else if (g_str_equal (name, "color"))
        attrs.color = value;
      else if (g_str_equal (name, "classname"))
        attrs.classname = value;
      else
        {
          for (guint i = 0; i < G_N_ELEMENTS (carried_attributes); i++)
            if (g_str_equal (name, carried_attributes[i].attribute))
              {
                const char *text = carried_attributes[i].value_attribute == NULL ? value : NULL;

                annals_detail_builder_take_extension (
                    &builder, simile_extension (carried_attributes[i].element, text,
                                                carried_attributes[i].value_attribute, value));
                carried = TRUE;
                break;
              }

          /* SIMILE hands unknown attributes to custom painters through
           * getProperty(): kept as they are. */
          if (!carried)
            annals_detail_builder_take_extension (&builder, raw_attribute_extension (name, value));
        }
    }

  title = annals_import_normalize_text (attrs.title);
  what = describe_event (title);

  if (node->ns != NULL || !g_str_equal ((const char *) node->name, "event"))
    annals_diagnostics_add (import->diagnostics, ANNALS_SEVERITY_WARNING, line, column,
                            _("<%s> is not <event>, but SIMILE reads every element in "
                              "<data> as an event, and so does Annals"),
                            (const char *) node->name);

  /* Dates */
  if (attrs.start == NULL)
    {
      annals_diagnostics_add (import->diagnostics, ANNALS_SEVERITY_WARNING, line, column,
                              _("%s is left out: it has no start attribute"), what);
      goto out;
    }

  {
    g_autoptr(GError) error = NULL;

    if (!annals_js_date_parse (attrs.start, import->date_format, &start, &error))
      {
        annals_diagnostics_add (import->diagnostics, ANNALS_SEVERITY_WARNING, line, column,
                                _("%s is left out: its start %s"), what, error->message);
        goto out;
      }
  }

  read_date (import, &builder, "end", attrs.end, what, line, column, &end);
  read_date (import, &builder, "latestStart", attrs.latest_start, what, line, column, &latest_start);
  read_date (import, &builder, "earliestEnd", attrs.earliest_end, what, line, column, &earliest_end);

  for (guint i = 0; i < G_N_ELEMENTS (timed); i++)
    if (timed[i]->precision >= ANNALS_PRECISION_MINUTE)
      {
        any_time = TRUE;
        if (!annals_js_date_is_midnight (timed[i]))
          all_midnight = FALSE;
      }
  if (any_time && all_midnight)
    for (guint i = 0; i < G_N_ELEMENTS (timed); i++)
      annals_js_date_to_day (timed[i]);

  if (annals_date_is_set (&end))
    {
      if (end.time < start.time)
        {
          annals_diagnostics_add (import->diagnostics, ANNALS_SEVERITY_WARNING, line, column,
                                  _("%s ends (%s) before it starts (%s); it is kept as an "
                                    "instant at its start"),
                                  what, attrs.end, attrs.start);
          annals_detail_builder_take_extension (&builder,
                                                raw_attribute_extension ("end", attrs.end));
          memset (&end, 0, sizeof end);
        }
      else if (end.time == start.time)
        /* Zero length: SIMILE draws an instant, so does Annals. */
        memset (&end, 0, sizeof end);
      else
        annals_js_date_inclusive_end (&end, &end);
    }

  if (annals_date_is_set (&latest_start) && latest_start.time < start.time)
    {
      annals_diagnostics_add (import->diagnostics, ANNALS_SEVERITY_WARNING, line, column,
                              _("%s: its latestStart (%s) is before its start (%s), so it is "
                                "not used"),
                              what, attrs.latest_start, attrs.start);
      annals_detail_builder_take_extension (&builder,
                                            raw_attribute_extension ("latestStart",
                                                                     attrs.latest_start));
      memset (&latest_start, 0, sizeof latest_start);
    }

  if (annals_date_is_set (&earliest_end))
    {
      AnnalsTime end_instant = annals_date_end_time (&end);

      if (!annals_date_is_set (&end) || earliest_end.time > end_instant
          || earliest_end.time < start.time)
        {
          annals_diagnostics_add (import->diagnostics, ANNALS_SEVERITY_WARNING, line, column,
                                  !annals_date_is_set (&end)
                                  ? _("%s: its earliestEnd (%s) is not used, since the event "
                                      "has no end")
                                  : _("%s: its earliestEnd (%s) is not between its start and "
                                      "its end, so it is not used"),
                                  what, attrs.earliest_end);
          annals_detail_builder_take_extension (&builder,
                                                raw_attribute_extension ("earliestEnd",
                                                                         attrs.earliest_end));
          memset (&earliest_end, 0, sizeof earliest_end);
        }
      else if (earliest_end.time > start.time)
        annals_js_date_inclusive_end (&earliest_end, &earliest_end);
    }

  /* isDuration and durationEvent need no reading of their own: SIMILE draws
   * an event with an end as a span (an "imprecise instant" otherwise, which
   * Annals has no drawing for) and one without an end as an instant. */

  /* Category and colour */
  if (attrs.color != NULL)
    {
      if (annals_css_color_parse (attrs.color, &color))
        has_color = TRUE;
      else
        {
          annals_diagnostics_add (import->diagnostics, ANNALS_SEVERITY_WARNING, line, column,
                                  _("%s: its color \"%s\" is not a colour Annals knows "
                                    "(#rgb, #rrggbb, rgb(…) or a CSS colour name); it is "
                                    "kept but not shown"),
                                  what, attrs.color);
          annals_detail_builder_take_extension (&builder,
                                                simile_extension ("color", NULL, "value",
                                                                  attrs.color));
        }
    }

  {
    g_autofree char *classname = attrs.classname != NULL
                                 ? g_strstrip (g_strdup (attrs.classname)) : NULL;

    if (classname != NULL && classname[0] != '\0')
      {
        g_autofree char *key = g_strconcat ("class:", classname, NULL);
        AnnalsColor *shared;

        category = find_or_add_category (import, key, classname, classname, ANNALS_COLOR_NONE,
                                         line);
        /* The class's colour, if all its events agree; each event keeps its
         * own as written. */
        shared = &g_array_index (import->class_colors, AnnalsColor, category);
        if (!has_color)
          *shared = COLOR_MIXED;
        else
          {
            if (*shared == ANNALS_COLOR_NONE)
              *shared = color;
            else if (*shared != color)
              *shared = COLOR_MIXED;
            annals_detail_builder_take_extension (&builder,
                                                  simile_extension ("color", NULL, "value",
                                                                    attrs.color));
          }
      }
    else if (has_color)
      {
        /* A colour without a class: one category per colour, named by it. */
        g_autofree char *label = annals_color_to_string (color);
        g_autofree char *key = g_strconcat ("color:", label, NULL);
        g_autofree char *id_base = g_strdup_printf ("color-%06x", color);

        category = find_or_add_category (import, key, label, id_base, color, line);
        g_array_index (import->class_colors, AnnalsColor, category) = color;
      }
  }

  /* Description and links */
  if (attrs.link != NULL)
    {
      g_autofree char *href = g_strstrip (g_strdup (attrs.link));

      if (href[0] != '\0')
        add_link (import, &builder, what, href, NULL, line, column);
    }

  html = collect_description (node);
  description_links = g_ptr_array_new_with_free_func ((GDestroyNotify) annals_html_link_free);
  {
    g_autofree char *text = annals_html_to_text (html, description_links);

    summary = annals_import_normalize_text (text);
  }
  for (guint i = 0; i < description_links->len; i++)
    {
      const AnnalsHtmlLink *link = g_ptr_array_index (description_links, i);

      add_link (import, &builder, what, link->href, link->label, line, column);
    }

  if (title == NULL)
    annals_diagnostics_add (import->diagnostics, ANNALS_SEVERITY_WARNING, line, column,
                            _("an event has no title; it is shown without a label"));

  /* The event */
  id = g_strdup_printf ("e%u", import->n_elements);
  if (!annals_id_set_take (import->ids, id))
    {
      g_free (id);
      id = annals_id_set_make (import->ids, id, "e");
    }

  event = annals_timeline_add_event (import->timeline);
  event->id = annals_timeline_intern (import->timeline, id);
  event->title = annals_timeline_strdup (import->timeline, title != NULL ? title : "");
  event->start = start;
  event->end = end;
  event->type = annals_date_is_set (&end) ? ANNALS_EVENT_SPAN : ANNALS_EVENT_INSTANT;
  event->track = import->track;
  event->category = category;
  event->line = line;
  import->n_events++;

  if (summary != NULL || builder.links->len > 0 || builder.extensions->len > 0
      || annals_date_is_set (&latest_start) || annals_date_is_set (&earliest_end))
    {
      detail = annals_timeline_alloc (import->timeline, sizeof (AnnalsEventDetail));
      detail->summary = annals_timeline_strdup (import->timeline, summary);
      detail->start_latest = latest_start;
      detail->end_earliest = earliest_end;
      annals_detail_builder_copy_to (&builder, import->timeline, detail);
      event->detail = detail;
    }

out:
  annals_detail_builder_clear (&builder);
}

static void
read_root_attributes (Import          *import,
                      xmlTextReaderPtr reader)
{
  g_autofree char *wiki_url = NULL;
  g_autofree char *wiki_section = NULL;
  guint line = 0;
  guint column = 0;

  annals_xml_reader_get_position (import->xml, xmlTextReaderCurrentNode (reader), &line, &column);

  while (xmlTextReaderMoveToNextAttribute (reader) == 1)
    {
      const char *name = (const char *) xmlTextReaderConstName (reader);
      const char *value = (const char *) xmlTextReaderConstValue (reader);

      if (value == NULL)
        value = "";

      if (xmlTextReaderIsNamespaceDecl (reader) == 1)
        continue;

      if (g_str_equal (name, "date-time-format"))
        {
          if (g_ascii_strcasecmp (value, "iso8601") == 0
              || g_ascii_strcasecmp (value, "iso 8601") == 0)
            import->date_format = ANNALS_JS_DATE_ISO8601;
          else if (g_ascii_strcasecmp (value, "gregorian") != 0)
            annals_diagnostics_add (import->diagnostics, ANNALS_SEVERITY_WARNING, line, column,
                                    _("date-time-format=\"%s\" is neither \"iso8601\" nor "
                                      "\"Gregorian\"; dates are read as SIMILE would, the "
                                      "Gregorian way"),
                                    value);
        }
      else if (g_str_equal (name, "wiki-url"))
        wiki_url = g_strdup (value);
      else if (g_str_equal (name, "wiki-section"))
        wiki_section = g_strdup (value);
      else
        {
          g_autofree char *xml = raw_attribute_extension (name, value);

          annals_timeline_add_extension (import->timeline, xml);
        }
    }
  xmlTextReaderMoveToElement (reader);

  if (wiki_url != NULL || wiki_section != NULL)
    {
      g_autofree char *xml = annals_import_extension (ANNALS_SIMILE_PREFIX, ANNALS_SIMILE_NS,
                                                      "wiki", NULL,
                                                      "url", wiki_url,
                                                      "section", wiki_section, NULL);

      annals_timeline_add_extension (import->timeline, xml);
    }
}

static void
finish_categories (Import *import)
{
  for (guint i = 0; i < import->timeline->n_categories; i++)
    {
      AnnalsColor shared = g_array_index (import->class_colors, AnnalsColor, i);

      if (shared != COLOR_MIXED && shared != ANNALS_COLOR_NONE)
        import->timeline->categories[i].color = shared;
    }
}

AnnalsTimeline *
annals_import_simile (AnnalsXmlReader         *xml,
                      const AnnalsLoadOptions *options,
                      AnnalsDiagnostics       *diagnostics,
                      GError                 **error)
{
  g_autoptr(AnnalsTimeline) timeline = NULL;
  g_autoptr(AnnalsIdSet) ids = NULL;
  g_autoptr(GHashTable) categories = NULL;
  g_autoptr(GArray) class_colors = NULL;
  g_autofree char *title = NULL;
  xmlTextReaderPtr reader;
  Import import = { 0 };
  AnnalsTrack *track;
  int ret;

  g_return_val_if_fail (xml != NULL, NULL);
  g_return_val_if_fail (diagnostics != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!annals_import_read_root (xml, diagnostics, error))
    return NULL;

  reader = annals_xml_reader_get_reader (xml);
  if (xmlTextReaderConstNamespaceUri (reader) != NULL
      || !g_str_equal ((const char *) xmlTextReaderConstLocalName (reader), "data"))
    {
      g_autofree char *message =
        g_strdup_printf (_("a SIMILE Timeline file starts with <data>, not <%s>"),
                         (const char *) xmlTextReaderConstName (reader));

      annals_import_wrong_root (xml, diagnostics, message, error);
      return NULL;
    }

  timeline = annals_timeline_new ();
  ids = annals_id_set_new ();
  categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  class_colors = g_array_new (FALSE, FALSE, sizeof (AnnalsColor));

  import.xml = xml;
  import.timeline = timeline;
  import.diagnostics = diagnostics;
  import.ids = ids;
  import.categories = categories;
  import.class_colors = class_colors;
  import.date_format = ANNALS_JS_DATE_GREGORIAN;

  title = annals_import_title_from_file (annals_diagnostics_get_file (diagnostics));
  timeline->title = annals_timeline_strdup (timeline, title);

  annals_id_set_take (ids, "events");
  import.track = 0;
  track = annals_timeline_add_track (timeline);
  track->id = annals_timeline_intern (timeline, "events");
  track->label = annals_timeline_strdup (timeline, _("Events"));
  track->kind = ANNALS_TRACK_EVENTS;

  read_root_attributes (&import, reader);

  /* Each event is expanded on its own, never the whole file; everything is
   * read through, so that the reader can place each element. */
  ret = annals_xml_reader_read (xml);
  while (ret == 1)
    {
      if (xmlTextReaderNodeType (reader) == XML_READER_TYPE_ELEMENT
          && xmlTextReaderDepth (reader) == 1)
        {
          xmlNodePtr node = xmlTextReaderExpand (reader);

          if (node == NULL)
            {
              ret = -1;
              break;
            }
          annals_xml_reader_mark_subtree (xml, node);
          import_event (&import, node);

          if (options != NULL && options->max_events > 0
              && import.n_events > options->max_events)
            {
              g_set_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_TOO_LARGE,
                           _("The file has more than %u events, the most Annals is set to "
                             "read"), options->max_events);
              return NULL;
            }
        }
      ret = annals_xml_reader_read (xml);
    }

  if (ret < 0)
    {
      annals_import_fail_read (xml, diagnostics, error);
      return NULL;
    }

  if (annals_xml_reader_failed (xml, error))
    return NULL;

  if (annals_diagnostics_count (diagnostics, ANNALS_SEVERITY_ERROR) > 0)
    {
      g_set_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID,
                   _("The SIMILE file has errors"));
      return NULL;
    }

  finish_categories (&import);
  annals_timeline_finish (timeline);

  return g_steal_pointer (&timeline);
}
