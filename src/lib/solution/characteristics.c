/* characteristics.c - the method of characteristics as code (gfd-theory(7) 5.1, 5.4).
 *
 * PDE u_t = alpha u_z + beta u + gamma.  Along dz/dt = -alpha:
 *   du/dt = beta u + gamma,  dJ/dt = -alpha_z J  (J = dz/dz0),
 *   dw/dt = (beta_z u + gamma_z) J + beta w     (w = du/dz0), so u_z = w / J.
 * u(t, z): find the foot z0 of the characteristic through (t, z) (backward
 * integration, or Brent on the forward map), then transport (u, J, w) from
 * (0, z0) to t.
 *
 * Self-consistent coefficient (affine field alpha = alpha0 + alpha1 z, beta
 * and gamma independent of z): the flow map is z = Phi (z0 + Psi) and the
 * transport u = E (u0(z0) + Gam) with Phi' = -alpha1 Phi, Psi' = -alpha0/Phi,
 * E' = beta E, Gam' = gamma/E.  The characteristic through (t, zref) starts at
 * z0* = zref/Phi - Psi, so u(t, zref) and a(t) = closure(t, u(t, zref)) are
 * known from (Phi, Psi, E, Gam) alone: a closed 4-dimensional ODE, carried
 * along with every characteristic. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_roots.h>
#include "internal.h"

struct gfd_charpde {
  gfd_charpde_def def;
  int nc;        /* 4 with a closure, else 0: size of the closure block */
  int fail;      /* a callback reported a point outside the domain */
  int backward;  /* RHS mode: 0 forward system (closure, z, u, J, w); 1 (closure, z) */
  void *owned;   /* user data allocated by the ready-made fields */
};

void gfd_charpde_free(gfd_charpde *P) {
  if (!P) return;
  free(P->owned);
  free(P);
}

gfd_charpde *gfd_charpde_new(const gfd_charpde_def *def, gfd_err *e) {
  if (!def || !def->coef || !def->init) {
    gfd_err_set(e, GFD_EINVAL, "a characteristic field needs its coefficients and initial data");
    return NULL;
  }
  if (def->closure && !def->affine) {
    gfd_err_set(e, GFD_EUNSUP,
                "a self-consistent coefficient is supported only for affine characteristic fields");
    return NULL;
  }
  gfd_charpde *P = calloc(1, sizeof *P);
  if (!P) {
    gfd_err_set(e, GFD_ENOMEM, "out of memory for a characteristic solver");
    return NULL;
  }
  P->def = *def;
  if (P->def.rtol <= 0) P->def.rtol = 1e-12;
  P->nc = def->closure ? 4 : 0;
  return P;
}

/* a(t) from the closure block y[0..3] = (Phi, Psi, E, Gam) */
static int closure_a(gfd_charpde *P, double t, const double *y, double *a) {
  if (!P->nc) {
    *a = 0;
    return 0;
  }
  double z0 = P->def.zref / y[0] - y[1], u0, u0z;
  if (P->def.init(z0, P->def.ud, &u0, &u0z)) return -1;
  *a = P->def.closure(t, y[2] * (u0 + y[3]), P->def.ud);
  return isfinite(*a) ? 0 : -1;
}

static int rhs(double t, const double y[], double dy[], void *vp) {
  gfd_charpde *P = vp;
  double a, c[6];
  if (closure_a(P, t, y, &a)) goto bad;
  if (P->nc) {
    if (P->def.coef(t, 0.0, a, P->def.ud, c)) goto bad;
    dy[0] = -c[1] * y[0];
    dy[1] = -c[0] / y[0];
    dy[2] = c[2] * y[2];
    dy[3] = c[4] / y[2];
  }
  const double *s = y + P->nc;
  double *ds = dy + P->nc;
  if (P->def.coef(t, s[0], a, P->def.ud, c)) goto bad;
  ds[0] = -c[0];
  if (!P->backward) {
    ds[1] = c[2] * s[1] + c[4];
    ds[2] = -c[1] * s[2];
    ds[3] = (c[3] * s[1] + c[5]) * s[2] + c[2] * s[3];
  }
  for (int i = 0; i < P->nc + (P->backward ? 1 : 4); i++)
    if (!isfinite(dy[i])) goto bad;
  return GSL_SUCCESS;
bad:
  P->fail = 1;
  return GSL_EBADFUNC;
}

