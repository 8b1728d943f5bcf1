/* solution_ntk.c - NTK (lazy) solutions (gfd-theory(7) 5.3): the single-exponential
 * law and, for any instance, the exact linearised curve
 * L_lin(t) = 1/2 <r0, exp(-2 K t) r0>, K = J J^T at theta0:
 *   nu = 2, identity or zero target: from the NTK spectrum.  SYM: K acts on
 *     the eigenbasis of W as K E_ii = 4 lambda_i E_ii, so
 *     L_lin = 1/2 [(p-r) kappa^2 + sum_i (lambda_i - kappa)^2 exp(-8 lambda_i t)].
 *     ASYM: K R = W1 R + R W2 (W_k = U_k^T U_k), so with W1 = A mu A^T,
 *     W2 = B nu B^T and R~ = A^T r0 B: L_lin = 1/2 sum R~_ij^2 exp(-2 (mu_i + nu_j) t).
 *   otherwise: integrate d(dtheta)/dt = -(g0 + M dtheta), M = J^T J (Gram
 *     formulas below), and L_lin = L0 + g0.dtheta + 1/2 dtheta.M dtheta. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#include <lapacke.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include "internal.h"

static double factorial(int n) {
  double r = 1;
  for (int k = 2; k <= n; k++) r *= k;
  return r;
}

double gfd_ntk_rate(const gfd_spec *s) {
  int nu = s->nu;
  double H = (double)s->H, s2 = s->sigma * s->sigma;
  if (s->kind == GFD_ASYM) return nu * H * pow(s2, nu - 1);
  if (nu % 2 == 1 || nu == 2) return nu * factorial(nu) * H * pow(s2, nu - 1);
  return 0;
}

double gfd_ntk_expected_loss0(const gfd_spec *s) {
  int nu = s->nu;
  double p = (double)s->p, H = (double)s->H, s2 = s->sigma * s->sigma, k = s->kappa;
  double y2 = s->target == GFD_TGT_ZERO ? 0 : p * k * k; /* identity */
  if (s->kind == GFD_ASYM) return 0.5 * (H * pow(s2 * p, nu) + y2);
  if (nu == 2) {
    double kk = s->target == GFD_TGT_ZERO ? 0 : k;
    return s2 * s2 * p * H * (p + H + 1) / 2 - kk * s2 * p * H + 0.5 * y2;
  }
  /* odd-nu SYM: E||u||^(2nu) = s2^nu p (p+2) ... (p+2nu-2); <f, y> has mean 0 */
  double m = 1;
  for (int j = 0; j < nu; j++) m *= s2 * (p + 2 * j);
  return 0.5 * (H * m + y2);
}

/* ---------------------------------------------------- Gauss-Newton product */
static void gemm_nt(size_t H, size_t p, const double *X, const double *Y, double *C) {
  /* C = X Y^T, X and Y H x p row-major, C H x H */
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)H, (int)H, (int)p, 1.0, X, (int)p, Y,
              (int)p, 0.0, C, (int)H);
}

