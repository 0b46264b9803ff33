/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "annals-render-private.h"

/* Around the plot: the gutter with track labels (screen and export), and for
 * export a title block, a legend that names only what the picture uses, and
 * a footer listing the sources the shown facts cite. Typography follows what
 * news graphics do: a bold headline, a plain standfirst, a dim dateline, then
 * the graphic, its key and its sources in small type. */

#define INDENT_PX   14.0
#define SWATCH_W    26.0
#define SWATCH_H    12.0
#define ENTRY_GAP   20.0
#define LINE_GAP     8.0

typedef enum
{
  LEGEND_HEADING,
  LEGEND_CATEGORY,
  LEGEND_STATUS,
  LEGEND_SPAN,
  LEGEND_INSTANT,
  LEGEND_MILESTONE,
  LEGEND_ONGOING,
  LEGEND_PROPOSED_END,
  LEGEND_APPROX,
  LEGEND_BOUNDS,
  LEGEND_CONFLICT,
  LEGEND_AS_OF,
} LegendKind;

struct _AnnalsLegendEntry
{
  LegendKind   kind;
  guint        value;
  AnnalsRgba   color;
  PangoLayout *layout;
  double       x;                      /* relative to the legend's origin */
  double       y;
  double       width;
};

static void
clear_entry (gpointer data)
{
  AnnalsLegendEntry *entry = data;

  g_clear_object (&entry->layout);
}

static const char *
status_label (AnnalsStatus status)
{
  switch (status)
    {
    case ANNALS_STATUS_REPORTED:  return _("Reported");
    case ANNALS_STATUS_PROPOSED:  return _("Proposed");
    case ANNALS_STATUS_DISPUTED:  return _("Disputed");
    case ANNALS_STATUS_DENIED:    return _("Denied");
    case ANNALS_STATUS_CANCELLED: return _("Cancelled");
    case ANNALS_STATUS_ACTIVE:    return _("Active");
    case ANNALS_STATUS_ENDED:     return _("Ended");
    case ANNALS_STATUS_CONFIRMED:
    default:                      return _("Confirmed");
    }
}

static const char *
lane_label (AnnalsRenderCtx  *ctx,
            const AnnalsLane *lane)
{
  if (lane->track >= 0 && (guint) lane->track < ctx->timeline->n_tracks)
    {
      const AnnalsTrack *track = &ctx->timeline->tracks[lane->track];

      if (track->label != NULL && *track->label != '\0')
        return track->label;
      if (track->id != NULL)
        return track->id;
      return "";
    }

  return ctx->timeline->n_tracks > 0 ? _("Other events") : _("Events");
}

static AnnalsRgba
lane_color (AnnalsRenderCtx  *ctx,
            const AnnalsLane *lane)
{
  AnnalsEvent probe = { 0 };

  probe.track = lane->track;
  probe.category = -1;

  return annals_theme_event_color (ctx->theme, ctx->timeline, &probe);
}

static double
lane_indent (AnnalsRenderCtx  *ctx,
             const AnnalsLane *lane)
{
  double x = 10 + lane->depth * INDENT_PX;

  if (lane->track >= 0 && annals_layout_track_has_children (ctx->layout, lane->track))
    x += 14;

  return x + 14;                      /* the colour dot */
}

/* Lanes whose labels are measured for the gutter's width: all of them when
 * there are few, else the ones with the most characters (plus indent), which
 * are the widest in all but contrived cases. Measuring 700 000 labels took
 * seconds per frame. */
#define GUTTER_MEASURED_MAX 256

typedef struct
{
  guint lane;
  guint weight;                        /* characters, and indent levels */
} GutterCandidate;

static guint
lane_weight (AnnalsRenderCtx  *ctx,
             const AnnalsLane *lane)
{
  return (guint) strlen (lane_label (ctx, lane)) + 4 * (guint) lane->depth;
}

