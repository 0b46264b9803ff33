/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-window.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "annals-loader.h"
#include "annals-search.h"
#include "annals-overview.h"
#include "annals-preferences.h"
#include "annals-window-private.h"

/* A load shorter than this never shows the progress bar, so small files
 * open without a flicker. */
#define PROGRESS_DELAY_MS 250
/* Editors write a file in several steps; wait for them to settle. */
#define RELOAD_DELAY_MS   400

G_DEFINE_FINAL_TYPE (AnnalsWindow, annals_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SHOW_DETAILS,
  PROP_LOADING,
  PROP_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_show_details (AnnalsWindow *self,
                  gboolean      show_details)
{
  show_details = !!show_details;
  if (self->show_details == show_details)
    return;

  self->show_details = show_details;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_DETAILS]);
}

static char *
format_elapsed (gint64 usec)
{
  if (usec < 1000 * G_TIME_SPAN_MILLISECOND)
    /* Translators: how long loading took, in milliseconds */
    return g_strdup_printf (_("%d ms"), (int) MAX (1, (usec + 500) / 1000));
  /* Translators: how long loading took, in seconds */
  return g_strdup_printf (_("%.1f s"), usec / (double) G_USEC_PER_SEC);
}

static void
update_title (AnnalsWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *events = NULL;
  g_autofree char *elapsed = NULL;
  g_autofree char *subtitle = NULL;
  const char *title;

  if (self->timeline == NULL || self->file == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Annals"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Annals"));
      return;
    }

  name = g_file_get_basename (self->file);
  title = self->timeline->title != NULL && self->timeline->title[0] != '\0'
          ? self->timeline->title : name;
  events = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events",
                                         self->timeline->n_events),
                            self->timeline->n_events);
  elapsed = format_elapsed (self->elapsed);
  /* Translators: file name, number of events and load time, such as
   * "nato-2026.xml — 18 events, loaded in 12 ms" */
  subtitle = g_strdup_printf (_("%s — %s, loaded in %s"), name, events, elapsed);

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
reload_now (AnnalsWindow *self)
{
  if (self->file != NULL)
    annals_window_reload (self);
}

static gboolean
reload_timeout_cb (gpointer user_data)
{
  AnnalsWindow *self = user_data;

  self->reload_id = 0;
  reload_now (self);
  return G_SOURCE_REMOVE;
}

static void
monitor_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other_file,
                    GFileMonitorEvent  event,
                    AnnalsWindow      *self)
{
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
      break;

    case G_FILE_MONITOR_EVENT_RENAMED:
      /* An editor's atomic save renames a new copy over the file. */
      if (other_file == NULL || self->file == NULL || !g_file_equal (other_file, self->file))
        return;
      break;

    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    default:
      return;
    }

  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_timeout_cb, self);
}

static void
watch_file (AnnalsWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->monitor, monitor_changed_cb, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }

  if (self->file == NULL)
    return;

  self->monitor = g_file_monitor_file (self->file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->monitor == NULL)
    {
      g_debug ("Not watching %s: %s", g_file_peek_path (self->file), error->message);
      return;
    }
  g_signal_connect (self->monitor, "changed", G_CALLBACK (monitor_changed_cb), self);
}

static void
clear_failure (AnnalsWindow *self)
{
  g_clear_object (&self->failed_file);
  g_clear_error (&self->failed_error);
  g_clear_pointer (&self->failed_diagnostics, annals_diagnostics_free);
}

static void
hide_progress (AnnalsWindow *self)
{
  g_clear_handle_id (&self->progress_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "loading") == 0)
    gtk_stack_set_visible_child_name (self->main_stack, self->timeline != NULL ? "timeline"
                                                                                : "empty");
}

/* A first file loads in the middle of the window; a file replacing or
 * reloading one shows a bar above the timeline, which stays usable. */
static gboolean
show_progress_cb (gpointer user_data)
{
  AnnalsWindow *self = user_data;

  self->progress_id = 0;
  if (self->job == NULL)
    return G_SOURCE_REMOVE;

  gtk_progress_bar_set_fraction (self->progress_bar, annals_load_job_get_progress (self->job));
  gtk_progress_bar_set_fraction (self->loading_progress, annals_load_job_get_progress (self->job));
  if (self->timeline == NULL)
    gtk_stack_set_visible_child_name (self->main_stack, "loading");
  else
    gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  return G_SOURCE_REMOVE;
}

static void
job_progress_cb (AnnalsLoadJob *job,
                 GParamSpec    *pspec,
                 AnnalsWindow  *self)
{
  double fraction = annals_load_job_get_progress (job);

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_progress_bar_set_fraction (self->loading_progress, fraction);
}