int gfd_ntk_jtj(gfd_kind kind, int nu, size_t p, size_t H, const double *theta, const double *x,
                double *y, gfd_err *e) {
  size_t HH = H * H, nb = kind == GFD_SYM ? 1 : (size_t)nu;
  double *A = gfd_xmalloc(nb * HH, sizeof *A), *B = gfd_xmalloc(nb * HH, sizeof *B);
  double *C = gfd_xmalloc(HH, sizeof *C), *S = gfd_xmalloc(HH, sizeof *S);
  if (!A || !B || !C || !S) {
    free(A);
    free(B);
    free(C);
    free(S);
    return gfd_err_set(e, GFD_ENOMEM, "out of memory for the NTK product");
  }
  for (size_t k = 0; k < nb; k++) {
    gemm_nt(H, p, theta + k * H * p, theta + k * H * p, A + k * HH);
    gemm_nt(H, p, theta + k * H * p, x + k * H * p, B + k * HH); /* B_hh' = <u_h, x_h'> */
  }
  if (kind == GFD_SYM) {
    /* Y = nu [A^(nu-1) X + (nu-1) (B o A^(nu-2)) U]  (Hadamard powers) */
    for (size_t i = 0; i < HH; i++) {
      double a = A[i], an2 = 1;
      for (int j = 0; j < nu - 2; j++) an2 *= a;
      C[i] = nu * an2 * a;
      S[i] = nu * (nu - 1) * B[i] * an2;
    }
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)H, (int)p, (int)H, 1.0, C, (int)H, x,
                (int)p, 0.0, y, (int)p);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)H, (int)p, (int)H, 1.0, S, (int)H,
                theta, (int)p, 1.0, y, (int)p);
  } else {
    /* Y_k = (o_{m!=k} A_m) X_k + (sum_{l!=k} B_l o_{m!=k,l} A_m) U_k */
    for (int k = 0; k < nu; k++) {
      for (size_t i = 0; i < HH; i++) {
        double c = 1, s = 0;
        for (int m = 0; m < nu; m++)
          if (m != k) c *= A[m * HH + i];
        for (int l = 0; l < nu; l++) {
          if (l == k) continue;
          double t = B[l * HH + i];
          for (int m = 0; m < nu; m++)
            if (m != k && m != l) t *= A[m * HH + i];
          s += t;
        }
        C[i] = c;
        S[i] = s;
      }
      cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)H, (int)p, (int)H, 1.0, C, (int)H,
                  x + k * H * p, (int)p, 0.0, y + k * H * p, (int)p);
      cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)H, (int)p, (int)H, 1.0, S, (int)H,
                  theta + k * H * p, (int)p, 1.0, y + k * H * p, (int)p);
    }
  }
  free(A);
  free(B);
  free(C);
  free(S);
  return GFD_OK;
}

/* ------------------------------------------------------ linearised curve */
struct gfd_ntk_lin {
  gfd_spec spec;
  int spectral;
  double L0, X0;       /* loss and excess at theta0 */
  /* spectral: nterm (rate, weight) pairs, L = const + sum w exp(-2 rate t) */
  size_t nterm;
  double *rate, *wt;
  /* integration */
  size_t dim;
  double *theta0, *g0, *dth, *tmp;
  gfd_err err;
  const gfd_ctl *ctl;
};

void gfd_ntk_lin_free(gfd_ntk_lin *N) {
  if (!N) return;
  free(N->rate);
  free(N->wt);
  free(N->theta0);
  free(N->g0);
  free(N->dth);
  free(N->tmp);
  free(N);
}

int gfd_ntk_lin_spectral(const gfd_ntk_lin *N) { return N->spectral; }

/* ASYM nu = 2: full eigendecompositions of W1, W2 (p x p) */
static int asym2_spectrum(gfd_ntk_lin *N, const double *theta, const gfd_ctl *ctl, gfd_err *e) {
  size_t p = N->spec.p, H = N->spec.H, pp = p * p;
  double kap = N->spec.target == GFD_TGT_ZERO ? 0 : N->spec.kappa;
  int st = gfd_ctl_budget(ctl, 5 * pp * sizeof(double), "the ASYM NTK spectrum", e);
  if (st) return st;
  double *W1 = gfd_xmalloc(pp, sizeof *W1), *W2 = gfd_xmalloc(pp, sizeof *W2);
  double *R = gfd_xmalloc(pp, sizeof *R), *T = gfd_xmalloc(pp, sizeof *T);
  double *mu = gfd_xmalloc(2 * p, sizeof *mu);
  N->rate = gfd_xmalloc(pp, sizeof *N->rate);
  N->wt = gfd_xmalloc(pp, sizeof *N->wt);
  if (!W1 || !W2 || !R || !T || !mu || !N->rate || !N->wt) {
    st = gfd_err_set(e, GFD_ENOMEM, "out of memory for the ASYM NTK spectrum (p = %zu)", p);
    goto out;
  }
  const double *U1 = theta, *U2 = theta + H * p;
  /* r0 = U1^T U2 - kappa I */
  cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)p, (int)p, (int)H, 1.0, U1, (int)p, U2,
              (int)p, 0.0, R, (int)p);
  for (size_t i = 0; i < p; i++) R[i * p + i] -= kap;
  cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)p, (int)p, (int)H, 1.0, U1, (int)p, U1,
              (int)p, 0.0, W1, (int)p);
  cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)p, (int)p, (int)H, 1.0, U2, (int)p, U2,
              (int)p, 0.0, W2, (int)p);
  if (LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int)p, W1, (lapack_int)p, mu) ||
      LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int)p, W2, (lapack_int)p, mu + p)) {
    st = gfd_err_set(e, GFD_ENUMERIC, "the NTK eigenvalue solver (dsyevd) failed");
    goto out;
  }
  /* R~ = A^T r0 B (A = W1's eigenvectors, B = W2's, as columns) */
  cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)p, (int)p, (int)p, 1.0, W1, (int)p, R,
              (int)p, 0.0, T, (int)p);
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)p, (int)p, 1.0, T, (int)p, W2,
              (int)p, 0.0, R, (int)p);
  N->nterm = 0;
  for (size_t i = 0; i < p; i++)
    for (size_t j = 0; j < p; j++) {
      double rt = (mu[i] > 0 ? mu[i] : 0) + (mu[p + j] > 0 ? mu[p + j] : 0);
      double w = 0.5 * R[i * p + j] * R[i * p + j];
      N->rate[N->nterm] = rt;
      N->wt[N->nterm] = w;
      N->nterm++;
    }
  st = GFD_OK;
