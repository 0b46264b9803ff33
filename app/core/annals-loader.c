/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-loader.h"
#include "annals-formats.h"

#include <string.h>

#include <glib/gi18n-lib.h>

/* The format of a file is told by its content: the root element and its
 * namespace, found by peeking at the first bytes. The peek skips what may come
 * before the root (byte order mark, XML declaration, comments, processing
 * instructions, even a DOCTYPE, which the native reader then refuses), so that
 * a file is never parsed twice and never by the wrong reader. */

#define PEEK_BYTES       (64 * 1024)
#define STREAM_BUFFER    (64 * 1024)
#define ANNALS_NS_FAMILY "urn:annals:timeline:"

typedef enum
{
  PEEK_FOUND,                          /* the root element was found */
  PEEK_EMPTY,                          /* nothing but white space */
  PEEK_NOT_XML,                        /* does not look like XML at all */
  PEEK_NO_ROOT,                        /* XML, but no root in what was looked at */
} PeekResult;

typedef struct
{
  PeekResult   result;
  AnnalsFormat format;
  char        *root;                   /* as written, "html" or "x:data" */
} Detection;

G_DEFINE_QUARK (annals-load-error-quark, annals_load_error)

/* Detection */

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end && is_space (*p))
    p++;

  return p;
}

static const char *
find (const char *p,
      const char *end,
      const char *needle)
{
  gsize n = strlen (needle);

  for (; p + n <= end; p++)
    {
      if (memcmp (p, needle, n) == 0)
        return p + n;
    }

  return NULL;
}

static gboolean
has_prefix (const char *p,
            const char *end,
            const char *prefix)
{
  gsize n = strlen (prefix);

  return (gsize) (end - p) >= n && memcmp (p, prefix, n) == 0;
}

/* Past a <!DOCTYPE …> with its internal subset, or NULL if it does not end. */
static const char *
skip_declaration (const char *p,
                  const char *end)
{
  int depth = 0;
  char quote = 0;

  for (; p < end; p++)
    {
      if (quote != 0)
        {
          if (*p == quote)
            quote = 0;
        }
      else if (*p == '"' || *p == '\'')
        quote = *p;
      else if (*p == '[')
        depth++;
      else if (*p == ']')
        depth--;
      else if (*p == '>' && depth <= 0)
        return p + 1;
    }

  return NULL;
}

static gboolean
is_name_char (char c)
{
  return !is_space (c) && c != '>' && c != '/' && c != '=' && c != '<' && c != '"' && c != '\'';
}

/* UTF-16 is turned into UTF-8 for the peek; other encodings XML allows are
 * ASCII-compatible where it matters (names and markup). */
static char *
utf16_to_utf8 (const guint8 *data,
               gsize         length,
               gboolean      little_endian,
               gsize        *out_length)
{
  gsize n_units = length / 2;
  gunichar2 *units = g_new (gunichar2, n_units + 1);
  char *utf8;
  glong written = 0;

  for (gsize i = 0; i < n_units; i++)
    units[i] = little_endian ? (gunichar2) (data[2 * i] | (data[2 * i + 1] << 8))
                             : (gunichar2) ((data[2 * i] << 8) | data[2 * i + 1]);

  /* A surrogate pair cut by the end of the peek. */
  if (n_units > 0 && units[n_units - 1] >= 0xd800 && units[n_units - 1] <= 0xdbff)
    n_units--;

  utf8 = g_utf16_to_utf8 (units, (glong) n_units, NULL, &written, NULL);
  g_free (units);

  *out_length = utf8 != NULL ? (gsize) written : 0;

  return utf8;
}