void
annals_window_cancel_load (AnnalsWindow *self)
{
  if (self->job == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_signal_handlers_disconnect_by_func (self->job, job_progress_cb, self);
  g_clear_object (&self->job);
  g_clear_object (&self->cancellable);
  hide_progress (self);
  annals_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* What the timeline dims: the events citing an open source first, else the
 * search results, else nothing. */
static void
apply_highlight (AnnalsWindow *self)
{
  gint source = annals_details_panel_get_source (self->details_panel);

  if (self->timeline == NULL)
    return;

  if (source >= 0)
    {
      g_autofree guint8 *citing = g_new0 (guint8, MAX (1, self->timeline->n_events));
      gint current = annals_details_panel_get_event (self->details_panel);
      guint i;
      guint j;

      for (i = 0; i < self->timeline->n_events; i++)
        {
          const AnnalsEventDetail *detail = self->timeline->events[i].detail;

          for (j = 0; detail != NULL && j < detail->n_cites && !citing[i]; j++)
            citing[i] = detail->cites[j].source == source;
        }
      if (current >= 0)
        citing[current] = 1;
      annals_timeline_view_set_highlight (self->timeline_view, citing, self->timeline->n_events);
    }
  else if (self->search_matches != NULL)
    annals_timeline_view_set_highlight (self->timeline_view, self->search_matches,
                                        self->n_search_matches);
  else
    annals_timeline_view_set_highlight (self->timeline_view, NULL, 0);
}

/* Small files are searched at once, so results never flicker; bigger ones in
 * a worker thread, so that typing stays fluid over a million events. */
#define SEARCH_SYNC_EVENTS 50000

typedef struct
{
  AnnalsSearch   *search;
  AnnalsTimeline *timeline;
  guint8         *matches;
  guint           n_matches;
} SearchData;

static void
search_data_free (gpointer data)
{
  SearchData *search_data = data;

  annals_search_free (search_data->search);
  annals_timeline_unref (search_data->timeline);
  g_free (search_data->matches);
  g_free (search_data);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SearchData *data = task_data;

  data->n_matches = annals_search_run (data->search, data->timeline, 0,
                                       data->timeline->n_events, data->matches, cancellable);
  if (g_cancellable_is_cancelled (cancellable))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
  else
    g_task_return_boolean (task, TRUE);
}

/* "3 of 12" when the selection is a match, else how many there are. Only
 * matches the filters leave visible count: the others cannot be reached. */
static void
update_search_status (AnnalsWindow *self)
{
  g_autofree char *status = NULL;
  gint selected;
  guint position = 0;
  guint n_visible = 0;
  guint i;

  if (self->search_cancellable != NULL)
    {
      gtk_label_set_label (self->search_status, _("Searching…"));
      return;
    }
  if (self->search_matches == NULL || self->layout == NULL)
    {
      gtk_label_set_label (self->search_status, "");
      return;
    }

  selected = annals_timeline_view_get_selected (self->timeline_view);
  for (i = 0; i < self->n_search_matches; i++)
    if (self->search_matches[i] && annals_layout_is_visible (self->layout, i))
      {
        n_visible++;
        if ((gint) i == selected)
          position = n_visible;
      }

  if (n_visible == 0)
    gtk_label_set_label (self->search_status, _("No matches"));
  else if (position > 0)
    {
      /* Translators: the selected search result and how many there are */
      status = g_strdup_printf (_("%u of %u"), position, n_visible);
      gtk_label_set_label (self->search_status, status);
    }
  else
    {
      status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match", "%u matches", n_visible),
                                n_visible);
      gtk_label_set_label (self->search_status, status);
    }
}

static void
set_search_matches (AnnalsWindow *self,
                    guint8       *matches)
{
  g_clear_pointer (&self->search_matches, g_free);
  self->search_matches = matches;
  self->n_search_matches = matches != NULL ? self->timeline->n_events : 0;
  update_search_status (self);
  apply_highlight (self);
}

static void
search_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  AnnalsWindow *self = ANNALS_WINDOW (object);
  GTask *task = G_TASK (result);
  SearchData *data = g_task_get_task_data (task);

  /* A newer search (or a new file) replaced this one. */
  if (!g_task_propagate_boolean (task, NULL) || g_task_get_cancellable (task) != self->search_cancellable
      || data->timeline != self->timeline)
    return;

  g_clear_object (&self->search_cancellable);
  set_search_matches (self, g_steal_pointer (&data->matches));
}

static void
run_search (AnnalsWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(AnnalsSearch) search = NULL;
  g_autoptr(GTask) task = NULL;
  SearchData *data;
  guint8 *matches;

  if (self->search_cancellable != NULL)
    {
      g_cancellable_cancel (self->search_cancellable);
      g_clear_object (&self->search_cancellable);
    }

  g_free (self->search_text);
  self->search_text = g_strdup (text);
  if (self->timeline != NULL && text != NULL)
    search = annals_search_new (text);
  if (search == NULL)
    {
      set_search_matches (self, NULL);
      return;
    }

  matches = g_new0 (guint8, MAX (1, self->timeline->n_events));
  if (self->timeline->n_events <= SEARCH_SYNC_EVENTS)
    {
      annals_search_run (search, self->timeline, 0, self->timeline->n_events, matches, NULL);
      set_search_matches (self, matches);
      return;
    }

  data = g_new0 (SearchData, 1);
  data->search = g_steal_pointer (&search);
  data->timeline = annals_timeline_ref (self->timeline);
  data->matches = matches;
  self->search_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->search_cancellable, search_done_cb, NULL);
  g_task_set_source_tag (task, run_search);
  g_task_set_task_data (task, data, search_data_free);
  g_task_run_in_thread (task, search_thread);
  update_search_status (self);
}

