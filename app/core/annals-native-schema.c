/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-native-schema.h"

#include <string.h>

/* The tables are looked up for every element and attribute of files with
 * millions of them: names are told apart by their first letter before any
 * string comparison. */

typedef enum
{
  NAME_TIMELINE,
  NAME_TITLE,
  NAME_DESCRIPTION,
  NAME_AS_OF,
  NAME_SOURCE,
  NAME_PUBLISHER,
  NAME_PUBLISHED,
  NAME_URL,
  NAME_TRACK,
  NAME_CATEGORY,
  NAME_ERA,
  NAME_EVENT,
  NAME_START,
  NAME_END,
  NAME_SUMMARY,
  NAME_PLACE,
  NAME_ACTOR,
  NAME_QUANTITY,
  NAME_LINK,
  NAME_CITE,
  NAME_TAG,
  NAME_MEASURE,
  N_NAMES
} Name;

#define A(name) (1u << ANNALS_ATTRIBUTE_ ## name)

static const struct
{
  const char *name;
  gboolean    text;                    /* plain text only */
  gboolean    foreign_attributes;
  guint32     allowed;
  guint32     required;
} elements[ANNALS_N_ELEMENTS] = {
  [ANNALS_ELEMENT_NONE] = { "", FALSE, FALSE, 0, 0 },
  [ANNALS_ELEMENT_DOCUMENT] = { "", FALSE, FALSE, 0, 0 },
  [ANNALS_ELEMENT_TIMELINE] = { "timeline", FALSE, TRUE,
                                A (VERSION) | A (TZ) | A (LANG), A (VERSION) },
  [ANNALS_ELEMENT_TITLE] = { "title", TRUE, FALSE, 0, 0 },
  [ANNALS_ELEMENT_DESCRIPTION] = { "description", TRUE, FALSE, 0, 0 },
  [ANNALS_ELEMENT_AS_OF] = { "as-of", TRUE, FALSE, 0, 0 },
  [ANNALS_ELEMENT_SOURCE] = { "source", FALSE, TRUE,
                              A (ID) | A (KIND) | A (RELIABILITY), A (ID) },
  [ANNALS_ELEMENT_SOURCE_TITLE] = { "title", TRUE, FALSE, 0, 0 },
  [ANNALS_ELEMENT_PUBLISHER] = { "publisher", TRUE, FALSE, 0, 0 },
  [ANNALS_ELEMENT_PUBLISHED] = { "published", TRUE, FALSE, 0, 0 },
  [ANNALS_ELEMENT_URL] = { "url", TRUE, FALSE, 0, 0 },
  [ANNALS_ELEMENT_TRACK] = { "track", FALSE, TRUE,
                             A (ID) | A (LABEL) | A (COLOR) | A (KIND) | A (UNIT), A (ID) },
  [ANNALS_ELEMENT_CATEGORY] = { "category", FALSE, TRUE, A (ID) | A (LABEL) | A (COLOR), A (ID) },
  [ANNALS_ELEMENT_ERA] = { "era", FALSE, TRUE, A (START) | A (END) | A (LABEL) | A (COLOR),
                           A (START) | A (LABEL) },
  [ANNALS_ELEMENT_EVENT] = { "event", FALSE, TRUE,
                             A (ID) | A (TRACK) | A (TYPE) | A (CATEGORY) | A (STATUS), A (ID) },
  [ANNALS_ELEMENT_EVENT_TITLE] = { "title", TRUE, FALSE, 0, 0 },
  [ANNALS_ELEMENT_START] = { "start", TRUE, TRUE, A (APPROX) | A (EARLIEST) | A (LATEST), 0 },
  [ANNALS_ELEMENT_END] = { "end", TRUE, TRUE,
                           A (STATUS) | A (APPROX) | A (EARLIEST) | A (LATEST), 0 },
  [ANNALS_ELEMENT_SUMMARY] = { "summary", TRUE, FALSE, 0, 0 },
  [ANNALS_ELEMENT_PLACE] = { "place", TRUE, FALSE, 0, 0 },
  [ANNALS_ELEMENT_ACTOR] = { "actor", TRUE, FALSE, 0, 0 },
  [ANNALS_ELEMENT_QUANTITY] = { "quantity", FALSE, TRUE, A (UNIT) | A (CHANGE) | A (VALUE),
                                A (UNIT) },
  [ANNALS_ELEMENT_LINK] = { "link", TRUE, TRUE, A (HREF), A (HREF) },
  [ANNALS_ELEMENT_CITE] = { "cite", FALSE, TRUE, A (SOURCE) | A (QUOTE) | A (PAGE), A (SOURCE) },
  [ANNALS_ELEMENT_TAG] = { "tag", TRUE, FALSE, 0, 0 },
  [ANNALS_ELEMENT_MEASURE] = { "measure", FALSE, TRUE,
                               A (TRACK) | A (DATE) | A (VALUE) | A (APPROX) | A (SOURCE),
                               A (TRACK) | A (DATE) | A (VALUE) },
};

