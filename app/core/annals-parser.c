/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-formats.h"
#include "annals-xml-reader.h"
#include "annals-core-resources.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <libxml/relaxng.h>

/* The reader of the native format, version 1 (FORMAT.md). One pass over the
 * file with xmlTextReader: each element is checked and turned into model
 * records as it streams by, and the same pass drives libxml2's RELAX NG
 * validator with the grammar in resources/, so the schema and the reader
 * cannot drift apart unnoticed.
 *
 * Both report problems, and they overlap. The reader's messages are the ones a
 * data author can act on ("unknown track "nowhere""), so they win: the
 * validator's messages are held back per top-level element and shown only when
 * the reader found nothing wrong in that element. The grammar thus catches what
 * the reader might miss, without doubling every message.
 *
 * References (track, category, source) may point forward, so those not found
 * when they are read are resolved after the last element. */

#define ANNALS_NS          "urn:annals:timeline:1"
#define ANNALS_NS_FAMILY   "urn:annals:timeline:"
#define SCHEMA_PATH        "/io/github/annals/Annals/core/annals-timeline-1.rng"
/* libxml2 limits one text node to 10 MB; an element can hold several. */
#define MAX_TEXT_BYTES     (10 * 1024 * 1024)
#define MAX_PENDING_VALIDITY 256

typedef enum
{
  EL_NONE,
  EL_DOCUMENT,
  EL_TIMELINE,
  EL_TITLE,
  EL_DESCRIPTION,
  EL_AS_OF,
  EL_SOURCE,
  EL_SOURCE_TITLE,
  EL_PUBLISHER,
  EL_PUBLISHED,
  EL_URL,
  EL_TRACK,
  EL_CATEGORY,
  EL_ERA,
  EL_EVENT,
  EL_EVENT_TITLE,
  EL_START,
  EL_END,
  EL_SUMMARY,
  EL_PLACE,
  EL_ACTOR,
  EL_QUANTITY,
  EL_LINK,
  EL_CITE,
  EL_TAG,
  EL_MEASURE,
} ElementKind;

typedef struct
{
  ElementKind kind;
  int         depth;
  guint       line;
  guint       column;
  gint        index;                   /* a track's index, for its children */
  guint       n_title;
  guint       n_start;
  guint       n_end;
  guint       n_summary;
  guint       n_publisher;
  guint       n_published;
  guint       n_url;
  gboolean    reported_text;
} Frame;

/* A <start> or an <end> as read. */
typedef struct
{
  gboolean     present;
  gboolean     valid;                  /* the text is a date */
  guint        line;
  guint        column;
  char        *text;
  AnnalsDate   date;
  AnnalsDate   earliest;
  AnnalsDate   latest;
  char        *earliest_text;
  char        *latest_text;
  gboolean     approx;
  gboolean     has_status;
  AnnalsStatus status;
} DateElement;

typedef struct
{
  char *href;
  char *label;
} LinkItem;

typedef struct
{
  const char *source;                  /* interned id, or NULL */
  char       *quote;
  char       *page;
  guint       line;
  guint       column;
} CiteItem;

typedef struct
{
  guint         line;
  guint         column;
  const char   *id;
  const char   *track;
  guint         track_line;
  const char   *category;
  int           type;                  /* AnnalsEventType, -1 when not given */
  AnnalsStatus  status;
  char         *title;
  DateElement   start;
  DateElement   end;
  char         *summary;
  GPtrArray    *places;
  GPtrArray    *actors;
  GPtrArray    *tags;
  GArray       *links;                 /* LinkItem */
  GArray       *quantities;            /* AnnalsQuantity, units interned */
  GPtrArray    *extensions;
} EventBuilder;

typedef struct
{
  guint       line;
  guint       column;
  const char *id;
  const char *kind;
  const char *reliability;
  char       *title;
  char       *publisher;
  char       *url;
  AnnalsDate  published;
} SourceBuilder;

typedef struct
{
  guint       line;
  guint       column;
  const char *track;
  const char *source;
  AnnalsDate  date;
  double      value;
} MeasureBuilder;

typedef enum
{
  REF_TRACK,
  REF_CATEGORY,
  REF_SOURCE,
} RefKind;

typedef enum
{
  SLOT_EVENT_TRACK,
  SLOT_EVENT_CATEGORY,
  SLOT_MEASURE_TRACK,
  SLOT_MEASURE_SOURCE,
  SLOT_CITATION,
} RefSlot;

typedef struct
{
  RefKind         kind;
  RefSlot         slot;
  const char     *id;
  guint           index;               /* insertion index of the event or measure */
  AnnalsCitation *citation;
  guint           line;
  guint           column;
} PendingRef;

typedef struct
{
  guint line;
  guint column;
} Position;

typedef struct
{
  guint     line;
  guint     column;
  gboolean  generic;                   /* "failed to validate content" and such */
  char     *message;
} ValidityError;

typedef struct
{
  AnnalsXmlReader         *xml;
  xmlTextReaderPtr         reader;
  AnnalsDiagnostics       *diagnostics;
  const AnnalsLoadOptions *options;
  AnnalsTimeline          *timeline;
  GTimeZone               *zone;
  guint                    max_events;
  GError                  *limit_error;
  gboolean                 stop;

  GArray                  *frames;     /* Frame */
  int                      skip_depth; /* inside an element that is skipped, or -1 */
  GString                 *text;
  gboolean                 text_too_long;

  /* Top-level order: <title>, <description>, <as-of>, then the rest. */
  guint                    n_titles;
  guint                    n_descriptions;
  guint                    n_as_of;
  gboolean                 seen_record;

  gboolean                 in_event;
  EventBuilder             event;
  gboolean                 in_source;
  SourceBuilder            source;
  gboolean                 in_measure;
  MeasureBuilder           measure;
  GArray                  *cites;      /* CiteItem, of the event or measure */

  GArray                  *refs;       /* PendingRef */
  GArray                  *event_positions; /* Position, by insertion order */
  GHashTable              *warned;     /* extension names warned about once */

  /* Validation */
  xmlRelaxNGValidCtxtPtr   validator;
  int                      quiet_depth;
  gboolean                 validator_dead;
  gboolean                 saw_element_wrong;
  GArray                  *validity;   /* ValidityError, held until a flush */
  guint                    errors_at_flush;
} Parser;

/* The grammar */

static gboolean
is_rng_element (xmlNodePtr  node,
                const char *name)
{
  return node->type == XML_ELEMENT_NODE && strcmp ((const char *) node->name, name) == 0;
}

static void
schema_error_cb (void        *data,
                 xmlErrorPtr  error)
{
  /* Only a broken build gets here: the grammar is compiled in. */
  if (error != NULL && error->level != XML_ERR_WARNING)
    g_critical ("annals-timeline-1.rng: line %d: %s", error->line,
                error->message != NULL ? error->message : "error");
}

static gboolean
has_name (xmlNodePtr  node,
          const char *name)
{
  xmlChar *value = xmlGetProp (node, BAD_CAST "name");
  gboolean equal = value != NULL && strcmp ((const char *) value, name) == 0;

  xmlFree (value);

  return equal;
}

static void
replace_children (xmlNodePtr  node,
                  const char *element)
{
  xmlNodePtr child = node->children;

  while (child != NULL)
    {
      xmlNodePtr next = child->next;

      xmlUnlinkNode (child);
      xmlFreeNode (child);
      child = next;
    }

  if (element != NULL)
    xmlNewChild (node, node->ns, BAD_CAST element, NULL);
}

/* See derive_streaming_grammar(). */
static void
loosen (xmlNodePtr node)
{
  xmlNodePtr child = node->children;

  while (child != NULL)
    {
      xmlNodePtr next = child->next;

      if (child->type != XML_ELEMENT_NODE)
        {
          child = next;
          continue;
        }

      if ((is_rng_element (child, "ref") && has_name (child, "foreign-element")) ||
          is_rng_element (child, "param"))
        {
          xmlUnlinkNode (child);
          xmlFreeNode (child);
        }
      else if (is_rng_element (child, "interleave"))
        {
          xmlNodePtr zero_or_more = xmlNewNode (child->ns, BAD_CAST "zeroOrMore");
          xmlNodePtr choice = xmlNewChild (zero_or_more, child->ns, BAD_CAST "choice", NULL);
          xmlNodePtr item = child->children;

          while (item != NULL)
            {
              xmlNodePtr item_next = item->next;
              xmlNodePtr pattern = item;

              xmlUnlinkNode (item);
              if (is_rng_element (item, "optional") || is_rng_element (item, "zeroOrMore") ||
                  is_rng_element (item, "oneOrMore"))
                {
                  pattern = xmlFirstElementChild (item);
                  if (pattern != NULL)
                    xmlUnlinkNode (pattern);
                  xmlFreeNode (item);
                }

              if (pattern != NULL && pattern->type == XML_ELEMENT_NODE &&
                  !(is_rng_element (pattern, "ref") && has_name (pattern, "foreign-elements")))
                xmlAddChild (choice, pattern);
              else if (pattern != NULL)
                xmlFreeNode (pattern);
              item = item_next;
            }

          xmlReplaceNode (child, zero_or_more);
          xmlFreeNode (child);
          loosen (zero_or_more);
        }
      else
        {
          loosen (child);
          if (is_rng_element (child, "data") && xmlFirstElementChild (child) == NULL)
            {
              /* A data type without parameters checks nothing the reader
               * does not, and would keep its element from streaming. */
              xmlNodePtr text = xmlNewNode (child->ns, BAD_CAST "text");

              xmlReplaceNode (child, text);
              xmlFreeNode (child);
            }
        }

      child = next;
    }
}

/* libxml2 validates an element while streaming only when its content model is
 * a plain automaton over element names. A wildcard (an extension element), an
 * interleave or a data type makes it build the element whole first, and it
 * checks every pattern by compiling it again, which made validation five times
 * slower than reading. So the grammar used while reading is loosened where the
 * reader checks better anyway: extensions are not pushed to it at all, the
 * top level and the children of <event> and <source> may come in any mix
 * (the reader checks order and counts), and values are plain text (the reader
 * checks dates, colours, numbers and ids, with messages that say what is
 * wrong). What remains is checked as it streams by: which elements go where,
 * which attributes exist and are required, and the enumerations. */
