/* series.c - truncated sums, Pade approximants (SVD), ratio / Domb-Sykes analysis.
 * See gfd/series.h and gfd-theory(7) section 5.5. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_poly.h>
#include "internal.h"
#include "borel_internal.h"

double gfd_series_eval(const double *c, int N, double t) {
  double s = 0;
  for (int n = N; n >= 0; n--) s = s * t + c[n];
  return s;
}

/* ------------------------------------------------------------------ Pade */
struct gfd_pade {
  int m, n;      /* degrees after reduction */
  double lambda; /* t = lambda * x: coefficients below are in x (balanced) */
  double *a, *b; /* a[0..m], b[0..n], b[0] = 1 */
  double *areal; /* a and b rescaled back to t (for callers) */
  double *breal;
};

void gfd_pade_free(gfd_pade *P) {
  if (!P) return;
  free(P->a);
  free(P->b);
  free(P->areal);
  free(P->breal);
  free(P);
}

/* Scale factor that balances the coefficients: |c_k| lambda^k of similar size. */
static double balance_scale(const double *c, int L) {
  int first = -1, last = -1;
  for (int k = 0; k <= L; k++)
    if (c[k] != 0 && isfinite(c[k])) {
      if (first < 0) first = k;
      last = k;
    }
  if (first < 0 || last == first) return 1.0;
  double lam = pow(fabs(c[first] / c[last]), 1.0 / (last - first));
  if (!isfinite(lam) || lam <= 0) return 1.0;
  return lam;
}

/* Rank of the n x (n+1) Toeplitz block C_{ij} = x_{m+1+i-j} (x_k = 0 for k < 0),
 * padded to a square matrix; optionally returns its null vector in b. */
static int toeplitz_block(const double *x, int m, int n, double ts, double *b, int *rank) {
  int N1 = n + 1;
  gsl_matrix *A = gsl_matrix_calloc(N1, N1);
  gsl_matrix *V = gsl_matrix_alloc(N1, N1);
  gsl_vector *S = gsl_vector_alloc(N1);
  gsl_vector *w = gsl_vector_alloc(N1);
  int st = GFD_ENOMEM;
  if (!A || !V || !S || !w) goto out;
  for (int i = 0; i < n; i++)
    for (int j = 0; j <= n; j++) {
      int k = m + 1 + i - j;
      gsl_matrix_set(A, i, j, k >= 0 ? x[k] : 0.0);
    }
  if (gsl_linalg_SV_decomp(A, V, S, w) != GSL_SUCCESS) {
    st = GFD_ENUMERIC;
    goto out;
  }
  int r = 0;
  for (int i = 0; i < N1; i++)
    if (gsl_vector_get(S, i) > ts) r++;
  *rank = r;
  if (b)
    for (int j = 0; j <= n; j++) b[j] = gsl_matrix_get(V, j, n); /* smallest singular value */
  st = GFD_OK;
out:
  gsl_matrix_free(A);
  gsl_matrix_free(V);
  gsl_vector_free(S);
  gsl_vector_free(w);
  return st;
}

