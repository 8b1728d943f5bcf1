/* solution.c - the registry of explicit solutions: what each one is, where it
 * holds (with the deciding numbers), and a uniform evaluator (gfd-theory(7) section 5). */
#include <config.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

static const gfd_sol_info infos[GFD_SOL_COUNT] = {
    [GFD_SOL_SYM2_EXACT] =
        {"sym2-exact", "SYM nu=2 exact solution from the eigenvalues of W = U^T U",
         "L(t) = (p-r) kappa^2/2 + 1/2 sum_i (lambda_i(t) - kappa)^2, "
         "1/lambda - 1/kappa = (1/lambda0 - 1/kappa) exp(-4 kappa t)",
         "SYM, nu = 2, identity or zero target, any size, both time directions", "5.1", 1},
    [GFD_SOL_SYM2_MP] =
        {"sym2-mp", "SYM nu=2 Marchenko-Pastur limit (H/p -> c, sigma^2 = s/p)",
         "L/p = kappa^2 [1 - 2(1+q) g + (1+q)^2 (q g)'] / (2 q^2), q = exp(4 kappa t) - 1, "
         "g = (D - B)/(2 s q), B = 1 - s(1-c) q, D = sqrt(B^2 + 4 s q)  (s, q in units of kappa)",
         "SYM, nu = 2, identity (kappa > 0) or zero target, many eigenvalues (min(p, H) >= 20)",
         "5.1", 0},
    [GFD_SOL_FREE_UNITS] =
        {"free-units", "free evolution, per unit (diagonal regime)",
         "SYM: rho_h(t) = rho_h [1 + 2 nu (nu-1) rho_h^(nu-1) t]^(-1/(nu-1)), L - |y|^2/2 = 1/2 sum_h rho_h^nu; "
         "ASYM: all norms of a unit drop by s(t), t = int_0^s ds'/(2 prod_k (rho_k - s'))",
         "target negligible (|y|^2 << |f0|^2) and cross terms negligible "
         "(H p^(-nu/2) small for even-nu SYM, H p^(1-nu) otherwise)",
         "5.2", 1},
    [GFD_SOL_FREE_MEAN] =
        {"free-mean", "free evolution, even-nu SYM common shrinking (mean-dominated law)",
         "L - |y|^2/2 = 1/2 H p C s(t)^nu, s(t) = sigma^2 [1 + 2 nu (nu-1) C sigma^(2(nu-1)) t]^(-1/(nu-1)), "
         "C = [p(p+2)...(p+2nu-2) + (nu-1)!! (H-1) p(p+2)...(p+nu-2)]/p (exact Wick moments; "
         "~ p^(nu-1) + (nu-1)!! H p^(nu/2-1))",
         "SYM, even nu >= 4, target negligible; the mean part dominates when (nu-1)!! H p^(-nu/2) >~ 1; "
         "exact in expectation at t = 0; the fluctuations of the Gram matrix decay faster at first, so the "
         "largest error comes early and shrinks with p (nu = 4, H = p^2, mean of 4 seeds: 14%, 10%, 8%, 5% "
         "at p = 12, 24, 32, 48; 2-4% in the second half of 10 time scales)",
         "5.2", 0},
    [GFD_SOL_NTK_LIMIT] =
        {"ntk", "NTK (lazy) limit: one exponential",
         "L(t) = L(0) exp(-2 k t), k = nu H sigma^(2(nu-1)) (ASYM) or nu nu! H sigma^(2(nu-1)) (odd-nu SYM)",
         "ASYM or odd-nu SYM with H = p^a, sigma^2 = p^b, a > nu - 1 and a + nu b/2 > 0, and small "
         "relative parameter motion d = sqrt(2 L0/(k |theta0|^2)) (error ~0.5 d ASYM, ~2.5 d odd-nu SYM: "
         "30-50% at p = 8..16 for SYM nu = 3); SYM nu = 2 only when H sigma^2 = 1 and H >> p",
         "5.3", 1},
    [GFD_SOL_NTK_LINEAR] =
        {"ntk-linear", "exact linearised (lazy-training) curve of this instance",
         "L_lin(t) = 1/2 <r0, exp(-2 K t) r0>, K = J J^T at t = 0 (NTK spectrum for nu = 2, "
         "linear flow in parameter space otherwise)",
         "any model: a reference curve; the real flow follows it only in the NTK regime", "5.3", 1},
    [GFD_SOL_ASCENT_EVEN] =
        {"ascent", "SYM even-nu gradient ascent, mean-field parametric solution",
         "Lnorm = kappa_nu g^nu/(2 D^2) - k/D and tau = -(1/(nu-2)) int_0^b D^((nu-2)/nu) db', parametric in "
         "b >= 0, where tau = nu kappa sigma^(nu-2) t (4 sigma^2 t for nu = 4, kappa = 1), "
         "Lnorm = (L - kappa^2 p/2)/(H p sigma^nu kappa), x ~ N(0, 1), "
         "g(b) = E[x^2 (1 + b x^(nu-2))^(-2/(nu-2))], k(b) = E[x^nu (1 + b x^(nu-2))^(-nu/(nu-2))], "
         "G(b) = int_0^b g^(nu-1), D = 1 - (nu/(nu-2)) kappa_nu G(b), and the control parameter "
         "kappa_nu = sigma^nu p^(nu-1) (1 + (nu-1)!! (H-1) p^(-nu/2))/kappa "
         "(nu = 4: kappa4 = sigma^4 (p^3 + 3 (H-1) p)/kappa); blow-up iff kappa_nu > kappa_c(nu) = "
         "(nu-2)/(nu G(inf)) (2.0778 for nu = 4), at the b where D = 0",
         "SYM, even nu >= 4, identity target, t <= 0 (ascent), p large with kappa_nu fixed", "5.4",
         0},
};

