/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-legend.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annals-date-format.h"

#define SWATCH_SIZE 14
#define INDENT      18

struct _AnnalsLegend
{
  GtkWidget       parent_instance;

  /* children */
  GtkWidget      *scroller;
  GtkBox         *box;
  GtkEntry       *from_entry;
  GtkEntry       *to_entry;
  GtkWidget      *reset_button;

  /* owned */
  AnnalsTimeline *timeline;
  gboolean       *hidden_tracks;       /* per track */
  gboolean       *hidden_categories;   /* per category */
  gboolean       *collapsed;           /* per track, or NULL */
  GPtrArray      *track_checks;        /* GtkCheckButton per track, borrowed */
  GPtrArray      *category_checks;     /* per category, borrowed */
  GtkCheckButton *status_checks[ANNALS_N_STATUSES];
  char           *from_text;
  char           *to_text;

  guint32         hidden_statuses;
  AnnalsTime      from;
  AnnalsTime      to;
  gboolean        updating;            /* setting checks from code */
};

G_DEFINE_FINAL_TYPE (AnnalsLegend, annals_legend, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (AnnalsLegend *self)
{
  if (self->reset_button != NULL)
    gtk_widget_set_sensitive (self->reset_button, annals_legend_get_filtering (self));
  if (!self->updating)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  AnnalsColor color = GPOINTER_TO_UINT (user_data);
  double size = MIN (width, height);

  cairo_arc (cr, width / 2.0, height / 2.0, size / 2.0 - 1, 0, 2 * G_PI);
  if (color == ANNALS_COLOR_NONE)
    {
      GdkRGBA fg;

#if GTK_CHECK_VERSION (4, 10, 0)
      gtk_widget_get_color (GTK_WIDGET (area), &fg);
#else
      gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
#endif
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.5);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
      return;
    }
  cairo_set_source_rgb (cr, ((color >> 16) & 0xff) / 255.0, ((color >> 8) & 0xff) / 255.0,
                        (color & 0xff) / 255.0);
  cairo_fill (cr);
}

static GtkCheckButton *
add_check (AnnalsLegend *self,
           GtkWidget    *parent,
           const char   *label,
           AnnalsColor   color,
           gboolean      swatch,
           guint         depth)
{
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *text = gtk_label_new (label);

  if (swatch)
    {
      GtkWidget *area = gtk_drawing_area_new ();

      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), SWATCH_SIZE);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), SWATCH_SIZE);
      gtk_widget_set_valign (area, GTK_ALIGN_CENTER);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_swatch,
                                      GUINT_TO_POINTER (color), NULL);
      gtk_box_append (GTK_BOX (row), area);
    }
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (text), 32);
  gtk_box_append (GTK_BOX (row), text);
  gtk_check_button_set_child (GTK_CHECK_BUTTON (check), row);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  gtk_widget_set_margin_start (check, depth * INDENT);
  gtk_box_append (GTK_BOX (parent), check);

  return GTK_CHECK_BUTTON (check);
}

static void
add_heading (GtkBox     *box,
             const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 3);
  gtk_box_append (box, label);
}

/* A child of a hidden or folded group cannot be shown on its own. */
static void
update_sensitivity (AnnalsLegend *self)
{
  guint i;

  if (self->timeline == NULL)
    return;

  for (i = 0; i < self->track_checks->len; i++)
    {
      gint parent = self->timeline->tracks[i].parent;
      gboolean sensitive = TRUE;

      while (parent >= 0 && (guint) parent < self->timeline->n_tracks)
        {
          if (self->hidden_tracks[parent] || (self->collapsed != NULL && self->collapsed[parent]))
            sensitive = FALSE;
          parent = self->timeline->tracks[parent].parent;
        }
      gtk_widget_set_sensitive (g_ptr_array_index (self->track_checks, i), sensitive);
    }
}

/* A legend is read, not scrolled through: beyond this many tracks or
 * categories (a generated file) the rest are counted, not listed, which also
 * keeps the window from building a million check buttons. */
#define LEGEND_ITEMS_MAX 500

