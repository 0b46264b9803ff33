/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-xml-reader.h"

#include <string.h>

#include <glib/gi18n-lib.h>

/* Every XML file Annals reads comes through here, so this is where reading is
 * made safe. libxml2 gets the bytes through a read callback that never asks for
 * anything but the stream in hand: no network (XML_PARSE_NONET), no DTD loaded,
 * no entity substituted, libxml2's own limits on depth and sizes kept (no
 * XML_PARSE_HUGE). A DOCTYPE is refused before libxml2 sees it: timelines need
 * no DTD, and without one no entity can be declared, so entity expansion
 * ("billion laughs") and external entities (file:///etc/passwd) cannot happen
 * at all instead of being limited.
 *
 * The same callback scans the bytes for start tags, because libxml2 nodes carry
 * a line but no column, and the line of a node is where its start tag ends, not
 * where it begins. The scan is a small state machine (text, tags, quoted
 * attribute values, comments, CDATA, processing instructions): with no DTD, the
 * n-th start tag it sees is the n-th element libxml2 reports. */

#define POSITION_RING_SIZE 8192
/* Open elements remembered for the message about a truncated file; libxml2
 * stops at 256 levels anyway. */
#define OPEN_STACK_SIZE    300
#define OPEN_NAME_MAX      64
#define DECLARATION_MAX    256
#define PROGRESS_STEP      0.01

typedef enum
{
  SCAN_UTF8,                           /* columns count characters, not bytes */
  SCAN_BYTES,                          /* a declared single-byte encoding */
  SCAN_UTF16LE,
  SCAN_UTF16BE,
  SCAN_OFF,                            /* UCS-4, EBCDIC: no columns */
} ScanEncoding;

typedef enum
{
  SCAN_TEXT,
  SCAN_LT,                             /* after "<" */
  SCAN_START_TAG,
  SCAN_START_TAG_DQ,                   /* inside "…" */
  SCAN_START_TAG_SQ,                   /* inside '…' */
  SCAN_END_TAG,
  SCAN_BANG,                           /* after "<!" */
  SCAN_BANG_DASH,                      /* after "<!-" */
  SCAN_COMMENT,
  SCAN_CDATA,
  SCAN_PI,
  SCAN_DONE,                           /* stopped at a DOCTYPE */
} ScanState;

typedef struct
{
  guint32 line;
  guint32 column;
} Position;

typedef struct
{
  char    name[OPEN_NAME_MAX];
  guint32 line;
} OpenElement;

struct _AnnalsXmlReader
{
  xmlTextReaderPtr    reader;
  GInputStream       *stream;
  GCancellable       *cancellable;
  AnnalsDiagnostics  *diagnostics;     /* borrowed */
  char               *name;

  goffset             total_bytes;
  goffset             max_bytes;
  goffset             bytes_read;
  AnnalsProgressFunc  progress;
  gpointer            progress_data;
  double              last_progress;

  GError             *error;           /* I/O, cancelled, too large */
  gboolean            input_stopped;   /* nothing more goes to libxml2 */
  gboolean            malformed;

  /* The scanner. */
  ScanEncoding        encoding;
  gboolean            started;
  int                 odd_byte;        /* first half of a UTF-16 unit, or -1 */
  ScanState           state;
  guint               run;             /* "-" or "]" or "?" just seen */
  gboolean            in_declaration;
  gboolean            seen_markup;
  GString            *declaration;
  guint32             line;
  guint32             column;
  Position            lt;              /* where the current markup began */
  Position           *ring;            /* start tags not yet read */
  guint64             n_scanned;
  guint64             n_read;
  OpenElement        *open;            /* elements not closed yet */
  guint               n_open;          /* may exceed OPEN_STACK_SIZE */
  guint               name_length;     /* of the tag being scanned */
  gboolean            in_name;
  guint32             previous;        /* the unit before, in a tag */
  gboolean            at_eof;
};

static gsize xml_initialised = 0;

static void
ensure_libxml (void)
{
  if (g_once_init_enter (&xml_initialised))
    {
      /* Not thread-safe the first time, so done once before any reader. */
      xmlInitParser ();
      g_once_init_leave (&xml_initialised, 1);
    }
}

