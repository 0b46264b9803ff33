/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-load-job.h"

#include <glib/gi18n.h>

#include "annals-loader.h"

struct _AnnalsLoadJob
{
  GObject            parent_instance;

  /* owned */
  GFile             *file;
  GMainContext      *context;
  AnnalsTimeline    *timeline;         /* written by the worker, read after it returns */
  AnnalsLayout      *layout;
  AnnalsDiagnostics *diagnostics;

  goffset            max_bytes;        /* 0: the loader's defaults */
  guint              max_events;

  gint64             elapsed;
  double             progress;         /* main thread */
  gint               permille;         /* atomic: written by the worker */
  gint               idle_pending;     /* atomic */
};

G_DEFINE_FINAL_TYPE (AnnalsLoadJob, annals_load_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
report_progress_cb (gpointer user_data)
{
  AnnalsLoadJob *self = user_data;
  double progress;

  g_atomic_int_set (&self->idle_pending, 0);
  progress = g_atomic_int_get (&self->permille) / 1000.0;
  if (progress != self->progress)
    {
      self->progress = progress;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
  return G_SOURCE_REMOVE;
}

/* Called in the worker thread for every chunk read: keep it cheap, and queue
 * at most one update for the main thread at a time. */
static void
loader_progress_cb (double   fraction,
                    gpointer user_data)
{
  AnnalsLoadJob *self = user_data;
  gint permille = (gint) (CLAMP (fraction, 0.0, 1.0) * 1000.0);
  gint previous = g_atomic_int_get (&self->permille);

  if (permille - previous < 5 && permille != 1000)
    return;

  g_atomic_int_set (&self->permille, permille);
  if (g_atomic_int_compare_and_exchange (&self->idle_pending, 0, 1))
    g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, report_progress_cb,
                                g_object_ref (self), g_object_unref);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  AnnalsLoadJob *self = source_object;
  AnnalsLoadOptions options = { 0 };
  g_autoptr(AnnalsTimeline) timeline = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (self->file);
  gint64 begin = g_get_monotonic_time ();

  options.max_bytes = self->max_bytes;
  options.max_events = self->max_events;
  options.cancellable = cancellable;
  options.progress = loader_progress_cb;
  options.progress_data = self;

  if (path != NULL)
    timeline = annals_load_file (path, &options, &self->diagnostics, &error);
  else
    {
      /* Not on a local disk (a gvfs mount): read it whole, then parse. */
      g_autofree char *contents = NULL;
      g_autofree char *name = g_file_get_basename (self->file);
      gsize length = 0;

      if (g_file_load_contents (self->file, cancellable, &contents, &length, NULL, &error))
        timeline = annals_load_data (contents, length, name, &options, &self->diagnostics, &error);
    }

  if (timeline == NULL)
    {
      if (g_cancellable_is_cancelled (cancellable))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                                 _("Loading was cancelled"));
      else if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID, "%s",
                                 _("The file could not be read"));
      return;
    }

  self->layout = annals_layout_new (timeline, NULL);
  self->timeline = g_steal_pointer (&timeline);
  self->elapsed = g_get_monotonic_time () - begin;
  g_task_return_boolean (task, TRUE);
}

static void
annals_load_job_finalize (GObject *object)
{
  AnnalsLoadJob *self = ANNALS_LOAD_JOB (object);

  g_clear_object (&self->file);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->layout, annals_layout_unref);
  g_clear_pointer (&self->timeline, annals_timeline_unref);
  g_clear_pointer (&self->diagnostics, annals_diagnostics_free);

  G_OBJECT_CLASS (annals_load_job_parent_class)->finalize (object);
}

static void
annals_load_job_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AnnalsLoadJob *self = ANNALS_LOAD_JOB (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
annals_load_job_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AnnalsLoadJob *self = ANNALS_LOAD_JOB (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
annals_load_job_class_init (AnnalsLoadJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = annals_load_job_finalize;
  object_class->get_property = annals_load_job_get_property;
  object_class->set_property = annals_load_job_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL,
                         0, 1, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
annals_load_job_init (AnnalsLoadJob *self)
{
}

AnnalsLoadJob *
annals_load_job_new (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (ANNALS_TYPE_LOAD_JOB, "file", file, NULL);
}

void
annals_load_job_set_limits (AnnalsLoadJob *self,
                            goffset        max_bytes,
                            guint          max_events)
{
  g_return_if_fail (ANNALS_IS_LOAD_JOB (self));
  g_return_if_fail (self->context == NULL);

  self->max_bytes = MAX (max_bytes, 0);
  self->max_events = max_events;
}

GFile *
annals_load_job_get_file (AnnalsLoadJob *self)
{
  g_return_val_if_fail (ANNALS_IS_LOAD_JOB (self), NULL);

  return self->file;
}

double
annals_load_job_get_progress (AnnalsLoadJob *self)
{
  g_return_val_if_fail (ANNALS_IS_LOAD_JOB (self), 0);

  return self->progress;
}

void
annals_load_job_run_async (AnnalsLoadJob       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ANNALS_IS_LOAD_JOB (self));
  g_return_if_fail (self->context == NULL);

  self->context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, annals_load_job_run_async);
  g_task_set_name (task, "[annals] load");
  g_task_run_in_thread (task, load_thread);
}

gboolean
annals_load_job_run_finish (AnnalsLoadJob  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (ANNALS_IS_LOAD_JOB (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

AnnalsTimeline *
annals_load_job_get_timeline (AnnalsLoadJob *self)
{
  g_return_val_if_fail (ANNALS_IS_LOAD_JOB (self), NULL);

  return self->timeline;
}

AnnalsLayout *
annals_load_job_get_layout (AnnalsLoadJob *self)
{
  g_return_val_if_fail (ANNALS_IS_LOAD_JOB (self), NULL);

  return self->layout;
}

AnnalsDiagnostics *
annals_load_job_get_diagnostics (AnnalsLoadJob *self)
{
  g_return_val_if_fail (ANNALS_IS_LOAD_JOB (self), NULL);

  return self->diagnostics;
}

AnnalsDiagnostics *
annals_load_job_steal_diagnostics (AnnalsLoadJob *self)
{
  g_return_val_if_fail (ANNALS_IS_LOAD_JOB (self), NULL);

  return g_steal_pointer (&self->diagnostics);
}

gint64
annals_load_job_get_elapsed (AnnalsLoadJob *self)
{
  g_return_val_if_fail (ANNALS_IS_LOAD_JOB (self), 0);

  return self->elapsed;
}
