/* phase.c - the ascent phase diagram (gfd/phase.h): the grid, its cells, one
 * work unit (one seeded backward run with blow-up detection) and the cost
 * estimate.  Everything here is a function of its arguments only, so units
 * can run in any order or process. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "gfd/phase.h"
#include "gfd/jobs.h"

/* H above this is refused: the Gram route holds H x H matrices (H = 20000 is
 * already 3.2 GB) and the budget check would refuse it anyway. */
#define PHASE_H_MAX 2000000

/* A run counts as diverged once L passes this ratio times max(L(0), 1).
 * A convergent ascent stays below p/2 = ||y||^2/2 (L rises monotonically to
 * it: gfd-theory(7) 5.4), and L(0) is close to p/2 or above, so 100 cannot be
 * reached without a blow-up; the default 1e6 spent 2-3x the gradients in
 * following the blow-up (measured p = 8, 16: 900-980 gradients a diverging
 * run at rtol 1e-8 with 1e6, 320-340 at rtol 1e-6 with 100), with the same
 * outcome on every cell tried. */
#define PHASE_BLOWUP_RATIO 100.0

/* Gradients (loss-only evaluations counted as 1/3) of one run, measured with
 * dopri5 at rtol 1e-6 to tau = -4 (p = 8, 16, 64; H 2..192): 118-175 for a
 * run that converges, 300-410 for one that blows up (the blow-up is followed
 * up to the ratio above).  The estimate takes the upper ends. */
#define PHASE_GRADS_CONVERGE 175.0
#define PHASE_GRADS_DIVERGE 410.0

static double dfact(int n) {
  double r = 1;
  for (int k = n; k > 1; k -= 2) r *= k;
  return r;
}

void gfd_phase_grid_default(gfd_phase_grid *g) {
  memset(g, 0, sizeof *g);
  g->nu = 4;
  g->p = GFD_PHASE_P;
  g->theta_lo = GFD_PHASE_THETA_LO;
  g->theta_hi = GFD_PHASE_THETA_HI;
  g->ntheta = GFD_PHASE_N;
  g->rho_lo = GFD_PHASE_RHO_LO;
  g->rho_hi = GFD_PHASE_RHO_HI;
  g->nrho = GFD_PHASE_N;
  g->runs = GFD_PHASE_RUNS;
  g->seed0 = 1;
  g->tau_end = GFD_PHASE_TAU_END;
  g->rtol = 1e-6;
}

size_t gfd_phase_cells(const gfd_phase_grid *g) { return g->ntheta * g->nrho; }
size_t gfd_phase_units(const gfd_phase_grid *g) { return gfd_phase_cells(g) * g->runs; }

static double logspace(double lo, double hi, size_t n, size_t k) {
  if (n <= 1 || k == 0) return lo;
  if (k + 1 == n) return hi; /* exactly HI, not exp(log(HI)) */
  return exp(log(lo) + (log(hi) - log(lo)) * (double)k / (double)(n - 1));
}

double gfd_phase_theta_at(const gfd_phase_grid *g, size_t i) {
  return logspace(g->theta_lo, g->theta_hi, g->ntheta, i);
}
double gfd_phase_rho_at(const gfd_phase_grid *g, size_t j) { return logspace(g->rho_lo, g->rho_hi, g->nrho, j); }

double gfd_phase_kappa_c(int nu) {
  if (nu < 4 || nu > GFD_NU_MAX || nu % 2) return NAN;
  gfd_ascent *A = gfd_ascent_new(nu, 1.0, NULL);
  if (!A) return NAN;
  double kc = gfd_ascent_kappa_c(A);
  gfd_ascent_free(A);
  return kc;
}

double gfd_phase_rho_star(int nu, double theta) { return gfd_phase_kappa_c(nu) / theta; }

/* H of a nominal theta: the nearest integer, at least 1 */
static double h_of(const gfd_phase_grid *g, double theta) {
  double H = round((theta - 1) * pow((double)g->p, g->nu / 2.0) / dfact(g->nu - 1));
  return H < 1 ? 1 : H;
}

