/* gfd/solution.h - explicit (summed) solutions of the gradient flow
 * (gfd-theory(7) section 5) with their domains of validity, and the method of
 * characteristics as code.
 *
 * Conventions: every evaluator returns the loss L(t) of the model in its own
 * units (no rescaling), for t >= 0 (descent) and t < 0 (ascent) where the
 * solution exists, and the excess L - ||y||^2/2 computed from its own terms.
 * Past a blow-up the values are NaN.  kappa is the target amplitude (0 for
 * the zero target).
 *
 * Families (gfd_sol_id):
 *   SYM2_EXACT   SYM nu=2, any size, identity or zero target: every eigenvalue
 *                of W = U^T U is logistic (exact).
 *   SYM2_MP      its Marchenko-Pastur limit H/p -> c, sigma^2 = s/p (closed form).
 *   FREE_UNITS   free evolution (target and cross terms negligible): per-unit
 *                norms, SYM closed form, ASYM per-unit quadrature (finite size).
 *   FREE_MEAN    even nu >= 4 SYM: all units shrink by one common factor.
 *   NTK_LIMIT    lazy training: L = L0 exp(-2 k t) (ASYM, odd-nu SYM).
 *   NTK_LINEAR   the exact linearised (lazy) curve of one instance.
 *   ASCENT_EVEN  SYM even nu >= 4 gradient ascent, mean-field parametric
 *                solution, convergent/divergent criterion kappa_nu vs kappa_c. */
#ifndef GFD_SOLUTION_H
#define GFD_SOLUTION_H

#include <stddef.h>
#include "gfd/common.h"
#include "gfd/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ============================================================== registry */
typedef enum {
  GFD_SOL_SYM2_EXACT = 0,
  GFD_SOL_SYM2_MP,
  GFD_SOL_FREE_UNITS,
  GFD_SOL_FREE_MEAN,
  GFD_SOL_NTK_LIMIT,
  GFD_SOL_NTK_LINEAR,
  GFD_SOL_ASCENT_EVEN,
  GFD_SOL_COUNT
} gfd_sol_id;

typedef struct gfd_sol_info {
  const char *name;     /* short name used by commands: "sym2-exact" */
  const char *title;    /* one line */
  const char *formula;  /* the formula, plain text */
  const char *domain;   /* where it holds: model, nu, target, scaling */
  const char *theory;   /* gfd-theory(7) section */
  int instance;         /* 1: evaluated on an instance (needs theta); 0: spec only */
} gfd_sol_info;

const gfd_sol_info *gfd_solution_info(gfd_sol_id id);
/* GFD_SOL_COUNT if the name is unknown. */
gfd_sol_id gfd_solution_by_name(const char *name);

typedef enum {
  GFD_APPLY_NO = 0,     /* does not apply (the reason says why) */
  GFD_APPLY_APPROX = 1, /* a large-size limit or regime law; finite-size error */
  GFD_APPLY_EXACT = 2   /* exact at this size */
} gfd_apply;

/* Does solution id apply to the model spec over the times [t0, t1] (either
 * order; t < 0 is ascent)?  Writes one sentence (why it applies or not, with
 * the deciding numbers) into why[0..n). */
gfd_apply gfd_solution_applies(gfd_sol_id id, const gfd_spec *s, double t0, double t1,
                               char *why, size_t n);

/* A solution bound to a model (and, for instance solutions, to one instance). */
typedef struct gfd_solution gfd_solution;

/* theta: the instance's initial parameters (required when info->instance,
 * ignored otherwise; copied as needed).  Fails with GFD_EUNSUP and the reason
 * when the solution does not apply to the model at all (time ranges are
 * checked by gfd_solution_applies, not here). */
gfd_solution *gfd_solution_new(gfd_sol_id id, const gfd_model *m, const double *theta,
                               const gfd_ctl *ctl, gfd_err *e);
void gfd_solution_free(gfd_solution *S);

/* loss[i], excess[i] (either may be NULL) at times t[i].  NaN where the
 * solution does not exist (past a blow-up, or t > 0 for the ascent law). */
int gfd_solution_eval(gfd_solution *S, size_t n, const double *t, double *loss,
                      double *excess, const gfd_ctl *ctl, gfd_err *e);

typedef struct gfd_sol_blowup {
  int verdict;        /* 1 divergent, 0 convergent, -1 not predicted by this solution */
  double t_star;      /* ascent blow-up time (NaN unless divergent) */
  double t_lo, t_hi;  /* bracket: equal to t_star for exact formulas */
  char criterion[200];/* e.g. "kappa4 = 2.31 > kappa_c = 2.0778: divergent" */
} gfd_sol_blowup;

