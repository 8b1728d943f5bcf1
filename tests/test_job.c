/* test_job.c - work units (gfd/job.h): the serial runner's contract (outputs
 * in place, the stop at the first failing unit, the prefix a caller may
 * use, streaming through done(), an interrupt between units), the kinds a
 * worker finds by name, and - with a runner that computes the units in
 * reverse order, as a parallel runner may deliver them - the same bytes as
 * the serial loop from an ensemble (dopri5 and rk8pd, with a blow-up and
 * chunked plans), flow runs (sweep), regime cells (map), phase runs and
 * figure curves (a panel's curves x seeds, with blow-ups).  The reverse
 * runner is what makes the byte-for-byte claim of the MPI runner testable
 * here: the outputs may arrive in any order, the reduction is in unit order. */
#include <config.h>
#include <math.h>
#include "gfd/jobs.h"
#include "gfd/phase.h"
#include "gfd/diagram.h"
#include "gfd/figure.h"
#include "testutil.h"

/* ---- a toy kind: unit i -> i*i; unit `fail_at` fails; unit `stop_at` raises the interrupt */
typedef struct toy_desc {
  size_t fail_at, stop_at;
  volatile sig_atomic_t *flag;
} toy_desc;

static int toy_unit(void *ctx, size_t i, const void *in, void *out, const gfd_ctl *ctl, gfd_err *e) {
  (void)in, (void)ctl;
  const toy_desc *d = ctx;
  long v = (long)(i * i);
  memcpy(out, &v, sizeof v);
  if (i == d->stop_at) *d->flag = 1;
  if (i == d->fail_at) return gfd_err_set(e, GFD_ENUMERIC, "unit %zu failed", i);
  return GFD_OK;
}
static const gfd_job_kind toy = {"toy", gfd_job_open_copy, toy_unit, gfd_job_close_free};

static size_t order[64], norder;
static void toy_done(void *ud, size_t i, const void *out) {
  (void)ud;
  long v;
  memcpy(&v, out, sizeof v);
  CHECK(v == (long)(i * i), "streamed output of unit %zu is %ld", i, v);
  if (norder < 64) order[norder++] = i;
}

static void toy_tests(void) {
  volatile sig_atomic_t flag = 0;
  toy_desc d = {99, 99, &flag};
  gfd_job job;
  memset(&job, 0, sizeof job);
  job.kind = &toy, job.desc = &d, job.desc_len = sizeof d, job.n = 10, job.out_len = sizeof(long);
  gfd_err e;
  gfd_err_clear(&e);
  TU_OK(gfd_job_alloc(&job, &e));
  TU_OK(gfd_job_run(&job, NULL, &e));
  int ok = gfd_job_prefix(&job) == 10;
  for (size_t i = 0; i < 10; i++) {
    long v;
    memcpy(&v, job.out + i * sizeof v, sizeof v);
    ok &= v == (long)(i * i) && job.state[i] == GFD_UNIT_DONE && job.rank[i] == 0;
  }
  tu_true("serial runner: every unit's output in place, prefix 10", ok);
  gfd_job_release(&job);

  /* a failing unit stops the job; the units before it are the prefix */
  d.fail_at = 4;
  TU_OK(gfd_job_alloc(&job, &e));
  int rc = gfd_job_run(&job, NULL, &e);
  tu_check(rc == GFD_OK && gfd_job_prefix(&job) == 4 && job.err_unit == 4 && job.rc[4] == GFD_ENUMERIC &&
               job.state[5] == GFD_UNIT_PENDING && strstr(job.err.msg, "unit 4 failed"),
           "a failing unit stops the job: prefix %zu, err_unit %zu (%s), unit 5 not started", gfd_job_prefix(&job),
           job.err_unit, job.err.msg);
  gfd_job_release(&job);

  /* streaming: outputs pass through done() in order (serially) */
  d.fail_at = 99;
  job.stream = 1, job.done = toy_done;
  norder = 0;
  TU_OK(gfd_job_alloc(&job, &e));
  TU_OK(gfd_job_run(&job, NULL, &e));
  ok = norder == 10;
  for (size_t i = 0; i < norder; i++) ok &= order[i] == i;
  tu_true("stream: ten outputs through done(), in unit order", ok);
  gfd_job_release(&job);

  /* an interrupt between units: GFD_EINTR, the units done are kept */
  job.stream = 0, job.done = NULL;
  d.stop_at = 2;
  gfd_ctl ctl = {0};
  ctl.interrupt = &flag;
  TU_OK(gfd_job_alloc(&job, &e));
  rc = gfd_job_run(&job, &ctl, &e);
  tu_check(rc == GFD_EINTR && gfd_job_prefix(&job) == 3 && job.state[3] == GFD_UNIT_PENDING,
           "interrupt raised in unit 2: EINTR (%d), prefix %zu", rc, gfd_job_prefix(&job));
  gfd_job_release(&job);

  tu_true("workers find the library's kinds by name",
          gfd_job_kind_find("ensemble-chunk") == &gfd_job_ensemble_chunk &&
              gfd_job_kind_find("flow-runs") == &gfd_job_flow_runs &&
              gfd_job_kind_find("regime-cells") == &gfd_job_regime_cells &&
              gfd_job_kind_find("phase-units") == &gfd_job_phase_units &&
              gfd_job_kind_find("figure-curves") == &gfd_job_figure_curves && !gfd_job_kind_find("toy") &&
              !gfd_job_kind_find(NULL));
}

