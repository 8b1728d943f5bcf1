/* cmd_flow_jobs.c - flow_simulate_runs and flow_sim_free (flow_provider.h): independent flow
 * runs (one model, seeds and T each) as work units (gfd/jobs.h), here or
 * over the MPI ranks (scaleout.h), read back in run order. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cmd_flow.h"
#include "gfd/jobs.h"
#include "scaleout.h"

void flow_sim_free(flow_sim *r) {
  if (!r) return;
  free(r->t), free(r->loss), free(r->loss_se), free(r->excess), free(r->excess_se);
  r->t = r->loss = r->loss_se = r->excess = r->excess_se = NULL;
  r->n = 0;
}

static double *copy_col(const double *x, size_t n) {
  double *c = malloc((n ? n : 1) * sizeof *c);
  if (c && n) memcpy(c, x, n * sizeof *c);
  return c;
}

int flow_simulate_runs(session *s, const gfd_spec *specs, const double *T, const size_t *seeds, int n,
                       flow_sim *out, int *done) {
  *done = 0;
  for (int k = 0; k < n; k++) {
    memset(&out[k], 0, sizeof out[k]);
    out[k].t_first = out[k].t_mean = NAN;
    if (!isfinite(T[k]) || T[k] == 0) return sh_error(s, -1, "flow_simulate: T=%g must be finite and nonzero", T[k]);
  }
  gfd_flow_runs_desc d;
  memset(&d, 0, sizeof d);
  d.opts = s->flow_opts;
  if (d.opts.steps == 0) d.opts.steps = 1000;
  d.n = (size_t)n;
  size_t dlen = sizeof d + (size_t)n * sizeof(gfd_flow_run_item);
  char *desc = calloc(1, dlen);
  if (!desc) return sh_error(s, -1, "out of memory for the runs");
  memcpy(desc, &d, sizeof d);
  size_t big = 0; /* `set threads auto` follows the largest model */
  for (int k = 0; k < n; k++) {
    gfd_flow_run_item r;
    memset(&r, 0, sizeof r);
    r.spec = specs[k], r.T = T[k], r.seeds = seeds[k] ? seeds[k] : 1;
    memcpy(desc + sizeof d + (size_t)k * sizeof r, &r, sizeof r);
    if (gfd_spec_dim(&specs[k]) > gfd_spec_dim(&specs[big])) big = (size_t)k;
  }
  gfd_job job;
  memset(&job, 0, sizeof job);
  job.kind = &gfd_job_flow_runs;
  job.desc = desc, job.desc_len = dlen;
  job.n = (size_t)n, job.out_len = gfd_flow_runs_out_len(&d.opts);
  job.what = "runs", job.progress_units = n > 1;
  gfd_err e;
  gfd_err_clear(&e);
  if (gfd_job_alloc(&job, &e)) {
    free(desc);
    return sh_error_lib(s, &e);
  }
  /* Fewer runs than ranks, and more seeds than runs: the runs one after
   * another, each spreading its seeds over the ranks (its ensemble's units),
   * rather than a run per rank with ranks left idle.  The same bytes. */
  so_info mi;
  so_get_info(&mi);
  size_t most = 1;
  for (int k = 0; k < n; k++) most = seeds[k] > most ? seeds[k] : most;
  int nested = mi.ranks > n && most > (size_t)n;
  int threads_was = n ? sh_threads_for_spec(s, &specs[big]) : 0;
  int jrc = nested ? gfd_job_run_nested(&job, sh_ctl(s), &e) : gfd_job_run(&job, sh_ctl(s), &e);
  if (n) sh_threads_restore(s, threads_was);
  int rc = 0;
  for (int k = 0; k < n && rc == 0; k++) {
    if (job.state[k] != GFD_UNIT_DONE || job.rc[k] != GFD_OK) { /* the runs stop here, as a loop would */
      if (job.state[k] == GFD_UNIT_DONE) rc = sh_error_lib(s, job.err_unit == (size_t)k ? &job.err : &e);
      else rc = jrc ? sh_error_lib(s, &e) : sh_error(s, -1, "run %d of %d was not computed", k + 1, n);
      break;
    }
    gfd_flow_run_out h;
    const double *t, *l, *lse, *x, *xse;
    gfd_flow_runs_read(job.out + (size_t)k * job.out_len, &d.opts, &h, &t, &l, &lse, &x, &xse);
    flow_sim *o = &out[k];
    o->n = h.n, o->seeds = h.seeds, o->ndiv = h.ndiv;
    o->t_first = h.t_first, o->t_mean = h.t_mean, o->t_mean_se = h.t_mean_se;
    if (h.n) {
      o->t = copy_col(t, h.n), o->loss = copy_col(l, h.n), o->loss_se = copy_col(lse, h.n);
      o->excess = copy_col(x, h.n), o->excess_se = copy_col(xse, h.n);
      if (!o->t || !o->loss || !o->loss_se || !o->excess || !o->excess_se) {
        flow_sim_free(o);
        rc = sh_error(s, -1, "out of memory for the simulated curve");
        break;
      }
    }
    (*done)++;
  }
  gfd_job_release(&job);
  free(desc);
  return rc;
}
