/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "annals-timeline.h"
#include "annals-viewport.h"

G_BEGIN_DECLS

/* "Go to date": an entry that takes a date as the format writes it ("1999",
 * "2026-09", "-0199", "2026-02-19T07:05") and centres the view on the period
 * it names, zooming out when the period is wider than the view. A date it
 * cannot read leaves the view alone and shows the parser's message. */

#define ANNALS_TYPE_GOTO_POPOVER (annals_goto_popover_get_type ())

G_DECLARE_FINAL_TYPE (AnnalsGotoPopover, annals_goto_popover, ANNALS, GOTO_POPOVER, GtkPopover)

GtkWidget  *annals_goto_popover_new        (void);
/* The timeline gives the time zone of dates with a time; the viewport is the
 * one the view shows. Both are referenced; either may be NULL. */
void        annals_goto_popover_set_target (AnnalsGotoPopover *self,
                                            AnnalsTimeline    *timeline,
                                            AnnalsViewport    *viewport);
/* Goes to @text as if typed and confirmed. FALSE, with the message shown,
 * when it is not a date. */
gboolean    annals_goto_popover_go         (AnnalsGotoPopover *self,
                                            const char        *text);
/* The message shown under the entry, or NULL when there is none. */
const char *annals_goto_popover_get_error  (AnnalsGotoPopover *self);
/* Centres @viewport on [@start, @end), zooming out if the period is wider
 * than the view, and in (to 12 times the period) if the view shows the whole
 * dataset, where centring alone would change nothing. */
void        annals_goto_period             (AnnalsViewport    *viewport,
                                            double             start,
                                            double             end);

G_END_DECLS
