/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-details-panel.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "annals-date-format.h"
#include "annals-launch.h"

/* More citing events than this are summarised in one line. */
#define MAX_CITERS 50

struct _AnnalsDetailsPanel
{
  GtkWidget          parent_instance;

  /* template children */
  GtkStack          *stack;
  GtkLabel          *overview_title;
  GtkLabel          *overview_description;
  AdwActionRow      *as_of_row;
  AdwActionRow      *extent_row;
  AdwActionRow      *counts_row;
  GtkScrolledWindow *event_scroller;
  GtkLabel          *type_label;
  GtkLabel          *status_label;
  GtkLabel          *title_label;
  GtkLabel          *when_label;
  GtkLabel          *summary_label;
  AdwPreferencesGroup *dates_group;
  AdwActionRow      *start_row;
  AdwActionRow      *end_row;
  AdwActionRow      *duration_row;
  AdwPreferencesGroup *context_group;
  AdwActionRow      *track_row;
  AdwActionRow      *category_row;
  AdwActionRow      *places_row;
  AdwActionRow      *actors_row;
  AdwActionRow      *quantities_row;
  AdwPreferencesGroup *tags_group;
  GtkFlowBox        *tags_box;
  AdwPreferencesGroup *links_group;
  AdwPreferencesGroup *sources_group;

  /* owned */
  AnnalsTimeline    *timeline;
  GtkWidget         *track_swatch;     /* a prefix of its row while there is a colour */
  GtkWidget         *category_swatch;
  GPtrArray         *link_rows;
  GPtrArray         *source_rows;      /* AdwExpanderRow, "source" data = index */

  gint               event;
  gint               source;
  AnnalsColor        track_color;
  AnnalsColor        category_color;
  gboolean           collapsing;
};

G_DEFINE_FINAL_TYPE (AnnalsDetailsPanel, annals_details_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_EVENT,
  PROP_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_row_value (AdwActionRow *row,
               const char   *value)
{
  gboolean has_value = value != NULL && value[0] != '\0';

  adw_action_row_set_subtitle (row, has_value ? value : "");
  gtk_widget_set_visible (GTK_WIDGET (row), has_value);
}

/* A date row: the date, and on a second line how uncertain it is. */
static void
set_date_row (AdwActionRow     *row,
              const char       *text,
              const AnnalsDate *date,
              const AnnalsDate *earliest,
              const AnnalsDate *latest)
{
  g_autofree char *bounds = annals_describe_date_bounds (date, earliest, latest);
  g_autofree char *value = NULL;

  if (bounds != NULL && text != NULL)
    value = g_strdup_printf ("%s\n%s", text, bounds);
  set_row_value (row, value != NULL ? value : text);
}

static char *
join_strings (const char * const *strings,
              guint               n,
              const char         *separator)
{
  GString *out = g_string_new (NULL);
  guint i;

  for (i = 0; i < n; i++)
    {
      if (strings[i] == NULL || strings[i][0] == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, separator);
      g_string_append (out, strings[i]);
    }
  return g_string_free (out, out->len == 0);
}

/* "Missions › Iraq" for a nested track. */
static char *
format_track_path (AnnalsTimeline *timeline,
                   gint            track)
{
  GString *out = g_string_new (NULL);
  guint guard = 0;

  while (track >= 0 && (guint) track < timeline->n_tracks && guard++ < 64)
    {
      const AnnalsTrack *t = &timeline->tracks[track];
      const char *label = t->label != NULL ? t->label : t->id;

      if (out->len > 0)
        g_string_prepend (out, " › ");
      g_string_prepend (out, label != NULL ? label : "");
      track = t->parent;
    }
  return g_string_free (out, FALSE);
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  const AnnalsColor *color = user_data;
  double radius = MIN (width, height) / 2.0;

  if (*color == ANNALS_COLOR_NONE)
    return;

  cairo_set_source_rgb (cr,
                        ((*color >> 16) & 0xff) / 255.0,
                        ((*color >> 8) & 0xff) / 255.0,
                        (*color & 0xff) / 255.0);
  cairo_arc (cr, width / 2.0, height / 2.0, radius, 0, 2 * G_PI);
  cairo_fill (cr);
}

static GtkWidget *
create_swatch (const AnnalsColor *color)
{
  GtkWidget *swatch = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 12);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 12);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch, (gpointer) color, NULL);
  return g_object_ref_sink (swatch);
}

/* A hidden prefix still takes its row's spacing, so the swatch is taken out
 * of the row when there is no colour to show. */
