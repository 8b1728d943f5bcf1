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
 * one more coefficient arrives.
 *
 * Conformal map: when the Borel coefficients themselves show one real
 * singularity s = a > 0 (Domb-Sykes on b_n, which converges), the plane cut
 * along [a, inf) is mapped onto the unit disk, s = 4a w/(1+w)^2, B is
 * re-expanded in w and the Pade is taken in w.  Measured on the nu = 4 limit
 * series (a = 1/4): the error at tau* / 2 drops from 4.2e-3 to 7.6e-4
 * (kappa4 = 2.5), 1.4e-3 to 7e-5 (3), 1.2e-4 to 1.2e-6 (4) at N = 60.  Only
 * the negative ray (t < 0) uses it: the positive ray runs into the cut. */
#include <config.h>
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include "internal.h"
#include "borel_internal.h"

#define BOREL_NORD 3  /* approximants used per point: the sum and two neighbours */
#define BOREL_NUSE 6  /* kept per side: where one's quadrature fails (a complex pole
                       * hugging the ray), the next in line takes its place */

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
  double cut;                    /* a of the conformal map (NaN: none) */
  unsigned char *mapped;         /* per candidate: Pade in w (1) or in s (0) */
  double scale;                  /* x = t / scale */
  int ncand;
  gfd_pade **cand;
  int use[2][BOREL_NUSE];        /* [side: 0 t < 0, 1 t > 0] candidate indices, -1 none */
  gsl_integration_workspace *w;
  double *c;                     /* the coefficients (for the unmapped check) */
  gfd_borel *plain;              /* the same without the map, built on first use */
};

void gfd_borel_free(gfd_borel *B) {
  if (!B) return;
  for (int k = 0; k < B->ncand; k++) gfd_pade_free(B->cand[k]);
  free(B->cand);
  free(B->mapped);
  gsl_integration_workspace_free(B->w);
  free(B->c);
  gfd_borel_free(B->plain);
  free(B);
}

/* Pade candidates of x[0..N] ([m/K-m], K = N, N-1, ..., 4, m = K/2, K/2 -+ 1)
 * for the sides still short of BOREL_NUSE approximants.  mapped: x is the
 * w-series, it serves t < 0 only, and a real pole matters only inside the
 * unit disk (the ray s <= 0 is w in (-1, 0]). */
static int add_candidates(gfd_borel *B, const double *x, int N, int mapped, int nfound[2], gfd_err *e) {
  int need1 = mapped ? 0 : 1;
  for (int K = N; K >= 4 && (nfound[0] < BOREL_NUSE || (need1 && nfound[1] < BOREL_NUSE)); K--) {
    const int dm[3] = {0, -1, 1};
    for (int j = 0; j < 3; j++) {
      int m = K / 2 + dm[j], n = K - m;
      gfd_pade *P = gfd_pade_new(x, m, n, 1e-13, e);
      if (!P) return e->code ? e->code : GFD_ENUMERIC;
      int idx = B->ncand++;
      B->cand[idx] = P;
      B->mapped[idx] = (unsigned char)mapped;
      int pm, pn;
      gfd_pade_degrees(P, &pm, &pn);
      for (int side = 0; side < 2; side++) {
        if (nfound[side] >= BOREL_NUSE || (side == 1 && !need1)) continue;
        double t;
        int r = gfd_pade_real_pole(P, side == 0 ? -1 : +1, &t, e);
        if (r < 0) return r;
        if (r == 1 && !(mapped && t <= -1)) continue;
        int dup = 0;
        for (int k = 0; k < nfound[side]; k++) {
          int qm, qn, c = B->use[side][k];
          gfd_pade_degrees(B->cand[c], &qm, &qn);
          if (qm == pm && qn == pn && B->mapped[c] == mapped) dup = 1;
        }
        if (!dup) B->use[side][nfound[side]++] = idx;
      }
    }
  }
  return GFD_OK;
}

/* w(s) for s <= 0: the inverse of s = 4a w/(1+w)^2, in (-1, 0]. */
static double w_of_s(double a, double s) {
  double r = sqrt(1 - s / a);
  return (1 - r) / (1 + r);
}

/* d[k] = coefficients in w of sum_n b_n (4a w/(1+w)^2)^n, k = 0..N (the
 * terms n <= N are all that contribute to w^k, k <= N: exact truncation). */
static void map_coefs(const double *b, int N, double a, double *d, double *q) {
  for (int k = 0; k <= N; k++) d[k] = 0, q[k] = 0;
  q[0] = 1; /* q = (w/(1+w)^2)^n */
  double p = 1;
  for (int n = 0; n <= N; n++) {
    for (int k = n; k <= N; k++) d[k] += b[n] * p * q[k];
    p *= 4 * a;
    for (int k = N; k >= 1; k--) q[k] = q[k - 1];
    q[0] = 0;
    for (int rep = 0; rep < 2; rep++)
      for (int k = 1; k <= N; k++) q[k] -= q[k - 1];
  }
}

