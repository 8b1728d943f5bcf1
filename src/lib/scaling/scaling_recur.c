/* scaling_recur.c - the limit series of a scaling by the coefficient
 * recurrences of gfd-theory(7) 5.1 and 5.4, where they apply, instead of the
 * diagram polynomials (which overflow exact arithmetic near order 15 for
 * SYM nu=2 and take minutes beyond order 5 for SYM nu=4).
 *
 * Normalisations (checked against the diagram route in
 * tests/test_scaling_recur.c, orders 0..4 and 0..3):
 *  - SYM nu=2, H = CH p, sigma^2 = Cs/p, kappa = Ck (a = 1, b = -1, c = 0):
 *    the Marchenko-Pastur limit L/p = sum k_n t^n with c = CH, s = Cs
 *    (gfd_sym2_mp_coefs); E_0 = 1, g = 0, so tau = t and the coefficients are
 *    the regime's limit coefficients as they are (the excess: minus Ck^2/2
 *    at n = 0).
 *  - SYM nu=4, identity target, kappa4 = sigma^4 (p^3 + 3 (H-1) p)/kappa
 *    fixed: b = (c - 3)/2 with a <= 2 (a = 2: the other units' coherent part
 *    3 H p counts, kappa4 = Cs^2 (1 + 3 CH)/Ck), or a > 2 with
 *    b = (c - 1 - a)/2 (kappa4 = 3 CH Cs^2/Ck).  The excess is
 *    H p sigma^4 kappa Lnorm(tau4), tau4 = 4 kappa sigma^2 t, so with
 *    E_0 = a + 1 + 2b + c and g = b + c the regime's limit is
 *    CH Cs^2 Ck sum_s c_s (4 Cs Ck)^s tau^s (gfd_ascent_coefs gives c_s). */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include "internal.h"

static int rat_eq(gfd_rat x, gfd_rat y) { return gfd_scaling_rat_cmp(x, y) == 0; }

/* x + y, x * y with overflow reported as "no match" */
static int rat_lin(gfd_rat x, long k, gfd_rat y, gfd_rat *out) {
  gfd_rat t;
  if (gfd_rat_mul(y, gfd_rat_make(k, 1), &t) || gfd_rat_add(x, t, out)) return -1;
  return 0;
}

int gfd_scaling_limit_recurrence(gfd_kind kind, int nu, gfd_target target, const gfd_scaling *sc,
                                 const gfd_regime_quantity *q, int N, double *coef, const char **which,
                                 gfd_err *e) {
  if (which) *which = "";
  if (N < 0 || N > GFD_REGIME_NMAX) return gfd_err_set(e, GFD_EINVAL, "series order %d out of range", N);
  gfd_rat zero = gfd_rat_make(0, 1), one = gfd_rat_make(1, 1), two = gfd_rat_make(2, 1);
  double CH = gfd_rat_to_double(sc->CH), Cs = gfd_rat_to_double(sc->Cs), Ck = gfd_rat_to_double(sc->Ck);
  long double *lc = calloc((size_t)N + 1, sizeof *lc);
  if (!lc) return gfd_err_set(e, GFD_ENOMEM, "out of memory for %d coefficients", N);
  int rc = GFD_OK;
  if (kind == GFD_SYM && nu == 2 && (target == GFD_TGT_IDENTITY || target == GFD_TGT_ZERO)) {
    if (!rat_eq(sc->a, one) || !rat_eq(sc->b, gfd_rat_make(-1, 1)) ||
        (target == GFD_TGT_IDENTITY && !rat_eq(sc->c, zero))) {
      rc = gfd_err_set(e, GFD_EUNSUP, "the Marchenko-Pastur recurrence needs a = 1, b = -1, c = 0");
      goto out;
    }
    if (!rat_eq(q->E0, one) || !rat_eq(q->g, zero)) {
      rc = gfd_err_set(e, GFD_EUNSUP,
                       "the leading face cancels at t = 0 (E_0 is not 1): the recurrence's normalisation "
                       "does not hold");
      goto out;
    }
    double kap = target == GFD_TGT_ZERO ? 0 : Ck;
    if ((rc = gfd_sym2_mp_coefs(CH, Cs, kap, N, q->excess && kap > 0, lc, e))) goto out;
    for (int n = 0; n <= N; n++) coef[n] = (double)lc[n];
    if (which) *which = "gfd-theory(7) 5.1: Marchenko-Pastur characteristic recurrence";
    goto out;
  }
  if (kind == GFD_SYM && nu == 4 && target == GFD_TGT_IDENTITY) {
    /* which branch of kappa4 = sigma^4 (p^3 + 3 (H-1) p)/kappa is fixed */
    int cmp2 = gfd_scaling_rat_cmp(sc->a, two);
    gfd_rat want_b, s3, E0, g;
    double k4;
    if (cmp2 <= 0) {
      /* b = (c - 3)/2 */
      if (rat_lin(sc->c, -3, one, &s3)) goto nomatch;
      if (gfd_rat_mul(s3, gfd_rat_make(1, 2), &want_b)) goto nomatch;
      k4 = Cs * Cs / Ck * (cmp2 == 0 ? 1 + 3 * CH : 1);
    } else {
      /* b = (c - 1 - a)/2 */
      gfd_rat t;
      if (rat_lin(sc->c, -1, sc->a, &t) || rat_lin(t, -1, one, &s3)) goto nomatch;
      if (gfd_rat_mul(s3, gfd_rat_make(1, 2), &want_b)) goto nomatch;
      k4 = 3 * CH * Cs * Cs / Ck;
    }
    if (!rat_eq(sc->b, want_b)) {
      rc = gfd_err_set(e, GFD_EUNSUP,
                       "the nu=4 moment recurrence needs kappa4 = sigma^4 (p^3 + 3 (H-1) p)/kappa fixed "
                       "(b = (c-3)/2 for a <= 2, b = (c-1-a)/2 for a > 2)");
      goto out;
    }
    if (!q->excess) {
      rc = gfd_err_set(e, GFD_EUNSUP, "the nu=4 moment recurrence describes the excess, not the loss");
      goto out;
    }
    /* E0 = a + 1 + 2b + c, g = b + c */
    gfd_rat t1, t2;
    if (gfd_rat_add(sc->a, one, &t1) || rat_lin(t1, 2, sc->b, &t2) || gfd_rat_add(t2, sc->c, &E0) ||
        gfd_rat_add(sc->b, sc->c, &g))
      goto nomatch;
    if (!rat_eq(q->E0, E0) || !rat_eq(q->g, g)) {
      rc = gfd_err_set(e, GFD_EUNSUP,
                       "the exponents differ from the mean-field ones (a leading face cancels, e.g. "
                       "kappa4 = 6 at t = 0): the recurrence's normalisation does not hold");
      goto out;
    }
    if ((rc = gfd_ascent_coefs(4, k4, N, lc, e))) goto out;
    long double P = (long double)CH * Cs * Cs * Ck, T = 4.0L * Cs * Ck, f = P;
    for (int n = 0; n <= N; n++, f *= T) coef[n] = (double)(f * lc[n]);
    if (which) *which = "gfd-theory(7) 5.4: nu=4 mean-field moment recurrence";
    goto out;
  }
  rc = gfd_err_set(e, GFD_EUNSUP, "no coefficient recurrence is known for %s nu=%d target=%s",
                   gfd_kind_name(kind), nu, gfd_target_name(target));
  goto out;
nomatch:
  rc = gfd_err_set(e, GFD_EUNSUP, "the scaling's exponents overflow exact arithmetic");
out:
  free(lc);
  return rc;
}
