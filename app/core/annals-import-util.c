/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-import-util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "annals-html.h"
#include "annals-xml-reader.h"

struct _AnnalsIdSet
{
  GHashTable *ids;                     /* owned strings, set */
};

typedef struct
{
  const char *name;
  guint32     rgb;
} NamedColor;

/* The CSS named colours, sorted for bsearch. */
static const NamedColor named_colors[] = {
  { "aliceblue", 0xf0f8ff }, { "antiquewhite", 0xfaebd7 }, { "aqua", 0x00ffff },
  { "aquamarine", 0x7fffd4 }, { "azure", 0xf0ffff }, { "beige", 0xf5f5dc },
  { "bisque", 0xffe4c4 }, { "black", 0x000000 }, { "blanchedalmond", 0xffebcd },
  { "blue", 0x0000ff }, { "blueviolet", 0x8a2be2 }, { "brown", 0xa52a2a },
  { "burlywood", 0xdeb887 }, { "cadetblue", 0x5f9ea0 }, { "chartreuse", 0x7fff00 },
  { "chocolate", 0xd2691e }, { "coral", 0xff7f50 }, { "cornflowerblue", 0x6495ed },
  { "cornsilk", 0xfff8dc }, { "crimson", 0xdc143c }, { "cyan", 0x00ffff },
  { "darkblue", 0x00008b }, { "darkcyan", 0x008b8b }, { "darkgoldenrod", 0xb8860b },
  { "darkgray", 0xa9a9a9 }, { "darkgreen", 0x006400 }, { "darkgrey", 0xa9a9a9 },
  { "darkkhaki", 0xbdb76b }, { "darkmagenta", 0x8b008b }, { "darkolivegreen", 0x556b2f },
  { "darkorange", 0xff8c00 }, { "darkorchid", 0x9932cc }, { "darkred", 0x8b0000 },
  { "darksalmon", 0xe9967a }, { "darkseagreen", 0x8fbc8f }, { "darkslateblue", 0x483d8b },
  { "darkslategray", 0x2f4f4f }, { "darkslategrey", 0x2f4f4f }, { "darkturquoise", 0x00ced1 },
  { "darkviolet", 0x9400d3 }, { "deeppink", 0xff1493 }, { "deepskyblue", 0x00bfff },
  { "dimgray", 0x696969 }, { "dimgrey", 0x696969 }, { "dodgerblue", 0x1e90ff },
  { "firebrick", 0xb22222 }, { "floralwhite", 0xfffaf0 }, { "forestgreen", 0x228b22 },
  { "fuchsia", 0xff00ff }, { "gainsboro", 0xdcdcdc }, { "ghostwhite", 0xf8f8ff },
  { "gold", 0xffd700 }, { "goldenrod", 0xdaa520 }, { "gray", 0x808080 }, { "green", 0x008000 },
  { "greenyellow", 0xadff2f }, { "grey", 0x808080 }, { "honeydew", 0xf0fff0 },
  { "hotpink", 0xff69b4 }, { "indianred", 0xcd5c5c }, { "indigo", 0x4b0082 },
  { "ivory", 0xfffff0 }, { "khaki", 0xf0e68c }, { "lavender", 0xe6e6fa },
  { "lavenderblush", 0xfff0f5 }, { "lawngreen", 0x7cfc00 }, { "lemonchiffon", 0xfffacd },
  { "lightblue", 0xadd8e6 }, { "lightcoral", 0xf08080 }, { "lightcyan", 0xe0ffff },
  { "lightgoldenrodyellow", 0xfafad2 }, { "lightgray", 0xd3d3d3 }, { "lightgreen", 0x90ee90 },
  { "lightgrey", 0xd3d3d3 }, { "lightpink", 0xffb6c1 }, { "lightsalmon", 0xffa07a },
  { "lightseagreen", 0x20b2aa }, { "lightskyblue", 0x87cefa }, { "lightslategray", 0x778899 },
  { "lightslategrey", 0x778899 }, { "lightsteelblue", 0xb0c4de }, { "lightyellow", 0xffffe0 },
  { "lime", 0x00ff00 }, { "limegreen", 0x32cd32 }, { "linen", 0xfaf0e6 },
  { "magenta", 0xff00ff }, { "maroon", 0x800000 }, { "mediumaquamarine", 0x66cdaa },
  { "mediumblue", 0x0000cd }, { "mediumorchid", 0xba55d3 }, { "mediumpurple", 0x9370db },
  { "mediumseagreen", 0x3cb371 }, { "mediumslateblue", 0x7b68ee },
  { "mediumspringgreen", 0x00fa9a }, { "mediumturquoise", 0x48d1cc },
  { "mediumvioletred", 0xc71585 }, { "midnightblue", 0x191970 }, { "mintcream", 0xf5fffa },
  { "mistyrose", 0xffe4e1 }, { "moccasin", 0xffe4b5 }, { "navajowhite", 0xffdead },
  { "navy", 0x000080 }, { "oldlace", 0xfdf5e6 }, { "olive", 0x808000 },
  { "olivedrab", 0x6b8e23 }, { "orange", 0xffa500 }, { "orangered", 0xff4500 },
  { "orchid", 0xda70d6 }, { "palegoldenrod", 0xeee8aa }, { "palegreen", 0x98fb98 },
  { "paleturquoise", 0xafeeee }, { "palevioletred", 0xdb7093 }, { "papayawhip", 0xffefd5 },
  { "peachpuff", 0xffdab9 }, { "peru", 0xcd853f }, { "pink", 0xffc0cb }, { "plum", 0xdda0dd },
  { "powderblue", 0xb0e0e6 }, { "purple", 0x800080 }, { "rebeccapurple", 0x663399 },
  { "red", 0xff0000 }, { "rosybrown", 0xbc8f8f }, { "royalblue", 0x4169e1 },
  { "saddlebrown", 0x8b4513 }, { "salmon", 0xfa8072 }, { "sandybrown", 0xf4a460 },
  { "seagreen", 0x2e8b57 }, { "seashell", 0xfff5ee }, { "sienna", 0xa0522d },
  { "silver", 0xc0c0c0 }, { "skyblue", 0x87ceeb }, { "slateblue", 0x6a5acd },
  { "slategray", 0x708090 }, { "slategrey", 0x708090 }, { "snow", 0xfffafa },
  { "springgreen", 0x00ff7f }, { "steelblue", 0x4682b4 }, { "tan", 0xd2b48c },
  { "teal", 0x008080 }, { "thistle", 0xd8bfd8 }, { "tomato", 0xff6347 },
  { "turquoise", 0x40e0d0 }, { "violet", 0xee82ee }, { "wheat", 0xf5deb3 },
  { "white", 0xffffff }, { "whitesmoke", 0xf5f5f5 }, { "yellow", 0xffff00 },
  { "yellowgreen", 0x9acd32 },
};

