/* test_model_util.h - the core area's C tests: testutil.h plus the spec
 * they share. */
#ifndef TEST_MODEL_UTIL_H
#define TEST_MODEL_UTIL_H
#include "testutil.h"

static inline gfd_spec tm_spec(gfd_kind kind, int nu, size_t p, size_t H, double sigma, gfd_target tgt) {
  gfd_spec s = tu_spec(kind, nu, p, H, sigma, tgt);
  s.kappa = 0.8; /* not 1, so a missing kappa factor shows */
  s.r = 2;
  s.teacher_seed = 11;
  s.seed = 5;
  return s;
}
#endif
