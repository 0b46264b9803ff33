/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-xml-reader.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libxml/parserInternals.h>

/* Every XML file Annals reads comes through here, so this is where reading is
 * made safe. libxml2 gets only the bytes of the stream in hand, handed over by
 * this code: no network (XML_PARSE_NONET), no DTD loaded, no entity
 * substituted, libxml2's own limits on depth and sizes kept (no
 * XML_PARSE_HUGE). A DOCTYPE is refused before libxml2 sees it: timelines need
 * no DTD, and without one no entity can be declared, so entity expansion
 * ("billion laughs") and external entities (file:///etc/passwd) cannot happen
 * at all instead of being limited.
 *
 * The bytes are scanned for start tags on their way, because libxml2 gives an
 * element a line but no column, and the line is where its start tag ends, not
 * where it begins. The scan is a small state machine (text, tags, quoted
 * attribute values, comments, CDATA, processing instructions): with no DTD, the
 * n-th start tag it sees is the n-th element libxml2 reports.
 *
 * Two ways through: the xmlTextReader, which builds a node per element (the
 * importers), and libxml2's SAX2 push parser, which builds nothing and can
 * share the work with two more threads (the native reader; see "The SAX
 * path" below). */

/* Start tags scanned but not yet handed out are kept until this many are
 * behind, then the array is compacted. */
#define POSITION_COMPACT   4096
/* Open elements remembered for the message about a truncated file; libxml2
 * stops at 256 levels anyway. */
#define OPEN_STACK_SIZE    300
#define OPEN_NAME_MAX      64
#define DECLARATION_MAX    256
/* libxml2 (before 2.12) compares each attribute of a start tag with all the
 * ones before it: a tag with 300 000 attributes takes minutes. No element of
 * any format read here needs more than a few dozen, so the scan stops a tag
 * with more before libxml2 has all of it. */
#define ATTRIBUTES_MAX     256
#define PROGRESS_STEP      0.01
/* The SAX path reads the stream in big blocks (few system calls) and hands
 * them to libxml2 in slices, small enough for progress and cancellation to
 * be felt and for libxml2's own buffer to stay in the cache: about a hundred
 * per file, within these bounds. (libxml2 itself does about 3% less work in
 * 4 KB slices, but the threads then switch four times as often, which costs
 * more than that on two cores.) */
#define READ_BLOCK         (1024 * 1024)
#define PUSH_SLICE_MIN     1024
#define PUSH_SLICE_MAX     (64 * 1024)
/* Never XML_PARSE_NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE or HUGE.
 * NOCDATA: CDATA sections arrive as text, one path for both. BIG_LINES:
 * libxml2's fallback line numbers go past 65535. */
#define PARSE_OPTIONS      (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES)

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
  Position *data;
  gsize     length;
  gsize     size;
} PositionArray;

typedef struct
{
  char    name[OPEN_NAME_MAX];
  guint32 line;
} OpenElement;

typedef struct _Batch Batch;
typedef struct _Block Block;

struct _AnnalsXmlReader
{
  xmlTextReaderPtr    reader;          /* created when first asked for */
  gboolean            reader_tried;
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

  /* The SAX path (see annals_xml_reader_parse()) */
  xmlParserCtxtPtr    push;
  const AnnalsXmlHandler *handler;
  gpointer            handler_data;
  gint                stop_requested;  /* atomic: set by a handler */
  gboolean            stopped;         /* seen by the parsing side */
  goffset             bytes_parsed;    /* handed to libxml2, for progress */
  guint               depth;           /* elements open */
  Batch              *batch;           /* records being written */
  Batch              *idle_batch;      /* alone: the batch between uses */
  gboolean            threaded;
  gboolean            threads_forbidden;
  gboolean            threads_forced;
  GAsyncQueue        *free_batches;
  GAsyncQueue        *full_batches;
  GAsyncQueue        *free_blocks;
  GAsyncQueue        *full_blocks;
  GThread            *handler_thread;
  GThread            *read_thread;
  gint                read_cancel;     /* atomic: the reading thread stops */