/* Positions, packed into the node's _private (unused by libxml2's reader; nodes
 * it recycles are zeroed). */

static gpointer
pack_position (guint32 line,
               guint32 column)
{
#if GLIB_SIZEOF_VOID_P >= 8
  return GSIZE_TO_POINTER (((gsize) line << 32) | column);
#else
  if (line >= (1u << 20))
    return NULL;
  return GSIZE_TO_POINTER (((gsize) line << 12) | MIN (column, 4095u));
#endif
}

static gboolean
unpack_position (gpointer  packed,
                 guint    *line,
                 guint    *column)
{
  gsize value = GPOINTER_TO_SIZE (packed);

  if (value == 0)
    return FALSE;

#if GLIB_SIZEOF_VOID_P >= 8
  *line = (guint) (value >> 32);
  *column = (guint) (value & 0xffffffffu);
#else
  *line = (guint) (value >> 12);
  *column = (guint) (value & 4095u);
#endif

  return TRUE;
}

static gpointer
position_of_ordinal (AnnalsXmlReader *self,
                     guint64          ordinal)
{
  Position *position;

  if (ordinal >= self->n_scanned || self->n_scanned - ordinal > POSITION_RING_SIZE)
    return NULL;

  position = &self->ring[ordinal % POSITION_RING_SIZE];

  return pack_position (position->line, position->column);
}

/* The scanner */

static void
check_declared_encoding (AnnalsXmlReader *self)
{
  const char *p = strstr (self->declaration->str, "encoding");
  g_autofree char *name = NULL;
  char quote;
  const char *end;

  if (p == NULL || self->encoding != SCAN_UTF8)
    return;

  p += strlen ("encoding");
  while (g_ascii_isspace (*p))
    p++;
  if (*p != '=')
    return;
  p++;
  while (g_ascii_isspace (*p))
    p++;
  quote = *p;
  if (quote != '"' && quote != '\'')
    return;
  end = strchr (p + 1, quote);
  if (end == NULL)
    return;

  name = g_ascii_strdown (p + 1, end - p - 1);
  if (strcmp (name, "utf-8") != 0 && strcmp (name, "utf8") != 0 &&
      strcmp (name, "us-ascii") != 0 && strcmp (name, "ascii") != 0)
    {
      /* Most other encodings of XML files are one byte per character; for the
       * rest only columns come out wrong, never lines. */
      self->encoding = SCAN_BYTES;
    }
}

static gboolean
counts_as_character (AnnalsXmlReader *self,
                     guint32          unit)
{
  switch (self->encoding)
    {
    case SCAN_UTF8:
      return (unit & 0xc0) != 0x80;
    case SCAN_UTF16LE:
    case SCAN_UTF16BE:
      return unit < 0xdc00 || unit > 0xdfff;
    case SCAN_BYTES:
    case SCAN_OFF:
    default:
      return TRUE;
    }
}

static gboolean
is_name_start (guint32 unit)
{
  return g_ascii_isalpha (unit) || unit == '_' || unit == ':' || unit >= 0x80;
}

