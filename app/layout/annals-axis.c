/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-axis.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>

#define SECONDS_PER_MONTH 2629746.0    /* 365.2425 / 12 days */
#define SECONDS_PER_YEAR  31556952.0   /* 365.2425 days */

static const AnnalsAxisStep steps[] = {
  { ANNALS_AXIS_SECOND, 1 }, { ANNALS_AXIS_SECOND, 2 }, { ANNALS_AXIS_SECOND, 5 },
  { ANNALS_AXIS_SECOND, 10 }, { ANNALS_AXIS_SECOND, 15 }, { ANNALS_AXIS_SECOND, 30 },
  { ANNALS_AXIS_MINUTE, 1 }, { ANNALS_AXIS_MINUTE, 2 }, { ANNALS_AXIS_MINUTE, 5 },
  { ANNALS_AXIS_MINUTE, 10 }, { ANNALS_AXIS_MINUTE, 15 }, { ANNALS_AXIS_MINUTE, 30 },
  { ANNALS_AXIS_HOUR, 1 }, { ANNALS_AXIS_HOUR, 2 }, { ANNALS_AXIS_HOUR, 3 },
  { ANNALS_AXIS_HOUR, 6 }, { ANNALS_AXIS_HOUR, 12 },
  { ANNALS_AXIS_DAY, 1 }, { ANNALS_AXIS_DAY, 2 },
  { ANNALS_AXIS_WEEK, 1 }, { ANNALS_AXIS_WEEK, 2 },
  { ANNALS_AXIS_MONTH, 1 }, { ANNALS_AXIS_MONTH, 2 }, { ANNALS_AXIS_MONTH, 3 },
  { ANNALS_AXIS_MONTH, 6 },
  { ANNALS_AXIS_YEAR, 1 }, { ANNALS_AXIS_YEAR, 2 }, { ANNALS_AXIS_YEAR, 5 },
  { ANNALS_AXIS_YEAR, 10 }, { ANNALS_AXIS_YEAR, 20 }, { ANNALS_AXIS_YEAR, 50 },
  { ANNALS_AXIS_YEAR, 100 }, { ANNALS_AXIS_YEAR, 200 }, { ANNALS_AXIS_YEAR, 500 },
  { ANNALS_AXIS_YEAR, 1000 }, { ANNALS_AXIS_YEAR, 2000 }, { ANNALS_AXIS_YEAR, 5000 },
  { ANNALS_AXIS_YEAR, 10000 }, { ANNALS_AXIS_YEAR, 20000 }, { ANNALS_AXIS_YEAR, 50000 },
  { ANNALS_AXIS_YEAR, 100000 }, { ANNALS_AXIS_YEAR, 200000 }, { ANNALS_AXIS_YEAR, 500000 },
  { ANNALS_AXIS_YEAR, 1000000 }, { ANNALS_AXIS_YEAR, 2000000 }, { ANNALS_AXIS_YEAR, 5000000 },
  { ANNALS_AXIS_YEAR, 10000000 }, { ANNALS_AXIS_YEAR, 20000000 },
  { ANNALS_AXIS_YEAR, 50000000 }, { ANNALS_AXIS_YEAR, 100000000 },
  { ANNALS_AXIS_YEAR, 200000000 }, { ANNALS_AXIS_YEAR, 500000000 },
  { ANNALS_AXIS_YEAR, 1000000000 },
};

static const char * const month_names[] = {
  NC_("month name", "January"), NC_("month name", "February"), NC_("month name", "March"),
  NC_("month name", "April"), NC_("month name", "May"), NC_("month name", "June"),
  NC_("month name", "July"), NC_("month name", "August"), NC_("month name", "September"),
  NC_("month name", "October"), NC_("month name", "November"), NC_("month name", "December"),
};

static const char * const month_abbrevs[] = {
  NC_("month", "Jan"), NC_("month", "Feb"), NC_("month", "Mar"), NC_("month", "Apr"),
  NC_("month", "May"), NC_("month", "Jun"), NC_("month", "Jul"), NC_("month", "Aug"),
  NC_("month", "Sep"), NC_("month", "Oct"), NC_("month", "Nov"), NC_("month", "Dec"),
};

static gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  if ((a % b != 0) && ((a < 0) != (b < 0)))
    q--;

  return q;
}

static const char *
month_name (int month)
{
  return g_dpgettext2 (GETTEXT_PACKAGE, "month name", month_names[CLAMP (month, 1, 12) - 1]);
}

static const char *
month_abbrev (int month)
{
  return g_dpgettext2 (GETTEXT_PACKAGE, "month", month_abbrevs[CLAMP (month, 1, 12) - 1]);
}

