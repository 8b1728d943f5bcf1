/* verdict.c - one status and one line of why for each series estimator of
 * an ascent blow-up time (ratio/Domb-Sykes, Pade), gfd-theory(7) 5.5.
 * See gfd/series.h.  The point is that no estimator hands out a bare number:
 * near the nu = 4 threshold the series has zero radius, and the honest
 * answer of the ratio and Pade estimators is "use borel", not a pole. */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "internal.h"

const char *gfd_verdict_name(gfd_verdict v) {
  switch (v) {
  case GFD_VERDICT_OK: return "ok";
  case GFD_VERDICT_DESCENT: return "descent-side";
  case GFD_VERDICT_PAIR: return "complex-pair";
  case GFD_VERDICT_ZERO: return "zero-radius: use borel";
  case GFD_VERDICT_INCONSISTENT: return "inconsistent";
  case GFD_VERDICT_NONE: break;
  }
  return "no estimate";
}

gfd_verdict gfd_verdict_ratio(const gfd_sing *sg, double *t, char *why, size_t n) {
  *t = NAN;
  switch (sg->kind) {
  case GFD_SING_ZERO:
    snprintf(why, n, "the ratios c_n/c_(n-1) grow like n (factorial coefficients): zero radius");
    return GFD_VERDICT_ZERO;
  case GFD_SING_PAIR:
    snprintf(why, n, "the nearest singularities are a complex pair %.6g +- %.6g i: no real blow-up", sg->re,
             sg->im);
    return GFD_VERDICT_PAIR;
  case GFD_SING_REAL:
    /* the same 20% as the blowup command's "unreliable": beyond it the fit
     * windows have not settled and no single number means anything */
    if (!(sg->err <= 0.2 * fabs(sg->re))) {
      snprintf(why, n, "the fit windows disagree: %.4g +- %.2g (more than 20%%)", sg->re, sg->err);
      return GFD_VERDICT_INCONSISTENT;
    }
    if (sg->re > 0) {
      snprintf(why, n, "nearest singularity at t = %.6g > 0: it bounds the radius, not the ascent", sg->re);
      return GFD_VERDICT_DESCENT;
    }
    *t = sg->re;
    snprintf(why, n, "three-term fit on c_%d..c_%d settled to %.2g relative", sg->nfirst, sg->nlast,
             sg->err / fabs(sg->re));
    return GFD_VERDICT_OK;
  case GFD_SING_NONE: break;
  }
  snprintf(why, n, "the ratios go to 0: no finite singularity in view");
  return GFD_VERDICT_NONE;
}

/* Nearest pole of [K - K/2 / K/2]: *kind 0 none, 1 negative real, 2 positive
 * real, 3 complex (nearest by modulus, spurious ones skipped). */
static int nearest_pole(const double *c, int K, double *re, double *im, int *kind, gfd_err *e) {
  *kind = 0;
  gfd_pade *P = gfd_pade_new(c, K - K / 2, K / 2, 0, e);
  if (!P) return e->code ? e->code : GFD_ENUMERIC;
  int m, nd;
  gfd_pade_degrees(P, &m, &nd);
  int st = GFD_OK;
  if (nd > 0) {
    double *pr = gfd_xmalloc((size_t)nd, sizeof *pr), *pi = gfd_xmalloc((size_t)nd, sizeof *pi);
    int *sp = gfd_xmalloc((size_t)nd, sizeof *sp), np = 0;
    if (!pr || !pi || !sp) st = gfd_err_set(e, GFD_ENOMEM, "out of memory for Pade poles");
    else st = gfd_pade_poles(P, pr, pi, sp, &np, e);
    for (int i = 0; st == GFD_OK && i < np; i++) {
      if (sp[i]) continue;
      *re = pr[i], *im = pi[i];
      /* a double pole (the blow-up form (t - t*)^-2) splits into a pair
       * with |im| ~ sqrt(eps) |t*| in double precision: 1e-8 would call it
       * complex; a genuine pair this flat is not distinguishable anyway */
      int real = fabs(pi[i]) <= 1e-4 * hypot(pr[i], pi[i]);
      *kind = !real ? 3 : pr[i] < 0 ? 1 : 2;
      break;
    }
    free(pr);
    free(pi);
    free(sp);
  }
  gfd_pade_free(P);
  return st;
}

