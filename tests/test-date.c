/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals-test"

#include "config.h"

#include <string.h>

#include "annals-date.h"

static AnnalsDate
parse_ok (const char *text,
          GTimeZone  *zone)
{
  g_autoptr(GError) error = NULL;
  AnnalsDate date;
  gboolean ok;

  ok = annals_date_parse (text, zone, &date, &error);
  if (!ok)
    g_error ("Could not parse \"%s\": %s", text, error->message);
  g_assert_no_error (error);

  return date;
}

static AnnalsTime
utc (int year,
     int month,
     int day,
     int hour,
     int minute,
     int second)
{
  /* GDateTime as an independent oracle within its range. */
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, second);

  g_assert_nonnull (dt);

  return g_date_time_to_unix (dt);
}

static GTimeZone *
zone_or_skip (const char *identifier)
{
  GTimeZone *zone = g_time_zone_new_identifier (identifier);

  if (zone == NULL)
    g_test_skip_printf ("time zone %s is not installed", identifier);

  return zone;
}

static void
test_parse_year (void)
{
  AnnalsDate date;

  date = parse_ok ("2018", NULL);
  g_assert_cmpint (date.precision, ==, ANNALS_PRECISION_YEAR);
  g_assert_cmpint (date.time, ==, utc (2018, 1, 1, 0, 0, 0));
  g_assert_cmpint (date.utc_offset, ==, 0);
  g_assert_cmpint (date.flags, ==, 0);

  date = parse_ok ("+2018", NULL);
  g_assert_cmpint (date.time, ==, utc (2018, 1, 1, 0, 0, 0));

  /* White space around the date is layout, not content. */
  date = parse_ok ("  2018\n", NULL);
  g_assert_cmpint (date.precision, ==, ANNALS_PRECISION_YEAR);
  g_assert_cmpint (date.time, ==, utc (2018, 1, 1, 0, 0, 0));

  date = parse_ok ("1970", NULL);
  g_assert_cmpint (date.time, ==, 0);

  date = parse_ok ("0001", NULL);
  g_assert_cmpint (date.time, ==, utc (1, 1, 1, 0, 0, 0));

  date = parse_ok ("9999", NULL);
  g_assert_cmpint (date.time, ==, utc (9999, 1, 1, 0, 0, 0));

  /* A zone does not move calendar dates: they sit at UTC midnight. */
  {
    g_autoptr(GTimeZone) zone = g_time_zone_new_offset (5 * 3600);

    date = parse_ok ("2018", zone);
    g_assert_cmpint (date.time, ==, utc (2018, 1, 1, 0, 0, 0));
    g_assert_cmpint (date.utc_offset, ==, 0);
  }
}

static void
test_parse_month_day (void)
{
  AnnalsDate date;

  date = parse_ok ("2026-09", NULL);
  g_assert_cmpint (date.precision, ==, ANNALS_PRECISION_MONTH);
  g_assert_cmpint (date.time, ==, utc (2026, 9, 1, 0, 0, 0));

  date = parse_ok ("1999-06-12", NULL);
  g_assert_cmpint (date.precision, ==, ANNALS_PRECISION_DAY);
  g_assert_cmpint (date.time, ==, utc (1999, 6, 12, 0, 0, 0));

  date = parse_ok ("2024-02-29", NULL);
  g_assert_cmpint (date.time, ==, utc (2024, 2, 29, 0, 0, 0));

  date = parse_ok ("1969-12-31", NULL);
  g_assert_cmpint (date.time, ==, -ANNALS_SECONDS_PER_DAY);
}

