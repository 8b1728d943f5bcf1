/* taylor_series.c - matrix-valued power series: layouts, elementwise Cauchy
 * products and the Hadamard product chains of the Taylor recursion. */
#include <config.h>
#include <string.h>
#include "taylor_internal.h"

void tser_vert(tser *s, double *mem, size_t rows, size_t cols, int N) {
  (void)N;
  s->origin = mem;
  s->step = (ptrdiff_t)(rows * cols);
  s->rows = rows;
  s->cols = cols;
  s->ld = cols;
}

void tser_hrev(tser *s, double *mem, size_t rows, size_t cols, int N) {
  s->origin = mem + (size_t)N * cols;
  s->step = -(ptrdiff_t)cols;
  s->rows = rows;
  s->cols = cols;
  s->ld = (size_t)(N + 1) * cols;
}

/* o += x o y, unrolled by four so that it vectorises at -O2 too */
static inline void axpy_prod(double *restrict o, const double *restrict x, const double *restrict y, size_t n) {
  size_t j = 0;
  for (; j + 4 <= n; j += 4) {
    o[j] += x[j] * y[j];
    o[j + 1] += x[j + 1] * y[j + 1];
    o[j + 2] += x[j + 2] * y[j + 2];
    o[j + 3] += x[j + 3] * y[j + 3];
  }
  for (; j < n; j++) o[j] += x[j] * y[j];
}

void tser_cauchy_to(double *out, size_t ldo, const tser *a, const tser *b, int n) {
  const tser *shape = a ? a : b;
  size_t R = shape->rows, C = shape->cols;
  if (!a || !b) { /* a product with the series 1 is the other factor */
    const tser *x = a ? a : b;
    for (size_t i = 0; i < R; i++) memcpy(out + i * ldo, tser_blk(x, n) + i * x->ld, C * sizeof(double));
    return;
  }
  /* a o a (SYM powers start with it): the terms k and n-k are equal */
  int half = a == b;
  for (size_t i = 0; i < R; i++) {
    double *restrict o = out + i * ldo;
    memset(o, 0, C * sizeof(double));
    for (int k = 0; half ? 2 * k < n : k <= n; k++)
      axpy_prod(o, tser_blk(a, k) + i * a->ld, tser_blk(b, n - k) + i * b->ld, C);
    if (half) {
      for (size_t j = 0; j < C; j++) o[j] *= 2;
      if (n % 2 == 0) axpy_prod(o, tser_blk(a, n / 2) + i * a->ld, tser_blk(a, n / 2) + i * a->ld, C);
    }
  }
}

/* A dot product with four partial sums: good vectorisation and a smaller
 * error growth than one running sum. */
static double dot4(const double *restrict x, const double *restrict y, size_t n) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  size_t j = 0;
  for (; j + 4 <= n; j += 4) {
    s0 += x[j] * y[j];
    s1 += x[j + 1] * y[j + 1];
    s2 += x[j + 2] * y[j + 2];
    s3 += x[j + 3] * y[j + 3];
  }
  for (; j < n; j++) s0 += x[j] * y[j];
  return (s0 + s1) + (s2 + s3);
}

/* Vertical series are summed as one flat block, reversed-horizontal ones row
 * by row, whatever their order N (at N = 0 their rows happen to be contiguous
 * too): so a sum does not depend on the order the workspace was built for. */
long double tser_cauchy_sum(const tser *a, const tser *b, int n) {
  long double tot = 0;
  int flat = a->ld == a->cols && b->ld == b->cols && a->step > 0 && b->step > 0;
  for (int k = 0; k <= n; k++) {
    const double *x = tser_blk(a, k), *y = tser_blk(b, n - k);
    if (flat) {
      tot += dot4(x, y, a->rows * a->cols);
    } else {
      for (size_t i = 0; i < a->rows; i++) tot += dot4(x + i * a->ld, y + i * b->ld, a->cols);
    }
  }
  return tot;
}

/* ------------------------------------------------------------ chains */

size_t tchain_nseries(int nu, int sym, int hist) {
  if (sym) return (size_t)(nu - 2); /* A^{ok}, k = 2..nu-1 */
  return (size_t)(2 * (nu - 2) + (hist ? nu - 2 : 0));
}

static const tser *pre_ptr(const tchain *c, int k) {
  if (k == 0) return NULL;
  if (k == 1) return c->A[0];
  return &c->pre[k];
}

static const tser *suf_ptr(const tchain *c, int k) {
  if (k == c->nu - 1) return NULL;
  if (k == c->nu - 2) return c->A[c->nu - 1];
  return &c->suf[k];
}

static void take_like(tchain *c, tser *s, const tser *shape, double **mem) {
  if (c->hrev) tser_hrev(s, *mem, shape->rows, shape->cols, c->N);
  else tser_vert(s, *mem, shape->rows, shape->cols, c->N);
  *mem += tser_doubles(shape->rows, shape->cols, c->N);
}

void tchain_init(tchain *c, int nu, int sym, int hist, const tser *A, int N, double **mem) {
  memset(c, 0, sizeof *c);
  c->nu = nu;
  c->sym = sym;
  c->hist = hist;
  c->N = N;
  c->hrev = A[0].step < 0;
  for (int k = 0; k < (sym ? 1 : nu); k++) c->A[k] = &A[k];
  for (int k = 2; k <= nu - 1; k++) take_like(c, &c->pre[k], &A[0], mem);
  if (sym) return;
  for (int k = 0; k <= nu - 3; k++) take_like(c, &c->suf[k], &A[0], mem);
  if (hist)
    for (int k = 1; k <= nu - 2; k++) take_like(c, &c->q[k], &A[0], mem);
}

static void order_into(tser *s, const tser *a, const tser *b, int n) {
  tser_cauchy_to(tser_blk(s, n), s->ld, a, b, n);
}

void tchain_order(tchain *c, int n) {
  int nu = c->nu;
  if (c->sym) {
    for (int k = 2; k <= nu - 1; k++) order_into(&c->pre[k], pre_ptr(c, k - 1), c->A[0], n);
    return;
  }
  for (int k = 2; k <= nu - 1; k++) order_into(&c->pre[k], pre_ptr(c, k - 1), c->A[k - 1], n);
  for (int k = nu - 3; k >= 0; k--) order_into(&c->suf[k], suf_ptr(c, k + 1), c->A[k + 1], n);
  if (c->hist)
    for (int k = 1; k <= nu - 2; k++) order_into(&c->q[k], pre_ptr(c, k), suf_ptr(c, k), n);
}

const tser *tchain_q(const tchain *c, int k) {
  if (c->sym) return pre_ptr(c, c->nu - 1);
  if (k == 0) return suf_ptr(c, 0);
  if (k == c->nu - 1) return pre_ptr(c, c->nu - 1);
  return c->hist ? &c->q[k] : NULL;
}

const double *tchain_q_block(const tchain *c, int k, int n, double *scratch, size_t *ld) {
  const tser *q = tchain_q(c, k);
  if (q) {
    *ld = q->ld;
    return tser_blk(q, n);
  }
  const tser *shape = c->A[0];
  tser_cauchy_to(scratch, shape->cols, pre_ptr(c, k), suf_ptr(c, k), n);
  *ld = shape->cols;
  return scratch;
}

long double tchain_full_sum(const tchain *c, int n) {
  const tser *last = c->sym ? c->A[0] : c->A[c->nu - 1];
  return tser_cauchy_sum(pre_ptr(c, c->nu - 1), last, n);
}