gfd_verdict gfd_verdict_pade(const double *c, int N, double *t, char *why, size_t n, gfd_err *e) {
  *t = NAN;
  if (N < 4) {
    snprintf(why, n, "needs at least N = 4 (three neighbouring orders from N = 2); got N = %d", N);
    return GFD_VERDICT_NONE;
  }
  /* zero radius first: a Pade pole of a factorially divergent series moves
   * towards 0 as N grows and is not a blow-up */
  if (N >= 6) {
    gfd_sing sg;
    gfd_err e2 = {0};
    int st = gfd_series_ratio(c, N, 3, 5, &sg, &e2);
    if (st == GFD_OK && sg.kind == GFD_SING_ZERO) {
      snprintf(why, n, "the coefficients grow factorially (zero radius): the poles only mimic the growth");
      return GFD_VERDICT_ZERO;
    }
    /* an entire function (exp t) still has Pade poles, far out and moving
     * away with the order: they are the approximant's, not the function's */
    if (st == GFD_OK && sg.kind == GFD_SING_NONE) {
      snprintf(why, n, "the ratios go to 0 (entire to this order): the poles are the approximant's");
      return GFD_VERDICT_NONE;
    }
  }
  double re[3], im[3];
  int kind[3];
  for (int k = 0; k < 3; k++) {
    re[k] = im[k] = NAN;
    /* an order whose approximant does not exist (b(0) = 0) is no
     * corroboration, not an error: blowup must still print its table */
    gfd_err ek = {0};
    if (nearest_pole(c, N - k, &re[k], &im[k], &kind[k], &ek)) {
      if (ek.code == GFD_ENOMEM) {
        *e = ek;
        return GFD_VERDICT_NONE;
      }
      if (k == 0) {
        snprintf(why, n, "no approximant: %s", ek.msg);
        return GFD_VERDICT_NONE;
      }
      kind[k] = 0;
    }
  }
  if (kind[0] == 0) {
    snprintf(why, n, "the approximant has no pole that is not a pole-zero doublet");
    return GFD_VERDICT_NONE;
  }
  if (kind[0] == 3) {
    snprintf(why, n, "nearest pole is complex, %.6g +- %.6g i", re[0], fabs(im[0]));
    return GFD_VERDICT_PAIR;
  }
  if (kind[0] == 2) {
    snprintf(why, n, "nearest pole is at t = %.6g > 0 (descent side)", re[0]);
    return GFD_VERDICT_DESCENT;
  }
  /* a negative real pole: ok only when orders N-1 and N-2 put theirs within
   * 2% (the same 2% the blowup command uses to corroborate a pole) */
  double spread = 0;
  for (int k = 1; k < 3; k++) {
    if (kind[k] != 1) {
      snprintf(why, n, "[%d/%d] has its pole at %.6g, order %d has no negative real pole nearest", N - N / 2,
               N / 2, re[0], N - k);
      return GFD_VERDICT_INCONSISTENT;
    }
    spread = fmax(spread, fabs(re[k] - re[0]));
  }
  if (spread > 0.02 * fabs(re[0])) {
    snprintf(why, n, "poles of orders %d..%d spread by %.2g%% around %.6g", N - 2, N,
             100 * spread / fabs(re[0]), re[0]);
    return GFD_VERDICT_INCONSISTENT;
  }
  *t = re[0];
  snprintf(why, n, "poles of orders %d..%d agree to %.2g%%", N - 2, N, 100 * spread / fabs(re[0]));
  return GFD_VERDICT_OK;
}
