/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-html.h"

#include <stdlib.h>
#include <string.h>

/* A small reader of the HTML found in SIMILE descriptions, not a browser: it
 * walks the text once, drops tags, decodes references and collapses white
 * space the way a browser lays out inline text. It never builds a tree, so
 * broken markup ("<i>ref. W.C.<i>", a "<" in prose) cannot make it fail: what
 * does not look like a tag is text. */

typedef struct
{
  const char *name;
  gunichar    code;
} Entity;

/* The HTML 4 entities and &apos;, sorted by strcmp for bsearch. */
static const Entity entities[] = {
  { "AElig", 0x00c6 }, { "Aacute", 0x00c1 }, { "Acirc", 0x00c2 }, { "Agrave", 0x00c0 },
  { "Alpha", 0x0391 }, { "Aring", 0x00c5 }, { "Atilde", 0x00c3 }, { "Auml", 0x00c4 },
  { "Beta", 0x0392 }, { "Ccedil", 0x00c7 }, { "Chi", 0x03a7 }, { "Dagger", 0x2021 },
  { "Delta", 0x0394 }, { "ETH", 0x00d0 }, { "Eacute", 0x00c9 }, { "Ecirc", 0x00ca },
  { "Egrave", 0x00c8 }, { "Epsilon", 0x0395 }, { "Eta", 0x0397 }, { "Euml", 0x00cb },
  { "Gamma", 0x0393 }, { "Iacute", 0x00cd }, { "Icirc", 0x00ce }, { "Igrave", 0x00cc },
  { "Iota", 0x0399 }, { "Iuml", 0x00cf }, { "Kappa", 0x039a }, { "Lambda", 0x039b },
  { "Mu", 0x039c }, { "Ntilde", 0x00d1 }, { "Nu", 0x039d }, { "OElig", 0x0152 },
  { "Oacute", 0x00d3 }, { "Ocirc", 0x00d4 }, { "Ograve", 0x00d2 }, { "Omega", 0x03a9 },
  { "Omicron", 0x039f }, { "Oslash", 0x00d8 }, { "Otilde", 0x00d5 }, { "Ouml", 0x00d6 },
  { "Phi", 0x03a6 }, { "Pi", 0x03a0 }, { "Prime", 0x2033 }, { "Psi", 0x03a8 },
  { "Rho", 0x03a1 }, { "Scaron", 0x0160 }, { "Sigma", 0x03a3 }, { "THORN", 0x00de },
  { "Tau", 0x03a4 }, { "Theta", 0x0398 }, { "Uacute", 0x00da }, { "Ucirc", 0x00db },
  { "Ugrave", 0x00d9 }, { "Upsilon", 0x03a5 }, { "Uuml", 0x00dc }, { "Xi", 0x039e },
  { "Yacute", 0x00dd }, { "Yuml", 0x0178 }, { "Zeta", 0x0396 }, { "aacute", 0x00e1 },
  { "acirc", 0x00e2 }, { "acute", 0x00b4 }, { "aelig", 0x00e6 }, { "agrave", 0x00e0 },
  { "alefsym", 0x2135 }, { "alpha", 0x03b1 }, { "amp", 0x0026 }, { "and", 0x2227 },
  { "ang", 0x2220 }, { "apos", 0x0027 }, { "aring", 0x00e5 }, { "asymp", 0x2248 },
  { "atilde", 0x00e3 }, { "auml", 0x00e4 }, { "bdquo", 0x201e }, { "beta", 0x03b2 },
  { "brvbar", 0x00a6 }, { "bull", 0x2022 }, { "cap", 0x2229 }, { "ccedil", 0x00e7 },
  { "cedil", 0x00b8 }, { "cent", 0x00a2 }, { "chi", 0x03c7 }, { "circ", 0x02c6 },
  { "clubs", 0x2663 }, { "cong", 0x2245 }, { "copy", 0x00a9 }, { "crarr", 0x21b5 },
  { "cup", 0x222a }, { "curren", 0x00a4 }, { "dArr", 0x21d3 }, { "dagger", 0x2020 },
  { "darr", 0x2193 }, { "deg", 0x00b0 }, { "delta", 0x03b4 }, { "diams", 0x2666 },
  { "divide", 0x00f7 }, { "eacute", 0x00e9 }, { "ecirc", 0x00ea }, { "egrave", 0x00e8 },
  { "empty", 0x2205 }, { "emsp", 0x2003 }, { "ensp", 0x2002 }, { "epsilon", 0x03b5 },
  { "equiv", 0x2261 }, { "eta", 0x03b7 }, { "eth", 0x00f0 }, { "euml", 0x00eb },
  { "euro", 0x20ac }, { "exist", 0x2203 }, { "fnof", 0x0192 }, { "forall", 0x2200 },
  { "frac12", 0x00bd }, { "frac14", 0x00bc }, { "frac34", 0x00be }, { "frasl", 0x2044 },
  { "gamma", 0x03b3 }, { "ge", 0x2265 }, { "gt", 0x003e }, { "hArr", 0x21d4 },
  { "harr", 0x2194 }, { "hearts", 0x2665 }, { "hellip", 0x2026 }, { "iacute", 0x00ed },
  { "icirc", 0x00ee }, { "iexcl", 0x00a1 }, { "igrave", 0x00ec }, { "image", 0x2111 },
  { "infin", 0x221e }, { "int", 0x222b }, { "iota", 0x03b9 }, { "iquest", 0x00bf },
  { "isin", 0x2208 }, { "iuml", 0x00ef }, { "kappa", 0x03ba }, { "lArr", 0x21d0 },
  { "lambda", 0x03bb }, { "lang", 0x2329 }, { "laquo", 0x00ab }, { "larr", 0x2190 },
  { "lceil", 0x2308 }, { "ldquo", 0x201c }, { "le", 0x2264 }, { "lfloor", 0x230a },
  { "lowast", 0x2217 }, { "loz", 0x25ca }, { "lrm", 0x200e }, { "lsaquo", 0x2039 },
  { "lsquo", 0x2018 }, { "lt", 0x003c }, { "macr", 0x00af }, { "mdash", 0x2014 },
  { "micro", 0x00b5 }, { "middot", 0x00b7 }, { "minus", 0x2212 }, { "mu", 0x03bc },
  { "nabla", 0x2207 }, { "nbsp", 0x00a0 }, { "ndash", 0x2013 }, { "ne", 0x2260 },
  { "ni", 0x220b }, { "not", 0x00ac }, { "notin", 0x2209 }, { "nsub", 0x2284 },
  { "ntilde", 0x00f1 }, { "nu", 0x03bd }, { "oacute", 0x00f3 }, { "ocirc", 0x00f4 },
  { "oelig", 0x0153 }, { "ograve", 0x00f2 }, { "oline", 0x203e }, { "omega", 0x03c9 },
  { "omicron", 0x03bf }, { "oplus", 0x2295 }, { "or", 0x2228 }, { "ordf", 0x00aa },
  { "ordm", 0x00ba }, { "oslash", 0x00f8 }, { "otilde", 0x00f5 }, { "otimes", 0x2297 },
  { "ouml", 0x00f6 }, { "para", 0x00b6 }, { "part", 0x2202 }, { "permil", 0x2030 },
  { "perp", 0x22a5 }, { "phi", 0x03c6 }, { "pi", 0x03c0 }, { "piv", 0x03d6 },
  { "plusmn", 0x00b1 }, { "pound", 0x00a3 }, { "prime", 0x2032 }, { "prod", 0x220f },
  { "prop", 0x221d }, { "psi", 0x03c8 }, { "quot", 0x0022 }, { "rArr", 0x21d2 },
  { "radic", 0x221a }, { "rang", 0x232a }, { "raquo", 0x00bb }, { "rarr", 0x2192 },
  { "rceil", 0x2309 }, { "rdquo", 0x201d }, { "real", 0x211c }, { "reg", 0x00ae },
  { "rfloor", 0x230b }, { "rho", 0x03c1 }, { "rlm", 0x200f }, { "rsaquo", 0x203a },
  { "rsquo", 0x2019 }, { "sbquo", 0x201a }, { "scaron", 0x0161 }, { "sdot", 0x22c5 },
  { "sect", 0x00a7 }, { "shy", 0x00ad }, { "sigma", 0x03c3 }, { "sigmaf", 0x03c2 },
  { "sim", 0x223c }, { "spades", 0x2660 }, { "sub", 0x2282 }, { "sube", 0x2286 },
  { "sum", 0x2211 }, { "sup", 0x2283 }, { "sup1", 0x00b9 }, { "sup2", 0x00b2 },
  { "sup3", 0x00b3 }, { "supe", 0x2287 }, { "szlig", 0x00df }, { "tau", 0x03c4 },
  { "there4", 0x2234 }, { "theta", 0x03b8 }, { "thetasym", 0x03d1 }, { "thinsp", 0x2009 },
  { "thorn", 0x00fe }, { "tilde", 0x02dc }, { "times", 0x00d7 }, { "trade", 0x2122 },
  { "uArr", 0x21d1 }, { "uacute", 0x00fa }, { "uarr", 0x2191 }, { "ucirc", 0x00fb },
  { "ugrave", 0x00f9 }, { "uml", 0x00a8 }, { "upsih", 0x03d2 }, { "upsilon", 0x03c5 },
  { "uuml", 0x00fc }, { "weierp", 0x2118 }, { "xi", 0x03be }, { "yacute", 0x00fd },
  { "yen", 0x00a5 }, { "yuml", 0x00ff }, { "zeta", 0x03b6 }, { "zwj", 0x200d },
  { "zwnj", 0x200c },
};

