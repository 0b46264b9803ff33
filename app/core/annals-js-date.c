/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-js-date.h"

#include <string.h>

#include <glib/gi18n-lib.h>

/* SIMILE Timeline reads a date in one of two ways. With date-time-format
 * "iso8601" it matches ISO 8601 (dojo's regular expressions: extended, basic,
 * ordinal and week dates, a time after T or a space, an offset). Otherwise a
 * string shorter than 8 characters is a year with an optional " BC", and
 * anything longer goes to the browser's Date.parse, which reads ISO 8601 and the
 * strings Date.prototype.toString writes ("Fri Nov 22 1963 12:30:00 GMT-0600
 * (CST)"), plus the looser forms browsers have always accepted ("November 22,
 * 1963", "22 Nov 1963", "11/22/1963", "Nov 22 1963 12:30 PM EST").
 *
 * Here the same forms are read without a browser, and more strictly where a
 * browser would guess: "Feb 30 2006" is an error rather than March 2nd, and an
 * unknown word is an error rather than ignored. Bare years work at any length
 * ("6", "1012", "-3000", "10000 BC"). */

#define MAX_QUOTED_BYTES 64

/* More digits than this cannot be a year within ±1e9 or any other field. */
#define MAX_NUMBER_DIGITS 12

typedef struct
{
  gint64          year;
  int             month;               /* 1..12 */
  int             day;                 /* 1..31 */
  int             hour;
  int             minute;
  int             second;
  AnnalsPrecision precision;
  gboolean        has_offset;
  int             offset;              /* seconds east of UTC */
} Parsed;

typedef enum
{
  ERA_NONE,
  ERA_AD,
  ERA_BC,
} Era;

static const char * const month_words[] = {
  "january", "february", "march", "april", "may", "june", "july", "august",
  "september", "october", "november", "december",
};

static const char * const weekday_words[] = {
  "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
};

/* The zone names Date.parse has always known (RFC 2822's North American ones). */
static const struct
{
  const char *name;
  int         hours;
} zone_words[] = {
  { "est", -5 }, { "edt", -4 }, { "cst", -6 }, { "cdt", -5 },
  { "mst", -7 }, { "mdt", -6 }, { "pst", -8 }, { "pdt", -7 },
};

/* Errors */

static char *
quote_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  const char *end;

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

  g_set_error (error, ANNALS_DATE_ERROR, code, _("\"%s\" is not a date: %s"), quoted, reason);

  return FALSE;
}

/* Helpers */

/* Reads a run of digits. FALSE when there is none or it is too long to be any
 * date field; *n_digits tells which. */
static gboolean
read_number (const char **p,
             const char  *end,
             gint64      *value,
             int         *n_digits)
{
  const char *s = *p;
  gint64 v = 0;
  int n = 0;

  while (s < end && g_ascii_isdigit (*s))
    {
      if (n < MAX_NUMBER_DIGITS)
        v = v * 10 + (*s - '0');
      n++;
      s++;
    }

  *p = s;
  *value = v;
  *n_digits = n;

  return n > 0 && n <= MAX_NUMBER_DIGITS;
}

/* Reads exactly @n digits not followed by another digit. */
static gboolean
read_fixed (const char **p,
            const char  *end,
            int          n,
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

  if (s + n < end && g_ascii_isdigit (s[n]))
    return FALSE;

  *p = s + n;
  *value = v;

  return TRUE;
}

static int
count_digits (const char *p,
              const char *end)
{
  int n = 0;

  while (p + n < end && g_ascii_isdigit (p[n]))
    n++;

  return n;
}

/* "AD", "A.D.", "CE", "BC", "B.C.", "BCE", "B.C.E.", any case. */
static Era
era_from_word (const char *word)
{
  if (g_str_equal (word, "ad") || g_str_equal (word, "ce"))
    return ERA_AD;
  if (g_str_equal (word, "bc") || g_str_equal (word, "bce"))
    return ERA_BC;

  return ERA_NONE;
}

/* Lower-cases [p, end) and drops the dots of abbreviations ("A.D.", "p.m."). */
static char *
normalize_word (const char *p,
                const char *end)
{
  GString *word = g_string_sized_new (end - p);

  for (; p < end; p++)
    if (*p != '.')
      g_string_append_c (word, g_ascii_tolower (*p));

  return g_string_free (word, FALSE);
}

/* A word of at least three letters that starts a name in @names ("Nov",
 * "Novem", "November"; "Sept" too). */
