/* model_route_packed.c - the loss and gradient of a SYM model through the
 * distinct entries of its symmetric tensor f = sum_h u_h^(x nu).
 *
 * Let m run over the multisets of nu - 1 indices (n = C(p + nu - 2, nu - 1)
 * of them, ~p^(nu-1)/(nu-1)!) and P[h, m] = prod_{i in m} u_h[i].  Then
 *   F[m, i] = f[m + {i}] = sum_h P[h, m] u_h[i]          (F = P^T U)
 * holds every entry of f; a tuple (j_1..j_(nu-1), i) of indices lands on row
 * m = {j_1..j_(nu-1)} for mult(m) = (nu-1)!/prod(counts!) tuples, so
 *   ||f - y||^2 = sum_m mult(m) sum_i (F - Y)[m, i]^2
 * and, f - y being symmetric, grad_(u_h) L = nu (f - y)[u_h, .., u_h, .]
 *   = nu sum_m P[h, m] mult(m) (F - Y)[m, .]             (G = nu P W).
 * Two matrix products of 2 H p n flops each: for nu = 4 about p^4 H 2/3
 * flops against (2 + 2 nu) H p^4 for the dense route (in matrix-vector
 * products) and 3 H^2 p for the Gram route, whose H x H matrices do not even
 * fit in memory at the paper's H ~ 33 p^2.  P is never held whole: it is
 * built tile by tile (PK_HC units x PK_MB rows) and used at once.
 * y must be symmetric for the gradient formula: modadd (not symmetric) is
 * replaced by its symmetrisation, which has the same inner product with
 * every symmetric f. */
#include <config.h>
#include <cblas.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "model_internal.h"

/* tile of P: units x rows (1 MiB); large enough for the matrix products to
 * run near their peak, small enough to stay in the cache (measured: see
 * bench_gradient) */
#define PK_HC 256
#define PK_MB 512

int gfd_route_packed_rows(const gfd_spec *s, size_t *n) {
  if (s->kind != GFD_SYM) return 0;
  size_t c = 1, q = (size_t)s->nu - 1, t;
  for (size_t k = 1; k <= q; k++) { /* c = C(p + k - 1, k), exact at every step */
    if (!gfd_size_mul(c, s->p + k - 1, &c)) return 0;
    c /= k;
  }
  *n = c;
  return gfd_size_mul(c, s->p, &t) && t <= GFD_PACKED_MAX;
}

size_t gfd_route_packed_tile(void) { return (size_t)PK_HC * PK_MB; }

/* symmetrised y at the multiset idx[0..nu-1] (modadd only: the others are
 * symmetric): the mean over the orderings, by Heap's algorithm */
static double y_symmetric(const gfd_model *m, const size_t *idx0) {
  int nu = m->spec.nu, c[GFD_NU_MAX] = {0}, i = 1, count = 1;
  size_t idx[GFD_NU_MAX];
  memcpy(idx, idx0, (size_t)nu * sizeof *idx);
  double sum = gfd_model_y_entry(m, idx);
  while (i < nu) {
    if (c[i] < i) {
      size_t j = i % 2 == 0 ? 0 : (size_t)c[i], tmp = idx[j];
      idx[j] = idx[i];
      idx[i] = tmp;
      sum += gfd_model_y_entry(m, idx);
      count++;
      c[i]++;
      i = 1;
    } else {
      c[i++] = 0;
    }
  }
  return sum / count;
}

