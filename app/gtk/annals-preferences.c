/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-preferences.h"

#include <glib/gi18n.h>

#define MIB ((goffset) 1024 * 1024)

/* A row with a spin button bound to an unsigned @key of @settings. The
 * adjustment takes its range from the key's, so the two cannot disagree. */
static GtkWidget *
limit_row (GSettings  *settings,
           const char *key,
           const char *title,
           const char *subtitle)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) bounds = NULL;
  const char *range_type = NULL;
  GtkAdjustment *adjustment;
  GtkWidget *row;
  GtkWidget *spin;
  guint32 lower = 1;
  guint32 upper = G_MAXUINT32;

  g_object_get (settings, "settings-schema", &schema, NULL);
  schema_key = g_settings_schema_get_key (schema, key);
  range = g_settings_schema_key_get_range (schema_key);
  g_variant_get (range, "(&sv)", &range_type, &bounds);
  if (g_strcmp0 (range_type, "range") == 0)
    g_variant_get (bounds, "(uu)", &lower, &upper);

  adjustment = gtk_adjustment_new (g_settings_get_uint (settings, key), lower, upper, 1, 100, 0);
  spin = gtk_spin_button_new (adjustment, 1, 0);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 9);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  g_settings_bind (settings, key, adjustment, "value", G_SETTINGS_BIND_DEFAULT);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_set_name (spin, key);
  return row;
}

GtkWindow *
annals_preferences_new (GtkWindow *parent,
                        GSettings *settings)
{
  GtkWidget *window;
  GtkWidget *page;
  GtkWidget *limits;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  limits = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (limits), _("Limits"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (limits),
                                         _("Larger files are refused with a message, so that a "
                                           "huge or damaged file cannot take all the memory. "
                                           "Changes apply to the next file opened."));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (limits),
                             limit_row (settings, "max-file-size", _("Largest File"),
                                        _("In mebibytes (MiB)")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (limits),
                             limit_row (settings, "max-events", _("Most Events"),
                                        _("Events read from one file")));

  page = adw_preferences_page_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("General"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "preferences-system-symbolic");
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (limits));

  window = adw_preferences_window_new ();
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (window), FALSE);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 320);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  return GTK_WINDOW (window);
}

void
annals_preferences_get_load_limits (GSettings *settings,
                                    goffset   *max_bytes,
                                    guint     *max_events)
{
  g_return_if_fail (max_bytes != NULL && max_events != NULL);

  /* 0 leaves the loader's own defaults, as when there are no settings. */
  *max_bytes = settings != NULL ? g_settings_get_uint (settings, "max-file-size") * MIB : 0;
  *max_events = settings != NULL ? g_settings_get_uint (settings, "max-events") : 0;
}
