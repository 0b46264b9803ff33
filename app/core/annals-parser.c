/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-formats.h"
#include "annals-native-schema.h"
#include "annals-xml-reader.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

/* The reader of the native format, version 1 (FORMAT.md). One pass over the
 * file with libxml2's SAX2 parser (through annals_xml_reader_parse()): no
 * tree is built, each element is checked and turned into model records as it
 * streams by, so that a million events load in seconds and in little more
 * memory than the model itself. The handlers below may run on a thread of
 * their own, one call at a time.
 *
 * The checks are the schema. resources/annals-timeline-1.rng is the published
 * grammar, for data authors and their tools; the reader enforces the same
 * rules itself, without libxml2's RELAX NG validator (which took several times
 * as long as reading): the structure from the tables in annals-native-schema.c
 * (which elements go where, which attributes exist and which are required,
 * where text and extensions may go), the values here (dates, colours,
 * numbers, ids, enumerations), with messages a data author can act on
 * ("unknown element <evnt> in <timeline>; did you mean <event>?").
 * tests/test-parser.c holds the two together: it derives those tables from the
 * grammar and compares them, and runs thousands of variants of a file that
 * uses every element and attribute through both libxml2's validator and this
 * reader, which must reject what the grammar rejects and accept what it
 * accepts. Beyond the grammar, the reader also checks what a grammar cannot:
 * references, duplicate ids, calendar dates, the order of dates.
 *
 * References (track, category, source) may point forward, so those not found
 * when they are read are resolved after the last element. */

#define ANNALS_NS          "urn:annals:timeline:1"
#define ANNALS_NS_FAMILY   "urn:annals:timeline:"
/* libxml2 limits one text node to 10 MB; an element can hold several. */
#define MAX_TEXT_BYTES     (10 * 1024 * 1024)

typedef struct
{
  AnnalsNativeElement kind;
  gboolean            holds_text;
  int                 depth;
  guint               line;
  guint               column;
  gint                index;           /* a track's index, for its children */
  guint               n_title;
  guint               n_start;
  guint               n_end;
  guint               n_summary;
  guint               n_publisher;
  guint               n_published;
  guint               n_url;
  gboolean            reported_text;
} Frame;

/* The unprefixed attributes of the element being started, by name, as
 * libxml2 hands them: pointers into its buffer, valid during the call. */
typedef struct
{
  const xmlChar *start[ANNALS_N_ATTRIBUTES];
  const xmlChar *end[ANNALS_N_ATTRIBUTES];
  guint32        present;              /* 1 << AnnalsNativeAttribute */
} Attributes;

/* A <start> or an <end> as read. */
typedef struct
{
  gboolean     present;
  gboolean     valid;                  /* the text is a date */
  gboolean     has_text;               /* the element has ended */
  guint        line;
  guint        column;
  GString     *text;                   /* normalised, for messages */
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
  gint        source;                  /* index, or -1 with the id below */
  const char *source_id;               /* interned; only when not found yet */
  const char *quote;                   /* arena */
  const char *page;                    /* arena */
  guint       line;
  guint       column;
} CiteItem;

/* A reference read before what it names may be declared: an index when found
 * at once, else the interned id for later. */
typedef struct
{
  gint        index;
  const char *id;
} Reference;

/* The event being read. Its strings go to the arena as soon as they are
 * complete: it is added to the model whatever its errors, so nothing is
 * copied twice and nothing is freed per event. */
typedef struct
{
  guint         line;
  guint         column;
  const char   *id;                    /* arena */
  Reference     track;
  Reference     category;
  int           type;                  /* AnnalsEventType, -1 when not given */
  AnnalsStatus  status;
  const char   *title;                 /* arena */
  DateElement   start;
  DateElement   end;
  const char   *summary;               /* arena */
  GPtrArray    *places;                /* interned */
  GPtrArray    *actors;
  GPtrArray    *tags;
  GArray       *links;                 /* AnnalsLink, arena strings */
  GArray       *quantities;            /* AnnalsQuantity, units interned */
  GPtrArray    *extensions;            /* arena */
} EventBuilder;

typedef struct
{
  guint       line;
  guint       column;
  const char *id;
  const char *kind;
  const char *reliability;
  const char *title;                   /* arena */
  const char *publisher;
  const char *url;
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

/* libxml2 keeps one copy of each name: what a name means is remembered by its
 * address, which saves looking at the text of millions of them. */
#define NAME_CACHE_SIZE 64

typedef struct
{
  const xmlChar *name;
  guint          parent;               /* AnnalsNativeElement, for elements */
  guint          value;
} NameCache;

/* A foreign element kept for saving, rebuilt as a small tree while it streams
 * by and serialised at its end, as xmlTextReaderReadOuterXml() would. */
typedef struct
{
  xmlDocPtr   doc;
  xmlNodePtr  root;                    /* NULL when nothing is captured */
  xmlNodePtr  current;
  gboolean    in_event;                /* else top level */
  gsize       text_bytes;
  guint       line;
  guint       column;
} Capture;

typedef struct
{
  AnnalsXmlReader         *xml;
  AnnalsDiagnostics       *diagnostics;
  const AnnalsLoadOptions *options;
  AnnalsTimeline          *timeline;
  GTimeZone               *zone;
  gboolean                 zone_fixed; /* UTC or an offset, without summer time */
  gint32                   zone_offset;
  guint                    max_events;
  GError                  *limit_error;
  gboolean                 stop;

  int                      depth;      /* of the next element to start */
  Frame                   *frames;     /* open elements, innermost last */
  guint                    n_frames;
  guint                    frames_size;
  int                      skip_depth; /* inside an element that is skipped, or -1 */
  GString                 *text;       /* of a text element */
  gboolean                 text_too_long;
  GString                 *loose;      /* text where none is allowed */
  GString                 *scratch;
  const xmlChar           *annals_ns;  /* libxml2's copy, compared by address */
  NameCache                attribute_cache[NAME_CACHE_SIZE];
  NameCache                element_cache[NAME_CACHE_SIZE];
  Capture                  capture;

  /* Top-level order: <title>, <description>, <as-of>, then the rest. */
  guint                    n_titles;
  guint                    n_descriptions;
  guint                    n_as_of;
  gboolean                 seen_record;

  EventBuilder             event;
  SourceBuilder            source;
  MeasureBuilder           measure;
  GArray                  *cites;      /* CiteItem, of the event or measure */

  GArray                  *refs;       /* PendingRef */
  GArray                  *event_positions; /* Position, by insertion order */
  GHashTable              *warned;     /* extension names warned about once */
} Parser;

/* Small helpers */

/* Whether @text needs normalize_append() or normalize_in_place() to change it:
 * white space other than single spaces between words, or (in an attribute)
 * an "&". Nearly all text is already normal (ids, dates, titles, quotes):
 * eight bytes are looked at in one go. */
static gboolean
needs_normalizing (const guint8 *text,
                   gsize         length,
                   gboolean      attribute)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
  const guint64 lows = G_GUINT64_CONSTANT (0x7f7f7f7f7f7f7f7f);
  gboolean space_before = FALSE;
  gsize whole = length;

  if (length == 0)
    return FALSE;
  if (text[0] == ' ' || text[length - 1] == ' ')
    return TRUE;

  for (; length >= 8; text += 8, length -= 8)
    {
      guint64 word;
      guint64 x;
      guint64 spaces;

      memcpy (&word, text, sizeof word);
      word = GUINT64_FROM_LE (word);

      /* A byte below the space: a tab, a newline… */
      if (((word - ones * 0x20) & ~word & highs) != 0)
        return TRUE;
      x = word ^ (ones * '&');
      if (attribute && ((x - ones) & ~x & highs) != 0)
        return TRUE;

      /* The spaces, exactly, as high bits; two in a row is too many. */
      x = word ^ (ones * ' ');
      spaces = ~(((x & lows) + lows) | x | lows);
      if ((spaces & (spaces << 8)) != 0 || ((spaces & 0x80) != 0 && space_before))
        return TRUE;
      space_before = (spaces >> 63) != 0;
    }

  /* The last bytes of a long text: its last eight, which overlap bytes seen
   * already (no harm: a pair of spaces across the overlap was seen too). */
  if (length > 0 && whole >= 8)
    {
      guint64 word;
      guint64 x;
      guint64 spaces;

      memcpy (&word, text + length - 8, sizeof word);
      word = GUINT64_FROM_LE (word);
      if (((word - ones * 0x20) & ~word & highs) != 0)
        return TRUE;
      x = word ^ (ones * '&');
      if (attribute && ((x - ones) & ~x & highs) != 0)
        return TRUE;
      x = word ^ (ones * ' ');
      spaces = ~(((x & lows) + lows) | x | lows);
      return (spaces & (spaces << 8)) != 0;
    }

  for (; length > 0; text++, length--)
    {
      if (*text < ' ' || (attribute && *text == '&') || (*text == ' ' && space_before))
        return TRUE;
      space_before = (*text == ' ');
    }

  return FALSE;
}

