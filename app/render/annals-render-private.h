/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pangocairo.h>
#include <pixman.h>

#include "annals-axis.h"
#include "annals-renderer.h"

G_BEGIN_DECLS

/* Shared between the renderer's files: one frame's context. Everything that
 * decides where something is drawn lives here, computed once per call by
 * annals_render_ctx_init(), so that drawing, picking and the geometry queries
 * cannot disagree. */

#define ANNALS_RENDER_CLUSTER_PX   8.0  /* events closer than this merge */
#define ANNALS_RENDER_EDGE_PX     24.0  /* draw what is this close to the edges */
#define ANNALS_RENDER_MAX_LABELS  64    /* labels per row */

typedef struct _AnnalsLegendEntry AnnalsLegendEntry;

typedef struct
{
  guint            kind;               /* pattern or line kind */
  double           alpha;
  AnnalsRgba       color;
  cairo_pattern_t *pattern;
  pixman_image_t  *image;              /* the same pixels, repeating, for the raster */
  cairo_surface_t *raster_surface;     /* @image's pixels */
} AnnalsTile;

/* The coverage of one rounded bar end, for raster targets at scale 1. */
typedef struct
{
  gboolean         left;
  int              width;              /* pixels */
  int              height;
  double           r;
  double           ring;               /* half the outline's width, 0 for the fill */
  guint            line;               /* dashed or dotted end outline, else ANNALS_LINE_NONE */
  cairo_surface_t *mask;               /* A8 */
  pixman_image_t  *image;              /* @mask's pixels, for the raster */
} AnnalsCapMask;

/* Direct access to an image target's pixels (annals-render-raster.c). */
typedef struct
{
  pixman_image_t  *image;              /* NULL when not in use */
  cairo_surface_t *surface;            /* borrowed target */
  int              dx;                 /* user units to pixels: px = x + dx */
  int              dy;
  pixman_box32_t   clip;               /* pixels */
  pixman_image_t  *solid;              /* the last solid source, kept for the next fill */
  pixman_color_t   solid_color;
} AnnalsRaster;

typedef struct
{
  /* Borrowed */
  cairo_t              *cr;            /* NULL when only measuring */
  AnnalsLayout         *layout;
  AnnalsTimeline       *timeline;
  const AnnalsView     *view;
  const AnnalsTheme    *theme;

  /* Text, created when needed (has_text) */
  gboolean              has_text;
  PangoContext         *pango;
  PangoLayout          *text;          /* reused for one-off strings */
  PangoFontDescription *font;          /* event labels, gutter */
  PangoFontDescription *font_bold;
  PangoFontDescription *font_small;    /* axis, legend, quantities */
  PangoFontDescription *font_small_bold;
  double                char_width;    /* average, for cheap estimates */
  double                label_px;      /* em size of @font, user units */
  const double         *advances;      /* ASCII advances in @font, from the thread's cache */
  double                line_height;   /* of @font */
  double                small_line_height;

  /* Geometry, user units */
  gboolean              furniture;
  double                margin;
  AnnalsRect            title_area;    /* furniture only */
  AnnalsRect            footer_area;   /* furniture only */
  AnnalsRect            header;        /* axis and marker strip, over the plot */
  AnnalsRect            gutter;        /* track labels, beside the plot */
  AnnalsRect            plot;          /* lanes; time maps to x here */
  double                axis_major_h;
  double                axis_minor_h;
  double                strip_h;       /* eras and the as-of tag, 0 when none */
  double                row_h;
  double                bar_h;
  double                lane_gap;
  double                lanes_top;     /* y of the first lane's top, scroll applied */
  /* Shapes are cut to this x range before they become paths: a span years
   * long at a zoom of days would otherwise be a path, dashes and hatching
   * hundreds of thousands of pixels wide, all clipped away. */
  double                clamp_left;
  double                clamp_right;

  /* The lanes drawn lie across [draw_top, draw_bottom): the plot's height,
   * or one band's and a row either side (annals-render-bands.c) */
  double                draw_top;
  double                draw_bottom;

  /* Time mapping */
  double                start;         /* AnnalsTime seconds */
  double                end;
  gint64                t_base;        /* integer near @start, for precision */
  double                base_off;      /* t_base - start */
  double                px_per_s;
  AnnalsTime            as_of_end;     /* end of the as-of day, or MIN when none */

  /* Hatch and dash tiles made this frame */
  AnnalsTile            tiles[16];
  guint                 n_tiles;
  gboolean              no_sprites;    /* drawing a sprite itself */
  gboolean              no_raster;     /* never draw through @raster (tests, sprites) */
  AnnalsRaster          raster;        /* set while the lanes are drawn, when usable */

  /* Bar ends made this frame */
  GHashTable           *cap_masks;     /* AnnalsCapMask, by look */

  /* Axis steps, chosen once per frame by label width */
  gboolean              has_steps;
  AnnalsAxisStep        minor_step;
  AnnalsAxisStep        major_step;

  /* Furniture text, laid out once per frame */
  PangoLayout          *title_layout;
  PangoLayout          *subtitle_layout;
  PangoLayout          *meta_layout;
  PangoLayout          *sources_layout;
  GArray               *legend;        /* AnnalsLegendEntry */
  double                legend_h;
} AnnalsRenderCtx;

