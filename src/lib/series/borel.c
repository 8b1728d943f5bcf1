/* borel.c - Borel-Pade summation of a (possibly divergent) power series,
 * gfd-theory(7) 5.5.  See gfd/series.h for the contract.
 *
 * f(x) = sum c_n x^n with c_n ~ n! A^n has zero radius, but its Borel
 * transform B(s) = sum c_n s^n / n! converges near s = 0.  B is continued
 * along the ray {x u : u > 0} by a Pade approximant (the SVD construction of
 * series.c, which drops Froissart doublets by lowering the degrees), and
 * f(x) = int_0^inf e^-u B(x u) du is done by GSL's qagiu.  Three neighbouring
 * orders N, N-1, N-2 are kept: their spread is the error estimate, because the
 * only thing we know about the continuation is how much it still moves when
 * one more coefficient arrives. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include "internal.h"

#define BOREL_NORD 3  /* approximants kept per side: the sum and two neighbours */

/* Candidates are [m/K-m] for K = N, N-1, ..., 4 and m = K/2, K/2 - 1,
 * K/2 + 1, in that order of preference.  For each side of t = 0 the first
 * three that have no real pole on that side's ray and differ in their
 * (reduced) degrees are used.  Why: along the ascent ray B grows
 * exponentially (the blow-up shows there, gfd-theory(7) 5.5), which a
 * rational can only mimic, and some degrees do so with a real pole on the
 * ray, where the Laplace integral does not exist; the neighbouring degrees
 * usually do not.  The SVD lowers the degrees of a rank-deficient block
 * (double coefficients carry ~16 digits, so at N = 60 the effective degree
 * is near [11/11]): equal reduced degrees are the same approximant and do
 * not count as a neighbour, so K goes down until three distinct ones are
 * found, and a spread of zero never comes from one approximant compared
 * with itself. */
struct gfd_borel {
  int N;
  double scale;                  /* x = t / scale */
  int ncand;
  gfd_pade **cand;
  int use[2][BOREL_NORD];        /* [side: 0 t < 0, 1 t > 0] candidate indices, -1 none */
  gsl_integration_workspace *w;
};

void gfd_borel_free(gfd_borel *B) {
  if (!B) return;
  for (int k = 0; k < B->ncand; k++) gfd_pade_free(B->cand[k]);
  free(B->cand);
  gsl_integration_workspace_free(B->w);
  free(B);
}

gfd_borel *gfd_borel_new(const double *c, int N, double scale, gfd_err *e) {
  if (N < GFD_BOREL_MIN_N) {
    gfd_err_set(e, GFD_EINVAL,
                "Borel-Pade needs at least N = %d coefficients beyond c0 (got N = %d): "
                "three neighbouring orders must agree before a sum is trusted",
                GFD_BOREL_MIN_N, N);
    return NULL;
  }
  if (N > 170) {
    gfd_err_set(e, GFD_EINVAL, "Borel-Pade takes at most N = 170 (n! overflows a double beyond)");
    return NULL;
  }
  if (!(scale > 0) || !isfinite(scale)) {
    gfd_err_set(e, GFD_EINVAL, "Borel-Pade time scale must be positive and finite (got %g)", scale);
    return NULL;
  }
  for (int n = 0; n <= N; n++)
    if (!isfinite(c[n])) {
      gfd_err_set(e, GFD_ENUMERIC, "series coefficient %d is not finite: nothing to sum", n);
      return NULL;
    }
  gfd_borel *B = calloc(1, sizeof *B);
  double *b = gfd_xmalloc((size_t)N + 1, sizeof *b);
  if (!B || !b) goto nomem;
  B->cand = gfd_xcalloc(3 * ((size_t)N + 1), sizeof *B->cand);
  if (!B->cand) goto nomem;
  B->N = N;
  B->scale = scale;
  B->w = gsl_integration_workspace_alloc(GFD_BOREL_QUAD_LIMIT);
  if (!B->w) goto nomem;
  /* b_n = c_n / n!, dividing by n, n-1, ..., 1 in turn: neither n! nor 1/n!
   * is ever formed, so c_n ~ 1e100 stays representable all the way */
  for (int n = 0; n <= N; n++) {
    b[n] = c[n];
    for (int j = n; j > 1; j--) b[n] /= j;
  }
  for (int side = 0; side < 2; side++)
    for (int k = 0; k < BOREL_NORD; k++) B->use[side][k] = -1;
  int nfound[2] = {0, 0};
  for (int K = N; K >= 4 && (nfound[0] < BOREL_NORD || nfound[1] < BOREL_NORD); K--) {
    const int dm[3] = {0, -1, 1};
    for (int j = 0; j < 3; j++) {
      int m = K / 2 + dm[j], n = K - m;
      gfd_pade *P = gfd_pade_new(b, m, n, 1e-13, e);
      if (!P) {
        free(b);
        gfd_borel_free(B);
        return NULL;
      }
      int idx = B->ncand++;
      B->cand[idx] = P;
      int pm, pn;
      gfd_pade_degrees(P, &pm, &pn);
      for (int side = 0; side < 2; side++) {
        if (nfound[side] >= BOREL_NORD) continue;
        double t;
        int r = gfd_pade_real_pole(P, side == 0 ? -1 : +1, &t, e);
        if (r < 0) {
          free(b);
          gfd_borel_free(B);
          return NULL;
        }
        if (r == 1) continue;
        int dup = 0;
        for (int k = 0; k < nfound[side]; k++) {
          int qm, qn;
          gfd_pade_degrees(B->cand[B->use[side][k]], &qm, &qn);
          if (qm == pm && qn == pn) dup = 1;
        }
        if (!dup) B->use[side][nfound[side]++] = idx;
      }
    }
  }
  free(b);
  return B;
nomem:
  free(b);
  gfd_borel_free(B);
  gfd_err_set(e, GFD_ENOMEM, "out of memory for a Borel-Pade sum of order %d", N);
  return NULL;
}