/* Appends @text with runs of XML white space collapsed into one space and
 * trimmed, and "&#38;" (how libxml2 leaves "&" in attribute values when
 * entities are not substituted) turned back into "&". */
static void
normalize_append (GString       *out,
                  const xmlChar *text,
                  const xmlChar *end,
                  gboolean       attribute)
{
  gsize first = out->len;
  gboolean space = FALSE;
  char *start;
  char *q;

  if (out->allocated_len <= first + (end - text))
    g_string_set_size (out, first + (end - text));
  start = out->str + first;
  q = start;

  if (!needs_normalizing (text, end - text, attribute))
    {
      memcpy (start, text, end - text);
      start[end - text] = '\0';
      out->len = first + (end - text);
      return;
    }

  while (text < end)
    {
      xmlChar c = *text++;

      /* Most bytes are neither white space nor "&": one test for them. */
      if (G_LIKELY (c > ' ' && c != '&'))
        {
          if (space)
            {
              if (q != start)
                *q++ = ' ';
              space = FALSE;
            }
          *q++ = (char) c;
          continue;
        }

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        {
          space = TRUE;
          continue;
        }
      if (space && q != start)
        *q++ = ' ';
      space = FALSE;
      if (attribute && c == '&' && end - text >= 4 && memcmp (text, "#38;", 4) == 0)
        text += 4;
      *q++ = (char) c;
    }

  *q = '\0';
  out->len = q - out->str;
}

/* Collapses white space in place. Most bytes are above the space: one test
 * for them. */
static void
normalize_in_place (GString *text)
{
  char *q = text->str;
  const char *end = text->str + text->len;
  gboolean space = FALSE;

  if (!needs_normalizing ((const guint8 *) text->str, text->len, FALSE))
    return;

  for (const char *p = text->str; p < end; p++)
    {
      char c = *p;

      if (G_LIKELY ((guchar) c > ' '))
        {
          if (space)
            {
              if (q != text->str)
                *q++ = ' ';
              space = FALSE;
            }
          *q++ = c;
        }
      else if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        space = TRUE;
      else
        {
          if (space && q != text->str)
            *q++ = ' ';
          space = FALSE;
          *q++ = c;
        }
    }

  g_string_truncate (text, q - text->str);
}