/* ---- a runner that computes the units last to first (inputs packed just
 * before each unit, outputs delivered as they come) */
static int g_reverse_jobs; /* jobs the reverse runner was given */
static int reverse_run(void *impl, gfd_job *job, const gfd_ctl *ctl, gfd_err *e) {
  (void)impl;
  g_reverse_jobs++;
  void *ctx = NULL;
  int rc = job->kind->open(job->desc, job->desc_len, &ctx, ctl, e); /* as a worker: from the description */
  if (rc) return rc;
  unsigned char *in = job->in_len ? malloc(job->in_len) : NULL;
  for (size_t k = job->n; k-- > 0;) {
    if (in) job->input(job->ud, k, in);
    gfd_job_unit_local(job, ctx, k, in, ctl, 1);
    if (job->done) job->done(job->ud, k, job->out + (job->stream ? 0 : k * job->out_len));
  }
  free(in);
  job->kind->close(ctx);
  return GFD_OK;
}
static const gfd_runner reverse = {reverse_run, NULL};

static int same_doubles(const double *a, const double *b, size_t n) { return n == 0 || !memcmp(a, b, n * sizeof *a); }

/* An ensemble advanced in chunks by `runner` (NULL: serial); rows and members */
typedef struct ens_out {
  size_t n;
  double t[200], l[200], lse[200], x[200], o[200 * 8];
  gfd_ens_member mem[8];
  double theta_sum;
} ens_out;

static void run_ensemble(const gfd_model *m, gfd_method method, double T, size_t K, const gfd_runner *runner,
                         ens_out *out) {
  gfd_flow_opts o;
  gfd_flow_opts_default(&o);
  o.method = method;
  o.observe = GFD_OBS_DISTANCE;
  gfd_ctl ctl = {0};
  ctl.runner = runner;
  gfd_err e;
  gfd_err_clear(&e);
  memset(out, 0, sizeof *out);
  gfd_ensemble *en = gfd_ensemble_new(m, 3, K, 0, &o, &ctl, &e);
  if (!en) {
    CHECK(en, "%s", e.msg);
    return;
  }
  int done = 0;
  TU_OK(gfd_ensemble_plan(en, T, 41, &e));
  while (!done)
    if (TU_OK(gfd_ensemble_advance(en, 7, &ctl, &done, &e))) break;
  gfd_ens_rows r;
  gfd_ensemble_rows(en, &r);
  out->n = r.n;
  memcpy(out->t, r.t, r.n * sizeof *r.t);
  memcpy(out->l, r.loss, r.n * sizeof *r.t);
  memcpy(out->lse, r.loss_se, r.n * sizeof *r.t);
  memcpy(out->x, r.excess, r.n * sizeof *r.t);
  memcpy(out->o, r.obs, r.n * r.nobs * sizeof *r.t);
  for (size_t k = 0; k < K; k++) {
    gfd_ensemble_member(en, k, &out->mem[k]);
    const double *th = gfd_ensemble_theta(en, k);
    for (size_t i = 0; i < gfd_model_dim(m); i++) out->theta_sum += th[i] * (double)(i + 1);
  }
  gfd_ensemble_free(en);
}

