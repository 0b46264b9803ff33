/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include <math.h>
#include <string.h>

#include "annals-render-private.h"

/* Painting many shapes of one look fast. On this path the cost is cairo's:
 * every fill rasterises its whole bounding box, the stroker works dash by
 * dash, and a small antialiased circle costs as much as a 40-pixel bar. So
 * hatching and dashes are repeated tiles filled in one go, solid outlines are
 * ring fills rather than strokes, and on raster targets marks are sprites
 * drawn once per look and then blitted. Where the lanes have direct access to
 * an image's pixels (ctx->raster, annals-render-raster.c), boxes, tiles, bar
 * ends and short bars skip cairo altogether: the same pixels, composited by
 * pixman without cairo's per-call cost. */

/* Tiles repeated over a fill, made on an image similar to the target, at its
 * device scale (raster targets only).
 * Filling with them costs one fill whatever the length of a bar, where
 * stroking dashes or hatch lines costs per dash and per line. */
static cairo_pattern_t *
make_tile (AnnalsRenderCtx  *ctx,
           double            width,
           double            height,
           const AnnalsRgba *color,
           double            alpha,
           guint             kind)
{
  cairo_surface_t *target;
  cairo_surface_t *tile;
  cairo_pattern_t *pattern;
  cairo_t *cr;

  target = cairo_get_target (ctx->cr);
  tile = cairo_surface_create_similar (target, CAIRO_CONTENT_COLOR_ALPHA,
                                       (int) ceil (width), (int) ceil (height));
  cr = cairo_create (tile);
  annals_render_set_color (cr, color, alpha);

  if (kind == ANNALS_PATTERN_HATCH || kind == ANNALS_PATTERN_CROSS)
    {
      /* A diagonal, continued across the tile's corners so tiles join. */
      for (int k = -1; k <= 1; k++)
        {
          cairo_move_to (cr, k * width - 1, height + 1);
          cairo_line_to (cr, k * width + width + 1, -1);
          if (kind == ANNALS_PATTERN_CROSS)
            {
              cairo_move_to (cr, k * width - 1, -1);
              cairo_line_to (cr, k * width + width + 1, height + 1);
            }
        }
      cairo_set_line_width (cr, 1.1);
      cairo_stroke (cr);
    }
  else
    {
      /* A dash: the first part of the period. */
      cairo_rectangle (cr, 0, 0, kind == ANNALS_LINE_DOTTED ? 1.5 : 4, height);
      cairo_fill (cr);
    }

  cairo_destroy (cr);
  pattern = cairo_pattern_create_for_surface (tile);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
  cairo_surface_destroy (tile);

  return pattern;
}

/* Tiles are kept for the frame: a row of many groups reuses them. Returns a
 * pattern owned by the context. */
static cairo_pattern_t *
tile_pattern (AnnalsRenderCtx  *ctx,
              double            width,
              double            height,
              const AnnalsRgba *color,
              double            alpha,
              guint             kind)
{
  AnnalsTile *tile;

  for (guint i = 0; i < ctx->n_tiles; i++)
    {
      tile = &ctx->tiles[i];
      if (tile->kind == kind && tile->alpha == alpha && tile->color.r == color->r
          && tile->color.g == color->g && tile->color.b == color->b && tile->color.a == color->a)
        return tile->pattern;
    }

  /* Full: recycle the oldest. */
  if (ctx->n_tiles == G_N_ELEMENTS (ctx->tiles))
    {
      g_clear_pointer (&ctx->tiles[0].image, pixman_image_unref);
      g_clear_pointer (&ctx->tiles[0].raster_surface, cairo_surface_destroy);
      cairo_pattern_destroy (ctx->tiles[0].pattern);
      memmove (&ctx->tiles[0], &ctx->tiles[1], sizeof ctx->tiles[0] * (ctx->n_tiles - 1));
      ctx->n_tiles--;
    }

  tile = &ctx->tiles[ctx->n_tiles++];
  tile->kind = kind;
  tile->alpha = alpha;
  tile->color = *color;
  tile->pattern = make_tile (ctx, width, height, color, alpha, kind);
  tile->image = NULL;
  tile->raster_surface = NULL;

  return tile->pattern;
}

/* The same pixels as @pattern's tile for the raster, which repeats them as
 * the pattern does; NULL when there are none. */
static pixman_image_t *
tile_image (AnnalsRenderCtx *ctx,
            cairo_pattern_t *pattern)
{
  for (guint i = 0; i < ctx->n_tiles; i++)
    {
      AnnalsTile *tile = &ctx->tiles[i];
      cairo_surface_t *surface = NULL;

      if (tile->pattern != pattern)
        continue;
      if (tile->image == NULL && ctx->raster.image != NULL
          && cairo_pattern_get_surface (pattern, &surface) == CAIRO_STATUS_SUCCESS
          && cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE
          && cairo_image_surface_get_format (surface) == CAIRO_FORMAT_ARGB32)
        {
          int tw = cairo_image_surface_get_width (surface);
          int th = cairo_image_surface_get_height (surface);
          cairo_t *cr;

          /* Pixman repeats a tile row by row, one copy at a time: a few
           * pixels wide, it would composite a hatched bar in hundreds of
           * pieces per row. The raster's copy is the same pattern, in the
           * same phase, as wide as a screen: one or two pieces a row. */
          tile->raster_surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                             tw * MAX (1, (2048 + tw - 1) / tw),
                                                             th);
          cr = cairo_create (tile->raster_surface);
          cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
          cairo_set_source (cr, pattern);
          cairo_paint (cr);
          cairo_destroy (cr);
          tile->image = annals_render_raster_wrap (tile->raster_surface);
          pixman_image_set_repeat (tile->image, PIXMAN_REPEAT_NORMAL);
        }
      return tile->image;
    }

  return NULL;
}

/**
 * annals_render_free_stamps:
 *
 * Frees the tiles and masks made for this frame.
 */
void
annals_render_free_stamps (AnnalsRenderCtx *ctx)
{
  for (guint i = 0; i < ctx->n_tiles; i++)
    {
      g_clear_pointer (&ctx->tiles[i].image, pixman_image_unref);
      g_clear_pointer (&ctx->tiles[i].raster_surface, cairo_surface_destroy);
      cairo_pattern_destroy (ctx->tiles[i].pattern);
    }
  ctx->n_tiles = 0;
  g_clear_pointer (&ctx->cap_masks, g_hash_table_unref);
}

static void
shapes_path (AnnalsRenderCtx   *ctx,
             const AnnalsShape *shapes,
             guint              n)
{
  cairo_new_path (ctx->cr);
  for (guint i = 0; i < n; i++)
    {
      const AnnalsShape *shape = &shapes[i];

      if (shape->type == ANNALS_EVENT_SPAN)
        annals_render_bar_path (ctx, shape->x0, shape->x1, shape->y, shape->h, shape->r,
                                shape->round_left, shape->round_right);
      else
        annals_render_mark_path (ctx->cr, shape->type, shape->cx, shape->cy, shape->r);
    }
}