  /* The scanner. With threads, these (and bytes_read) are the reading
   * thread's until it has handed over the last block; the parsing side looks
   * at them only at the end of the input (for the messages about it). */
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
  gboolean            cut;             /* stopped at a declaration, at cut_at */
  gboolean            cut_attributes;  /* ...or at too many attributes */
  Position            cut_at;
  guint               n_attributes;    /* values in the start tag being scanned */
  PositionArray      *scan_out;        /* where start tags go */
  PositionArray       positions;       /* start tags from ordinal positions_first on */
  guint64             positions_first;
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

static void
position_array_add (PositionArray *array,
                    Position       position)
{
  if (array->length == array->size)
    {
      array->size = MAX (array->size * 2, 1024);
      array->data = g_renew (Position, array->data, array->size);
    }

  array->data[array->length++] = position;
}

static void
position_array_append (PositionArray  *array,
                       const Position *positions,
                       gsize           n)
{
  if (array->length + n > array->size)
    {
      array->size = MAX (MAX (array->size * 2, array->length + n), 1024);
      array->data = g_renew (Position, array->data, array->size);
    }

  if (n > 0)
    memcpy (array->data + array->length, positions, n * sizeof (Position));
  array->length += n;
}

/* Drops the positions handed out already, when that frees enough: the array
 * then holds about one block of start tags. */
static void
compact_positions (AnnalsXmlReader *self)
{
  guint64 done = self->n_read - self->positions_first;

  if (done < POSITION_COMPACT || done * 2 < self->positions.length ||
      done > self->positions.length)
    return;

  memmove (self->positions.data, self->positions.data + done,
           (self->positions.length - done) * sizeof (Position));
  self->positions.length -= done;
  self->positions_first += done;
}

static const Position *
find_position (AnnalsXmlReader *self,
               guint64          ordinal)
{
  if (ordinal < self->positions_first ||
      ordinal - self->positions_first >= self->positions.length)
    return NULL;

  return &self->positions.data[ordinal - self->positions_first];
}

static gpointer
position_of_ordinal (AnnalsXmlReader *self,
                     guint64          ordinal)
{
  const Position *position = find_position (self, ordinal);

  if (position == NULL)
    return NULL;

  return pack_position (position->line, position->column);
}

static void
push_position (AnnalsXmlReader *self,
               Position         position)
{
  position_array_add (self->scan_out, position);
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
          push_position (self, self->lt);
          self->state = SCAN_START_TAG;
          self->n_attributes = 0;
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
      if ((unit == '"' || unit == '\'') && ++self->n_attributes > ATTRIBUTES_MAX)
        {
          self->cut_attributes = TRUE;
          self->state = SCAN_DONE;
          return FALSE;
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

/* The number of characters in [@p, @end): UTF-8 continuation bytes do not
 * count. Eight bytes at a time: a continuation byte has its top bit set and
 * the next one clear. */
static gsize
count_characters (const guint8 *p,
                  const guint8 *end,
                  gboolean      utf8)
{
  const guint64 high = G_GUINT64_CONSTANT (0x8080808080808080);
  gsize continuation = 0;
  gsize n = end - p;

  if (!utf8)
    return n;

  for (; end - p >= 8; p += 8)
    {
      guint64 word;

      memcpy (&word, p, sizeof word);
      word = word & ~(word << 1) & high;
      /* One per continuation byte, summed into the top byte. */
      continuation += ((word >> 7) * G_GUINT64_CONSTANT (0x0101010101010101)) >> 56;
    }
  for (; p < end; p++)
    continuation += (*p & 0xc0) == 0x80;

  return n - continuation;
}

/* Where the scan is in lines and columns. Columns are counted only when one
 * is needed (at the "<" of a start tag, a comment…), from the last place one
 * was known; newlines are searched for once each, ahead of the scan. */
typedef struct
{
  guint32       line;
  const guint8 *from;                  /* its column is base */
  guint32       base;
  gboolean      utf8;
  const guint8 *newline;               /* the next one in the chunk, or NULL */
  const guint8 *end;                   /* of the chunk */
} Cursor;

static inline guint32
cursor_column (Cursor       *cursor,
               const guint8 *at)
{
  cursor->base += count_characters (cursor->from, at, cursor->utf8);
  cursor->from = at;

  return cursor->base;
}

/* Counts the lines that end before @to. */
static inline void
cursor_skip (Cursor       *cursor,
             const guint8 *to)
{
  while (cursor->newline != NULL && cursor->newline < to)
    {
      cursor->line++;
      cursor->from = cursor->newline + 1;
      cursor->base = 1;
      cursor->newline = memchr (cursor->from, '\n', cursor->end - cursor->from);
    }
}

/* scan_unit() for UTF-8 and one-byte encodings, with the common states done in
 * bulk: text, attribute values and end tags are searched with memchr() for the
 * one byte that ends them, start tags for the few that matter there. The
 * rarer states (comments, CDATA, processing instructions, declarations) go
 * through scan_unit(). The results are the same. Returns FALSE at a
 * declaration, with *stop at the byte after "<!". */
static gboolean
scan_bytes (AnnalsXmlReader  *self,
            const guint8     *p,
            const guint8     *end,
            const guint8    **stop)
{
  /* The bytes that matter inside a start tag, outside quotes; those that end
   * its name (a quote too, see scan_unit()). */
  static const guint8 in_tag[256] = { ['"'] = 1, ['\''] = 1, ['>'] = 1 };
  static const guint8 ends_name[256] = {
    [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['/'] = 1, ['>'] = 1, ['"'] = 2, ['\''] = 2
  };
  const guint8 *start = p;
  /* The "<" seen last, when its column is still to be counted. */
  const guint8 *lt = NULL;
  Cursor cursor = {
    self->line, p, self->column, self->encoding == SCAN_UTF8, memchr (p, '\n', end - p), end
  };
  gboolean ok = TRUE;

  while (p < end)
    {
      const guint8 *q;
      guint8 c;

      switch (self->state)
        {
        case SCAN_TEXT:
          q = memchr (p, '<', end - p);
          if (q == NULL)
            {
              p = end;
              break;
            }
          cursor_skip (&cursor, q);
          self->lt.line = cursor.line;
          lt = q;
          self->state = SCAN_LT;
          p = q + 1;
          break;

        case SCAN_LT:
          {
            gboolean first_markup = !self->seen_markup;

            c = *p;
            /* End tags need no column; the rest do. */
            if (c != '/' && lt != NULL)
              self->lt.column = cursor_column (&cursor, lt);
            lt = NULL;
            self->seen_markup = TRUE;
            if (c == '/')
              self->state = SCAN_END_TAG;
            else if (c == '!')
              self->state = SCAN_BANG;
            else if (c == '?')
              {
                self->state = SCAN_PI;
                self->run = 0;
                /* Only the XML declaration, which must come first, can name an
                 * encoding. */
                self->in_declaration = first_markup;
              }
            else if (is_name_start (c))
              {
                push_position (self, self->lt);
                self->state = SCAN_START_TAG;
                self->n_attributes = 0;
                if (self->n_open < OPEN_STACK_SIZE)
                  {
                    OpenElement *open = &self->open[self->n_open];

                    open->line = self->lt.line;
                    open->name[0] = c < 0x80 ? (char) c : '?';
                    open->name[1] = '\0';
                  }
                self->n_open++;
                self->name_length = 1;
                self->in_name = TRUE;
              }
            else
              {
                /* Not markup: text again. */
                self->state = SCAN_TEXT;
                cursor_skip (&cursor, p + 1);
              }
            p++;
          }
          break;

        case SCAN_START_TAG:
          if (self->in_name)
            {
              q = p;
              while (q < end && ends_name[*q] == 0)
                q++;

              /* The name as far as it goes here, non-ASCII characters as "?". */
              for (const guint8 *n = p; n < q + (q < end && ends_name[*q] == 2); n++)
                {
                  if (self->n_open <= OPEN_STACK_SIZE && self->name_length < OPEN_NAME_MAX - 1 &&
                      (!cursor.utf8 || (*n & 0xc0) != 0x80))
                    {
                      OpenElement *open = &self->open[self->n_open - 1];

                      open->name[self->name_length++] = *n < 0x80 ? (char) *n : '?';
                      open->name[self->name_length] = '\0';
                    }
                }

              if (q < end && ends_name[*q] == 1)
                self->in_name = FALSE;
              p = q;
            }

          while (p < end && !in_tag[*p])
            p++;
          if (p == end)
            break;

          c = *p;
          cursor_skip (&cursor, p);
          if ((c == '"' || c == '\'') && ++self->n_attributes > ATTRIBUTES_MAX)
            {
              self->cut_attributes = TRUE;
              self->state = SCAN_DONE;
              /* As at a declaration: what comes before goes to libxml2,
               * which waits for the end of the tag that never comes. */
              *stop = p;
              ok = FALSE;
              goto out;
            }
          if (c == '"' || c == '\'')
            self->state = (c == '"') ? SCAN_START_TAG_DQ : SCAN_START_TAG_SQ;
          else
            {
              guint8 before = (p > start) ? p[-1] : (guint8) self->previous;

              /* <empty/> closes itself. */
              if (before == '/' && self->n_open > 0)
                self->n_open--;
              self->state = SCAN_TEXT;
            }
          p++;
          break;

        case SCAN_START_TAG_DQ:
        case SCAN_START_TAG_SQ:
          q = memchr (p, self->state == SCAN_START_TAG_DQ ? '"' : '\'', end - p);
          if (q == NULL)
            {
              p = end;
              break;
            }
          self->state = SCAN_START_TAG;
          p = q + 1;
          break;

        case SCAN_END_TAG:
          q = memchr (p, '>', end - p);
          if (q == NULL)
            {
              p = end;
              break;
            }
          if (self->n_open > 0)
            self->n_open--;
          self->state = SCAN_TEXT;
          p = q + 1;
          break;

        default:
          cursor_skip (&cursor, p);
          self->line = cursor.line;
          self->column = cursor_column (&cursor, p);
          if (!scan_unit (self, *p))
            {
              *stop = p;
              ok = FALSE;
              goto out;
            }
          p++;
          cursor.line = self->line;
          cursor.from = p;
          cursor.base = self->column;
          if (cursor.newline != NULL && cursor.newline < p)
            cursor.newline = memchr (p, '\n', end - p);
          /* The XML declaration may have named a one-byte encoding. */
          cursor.utf8 = (self->encoding == SCAN_UTF8);
          break;
        }
    }

  /* A "<" at the very end: its column now, while its line is known. */
  if (lt != NULL)
    self->lt.column = cursor_column (&cursor, lt);
  cursor_skip (&cursor, end);
  self->line = cursor.line;
  self->column = cursor_column (&cursor, end);
  if (end > start)
    self->previous = end[-1];

out:
  return ok;
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
      const guint8 *stop = NULL;

      if (!scan_bytes (self, p, end, &stop))
        {
          /* stop is at the character after "<!": cut before the "<" when it
           * is in this chunk. */
          cut = (stop - data >= 2) ? stop - 2 : data;
          goto declaration;
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
  /* Said by whoever hands the bytes to libxml2, in order with its messages:
   * the scan may run on another thread. */
  self->cut = TRUE;
  self->cut_at = self->lt;

  return cut - start;
}

/* Reading */

static void
report_progress (AnnalsXmlReader *self,
                 goffset          bytes,
                 gboolean         done)
{
  double fraction;

  if (self->progress == NULL)
    return;

  if (done)
    fraction = 1.0;
  else if (self->total_bytes > 0)
    fraction = CLAMP ((double) bytes / (double) self->total_bytes, 0.0, 1.0);
  else
    return;

  if (fraction < self->last_progress + PROGRESS_STEP && !(done && self->last_progress < 1.0))
    return;

  self->last_progress = fraction;
  self->progress (fraction, self->progress_data);
}

static void record_diagnostic (AnnalsXmlReader *self,
                               AnnalsSeverity   severity,
                               guint            line,
                               guint            column,
                               const char      *message);

/* A problem with the data. Under annals_xml_reader_parse() it goes to the
 * diagnostics with the handler's calls, so that they stay in file order. */
static void
report (AnnalsXmlReader *self,
        AnnalsSeverity   severity,
        guint            line,
        guint            column,
        const char      *message)
{
  if (self->handler != NULL)
    record_diagnostic (self, severity, line, column, message);
  else
    annals_diagnostics_add (self->diagnostics, severity, line, column, "%s", message);
}

static void
report_declaration (AnnalsXmlReader *self,
                    Position         at,
                    gboolean         too_many_attributes)
{
  if (too_many_attributes)
    {
      g_autofree char *message = g_strdup_printf (_("this element has more than %u attributes, "
                                                    "more than any timeline needs"),
                                                  ATTRIBUTES_MAX);

      report (self, ANNALS_SEVERITY_ERROR, at.line, at.column, message);
    }
  else
    report (self, ANNALS_SEVERITY_ERROR, at.line, at.column,
            _("document type declarations (<!DOCTYPE …>) are not allowed in a timeline file; "
              "remove it"));
  self->malformed = TRUE;
  self->input_stopped = TRUE;
}

static gboolean
check_cancelled (AnnalsXmlReader  *self,
                 GError          **error)
{
  if (!g_cancellable_is_cancelled (self->cancellable))
    return FALSE;

  if (*error == NULL)
    g_set_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_CANCELLED,
                 _("Loading %s was cancelled"), self->name);

  return TRUE;
}

/* One read from the stream, with the checks every read needs. Returns the
 * number of bytes read, 0 at the end, or -1 with @error set. */
static gssize
read_stream (AnnalsXmlReader  *self,
             guint8           *buffer,
             gsize             length,
             GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  gssize n;

  if (check_cancelled (self, error))
    return -1;

  n = g_input_stream_read (self->stream, buffer, length, self->cancellable, &local_error);
  if (n < 0)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_set_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_CANCELLED,
                     _("Loading %s was cancelled"), self->name);
      else
        g_set_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_IO,
                     _("Cannot read %s: %s"), self->name, local_error->message);
      return -1;
    }

  self->bytes_read += n;
  if (self->bytes_read > self->max_bytes)
    {
      g_autofree char *limit = g_format_size (self->max_bytes);

      g_set_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_TOO_LARGE,
                   _("%s is larger than the limit of %s (%lld bytes)"),
                   self->name, limit, (long long) self->max_bytes);
      return -1;
    }

