/* solution_free.c - free evolution (target negligible, gfd-theory(7) 5.2): per-unit
 * norms (SYM closed form, ASYM quadrature), the diagonal large-size law and
 * the even-nu mean-dominated law. */
#include <config.h>
#include <math.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_roots.h>
#include "internal.h"

double gfd_free_sym_rho(int nu, double rho0, double t) {
  double base = 1 + 2.0 * nu * (nu - 1) * pow(rho0, nu - 1) * t;
  if (!(base > 0)) return NAN;
  return rho0 * pow(base, -1.0 / (nu - 1));
}

/* ------------------------------------------------------------ ASYM unit */
typedef struct { int nu; const double *rho; } unit_par;

/* 1 / (2 prod_k (rho_k - s)) */
static double unit_rate_inv(double s, void *vp) {
  const unit_par *u = vp;
  double pr = 2;
  for (int k = 0; k < u->nu; k++) pr *= u->rho[k] - s;
  return 1.0 / pr;
}

/* 1 / (2 prod_k (rho_k + s)): the ascent side */
static double unit_rate_inv_neg(double s, void *vp) { return unit_rate_inv(-s, vp); }

/* t(s) = int_0^s ds' / (2 prod (rho_k - s')), s < min rho */
static int unit_time(const unit_par *u, double s, gsl_integration_workspace *w, double *t) {
  gsl_function F = {unit_rate_inv, (void *)u};
  double res, err;
  int st;
  if (s == 0) {
    *t = 0;
    return 0;
  }
  if (s > 0) st = gsl_integration_qag(&F, 0, s, 0, 1e-13, 200, GSL_INTEG_GAUSS31, w, &res, &err);
  else {
    st = gsl_integration_qag(&F, s, 0, 0, 1e-13, 200, GSL_INTEG_GAUSS31, w, &res, &err);
    res = -res;
  }
  *t = res;
  return st;
}

typedef struct { const unit_par *u; gsl_integration_workspace *w; double t; } root_par;
static double unit_root_f(double s, void *vp) {
  root_par *r = vp;
  double t;
  unit_time(r->u, s, r->w, &t);
  return t - r->t;
}

int gfd_free_asym_unit(int nu, const double *rho0, double t, double *excess, double *tstar,
                       gfd_err *e) {
  if (nu < 2) return gfd_err_set(e, GFD_EINVAL, "nu must be >= 2");
  unit_par u = {nu, rho0};
  double rmin = INFINITY;
  for (int k = 0; k < nu; k++) {
    if (!(rho0[k] >= 0)) return gfd_err_set(e, GFD_EINVAL, "negative factor norm");
    if (rho0[k] < rmin) rmin = rho0[k];
  }
  double p0 = 0.5;
  for (int k = 0; k < nu; k++) p0 *= rho0[k];
  if (p0 == 0) { /* a zero factor: the unit is frozen */
    if (excess) *excess = 0;
    if (tstar) *tstar = NAN;
    return GFD_OK;
  }
  gsl_integration_workspace *w = gsl_integration_workspace_alloc(200);
  if (!w) return gfd_err_set(e, GFD_ENOMEM, "out of memory for quadrature");
  int st = GFD_OK;
  /* ascent blow-up: t* = -int_0^inf ds / (2 prod (rho_k + s)) */
  double ts, res, err;
  gsl_function Fb = {unit_rate_inv_neg, &u};
  int qs = gsl_integration_qagiu(&Fb, 0, 0, 1e-12, 200, w, &res, &err);
  if (qs) {
    st = gfd_err_set(e, GFD_ENUMERIC, "ASYM unit blow-up quadrature failed: %s", gsl_strerror(qs));
    goto out;
  }
  ts = -res;
  if (tstar) *tstar = ts;
  if (excess) {
    if (t <= ts) {
      *excess = NAN;
      goto out;
    }
    if (t == 0) {
      *excess = p0;
      goto out;
    }
    /* bracket s: descent s in (0, rmin), ascent s in (-inf, 0) */
    double lo, hi;
    root_par rp = {&u, w, t};
    if (t > 0) {
      lo = 0;
      hi = rmin * (1 - 1e-15);
      double th;
      unit_time(&u, hi, w, &th);
      if (t >= th) { /* numerically at the floor */
        *excess = 0;
        goto out;
      }
    } else {
      hi = 0;
      lo = -rmin;
      double tl;
      while (unit_time(&u, lo, w, &tl) == 0 && tl > t) lo *= 2;
    }
    gsl_function F = {unit_root_f, &rp};
    gsl_root_fsolver *rs = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!rs) {
      st = gfd_err_set(e, GFD_ENOMEM, "out of memory for a root finder");
      goto out;
    }
    double s = 0;
    if (gsl_root_fsolver_set(rs, &F, lo, hi) == GSL_SUCCESS) {
      for (int it = 0; it < 200; it++) {
        gsl_root_fsolver_iterate(rs);
        s = gsl_root_fsolver_root(rs);
        double a = gsl_root_fsolver_x_lower(rs), b = gsl_root_fsolver_x_upper(rs);
        if (gsl_root_test_interval(a, b, 0, 1e-15) == GSL_SUCCESS) break;
      }
    } else
      st = gfd_err_set(e, GFD_ENUMERIC, "ASYM unit: could not bracket the time %g", t);
    gsl_root_fsolver_free(rs);
    double pr = 0.5;
    for (int k = 0; k < nu; k++) pr *= rho0[k] - s;
    *excess = pr;
  }
