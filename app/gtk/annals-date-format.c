/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-date-format.h"

#include <glib/gi18n.h>
#include <math.h>

#include "annals-axis.h"

static const char * const month_names[12] = {
  NC_("month name", "January"), NC_("month name", "February"), NC_("month name", "March"),
  NC_("month name", "April"), NC_("month name", "May"), NC_("month name", "June"),
  NC_("month name", "July"), NC_("month name", "August"), NC_("month name", "September"),
  NC_("month name", "October"), NC_("month name", "November"), NC_("month name", "December"),
};

static char *
format_count (gint64 value)
{
  char buf[64];

  return g_strdup (annals_format_number ((double) value, 0, buf, sizeof buf));
}

/* The day of the month in a full date: the first is "1er" in French. */
static const char *
format_day (int    day,
            char  *buf,
            gsize  size)
{
  if (day == 1)
    /* Translators: the first day of a month, as written in dates such as
     * "1 June 1999"; French writes "1er" */
    g_strlcpy (buf, C_("day of the month", "1"), size);
  else
    g_snprintf (buf, size, "%d", day);
  return buf;
}

static gboolean
date_shows_time (const AnnalsDate *date)
{
  return date->precision >= ANNALS_PRECISION_MINUTE;
}

/* The civil date as the author wrote it: times in the offset they were
 * written in, calendar dates as they are (they sit at UTC midnight). */
static void
date_to_written_civil (const AnnalsDate *date,
                       AnnalsCivil      *civil)
{
  AnnalsTime time = date->time;

  if (date_shows_time (date))
    time += date->utc_offset;
  annals_time_to_civil (time, civil);
}

static char *
format_zone (gint32 offset)
{
  int hours;
  int minutes;

  if (offset == 0)
    return g_strdup ("UTC");
  hours = ABS (offset) / 3600;
  minutes = (ABS (offset) % 3600) / 60;
  return g_strdup_printf ("UTC%s%02d:%02d", offset < 0 ? "−" : "+", hours, minutes);
}

static char *
format_date_exact (const AnnalsDate *date)
{
  AnnalsCivil civil;
  char year[64];
  char day[32];
  g_autofree char *zone = NULL;
  const char *month;

  date_to_written_civil (date, &civil);
  annals_format_year (civil.year, year, sizeof year);
  format_day (civil.day, day, sizeof day);
  month = g_dpgettext2 (GETTEXT_PACKAGE, "month name",
                       month_names[CLAMP (civil.month, 1, 12) - 1]);

  switch ((AnnalsPrecision) date->precision)
    {
    case ANNALS_PRECISION_NONE:
      return g_strdup ("");

    case ANNALS_PRECISION_YEAR:
      return g_strdup (year);

    case ANNALS_PRECISION_MONTH:
      /* Translators: a month and a year, such as "September 2026" */
      return g_strdup_printf (_("%1$s %2$s"), month, year);

    case ANNALS_PRECISION_DAY:
      /* Translators: day, month and year, such as "12 June 1999" */
      return g_strdup_printf (_("%1$s %2$s %3$s"), day, month, year);

    case ANNALS_PRECISION_MINUTE:
      zone = format_zone (date->utc_offset);
      /* Translators: day, month, year, hour, minute and time zone, such as
       * "19 February 2026, 07:05 UTC" */
      return g_strdup_printf (_("%1$s %2$s %3$s, %4$02d:%5$02d %6$s"),
                              day, month, year, civil.hour, civil.minute, zone);

    case ANNALS_PRECISION_SECOND:
    default:
      zone = format_zone (date->utc_offset);
      /* Translators: as above with seconds, such as "22 November 1963, 12:30:00 UTC-06:00" */
      return g_strdup_printf (_("%1$s %2$s %3$s, %4$02d:%5$02d:%6$02d %7$s"),
                              day, month, year, civil.hour, civil.minute, civil.second, zone);
    }
}

char *
annals_describe_date (const AnnalsDate *date)
{
  g_autofree char *exact = NULL;

  g_return_val_if_fail (date != NULL, NULL);

  if (!annals_date_is_set (date))
    return g_strdup ("");

  exact = format_date_exact (date);
  if (date->flags & ANNALS_DATE_APPROX)
    /* Translators: "circa", an approximate date, such as "c. 200 BC" */
    return g_strdup_printf (_("c. %s"), exact);
  return g_steal_pointer (&exact);
}

static gboolean
same_date (const AnnalsDate *a,
           const AnnalsDate *b)
{
  return a != NULL && b != NULL && a->time == b->time && a->precision == b->precision;
}

