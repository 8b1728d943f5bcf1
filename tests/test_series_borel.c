/* test_series_borel.c - Borel-Pade summation (gfd-theory(7) 5.5) against
 * explicit solutions:
 *  - the nu = 4 ascent limit series (moment recurrence, tau units), whose
 *    coefficients grow like n! 4^n (zero radius), summed at tau = tau* / 2 for
 *    kappa4 = 2.5, 3, 4 and at tau = -0.3 for kappa4 = 1.5 (convergent side),
 *    compared with the parametric solution gfd_ascent_eval;
 *  - the zero-target free-evolution law 1/2 H (s p)^4 [1 + 24 (s p)^3 t]^(-4/3)
 *    (convergent series, Borel transform a confluent hypergeometric) on both
 *    sides of t = 0;
 *  - the refusal of short series naming the minimum. */
#include <config.h>
#include "test_solution_util.h"

/* Sum the nu = 4 limit series of order N at tau and compare with the explicit
 * Lnorm; returns the relative error. */
static double ascent_case_cut(double k4, int N, double tau, double cut, double *spread) {
  gfd_err e = {0};
  long double cl[80];
  double c[80];
  if (gfd_ascent_coefs(4, k4, N, cl, &e)) ts_fatal("ascent coefs", &e);
  for (int n = 0; n <= N; n++) c[n] = (double)cl[n];
  gfd_borel *B = gfd_borel_new_cut(c, N, 1.0, cut, &e);
  if (!B) ts_fatal("borel", &e);
  double f, err;
  gfd_borel_eval(B, 1, &tau, &f, &err, &e);
  double a = gfd_borel_cut(B);
  gfd_borel_free(B);
  gfd_ascent *A = gfd_ascent_new(4, k4, &e);
  if (!A) ts_fatal("ascent", &e);
  double L;
  if (gfd_ascent_eval(A, tau, &L, NULL, NULL, &e)) ts_fatal("ascent eval", &e);
  gfd_ascent_free(A);
  if (spread) *spread = err / fabs(f);
  printf("     kappa4 = %g N = %d tau = %g cut %.6g: borel %.10g (spread %.2g) explicit %.10g rel err %.3g\n",
         k4, N, tau, a, f, err, L, fabs(f - L) / fabs(L));
  if (isnan(cut)) {
    char w[128];
    /* the Borel singularities sit near s = +1/4 (gfd-theory(7) 5.5) */
    snprintf(w, sizeof w, "kappa4 = %g, N = %d: the cut found from the Borel coefficients", k4, N);
    ts_abs(w, a, 0.25, 1e-3);
  }
  return fabs(f - L) / fabs(L);
}

static double ascent_case(double k4, int N, double tau, double *spread) {
  return ascent_case_cut(k4, N, tau, NAN, spread);
}

/* The zero-target free evolution, SYM nu = 4, p = 100, H = 3, sigma^2 = 0.01
 * (sigma^2 p = 1): excess 3/2 (1 + 24 t)^(-4/3).  Coefficients in x = 24 t:
 * c_n = 3/2 binom(-4/3, n). */
static int free_case(int N, double x, double tol) {
  gfd_err e = {0};
  double c[80];
  c[0] = 1.5;
  for (int n = 1; n <= N; n++) c[n] = c[n - 1] * (-4.0 / 3 - (n - 1)) / n;
  const double t0 = 1.0 / 24;
  gfd_borel *B = gfd_borel_new(c, N, t0, &e);
  if (!B) ts_fatal("borel free", &e);
  double t = x * t0, f, err;
  gfd_borel_eval(B, 1, &t, &f, &err, &e);
  gfd_borel_free(B);
  double want = gfd_free_limit_excess(GFD_SYM, 4, 100, 3, 0.01, t);
  char w[128];
  snprintf(w, sizeof w, "free evolution N = %d at 24 t = %g (spread %.2g)", N, x, err / fabs(f));
  ts_rel(w, f, want, tol);
  unsigned char tr;
  gfd_borel_trusted(&f, &err, 1, 0, &tr);
  return tr;
}

