/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "annals-formats.h"
#include "annals-timeline.h"

G_BEGIN_DECLS

/* What the importers of other formats share. Private to core. */

/* Namespaces of the extension elements that carry what the native format has
 * no element for, so that --convert loses nothing. */
#define ANNALS_SIMILE_NS           "urn:annals:import:simile"
#define ANNALS_SIMILE_PREFIX       "simile"
#define ANNALS_TIMELINE_PROJECT_NS "urn:annals:import:timeline-project"
#define ANNALS_TIMELINE_PROJECT_PREFIX "tlp"

/* Ids unique in the whole file, whatever they name (track, category, event). */
typedef struct _AnnalsIdSet AnnalsIdSet;

AnnalsIdSet *annals_id_set_new              (void);
void         annals_id_set_free             (AnnalsIdSet      *self);
/* Reserves @id as it is; FALSE when it was taken. */
gboolean     annals_id_set_take             (AnnalsIdSet      *self,
                                             const char       *id);
/* A new id made from @text ("Work & Play" -> "work-play", "Política" ->
 * "politica"), starting with a letter (@prefix is put in front otherwise, and
 * used alone when nothing is left), "-2", "-3"… appended when taken. Newly
 * allocated and reserved. */
char        *annals_id_set_make             (AnnalsIdSet      *self,
                                             const char       *text,
                                             const char       *prefix);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AnnalsIdSet, annals_id_set_free)

/* CSS colours as SIMILE files write them: "#0a0", "#00aa00", "rgb(0,170,0)",
 * and the CSS named colours ("green", "DarkRed"). */
gboolean     annals_css_color_parse         (const char       *text,
                                             AnnalsColor      *color);
/* "#00aa00". Newly allocated. */
char        *annals_color_to_string         (AnnalsColor       color);

/* Plain text as the native format keeps it: every run of white space (line
 * breaks too) made one space, none at either end, as the native reader does.
 * NULL when nothing is left. Newly allocated. */
char        *annals_import_normalize_text   (const char       *text);

/* The title of an imported timeline that has none: the file's name without
 * folder and extension ("jfk.xml" -> "jfk"). Newly allocated. */
char        *annals_import_title_from_file  (const char       *file);

/* A serialised extension element: <prefix:name xmlns:prefix="ns" a="v"…>text
 * </prefix:name>, escaped. The attributes are name/value pairs ending with
 * NULL; pairs with a NULL value are left out. @text may be NULL for an empty
 * element. Newly allocated. */
char        *annals_import_extension        (const char       *prefix,
                                             const char       *ns,
                                             const char       *name,
                                             const char       *text,
                                             ...) G_GNUC_NULL_TERMINATED;

/* Collects extension strings and links for one event while it is read, then
 * copies them into the timeline's arena. */
typedef struct
{
  GPtrArray *extensions;               /* char * */
  GPtrArray *links;                    /* AnnalsHtmlLink * */
  GPtrArray *tags;                     /* char * */
} AnnalsDetailBuilder;

void         annals_detail_builder_init     (AnnalsDetailBuilder *self);
void         annals_detail_builder_clear    (AnnalsDetailBuilder *self);
/* Adds a link unless one with the same href is there (then only a missing
 * label is filled in). */
void         annals_detail_builder_add_link (AnnalsDetailBuilder *self,
                                             const char          *href,
                                             const char          *label);
/* Takes @xml. */
void         annals_detail_builder_take_extension (AnnalsDetailBuilder *self,
                                             char                *xml);
/* Fills @detail (zeroed by the caller, bounds included) with the builder's
 * lists, copied into @timeline. */
void         annals_detail_builder_copy_to  (AnnalsDetailBuilder *self,
                                             AnnalsTimeline      *timeline,
                                             AnnalsEventDetail   *detail);

/* Reads up to the root element (unless the reader is there already). FALSE
 * with @error set when the file fails or ends first. */
gboolean     annals_import_read_root        (AnnalsXmlReader  *xml,
                                             AnnalsDiagnostics *diagnostics,
                                             GError          **error);
/* After reading failed: the reader's own error (I/O, cancelled, too large)
 * or else "not well-formed" (libxml2 has put the details into the
 * diagnostics). Always returns FALSE. */
gboolean     annals_import_fail_read        (AnnalsXmlReader  *xml,
                                             AnnalsDiagnostics *diagnostics,
                                             GError          **error);
/* An error about the root element, which is not what @expected says. */
void         annals_import_wrong_root       (AnnalsXmlReader  *xml,
                                             AnnalsDiagnostics *diagnostics,
                                             const char       *message,
                                             GError          **error);

G_END_DECLS