/* Keeps the heaviest candidates in a min-heap of GUTTER_MEASURED_MAX. */
static void
heap_offer (GutterCandidate *heap,
            guint           *n,
            GutterCandidate  item)
{
  guint i;

  if (*n == GUTTER_MEASURED_MAX)
    {
      if (item.weight <= heap[0].weight)
        return;
      /* Replace the lightest and sift it down. */
      i = 0;
      for (;;)
        {
          guint child = 2 * i + 1;

          if (child >= *n)
            break;
          if (child + 1 < *n && heap[child + 1].weight < heap[child].weight)
            child++;
          if (heap[child].weight >= item.weight)
            break;
          heap[i] = heap[child];
          i = child;
        }
      heap[i] = item;
      return;
    }

  for (i = (*n)++; i > 0 && heap[(i - 1) / 2].weight > item.weight; i = (i - 1) / 2)
    heap[i] = heap[(i - 1) / 2];
  heap[i] = item;
}

/* The gutter's width for export: the widest label, within limits. */
double
annals_render_measure_gutter (AnnalsRenderCtx *ctx)
{
  GutterCandidate heap[GUTTER_MEASURED_MAX];
  guint n_lanes = annals_layout_get_n_lanes (ctx->layout);
  guint n = 0;
  double widest = 0;

  for (guint l = 0; l < n_lanes; l++)
    {
      GutterCandidate item = { l, 0 };

      if (n_lanes > GUTTER_MEASURED_MAX)
        item.weight = lane_weight (ctx, annals_layout_get_lane (ctx->layout, l));
      heap_offer (heap, &n, item);
    }

  for (guint i = 0; i < n; i++)
    {
      const AnnalsLane *lane = annals_layout_get_lane (ctx->layout, heap[i].lane);
      gboolean group = lane->track >= 0
                       && annals_layout_track_has_children (ctx->layout, lane->track);
      double w;

      annals_render_measure (ctx, ctx->text, group ? ctx->font_bold : ctx->font,
                             lane_label (ctx, lane), &w, NULL);
      widest = MAX (widest, lane_indent (ctx, lane) + w);
    }

  return ceil (MAX (widest + 20, 96));
}

void
annals_render_draw_gutter (AnnalsRenderCtx *ctx)
{
  cairo_t *cr = ctx->cr;
  guint first;
  guint last;

  if (ctx->gutter.width <= 0 || ctx->gutter.height <= 0)
    return;

  cairo_save (cr);

  if (!ctx->furniture)
    {
      cairo_rectangle (cr, ctx->gutter.x, ctx->header.y, ctx->gutter.width,
                       ctx->gutter.y + ctx->gutter.height - ctx->header.y);
      annals_render_set_color (cr, &ctx->theme->gutter, 1);
      cairo_fill (cr);
      cairo_move_to (cr, ctx->gutter.x + ctx->gutter.width - 0.5, ctx->header.y);
      cairo_line_to (cr, ctx->gutter.x + ctx->gutter.width - 0.5,
                     ctx->gutter.y + ctx->gutter.height);
      cairo_set_line_width (cr, 1);
      annals_render_set_color (cr, &ctx->theme->grid, 1.5);
      cairo_stroke (cr);
    }

  cairo_rectangle (cr, ctx->gutter.x, ctx->gutter.y, ctx->gutter.width, ctx->gutter.height);
  cairo_clip (cr);

  annals_render_visible_lanes (ctx, &first, &last);
  for (guint l = first; l < last; l++)
    {
      const AnnalsLane *lane = annals_layout_get_lane (ctx->layout, l);
      gboolean group = lane->track >= 0
                       && annals_layout_track_has_children (ctx->layout, lane->track);
      /* Sticky: the label stays in view while any of its lane is. */
      double top = annals_render_row_y (ctx, lane->first_row);
      double bottom = top + lane->n_rows * ctx->row_h;
      double cy = CLAMP (ctx->plot.y, top, MAX (bottom - ctx->row_h, top)) + ctx->row_h / 2;
      double x = ctx->gutter.x + 10 + lane->depth * INDENT_PX;
      double room;
      double w;
      double h;
      AnnalsRgba color = lane_color (ctx, lane);

      if (l > 0)
        {
          double y = round (annals_render_lane_y (ctx, l)) + 0.5;

          cairo_move_to (cr, ctx->gutter.x, y);
          cairo_line_to (cr, ctx->gutter.x + ctx->gutter.width, y);
          cairo_set_line_width (cr, 1);
          annals_render_set_color (cr, &ctx->theme->grid, 1.4);
          cairo_stroke (cr);
        }

      if (group)
        {
          /* Disclosure triangle: down when open, right when collapsed. */
          if (lane->collapsed)
            {
              cairo_move_to (cr, x + 2, cy - 4.5);
              cairo_line_to (cr, x + 7.5, cy);
              cairo_line_to (cr, x + 2, cy + 4.5);
            }
          else
            {
              cairo_move_to (cr, x, cy - 2.5);
              cairo_line_to (cr, x + 9, cy - 2.5);
              cairo_line_to (cr, x + 4.5, cy + 3);
            }
          cairo_close_path (cr);
          annals_render_set_color (cr, &ctx->theme->dim_foreground, 1);
          cairo_fill (cr);
          x += 14;
        }

      if (lane->track >= 0)
        {
          if (lane->kind == ANNALS_TRACK_QUANTITY)
            {
              /* A tiny step for a quantity lane. */
              cairo_move_to (cr, x, cy + 3);
              cairo_line_to (cr, x + 4, cy + 3);
              cairo_line_to (cr, x + 4, cy - 3);
              cairo_line_to (cr, x + 8, cy - 3);
              cairo_set_line_width (cr, 2);
              annals_render_set_color (cr, &color, 1);
              cairo_stroke (cr);
            }
          else
            {
              cairo_arc (cr, x + 4, cy, 4, 0, 2 * G_PI);
              annals_render_set_color (cr, &color, 1);
              cairo_fill (cr);
            }
        }
      x += 14;

      room = ctx->gutter.x + ctx->gutter.width - 8 - x;
      if (room < 16)
        continue;

      annals_render_measure (ctx, ctx->text, group ? ctx->font_bold : ctx->font,
                             lane_label (ctx, lane), &w, &h);
      /* A width only when the name must be cut: with one, Pango aligns a
       * right-to-left name to the right of the box. */
      if (w > room)
        {
          pango_layout_set_width (ctx->text, (int) (room * PANGO_SCALE));
          pango_layout_set_ellipsize (ctx->text, PANGO_ELLIPSIZE_END);
        }
      annals_render_show_text (ctx, ctx->text, x, cy - h / 2,
                               lane->track >= 0 ? &ctx->theme->foreground
                                                : &ctx->theme->dim_foreground, 1);
    }

  cairo_restore (cr);
}

