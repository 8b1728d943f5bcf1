/* flow.c - gradient flow du/dt = -grad L, forward (descent) and backward
 * (ascent), on a report grid, with blow-up detection: the options, and the
 * GSL odeiv2 methods (rk8pd, rkf45, msbdf), which are stopped at every report
 * point.  The hand-written methods (dopri5 with dense output, classical rk4)
 * are driven by flow_drive.c; the blow-up estimate is in flow_blowup.c.
 *
 * Blow-up (any direction, in practice ascent): the loss passes
 * blowup_ratio * max(|L(t0)|, 1), or a step fails (step-size collapse, or a
 * non-finite state).  After the threshold the integrator keeps going until
 * the extrapolated t* (flow_blowup.c) is as sure as the integration allows
 * (gfd_blowup_converged), or it can no longer advance. */
#include <config.h>
#include <math.h>
#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include "internal.h"
#include "model_internal.h"
#include "flow_internal.h"

static const char *method_names[] = {"rk8pd", "rkf45", "msbdf", "rk4", "dopri5"};

const char *gfd_method_name(gfd_method m) {
  return (unsigned)m < sizeof method_names / sizeof method_names[0] ? method_names[m] : "?";
}

int gfd_method_parse(const char *s, gfd_method *out) {
  if (!s) return GFD_EINVAL;
  for (size_t i = 0; i < sizeof method_names / sizeof method_names[0]; i++)
    if (!strcasecmp(s, method_names[i])) {
      *out = (gfd_method)i;
      return GFD_OK;
    }
  return GFD_EINVAL;
}

void gfd_flow_opts_default(gfd_flow_opts *o) {
  memset(o, 0, sizeof *o);
  o->points = 200;
  o->method = GFD_METHOD_DOPRI5;
  o->steps = 1000;
  o->rtol = 1e-10;
  o->atol = 1e-12;
  o->blowup_ratio = 1e6;
  o->observe = 0;
}

/* state vectors held by GSL and by us, per method (see the GSL steppers and
 * flow_drive.c: dopri5 y, f, ynew, ytmp, 6 stages, 5 dense, 2 report states;
 * rk4 y, f, ynew, ytmp, 3 stages, f(ynew), 2 report states) */
size_t gfd_flow_bytes(const gfd_model *m, const gfd_flow_opts *opts) {
  size_t dim = m->dim, b, d2;
  size_t vec = opts->method == GFD_METHOD_MSBDF ? 32 : opts->method == GFD_METHOD_DOPRI5 ? 17
             : opts->method == GFD_METHOD_RK4 ? 10 : 24;
  if (!gfd_size_mul(dim, vec * sizeof(double), &b)) return SIZE_MAX;
  if (opts->method == GFD_METHOD_MSBDF) { /* dense Jacobian and iteration matrix */
    if (!gfd_size_mul(dim, dim, &d2) || !gfd_size_mul(d2, 2 * sizeof(double), &d2) || !gfd_size_add(b, d2, &b))
      return SIZE_MAX;
  }
  size_t w = gfd_spec_bytes(&m->spec); /* evaluation workspace (and a parameter copy) */
  if (w == SIZE_MAX || !gfd_size_add(b, w, &b)) return SIZE_MAX;
  return b;
}

int gfd_flow_method_check(const gfd_model *m, const gfd_flow_opts *opts, const gfd_ctl *ctl, gfd_err *e) {
  if (opts->method != GFD_METHOD_MSBDF) return GFD_OK;
  size_t dim = m->dim;
  if (dim > GFD_MSBDF_DIM_MAX)
    return gfd_err_set(e, GFD_EUNSUP,
                       "method=msbdf builds a dense %zu x %zu Jacobian by finite differences (%zu gradients "
                       "each time) and factorises it, which is too slow above %d parameters; use method=rk8pd "
                       "(or rkf45), or a smaller model",
                       dim, dim, 2 * dim, GFD_MSBDF_DIM_MAX);
  char what[160];
  snprintf(what, sizeof what, "method=msbdf's dense %zu x %zu Jacobian (with its iteration matrix)", dim, dim);
  return gfd_ctl_budget(ctl, gfd_flow_bytes(m, opts), what, e);
}

/* ------------------------------------------------------------ the ODE */

typedef struct flow_ctx {
  const gfd_model *m;
  gfd_work *w;
  size_t nevals, nloss;
  double *ys, *gp, *gm; /* finite-difference Jacobian scratch (msbdf) */
} flow_ctx;