/* The next match after the selection in time order (events are sorted by
 * start), wrapping around; only events the filters leave visible. */
static void
search_step (AnnalsWindow *self,
             int           direction)
{
  gint n;
  gint start;
  gint i;

  if (self->layout == NULL || self->search_matches == NULL)
    return;

  n = (gint) self->n_search_matches;
  start = annals_timeline_view_get_selected (self->timeline_view);
  if (start < 0 || start >= n)
    start = direction > 0 ? -1 : n;

  for (i = 1; i <= n; i++)
    {
      gint event = start + direction * i;

      event = ((event % (n + 1)) + (n + 1)) % (n + 1);
      if (event == n)
        continue;
      if (self->search_matches[event] && annals_layout_is_visible (self->layout, event))
        {
          annals_timeline_view_set_selected (self->timeline_view, event);
          annals_timeline_view_scroll_to_event (self->timeline_view, event);
          update_search_status (self);
          return;
        }
    }
}

static void
search_changed_cb (GtkSearchEntry *entry,
                   AnnalsWindow   *self)
{
  /* The entry reports a change again after its typing delay; the matches
   * are already there (or on their way). */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), self->search_text) == 0)
    return;
  run_search (self);
}

static void
search_next_cb (GtkSearchEntry *entry,
                AnnalsWindow   *self)
{
  search_step (self, 1);
}

static void
search_previous_cb (GtkSearchEntry *entry,
                    AnnalsWindow   *self)
{
  search_step (self, -1);
}

static void
search_stop_cb (GtkSearchEntry *entry,
                AnnalsWindow   *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
search_mode_cb (GtkSearchBar *search_bar,
                GParamSpec   *pspec,
                AnnalsWindow *self)
{
  if (gtk_search_bar_get_search_mode (search_bar))
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  run_search (self);
  if (self->layout != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->timeline_view));
}

static void
selected_cb (AnnalsTimelineView *view,
             GParamSpec         *pspec,
             AnnalsWindow       *self)
{
  if (self->search_matches != NULL)
    update_search_status (self);
}

static void
details_source_cb (AnnalsDetailsPanel *panel,
                   GParamSpec         *pspec,
                   AnnalsWindow       *self)
{
  apply_highlight (self);
}

static void
event_activated_cb (AnnalsTimelineView *view,
                    guint               event,
                    AnnalsWindow       *self)
{
  set_show_details (self, TRUE);
}

/* Filtering a file this big takes a noticeable time to lay out again: do it
 * in a worker thread so that the window keeps responding. */
#define RELAYOUT_SYNC_EVENTS 100000

typedef struct
{
  AnnalsTimeline *timeline;
  gboolean       *hidden_tracks;
  gboolean       *collapsed_tracks;
  gboolean       *hidden_categories;
  guint32         hidden_statuses;
  AnnalsTime      from;
  AnnalsTime      to;
} RelayoutData;

static void
relayout_data_free (gpointer data)
{
  RelayoutData *relayout = data;

  annals_timeline_unref (relayout->timeline);
  g_free (relayout->hidden_tracks);
  g_free (relayout->collapsed_tracks);
  g_free (relayout->hidden_categories);
  g_free (relayout);
}

static void
relayout_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  RelayoutData *data = task_data;
  AnnalsLayoutOptions options;

  annals_layout_options_init (&options);
  options.hidden_tracks = data->hidden_tracks;
  options.collapsed_tracks = data->collapsed_tracks;
  options.hidden_categories = data->hidden_categories;
  options.hidden_statuses = data->hidden_statuses;
  options.from = data->from;
  options.to = data->to;
  g_task_return_pointer (task, annals_layout_new (data->timeline, &options),
                         (GDestroyNotify) annals_layout_unref);
}

static void
show_layout (AnnalsWindow *self,
             AnnalsLayout *layout)
{
  gint selected = annals_timeline_view_get_selected (self->timeline_view);

  /* A selection the filter hides would leave the details panel describing
   * something the timeline does not show. */
  if (selected >= 0 && !annals_layout_is_visible (layout, selected))
    annals_timeline_view_set_selected (self->timeline_view, -1);
  g_clear_pointer (&self->layout, annals_layout_unref);
  self->layout = annals_layout_ref (layout);
  annals_timeline_view_set_layout (self->timeline_view, layout);
  annals_overview_set_layout (self->overview, layout);
  annals_event_list_set_layout (self->event_list, layout);
  update_search_status (self);
}

static void
relayout_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AnnalsWindow *self = ANNALS_WINDOW (object);
  GTask *task = G_TASK (result);
  RelayoutData *data = g_task_get_task_data (task);
  g_autoptr(AnnalsLayout) layout = g_task_propagate_pointer (task, NULL);

  /* A newer filter (or another file) replaced this one. */
  if (layout == NULL || g_task_get_cancellable (task) != self->layout_cancellable
      || g_cancellable_is_cancelled (self->layout_cancellable) || data->timeline != self->timeline)
    return;

  g_clear_object (&self->layout_cancellable);
  show_layout (self, layout);
}

