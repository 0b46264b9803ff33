/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include <math.h>

#include "annals-render-private.h"

/* Text through Pango, so any script renders and right-to-left reads right.
 * Geometry and drawing must agree on every surface, so metrics are unhinted
 * and sizes absolute. What can outlive a frame does, per thread: the Pango
 * context, shaped labels, ASCII advances per font. */

void
annals_render_measure (AnnalsRenderCtx            *ctx,
                       PangoLayout                *layout,
                       const PangoFontDescription *font,
                       const char                 *text,
                       double                     *width,
                       double                     *height)
{
  int w;
  int h;

  pango_layout_set_width (layout, -1);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  pango_layout_get_size (layout, &w, &h);

  if (width != NULL)
    *width = (double) w / PANGO_SCALE;
  if (height != NULL)
    *height = (double) h / PANGO_SCALE;
}

void
annals_render_show_text (AnnalsRenderCtx  *ctx,
                         PangoLayout      *layout,
                         double            x,
                         double            y,
                         const AnnalsRgba *color,
                         double            alpha)
{
  cairo_t *cr = ctx->cr;

  annals_render_set_color (cr, color, alpha);
  cairo_move_to (cr, x, y);
  /* show_layout keeps text as text in PDF and SVG (searchable, selectable). */
  pango_cairo_show_layout (cr, layout);
}

static PangoFontDescription *
make_font (const AnnalsTheme *theme,
           double             scale,
           PangoWeight        weight)
{
  PangoFontDescription *font = pango_font_description_from_string (theme->font_family);

  /* Points at 96 dpi, as the theme says; absolute sizes keep text the same on
   * every surface whatever resolution it reports. */
  pango_font_description_set_absolute_size (font, theme->font_size * scale * 96.0 / 72.0
                                                  * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);

  return font;
}

static void
measure_label_font (AnnalsRenderCtx *ctx)
{
  static const char sample[] = "Summit forum mission 2026 agreement";
  double w;
  double h;

  annals_render_measure_cached (ctx, ctx->font, sample, &w, &h);
  ctx->char_width = w / (sizeof sample - 1);
  ctx->line_height = h;
}

/* Event labels and track names at @scale of the theme's size, for pages
 * where rows had to be made compact. */
void
annals_render_scale_labels (AnnalsRenderCtx *ctx,
                            double           scale)
{
  annals_render_ensure_text (ctx);
  pango_font_description_free (ctx->font);
  pango_font_description_free (ctx->font_bold);
  ctx->font = make_font (ctx->theme, scale, PANGO_WEIGHT_NORMAL);
  ctx->font_bold = make_font (ctx->theme, scale, PANGO_WEIGHT_BOLD);
  ctx->label_px = ctx->theme->font_size * scale * 96.0 / 72.0;
  ctx->advances = NULL;
  measure_label_font (ctx);
}

/* Text objects outlive frames, per thread (Pango's default font map is per
 * thread too): a frame then creates no context and no layouts, only sets
 * text on pooled ones. */
typedef struct
{
  PangoContext *pango;
  GHashTable   *labels;                /* "font|strike|width|title" -> PangoLayout */
  GHashTable   *advances;              /* font description string -> double[128] */
  GHashTable   *sizes;                 /* "font|language|text" -> TextSize */
  GHashTable   *layouts;               /* "font|language|text" -> PangoLayout */
} TextCache;

typedef struct
{
  int width;                           /* Pango units */
  int height;
} TextSize;

/* Shaped labels kept across frames: panning and zooming show the same titles
 * again, and shaping is the dearest part of text. Cleared when it grows past
 * this; drawers hold their own references. */
#define LABEL_CACHE_MAX 4096

/* Sizes of measured-only strings (axis labels tried while choosing a step):
 * every frame at a zoom tries the same dozens again. */
#define SIZE_CACHE_MAX 4096

static void
text_cache_free (gpointer data)
{
  TextCache *cache = data;

  g_hash_table_unref (cache->layouts);
  g_hash_table_unref (cache->sizes);
  g_hash_table_unref (cache->advances);
  g_hash_table_unref (cache->labels);
  g_object_unref (cache->pango);
  g_free (cache);
}

static GPrivate text_cache_key = G_PRIVATE_INIT (text_cache_free);