const gfd_sol_info *gfd_solution_info(gfd_sol_id id) {
  return (unsigned)id < GFD_SOL_COUNT ? &infos[id] : NULL;
}

gfd_sol_id gfd_solution_by_name(const char *name) {
  for (int i = 0; i < GFD_SOL_COUNT; i++)
    if (strcmp(infos[i].name, name) == 0) return (gfd_sol_id)i;
  return GFD_SOL_COUNT;
}

/* ------------------------------------------------------------ validity */
static double dfact(int n) {
  double r = 1;
  for (int k = n; k > 1; k -= 2) r *= k;
  return r;
}

static gfd_apply say(gfd_apply a, char *why, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static gfd_apply say(gfd_apply a, char *why, size_t n, const char *fmt, ...) {
  if (why && n) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, n, fmt, ap);
    va_end(ap);
  }
  return a;
}

/* kappa seen by the dynamics (0 for the zero target) */
static double eff_kappa(const gfd_spec *s) { return s->target == GFD_TGT_ZERO ? 0 : s->kappa; }

/* Weight of the target in the free dynamics: the target's part of the
 * gradient over the self part, per unit at t = 0.  Identity: nu kappa u^(nu-1)
 * against nu |u|^(2(nu-1)) u gives kappa / (sigma^nu p^(nu-1)) = 1/kappa_nu
 * (negligible iff b > -2(nu-1)/nu, gfd-theory(7) 5.2); for even-nu SYM the target's
 * part of the excess, kappa sum u^nu, is coherent (mean (nu-1)!! sigma^nu per
 * entry), which makes it 2 (nu-1)!! times that share of the excess; a teacher
 * of rank r with unit-norm factors is smaller by sqrt(r/p); modadd (dense)
 * larger by sqrt(p).
 * mean: the common-shrinking law, whose self part has C = p^(nu-1) + (nu-1)!! H p^(nu/2-1). */
static double target_weight(const gfd_spec *s, int mean) {
  double p = (double)s->p, H = (double)s->H, k = fabs(s->kappa);
  double self = pow(s->sigma, s->nu) *
                (mean ? pow(p, s->nu - 1) + dfact(s->nu - 1) * H * pow(p, s->nu / 2.0 - 1) : pow(p, s->nu - 1));
  switch (s->target) {
  case GFD_TGT_ZERO: return 0;
  case GFD_TGT_IDENTITY: return (s->kind == GFD_SYM && s->nu % 2 == 0 ? 2 * dfact(s->nu - 1) : 1) * k / self;
  case GFD_TGT_TEACHER: return k * sqrt((double)s->r / p) / self;
  case GFD_TGT_MODADD: return k * sqrt(p) / self;
  }
  return INFINITY;
}

/* weight of the cross terms between units */
static double cross_weight(const gfd_spec *s) {
  double H = (double)s->H, p = (double)s->p;
  if (s->kind == GFD_SYM && s->nu % 2 == 0) return dfact(s->nu - 1) * H * pow(p, -s->nu / 2.0);
  return H * pow(p, 1.0 - s->nu);
}

