/* gfd/ensemble.h - K instances of one model (seeds seed0 .. seed0+K-1) moved
 * together along the gradient flow, with per-grid-point means and standard
 * errors of the loss, the excess and the observables, and per-seed blow-ups.
 *
 * Runs: gfd_ensemble_plan(en, t1, points) lays a uniform grid from the current
 * time to t1 (either direction); gfd_ensemble_advance() then integrates up to
 * `intervals` grid intervals for every member and appends the mean rows, so a
 * caller can show the curve as it grows.  The chunking never changes the grid
 * and each chunk continues every member from its state, so results do not
 * depend on the chunk size beyond the restart of the step-size control.
 *
 * After blow-ups: the mean of a quantity that diverges on one seed is
 * infinite, so the mean rows stop at the last grid point before the first
 * blow-up of any seed.  The other seeds keep integrating to the end of the
 * plan (or their own blow-up), so that every seed's blow-up time is known.
 * The ensemble then cannot be advanced further (reset it). */
#ifndef GFD_ENSEMBLE_H
#define GFD_ENSEMBLE_H

#include <stddef.h>
#include "gfd/common.h"
#include "gfd/model.h"
#include "gfd/flow.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gfd_ensemble gfd_ensemble;

/* K >= 1 instances drawn from seeds seed0.., at time t0 (the initial time of
 * the parameters, normally 0).  opts: method, tolerances, observables
 * (opts->points is ignored: plans give their own).  Checks the budget for
 * K parameter vectors, their initial copies and the integrator. */
gfd_ensemble *gfd_ensemble_new(const gfd_model *m, unsigned long seed0, size_t K, double t0,
                               const gfd_flow_opts *opts, const gfd_ctl *ctl, gfd_err *e);
void gfd_ensemble_free(gfd_ensemble *en);

size_t gfd_ensemble_size(const gfd_ensemble *en);
unsigned long gfd_ensemble_seed(const gfd_ensemble *en, size_t k);
/* Current time of the ensemble (of the members still moving together). */
double gfd_ensemble_time(const gfd_ensemble *en);
/* Member k's parameters, initial parameters and own time. */
const double *gfd_ensemble_theta(const gfd_ensemble *en, size_t k);
const double *gfd_ensemble_theta0(const gfd_ensemble *en, size_t k);
double gfd_ensemble_member_time(const gfd_ensemble *en, size_t k);

/* Nonzero once a blow-up or an interrupt has ended the common motion. */
int gfd_ensemble_stopped(const gfd_ensemble *en);

/* Plan a run from the current time to t1 on a uniform grid of `points`
 * (>= 2; for RK4 at most steps + 1).  GFD_EINVAL if stopped or t1 equals the
 * current time. */
int gfd_ensemble_plan(gfd_ensemble *en, double t1, size_t points, gfd_err *e);
/* Integrate up to `intervals` grid intervals of the plan (0 = all).  *done is
 * set when the plan is complete.  The members of a chunk are independent
 * work units (gfd/job.h): with ctl->runner set they run over its ranks, and
 * are taken in member order, so the rows are the same bytes either way.  Returns GFD_OK (a blow-up is a result),
 * GFD_EINTR / GFD_ETIME (partial rows kept, the ensemble stops) or an error. */
int gfd_ensemble_advance(gfd_ensemble *en, size_t intervals, const gfd_ctl *ctl, int *done, gfd_err *e);
/* plan + advance everything */
int gfd_ensemble_run(gfd_ensemble *en, double t1, size_t points, const gfd_ctl *ctl, gfd_err *e);

/* Mean rows so far (all plans since creation, in time order of the runs):
 * arrays of n values; se = standard error over seeds (sample sd / sqrt K, 0
 * for K = 1).  Pointers stay valid until the next advance/free. */
typedef struct gfd_ens_rows {
  size_t n;
  const double *t, *loss, *loss_se, *excess, *excess_se;
  size_t nobs;
  const char *const *obs_names;
  const double *obs, *obs_se; /* n * nobs, row-major */
} gfd_ens_rows;
void gfd_ensemble_rows(const gfd_ensemble *en, gfd_ens_rows *out);

/* Per-seed run status: GFD_RUN_DONE (no blow-up yet), GFD_RUN_BLOWUP with
 * t_star in [t_lo, t_hi], or GFD_RUN_INTERRUPTED. */
typedef struct gfd_ens_member {
  unsigned long seed;
  gfd_run_status status;
  double t, t_star, t_lo, t_hi;
  size_t nsteps, nevals, nloss; /* accepted steps, gradients, loss-only evaluations */
} gfd_ens_member;
void gfd_ensemble_member(const gfd_ensemble *en, size_t k, gfd_ens_member *out);

/* Loss, excess, parameter norm ||theta|| and relative distance
 * ||theta - theta0|| / ||theta0|| of member k at its current time. */
int gfd_ensemble_member_state(const gfd_ensemble *en, size_t k, double *loss, double *excess, double *norm,
                              double *distance, gfd_err *e);

/* Bytes gfd_ensemble_new would need. */
size_t gfd_ensemble_bytes(const gfd_model *m, size_t K, const gfd_flow_opts *opts);

#ifdef __cplusplus
}
#endif
#endif