/* The types painting works with */

/* Geometry of one event, shared by drawing, picking and queries. */
typedef struct
{
  double x;                            /* bar or mark extent */
  double y;
  double width;
  double height;
  double cx;                           /* mark centre (instants, milestones) */
  double cy;
  double r;                            /* mark radius, 0 for bars */
} AnnalsEventGeometry;

typedef enum
{
  ANNALS_FILL_SOLID,
  ANNALS_FILL_TINT,
  ANNALS_FILL_NONE,
} AnnalsFillKind;

typedef enum
{
  ANNALS_PATTERN_NONE,
  ANNALS_PATTERN_HATCH,
  ANNALS_PATTERN_CROSS,
} AnnalsPatternKind;

typedef enum
{
  ANNALS_LINE_NONE,
  ANNALS_LINE_SOLID,
  ANNALS_LINE_DASHED,
  ANNALS_LINE_DOTTED,
  ANNALS_LINE_RING,
} AnnalsLineKind;

/* How a status looks without colour. */
typedef struct
{
  guint8 fill;                         /* AnnalsFillKind */
  guint8 pattern;                      /* AnnalsPatternKind */
  guint8 line;                         /* AnnalsLineKind */
  guint8 strike;
} AnnalsStatusStyle;

typedef enum
{
  ANNALS_LABEL_NONE,
  ANNALS_LABEL_INSIDE,
  ANNALS_LABEL_RIGHT,
  ANNALS_LABEL_LEFT,
} AnnalsLabelPlace;

/* The parts of a span bar, in x. The core takes the status look; the rest
 * are uncertainty: a fade where the start or end is approximate or the span
 * is ongoing, a dashed extension for a proposed end, whiskers for bounds.
 * Marks use only whisker[0]. */
typedef struct
{
  double x0;
  double x1;
  double core0;
  double core1;
  double fade_in1;                     /* fade in over [x0, fade_in1] when > x0 */
  double fade_out0;                    /* fade out over [fade_out0, x1] when < x1 */
  double dash0;                        /* dashed over [dash0, x1] when < x1 */
  double whisker[2][2];                /* start bounds, end bounds; [1] <= [0]: none */
} AnnalsSpanParts;

/* One event drawn on its own in this frame. */
typedef struct
{
  guint32             event;
  guint32             index;           /* in its row */
  guint8              type;            /* AnnalsEventType */
  guint8              status;          /* AnnalsStatus */
  guint8              dim;             /* not matched by the search */
  guint8              label;           /* AnnalsLabelPlace */
  guint64             key;             /* equal keys, equal looks: painted together */
  AnnalsRgba          color;
  AnnalsEventGeometry geometry;
  AnnalsSpanParts     parts;
  double              label_x;
  double              label_w;         /* < 0: natural width, else ellipsized to it */
  PangoLayout        *layout;          /* owned, when labelled */
} AnnalsRenderItem;

/* One bar or mark as painted; bars cut to the visible range. */
typedef struct
{
  double x0;                           /* bars */
  double x1;
  double y;
  double h;
  double cx;                           /* marks */
  double cy;
  double r;                            /* corner radius of a bar, radius of a mark */
  guint8 type;                         /* AnnalsEventType */
  guint8 round_left;
  guint8 round_right;
  guint8 cut_left;                     /* the bar goes on beyond the view */
  guint8 cut_right;
  double body0;                        /* raster bars: the boxed body, when body1 > body0 */
  double body1;
} AnnalsShape;

/* annals-renderer.c: the frame and its geometry */
void        annals_render_ctx_init     (AnnalsRenderCtx            *ctx,
                                        AnnalsLayout               *layout,
                                        const AnnalsView           *view,
                                        cairo_t                    *cr,
                                        gboolean                    need_text);
void        annals_render_ctx_clear    (AnnalsRenderCtx            *ctx);

static inline double
annals_render_x (const AnnalsRenderCtx *ctx,
                 AnnalsTime             time)
{
  return ctx->plot.x + ((double) (time - ctx->t_base) + ctx->base_off) * ctx->px_per_s;
}

double      annals_render_x_d          (const AnnalsRenderCtx      *ctx,
                                        double                      time);
