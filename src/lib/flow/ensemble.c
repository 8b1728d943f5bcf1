/* ensemble.c - K instances moved together on one report grid, mean rows with
 * standard errors, per-seed blow-ups (semantics in gfd/ensemble.h). */
#include <config.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "model_internal.h"
#include "flow_internal.h"
#include "ensemble_job.h"

struct gfd_ensemble {
  const gfd_model *m;
  gfd_flow_opts opts;
  size_t K, dim;
  double *theta, *theta0; /* K * dim each */
  gfd_ens_member *mem;
  double t;               /* common time */
  int stopped;            /* no further plans */
  int rows_stopped;       /* a seed blew up: no more mean rows */
  /* the current plan */
  double *grid;
  size_t ngrid, at;       /* grid[at] is the current time; done when at == ngrid - 1 */
  double rk4_step;
  /* mean rows */
  size_t n, cap, nobs;
  double *rt, *rl, *rlse, *rx, *rxse, *ro, *rose;
  const char **obs_names;
  /* per-chunk scratch: rows of every member */
  gfd_traj *tr;
  /* dopri5 and rk4: each member's integrator state between chunks (NULL
   * for the GSL methods), and its arrays (7 dim per member) */
  gfd_flow_carry *carry;
  double *carry_buf;
};

static int carries(const gfd_flow_opts *o) { return o->method == GFD_METHOD_DOPRI5 || o->method == GFD_METHOD_RK4; }

size_t gfd_ensemble_bytes(const gfd_model *m, size_t K, const gfd_flow_opts *opts) {
  /* parameters and initial parameters, and for dopri5 / rk4 the carry
   * (state, gradient, 5 dense-output vectors) of every member */
  size_t kd, b, f = gfd_flow_bytes(m, opts), vecs = carries(opts) ? 9 : 2;
  if (f == SIZE_MAX || !gfd_size_mul(K, m->dim, &kd) || !gfd_size_mul(kd, vecs * sizeof(double), &b) ||
      !gfd_size_add(b, f, &b))
    return SIZE_MAX;
  /* the report rows: per seed its bookkeeping and the rows of one advance (at
   * most the whole grid: t, loss, excess, observables), and the mean rows
   * (t, 4 statistics, 2 per observable) */
  size_t nobs = gfd_flow_obs_count(m, opts->observe), per, rows, mean;
  if (!gfd_size_mul(opts->points, (3 + nobs) * sizeof(double), &per) ||
      !gfd_size_add(per, sizeof(gfd_ens_member) + sizeof(gfd_traj), &per) || !gfd_size_mul(per, K, &rows) ||
      !gfd_size_mul(opts->points, (5 + 2 * nobs) * sizeof(double), &mean) || !gfd_size_add(b, rows, &b) ||
      !gfd_size_add(b, mean, &b))
    return SIZE_MAX;
  return b;
}