static void ensemble_tests(void) {
  gfd_spec s = tu_spec(GFD_SYM, 4, 12, 4, 0.15, GFD_TGT_IDENTITY); /* ascent: 4 of 5 seeds blow up by T=-3 */
  gfd_model *m = tu_model(&s);
  static ens_out a, b;
  const gfd_method methods[] = {GFD_METHOD_DOPRI5, GFD_METHOD_RK8PD};
  const double Ts[] = {0.5, -3};
  for (int mi = 0; mi < 2; mi++)
    for (int ti = 0; ti < 2; ti++) {
      run_ensemble(m, methods[mi], Ts[ti], 5, NULL, &a);
      run_ensemble(m, methods[mi], Ts[ti], 5, &reverse, &b);
      int ok = a.n == b.n && a.n > 1 && same_doubles(a.t, b.t, a.n) && same_doubles(a.l, b.l, a.n) &&
               same_doubles(a.lse, b.lse, a.n) && same_doubles(a.x, b.x, a.n) && same_doubles(a.o, b.o, a.n) &&
               !memcmp(&a.theta_sum, &b.theta_sum, sizeof a.theta_sum);
      size_t nblow = 0;
      for (int k = 0; k < 5; k++) {
        ok &= a.mem[k].status == b.mem[k].status && a.mem[k].nsteps == b.mem[k].nsteps &&
              a.mem[k].nevals == b.mem[k].nevals && same_doubles(&a.mem[k].t, &b.mem[k].t, 1) &&
              (a.mem[k].status != GFD_RUN_BLOWUP || same_doubles(&a.mem[k].t_star, &b.mem[k].t_star, 1));
        nblow += a.mem[k].status == GFD_RUN_BLOWUP;
      }
      tu_check(ok, "ensemble %s T=%g in chunks of 7: units in reverse order give the same bytes (%zu rows, %zu "
                   "blow-ups)",
               gfd_method_name(methods[mi]), Ts[ti], a.n, nblow);
      if (Ts[ti] < 0) tu_check(nblow > 0, "the ascent case has blow-ups (%zu of 5)", nblow);
    }
  gfd_model_free(m);
}

