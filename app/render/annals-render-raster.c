/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include <math.h>
#include <string.h>

#include "annals-render-private.h"

/* Direct pixel access for the lanes on image targets. A frame of a large
 * dataset is thousands of small composites: bar bodies, outline strips, the
 * rounded ends, fades, marks. Through cairo each of them costs several
 * thousand instructions before a pixel is touched (gstate, clip, extents,
 * compositor selection), more than the pixels themselves. Pixman, which
 * cairo uses underneath, does the same composite in a few hundred.
 *
 * This is only used where it gives cairo's own pixels: an ARGB32 or RGB24
 * image target, drawn at scale 1 under a translation by whole pixels, with
 * a clip that is one pixel-aligned rectangle and the OVER operator. Anything
 * else (vector output, HiDPI, groups, rotations) keeps the cairo paths. */

static gboolean
is_whole (double v)
{
  return v == floor (v) && fabs (v) < G_MAXINT / 2;
}

/**
 * annals_render_raster_target:
 * @scale: (out): pixels per user unit
 * @dx: (out): user units to pixels: px = @scale * x + @dx
 * @dy: (out):
 * @clip: (out): the clip, in the target's pixels
 *
 * Whether @cr draws onto an image's pixels at a whole scale: an ARGB32 or
 * RGB24 image target, under a translation by whole pixels, with a clip that
 * is one rectangle of whole pixels and the OVER operator.
 *
 * Returns: (transfer none) (nullable): the target, or %NULL
 */
cairo_surface_t *
annals_render_raster_target (cairo_t        *cr,
                             int            *scale,
                             int            *dx,
                             int            *dy,
                             pixman_box32_t *clip)
{
  cairo_surface_t *target = cairo_get_target (cr);
  cairo_rectangle_list_t *clips;
  cairo_format_t format;
  cairo_matrix_t m;
  double s;
  double sy;
  double ox;
  double oy;
  double box[4];
  int width;
  int height;

  if (cairo_get_group_target (cr) != target
      || cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE
      || cairo_get_operator (cr) != CAIRO_OPERATOR_OVER)
    return NULL;

  format = cairo_image_surface_get_format (target);
  if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24)
    return NULL;

  /* Pixels are s * (user + translation) + device offset. */
  cairo_get_matrix (cr, &m);
  cairo_surface_get_device_scale (target, &s, &sy);
  cairo_surface_get_device_offset (target, &ox, &oy);
  if (m.xx != 1 || m.yy != 1 || m.xy != 0 || m.yx != 0 || s != sy || s < 1 || s > 8
      || !is_whole (s) || !is_whole (s * m.x0 + ox) || !is_whole (s * m.y0 + oy))
    return NULL;

  /* One rectangle on whole pixels, or cairo would antialias the clip edge. */
  clips = cairo_copy_clip_rectangle_list (cr);
  if (clips->status != CAIRO_STATUS_SUCCESS || clips->num_rectangles != 1)
    {
      cairo_rectangle_list_destroy (clips);
      return NULL;
    }
  box[0] = s * (clips->rectangles[0].x + m.x0) + ox;
  box[1] = s * (clips->rectangles[0].y + m.y0) + oy;
  box[2] = box[0] + s * clips->rectangles[0].width;
  box[3] = box[1] + s * clips->rectangles[0].height;
  cairo_rectangle_list_destroy (clips);
  for (guint i = 0; i < G_N_ELEMENTS (box); i++)
    if (!is_whole (box[i]))
      return NULL;

  width = cairo_image_surface_get_width (target);
  height = cairo_image_surface_get_height (target);
  *scale = (int) s;
  *dx = (int) (s * m.x0 + ox);
  *dy = (int) (s * m.y0 + oy);
  clip->x1 = CLAMP ((int) box[0], 0, width);
  clip->y1 = CLAMP ((int) box[1], 0, height);
  clip->x2 = CLAMP ((int) box[2], 0, width);
  clip->y2 = CLAMP ((int) box[3], 0, height);

  return target;
}

/**
 * annals_render_raster_begin:
 *
 * Sets up direct access to @ctx's target when it can be used; the target is
 * flushed. Every drawing through the raster must be followed by
 * annals_render_raster_end() before cairo reads the surface elsewhere.
 *
 * Returns: whether the raster is usable (ctx->raster.image set)
 */