/* Returns FALSE at a DOCTYPE (or any other declaration), where reading stops. */
static gboolean
scan_unit (AnnalsXmlReader *self,
           guint32          unit)
{
  guint32 line = self->line;
  guint32 column = self->column;

  if (unit == '\n')
    {
      self->line++;
      self->column = 1;
    }
  else if (counts_as_character (self, unit))
    self->column++;

  switch (self->state)
    {
    case SCAN_TEXT:
      if (unit == '<')
        {
          self->state = SCAN_LT;
          self->lt.line = line;
          self->lt.column = column;
        }
      break;

    case SCAN_LT:
      if (unit == '/')
        self->state = SCAN_END_TAG;
      else if (unit == '!')
        self->state = SCAN_BANG;
      else if (unit == '?')
        {
          self->state = SCAN_PI;
          self->run = 0;
          /* Only the XML declaration, which must come first, can name an
           * encoding. */
          self->in_declaration = !self->seen_markup;
        }
      else if (is_name_start (unit))
        {
          self->ring[self->n_scanned % POSITION_RING_SIZE] = self->lt;
          self->n_scanned++;
          self->state = SCAN_START_TAG;
          if (self->n_open < OPEN_STACK_SIZE)
            {
              OpenElement *open = &self->open[self->n_open];

              open->line = self->lt.line;
              open->name[0] = unit < 0x80 ? (char) unit : '?';
              open->name[1] = '\0';
            }
          self->n_open++;
          self->name_length = 1;
          self->in_name = TRUE;
        }
      else
        self->state = SCAN_TEXT;
      self->seen_markup = TRUE;
      break;

    case SCAN_START_TAG:
      if (self->in_name)
        {
          if (unit == ' ' || unit == '\t' || unit == '\n' || unit == '\r' || unit == '/' ||
              unit == '>')
            self->in_name = FALSE;
          else if (self->n_open <= OPEN_STACK_SIZE && self->name_length < OPEN_NAME_MAX - 1 &&
                   counts_as_character (self, unit))
            {
              OpenElement *open = &self->open[self->n_open - 1];

              open->name[self->name_length++] = unit < 0x80 ? (char) unit : '?';
              open->name[self->name_length] = '\0';
            }
        }
      if (unit == '"')
        self->state = SCAN_START_TAG_DQ;
      else if (unit == '\'')
        self->state = SCAN_START_TAG_SQ;
      else if (unit == '>')
        {
          /* <empty/> closes itself. */
          if (self->previous == '/' && self->n_open > 0)
            self->n_open--;
          self->state = SCAN_TEXT;
        }
      break;

    case SCAN_START_TAG_DQ:
      if (unit == '"')
        self->state = SCAN_START_TAG;
      break;

    case SCAN_START_TAG_SQ:
      if (unit == '\'')
        self->state = SCAN_START_TAG;
      break;

    case SCAN_END_TAG:
      if (unit == '>')
        {
          if (self->n_open > 0)
            self->n_open--;
          self->state = SCAN_TEXT;
        }
      break;

    case SCAN_BANG:
      if (unit == '-')
        self->state = SCAN_BANG_DASH;
      else if (unit == '[')
        {
          self->state = SCAN_CDATA;
          self->run = 0;
        }
      else
        {
          self->state = SCAN_DONE;
          return FALSE;
        }
      break;

    case SCAN_BANG_DASH:
      if (unit == '-')
        {
          self->state = SCAN_COMMENT;
          self->run = 0;
        }
      else
        self->state = SCAN_TEXT;
      break;

    case SCAN_COMMENT:
      if (unit == '>' && self->run >= 2)
        self->state = SCAN_TEXT;
      self->run = (unit == '-') ? self->run + 1 : 0;
      break;

    case SCAN_CDATA:
      if (unit == '>' && self->run >= 2)
        self->state = SCAN_TEXT;
      self->run = (unit == ']') ? self->run + 1 : 0;
      break;

    case SCAN_PI:
      if (unit == '>' && self->run > 0)
        {
          self->state = SCAN_TEXT;
          if (self->in_declaration)
            check_declared_encoding (self);
          self->in_declaration = FALSE;
        }
      else if (self->in_declaration && self->declaration->len < DECLARATION_MAX && unit < 0x80)
        g_string_append_c (self->declaration, (char) unit);
      self->run = (unit == '?') ? 1 : 0;
      break;

    case SCAN_DONE:
    default:
      return FALSE;
    }

  self->previous = unit;

  return TRUE;
}

