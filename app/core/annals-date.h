/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The one time unit of the program: seconds since 1970-01-01T00:00:00 UTC on the
 * proleptic Gregorian calendar with astronomical years (year 0 is 1 BC). Seconds,
 * not milliseconds, so that years from -1e9 to +1e9 (about ±3.2e16 s) fit in a
 * gint64 with room to spare; nothing in a dataset is finer than a second. */
typedef gint64 AnnalsTime;

#define ANNALS_YEAR_MIN (-1000000000LL)
#define ANNALS_YEAR_MAX ( 1000000000LL)

#define ANNALS_SECONDS_PER_DAY 86400
#define ANNALS_TIME_MIN G_MININT64
#define ANNALS_TIME_MAX G_MAXINT64

typedef enum
{
  ANNALS_PRECISION_NONE = 0,  /* no date */
  ANNALS_PRECISION_YEAR,
  ANNALS_PRECISION_MONTH,
  ANNALS_PRECISION_DAY,
  ANNALS_PRECISION_MINUTE,
  ANNALS_PRECISION_SECOND,
} AnnalsPrecision;

typedef enum
{
  ANNALS_DATE_APPROX     = 1 << 0,  /* approx="true": circa */
  ANNALS_DATE_HAS_OFFSET = 1 << 1,  /* written with an explicit offset or Z */
} AnnalsDateFlags;

/* A date as written in a dataset: the first second of the period it names, in
 * UTC, and how precise it is. A year date covers the whole year, a month the
 * whole month. Dates without a time of day are calendar dates, placed at UTC
 * midnight; the dataset time zone only applies to dates with a time. */
typedef struct
{
  AnnalsTime time;        /* first second of the period, UTC */
  gint32     utc_offset;  /* seconds east of UTC the time was written in */
  guint8     precision;   /* AnnalsPrecision */
  guint8     flags;       /* AnnalsDateFlags */
} AnnalsDate;

/* A broken-down civil date; year is astronomical. */
typedef struct
{
  gint64 year;
  int    month;   /* 1..12 */
  int    day;     /* 1..31 */
  int    hour;
  int    minute;
  int    second;
} AnnalsCivil;

#define ANNALS_DATE_ERROR (annals_date_error_quark ())

typedef enum
{
  ANNALS_DATE_ERROR_INVALID,
  ANNALS_DATE_ERROR_RANGE,
} AnnalsDateError;

GQuark      annals_date_error_quark      (void);

gboolean    annals_is_leap_year          (gint64             year);
int         annals_days_in_month         (gint64             year,
                                          int                month);
/* Days since 1970-01-01 of a civil date (no validation). */
gint64      annals_days_from_civil       (gint64             year,
                                          int                month,
                                          int                day);
void        annals_civil_from_days       (gint64             days,
                                          gint64            *year,
                                          int               *month,
                                          int               *day);
AnnalsTime  annals_time_from_civil       (const AnnalsCivil *civil);
void        annals_time_to_civil         (AnnalsTime         time,
                                          AnnalsCivil       *civil);

/* Parses an ISO 8601 date of FORMAT.md ("2018", "2026-09", "-0199",
 * "2026-02-19T07:05", "1963-11-22T12:30:00-06:00"). Times without an offset are
 * local times of @zone (the dataset's tz; NULL for UTC), resolved with its
 * daylight-saving rules for years 1..9999 and its standard offset beyond. On
 * failure sets @error with a message that quotes the text, such as
 * «"2026-13-45" is not a date». */
gboolean    annals_date_parse            (const char        *text,
                                          GTimeZone         *zone,
                                          AnnalsDate        *date,
                                          GError           **error);
/* Canonical FORMAT.md text: "2018", "2026-09", "-0199", "1999-06-12",
 * "2026-02-19T07:05Z", "1963-11-22T18:30:00Z" (times in UTC). Newly allocated. */
char       *annals_date_to_string        (const AnnalsDate  *date);
/* Writes the canonical text into @buf (at least 48 bytes); returns @buf. */
const char *annals_date_format           (const AnnalsDate  *date,
                                          char              *buf,
                                          gsize              size);
/* The first second after the period the date names (2018 -> 2019-01-01). */
AnnalsTime  annals_date_end_time         (const AnnalsDate  *date);
gboolean    annals_date_is_set           (const AnnalsDate  *date);
int         annals_date_compare          (const AnnalsDate  *a,
                                          const AnnalsDate  *b);
/* Parses tz="…": "UTC", "Z", "+02:00", "-0600" or an IANA name such as
 * "Europe/Brussels". Returns a new reference, or NULL with @error set. */
GTimeZone  *annals_tz_parse              (const char        *text,
                                          GError           **error);

G_END_DECLS