gfd_ensemble *gfd_ensemble_new(const gfd_model *m, unsigned long seed0, size_t K, double t0,
                               const gfd_flow_opts *opts, const gfd_ctl *ctl, gfd_err *e) {
  if (K < 1) {
    gfd_err_set(e, GFD_EINVAL, "an ensemble needs at least one seed");
    return NULL;
  }
  if (!isfinite(t0)) {
    gfd_err_set(e, GFD_EINVAL, "the initial time must be finite");
    return NULL;
  }
  if (gfd_seed_check("seed", seed0, K, e)) return NULL;
  /* msbdf's dense Jacobian is the cost that matters: name it, not the seeds */
  if (gfd_flow_method_check(m, opts, ctl, e)) return NULL;
  if (gfd_ctl_budget(ctl, gfd_ensemble_bytes(m, K, opts), "this ensemble (parameters of every seed)", e))
    return NULL;
  gfd_ensemble *en = calloc(1, sizeof *en);
  if (!en) goto nomem;
  en->m = m;
  en->opts = *opts;
  en->K = K;
  en->dim = m->dim;
  en->t = t0;
  en->theta = gfd_xmalloc(K * m->dim, sizeof(double));
  en->theta0 = gfd_xmalloc(K * m->dim, sizeof(double));
  en->mem = calloc(K, sizeof *en->mem);
  en->tr = calloc(K, sizeof *en->tr);
  if (!en->theta || !en->theta0 || !en->mem || !en->tr) goto nomem;
  /* every method's carry knows the trajectory's start; only dopri5's and
   * rk4's carry a state (the GSL methods ignore the rest) */
  if (!(en->carry = calloc(K, sizeof *en->carry))) goto nomem;
  for (size_t k = 0; k < K; k++) en->carry[k].t_start = t0;
  if (carries(opts)) {
    en->carry_buf = gfd_xmalloc(K * m->dim, 7 * sizeof(double));
    if (!en->carry_buf) goto nomem;
    for (size_t k = 0; k < K; k++) {
      double *c = en->carry_buf + k * 7 * m->dim;
      en->carry[k].yb = c;
      en->carry[k].fb = c + m->dim;
      en->carry[k].rc = c + 2 * m->dim;
    }
  }
  en->nobs = gfd_flow_obs_count(m, opts->observe);
  if (en->nobs) {
    if (!(en->obs_names = calloc(en->nobs, sizeof *en->obs_names))) goto nomem;
    for (size_t i = 0; i < en->nobs; i++) en->obs_names[i] = gfd_flow_obs_name(m, opts->observe, i);
  }
  for (size_t k = 0; k < K; k++) {
    double *th = en->theta0 + k * m->dim;
    if (gfd_model_init_params(m, seed0 + k, th, e)) goto fail;
    memcpy(en->theta + k * m->dim, th, m->dim * sizeof *th);
    en->mem[k].seed = seed0 + k;
    en->mem[k].status = GFD_RUN_DONE;
    en->mem[k].t = t0;
    en->mem[k].t_star = en->mem[k].t_lo = en->mem[k].t_hi = NAN;
    gfd_traj_init(&en->tr[k]);
  }
  return en;
nomem:
  gfd_err_set(e, GFD_ENOMEM, "out of memory for the ensemble");
fail:
  gfd_ensemble_free(en);
  return NULL;
}

void gfd_ensemble_free(gfd_ensemble *en) {
  if (!en) return;
  if (en->tr)
    for (size_t k = 0; k < en->K; k++) gfd_traj_free(&en->tr[k]);
  free(en->tr);
  free(en->carry);
  free(en->carry_buf);
  free(en->theta);
  free(en->theta0);
  free(en->mem);
  free(en->grid);
  free(en->rt);
  free(en->rl);
  free(en->rlse);
  free(en->rx);
  free(en->rxse);
  free(en->ro);
  free(en->rose);
  free(en->obs_names);
  free(en);
}

size_t gfd_ensemble_size(const gfd_ensemble *en) { return en->K; }
unsigned long gfd_ensemble_seed(const gfd_ensemble *en, size_t k) { return en->mem[k].seed; }
double gfd_ensemble_time(const gfd_ensemble *en) { return en->t; }
const double *gfd_ensemble_theta(const gfd_ensemble *en, size_t k) { return en->theta + k * en->dim; }
const double *gfd_ensemble_theta0(const gfd_ensemble *en, size_t k) { return en->theta0 + k * en->dim; }
double gfd_ensemble_member_time(const gfd_ensemble *en, size_t k) { return en->mem[k].t; }
int gfd_ensemble_stopped(const gfd_ensemble *en) { return en->stopped; }

void gfd_ensemble_member(const gfd_ensemble *en, size_t k, gfd_ens_member *out) { *out = en->mem[k]; }