static int range_check(const char *key, double lo, double hi, size_t n, double lo_min, gfd_err *e) {
  if (!isfinite(lo) || !isfinite(hi))
    return gfd_err_set(e, GFD_EINVAL, "%s: LO and HI must be finite numbers (got %g, %g)", key, lo, hi);
  if (!(lo > lo_min))
    return gfd_err_set(e, GFD_EINVAL, "%s: LO must be above %g (got %g)", key, lo_min, lo);
  if (lo > hi) return gfd_err_set(e, GFD_EINVAL, "%s: LO = %g is above HI = %g", key, lo, hi);
  if (n < 1 || n > GFD_PHASE_NMAX)
    return gfd_err_set(e, GFD_EINVAL, "%s: N must be in 1..%d (got %zu)", key, GFD_PHASE_NMAX, n);
  return GFD_OK;
}

int gfd_phase_grid_check(const gfd_phase_grid *g, gfd_err *e) {
  if (g->nu < 4 || g->nu > GFD_NU_MAX || g->nu % 2)
    return gfd_err_set(e, GFD_EINVAL, "nu = %d: the phase diagram needs an even nu in 4..%d", g->nu, GFD_NU_MAX);
  if (g->p < 2 || g->p > 100000) return gfd_err_set(e, GFD_EINVAL, "p = %zu: must be in 2..100000", g->p);
  int r;
  if ((r = range_check("theta", g->theta_lo, g->theta_hi, g->ntheta, 1.0, e))) return r;
  if ((r = range_check("rho", g->rho_lo, g->rho_hi, g->nrho, 0.0, e))) return r;
  if (g->runs < 1 || g->runs > 100000) return gfd_err_set(e, GFD_EINVAL, "seeds = %zu: must be in 1..100000", g->runs);
  if (!(g->tau_end < 0) || !isfinite(g->tau_end))
    return gfd_err_set(e, GFD_EINVAL, "tau = %g: the ascent runs backward, the end must be negative", g->tau_end);
  if (!(g->rtol > 0 && g->rtol < 0.1))
    return gfd_err_set(e, GFD_EINVAL, "rtol = %g: must be in (0, 0.1)", g->rtol);
  double Hmax = h_of(g, g->theta_hi);
  if (Hmax > PHASE_H_MAX)
    return gfd_err_set(e, GFD_EINVAL, "theta = %g at p = %zu needs H = %.0f units, above %d", g->theta_hi, g->p, Hmax,
                       PHASE_H_MAX);
  if ((r = gfd_seed_check("the phase grid's seeds", g->seed0, gfd_phase_units(g), e))) return r;
  return GFD_OK;
}

int gfd_phase_cell_spec(const gfd_phase_grid *g, size_t cell, gfd_spec *s, gfd_err *e) {
  if (cell >= gfd_phase_cells(g))
    return gfd_err_set(e, GFD_EINVAL, "cell %zu is outside the grid (%zu cells)", cell, gfd_phase_cells(g));
  size_t i = cell % g->ntheta, j = cell / g->ntheta;
  gfd_spec_default(s);
  s->kind = GFD_SYM;
  s->nu = g->nu;
  s->p = g->p;
  s->H = (size_t)h_of(g, gfd_phase_theta_at(g, i));
  s->sigma = pow(gfd_phase_rho_at(g, j) / pow((double)g->p, g->nu - 1), 1.0 / g->nu);
  s->target = GFD_TGT_IDENTITY;
  s->kappa = 1;
  s->seed = gfd_phase_unit_seed(g, cell, 0);
  return GFD_OK;
}

