/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Private to core: what the readers need from AnnalsXmlReader beyond
 * annals-formats.h. libxml2 keeps only a line number on each node, so the
 * reader scans the bytes it hands to libxml2 and remembers where each start
 * tag begins (its "<"), which gives elements an exact line and column.
 *
 * A reader is used in one of two ways, never both: pulled through the
 * xmlTextReader (annals_xml_reader_get_reader(), annals_xml_reader_read()),
 * which builds a node per element and suits the importers, or pushed through
 * libxml2's SAX2 parser (annals_xml_reader_parse()), which builds nothing and
 * suits the native reader of files with millions of events. */

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

/* What annals_xml_reader_parse() calls, in document order, one call at a
 * time, on the thread that called it or on one of its own (all calls have
 * returned when it returns). Strings are libxml2's and valid during the call only; @attributes
 * holds @n_attributes groups of five as in libxml2's startElementNsSAX2Func
 * (local name, prefix, namespace, value start, value end), @namespaces the
 * (prefix, URI) pairs declared on the element. @line and @column are where
 * the start tag begins. A "&" in an attribute value arrives as "&#38;", as
 * libxml2 leaves it when entities are not substituted. */
typedef struct
{
  void (*start_element)          (gpointer         user_data,
                                  const xmlChar   *local_name,
                                  const xmlChar   *prefix,
                                  const xmlChar   *uri,
                                  int              n_namespaces,
                                  const xmlChar  **namespaces,
                                  int              n_attributes,
                                  const xmlChar  **attributes,
                                  guint            line,
                                  guint            column);
  void (*end_element)            (gpointer         user_data,
                                  const xmlChar   *local_name,
                                  const xmlChar   *prefix,
                                  const xmlChar   *uri);
  /* Text and CDATA, possibly in several pieces. */
  void (*text)                   (gpointer         user_data,
                                  const xmlChar   *text,
                                  int              length);
  /* Optional. */
  void (*comment)                (gpointer         user_data,
                                  const xmlChar   *text);
  void (*processing_instruction) (gpointer         user_data,
                                  const xmlChar   *target,
                                  const xmlChar   *data);
} AnnalsXmlHandler;

/* Reads the whole stream through libxml2's SAX2 push parser, with the same
 * safety (no network, no DTD, no entity substitution, default limits, DOCTYPE
 * refused), limits, cancellation, progress and error messages as the
 * xmlTextReader. Returns TRUE when the document was read to its end and is
 * well-formed; otherwise annals_xml_reader_failed() or the diagnostics say
 * why. */
gboolean annals_xml_reader_parse                (AnnalsXmlReader        *self,
                                                 const AnnalsXmlHandler *handler,
                                                 gpointer                user_data);
/* From a handler: stops annals_xml_reader_parse() after the current call. */
void     annals_xml_reader_stop                 (AnnalsXmlReader        *self);
/* For tests: the threads of annals_xml_reader_parse() always, or never. */
void     annals_xml_reader_set_threads          (AnnalsXmlReader        *self,
                                                 gboolean                threads);

G_END_DECLS