int gfd_ensemble_plan(gfd_ensemble *en, double t1, size_t points, gfd_err *e) {
  if (en->stopped)
    return gfd_err_set(e, GFD_EINVAL, "this run has ended (blow-up or interrupt); start a new one");
  if (!isfinite(t1) || t1 == en->t)
    return gfd_err_set(e, GFD_EINVAL, "the end time %g must be finite and differ from the current time %g", t1,
                       en->t);
  if (points < 2) return gfd_err_set(e, GFD_EINVAL, "points=%zu: a run needs at least 2 report points", points);
  if (en->opts.method == GFD_METHOD_RK4) {
    if (en->opts.steps < 1) return gfd_err_set(e, GFD_EINVAL, "method rk4 needs steps >= 1");
    if (points > en->opts.steps + 1) points = en->opts.steps + 1;
    en->rk4_step = fabs(t1 - en->t) / (double)en->opts.steps;
  }
  double *g = gfd_xmalloc(points, sizeof *g);
  if (!g) return gfd_err_set(e, GFD_ENOMEM, "out of memory for the time grid");
  for (size_t i = 0; i < points; i++) g[i] = en->t + (t1 - en->t) * ((double)i / (double)(points - 1));
  g[points - 1] = t1;
  /* a carried state at the current time stays valid; a carried step does not
   * (it belongs to the old plan's direction and end) */
  if (en->carry)
    for (size_t k = 0; k < en->K; k++) {
      gfd_flow_carry *c = &en->carry[k];
      if (c->live && c->tb != en->t) c->live = 0;
      c->ta = c->tb;
      c->t_final = t1;
    }
  free(en->grid);
  en->grid = g;
  en->ngrid = points;
  en->at = 0;
  return GFD_OK;
}

static int rows_reserve(gfd_ensemble *en, size_t extra) {
  if (en->n + extra <= en->cap) return GFD_OK;
  size_t cap = en->cap ? en->cap : 64;
  while (cap < en->n + extra) cap *= 2;
  double **arr[] = {&en->rt, &en->rl, &en->rlse, &en->rx, &en->rxse};
  for (size_t i = 0; i < 5; i++) {
    double *p = realloc(*arr[i], cap * sizeof(double));
    if (!p) return GFD_ENOMEM;
    *arr[i] = p;
  }
  if (en->nobs) {
    double *p = realloc(en->ro, cap * en->nobs * sizeof(double));
    if (!p) return GFD_ENOMEM;
    en->ro = p;
    p = realloc(en->rose, cap * en->nobs * sizeof(double));
    if (!p) return GFD_ENOMEM;
    en->rose = p;
  }
  en->cap = cap;
  return GFD_OK;
}

/* mean and standard error of x[k * stride] over k < K */
static void mean_se(const double *x, size_t K, size_t stride, double *mean, double *se) {
  double s = 0;
  for (size_t k = 0; k < K; k++) s += x[k * stride];
  double mu = s / (double)K, v = 0;
  for (size_t k = 0; k < K; k++) v += (x[k * stride] - mu) * (x[k * stride] - mu);
  *mean = mu;
  *se = K > 1 ? sqrt(v / (double)(K - 1) / (double)K) : 0;
}

/* Append mean rows for chunk rows [first, count) that every member has. */
static int append_rows(gfd_ensemble *en, size_t first, size_t count) {
  if (count <= first) return GFD_OK;
  if (rows_reserve(en, count - first)) return GFD_ENOMEM;
  size_t K = en->K, nobs = en->nobs;
  double *buf = gfd_xmalloc(K, sizeof *buf);
  if (!buf) return GFD_ENOMEM;
  for (size_t r = first; r < count; r++) {
    size_t row = en->n++;
    en->rt[row] = en->tr[0].t[r];
    for (size_t k = 0; k < K; k++) buf[k] = en->tr[k].loss[r];
    mean_se(buf, K, 1, &en->rl[row], &en->rlse[row]);
    for (size_t k = 0; k < K; k++) buf[k] = en->tr[k].excess[r];
    mean_se(buf, K, 1, &en->rx[row], &en->rxse[row]);
    for (size_t j = 0; j < nobs; j++) {
      for (size_t k = 0; k < K; k++) buf[k] = en->tr[k].obs[r * nobs + j];
      mean_se(buf, K, 1, &en->ro[row * nobs + j], &en->rose[row * nobs + j]);
    }
  }
  free(buf);
  return GFD_OK;
}

/* The first mean row, at the ensemble's start, from every member's initial
 * state before any integration: an interrupt during the first chunk (which
 * runs the members one after another) still leaves the initial losses.  The
 * integrator evaluates the same sums at grid[0], so the chunk's own first row
 * is identical and is skipped by append_rows. */