gfd_pade *gfd_pade_new(const double *c, int m, int n, double tol, gfd_err *e) {
  if (m < 0 || n < 0 || m + n > 4000) {
    gfd_err_set(e, GFD_EINVAL, "Pade degrees [%d/%d] out of range (0 <= m, n and m + n <= 4000)", m, n);
    return NULL;
  }
  int L = m + n;
  for (int k = 0; k <= L; k++)
    if (!isfinite(c[k])) {
      gfd_err_set(e, GFD_ENUMERIC, "series coefficient %d is not finite", k);
      return NULL;
    }
  if (tol <= 0) tol = 1e-14;
  gfd_pade *P = calloc(1, sizeof *P);
  double *x = gfd_xmalloc((size_t)L + 1, sizeof *x);
  double *bb = gfd_xmalloc((size_t)n + 1, sizeof *bb);
  if (!P || !x || !bb) goto nomem;
  P->lambda = balance_scale(c, L);
  double lp = 1, norm2 = 0, amax = 0, cmax = 0;
  for (int k = 0; k <= L; k++) {
    x[k] = c[k] * lp;
    lp *= P->lambda;
    norm2 += x[k] * x[k];
    if (fabs(x[k]) > cmax) cmax = fabs(x[k]);
    if (k <= m && fabs(x[k]) > amax) amax = fabs(x[k]);
  }
  double ts = tol * sqrt(norm2);
  int mm = m, nn = n;
  if (amax <= tol * cmax) { /* the function is zero to this order */
    mm = 0;
    nn = 0;
  }
  /* lower the degrees until the Toeplitz block has full rank */
  while (nn > 0) {
    int rank = 0;
    int st = toeplitz_block(x, mm, nn, ts, NULL, &rank);
    if (st) {
      gfd_err_set(e, st, "Pade [%d/%d]: singular value decomposition failed", m, n);
      goto fail;
    }
    if (rank >= nn) break;
    int drop = nn - rank;
    nn = rank;
    mm -= drop;
    if (mm < 0) mm = 0;
  }
  double *a = gfd_xcalloc((size_t)mm + 1, sizeof *a);
  if (!a) goto nomem;
  if (nn == 0) {
    bb[0] = 1;
    for (int k = 0; k <= mm; k++) a[k] = amax <= tol * cmax ? 0 : x[k];
  } else {
    int rank;
    int st = toeplitz_block(x, mm, nn, ts, bb, &rank);
    if (st) {
      free(a);
      gfd_err_set(e, st, "Pade [%d/%d]: singular value decomposition failed", m, n);
      goto fail;
    }
    /* numerator a = top rows of the Toeplitz matrix times b */
    for (int i = 0; i <= mm; i++) {
      double s = 0;
      for (int j = 0; j <= nn && j <= i; j++) s += x[i - j] * bb[j];
      a[i] = s;
    }
    /* b(0) must not vanish: a zero there means no [m/n] approximant of this form */
    if (fabs(bb[0]) <= tol) {
      free(a);
      gfd_err_set(e, GFD_ENUMERIC,
                  "Pade [%d/%d] does not exist (the denominator vanishes at t = 0); try other degrees",
                  m, n);
      goto fail;
    }
    double b0 = bb[0];
    for (int j = 0; j <= nn; j++) bb[j] /= b0;
    for (int i = 0; i <= mm; i++) a[i] /= b0;
    /* drop trailing negligible denominator terms */
    while (nn > 0 && fabs(bb[nn]) <= tol) nn--;
  }
  P->m = mm;
  P->n = nn;
  P->a = a;
  P->b = bb;
  bb = NULL;
  P->areal = gfd_xmalloc((size_t)mm + 1, sizeof(double));
  P->breal = gfd_xmalloc((size_t)nn + 1, sizeof(double));
  if (!P->areal || !P->breal) goto nomem;
  lp = 1;
  for (int k = 0; k <= (mm > nn ? mm : nn); k++) {
    if (k <= mm) P->areal[k] = P->a[k] / lp;
    if (k <= nn) P->breal[k] = P->b[k] / lp;
    lp *= P->lambda;
  }
  free(x);
  return P;
nomem:
  gfd_err_set(e, GFD_ENOMEM, "out of memory for a Pade approximant of degree %d", L);
fail:
  free(x);
  free(bb);
  gfd_pade_free(P);
  return NULL;
}

void gfd_pade_degrees(const gfd_pade *P, int *m, int *n) {
  if (m) *m = P->m;
  if (n) *n = P->n;
}
const double *gfd_pade_num(const gfd_pade *P) { return P->areal; }
const double *gfd_pade_den(const gfd_pade *P) { return P->breal; }

double gfd_pade_eval(const gfd_pade *P, double t) {
  double x = t / P->lambda;
  double num = gfd_series_eval(P->a, P->m, x);
  double den = gfd_series_eval(P->b, P->n, x);
  return num / den;
}

/* a(t)/b(t) at complex t = tr + i ti, in the balanced variable like
 * gfd_pade_eval (declared in borel_internal.h: only the Borel blow-up
 * estimate needs it). */
void gfd_pade_eval_complex(const gfd_pade *P, double tr, double ti, double *vr, double *vi) {
  double xr = tr / P->lambda, xi = ti / P->lambda;
  double nr = 0, ni = 0, dr = 0, di = 0;
  for (int k = P->m; k >= 0; k--) {
    double r = nr * xr - ni * xi + P->a[k];
    ni = nr * xi + ni * xr, nr = r;
  }
  for (int k = P->n; k >= 0; k--) {
    double r = dr * xr - di * xi + P->b[k];
    di = dr * xi + di * xr, dr = r;
  }
  double q = dr * dr + di * di;
  *vr = (nr * dr + ni * di) / q;
  *vi = (ni * dr - nr * di) / q;
}

