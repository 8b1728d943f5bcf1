/* solution_sym2.c - SYM nu = 2: the exact finite-size solution from the
 * eigenvalues of W = U^T U, its Marchenko-Pastur limit, the ascent criterion
 * and the limit series by the characteristic recurrence (gfd-theory(7) 5.1). */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#include <lapacke.h>
#include "internal.h"

/* ------------------------------------------------------- exact, finite size */
int gfd_sym2_eigen(size_t p, size_t H, const double *theta, double *lambda, size_t *r,
                   const gfd_ctl *ctl, gfd_err *e) {
  size_t n = p < H ? p : H, nn;
  if (n == 0) return gfd_err_set(e, GFD_EINVAL, "empty model (p = %zu, H = %zu)", p, H);
  if (!gfd_size_mul(n, n, &nn) || nn > SIZE_MAX / sizeof(double))
    return gfd_err_set(e, GFD_EBUDGET, "the Gram matrix of size %zu is too large", n);
  int st = gfd_ctl_budget(ctl, nn * sizeof(double), "the Gram matrix for the eigenvalues", e);
  if (st) return st;
  double *A = gfd_xmalloc(nn, sizeof *A);
  if (!A) return gfd_err_set(e, GFD_ENOMEM, "out of memory for a %zu x %zu Gram matrix", n, n);
  /* the smaller Gram matrix has the same nonzero spectrum */
  if (H <= p)
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)H, (int)p, 1.0, theta, (int)p, 0.0,
                A, (int)n);
  else
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)p, (int)H, 1.0, theta, (int)p, 0.0,
                A, (int)n);
  lapack_int info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'N', 'U', (lapack_int)n, A, (lapack_int)n,
                                   lambda);
  free(A);
  if (info != 0)
    return gfd_err_set(e, GFD_ENUMERIC, "the eigenvalue solver (dsyevd) failed (info %d)", (int)info);
  for (size_t i = 0; i < n; i++)
    if (!isfinite(lambda[i]))
      return gfd_err_set(e, GFD_ENUMERIC, "the Gram matrix has a non-finite eigenvalue");
    else if (lambda[i] < 0)
      lambda[i] = 0; /* rounding: a Gram matrix is positive semidefinite */
  *r = n;
  return GFD_OK;
}

/* lambda(t) = lambda0 / (E + lambda0 phi), E = exp(-4 kappa t),
 * phi = (1 - E)/kappa (-> 4t as kappa -> 0): the logistic solution of
 * dlambda/dt = -4 lambda (lambda - kappa) without cancellation. */
double gfd_sym2_lambda(double lambda0, double kappa, double t) {
  if (lambda0 == 0) return 0;
  double x = -4 * kappa * t;
  double E = exp(x);
  double phi = kappa != 0 ? -expm1(x) / kappa : 4 * t;
  double den = E + lambda0 * phi;
  if (!(den > 0)) return NAN;
  return lambda0 / den;
}

void gfd_sym2_loss(const double *lambda, size_t r, size_t p, double kappa, double t,
                   double *loss, double *excess) {
  long double sl = 0, sx = 0;
  int nan = 0;
  for (size_t i = 0; i < r; i++) {
    double l = gfd_sym2_lambda(lambda[i], kappa, t);
    if (isnan(l)) nan = 1;
    long double d = (long double)l - kappa;
    sl += d * d;
    sx += (long double)l * ((long double)l - 2.0L * kappa);
  }
  if (loss) *loss = nan ? NAN : (double)(0.5L * ((long double)(p - r) * kappa * kappa + sl));
  if (excess) *excess = nan ? NAN : (double)(0.5L * sx);
}

double gfd_sym2_tstar(double lmax, double kappa) {
  if (kappa == 0) return lmax > 0 ? -1.0 / (4 * lmax) : NAN;
  if (kappa > 0 && lmax <= kappa) return NAN;
  return log1p(-kappa / lmax) / (4 * kappa);
}