/* The short parts of outlines that are stroked: bar ends (with their
 * corners) and whole marks. Long bar edges are filled instead. */
static void
outline_ends_path_append (AnnalsRenderCtx   *ctx,
                          const AnnalsShape *s)
{
  cairo_t *cr = ctx->cr;
  double r = s->r;

  if (s->type != ANNALS_EVENT_SPAN)
    {
      annals_render_mark_path (cr, s->type, s->cx, s->cy, s->r);
      return;
    }

  if (!s->cut_left)
    {
      if (s->round_left && r >= 0.5)
        {
          cairo_move_to (cr, s->x0 + r, s->y);
          cairo_arc_negative (cr, s->x0 + r, s->y + r, r, -G_PI_2, -G_PI);
          cairo_line_to (cr, s->x0, s->y + s->h - r);
          cairo_arc_negative (cr, s->x0 + r, s->y + s->h - r, r, G_PI, G_PI_2);
        }
      else
        {
          cairo_move_to (cr, s->x0, s->y);
          cairo_line_to (cr, s->x0, s->y + s->h);
        }
    }
  if (!s->cut_right)
    {
      if (s->round_right && r >= 0.5)
        {
          cairo_move_to (cr, s->x1 - r, s->y);
          cairo_arc (cr, s->x1 - r, s->y + r, r, -G_PI_2, 0);
          cairo_line_to (cr, s->x1, s->y + s->h - r);
          cairo_arc (cr, s->x1 - r, s->y + s->h - r, r, 0, G_PI_2);
        }
      else
        {
          cairo_move_to (cr, s->x1, s->y);
          cairo_line_to (cr, s->x1, s->y + s->h);
        }
    }
}

static void
outline_ends_path (AnnalsRenderCtx   *ctx,
                   const AnnalsShape *shapes,
                   guint              n)
{
  cairo_new_path (ctx->cr);
  for (guint i = 0; i < n; i++)
    outline_ends_path_append (ctx, &shapes[i]);
}

/* A rounded rectangle traced clockwise, or counter-clockwise when @reverse,
 * so that an outer and a reversed inner one fill as a ring. */
static void
rounded_rect_dir (cairo_t  *cr,
                  double    x0,
                  double    y0,
                  double    x1,
                  double    y1,
                  double    r,
                  gboolean  reverse)
{
  r = MAX (0, MIN (r, MIN ((x1 - x0) / 2, (y1 - y0) / 2)));
  cairo_new_sub_path (cr);
  if (!reverse)
    {
      cairo_arc (cr, x1 - r, y0 + r, r, -G_PI_2, 0);
      cairo_arc (cr, x1 - r, y1 - r, r, 0, G_PI_2);
      cairo_arc (cr, x0 + r, y1 - r, r, G_PI_2, G_PI);
      cairo_arc (cr, x0 + r, y0 + r, r, G_PI, 3 * G_PI_2);
    }
  else
    {
      cairo_arc_negative (cr, x0 + r, y0 + r, r, 3 * G_PI_2, G_PI);
      cairo_arc_negative (cr, x0 + r, y1 - r, r, G_PI, G_PI_2);
      cairo_arc_negative (cr, x1 - r, y1 - r, r, G_PI_2, 0);
      cairo_arc_negative (cr, x1 - r, y0 + r, r, 0, -G_PI_2);
    }
  cairo_close_path (cr);
}

static void
mark_path_dir (cairo_t  *cr,
               guint     type,
               double    cx,
               double    cy,
               double    r,
               gboolean  reverse)
{
  int sign = reverse ? -1 : 1;

  cairo_new_sub_path (cr);
  if (type == ANNALS_EVENT_MILESTONE)
    {
      cairo_move_to (cr, cx, cy - r);
      cairo_line_to (cr, cx + sign * r, cy);
      cairo_line_to (cr, cx, cy + r);
      cairo_line_to (cr, cx - sign * r, cy);
    }
  else if (!reverse)
    cairo_arc (cr, cx, cy, r, 0, 2 * G_PI);
  else
    cairo_arc_negative (cr, cx, cy, r, 2 * G_PI, 0);
  cairo_close_path (cr);
}

/* Solid outlines as fills of rings: the stroker is the costliest thing
 * cairo does with many small shapes, a ring fill is cheap. A bar cut at the
 * view's edge has no side there. */
static void
ring_path (AnnalsRenderCtx   *ctx,
           const AnnalsShape *shapes,
           guint              n,
           double             lw)
{
  cairo_t *cr = ctx->cr;
  double d = lw / 2;

  cairo_new_path (cr);
  for (guint i = 0; i < n; i++)
    {
      const AnnalsShape *s = &shapes[i];

      if (s->type == ANNALS_EVENT_SPAN)
        {
          double ox0 = s->cut_left ? s->x0 : s->x0 - d;
          double ox1 = s->cut_right ? s->x1 : s->x1 + d;
          double ix0 = s->cut_left ? ox0 : s->x0 + d;
          double ix1 = s->cut_right ? ox1 : s->x1 - d;

          rounded_rect_dir (cr, ox0, s->y - d, ox1, s->y + s->h + d, s->r + d, FALSE);
          if (ix1 > ix0 && s->h > lw)
            rounded_rect_dir (cr, ix0, s->y + d, ix1, s->y + s->h - d, MAX (s->r - d, 0), TRUE);
        }
      else
        {
          double k = s->type == ANNALS_EVENT_MILESTONE ? G_SQRT2 : 1;

          mark_path_dir (cr, s->type, s->cx, s->cy, s->r + d * k, FALSE);
          if (s->r > d * k)
            mark_path_dir (cr, s->type, s->cx, s->cy, s->r - d * k, TRUE);
        }
    }
}

/* Marks on raster targets are sprites: each look (type, status, colour,
 * size, dimming, device scale) is drawn once per thread and then blitted at
 * whole device pixels, five times cheaper than rasterising the path again
 * for every mark. Vector targets (SVG, PDF) keep real paths. */

#define SPRITE_CACHE_MAX 512

typedef struct
{
  cairo_surface_t *surface;
  pixman_image_t  *image;              /* @surface's pixels, when an ARGB32 image */
  double           half;               /* half its size, user units */
} Sprite;

static void
sprite_free (gpointer data)
{
  Sprite *sprite = data;

  g_clear_pointer (&sprite->image, pixman_image_unref);
  cairo_surface_destroy (sprite->surface);
  g_free (sprite);
}

static void
sprite_cache_free (gpointer data)
{
  g_hash_table_unref (data);
}

static GPrivate sprite_cache_key = G_PRIVATE_INIT (sprite_cache_free);