/* Furniture */

static PangoFontDescription *
scaled_font (AnnalsRenderCtx *ctx,
             double           scale,
             PangoWeight      weight)
{
  PangoFontDescription *font = pango_font_description_copy (ctx->font);

  pango_font_description_set_absolute_size (font, ctx->theme->font_size * scale * 96.0 / 72.0
                                                  * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);

  return font;
}

static PangoLayout *
make_block (AnnalsRenderCtx            *ctx,
            const PangoFontDescription *font,
            const char                 *text,
            double                      width,
            int                         max_lines)
{
  PangoLayout *layout = pango_layout_new (ctx->pango);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_auto_dir (layout, TRUE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, (int) (MAX (width, 1) * PANGO_SCALE));
  pango_layout_set_height (layout, -max_lines);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_text (layout, text, -1);

  return layout;
}

static double
block_height (PangoLayout *layout)
{
  int h;

  if (layout == NULL)
    return 0;

  pango_layout_get_size (layout, NULL, &h);

  return (double) h / PANGO_SCALE;
}

static void
add_entry (AnnalsRenderCtx  *ctx,
           LegendKind        kind,
           guint             value,
           const AnnalsRgba *color,
           const char       *text)
{
  AnnalsLegendEntry entry = { 0 };

  entry.kind = kind;
  entry.value = value;
  if (color != NULL)
    entry.color = *color;
  entry.layout = pango_layout_new (ctx->pango);
  pango_layout_set_font_description (entry.layout,
                                     kind == LEGEND_HEADING ? ctx->font_small_bold
                                                            : ctx->font_small);
  pango_layout_set_auto_dir (entry.layout, TRUE);
  pango_layout_set_text (entry.layout, text, -1);
  g_array_append_val (ctx->legend, entry);
}