static void
derive_streaming_grammar (xmlDocPtr doc)
{
  static const char * const top_level[] = { "timeline-title", "description", "as-of", "record" };
  xmlNodePtr grammar = xmlDocGetRootElement (doc);
  guint found = 0;

  if (grammar == NULL)
    return;

  for (xmlNodePtr define = grammar->children; define != NULL; define = define->next)
    {
      if (!is_rng_element (define, "define"))
        continue;

      if (has_name (define, "timeline-content"))
        {
          xmlNodePtr zero_or_more;
          xmlNodePtr choice;

          replace_children (define, NULL);
          zero_or_more = xmlNewChild (define, define->ns, BAD_CAST "zeroOrMore", NULL);
          choice = xmlNewChild (zero_or_more, define->ns, BAD_CAST "choice", NULL);
          for (guint i = 0; i < G_N_ELEMENTS (top_level); i++)
            {
              xmlNodePtr ref = xmlNewChild (choice, define->ns, BAD_CAST "ref", NULL);

              xmlSetProp (ref, BAD_CAST "name", BAD_CAST top_level[i]);
            }
          found++;
        }
      else if (has_name (define, "foreign-elements"))
        {
          replace_children (define, "empty");
          found++;
        }
      else if (has_name (define, "top-level-extension"))
        {
          replace_children (define, "notAllowed");
          found++;
        }
      else if (has_name (define, "date"))
        {
          replace_children (define, "text");
          found++;
        }
    }

  loosen (grammar);

  if (found != 4)
    g_critical ("annals-timeline-1.rng lacks a define the reader relies on");
}

static xmlRelaxNGPtr
compile_schema (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  xmlRelaxNGParserCtxtPtr context;
  xmlRelaxNGPtr schema;
  xmlDocPtr doc;
  gconstpointer data;
  gsize size;

  bytes = g_resource_lookup_data (annals_core_get_resource (), SCHEMA_PATH,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    {
      g_critical ("Cannot find the timeline schema: %s", error->message);
      return NULL;
    }

  data = g_bytes_get_data (bytes, &size);
  doc = xmlReadMemory (data, (int) size, "annals-timeline-1.rng", NULL,
                       XML_PARSE_NONET | XML_PARSE_NOBLANKS);
  if (doc == NULL)
    {
      g_critical ("Cannot read the timeline schema");
      return NULL;
    }

  derive_streaming_grammar (doc);

  context = xmlRelaxNGNewDocParserCtxt (doc);
  xmlRelaxNGSetParserStructuredErrors (context, schema_error_cb, NULL);
  schema = xmlRelaxNGParse (context);
  xmlRelaxNGFreeParserCtxt (context);
  xmlFreeDoc (doc);

  return schema;
}

/* Compiled once per process and shared: validation only reads it. */
static xmlRelaxNGPtr
get_schema (void)
{
  static gsize once = 0;
  static xmlRelaxNGPtr schema = NULL;

  if (g_once_init_enter (&once))
    {
      schema = compile_schema ();
      g_once_init_leave (&once, 1);
    }

  return schema;
}

/* Small helpers */

static const char *
element_name (ElementKind kind)
{
  switch (kind)
    {
    case EL_TIMELINE: return "timeline";
    case EL_TITLE:
    case EL_SOURCE_TITLE:
    case EL_EVENT_TITLE: return "title";
    case EL_DESCRIPTION: return "description";
    case EL_AS_OF: return "as-of";
    case EL_SOURCE: return "source";
    case EL_PUBLISHER: return "publisher";
    case EL_PUBLISHED: return "published";
    case EL_URL: return "url";
    case EL_TRACK: return "track";
    case EL_CATEGORY: return "category";
    case EL_ERA: return "era";
    case EL_EVENT: return "event";
    case EL_START: return "start";
    case EL_END: return "end";
    case EL_SUMMARY: return "summary";
    case EL_PLACE: return "place";
    case EL_ACTOR: return "actor";
    case EL_QUANTITY: return "quantity";
    case EL_LINK: return "link";
    case EL_CITE: return "cite";
    case EL_TAG: return "tag";
    case EL_MEASURE: return "measure";
    case EL_NONE:
    case EL_DOCUMENT:
    default: return "?";
    }
}

static ElementKind
child_kind (ElementKind  parent,
            const char  *name)
{
  static const struct
  {
    ElementKind parent;
    const char *name;
    ElementKind kind;
  } children[] = {
    { EL_DOCUMENT, "timeline", EL_TIMELINE },
    { EL_TIMELINE, "title", EL_TITLE },
    { EL_TIMELINE, "description", EL_DESCRIPTION },
    { EL_TIMELINE, "as-of", EL_AS_OF },
    { EL_TIMELINE, "source", EL_SOURCE },
    { EL_TIMELINE, "track", EL_TRACK },
    { EL_TIMELINE, "category", EL_CATEGORY },
    { EL_TIMELINE, "era", EL_ERA },
    { EL_TIMELINE, "event", EL_EVENT },
    { EL_TIMELINE, "measure", EL_MEASURE },
    { EL_SOURCE, "title", EL_SOURCE_TITLE },
    { EL_SOURCE, "publisher", EL_PUBLISHER },
    { EL_SOURCE, "published", EL_PUBLISHED },
    { EL_SOURCE, "url", EL_URL },
    { EL_TRACK, "track", EL_TRACK },
    { EL_EVENT, "title", EL_EVENT_TITLE },
    { EL_EVENT, "start", EL_START },
    { EL_EVENT, "end", EL_END },
    { EL_EVENT, "summary", EL_SUMMARY },
    { EL_EVENT, "place", EL_PLACE },
    { EL_EVENT, "actor", EL_ACTOR },
    { EL_EVENT, "quantity", EL_QUANTITY },
    { EL_EVENT, "link", EL_LINK },
    { EL_EVENT, "cite", EL_CITE },
    { EL_EVENT, "tag", EL_TAG },
    { EL_MEASURE, "cite", EL_CITE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    {
      if (children[i].parent == parent && strcmp (children[i].name, name) == 0)
        return children[i].kind;
    }

  return EL_NONE;
}

static gboolean
holds_text (ElementKind kind)
{
  switch (kind)
    {
    case EL_TITLE:
    case EL_DESCRIPTION:
    case EL_AS_OF:
    case EL_SOURCE_TITLE:
    case EL_PUBLISHER:
    case EL_PUBLISHED:
    case EL_URL:
    case EL_EVENT_TITLE:
    case EL_START:
    case EL_END:
    case EL_SUMMARY:
    case EL_PLACE:
    case EL_ACTOR:
    case EL_LINK:
    case EL_TAG:
      return TRUE;
    default:
      return FALSE;
    }
}

static const char * const *
allowed_attributes (ElementKind kind)
{
  static const char * const timeline[] = { "version", "tz", "lang", NULL };
  static const char * const source[] = { "id", "kind", "reliability", NULL };
  static const char * const track[] = { "id", "label", "color", "kind", "unit", NULL };
  static const char * const category[] = { "id", "label", "color", NULL };
  static const char * const era[] = { "start", "end", "label", "color", NULL };
  static const char * const event[] = { "id", "track", "type", "category", "status", NULL };
  static const char * const start[] = { "approx", "earliest", "latest", NULL };
  static const char * const end[] = { "status", "approx", "earliest", "latest", NULL };
  static const char * const quantity[] = { "unit", "change", "value", NULL };
  static const char * const link[] = { "href", NULL };
  static const char * const cite[] = { "source", "quote", "page", NULL };
  static const char * const measure[] = { "track", "date", "value", "approx", "source", NULL };
  static const char * const none[] = { NULL };

  switch (kind)
    {
    case EL_TIMELINE: return timeline;
    case EL_SOURCE: return source;
    case EL_TRACK: return track;
    case EL_CATEGORY: return category;
    case EL_ERA: return era;
    case EL_EVENT: return event;
    case EL_START: return start;
    case EL_END: return end;
    case EL_QUANTITY: return quantity;
    case EL_LINK: return link;
    case EL_CITE: return cite;
    case EL_MEASURE: return measure;
    default: return none;
    }
}

/* Collapses runs of XML white space into one space and trims. Newly allocated. */
static char *
normalize (const char *text)
{
  char *out;
  char *q;
  gboolean space = FALSE;

  if (text == NULL)
    return g_strdup ("");

  out = g_malloc (strlen (text) + 1);
  q = out;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        {
          space = TRUE;
          continue;
        }
      if (space && q != out)
        *q++ = ' ';
      space = FALSE;
      *q++ = *p;
    }
  *q = '\0';

  return out;
}

/* Text from the file, made safe and short for a message. Newly allocated. */
static char *
quote (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);

  if (g_utf8_strlen (valid, -1) > 60)
    {
      g_autofree char *cut = g_utf8_substring (valid, 0, 60);

      return g_strconcat (cut, "…", NULL);
    }

  return g_steal_pointer (&valid);
}

static const char *
node_ns (xmlNodePtr node)
{
  return (node->ns != NULL && node->ns->href != NULL) ? (const char *) node->ns->href : NULL;
}

static char *
qualified_name (const xmlChar *prefix,
                const xmlChar *name)
{
  if (prefix != NULL)
    return g_strdup_printf ("%s:%s", prefix, name);

  return g_strdup ((const char *) name);
}

static xmlAttrPtr
find_attribute (xmlNodePtr  node,
                const char *name)
{
  for (xmlAttrPtr attr = node->properties; attr != NULL; attr = attr->next)
    {
      if (attr->ns == NULL && strcmp ((const char *) attr->name, name) == 0)
        return attr;
    }

  return NULL;
}

/* The value of an unprefixed attribute, white space normalised, or NULL.
 * Newly allocated. */
static char *
get_normalized_attribute (xmlNodePtr  node,
                          const char *name)
{
  xmlAttrPtr attr = find_attribute (node, name);
  xmlChar *value;
  char *normalized;

  if (attr == NULL)
    return NULL;

  /* Without a DTD there are no entity references: one text node or none. */
  if (attr->children == NULL)
    return g_strdup ("");
  if (attr->children->next == NULL && attr->children->type == XML_TEXT_NODE)
    return normalize ((const char *) attr->children->content);

  value = xmlNodeListGetString (node->doc, attr->children, 1);
  normalized = normalize ((const char *) value);
  xmlFree (value);

  return normalized;
}

static guint
edit_distance (const char *a,
               const char *b)
{
  gsize la = strlen (a);
  gsize lb = strlen (b);
  guint row[32];

  if (la >= G_N_ELEMENTS (row) || lb >= G_N_ELEMENTS (row))
    return G_MAXUINT;

  for (gsize j = 0; j <= lb; j++)
    row[j] = (guint) j;

  for (gsize i = 1; i <= la; i++)
    {
      guint diagonal = row[0];

      row[0] = (guint) i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint above = row[j];
          guint cost = (a[i - 1] == b[j - 1]) ? 0 : 1;

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + cost);
          diagonal = above;
        }
    }

  return row[lb];
}