static void
add_more (GtkBox *column,
          guint   n_items)
{
  g_autofree char *text = NULL;
  GtkWidget *label;

  if (n_items <= LEGEND_ITEMS_MAX)
    return;

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more",
                                       n_items - LEGEND_ITEMS_MAX),
                          n_items - LEGEND_ITEMS_MAX);
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_start (label, 6);
  gtk_box_append (column, label);
}

static void
track_toggled_cb (GtkCheckButton *check,
                  AnnalsLegend   *self)
{
  guint track;

  if (!g_ptr_array_find (self->track_checks, check, &track))
    return;
  self->hidden_tracks[track] = !gtk_check_button_get_active (check);
  update_sensitivity (self);
  emit_changed (self);
}

static void
category_toggled_cb (GtkCheckButton *check,
                     AnnalsLegend   *self)
{
  guint category;

  if (!g_ptr_array_find (self->category_checks, check, &category))
    return;
  self->hidden_categories[category] = !gtk_check_button_get_active (check);
  emit_changed (self);
}

static void
status_toggled_cb (GtkCheckButton *check,
                   AnnalsLegend   *self)
{
  guint status;

  for (status = 0; status < ANNALS_N_STATUSES; status++)
    if (self->status_checks[status] == check)
      break;
  if (status == ANNALS_N_STATUSES)
    return;

  if (gtk_check_button_get_active (check))
    self->hidden_statuses &= ~(1u << status);
  else
    self->hidden_statuses |= 1u << status;
  emit_changed (self);
}

static gboolean
parse_bound (const char *text,
             gboolean    is_end,
             AnnalsTime *time)
{
  AnnalsDate date = { 0 };

  if (text == NULL || text[0] == '\0')
    {
      *time = is_end ? ANNALS_TIME_MAX : ANNALS_TIME_MIN;
      return TRUE;
    }
  if (!annals_date_parse (text, NULL, &date, NULL))
    return FALSE;
  *time = is_end ? annals_date_end_time (&date) : date.time;
  return TRUE;
}

/* Whether @entry already says @text, give or take spaces being typed. */
static gboolean
same_text (GtkEntry   *entry,
           const char *text)
{
  g_autofree char *current = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  return g_strcmp0 (current, text) == 0;
}

static void
range_changed_cb (GtkEntry     *entry,
                  AnnalsLegend *self)
{
  g_autofree char *from = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->from_entry))));
  g_autofree char *to = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->to_entry))));
  AnnalsTime time;

  /* Flag what does not read as a date, and filter only on what does, so that
   * half-typed text never empties the timeline. */
  if (parse_bound (from, FALSE, &time))
    gtk_widget_remove_css_class (GTK_WIDGET (self->from_entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->from_entry), "error");
  if (parse_bound (to, TRUE, &time))
    gtk_widget_remove_css_class (GTK_WIDGET (self->to_entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->to_entry), "error");

  if (!self->updating)
    annals_legend_set_range (self, from, to);
}

static void
reset_clicked_cb (GtkButton    *button,
                  AnnalsLegend *self)
{
  annals_legend_reset (self);
}

static GtkEntry *
add_date_entry (GtkGrid    *grid,
                int         row,
                const char *label,
                const char *placeholder)
{
  GtkWidget *title = gtk_label_new_with_mnemonic (label);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "dim-label");
  gtk_label_set_mnemonic_widget (GTK_LABEL (title), entry);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_grid_attach (grid, title, 0, row, 1, 1);
  gtk_grid_attach (grid, entry, 1, row, 1, 1);

  return GTK_ENTRY (entry);
}

