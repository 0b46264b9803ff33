/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-export-dialog.h"

#include <glib/gi18n.h>
#include <math.h>

#include "annals-export.h"

struct _AnnalsExportDialog
{
  AdwWindow            parent_instance;

  /* template children */
  AdwToastOverlay     *toast_overlay;
  GtkButton           *export_button;
  GtkSpinner          *spinner;
  AdwPreferencesPage  *page;
  AdwComboRow         *format_row;
  AdwComboRow         *range_row;
  AdwComboRow         *theme_row;
  GtkSpinButton       *width_spin;
  GtkSpinButton       *height_spin;
  GtkSwitch           *auto_height_switch;
  GtkWidget           *height_row;
  AdwComboRow         *scale_row;

  /* owned */
  AnnalsLayout        *layout;
  GSettings           *settings;
  GCancellable        *cancellable;
  char                *basename;

  double               view_start;
  double               view_end;
  gboolean             dark;
};

G_DEFINE_FINAL_TYPE (AnnalsExportDialog, annals_export_dialog, ADW_TYPE_WINDOW)

enum {
  EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const format_ids[] = { "png", "svg", "pdf" };
static const char * const theme_ids[] = { "follow", "light", "dark" };
static const double scales[] = { 1.0, 2.0, 3.0 };

typedef struct
{
  AnnalsLayout        *layout;
  AnnalsExportOptions  options;
  GFile               *file;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_pointer (&data->layout, annals_layout_unref);
  g_clear_object (&data->file);
  g_free (data);
}

static guint
index_of (const char * const *ids,
          guint               n,
          const char         *id)
{
  guint i;

  for (i = 0; i < n; i++)
    if (g_strcmp0 (ids[i], id) == 0)
      return i;
  return 0;
}

static void
load_choices (AnnalsExportDialog *self)
{
  g_autofree char *format = NULL;
  g_autofree char *theme = NULL;
  double scale;
  guint i;
  guint best = 0;

  if (self->settings == NULL)
    return;

  format = g_settings_get_string (self->settings, "export-format");
  theme = g_settings_get_string (self->settings, "export-theme");
  adw_combo_row_set_selected (self->format_row,
                              index_of (format_ids, G_N_ELEMENTS (format_ids), format));
  adw_combo_row_set_selected (self->theme_row,
                              index_of (theme_ids, G_N_ELEMENTS (theme_ids), theme));
  adw_combo_row_set_selected (self->range_row,
                              g_settings_get_boolean (self->settings, "export-whole") ? 0 : 1);
  gtk_spin_button_set_value (self->width_spin, g_settings_get_int (self->settings, "export-width"));
  /* A height of 0 in the settings means "as tall as the tracks need". */
  if (g_settings_get_int (self->settings, "export-height") > 0)
    gtk_spin_button_set_value (self->height_spin,
                               g_settings_get_int (self->settings, "export-height"));
  gtk_switch_set_active (self->auto_height_switch,
                         g_settings_get_int (self->settings, "export-height") == 0);

  scale = g_settings_get_double (self->settings, "export-scale");
  for (i = 0; i < G_N_ELEMENTS (scales); i++)
    if (ABS (scales[i] - scale) < ABS (scales[best] - scale))
      best = i;
  adw_combo_row_set_selected (self->scale_row, best);
}

static void
save_choices (AnnalsExportDialog *self)
{
  guint format = MIN (adw_combo_row_get_selected (self->format_row), G_N_ELEMENTS (format_ids) - 1);
  guint theme = MIN (adw_combo_row_get_selected (self->theme_row), G_N_ELEMENTS (theme_ids) - 1);
  guint scale = MIN (adw_combo_row_get_selected (self->scale_row), G_N_ELEMENTS (scales) - 1);

  if (self->settings == NULL)
    return;

  g_settings_delay (self->settings);
  g_settings_set_string (self->settings, "export-format", format_ids[format]);
  g_settings_set_string (self->settings, "export-theme", theme_ids[theme]);
  g_settings_set_boolean (self->settings, "export-whole",
                          adw_combo_row_get_selected (self->range_row) == 0);
  g_settings_set_int (self->settings, "export-width",
                      gtk_spin_button_get_value_as_int (self->width_spin));
  g_settings_set_int (self->settings, "export-height",
                      gtk_switch_get_active (self->auto_height_switch)
                      ? 0 : gtk_spin_button_get_value_as_int (self->height_spin));
  g_settings_set_double (self->settings, "export-scale", scales[scale]);
  g_settings_apply (self->settings);
}

static void
get_options (AnnalsExportDialog  *self,
             AnnalsExportOptions *options)
{
  guint format = adw_combo_row_get_selected (self->format_row);
  guint theme = adw_combo_row_get_selected (self->theme_row);
  guint scale = MIN (adw_combo_row_get_selected (self->scale_row), G_N_ELEMENTS (scales) - 1);

  annals_export_options_init (options);
  options->format = format == 1 ? ANNALS_EXPORT_SVG : format == 2 ? ANNALS_EXPORT_PDF
                                                                  : ANNALS_EXPORT_PNG;
  options->width = gtk_spin_button_get_value_as_int (self->width_spin);
  options->height = gtk_switch_get_active (self->auto_height_switch)
                    ? 0 : gtk_spin_button_get_value_as_int (self->height_spin);
  options->scale = options->format == ANNALS_EXPORT_PNG ? scales[scale] : 1.0;
  if (adw_combo_row_get_selected (self->range_row) == 1)
    {
      options->start = self->view_start;
      options->end = self->view_end;
    }
  else
    options->start = options->end = 0;

  if (theme == 1)
    options->theme = ANNALS_THEME_LIGHT;
  else if (theme == 2)
    options->theme = ANNALS_THEME_DARK;
  else
    options->theme = self->dark ? ANNALS_THEME_DARK : ANNALS_THEME_LIGHT;
}

static const char *
extension_for (AnnalsExportFormat format)
{
  switch (format)
    {
    case ANNALS_EXPORT_SVG: return "svg";
    case ANNALS_EXPORT_PDF: return "pdf";
    case ANNALS_EXPORT_PNG:
    default: return "png";
    }
}

static void
set_busy (AnnalsExportDialog *self,
          gboolean            busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->page), !busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
show_error (AnnalsExportDialog *self,
            const char         *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  g_autofree char *path = g_file_get_path (data->file);
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s",
                               _("Images can only be saved to a local folder"));
      return;
    }

  if (!annals_export_to_file (data->layout, &data->options, path, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  AnnalsExportDialog *self = ANNALS_EXPORT_DIALOG (object);
  ExportData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("Could not export: %s"), error->message);

          set_busy (self, FALSE);
          show_error (self, message);
        }
      return;
    }

  g_signal_emit (self, signals[EXPORTED], 0, data->file);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
