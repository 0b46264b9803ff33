/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-export.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Export draws with the renderer, furniture on, on an image, SVG or PDF
 * surface that streams into a temporary file next to the target; the file is
 * renamed into place only once everything was written, so a failed or
 * interrupted export never leaves a half-written picture behind.
 *
 * Sizes are in user units (CSS pixels). A PNG has width * scale pixels; an
 * SVG is width * scale user units; a PDF page is the same picture at 96 dpi
 * (0.75 pt per unit) times scale. */

#define MIN_SIZE        16
#define MAX_SIZE        20000
#define MAX_PNG_PIXELS  32767          /* cairo's image surface limit per side */
#define MAX_PNG_AREA    (400.0 * 1000 * 1000)

typedef struct
{
  int     fd;
  int     saved_errno;
  gsize   written;
} Sink;

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  Sink *sink = closure;

  while (length > 0)
    {
      gssize n = write (sink->fd, data, length);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          sink->saved_errno = errno;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += n;
      length -= n;
      sink->written += n;
    }

  return CAIRO_STATUS_SUCCESS;
}

void
annals_export_options_init (AnnalsExportOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->format = ANNALS_EXPORT_PNG;
  options->width = 1600;
  options->height = 900;
  options->scale = 1;
  options->start = 0;
  options->end = 0;
  options->theme = ANNALS_THEME_LIGHT;
}

gboolean
annals_export_format_from_path (const char         *path,
                                AnnalsExportFormat *format)
{
  const char *dot;
  AnnalsExportFormat value;

  if (path == NULL)
    return FALSE;

  dot = strrchr (path, '.');
  if (dot == NULL || strchr (dot, '/') != NULL)
    return FALSE;

  if (g_ascii_strcasecmp (dot, ".png") == 0)
    value = ANNALS_EXPORT_PNG;
  else if (g_ascii_strcasecmp (dot, ".svg") == 0)
    value = ANNALS_EXPORT_SVG;
  else if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    value = ANNALS_EXPORT_PDF;
  else
    return FALSE;

  if (format != NULL)
    *format = value;

  return TRUE;
}

/* The options with an automatic height resolved. */
static void
resolve_options (AnnalsLayout              *layout,
                 const AnnalsExportOptions *options,
                 AnnalsExportOptions       *resolved)
{
  *resolved = *options;

  if (options->height == 0 && options->width >= MIN_SIZE && options->width <= MAX_SIZE)
    {
      AnnalsView view;

      annals_view_init (&view, options->width, 1000, annals_theme_get (options->theme));
      view.flags = ANNALS_RENDER_FURNITURE;
      resolved->height = (int) CLAMP (annals_renderer_get_natural_height (layout, &view),
                                      MIN_SIZE, MAX_SIZE);
    }
}

static gboolean
check_options (const AnnalsExportOptions  *options,
               GError                    **error)
{
  double scale = options->scale;

  if (options->width < MIN_SIZE || options->width > MAX_SIZE
      || options->height < MIN_SIZE || options->height > MAX_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The picture size %d × %d is not possible: width and height must be "
                     "between %d and %d"),
                   options->width, options->height, MIN_SIZE, MAX_SIZE);
      return FALSE;
    }

  if (!(scale > 0 && scale <= 16))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The scale %g is not possible: it must be above 0 and at most 16"), scale);
      return FALSE;
    }

  if (options->format == ANNALS_EXPORT_PNG
      && (options->width * scale > MAX_PNG_PIXELS || options->height * scale > MAX_PNG_PIXELS
          || options->width * scale * options->height * scale > MAX_PNG_AREA))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A PNG of %d × %d at scale %g would be too large; use a smaller size or "
                     "scale, or SVG or PDF"),
                   options->width, options->height, scale);
      return FALSE;
    }

  if (options->format != ANNALS_EXPORT_PNG && options->format != ANNALS_EXPORT_SVG
      && options->format != ANNALS_EXPORT_PDF)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Unknown export format"));
      return FALSE;
    }

  return TRUE;
}

