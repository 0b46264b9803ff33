/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-date.h"

#include <string.h>

#include <glib/gi18n-lib.h>

/* Calendar arithmetic is our own (Howard Hinnant's days_from_civil and
 * civil_from_days, on 64-bit integers with floor division) because GDateTime
 * only covers years 1..9999 and datasets reach deep time. GDateTime is used for
 * one thing only: the offset of an IANA zone at a local time within 1..9999. */

#define DAYS_PER_ERA 146097   /* days in 400 Gregorian years */
#define EPOCH_SHIFT  719468   /* days from 0000-03-01 to 1970-01-01 */

/* Dates are quoted in error messages; a runaway attribute should not produce a
 * runaway message. */
#define MAX_QUOTED_BYTES 64

/* The years GDateTime handles. */
#define GDATETIME_MIN_YEAR 1
#define GDATETIME_MAX_YEAR 9999

/* Times beyond this are far outside any date a dataset can hold (about
 * ±3e9 years); period arithmetic on them is not attempted, so no intermediate
 * can overflow. */
#define SAFE_TIME_LIMIT ((AnnalsTime) 100000000000000000LL)

static const char * const month_names[] = {
  N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
  N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
  N_("December"),
};

G_DEFINE_QUARK (annals-date-error-quark, annals_date_error)

static inline gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  if ((a % b != 0) && ((a < 0) != (b < 0)))
    q--;

  return q;
}

gboolean
annals_is_leap_year (gint64 year)
{
  /* The remainder is only compared with zero, so the sign of C's % does not
   * matter: year 0, -4 and -400 are leap years, -100 is not. */
  return (year % 4 == 0) && (year % 100 != 0 || year % 400 == 0);
}

int
annals_days_in_month (gint64 year,
                      int    month)
{
  static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  g_return_val_if_fail (month >= 1 && month <= 12, 0);

  if (month == 2 && annals_is_leap_year (year))
    return 29;

  return days[month - 1];
}

gint64
annals_days_from_civil (gint64 year,
                        int    month,
                        int    day)
{
  gint64 era;
  gint64 yoe;
  gint64 doy;
  gint64 doe;
  gint64 m;

  /* Months outside 1..12 roll over into neighbouring years, so that callers can
   * ask for "month 13" to mean January of the next year. */
  m = (gint64) month - 1;
  year += floor_div (m, 12);
  m = m - floor_div (m, 12) * 12 + 1;

  /* Count years from March, so that the leap day is the last day of a year. */
  if (m <= 2)
    year -= 1;

  era = floor_div (year, 400);
  yoe = year - era * 400;                                  /* 0..399 */
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day - 1; /* 0..365 */
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;             /* 0..146096 */

  return era * DAYS_PER_ERA + doe - EPOCH_SHIFT;
}

void
annals_civil_from_days (gint64  days,
                        gint64 *year,
                        int    *month,
                        int    *day)
{
  gint64 z;
  gint64 era;
  gint64 doe;
  gint64 yoe;
  gint64 doy;
  gint64 mp;
  gint64 y;
  int m;

  z = days + EPOCH_SHIFT;
  era = floor_div (z, DAYS_PER_ERA);
  doe = z - era * DAYS_PER_ERA;                                          /* 0..146096 */
  yoe = (doe - doe / 1460 + doe / 36524 - doe / (DAYS_PER_ERA - 1)) / 365; /* 0..399 */
  y = yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                         /* 0..365 */
  mp = (5 * doy + 2) / 153;                                              /* 0..11 */
  m = (int) (mp < 10 ? mp + 3 : mp - 9);

  if (year != NULL)
    *year = y + (m <= 2 ? 1 : 0);
  if (month != NULL)
    *month = m;
  if (day != NULL)
    *day = (int) (doy - (153 * mp + 2) / 5 + 1);
}

AnnalsTime
annals_time_from_civil (const AnnalsCivil *civil)
{
  g_return_val_if_fail (civil != NULL, 0);

  return annals_days_from_civil (civil->year, civil->month, civil->day) * ANNALS_SECONDS_PER_DAY
         + (gint64) civil->hour * 3600 + (gint64) civil->minute * 60 + civil->second;
}

