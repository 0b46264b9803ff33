/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-writer.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libxml/xmlwriter.h>

/* Writes version 1 of the native format with libxml2's xmlTextWriter, which
 * does the escaping; foreign elements kept by a reader are written back as
 * they came (they are serialised XML already).
 *
 * Dates: a date with a time keeps the offset it was written with, so that
 * reading the file back gives the same record, not only the same instant:
 * "1963-11-22T12:30:00-06:00" stays so, a time written in the dataset's zone
 * stays a local time without a suffix, and a UTC time is written the canonical
 * way of annals_date_format() ("…Z"). Dates without a time are canonical. */

#define NS "urn:annals:timeline:1"

typedef struct
{
  xmlTextWriterPtr  writer;
  GOutputStream    *stream;
  GError           *error;             /* the stream's, if writing failed */
  AnnalsTimeline   *timeline;
  GArray          **children;          /* per track: indexes of its child tracks */
  int               depth;             /* for the indentation of extensions */
} Writer;

static int
write_cb (void       *context,
          const char *buffer,
          int         len)
{
  Writer *self = context;

  if (self->error != NULL)
    return -1;

  if (!g_output_stream_write_all (self->stream, buffer, len, NULL, NULL, &self->error))
    return -1;

  return len;
}

static int
close_cb (void *context)
{
  /* The stream belongs to the caller, who closes it. */
  return 0;
}

/* libxml2 would print its own note about a failed write on stderr; the
 * stream's error says it better, in the GError. */
static void
silent_error_cb (void       *context,
                 const char *format,
                 ...)
{
}

static void
silent_structured_error_cb (void        *context,
                            xmlErrorPtr  error)
{
}

static gboolean
ok (int result)
{
  return result >= 0;
}

/* The text of a date as described at the top. */
static char *
date_text (const AnnalsDate *date)
{
  char buf[64];
  AnnalsCivil c;
  int offset;
  g_autofree char *year = NULL;
  GString *text;

  if (date->precision < ANNALS_PRECISION_MINUTE
      || ((date->flags & ANNALS_DATE_HAS_OFFSET) && date->utc_offset == 0))
    return g_strdup (annals_date_format (date, buf, sizeof buf));

  offset = date->utc_offset;
  /* Offsets are whole minutes in every reader; anything else is written in
   * UTC rather than rounded. */
  if (offset % 60 != 0 || offset <= -24 * 3600 || offset >= 24 * 3600)
    {
      AnnalsDate utc = *date;

      utc.utc_offset = 0;
      utc.flags |= ANNALS_DATE_HAS_OFFSET;
      return g_strdup (annals_date_format (&utc, buf, sizeof buf));
    }

  annals_time_to_civil (date->time + offset, &c);

  if (c.year < 0)
    year = g_strdup_printf ("-%04" G_GUINT64_FORMAT, (guint64) 0 - (guint64) c.year);
  else
    year = g_strdup_printf ("%04" G_GINT64_FORMAT, c.year);

  text = g_string_new (NULL);
  g_string_append_printf (text, "%s-%02d-%02dT%02d:%02d", year, c.month, c.day, c.hour,
                          c.minute);
  if (date->precision == ANNALS_PRECISION_SECOND)
    g_string_append_printf (text, ":%02d", c.second);

  if (date->flags & ANNALS_DATE_HAS_OFFSET)
    {
      int minutes = ABS (offset) / 60;

      g_string_append_printf (text, "%c%02d:%02d", offset < 0 ? '-' : '+',
                              minutes / 60, minutes % 60);
    }

  return g_string_free (text, FALSE);
}

static gboolean
write_attribute (Writer     *self,
                 const char *name,
                 const char *value)
{
  if (value == NULL)
    return TRUE;

  return ok (xmlTextWriterWriteAttribute (self->writer, BAD_CAST name, BAD_CAST value));
}

static gboolean
write_date_attribute (Writer           *self,
                      const char       *name,
                      const AnnalsDate *date)
{
  g_autofree char *text = NULL;

  if (!annals_date_is_set (date))
    return TRUE;

  text = date_text (date);

  return write_attribute (self, name, text);
}

