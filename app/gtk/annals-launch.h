/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Opens a web address or a file with the user's default application, through
 * the portal when sandboxed (GtkUriLauncher and GtkFileLauncher on GTK 4.10
 * and later, gtk_show_uri() before). Failures are logged, never fatal. */
void annals_launch_uri  (GtkWidget  *parent,
                         const char *uri);
void annals_launch_file (GtkWidget  *parent,
                         GFile      *file);

G_END_DECLS
