/* flow_drive.c - the driver of the hand-written methods (flow_rk.c).
 *
 * dopri5 steps freely: a report point inside a step is read off the step's
 * continuous extension instead of cutting the step there (cutting was 12-19x
 * the gradients the ODE needs on a 200-point grid).  The state there is the
 * 4th order interpolant, and the row's loss and excess are evaluated at it
 * (a loss-only evaluation: the Gram matrices without the gradient product,
 * about a third of a gradient).  A cubic Hermite interpolant of L through
 * the step's ends (dL/dt = -||grad L||^2 there) would be free, but measured
 * on SYM nu=2 p=100 H=300 it is off by 1.4e-7 of L at rtol 1e-10: the steps
 * are limited by stability there (h ~ 3 / the largest Hessian eigenvalue),
 * too long for a cubic in the fast modes, while the interpolated state is
 * within 2e-10.  A step holding more than 3 report points (a short `flow
 * step` on a fine grid: 40 a step) evaluates the loss at 3 inner dense
 * states instead and reads its rows off the degree-6 polynomial through
 * those and both ends (gfd_loss_poly): within 1e-10 of runs stopped at the
 * points, like direct evaluation, on that case too (test_flow_dense).
 * Only the end of the plan (carry->t_final, or the grid's end) cuts a step
 * short; chunk ends of a longer plan do not (the carry).
 *
 * rk4 takes fixed steps ending on the report points: 3 stages of its own and
 * the gradient at the new state, which is the next step's first stage and
 * gives the row's loss.  At the plan's end only the loss is evaluated.
 *
 * Blow-up (ascent): as in flow.c, the loss passing blowup_ratio * max(|L|, 1)
 * starts the refinement towards t*, and the estimate is flow_blowup.c's. */
#include <config.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "model_internal.h"
#include "flow_internal.h"

