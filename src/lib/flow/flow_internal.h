/* flow_internal.h - the integrator on an explicit time grid (used by
 * gfd_flow_run and by ensembles, which cut one run into chunks of a common
 * grid).  Not installed. */
#ifndef GFD_FLOW_INTERNAL_H
#define GFD_FLOW_INTERNAL_H
#include "gfd/flow.h"

/* Like gfd_flow_run but on grid[0..ngrid-1] (monotone, grid[0] = start).
 * rk4_step is the nominal |h| of method RK4 (each interval gets
 * max(1, round(|interval| / rk4_step)) steps); ignored otherwise. */
int gfd_flow_integrate(const gfd_model *m, double *theta, const double *theta0, const double *grid,
                       size_t ngrid, double rk4_step, const gfd_flow_opts *opts, const gfd_ctl *ctl,
                       gfd_traj *out, gfd_err *e);

/* Observables of theta (loss L given) into obs[0..count-1]. */
void gfd_flow_observe(const gfd_model *m, unsigned observe, const double *theta, const double *theta0,
                      double loss, double *obs);

/* Append one row to tr (columns: t, loss, excess, nobs observables). */
int gfd_traj_push(gfd_traj *tr, double t, double loss, double excess, const double *obs);
/* Set tr's observable columns if it has none yet; GFD_EINVAL if they differ. */
int gfd_traj_set_columns(gfd_traj *tr, const gfd_model *m, unsigned observe, gfd_err *e);
#endif