static double
swatch_width (LegendKind kind)
{
  switch (kind)
    {
    case LEGEND_HEADING:
      return 0;
    case LEGEND_CATEGORY:
    case LEGEND_INSTANT:
    case LEGEND_MILESTONE:
      return SWATCH_H;
    case LEGEND_AS_OF:
      return 10;
    default:
      return SWATCH_W;
    }
}

/* The entries, in groups of one line each (wrapped when long): categories,
 * then how events are drawn. Only what the shown data uses. */
static void
build_legend (AnnalsRenderCtx *ctx)
{
  AnnalsTimeline *timeline = ctx->timeline;
  guint features = annals_layout_get_features (ctx->layout);
  guint32 statuses = annals_layout_get_status_mask (ctx->layout);
  AnnalsRgba neutral = annals_render_mix (&ctx->theme->foreground, &ctx->theme->background, 0.4);
  guint n_categories = 0;

  ctx->legend = g_array_new (FALSE, TRUE, sizeof (AnnalsLegendEntry));
  g_array_set_clear_func (ctx->legend, clear_entry);

  for (guint i = 0; i < timeline->n_categories; i++)
    n_categories += annals_layout_category_is_used (ctx->layout, i);

  if (n_categories > 0)
    {
      add_entry (ctx, LEGEND_HEADING, 0, NULL, _("Categories"));
      for (guint i = 0; i < timeline->n_categories; i++)
        {
          const AnnalsCategory *category = &timeline->categories[i];
          AnnalsEvent probe = { 0 };
          AnnalsRgba color;

          if (!annals_layout_category_is_used (ctx->layout, i))
            continue;
          probe.category = i;
          probe.track = -1;
          color = annals_theme_event_color (ctx->theme, timeline, &probe);
          add_entry (ctx, LEGEND_CATEGORY, i, &color,
                     category->label != NULL ? category->label
                                             : category->id != NULL ? category->id : "");
        }
    }

  /* Statuses: only worth a key when there is more than plain confirmed. */
  if (statuses & ~(1u << ANNALS_STATUS_CONFIRMED))
    {
      add_entry (ctx, LEGEND_HEADING, 1, NULL, _("Status"));
      for (guint s = 0; s < ANNALS_N_STATUSES; s++)
        if (statuses & (1u << s))
          add_entry (ctx, LEGEND_STATUS, s, &neutral, status_label (s));
    }

  add_entry (ctx, LEGEND_HEADING, 2, NULL, _("Marks"));
  if (features & ANNALS_LAYOUT_HAS_SPANS)
    add_entry (ctx, LEGEND_SPAN, 0, &neutral, _("Period"));
  if (features & ANNALS_LAYOUT_HAS_INSTANTS)
    add_entry (ctx, LEGEND_INSTANT, 0, &neutral, _("Event"));
  if (features & ANNALS_LAYOUT_HAS_MILESTONES)
    add_entry (ctx, LEGEND_MILESTONE, 0, &neutral, _("Milestone"));

  if (features & ANNALS_LAYOUT_HAS_ONGOING)
    add_entry (ctx, LEGEND_ONGOING, 0, &neutral, _("Ongoing"));
  if (features & ANNALS_LAYOUT_HAS_PROPOSED_END)
    add_entry (ctx, LEGEND_PROPOSED_END, 0, &neutral, _("Proposed end"));
  if (features & ANNALS_LAYOUT_HAS_UNCONFIRMED_END)
    add_entry (ctx, LEGEND_PROPOSED_END, 1, &neutral, _("Unconfirmed end"));
  if (features & ANNALS_LAYOUT_HAS_APPROX)
    add_entry (ctx, LEGEND_APPROX, 0, &neutral, _("Approximate"));
  if (features & ANNALS_LAYOUT_HAS_BOUNDS)
    add_entry (ctx, LEGEND_BOUNDS, 0, &neutral, _("Date range"));
  if (features & ANNALS_LAYOUT_HAS_CONFLICTS)
    add_entry (ctx, LEGEND_CONFLICT, 0, &neutral, _("Sources disagree"));
  if (annals_date_is_set (&timeline->as_of))
    add_entry (ctx, LEGEND_AS_OF, 0, &ctx->theme->as_of, _("As-of date"));

  /* A lone heading is noise. */
  if (ctx->legend->len > 0
      && g_array_index (ctx->legend, AnnalsLegendEntry,
                        ctx->legend->len - 1).kind == LEGEND_HEADING)
    g_array_set_size (ctx->legend, ctx->legend->len - 1);
}