/* Complex roots (in x) of poly q[0..d]; z has room for 2d doubles. */
static int poly_roots(const double *q, int d, double *z) {
  if (d < 1) return 0;
  if (d == 1) {
    z[0] = -q[0] / q[1];
    z[1] = 0;
    return 1;
  }
  gsl_poly_complex_workspace *w = gsl_poly_complex_workspace_alloc((size_t)d + 1);
  if (!w) return -1;
  int st = gsl_poly_complex_solve(q, (size_t)d + 1, w, z);
  gsl_poly_complex_workspace_free(w);
  return st == GSL_SUCCESS ? d : -2;
}

typedef struct { double re, im, mod; int spur; } pole_t;
static int pole_cmp(const void *x, const void *y) {
  const pole_t *a = x, *b = y;
  return (a->mod > b->mod) - (a->mod < b->mod);
}

int gfd_pade_poles(const gfd_pade *P, double *re, double *im, int *spurious, int *npoles,
                   gfd_err *e) {
  *npoles = 0;
  int n = P->n, m = P->m;
  while (m > 0 && P->a[m] == 0) m--;
  if (n == 0) return GFD_OK;
  double *zb = gfd_xmalloc(2 * (size_t)n, sizeof *zb);
  double *za = gfd_xmalloc(2 * (size_t)(m > 0 ? m : 1), sizeof *za);
  pole_t *pl = gfd_xmalloc((size_t)n, sizeof *pl);
  if (!zb || !za || !pl) {
    free(zb);
    free(za);
    free(pl);
    return gfd_err_set(e, GFD_ENOMEM, "out of memory for Pade poles");
  }
  int nb = poly_roots(P->b, n, zb);
  int na = m >= 1 ? poly_roots(P->a, m, za) : 0;
  if (nb < 0 || na < 0) {
    free(zb);
    free(za);
    free(pl);
    return gfd_err_set(e, GFD_ENUMERIC, "the Pade polynomial root finder did not converge");
  }
  for (int i = 0; i < nb; i++) {
    pl[i].re = zb[2 * i] * P->lambda;
    pl[i].im = zb[2 * i + 1] * P->lambda;
    pl[i].mod = hypot(pl[i].re, pl[i].im);
    pl[i].spur = 0;
    for (int j = 0; j < na; j++) {
      double dr = za[2 * j] * P->lambda - pl[i].re, di = za[2 * j + 1] * P->lambda - pl[i].im;
      if (hypot(dr, di) <= 1e-3 * pl[i].mod) pl[i].spur = 1;
    }
  }
  qsort(pl, (size_t)nb, sizeof *pl, pole_cmp);
  for (int i = 0; i < nb; i++) {
    re[i] = pl[i].re;
    im[i] = pl[i].im;
    if (spurious) spurious[i] = pl[i].spur;
  }
  *npoles = nb;
  free(zb);
  free(za);
  free(pl);
  return GFD_OK;
}

int gfd_pade_real_pole(const gfd_pade *P, int sign, double *t, gfd_err *e) {
  int n = P->n;
  if (n == 0) return 0;
  double *re = gfd_xmalloc((size_t)n, sizeof *re), *im = gfd_xmalloc((size_t)n, sizeof *im);
  int *sp = gfd_xmalloc((size_t)n, sizeof *sp);
  if (!re || !im || !sp) {
    free(re);
    free(im);
    free(sp);
    return gfd_err_set(e, GFD_ENOMEM, "out of memory for Pade poles");
  }
  int np = 0, found = 0;
  int st = gfd_pade_poles(P, re, im, sp, &np, e);
  if (st == GFD_OK)
    for (int i = 0; i < np; i++) {
      if (sp[i] || fabs(im[i]) > 1e-8 * hypot(re[i], im[i])) continue;
      if ((sign < 0 && re[i] < 0) || (sign > 0 && re[i] > 0)) {
        *t = re[i];
        found = 1;
        break;
      }
    }
  free(re);
  free(im);
  free(sp);
  return st ? st : found;
}

/* -------------------------------------------------- ratio (Domb-Sykes) */

/* Least-squares fit c_k = P c_{k-1} + Q c_{k-2} for k in [n0+2, n1], each
 * equation scaled by the size of its right-hand side. */
