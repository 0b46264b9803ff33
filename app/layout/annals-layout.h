/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "annals-timeline.h"

G_BEGIN_DECLS

/* Where every event sits: the lanes (one per visible track, in file order,
 * nested tracks after their parent) and the row of each event inside its
 * lane (greedy interval packing). Pure and computed once per dataset and
 * filter; panning and zooming only query it. Works in AnnalsTime, never in
 * pixels. Immutable once built, so it can be built in a worker thread. */

typedef struct _AnnalsLayout AnnalsLayout;

typedef struct
{
  gint32  track;                       /* index into timeline->tracks, -1: events with no track */
  guint16 depth;                       /* nesting, for the indent */
  guint8  kind;                        /* AnnalsTrackKind */
  guint8  collapsed;                   /* a group whose children are hidden */
  guint   first_row;                   /* global index of the lane's first row */
  guint   n_rows;                      /* >= 1 */
} AnnalsLane;

typedef struct
{
  /* Each NULL or one entry per track / category; TRUE hides or collapses. */
  const gboolean *hidden_tracks;
  const gboolean *collapsed_tracks;
  const gboolean *hidden_categories;
  guint32         hidden_statuses;     /* bit (1 << AnnalsStatus) set: hidden */
  AnnalsTime      from;                /* date-range filter; ANNALS_TIME_MIN: none */
  AnnalsTime      to;                  /* ANNALS_TIME_MAX: none */
} AnnalsLayoutOptions;

void                annals_layout_options_init   (AnnalsLayoutOptions *options);

/* Returns a new layout holding a reference on @timeline. @options may be NULL
 * (everything shown). */
AnnalsLayout       *annals_layout_new            (AnnalsTimeline            *timeline,
                                                  const AnnalsLayoutOptions *options);
AnnalsLayout       *annals_layout_ref            (AnnalsLayout              *self);
void                annals_layout_unref          (AnnalsLayout              *self);
AnnalsTimeline     *annals_layout_get_timeline   (AnnalsLayout              *self);

guint               annals_layout_get_n_lanes    (AnnalsLayout              *self);
const AnnalsLane   *annals_layout_get_lane       (AnnalsLayout              *self,
                                                  guint                      index);
guint               annals_layout_get_n_rows     (AnnalsLayout              *self);
/* Global row of an event, or -1 when it is filtered out. */
gint                annals_layout_get_event_row  (AnnalsLayout              *self,
                                                  guint                      event);
/* The lane an event is drawn in, or -1 when it is filtered out. */
gint                annals_layout_get_event_lane (AnnalsLayout              *self,
                                                  guint                      event);
gboolean            annals_layout_is_visible     (AnnalsLayout              *self,
                                                  guint                      event);
guint               annals_layout_get_n_visible  (AnnalsLayout              *self);

/* Time range of what is shown (events, measures, eras, as-of), padded a little so
 * nothing touches the edges. FALSE when there is nothing. */
gboolean            annals_layout_get_extent     (AnnalsLayout              *self,
                                                  AnnalsTime                *start,
                                                  AnnalsTime                *end);

/* Calls @func for every shown event that intersects [@start, @end), in start
 * order, using binary search and a long-span index: no scan of the dataset.
 * Returns FALSE from @func to stop. */
typedef gboolean (*AnnalsLayoutEventFunc) (guint    event,
                                           gpointer user_data);
void                annals_layout_foreach_in_range (AnnalsLayout            *self,
                                                    AnnalsTime              start,
                                                    AnnalsTime              end,
                                                    AnnalsLayoutEventFunc   func,
                                                    gpointer                user_data);
/* Next/previous shown event in time order after @event (-1: from the start /
 * end), or -1. For keyboard navigation. */
gint                annals_layout_step           (AnnalsLayout              *self,
                                                  gint                       event,
                                                  int                        direction);

