/* solution_ascent.c - SYM even nu >= 4 gradient ascent in the mean-field
 * limit (gfd-theory(7) 5.4): the parametric solution in b >= 0, the criterion
 * kappa_nu vs kappa_c(nu), the blow-up time and the moment recurrence.
 *
 *   g(b) = E[x^2 (1 + b x^(nu-2))^(-2/(nu-2))], k(b) = E[x^nu (1 + b x^(nu-2))^(-nu/(nu-2))]
 *   G(b) = int_0^b g^(nu-1),  D = 1 - (nu/(nu-2)) kappa G,
 *   tau(b) = -(1/(nu-2)) int_0^b D^((nu-2)/nu),  Lnorm = kappa g^nu/(2 D^2) - k/D.
 *
 * Convergent case (kappa < kappa_c): b runs to infinity; the ODE (G, tau) is
 * integrated in b.  Divergent case: D reaches 0 at b*, where D^((nu-2)/nu)
 * has a square-root-like endpoint; we integrate in w = D^(1/nu) instead
 * (db/dw = -(nu-2) w^(nu-1)/(kappa g^(nu-1)), dtau/dw = w^(2nu-3)/(kappa g^(nu-1))),
 * which is smooth down to w = 0 (the blow-up).  A query tau is located in
 * the table of accepted steps and refined by Brent on short ODE hops. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_erf.h>
#include "internal.h"

/* ------------------------------------------------------------------ erfcx */
double gfd_erfcx(double z) {
  if (isnan(z)) return z;
  if (z < 0) {
    if (z < -26.5) return INFINITY;
    return 2 * exp(z * z) - gfd_erfcx(-z);
  }
  if (z < 5) return exp(z * z) * gsl_sf_erfc(z);
  /* erfc z = exp(-z^2)/sqrt(pi) * 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + ...)))),
   * evaluated by the modified Lentz method; converges fast for z >= 5 */
  const double tiny = 1e-300;
  double f = z, C = z, D = 0;
  for (int n = 1; n < 500; n++) {
    double an = 0.5 * n;
    D = z + an * D;
    if (D == 0) D = tiny;
    C = z + an / C;
    if (C == 0) C = tiny;
    D = 1 / D;
    double delta = C * D;
    f *= delta;
    if (fabs(delta - 1) < 1e-16) break;
  }
  return 1.0 / (f * sqrt(M_PI));
}

/* Asymptotic series in b, summed up to its smallest term:
 * which = 0: h = sum (-b)^n (2n-1)!!, 1: g = sum (-b)^n (2n+1)!!,
 * 2: k = sum (n+1) (-b)^n (2n+3)!! */
static long double moment_series(double b, int which) {
  long double sum = 0, last = INFINITY, bn = 1, df = 1; /* df = (2n-1)!! */
  for (int n = 0; n < 400; n++) {
    long double t = bn * df;
    if (which >= 1) t *= 2 * n + 1;
    if (which == 2) t *= (2 * n + 3) * (long double)(n + 1);
    if (n & 1) t = -t;
    if (fabsl(t) > last) break;
    sum += t;
    last = fabsl(t);
    if (b == 0 || last < 1e-22L * fabsl(sum)) break;
    bn *= b;
    df *= 2 * n + 1;
  }
  return sum;
}

/* nu = 4: small b by the asymptotic moment series (its smallest term near
 * n = 1/(2b) is below 1e-21 for b <= 0.01), larger b by erfcx. */
void gfd_ascent4_hgk(double b, double *h, double *g, double *k) {
  if (b <= 0.01) {
    if (h) *h = (double)moment_series(b, 0);
    if (g) *g = (double)moment_series(b, 1);
    if (k) *k = (double)moment_series(b, 2);
    return;
  }
  double z = 1.0 / sqrt(2 * b);
  double ex = gfd_erfcx(z);
  double hv = sqrt(M_PI) * z * ex;
  double gv = (1 - hv) / b;
  /* h'(b) = -z^3 dh/dz, dh/dz = sqrt(pi)(1 + 2z^2) erfcx(z) - 2z; k = -g' = (g + h')/b */
  double dhdz = sqrt(M_PI) * (1 + 2 * z * z) * ex - 2 * z;
  double hp = -z * z * z * dhdz;
  if (h) *h = hv;
  if (g) *g = gv;
  if (k) *k = (gv + hp) / b;
}