/* Flows the entries in @width; headings start a new line and take a column
 * of their own so that the groups align. Returns the height. */
static double
flow_legend (AnnalsRenderCtx *ctx,
             double           width)
{
  double heading_w = 0;
  double x = 0;
  double y = 0;
  double line_h = MAX (ctx->small_line_height, SWATCH_H) + LINE_GAP;
  gboolean any = FALSE;

  for (guint i = 0; i < ctx->legend->len; i++)
    {
      AnnalsLegendEntry *entry = &g_array_index (ctx->legend, AnnalsLegendEntry, i);
      int pw;

      pango_layout_get_size (entry->layout, &pw, NULL);
      entry->width = swatch_width (entry->kind) + (entry->kind == LEGEND_HEADING ? 0 : 6)
                     + (double) pw / PANGO_SCALE;
      if (entry->kind == LEGEND_HEADING)
        heading_w = MAX (heading_w, entry->width);
    }
  heading_w += 16;

  for (guint i = 0; i < ctx->legend->len; i++)
    {
      AnnalsLegendEntry *entry = &g_array_index (ctx->legend, AnnalsLegendEntry, i);

      if (entry->kind == LEGEND_HEADING)
        {
          if (any)
            y += line_h;
          entry->x = 0;
          entry->y = y;
          x = heading_w;
          any = TRUE;
          continue;
        }

      if (x > heading_w && x + entry->width > width)
        {
          y += line_h;
          x = heading_w;
        }
      entry->x = x;
      entry->y = y;
      x += entry->width + ENTRY_GAP;
      any = TRUE;
    }

  return any ? y + line_h - LINE_GAP : 0;
}

static char *
sources_markup (AnnalsRenderCtx *ctx)
{
  AnnalsTimeline *timeline = ctx->timeline;
  g_autoptr(GString) markup = g_string_new (NULL);
  gboolean any_cited = FALSE;
  guint n = 0;

  for (guint i = 0; i < timeline->n_sources; i++)
    any_cited |= annals_layout_source_is_cited (ctx->layout, i);

  for (guint i = 0; i < timeline->n_sources; i++)
    {
      const AnnalsSource *source = &timeline->sources[i];
      g_autoptr(GString) entry = g_string_new (NULL);
      g_autofree char *escaped = NULL;
      char date[128];

      /* The sources the shown facts cite; all of them when nothing cites. */
      if (any_cited && !annals_layout_source_is_cited (ctx->layout, i))
        continue;

      if (source->publisher != NULL && *source->publisher != '\0')
        g_string_append (entry, source->publisher);
      if (source->title != NULL && *source->title != '\0')
        {
          if (entry->len > 0)
            g_string_append (entry, ", ");
          g_string_append_printf (entry, "“%s”", source->title);
        }
      if (entry->len == 0 && source->id != NULL)
        g_string_append (entry, source->id);
      if (annals_date_is_set (&source->published))
        {
          AnnalsDate day = source->published;

          /* The day is enough in a credit line. */
          if (day.precision > ANNALS_PRECISION_DAY)
            day.precision = ANNALS_PRECISION_DAY;
          g_string_append_printf (entry, ", %s", annals_format_date (&day, date, sizeof date));
        }
      if (source->reliability != NULL && g_ascii_strcasecmp (source->reliability, "low") == 0)
        g_string_append_printf (entry, " (%s)", _("low reliability"));

      escaped = g_markup_escape_text (entry->str, -1);
      if (n > 0)
        g_string_append (markup, "; ");
      g_string_append (markup, escaped);
      n++;
    }

  if (n == 0)
    return NULL;

  {
    g_autofree char *heading = g_markup_escape_text (n == 1 ? _("Source:") : _("Sources:"), -1);

    g_string_prepend (markup, "</b> ");
    g_string_prepend (markup, heading);
    g_string_prepend (markup, "<b>");
  }

  return g_string_free (g_steal_pointer (&markup), FALSE);
}

