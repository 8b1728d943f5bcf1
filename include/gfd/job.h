/* gfd/job.h - independent work units and the runners that compute them.
 *
 * A job is n independent units.  Unit i is computed by a pure function of
 * the job's description (a byte blob), the index i and, optionally, an input
 * blob of in_len bytes; it fills an output blob of out_len bytes and returns
 * a status.  Nothing else may flow in or out (no shared state, no printing):
 * then any runner gives the same bytes, and a caller that reduces the
 * outputs in unit order gets byte-identical results from the serial loop
 * here and from the program's MPI runner (rank 0 hands out unit indices on
 * request, workers send the outputs back; src/gfd/shell/scaleout_mpi.c).
 *
 * Runners: gfd_job_run uses ctl->runner when set, else the serial loop.
 * Units run with a copy of ctl whose runner is NULL (no nesting).
 *
 * Stopping: the job stops at the first unit whose status is not GFD_OK, or
 * at an interrupt / time limit, and later units are not started (a parallel
 * runner may have computed some of them: callers use only the units before
 * the first failure, as the serial loop would, see gfd_job_prefix).
 *
 * Descriptions are raw bytes of plain structs: every rank must run the same
 * build on the same architecture (a cluster of like machines).
 *
 * Plugging in a new kind of job (a few lines):
 *  1. write its gfd_job_kind: open (description -> context), unit, close;
 *     when the description itself is the context, gfd_job_open_copy and
 *     gfd_job_close_free do, e.g. for a phase diagram whose library
 *     computes cell i as a pure function gfd_phase_cell(desc, i, out, ctl, e):
 *       static int phase_unit(void *ctx, size_t i, const void *in, void *out,
 *                             const gfd_ctl *ctl, gfd_err *e) {
 *         (void)in;
 *         return gfd_phase_cell(ctx, i, out, ctl, e);
 *       }
 *       const gfd_job_kind gfd_job_phase_cells = {"phase-cells",
 *           gfd_job_open_copy, phase_unit, gfd_job_close_free};
 *  2. add it to the table in src/lib/job.c (gfd_job_kind_find: a worker
 *     finds the kind by its name) and declare it in gfd/jobs.h;
 *  3. the caller fills a gfd_job (kind, description, n, out_len; arrays from
 *     gfd_job_alloc), calls gfd_job_run(&job, ctl, e) with the session's ctl
 *     (sh_ctl: it carries the MPI runner), reads job.out in unit order up to
 *     gfd_job_prefix, and gfd_job_release.
 * Examples in gfd/jobs.h: ensemble members, sweep runs, regime-map cells,
 * phase-diagram runs (gfd_job_phase_units: the unit above, for real),
 * figure curves (gfd_job_figure_curves). */
#ifndef GFD_JOB_H
#define GFD_JOB_H

#include <stddef.h>
#include "gfd/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gfd_job_kind {
  const char *name; /* unique: workers look kinds up by name */
  /* the units' context from the description; GFD_OK or an error */
  int (*open)(const void *desc, size_t len, void **ctx, const gfd_ctl *ctl, gfd_err *e);
  /* unit i: in (in_len bytes, NULL when 0) -> out (out_len bytes, zeroed
   * before the call); out must be meaningful whatever the status (an
   * interrupted unit leaves its partial results there) */
  int (*unit)(void *ctx, size_t i, const void *in, void *out, const gfd_ctl *ctl, gfd_err *e);
  void (*close)(void *ctx);
} gfd_job_kind;

/* state[i] of a unit */
enum { GFD_UNIT_PENDING = 0, GFD_UNIT_DONE = 1, GFD_UNIT_LOST = 2 };

typedef struct gfd_job {
  const gfd_job_kind *kind;
  const void *desc;
  size_t desc_len;
  void *ctx;          /* the caller's open context for local units, or NULL (opened from desc) */
  size_t n, in_len, out_len;
  /* in_len > 0: write unit i's input into buf (in_len bytes) */
  int (*input)(void *ud, size_t i, void *buf);
  /* optional: unit i's output has arrived (in completion order) */
  void (*done)(void *ud, size_t i, const void *out);
  void *ud;
  int stream;         /* outputs only pass through done(): out holds one unit */
  const char *what;   /* progress label */
  int progress_units; /* the runner reports units done of n (else the units report their own) */
  size_t part, chunk, parts; /* parts > 1: this job covers steps [part, part + chunk) of a longer
                                computation of `parts` steps (the grid intervals of an ensemble's
                                plan, done in chunks): progress counts across the jobs */
  /* results (gfd_job_alloc / gfd_job_release) */
  unsigned char *out; /* n * out_len (stream: one out_len) */
  int *rc;            /* n statuses */
  unsigned char *state; /* n GFD_UNIT_* */
  int *rank;          /* n: the rank that computed the unit (0 serially) */
  gfd_err err;        /* the message of the failing unit with the lowest index */
  size_t err_unit;    /* its index (n if none) */
} gfd_job;

/* A runner computes a job's units somewhere: GFD_OK when every unit was
 * computed or the job stopped at a failing unit, GFD_EINTR / GFD_ETIME when
 * stopped from outside (the finished units kept), or an error of its own. */
typedef struct gfd_runner {
  int (*run)(void *impl, gfd_job *job, const gfd_ctl *ctl, gfd_err *e);
  void *impl;
} gfd_runner;

/* open = a copy of the description (freed by close): for kinds whose
 * units need nothing but the description. */
int gfd_job_open_copy(const void *desc, size_t len, void **ctx, const gfd_ctl *ctl, gfd_err *e);
void gfd_job_close_free(void *ctx);
/* Allocate the result arrays for job->n units of job->out_len bytes. */
int gfd_job_alloc(gfd_job *job, gfd_err *e);
void gfd_job_release(gfd_job *job);
/* Run the job with ctl->runner, or serially. */
int gfd_job_run(gfd_job *job, const gfd_ctl *ctl, gfd_err *e);
int gfd_job_run_serial(gfd_job *job, const gfd_ctl *ctl, gfd_err *e);
/* The serial loop here, each unit keeping ctl->runner for the jobs it runs
 * itself (a flow run's ensemble spreads its seeds over the ranks): for a
 * job of fewer units than ranks whose units split further.  The same bytes
 * as gfd_job_run when the inner jobs keep the contract above. */
int gfd_job_run_nested(gfd_job *job, const gfd_ctl *ctl, gfd_err *e);
/* Compute one unit here (runners use this): zeroes out, runs the unit with
 * a runner-free copy of ctl, records rc, state, rank and the error. */
int gfd_job_unit_local(gfd_job *job, void *ctx, size_t i, const void *in, const gfd_ctl *ctl, int rank);
/* Units 0..k-1 done with GFD_OK: the prefix a serial loop would have used. */
size_t gfd_job_prefix(const gfd_job *job);
/* The kind of that name, or NULL. */
const gfd_job_kind *gfd_job_kind_find(const char *name);

/* The library's kinds and their layouts: gfd/jobs.h. */

#ifdef __cplusplus
}
#endif
#endif