out:
  free(W1);
  free(W2);
  free(R);
  free(T);
  free(mu);
  return st;
}

static int lin_rhs(double t, const double y[], double dy[], void *vp) {
  gfd_ntk_lin *N = vp;
  (void)t;
  if (gfd_ctl_poll(N->ctl, &N->err)) return GSL_EBADFUNC;
  if (gfd_ntk_jtj(N->spec.kind, N->spec.nu, N->spec.p, N->spec.H, N->theta0, y, dy, &N->err))
    return GSL_EBADFUNC;
  for (size_t i = 0; i < N->dim; i++) dy[i] = -(N->g0[i] + dy[i]);
  return GSL_SUCCESS;
}

gfd_ntk_lin *gfd_ntk_lin_new(const gfd_model *m, const double *theta0, const gfd_ctl *ctl,
                             gfd_err *e) {
  const gfd_spec *s = gfd_model_spec(m);
  gfd_ntk_lin *N = calloc(1, sizeof *N);
  gfd_work *w = NULL;
  if (!N) {
    gfd_err_set(e, GFD_ENOMEM, "out of memory for the NTK curve");
    return NULL;
  }
  N->spec = *s;
  N->dim = gfd_model_dim(m);
  int tgt_simple = s->target == GFD_TGT_IDENTITY || s->target == GFD_TGT_ZERO;
  w = gfd_work_new(m, ctl, e);
  if (!w) goto fail;
  if (gfd_model_eval(m, theta0, w, &N->L0, &N->X0, NULL)) {
    gfd_err_set(e, GFD_ENUMERIC, "the initial parameters are not finite");
    goto fail;
  }
  if (s->nu == 2 && tgt_simple && (s->kind == GFD_SYM || s->p <= 4000)) {
    N->spectral = 1;
    if (s->kind == GFD_SYM) {
      size_t r = s->p < s->H ? s->p : s->H;
      double kap = s->target == GFD_TGT_ZERO ? 0 : s->kappa;
      N->rate = gfd_xmalloc(r, sizeof *N->rate);
      N->wt = gfd_xmalloc(r, sizeof *N->wt);
      if (!N->rate || !N->wt) {
        gfd_err_set(e, GFD_ENOMEM, "out of memory for the NTK spectrum");
        goto fail;
      }
      if (gfd_sym2_eigen(s->p, s->H, theta0, N->rate, &r, ctl, e)) goto fail;
      N->nterm = r;
      for (size_t i = 0; i < r; i++) {
        double l = N->rate[i];
        N->wt[i] = 0.5 * (l - kap) * (l - kap);
        N->rate[i] = 4 * l; /* K eigenvalue; the loss decays at twice the rate */
      }
    } else if (asym2_spectrum(N, theta0, ctl, e))
      goto fail;
  } else {
    size_t bytes;
    if (!gfd_size_mul(N->dim, 20 * sizeof(double), &bytes) ||
        gfd_ctl_budget(ctl, bytes, "the linearised flow", e))
      goto fail;
    N->theta0 = gfd_xmalloc(N->dim, sizeof(double));
    N->g0 = gfd_xmalloc(N->dim, sizeof(double));
    N->dth = gfd_xmalloc(N->dim, sizeof(double));
    N->tmp = gfd_xmalloc(N->dim, sizeof(double));
    if (!N->theta0 || !N->g0 || !N->dth || !N->tmp) {
      gfd_err_set(e, GFD_ENOMEM, "out of memory for the linearised flow");
      goto fail;
    }
    memcpy(N->theta0, theta0, N->dim * sizeof(double));
    if (gfd_model_eval(m, theta0, w, NULL, NULL, N->g0)) {
      gfd_err_set(e, GFD_ENUMERIC, "the initial gradient is not finite");
      goto fail;
    }
  }
  gfd_work_free(w);
  return N;
fail:
  gfd_work_free(w);
  gfd_ntk_lin_free(N);
  return NULL;
}