/* dy/dt = -grad L; a non-finite evaluation returns GSL_EDOM, on which
 * evolve_apply halves the step and retries (it stops at 1 ulp). */
static int ode_rhs(double t, const double y[], double dydt[], void *params) {
  (void)t;
  flow_ctx *c = params;
  c->nevals++;
  if (gfd_model_eval(c->m, y, c->w, NULL, NULL, dydt)) return GSL_EDOM;
  for (size_t i = 0; i < c->m->dim; i++) dydt[i] = -dydt[i];
  return GSL_SUCCESS;
}

/* -Hessian by central differences of the gradient, step cbrt(eps) scaled by
 * the coordinate (error O(h^2)), symmetrised (the Hessian is symmetric). */
static int ode_jac(double t, const double y[], double *dfdy, double dfdt[], void *params) {
  (void)t;
  flow_ctx *c = params;
  size_t n = c->m->dim;
  memcpy(c->ys, y, n * sizeof *y);
  for (size_t j = 0; j < n; j++) {
    double hj = 6.0554544523933395e-06 * fmax(1.0, fabs(y[j]));
    c->ys[j] = y[j] + hj;
    int r1 = gfd_model_eval(c->m, c->ys, c->w, NULL, NULL, c->gp);
    c->ys[j] = y[j] - hj;
    int r2 = gfd_model_eval(c->m, c->ys, c->w, NULL, NULL, c->gm);
    c->ys[j] = y[j];
    c->nevals += 2;
    if (r1 || r2) return GSL_EDOM;
    for (size_t i = 0; i < n; i++) dfdy[i * n + j] = -(c->gp[i] - c->gm[i]) / (2 * hj);
  }
  for (size_t i = 0; i < n; i++) {
    dfdt[i] = 0;
    for (size_t j = i + 1; j < n; j++) dfdy[i * n + j] = dfdy[j * n + i] = 0.5 * (dfdy[i * n + j] + dfdy[j * n + i]);
  }
  return GSL_SUCCESS;
}

/* ------------------------------------------------------------ integrator */

