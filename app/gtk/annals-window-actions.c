/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-loader.h"
#include "annals-window-private.h"

#include <glib/gi18n.h>

#include "annals-export-dialog.h"
#include "annals-launch.h"

#define MAX_RECENT     10
/* A dialog listing more messages than this is no longer read. */
#define MAX_PROBLEMS   200

static void
remember_folder (AnnalsWindow *self,
                 GFile        *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *uri = NULL;

  if (self->settings == NULL || parent == NULL)
    return;
  uri = g_file_get_uri (parent);
  g_settings_set_string (self->settings, "last-folder", uri);
}

static GFile *
get_initial_folder (AnnalsWindow *self)
{
  g_autofree char *uri = NULL;

  if (self->file != NULL)
    return g_file_get_parent (self->file);
  if (self->settings == NULL)
    return NULL;
  uri = g_settings_get_string (self->settings, "last-folder");
  if (uri == NULL || uri[0] == '\0')
    return NULL;
  return g_file_new_for_uri (uri);
}

static GListStore *
create_filters (void)
{
  GListStore *filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) timelines = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (timelines, _("Timelines"));
  gtk_file_filter_add_mime_type (timelines, "application/x-annals-timeline+xml");
  gtk_file_filter_add_mime_type (timelines, "application/xml");
  gtk_file_filter_add_mime_type (timelines, "text/xml");
  gtk_file_filter_add_suffix (timelines, "xml");
  gtk_file_filter_add_suffix (timelines, "timeline");
  g_list_store_append (filters, timelines);

  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  g_list_store_append (filters, all);

  return filters;
}

static void
open_chosen_file (AnnalsWindow *self,
                  GFile        *file)
{
  remember_folder (self, file);
  annals_window_open (self, file);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
open_dialog_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(AnnalsWindow) self = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (object), result, NULL);

  if (file != NULL)
    open_chosen_file (self, file);
}
#else
static void
open_native_response_cb (GtkNativeDialog *native,
                          int              response,
                          AnnalsWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        open_chosen_file (self, file);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}
#endif

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AnnalsWindow *self = ANNALS_WINDOW (widget);
  g_autoptr(GListStore) filters = create_filters ();
  g_autoptr(GFile) folder = get_initial_folder (self);

#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

  gtk_file_dialog_set_title (dialog, _("Open Timeline"));
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  if (folder != NULL)
    gtk_file_dialog_set_initial_folder (dialog, folder);
  gtk_file_dialog_open (dialog, GTK_WINDOW (self), NULL, open_dialog_done_cb, g_object_ref (self));
#else
  GtkFileChooserNative *native =
    gtk_file_chooser_native_new (_("Open Timeline"), GTK_WINDOW (self),
                                 GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  guint i;

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  for (i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (filters)); i++)
    {
      g_autoptr(GtkFileFilter) filter = g_list_model_get_item (G_LIST_MODEL (filters), i);

      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    }
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
  g_signal_connect (native, "response", G_CALLBACK (open_native_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
#endif
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  annals_window_open (ANNALS_WINDOW (widget), file);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  annals_window_reload (ANNALS_WINDOW (widget));
}

static void
cancel_load_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AnnalsWindow *self = ANNALS_WINDOW (widget);
  g_autofree char *name = NULL;

  if (self->job == NULL)
    return;

  name = g_file_get_basename (annals_load_job_get_file (self->job));
  annals_window_cancel_load (self);
  annals_window_add_toast (self, adw_toast_new_format (_("Stopped opening “%s”"), name));
}