/* ------------------------------------------------------------ the object */
struct gfd_ascent {
  int nu;
  double kappa, cfac; /* cfac = nu/(nu-2) */
  double Ginf, kappa_c;
  int diverges;
  double bstar, tau_star;
  int mode;           /* 0: parameter b (convergent), 1: parameter w = D^(1/nu) */
  size_t n, cap;
  double *x, *y0, *y1; /* table: parameter, state (mode 0: G, T; mode 1: b, T) */
  gsl_integration_workspace *iw, *ow;
  gsl_odeiv2_system sys;
  gsl_odeiv2_step *step;
  gsl_odeiv2_control *ctrl;
  gsl_odeiv2_evolve *ev;
  int fail;
};

static double dfact(int n) {
  double r = 1;
  for (int k = n; k > 1; k -= 2) r *= k;
  return r;
}

typedef struct { int nu; double b; int which; } gk_par;
static double gk_integrand(double x, void *vp) {
  const gk_par *q = vp;
  int nu = q->nu;
  double base = 1 + q->b * pow(x, nu - 2);
  double w = exp(-0.5 * x * x) * M_SQRT2 / sqrt(M_PI);
  if (q->which == 0) return w * x * x * pow(base, -2.0 / (nu - 2));
  return w * pow(x, nu) * pow(base, -(double)nu / (nu - 2));
}

int gfd_ascent_gk(gfd_ascent *A, double b, double *g, double *k) {
  if (A->nu == 4) {
    gfd_ascent4_hgk(b, NULL, g, k);
    return GFD_OK;
  }
  if (b == 0) {
    if (g) *g = 1;
    if (k) *k = dfact(A->nu - 1);
    return GFD_OK;
  }
  for (int which = 0; which < 2; which++) {
    double *out = which ? k : g;
    if (!out) continue;
    gk_par q = {A->nu, b, which};
    gsl_function F = {gk_integrand, &q};
    double res, err;
    /* exp(-x^2/2) x^nu < 1e-25 beyond x = 14 for nu <= 8 */
    int st = gsl_integration_qag(&F, 0, 14, 1e-300, 1e-13, 500, GSL_INTEG_GAUSS41, A->iw, &res, &err);
    if (st && st != GSL_EROUND) return GFD_ENUMERIC;
    *out = res;
  }
  return GFD_OK;
}

static double g_pow(double x, void *vp) {
  gfd_ascent *A = vp;
  double g;
  if (gfd_ascent_gk(A, x, &g, NULL)) A->fail = 1;
  return pow(g, A->nu - 1);
}

int gfd_ascent_G(gfd_ascent *A, double b, double *G, gfd_err *e) {
  gsl_function F = {g_pow, A};
  double res, err;
  int st;
  A->fail = 0;
  if (isinf(b)) st = gsl_integration_qagiu(&F, 0, 1e-300, 1e-12, 500, A->ow, &res, &err);
  else st = gsl_integration_qag(&F, 0, b, 1e-300, 1e-12, 500, GSL_INTEG_GAUSS41, A->ow, &res, &err);
  if ((st && st != GSL_EROUND) || A->fail)
    return gfd_err_set(e, GFD_ENUMERIC, "quadrature of G(b) failed at b = %g", b);
  *G = res;
  return GFD_OK;
}