static void
test_parse_time (void)
{
  AnnalsDate date;

  date = parse_ok ("2026-02-19T07:05", NULL);
  g_assert_cmpint (date.precision, ==, ANNALS_PRECISION_MINUTE);
  g_assert_cmpint (date.time, ==, utc (2026, 2, 19, 7, 5, 0));
  g_assert_cmpint (date.utc_offset, ==, 0);
  g_assert_false (date.flags & ANNALS_DATE_HAS_OFFSET);

  date = parse_ok ("2026-02-19T07:05Z", NULL);
  g_assert_cmpint (date.time, ==, utc (2026, 2, 19, 7, 5, 0));
  g_assert_true (date.flags & ANNALS_DATE_HAS_OFFSET);

  date = parse_ok ("1963-11-22T12:30:00-06:00", NULL);
  g_assert_cmpint (date.precision, ==, ANNALS_PRECISION_SECOND);
  g_assert_cmpint (date.time, ==, utc (1963, 11, 22, 18, 30, 0));
  g_assert_cmpint (date.utc_offset, ==, -6 * 3600);
  g_assert_true (date.flags & ANNALS_DATE_HAS_OFFSET);

  date = parse_ok ("1963-11-22T12:30:00-0600", NULL);
  g_assert_cmpint (date.time, ==, utc (1963, 11, 22, 18, 30, 0));

  date = parse_ok ("2026-02-19T00:30+05:30", NULL);
  g_assert_cmpint (date.precision, ==, ANNALS_PRECISION_MINUTE);
  g_assert_cmpint (date.time, ==, utc (2026, 2, 18, 19, 0, 0));
  g_assert_cmpint (date.utc_offset, ==, 5 * 3600 + 1800);

  date = parse_ok ("2026-02-19T23:59:59", NULL);
  g_assert_cmpint (date.time, ==, utc (2026, 2, 19, 23, 59, 59));
}

static void
test_parse_bce (void)
{
  AnnalsDate date;
  AnnalsCivil civil;

  /* 200 BC is astronomical year -199. */
  date = parse_ok ("-0199", NULL);
  g_assert_cmpint (date.precision, ==, ANNALS_PRECISION_YEAR);
  annals_time_to_civil (date.time, &civil);
  g_assert_cmpint (civil.year, ==, -199);
  g_assert_cmpint (civil.month, ==, 1);
  g_assert_cmpint (civil.day, ==, 1);
  g_assert_cmpint (civil.hour, ==, 0);

  /* Year 0 (1 BC) is a leap year, so it is 366 days before year 1. */
  date = parse_ok ("0000", NULL);
  g_assert_cmpint (utc (1, 1, 1, 0, 0, 0) - date.time, ==, 366 * ANNALS_SECONDS_PER_DAY);

  date = parse_ok ("-0001-12-31", NULL);
  g_assert_cmpint (parse_ok ("0000", NULL).time - date.time, ==, ANNALS_SECONDS_PER_DAY);

  date = parse_ok ("-0044-03-15", NULL);
  annals_time_to_civil (date.time, &civil);
  g_assert_cmpint (civil.year, ==, -44);
  g_assert_cmpint (civil.month, ==, 3);
  g_assert_cmpint (civil.day, ==, 15);

  date = parse_ok ("-0004-02-29", NULL);
  annals_time_to_civil (date.time, &civil);
  g_assert_cmpint (civil.year, ==, -4);
  g_assert_cmpint (civil.month, ==, 2);
  g_assert_cmpint (civil.day, ==, 29);

  date = parse_ok ("-0001-06-01T12:00:30Z", NULL);
  annals_time_to_civil (date.time, &civil);
  g_assert_cmpint (civil.year, ==, -1);
  g_assert_cmpint (civil.hour, ==, 12);
  g_assert_cmpint (civil.second, ==, 30);
}

static void
test_parse_deep_time (void)
{
  AnnalsDate date;
  AnnalsCivil civil;

  date = parse_ok ("-250000000", NULL);
  g_assert_cmpint (date.precision, ==, ANNALS_PRECISION_YEAR);
  annals_time_to_civil (date.time, &civil);
  g_assert_cmpint (civil.year, ==, -250000000);
  g_assert_cmpint (civil.month, ==, 1);
  g_assert_cmpint (civil.day, ==, 1);

  /* The mean Gregorian year is 365.2425 days, exact over 400-year cycles. */
  g_assert_cmpint (parse_ok ("2000", NULL).time - date.time, ==,
                   (gint64) 250002000 / 400 * 146097 * ANNALS_SECONDS_PER_DAY);

  date = parse_ok ("-1000000000", NULL);
  annals_time_to_civil (date.time, &civil);
  g_assert_cmpint (civil.year, ==, ANNALS_YEAR_MIN);

  date = parse_ok ("1000000000-12-31T23:59:59Z", NULL);
  annals_time_to_civil (date.time, &civil);
  g_assert_cmpint (civil.year, ==, ANNALS_YEAR_MAX);
  g_assert_cmpint (civil.month, ==, 12);
  g_assert_cmpint (civil.second, ==, 59);

  date = parse_ok ("+12345-06-07", NULL);
  annals_time_to_civil (date.time, &civil);
  g_assert_cmpint (civil.year, ==, 12345);
  g_assert_cmpint (civil.month, ==, 6);
  g_assert_cmpint (civil.day, ==, 7);

  /* Leading zeros beyond four digits are accepted and mean nothing. */
  date = parse_ok ("000002018", NULL);
  g_assert_cmpint (date.time, ==, utc (2018, 1, 1, 0, 0, 0));
}

