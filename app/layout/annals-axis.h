/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "annals-date.h"

G_BEGIN_DECLS

/* Time axis ticks for any span from seconds to a billion years, on the
 * calendar: months have their real lengths, leap years their 29 February, and
 * years before 1 AD are counted as BC ("200 BC") with ticks on round BC years.
 * Pure GLib: the renderer measures labels and asks for a coarser step when
 * they would not fit. Times are AnnalsTime seconds, UTC. */

typedef enum
{
  ANNALS_AXIS_SECOND,
  ANNALS_AXIS_MINUTE,
  ANNALS_AXIS_HOUR,
  ANNALS_AXIS_DAY,
  ANNALS_AXIS_WEEK,                    /* Mondays */
  ANNALS_AXIS_MONTH,
  ANNALS_AXIS_YEAR,
} AnnalsAxisUnit;

typedef struct
{
  AnnalsAxisUnit unit;
  gint64         count;                /* a tick every @count units */
} AnnalsAxisStep;

typedef enum
{
  ANNALS_AXIS_LABEL_MINOR,             /* "Feb", "2026", "07:05", "200 BC" */
  ANNALS_AXIS_LABEL_MAJOR,             /* "February 2026", "2020s", "2nd century BC" */
} AnnalsAxisLabel;

/* The ladder, finest first: 1-2-5-10-15-30 seconds and minutes, 1-2-3-6-12
 * hours, 1-2 days, 1-2 weeks, 1-2-3-6 months, then 1-2-5 years times powers of
 * ten up to a billion years. */
guint                 annals_axis_get_n_steps     (void);
const AnnalsAxisStep *annals_axis_get_step        (guint                 index);
/* Typical length of a step in seconds (a month is 30.44 days, a year 365.2425). */
double                annals_axis_step_seconds    (const AnnalsAxisStep *step);
/* Index of the finest step whose ticks fall at least @min_spacing pixels apart
 * at @seconds_per_pixel; the coarsest step when none does. */
guint                 annals_axis_choose_step     (double                seconds_per_pixel,
                                                   double                min_spacing);
/* The step of the major row framing @minor (minutes for seconds, days for
 * hours, years for months, decades for years...). */
void                  annals_axis_get_major       (const AnnalsAxisStep *minor,
                                                   AnnalsAxisStep       *major);
/* The last tick at or before @time. */
AnnalsTime            annals_axis_floor           (const AnnalsAxisStep *step,
                                                   AnnalsTime            time);
/* The tick after @tick, which must be a tick (from floor or next). Always
 * greater than @tick. */
AnnalsTime            annals_axis_next            (const AnnalsAxisStep *step,
                                                   AnnalsTime            tick);
/* The label of the tick @tick of @step (for MAJOR, @step is the major step)
 * written into @buf; returns @buf. */
const char           *annals_axis_format          (const AnnalsAxisStep *step,
                                                   AnnalsAxisLabel       kind,
                                                   AnnalsTime            tick,
                                                   char                 *buf,
                                                   gsize                 size);
/* Whether minor labels name the interval after the tick (a day, a month, a
 * year) rather than the instant of the tick ("07:00"). */
gboolean              annals_axis_labels_interval (const AnnalsAxisStep *step);

/* A year as people write it: "2026", "AD 500", "200 BC", "12,000 BC",
 * "1.5 million BC", "1 billion", translated ("200 av. J.-C."). @year is
 * astronomical (0 is 1 BC). */
const char           *annals_format_year          (gint64                year,
                                                   char                 *buf,
                                                   gsize                 size);
/* A date at its own precision, for captions: "2026", "February 2026",
 * "19 February 2026", "19 February 2026, 07:05 UTC", "200 BC". */
const char           *annals_format_date          (const AnnalsDate     *date,
                                                   char                 *buf,
                                                   gsize                 size);
/* A number with thousands separators and at most @decimals decimals, trailing
 * zeros dropped: "2,500", "-1.5". The separators are those of LC_NUMERIC when
 * it groups digits ("2 500" under fr_FR), else those of the translation, so
 * LANGUAGE=fr under C.UTF-8 also gives "2 500" (a narrow no-break space).
 * For people only: machine output formats numbers with g_ascii_formatd. */
const char           *annals_format_number        (double                value,
                                                   int                   decimals,
                                                   char                 *buf,
                                                   gsize                 size);

G_END_DECLS
