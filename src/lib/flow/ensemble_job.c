/* ensemble_job.c - the work unit of an ensemble chunk (ensemble_job.h):
 * member k's state in, gfd_flow_integrate over the chunk's grid, its rows
 * and new state out.  The same function serves the serial loop and every
 * rank of a parallel run, so that the members' numbers are the same bytes. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "model_internal.h"
#include "ensemble_job.h"

struct ens_chunk_ctx {
  const gfd_model *m;
  gfd_model *own;
  ens_chunk_desc d;
  double *grid;
  double *theta, *theta0, *cbuf; /* dim, dim, 7 dim */
};

size_t ens_chunk_in_len(const ens_chunk_desc *d) {
  return ENS_HDR(ens_member_in) + (2 + (d->carries ? 7 : 0)) * d->dim * sizeof(double);
}

size_t ens_chunk_out_len(const ens_chunk_desc *d) {
  return ENS_HDR(ens_member_out) +
         ((3 + d->nobs) * d->len + (1 + (d->carries ? 7 : 0)) * d->dim) * sizeof(double);
}

ens_chunk_ctx *ens_chunk_ctx_new(const gfd_model *m, const ens_chunk_desc *d, const double *grid, const gfd_ctl *ctl,
                                 gfd_err *e) {
  ens_chunk_ctx *c = calloc(1, sizeof *c);
  if (!c) goto nomem;
  c->d = *d;
  c->m = m;
  if (!m) {
    if (!(c->own = gfd_model_new(&d->spec, ctl, e))) goto fail;
    c->m = c->own;
    if (c->m->dim != d->dim || gfd_flow_obs_count(c->m, d->opts.observe) != d->nobs) {
      gfd_err_set(e, GFD_EINVAL, "the ensemble's model does not match its description");
      goto fail;
    }
  }
  c->grid = gfd_xmalloc(d->len ? d->len : 1, sizeof *c->grid);
  c->theta = gfd_xmalloc(d->dim, sizeof *c->theta);
  c->theta0 = gfd_xmalloc(d->dim, sizeof *c->theta0);
  c->cbuf = d->carries ? gfd_xmalloc(d->dim, 7 * sizeof *c->cbuf) : NULL;
  if (!c->grid || !c->theta || !c->theta0 || (d->carries && !c->cbuf)) goto nomem;
  memcpy(c->grid, grid, d->len * sizeof *grid);
  return c;
nomem:
  gfd_err_set(e, GFD_ENOMEM, "out of memory for an ensemble work unit");
fail:
  ens_chunk_ctx_free(c);
  return NULL;
}

void ens_chunk_ctx_free(ens_chunk_ctx *c) {
  if (!c) return;
  gfd_model_free(c->own);
  free(c->grid);
  free(c->theta);
  free(c->theta0);
  free(c->cbuf);
  free(c);
}

static int chunk_open(const void *desc, size_t len, void **ctx, const gfd_ctl *ctl, gfd_err *e) {
  ens_chunk_desc d;
  if (len < sizeof d) return gfd_err_set(e, GFD_EINVAL, "an ensemble work description is too short");
  memcpy(&d, desc, sizeof d);
  if (len != sizeof d + d.len * sizeof(double))
    return gfd_err_set(e, GFD_EINVAL, "an ensemble work description has the wrong size");
  ens_chunk_ctx *c = ens_chunk_ctx_new(NULL, &d, (const double *)((const char *)desc + sizeof d), ctl, e);
  *ctx = c;
  return c ? GFD_OK : (e && e->code ? e->code : GFD_ENOMEM);
}

static void chunk_close(void *ctx) { ens_chunk_ctx_free(ctx); }

/* Progress of member k within the chunk, mapped into the whole plan's
 * intervals (below the total until the ensemble reports the end). */
typedef struct member_progress {
  const gfd_ctl *outer;
  double a, len, K, k, total;
} member_progress;

