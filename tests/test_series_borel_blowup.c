/* test_series_borel_blowup.c - the ascent blow-up time read from the
 * Borel-Pade sum (gfd_borel_blowup, gfd-theory(7) 5.5) against the explicit
 * answers:
 *  - the re-expansion itself (gfd_borel_local_ratio): on a pure power law
 *    the coefficient ratios of the sum re-expanded around x0 give x* at
 *    every order;
 *  - the nu = 4 ascent limit series (moment recurrence, tau units, N = 60)
 *    at kappa4 = 2.5, 3 and 4: the bracket must hold tau* (the explicit
 *    parametric solution), be at most 25% of |tau*| wide and its centre
 *    within 10% (issue 20's criterion); at kappa4 = 1.5 (convergent) no
 *    blow-up is claimed;
 *  - the zero-target free evolution (1 + 24 t)^(-4/3), a pure power law;
 *  - an unknown exponent gives no bracket; a short series is refused. */
#include <config.h>
#include "test_solution_util.h"
#include "series/borel_internal.h"

static gfd_borel_blowup_t ascent(double k4, int N, double *tstar) {
  gfd_err e = {0};
  long double cl[80];
  double c[80];
  if (gfd_ascent_coefs(4, k4, N, cl, &e)) ts_fatal("ascent coefs", &e);
  for (int n = 0; n <= N; n++) c[n] = (double)cl[n];
  gfd_ascent *A = gfd_ascent_new(4, k4, &e);
  if (!A) ts_fatal("ascent", &e);
  *tstar = NAN;
  gfd_ascent_diverges(A, tstar, NULL);
  gfd_ascent_free(A);
  gfd_borel_blowup_t o;
  char why[300];
  if (gfd_borel_blowup(c, N, 1.0, 4.0 / 3, -3, 0, &o, why, sizeof why, &e)) ts_fatal("borel blowup", &e);
  printf("     kappa4 = %g N = %d: %s t* = %.6g [%.6g, %.6g] (explicit %.6g), trusted end %.4g -- %s\n", k4, N,
         gfd_verdict_name(o.status), o.t_star, o.t_lo, o.t_hi, *tstar, o.t_end, why);
  return o;
}

