/* SPDX-License-Identifier: GPL-3.0-or-later */
/* annals-gen: writes a valid native dataset of N synthetic events, for
 * benchmarks and stress tests. Deterministic for a seed: the same arguments
 * give the same bytes on every machine (its own PRNG, no locale, no clock).
 *
 *   annals-gen --events N [--tracks K] [--seed S] [--years Y] [-o FILE]
 */

#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annals-date.h"

#define N_SOURCES 24
#define LAST_YEAR 2026

/* splitmix64: small, fast, and the same everywhere. */
static guint64 rng_state;

static guint64
next_random (void)
{
  guint64 z = (rng_state += 0x9e3779b97f4a7c15ULL);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static guint64
random_below (guint64 n)
{
  return n == 0 ? 0 : next_random () % n;
}

static double
random_unit (void)
{
  return (next_random () >> 11) * (1.0 / 9007199254740992.0);
}

static const char *const subjects[] = {
  "Ministers", "The council", "Allies", "Negotiators", "The mission", "Observers", "The summit",
  "Parliament", "Diplomats", "The command", "Inspectors", "Envoys", "The government", "Delegates",
  "Commanders", "The secretariat", "Monitors", "The coalition", "Regional leaders", "The agency",
};
static const char *const verbs[] = {
  "agree on", "review", "extend", "suspend", "announce", "reject", "propose", "confirm", "debate",
  "postpone", "approve", "launch", "scale back", "expand", "question", "sign", "prepare",
  "report on", "end", "resume",
};
static const char *const objects[] = {
  "the advisory mission", "troop levels", "a ceasefire", "new funding", "the partnership plan",
  "border patrols", "the training programme", "a joint statement", "the withdrawal timetable",
  "air policing", "the defence budget", "the peacekeeping force", "sanctions", "a security pact",
  "the reform agenda", "logistics support", "the rotation", "maritime patrols", "the mandate",
  "an inquiry",
};
static const char *const places[] = {
  "Baghdad", "Pristina", "Brussels", "Ankara", "Kyiv", "Vilnius", "Warsaw", "Mons", "Naples",
  "Tallinn", "Riga", "Bucharest", "Sarajevo", "Skopje", "Tirana", "Canberra", "Tokyo", "Seoul",
};
static const char *const statuses[] = {
  "confirmed", "confirmed", "confirmed", "reported", "reported", "proposed", "disputed", "denied",
  "cancelled", "active", "ended",
};
static const char *const palette[] = {
  "#3465a4", "#cc0000", "#4e9a06", "#c4a000", "#75507b", "#ce5c00", "#06989a", "#8f5902",
};

static void
usage (FILE *to)
{
  fputs ("Usage: annals-gen --events N [--tracks K] [--seed S] [--years Y] [-o FILE]\n"
         "Writes a valid Annals dataset of N synthetic events (60% spans, 30% instants,\n"
         "10% milestones) over Y years (default 30) in K tracks (default 12), with\n"
         "quantity tracks, sources and citations. The same seed gives the same file.\n",
         to);
}

static gboolean
parse_count (const char *text,
             gint64      min,
             gint64      max,
             gint64     *value)
{
  char *end = NULL;
  gint64 v;

  errno = 0;
  v = g_ascii_strtoll (text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || v < min || v > max)
    return FALSE;
  *value = v;
  return TRUE;
}

/* A precision as reporting gives them: mostly days, some months, years and times. */
static AnnalsPrecision
random_precision (void)
{
  guint64 roll = random_below (100);

  if (roll < 5)
    return ANNALS_PRECISION_YEAR;
  if (roll < 15)
    return ANNALS_PRECISION_MONTH;
  if (roll < 85)
    return ANNALS_PRECISION_DAY;
  return ANNALS_PRECISION_MINUTE;
}

/* Writes @time truncated to @precision in the canonical form. */
static void
write_date (GString         *out,
            AnnalsTime       time,
            AnnalsPrecision  precision)
{
  AnnalsDate date = { 0 };
  AnnalsCivil civil;
  char buf[64];

  annals_time_to_civil (time, &civil);
  civil.second = 0;
  if (precision < ANNALS_PRECISION_MINUTE)
    civil.hour = civil.minute = 0;
  if (precision < ANNALS_PRECISION_DAY)
    civil.day = 1;
  if (precision < ANNALS_PRECISION_MONTH)
    civil.month = 1;

  date.time = annals_time_from_civil (&civil);
  date.precision = precision;
  if (precision >= ANNALS_PRECISION_MINUTE)
    date.flags = ANNALS_DATE_HAS_OFFSET;
  g_string_append (out, annals_date_format (&date, buf, sizeof buf));
}

int
main (int   argc,
      char *argv[])
{
  gint64 n_events = -1;
  gint64 n_tracks = 12;
  gint64 seed = 1;
  gint64 years = 30;
  const char *output = NULL;
  FILE *file = stdout;
  g_autoptr(GString) out = g_string_sized_new (1 << 20);
  AnnalsCivil first = { .year = LAST_YEAR, .month = 12, .day = 31 };
  AnnalsTime range_end;
  AnnalsTime range_start;
  gint64 n_quantity;

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const char *value = i + 1 < argc ? argv[i + 1] : NULL;
      gboolean ok = value != NULL;

      if (strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0)
        {
          usage (stdout);
          return 0;
        }
      else if (strcmp (arg, "--events") == 0)
        ok = ok && parse_count (value, 0, 100000000, &n_events);
      else if (strcmp (arg, "--tracks") == 0)
        ok = ok && parse_count (value, 1, 10000, &n_tracks);
      else if (strcmp (arg, "--seed") == 0)
        ok = ok && parse_count (value, G_MININT64, G_MAXINT64, &seed);
      else if (strcmp (arg, "--years") == 0)
        ok = ok && parse_count (value, 1, 1000000, &years);
      else if (strcmp (arg, "-o") == 0 || strcmp (arg, "--output") == 0)
        output = value;
      else
        ok = FALSE;

      if (!ok)
        {
          fprintf (stderr, "annals-gen: bad argument “%s”\n", arg);
          usage (stderr);
          return 2;
        }
      i++;
    }

  if (n_events < 0)
    {
      usage (stderr);
      return 2;
    }

  if (output != NULL && (file = fopen (output, "wb")) == NULL)
    {
      fprintf (stderr, "annals-gen: cannot write “%s”: %s\n", output, g_strerror (errno));
      return 2;
    }

  rng_state = (guint64) seed;
  range_end = annals_time_from_civil (&first);
  first.year = LAST_YEAR - years + 1;
  first.month = 1;
  first.day = 1;
  range_start = annals_time_from_civil (&first);
  /* One quantity track for every six event tracks, at least one. */
  n_quantity = MAX (1, n_tracks / 6);

  g_string_append (out,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<timeline xmlns=\"urn:annals:timeline:1\" version=\"1\" tz=\"UTC\" lang=\"en\">\n");
  g_string_append_printf (out,
                          "  <title>Synthetic archive of %" G_GINT64_FORMAT " events</title>\n"
                          "  <description>Generated by annals-gen with seed %" G_GINT64_FORMAT
                          " over %" G_GINT64_FORMAT " years.</description>\n"
                          "  <as-of>%d-12-31</as-of>\n",
                          n_events, seed, years, LAST_YEAR);

  for (int s = 0; s < N_SOURCES; s++)
    g_string_append_printf (out,
                            "  <source id=\"src%d\" kind=\"article\" reliability=\"%s\">\n"
                            "    <title>Dispatch %d from %s</title>\n"
                            "    <publisher>Wire %c</publisher>\n"
                            "  </source>\n",
                            s, s % 3 == 0 ? "high" : "medium", s + 1,
                            places[s % G_N_ELEMENTS (places)], 'A' + s % 26);

  for (gint64 t = 0; t < n_tracks; t++)
    g_string_append_printf (out, "  <track id=\"track%" G_GINT64_FORMAT "\" label=\"Desk %"
                            G_GINT64_FORMAT "\" color=\"%s\"/>\n",
                            t, t + 1, palette[t % G_N_ELEMENTS (palette)]);
  for (gint64 q = 0; q < n_quantity; q++)
    g_string_append_printf (out, "  <track id=\"q%" G_GINT64_FORMAT "\" label=\"Deployed force %"
                            G_GINT64_FORMAT "\" kind=\"quantity\" unit=\"troops\"/>\n",
                            q, q + 1);

  for (gint64 i = 0; i < n_events; i++)
    {
      guint64 kind = random_below (10);
      const char *type = kind < 6 ? "span" : kind < 9 ? "instant" : "milestone";
      AnnalsTime start = range_start + (AnnalsTime) random_below ((guint64) (range_end - range_start));
      AnnalsPrecision precision = random_precision ();
      guint64 n_cites = random_below (3);
      guint64 track;
      guint64 cite_source;
      const char *status;
      const char *subject;
      const char *verb;
      const char *object;
      const char *place;

      /* Drawn one by one, in a fixed order: the order in which a compiler
       * evaluates the arguments of a call is not fixed, and the file must be
       * the same everywhere. (This order keeps the files made before.) */
      place = places[random_below (G_N_ELEMENTS (places))];
      object = objects[random_below (G_N_ELEMENTS (objects))];
      verb = verbs[random_below (G_N_ELEMENTS (verbs))];
      subject = subjects[random_below (G_N_ELEMENTS (subjects))];
      status = statuses[random_below (G_N_ELEMENTS (statuses))];
      track = random_below ((guint64) n_tracks);
      g_string_append_printf (out,
                              "  <event id=\"e%" G_GINT64_FORMAT "\" track=\"track%" G_GUINT64_FORMAT
                              "\" type=\"%s\" status=\"%s\">\n"
                              "    <title>%s %s %s in %s</title>\n"
                              "    <start>",
                              i, track, type, status, subject, verb, object, place);
      write_date (out, start, precision);
      g_string_append (out, "</start>\n");

      /* Span lengths spread over hours to years (log-uniform), and a few
       * ongoing ones without an end. */
      if (kind < 6 && random_below (20) != 0)
        {
          double exponent = 4.0 + random_unit () * 4.0;   /* 10^4 s .. 10^8 s */
          AnnalsTime end = start + (AnnalsTime) pow (10.0, exponent);

          /* The end has the start's precision, so truncating both keeps the
           * end at or after the start. */
          g_string_append (out, "    <end>");
          write_date (out, end, precision);
          g_string_append (out, "</end>\n");
        }

      for (guint64 c = 0; c < n_cites; c++)
        {
          object = objects[random_below (G_N_ELEMENTS (objects))];
          verb = verbs[random_below (G_N_ELEMENTS (verbs))];
          subject = subjects[random_below (G_N_ELEMENTS (subjects))];
          cite_source = random_below (N_SOURCES);
          g_string_append_printf (out, "    <cite source=\"src%" G_GUINT64_FORMAT "\" quote=\"%s %s %s\"/>\n",
                                  cite_source, subject, verb, object);
        }
      g_string_append (out, "  </event>\n");

      if (out->len > (1 << 20))
        {
          fwrite (out->str, 1, out->len, file);
          g_string_truncate (out, 0);
        }
    }

  /* Quarterly force levels, with an occasional second source disagreeing. */
  for (gint64 q = 0; q < n_quantity; q++)
    {
      double level = 1000 + random_below (9000);

      for (gint64 y = LAST_YEAR - years + 1; y <= LAST_YEAR; y++)
        for (int quarter = 0; quarter < 4; quarter++)
          {
            AnnalsCivil civil = { .year = y, .month = quarter * 3 + 1, .day = 1 };
            AnnalsDate date = { .precision = ANNALS_PRECISION_MONTH };
            char buf[64];

            date.time = annals_time_from_civil (&civil);
            annals_date_format (&date, buf, sizeof buf);
            level = MAX (0, level + ((double) random_below (2001) - 1000));
            g_string_append_printf (out,
                                    "  <measure track=\"q%" G_GINT64_FORMAT "\" date=\"%s\" value=\"%.0f\""
                                    " source=\"src%" G_GUINT64_FORMAT "\"/>\n",
                                    q, buf, level, random_below (N_SOURCES));
            if (random_below (8) == 0)
              g_string_append_printf (out,
                                      "  <measure track=\"q%" G_GINT64_FORMAT "\" date=\"%s\" value=\"%.0f\""
                                      " approx=\"true\" source=\"src%" G_GUINT64_FORMAT "\"/>\n",
                                      q, buf, level * 1.1, random_below (N_SOURCES));
          }
    }

  g_string_append (out, "</timeline>\n");
  fwrite (out->str, 1, out->len, file);

  if (fflush (file) != 0 || ferror (file) || (file != stdout && fclose (file) != 0))
    {
      fprintf (stderr, "annals-gen: write error: %s\n", g_strerror (errno));
      return 2;
    }

  return 0;
}