static int initial_row(gfd_ensemble *en, const gfd_ctl *ctl, gfd_err *e) {
  size_t K = en->K, nobs = en->nobs, dim = en->dim;
  if (rows_reserve(en, 1)) return gfd_err_set(e, GFD_ENOMEM, "out of memory for the mean rows");
  double *loss = gfd_xmalloc(K, sizeof *loss), *ex = gfd_xmalloc(K, sizeof *ex);
  double *obs = gfd_xmalloc(K * nobs + 1, sizeof *obs);
  gfd_work *w = loss && ex && obs ? gfd_work_new(en->m, ctl, e) : NULL;
  int rc = GFD_OK;
  if (!w) rc = loss && ex && obs ? (e ? e->code : GFD_ENOMEM) : gfd_err_set(e, GFD_ENOMEM, "out of memory for the mean rows");
  for (size_t k = 0; k < K && rc == GFD_OK; k++) {
    const double *th = en->theta + k * dim;
    if (gfd_model_eval(en->m, th, w, &loss[k], &ex[k], NULL))
      rc = gfd_err_set(e, GFD_ENUMERIC, "the state of seed %lu at t=%g is not finite", en->mem[k].seed, en->t);
    else gfd_flow_observe(en->m, en->opts.observe, th, en->theta0 + k * dim, loss[k], obs + k * nobs);
  }
  if (rc == GFD_OK) {
    size_t row = en->n++;
    en->rt[row] = en->t;
    mean_se(loss, K, 1, &en->rl[row], &en->rlse[row]);
    mean_se(ex, K, 1, &en->rx[row], &en->rxse[row]);
    for (size_t j = 0; j < nobs; j++) mean_se(obs + j, K, nobs, &en->ro[row * nobs + j], &en->rose[row * nobs + j]);
  }
  gfd_work_free(w);
  free(loss);
  free(ex);
  free(obs);
  return rc;
}

/* The chunk's work units (ensemble_job.h): member k's state goes out as
 * unit k's input, its rows and new state come back through chunk_done. */
typedef struct chunk_io {
  gfd_ensemble *en;
  const ens_chunk_desc *d;
  ens_member_out *mo; /* per member: what its unit reported */
  int oom;
} chunk_io;

static int chunk_input(void *ud, size_t k, void *buf) {
  chunk_io *io = ud;
  gfd_ensemble *en = io->en;
  size_t dim = en->dim;
  ens_member_in mi;
  memset(&mi, 0, sizeof mi);
  mi.run = en->mem[k].status == GFD_RUN_DONE;
  mi.carry = en->carry[k];
  mi.carry.yb = mi.carry.fb = mi.carry.rc = NULL;
  memcpy(buf, &mi, sizeof mi);
  if (!mi.run) return GFD_OK;
  char *p = (char *)buf + ENS_HDR(ens_member_in);
  memcpy(p, en->theta + k * dim, dim * sizeof(double));
  memcpy(p + dim * sizeof(double), en->theta0 + k * dim, dim * sizeof(double));
  if (io->d->carries) memcpy(p + 2 * dim * sizeof(double), en->carry[k].yb, 7 * dim * sizeof(double));
  return GFD_OK;
}

static double *copy_col(const char *src, size_t n) {
  double *c = gfd_xmalloc(n ? n : 1, sizeof *c);
  if (c && n) memcpy(c, src, n * sizeof *c);
  return c;
}

static void chunk_done(void *ud, size_t k, const void *out) {
  chunk_io *io = ud;
  gfd_ensemble *en = io->en;
  size_t dim = en->dim, len = io->d->len, nobs = en->nobs;
  ens_member_out *mo = &io->mo[k];
  memcpy(mo, out, sizeof *mo);
  if (!mo->ran) return;
  const char *q = (const char *)out + ENS_HDR(ens_member_out);
  gfd_traj *tr = &en->tr[k];
  gfd_traj_free(tr);
  tr->t = copy_col(q, mo->n);
  tr->loss = copy_col(q + len * sizeof(double), mo->n);
  tr->excess = copy_col(q + 2 * len * sizeof(double), mo->n);
  tr->obs = nobs ? copy_col(q + 3 * len * sizeof(double), mo->n * nobs) : NULL;
  if (!tr->t || !tr->loss || !tr->excess || (nobs && !tr->obs)) {
    gfd_traj_free(tr);
    io->oom = 1;
    mo->n = 0;
  }
  tr->n = tr->cap = mo->n;
  q += (3 + nobs) * len * sizeof(double);
  memcpy(en->theta + k * dim, q, dim * sizeof(double));
  gfd_flow_carry *c = &en->carry[k];
  double *yb = c->yb, *fb = c->fb, *rc = c->rc;
  *c = mo->carry;
  c->yb = yb, c->fb = fb, c->rc = rc;
  if (io->d->carries) memcpy(yb, q + dim * sizeof(double), 7 * dim * sizeof(double));
}