int gfd_borel_order(const gfd_borel *B) { return B->N; }

typedef struct {
  const gfd_pade *P;
  double x;
} lap_t;

static double laplace_integrand(double u, void *p) {
  const lap_t *L = p;
  return exp(-u) * gfd_pade_eval(L->P, L->x * u);
}

/* int_0^inf e^-u P(x u) du with the k-th approximant of x's side; NaN when
 * there is none or the quadrature does not converge. */
static double laplace(gfd_borel *B, int k, double x) {
  int idx = B->use[x < 0 ? 0 : 1][k];
  if (idx < 0) return NAN;
  if (x == 0) return gfd_pade_eval(B->cand[idx], 0);
  lap_t L = {B->cand[idx], x};
  gsl_function F = {laplace_integrand, &L};
  double r, ae;
  int st = gsl_integration_qagiu(&F, 0, 1e-13, 1e-10, GFD_BOREL_QUAD_LIMIT, B->w, &r, &ae);
  if (st != GSL_SUCCESS && st != GSL_EROUND) return NAN;
  if (!isfinite(r) || ae > 1e-6 * fabs(r) + 1e-300) return NAN;
  return r;
}

double gfd_borel_eval_order(gfd_borel *B, int k, double t) {
  if (k < 0 || k >= BOREL_NORD) return NAN;
  return laplace(B, k, t / B->scale);
}

int gfd_borel_eval(gfd_borel *B, size_t nt, const double *t, double *f, double *err,
                   gfd_err *e) {
  for (size_t i = 0; i < nt; i++) {
    double x = t[i] / B->scale;
    double v[BOREL_NORD];
    for (int k = 0; k < BOREL_NORD; k++) v[k] = laplace(B, k, x);
    f[i] = v[0];
    if (err) {
      /* the spread over the neighbouring orders (not a bound: the orders can
       * agree and all be wrong, which is why callers mark a trusted range
       * rather than print error bars as facts) */
      double d = 0;
      for (int k = 1; k < BOREL_NORD; k++) {
        double dk = fabs(v[k] - v[0]);
        if (!(dk <= d)) d = dk; /* NaN propagates */
      }
      err[i] = d;
    }
  }
  return GFD_OK;
}

int gfd_borel_trusted(const double *f, const double *err, size_t nt, double rtol,
                      unsigned char *trusted) {
  if (rtol <= 0) rtol = GFD_BOREL_RTOL;
  int count = 0;
  for (size_t i = 0; i < nt; i++) {
    int ok = isfinite(f[i]) && isfinite(err[i]) && err[i] <= rtol * fabs(f[i]);
    trusted[i] = (unsigned char)ok;
    count += ok;
  }
  return count;
}
