/* gfd/flow.h - gradient flow du/dt = -grad L, forward (descent, t increasing)
 * and backward (ascent, t decreasing), with blow-up detection. */
#ifndef GFD_FLOW_H
#define GFD_FLOW_H

#include <stddef.h>
#include "gfd/common.h"
#include "gfd/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The GSL methods (rk8pd, rkf45, msbdf) are stopped at every report point.
 * dopri5 steps freely and reports by its continuous extension: the state at
 * a report point is the step's 4th order interpolant and the loss is
 * evaluated there (a loss-only evaluation); a step holding more than 3
 * report points evaluates the loss at 3 inner points and reads the rest off
 * the degree-6 polynomial through those and the step's ends.  Rows agree
 * with runs stopped at the points to ~rtol (test_flow_dense). */
typedef enum {
  GFD_METHOD_RK8PD = 0, /* adaptive Runge-Kutta Prince-Dormand 8(9) (GSL) */
  GFD_METHOD_RKF45,
  GFD_METHOD_MSBDF,     /* stiff cases (needs a Jacobian: finite differences) */
  GFD_METHOD_RK4,       /* classical 4-stage RK4, fixed step, `steps` steps over
                           the run: exactly 4 gradients a step */
  GFD_METHOD_DOPRI5     /* default: Dormand-Prince 5(4), 6 gradients a step,
                           dense output at the report points */
} gfd_method;

const char *gfd_method_name(gfd_method m);
int gfd_method_parse(const char *s, gfd_method *out);

/* Observables recorded as extra columns besides the loss. */
enum {
  GFD_OBS_NORMS = 1,    /* per-unit norms */
  GFD_OBS_RELERR = 2,   /* ||f - y|| / ||y|| */
  GFD_OBS_DISTANCE = 4  /* ||theta - theta0|| / ||theta0|| */
};

typedef struct gfd_flow_opts {
  size_t points;       /* uniform report grid, both ends included (default 200) */
  gfd_method method;
  size_t steps;        /* RK4 only: steps over the run (default 1000); each report
                          interval gets round(steps / (points - 1)) >= 1 of them */
  double rtol, atol;   /* adaptive methods (defaults 1e-10, 1e-12) */
  double blowup_ratio; /* ascent: blow-up when L exceeds ratio * max(L(t0), 1) (default 1e6) */
  unsigned observe;    /* GFD_OBS_* bits */
} gfd_flow_opts;

/* Observable columns (in this order when selected):
 *   norms:    norm_min, norm_mean, norm_max, norm_1 .. norm_k (k = min(H, 3)):
 *             the per-unit norm is ||u_h|| (SYM) or sqrt(sum_k ||u_h^(k)||^2) (ASYM)
 *   relerr:   ||f - y|| / ||y|| (||f|| for the zero target)
 *   distance: ||theta - theta0|| / ||theta0|| */
size_t gfd_flow_obs_count(const gfd_model *m, unsigned observe);
/* Name of column i (static storage). */
const char *gfd_flow_obs_name(const gfd_model *m, unsigned observe, size_t i);

/* method=msbdf needs the Jacobian of -grad L: a dense dim x dim matrix built
 * by central differences (2 dim gradient evaluations each time) and
 * factorised (~dim^3/3 flops), so its cost grows like dim^3.  Measured (2
 * cores, SYM nu=2 p=100 H=20 and SYM nu=4 p=50 H=40, dim = 2000): a run to
 * T=1 takes 6-9 s against 0.02-0.05 s with rk8pd; at dim = 3000 22 s, at the
 * default model's dim = 5000 minutes.  Above this many parameters msbdf is
 * refused (GFD_EUNSUP) with a message suggesting rk8pd or a smaller model. */
#define GFD_MSBDF_DIM_MAX 2000

/* GFD_OK if opts->method can run on m: for msbdf, dim <= GFD_MSBDF_DIM_MAX
 * (else GFD_EUNSUP) and the dense Jacobian within ctl's budget (else
 * GFD_EBUDGET naming the Jacobian); other methods always GFD_OK. */
int gfd_flow_method_check(const gfd_model *m, const gfd_flow_opts *opts, const gfd_ctl *ctl, gfd_err *e);

/* Bytes of the integration workspace (checked against the budget by gfd_flow_run). */
size_t gfd_flow_bytes(const gfd_model *m, const gfd_flow_opts *opts);

void gfd_flow_opts_default(gfd_flow_opts *o);

typedef enum {
  GFD_RUN_DONE = 0,        /* reached t1 */
  GFD_RUN_BLOWUP = 1,      /* diverged: t_star in [t_lo, t_hi] */
  GFD_RUN_INTERRUPTED = 2  /* stopped early (interrupt or time limit): partial */
} gfd_run_status;

/* A recorded trajectory: rows at increasing |t - t0|. */
typedef struct gfd_traj {
  size_t n, cap;
  double *t, *loss, *excess;
  size_t nobs;          /* extra columns */
  char **obs_names;     /* nobs names */
  double *obs;          /* n * nobs, row-major */
  gfd_run_status status;
  double t_star, t_lo, t_hi;  /* blow-up time and bracket (status BLOWUP), else NaN */
  double t_end;               /* time at which theta was left (see gfd_flow_run) */
  size_t nsteps, nevals;      /* accepted steps, gradient evaluations (accumulated; each
                                 gives the loss too) */
  size_t nloss;               /* loss-only evaluations (Gram matrices without the
                                 gradient product, ~1/3 of a gradient), accumulated:
                                 dopri5's and the GSL methods' report points, the GSL
                                 methods' ascent watch, rk4's final row */
} gfd_traj;

void gfd_traj_init(gfd_traj *tr);
void gfd_traj_free(gfd_traj *tr);

/* Integrate from t0 to t1 (t1 < t0 is ascent), theta in/out (left at the last
 * reached point, time out->t_end).  theta0 (may be NULL: theta at t0) is the
 * initialisation, for the distance observable.  Appends opts->points rows on
 * the uniform grid t0..t1 to out (fewer if it stops early; the row at t0 is
 * skipped when out already ends at t0, so runs chain).  A blow-up is a result:
 * status BLOWUP, return GFD_OK; t_star is extrapolated from the last accepted
 * steps (L / ||grad L||^2 is linear in t - t* near a power-law blow-up) and
 * [t_lo, t_hi] brackets it (theta left at the last accepted step).  Interrupt
 * or time limit: status INTERRUPTED, return GFD_EINTR / GFD_ETIME, rows so far
 * kept (dopri5 and rk4 leave theta at the last row, so a new run continues
 * from it, or at the last step if no row after t0 was reached).  A failed
 * step in descent is GFD_ENUMERIC (rows so far kept). */
int gfd_flow_run(const gfd_model *m, double *theta, const double *theta0,
                 double t0, double t1, const gfd_flow_opts *opts,
                 const gfd_ctl *ctl, gfd_traj *out, gfd_err *e);

#ifdef __cplusplus
}
#endif
#endif