#undef A

static const char * const attribute_names[ANNALS_N_ATTRIBUTES] = {
  [ANNALS_ATTRIBUTE_VERSION] = "version",
  [ANNALS_ATTRIBUTE_TZ] = "tz",
  [ANNALS_ATTRIBUTE_LANG] = "lang",
  [ANNALS_ATTRIBUTE_ID] = "id",
  [ANNALS_ATTRIBUTE_KIND] = "kind",
  [ANNALS_ATTRIBUTE_RELIABILITY] = "reliability",
  [ANNALS_ATTRIBUTE_LABEL] = "label",
  [ANNALS_ATTRIBUTE_COLOR] = "color",
  [ANNALS_ATTRIBUTE_UNIT] = "unit",
  [ANNALS_ATTRIBUTE_START] = "start",
  [ANNALS_ATTRIBUTE_END] = "end",
  [ANNALS_ATTRIBUTE_TRACK] = "track",
  [ANNALS_ATTRIBUTE_TYPE] = "type",
  [ANNALS_ATTRIBUTE_CATEGORY] = "category",
  [ANNALS_ATTRIBUTE_STATUS] = "status",
  [ANNALS_ATTRIBUTE_APPROX] = "approx",
  [ANNALS_ATTRIBUTE_EARLIEST] = "earliest",
  [ANNALS_ATTRIBUTE_LATEST] = "latest",
  [ANNALS_ATTRIBUTE_CHANGE] = "change",
  [ANNALS_ATTRIBUTE_VALUE] = "value",
  [ANNALS_ATTRIBUTE_HREF] = "href",
  [ANNALS_ATTRIBUTE_SOURCE] = "source",
  [ANNALS_ATTRIBUTE_QUOTE] = "quote",
  [ANNALS_ATTRIBUTE_PAGE] = "page",
  [ANNALS_ATTRIBUTE_DATE] = "date",
};

/* Candidates by first letter, then one comparison. */
static Name
name_of (const char *name)
{
  Name candidate;

  /* Every name has two characters or more: the tests below read up to the
   * third, which is then at worst the terminating nul. */
  if (name[0] == '\0' || name[1] == '\0')
    return N_NAMES;

  switch (name[0])
    {
    case 'a':
      candidate = (name[1] == 's') ? NAME_AS_OF : NAME_ACTOR;
      break;
    case 'c':
      candidate = (name[1] == 'i') ? NAME_CITE : NAME_CATEGORY;
      break;
    case 'd':
      candidate = NAME_DESCRIPTION;
      break;
    case 'e':
      if (name[1] == 'n')
        candidate = NAME_END;
      else
        candidate = (name[1] == 'r') ? NAME_ERA : NAME_EVENT;
      break;
    case 'l':
      candidate = NAME_LINK;
      break;
    case 'm':
      candidate = NAME_MEASURE;
      break;
    case 'p':
      if (name[1] == 'l')
        candidate = NAME_PLACE;
      else
        candidate = (strcmp (name, "publisher") == 0) ? NAME_PUBLISHER : NAME_PUBLISHED;
      break;
    case 'q':
      candidate = NAME_QUANTITY;
      break;
    case 's':
      if (name[1] == 'o')
        candidate = NAME_SOURCE;
      else
        candidate = (name[1] == 't') ? NAME_START : NAME_SUMMARY;
      break;
    case 't':
      if (name[1] == 'a')
        candidate = NAME_TAG;
      else if (name[1] == 'r')
        candidate = NAME_TRACK;
      else
        candidate = (name[2] == 't') ? NAME_TITLE : NAME_TIMELINE;
      break;
    case 'u':
      candidate = NAME_URL;
      break;
    default:
      return N_NAMES;
    }

  {
    static const char * const names[N_NAMES] = {
      [NAME_TIMELINE] = "timeline", [NAME_TITLE] = "title", [NAME_DESCRIPTION] = "description",
      [NAME_AS_OF] = "as-of", [NAME_SOURCE] = "source", [NAME_PUBLISHER] = "publisher",
      [NAME_PUBLISHED] = "published", [NAME_URL] = "url", [NAME_TRACK] = "track",
      [NAME_CATEGORY] = "category", [NAME_ERA] = "era", [NAME_EVENT] = "event",
      [NAME_START] = "start", [NAME_END] = "end", [NAME_SUMMARY] = "summary",
      [NAME_PLACE] = "place", [NAME_ACTOR] = "actor", [NAME_QUANTITY] = "quantity",
      [NAME_LINK] = "link", [NAME_CITE] = "cite", [NAME_TAG] = "tag", [NAME_MEASURE] = "measure",
    };

    return strcmp (name, names[candidate]) == 0 ? candidate : N_NAMES;
  }
}

