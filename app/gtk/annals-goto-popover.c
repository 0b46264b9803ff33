/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-goto-popover.h"

#include <glib/gi18n.h>

#include "annals-date.h"

/* A period fills this share of the view when it is wider than the view, so
 * its ends stay clear of the edges. */
#define FILL 0.9
/* From the whole dataset, a period is shown among this many of its length. */
#define CONTEXT 12.0

struct _AnnalsGotoPopover
{
  GtkPopover      parent_instance;

  /* children */
  GtkEntry       *entry;
  GtkLabel       *error_label;

  /* owned */
  AnnalsTimeline *timeline;
  AnnalsViewport *viewport;
};

G_DEFINE_FINAL_TYPE (AnnalsGotoPopover, annals_goto_popover, GTK_TYPE_POPOVER)

static void
show_error (AnnalsGotoPopover *self,
            const char        *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->entry),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->entry),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

static void
entry_activate_cb (GtkEntry          *entry,
                   AnnalsGotoPopover *self)
{
  if (annals_goto_popover_go (self, gtk_editable_get_text (GTK_EDITABLE (entry))))
    gtk_popover_popdown (GTK_POPOVER (self));
}

static void
go_clicked_cb (GtkButton         *button,
               AnnalsGotoPopover *self)
{
  entry_activate_cb (self->entry, self);
}

static void
entry_changed_cb (GtkEditable       *editable,
                  AnnalsGotoPopover *self)
{
  show_error (self, NULL);
}

static void
annals_goto_popover_show (GtkWidget *widget)
{
  AnnalsGotoPopover *self = ANNALS_GOTO_POPOVER (widget);

  GTK_WIDGET_CLASS (annals_goto_popover_parent_class)->show (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
}

static void
annals_goto_popover_dispose (GObject *object)
{
  AnnalsGotoPopover *self = ANNALS_GOTO_POPOVER (object);

  g_clear_pointer (&self->timeline, annals_timeline_unref);
  g_clear_object (&self->viewport);

  G_OBJECT_CLASS (annals_goto_popover_parent_class)->dispose (object);
}

static void
annals_goto_popover_class_init (AnnalsGotoPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = annals_goto_popover_dispose;
  widget_class->show = annals_goto_popover_show;
}

static void
annals_goto_popover_init (AnnalsGotoPopover *self)
{
  GtkWidget *box;
  GtkWidget *row;
  GtkWidget *heading;
  GtkWidget *button;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  heading = gtk_label_new (_("Go to Date"));
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_box_append (GTK_BOX (box), heading);

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (row, "linked");
  self->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->entry), TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->entry), 22);
  /* Translators: examples of the date forms the entry accepts */
  gtk_entry_set_placeholder_text (self->entry, _("1999, 2026-09 or -0199"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Date"),
                                  -1);
  g_signal_connect (self->entry, "activate", G_CALLBACK (entry_activate_cb), self);
  g_signal_connect (self->entry, "changed", G_CALLBACK (entry_changed_cb), self);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->entry));

  button = gtk_button_new_with_mnemonic (_("_Go"));
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect (button, "clicked", G_CALLBACK (go_clicked_cb), self);
  gtk_box_append (GTK_BOX (row), button);
  gtk_box_append (GTK_BOX (box), row);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->error_label, 0);
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_max_width_chars (self->error_label, 30);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "caption");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));

  gtk_popover_set_child (GTK_POPOVER (self), box);
  gtk_popover_set_default_widget (GTK_POPOVER (self), button);
}

GtkWidget *
annals_goto_popover_new (void)
{
  return g_object_new (ANNALS_TYPE_GOTO_POPOVER, NULL);
}

void
annals_goto_popover_set_target (AnnalsGotoPopover *self,
                                AnnalsTimeline    *timeline,
                                AnnalsViewport    *viewport)
{
  g_return_if_fail (ANNALS_IS_GOTO_POPOVER (self));
  g_return_if_fail (viewport == NULL || ANNALS_IS_VIEWPORT (viewport));

  if (timeline != NULL)
    annals_timeline_ref (timeline);
  g_clear_pointer (&self->timeline, annals_timeline_unref);
  self->timeline = timeline;
  g_set_object (&self->viewport, viewport);
}

gboolean
annals_goto_popover_go (AnnalsGotoPopover *self,
                        const char        *text)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stripped = NULL;
  AnnalsDate date;
  double lower;
  double upper;

  g_return_val_if_fail (ANNALS_IS_GOTO_POPOVER (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->entry)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->entry), text);

  if (self->viewport == NULL)
    return FALSE;

  stripped = g_strstrip (g_strdup (text));
  if (stripped[0] == '\0')
    {
      show_error (self, _("Type a date, such as 1999, 2026-09 or 2026-02-19T07:05"));
      return FALSE;
    }

  /* Dates with a time are local times of the dataset, as in the file. */
  if (self->timeline != NULL && self->timeline->tz != NULL)
    zone = g_time_zone_new_identifier (self->timeline->tz);

  if (!annals_date_parse (stripped, zone, &date, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }

  lower = annals_viewport_get_lower (self->viewport);
  upper = annals_viewport_get_upper (self->viewport);
  if (upper > lower &&
      ((double) annals_date_end_time (&date) <= lower || (double) date.time >= upper))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the date as typed */
      message = g_strdup_printf (_("“%s” is outside this timeline"), stripped);
      show_error (self, message);
      return FALSE;
    }

  show_error (self, NULL);
  annals_goto_period (self->viewport, (double) date.time, (double) annals_date_end_time (&date));
  return TRUE;
}

const char *
annals_goto_popover_get_error (AnnalsGotoPopover *self)
{
  g_return_val_if_fail (ANNALS_IS_GOTO_POPOVER (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_label (self->error_label);
}

void
annals_goto_period (AnnalsViewport *viewport,
                    double          start,
                    double          end)
{
  double centre;
  double span;

  g_return_if_fail (ANNALS_IS_VIEWPORT (viewport));

  centre = start / 2 + end / 2;
  span = annals_viewport_get_span (viewport);
  /* Fitted to the whole dataset, centring would change nothing: zoom in so
   * that the period reads, among a few of its neighbours. */
  if (!annals_viewport_can_zoom_out (viewport))
    span = MIN (span, (end - start) * CONTEXT);
  span = MAX (span, (end - start) / FILL);
  annals_viewport_set_range (viewport, centre - span / 2, centre + span / 2);
}
