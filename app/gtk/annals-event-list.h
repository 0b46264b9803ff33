/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "annals-event-list-model.h"

G_BEGIN_DECLS

/* The events as a table (title, start, end, status, track), sortable by
 * column, showing what the timeline shows and sharing its selection through
 * the "selected" property (an event index, -1 for none). Activating a row
 * emits "event-activated", as the timeline view does. */

#define ANNALS_TYPE_EVENT_LIST (annals_event_list_get_type ())

G_DECLARE_FINAL_TYPE (AnnalsEventList, annals_event_list, ANNALS, EVENT_LIST, GtkWidget)

GtkWidget            *annals_event_list_new          (void);
void                  annals_event_list_set_layout   (AnnalsEventList *self,
                                                      AnnalsLayout    *layout);
AnnalsEventListModel *annals_event_list_get_model    (AnnalsEventList *self);
gint                  annals_event_list_get_selected (AnnalsEventList *self);
/* Selects @event (-1: nothing) and scrolls its row into view. */
void                  annals_event_list_set_selected (AnnalsEventList *self,
                                                      gint             event);
/* Sorts as a click on a column header would. */
void                  annals_event_list_sort_by      (AnnalsEventList  *self,
                                                      AnnalsEventColumn column,
                                                      gboolean          descending);

G_END_DECLS