AnnalsNativeElement
annals_native_child (AnnalsNativeElement  parent,
                     const char          *local_name)
{
  Name name;

  g_return_val_if_fail (local_name != NULL, ANNALS_ELEMENT_NONE);

  name = name_of (local_name);
  if (name == N_NAMES)
    return ANNALS_ELEMENT_NONE;

  switch (parent)
    {
    case ANNALS_ELEMENT_DOCUMENT:
      return name == NAME_TIMELINE ? ANNALS_ELEMENT_TIMELINE : ANNALS_ELEMENT_NONE;

    case ANNALS_ELEMENT_TIMELINE:
      switch (name)
        {
        case NAME_TITLE: return ANNALS_ELEMENT_TITLE;
        case NAME_DESCRIPTION: return ANNALS_ELEMENT_DESCRIPTION;
        case NAME_AS_OF: return ANNALS_ELEMENT_AS_OF;
        case NAME_SOURCE: return ANNALS_ELEMENT_SOURCE;
        case NAME_TRACK: return ANNALS_ELEMENT_TRACK;
        case NAME_CATEGORY: return ANNALS_ELEMENT_CATEGORY;
        case NAME_ERA: return ANNALS_ELEMENT_ERA;
        case NAME_EVENT: return ANNALS_ELEMENT_EVENT;
        case NAME_MEASURE: return ANNALS_ELEMENT_MEASURE;
        default: return ANNALS_ELEMENT_NONE;
        }

    case ANNALS_ELEMENT_SOURCE:
      switch (name)
        {
        case NAME_TITLE: return ANNALS_ELEMENT_SOURCE_TITLE;
        case NAME_PUBLISHER: return ANNALS_ELEMENT_PUBLISHER;
        case NAME_PUBLISHED: return ANNALS_ELEMENT_PUBLISHED;
        case NAME_URL: return ANNALS_ELEMENT_URL;
        default: return ANNALS_ELEMENT_NONE;
        }

    case ANNALS_ELEMENT_TRACK:
      return name == NAME_TRACK ? ANNALS_ELEMENT_TRACK : ANNALS_ELEMENT_NONE;

    case ANNALS_ELEMENT_EVENT:
      switch (name)
        {
        case NAME_TITLE: return ANNALS_ELEMENT_EVENT_TITLE;
        case NAME_START: return ANNALS_ELEMENT_START;
        case NAME_END: return ANNALS_ELEMENT_END;
        case NAME_SUMMARY: return ANNALS_ELEMENT_SUMMARY;
        case NAME_PLACE: return ANNALS_ELEMENT_PLACE;
        case NAME_ACTOR: return ANNALS_ELEMENT_ACTOR;
        case NAME_QUANTITY: return ANNALS_ELEMENT_QUANTITY;
        case NAME_LINK: return ANNALS_ELEMENT_LINK;
        case NAME_CITE: return ANNALS_ELEMENT_CITE;
        case NAME_TAG: return ANNALS_ELEMENT_TAG;
        default: return ANNALS_ELEMENT_NONE;
        }

    case ANNALS_ELEMENT_MEASURE:
      return name == NAME_CITE ? ANNALS_ELEMENT_CITE : ANNALS_ELEMENT_NONE;

    case ANNALS_ELEMENT_NONE:
    case ANNALS_N_ELEMENTS:
    default:
      return ANNALS_ELEMENT_NONE;
    }
}

const char *
annals_native_element_name (AnnalsNativeElement element)
{
  g_return_val_if_fail (element < ANNALS_N_ELEMENTS, "");

  return elements[element].name;
}