static void
rebuild_layout (AnnalsWindow *self)
{
  g_autoptr(AnnalsLayout) layout = NULL;
  g_autoptr(GTask) task = NULL;
  AnnalsLayoutOptions options;
  RelayoutData *data;
  guint n_tracks;

  if (self->layout_cancellable != NULL)
    {
      g_cancellable_cancel (self->layout_cancellable);
      g_clear_object (&self->layout_cancellable);
    }

  annals_layout_options_init (&options);
  annals_legend_get_options (self->legend, &options);
  options.collapsed_tracks = self->collapsed;
  if (self->timeline->n_events <= RELAYOUT_SYNC_EVENTS)
    {
      layout = annals_layout_new (self->timeline, &options);
      show_layout (self, layout);
      return;
    }

  /* The legend's arrays change with the next click: the thread gets copies. */
  n_tracks = MAX (1, self->timeline->n_tracks);
  data = g_new0 (RelayoutData, 1);
  data->timeline = annals_timeline_ref (self->timeline);
  data->hidden_tracks = options.hidden_tracks != NULL
                        ? g_memdup2 (options.hidden_tracks, n_tracks * sizeof (gboolean)) : NULL;
  data->collapsed_tracks = options.collapsed_tracks != NULL
                           ? g_memdup2 (options.collapsed_tracks, n_tracks * sizeof (gboolean))
                           : NULL;
  data->hidden_categories = options.hidden_categories != NULL
                            ? g_memdup2 (options.hidden_categories,
                                         MAX (1, self->timeline->n_categories) * sizeof (gboolean))
                            : NULL;
  data->hidden_statuses = options.hidden_statuses;
  data->from = options.from;
  data->to = options.to;

  self->layout_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->layout_cancellable, relayout_done_cb, NULL);
  g_task_set_source_tag (task, rebuild_layout);
  g_task_set_task_data (task, data, relayout_data_free);
  g_task_run_in_thread (task, relayout_thread);
}

/* GLib caches the state directory the first time it is asked and, before
 * 2.78, keeps it when tests isolate their directories; the environment is
 * what the XDG specification defines anyway. */
static char *
filters_path (void)
{
  const char *state = g_getenv ("XDG_STATE_HOME");

  if (state == NULL || !g_path_is_absolute (state))
    state = g_get_user_state_dir ();
  return g_build_filename (state, "annals", "filters.ini", NULL);
}

/* The filters of each file, keyed by its URI, so that reopening a file shows
 * it as it was left. Losing them is harmless: errors are only logged. */
static void
save_filters (AnnalsWindow *self)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = filters_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *uri = NULL;

  if (self->file == NULL)
    return;

  uri = g_file_get_uri (self->file);
  g_key_file_load_from_file (key_file, path, G_KEY_FILE_KEEP_COMMENTS, NULL);
  /* Files never filtered leave no trace. */
  if (!annals_legend_get_filtering (self->legend) && !g_key_file_has_group (key_file, uri))
    return;
  annals_legend_save (self->legend, key_file, uri);
  if (g_mkdir_with_parents (dir, 0700) != 0 || !g_key_file_save_to_file (key_file, path, &error))
    g_debug ("Could not save the filters to %s: %s", path,
             error != NULL ? error->message : g_strerror (errno));
}

static void
load_filters (AnnalsWindow *self)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autofree char *path = filters_path ();
  g_autofree char *uri = NULL;

  if (self->file == NULL)
    return;

  uri = g_file_get_uri (self->file);
  g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, NULL);
  annals_legend_load (self->legend, key_file, uri);
}

static void
legend_changed_cb (AnnalsLegend *legend,
                   AnnalsWindow *self)
{
  if (self->timeline == NULL)
    return;

  save_filters (self);
  rebuild_layout (self);
}

static void
list_activated_cb (AnnalsEventList *list,
                   guint            event,
                   AnnalsWindow    *self)
{
  set_show_details (self, TRUE);
}

/* The list and the timeline are two views of one selection; the overview
 * steers the timeline only, so it goes with it. */
static void
list_toggled_cb (GtkToggleButton *button,
                 AnnalsWindow    *self)
{
  gboolean list = gtk_toggle_button_get_active (button);

  gtk_stack_set_visible_child_name (self->view_stack, list ? "list" : "timeline");
  gtk_widget_set_visible (GTK_WIDGET (self->overview), !list);
  gtk_widget_grab_focus (list ? GTK_WIDGET (self->event_list) : GTK_WIDGET (self->timeline_view));
  annals_window_update_actions (self);
}

static void
toggle_track_cb (AnnalsTimelineView *view,
                 gint                track,
                 AnnalsWindow       *self)
{
  if (self->timeline == NULL || track < 0 || (guint) track >= self->timeline->n_tracks)
    return;

  if (self->collapsed == NULL)
    self->collapsed = g_new0 (gboolean, self->timeline->n_tracks);
  self->collapsed[track] = !self->collapsed[track];
  annals_legend_set_collapsed (self->legend, self->collapsed);
  rebuild_layout (self);
}

