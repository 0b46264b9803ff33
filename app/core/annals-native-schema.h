/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Private to core: the structure of the native format, version 1, as the
 * reader enforces it. It is resources/annals-timeline-1.rng in tables: which
 * element may hold which, which attributes each may carry and must carry,
 * where text and extensions may go. tests/test-parser.c derives the same
 * tables from the grammar and compares them, so that the two cannot drift
 * apart. Values (dates, colours, numbers, ids, enumerations) are checked by
 * the reader itself. */

/* An element by where it is: <title> in <timeline>, <source> and <event> are
 * three elements with different rules. */
typedef enum
{
  ANNALS_ELEMENT_NONE,                 /* not allowed there */
  ANNALS_ELEMENT_DOCUMENT,             /* the parent of the root */
  ANNALS_ELEMENT_TIMELINE,
  ANNALS_ELEMENT_TITLE,                /* of the timeline */
  ANNALS_ELEMENT_DESCRIPTION,
  ANNALS_ELEMENT_AS_OF,
  ANNALS_ELEMENT_SOURCE,
  ANNALS_ELEMENT_SOURCE_TITLE,
  ANNALS_ELEMENT_PUBLISHER,
  ANNALS_ELEMENT_PUBLISHED,
  ANNALS_ELEMENT_URL,
  ANNALS_ELEMENT_TRACK,
  ANNALS_ELEMENT_CATEGORY,
  ANNALS_ELEMENT_ERA,
  ANNALS_ELEMENT_EVENT,
  ANNALS_ELEMENT_EVENT_TITLE,
  ANNALS_ELEMENT_START,
  ANNALS_ELEMENT_END,
  ANNALS_ELEMENT_SUMMARY,
  ANNALS_ELEMENT_PLACE,
  ANNALS_ELEMENT_ACTOR,
  ANNALS_ELEMENT_QUANTITY,
  ANNALS_ELEMENT_LINK,
  ANNALS_ELEMENT_CITE,
  ANNALS_ELEMENT_TAG,
  ANNALS_ELEMENT_MEASURE,
  ANNALS_N_ELEMENTS
} AnnalsNativeElement;

/* Every unprefixed attribute the format has, on whichever element. */
typedef enum
{
  ANNALS_ATTRIBUTE_VERSION,
  ANNALS_ATTRIBUTE_TZ,
  ANNALS_ATTRIBUTE_LANG,
  ANNALS_ATTRIBUTE_ID,
  ANNALS_ATTRIBUTE_KIND,
  ANNALS_ATTRIBUTE_RELIABILITY,
  ANNALS_ATTRIBUTE_LABEL,
  ANNALS_ATTRIBUTE_COLOR,
  ANNALS_ATTRIBUTE_UNIT,
  ANNALS_ATTRIBUTE_START,
  ANNALS_ATTRIBUTE_END,
  ANNALS_ATTRIBUTE_TRACK,
  ANNALS_ATTRIBUTE_TYPE,
  ANNALS_ATTRIBUTE_CATEGORY,
  ANNALS_ATTRIBUTE_STATUS,
  ANNALS_ATTRIBUTE_APPROX,
  ANNALS_ATTRIBUTE_EARLIEST,
  ANNALS_ATTRIBUTE_LATEST,
  ANNALS_ATTRIBUTE_CHANGE,
  ANNALS_ATTRIBUTE_VALUE,
  ANNALS_ATTRIBUTE_HREF,
  ANNALS_ATTRIBUTE_SOURCE,
  ANNALS_ATTRIBUTE_QUOTE,
  ANNALS_ATTRIBUTE_PAGE,
  ANNALS_ATTRIBUTE_DATE,
  ANNALS_N_ATTRIBUTES                  /* also: not an attribute of the format */
} AnnalsNativeAttribute;

/* The element @local_name (in the timeline's namespace) is inside @parent, or
 * ANNALS_ELEMENT_NONE where the format has no such child. */
AnnalsNativeElement   annals_native_child                     (AnnalsNativeElement    parent,
                                                               const char            *local_name);
/* "title" for all three titles; "" for NONE and DOCUMENT. */
const char           *annals_native_element_name              (AnnalsNativeElement    element);
/* Plain text and no child element (not even an extension). */
gboolean              annals_native_holds_text                (AnnalsNativeElement    element);
/* Elements of other namespaces are allowed inside (the reader keeps them at
 * the top level and in events only). */
gboolean              annals_native_allows_foreign_elements   (AnnalsNativeElement    element);
gboolean              annals_native_allows_foreign_attributes (AnnalsNativeElement    element);
/* Masks of 1 << AnnalsNativeAttribute. An attribute that is one of a choice
 * (change or value on <quantity>) is allowed, not required. */
guint32               annals_native_allowed_attributes        (AnnalsNativeElement    element);
guint32               annals_native_required_attributes       (AnnalsNativeElement    element);

AnnalsNativeAttribute annals_native_attribute                 (const char            *local_name);
const char           *annals_native_attribute_name            (AnnalsNativeAttribute  attribute);

G_END_DECLS
