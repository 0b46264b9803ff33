/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include <math.h>
#include <string.h>

#include "annals-axis.h"
#include "annals-render-private.h"

/* Events, row by row. A row's events never overlap in time and are sorted, so
 * one binary search finds the first in view and the walk stops at the right
 * edge. Where events crowd (more than two starting within a few pixels) the
 * walk switches to pixel columns: it counts the events starting in each column
 * with galloping searches, without visiting them one by one, and draws one
 * density mark for the run. The cost of a row is therefore bounded by its
 * width in pixels, whatever the number of events, and individual events per
 * row are capped too. Buffers (items, column counts, text layouts) are
 * allocated once per frame. On image targets the lanes are drawn through the
 * raster (annals-render-raster.c): labels, fades and bar ends are stamps
 * composited straight onto the pixels.
 */

typedef struct _Walk Walk;

typedef gboolean (*ItemFunc)    (AnnalsRenderCtx *ctx,
                                 Walk            *walk,
                                 guint            index);
typedef gboolean (*DensityFunc) (AnnalsRenderCtx *ctx,
                                 Walk            *walk,
                                 int              col0,
                                 int              col1,
                                 guint            first);

struct _Walk
{
  guint              row;
  guint              n;
  const guint32     *events;
  const AnnalsTime  *starts;
  const AnnalsTime  *ends;
  AnnalsTime         t_right;
  guint32           *counts;           /* per column, zero between runs */
  int                col_base;
  int                n_cols;
  ItemFunc           item;
  DensityFunc        density;
  gpointer           data;
};

/* Items of many rows are drawn together: rows never overlap, so batching the
 * whole frame by look turns thousands of small fills into a few dozen. The
 * buffers are allocated once per frame and flushed when full. */
#define BATCH_ITEMS  4096

typedef struct
{
  AnnalsRenderItem  *items;
  AnnalsShape       *shapes;           /* as many as items */
  AnnalsRenderItem **order;            /* items sorted by look */
  guint              n_items;
  guint              row_labels;       /* labels placed in the current row */
  double             prev_right;       /* right end of what was placed last in the row */
  /* The colour of the last event's category and track: neighbours mostly
   * share them, and the theme checks contrast for each. */
  gboolean           has_color;
  gint32             color_category;
  gint32             color_track;
  AnnalsRgba         color;
} DrawState;

typedef struct
{
  double x;
  double y;
  gint   result;
} PickState;

/* Row walking */

/* First index >= @lo whose start is >= @time: galloping, so that skipping k
 * events costs O(log k). */