/* Collapsed groups survive a reload by id, as the selection does. */
static gboolean
carry_collapsed (AnnalsWindow   *self,
                 AnnalsTimeline *old_timeline,
                 AnnalsTimeline *new_timeline)
{
  g_autofree gboolean *collapsed = NULL;
  gboolean any = FALSE;
  guint i;

  if (self->collapsed == NULL || old_timeline == NULL || new_timeline->n_tracks == 0)
    {
      g_clear_pointer (&self->collapsed, g_free);
      return FALSE;
    }

  collapsed = g_new0 (gboolean, new_timeline->n_tracks);
  for (i = 0; i < old_timeline->n_tracks; i++)
    {
      gint track;

      if (!self->collapsed[i] || old_timeline->tracks[i].id == NULL)
        continue;
      track = annals_timeline_find_track (new_timeline, old_timeline->tracks[i].id);
      if (track >= 0)
        any = collapsed[track] = TRUE;
    }

  g_free (self->collapsed);
  self->collapsed = any ? g_steal_pointer (&collapsed) : NULL;
  return any;
}

static void
set_bounds_for (AnnalsWindow *self,
                AnnalsLayout *layout)
{
  AnnalsTime lower;
  AnnalsTime upper;

  if (!annals_layout_get_extent (layout, &lower, &upper) || upper <= lower)
    {
      /* Nothing to show: a year around the as-of date or today, so the axis
       * still reads sensibly. */
      AnnalsTime centre = annals_date_is_set (&self->timeline->as_of)
                          ? self->timeline->as_of.time
                          : g_get_real_time () / G_USEC_PER_SEC;

      lower = centre - 183 * (AnnalsTime) ANNALS_SECONDS_PER_DAY;
      upper = centre + 183 * (AnnalsTime) ANNALS_SECONDS_PER_DAY;
    }
  annals_viewport_set_bounds (self->viewport, (double) lower, (double) upper);
}

static void
add_to_recent (AnnalsWindow *self,
               GFile        *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  GtkRecentData data = { 0 };
  const char *groups[] = { "annals", NULL };

  data.display_name = NULL;
  data.mime_type = (char *) "application/x-annals-timeline+xml";
  data.app_name = (char *) g_get_application_name ();
  data.app_exec = (char *) "annals %u";
  data.groups = (char **) groups;
  gtk_recent_manager_add_full (self->recent_manager, uri, &data);
}

static void
apply_document (AnnalsWindow  *self,
                AnnalsLoadJob *job,
                gboolean       is_reload)
{
  AnnalsTimeline *timeline = annals_load_job_get_timeline (job);
  AnnalsLayout *layout = annals_load_job_get_layout (job);
  g_autoptr(AnnalsLayout) collapsed_layout = NULL;
  g_autoptr(AnnalsLayout) filtered_layout = NULL;
  GFile *file = annals_load_job_get_file (job);
  g_autofree char *selected_id = NULL;
  g_autofree char *name = g_file_get_basename (file);
  double start = annals_viewport_get_start (self->viewport);
  double end = annals_viewport_get_end (self->viewport);
  gboolean keep_view = is_reload && self->file != NULL && g_file_equal (self->file, file);
  gint selected = annals_timeline_view_get_selected (self->timeline_view);
  double scroll_y = annals_timeline_view_get_scroll_y (self->timeline_view);
  guint n_warnings;

  /* The selection survives a reload by id, since indexes change when events
   * are added or moved in the file. */
  if (keep_view && self->timeline != NULL && selected >= 0)
    selected_id = g_strdup (self->timeline->events[selected].id);
  if (keep_view && carry_collapsed (self, self->timeline, timeline))
    {
      AnnalsLayoutOptions options;

      annals_layout_options_init (&options);
      options.collapsed_tracks = self->collapsed;
      layout = collapsed_layout = annals_layout_new (timeline, &options);
    }
  else if (!keep_view)
    g_clear_pointer (&self->collapsed, g_free);

  annals_layout_ref (layout);
  g_clear_pointer (&self->layout, annals_layout_unref);
  self->layout = layout;
  annals_timeline_ref (timeline);
  g_clear_pointer (&self->timeline, annals_timeline_unref);
  self->timeline = timeline;
  g_clear_pointer (&self->diagnostics, annals_diagnostics_free);
  self->diagnostics = annals_load_job_steal_diagnostics (job);
  self->elapsed = annals_load_job_get_elapsed (job);
  clear_failure (self);

  if (!keep_view)
    {
      g_set_object (&self->file, file);
      watch_file (self);
    }

  annals_details_panel_set_timeline (self->details_panel, timeline);
  annals_legend_set_timeline (self->legend, timeline);
  annals_legend_set_collapsed (self->legend, self->collapsed);
  load_filters (self);
  if (annals_legend_get_filtering (self->legend))
    {
      AnnalsLayoutOptions options;

      annals_layout_options_init (&options);
      annals_legend_get_options (self->legend, &options);
      options.collapsed_tracks = self->collapsed;
      layout = filtered_layout = annals_layout_new (timeline, &options);
      g_clear_pointer (&self->layout, annals_layout_unref);
      self->layout = annals_layout_ref (layout);
    }
  annals_timeline_view_set_layout (self->timeline_view, layout);
  annals_overview_set_layout (self->overview, layout);
  annals_event_list_set_layout (self->event_list, layout);
  set_bounds_for (self, layout);
  if (keep_view)
    {
      annals_viewport_set_range (self->viewport, start, end);
      annals_timeline_view_set_scroll_y (self->timeline_view, scroll_y);
      if (selected_id != NULL)
        annals_timeline_view_set_selected (self->timeline_view,
                                           annals_timeline_find_event (timeline, selected_id));
    }
  else
    {
      annals_viewport_zoom_to_fit (self->viewport);
      add_to_recent (self, file);
    }

  update_title (self);
  run_search (self);
  gtk_stack_set_visible_child_name (self->main_stack, "timeline");
  /* A new file takes the keyboard; a reload must not steal it from, say,
   * the search entry. */
  if (!keep_view)
    gtk_widget_grab_focus (GTK_WIDGET (self->timeline_view));
  annals_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);

  n_warnings = self->diagnostics != NULL
               ? annals_diagnostics_count (self->diagnostics, ANNALS_SEVERITY_WARNING) : 0;
  if (n_warnings > 0)
    {
      AdwToast *toast = adw_toast_new_format (g_dngettext (GETTEXT_PACKAGE,
                                                           "“%s” has %u problem",
                                                           "“%s” has %u problems",
                                                           n_warnings),
                                              name, n_warnings);

      adw_toast_set_button_label (toast, _("_Show"));
      adw_toast_set_action_name (toast, "win.show-problems");
      annals_window_add_toast (self, toast);
    }
  else if (is_reload)
    {
      AdwToast *toast = adw_toast_new_format (_("Reloaded “%s”"), name);

      adw_toast_set_timeout (toast, 2);
      annals_window_add_toast (self, toast);
    }
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AnnalsWindow) self = user_data;
  g_autoptr(AnnalsLoadJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  gboolean is_reload;
  gboolean ok;

  ok = annals_load_job_run_finish (ANNALS_LOAD_JOB (object), result, &error);

  /* Superseded by another load, or the window went away. */
  if (self->job != ANNALS_LOAD_JOB (object))
    return;

  job = g_steal_pointer (&self->job);
  is_reload = self->job_is_reload;
  g_signal_handlers_disconnect_by_func (job, job_progress_cb, self);
  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  annals_window_update_actions (self);

  if (ok)
    {
      apply_document (self, job, is_reload);
      hide_progress (self);
      return;
    }

  hide_progress (self);

  name = g_file_get_basename (annals_load_job_get_file (job));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_CANCELLED))
    {
      if (!is_reload)
        annals_window_add_toast (self, adw_toast_new_format (_("Stopped opening “%s”"), name));
      return;
    }

  clear_failure (self);
  self->failed_file = g_object_ref (annals_load_job_get_file (job));
  self->failed_error = g_error_copy (error);
  self->failed_diagnostics = annals_load_job_steal_diagnostics (job);
  annals_window_update_actions (self);

  if (is_reload)
    {
      /* The picture on screen is still the last good one; say so quietly. */
      AdwToast *toast = adw_toast_new_format (_("Could not reload “%s”"), name);

      adw_toast_set_button_label (toast, _("_Show Problems"));
      adw_toast_set_action_name (toast, "win.show-problems");
      adw_toast_set_timeout (toast, 0);
      annals_window_add_toast (self, toast);
    }
  else
    annals_window_show_problems (self, self->failed_file, self->failed_error,
                                 self->failed_diagnostics);
}