int main(void) {
  gfd_library_init();
  gfd_err e = {0};
  /* Done-criterion of issue 20: within 1% of the explicit Lnorm.  Measured
   * with the conformal map (N = 30 / 60): 6.1e-4 / 8.8e-4 at kappa4 = 2.5,
   * 3.7e-4 / 7.5e-4 at 3, 1.3e-4 / 5.3e-5 at 4, 2.4e-4 / 2.1e-4 at
   * kappa4 = 1.5, tau = -0.3.  Without it (cut = 0, checked below) 4.2e-3,
   * 1.4e-3, 1.2e-4, 7.3e-4, the same at both N: the SVD caps the effective
   * Pade degree near [11/11] with double coefficients, so more orders do not
   * help, a better variable does.  The 1% tolerance is the criterion itself
   * (margin 11 with the map, 2.4 without). */
  const double k4s[] = {2.5, 3, 4}, tstar[] = {-0.227752, -0.132867, -0.073802};
  const int Ns[] = {30, 60};
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 2; j++) {
      char w[128];
      double sp;
      double r = ascent_case(k4s[i], Ns[j], tstar[i] / 2, &sp);
      snprintf(w, sizeof w, "kappa4 = %g, N = %d: Borel-Pade at tau*/2 within 1%% of the explicit Lnorm",
               k4s[i], Ns[j]);
      ts_below(w, r, 0.01);
      snprintf(w, sizeof w, "kappa4 = %g, N = %d: the spread across orders is finite and below 1%%",
               k4s[i], Ns[j]);
      ts_below(w, sp, 0.01);
    }
  for (int i = 0; i < 3; i++) {
    char w[128];
    double r = ascent_case_cut(k4s[i], 60, tstar[i] / 2, 0, NULL);
    snprintf(w, sizeof w, "kappa4 = %g, N = 60, no conformal map: still within 1%%", k4s[i]);
    ts_below(w, r, 0.01);
  }
  for (int j = 0; j < 2; j++) {
    char w[128];
    double r = ascent_case(1.5, Ns[j], -0.3, NULL);
    snprintf(w, sizeof w, "kappa4 = 1.5 (convergent), N = %d: Borel-Pade at tau = -0.3 within 1%%", Ns[j]);
    ts_below(w, r, 0.01);
  }

  /* a convergent series: Borel-Pade must agree with its own closed form,
   * inside the radius (|x| < 1), beyond it on the descent side (x = 3, where
   * the partial sums diverge) and towards the ascent blow-up (x = -0.8) */
  /* Tolerances are the measured errors times about 5: 1.7e-7 at x = -0.5,
   * 1e-16 at 0.5, 6e-8 at 3.  At x = -0.8 (blow-up at -1) the sum is off by
   * 2.7% while the orders spread by 0.75%: B grows like e^(-s) there and a
   * rational cannot follow it; the default trusted range (spread <= 1e-3)
   * excludes that point, and that exclusion is what is tested. */
  ts_true("free evolution: x = -0.5 trusted", free_case(30, -0.5, 1e-6));
  ts_true("free evolution: x = 0.5 trusted", free_case(30, 0.5, 1e-14));
  ts_true("free evolution: x = 3 trusted", free_case(30, 3.0, 5e-7));
  ts_true("free evolution: x = -0.8 (near the blow-up) not trusted", !free_case(30, -0.8, 0.05));

  /* refusal of short series: one message naming the minimum */
  double c[8] = {1, 1, 1, 1, 1, 1, 1, 1};
  gfd_borel *B = gfd_borel_new(c, 7, 1.0, &e);
  ts_true("N = 7 is refused", B == NULL && e.code == GFD_EINVAL);
  ts_true("the refusal names the minimum N = 8", strstr(e.msg, "N = 8") != NULL);
  printf("     message: %s\n", e.msg);
  /* The trusted range's error estimate (gfd_borel_eval_checked): after the
   * conformal map the neighbouring orders are near copies, and at
   * kappa4 = 1.5, N = 60, tau = -0.3 their spread (measured 5.3e-7) is far
   * below the error (1.0e-4); the checked estimate, at least the difference
   * to the sum without the map, must cover the error (measured over
   * kappa4 = 1.5-6 and the free evolution, N = 30, 60, on the trusted
   * ranges: error <= 2.1 x estimate; here it is 2.5x the error). */
  {
    long double ql[80];
    double q[80], tau = -0.3, f, sp, fc, chk, L;
    if (gfd_ascent_coefs(4, 1.5, 60, ql, &e)) ts_fatal("ascent coefs", &e);
    for (int n = 0; n <= 60; n++) q[n] = (double)ql[n];
    gfd_borel *B2 = gfd_borel_new(q, 60, 1.0, &e);
    if (!B2) ts_fatal("borel", &e);
    gfd_borel_eval(B2, 1, &tau, &f, &sp, &e);
    gfd_borel_eval_checked(B2, 1, &tau, &fc, &chk, &e);
    gfd_borel_free(B2);
    gfd_ascent *A = gfd_ascent_new(4, 1.5, &e);
    if (!A || gfd_ascent_eval(A, tau, &L, NULL, NULL, &e)) ts_fatal("ascent", &e);
    gfd_ascent_free(A);
    double err = fabs(f - L);
    printf("     kappa4 = 1.5 N = 60 tau = -0.3: error %.3g, spread %.3g, checked %.3g\n", err, sp, chk);
    ts_true("checked eval: the same sum", fc == f);
    ts_true("kappa4 = 1.5, N = 60: the orders' spread alone is below the error (why the check exists)", sp < err);
    ts_true("kappa4 = 1.5, N = 60: the checked estimate covers the error", chk >= err);
  }
  /* Units: the same series scaled to the size of the loss in L units at
   * p = 8000 (~1e-8) must sum the same; an absolute quadrature tolerance
   * (1e-13) made scattered points fail there (NaN from 0.04 tau* on,
   * kappa4 = 2.5, N = 60), which ended the trusted range.  Every point
   * 0.04 .. 0.44 tau* must be summed and trusted, and agree with the
   * unscaled sum within the trusted tolerance 1e-3 (measured 7.8e-5: the SVD
   * Pade's rank decisions follow the rounding of the coefficients, so the
   * two sums are not bit-identical). */
  {
    long double ql[80];
    double q[80], q8[80];
    if (gfd_ascent_coefs(4, 2.5, 60, ql, &e)) ts_fatal("ascent coefs", &e);
    for (int n = 0; n <= 60; n++) q[n] = (double)ql[n], q8[n] = 1e-8 * q[n];
    gfd_borel *B1 = gfd_borel_new(q, 60, 1.0, &e), *B8 = gfd_borel_new(q8, 60, 1.0, &e);
    if (!B1 || !B8) ts_fatal("borel", &e);
    int bad = 0;
    double worst = 0;
    for (double r = 0.04; r <= 0.445; r += 0.02) {
      double tau = -0.227752 * r, f1, s1, f8, s8;
      gfd_borel_eval_checked(B1, 1, &tau, &f1, &s1, &e);
      gfd_borel_eval_checked(B8, 1, &tau, &f8, &s8, &e);
      unsigned char tr;
      if (!gfd_borel_trusted(&f8, &s8, 1, 0, &tr)) bad++;
      worst = fmax(worst, fabs(1e8 * f8 - f1) / fabs(f1));
    }
    gfd_borel_free(B1);
    gfd_borel_free(B8);
    ts_true("sum of the series scaled by 1e-8: trusted at every point 0.04 .. 0.44 tau*", bad == 0);
    ts_below("sum of the series scaled by 1e-8: relative change from the unscaled sum", worst, 1e-3);
  }
  return ts_failures ? 1 : 0;
}