char *
annals_describe_date_bounds (const AnnalsDate *date,
                             const AnnalsDate *earliest,
                             const AnnalsDate *latest)
{
  gboolean has_earliest = earliest != NULL && annals_date_is_set (earliest);
  gboolean has_latest = latest != NULL && annals_date_is_set (latest);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  /* "2026-09, earliest 2026-09" is how a data author says "September 2026
   * or later"; repeating the date would read as a stutter. */
  if (has_earliest && !has_latest && same_date (date, earliest))
    return g_strdup (_("at the earliest"));
  if (has_latest && !has_earliest && same_date (date, latest))
    return g_strdup (_("at the latest"));

  if (has_earliest)
    from = annals_describe_date (earliest);
  if (has_latest)
    to = annals_describe_date (latest);

  if (has_earliest && has_latest)
    /* Translators: the uncertainty of a date: "between June 2026 and March 2027" */
    return g_strdup_printf (_("between %s and %s"), from, to);
  if (has_earliest)
    return g_strdup_printf (_("no earlier than %s"), from);
  if (has_latest)
    return g_strdup_printf (_("no later than %s"), to);
  return NULL;
}

char *
annals_describe_event_start (AnnalsTimeline    *timeline,
                           const AnnalsEvent *event)
{
  g_return_val_if_fail (event != NULL, NULL);

  return annals_describe_date (&event->start);
}

char *
annals_describe_event_end (AnnalsTimeline    *timeline,
                         const AnnalsEvent *event)
{
  g_autofree char *date = NULL;

  g_return_val_if_fail (timeline != NULL, NULL);
  g_return_val_if_fail (event != NULL, NULL);

  if (event->type != ANNALS_EVENT_SPAN)
    return NULL;

  if (!annals_date_is_set (&event->end))
    {
      g_autofree char *as_of = NULL;

      if (!annals_date_is_set (&timeline->as_of))
        return g_strdup (_("ongoing"));
      as_of = annals_describe_date (&timeline->as_of);
      /* Translators: a span that has not ended, as the dataset knew on that date */
      return g_strdup_printf (_("ongoing, as of %s"), as_of);
    }

  date = annals_describe_date (&event->end);
  if ((event->flags & ANNALS_EVENT_HAS_END_STATUS) != 0 &&
      event->end_status != ANNALS_STATUS_CONFIRMED)
    /* Translators: an end date and its own status: "September 2026 (proposed)" */
    return g_strdup_printf (_("%s (%s)"), date,
                            annals_status_get_adjective (event->end_status));
  return g_steal_pointer (&date);
}

char *
annals_describe_event_when (AnnalsTimeline    *timeline,
                          const AnnalsEvent *event)
{
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  g_return_val_if_fail (timeline != NULL, NULL);
  g_return_val_if_fail (event != NULL, NULL);

  start = annals_describe_event_start (timeline, event);
  if (event->type != ANNALS_EVENT_SPAN)
    return g_steal_pointer (&start);

  if (!annals_date_is_set (&event->end))
    /* Translators: a span that has not ended: "from 1999, ongoing" */
    return g_strdup_printf (_("from %s, ongoing"), start);

  end = annals_describe_event_end (timeline, event);
  /* Translators: a span from its start to its end */
  return g_strdup_printf (_("%s – %s"), start, end);
}

static AnnalsTime
add_months (const AnnalsCivil *from,
            gint64             months)
{
  AnnalsCivil civil = *from;
  gint64 index = (from->year * 12 + (from->month - 1)) + months;
  int days;

  /* Floor division: years before 0 are negative. */
  civil.year = index >= 0 ? index / 12 : -((-index + 11) / 12);
  civil.month = (int) (index - civil.year * 12) + 1;
  days = annals_days_in_month (civil.year, civil.month);
  civil.day = MIN (civil.day, days);
  return annals_time_from_civil (&civil);
}

static char *
format_unit (int    unit,
             gint64 n)
{
  g_autofree char *number = format_count (n);
  gulong count = (gulong) MIN (n, (gint64) G_MAXLONG);

  switch (unit)
    {
    case 0:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s year", "%s years", count), number);
    case 1:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s month", "%s months", count),
                              number);
    case 2:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s day", "%s days", count), number);
    case 3:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s hour", "%s hours", count), number);
    case 4:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s minute", "%s minutes", count),
                              number);
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s second", "%s seconds", count),
                              number);
    }
}

char *
annals_describe_duration (AnnalsTime      start,
                        AnnalsTime      end,
                        AnnalsPrecision precision)
{
  static const char * const less_than[] = {
    N_("less than a year"), N_("less than a month"), N_("less than a day"),
    N_("less than an hour"), N_("less than a minute"), N_("less than a second"),
  };
  AnnalsCivil from;
  AnnalsCivil to;
  AnnalsTime anchor;
  gint64 units[6];
  gint64 months;
  gint64 rest;
  int last;
  int i;

  if (end < start)
    return NULL;

  switch (precision)
    {
    case ANNALS_PRECISION_YEAR: last = 0; break;
    case ANNALS_PRECISION_MONTH: last = 1; break;
    case ANNALS_PRECISION_DAY: last = 2; break;
    case ANNALS_PRECISION_MINUTE: last = 4; break;
    case ANNALS_PRECISION_NONE:
    case ANNALS_PRECISION_SECOND:
    default: last = 5; break;
    }

  /* Calendar months first (they differ in length), then the exact rest. */
  annals_time_to_civil (start, &from);
  annals_time_to_civil (end, &to);
  months = (to.year - from.year) * 12 + (to.month - from.month);
  anchor = add_months (&from, months);
  while (months > 0 && anchor > end)
    anchor = add_months (&from, --months);

  rest = end - anchor;
  units[0] = months / 12;
  units[1] = months % 12;
  units[2] = rest / ANNALS_SECONDS_PER_DAY;
  units[3] = (rest % ANNALS_SECONDS_PER_DAY) / 3600;
  units[4] = (rest % 3600) / 60;
  units[5] = rest % 60;

  for (i = 0; i <= last; i++)
    {
      if (units[i] != 0)
        {
          g_autofree char *first = format_unit (i, units[i]);
          g_autofree char *second = NULL;

          /* Two adjacent units are as much as anyone reads in a duration. */
          if (i + 1 > last || units[i + 1] == 0)
            return g_steal_pointer (&first);
          second = format_unit (i + 1, units[i + 1]);
          /* Translators: two parts of a duration: "7 years, 11 months" */
          return g_strdup_printf (_("%s, %s"), first, second);
        }
    }

  return g_strdup (_(less_than[last]));
}