/* A known child of @parent close to @name ("evnet" -> "event"), or NULL. */
static const char *
suggest_child (ElementKind  parent,
               const char  *name)
{
  static const char * const names[] = {
    "title", "description", "as-of", "source", "track", "category", "era", "event",
    "measure", "publisher", "published", "url", "start", "end", "summary", "place",
    "actor", "quantity", "link", "cite", "tag",
  };
  const char *best = NULL;
  guint best_distance = 3;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      guint distance;

      if (child_kind (parent, names[i]) == EL_NONE)
        continue;
      distance = edit_distance (name, names[i]);
      if (distance < best_distance)
        {
          best = names[i];
          best_distance = distance;
        }
    }

  return best;
}

/* Diagnostics */

static void error_at (Parser     *self,
                      guint       line,
                      guint       column,
                      const char *format,
                      ...) G_GNUC_PRINTF (4, 5);

static void
error_at (Parser     *self,
          guint       line,
          guint       column,
          const char *format,
          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  annals_diagnostics_add (self->diagnostics, ANNALS_SEVERITY_ERROR, line, column, "%s", message);
}

static void warning_at (Parser     *self,
                        guint       line,
                        guint       column,
                        const char *format,
                        ...) G_GNUC_PRINTF (4, 5);

static void
warning_at (Parser     *self,
            guint       line,
            guint       column,
            const char *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  annals_diagnostics_add (self->diagnostics, ANNALS_SEVERITY_WARNING, line, column, "%s",
                          message);
}

static Frame *
top_frame (Parser *self)
{
  if (self->frames->len == 0)
    return NULL;

  return &g_array_index (self->frames, Frame, self->frames->len - 1);
}

static Frame *
parent_frame (Parser *self)
{
  if (self->frames->len < 2)
    return NULL;

  return &g_array_index (self->frames, Frame, self->frames->len - 2);
}

/* Validation messages: libxml2's are written for schema authors. */

static char *
describe_validity_error (const xmlError *error)
{
  xmlNodePtr node = error->node;
  g_autofree char *s1 = quote (error->str1);
  g_autofree char *s2 = quote (error->str2);
  const char *name = (node != NULL && node->name != NULL) ? (const char *) node->name : "?";
  g_autofree char *raw = NULL;

  switch (error->code)
    {
    case XML_RELAXNG_ERR_ELEMNAME:
      return g_strdup_printf (_("expected <%s> here, not <%s>"), s1, s2);
    case XML_RELAXNG_ERR_NOELEM:
      if (error->str1 != NULL && error->str1[0] != '\0')
        return g_strdup_printf (_("<%s> is missing here"), s1);
      return g_strdup_printf (_("<%s> is incomplete: a required element is missing"), name);
    case XML_RELAXNG_ERR_ELEMWRONG:
      return g_strdup_printf (_("<%s> is not allowed here"), s1);
    case XML_RELAXNG_ERR_INTEREXTRA:
      return g_strdup_printf (_("<%s> inside <%s> is not valid"), s1, name);
    case XML_RELAXNG_ERR_TEXTWRONG:
    case XML_RELAXNG_ERR_NOTELEM:
      return g_strdup (_("text is not allowed here"));
    case XML_RELAXNG_ERR_ELEMNONS:
    case XML_RELAXNG_ERR_ELEMWRONGNS:
    case XML_RELAXNG_ERR_ELEMEXTRANS:
      return g_strdup_printf (_("<%s> is not in the namespace %s"), name, ANNALS_NS);
    case XML_RELAXNG_ERR_ELEMNOTEMPTY:
      return g_strdup_printf (_("<%s> must be empty"), name);
    case XML_RELAXNG_ERR_ATTRVALID:
      return g_strdup_printf (_("<%s> has a missing or invalid attribute"), s1);
    case XML_RELAXNG_ERR_CONTENTVALID:
    case XML_RELAXNG_ERR_INTERSEQ:
      return g_strdup_printf (_("the content of <%s> is not valid"), name);
    case XML_RELAXNG_ERR_EXTRACONTENT:
      return g_strdup_printf (_("<%s> is not allowed in <%s>"), s2, s1);
    case XML_RELAXNG_ERR_INVALIDATTR:
      return g_strdup_printf (_("attribute %s on <%s> is not allowed or has an invalid value"),
                              s1, s2);
    case XML_RELAXNG_ERR_TYPEVAL:
      return g_strdup_printf (_("\"%s\" is not a valid value here"), s2);
    case XML_RELAXNG_ERR_DATATYPE:
    case XML_RELAXNG_ERR_VALUE:
    case XML_RELAXNG_ERR_LIST:
    case XML_RELAXNG_ERR_LACKDATA:
    case XML_RELAXNG_ERR_DATAELEM:
    case XML_RELAXNG_ERR_VALELEM:
      return g_strdup_printf (_("<%s> has an invalid value"), name);
    default:
      break;
    }

  raw = g_strdup (error->message != NULL ? error->message : "");
  g_strstrip (raw);
  g_strdelimit (raw, "\n", ' ');

  return raw[0] != '\0' ? g_steal_pointer (&raw) : g_strdup (_("the file does not follow "
                                                                 "the timeline schema"));
}

static void
validity_error_cb (void        *data,
                   xmlErrorPtr  error)
{
  Parser *self = data;
  ValidityError item;

  if (error == NULL || self->validator_dead)
    return;

  if (error->code == XML_RELAXNG_ERR_ELEMWRONG)
    self->saw_element_wrong = TRUE;

  if (self->validity->len >= MAX_PENDING_VALIDITY)
    return;

  annals_xml_reader_get_position (self->xml, error->node, &item.line, &item.column);
  item.message = describe_validity_error (error);
  item.generic = (error->code == XML_RELAXNG_ERR_CONTENTVALID ||
                  error->code == XML_RELAXNG_ERR_ATTRVALID ||
                  error->code == XML_RELAXNG_ERR_INTERSEQ ||
                  error->code == XML_RELAXNG_ERR_INTEREXTRA ||
                  (error->code == XML_RELAXNG_ERR_NOELEM &&
                   (error->str1 == NULL || error->str1[0] == '\0')));

  /* libxml2 says some things twice. */
  for (guint i = 0; i < self->validity->len; i++)
    {
      ValidityError *other = &g_array_index (self->validity, ValidityError, i);

      if (other->line == item.line && other->column == item.column &&
          strcmp (other->message, item.message) == 0)
        {
          g_free (item.message);
          return;
        }
    }

  g_array_append_val (self->validity, item);
}

static void
clear_validity_error (gpointer data)
{
  ValidityError *item = data;

  g_free (item->message);
}

/* At the end of each top-level element: the validator's findings are shown
 * only if the reader found nothing wrong there. libxml2 follows a specific
 * finding with general ones ("failed to validate content") up the tree: those
 * are shown only when there is nothing specific, and then only the innermost. */
static void
flush_validity (Parser *self)
{
  guint errors = annals_diagnostics_count (self->diagnostics, ANNALS_SEVERITY_ERROR);

  if (errors == self->errors_at_flush && !annals_xml_reader_is_malformed (self->xml))
    {
      ValidityError *innermost = NULL;
      gboolean specific = FALSE;

      for (guint i = 0; i < self->validity->len; i++)
        {
          ValidityError *item = &g_array_index (self->validity, ValidityError, i);

          if (!item->generic)
            {
              error_at (self, item->line, item->column, "%s", item->message);
              specific = TRUE;
            }
          else if (innermost == NULL || item->line > innermost->line ||
                   (item->line == innermost->line && item->column > innermost->column))
            innermost = item;
        }

      if (!specific && innermost != NULL)
        error_at (self, innermost->line, innermost->column, "%s", innermost->message);
    }

  g_array_set_size (self->validity, 0);
  self->errors_at_flush = annals_diagnostics_count (self->diagnostics, ANNALS_SEVERITY_ERROR);
}

