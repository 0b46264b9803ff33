/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: what `annals --list` and `--convert` do with any file.
 * Oracle: every event's dates print; what the writer writes from a loaded
 * timeline loads again, with the same number of events. */

#include <gio/gio.h>
#include <stdlib.h>

#include "annals-loader.h"
#include "annals-writer.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
quiet_log_cb (const char     *domain,
              GLogLevelFlags  level,
              const char     *message,
              gpointer        user_data)
{
  if (level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR))
    abort ();
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static gboolean initialised;
  AnnalsTimeline *timeline;
  AnnalsTimeline *again;
  GOutputStream *out;
  GError *error = NULL;
  char buf[64];

  if (!initialised)
    {
      g_log_set_default_handler (quiet_log_cb, NULL);
      initialised = TRUE;
    }

  timeline = annals_load_data ((const char *) data, size, "fuzz.xml", NULL, NULL, &error);
  g_clear_error (&error);
  if (timeline == NULL)
    return 0;

  for (guint i = 0; i < timeline->n_events; i++)
    {
      const AnnalsEvent *event = &timeline->events[i];

      annals_date_format (&event->start, buf, sizeof buf);
      if (annals_date_is_set (&event->end))
        annals_date_format (&event->end, buf, sizeof buf);
      annals_status_to_string (event->status);
      annals_event_type_to_string (event->type);
    }

  out = g_memory_output_stream_new_resizable ();
  if (!annals_write_native (timeline, out, &error))
    abort ();
  g_output_stream_close (out, NULL, NULL);

  again = annals_load_data (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                            g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)),
                            "written.xml", NULL, NULL, &error);
  if (again == NULL || again->n_events != timeline->n_events)
    abort ();

  annals_timeline_unref (again);
  annals_timeline_unref (timeline);
  g_object_unref (out);
  return 0;
}