  return n;
}

static int
read_cb (void *context,
         char *buffer,
         int   length)
{
  AnnalsXmlReader *self = context;
  gssize n;
  gsize kept;

  if (self->error != NULL || self->input_stopped || length <= 0)
    return -1;

  n = read_stream (self, (guint8 *) buffer, (gsize) length, &self->error);
  if (n < 0)
    return -1;

  if (n == 0)
    {
      self->at_eof = TRUE;
      report_progress (self, self->bytes_read, TRUE);
      return 0;
    }

  report_progress (self, self->bytes_read, FALSE);

  kept = scan (self, (const guint8 *) buffer, (gsize) n);
  if (self->cut)
    report_declaration (self, self->cut_at, self->cut_attributes);
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

  report (self, severity, line, column, message);

  if (error->level == XML_ERR_FATAL)
    self->malformed = TRUE;
}

/* The SAX path
 *
 * libxml2's callbacks do not call the handler directly: they write records (an
 * element with its names, attributes and position; a piece of text; a message
 * for the diagnostics) into batches, which are then read back in order and
 * handed to the handler. For a big file this lets three threads share the
 * work: one reads and scans the bytes, the caller's parses them with libxml2,
 * one runs the handler (building the model). For a small file the caller does
 * it all, a batch at a time. Either way the handler sees the same calls in the
 * same order, and the diagnostics keep the order of the file. */