static int
find_name (const char         *word,
           const char * const *names,
           guint               n_names)
{
  gsize len = strlen (word);

  if (len < 3)
    return -1;

  for (guint i = 0; i < n_names; i++)
    if (len <= strlen (names[i]) && strncmp (names[i], word, len) == 0)
      return (int) i;

  return -1;
}

/* Turns what was read into an AnnalsDate, checking every field. */
static gboolean
finish (const Parsed  *parsed,
        const char    *text,
        AnnalsDate    *date,
        GError       **error)
{
  AnnalsTime local;
  AnnalsTime time;
  AnnalsTime min_time;
  AnnalsTime max_time;

  if (parsed->year < ANNALS_YEAR_MIN || parsed->year > ANNALS_YEAR_MAX)
    return fail (error, ANNALS_DATE_ERROR_RANGE, text,
                 _("the year is beyond ±%lld"), (long long) ANNALS_YEAR_MAX);

  if (parsed->month < 1 || parsed->month > 12)
    return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                 _("month %d does not exist"), parsed->month);

  if (parsed->day < 1 || parsed->day > annals_days_in_month (parsed->year, parsed->month))
    {
      if (parsed->month == 2 && parsed->day == 29)
        return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                     _("%lld is not a leap year, so February has no day 29"),
                     (long long) parsed->year);
      return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                   _("that month has no day %d"), parsed->day);
    }

  if (parsed->hour > 23)
    return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                 _("hour %d does not exist (hours run from 0 to 23)"), parsed->hour);
  if (parsed->minute > 59)
    return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                 _("minute %d does not exist"), parsed->minute);
  if (parsed->second > 59)
    return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                 _("second %d does not exist"), parsed->second);

  local = annals_days_from_civil (parsed->year, parsed->month, parsed->day)
          * ANNALS_SECONDS_PER_DAY
          + parsed->hour * 3600 + parsed->minute * 60 + parsed->second;
  time = local - parsed->offset;

  /* An offset must not push a date out of the range every other part of
   * Annals can print and read again. */
  min_time = annals_days_from_civil (ANNALS_YEAR_MIN, 1, 1) * ANNALS_SECONDS_PER_DAY;
  max_time = annals_days_from_civil (ANNALS_YEAR_MAX + 1, 1, 1) * ANNALS_SECONDS_PER_DAY;
  if (time < min_time || time >= max_time)
    return fail (error, ANNALS_DATE_ERROR_RANGE, text,
                 _("the year is beyond ±%lld"), (long long) ANNALS_YEAR_MAX);

  memset (date, 0, sizeof *date);
  date->time = time;
  date->precision = parsed->precision;
  if (parsed->precision >= ANNALS_PRECISION_MINUTE)
    {
      date->utc_offset = parsed->offset;
      if (parsed->has_offset)
        date->flags |= ANNALS_DATE_HAS_OFFSET;
    }

  return TRUE;
}

/* "Z", "+01", "+0100", "+01:00" at the end of an ISO time. */
static gboolean
read_iso_offset (const char **p,
                 const char  *end,
                 Parsed      *parsed)
{
  const char *s = *p;
  int sign;
  int hours;
  int minutes = 0;

  if (s < end && *s == 'Z')
    {
      parsed->has_offset = TRUE;
      parsed->offset = 0;
      *p = s + 1;
      return TRUE;
    }

  if (s >= end || (*s != '+' && *s != '-'))
    return FALSE;

  sign = (*s == '-') ? -1 : 1;
  s++;

  if (end - s >= 4 && count_digits (s, end) == 4)
    {
      hours = (s[0] - '0') * 10 + (s[1] - '0');
      minutes = (s[2] - '0') * 10 + (s[3] - '0');
      s += 4;
    }
  else
    {
      if (!read_fixed (&s, end, 2, &hours))
        return FALSE;
      if (s < end && *s == ':')
        {
          s++;
          if (!read_fixed (&s, end, 2, &minutes))
            return FALSE;
        }
    }

  if (hours > 23 || minutes > 59)
    return FALSE;

  parsed->has_offset = TRUE;
  parsed->offset = sign * (hours * 3600 + minutes * 60);
  *p = s;

  return TRUE;
}

