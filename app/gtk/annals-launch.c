/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-launch.h"

static GtkWindow *
get_parent_window (GtkWidget *parent)
{
  GtkRoot *root;

  if (parent == NULL)
    return NULL;
  root = gtk_widget_get_root (parent);
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
uri_launched_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gtk_uri_launcher_launch_finish (GTK_URI_LAUNCHER (object), result, &error) &&
      !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    g_warning ("Could not open %s: %s",
               gtk_uri_launcher_get_uri (GTK_URI_LAUNCHER (object)), error->message);
}

static void
file_launched_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gtk_file_launcher_launch_finish (GTK_FILE_LAUNCHER (object), result, &error) &&
      !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    g_warning ("Could not open a file: %s", error->message);
}
#endif

void
annals_launch_uri (GtkWidget  *parent,
                   const char *uri)
{
  g_return_if_fail (uri != NULL);

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkUriLauncher) launcher = gtk_uri_launcher_new (uri);

    gtk_uri_launcher_launch (launcher, get_parent_window (parent), NULL, uri_launched_cb, NULL);
  }
#else
  gtk_show_uri (get_parent_window (parent), uri, GDK_CURRENT_TIME);
#endif
}

void
annals_launch_file (GtkWidget *parent,
                    GFile     *file)
{
  g_return_if_fail (G_IS_FILE (file));

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileLauncher) launcher = gtk_file_launcher_new (file);

    gtk_file_launcher_launch (launcher, get_parent_window (parent), NULL, file_launched_cb, NULL);
  }
#else
  {
    g_autofree char *uri = g_file_get_uri (file);

    gtk_show_uri (get_parent_window (parent), uri, GDK_CURRENT_TIME);
  }
#endif
}