char *
annals_describe_event_duration (AnnalsTimeline    *timeline,
                              const AnnalsEvent *event,
                              AnnalsTime         now)
{
  g_autofree char *length = NULL;
  gboolean ongoing;
  gboolean approx;
  AnnalsPrecision precision;
  AnnalsTime end;

  g_return_val_if_fail (timeline != NULL, NULL);
  g_return_val_if_fail (event != NULL, NULL);

  if (event->type != ANNALS_EVENT_SPAN)
    return NULL;

  ongoing = !annals_date_is_set (&event->end);
  end = annals_event_end_time (event, timeline, now);
  precision = event->start.precision;
  if (!ongoing)
    precision = MIN (precision, (AnnalsPrecision) event->end.precision);
  else if (annals_date_is_set (&timeline->as_of))
    precision = MIN (precision, (AnnalsPrecision) timeline->as_of.precision);

  length = annals_describe_duration (event->start.time, end, precision);
  if (length == NULL)
    return NULL;

  approx = (event->start.flags & ANNALS_DATE_APPROX) != 0 ||
           (!ongoing && (event->end.flags & ANNALS_DATE_APPROX) != 0);
  if (approx)
    {
      char *about = g_strdup_printf (_("about %s"), length);

      g_free (length);
      length = about;
    }

  if (ongoing)
    /* Translators: the length of a span that has not ended yet */
    return g_strdup_printf (_("%s so far"), length);
  return g_steal_pointer (&length);
}

char *
annals_describe_quantity (const AnnalsQuantity *quantity)
{
  char buf[64];
  g_autofree char *number = NULL;

  g_return_val_if_fail (quantity != NULL, NULL);

  /* A change gets its sign so that "+300" and "300" cannot be confused. */
  annals_format_number (quantity->amount, 2, buf, sizeof buf);
  if (quantity->is_change && quantity->amount > 0 && g_strcmp0 (buf, "0") != 0)
    number = g_strconcat ("+", buf, NULL);
  else
    number = g_strdup (buf);
  if (quantity->unit == NULL || quantity->unit[0] == '\0')
    return g_steal_pointer (&number);
  /* Translators: a number and its unit, such as "-2,500 troops" */
  return g_strdup_printf (_("%s %s"), number, quantity->unit);
}

const char *
annals_event_type_get_label (AnnalsEventType type)
{
  switch (type)
    {
    case ANNALS_EVENT_SPAN: return _("Span");
    case ANNALS_EVENT_INSTANT: return _("Instant");
    case ANNALS_EVENT_MILESTONE: return _("Milestone");
    default: return _("Event");
    }
}

const char *
annals_status_get_label (AnnalsStatus status)
{
  switch (status)
    {
    case ANNALS_STATUS_CONFIRMED: return _("Confirmed");
    case ANNALS_STATUS_REPORTED: return _("Reported");
    case ANNALS_STATUS_PROPOSED: return _("Proposed");
    case ANNALS_STATUS_DISPUTED: return _("Disputed");
    case ANNALS_STATUS_DENIED: return _("Denied");
    case ANNALS_STATUS_CANCELLED: return _("Cancelled");
    case ANNALS_STATUS_ACTIVE: return _("Active");
    case ANNALS_STATUS_ENDED: return _("Ended");
    case ANNALS_N_STATUSES:
    default: return _("Unknown");
    }
}

const char *
annals_status_get_adjective (AnnalsStatus status)
{
  switch (status)
    {
    case ANNALS_STATUS_CONFIRMED: return C_("status", "confirmed");
    case ANNALS_STATUS_REPORTED: return C_("status", "reported");
    case ANNALS_STATUS_PROPOSED: return C_("status", "proposed");
    case ANNALS_STATUS_DISPUTED: return C_("status", "disputed");
    case ANNALS_STATUS_DENIED: return C_("status", "denied");
    case ANNALS_STATUS_CANCELLED: return C_("status", "cancelled");
    case ANNALS_STATUS_ACTIVE: return C_("status", "active");
    case ANNALS_STATUS_ENDED: return C_("status", "ended");
    case ANNALS_N_STATUSES:
    default: return C_("status", "unknown");
    }
}