typedef enum
{
  RECORD_START,
  RECORD_END,
  RECORD_TEXT,
  RECORD_COMMENT,
  RECORD_PROCESSING_INSTRUCTION,
  RECORD_DIAGNOSTIC,
} RecordType;

/* Every record starts with this; sizes are multiples of 8. */
typedef struct
{
  guint32 type;
  guint32 size;
} Record;

/* Followed by the namespace pairs and the attribute groups of five (their
 * values point into the bytes after them), then the values. The names are
 * libxml2's, valid as long as its parser. */
typedef struct
{
  Record          record;
  guint32         line;
  guint32         column;
  gint32          n_namespaces;
  gint32          n_attributes;
  const xmlChar  *local_name;
  const xmlChar  *prefix;
  const xmlChar  *uri;
} StartRecord;

typedef struct
{
  Record          record;
  const xmlChar  *local_name;
  const xmlChar  *prefix;
  const xmlChar  *uri;
} EndRecord;

/* Text, a comment, or a processing instruction (target then data, both
 * nul-terminated). */
typedef struct
{
  Record  record;
  gint32  length;
  gint32  target_length;
} TextRecord;

typedef struct
{
  Record  record;
  guint32 severity;
  guint32 line;
  guint32 column;
  guint32 padding;
} DiagnosticRecord;

#define BATCH_SIZE      (256 * 1024)
/* Records handed to the handler's thread between slices, at least. */
#define BATCH_FLUSH     (64 * 1024)
#define N_BATCHES       8
#define N_BLOCKS        4
/* Below this the threads would cost more than they save. */
#define THREADED_BYTES  (8 * 1024 * 1024)

struct _Batch
{
  guint8   *data;
  gsize     used;
  gsize     size;
  gboolean  oversized;                 /* made for one big record, freed after use */
};

struct _Block
{
  guint8        *data;
  gsize          length;
  gsize          kept;                 /* the bytes before a declaration */
  gboolean       at_end;
  gboolean       cut;                  /* at a declaration, at cut_at */
  gboolean       cut_attributes;       /* ...or at too many attributes */
  Position       cut_at;
  GError        *error;
  PositionArray  positions;            /* of the start tags it holds */
};

/* Marks the end of the batches. */
static Batch end_of_batches;

static gsize
align8 (gsize size)
{
  return (size + 7) & ~(gsize) 7;
}

static Batch *
batch_new (gsize    size,
           gboolean oversized)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->data = g_malloc (size);
  batch->size = size;
  batch->oversized = oversized;

  return batch;
}

static void
batch_free (Batch *batch)
{
  if (batch == NULL || batch == &end_of_batches)
    return;

  g_free (batch->data);
  g_free (batch);
}

static Block *
block_new (void)
{
  Block *block = g_new0 (Block, 1);

  block->data = g_malloc (READ_BLOCK);

  return block;
}

static void
block_free (Block *block)
{
  if (block == NULL)
    return;

  g_clear_error (&block->error);
  g_free (block->positions.data);
  g_free (block->data);
  g_free (block);
}