/* The ascent (t < 0) prediction of the solution. */
int gfd_solution_blowup(gfd_solution *S, gfd_sol_blowup *b, gfd_err *e);

/* ============================================= SYM nu = 2 (gfd-theory(7) 5.1) */
/* Nonzero spectrum of W = U^T U (r = min(p, H) eigenvalues, ascending) from
 * the smaller Gram matrix (cblas_dsyrk + LAPACKE_dsyevd).  lambda has room
 * for min(p, H) entries. */
int gfd_sym2_eigen(size_t p, size_t H, const double *theta, double *lambda, size_t *r,
                   const gfd_ctl *ctl, gfd_err *e);
/* Exact L(t) and excess from the spectrum: dlambda/dt = -4 lambda (lambda - kappa). */
void gfd_sym2_loss(const double *lambda, size_t r, size_t p, double kappa, double t,
                   double *loss, double *excess);
/* One eigenvalue at time t (NaN past its blow-up). */
double gfd_sym2_lambda(double lambda0, double kappa, double t);
/* Ascent blow-up time ln(1 - kappa/lambda_max)/(4 kappa) (kappa = 0:
 * -1/(4 lambda_max)); NaN when the ascent converges (lambda_max <= kappa). */
double gfd_sym2_tstar(double lambda_max, double kappa);

/* Marchenko-Pastur limit, c = H/p, s = sigma^2 p: L/p and excess/p at t. */
int gfd_sym2_mp_loss(double c, double s, double kappa, double t, double *lp, double *xp);
/* The upper MP edge s (1 + sqrt c)^2, and the ascent blow-up time of the
 * limit (NaN if convergent: edge <= kappa). */
double gfd_sym2_mp_edge(double c, double s);
double gfd_sym2_mp_tstar(double c, double s, double kappa);
/* Moments m_k = int x^k dmu_{c,s} (mass 1, atom included), k = 0..K. */
void gfd_sym2_mp_moments(double c, double s, int K, long double *m);
/* Limit series L/p = sum_n coef[n] t^n, n = 0..N, by the characteristic
 * recurrence (n+1) k_{n+1,j} = 4 kappa [(j+1) k_{n,j+1} + j k_{n,j}]
 * (gfd-theory(7) 5.1), in long double.  excess: subtract kappa^2/2 from coef[0]. */
int gfd_sym2_mp_coefs(double c, double s, double kappa, int N, int excess, long double *coef,
                      gfd_err *e);
/* The MP Stieltjes transform G0(z) = int dmu/(z - x) for real z outside the
 * support, and g(q) = int dmu/(1 + x q). */
double gfd_sym2_mp_g(double c, double s, double q);
/* The loss generating function at t = 0, K0(q) = 1/2 int (x-1)^2/(1+xq)^2 dmu
 * (zero_target: 1/2 int x^2/(1+xq)^2 dmu); NaN for q <= -1/edge. */
double gfd_sym2_mp_K(double c, double s, double q, int zero_target);
double gfd_sym2_mp_stieltjes(double c, double s, double z);

/* ====================================== free evolution (gfd-theory(7) 5.2) */
/* SYM unit: rho(t) = rho0 [1 + 2 nu (nu-1) rho0^(nu-1) t]^(-1/(nu-1)) (NaN past blow-up). */
double gfd_free_sym_rho(int nu, double rho0, double t);
/* ASYM unit with factor norms rho0[0..nu-1]: every norm drops by the same
 * s(t), t = int_0^s ds'/(2 prod_k (rho0_k - s')).  Returns 1/2 prod_k rho_k(t)
 * (the unit's excess), NaN past its blow-up; *tstar (may be NULL) gets the
 * unit's ascent blow-up time. */
int gfd_free_asym_unit(int nu, const double *rho0, double t, double *excess, double *tstar,
                       gfd_err *e);
/* Large-size laws (excess, target negligible): diagonal regime
 * 1/2 H (sigma^2 p)^nu [1 + A (sigma^2 p)^(nu-1) t]^(-nu/(nu-1)), A = 2 nu (nu-1)
 * (SYM) or 2 (nu-1) (ASYM); the even-nu mean-dominated law 1/2 H p C s(t)^nu. */
double gfd_free_limit_excess(gfd_kind kind, int nu, double p, double H, double sigma2, double t);
double gfd_free_mean_excess(int nu, double p, double H, double sigma2, double t);
/* Their ascent blow-up times. */
double gfd_free_limit_tstar(gfd_kind kind, int nu, double p, double sigma2);
double gfd_free_mean_tstar(int nu, double p, double H, double sigma2);

