/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "annals-diagnostics.h"
#include "annals-layout.h"
#include "annals-timeline.h"

G_BEGIN_DECLS

/* Loads one file in a worker thread: parses it with annals_load_file() and
 * builds its layout there too, so the window only swaps in the result. The
 * progress property is updated on the main thread. After the job finishes,
 * the timeline and layout are there on success and the diagnostics in every
 * case (they carry the parser's messages, with lines and columns). */

#define ANNALS_TYPE_LOAD_JOB (annals_load_job_get_type ())

G_DECLARE_FINAL_TYPE (AnnalsLoadJob, annals_load_job, ANNALS, LOAD_JOB, GObject)

AnnalsLoadJob     *annals_load_job_new             (GFile               *file);
/* Files larger than @max_bytes or with more than @max_events events are
 * refused (ANNALS_LOAD_ERROR_TOO_LARGE); 0 keeps the loader's default. Call
 * before running. */
void               annals_load_job_set_limits      (AnnalsLoadJob       *self,
                                                    goffset              max_bytes,
                                                    guint                max_events);
GFile             *annals_load_job_get_file        (AnnalsLoadJob       *self);
/* 0..1, the fraction of the file read. */
double             annals_load_job_get_progress    (AnnalsLoadJob       *self);
void               annals_load_job_run_async       (AnnalsLoadJob       *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean           annals_load_job_run_finish      (AnnalsLoadJob       *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* Borrowed; valid after a successful run. */
AnnalsTimeline    *annals_load_job_get_timeline    (AnnalsLoadJob       *self);
AnnalsLayout      *annals_load_job_get_layout      (AnnalsLoadJob       *self);
/* Borrowed; NULL before the run finishes. */
AnnalsDiagnostics *annals_load_job_get_diagnostics (AnnalsLoadJob       *self);
/* Hands the diagnostics to the caller (free with annals_diagnostics_free()). */
AnnalsDiagnostics *annals_load_job_steal_diagnostics (AnnalsLoadJob     *self);
/* How long parsing and layout took, in microseconds. */
gint64             annals_load_job_get_elapsed     (AnnalsLoadJob       *self);

G_END_DECLS
