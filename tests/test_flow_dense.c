/* test_flow_dense.c - dopri5's report points come from its dense output:
 * the loss there equals a run stopped exactly at the point, the grid does not
 * change the gradients spent, chunked plans equal one run bit for bit; and
 * rk4 is the classical 4-stage method: exactly 4 gradients a step. */
#include <config.h>
#include <string.h>
#include "test_model_util.h"

static gfd_model *model(size_t p, size_t H, double sigma) {
  gfd_spec s = tm_spec(GFD_SYM, 2, p, H, sigma, GFD_TGT_IDENTITY);
  s.kappa = 1;
  gfd_err e = {0};
  gfd_model *m = gfd_model_new(&s, NULL, &e);
  if (!m) {
    printf("model: %s\n", e.msg);
    exit(1);
  }
  return m;
}

/* a run of seed from 0 to T on `points` points into tr (freshly initialised) */
static int run(const gfd_model *m, unsigned long seed, double T, gfd_method meth, size_t points, size_t steps,
               gfd_traj *tr) {
  size_t d = gfd_model_dim(m);
  double *th = malloc(d * sizeof *th);
  gfd_err e = {0};
  TU_OK(gfd_model_init_params(m, seed, th, &e));
  gfd_flow_opts o;
  gfd_flow_opts_default(&o);
  o.method = meth;
  o.points = points;
  if (steps) o.steps = steps;
  gfd_traj_init(tr);
  int rc = gfd_flow_run(m, th, NULL, 0, T, &o, NULL, tr, &e);
  if (rc) printf("     run failed: %s\n", e.msg);
  free(th);
  return rc;
}

/* max relative difference of the loss at every `every`-th report point of a
 * run on `points` points and a points=2 run stopped exactly there */
static double dense_vs_stopped(const gfd_model *m, unsigned long seed, double T, size_t points, size_t every) {
  gfd_traj all;
  if (run(m, seed, T, GFD_METHOD_DOPRI5, points, 0, &all) || all.n != points) return INFINITY;
  double err = 0;
  for (size_t i = every; i < all.n; i += every) {
    gfd_traj one;
    if (run(m, seed, all.t[i], GFD_METHOD_DOPRI5, 2, 0, &one) || one.n != 2 || one.t[1] != all.t[i]) {
      err = INFINITY;
      break;
    }
    err = fmax(err, fabs(one.loss[1] - all.loss[i]) / fabs(one.loss[1]));
    /* the excess crosses 0 in some runs: its error is measured on L's scale */
    err = fmax(err, fabs(one.excess[1] - all.excess[i]) / fabs(one.loss[1]));
    gfd_traj_free(&one);
  }
  gfd_traj_free(&all);
  return err;
}