static void
exported_cb (AnnalsExportDialog *dialog,
             GFile              *file,
             AnnalsWindow       *self)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *uri = g_file_get_uri (file);
  AdwToast *toast = adw_toast_new_format (_("Exported “%s”"), name);

  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, "win.open-exported");
  adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
  annals_window_add_toast (self, toast);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AnnalsWindow *self = ANNALS_WINDOW (widget);
  AnnalsExportDialog *dialog;
  g_autofree char *basename = NULL;
  char *dot;

  if (self->layout == NULL)
    return;

  basename = self->file != NULL ? g_file_get_basename (self->file) : g_strdup ("timeline");
  dot = strrchr (basename, '.');
  if (dot != NULL && dot != basename)
    *dot = '\0';

  dialog = annals_export_dialog_new (GTK_WINDOW (self), self->layout,
                                     annals_viewport_get_start (self->viewport),
                                     annals_viewport_get_end (self->viewport),
                                     annals_timeline_view_get_dark (self->timeline_view),
                                     self->settings, basename);
  g_signal_connect_object (dialog, "exported", G_CALLBACK (exported_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_exported_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  annals_launch_file (widget, file);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AnnalsWindow *self = ANNALS_WINDOW (widget);

  /* "win.zoom-in" becomes "timeline.zoom-in": the view knows where to zoom. */
  g_autofree char *name = g_strconcat ("timeline.", strchr (action_name, '.') + 1, NULL);

  gtk_widget_activate_action (GTK_WIDGET (self->timeline_view), name, NULL);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AnnalsWindow *self = ANNALS_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The popover points at the overview's window, which is what it moves. */
static void
go_to_date_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  AnnalsWindow *self = ANNALS_WINDOW (widget);
  double x0;
  double x1;

  if (self->layout == NULL)
    return;

  x0 = annals_overview_time_to_x (self->overview, annals_viewport_get_start (self->viewport));
  x1 = annals_overview_time_to_x (self->overview, annals_viewport_get_end (self->viewport));
  gtk_popover_set_pointing_to (GTK_POPOVER (self->goto_popover),
                               &(GdkRectangle) { (int) ((x0 + x1) / 2), 0, 1, 1 });
  annals_goto_popover_set_target (self->goto_popover, self->timeline, self->viewport);
  gtk_popover_popup (GTK_POPOVER (self->goto_popover));
}

static void
show_problems_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  AnnalsWindow *self = ANNALS_WINDOW (widget);

  if (self->failed_file != NULL)
    annals_window_show_problems (self, self->failed_file, self->failed_error,
                                 self->failed_diagnostics);
  else if (self->file != NULL && self->diagnostics != NULL)
    annals_window_show_problems (self, self->file, NULL, self->diagnostics);
}

static void
problems_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  const char *text = g_object_get_data (G_OBJECT (dialog), "annals-text");

  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));

  if (g_strcmp0 (response, "copy") == 0 && text != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (dialog)), text);
  else if (g_strcmp0 (response, "preferences") == 0 && parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "app.preferences", NULL);
}

static char *
format_place (const char             *name,
              const AnnalsDiagnostic *item)
{
  if (item->line > 0 && item->column > 0)
    /* Translators: where a problem is: file name, line and column */
    return g_strdup_printf (_("%s, line %u, column %u"), name, item->line, item->column);
  if (item->line > 0)
    return g_strdup_printf (_("%s, line %u"), name, item->line);
  return g_strdup (name);
}

static GtkWidget *
create_problem_list (AnnalsDiagnostics *diagnostics,
                     const char        *name)
{
  GtkWidget *scroller;
  GtkWidget *list;
  guint n_items = annals_diagnostics_get_n_items (diagnostics);
  guint n_dropped = annals_diagnostics_get_n_dropped (diagnostics);
  guint i;

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  for (i = 0; i < n_items && i < MAX_PROBLEMS; i++)
    {
      const AnnalsDiagnostic *item = annals_diagnostics_get_item (diagnostics, i);
      gboolean is_error = item->severity == ANNALS_SEVERITY_ERROR;
      g_autofree char *place = format_place (name, item);
      g_autofree char *title = g_markup_escape_text (item->message != NULL ? item->message : "",
                                                     -1);
      g_autofree char *subtitle = g_markup_escape_text (place, -1);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (is_error ? "dialog-error-symbolic"
                                                               : "dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, is_error ? "error" : "warning");
      gtk_widget_set_tooltip_text (icon, is_error ? _("Error") : _("Warning"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), TRUE);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }

  if (n_items > MAX_PROBLEMS || n_dropped > 0)
    {
      guint more = n_items - MIN (n_items, MAX_PROBLEMS) + n_dropped;
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "and %u more problem",
                                                            "and %u more problems", more),
                                               more);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  /* The dialog is sized from its minimum: ask for room for a few rows. */
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller),
                                              MIN (n_items + (n_dropped > 0), 3) * 72);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_widget_add_css_class (scroller, "problem-list");
  return scroller;
}

