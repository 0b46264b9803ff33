/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "annals-cli.h"
#include "annals-export.h"
#include "annals-layout.h"
#include "annals-loader.h"
#include "annals-writer.h"

/* Exit statuses, the same for every command. */
enum
{
  EXIT_OK = 0,
  EXIT_INVALID = 1,     /* the data is wrong */
  EXIT_UNREADABLE = 2,  /* the file cannot be read or written, or bad usage */
};

typedef struct
{
  char    *height_text;                /* --height: pixels, or 0 for the content's height */
  char    *check;
  char    *list;
  char    *export_path;
  char    *convert;
  char    *output;
  char    *from;
  char    *to;
  char    *theme;
  char    *max_size;                   /* --max-size: bytes, or with a unit: 500MB, 4GiB */
  gint64   max_events;
  int      width;
  double   scale;
  gboolean version;
  char   **files;
} CliOptions;

static const char *const headless_options[] = {
  "--check", "--list", "--export", "--convert", "--help", "-h", "-?", "--help-all", "--version",
};

static void
cli_options_clear (CliOptions *options)
{
  g_free (options->height_text);
  g_free (options->check);
  g_free (options->list);
  g_free (options->export_path);
  g_free (options->convert);
  g_free (options->output);
  g_free (options->from);
  g_free (options->to);
  g_free (options->theme);
  g_free (options->max_size);
  g_strfreev (options->files);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliOptions, cli_options_clear)

static gboolean
is_headless (char **argv)
{
  for (guint i = 1; argv[i] != NULL; i++)
    {
      if (strcmp (argv[i], "--") == 0)
        return FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (headless_options); j++)
        {
          gsize len = strlen (headless_options[j]);

          if (strncmp (argv[i], headless_options[j], len) == 0
              && (argv[i][len] == '\0' || argv[i][len] == '='))
            return TRUE;
        }
    }

  return FALSE;
}

/* Parses --max-size: a number of bytes, or a number with a unit. kB, MB and GB
 * count in thousands, as GLib shows sizes in messages; KiB, MiB and GiB in
 * 1024s. */
static gboolean
parse_size (const char *text,
            goffset    *bytes)
{
  static const struct
  {
    const char *unit;
    double      factor;
  } units[] = {
    { "", 1 }, { "B", 1 },
    { "kB", 1e3 }, { "KB", 1e3 }, { "MB", 1e6 }, { "GB", 1e9 }, { "TB", 1e12 },
    { "KiB", 1024.0 }, { "MiB", 1024.0 * 1024 }, { "GiB", 1024.0 * 1024 * 1024 },
    { "TiB", 1024.0 * 1024 * 1024 * 1024 },
  };
  char *rest = NULL;
  double number;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;

  number = g_ascii_strtod (text, &rest);
  while (*rest == ' ')
    rest++;

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      double value = number * units[i].factor;

      if (strcmp (rest, units[i].unit) == 0 && value >= 1 && value < (double) G_MAXINT64)
        {
          *bytes = (goffset) value;
          return TRUE;
        }
    }
  return FALSE;
}

/* What is beyond a limit is refused with the limit in the message; this says
 * how to move it. */
static void
print_limit_hint (const GError *error)
{
  if (g_error_matches (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_TOO_LARGE))
    g_printerr (_("annals: the limits can be raised with --max-size and --max-events\n"));
}

/* Loads @path, printing what went wrong. Returns the exit status on failure. */
static AnnalsTimeline *
load (const char              *path,
      const AnnalsLoadOptions *limits,
      gboolean                 print_warnings,
      int                     *status)
{
  g_autoptr(AnnalsDiagnostics) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  AnnalsTimeline *timeline;

  timeline = annals_load_file (path, limits, &diagnostics, &error);

  if (diagnostics != NULL && (timeline == NULL || print_warnings))
    {
      g_autofree char *text = annals_diagnostics_to_string (diagnostics);

      if (text != NULL && text[0] != '\0')
        fputs (text, stderr);
    }

  if (timeline == NULL)
    {
      /* Data errors were listed with their places above; other errors have
       * only the one message. */
      if (!g_error_matches (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID)
          || diagnostics == NULL || annals_diagnostics_get_n_items (diagnostics) == 0)
        g_printerr ("annals: %s\n", error->message);
      print_limit_hint (error);

      *status = g_error_matches (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID)
                ? EXIT_INVALID : EXIT_UNREADABLE;
    }

  return timeline;
}

