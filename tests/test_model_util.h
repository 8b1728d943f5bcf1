/* test_model_util.h - small helpers for the core area's C tests. */
#ifndef TEST_MODEL_UTIL_H
#define TEST_MODEL_UTIL_H
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "gfd/gfd.h"

static int tm_failures = 0;

/* Record a comparison: prints it and counts a failure if |got - want| > tol. */
static inline void tm_check(const char *what, double got, double want, double tol) {
  double err = fabs(got - want);
  int ok = err <= tol && isfinite(got);
  if (!ok) tm_failures++;
  printf("%s %s: got %.17g want %.17g err %.3g tol %.3g\n", ok ? "ok  " : "FAIL", what, got, want, err, tol);
}

static inline void tm_true(const char *what, int cond) {
  if (!cond) tm_failures++;
  printf("%s %s\n", cond ? "ok  " : "FAIL", what);
}

static inline gfd_spec tm_spec(gfd_kind kind, int nu, size_t p, size_t H, double sigma, gfd_target tgt) {
  gfd_spec s;
  gfd_spec_default(&s);
  s.kind = kind;
  s.nu = nu;
  s.p = p;
  s.H = H;
  s.sigma = sigma;
  s.target = tgt;
  s.kappa = 0.8; /* not 1, so a missing kappa factor shows */
  s.r = 2;
  s.teacher_seed = 11;
  s.seed = 5;
  return s;
}

static inline int tm_done(void) {
  printf("%d failure(s)\n", tm_failures);
  return tm_failures ? 1 : 0;
}
#endif