static void
detect (const char *data,
        gsize       length,
        Detection  *detection)
{
  const guint8 *bytes = (const guint8 *) data;
  g_autofree char *converted = NULL;
  const char *p = data;
  const char *end = data + length;
  const char *text;
  const char *name_start;
  g_autofree char *qname = NULL;
  g_autofree char *default_ns = NULL;
  g_autofree char *prefix_ns = NULL;
  const char *local;
  gboolean has_version = FALSE;
  gboolean partial = FALSE;
  gboolean seen_anything = FALSE;

  detection->result = PEEK_NOT_XML;
  detection->format = ANNALS_FORMAT_UNKNOWN;
  detection->root = NULL;

  if (length >= 2 && ((bytes[0] == 0xff && bytes[1] == 0xfe) ||
                      (bytes[0] == 0xfe && bytes[1] == 0xff)))
    {
      gsize converted_length;

      converted = utf16_to_utf8 (bytes + 2, length - 2, bytes[0] == 0xff, &converted_length);
      p = converted;
      end = converted != NULL ? converted + converted_length : NULL;
    }
  else if (length >= 4 && ((bytes[0] == '<' && bytes[1] == 0 && bytes[2] == '?' && bytes[3] == 0) ||
                           (bytes[0] == 0 && bytes[1] == '<' && bytes[2] == 0 && bytes[3] == '?')))
    {
      gsize converted_length;

      converted = utf16_to_utf8 (bytes, length, bytes[0] == '<', &converted_length);
      p = converted;
      end = converted != NULL ? converted + converted_length : NULL;
    }
  else if (length >= 3 && bytes[0] == 0xef && bytes[1] == 0xbb && bytes[2] == 0xbf)
    p += 3;

  if (p == NULL)
    return;
  text = p;

  /* The prolog. */
  for (;;)
    {
      p = skip_space (p, end);
      if (p >= end)
        {
          detection->result = seen_anything ? PEEK_NO_ROOT : PEEK_EMPTY;
          return;
        }
      seen_anything = TRUE;

      if (*p != '<')
        return;

      if (has_prefix (p, end, "<?"))
        p = find (p + 2, end, "?>");
      else if (has_prefix (p, end, "<!--"))
        p = find (p + 4, end, "-->");
      else if (has_prefix (p, end, "<!"))
        p = skip_declaration (p + 2, end);
      else
        break;

      if (p == NULL)
        {
          /* A comment or declaration that does not end (in what was looked
           * at). A native file says so in its namespace: its reader will
           * point at the problem. */
          detection->result = PEEK_NO_ROOT;
          if (find (text, end, ANNALS_NS_FAMILY) != NULL)
            detection->format = ANNALS_FORMAT_NATIVE;
          return;
        }
    }

  /* The root's start tag. */
  p++;
  name_start = p;
  while (p < end && is_name_char (*p))
    p++;
  if (p == name_start)
    return;
  qname = g_strndup (name_start, p - name_start);

  for (;;)
    {
      const char *attr_start;
      g_autofree char *attr = NULL;
      g_autofree char *value = NULL;
      char quote;
      const char *value_start;

      p = skip_space (p, end);
      if (p >= end)
        {
          partial = TRUE;
          break;
        }
      if (*p == '>' || *p == '/')
        break;

      attr_start = p;
      while (p < end && is_name_char (*p))
        p++;
      if (p == attr_start)
        break;
      attr = g_strndup (attr_start, p - attr_start);

      p = skip_space (p, end);
      if (p >= end)
        {
          partial = TRUE;
          break;
        }
      if (*p != '=')
        break;
      p = skip_space (p + 1, end);
      if (p >= end)
        {
          partial = TRUE;
          break;
        }
      quote = *p;
      if (quote != '"' && quote != '\'')
        break;
      value_start = ++p;
      while (p < end && *p != quote)
        p++;
      if (p >= end)
        {
          partial = TRUE;
          break;
        }
      value = g_strndup (value_start, p - value_start);
      p++;

      if (strcmp (attr, "xmlns") == 0)
        {
          g_free (default_ns);
          default_ns = g_steal_pointer (&value);
        }
      else if (strcmp (attr, "version") == 0)
        has_version = TRUE;
      else if (g_str_has_prefix (attr, "xmlns:"))
        {
          const char *colon = strchr (qname, ':');

          if (colon != NULL && strlen (attr + 6) == (gsize) (colon - qname) &&
              strncmp (attr + 6, qname, colon - qname) == 0)
            {
              g_free (prefix_ns);
              prefix_ns = g_steal_pointer (&value);
            }
        }
    }

  detection->result = PEEK_FOUND;
  detection->root = g_steal_pointer (&qname);
  if (!g_utf8_validate (detection->root, -1, NULL) || strlen (detection->root) > 64)
    {
      /* It goes into messages: valid UTF-8 and short. */
      gsize root_length = MIN (strlen (detection->root), 64);
      g_autofree char *valid = g_utf8_make_valid (detection->root, (gssize) root_length);

      g_free (detection->root);
      detection->root = g_steal_pointer (&valid);
    }

  local = strchr (detection->root, ':');
  if (local != NULL)
    local++;
  else
    {
      local = detection->root;
      g_clear_pointer (&prefix_ns, g_free);
      prefix_ns = g_steal_pointer (&default_ns);
    }

  if (strcmp (local, "timeline") == 0)
    {
      if (prefix_ns != NULL && g_str_has_prefix (prefix_ns, ANNALS_NS_FAMILY))
        detection->format = ANNALS_FORMAT_NATIVE;
      else if (prefix_ns != NULL)
        detection->format = ANNALS_FORMAT_UNKNOWN;
      else if (has_version || partial)
        {
          /* A native file that forgot its namespace: its reader says so. */
          detection->format = ANNALS_FORMAT_NATIVE;
        }
      else
        {
          /* The Timeline Project's <timeline> has no attributes and starts
           * with <version>; a native file starts with <title>. */
          const char *child = p < end ? memchr (p, '>', end - p) : NULL;

          detection->format = ANNALS_FORMAT_TIMELINE_PROJECT;
          if (child != NULL)
            child++;
          while (child != NULL && child < end)
            {
              child = skip_space (child, end);
              if (has_prefix (child, end, "<!--"))
                child = find (child + 4, end, "-->");
              else if (has_prefix (child, end, "<?"))
                child = find (child + 2, end, "?>");
              else
                {
                  if (has_prefix (child, end, "<title") || has_prefix (child, end, "<description"))
                    detection->format = ANNALS_FORMAT_NATIVE;
                  break;
                }
            }
        }
    }
  else if (strcmp (local, "data") == 0 && prefix_ns == NULL)
    detection->format = ANNALS_FORMAT_SIMILE;
}

