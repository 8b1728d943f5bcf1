/* scaling_limit.c - the limit series with its cross-check: a coefficient
 * recurrence where one applies (any order), checked against the diagram
 * route on the orders the regime analysis computed; else the diagrams. */
#include <config.h>
#include <math.h>
#include "internal.h"
#include "gfd/scaling.h"

/* The two routes must agree where both exist: the recurrence runs in long
 * double and the diagram coefficients are exact rationals rounded once, so a
 * relative 1e-9 separates rounding (1e-15..1e-12 measured) from a wrong
 * normalisation (O(1)). */
#define LIMIT_AGREE 1e-9

int gfd_scaling_limit_series(gfd_kind kind, int nu, gfd_target target, const gfd_scaling *sc,
                             const gfd_regime_quantity *q, int N, double *coef, gfd_limit_series_info *info,
                             gfd_err *e) {
  info->recurrence = 0;
  info->which = "";
  info->checked_upto = -1;
  info->mismatch = -1;
  info->rec_value = info->diag_value = NAN;
  if (N < 0 || N > GFD_REGIME_NMAX) return gfd_err_set(e, GFD_EINVAL, "series order %d out of range 0..%d", N, GFD_REGIME_NMAX);
  gfd_err re;
  gfd_err_clear(&re);
  const char *which = NULL;
  int rc = gfd_scaling_limit_recurrence(kind, nu, target, sc, q, N, coef, &which, &re);
  if (rc != GFD_OK && rc != GFD_EUNSUP) {
    *e = re;
    return rc;
  }
  if (rc == GFD_OK) {
    int upto = q->N < N ? q->N : N;
    for (int n = 0; n <= upto && info->mismatch < 0; n++)
      if (!(fabs(coef[n] - q->limit[n]) <= LIMIT_AGREE * fmax(fabs(q->limit[n]), 1e-300))) {
        info->mismatch = n;
        info->rec_value = coef[n];
        info->diag_value = q->limit[n];
      }
    info->which = which ? which : "";
    if (info->mismatch < 0) {
      info->recurrence = 1;
      info->checked_upto = upto;
      return GFD_OK;
    }
  }
  /* the diagram route: the analysis must reach order N */
  if (N > q->N) return 1;
  for (int n = 0; n <= N; n++) coef[n] = q->limit[n];
  return GFD_OK;
}