static gboolean
can_use_sprites (AnnalsRenderCtx *ctx)
{
  cairo_matrix_t m;

  if (ctx->no_sprites
      || cairo_surface_get_type (cairo_get_target (ctx->cr)) != CAIRO_SURFACE_TYPE_IMAGE)
    return FALSE;

  /* Only under translation and uniform scale, where a blit is exact. */
  cairo_get_matrix (ctx->cr, &m);

  return m.xy == 0 && m.yx == 0 && m.xx == m.yy && m.xx > 0;
}

static Sprite *
get_sprite (AnnalsRenderCtx   *ctx,
            guint              status,
            const AnnalsRgba  *color,
            double             alpha,
            const AnnalsShape *shape)
{
  GHashTable *cache = g_private_get (&sprite_cache_key);
  cairo_surface_t *target = cairo_get_target (ctx->cr);
  double sx;
  double sy;
  cairo_matrix_t m;
  char key[160];
  Sprite *sprite;
  AnnalsRenderCtx sub;
  AnnalsShape centred;
  double size;

  if (cache == NULL)
    {
      cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, sprite_free);
      g_private_set (&sprite_cache_key, cache);
    }

  cairo_surface_get_device_scale (target, &sx, &sy);
  cairo_get_matrix (ctx->cr, &m);
  /* A key on the stack: looking up allocates nothing. */
  g_snprintf (key, sizeof key, "%u:%u:%.4f:%.4f:%.4f:%.4f:%.3f:%.3f:%.3f:%d", shape->type, status,
              color->r, color->g, color->b, color->a * alpha, shape->r, sx * m.xx,
              ctx->theme->foreground.r, ctx->theme->variant);
  sprite = g_hash_table_lookup (cache, key);
  if (sprite != NULL)
    return sprite;

  if (g_hash_table_size (cache) >= SPRITE_CACHE_MAX)
    g_hash_table_remove_all (cache);

  sprite = g_new0 (Sprite, 1);
  sprite->half = ceil (shape->r + 2.5);
  size = 2 * sprite->half;
  /* Similar to the target: an image at its device scale; the user scale is
   * applied on top so that a sprite is as sharp as a drawn mark. */
  sprite->surface = cairo_surface_create_similar (target, CAIRO_CONTENT_COLOR_ALPHA,
                                                  (int) ceil (size * m.xx),
                                                  (int) ceil (size * m.xx));
  cairo_surface_set_device_scale (sprite->surface, sx * m.xx, sy * m.xx);

  sub = *ctx;
  sub.cr = cairo_create (sprite->surface);
  sub.no_sprites = TRUE;
  /* Drawn with cairo into the sprite, never into the frame's target. */
  sub.no_raster = TRUE;
  memset (&sub.raster, 0, sizeof sub.raster);
  sub.n_tiles = 0;
  sub.cap_masks = NULL;
  sub.clamp_left = -G_MAXDOUBLE;
  sub.clamp_right = G_MAXDOUBLE;
  cairo_set_tolerance (sub.cr, 0.1);
  centred = *shape;
  centred.cx = sprite->half;
  centred.cy = sprite->half;
  annals_render_paint_shapes (&sub, status, color, alpha, &centred, 1);
  annals_render_free_stamps (&sub);
  cairo_destroy (sub.cr);
  if (cairo_surface_get_type (sprite->surface) == CAIRO_SURFACE_TYPE_IMAGE
      && cairo_image_surface_get_format (sprite->surface) == CAIRO_FORMAT_ARGB32)
    sprite->image = annals_render_raster_wrap (sprite->surface);

  g_hash_table_insert (cache, g_strdup (key), sprite);

  return sprite;
}

/* Blits the marks of @shapes; returns how many shapes are left (the bars,
 * moved to the front). */
static guint
blit_marks (AnnalsRenderCtx  *ctx,
            guint             status,
            const AnnalsRgba *color,
            double            alpha,
            AnnalsShape      *shapes,
            guint             n)
{
  cairo_t *cr = ctx->cr;
  cairo_matrix_t m;
  guint n_bars = 0;
  Sprite *last = NULL;
  guint last_type = 0;
  double last_r = 0;

  cairo_get_matrix (cr, &m);

  for (guint i = 0; i < n; i++)
    {
      AnnalsShape *shape = &shapes[i];
      Sprite *sprite;
      double x;
      double y;

      if (shape->type == ANNALS_EVENT_SPAN)
        {
          shapes[n_bars++] = *shape;
          continue;
        }

      /* Marks of one look mostly share a size: the last sprite saves
       * formatting and hashing the key again. */
      if (last != NULL && shape->type == last_type && shape->r == last_r)
        sprite = last;
      else
        sprite = get_sprite (ctx, status, color, alpha, shape);
      last = sprite;
      last_type = shape->type;
      last_r = shape->r;
      /* Snap to whole device pixels: at most half a pixel off, and a blit. */
      x = shape->cx - sprite->half;
      y = shape->cy - sprite->half;
      if (ctx->raster.image != NULL && sprite->image != NULL)
        {
          /* The raster is at scale 1 under a whole-pixel translation. */
          annals_render_raster_image (ctx, sprite->image, (int) round (x), (int) round (y));
          continue;
        }
      cairo_user_to_device (cr, &x, &y);
      x = round (x);
      y = round (y);
      cairo_device_to_user (cr, &x, &y);
      cairo_set_source_surface (cr, sprite->surface, x, y);
      cairo_rectangle (cr, x, y, 2 * sprite->half, 2 * sprite->half);
      cairo_fill (cr);
    }

  return n_bars;
}

/* Raster bars: the body and the long outline edges are pixel-aligned boxes,
 * which cairo fills without rasterising a path; only the rounded caps stay
 * paths. Seams sit on whole device pixels, so a tinted bar has no visible
 * join, and the hatch tile's phase is in user space, so it runs on across. */

static void
snap_point (cairo_t *cr,
            double  *x,
            double  *y)
{
  cairo_user_to_device (cr, x, y);
  *x = round (*x);
  *y = round (*y);
  cairo_device_to_user (cr, x, y);
}

static double
snap_x (cairo_t *cr,
        double   x,
        double   y)
{
  snap_point (cr, &x, &y);

  return x;
}

/* Snaps bars to device pixels and finds their boxed bodies. */
static void
prepare_boxes (AnnalsRenderCtx *ctx,
               AnnalsShape     *shapes,
               guint            n)
{
  cairo_t *cr = ctx->cr;

  for (guint i = 0; i < n; i++)
    {
      AnnalsShape *sh = &shapes[i];
      double x0 = sh->x0;
      double y0 = sh->y;
      double x1 = sh->x1;
      double y1 = sh->y + sh->h;

      sh->body0 = sh->body1 = 0;
      if (sh->type != ANNALS_EVENT_SPAN)
        continue;

      snap_point (cr, &x0, &y0);
      snap_point (cr, &x1, &y1);
      if (x1 - x0 < 1 || y1 - y0 < 1)
        continue;
      sh->x0 = x0;
      sh->x1 = x1;
      sh->y = y0;
      sh->h = y1 - y0;
      sh->r = MIN (sh->r, MIN ((x1 - x0) / 2, sh->h / 2));

      sh->body0 = sh->round_left ? snap_x (cr, x0 + sh->r, y0) : x0;
      sh->body1 = sh->round_right ? snap_x (cr, x1 - sh->r, y0) : x1;
      if (sh->body1 - sh->body0 < 1)
        sh->body0 = sh->body1 = 0;
    }
}