/* The day of the month in a full date: "1" is "1er" in French. */
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

static AnnalsTime
year_start (gint64 year)
{
  return annals_days_from_civil (year, 1, 1) * ANNALS_SECONDS_PER_DAY;
}

guint
annals_axis_get_n_steps (void)
{
  return G_N_ELEMENTS (steps);
}

const AnnalsAxisStep *
annals_axis_get_step (guint index)
{
  return &steps[MIN (index, G_N_ELEMENTS (steps) - 1)];
}

double
annals_axis_step_seconds (const AnnalsAxisStep *step)
{
  double unit;

  g_return_val_if_fail (step != NULL, 1);

  switch (step->unit)
    {
    case ANNALS_AXIS_SECOND: unit = 1; break;
    case ANNALS_AXIS_MINUTE: unit = 60; break;
    case ANNALS_AXIS_HOUR:   unit = 3600; break;
    case ANNALS_AXIS_DAY:    unit = ANNALS_SECONDS_PER_DAY; break;
    case ANNALS_AXIS_WEEK:   unit = 7.0 * ANNALS_SECONDS_PER_DAY; break;
    case ANNALS_AXIS_MONTH:  unit = SECONDS_PER_MONTH; break;
    case ANNALS_AXIS_YEAR:
    default:                 unit = SECONDS_PER_YEAR; break;
    }

  return unit * (double) step->count;
}

guint
annals_axis_choose_step (double seconds_per_pixel,
                         double min_spacing)
{
  if (!(seconds_per_pixel > 0) || !isfinite (seconds_per_pixel))
    return G_N_ELEMENTS (steps) - 1;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (annals_axis_step_seconds (&steps[i]) / seconds_per_pixel >= min_spacing)
      return i;

  return G_N_ELEMENTS (steps) - 1;
}

void
annals_axis_get_major (const AnnalsAxisStep *minor,
                       AnnalsAxisStep       *major)
{
  g_return_if_fail (minor != NULL);
  g_return_if_fail (major != NULL);

  major->count = 1;

  switch (minor->unit)
    {
    case ANNALS_AXIS_SECOND:
      major->unit = minor->count < 15 ? ANNALS_AXIS_MINUTE : ANNALS_AXIS_HOUR;
      break;
    case ANNALS_AXIS_MINUTE:
      major->unit = minor->count < 10 ? ANNALS_AXIS_HOUR : ANNALS_AXIS_DAY;
      break;
    case ANNALS_AXIS_HOUR:
      major->unit = ANNALS_AXIS_DAY;
      break;
    case ANNALS_AXIS_DAY:
    case ANNALS_AXIS_WEEK:
      major->unit = ANNALS_AXIS_MONTH;
      break;
    case ANNALS_AXIS_MONTH:
      major->unit = ANNALS_AXIS_YEAR;
      break;
    case ANNALS_AXIS_YEAR:
    default:
      /* The next power of ten: decades over years, centuries over decades. */
      major->unit = ANNALS_AXIS_YEAR;
      major->count = 10;
      while (major->count <= minor->count && major->count < G_GINT64_CONSTANT (100000000000))
        major->count *= 10;
      break;
    }
}

/* Year ticks sit on round years of the era they are in: AD years that are
 * multiples of @count, BC years that are (in BC numbering), and AD 1 between
 * them. Astronomical year 0 is 1 BC, -199 is 200 BC. */
static gint64
year_floor (gint64 year,
            gint64 count)
{
  gint64 bc;

  if (count <= 1)
    return year;
  if (year >= count)
    return floor_div (year, count) * count;
  if (year >= 1)
    return 1;

  bc = 1 - year;

  return 1 - (bc + count - 1) / count * count;
}

static gint64
year_next (gint64 year,
           gint64 count)
{
  gint64 bc;

  if (count <= 1)
    return year + 1;
  if (year >= count)
    return year + count;
  if (year >= 1)
    return count;

  bc = 1 - year - count;

  return bc > 0 ? 1 - bc : 1;
}

