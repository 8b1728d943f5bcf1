/* test_diagram_threads.c - the Wick sums on 2 threads (gfd_ctl.threads) give
 * the polynomials of 1 thread byte for byte: the same printed text, the same
 * exact coefficients, the same memo graphs.  Polynomials and the numeric
 * mode (with counts past 128 bits, GMP, at p=1e6 H=3e5), the three families,
 * SYM and ASYM; a run interrupted on 2 threads (claims left in the shared
 * memo) then finished gives the same again; class listings (levels of
 * states expanded on 2 threads) give the same classes; a thread count over
 * the limit is clipped. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"

static char *text(const gfd_poly *P) {
  size_t n = gfd_poly_format_size(P);
  char *s = malloc(n);
  if (s) gfd_poly_format(P, s, n);
  return s;
}

/* 1 if P and Q are the same polynomial and print the same text. */
static int identical(const gfd_poly *P, const gfd_poly *Q) {
  char *a = text(P), *b = text(Q);
  int ok = a && b && strcmp(a, b) == 0 && gfd_poly_equal(P, Q);
  free(a);
  free(b);
  return ok;
}

/* Order n of fam (numeric mode at p, H when p > 0) in d. */
static int get(gfd_diagrams *d, gfd_family fam, int n, size_t p, size_t H, const gfd_ctl *ctl, const gfd_poly **P,
               gfd_err *e) {
  return p ? gfd_diagrams_value(d, fam, n, p, H, ctl, P, e) : gfd_diagrams_poly(d, fam, n, ctl, P, e);
}

static void compare(gfd_kind k, int nu, int nmax, size_t p, size_t H) {
  gfd_err e;
  gfd_diagrams *one = gfd_diagrams_new(k, nu, GFD_TGT_IDENTITY, &e);
  gfd_diagrams *two = gfd_diagrams_new(k, nu, GFD_TGT_IDENTITY, &e);
  gfd_ctl c1 = {0}, c2 = {0};
  c1.threads = 1;
  c2.threads = 2;
  int bad = 0, cases = 0, big = 0;
  for (int f = 0; f < 3; f++)
    for (int n = 0; n <= nmax; n++) {
      const gfd_poly *A, *B;
      cases++;
      if (get(two, (gfd_family)f, n, p, H, &c2, &B, &e) || get(one, (gfd_family)f, n, p, H, &c1, &A, &e)) {
        printf("  family %d n=%d: %s\n", f, n, e.msg);
        bad++;
        continue;
      }
      if (!identical(A, B)) {
        printf("  family %d n=%d differs\n", f, n);
        bad++;
      }
      for (size_t i = 0; i < A->n; i++) big |= gfd_poly_coef_big(A, i);
    }
  /* the census counts the threads' CPU time of the polynomials (0 on one thread) */
  gfd_diagram_census s1, s2;
  gfd_diagrams_census(one, nmax, &s1);
  gfd_diagrams_census(two, nmax, &s2);
  if (!p && !(s1.poly_cpu_threads == 0 && s2.poly_cpu_busiest > 0 && s2.poly_cpu_busiest <= s2.poly_cpu_threads)) {
    printf("  census CPU: 1 thread %g, 2 threads %g busiest of %g\n", s1.poly_cpu_threads, s2.poly_cpu_busiest,
           s2.poly_cpu_threads);
    bad++;
  }
  size_t m1 = p ? gfd_diagrams_value_entries(one) : gfd_diagrams_memo_entries(one);
  size_t m2 = p ? gfd_diagrams_value_entries(two) : gfd_diagrams_memo_entries(two);
  char what[64];
  if (p) snprintf(what, sizeof what, "numeric mode at p=%zu H=%zu", p, H);
  else snprintf(what, sizeof what, "polynomials");
  tu_check(bad == 0 && m1 == m2 && m1 > 0,
           "%s nu=%d %s, orders 0..%d, 3 families (%d cases): 2 threads == 1 thread byte for byte, "
           "%zu == %zu memo graphs%s",
           gfd_kind_name(k), nu, what, nmax, cases, m2, m1, big ? " (coefficients past 128 bits)" : "");
  gfd_diagrams_free(one);
  gfd_diagrams_free(two);
}

/* Interrupt from the progress line (reported by the caller's thread every
 * 16 terms) after `at` terms, so that the stop falls inside the run. */
static volatile sig_atomic_t stop_flag;
static void stop_at(void *ud, const char *what, double done, double total) {
  (void)what;
  (void)total;
  if (done >= *(double *)ud) stop_flag = 1;
}