static void
start_load (AnnalsWindow *self,
            GFile        *file,
            gboolean      is_reload)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *label = NULL;
  goffset max_bytes;
  guint max_events;

  annals_window_cancel_load (self);
  g_clear_handle_id (&self->reload_id, g_source_remove);

  self->cancellable = g_cancellable_new ();
  self->job = annals_load_job_new (file);
  annals_preferences_get_load_limits (self->settings, &max_bytes, &max_events);
  annals_load_job_set_limits (self->job, max_bytes, max_events);
  self->job_is_reload = is_reload;
  g_signal_connect (self->job, "notify::progress", G_CALLBACK (job_progress_cb), self);

  label = g_strdup_printf (is_reload ? _("Reloading “%s”…") : _("Opening “%s”…"), name);
  gtk_label_set_label (self->progress_label, label);
  adw_status_page_set_title (self->loading_page, label);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_fraction (self->loading_progress, 0);
  self->progress_id = g_timeout_add (PROGRESS_DELAY_MS, show_progress_cb, self);

  annals_load_job_run_async (self->job, self->cancellable, load_done_cb, g_object_ref (self));

  annals_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         AnnalsWindow  *self)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *list = gdk_file_list_get_files (g_value_get_boxed (value));
      GSList *l;

      for (l = list; l != NULL; l = l->next)
        g_ptr_array_add (files, g_object_ref (l->data));
      g_slist_free (list);
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE) && g_value_get_object (value) != NULL)
    g_ptr_array_add (files, g_value_dup_object (value));

  if (files->len == 0)
    return FALSE;

  annals_window_open (self, g_ptr_array_index (files, 0));

  /* Any further files open in windows of their own. */
  if (files->len > 1)
    g_application_open (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                        (GFile **) files->pdata + 1, files->len - 1, "");
  return TRUE;
}

/* The details panel is as wide as the user drags it, within reason: never
 * narrower than its rows need, never so wide the timeline disappears. */
static int
clamp_panel_width (AnnalsWindow *self,
                   int           width)
{
  int window_width = gtk_widget_get_width (GTK_WIDGET (self));
  int widest = window_width > 0 ? MAX (280, window_width - 360) : 720;

  return CLAMP (width, 280, MIN (720, widest));
}