static void
show_swatch (AdwActionRow *row,
             GtkWidget    *swatch,
             gboolean      show)
{
  gboolean shown = gtk_widget_get_parent (swatch) != NULL;

  if (show && !shown)
    adw_action_row_add_prefix (row, swatch);
  else if (!show && shown)
    adw_action_row_remove (row, swatch);
  gtk_widget_queue_draw (swatch);
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  guint i;

  for (i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
clear_tags (AnnalsDetailsPanel *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tags_box))) != NULL)
    gtk_flow_box_remove (self->tags_box, child);
}

static void
link_row_activated_cb (AdwActionRow       *row,
                       AnnalsDetailsPanel *self)
{
  const char *uri = g_object_get_data (G_OBJECT (row), "uri");

  if (uri != NULL)
    annals_launch_uri (GTK_WIDGET (self), uri);
}

static GtkWidget *
create_link_row (const char *title,
                 const char *uri,
                 gpointer    panel)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("adw-external-link-symbolic");
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *escaped_uri = g_markup_escape_text (uri, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  if (g_strcmp0 (title, uri) != 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_uri);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, uri);
  g_object_set_data_full (G_OBJECT (row), "uri", g_strdup (uri), g_free);
  g_signal_connect (row, "activated", G_CALLBACK (link_row_activated_cb), panel);
  return row;
}

static void
citer_row_activated_cb (AdwActionRow       *row,
                        AnnalsDetailsPanel *self)
{
  annals_details_panel_set_event (self,
                                  GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "event")));
}

static gboolean
event_cites_source (const AnnalsEvent *event,
                    gint               source)
{
  guint i;

  if (event->detail == NULL)
    return FALSE;
  for (i = 0; i < event->detail->n_cites; i++)
    if (event->detail->cites[i].source == source)
      return TRUE;
  return FALSE;
}

/* Which other events rest on this source; filled in the first time the row
 * opens, so that selecting an event never scans the dataset. */
static void
fill_citers (AnnalsDetailsPanel *self,
             AdwExpanderRow     *expander,
             gint                source)
{
  GtkWidget *header;
  GtkWidget *label;
  guint n_citers = 0;
  guint i;

  if (g_object_get_data (G_OBJECT (expander), "citers-filled") != NULL)
    return;
  g_object_set_data (G_OBJECT (expander), "citers-filled", GINT_TO_POINTER (1));

  for (i = 0; i < self->timeline->n_events; i++)
    if ((gint) i != self->event && event_cites_source (&self->timeline->events[i], source))
      n_citers++;

  header = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (header), FALSE);
  gtk_widget_add_css_class (header, "citers-header");
  if (n_citers == 0)
    label = gtk_label_new (_("No other event cites this source"));
  else
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Also cited by %u other event",
                                      "Also cited by %u other events", n_citers),
                         n_citers);
      label = gtk_label_new (text);
    }
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (header), label);
  adw_expander_row_add_row (expander, header);

  n_citers = 0;
  for (i = 0; i < self->timeline->n_events && n_citers < MAX_CITERS; i++)
    {
      const AnnalsEvent *event = &self->timeline->events[i];
      g_autofree char *when = NULL;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if ((gint) i == self->event || !event_cites_source (event, source))
        continue;

      when = annals_describe_event_when (self->timeline, event);
      title = g_markup_escape_text (event->title != NULL ? event->title : event->id, -1);
      subtitle = g_markup_escape_text (when, -1);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "event", GINT_TO_POINTER (i));
      g_signal_connect (row, "activated", G_CALLBACK (citer_row_activated_cb), self);
      adw_expander_row_add_row (expander, row);
      n_citers++;
    }
}

static void
source_expanded_cb (AdwExpanderRow     *expander,
                    GParamSpec         *pspec,
                    AnnalsDetailsPanel *self)
{
  gint source = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (expander), "source"));
  guint i;

  if (self->collapsing)
    return;

  if (!adw_expander_row_get_expanded (expander))
    {
      if (self->source == source)
        annals_details_panel_set_source (self, -1);
      return;
    }

  fill_citers (self, expander, source);

  /* One source at a time, so the timeline highlights one set of events. */
  self->collapsing = TRUE;
  for (i = 0; i < self->source_rows->len; i++)
    {
      AdwExpanderRow *other = g_ptr_array_index (self->source_rows, i);

      if (other != expander)
        adw_expander_row_set_expanded (other, FALSE);
    }
  self->collapsing = FALSE;

  annals_details_panel_set_source (self, source);
}