/* L - L0 along dtheta: g0.d + 1/2 d.M d */
static int lin_delta(gfd_ntk_lin *N, const double *d, double *out) {
  if (gfd_ntk_jtj(N->spec.kind, N->spec.nu, N->spec.p, N->spec.H, N->theta0, d, N->tmp, &N->err))
    return -1;
  long double s = 0;
  for (size_t i = 0; i < N->dim; i++) s += d[i] * (N->g0[i] + 0.5L * N->tmp[i]);
  *out = (double)s;
  return 0;
}

int gfd_ntk_lin_eval(gfd_ntk_lin *N, size_t n, const double *t, double *loss, double *excess,
                     const gfd_ctl *ctl, gfd_err *e) {
  if (N->spectral) {
    for (size_t i = 0; i < n; i++) {
      /* L(t) - L0 = sum w (exp(-2 rate t) - 1): no cancellation against L0 */
      long double d = 0;
      for (size_t j = 0; j < N->nterm; j++) d += N->wt[j] * expm1(-2 * N->rate[j] * t[i]);
      if (loss) loss[i] = N->L0 + (double)d;
      if (excess) excess[i] = N->X0 + (double)d;
    }
    return GFD_OK;
  }
  /* integrate forward through the t >= 0 (ascending) and backward through
   * the t < 0 (descending): one sorted index list per direction */
  N->ctl = ctl;
  gfd_err_clear(&N->err);
  size_t *idx = gfd_xmalloc(n ? n : 1, sizeof *idx);
  if (!idx) return gfd_err_set(e, GFD_ENOMEM, "out of memory for the linearised flow");
  gsl_odeiv2_system sys = {lin_rhs, NULL, N->dim, N};
  double scale = 0;
  for (size_t i = 0; i < N->dim; i++)
    if (fabs(N->theta0[i]) > scale) scale = fabs(N->theta0[i]);
  int st = GFD_OK;
  for (int sgn = 1; sgn >= -1 && st == GFD_OK; sgn -= 2) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
      if (sgn > 0 ? t[i] >= 0 : t[i] < 0) idx[k++] = i;
    /* insertion sort by |t| (grids are nearly sorted already) */
    for (size_t i = 1; i < k; i++) {
      size_t v = idx[i], j = i;
      while (j > 0 && fabs(t[idx[j - 1]]) > fabs(t[v])) {
        idx[j] = idx[j - 1];
        j--;
      }
      idx[j] = v;
    }
    if (k == 0) continue;
    gsl_odeiv2_driver *drv = gsl_odeiv2_driver_alloc_y_new(&sys, gsl_odeiv2_step_rk8pd, sgn * 1e-6,
                                                           1e-12 * (scale > 0 ? scale : 1), 1e-10);
    if (!drv) {
      st = gfd_err_set(e, GFD_ENOMEM, "out of memory for the linearised flow");
      break;
    }
    memset(N->dth, 0, N->dim * sizeof(double));
    double tc = 0;
    for (size_t j = 0; j < k; j++) {
      size_t i = idx[j];
      if (t[i] != tc) {
        int gs = gsl_odeiv2_driver_apply(drv, &tc, t[i], N->dth);
        if (gs != GSL_SUCCESS) {
          if (N->err.code) st = gfd_err_set(e, N->err.code, "%s", N->err.msg);
          else st = gfd_err_set(e, GFD_ENUMERIC, "the linearised flow failed at t = %g: %s", tc,
                                gsl_strerror(gs));
          break;
        }
      }
      double dl;
      if (lin_delta(N, N->dth, &dl)) {
        st = gfd_err_set(e, N->err.code ? N->err.code : GFD_ENOMEM, "%s", N->err.msg);
        break;
      }
      if (loss) loss[i] = N->L0 + dl;
      if (excess) excess[i] = N->X0 + dl;
    }
    gsl_odeiv2_driver_free(drv);
  }
  free(idx);
  return st;
}
