/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "annals-date.h"

G_BEGIN_DECLS

/* The model of one dataset. Plain structs read directly by layout and render
 * (they sit on the hot path); strings and arrays live in the timeline's arena and
 * stay valid as long as the timeline. A timeline is built once (by a parser,
 * an importer or the generator), finished, and immutable afterwards, so it can
 * be shared between threads by reference. */

typedef guint32 AnnalsColor;           /* 0xRRGGBB */
#define ANNALS_COLOR_NONE 0xffffffffu

typedef enum
{
  ANNALS_EVENT_SPAN,
  ANNALS_EVENT_INSTANT,
  ANNALS_EVENT_MILESTONE,
} AnnalsEventType;

typedef enum
{
  ANNALS_STATUS_CONFIRMED,             /* the default */
  ANNALS_STATUS_REPORTED,
  ANNALS_STATUS_PROPOSED,
  ANNALS_STATUS_DISPUTED,
  ANNALS_STATUS_DENIED,
  ANNALS_STATUS_CANCELLED,
  ANNALS_STATUS_ACTIVE,
  ANNALS_STATUS_ENDED,
  ANNALS_N_STATUSES
} AnnalsStatus;

typedef enum
{
  ANNALS_TRACK_EVENTS,
  ANNALS_TRACK_QUANTITY,
} AnnalsTrackKind;

typedef enum
{
  ANNALS_EVENT_HAS_END_STATUS = 1 << 0, /* <end status="…"> differs from the event */
} AnnalsEventFlags;

typedef struct
{
  const char *id;
  const char *label;
  const char *unit;                    /* quantity tracks, else NULL */
  AnnalsColor color;
  gint32      parent;                  /* index of the enclosing track, -1 at top */
  guint16     depth;                   /* 0 at top level */
  guint8      kind;                    /* AnnalsTrackKind */
  guint32     line;
} AnnalsTrack;

typedef struct
{
  const char *id;
  const char *label;
  AnnalsColor color;
  guint32     line;
} AnnalsCategory;

typedef struct
{
  const char *id;
  const char *kind;                    /* "article", … or NULL */
  const char *reliability;             /* "high", … or NULL */
  const char *title;
  const char *publisher;
  const char *url;
  AnnalsDate  published;
  guint32     line;
} AnnalsSource;

typedef struct
{
  AnnalsDate  start;
  AnnalsDate  end;                     /* precision NONE: open-ended */
  const char *label;
  AnnalsColor color;
  guint32     line;
} AnnalsEra;

typedef struct
{
  gint32      source;                  /* index into sources */
  const char *quote;                   /* or NULL */
  const char *page;                    /* or NULL */
} AnnalsCitation;

typedef struct
{
  const char *href;
  const char *label;                   /* or NULL */
} AnnalsLink;

typedef struct
{
  const char *unit;
  double      amount;
  gboolean    is_change;               /* change="…" rather than value="…" */
} AnnalsQuantity;

/* What an event has beyond what every frame draws; NULL when it has nothing.
 * Most events of a big dataset have one (a citation is enough), so the
 * arrays come first and their lengths after them, together: 160 bytes where
 * each length after its array took 184 (padding). */
typedef struct
{
  const char           *summary;
  const char          **places;
  const char          **actors;
  const char          **tags;
  const AnnalsLink     *links;
  const AnnalsCitation *cites;
  const AnnalsQuantity *quantities;
  /* Elements of other namespaces, kept verbatim (serialised XML) for saving. */
  const char          **extensions;
  guint                 n_places;
  guint                 n_actors;
  guint                 n_tags;
  guint                 n_links;
  guint                 n_cites;
  guint                 n_quantities;
  guint                 n_extensions;
  /* Uncertainty bounds of <start>/<end>; precision NONE when not given. */
  AnnalsDate            start_earliest;
  AnnalsDate            start_latest;
  AnnalsDate            end_earliest;
  AnnalsDate            end_latest;
} AnnalsEventDetail;

typedef struct
{
  const char              *id;
  const char              *title;
  AnnalsDate               start;
  AnnalsDate               end;        /* precision NONE when absent */
  const AnnalsEventDetail *detail;     /* or NULL */
  gint32                   track;      /* index into tracks, -1 for none */
  gint32                   category;   /* index into categories, -1 for none */
  guint32                  line;       /* where it was defined */
  guint8                   type;       /* AnnalsEventType */
  guint8                   status;     /* AnnalsStatus */
  guint8                   end_status; /* AnnalsStatus, with ANNALS_EVENT_HAS_END_STATUS */
  guint8                   flags;      /* AnnalsEventFlags */
} AnnalsEvent;

typedef struct
{
  gint32                track;         /* index of a quantity track */
  AnnalsDate            date;
  double                value;
  gint32                source;        /* source="…", -1 for none */
  const AnnalsCitation *cites;         guint n_cites;
  guint32               line;
} AnnalsMeasure;