/* "09", "09:00", "0900", "09:00:00", "09:00:00.250" and an optional offset. */
static gboolean
read_iso_time (const char **p,
               const char  *end,
               Parsed      *parsed)
{
  const char *s = *p;

  if (!read_fixed (&s, end, 2, &parsed->hour))
    {
      /* Basic forms run the fields together: "0930", "093000". */
      int n = count_digits (s, end);

      if (n != 4 && n != 6)
        return FALSE;
      parsed->hour = (s[0] - '0') * 10 + (s[1] - '0');
      parsed->minute = (s[2] - '0') * 10 + (s[3] - '0');
      parsed->precision = ANNALS_PRECISION_MINUTE;
      if (n == 6)
        {
          parsed->second = (s[4] - '0') * 10 + (s[5] - '0');
          parsed->precision = ANNALS_PRECISION_SECOND;
        }
      s += n;
    }
  else
    {
      /* Hours alone still name a time of day; Annals has no hour precision, so
       * the minute is the nearest. */
      parsed->precision = ANNALS_PRECISION_MINUTE;
      if (s < end && *s == ':')
        {
          s++;
          if (!read_fixed (&s, end, 2, &parsed->minute))
            return FALSE;
          if (s < end && *s == ':')
            {
              s++;
              if (!read_fixed (&s, end, 2, &parsed->second))
                return FALSE;
              parsed->precision = ANNALS_PRECISION_SECOND;
            }
        }
    }

  /* Fractions of a second are finer than any Annals date: dropped. */
  if (parsed->precision == ANNALS_PRECISION_SECOND && s < end && (*s == '.' || *s == ','))
    {
      s++;
      if (count_digits (s, end) == 0)
        return FALSE;
      s += count_digits (s, end);
    }

  if (s < end && !read_iso_offset (&s, end, parsed))
    return FALSE;

  *p = s;

  return TRUE;
}

/* Week @week, day @weekday (1 = Monday) of ISO year @year. */
static gboolean
set_week_date (Parsed *parsed,
               int     week,
               int     weekday)
{
  gint64 jan4;
  gint64 jan4_weekday;
  gint64 next_jan4;
  gint64 days;

  if (week < 1 || week > 53 || weekday < 1 || weekday > 7)
    return FALSE;

  /* Week 1 is the week with January 4th in it; weeks start on Monday. */
  jan4 = annals_days_from_civil (parsed->year, 1, 4);
  jan4_weekday = ((jan4 + 3) % 7 + 7) % 7 + 1;  /* 1970-01-01 was a Thursday */
  days = jan4 - (jan4_weekday - 1) + (week - 1) * 7 + (weekday - 1);

  /* Only some years have a week 53: it must not be week 1 of the next. */
  next_jan4 = annals_days_from_civil (parsed->year + 1, 1, 4);
  if (days - (weekday - 1) >= next_jan4 - (((next_jan4 + 3) % 7 + 7) % 7))
    return FALSE;

  annals_civil_from_days (days, &parsed->year, &parsed->month, &parsed->day);
  parsed->precision = ANNALS_PRECISION_DAY;

  return TRUE;
}

static gboolean
set_ordinal_date (Parsed *parsed,
                  int     ordinal)
{
  int n_days = annals_is_leap_year (parsed->year) ? 366 : 365;

  if (ordinal < 1 || ordinal > n_days)
    return FALSE;

  annals_civil_from_days (annals_days_from_civil (parsed->year, 1, 1) + ordinal - 1,
                          &parsed->year, &parsed->month, &parsed->day);
  parsed->precision = ANNALS_PRECISION_DAY;

  return TRUE;
}

typedef enum
{
  ISO_NO_MATCH,                        /* not ISO 8601: try the other readers */
  ISO_MATCH,
  ISO_BAD_FIELD,                       /* ISO 8601 in form, but a field is wrong */
} IsoResult;

/* The date part after the year: "-09", "-09-12", "-255", "-W37", "-W37-5" or
 * their basic forms without dashes. */