static void
detect_encoding (AnnalsXmlReader *self,
                 const guint8   **data,
                 gsize           *length)
{
  const guint8 *d = *data;
  gsize n = *length;

  self->started = TRUE;

  if (n >= 3 && d[0] == 0xef && d[1] == 0xbb && d[2] == 0xbf)
    {
      /* libxml2 skips the byte order mark without counting a column. */
      *data += 3;
      *length -= 3;
    }
  else if (n >= 4 && ((d[0] == 0 && d[1] == 0) || (d[2] == 0 && d[3] == 0)))
    self->encoding = SCAN_OFF;
  else if (n >= 4 && d[0] == 0x4c && d[1] == 0x6f && d[2] == 0xa7 && d[3] == 0x94)
    self->encoding = SCAN_OFF;
  else if (n >= 2 && d[0] == 0xff && d[1] == 0xfe)
    {
      self->encoding = SCAN_UTF16LE;
      *data += 2;
      *length -= 2;
    }
  else if (n >= 2 && d[0] == 0xfe && d[1] == 0xff)
    {
      self->encoding = SCAN_UTF16BE;
      *data += 2;
      *length -= 2;
    }
  else if (n >= 4 && d[0] == '<' && d[1] == 0 && d[2] == '?' && d[3] == 0)
    self->encoding = SCAN_UTF16LE;
  else if (n >= 4 && d[0] == 0 && d[1] == '<' && d[2] == 0 && d[3] == '?')
    self->encoding = SCAN_UTF16BE;
}

/* Scans @length bytes about to go to libxml2. Returns how many of them may go:
 * all of them, or those before a DOCTYPE. */
static gsize
scan (AnnalsXmlReader *self,
      const guint8    *data,
      gsize            length)
{
  const guint8 *start = data;
  const guint8 *end;
  const guint8 *p;
  const guint8 *cut;

  if (!self->started)
    detect_encoding (self, &data, &length);

  if (self->encoding == SCAN_OFF)
    return (data - start) + length;

  end = data + length;
  p = data;

  if (self->encoding == SCAN_UTF8 || self->encoding == SCAN_BYTES)
    {
      gboolean utf8 = (self->encoding == SCAN_UTF8);

      for (; p < end; p++)
        {
          guint8 c = *p;

          /* Most bytes are text or attribute values, where only a "<" or the
           * closing quote matters: count them here, without a call. */
          if (c != '\n' &&
              ((self->state == SCAN_TEXT && c != '<') ||
               (self->state == SCAN_START_TAG_DQ && c != '"') ||
               (self->state == SCAN_START_TAG_SQ && c != '\'')))
            {
              if (!utf8 || (c & 0xc0) != 0x80)
                self->column++;
              continue;
            }

          if (!scan_unit (self, c))
            {
              /* p is at the character after "<!": cut before the "<" when it
               * is in this chunk. */
              cut = (p - data >= 2) ? p - 2 : data;
              goto declaration;
            }
        }
    }
  else
    {
      gboolean little = (self->encoding == SCAN_UTF16LE);

      if (self->odd_byte >= 0 && p < end)
        {
          guint32 unit = little ? ((guint32) *p << 8) | (guint32) self->odd_byte
                                : ((guint32) self->odd_byte << 8) | *p;

          self->odd_byte = -1;
          p++;
          if (!scan_unit (self, unit))
            {
              cut = data;
              goto declaration;
            }
        }

      for (; p + 1 < end; p += 2)
        {
          guint32 unit = little ? ((guint32) p[1] << 8) | p[0] : ((guint32) p[0] << 8) | p[1];

          if (!scan_unit (self, unit))
            {
              cut = (p - data >= 4) ? p - 4 : data;
              goto declaration;
            }
        }

      if (p < end)
        self->odd_byte = *p;
    }

  return length + (data - start);

declaration:
  annals_diagnostics_add (self->diagnostics, ANNALS_SEVERITY_ERROR,
                          self->lt.line, self->lt.column,
                          _("document type declarations (<!DOCTYPE …>) are not allowed in a "
                            "timeline file; remove it"));
  self->malformed = TRUE;
  self->input_stopped = TRUE;

  return cut - start;
}

/* Reading */

static void
report_progress (AnnalsXmlReader *self,
                 gboolean         done)
{
  double fraction;

  if (self->progress == NULL)
    return;

  if (done)
    fraction = 1.0;
  else if (self->total_bytes > 0)
    fraction = CLAMP ((double) self->bytes_read / (double) self->total_bytes, 0.0, 1.0);
  else
    return;

  if (fraction < self->last_progress + PROGRESS_STEP && !(done && self->last_progress < 1.0))
    return;

  self->last_progress = fraction;
  self->progress (fraction, self->progress_data);
}