gboolean
annals_native_holds_text (AnnalsNativeElement element)
{
  g_return_val_if_fail (element < ANNALS_N_ELEMENTS, FALSE);

  return elements[element].text;
}

gboolean
annals_native_allows_foreign_elements (AnnalsNativeElement element)
{
  g_return_val_if_fail (element < ANNALS_N_ELEMENTS, FALSE);

  return element > ANNALS_ELEMENT_DOCUMENT && !elements[element].text;
}

gboolean
annals_native_allows_foreign_attributes (AnnalsNativeElement element)
{
  g_return_val_if_fail (element < ANNALS_N_ELEMENTS, FALSE);

  return elements[element].foreign_attributes;
}

guint32
annals_native_allowed_attributes (AnnalsNativeElement element)
{
  g_return_val_if_fail (element < ANNALS_N_ELEMENTS, 0);

  return elements[element].allowed;
}

guint32
annals_native_required_attributes (AnnalsNativeElement element)
{
  g_return_val_if_fail (element < ANNALS_N_ELEMENTS, 0);

  return elements[element].required;
}

AnnalsNativeAttribute
annals_native_attribute (const char *local_name)
{
  AnnalsNativeAttribute candidate;

  g_return_val_if_fail (local_name != NULL, ANNALS_N_ATTRIBUTES);

  /* As in name_of(): two characters or more. */
  if (local_name[0] == '\0' || local_name[1] == '\0')
    return ANNALS_N_ATTRIBUTES;

  switch (local_name[0])
    {
    case 'a': candidate = ANNALS_ATTRIBUTE_APPROX; break;
    case 'c':
      if (local_name[1] == 'h')
        candidate = ANNALS_ATTRIBUTE_CHANGE;
      else
        candidate = (local_name[1] == 'a') ? ANNALS_ATTRIBUTE_CATEGORY : ANNALS_ATTRIBUTE_COLOR;
      break;
    case 'd': candidate = ANNALS_ATTRIBUTE_DATE; break;
    case 'e':
      candidate = (local_name[1] == 'n') ? ANNALS_ATTRIBUTE_END : ANNALS_ATTRIBUTE_EARLIEST;
      break;
    case 'h': candidate = ANNALS_ATTRIBUTE_HREF; break;
    case 'i': candidate = ANNALS_ATTRIBUTE_ID; break;
    case 'k': candidate = ANNALS_ATTRIBUTE_KIND; break;
    case 'l':
      if (local_name[1] == 'o')
        return ANNALS_N_ATTRIBUTES;
      if (local_name[2] == 'b')
        candidate = ANNALS_ATTRIBUTE_LABEL;
      else
        candidate = (local_name[2] == 'n') ? ANNALS_ATTRIBUTE_LANG : ANNALS_ATTRIBUTE_LATEST;
      break;
    case 'p': candidate = ANNALS_ATTRIBUTE_PAGE; break;
    case 'q': candidate = ANNALS_ATTRIBUTE_QUOTE; break;
    case 'r': candidate = ANNALS_ATTRIBUTE_RELIABILITY; break;
    case 's':
      if (local_name[1] == 'o')
        candidate = ANNALS_ATTRIBUTE_SOURCE;
      else
        candidate = (local_name[2] == 'a' && local_name[3] == 'r') ? ANNALS_ATTRIBUTE_START
                                                                  : ANNALS_ATTRIBUTE_STATUS;
      break;
    case 't':
      if (local_name[1] == 'z')
        candidate = ANNALS_ATTRIBUTE_TZ;
      else
        candidate = (local_name[1] == 'r') ? ANNALS_ATTRIBUTE_TRACK : ANNALS_ATTRIBUTE_TYPE;
      break;
    case 'u': candidate = ANNALS_ATTRIBUTE_UNIT; break;
    case 'v':
      candidate = (local_name[1] == 'e') ? ANNALS_ATTRIBUTE_VERSION : ANNALS_ATTRIBUTE_VALUE;
      break;
    default:
      return ANNALS_N_ATTRIBUTES;
    }

  return strcmp (local_name, attribute_names[candidate]) == 0 ? candidate : ANNALS_N_ATTRIBUTES;
}

const char *
annals_native_attribute_name (AnnalsNativeAttribute attribute)
{
  g_return_val_if_fail (attribute < ANNALS_N_ATTRIBUTES, "");

  return attribute_names[attribute];
}
