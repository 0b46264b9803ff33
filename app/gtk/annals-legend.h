/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "annals-layout.h"

G_BEGIN_DECLS

/* The legend of a timeline, which is also its filter: every track, category
 * and status with its colour and a check button that shows or hides it, and a
 * date range. Emits "changed" when the user changes a filter; the window then
 * lays the timeline out again with annals_legend_get_options(). */

#define ANNALS_TYPE_LEGEND (annals_legend_get_type ())

G_DECLARE_FINAL_TYPE (AnnalsLegend, annals_legend, ANNALS, LEGEND, GtkWidget)

GtkWidget *annals_legend_new                 (void);
/* Lists the tracks, categories and statuses of @timeline (nullable), all
 * shown. */
void       annals_legend_set_timeline        (AnnalsLegend        *self,
                                              AnnalsTimeline      *timeline);
/* Groups collapsed in the view: their children are listed but cannot be
 * toggled while the group is folded. @collapsed: one per track, or NULL. */
void       annals_legend_set_collapsed       (AnnalsLegend        *self,
                                              const gboolean      *collapsed);
/* Fills the filter part of @options; the arrays belong to the legend and
 * stay valid until its next change. */
void       annals_legend_get_options         (AnnalsLegend        *self,
                                              AnnalsLayoutOptions *options);
/* TRUE when something is hidden. */
gboolean   annals_legend_get_filtering       (AnnalsLegend        *self);
void       annals_legend_set_track_hidden    (AnnalsLegend        *self,
                                              guint                track,
                                              gboolean             hidden);
void       annals_legend_set_category_hidden (AnnalsLegend        *self,
                                              guint                category,
                                              gboolean             hidden);
void       annals_legend_set_status_hidden   (AnnalsLegend        *self,
                                              AnnalsStatus         status,
                                              gboolean             hidden);
/* Date texts as a data author writes them ("2018", "2026-02"); NULL or ""
 * for no bound. An end date includes its whole period. Returns FALSE, keeping
 * the filter, when a text is not a date. */
gboolean   annals_legend_set_range           (AnnalsLegend        *self,
                                              const char          *from,
                                              const char          *to);
/* Shows everything again. */
void       annals_legend_reset               (AnnalsLegend        *self);
/* The filter by ids, so that it survives reloads and edits of the file. */
void       annals_legend_save                (AnnalsLegend        *self,
                                              GKeyFile            *key_file,
                                              const char          *group);
void       annals_legend_load                (AnnalsLegend        *self,
                                              GKeyFile            *key_file,
                                              const char          *group);

G_END_DECLS
