/* mercer_roberts.c - the Mercer-Roberts analysis of a series whose nearest
 * singularities are a complex-conjugate pair (gfd-theory(7) 5.5), beside
 * Domb-Sykes, which sees only a real one.  See gfd/series.h.
 *
 * With c_n ~ n^(g-1) |t_s|^-n cos(n theta + phi) (a pair t_s = |t_s| e^(+-i
 * theta)), G. N. Mercer and A. J. Roberts (SIAM J. Appl. Math. 50 (1990)
 * 1547) use
 *   B_n^2 = (c_(n+1) c_(n-1) - c_n^2) / (c_n c_(n-2) - c_(n-1)^2),
 *   cos theta_n = (c_(n-1) B_n / c_n + c_(n+1) / (c_n B_n)) / 2,
 * with B_n -> 1/|t_s| and theta_n -> theta, both with corrections in 1/n:
 * here extrapolated by a least-squares quadratic in 1/n on the last window of
 * orders, and on a window shifted by two, whose difference (times four) is
 * the error.  A real singularity is the
 * case theta = 0 (descent side) or pi (t_s < 0, an ascent blow-up). */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

#define MR_WIN 6 /* orders per fit window */

/* B_n and cos theta_n; 0 if defined. */
static int mr_point(const double *c, int n, double *B, double *ct) {
  double num = c[n + 1] * c[n - 1] - c[n] * c[n], den = c[n] * c[n - 2] - c[n - 1] * c[n - 1];
  double b2 = num / den;
  if (!(b2 > 0) || !isfinite(b2) || c[n] == 0) return -1;
  *B = sqrt(b2);
  *ct = 0.5 * (c[n - 1] * *B / c[n] + c[n + 1] / (c[n] * *B));
  return isfinite(*ct) ? 0 : -1;
}

/* Least-squares fit through the (n, y_n), n = n0..n1, extrapolated to
 * n = inf: real = 1, y = a + b/n + d/n^2 (for a real singularity the
 * corrections start at 1/n: c_n ~ n^(g-1) A^n gives B_n = A (1 + (g - 2)/n
 * + ...)); real = 0, y = a + b/n^2, Mercer and Roberts' own form for a pair
 * (measured on a pair of modulus 0.5: 0.7% off with it, 2% with the
 * quadratic, whose extra freedom follows the pair's oscillating terms). */
static int fit_at_zero(const double *c, int n0, int n1, int which, int real, double *a) {
  double S[3][4] = {{0}};
  int m = 0, k = real ? 3 : 2;
  for (int n = n0; n <= n1; n++) {
    double B, ct;
    if (mr_point(c, n, &B, &ct)) return -1;
    double x = 1.0 / n, y = which ? ct : B, p[3] = {1, real ? x : x * x, x * x};
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) S[i][j] += p[i] * p[j];
      S[i][3] += p[i] * y;
    }
    m++;
  }
  if (m < 4) return -1;
  /* Gaussian elimination on the 3x3 normal equations (x = 1/n spans a
   * narrow range: partial pivoting, and a singular system is no fit) */
  for (int q = 0; q < k; q++) {
    int piv = q;
    for (int i = q + 1; i < k; i++)
      if (fabs(S[i][q]) > fabs(S[piv][q])) piv = i;
    for (int j = 0; j < 4; j++) {
      double tmp = S[q][j];
      S[q][j] = S[piv][j], S[piv][j] = tmp;
    }
    if (S[q][q] == 0) return -1;
    for (int i = q + 1; i < k; i++) {
      double f = S[i][q] / S[q][q];
      for (int j = q; j < 4; j++) S[i][j] -= f * S[q][j];
    }
  }
  double x[3];
  for (int i = k - 1; i >= 0; i--) {
    double s = S[i][3];
    for (int j = i + 1; j < k; j++) s -= S[i][j] * x[j];
    x[i] = s / S[i][i];
  }
  *a = x[0];
  return isfinite(*a) ? 0 : -1;
}