/**
 * annals_render_layout_furniture:
 * @top: (out): where the timeline body starts
 * @bottom: (out): where it must end
 *
 * Lays out the title block and the footer for the view's size.
 */
void
annals_render_layout_furniture (AnnalsRenderCtx *ctx,
                                double          *top,
                                double          *bottom)
{
  AnnalsTimeline *timeline = ctx->timeline;
  double width = MAX (ctx->view->width - 2 * ctx->margin, 1);
  double y = ctx->margin;
  double footer = 0;
  g_autoptr(PangoFontDescription) title_font = scaled_font (ctx, 2.3, PANGO_WEIGHT_BOLD);
  g_autoptr(PangoFontDescription) subtitle_font = scaled_font (ctx, 1.25, PANGO_WEIGHT_NORMAL);
  g_autofree char *markup = NULL;
  char date[128];

  ctx->title_layout = make_block (ctx, title_font,
                                  timeline->title != NULL && *timeline->title != '\0'
                                  ? timeline->title : _("Timeline"),
                                  width, 2);
  y += block_height (ctx->title_layout) + 6;

  if (timeline->description != NULL && *timeline->description != '\0')
    {
      ctx->subtitle_layout = make_block (ctx, subtitle_font, timeline->description,
                                         MIN (width, 1320), 2);
      y += block_height (ctx->subtitle_layout) + 6;
    }

  if (annals_date_is_set (&timeline->as_of))
    {
      g_autofree char *text = NULL;

      annals_format_date (&timeline->as_of, date, sizeof date);
      /* Translators: the dateline under an exported timeline's title */
      text = g_strdup_printf (_("As of %s"), date);
      ctx->meta_layout = make_block (ctx, ctx->font_small_bold, text, width, 1);
      y += block_height (ctx->meta_layout);
    }

  *top = y + 22;

  build_legend (ctx);
  ctx->legend_h = flow_legend (ctx, width);

  markup = sources_markup (ctx);
  if (markup != NULL)
    {
      g_autoptr(PangoFontDescription) small = scaled_font (ctx, 0.85, PANGO_WEIGHT_NORMAL);

      ctx->sources_layout = make_block (ctx, small, "", width, 4);
      pango_layout_set_markup (ctx->sources_layout, markup, -1);
      footer += block_height (ctx->sources_layout);
    }

  if (ctx->legend_h > 0)
    footer += ctx->legend_h + (footer > 0 ? 14 : 0);

  ctx->footer_area.x = ctx->margin;
  ctx->footer_area.width = width;
  ctx->footer_area.height = footer;
  ctx->footer_area.y = ctx->view->height - ctx->margin - footer;
  ctx->title_area.x = ctx->margin;
  ctx->title_area.y = ctx->margin;
  ctx->title_area.width = width;
  ctx->title_area.height = y - ctx->margin;

  *bottom = ctx->footer_area.y - (footer > 0 ? 24 : 0);
  if (*bottom < *top)
    *bottom = *top;
}