int gfd_series_recurrence_fit(const double *c, int n0, int n1, double *re, double *im,
                              gfd_err *e) {
  if (n1 - n0 < 3)
    return gfd_err_set(e, GFD_EINVAL, "the recurrence fit needs at least 4 coefficients");
  long double s11 = 0, s12 = 0, s22 = 0, r1 = 0, r2 = 0;
  for (int k = n0 + 2; k <= n1; k++) {
    long double x1 = c[k - 1], x2 = c[k - 2], y = c[k];
    long double w = fabsl(x1) + fabsl(x2);
    if (w == 0) continue;
    x1 /= w;
    x2 /= w;
    y /= w;
    s11 += x1 * x1;
    s12 += x1 * x2;
    s22 += x2 * x2;
    r1 += x1 * y;
    r2 += x2 * y;
  }
  long double det = s11 * s22 - s12 * s12;
  if (!(fabsl(det) > 1e-300L))
    return gfd_err_set(e, GFD_ENUMERIC, "the recurrence fit is singular on coefficients %d..%d",
                       n0, n1);
  double Pc = (double)((r1 * s22 - r2 * s12) / det);
  double Qc = (double)((s11 * r2 - s12 * r1) / det);
  /* roots z of z^2 - P z - Q = 0; the singularity is 1/z for the larger |z| */
  double disc = Pc * Pc + 4 * Qc;
  if (disc >= 0) {
    double sq = sqrt(disc);
    double z1 = 0.5 * (Pc + (Pc >= 0 ? sq : -sq)); /* larger |z| */
    if (z1 == 0) return gfd_err_set(e, GFD_ENUMERIC, "the recurrence fit found no singularity");
    *re = 1.0 / z1;
    *im = 0;
  } else {
    double zr = 0.5 * Pc, zi = 0.5 * sqrt(-disc);
    double d2 = zr * zr + zi * zi;
    *re = zr / d2;
    *im = zi / d2; /* 1/(zr - i zi) has positive imaginary part: report im >= 0 */
  }
  return GFD_OK;
}

/* Fit r_k = A + B/k + C/k^2 + D/k^3 (the first `terms` of them, at most 4)
 * to the ratios at k = n-len+1 .. n, len >= terms: through them when
 * len = terms, by least squares otherwise. */
static int ratio_window(const double *c, int n, int terms, int len, double *A, double *B) {
  long double M[4][5];
  if (terms < 2 || terms > 4 || len < terms || n - len < 0) return -1;
  memset(M, 0, sizeof M);
  for (int i = 0; i < len; i++) {
    int k = n - len + 1 + i;
    if (c[k - 1] == 0) return -1;
    long double r = (long double)c[k] / c[k - 1], x[4] = {1, 1.0L / k, 1.0L / ((long double)k * k),
                                                           1.0L / ((long double)k * k * k)};
    for (int a = 0; a < terms; a++) {
      for (int b = 0; b < terms; b++) M[a][b] += x[a] * x[b];
      M[a][terms] += x[a] * r;
    }
  }
  /* Gaussian elimination with partial pivoting (terms x terms) */
  for (int col = 0; col < terms; col++) {
    int piv = col;
    for (int i = col + 1; i < terms; i++)
      if (fabsl(M[i][col]) > fabsl(M[piv][col])) piv = i;
    if (M[piv][col] == 0) return -1;
    for (int j = 0; j <= terms; j++) {
      long double tmp = M[col][j];
      M[col][j] = M[piv][j];
      M[piv][j] = tmp;
    }
    for (int i = 0; i < terms; i++) {
      if (i == col) continue;
      long double f = M[i][col] / M[col][col];
      for (int j = col; j <= terms; j++) M[i][j] -= f * M[col][j];
    }
  }
  *A = (double)(M[0][terms] / M[0][0]);
  *B = (double)(M[1][terms] / M[1][1]);
  return (isfinite(*A) && *A != 0 && isfinite(*B)) ? 0 : -1;
}

