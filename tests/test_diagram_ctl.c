/* test_diagram_ctl.c - run control and errors of the diagram engine: the
 * memory budget, Ctrl-C and the deadline each stop a
 * computation with their own status and no wrong number, and the cache stays
 * usable (later results equal those of a fresh cache); bad arguments are
 * refused with a clear message; progress is reported. */
#include <config.h>
#include <signal.h>
#include "testutil.h"


static int progress_calls = 0, progress_bad = 0;
static void progress(void *ud, const char *what, double done, double total) {
  (void)ud;
  progress_calls++;
  if (!what || !*what || done < 0 || done > total) progress_bad++;
}

/* The polynomial of a fresh cache, for comparison. */
static int same_as_fresh(gfd_kind k, int nu, gfd_target t, int n, const gfd_poly *P) {
  gfd_err e;
  gfd_diagrams *d = gfd_diagrams_new(k, nu, t, &e);
  const gfd_poly *Q;
  int ok = d && gfd_diagrams_poly(d, GFD_FAMILY_FULL, n, NULL, &Q, &e) == GFD_OK && gfd_poly_equal(P, Q);
  gfd_diagrams_free(d);
  return ok;
}

int main(void) {
  gfd_err e;
  const gfd_poly *P;
  volatile sig_atomic_t flag = 0;
  gfd_ctl ctl;

  /* budget */
  gfd_diagrams *d = gfd_diagrams_new(GFD_SYM, 4, GFD_TGT_IDENTITY, &e);
  memset(&ctl, 0, sizeof ctl);
  ctl.budget = 64 << 10;
  int rc = gfd_diagrams_poly(d, GFD_FAMILY_FULL, 4, &ctl, &P, &e);
  tu_check(rc == GFD_EBUDGET && strstr(e.msg, "budget"), "64 KiB budget, SYM nu=4 n=4: GFD_EBUDGET (%s)", e.msg);
  tu_check(gfd_diagrams_bytes(d) <= ctl.budget, "the cache holds %zu bytes, within the budget",
        gfd_diagrams_bytes(d));
  rc = gfd_diagrams_poly(d, GFD_FAMILY_FULL, 4, NULL, &P, &e);
  tu_check(rc == GFD_OK && same_as_fresh(GFD_SYM, 4, GFD_TGT_IDENTITY, 4, P),
        "after the refusal the same cache computes n=4 and agrees with a fresh cache");
  gfd_diagrams_free(d);

  /* an order beyond the budget is refused before it allocates, with the
   * estimate extrapolated from the two orders below (SYM nu=4: n=4 adds
   * 7.4 MiB, n=5 134 MiB; estimated from n=3, 4: about 108 MiB) */
  d = gfd_diagrams_new(GFD_SYM, 4, GFD_TGT_IDENTITY, &e);
  rc = gfd_diagrams_poly(d, GFD_FAMILY_FULL, 4, NULL, &P, &e);
  size_t est = 0, held = gfd_diagrams_bytes(d);
  double secs = 0;
  int has = gfd_diagrams_estimate(d, GFD_FAMILY_FULL, 5, &est, &secs);
  tu_check(rc == GFD_OK && has && est > (size_t)50 << 20 && est < (size_t)400 << 20 && secs > 0,
           "estimate for SYM nu=4 n=5: %zu MiB, %.2f s", est >> 20, secs);
  memset(&ctl, 0, sizeof ctl);
  ctl.budget = (size_t)32 << 20;
  double t0 = gfd_now();
  rc = gfd_diagrams_poly(d, GFD_FAMILY_FULL, 5, &ctl, &P, &e);
  tu_check(rc == GFD_EBUDGET && strstr(e.msg, "would need about") && strstr(e.msg, "budget") &&
               gfd_diagrams_bytes(d) == held && gfd_now() - t0 < 0.5,
           "32 MiB budget, SYM nu=4 n=5: refused at once, nothing allocated (%s)", e.msg);
  tu_check(!gfd_diagrams_estimate(d, GFD_FAMILY_FULL, 3, &est, &secs),
           "no estimate from orders too small to extrapolate");
  gfd_diagrams_free(d);

  /* interrupt */
  d = gfd_diagrams_new(GFD_ASYM, 3, GFD_TGT_IDENTITY, &e);
  memset(&ctl, 0, sizeof ctl);
  ctl.interrupt = &flag;
  rc = gfd_diagrams_poly(d, GFD_FAMILY_FULL, 1, &ctl, &P, &e);
  tu_check(rc == GFD_OK, "order 1 computed");
  flag = 1;
  rc = gfd_diagrams_poly(d, GFD_FAMILY_FULL, 3, &ctl, &P, &e);
  tu_check(rc == GFD_EINTR, "interrupt flag set: order 3 returns GFD_EINTR (%s)", e.msg);
  rc = gfd_diagrams_poly(d, GFD_FAMILY_FULL, 1, &ctl, &P, &e);
  tu_check(rc == GFD_OK, "a cached order is still returned while the flag is set");
  const gfd_diagram_class *cls;
  size_t count;
  rc = gfd_diagrams_classes(d, 3, &ctl, &cls, &count, &e);
  tu_check(rc == GFD_EINTR, "reduced classes are interrupted too");
  flag = 0;
  ctl.progress = progress;
  rc = gfd_diagrams_poly(d, GFD_FAMILY_FULL, 3, &ctl, &P, &e);
  tu_check(rc == GFD_OK && same_as_fresh(GFD_ASYM, 3, GFD_TGT_IDENTITY, 3, P),
        "flag cleared: order 3 completes and agrees with a fresh cache");
  tu_check(progress_calls > 0 && progress_bad == 0, "progress reported %d times, all well formed", progress_calls);
  rc = gfd_diagrams_classes(d, 3, &ctl, &cls, &count, &e);
  tu_check(rc == GFD_OK && count == 1977, "classes after the interruption: %zu", count);

  /* deadline */
  memset(&ctl, 0, sizeof ctl);
  ctl.deadline = gfd_now() - 1;
  rc = gfd_diagrams_poly(d, GFD_FAMILY_NTK, 3, &ctl, &P, &e);
  tu_check(rc == GFD_ETIME, "a past deadline: GFD_ETIME (%s)", e.msg);
  gfd_diagrams_free(d);

  /* beyond 128 bits: SYM nu=2 coefficients exceed 2^127 at n = 15 and go on
   * exactly (GMP); the values are cross-checked in test_diagram_wishart */
  d = gfd_diagrams_new(GFD_SYM, 2, GFD_TGT_IDENTITY, &e);
  rc = gfd_diagrams_poly(d, GFD_FAMILY_FULL, 14, NULL, &P, &e);
  size_t nbig = 0;
  for (size_t i = 0; rc == GFD_OK && i < P->n; i++) nbig += gfd_poly_coef_big(P, i);
  tu_check(rc == GFD_OK && nbig == 0, "SYM nu=2 n=14 fits in 128 bits");
  rc = gfd_diagrams_poly(d, GFD_FAMILY_FULL, 15, NULL, &P, &e);
  for (size_t i = 0; rc == GFD_OK && i < P->n; i++) nbig += gfd_poly_coef_big(P, i);
  tu_check(rc == GFD_OK && nbig > 0, "SYM nu=2 n=15: exact beyond 128 bits (%zu big coefficients)", nbig);
  gfd_diagrams_free(d);

  /* bad arguments */
  d = gfd_diagrams_new(GFD_SYM, 3, GFD_TGT_TEACHER, &e);
  tu_check(!d && e.code == GFD_EUNSUP && strstr(e.msg, "identity and zero targets"), "teacher target refused: %s",
        e.msg);
  d = gfd_diagrams_new(GFD_SYM, 1, GFD_TGT_ZERO, &e);
  tu_check(!d && e.code == GFD_EINVAL, "nu=1 refused: %s", e.msg);
  d = gfd_diagrams_new(GFD_ASYM, 2, GFD_TGT_ZERO, &e);
  rc = gfd_diagrams_poly(d, GFD_FAMILY_FULL, -1, NULL, &P, &e);
  tu_check(rc == GFD_EINVAL, "order -1 refused: %s", e.msg);
  rc = gfd_diagrams_poly(d, (gfd_family)7, 1, NULL, &P, &e);
  tu_check(rc == GFD_EINVAL, "unknown family refused: %s", e.msg);
  rc = gfd_diagrams_poly(d, GFD_FAMILY_FULL, 200, NULL, &P, &e);
  tu_check(rc == GFD_EINVAL, "order 200 refused: %s", e.msg);
  gfd_diagrams_free(d);
  gfd_diagrams_free(NULL);
  return tu_done();
}