void
annals_window_show_problems (AnnalsWindow      *self,
                             GFile             *file,
                             const GError      *error,
                             AnnalsDiagnostics *diagnostics)
{
  AdwMessageDialog *dialog;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  guint n_items;

  g_return_if_fail (ANNALS_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_basename (file);
  n_items = diagnostics != NULL ? annals_diagnostics_get_n_items (diagnostics) : 0;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL));
  if (g_error_matches (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_TOO_LARGE))
    {
      /* Not a fault in the file: say which limit, and where it is set. */
      adw_message_dialog_format_heading (dialog, _("Could Not Open “%s”"), name);
      adw_message_dialog_format_body (dialog, "%s\n\n%s", error->message,
                                      _("The limits can be raised in Preferences."));
      adw_message_dialog_add_response (dialog, "preferences", _("_Preferences"));
      n_items = 0;
    }
  else if (error != NULL && n_items > 0)
    {
      guint n_errors = annals_diagnostics_count (diagnostics, ANNALS_SEVERITY_ERROR) +
                       annals_diagnostics_get_n_dropped (diagnostics);

      adw_message_dialog_format_heading (dialog, _("Could Not Open “%s”"), name);
      /* The messages say what is wrong and where; the body says what to do. */
      n_errors = MAX (n_errors, 1);
      adw_message_dialog_format_body (dialog,
                                      g_dngettext (GETTEXT_PACKAGE,
                                                   "Correct the error below and open the "
                                                   "file again.",
                                                   "Correct the %u errors below and open the "
                                                   "file again.",
                                                   n_errors),
                                      n_errors);
    }
  else if (error != NULL)
    {
      adw_message_dialog_format_heading (dialog, _("Could Not Open “%s”"), name);
      adw_message_dialog_set_body (dialog, error->message);
    }
  else
    {
      adw_message_dialog_format_heading (dialog, _("Problems in “%s”"), name);
      adw_message_dialog_set_body (dialog, _("The timeline opened, but these parts of the "
                                             "file may not show as intended."));
    }

  if (n_items > 0)
    {
      adw_message_dialog_set_extra_child (dialog, create_problem_list (diagnostics, name));
      text = annals_diagnostics_to_string (diagnostics);
      adw_message_dialog_add_response (dialog, "copy", _("C_opy Messages"));
    }
  else if (error != NULL)
    text = g_strdup (error->message);

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  if (text != NULL)
    g_object_set_data_full (G_OBJECT (dialog), "annals-text", g_steal_pointer (&text), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (problems_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GtkRecentInfo *info_a = (GtkRecentInfo *) a;
  GtkRecentInfo *info_b = (GtkRecentInfo *) b;

  /* Newest first. */
  return -g_date_time_compare (gtk_recent_info_get_modified (info_a),
                               gtk_recent_info_get_modified (info_b));
}

static char *
escape_mnemonic (const char *label)
{
  GString *out = g_string_new (NULL);

  for (; *label != '\0'; label++)
    {
      if (*label == '_')
        g_string_append_c (out, '_');
      g_string_append_c (out, *label);
    }
  return g_string_free (out, FALSE);
}

void
annals_window_update_recent (AnnalsWindow *self)
{
  GList *items;
  GList *l;
  const char *application = g_get_application_name ();
  guint n = 0;

  g_menu_remove_all (self->recent_menu);

  items = gtk_recent_manager_get_items (self->recent_manager);
  items = g_list_sort (items, compare_recent);
  for (l = items; l != NULL && n < MAX_RECENT; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      g_autoptr(GMenuItem) item = NULL;
      g_autofree char *label = NULL;

      if (application != NULL && !gtk_recent_info_has_application (info, application))
        continue;
      if (gtk_recent_info_is_local (info) && !gtk_recent_info_exists (info))
        continue;

      label = escape_mnemonic (gtk_recent_info_get_display_name (info));
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s",
                                         gtk_recent_info_get_uri (info));
      g_menu_append_item (self->recent_menu, item);
      n++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);

  if (n == 0)
    {
      /* An item without an action shows greyed out. */
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No Recent Timelines"), "win.no-recent");

      g_menu_append_item (self->recent_menu, item);
    }
}