static void interrupted(int value) {
  gfd_err e;
  gfd_diagrams *ref = gfd_diagrams_new(GFD_SYM, 4, GFD_TGT_IDENTITY, &e);
  gfd_diagrams *d = gfd_diagrams_new(GFD_SYM, 4, GFD_TGT_IDENTITY, &e);
  const size_t p = value ? 9 : 0, H = value ? 4 : 0;
  const int n = 4;
  const gfd_poly *A, *B;
  gfd_ctl c = {0};
  c.threads = 2;
  int ok = get(ref, GFD_FAMILY_FULL, n, p, H, NULL, &A, &e) == GFD_OK;
  ok = ok && get(d, GFD_FAMILY_FULL, n - 1, p, H, &c, &B, &e) == GFD_OK; /* the orders below */
  size_t terms = 0;
  gfd_diagrams_term_count(d, GFD_FAMILY_FULL, n, NULL, &terms, &e);
  double at = (double)terms / 3;
  stop_flag = 0;
  c.interrupt = &stop_flag;
  c.progress = stop_at;
  c.progress_ud = &at;
  int rc = get(d, GFD_FAMILY_FULL, n, p, H, &c, &B, &e);
  tu_check(rc == GFD_EINTR, "SYM nu=4 %s order %d on 2 threads: interrupted after %.0f of %zu terms (%s)",
           value ? "numeric" : "polynomial", n, at, terms, rc ? e.msg : "finished");
  c.interrupt = NULL;
  c.progress = NULL;
  rc = get(d, GFD_FAMILY_FULL, n, p, H, &c, &B, &e);
  tu_check(ok && rc == GFD_OK && identical(A, B),
           "... then finished on 2 threads: the serial polynomial byte for byte (%s)", rc ? e.msg : "ok");
  gfd_diagrams_free(ref);
  gfd_diagrams_free(d);
}

/* Class listings: the same classes, ids, multiplicities and edges on 2
 * threads (the levels of states are expanded in parallel). */
static void classes(gfd_kind k, int nu, int n) {
  gfd_err e;
  gfd_diagrams *one = gfd_diagrams_new(k, nu, GFD_TGT_IDENTITY, &e);
  gfd_diagrams *two = gfd_diagrams_new(k, nu, GFD_TGT_IDENTITY, &e);
  gfd_ctl c1 = {0}, c2 = {0};
  c1.threads = 1;
  c2.threads = 2;
  const gfd_diagram_class *A, *B;
  size_t na = 0, nb = 0;
  int ok = gfd_diagrams_classes(two, n, &c2, &B, &nb, &e) == GFD_OK &&
           gfd_diagrams_classes(one, n, &c1, &A, &na, &e) == GFD_OK && na == nb && na > 0;
  for (size_t i = 0; ok && i < na; i++) {
    const gfd_diagram_class *a = &A[i], *b = &B[i];
    ok = a->index == b->index && a->mult.num == b->mult.num && a->mult.den == b->mult.den && a->np == b->np &&
         a->nH == b->nH && a->ne == b->ne && a->ny == b->ny && memcmp(a->eh, b->eh, (size_t)a->ne) == 0 &&
         memcmp(a->ea, b->ea, (size_t)a->ne) == 0 && memcmp(a->ec, b->ec, (size_t)a->ne) == 0;
  }
  gfd_diagram_census s1, s2;
  gfd_diagrams_census(one, n, &s1);
  gfd_diagrams_census(two, n, &s2);
  ok = ok && s1.class_cpu_threads == 0 && s2.class_cpu_busiest > 0 && s2.class_cpu_busiest <= s2.class_cpu_threads;
  tu_check(ok && s1.states == s2.states && s1.cancelled == s2.cancelled,
           "%s nu=%d classes of order %d: 2 threads == 1 thread (%zu classes, ids, multiplicities, edges; "
           "%zu == %zu states; the census counts the threads' CPU)",
           gfd_kind_name(k), nu, n, na, s2.states, s1.states);
  gfd_diagrams_free(one);
  gfd_diagrams_free(two);
}

static void clipped(void) {
  gfd_err e;
  gfd_diagrams *a = gfd_diagrams_new(GFD_ASYM, 2, GFD_TGT_IDENTITY, &e);
  gfd_diagrams *b = gfd_diagrams_new(GFD_ASYM, 2, GFD_TGT_IDENTITY, &e);
  gfd_ctl c = {0};
  c.threads = 1000;
  const gfd_poly *A, *B;
  int ok = gfd_diagrams_poly(a, GFD_FAMILY_FULL, 5, &c, &A, &e) == GFD_OK &&
           gfd_diagrams_poly(b, GFD_FAMILY_FULL, 5, NULL, &B, &e) == GFD_OK && identical(A, B);
  tu_check(ok, "threads=1000 (clipped to the engine's limit): ASYM nu=2 n=5 as on 1 thread");
  gfd_diagrams_free(a);
  gfd_diagrams_free(b);
}

int main(void) {
  gfd_library_init();
  compare(GFD_SYM, 2, 8, 0, 0);
  compare(GFD_SYM, 3, 4, 0, 0);
  compare(GFD_ASYM, 3, 3, 0, 0);
  compare(GFD_SYM, 3, 4, 7, 5);
  compare(GFD_ASYM, 2, 6, 1000000, 300000);
  classes(GFD_SYM, 2, 5);
  classes(GFD_ASYM, 3, 3);
  classes(GFD_SYM, 3, 3);
  interrupted(0);
  interrupted(1);
  clipped();
  return tu_done();
}