/* The handler's side: the calls a batch holds. */
static void
dispatch (AnnalsXmlReader *self,
          Batch           *batch)
{
  const AnnalsXmlHandler *handler = self->handler;
  gpointer data = self->handler_data;
  const guint8 *p = batch->data;
  const guint8 *end = batch->data + batch->used;

  while (p < end && !g_atomic_int_get (&self->stop_requested))
    {
      const Record *record = (const Record *) (gconstpointer) p;

      switch (record->type)
        {
        case RECORD_START:
          {
            const StartRecord *start = (const StartRecord *) (gconstpointer) p;
            const xmlChar **namespaces = (const xmlChar **) (gpointer) (p + sizeof *start);

            handler->start_element (data, start->local_name, start->prefix, start->uri,
                                    start->n_namespaces, namespaces, start->n_attributes,
                                    namespaces + 2 * start->n_namespaces,
                                    start->line, start->column);
          }
          break;

        case RECORD_END:
          {
            const EndRecord *end_record = (const EndRecord *) (gconstpointer) p;

            handler->end_element (data, end_record->local_name, end_record->prefix,
                                  end_record->uri);
          }
          break;

        case RECORD_TEXT:
          handler->text (data, p + sizeof (TextRecord),
                         ((const TextRecord *) (gconstpointer) p)->length);
          break;

        case RECORD_COMMENT:
          handler->comment (data, p + sizeof (TextRecord));
          break;

        case RECORD_PROCESSING_INSTRUCTION:
          {
            const TextRecord *text = (const TextRecord *) (gconstpointer) p;
            const xmlChar *target = p + sizeof *text;

            handler->processing_instruction (data, target, target + text->target_length + 1);
          }
          break;

        case RECORD_DIAGNOSTIC:
          {
            const DiagnosticRecord *diagnostic = (const DiagnosticRecord *) (gconstpointer) p;

            annals_diagnostics_add (self->diagnostics, diagnostic->severity, diagnostic->line,
                                    diagnostic->column, "%s",
                                    (const char *) p + sizeof *diagnostic);
          }
          break;

        default:
          g_assert_not_reached ();
        }

      p += record->size;
    }
}

/* Back to where batches are taken from, once read. */
static void
release_batch (AnnalsXmlReader *self,
               Batch           *batch)
{
  batch->used = 0;
  if (batch->oversized)
    batch_free (batch);
  else if (self->threaded)
    g_async_queue_push (self->free_batches, batch);
  else
    {
      batch_free (self->idle_batch);
      self->idle_batch = batch;
    }
}

/* A batch that can hold @size bytes of records. */
static Batch *
acquire_batch (AnnalsXmlReader *self,
               gsize            size)
{
  if (size > BATCH_SIZE)
    return batch_new (size, TRUE);
  if (self->threaded)
    return g_async_queue_pop (self->free_batches);
  if (self->idle_batch != NULL)
    return g_steal_pointer (&self->idle_batch);

  return batch_new (BATCH_SIZE, FALSE);
}

/* Hands the records written so far to the handler: to its thread, or to the
 * handler itself now. */
static void
flush_batch (AnnalsXmlReader *self)
{
  Batch *batch = g_steal_pointer (&self->batch);

  if (batch == NULL)
    return;

  if (self->threaded && batch->used > 0)
    g_async_queue_push (self->full_batches, batch);
  else
    {
      dispatch (self, batch);
      release_batch (self, batch);
    }
}

static void
make_room (AnnalsXmlReader *self,
           gsize            size)
{
  if (self->batch != NULL)
    flush_batch (self);
  self->batch = acquire_batch (self, size);
}

/* Room for a record of @size bytes (a multiple of 8). Called for every
 * element and piece of text: the common case inline. */
static inline guint8 *
reserve_record (AnnalsXmlReader *self,
                RecordType       type,
                gsize            size)
{
  Record *record;

  if (G_UNLIKELY (self->batch == NULL || self->batch->used + size > self->batch->size))
    make_room (self, size);

  record = (Record *) (gpointer) (self->batch->data + self->batch->used);
  record->type = type;
  record->size = (guint32) size;
  self->batch->used += size;

  return (guint8 *) record;
}

static void
record_diagnostic (AnnalsXmlReader *self,
                   AnnalsSeverity   severity,
                   guint            line,
                   guint            column,
                   const char      *message)
{
  gsize length = strlen (message);
  DiagnosticRecord *record;

  record = (DiagnosticRecord *) (gpointer) reserve_record (self, RECORD_DIAGNOSTIC,
                                                           align8 (sizeof *record + length + 1));
  record->severity = severity;
  record->line = line;
  record->column = column;
  memcpy ((guint8 *) record + sizeof *record, message, length + 1);
}

static void
record_text (AnnalsXmlReader *self,
             RecordType       type,
             const xmlChar   *text,
             int              length,
             const xmlChar   *text2)
{
  gsize length2 = text2 != NULL ? strlen ((const char *) text2) : 0;
  gsize size = sizeof (TextRecord) + length + 1 + (text2 != NULL ? length2 + 1 : 0);
  TextRecord *record;
  guint8 *bytes;

  record = (TextRecord *) (gpointer) reserve_record (self, type, align8 (size));
  bytes = (guint8 *) record + sizeof *record;
  memcpy (bytes, text, length);
  bytes[length] = '\0';
  record->length = length;
  record->target_length = length;
  if (text2 != NULL)
    memcpy (bytes + length + 1, text2, length2 + 1);
}

/* libxml2 calls these on the parsing side. */

static gboolean
start_tag_complete (xmlParserInputPtr input)
{
  const xmlChar *cur = input != NULL ? input->cur : NULL;

  /* libxml2's buffer always ends with a nul. */
  return cur != NULL && (cur[0] == '>' || (cur[0] == '/' && cur[1] == '>'));
}