void
annals_window_update_actions (AnnalsWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_data = self->layout != NULL;
  /* Zooming is for the timeline; the list has no time axis. */
  gboolean can_zoom = has_data && !gtk_toggle_button_get_active (self->list_button);
  gboolean has_problems = self->failed_file != NULL ||
                          (self->diagnostics != NULL &&
                           annals_diagnostics_get_n_items (self->diagnostics) > 0);

  gtk_widget_action_set_enabled (widget, "win.reload", self->file != NULL);
  gtk_widget_action_set_enabled (widget, "win.cancel-load", self->job != NULL);
  gtk_widget_action_set_enabled (widget, "win.export", has_data);
  gtk_widget_action_set_enabled (widget, "win.search", has_data);
  gtk_widget_action_set_enabled (widget, "win.go-to-date", has_data);
  gtk_widget_action_set_enabled (widget, "win.show-problems", has_problems);
  gtk_widget_action_set_enabled (widget, "win.zoom-in",
                                 can_zoom && annals_viewport_can_zoom_in (self->viewport));
  gtk_widget_action_set_enabled (widget, "win.zoom-out",
                                 can_zoom && annals_viewport_can_zoom_out (self->viewport));
  gtk_widget_action_set_enabled (widget, "win.zoom-fit",
                                 can_zoom && annals_viewport_can_zoom_out (self->viewport));

  /* Nothing to search or detail in an empty window; typing there should not
   * open the search bar either. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_button), has_data);
  gtk_widget_set_sensitive (GTK_WIDGET (self->legend_button), has_data);
  gtk_widget_set_sensitive (GTK_WIDGET (self->list_button), has_data);
  gtk_widget_set_sensitive (GTK_WIDGET (self->details_button), has_data);
  gtk_search_bar_set_key_capture_widget (self->search_bar, has_data ? GTK_WIDGET (self) : NULL);
}

void
annals_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-load", NULL, cancel_load_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.open-exported", "s", open_exported_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.go-to-date", NULL, go_to_date_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK,
                                       "win.go-to-date", NULL);
  gtk_widget_class_install_action (widget_class, "win.show-problems", NULL, show_problems_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-details", "show-details");
}

void
annals_window_init_actions (AnnalsWindow *self)
{
  self->goto_popover = ANNALS_GOTO_POPOVER (annals_goto_popover_new ());
  gtk_popover_set_position (GTK_POPOVER (self->goto_popover), GTK_POS_TOP);
  gtk_widget_set_parent (GTK_WIDGET (self->goto_popover), GTK_WIDGET (self->overview));

  g_menu_insert_submenu (self->primary_file_section, 0, _("Open _Recent"),
                         G_MENU_MODEL (self->recent_menu));

  g_signal_connect_swapped (self->recent_manager, "changed",
                            G_CALLBACK (annals_window_update_recent), self);
  g_signal_connect_swapped (self->viewport, "notify",
                            G_CALLBACK (annals_window_update_actions), self);
  annals_window_update_recent (self);
  annals_window_update_actions (self);
}