static void runs_and_cells_tests(void) {
  /* flow runs (sweep): three sizes, two seeds each */
  gfd_flow_opts o;
  gfd_flow_opts_default(&o);
  o.points = 21;
  struct {
    gfd_flow_runs_desc d;
    gfd_flow_run_item r[3];
  } desc;
  memset(&desc, 0, sizeof desc);
  desc.d.opts = o, desc.d.n = 3;
  for (int k = 0; k < 3; k++) {
    desc.r[k].spec = tu_spec(GFD_SYM, 2, (size_t)(8 + 4 * k), 4, 0.3, GFD_TGT_IDENTITY);
    desc.r[k].T = 0.5, desc.r[k].seeds = 2;
  }
  gfd_err e;
  gfd_err_clear(&e);
  gfd_job ja, jb;
  memset(&ja, 0, sizeof ja);
  ja.kind = &gfd_job_flow_runs, ja.desc = &desc, ja.desc_len = sizeof desc, ja.n = 3;
  ja.out_len = gfd_flow_runs_out_len(&o);
  jb = ja;
  gfd_ctl ctl = {0};
  ctl.runner = &reverse;
  TU_OK(gfd_job_alloc(&ja, &e));
  TU_OK(gfd_job_alloc(&jb, &e));
  TU_OK(gfd_job_run(&ja, NULL, &e));
  TU_OK(gfd_job_run(&jb, &ctl, &e));
  gfd_flow_run_out h;
  const double *t, *l, *lse, *x, *xse;
  gfd_flow_runs_read(ja.out + 2 * ja.out_len, &o, &h, &t, &l, &lse, &x, &xse);
  tu_check(!memcmp(ja.out, jb.out, 3 * ja.out_len) && h.n == 21 && h.seeds == 2,
           "flow runs (sweep): reverse order, same bytes (%zu rows of run 3)", h.n);
  /* nested (a sweep of fewer values than ranks): the runs here in order,
   * each run's ensemble giving its seeds to the runner, in reverse order */
  gfd_job jc = ja;
  TU_OK(gfd_job_alloc(&jc, &e));
  g_reverse_jobs = 0;
  TU_OK(gfd_job_run_nested(&jc, &ctl, &e));
  tu_check(!memcmp(ja.out, jc.out, 3 * ja.out_len) && g_reverse_jobs > 0,
           "flow runs nested: the seeds of each run on the runner (%d jobs there), same bytes", g_reverse_jobs);
  gfd_job_release(&jc);
  gfd_job_release(&ja);
  gfd_job_release(&jb);

  /* regime cells (map): a 4 x 5 grid */
  struct {
    gfd_regime_cells_desc d;
    gfd_rat v[9];
  } cd;
  memset(&cd, 0, sizeof cd);
  cd.d.kind = GFD_ASYM, cd.d.nu = 2, cd.d.target = GFD_TGT_IDENTITY, cd.d.N = 4, cd.d.na = 4, cd.d.nb = 5;
  gfd_scaling_default(&cd.d.base);
  for (int i = 0; i < 4; i++) cd.v[i] = gfd_rat_make(i, 1);
  for (int j = 0; j < 5; j++) cd.v[4 + j] = gfd_rat_make(-j, 2);
  memset(&ja, 0, sizeof ja);
  ja.kind = &gfd_job_regime_cells, ja.desc = &cd, ja.desc_len = sizeof cd, ja.n = 20;
  ja.out_len = sizeof(gfd_regime_cell);
  jb = ja;
  TU_OK(gfd_job_alloc(&ja, &e));
  TU_OK(gfd_job_alloc(&jb, &e));
  TU_OK(gfd_job_run(&ja, NULL, &e));
  TU_OK(gfd_job_run(&jb, &ctl, &e));
  int kinds = 0, seen[16] = {0};
  for (size_t u = 0; u < 20; u++) {
    gfd_regime_cell c;
    memcpy(&c, ja.out + u * sizeof c, sizeof c);
    if (c.regime >= 0 && c.regime < 16 && !seen[c.regime]) seen[c.regime] = 1, kinds++;
  }
  tu_check(!memcmp(ja.out, jb.out, 20 * ja.out_len) && kinds >= 2,
           "regime cells (map): reverse order, same bytes (%d regimes on the grid)", kinds);
  gfd_job_release(&ja);
  gfd_job_release(&jb);

  /* phase runs: 2 x 2 cells x 2 runs at p = 4, across the line; unit u is
   * run u % 2 of cell u / 2, the same bytes as the direct call */
  gfd_phase_grid g;
  gfd_phase_grid_default(&g);
  g.p = 4, g.theta_lo = 1.1, g.theta_hi = 20, g.ntheta = 2, g.rho_lo = 0.05, g.rho_hi = 2, g.nrho = 2, g.runs = 2;
  memset(&ja, 0, sizeof ja);
  ja.kind = &gfd_job_phase_units, ja.desc = &g, ja.desc_len = sizeof g, ja.n = gfd_phase_units(&g);
  ja.out_len = sizeof(gfd_phase_unit);
  jb = ja;
  TU_OK(gfd_job_alloc(&ja, &e));
  TU_OK(gfd_job_alloc(&jb, &e));
  TU_OK(gfd_job_run(&ja, NULL, &e));
  TU_OK(gfd_job_run(&jb, &ctl, &e));
  int direct = 1, div = 0, conv = 0;
  for (size_t u = 0; u < ja.n; u++) {
    gfd_phase_unit pu;
    TU_OK(gfd_phase_unit_run(&g, u / g.runs, u % g.runs, NULL, &pu, &e));
    direct &= !memcmp(&pu, ja.out + u * sizeof pu, sizeof pu);
    div += pu.diverged == 1, conv += pu.diverged == 0;
  }
  tu_check(!memcmp(ja.out, jb.out, ja.n * ja.out_len) && direct && div > 0 && conv > 0,
           "phase runs: reverse order, same bytes as each other and as the direct calls (%d diverged, %d not)", div,
           conv);
  gfd_job_release(&ja);
  gfd_job_release(&jb);
}