/* Member k's unit reported: its counts, time and blow-up. */
static void member_account(gfd_ensemble *en, size_t k, const ens_member_out *mo) {
  gfd_ens_member *mk = &en->mem[k];
  mk->nsteps += mo->nsteps;
  mk->nevals += mo->nevals;
  mk->nloss += mo->nloss;
  if (isfinite(mo->t_end)) mk->t = mo->t_end;
  if (mo->status == GFD_RUN_BLOWUP) {
    mk->status = GFD_RUN_BLOWUP;
    mk->t_star = mo->t_star;
    mk->t_lo = mo->t_lo;
    mk->t_hi = mo->t_hi;
  }
}

int gfd_ensemble_advance(gfd_ensemble *en, size_t intervals, const gfd_ctl *ctl, int *done, gfd_err *e) {
  if (done) *done = 0;
  if (!en->grid || en->at + 1 >= en->ngrid) {
    if (done) *done = 1;
    return GFD_OK;
  }
  if (en->n == 0 && !en->rows_stopped) {
    int irc = initial_row(en, ctl, e);
    if (irc) return irc;
  }
  size_t a = en->at, b = en->ngrid - 1;
  if (intervals && a + intervals < b) b = a + intervals;
  size_t len = b - a + 1;
  int rc = GFD_OK, halted = 0;
  size_t common = len;

  /* the members are independent work units (gfd/job.h), computed here or
   * by the runner in ctl, and taken below in member order as a serial loop
   * would: the rows are the same bytes either way */
  ens_chunk_desc d;
  memset(&d, 0, sizeof d);
  d.spec = *gfd_model_spec(en->m);
  d.opts = en->opts;
  d.rk4_step = en->rk4_step;
  d.K = en->K, d.dim = en->dim, d.nobs = en->nobs, d.len = len;
  d.a = (double)a, d.total = (double)(en->ngrid - 1);
  d.carries = en->carry_buf != NULL;
  size_t dlen = sizeof d + len * sizeof(double);
  char *desc = malloc(dlen);
  ens_member_out *mo = calloc(en->K, sizeof *mo);
  chunk_io io = {en, &d, mo, 0};
  gfd_job job;
  memset(&job, 0, sizeof job);
  job.kind = &gfd_job_ensemble_chunk;
  job.n = en->K, job.in_len = ens_chunk_in_len(&d), job.out_len = ens_chunk_out_len(&d);
  job.input = chunk_input, job.done = chunk_done, job.ud = &io, job.stream = 1;
  /* progress across the plan's chunks: this one starts at interval a */
  job.what = "flow", job.parts = en->ngrid - 1, job.part = a, job.chunk = len - 1;
  if (!desc || !mo) {
    free(desc), free(mo);
    return gfd_err_set(e, GFD_ENOMEM, "out of memory for the ensemble's work units");
  }
  memcpy(desc, &d, sizeof d);
  memcpy(desc + sizeof d, en->grid + a, len * sizeof(double));
  job.desc = desc, job.desc_len = dlen;
  if (!(job.ctx = ens_chunk_ctx_new(en->m, &d, en->grid + a, ctl, e)) || gfd_job_alloc(&job, e)) {
    ens_chunk_ctx_free(job.ctx);
    free(desc), free(mo);
    return e && e->code ? e->code : GFD_ENOMEM;
  }
  gfd_err jerr;
  gfd_err_clear(&jerr);
  int jrc = gfd_job_run(&job, ctl, &jerr);
  for (size_t k = 0; k < en->K; k++) {
    gfd_ens_member *mk = &en->mem[k];
    int ran = job.state[k] == GFD_UNIT_DONE && mo[k].ran;
    if (halted || mk->status != GFD_RUN_DONE) { /* no rows from this member in this chunk */
      if (ran && mk->status == GFD_RUN_DONE) member_account(en, k, &mo[k]); /* a parallel runner went on */
      gfd_traj_free(&en->tr[k]);
      common = 0;
      continue;
    }
    if (!ran) { /* never started: the job was stopped or its rank lost */
      mk->status = GFD_RUN_INTERRUPTED;
      rc = jrc ? jrc : GFD_EINTR;
      if (e) *e = jrc ? jerr : (gfd_err){GFD_EINTR, "interrupted"};
      gfd_traj_free(&en->tr[k]);
      common = 0;
      halted = 1;
      continue;
    }
    member_account(en, k, &mo[k]);
    if (en->tr[k].n < common) common = en->tr[k].n;
    if (job.rc[k] != GFD_OK) {
      rc = job.rc[k];
      if (e && job.err_unit == k) *e = job.err;
      if (mo[k].status == GFD_RUN_INTERRUPTED) mk->status = GFD_RUN_INTERRUPTED;
      halted = 1;
    }
  }
  ens_chunk_ctx_free(job.ctx);
  gfd_job_release(&job);
  free(desc);
  free(mo);
  if (io.oom) return gfd_err_set(e, GFD_ENOMEM, "out of memory for the rows of the ensemble");
  if (!en->rows_stopped) {
    /* the chunk's first row is the previous chunk's last, or the initial row */
    int arc = append_rows(en, 1, common);
    if (arc) return gfd_err_set(e, GFD_ENOMEM, "out of memory for the mean rows");
    if (common < len) en->rows_stopped = 1;
  }
  if (halted) {
    en->stopped = 1;
    return rc;
  }
  en->at = b;
  en->t = en->grid[b];
  if (b == en->ngrid - 1) {
    if (done) *done = 1;
    if (en->rows_stopped) en->stopped = 1;
  }
  return GFD_OK;
}