static gboolean
is_blank (const xmlChar *text,
          int            length)
{
  for (int i = 0; i < length; i++)
    {
      if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r')
        return FALSE;
    }

  return TRUE;
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

/* The name as libxml2's tree would have it: "prefix:name" when the prefix is
 * not declared (then without a namespace), else the local name. */
static char *
display_name (const xmlChar *prefix,
              const xmlChar *local_name,
              const xmlChar *uri)
{
  if (prefix != NULL && uri == NULL)
    return g_strdup_printf ("%s:%s", prefix, local_name);

  return g_strdup ((const char *) local_name);
}

static char *
qualified_name (const xmlChar *prefix,
                const xmlChar *name)
{
  if (prefix != NULL)
    return g_strdup_printf ("%s:%s", prefix, name);

  return g_strdup ((const char *) name);
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

/* A known child of @parent close to @name ("evnt" -> "event"), or NULL. */
static const char *
suggest_child (AnnalsNativeElement  parent,
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
      const char *candidate = names[i];
      guint distance;

      if (annals_native_child (parent, candidate) == ANNALS_ELEMENT_NONE)
        continue;
      distance = edit_distance (name, candidate);
      if (distance < best_distance)
        {
          best = candidate;
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
  if (self->n_frames == 0)
    return NULL;

  return &self->frames[self->n_frames - 1];
}

static Frame *
parent_frame (Parser *self)
{
  if (self->n_frames < 2)
    return NULL;

  return &self->frames[self->n_frames - 2];
}

static Frame *
push_frame (Parser      *self,
            const Frame *frame)
{
  if (self->n_frames == self->frames_size)
    {
      self->frames_size = MAX (self->frames_size * 2, 16);
      self->frames = g_renew (Frame, self->frames, self->frames_size);
    }

  self->frames[self->n_frames] = *frame;

  return &self->frames[self->n_frames++];
}

static inline guint
name_cache_slot (const xmlChar *name,
                 guint          parent)
{
  return (guint) ((GPOINTER_TO_SIZE (name) >> 3) ^ (parent * 7)) % NAME_CACHE_SIZE;
}

static AnnalsNativeAttribute
attribute_of_name (Parser        *self,
                   const xmlChar *name)
{
  NameCache *entry = &self->attribute_cache[name_cache_slot (name, 0)];

  if (entry->name != name)
    {
      entry->name = name;
      entry->value = annals_native_attribute ((const char *) name);
    }

  return entry->value;
}

static AnnalsNativeElement
child_of_name (Parser              *self,
               AnnalsNativeElement  parent,
               const xmlChar       *name)
{
  NameCache *entry = &self->element_cache[name_cache_slot (name, parent)];

  if (entry->name != name || entry->parent != parent)
    {
      entry->name = name;
      entry->parent = parent;
      entry->value = annals_native_child (parent, (const char *) name);
    }

  return entry->value;
}

static gboolean
is_annals_ns (Parser        *self,
              const xmlChar *uri)
{
  if (uri == NULL)
    return FALSE;
  if (uri == self->annals_ns)
    return TRUE;
  if (strcmp ((const char *) uri, ANNALS_NS) != 0)
    return FALSE;

  /* libxml2 keeps one copy of each namespace name per document. */
  self->annals_ns = uri;

  return TRUE;
}

/* Values */

static gboolean
has_attribute (const Attributes *attributes,
               AnnalsNativeAttribute     name)
{
  return (attributes->present & (1u << name)) != 0;
}

/* The value of an unprefixed attribute, white space normalised, in @buffer, or
 * NULL when the element has none. Valid until @buffer is used again. */
static const char *
attribute_in (const Attributes *attributes,
              AnnalsNativeAttribute     name,
              GString          *buffer)
{
  if (!has_attribute (attributes, name))
    return NULL;

  buffer->len = 0;
  normalize_append (buffer, attributes->start[name], attributes->end[name], TRUE);

  return buffer->str;
}

/* The same, newly allocated. */
static char *
get_attribute (const Attributes *attributes,
               AnnalsNativeAttribute     name)
{
  g_autoptr(GString) buffer = NULL;

  if (!has_attribute (attributes, name))
    return NULL;

  buffer = g_string_sized_new (attributes->end[name] - attributes->start[name] + 1);
  normalize_append (buffer, attributes->start[name], attributes->end[name], TRUE);

  return g_string_free (g_steal_pointer (&buffer), FALSE);
}

/* A word-like attribute (lang, kind, unit): absent is fine, empty is not. */
static char *
take_token (Parser           *self,
            Frame            *frame,
            const Attributes *attributes,
            AnnalsNativeAttribute     name)
{
  char *value = get_attribute (attributes, name);

  if (value != NULL && value[0] == '\0')
    {
      error_at (self, frame->line, frame->column, _("the %s attribute of <%s> is empty"),
                annals_native_attribute_name (name),
                annals_native_element_name (frame->kind));
      g_clear_pointer (&value, g_free);
    }

  return value;
}

/* An id attribute, checked, in the parser's scratch buffer; NULL when absent
 * or wrong. */
static const char *
take_id_text (Parser           *self,
              Frame            *frame,
              const Attributes *attributes,
              AnnalsNativeAttribute     name,
              gboolean          required)
{
  const char *attribute = annals_native_attribute_name (name);
  const char *value = attribute_in (attributes, name, self->scratch);

  if (value == NULL)
    {
      if (required)
        error_at (self, frame->line, frame->column, _("<%s> has no %s attribute"),
                  annals_native_element_name (frame->kind), attribute);
      return NULL;
    }

  if (value[0] == '\0')
    {
      error_at (self, frame->line, frame->column, _("the %s attribute of <%s> is empty"),
                attribute, annals_native_element_name (frame->kind));
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

  return value;
}

/* The same, interned: for ids that repeat (references) or are few. */
static const char *
take_id (Parser           *self,
         Frame            *frame,
         const Attributes *attributes,
         AnnalsNativeAttribute     name,
         gboolean          required)
{
  const char *value = take_id_text (self, frame, attributes, name, required);

  return annals_timeline_intern (self->timeline, value);
}

typedef gint (*FindFunc) (AnnalsTimeline *timeline,
                          const char     *id);

/* A reference to a track, category or source: found now, or kept for later
 * without interning the ids that are found (there may be a million). */
static Reference
take_reference (Parser           *self,
                Frame            *frame,
                const Attributes *attributes,
                AnnalsNativeAttribute     name,
                gboolean          required,
                FindFunc          find)
{
  const char *value = take_id_text (self, frame, attributes, name, required);
  Reference reference = { -1, NULL };

  if (value == NULL)
    return reference;

  reference.index = find (self->timeline, value);
  if (reference.index < 0)
    reference.id = annals_timeline_intern (self->timeline, value);

  return reference;
}

static inline gboolean
are_digits (const char *p,
            guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      if (p[i] < '0' || p[i] > '9')
        return FALSE;
    }

  return TRUE;
}

static inline int
two_digits (const char *p)
{
  return (p[0] - '0') * 10 + (p[1] - '0');
}

/* Days from 1970-01-01 to @year-@month-@day, for years 0 to 9999. */
static inline gint64
days_from_civil (int year,
                 int month,
                 int day)
{
  static const int before_month[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
  /* Leap years before @year, year 0 included. */
  gint64 days = 365 * (gint64) year + (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400;

  days += before_month[month - 1] + day - 1;
  if (month > 2 && annals_is_leap_year (year))
    days++;

  return days - 719528;
}

/* The forms nearly every date of a dataset has ("2018", "2026-09",
 * "1999-06-12", "2026-02-19T07:05", with seconds, with Z), read directly. All
 * else, and every mistake, goes to annals_date_parse(), which gives the same
 * result for these and the message for mistakes. */
static gboolean
parse_common_date (Parser      *self,
                   const char  *text,
                   AnnalsDate  *date)
{
  gsize length = strlen (text);
  AnnalsPrecision precision;
  gboolean zulu = FALSE;
  int year;
  int month = 1;
  int day = 1;
  int hour = 0;
  int minute = 0;
  int second = 0;
  gint32 utc_offset = 0;
  AnnalsTime time;

  if (length >= 17 && text[length - 1] == 'Z')
    {
      zulu = TRUE;
      length--;
    }

  switch (length)
    {
    case 4: precision = ANNALS_PRECISION_YEAR; break;
    case 7: precision = ANNALS_PRECISION_MONTH; break;
    case 10: precision = ANNALS_PRECISION_DAY; break;
    case 16: precision = ANNALS_PRECISION_MINUTE; break;
    case 19: precision = ANNALS_PRECISION_SECOND; break;
    default: return FALSE;
    }

  if (!are_digits (text, 4))
    return FALSE;
  year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + two_digits (text + 2);

  if (precision >= ANNALS_PRECISION_MONTH)
    {
      if (text[4] != '-' || !are_digits (text + 5, 2))
        return FALSE;
      month = two_digits (text + 5);
      if (month < 1 || month > 12)
        return FALSE;
    }

  if (precision >= ANNALS_PRECISION_DAY)
    {
      if (text[7] != '-' || !are_digits (text + 8, 2))
        return FALSE;
      day = two_digits (text + 8);
      if (day < 1 || day > annals_days_in_month (year, month))
        return FALSE;
    }

  if (precision >= ANNALS_PRECISION_MINUTE)
    {
      if (text[10] != 'T' || text[13] != ':' || !are_digits (text + 11, 2) ||
          !are_digits (text + 14, 2))
        return FALSE;
      hour = two_digits (text + 11);
      minute = two_digits (text + 14);
      if (hour > 23 || minute > 59)
        return FALSE;
    }

  if (precision == ANNALS_PRECISION_SECOND)
    {
      if (text[16] != ':' || !are_digits (text + 17, 2))
        return FALSE;
      second = two_digits (text + 17);
      if (second > 59)
        return FALSE;
    }

  time = days_from_civil (year, month, day) * ANNALS_SECONDS_PER_DAY +
         hour * 3600 + minute * 60 + second;

  /* A local time is in the dataset's zone: done here only when its offset
   * never changes. */
  if (precision >= ANNALS_PRECISION_MINUTE && !zulu && self->zone != NULL)
    {
      if (!self->zone_fixed)
        return FALSE;
      utc_offset = self->zone_offset;
      time -= utc_offset;
    }

  memset (date, 0, sizeof *date);
  date->time = time;
  date->utc_offset = utc_offset;
  date->precision = precision;
  date->flags = zulu ? ANNALS_DATE_HAS_OFFSET : 0;

  return TRUE;
}

/* The schema writes a year with four to ten digits; annals_date_parse() also
 * takes more when they are leading zeros. */
static gboolean
year_too_long (const char *text)
{
  guint n = 0;

  if (*text == '+' || *text == '-')
    text++;
  while (g_ascii_isdigit (text[n]))
    n++;

  return n > 10;
}

static gboolean
parse_date_text (Parser      *self,
                 guint        line,
                 guint        column,
                 const char  *text,
                 AnnalsDate  *date)
{
  g_autoptr(GError) error = NULL;

  if (parse_common_date (self, text, date))
    return TRUE;

  if (annals_date_parse (text, self->zone, date, &error))
    {
      g_autofree char *quoted = NULL;

      if (!year_too_long (text))
        return TRUE;

      quoted = quote (text);
      error_at (self, line, column, _("\"%s\" is not a date: a year has ten digits at most"),
                quoted);
      memset (date, 0, sizeof *date);
      return FALSE;
    }

  error_at (self, line, column, "%s", error->message);
  memset (date, 0, sizeof *date);

  return FALSE;
}

/* A date attribute; FALSE when it is there but not a date. */
static gboolean
take_date_attribute (Parser           *self,
                     Frame            *frame,
                     const Attributes *attributes,
                     AnnalsNativeAttribute     name,
                     gboolean          required,
                     AnnalsDate       *date,
                     char            **text_out)
{
  const char *value = attribute_in (attributes, name, self->scratch);

  memset (date, 0, sizeof *date);

  if (value == NULL)
    {
      if (required)
        error_at (self, frame->line, frame->column, _("<%s> has no %s attribute"),
                  annals_native_element_name (frame->kind),
                  annals_native_attribute_name (name));
      return !required;
    }

  if (!parse_date_text (self, frame->line, frame->column, value, date))
    return FALSE;

  if (text_out != NULL)
    *text_out = g_strdup (value);

  return TRUE;
}

static gboolean
take_color (Parser           *self,
            Frame            *frame,
            const Attributes *attributes,
            AnnalsColor      *color)
{
  const char *value = attribute_in (attributes, ANNALS_ATTRIBUTE_COLOR, self->scratch);
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
take_number (Parser           *self,
             Frame            *frame,
             const Attributes *attributes,
             AnnalsNativeAttribute     name,
             gboolean          required,
             double           *value)
{
  const char *attribute = annals_native_attribute_name (name);
  const char *text = attribute_in (attributes, name, self->scratch);

  *value = 0.0;

  if (text == NULL)
    {
      if (required)
        error_at (self, frame->line, frame->column, _("<%s> has no %s attribute"),
                  annals_native_element_name (frame->kind), attribute);
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
take_boolean (Parser           *self,
              Frame            *frame,
              const Attributes *attributes,
              AnnalsNativeAttribute     name)
{
  const char *attribute = annals_native_attribute_name (name);
  const char *value = attribute_in (attributes, name, self->scratch);
  g_autofree char *quoted = NULL;

  if (value == NULL || strcmp (value, "false") == 0)
    return FALSE;
  if (strcmp (value, "true") == 0)
    return TRUE;

  quoted = quote (value);
  error_at (self, frame->line, frame->column,
            _("%s=\"%s\" is not allowed: write %s=\"true\" or %s=\"false\""),
            attribute, quoted, attribute, attribute);

  return FALSE;
}

static gboolean
take_status (Parser           *self,
             Frame            *frame,
             const Attributes *attributes,
             AnnalsStatus     *status)
{
  const char *value = attribute_in (attributes, ANNALS_ATTRIBUTE_STATUS, self->scratch);

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

/* Sorts the attributes of an element by name and reports those the schema
 * does not allow on it: unknown unprefixed ones, ones in the timeline's own
 * namespace, and extension attributes where the grammar has no room for them
 * (on elements that hold plain text). Extension attributes elsewhere are
 * allowed but not kept: a warning, once per name. */
static void
check_attributes (Parser          *self,
                  Frame           *frame,
                  int              n_attributes,
                  const xmlChar  **data,
                  Attributes      *attributes)
{
  guint32 allowed = annals_native_allowed_attributes (frame->kind);

  attributes->present = 0;

  for (int i = 0; i < n_attributes; i++)
    {
      const xmlChar *local_name = data[5 * i];
      const xmlChar *prefix = data[5 * i + 1];
      const xmlChar *uri = data[5 * i + 2];

      if (uri == NULL)
        {
          AnnalsNativeAttribute name = prefix == NULL ? attribute_of_name (self, local_name)
                                                      : ANNALS_N_ATTRIBUTES;

          if (name < ANNALS_N_ATTRIBUTES && (allowed & (1u << name)) != 0)
            {
              attributes->start[name] = data[5 * i + 3];
              attributes->end[name] = data[5 * i + 4];
              attributes->present |= 1u << name;
            }
          else
            {
              g_autofree char *shown = display_name (prefix, local_name, uri);

              error_at (self, frame->line, frame->column,
                        _("attribute %s is not allowed on <%s>"), shown,
                        annals_native_element_name (frame->kind));
            }
        }
      else if (is_annals_ns (self, uri))
        {
          error_at (self, frame->line, frame->column,
                    _("attribute %s:%s is not allowed on <%s>; attributes are written "
                      "without a prefix"), prefix, local_name,
                    annals_native_element_name (frame->kind));
        }
      else if (!annals_native_allows_foreign_attributes (frame->kind))
        {
          g_autofree char *qname = qualified_name (prefix, local_name);

          error_at (self, frame->line, frame->column,
                    _("the extension attribute %s is not allowed on <%s>, which holds "
                      "plain text only"), qname,
                    annals_native_element_name (frame->kind));
        }
      else
        {
          g_autofree char *qname = qualified_name (prefix, local_name);

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
  GString *text = date->text;

  g_free (date->earliest_text);
  g_free (date->latest_text);
  memset (date, 0, sizeof *date);
  text->len = 0;
  text->str[0] = '\0';
  date->text = text;
}

static void
event_builder_reset (EventBuilder *event)
{
  date_element_clear (&event->start);
  date_element_clear (&event->end);
  /* The pointers are the arena's: nothing to free. */
  event->places->len = 0;
  event->actors->len = 0;
  event->tags->len = 0;
  event->extensions->len = 0;
  if (event->links->len > 0)
    g_array_set_size (event->links, 0);
  if (event->quantities->len > 0)
    g_array_set_size (event->quantities, 0);
  event->id = NULL;
  event->track = (Reference) { -1, NULL };
  event->category = (Reference) { -1, NULL };
  event->type = -1;
  event->status = ANNALS_STATUS_CONFIRMED;
  event->title = NULL;
  event->summary = NULL;
}

static void
source_builder_reset (SourceBuilder *source)
{
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

/* A reference read with take_reference(), set or kept for later. */
static void
apply_reference (Parser          *self,
                 RefKind          kind,
                 RefSlot          slot,
                 const Reference *reference,
                 guint            index,
                 AnnalsCitation  *citation,
                 guint            line,
                 guint            column)
{
  if (reference->index >= 0)
    set_reference (self, slot, index, citation, reference->index, NULL, line, column);
  else
    resolve_reference (self, kind, slot, reference->id, index, citation, line, column, FALSE);
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

      cites[i].source = item->source;
      cites[i].quote = item->quote;
      cites[i].page = item->page;
      if (item->source < 0)
        resolve_reference (self, REF_SOURCE, SLOT_CITATION, item->source_id, 0, &cites[i],
                           item->line, item->column, FALSE);
    }

  g_array_set_size (self->cites, 0);

  return cites;
}

static const char **
copy_pointers (Parser    *self,
               GPtrArray *strings,
               guint     *n)
{
  const char **copy;

  *n = strings->len;
  if (strings->len == 0)
    return NULL;

  copy = annals_timeline_alloc (self->timeline, sizeof (char *) * strings->len);
  memcpy (copy, strings->pdata, sizeof (char *) * strings->len);

  return copy;
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
                what, date->text->str, date->earliest_text);
      ok = FALSE;
    }

  if (has_latest && date->date.time >= annals_date_end_time (&date->latest))
    {
      error_at (self, date->line, date->column, _("%s %s is after its latest date %s"),
                what, date->text->str, date->latest_text);
      ok = FALSE;
    }

  return ok;
}

static void
finish_event (Parser *self)
{
  EventBuilder *builder = &self->event;
  AnnalsTimeline *timeline = self->timeline;
  AnnalsEventType type;
  AnnalsEvent *event;
  AnnalsEventDetail *detail = NULL;
  guint index;
  Position position = { builder->line, builder->column };
  gboolean has_bounds;

  if (builder->title == NULL || !builder->start.present)
    {
      g_autofree char *shown_id = quote (builder->id != NULL ? builder->id : "");

      if (builder->title == NULL)
        error_at (self, builder->line, builder->column, _("event \"%s\" has no <title>"),
                  shown_id);
      if (!builder->start.present)
        error_at (self, builder->line, builder->column, _("event \"%s\" has no <start>"),
                  shown_id);
    }

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
                builder->end.text->str, builder->start.text->str);
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
      annals_xml_reader_stop (self->xml);
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
      detail->summary = builder->summary;
      detail->places = copy_pointers (self, builder->places, &detail->n_places);
      detail->actors = copy_pointers (self, builder->actors, &detail->n_actors);
      detail->tags = copy_pointers (self, builder->tags, &detail->n_tags);
      detail->extensions = copy_pointers (self, builder->extensions, &detail->n_extensions);
      detail->start_earliest = builder->start.earliest;
      detail->start_latest = builder->start.latest;
      detail->end_earliest = builder->end.earliest;
      detail->end_latest = builder->end.latest;

      if (builder->links->len > 0)
        {
          gsize size = sizeof (AnnalsLink) * builder->links->len;
          AnnalsLink *links = annals_timeline_alloc (timeline, size);

          memcpy (links, builder->links->data, size);
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

      /* Last: resolving the citations may record pending references. */
      detail->cites = build_citations (self, &detail->n_cites);
    }

  event = annals_timeline_add_event (timeline);
  index = timeline->n_events - 1;
  event->id = builder->id;
  event->title = builder->title;
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

  apply_reference (self, REF_TRACK, SLOT_EVENT_TRACK, &builder->track, index, NULL,
                   builder->line, builder->column);
  apply_reference (self, REF_CATEGORY, SLOT_EVENT_CATEGORY, &builder->category, index, NULL,
                   builder->line, builder->column);
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
  source->title = builder->title;
  source->publisher = builder->publisher;
  source->url = builder->url;
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
                annals_native_element_name (parent->kind),
                annals_native_element_name (frame->kind));
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
            annals_native_element_name (frame->kind), quoted, existing_line);
}

static void
begin_date_element (Parser           *self,
                    Frame            *frame,
                    const Attributes *attributes,
                    DateElement      *date)
{
  date_element_clear (date);
  date->present = TRUE;
  date->line = frame->line;
  date->column = frame->column;
  if (attributes->present == 0)
    return;

  date->approx = take_boolean (self, frame, attributes, ANNALS_ATTRIBUTE_APPROX);
  take_date_attribute (self, frame, attributes, ANNALS_ATTRIBUTE_EARLIEST, FALSE, &date->earliest,
                       &date->earliest_text);
  take_date_attribute (self, frame, attributes, ANNALS_ATTRIBUTE_LATEST, FALSE, &date->latest,
                       &date->latest_text);
  if (frame->kind == ANNALS_ELEMENT_END)
    date->has_status = take_status (self, frame, attributes, &date->status);
}

static void
end_date_element (Parser      *self,
                  Frame       *frame,
                  DateElement *date,
                  GString     *text)
{
  g_string_assign (date->text, text->str);
  date->has_text = TRUE;
  date->valid = parse_date_text (self, frame->line, frame->column, date->text->str, &date->date);
  if (date->valid && date->approx)
    date->date.flags |= ANNALS_DATE_APPROX;
  check_bounds (self, date, frame->kind == ANNALS_ELEMENT_START ? "start" : "end");
}

static void
begin_timeline (Parser           *self,
                Frame            *frame,
                const char       *name,
                const xmlChar    *uri,
                const Attributes *attributes,
                int               n_attributes,
                const xmlChar   **data)
{
  g_autofree char *version = get_attribute (attributes, ANNALS_ATTRIBUTE_VERSION);
  g_autofree char *tz = get_attribute (attributes, ANNALS_ATTRIBUTE_TZ);
  g_autofree char *lang = NULL;
  const char *ns = (const char *) uri;
  Attributes checked;

  if (strcmp (name, "timeline") != 0)
    {
      error_at (self, frame->line, frame->column,
                _("the root element is <%s>, not <timeline>"), name);
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

  if (!is_annals_ns (self, uri))
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
        {
          const char *identifier = g_time_zone_get_identifier (self->zone);

          self->timeline->tz = annals_timeline_strdup (self->timeline, tz);
          /* UTC, or an offset: the same offset at every date. */
          if (strcmp (identifier, "UTC") == 0 || identifier[0] == '+' || identifier[0] == '-')
            {
              self->zone_fixed = TRUE;
              self->zone_offset = g_time_zone_get_offset (self->zone, 0);
            }
        }
    }

  lang = take_token (self, frame, attributes, ANNALS_ATTRIBUTE_LANG);
  if (lang != NULL)
    self->timeline->lang = annals_timeline_intern (self->timeline, lang);

  check_attributes (self, frame, n_attributes, data, &checked);
}

static void
begin_record (Parser *self)
{
  self->seen_record = TRUE;
}

static void
begin_element (Parser           *self,
               Frame            *frame,
               const Attributes *attributes)
{
  Frame *parent = parent_frame (self);
  AnnalsTimeline *timeline = self->timeline;

  if (annals_native_holds_text (frame->kind))
    {
      self->text->len = 0;
      self->text->str[0] = '\0';
      self->text_too_long = FALSE;
    }

  switch (frame->kind)
    {
    case ANNALS_ELEMENT_TITLE:
      self->n_titles++;
      if (self->n_titles > 1)
        error_at (self, frame->line, frame->column, _("<timeline> has more than one <title>"));
      else if (self->n_descriptions > 0 || self->n_as_of > 0 || self->seen_record)
        error_at (self, frame->line, frame->column,
                  _("<title> must come first in <timeline>"));
      break;

    case ANNALS_ELEMENT_DESCRIPTION:
      self->n_descriptions++;
      if (self->n_descriptions > 1)
        error_at (self, frame->line, frame->column,
                  _("<timeline> has more than one <description>"));
      else if (self->n_as_of > 0 || self->seen_record)
        error_at (self, frame->line, frame->column,
                  _("<description> must come right after the <title> of the timeline"));
      break;

    case ANNALS_ELEMENT_AS_OF:
      self->n_as_of++;
      if (self->n_as_of > 1)
        error_at (self, frame->line, frame->column, _("<timeline> has more than one <as-of>"));
      else if (self->seen_record)
        error_at (self, frame->line, frame->column,
                  _("<as-of> must come after <title> and <description>, before the first "
                    "source, track, category, era, event or measure"));
      break;

    case ANNALS_ELEMENT_SOURCE:
      {
        gint existing;
        g_autofree char *kind = NULL;
        g_autofree char *reliability = NULL;

        begin_record (self);
        source_builder_reset (&self->source);
        self->source.line = frame->line;
        self->source.column = frame->column;
        self->source.id = take_id (self, frame, attributes, ANNALS_ATTRIBUTE_ID, TRUE);
        existing = annals_timeline_find_source (timeline, self->source.id);
        check_duplicate_id (self, frame, self->source.id, existing,
                            existing >= 0 ? timeline->sources[existing].line : 0);
        kind = take_token (self, frame, attributes, ANNALS_ATTRIBUTE_KIND);
        reliability = take_token (self, frame, attributes, ANNALS_ATTRIBUTE_RELIABILITY);
        self->source.kind = annals_timeline_intern (timeline, kind);
        self->source.reliability = annals_timeline_intern (timeline, reliability);
      }
      break;

    case ANNALS_ELEMENT_SOURCE_TITLE:
      check_once (self, frame, parent, &parent->n_title);
      break;
    case ANNALS_ELEMENT_PUBLISHER:
      check_once (self, frame, parent, &parent->n_publisher);
      break;
    case ANNALS_ELEMENT_PUBLISHED:
      check_once (self, frame, parent, &parent->n_published);
      break;
    case ANNALS_ELEMENT_URL:
      check_once (self, frame, parent, &parent->n_url);
      break;

    case ANNALS_ELEMENT_TRACK:
      {
        const char *id;
        gint existing;
        AnnalsColor color;
        g_autofree char *label = get_attribute (attributes, ANNALS_ATTRIBUTE_LABEL);
        g_autofree char *kind = get_attribute (attributes, ANNALS_ATTRIBUTE_KIND);
        g_autofree char *unit = take_token (self, frame, attributes, ANNALS_ATTRIBUTE_UNIT);
        AnnalsTrackKind track_kind = ANNALS_TRACK_EVENTS;
        AnnalsTrack *track;

        begin_record (self);
        id = take_id (self, frame, attributes, ANNALS_ATTRIBUTE_ID, TRUE);
        existing = annals_timeline_find_track (timeline, id);
        check_duplicate_id (self, frame, id, existing,
                            existing >= 0 ? timeline->tracks[existing].line : 0);
        take_color (self, frame, attributes, &color);

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
        if (parent != NULL && parent->kind == ANNALS_ELEMENT_TRACK)
          {
            track->parent = parent->index;
            track->depth = (guint16) MIN (timeline->tracks[parent->index].depth + 1, G_MAXUINT16);
          }
      }
      break;

    case ANNALS_ELEMENT_CATEGORY:
      {
        const char *id;
        gint existing;
        AnnalsColor color;
        g_autofree char *label = get_attribute (attributes, ANNALS_ATTRIBUTE_LABEL);
        AnnalsCategory *category;

        begin_record (self);
        id = take_id (self, frame, attributes, ANNALS_ATTRIBUTE_ID, TRUE);
        existing = annals_timeline_find_category (timeline, id);
        check_duplicate_id (self, frame, id, existing,
                            existing >= 0 ? timeline->categories[existing].line : 0);
        take_color (self, frame, attributes, &color);

        category = annals_timeline_add_category (timeline);
        category->id = id;
        category->label = annals_timeline_strdup (timeline, label != NULL ? label : id);
        category->color = color;
        category->line = frame->line;
      }
      break;

    case ANNALS_ELEMENT_ERA:
      {
        AnnalsDate start;
        AnnalsDate end;
        AnnalsColor color;
        g_autofree char *start_text = NULL;
        g_autofree char *end_text = NULL;
        g_autofree char *label = get_attribute (attributes, ANNALS_ATTRIBUTE_LABEL);
        gboolean start_ok;
        gboolean end_ok;
        AnnalsEra *era;

        begin_record (self);
        start_ok = take_date_attribute (self, frame, attributes, ANNALS_ATTRIBUTE_START, TRUE, &start,
                                        &start_text);
        end_ok = take_date_attribute (self, frame, attributes, ANNALS_ATTRIBUTE_END, FALSE, &end,
                                      &end_text);
        if (label == NULL)
          error_at (self, frame->line, frame->column, _("<era> has no label attribute"));
        take_color (self, frame, attributes, &color);

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

    case ANNALS_ELEMENT_EVENT:
      {
        EventBuilder *event = &self->event;
        const char *id;

        begin_record (self);
        event_builder_reset (event);
        g_array_set_size (self->cites, 0);
        event->line = frame->line;
        event->column = frame->column;
        /* Event ids are not interned: each is one of a kind, and a million of
         * them would fill the string table. */
        id = take_id_text (self, frame, attributes, ANNALS_ATTRIBUTE_ID, TRUE);
        event->id = annals_timeline_strdup (timeline, id);
        event->track = take_reference (self, frame, attributes, ANNALS_ATTRIBUTE_TRACK, FALSE,
                                       annals_timeline_find_track);
        event->category = take_reference (self, frame, attributes, ANNALS_ATTRIBUTE_CATEGORY, FALSE,
                                          annals_timeline_find_category);
        take_status (self, frame, attributes, &event->status);

        if (has_attribute (attributes, ANNALS_ATTRIBUTE_TYPE))
          {
            const char *type = attribute_in (attributes, ANNALS_ATTRIBUTE_TYPE, self->scratch);
            AnnalsEventType event_type;

            if (annals_event_type_from_string (type, &event_type))
              event->type = (int) event_type;
            else
              {
                g_autofree char *quoted = quote (type);

                error_at (self, frame->line, frame->column,
                          _("unknown event type \"%s\": use span, instant or milestone"), quoted);
              }
          }
      }
      break;

    case ANNALS_ELEMENT_EVENT_TITLE:
      check_once (self, frame, parent, &parent->n_title);
      break;

    case ANNALS_ELEMENT_START:
      if (check_once (self, frame, parent, &parent->n_start))
        begin_date_element (self, frame, attributes, &self->event.start);
      break;

    case ANNALS_ELEMENT_END:
      if (check_once (self, frame, parent, &parent->n_end))
        begin_date_element (self, frame, attributes, &self->event.end);
      break;

    case ANNALS_ELEMENT_SUMMARY:
      check_once (self, frame, parent, &parent->n_summary);
      break;

    case ANNALS_ELEMENT_QUANTITY:
      {
        g_autofree char *unit = get_attribute (attributes, ANNALS_ATTRIBUTE_UNIT);
        gboolean has_change = has_attribute (attributes, ANNALS_ATTRIBUTE_CHANGE);
        gboolean has_value = has_attribute (attributes, ANNALS_ATTRIBUTE_VALUE);
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
            take_number (self, frame, attributes, ANNALS_ATTRIBUTE_CHANGE, TRUE, &quantity.amount);
          }
        else
          take_number (self, frame, attributes, ANNALS_ATTRIBUTE_VALUE, TRUE, &quantity.amount);

        quantity.unit = annals_timeline_intern (timeline, unit);
        g_array_append_val (self->event.quantities, quantity);
      }
      break;

    case ANNALS_ELEMENT_LINK:
      {
        const char *href = attribute_in (attributes, ANNALS_ATTRIBUTE_HREF, self->scratch);

        if (href == NULL || href[0] == '\0')
          error_at (self, frame->line, frame->column, _("<link> has no href attribute"));
        else
          {
            AnnalsLink link = { annals_timeline_strdup (timeline, href), NULL };

            g_array_append_val (self->event.links, link);
          }
      }
      break;

    case ANNALS_ELEMENT_CITE:
      {
        CiteItem cite = { -1, NULL, NULL, NULL, frame->line, frame->column };
        Reference source;

        cite.quote = annals_timeline_strdup (timeline, attribute_in (attributes, ANNALS_ATTRIBUTE_QUOTE,
                                                                     self->scratch));
        cite.page = annals_timeline_strdup (timeline, attribute_in (attributes, ANNALS_ATTRIBUTE_PAGE,
                                                                    self->scratch));
        source = take_reference (self, frame, attributes, ANNALS_ATTRIBUTE_SOURCE, TRUE,
                                 annals_timeline_find_source);
        cite.source = source.index;
        cite.source_id = source.id;
        g_array_append_val (self->cites, cite);
      }
      break;

    case ANNALS_ELEMENT_MEASURE:
      {
        MeasureBuilder *measure = &self->measure;
        gboolean approx;

        begin_record (self);
        memset (measure, 0, sizeof *measure);
        g_array_set_size (self->cites, 0);
        measure->line = frame->line;
        measure->column = frame->column;
        measure->track = take_id (self, frame, attributes, ANNALS_ATTRIBUTE_TRACK, TRUE);
        take_date_attribute (self, frame, attributes, ANNALS_ATTRIBUTE_DATE, TRUE, &measure->date, NULL);
        take_number (self, frame, attributes, ANNALS_ATTRIBUTE_VALUE, TRUE, &measure->value);
        approx = take_boolean (self, frame, attributes, ANNALS_ATTRIBUTE_APPROX);
        if (approx && annals_date_is_set (&measure->date))
          measure->date.flags |= ANNALS_DATE_APPROX;
        measure->source = take_id (self, frame, attributes, ANNALS_ATTRIBUTE_SOURCE, FALSE);
      }
      break;

    case ANNALS_ELEMENT_TIMELINE:
    case ANNALS_ELEMENT_PLACE:
    case ANNALS_ELEMENT_ACTOR:
    case ANNALS_ELEMENT_TAG:
    case ANNALS_ELEMENT_NONE:
    case ANNALS_ELEMENT_DOCUMENT:
    default:
      break;
    }
}

static void
end_element (Parser *self,
             Frame  *frame)
{
  AnnalsTimeline *timeline = self->timeline;
  GString *text = self->text;

  if (annals_native_holds_text (frame->kind))
    normalize_in_place (text);

  switch (frame->kind)
    {
    case ANNALS_ELEMENT_TIMELINE:
      if (self->n_titles == 0)
        error_at (self, frame->line, frame->column, _("the timeline has no <title>"));
      break;

    case ANNALS_ELEMENT_TITLE:
      if (self->n_titles == 1)
        {
          if (text->len == 0)
            warning_at (self, frame->line, frame->column, _("the title is empty"));
          timeline->title = annals_timeline_strdup (timeline, text->str);
        }
      break;

    case ANNALS_ELEMENT_DESCRIPTION:
      if (self->n_descriptions == 1 && text->len > 0)
        timeline->description = annals_timeline_strdup (timeline, text->str);
      break;

    case ANNALS_ELEMENT_AS_OF:
      if (self->n_as_of == 1)
        parse_date_text (self, frame->line, frame->column, text->str, &timeline->as_of);
      break;

    case ANNALS_ELEMENT_SOURCE:
      finish_source (self);
      break;

    case ANNALS_ELEMENT_SOURCE_TITLE:
      if (self->source.title == NULL)
        self->source.title = annals_timeline_strdup (timeline, text->str);
      break;

    case ANNALS_ELEMENT_PUBLISHER:
      if (self->source.publisher == NULL && text->len > 0)
        self->source.publisher = annals_timeline_strdup (timeline, text->str);
      break;

    case ANNALS_ELEMENT_PUBLISHED:
      if (parent_frame (self) != NULL && parent_frame (self)->n_published == 1)
        parse_date_text (self, frame->line, frame->column, text->str, &self->source.published);
      break;

    case ANNALS_ELEMENT_URL:
      if (text->len == 0)
        error_at (self, frame->line, frame->column, _("<url> is empty"));
      else if (self->source.url == NULL)
        self->source.url = annals_timeline_strdup (timeline, text->str);
      break;

    case ANNALS_ELEMENT_EVENT:
      finish_event (self);
      break;

    case ANNALS_ELEMENT_EVENT_TITLE:
      if (self->event.title == NULL)
        {
          if (text->len == 0)
            warning_at (self, frame->line, frame->column, _("the title is empty"));
          self->event.title = annals_timeline_strdup (timeline, text->str);
        }
      break;

    case ANNALS_ELEMENT_START:
      if (self->event.start.present && !self->event.start.has_text)
        end_date_element (self, frame, &self->event.start, text);
      break;

    case ANNALS_ELEMENT_END:
      if (self->event.end.present && !self->event.end.has_text)
        end_date_element (self, frame, &self->event.end, text);
      break;

    case ANNALS_ELEMENT_SUMMARY:
      if (self->event.summary == NULL && text->len > 0)
        self->event.summary = annals_timeline_strdup (timeline, text->str);
      break;

    case ANNALS_ELEMENT_PLACE:
    case ANNALS_ELEMENT_ACTOR:
    case ANNALS_ELEMENT_TAG:
      if (text->len == 0)
        warning_at (self, frame->line, frame->column, _("<%s> is empty"),
                    annals_native_element_name (frame->kind));
      else
        g_ptr_array_add (frame->kind == ANNALS_ELEMENT_PLACE ? self->event.places :
                         frame->kind == ANNALS_ELEMENT_ACTOR ? self->event.actors : self->event.tags,
                         (gpointer) annals_timeline_intern (timeline, text->str));
      break;

    case ANNALS_ELEMENT_LINK:
      if (self->event.links->len > 0 && text->len > 0)
        {
          AnnalsLink *link = &g_array_index (self->event.links, AnnalsLink,
                                             self->event.links->len - 1);

          if (link->label == NULL)
            link->label = annals_timeline_strdup (timeline, text->str);
        }
      break;

    case ANNALS_ELEMENT_MEASURE:
      finish_measure (self);
      break;

    case ANNALS_ELEMENT_TRACK:
    case ANNALS_ELEMENT_CATEGORY:
    case ANNALS_ELEMENT_ERA:
    case ANNALS_ELEMENT_QUANTITY:
    case ANNALS_ELEMENT_CITE:
    case ANNALS_ELEMENT_NONE:
    case ANNALS_ELEMENT_DOCUMENT:
    default:
      break;
    }
}

/* Extensions */

/* The namespace of a captured element or attribute: declared in the captured
 * tree, or else declared on its root, as xmlDocCopyNode() does. */
static xmlNsPtr
capture_namespace (Capture       *capture,
                   xmlNodePtr     node,
                   const xmlChar *prefix,
                   const xmlChar *uri)
{
  xmlNsPtr ns = xmlSearchNs (capture->doc, node, prefix);

  if (ns != NULL && xmlStrEqual (ns->href, uri))
    return ns;

  ns = xmlNewNs (capture->root, uri, prefix);
  if (ns == NULL)
    ns = xmlNewNs (node, uri, prefix);

  return ns;
}

static void
capture_start (Parser         *self,
               const xmlChar  *local_name,
               const xmlChar  *prefix,
               const xmlChar  *uri,
               int             n_namespaces,
               const xmlChar **namespaces,
               int             n_attributes,
               const xmlChar **attributes)
{
  Capture *capture = &self->capture;
  g_autofree char *name = display_name (prefix, local_name, uri);
  xmlNodePtr node = xmlNewDocNode (capture->doc, NULL, BAD_CAST name, NULL);
  xmlNsPtr last = NULL;

  if (capture->root == NULL)
    capture->root = node;
  else
    xmlAddChild (capture->current, node);
  capture->current = node;

  /* Declarations first, in their order, as libxml2's tree builder does. */
  for (int i = 0; i < n_namespaces; i++)
    {
      xmlNsPtr ns = xmlNewNs (NULL, namespaces[2 * i + 1], namespaces[2 * i]);

      if (ns == NULL)
        continue;
      if (last == NULL)
        node->nsDef = ns;
      else
        last->next = ns;
      last = ns;
      if (uri != NULL && node->ns == NULL && xmlStrEqual (prefix, namespaces[2 * i]))
        node->ns = ns;
    }

  if (uri != NULL && node->ns == NULL)
    node->ns = capture_namespace (capture, node, prefix, uri);

  for (int i = 0; i < n_attributes; i++)
    {
      const xmlChar *attribute_prefix = attributes[5 * i + 1];
      const xmlChar *attribute_uri = attributes[5 * i + 2];
      g_autofree char *attribute_name = display_name (attribute_prefix, attributes[5 * i],
                                                      attribute_uri);
      xmlNsPtr ns = NULL;

      g_string_truncate (self->scratch, 0);
      g_string_append_len (self->scratch, (const char *) attributes[5 * i + 3],
                           attributes[5 * i + 4] - attributes[5 * i + 3]);
      /* Only "&#38;" is left encoded (see normalize_append()). */
      if (memchr (self->scratch->str, '&', self->scratch->len) != NULL)
        {
          g_autoptr(GString) decoded = g_string_sized_new (self->scratch->len);

          for (const char *p = self->scratch->str; *p != '\0'; p++)
            {
              if (g_str_has_prefix (p, "&#38;"))
                {
                  g_string_append_c (decoded, '&');
                  p += 4;
                }
              else
                g_string_append_c (decoded, *p);
            }
          g_string_assign (self->scratch, decoded->str);
        }

      if (attribute_uri != NULL)
        ns = capture_namespace (capture, node, attribute_prefix, attribute_uri);
      xmlNewNsProp (node, ns, BAD_CAST attribute_name, BAD_CAST self->scratch->str);
    }
}

static void
capture_add (Capture    *capture,
             xmlNodePtr  node)
{
  if (node != NULL && xmlAddChild (capture->current, node) == NULL)
    xmlFreeNode (node);
}

/* The end of an element in the captured tree; at the end of its root, the
 * serialised tree goes to the model. */
static void
capture_end (Parser *self)
{
  Capture *capture = &self->capture;
  xmlBufferPtr buffer;

  if (capture->current != capture->root)
    {
      capture->current = capture->current->parent;
      return;
    }

  buffer = xmlBufferCreate ();
  if (buffer != NULL && xmlNodeDump (buffer, capture->doc, capture->root, 0, 0) >= 0)
    {
      const char *xml = (const char *) xmlBufferContent (buffer);

      if (capture->in_event)
        g_ptr_array_add (self->event.extensions,
                         (gpointer) annals_timeline_strdup (self->timeline, xml));
      else
        annals_timeline_add_extension (self->timeline, xml);
    }
  g_clear_pointer (&buffer, xmlBufferFree);

  xmlFreeNode (capture->root);
  capture->root = NULL;
  capture->current = NULL;
}

static void
handle_extension (Parser         *self,
                  Frame          *parent,
                  const xmlChar  *local_name,
                  const xmlChar  *prefix,
                  const xmlChar  *uri,
                  int             n_namespaces,
                  const xmlChar **namespaces,
                  int             n_attributes,
                  const xmlChar **attributes,
                  guint           line,
                  guint           column)
{
  g_autofree char *qname = qualified_name (prefix, local_name);

  if (parent->kind == ANNALS_ELEMENT_TIMELINE || parent->kind == ANNALS_ELEMENT_EVENT)
    {
      if (self->capture.doc == NULL)
        self->capture.doc = xmlNewDoc (BAD_CAST "1.0");
      self->capture.in_event = (parent->kind == ANNALS_ELEMENT_EVENT);
      self->capture.text_bytes = 0;
      self->capture.line = line;
      self->capture.column = column;
      capture_start (self, local_name, prefix, uri, n_namespaces, namespaces, n_attributes,
                     attributes);
    }
  else if (annals_native_holds_text (parent->kind))
    {
      error_at (self, line, column, _("<%s> holds plain text only; <%s> is not allowed inside it"),
                annals_native_element_name (parent->kind), qname);
    }
  else
    {
      g_autofree char *key = g_strdup_printf ("<%s>", qname);

      /* The model keeps extensions at the top level and in events only. */
      if (!g_hash_table_contains (self->warned, key))
        {
          warning_at (self, line, column,
                      _("the extension <%s> inside <%s> is ignored and will not be saved"),
                      qname, annals_native_element_name (parent->kind));
          g_hash_table_add (self->warned, g_steal_pointer (&key));
        }
    }
}

/* Text where the schema allows none, gathered as libxml2's tree would hold it
 * (one text node between two tags, comments or processing instructions), so
 * that the message quotes all of it. */
static void
flush_loose_text (Parser *self)
{
  Frame *frame;

  if (self->loose->len == 0)
    return;

  frame = top_frame (self);
  normalize_in_place (self->loose);
  if (frame != NULL && !frame->reported_text && self->loose->len > 0)
    {
      g_autofree char *quoted = quote (self->loose->str);

      error_at (self, frame->line, frame->column,
                _("text \"%s\" is not allowed directly inside <%s>"), quoted,
                annals_native_element_name (frame->kind));
      frame->reported_text = TRUE;
    }

  g_string_truncate (self->loose, 0);
}

/* SAX handlers */

static void
start_element_cb (gpointer         user_data,
                  const xmlChar   *local_name,
                  const xmlChar   *prefix,
                  const xmlChar   *uri,
                  int              n_namespaces,
                  const xmlChar  **namespaces,
                  int              n_attributes,
                  const xmlChar  **data,
                  guint            line,
                  guint            column)
{
  Parser *self = user_data;
  int depth = self->depth++;
  Frame *parent;
  Frame *current;
  Frame frame = { 0, };
  Attributes attributes;

  /* Nothing comes after a well-formedness error: the reader stops there. (Not
   * asked here: this may run on another thread than libxml2's.) */
  if (self->stop)
    return;

  if (self->capture.root != NULL)
    {
      capture_start (self, local_name, prefix, uri, n_namespaces, namespaces, n_attributes, data);
      return;
    }

  if (self->skip_depth >= 0)
    return;

  if (self->loose->len > 0)
    flush_loose_text (self);

  frame.depth = depth;
  frame.line = line;
  frame.column = column;
  frame.index = -1;

  if (depth == 0)
    {
      g_autofree char *shown = display_name (prefix, local_name, uri);

      frame.kind = ANNALS_ELEMENT_TIMELINE;
      current = push_frame (self, &frame);
      attributes.present = 0;
      for (int i = 0; i < n_attributes; i++)
        {
          if (data[5 * i + 1] == NULL && data[5 * i + 2] == NULL)
            {
              AnnalsNativeAttribute attribute = attribute_of_name (self, data[5 * i]);

              if (attribute < ANNALS_N_ATTRIBUTES)
                {
                  attributes.start[attribute] = data[5 * i + 3];
                  attributes.end[attribute] = data[5 * i + 4];
                  attributes.present |= 1u << attribute;
                }
            }
        }
      begin_timeline (self, current, shown, uri, &attributes, n_attributes, data);
      if (self->stop)
        annals_xml_reader_stop (self->xml);
      return;
    }

  parent = top_frame (self);
  if (parent == NULL)
    return;

  if (uri != NULL && !is_annals_ns (self, uri))
    {
      handle_extension (self, parent, local_name, prefix, uri, n_namespaces, namespaces,
                        n_attributes, data, line, column);
      self->skip_depth = depth;
      return;
    }

  frame.kind = uri != NULL ? child_of_name (self, parent->kind, local_name) : ANNALS_ELEMENT_NONE;
  if (frame.kind == ANNALS_ELEMENT_NONE)
    {
      g_autofree char *shown = display_name (prefix, local_name, uri);

      if (uri == NULL)
        error_at (self, line, column,
                  _("<%s> has no namespace; the elements of a timeline are in %s"),
                  shown, ANNALS_NS);
      else if (annals_native_holds_text (parent->kind))
        error_at (self, line, column,
                  _("<%s> holds plain text only; <%s> is not allowed inside it"),
                  annals_native_element_name (parent->kind), shown);
      else
        {
          const char *suggestion = suggest_child (parent->kind, shown);

          if (suggestion != NULL)
            error_at (self, line, column, _("unknown element <%s> in <%s>; did you mean <%s>?"),
                      shown, annals_native_element_name (parent->kind), suggestion);
          else
            error_at (self, line, column, _("unknown element <%s> in <%s>"), shown,
                      annals_native_element_name (parent->kind));
        }

      self->skip_depth = depth;
      return;
    }

  frame.holds_text = annals_native_holds_text (frame.kind);
  current = push_frame (self, &frame);
  check_attributes (self, current, n_attributes, data, &attributes);
  begin_element (self, current, &attributes);
}

static void
end_element_cb (gpointer       user_data,
                const xmlChar *local_name,
                const xmlChar *prefix,
                const xmlChar *uri)
{
  Parser *self = user_data;
  int depth = --self->depth;
  Frame *frame;

  if (self->stop)
    return;

  if (self->capture.root != NULL)
    {
      capture_end (self);
      if (self->capture.root == NULL)
        self->skip_depth = -1;
      return;
    }

  if (self->skip_depth >= 0)
    {
      if (depth == self->skip_depth)
        self->skip_depth = -1;
      return;
    }

  if (self->loose->len > 0)
    flush_loose_text (self);

  frame = top_frame (self);
  if (frame == NULL || frame->depth != depth)
    return;

  end_element (self, frame);
  self->n_frames--;
}

static void
text_cb (gpointer       user_data,
         const xmlChar *text,
         int            length)
{
  Parser *self = user_data;
  Frame *frame;

  if (self->stop)
    return;

  if (self->capture.root != NULL)
    {
      Capture *capture = &self->capture;

      /* libxml2's tree builder stops at 10 MB of text too. */
      if (capture->text_bytes <= MAX_TEXT_BYTES && capture->text_bytes + length > MAX_TEXT_BYTES)
        {
          g_autofree char *qname = qualified_name (capture->root->ns != NULL ?
                                                   capture->root->ns->prefix : NULL,
                                                   capture->root->name);

          error_at (self, capture->line, capture->column,
                    _("the text of <%s> is longer than %d bytes"), qname, MAX_TEXT_BYTES);
        }
      capture->text_bytes += length;
      if (capture->text_bytes <= MAX_TEXT_BYTES)
        capture_add (capture, xmlNewDocTextLen (capture->doc, text, length));
      return;
    }

  if (self->skip_depth >= 0)
    return;

  frame = top_frame (self);
  if (frame == NULL)
    return;

  if (frame->holds_text)
    {
      if (self->text->len + length > MAX_TEXT_BYTES)
        {
          if (!self->text_too_long)
            error_at (self, frame->line, frame->column,
                      _("the text of <%s> is longer than %d bytes"),
                      annals_native_element_name (frame->kind), MAX_TEXT_BYTES);
          self->text_too_long = TRUE;
          return;
        }
      if (self->text->len + length >= self->text->allocated_len)
        g_string_append_len (self->text, (const char *) text, length);
      else
        {
          memcpy (self->text->str + self->text->len, text, length);
          self->text->len += length;
          self->text->str[self->text->len] = '\0';
        }
      return;
    }

  /* Indentation, mostly. */
  if (self->loose->len == 0 && is_blank (text, length))
    return;
  if (!frame->reported_text && self->loose->len < MAX_TEXT_BYTES)
    g_string_append_len (self->loose, (const char *) text, length);
}

static void
comment_cb (gpointer       user_data,
            const xmlChar *text)
{
  Parser *self = user_data;

  if (self->capture.root != NULL)
    capture_add (&self->capture, xmlNewDocComment (self->capture.doc, text));
  else
    flush_loose_text (self);
}

static void
processing_instruction_cb (gpointer       user_data,
                           const xmlChar *target,
                           const xmlChar *data)
{
  Parser *self = user_data;

  if (self->capture.root != NULL)
    capture_add (&self->capture, xmlNewDocPI (self->capture.doc, target, data));
  else
    flush_loose_text (self);
}

static const AnnalsXmlHandler handler = {
  .start_element = start_element_cb,
  .end_element = end_element_cb,
  .text = text_cb,
  .comment = comment_cb,
  .processing_instruction = processing_instruction_cb,
};

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
  Parser *self = user_data;
  const AnnalsEvent *event = &timeline->events[duplicate];
  g_autofree char *quoted = quote (event->id);

  error_at (self, event->line, event_column_at_line (self, event->line),
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
  memset (self, 0, sizeof *self);
  self->xml = xml;
  self->diagnostics = diagnostics;
  self->options = options;
  self->timeline = annals_timeline_new ();
  self->max_events = (options != NULL && options->max_events > 0) ? options->max_events
                                                                   : ANNALS_DEFAULT_MAX_EVENTS;
  self->skip_depth = -1;
  self->text = g_string_sized_new (256);
  self->loose = g_string_new (NULL);
  self->scratch = g_string_sized_new (256);
  self->cites = g_array_new (FALSE, TRUE, sizeof (CiteItem));
  self->refs = g_array_new (FALSE, FALSE, sizeof (PendingRef));
  self->event_positions = g_array_new (FALSE, FALSE, sizeof (Position));
  self->warned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->event.places = g_ptr_array_new ();
  self->event.actors = g_ptr_array_new ();
  self->event.tags = g_ptr_array_new ();
  self->event.extensions = g_ptr_array_new ();
  self->event.links = g_array_new (FALSE, TRUE, sizeof (AnnalsLink));
  self->event.quantities = g_array_new (FALSE, TRUE, sizeof (AnnalsQuantity));
  self->event.start.text = g_string_new (NULL);
  self->event.end.text = g_string_new (NULL);
  event_builder_reset (&self->event);
}

static void
parser_clear (Parser *self)
{
  event_builder_reset (&self->event);
  g_string_free (self->event.start.text, TRUE);
  g_string_free (self->event.end.text, TRUE);
  g_ptr_array_unref (self->event.places);
  g_ptr_array_unref (self->event.actors);
  g_ptr_array_unref (self->event.tags);
  g_ptr_array_unref (self->event.extensions);
  g_array_unref (self->event.links);
  g_array_unref (self->event.quantities);

  if (self->capture.root != NULL)
    xmlFreeNode (self->capture.root);
  g_clear_pointer (&self->capture.doc, xmlFreeDoc);

  g_free (self->frames);
  g_string_free (self->text, TRUE);
  g_string_free (self->loose, TRUE);
  g_string_free (self->scratch, TRUE);
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
  gboolean read_whole;
  gboolean complete;

  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (diagnostics != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (annals_xml_reader_failed (reader, error))
    return NULL;

  parser_init (self, reader, options, diagnostics);

  read_whole = annals_xml_reader_parse (reader, &handler, self);

  if (annals_xml_reader_failed (reader, error))
    goto out;

  if (self->limit_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->limit_error));
      goto out;
    }

  complete = !self->stop && !annals_xml_reader_is_malformed (reader);
  if (complete)
    resolve_pending_references (self);

  annals_timeline_finish (self->timeline);

  if (complete)
    annals_timeline_foreach_duplicate_event (self->timeline, duplicate_event_cb, self);

  if (annals_diagnostics_count (diagnostics, ANNALS_SEVERITY_ERROR) > 0 ||
      (!read_whole && !self->stop))
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