/* Ids */

AnnalsIdSet *
annals_id_set_new (void)
{
  AnnalsIdSet *self = g_new0 (AnnalsIdSet, 1);

  self->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  return self;
}

void
annals_id_set_free (AnnalsIdSet *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->ids);
  g_free (self);
}

gboolean
annals_id_set_take (AnnalsIdSet *self,
                    const char  *id)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (g_hash_table_contains (self->ids, id))
    return FALSE;

  g_hash_table_add (self->ids, g_strdup (id));

  return TRUE;
}

char *
annals_id_set_make (AnnalsIdSet *self,
                    const char  *text,
                    const char  *prefix)
{
  g_autofree char *ascii = NULL;
  GString *slug;
  g_autofree char *base = NULL;
  char *id;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (prefix != NULL && g_ascii_isalpha (prefix[0]), NULL);

  /* Ids stay readable ASCII, as a data author would write them by hand:
   * accents are dropped, everything else that is not a letter or a digit
   * becomes one hyphen. */
  ascii = g_str_to_ascii (text != NULL ? text : "", "C");
  slug = g_string_new (NULL);
  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
      /* Long names make unwieldy ids; the label keeps the name. */
      if (slug->len >= 40)
        break;
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);

  if (slug->len == 0)
    g_string_assign (slug, prefix);
  else if (!g_ascii_isalpha (slug->str[0]))
    {
      g_string_prepend (slug, "-");
      g_string_prepend (slug, prefix);
    }

  base = g_string_free (slug, FALSE);

  if (annals_id_set_take (self, base))
    return g_steal_pointer (&base);

  for (guint n = 2;; n++)
    {
      id = g_strdup_printf ("%s-%u", base, n);
      if (annals_id_set_take (self, id))
        return id;
      g_free (id);
    }
}

/* Colours */

static int
compare_named_color (const void *key,
                     const void *item)
{
  return strcmp (key, ((const NamedColor *) item)->name);
}

