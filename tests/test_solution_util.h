/* test_solution_util.h - helpers for the solution area's C tests: checks that
 * print what was compared, model construction, and simulation through the
 * core area's integrator (gfd_flow_run). */
#ifndef TEST_SOLUTION_UTIL_H
#define TEST_SOLUTION_UTIL_H
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gfd/gfd.h"
#include "testutil.h"

static int ts_failures = 0;

/* |got - want| <= tol */
static inline void ts_abs(const char *what, double got, double want, double tol) {
  double err = fabs(got - want);
  int ok = err <= tol && isfinite(got);
  if (!ok) ts_failures++;
  printf("%s %s: got %.15g want %.15g abs err %.3g tol %.3g\n", ok ? "ok  " : "FAIL", what, got, want, err, tol);
}

/* |got - want| <= tol |want| */
static inline void ts_rel(const char *what, double got, double want, double tol) {
  double err = fabs(got - want) / fabs(want);
  int ok = err <= tol && isfinite(got);
  if (!ok) ts_failures++;
  printf("%s %s: got %.15g want %.15g rel err %.3g tol %.3g\n", ok ? "ok  " : "FAIL", what, got, want, err, tol);
}

/* a measured error below its bound */
static inline void ts_below(const char *what, double err, double tol) {
  int ok = err <= tol && isfinite(err);
  if (!ok) ts_failures++;
  printf("%s %s: %.4g <= %.4g\n", ok ? "ok  " : "FAIL", what, err, tol);
}

static inline void ts_true(const char *what, int cond) {
  if (!cond) ts_failures++;
  printf("%s %s\n", cond ? "ok  " : "FAIL", what);
}

static inline int ts_done(void) {
  printf("%s: %d failure%s\n", ts_failures ? "FAILED" : "passed", ts_failures, ts_failures == 1 ? "" : "s");
  return ts_failures ? 1 : 0;
}

static inline void ts_fatal(const char *what, const gfd_err *e) {
  printf("FAIL %s: %s\n", what, e ? e->msg : "");
  exit(1);
}

static inline gfd_model *ts_model(gfd_kind kind, int nu, size_t p, size_t H, double sigma, gfd_target tgt,
                                  double kappa) {
  gfd_spec s = tu_spec(kind, nu, p, H, sigma, tgt);
  s.kappa = kappa;
  s.seed = 1;
  gfd_err e = {0};
  gfd_model *m = gfd_model_new(&s, NULL, &e);
  if (!m) ts_fatal("gfd_model_new", &e);
  return m;
}

static inline double *ts_params(const gfd_model *m, unsigned long seed) {
  size_t d = gfd_model_dim(m);
  double *th = malloc(d * sizeof *th);
  gfd_err e = {0};
  if (!th || gfd_model_init_params(m, seed, th, &e)) ts_fatal("gfd_model_init_params", &e);
  return th;
}

/* Simulate one instance from theta0 to T on `points` grid points (the
 * default integrator: rk8pd, rtol 1e-10, atol 1e-12). */
static inline void ts_flow(const gfd_model *m, const double *theta0, double T, size_t points, gfd_traj *tr) {
  size_t d = gfd_model_dim(m);
  double *th = malloc(d * sizeof *th);
  memcpy(th, theta0, d * sizeof *th);
  gfd_flow_opts o;
  gfd_flow_opts_default(&o);
  o.points = points;
  gfd_traj_init(tr);
  gfd_err e = {0};
  if (gfd_flow_run(m, th, NULL, 0, T, &o, NULL, tr, &e)) ts_fatal("gfd_flow_run", &e);
  free(th);
}

#endif