static gboolean
has_box (const AnnalsShape *sh)
{
  return sh->type == ANNALS_EVENT_SPAN && sh->body1 > sh->body0;
}

/* What a fill paints, for the raster (which has no current source): a
 * repeating tile, or a colour. */
typedef struct
{
  pixman_image_t   *tile;
  const AnnalsRgba *color;
  double            alpha;
} Ink;

static void
ink_rect (AnnalsRenderCtx *ctx,
          const Ink       *ink,
          double           x0,
          double           y0,
          double           x1,
          double           y1)
{
  if (ink->tile != NULL)
    annals_render_raster_tile (ctx, ink->tile, x0, y0, x1, y1);
  else
    annals_render_raster_rect (ctx, x0, y0, x1, y1, ink->color, ink->alpha);
}

static void
boxes_path (AnnalsRenderCtx   *ctx,
            const AnnalsShape *shapes,
            guint              n)
{
  cairo_new_path (ctx->cr);
  for (guint i = 0; i < n; i++)
    if (has_box (&shapes[i]))
      cairo_rectangle (ctx->cr, shapes[i].body0, shapes[i].y, shapes[i].body1 - shapes[i].body0,
                       shapes[i].h);
}

/* A rounded cap of a bar, between its end and its body (@left: which end). */
static void
cap_path (cairo_t           *cr,
          const AnnalsShape *sh,
          gboolean           left)
{
  double r = sh->r;
  double y0 = sh->y;
  double y1 = sh->y + sh->h;

  cairo_new_sub_path (cr);
  if (left)
    {
      cairo_move_to (cr, sh->body0, y0);
      cairo_arc_negative (cr, sh->x0 + r, y0 + r, r, -G_PI_2, -G_PI);
      cairo_arc_negative (cr, sh->x0 + r, y1 - r, r, G_PI, G_PI_2);
      cairo_line_to (cr, sh->body0, y1);
    }
  else
    {
      cairo_move_to (cr, sh->body1, y0);
      cairo_arc (cr, sh->x1 - r, y0 + r, r, -G_PI_2, 0);
      cairo_arc (cr, sh->x1 - r, y1 - r, r, 0, G_PI_2);
      cairo_line_to (cr, sh->body1, y1);
    }
  cairo_close_path (cr);
}

/* The ring of a cap: its outline from the body's top edge round to the
 * bottom one, as one closed band. */
static void
cap_ring_path (cairo_t           *cr,
               const AnnalsShape *sh,
               gboolean           left,
               double             d)
{
  double r = sh->r;
  double ri = MAX (r - d, 0);
  double y0 = sh->y;
  double y1 = sh->y + sh->h;

  cairo_new_sub_path (cr);
  if (left)
    {
      double b = sh->body0;
      double c = sh->x0 + r;

      cairo_move_to (cr, b, y0 - d);
      cairo_arc_negative (cr, c, y0 + r, r + d, -G_PI_2, -G_PI);
      cairo_arc_negative (cr, c, y1 - r, r + d, G_PI, G_PI_2);
      cairo_line_to (cr, b, y1 + d);
      cairo_line_to (cr, b, y1 - d);
      cairo_arc (cr, c, y1 - r, ri, G_PI_2, G_PI);
      cairo_arc (cr, c, y0 + r, ri, G_PI, 3 * G_PI_2);
      cairo_line_to (cr, b, y0 + d);
    }
  else
    {
      double b = sh->body1;
      double c = sh->x1 - r;

      cairo_move_to (cr, b, y0 - d);
      cairo_arc (cr, c, y0 + r, r + d, -G_PI_2, 0);
      cairo_arc (cr, c, y1 - r, r + d, 0, G_PI_2);
      cairo_line_to (cr, b, y1 + d);
      cairo_line_to (cr, b, y1 - d);
      cairo_arc_negative (cr, c, y1 - r, ri, G_PI_2, 0);
      cairo_arc_negative (cr, c, y0 + r, ri, 0, -G_PI_2);
      cairo_line_to (cr, b, y0 + d);
    }
  cairo_close_path (cr);
}

/* Rounded bar ends cost the rasteriser as much as a mark each, and a frame
 * has two per bar. At scale 1, where bar ends sit on whole pixels, an end of
 * one size is rasterised once per frame into a coverage mask and then
 * composited with the current source: the same pixels, a small blit each. */
static gboolean
can_use_cap_masks (AnnalsRenderCtx *ctx)
{
  cairo_matrix_t m;
  double sx;
  double sy;

  cairo_get_matrix (ctx->cr, &m);
  cairo_surface_get_device_scale (cairo_get_target (ctx->cr), &sx, &sy);

  return m.xx == 1 && m.yy == 1 && m.xy == 0 && m.yx == 0 && sx == 1 && sy == 1;
}

/* The margin of a mask around its end: the outline of a ring reaches @ring
 * beyond the bar, and a mask starts on a whole pixel. */
static int
cap_pad (double ring)
{
  return (int) ceil (ring);
}

/* The frame's masks are found by what they look like: the fields below.
 * They are kept for the whole frame, however many, so that what is drawn
 * never depends on what was drawn before it (a band of the plot is drawn
 * as in the whole frame, annals-render-bands.c). */

static guint
cap_hash (gconstpointer data)
{
  const AnnalsCapMask *c = data;

  return (((guint) c->line * 31 + (guint) c->left) * 31 + (guint) c->width) * 31
         + (guint) c->height * 7 + g_double_hash (&c->r) + g_double_hash (&c->ring) * 3;
}

static gboolean
cap_equal (gconstpointer a,
           gconstpointer b)
{
  const AnnalsCapMask *x = a;
  const AnnalsCapMask *y = b;

  return x->line == y->line && x->left == y->left && x->width == y->width
         && x->height == y->height && x->r == y->r && x->ring == y->ring;
}

static void
cap_free (gpointer data)
{
  AnnalsCapMask *cap = data;

  g_clear_pointer (&cap->image, pixman_image_unref);
  g_clear_pointer (&cap->mask, cairo_surface_destroy);
  g_free (cap);
}

static AnnalsCapMask *
find_cap (AnnalsRenderCtx     *ctx,
          const AnnalsCapMask *look)
{
  return ctx->cap_masks != NULL ? g_hash_table_lookup (ctx->cap_masks, look) : NULL;
}

