/* job.c - work units (gfd/job.h): result arrays, the serial runner, the
 * table of kinds that workers look up by name. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "gfd/jobs.h"

/* Every kind a worker may be asked for (add new kinds here). */
static const gfd_job_kind *const kinds[] = {&gfd_job_ensemble_chunk, &gfd_job_flow_runs, &gfd_job_regime_cells,
                                            &gfd_job_phase_units, &gfd_job_figure_curves, NULL};

const gfd_job_kind *gfd_job_kind_find(const char *name) {
  for (size_t i = 0; name && kinds[i]; i++)
    if (!strcmp(kinds[i]->name, name)) return kinds[i];
  return NULL;
}

int gfd_job_open_copy(const void *desc, size_t len, void **ctx, const gfd_ctl *ctl, gfd_err *e) {
  (void)ctl;
  *ctx = malloc(len ? len : 1);
  if (!*ctx) return gfd_err_set(e, GFD_ENOMEM, "out of memory for a work description");
  if (len) memcpy(*ctx, desc, len);
  return GFD_OK;
}

void gfd_job_close_free(void *ctx) { free(ctx); }

int gfd_job_alloc(gfd_job *job, gfd_err *e) {
  size_t n = job->n ? job->n : 1, bytes;
  if (!gfd_size_mul(job->stream ? 1 : n, job->out_len ? job->out_len : 1, &bytes))
    return gfd_err_set(e, GFD_ENOMEM, "the results of %zu work units overflow the address space", job->n);
  job->out = calloc(bytes, 1);
  job->rc = calloc(n, sizeof *job->rc);
  job->state = calloc(n, 1);
  job->rank = calloc(n, sizeof *job->rank);
  job->err_unit = job->n;
  gfd_err_clear(&job->err);
  if (!job->out || !job->rc || !job->state || !job->rank) {
    gfd_job_release(job);
    return gfd_err_set(e, GFD_ENOMEM, "out of memory for the results of %zu work units", job->n);
  }
  return GFD_OK;
}

void gfd_job_release(gfd_job *job) {
  free(job->out);
  free(job->rc);
  free(job->state);
  free(job->rank);
  job->out = NULL;
  job->rc = NULL;
  job->state = NULL;
  job->rank = NULL;
}

/* Unit i here; nested: it keeps ctl's runner for jobs of its own. */
static int unit_here(gfd_job *job, void *ctx, size_t i, const void *in, const gfd_ctl *ctl, int rank, int nested) {
  gfd_ctl inner = {0};
  if (ctl) inner = *ctl;
  if (!nested) inner.runner = NULL;
  unsigned char *out = job->out + (job->stream ? 0 : i * job->out_len);
  memset(out, 0, job->out_len);
  gfd_err e;
  gfd_err_clear(&e);
  int rc = job->kind->unit(ctx, i, in, out, &inner, &e);
  job->rc[i] = rc;
  job->state[i] = GFD_UNIT_DONE;
  job->rank[i] = rank;
  if (rc != GFD_OK && i < job->err_unit) {
    job->err_unit = i;
    job->err = e;
    if (!job->err.code) job->err.code = rc;
  }
  return rc;
}

int gfd_job_unit_local(gfd_job *job, void *ctx, size_t i, const void *in, const gfd_ctl *ctl, int rank) {
  return unit_here(job, ctx, i, in, ctl, rank, 0);
}

size_t gfd_job_prefix(const gfd_job *job) {
  size_t k = 0;
  while (k < job->n && job->state[k] == GFD_UNIT_DONE && job->rc[k] == GFD_OK) k++;
  return k;
}

static int run_loop(gfd_job *job, const gfd_ctl *ctl, int nested, gfd_err *e) {
  void *ctx = job->ctx;
  int rc = GFD_OK;
  if (!ctx && (rc = job->kind->open(job->desc, job->desc_len, &ctx, ctl, e))) return rc;
  unsigned char *in = job->in_len ? malloc(job->in_len) : NULL;
  if (job->in_len && !in) rc = gfd_err_set(e, GFD_ENOMEM, "out of memory for a work unit's input");
  for (size_t i = 0; i < job->n && rc == GFD_OK; i++) {
    if ((rc = gfd_ctl_poll(ctl, e))) break;
    if (in && (rc = job->input(job->ud, i, in))) {
      gfd_err_set(e, rc, "the input of work unit %zu could not be packed", i);
      break;
    }
    int urc = unit_here(job, ctx, i, in, ctl, 0, nested);
    if (job->done) job->done(job->ud, i, job->out + (job->stream ? 0 : i * job->out_len));
    if (job->progress_units) gfd_ctl_progress(ctl, job->what ? job->what : "work units", (double)(i + 1), (double)job->n);
    if (urc != GFD_OK) break; /* the caller reads the failure from rc[] */
  }
  free(in);
  if (!job->ctx) job->kind->close(ctx);
  return rc;
}

int gfd_job_run_serial(gfd_job *job, const gfd_ctl *ctl, gfd_err *e) { return run_loop(job, ctl, 0, e); }

int gfd_job_run_nested(gfd_job *job, const gfd_ctl *ctl, gfd_err *e) { return run_loop(job, ctl, 1, e); }

int gfd_job_run(gfd_job *job, const gfd_ctl *ctl, gfd_err *e) {
  if (ctl && ctl->runner) return ctl->runner->run(ctl->runner->impl, job, ctl, e);
  return gfd_job_run_serial(job, ctl, e);
}
