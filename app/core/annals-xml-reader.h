/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Private to core: what the readers need from AnnalsXmlReader beyond
 * annals-formats.h. libxml2 keeps only a line number on each node, so the
 * reader scans the bytes it hands to libxml2 and remembers where each start
 * tag begins (its "<"), which gives elements an exact line and column. */

#include "annals-formats.h"

G_BEGIN_DECLS

/* xmlTextReaderRead() that also gives each element its position; readers that
 * want positions call this instead. Returns 1, 0 at the end, -1 on error. */
int      annals_xml_reader_read                 (AnnalsXmlReader  *self);
/* The position of an element (or of the element holding @node) read through
 * annals_xml_reader_read() or marked with annals_xml_reader_mark_subtree();
 * otherwise libxml2's line and column 0. Lines and columns are 1-based. */
void     annals_xml_reader_get_position         (AnnalsXmlReader  *self,
                                                 xmlNodePtr        node,
                                                 guint            *line,
                                                 guint            *column);
/* Gives positions to the descendants of the current element after
 * xmlTextReaderExpand(), before annals_xml_reader_read() reaches them, so that
 * errors about them (from a validator) can be placed. */
void     annals_xml_reader_mark_subtree         (AnnalsXmlReader  *self,
                                                 xmlNodePtr        node);
/* TRUE once libxml2 found the document not well-formed (or the reader stopped
 * at a DOCTYPE); that error is in the diagnostics already. */
gboolean annals_xml_reader_is_malformed         (AnnalsXmlReader  *self);

G_END_DECLS