/* A new mask of @look, for the frame; its pixels are the caller's to set. */
static AnnalsCapMask *
keep_cap (AnnalsRenderCtx     *ctx,
          const AnnalsCapMask *look)
{
  AnnalsCapMask *cap = g_new (AnnalsCapMask, 1);

  if (ctx->cap_masks == NULL)
    ctx->cap_masks = g_hash_table_new_full (cap_hash, cap_equal, NULL, cap_free);
  *cap = *look;
  cap->mask = NULL;
  cap->image = NULL;
  g_hash_table_add (ctx->cap_masks, cap);

  return cap;
}

typedef struct
{
  AnnalsShape shape;                   /* moved to the mask's origin */
  gboolean    left;
  double      ring;
} CapStamp;

static void
draw_cap_stamp (cairo_t       *cr,
                gconstpointer  data)
{
  const CapStamp *c = data;

  cairo_new_path (cr);
  if (c->ring > 0)
    cap_ring_path (cr, &c->shape, c->left, c->ring);
  else
    cap_path (cr, &c->shape, c->left);
  cairo_fill (cr);
}

/* Returns: (transfer none) (nullable): the mask of the @left or right end of
 * @sh (its outline of half-width @ring when > 0), owned by the context, to
 * be placed at (@sh's end or body - pad, y - pad); NULL when the end is too
 * small for one */
static AnnalsCapMask *
cap_mask (AnnalsRenderCtx   *ctx,
          const AnnalsShape *sh,
          gboolean           left,
          double             ring)
{
  int width = (int) round (left ? sh->body0 - sh->x0 : sh->x1 - sh->body1);
  int height = (int) round (sh->h);
  int pad = cap_pad (ring);
  AnnalsCapMask look = { .left = left, .width = width, .height = height, .r = sh->r,
                         .ring = ring, .line = ANNALS_LINE_NONE };
  AnnalsCapMask *cap;
  AnnalsShape local;
  cairo_t *cr;

  if (width < 1 || height < 1)
    return NULL;
  cap = find_cap (ctx, &look);
  if (cap != NULL)
    return cap;

  /* The end drawn as on the target, moved to the mask's origin. */
  local = *sh;
  local.y = pad;
  local.h = height;
  if (left)
    {
      local.x0 = pad;
      local.body0 = pad + width;
    }
  else
    {
      local.body1 = 0;
      local.x1 = width;
    }

  cap = keep_cap (ctx, &look);
  if (ctx->raster.image != NULL)
    {
      CapStamp c = { local, left, ring };
      char key[96];

      /* On the raster, from the thread's stamps: the same ends come back
       * frame after frame. */
      g_snprintf (key, sizeof key, "cap:%d:%d:%d:%.4f:%g", left, width, height, sh->r, ring);
      cap->image = pixman_image_ref (annals_render_raster_stamp (key, width + pad,
                                                                 height + 2 * pad,
                                                                 draw_cap_stamp, &c,
                                                                 &cap->mask));
      cairo_surface_reference (cap->mask);
      return cap;
    }

  cap->mask = cairo_image_surface_create (CAIRO_FORMAT_A8, width + pad, height + 2 * pad);
  cr = cairo_create (cap->mask);
  cairo_set_tolerance (cr, cairo_get_tolerance (ctx->cr));
  cairo_set_antialias (cr, cairo_get_antialias (ctx->cr));
  draw_cap_stamp (cr, &(CapStamp) { local, left, ring });
  cairo_destroy (cr);

  return cap;
}

/* Composites the ends of @shapes that have masks (@masks, two per shape),
 * with @ink through the raster when it is in use, else with the current
 * source. */
static void
paint_cap_masks (AnnalsRenderCtx   *ctx,
                 const AnnalsShape *shapes,
                 guint              n,
                 AnnalsCapMask    **masks,
                 double             ring,
                 const Ink         *ink)
{
  int pad = cap_pad (ring);

  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < 2; k++)
      {
        const AnnalsCapMask *cap = masks[2 * i + k];
        double x = k == 0 ? shapes[i].x0 - pad : shapes[i].body1;

        if (cap == NULL)
          continue;
        /* Raster shapes sit on whole pixels (prepare_boxes()). */
        if (ctx->raster.image != NULL && cap->image != NULL)
          annals_render_raster_mask (ctx, cap->image, (int) round (x),
                                     (int) round (shapes[i].y) - pad, ink->tile, ink->color,
                                     ink->alpha);
        else
          cairo_mask_surface (ctx->cr, cap->mask, x, shapes[i].y - pad);
      }
}

/* Finds the masks of the ends of @shapes' boxed bars, into @masks (two per
 * shape, NULL where an end is drawn as a path). */
static void
find_cap_masks (AnnalsRenderCtx   *ctx,
                const AnnalsShape *shapes,
                guint              n,
                AnnalsCapMask    **masks,
                double             ring)
{
  for (guint i = 0; i < n; i++)
    {
      const AnnalsShape *sh = &shapes[i];

      masks[2 * i] = has_box (sh) && sh->body0 > sh->x0 ? cap_mask (ctx, sh, TRUE, ring) : NULL;
      masks[2 * i + 1] = has_box (sh) && sh->body1 < sh->x1
                         ? cap_mask (ctx, sh, FALSE, ring) : NULL;
    }
}

/* Bars too short to have a box (a few pixels) are, on the raster, stamps of
 * the whole bar or of its ring: at a zoom most are of a few sizes, and each
 * path fill costs cairo the whole band it spans. */

typedef struct
{
  AnnalsShape shape;                   /* moved to the stamp's origin */
  double      lw;                      /* the ring's width, 0 for the fill */
} BarStamp;

/* Marks short-bar stamps among the frame's masks (AnnalsCapMask.line), whose
 * other fields then hold the bar's size, radius (1/1024 px), flags and ring. */
#define BAR_STAMP 0x100

static void
draw_bar_stamp (cairo_t       *cr,
                gconstpointer  data)
{
  const BarStamp *b = data;
  AnnalsRenderCtx sub = { 0 };

  sub.cr = cr;
  sub.clamp_left = -G_MAXDOUBLE;
  sub.clamp_right = G_MAXDOUBLE;
  if (b->lw > 0)
    ring_path (&sub, &b->shape, 1, b->lw);
  else
    shapes_path (&sub, &b->shape, 1);
  cairo_fill (cr);
}

/* Composites the short bar @sh (its ring of width @lw when > 0) with @ink;
 * FALSE when it is not on whole pixels and must be a path. */