static gboolean
write_color_attribute (Writer      *self,
                       const char  *name,
                       AnnalsColor  color)
{
  char buf[8];

  if (color == ANNALS_COLOR_NONE)
    return TRUE;

  g_snprintf (buf, sizeof buf, "#%06x", color & 0xffffff);

  return write_attribute (self, name, buf);
}

/* Shortest decimal text that reads back as the same double. */
static gboolean
write_number_attribute (Writer     *self,
                        const char *name,
                        double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* 15 significant digits print 0.1 as "0.1"; the rare value that needs
   * more gets all 17. */
  g_ascii_formatd (buf, sizeof buf, "%.15g", value);
  if (g_ascii_strtod (buf, NULL) != value)
    g_ascii_formatd (buf, sizeof buf, "%.17g", value);

  return write_attribute (self, name, buf);
}

static gboolean
start_element (Writer     *self,
               const char *name)
{
  self->depth++;

  return ok (xmlTextWriterStartElement (self->writer, BAD_CAST name));
}

static gboolean
end_element (Writer *self)
{
  self->depth--;

  return ok (xmlTextWriterEndElement (self->writer));
}

static gboolean
write_text_element (Writer     *self,
                    const char *name,
                    const char *text)
{
  if (text == NULL)
    return TRUE;

  return ok (xmlTextWriterWriteElement (self->writer, BAD_CAST name, BAD_CAST text));
}

/* Foreign elements, verbatim, each on a line of its own. The writer indents
 * only what it writes itself: after the element it wrote last it has started a
 * new line, and the end tag that follows raw text is not indented, so the raw
 * text brings its own indentation, and that of the end tag. Every element with
 * extensions has a <title> written before them. */
static gboolean
write_extensions (Writer      *self,
                  const char **extensions,
                  guint        n)
{
  g_autofree char *indent = NULL;
  g_autofree char *end_indent = NULL;

  if (n == 0)
    return TRUE;

  indent = g_strnfill ((gsize) self->depth * 2, ' ');
  end_indent = g_strnfill ((gsize) MAX (self->depth - 1, 0) * 2, ' ');

  for (guint i = 0; i < n; i++)
    {
      if (!ok (xmlTextWriterWriteRaw (self->writer, BAD_CAST indent))
          || !ok (xmlTextWriterWriteRaw (self->writer, BAD_CAST extensions[i]))
          || !ok (xmlTextWriterWriteRaw (self->writer, BAD_CAST "\n")))
        return FALSE;
    }

  return ok (xmlTextWriterWriteRaw (self->writer, BAD_CAST end_indent));
}