int gfd_series_mercer_roberts(const double *c, int N, gfd_sing *out, gfd_err *e) {
  memset(out, 0, sizeof *out);
  out->gamma = out->gamma_err = NAN;
  out->re = out->im = out->err = NAN;
  if (N < MR_WIN + 4)
    return gfd_err_set(e, GFD_EINVAL, "Mercer-Roberts needs at least N = %d coefficients (got N = %d)", MR_WIN + 4,
                       N);
  /* the pair form first; when it finds theta at 0 or pi, the real form */
  double Bw[2], cw[2];
  int ok = 0, real = 0;
  for (int pass = 0; pass < 2; pass++) {
    ok = 0;
    for (int w = 0; w < 2; w++) {
      int n1 = N - 1 - 2 * w, n0 = n1 - MR_WIN + 1;
      if (fit_at_zero(c, n0, n1, 0, real, &Bw[w]) || fit_at_zero(c, n0, n1, 1, real, &cw[w])) break;
      ok++;
    }
    if (real || ok < 2) break;
    double tol = fmax(1e-3, 4 * fabs(cw[1] - cw[0]));
    if (1 - fabs(cw[0]) > tol) break;
    real = 1;
  }
  out->nlast = N;
  out->nfirst = N - MR_WIN - 2;
  out->windows = ok;
  if (ok < 2 || !(Bw[0] > 0)) {
    out->kind = GFD_SING_NONE;
    return GFD_OK;
  }
  double R = 1 / Bw[0], ct = fmax(-1.0, fmin(1.0, cw[0]));
  double th = acos(ct);
  out->re = R * ct;
  out->im = R * sin(th);
  /* error of |t_s|: four times the change between windows (the fits are
   * extrapolations; measured, the actual error is 1 to 3 times that change:
   * a real t_s = -1: 6.5e-6 against a change of 1.2e-6; a pair of modulus
   * 0.5: 1.1e-2 against 1.8e-3, where the oscillating corrections of a pair
   * make the fit rougher) */
  out->err = 4 * fabs(1 / Bw[1] - R);
  out->gamma_err = 4 * fabs(cw[1] - cw[0]); /* here: the error of cos theta */
  /* a real singularity when theta is within the windows' spread (or 1e-3)
   * of 0 or pi */
  if (real) {
    out->kind = GFD_SING_REAL;
    out->re = ct > 0 ? R : -R;
    out->im = 0;
  } else
    out->kind = GFD_SING_PAIR;
  return GFD_OK;
}

gfd_verdict gfd_verdict_mercer_roberts(const double *c, int N, double *t, char *why, size_t n, gfd_err *e) {
  *t = NAN;
  if (N >= 6) {
    gfd_sing sg;
    gfd_err e2 = {0};
    if (gfd_series_ratio(c, N, 3, 5, &sg, &e2) == GFD_OK && sg.kind == GFD_SING_ZERO) {
      snprintf(why, n, "the coefficients grow factorially (zero radius): B_n grows without a limit");
      return GFD_VERDICT_ZERO;
    }
  }
  gfd_sing m;
  gfd_err e2 = {0};
  if (gfd_series_mercer_roberts(c, N, &m, &e2)) {
    snprintf(why, n, "%s", e2.msg);
    return GFD_VERDICT_NONE;
  }
  (void)e;
  if (m.kind == GFD_SING_NONE) {
    snprintf(why, n, "B_n^2 is not positive on the last orders: no singularity of this form in view");
    return GFD_VERDICT_NONE;
  }
  double R = hypot(m.re, m.im);
  if (!(m.err <= 0.2 * R)) {
    snprintf(why, n, "the fit windows disagree: |t_s| = %.4g +- %.2g (more than 20%%)", R, m.err);
    return GFD_VERDICT_INCONSISTENT;
  }
  if (m.kind == GFD_SING_PAIR) {
    snprintf(why, n, "nearest singularities a complex pair %.6g +- %.6g i (|t_s| = %.6g +- %.2g): no real blow-up",
             m.re, m.im, R, m.err);
    return GFD_VERDICT_PAIR;
  }
  if (m.re > 0) {
    snprintf(why, n, "nearest singularity real at t = %.6g > 0: it bounds the radius, not the ascent", m.re);
    return GFD_VERDICT_DESCENT;
  }
  *t = m.re;
  snprintf(why, n, "theta = pi: a real singularity at t = %.6g +- %.2g (orders %d..%d)", m.re, m.err, m.nfirst,
           m.nlast);
  return GFD_VERDICT_OK;
}