AnnalsTime
annals_axis_floor (const AnnalsAxisStep *step,
                   AnnalsTime            time)
{
  AnnalsCivil civil;
  gint64 count;
  gint64 days;
  gint64 months;

  g_return_val_if_fail (step != NULL, time);

  count = MAX (step->count, 1);

  switch (step->unit)
    {
    case ANNALS_AXIS_SECOND:
      return floor_div (time, count) * count;
    case ANNALS_AXIS_MINUTE:
      return floor_div (time, 60 * count) * 60 * count;
    case ANNALS_AXIS_HOUR:
      return floor_div (time, 3600 * count) * 3600 * count;
    case ANNALS_AXIS_DAY:
      days = floor_div (time, ANNALS_SECONDS_PER_DAY);
      return floor_div (days, count) * count * ANNALS_SECONDS_PER_DAY;
    case ANNALS_AXIS_WEEK:
      /* 1970-01-01 was a Thursday: Mondays are days -3 + 7k. */
      days = floor_div (time, ANNALS_SECONDS_PER_DAY);
      return (floor_div (days + 3, 7 * count) * 7 * count - 3) * ANNALS_SECONDS_PER_DAY;
    case ANNALS_AXIS_MONTH:
      annals_time_to_civil (time, &civil);
      months = floor_div (civil.year * 12 + (civil.month - 1), count) * count;
      return annals_days_from_civil (floor_div (months, 12),
                                     (int) (months - floor_div (months, 12) * 12) + 1,
                                     1) * ANNALS_SECONDS_PER_DAY;
    case ANNALS_AXIS_YEAR:
    default:
      annals_time_to_civil (time, &civil);
      return year_start (year_floor (civil.year, count));
    }
}

AnnalsTime
annals_axis_next (const AnnalsAxisStep *step,
                  AnnalsTime            tick)
{
  AnnalsCivil civil;
  gint64 count;
  gint64 months;

  g_return_val_if_fail (step != NULL, tick + 1);

  count = MAX (step->count, 1);

  switch (step->unit)
    {
    case ANNALS_AXIS_SECOND:
      return tick + count;
    case ANNALS_AXIS_MINUTE:
      return tick + 60 * count;
    case ANNALS_AXIS_HOUR:
      return tick + 3600 * count;
    case ANNALS_AXIS_DAY:
      return tick + count * ANNALS_SECONDS_PER_DAY;
    case ANNALS_AXIS_WEEK:
      return tick + 7 * count * ANNALS_SECONDS_PER_DAY;
    case ANNALS_AXIS_MONTH:
      annals_time_to_civil (tick, &civil);
      months = civil.year * 12 + (civil.month - 1) + count;
      return annals_days_from_civil (floor_div (months, 12),
                                     (int) (months - floor_div (months, 12) * 12) + 1,
                                     1) * ANNALS_SECONDS_PER_DAY;
    case ANNALS_AXIS_YEAR:
    default:
      annals_time_to_civil (tick, &civil);
      return year_start (year_next (civil.year, count));
    }
}

gboolean
annals_axis_labels_interval (const AnnalsAxisStep *step)
{
  g_return_val_if_fail (step != NULL, FALSE);

  return step->count == 1
         && (step->unit == ANNALS_AXIS_DAY || step->unit == ANNALS_AXIS_MONTH
             || step->unit == ANNALS_AXIS_YEAR);
}

/* Numbers */

/* The separators of LC_NUMERIC when the locale has any ("2 500" in fr_FR,
 * "2.500" in de_DE); under C or C.UTF-8, which group nothing, those of the
 * translation, so that LANGUAGE=fr alone still writes French numbers. The
 * digits themselves are always written by g_snprintf with "%" G_GUINT64_FORMAT,
 * which never groups, so the result never depends on printf's locale. */
static void
get_separators (const char **thousands,
                const char **decimal)
{
  const struct lconv *conv = localeconv ();

  if (conv != NULL && conv->thousands_sep != NULL && conv->thousands_sep[0] != '\0' &&
      conv->decimal_point != NULL && conv->decimal_point[0] != '\0' &&
      g_utf8_validate (conv->thousands_sep, -1, NULL) &&
      g_utf8_validate (conv->decimal_point, -1, NULL))
    {
      *thousands = conv->thousands_sep;
      *decimal = conv->decimal_point;
      return;
    }

  /* Translators: the thousands separator of numbers, as in "2,500"; French
   * uses a narrow no-break space (U+202F) */
  *thousands = C_("number", ",");
  /* Translators: the decimal separator of numbers, as in "1.5" */
  *decimal = C_("number", ".");
}

static void
append_grouped (GString *out,
                guint64  value)
{
  const char *thousands;
  const char *decimal;
  char digits[32];
  int n = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, value);

  get_separators (&thousands, &decimal);
  for (int i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (out, thousands);
      g_string_append_c (out, digits[i]);
    }
}