gboolean
annals_render_raster_begin (AnnalsRenderCtx *ctx)
{
  AnnalsRaster *r = &ctx->raster;
  cairo_surface_t *target;
  int scale;

  memset (r, 0, sizeof *r);
  if (ctx->cr == NULL || ctx->no_raster)
    return FALSE;

  /* The raster draws user units as pixels: scale 1 only. */
  target = annals_render_raster_target (ctx->cr, &scale, &r->dx, &r->dy, &r->clip);
  if (target == NULL || scale != 1)
    return FALSE;

  cairo_surface_flush (target);
  r->surface = target;
  r->image = pixman_image_create_bits_no_clear (cairo_image_surface_get_format (target)
                                                == CAIRO_FORMAT_ARGB32
                                                ? PIXMAN_a8r8g8b8 : PIXMAN_x8r8g8b8,
                                                cairo_image_surface_get_width (target),
                                                cairo_image_surface_get_height (target),
                                                (uint32_t *) cairo_image_surface_get_data (target),
                                                cairo_image_surface_get_stride (target));
  if (r->image == NULL)
    {
      memset (r, 0, sizeof *r);
      return FALSE;
    }

  return TRUE;
}

/* Tells cairo that the target's pixels changed behind its back. */
void
annals_render_raster_end (AnnalsRenderCtx *ctx)
{
  AnnalsRaster *r = &ctx->raster;

  if (r->image == NULL)
    return;

  cairo_surface_mark_dirty_rectangle (r->surface, r->clip.x1, r->clip.y1,
                                      r->clip.x2 - r->clip.x1, r->clip.y2 - r->clip.y1);
  g_clear_pointer (&r->solid, pixman_image_unref);
  pixman_image_unref (r->image);
  memset (r, 0, sizeof *r);
}

/* Premultiplied, as pixman takes colours. */
static pixman_color_t
to_pixman (const AnnalsRgba *color,
           double            alpha)
{
  double a = CLAMP (color->a * alpha, 0, 1);
  pixman_color_t c;

  c.red = (guint16) (CLAMP (color->r, 0, 1) * a * 65535 + 0.5);
  c.green = (guint16) (CLAMP (color->g, 0, 1) * a * 65535 + 0.5);
  c.blue = (guint16) (CLAMP (color->b, 0, 1) * a * 65535 + 0.5);
  c.alpha = (guint16) (a * 65535 + 0.5);

  return c;
}

/* A solid source of @c: the last one is kept, as runs of fills share a
 * colour. Owned by @r. */
static pixman_image_t *
solid_image (AnnalsRaster         *r,
             const pixman_color_t *c)
{
  if (r->solid != NULL && memcmp (&r->solid_color, c, sizeof *c) == 0)
    return r->solid;

  g_clear_pointer (&r->solid, pixman_image_unref);
  r->solid = pixman_image_create_solid_fill (c);
  r->solid_color = *c;

  return r->solid;
}

/* Cuts the pixel box (@x, @y, @w, @h) to the clip; FALSE when nothing is
 * left. @sx, @sy (optional) move with the box's origin. */
static gboolean
clip_box (const AnnalsRaster *r,
          int                *x,
          int                *y,
          int                *w,
          int                *h,
          int                *sx,
          int                *sy)
{
  int x0 = MAX (*x, r->clip.x1);
  int y0 = MAX (*y, r->clip.y1);
  int x1 = MIN (*x + *w, r->clip.x2);
  int y1 = MIN (*y + *h, r->clip.y2);

  if (x1 <= x0 || y1 <= y0)
    return FALSE;
  if (sx != NULL)
    *sx += x0 - *x;
  if (sy != NULL)
    *sy += y0 - *y;
  *x = x0;
  *y = y0;
  *w = x1 - x0;
  *h = y1 - y0;

  return TRUE;
}

/* The parts of [@a, @b) on whole pixels: a partly covered first pixel, a run
 * of whole ones, a partly covered last one. @pos/@len/@cov get up to three
 * bands; returns how many. */
static guint
bands (double  a,
       double  b,
       int    *pos,
       int    *len,
       double *cov)
{
  double fa = floor (a);
  double cb = ceil (b);
  guint n = 0;

  if (b <= a)
    return 0;
  if (cb - fa <= 1)
    {
      pos[0] = (int) fa;
      len[0] = 1;
      cov[0] = b - a;
      return 1;
    }
  if (a > fa)
    {
      pos[n] = (int) fa;
      len[n] = 1;
      cov[n++] = fa + 1 - a;
      fa += 1;
    }
  if (b < cb)
    cb -= 1;
  if (cb > fa)
    {
      pos[n] = (int) fa;
      len[n] = (int) (cb - fa);
      cov[n++] = 1;
    }
  if (b > cb && cb >= fa)
    {
      pos[n] = (int) cb;
      len[n] = 1;
      cov[n++] = b - cb;
    }

  return n;
}

/* A rectangle of user space as up to nine boxes of pixels of one coverage
 * each (the partly covered edge rows and columns, the whole pixels inside),
 * clipped; the boxes clipped away are left out. */
