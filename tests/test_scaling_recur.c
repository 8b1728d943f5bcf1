/* test_scaling_recur.c - the limit series by the recurrences of gfd-theory(7) 5.1
 * (SYM nu=2, Marchenko-Pastur) and 5.4 (SYM nu=4 ascent scaling) agrees with
 * the diagram route (exact polynomials E[L^(n)(0)], gfd_regime_classify) on
 * every order both reach: 0..5 for nu=2, 0..3 for nu=4; the recurrence
 * refuses scalings it does not describe (a cancelling leading face, another
 * b); and it reaches order 60 where the diagrams overflow. */
#include <config.h>
#include "test_scaling_util.h"

/* The recurrence against the diagrams' limit coefficients at order N.
 * Tolerance 1e-12 relative: the recurrence runs in long double (64-bit
 * mantissa) over at most 60 steps, the diagram coefficients are exact
 * rationals rounded once; measured agreement ~1e-16. */
static void compare(gfd_diagrams *d, gfd_kind kind, int nu, gfd_target tg, gfd_scaling sc, int N, int want_ok,
                    const char *what) {
  gfd_regime_result *r = calloc(1, sizeof *r);
  gfd_err e;
  gfd_err_clear(&e);
  if (gfd_regime_classify(d, &sc, N, NULL, r, &e) != GFD_OK) {
    tu_check(0, "%s: classify: %s", what, e.msg);
    free(r);
    return;
  }
  const gfd_regime_quantity *q = r->loss.dynamical ? &r->loss : &r->excess;
  if (!q->dynamical) {
    tu_check(!want_ok, "%s: no dynamical quantity (loss %s, excess %s)", what, gfd_regime_name(r->loss.regime),
             gfd_regime_name(r->excess.regime));
    free(r);
    return;
  }
  double coef[GFD_REGIME_NMAX + 1];
  const char *which;
  int rc = gfd_scaling_limit_recurrence(kind, nu, tg, &sc, q, N, coef, &which, &e);
  if (!want_ok) {
    tu_check(rc == GFD_EUNSUP, "%s: the recurrence refuses (%s)", what, rc ? e.msg : "it accepted");
    free(r);
    return;
  }
  if (rc != GFD_OK) {
    tu_check(0, "%s: recurrence: %s", what, e.msg);
    free(r);
    return;
  }
  double worst = 0;
  for (int n = 0; n <= N; n++) worst = fmax(worst, tu_relerr(coef[n], q->limit[n]));
  tu_check(worst <= 1e-12, "%s (%s of the %s): orders 0..%d, max rel diff %.3g (c_%d = %.10g vs %.10g)", what,
           which, q->excess ? "excess" : "loss", N, worst, N, coef[N], q->limit[N]);
  free(r);
}

static gfd_scaling sc_make(gfd_rat a, gfd_rat b, gfd_rat c, gfd_rat CH, gfd_rat Cs, gfd_rat Ck) {
  gfd_scaling sc = ts_scaling(a, b);
  sc.c = c;
  sc.CH = CH;
  sc.Cs = Cs;
  sc.Ck = Ck;
  return sc;
}