static gboolean
stamp_bar (AnnalsRenderCtx   *ctx,
           const AnnalsShape *sh,
           double             lw,
           const Ink         *ink)
{
  int pad = (int) ceil (lw / 2);
  int width;
  int rq;
  int flags;
  pixman_image_t *stamp = NULL;
  AnnalsCapMask look = { 0 };
  AnnalsCapMask *cap;

  if (sh->type != ANNALS_EVENT_SPAN || sh->x0 != floor (sh->x0) || sh->x1 != floor (sh->x1)
      || sh->y != floor (sh->y) || sh->h != floor (sh->h) || sh->x1 - sh->x0 > 64)
    return FALSE;

  width = (int) (sh->x1 - sh->x0);
  rq = (int) lround (sh->r * 1024);
  flags = sh->round_left | sh->round_right << 1 | sh->cut_left << 2 | sh->cut_right << 3;

  /* The frame's own masks first: a frame has a few sizes of short bars,
   * and looking there costs less than naming the stamp for the thread's
   * cache. */
  look.line = BAR_STAMP;
  look.width = width;
  look.height = (int) sh->h;
  look.r = rq;
  look.left = flags;
  look.ring = lw;
  cap = find_cap (ctx, &look);
  if (cap != NULL)
    stamp = cap->image;
  else
    {
      BarStamp b;
      char key[96];
      cairo_surface_t *surface = NULL;

      memset (&b, 0, sizeof b);
      b.shape = *sh;
      b.shape.x0 = pad;
      b.shape.x1 = pad + width;
      b.shape.y = pad;
      b.lw = lw;
      g_snprintf (key, sizeof key, "bar:%d:%d:%d:%d:%d", width, (int) sh->h, rq, flags,
                  (int) lround (lw * 64));
      stamp = annals_render_raster_stamp (key, width + 2 * pad, (int) sh->h + 2 * pad,
                                          draw_bar_stamp, &b, &surface);
      /* Kept for the frame, with references: the thread's cache may be
       * cleared meanwhile. */
      cap = keep_cap (ctx, &look);
      cap->mask = cairo_surface_reference (surface);
      cap->image = pixman_image_ref (stamp);
    }

  annals_render_raster_mask (ctx, stamp, (int) sh->x0 - pad, (int) sh->y - pad, ink->tile,
                             ink->color, ink->alpha);

  return TRUE;
}

/* Everything of @shapes that is not a box: caps, short bars, marks. Caps that
 * have a mask in @masks are left out, and so are short bars stamped with
 * @ink on the raster (when @ink is given). */
static void
rest_path (AnnalsRenderCtx   *ctx,
           const AnnalsShape *shapes,
           guint              n,
           AnnalsCapMask    **masks,
           const Ink         *ink)
{
  cairo_t *cr = ctx->cr;

  cairo_new_path (cr);
  for (guint i = 0; i < n; i++)
    {
      const AnnalsShape *sh = &shapes[i];

      if (!has_box (sh))
        {
          if (ink != NULL && ctx->raster.image != NULL && stamp_bar (ctx, sh, 0, ink))
            continue;
          if (sh->type == ANNALS_EVENT_SPAN)
            annals_render_bar_path (ctx, sh->x0, sh->x1, sh->y, sh->h, sh->r, sh->round_left,
                                    sh->round_right);
          else
            annals_render_mark_path (cr, sh->type, sh->cx, sh->cy, sh->r);
          continue;
        }
      if (sh->body0 > sh->x0 && (masks == NULL || masks[2 * i] == NULL))
        cap_path (cr, sh, TRUE);
      if (sh->body1 < sh->x1 && (masks == NULL || masks[2 * i + 1] == NULL))
        cap_path (cr, sh, FALSE);
    }
}

/* Fills @shapes with the current source: boxes, then the rest. */
static void
fill_shapes (AnnalsRenderCtx   *ctx,
             const AnnalsShape *shapes,
             guint              n,
             gboolean           boxes,
             const Ink         *ink)
{
  cairo_t *cr = ctx->cr;
  AnnalsCapMask *stack_masks[2 * 64];
  AnnalsCapMask **masks = NULL;

  if (!boxes)
    {
      shapes_path (ctx, shapes, n);
      cairo_fill (cr);
      return;
    }

  if (ctx->raster.image != NULL)
    {
      /* Whole-pixel boxes: no path, no mask, one pixman fill each. */
      for (guint i = 0; i < n; i++)
        if (has_box (&shapes[i]))
          ink_rect (ctx, ink, shapes[i].body0, shapes[i].y, shapes[i].body1,
                    shapes[i].y + shapes[i].h);
    }
  else
    {
      boxes_path (ctx, shapes, n);
      cairo_fill (cr);
    }

  if (can_use_cap_masks (ctx))
    {
      /* No allocation for the usual batch; a large one needs its own. */
      masks = n <= 64 ? stack_masks : g_new (AnnalsCapMask *, 2 * n);
      find_cap_masks (ctx, shapes, n, masks, 0);
    }

  rest_path (ctx, shapes, n, masks, ink);
  cairo_fill (cr);

  if (masks == NULL)
    return;
  paint_cap_masks (ctx, shapes, n, masks, 0, ink);
  if (masks != stack_masks)
    g_free (masks);
}

/* Solid outlines of boxed bars: edge strips as boxes, caps as bands, the
 * rest as rings. */
static void
fill_rings (AnnalsRenderCtx   *ctx,
            AnnalsShape       *shapes,
            guint              n,
            double             lw,
            gboolean           boxes,
            const Ink         *ink)
{
  cairo_t *cr = ctx->cr;
  double d = lw / 2;
  guint n_rest = 0;
  AnnalsCapMask *stack_masks[2 * 64];
  AnnalsCapMask **masks = NULL;

  if (!boxes)
    {
      ring_path (ctx, shapes, n, lw);
      cairo_fill (cr);
      return;
    }

  if (ctx->raster.image != NULL)
    {
      /* The strips are not on whole pixels in y: the raster gives their
       * edge rows the coverage cairo would. */
      for (guint i = 0; i < n; i++)
        {
          const AnnalsShape *sh = &shapes[i];

          if (!has_box (sh))
            continue;
          ink_rect (ctx, ink, sh->body0, sh->y - d, sh->body1, sh->y + d);
          ink_rect (ctx, ink, sh->body0, sh->y + sh->h - d, sh->body1, sh->y + sh->h + d);
          if (!sh->round_left && !sh->cut_left)
            ink_rect (ctx, ink, sh->x0 - d, sh->y + d, sh->x0 + d, sh->y + sh->h - d);
          if (!sh->round_right && !sh->cut_right)
            ink_rect (ctx, ink, sh->x1 - d, sh->y + d, sh->x1 + d, sh->y + sh->h - d);
        }
    }
  else
    {
      cairo_new_path (cr);
      for (guint i = 0; i < n; i++)
        {
          const AnnalsShape *sh = &shapes[i];

          if (!has_box (sh))
            continue;
          cairo_rectangle (cr, sh->body0, sh->y - d, sh->body1 - sh->body0, lw);
          cairo_rectangle (cr, sh->body0, sh->y + sh->h - d, sh->body1 - sh->body0, lw);
          if (!sh->round_left && !sh->cut_left)
            cairo_rectangle (cr, sh->x0 - d, sh->y + d, lw, sh->h - lw);
          if (!sh->round_right && !sh->cut_right)
            cairo_rectangle (cr, sh->x1 - d, sh->y + d, lw, sh->h - lw);
        }
      cairo_fill (cr);
    }

  if (can_use_cap_masks (ctx))
    {
      masks = n <= 64 ? stack_masks : g_new (AnnalsCapMask *, 2 * n);
      find_cap_masks (ctx, shapes, n, masks, d);
      paint_cap_masks (ctx, shapes, n, masks, d, ink);
    }

  cairo_new_path (cr);
  for (guint i = 0; i < n; i++)
    {
      const AnnalsShape *sh = &shapes[i];

      if (!has_box (sh))
        {
          /* Moved to the front for one ring path below, unless stamped. */
          if (ctx->raster.image == NULL || !stamp_bar (ctx, sh, lw, ink))
            shapes[n_rest++] = *sh;
          continue;
        }
      if (sh->body0 > sh->x0 && (masks == NULL || masks[2 * i] == NULL))
        cap_ring_path (cr, sh, TRUE, d);
      if (sh->body1 < sh->x1 && (masks == NULL || masks[2 * i + 1] == NULL))
        cap_ring_path (cr, sh, FALSE, d);
    }
  cairo_fill (cr);
  if (masks != stack_masks)
    g_free (masks);

  if (n_rest > 0)
    {
      ring_path (ctx, shapes, n_rest, lw);
      cairo_fill (cr);
    }
}