gfd_apply gfd_solution_applies(gfd_sol_id id, const gfd_spec *s, double t0, double t1, char *why,
                               size_t n) {
  double tmax = t0 < t1 ? t1 : t0;
  double p = (double)s->p, H = (double)s->H, s2 = s->sigma * s->sigma;
  int nu = s->nu;
  int simple_tgt = s->target == GFD_TGT_IDENTITY || s->target == GFD_TGT_ZERO;
  const char *kind = gfd_kind_name(s->kind);
  switch (id) {
  case GFD_SOL_SYM2_EXACT:
    if (s->kind != GFD_SYM || nu != 2)
      return say(GFD_APPLY_NO, why, n, "needs SYM nu = 2 (the model is %s nu = %d)", kind, nu);
    if (!simple_tgt)
      return say(GFD_APPLY_NO, why, n,
                 "needs the identity or zero target: a %s target is not diagonal in the eigenbasis of W",
                 gfd_target_name(s->target));
    return say(GFD_APPLY_EXACT, why, n,
               "exact at every size: each eigenvalue of W = U^T U is logistic (%zu of them)",
               s->p < s->H ? s->p : s->H);
  case GFD_SOL_SYM2_MP: {
    if (s->kind != GFD_SYM || nu != 2)
      return say(GFD_APPLY_NO, why, n, "needs SYM nu = 2 (the model is %s nu = %d)", kind, nu);
    if (!simple_tgt)
      return say(GFD_APPLY_NO, why, n, "needs the identity or zero target (the target is %s)",
                 gfd_target_name(s->target));
    if (s->target == GFD_TGT_IDENTITY && !(s->kappa > 0))
      return say(GFD_APPLY_NO, why, n, "needs kappa > 0 (kappa = %g)", s->kappa);
    size_t r = s->p < s->H ? s->p : s->H;
    if (r < 20)
      return say(GFD_APPLY_NO, why, n,
                 "only min(p, H) = %zu eigenvalues: the Marchenko-Pastur law does not describe them "
                 "(use sym2-exact)", r);
    return say(GFD_APPLY_APPROX, why, n,
               "large-size limit with c = H/p = %.4g, s = sigma^2 p = %.4g; finite-size error ~ 1/min(p,H) "
               "in the bulk, larger near the blow-up (edge fluctuations)", H / p, s2 * p);
  }
  case GFD_SOL_FREE_UNITS:
  case GFD_SOL_FREE_MEAN: {
    if (id == GFD_SOL_FREE_MEAN && (s->kind != GFD_SYM || nu % 2 || nu < 4))
      return say(GFD_APPLY_NO, why, n, "needs SYM with an even nu >= 4 (the model is %s nu = %d)",
                 kind, nu);
    int mean = id == GFD_SOL_FREE_MEAN;
    double wy = target_weight(s, mean), wc = cross_weight(s);
    if (wy > 0.1)
      return say(GFD_APPLY_NO, why, n,
                 "the target is not negligible: its share of the gradient, kappa/(sigma^nu %s) = %.3g, "
                 "is above 0.1", mean ? "C" : "p^(nu-1)", wy);
    if (id == GFD_SOL_FREE_UNITS && wc > 0.1)
      return say(GFD_APPLY_NO, why, n,
                 "cross terms between units are not negligible: %s = %.3g > 0.1%s",
                 (s->kind == GFD_SYM && nu % 2 == 0) ? "(nu-1)!! H p^(-nu/2)" : "H p^(1-nu)", wc,
                 (s->kind == GFD_SYM && nu % 2 == 0 && nu >= 4) ? " (use free-mean)" : "");
    if (tmax > 0 && wy > 0) {
      /* descent: the units shrink and the target's share grows like
       * (rho0/rho)^(nu/2) = base^(nu/(2(nu-1))) */
      double A = (s->kind == GFD_SYM ? 2.0 * nu * (nu - 1) : 2.0 * (nu - 1));
      double base = mean ? 1 + A * (pow(p, nu - 1) + dfact(nu - 1) * H * pow(p, nu / 2.0 - 1)) *
                                   pow(s2, nu - 1) * tmax
                         : 1 + A * pow(s2 * p, nu - 1) * tmax;
      double wt = wy * pow(base, nu / (2.0 * (nu - 1)));
      if (wt > 0.1)
        return say(GFD_APPLY_NO, why, n,
                   "by t = %g the units have shrunk until the target matters (its share of the gradient "
                   "grows from %.3g to %.3g > 0.1)", tmax, wy, wt);
    }
    if (mean)
      return say(GFD_APPLY_APPROX, why, n,
                 "target share of the gradient %.3g; mean part (nu-1)!! H p^(-nu/2) = %.3g%s; exact in "
                 "expectation at t = 0, then off by up to ~%.0f%% early (measured 10%% at p = 24, 5%% at p = 48, "
                 "nu = 4, H = p^2), a few %% later",
                 wy, wc, wc < 1 ? " (diagonal-dominated: same law up to O(1/p))" : "", 240.0 / (p > 1 ? p : 1));
    return say(GFD_APPLY_APPROX, why, n,
               "target share of the gradient %.3g and cross weight %.3g are small", wy, wc);
  }
  case GFD_SOL_NTK_LIMIT: {
    if (s->kind == GFD_SYM && nu == 2) {
      double hs = H * s2;
      if (fabs(hs - 1) > 0.1 || p / H > 0.01)
        return say(GFD_APPLY_NO, why, n,
                   "SYM nu = 2 is lazy only when H sigma^2 = 1 and H >> p (H sigma^2 = %.3g, p/H = %.3g); "
                   "the exact solution sym2-exact applies", hs, p / H);
      return say(GFD_APPLY_APPROX, why, n, "SYM nu = 2 tuned to H sigma^2 = %.3g with p/H = %.3g", hs,
                 p / H);
    }
    if (s->kind == GFD_SYM && nu % 2 == 0)
      return say(GFD_APPLY_NO, why, n,
                 "even-nu SYM has no NTK regime without fine tuning H sigma^nu p^(nu/2-1) -> 1 (gfd-theory(7) 5.3)");
    if (p < 2) return say(GFD_APPLY_NO, why, n, "p = %zu is too small for a scaling", s->p);
    double a = log(H) / log(p), b = log(s2) / log(p);
    if (!(a > nu - 1) || !(a + nu * b / 2 > 0))
      return say(GFD_APPLY_NO, why, n,
                 "not lazy: with H = p^a, sigma^2 = p^b here a = %.3g, b = %.3g; needs a > %d and "
                 "a + nu b/2 > 0 (here %.3g)", a, b, nu - 1, a + nu * b / 2);
    /* how far the parameters move while the loss decays: |dtheta|^2 ~
     * |r0|^2 / k against |theta0|^2 (E over the initialisation).  The law's
     * error grows with it, by a factor measured per family: ASYM nu = 2
     * (H = p^2, sigma^2 = p^-1.5, max over 4 seeds on [0, 1/k]) 16%, 12%, 5%
     * at p = 8, 16, 32 where d = 0.25, 0.18, 0.125 (about 0.5 d); odd-nu SYM
     * (nu = 3, H = p^2.5, sigma^2 = 1/p) 51%, 43%, 35% at p = 8, 10, 16 where
     * d = 0.19, 0.17, 0.14 (about 2.5 d: the kernel's spectrum on r0 is broad
     * at these sizes, its trace modes are O(nu^2/p)) */
    double k = gfd_ntk_rate(s), th2 = (s->kind == GFD_ASYM ? nu : 1) * H * p * s2;
    double d = sqrt(2 * gfd_ntk_expected_loss0(s) / (k * th2));
    double est = (s->kind == GFD_ASYM ? 0.5 : 2.5) * d;
    return say(GFD_APPLY_APPROX, why, n,
               "lazy regime: a = %.3g > %d and a + nu b/2 = %.3g > 0 (H = p^a, sigma^2 = p^b); k = %.4g; the "
               "parameters move by d ~ sqrt(2 L0/(k |theta0|^2)) = %.3g of their norm, so expect the one "
               "exponential to be off by ~%.0f%% (measured about %s d%s); within 10%% it needs d < %.2g",
               a, nu - 1, a + nu * b / 2, k, d, 100 * est, s->kind == GFD_ASYM ? "0.5" : "2.5",
               s->kind == GFD_ASYM ? "" : " for SYM nu = 3 at p = 8..16", s->kind == GFD_ASYM ? 0.2 : 0.04);
  }
  case GFD_SOL_NTK_LINEAR: {
    char lz[256];
    gfd_apply lazy = gfd_solution_applies(GFD_SOL_NTK_LIMIT, s, t0, t1, lz, sizeof lz);
    return say(GFD_APPLY_APPROX, why, n, "reference curve for this instance; %s: %s",
               lazy ? "the flow is lazy here" : "the flow is NOT lazy here", lz);
  }
  case GFD_SOL_ASCENT_EVEN: {
    if (s->kind != GFD_SYM || nu % 2 || nu < 4)
      return say(GFD_APPLY_NO, why, n, "needs SYM with an even nu >= 4 (the model is %s nu = %d)",
                 kind, nu);
    if (s->target != GFD_TGT_IDENTITY || !(s->kappa > 0))
      return say(GFD_APPLY_NO, why, n,
                 "needs the identity target with kappa > 0 (%s, kappa = %g): with no target the "
                 "ascent is free evolution", gfd_target_name(s->target), s->kappa);
    if (tmax > 0)
      return say(GFD_APPLY_NO, why, n,
                 "only for ascent (t <= 0): forward in time the largest coordinates escape after "
                 "tau ~ 1/(4 ln(H p)), so this scaling has no limit curve");
    double k = gfd_ascent_kappa_of(s);
    if (s->H > 1) {
      /* many units: the largest norm ~ 1 + 2 sqrt(ln H / p) times the mean
       * raises its own kappa by that to the power nu/2 */
      double rmax = 1 + 2 * sqrt(log((double)s->H) / p);
      return say(GFD_APPLY_APPROX, why, n,
                 "mean-field limit at fixed kappa%d = %.4g (p -> infinity); with H = %zu units the largest "
                 "(|u|^2 ~ %.3g times the mean at p = %zu) blows up first, so at finite p the observed t* comes "
                 "earlier than the limit's and approaches it slowly (`blowup` shows the largest-unit estimate); "
                 "the curve itself is off by ~1/sqrt(p) per seed",
                 nu, k, s->H, rmax, s->p);
    }
    return say(GFD_APPLY_APPROX, why, n,
               "mean-field limit at fixed kappa%d = %.4g (p -> infinity); finite-size error ~ 1/sqrt(p) "
               "per seed (p = %zu: blow-up times within 1-3%% at p = 8000, about 10%% seed to seed)%s",
               nu, k, s->p, s->p < 1000 ? "; p is small" : "");
  }
  default: break;
  }
  return say(GFD_APPLY_NO, why, n, "unknown solution");
}