/* What the renderer needs beyond the contract above: per-row access for
 * drawing (the hot path), and a summary of the shown data for the legend. */

/* Rows a quantity lane's step chart takes; its events, if any, follow. */
#define ANNALS_LAYOUT_CHART_ROWS 2

typedef enum
{
  ANNALS_LAYOUT_HAS_SPANS           = 1 << 0,
  ANNALS_LAYOUT_HAS_INSTANTS        = 1 << 1,
  ANNALS_LAYOUT_HAS_MILESTONES      = 1 << 2,
  ANNALS_LAYOUT_HAS_ONGOING         = 1 << 3,  /* spans without an end */
  ANNALS_LAYOUT_HAS_APPROX          = 1 << 4,  /* approx="true" dates */
  ANNALS_LAYOUT_HAS_BOUNDS          = 1 << 5,  /* earliest / latest */
  ANNALS_LAYOUT_HAS_PROPOSED_END    = 1 << 6,  /* <end status="proposed"> */
  ANNALS_LAYOUT_HAS_UNCONFIRMED_END = 1 << 7,  /* <end status="reported|disputed"> */
  ANNALS_LAYOUT_HAS_QUANTITIES      = 1 << 8,  /* a shown quantity lane */
  ANNALS_LAYOUT_HAS_CONFLICTS       = 1 << 9,  /* measures that disagree on a date */
  ANNALS_LAYOUT_HAS_ERAS            = 1 << 10,
} AnnalsLayoutFeatures;

/* AnnalsLayoutFeatures of the shown data. */
guint               annals_layout_get_features   (AnnalsLayout              *self);
/* Bit (1 << AnnalsStatus) set for each status among shown events. */
guint32             annals_layout_get_status_mask (AnnalsLayout             *self);
gboolean            annals_layout_category_is_used (AnnalsLayout            *self,
                                                    guint                    category);
/* TRUE when a shown event or measure cites @source (or names it). */
gboolean            annals_layout_source_is_cited (AnnalsLayout             *self,
                                                   guint                     source);
gboolean            annals_layout_track_has_children (AnnalsLayout          *self,
                                                      guint                  track);
/* The lane showing @track (its own, or its collapsed group's), or -1. */
gint                annals_layout_get_track_lane (AnnalsLayout              *self,
                                                  guint                      track);
guint               annals_layout_get_row_lane   (AnnalsLayout              *self,
                                                  guint                      row);
/* The events of @row in start order, with the time each occupies, [start, end)
 * in AnnalsTime seconds (uncertainty bounds and ongoing runs included). Events
 * of a row never overlap, so they are in end order too. Returns how many; the
 * arrays belong to the layout. */
guint               annals_layout_get_row_events (AnnalsLayout              *self,
                                                  guint                      row,
                                                  const guint32            **events,
                                                  const AnnalsTime         **starts,
                                                  const AnnalsTime         **ends);
/* Index in @row's arrays of the first event that ends after @time (binary
 * search); the row's count when there is none. */
guint               annals_layout_row_find       (AnnalsLayout              *self,
                                                  guint                      row,
                                                  AnnalsTime                 time);
/* The time a shown event occupies in its row. FALSE when it is filtered out. */
gboolean            annals_layout_get_event_bounds (AnnalsLayout            *self,
                                                    guint                    event,
                                                    AnnalsTime              *start,
                                                    AnnalsTime              *end);
/* Where ongoing spans end when the timeline has no as-of date. */
AnnalsTime          annals_layout_get_open_end   (AnnalsLayout              *self);
/* The measures of a quantity lane: timeline->measures[*first .. *first + n).
 * Returns n (0 for other lanes). @min and @max (nullable) get their value range. */
guint               annals_layout_get_lane_measures (AnnalsLayout           *self,
                                                     guint                   lane,
                                                     guint                  *first,
                                                     double                 *min,
                                                     double                 *max);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AnnalsLayout, annals_layout_unref)

G_END_DECLS