int gfd_model_packed_build(gfd_model *m, gfd_err *e) {
  const gfd_spec *s = &m->spec;
  size_t n, p = s->p, q = (size_t)s->nu - 1;
  if (!gfd_route_packed_rows(s, &n))
    return gfd_err_set(e, GFD_EBUDGET, "the packed route is for SYM models with C(p+nu-2, nu-1) p <= %zu",
                       (size_t)GFD_PACKED_MAX);
  if (m->pk_idx) return GFD_OK;
  m->pk_idx = gfd_xmalloc(n * q, sizeof *m->pk_idx);
  m->pk_mult = gfd_xmalloc(n, sizeof *m->pk_mult);
  m->pk_binom = gfd_xmalloc((p + q) * (q + 1), sizeof *m->pk_binom);
  if (s->target != GFD_TGT_ZERO) m->pk_y = gfd_xmalloc(n * p, sizeof *m->pk_y);
  if (!m->pk_idx || !m->pk_mult || !m->pk_binom || (s->target != GFD_TGT_ZERO && !m->pk_y)) {
    gfd_model_packed_free(m);
    return gfd_err_set(e, GFD_ENOMEM, "out of memory for the packed route's tables");
  }
  m->pk_n = n;
  /* the multisets as non-decreasing tuples t[0] <= .. <= t[q-1] in colex
   * order: t[0] runs fastest, so the rows of one largest index are together */
  size_t t[GFD_NU_MAX] = {0}, idx[GFD_NU_MAX];
  double fact = 1;
  for (size_t k = 2; k <= q; k++) fact *= (double)k;
  for (size_t r = 0; r < n; r++) {
    double mult = fact, run = 1;
    for (size_t k = 0; k < q; k++) {
      m->pk_idx[r * q + k] = (uint32_t)t[k];
      run = k > 0 && t[k] == t[k - 1] ? run + 1 : 1;
      mult /= run; /* divides by counts! one factor at a time */
    }
    m->pk_mult[r] = mult;
    if (m->pk_y) {
      for (size_t k = 0; k < q; k++) idx[k] = t[k];
      for (size_t i = 0; i < p; i++) {
        idx[q] = i;
        m->pk_y[r * p + i] = s->target == GFD_TGT_MODADD ? y_symmetric(m, idx) : gfd_model_y_entry(m, idx);
      }
    }
    /* next: raise the first entry that can stay <= the one after it, reset those before */
    size_t k = 0;
    while (k < q && t[k] == (k + 1 < q ? t[k + 1] : p - 1)) k++;
    if (k == q) break;
    t[k]++;
    for (size_t j = 0; j < k; j++) t[j] = 0;
  }
  /* binomials C(a, b) for a < p + q, b <= q: the colex rank of a multiset */
  for (size_t a = 0; a < p + q; a++)
    for (size_t b = 0; b <= q; b++)
      m->pk_binom[a * (q + 1) + b] = b == 0 ? 1 : a == 0 ? 0 : m->pk_binom[(a - 1) * (q + 1) + b - 1] + m->pk_binom[(a - 1) * (q + 1) + b];
  return GFD_OK;
}

void gfd_model_packed_free(gfd_model *m) {
  free(m->pk_idx);
  free(m->pk_mult);
  free(m->pk_y);
  free(m->pk_binom);
  m->pk_binom = NULL;
  m->pk_idx = NULL;
  m->pk_mult = NULL;
  m->pk_y = NULL;
  m->pk_n = 0;
}

/* T (hc x mb, row-major) = P[h0.., r0..] */
static void build_tile(const gfd_model *m, const double *U, size_t h0, size_t hc, size_t r0, size_t mb,
                       double *T) {
  size_t p = m->spec.p, q = (size_t)m->spec.nu - 1;
  const uint32_t *ix = m->pk_idx + r0 * q;
  for (size_t a = 0; a < hc; a++) {
    const double *u = U + (h0 + a) * p;
    double *row = T + a * mb;
    switch (q) {
    case 1:
      for (size_t j = 0; j < mb; j++) row[j] = u[ix[j]];
      break;
    case 2:
      for (size_t j = 0; j < mb; j++) row[j] = u[ix[2 * j]] * u[ix[2 * j + 1]];
      break;
    case 3:
      for (size_t j = 0; j < mb; j++) row[j] = u[ix[3 * j]] * u[ix[3 * j + 1]] * u[ix[3 * j + 2]];
      break;
    default:
      for (size_t j = 0; j < mb; j++) {
        double v = 1;
        for (size_t k = 0; k < q; k++) v *= u[ix[q * j + k]];
        row[j] = v;
      }
    }
  }
}

/* colex rank of the sorted multiset a[0..q-1]: sum_k C(a_k + k, k + 1) */
static size_t colex_rank(const gfd_model *m, const size_t *a, size_t q) {
  size_t r = 0;
  for (size_t k = 0; k < q; k++) r += m->pk_binom[(a[k] + k) * (q + 1) + k + 1];
  return r;
}