static GtkWidget *
create_quote_row (const AnnalsCitation *cite)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (box, "quote-box");

  if (cite->quote != NULL && cite->quote[0] != '\0')
    {
      g_autofree char *quoted = g_strdup_printf ("“%s”", cite->quote);

      label = gtk_label_new (quoted);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "quote");
      gtk_box_append (GTK_BOX (box), label);
    }
  else
    {
      label = gtk_label_new (_("Cited without a quotation"));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }

  if (cite->page != NULL && cite->page[0] != '\0')
    {
      /* Translators: where in the source a quotation is, "p. 12" */
      g_autofree char *page = g_strdup_printf (_("p. %s"), cite->page);

      label = gtk_label_new (page);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static char *
format_source_subtitle (const AnnalsSource *source,
                        guint               n_quotes)
{
  GString *out = g_string_new (NULL);

  if (source->publisher != NULL)
    g_string_append (out, source->publisher);
  if (annals_date_is_set (&source->published))
    {
      g_autofree char *date = annals_describe_date (&source->published);

      if (out->len > 0)
        g_string_append (out, " · ");
      g_string_append (out, date);
    }
  if (source->reliability != NULL)
    {
      if (out->len > 0)
        g_string_append (out, " · ");
      /* Translators: how far a source can be trusted, as the dataset rates it */
      g_string_append_printf (out, _("%s reliability"), source->reliability);
    }
  if (n_quotes > 1)
    {
      if (out->len > 0)
        g_string_append (out, " · ");
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u quotation",
                                                "%u quotations", n_quotes), n_quotes);
    }
  return g_string_free (out, FALSE);
}

/* One expander row per source, in the order the event first cites them,
 * holding every quotation of that source. */
static void
fill_sources (AnnalsDetailsPanel *self,
              const AnnalsEvent  *event)
{
  const AnnalsEventDetail *detail = event->detail;
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (gint));
  guint i;
  guint j;

  clear_rows (self->sources_group, self->source_rows);

  if (detail == NULL || detail->n_cites == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->sources_group), FALSE);
      return;
    }

  for (i = 0; i < detail->n_cites; i++)
    {
      gint source = detail->cites[i].source;
      gboolean seen = FALSE;

      for (j = 0; j < order->len && !seen; j++)
        seen = g_array_index (order, gint, j) == source;
      if (!seen)
        g_array_append_val (order, source);
    }

  for (j = 0; j < order->len; j++)
    {
      gint index = g_array_index (order, gint, j);
      const AnnalsSource *source;
      GtkWidget *expander;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *escaped = NULL;
      guint n_quotes = 0;

      if (index < 0 || (guint) index >= self->timeline->n_sources)
        continue;
      source = &self->timeline->sources[index];

      for (i = 0; i < detail->n_cites; i++)
        if (detail->cites[i].source == index)
          n_quotes++;

      expander = adw_expander_row_new ();
      title = g_markup_escape_text (source->title != NULL ? source->title : source->id, -1);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
      subtitle = format_source_subtitle (source, n_quotes);
      escaped = g_markup_escape_text (subtitle, -1);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), escaped);
      g_object_set_data (G_OBJECT (expander), "source", GINT_TO_POINTER (index));
      if (source->reliability != NULL && g_ascii_strcasecmp (source->reliability, "low") == 0)
        gtk_widget_add_css_class (expander, "low-reliability");

      for (i = 0; i < detail->n_cites; i++)
        if (detail->cites[i].source == index)
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                    create_quote_row (&detail->cites[i]));

      if (source->url != NULL && source->url[0] != '\0')
        adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                  create_link_row (_("Open Source"), source->url, self));

      g_signal_connect (expander, "notify::expanded", G_CALLBACK (source_expanded_cb), self);
      adw_preferences_group_add (self->sources_group, expander);
      g_ptr_array_add (self->source_rows, expander);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->sources_group), self->source_rows->len > 0);
}

static void
fill_links (AnnalsDetailsPanel *self,
            const AnnalsEvent  *event)
{
  const AnnalsEventDetail *detail = event->detail;
  guint i;

  clear_rows (self->links_group, self->link_rows);

  for (i = 0; detail != NULL && i < detail->n_links; i++)
    {
      const AnnalsLink *link = &detail->links[i];
      GtkWidget *row;

      if (link->href == NULL)
        continue;
      row = create_link_row (link->label != NULL ? link->label : link->href, link->href, self);
      adw_preferences_group_add (self->links_group, row);
      g_ptr_array_add (self->link_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->links_group), self->link_rows->len > 0);
}