remember_folder (AnnalsExportDialog *self,
                 GFile              *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *uri = NULL;

  if (self->settings == NULL || parent == NULL)
    return;
  uri = g_file_get_uri (parent);
  g_settings_set_string (self->settings, "last-folder", uri);
}

static void
start_export (AnnalsExportDialog *self,
              GFile              *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *basename = g_file_get_basename (file);
  ExportData *data = g_new0 (ExportData, 1);
  AnnalsExportFormat named;

  get_options (self, &data->options);
  data->layout = annals_layout_ref (self->layout);

  /* A name the user typed with an extension says what they want; a name
   * without one gets the chosen format's. */
  if (path != NULL && annals_export_format_from_path (path, &named))
    {
      data->options.format = named;
      data->file = g_object_ref (file);
    }
  else
    {
      g_autofree char *named_file = g_strdup_printf ("%s.%s", basename,
                                                     extension_for (data->options.format));
      g_autoptr(GFile) parent = g_file_get_parent (file);

      data->file = parent != NULL ? g_file_get_child (parent, named_file) : g_object_ref (file);
    }

  remember_folder (self, data->file);
  set_busy (self, TRUE);

  task = g_task_new (self, self->cancellable, export_done_cb, NULL);
  g_task_set_source_tag (task, start_export);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

static GFile *
get_initial_folder (AnnalsExportDialog *self)
{
  g_autofree char *uri = NULL;

  if (self->settings == NULL)
    return NULL;
  uri = g_settings_get_string (self->settings, "last-folder");
  if (uri == NULL || uri[0] == '\0')
    return NULL;
  return g_file_new_for_uri (uri);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
save_dialog_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(AnnalsExportDialog) self = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, NULL);

  if (file != NULL && gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    start_export (self, file);
}
#else
static void
save_native_response_cb (GtkNativeDialog    *native,
                         int                 response,
                         AnnalsExportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        start_export (self, file);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}
#endif

static void
export_clicked_cb (GtkButton          *button,
                   AnnalsExportDialog *self)
{
  AnnalsExportOptions options;
  g_autofree char *name = NULL;
  g_autoptr(GFile) folder = get_initial_folder (self);

  save_choices (self);
  get_options (self, &options);
  name = g_strdup_printf ("%s.%s", self->basename, extension_for (options.format));

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_title (dialog, _("Export Image"));
    gtk_file_dialog_set_accept_label (dialog, _("_Export"));
    gtk_file_dialog_set_initial_name (dialog, name);
    if (folder != NULL)
      gtk_file_dialog_set_initial_folder (dialog, folder);
    gtk_file_dialog_save (dialog, GTK_WINDOW (self), self->cancellable, save_dialog_done_cb,
                          g_object_ref (self));
  }
#else
  {
    GtkFileChooserNative *native =
      gtk_file_chooser_native_new (_("Export Image"), GTK_WINDOW (self),
                                   GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));

    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
    if (folder != NULL)
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
    g_signal_connect (native, "response", G_CALLBACK (save_native_response_cb), self);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
  }
#endif
}

/* The height the picture will have: the one asked for, or what the tracks
 * need at that width. */