static gboolean
sax_stopped (AnnalsXmlReader *self)
{
  return self->stopped || g_atomic_int_get (&self->stop_requested);
}

static void
sax_start_element_cb (void           *data,
                      const xmlChar  *local_name,
                      const xmlChar  *prefix,
                      const xmlChar  *uri,
                      int             n_namespaces,
                      const xmlChar **namespaces,
                      int             n_attributes,
                      int             n_defaulted,
                      const xmlChar **attributes)
{
  AnnalsXmlReader *self = data;
  const Position *position = find_position (self, self->n_read);
  gsize size = sizeof (StartRecord);
  StartRecord *record;
  const xmlChar **pointers;
  guint8 *values;
  guint line = 0;
  guint column = 0;

  /* libxml2 limits the depth where it builds a tree (as under the
   * xmlTextReader), not in its SAX parser: the same limit, the same words. */
  if (self->depth > xmlParserMaxDepth)
    {
      xmlParserInputPtr input = self->push->input;

      if (!self->malformed)
        report (self, ANNALS_SEVERITY_ERROR,
                input != NULL ? (guint) MAX (input->line, 0) : 0,
                input != NULL ? (guint) MAX (input->col, 0) : 0,
                _("elements are nested more than 256 levels deep"));
      self->malformed = TRUE;
      xmlStopParser (self->push);
      return;
    }
  self->depth++;

  if (position != NULL)
    {
      line = position->line;
      column = position->column;
    }
  else if (self->push->input != NULL && self->push->input->line > 0)
    {
      /* No scan (UCS-4, EBCDIC): where libxml2 is, the end of the start tag. */
      line = (guint) self->push->input->line;
    }
  self->n_read++;

  /* libxml2 reports a start tag cut short (by the end of the file, or by a
   * character that cannot be there) before it says it is wrong; the
   * xmlTextReader never hands it out, and neither does this. */
  if (!start_tag_complete (self->push->input) || self->malformed || sax_stopped (self))
    return;

  size += (2 * (gsize) n_namespaces + 5 * (gsize) n_attributes) * sizeof (xmlChar *);
  for (int i = 0; i < n_attributes; i++)
    size += attributes[5 * i + 4] - attributes[5 * i + 3];

  record = (StartRecord *) (gpointer) reserve_record (self, RECORD_START, align8 (size));
  record->line = line;
  record->column = column;
  record->n_namespaces = n_namespaces;
  record->n_attributes = n_attributes;
  record->local_name = local_name;
  record->prefix = prefix;
  record->uri = uri;

  pointers = (const xmlChar **) (gpointer) ((guint8 *) record + sizeof *record);
  if (n_namespaces > 0)
    memcpy (pointers, namespaces, 2 * (gsize) n_namespaces * sizeof (xmlChar *));
  pointers += 2 * n_namespaces;
  values = (guint8 *) (pointers + 5 * n_attributes);

  for (int i = 0; i < n_attributes; i++)
    {
      gsize length = attributes[5 * i + 4] - attributes[5 * i + 3];

      pointers[5 * i] = attributes[5 * i];
      pointers[5 * i + 1] = attributes[5 * i + 1];
      pointers[5 * i + 2] = attributes[5 * i + 2];
      memcpy (values, attributes[5 * i + 3], length);
      pointers[5 * i + 3] = values;
      pointers[5 * i + 4] = values + length;
      values += length;
    }
}

static void
sax_end_element_cb (void          *data,
                    const xmlChar *local_name,
                    const xmlChar *prefix,
                    const xmlChar *uri)
{
  AnnalsXmlReader *self = data;
  EndRecord *record;

  self->depth--;
  if (self->malformed || sax_stopped (self))
    return;

  record = (EndRecord *) (gpointer) reserve_record (self, RECORD_END, sizeof *record);
  record->local_name = local_name;
  record->prefix = prefix;
  record->uri = uri;
}

static void
sax_characters_cb (void          *data,
                   const xmlChar *text,
                   int            length)
{
  AnnalsXmlReader *self = data;

  if (!self->malformed && !sax_stopped (self))
    record_text (self, RECORD_TEXT, text, length, NULL);
}

static void
sax_comment_cb (void          *data,
                const xmlChar *text)
{
  AnnalsXmlReader *self = data;

  if (!self->malformed && !sax_stopped (self))
    record_text (self, RECORD_COMMENT, text, (int) strlen ((const char *) text), NULL);
}

static void
sax_processing_instruction_cb (void          *data,
                               const xmlChar *target,
                               const xmlChar *text)
{
  AnnalsXmlReader *self = data;

  if (!self->malformed && !sax_stopped (self))
    record_text (self, RECORD_PROCESSING_INSTRUCTION, target,
                 (int) strlen ((const char *) target), text != NULL ? text : BAD_CAST "");
}

static gboolean
push_halted (AnnalsXmlReader *self)
{
  return self->stopped || self->malformed || self->push->disableSAX ||
         self->push->instate == XML_PARSER_EOF;
}

/* The reading side: fills @block from the stream, scanning each read as it
 * comes (so that a trickling stream meets the scanner in small pieces). */
static void
fill_block (AnnalsXmlReader *self,
            Block           *block)
{
  block->length = 0;
  block->kept = 0;
  block->at_end = FALSE;
  block->cut = FALSE;
  block->positions.length = 0;
  self->scan_out = &block->positions;

  while (block->length < READ_BLOCK && !self->cut)
    {
      gssize n = read_stream (self, block->data + block->length, READ_BLOCK - block->length,
                              &block->error);

      if (n < 0)
        return;
      if (n == 0)
        {
          block->at_end = TRUE;
          break;
        }
      block->kept += scan (self, block->data + block->length, (gsize) n);
      block->length += (gsize) n;
    }

  if (self->cut)
    {
      block->cut = TRUE;
      block->cut_attributes = self->cut_attributes;
      block->cut_at = self->cut_at;
    }
}