static void
test_parse_timezone (void)
{
  g_autoptr(GTimeZone) brussels = zone_or_skip ("Europe/Brussels");
  g_autoptr(GTimeZone) sydney = NULL;
  g_autoptr(GTimeZone) fixed = g_time_zone_new_offset (-6 * 3600);
  AnnalsDate date;

  date = parse_ok ("1963-11-22T12:30", fixed);
  g_assert_cmpint (date.time, ==, utc (1963, 11, 22, 18, 30, 0));
  g_assert_cmpint (date.utc_offset, ==, -6 * 3600);
  g_assert_false (date.flags & ANNALS_DATE_HAS_OFFSET);

  if (brussels == NULL)
    return;

  /* Daylight-saving rules apply within 1..9999. */
  date = parse_ok ("2026-07-01T12:00", brussels);
  g_assert_cmpint (date.time, ==, utc (2026, 7, 1, 10, 0, 0));
  g_assert_cmpint (date.utc_offset, ==, 7200);

  date = parse_ok ("2026-01-15T12:00:00", brussels);
  g_assert_cmpint (date.time, ==, utc (2026, 1, 15, 11, 0, 0));
  g_assert_cmpint (date.utc_offset, ==, 3600);

  /* An explicit offset wins over the dataset zone. */
  date = parse_ok ("2026-07-01T12:00Z", brussels);
  g_assert_cmpint (date.time, ==, utc (2026, 7, 1, 12, 0, 0));
  g_assert_cmpint (date.utc_offset, ==, 0);
  g_assert_true (date.flags & ANNALS_DATE_HAS_OFFSET);

  /* Beyond 9999 the standard offset is used, never daylight saving. */
  date = parse_ok ("12000-07-01T12:00", brussels);
  g_assert_cmpint (date.utc_offset, ==, 3600);
  g_assert_cmpint (date.time, ==, parse_ok ("12000-07-01T11:00Z", NULL).time);

  sydney = zone_or_skip ("Australia/Sydney");
  if (sydney == NULL)
    return;

  date = parse_ok ("2026-01-15T12:00", sydney);
  g_assert_cmpint (date.utc_offset, ==, 11 * 3600);
  date = parse_ok ("12000-01-15T12:00", sydney);
  g_assert_cmpint (date.utc_offset, ==, 10 * 3600);

  /* Before year 1 there is some fixed offset, and no failure. */
  date = parse_ok ("-0500-03-01T12:00", brussels);
  g_assert_cmpint (ABS (date.utc_offset), <, 24 * 3600);
}

typedef struct
{
  const char *text;
  const char *reason;                  /* a part of the message */
  int         code;
} BadDate;