static IsoResult
read_iso_date_rest (const char **p,
                    const char  *end,
                    gboolean     extended,
                    Parsed      *parsed)
{
  const char *s = *p;
  int value = 0;

  if (extended)
    {
      if (s >= end || *s != '-')
        return ISO_MATCH;
      s++;
    }

  if (s < end && *s == 'W')
    {
      int week = 0;
      int weekday = 1;
      int n;

      s++;
      n = count_digits (s, end);
      if (extended)
        {
          if (n != 2)
            return ISO_NO_MATCH;
          read_fixed (&s, end, 2, &week);
          if (s < end && *s == '-')
            {
              s++;
              if (!read_fixed (&s, end, 1, &weekday))
                return ISO_NO_MATCH;
            }
        }
      else if (n == 2 || n == 3)
        {
          week = (s[0] - '0') * 10 + (s[1] - '0');
          if (n == 3)
            weekday = s[2] - '0';
          s += n;
        }
      else
        return ISO_NO_MATCH;

      if (!set_week_date (parsed, week, weekday))
        return ISO_BAD_FIELD;
      *p = s;
      return ISO_MATCH;
    }

  switch (count_digits (s, end))
    {
    case 2:
      read_fixed (&s, end, 2, &parsed->month);
      parsed->precision = ANNALS_PRECISION_MONTH;
      if (extended && s < end && *s == '-')
        {
          s++;
          if (!read_fixed (&s, end, 2, &parsed->day))
            return ISO_NO_MATCH;
          parsed->precision = ANNALS_PRECISION_DAY;
        }
      break;

    case 3:
      read_fixed (&s, end, 3, &value);
      if (!set_ordinal_date (parsed, value))
        return ISO_BAD_FIELD;
      break;

    case 4:
      if (extended)
        return ISO_NO_MATCH;
      parsed->month = (s[0] - '0') * 10 + (s[1] - '0');
      parsed->day = (s[2] - '0') * 10 + (s[3] - '0');
      parsed->precision = ANNALS_PRECISION_DAY;
      s += 4;
      break;

    default:
      return ISO_NO_MATCH;
    }

  *p = s;

  return ISO_MATCH;
}

static IsoResult
read_iso (const char *p,
          const char *end,
          Parsed     *parsed)
{
  gboolean negative = FALSE;
  gboolean signed_year = FALSE;
  gint64 year;
  int n_digits;
  IsoResult result;

  memset (parsed, 0, sizeof *parsed);
  parsed->month = 1;
  parsed->day = 1;
  parsed->precision = ANNALS_PRECISION_YEAR;

  if (p < end && (*p == '-' || *p == '+'))
    {
      negative = (*p == '-');
      signed_year = TRUE;
      p++;
    }

  n_digits = count_digits (p, end);
  if (n_digits < 4)
    return ISO_NO_MATCH;

  if (p + n_digits < end && p[n_digits] == '-')
    {
      /* Extended form: the year is every digit before the dash. */
      if (!read_number (&p, end, &year, &n_digits))
        return ISO_NO_MATCH;
      parsed->year = negative ? -year : year;
      result = read_iso_date_rest (&p, end, TRUE, parsed);
    }
  else if (!signed_year && (n_digits == 6 || n_digits == 7 || n_digits == 8))
    {
      /* Basic form: four digits of year, then month, ordinal day or both. */
      year = 0;
      for (int i = 0; i < 4; i++)
        year = year * 10 + (p[i] - '0');
      parsed->year = year;
      p += 4;
      result = read_iso_date_rest (&p, end, FALSE, parsed);
    }
  else
    {
      if (!read_number (&p, end, &year, &n_digits))
        return ISO_NO_MATCH;
      parsed->year = negative ? -year : year;
      result = (p < end && *p == 'W') ? read_iso_date_rest (&p, end, FALSE, parsed) : ISO_MATCH;
    }

  if (result != ISO_MATCH)
    return result;

  if (p < end)
    {
      /* SIMILE splits date and time at a T, or else at a space. */
      if ((*p != 'T' && *p != ' ') || parsed->precision < ANNALS_PRECISION_DAY)
        return ISO_NO_MATCH;
      p++;
      if (!read_iso_time (&p, end, parsed))
        return ISO_NO_MATCH;
      if (p != end)
        return ISO_NO_MATCH;
    }

  return ISO_MATCH;
}

