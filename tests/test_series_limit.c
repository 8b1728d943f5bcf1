/* test_series_limit.c - the SYM nu=2 limit series (gfd-theory(7) 5.1) from the
 * characteristic recurrence, and the Domb-Sykes analysis on it:
 *  - the first coefficients against independent values (the MP moments and the
 *    leading large-p part of the diagrammatic E[L^(1)] of gfd-theory(7) section 3);
 *  - the summed series against the closed form inside the radius;
 *  - Domb-Sykes on 60 coefficients (c = 1/2, s = 1) recovers the ascent
 *    blow-up time t* = (1/4) ln(1 - 1/b) = -0.105073 and the exponent 1/2. */
#include <config.h>
#include "test_solution_util.h"

int main(void) {
  gfd_library_init();
  gfd_err e = {0};
  const double c = 0.5, s = 1;
  long double cl[61];
  double cd[61];
  if (gfd_sym2_mp_coefs(c, s, 1.0, 60, 0, cl, &e)) ts_fatal("coefs", &e);
  for (int i = 0; i <= 60; i++) cd[i] = (double)cl[i];
  /* c_0 = (m2 - 2 m1 + 1)/2 with m1 = s c, m2 = s^2 (c + c^2) */
  ts_rel("c_0 = L(0)/p", cd[0], 0.5 * (s * s * (c + c * c) - 2 * s * c + 1), 1e-15);
  /* c_1: leading large-p part of E L^(1) / p (gfd-theory(7) section 3 reference value with
   * H = c p, sigma^2 = s/p): -4 s^3 (c + 3c^2 + c^3) + 8 s^2 (c + c^2) - 4 s c */
  ts_rel("c_1 vs the diagrams' leading part", cd[1],
         -4 * s * s * s * (c + 3 * c * c + c * c * c) + 8 * s * s * (c + c * c) - 4 * s * c, 1e-14);
  /* inside the radius (|t| < 0.105) the partial sums converge geometrically:
   * at |t| = 0.02 the 60th term is (0.02/0.105)^60 ~ 1e-43 */
  for (double t = -0.04; t <= 0.041; t += 0.02) {
    double lp;
    TU_OK(gfd_sym2_mp_loss(c, s, 1.0, t, &lp, NULL));
    char w[64];
    snprintf(w, sizeof w, "summed series vs closed form at t = %+.2f", t);
    /* 1e-12: long-double recurrence, double closed form (rounding ~1e-15) */
    ts_rel(w, gfd_series_eval(cd, 60, t), lp, 1e-12);
  }
  /* general kappa: L/p(t; s, kappa) = kappa^2 L/p(kappa t; s/kappa, 1) */
  {
    long double ck[31];
    if (gfd_sym2_mp_coefs(c, s, 2.0, 30, 0, ck, &e)) ts_fatal("coefs kappa=2", &e);
    double lp;
    TU_OK(gfd_sym2_mp_loss(c, s, 2.0, 0.01, &lp, NULL));
    double sum = 0;
    for (int k = 30; k >= 0; k--) sum = sum * 0.01 + (double)ck[k];
    ts_rel("kappa = 2: summed series vs closed form at t = 0.01", sum, lp, 1e-12);
  }

  double tstar = gfd_sym2_mp_tstar(c, s, 1.0);
  ts_abs("limit t* = ln(1 - 1/b)/4", tstar, -0.105073, 5e-7);
  gfd_sing s3, s2;
  if (gfd_series_ratio(cd, 60, 3, 5, &s3, &e)) ts_fatal("ratio 3", &e);
  if (gfd_series_ratio(cd, 60, 2, 5, &s2, &e)) ts_fatal("ratio 2", &e);
  printf("     three-term fit: t = %.8f +- %.2g, gamma = %.5f; two-term: t = %.8f, gamma = %.5f\n", s3.re,
         s3.err, s3.gamma, s2.re, s2.gamma);
  ts_true("Domb-Sykes: a real singularity", s3.kind == GFD_SING_REAL);
  /* gfd-theory(7) 5.5: the three-term fit is good to ~2e-5 (measured here 3.6e-6) */
  ts_abs("Domb-Sykes (three-term) t* on 60 coefficients", s3.re, -0.105073, 1e-4);
  ts_abs("Domb-Sykes exponent (L/p ~ (t - t*)^(-1/2))", s3.gamma, 0.5, 0.02);
  ts_true("the three-term fit beats the two-term fit", fabs(s3.re - tstar) < fabs(s2.re - tstar));
  /* the error estimate includes the fit order (three vs four terms), so it
   * covers the actual error itself (measured 3.8e-6 against err 8e-6), where
   * the spread over shifted windows alone (8e-7) did not */
  ts_true("the error estimate covers the actual error", fabs(s3.re - tstar) <= s3.err);
  ts_true("  and is not wildly pessimistic (< 10 times it)", s3.err < 10 * fabs(s3.re - tstar));
  ts_true("the two-term fit's error estimate covers its error too", fabs(s2.re - tstar) <= s2.err);
  /* Pade continues past the radius: [m/n] at t = 0.5 vs the closed form.
   * The branch point makes Pade converge slowly; measured 2e-6 at N = 60. */
  gfd_pade *P = gfd_pade_new(cd, 30, 30, 0, &e);
  if (!P) ts_fatal("pade", &e);
  double lp;
  TU_OK(gfd_sym2_mp_loss(c, s, 1.0, 0.5, &lp, NULL));
  ts_rel("Pade [30/30] (degrees lowered) at t = 0.5, 5x the radius", gfd_pade_eval(P, 0.5), lp, 1e-4);
  double tp;
  ts_true("Pade has a negative real pole", gfd_pade_real_pole(P, -1, &tp, &e) == 1);
  ts_rel("its nearest negative real pole near t*", tp, tstar, 0.01);
  gfd_pade_free(P);
  return ts_done();
}