static void
rebuild (AnnalsLegend *self)
{
  AnnalsTimeline *timeline = self->timeline;
  GtkWidget *child;
  GtkWidget *grid;
  GtkBox *left;
  GtkBox *right;
  guint32 used_statuses = 0;
  guint i;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->box))) != NULL)
    gtk_box_remove (self->box, child);
  self->from_entry = NULL;
  self->to_entry = NULL;
  self->reset_button = NULL;
  g_ptr_array_set_size (self->track_checks, 0);
  g_ptr_array_set_size (self->category_checks, 0);
  memset (self->status_checks, 0, sizeof self->status_checks);

  if (timeline == NULL)
    return;

  /* Two columns, so that everything fits on screen without scrolling for a
   * dataset of a usual size: what is drawn where on the left, what it is and
   * when on the right. */
  left = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 2));
  right = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 2));
  gtk_widget_set_size_request (GTK_WIDGET (right), 220, -1);
  gtk_box_append (self->box, GTK_WIDGET (left));
  gtk_box_append (self->box, GTK_WIDGET (right));

  if (timeline->n_tracks > 0)
    {
      add_heading (left, _("Tracks"));
      for (i = 0; i < MIN (timeline->n_tracks, LEGEND_ITEMS_MAX); i++)
        {
          const AnnalsTrack *track = &timeline->tracks[i];
          GtkCheckButton *check = add_check (self, GTK_WIDGET (left),
                                             track->label != NULL ? track->label : track->id,
                                             track->color, TRUE, track->depth);

          g_signal_connect (check, "toggled", G_CALLBACK (track_toggled_cb), self);
          g_ptr_array_add (self->track_checks, check);
        }
      add_more (left, timeline->n_tracks);
    }

  if (timeline->n_categories > 0)
    {
      add_heading (right, _("Categories"));
      for (i = 0; i < MIN (timeline->n_categories, LEGEND_ITEMS_MAX); i++)
        {
          const AnnalsCategory *category = &timeline->categories[i];
          GtkCheckButton *check = add_check (self, GTK_WIDGET (right),
                                             category->label != NULL ? category->label
                                                                     : category->id,
                                             category->color, TRUE, 0);

          g_signal_connect (check, "toggled", G_CALLBACK (category_toggled_cb), self);
          g_ptr_array_add (self->category_checks, check);
        }
      add_more (right, timeline->n_categories);
    }

  /* Only the statuses the file uses: a list of eight where two apply reads as
   * noise. */
  for (i = 0; i < timeline->n_events; i++)
    used_statuses |= 1u << timeline->events[i].status;
  if (used_statuses != 0)
    {
      add_heading (left, _("Statuses"));
      for (i = 0; i < ANNALS_N_STATUSES; i++)
        if (used_statuses & (1u << i))
          {
            self->status_checks[i] = add_check (self, GTK_WIDGET (left),
                                                annals_status_get_label (i),
                                                ANNALS_COLOR_NONE, FALSE, 0);
            g_signal_connect (self->status_checks[i], "toggled",
                              G_CALLBACK (status_toggled_cb), self);
          }
    }

  add_heading (right, _("Dates"));
  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  /* Translators: the start of the date range shown */
  self->from_entry = add_date_entry (GTK_GRID (grid), 0, _("_From"), _("e.g. 2018"));
  /* Translators: the end of the date range shown */
  self->to_entry = add_date_entry (GTK_GRID (grid), 1, _("_To"), _("e.g. 2026-06"));
  g_signal_connect (self->from_entry, "changed", G_CALLBACK (range_changed_cb), self);
  g_signal_connect (self->to_entry, "changed", G_CALLBACK (range_changed_cb), self);
  gtk_box_append (right, grid);

  self->reset_button = gtk_button_new_with_mnemonic (_("_Show All"));
  gtk_widget_set_margin_top (self->reset_button, 12);
  gtk_widget_set_sensitive (self->reset_button, FALSE);
  g_signal_connect (self->reset_button, "clicked", G_CALLBACK (reset_clicked_cb), self);
  gtk_box_append (right, self->reset_button);
}

/* Moves the check buttons to what the arrays say, without signals. */
static void
sync_checks (AnnalsLegend *self)
{
  guint i;

  if (self->timeline == NULL)
    return;

  self->updating = TRUE;
  for (i = 0; i < self->track_checks->len; i++)
    gtk_check_button_set_active (g_ptr_array_index (self->track_checks, i),
                                 !self->hidden_tracks[i]);
  for (i = 0; i < self->category_checks->len; i++)
    gtk_check_button_set_active (g_ptr_array_index (self->category_checks, i),
                                 !self->hidden_categories[i]);
  for (i = 0; i < ANNALS_N_STATUSES; i++)
    if (self->status_checks[i] != NULL)
      gtk_check_button_set_active (self->status_checks[i],
                                   !(self->hidden_statuses & (1u << i)));
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry),
                         self->from_text != NULL ? self->from_text : "");
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), self->to_text != NULL ? self->to_text : "");
  self->updating = FALSE;
  update_sensitivity (self);
  gtk_widget_set_sensitive (self->reset_button, annals_legend_get_filtering (self));
}