/* Two sets of simulated curves, the same bytes (the wall seconds aside). */
static int same_curves(const gfd_fig_sim *a, const gfd_fig_sim *b, int n) {
  int ok = 1;
  for (int k = 0; k < n; k++)
    ok &= a[k].n == b[k].n && a[k].seeds_done == b[k].seeds_done && a[k].grads == b[k].grads &&
          a[k].blowups == b[k].blowups && !memcmp(&a[k].x_star, &b[k].x_star, sizeof a[k].x_star) &&
          same_doubles(a[k].x, b[k].x, a[k].n) && same_doubles(a[k].y, b[k].y, a[k].n) &&
          same_doubles(a[k].lo, b[k].lo, a[k].n) && same_doubles(a[k].hi, b[k].hi, a[k].n) &&
          (a[k].n == 0 || !memcmp(a[k].count, b[k].count, a[k].n * sizeof *a[k].count));
  return ok;
}

static int g_curves_done;
static void count_curve(void *ud, int k, const gfd_fig_sim *S) {
  (void)ud;
  g_curves_done += S->seeds_done == 3 && k >= 0;
}

/* figure curves: a panel's curves x 3 seeds as units, in reverse order; the
 * ascent panel shrunk to p = 8 (H = 3 p^2 keeps theta) so that it stays cheap
 * and still blows up */
static void figure_tests(void) {
  static const char *const panels[][2] = {{"nu2-app", "noisy-under"}, {"sym4-ascent", "curves"}};
  gfd_ctl ctl = {0};
  ctl.runner = &reverse;
  for (int t = 0; t < 2; t++) {
    gfd_fig_panel P;
    gfd_err e = {0};
    TU_OK(gfd_figure_panel(panels[t][0], panels[t][1], GFD_FIG_SIZE_SMALL, &P, &e));
    for (int k = 0; t == 1 && k < P.ncurves; k++) { /* p = 8 at the same theta, rho (and T = sigma^2) */
      double rho = P.c[k].spec.sigma * P.c[k].spec.sigma * 4096.0;
      P.c[k].spec.p = 8, P.c[k].spec.H = 192, P.c[k].spec.sigma = sqrt(rho / 512.0);
      P.c[k].T = P.c[k].spec.sigma * P.c[k].spec.sigma;
      P.x0 = -4e-4; /* high noise blows up at x ~ -2.8e-4 at this p, low noise not yet */
    }
    gfd_fig_sim a[GFD_FIG_MAX_CURVES], b[GFD_FIG_MAX_CURVES], c;
    g_curves_done = 0;
    TU_OK(gfd_figure_simulate_panel(&P, 2, 3, 101, NULL, a, NULL, NULL, &e));
    TU_OK(gfd_figure_simulate_panel(&P, 2, 3, 101, &ctl, b, count_curve, NULL, &e));
    TU_OK(gfd_figure_simulate(&P, P.ncurves - 1, 2, 3, 101, NULL, &c, &e)); /* one curve alone */
    size_t blow = 0;
    for (int k = 0; k < P.ncurves; k++) blow += a[k].blowups;
    tu_check(same_curves(a, b, P.ncurves) && same_curves(&a[P.ncurves - 1], &c, 1) && a[0].n > 50 &&
                 g_curves_done == P.ncurves && (t == 0 || blow > 0),
             "figure %s %s: %d curves x 3 seeds in reverse order, the same bytes as serially and as one curve "
             "alone (%zu rows, %zu blow-ups, %d curves drawn as they came)",
             panels[t][0], panels[t][1], P.ncurves, a[0].n, blow, g_curves_done);
    for (int k = 0; k < P.ncurves; k++) gfd_fig_sim_free(&a[k]), gfd_fig_sim_free(&b[k]);
    gfd_fig_sim_free(&c);
  }
}

int main(void) {
  gfd_library_init();
  toy_tests();
  ensemble_tests();
  runs_and_cells_tests();
  figure_tests();
  return tu_done();
}