/* ODE right-hand sides; the parameter is x (b or w) */
static int rhs(double x, const double y[], double dy[], void *vp) {
  gfd_ascent *A = vp;
  int nu = A->nu;
  double g;
  if (A->mode == 0) {
    if (gfd_ascent_gk(A, x, &g, NULL)) return GSL_EBADFUNC;
    double D = 1 - A->cfac * A->kappa * y[0];
    if (D < 0) D = 0;
    dy[0] = pow(g, nu - 1);
    dy[1] = -pow(D, (nu - 2.0) / nu) / (nu - 2);
  } else {
    double b = y[0] > 0 ? y[0] : 0;
    if (gfd_ascent_gk(A, b, &g, NULL)) return GSL_EBADFUNC;
    double gi = 1.0 / (A->kappa * pow(g, nu - 1));
    dy[0] = -(nu - 2) * pow(x, nu - 1) * gi;
    dy[1] = pow(x, 2 * nu - 3) * gi;
  }
  return GSL_SUCCESS;
}

static int table_push(gfd_ascent *A, double x, const double y[2]) {
  if (A->n == A->cap) {
    size_t nc = A->cap ? 2 * A->cap : 256;
    double *nx = realloc(A->x, nc * sizeof *nx);
    if (!nx) return GFD_ENOMEM;
    A->x = nx;
    double *n0 = realloc(A->y0, nc * sizeof *n0);
    if (!n0) return GFD_ENOMEM;
    A->y0 = n0;
    double *n1 = realloc(A->y1, nc * sizeof *n1);
    if (!n1) return GFD_ENOMEM;
    A->y1 = n1;
    A->cap = nc;
  }
  A->x[A->n] = x;
  A->y0[A->n] = y[0];
  A->y1[A->n] = y[1];
  A->n++;
  return GFD_OK;
}

/* Continue the table (mode 0) until T <= tau_goal, or (mode 1) to w = 0. */
static int table_extend(gfd_ascent *A, double tau_goal, gfd_err *e) {
  double x = A->x[A->n - 1];
  double y[2] = {A->y0[A->n - 1], A->y1[A->n - 1]};
  double h = A->mode == 0 ? (x > 0 ? 0.1 * x : 1e-3) : -1e-3;
  double x1 = A->mode == 0 ? 1e15 : 0.0;
  gsl_odeiv2_evolve_reset(A->ev);
  for (int it = 0; it < 1000000; it++) {
    if (A->mode == 0 && y[1] <= tau_goal) return GFD_OK;
    if (A->mode == 1 && x <= 0) return GFD_OK;
    int st = gsl_odeiv2_evolve_apply(A->ev, A->ctrl, A->step, &A->sys, &x, x1, &h, y);
    if (st != GSL_SUCCESS)
      return gfd_err_set(e, GFD_ENUMERIC, "the ascent ODE failed at parameter %g: %s", x,
                         gsl_strerror(st));
    if (table_push(A, x, y)) return gfd_err_set(e, GFD_ENOMEM, "out of memory for the ascent table");
    if (A->mode == 0 && x >= x1)
      return gfd_err_set(e, GFD_ENUMERIC, "tau = %g is beyond the reach of the ascent table", tau_goal);
  }
  return gfd_err_set(e, GFD_ENUMERIC, "the ascent ODE took too many steps");
}

void gfd_ascent_free(gfd_ascent *A) {
  if (!A) return;
  free(A->x);
  free(A->y0);
  free(A->y1);
  if (A->iw) gsl_integration_workspace_free(A->iw);
  if (A->ow) gsl_integration_workspace_free(A->ow);
  if (A->ev) gsl_odeiv2_evolve_free(A->ev);
  if (A->ctrl) gsl_odeiv2_control_free(A->ctrl);
  if (A->step) gsl_odeiv2_step_free(A->step);
  free(A);
}