static void
clear_filters (AnnalsLegend *self)
{
  g_clear_pointer (&self->hidden_tracks, g_free);
  g_clear_pointer (&self->hidden_categories, g_free);
  g_clear_pointer (&self->from_text, g_free);
  g_clear_pointer (&self->to_text, g_free);
  self->hidden_statuses = 0;
  self->from = ANNALS_TIME_MIN;
  self->to = ANNALS_TIME_MAX;
  if (self->timeline != NULL)
    {
      self->hidden_tracks = g_new0 (gboolean, MAX (1, self->timeline->n_tracks));
      self->hidden_categories = g_new0 (gboolean, MAX (1, self->timeline->n_categories));
    }
}

static void
annals_legend_dispose (GObject *object)
{
  AnnalsLegend *self = ANNALS_LEGEND (object);

  g_clear_pointer (&self->scroller, gtk_widget_unparent);

  G_OBJECT_CLASS (annals_legend_parent_class)->dispose (object);
}

static void
annals_legend_finalize (GObject *object)
{
  AnnalsLegend *self = ANNALS_LEGEND (object);

  g_clear_pointer (&self->timeline, annals_timeline_unref);
  g_clear_pointer (&self->hidden_tracks, g_free);
  g_clear_pointer (&self->hidden_categories, g_free);
  g_clear_pointer (&self->collapsed, g_free);
  g_clear_pointer (&self->track_checks, g_ptr_array_unref);
  g_clear_pointer (&self->category_checks, g_ptr_array_unref);
  g_clear_pointer (&self->from_text, g_free);
  g_clear_pointer (&self->to_text, g_free);

  G_OBJECT_CLASS (annals_legend_parent_class)->finalize (object);
}

static void
annals_legend_class_init (AnnalsLegendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = annals_legend_dispose;
  object_class->finalize = annals_legend_finalize;

  /**
   * AnnalsLegend::changed:
   *
   * The user showed or hid something; the layout must be built again.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "legend");
}

static void
annals_legend_init (AnnalsLegend *self)
{
  self->track_checks = g_ptr_array_new ();
  self->category_checks = g_ptr_array_new ();
  self->from = ANNALS_TIME_MIN;
  self->to = ANNALS_TIME_MAX;

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (self->scroller), 600);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));

  self->box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24));
  gtk_widget_set_margin_start (GTK_WIDGET (self->box), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->box), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->box), 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->box));

  rebuild (self);
}

GtkWidget *
annals_legend_new (void)
{
  return g_object_new (ANNALS_TYPE_LEGEND, NULL);
}

void
annals_legend_set_timeline (AnnalsLegend   *self,
                            AnnalsTimeline *timeline)
{
  g_return_if_fail (ANNALS_IS_LEGEND (self));

  if (timeline != NULL)
    annals_timeline_ref (timeline);
  g_clear_pointer (&self->timeline, annals_timeline_unref);
  self->timeline = timeline;
  g_clear_pointer (&self->collapsed, g_free);

  clear_filters (self);
  rebuild (self);
}

void
annals_legend_set_collapsed (AnnalsLegend   *self,
                             const gboolean *collapsed)
{
  g_return_if_fail (ANNALS_IS_LEGEND (self));

  g_clear_pointer (&self->collapsed, g_free);
  if (collapsed != NULL && self->timeline != NULL)
    self->collapsed = g_memdup2 (collapsed, sizeof (gboolean) * MAX (1, self->timeline->n_tracks));
  update_sensitivity (self);
}

void
annals_legend_get_options (AnnalsLegend        *self,
                           AnnalsLayoutOptions *options)
{
  g_return_if_fail (ANNALS_IS_LEGEND (self));
  g_return_if_fail (options != NULL);

  options->hidden_tracks = self->hidden_tracks;
  options->hidden_categories = self->hidden_categories;
  options->hidden_statuses = self->hidden_statuses;
  options->from = self->from;
  options->to = self->to;
}

gboolean
annals_legend_get_filtering (AnnalsLegend *self)
{
  guint i;

  g_return_val_if_fail (ANNALS_IS_LEGEND (self), FALSE);

  if (self->timeline == NULL)
    return FALSE;
  if (self->hidden_statuses != 0 || self->from != ANNALS_TIME_MIN || self->to != ANNALS_TIME_MAX)
    return TRUE;
  for (i = 0; i < self->timeline->n_tracks; i++)
    if (self->hidden_tracks[i])
      return TRUE;
  for (i = 0; i < self->timeline->n_categories; i++)
    if (self->hidden_categories[i])
      return TRUE;
  return FALSE;
}

void
annals_legend_set_track_hidden (AnnalsLegend *self,
                                guint         track,
                                gboolean      hidden)
{
  g_return_if_fail (ANNALS_IS_LEGEND (self));
  g_return_if_fail (self->timeline != NULL && track < self->timeline->n_tracks);

  /* The check button's handler updates the array and emits. */
  if (track < self->track_checks->len)
    gtk_check_button_set_active (g_ptr_array_index (self->track_checks, track), !hidden);
  else if (self->hidden_tracks[track] != hidden)
    {
      self->hidden_tracks[track] = hidden;
      emit_changed (self);
    }
}