gfd_borel *gfd_borel_new(const double *c, int N, double scale, gfd_err *e) {
  return gfd_borel_new_cut(c, N, scale, NAN, e);
}

double gfd_borel_cut(const gfd_borel *B) { return B->cut; }

gfd_borel *gfd_borel_new_cut(const double *c, int N, double scale, double cut, gfd_err *e) {
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
  double *b = gfd_xmalloc((size_t)N + 1, sizeof *b), *d = NULL, *q = NULL;
  if (!B || !b) goto nomem;
  B->cand = gfd_xcalloc(6 * ((size_t)N + 1), sizeof *B->cand);
  B->mapped = gfd_xcalloc(6 * ((size_t)N + 1), 1);
  d = gfd_xmalloc((size_t)N + 1, sizeof *d);
  q = gfd_xmalloc((size_t)N + 1, sizeof *q);
  if (!B->cand || !B->mapped || !d || !q) goto nomem;
  B->N = N;
  B->scale = scale;
  B->c = gfd_xmalloc((size_t)N + 1, sizeof *B->c);
  if (!B->c) goto nomem;
  for (int n = 0; n <= N; n++) B->c[n] = c[n];
  B->w = gsl_integration_workspace_alloc(GFD_BOREL_QUAD_LIMIT);
  if (!B->w) goto nomem;
  /* b_n = c_n / n!, dividing by n, n-1, ..., 1 in turn: neither n! nor 1/n!
   * is ever formed, so c_n ~ 1e100 stays representable all the way */
  for (int n = 0; n <= N; n++) {
    b[n] = c[n];
    for (int j = n; j > 1; j--) b[n] /= j;
  }
  /* the cut: given, or from the Borel coefficients' own ratio analysis when
   * it sees one settled real singularity a > 0 (the fit's 1/n corrections
   * matter: the raw ratio b_(N-1)/b_N is 7% off at N = 60 and the map then
   * helps nothing) */
  if (isnan(cut)) {
    gfd_sing sg;
    gfd_err e2 = {0};
    if (gfd_series_ratio(b, N, 3, 5, &sg, &e2) == GFD_OK && sg.kind == GFD_SING_REAL && sg.re > 0 &&
        sg.err <= 0.01 * sg.re)
      cut = sg.re;
  }
  B->cut = cut > 0 && isfinite(cut) ? cut : NAN;
  for (int side = 0; side < 2; side++)
    for (int k = 0; k < BOREL_NUSE; k++) B->use[side][k] = -1;
  int nfound[2] = {0, 0};
  if (isfinite(B->cut)) {
    map_coefs(b, N, B->cut, d, q);
    if (add_candidates(B, d, N, 1, nfound, e)) goto fail;
  }
  if (add_candidates(B, b, N, 0, nfound, e)) goto fail;
  free(b);
  free(d);
  free(q);
  return B;
fail:
  free(b);
  free(d);
  free(q);
  gfd_borel_free(B);
  return NULL;
nomem:
  free(b);
  free(d);
  free(q);
  gfd_borel_free(B);
  gfd_err_set(e, GFD_ENOMEM, "out of memory for a Borel-Pade sum of order %d", N);
  return NULL;
}
int gfd_borel_order(const gfd_borel *B) { return B->N; }

typedef struct {
  const gfd_pade *P;
  double x, cut; /* cut: NaN for a Pade in s */
} lap_t;

static double laplace_integrand(double u, void *p) {
  const lap_t *L = p;
  double s = L->x * u;
  return exp(-u) * gfd_pade_eval(L->P, isnan(L->cut) ? s : w_of_s(L->cut, s));
}

/* int_0^inf e^-u P(x u) du with the k-th approximant of x's side; NaN when
 * there is none or the quadrature does not converge. */
static double laplace(gfd_borel *B, int k, double x) {
  int idx = B->use[x < 0 ? 0 : 1][k];
  if (idx < 0) return NAN;
  if (x == 0) return gfd_pade_eval(B->cand[idx], 0);
  lap_t L = {B->cand[idx], x, B->mapped[idx] ? B->cut : NAN};
  gsl_function F = {laplace_integrand, &L};
  double r, ae;
  /* relative tolerance only: the sum's size depends on the units (in L
   * units at p = 8000 it is ~1e-8, where an absolute 1e-13 made the result
   * fail the acceptance below at scattered points, measured kappa4 = 2.5:
   * the first at 0.04 t*, ending the trusted range there); near a zero of
   * the sum this fails to converge and gives NaN, a one-point glitch */
  int st = gsl_integration_qagiu(&F, 0, 0, 1e-10, GFD_BOREL_QUAD_LIMIT, B->w, &r, &ae);
  if (st != GSL_SUCCESS && st != GSL_EROUND) return NAN;
  if (!isfinite(r) || ae > 1e-6 * fabs(r) + 1e-300) return NAN;
  return r;
}