typedef struct _AnnalsTimeline AnnalsTimeline;

struct _AnnalsTimeline
{
  /*< public, read-only once finished >*/
  const char     *title;
  const char     *description;
  const char     *lang;
  const char     *tz;                  /* as written, or NULL for UTC */
  AnnalsDate      as_of;               /* precision NONE when absent */

  AnnalsSource   *sources;             guint n_sources;
  AnnalsTrack    *tracks;              guint n_tracks;     /* file order, parents first */
  AnnalsCategory *categories;          guint n_categories;
  AnnalsEra      *eras;                guint n_eras;
  AnnalsEvent    *events;              guint n_events;     /* sorted by start, then id */
  AnnalsMeasure  *measures;            guint n_measures;   /* sorted by track, then date */
  const char    **extensions;          guint n_extensions; /* foreign top-level elements */

  /*< private >*/
  gpointer        priv;
};

AnnalsTimeline *annals_timeline_new            (void);
AnnalsTimeline *annals_timeline_ref            (AnnalsTimeline  *self);
void            annals_timeline_unref          (AnnalsTimeline  *self);

/* Building. Strings and memory come from the timeline's arena and are freed with
 * it. The add functions return a zeroed record (indexes -1, colours NONE) that
 * the caller fills in; the pointer is valid until the next add of that kind. */
const char     *annals_timeline_intern         (AnnalsTimeline  *self,
                                                const char      *text);
const char     *annals_timeline_strdup         (AnnalsTimeline  *self,
                                                const char      *text);
/* Zero-filled, 8-byte aligned; NULL for 0 bytes. */
gpointer        annals_timeline_alloc          (AnnalsTimeline  *self,
                                                gsize            size);
/* Copies @n pointers/strings of @strings into the arena (strings interned);
 * NULL for n == 0. */
const char    **annals_timeline_copy_strv      (AnnalsTimeline  *self,
                                                const char     **strings,
                                                guint            n);
AnnalsSource   *annals_timeline_add_source     (AnnalsTimeline  *self);
AnnalsTrack    *annals_timeline_add_track      (AnnalsTimeline  *self);
AnnalsCategory *annals_timeline_add_category   (AnnalsTimeline  *self);
AnnalsEra      *annals_timeline_add_era        (AnnalsTimeline  *self);
AnnalsEvent    *annals_timeline_add_event      (AnnalsTimeline  *self);
AnnalsMeasure  *annals_timeline_add_measure    (AnnalsTimeline  *self);
void            annals_timeline_add_extension  (AnnalsTimeline  *self,
                                                const char      *xml);
/* Sorts events and measures and builds the id indexes. After this the timeline
 * is read-only. */
void            annals_timeline_finish         (AnnalsTimeline  *self);
gboolean        annals_timeline_is_finished    (AnnalsTimeline  *self);

/* Index of the record with that id, or -1. Track, category and source lookups
 * work while building; event lookup after finish. */
gint            annals_timeline_find_track     (AnnalsTimeline  *self,
                                                const char      *id);
gint            annals_timeline_find_category  (AnnalsTimeline  *self,
                                                const char      *id);
gint            annals_timeline_find_source    (AnnalsTimeline  *self,
                                                const char      *id);
gint            annals_timeline_find_event     (AnnalsTimeline  *self,
                                                const char      *id);
/* After finish: calls @func for every event whose id repeats that of an event
 * defined before it (lower line), with both indexes, so that a parser need not
 * keep its own set of ids. Returns the number of such events. */
typedef void  (*AnnalsDuplicateFunc)                   (AnnalsTimeline  *self,
                                                        guint            duplicate,
                                                        guint            first,
                                                        gpointer         user_data);
guint           annals_timeline_foreach_duplicate_event (AnnalsTimeline      *self,
                                                         AnnalsDuplicateFunc  func,
                                                         gpointer             user_data);

/* The time range covered by all events, measures and eras, ongoing spans
 * running to the as-of date. FALSE for an empty timeline. */
gboolean        annals_timeline_get_extent     (AnnalsTimeline  *self,
                                                AnnalsTime      *start,
                                                AnnalsTime      *end);
/* Where a span ends when drawn: its end period's end, or for an ongoing span
 * the as-of date (or @open_end when there is none). */
AnnalsTime      annals_event_end_time          (const AnnalsEvent *event,
                                                const AnnalsTimeline *timeline,
                                                AnnalsTime       open_end);

const char     *annals_status_to_string        (AnnalsStatus     status);
gboolean        annals_status_from_string      (const char      *text,
                                                AnnalsStatus    *status);
const char     *annals_event_type_to_string    (AnnalsEventType  type);
gboolean        annals_event_type_from_string  (const char      *text,
                                                AnnalsEventType *type);
gboolean        annals_color_parse             (const char      *text,
                                                AnnalsColor     *color);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AnnalsTimeline, annals_timeline_unref)

G_END_DECLS