/* One component of rgb(): 0..255 or 0%..100%. */
static gboolean
read_rgb_component (const char **p,
                    guint       *value)
{
  char *end;
  double v;

  while (g_ascii_isspace (**p))
    (*p)++;
  v = g_ascii_strtod (*p, &end);
  if (end == *p)
    return FALSE;
  *p = end;
  if (**p == '%')
    {
      v = v * 255.0 / 100.0;
      (*p)++;
    }
  while (g_ascii_isspace (**p))
    (*p)++;

  *value = (guint) CLAMP (v + 0.5, 0.0, 255.0);

  return TRUE;
}

gboolean
annals_css_color_parse (const char  *text,
                        AnnalsColor *color)
{
  g_autofree char *lower = NULL;
  const NamedColor *named;
  const char *p;
  guint r;
  guint g;
  guint b;

  if (text == NULL)
    return FALSE;

  lower = g_ascii_strdown (text, -1);
  g_strstrip (lower);

  if (lower[0] == '#')
    return annals_color_parse (lower, color);

  if (g_str_has_prefix (lower, "rgb(") || g_str_has_prefix (lower, "rgba("))
    {
      p = strchr (lower, '(') + 1;
      if (!read_rgb_component (&p, &r) || *p++ != ','
          || !read_rgb_component (&p, &g) || *p++ != ','
          || !read_rgb_component (&p, &b))
        return FALSE;
      /* The alpha of rgba() has nowhere to go: a colour is opaque here. */
      if (*p == ',')
        p = strchr (p, ')') != NULL ? strchr (p, ')') : p;
      if (*p != ')' || p[1] != '\0')
        return FALSE;
      if (color != NULL)
        *color = (r << 16) | (g << 8) | b;
      return TRUE;
    }

  named = bsearch (lower, named_colors, G_N_ELEMENTS (named_colors), sizeof (NamedColor),
                   compare_named_color);
  if (named == NULL)
    return FALSE;

  if (color != NULL)
    *color = named->rgb;

  return TRUE;
}

char *
annals_color_to_string (AnnalsColor color)
{
  return g_strdup_printf ("#%06x", color & 0xffffff);
}

/* Text */

char *
annals_import_normalize_text (const char *text)
{
  GString *out;
  gboolean space = FALSE;

  if (text == NULL)
    return NULL;

  /* Exactly what the native reader does to text, so that an imported
   * timeline and the file --convert writes from it read the same. */
  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

char *
annals_import_title_from_file (const char *file)
{
  g_autofree char *base = NULL;
  char *dot;

  if (file == NULL || file[0] == '\0')
    return g_strdup ("Imported timeline");

  base = g_path_get_basename (file);
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';

  return g_utf8_make_valid (base, -1);
}

/* Extensions */

static void
append_escaped (GString    *out,
                const char *text,
                gboolean    attribute)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '&': g_string_append (out, "&amp;"); break;
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        case '\r': g_string_append (out, "&#13;"); break;
        case '"':
          g_string_append (out, attribute ? "&quot;" : "\"");
          break;
        /* Attribute values lose their line breaks and tabs to normalisation
         * unless written as references. */
        case '\n':
          g_string_append (out, attribute ? "&#10;" : "\n");
          break;
        case '\t':
          g_string_append (out, attribute ? "&#9;" : "\t");
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}

char *
annals_import_extension (const char *prefix,
                         const char *ns,
                         const char *name,
                         const char *text,
                         ...)
{
  GString *out = g_string_new ("<");
  const char *attr;
  va_list args;

  g_string_append_printf (out, "%s:%s xmlns:%s=\"", prefix, name, prefix);
  append_escaped (out, ns, TRUE);
  g_string_append_c (out, '"');

  va_start (args, text);
  while ((attr = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value == NULL)
        continue;
      g_string_append_printf (out, " %s=\"", attr);
      append_escaped (out, value, TRUE);
      g_string_append_c (out, '"');
    }
  va_end (args);

  if (text == NULL)
    g_string_append (out, "/>");
  else
    {
      g_string_append_c (out, '>');
      append_escaped (out, text, FALSE);
      g_string_append_printf (out, "</%s:%s>", prefix, name);
    }

  return g_string_free (out, FALSE);
}

/* Detail */

void
annals_detail_builder_init (AnnalsDetailBuilder *self)
{
  self->extensions = g_ptr_array_new_with_free_func (g_free);
  self->links = g_ptr_array_new_with_free_func ((GDestroyNotify) annals_html_link_free);
  self->tags = g_ptr_array_new_with_free_func (g_free);
}