static int
read_cb (void *context,
         char *buffer,
         int   length)
{
  AnnalsXmlReader *self = context;
  g_autoptr(GError) local_error = NULL;
  gssize n;
  gsize kept;

  if (self->error != NULL || self->input_stopped || length <= 0)
    return -1;

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_set_error (&self->error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_CANCELLED,
                   _("Loading %s was cancelled"), self->name);
      return -1;
    }

  n = g_input_stream_read (self->stream, buffer, length, self->cancellable, &local_error);
  if (n < 0)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_set_error (&self->error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_CANCELLED,
                     _("Loading %s was cancelled"), self->name);
      else
        g_set_error (&self->error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_IO,
                     _("Cannot read %s: %s"), self->name, local_error->message);
      return -1;
    }

  if (n == 0)
    {
      self->at_eof = TRUE;
      report_progress (self, TRUE);
      return 0;
    }

  self->bytes_read += n;
  if (self->bytes_read > self->max_bytes)
    {
      g_autofree char *limit = g_format_size (self->max_bytes);

      g_set_error (&self->error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_TOO_LARGE,
                   _("%s is larger than the limit of %s (%" G_GOFFSET_FORMAT " bytes)"),
                   self->name, limit, self->max_bytes);
      return -1;
    }

  report_progress (self, FALSE);

  kept = scan (self, (const guint8 *) buffer, (gsize) n);
  if (kept < (gsize) n && kept == 0)
    return -1;

  return (int) kept;
}

/* libxml2's messages, in the words of a data author where they are common. */

static char *
quote_for_message (const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  if (g_utf8_strlen (valid, -1) > 40)
    {
      g_autofree char *cut = g_utf8_substring (valid, 0, 40);

      return g_strconcat (cut, "…", NULL);
    }

  return g_steal_pointer (&valid);
}

/* Errors libxml2 raises when the input ends too soon. */
static gboolean
is_end_of_input_error (const xmlError *error)
{
  switch (error->code)
    {
    case XML_ERR_DOCUMENT_END:
    case XML_ERR_TAG_NOT_FINISHED:
    case XML_ERR_GT_REQUIRED:
    case XML_ERR_LTSLASH_REQUIRED:
    case XML_ERR_ELEMCONTENT_NOT_FINISHED:
    case XML_ERR_ATTRIBUTE_NOT_FINISHED:
    case XML_ERR_COMMENT_NOT_FINISHED:
    case XML_ERR_CDATA_NOT_FINISHED:
    case XML_ERR_PI_NOT_FINISHED:
      return TRUE;
    default:
      return FALSE;
    }
}

/* The push parser under xmlTextReader reports a file cut short as "Extra
 * content at the end of the document"; the scanner knows better. */
static char *
describe_truncation (AnnalsXmlReader *self)
{
  const OpenElement *open;

  if (!self->at_eof || self->n_open == 0)
    return NULL;

  if (self->state == SCAN_START_TAG || self->state == SCAN_START_TAG_DQ ||
      self->state == SCAN_START_TAG_SQ)
    {
      if (self->n_open > OPEN_STACK_SIZE)
        return g_strdup (_("the file ends inside a start tag; is it truncated?"));
      open = &self->open[self->n_open - 1];
      return g_strdup_printf (_("the file ends inside the start tag <%s>; is it truncated?"),
                              open->name);
    }

  if (self->n_open > OPEN_STACK_SIZE)
    return g_strdup (_("the file ends before all its elements are closed; is it truncated?"));

  open = &self->open[self->n_open - 1];
  return g_strdup_printf (_("the file ends before <%s> (opened on line %u) is closed; "
                            "is it truncated?"), open->name, open->line);
}