static gboolean
is_validated_top_level (xmlNodePtr node)
{
  static const char * const names[] = {
    "title", "description", "as-of", "source", "track", "category", "era", "event", "measure",
  };
  const char *ns = node_ns (node);

  if (ns == NULL || strcmp (ns, ANNALS_NS) != 0)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (strcmp ((const char *) node->name, names[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
validate_start (Parser     *self,
                xmlNodePtr  node,
                int         depth,
                gboolean    empty)
{
  int ret;

  if (self->validator == NULL || self->validator_dead)
    return;
  if (self->quiet_depth >= 0 && depth > self->quiet_depth)
    return;

  /* Extensions are not in the streaming grammar, and unknown names at the top
   * level are the reader's business: a name the grammar does not expect there
   * would stop its automaton for the rest of the file. */
  if ((node_ns (node) != NULL && strcmp (node_ns (node), ANNALS_NS) != 0) ||
      (depth == 1 && !is_validated_top_level (node)))
    {
      if (!empty)
        self->quiet_depth = depth;
      return;
    }

  self->saw_element_wrong = FALSE;
  ret = xmlRelaxNGValidatePushElement (self->validator, NULL, node);

  if (ret == 0)
    {
      /* This element cannot be streamed: validate it whole. */
      xmlNodePtr whole = xmlTextReaderExpand (self->reader);

      if (whole != NULL)
        {
          annals_xml_reader_mark_subtree (self->xml, whole);
          xmlRelaxNGValidateFullElement (self->validator, NULL, whole);
        }
      if (!empty)
        self->quiet_depth = depth;
    }
  else if (ret < 0 && self->saw_element_wrong)
    {
      /* Nothing was pushed for it: do not pop it, nor validate inside. */
      if (depth <= 1)
        self->validator_dead = TRUE;
      if (!empty)
        self->quiet_depth = depth;
    }
  else if (empty)
    xmlRelaxNGValidatePopElement (self->validator, NULL, node);
}

static void
validate_end (Parser     *self,
              xmlNodePtr  node,
              int         depth)
{
  if (self->validator == NULL || self->validator_dead)
    return;

  if (self->quiet_depth >= 0)
    {
      if (depth > self->quiet_depth)
        return;
      if (depth == self->quiet_depth)
        {
          self->quiet_depth = -1;
          return;
        }
    }

  xmlRelaxNGValidatePopElement (self->validator, NULL, node);
}

static void
validate_text (Parser        *self,
               const xmlChar *content,
               int            depth)
{
  if (self->validator == NULL || self->validator_dead || content == NULL)
    return;
  if (self->quiet_depth >= 0 && depth > self->quiet_depth)
    return;

  xmlRelaxNGValidatePushCData (self->validator, content, xmlStrlen (content));
}

/* Values */

/* A word-like attribute (lang, kind, unit): absent is fine, empty is not. */
static char *
take_token (Parser     *self,
            Frame      *frame,
            xmlNodePtr  node,
            const char *attribute)
{
  char *value = get_normalized_attribute (node, attribute);

  if (value != NULL && value[0] == '\0')
    {
      error_at (self, frame->line, frame->column, _("the %s attribute of <%s> is empty"),
                attribute, element_name (frame->kind));
      g_clear_pointer (&value, g_free);
    }

  return value;
}

static const char *
take_id (Parser     *self,
         Frame      *frame,
         xmlNodePtr  node,
         const char *attribute,
         gboolean    required)
{
  g_autofree char *value = get_normalized_attribute (node, attribute);

  if (value == NULL)
    {
      if (required)
        error_at (self, frame->line, frame->column, _("<%s> has no %s attribute"),
                  element_name (frame->kind), attribute);
      return NULL;
    }

  if (value[0] == '\0')
    {
      error_at (self, frame->line, frame->column, _("the %s attribute of <%s> is empty"),
                attribute, element_name (frame->kind));
      return NULL;
    }

  if (strchr (value, ' ') != NULL)
    {
      g_autofree char *quoted = quote (value);

      error_at (self, frame->line, frame->column,
                _("%s \"%s\" contains a space; an id is one word, such as \"nato-iraq\""),
                attribute, quoted);
      return NULL;
    }

  return annals_timeline_intern (self->timeline, value);
}

static gboolean
parse_date_text (Parser      *self,
                 guint        line,
                 guint        column,
                 const char  *text,
                 AnnalsDate  *date)
{
  g_autoptr(GError) error = NULL;

  if (annals_date_parse (text, self->zone, date, &error))
    return TRUE;

  error_at (self, line, column, "%s", error->message);
  memset (date, 0, sizeof *date);

  return FALSE;
}

/* A date attribute; FALSE when it is there but not a date. */
static gboolean
take_date_attribute (Parser      *self,
                     Frame       *frame,
                     xmlNodePtr   node,
                     const char  *attribute,
                     gboolean     required,
                     AnnalsDate  *date,
                     char       **text_out)
{
  g_autofree char *value = get_normalized_attribute (node, attribute);

  memset (date, 0, sizeof *date);

  if (value == NULL)
    {
      if (required)
        error_at (self, frame->line, frame->column, _("<%s> has no %s attribute"),
                  element_name (frame->kind), attribute);
      return !required;
    }

  if (!parse_date_text (self, frame->line, frame->column, value, date))
    return FALSE;

  if (text_out != NULL)
    *text_out = g_steal_pointer (&value);

  return TRUE;
}

static gboolean
take_color (Parser      *self,
            Frame       *frame,
            xmlNodePtr   node,
            AnnalsColor *color)
{
  g_autofree char *value = get_normalized_attribute (node, "color");
  gboolean valid;

  *color = ANNALS_COLOR_NONE;
  if (value == NULL)
    return TRUE;

  valid = strlen (value) == 7 && annals_color_parse (value, color);
  if (!valid)
    {
      g_autofree char *quoted = quote (value);

      *color = ANNALS_COLOR_NONE;
      error_at (self, frame->line, frame->column,
                _("color \"%s\" is not a colour: write #rrggbb, such as #3465a4"), quoted);
    }

  return valid;
}

static gboolean
parse_number (const char *text,
              double     *value)
{
  const char *p = text;
  char *end = NULL;
  gboolean digits = FALSE;

  /* Decimal only: strtod would also take "nan", "inf" and hexadecimal. */
  if (*p == '+' || *p == '-')
    p++;
  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits = TRUE;
      else if (*p != '.' && *p != 'e' && *p != 'E' && *p != '+' && *p != '-')
        return FALSE;
    }
  if (!digits)
    return FALSE;

  *value = g_ascii_strtod (text, &end);

  return end != NULL && *end == '\0' && end != text;
}

static gboolean
take_number (Parser     *self,
             Frame      *frame,
             xmlNodePtr  node,
             const char *attribute,
             gboolean    required,
             double     *value)
{
  g_autofree char *text = get_normalized_attribute (node, attribute);

  *value = 0.0;

  if (text == NULL)
    {
      if (required)
        error_at (self, frame->line, frame->column, _("<%s> has no %s attribute"),
                  element_name (frame->kind), attribute);
      return FALSE;
    }

  if (!parse_number (text, value))
    {
      g_autofree char *quoted = quote (text);

      error_at (self, frame->line, frame->column, _("%s=\"%s\" is not a number"), attribute,
                quoted);
      return FALSE;
    }

  if (!isfinite (*value))
    {
      g_autofree char *quoted = quote (text);

      error_at (self, frame->line, frame->column, _("%s=\"%s\" is too large a number"),
                attribute, quoted);
      *value = 0.0;
      return FALSE;
    }

  return TRUE;
}

static gboolean
take_boolean (Parser     *self,
              Frame      *frame,
              xmlNodePtr  node,
              const char *attribute)
{
  g_autofree char *value = get_normalized_attribute (node, attribute);

  if (value == NULL || strcmp (value, "false") == 0)
    return FALSE;
  if (strcmp (value, "true") == 0)
    return TRUE;

  {
    g_autofree char *quoted = quote (value);

    error_at (self, frame->line, frame->column,
              _("%s=\"%s\" is not allowed: write %s=\"true\" or %s=\"false\""),
              attribute, quoted, attribute, attribute);
  }

  return FALSE;
}

static gboolean
take_status (Parser       *self,
             Frame        *frame,
             xmlNodePtr    node,
             AnnalsStatus *status)
{
  g_autofree char *value = get_normalized_attribute (node, "status");

  *status = ANNALS_STATUS_CONFIRMED;
  if (value == NULL)
    return FALSE;

  if (!annals_status_from_string (value, status))
    {
      g_autofree char *quoted = quote (value);

      error_at (self, frame->line, frame->column,
                _("unknown status \"%s\": use confirmed, reported, proposed, disputed, denied, "
                  "cancelled, active or ended"), quoted);
      *status = ANNALS_STATUS_CONFIRMED;
      return FALSE;
    }

  return TRUE;
}

static void
check_attributes (Parser     *self,
                  Frame      *frame,
                  xmlNodePtr  node)
{
  const char * const *allowed = allowed_attributes (frame->kind);

  for (xmlAttrPtr attr = node->properties; attr != NULL; attr = attr->next)
    {
      const char *name = (const char *) attr->name;

      if (attr->ns == NULL)
        {
          gboolean known = FALSE;

          for (guint i = 0; allowed[i] != NULL && !known; i++)
            known = (strcmp (allowed[i], name) == 0);

          if (!known)
            error_at (self, frame->line, frame->column,
                      _("attribute %s is not allowed on <%s>"), name,
                      element_name (frame->kind));
        }
      else if (attr->ns->href != NULL && strcmp ((const char *) attr->ns->href, ANNALS_NS) == 0)
        {
          error_at (self, frame->line, frame->column,
                    _("attribute %s:%s is not allowed on <%s>; attributes are written "
                      "without a prefix"), attr->ns->prefix, name, element_name (frame->kind));
        }
      else
        {
          g_autofree char *qname = qualified_name (attr->ns->prefix, attr->name);

          /* The model has no room for them: say so once per name. */
          if (!g_hash_table_contains (self->warned, qname))
            {
              warning_at (self, frame->line, frame->column,
                          _("the extension attribute %s is ignored and will not be saved"),
                          qname);
              g_hash_table_add (self->warned, g_steal_pointer (&qname));
            }
        }
    }
}

/* Records */

static void
date_element_clear (DateElement *date)
{
  g_free (date->text);
  g_free (date->earliest_text);
  g_free (date->latest_text);
  memset (date, 0, sizeof *date);
}

static void
clear_link (gpointer data)
{
  LinkItem *link = data;

  g_free (link->href);
  g_free (link->label);
}

static void
clear_cite (gpointer data)
{
  CiteItem *cite = data;

  g_free (cite->quote);
  g_free (cite->page);
}

static void
event_builder_reset (EventBuilder *event)
{
  g_clear_pointer (&event->title, g_free);
  g_clear_pointer (&event->summary, g_free);
  date_element_clear (&event->start);
  date_element_clear (&event->end);
  g_ptr_array_set_size (event->places, 0);
  g_ptr_array_set_size (event->actors, 0);
  g_ptr_array_set_size (event->tags, 0);
  g_ptr_array_set_size (event->extensions, 0);
  g_array_set_size (event->links, 0);
  g_array_set_size (event->quantities, 0);
  event->id = NULL;
  event->track = NULL;
  event->category = NULL;
  event->type = -1;
  event->status = ANNALS_STATUS_CONFIRMED;
}

static void
source_builder_reset (SourceBuilder *source)
{
  g_clear_pointer (&source->title, g_free);
  g_clear_pointer (&source->publisher, g_free);
  g_clear_pointer (&source->url, g_free);
  memset (source, 0, sizeof *source);
}

static void
resolve_reference (Parser         *self,
                   RefKind         kind,
                   RefSlot         slot,
                   const char     *id,
                   guint           index,
                   AnnalsCitation *citation,
                   guint           line,
                   guint           column,
                   gboolean        final);

static void
set_reference (Parser         *self,
               RefSlot         slot,
               guint           index,
               AnnalsCitation *citation,
               gint            target,
               const char     *id,
               guint           line,
               guint           column)
{
  AnnalsTimeline *timeline = self->timeline;

  switch (slot)
    {
    case SLOT_EVENT_TRACK:
      timeline->events[index].track = target;
      break;
    case SLOT_EVENT_CATEGORY:
      timeline->events[index].category = target;
      break;
    case SLOT_MEASURE_TRACK:
      timeline->measures[index].track = target;
      if (timeline->tracks[target].kind != ANNALS_TRACK_QUANTITY)
        {
          g_autofree char *quoted = quote (id);

          error_at (self, line, column,
                    _("track \"%s\" is not a quantity track: a <measure> needs a track with "
                      "kind=\"quantity\""), quoted);
        }
      break;
    case SLOT_MEASURE_SOURCE:
      timeline->measures[index].source = target;
      break;
    case SLOT_CITATION:
      citation->source = target;
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
resolve_reference (Parser         *self,
                   RefKind         kind,
                   RefSlot         slot,
                   const char     *id,
                   guint           index,
                   AnnalsCitation *citation,
                   guint           line,
                   guint           column,
                   gboolean        final)
{
  gint target = -1;

  if (id == NULL)
    return;

  switch (kind)
    {
    case REF_TRACK:
      target = annals_timeline_find_track (self->timeline, id);
      break;
    case REF_CATEGORY:
      target = annals_timeline_find_category (self->timeline, id);
      break;
    case REF_SOURCE:
      target = annals_timeline_find_source (self->timeline, id);
      break;
    default:
      g_assert_not_reached ();
    }

  if (target >= 0)
    {
      set_reference (self, slot, index, citation, target, id, line, column);
      return;
    }

  if (final)
    {
      g_autofree char *quoted = quote (id);

      switch (kind)
        {
        case REF_TRACK:
          error_at (self, line, column, _("unknown track \"%s\""), quoted);
          break;
        case REF_CATEGORY:
          error_at (self, line, column, _("unknown category \"%s\""), quoted);
          break;
        case REF_SOURCE:
        default:
          error_at (self, line, column, _("unknown source \"%s\""), quoted);
          break;
        }
      return;
    }

  /* It may be declared further down. */
  {
    PendingRef ref = {
      .kind = kind,
      .slot = slot,
      .id = id,
      .index = index,
      .citation = citation,
      .line = line,
      .column = column,
    };

    g_array_append_val (self->refs, ref);
  }
}

/* Citations of the event or measure just added, in the arena. */
static const AnnalsCitation *
build_citations (Parser *self,
                 guint  *n_cites)
{
  AnnalsCitation *cites;
  guint n = self->cites->len;

  *n_cites = n;
  if (n == 0)
    return NULL;

  cites = annals_timeline_alloc (self->timeline, sizeof (AnnalsCitation) * n);
  for (guint i = 0; i < n; i++)
    {
      CiteItem *item = &g_array_index (self->cites, CiteItem, i);

      cites[i].source = -1;
      cites[i].quote = annals_timeline_strdup (self->timeline, item->quote);
      cites[i].page = annals_timeline_strdup (self->timeline, item->page);
      resolve_reference (self, REF_SOURCE, SLOT_CITATION, item->source, 0, &cites[i],
                         item->line, item->column, FALSE);
    }

  g_array_set_size (self->cites, 0);

  return cites;
}

static const char **
copy_owned_strings (Parser    *self,
                    GPtrArray *strings,
                    guint     *n)
{
  *n = strings->len;

  return annals_timeline_copy_strv (self->timeline, (const char **) strings->pdata, strings->len);
}

static gboolean
check_bounds (Parser      *self,
              DateElement *date,
              const char  *what)
{
  gboolean ok = TRUE;
  gboolean has_earliest = annals_date_is_set (&date->earliest);
  gboolean has_latest = annals_date_is_set (&date->latest);

  if (has_earliest && has_latest &&
      date->earliest.time >= annals_date_end_time (&date->latest))
    {
      error_at (self, date->line, date->column, _("earliest %s is after latest %s"),
                date->earliest_text, date->latest_text);
      return FALSE;
    }

  if (!date->valid)
    return TRUE;

  if (has_earliest && annals_date_end_time (&date->date) <= date->earliest.time)
    {
      /* Translators: the first %s is "start" or "end". */
      error_at (self, date->line, date->column, _("%s %s is before its earliest date %s"),
                what, date->text, date->earliest_text);
      ok = FALSE;
    }

  if (has_latest && date->date.time >= annals_date_end_time (&date->latest))
    {
      error_at (self, date->line, date->column, _("%s %s is after its latest date %s"),
                what, date->text, date->latest_text);
      ok = FALSE;
    }

  return ok;
}

static void
finish_event (Parser *self,
              Frame  *frame)
{
  EventBuilder *builder = &self->event;
  AnnalsTimeline *timeline = self->timeline;
  g_autofree char *shown_id = quote (builder->id != NULL ? builder->id : "");
  AnnalsEventType type;
  AnnalsEvent *event;
  AnnalsEventDetail *detail = NULL;
  guint index;
  Position position = { builder->line, builder->column };
  gboolean has_bounds;

  if (builder->title == NULL)
    error_at (self, builder->line, builder->column, _("event \"%s\" has no <title>"), shown_id);
  if (!builder->start.present)
    error_at (self, builder->line, builder->column, _("event \"%s\" has no <start>"), shown_id);

  if (builder->type >= 0)
    type = (AnnalsEventType) builder->type;
  else
    type = builder->end.present ? ANNALS_EVENT_SPAN : ANNALS_EVENT_INSTANT;

  if (type != ANNALS_EVENT_SPAN && builder->end.present)
    {
      if (type == ANNALS_EVENT_MILESTONE)
        error_at (self, builder->end.line, builder->end.column,
                  _("a milestone has no end: remove <end> or write type=\"span\""));
      else
        error_at (self, builder->end.line, builder->end.column,
                  _("an instant has no end: remove <end> or write type=\"span\""));
    }
  else if (builder->start.valid && builder->end.valid &&
           annals_date_end_time (&builder->end.date) <= builder->start.date.time)
    {
      error_at (self, builder->end.line, builder->end.column, _("end %s is before start %s"),
                builder->end.text, builder->start.text);
    }

  if (timeline->n_events >= self->max_events)
    {
      error_at (self, builder->line, builder->column,
                _("more than %u events: this is the most Annals reads from one file"),
                self->max_events);
      g_set_error (&self->limit_error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_TOO_LARGE,
                   _("%s has more than %u events, the most Annals reads from one file"),
                   annals_diagnostics_get_file (self->diagnostics), self->max_events);
      self->stop = TRUE;
      return;
    }

  has_bounds = annals_date_is_set (&builder->start.earliest) ||
               annals_date_is_set (&builder->start.latest) ||
               annals_date_is_set (&builder->end.earliest) ||
               annals_date_is_set (&builder->end.latest);

  if (builder->summary != NULL || builder->places->len > 0 || builder->actors->len > 0 ||
      builder->tags->len > 0 || builder->links->len > 0 || self->cites->len > 0 ||
      builder->quantities->len > 0 || builder->extensions->len > 0 || has_bounds)
    {
      detail = annals_timeline_alloc (timeline, sizeof (AnnalsEventDetail));
      detail->summary = annals_timeline_strdup (timeline, builder->summary);
      detail->places = copy_owned_strings (self, builder->places, &detail->n_places);
      detail->actors = copy_owned_strings (self, builder->actors, &detail->n_actors);
      detail->tags = copy_owned_strings (self, builder->tags, &detail->n_tags);
      detail->start_earliest = builder->start.earliest;
      detail->start_latest = builder->start.latest;
      detail->end_earliest = builder->end.earliest;
      detail->end_latest = builder->end.latest;

      if (builder->links->len > 0)
        {
          AnnalsLink *links = annals_timeline_alloc (timeline,
                                                     sizeof (AnnalsLink) * builder->links->len);

          for (guint i = 0; i < builder->links->len; i++)
            {
              LinkItem *item = &g_array_index (builder->links, LinkItem, i);

              links[i].href = annals_timeline_strdup (timeline, item->href);
              links[i].label = annals_timeline_strdup (timeline, item->label);
            }
          detail->links = links;
          detail->n_links = builder->links->len;
        }

      if (builder->quantities->len > 0)
        {
          gsize size = sizeof (AnnalsQuantity) * builder->quantities->len;
          AnnalsQuantity *quantities = annals_timeline_alloc (timeline, size);

          memcpy (quantities, builder->quantities->data, size);
          detail->quantities = quantities;
          detail->n_quantities = builder->quantities->len;
        }

      if (builder->extensions->len > 0)
        {
          const char **extensions = annals_timeline_alloc (timeline, sizeof (char *) *
                                                           builder->extensions->len);

          for (guint i = 0; i < builder->extensions->len; i++)
            extensions[i] = annals_timeline_strdup (timeline,
                                                    g_ptr_array_index (builder->extensions, i));
          detail->extensions = extensions;
          detail->n_extensions = builder->extensions->len;
        }

      /* Last: resolving the citations may record pending references. */
      detail->cites = build_citations (self, &detail->n_cites);
    }

  event = annals_timeline_add_event (timeline);
  index = timeline->n_events - 1;
  event->id = builder->id;
  event->title = annals_timeline_strdup (timeline, builder->title);
  event->start = builder->start.date;
  event->end = (type == ANNALS_EVENT_SPAN) ? builder->end.date : (AnnalsDate) { 0, };
  event->detail = detail;
  event->line = builder->line;
  event->type = type;
  event->status = builder->status;
  if (builder->end.has_status)
    {
      event->end_status = builder->end.status;
      event->flags |= ANNALS_EVENT_HAS_END_STATUS;
    }
  else
    event->end_status = builder->status;

  g_array_append_val (self->event_positions, position);

  resolve_reference (self, REF_TRACK, SLOT_EVENT_TRACK, builder->track, index, NULL,
                     builder->line, builder->column, FALSE);
  resolve_reference (self, REF_CATEGORY, SLOT_EVENT_CATEGORY, builder->category, index, NULL,
                     builder->line, builder->column, FALSE);
}

static void
finish_measure (Parser *self)
{
  MeasureBuilder *builder = &self->measure;
  AnnalsMeasure *measure;
  const AnnalsCitation *cites;
  guint n_cites;
  guint index;

  /* Citations first: they are not kept by index, so the order is free. */
  cites = build_citations (self, &n_cites);

  measure = annals_timeline_add_measure (self->timeline);
  index = self->timeline->n_measures - 1;
  measure->date = builder->date;
  measure->value = builder->value;
  measure->cites = cites;
  measure->n_cites = n_cites;
  measure->line = builder->line;

  resolve_reference (self, REF_TRACK, SLOT_MEASURE_TRACK, builder->track, index, NULL,
                     builder->line, builder->column, FALSE);
  resolve_reference (self, REF_SOURCE, SLOT_MEASURE_SOURCE, builder->source, index, NULL,
                     builder->line, builder->column, FALSE);
}

static void
finish_source (Parser *self)
{
  SourceBuilder *builder = &self->source;
  AnnalsSource *source;

  if (builder->title == NULL)
    {
      g_autofree char *shown_id = quote (builder->id != NULL ? builder->id : "");

      error_at (self, builder->line, builder->column, _("source \"%s\" has no <title>"),
                shown_id);
    }

  source = annals_timeline_add_source (self->timeline);
  source->id = builder->id;
  source->kind = builder->kind;
  source->reliability = builder->reliability;
  source->title = annals_timeline_strdup (self->timeline, builder->title);
  source->publisher = annals_timeline_strdup (self->timeline, builder->publisher);
  source->url = annals_timeline_strdup (self->timeline, builder->url);
  source->published = builder->published;
  source->line = builder->line;
}

/* Element handlers */

static gboolean
check_once (Parser *self,
            Frame  *frame,
            Frame  *parent,
            guint  *counter)
{
  (*counter)++;
  if (*counter > 1)
    {
      error_at (self, frame->line, frame->column, _("<%s> has more than one <%s>"),
                element_name (parent->kind), element_name (frame->kind));
      return FALSE;
    }

  return TRUE;
}

static void
check_duplicate_id (Parser     *self,
                    Frame      *frame,
                    const char *id,
                    gint        existing,
                    guint       existing_line)
{
  g_autofree char *quoted = NULL;

  if (id == NULL || existing < 0)
    return;

  quoted = quote (id);
  /* Translators: the first %s is "track", "category" or "source". */
  error_at (self, frame->line, frame->column,
            _("duplicate %s id \"%s\": first defined on line %u"),
            element_name (frame->kind), quoted, existing_line);
}

static void
begin_date_element (Parser      *self,
                    Frame       *frame,
                    xmlNodePtr   node,
                    DateElement *date)
{
  date_element_clear (date);
  date->present = TRUE;
  date->line = frame->line;
  date->column = frame->column;
  date->approx = take_boolean (self, frame, node, "approx");
  take_date_attribute (self, frame, node, "earliest", FALSE, &date->earliest,
                       &date->earliest_text);
  take_date_attribute (self, frame, node, "latest", FALSE, &date->latest, &date->latest_text);
  if (frame->kind == EL_END)
    date->has_status = take_status (self, frame, node, &date->status);
}

static void
end_date_element (Parser      *self,
                  Frame       *frame,
                  DateElement *date,
                  const char  *text)
{
  date->text = normalize (text);
  date->valid = parse_date_text (self, frame->line, frame->column, date->text, &date->date);
  if (date->valid && date->approx)
    date->date.flags |= ANNALS_DATE_APPROX;
  check_bounds (self, date, frame->kind == EL_START ? "start" : "end");
}

static void
begin_timeline (Parser     *self,
                Frame      *frame,
                xmlNodePtr  node)
{
  g_autofree char *version = get_normalized_attribute (node, "version");
  g_autofree char *tz = get_normalized_attribute (node, "tz");
  g_autofree char *lang = NULL;
  const char *ns = node_ns (node);

  if (strcmp ((const char *) node->name, "timeline") != 0)
    {
      error_at (self, frame->line, frame->column,
                _("the root element is <%s>, not <timeline>"), node->name);
      self->stop = TRUE;
      return;
    }

  if (version != NULL && strcmp (version, "1") != 0 &&
      (ns == NULL || g_str_has_prefix (ns, ANNALS_NS_FAMILY)))
    {
      g_autofree char *quoted = quote (version);

      error_at (self, frame->line, frame->column,
                _("version %s is not supported; this Annals reads version 1"), quoted);
      self->stop = TRUE;
      return;
    }

  if (ns == NULL)
    {
      error_at (self, frame->line, frame->column,
                _("<timeline> has no namespace: write <timeline xmlns=\"%s\" version=\"1\">"),
                ANNALS_NS);
      self->stop = TRUE;
      return;
    }

  if (strcmp (ns, ANNALS_NS) != 0)
    {
      g_autofree char *quoted = quote (ns);

      error_at (self, frame->line, frame->column,
                _("the namespace \"%s\" is not supported; this Annals reads \"%s\""),
                quoted, ANNALS_NS);
      self->stop = TRUE;
      return;
    }

  if (version == NULL)
    error_at (self, frame->line, frame->column, _("<timeline> has no version: write "
                                                  "version=\"1\""));

  if (tz != NULL)
    {
      g_autoptr(GError) error = NULL;

      self->zone = annals_tz_parse (tz, &error);
      if (self->zone == NULL)
        error_at (self, frame->line, frame->column, "%s", error->message);
      else
        self->timeline->tz = annals_timeline_strdup (self->timeline, tz);
    }

  lang = take_token (self, frame, node, "lang");
  if (lang != NULL)
    self->timeline->lang = annals_timeline_intern (self->timeline, lang);

  check_attributes (self, frame, node);
}

static void
begin_record (Parser *self)
{
  self->seen_record = TRUE;
}

static void
begin_element (Parser     *self,
               Frame      *frame,
               xmlNodePtr  node)
{
  Frame *parent = parent_frame (self);
  AnnalsTimeline *timeline = self->timeline;

  if (frame->kind != EL_TIMELINE)
    check_attributes (self, frame, node);

  if (holds_text (frame->kind))
    {
      g_string_truncate (self->text, 0);
      self->text_too_long = FALSE;
    }

  switch (frame->kind)
    {
    case EL_TIMELINE:
      begin_timeline (self, frame, node);
      break;

    case EL_TITLE:
      self->n_titles++;
      if (self->n_titles > 1)
        error_at (self, frame->line, frame->column, _("<timeline> has more than one <title>"));
      else if (self->n_descriptions > 0 || self->n_as_of > 0 || self->seen_record)
        error_at (self, frame->line, frame->column,
                  _("<title> must come first in <timeline>"));
      break;

    case EL_DESCRIPTION:
      self->n_descriptions++;
      if (self->n_descriptions > 1)
        error_at (self, frame->line, frame->column,
                  _("<timeline> has more than one <description>"));
      else if (self->n_as_of > 0 || self->seen_record)
        error_at (self, frame->line, frame->column,
                  _("<description> must come right after the <title> of the timeline"));
      break;

    case EL_AS_OF:
      self->n_as_of++;
      if (self->n_as_of > 1)
        error_at (self, frame->line, frame->column, _("<timeline> has more than one <as-of>"));
      else if (self->seen_record)
        error_at (self, frame->line, frame->column,
                  _("<as-of> must come after <title> and <description>, before the first "
                    "source, track, category, era, event or measure"));
      break;

    case EL_SOURCE:
      {
        gint existing;

        begin_record (self);
        source_builder_reset (&self->source);
        self->in_source = TRUE;
        self->source.line = frame->line;
        self->source.column = frame->column;
        self->source.id = take_id (self, frame, node, "id", TRUE);
        existing = annals_timeline_find_source (timeline, self->source.id);
        check_duplicate_id (self, frame, self->source.id, existing,
                            existing >= 0 ? timeline->sources[existing].line : 0);
        {
          g_autofree char *kind = take_token (self, frame, node, "kind");
          g_autofree char *reliability = take_token (self, frame, node, "reliability");

          self->source.kind = annals_timeline_intern (timeline, kind);
          self->source.reliability = annals_timeline_intern (timeline, reliability);
        }
      }
      break;

    case EL_SOURCE_TITLE:
      check_once (self, frame, parent, &parent->n_title);
      break;
    case EL_PUBLISHER:
      check_once (self, frame, parent, &parent->n_publisher);
      break;
    case EL_PUBLISHED:
      check_once (self, frame, parent, &parent->n_published);
      break;
    case EL_URL:
      check_once (self, frame, parent, &parent->n_url);
      break;

    case EL_TRACK:
      {
        const char *id;
        gint existing;
        AnnalsColor color;
        g_autofree char *label = get_normalized_attribute (node, "label");
        g_autofree char *kind = get_normalized_attribute (node, "kind");
        g_autofree char *unit = take_token (self, frame, node, "unit");
        AnnalsTrackKind track_kind = ANNALS_TRACK_EVENTS;
        AnnalsTrack *track;

        begin_record (self);
        id = take_id (self, frame, node, "id", TRUE);
        existing = annals_timeline_find_track (timeline, id);
        check_duplicate_id (self, frame, id, existing,
                            existing >= 0 ? timeline->tracks[existing].line : 0);
        take_color (self, frame, node, &color);

        if (kind != NULL && strcmp (kind, "quantity") == 0)
          track_kind = ANNALS_TRACK_QUANTITY;
        else if (kind != NULL && strcmp (kind, "events") != 0)
          {
            g_autofree char *quoted = quote (kind);

            error_at (self, frame->line, frame->column,
                      _("unknown track kind \"%s\": use events or quantity"), quoted);
          }

        if (unit != NULL && track_kind != ANNALS_TRACK_QUANTITY)
          error_at (self, frame->line, frame->column,
                    _("unit is only for quantity tracks: add kind=\"quantity\" or remove unit"));

        track = annals_timeline_add_track (timeline);
        frame->index = (gint) timeline->n_tracks - 1;
        track->id = id;
        track->label = annals_timeline_strdup (timeline, label != NULL ? label : id);
        track->unit = (track_kind == ANNALS_TRACK_QUANTITY) ?
                      annals_timeline_intern (timeline, unit) : NULL;
        track->color = color;
        track->kind = track_kind;
        track->line = frame->line;
        if (parent != NULL && parent->kind == EL_TRACK)
          {
            track->parent = parent->index;
            track->depth = (guint16) MIN (timeline->tracks[parent->index].depth + 1, G_MAXUINT16);
          }
      }
      break;

    case EL_CATEGORY:
      {
        const char *id;
        gint existing;
        AnnalsColor color;
        g_autofree char *label = get_normalized_attribute (node, "label");
        AnnalsCategory *category;

        begin_record (self);
        id = take_id (self, frame, node, "id", TRUE);
        existing = annals_timeline_find_category (timeline, id);
        check_duplicate_id (self, frame, id, existing,
                            existing >= 0 ? timeline->categories[existing].line : 0);
        take_color (self, frame, node, &color);

        category = annals_timeline_add_category (timeline);
        category->id = id;
        category->label = annals_timeline_strdup (timeline, label != NULL ? label : id);
        category->color = color;
        category->line = frame->line;
      }
      break;

    case EL_ERA:
      {
        AnnalsDate start;
        AnnalsDate end;
        AnnalsColor color;
        g_autofree char *start_text = NULL;
        g_autofree char *end_text = NULL;
        g_autofree char *label = get_normalized_attribute (node, "label");
        gboolean start_ok;
        gboolean end_ok;
        AnnalsEra *era;

        begin_record (self);
        start_ok = take_date_attribute (self, frame, node, "start", TRUE, &start, &start_text);
        end_ok = take_date_attribute (self, frame, node, "end", FALSE, &end, &end_text);
        if (label == NULL)
          error_at (self, frame->line, frame->column, _("<era> has no label attribute"));
        take_color (self, frame, node, &color);

        if (start_ok && end_ok && annals_date_is_set (&start) && annals_date_is_set (&end) &&
            annals_date_end_time (&end) <= start.time)
          error_at (self, frame->line, frame->column, _("end %s is before start %s"),
                    end_text, start_text);

        era = annals_timeline_add_era (timeline);
        era->start = start;
        era->end = end;
        era->label = annals_timeline_strdup (timeline, label);
        era->color = color;
        era->line = frame->line;
      }
      break;

    case EL_EVENT:
      {
        g_autofree char *type = get_normalized_attribute (node, "type");
        AnnalsEventType event_type;

        begin_record (self);
        event_builder_reset (&self->event);
        g_array_set_size (self->cites, 0);
        self->in_event = TRUE;
        self->event.line = frame->line;
        self->event.column = frame->column;
        self->event.id = take_id (self, frame, node, "id", TRUE);
        self->event.track = take_id (self, frame, node, "track", FALSE);
        self->event.category = take_id (self, frame, node, "category", FALSE);
        take_status (self, frame, node, &self->event.status);

        if (type != NULL)
          {
            if (annals_event_type_from_string (type, &event_type))
              self->event.type = (int) event_type;
            else
              {
                g_autofree char *quoted = quote (type);

                error_at (self, frame->line, frame->column,
                          _("unknown event type \"%s\": use span, instant or milestone"), quoted);
              }
          }
      }
      break;

    case EL_EVENT_TITLE:
      check_once (self, frame, parent, &parent->n_title);
      break;

    case EL_START:
      if (check_once (self, frame, parent, &parent->n_start))
        begin_date_element (self, frame, node, &self->event.start);
      break;

    case EL_END:
      if (check_once (self, frame, parent, &parent->n_end))
        begin_date_element (self, frame, node, &self->event.end);
      break;

    case EL_SUMMARY:
      check_once (self, frame, parent, &parent->n_summary);
      break;

    case EL_QUANTITY:
      {
        g_autofree char *unit = get_normalized_attribute (node, "unit");
        gboolean has_change = find_attribute (node, "change") != NULL;
        gboolean has_value = find_attribute (node, "value") != NULL;
        AnnalsQuantity quantity = { NULL, 0.0, FALSE };

        if (unit == NULL || unit[0] == '\0')
          error_at (self, frame->line, frame->column, _("<quantity> has no unit attribute"));

        if (has_change && has_value)
          error_at (self, frame->line, frame->column,
                    _("<quantity> has both change and value; give one of them"));
        else if (!has_change && !has_value)
          error_at (self, frame->line, frame->column,
                    _("<quantity> needs a change or a value attribute"));
        else if (has_change)
          {
            quantity.is_change = TRUE;
            take_number (self, frame, node, "change", TRUE, &quantity.amount);
          }
        else
          take_number (self, frame, node, "value", TRUE, &quantity.amount);

        quantity.unit = annals_timeline_intern (timeline, unit);
        g_array_append_val (self->event.quantities, quantity);
      }
      break;

    case EL_LINK:
      {
        g_autofree char *href = get_normalized_attribute (node, "href");

        if (href == NULL || href[0] == '\0')
          error_at (self, frame->line, frame->column, _("<link> has no href attribute"));
        else
          {
            LinkItem link = { g_steal_pointer (&href), NULL };

            g_array_append_val (self->event.links, link);
          }
      }
      break;

    case EL_CITE:
      {
        CiteItem cite = { 0, };
        g_autofree char *quote_text = get_normalized_attribute (node, "quote");
        g_autofree char *page = get_normalized_attribute (node, "page");

        cite.source = take_id (self, frame, node, "source", TRUE);
        cite.quote = g_steal_pointer (&quote_text);
        cite.page = g_steal_pointer (&page);
        cite.line = frame->line;
        cite.column = frame->column;
        g_array_append_val (self->cites, cite);
      }
      break;

    case EL_MEASURE:
      {
        MeasureBuilder *measure = &self->measure;
        gboolean approx;

        begin_record (self);
        memset (measure, 0, sizeof *measure);
        g_array_set_size (self->cites, 0);
        self->in_measure = TRUE;
        measure->line = frame->line;
        measure->column = frame->column;
        measure->track = take_id (self, frame, node, "track", TRUE);
        take_date_attribute (self, frame, node, "date", TRUE, &measure->date, NULL);
        take_number (self, frame, node, "value", TRUE, &measure->value);
        approx = take_boolean (self, frame, node, "approx");
        if (approx && annals_date_is_set (&measure->date))
          measure->date.flags |= ANNALS_DATE_APPROX;
        measure->source = take_id (self, frame, node, "source", FALSE);
      }
      break;

    case EL_PLACE:
    case EL_ACTOR:
    case EL_TAG:
    case EL_NONE:
    case EL_DOCUMENT:
    default:
      break;
    }
}

static void
end_element (Parser *self,
             Frame  *frame)
{
  AnnalsTimeline *timeline = self->timeline;
  g_autofree char *text = NULL;

  if (holds_text (frame->kind))
    text = normalize (self->text->str);

  switch (frame->kind)
    {
    case EL_TIMELINE:
      if (self->n_titles == 0)
        error_at (self, frame->line, frame->column, _("the timeline has no <title>"));
      break;

    case EL_TITLE:
      if (self->n_titles == 1)
        {
          if (text[0] == '\0')
            warning_at (self, frame->line, frame->column, _("the title is empty"));
          timeline->title = annals_timeline_strdup (timeline, text);
        }
      break;

    case EL_DESCRIPTION:
      if (self->n_descriptions == 1 && text[0] != '\0')
        timeline->description = annals_timeline_strdup (timeline, text);
      break;

    case EL_AS_OF:
      if (self->n_as_of == 1)
        parse_date_text (self, frame->line, frame->column, text, &timeline->as_of);
      break;

    case EL_SOURCE:
      finish_source (self);
      self->in_source = FALSE;
      break;

    case EL_SOURCE_TITLE:
      if (self->source.title == NULL)
        self->source.title = g_steal_pointer (&text);
      break;

    case EL_PUBLISHER:
      if (self->source.publisher == NULL && text[0] != '\0')
        self->source.publisher = g_steal_pointer (&text);
      break;

    case EL_PUBLISHED:
      if (parent_frame (self) != NULL && parent_frame (self)->n_published == 1)
        parse_date_text (self, frame->line, frame->column, text, &self->source.published);
      break;

    case EL_URL:
      if (text[0] == '\0')
        error_at (self, frame->line, frame->column, _("<url> is empty"));
      else if (self->source.url == NULL)
        self->source.url = g_steal_pointer (&text);
      break;

    case EL_EVENT:
      finish_event (self, frame);
      event_builder_reset (&self->event);
      self->in_event = FALSE;
      break;

    case EL_EVENT_TITLE:
      if (self->event.title == NULL)
        {
          if (text[0] == '\0')
            warning_at (self, frame->line, frame->column, _("the title is empty"));
          self->event.title = g_steal_pointer (&text);
        }
      break;

    case EL_START:
      if (self->event.start.present && self->event.start.text == NULL)
        end_date_element (self, frame, &self->event.start, text);
      break;

    case EL_END:
      if (self->event.end.present && self->event.end.text == NULL)
        end_date_element (self, frame, &self->event.end, text);
      break;

    case EL_SUMMARY:
      if (self->event.summary == NULL && text[0] != '\0')
        self->event.summary = g_steal_pointer (&text);
      break;

    case EL_PLACE:
    case EL_ACTOR:
    case EL_TAG:
      if (text[0] == '\0')
        warning_at (self, frame->line, frame->column, _("<%s> is empty"),
                    element_name (frame->kind));
      else
        g_ptr_array_add (frame->kind == EL_PLACE ? self->event.places :
                         frame->kind == EL_ACTOR ? self->event.actors : self->event.tags,
                         g_steal_pointer (&text));
      break;

    case EL_LINK:
      if (self->event.links->len > 0 && text[0] != '\0')
        {
          LinkItem *link = &g_array_index (self->event.links, LinkItem,
                                           self->event.links->len - 1);

          if (link->label == NULL)
            link->label = g_steal_pointer (&text);
        }
      break;

    case EL_MEASURE:
      finish_measure (self);
      self->in_measure = FALSE;
      break;

    case EL_TRACK:
    case EL_CATEGORY:
    case EL_ERA:
    case EL_QUANTITY:
    case EL_CITE:
    case EL_NONE:
    case EL_DOCUMENT:
    default:
      break;
    }
}

static void
handle_extension (Parser     *self,
                  Frame      *parent,
                  xmlNodePtr  node,
                  guint       line,
                  guint       column)
{
  g_autofree char *qname = qualified_name (node->ns != NULL ? node->ns->prefix : NULL,
                                           node->name);

  if (parent->kind == EL_TIMELINE || parent->kind == EL_EVENT)
    {
      xmlChar *xml = xmlTextReaderReadOuterXml (self->reader);

      if (xml == NULL)
        return;
      if (parent->kind == EL_TIMELINE)
        annals_timeline_add_extension (self->timeline, (const char *) xml);
      else
        g_ptr_array_add (self->event.extensions, g_strdup ((const char *) xml));
      xmlFree (xml);
    }
  else if (holds_text (parent->kind))
    {
      error_at (self, line, column, _("<%s> holds plain text only; <%s> is not allowed inside it"),
                element_name (parent->kind), qname);
    }
  else
    {
      g_autofree char *key = g_strdup_printf ("<%s>", qname);

      /* The model keeps extensions at the top level and in events only. */
      if (!g_hash_table_contains (self->warned, key))
        {
          warning_at (self, line, column,
                      _("the extension <%s> inside <%s> is ignored and will not be saved"),
                      qname, element_name (parent->kind));
          g_hash_table_add (self->warned, g_steal_pointer (&key));
        }
    }
}

static void
handle_start (Parser     *self,
              xmlNodePtr  node,
              int         depth,
              gboolean    empty)
{
  Frame *parent = top_frame (self);
  Frame frame = { 0, };
  const char *ns;
  const char *name = (const char *) node->name;
  guint line;
  guint column;

  validate_start (self, node, depth, empty);

  if (self->skip_depth >= 0 && depth > self->skip_depth)
    return;

  annals_xml_reader_get_position (self->xml, node, &line, &column);
  ns = node_ns (node);

  frame.depth = depth;
  frame.line = line;
  frame.column = column;
  frame.index = -1;

  if (depth == 0)
    {
      frame.kind = EL_TIMELINE;
      g_array_append_val (self->frames, frame);
      begin_element (self, top_frame (self), node);
      if (empty && !self->stop)
        {
          end_element (self, top_frame (self));
          g_array_set_size (self->frames, self->frames->len - 1);
        }
      flush_validity (self);
      return;
    }

  if (parent == NULL)
    return;

  if (ns != NULL && strcmp (ns, ANNALS_NS) != 0)
    {
      handle_extension (self, parent, node, line, column);
      if (!empty)
        self->skip_depth = depth;
      return;
    }

  frame.kind = ns != NULL ? child_kind (parent->kind, name) : EL_NONE;
  if (frame.kind == EL_NONE)
    {
      if (ns == NULL)
        error_at (self, line, column,
                  _("<%s> has no namespace; the elements of a timeline are in %s"),
                  name, ANNALS_NS);
      else if (holds_text (parent->kind))
        error_at (self, line, column,
                  _("<%s> holds plain text only; <%s> is not allowed inside it"),
                  element_name (parent->kind), name);
      else
        {
          const char *suggestion = suggest_child (parent->kind, name);

          if (suggestion != NULL)
            error_at (self, line, column, _("unknown element <%s> in <%s>; did you mean <%s>?"),
                      name, element_name (parent->kind), suggestion);
          else
            error_at (self, line, column, _("unknown element <%s> in <%s>"), name,
                      element_name (parent->kind));
        }

      if (!empty)
        self->skip_depth = depth;
      else if (depth == 1)
        flush_validity (self);
      return;
    }

  g_array_append_val (self->frames, frame);
  begin_element (self, top_frame (self), node);

  if (empty)
    {
      end_element (self, top_frame (self));
      g_array_set_size (self->frames, self->frames->len - 1);
      if (depth == 1)
        flush_validity (self);
    }
}

static void
handle_end (Parser     *self,
            xmlNodePtr  node,
            int         depth)
{
  Frame *frame;

  validate_end (self, node, depth);

  if (self->skip_depth >= 0)
    {
      if (depth > self->skip_depth)
        return;
      if (depth == self->skip_depth)
        {
          self->skip_depth = -1;
          if (depth == 1)
            flush_validity (self);
          return;
        }
    }

  frame = top_frame (self);
  if (frame == NULL || frame->depth != depth)
    return;

  end_element (self, frame);
  g_array_set_size (self->frames, self->frames->len - 1);

  if (depth <= 1)
    flush_validity (self);
}

static void
handle_text (Parser     *self,
             xmlNodePtr  node,
             int         depth)
{
  Frame *frame;
  const char *content = (const char *) node->content;

  validate_text (self, node->content, depth);

  if (content == NULL || (self->skip_depth >= 0 && depth > self->skip_depth))
    return;

  frame = top_frame (self);
  if (frame == NULL || depth != frame->depth + 1)
    return;

  if (holds_text (frame->kind))
    {
      gsize length = strlen (content);

      if (self->text->len + length > MAX_TEXT_BYTES)
        {
          if (!self->text_too_long)
            error_at (self, frame->line, frame->column,
                      _("the text of <%s> is longer than %d bytes"),
                      element_name (frame->kind), MAX_TEXT_BYTES);
          self->text_too_long = TRUE;
          return;
        }
      g_string_append_len (self->text, content, length);
      return;
    }

  if (!frame->reported_text)
    {
      g_autofree char *text = normalize (content);

      if (text[0] != '\0')
        {
          g_autofree char *quoted = quote (text);

          error_at (self, frame->line, frame->column,
                    _("text \"%s\" is not allowed directly inside <%s>"), quoted,
                    element_name (frame->kind));
          frame->reported_text = TRUE;
        }
    }
}

/* After reading */

static void
resolve_pending_references (Parser *self)
{
  for (guint i = 0; i < self->refs->len; i++)
    {
      PendingRef *ref = &g_array_index (self->refs, PendingRef, i);

      resolve_reference (self, ref->kind, ref->slot, ref->id, ref->index, ref->citation,
                         ref->line, ref->column, TRUE);
    }

  g_array_set_size (self->refs, 0);
}

typedef struct
{
  Parser *parser;
} DuplicateData;

/* The column of the event defined on @line, when it is the only one there. */
static guint
event_column_at_line (Parser *self,
                      guint   line)
{
  Position *positions = (Position *) (gpointer) self->event_positions->data;
  guint n = self->event_positions->len;
  guint lo = 0;
  guint hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (positions[mid].line < line)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (lo < n && positions[lo].line == line && (lo + 1 >= n || positions[lo + 1].line != line))
    return positions[lo].column;

  return 0;
}

static void
duplicate_event_cb (AnnalsTimeline *timeline,
                    guint           duplicate,
                    guint           first,
                    gpointer        user_data)
{
  DuplicateData *data = user_data;
  const AnnalsEvent *event = &timeline->events[duplicate];
  g_autofree char *quoted = quote (event->id);

  error_at (data->parser, event->line, event_column_at_line (data->parser, event->line),
            _("duplicate event id \"%s\": first defined on line %u"), quoted,
            timeline->events[first].line);
}

static void
set_summary_error (AnnalsDiagnostics  *diagnostics,
                   GError            **error)
{
  const AnnalsDiagnostic *first = NULL;
  guint n_errors = annals_diagnostics_count (diagnostics, ANNALS_SEVERITY_ERROR);
  guint n_items = annals_diagnostics_get_n_items (diagnostics);
  GString *text = g_string_new (annals_diagnostics_get_file (diagnostics));

  /* The first error in the file, so that fixing from the top works. */
  for (guint i = 0; i < n_items; i++)
    {
      const AnnalsDiagnostic *item = annals_diagnostics_get_item (diagnostics, i);

      if (item->severity != ANNALS_SEVERITY_ERROR)
        continue;
      if (first == NULL ||
          (item->line > 0 && (first->line == 0 || item->line < first->line ||
                              (item->line == first->line && item->column < first->column))))
        first = item;
    }

  if (first != NULL && first->line > 0)
    {
      g_string_append_printf (text, ":%u", first->line);
      if (first->column > 0)
        g_string_append_printf (text, ":%u", first->column);
    }
  g_string_append (text, ": ");
  g_string_append (text, first != NULL ? first->message : _("the file is not valid"));

  if (n_errors > 1)
    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE, " (and %u more error)",
                                         " (and %u more errors)", n_errors - 1),
                            n_errors - 1);

  g_set_error_literal (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID, text->str);
  g_string_free (text, TRUE);
}

static void
parser_init (Parser                  *self,
             AnnalsXmlReader         *xml,
             const AnnalsLoadOptions *options,
             AnnalsDiagnostics       *diagnostics)
{
  xmlRelaxNGPtr schema = get_schema ();

  memset (self, 0, sizeof *self);
  self->xml = xml;
  self->reader = annals_xml_reader_get_reader (xml);
  self->diagnostics = diagnostics;
  self->options = options;
  self->timeline = annals_timeline_new ();
  self->max_events = (options != NULL && options->max_events > 0) ? options->max_events
                                                                   : ANNALS_DEFAULT_MAX_EVENTS;
  self->frames = g_array_new (FALSE, TRUE, sizeof (Frame));
  self->skip_depth = -1;
  self->quiet_depth = -1;
  self->text = g_string_new (NULL);
  self->cites = g_array_new (FALSE, TRUE, sizeof (CiteItem));
  g_array_set_clear_func (self->cites, clear_cite);
  self->refs = g_array_new (FALSE, FALSE, sizeof (PendingRef));
  self->event_positions = g_array_new (FALSE, FALSE, sizeof (Position));
  self->warned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->validity = g_array_new (FALSE, FALSE, sizeof (ValidityError));
  g_array_set_clear_func (self->validity, clear_validity_error);

  self->event.type = -1;
  self->event.places = g_ptr_array_new_with_free_func (g_free);
  self->event.actors = g_ptr_array_new_with_free_func (g_free);
  self->event.tags = g_ptr_array_new_with_free_func (g_free);
  self->event.extensions = g_ptr_array_new_with_free_func (g_free);
  self->event.links = g_array_new (FALSE, TRUE, sizeof (LinkItem));
  g_array_set_clear_func (self->event.links, clear_link);
  self->event.quantities = g_array_new (FALSE, TRUE, sizeof (AnnalsQuantity));

  if (schema != NULL)
    {
      self->validator = xmlRelaxNGNewValidCtxt (schema);
      if (self->validator != NULL)
        xmlRelaxNGSetValidStructuredErrors (self->validator, validity_error_cb, self);
    }
}

static void
parser_clear (Parser *self)
{
  event_builder_reset (&self->event);
  g_ptr_array_unref (self->event.places);
  g_ptr_array_unref (self->event.actors);
  g_ptr_array_unref (self->event.tags);
  g_ptr_array_unref (self->event.extensions);
  g_array_unref (self->event.links);
  g_array_unref (self->event.quantities);
  source_builder_reset (&self->source);

  g_clear_pointer (&self->validator, xmlRelaxNGFreeValidCtxt);
  g_array_unref (self->validity);
  g_array_unref (self->frames);
  g_string_free (self->text, TRUE);
  g_array_unref (self->cites);
  g_array_unref (self->refs);
  g_array_unref (self->event_positions);
  g_hash_table_unref (self->warned);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_pointer (&self->timeline, annals_timeline_unref);
  g_clear_error (&self->limit_error);
}

/**
 * annals_parse_native:
 * @reader: a reader at the start of the file
 * @options: (nullable): max_events is honoured here
 * @diagnostics: receives every problem with its line and column
 *
 * Reads a timeline of the native format, version 1, in one streaming pass.
 *
 * Returns: (transfer full) (nullable): the finished timeline, or %NULL with
 *   @error set: %ANNALS_LOAD_ERROR_INVALID ("FILE:LINE:COL: first problem (and
 *   N more errors)") when the data has errors, or the reader's error when
 *   reading failed (I/O, cancelled, too large)
 */
AnnalsTimeline *
annals_parse_native (AnnalsXmlReader          *reader,
                     const AnnalsLoadOptions  *options,
                     AnnalsDiagnostics        *diagnostics,
                     GError                  **error)
{
  Parser parser;
  Parser *self = &parser;
  AnnalsTimeline *result = NULL;
  int ret = 0;

  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (diagnostics != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (annals_xml_reader_failed (reader, error))
    return NULL;

  parser_init (self, reader, options, diagnostics);
  self->errors_at_flush = annals_diagnostics_count (diagnostics, ANNALS_SEVERITY_ERROR);

  while (!self->stop && (ret = annals_xml_reader_read (reader)) == 1)
    {
      xmlNodePtr node = xmlTextReaderCurrentNode (self->reader);
      int depth = xmlTextReaderDepth (self->reader);

      /* After a well-formedness error the reader still hands out the
       * elements left open, which would only bring false complaints. */
      if (annals_xml_reader_is_malformed (reader))
        break;
      if (node == NULL)
        continue;

      switch (xmlTextReaderNodeType (self->reader))
        {
        case XML_READER_TYPE_ELEMENT:
          handle_start (self, node, depth, xmlTextReaderIsEmptyElement (self->reader) == 1);
          break;

        case XML_READER_TYPE_END_ELEMENT:
          handle_end (self, node, depth);
          break;

        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_WHITESPACE:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
          handle_text (self, node, depth);
          break;

        default:
          break;
        }
    }

  if (annals_xml_reader_failed (reader, error))
    goto out;

  if (self->limit_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->limit_error));
      goto out;
    }

  if (!self->stop && !annals_xml_reader_is_malformed (reader))
    {
      flush_validity (self);
      resolve_pending_references (self);
    }

  annals_timeline_finish (self->timeline);

  if (!self->stop && !annals_xml_reader_is_malformed (reader))
    {
      DuplicateData data = { self };

      annals_timeline_foreach_duplicate_event (self->timeline, duplicate_event_cb, &data);
    }

  if (annals_diagnostics_count (diagnostics, ANNALS_SEVERITY_ERROR) > 0 || ret < 0)
    {
      if (annals_diagnostics_count (diagnostics, ANNALS_SEVERITY_ERROR) == 0)
        annals_diagnostics_add (diagnostics, ANNALS_SEVERITY_ERROR, 0, 0, "%s",
                                _("the file could not be read as XML"));
      set_summary_error (diagnostics, error);
      goto out;
    }

  result = g_steal_pointer (&self->timeline);

out:
  parser_clear (self);

  return result;
}
