/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the date parsers (native ISO 8601 and SIMILE's forms).
 * Oracle: a date that parses prints canonically, and the canonical text parses
 * back to the same time and precision. */

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "annals-date.h"
#include "annals-js-date.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_round_trip (const AnnalsDate *date)
{
  char text[64];
  AnnalsDate again;

  annals_date_format (date, text, sizeof text);
  if (!annals_date_parse (text, NULL, &again, NULL)
      || again.time != date->time || again.precision != date->precision)
    abort ();
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  char *text = g_strndup ((const char *) data, size);
  AnnalsDate date;
  GError *error = NULL;

  if (annals_date_parse (text, NULL, &date, &error))
    check_round_trip (&date);
  else if (error == NULL || error->message == NULL || !g_utf8_validate (error->message, -1, NULL))
    abort ();
  g_clear_error (&error);

  if (annals_js_date_parse (text, ANNALS_JS_DATE_GREGORIAN, &date, &error))
    check_round_trip (&date);
  g_clear_error (&error);

  if (annals_js_date_parse (text, ANNALS_JS_DATE_ISO8601, &date, &error))
    check_round_trip (&date);
  g_clear_error (&error);

  g_free (text);
  return 0;
}
