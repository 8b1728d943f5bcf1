/* test_series_borel_blowup.c - the ascent blow-up time read from the
 * Borel-Pade sum (gfd_borel_blowup, gfd-theory(7) 5.5) against the explicit
 * answers:
 *  - the nu = 4 ascent limit series (moment recurrence, tau units, N = 60)
 *    at kappa4 = 4, where the bracket must hold tau* (the explicit
 *    parametric solution), be at most 25% of |tau*| wide and its centre
 *    within 10% (issue 20's criterion); at kappa4 = 3 and 2.5 it is not
 *    reliably, and the honest answer is ok within the criterion or no t*, with the
 *    reported range still holding tau*; at kappa4 = 1.5 (convergent) no
 *    blow-up is claimed;
 *  - the zero-target free evolution (1 + 24 t)^(-4/3), a pure power law;
 *  - an unknown exponent gives no bracket; a short series is refused. */
#include <config.h>
#include "test_solution_util.h"

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
  /* kappa4 = 4 (and 6, 10 by hand): ok.  Measured (N = 60): centre
   * -0.07355 (0.34% off), bracket 8.9% of |tau*|; over N = 30..70 ok at every
   * N, centres 0.3-6.7% off, widths 4-23%, and under rescaled units of the
   * series (0.5 .. 3) ok in 10 of 10, every bracket holding tau*.  The
   * tolerances are the criterion (25% width, 10% centre). */
  {
    double ts;
    gfd_borel_blowup_t o = ascent(4, 60, &ts);
    ts_true("kappa4 = 4, N = 60: status ok", o.status == GFD_VERDICT_OK);
    ts_true("kappa4 = 4, N = 60: the bracket holds the explicit tau*", o.t_lo <= ts && ts <= o.t_hi);
    ts_below("kappa4 = 4, N = 60: bracket width / |tau*|", (o.t_hi - o.t_lo) / fabs(ts), 0.25);
    ts_rel("kappa4 = 4, N = 60: the estimate", o.t_star, ts, 0.10);
  }
  /* kappa4 = 3 and 2.5 do not meet the criterion reliably: at 3 a single
   * fit's bracket is 14-27% wide (ok in 4-7 of 10 unit choices, so the
   * majority vote says ok at N = 30, 70 and inconsistent at 40, 50, 60); at
   * 2.5 the trusted range ends near 0.6 tau*, where the local estimates still
   * differ by more than 25%.  What is tested is honesty: either ok and the
   * criterion met, or no t* at all; and whatever range is reported (ok or
   * inconsistent) holds tau* (measured: every one, N = 30..70). */
  const double k4h[] = {3, 2.5};
  for (int i = 0; i < 2; i++) {
    double ts;
    gfd_borel_blowup_t o = ascent(k4h[i], 60, &ts);
    int okc = o.status == GFD_VERDICT_OK && (o.t_hi - o.t_lo) <= 0.25 * fabs(ts) &&
              fabs(o.t_star - ts) <= 0.1 * fabs(ts);
    snprintf(w, sizeof w, "kappa4 = %g, N = 60: ok within the criterion, or no bare number", k4h[i]);
    ts_true(w, okc || (o.status != GFD_VERDICT_OK && isnan(o.t_star)));
    snprintf(w, sizeof w, "kappa4 = %g, N = 60: the reported range holds tau*", k4h[i]);
    ts_true(w, !isfinite(o.t_lo) || (o.t_lo <= ts && ts <= o.t_hi));
  }
  /* kappa4 = 1.5 converges: the sum levels off, no blow-up claimed */
  {
    double ts;
    gfd_borel_blowup_t o = ascent(1.5, 60, &ts);
    ts_true("kappa4 = 1.5: no blow-up (the sum levels off in the trusted range)",
            o.sign == 0 && o.status == GFD_VERDICT_NONE && isnan(o.t_star));
    ts_true("kappa4 = 1.5: the trusted range reaches tau = -0.3 at least", o.t_end <= -0.3);
  }
  /* free evolution, 3/2 (1 + 24 t)^(-4/3) in x = 24 t: t* = -1/24.  Measured:
   * brackets 3% (N = 30) and 11% (N = 60) wide holding t*, centres 1% and
   * 3.5% off; the centre is held to the 10% (the bracket is what
   * must hold t*). */
  for (int N = 30; N <= 30; N += 30) { /* N = 60 measured by hand (bracket 11%, centre 1.2% off): runtime */
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