/* Dashed and dotted outline ends on the raster. Stroking dashes is the
 * dearest thing cairo does here, and every end of one size strokes the same
 * pixels: the dash pattern starts again at each end (a sub-path), and raster
 * bars sit on whole pixels. So an end is stroked once per frame into a mask,
 * as outline_ends_path() would trace it, and composited at each bar. */

typedef struct
{
  AnnalsShape shape;                   /* moved to the stamp's origin */
  guint       line;
} EndStamp;

static void
draw_end_stamp (cairo_t       *cr,
                gconstpointer  data)
{
  const EndStamp *e = data;
  AnnalsRenderCtx sub = { 0 };

  sub.cr = cr;
  outline_ends_path (&sub, &e->shape, 1);
  annals_render_set_line (cr, e->line);
  cairo_stroke (cr);
}

/* The margin of an end's mask around its outline: half the line, round dot
 * caps included, and a pixel for antialiasing. */
static int
end_pad (double lw)
{
  return (int) ceil (lw / 2) + 1;
}

/* Returns: (transfer none) (nullable): the image of the @left or right end
 * outline of @sh, owned by the context; its origin goes at (x0 - pad, y - pad)
 * for a left end, (x1 - ceil (r) - pad, y - pad) for a right one */
static pixman_image_t *
end_stamp (AnnalsRenderCtx   *ctx,
           const AnnalsShape *sh,
           gboolean           left,
           guint              line,
           double             lw)
{
  double r = sh->r >= 0.5 && (left ? sh->round_left : sh->round_right) ? sh->r : 0;
  int rr = (int) ceil (r);
  int height = (int) sh->h;
  int pad = end_pad (lw);
  AnnalsCapMask look = { .left = left, .width = rr, .height = height, .r = r, .ring = lw,
                         .line = line };
  AnnalsCapMask *cap;
  AnnalsShape local;

  if (height < 1)
    return NULL;
  cap = find_cap (ctx, &look);
  if (cap != NULL)
    return cap->image;

  /* The end alone, traced as outline_ends_path() traces it. */
  memset (&local, 0, sizeof local);
  local.type = ANNALS_EVENT_SPAN;
  local.y = pad;
  local.h = sh->h;
  local.r = r;
  local.round_left = local.round_right = r > 0;
  local.cut_left = !left;
  local.cut_right = left;
  local.x0 = pad;
  local.x1 = rr + pad;

  cap = keep_cap (ctx, &look);
  {
    EndStamp e = { local, line };
    char key[96];

    g_snprintf (key, sizeof key, "end:%d:%d:%d:%.4f:%g", line, left, height, r, lw);
    cap->image = pixman_image_ref (annals_render_raster_stamp (key, rr + 2 * pad,
                                                               height + 2 * pad,
                                                               draw_end_stamp, &e, &cap->mask));
    cairo_surface_reference (cap->mask);
  }

  return cap->image;
}

/* Composites the dashed or dotted end outlines of @shapes in @color; ends
 * that cannot be stamped (off whole pixels) are left in the path for a
 * stroke. Returns whether any were left. */
static gboolean
stamp_ends (AnnalsRenderCtx   *ctx,
            const AnnalsShape *shapes,
            guint              n,
            guint              line,
            double             lw,
            const AnnalsRgba  *color,
            double             alpha)
{
  cairo_t *cr = ctx->cr;
  int pad = end_pad (lw);
  gboolean any_left = FALSE;

  cairo_new_path (cr);
  for (guint i = 0; i < n; i++)
    {
      const AnnalsShape *s = &shapes[i];
      gboolean whole = s->type == ANNALS_EVENT_SPAN && s->x0 == floor (s->x0)
                       && s->x1 == floor (s->x1) && s->y == floor (s->y) && s->h == floor (s->h);

      for (guint k = 0; k < 2; k++)
        {
          gboolean left = k == 0;
          pixman_image_t *stamp;

          if (left ? s->cut_left : s->cut_right)
            continue;
          stamp = whole ? end_stamp (ctx, s, left, line, lw) : NULL;
          if (stamp != NULL)
            {
              double r = s->r >= 0.5 && (left ? s->round_left : s->round_right) ? s->r : 0;
              int x = left ? (int) s->x0 - pad : (int) s->x1 - (int) ceil (r) - pad;

              annals_render_raster_mask (ctx, stamp, x, (int) s->y - pad, NULL, color, alpha);
            }
          else
            {
              AnnalsShape one = *s;

              /* The other end is stamped, or drawn in its own turn. */
              one.cut_left = !left || s->cut_left;
              one.cut_right = left || s->cut_right;
              outline_ends_path_append (ctx, &one);
              any_left = TRUE;
            }
        }
    }

  return any_left;
}

/* The straight part of a span's top and bottom outline, between its
 * rounded ends: FALSE when it is not a span or the ends leave none. */
static gboolean
straight_edge (const AnnalsShape *s,
               double            *e0,
               double            *e1)
{
  if (s->type != ANNALS_EVENT_SPAN)
    return FALSE;
  *e0 = s->x0 + (s->round_left ? s->r : 0);
  *e1 = s->x1 - (s->round_right ? s->r : 0);
  return *e1 > *e0;
}

