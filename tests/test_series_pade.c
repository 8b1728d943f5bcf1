/* test_series_pade.c - Pade approximants and the ratio analysis on series
 * whose singularities are known exactly:
 *  - a rational function is reproduced exactly by the [m/n] of its degrees,
 *    and by larger requests (the SVD lowers the degrees), with the right poles;
 *  - Domb-Sykes recovers a branch point and its exponent, a complex pair goes
 *    to the recurrence fit, and an entire function shows no singularity. */
#include <config.h>
#include "test_solution_util.h"

/* Taylor coefficients of a(t)/b(t) (b[0] = 1) by long division. */
static void rational_series(const double *a, int m, const double *b, int n, int N, double *c) {
  for (int k = 0; k <= N; k++) {
    double s = k <= m ? a[k] : 0;
    for (int j = 1; j <= n && j <= k; j++) s -= b[j] * c[k - j];
    c[k] = s;
  }
}

static double poly(const double *q, int d, double t) {
  double s = 0;
  for (int k = d; k >= 0; k--) s = s * t + q[k];
  return s;
}

int main(void) {
  gfd_library_init();
  gfd_err e = {0};
  /* R = (1+t)(1 - t/4) / ((1 - t/2)(1 + t/3)(1 - t/5)): poles 2, -3, 5 */
  const double a[3] = {1, 0.75, -0.25};
  double b[4];
  { /* expand (1 - t/2)(1 + t/3)(1 - t/5) */
    double r[3] = {2, -3, 5};
    b[0] = 1, b[1] = b[2] = b[3] = 0;
    for (int i = 0; i < 3; i++)
      for (int k = 3; k >= 1; k--) b[k] -= b[k - 1] / r[i];
  }
  double c[32];
  rational_series(a, 2, b, 3, 31, c);

  /* exact degrees: coefficients to rounding (1e-12 allows the SVD's
   * backward error on a well-conditioned 3x4 block) */
  gfd_pade *P = gfd_pade_new(c, 2, 3, 0, &e);
  if (!P) ts_fatal("pade [2/3]", &e);
  int m, n;
  gfd_pade_degrees(P, &m, &n);
  ts_true("[2/3] keeps its degrees", m == 2 && n == 3);
  for (int k = 0; k <= 3; k++) {
    char w[64];
    snprintf(w, sizeof w, "[2/3] denominator b%d", k);
    ts_abs(w, gfd_pade_den(P)[k], b[k], 1e-12);
  }
  for (int k = 0; k <= 2; k++) {
    char w[64];
    snprintf(w, sizeof w, "[2/3] numerator a%d", k);
    ts_abs(w, gfd_pade_num(P)[k], a[k], 1e-12);
  }
  double ts[] = {0.5, 1.9, -2.5, 3.5, 12.0};
  for (int i = 0; i < 5; i++) {
    char w[64];
    snprintf(w, sizeof w, "[2/3] value at t = %g (beyond the radius 2)", ts[i]);
    ts_rel(w, gfd_pade_eval(P, ts[i]), poly(a, 2, ts[i]) / poly(b, 3, ts[i]), 1e-11);
  }
  double re[8], im[8];
  int sp[8], np;
  if (gfd_pade_poles(P, re, im, sp, &np, &e)) ts_fatal("poles", &e);
  ts_true("three poles", np == 3);
  const double want[3] = {2, -3, 5}; /* sorted by modulus */
  for (int i = 0; i < np && i < 3; i++) {
    char w[64];
    snprintf(w, sizeof w, "pole %d", i);
    /* measured 5e-15 (pole 5); 1e-12 leaves 200x */
    ts_abs(w, re[i], want[i], 1e-12);
    ts_abs("  its imaginary part", im[i], 0, 1e-12);
    ts_true("  not flagged spurious", !sp[i]);
  }
  double tp;
  ts_true("nearest negative real pole found", gfd_pade_real_pole(P, -1, &tp, &e) == 1);
  ts_abs("nearest negative real pole", tp, -3, 1e-12);
  gfd_pade_free(P);

  /* over-requested degrees: the Toeplitz block is rank deficient and the
   * degrees come down to [2/3] again */
  P = gfd_pade_new(c, 6, 7, 0, &e);
  if (!P) ts_fatal("pade [6/7]", &e);
  gfd_pade_degrees(P, &m, &n);
  printf("     [6/7] requested, [%d/%d] used\n", m, n);
  ts_true("[6/7] on a [2/3] function lowers the degrees to [2/3]", m == 2 && n == 3);
  ts_rel("[6/7] value at t = 3.5", gfd_pade_eval(P, 3.5), poly(a, 2, 3.5) / poly(b, 3, 3.5), 1e-10);
  gfd_pade_free(P);

  /* exp(t): [4/4] = (1680 + 840t + 180t^2 + 20t^3 + t^4)/(1680 - 840t + ...),
   * so at t = 1 exactly 2721/1001 (1.1e-7 from e); rounding only */
  double ex[9];
  ex[0] = 1;
  for (int k = 1; k <= 8; k++) ex[k] = ex[k - 1] / k;
  P = gfd_pade_new(ex, 4, 4, 0, &e);
  if (!P) ts_fatal("pade exp", &e);
  ts_rel("[4/4] of exp at t = 1 is 2721/1001", gfd_pade_eval(P, 1.0), 2721.0 / 1001.0, 1e-13);
  gfd_pade_free(P);

  /* ratio analysis: f = (1 - t/t0)^(-1/2) + 0.3 / (1 - t/t1), t0 = -0.3, t1 = 0.9.
   * The second term's relative weight in c_n is (t0/t1)^n n^(1/2) ~ 1e-28 at
   * n = 60, so the three-term fit must give t0 and 1/2 to ~1e-8.  Measured:
   * t0 to 1.3e-12, the exponent to 5e-10, the window spread 1.5e-9; the
   * tolerances below are 20-80x those (the spread is the method's own error
   * estimate: it must stay below 1e-8 to be useful). */
  double d[61];
  {
    double t0 = -0.3, t1 = 0.9, bn = 1;
    for (int k = 0; k <= 60; k++) {
      if (k > 0) bn *= (k - 0.5) / k; /* binom(k - 1/2, k) */
      d[k] = bn * pow(t0, -k) + 0.3 * pow(t1, -k);
    }
  }
  gfd_sing sg;
  if (gfd_series_ratio(d, 60, 3, 5, &sg, &e)) ts_fatal("ratio", &e);
  ts_true("branch point: kind REAL", sg.kind == GFD_SING_REAL);
  ts_abs("branch point location", sg.re, -0.3, 1e-10);
  ts_abs("branch point exponent", sg.gamma, 0.5, 1e-8);
  ts_below("spread over windows is small", sg.err, 1e-8);

  /* complex pair: 1/((1 - t/z)(1 - t/conj z)), z = 1 + 2i: c_n by the recurrence */
  {
    double zr = 1, zi = 2, mod2 = zr * zr + zi * zi;
    double Pc = 2 * zr / mod2, Qc = -1 / mod2; /* c_n = P c_{n-1} + Q c_{n-2} */
    d[0] = 1;
    d[1] = Pc;
    for (int k = 2; k <= 40; k++) d[k] = Pc * d[k - 1] + Qc * d[k - 2];
    if (gfd_series_ratio(d, 40, 3, 5, &sg, &e)) ts_fatal("ratio pair", &e);
    ts_true("complex pair: kind PAIR", sg.kind == GFD_SING_PAIR);
    /* an exact two-term recurrence: measured to 2e-16; 1e-12 */
    ts_abs("pair real part", sg.re, 1, 1e-12);
    ts_abs("pair imaginary part", sg.im, 2, 1e-12);
  }
  /* even series 1/(1 + t^2/4): zero odd coefficients, singularities at +-2i */
  for (int k = 0; k <= 40; k++) d[k] = (k % 2) ? 0 : pow(-0.25, k / 2);
  if (gfd_series_ratio(d, 40, 3, 5, &sg, &e)) ts_fatal("ratio even", &e);
  ts_true("+-2i: kind PAIR", sg.kind == GFD_SING_PAIR);
  ts_abs("+-2i: modulus", hypot(sg.re, sg.im), 2, 1e-12);
  /* entire: exp(-3t) */
  d[0] = 1;
  for (int k = 1; k <= 40; k++) d[k] = d[k - 1] * -3.0 / k;
  if (gfd_series_ratio(d, 40, 3, 5, &sg, &e)) ts_fatal("ratio exp", &e);
  ts_true("exp(-3t): no finite singularity", sg.kind == GFD_SING_NONE);
  /* factorial growth: sum n! t^n has zero radius (an asymptotic series) */
  d[0] = 1;
  for (int k = 1; k <= 40; k++) d[k] = d[k - 1] * k;
  if (gfd_series_ratio(d, 40, 3, 5, &sg, &e)) ts_fatal("ratio n!", &e);
  ts_true("sum n! t^n: zero radius", sg.kind == GFD_SING_ZERO);
  /* argument errors */
  ts_true("too few coefficients is an error", gfd_series_ratio(d, 4, 3, 5, &sg, &e) == GFD_EINVAL);
  ts_true("terms must be 2 or 3", gfd_series_ratio(d, 40, 4, 5, &sg, &e) == GFD_EINVAL);
  return ts_done();
}
