/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-application.h"

#include <glib/gi18n.h>

#include "annals-cli.h"
#include "annals-preferences.h"
#include "annals-window.h"

/* The icon ships in the resources under the base id, so it is there in every
 * profile and when running from the build tree. */
#define ANNALS_ICON_NAME "io.github.annals.Annals"

struct _AnnalsApplication
{
  AdwApplication  parent_instance;

  /* owned */
  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (AnnalsApplication, annals_application, ADW_TYPE_APPLICATION)

static GtkWindow *
get_active_window (AnnalsApplication *self)
{
  return gtk_application_get_active_window (GTK_APPLICATION (self));
}

/* A window with nothing in it is reused rather than left empty behind a new one. */
static AnnalsWindow *
find_empty_window (AnnalsApplication *self)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));
  GList *l;

  for (l = windows; l != NULL; l = l->next)
    if (ANNALS_IS_WINDOW (l->data) &&
        annals_window_get_file (l->data) == NULL &&
        !annals_window_get_loading (l->data))
      return l->data;
  return NULL;
}

static AnnalsWindow *
find_window_for_file (AnnalsApplication *self,
                      GFile             *file)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));
  GList *l;

  for (l = windows; l != NULL; l = l->next)
    {
      GFile *shown;

      if (!ANNALS_IS_WINDOW (l->data))
        continue;
      shown = annals_window_get_file (l->data);
      if (shown != NULL && g_file_equal (shown, file))
        return l->data;
    }
  return NULL;
}

static void
open_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  AnnalsApplication *self = user_data;
  GtkWindow *window = get_active_window (self);

  if (window == NULL)
    {
      window = GTK_WINDOW (annals_window_new (self));
      gtk_window_present (window);
    }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open", NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  AnnalsApplication *self = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  GList *l;

  /* Closing rather than destroying lets each window save its state. */
  for (l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
  g_application_quit (G_APPLICATION (self));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  AnnalsApplication *self = user_data;
  static const char *developers[] = { "The Annals authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", get_active_window (self),
                        "application-name", _("Annals"),
                        "application-icon", ANNALS_ICON_NAME,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Annals authors"),
                        "developers", developers,
                        "comments", _("Explore, check and export timelines of events, "
                                      "with every fact traced to its source."),
                        "website", "https://github.com/annals/annals",
                        "issue-url", "https://github.com/annals/annals/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Annals authors",
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  AnnalsApplication *self = user_data;

  /* Without an installed schema there is nothing to keep the choices in. */
  if (self->settings == NULL)
    return;

  gtk_window_present (annals_preferences_new (get_active_window (self), self->settings));
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GtkWindow *window = get_active_window (user_data);

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static const GActionEntry app_actions[] = {
  { "open", open_action },
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "shortcuts", shortcuts_action },
};

static void
set_accels (GtkApplication *application,
            const char     *action,
            const char     *first,
            ...)
{
  const char *accels[6] = { NULL };
  const char *accel;
  va_list args;
  guint n = 0;

  va_start (args, first);
  for (accel = first;
       accel != NULL && n < G_N_ELEMENTS (accels) - 1;
       accel = va_arg (args, const char *))
    accels[n++] = accel;
  va_end (args);

  gtk_application_set_accels_for_action (application, action, accels);
}

static gboolean
annals_application_local_command_line (GApplication   *application,
                                       char         ***arguments,
                                       int            *exit_status)
{
  /* --check, --list, --export and friends run here, before GTK starts, so
   * they work in scripts with no display. */
  if (annals_cli_run (*arguments, exit_status))
    return TRUE;

  return G_APPLICATION_CLASS (annals_application_parent_class)->local_command_line (application,
                                                                                   arguments,
                                                                                   exit_status);
}

static void
annals_application_startup (GApplication *application)
{
  AnnalsApplication *self = ANNALS_APPLICATION (application);
  GtkApplication *gtk_application = GTK_APPLICATION (application);
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  G_APPLICATION_CLASS (annals_application_parent_class)->startup (application);

  g_set_application_name (_("Annals"));
  gtk_window_set_default_icon_name (ANNALS_ICON_NAME);

  /* Without the schema (running from a build tree without
   * GSETTINGS_SCHEMA_DIR) the application still works; it just forgets. */
  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, ANNALS_SETTINGS_SCHEMA, TRUE);
  if (schema != NULL)
    self->settings = g_settings_new_full (schema, NULL, NULL);
  else
    g_message ("Settings schema %s is not installed; window state will not be kept",
               ANNALS_SETTINGS_SCHEMA);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  set_accels (gtk_application, "app.quit", "<Control>q", NULL);
  set_accels (gtk_application, "app.preferences", "<Control>comma", NULL);
  set_accels (gtk_application, "win.open", "<Control>o", NULL);
  set_accels (gtk_application, "win.reload", "<Control>r", "F5", NULL);
  set_accels (gtk_application, "win.export", "<Control>e", "<Control><Shift>s", NULL);
  set_accels (gtk_application, "win.search", "<Control>f", NULL);
  set_accels (gtk_application, "win.show-details", "F9", NULL);
  set_accels (gtk_application, "win.zoom-in", "<Control>plus", "<Control>equal",
              "<Control>KP_Add", NULL);
  set_accels (gtk_application, "win.zoom-out", "<Control>minus", "<Control>KP_Subtract", NULL);
  set_accels (gtk_application, "win.zoom-fit", "<Control>0", "<Control>KP_0", NULL);
  set_accels (gtk_application, "window.close", "<Control>w", NULL);
  set_accels (gtk_application, "win.show-help-overlay", "<Control>question", NULL);
}

static void
annals_application_activate (GApplication *application)
{
  AnnalsApplication *self = ANNALS_APPLICATION (application);
  GtkWindow *window = get_active_window (self);

  if (window == NULL)
    window = GTK_WINDOW (annals_window_new (self));
  gtk_window_present (window);
}

static void
annals_application_open (GApplication  *application,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  AnnalsApplication *self = ANNALS_APPLICATION (application);
  int i;

  for (i = 0; i < n_files; i++)
    {
      AnnalsWindow *window = find_window_for_file (self, files[i]);

      if (window == NULL)
        {
          window = find_empty_window (self);
          if (window == NULL)
            window = annals_window_new (self);
          annals_window_open (window, files[i]);
        }
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
annals_application_dispose (GObject *object)
{
  AnnalsApplication *self = ANNALS_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (annals_application_parent_class)->dispose (object);
}

static void
annals_application_class_init (AnnalsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = annals_application_dispose;

  application_class->local_command_line = annals_application_local_command_line;
  application_class->startup = annals_application_startup;
  application_class->activate = annals_application_activate;
  application_class->open = annals_application_open;
}

static void
annals_application_init (AnnalsApplication *self)
{
}

AnnalsApplication *
annals_application_new (const char        *application_id,
                        GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  /* The resources live under the base id in every profile. */
  return g_object_new (ANNALS_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

GSettings *
annals_application_get_settings (AnnalsApplication *self)
{
  g_return_val_if_fail (ANNALS_IS_APPLICATION (self), NULL);

  return self->settings;
}
