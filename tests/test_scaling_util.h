/* test_scaling_util.h - helpers for the scaling area's C tests: checks that
 * print what was compared, rationals, and small hand-built polynomials. */
#ifndef TEST_SCALING_UTIL_H
#define TEST_SCALING_UTIL_H
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gfd/gfd.h"

static int ts_failures = 0;

static inline void ts_true(const char *what, int cond) {
  if (!cond) ts_failures++;
  printf("%s %s\n", cond ? "ok  " : "FAIL", what);
}

static inline void ts_num(const char *what, double got, double want, double tol) {
  double err = fabs(got - want);
  int ok = err <= tol && isfinite(got);
  if (!ok) ts_failures++;
  printf("%s %s: got %.17g want %.17g err %.3g tol %.3g\n", ok ? "ok  " : "FAIL", what, got,
         want, err, tol);
}

static inline gfd_rat ts_q(long n, long d) { return gfd_rat_make(n, d); }

/* exact rational equality, printed */
static inline void ts_rat(const char *what, gfd_rat got, gfd_rat want) {
  char g[64], w[64];
  int ok = gfd_scaling_rat_cmp(got, want) == 0;
  if (!ok) ts_failures++;
  printf("%s %s: got %s want %s\n", ok ? "ok  " : "FAIL", what, gfd_rat_format(got, g, sizeof g),
         gfd_rat_format(want, w, sizeof w));
}

static inline void ts_regime(const char *what, gfd_regime got, gfd_regime want, const char *reason) {
  int ok = got == want;
  if (!ok) ts_failures++;
  printf("%s %s: got %s want %s (%s)\n", ok ? "ok  " : "FAIL", what, gfd_regime_name(got),
         gfd_regime_name(want), reason);
}

static inline gfd_scaling ts_scaling(gfd_rat a, gfd_rat b) {
  gfd_scaling sc;
  gfd_scaling_default(&sc);
  sc.a = a;
  sc.b = b;
  return sc;
}

/* add c * p^np H^nH s^ne kappa^ny; aborts the test on failure */
static inline void ts_add(gfd_poly *P, int np, int nH, int ne, int ny, long cn, long cd) {
  gfd_err e;
  if (gfd_poly_add(P, np, nH, ne, ny, gfd_rat_make(cn, cd), &e) != GFD_OK) {
    printf("FAIL gfd_poly_add: %s\n", e.msg);
    exit(1);
  }
}

static inline int ts_done(void) {
  printf("%d failure(s)\n", ts_failures);
  return ts_failures ? 1 : 0;
}
#endif