static void
fill_tags (AnnalsDetailsPanel *self,
           const AnnalsEvent  *event)
{
  const AnnalsEventDetail *detail = event->detail;
  guint i;

  clear_tags (self);
  for (i = 0; detail != NULL && i < detail->n_tags; i++)
    {
      GtkWidget *tag = gtk_label_new (detail->tags[i]);

      gtk_widget_add_css_class (tag, "tag");
      gtk_flow_box_append (self->tags_box, tag);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->tags_group), detail != NULL && detail->n_tags > 0);
}

static void
fill_context (AnnalsDetailsPanel *self,
              const AnnalsEvent  *event)
{
  const AnnalsEventDetail *detail = event->detail;
  g_autofree char *track = NULL;
  g_autofree char *places = NULL;
  g_autofree char *actors = NULL;
  GString *quantities = g_string_new (NULL);
  const char *category = NULL;
  guint i;

  self->track_color = ANNALS_COLOR_NONE;
  self->category_color = ANNALS_COLOR_NONE;

  if (event->track >= 0 && (guint) event->track < self->timeline->n_tracks)
    {
      track = format_track_path (self->timeline, event->track);
      self->track_color = self->timeline->tracks[event->track].color;
    }
  if (event->category >= 0 && (guint) event->category < self->timeline->n_categories)
    {
      const AnnalsCategory *c = &self->timeline->categories[event->category];

      category = c->label != NULL ? c->label : c->id;
      self->category_color = c->color;
    }

  if (detail != NULL)
    {
      places = join_strings (detail->places, detail->n_places, ", ");
      actors = join_strings (detail->actors, detail->n_actors, ", ");
      for (i = 0; i < detail->n_quantities; i++)
        {
          g_autofree char *quantity = annals_describe_quantity (&detail->quantities[i]);

          if (quantities->len > 0)
            g_string_append_c (quantities, '\n');
          g_string_append (quantities, quantity);
        }
    }

  set_row_value (self->track_row, track);
  set_row_value (self->category_row, category);
  set_row_value (self->places_row, places);
  set_row_value (self->actors_row, actors);
  set_row_value (self->quantities_row, quantities->str);
  g_string_free (quantities, TRUE);

  show_swatch (self->track_row, self->track_swatch, self->track_color != ANNALS_COLOR_NONE);
  show_swatch (self->category_row, self->category_swatch,
               self->category_color != ANNALS_COLOR_NONE);

  gtk_widget_set_visible (GTK_WIDGET (self->context_group),
                          gtk_widget_get_visible (GTK_WIDGET (self->track_row)) ||
                          gtk_widget_get_visible (GTK_WIDGET (self->category_row)) ||
                          gtk_widget_get_visible (GTK_WIDGET (self->places_row)) ||
                          gtk_widget_get_visible (GTK_WIDGET (self->actors_row)) ||
                          gtk_widget_get_visible (GTK_WIDGET (self->quantities_row)));
}

static void
fill_dates (AnnalsDetailsPanel *self,
            const AnnalsEvent  *event)
{
  const AnnalsEventDetail *detail = event->detail;
  static const AnnalsDate unset = { 0 };
  g_autofree char *start = annals_describe_event_start (self->timeline, event);
  g_autofree char *end = annals_describe_event_end (self->timeline, event);
  g_autofree char *duration = NULL;
  gboolean is_span = event->type == ANNALS_EVENT_SPAN;

  duration = annals_describe_event_duration (self->timeline, event,
                                           g_get_real_time () / G_USEC_PER_SEC);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->start_row),
                                 is_span ? _("Start") : _("Date"));
  set_date_row (self->start_row, start, &event->start,
                detail != NULL ? &detail->start_earliest : &unset,
                detail != NULL ? &detail->start_latest : &unset);
  set_date_row (self->end_row, end, &event->end,
                detail != NULL ? &detail->end_earliest : &unset,
                detail != NULL ? &detail->end_latest : &unset);
  set_row_value (self->duration_row, duration);
}

static void
set_status_badge (AnnalsDetailsPanel *self,
                  AnnalsStatus        status)
{
  g_autofree char *status_class = g_strdup_printf ("status-%s", annals_status_to_string (status));
  const char *classes[] = { "badge", status_class, NULL };

  gtk_label_set_label (self->status_label, annals_status_get_label (status));
  gtk_widget_set_css_classes (GTK_WIDGET (self->status_label), classes);
}

