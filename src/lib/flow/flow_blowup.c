/* flow_blowup.c - where a diverging flow ends: t* extrapolated from the last
 * accepted steps, and a bracket around it.
 *
 * q = L / ||grad L||^2: along the flow dL/dt = -||grad||^2, so for
 * L ~ A |t - t*|^-gamma, q = |t - t*| / gamma (1 + O(t - t*)) and t(q) is
 * smooth at q = 0.  Inverse interpolation of the last 3 (and 2) accepted
 * (q, t) pairs at q = 0 gives t* and, from their difference, the bracket. */
#include <config.h>
#include <float.h>
#include <math.h>
#include <string.h>
#include "internal.h"
#include "flow_internal.h"

void gfd_bhist_push(gfd_bhist *h, double t, double q) {
  if (h->n == 3) {
    memmove(h->t, h->t + 1, 2 * sizeof(double));
    memmove(h->q, h->q + 1, 2 * sizeof(double));
    h->n = 2;
  }
  h->t[h->n] = t;
  h->q[h->n] = q;
  h->n++;
}

/* t at q = 0 through the last k points (Neville on t(q)) */
double gfd_bhist_extrap(const gfd_bhist *h, size_t k) {
  double P[3], x[3];
  size_t off = h->n - k;
  for (size_t i = 0; i < k; i++) {
    P[i] = h->t[off + i];
    x[i] = h->q[off + i];
  }
  for (size_t lvl = 1; lvl < k; lvl++)
    for (size_t i = 0; i + lvl < k; i++) {
      double den = x[i] - x[i + lvl];
      if (den == 0) return NAN;
      P[i] = ((0 - x[i + lvl]) * P[i] - (0 - x[i]) * P[i + 1]) / den;
    }
  return P[0];
}

/* Near t* each adaptive step covers a fixed fraction of the distance left,
 * so running on to the last representable time took hundreds of steps (750
 * of 1081 with dopri5 on SYM nu=2 p=12 H=6) that only shrank a spread
 * already below the integration-error floor of the bracket. */
int gfd_blowup_converged(const gfd_bhist *h, double t, double t0, double tol_int) {
  if (h->n < 3) return 0;
  double t3 = gfd_bhist_extrap(h, 3), t2 = gfd_bhist_extrap(h, 2);
  if (!isfinite(t3) || !isfinite(t2)) return 0;
  if (fabs(t - t3) <= 16 * DBL_EPSILON * fmax(1.0, fabs(t))) return 1;
  return tol_int > 0 && 2 * fabs(t3 - t2) <= 10 * tol_int * fabs(t3 - t0);
}

/* Fill out's blow-up fields.  t_last: last accepted time (the computed
 * solution is finite there, so t* lies beyond it in direction dir); hstep:
 * the last step tried; tol_int: the relative integration error of t* - t0;
 * abs_err: a floor for the error (a fixed step's length).
 * The bracket is t* -+ the larger of the extrapolation spread (twice the
 * 3-point vs 2-point difference) and the integration error. */
void gfd_blowup_finish(const gfd_bhist *h, double t_last, double dir, double hstep, double t0, double tol_int,
                       double abs_err, gfd_traj *out) {
  double ts, err;
  if (h->n >= 2) {
    double t2 = gfd_bhist_extrap(h, 2), t3 = h->n >= 3 ? gfd_bhist_extrap(h, 3) : t2;
    if (!isfinite(t3)) t3 = t2;
    if (!isfinite(t2)) t2 = t3 = t_last;
    ts = t3;
    err = h->n >= 3 ? 2 * fabs(t3 - t2) : fabs(t2 - t_last);
  } else {
    ts = t_last;
    err = fabs(hstep);
  }
  if ((ts - t_last) * dir < 0) ts = t_last; /* cannot lie on the finite side */
  err = fmax(err, 8 * DBL_EPSILON * fmax(1.0, fabs(ts)));
  /* the trajectory itself carries the integration error: a local tolerance
   * rtol gives a global relative error of a few rtol; allow 10 */
  err = fmax(err, 10 * tol_int * fabs(ts - t0));
  err = fmax(err, abs_err);
  out->status = GFD_RUN_BLOWUP;
  out->t_star = ts;
  out->t_lo = ts - err;
  out->t_hi = ts + err;
  /* the solution is finite at the start t0: the bracket cannot reach past it */
  if (dir < 0 && out->t_hi > t0) out->t_hi = t0;
  if (dir > 0 && out->t_lo < t0) out->t_lo = t0;
}