static int
run_check (const char              *path,
           const AnnalsLoadOptions *limits)
{
  g_autoptr(AnnalsDiagnostics) diagnostics = NULL;
  g_autoptr(AnnalsTimeline) timeline = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n_errors = 0;
  guint n_warnings = 0;

  timeline = annals_load_file (path, limits, &diagnostics, &error);

  if (diagnostics != NULL)
    {
      text = annals_diagnostics_to_string (diagnostics);
      n_errors = annals_diagnostics_count (diagnostics, ANNALS_SEVERITY_ERROR)
                 + annals_diagnostics_get_n_dropped (diagnostics);
      n_warnings = annals_diagnostics_count (diagnostics, ANNALS_SEVERITY_WARNING);
    }

  if (text != NULL)
    fputs (text, stdout);

  if (timeline == NULL && !g_error_matches (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID))
    {
      g_printerr ("annals: %s\n", error->message);
      print_limit_hint (error);
      return EXIT_UNREADABLE;
    }

  if (timeline == NULL)
    {
      if (n_errors == 0)
        printf ("%s: error: %s\n", path, error->message);
      return EXIT_INVALID;
    }

  /* A short summary, so that a quiet success is still visibly a success. */
  printf (g_dngettext (GETTEXT_PACKAGE, "%s: valid, %u event", "%s: valid, %u events",
                       timeline->n_events),
          path, timeline->n_events);
  if (n_warnings > 0)
    printf (g_dngettext (GETTEXT_PACKAGE, ", %u warning", ", %u warnings", n_warnings),
            n_warnings);
  printf ("\n");

  return EXIT_OK;
}

static int
run_list (const char              *path,
          const AnnalsLoadOptions *limits)
{
  g_autoptr(AnnalsTimeline) timeline = NULL;
  g_autoptr(GString) out = g_string_sized_new (4096);
  int status = EXIT_OK;

  timeline = load (path, limits, FALSE, &status);
  if (timeline == NULL)
    return status;

  /* Events are kept sorted by start, then id: the order the list promises. */
  for (guint i = 0; i < timeline->n_events; i++)
    {
      const AnnalsEvent *event = &timeline->events[i];
      char start[64];
      char end[64];
      const char *track = "-";

      if (event->track >= 0)
        track = timeline->tracks[event->track].id;

      g_string_append_printf (out, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
                              event->id,
                              annals_event_type_to_string (event->type),
                              annals_date_format (&event->start, start, sizeof start),
                              annals_date_is_set (&event->end)
                                ? annals_date_format (&event->end, end, sizeof end) : "-",
                              annals_status_to_string (event->status),
                              track,
                              event->title != NULL ? event->title : "");

      if (out->len > 1 << 16)
        {
          fwrite (out->str, 1, out->len, stdout);
          g_string_truncate (out, 0);
        }
    }

  fwrite (out->str, 1, out->len, stdout);
  return EXIT_OK;
}

static gboolean
parse_bound (AnnalsTimeline *timeline,
             const char     *text,
             gboolean        is_end,
             double         *time)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GError) error = NULL;
  AnnalsDate date;

  if (timeline->tz != NULL)
    zone = annals_tz_parse (timeline->tz, NULL);

  if (!annals_date_parse (text, zone, &date, &error))
    {
      g_printerr ("annals: %s %s\n", is_end ? "--to:" : "--from:", error->message);
      return FALSE;
    }

  /* --to 2026 means to the end of 2026, as a reader would expect. */
  *time = is_end ? (double) annals_date_end_time (&date) : (double) date.time;
  return TRUE;
}

