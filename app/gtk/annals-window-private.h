/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "annals-goto-popover.h"
#include "annals-event-list.h"
#include "annals-legend.h"
#include "annals-load-job.h"
#include "annals-overview.h"
#include "annals-viewport.h"
#include "annals-window.h"

G_BEGIN_DECLS

/* Shared by annals-window.c (document, loading, state) and
 * annals-window-actions.c (actions, dialogs, recent files). */
struct _AnnalsWindow
{
  AdwApplicationWindow  parent_instance;

  /* template children */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkToggleButton      *search_button;
  GtkMenuButton        *legend_button;
  GtkToggleButton      *list_button;
  GtkStack             *view_stack;
  AnnalsEventList      *event_list;
  AnnalsLegend         *legend;
  GtkToggleButton      *details_button;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkLabel             *search_status;
  GtkRevealer          *progress_revealer;
  GtkProgressBar       *progress_bar;
  GtkLabel             *progress_label;
  GtkStack             *main_stack;
  AdwStatusPage        *loading_page;
  GtkProgressBar       *loading_progress;
  AdwFlap              *flap;
  AnnalsTimelineView   *timeline_view;
  AnnalsOverview       *overview;
  AnnalsDetailsPanel   *details_panel;
  GtkWidget            *panel_handle;
  GMenu                *recent_menu;
  GMenu                *primary_file_section;
  AnnalsGotoPopover    *goto_popover;  /* parented to the overview */

  /* owned */
  GSettings            *settings;      /* NULL without the installed schema */
  AnnalsViewport       *viewport;
  GFile                *file;
  AnnalsTimeline       *timeline;
  AnnalsLayout         *layout;
  AnnalsDiagnostics    *diagnostics;   /* warnings of the file shown */
  GFileMonitor         *monitor;
  AnnalsLoadJob        *job;           /* the load under way */
  GCancellable         *cancellable;
  GFile                *failed_file;   /* the last load that failed, for "Show Problems" */
  GError               *failed_error;
  AnnalsDiagnostics    *failed_diagnostics;
  guint8               *search_matches; /* per event, or NULL */
  gboolean             *collapsed;     /* per track, or NULL when none is */
  guint                 n_search_matches;
  GCancellable         *search_cancellable; /* the search under way */
  GCancellable         *layout_cancellable; /* the relayout under way */
  char                 *search_text;   /* what the matches are for */

  /* borrowed */
  GtkRecentManager     *recent_manager;

  gint64                elapsed;
  int                   resize_start_width;
  guint                 reload_id;
  guint                 progress_id;
  gboolean              show_details;
  gboolean              job_is_reload;
};

void annals_window_class_add_actions (GtkWidgetClass    *widget_class);
void annals_window_init_actions      (AnnalsWindow      *self);
void annals_window_update_actions    (AnnalsWindow      *self);
void annals_window_update_recent     (AnnalsWindow      *self);
void annals_window_cancel_load       (AnnalsWindow      *self);
/* A dialog with the parser's messages, each with its file, line and column. */
void annals_window_show_problems     (AnnalsWindow      *self,
                                      GFile             *file,
                                      const GError      *error,
                                      AnnalsDiagnostics *diagnostics);

G_END_DECLS