typedef struct
{
  int    x;
  int    y;
  int    w;
  int    h;
  double cov;
} CoverBox;

static guint
cover_boxes (AnnalsRaster *r,
             double        x0,
             double        y0,
             double        x1,
             double        y1,
             CoverBox      boxes[9])
{
  int xp[3], xl[3], yp[3], yl[3];
  double xc[3], yc[3];
  guint nx = bands (x0 + r->dx, x1 + r->dx, xp, xl, xc);
  guint ny = bands (y0 + r->dy, y1 + r->dy, yp, yl, yc);
  guint n = 0;

  for (guint j = 0; j < ny; j++)
    for (guint i = 0; i < nx; i++)
      {
        CoverBox *box = &boxes[n];

        box->x = xp[i];
        box->y = yp[j];
        box->w = xl[i];
        box->h = yl[j];
        box->cov = xc[i] * yc[j];
        if (clip_box (r, &box->x, &box->y, &box->w, &box->h, NULL, NULL))
          n++;
      }

  return n;
}

/**
 * annals_render_raster_rect:
 *
 * Fills the rectangle [@x0, @x1) x [@y0, @y1) (user units) with @color at
 * @alpha, with the coverage cairo gives its partly covered edge pixels.
 */
void
annals_render_raster_rect (AnnalsRenderCtx  *ctx,
                           double            x0,
                           double            y0,
                           double            x1,
                           double            y1,
                           const AnnalsRgba *color,
                           double            alpha)
{
  AnnalsRaster *r = &ctx->raster;
  CoverBox boxes[9];
  guint n = cover_boxes (r, x0, y0, x1, y1, boxes);

  for (guint i = 0; i < n; i++)
    {
      const CoverBox *box = &boxes[i];
      pixman_color_t c;

      /* Below half a level of eight bits, cairo leaves the pixel too. */
      if (box->cov * alpha * color->a < 1.0 / 512)
        continue;
      c = to_pixman (color, alpha * box->cov);
      pixman_image_composite32 (PIXMAN_OP_OVER, solid_image (r, &c), NULL, r->image,
                                0, 0, 0, 0, box->x, box->y, box->w, box->h);
    }
}

/**
 * annals_render_raster_mask:
 * @mask: an A8 coverage image
 * @tile: (nullable): a repeating image to paint, as annals_render_raster_tile()
 *   takes it; else @color at @alpha
 *
 * Composites @tile, or @color at @alpha, through @mask, its origin at the
 * pixel (@x, @y) of user space.
 */
void
annals_render_raster_mask (AnnalsRenderCtx  *ctx,
                           pixman_image_t   *mask,
                           int               x,
                           int               y,
                           pixman_image_t   *tile,
                           const AnnalsRgba *color,
                           double            alpha)
{
  AnnalsRaster *r = &ctx->raster;
  int w = pixman_image_get_width (mask);
  int h = pixman_image_get_height (mask);
  int mx = 0;
  int my = 0;
  pixman_color_t c;

  x += r->dx;
  y += r->dy;
  if (!clip_box (r, &x, &y, &w, &h, &mx, &my))
    return;

  if (tile != NULL)
    {
      pixman_image_composite32 (PIXMAN_OP_OVER, tile, mask, r->image, x - r->dx, y - r->dy,
                                mx, my, x, y, w, h);
      return;
    }

  c = to_pixman (color, alpha);
  pixman_image_composite32 (PIXMAN_OP_OVER, solid_image (r, &c), mask, r->image, 0, 0, mx, my,
                            x, y, w, h);
}

/**
 * annals_render_raster_image:
 * @image: premultiplied ARGB
 *
 * Composites @image with its origin at the pixel (@x, @y) of user space.
 */
void
annals_render_raster_image (AnnalsRenderCtx *ctx,
                            pixman_image_t  *image,
                            int              x,
                            int              y)
{
  AnnalsRaster *r = &ctx->raster;
  int w = pixman_image_get_width (image);
  int h = pixman_image_get_height (image);
  int sx = 0;
  int sy = 0;

  x += r->dx;
  y += r->dy;
  if (!clip_box (r, &x, &y, &w, &h, &sx, &sy))
    return;

  pixman_image_composite32 (PIXMAN_OP_OVER, image, NULL, r->image, sx, sy, 0, 0, x, y, w, h);
}

/**
 * annals_render_raster_tile:
 * @tile: a repeating premultiplied ARGB image, its phase at the user origin
 *
 * Fills the rectangle [@x0, @x1) x [@y0, @y1) (user units) with @tile, edge
 * pixels by their coverage, as a cairo fill with a repeating pattern.
 */