/* "1845", "-500", "6", "200 BC", "1 AD", "AD 1066", "10000 B.C.E." */
static gboolean
read_bare_year (const char *text,
                const char *p,
                const char *end,
                Parsed     *parsed,
                gboolean   *matched,
                GError    **error)
{
  const char *s = p;
  const char *word_start;
  g_autofree char *word = NULL;
  gboolean negative = FALSE;
  Era era = ERA_NONE;
  gint64 year;
  int n_digits;

  *matched = FALSE;

  memset (parsed, 0, sizeof *parsed);
  parsed->month = 1;
  parsed->day = 1;
  parsed->precision = ANNALS_PRECISION_YEAR;

  /* An era written first: "AD 1066". */
  if (s < end && g_ascii_isalpha (*s))
    {
      word_start = s;
      while (s < end && (g_ascii_isalpha (*s) || *s == '.'))
        s++;
      word = normalize_word (word_start, s);
      era = era_from_word (word);
      if (era == ERA_NONE)
        return TRUE;
      while (s < end && g_ascii_isspace (*s))
        s++;
      g_clear_pointer (&word, g_free);
    }

  if (s < end && (*s == '-' || *s == '+'))
    {
      if (era != ERA_NONE)
        return TRUE;
      negative = (*s == '-');
      s++;
    }

  if (s >= end || !g_ascii_isdigit (*s))
    return TRUE;
  if (!read_number (&s, end, &year, &n_digits))
    {
      *matched = TRUE;
      return fail (error, ANNALS_DATE_ERROR_RANGE, text,
                   _("the year is beyond ±%lld"), (long long) ANNALS_YEAR_MAX);
    }

  while (s < end && g_ascii_isspace (*s))
    s++;

  if (s < end && era == ERA_NONE)
    {
      word_start = s;
      while (s < end && (g_ascii_isalpha (*s) || *s == '.'))
        s++;
      if (s != end)
        return TRUE;
      word = normalize_word (word_start, s);
      era = era_from_word (word);
      if (era == ERA_NONE)
        return TRUE;
      if (negative)
        {
          *matched = TRUE;
          return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                       _("a year with a minus sign cannot also be AD or BC"));
        }
    }
  else if (s < end)
    return TRUE;

  *matched = TRUE;

  if (era != ERA_NONE && year == 0)
    return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                 _("counting AD and BC there is no year 0: 1 BC is followed by 1 AD"));

  /* Astronomical numbering, as SIMILE's "1 - year": 1 BC is year 0, 200 BC
   * is -199. */
  if (era == ERA_BC)
    parsed->year = 1 - year;
  else
    parsed->year = negative ? -year : year;

  return TRUE;
}