static char *
describe_error (AnnalsXmlReader *self,
                const xmlError  *error)
{
  g_autofree char *str1 = quote_for_message (error->str1);
  g_autofree char *str2 = quote_for_message (error->str2);
  g_autofree char *raw = NULL;
  const char *message = error->message != NULL ? error->message : "";

  if (strstr (message, "not proper UTF-8") != NULL)
    {
      const char *bytes = strstr (message, "Bytes:");
      g_autofree char *shown = NULL;

      if (bytes != NULL)
        shown = g_strstrip (g_strdup (bytes + strlen ("Bytes:")));
      if (shown != NULL && *shown != '\0')
        return g_strdup_printf (_("the text is not valid UTF-8 (bytes %s); save the file as "
                                  "UTF-8 or declare its encoding in the XML declaration"),
                                shown);
      return g_strdup (_("the text is not valid UTF-8; save the file as UTF-8 or declare its "
                         "encoding in the XML declaration"));
    }

  if (is_end_of_input_error (error))
    {
      char *truncated = describe_truncation (self);

      if (truncated != NULL)
        return truncated;
    }

  switch (error->code)
    {
    case XML_ERR_DOCUMENT_EMPTY:
      if (g_str_has_prefix (message, "Document is empty"))
        return g_strdup (_("the file is empty"));
      return g_strdup (_("the file does not start with an XML element (no \"<\" found)"));

    case XML_ERR_DOCUMENT_END:
      return g_strdup (_("there is more after the end of the root element; a file holds one "
                         "root element"));

    case XML_ERR_INVALID_ENCODING:
      return g_strdup (_("the text is not valid in the encoding of the file"));

    case XML_ERR_INVALID_CHAR:
      if (error->int1 > 0 && error->int1 < 0x110000)
        return g_strdup_printf (_("character U+%04X is not allowed in XML"),
                                (guint) error->int1);
      return g_strdup (_("this character is not allowed in XML (is the file binary?)"));

    case XML_ERR_TAG_NOT_FINISHED:
      if (error->str1 != NULL && error->int1 > 0)
        return g_strdup_printf (_("the file ends before <%s> (opened on line %d) is closed; "
                                  "is it truncated?"), str1, error->int1);
      return g_strdup (_("the file ends in the middle of an element; is it truncated?"));

    case XML_ERR_TAG_NAME_MISMATCH:
      return g_strdup_printf (_("</%s> does not close <%s> opened on line %d"),
                              str2, str1, error->int1);

    case XML_ERR_LT_IN_ATTRIBUTE:
      return g_strdup (_("\"<\" is not allowed in an attribute value; write &lt;"));

    case XML_ERR_ATTRIBUTE_NOT_STARTED:
    case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
      return g_strdup (_("an attribute value must be written in quotes, as in id=\"nmi\""));

    case XML_ERR_ATTRIBUTE_REDEFINED:
      return g_strdup_printf (_("attribute %s is given twice"), str1);

    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
      return g_strdup_printf (_("unknown entity &%s;: only &amp; &lt; &gt; &quot; &apos; and "
                                "character references such as &#233; can be used"), str1);

    case XML_ERR_NAME_REQUIRED:
    case XML_ERR_ENTITYREF_SEMICOL_MISSING:
      if (strstr (message, "EntityRef") != NULL)
        return g_strdup (_("a \"&\" must be written &amp;"));
      break;

    case XML_ERR_GT_REQUIRED:
      return g_strdup_printf (_("the start tag <%s> is not closed with \">\""), str1);

    case XML_ERR_LTSLASH_REQUIRED:
    case XML_ERR_ELEMCONTENT_NOT_FINISHED:
      return g_strdup (_("an end tag is missing or broken"));

    case XML_ERR_COMMENT_NOT_FINISHED:
      return g_strdup (_("a comment (<!--) is not closed with -->"));

    case XML_ERR_CDATA_NOT_FINISHED:
      return g_strdup (_("a CDATA section (<![CDATA[) is not closed with ]]>"));

    case XML_ERR_PI_NOT_FINISHED:
      return g_strdup (_("a processing instruction (<?) is not closed with ?>"));

    case XML_ERR_UNSUPPORTED_ENCODING:
      return g_strdup_printf (_("the encoding \"%s\" is not supported; save the file as UTF-8"),
                              str1);

    case XML_ERR_RESERVED_XML_NAME:
      return g_strdup (_("the XML declaration (<?xml …?>) is only allowed at the very start "
                         "of the file"));

    case XML_NS_ERR_UNDEFINED_NAMESPACE:
      return g_strdup_printf (_("the prefix %s on <%s> is not declared; add xmlns:%s=\"…\""),
                              str1, str2, str1);

    default:
      break;
    }

  if (strstr (message, "Excessive depth") != NULL)
    return g_strdup (_("elements are nested more than 256 levels deep"));

  if (strstr (message, "too long") != NULL || strstr (message, "Huge input lookup") != NULL)
    return g_strdup (_("a name, value or text is longer than the limit of 10000000 "
                       "characters"));

  /* Otherwise libxml2's words, on one line. */
  raw = g_strdup (message);
  g_strstrip (raw);
  g_strdelimit (raw, "\n", ' ');
  if (raw[0] == '\0')
    return g_strdup (_("the XML is not well-formed"));

  return g_steal_pointer (&raw);
}

