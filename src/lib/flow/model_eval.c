/* model_eval.c - loss and gradient by the Gram trick (gfd-theory(7) section 1).
 *
 * SYM:  G = U U^T (dsyrk), 1/2||f||^2 = 1/2 sum G^nu, grad = nu G^(nu-1) U (dsymm)
 * ASYM: G_k = U_k U_k^T,   1/2||f||^2 = 1/2 sum prod_k G_k,
 *       grad_k = (prod_{l!=k} G_l) U_k
 * Targets add -<f, y> and its gradient (see model_internal.h).  The cost is
 * nb dsyrk (H^2 p flops each) plus nb dsymm (2 H^2 p flops each). */
#include <config.h>
#include <cblas.h>
#include <math.h>
#include <string.h>
#include "internal.h"
#include "model_internal.h"

static inline double ipow(double x, int n) {
  double r = 1;
  for (int i = 0; i < n; i++) r *= x;
  return r;
}

static int all_finite(const double *x, size_t n) {
  /* x * 0 is 0 for finite x and NaN for inf/NaN: one branch-free pass */
  double acc = 0;
  for (size_t i = 0; i < n; i++) acc += x[i] * 0.0;
  return acc == 0;
}

/* G (upper triangle) = U U^T for one H x p block */
static void gram_upper(size_t H, size_t p, const double *U, double *G) {
  cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)H, (int)p, 1.0, U, (int)p, 0.0, G, (int)H);
}

/* grad (+)= M U with M symmetric, upper triangle stored */
static void symm_times(size_t H, size_t p, const double *M, const double *U, double beta, double *grad) {
  cblas_dsymm(CblasRowMajor, CblasLeft, CblasUpper, (int)H, (int)p, 1.0, M, (int)H, U, (int)p, beta,
              grad, (int)p);
}

/* 1/2 ||f||^2 and (if grad) the model part of the gradient */
static double self_sym(const gfd_model *m, const double *U, gfd_work *w, double *grad) {
  size_t H = m->spec.H, p = m->spec.p;
  int nu = m->spec.nu;
  double *G = w->G, *M = w->M;
  gram_upper(H, p, U, G);
  double diag = 0, off = 0;
  for (size_t h = 0; h < H; h++) {
    const double *g = G + h * H;
    double *mm = M + h * H;
    for (size_t k = h; k < H; k++) {
      double gp = ipow(g[k], nu - 1);
      if (k == h) diag += gp * g[k];
      else off += gp * g[k];
      mm[k] = nu * gp;
    }
  }
  if (grad) symm_times(H, p, M, U, 0.0, grad);
  return 0.5 * diag + off;
}

static double self_asym(const gfd_model *m, const double *theta, gfd_work *w, double *grad) {
  size_t H = m->spec.H, p = m->spec.p, hh = H * H;
  int nu = m->spec.nu;
  for (int k = 0; k < nu; k++) gram_upper(H, p, theta + (size_t)k * H * p, w->G + (size_t)k * hh);
  double diag = 0, off = 0;
  /* loss: prod over all blocks; M = prod_{l >= 1} G_l serves the gradient of block 0 */
  for (size_t h = 0; h < H; h++)
    for (size_t c = h; c < H; c++) {
      size_t e = h * H + c;
      double rest = 1;
      for (int l = 1; l < nu; l++) rest *= w->G[(size_t)l * hh + e];
      w->M[e] = rest;
      w->pre[e] = 1; /* prefix product prod_{l<k} G_l, starts empty */
      double v = rest * w->G[e];
      if (c == h) diag += v;
      else off += v;
    }
  if (grad) {
    symm_times(H, p, w->M, theta, 0.0, grad);
    for (int k = 1; k < nu; k++) {
      const double *Gk1 = w->G + (size_t)(k - 1) * hh;
      for (size_t h = 0; h < H; h++)
        for (size_t c = h; c < H; c++) {
          size_t e = h * H + c;
          w->pre[e] *= Gk1[e];
          double prod = w->pre[e];
          for (int l = k + 1; l < nu; l++) prod *= w->G[(size_t)l * hh + e];
          w->M[e] = prod;
        }
      size_t off_k = (size_t)k * H * p;
      symm_times(H, p, w->M, theta + off_k, 0.0, grad + off_k);
    }
  }
  return 0.5 * diag + off;
}