static const BadDate bad_dates[] = {
  { "", "empty", ANNALS_DATE_ERROR_INVALID },
  { "   ", "empty", ANNALS_DATE_ERROR_INVALID },
  { "2026-13-45", "month 13 does not exist", ANNALS_DATE_ERROR_INVALID },
  { "2026-00", "month 0 does not exist", ANNALS_DATE_ERROR_INVALID },
  { "2026-01-00", "day 0 does not exist", ANNALS_DATE_ERROR_INVALID },
  { "2026-01-32", "day 32 does not exist", ANNALS_DATE_ERROR_INVALID },
  { "2025-02-30", "day 30 of February does not exist", ANNALS_DATE_ERROR_INVALID },
  { "2026-04-31", "day 31 of April does not exist", ANNALS_DATE_ERROR_INVALID },
  { "2025-02-29", "2025 is not a leap year", ANNALS_DATE_ERROR_INVALID },
  { "1900-02-29", "1900 is not a leap year", ANNALS_DATE_ERROR_INVALID },
  { "-0001-02-29", "-1 is not a leap year", ANNALS_DATE_ERROR_INVALID },
  { "2026-02-19T25:00", "hour 25 does not exist", ANNALS_DATE_ERROR_INVALID },
  { "2026-02-19T24:00", "hour 24 does not exist", ANNALS_DATE_ERROR_INVALID },
  { "2026-02-19T07:60", "minute 60 does not exist", ANNALS_DATE_ERROR_INVALID },
  { "2026-02-19T07:05:60", "second 60 does not exist", ANNALS_DATE_ERROR_INVALID },
  { "2026-02-19T07:05:00.5", "fractions of a second", ANNALS_DATE_ERROR_INVALID },
  { "2026-02-19T07:05+25:00", "offset +25:00 does not exist", ANNALS_DATE_ERROR_INVALID },
  { "2026-02-19T07:05+1", "UTC offset is written", ANNALS_DATE_ERROR_INVALID },
  { "2026-02-19T07", "hh:mm", ANNALS_DATE_ERROR_INVALID },
  { "2026-02-19T0705", "hh:mm", ANNALS_DATE_ERROR_INVALID },
  { "2026-02-19T", "hh:mm", ANNALS_DATE_ERROR_INVALID },
  { "2026-02-19 07:05", "joined to the date with a T", ANNALS_DATE_ERROR_INVALID },
  { "2026-02-19t07:05", "unexpected \"t07:05\" after the date", ANNALS_DATE_ERROR_INVALID },
  { "1000000001", "beyond ±1000000000", ANNALS_DATE_ERROR_RANGE },
  { "-1000000001", "beyond ±1000000000", ANNALS_DATE_ERROR_RANGE },
  { "99999999999999999999999999", "beyond ±1000000000", ANNALS_DATE_ERROR_RANGE },
  { "1000000000-12-31T23:59-01:00", "beyond ±1000000000", ANNALS_DATE_ERROR_RANGE },
  { "2018x", "unexpected \"x\" after the year", ANNALS_DATE_ERROR_INVALID },
  { "2018Z", "unexpected \"Z\" after the year", ANNALS_DATE_ERROR_INVALID },
  { "2018-09-12T07:05Zulu", "unexpected \"ulu\" after the time", ANNALS_DATE_ERROR_INVALID },
  { "2018-09-12/2019", "unexpected \"/2019\" after the date", ANNALS_DATE_ERROR_INVALID },
  { "2018-09x", "unexpected \"x\" after the month", ANNALS_DATE_ERROR_INVALID },
  { "18", "at least four digits, such as 0018", ANNALS_DATE_ERROR_INVALID },
  { "-44", "at least four digits, such as -0044", ANNALS_DATE_ERROR_INVALID },
  { "2018-9", "month must have two digits", ANNALS_DATE_ERROR_INVALID },
  { "2018-", "month must have two digits", ANNALS_DATE_ERROR_INVALID },
  { "2018-123", "month must have two digits", ANNALS_DATE_ERROR_INVALID },
  { "2018-09-1", "day must have two digits", ANNALS_DATE_ERROR_INVALID },
  { "abc", "starts with a year", ANNALS_DATE_ERROR_INVALID },
  { "-", "starts with a year", ANNALS_DATE_ERROR_INVALID },
  { "+-2018", "starts with a year", ANNALS_DATE_ERROR_INVALID },
  { "Nov 22 1963", "starts with a year", ANNALS_DATE_ERROR_INVALID },
  { "２０１８", "starts with a year", ANNALS_DATE_ERROR_INVALID },
};

