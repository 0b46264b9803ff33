/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "annals-timeline.h"

G_BEGIN_DECLS

/* Writes version 1 of the native format, pretty-printed UTF-8, valid against
 * the schema; reading it back gives the same timeline, foreign elements
 * included. */
gboolean annals_write_native      (AnnalsTimeline  *timeline,
                                   GOutputStream   *stream,
                                   GError         **error);
/* Through a temporary file renamed into place. */
gboolean annals_write_native_file (AnnalsTimeline  *timeline,
                                   const char      *path,
                                   GError         **error);

G_END_DECLS
