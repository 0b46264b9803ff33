/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "annals-timeline.h"

G_BEGIN_DECLS

typedef struct
{
  double r, g, b, a;
} AnnalsRgba;

typedef enum
{
  ANNALS_THEME_LIGHT,
  ANNALS_THEME_DARK,
} AnnalsThemeVariant;

/* Every colour and size the renderer uses; light and dark are two values of
 * this struct. Text colours meet WCAG AA (4.5:1) on the backgrounds they sit on. */
typedef struct _AnnalsTheme
{
  AnnalsThemeVariant variant;
  const char        *font_family;
  double             font_size;        /* points, at 96 dpi */
  AnnalsRgba         background;
  AnnalsRgba         foreground;       /* titles, labels */
  AnnalsRgba         dim_foreground;   /* secondary text */
  AnnalsRgba         gutter;           /* track label column */
  AnnalsRgba         grid;
  AnnalsRgba         axis;
  AnnalsRgba         era_alpha;        /* multiplies era colours */
  AnnalsRgba         as_of;
  AnnalsRgba         selection;
  AnnalsRgba         hover;
  AnnalsRgba         palette[8];       /* tracks without a colour */
  double             row_height;
  double             lane_gap;
  double             gutter_width;
  double             axis_height;
} AnnalsTheme;

const AnnalsTheme *annals_theme_get        (AnnalsThemeVariant variant);
gboolean           annals_theme_parse_variant (const char        *text,
                                              AnnalsThemeVariant *variant);
/* The colour of an event: its category's, else its track's, else the palette. */
AnnalsRgba         annals_theme_event_color (const AnnalsTheme *theme,
                                             AnnalsTimeline    *timeline,
                                             const AnnalsEvent *event);
AnnalsRgba         annals_rgba_from_color   (AnnalsColor        color);
/* WCAG relative-luminance contrast ratio, 1..21. */
double             annals_rgba_contrast     (const AnnalsRgba  *a,
                                             const AnnalsRgba  *b);

G_END_DECLS