/* HTML5 reads the C1 range of numeric references as Windows-1252, as every
 * browser did before: &#150; is an en dash. 0 marks holes, which stay U+FFFD. */
static const gunichar windows_1252[32] = {
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
  0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

/* Elements whose content is not text to show (code, styles, embedded
 * documents): skipped up to their end tag. */
static const char * const skipped_elements[] = {
  "script", "style", "head", "title", "iframe", "object", "embed", "noscript",
  "template", "svg", "math", "textarea", "select", "frameset", "applet",
};

/* Elements that start a paragraph of their own. */
static const char * const paragraph_elements[] = {
  "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table",
  "blockquote", "pre", "hr", "section", "article", "header", "footer", "aside",
  "nav", "figure", "figcaption", "address", "center", "form", "fieldset", "main",
};

/* Elements that start a line of their own. */
static const char * const line_elements[] = {
  "br", "li", "tr", "dt", "dd", "caption", "option",
};

typedef struct
{
  GString   *out;
  GPtrArray *links;
  int        pending_breaks;           /* newlines owed before the next text */
  gboolean   pending_space;
  gboolean   pending_bullet;
  /* The open <a>: its href and where its text starts in out. */
  char      *href;
  gsize      label_start;
} Reader;

void
annals_html_link_free (AnnalsHtmlLink *link)
{
  if (link == NULL)
    return;

  g_free (link->href);
  g_free (link->label);
  g_free (link);
}

static int
compare_entity (const void *key,
                const void *item)
{
  return strcmp (key, ((const Entity *) item)->name);
}

static gboolean
in_list (const char         *name,
         const char * const *list,
         gsize               n)
{
  for (gsize i = 0; i < n; i++)
    if (g_str_equal (name, list[i]))
      return TRUE;

  return FALSE;
}

/* What a numeric reference may stand for in text that ends up in XML. */
static gunichar
sanitize_code (gint64 code)
{
  if (code >= 0x80 && code <= 0x9f)
    return windows_1252[code - 0x80] != 0 ? windows_1252[code - 0x80] : 0xfffd;

  /* NUL, other controls, surrogates and what lies beyond Unicode cannot be
   * written to an XML file. */
  if (code == 0x9 || code == 0xa || code == 0xd)
    return (gunichar) code;
  if (code < 0x20 || code == 0x7f || (code >= 0xd800 && code <= 0xdfff)
      || code == 0xfffe || code == 0xffff || code > 0x10ffff)
    return 0xfffd;

  return (gunichar) code;
}

/* Decodes the reference at *p (which points at '&'); on success advances *p
 * past it and sets *ch. Anything else is a literal ampersand. */
static gboolean
decode_reference (const char **p,
                  const char  *end,
                  gunichar    *ch)
{
  const char *s = *p + 1;

  if (s < end && *s == '#')
    {
      gint64 code = 0;
      gboolean hex = FALSE;
      int n = 0;

      s++;
      if (s < end && (*s == 'x' || *s == 'X'))
        {
          hex = TRUE;
          s++;
        }
      for (; s < end && (hex ? g_ascii_isxdigit (*s) : g_ascii_isdigit (*s)); s++, n++)
        if (code <= 0x10ffff)
          code = code * (hex ? 16 : 10) + (hex ? g_ascii_xdigit_value (*s) : *s - '0');
      if (n == 0)
        return FALSE;
      /* Browsers accept a missing semicolon after a number. */
      if (s < end && *s == ';')
        s++;
      *ch = sanitize_code (code);
      *p = s;
      return TRUE;
    }
  else
    {
      char name[16];
      gsize len = 0;
      const Entity *entity;

      while (s < end && g_ascii_isalnum (*s) && len < sizeof name - 1)
        name[len++] = *s++;
      name[len] = '\0';
      if (len == 0 || s >= end || *s != ';')
        return FALSE;
      entity = bsearch (name, entities, G_N_ELEMENTS (entities), sizeof (Entity),
                        compare_entity);
      if (entity == NULL)
        return FALSE;
      *ch = entity->code;
      *p = s + 1;
      return TRUE;
    }
}

/* [p, end) with references decoded; for attribute values. */
static char *
decode_text (const char *p,
             const char *end)
{
  GString *text = g_string_sized_new (end - p);

  while (p < end)
    {
      gunichar ch;

      if (*p == '&' && decode_reference (&p, end, &ch))
        g_string_append_unichar (text, ch);
      else
        g_string_append_c (text, *p++);
    }

  return g_string_free (text, FALSE);
}

static void
trim_trailing_spaces (GString *out)
{
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
}

static void
request_break (Reader *reader,
               int     n)
{
  reader->pending_breaks = MAX (reader->pending_breaks, n);
  reader->pending_space = FALSE;
}

/* Writes the breaks, space and bullet owed before the next visible text. */
static void
settle (Reader *reader)
{
  if (reader->out->len > 0 && reader->pending_breaks > 0)
    {
      trim_trailing_spaces (reader->out);
      for (int i = 0; i < reader->pending_breaks; i++)
        g_string_append_c (reader->out, '\n');
    }
  else if (reader->out->len > 0 && reader->pending_space)
    g_string_append_c (reader->out, ' ');

  if (reader->pending_bullet)
    g_string_append (reader->out, "• ");

  reader->pending_breaks = 0;
  reader->pending_space = FALSE;
  reader->pending_bullet = FALSE;
}

/* Appends visible text; white space only becomes owed. */
static void
emit_char (Reader   *reader,
           gunichar  ch)
{
  if (g_unichar_isspace (ch) || ch == 0xa0)
    {
      if (reader->out->len > 0 && reader->pending_breaks == 0)
        reader->pending_space = TRUE;
      return;
    }

  settle (reader);
  g_string_append_unichar (reader->out, ch);
}

static void
close_link (Reader *reader)
{
  AnnalsHtmlLink *link;
  g_autofree char *label = NULL;

  if (reader->href == NULL)
    return;

  if (reader->label_start < reader->out->len)
    label = g_strstrip (g_strdup (reader->out->str + reader->label_start));

  if (reader->links != NULL)
    {
      link = g_new0 (AnnalsHtmlLink, 1);
      link->href = g_steal_pointer (&reader->href);
      link->label = (label != NULL && label[0] != '\0') ? g_steal_pointer (&label) : NULL;
      g_ptr_array_add (reader->links, link);
    }

  g_clear_pointer (&reader->href, g_free);
}

static const char *
skip_to_tag_end (const char *p,
                 const char *end)
{
  char quote = 0;

  for (; p < end; p++)
    {
      if (quote != 0)
        {
          if (*p == quote)
            quote = 0;
        }
      else if (*p == '"' || *p == '\'')
        quote = *p;
      else if (*p == '>')
        return p;
    }

  return NULL;
}

/* Finds "</name" (any case) from p on; returns where it starts or NULL. */
static const char *
find_end_tag (const char *p,
              const char *end,
              const char *name)
{
  gsize len = strlen (name);

  for (; p + 2 + len <= end; p++)
    if (p[0] == '<' && p[1] == '/' && g_ascii_strncasecmp (p + 2, name, len) == 0
        && (p + 2 + len == end || !g_ascii_isalnum (p[2 + len])))
      return p;

  return NULL;
}

/* The value of attribute @wanted in the tag text [p, end), decoded. */
static char *
get_attribute (const char *p,
               const char *end,
               const char *wanted)
{
  while (p < end)
    {
      const char *name;
      const char *name_end;
      const char *value = NULL;
      const char *value_end = NULL;

      while (p < end && (g_ascii_isspace (*p) || *p == '/'))
        p++;
      name = p;
      while (p < end && !g_ascii_isspace (*p) && *p != '=' && *p != '/' && *p != '>')
        p++;
      name_end = p;
      if (name == name_end)
        {
          p++;
          continue;
        }
      while (p < end && g_ascii_isspace (*p))
        p++;
      if (p < end && *p == '=')
        {
          p++;
          while (p < end && g_ascii_isspace (*p))
            p++;
          if (p < end && (*p == '"' || *p == '\''))
            {
              char quote = *p++;

              value = p;
              while (p < end && *p != quote)
                p++;
              value_end = p;
              if (p < end)
                p++;
            }
          else
            {
              value = p;
              while (p < end && !g_ascii_isspace (*p) && *p != '>')
                p++;
              value_end = p;
            }
        }

      if ((gsize) (name_end - name) == strlen (wanted)
          && g_ascii_strncasecmp (name, wanted, name_end - name) == 0)
        return value != NULL ? decode_text (value, value_end) : g_strdup ("");
    }

  return NULL;
}

/* Handles the tag at *p ('<' followed by a letter or '/'); returns FALSE when
 * it is not a tag after all. */
static gboolean
read_tag (Reader      *reader,
          const char **p,
          const char  *end)
{
  const char *s = *p + 1;
  const char *tag_end;
  const char *name_start;
  g_autofree char *name = NULL;
  gboolean closing = FALSE;

  if (s < end && *s == '/')
    {
      closing = TRUE;
      s++;
    }
  if (s >= end || !g_ascii_isalpha (*s))
    return FALSE;

  tag_end = skip_to_tag_end (s, end);
  if (tag_end == NULL)
    return FALSE;

  name_start = s;
  while (s < tag_end && (g_ascii_isalnum (*s) || *s == '-' || *s == ':'))
    s++;
  name = g_ascii_strdown (name_start, s - name_start);
  *p = tag_end + 1;

  if (!closing && in_list (name, skipped_elements, G_N_ELEMENTS (skipped_elements))
      && tag_end[-1] != '/')
    {
      const char *close = find_end_tag (*p, end, name);
      const char *close_end;

      /* An unclosed <script> hides the rest, as in a browser. */
      if (close == NULL)
        *p = end;
      else
        {
          close_end = skip_to_tag_end (close, end);
          *p = close_end != NULL ? close_end + 1 : end;
        }
      return TRUE;
    }

  if (g_str_equal (name, "a"))
    {
      close_link (reader);
      if (!closing)
        {
          g_autofree char *href = get_attribute (s, tag_end, "href");

          if (href != NULL)
            g_strstrip (href);
          /* Anchors within the page lead nowhere outside it. */
          if (href != NULL && href[0] != '\0' && href[0] != '#')
            {
              reader->href = g_steal_pointer (&href);
              /* What is owed before the label belongs outside it. */
              settle (reader);
              reader->label_start = reader->out->len;
            }
        }
      return TRUE;
    }

  if (g_str_equal (name, "img") && !closing)
    {
      g_autofree char *alt = get_attribute (s, tag_end, "alt");

      if (alt != NULL)
        for (const char *c = alt; *c != '\0'; c = g_utf8_next_char (c))
          emit_char (reader, g_utf8_get_char (c));
      return TRUE;
    }

  if (in_list (name, paragraph_elements, G_N_ELEMENTS (paragraph_elements)))
    request_break (reader, 2);
  else if (in_list (name, line_elements, G_N_ELEMENTS (line_elements)))
    {
      if (!closing || !g_str_equal (name, "br"))
        request_break (reader, 1);
      if (!closing && g_str_equal (name, "li"))
        reader->pending_bullet = TRUE;
    }
  else if (g_str_equal (name, "td") || g_str_equal (name, "th"))
    {
      if (reader->out->len > 0 && reader->pending_breaks == 0)
        reader->pending_space = TRUE;
    }

  return TRUE;
}

char *
annals_html_to_text (const char *html,
                     GPtrArray  *links)
{
  Reader reader = { 0 };
  const char *p;
  const char *end;

  if (html == NULL)
    return g_strdup ("");

  reader.out = g_string_new (NULL);
  reader.links = links;

  p = html;
  end = html + strlen (html);

  while (p < end)
    {
      gunichar ch;

      if (*p == '<')
        {
          if (p + 4 <= end && strncmp (p, "<!--", 4) == 0)
            {
              const char *close = g_strstr_len (p + 4, end - p - 4, "-->");

              p = close != NULL ? close + 3 : end;
              continue;
            }
          if (p + 1 < end && (p[1] == '!' || p[1] == '?'))
            {
              const char *close = skip_to_tag_end (p, end);

              if (close != NULL)
                {
                  p = close + 1;
                  continue;
                }
            }
          if (read_tag (&reader, &p, end))
            continue;
        }

      if (*p == '&' && decode_reference (&p, end, &ch))
        {
          emit_char (&reader, ch);
          continue;
        }

      ch = g_utf8_get_char_validated (p, end - p);
      if (ch == (gunichar) -1 || ch == (gunichar) -2)
        {
          emit_char (&reader, 0xfffd);
          p++;
          continue;
        }
      emit_char (&reader, ch);
      p = g_utf8_next_char (p);
    }

  close_link (&reader);
  trim_trailing_spaces (reader.out);

  return g_string_free (reader.out, FALSE);
}

gboolean
annals_html_href_is_safe (const char *href)
{
  static const char * const safe_schemes[] = { "http", "https", "ftp", "mailto" };
  const char *p;

  if (href == NULL)
    return FALSE;

  while (g_ascii_isspace (*href))
    href++;
  if (*href == '\0')
    return FALSE;

  /* A scheme is letters, digits, +, - and . before the first colon, and must
   * come before any / ? or #; "javascript:" hidden behind controls or
   * entities has been decoded by now. */
  for (p = href; *p != '\0'; p++)
    {
      if (*p == ':')
        {
          g_autofree char *scheme = g_ascii_strdown (href, p - href);

          for (gsize i = 0; i < G_N_ELEMENTS (safe_schemes); i++)
            if (g_str_equal (scheme, safe_schemes[i]))
              return TRUE;
          return FALSE;
        }
      if (*p == '/' || *p == '?' || *p == '#')
        return TRUE;
      if (!g_ascii_isalnum (*p) && *p != '+' && *p != '-' && *p != '.')
        return FALSE;
    }

  return TRUE;
}