/**
 * annals_detect_format:
 * @data: the first bytes of a file (a few kilobytes are enough)
 *
 * Returns: the format, by root element and namespace
 */
AnnalsFormat
annals_detect_format (const char *data,
                      gsize       length)
{
  Detection detection;

  g_return_val_if_fail (data != NULL || length == 0, ANNALS_FORMAT_UNKNOWN);

  if (length == 0)
    return ANNALS_FORMAT_UNKNOWN;

  detect (data, length, &detection);
  g_free (detection.root);

  return detection.format;
}

/* Loading */

static gboolean
looks_binary (const guint8 *data,
              gsize         length)
{
  /* Text has no NUL bytes, except in UTF-16 or UTF-32, which detection has
   * decoded or recognised before this is asked. */
  return memchr (data, 0, MIN (length, 4096)) != NULL;
}

static AnnalsTimeline *
fail_not_timeline (AnnalsDiagnostics  *diagnostics,
                   const char         *name,
                   const Detection    *detection,
                   const guint8       *peek,
                   gsize               peek_length,
                   GError            **error)
{
  switch (detection->result)
    {
    case PEEK_FOUND:
      annals_diagnostics_add (diagnostics, ANNALS_SEVERITY_ERROR, 0, 0,
                              _("the root element is <%s>, which is not a timeline format "
                                "Annals reads"), detection->root);
      g_set_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_UNKNOWN_FORMAT,
                   _("%s is not a timeline: the root element is <%s>"), name, detection->root);
      break;

    case PEEK_NO_ROOT:
      if (peek_length < PEEK_BYTES)
        {
          annals_diagnostics_add (diagnostics, ANNALS_SEVERITY_ERROR, 0, 0,
                                  _("the file has no root element"));
          g_set_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_UNKNOWN_FORMAT,
                       _("%s is not a timeline: it has no root element"), name);
        }
      else
        {
          annals_diagnostics_add (diagnostics, ANNALS_SEVERITY_ERROR, 0, 0,
                                  _("no root element in the first %d KB"), PEEK_BYTES / 1024);
          g_set_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_UNKNOWN_FORMAT,
                       _("%s is not a timeline: no root element in the first %d KB"),
                       name, PEEK_BYTES / 1024);
        }
      break;

    case PEEK_EMPTY:
      annals_diagnostics_add (diagnostics, ANNALS_SEVERITY_ERROR, 0, 0,
                              _("the file is empty"));
      g_set_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID,
                   _("%s is empty"), name);
      break;

    case PEEK_NOT_XML:
    default:
      if (looks_binary (peek, peek_length))
        {
          annals_diagnostics_add (diagnostics, ANNALS_SEVERITY_ERROR, 0, 0,
                                  _("the file is binary data, not XML text"));
          g_set_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_UNKNOWN_FORMAT,
                       _("%s is not a timeline: it is binary data, not XML text"), name);
        }
      else
        {
          annals_diagnostics_add (diagnostics, ANNALS_SEVERITY_ERROR, 1, 1,
                                  _("the file does not start with an XML element"));
          g_set_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_UNKNOWN_FORMAT,
                       _("%s is not a timeline: it is not an XML file"), name);
        }
      break;
    }

  return NULL;
}