static void
test_parse_invalid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_dates); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *quoted = g_strdup_printf ("\"%s\" is not a date", bad_dates[i].text);
      AnnalsDate date = { 1, 1, 1, 1 };

      g_test_message ("%s", bad_dates[i].text);
      g_assert_false (annals_date_parse (bad_dates[i].text, NULL, &date, &error));
      g_assert_error (error, ANNALS_DATE_ERROR, bad_dates[i].code);
      g_assert_nonnull (strstr (error->message, quoted));
      g_assert_nonnull (strstr (error->message, bad_dates[i].reason));
      /* The output is cleared, so a failed parse never leaves a stale date. */
      g_assert_cmpint (date.precision, ==, ANNALS_PRECISION_NONE);
      g_assert_cmpint (date.time, ==, 0);
    }
}

static void
test_parse_invalid_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_text = NULL;
  AnnalsDate date;

  /* The message stays valid UTF-8 whatever the input. */
  g_assert_false (annals_date_parse ("20\xff\xfe", NULL, &date, &error));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_clear_error (&error);

  /* A runaway value is quoted shortened. */
  long_text = g_strnfill (10000, '7');
  long_text[4] = '-';
  g_assert_false (annals_date_parse (long_text, NULL, &date, &error));
  g_assert_cmpuint (strlen (error->message), <, 200);
  g_assert_nonnull (strstr (error->message, "…"));
  g_clear_error (&error);

  g_assert_false (annals_date_parse (NULL, NULL, &date, &error));
  g_assert_error (error, ANNALS_DATE_ERROR, ANNALS_DATE_ERROR_INVALID);
  g_clear_error (&error);

  /* No error location: still refused, no crash. */
  g_assert_false (annals_date_parse ("2026-13", NULL, &date, NULL));
}