int main(void) {
  gfd_library_init();
  gfd_err e;
  gfd_err_clear(&e);
  gfd_rat one = ts_q(1, 1), zero = ts_q(0, 1);

  /* SYM nu=2, identity and zero target: MP with several c, s, kappa */
  gfd_diagrams *d2 = gfd_diagrams_new(GFD_SYM, 2, GFD_TGT_IDENTITY, &e);
  gfd_diagrams *d2z = gfd_diagrams_new(GFD_SYM, 2, GFD_TGT_ZERO, &e);
  if (!d2 || !d2z) {
    printf("FAIL diagrams: %s\n", e.msg);
    return 1;
  }
  compare(d2, GFD_SYM, 2, GFD_TGT_IDENTITY, sc_make(one, ts_q(-1, 1), zero, ts_q(1, 2), one, one), 5, 1,
          "SYM nu=2 c=1/2 s=1");
  compare(d2, GFD_SYM, 2, GFD_TGT_IDENTITY, sc_make(one, ts_q(-1, 1), zero, ts_q(3, 1), ts_q(1, 4), ts_q(3, 2)), 5,
          1, "SYM nu=2 c=3 s=1/4 kappa=3/2");
  compare(d2, GFD_SYM, 2, GFD_TGT_IDENTITY, sc_make(one, ts_q(-1, 1), zero, ts_q(2, 1), ts_q(5, 3), one), 5, 1,
          "SYM nu=2 c=2 s=5/3");
  compare(d2z, GFD_SYM, 2, GFD_TGT_ZERO, sc_make(one, ts_q(-1, 1), zero, ts_q(1, 2), ts_q(2, 1), one), 5, 1,
          "SYM nu=2 zero target c=1/2 s=2");
  /* not the MP scaling: refused */
  compare(d2, GFD_SYM, 2, GFD_TGT_IDENTITY, sc_make(ts_q(1, 2), ts_q(-3, 4), zero, one, one, one), 4, 0,
          "SYM nu=2 a=1/2 b=-3/4 (not a = 1)");

  /* the excess: limit=excess at c = 1/2 (its E_0 is 1 too) */
  {
    gfd_scaling sc = sc_make(one, ts_q(-1, 1), zero, ts_q(1, 2), one, one);
    gfd_regime_result *r = calloc(1, sizeof *r);
    double coef[8];
    const char *w;
    if (gfd_regime_classify(d2, &sc, 5, NULL, r, &e) == GFD_OK && r->excess.dynamical &&
        gfd_scaling_limit_recurrence(GFD_SYM, 2, GFD_TGT_IDENTITY, &sc, &r->excess, 5, coef, &w, &e) == GFD_OK) {
      double worst = 0;
      for (int n = 0; n <= 5; n++) worst = fmax(worst, tu_relerr(coef[n], r->excess.limit[n]));
      tu_check(worst <= 1e-12, "SYM nu=2 c=1/2 s=1, the excess: max rel diff %.3g (c_0 = %g)", worst, coef[0]);
    } else
      tu_check(0, "SYM nu=2 excess: %s", e.msg);
    /* c = 1, s = 1: the excess's leading face cancels at t = 0 (m2 - 2 m1 = 0) */
    sc = sc_make(one, ts_q(-1, 1), zero, one, one, one);
    if (gfd_regime_classify(d2, &sc, 4, NULL, r, &e) == GFD_OK)
      tu_check(gfd_scaling_limit_recurrence(GFD_SYM, 2, GFD_TGT_IDENTITY, &sc, &r->excess, 4, coef, &w, &e) ==
                   GFD_EUNSUP,
               "SYM nu=2 c=1 s=1: the excess's E_0 is not 1 (cancellation), the recurrence refuses (%s)", e.msg);
    free(r);
  }

  /* order 60: beyond the diagrams' exact arithmetic (they overflow near 15) */
  {
    gfd_scaling sc = sc_make(one, ts_q(-1, 1), zero, ts_q(1, 2), one, one);
    gfd_regime_result *r = calloc(1, sizeof *r);
    double coef[61];
    const char *w;
    int ok = gfd_regime_classify(d2, &sc, 4, NULL, r, &e) == GFD_OK &&
             gfd_scaling_limit_recurrence(GFD_SYM, 2, GFD_TGT_IDENTITY, &sc, &r->loss, 60, coef, &w, &e) == GFD_OK;
    int finite = ok;
    for (int n = 0; ok && n <= 60; n++) finite &= isfinite(coef[n]) && coef[n] != 0;
    tu_check(finite, "SYM nu=2 c=1/2 s=1: 61 finite nonzero limit coefficients (c_60 = %g)", ok ? coef[60] : 0.0);
    free(r);
  }
  /* gfd_scaling_limit_series: the recurrence route, checked on the orders the
   * analysis has; a recurrence that disagrees (a perturbed diagram value
   * stands in for a wrong normalisation) gives way to the diagrams, with
   * the order named; no recurrence beyond the analysis asks for more orders */
  {
    gfd_scaling sc = sc_make(one, ts_q(-1, 1), zero, ts_q(1, 2), one, one);
    gfd_regime_result *r = calloc(1, sizeof *r);
    double coef[61];
    gfd_limit_series_info info;
    if (gfd_regime_classify(d2, &sc, 4, NULL, r, &e) != GFD_OK) tu_check(0, "classify: %s", e.msg);
    int rc = gfd_scaling_limit_series(GFD_SYM, 2, GFD_TGT_IDENTITY, &sc, &r->loss, 60, coef, &info, &e);
    tu_check(rc == GFD_OK && info.recurrence && info.checked_upto == 4 && info.mismatch < 0,
             "limit series N=60 by the recurrence, checked on 0..4: rc %d recurrence %d checked %d mismatch %d", rc,
             info.recurrence, info.checked_upto, info.mismatch);
    double c3 = r->loss.limit[3];
    r->loss.limit[3] *= 1 + 1e-6; /* a disagreement far above rounding */
    rc = gfd_scaling_limit_series(GFD_SYM, 2, GFD_TGT_IDENTITY, &sc, &r->loss, 4, coef, &info, &e);
    tu_check(rc == GFD_OK && !info.recurrence && info.mismatch == 3 && coef[3] == r->loss.limit[3],
             "a disagreeing recurrence: the diagrams are used and order 3 is named (rc %d mismatch %d)", rc,
             info.mismatch);
    rc = gfd_scaling_limit_series(GFD_SYM, 2, GFD_TGT_IDENTITY, &sc, &r->loss, 8, coef, &info, &e);
    tu_check(rc == 1, "a disagreeing recurrence and N beyond the analysis: more orders are asked for (rc %d)", rc);
    r->loss.limit[3] = c3;
    /* not the MP scaling: no recurrence, the diagrams' own orders */
    sc = sc_make(ts_q(1, 2), ts_q(-3, 4), zero, one, one, one);
    if (gfd_regime_classify(d2, &sc, 4, NULL, r, &e) == GFD_OK && r->loss.dynamical) {
      rc = gfd_scaling_limit_series(GFD_SYM, 2, GFD_TGT_IDENTITY, &sc, &r->loss, 4, coef, &info, &e);
      int same = rc == GFD_OK;
      for (int n = 0; same && n <= 4; n++) same = coef[n] == r->loss.limit[n];
      tu_check(same && !info.recurrence, "a=1/2 b=-3/4: the diagram route's coefficients (rc %d)", rc);
      tu_check(gfd_scaling_limit_series(GFD_SYM, 2, GFD_TGT_IDENTITY, &sc, &r->loss, 6, coef, &info, &e) == 1,
               "  and order 6 asks for a deeper analysis");
    }
    tu_check(gfd_scaling_limit_series(GFD_SYM, 2, GFD_TGT_IDENTITY, &sc, &r->loss, -1, coef, &info, &e) ==
                 GFD_EINVAL, "N = -1 is refused");
    free(r);
  }
  gfd_diagrams_free(d2);
  gfd_diagrams_free(d2z);

  /* SYM nu=4, identity target, kappa4 fixed: the ascent scaling of gfd-theory(7) 5.4 */
  gfd_diagrams *d4 = gfd_diagrams_new(GFD_SYM, 4, GFD_TGT_IDENTITY, &e);
  if (!d4) {
    printf("FAIL diagrams: %s\n", e.msg);
    return 1;
  }
  /* a < 2: kappa4 = Cs^2 / Ck */
  compare(d4, GFD_SYM, 4, GFD_TGT_IDENTITY, sc_make(zero, ts_q(-3, 2), zero, one, ts_q(2, 1), one), 3, 1,
          "SYM nu=4 a=0 b=-3/2 Cs=2 (kappa4 = 4)");
  compare(d4, GFD_SYM, 4, GFD_TGT_IDENTITY, sc_make(one, ts_q(-3, 2), zero, ts_q(1, 3), ts_q(3, 2), one), 3, 1,
          "SYM nu=4 a=1 b=-3/2 CH=1/3 Cs=3/2 (kappa4 = 9/4)");
  /* kappa growing with p: b = (c - 3)/2 */
  compare(d4, GFD_SYM, 4, GFD_TGT_IDENTITY, sc_make(zero, ts_q(-1, 1), one, one, ts_q(2, 1), ts_q(1, 2)), 3, 1,
          "SYM nu=4 a=0 b=-1 c=1 Cs=2 Ck=1/2 (kappa4 = 8)");
  /* a = 2: the other units' coherent part counts, kappa4 = Cs^2 (1 + 3 CH) */
  compare(d4, GFD_SYM, 4, GFD_TGT_IDENTITY, sc_make(ts_q(2, 1), ts_q(-3, 2), zero, ts_q(1, 3), one, one), 3, 1,
          "SYM nu=4 a=2 b=-3/2 CH=1/3 (kappa4 = 2)");
  /* a > 2: kappa4 = 3 CH Cs^2, b = -(1 + a)/2 */
  compare(d4, GFD_SYM, 4, GFD_TGT_IDENTITY, sc_make(ts_q(3, 1), ts_q(-2, 1), zero, one, one, one), 3, 1,
          "SYM nu=4 a=3 b=-2 (kappa4 = 3)");
  /* kappa4 = 6 cancels the excess at t = 0: refused */
  compare(d4, GFD_SYM, 4, GFD_TGT_IDENTITY, sc_make(zero, ts_q(-3, 2), zero, one, ts_q(6, 1), ts_q(6, 1)), 3, 0,
          "SYM nu=4 kappa4 = 6 (the excess cancels at t = 0)");
  gfd_diagrams_free(d4);
  return tu_done();
}