gfd_ascent *gfd_ascent_new(int nu, double kappa, gfd_err *e) {
  if (nu < 4 || nu > GFD_NU_MAX || nu % 2) {
    gfd_err_set(e, GFD_EUNSUP, "the ascent solution needs an even nu >= 4 (got nu = %d)", nu);
    return NULL;
  }
  if (!(kappa > 0) || !isfinite(kappa)) {
    gfd_err_set(e, GFD_EINVAL, "the ascent control parameter must be positive (got %g)", kappa);
    return NULL;
  }
  gfd_ascent *A = calloc(1, sizeof *A);
  if (!A) goto nomem;
  A->nu = nu;
  A->kappa = kappa;
  A->cfac = (double)nu / (nu - 2);
  A->iw = gsl_integration_workspace_alloc(500);
  A->ow = gsl_integration_workspace_alloc(500);
  A->step = gsl_odeiv2_step_alloc(gsl_odeiv2_step_rk8pd, 2);
  A->ctrl = gsl_odeiv2_control_standard_new(1e-15, 1e-12, 1, 0);
  A->ev = gsl_odeiv2_evolve_alloc(2);
  if (!A->iw || !A->ow || !A->step || !A->ctrl || !A->ev) goto nomem;
  A->sys = (gsl_odeiv2_system){rhs, NULL, 2, A};
  if (gfd_ascent_G(A, INFINITY, &A->Ginf, e)) goto fail;
  A->kappa_c = (nu - 2) / (nu * A->Ginf);
  /* at the threshold itself b* is infinite: treat as convergent */
  A->diverges = kappa > A->kappa_c * (1 + 1e-12);
  A->mode = A->diverges;
  double y[2] = {A->mode ? 0.0 : 0.0, 0.0};
  if (table_push(A, A->mode ? 1.0 : 0.0, y)) goto nomem;
  if (A->diverges) {
    if (table_extend(A, 0, e)) goto fail;
    A->bstar = A->y0[A->n - 1];
    A->tau_star = A->y1[A->n - 1];
  } else {
    A->bstar = INFINITY;
    A->tau_star = NAN;
    if (table_extend(A, -1.0, e)) goto fail;
  }
  return A;
nomem:
  gfd_err_set(e, GFD_ENOMEM, "out of memory for the ascent solution");
fail:
  gfd_ascent_free(A);
  return NULL;
}

double gfd_ascent_Ginf(const gfd_ascent *A) { return A->Ginf; }
double gfd_ascent_kappa_c(const gfd_ascent *A) { return A->kappa_c; }

int gfd_ascent_diverges(const gfd_ascent *A, double *tau_star, double *b_star) {
  if (tau_star) *tau_star = A->tau_star;
  if (b_star) *b_star = A->bstar;
  return A->diverges;
}

/* state at parameter x by integrating from table node i */
static int hop(gfd_ascent *A, size_t i, double x, double y[2]) {
  double xx = A->x[i];
  y[0] = A->y0[i];
  y[1] = A->y1[i];
  if (x == xx) return GSL_SUCCESS;
  double h = (x - xx) * 0.5;
  gsl_odeiv2_evolve_reset(A->ev);
  for (int it = 0; it < 100000 && xx != x; it++) {
    int st = gsl_odeiv2_evolve_apply(A->ev, A->ctrl, A->step, &A->sys, &xx, x, &h, y);
    if (st != GSL_SUCCESS) return st;
  }
  return xx == x ? GSL_SUCCESS : GSL_EMAXITER;
}

typedef struct { gfd_ascent *A; size_t i; double tau; int fail; } hop_par;
static double hop_f(double x, void *vp) {
  hop_par *h = vp;
  double y[2];
  if (hop(h->A, h->i, x, y)) h->fail = 1;
  return y[1] - h->tau;
}