static void
draw_picture (cairo_t                   *cr,
              AnnalsLayout              *layout,
              const AnnalsExportOptions *options)
{
  AnnalsView view;
  AnnalsTime start;
  AnnalsTime end;

  annals_view_init (&view, options->width, options->height, annals_theme_get (options->theme));
  view.flags = ANNALS_RENDER_FURNITURE | ANNALS_RENDER_NO_OVERLAY;

  if (options->start < options->end)
    {
      view.start = options->start;
      view.end = options->end;
    }
  else if (annals_layout_get_extent (layout, &start, &end))
    {
      view.start = (double) start;
      view.end = (double) end;
    }

  annals_renderer_draw (cr, layout, &view);
}

/* Renders into @sink; returns the cairo status of the whole operation. */
static cairo_status_t
render_to_sink (AnnalsLayout              *layout,
                const AnnalsExportOptions *options,
                Sink                      *sink)
{
  AnnalsTimeline *timeline = annals_layout_get_timeline (layout);
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  cairo_status_t status;
  double scale = options->scale;

  switch (options->format)
    {
    case ANNALS_EXPORT_SVG:
      surface = cairo_svg_surface_create_for_stream (write_cb, sink, options->width * scale,
                                                     options->height * scale);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_USER);
      break;

    case ANNALS_EXPORT_PDF:
      surface = cairo_pdf_surface_create_for_stream (write_cb, sink,
                                                     options->width * 0.75 * scale,
                                                     options->height * 0.75 * scale);
      if (timeline->title != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, timeline->title);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Annals");
      scale *= 0.75;
      break;

    case ANNALS_EXPORT_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            (int) ceil (options->width * scale),
                                            (int) ceil (options->height * scale));
      cairo_surface_set_device_scale (surface, scale, scale);
      scale = 1;
      break;
    }

  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return status;
    }

  cr = cairo_create (surface);
  if (scale != 1)
    cairo_scale (cr, scale, scale);
  draw_picture (cr, layout, options);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && options->format == ANNALS_EXPORT_PNG)
    status = cairo_surface_write_to_png_stream (surface, write_cb, sink);

  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  return status;
}

/**
 * annals_export_to_file:
 * @layout: what to draw
 * @options: format, size, scale, time range and theme
 * @path: the file to write; replaced only when the export succeeds
 *
 * Returns: TRUE on success, else FALSE with @error set (G_IO_ERROR)
 */
gboolean
annals_export_to_file (AnnalsLayout               *layout,
                       const AnnalsExportOptions  *options,
                       const char                 *path,
                       GError                    **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *display = NULL;
  cairo_status_t status;
  Sink sink = { -1, 0, 0 };
  AnnalsExportOptions resolved;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_name (path);

  resolve_options (layout, options, &resolved);
  options = &resolved;
  if (!check_options (options, error))
    return FALSE;

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  sink.fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0644);
  if (sink.fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }
  /* mkstemp creates 0600, but a picture is for sharing. (Reading the umask
   * means setting it, which would race with other threads.) */
  if (fchmod (sink.fd, 0644) != 0)
    g_debug ("Could not set the mode of %s: %s", tmp_path, g_strerror (errno));

  status = render_to_sink (layout, options, &sink);

  if (status == CAIRO_STATUS_SUCCESS && fsync (sink.fd) != 0 && errno != EINVAL)
    {
      sink.saved_errno = errno;
      status = CAIRO_STATUS_WRITE_ERROR;
    }
  if (close (sink.fd) != 0 && status == CAIRO_STATUS_SUCCESS)
    {
      sink.saved_errno = errno;
      status = CAIRO_STATUS_WRITE_ERROR;
    }

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (tmp_path);
      if (sink.saved_errno != 0)
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (sink.saved_errno),
                     _("Could not write “%s”: %s"), display, g_strerror (sink.saved_errno));
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _("Could not draw “%s”: %s"), display, cairo_status_to_string (status));
      return FALSE;
    }

  if (g_rename (tmp_path, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp_path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}