out:
  gsl_integration_workspace_free(w);
  return st;
}

/* -------------------------------------------------------- large-size laws */
double gfd_free_limit_excess(gfd_kind kind, int nu, double p, double H, double sigma2, double t) {
  double m = sigma2 * p;
  double A = kind == GFD_SYM ? 2.0 * nu * (nu - 1) : 2.0 * (nu - 1);
  double base = 1 + A * pow(m, nu - 1) * t;
  if (!(base > 0)) return NAN;
  return 0.5 * H * pow(m, nu) * pow(base, -(double)nu / (nu - 1));
}

double gfd_free_limit_tstar(gfd_kind kind, int nu, double p, double sigma2) {
  double A = kind == GFD_SYM ? 2.0 * nu * (nu - 1) : 2.0 * (nu - 1);
  return -1.0 / (A * pow(sigma2 * p, nu - 1));
}

static double dfact(int n) { /* n!! for odd n >= -1 */
  double r = 1;
  for (int k = n; k > 1; k -= 2) r *= k;
  return r;
}

/* C with E[L(0) - |y|^2/2] = 1/2 H p C sigma^(2 nu) exactly (zero-target
 * part, Wick moments of the Gram matrix): the diagonal E|u|^(2nu) =
 * sigma^(2nu) p (p+2) ... (p+2nu-2), the H(H-1) cross terms
 * E(u.u')^nu = (nu-1)!! sigma^(2nu) p (p+2) ... (p+nu-2).  For nu = 4:
 * C = (p+2) [(p+4)(p+6) + 3 (H-1)], whose large-p form is p^3 + 3 H p
 * (gfd-theory(7) 5.2); with E tr G = H p sigma^2 also exact, the law is exact in
 * expectation at t = 0 at every size. */
static double mean_C(int nu, double p, double H) {
  double diag = 1, cross = 1;
  for (int k = 1; k < nu; k++) diag *= p + 2 * k;
  for (int k = 1; k < nu / 2; k++) cross *= p + 2 * k;
  return diag + dfact(nu - 1) * (H - 1) * cross;
}

double gfd_free_mean_excess(int nu, double p, double H, double sigma2, double t) {
  double C = mean_C(nu, p, H);
  double base = 1 + 2.0 * nu * (nu - 1) * C * pow(sigma2, nu - 1) * t;
  if (!(base > 0)) return NAN;
  double st = sigma2 * pow(base, -1.0 / (nu - 1));
  return 0.5 * H * p * C * pow(st, nu);
}

double gfd_free_mean_tstar(int nu, double p, double H, double sigma2) {
  return -1.0 / (2.0 * nu * (nu - 1) * mean_C(nu, p, H) * pow(sigma2, nu - 1));
}