void
annals_legend_set_category_hidden (AnnalsLegend *self,
                                   guint         category,
                                   gboolean      hidden)
{
  g_return_if_fail (ANNALS_IS_LEGEND (self));
  g_return_if_fail (self->timeline != NULL && category < self->timeline->n_categories);

  if (category < self->category_checks->len)
    gtk_check_button_set_active (g_ptr_array_index (self->category_checks, category), !hidden);
  else if (self->hidden_categories[category] != hidden)
    {
      self->hidden_categories[category] = hidden;
      emit_changed (self);
    }
}

void
annals_legend_set_status_hidden (AnnalsLegend *self,
                                 AnnalsStatus  status,
                                 gboolean      hidden)
{
  g_return_if_fail (ANNALS_IS_LEGEND (self));
  g_return_if_fail (status < ANNALS_N_STATUSES);

  if (self->status_checks[status] != NULL)
    {
      gtk_check_button_set_active (self->status_checks[status], !hidden);
      return;
    }
  /* A status no event has: nothing to show or hide, but keep the wish. */
  if (hidden)
    self->hidden_statuses |= 1u << status;
  else
    self->hidden_statuses &= ~(1u << status);
}

gboolean
annals_legend_set_range (AnnalsLegend *self,
                         const char   *from,
                         const char   *to)
{
  g_autofree char *from_text = g_strstrip (g_strdup (from != NULL ? from : ""));
  g_autofree char *to_text = g_strstrip (g_strdup (to != NULL ? to : ""));
  AnnalsTime from_time;
  AnnalsTime to_time;

  g_return_val_if_fail (ANNALS_IS_LEGEND (self), FALSE);

  if (!parse_bound (from_text, FALSE, &from_time) || !parse_bound (to_text, TRUE, &to_time))
    return FALSE;

  g_free (self->from_text);
  self->from_text = g_steal_pointer (&from_text);
  g_free (self->to_text);
  self->to_text = g_steal_pointer (&to_text);

  if (self->from_entry != NULL && !same_text (self->from_entry, self->from_text))
    {
      self->updating = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->from_entry), self->from_text);
      self->updating = FALSE;
    }
  if (self->to_entry != NULL && !same_text (self->to_entry, self->to_text))
    {
      self->updating = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->to_entry), self->to_text);
      self->updating = FALSE;
    }

  if (from_time == self->from && to_time == self->to)
    return TRUE;
  self->from = from_time;
  self->to = to_time;
  emit_changed (self);
  return TRUE;
}

void
annals_legend_reset (AnnalsLegend *self)
{
  g_return_if_fail (ANNALS_IS_LEGEND (self));

  if (!annals_legend_get_filtering (self))
    return;
  clear_filters (self);
  sync_checks (self);
  emit_changed (self);
}