const char *
annals_format_number (double  value,
                      int     decimals,
                      char   *buf,
                      gsize   size)
{
  g_autoptr(GString) out = g_string_new (NULL);
  double scale;
  double rounded;
  double whole;
  guint64 frac;

  g_return_val_if_fail (buf != NULL && size > 0, buf);

  if (!isfinite (value))
    {
      g_strlcpy (buf, "–", size);
      return buf;
    }

  decimals = CLAMP (decimals, 0, 6);
  scale = pow (10, decimals);
  rounded = round (fabs (value) * scale);
  if (rounded > 1e18)
    {
      g_snprintf (buf, size, "%.3g", value);
      return buf;
    }
  whole = floor (rounded / scale);
  frac = (guint64) (rounded - whole * scale);

  if (value < 0 && rounded > 0)
    g_string_append (out, "−");
  append_grouped (out, (guint64) whole);

  if (frac > 0)
    {
      char digits[16];
      int n = g_snprintf (digits, sizeof digits, "%0*" G_GUINT64_FORMAT, decimals, frac);
      const char *thousands;
      const char *decimal;

      while (n > 0 && digits[n - 1] == '0')
        digits[--n] = '\0';
      get_separators (&thousands, &decimal);
      g_string_append (out, decimal);
      g_string_append (out, digits);
    }

  g_strlcpy (buf, out->str, size);

  return buf;
}

/* A positive count of years, in words above a million when round. */
static void
append_years (GString *out,
              guint64  n)
{
  char number[64];

  /* The plural follows the whole part: "1.5 million" but "2 millions" in
   * French. */
  if (n >= 1000000000 && n % 1000000 == 0)
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%s billion", "%s billion",
                                              (gulong) (n / 1000000000)),
                            annals_format_number (n / 1e9, 3, number, sizeof number));
  else if (n >= 1000000 && n % 1000 == 0)
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%s million", "%s million",
                                              (gulong) (n / 1000000)),
                            annals_format_number (n / 1e6, 3, number, sizeof number));
  else if (n >= 10000)
    append_grouped (out, n);
  else
    g_string_append_printf (out, "%" G_GUINT64_FORMAT, n);
}

const char *
annals_format_year (gint64  year,
                    char   *buf,
                    gsize   size)
{
  g_autoptr(GString) number = g_string_new (NULL);

  g_return_val_if_fail (buf != NULL && size > 0, buf);

  if (year <= 0)
    {
      append_years (number, (guint64) (1 - year));
      /* Translators: a year before the common era, such as "200 BC" */
      g_snprintf (buf, size, _("%s BC"), number->str);
    }
  else if (year < 1000)
    {
      append_years (number, (guint64) year);
      /* Translators: a year of the common era below 1000, such as "AD 500" */
      g_snprintf (buf, size, _("AD %s"), number->str);
    }
  else
    {
      append_years (number, (guint64) year);
      g_strlcpy (buf, number->str, size);
    }

  return buf;
}

/* The ordinal ending of @n for "21st century". Languages differ in where
 * "1st" differs from the rest ("1er" but "21e" in French), so the first
 * century and millennium have strings of their own and only the others
 * take these endings. */
static const char *
ordinal_suffix (gint64 n)
{
  if (n % 100 >= 11 && n % 100 <= 13)
    return C_("ordinal suffix", "th");
  switch (n % 10)
    {
    /* Translators: the ending of ordinals such as "21st", "22nd", "23rd",
     * "24th" in "21st century"; French uses "e" for all four */
    case 1: return C_("ordinal suffix", "st");
    case 2: return C_("ordinal suffix", "nd");
    case 3: return C_("ordinal suffix", "rd");
    default: return C_("ordinal suffix", "th");
    }
}

/* "2020s", "20th century", "1st millennium BC": the period a major tick of a
 * decade, century or millennium step opens. */
static void
format_period (gint64  year,
               gint64  count,
               char   *buf,
               gsize   size)
{
  char a[64];
  char b[64];

  if (count == 10 && year >= 1000)
    {
      /* Translators: a decade, such as "2020s" */
      g_snprintf (buf, size, _("%llds"), (long long) year);
    }
  else if (count == 10)
    {
      /* Ranges where "the 200s BC" would be ambiguous. */
      gint64 last = year_next (year, count) - 1;

      if (year <= 0 && last <= 0)
        {
          g_snprintf (a, sizeof a, "%" G_GINT64_FORMAT, 1 - year);
          annals_format_year (last, b, sizeof b);
          g_snprintf (buf, size, "%s–%s", a, b);
        }
      else
        {
          annals_format_year (year, a, sizeof a);
          g_snprintf (buf, size, "%s–%" G_GINT64_FORMAT, a, last);
        }
    }
  else if (count == 100 || count == 1000)
    {
      gint64 n = year >= 1 ? year / count + 1 : (1 - year) / count;
      gboolean bc = year < 1;

      if (n == 1 && count == 100)
        g_strlcpy (buf, bc ? _("1st century BC") : _("1st century"), size);
      else if (n == 1)
        g_strlcpy (buf, bc ? _("1st millennium BC") : _("1st millennium"), size);
      else if (count == 100)
        /* Translators: a number and its ordinal ending: "21st century" */
        g_snprintf (buf, size, bc ? _("%lld%s century BC") : _("%lld%s century"),
                    (long long) n, ordinal_suffix (n));
      else
        /* Translators: a number and its ordinal ending: "2nd millennium" */
        g_snprintf (buf, size, bc ? _("%lld%s millennium BC") : _("%lld%s millennium"),
                    (long long) n, ordinal_suffix (n));
    }
  else
    {
      annals_format_year (year, buf, size);
    }
}

