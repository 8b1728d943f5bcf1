/* ensemble_job.h - one chunk of an ensemble plan as work units (gfd/job.h):
 * unit k moves member k over the chunk's grid points.  The description, a
 * unit's input (the member's state) and its output (its rows and new state)
 * are laid out here so that ensemble.c packs and unpacks them.  Not
 * installed. */
#ifndef GFD_ENSEMBLE_JOB_H
#define GFD_ENSEMBLE_JOB_H
#include "gfd/jobs.h"
#include "gfd/model.h"
#include "flow_internal.h"

/* The description: this header, then len grid doubles. */
typedef struct ens_chunk_desc {
  gfd_spec spec;      /* workers build the model from it */
  gfd_flow_opts opts;
  double rk4_step;
  size_t K, dim, nobs, len; /* members, parameters, observables, grid points of the chunk */
  double a, total;    /* progress: the chunk's first interval, intervals of the plan */
  int carries;        /* dopri5 / rk4: the member's integrator state travels with it */
} ens_chunk_desc;

/* A unit's input: this header, theta, theta0 and (carries) 7 dim carry doubles. */
typedef struct ens_member_in {
  int run;            /* 0: the member is not moving (blown up, stopped): nothing to do */
  gfd_flow_carry carry; /* scalars (its pointers are rebuilt on arrival) */
} ens_member_in;

/* A unit's output: this header, then t, loss, excess (len each), obs (len *
 * nobs), theta (dim) and (carries) the 7 dim carry doubles. */
typedef struct ens_member_out {
  int ran;
  size_t n;           /* rows */
  gfd_run_status status;
  double t_star, t_lo, t_hi, t_end;
  size_t nsteps, nevals, nloss;
  gfd_flow_carry carry;
} ens_member_out;

/* Header sizes rounded up to doubles, and the blob sizes. */
#define ENS_HDR(T) ((sizeof(T) + sizeof(double) - 1) / sizeof(double) * sizeof(double))
size_t ens_chunk_in_len(const ens_chunk_desc *d);
size_t ens_chunk_out_len(const ens_chunk_desc *d);

/* The units' context for model m (not owned; NULL: built from d->spec). */
typedef struct ens_chunk_ctx ens_chunk_ctx;
ens_chunk_ctx *ens_chunk_ctx_new(const gfd_model *m, const ens_chunk_desc *d, const double *grid, const gfd_ctl *ctl,
                                 gfd_err *e);
void ens_chunk_ctx_free(ens_chunk_ctx *c);
#endif