void
annals_time_to_civil (AnnalsTime   time,
                      AnnalsCivil *civil)
{
  gint64 days;
  gint64 secs;

  g_return_if_fail (civil != NULL);

  /* The remainder directly, not time - days * 86400: at G_MININT64 the product
   * of the floored quotient overflows. */
  days = floor_div (time, ANNALS_SECONDS_PER_DAY);
  secs = time % ANNALS_SECONDS_PER_DAY;
  if (secs < 0)
    secs += ANNALS_SECONDS_PER_DAY;

  annals_civil_from_days (days, &civil->year, &civil->month, &civil->day);
  civil->hour = (int) (secs / 3600);
  civil->minute = (int) (secs / 60 % 60);
  civil->second = (int) (secs % 60);
}

/* The first second of year @year, UTC. */
static AnnalsTime
year_start (gint64 year)
{
  return annals_days_from_civil (year, 1, 1) * ANNALS_SECONDS_PER_DAY;
}

/* Parsing */

static char *
quote_text (const char *text)
{
  g_autofree char *valid = NULL;
  gsize len = strlen (text);
  const char *end;

  /* Messages are UTF-8 and end up in a GError, so make the quote valid and
   * short, cutting on a character boundary. */
  valid = g_utf8_make_valid (text, len);
  if (strlen (valid) <= MAX_QUOTED_BYTES)
    return g_steal_pointer (&valid);

  end = g_utf8_find_prev_char (valid, valid + MAX_QUOTED_BYTES);
  if (end == NULL)
    end = valid;

  return g_strdup_printf ("%.*s…", (int) (end - valid), valid);
}

static gboolean
fail (GError         **error,
      AnnalsDateError  code,
      const char      *text,
      const char      *format,
      ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (GError         **error,
      AnnalsDateError  code,
      const char      *text,
      const char      *format,
      ...)
{
  g_autofree char *quoted = quote_text (text);
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: the first %s is the text from the file, the second why it is
   * not a date, e.g. "month 13 does not exist". */
  g_set_error (error, ANNALS_DATE_ERROR, code, _("\"%s\" is not a date: %s"), quoted, reason);

  return FALSE;
}

/* Reads exactly @n ASCII digits; with @alone, they must not be followed by
 * another digit. */
static gboolean
read_digits_full (const char **p,
                  const char  *end,
                  int          n,
                  gboolean     alone,
                  int         *value)
{
  const char *s = *p;
  int v = 0;

  if (end - s < n)
    return FALSE;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      v = v * 10 + (s[i] - '0');
    }

  /* A longer run of digits ("2026-123") is not a two-digit field. */
  if (alone && s + n < end && g_ascii_isdigit (s[n]))
    return FALSE;

  *p = s + n;
  *value = v;

  return TRUE;
}

static gboolean
read_digits (const char **p,
             const char  *end,
             int          n,
             int         *value)
{
  return read_digits_full (p, end, n, TRUE, value);
}

static gboolean
fail_trailing (GError    **error,
               const char *text,
               const char *p,
               const char *end,
               const char *after)
{
  g_autofree char *rest = g_strndup (p, end - p);
  g_autofree char *quoted = quote_text (rest);

  /* A space instead of the T is the one slip worth a hint. */
  if (*p == ' ' && p + 1 < end && g_ascii_isdigit (p[1]))
    return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                 _("a time is joined to the date with a T, as in 2026-02-19T07:05"));

  /* Translators: the second %s is the part of a date it comes after, such as
   * "the year" or "the time". */
  return fail (error, ANNALS_DATE_ERROR_INVALID, text,
               _("unexpected \"%s\" after %s"), quoted, after);
}

/* The UTC offset of @zone at a local time. Within 1..9999 GDateTime applies the
 * zone's rules (daylight saving included); beyond, the zone's standard offset of
 * the nearest edge is used, as the format promises. */
static gint32
zone_offset_at (GTimeZone *zone,
                gint64     year,
                int        month,
                int        day,
                int        hour,
                int        minute,
                int        second)
{
  AnnalsTime reference;
  int interval;

  if (year >= GDATETIME_MIN_YEAR && year <= GDATETIME_MAX_YEAR)
    {
      g_autoptr(GDateTime) dt = g_date_time_new (zone, (int) year, month, day,
                                                 hour, minute, (double) second);

      if (dt != NULL)
        return (gint32) (g_date_time_get_utc_offset (dt) / G_USEC_PER_SEC);
    }

  reference = year_start (year < GDATETIME_MIN_YEAR ? GDATETIME_MIN_YEAR : GDATETIME_MAX_YEAR);
  interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, reference);

  /* In the southern hemisphere January is summer: look half a year later. */
  if (interval >= 0 && g_time_zone_is_dst (zone, interval))
    interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL,
                                          reference + 182 * ANNALS_SECONDS_PER_DAY);

  return interval >= 0 ? g_time_zone_get_offset (zone, interval) : 0;
}

