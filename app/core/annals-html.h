/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* HTML from imported files (SIMILE descriptions) reduced to the plain text the
 * native format holds. Private to core. The HTML is only read as text: nothing
 * in it is run, loaded or fetched. */

typedef struct
{
  char *href;                          /* as written, entities decoded */
  char *label;                         /* the link's text, or NULL */
} AnnalsHtmlLink;

void      annals_html_link_free    (AnnalsHtmlLink *link);

/* Returns the text of @html as plain UTF-8: tags removed (with the contents of
 * script, style and the like), character references and the HTML 4 named
 * entities decoded, white space collapsed as a browser would, paragraphs and
 * list items on lines of their own (paragraphs separated by a blank line, list
 * items starting with "• "), no leading or trailing white space. Each
 * <a href="…"> is appended to @links (nullable; AnnalsHtmlLink, the caller owns
 * them) with its text as label. Newly allocated; "" for nothing. */
char     *annals_html_to_text      (const char     *html,
                                    GPtrArray      *links);

/* TRUE for links that are safe to offer: http, https, ftp, mailto, and
 * references without a scheme (relative to the file). FALSE for javascript:,
 * data:, vbscript:, file: and other schemes. */
gboolean  annals_html_href_is_safe (const char     *href);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AnnalsHtmlLink, annals_html_link_free)

G_END_DECLS
