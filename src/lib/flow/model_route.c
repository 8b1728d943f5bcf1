/* model_route.c - the loss and gradient through the dense tensor f (p^nu
 * entries) instead of the Gram matrices, and the choice between the two.
 *
 * The Gram route costs ~3 H^2 p flops per factor block (dsyrk and dsymm);
 * the dense route builds f = sum_h u_h^(1) (x) ... (x) u_h^(nu) (~2 H p^nu),
 * takes R = f - y and contracts R with the factors of each unit in all modes
 * but one (~2 p^nu per unit and mode): ~(2 + 2 nu) H p^nu in all.  At small p
 * and large H the dense route wins by far (ASYM nu=3 p=32 H=32768: 30x fewer
 * flops), but its work is matrix-vector products, slower per flop than the
 * Gram route's matrix-matrix products: it is chosen when its flop count is
 * below GFD_ROUTE_MARGIN of the Gram route's (see gfd/model.h for the
 * measurement), and only up to GFD_DENSE_MAX entries.  SYM models have a
 * third route through the distinct entries of f (model_route_packed.c); the
 * choice takes the least flops divided by each route's relative speed.  Measured gradient
 * times (1 thread): ASYM nu=3 p=16 H=1024 11.6 ms Gram, 5.3 ms dense; ASYM
 * nu=3 p=32 H=4096 688 ms, 78 ms. */
#include <config.h>
#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "model_internal.h"

const char *gfd_route_name(gfd_route r) {
  return r == GFD_ROUTE_DENSE ? "dense" : r == GFD_ROUTE_PACKED ? "packed" : "gram";
}

int gfd_route_entries(const gfd_spec *s, size_t *n) {
  *n = 1;
  for (int k = 0; k < s->nu; k++)
    if (!gfd_size_mul(*n, s->p, n) || *n > GFD_DENSE_MAX) return 0;
  return 1;
}

/* C(p + k - 1, k): multisets of k indices, in floating point (no size limit) */
static double multisets(const gfd_spec *s, int k) {
  double c = 1;
  for (int j = 1; j <= k; j++) c = c * ((double)s->p + j - 1) / j;
  return c;
}

double gfd_route_flops(const gfd_spec *s, gfd_route r) {
  double H = (double)s->H, p = (double)s->p, nb = s->kind == GFD_ASYM ? s->nu : 1;
  if (r == GFD_ROUTE_GRAM) return 3 * H * H * p * nb;
  if (r == GFD_ROUTE_PACKED) return 2 * H * (multisets(s, s->nu) + p * multisets(s, s->nu - 1));
  return (2 + 2.0 * s->nu) * H * pow(p, s->nu);
}

gfd_route gfd_spec_route(const gfd_spec *s) {
  size_t n;
  gfd_route best = GFD_ROUTE_GRAM;
  double cost = gfd_route_flops(s, GFD_ROUTE_GRAM);
  if (gfd_route_entries(s, &n) && gfd_route_flops(s, GFD_ROUTE_DENSE) / GFD_ROUTE_MARGIN < cost) {
    best = GFD_ROUTE_DENSE;
    cost = gfd_route_flops(s, GFD_ROUTE_DENSE) / GFD_ROUTE_MARGIN;
  }
  if (gfd_route_packed_rows(s, &n) && gfd_route_flops(s, GFD_ROUTE_PACKED) / GFD_ROUTE_PACKED_MARGIN < cost)
    best = GFD_ROUTE_PACKED;
  return best;
}

/* the factor vectors of unit h: vec[k] = u_h^(k+1) (SYM: u_h for every k) */
static void unit_factors(const gfd_model *m, const double *theta, size_t h, const double **vec) {
  size_t H = m->spec.H, p = m->spec.p;
  for (int k = 0; k < m->spec.nu; k++)
    vec[k] = m->nblk == 1 ? theta + h * p : theta + ((size_t)k * H + h) * p;
}

/* out (p) = R contracted with vec[j] in every mode j != k.  R has nu modes
 * of size p, row-major (the last mode fastest); a and b are scratch of
 * p^(nu-1).  Trailing modes go first (R as rows x p times a vector), then
 * the leading ones (a vector times R as p x cols). */
static void contract_except(const double *R, int nu, size_t p, const double *const *vec, int k, double *out,
                            double *a, double *b) {
  const double *cur = R;
  size_t len = 1;
  for (int j = 0; j < nu; j++) len *= p;
  double *dst = a;
  for (int j = nu - 1; j > k; j--) {
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)(len / p), (int)p, 1.0, cur, (int)p, vec[j], 1, 0.0, dst, 1);
    cur = dst;
    dst = dst == a ? b : a;
    len /= p;
  }
  for (int j = 0; j < k; j++) {
    cblas_dgemv(CblasRowMajor, CblasTrans, (int)p, (int)(len / p), 1.0, cur, (int)(len / p), vec[j], 1, 0.0, dst,
                1);
    cur = dst;
    dst = dst == a ? b : a;
    len /= p;
  }
  memcpy(out, cur, p * sizeof *out); /* len == p */
}

int gfd_model_eval_dense(const gfd_model *m, const double *theta, gfd_work *w, double *loss, double *excess,
                         double *grad) {
  const gfd_spec *s = &m->spec;
  size_t p = s->p, H = s->H, n = w->nd, np = n / p;
  int nu = s->nu;
  double *F = w->F, *o = w->da;
  const double *vec[GFD_NU_MAX];
  /* f: for each unit the outer product of its factors, the last mode by a
   * rank-one update of F seen as np x p */
  memset(F, 0, n * sizeof *F);
  for (size_t h = 0; h < H; h++) {
    unit_factors(m, theta, h, vec);
    size_t len = 1;
    o[0] = 1;
    for (int k = 0; k + 1 < nu; k++) { /* o <- o (x) vec[k], in place from the end */
      for (size_t a = len; a-- > 0;) {
        double oa = o[a];
        for (size_t i = 0; i < p; i++) o[a * p + i] = oa * vec[k][i];
      }
      len *= p;
    }
    cblas_dger(CblasRowMajor, (int)np, (int)p, 1.0, o, 1, vec[nu - 1], 1, F, (int)p);
  }
  double half_f2 = 0.5 * cblas_ddot((int)n, F, 1, F, 1), fy = 0;
  if (m->ydense) fy = cblas_ddot((int)n, F, 1, m->ydense, 1);
  double ex = half_f2 - fy, l = ex + m->y_half_norm2;
  if (loss) *loss = l;
  if (excess) *excess = ex;
  if (grad) {
    if (m->ydense) cblas_daxpy((int)n, -1.0, m->ydense, 1, F, 1); /* R = f - y */
    for (size_t h = 0; h < H; h++) {
      unit_factors(m, theta, h, vec);
      for (int k = 0; k < nu; k++) {
        double *g = m->nblk == 1 ? grad + h * p : grad + ((size_t)k * H + h) * p;
        contract_except(F, nu, p, vec, k, w->dv, w->da, w->db);
        /* SYM: the unit appears in every mode, its gradient sums them */
        if (m->nblk == 1 && k > 0) cblas_daxpy((int)p, 1.0, w->dv, 1, g, 1);
        else memcpy(g, w->dv, p * sizeof *g);
      }
    }
  }
  if (!isfinite(l)) return GFD_ENUMERIC;
  return GFD_OK;
}