gboolean
annals_date_parse (const char  *text,
                   GTimeZone   *zone,
                   AnnalsDate  *date,
                   GError     **error)
{
  const char *p;
  const char *end;
  gboolean negative = FALSE;
  gboolean too_long = FALSE;
  gint64 year = 0;
  int n_digits = 0;
  int month = 1;
  int day = 1;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int offset = 0;
  gboolean has_offset = FALSE;
  AnnalsPrecision precision;
  AnnalsTime local;
  AnnalsTime time;
  gint32 utc_offset = 0;

  g_return_val_if_fail (date != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (date, 0, sizeof *date);

  if (text == NULL)
    text = "";

  /* Surrounding white space is layout of the file, not part of the date. */
  p = text;
  end = text + strlen (text);
  while (p < end && g_ascii_isspace (*p))
    p++;
  while (end > p && g_ascii_isspace (end[-1]))
    end--;

  if (p == end)
    return fail (error, ANNALS_DATE_ERROR_INVALID, text, _("the text is empty"));

  if (*p == '-' || *p == '+')
    {
      negative = (*p == '-');
      p++;
    }

  for (; p < end && g_ascii_isdigit (*p); p++, n_digits++)
    {
      if (year > ANNALS_YEAR_MAX)
        too_long = TRUE;
      else
        year = year * 10 + (*p - '0');
    }

  if (n_digits == 0)
    return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                 _("a date starts with a year, such as 2018 or -0199"));

  if (n_digits < 4)
    return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                 _("years are written with at least four digits, such as %s%04d"),
                 negative ? "-" : "", (int) year);

  if (too_long || year > ANNALS_YEAR_MAX)
    return fail (error, ANNALS_DATE_ERROR_RANGE, text,
                 _("the year is beyond ±1000000000"));

  if (negative)
    year = -year;

  precision = ANNALS_PRECISION_YEAR;

  if (p < end)
    {
      if (*p != '-')
        return fail_trailing (error, text, p, end, _("the year"));
      p++;

      if (!read_digits (&p, end, 2, &month))
        return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                     _("the month must have two digits, as in 2026-09"));
      if (month < 1 || month > 12)
        return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                     _("month %d does not exist"), month);

      precision = ANNALS_PRECISION_MONTH;
    }

  if (p < end)
    {
      int n_days;

      if (*p != '-')
        return fail_trailing (error, text, p, end, _("the month"));
      p++;

      if (!read_digits (&p, end, 2, &day))
        return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                     _("the day must have two digits, as in 1999-06-12"));

      n_days = annals_days_in_month (year, month);
      if (day < 1 || day > 31)
        return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                     _("day %d does not exist"), day);
      if (day > n_days)
        {
          if (month == 2 && day == 29)
            {
              char year_text[32];

              g_snprintf (year_text, sizeof year_text, "%" G_GINT64_FORMAT, year);
              return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                           _("%s is not a leap year, so February has no day 29"), year_text);
            }
          return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                       _("day %d of %s does not exist"), day, _(month_names[month - 1]));
        }

      precision = ANNALS_PRECISION_DAY;
    }

  if (p < end)
    {
      if (*p != 'T')
        return fail_trailing (error, text, p, end, _("the date"));
      p++;

      if (!read_digits (&p, end, 2, &hour) || p >= end || *p != ':')
        return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                     _("a time is written hh:mm or hh:mm:ss, as in 2026-02-19T07:05"));
      p++;
      if (!read_digits (&p, end, 2, &minute))
        return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                     _("a time is written hh:mm or hh:mm:ss, as in 2026-02-19T07:05"));

      if (hour > 23)
        return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                     _("hour %d does not exist (hours run from 00 to 23)"), hour);
      if (minute > 59)
        return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                     _("minute %d does not exist"), minute);

      precision = ANNALS_PRECISION_MINUTE;

      if (p < end && *p == ':')
        {
          p++;
          if (!read_digits (&p, end, 2, &second))
            return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                         _("the seconds must have two digits, as in 12:30:00"));
          if (second > 59)
            return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                         _("second %d does not exist"), second);

          precision = ANNALS_PRECISION_SECOND;

          if (p < end && (*p == '.' || *p == ','))
            return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                         _("fractions of a second are not supported"));
        }

      if (p < end && *p == 'Z')
        {
          p++;
          has_offset = TRUE;
        }
      else if (p < end && (*p == '+' || *p == '-'))
        {
          int sign = (*p == '-') ? -1 : 1;
          int off_hours;
          int off_minutes;

          p++;
          if (!read_digits_full (&p, end, 2, FALSE, &off_hours))
            return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                         _("a UTC offset is written ±hh:mm, as in -06:00"));
          if (p < end && *p == ':')
            p++;
          if (!read_digits (&p, end, 2, &off_minutes))
            return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                         _("a UTC offset is written ±hh:mm, as in -06:00"));
          if (off_hours > 23 || off_minutes > 59)
            return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                         _("the UTC offset %c%02d:%02d does not exist"),
                         sign < 0 ? '-' : '+', off_hours, off_minutes);

          offset = sign * (off_hours * 3600 + off_minutes * 60);
          has_offset = TRUE;
        }

      if (p < end)
        return fail_trailing (error, text, p, end, _("the time"));
    }

  local = annals_days_from_civil (year, month, day) * ANNALS_SECONDS_PER_DAY
          + hour * 3600 + minute * 60 + second;

  if (precision < ANNALS_PRECISION_MINUTE)
    time = local;
  else if (has_offset)
    {
      utc_offset = offset;
      time = local - offset;
    }
  else if (zone != NULL)
    {
      utc_offset = zone_offset_at (zone, year, month, day, hour, minute, second);
      time = local - utc_offset;
    }
  else
    time = local;

  /* An offset can push a time at the edge of the range into the next year;
   * keep every date printable and parseable again. */
  if (time < year_start (ANNALS_YEAR_MIN) || time >= year_start (ANNALS_YEAR_MAX + 1))
    return fail (error, ANNALS_DATE_ERROR_RANGE, text,
                 _("the year is beyond ±1000000000"));

  date->time = time;
  date->utc_offset = utc_offset;
  date->precision = precision;
  date->flags = has_offset ? ANNALS_DATE_HAS_OFFSET : 0;

  return TRUE;
}