/* Integrate y (dimension dim) from t0 to t1. */
static int integrate(gfd_charpde *P, int backward, double t0, double t1, double *y) {
  if (t0 == t1) return GSL_SUCCESS;
  P->backward = backward;
  size_t dim = (size_t)P->nc + (backward ? 1 : 4);
  gsl_odeiv2_system sys = {rhs, NULL, dim, P};
  double h = (t1 - t0) * 1e-3;
  gsl_odeiv2_driver *d =
      gsl_odeiv2_driver_alloc_y_new(&sys, gsl_odeiv2_step_rk8pd, h, 1e-300, P->def.rtol);
  if (!d) return GSL_ENOMEM;
  gsl_odeiv2_driver_set_nmax(d, 200000);
  double t = t0;
  P->fail = 0;
  int st = gsl_odeiv2_driver_apply(d, &t, t1, y);
  gsl_odeiv2_driver_free(d);
  return st;
}

static void closure_init(gfd_charpde *P, double *y) {
  if (P->nc) {
    y[0] = 1; /* Phi */
    y[1] = 0; /* Psi */
    y[2] = 1; /* E */
    y[3] = 0; /* Gam */
  }
}

int gfd_charpde_coef(gfd_charpde *P, double t, double *a, gfd_err *e) {
  if (!P->nc) {
    *a = 0;
    return GFD_OK;
  }
  double y[8];
  closure_init(P, y);
  /* the closure block alone: integrate with a dummy characteristic at zref */
  y[4] = P->def.zref;
  if (integrate(P, 1, 0, t, y) != GSL_SUCCESS)
    return gfd_err_set(e, GFD_ENUMERIC, "the self-consistent coefficient could not be continued to t = %g", t);
  if (closure_a(P, t, y, a))
    return gfd_err_set(e, GFD_ENUMERIC, "the self-consistent coefficient is not finite at t = %g", t);
  return GFD_OK;
}

/* forward map: z(t) of the characteristic from (0, z0); the full state in y */
static int forward(gfd_charpde *P, double t, double z0, double *y) {
  closure_init(P, y);
  double *s = y + P->nc;
  s[0] = z0;
  if (P->def.init(z0, P->def.ud, &s[1], &s[3])) return GSL_EDOM;
  s[2] = 1;
  return integrate(P, 0, 0, t, y);
}

typedef struct { gfd_charpde *P; double t, z; } fw_par;
/* z(t; z0) - z.  A characteristic that leaves the domain on the way (escapes
 * to infinity) counts as +-inf by the side it left on; a foot outside the
 * initial data's domain is NaN. */
static double fw_f(double z0, void *vp) {
  fw_par *f = vp;
  double y[8];
  int st = forward(f->P, f->t, z0, y);
  if (st == GSL_EDOM) return NAN;
  double d = y[f->P->nc] - f->z;
  if (st != GSL_SUCCESS) return d < 0 ? -INFINITY : INFINITY;
  return d;
}

static int foot_by_root(gfd_charpde *P, double t, double z, double *z0, gfd_err *e) {
  fw_par fp = {P, t, z};
  /* the forward map is increasing (characteristics do not cross): expand a
   * bracket around z until the sign changes, skipping feet outside the domain */
  double d = 1e-3 * (fabs(z) + 1), lo = z - d, hi = z + d;
  double flo = fw_f(lo, &fp), fhi = fw_f(hi, &fp);
  for (int it = 0; it < 200 && !(flo <= 0 && fhi >= 0); it++) {
    if (!(flo <= 0)) {
      double nl = lo - d;
      double fn = fw_f(nl, &fp);
      if (isnan(fn)) { /* outside the domain: approach the good side slowly */
        d *= 0.5;
        if (d < 1e-300) break;
        continue;
      }
      hi = lo;
      fhi = flo;
      lo = nl;
      flo = fn;
    } else {
      double nh = hi + d;
      double fn = fw_f(nh, &fp);
      if (isnan(fn)) {
        d *= 0.5;
        if (d < 1e-300) break;
        continue;
      }
      lo = hi;
      flo = fhi;
      hi = nh;
      fhi = fn;
    }
    d *= 2;
  }
  if (!(flo <= 0 && fhi >= 0))
    return gfd_err_set(e, GFD_ENUMERIC, "no characteristic reaches (t = %g, z = %g)", t, z);
  /* bisect while an end escaped to infinity (Brent needs finite values) */
  for (int it = 0; it < 2000 && (isinf(flo) || isinf(fhi)); it++) {
    double mid = 0.5 * (lo + hi), fm = fw_f(mid, &fp);
    if (isnan(fm) || mid == lo || mid == hi) break;
    if (fm <= 0) {
      lo = mid;
      flo = fm;
    } else {
      hi = mid;
      fhi = fm;
    }
  }
  if (isinf(flo) || isinf(fhi))
    return gfd_err_set(e, GFD_ENUMERIC, "no characteristic reaches (t = %g, z = %g)", t, z);
  gsl_function F = {fw_f, &fp};
  gsl_root_fsolver *rs = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
  if (!rs) return gfd_err_set(e, GFD_ENOMEM, "out of memory for a root finder");
  int st = gsl_root_fsolver_set(rs, &F, lo, hi);
  double r = 0.5 * (lo + hi);
  for (int it = 0; st == GSL_SUCCESS && it < 300; it++) {
    if (gsl_root_fsolver_iterate(rs) != GSL_SUCCESS) break;
    r = gsl_root_fsolver_root(rs);
    double a = gsl_root_fsolver_x_lower(rs), b = gsl_root_fsolver_x_upper(rs);
    if (gsl_root_test_interval(a, b, 1e-300, 1e-15) == GSL_SUCCESS) break;
  }
  gsl_root_fsolver_free(rs);
  if (st != GSL_SUCCESS) return gfd_err_set(e, GFD_ENUMERIC, "root finding for the foot point failed");
  *z0 = r;
  return GFD_OK;
}