int main(void) {
  gfd_library_init();
  gfd_err e = {0};
  char w[160];
  /* The re-expansion on F = 3/2 (1 + x)^(-4/3) (x* = -1), summed as the
   * blow-up estimate sums: in y = x/(1 + mu x), mu = 0.9, where
   * F = 3/2 (1 + 0.1 y)^(-4/3) (1 - 0.9 y)^(4/3) (N = 30), around x0 = -0.6
   * (|x* - x0| = 0.4, beta = 0.9).  The form with the power-law factor
   * divided out is exact at every order up to the quadrature (1e-11) and the
   * Cauchy sum (rz = 0.14 against zeta* = 0.28: aliasing 0.5^48), both
   * divided by rz^q in the coefficients: measured 8.7e-9 at q = 10;
   * tolerance 1e-6.  The plain
   * form carries the map's analytic factor, an O(1/q^2) pull: measured 1.26%
   * at q = 3 and 0.115% at q = 10 (tolerances 2% and 0.2%). */
  {
    double c[31], pa[31], pb[31], e0[11], e1[11], mu = 0.9;
    pa[0] = pb[0] = 1;
    for (int n = 1; n <= 30; n++) {
      pa[n] = pa[n - 1] * (-4.0 / 3 - (n - 1)) / n * (1 - mu);
      pb[n] = pb[n - 1] * (4.0 / 3 - (n - 1)) / n * (-mu);
    }
    for (int n = 0; n <= 30; n++) {
      c[n] = 0;
      for (int k = 0; k <= n; k++) c[n] += 1.5 * pa[k] * pb[n - k];
    }
    gfd_borel *B = gfd_borel_new(c, 30, 1.0, &e);
    if (!B) ts_fatal("borel", &e);
    double x0 = -0.6, d = 0.4, beta = 1.5 * 0.6, rz = 0.5 * d / (1 + d / beta);
    ts_true("local ratio: the re-expansion runs", gfd_borel_local_ratio(B, mu, 0, x0, rz, beta, 4.0 / 3, 10, e0, e1) == 0);
    double m1 = 0;
    for (int q = 1; q <= 10; q++) m1 = fmax(m1, fabs(e1[q] + 1));
    ts_below("local ratio, factor divided out: max |x*_q - x*|, q = 1..10", m1, 1e-6);
    ts_below("local ratio, plain form: |x*_3 - x*|", fabs(e0[3] + 1), 0.02);
    ts_below("local ratio, plain form: |x*_10 - x*|", fabs(e0[10] + 1), 0.002);
    ts_true("local ratio: refuses x0 >= 0", gfd_borel_local_ratio(B, mu, 0, 0.1, rz, beta, 4.0 / 3, 10, e0, e1) == -1);
    gfd_borel_free(B);
  }
  /* Issue 20's criterion at kappa4 = 2.5, 3, 4 (N = 60): ok, the bracket
   * holds the explicit tau*, at most 25% of |tau*| wide, centre within 10%.
   * Measured over N = 30..70 (gfd-theory(7) 5.5): widths 12-25%, 12-16%,
   * 4-6% and centres 0.8-5.1%, 1.3-3.2%, 0.1-0.9% off; every bracket holds
   * tau*.  The tolerances are the criterion's own; kappa4 = 2.5 at N = 60 is
   * at its edge (24.6%; the same series in other units of t: 12-24%). */
  const double k4s[] = {2.5, 3, 4};
  for (int i = 0; i < 3; i++) {
    double ts;
    gfd_borel_blowup_t o = ascent(k4s[i], 60, &ts);
    snprintf(w, sizeof w, "kappa4 = %g, N = 60: status ok", k4s[i]);
    ts_true(w, o.status == GFD_VERDICT_OK);
    snprintf(w, sizeof w, "kappa4 = %g, N = 60: the bracket holds the explicit tau*", k4s[i]);
    ts_true(w, o.t_lo <= ts && ts <= o.t_hi);
    snprintf(w, sizeof w, "kappa4 = %g, N = 60: bracket width / |tau*|", k4s[i]);
    ts_below(w, (o.t_hi - o.t_lo) / fabs(ts), 0.25);
    snprintf(w, sizeof w, "kappa4 = %g, N = 60: the estimate", k4s[i]);
    ts_rel(w, o.t_star, ts, 0.10);
  }
  /* kappa4 = 1.5 converges: the sum levels off, no blow-up claimed */
  {
    double ts;
    gfd_borel_blowup_t o = ascent(1.5, 60, &ts);
    ts_true("kappa4 = 1.5: no blow-up (the sum levels off in the trusted range)",
            o.sign == 0 && o.status == GFD_VERDICT_NONE && isnan(o.t_star));
    ts_true("kappa4 = 1.5: the trusted range reaches tau = -0.3 at least", o.t_end <= -0.3);
  }
  /* free evolution, 3/2 (1 + 24 t)^(-4/3) in x = 24 t: t* = -1/24.  Measured
   * (N = 30..70): bracket 1.2% wide holding t*, centre 0.5% off (the plain
   * form's pull, see above; the other form sits on t*).  The centre is held
   * to the 10%, the bracket must hold t*. */
  for (int N = 30; N <= 30; N += 30) { /* N = 40..70 measured (table in gfd-theory(7) 5.5): runtime */
    double c[80];
    c[0] = 1.5;
    for (int n = 1; n <= N; n++) c[n] = c[n - 1] * (-4.0 / 3 - (n - 1)) / n;
    gfd_borel_blowup_t o;
    char why[300];
    if (gfd_borel_blowup(c, N, 1.0 / 24, 4.0 / 3, -5, 0, &o, why, sizeof why, &e)) ts_fatal("free", &e);
    printf("     free evolution N = %d: %s -- %s\n", N, gfd_verdict_name(o.status), why);
    snprintf(w, sizeof w, "free evolution N = %d: ok, bracket holds t* = -1/24", N);
    ts_true(w, o.status == GFD_VERDICT_OK && o.t_lo <= -1.0 / 24 && -1.0 / 24 <= o.t_hi);
    snprintf(w, sizeof w, "free evolution N = %d: t*", N);
    ts_rel(w, o.t_star, -1.0 / 24, 0.10);
    /* the exponent left to the fit: a value in why, never a bracket */
    if (gfd_borel_blowup(c, N, 1.0 / 24, NAN, -5, 0, &o, why, sizeof why, &e)) ts_fatal("free fit", &e);
    printf("     free evolution N = %d, exponent fitted: %s -- %s\n", N, gfd_verdict_name(o.status), why);
    snprintf(w, sizeof w, "free evolution N = %d, exponent fitted: no bracket", N);
    ts_true(w, o.status == GFD_VERDICT_NONE && isnan(o.t_star) && isnan(o.t_lo));
  }
  /* a short series: refused, naming the minimum */
  double c7[8] = {1, 1, 1, 1, 1, 1, 1, 1};
  gfd_borel_blowup_t o;
  char why[300];
  int st = gfd_borel_blowup(c7, 7, 1.0, 4.0 / 3, -1, 0, &o, why, sizeof why, &e);
  ts_true("N = 7 is refused naming N = 8", st == GFD_EINVAL && strstr(e.msg, "N = 8") != NULL);
  return ts_done();
}