/* ------------------------------------------------------------ the object */
struct gfd_solution {
  gfd_sol_id id;
  gfd_spec spec;
  double kap;        /* kappa seen by the dynamics */
  double yhalf;      /* |y|^2/2 */
  double *lambda;    /* sym2-exact: r eigenvalues */
  size_t r;
  double *norms;     /* free-units: H x nblk squared norms */
  double *ustar;     /* free-units ASYM: per-unit blow-up times */
  gfd_ntk_lin *lin;  /* ntk-linear */
  double L0, X0;     /* ntk: loss and excess of the instance at t = 0 */
  gfd_ascent *asc;   /* ascent */
};

void gfd_solution_free(gfd_solution *S) {
  if (!S) return;
  free(S->lambda);
  free(S->norms);
  free(S->ustar);
  gfd_ntk_lin_free(S->lin);
  gfd_ascent_free(S->asc);
  free(S);
}

gfd_solution *gfd_solution_new(gfd_sol_id id, const gfd_model *m, const double *theta,
                               const gfd_ctl *ctl, gfd_err *e) {
  if ((unsigned)id >= GFD_SOL_COUNT) {
    gfd_err_set(e, GFD_EINVAL, "unknown solution %d", (int)id);
    return NULL;
  }
  const gfd_spec *s = gfd_model_spec(m);
  char why[400];
  if (gfd_solution_applies(id, s, 0, 0, why, sizeof why) == GFD_APPLY_NO) {
    gfd_err_set(e, GFD_EUNSUP, "%s does not apply: %s", infos[id].name, why);
    return NULL;
  }
  if (infos[id].instance && !theta) {
    gfd_err_set(e, GFD_EINVAL, "%s needs the instance's parameters", infos[id].name);
    return NULL;
  }
  gfd_solution *S = calloc(1, sizeof *S);
  if (!S) goto nomem;
  S->id = id;
  S->spec = *s;
  S->kap = eff_kappa(s);
  S->yhalf = gfd_model_target_half_norm2(m);
  size_t p = s->p, H = s->H;
  switch (id) {
  case GFD_SOL_SYM2_EXACT:
    S->lambda = gfd_xmalloc(p < H ? p : H, sizeof(double));
    if (!S->lambda) goto nomem;
    if (gfd_sym2_eigen(p, H, theta, S->lambda, &S->r, ctl, e)) goto fail;
    break;
  case GFD_SOL_FREE_UNITS: {
    size_t nb = s->kind == GFD_SYM ? 1 : (size_t)s->nu;
    S->norms = gfd_xmalloc(H * nb, sizeof(double));
    S->ustar = gfd_xmalloc(H, sizeof(double));
    if (!S->norms || !S->ustar) goto nomem;
    for (size_t k = 0; k < nb; k++)
      for (size_t h = 0; h < H; h++) {
        long double acc = 0;
        const double *u = theta + (k * H + h) * p;
        for (size_t i = 0; i < p; i++) acc += (long double)u[i] * u[i];
        S->norms[h * nb + k] = (double)acc;
      }
    for (size_t h = 0; h < H; h++) {
      if (s->kind == GFD_SYM) {
        double rho = S->norms[h];
        S->ustar[h] = rho > 0 ? -1.0 / (2.0 * s->nu * (s->nu - 1) * pow(rho, s->nu - 1)) : NAN;
      } else if (gfd_free_asym_unit(s->nu, S->norms + h * nb, 0, NULL, &S->ustar[h], e))
        goto fail;
    }
    break;
  }
  case GFD_SOL_NTK_LIMIT: {
    gfd_work *w = gfd_work_new(m, ctl, e);
    if (!w) goto fail;
    int st = gfd_model_eval(m, theta, w, &S->L0, &S->X0, NULL);
    gfd_work_free(w);
    if (st) {
      gfd_err_set(e, GFD_ENUMERIC, "the initial parameters are not finite");
      goto fail;
    }
    break;
  }
  case GFD_SOL_NTK_LINEAR:
    S->lin = gfd_ntk_lin_new(m, theta, ctl, e);
    if (!S->lin) goto fail;
    break;
  case GFD_SOL_ASCENT_EVEN:
    S->asc = gfd_ascent_new(s->nu, gfd_ascent_kappa_of(s), e);
    if (!S->asc) goto fail;
    break;
  default: break;
  }
  return S;
nomem:
  gfd_err_set(e, GFD_ENOMEM, "out of memory for the %s solution", infos[id].name);
fail:
  gfd_solution_free(S);
  return NULL;
}

