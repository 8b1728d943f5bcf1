/* plot.h - the plot model: the curves and marks that areas write into the
 * session and the views (the plot screen, `export gnuplot`) read. */
#ifndef GFD_PLOT_H
#define GFD_PLOT_H

#include <stddef.h>

typedef struct session session;

#define SH_MAX_CURVES 64
#define SH_MAX_MARKS 8

/* What the plot view and `export gnuplot` draw.  Areas add or replace curves
 * by name; the view only reads them. */
typedef enum {
  CURVE_SIM = 0,    /* simulated loss (mean), with optional band lo/hi */
  CURVE_SERIES,     /* truncated Taylor series */
  CURVE_SUMMED,     /* summed / explicit solution */
  CURVE_LIMIT,      /* scaling-limit curve */
  CURVE_SWEEP       /* one run of a sweep */
} curve_kind;

/* The units of a curve's data (added for the views; all zero = plain: the
 * loss L of the session's model against t).  excess: y is Q = L - offset
 * (offset = ||y||^2/2 of the curve's own model).  scaled: y = Q / lfac
 * against tau = tfac t (a scaling limit's units; tfac = lfac = 0 for a limit
 * curve, which has no finite-size factors). */
typedef struct curve_units {
  int scaled, excess;
  double tfac, lfac, offset;
} curve_units;

typedef struct curve {
  char name[64];
  curve_kind kind;
  size_t n;
  double *t, *y, *lo, *hi; /* lo/hi may be NULL */
  curve_units units;       /* zeroed by sh_curve_set; see sh_curve_units */
  int style;               /* glyph and colour index, fixed for the curve's life
                            * (a new curve takes the smallest one free) */
  int hidden;              /* `plot hide`: kept, not drawn */
  unsigned long seq;       /* when its data was last set (sh_curve_set): the
                            * newest run decides the plot's units */
  char panel[48];          /* the small multiple it belongs to ("" none): a
                            * sweep across regimes draws each run, with its
                            * own limit, in a panel of its own units */
  char caption[96];        /* the panel's title (set on the run's curve) */
} curve;

/* Copies the data. Replaces a curve of the same name. */
int sh_curve_set(session *s, const char *name, curve_kind kind, size_t n,
                 const double *t, const double *y, const double *lo, const double *hi);
/* The smallest style index no curve holds (a new curve's, the series'). */
int sh_curve_free_style(const session *s);
void sh_curve_clear(session *s, curve_kind kind);   /* drop all curves of a kind */
void sh_curve_clear_all(session *s);
/* Set the units of curve `name` (after sh_curve_set; 0, or -1 if no such
 * curve).  The view converts curves of other units to the frame it draws, or
 * leaves them out with a note; marks are always in plain t. */
int sh_curve_units(session *s, const char *name, const curve_units *u);

/* Put curve `name` into the small multiple `panel` (caption: the panel's
 * title, may be NULL).  0, or -1 if no such curve.  sh_curve_set clears it. */
int sh_curve_panel(session *s, const char *name, const char *panel, const char *caption);

/* The factors between the session model's units and the current scaling
 * limit's, for a view that puts plain curves (t, L) into a scaled frame:
 * tau = tfac t, L = lfac_loss Lscaled, L - ||y||^2/2 = lfac_excess Xscaled;
 * excess = 1 when the limit follows the excess. */
typedef struct plot_factors {
  double tfac, lfac_loss, lfac_excess;
  int excess;
} plot_factors;
/* Ask the areas that know a scaling (area.h plot_factors), quietly: 0 and *f
 * set, 1 if no scaling is set, -1 if there is no limit to convert to.  The
 * views learn the factors here instead of calling the area that has them. */
int sh_plot_factors(session *s, plot_factors *f);

/* Advance the steppable run (area.h step) by dt: 0 and *t_now, 1 if no
 * area can step, -1 after sh_error. */
int sh_step(session *s, double dt, double *t_now);

/* Vertical markers (e.g. predicted blow-up time), by name. */
void sh_mark_set(session *s, const char *name, double t);
void sh_mark_clear_all(session *s);

#endif
