/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "annals-search.h"

#include <string.h>


/* A query of more words than this matches on its first ones only; nobody
 * types 32 words into a search entry. */
#define MAX_WORDS 32
/* How many events run between two looks at the cancellable. */
#define CANCEL_STRIDE 4096

struct _AnnalsSearch
{
  char    **words;                     /* folded, non-empty */
  gboolean *ascii;                     /* per word: only ASCII bytes */
  guint     n_words;
  guint32   all;                       /* one bit per word */
};

static gboolean
is_ascii (const char *text)
{
  const guchar *p;

  for (p = (const guchar *) text; *p != '\0'; p++)
    if (*p >= 0x80)
      return FALSE;
  return TRUE;
}

/* Most data is ASCII: compare it in place, lower-casing on the fly, rather
 * than allocate a folded copy of every field of a million events. @needle is
 * folded already, hence lower-case. */
static gboolean
ascii_contains (const char *haystack,
                const char *needle)
{
  const char *h;

  for (h = haystack; *h != '\0'; h++)
    {
      const char *a = h;
      const char *b = needle;

      while (*b != '\0' && *a != '\0' && g_ascii_tolower (*a) == *b)
        {
          a++;
          b++;
        }
      if (*b == '\0')
        return TRUE;
      if (*a == '\0')
        return FALSE;
    }
  return FALSE;
}

char *
annals_search_fold (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *decomposed = NULL;
  GString *bare;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  if (decomposed == NULL)
    return g_utf8_casefold (text, -1);

  /* Dropping the combining marks of the decomposed form leaves the base
   * letters: "São" -> "Sao", "Ankara" stays. */
  bare = g_string_sized_new (strlen (decomposed));
  for (p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_ismark (c))
        g_string_append_unichar (bare, c);
    }

  {
    char *folded = g_utf8_casefold (bare->str, bare->len);

    g_string_free (bare, TRUE);
    return folded;
  }
}

/* Which words of the query occur in @field, as bits. */
static guint32
match_field (AnnalsSearch *self,
             const char   *field)
{
  g_autofree char *folded = NULL;
  gboolean field_ascii;
  guint32 found = 0;
  guint i;

  if (field == NULL || field[0] == '\0')
    return 0;

  field_ascii = is_ascii (field);
  if (!field_ascii)
    folded = annals_search_fold (field);

  for (i = 0; i < self->n_words; i++)
    {
      if (field_ascii)
        {
          if (self->ascii[i] && ascii_contains (field, self->words[i]))
            found |= 1u << i;
        }
      else if (strstr (folded, self->words[i]) != NULL)
        found |= 1u << i;
    }

  return found;
}

static guint32
match_list (AnnalsSearch       *self,
            const char * const *list,
            guint               n,
            guint32             found)
{
  guint i;

  for (i = 0; i < n && found != self->all; i++)
    found |= match_field (self, list[i]);
  return found;
}

AnnalsSearch *
annals_search_new (const char *text)
{
  g_autofree char *folded = NULL;
  g_auto(GStrv) parts = NULL;
  AnnalsSearch *self;
  guint i;

  g_return_val_if_fail (text != NULL, NULL);

  folded = annals_search_fold (text);
  parts = g_strsplit_set (folded, " \t\n\r", -1);

  self = g_new0 (AnnalsSearch, 1);
  self->words = g_new0 (char *, MAX_WORDS + 1);
  self->ascii = g_new0 (gboolean, MAX_WORDS);
  for (i = 0; parts[i] != NULL && self->n_words < MAX_WORDS; i++)
    {
      if (parts[i][0] == '\0')
        continue;
      self->ascii[self->n_words] = is_ascii (parts[i]);
      self->words[self->n_words] = g_strdup (parts[i]);
      self->n_words++;
    }

  if (self->n_words == 0)
    {
      annals_search_free (self);
      return NULL;
    }

  self->all = self->n_words == 32 ? G_MAXUINT32 : (1u << self->n_words) - 1;

  return self;
}

void
annals_search_free (AnnalsSearch *self)
{
  if (self == NULL)
    return;

  g_strfreev (self->words);
  g_free (self->ascii);
  g_free (self);
}

gboolean
annals_search_match_event (AnnalsSearch   *self,
                           AnnalsTimeline *timeline,
                           guint           event)
{
  const AnnalsEvent *ev;
  const AnnalsEventDetail *detail;
  guint32 found = 0;
  guint i;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (timeline != NULL, FALSE);
  g_return_val_if_fail (event < timeline->n_events, FALSE);

  ev = &timeline->events[event];
  detail = ev->detail;

  found |= match_field (self, ev->title);
  if (found != self->all && ev->track >= 0 && (guint) ev->track < timeline->n_tracks)
    found |= match_field (self, timeline->tracks[ev->track].label);
  if (found != self->all && ev->category >= 0 && (guint) ev->category < timeline->n_categories)
    found |= match_field (self, timeline->categories[ev->category].label);
  if (found == self->all || detail == NULL)
    return found == self->all;

  found |= match_field (self, detail->summary);
  found = match_list (self, (const char * const *) detail->places, detail->n_places, found);
  found = match_list (self, (const char * const *) detail->actors, detail->n_actors, found);
  found = match_list (self, (const char * const *) detail->tags, detail->n_tags, found);

  for (i = 0; i < detail->n_cites && found != self->all; i++)
    {
      gint source = detail->cites[i].source;

      if (source < 0 || (guint) source >= timeline->n_sources)
        continue;
      found |= match_field (self, timeline->sources[source].title);
      found |= match_field (self, timeline->sources[source].publisher);
    }

  return found == self->all;
}

guint
annals_search_run (AnnalsSearch   *self,
                   AnnalsTimeline *timeline,
                   guint           first,
                   guint           last,
                   guint8         *matches,
                   GCancellable   *cancellable)
{
  guint n_matches = 0;
  guint i;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (timeline != NULL, 0);
  g_return_val_if_fail (matches != NULL || first >= last, 0);

  last = MIN (last, timeline->n_events);
  for (i = first; i < last; i++)
    {
      if ((i - first) % CANCEL_STRIDE == 0 && g_cancellable_is_cancelled (cancellable))
        return 0;
      matches[i] = annals_search_match_event (self, timeline, i);
      n_matches += matches[i];
    }

  return n_matches;
}