static void member_progress_fn(void *ud, const char *what, double done, double of) {
  const member_progress *mp = ud;
  double frac = of > 0 ? done / of : 0;
  if (frac > 1) frac = 1;
  double at = mp->a + mp->len * (mp->k + frac) / mp->K;
  if (at >= mp->total) at = mp->total * (1 - 1e-12);
  gfd_ctl_progress(mp->outer, what, at, mp->total);
}

static int chunk_unit(void *ctx, size_t k, const void *in, void *out, const gfd_ctl *ctl, gfd_err *e) {
  ens_chunk_ctx *c = ctx;
  const ens_chunk_desc *d = &c->d;
  size_t dim = d->dim, len = d->len, nobs = d->nobs;
  ens_member_in mi;
  ens_member_out mo;
  memset(&mo, 0, sizeof mo);
  memcpy(&mi, in, sizeof mi);
  if (!mi.run) {
    memcpy(out, &mo, sizeof mo);
    return GFD_OK;
  }
  const char *p = (const char *)in + ENS_HDR(ens_member_in);
  memcpy(c->theta, p, dim * sizeof(double));
  memcpy(c->theta0, p + dim * sizeof(double), dim * sizeof(double));
  gfd_flow_carry carry = mi.carry;
  if (d->carries) {
    memcpy(c->cbuf, p + 2 * dim * sizeof(double), 7 * dim * sizeof(double));
    carry.yb = c->cbuf;
    carry.fb = c->cbuf + dim;
    carry.rc = c->cbuf + 2 * dim;
  } else {
    carry.yb = carry.fb = carry.rc = NULL;
  }
  gfd_ctl quiet = {0};
  member_progress mp = {ctl, d->a, (double)(len - 1), (double)d->K, (double)k, d->total};
  if (ctl) {
    quiet = *ctl;
    quiet.progress = ctl->progress ? member_progress_fn : NULL;
    quiet.progress_ud = &mp;
  }
  gfd_traj tr;
  gfd_traj_init(&tr);
  int rc = gfd_flow_integrate(c->m, c->theta, c->theta0, c->grid, len, d->rk4_step, &d->opts, ctl ? &quiet : NULL,
                              &carry, &tr, e);
  gfd_ctl_progress(ctl, "flow", d->a + (double)(len - 1) * (double)(k + 1) / (double)d->K, d->total);
  mo.ran = 1;
  mo.n = tr.n < len ? tr.n : len; /* the rows past n stay zero (the runner zeroes out) */
  mo.status = tr.status;
  mo.t_star = tr.t_star;
  mo.t_lo = tr.t_lo;
  mo.t_hi = tr.t_hi;
  mo.t_end = tr.t_end;
  mo.nsteps = tr.nsteps;
  mo.nevals = tr.nevals;
  mo.nloss = tr.nloss;
  mo.carry = carry;
  mo.carry.yb = mo.carry.fb = mo.carry.rc = NULL;
  memcpy(out, &mo, sizeof mo);
  char *q = (char *)out + ENS_HDR(ens_member_out);
  if (mo.n) {
    memcpy(q, tr.t, mo.n * sizeof(double));
    memcpy(q + len * sizeof(double), tr.loss, mo.n * sizeof(double));
    memcpy(q + 2 * len * sizeof(double), tr.excess, mo.n * sizeof(double));
    if (nobs) memcpy(q + 3 * len * sizeof(double), tr.obs, mo.n * nobs * sizeof(double));
  }
  q += (3 + nobs) * len * sizeof(double);
  memcpy(q, c->theta, dim * sizeof(double));
  if (d->carries) memcpy(q + dim * sizeof(double), c->cbuf, 7 * dim * sizeof(double));
  gfd_traj_free(&tr);
  return rc;
}

const gfd_job_kind gfd_job_ensemble_chunk = {"ensemble-chunk", chunk_open, chunk_unit, chunk_close};