static void
test_leap_years (void)
{
  static const struct { gint64 year; gboolean leap; } years[] = {
    { 2000, TRUE }, { 1900, FALSE }, { 2024, TRUE }, { 2023, FALSE }, { 2100, FALSE },
    { 2400, TRUE }, { 0, TRUE }, { -1, FALSE }, { -4, TRUE }, { -100, FALSE },
    { -400, TRUE }, { -401, FALSE }, { 1000000000, TRUE }, { -1000000000, TRUE },
    { 999999999, FALSE }, { -999999996, TRUE }, { -999999900, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (years); i++)
    {
      gint64 y = years[i].year;
      gint64 length = annals_days_from_civil (y + 1, 1, 1) - annals_days_from_civil (y, 1, 1);

      g_test_message ("year %" G_GINT64_FORMAT, y);
      g_assert_cmpint (annals_is_leap_year (y), ==, years[i].leap);
      g_assert_cmpint (annals_days_in_month (y, 2), ==, years[i].leap ? 29 : 28);
      g_assert_cmpint (length, ==, years[i].leap ? 366 : 365);
    }

  g_assert_cmpint (annals_days_in_month (2026, 1), ==, 31);
  g_assert_cmpint (annals_days_in_month (2026, 4), ==, 30);
  g_assert_cmpint (annals_days_in_month (2026, 12), ==, 31);

  /* Agrees with GLib over the range GLib knows. */
  for (gint64 y = 1; y <= 9999; y++)
    g_assert_cmpint (annals_is_leap_year (y), ==, g_date_is_leap_year ((GDateYear) y));
}

static void
test_civil_round_trip (void)
{
  gint64 epoch_of_year_one = annals_days_from_civil (1, 1, 1);
  /* The first and last day of the supported years, not a span around 1970. */
  double first_day = (double) annals_days_from_civil (ANNALS_YEAR_MIN, 1, 1);
  double last_day = (double) annals_days_from_civil (ANNALS_YEAR_MAX, 12, 31);

  g_assert_cmpint (annals_days_from_civil (1970, 1, 1), ==, 0);
  g_assert_cmpint (annals_days_from_civil (2000, 3, 1), ==, 11017);

  /* Random days over the whole range, both directions. */
  for (guint i = 0; i < 200000; i++)
    {
      gint64 days = (gint64) g_test_rand_double_range (first_day, last_day);
      gint64 year;
      int month;
      int day;
      gint64 next_year;
      int next_month;
      int next_day;

      annals_civil_from_days (days, &year, &month, &day);
      g_assert_cmpint (year, >=, ANNALS_YEAR_MIN);
      g_assert_cmpint (year, <=, ANNALS_YEAR_MAX);
      g_assert_cmpint (month, >=, 1);
      g_assert_cmpint (month, <=, 12);
      g_assert_cmpint (day, >=, 1);
      g_assert_cmpint (day, <=, annals_days_in_month (year, month));
      g_assert_cmpint (annals_days_from_civil (year, month, day), ==, days);

      /* The next day is the next calendar day. */
      annals_civil_from_days (days + 1, &next_year, &next_month, &next_day);
      if (day < annals_days_in_month (year, month))
        {
          g_assert_cmpint (next_year, ==, year);
          g_assert_cmpint (next_month, ==, month);
          g_assert_cmpint (next_day, ==, day + 1);
        }
      else
        {
          g_assert_cmpint (next_day, ==, 1);
          g_assert_cmpint (next_month, ==, month == 12 ? 1 : month + 1);
          g_assert_cmpint (next_year, ==, month == 12 ? year + 1 : year);
        }
    }

  /* Random civil dates, the other way round. */
  for (guint i = 0; i < 200000; i++)
    {
      gint64 year = (gint64) g_test_rand_double_range (ANNALS_YEAR_MIN, ANNALS_YEAR_MAX);
      int month = g_test_rand_int_range (1, 13);
      int day = g_test_rand_int_range (1, annals_days_in_month (year, month) + 1);
      gint64 back_year;
      int back_month;
      int back_day;

      annals_civil_from_days (annals_days_from_civil (year, month, day),
                              &back_year, &back_month, &back_day);
      g_assert_cmpint (back_year, ==, year);
      g_assert_cmpint (back_month, ==, month);
      g_assert_cmpint (back_day, ==, day);
    }

  /* GDate as an independent oracle for years 1..9999. */
  for (guint i = 0; i < 20000; i++)
    {
      GDate gdate;
      guint32 julian = (guint32) g_test_rand_int_range (1, 3652059 + 1);
      gint64 year;
      int month;
      int day;

      g_date_clear (&gdate, 1);
      g_date_set_julian (&gdate, julian);
      annals_civil_from_days (epoch_of_year_one + julian - 1, &year, &month, &day);
      g_assert_cmpint (year, ==, g_date_get_year (&gdate));
      g_assert_cmpint (month, ==, g_date_get_month (&gdate));
      g_assert_cmpint (day, ==, g_date_get_day (&gdate));
    }

  /* Seconds: negative times floor to the previous day. */
  {
    AnnalsCivil civil;

    annals_time_to_civil (-1, &civil);
    g_assert_cmpint (civil.year, ==, 1969);
    g_assert_cmpint (civil.month, ==, 12);
    g_assert_cmpint (civil.day, ==, 31);
    g_assert_cmpint (civil.hour, ==, 23);
    g_assert_cmpint (civil.minute, ==, 59);
    g_assert_cmpint (civil.second, ==, 59);
    g_assert_cmpint (annals_time_from_civil (&civil), ==, -1);

    /* No overflow at the very ends of the time type. */
    annals_time_to_civil (G_MAXINT64, &civil);
    g_assert_cmpint (civil.year, >, ANNALS_YEAR_MAX);
    annals_time_to_civil (G_MININT64, &civil);
    g_assert_cmpint (civil.year, <, ANNALS_YEAR_MIN);
  }
}

typedef struct
{
  const char *text;
  const char *canonical;
} Canonical;

static const Canonical canonical_dates[] = {
  { "2018", "2018" },
  { "+2018", "2018" },
  { "-0199", "-0199" },
  { "0000", "0000" },
  { "-0000", "0000" },
  { "0033", "0033" },
  { "-250000000", "-250000000" },
  { "1000000000", "1000000000" },
  { "-1000000000", "-1000000000" },
  { "2026-09", "2026-09" },
  { "1999-06-12", "1999-06-12" },
  { "-0044-03-15", "-0044-03-15" },
  { "12345-01-02", "12345-01-02" },
  { "2026-02-19T07:05", "2026-02-19T07:05Z" },
  { "2026-02-19T07:05Z", "2026-02-19T07:05Z" },
  { "1963-11-22T12:30:00-06:00", "1963-11-22T18:30:00Z" },
  { "2026-01-01T00:30+01:00", "2025-12-31T23:30Z" },
  { "-0001-12-31T23:00:00-02:00", "0000-01-01T01:00:00Z" },
};

static void
test_print_canonical (void)
{
  AnnalsDate unset = { 0, };
  char buf[48];

  for (guint i = 0; i < G_N_ELEMENTS (canonical_dates); i++)
    {
      AnnalsDate date = parse_ok (canonical_dates[i].text, NULL);
      g_autofree char *text = annals_date_to_string (&date);

      g_assert_cmpstr (text, ==, canonical_dates[i].canonical);
      g_assert_cmpstr (annals_date_format (&date, buf, sizeof buf), ==,
                       canonical_dates[i].canonical);
    }

  g_assert_cmpstr (annals_date_format (&unset, buf, sizeof buf), ==, "");
  g_assert_false (annals_date_is_set (&unset));

  /* A short buffer is truncated, never overrun. */
  {
    AnnalsDate date = parse_ok ("1963-11-22T12:30:00-06:00", NULL);
    char small[8];

    memset (small, 'x', sizeof small);
    g_assert_cmpstr (annals_date_format (&date, small, 5), ==, "1963");
    g_assert_cmpint (small[5], ==, 'x');
  }
}

static void
test_round_trip (void)
{
  /* parse (print (x)) == x for every precision over the whole range. */
  for (guint i = 0; i < 50000; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *again = NULL;
      AnnalsCivil civil = { 0, };
      AnnalsDate date = { 0, };
      AnnalsDate back;

      civil.year = (gint64) g_test_rand_double_range (ANNALS_YEAR_MIN, ANNALS_YEAR_MAX);
      if (g_test_rand_bit ())
        civil.year = g_test_rand_int_range (-3000, 10000);
      date.precision = g_test_rand_int_range (ANNALS_PRECISION_YEAR, ANNALS_PRECISION_SECOND + 1);

      if (date.precision >= ANNALS_PRECISION_MONTH)
        civil.month = g_test_rand_int_range (1, 13);
      else
        civil.month = 1;
      if (date.precision >= ANNALS_PRECISION_DAY)
        civil.day = g_test_rand_int_range (1, annals_days_in_month (civil.year, civil.month) + 1);
      else
        civil.day = 1;
      if (date.precision >= ANNALS_PRECISION_MINUTE)
        {
          civil.hour = g_test_rand_int_range (0, 24);
          civil.minute = g_test_rand_int_range (0, 60);
        }
      if (date.precision >= ANNALS_PRECISION_SECOND)
        civil.second = g_test_rand_int_range (0, 60);

      date.time = annals_time_from_civil (&civil);

      text = annals_date_to_string (&date);
      g_assert_true (annals_date_parse (text, NULL, &back, &error));
      g_assert_no_error (error);
      g_assert_cmpint (back.time, ==, date.time);
      g_assert_cmpint (back.precision, ==, date.precision);
      g_assert_cmpint (annals_date_compare (&back, &date), ==, 0);

      again = annals_date_to_string (&back);
      g_assert_cmpstr (again, ==, text);
    }
}

static void
test_end_time (void)
{
  static const struct { const char *date; const char *end; } cases[] = {
    { "2018", "2019-01-01" },
    { "2026-12", "2027-01-01" },
    { "2024-02", "2024-03-01" },
    { "2023-02", "2023-03-01" },
    { "1999-12-31", "2000-01-01" },
    { "2024-02-28", "2024-02-29" },
    { "2026-02-19T07:05", "2026-02-19T07:06Z" },
    { "2026-12-31T23:59", "2027-01-01T00:00Z" },
    { "1963-11-22T12:30:59-06:00", "1963-11-22T18:31:00Z" },
    { "-0001", "0000" },
    { "-0001-12", "0000-01" },
    { "-250000000", "-249999999" },
    { "1000000000", NULL },
  };
  AnnalsDate unset = { 1234, 0, ANNALS_PRECISION_NONE, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      AnnalsDate date = parse_ok (cases[i].date, NULL);
      AnnalsCivil civil;
      AnnalsTime end = annals_date_end_time (&date);

      g_test_message ("%s", cases[i].date);

      if (cases[i].end == NULL)
        {
          /* Beyond the parseable range, but computed all the same. */
          annals_time_to_civil (end, &civil);
          g_assert_cmpint (civil.year, ==, ANNALS_YEAR_MAX + 1);
          g_assert_cmpint (civil.month, ==, 1);
          g_assert_cmpint (civil.day, ==, 1);
          continue;
        }

      g_assert_cmpint (end, ==, parse_ok (cases[i].end, NULL).time);
      g_assert_cmpint (end, >, date.time);
    }

  g_assert_cmpint (annals_date_end_time (&unset), ==, 1234);
}

static void
test_compare (void)
{
  AnnalsDate year = parse_ok ("2018", NULL);
  AnnalsDate month = parse_ok ("2018-01", NULL);
  AnnalsDate day = parse_ok ("2018-01-01", NULL);
  AnnalsDate before = parse_ok ("2017-12-31", NULL);
  AnnalsDate later = parse_ok ("2018-01-01T00:00:01Z", NULL);

  g_assert_cmpint (annals_date_compare (&year, &year), ==, 0);
  g_assert_cmpint (annals_date_compare (&year, &month), <, 0);
  g_assert_cmpint (annals_date_compare (&month, &day), <, 0);
  g_assert_cmpint (annals_date_compare (&day, &year), >, 0);
  g_assert_cmpint (annals_date_compare (&before, &year), <, 0);
  g_assert_cmpint (annals_date_compare (&later, &day), >, 0);
  g_assert_cmpint (annals_date_compare (&year, &later), <, 0);
}

static void
test_tz (void)
{
  static const struct { const char *text; gint32 offset; } fixed[] = {
    { "UTC", 0 },
    { "utc", 0 },
    { "Z", 0 },
    { " UTC ", 0 },
    { "+02:00", 7200 },
    { "-0600", -21600 },
    { "+05:30", 19800 },
    { "-03", -10800 },
  };
  static const char * const bad[] = {
    "", "Mars/Olympus_Mons", "+25:00", "+2:00", "-06:0", "Europe/Brusels", "+02:00x",
  };

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GTimeZone) zone = annals_tz_parse (fixed[i].text, &error);

      g_test_message ("%s", fixed[i].text);
      g_assert_no_error (error);
      g_assert_nonnull (zone);
      g_assert_cmpint (g_time_zone_get_offset (zone, 0), ==, fixed[i].offset);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GTimeZone) zone = annals_tz_parse (bad[i], &error);
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", bad[i]);

      g_test_message ("%s", bad[i]);
      g_assert_null (zone);
      g_assert_error (error, ANNALS_DATE_ERROR, ANNALS_DATE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, quoted));
      g_assert_nonnull (strstr (error->message, "time zone"));
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GTimeZone) zone = annals_tz_parse ("Europe/Brussels", &error);

    if (zone == NULL)
      {
        g_test_skip ("Europe/Brussels is not installed");
        return;
      }
    g_assert_no_error (error);
    g_assert_cmpstr (g_time_zone_get_identifier (zone), ==, "Europe/Brussels");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/date/parse/year", test_parse_year);
  g_test_add_func ("/date/parse/month-day", test_parse_month_day);
  g_test_add_func ("/date/parse/time", test_parse_time);
  g_test_add_func ("/date/parse/bce", test_parse_bce);
  g_test_add_func ("/date/parse/deep-time", test_parse_deep_time);
  g_test_add_func ("/date/parse/timezone", test_parse_timezone);
  g_test_add_func ("/date/parse/invalid", test_parse_invalid);
  g_test_add_func ("/date/parse/invalid-text", test_parse_invalid_text);
  g_test_add_func ("/date/leap-years", test_leap_years);
  g_test_add_func ("/date/civil/round-trip", test_civil_round_trip);
  g_test_add_func ("/date/print/canonical", test_print_canonical);
  g_test_add_func ("/date/round-trip", test_round_trip);
  g_test_add_func ("/date/end-time", test_end_time);
  g_test_add_func ("/date/compare", test_compare);
  g_test_add_func ("/date/tz", test_tz);

  return g_test_run ();
}
