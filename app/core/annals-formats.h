/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Private to core: the readers behind annals_load_file() and the writer. Each
 * reader streams from @stream (never the whole file in memory), reports every
 * problem with its line and column to @diagnostics, and returns a finished
 * timeline, or NULL with @error set when there were errors. */

#include <gio/gio.h>
#include <libxml/xmlreader.h>

#include "annals-diagnostics.h"
#include "annals-loader.h"
#include "annals-timeline.h"

G_BEGIN_DECLS

/* The one safe way to open XML here: a streaming xmlTextReader over @stream with
 * XML_PARSE_NONET, no DTD loading, no entity substitution and libxml2's default
 * size limits; libxml2's own errors go to @diagnostics with their positions;
 * reads honour options->cancellable, options->max_bytes and report progress
 * against @total_bytes (0 when unknown). Free with annals_xml_reader_free(). */
typedef struct _AnnalsXmlReader AnnalsXmlReader;

AnnalsXmlReader *annals_xml_reader_new        (GInputStream            *stream,
                                               goffset                  total_bytes,
                                               const char              *name,
                                               const AnnalsLoadOptions *options,
                                               AnnalsDiagnostics       *diagnostics);
xmlTextReaderPtr annals_xml_reader_get_reader (AnnalsXmlReader         *self);
/* TRUE once reading failed for reasons that are not the data's (I/O,
 * cancelled, too large); @error is then set. */
gboolean         annals_xml_reader_failed     (AnnalsXmlReader         *self,
                                               GError                 **error);
void             annals_xml_reader_free       (AnnalsXmlReader         *self);

AnnalsTimeline  *annals_parse_native          (AnnalsXmlReader         *reader,
                                               const AnnalsLoadOptions *options,
                                               AnnalsDiagnostics       *diagnostics,
                                               GError                 **error);
AnnalsTimeline  *annals_import_simile         (AnnalsXmlReader         *reader,
                                               const AnnalsLoadOptions *options,
                                               AnnalsDiagnostics       *diagnostics,
                                               GError                 **error);
AnnalsTimeline  *annals_import_timeline_project (AnnalsXmlReader       *reader,
                                               const AnnalsLoadOptions *options,
                                               AnnalsDiagnostics       *diagnostics,
                                               GError                 **error);

G_END_DECLS