static void
structured_error_cb (void        *data,
                     xmlErrorPtr  error)
{
  AnnalsXmlReader *self = data;
  g_autofree char *message = NULL;
  AnnalsSeverity severity;
  guint line;
  guint column;

  if (error == NULL || self->error != NULL || self->input_stopped)
    return;

  /* After the first fatal error libxml2 stops; what follows (the end of the
   * file reached with elements open, …) only repeats it. */
  if (self->malformed && error->level != XML_ERR_WARNING)
    return;

  severity = (error->level == XML_ERR_WARNING) ? ANNALS_SEVERITY_WARNING : ANNALS_SEVERITY_ERROR;
  message = describe_error (self, error);
  line = error->line > 0 ? (guint) error->line : 0;
  column = error->int2 > 0 ? (guint) error->int2 : 0;

  /* A comment, CDATA section or processing instruction still open at the end
   * of the file: libxml2 says so (or not) at the end; its start is more use. */
  if (self->at_eof && is_end_of_input_error (error) &&
      (self->state == SCAN_COMMENT || self->state == SCAN_CDATA || self->state == SCAN_PI))
    {
      g_free (message);
      if (self->state == SCAN_COMMENT)
        message = g_strdup (_("a comment (<!--) is not closed with -->"));
      else if (self->state == SCAN_CDATA)
        message = g_strdup (_("a CDATA section (<![CDATA[) is not closed with ]]>"));
      else
        message = g_strdup (_("a processing instruction (<?) is not closed with ?>"));
      line = self->lt.line;
      column = self->lt.column;
    }

  annals_diagnostics_add (self->diagnostics, severity, line, column, "%s", message);

  if (error->level == XML_ERR_FATAL)
    self->malformed = TRUE;
}

/* Public API */

/**
 * annals_xml_reader_new:
 * @stream: read from where it is; not closed
 * @total_bytes: the size of what @stream holds, for progress; 0 when unknown
 * @name: the file name used in messages
 * @options: (nullable): limits, cancellable and progress
 * @diagnostics: where libxml2's errors go
 *
 * Returns: (transfer full): a reader; when it cannot even start,
 *   annals_xml_reader_failed() says why and annals_xml_reader_get_reader()
 *   returns %NULL
 */