/* Diagonal hatch lines over a box, appended to the path. */
static void
hatch_lines (cairo_t *cr,
             guint    pattern,
             double   x,
             double   y,
             double   w,
             double   h)
{
  const double step = 4.5;

  for (double s = x - h; s < x + w; s += step)
    {
      cairo_move_to (cr, s, y + h);
      cairo_line_to (cr, s + h, y);
      if (pattern == ANNALS_PATTERN_CROSS)
        {
          cairo_move_to (cr, s, y);
          cairo_line_to (cr, s + h, y + h);
        }
    }
}

/**
 * annals_render_paint_shapes:
 * @shapes: bars and marks of one look (status, colour, dimming); reordered
 *
 * Paints @shapes in the look of @status: fill, pattern, outline. One fill per
 * part for all of them.
 */
void
annals_render_paint_shapes (AnnalsRenderCtx  *ctx,
                            guint             status,
                            const AnnalsRgba *color,
                            double            alpha,
                            AnnalsShape      *shapes,
                            guint             n)
{
  cairo_t *cr = ctx->cr;
  const AnnalsStatusStyle *style = annals_render_status_style (status);
  /* Tiles are for raster targets: cairo 1.16 mishandles pattern surfaces
   * freed before a PDF or SVG is finished, and real lines read better
   * zoomed in anyway. */
  gboolean raster = cairo_surface_get_type (cairo_get_target (cr)) == CAIRO_SURFACE_TYPE_IMAGE;

  gboolean boxes;

  if (n > 0 && can_use_sprites (ctx))
    n = blit_marks (ctx, status, color, alpha, shapes, n);
  if (n == 0)
    return;

  /* Under the same transforms as sprites (translation, uniform scale). */
  boxes = raster && can_use_sprites (ctx);
  if (boxes)
    prepare_boxes (ctx, shapes, n);

  if (style->fill != ANNALS_FILL_NONE)
    {
      Ink ink = { NULL, color, style->fill == ANNALS_FILL_SOLID
                               ? alpha : alpha * annals_render_tint_alpha (ctx, status) };

      annals_render_set_color (cr, color, ink.alpha);
      fill_shapes (ctx, shapes, n, boxes, &ink);
    }

  if (style->pattern != ANNALS_PATTERN_NONE && !raster)
    {
      /* Vector output: real hatch lines inside the shapes. */
      cairo_save (cr);
      shapes_path (ctx, shapes, n);
      cairo_clip (cr);
      for (guint i = 0; i < n; i++)
        {
          const AnnalsShape *sh = &shapes[i];
          gboolean bar = sh->type == ANNALS_EVENT_SPAN;

          hatch_lines (cr, style->pattern, bar ? sh->x0 : sh->cx - sh->r,
                       bar ? sh->y : sh->cy - sh->r, bar ? sh->x1 - sh->x0 : 2 * sh->r,
                       bar ? sh->h : 2 * sh->r);
        }
      annals_render_set_color (cr, color, alpha * 0.85);
      cairo_set_line_width (cr, 1.1);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
  else if (style->pattern != ANNALS_PATTERN_NONE)
    {
      cairo_pattern_t *hatch = tile_pattern (ctx, 4.5, 4.5, color, alpha * 0.85, style->pattern);
      Ink ink = { tile_image (ctx, hatch), color, alpha };

      cairo_set_source (cr, hatch);
      if (ink.tile == NULL && ctx->raster.image != NULL)
        {
          /* No tile image: cairo fills it all. */
          annals_render_raster_end (ctx);
          fill_shapes (ctx, shapes, n, boxes, &ink);
          annals_render_raster_begin (ctx);
        }
      else
        fill_shapes (ctx, shapes, n, boxes, &ink);
    }

  if (style->line != ANNALS_LINE_NONE)
    {
      double lw = style->line == ANNALS_LINE_RING ? 2.0 : 1.5;
      AnnalsRgba line_color = *color;
      cairo_pattern_t *dashes;
      gboolean any_bar = FALSE;

      if (style->line == ANNALS_LINE_RING)
        line_color = annals_render_mix (color, &ctx->theme->foreground, 0.65);

      if (style->line == ANNALS_LINE_SOLID || style->line == ANNALS_LINE_RING)
        {
          Ink ink = { NULL, &line_color, alpha };

          annals_render_set_color (cr, &line_color, alpha);
          fill_rings (ctx, shapes, n, lw, boxes, &ink);
          return;
        }

      if (!raster)
        {
          /* Vector output: the dashed outline as one stroke. */
          shapes_path (ctx, shapes, n);
          annals_render_set_line (cr, style->line);
          annals_render_set_color (cr, &line_color, alpha);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          return;
        }

      /* Dashed: the long edges of bars are strips filled with a dash tile,
       * only the ends and the marks are stroked. */
      if (ctx->raster.image != NULL)
        {
          pixman_image_t *tile;

          dashes = tile_pattern (ctx, style->line == ANNALS_LINE_DOTTED ? 3 : 7, 2, &line_color,
                                 alpha, style->line);
          tile = tile_image (ctx, dashes);
          if (tile != NULL)
            {
              for (guint i = 0; i < n; i++)
                {
                  const AnnalsShape *s = &shapes[i];
                  double e0;
                  double e1;

                  if (!straight_edge (s, &e0, &e1))
                    continue;
                  annals_render_raster_tile (ctx, tile, e0, s->y - lw / 2, e1, s->y + lw / 2);
                  annals_render_raster_tile (ctx, tile, e0, s->y + s->h - lw / 2, e1,
                                             s->y + s->h + lw / 2);
                }
              if (stamp_ends (ctx, shapes, n, style->line, lw, &line_color, alpha))
                {
                  annals_render_set_line (cr, style->line);
                  annals_render_set_color (cr, &line_color, alpha);
                  cairo_stroke (cr);
                  cairo_set_dash (cr, NULL, 0, 0);
                }
              return;
            }
        }

      cairo_new_path (cr);
      for (guint i = 0; i < n; i++)
        {
          const AnnalsShape *s = &shapes[i];
          double e0;
          double e1;

          if (!straight_edge (s, &e0, &e1))
            continue;
          cairo_rectangle (cr, e0, s->y - lw / 2, e1 - e0, lw);
          cairo_rectangle (cr, e0, s->y + s->h - lw / 2, e1 - e0, lw);
          any_bar = TRUE;
        }
      if (any_bar)
        {
          dashes = tile_pattern (ctx, style->line == ANNALS_LINE_DOTTED ? 3 : 7, 2, &line_color,
                                 alpha, style->line);
          cairo_set_source (cr, dashes);
          cairo_fill (cr);
        }
      else
        cairo_new_path (cr);

      outline_ends_path (ctx, shapes, n);
      annals_render_set_line (cr, style->line);
      annals_render_set_color (cr, &line_color, alpha);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
}