/* ------------------------------------------------------ Marchenko-Pastur */
double gfd_sym2_mp_edge(double c, double s) {
  double r = 1 + sqrt(c);
  return s * r * r;
}

double gfd_sym2_mp_tstar(double c, double s, double kappa) {
  return gfd_sym2_tstar(gfd_sym2_mp_edge(c, s), kappa);
}

/* Narayana: m_k = s^k sum_{j=1..k} N(k,j) c^j, N(k,j) = C(k,j) C(k,j-1) / k. */
void gfd_sym2_mp_moments(double c, double s, int K, long double *m) {
  m[0] = 1;
  for (int k = 1; k <= K; k++) {
    long double sum = 0, Ckj = k, Ckjm1 = 1; /* C(k,1), C(k,0) */
    long double cj = c;
    for (int j = 1; j <= k; j++) {
      sum += Ckj * Ckjm1 / k * cj;
      cj *= c;
      Ckjm1 = Ckj;
      Ckj = Ckj * (k - j) / (j + 1);
    }
    m[k] = sum * powl(s, k);
  }
}

/* g(q) = int dmu/(1 + x q) = (D - B)/(2 s q), B = 1 - s(1-c) q, D = sqrt(B^2 + 4 s q);
 * written as 2/(D + B) when B > 0 to avoid cancellation. */
double gfd_sym2_mp_g(double c, double s, double q) {
  if (q == 0 || s == 0) return 1.0;
  double B = 1 - s * (1 - c) * q;
  double D = sqrt(B * B + 4 * s * q);
  return B > 0 ? 2.0 / (D + B) : (D - B) / (2 * s * q);
}

double gfd_sym2_mp_stieltjes(double c, double s, double z) {
  return gfd_sym2_mp_g(c, s, -1.0 / z) / z;
}

/* (q g)' = int dmu/(1 + x q)^2 = [(1-c) + (2 - (1-c) B)/D] / 2 */
static double mp_qg_prime(double c, double s, double q) {
  double B = 1 - s * (1 - c) * q;
  double D = sqrt(B * B + 4 * s * q);
  return 0.5 * ((1 - c) + (2 - (1 - c) * B) / D);
}

/* K(q) = 1/2 int (x-1)^2/(1+xq)^2 dmu, kappa = 1.  kzero: the zero target,
 * 1/2 int x^2/(1+xq)^2 dmu. */
static double mp_K(double c, double s, double q, int kzero) {
  double edge = gfd_sym2_mp_edge(c, s);
  if (fabs(q) * edge < 0.1) { /* the closed form cancels as q^2: use the moment series */
    long double m[48];
    gfd_sym2_mp_moments(c, s, 46, m);
    long double sum = 0, qj = 1;
    for (int j = 0; j <= 44; j++) {
      long double mom = kzero ? m[j + 2] : m[j + 2] - 2 * m[j + 1] + m[j];
      long double term = ((j & 1) ? -1.0L : 1.0L) * (j + 1) * mom * qj;
      sum += term;
      qj *= q;
      if (j > 4 && fabsl(term) < 1e-21L * fabsl(sum)) break;
    }
    return (double)(0.5L * sum);
  }
  double g = gfd_sym2_mp_g(c, s, q), qgp = mp_qg_prime(c, s, q);
  if (kzero) return (1 - 2 * g + qgp) / (2 * q * q);
  return (1 - 2 * (1 + q) * g + (1 + q) * (1 + q) * qgp) / (2 * q * q);
}

double gfd_sym2_mp_K(double c, double s, double q, int zero_target) {
  if (!(1 + q * gfd_sym2_mp_edge(c, s) > 0)) return NAN;
  return mp_K(c, s, q, zero_target);
}