/* =============================================== NTK (gfd-theory(7) 5.3) */
/* The lazy rate k: nu H sigma^(2(nu-1)) (ASYM) or nu nu! H sigma^(2(nu-1))
 * (odd-nu SYM, and SYM nu = 2 tuned to H sigma^2 = 1); 0 if none. */
double gfd_ntk_rate(const gfd_spec *s);
/* E L(0) for the lazy law: exact for ASYM, odd-nu SYM and SYM nu = 2. */
double gfd_ntk_expected_loss0(const gfd_spec *s);

/* The exact linearised curve of one instance: L_lin(t) = 1/2 <r0, exp(-2 K t) r0>,
 * K = J J^T at theta0.  nu = 2 with identity or zero target: from the NTK
 * spectrum (Gram eigenvalues, LAPACKE); otherwise by integrating the linear
 * flow d(dtheta)/dt = -(g0 + J^T J dtheta) in parameter space (GSL odeiv2). */
typedef struct gfd_ntk_lin gfd_ntk_lin;
gfd_ntk_lin *gfd_ntk_lin_new(const gfd_model *m, const double *theta0, const gfd_ctl *ctl,
                             gfd_err *e);
void gfd_ntk_lin_free(gfd_ntk_lin *N);
/* 1 if the spectral route is used, 0 if the parameter-space integration. */
int gfd_ntk_lin_spectral(const gfd_ntk_lin *N);
int gfd_ntk_lin_eval(gfd_ntk_lin *N, size_t n, const double *t, double *loss, double *excess,
                     const gfd_ctl *ctl, gfd_err *e);
/* y = J^T J x at theta (SYM: H x p, ASYM: nu blocks), the Gauss-Newton product. */
int gfd_ntk_jtj(gfd_kind kind, int nu, size_t p, size_t H, const double *theta,
                const double *x, double *y, gfd_err *e);

/* ============================ SYM even nu >= 4 ascent (gfd-theory(7) 5.4) */
/* erfcx(z) = exp(z^2) erfc(z), accurate for all real z (continued fraction
 * for large z). */
double gfd_erfcx(double z);
/* nu = 4: h(b) = E[1/(1+b x^2)], g(b) = E[x^2/(1+b x^2)], k(b) = E[x^4/(1+b x^2)^2],
 * x ~ N(0,1), b >= 0 (series for small b, erfcx otherwise). */
void gfd_ascent4_hgk(double b, double *h, double *g, double *k);
/* The control parameter kappa_nu = sigma^nu p^(nu-1) (1 + (nu-1)!! (H-1) p^(-nu/2)) / kappa
 * of an even-nu SYM model with identity target. */
double gfd_ascent_kappa_of(const gfd_spec *s);
/* Finite-size estimate with many units (gfd-theory(7) 5.4: the largest unit blows
 * up first, so the observed t* comes earlier than the limit's): the unit of
 * largest rho0 = |u_h|^2/(sigma^2 p) of the instance theta seen as its own
 * mean-field problem, kappa_h = kappa_self rho0^(nu/2) + kappa_mean.  Returns
 * 1 (divergent, *t_star its blow-up time), 0 (convergent, NaN), or < 0. */
int gfd_ascent_largest_unit(const gfd_spec *s, const double *theta, double *t_star, double *kappa_h,
                            double *rho_max, gfd_err *e);
/* tau = tfac * t with tfac = nu kappa sigma^(nu-2); Lnorm = (L - kappa^2 p/2) / lfac
 * with lfac = H p sigma^nu kappa. */
void gfd_ascent_scales(const gfd_spec *s, double *tfac, double *lfac);

typedef struct gfd_ascent gfd_ascent;
/* Mean-field ascent for even nu >= 4 and control parameter kappa_nu > 0. */
gfd_ascent *gfd_ascent_new(int nu, double kappa_nu, gfd_err *e);
void gfd_ascent_free(gfd_ascent *A);
/* G_nu(inf) and kappa_c(nu) = (nu-2)/(nu G_nu(inf)). */
double gfd_ascent_Ginf(const gfd_ascent *A);
double gfd_ascent_kappa_c(const gfd_ascent *A);
/* 1 divergent (tau_star set), 0 convergent. */
int gfd_ascent_diverges(const gfd_ascent *A, double *tau_star, double *b_star);
/* Lnorm and rho = E v^2 at tau <= 0; NaN at and past the blow-up.
 * b (may be NULL) returns the parameter. */