/* v[0..BOREL_NORD) = the first BOREL_NORD approximants of x's side whose
 * Laplace integral exists, highest order first (NaN for missing ones). */
static void sums(gfd_borel *B, double x, double *v) {
  int got = 0;
  for (int k = 0; k < BOREL_NUSE && got < BOREL_NORD; k++) {
    double r = laplace(B, k, x);
    if (isfinite(r)) v[got++] = r;
  }
  while (got < BOREL_NORD) v[got++] = NAN;
}

double gfd_borel_eval_order(gfd_borel *B, int k, double t) {
  if (k < 0 || k >= BOREL_NORD) return NAN;
  double v[BOREL_NORD];
  sums(B, t / B->scale, v);
  return v[k];
}

int gfd_borel_eval(gfd_borel *B, size_t nt, const double *t, double *f, double *err,
                   gfd_err *e) {
  for (size_t i = 0; i < nt; i++) {
    double x = t[i] / B->scale;
    double v[BOREL_NORD];
    sums(B, x, v);
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

/* With the conformal map the neighbouring orders are near copies of one
 * another (the SVD reduces them to the same effective degree, ~[11/11] at
 * N = 60), so their spread can be far below the error: measured for the
 * nu = 4 limit series, kappa4 = 1.5, N = 60 at tau = -0.3, spread 1.1e-6
 * against an error of 2.1e-4.  The sum without the map is a genuinely
 * different continuation; the difference between the two is the check. */
int gfd_borel_eval_checked(gfd_borel *B, size_t nt, const double *t, double *f, double *err, gfd_err *e) {
  int st = gfd_borel_eval(B, nt, t, f, err, e);
  if (st || !err || isnan(B->cut)) return st;
  if (!B->plain) {
    gfd_err e2 = {0};
    B->plain = gfd_borel_new_cut(B->c, B->N, B->scale, 0, &e2);
    if (!B->plain) {
      for (size_t i = 0; i < nt; i++)
        if (t[i] < 0) err[i] = NAN;
      return GFD_OK;
    }
  }
  for (size_t i = 0; i < nt; i++) {
    if (!(t[i] < 0)) continue; /* t >= 0 is summed without the map anyway */
    double v[BOREL_NORD];
    sums(B->plain, t[i] / B->scale, v);
    double d = fabs(v[0] - f[i]);
    if (!(d <= err[i])) err[i] = d; /* NaN propagates: no check, no trust */
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

/* ------------------------------------------------- complex arguments */
/* For the re-expansion of the sum around a point of the ascent side (the
 * blow-up estimate, borel_local.c): the same Laplace integral at complex x,
 * Re x < 0, so that Cauchy integrals give the sum's Taylor coefficients. */
typedef struct {
  const gfd_pade *P;
  double complex x;
  double cut;
  int imag; /* integrate the imaginary part */
} clap_t;

static double complex pade_eval_c(const gfd_pade *P, double complex t) {
  double vr, vi;
  gfd_pade_eval_complex(P, creal(t), cimag(t), &vr, &vi);
  return vr + I * vi;
}

static double laplace_integrand_c(double u, void *p) {
  const clap_t *L = p;
  double complex s = L->x * u, w = s;
  if (!isnan(L->cut)) { /* w(s) of the conformal map, principal branch: s is off the cut */
    double complex r = csqrt(1 - s / L->cut);
    w = (1 - r) / (1 + r);
  }
  double complex v = exp(-u) * pade_eval_c(L->P, w);
  return L->imag ? cimag(v) : creal(v);
}

int gfd_borel_eval_complex(gfd_borel *B, int k, double xr, double xi, double *fr, double *fi) {
  if (k < 0 || k >= BOREL_NUSE || !(xr < 0)) return -1;
  int idx = B->use[0][k];
  if (idx < 0) return -1;
  clap_t L = {B->cand[idx], xr + I * xi, B->mapped[idx] ? B->cut : NAN, 0};
  gsl_function F = {laplace_integrand_c, &L};
  double v[2], ae;
  for (int j = 0; j < 2; j++) {
    L.imag = j;
    int st = gsl_integration_qagiu(&F, 0, 1e-14, 1e-11, GFD_BOREL_QUAD_LIMIT, B->w, &v[j], &ae);
    if ((st != GSL_SUCCESS && st != GSL_EROUND) || !isfinite(v[j])) return -1;
  }
  *fr = v[0], *fi = v[1];
  return 0;
}