int gfd_solution_eval(gfd_solution *S, size_t n, const double *t, double *loss, double *excess,
                      const gfd_ctl *ctl, gfd_err *e) {
  const gfd_spec *s = &S->spec;
  double p = (double)s->p, H = (double)s->H, s2 = s->sigma * s->sigma;
  int nu = s->nu;
  if (S->id == GFD_SOL_NTK_LINEAR) return gfd_ntk_lin_eval(S->lin, n, t, loss, excess, ctl, e);
  for (size_t i = 0; i < n; i++) {
    double L = NAN, X = NAN, ti = t[i];
    if ((i & 63) == 0) {
      int st = gfd_ctl_poll(ctl, e);
      if (st) return st;
    }
    switch (S->id) {
    case GFD_SOL_SYM2_EXACT: gfd_sym2_loss(S->lambda, S->r, s->p, S->kap, ti, &L, &X); break;
    case GFD_SOL_SYM2_MP: {
      double lp, xp;
      if (gfd_sym2_mp_loss(H / p, s2 * p, S->kap, ti, &lp, &xp) == GFD_OK) {
        L = p * lp;
        X = p * xp;
      }
      break;
    }
    case GFD_SOL_FREE_UNITS: {
      long double acc = 0;
      int bad = 0;
      if (s->kind == GFD_SYM) {
        for (size_t h = 0; h < s->H; h++) {
          double r = gfd_free_sym_rho(nu, S->norms[h], ti);
          if (isnan(r)) bad = 1;
          acc += 0.5L * powl(r, nu);
        }
      } else {
        for (size_t h = 0; h < s->H; h++) {
          double x;
          int st = gfd_free_asym_unit(nu, S->norms + h * nu, ti, &x, NULL, e);
          if (st) return st;
          if (isnan(x)) bad = 1;
          acc += x;
        }
      }
      if (!bad) {
        X = (double)acc;
        L = S->yhalf + X;
      }
      break;
    }
    case GFD_SOL_FREE_MEAN:
      X = gfd_free_mean_excess(nu, p, H, s2, ti);
      L = S->yhalf + X;
      break;
    case GFD_SOL_NTK_LIMIT: {
      double d = S->L0 * expm1(-2 * gfd_ntk_rate(s) * ti);
      L = S->L0 + d;
      X = S->X0 + d;
      break;
    }
    case GFD_SOL_ASCENT_EVEN: {
      double tfac, lfac, ln;
      gfd_ascent_scales(s, &tfac, &lfac);
      int st = gfd_ascent_eval(S->asc, tfac * ti, &ln, NULL, NULL, e);
      if (st) return st;
      X = lfac * ln;
      L = S->yhalf + X;
      break;
    }
    default: break;
    }
    if (loss) loss[i] = L;
    if (excess) excess[i] = X;
  }
  return GFD_OK;
}