/* Printing */

const char *
annals_date_format (const AnnalsDate *date,
                    char             *buf,
                    gsize             size)
{
  AnnalsCivil c;
  char year[32];

  g_return_val_if_fail (buf != NULL, NULL);
  g_return_val_if_fail (size > 0, buf);

  buf[0] = '\0';

  if (date == NULL || date->precision == ANNALS_PRECISION_NONE)
    return buf;

  /* Dates without a time sit at UTC midnight and times print in UTC, so the
   * UTC civil date is the written one in every case. */
  annals_time_to_civil (date->time, &c);

  if (c.year < 0)
    g_snprintf (year, sizeof year, "-%04" G_GUINT64_FORMAT, (guint64) 0 - (guint64) c.year);
  else
    g_snprintf (year, sizeof year, "%04" G_GINT64_FORMAT, c.year);

  switch ((AnnalsPrecision) date->precision)
    {
    case ANNALS_PRECISION_YEAR:
      g_snprintf (buf, size, "%s", year);
      break;

    case ANNALS_PRECISION_MONTH:
      g_snprintf (buf, size, "%s-%02d", year, c.month);
      break;

    case ANNALS_PRECISION_DAY:
      g_snprintf (buf, size, "%s-%02d-%02d", year, c.month, c.day);
      break;

    case ANNALS_PRECISION_MINUTE:
      g_snprintf (buf, size, "%s-%02d-%02dT%02d:%02dZ",
                  year, c.month, c.day, c.hour, c.minute);
      break;

    case ANNALS_PRECISION_SECOND:
      g_snprintf (buf, size, "%s-%02d-%02dT%02d:%02d:%02dZ",
                  year, c.month, c.day, c.hour, c.minute, c.second);
      break;

    case ANNALS_PRECISION_NONE:
    default:
      break;
    }

  return buf;
}