static void
show_event (AnnalsDetailsPanel *self)
{
  const AnnalsEvent *event = &self->timeline->events[self->event];
  const AnnalsEventDetail *detail = event->detail;
  g_autofree char *when = annals_describe_event_when (self->timeline, event);
  GtkAdjustment *vadjustment;

  gtk_label_set_label (self->type_label, annals_event_type_get_label (event->type));
  set_status_badge (self, event->status);
  gtk_label_set_label (self->title_label, event->title != NULL ? event->title : event->id);
  gtk_label_set_label (self->when_label, when);

  gtk_label_set_label (self->summary_label,
                       detail != NULL && detail->summary != NULL ? detail->summary : "");
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label),
                          detail != NULL && detail->summary != NULL && detail->summary[0] != '\0');

  fill_dates (self, event);
  fill_context (self, event);
  fill_tags (self, event);
  fill_links (self, event);
  fill_sources (self, event);

  vadjustment = gtk_scrolled_window_get_vadjustment (self->event_scroller);
  gtk_adjustment_set_value (vadjustment, 0);
  gtk_stack_set_visible_child_name (self->stack, "event");
}

static void
show_overview (AnnalsDetailsPanel *self)
{
  AnnalsTimeline *timeline = self->timeline;
  g_autofree char *as_of = NULL;
  g_autofree char *extent = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *events = NULL;
  g_autofree char *sources = NULL;
  AnnalsTime start;
  AnnalsTime end;

  clear_rows (self->sources_group, self->source_rows);
  clear_rows (self->links_group, self->link_rows);
  clear_tags (self);

  if (timeline == NULL)
    {
      gtk_label_set_label (self->overview_title, "");
      gtk_widget_set_visible (GTK_WIDGET (self->overview_description), FALSE);
      set_row_value (self->as_of_row, NULL);
      set_row_value (self->extent_row, NULL);
      set_row_value (self->counts_row, NULL);
      gtk_stack_set_visible_child_name (self->stack, "overview");
      return;
    }

  gtk_label_set_label (self->overview_title,
                       timeline->title != NULL ? timeline->title : _("Untitled Timeline"));
  gtk_label_set_label (self->overview_description,
                       timeline->description != NULL ? timeline->description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->overview_description),
                          timeline->description != NULL && timeline->description[0] != '\0');

  if (annals_date_is_set (&timeline->as_of))
    as_of = annals_describe_date (&timeline->as_of);
  set_row_value (self->as_of_row, as_of);

  if (annals_timeline_get_extent (timeline, &start, &end))
    {
      AnnalsDate from = { start, 0, ANNALS_PRECISION_YEAR, 0 };
      AnnalsDate to = { end - 1, 0, ANNALS_PRECISION_YEAR, 0 };
      g_autofree char *first = annals_describe_date (&from);
      g_autofree char *last = annals_describe_date (&to);

      extent = g_strcmp0 (first, last) == 0 ? g_strdup (first)
                                              : g_strdup_printf (_("%s – %s"), first, last);
    }
  set_row_value (self->extent_row, extent);

  events = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events",
                                         timeline->n_events), timeline->n_events);
  sources = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u source", "%u sources",
                                          timeline->n_sources), timeline->n_sources);
  counts = g_strdup_printf ("%s · %s", events, sources);
  set_row_value (self->counts_row, counts);

  gtk_stack_set_visible_child_name (self->stack, "overview");
}

static void
refresh (AnnalsDetailsPanel *self)
{
  if (self->timeline != NULL && self->event >= 0)
    show_event (self);
  else
    show_overview (self);
}

static void
annals_details_panel_dispose (GObject *object)
{
  AnnalsDetailsPanel *self = ANNALS_DETAILS_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ANNALS_TYPE_DETAILS_PANEL);
  g_clear_object (&self->track_swatch);
  g_clear_object (&self->category_swatch);
  g_clear_pointer (&self->timeline, annals_timeline_unref);

  G_OBJECT_CLASS (annals_details_panel_parent_class)->dispose (object);
}