static int
get_picture_height (AnnalsExportDialog *self)
{
  AnnalsView view;
  int width = gtk_spin_button_get_value_as_int (self->width_spin);

  if (!gtk_switch_get_active (self->auto_height_switch))
    return gtk_spin_button_get_value_as_int (self->height_spin);

  annals_view_init (&view, width, gtk_spin_button_get_value_as_int (self->height_spin),
                    annals_theme_get (ANNALS_THEME_LIGHT));
  view.flags |= ANNALS_RENDER_FURNITURE;
  return (int) ceil (annals_renderer_get_natural_height (self->layout, &view));
}

/* What the density means in pixels, or why it does not matter. */
static void
update_size_hint (AnnalsExportDialog *self)
{
  guint scale;
  g_autofree char *hint = NULL;
  int width;

  /* Signals of the template fire while it is still being built. */
  if (self->scale_row == NULL || self->format_row == NULL || self->width_spin == NULL ||
      self->height_spin == NULL || self->auto_height_switch == NULL || self->layout == NULL)
    return;

  gtk_widget_set_sensitive (self->height_row, !gtk_switch_get_active (self->auto_height_switch));
  scale = MIN (adw_combo_row_get_selected (self->scale_row), G_N_ELEMENTS (scales) - 1);
  width = gtk_spin_button_get_value_as_int (self->width_spin);

  if (adw_combo_row_get_selected (self->format_row) != 0)
    hint = g_strdup (_("SVG and PDF stay sharp at any size"));
  else
    /* Translators: the size of the PNG image that will be written */
    hint = g_strdup_printf (_("Makes an image of %d × %d pixels"),
                            (int) (width * scales[scale]),
                            (int) (get_picture_height (self) * scales[scale]));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->scale_row), hint);
}

static void
auto_height_changed_cb (GtkSwitch          *widget,
                        GParamSpec         *pspec,
                        AnnalsExportDialog *self)
{
  update_size_hint (self);
}

static void
format_changed_cb (AdwComboRow        *row,
                   GParamSpec         *pspec,
                   AnnalsExportDialog *self)
{
  if (self->scale_row == NULL)
    return;

  /* Vector formats scale without loss; the density only matters for PNG. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->scale_row),
                            adw_combo_row_get_selected (row) == 0);
  update_size_hint (self);
}

static void
scale_changed_cb (AdwComboRow        *row,
                  GParamSpec         *pspec,
                  AnnalsExportDialog *self)
{
  update_size_hint (self);
}

static void
size_changed_cb (GtkSpinButton      *spin,
                 AnnalsExportDialog *self)
{
  update_size_hint (self);
}

static void
annals_export_dialog_dispose (GObject *object)
{
  AnnalsExportDialog *self = ANNALS_EXPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ANNALS_TYPE_EXPORT_DIALOG);
  g_clear_pointer (&self->layout, annals_layout_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (annals_export_dialog_parent_class)->dispose (object);
}

static void
annals_export_dialog_finalize (GObject *object)
{
  AnnalsExportDialog *self = ANNALS_EXPORT_DIALOG (object);

  g_clear_pointer (&self->basename, g_free);

  G_OBJECT_CLASS (annals_export_dialog_parent_class)->finalize (object);
}

static void
annals_export_dialog_class_init (AnnalsExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = annals_export_dialog_dispose;
  object_class->finalize = annals_export_dialog_finalize;

  /**
   * AnnalsExportDialog::exported:
   * @file: the file written
   */
  signals[EXPORTED] =
    g_signal_new ("exported",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/annals-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AnnalsExportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AnnalsExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, AnnalsExportDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, AnnalsExportDialog, page);
  gtk_widget_class_bind_template_child (widget_class, AnnalsExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, AnnalsExportDialog, range_row);
  gtk_widget_class_bind_template_child (widget_class, AnnalsExportDialog, theme_row);
  gtk_widget_class_bind_template_child (widget_class, AnnalsExportDialog, width_spin);
  gtk_widget_class_bind_template_child (widget_class, AnnalsExportDialog, height_spin);
  gtk_widget_class_bind_template_child (widget_class, AnnalsExportDialog, auto_height_switch);
  gtk_widget_class_bind_template_child (widget_class, AnnalsExportDialog, height_row);
  gtk_widget_class_bind_template_child (widget_class, AnnalsExportDialog, scale_row);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, format_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, size_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, scale_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, auto_height_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
annals_export_dialog_init (AnnalsExportDialog *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

AnnalsExportDialog *
annals_export_dialog_new (GtkWindow    *parent,
                          AnnalsLayout *layout,
                          double        view_start,
                          double        view_end,
                          gboolean      dark,
                          GSettings    *settings,
                          const char   *basename)
{
  AnnalsExportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (ANNALS_TYPE_EXPORT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->layout = annals_layout_ref (layout);
  self->view_start = view_start;
  self->view_end = view_end;
  self->dark = dark;
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  self->basename = g_strdup (basename != NULL && basename[0] != '\0' ? basename : "timeline");

  load_choices (self);
  format_changed_cb (self->format_row, NULL, self);
  update_size_hint (self);
  return self;
}

void
annals_export_dialog_export_to (AnnalsExportDialog *self,
                                GFile              *file)
{
  g_return_if_fail (ANNALS_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  save_choices (self);
  start_export (self, file);
}