int main(void) {
  gfd_library_init();
  gfd_flow_opts def;
  gfd_flow_opts_default(&def);
  tu_true("the default method is dopri5", def.method == GFD_METHOD_DOPRI5);

  /* 1. report points by dense output vs runs stopped there.  Both runs are
   * within a few rtol of the solution but take different steps, so they
   * differ by their global errors (the interpolated state adds ~rtol).
   * Measured (rtol 1e-10): 1.3e-10 on p=100 H=300 (H > p; steps limited by
   * stability, the case where a cubic Hermite interpolant of L was 1.4e-7
   * off), 1.1e-11 descending and 2.6e-11 ascending on p=30 H=12.  Bar 1e-9
   * = 10 rtol, 7x above the worst measured. */
  gfd_model *big = model(100, 300, sqrt(1.0 / 300)), *small = model(30, 12, 0.2);
  double e1 = dense_vs_stopped(big, 3, 1.0, 41, 1), e2 = dense_vs_stopped(small, 10, 1.0, 41, 1),
         e3 = dense_vs_stopped(small, 10, -0.05, 41, 1);
  printf("     dense vs stopped: %.3g (p=100 H=300), %.3g (p=30 H=12), %.3g (ascent)\n", e1, e2, e3);
  tu_below("p=100 H=300 T=1: loss/excess at report points vs stopped runs (max rel)", e1, 1e-9);
  tu_below("p=30 H=12 T=1: the same", e2, 1e-9);
  tu_below("p=30 H=12 ascent T=-0.05: the same", e3, 1e-9);
  /* many points a step: rows from the loss polynomial of the step (3
   * evaluations a step).  Measured: 9.7e-11 on the stiff case, 7 points a
   * step; 1.0e-11 on a short step of 200 points (40 a step, as `flow step
   * 0.01`).  Same bar. */
  double e4 = dense_vs_stopped(big, 3, 1.0, 801, 80), e5 = dense_vs_stopped(small, 10, 0.01, 200, 20);
  printf("     polynomial rows vs stopped: %.3g (p=100 H=300, 801 points), %.3g (T=0.01, 200 points)\n", e4, e5);
  tu_below("p=100 H=300 T=1 on 801 points (rows by the step's loss polynomial) vs stopped runs", e4, 1e-9);
  tu_below("p=30 H=12 T=0.01 on 200 points vs stopped runs", e5, 1e-9);

  /* 2. the report grid costs no gradients: every step is free */
  gfd_traj a, b;
  run(big, 3, 1.0, GFD_METHOD_DOPRI5, 200, 0, &a);
  run(big, 3, 1.0, GFD_METHOD_DOPRI5, 2, 0, &b);
  printf("     dopri5 T=1: %zu steps, %zu gradients (+%zu loss-only) on 200 points; %zu, %zu (+%zu) on 2\n",
         a.nsteps, a.nevals, a.nloss, b.nsteps, b.nevals, b.nloss);
  tu_true("200 report points: the same steps and gradients as points=2", a.nsteps == b.nsteps && a.nevals == b.nevals);
  tu_true("  and one loss-only evaluation per inner report point", a.nloss == 198 && b.nloss == 0);
  tu_true("  6 gradients an accepted or rejected step (first same as last), 1 at the start",
          (a.nevals - 1) % 6 == 0 && a.nevals >= 6 * a.nsteps + 1);
  tu_abs("  the end points agree", a.loss[a.n - 1], b.loss[b.n - 1], 0);
  gfd_traj_free(&b);

  /* 3. a plan cut into chunks (as the shell's live view does) continues each
   * step across the cuts: the same rows and gradients as one run */
  gfd_err e = {0};
  gfd_ensemble *en = gfd_ensemble_new(big, 3, 1, 0.0, &def, NULL, &e);
  int rc = gfd_ensemble_plan(en, 1.0, 200, &e), done = 0;
  while (!rc && !done) rc = gfd_ensemble_advance(en, 10, NULL, &done, &e);
  gfd_ens_rows r;
  gfd_ensemble_rows(en, &r);
  gfd_ens_member mb;
  gfd_ensemble_member(en, 0, &mb);
  int same = rc == GFD_OK && r.n == a.n;
  for (size_t i = 0; same && i < r.n; i++) same = r.t[i] == a.t[i] && r.loss[i] == a.loss[i] && r.excess[i] == a.excess[i];
  tu_true("chunks of 10 intervals: rows identical to one run", same);
  tu_true("  and the same gradients and loss-only evaluations", mb.nevals == a.nevals && mb.nloss == a.nloss);
  /* a further step starts from the carried state: no gradient at its start */
  size_t before = mb.nevals;
  rc = gfd_ensemble_run(en, 1.01, 2, NULL, &e);
  gfd_ensemble_member(en, 0, &mb);
  tu_true("flow step after a run: 6 gradients a step, none at the start", rc == GFD_OK && (mb.nevals - before) % 6 == 0);
  gfd_ensemble_free(en);
  gfd_traj_free(&a);

  /* a short step on a fine grid, chunked like the shell's `flow step 0.01`:
   * the gradients of points=2 and at most 3 loss-only evaluations a step */
  en = gfd_ensemble_new(small, 10, 1, 0.0, &def, NULL, &e);
  rc = gfd_ensemble_plan(en, 0.01, 200, &e);
  done = 0;
  while (!rc && !done) rc = gfd_ensemble_advance(en, 10, NULL, &done, &e);
  gfd_ensemble_member(en, 0, &mb);
  gfd_ensemble_free(en);
  run(small, 10, 0.01, GFD_METHOD_DOPRI5, 2, 0, &b);
  printf("     T=0.01 on 200 points in chunks of 10: %zu steps, %zu gradients, %zu loss-only; points=2: %zu gradients\n",
         mb.nsteps, mb.nevals, mb.nloss, b.nevals);
  tu_true("short fine-grid step: gradients of points=2, <= 3 loss-only evaluations a step",
          rc == GFD_OK && mb.nevals == b.nevals && mb.nloss <= 3 * mb.nsteps);
  gfd_traj_free(&b);

  /* 4. rk4: 20 steps = 80 gradients (k1 of each step is the previous step's
   * evaluation at its end) and the final row's loss alone */
  run(small, 10, 1.0, GFD_METHOD_RK4, 200, 20, &a);
  printf("     rk4 steps=20: %zu steps, %zu gradients, %zu loss-only, %zu rows\n", a.nsteps, a.nevals, a.nloss, a.n);
  tu_true("rk4 steps=20: 20 steps, 80 gradients, 1 loss-only evaluation, 21 rows",
          a.nsteps == 20 && a.nevals == 80 && a.nloss == 1 && a.n == 21);
  gfd_traj_free(&a);
  run(small, 10, 1.0, GFD_METHOD_RK4, 3, 20, &a);
  tu_true("rk4 steps=20 points=3: still 80 gradients", a.nsteps == 20 && a.nevals == 80 && a.nloss == 1);
  gfd_traj_free(&a);

  gfd_model_free(big);
  gfd_model_free(small);
  return tu_done();
}
