/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-diagnostics.h"

#include <glib/gi18n-lib.h>

/* A broken file (say, every date written in the wrong order) can produce one
 * problem per line; nobody reads a million messages and keeping them would
 * cost more memory than the data. So only the first few are kept, and the
 * rest are counted. The cap counts warnings and errors alike: it bounds what
 * is stored, and a file with a flood of warnings is as unreadable as one with
 * a flood of errors. */

struct _AnnalsDiagnostics
{
  char   *file;
  GArray *items;                 /* AnnalsDiagnostic */
  guint   cap;
  guint   n_errors;              /* all added, kept or not */
  guint   n_warnings;
  guint   n_dropped_errors;
  guint   n_dropped_warnings;
};

static void
clear_diagnostic (gpointer data)
{
  AnnalsDiagnostic *item = data;

  g_clear_pointer (&item->message, g_free);
}

/**
 * annals_diagnostics_new:
 * @file: (nullable): the name shown in messages, usually the path
 *
 * Returns: (transfer full): an empty list that keeps at most
 *   %ANNALS_DIAGNOSTICS_DEFAULT_CAP items
 */
AnnalsDiagnostics *
annals_diagnostics_new (const char *file)
{
  AnnalsDiagnostics *self = g_new0 (AnnalsDiagnostics, 1);

  self->file = g_strdup (file);
  self->items = g_array_new (FALSE, TRUE, sizeof (AnnalsDiagnostic));
  g_array_set_clear_func (self->items, clear_diagnostic);
  self->cap = ANNALS_DIAGNOSTICS_DEFAULT_CAP;

  return self;
}

void
annals_diagnostics_free (AnnalsDiagnostics *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->items);
  g_free (self->file);
  g_free (self);
}

const char *
annals_diagnostics_get_file (AnnalsDiagnostics *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->file;
}

/**
 * annals_diagnostics_set_cap:
 * @cap: how many items to keep, warnings and errors together; 0 for no limit
 *
 * Items already kept stay; the cap applies to the ones added afterwards.
 */
void
annals_diagnostics_set_cap (AnnalsDiagnostics *self,
                            guint              cap)
{
  g_return_if_fail (self != NULL);

  self->cap = cap;
}

void
annals_diagnostics_add (AnnalsDiagnostics *self,
                        AnnalsSeverity     severity,
                        guint              line,
                        guint              column,
                        const char        *format,
                        ...)
{
  AnnalsDiagnostic item;
  va_list args;

  g_return_if_fail (self != NULL);
  g_return_if_fail (format != NULL);

  if (severity == ANNALS_SEVERITY_ERROR)
    self->n_errors++;
  else
    self->n_warnings++;

  if (self->cap != 0 && self->items->len >= self->cap)
    {
      /* Counted but not formatted: dropping should cost nothing. */
      if (severity == ANNALS_SEVERITY_ERROR)
        self->n_dropped_errors++;
      else
        self->n_dropped_warnings++;
      return;
    }

  item.severity = severity;
  item.line = line;
  item.column = column;

  va_start (args, format);
  item.message = g_strdup_vprintf (format, args);
  va_end (args);

  g_array_append_val (self->items, item);
}

guint
annals_diagnostics_get_n_items (AnnalsDiagnostics *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->items->len;
}

const AnnalsDiagnostic *
annals_diagnostics_get_item (AnnalsDiagnostics *self,
                             guint              index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->items->len, NULL);

  return &g_array_index (self->items, AnnalsDiagnostic, index);
}

/**
 * annals_diagnostics_count:
 *
 * Returns: how many of @severity were added, including those dropped
 *   beyond the cap, so that "are there errors?" has one answer
 */
guint
annals_diagnostics_count (AnnalsDiagnostics *self,
                          AnnalsSeverity     severity)
{
  g_return_val_if_fail (self != NULL, 0);

  return severity == ANNALS_SEVERITY_ERROR ? self->n_errors : self->n_warnings;
}

/**
 * annals_diagnostics_get_n_dropped:
 *
 * Returns: how many items (errors and warnings) were counted but not kept
 */
guint
annals_diagnostics_get_n_dropped (AnnalsDiagnostics *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_dropped_errors + self->n_dropped_warnings;
}

static void
append_location (GString    *out,
                 const char *file,
                 guint       line,
                 guint       column)
{
  if (file != NULL)
    g_string_append (out, file);

  if (line > 0)
    {
      if (file != NULL)
        g_string_append_c (out, ':');
      g_string_append_printf (out, "%u", line);
      if (column > 0)
        g_string_append_printf (out, ":%u", column);
    }

  if (file != NULL || line > 0)
    g_string_append (out, ": ");
}

static void
append_item (GString                *out,
             const char             *file,
             const AnnalsDiagnostic *item)
{
  /* The shape compilers use, so that editors and terminals can jump to it. */
  append_location (out, file, item->line, item->column);
  g_string_append (out, item->severity == ANNALS_SEVERITY_ERROR ? _("error") : _("warning"));
  g_string_append (out, ": ");
  g_string_append (out, item->message != NULL ? item->message : "");
}

/**
 * annals_diagnostic_to_string:
 *
 * Returns: (transfer full): "FILE:LINE:COL: error: message", without ":COL"
 *   when the column is unknown and without ":LINE:COL" when the line is
 */
char *
annals_diagnostic_to_string (AnnalsDiagnostics      *self,
                             const AnnalsDiagnostic *item)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (item != NULL, NULL);

  out = g_string_new (NULL);
  append_item (out, self->file, item);

  return g_string_free (out, FALSE);
}

/**
 * annals_diagnostics_to_string:
 *
 * Returns: (transfer full): every kept item on its own line, then one line
 *   saying how many were not kept; "" when there is nothing
 */
char *
annals_diagnostics_to_string (AnnalsDiagnostics *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      append_item (out, self->file, &g_array_index (self->items, AnnalsDiagnostic, i));
      g_string_append_c (out, '\n');
    }

  if (self->n_dropped_errors + self->n_dropped_warnings > 0)
    {
      append_location (out, self->file, 0, 0);

      if (self->n_dropped_warnings == 0)
        g_string_append_printf (out,
                                g_dngettext (GETTEXT_PACKAGE,
                                             "%u more error not shown",
                                             "%u more errors not shown",
                                             self->n_dropped_errors),
                                self->n_dropped_errors);
      else if (self->n_dropped_errors == 0)
        g_string_append_printf (out,
                                g_dngettext (GETTEXT_PACKAGE,
                                             "%u more warning not shown",
                                             "%u more warnings not shown",
                                             self->n_dropped_warnings),
                                self->n_dropped_warnings);
      else
        /* Translators: "3 more errors and warnings not shown". */
        g_string_append_printf (out, _("%u more errors and warnings not shown"),
                                self->n_dropped_errors + self->n_dropped_warnings);

      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}