static gpointer
read_thread_main (gpointer data)
{
  AnnalsXmlReader *self = data;

  for (;;)
    {
      Block *block = g_async_queue_pop (self->free_blocks);
      gboolean last;

      if (g_atomic_int_get (&self->read_cancel))
        {
          g_async_queue_push (self->free_blocks, block);
          break;
        }

      fill_block (self, block);
      last = block->at_end || block->cut || block->error != NULL;
      g_async_queue_push (self->full_blocks, block);
      if (last)
        break;
    }

  return NULL;
}

static gpointer
handler_thread_main (gpointer data)
{
  AnnalsXmlReader *self = data;

  for (;;)
    {
      Batch *batch = g_async_queue_pop (self->full_batches);

      if (batch == &end_of_batches)
        break;
      dispatch (self, batch);
      release_batch (self, batch);
    }

  return NULL;
}

/* Starts the reading and handling threads; FALSE (and none) when they
 * cannot be. */
static gboolean
start_threads (AnnalsXmlReader *self)
{
  self->free_blocks = g_async_queue_new_full ((GDestroyNotify) block_free);
  self->full_blocks = g_async_queue_new_full ((GDestroyNotify) block_free);
  self->free_batches = g_async_queue_new_full ((GDestroyNotify) batch_free);
  self->full_batches = g_async_queue_new_full ((GDestroyNotify) batch_free);

  for (guint i = 0; i < N_BLOCKS; i++)
    g_async_queue_push (self->free_blocks, block_new ());
  for (guint i = 0; i < N_BATCHES; i++)
    g_async_queue_push (self->free_batches, batch_new (BATCH_SIZE, FALSE));

  self->threaded = TRUE;
  self->read_thread = g_thread_try_new ("annals-read", read_thread_main, self, NULL);
  self->handler_thread = g_thread_try_new ("annals-model", handler_thread_main, self, NULL);

  return self->read_thread != NULL && self->handler_thread != NULL;
}

/* Waits for the threads, whatever state the parsing is in. */
static void
stop_threads (AnnalsXmlReader *self)
{
  if (self->read_thread != NULL)
    {
      /* A block back, so that a reader waiting for one sees the request. */
      g_atomic_int_set (&self->read_cancel, 1);
      g_async_queue_push (self->free_blocks, block_new ());
      g_thread_join (g_steal_pointer (&self->read_thread));
    }

  if (self->handler_thread != NULL)
    {
      g_async_queue_push (self->full_batches, &end_of_batches);
      g_thread_join (g_steal_pointer (&self->handler_thread));
    }

  g_clear_pointer (&self->free_blocks, g_async_queue_unref);
  g_clear_pointer (&self->full_blocks, g_async_queue_unref);
  g_clear_pointer (&self->free_batches, g_async_queue_unref);
  g_clear_pointer (&self->full_batches, g_async_queue_unref);
  self->threaded = FALSE;
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
  self->open = g_new (OpenElement, OPEN_STACK_SIZE);
  self->scan_out = &self->positions;

  if (options != NULL)
    {
      if (options->max_bytes > 0)
        self->max_bytes = options->max_bytes;
      if (options->cancellable != NULL)
        self->cancellable = g_object_ref (options->cancellable);
      self->progress = options->progress;
      self->progress_data = options->progress_data;
    }

  return self;
}

/**
 * annals_xml_reader_get_reader:
 *
 * Starts the xmlTextReader on first use; a reader used through
 * annals_xml_reader_parse() never has one.
 *
 * Returns: (transfer none) (nullable): the xmlTextReader, or %NULL when it
 *   cannot start (annals_xml_reader_failed() then says why)
 */
xmlTextReaderPtr
annals_xml_reader_get_reader (AnnalsXmlReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->reader_tried || self->push != NULL)
    return self->reader;
  self->reader_tried = TRUE;

  self->reader = xmlReaderForIO (read_cb, NULL, self, NULL, NULL, PARSE_OPTIONS);
  if (self->reader == NULL)
    {
      if (self->error == NULL)
        g_set_error (&self->error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_IO,
                     _("Cannot read %s"), self->name);
      return NULL;
    }

  xmlTextReaderSetStructuredErrorHandler (self->reader, structured_error_cb, self);

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

  if (annals_xml_reader_get_reader (self) == NULL)
    return -1;

  ret = xmlTextReaderRead (self->reader);

  if (ret == 1 && xmlTextReaderNodeType (self->reader) == XML_READER_TYPE_ELEMENT)
    {
      xmlNodePtr node = xmlTextReaderCurrentNode (self->reader);

      if (node != NULL)
        node->_private = position_of_ordinal (self, self->n_read);
      self->n_read++;
      compact_positions (self);
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
  g_clear_pointer (&self->push, xmlFreeParserCtxt);
  g_clear_object (&self->stream);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  g_string_free (self->declaration, TRUE);
  g_free (self->positions.data);
  g_free (self->open);
  g_free (self->name);
  g_free (self);
}

/**
 * annals_xml_reader_parse:
 * @handler: what to call for each element, text and, optionally, comment
 * @user_data: passed to @handler's functions
 *
 * The fast way through a file: libxml2's SAX2 push parser builds no node.
 * Not to be mixed with the xmlTextReader of the same reader.
 *
 * Returns: %TRUE when the whole document was read and is well-formed
 */
