/* test_series_verdict.c - every status of the series estimators' verdicts
 * (gfd-theory(7) 5.5) on series whose answer is known: a pole at t = -2 is
 * ok, at +2 descent-side, a pair at +-2i complex-pair, the entire exp(t) no
 * estimate, the nu = 4 limit series at kappa4 = 3 (c_n ~ n! 4^n) zero-radius
 * for both ratio and Pade, and unsettled ratio fits inconsistent. */
#include <config.h>
#include "test_solution_util.h"

static void check_pade(const char *what, const double *c, int N, gfd_verdict want, double twant) {
  gfd_err e = {0};
  double t;
  char why[200];
  gfd_verdict v = gfd_verdict_pade(c, N, &t, why, sizeof why, &e);
  char w[320];
  snprintf(w, sizeof w, "pade %s: %s (%s)", what, gfd_verdict_name(v), why);
  ts_true(w, v == want);
  if (want == GFD_VERDICT_OK) ts_abs("  its estimate", t, twant, 1e-9);
  else ts_true("  and no number", isnan(t));
}

int main(void) {
  gfd_library_init();
  gfd_err e = {0};
  double c[64];
  const int N = 30;
  for (int n = 0; n <= N; n++) c[n] = pow(-0.5, n) * (n + 1); /* (1 + t/2)^-2 */
  check_pade("double pole at t = -2", c, N, GFD_VERDICT_OK, -2);
  for (int n = 0; n <= N; n++) c[n] = pow(0.5, n); /* 1/(1 - t/2) */
  check_pade("pole at t = +2", c, N, GFD_VERDICT_DESCENT, NAN);
  for (int n = 0; n <= N; n++) c[n] = n % 2 ? 0 : pow(-0.25, n / 2); /* 1/(1 + t^2/4) */
  check_pade("pair at +-2i", c, N, GFD_VERDICT_PAIR, NAN);
  c[0] = 1;
  for (int n = 1; n <= N; n++) c[n] = c[n - 1] / n; /* exp(t) */
  check_pade("exp(t)", c, 12, GFD_VERDICT_NONE, NAN);
  long double cl[64];
  if (gfd_ascent_coefs(4, 3.0, N, cl, &e)) ts_fatal("ascent coefs", &e);
  for (int n = 0; n <= N; n++) c[n] = (double)cl[n];
  check_pade("nu = 4 limit, kappa4 = 3", c, N, GFD_VERDICT_ZERO, NAN);

  /* the ratio verdict reads gfd_series_ratio's result */
  gfd_sing sg;
  double t;
  char why[200];
  if (gfd_series_ratio(c, N, 3, 5, &sg, &e)) ts_fatal("ratio", &e);
  gfd_verdict v = gfd_verdict_ratio(&sg, &t, why, sizeof why);
  printf("     ratio on the nu = 4 limit: %s (%s)\n", gfd_verdict_name(v), why);
  ts_true("ratio: nu = 4 limit at kappa4 = 3 is zero-radius: use borel",
          v == GFD_VERDICT_ZERO && !strcmp(gfd_verdict_name(v), "zero-radius: use borel"));
  gfd_sing s1 = {GFD_SING_REAL, -2, 0, 0.01, 1, 0.01, 20, 30, 5};
  ts_true("ratio: settled real t = -2 is ok", gfd_verdict_ratio(&s1, &t, why, sizeof why) == GFD_VERDICT_OK && t == -2);
  s1.err = 0.5;
  ts_true("ratio: spread 25% is inconsistent", gfd_verdict_ratio(&s1, &t, why, sizeof why) == GFD_VERDICT_INCONSISTENT && isnan(t));
  s1.err = 0.01, s1.re = 2;
  ts_true("ratio: t = +2 is descent-side", gfd_verdict_ratio(&s1, &t, why, sizeof why) == GFD_VERDICT_DESCENT);
  gfd_sing s2 = {GFD_SING_PAIR, 1, 1, 0.01, NAN, NAN, 20, 30, 5};
  ts_true("ratio: a pair is complex-pair", gfd_verdict_ratio(&s2, &t, why, sizeof why) == GFD_VERDICT_PAIR);
  gfd_sing s3 = {GFD_SING_NONE, 0, 0, 0, NAN, NAN, 20, 30, 5};
  ts_true("ratio: no singularity is no estimate",
          gfd_verdict_ratio(&s3, &t, why, sizeof why) == GFD_VERDICT_NONE && !strcmp(gfd_verdict_name(GFD_VERDICT_NONE), "no estimate"));

  /* Mercer-Roberts: the nu = 4 limit is zero-radius; a complex pair
   * t_s = 0.5 e^(+-2i) of exponent 1.5 (2 Re (1 - t/t_s)^(-3/2)), alone and
   * with a farther real singularity at -0.8; (1 + t)^(-4/3) (ok, t = -1);
   * a descent-side singularity at 0.3.  N = 40.  Measured: the pair's
   * modulus 0.74% off (0.4963), its real part 0.7% (-0.20663 for
   * -0.20807), the real ones 6.5e-6 and 1.5e-5 relative; tolerances 2% for
   * the pair, 1e-4 for the real ones (margins ~3 and 7) */
  ts_true("mercer-roberts: nu = 4 limit is zero-radius: use borel",
          gfd_verdict_mercer_roberts(c, N, &t, why, sizeof why, &e) == GFD_VERDICT_ZERO);
  const int M = 40;
  double ts_re = 0.5 * cos(2.0), ts_im = 0.5 * sin(2.0);
  for (int far = 0; far < 2; far++) {
    /* 2 Re[binom(n + 1/2, n) t_s^-n] (+ (-1/0.8)^n): binom by its recurrence,
     * t_s^-n = 2^n e^(-2 i n) */
    double b = 1;
    for (int n = 0; n <= M; n++) {
      if (n) b *= (0.5 + n) / n;
      c[n] = 2 * b * pow(2.0, n) * cos(2.0 * n) + (far ? pow(-1 / 0.8, n) : 0);
    }
    gfd_sing m;
    if (gfd_series_mercer_roberts(c, M, &m, &e)) ts_fatal("mercer-roberts", &e);
    gfd_verdict vm = gfd_verdict_mercer_roberts(c, M, &t, why, sizeof why, &e);
    printf("     mercer-roberts pair%s: %s (%s)\n", far ? " + real at -0.8" : "", gfd_verdict_name(vm), why);
    ts_true(far ? "mercer-roberts: pair (+ a farther real one) is complex-pair" : "mercer-roberts: pair is complex-pair",
            vm == GFD_VERDICT_PAIR && isnan(t));
    ts_rel("mercer-roberts: the pair's modulus", hypot(m.re, m.im), 0.5, 0.02);
    ts_rel("mercer-roberts: the pair's real part", m.re, ts_re, 0.02);
    ts_rel("mercer-roberts: the pair's imaginary part", m.im, ts_im, 0.02);
  }
  c[0] = 1.5;
  for (int n = 1; n <= M; n++) c[n] = c[n - 1] * (-4.0 / 3 - (n - 1)) / n;
  ts_true("mercer-roberts: (1 + t)^(-4/3) is ok", gfd_verdict_mercer_roberts(c, M, &t, why, sizeof why, &e) == GFD_VERDICT_OK);
  ts_rel("mercer-roberts: (1 + t)^(-4/3) blows up at t = -1", t, -1, 1e-4);
  c[0] = 1;
  for (int n = 1; n <= M; n++) c[n] = c[n - 1] * (0.5 + n - 1) / n / 0.3;
  ts_true("mercer-roberts: (1 - t/0.3)^(-1/2) is descent-side",
          gfd_verdict_mercer_roberts(c, M, &t, why, sizeof why, &e) == GFD_VERDICT_DESCENT);
  gfd_sing md;
  gfd_series_mercer_roberts(c, M, &md, &e);
  ts_rel("mercer-roberts: descent singularity at 0.3", md.re, 0.3, 1e-4);
  ts_true("mercer-roberts: N = 9 is refused naming N = 10",
          gfd_series_mercer_roberts(c, 9, &md, &e) == GFD_EINVAL && strstr(e.msg, "N = 10") != NULL);
  return ts_failures ? 1 : 0;
}