int gfd_sym2_mp_loss(double c, double s, double kappa, double t, double *lp, double *xp) {
  if (!(c > 0) || !(s >= 0) || !isfinite(c) || !isfinite(s))
    return gfd_err_set(NULL, GFD_EINVAL, "bad MP parameters");
  if (kappa < 0) return GFD_EUNSUP;
  double tstar = gfd_sym2_mp_tstar(c, s, kappa);
  if (!isnan(tstar) && t <= tstar) {
    if (lp) *lp = NAN;
    if (xp) *xp = NAN;
    return GFD_OK;
  }
  double L, X;
  if (kappa == 0) {
    L = mp_K(c, s, 4 * t, 1);
    X = L;
  } else {
    double q = expm1(4 * kappa * t);
    double K = mp_K(c, s / kappa, q, 0);
    L = kappa * kappa * K;
    X = kappa * kappa * (K - 0.5);
  }
  if (lp) *lp = L;
  if (xp) *xp = X;
  return GFD_OK;
}

/* The recurrence cancels: the terms grow like (1/0.295)^n against a sum that
 * grows like (1/0.42)^n at c = 1/2, s = 1, so about 9 of the digits are lost
 * at n = 60.  It runs in binary128 where the compiler has it (software
 * arithmetic: 34 digits, and exact under valgrind, which emulates long double
 * as double), else in long double (19 digits). */
#if defined(__SIZEOF_FLOAT128__)
typedef __float128 hp_t;
#else
typedef long double hp_t;
#endif

int gfd_sym2_mp_coefs(double c, double s, double kappa, int N, int excess, long double *coef,
                      gfd_err *e) {
  if (N < 0 || N > 4000) return gfd_err_set(e, GFD_EINVAL, "series order %d out of range", N);
  if (kappa < 0)
    return gfd_err_set(e, GFD_EUNSUP, "the Marchenko-Pastur limit series needs kappa >= 0");
  hp_t *m = gfd_xmalloc((size_t)N + 3, sizeof *m);
  hp_t *k = gfd_xmalloc((size_t)N + 1, sizeof *k);
  if (!m || !k) {
    free(m);
    free(k);
    return gfd_err_set(e, GFD_ENOMEM, "out of memory for %d series coefficients", N);
  }
  hp_t sk = kappa > 0 ? (hp_t)s / (hp_t)kappa : (hp_t)s; /* work in units where kappa = 1 */
  /* moments m_j = sk^j sum_{i=1..j} N(j,i) c^i (Narayana numbers) */
  m[0] = 1;
  hp_t skj = 1;
  for (int j = 1; j <= N + 2; j++) {
    hp_t sum = 0, Cji = j, Cjim1 = 1, ci = c;
    for (int i = 1; i <= j; i++) {
      sum += Cji * Cjim1 / j * ci;
      ci *= c;
      Cjim1 = Cji;
      Cji = Cji * (j - i) / (i + 1);
    }
    skj *= sk;
    m[j] = sum * skj;
  }
  /* k_{0,j}: q-coefficients of K(0, q) */
  for (int j = 0; j <= N; j++) {
    hp_t mom = kappa > 0 ? m[j + 2] - 2 * m[j + 1] + m[j] : m[j + 2];
    k[j] = (hp_t)0.5 * ((j & 1) ? -1 : 1) * (j + 1) * mom;
  }
  if (kappa == 0) {
    /* zero target: L/p = K(4t) directly (q = 4t) */
    hp_t f = 1;
    for (int n = 0; n <= N; n++) {
      coef[n] = (long double)(k[n] * f);
      f *= 4;
    }
  } else {
    /* (n+1) k_{n+1,j} = 4 [(j+1) k_{n,j+1} + j k_{n,j}], in place (j ascending) */
    hp_t kap = kappa, kn = kap * kap;
    coef[0] = (long double)(k[0] * kn - (excess ? (hp_t)0.5 * kap * kap : 0));
    for (int n = 0; n < N; n++) {
      for (int j = 0; j < N - n; j++) k[j] = 4 * ((j + 1) * k[j + 1] + j * k[j]) / (n + 1);
      kn *= kap;
      coef[n + 1] = (long double)(k[0] * kn);
    }
  }
  free(m);
  free(k);
  return GFD_OK;
}