int gfd_series_ratio(const double *c, int N, int terms, int windows, gfd_sing *out, gfd_err *e) {
  memset(out, 0, sizeof *out);
  out->gamma = out->gamma_err = NAN;
  if (terms != 2 && terms != 3)
    return gfd_err_set(e, GFD_EINVAL, "ratio analysis: terms must be 2 or 3 (got %d)", terms);
  if (N < 6)
    return gfd_err_set(e, GFD_EINVAL, "ratio analysis needs at least 7 coefficients (got %d)", N + 1);
  for (int k = 0; k <= N; k++)
    if (!isfinite(c[k])) return gfd_err_set(e, GFD_ENUMERIC, "series coefficient %d is not finite", k);
  if (windows <= 0) windows = 5;
  if (windows > N - terms - 1) windows = N - terms - 1;
  if (windows < 1) windows = 1;
  /* the tail used by the fits: do the ratios keep one sign? */
  int lo = N - windows - terms - 4;
  if (lo < 1) lo = 1;
  int pos = 0, neg = 0, zero = 0;
  for (int k = lo; k <= N; k++) {
    if (c[k - 1] == 0 || c[k] == 0) zero++;
    else if ((c[k] > 0) == (c[k - 1] > 0)) pos++;
    else neg++;
  }
  int allzero = 1;
  for (int k = lo; k <= N; k++)
    if (c[k] != 0) allzero = 0;
  if (allzero) {
    out->kind = GFD_SING_NONE;
    out->re = INFINITY;
    return GFD_OK;
  }
  if (zero == 0 && (pos == 0 || neg == 0)) {
    double tmin = INFINITY, tmax = -INFINITY, gmin = INFINITY, gmax = -INFINITY;
    double A = 0, B = 0;
    int used = 0;
    /* the spread over shifted windows (fit through `terms` ratios ending at
     * N - w) and over longer least-squares windows ending at N */
    for (int w = 0; w < windows + 2; w++) {
      double Aw, Bw;
      int n = w < windows ? N - w : N, len = w < windows ? terms : terms + 2 * (w - windows + 1);
      if (ratio_window(c, n, terms, len, &Aw, &Bw)) continue;
      if (w == 0) {
        A = Aw;
        B = Bw;
      } else if (used == 0)
        continue; /* no primary fit: the others cannot stand in for it */
      used++;
      double ts = 1.0 / Aw, g = 1.0 + Bw / Aw;
      if (ts < tmin) tmin = ts;
      if (ts > tmax) tmax = ts;
      if (g < gmin) gmin = g;
      if (g > gmax) gmax = g;
    }
    if (!used) return gfd_err_set(e, GFD_ENUMERIC, "ratio analysis: the fits are singular");
    /* the fit order: one more correction term moves the estimate by about
     * the error of the fewer-term fit (measured: the three-term error is 1.1
     * to 1.9 times |t3 - t4| on the Marchenko-Pastur limit at N = 60 and on
     * SYM nu = 2, 4 instance series at N = 40); twice that difference */
    double ord = INFINITY, gord = INFINITY, A2, B2;
    if (ratio_window(c, N, terms + 1, terms + 1, &A2, &B2) == 0) {
      ord = 2 * fabs(1.0 / A2 - 1.0 / A);
      gord = 2 * fabs((1.0 + B2 / A2) - (1.0 + B / A));
    }
    out->windows = used;
    out->nlast = N;
    out->nfirst = N - terms;
    /* an entire function (exponentials: r_n ~ a/n) has n r_n bounded, a
     * finite singularity makes n r_n grow linearly: compare n = N/2 and N
     * (q ~ 1 entire, ~ 2 finite radius, ~ 4 zero radius) */
    int mh = N / 2;
    if (c[mh - 1] != 0 && c[mh] != 0) {
      double q = (N * fabs(c[N] / c[N - 1])) / (mh * fabs(c[mh] / c[mh - 1]));
      if (q < 1.4) {
        out->kind = GFD_SING_NONE;
        out->re = INFINITY;
        return GFD_OK;
      }
      /* and factorial growth (r_n ~ a n) makes n r_n grow like n^2 */
      if (q > 3) {
        out->kind = GFD_SING_ZERO;
        out->re = 0;
        return GFD_OK;
      }
    }
    out->kind = GFD_SING_REAL;
    out->re = 1.0 / A;
    out->im = 0;
    out->err = (tmax - tmin) + ord;
    out->gamma = 1.0 + B / A;
    out->gamma_err = (gmax - gmin) + gord;
    return GFD_OK;
  }
  /* irregular signs: a complex pair (or +-t symmetric pair) dominates */
  int len = 12;
  if (len > N - windows) len = N - windows;
  if (len < 4) len = 4;
  double rmin = INFINITY, rmax = -INFINITY;
  int used = 0;
  for (int w = 0; w < windows; w++) {
    int n1 = N - w, n0 = n1 - len;
    if (n0 < 0) break;
    double re, im;
    gfd_err e2;
    if (gfd_series_recurrence_fit(c, n0, n1, &re, &im, &e2)) continue;
    if (used == 0) {
      out->re = re;
      out->im = im;
      out->nfirst = n0;
      out->nlast = n1;
    }
    used++;
    double mod = hypot(re, im);
    if (mod < rmin) rmin = mod;
    if (mod > rmax) rmax = mod;
  }
  if (!used) return gfd_err_set(e, GFD_ENUMERIC, "ratio analysis: the recurrence fits are singular");
  out->kind = out->im != 0 ? GFD_SING_PAIR : GFD_SING_REAL;
  out->err = rmax - rmin;
  out->windows = used;
  return GFD_OK;
}
