/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-theme.h"

#include <math.h>

/* Two values of one struct. Text colours were picked for WCAG AA (4.5:1) on
 * the background and the gutter (test-render checks it); the palette is GNOME's,
 * the mid shades for light and the light shades for dark, so that marks keep
 * 3:1 against the background as the non-text guideline asks. */

#define RGBA(hex, alpha) \
  { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, alpha }
#define RGB(hex) RGBA (hex, 1.0)

#define FONT_FAMILY "Cantarell, Noto Sans, DejaVu Sans, sans-serif"

static const AnnalsTheme light_theme = {
  .variant = ANNALS_THEME_LIGHT,
  .font_family = FONT_FAMILY,
  .font_size = 9.75,
  .background = RGB (0xffffff),
  .foreground = RGB (0x1e1e22),
  .dim_foreground = RGB (0x5a5a61),
  .gutter = RGB (0xf6f6f7),
  .grid = RGBA (0x000000, 0.08),
  .axis = RGB (0xa8a8ae),
  .era_alpha = RGBA (0xffffff, 0.20),
  .as_of = RGB (0xc01c28),
  .selection = RGB (0x1c71d8),
  .hover = RGBA (0x1c71d8, 0.45),
  .palette = {
    RGB (0x1c71d8), RGB (0xe66100), RGB (0x26a269), RGB (0x813d9c),
    RGB (0xc01c28), RGB (0x865e3c), RGB (0x1f8a8a), RGB (0x5e5c64),
  },
  .row_height = 26,
  .lane_gap = 12,
  .gutter_width = 176,
  .axis_height = 44,
};

static const AnnalsTheme dark_theme = {
  .variant = ANNALS_THEME_DARK,
  .font_family = FONT_FAMILY,
  .font_size = 9.75,
  .background = RGB (0x1d1d20),
  .foreground = RGB (0xf2f2f3),
  .dim_foreground = RGB (0xadadb4),
  .gutter = RGB (0x252529),
  .grid = RGBA (0xffffff, 0.09),
  .axis = RGB (0x5f5f67),
  .era_alpha = RGBA (0xffffff, 0.14),
  .as_of = RGB (0xff7b63),
  .selection = RGB (0x78aeed),
  .hover = RGBA (0x78aeed, 0.5),
  .palette = {
    RGB (0x62a0ea), RGB (0xffa348), RGB (0x57e389), RGB (0xc061cb),
    RGB (0xf66151), RGB (0xcdab8f), RGB (0x5bc8af), RGB (0xc0bfbc),
  },
  .row_height = 26,
  .lane_gap = 12,
  .gutter_width = 176,
  .axis_height = 44,
};

/**
 * annals_theme_get:
 *
 * Returns: (transfer none): a static theme
 */
const AnnalsTheme *
annals_theme_get (AnnalsThemeVariant variant)
{
  return variant == ANNALS_THEME_DARK ? &dark_theme : &light_theme;
}

gboolean
annals_theme_parse_variant (const char         *text,
                            AnnalsThemeVariant *variant)
{
  AnnalsThemeVariant value;

  if (text == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (text, "light") == 0)
    value = ANNALS_THEME_LIGHT;
  else if (g_ascii_strcasecmp (text, "dark") == 0)
    value = ANNALS_THEME_DARK;
  else
    return FALSE;

  if (variant != NULL)
    *variant = value;

  return TRUE;
}

AnnalsRgba
annals_rgba_from_color (AnnalsColor color)
{
  AnnalsRgba rgba;

  rgba.r = (color >> 16 & 0xff) / 255.0;
  rgba.g = (color >> 8 & 0xff) / 255.0;
  rgba.b = (color & 0xff) / 255.0;
  rgba.a = 1.0;

  return rgba;
}

static double
channel_luminance (double c)
{
  return c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
luminance (const AnnalsRgba *c)
{
  return 0.2126 * channel_luminance (c->r) + 0.7152 * channel_luminance (c->g)
         + 0.0722 * channel_luminance (c->b);
}

/**
 * annals_rgba_contrast:
 *
 * The WCAG 2 contrast ratio of two opaque colours (alpha is ignored).
 *
 * Returns: 1 (none) to 21 (black on white)
 */
double
annals_rgba_contrast (const AnnalsRgba *a,
                      const AnnalsRgba *b)
{
  double la;
  double lb;

  g_return_val_if_fail (a != NULL && b != NULL, 1);

  la = luminance (a);
  lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/**
 * annals_theme_event_color:
 *
 * The colour an event is drawn in: its category's, else its track's, else
 * one of the theme's palette by track. A colour too close to the background
 * to be seen (under 3:1) is moved towards the foreground until it is, so that
 * a dataset written for a light page still reads on a dark one.
 *
 * Returns: an opaque colour
 */
AnnalsRgba
annals_theme_event_color (const AnnalsTheme *theme,
                          AnnalsTimeline    *timeline,
                          const AnnalsEvent *event)
{
  static const AnnalsRgba grey = { 0.5, 0.5, 0.5, 1.0 };
  AnnalsColor color = ANNALS_COLOR_NONE;
  AnnalsRgba rgba;
  gint32 track;

  g_return_val_if_fail (theme != NULL, grey);
  g_return_val_if_fail (event != NULL, grey);

  track = event->track;

  if (timeline != NULL)
    {
      if (event->category >= 0 && (guint) event->category < timeline->n_categories)
        color = timeline->categories[event->category].color;
      if (color == ANNALS_COLOR_NONE && track >= 0 && (guint) track < timeline->n_tracks)
        color = timeline->tracks[track].color;
    }

  if (color == ANNALS_COLOR_NONE)
    return theme->palette[(guint) MAX (track, 0) % G_N_ELEMENTS (theme->palette)];

  rgba = annals_rgba_from_color (color);

  for (guint i = 0; i < 8 && annals_rgba_contrast (&rgba, &theme->background) < 3.0; i++)
    {
      rgba.r += (theme->foreground.r - rgba.r) * 0.2;
      rgba.g += (theme->foreground.g - rgba.g) * 0.2;
      rgba.b += (theme->foreground.b - rgba.b) * 0.2;
    }

  return rgba;
}
