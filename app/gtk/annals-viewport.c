/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Annals"

#include "config.h"

#include "annals-viewport.h"

#include <float.h>
#include <math.h>

struct _AnnalsViewport
{
  GObject parent_instance;

  double  start;
  double  end;
  double  lower;
  double  upper;
};

G_DEFINE_FINAL_TYPE (AnnalsViewport, annals_viewport, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_START,
  PROP_END,
  PROP_LOWER,
  PROP_UPPER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_bounded (AnnalsViewport *self)
{
  return self->lower < self->upper;
}

/* A second, unless the times are so far from 1970 that a double cannot tell
 * seconds apart across a screen's width of pixels. */
static double
min_span_near (double time)
{
  return MAX (1.0, fabs (time) * DBL_EPSILON * 4096.0);
}

static double
max_span (AnnalsViewport *self)
{
  return is_bounded (self) ? self->upper - self->lower : G_MAXDOUBLE;
}

static void
clamp_range (AnnalsViewport *self,
             double         *start,
             double         *end)
{
  double span;
  double min;

  if (!isfinite (*start) || !isfinite (*end))
    {
      *start = self->start;
      *end = self->end;
    }

  min = min_span_near (MAX (fabs (*start), fabs (*end)));
  span = *end - *start;
  if (!(span >= min))
    {
      double centre = *start / 2 + *end / 2;

      *start = centre - min / 2;
      *end = centre + min / 2;
      span = *end - *start;
    }

  if (!is_bounded (self))
    return;

  if (span >= self->upper - self->lower)
    {
      *start = self->lower;
      *end = self->upper;
    }
  else if (*start < self->lower)
    {
      *start = self->lower;
      *end = self->lower + span;
    }
  else if (*end > self->upper)
    {
      *start = self->upper - span;
      *end = self->upper;
    }
}

static void
annals_viewport_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AnnalsViewport *self = ANNALS_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_START:
      g_value_set_double (value, self->start);
      break;

    case PROP_END:
      g_value_set_double (value, self->end);
      break;

    case PROP_LOWER:
      g_value_set_double (value, self->lower);
      break;

    case PROP_UPPER:
      g_value_set_double (value, self->upper);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
annals_viewport_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AnnalsViewport *self = ANNALS_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_START:
      annals_viewport_set_range (self, g_value_get_double (value), self->end);
      break;

    case PROP_END:
      annals_viewport_set_range (self, self->start, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
annals_viewport_class_init (AnnalsViewportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = annals_viewport_get_property;
  object_class->set_property = annals_viewport_set_property;

  properties[PROP_START] =
    g_param_spec_double ("start", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_END] =
    g_param_spec_double ("end", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 86400.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOWER] =
    g_param_spec_double ("lower", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_UPPER] =
    g_param_spec_double ("upper", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
annals_viewport_init (AnnalsViewport *self)
{
  self->start = 0;
  self->end = 86400.0;
}

AnnalsViewport *
annals_viewport_new (void)
{
  return g_object_new (ANNALS_TYPE_VIEWPORT, NULL);
}

double
annals_viewport_get_start (AnnalsViewport *self)
{
  g_return_val_if_fail (ANNALS_IS_VIEWPORT (self), 0);

  return self->start;
}

double
annals_viewport_get_end (AnnalsViewport *self)
{
  g_return_val_if_fail (ANNALS_IS_VIEWPORT (self), 0);

  return self->end;
}

double
annals_viewport_get_span (AnnalsViewport *self)
{
  g_return_val_if_fail (ANNALS_IS_VIEWPORT (self), 0);

  return self->end - self->start;
}

double
annals_viewport_get_lower (AnnalsViewport *self)
{
  g_return_val_if_fail (ANNALS_IS_VIEWPORT (self), 0);

  return self->lower;
}

double
annals_viewport_get_upper (AnnalsViewport *self)
{
  g_return_val_if_fail (ANNALS_IS_VIEWPORT (self), 0);

  return self->upper;
}

double
annals_viewport_get_min_span (AnnalsViewport *self)
{
  g_return_val_if_fail (ANNALS_IS_VIEWPORT (self), 1.0);

  return MIN (min_span_near (MAX (fabs (self->start), fabs (self->end))), max_span (self));
}

void
annals_viewport_set_range (AnnalsViewport *self,
                           double          start,
                           double          end)
{
  gboolean start_changed;
  gboolean end_changed;

  g_return_if_fail (ANNALS_IS_VIEWPORT (self));

  clamp_range (self, &start, &end);
  start_changed = start != self->start;
  end_changed = end != self->end;
  if (!start_changed && !end_changed)
    return;

  self->start = start;
  self->end = end;

  g_object_freeze_notify (G_OBJECT (self));
  if (start_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START]);
  if (end_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
annals_viewport_set_bounds (AnnalsViewport *self,
                            double          lower,
                            double          upper)
{
  g_return_if_fail (ANNALS_IS_VIEWPORT (self));
  g_return_if_fail (isfinite (lower) && isfinite (upper));

  if (upper <= lower)
    lower = upper = 0;

  if (lower == self->lower && upper == self->upper)
    return;

  self->lower = lower;
  self->upper = upper;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOWER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPPER]);
  annals_viewport_set_range (self, self->start, self->end);
  g_object_thaw_notify (G_OBJECT (self));
}

void
annals_viewport_zoom_at (AnnalsViewport *self,
                         double          anchor,
                         double          factor)
{
  double span;
  double new_span;
  double ratio;
  double start;

  g_return_if_fail (ANNALS_IS_VIEWPORT (self));

  if (!(factor > 0) || !isfinite (factor) || !isfinite (anchor))
    return;

  span = self->end - self->start;
  new_span = CLAMP (span / factor, min_span_near (anchor), max_span (self));
  /* Where the anchor sits in the range, 0 at the start and 1 at the end; it
   * stays there, so the time under the pointer stays under the pointer. */
  ratio = CLAMP ((anchor - self->start) / span, 0.0, 1.0);
  start = anchor - ratio * new_span;
  annals_viewport_set_range (self, start, start + new_span);
}

void
annals_viewport_pan (AnnalsViewport *self,
                     double          delta)
{
  double span;
  double start;

  g_return_if_fail (ANNALS_IS_VIEWPORT (self));

  if (!isfinite (delta) || delta == 0)
    return;

  span = self->end - self->start;
  start = self->start + delta;
  /* Clamp here rather than in set_range so that a pan against an edge never
   * changes the span. */
  if (is_bounded (self))
    start = CLAMP (start, self->lower, MAX (self->lower, self->upper - span));
  annals_viewport_set_range (self, start, start + span);
}

void
annals_viewport_zoom_to_fit (AnnalsViewport *self)
{
  g_return_if_fail (ANNALS_IS_VIEWPORT (self));

  if (is_bounded (self))
    annals_viewport_set_range (self, self->lower, self->upper);
}

gboolean
annals_viewport_can_zoom_in (AnnalsViewport *self)
{
  g_return_val_if_fail (ANNALS_IS_VIEWPORT (self), FALSE);

  return self->end - self->start > annals_viewport_get_min_span (self) * 1.0001;
}

gboolean
annals_viewport_can_zoom_out (AnnalsViewport *self)
{
  g_return_val_if_fail (ANNALS_IS_VIEWPORT (self), FALSE);

  return !is_bounded (self) || self->end - self->start < (self->upper - self->lower) * 0.9999;
}