int gfd_solution_blowup(gfd_solution *S, gfd_sol_blowup *b, gfd_err *e) {
  const gfd_spec *s = &S->spec;
  double p = (double)s->p, H = (double)s->H, s2 = s->sigma * s->sigma;
  int nu = s->nu;
  b->verdict = -1;
  b->t_star = b->t_lo = b->t_hi = NAN;
  b->criterion[0] = 0;
  size_t cn = sizeof b->criterion;
  switch (S->id) {
  case GFD_SOL_SYM2_EXACT: {
    double lmax = S->r ? S->lambda[S->r - 1] : 0;
    double ts = gfd_sym2_tstar(lmax, S->kap);
    b->verdict = !isnan(ts);
    b->t_star = b->t_lo = b->t_hi = ts;
    snprintf(b->criterion, cn, "lambda_max = %.6g %s kappa = %g: %s", lmax,
             lmax > S->kap ? ">" : "<=", S->kap, b->verdict ? "divergent" : "convergent (L -> p kappa^2/2)");
    break;
  }
  case GFD_SOL_SYM2_MP: {
    double edge = gfd_sym2_mp_edge(H / p, s2 * p);
    double ts = gfd_sym2_mp_tstar(H / p, s2 * p, S->kap);
    b->verdict = !isnan(ts);
    b->t_star = b->t_lo = b->t_hi = ts;
    snprintf(b->criterion, cn, "sigma^2 (sqrt p + sqrt H)^2 = %.6g %s kappa = %g: %s", edge,
             edge > S->kap ? ">" : "<=", S->kap, b->verdict ? "divergent" : "convergent");
    break;
  }
  case GFD_SOL_FREE_UNITS: {
    double ts = -INFINITY;
    size_t arg = 0;
    for (size_t h = 0; h < s->H; h++)
      if (S->ustar[h] > ts) {
        ts = S->ustar[h];
        arg = h;
      }
    b->verdict = 1;
    b->t_star = b->t_lo = b->t_hi = ts;
    snprintf(b->criterion, cn,
             "free evolution always diverges backward: unit %zu (the largest) blows up first", arg);
    break;
  }
  case GFD_SOL_FREE_MEAN: {
    double ts = gfd_free_mean_tstar(nu, p, H, s2);
    b->verdict = 1;
    b->t_star = b->t_lo = b->t_hi = ts;
    snprintf(b->criterion, cn, "free evolution always diverges backward (common shrinking law)");
    break;
  }
  case GFD_SOL_NTK_LIMIT:
  case GFD_SOL_NTK_LINEAR:
    snprintf(b->criterion, cn,
             "the linearised law grows exponentially backward: no finite-time blow-up predicted");
    break;
  case GFD_SOL_ASCENT_EVEN: {
    double tfac, ts, k = gfd_ascent_kappa_of(s), kc = gfd_ascent_kappa_c(S->asc);
    gfd_ascent_scales(s, &tfac, NULL);
    b->verdict = gfd_ascent_diverges(S->asc, &ts, NULL);
    if (b->verdict) b->t_star = b->t_lo = b->t_hi = ts / tfac;
    snprintf(b->criterion, cn, "kappa%d = %.6g %s kappa_c = %.10g: %s", nu, k,
             b->verdict ? ">" : "<=", kc,
             b->verdict ? "divergent" : "convergent (f -> 0, L -> p kappa^2/2)");
    break;
  }
  default: return gfd_err_set(e, GFD_EINVAL, "unknown solution");
  }
  return GFD_OK;
}