int gfd_phase_cell_info(const gfd_phase_grid *g, size_t cell, gfd_phase_cell *c, gfd_err *e) {
  gfd_spec s;
  int r = gfd_phase_cell_spec(g, cell, &s, e);
  if (r) return r;
  memset(c, 0, sizeof *c);
  c->i = cell % g->ntheta;
  c->j = cell / g->ntheta;
  c->theta_nominal = gfd_phase_theta_at(g, c->i);
  c->theta = 1 + dfact(g->nu - 1) * (double)s.H / pow((double)g->p, g->nu / 2.0);
  c->rho = gfd_phase_rho_at(g, c->j);
  c->H = s.H;
  c->sigma = s.sigma;
  c->kappa_nu = gfd_ascent_kappa_of(&s);
  c->ratio = c->theta * c->rho / gfd_phase_kappa_c(g->nu);
  double tfac;
  gfd_ascent_scales(&s, &tfac, NULL);
  c->t_end = g->tau_end / tfac;
  c->gradient_flops = gfd_route_flops(&s, gfd_spec_route(&s));
  return GFD_OK;
}

unsigned long gfd_phase_unit_seed(const gfd_phase_grid *g, size_t cell, size_t run) {
  return g->seed0 + (unsigned long)cell * g->runs + run;
}

int gfd_phase_unit_run(const gfd_phase_grid *g, size_t cell, size_t run, const gfd_ctl *ctl, gfd_phase_unit *u,
                       gfd_err *e) {
  memset(u, 0, sizeof *u);
  u->diverged = -1;
  u->t_star = u->tau_star = u->loss_end = u->loss0 = NAN;
  u->lu_kappa_h = u->lu_tau_star = u->lu_rho_max = NAN;
  int r = gfd_phase_grid_check(g, e);
  if (!r && run >= g->runs) r = gfd_err_set(e, GFD_EINVAL, "run %zu is outside 0..%zu", run, g->runs - 1);
  gfd_spec s;
  if (!r) r = gfd_phase_cell_spec(g, cell, &s, e);
  if (r) return u->status = r;
  u->seed = s.seed = gfd_phase_unit_seed(g, cell, run);

  gfd_model *m = gfd_model_new(&s, ctl, e);
  if (!m) return u->status = e ? e->code : GFD_ENOMEM;
  size_t dim = gfd_model_dim(m);
  double *theta = gfd_xmalloc(dim, sizeof *theta);
  gfd_work *w = theta ? gfd_work_new(m, ctl, e) : NULL;
  gfd_traj tr;
  gfd_traj_init(&tr);
  if (!theta || !w) {
    r = theta ? (e ? e->code : GFD_ENOMEM) : gfd_err_set(e, GFD_ENOMEM, "out of memory for %zu parameters", dim);
    goto out;
  }
  if ((r = gfd_model_init_params(m, s.seed, theta, e))) goto out;
  if ((r = gfd_model_eval(m, theta, w, &u->loss0, NULL, NULL))) {
    r = gfd_err_set(e, r, "the initial loss is not finite");
    goto out;
  }
  double lu_t;
  int lu = gfd_ascent_largest_unit(&s, theta, &lu_t, &u->lu_kappa_h, &u->lu_rho_max, e);
  if (lu < 0) {
    r = lu;
    goto out;
  }
  double tfac;
  gfd_ascent_scales(&s, &tfac, NULL);
  u->lu_diverges = lu;
  u->lu_tau_star = lu ? lu_t * tfac : NAN;

  gfd_flow_opts o;
  gfd_flow_opts_default(&o);
  o.points = 2; /* only the ends: the rate needs the outcome, not the curve */
  o.method = GFD_METHOD_DOPRI5;
  o.rtol = g->rtol;
  o.atol = g->rtol * 1e-2;
  o.blowup_ratio = PHASE_BLOWUP_RATIO;
  double t_end = g->tau_end / tfac;
  r = gfd_flow_run(m, theta, NULL, 0.0, t_end, &o, ctl, &tr, e);
  u->gradients = tr.nevals;
  u->loss_evals = tr.nloss;
  if (r) goto out;
  if (tr.status == GFD_RUN_BLOWUP) {
    u->diverged = 1;
    u->t_star = tr.t_star;
    u->tau_star = tr.t_star * tfac;
  } else {
    u->diverged = 0;
    u->loss_end = tr.n ? tr.loss[tr.n - 1] : NAN;
  }
out:
  u->status = r;
  if (r) u->diverged = -1;
  gfd_traj_free(&tr);
  gfd_work_free(w);
  free(theta);
  gfd_model_free(m);
  return r;
}