static TextCache *
get_text_cache (void)
{
  TextCache *cache = g_private_get (&text_cache_key);
  cairo_font_options_t *options;

  if (cache != NULL)
    return cache;

  cache = g_new0 (TextCache, 1);
  cache->pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  cache->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  cache->advances = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  cache->sizes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  cache->layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  /* The same metrics on screen, PNG, SVG and PDF: geometry measured here must
   * be what gets drawn, so metrics are never hinted. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_SLIGHT);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (cache->pango, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (cache->pango, FALSE);

  g_private_set (&text_cache_key, cache);

  return cache;
}

/**
 * annals_render_label_layout:
 * @strike: whether the title is struck through (cancelled, denied)
 * @width: ellipsize to this many user units, or < 0 for the natural width
 *
 * Returns: (transfer full): @text laid out in the label font, from the
 *   thread's cache when it was shaped before
 */
PangoLayout *
annals_render_label_layout (AnnalsRenderCtx *ctx,
                            const char      *text,
                            gboolean         strike,
                            double           width)
{
  TextCache *cache = get_text_cache ();
  int pango_width = width < 0 ? -1 : (int) floor (width) * PANGO_SCALE;
  char key[512];
  PangoLayout *layout;
  int n;

  n = g_snprintf (key, sizeof key, "%u|%d|%d|%s", pango_font_description_hash (ctx->font),
                  strike, pango_width, text);
  if (n < (int) sizeof key)
    {
      layout = g_hash_table_lookup (cache->labels, key);
      if (layout != NULL)
        return g_object_ref (layout);
    }

  layout = pango_layout_new (cache->pango);
  pango_layout_set_auto_dir (layout, TRUE);
  pango_layout_set_font_description (layout, ctx->font);
  if (strike)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_strikethrough_new (TRUE));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  if (pango_width > 0)
    {
      pango_layout_set_width (layout, pango_width);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_set_text (layout, text, -1);

  if (n < (int) sizeof key)
    {
      if (g_hash_table_size (cache->labels) >= LABEL_CACHE_MAX)
        g_hash_table_remove_all (cache->labels);
      g_hash_table_insert (cache->labels, g_strdup (key), g_object_ref (layout));
    }

  return layout;
}

/**
 * annals_render_measure_cached:
 * @width: (out) (optional): user units
 * @height: (out) (optional): user units
 *
 * The size of @text in @font, as annals_render_measure() gives it, from the
 * thread's cache when it was measured before. For strings that are measured
 * and not drawn: it leaves the context's layout as it was.
 */
void
annals_render_measure_cached (AnnalsRenderCtx            *ctx,
                              const PangoFontDescription *font,
                              const char                 *text,
                              double                     *width,
                              double                     *height)
{
  TextCache *cache = get_text_cache ();
  char key[256];
  TextSize *size;
  PangoLayout *layout;
  int n;

  annals_render_ensure_text (ctx);
  if (text == NULL)
    text = "";

  /* The language takes part: it picks fonts for shared scripts. */
  n = g_snprintf (key, sizeof key, "%u|%s|%s", pango_font_description_hash (font),
                  pango_language_to_string (pango_context_get_language (ctx->pango)), text);
  size = n < (int) sizeof key ? g_hash_table_lookup (cache->sizes, key) : NULL;
  if (size == NULL)
    {
      size = g_new (TextSize, 1);
      layout = pango_layout_new (ctx->pango);
      pango_layout_set_font_description (layout, font);
      pango_layout_set_text (layout, text, -1);
      pango_layout_get_size (layout, &size->width, &size->height);
      g_object_unref (layout);

      if (n < (int) sizeof key)
        {
          if (g_hash_table_size (cache->sizes) >= SIZE_CACHE_MAX)
            g_hash_table_remove_all (cache->sizes);
          g_hash_table_insert (cache->sizes, g_strdup (key), size);
        }
    }

  if (width != NULL)
    *width = (double) size->width / PANGO_SCALE;
  if (height != NULL)
    *height = (double) size->height / PANGO_SCALE;

  if (n >= (int) sizeof key)
    g_free (size);
}

/**
 * annals_render_text_layout:
 * @width: (out) (optional): user units
 * @height: (out) (optional): user units
 *
 * @text laid out in @font with no width limit, as annals_render_measure()
 * lays it out, from the thread's cache when it was shaped before: the axis
 * draws the same labels frame after frame.
 *
 * Returns: (transfer none): a layout owned by the thread's cache, valid until
 *   the next call
 */
PangoLayout *
annals_render_text_layout (AnnalsRenderCtx            *ctx,
                           const PangoFontDescription *font,
                           const char                 *text,
                           double                     *width,
                           double                     *height)
{
  TextCache *cache = get_text_cache ();
  char key[256];
  PangoLayout *layout;
  int n;
  int w;
  int h;

  annals_render_ensure_text (ctx);
  if (text == NULL)
    text = "";

  n = g_snprintf (key, sizeof key, "%u|%s|%s", pango_font_description_hash (font),
                  pango_language_to_string (pango_context_get_language (ctx->pango)), text);
  layout = n < (int) sizeof key ? g_hash_table_lookup (cache->layouts, key) : NULL;
  if (layout == NULL && n < (int) sizeof key)
    {
      layout = pango_layout_new (ctx->pango);
      pango_layout_set_font_description (layout, font);
      pango_layout_set_text (layout, text, -1);
      if (g_hash_table_size (cache->layouts) >= SIZE_CACHE_MAX)
        g_hash_table_remove_all (cache->layouts);
      g_hash_table_insert (cache->layouts, g_strdup (key), layout);
    }
  else if (layout == NULL)
    {
      /* Too long to keep: the context's own layout. */
      layout = ctx->text;
      annals_render_measure (ctx, layout, font, text, NULL, NULL);
    }

  pango_layout_get_size (layout, &w, &h);
  if (width != NULL)
    *width = (double) w / PANGO_SCALE;
  if (height != NULL)
    *height = (double) h / PANGO_SCALE;

  return layout;
}

/* Advances of the printable ASCII characters in @font, measured once per
 * thread and font. */
static const double *
ascii_advances (AnnalsRenderCtx            *ctx,
                const PangoFontDescription *font)
{
  TextCache *cache = get_text_cache ();
  g_autofree char *name = pango_font_description_to_string (font);
  double *advances = g_hash_table_lookup (cache->advances, name);
  char sample[96];
  PangoLayout *layout;
  PangoLayoutIter *iter;

  if (advances != NULL)
    return advances;

  for (int c = 32; c < 127; c++)
    sample[c - 32] = (char) c;
  sample[95] = '\0';

  advances = g_new0 (double, 128);
  layout = pango_layout_new (cache->pango);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, sample, -1);
  iter = pango_layout_get_iter (layout);
  do
    {
      PangoRectangle rect;
      int index = pango_layout_iter_get_index (iter);

      pango_layout_iter_get_cluster_extents (iter, NULL, &rect);
      if (index >= 0 && index < 95)
        advances[(guchar) sample[index]] = (double) rect.width / PANGO_SCALE;
    }
  while (pango_layout_iter_next_cluster (iter));
  pango_layout_iter_free (iter);
  g_object_unref (layout);

  g_hash_table_insert (cache->advances, g_steal_pointer (&name), advances);

  return advances;
}

