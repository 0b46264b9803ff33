/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "annals-timeline.h"

G_BEGIN_DECLS

/* Finding events by text: the query is matched, case- and accent-insensitively
 * ("ankara" finds "Ankara", "sao" finds "São"), against an event's title,
 * summary, places, actors, tags, track and category labels and the title and
 * publisher of the sources it cites. Every word of the query must occur
 * somewhere in the event, in any order. GLib only and free of shared state,
 * so that a window can run it in a worker thread over a million events. */

typedef struct _AnnalsSearch AnnalsSearch;

/* Returns a new search for @text, or NULL when @text holds nothing to look
 * for (empty or only spaces). */
AnnalsSearch       *annals_search_new            (const char        *text);
void                annals_search_free           (AnnalsSearch      *self);

gboolean            annals_search_match_event    (AnnalsSearch      *self,
                                                  AnnalsTimeline    *timeline,
                                                  guint              event);
/* Matches the events [@first, @last) of @timeline, setting @matches[i] to 1
 * or 0 for each (@matches has one byte per event of the timeline). Returns the
 * number of matches in the range. Stops early, returning 0, when
 * @cancellable (nullable) is cancelled. */
guint               annals_search_run            (AnnalsSearch      *self,
                                                  AnnalsTimeline    *timeline,
                                                  guint              first,
                                                  guint              last,
                                                  guint8            *matches,
                                                  GCancellable      *cancellable);

/* @text folded the way the search compares: decomposed, without combining
 * marks, case-folded. Free with g_free(). */
char               *annals_search_fold           (const char        *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AnnalsSearch, annals_search_free)

G_END_DECLS