static int foot_by_backward(gfd_charpde *P, double t, double z, double *z0, gfd_err *e) {
  double y[8];
  closure_init(P, y);
  if (P->nc) { /* the closure block at t first */
    y[4] = P->def.zref;
    if (integrate(P, 1, 0, t, y) != GSL_SUCCESS)
      return gfd_err_set(e, GFD_ENUMERIC, "the self-consistent coefficient could not be continued to t = %g", t);
  }
  y[P->nc] = z;
  if (integrate(P, 1, t, 0, y) != GSL_SUCCESS)
    return gfd_err_set(e, GFD_ENUMERIC, "the characteristic through (t = %g, z = %g) leaves the domain", t, z);
  *z0 = y[P->nc];
  return GFD_OK;
}

int gfd_charpde_eval(gfd_charpde *P, double t, double z, double *u, double *uz, double *z0out,
                     gfd_err *e) {
  return gfd_charpde_eval_j(P, t, z, u, uz, z0out, NULL, e);
}

/* The solution holds while the foot-point map z0 -> z(t; z0) is one-to-one:
 * J = dz/dz0 > 0 along the characteristic (gfd-theory(7) 5.5, caustics).
 * J is transported with the characteristic anyway (for u_z = w/J); where it
 * has reached 0 the characteristics have crossed and u(t, z) is not a
 * solution: refuse rather than return a number. */
int gfd_charpde_eval_j(gfd_charpde *P, double t, double z, double *u, double *uz, double *z0out, double *J,
                       gfd_err *e) {
  if (J) *J = NAN;
  double z0 = 0;
  int st = P->def.foot_by_root ? foot_by_root(P, t, z, &z0, e) : foot_by_backward(P, t, z, &z0, e);
  if (st) return st;
  double y[8];
  int fs = forward(P, t, z0, y);
  if (fs == GSL_EDOM)
    return gfd_err_set(e, GFD_EUNSUP, "the foot point z0 = %g is outside the initial data's domain", z0);
  if (fs != GSL_SUCCESS)
    return gfd_err_set(e, GFD_ENUMERIC, "transport along the characteristic from z0 = %g failed", z0);
  const double *s = y + P->nc;
  if (J) *J = s[2];
  if (!(s[2] > 0))
    return gfd_err_set(e, GFD_ENUMERIC,
                       "the characteristics cross at (t = %g, z = %g): dz/dz0 = %g <= 0, a caustic; the "
                       "solution by characteristics ends there", t, z, s[2]);
  if (u) *u = s[1];
  if (uz) *uz = s[3] / s[2];
  if (z0out) *z0out = z0;
  return GFD_OK;
}

/* -------------------------------------------------------- ready-made fields */
typedef struct { double c, s, kappa4; int zero; } field_par;

/* SYM nu = 2 resolvent: G_t = d_z[4 z (z-1) G] - 4 */
static int res_coef(double t, double z, double a, void *ud, double c[6]) {
  (void)t;
  (void)a;
  (void)ud;
  c[0] = 4 * z * (z - 1);
  c[1] = 4 * (2 * z - 1);
  c[2] = 4 * (2 * z - 1);
  c[3] = 8;
  c[4] = -4;
  c[5] = 0;
  return 0;
}

