/* scaling_provider.h - what the scaling area (cmd_scaling.c) offers other
 * areas and the views: the limit series and the factors between a model's
 * units and the scaling limit's. */
#ifndef GFD_SCALING_PROVIDER_H
#define GFD_SCALING_PROVIDER_H

#include "shell.h"

/* `series source=limit`: the limit series (in the limit's scaled units),
 * coef[0..N].  0, or -1 after sh_error. */
int scaling_limit_coefs(session *s, int N, double *coef);
/* With a scaling set, t = tau / tfac and L = lfac * Lscaled, i.e. tfac =
 * p^g, lfac = p^{E_0}.  Returns 0 and sets both, 1 if no scaling is set
 * (factors 1), -1 on error. */
int scaling_factors(session *s, double *tfac, double *lfac);
/* The factors of each quantity at the current model: tau = tfac t (tfac =
 * p^g of the quantity the limit follows), L = lfac_loss Lscaled (p^E0 of the
 * loss), L - ||y||^2/2 = lfac_excess Xscaled (p^E0 of the excess); excess = 1
 * when the limit follows the excess.  Returns 0, 1 if no scaling is set, -1
 * if there is no limit (quiet: nothing reported). */
typedef struct scaling_units {
  double tfac, lfac_loss, lfac_excess;
  double g, e0_loss, e0_excess;
  int excess;
} scaling_units;
int scaling_units_get(session *s, int quiet, scaling_units *u);

/* The blow-ups of the last sweep's runs (other models, one row each), kept
 * for `blowup`; dropped when the model changes. */
#define SC_SWEEP_RUNS 16
struct sweep_blowups {
  int n;                           /* runs kept (0: no sweep yet) */
  char name[SC_SWEEP_RUNS][64];    /* "p=64" */
  size_t seeds[SC_SWEEP_RUNS], ndiv[SC_SWEEP_RUNS];
  double t_end[SC_SWEEP_RUNS];     /* the run's T, in t */
  double t_first[SC_SWEEP_RUNS], t_mean[SC_SWEEP_RUNS]; /* NaN if none */
};
/* NULL if no sweep has run since the model changed. */
const struct sweep_blowups *scaling_last_sweep(session *s);

#endif