static void
set_io_error (GError     **error,
              const char  *name,
              GError      *io_error)
{
  if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_CANCELLED,
                 _("Loading %s was cancelled"), name);
  else if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_set_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_IO,
                 _("%s does not exist"), name);
  else if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    g_set_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_IO,
                 _("%s cannot be read: permission denied"), name);
  else if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
    g_set_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_IO,
                 _("%s is a folder, not a timeline file"), name);
  else
    g_set_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_IO,
                 _("%s cannot be read: %s"), name, io_error->message);
}

static gboolean
check_size (goffset                   size,
            goffset                   max_bytes,
            const char               *name,
            GError                  **error)
{
  g_autofree char *shown_size = NULL;
  g_autofree char *shown_limit = NULL;

  if (size <= max_bytes)
    return TRUE;

  shown_size = g_format_size (size);
  shown_limit = g_format_size (max_bytes);
  g_set_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_TOO_LARGE,
               _("%s is too large: %s (%lld bytes), more than the limit of "
                 "%s (%lld bytes)"),
               name, shown_size, (long long) size, shown_limit, (long long) max_bytes);

  return FALSE;
}

static AnnalsTimeline *
load_stream (GInputStream             *stream,
             goffset                   size,
             const char               *name,
             const AnnalsLoadOptions  *options,
             AnnalsDiagnostics        *diagnostics,
             GError                  **error)
{
  g_autoptr(GInputStream) buffered = NULL;
  g_autoptr(GError) local_error = NULL;
  GBufferedInputStream *buffer;
  GCancellable *cancellable = options != NULL ? options->cancellable : NULL;
  AnnalsXmlReader *reader;
  AnnalsTimeline *timeline = NULL;
  Detection detection;
  const guint8 *peek;
  gsize peek_length;

  buffered = g_buffered_input_stream_new_sized (stream, STREAM_BUFFER);
  buffer = G_BUFFERED_INPUT_STREAM (buffered);

  /* Peek without consuming: the reader then starts at the first byte. */
  for (;;)
    {
      gsize available = g_buffered_input_stream_get_available (buffer);
      gssize n;

      if (available >= PEEK_BYTES)
        break;
      n = g_buffered_input_stream_fill (buffer, PEEK_BYTES - available, cancellable,
                                        &local_error);
      if (n < 0)
        {
          set_io_error (error, name, local_error);
          return NULL;
        }
      if (n == 0)
        break;
    }

  peek = g_buffered_input_stream_peek_buffer (buffer, &peek_length);
  if (peek_length == 0)
    {
      annals_diagnostics_add (diagnostics, ANNALS_SEVERITY_ERROR, 0, 0, _("the file is empty"));
      g_set_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID, _("%s is empty"), name);
      return NULL;
    }

  detect ((const char *) peek, peek_length, &detection);

  if (detection.format == ANNALS_FORMAT_UNKNOWN)
    {
      fail_not_timeline (diagnostics, name, &detection, peek, peek_length, error);
      g_free (detection.root);
      return NULL;
    }
  g_free (detection.root);

  reader = annals_xml_reader_new (buffered, size, name, options, diagnostics);

  switch (detection.format)
    {
    case ANNALS_FORMAT_NATIVE:
      timeline = annals_parse_native (reader, options, diagnostics, error);
      break;
    case ANNALS_FORMAT_SIMILE:
      timeline = annals_import_simile (reader, options, diagnostics, error);
      break;
    case ANNALS_FORMAT_TIMELINE_PROJECT:
      timeline = annals_import_timeline_project (reader, options, diagnostics, error);
      break;
    case ANNALS_FORMAT_UNKNOWN:
    default:
      g_assert_not_reached ();
    }

  annals_xml_reader_free (reader);

  return timeline;
}