int gfd_ascent_eval(gfd_ascent *A, double tau, double *lnorm, double *rho, double *b,
                    gfd_err *e);
/* g_nu, k_nu, G_nu(b) (the last by quadrature). */
int gfd_ascent_gk(gfd_ascent *A, double b, double *g, double *k);
int gfd_ascent_G(gfd_ascent *A, double b, double *G, gfd_err *e);
/* Lnorm = sum_s coef[s] tau^s from the moment recurrence
 * (s+1) M_{k,s+1} = -2k kappa [M_1^(nu-1) M_k]_s + 2k M_{k+(nu-2)/2,s}, long double. */
int gfd_ascent_coefs(int nu, double kappa_nu, int N, long double *coef, gfd_err *e);

/* ==================================== characteristics (gfd-theory(7) 5.1, 5.4) */
/* A linear first-order PDE  u_t = alpha(t,z,a) u_z + beta(t,z,a) u + gamma(t,z,a)
 * with initial data u(0, z).  Along a characteristic dz/dt = -alpha the solution
 * obeys du/dt = beta u + gamma.  An optional self-consistent coefficient
 * a(t) = closure(t, u(t, zref)) is supported when the field is affine:
 * alpha = alpha0(t,a) + alpha1(t,a) z and beta, gamma independent of z (the
 * SYM nu = 4 generating function); then the flow map is affine and a(t)
 * follows from one ODE system. */
typedef struct gfd_charpde_def {
  /* c[0..5] = alpha, d alpha/dz, beta, d beta/dz, gamma, d gamma/dz at (t, z, a);
   * return 0, or nonzero if (t, z) is outside the domain */
  int (*coef)(double t, double z, double a, void *ud, double c[6]);
  /* u(0, z) and du/dz(0, z); return 0, or nonzero outside the domain */
  int (*init)(double z, void *ud, double *u, double *uz);
  void *ud;
  /* optional closure (NULL: a = 0 throughout) */
  double (*closure)(double t, double uref, void *ud);
  double zref;
  int affine;         /* must be 1 when closure is set */
  int foot_by_root;   /* 0: foot point by backward integration; 1: by root finding
                       * (Brent) on the forward map z0 -> z(t; z0) */
  double rtol;        /* ODE tolerance (<= 0: 1e-12) */
} gfd_charpde_def;

typedef struct gfd_charpde gfd_charpde;
gfd_charpde *gfd_charpde_new(const gfd_charpde_def *def, gfd_err *e);
void gfd_charpde_free(gfd_charpde *P);
/* u(t, z) and u_z(t, z) (uz may be NULL); z0 (may be NULL) gets the foot point. */
int gfd_charpde_eval(gfd_charpde *P, double t, double z, double *u, double *uz, double *z0,
                     gfd_err *e);
/* The same with J = dz/dz0, the Jacobian of the foot-point map along the
 * characteristic (may be NULL).  Where J <= 0 the characteristics have
 * crossed (a caustic): GFD_ENUMERIC with a message saying so, J still set. */
int gfd_charpde_eval_j(gfd_charpde *P, double t, double z, double *u, double *uz, double *z0, double *J,
                       gfd_err *e);
/* The self-consistent coefficient a(t) (0 without a closure). */
int gfd_charpde_coef(gfd_charpde *P, double t, double *a, gfd_err *e);

/* Ready-made fields (the time variable is t for nu = 2 and tau for nu = 4): the SYM nu = 2 resolvent G(t,z) = (1/p) tr (z - W)^{-1}
 * of the MP law (c, s) (kappa = 1), and the SYM nu = 4 generating function
 * Q(tau, z) = E[v^2/(1 - z v^2)] with a = kappa4 Q(tau, 0)^3. */
gfd_charpde *gfd_charpde_sym2_resolvent(double c, double s, int foot_by_root, gfd_err *e);
gfd_charpde *gfd_charpde_sym4_genfun(double kappa4, int foot_by_root, gfd_err *e);
/* The SYM nu = 2 loss generating function K(t, q) = (1/2p) sum (lambda-1)^2/(1+q lambda)^2
 * of the MP law (kappa = 1 units): K_t = 4 (1+q) K_q, L/p = K(t, 0).  Zero
 * target: K = (1/2p) sum lambda^2/(1+q lambda)^2, K_t = 4 K_q. */
gfd_charpde *gfd_charpde_sym2_lossgen(double c, double s, int zero_target, int foot_by_root,
                                      gfd_err *e);

#ifdef __cplusplus
}
#endif
#endif