static double dot(const double *a, const double *b, size_t n) {
  double s = 0;
  for (size_t i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

static void swap(double **a, double **b) {
  double *t = *a;
  *a = *b;
  *b = t;
}

/* Newton coefficients of the polynomial through v at the nodes z (0 and 1
 * doubled: there the derivative d0, d1 is the second condition). */
static const double pz[7] = {0, 0, 0.25, 0.5, 0.75, 1, 1};
static void poly_build(const double v[7], double d0, double d1, double c[7]) {
  memcpy(c, v, 7 * sizeof *c);
  for (int j = 1; j < 7; j++)
    for (int i = 6; i >= j; i--)
      c[i] = pz[i] == pz[i - j] ? (i == 1 ? d0 : d1) : (c[i] - c[i - 1]) / (pz[i] - pz[i - j]);
}
static double poly_at(const double c[7], double th) {
  double r = c[6];
  for (int i = 5; i >= 0; i--) r = c[i] + (th - pz[i]) * r;
  return r;
}

/* L is monotone along any gradient flow (non-increasing in t), so a row
 * inside a step keeps between the step's end values and on the right side
 * of the previous row: the interpolated state's own error (~rtol) must not
 * show as a rise of the loss where it is flat.  The excess moves with L. */
static void keep_monotone(double dir, double La, double Lb, double Lprev, double *L, double *ex) {
  double lo = fmin(La, Lb), hi = fmax(La, Lb);
  if (dir > 0) hi = fmin(hi, Lprev);
  else lo = fmax(lo, Lprev);
  double v = *L < lo ? lo : *L > hi ? hi : *L;
  *ex += v - *L;
  *L = v;
}

/* The loss polynomial of the step [ta, ta + h] (ends La, Ea and Lb, Eb;
 * fa, fb = -grad L there): 3 loss-only evaluations at inner dense states
 * (scratch: y). */
static int build_poly(gfd_flow_rhs *rhs, const double *rcont, size_t dim, double *y, double h, double La, double Ea,
                      double Lb, double Eb, const double *fb, const double *fa, gfd_loss_poly *poly) {
  double vL[7] = {La, La, 0, 0, 0, Lb, Lb}, vE[7] = {Ea, Ea, 0, 0, 0, Eb, Eb};
  for (int j = 2; j <= 4; j++) {
    gfd_flow_dopri_at(dim, rcont, pz[j], y);
    if (gfd_flow_loss(rhs, y, &vL[j], &vE[j])) return GFD_ENUMERIC;
  }
  /* dL/dtheta = h dL/dt = -h ||grad L||^2; the excess moves with L */
  double d0 = -h * dot(fa, fa, dim), d1 = -h * dot(fb, fb, dim);
  poly_build(vL, d0, d1, poly->cL);
  poly_build(vE, d0, d1, poly->cE);
  poly->ready = 1;
  return GFD_OK;
}

int gfd_flow_integrate_own(const gfd_model *m, double *theta, const double *theta0, const double *grid,
                           size_t ngrid, double rk4_step, const gfd_flow_opts *opts, const gfd_ctl *ctl,
                           gfd_flow_carry *carry, gfd_traj *out, gfd_err *e) {
  size_t dim = m->dim, nobs = out->nobs;
  int rk4 = opts->method == GFD_METHOD_RK4, rc = GFD_OK;
  size_t nvec = rk4 ? 10 : 17;
  double *buf = gfd_xmalloc(nvec * dim, sizeof *buf), *obs = gfd_xmalloc(nobs + 1, sizeof *obs), *th0copy = NULL;
  gfd_flow_rhs rhs = {m, NULL, 0, 0};
  if (!buf || !obs) goto nomem;
  if (!(rhs.w = gfd_work_new(m, ctl, e))) {
    rc = e ? e->code : GFD_ENOMEM;
    goto done_free;
  }
  if (!theta0) {
    if (!(th0copy = gfd_xmalloc(dim, sizeof *th0copy))) goto nomem;
    memcpy(th0copy, theta, dim * sizeof *theta);
    theta0 = th0copy;
  }
  /* yrow: the state of the last row, where an interrupted run leaves theta */
  double *y = buf, *f = buf + dim, *ynew = buf + 2 * dim, *ytmp = buf + 3 * dim, *yrep = buf + 4 * dim;
  double *yrow = buf + (nvec - 1) * dim;
  double *k[7] = {NULL}, *fnew, *rcont = NULL;
  if (rk4) {
    for (int j = 1; j <= 3; j++) k[j] = buf + (size_t)(4 + j) * dim;
    fnew = buf + 8 * dim;
  } else {
    for (int j = 1; j <= 6; j++) k[j] = buf + (size_t)(4 + j) * dim;
    fnew = k[6];
    rcont = buf + 11 * dim;
  }
  memcpy(yrow, theta, dim * sizeof *yrow);

  double t0 = grid[0], tg_end = grid[ngrid - 1];
  double t_final = carry && isfinite(carry->t_final) ? carry->t_final : tg_end;
  double dir = tg_end > t0 ? 1.0 : (tg_end < t0 ? -1.0 : 0.0);
  double t, L, E, ta = t0, La = 0, Ea = 0, L0, E0;
  gfd_loss_poly poly = {0};
  int poly_tried = 0; /* the current step's polynomial was considered */
  int have_step = 0, f_valid = 1;
  out->status = GFD_RUN_DONE;
  out->t_star = out->t_lo = out->t_hi = NAN;
  out->t_end = t0;

  /* the state at t0: from the carry when it holds there (exactly, or inside
   * its step in our direction), else one gradient at theta */
  if (carry && carry->live && carry->tb == t0) {
    memcpy(y, carry->yb, dim * sizeof *y);
    memcpy(f, carry->fb, dim * sizeof *f);
    t = t0;
    L = L0 = carry->Lb;
    E = E0 = carry->Eb;
  } else if (carry && carry->live && !rk4 && carry->ta != carry->tb && dir != 0 &&
             (carry->tb - carry->ta) * dir > 0 && (t0 - carry->ta) * dir > 0 && (carry->tb - t0) * dir > 0) {
    memcpy(y, carry->yb, dim * sizeof *y);
    memcpy(f, carry->fb, dim * sizeof *f);
    memcpy(rcont, carry->rc, 5 * dim * sizeof *rcont);
    t = carry->tb;
    L = carry->Lb;
    E = carry->Eb;
    ta = carry->ta;
    La = carry->La;
    poly = carry->poly;
    poly_tried = 1; /* the whole step's points were counted when it began */
    have_step = 1;
    /* theta is the dense output at t0: the previous chunk's last row */
    L0 = carry->Lrow;
    E0 = carry->Erow;
  } else {
    memcpy(y, theta, dim * sizeof *y);
    t = t0;
    if (gfd_flow_grad(&rhs, y, f, &L, &E)) {
      rc = gfd_err_set(e, GFD_ENUMERIC, "the state at t=%g is not finite", t0);
      goto done_free;
    }
    L0 = L;
    E0 = E;
  }
  if (carry) carry->live = 0; /* until this chunk ends cleanly */
  if (!(out->n > 0 && out->t[out->n - 1] == t0)) {
    gfd_flow_observe(m, opts->observe, theta, theta0, L0, obs);
    if (gfd_traj_push(out, t0, L0, E0, obs)) goto nomem;
  }
  if (dir == 0) {
    for (size_t i = 1; i < ngrid; i++) /* a degenerate grid: repeat the row */
      if (gfd_traj_push(out, t0, L0, E0, obs)) goto nomem;
    goto done_free;
  }

  int watch = dir < 0; /* descent cannot blow up (L decreases); ascent is watched step by step */
  double threshold = opts->blowup_ratio * fmax(fabs(L0), 1.0);
  double tol_int = rk4 ? 0 : fmax(opts->rtol, 1e-15);
  /* t*'s integration error grows with the time integrated since the start
   * of the trajectory, not of this chunk (the solution is finite there too) */
  double t_err = carry && isfinite(carry->t_start) ? carry->t_start : t0;
  /* first step (no carry): a 1% relative change of theta, within the plan */
  double h = carry && carry->h > 0 ? carry->h : 0;
  if (!rk4 && !(h > 0)) {
    double g2 = dot(f, f, dim), th2 = dot(y, y, dim);
    h = (g2 > 0 && th2 > 0) ? 0.01 * sqrt(th2 / g2) : fabs(t_final - t);
    if (!(h > 0) || h > fabs(t_final - t)) h = fabs(t_final - t);
  }
  gfd_bhist hist = {0};
  int refining = 0, rejected = 0, new_interval = 1;
  size_t nref = 0, i = 1, nsub = 1, kstep = 0;
  double hsub = 0, hh = 0, Lprev = L0, t_row = t0;

  for (;;) {
    /* rows up to the current state: on it, or inside the last step */
    while (i < ngrid && (grid[i] - t) * dir <= 0 && (have_step || grid[i] == t)) {
      const double *state = y;
      double Lr = L, Er = E;
      if (grid[i] != t) {
        if (!poly_tried) { /* more than 3 points inside: 3 evaluations for them all */
          size_t j = i;
          while (j < ngrid && (grid[j] - t) * dir < 0) j++;
          /* a step reaching past this chunk holds the plan's next points too
           * (the grids are uniform); the polynomial goes on in the carry */
          double more = j == ngrid && ngrid > 1 ? ceil(fabs(t - grid[ngrid - 1]) / fabs(grid[1] - grid[0])) - 1 : 0;
          if ((double)(j - i) + more > 3 && build_poly(&rhs, rcont, dim, yrep, t - ta, La, Ea, L, E, f, fnew, &poly)) {
            rc = gfd_err_set(e, GFD_ENUMERIC, "the interpolated state near t=%g is not finite", grid[i]);
            out->status = GFD_RUN_INTERRUPTED;
            goto stop_state;
          }
          poly_tried = 1;
        }
        double th = (grid[i] - ta) / (t - ta);
        gfd_flow_dopri_at(dim, rcont, th, yrep);
        state = yrep;
        if (poly.ready) {
          Lr = poly_at(poly.cL, th);
          Er = poly_at(poly.cE, th);
        } else if (gfd_flow_loss(&rhs, yrep, &Lr, &Er)) { /* between two finite states: only at overflow */
          rc = gfd_err_set(e, GFD_ENUMERIC, "the interpolated state at t=%g is not finite", grid[i]);
          out->status = GFD_RUN_INTERRUPTED;
          goto stop_state;
        }
        keep_monotone(dir, La, L, Lprev, &Lr, &Er);
      }
      gfd_flow_observe(m, opts->observe, state, theta0, Lr, obs);
      if (gfd_traj_push(out, grid[i], Lr, Er, obs)) goto nomem_state;
      memcpy(yrow, state, dim * sizeof *yrow);
      t_row = grid[i];
      Lprev = Lr;
      i++;
      new_interval = 1;
    }
    if (i == ngrid) break;
    if ((rc = gfd_ctl_poll(ctl, e))) {
      /* theta at the last row, so that the rows and the state agree and a
       * new run continues the curve; before the first row after the start
       * (a long first interval), at the last step, so the work is kept */
      out->status = GFD_RUN_INTERRUPTED;
      if (t_row == t0) goto stop_state;
      memcpy(theta, yrow, dim * sizeof *theta);
      out->t_end = t_row;
      goto done_free;
    }
    double tnew, Lnew = NAN, Enew = NAN, err = 0;
    int st;
    if (rk4) {
      if (new_interval) {
        double r = fabs(grid[i] - grid[i - 1]) / rk4_step;
        nsub = r < 1.5 ? 1 : (size_t)llround(r);
        hsub = (grid[i] - grid[i - 1]) / (double)nsub;
        kstep = 0;
        new_interval = 0;
      }
      hh = hsub;
      tnew = ++kstep == nsub ? grid[i] : t + hh;
      st = gfd_flow_rk4_step(&rhs, y, f, hh, k, ytmp, ynew);
      if (st == GFD_OK) {
        /* the plan's end needs the loss only (unless watched: q needs the gradient) */
        if (tnew == t_final && !watch) {
          st = gfd_flow_loss(&rhs, ynew, &Lnew, &Enew);
          f_valid = 0;
        } else {
          st = gfd_flow_grad(&rhs, ynew, fnew, &Lnew, &Enew);
        }
      }
    } else {
      int cut = fabs(t_final - t) <= 1.01 * h;
      hh = cut ? t_final - t : dir * h;
      tnew = cut ? t_final : t + hh;
      st = gfd_flow_dopri_step(&rhs, y, f, hh, opts->rtol, opts->atol, k, ytmp, ynew, &Lnew, &Enew, &err);
      if (st != GFD_OK || !(err <= 1)) {
        /* rejected: shrink (halve after a non-finite stage) and retry */
        double fac = st == GFD_OK && isfinite(err) ? fmax(0.2, 0.9 * pow(err, -0.2)) : 0.5;
        h = fabs(hh) * fac;
        rejected = 1;
        if (t + dir * h != t) continue;
        st = GFD_ENUMERIC; /* the step size collapsed to an ulp of t */
      } else {
        double fac = err == 0 ? 5 : fmin(5, fmax(0.2, 0.9 * pow(err, -0.2)));
        if (rejected) fac = fmin(fac, 1);
        /* a step cut at the plan's end says little about the next one */
        h = cut ? fmax(h, fabs(hh) * fac) : fabs(hh) * fac;
        rejected = 0;
      }
    }
    if (st != GFD_OK) {
      if (watch) {
        gfd_blowup_finish(&hist, t, dir, hh, t_err, tol_int, rk4 ? fabs(hh) : 0, out);
        goto stop_state;
      }
      rc = gfd_err_set(e, GFD_ENUMERIC,
                       "the integration failed near t=%.6g (step-size collapse or a non-finite state); "
                       "try a looser rtol%s",
                       t, dim > GFD_MSBDF_DIM_MAX ? "" : " or method=msbdf");
      out->status = GFD_RUN_INTERRUPTED;
      goto stop_state;
    }
    /* accepted: the dense output while the stages are at hand, if a report
     * point lies inside the step */
    ta = t;
    La = L;
    Ea = E;
    poly.ready = 0;
    poly_tried = 0;
    if (!rk4 && (grid[i] - tnew) * dir < 0) {
      k[0] = f;
      gfd_flow_dopri_dense(dim, hh, y, ynew, k, rcont);
    }
    swap(&y, &ynew);
    swap(&f, &fnew);
    if (!rk4) k[6] = fnew;
    L = Lnew;
    E = Enew;
    t = tnew;
    have_step = 1;
    out->nsteps++;
    /* every step, not only every grid point: near a blow-up one grid
     * interval can take thousands of steps, and a live view listens here */
    gfd_ctl_progress(ctl, "flow", fmin(fabs(t - t0), fabs(tg_end - t0)), fabs(tg_end - t0));
    if (watch) {
      double g2 = dot(f, f, dim);
      if (g2 > 0 && isfinite(g2)) gfd_bhist_push(&hist, t, L / g2);
      if (!refining && L > threshold) refining = 1;
      if (refining) {
        /* a fixed step cannot approach the singularity: stop at once; an
         * adaptive one stops once more steps cannot tighten the bracket */
        int stop = rk4 || ++nref > 20000 || L > 1e250 || gfd_blowup_converged(&hist, t, t_err, tol_int);
        if (stop) {
          gfd_blowup_finish(&hist, t, dir, hh, t_err, tol_int, rk4 ? fabs(hh) : 0, out);
          goto stop_state;
        }
      }
    }
  }
  /* every row written: theta is the state at the grid's end (the last row's) */
  memcpy(theta, t == tg_end ? y : yrep, dim * sizeof *theta);
  out->t_end = tg_end;
  if (carry) {
    carry->h = h;
    if (f_valid) {
      carry->live = 1;
      carry->tb = t;
      carry->Lb = L;
      carry->Eb = E;
      memcpy(carry->yb, y, dim * sizeof *y);
      memcpy(carry->fb, f, dim * sizeof *f);
      carry->ta = t;
      if (t != tg_end) { /* the step reaches past the grid: keep it for the next chunk */
        carry->ta = ta;
        carry->La = La;
        carry->poly = poly;
        carry->Lrow = Lprev;
        carry->Erow = out->excess[out->n - 1];
        memcpy(carry->rc, rcont, 5 * dim * sizeof *rcont);
      }
    }
  }
  goto done_free;
stop_state: /* theta is left at the last accepted state */
  memcpy(theta, y, dim * sizeof *theta);
  out->t_end = t;
  goto done_free;
nomem_state:
  memcpy(theta, y, dim * sizeof *theta);
  out->t_end = t;
nomem:
  rc = gfd_err_set(e, GFD_ENOMEM, "out of memory in the integrator");
done_free:
  out->nevals += rhs.ngrad;
  out->nloss += rhs.nloss;
  gfd_work_free(rhs.w);
  free(buf);
  free(obs);
  free(th0copy);
  return rc;
}
