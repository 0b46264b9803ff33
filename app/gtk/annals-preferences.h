/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The preferences window: for now the limits on what Annals opens, kept in
 * @settings (the application's) and used by the next load. */
GtkWindow *annals_preferences_new              (GtkWindow *parent,
                                                GSettings *settings);

/* The limits the settings ask for, as load options take them. */
void       annals_preferences_get_load_limits  (GSettings *settings,
                                                goffset   *max_bytes,
                                                guint     *max_events);

G_END_DECLS