static int
run_export (const CliOptions        *options,
            const AnnalsLoadOptions *limits)
{
  g_autoptr(AnnalsTimeline) timeline = NULL;
  g_autoptr(AnnalsLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  AnnalsExportOptions export_options;
  int status = EXIT_OK;

  annals_export_options_init (&export_options);

  if (!annals_export_format_from_path (options->export_path, &export_options.format))
    {
      g_printerr (_("annals: cannot tell the format of “%s”: use a name ending in .png, .svg or .pdf\n"),
                  options->export_path);
      return EXIT_UNREADABLE;
    }
  if (options->files == NULL || options->files[0] == NULL || options->files[1] != NULL)
    {
      g_printerr (_("annals: --export needs exactly one dataset: annals --export OUT.png FILE\n"));
      return EXIT_UNREADABLE;
    }
  if (options->width != 0)
    export_options.width = options->width;
  if (options->height_text != NULL)
    {
      guint64 height = 0;

      if (!g_ascii_string_to_unsigned (options->height_text, 10, 0, 20000, &height, NULL)
          || (height != 0 && height < 16))
        {
          g_printerr (_("annals: --height must be 0 (as tall as the content) or 16 to 20000\n"));
          return EXIT_UNREADABLE;
        }
      export_options.height = (int) height;
    }
  if (options->scale != 0)
    export_options.scale = options->scale;
  if (export_options.width < 16 || export_options.width > 20000
      || export_options.height > 20000)
    {
      g_printerr (_("annals: --width must be between 16 and 20000\n"));
      return EXIT_UNREADABLE;
    }
  if (export_options.scale < 0.25 || export_options.scale > 8)
    {
      g_printerr (_("annals: --scale must be between 0.25 and 8\n"));
      return EXIT_UNREADABLE;
    }
  if (options->theme != NULL && !annals_theme_parse_variant (options->theme, &export_options.theme))
    {
      g_printerr (_("annals: unknown theme “%s”: use light or dark\n"), options->theme);
      return EXIT_UNREADABLE;
    }

  timeline = load (options->files[0], limits, FALSE, &status);
  if (timeline == NULL)
    return status;

  if (options->from != NULL || options->to != NULL)
    {
      AnnalsTime extent_start = 0;
      AnnalsTime extent_end = 0;

      annals_timeline_get_extent (timeline, &extent_start, &extent_end);
      export_options.start = extent_start;
      export_options.end = extent_end;

      if (options->from != NULL && !parse_bound (timeline, options->from, FALSE, &export_options.start))
        return EXIT_UNREADABLE;
      if (options->to != NULL && !parse_bound (timeline, options->to, TRUE, &export_options.end))
        return EXIT_UNREADABLE;
      if (export_options.end <= export_options.start)
        {
          g_printerr (_("annals: --to must come after --from\n"));
          return EXIT_UNREADABLE;
        }
    }

  layout = annals_layout_new (timeline, NULL);

  if (!annals_export_to_file (layout, &export_options, options->export_path, &error))
    {
      g_printerr ("annals: %s\n", error->message);
      return EXIT_UNREADABLE;
    }

  return EXIT_OK;
}

static gboolean
same_file (const char *a,
           const char *b)
{
  GStatBuf sa;
  GStatBuf sb;

  if (g_stat (a, &sa) != 0 || g_stat (b, &sb) != 0)
    return FALSE;

  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int
run_convert (const CliOptions        *options,
             const AnnalsLoadOptions *limits)
{
  g_autoptr(AnnalsTimeline) timeline = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;

  if (options->output == NULL)
    {
      g_printerr (_("annals: --convert needs an output file: annals --convert IN -o OUT.xml\n"));
      return EXIT_UNREADABLE;
    }
  /* Never overwrite what we read from. */
  if (same_file (options->convert, options->output))
    {
      g_printerr (_("annals: “%s” is the input file; choose another output file\n"),
                  options->output);
      return EXIT_UNREADABLE;
    }

  /* What an import could not carry over is said here, as warnings. */
  timeline = load (options->convert, limits, TRUE, &status);
  if (timeline == NULL)
    return status;

  if (!annals_write_native_file (timeline, options->output, &error))
    {
      g_printerr ("annals: %s\n", error->message);
      return EXIT_UNREADABLE;
    }

  return EXIT_OK;
}

gboolean
annals_cli_run (char **argv,
                int   *exit_status)
{
  g_auto(CliOptions) options = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  AnnalsLoadOptions limits = { 0 };
  int n_commands;
  const GOptionEntry entries[] = {
    { "check", 0, 0, G_OPTION_ARG_FILENAME, &options.check,
      N_("Check a dataset and print its errors and warnings"), N_("FILE") },
    { "list", 0, 0, G_OPTION_ARG_FILENAME, &options.list,
      N_("Print one line per event: id, type, start, end, status, track, title"), N_("FILE") },
    { "export", 0, 0, G_OPTION_ARG_FILENAME, &options.export_path,
      N_("Draw the dataset to a PNG, SVG or PDF file"), N_("OUT") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &options.from,
      N_("Export from this date (default: the start of the data)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &options.to,
      N_("Export up to the end of this date (default: the end of the data)"), N_("DATE") },
    { "width", 0, 0, G_OPTION_ARG_INT, &options.width,
      N_("Export width in pixels (default 1600)"), N_("PX") },
    { "height", 0, 0, G_OPTION_ARG_STRING, &options.height_text,
      N_("Export height in pixels (default 900; 0: as tall as the tracks need)"), N_("PX") },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &options.scale,
      N_("Pixels per unit, for HiDPI or print (default 1)"), N_("N") },
    { "theme", 0, 0, G_OPTION_ARG_STRING, &options.theme,
      N_("Colours of the export: light or dark (default light)"), N_("THEME") },
    { "convert", 0, 0, G_OPTION_ARG_FILENAME, &options.convert,
      N_("Convert a SIMILE, Timeline or Annals file to the Annals format"), N_("IN") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output,
      N_("Where --convert writes"), N_("OUT") },
    { "max-size", 0, 0, G_OPTION_ARG_STRING, &options.max_size,
      N_("Refuse files larger than this, e.g. 500MB or 4GiB (default 2GiB)"), N_("SIZE") },
    { "max-events", 0, 0, G_OPTION_ARG_INT64, &options.max_events,
      N_("Refuse files with more events than this (default 10000000)"), N_("N") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &options.version,
      N_("Print the version and exit"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options.files, NULL, N_("[FILE…]") },
    { NULL }
  };

  g_return_val_if_fail (argv != NULL, FALSE);
  g_return_val_if_fail (exit_status != NULL, FALSE);

  if (!is_headless (argv))
    return FALSE;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Opens timeline datasets (Annals, SIMILE Timeline, The Timeline "
                                  "Project) in a window, or, with one of the options below, works "
                                  "with no display."));
  g_option_context_set_description (context,
                                    _("Examples:\n"
                                      "  annals data.xml                     open in the window\n"
                                      "  annals --check data.xml             list problems with their lines\n"
                                      "  annals --list data.xml              one line per event\n"
                                      "  annals --export out.png data.xml    draw to PNG, SVG or PDF\n"
                                      "  annals --convert old.xml -o new.xml convert to the Annals format\n"
                                      "\n"
                                      "Exit status: 0 success, 1 invalid data, 2 unreadable file or bad usage."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  options.max_events = -1;             /* not given */

  /* g_option_context_parse_strv() edits the vector, so give it a copy. */
  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr ("annals: %s\n", error->message);
      g_printerr (_("Run “annals --help” to see the options.\n"));
      *exit_status = EXIT_UNREADABLE;
      return TRUE;
    }

  if (options.version)
    {
      printf ("annals %s\n", PACKAGE_VERSION);
      *exit_status = EXIT_OK;
      return TRUE;
    }

  n_commands = (options.check != NULL) + (options.list != NULL)
               + (options.export_path != NULL) + (options.convert != NULL);
  if (n_commands != 1)
    {
      g_printerr (_("annals: use one of --check, --list, --export or --convert at a time\n"));
      *exit_status = EXIT_UNREADABLE;
      return TRUE;
    }

  if ((options.check != NULL || options.list != NULL || options.convert != NULL)
      && options.files != NULL && options.files[0] != NULL)
    {
      g_printerr (_("annals: unexpected argument “%s”\n"), options.files[0]);
      *exit_status = EXIT_UNREADABLE;
      return TRUE;
    }

  if (options.max_size != NULL && !parse_size (options.max_size, &limits.max_bytes))
    {
      g_printerr (_("annals: --max-size: “%s” is not a size; give bytes or a number with a "
                    "unit, e.g. 500MB or 4GiB\n"), options.max_size);
      *exit_status = EXIT_UNREADABLE;
      return TRUE;
    }
  if (options.max_events != -1 && (options.max_events < 1 || options.max_events > G_MAXUINT))
    {
      g_printerr (_("annals: --max-events: give a number of events from 1 to %u\n"), G_MAXUINT);
      *exit_status = EXIT_UNREADABLE;
      return TRUE;
    }
  if (options.max_events != -1)
    limits.max_events = (guint) options.max_events;

  if (options.check != NULL)
    *exit_status = run_check (options.check, &limits);
  else if (options.list != NULL)
    *exit_status = run_list (options.list, &limits);
  else if (options.export_path != NULL)
    *exit_status = run_export (&options, &limits);
  else
    *exit_status = run_convert (&options, &limits);

  fflush (stdout);
  if (ferror (stdout))
    {
      g_printerr ("annals: %s\n", g_strerror (errno));
      *exit_status = EXIT_UNREADABLE;
    }

  return TRUE;
}