void
annals_legend_save (AnnalsLegend *self,
                    GKeyFile     *key_file,
                    const char   *group)
{
  g_autoptr(GPtrArray) tracks = g_ptr_array_new ();
  g_autoptr(GPtrArray) categories = g_ptr_array_new ();
  g_autoptr(GPtrArray) statuses = g_ptr_array_new ();
  guint i;

  g_return_if_fail (ANNALS_IS_LEGEND (self));

  g_key_file_remove_group (key_file, group, NULL);
  if (self->timeline == NULL || !annals_legend_get_filtering (self))
    return;

  for (i = 0; i < self->timeline->n_tracks; i++)
    if (self->hidden_tracks[i] && self->timeline->tracks[i].id != NULL)
      g_ptr_array_add (tracks, (gpointer) self->timeline->tracks[i].id);
  for (i = 0; i < self->timeline->n_categories; i++)
    if (self->hidden_categories[i] && self->timeline->categories[i].id != NULL)
      g_ptr_array_add (categories, (gpointer) self->timeline->categories[i].id);
  for (i = 0; i < ANNALS_N_STATUSES; i++)
    if (self->hidden_statuses & (1u << i))
      g_ptr_array_add (statuses, (gpointer) annals_status_to_string (i));

  g_key_file_set_string_list (key_file, group, "hidden-tracks",
                              (const char * const *) tracks->pdata, tracks->len);
  g_key_file_set_string_list (key_file, group, "hidden-categories",
                              (const char * const *) categories->pdata, categories->len);
  g_key_file_set_string_list (key_file, group, "hidden-statuses",
                              (const char * const *) statuses->pdata, statuses->len);
  g_key_file_set_string (key_file, group, "from", self->from_text != NULL ? self->from_text : "");
  g_key_file_set_string (key_file, group, "to", self->to_text != NULL ? self->to_text : "");
}

void
annals_legend_load (AnnalsLegend *self,
                    GKeyFile     *key_file,
                    const char   *group)
{
  g_auto(GStrv) tracks = NULL;
  g_auto(GStrv) categories = NULL;
  g_auto(GStrv) statuses = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  guint i;

  g_return_if_fail (ANNALS_IS_LEGEND (self));

  clear_filters (self);
  if (self->timeline != NULL && g_key_file_has_group (key_file, group))
    {
      tracks = g_key_file_get_string_list (key_file, group, "hidden-tracks", NULL, NULL);
      categories = g_key_file_get_string_list (key_file, group, "hidden-categories", NULL, NULL);
      statuses = g_key_file_get_string_list (key_file, group, "hidden-statuses", NULL, NULL);
      from = g_key_file_get_string (key_file, group, "from", NULL);
      to = g_key_file_get_string (key_file, group, "to", NULL);

      /* Ids that the file no longer has are dropped quietly: the filter is a
       * convenience, not part of the data. */
      for (i = 0; tracks != NULL && tracks[i] != NULL; i++)
        {
          gint track = annals_timeline_find_track (self->timeline, tracks[i]);

          if (track >= 0)
            self->hidden_tracks[track] = TRUE;
        }
      for (i = 0; categories != NULL && categories[i] != NULL; i++)
        {
          gint category = annals_timeline_find_category (self->timeline, categories[i]);

          if (category >= 0)
            self->hidden_categories[category] = TRUE;
        }
      for (i = 0; statuses != NULL && statuses[i] != NULL; i++)
        {
          AnnalsStatus status;

          if (annals_status_from_string (statuses[i], &status))
            self->hidden_statuses |= 1u << status;
        }
      if (!parse_bound (from, FALSE, &self->from))
        g_clear_pointer (&from, g_free);
      if (!parse_bound (to, TRUE, &self->to))
        g_clear_pointer (&to, g_free);
      if (from == NULL)
        self->from = ANNALS_TIME_MIN;
      if (to == NULL)
        self->to = ANNALS_TIME_MAX;
      self->from_text = g_steal_pointer (&from);
      self->to_text = g_steal_pointer (&to);
    }
  sync_checks (self);
}