static int res_init(double z, void *ud, double *u, double *uz) {
  field_par *f = ud;
  double edge = gfd_sym2_mp_edge(f->c, f->s);
  double lo = f->s * (1 - sqrt(f->c)) * (1 - sqrt(f->c));
  if (f->c < 1) lo = 0; /* the atom at 0 */
  if (z >= lo && z <= edge) return 1; /* on the spectrum */
  double q = -1.0 / z;
  double g = gfd_sym2_mp_g(f->c, f->s, q);
  *u = g / z;
  if (uz) {
    /* g'(q) = ((qg)' - g)/q with (qg)' = int dmu/(1+xq)^2 */
    double B = 1 - f->s * (1 - f->c) * q, D = sqrt(B * B + 4 * f->s * q);
    double qgp = 0.5 * ((1 - f->c) + (2 - (1 - f->c) * B) / D);
    double gp = (qgp - g) / q;
    *uz = gp / (z * z * z) - g / (z * z);
  }
  return 0;
}

/* A PDE that owns a heap copy of its field parameters (freed with it). */
static gfd_charpde *new_with_params(gfd_charpde_def d, field_par par, gfd_err *e) {
  field_par *f = malloc(sizeof *f);
  if (!f) {
    gfd_err_set(e, GFD_ENOMEM, "out of memory");
    return NULL;
  }
  *f = par;
  d.ud = f;
  gfd_charpde *P = gfd_charpde_new(&d, e);
  if (!P) free(f);
  else P->owned = f;
  return P;
}

gfd_charpde *gfd_charpde_sym2_resolvent(double c, double s, int foot_by_root_flag, gfd_err *e) {
  field_par par = {0};
  par.c = c;
  par.s = s;
  gfd_charpde_def d = {res_coef, res_init, NULL, NULL, 0, 0, foot_by_root_flag, 0};
  return new_with_params(d, par, e);
}

/* SYM nu = 4 generating function: Q_tau = (2 - 2 a z) Q_z - 2 a Q, a = kappa4 Q(tau, 0)^3 */
static int gf_coef(double t, double z, double a, void *ud, double c[6]) {
  (void)t;
  (void)ud;
  c[0] = 2 - 2 * a * z;
  c[1] = -2 * a;
  c[2] = -2 * a;
  c[3] = 0;
  c[4] = 0;
  c[5] = 0;
  return 0;
}

static int gf_init(double z, void *ud, double *u, double *uz) {
  (void)ud;
  if (z > 1e-12) return 1; /* E[x^2/(1 - z x^2)] diverges for z > 0 */
  if (z > 0) z = 0;         /* rounding of a foot point at the boundary */
  double g, k;
  gfd_ascent4_hgk(-z, NULL, &g, &k);
  *u = g;     /* E[x^2/(1 + b x^2)], b = -z */
  if (uz) *uz = k; /* d/dz E[x^2/(1 - z x^2)] = E[x^4/(1 - z x^2)^2] */
  return 0;
}

static double gf_closure(double t, double uref, void *ud) {
  (void)t;
  field_par *f = ud;
  return f->kappa4 * uref * uref * uref;
}

gfd_charpde *gfd_charpde_sym4_genfun(double kappa4, int foot_by_root_flag, gfd_err *e) {
  field_par par = {0};
  par.kappa4 = kappa4;
  gfd_charpde_def d = {gf_coef, gf_init, NULL, gf_closure, 0.0, 1, foot_by_root_flag, 0};
  return new_with_params(d, par, e);
}

/* SYM nu = 2 loss generating function: K_t = 4 (1+q) K_q (zero target: 4 K_q) */
static int lg_coef(double t, double q, double a, void *ud, double c[6]) {
  (void)t;
  (void)a;
  field_par *f = ud;
  c[0] = f->zero ? 4 : 4 * (1 + q);
  c[1] = f->zero ? 0 : 4;
  c[2] = c[3] = c[4] = c[5] = 0;
  return 0;
}

static int lg_init(double q, void *ud, double *u, double *uz) {
  field_par *f = ud;
  double K = gfd_sym2_mp_K(f->c, f->s, q, f->zero);
  if (isnan(K)) return 1;
  *u = K;
  if (uz) { /* dK/dq by a centred difference (only used for u_z, not for u) */
    double h = 1e-6 * (1 + fabs(q));
    double Kp = gfd_sym2_mp_K(f->c, f->s, q + h, f->zero), Km = gfd_sym2_mp_K(f->c, f->s, q - h, f->zero);
    *uz = isnan(Km) ? (Kp - K) / h : (Kp - Km) / (2 * h);
  }
  return 0;
}

gfd_charpde *gfd_charpde_sym2_lossgen(double c, double s, int zero_target, int foot_by_root_flag,
                                      gfd_err *e) {
  field_par par = {0};
  par.c = c;
  par.s = s;
  par.zero = zero_target;
  gfd_charpde_def d = {lg_coef, lg_init, NULL, NULL, 0, 0, foot_by_root_flag, 0};
  return new_with_params(d, par, e);
}
