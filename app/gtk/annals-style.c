/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-style.h"

static AnnalsTheme high_contrast_themes[2];

static void
strengthen (AnnalsTheme       *theme,
            const AnnalsTheme *base)
{
  *theme = *base;
  /* Secondary text reads as body text; lines that only hint become lines. */
  theme->dim_foreground = base->foreground;
  theme->axis = base->foreground;
  theme->gutter = base->background;
  theme->grid = base->foreground;
  theme->grid.a = 0.3;
}

const AnnalsTheme *
annals_style_get_theme (gboolean dark,
                        gboolean high_contrast)
{
  static gsize initialised = 0;
  AnnalsThemeVariant variant = dark ? ANNALS_THEME_DARK : ANNALS_THEME_LIGHT;

  if (!high_contrast)
    return annals_theme_get (variant);

  if (g_once_init_enter (&initialised))
    {
      strengthen (&high_contrast_themes[0], annals_theme_get (ANNALS_THEME_LIGHT));
      strengthen (&high_contrast_themes[1], annals_theme_get (ANNALS_THEME_DARK));
      g_once_init_leave (&initialised, 1);
    }

  return &high_contrast_themes[dark ? 1 : 0];
}

gboolean
annals_style_animations_enabled (GtkWidget *widget)
{
  GtkSettings *settings;
  gboolean enabled = TRUE;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), TRUE);

  settings = gtk_widget_get_settings (widget);
  if (settings != NULL)
    g_object_get (settings, "gtk-enable-animations", &enabled, NULL);
  return enabled;
}