void
annals_detail_builder_clear (AnnalsDetailBuilder *self)
{
  g_clear_pointer (&self->extensions, g_ptr_array_unref);
  g_clear_pointer (&self->links, g_ptr_array_unref);
  g_clear_pointer (&self->tags, g_ptr_array_unref);
}

void
annals_detail_builder_add_link (AnnalsDetailBuilder *self,
                                const char          *href,
                                const char          *label)
{
  AnnalsHtmlLink *link;

  for (guint i = 0; i < self->links->len; i++)
    {
      link = g_ptr_array_index (self->links, i);
      if (g_str_equal (link->href, href))
        {
          if (link->label == NULL && label != NULL)
            link->label = g_strdup (label);
          return;
        }
    }

  link = g_new0 (AnnalsHtmlLink, 1);
  link->href = g_strdup (href);
  link->label = g_strdup (label);
  g_ptr_array_add (self->links, link);
}

void
annals_detail_builder_take_extension (AnnalsDetailBuilder *self,
                                      char                *xml)
{
  g_ptr_array_add (self->extensions, xml);
}

void
annals_detail_builder_copy_to (AnnalsDetailBuilder *self,
                               AnnalsTimeline      *timeline,
                               AnnalsEventDetail   *detail)
{
  if (self->links->len > 0)
    {
      AnnalsLink *links = annals_timeline_alloc (timeline, sizeof (AnnalsLink) * self->links->len);

      for (guint i = 0; i < self->links->len; i++)
        {
          const AnnalsHtmlLink *link = g_ptr_array_index (self->links, i);

          links[i].href = annals_timeline_strdup (timeline, link->href);
          links[i].label = annals_timeline_strdup (timeline, link->label);
        }
      detail->links = links;
      detail->n_links = self->links->len;
    }

  if (self->tags->len > 0)
    {
      detail->tags = annals_timeline_copy_strv (timeline, (const char **) self->tags->pdata,
                                                self->tags->len);
      detail->n_tags = self->tags->len;
    }

  if (self->extensions->len > 0)
    {
      const char **extensions = annals_timeline_alloc (timeline,
                                                       sizeof (char *) * self->extensions->len);

      for (guint i = 0; i < self->extensions->len; i++)
        extensions[i] = annals_timeline_strdup (timeline,
                                                g_ptr_array_index (self->extensions, i));
      detail->extensions = extensions;
      detail->n_extensions = self->extensions->len;
    }
}

gboolean
annals_import_read_root (AnnalsXmlReader   *xml,
                         AnnalsDiagnostics *diagnostics,
                         GError           **error)
{
  xmlTextReaderPtr reader = annals_xml_reader_get_reader (xml);

  if (reader == NULL)
    return annals_import_fail_read (xml, diagnostics, error);

  while (xmlTextReaderNodeType (reader) != XML_READER_TYPE_ELEMENT)
    {
      int ret = annals_xml_reader_read (xml);

      if (ret == 0)
        {
          g_set_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID,
                       _("The file has no root element"));
          return FALSE;
        }
      if (ret != 1)
        return annals_import_fail_read (xml, diagnostics, error);
    }

  return TRUE;
}

gboolean
annals_import_fail_read (AnnalsXmlReader   *xml,
                         AnnalsDiagnostics *diagnostics,
                         GError           **error)
{
  const char *file = annals_diagnostics_get_file (diagnostics);

  if (annals_xml_reader_failed (xml, error))
    return FALSE;

  g_set_error (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_INVALID,
               _("%s is not well-formed XML"), file != NULL ? file : _("The file"));

  return FALSE;
}

void
annals_import_wrong_root (AnnalsXmlReader   *xml,
                          AnnalsDiagnostics *diagnostics,
                          const char        *message,
                          GError           **error)
{
  xmlTextReaderPtr reader = annals_xml_reader_get_reader (xml);
  guint line = 0;
  guint column = 0;

  annals_xml_reader_get_position (xml, xmlTextReaderCurrentNode (reader), &line, &column);
  annals_diagnostics_add (diagnostics, ANNALS_SEVERITY_ERROR, line, column, "%s", message);
  g_set_error_literal (error, ANNALS_LOAD_ERROR, ANNALS_LOAD_ERROR_UNKNOWN_FORMAT, message);
}