int gfd_ascent_eval(gfd_ascent *A, double tau, double *lnorm, double *rho, double *bout,
                    gfd_err *e) {
  int nu = A->nu;
  double K = A->kappa;
  if (!(tau <= 0) || (A->diverges && tau <= A->tau_star)) {
    if (lnorm) *lnorm = NAN;
    if (rho) *rho = NAN;
    if (bout) *bout = NAN;
    return GFD_OK;
  }
  if (tau == 0) {
    if (lnorm) *lnorm = K / 2 - dfact(nu - 1);
    if (rho) *rho = 1;
    if (bout) *bout = 0;
    return GFD_OK;
  }
  if (A->mode == 0 && A->y1[A->n - 1] > tau) {
    int st = table_extend(A, tau, e);
    if (st) return st;
  }
  /* T decreases along the table: find T_i >= tau > T_{i+1} */
  size_t lo = 0, hi = A->n - 1;
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (A->y1[mid] >= tau) lo = mid;
    else hi = mid;
  }
  double xs, y[2];
  if (A->y1[hi] == tau) {
    xs = A->x[hi];
    y[0] = A->y0[hi];
    y[1] = A->y1[hi];
  } else {
    hop_par hp = {A, lo, tau, 0};
    gsl_function F = {hop_f, &hp};
    gsl_root_fsolver *rs = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!rs) return gfd_err_set(e, GFD_ENOMEM, "out of memory for a root finder");
    double a = A->x[lo], b = A->x[hi];
    if (a > b) {
      double t = a;
      a = b;
      b = t;
    }
    int st = gsl_root_fsolver_set(rs, &F, a, b);
    xs = 0.5 * (a + b);
    for (int it = 0; st == GSL_SUCCESS && it < 200; it++) {
      gsl_root_fsolver_iterate(rs);
      xs = gsl_root_fsolver_root(rs);
      double l = gsl_root_fsolver_x_lower(rs), u = gsl_root_fsolver_x_upper(rs);
      if (gsl_root_test_interval(l, u, 1e-300, 4e-16) == GSL_SUCCESS) break;
    }
    gsl_root_fsolver_free(rs);
    if (st != GSL_SUCCESS || hp.fail || hop(A, lo, xs, y))
      return gfd_err_set(e, GFD_ENUMERIC, "could not locate tau = %g on the ascent solution", tau);
  }
  double b, D;
  if (A->mode == 0) {
    b = xs;
    D = 1 - A->cfac * K * y[0];
  } else {
    b = y[0];
    D = pow(xs, nu);
  }
  double g, k;
  if (gfd_ascent_gk(A, b, &g, &k))
    return gfd_err_set(e, GFD_ENUMERIC, "quadrature of g, k failed at b = %g", b);
  if (lnorm) *lnorm = K * pow(g, nu) / (2 * D * D) - k / D;
  if (rho) *rho = g / pow(D, 2.0 / nu);
  if (bout) *bout = b;
  return GFD_OK;
}

/* ------------------------------------------------ model-level quantities */
double gfd_ascent_kappa_of(const gfd_spec *s) {
  int nu = s->nu;
  double p = (double)s->p, H = (double)s->H;
  double kn = pow(s->sigma, nu) * pow(p, nu - 1) * (1 + dfact(nu - 1) * (H - 1) * pow(p, -nu / 2.0));
  return kn / s->kappa;
}

void gfd_ascent_scales(const gfd_spec *s, double *tfac, double *lfac) {
  int nu = s->nu;
  if (tfac) *tfac = nu * s->kappa * pow(s->sigma, nu - 2);
  if (lfac) *lfac = (double)s->H * (double)s->p * pow(s->sigma, nu) * s->kappa;
}

/* ---------------------------------------- finite size: the largest unit
 * Each unit h sees the same mean-field ODE with its own start: with
 * rho0 = |u_h|^2/(sigma^2 p), v = sqrt(rho0) w and tau' = rho0^((nu-2)/2) tau
 * turn its self part kappa_s = sigma^nu p^(nu-1)/kappa into kappa_s rho0^(nu/2),
 * while the coherent part of the other units, kappa_m = sigma^nu (nu-1)!! (H-1)
 * p^(nu/2-1)/kappa, is unchanged.  The unit with the largest norm has the
 * largest kappa_h and the earliest tau*, so it blows up first (gfd-theory(7) 5.4):
 * tau*_h = tau*(kappa_h) / rho0^((nu-2)/2).  An estimate: it ignores the
 * unit's own coordinate fluctuations and the bulk's slower motion. */