char *
annals_date_to_string (const AnnalsDate *date)
{
  char buf[64];

  return g_strdup (annals_date_format (date, buf, sizeof buf));
}

AnnalsTime
annals_date_end_time (const AnnalsDate *date)
{
  AnnalsCivil c;

  g_return_val_if_fail (date != NULL, 0);

  if (date->time > SAFE_TIME_LIMIT || date->time < -SAFE_TIME_LIMIT)
    return date->time;

  switch ((AnnalsPrecision) date->precision)
    {
    case ANNALS_PRECISION_YEAR:
      annals_time_to_civil (date->time, &c);
      return year_start (c.year + 1);

    case ANNALS_PRECISION_MONTH:
      annals_time_to_civil (date->time, &c);
      /* Month 13 rolls over to January of the next year. */
      return annals_days_from_civil (c.year, c.month + 1, 1) * ANNALS_SECONDS_PER_DAY;

    case ANNALS_PRECISION_DAY:
      return date->time + ANNALS_SECONDS_PER_DAY;

    case ANNALS_PRECISION_MINUTE:
      return date->time + 60;

    case ANNALS_PRECISION_SECOND:
      return date->time + 1;

    case ANNALS_PRECISION_NONE:
    default:
      return date->time;
    }
}

gboolean
annals_date_is_set (const AnnalsDate *date)
{
  return date != NULL && date->precision != ANNALS_PRECISION_NONE;
}

int
annals_date_compare (const AnnalsDate *a,
                     const AnnalsDate *b)
{
  g_return_val_if_fail (a != NULL, 0);
  g_return_val_if_fail (b != NULL, 0);

  if (a->time != b->time)
    return a->time < b->time ? -1 : 1;

  /* At the same instant the coarser period comes first: 2018 before 2018-01. */
  if (a->precision != b->precision)
    return a->precision < b->precision ? -1 : 1;

  return 0;
}

/* Time zones */

/* "+02:00", "-0600", "+02": an offset in seconds east of UTC. */
static gboolean
parse_offset (const char *text,
              gint32     *seconds)
{
  const char *p = text;
  const char *end = text + strlen (text);
  int sign;
  int hours;
  int minutes = 0;

  if (*p != '+' && *p != '-')
    return FALSE;
  sign = (*p == '-') ? -1 : 1;
  p++;

  if (!read_digits_full (&p, end, 2, FALSE, &hours))
    return FALSE;
  if (p < end)
    {
      if (*p == ':')
        p++;
      if (!read_digits (&p, end, 2, &minutes))
        return FALSE;
    }

  if (p != end || hours > 23 || minutes > 59)
    return FALSE;

  *seconds = sign * (hours * 3600 + minutes * 60);

  return TRUE;
}

GTimeZone *
annals_tz_parse (const char  *text,
                 GError     **error)
{
  g_autofree char *stripped = NULL;
  g_autofree char *quoted = NULL;
  GTimeZone *zone;
  gint32 seconds;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (g_ascii_strcasecmp (stripped, "UTC") == 0 ||
      g_ascii_strcasecmp (stripped, "Z") == 0 ||
      g_ascii_strcasecmp (stripped, "GMT") == 0)
    return g_time_zone_new_utc ();

  if (parse_offset (stripped, &seconds))
    return g_time_zone_new_offset (seconds);

  quoted = quote_text (stripped);

  if (stripped[0] == '+' || stripped[0] == '-')
    {
      g_set_error (error, ANNALS_DATE_ERROR, ANNALS_DATE_ERROR_INVALID,
                   _("\"%s\" is not a time zone: an offset is written ±hh:mm, such as +02:00"),
                   quoted);
      return NULL;
    }

  /* g_time_zone_new_identifier() also reads the TZ variable for an empty
   * string, which would make the dataset depend on the machine. */
  if (stripped[0] != '\0')
    {
      zone = g_time_zone_new_identifier (stripped);
      if (zone != NULL)
        return zone;
    }

  g_set_error (error, ANNALS_DATE_ERROR, ANNALS_DATE_ERROR_INVALID,
               _("\"%s\" is not a known time zone: use \"UTC\", an offset such as \"+02:00\", "
                 "or a name from the time zone database such as \"Europe/Brussels\""),
               quoted);

  return NULL;
}