static gboolean
write_cites (Writer               *self,
             const AnnalsCitation *cites,
             guint                 n)
{
  for (guint i = 0; i < n; i++)
    {
      const AnnalsCitation *cite = &cites[i];

      if (!start_element (self, "cite"))
        return FALSE;
      if (cite->source >= 0 && (guint) cite->source < self->timeline->n_sources
          && !write_attribute (self, "source", self->timeline->sources[cite->source].id))
        return FALSE;
      if (!write_attribute (self, "quote", cite->quote)
          || !write_attribute (self, "page", cite->page)
          || !end_element (self))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_source (Writer             *self,
              const AnnalsSource *source)
{
  g_autofree char *published = NULL;

  if (!start_element (self, "source")
      || !write_attribute (self, "id", source->id)
      || !write_attribute (self, "kind", source->kind)
      || !write_attribute (self, "reliability", source->reliability)
      || !write_text_element (self, "title", source->title)
      || !write_text_element (self, "publisher", source->publisher))
    return FALSE;

  if (annals_date_is_set (&source->published))
    {
      published = date_text (&source->published);
      if (!write_text_element (self, "published", published))
        return FALSE;
    }

  return write_text_element (self, "url", source->url) && end_element (self);
}

/* Parents come before their children in the model; a parent that does not
 * (which no reader makes) is ignored rather than followed into a cycle. */
static gboolean
track_has_parent (AnnalsTimeline *timeline,
                  guint           index)
{
  gint32 parent = timeline->tracks[index].parent;

  return parent >= 0 && (guint) parent < index;
}

static gboolean
write_track (Writer *self,
             guint   index)
{
  const AnnalsTrack *track = &self->timeline->tracks[index];
  GArray *children = self->children[index];

  if (!start_element (self, "track")
      || !write_attribute (self, "id", track->id)
      || !write_attribute (self, "label", track->label)
      || !write_color_attribute (self, "color", track->color))
    return FALSE;

  if (track->kind == ANNALS_TRACK_QUANTITY
      && (!write_attribute (self, "kind", "quantity")
          || !write_attribute (self, "unit", track->unit)))
    return FALSE;

  for (guint i = 0; children != NULL && i < children->len; i++)
    if (!write_track (self, g_array_index (children, guint, i)))
      return FALSE;

  return end_element (self);
}

static gboolean
write_category (Writer               *self,
                const AnnalsCategory *category)
{
  return start_element (self, "category")
         && write_attribute (self, "id", category->id)
         && write_attribute (self, "label", category->label)
         && write_color_attribute (self, "color", category->color)
         && end_element (self);
}

static gboolean
write_era (Writer          *self,
           const AnnalsEra *era)
{
  return start_element (self, "era")
         && write_date_attribute (self, "start", &era->start)
         && write_date_attribute (self, "end", &era->end)
         && write_attribute (self, "label", era->label != NULL ? era->label : "")
         && write_color_attribute (self, "color", era->color)
         && end_element (self);
}

/* <start> or <end> with its bounds. An element without a date is not in the
 * format (an ongoing span has no <end>), so a record without one gets none. */
static gboolean
write_event_date (Writer           *self,
                  const char       *name,
                  const AnnalsDate *date,
                  const AnnalsDate *earliest,
                  const AnnalsDate *latest,
                  const char       *status)
{
  g_autofree char *text = NULL;

  if (!annals_date_is_set (date))
    return TRUE;

  if (!start_element (self, name)
      || !write_attribute (self, "status", status)
      || ((date->flags & ANNALS_DATE_APPROX) && !write_attribute (self, "approx", "true"))
      || !write_date_attribute (self, "earliest", earliest)
      || !write_date_attribute (self, "latest", latest))
    return FALSE;

  text = date_text (date);
  if (!ok (xmlTextWriterWriteString (self->writer, BAD_CAST text)))
    return FALSE;

  return end_element (self);
}

static gboolean
write_strings (Writer      *self,
               const char  *name,
               const char **strings,
               guint        n)
{
  for (guint i = 0; i < n; i++)
    if (!write_text_element (self, name, strings[i]))
      return FALSE;

  return TRUE;
}

static gboolean
write_event (Writer            *self,
             const AnnalsEvent *event)
{
  const AnnalsEventDetail *detail = event->detail;
  static const AnnalsDate none = { 0 };
  const char *end_status = NULL;

  if (!start_element (self, "event")
      || !write_attribute (self, "id", event->id))
    return FALSE;

  if (event->track >= 0 && (guint) event->track < self->timeline->n_tracks
      && !write_attribute (self, "track", self->timeline->tracks[event->track].id))
    return FALSE;

  if (!write_attribute (self, "type", annals_event_type_to_string (event->type)))
    return FALSE;

  if (event->category >= 0 && (guint) event->category < self->timeline->n_categories
      && !write_attribute (self, "category", self->timeline->categories[event->category].id))
    return FALSE;

  if (event->status != ANNALS_STATUS_CONFIRMED
      && !write_attribute (self, "status", annals_status_to_string (event->status)))
    return FALSE;

  if (event->flags & ANNALS_EVENT_HAS_END_STATUS)
    end_status = annals_status_to_string (event->end_status);

  if (!write_text_element (self, "title", event->title != NULL ? event->title : "")
      || !write_event_date (self, "start", &event->start,
                            detail != NULL ? &detail->start_earliest : &none,
                            detail != NULL ? &detail->start_latest : &none, NULL)
      || !write_event_date (self, "end", &event->end,
                            detail != NULL ? &detail->end_earliest : &none,
                            detail != NULL ? &detail->end_latest : &none, end_status))
    return FALSE;

  if (detail != NULL)
    {
      if (!write_text_element (self, "summary", detail->summary)
          || !write_strings (self, "place", detail->places, detail->n_places)
          || !write_strings (self, "actor", detail->actors, detail->n_actors))
        return FALSE;

      for (guint i = 0; i < detail->n_quantities; i++)
        {
          const AnnalsQuantity *quantity = &detail->quantities[i];

          if (!start_element (self, "quantity")
              || !write_attribute (self, "unit", quantity->unit)
              || !write_number_attribute (self, quantity->is_change ? "change" : "value",
                                          quantity->amount)
              || !end_element (self))
            return FALSE;
        }

      for (guint i = 0; i < detail->n_links; i++)
        {
          const AnnalsLink *link = &detail->links[i];

          if (!start_element (self, "link")
              || !write_attribute (self, "href", link->href)
              || (link->label != NULL
                  && !ok (xmlTextWriterWriteString (self->writer, BAD_CAST link->label)))
              || !end_element (self))
            return FALSE;
        }

      if (!write_cites (self, detail->cites, detail->n_cites)
          || !write_strings (self, "tag", detail->tags, detail->n_tags)
          || !write_extensions (self, detail->extensions, detail->n_extensions))
        return FALSE;
    }

  return end_element (self);
}

static gboolean
write_measure (Writer              *self,
               const AnnalsMeasure *measure)
{
  if (!start_element (self, "measure"))
    return FALSE;

  if (measure->track >= 0 && (guint) measure->track < self->timeline->n_tracks
      && !write_attribute (self, "track", self->timeline->tracks[measure->track].id))
    return FALSE;

  if (!write_date_attribute (self, "date", &measure->date)
      || !write_number_attribute (self, "value", measure->value)
      || ((measure->date.flags & ANNALS_DATE_APPROX) && !write_attribute (self, "approx", "true")))
    return FALSE;

  if (measure->source >= 0 && (guint) measure->source < self->timeline->n_sources
      && !write_attribute (self, "source", self->timeline->sources[measure->source].id))
    return FALSE;

  return write_cites (self, measure->cites, measure->n_cites) && end_element (self);
}

static gboolean
write_document (Writer *self)
{
  AnnalsTimeline *timeline = self->timeline;

  if (!ok (xmlTextWriterStartDocument (self->writer, NULL, "UTF-8", NULL))
      || !ok (xmlTextWriterStartElementNS (self->writer, NULL, BAD_CAST "timeline", BAD_CAST NS)))
    return FALSE;
  self->depth = 1;

  if (!write_attribute (self, "version", "1")
      || !write_attribute (self, "tz", timeline->tz)
      || !write_attribute (self, "lang", timeline->lang)
      || !write_text_element (self, "title", timeline->title != NULL ? timeline->title : "")
      || !write_text_element (self, "description", timeline->description))
    return FALSE;

  if (annals_date_is_set (&timeline->as_of))
    {
      g_autofree char *as_of = date_text (&timeline->as_of);

      if (!write_text_element (self, "as-of", as_of))
        return FALSE;
    }

  for (guint i = 0; i < timeline->n_sources; i++)
    if (!write_source (self, &timeline->sources[i]))
      return FALSE;

  for (guint i = 0; i < timeline->n_tracks; i++)
    if (!track_has_parent (timeline, i) && !write_track (self, i))
      return FALSE;

  for (guint i = 0; i < timeline->n_categories; i++)
    if (!write_category (self, &timeline->categories[i]))
      return FALSE;

  for (guint i = 0; i < timeline->n_eras; i++)
    if (!write_era (self, &timeline->eras[i]))
      return FALSE;

  for (guint i = 0; i < timeline->n_events; i++)
    if (!write_event (self, &timeline->events[i]))
      return FALSE;

  for (guint i = 0; i < timeline->n_measures; i++)
    if (!write_measure (self, &timeline->measures[i]))
      return FALSE;

  if (!write_extensions (self, timeline->extensions, timeline->n_extensions))
    return FALSE;

  return ok (xmlTextWriterEndElement (self->writer))
         && ok (xmlTextWriterEndDocument (self->writer))
         && ok (xmlTextWriterFlush (self->writer));
}

/**
 * annals_write_native:
 * @timeline: a finished timeline
 * @stream: where to write; not closed
 *
 * Returns: %TRUE when all was written, else %FALSE with @error set
 */
gboolean
annals_write_native (AnnalsTimeline  *timeline,
                     GOutputStream   *stream,
                     GError         **error)
{
  Writer self = { 0 };
  xmlOutputBufferPtr output;
  gboolean written;
  xmlGenericErrorFunc old_generic;
  void *old_generic_context;
  xmlStructuredErrorFunc old_structured;
  void *old_structured_context;

  g_return_val_if_fail (timeline != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self.stream = stream;
  self.timeline = timeline;

  /* Child tracks are written inside their parent. */
  self.children = g_new0 (GArray *, MAX (timeline->n_tracks, 1));
  for (guint i = 0; i < timeline->n_tracks; i++)
    {
      gint32 parent = timeline->tracks[i].parent;

      if (!track_has_parent (timeline, i))
        continue;
      if (self.children[parent] == NULL)
        self.children[parent] = g_array_new (FALSE, FALSE, sizeof (guint));
      g_array_append_val (self.children[parent], i);
    }

  /* libxml2 keeps these handlers per thread, so this touches no other
   * thread's reading or writing. */
  old_generic = xmlGenericError;
  old_generic_context = xmlGenericErrorContext;
  old_structured = xmlStructuredError;
  old_structured_context = xmlStructuredErrorContext;
  xmlSetGenericErrorFunc (NULL, silent_error_cb);
  xmlSetStructuredErrorFunc (NULL, silent_structured_error_cb);

  output = xmlOutputBufferCreateIO (write_cb, close_cb, &self, NULL);
  self.writer = output != NULL ? xmlNewTextWriter (output) : NULL;

  if (self.writer == NULL)
    {
      if (output != NULL)
        xmlOutputBufferClose (output);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not start writing"));
      written = FALSE;
    }
  else
    {
      xmlTextWriterSetIndent (self.writer, 1);
      xmlTextWriterSetIndentString (self.writer, BAD_CAST "  ");

      written = write_document (&self);
      /* Frees the output buffer too, which flushes what is left. */
      xmlFreeTextWriter (self.writer);

      if (self.error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&self.error));
          written = FALSE;
        }
      else if (!written)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _("Could not write the timeline"));
      else if (!g_output_stream_flush (stream, NULL, error))
        written = FALSE;
    }

  xmlSetGenericErrorFunc (old_generic_context, old_generic);
  xmlSetStructuredErrorFunc (old_structured_context, old_structured);

  g_clear_error (&self.error);
  for (guint i = 0; i < timeline->n_tracks; i++)
    if (self.children[i] != NULL)
      g_array_unref (self.children[i]);
  g_free (self.children);

  return written;
}

/**
 * annals_write_native_file:
 * @path: where to write; an existing file is replaced only once all is
 *   written
 *
 * Returns: %TRUE on success, else %FALSE with @error set
 */
gboolean
annals_write_native_file (AnnalsTimeline  *timeline,
                          const char      *path,
                          GError         **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;

  g_return_val_if_fail (timeline != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  file = g_file_new_for_path (path);

  /* GIO writes to a temporary file and renames it over @path on close, so a
   * failure half-way leaves the old file as it was. */
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  if (stream == NULL)
    return FALSE;

  if (!annals_write_native (timeline, G_OUTPUT_STREAM (stream), error))
    {
      g_autoptr(GCancellable) cancel = g_cancellable_new ();

      /* Closing a cancelled replace stream drops the temporary file. */
      g_cancellable_cancel (cancel);
      g_output_stream_close (G_OUTPUT_STREAM (stream), cancel, NULL);
      return FALSE;
    }

  return g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}