static void
handle_drag_begin_cb (GtkGestureDrag *gesture,
                      double          x,
                      double          y,
                      AnnalsWindow   *self)
{
  self->resize_start_width = gtk_widget_get_width (GTK_WIDGET (self->details_panel));
}

static void
handle_drag_update_cb (GtkGestureDrag *gesture,
                       double          offset_x,
                       double          offset_y,
                       AnnalsWindow   *self)
{
  /* The panel is at the end: dragging left widens it. */
  int width = clamp_panel_width (self, self->resize_start_width - (int) offset_x);

  gtk_widget_set_size_request (GTK_WIDGET (self->details_panel), width, -1);
}

static void
handle_drag_end_cb (GtkGestureDrag *gesture,
                    double          offset_x,
                    double          offset_y,
                    AnnalsWindow   *self)
{
  int width;

  gtk_widget_get_size_request (GTK_WIDGET (self->details_panel), &width, NULL);
  if (self->settings != NULL && width > 0)
    g_settings_set_int (self->settings, "details-width", width);
}

static void
show_details_changed_cb (AnnalsWindow *self,
                         GParamSpec   *pspec,
                         gpointer      user_data)
{
  if (self->settings != NULL && !adw_flap_get_folded (self->flap))
    g_settings_set_boolean (self->settings, "show-details", self->show_details);
}

static void
restore_state (AnnalsWindow *self)
{
  int width;
  int height;

  if (self->settings == NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self), 1280, 800);
      gtk_widget_set_size_request (GTK_WIDGET (self->details_panel), 360, -1);
      return;
    }

  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  gtk_window_set_default_size (GTK_WINDOW (self), MAX (width, 360), MAX (height, 294));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  gtk_widget_set_size_request (GTK_WIDGET (self->details_panel),
                               clamp_panel_width (self, g_settings_get_int (self->settings,
                                                                            "details-width")),
                               -1);
  /* Read always; written only from a wide window, where hiding the panel is a
   * choice rather than making room on a narrow screen. */
  g_settings_bind (self->settings, "show-details", self, "show-details", G_SETTINGS_BIND_GET);
  g_signal_connect (self, "notify::show-details", G_CALLBACK (show_details_changed_cb), NULL);
}

