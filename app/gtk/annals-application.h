/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ANNALS_SETTINGS_SCHEMA "io.github.annals.Annals"

#define ANNALS_TYPE_APPLICATION (annals_application_get_type ())

G_DECLARE_FINAL_TYPE (AnnalsApplication, annals_application, ANNALS, APPLICATION, AdwApplication)

AnnalsApplication *annals_application_new          (const char        *application_id,
                                                    GApplicationFlags  flags);
/* The application's settings, or NULL when the schema is not installed (the
 * windows then keep their state for the session only). */
GSettings         *annals_application_get_settings (AnnalsApplication *self);

G_END_DECLS