static guint
gallop (const AnnalsTime *starts,
        guint             lo,
        guint             n,
        AnnalsTime        time)
{
  guint step = 1;
  guint hi = lo;

  while (hi < n && starts[hi] < time)
    {
      lo = hi + 1;
      hi = lo + step;
      step *= 2;
    }
  hi = MIN (hi, n);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (starts[mid] < time)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static int
clamp_col (const Walk *walk,
           double      x)
{
  double c = floor (x);

  if (c < walk->col_base)
    return walk->col_base;
  if (c >= walk->col_base + walk->n_cols)
    return walk->col_base + walk->n_cols - 1;

  return (int) c;
}

static void
walk_row (AnnalsRenderCtx *ctx,
          Walk            *walk)
{
  AnnalsTime t_left = annals_render_time_at (ctx, ctx->plot.x - ANNALS_RENDER_EDGE_PX);
  guint cap = MAX (16, (guint) (ctx->plot.width / ANNALS_RENDER_CLUSTER_PX));
  guint n_individual = 0;
  guint i;

  walk->n = annals_layout_get_row_events (ctx->layout, walk->row, &walk->events, &walk->starts,
                                          &walk->ends);
  walk->t_right = annals_render_time_at (ctx, ctx->plot.x + ctx->plot.width
                                              + ANNALS_RENDER_EDGE_PX) + 1;
  i = annals_layout_row_find (ctx->layout, walk->row, t_left);

  while (i < walk->n && walk->starts[i] < walk->t_right)
    {
      double x = annals_render_x (ctx, walk->starts[i]);
      gboolean is_long = annals_render_x (ctx, walk->ends[i]) - x >= ANNALS_RENDER_CLUSTER_PX;
      guint j = gallop (walk->starts, i + 1, walk->n,
                        annals_render_time_at (ctx, x + ANNALS_RENDER_CLUSTER_PX) + 1);
      int c;
      int run_first;
      int run_last = G_MININT;
      guint first = i;

      if ((is_long || j - i <= 2) && n_individual < cap)
        {
          n_individual++;
          if (!walk->item (ctx, walk, i))
            return;
          i++;
          continue;
        }

      /* A crowd: count events per pixel column until a gap opens. */
      c = clamp_col (walk, x);
      run_first = c;
      for (;;)
        {
          guint k = gallop (walk->starts, i, walk->n, annals_render_time_at (ctx, c + 1.0) + 1);
          double xn;

          if (k > i)
            {
              guint last = k - 1;

              /* The last to start in a column may be a long span: it ends the
               * crowd and is drawn on its own. */
              if (n_individual < cap && last > i
                  && annals_render_x (ctx, walk->ends[last])
                     - annals_render_x (ctx, walk->starts[last]) >= ANNALS_RENDER_CLUSTER_PX)
                {
                  walk->counts[c - walk->col_base] += last - i;
                  run_last = c;
                  i = last;
                  break;
                }
              if (n_individual < cap && last == i && i > first
                  && annals_render_x (ctx, walk->ends[i])
                     - annals_render_x (ctx, walk->starts[i]) >= ANNALS_RENDER_CLUSTER_PX)
                break;
              walk->counts[c - walk->col_base] += k - i;
              run_last = c;
              i = k;
            }

          if (i >= walk->n || walk->starts[i] >= walk->t_right)
            break;
          xn = annals_render_x (ctx, walk->starts[i]);
          if (xn >= c + 1 + ANNALS_RENDER_CLUSTER_PX && n_individual < cap)
            break;
          c = MAX (c + 1, clamp_col (walk, xn));
          if (c >= walk->col_base + walk->n_cols)
            break;
        }

      if (run_last >= run_first)
        {
          if (!walk->density (ctx, walk, run_first, run_last, first))
            return;
        }
      else if (i == first)
        {
          /* Nothing counted (a long span opened the run): draw it alone. */
          n_individual++;
          if (!walk->item (ctx, walk, i))
            return;
          i++;
        }
    }
}

static void
walk_init (AnnalsRenderCtx *ctx,
           Walk            *walk,
           guint32         *counts)
{
  memset (walk, 0, sizeof *walk);
  walk->col_base = (int) floor (ctx->plot.x - ANNALS_RENDER_EDGE_PX) - 1;
  walk->n_cols = (int) ceil (ctx->plot.width + 2 * ANNALS_RENDER_EDGE_PX) + 4;
  walk->counts = counts;
}

/* Drawing */

static AnnalsRgba
event_color (AnnalsRenderCtx   *ctx,
             DrawState         *state,
             const AnnalsEvent *e)
{
  if (!state->has_color || state->color_category != e->category
      || state->color_track != e->track)
    {
      state->color = annals_theme_event_color (ctx->theme, ctx->timeline, e);
      state->color_category = e->category;
      state->color_track = e->track;
      state->has_color = TRUE;
    }

  return state->color;
}

static double
density_height (const AnnalsRenderCtx *ctx,
                guint                  count)
{
  double level = MIN (1.0, log2 (1.0 + count) / 7.0);

  return round (ctx->bar_h * (0.35 + 0.65 * level));
}

static gboolean
draw_density_cb (AnnalsRenderCtx *ctx,
                 Walk            *walk,
                 int              col0,
                 int              col1,
                 guint            first)
{
  cairo_t *cr = ctx->cr;
  DrawState *state = walk->data;
  const AnnalsEvent *e = &ctx->timeline->events[walk->events[first]];
  AnnalsRgba color = event_color (ctx, state, e);
  double bottom = annals_render_row_y (ctx, walk->row) + (ctx->row_h + ctx->bar_h) / 2;
  int c = col0;

  /* A histogram of how many events start in each column, merged into runs
   * of equal height: one path, one fill. */
  while (c <= col1)
    {
      guint count = walk->counts[c - walk->col_base];
      double h = count > 0 ? density_height (ctx, count) : 0;
      int d = c + 1;

      while (d <= col1)
        {
          guint next = walk->counts[d - walk->col_base];

          if ((next > 0 ? density_height (ctx, next) : 0) != h)
            break;
          d++;
        }
      if (h > 0 && ctx->raster.image != NULL)
        annals_render_raster_rect (ctx, c, bottom - h, d, bottom, &color, 0.8);
      else if (h > 0)
        cairo_rectangle (cr, c, bottom - h, d - c, h);
      for (int k = c; k < d; k++)
        walk->counts[k - walk->col_base] = 0;
      c = d;
    }

  if (ctx->raster.image == NULL)
    {
      annals_render_set_color (cr, &color, 0.8);
      cairo_fill (cr);
    }

  state->prev_right = MAX (state->prev_right, col1 + 1.0);

  return TRUE;
}

static void
place_label (AnnalsRenderCtx  *ctx,
             Walk             *walk,
             DrawState        *state,
             AnnalsRenderItem *item)
{
  const AnnalsEvent *e = &ctx->timeline->events[item->event];
  const AnnalsEventGeometry *g = &item->geometry;
  double plot_right = ctx->plot.x + ctx->plot.width;
  double next_x = item->index + 1 < walk->n
                  ? annals_render_x (ctx, walk->starts[item->index + 1]) : G_MAXDOUBLE;
  double right_limit = MIN (next_x - 6, plot_right - 2);
  double left_limit = MAX (state->prev_right + 8, ctx->plot.x + 2);
  double shape0;
  double shape1;
  double inside0 = 0;
  double inside_w = 0;
  double avail_r;
  double avail_l;
  double est;
  double w;
  int pw;
  PangoLayout *layout = NULL;
  gboolean strike;
  const double min_ellipsized = 56;

  item->label = ANNALS_LABEL_NONE;
  item->layout = NULL;

  if (e->title == NULL || *e->title == '\0')
    return;

  if (item->type == ANNALS_EVENT_SPAN)
    {
      shape0 = g->x;
      shape1 = g->x + g->width;
      inside0 = MAX (shape0, ctx->plot.x) + 6;
      /* Only where the bar is tall enough to hold a line of text. */
      inside_w = g->height >= ctx->label_px ? MIN (shape1, plot_right) - 6 - inside0 : 0;
      /* Inside a bar, text must stay off the faint and dashed parts. */
      if (item->parts.dash0 < shape1)
        inside_w = MIN (inside_w, item->parts.dash0 - 4 - inside0);
      else if (item->parts.fade_out0 < shape1)
        inside_w = MIN (inside_w, item->parts.fade_out0 + 12 - inside0);
    }
  else
    {
      const AnnalsSpanParts *p = &item->parts;

      /* Beside the mark and its whisker, if it has one. */
      shape0 = g->cx - g->r;
      shape1 = g->cx + g->r;
      if (p->whisker[0][1] > p->whisker[0][0])
        {
          shape0 = MIN (shape0, p->whisker[0][0]);
          shape1 = MAX (shape1, p->whisker[0][1]);
        }
    }

  avail_r = right_limit - (shape1 + 5);
  avail_l = (shape0 - 5) - left_limit;

  if (MAX (inside_w, MAX (avail_r, avail_l)) < min_ellipsized * 0.6)
    return;

  est = g_utf8_strlen (e->title, 512) * ctx->char_width;
  if (est > MAX (inside_w, MAX (avail_r, avail_l)) * 1.6
      && MAX (inside_w, MAX (avail_r, avail_l)) < min_ellipsized)
    return;

  if (state->row_labels >= ANNALS_RENDER_MAX_LABELS)
    return;

  item->label_w = -1;
  strike = annals_render_status_style (item->status)->strike;
  if (!annals_render_estimate_width (ctx, e->title, &w))
    {
      layout = annals_render_label_layout (ctx, e->title, strike, -1);
      pango_layout_get_size (layout, &pw, NULL);
      w = (double) pw / PANGO_SCALE;
    }

  if (w <= inside_w)
    {
      item->label = ANNALS_LABEL_INSIDE;
      item->label_x = inside0;
    }
  else if (w <= avail_r)
    {
      item->label = ANNALS_LABEL_RIGHT;
      item->label_x = shape1 + 5;
    }
  else if (w <= avail_l)
    {
      item->label = ANNALS_LABEL_LEFT;
      item->label_x = shape0 - 5 - w;
    }
  else if (inside_w >= min_ellipsized && inside_w >= avail_r)
    {
      item->label = ANNALS_LABEL_INSIDE;
      item->label_x = inside0;
      item->label_w = inside_w;
    }
  else if (avail_r >= min_ellipsized && avail_r >= avail_l)
    {
      item->label = ANNALS_LABEL_RIGHT;
      item->label_x = shape1 + 5;
      item->label_w = avail_r;
    }
  else if (avail_l >= min_ellipsized)
    {
      item->label = ANNALS_LABEL_LEFT;
      item->label_x = shape0 - 5 - avail_l;
      item->label_w = avail_l;
    }
  else
    {
      g_clear_object (&layout);
      return;
    }

  if (item->label_w > 0)
    {
      w = item->label_w;
      g_clear_object (&layout);
    }
  item->layout = layout != NULL ? layout
                                : annals_render_label_layout (ctx, e->title, strike, item->label_w);
  state->row_labels++;

  if (item->label == ANNALS_LABEL_RIGHT)
    state->prev_right = MAX (state->prev_right, item->label_x + w);
}

static void flush_batch (AnnalsRenderCtx *ctx,
                         DrawState       *state);

static gboolean
draw_item_cb (AnnalsRenderCtx *ctx,
              Walk            *walk,
              guint            index)
{
  DrawState *state = walk->data;
  guint32 event = walk->events[index];
  const AnnalsEvent *e = &ctx->timeline->events[event];
  AnnalsRenderItem *item;
  guint32 rgb;

  if (state->n_items >= BATCH_ITEMS)
    flush_batch (ctx, state);

  item = &state->items[state->n_items++];
  item->event = event;
  item->index = index;
  item->type = annals_render_event_type (e);
  item->status = e->status < ANNALS_N_STATUSES ? e->status : ANNALS_STATUS_CONFIRMED;
  item->dim = ctx->view->highlight != NULL && !ctx->view->highlight[event];
  item->color = event_color (ctx, state, e);
  annals_render_event_geometry (ctx, event, walk->row, &item->geometry);
  annals_render_span_parts (ctx, e, &item->geometry, &item->parts);

  rgb = (guint32) (item->color.r * 255) << 16 | (guint32) (item->color.g * 255) << 8
        | (guint32) (item->color.b * 255);
  item->key = (guint64) rgb << 8 | (guint64) item->status << 1 | item->dim;

  place_label (ctx, walk, state, item);
  state->prev_right = MAX (state->prev_right, item->geometry.x + item->geometry.width);
  if (item->parts.whisker[0][1] > item->parts.whisker[0][0])
    state->prev_right = MAX (state->prev_right, item->parts.whisker[0][1]);
  if (item->parts.whisker[1][1] > item->parts.whisker[1][0])
    state->prev_right = MAX (state->prev_right, item->parts.whisker[1][1]);

  return TRUE;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const AnnalsRenderItem *x = *(const AnnalsRenderItem * const *) a;
  const AnnalsRenderItem *y = *(const AnnalsRenderItem * const *) b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;

  return x->index < y->index ? -1 : x->index > y->index;
}

/* Labels on the raster are stamps too: showing a layout costs Pango and
 * cairo tens of thousands of instructions (runs, glyph lookups, a composite
 * per run), where compositing its coverage is a blit. Cairo puts glyphs on
 * whole pixels on image targets, so a label drawn at a whole pixel has the
 * same pixels as its stamp; labels move by under half a pixel to get there. */

#define LABEL_STAMP_MAX_WIDTH 1024

static void
draw_chip_stamp (cairo_t       *cr,
                 gconstpointer  data)
{
  const int *size = data;

  annals_render_rounded_rect (cr, 0, 0, size[0], size[1], 3);
  cairo_fill (cr);
}

/* The chip behind a label on a hatch, on whole pixels. */
static gboolean
stamp_chip (AnnalsRenderCtx *ctx,
            double           x,
            double           y,
            double           w,
            double           h,
            double           alpha)
{
  double x0 = round (x);
  double y0 = round (y);
  int size[2] = { (int) (round (x + w) - x0), (int) (round (y + h) - y0) };
  char key[48];

  if (size[0] < 1 || size[1] < 1 || size[0] > LABEL_STAMP_MAX_WIDTH)
    return FALSE;

  g_snprintf (key, sizeof key, "chip:%d:%d", size[0], size[1]);
  annals_render_raster_mask (ctx, annals_render_raster_stamp (key, size[0], size[1],
                                                              draw_chip_stamp, size, NULL),
                             (int) x0, (int) y0, NULL, &ctx->theme->background, alpha);

  return TRUE;
}

typedef struct
{
  PangoLayout *layout;
  int          x;                      /* the layout's origin in the stamp */
  int          y;
} LabelStamp;

static void
draw_label_stamp (cairo_t       *cr,
                  gconstpointer  data)
{
  const LabelStamp *l = data;

  cairo_move_to (cr, l->x, l->y);
  pango_cairo_show_layout (cr, l->layout);
}

/* Composites @item's label with its top left at (@x, @y), moved to whole
 * pixels; FALSE when it is drawn as text instead. */
static gboolean
stamp_label (AnnalsRenderCtx        *ctx,
             const AnnalsRenderItem *item,
             double                  x,
             double                  y,
             const AnnalsRgba       *color,
             double                  alpha)
{
  const AnnalsEvent *e = &ctx->timeline->events[item->event];
  PangoRectangle ink;
  LabelStamp l;
  char key[600];
  int n;

  pango_layout_get_pixel_extents (item->layout, &ink, NULL);
  if (ink.width <= 0 || ink.height <= 0 || ink.width > LABEL_STAMP_MAX_WIDTH)
    return FALSE;

  /* What the label cache names the layout by: font, strike, width, title. */
  n = g_snprintf (key, sizeof key, "label:%u|%d|%d|%s", pango_font_description_hash (ctx->font),
                  annals_render_status_style (item->status)->strike,
                  item->label_w < 0 ? -1 : (int) floor (item->label_w), e->title);
  if (n >= (int) sizeof key)
    return FALSE;

  /* A pixel round the ink for antialiasing. */
  l.layout = item->layout;
  l.x = 1 - ink.x;
  l.y = 1 - ink.y;
  annals_render_raster_mask (ctx, annals_render_raster_stamp (key, ink.width + 2, ink.height + 2,
                                                              draw_label_stamp, &l, NULL),
                             (int) round (x) - l.x, (int) round (y) - l.y, NULL, color, alpha);

  return TRUE;
}

static void
draw_label (AnnalsRenderCtx        *ctx,
            DrawState              *state,
            const AnnalsRenderItem *item)
{
  cairo_t *cr = ctx->cr;
  const AnnalsStatusStyle *style = annals_render_status_style (item->status);
  const AnnalsEventGeometry *g = &item->geometry;
  double alpha = item->dim ? 0.4 : 1.0;
  AnnalsRgba color = ctx->theme->foreground;
  int pw;
  int ph;
  double w;
  double h;
  double y;

  pango_layout_get_size (item->layout, &pw, &ph);
  w = (double) pw / PANGO_SCALE;
  h = (double) ph / PANGO_SCALE;
  /* Centre the capitals on the row, not the line box: fonts such as Noto
   * have generous line spacing that would push text off a bar's middle. */
  y = g->cy + ctx->label_px * 0.36
      - (double) pango_layout_get_baseline (item->layout) / PANGO_SCALE;
  (void) h;

  if (item->label == ANNALS_LABEL_INSIDE)
    {
      if (style->pattern != ANNALS_PATTERN_NONE)
        {
          /* A chip so that text stays legible on a hatch. */
          if (ctx->raster.image == NULL
              || !stamp_chip (ctx, item->label_x - 3, g->y + 2.5, w + 6, g->height - 5,
                              0.88 * alpha))
            {
              annals_render_rounded_rect (cr, item->label_x - 3, g->y + 2.5, w + 6,
                                          g->height - 5, 3);
              annals_render_set_color (cr, &ctx->theme->background, 0.88 * alpha);
              cairo_fill (cr);
            }
        }
      else if (style->fill == ANNALS_FILL_SOLID)
        color = annals_render_text_on (&item->color);
    }

  if (ctx->raster.image != NULL && stamp_label (ctx, item, item->label_x, y, &color, alpha))
    return;
  annals_render_show_text (ctx, item->layout, item->label_x, y, &color, alpha);
}

/* Draws the batched items: under-parts, bodies by look, over-parts, then
 * labels. */
static void
flush_batch (AnnalsRenderCtx *ctx,
             DrawState       *state)
{
  AnnalsRenderItem **order = state->order;
  guint n = state->n_items;

  if (n == 0)
    return;

  for (guint i = 0; i < n; i++)
    annals_render_draw_under (ctx, &state->items[i]);

  for (guint i = 0; i < n; i++)
    order[i] = &state->items[i];
  qsort (order, n, sizeof (AnnalsRenderItem *), compare_items);

  for (guint i = 0; i < n;)
    {
      guint j = i;
      guint n_shapes = 0;

      while (j < n && order[j]->key == order[i]->key)
        {
          if (annals_render_item_shape (ctx, order[j], &state->shapes[n_shapes]))
            n_shapes++;
          j++;
        }
      annals_render_paint_shapes (ctx, order[i]->status, &order[i]->color,
                                  order[i]->dim ? 0.3 : 1.0, state->shapes, n_shapes);
      i = j;
    }

  for (guint i = 0; i < n; i++)
    annals_render_draw_over (ctx, &state->items[i]);

  for (guint i = 0; i < n; i++)
    if (state->items[i].label != ANNALS_LABEL_NONE && state->items[i].layout != NULL)
      draw_label (ctx, state, &state->items[i]);

  for (guint i = 0; i < n; i++)
    g_clear_object (&state->items[i].layout);
  state->n_items = 0;
}

/**
 * annals_render_batch_of:
 * @y: user units
 *
 * Returns: the batch of rows that a row starting at @y is drawn in: the
 *   content is cut every ANNALS_RENDER_BATCH_PX from the first lane's top
 */
gint64
annals_render_batch_of (const AnnalsRenderCtx *ctx,
                        double                 y)
{
  return (gint64) floor ((y - ctx->lanes_top) / ANNALS_RENDER_BATCH_PX);
}

/**
 * annals_render_draw_lanes:
 *
 * Draws the events and charts of the visible rows; clipped to the plot by
 * the caller.
 */
void
annals_render_draw_lanes (AnnalsRenderCtx *ctx)
{
  cairo_t *cr = ctx->cr;
  DrawState state = { 0 };
  Walk walk;
  g_autofree guint32 *counts = NULL;
  guint lane_first;
  guint lane_last;
  guint row_first;
  guint row_last;
  gint64 batch = G_MININT64;
  gboolean own_raster;

  annals_render_visible_lanes (ctx, &lane_first, &lane_last);
  for (guint l = lane_first; l < lane_last; l++)
    if (annals_layout_get_lane (ctx->layout, l)->kind == ANNALS_TRACK_QUANTITY)
      annals_render_draw_quantity (ctx, l);

  walk_init (ctx, &walk, NULL);
  counts = g_new0 (guint32, walk.n_cols);
  walk.counts = counts;
  walk.item = draw_item_cb;
  walk.density = draw_density_cb;
  walk.data = &state;

  state.items = g_new (AnnalsRenderItem, BATCH_ITEMS);
  state.shapes = g_new (AnnalsShape, BATCH_ITEMS);
  state.order = g_new (AnnalsRenderItem *, BATCH_ITEMS);

  ctx->clamp_left = ctx->plot.x - ANNALS_RENDER_EDGE_PX;
  ctx->clamp_right = ctx->plot.x + ctx->plot.width + ANNALS_RENDER_EDGE_PX;
  /* Marks are a few pixels across: flattening their curves to a quarter
   * pixel is invisible and halves the edges the rasteriser walks. */
  cairo_save (cr);
  cairo_set_tolerance (cr, 0.25);
  /* Most of what follows is small boxes and stamps on whole pixels: on an
   * image target they go straight to its pixels (annals-render-raster.c);
   * the frame has usually set that up already. */
  own_raster = ctx->raster.image == NULL && annals_render_raster_begin (ctx);
  annals_render_visible_rows (ctx, &row_first, &row_last);
  for (guint row = row_first; row < row_last; row++)
    {
      /* A fill costs by the height it spans: batch bands of rows, not the
       * whole plot. The bands are fixed in the content, wherever drawing
       * starts, so that a part of the plot is drawn as in the whole
       * (annals-render-bands.c). */
      gint64 row_batch = annals_render_batch_of (ctx, annals_render_row_y (ctx, row));

      if (row_batch != batch)
        {
          flush_batch (ctx, &state);
          batch = row_batch;
        }
      state.prev_right = -G_MAXDOUBLE;
      state.row_labels = 0;
      walk.row = row;
      walk_row (ctx, &walk);
    }
  flush_batch (ctx, &state);
  if (own_raster)
    annals_render_raster_end (ctx);
  cairo_restore (cr);

  ctx->clamp_left = -G_MAXDOUBLE;
  ctx->clamp_right = G_MAXDOUBLE;
  cairo_set_dash (cr, NULL, 0, 0);
  g_free (state.items);
  g_free (state.shapes);
  g_free (state.order);
}

/* Picking */

static gboolean
pick_item_cb (AnnalsRenderCtx *ctx,
              Walk            *walk,
              guint            index)
{
  PickState *pick = walk->data;
  AnnalsEventGeometry g;

  annals_render_event_geometry (ctx, walk->events[index], walk->row, &g);

  if (g.r > 0)
    {
      double dx = pick->x - g.cx;
      double dy = pick->y - g.cy;

      if (dx * dx + dy * dy <= (g.r + 3) * (g.r + 3))
        pick->result = walk->events[index];
    }
  else if (pick->x >= g.x - 2 && pick->x <= g.x + g.width + 2
           && pick->y >= g.y - 2 && pick->y <= g.y + g.height + 2)
    pick->result = walk->events[index];

  /* Later items start further right; none can be under x once past it. */
  if (g.x - ANNALS_RENDER_CLUSTER_PX > pick->x)
    return FALSE;

  return TRUE;
}

static gboolean
pick_density_cb (AnnalsRenderCtx *ctx,
                 Walk            *walk,
                 int              col0,
                 int              col1,
                 guint            first)
{
  PickState *pick = walk->data;

  for (int c = col0; c <= col1; c++)
    walk->counts[c - walk->col_base] = 0;

  if (pick->x >= col0 && pick->x < col1 + 1)
    {
      pick->result = -1;
      return FALSE;
    }

  return col0 <= pick->x + ANNALS_RENDER_CLUSTER_PX;
}

gint
annals_render_pick_row (AnnalsRenderCtx *ctx,
                        guint            row,
                        double           x,
                        double           y)
{
  PickState pick = { x, y, -1 };
  g_autofree guint32 *counts = NULL;
  Walk walk;

  walk_init (ctx, &walk, NULL);
  counts = g_new0 (guint32, walk.n_cols);
  walk.counts = counts;
  walk.row = row;
  walk.item = pick_item_cb;
  walk.density = pick_density_cb;
  walk.data = &pick;
  walk_row (ctx, &walk);

  return pick.result;
}

/* Overlay */

static void
draw_ring (AnnalsRenderCtx  *ctx,
           guint             event,
           const AnnalsRgba *color,
           double            width)
{
  cairo_t *cr = ctx->cr;
  const AnnalsEvent *e = &ctx->timeline->events[event];
  AnnalsEventGeometry g;
  gint row = annals_layout_get_event_row (ctx->layout, event);

  if (row < 0)
    return;

  annals_render_event_geometry (ctx, event, row, &g);
  if (g.x > ctx->plot.x + ctx->plot.width + 8 || g.x + g.width < ctx->plot.x - 8)
    return;

  if (g.r > 0)
    annals_render_mark_path (cr, annals_render_event_type (e), g.cx, g.cy, g.r + 3);
  else
    annals_render_rounded_rect (cr, g.x - 2.5, g.y - 2.5, g.width + 5, g.height + 5, 6);

  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_width (cr, width);
  annals_render_set_color (cr, color, 1);
  cairo_stroke (cr);
}

void
annals_render_draw_overlay (AnnalsRenderCtx *ctx)
{
  cairo_t *cr = ctx->cr;
  const AnnalsView *view = ctx->view;
  guint n = ctx->timeline->n_events;

  cairo_save (cr);
  cairo_rectangle (cr, ctx->plot.x, ctx->plot.y, ctx->plot.width, ctx->plot.height);
  cairo_clip (cr);

  if (view->hovered >= 0 && (guint) view->hovered < n && view->hovered != view->selected)
    draw_ring (ctx, view->hovered, &ctx->theme->hover, 2);
  if (view->selected >= 0 && (guint) view->selected < n)
    draw_ring (ctx, view->selected, &ctx->theme->selection, 2.5);

  cairo_restore (cr);
}