void
annals_render_raster_tile (AnnalsRenderCtx *ctx,
                           pixman_image_t  *tile,
                           double           x0,
                           double           y0,
                           double           x1,
                           double           y1)
{
  AnnalsRaster *r = &ctx->raster;
  CoverBox boxes[9];
  guint n = cover_boxes (r, x0, y0, x1, y1, boxes);

  for (guint i = 0; i < n; i++)
    {
      const CoverBox *box = &boxes[i];
      pixman_image_t *mask = NULL;

      if (box->cov < 1.0 / 512)
        continue;
      if (box->cov < 1)
        {
          pixman_color_t c = { 0, 0, 0, (guint16) (box->cov * 65535 + 0.5) };

          mask = pixman_image_create_solid_fill (&c);
        }
      /* The tile's phase is in user space, as a cairo pattern's is. */
      pixman_image_composite32 (PIXMAN_OP_OVER, tile, mask, r->image,
                                box->x - r->dx, box->y - r->dy, 0, 0, box->x, box->y,
                                box->w, box->h);
      if (mask != NULL)
        pixman_image_unref (mask);
    }
}

/**
 * annals_render_raster_wrap:
 * @surface: an A8 or ARGB32 image surface
 *
 * Returns: (transfer full): a pixman image of @surface's pixels (flushed),
 *   valid while @surface lives
 */
pixman_image_t *
annals_render_raster_wrap (cairo_surface_t *surface)
{
  cairo_format_t format = cairo_image_surface_get_format (surface);

  cairo_surface_flush (surface);

  return pixman_image_create_bits_no_clear (format == CAIRO_FORMAT_A8 ? PIXMAN_a8
                                            : PIXMAN_a8r8g8b8,
                                            cairo_image_surface_get_width (surface),
                                            cairo_image_surface_get_height (surface),
                                            (uint32_t *) cairo_image_surface_get_data (surface),
                                            cairo_image_surface_get_stride (surface));
}

/* Stamps: small coverage masks kept per thread. The lanes draw the same few
 * shapes thousands of times (fades of a width, short bars of a size, date
 * periods, labels): each is rasterised once, with cairo, and then only
 * composited. Cleared when full, which costs one frame its stamps again. */

#define STAMP_CACHE_MAX 1024

typedef struct
{
  cairo_surface_t *surface;
  pixman_image_t  *image;
} Stamp;

static void
stamp_free (gpointer data)
{
  Stamp *stamp = data;

  pixman_image_unref (stamp->image);
  cairo_surface_destroy (stamp->surface);
  g_free (stamp);
}

static void
stamp_cache_free (gpointer data)
{
  g_hash_table_unref (data);
}

static GPrivate stamp_cache_key = G_PRIVATE_INIT (stamp_cache_free);

/**
 * annals_render_raster_stamp:
 * @key: names the stamp with everything that changes its pixels (a string
 *   the caller builds; copied)
 * @width: pixels
 * @height: pixels
 * @draw: draws the coverage on the A8 context it is given, in pixels from
 *   the stamp's origin, tolerance and antialiasing set as the lanes have them
 *
 * @surface: (out) (optional) (transfer none): the stamp's pixels as a cairo
 *   surface, for callers that keep the stamp (with a reference) beyond
 *
 * Returns: (transfer none): the A8 stamp named @key, drawn by @draw the first
 *   time; owned by the thread's cache, valid until the next call
 */
pixman_image_t *
annals_render_raster_stamp (const char           *key,
                            int                   width,
                            int                   height,
                            AnnalsStampDrawFunc   draw,
                            gconstpointer         data,
                            cairo_surface_t     **surface)
{
  GHashTable *cache = g_private_get (&stamp_cache_key);
  Stamp *stamp;
  cairo_t *cr;

  if (cache == NULL)
    {
      cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, stamp_free);
      g_private_set (&stamp_cache_key, cache);
    }

  stamp = g_hash_table_lookup (cache, key);
  if (stamp != NULL)
    {
      if (surface != NULL)
        *surface = stamp->surface;
      return stamp->image;
    }

  if (g_hash_table_size (cache) >= STAMP_CACHE_MAX)
    g_hash_table_remove_all (cache);

  stamp = g_new0 (Stamp, 1);
  stamp->surface = cairo_image_surface_create (CAIRO_FORMAT_A8, MAX (width, 1), MAX (height, 1));
  cr = cairo_create (stamp->surface);
  /* As annals_render_draw_lanes() draws. */
  cairo_set_tolerance (cr, 0.25);
  cairo_set_source_rgba (cr, 0, 0, 0, 1);
  draw (cr, data);
  cairo_destroy (cr);
  stamp->image = annals_render_raster_wrap (stamp->surface);
  g_hash_table_insert (cache, g_strdup (key), stamp);
  if (surface != NULL)
    *surface = stamp->surface;

  return stamp->image;
}