/**
 * annals_render_estimate_width:
 * @width: (out): the width of @text in the label font, user units
 *
 * Most titles are plain ASCII: their width is the sum of the characters'
 * advances, known without shaping. Labels are placed from this estimate (with
 * a margin for kerning) and shaped once, when drawn.
 *
 * Returns: FALSE for text beyond ASCII, which must be measured
 */
gboolean
annals_render_estimate_width (AnnalsRenderCtx *ctx,
                              const char      *text,
                              double          *width)
{
  const double *advances = ctx->advances;
  double w = 0;

  if (advances == NULL)
    advances = ctx->advances = ascii_advances (ctx, ctx->font);

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (*p < 32 || *p >= 127)
        return FALSE;
      w += advances[*p];
    }

  *width = w * 1.02 + 1;

  return TRUE;
}

void
annals_render_ensure_text (AnnalsRenderCtx *ctx)
{
  const char *lang;
  double h;

  if (ctx->has_text)
    return;

  ctx->has_text = TRUE;
  ctx->pango = g_object_ref (get_text_cache ()->pango);

  /* The dataset's language picks fonts for shared scripts (Han, Cyrillic). */
  lang = ctx->timeline->lang;
  pango_context_set_language (ctx->pango, lang != NULL && *lang != '\0'
                                          ? pango_language_from_string (lang)
                                          : pango_language_get_default ());

  ctx->font = make_font (ctx->theme, 1.0, PANGO_WEIGHT_NORMAL);
  ctx->label_px = ctx->theme->font_size * 96.0 / 72.0;
  ctx->font_bold = make_font (ctx->theme, 1.0, PANGO_WEIGHT_BOLD);
  ctx->font_small = make_font (ctx->theme, 0.9, PANGO_WEIGHT_NORMAL);
  ctx->font_small_bold = make_font (ctx->theme, 0.9, PANGO_WEIGHT_BOLD);
  ctx->text = pango_layout_new (ctx->pango);

  measure_label_font (ctx);
  annals_render_measure_cached (ctx, ctx->font_small, "Summit 2026", NULL, &h);
  ctx->small_line_height = h;
}
