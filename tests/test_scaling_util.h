/* test_scaling_util.h - the scaling area's C tests: testutil.h plus exact
 * rationals, regimes and small hand-built polynomials. */
#ifndef TEST_SCALING_UTIL_H
#define TEST_SCALING_UTIL_H
#include "testutil.h"

static inline gfd_rat ts_q(long n, long d) { return gfd_rat_make(n, d); }

/* exact rational equality, printed */
static inline void ts_rat(const char *what, gfd_rat got, gfd_rat want) {
  char g[64], w[64];
  tu_check(gfd_scaling_rat_cmp(got, want) == 0, "%s: got %s want %s", what, gfd_rat_format(got, g, sizeof g),
           gfd_rat_format(want, w, sizeof w));
}

static inline void ts_regime(const char *what, gfd_regime got, gfd_regime want, const char *reason) {
  tu_check(got == want, "%s: got %s want %s (%s)", what, gfd_regime_name(got), gfd_regime_name(want), reason);
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
#endif
