/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include <math.h>
#include <string.h>

#include "annals-render-private.h"

/* The plot on every core. On an image target the background and the plot
 * are drawn as horizontal bands, several at once: each band on its own
 * cairo surface over the target's rows (so no two threads share cairo
 * state), with its own context, clipped to its rows, drawing everything
 * that reaches them in the usual order. A pixel gets the same drawing as in
 * one pass, so the frame is the same to the bit (test-render checks it).
 *
 * What a band reads is shared and not changed while frames are drawn (the
 * layout, the timeline, the view); what it caches (stamps, sprites, text) is
 * per thread. The header, gutter and overlay come after, on the caller's
 * thread. */

/* Below this many pixels the threads' hand-over costs more than it saves:
 * a small widget or a thumbnail is drawn in one pass. */
#define MIN_BAND_PIXELS (256 * 1024)

/* Rows per band at least, and bands per thread: more bands than threads
 * even out lanes of unequal density. */
#define MIN_BAND_ROWS     32
#define BANDS_PER_THREAD  2
#define MAX_THREADS       8
#define MAX_BANDS         (MAX_THREADS * BANDS_PER_THREAD)

typedef struct
{
  /* Read by every band */
  AnnalsLayout     *layout;
  const AnnalsView *view;
  guint8           *data;              /* the target's pixels */
  cairo_format_t    format;
  int               stride;
  int               scale;             /* pixels per user unit */
  int               dx;                /* user units to pixels: px = scale * x + dx */
  int               dy;
  pixman_box32_t    clip;              /* pixels */
  int               n_bands;
  int               band_y[MAX_BANDS + 1];  /* pixel rows */

  /* Taken by whoever is free */
  gint              next_band;

  /* Helpers still holding this job; the caller waits for none */
  GMutex            lock;
  GCond             finished;
  guint             helpers;
} BandJob;

static guint max_threads = MAX_THREADS;
static guint band_frames;

/**
 * annals_render_get_band_frames:
 *
 * Returns: how many frames were drawn in bands so far (for tests)
 */
guint
annals_render_get_band_frames (void)
{
  return (guint) g_atomic_int_get (&band_frames);
}

/**
 * annals_render_set_max_threads:
 * @n: at most this many threads per frame; 1 draws every frame in one pass
 *
 * For tests, which compare the two.
 */
void
annals_render_set_max_threads (guint n)
{
  g_atomic_int_set (&max_threads, CLAMP (n, 1, MAX_THREADS));
}

static void
draw_band (BandJob *job,
           int      band)
{
  int y0 = job->band_y[band];
  int y1 = job->band_y[band + 1];
  cairo_surface_t *surface;
  AnnalsRenderCtx ctx;
  cairo_t *cr;

  /* The band's rows as a surface of their own, the target's pixels. */
  surface = cairo_image_surface_create_for_data (job->data + (gsize) y0 * job->stride, job->format,
                                                 job->clip.x2, y1 - y0, job->stride);
  cairo_surface_set_device_scale (surface, job->scale, job->scale);
  cr = cairo_create (surface);
  cairo_rectangle (cr, (double) job->clip.x1 / job->scale, 0,
                   (double) (job->clip.x2 - job->clip.x1) / job->scale,
                   (double) (y1 - y0) / job->scale);
  cairo_clip (cr);
  cairo_translate (cr, (double) job->dx / job->scale, (double) (job->dy - y0) / job->scale);

  annals_render_ctx_init (&ctx, job->layout, job->view, cr, TRUE);
  /* Rows that reach into the band: marks and labels stand a little out of
   * their rows, never by a whole row. */
  ctx.draw_top = MAX (ctx.plot.y, (double) (y0 - job->dy) / job->scale - ctx.row_h);
  ctx.draw_bottom = MIN (ctx.plot.y + ctx.plot.height,
                         (double) (y1 - job->dy) / job->scale + ctx.row_h);

  annals_render_set_color (cr, &ctx.theme->background, 1);
  cairo_paint (cr);
  annals_render_draw_plot (&ctx);

  annals_render_ctx_clear (&ctx);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
}

static void
draw_free_bands (BandJob *job)
{
  int band;

  while ((band = g_atomic_int_add (&job->next_band, 1)) < job->n_bands)
    draw_band (job, band);
}

static void
helper_run (gpointer data,
            gpointer user_data)
{
  BandJob *job = data;

  draw_free_bands (job);

  g_mutex_lock (&job->lock);
  job->helpers--;
  g_cond_signal (&job->finished);
  g_mutex_unlock (&job->lock);
}

/* Threads kept for the process's life, so that their caches stay warm from
 * one frame to the next; NULL on one core. */
static GThreadPool *
helper_pool (void)
{
  static GThreadPool *pool;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      guint n = MIN (g_get_num_processors (), MAX_THREADS);

      if (n > 1)
        pool = g_thread_pool_new (helper_run, NULL, (int) n - 1, TRUE, NULL);
      g_once_init_leave (&once, 1);
    }

  return pool;
}