static double dot(const double *a, const double *b, size_t n) {
  double s = 0;
  for (size_t i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

static const gsl_odeiv2_step_type *step_type(gfd_method m) {
  switch (m) {
  case GFD_METHOD_RKF45: return gsl_odeiv2_step_rkf45;
  case GFD_METHOD_MSBDF: return gsl_odeiv2_step_msbdf;
  default: return gsl_odeiv2_step_rk8pd;
  }
}

int gfd_flow_check_opts(const gfd_flow_opts *o, gfd_err *e) {
  if ((unsigned)o->method > GFD_METHOD_DOPRI5) return gfd_err_set(e, GFD_EINVAL, "unknown integration method");
  if (o->method != GFD_METHOD_RK4) {
    if (!isfinite(o->rtol) || o->rtol < 0 || !isfinite(o->atol) || o->atol < 0 || (o->rtol == 0 && o->atol == 0))
      return gfd_err_set(e, GFD_EINVAL, "rtol=%g, atol=%g must be finite, >= 0 and not both 0", o->rtol, o->atol);
  } else if (o->steps < 1)
    return gfd_err_set(e, GFD_EINVAL, "method rk4 needs steps >= 1");
  if (!(o->blowup_ratio > 1) || !isfinite(o->blowup_ratio))
    return gfd_err_set(e, GFD_EINVAL, "the blow-up ratio %g must be finite and > 1", o->blowup_ratio);
  return GFD_OK;
}

int gfd_flow_integrate(const gfd_model *m, double *theta, const double *theta0, const double *grid, size_t ngrid,
                       double rk4_step, const gfd_flow_opts *opts, const gfd_ctl *ctl, gfd_flow_carry *carry,
                       gfd_traj *out, gfd_err *e) {
  size_t dim = m->dim;
  int rc;
  if (ngrid < 1 || !isfinite(grid[0]) || !isfinite(grid[ngrid - 1]))
    return gfd_err_set(e, GFD_EINVAL, "the time grid is empty or not finite");
  if ((rc = gfd_flow_check_opts(opts, e))) return rc;
  int rk4 = opts->method == GFD_METHOD_RK4, bdf = opts->method == GFD_METHOD_MSBDF;
  if (rk4 && !(rk4_step > 0)) return gfd_err_set(e, GFD_EINVAL, "method rk4 needs a positive step");
  if ((rc = gfd_flow_method_check(m, opts, ctl, e))) return rc;
  if (gfd_ctl_budget(ctl, gfd_flow_bytes(m, opts), "the integrator workspace", e)) return GFD_EBUDGET;
  if ((rc = gfd_traj_set_columns(out, m, opts->observe, e))) return rc;
  if (rk4 || opts->method == GFD_METHOD_DOPRI5)
    return gfd_flow_integrate_own(m, theta, theta0, grid, ngrid, rk4_step, opts, ctl, carry, out, e);

  flow_ctx ctx = {m, NULL, 0, 0, NULL, NULL, NULL};
  size_t nobs = out->nobs;
  double *g = gfd_xmalloc(dim, sizeof *g), *obs = gfd_xmalloc(nobs + 1, sizeof *obs), *th0copy = NULL;
  gsl_odeiv2_driver *drv = NULL;
  ctx.w = gfd_work_new(m, ctl, e);
  if (!ctx.w) {
    rc = e ? e->code : GFD_ENOMEM;
    goto done_free;
  }
  if (!g || !obs) goto nomem;
  if (!theta0) {
    if (!(th0copy = gfd_xmalloc(dim, sizeof *th0copy))) goto nomem;
    memcpy(th0copy, theta, dim * sizeof *theta);
    theta0 = th0copy;
  }
  if (bdf) {
    ctx.ys = gfd_xmalloc(dim, sizeof(double));
    ctx.gp = gfd_xmalloc(dim, sizeof(double));
    ctx.gm = gfd_xmalloc(dim, sizeof(double));
    if (!ctx.ys || !ctx.gp || !ctx.gm) goto nomem;
  }

  double L, ex, t = grid[0], tend = grid[ngrid - 1];
  out->status = GFD_RUN_DONE;
  out->t_star = out->t_lo = out->t_hi = NAN;
  out->t_end = t;
  ctx.nevals++;
  if (gfd_model_eval(m, theta, ctx.w, &L, &ex, g)) {
    rc = gfd_err_set(e, GFD_ENUMERIC, "the state at t=%g is not finite", t);
    goto done_free;
  }
  if (!(out->n > 0 && out->t[out->n - 1] == t)) {
    gfd_flow_observe(m, opts->observe, theta, theta0, L, obs);
    if (gfd_traj_push(out, t, L, ex, obs)) goto nomem;
  }
  double dir = tend > t ? 1.0 : (tend < t ? -1.0 : 0.0);
  if (dir == 0) {
    for (size_t i = 1; i < ngrid; i++) /* a degenerate grid: repeat the row */
      if (gfd_traj_push(out, t, L, ex, obs)) goto nomem;
    rc = GFD_OK;
    goto done_free;
  }
  int watch = dir < 0; /* descent cannot blow up (L decreases); ascent is watched step by step */
  double threshold = opts->blowup_ratio * fmax(fabs(L), 1.0);
  /* first step: a 1% relative change of theta, at most one report interval */
  double span = fabs(grid[1] - grid[0]), g2 = dot(g, g, dim), th2 = dot(theta, theta, dim);
  double h = (g2 > 0 && th2 > 0) ? fmin(span, 0.01 * sqrt(th2 / g2)) : span;
  if (!(h > 0)) h = span;
  h *= dir;

  gsl_odeiv2_system sys = {ode_rhs, bdf ? ode_jac : NULL, dim, &ctx};
  drv = gsl_odeiv2_driver_alloc_y_new(&sys, step_type(opts->method), h, opts->atol, opts->rtol);
  if (!drv) goto nomem;

  gfd_bhist hist = {0};
  int refining = 0;
  size_t nref = 0;
  double tol_int = fmax(opts->rtol, 1e-15);
  /* t*'s integration error: from the trajectory's start (flow_drive.c) */
  double t_err = carry && isfinite(carry->t_start) ? carry->t_start : grid[0];
  rc = GFD_OK;
  for (size_t i = 1; i < ngrid; i++) {
    double target = grid[i];
    int have_eval = 0;
    while (t != target) {
      if ((rc = gfd_ctl_poll(ctl, e))) {
        out->status = GFD_RUN_INTERRUPTED;
        goto done;
      }
      int st = gsl_odeiv2_evolve_apply(drv->e, drv->c, drv->s, &sys, &t, target, &h, theta);
      if (st != GSL_SUCCESS) {
        if (watch) {
          gfd_blowup_finish(&hist, t, dir, h, t_err, tol_int, 0, out);
          goto done;
        }
        rc = gfd_err_set(e, GFD_ENUMERIC,
                         "the integration failed near t=%.6g (step-size collapse or a non-finite state); "
                         "try a looser rtol%s",
                         t, bdf || dim > GFD_MSBDF_DIM_MAX ? "" : " or method=msbdf");
        out->status = GFD_RUN_INTERRUPTED;
        goto done;
      }
      out->nsteps++;
      have_eval = 0;
      /* every step, not only every grid point: near a blow-up one grid
       * interval can take thousands of steps, and a live view listens here */
      gfd_ctl_progress(ctl, "flow", fabs(t - grid[0]), fabs(tend - grid[0]));
      if (watch) {
        /* the steppers leave dydt_out = -grad L at the accepted state: only the
         * loss needs an evaluation (the Gram matrices, a third of a gradient) */
        const double *dydt = drv->e->dydt_out;
        ctx.nloss++;
        if (gfd_model_eval(m, theta, ctx.w, &L, &ex, NULL)) {
          gfd_blowup_finish(&hist, t, dir, h, t_err, tol_int, 0, out);
          goto done;
        }
        have_eval = 1;
        g2 = dot(dydt, dydt, dim);
        if (g2 > 0 && isfinite(g2)) gfd_bhist_push(&hist, t, L / g2);
        if (!refining && L > threshold) refining = 1;
        if (refining) {
          int stop = ++nref > 20000 || L > 1e250 || gfd_blowup_converged(&hist, t, t_err, tol_int);
          if (stop) {
            gfd_blowup_finish(&hist, t, dir, h, t_err, tol_int, 0, out);
            goto done;
          }
        }
      }
    }
    if (!have_eval) {
      ctx.nloss++;
      if (gfd_model_eval(m, theta, ctx.w, &L, &ex, NULL)) {
        rc = gfd_err_set(e, GFD_ENUMERIC, "the state at t=%g is not finite", t);
        out->status = GFD_RUN_INTERRUPTED;
        goto done;
      }
    }
    gfd_flow_observe(m, opts->observe, theta, theta0, L, obs);
    if (gfd_traj_push(out, t, L, ex, obs)) goto nomem_done;
    gfd_ctl_progress(ctl, "flow", fabs(t - grid[0]), fabs(tend - grid[0]));
  }
done:
  out->t_end = t;
  goto done_free;
nomem_done:
  out->t_end = t;
nomem:
  rc = gfd_err_set(e, GFD_ENOMEM, "out of memory in the integrator");
done_free:
  out->nevals += ctx.nevals;
  out->nloss += ctx.nloss;
  if (drv) gsl_odeiv2_driver_free(drv);
  gfd_work_free(ctx.w);
  free(ctx.ys);
  free(ctx.gp);
  free(ctx.gm);
  free(g);
  free(obs);
  free(th0copy);
  return rc;
}

int gfd_flow_run(const gfd_model *m, double *theta, const double *theta0, double t0, double t1,
                 const gfd_flow_opts *opts, const gfd_ctl *ctl, gfd_traj *out, gfd_err *e) {
  gfd_flow_opts def;
  if (!opts) {
    gfd_flow_opts_default(&def);
    opts = &def;
  }
  if (!isfinite(t0) || !isfinite(t1)) return gfd_err_set(e, GFD_EINVAL, "the times t0=%g, t1=%g must be finite", t0, t1);
  size_t n = opts->points;
  if (t0 == t1) n = 1;
  else if (n < 2) return gfd_err_set(e, GFD_EINVAL, "points=%zu: a run needs at least 2 report points", n);
  double rk4_step = 0;
  if (opts->method == GFD_METHOD_RK4) {
    if (opts->steps < 1) return gfd_err_set(e, GFD_EINVAL, "method rk4 needs steps >= 1");
    if (n > opts->steps + 1) n = opts->steps + 1;
    rk4_step = fabs(t1 - t0) / (double)opts->steps;
  }
  double *grid = gfd_xmalloc(n, sizeof *grid);
  if (!grid) return gfd_err_set(e, GFD_ENOMEM, "out of memory for the time grid");
  for (size_t i = 0; i < n; i++) grid[i] = n == 1 ? t0 : t0 + (t1 - t0) * ((double)i / (double)(n - 1));
  if (n > 1) grid[n - 1] = t1;
  int rc = gfd_flow_integrate(m, theta, theta0, grid, n, rk4_step, opts, ctl, NULL, out, e);
  free(grid);
  return rc;
}