static goffset
max_bytes_of (const AnnalsLoadOptions *options)
{
  return (options != NULL && options->max_bytes > 0) ? options->max_bytes
                                                      : ANNALS_DEFAULT_MAX_BYTES;
}

/**
 * annals_load_file:
 * @path: a file in the GLib file name encoding
 * @options: (nullable): limits, cancellable and progress
 * @diagnostics: (out) (optional) (transfer full): every problem found
 *
 * Reads a timeline of any format Annals knows, told apart by content.
 *
 * Returns: (transfer full) (nullable): a finished timeline, or %NULL with
 *   @error set in one line that names the file
 */
AnnalsTimeline *
annals_load_file (const char               *path,
                  const AnnalsLoadOptions  *options,
                  AnnalsDiagnostics       **diagnostics,
                  GError                  **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(AnnalsDiagnostics) diags = NULL;
  g_autofree char *name = NULL;
  GCancellable *cancellable = options != NULL ? options->cancellable : NULL;
  AnnalsTimeline *timeline = NULL;
  goffset size = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_filename_display_name (path);
  diags = annals_diagnostics_new (name);
  file = g_file_new_for_path (path);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      set_io_error (error, name, local_error);
      goto out;
    }

  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_IO,
                   _("%s is a folder, not a timeline file"), name);
      goto out;
    }

  /* Special files (pipes, devices) report 0 and are limited while reading. */
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
    {
      size = g_file_info_get_size (info);
      if (!check_size (size, max_bytes_of (options), name, error))
        goto out;
    }

  stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      set_io_error (error, name, local_error);
      goto out;
    }

  timeline = load_stream (G_INPUT_STREAM (stream), size, name, options, diags, error);

out:
  if (diagnostics != NULL)
    *diagnostics = g_steal_pointer (&diags);

  return timeline;
}

/**
 * annals_load_data:
 * @data: (array length=length): the file's bytes; not copied, only read
 *   during the call
 * @name: (nullable): the file name used in messages
 * @options: (nullable): limits, cancellable and progress
 * @diagnostics: (out) (optional) (transfer full): every problem found
 *
 * Returns: (transfer full) (nullable): as annals_load_file()
 */
AnnalsTimeline *
annals_load_data (const char               *data,
                  gsize                     length,
                  const char               *name,
                  const AnnalsLoadOptions  *options,
                  AnnalsDiagnostics       **diagnostics,
                  GError                  **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(AnnalsDiagnostics) diags = NULL;
  AnnalsTimeline *timeline = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (name == NULL)
    name = _("(data)");

  diags = annals_diagnostics_new (name);

  if (length > G_MAXSSIZE)
    length = G_MAXSSIZE;

  if (check_size ((goffset) length, max_bytes_of (options), name, error))
    {
      stream = g_memory_input_stream_new_from_data (data, (gssize) length, NULL);
      timeline = load_stream (stream, (goffset) length, name, options, diags, error);
    }

  if (diagnostics != NULL)
    *diagnostics = g_steal_pointer (&diags);

  return timeline;
}