gboolean
annals_xml_reader_parse (AnnalsXmlReader        *self,
                         const AnnalsXmlHandler *handler,
                         gpointer                user_data)
{
  xmlSAXHandler sax;
  Block *alone = NULL;
  gsize slice = PUSH_SLICE_MAX;
  gboolean well_formed = FALSE;
  gboolean threaded;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (handler != NULL, FALSE);
  g_return_val_if_fail (!self->reader_tried && self->push == NULL, FALSE);

  self->reader_tried = TRUE;
  if (self->error != NULL)
    return FALSE;

  self->handler = handler;
  self->handler_data = user_data;

  memset (&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = sax_start_element_cb;
  sax.endElementNs = sax_end_element_cb;
  sax.characters = sax_characters_cb;
  /* The same function, so that libxml2 never asks whether white space is
   * ignorable, which needs a tree. */
  sax.ignorableWhitespace = sax_characters_cb;
  if (handler->comment != NULL)
    sax.comment = sax_comment_cb;
  if (handler->processing_instruction != NULL)
    sax.processingInstruction = sax_processing_instruction_cb;
  sax.serror = structured_error_cb;

  /* About a hundred slices for progress, in slices libxml2 takes in one go. */
  if (self->total_bytes > 0)
    slice = (gsize) CLAMP (self->total_bytes / 128, PUSH_SLICE_MIN, PUSH_SLICE_MAX);

  threaded = self->threads_forced ||
             (!self->threads_forbidden && g_get_num_processors () > 1 &&
              (self->total_bytes == 0 || self->total_bytes >= THREADED_BYTES));
  /* Alone after all when the threads cannot be had. */
  if (threaded && !start_threads (self))
    stop_threads (self);
  if (!self->threaded)
    {
      alone = block_new ();
      self->scan_out = &alone->positions;
    }

  for (;;)
    {
      Block *block;
      gsize offset = 0;
      gboolean at_end;

      if (self->threaded)
        block = g_async_queue_pop (self->full_blocks);
      else
        {
          block = alone;
          fill_block (self, block);
        }

      if (block->error != NULL)
        {
          g_propagate_error (&self->error, g_steal_pointer (&block->error));
          if (self->threaded)
            g_async_queue_push (self->free_blocks, block);
          goto out;
        }

      /* The start tags it holds, after those not handed out yet. */
      compact_positions (self);
      position_array_append (&self->positions, block->positions.data, block->positions.length);

      if (self->push == NULL)
        {
          /* As xmlReaderForIO(): the first bytes tell libxml2 the encoding. */
          int first = (int) MIN (block->kept, 4);

          self->push = xmlCreatePushParserCtxt (&sax, self,
                                                first > 0 ? (const char *) block->data : NULL,
                                                first, self->name);
          if (self->push == NULL)
            {
              g_set_error (&self->error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_IO,
                           _("Cannot read %s"), self->name);
              if (self->threaded)
                g_async_queue_push (self->free_blocks, block);
              goto out;
            }
          xmlCtxtUseOptions (self->push, PARSE_OPTIONS);
          offset = (gsize) first;
          self->bytes_parsed += first;
        }

      /* Stopped at a DOCTYPE: nothing of this block matters any more. */
      if (block->cut)
        report_declaration (self, block->cut_at, block->cut_attributes);

      while (offset < block->kept && !self->input_stopped)
        {
          gsize n = MIN (slice, block->kept - offset);

          if (check_cancelled (self, &self->error))
            break;

          xmlParseChunk (self->push, (const char *) block->data + offset, (int) n, 0);
          offset += n;
          self->bytes_parsed += n;
          report_progress (self, self->bytes_parsed, FALSE);

          /* The handler gets what there is; its thread, once there is enough
           * to be worth waking it for. */
          if (!self->threaded || (self->batch != NULL && self->batch->used >= BATCH_FLUSH))
            flush_batch (self);

          /* A handler asked to stop: libxml2 stops too. */
          if (g_atomic_int_get (&self->stop_requested) && !self->stopped)
            {
              self->stopped = TRUE;
              xmlStopParser (self->push);
            }
          if (push_halted (self))
            break;
        }

      at_end = block->at_end;
      if (self->threaded)
        g_async_queue_push (self->free_blocks, block);

      if (self->error != NULL || self->input_stopped || push_halted (self))
        goto out;
      if (at_end)
        break;
    }

  /* All is in: what is still open was cut short, and libxml2 may now say so. */
  self->at_eof = TRUE;
  xmlParseChunk (self->push, NULL, 0, 1);
  report_progress (self, self->bytes_parsed, TRUE);
  well_formed = !self->stopped && !self->malformed && self->push->wellFormed == 1;

out:
  /* The last records, then the threads end. */
  flush_batch (self);
  if (self->threaded)
    stop_threads (self);
  g_clear_pointer (&self->idle_batch, batch_free);
  block_free (alone);
  self->scan_out = &self->positions;

  g_clear_pointer (&self->push, xmlFreeParserCtxt);
  self->handler = NULL;
  self->handler_data = NULL;

  if (g_atomic_int_get (&self->stop_requested))
    well_formed = FALSE;

  return well_formed;
}

/**
 * annals_xml_reader_stop:
 *
 * Called from a handler of annals_xml_reader_parse(): no handler is called
 * after this one returns, and annals_xml_reader_parse() returns %FALSE
 * without reading much further.
 */
void
annals_xml_reader_stop (AnnalsXmlReader *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_int_set (&self->stop_requested, 1);
}

/**
 * annals_xml_reader_set_threads:
 * @threads: %TRUE to read, parse and handle on three threads whatever the
 *   size, %FALSE for all on the caller's
 *
 * For tests, which compare both ways on the same input. By default the
 * threads are used for inputs of a few megabytes or of unknown size, on
 * machines with more than one processor.
 */
void
annals_xml_reader_set_threads (AnnalsXmlReader *self,
                               gboolean         threads)
{
  g_return_if_fail (self != NULL);

  self->threads_forced = threads;
  self->threads_forbidden = !threads;
}
