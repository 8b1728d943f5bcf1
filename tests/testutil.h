/* testutil.h - what the C tests share: checks that print what was compared
 * and count the failures, relative errors, a small deterministic random
 * generator, and models built for tests.  Everything is static inline, so a
 * test uses what it needs; area helpers (test_model_util.h, ...) build on it.
 *
 * A test ends with `return tu_done();` (prints the count, 1 if any failed). */
#ifndef GFD_TESTUTIL_H
#define GFD_TESTUTIL_H

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gfd/gfd.h"

static int tu_failures __attribute__((unused)) = 0;

/* ------------------------------------------------------------------ checks */
/* "ok   message" or "FAIL message"; counts a failure when !ok. */
static inline void tu_check(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void tu_check(int ok, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  printf("%s ", ok ? "ok  " : "FAIL");
  vprintf(fmt, ap);
  printf("\n");
  va_end(ap);
  if (!ok) tu_failures++;
}

/* Silent when cond holds; else "FAIL file:line: cond: message". */
#define CHECK(cond, ...)                                                                           \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      tu_failures++;                                                                               \
      printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                                       \
      printf(__VA_ARGS__);                                                                         \
      printf("\n");                                                                                \
    }                                                                                              \
  } while (0)

/* A call that must succeed: a status other than GFD_OK is a failure naming
 * the call, so that no test goes on with the output of a failed call.
 * Returns the status. */
#define TU_OK(call) tu_ok_at(__FILE__, __LINE__, #call, (call))
static inline int tu_ok_at(const char *file, int line, const char *what, int rc) {
  if (rc != GFD_OK) {
    tu_failures++;
    printf("FAIL %s:%d: %s returned %d\n", file, line, what, rc);
  }
  return rc;
}

static inline void tu_true(const char *what, int cond) { tu_check(cond, "%s", what); }

/* |got - want| / |want| (the absolute error when want is 0). */
static inline double tu_relerr(double got, double want) {
  double d = fabs(got - want);
  return want != 0 ? d / fabs(want) : d;
}

/* |got - want| <= tol, got finite */
static inline void tu_abs(const char *what, double got, double want, double tol) {
  double err = fabs(got - want);
  tu_check(err <= tol && isfinite(got), "%s: got %.17g want %.17g err %.3g tol %.3g", what, got, want, err, tol);
}

/* |got - want| <= tol |want|, got finite */
static inline void tu_rel(const char *what, double got, double want, double tol) {
  double err = tu_relerr(got, want);
  tu_check(err <= tol && isfinite(got), "%s: got %.17g want %.17g rel err %.3g tol %.3g", what, got, want, err, tol);
}

/* a measured error below its bound */
static inline void tu_below(const char *what, double err, double tol) {
  tu_check(err <= tol && isfinite(err), "%s: %.4g <= %.4g", what, err, tol);
}

static inline int tu_done(void) {
  printf("%s: %d failure(s)\n", tu_failures ? "FAILED" : "passed", tu_failures);
  return tu_failures ? 1 : 0;
}

/* ---------------------------------------------------------------- random */
/* A 64-bit linear congruential generator (Knuth's MMIX constants): the same
 * sequence on every machine, for test data that only needs to be varied. */
static inline uint64_t tu_rand_next(uint64_t *state) {
  *state = *state * 6364136223846793005u + 1442695040888963407u;
  return *state;
}
/* uniform in 0..n-1 (the high bits: the low ones of an LCG are weak) */
static inline int tu_rand_int(uint64_t *state, int n) { return (int)((tu_rand_next(state) >> 33) % (uint64_t)n); }
/* uniform in [0, 1) */
static inline double tu_rand_uniform(uint64_t *state) { return (double)(tu_rand_next(state) >> 11) * 0x1p-53; }

/* ---------------------------------------------------------------- models */
/* The default spec with these fields; the rest (kappa, seeds, r) as
 * gfd_spec_default has them. */
static inline gfd_spec tu_spec(gfd_kind kind, int nu, size_t p, size_t H, double sigma, gfd_target tgt) {
  gfd_spec s;
  gfd_spec_default(&s);
  s.kind = kind;
  s.nu = nu;
  s.p = p;
  s.H = H;
  s.sigma = sigma;
  s.target = tgt;
  return s;
}

/* The model of s, or exit(2) (a setup failure, not a result). */
static inline gfd_model *tu_model(const gfd_spec *s) {
  gfd_err e;
  gfd_err_clear(&e);
  gfd_model *m = gfd_model_new(s, NULL, &e);
  if (!m) {
    printf("FAIL setup: gfd_model_new: %s\n", e.msg);
    exit(2);
  }
  return m;
}

/* The initial parameters of seed (malloc'd), or exit(2). */
static inline double *tu_params(const gfd_model *m, unsigned long seed) {
  gfd_err e;
  gfd_err_clear(&e);
  double *th = malloc(gfd_model_dim(m) * sizeof *th);
  if (!th || gfd_model_init_params(m, seed, th, &e)) {
    printf("FAIL setup: gfd_model_init_params: %s\n", e.msg);
    exit(2);
  }
  return th;
}

/* Every (kind, nu = 2..5, target) the models support (modadd: nu = 3). */
static inline void tu_for_all_models(void (*fn)(gfd_kind kind, int nu, gfd_target tgt)) {
  static const gfd_kind kinds[] = {GFD_SYM, GFD_ASYM};
  static const gfd_target tgts[] = {GFD_TGT_IDENTITY, GFD_TGT_ZERO, GFD_TGT_TEACHER, GFD_TGT_MODADD};
  for (int k = 0; k < 2; k++)
    for (int nu = 2; nu <= 5; nu++)
      for (int t = 0; t < 4; t++)
        if (tgts[t] != GFD_TGT_MODADD || nu == 3) fn(kinds[k], nu, tgts[t]);
}

#endif