const char *
annals_axis_format (const AnnalsAxisStep *step,
                    AnnalsAxisLabel       kind,
                    AnnalsTime            tick,
                    char                 *buf,
                    gsize                 size)
{
  AnnalsCivil c;
  char year[64];
  char day[32];

  g_return_val_if_fail (step != NULL, buf);
  g_return_val_if_fail (buf != NULL && size > 0, buf);

  annals_time_to_civil (tick, &c);
  annals_format_year (c.year, year, sizeof year);
  format_day (c.day, day, sizeof day);

  if (kind == ANNALS_AXIS_LABEL_MINOR)
    {
      switch (step->unit)
        {
        case ANNALS_AXIS_SECOND:
          g_snprintf (buf, size, "%02d:%02d:%02d", c.hour, c.minute, c.second);
          break;
        case ANNALS_AXIS_MINUTE:
        case ANNALS_AXIS_HOUR:
          g_snprintf (buf, size, "%02d:%02d", c.hour, c.minute);
          break;
        case ANNALS_AXIS_DAY:
        case ANNALS_AXIS_WEEK:
          g_snprintf (buf, size, "%d", c.day);
          break;
        case ANNALS_AXIS_MONTH:
          g_strlcpy (buf, month_abbrev (c.month), size);
          break;
        case ANNALS_AXIS_YEAR:
        default:
          g_strlcpy (buf, year, size);
          break;
        }
      return buf;
    }

  switch (step->unit)
    {
    case ANNALS_AXIS_SECOND:
    case ANNALS_AXIS_MINUTE:
    case ANNALS_AXIS_HOUR:
      /* Translators: day, month abbreviation, year, hour:minute */
      g_snprintf (buf, size, _("%s %s %s, %02d:%02d"), day, month_abbrev (c.month), year,
                  c.hour, c.minute);
      break;
    case ANNALS_AXIS_DAY:
    case ANNALS_AXIS_WEEK:
      /* Translators: day, month, year */
      g_snprintf (buf, size, _("%s %s %s"), day, month_name (c.month), year);
      break;
    case ANNALS_AXIS_MONTH:
      /* Translators: month, year */
      g_snprintf (buf, size, _("%s %s"), month_name (c.month), year);
      break;
    case ANNALS_AXIS_YEAR:
    default:
      format_period (c.year, step->count, buf, size);
      break;
    }

  return buf;
}

const char *
annals_format_date (const AnnalsDate *date,
                    char             *buf,
                    gsize             size)
{
  AnnalsCivil c;
  char year[64];
  char day[32];

  g_return_val_if_fail (date != NULL, buf);
  g_return_val_if_fail (buf != NULL && size > 0, buf);

  if (!annals_date_is_set (date))
    {
      buf[0] = '\0';
      return buf;
    }

  annals_time_to_civil (date->time, &c);
  annals_format_year (c.year, year, sizeof year);
  format_day (c.day, day, sizeof day);

  switch ((AnnalsPrecision) date->precision)
    {
    case ANNALS_PRECISION_YEAR:
      g_strlcpy (buf, year, size);
      break;
    case ANNALS_PRECISION_MONTH:
      g_snprintf (buf, size, _("%s %s"), month_name (c.month), year);
      break;
    case ANNALS_PRECISION_DAY:
      g_snprintf (buf, size, _("%s %s %s"), day, month_name (c.month), year);
      break;
    case ANNALS_PRECISION_MINUTE:
      /* Translators: day, month, year, hour:minute in UTC */
      g_snprintf (buf, size, _("%s %s %s, %02d:%02d UTC"), day, month_name (c.month), year,
                  c.hour, c.minute);
      break;
    case ANNALS_PRECISION_SECOND:
    default:
      g_snprintf (buf, size, _("%s %s %s, %02d:%02d:%02d UTC"), day, month_name (c.month),
                  year, c.hour, c.minute, c.second);
      break;
    }

  return buf;
}