int gfd_ensemble_run(gfd_ensemble *en, double t1, size_t points, const gfd_ctl *ctl, gfd_err *e) {
  int rc = gfd_ensemble_plan(en, t1, points, e), done = 0;
  if (rc) return rc;
  while (!done)
    if ((rc = gfd_ensemble_advance(en, 0, ctl, &done, e))) return rc;
  return GFD_OK;
}

void gfd_ensemble_rows(const gfd_ensemble *en, gfd_ens_rows *out) {
  out->n = en->n;
  out->t = en->rt;
  out->loss = en->rl;
  out->loss_se = en->rlse;
  out->excess = en->rx;
  out->excess_se = en->rxse;
  out->nobs = en->nobs;
  out->obs_names = en->obs_names;
  out->obs = en->ro;
  out->obs_se = en->rose;
}

int gfd_ensemble_member_state(const gfd_ensemble *en, size_t k, double *loss, double *excess, double *norm,
                              double *distance, gfd_err *e) {
  gfd_work *w = gfd_work_new(en->m, NULL, e);
  if (!w) return e ? e->code : GFD_ENOMEM;
  const double *th = gfd_ensemble_theta(en, k), *th0 = gfd_ensemble_theta0(en, k);
  int rc = gfd_model_eval(en->m, th, w, loss, excess, NULL);
  gfd_work_free(w);
  if (rc) return gfd_err_set(e, rc, "the state of seed %lu is not finite", en->mem[k].seed);
  double n2 = 0, d2 = 0, z2 = 0;
  for (size_t i = 0; i < en->dim; i++) {
    n2 += th[i] * th[i];
    d2 += (th[i] - th0[i]) * (th[i] - th0[i]);
    z2 += th0[i] * th0[i];
  }
  if (norm) *norm = sqrt(n2);
  if (distance) *distance = z2 > 0 ? sqrt(d2 / z2) : sqrt(d2);
  return GFD_OK;
}