/* Cuts the clip's rows into about @wanted bands. They meet where batches
 * of rows do (annals_render_batch_of()): a band then draws the rows near
 * its edges in the batches the whole frame draws them in, and so overlaps
 * (a mark standing out of its row over the next) in the same order. */
static void
split_bands (AnnalsRenderCtx *ctx,
             BandJob         *job,
             guint            wanted)
{
  int height = job->clip.y2 - job->clip.y1;
  int n = 1;

  wanted = MIN (wanted, MAX_BANDS);
  job->band_y[0] = job->clip.y1;
  for (guint b = 1; b < wanted; b++)
    {
      double even = (job->clip.y1 + (double) height * b / wanted - job->dy) / job->scale;
      double k = round ((even - ctx->lanes_top) / ANNALS_RENDER_BATCH_PX);
      double edge = ceil ((ctx->lanes_top + k * ANNALS_RENDER_BATCH_PX) * job->scale + job->dy);

      if (edge >= job->band_y[n - 1] + MIN_BAND_ROWS && edge <= job->clip.y2 - MIN_BAND_ROWS)
        job->band_y[n++] = (int) edge;
    }
  job->band_y[n] = job->clip.y2;
  job->n_bands = n;
}

/**
 * annals_render_draw_bands:
 *
 * Draws the background and the plot of @ctx's frame in bands on the
 * machine's cores, when its target is an image's pixels at a whole scale
 * (HiDPI included) and the plot is large enough to gain.
 *
 * Returns: whether it drew them; if not, nothing is drawn
 */
gboolean
annals_render_draw_bands (AnnalsRenderCtx *ctx)
{
  GThreadPool *pool;
  cairo_surface_t *target;
  BandJob job;
  guint threads;
  int height;

  if (ctx->furniture || ctx->no_raster || ctx->plot.width <= 0 || ctx->plot.height <= 0)
    return FALSE;

  pool = helper_pool ();
  threads = pool != NULL ? MIN ((guint) g_thread_pool_get_max_threads (pool) + 1,
                                (guint) g_atomic_int_get (&max_threads)) : 1;
  if (threads < 2)
    return FALSE;

  memset (&job, 0, sizeof job);
  target = annals_render_raster_target (ctx->cr, &job.scale, &job.dx, &job.dy, &job.clip);
  if (target == NULL || job.clip.x2 <= job.clip.x1 || job.clip.y2 <= job.clip.y1)
    return FALSE;

  if ((double) (job.clip.x2 - job.clip.x1) * (job.clip.y2 - job.clip.y1) < MIN_BAND_PIXELS)
    return FALSE;
  job.layout = ctx->layout;
  job.view = ctx->view;
  job.format = cairo_image_surface_get_format (target);
  job.stride = cairo_image_surface_get_stride (target);
  height = job.clip.y2 - job.clip.y1;
  split_bands (ctx, &job, threads * BANDS_PER_THREAD);
  if (job.n_bands < 2)
    return FALSE;


  cairo_surface_flush (target);
  job.data = cairo_image_surface_get_data (target);
  g_mutex_init (&job.lock);
  g_cond_init (&job.finished);
  job.helpers = threads - 1;
  for (guint t = 1; t < threads; t++)
    g_thread_pool_push (pool, &job, NULL);

  draw_free_bands (&job);

  /* The helpers read the job until they let it go. */
  g_mutex_lock (&job.lock);
  while (job.helpers > 0)
    g_cond_wait (&job.finished, &job.lock);
  g_mutex_unlock (&job.lock);
  g_cond_clear (&job.finished);
  g_mutex_clear (&job.lock);

  cairo_surface_mark_dirty_rectangle (target, job.clip.x1, job.clip.y1,
                                      job.clip.x2 - job.clip.x1, height);
  g_atomic_int_inc (&band_frames);
  return TRUE;
}

/**
 * annals_render_draw_plot:
 *
 * Draws the plot: eras, grid, the as-of line and the lanes, clipped to it.
 */
void
annals_render_draw_plot (AnnalsRenderCtx *ctx)
{
  cairo_t *cr = ctx->cr;

  if (ctx->plot.width <= 0 || ctx->plot.height <= 0)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, ctx->plot.x, ctx->plot.y, ctx->plot.width, ctx->plot.height);
  cairo_clip (cr);
  /* The grid and the lanes go straight to an image's pixels where they can
   * (annals-render-raster.c). */
  annals_render_raster_begin (ctx);
  annals_render_draw_eras (ctx);
  annals_render_draw_grid (ctx);
  /* Under the events, so that labels read across it. */
  annals_render_draw_as_of (ctx);
  annals_render_draw_lanes (ctx);
  annals_render_raster_end (ctx);
  cairo_restore (cr);
}
