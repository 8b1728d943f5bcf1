/* flow_runs_job.c - whole flow runs as work units (gfd/jobs.h): unit k
 * builds its model, runs its seeds to T (an ensemble, serially inside the
 * unit) and returns the mean rows and the blow-up summary.  `sweep` runs
 * one unit per swept value. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "gfd/ensemble.h"
#include "gfd/jobs.h"

#define RUN_HDR ((sizeof(gfd_flow_run_out) + sizeof(double) - 1) / sizeof(double) * sizeof(double))

typedef struct runs_ctx {
  gfd_flow_runs_desc d;
  gfd_flow_run_item *runs;
} runs_ctx;

size_t gfd_flow_runs_out_len(const gfd_flow_opts *opts) { return RUN_HDR + 5 * opts->points * sizeof(double); }

void gfd_flow_runs_read(const void *out, const gfd_flow_opts *opts, gfd_flow_run_out *hdr, const double **t,
                        const double **loss, const double **loss_se, const double **excess,
                        const double **excess_se) {
  memcpy(hdr, out, sizeof *hdr);
  const double *c = (const double *)(const void *)((const char *)out + RUN_HDR);
  size_t P = opts->points;
  *t = c, *loss = c + P, *loss_se = c + 2 * P, *excess = c + 3 * P, *excess_se = c + 4 * P;
}

static int runs_open(const void *desc, size_t len, void **ctx, const gfd_ctl *ctl, gfd_err *e) {
  (void)ctl;
  runs_ctx *c = calloc(1, sizeof *c);
  if (!c) return gfd_err_set(e, GFD_ENOMEM, "out of memory for the runs' work units");
  if (len >= sizeof c->d) memcpy(&c->d, desc, sizeof c->d);
  if (len < sizeof c->d || len != sizeof c->d + c->d.n * sizeof(gfd_flow_run_item) ||
      !(c->runs = malloc(c->d.n ? c->d.n * sizeof *c->runs : 1))) {
    free(c);
    return gfd_err_set(e, GFD_EINVAL, "a description of flow runs has the wrong size");
  }
  memcpy(c->runs, (const char *)desc + sizeof c->d, c->d.n * sizeof *c->runs);
  *ctx = c;
  return GFD_OK;
}

static void runs_close(void *ctx) {
  runs_ctx *c = ctx;
  if (!c) return;
  free(c->runs);
  free(c);
}

static int runs_unit(void *ctx, size_t k, const void *in, void *out, const gfd_ctl *ctl, gfd_err *e) {
  (void)in;
  runs_ctx *c = ctx;
  const gfd_flow_run_item *r = &c->runs[k];
  gfd_flow_run_out h;
  memset(&h, 0, sizeof h);
  h.t_first = h.t_mean = NAN;
  gfd_model *m = gfd_model_new(&r->spec, ctl, e);
  if (!m) {
    memcpy(out, &h, sizeof h);
    return e && e->code ? e->code : GFD_ENOMEM;
  }
  gfd_ensemble *en = gfd_ensemble_new(m, r->spec.seed, r->seeds ? r->seeds : 1, 0.0, &c->d.opts, ctl, e);
  int rc = en ? gfd_ensemble_run(en, r->T, c->d.opts.points, ctl, e) : (e && e->code ? e->code : GFD_ENOMEM);
  if (en) {
    gfd_ens_rows rows;
    gfd_ensemble_rows(en, &rows);
    size_t P = c->d.opts.points, n = rows.n < P ? rows.n : P;
    double *col = (double *)(void *)((char *)out + RUN_HDR);
    memcpy(col, rows.t, n * sizeof *col);
    memcpy(col + P, rows.loss, n * sizeof *col);
    memcpy(col + 2 * P, rows.loss_se, n * sizeof *col);
    memcpy(col + 3 * P, rows.excess, n * sizeof *col);
    memcpy(col + 4 * P, rows.excess_se, n * sizeof *col);
    h.n = n;
    h.seeds = gfd_ensemble_size(en);
    double sum = 0, sum2 = 0;
    for (size_t s = 0; s < h.seeds; s++) {
      gfd_ens_member mb;
      gfd_ensemble_member(en, s, &mb);
      if (mb.status != GFD_RUN_BLOWUP) continue;
      if (!h.ndiv || fabs(mb.t_star) < fabs(h.t_first)) h.t_first = mb.t_star;
      sum += mb.t_star;
      sum2 += mb.t_star * mb.t_star;
      h.ndiv++;
    }
    if (h.ndiv) h.t_mean = sum / (double)h.ndiv;
    if (h.ndiv > 1) {
      double nd = (double)h.ndiv;
      h.t_mean_se = sqrt(fmax(sum2 - nd * h.t_mean * h.t_mean, 0) / (nd - 1) / nd);
    }
  }
  memcpy(out, &h, sizeof h);
  gfd_ensemble_free(en);
  gfd_model_free(m);
  return rc;
}

const gfd_job_kind gfd_job_flow_runs = {"flow-runs", runs_open, runs_unit, runs_close};