/* Everything Date.parse reads that is not ISO 8601. */
static gboolean
read_js (const char  *text,
         const char  *p,
         const char  *end,
         Parsed      *parsed,
         GError     **error)
{
  const char *first = p;
  gint64 numbers[3];
  int number_digits[3];
  int n_numbers = 0;
  int month_name = 0;
  gboolean numeric_date = FALSE;
  gboolean have_time = FALSE;
  gboolean after_zone_word = FALSE;
  int meridiem = 0;                    /* 1 am, 2 pm */
  Era era = ERA_NONE;
  gint64 year = 0;
  int year_digits = 0;
  int month = 0;
  int day = 0;

  memset (parsed, 0, sizeof *parsed);

  while (p < end)
    {
      char c = *p;

      if (g_ascii_isspace (c) || c == ',')
        {
          p++;
          continue;
        }

      if (c == '(')
        {
          /* toString() ends with the zone's name in parentheses: a comment. */
          int depth = 0;

          for (; p < end; p++)
            {
              if (*p == '(')
                depth++;
              else if (*p == ')' && --depth == 0)
                break;
            }
          if (p >= end)
            return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                         _("a parenthesis is not closed"));
          p++;
          continue;
        }

      if (g_ascii_isalpha (c))
        {
          const char *start = p;
          g_autofree char *word = NULL;
          int index;
          Era word_era;

          while (p < end && (g_ascii_isalpha (*p) || *p == '.'))
            p++;
          word = normalize_word (start, p);
          after_zone_word = FALSE;

          if ((index = find_name (word, month_words, G_N_ELEMENTS (month_words))) >= 0
              || g_str_equal (word, "sept"))
            {
              if (month_name != 0)
                return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                             _("it names two months"));
              month_name = g_str_equal (word, "sept") ? 9 : index + 1;
            }
          else if (find_name (word, weekday_words, G_N_ELEMENTS (weekday_words)) >= 0
                   || g_str_equal (word, "tues") || g_str_equal (word, "thur")
                   || g_str_equal (word, "thurs"))
            {
              /* Date.parse ignores the day of the week, and so do we. */
            }
          else if (g_str_equal (word, "t") && p < end && g_ascii_isdigit (*p))
            {
              /* "2006-05-28T09:00:00 GMT": the T of ISO 8601 before the time. */
            }
          else if (g_str_equal (word, "am") || g_str_equal (word, "pm"))
            meridiem = word[0] == 'a' ? 1 : 2;
          else if (g_str_equal (word, "gmt") || g_str_equal (word, "utc")
                   || g_str_equal (word, "ut") || g_str_equal (word, "z"))
            {
              parsed->has_offset = TRUE;
              parsed->offset = 0;
              after_zone_word = TRUE;
            }
          else if ((word_era = era_from_word (word)) != ERA_NONE)
            {
              if (era != ERA_NONE)
                return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                             _("it names AD or BC twice"));
              era = word_era;
            }
          else
            {
              gboolean found = FALSE;

              for (guint i = 0; i < G_N_ELEMENTS (zone_words); i++)
                if (g_str_equal (word, zone_words[i].name))
                  {
                    parsed->has_offset = TRUE;
                    parsed->offset = zone_words[i].hours * 3600;
                    found = TRUE;
                  }

              if (!found)
                {
                  g_autofree char *shown = g_strndup (start, p - start);
                  g_autofree char *quoted = quote_text (shown);

                  return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                               _("\"%s\" is not a month, a day of the week, a time "
                                 "zone or AD/BC"), quoted);
                }
            }
          continue;
        }

      if (g_ascii_isdigit (c))
        {
          gint64 value;
          int n_digits;

          after_zone_word = FALSE;
          if (!read_number (&p, end, &value, &n_digits))
            return fail (error, ANNALS_DATE_ERROR_RANGE, text,
                         _("a number in it is far too long"));

          if (p < end && *p == ':')
            {
              int minute;
              int second = 0;

              if (have_time)
                return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                             _("it has two times of day"));
              if (n_digits > 2)
                return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                             _("a time is written h:mm or hh:mm:ss, as in 12:30:00"));
              p++;
              if (!read_fixed (&p, end, 2, &minute))
                return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                             _("a time is written h:mm or hh:mm:ss, as in 12:30:00"));
              parsed->precision = ANNALS_PRECISION_MINUTE;
              if (p < end && *p == ':')
                {
                  p++;
                  if (!read_fixed (&p, end, 2, &second))
                    return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                                 _("a time is written h:mm or hh:mm:ss, as in 12:30:00"));
                  parsed->precision = ANNALS_PRECISION_SECOND;
                  /* Milliseconds are finer than any Annals date. */
                  if (p < end && *p == '.' && p + 1 < end && g_ascii_isdigit (p[1]))
                    {
                      p++;
                      while (p < end && g_ascii_isdigit (*p))
                        p++;
                    }
                }
              have_time = TRUE;
              parsed->hour = (int) value;
              parsed->minute = minute;
              parsed->second = second;
              /* Date.parse takes a sign right after the time as an offset. */
              after_zone_word = TRUE;
              continue;
            }

          if (n_numbers == 3)
            return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                         _("it has more numbers than a day, a month and a year"));
          numbers[n_numbers] = value;
          number_digits[n_numbers] = n_digits;
          n_numbers++;

          /* "11/22/1963", "1963/11/22", "22-11-1963", "22.11.1963" */
          if (p + 1 < end && (*p == '/' || *p == '-' || *p == '.') && g_ascii_isdigit (p[1]))
            {
              numeric_date = TRUE;
              p++;
            }
          continue;
        }

      if ((c == '+' || c == '-') && after_zone_word && p + 1 < end && g_ascii_isdigit (p[1]))
        {
          int sign = (c == '-') ? -1 : 1;
          gint64 value;
          int n_digits;
          int hours;
          int minutes = 0;

          p++;
          read_number (&p, end, &value, &n_digits);
          if (n_digits <= 2)
            {
              hours = (int) value;
              if (p + 2 < end && *p == ':' && g_ascii_isdigit (p[1]))
                {
                  p++;
                  if (!read_fixed (&p, end, 2, &minutes))
                    return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                                 _("a UTC offset is written ±hhmm, as in GMT-0600"));
                }
            }
          else if (n_digits <= 4)
            {
              hours = (int) (value / 100);
              minutes = (int) (value % 100);
            }
          else
            return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                         _("a UTC offset is written ±hhmm, as in GMT-0600"));

          if (hours > 23 || minutes > 59)
            return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                         _("the UTC offset %c%02d%02d does not exist"),
                         sign < 0 ? '-' : '+', hours, minutes);

          parsed->has_offset = TRUE;
          parsed->offset = sign * (hours * 3600 + minutes * 60);
          after_zone_word = FALSE;
          continue;
        }

      /* A minus sign, not a separator as in "22-Nov-1963": it follows space. */
      if (c == '-' && p + 1 < end && g_ascii_isdigit (p[1])
          && (p == first || g_ascii_isspace (p[-1]) || p[-1] == ','))
        return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                     _("a year before year 1 is written as 200 BC or -0199"));

      if (c == '-' || c == '/' || c == '.')
        {
          /* Separators of "22-Nov-1963" and the like. */
          p++;
          continue;
        }

      {
        g_autofree char *shown = NULL;
        const char *next = g_utf8_find_next_char (p, end);

        shown = g_strndup (p, (next != NULL ? next : end) - p);
        return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                     _("\"%s\" has no place in a date"), shown);
      }
    }

  /* Which number is which. */
  if (month_name != 0)
    {
      month = month_name;
      if (n_numbers == 0)
        return fail (error, ANNALS_DATE_ERROR_INVALID, text, _("it has no year"));
      else if (n_numbers == 1)
        {
          /* "Nov 1963"; "Nov 22" has no year (Date.parse would make up 2001). */
          if (number_digits[0] < 3 && numbers[0] <= 31 && era == ERA_NONE)
            return fail (error, ANNALS_DATE_ERROR_INVALID, text, _("it has no year"));
          year = numbers[0];
          year_digits = number_digits[0];
        }
      else if (n_numbers == 2)
        {
          /* "Nov 22 1963", "22 Nov 1963", and "1963 Nov 22" with the year first. */
          if (number_digits[0] >= 3)
            {
              year = numbers[0];
              year_digits = number_digits[0];
              day = (int) numbers[1];
            }
          else
            {
              day = (int) numbers[0];
              year = numbers[1];
              year_digits = number_digits[1];
            }
        }
      else
        return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                     _("it has a month name and three more numbers"));
    }
  else
    {
      if (n_numbers == 3)
        {
          if (number_digits[0] >= 3)
            {
              /* "1963/11/22" */
              year = numbers[0];
              year_digits = number_digits[0];
              month = (int) numbers[1];
              day = (int) numbers[2];
            }
          else
            {
              /* "11/22/1963": Date.parse reads month first, as in the US. */
              month = (int) numbers[0];
              day = (int) numbers[1];
              year = numbers[2];
              year_digits = number_digits[2];
            }
        }
      else if (n_numbers == 2 && numeric_date)
        {
          if (number_digits[0] >= 3)
            {
              year = numbers[0];
              year_digits = number_digits[0];
              month = (int) numbers[1];
            }
          else
            {
              month = (int) numbers[0];
              year = numbers[1];
              year_digits = number_digits[1];
            }
        }
      else if (n_numbers == 1 && !have_time)
        {
          year = numbers[0];
          year_digits = number_digits[0];
          month = 0;
        }
      else if (n_numbers == 0)
        return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                     _("it has no year"));
      else
        return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                     _("the numbers cannot be told apart as day, month and year; "
                       "write the month as a word, as in Nov 22 1963"));
    }

  /* Date.parse's two-digit years: 50..99 are 19xx, 0..49 are 20xx. */
  if (year_digits <= 2 && era == ERA_NONE)
    year += year < 50 ? 2000 : 1900;

  if (era != ERA_NONE && year == 0)
    return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                 _("counting AD and BC there is no year 0: 1 BC is followed by 1 AD"));
  if (year > ANNALS_YEAR_MAX)
    return fail (error, ANNALS_DATE_ERROR_RANGE, text,
                 _("the year is beyond ±%lld"), (long long) ANNALS_YEAR_MAX);
  if (era == ERA_BC)
    year = 1 - year;

  parsed->year = year;
  parsed->month = month != 0 ? month : 1;
  parsed->day = day != 0 ? day : 1;

  if (month != 0 && day != 0 && numeric_date && number_digits[0] < 3 && month > 12 && day <= 12)
    return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                 _("month %d does not exist (numeric dates are read month first, "
                   "as in 11/22/1963)"), month);

  if (have_time)
    {
      if (month == 0 || day == 0)
        return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                     _("a time of day needs a full date"));
      if (meridiem != 0)
        {
          if (parsed->hour < 1 || parsed->hour > 12)
            return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                         _("with AM or PM the hour runs from 1 to 12"));
          parsed->hour = parsed->hour % 12 + (meridiem == 2 ? 12 : 0);
        }
    }
  else
    {
      if (meridiem != 0)
        return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                     _("it has AM or PM but no time"));
      parsed->precision = day != 0 ? ANNALS_PRECISION_DAY
                          : month != 0 ? ANNALS_PRECISION_MONTH
                          : ANNALS_PRECISION_YEAR;
      /* An offset without a time of day has nothing to apply to. */
      parsed->has_offset = FALSE;
      parsed->offset = 0;
    }

  return TRUE;
}