int gfd_model_eval_packed(const gfd_model *m, const double *theta, gfd_work *w, double *loss, double *excess,
                          double *grad) {
  size_t p = m->spec.p, H = m->spec.H, n = m->pk_n, q = (size_t)m->spec.nu - 1;
  double *F = w->F, *T = w->da, *W = w->db, nu = (double)m->spec.nu;
  const uint32_t *ix = m->pk_idx;
  /* F[r, i] for i >= the block's first largest index (colex: the least) */
  for (size_t h0 = 0; h0 < H; h0 += PK_HC) {
    size_t hc = H - h0 < PK_HC ? H - h0 : PK_HC;
    for (size_t r0 = 0; r0 < n; r0 += PK_MB) {
      size_t mb = n - r0 < PK_MB ? n - r0 : PK_MB, j0 = ix[r0 * q + q - 1];
      build_tile(m, theta, h0, hc, r0, mb, T);
      cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)mb, (int)(p - j0), (int)hc, 1.0, T, (int)mb,
                  theta + h0 * p + j0, (int)p, h0 ? 1.0 : 0.0, F + r0 * p + j0, (int)p);
    }
  }
  /* each entry of f once: row r, i >= j = its largest index, weighted by the
   * orderings of r + {i}: nu mult(r), divided by (run of j in r) + 1 at i = j */
  double half_f2 = 0, fy = 0;
  for (size_t r = 0; r < n; r++) {
    size_t j = ix[r * q + q - 1], run = 1;
    while (run < q && ix[r * q + q - 1 - run] == j) run++;
    const double *f = F + r * p, *y = m->pk_y ? m->pk_y + r * p : NULL;
    double wt = nu * m->pk_mult[r], a = f[j] * f[j] / (double)(run + 1), b = y ? f[j] * y[j] / (double)(run + 1) : 0;
    for (size_t i = j + 1; i < p; i++) {
      a += f[i] * f[i];
      if (y) b += f[i] * y[i];
    }
    half_f2 += wt * a;
    fy += wt * b;
  }
  half_f2 *= 0.5;
  double ex = half_f2 - fy, l = ex + m->y_half_norm2;
  if (loss) *loss = l;
  if (excess) *excess = ex;
  if (grad) {
    for (size_t r = 0; r < n; r++) { /* R = F - Y where formed */
      size_t j = ix[r * q + q - 1];
      if (m->pk_y)
        for (size_t i = j; i < p; i++) F[r * p + i] -= m->pk_y[r * p + i];
    }
    /* W = mult R at every i: below j, R of r - {j} + {i} at column j */
    size_t a[GFD_NU_MAX];
    for (size_t r = 0; r < n; r++) {
      const uint32_t *t = ix + r * q;
      size_t j = t[q - 1];
      double mu = m->pk_mult[r];
      for (size_t i = j; i < p; i++) W[r * p + i] = mu * F[r * p + i];
      for (size_t i = 0; i < j; i++) {
        size_t k = 0, c = 0; /* a = sorted(t[0..q-2] + {i}) */
        for (; k < q - 1 && t[k] <= i; k++) a[c++] = t[k];
        a[c++] = i;
        for (; k < q - 1; k++) a[c++] = t[k];
        W[r * p + i] = mu * F[colex_rank(m, a, q) * p + j];
      }
    }
    for (size_t h0 = 0; h0 < H; h0 += PK_HC) {
      size_t hc = H - h0 < PK_HC ? H - h0 : PK_HC;
      for (size_t r0 = 0; r0 < n; r0 += PK_MB) {
        size_t mb = n - r0 < PK_MB ? n - r0 : PK_MB;
        build_tile(m, theta, h0, hc, r0, mb, T);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)hc, (int)p, (int)mb, nu, T, (int)mb,
                    W + r0 * p, (int)p, r0 ? 1.0 : 0.0, grad + h0 * p, (int)p);
      }
    }
  }
  if (!isfinite(l)) return GFD_ENUMERIC;
  return GFD_OK;
}