/* <f, y> for y = kappa * diagonal, and -d<f,y>/dtheta added to grad */
static double cross_identity(const gfd_model *m, const double *theta, double *grad) {
  const gfd_spec *s = &m->spec;
  size_t n = s->H * s->p;
  int nu = s->nu;
  double kap = s->kappa, sum = 0;
  if (m->nblk == 1) {
    for (size_t i = 0; i < n; i++) {
      double up = ipow(theta[i], nu - 1);
      sum += up * theta[i];
      if (grad) grad[i] -= nu * kap * up;
    }
  } else {
    for (size_t i = 0; i < n; i++) {
      double all = 1;
      for (int k = 0; k < nu; k++) all *= theta[(size_t)k * n + i];
      sum += all;
      if (grad)
        for (int k = 0; k < nu; k++) {
          double prod = 1; /* product of the other factors, no division (zeros) */
          for (int l = 0; l < nu; l++)
            if (l != k) prod *= theta[(size_t)l * n + i];
          grad[(size_t)k * n + i] -= kap * prod;
        }
    }
  }
  return kap * sum;
}

/* teacher: C_k = U_k T_k^T (H x r), <f,y> = kappa sum prod_k C_k (SYM: C^nu) */
static double cross_teacher(const gfd_model *m, const double *theta, gfd_work *w, double *grad) {
  const gfd_spec *s = &m->spec;
  size_t H = s->H, p = s->p, r = m->r, nb = m->nblk, hr = H * r;
  int nu = s->nu;
  double kap = s->kappa, sum = 0;
  for (size_t k = 0; k < nb; k++)
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)H, (int)r, (int)p, 1.0, theta + k * H * p,
                (int)p, m->teacher + k * r * p, (int)p, 0.0, w->C + k * hr, (int)r);
  if (nb == 1) {
    for (size_t e = 0; e < hr; e++) {
      double cp = ipow(w->C[e], nu - 1);
      sum += cp * w->C[e];
      w->CM[e] = nu * kap * cp;
    }
    if (grad)
      cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)H, (int)p, (int)r, -1.0, w->CM, (int)r,
                  m->teacher, (int)p, 1.0, grad, (int)p);
    return kap * sum;
  }
  for (size_t e = 0; e < hr; e++) {
    double all = 1;
    for (size_t k = 0; k < nb; k++) all *= w->C[k * hr + e];
    sum += all;
  }
  if (grad)
    for (size_t k = 0; k < nb; k++) {
      for (size_t e = 0; e < hr; e++) {
        double prod = kap;
        for (size_t l = 0; l < nb; l++)
          if (l != k) prod *= w->C[l * hr + e];
        w->CM[e] = prod;
      }
      cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)H, (int)p, (int)r, -1.0, w->CM, (int)r,
                  m->teacher + k * r * p, (int)p, 1.0, grad + k * H * p, (int)p);
    }
  return kap * sum;
}

