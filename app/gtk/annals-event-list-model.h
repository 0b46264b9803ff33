/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "annals-layout.h"

G_BEGIN_DECLS

/* The events a layout shows, as a GListModel for GtkColumnView. Items are
 * made on demand (a million events never become a million objects), and
 * sorting is a permutation of event indexes computed once per column, so that
 * filtering or reversing the order is a linear pass, never a re-sort. */

typedef enum
{
  ANNALS_EVENT_COLUMN_START,           /* file order: events are sorted by start */
  ANNALS_EVENT_COLUMN_TITLE,
  ANNALS_EVENT_COLUMN_END,
  ANNALS_EVENT_COLUMN_STATUS,
  ANNALS_EVENT_COLUMN_TRACK,
  ANNALS_N_EVENT_COLUMNS
} AnnalsEventColumn;

#define ANNALS_TYPE_EVENT_ITEM (annals_event_item_get_type ())

G_DECLARE_FINAL_TYPE (AnnalsEventItem, annals_event_item, ANNALS, EVENT_ITEM, GObject)

/* The event's index in its timeline. */
guint                 annals_event_item_get_event        (AnnalsEventItem      *self);
AnnalsTimeline       *annals_event_item_get_timeline     (AnnalsEventItem      *self);

#define ANNALS_TYPE_EVENT_LIST_MODEL (annals_event_list_model_get_type ())

G_DECLARE_FINAL_TYPE (AnnalsEventListModel, annals_event_list_model, ANNALS, EVENT_LIST_MODEL, GObject)

AnnalsEventListModel *annals_event_list_model_new        (void);
/* Lists the events @layout shows (nullable: none). A layout of the same
 * timeline keeps the sort order and its cached permutations. */
void                  annals_event_list_model_set_layout (AnnalsEventListModel *self,
                                                          AnnalsLayout         *layout);
AnnalsLayout         *annals_event_list_model_get_layout (AnnalsEventListModel *self);
void                  annals_event_list_model_set_sort   (AnnalsEventListModel *self,
                                                          AnnalsEventColumn     column,
                                                          gboolean              descending);
AnnalsEventColumn     annals_event_list_model_get_sort_column (AnnalsEventListModel *self);
/* The event at @position, or -1 past the end. */
gint                  annals_event_list_model_get_event  (AnnalsEventListModel *self,
                                                          guint                 position);
/* Where @event is listed, or -1 when it is filtered out. */
gint                  annals_event_list_model_get_position (AnnalsEventListModel *self,
                                                            guint                 event);

G_END_DECLS