static void
draw_legend_swatch (AnnalsRenderCtx         *ctx,
                    const AnnalsLegendEntry *entry,
                    double                   x,
                    double                   cy)
{
  cairo_t *cr = ctx->cr;
  double y = cy - SWATCH_H / 2;

  switch (entry->kind)
    {
    case LEGEND_CATEGORY:
      annals_render_rounded_rect (cr, x, y, SWATCH_H, SWATCH_H, 3);
      annals_render_set_color (cr, &entry->color, 1);
      cairo_fill (cr);
      break;

    case LEGEND_STATUS:
      annals_render_status_swatch (ctx, entry->value, &entry->color, x, y, SWATCH_W, SWATCH_H);
      break;

    case LEGEND_SPAN:
      annals_render_status_swatch (ctx, ANNALS_STATUS_CONFIRMED, &entry->color, x, y, SWATCH_W,
                                   SWATCH_H);
      break;

    case LEGEND_INSTANT:
    case LEGEND_MILESTONE:
      annals_render_mark_path (cr, entry->kind == LEGEND_MILESTONE ? ANNALS_EVENT_MILESTONE
                                                                    : ANNALS_EVENT_INSTANT,
                               x + SWATCH_H / 2, cy,
                               entry->kind == LEGEND_MILESTONE ? SWATCH_H / 2 + 0.5
                                                               : SWATCH_H / 2 - 1);
      annals_render_set_color (cr, &entry->color, 1);
      cairo_fill (cr);
      break;

    case LEGEND_ONGOING:
    case LEGEND_APPROX:
      {
        cairo_pattern_t *gradient;
        gboolean ongoing = entry->kind == LEGEND_ONGOING;

        gradient = cairo_pattern_create_linear (x, 0, x + SWATCH_W, 0);
        cairo_pattern_add_color_stop_rgba (gradient, 0, entry->color.r, entry->color.g,
                                           entry->color.b, ongoing ? 1 : 0.06);
        cairo_pattern_add_color_stop_rgba (gradient, ongoing ? 0.3 : 0.7, entry->color.r,
                                           entry->color.g, entry->color.b, 1);
        cairo_pattern_add_color_stop_rgba (gradient, 1, entry->color.r, entry->color.g,
                                           entry->color.b, ongoing ? 0.06 : 1);
        annals_render_rounded_rect (cr, x, y + 0.75, SWATCH_W, SWATCH_H - 1.5, 0);
        cairo_set_source (cr, gradient);
        cairo_fill (cr);
        cairo_pattern_destroy (gradient);
      }
      break;

    case LEGEND_PROPOSED_END:
      {
        static const double dash[] = { 4, 3 };

        cairo_rectangle (cr, x, y + 0.75, SWATCH_W * 0.4, SWATCH_H - 1.5);
        annals_render_set_color (cr, &entry->color, 1);
        cairo_fill (cr);
        annals_render_rounded_rect (cr, x + SWATCH_W * 0.4, y + 0.75, SWATCH_W * 0.6,
                                    SWATCH_H - 1.5, 3);
        annals_render_set_color (cr, &entry->color, 0.15);
        cairo_fill_preserve (cr);
        cairo_set_dash (cr, dash, 2, 0);
        cairo_set_line_width (cr, 1.5);
        annals_render_set_color (cr, &entry->color, 1);
        cairo_stroke (cr);
        cairo_set_dash (cr, NULL, 0, 0);
      }
      break;

    case LEGEND_BOUNDS:
      cairo_set_line_width (cr, 1.25);
      annals_render_set_color (cr, &ctx->theme->dim_foreground, 1);
      cairo_move_to (cr, x + 1, cy);
      cairo_line_to (cr, x + SWATCH_W - 1, cy);
      cairo_move_to (cr, x + 1, cy - 4);
      cairo_line_to (cr, x + 1, cy + 4);
      cairo_move_to (cr, x + SWATCH_W - 1, cy - 4);
      cairo_line_to (cr, x + SWATCH_W - 1, cy + 4);
      cairo_stroke (cr);
      cairo_arc (cr, x + SWATCH_W / 2, cy, 4, 0, 2 * G_PI);
      annals_render_set_color (cr, &entry->color, 1);
      cairo_fill (cr);
      break;

    case LEGEND_CONFLICT:
      cairo_rectangle (cr, x, y + 2, SWATCH_W, SWATCH_H - 4);
      annals_render_set_color (cr, &entry->color, 0.35);
      cairo_fill (cr);
      cairo_set_line_width (cr, 1.25);
      annals_render_set_color (cr, &entry->color, 1);
      cairo_move_to (cr, x, y + 2);
      cairo_line_to (cr, x + SWATCH_W, y + 2);
      cairo_move_to (cr, x, y + SWATCH_H - 2);
      cairo_line_to (cr, x + SWATCH_W, y + SWATCH_H - 2);
      cairo_stroke (cr);
      break;

    case LEGEND_AS_OF:
      cairo_set_line_width (cr, 2);
      annals_render_set_color (cr, &entry->color, 1);
      cairo_move_to (cr, x + 5, cy - 7);
      cairo_line_to (cr, x + 5, cy + 7);
      cairo_stroke (cr);
      break;

    case LEGEND_HEADING:
    default:
      break;
    }
}

/* An export too short for all its rows says so, rather than cutting them
 * off silently. */