static void
save_state (AnnalsWindow *self)
{
  int width;
  int height;

  if (self->settings == NULL)
    return;

  /* GTK keeps the default size in step with the unmaximized size. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

static gboolean
annals_window_close_request (GtkWindow *window)
{
  AnnalsWindow *self = ANNALS_WINDOW (window);

  save_state (self);
  annals_window_cancel_load (self);

  return GTK_WINDOW_CLASS (annals_window_parent_class)->close_request (window);
}

static void
annals_window_dispose (GObject *object)
{
  AnnalsWindow *self = ANNALS_WINDOW (object);

  annals_window_cancel_load (self);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  if (self->viewport != NULL)
    g_signal_handlers_disconnect_by_data (self->viewport, self);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->monitor, monitor_changed_cb, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  if (self->recent_manager != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->recent_manager, self);
      self->recent_manager = NULL;
    }

  if (self->search_cancellable != NULL)
    g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  if (self->layout_cancellable != NULL)
    g_cancellable_cancel (self->layout_cancellable);
  g_clear_object (&self->layout_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), ANNALS_TYPE_WINDOW);

  g_clear_object (&self->settings);
  g_clear_object (&self->viewport);
  g_clear_object (&self->file);
  g_clear_object (&self->failed_file);
  g_clear_pointer (&self->layout, annals_layout_unref);
  g_clear_pointer (&self->timeline, annals_timeline_unref);

  G_OBJECT_CLASS (annals_window_parent_class)->dispose (object);
}

static void
annals_window_finalize (GObject *object)
{
  AnnalsWindow *self = ANNALS_WINDOW (object);

  g_clear_pointer (&self->diagnostics, annals_diagnostics_free);
  g_clear_pointer (&self->failed_diagnostics, annals_diagnostics_free);
  g_clear_error (&self->failed_error);
  g_clear_pointer (&self->search_matches, g_free);
  g_clear_pointer (&self->collapsed, g_free);
  g_clear_pointer (&self->search_text, g_free);

  G_OBJECT_CLASS (annals_window_parent_class)->finalize (object);
}

static void
annals_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  AnnalsWindow *self = ANNALS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_DETAILS:
      g_value_set_boolean (value, self->show_details);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->job != NULL);
      break;

    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
annals_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  AnnalsWindow *self = ANNALS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_DETAILS:
      set_show_details (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
annals_window_class_init (AnnalsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = annals_window_dispose;
  object_class->finalize = annals_window_finalize;
  object_class->get_property = annals_window_get_property;
  object_class->set_property = annals_window_set_property;

  window_class->close_request = annals_window_close_request;

  properties[PROP_SHOW_DETAILS] =
    g_param_spec_boolean ("show-details", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ANNALS_TYPE_TIMELINE_VIEW);
  g_type_ensure (ANNALS_TYPE_OVERVIEW);
  g_type_ensure (ANNALS_TYPE_DETAILS_PANEL);
  g_type_ensure (ANNALS_TYPE_LEGEND);
  g_type_ensure (ANNALS_TYPE_EVENT_LIST);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/annals-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, legend_button);
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, legend);
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, list_button);
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, event_list);
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, details_button);
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, search_status);
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, loading_progress);
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, timeline_view);
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, overview);
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, details_panel);
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, panel_handle);
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, recent_menu);
  gtk_widget_class_bind_template_child (widget_class, AnnalsWindow, primary_file_section);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_next_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_previous_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, details_source_cb);
  gtk_widget_class_bind_template_callback (widget_class, event_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, toggle_track_cb);
  gtk_widget_class_bind_template_callback (widget_class, legend_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activated_cb);

  annals_window_class_add_actions (widget_class);
}

static void
annals_window_init (AnnalsWindow *self)
{
  GtkDropTarget *drop_target;
  GtkGesture *resize;
  GType drop_types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  self->show_details = TRUE;
  self->recent_manager = gtk_recent_manager_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));

#if DEVELOPMENT
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  self->viewport = annals_viewport_new ();
  annals_timeline_view_set_viewport (self->timeline_view, self->viewport);
  annals_overview_set_viewport (self->overview, self->viewport);

  /* The timeline's colours follow the system style, as the widgets do. */
  g_object_bind_property (adw_style_manager_get_default (), "dark",
                          self->timeline_view, "dark",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (adw_style_manager_get_default (), "dark",
                          self->overview, "dark",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (adw_style_manager_get_default (), "high-contrast",
                          self->timeline_view, "high-contrast",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (adw_style_manager_get_default (), "high-contrast",
                          self->overview, "high-contrast",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->timeline_view, "selected",
                          self->details_panel, "event",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->timeline_view, "selected",
                          self->event_list, "selected",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self, "show-details",
                          self->flap, "reveal-flap",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_signal_connect (self->search_bar, "notify::search-mode-enabled",
                    G_CALLBACK (search_mode_cb), self);
  g_signal_connect (self->timeline_view, "notify::selected",
                    G_CALLBACK (selected_cb), self);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  resize = gtk_gesture_drag_new ();
  g_signal_connect (resize, "drag-begin", G_CALLBACK (handle_drag_begin_cb), self);
  g_signal_connect (resize, "drag-update", G_CALLBACK (handle_drag_update_cb), self);
  g_signal_connect (resize, "drag-end", G_CALLBACK (handle_drag_end_cb), self);
  gtk_widget_add_controller (self->panel_handle, GTK_EVENT_CONTROLLER (resize));
  gtk_widget_set_cursor_from_name (self->panel_handle, "col-resize");

  drop_target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop_target, drop_types, G_N_ELEMENTS (drop_types));
  g_signal_connect (drop_target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->main_stack), GTK_EVENT_CONTROLLER (drop_target));

  annals_window_init_actions (self);
  update_title (self);
}

AnnalsWindow *
annals_window_new (AnnalsApplication *application)
{
  AnnalsWindow *self;
  GSettings *settings;

  g_return_val_if_fail (ANNALS_IS_APPLICATION (application), NULL);

  self = g_object_new (ANNALS_TYPE_WINDOW, "application", application, NULL);

  /* Here rather than in constructed(): GtkWindow:application is not a
   * construct property, so it is set only after construction. */
  settings = annals_application_get_settings (application);
  if (settings != NULL)
    self->settings = g_object_ref (settings);
  restore_state (self);

  return self;
}

void
annals_window_open (AnnalsWindow *self,
                    GFile        *file)
{
  g_return_if_fail (ANNALS_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  start_load (self, file, FALSE);
}

void
annals_window_reload (AnnalsWindow *self)
{
  g_return_if_fail (ANNALS_IS_WINDOW (self));

  if (self->file != NULL)
    start_load (self, self->file, TRUE);
}

GFile *
annals_window_get_file (AnnalsWindow *self)
{
  g_return_val_if_fail (ANNALS_IS_WINDOW (self), NULL);

  return self->file;
}

gboolean
annals_window_get_loading (AnnalsWindow *self)
{
  g_return_val_if_fail (ANNALS_IS_WINDOW (self), FALSE);

  return self->job != NULL;
}

AnnalsTimeline *
annals_window_get_timeline (AnnalsWindow *self)
{
  g_return_val_if_fail (ANNALS_IS_WINDOW (self), NULL);

  return self->timeline;
}

AnnalsTimelineView *
annals_window_get_timeline_view (AnnalsWindow *self)
{
  g_return_val_if_fail (ANNALS_IS_WINDOW (self), NULL);

  return self->timeline_view;
}

AnnalsDetailsPanel *
annals_window_get_details_panel (AnnalsWindow *self)
{
  g_return_val_if_fail (ANNALS_IS_WINDOW (self), NULL);

  return self->details_panel;
}

AnnalsViewport *
annals_window_get_viewport (AnnalsWindow *self)
{
  g_return_val_if_fail (ANNALS_IS_WINDOW (self), NULL);

  return self->viewport;
}

void
annals_window_add_toast (AnnalsWindow *self,
                         AdwToast     *toast)
{
  g_return_if_fail (ANNALS_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
