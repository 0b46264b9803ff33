/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libintl.h>
#include <locale.h>
#include <string.h>

#include "annals-axis.h"
#include "annals-date.h"

/* Translations at run time: with LANGUAGE=fr the core's parser messages, the
 * axis labels and the numbers come out in French, from the catalogue the build
 * compiled into ANNALS_LOCALEDIR (<build>/po). LANGUAGE works under C.UTF-8,
 * so no French locale needs to be installed; glibc ignores it only under the
 * plain C locale. The machine formats (FORMAT.md dates) stay as they are. */

#define NNBSP "\u202f"                 /* narrow no-break space */
#define NBSP  "\u00a0"                 /* no-break space */

static gboolean french_available;

static gboolean
skip_without_french (void)
{
  if (!french_available)
    g_test_skip ("no French catalogue: set ANNALS_LOCALEDIR to <build>/po");
  return !french_available;
}

static AnnalsDate
date_at (gint64          year,
         int             month,
         int             day,
         AnnalsPrecision precision)
{
  AnnalsDate date = { 0 };

  date.time = annals_days_from_civil (year, month, day) * ANNALS_SECONDS_PER_DAY;
  date.precision = precision;

  return date;
}

static void
test_i18n_parser_message (void)
{
  g_autoptr(GError) error = NULL;
  AnnalsDate date;

  if (skip_without_french ())
    return;

  g_assert_false (annals_date_parse ("2026-13", NULL, &date, &error));
  g_assert_error (error, ANNALS_DATE_ERROR, ANNALS_DATE_ERROR_INVALID);
  /* French quotation marks with their no-break spaces, and the French text. */
  g_assert_cmpstr (error->message, ==,
                   "«" NBSP "2026-13" NBSP "» n’est pas une date" NBSP ": le mois 13 n’existe pas");
}

static void
test_i18n_dates (void)
{
  AnnalsDate month = date_at (2026, 9, 1, ANNALS_PRECISION_MONTH);
  AnnalsDate day = date_at (2026, 2, 19, ANNALS_PRECISION_DAY);
  AnnalsDate first = date_at (2026, 9, 1, ANNALS_PRECISION_DAY);
  AnnalsDate bc = date_at (-199, 9, 1, ANNALS_PRECISION_MONTH);
  char buf[128];

  if (skip_without_french ())
    return;

  g_assert_cmpstr (annals_format_date (&month, buf, sizeof buf), ==, "septembre 2026");
  g_assert_cmpstr (annals_format_date (&day, buf, sizeof buf), ==, "19 février 2026");
  g_assert_cmpstr (annals_format_date (&first, buf, sizeof buf), ==, "1er septembre 2026");
  /* Month names come from the table, so BCE months are named too. */
  g_assert_cmpstr (annals_format_date (&bc, buf, sizeof buf), ==, "septembre 200 av. J.-C.");
  g_assert_cmpstr (annals_format_year (500, buf, sizeof buf), ==, "500 apr. J.-C.");

  /* The machine form does not follow the language. */
  g_assert_cmpstr (annals_date_format (&month, buf, sizeof buf), ==, "2026-09");
}

static void
test_i18n_numbers (void)
{
  char buf[64];

  if (skip_without_french ())
    return;

  g_assert_cmpstr (annals_format_number (2500, 0, buf, sizeof buf), ==, "2" NNBSP "500");
  g_assert_cmpstr (annals_format_number (-1234567.5, 2, buf, sizeof buf), ==,
                   "−1" NNBSP "234" NNBSP "567,5");
  g_assert_cmpstr (annals_format_year (-11999, buf, sizeof buf), ==, "12" NNBSP "000 av. J.-C.");
  /* The plural follows the whole part, as French wants. */
  g_assert_cmpstr (annals_format_year (-1499999, buf, sizeof buf), ==, "1,5 million av. J.-C.");
  g_assert_cmpstr (annals_format_year (-1999999, buf, sizeof buf), ==, "2 millions av. J.-C.");
}

static void
test_i18n_axis (void)
{
  AnnalsAxisStep month = { ANNALS_AXIS_MONTH, 1 };
  AnnalsAxisStep century = { ANNALS_AXIS_YEAR, 100 };
  AnnalsAxisStep decade = { ANNALS_AXIS_YEAR, 10 };
  AnnalsTime tick;
  char buf[128];

  if (skip_without_french ())
    return;

  tick = annals_days_from_civil (2026, 9, 1) * ANNALS_SECONDS_PER_DAY;
  g_assert_cmpstr (annals_axis_format (&month, ANNALS_AXIS_LABEL_MINOR, tick, buf, sizeof buf),
                   ==, "sept.");
  g_assert_cmpstr (annals_axis_format (&month, ANNALS_AXIS_LABEL_MAJOR, tick, buf, sizeof buf),
                   ==, "septembre 2026");

  tick = annals_days_from_civil (2001, 1, 1) * ANNALS_SECONDS_PER_DAY;
  g_assert_cmpstr (annals_axis_format (&century, ANNALS_AXIS_LABEL_MAJOR, tick, buf, sizeof buf),
                   ==, "21ᵉ siècle");
  tick = annals_days_from_civil (1, 1, 1) * ANNALS_SECONDS_PER_DAY;
  g_assert_cmpstr (annals_axis_format (&century, ANNALS_AXIS_LABEL_MAJOR, tick, buf, sizeof buf),
                   ==, "1ᵉʳ siècle");
  tick = annals_days_from_civil (2020, 1, 1) * ANNALS_SECONDS_PER_DAY;
  g_assert_cmpstr (annals_axis_format (&decade, ANNALS_AXIS_LABEL_MAJOR, tick, buf, sizeof buf),
                   ==, "années 2020");
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("ANNALS_LOCALEDIR");
  g_autofree char *catalogue = NULL;

  /* Before anything is translated: gettext reads LANGUAGE on first use. */
  g_setenv ("LANGUAGE", "fr", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (localedir != NULL && *localedir != '\0')
    catalogue = g_build_filename (localedir, "fr", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  french_available = catalogue != NULL &&
                     g_file_test (catalogue, G_FILE_TEST_IS_REGULAR) &&
                     setlocale (LC_ALL, "C.UTF-8") != NULL;
  if (french_available)
    {
      bindtextdomain (GETTEXT_PACKAGE, localedir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    }

  g_test_add_func ("/i18n/parser-message", test_i18n_parser_message);
  g_test_add_func ("/i18n/dates", test_i18n_dates);
  g_test_add_func ("/i18n/numbers", test_i18n_numbers);
  g_test_add_func ("/i18n/axis", test_i18n_axis);

  return g_test_run ();
}