AnnalsXmlReader *
annals_xml_reader_new (GInputStream            *stream,
                       goffset                  total_bytes,
                       const char              *name,
                       const AnnalsLoadOptions *options,
                       AnnalsDiagnostics       *diagnostics)
{
  AnnalsXmlReader *self;
  int parse_options;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (diagnostics != NULL, NULL);

  ensure_libxml ();

  self = g_new0 (AnnalsXmlReader, 1);
  self->stream = g_object_ref (stream);
  self->diagnostics = diagnostics;
  self->name = g_strdup (name != NULL ? name : "(input)");
  self->total_bytes = MAX (total_bytes, 0);
  self->max_bytes = ANNALS_DEFAULT_MAX_BYTES;
  self->last_progress = -1.0;
  self->odd_byte = -1;
  self->state = SCAN_TEXT;
  self->line = 1;
  self->column = 1;
  self->declaration = g_string_new (NULL);
  self->ring = g_new (Position, POSITION_RING_SIZE);
  self->open = g_new (OpenElement, OPEN_STACK_SIZE);

  if (options != NULL)
    {
      if (options->max_bytes > 0)
        self->max_bytes = options->max_bytes;
      if (options->cancellable != NULL)
        self->cancellable = g_object_ref (options->cancellable);
      self->progress = options->progress;
      self->progress_data = options->progress_data;
    }

  /* Never XML_PARSE_NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE or HUGE.
   * NOCDATA: CDATA sections arrive as text, one path for both. BIG_LINES:
   * libxml2's fallback line numbers go past 65535. */
  parse_options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES;

  self->reader = xmlReaderForIO (read_cb, NULL, self, NULL, NULL, parse_options);
  if (self->reader == NULL)
    {
      if (self->error == NULL)
        g_set_error (&self->error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_IO,
                     _("Cannot read %s"), self->name);
      return self;
    }

  xmlTextReaderSetStructuredErrorHandler (self->reader, structured_error_cb, self);

  return self;
}

xmlTextReaderPtr
annals_xml_reader_get_reader (AnnalsXmlReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->reader;
}

gboolean
annals_xml_reader_failed (AnnalsXmlReader  *self,
                          GError          **error)
{
  g_return_val_if_fail (self != NULL, TRUE);

  if (self->error == NULL)
    return FALSE;

  if (error != NULL)
    g_propagate_error (error, g_error_copy (self->error));

  return TRUE;
}

gboolean
annals_xml_reader_is_malformed (AnnalsXmlReader *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->malformed;
}

int
annals_xml_reader_read (AnnalsXmlReader *self)
{
  int ret;

  g_return_val_if_fail (self != NULL, -1);

  if (self->reader == NULL)
    return -1;

  ret = xmlTextReaderRead (self->reader);

  if (ret == 1 && xmlTextReaderNodeType (self->reader) == XML_READER_TYPE_ELEMENT)
    {
      xmlNodePtr node = xmlTextReaderCurrentNode (self->reader);

      if (node != NULL)
        node->_private = position_of_ordinal (self, self->n_read);
      self->n_read++;
    }

  return ret;
}

void
annals_xml_reader_mark_subtree (AnnalsXmlReader *self,
                                xmlNodePtr       node)
{
  guint64 ordinal;
  xmlNodePtr cur;

  g_return_if_fail (self != NULL);

  if (node == NULL || node->type != XML_ELEMENT_NODE)
    return;

  /* @node is the element read last; its descendants come next, in document
   * order. */
  ordinal = self->n_read;
  cur = node->children;
  while (cur != NULL && cur != node)
    {
      if (cur->type == XML_ELEMENT_NODE)
        {
          cur->_private = position_of_ordinal (self, ordinal++);
          if (cur->children != NULL)
            {
              cur = cur->children;
              continue;
            }
        }

      while (cur != node && cur->next == NULL)
        cur = cur->parent;
      if (cur != node)
        cur = cur->next;
    }
}

void
annals_xml_reader_get_position (AnnalsXmlReader *self,
                                xmlNodePtr       node,
                                guint           *line,
                                guint           *column)
{
  xmlNodePtr cur;
  guint l = 0;
  guint c = 0;

  g_return_if_fail (self != NULL);

  for (cur = node; cur != NULL; cur = cur->parent)
    {
      if (cur->type == XML_ELEMENT_NODE)
        {
          if (unpack_position (cur->_private, &l, &c))
            break;
          if (l == 0)
            {
              long fallback = xmlGetLineNo (cur);

              l = fallback > 0 ? (guint) fallback : 0;
            }
          break;
        }
    }

  if (line != NULL)
    *line = l;
  if (column != NULL)
    *column = c;
}

void
annals_xml_reader_free (AnnalsXmlReader *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->reader, xmlFreeTextReader);
  g_clear_object (&self->stream);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  g_string_free (self->declaration, TRUE);
  g_free (self->ring);
  g_free (self->open);
  g_free (self->name);
  g_free (self);
}
