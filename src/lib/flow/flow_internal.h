/* flow_internal.h - the integrator on an explicit time grid (used by
 * gfd_flow_run and by ensembles, which cut one run into chunks of a common
 * grid).  Not installed. */
#ifndef GFD_FLOW_INTERNAL_H
#define GFD_FLOW_INTERNAL_H
#include "gfd/flow.h"

/* What a run of the hand-written methods (dopri5, rk4) leaves for the next
 * chunk of the same plan, so that cutting a plan into chunks neither forces
 * steps at the chunk ends nor evaluates the gradient twice at one point.
 * The last accepted step [ta, tb] may reach past the chunk's last grid point
 * (theta is then the dense output there); the next chunk reports from that
 * step before stepping on from yb.  Only at t_final (the plan's end) is a
 * step cut short.  The arrays belong to the caller: dim (yb, fb) and 5 dim
 * (rc) doubles. */
/* The loss and the excess across one dopri5 step that holds many report
 * points: degree-6 polynomials in theta in [0, 1] (Newton form on the nodes
 * 0, 0, 1/4, 1/2, 3/4, 1, 1) through the values at the ends and at the dense
 * states of 1/4, 1/2, 3/4, and dL/dtheta = -h ||grad L||^2 at the ends. */
typedef struct gfd_loss_poly {
  int ready;
  double cL[7], cE[7];
} gfd_loss_poly;

typedef struct gfd_flow_carry {
  double t_final;                /* the plan's end */
  double t_start;                /* where the trajectory began (t*'s integration error) */
  double h;                      /* next step size to try (0: choose one) */
  int live;                      /* yb, fb, Lb hold at tb (and the step, if ta != tb) */
  double ta, tb, La, Lb, Eb;     /* the step's ends: loss (and excess at tb) */
  double Lrow, Erow;             /* loss and excess of the chunk's last row (inside the step) */
  gfd_loss_poly poly;            /* the step's loss polynomial, if it was built */
  double *yb, *fb, *rc;          /* state and -grad L at tb; dense output of the step */
} gfd_flow_carry;

/* Like gfd_flow_run but on grid[0..ngrid-1] (monotone, grid[0] = start).
 * rk4_step is the nominal |h| of method RK4 (each interval gets
 * max(1, round(|interval| / rk4_step)) steps); ignored otherwise.  carry
 * (may be NULL) continues a plan across calls: its state for dopri5 and rk4,
 * its t_start (blow-up error floor) for every method. */
int gfd_flow_integrate(const gfd_model *m, double *theta, const double *theta0, const double *grid,
                       size_t ngrid, double rk4_step, const gfd_flow_opts *opts, const gfd_ctl *ctl,
                       gfd_flow_carry *carry, gfd_traj *out, gfd_err *e);
/* The same for the hand-written methods (flow_drive.c). */
int gfd_flow_integrate_own(const gfd_model *m, double *theta, const double *theta0, const double *grid,
                           size_t ngrid, double rk4_step, const gfd_flow_opts *opts, const gfd_ctl *ctl,
                           gfd_flow_carry *carry, gfd_traj *out, gfd_err *e);
/* GFD_EINVAL with a message for unusable options. */
int gfd_flow_check_opts(const gfd_flow_opts *o, gfd_err *e);

/* ---- the right-hand side f = -grad L, with evaluation counters (flow_rk.c) */
typedef struct gfd_flow_rhs {
  const gfd_model *m;
  gfd_work *w;
  size_t ngrad, nloss; /* gradient evaluations, loss-only evaluations */
} gfd_flow_rhs;
/* f = -grad L at y, and L, the excess if not NULL; GFD_ENUMERIC if not finite. */
int gfd_flow_grad(gfd_flow_rhs *r, const double *y, double *f, double *L, double *ex);
/* L and the excess alone (the Gram matrices, no gradient product). */
int gfd_flow_loss(gfd_flow_rhs *r, const double *y, double *L, double *ex);

/* One Dormand-Prince 5(4) trial step of size h from y with k1 = f(y): ynew,
 * k[6] = f(ynew), *Lnew = L(ynew) and its excess; k[1..5] are stages (k[0] is not used
 * here).  *err: the largest |error_i| / (atol + rtol max(|y_i|, |ynew_i|)),
 * accept at <= 1.  GFD_ENUMERIC if a stage is not finite. */
int gfd_flow_dopri_step(gfd_flow_rhs *r, const double *y, const double *k1, double h, double rtol, double atol,
                        double *const k[7], double *ytmp, double *ynew, double *Lnew, double *exnew,
                        double *err);
/* The continuous extension of an accepted step (k[0] = f(y), k[2..6] from
 * the step) into rc (5 n doubles); gfd_flow_dopri_at evaluates it at
 * theta in [0, 1] (a 4th order accurate state). */
void gfd_flow_dopri_dense(size_t n, double h, const double *y, const double *ynew, double *const k[7],
                          double *rc);
void gfd_flow_dopri_at(size_t n, const double *rc, double theta, double *out);
/* One classical RK4 step (stages k[1..3]; 3 gradients, the caller's f(ynew)
 * is the 4th).  GFD_ENUMERIC if not finite. */
int gfd_flow_rk4_step(gfd_flow_rhs *r, const double *y, const double *k1, double h, double *const k[7],
                      double *ytmp, double *ynew);

/* ---- blow-up estimate from the last accepted steps (flow_blowup.c) */
typedef struct gfd_bhist {
  size_t n;
  double t[3], q[3]; /* last accepted (t, L / ||grad L||^2), oldest first */
} gfd_bhist;
void gfd_bhist_push(gfd_bhist *h, double t, double q);
/* t at q = 0 through the last k (2 or 3) points */
double gfd_bhist_extrap(const gfd_bhist *h, size_t k);
/* Nonzero when more steps towards t* cannot tighten the bracket: the
 * extrapolation spread (2 |t3 - t2|) is below the integration error of t*
 * (10 tol_int |t* - t0|), the floor of gfd_blowup_finish's bracket.  Also
 * when t is within 16 ulps of t*. */
int gfd_blowup_converged(const gfd_bhist *h, double t, double t0, double tol_int);
/* Set out's blow-up fields (status, t_star, bracket); see flow_blowup.c. */
void gfd_blowup_finish(const gfd_bhist *h, double t_last, double dir, double hstep, double t0, double tol_int,
                       double abs_err, gfd_traj *out);

/* Observables of theta (loss L given) into obs[0..count-1]. */
void gfd_flow_observe(const gfd_model *m, unsigned observe, const double *theta, const double *theta0,
                      double loss, double *obs);

/* Append one row to tr (columns: t, loss, excess, nobs observables). */
int gfd_traj_push(gfd_traj *tr, double t, double loss, double excess, const double *obs);
/* Set tr's observable columns if it has none yet; GFD_EINVAL if they differ. */
int gfd_traj_set_columns(gfd_traj *tr, const gfd_model *m, unsigned observe, gfd_err *e);
#endif