int gfd_ascent_largest_unit(const gfd_spec *s, const double *theta, double *t_star, double *kappa_h,
                            double *rho_max, gfd_err *e) {
  if (s->kind != GFD_SYM || s->nu < 4 || s->nu % 2 || s->target != GFD_TGT_IDENTITY || !(s->kappa > 0))
    return gfd_err_set(e, GFD_EUNSUP, "the largest-unit estimate needs SYM even nu >= 4, identity target");
  int nu = s->nu;
  double p = (double)s->p, s2 = s->sigma * s->sigma, best = -1;
  for (size_t h = 0; h < s->H; h++) {
    double r = 0;
    for (size_t i = 0; i < s->p; i++) r += theta[h * s->p + i] * theta[h * s->p + i];
    if (r > best) best = r;
  }
  double rho0 = best / (s2 * p);
  double ks = pow(s->sigma, nu) * pow(p, nu - 1) / s->kappa;
  double km = pow(s->sigma, nu) * dfact(nu - 1) * ((double)s->H - 1) * pow(p, nu / 2.0 - 1) / s->kappa;
  double kh = ks * pow(rho0, nu / 2.0) + km;
  if (kappa_h) *kappa_h = kh;
  if (rho_max) *rho_max = rho0;
  gfd_ascent *A = gfd_ascent_new(nu, kh, e);
  if (!A) return e ? e->code : GFD_ENOMEM;
  double taus = NAN, tfac;
  int div = gfd_ascent_diverges(A, &taus, NULL);
  gfd_ascent_free(A);
  gfd_ascent_scales(s, &tfac, NULL);
  *t_star = div ? taus / pow(rho0, (nu - 2) / 2.0) / tfac : NAN;
  return div;
}

/* ------------------------------------------------------ moment recurrence */
int gfd_ascent_coefs(int nu, double kappa, int N, long double *coef, gfd_err *e) {
  if (nu < 4 || nu % 2 || nu > GFD_NU_MAX)
    return gfd_err_set(e, GFD_EUNSUP, "the moment recurrence needs an even nu >= 4");
  if (N < 0 || N > 400) return gfd_err_set(e, GFD_EINVAL, "series order %d out of range", N);
  int hsh = (nu - 2) / 2, half = nu / 2;
  int K = half + N * hsh + 1;
  size_t cols = (size_t)N + 1;
  long double *M = gfd_xcalloc((size_t)(K + 1) * cols, sizeof *M);
  long double *P = gfd_xcalloc(cols, sizeof *P), *T = gfd_xcalloc(cols, sizeof *T);
  if (!M || !P || !T) {
    free(M);
    free(P);
    free(T);
    return gfd_err_set(e, GFD_ENOMEM, "out of memory for the moment recurrence");
  }
#define MM(k, s) M[(size_t)(k) * cols + (s)]
  long double df = 1; /* (2k-1)!! */
  for (int k = 1; k <= K; k++) {
    df *= 2 * k - 1;
    MM(k, 0) = df;
  }
  long double kap = kappa;
  for (int s = 0; s < N; s++) {
    /* P = M_1^(nu-1) up to order s */
    for (int j = 0; j <= s; j++) P[j] = MM(1, j);
    for (int pw = 2; pw <= nu - 1; pw++) {
      for (int j = 0; j <= s; j++) {
        long double acc = 0;
        for (int i = 0; i <= j; i++) acc += P[i] * MM(1, j - i);
        T[j] = acc;
      }
      memcpy(P, T, (size_t)(s + 1) * sizeof *P);
    }
    for (int k = 1; k + hsh <= K; k++) {
      long double conv = 0;
      for (int j = 0; j <= s; j++) conv += P[j] * MM(k, s - j);
      MM(k, s + 1) = (-2.0L * k * kap * conv + 2.0L * k * MM(k + hsh, s)) / (s + 1);
    }
  }
  /* Lnorm = kappa/2 M_1^nu - M_{nu/2} */
  for (int j = 0; j <= N; j++) P[j] = MM(1, j);
  for (int pw = 2; pw <= nu; pw++) {
    for (int j = 0; j <= N; j++) {
      long double acc = 0;
      for (int i = 0; i <= j; i++) acc += P[i] * MM(1, j - i);
      T[j] = acc;
    }
    memcpy(P, T, cols * sizeof *P);
  }
  for (int s = 0; s <= N; s++) coef[s] = 0.5L * kap * P[s] - MM(half, s);
#undef MM
  free(M);
  free(P);
  free(T);
  return GFD_OK;
}
