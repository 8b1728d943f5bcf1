/* bench_flow.c - what a flow run costs in gradients: the report grid (dense
 * output should make 200 points cost what 2 cost), `flow step 0.01` against
 * the same step with points=2, and method=rk4 (4 gradients a step).
 *
 * Runs go through the ensemble in chunks of max(10, (points - 1) / 20)
 * intervals, as the shell's `flow run` drives them, so the figures are the
 * shell's.  The goals: default grid <= 1.3x points=2, flow step
 * <= 1.5x points=2, rk4 20 steps = 80 gradients.  The gfd/NumPy ratio of
 * the issue: `bench_flow rk4-ref FILE` writes the initial parameters of SYM
 * nu=4 p=1000 H=300 to FILE (raw doubles), runs rk4 20 steps to T=0.002 and
 * prints its CPU time; bench/numpy_rk4.py runs the same algorithm in NumPy
 * from FILE and prints the ratio (make bench, when python3 has numpy). */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gfd/gfd.h"
#include "bench_rusage.h"

typedef struct cost {
  size_t steps, grads, losses;
  double secs;
} cost;

static gfd_model *model(int nu, size_t p, size_t H) {
  gfd_spec s;
  gfd_spec_default(&s);
  s.kind = GFD_SYM;
  s.nu = nu;
  s.p = p;
  s.H = H;
  gfd_err e;
  gfd_model *m = gfd_model_new(&s, NULL, &e);
  if (!m) {
    fprintf(stderr, "bench: %s\n", e.msg);
    exit(1);
  }
  return m;
}

/* one seed from t=0 to T on `points` points, chunked like the shell */
static cost run(const gfd_model *m, double T, size_t points, gfd_method meth, size_t steps) {
  gfd_flow_opts o;
  gfd_flow_opts_default(&o);
  o.method = meth;
  if (steps) o.steps = steps;
  gfd_err e;
  cost c = {0, 0, 0, 0};
  double t0 = gfd_now();
  gfd_ensemble *en = gfd_ensemble_new(m, gfd_model_spec(m)->seed, 1, 0.0, &o, NULL, &e);
  int rc = en ? gfd_ensemble_plan(en, T, points, &e) : -1, done = 0;
  size_t chunk = (points - 1 + 19) / 20;
  if (chunk < 10) chunk = 10;
  while (!rc && !done) rc = gfd_ensemble_advance(en, chunk, NULL, &done, &e);
  c.secs = gfd_now() - t0;
  if (rc) {
    fprintf(stderr, "bench: %s\n", e.msg);
    exit(1);
  }
  gfd_ens_member mb;
  gfd_ensemble_member(en, 0, &mb);
  c.steps = mb.nsteps;
  c.grads = mb.nevals;
  c.losses = mb.nloss;
  gfd_ensemble_free(en);
  return c;
}

static void show(const char *what, cost c) {
  printf("  %-34s %6zu steps %7zu gradients %5zu loss-only %9.3f s\n", what, c.steps, c.grads, c.losses, c.secs);
}

static void pair(const char *title, const gfd_model *m, double T, size_t points, gfd_method meth) {
  char a[64], b[64];
  snprintf(a, sizeof a, "%s points=%zu", gfd_method_name(meth), points);
  snprintf(b, sizeof b, "%s points=2", gfd_method_name(meth));
  printf("%s\n", title);
  cost x = run(m, T, points, meth, 0), y = run(m, T, 2, meth, 0);
  show(a, x);
  show(b, y);
  /* a loss-only evaluation is the Gram pass of a gradient without its
   * product: about a third of a gradient */
  printf("  ratio: gradients %.2fx, gradients + loss-only/3 %.2fx, time %.2fx\n", (double)x.grads / (double)y.grads,
         ((double)x.grads + x.losses / 3.0) / ((double)y.grads + y.losses / 3.0), x.secs / y.secs);
}

/* rk4 20 steps to T=0.002 on SYM nu=4 p=1000 H=300 from seed 1, the initial
 * parameters written to `file` for the NumPy reference; prints
 * "gfd_cpu_seconds S gradients G final_loss L" */
static int rk4_reference(const char *file) {
  gfd_model *m = model(4, 1000, 300);
  size_t d = gfd_model_dim(m);
  double *th = malloc(d * sizeof *th);
  gfd_err e;
  if (!th || gfd_model_init_params(m, gfd_model_spec(m)->seed, th, &e)) return 1;
  FILE *f = fopen(file, "wb");
  if (!f || fwrite(th, sizeof *th, d, f) != d || fclose(f)) {
    fprintf(stderr, "bench: cannot write %s\n", file);
    return 1;
  }
  gfd_flow_opts o;
  gfd_flow_opts_default(&o);
  o.method = GFD_METHOD_RK4;
  o.steps = 20;
  o.points = 2;
  gfd_traj tr;
  gfd_traj_init(&tr);
  double c0 = cpu_seconds();
  int rc = gfd_flow_run(m, th, NULL, 0.0, 0.002, &o, NULL, &tr, &e);
  double c1 = cpu_seconds();
  if (rc || tr.n < 1) {
    fprintf(stderr, "bench: %s\n", e.msg);
    return 1;
  }
  printf("gfd_cpu_seconds %.6f gradients %zu final_loss %.17g\n", c1 - c0, tr.nevals, tr.loss[tr.n - 1]);
  gfd_traj_free(&tr);
  free(th);
  gfd_model_free(m);
  return 0;
}

int main(int argc, char **argv) {
  gfd_library_init();
  if (argc == 3 && !strcmp(argv[1], "rk4-ref")) return rk4_reference(argv[2]);
  gfd_model *big = model(4, 1000, 300), *def = model(2, 100, 50);
  pair("flow run T=0.2 on SYM nu=4 p=1000 H=300 (goal <= 1.3x):", big, 0.2, 200, GFD_METHOD_DOPRI5);
  pair("the same with rk8pd (stopped at every report point):", big, 0.2, 200, GFD_METHOD_RK8PD);
  pair("flow step 0.01 on SYM nu=2 p=100 H=50 (goal <= 1.5x):", def, 0.01, 200, GFD_METHOD_DOPRI5);
  pair("flow run T=1 on SYM nu=2 p=100 H=50:", def, 1.0, 200, GFD_METHOD_DOPRI5);
  printf("method=rk4 steps=20, flow run T=1 on SYM nu=2 p=100 H=50 (goal 80 gradients):\n");
  show("rk4 steps=20", run(def, 1.0, 200, GFD_METHOD_RK4, 20));
  printf("gfd/NumPy: bench/numpy_rk4.py (run by make bench when python3 has numpy)\n");
  gfd_model_free(big);
  gfd_model_free(def);
  return 0;
}