AnnalsTime  annals_render_time_at      (const AnnalsRenderCtx      *ctx,
                                        double                      x);
/* Top of a lane (its gap included) and of a row, in user units. */
double      annals_render_lane_y       (const AnnalsRenderCtx      *ctx,
                                        guint                       lane);
double      annals_render_row_y        (const AnnalsRenderCtx      *ctx,
                                        guint                       row);
double      annals_render_content_h    (const AnnalsRenderCtx      *ctx);
/* Rows and lanes that intersect the plot vertically: [*first, *last). */
void        annals_render_visible_rows (const AnnalsRenderCtx      *ctx,
                                        guint                      *first,
                                        guint                      *last);
void        annals_render_visible_lanes (const AnnalsRenderCtx     *ctx,
                                         guint                     *first,
                                         guint                     *last);
void        annals_render_set_color    (cairo_t                    *cr,
                                        const AnnalsRgba           *color,
                                        double                      alpha);
/* Black or white, whichever reads better on @fill (always at least 4.5:1). */
AnnalsRgba  annals_render_text_on      (const AnnalsRgba           *fill);
AnnalsRgba  annals_render_mix          (const AnnalsRgba           *a,
                                        const AnnalsRgba           *b,
                                        double                      t);
void        annals_render_rounded_rect (cairo_t                    *cr,
                                        double                      x,
                                        double                      y,
                                        double                      w,
                                        double                      h,
                                        double                      r);

/* annals-render-text.c */
void        annals_render_ensure_text  (AnnalsRenderCtx            *ctx);
void        annals_render_scale_labels (AnnalsRenderCtx            *ctx,
                                        double                      scale);
gboolean    annals_render_estimate_width (AnnalsRenderCtx          *ctx,
                                          const char               *text,
                                          double                   *width);
PangoLayout *annals_render_label_layout (AnnalsRenderCtx          *ctx,
                                         const char               *text,
                                         gboolean                  strike,
                                         double                    width);
/* Sets @text on @layout with @font (no width limit); returns its size. */
void        annals_render_measure      (AnnalsRenderCtx            *ctx,
                                        PangoLayout                *layout,
                                        const PangoFontDescription *font,
                                        const char                 *text,
                                        double                     *width,
                                        double                     *height);
/* The same size from the thread's cache, without touching any layout. */
void        annals_render_measure_cached (AnnalsRenderCtx          *ctx,
                                          const PangoFontDescription *font,
                                          const char               *text,
                                          double                   *width,
                                          double                   *height);
/* @text in @font, shaped once per thread; borrowed until the next call. */
PangoLayout *annals_render_text_layout (AnnalsRenderCtx           *ctx,
                                        const PangoFontDescription *font,
                                        const char                 *text,
                                        double                     *width,
                                        double                     *height);
void        annals_render_show_text    (AnnalsRenderCtx            *ctx,
                                        PangoLayout                *layout,
                                        double                      x,
                                        double                      y,
                                        const AnnalsRgba           *color,
                                        double                      alpha);

/* annals-render-marks.c: how each event looks */
const AnnalsStatusStyle *annals_render_status_style (guint         status);
double      annals_render_tint_alpha   (const AnnalsRenderCtx      *ctx,
                                        guint                       status);
guint       annals_render_event_type   (const AnnalsEvent          *event);
void        annals_render_event_geometry (const AnnalsRenderCtx    *ctx,
                                          guint                     event,
                                          guint                     row,
                                          AnnalsEventGeometry      *geometry);
void        annals_render_span_parts   (const AnnalsRenderCtx      *ctx,
                                        const AnnalsEvent          *event,
                                        const AnnalsEventGeometry  *geometry,
                                        AnnalsSpanParts            *parts);
void        annals_render_bar_path     (const AnnalsRenderCtx      *ctx,
                                        double                      x0,
                                        double                      x1,
                                        double                      y,
                                        double                      h,
                                        double                      r,
                                        gboolean                    round_left,
                                        gboolean                    round_right);
void        annals_render_mark_path    (cairo_t                    *cr,
                                        AnnalsEventType             type,
                                        double                      cx,
                                        double                      cy,
                                        double                      r);
void        annals_render_set_line     (cairo_t                    *cr,
                                        guint                       line);
void        annals_render_draw_strike  (AnnalsRenderCtx            *ctx,
                                        double                      x0,
                                        double                      x1,
                                        double                      y,
                                        double                      alpha);
gboolean    annals_render_item_shape   (const AnnalsRenderCtx      *ctx,
                                        const AnnalsRenderItem     *item,
                                        AnnalsShape                *shape);
void        annals_render_draw_under   (AnnalsRenderCtx            *ctx,
                                        const AnnalsRenderItem     *item);
