/* test_taylor_util.h - small helpers shared by the taylor tests. */
#ifndef TEST_TAYLOR_UTIL_H
#define TEST_TAYLOR_UTIL_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gfd/gfd.h"
#include "testutil.h"

static int tt_failures = 0;

/* Report one comparison; count a failure when |got - want| > tol * scale. */
static inline void tt_check(const char *what, double got, double want, double scale, double tol) {
  double err = fabs(got - want) / (scale > 0 ? scale : 1);
  int ok = err <= tol && isfinite(got);
  if (!ok) tt_failures++;
  printf("%s %-52s got % .16e want % .16e relerr %.2e (tol %.0e)\n", ok ? "ok  " : "FAIL", what, got, want,
         err, tol);
}

static inline gfd_spec tt_spec(gfd_kind kind, int nu, size_t p, size_t H, double sigma, gfd_target tg) {
  gfd_spec s = tu_spec(kind, nu, p, H, sigma, tg);
  s.kappa = 0.7;
  s.r = 2;
  s.teacher_seed = 5;
  s.seed = 3;
  return s;
}

static inline gfd_model *tt_model(const gfd_spec *s) {
  gfd_err e;
  gfd_model *m = gfd_model_new(s, NULL, &e);
  if (!m) {
    fprintf(stderr, "gfd_model_new: %s\n", e.msg);
    exit(2);
  }
  return m;
}

static inline double *tt_params(const gfd_model *m, unsigned long seed) {
  gfd_err e;
  double *th = malloc(gfd_model_dim(m) * sizeof(double));
  if (!th || gfd_model_init_params(m, seed, th, &e)) {
    fprintf(stderr, "init_params failed\n");
    exit(2);
  }
  return th;
}

static inline const char *tt_name(const gfd_spec *s, char *buf, size_t n) {
  snprintf(buf, n, "%s nu=%d %s", gfd_kind_name(s->kind), s->nu, gfd_target_name(s->target));
  return buf;
}

#endif