double gfd_phase_rate(const gfd_phase_unit *u, size_t n) {
  size_t k = 0, d = 0;
  for (size_t i = 0; i < n; i++)
    if (u[i].status == GFD_OK && u[i].diverged >= 0) {
      k++;
      d += u[i].diverged == 1;
    }
  return k ? (double)d / (double)k : NAN;
}

/* Gradients of one run by the cell's distance to the line, x = theta rho /
 * kappa_c.  PHASE_GRADS_* are measured (see gfd_phase_estimate's comment). */
double gfd_phase_cell_gradients_est(const gfd_phase_grid *g, size_t cell) {
  gfd_phase_cell c;
  if (gfd_phase_cell_info(g, cell, &c, NULL)) return NAN;
  double scale = 1e-6 / g->rtol; /* dopri5 (5th order): steps ~ rtol^(-1/5) */
  return (c.ratio < 1 ? PHASE_GRADS_CONVERGE : PHASE_GRADS_DIVERGE) * pow(scale, 0.2);
}

double gfd_phase_flop_rate(size_t p) {
  if (p <= 8) return GFD_PHASE_FLOPS_SMALL_P;
  if (p >= 16) return GFD_PHASE_FLOPS_LARGE_P;
  return GFD_PHASE_FLOPS_SMALL_P * pow(GFD_PHASE_FLOPS_LARGE_P / GFD_PHASE_FLOPS_SMALL_P, log2((double)p / 8));
}

double gfd_phase_seconds(const gfd_phase_cost *c, size_t p) {
  return c->flops / gfd_phase_flop_rate(p) + c->gradients * GFD_PHASE_S_PER_GRADIENT;
}

int gfd_phase_estimate(const gfd_phase_grid *g, gfd_phase_cost *out, gfd_err *e) {
  int r = gfd_phase_grid_check(g, e);
  if (r) return r;
  memset(out, 0, sizeof *out);
  size_t n = gfd_phase_cells(g);
  for (size_t c = 0; c < n; c++) {
    gfd_phase_cell ci;
    if ((r = gfd_phase_cell_info(g, c, &ci, e))) return r;
    double gr = gfd_phase_cell_gradients_est(g, c) * (double)g->runs;
    double f = gr * ci.gradient_flops;
    out->gradients += gr;
    out->flops += f;
    if (f > out->max_cell_flops) {
      out->max_cell_flops = f;
      out->max_cell = c;
    }
    if (ci.H > out->max_H) out->max_H = ci.H;
  }
  return GFD_OK;
}

/* The job kind (gfd/jobs.h): the description is the grid itself, unit u is
 * run u % runs of cell u / runs, so the serial loop goes cell by cell. */
static int units_open(const void *desc, size_t len, void **ctx, const gfd_ctl *ctl, gfd_err *e) {
  if (len != sizeof(gfd_phase_grid))
    return gfd_err_set(e, GFD_EINVAL, "a phase job's description has %zu bytes, not %zu", len, sizeof(gfd_phase_grid));
  return gfd_job_open_copy(desc, len, ctx, ctl, e);
}

static int units_unit(void *ctx, size_t u, const void *in, void *out, const gfd_ctl *ctl, gfd_err *e) {
  const gfd_phase_grid *g = ctx;
  (void)in;
  if (g->runs == 0) return gfd_err_set(e, GFD_EINVAL, "a phase job with no runs a cell");
  return gfd_phase_unit_run(g, u / g->runs, u % g->runs, ctl, out, e);
}

const gfd_job_kind gfd_job_phase_units = {"phase-units", units_open, units_unit, gfd_job_close_free};