void        annals_render_draw_over    (AnnalsRenderCtx            *ctx,
                                        const AnnalsRenderItem     *item);
/* A swatch of @status for the legend, in the box (@x, @y, @w, @h). */
void        annals_render_status_swatch (AnnalsRenderCtx           *ctx,
                                         AnnalsStatus               status,
                                         const AnnalsRgba          *color,
                                         double                     x,
                                         double                     y,
                                         double                     w,
                                         double                     h);

/* annals-render-paint.c */
void        annals_render_free_stamps  (AnnalsRenderCtx            *ctx);
void        annals_render_paint_shapes (AnnalsRenderCtx            *ctx,
                                        guint                       status,
                                        const AnnalsRgba           *color,
                                        double                      alpha,
                                        AnnalsShape                *shapes,
                                        guint                       n);

/* Rows are drawn in batches this tall (annals-render-events.c). */
#define ANNALS_RENDER_BATCH_PX 240.0
gint64      annals_render_batch_of     (const AnnalsRenderCtx      *ctx,
                                        double                      y);

/* annals-render-bands.c */
gboolean    annals_render_draw_bands   (AnnalsRenderCtx            *ctx);
void        annals_render_draw_plot    (AnnalsRenderCtx            *ctx);
void        annals_render_set_max_threads (guint                    n);
guint       annals_render_get_band_frames (void);

/* annals-render-raster.c */
cairo_surface_t *annals_render_raster_target (cairo_t            *cr,
                                              int                *scale,
                                              int                *dx,
                                              int                *dy,
                                              pixman_box32_t     *clip);
gboolean    annals_render_raster_begin (AnnalsRenderCtx            *ctx);
void        annals_render_raster_end   (AnnalsRenderCtx            *ctx);
void        annals_render_raster_rect  (AnnalsRenderCtx            *ctx,
                                        double                      x0,
                                        double                      y0,
                                        double                      x1,
                                        double                      y1,
                                        const AnnalsRgba           *color,
                                        double                      alpha);
void        annals_render_raster_mask  (AnnalsRenderCtx            *ctx,
                                        pixman_image_t             *mask,
                                        int                         x,
                                        int                         y,
                                        pixman_image_t             *tile,
                                        const AnnalsRgba           *color,
                                        double                      alpha);
void        annals_render_raster_image (AnnalsRenderCtx            *ctx,
                                        pixman_image_t             *image,
                                        int                         x,
                                        int                         y);
void        annals_render_raster_tile  (AnnalsRenderCtx            *ctx,
                                        pixman_image_t             *tile,
                                        double                      x0,
                                        double                      y0,
                                        double                      x1,
                                        double                      y1);
pixman_image_t *annals_render_raster_wrap (cairo_surface_t         *surface);
typedef void (*AnnalsStampDrawFunc) (cairo_t                       *cr,
                                     gconstpointer                  data);
pixman_image_t *annals_render_raster_stamp (const char             *key,
                                            int                     width,
                                            int                     height,
                                            AnnalsStampDrawFunc     draw,
                                            gconstpointer           data,
                                            cairo_surface_t       **surface);

/* annals-render-events.c: rows, level of detail, labels, picking */
void        annals_render_draw_lanes   (AnnalsRenderCtx            *ctx);
void        annals_render_draw_overlay (AnnalsRenderCtx            *ctx);
gint        annals_render_pick_row     (AnnalsRenderCtx            *ctx,
                                        guint                       row,
                                        double                      x,
                                        double                      y);

/* annals-render-quantity.c */
void        annals_render_draw_quantity (AnnalsRenderCtx           *ctx,
                                         guint                      lane);

/* annals-render-axis.c */
void        annals_render_draw_grid    (AnnalsRenderCtx            *ctx);
void        annals_render_draw_eras    (AnnalsRenderCtx            *ctx);
void        annals_render_draw_axis    (AnnalsRenderCtx            *ctx);
void        annals_render_draw_as_of   (AnnalsRenderCtx            *ctx);
void        annals_render_draw_as_of_tag (AnnalsRenderCtx          *ctx);

/* annals-render-furniture.c */
double      annals_render_measure_gutter (AnnalsRenderCtx          *ctx);
void        annals_render_layout_furniture (AnnalsRenderCtx        *ctx,
                                            double                 *top,
                                            double                 *bottom);
void        annals_render_draw_gutter  (AnnalsRenderCtx            *ctx);
void        annals_render_draw_furniture (AnnalsRenderCtx          *ctx);
void        annals_render_draw_overflow (AnnalsRenderCtx           *ctx);
void        annals_render_free_furniture (AnnalsRenderCtx          *ctx);

G_END_DECLS