static void
draw_overflow_note (AnnalsRenderCtx *ctx)
{
  guint first;
  guint last;
  guint n_rows = annals_layout_get_n_rows (ctx->layout);
  guint hidden;
  char count[64];
  g_autofree char *text = NULL;
  double w;
  double h;
  double x;
  double y;

  annals_render_visible_rows (ctx, &first, &last);
  hidden = n_rows - (last - first);
  if (n_rows == 0 || hidden == 0 || annals_render_content_h (ctx) <= ctx->plot.height)
    return;

  annals_format_number (hidden, 0, count, sizeof count);
  /* Translators: under an exported timeline too tall for the page */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s more row not shown",
                                       "%s more rows not shown", hidden), count);
  annals_render_measure (ctx, ctx->text, ctx->font_small, text, &w, &h);
  x = ctx->plot.x + ctx->plot.width - w - 8;
  y = ctx->plot.y + ctx->plot.height - h - 4;
  annals_render_rounded_rect (ctx->cr, x - 6, y - 2, w + 12, h + 4, (h + 4) / 2);
  annals_render_set_color (ctx->cr, &ctx->theme->background, 0.92);
  cairo_fill (ctx->cr);
  annals_render_show_text (ctx, ctx->text, x, y, &ctx->theme->dim_foreground, 1);
}

void
annals_render_draw_overflow (AnnalsRenderCtx *ctx)
{
  if (ctx->furniture)
    draw_overflow_note (ctx);
}

void
annals_render_draw_furniture (AnnalsRenderCtx *ctx)
{
  cairo_t *cr = ctx->cr;
  double x = ctx->margin;
  double y = ctx->margin;

  if (ctx->title_layout != NULL)
    {
      annals_render_show_text (ctx, ctx->title_layout, x, y, &ctx->theme->foreground, 1);
      y += block_height (ctx->title_layout) + 6;
    }
  if (ctx->subtitle_layout != NULL)
    {
      annals_render_show_text (ctx, ctx->subtitle_layout, x, y, &ctx->theme->foreground, 0.92);
      y += block_height (ctx->subtitle_layout) + 6;
    }
  if (ctx->meta_layout != NULL)
    annals_render_show_text (ctx, ctx->meta_layout, x, y, &ctx->theme->dim_foreground, 1);

  y = ctx->footer_area.y;

  if (ctx->legend != NULL && ctx->legend->len > 0)
    {
      for (guint i = 0; i < ctx->legend->len; i++)
        {
          const AnnalsLegendEntry *entry = &g_array_index (ctx->legend, AnnalsLegendEntry, i);
          double ex = x + entry->x;
          double line_h = MAX (ctx->small_line_height, SWATCH_H);
          double cy = y + entry->y + line_h / 2;
          double sw = swatch_width (entry->kind);
          int ph;

          if (entry->kind != LEGEND_HEADING)
            draw_legend_swatch (ctx, entry, ex, cy);

          pango_layout_get_size (entry->layout, NULL, &ph);
          annals_render_show_text (ctx, entry->layout, ex + sw + (sw > 0 ? 6 : 0),
                                   cy - (double) ph / PANGO_SCALE / 2,
                                   entry->kind == LEGEND_HEADING ? &ctx->theme->dim_foreground
                                                                 : &ctx->theme->foreground, 1);
        }
      y += ctx->legend_h + 14;
    }

  if (ctx->sources_layout != NULL)
    {
      /* A hairline over the sources, as in print. */
      cairo_set_line_width (cr, 1);
      annals_render_set_color (cr, &ctx->theme->grid, 2);
      cairo_move_to (cr, x, round (y - 7) + 0.5);
      cairo_line_to (cr, x + ctx->footer_area.width, round (y - 7) + 0.5);
      cairo_stroke (cr);
      annals_render_show_text (ctx, ctx->sources_layout, x, y, &ctx->theme->dim_foreground, 1);
    }
}

void
annals_render_free_furniture (AnnalsRenderCtx *ctx)
{
  g_clear_object (&ctx->title_layout);
  g_clear_object (&ctx->subtitle_layout);
  g_clear_object (&ctx->meta_layout);
  g_clear_object (&ctx->sources_layout);
  g_clear_pointer (&ctx->legend, g_array_unref);
}
