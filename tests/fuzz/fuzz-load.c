/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: one reader of the loader, chosen at build time with
 * FUZZ_FORMAT (native, SIMILE or The Timeline Project). Inputs of another
 * format are skipped, so the fuzzer learns to keep the root it needs and its
 * time goes to that reader. Whatever the input: no crash, no leak, no
 * sanitizer report, and a NULL result always comes with an error. */

#include <glib.h>
#include <stdlib.h>

#include "annals-loader.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
quiet_log_cb (const char     *domain,
              GLogLevelFlags  level,
              const char     *message,
              gpointer        user_data)
{
  /* Criticals are bugs: make them crashes the fuzzer keeps. */
  if (level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR))
    abort ();
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static gboolean initialised;
  AnnalsDiagnostics *diagnostics = NULL;
  GError *error = NULL;
  AnnalsTimeline *timeline;

  if (!initialised)
    {
      g_log_set_default_handler (quiet_log_cb, NULL);
      initialised = TRUE;
    }

  if (annals_detect_format ((const char *) data, size) != FUZZ_FORMAT)
    return 0;

  timeline = annals_load_data ((const char *) data, size, "fuzz.xml", NULL, &diagnostics, &error);
  if (timeline == NULL && error == NULL)
    abort ();

  g_clear_pointer (&timeline, annals_timeline_unref);
  g_clear_pointer (&diagnostics, annals_diagnostics_free);
  g_clear_error (&error);
  return 0;
}