/* modadd (nu = 3): <f,y> = kappa sum_h T(u_h^(1), u_h^(2), u_h^(3)) */
static double cross_modadd(const gfd_model *m, const double *theta, gfd_work *w, double *grad) {
  const gfd_spec *s = &m->spec;
  size_t H = s->H, p = s->p, n = H * p;
  double kap = s->kappa, sum = 0, *v1 = w->vec, *v2 = w->vec + p;
  for (size_t h = 0; h < H; h++) {
    if (m->nblk == 1) {
      const double *u = theta + h * p;
      sum += gfd_modadd_tri(p, u, u, u);
      if (grad) {
        gfd_modadd_corr(p, u, u, v1);
        gfd_modadd_conv(p, u, u, v2);
        for (size_t i = 0; i < p; i++) grad[h * p + i] -= kap * (2 * v1[i] + v2[i]);
      }
    } else {
      const double *a = theta + h * p, *b = a + n, *c = b + n;
      sum += gfd_modadd_tri(p, a, b, c);
      if (grad) {
        gfd_modadd_corr(p, b, c, v1); /* d/da */
        cblas_daxpy((int)p, -kap, v1, 1, grad + h * p, 1);
        gfd_modadd_corr(p, a, c, v1); /* d/db */
        cblas_daxpy((int)p, -kap, v1, 1, grad + n + h * p, 1);
        gfd_modadd_conv(p, a, b, v1); /* d/dc */
        cblas_daxpy((int)p, -kap, v1, 1, grad + 2 * n + h * p, 1);
      }
    }
  }
  return kap * sum;
}

int gfd_model_eval(const gfd_model *m, const double *theta, gfd_work *w, double *loss, double *excess,
                   double *grad) {
  if (!all_finite(theta, m->dim)) return GFD_ENUMERIC;
  /* the workspace's own route where the model's changed since (set_route) */
  if (w->route == GFD_ROUTE_PACKED) {
    int rc = gfd_model_eval_packed(m, theta, w, loss, excess, grad);
    if (rc == GFD_OK && grad && !all_finite(grad, m->dim)) rc = GFD_ENUMERIC;
    return rc;
  }
  if (w->route == GFD_ROUTE_DENSE) {
    int rc = gfd_model_eval_dense(m, theta, w, loss, excess, grad);
    if (rc == GFD_OK && grad && !all_finite(grad, m->dim)) rc = GFD_ENUMERIC;
    return rc;
  }
  double half_f2 = m->nblk == 1 ? self_sym(m, theta, w, grad) : self_asym(m, theta, w, grad);
  double fy = 0;
  switch (m->spec.target) {
  case GFD_TGT_IDENTITY: fy = cross_identity(m, theta, grad); break;
  case GFD_TGT_ZERO: break;
  case GFD_TGT_TEACHER: fy = cross_teacher(m, theta, w, grad); break;
  case GFD_TGT_MODADD: fy = cross_modadd(m, theta, w, grad); break;
  }
  double ex = half_f2 - fy, l = ex + m->y_half_norm2;
  if (loss) *loss = l;
  if (excess) *excess = ex;
  if (!isfinite(l) || (grad && !all_finite(grad, m->dim))) return GFD_ENUMERIC;
  return GFD_OK;
}

/* ------------------------------------------------------ modadd primitives */

double gfd_modadd_tri(size_t p, const double *a, const double *b, const double *c) {
  double sum = 0;
  for (size_t x = 0; x < p; x++) {
    if (a[x] == 0) continue;
    /* y < p - x: c[x + y];  y >= p - x: c[x + y - p] */
    double in = cblas_ddot((int)(p - x), b, 1, c + x, 1);
    if (x) in += cblas_ddot((int)x, b + (p - x), 1, c, 1);
    sum += a[x] * in;
  }
  return sum;
}

void gfd_modadd_corr(size_t p, const double *a, const double *c, double *out) {
  memset(out, 0, p * sizeof *out);
  for (size_t x = 0; x < p; x++) {
    if (a[x] == 0) continue;
    cblas_daxpy((int)(p - x), a[x], c + x, 1, out, 1);
    if (x) cblas_daxpy((int)x, a[x], c, 1, out + (p - x), 1);
  }
}

void gfd_modadd_conv(size_t p, const double *a, const double *b, double *out) {
  memset(out, 0, p * sizeof *out);
  for (size_t x = 0; x < p; x++) {
    if (a[x] == 0) continue;
    cblas_daxpy((int)(p - x), a[x], b, 1, out + x, 1);
    if (x) cblas_daxpy((int)x, a[x], b + (p - x), 1, out, 1);
  }
}