/* Public API */

gboolean
annals_js_date_parse (const char          *text,
                      AnnalsJsDateFormat   format,
                      AnnalsDate          *date,
                      GError             **error)
{
  const char *p;
  const char *end;
  Parsed parsed;
  gboolean matched;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (date != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (date, 0, sizeof *date);

  if (text == NULL)
    text = "";

  p = text;
  end = text + strlen (text);
  while (p < end && g_ascii_isspace (*p))
    p++;
  while (end > p && g_ascii_isspace (end[-1]))
    end--;

  if (p == end)
    return fail (error, ANNALS_DATE_ERROR_INVALID, text, _("the text is empty"));

  switch (read_iso (p, end, &parsed))
    {
    case ISO_MATCH:
      /* In Gregorian mode all-digit text is a year of any length ("20060528"
       * too, as Date.parse would read it), never a basic ISO date. */
      if (format == ANNALS_JS_DATE_GREGORIAN && count_digits (p, end) == end - p)
        break;
      return finish (&parsed, text, date, error);

    case ISO_BAD_FIELD:
      return fail (error, ANNALS_DATE_ERROR_INVALID, text,
                   _("a week or a day of the year does not exist"));

    case ISO_NO_MATCH:
    default:
      break;
    }

  if (!read_bare_year (text, p, end, &parsed, &matched, error))
    return FALSE;
  if (matched)
    return finish (&parsed, text, date, error);

  if (!read_js (text, p, end, &parsed, &local_error))
    {
      /* Said in terms of what the file declared it uses. */
      if (format == ANNALS_JS_DATE_ISO8601)
        {
          g_autofree char *quoted = quote_text (text);

          g_set_error (error, ANNALS_DATE_ERROR, local_error->code,
                       _("\"%s\" is not an ISO 8601 date, such as 1963-11-22T12:30:00-06:00 "
                         "(the file declares date-time-format=\"iso8601\")"), quoted);
          return FALSE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return finish (&parsed, text, date, error);
}

gboolean
annals_js_date_is_midnight (const AnnalsDate *date)
{
  AnnalsTime local;

  g_return_val_if_fail (date != NULL, FALSE);

  if (date->precision < ANNALS_PRECISION_MINUTE)
    return FALSE;

  local = date->time + date->utc_offset;

  return local % ANNALS_SECONDS_PER_DAY == 0;
}

void
annals_js_date_to_day (AnnalsDate *date)
{
  g_return_if_fail (date != NULL);

  if (!annals_js_date_is_midnight (date))
    return;

  /* The day as written, placed at UTC midnight like every Annals calendar date. */
  date->time += date->utc_offset;
  date->utc_offset = 0;
  date->precision = ANNALS_PRECISION_DAY;
  date->flags &= ~ANNALS_DATE_HAS_OFFSET;
}

gboolean
annals_js_date_inclusive_end (const AnnalsDate *exclusive,
                              AnnalsDate       *inclusive)
{
  AnnalsCivil c;

  g_return_val_if_fail (exclusive != NULL, FALSE);
  g_return_val_if_fail (inclusive != NULL, FALSE);

  *inclusive = *exclusive;

  if (exclusive->precision < ANNALS_PRECISION_YEAR
      || exclusive->precision > ANNALS_PRECISION_DAY)
    return FALSE;

  annals_time_to_civil (exclusive->time, &c);

  switch ((AnnalsPrecision) exclusive->precision)
    {
    case ANNALS_PRECISION_YEAR:
      if (c.year - 1 < ANNALS_YEAR_MIN)
        return FALSE;
      c.year -= 1;
      break;

    case ANNALS_PRECISION_MONTH:
      if (c.month > 1)
        c.month -= 1;
      else if (c.year - 1 >= ANNALS_YEAR_MIN)
        {
          c.year -= 1;
          c.month = 12;
        }
      else
        return FALSE;
      break;

    case ANNALS_PRECISION_DAY:
      if (annals_days_from_civil (c.year, c.month, c.day) - 1
          < annals_days_from_civil (ANNALS_YEAR_MIN, 1, 1))
        return FALSE;
      annals_civil_from_days (annals_days_from_civil (c.year, c.month, c.day) - 1,
                              &c.year, &c.month, &c.day);
      break;

    case ANNALS_PRECISION_NONE:
    case ANNALS_PRECISION_MINUTE:
    case ANNALS_PRECISION_SECOND:
    default:
      return FALSE;
    }

  c.hour = c.minute = c.second = 0;
  inclusive->time = annals_time_from_civil (&c);

  return TRUE;
}
