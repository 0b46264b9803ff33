/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "annals-theme.h"

G_BEGIN_DECLS

/* The renderer's theme for the system style: light or dark, and for high
 * contrast a variant in which secondary text, grid and axis take the
 * foreground's strength. Built in the widget layer from the renderer's two
 * themes, so export (which has no system style) is unchanged. The result is
 * static. */
const AnnalsTheme *annals_style_get_theme        (gboolean dark,
                                                  gboolean high_contrast);
/* FALSE when the user turned animations off (GtkSettings:gtk-enable-animations),
 * which also stands for "reduce motion": no kinetic scrolling then. */
gboolean           annals_style_animations_enabled (GtkWidget *widget);

G_END_DECLS
