/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "annals-date.h"

G_BEGIN_DECLS

/* The date forms SIMILE Timeline reads (its parseGregorianDateTime, which
 * falls back to JavaScript's Date.parse, and its parseIso8601DateTime). Private
 * to core. */

typedef enum
{
  /* date-time-format="Gregorian", SIMILE's default: bare years with an optional
   * AD/BC, then anything Date.parse reads (ISO 8601 included). */
  ANNALS_JS_DATE_GREGORIAN,
  /* date-time-format="iso8601": ISO 8601 only, including the basic (no dash),
   * ordinal (2006-148) and week (2006-W22-1) forms. */
  ANNALS_JS_DATE_ISO8601,
} AnnalsJsDateFormat;

/* Parses @text as SIMILE would in @format and fills @date: the UTC time of the
 * first second written, the offset written (seconds east; HAS_OFFSET when the
 * text names one, such as "GMT-0600", "Z" or "EST"), and the precision written:
 * "1845" is a year, "Nov 1963" a month, "Nov 22 1963" a day, "12:30" a minute,
 * "12:30:00" a second. Times without an offset are read as UTC (SIMILE would
 * use the reader's browser zone, which a file cannot know). Two-digit years in
 * a date string follow Date.parse (50..99 -> 19xx, 0..49 -> 20xx); bare years
 * do not ("6" is the year 6). On failure sets @error (ANNALS_DATE_ERROR) with a
 * message that quotes the text and says what is wrong. */
gboolean    annals_js_date_parse         (const char         *text,
                                          AnnalsJsDateFormat  format,
                                          AnnalsDate         *date,
                                          GError            **error);

/* TRUE when @date has a time of day that is exactly midnight where it was
 * written ("Nov 14 1840 00:00:00 GMT", "Fri Nov 22 1963 00:00:00 GMT-0600"). */
gboolean    annals_js_date_is_midnight   (const AnnalsDate   *date);
/* Turns a midnight date into the calendar day it was written on (precision
 * DAY, at UTC midnight, no offset). */
void        annals_js_date_to_day        (AnnalsDate         *date);
/* SIMILE and The Timeline Project end a period at an instant that is not part
 * of it ("1870" to "1871" is the year 1870), where an Annals end names the last
 * period included. For a date of precision year, month or day that is such a
 * boundary, sets @inclusive to the period just before it ("1871" -> "1870",
 * "2006-06-15" -> "2006-06-14") and returns TRUE; otherwise copies @exclusive
 * and returns FALSE (times keep their minute or second). */
gboolean    annals_js_date_inclusive_end (const AnnalsDate   *exclusive,
                                          AnnalsDate         *inclusive);

G_END_DECLS
