/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "annals-timeline.h"

G_BEGIN_DECLS

/* Dates, durations and quantities written for people rather than machines:
 * "September 2026", "c. 200 BC", "from 1999, ongoing", "−2,500 troops". The
 * precision a date was written with is kept: a year stays a year. Years and
 * numbers come from the layout's axis module, so the details read like the
 * axis ("AD 500", "1.5 million BC", "−2,500"). Pure GLib,
 * no widgets, so it can move to core when the command line needs it. Every
 * function returns a newly allocated string. */

/* "c. 200 BC", "September 2026", "12 June 1999", "19 February 2026, 07:05 UTC",
 * "22 November 1963, 12:30:00 UTC−06:00" (a time is shown in the offset it was
 * written in). An unset date gives "". */
char       *annals_describe_date            (const AnnalsDate        *date);
/* The uncertainty bounds of @date: "no earlier than June 2026", "no later
 * than 2027", "between June 2026 and March 2027"; a bound that is the date
 * itself gives "at the earliest" or "at the latest". NULL when neither bound
 * is set. */
char       *annals_describe_date_bounds     (const AnnalsDate        *date,
                                             const AnnalsDate        *earliest,
                                             const AnnalsDate        *latest);
char       *annals_describe_event_start     (AnnalsTimeline          *timeline,
                                             const AnnalsEvent       *event);
/* "September 2026 (proposed)" when <end> has a status of its own; "ongoing"
 * (or "ongoing, as of 19 February 2026") for a span without an end; NULL for
 * instants and milestones. */
char       *annals_describe_event_end       (AnnalsTimeline          *timeline,
                                             const AnnalsEvent       *event);
/* One line for tooltips and headings: "12 June 1999", "from 1999, ongoing",
 * "October 2018 – September 2026 (proposed)". */
char       *annals_describe_event_when      (AnnalsTimeline          *timeline,
                                             const AnnalsEvent       *event);
/* The length of a span at the precision of its dates: "9 years",
 * "7 years, 11 months", "3 days, 4 hours", "about 2 years"; an ongoing span
 * measured to the as-of date (or @now, AnnalsTime seconds) gets "so far".
 * NULL for instants and milestones. */
char       *annals_describe_event_duration  (AnnalsTimeline          *timeline,
                                             const AnnalsEvent       *event,
                                             AnnalsTime               now);
/* Between two instants in AnnalsTime seconds, with the two largest units
 * that @precision allows. */
char       *annals_describe_duration        (AnnalsTime               start,
                                             AnnalsTime               end,
                                             AnnalsPrecision          precision);
/* "−2,500 troops" (a change), "2,500 troops" (a value). */
char       *annals_describe_quantity        (const AnnalsQuantity    *quantity);

/* Translated names, for people: "Span", "Milestone"; "Proposed"; the status in
 * running text: "proposed". */
const char *annals_event_type_get_label     (AnnalsEventType          type);
const char *annals_status_get_label         (AnnalsStatus             status);
const char *annals_status_get_adjective     (AnnalsStatus             status);

G_END_DECLS