static void
annals_details_panel_finalize (GObject *object)
{
  AnnalsDetailsPanel *self = ANNALS_DETAILS_PANEL (object);

  g_clear_pointer (&self->link_rows, g_ptr_array_unref);
  g_clear_pointer (&self->source_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (annals_details_panel_parent_class)->finalize (object);
}

static void
annals_details_panel_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  AnnalsDetailsPanel *self = ANNALS_DETAILS_PANEL (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      g_value_set_int (value, self->event);
      break;

    case PROP_SOURCE:
      g_value_set_int (value, self->source);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
annals_details_panel_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  AnnalsDetailsPanel *self = ANNALS_DETAILS_PANEL (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      annals_details_panel_set_event (self, g_value_get_int (value));
      break;

    case PROP_SOURCE:
      annals_details_panel_set_source (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
annals_details_panel_class_init (AnnalsDetailsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = annals_details_panel_dispose;
  object_class->finalize = annals_details_panel_finalize;
  object_class->get_property = annals_details_panel_get_property;
  object_class->set_property = annals_details_panel_set_property;

  properties[PROP_EVENT] =
    g_param_spec_int ("event", NULL, NULL,
                      -1, G_MAXINT, -1,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SOURCE] =
    g_param_spec_int ("source", NULL, NULL,
                      -1, G_MAXINT, -1,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/annals-details-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, overview_title);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, overview_description);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, as_of_row);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, extent_row);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, counts_row);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, event_scroller);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, type_label);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, when_label);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, dates_group);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, start_row);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, end_row);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, duration_row);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, context_group);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, track_row);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, category_row);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, places_row);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, actors_row);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, quantities_row);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, tags_group);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, tags_box);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, links_group);
  gtk_widget_class_bind_template_child (widget_class, AnnalsDetailsPanel, sources_group);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "detailspanel");
}

static void
annals_details_panel_init (AnnalsDetailsPanel *self)
{
  self->event = -1;
  self->source = -1;
  self->track_color = ANNALS_COLOR_NONE;
  self->category_color = ANNALS_COLOR_NONE;
  self->link_rows = g_ptr_array_new ();
  self->source_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->track_swatch = create_swatch (&self->track_color);
  self->category_swatch = create_swatch (&self->category_color);

  show_overview (self);
}

GtkWidget *
annals_details_panel_new (void)
{
  return g_object_new (ANNALS_TYPE_DETAILS_PANEL, NULL);
}

AnnalsTimeline *
annals_details_panel_get_timeline (AnnalsDetailsPanel *self)
{
  g_return_val_if_fail (ANNALS_IS_DETAILS_PANEL (self), NULL);

  return self->timeline;
}

void
annals_details_panel_set_timeline (AnnalsDetailsPanel *self,
                                   AnnalsTimeline     *timeline)
{
  g_return_if_fail (ANNALS_IS_DETAILS_PANEL (self));

  if (self->timeline == timeline)
    return;

  /* Rows refer to indexes of the old timeline: clear them before it goes. */
  self->event = -1;
  annals_details_panel_set_source (self, -1);
  show_overview (self);

  if (timeline != NULL)
    annals_timeline_ref (timeline);
  g_clear_pointer (&self->timeline, annals_timeline_unref);
  self->timeline = timeline;

  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT]);
}

gint
annals_details_panel_get_event (AnnalsDetailsPanel *self)
{
  g_return_val_if_fail (ANNALS_IS_DETAILS_PANEL (self), -1);

  return self->event;
}

void
annals_details_panel_set_event (AnnalsDetailsPanel *self,
                                gint                event)
{
  g_return_if_fail (ANNALS_IS_DETAILS_PANEL (self));

  if (self->timeline == NULL || event < 0 || (guint) event >= self->timeline->n_events)
    event = -1;

  if (self->event == event)
    return;

  self->event = event;
  annals_details_panel_set_source (self, -1);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT]);
}

gint
annals_details_panel_get_source (AnnalsDetailsPanel *self)
{
  g_return_val_if_fail (ANNALS_IS_DETAILS_PANEL (self), -1);

  return self->source;
}

void
annals_details_panel_set_source (AnnalsDetailsPanel *self,
                                 gint                source)
{
  guint i;

  g_return_if_fail (ANNALS_IS_DETAILS_PANEL (self));

  if (self->timeline == NULL || source < 0 || (guint) source >= self->timeline->n_sources)
    source = -1;

  if (self->source == source)
    return;

  self->source = source;

  /* Keep the rows in step when the source is set from outside. */
  self->collapsing = TRUE;
  for (i = 0; i < self->source_rows->len; i++)
    {
      AdwExpanderRow *row = g_ptr_array_index (self->source_rows, i);
      gint index = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "source"));

      if (index == source)
        fill_citers (self, row, source);
      adw_expander_row_set_expanded (row, index == source);
    }
  self->collapsing = FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}
