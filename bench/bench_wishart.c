/* bench_wishart.c - SYM nu = 2 by both exact routes (issue 15 goals):
 *  - the Wick-diagram engine to N = 24 from an empty cache (goal: < 60 s CPU),
 *    compared with the Wishart route order by order (goal: agreement to
 *    1e-12; the test suite checks exact equality to n = 20);
 *  - the Wishart route alone: polynomials and exact values at a rational
 *    point to n = 60.
 * Times are CPU seconds of this process (the machine may be shared) and wall
 * seconds; memory is the peak RSS. */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "gfd/gfd.h"
#include "bench_rusage.h"

#define N_ENGINE 24
#define N_WISHART 60

static gfd_poly *polys(int N) {
  gfd_poly *v = malloc((size_t)(N + 1) * sizeof *v);
  if (!v) exit(1);
  for (int n = 0; n <= N; n++) gfd_poly_init(&v[n]);
  return v;
}

int main(void) {
  gfd_library_init();
  gfd_err e;
  double c0, t0;
  /* the reference for the engine: the Wishart route to N_ENGINE (milliseconds,
   * little memory, so the peak RSS below is the engine's) */
  gfd_poly *W = polys(N_ENGINE);
  if (gfd_wishart_sym2(N_ENGINE, GFD_TGT_IDENTITY, W, &e)) {
    printf("Wishart route failed: %s\n", e.msg);
    return 1;
  }
  gfd_diagrams *d = gfd_diagrams_new(GFD_SYM, 2, GFD_TGT_IDENTITY, &e);
  if (!d) return 1;
  c0 = cpu_seconds();
  t0 = gfd_now();
  double worst = 0;
  int exact = 1;
  for (int n = 0; n <= N_ENGINE; n++) {
    const gfd_poly *P;
    if (gfd_diagrams_poly(d, GFD_FAMILY_FULL, n, NULL, &P, &e)) {
      printf("  n=%-2d engine: %s\n", n, e.msg);
      return 1;
    }
    double c = cpu_seconds() - c0;
    long double a = gfd_poly_evall(P, 2, 2, 0.7L, 1), b = gfd_poly_evall(&W[n], 2, 2, 0.7L, 1);
    double rel = (double)fabsl(a / b - 1);
    size_t big = 0;
    for (size_t i = 0; i < P->n; i++) big += gfd_poly_coef_big(P, i);
    int eq = gfd_poly_equal(P, &W[n]);
    exact &= eq;
    if (rel > worst) worst = rel;
    if (n % 4 == 0 || n >= N_ENGINE - 2)
      printf("  n=%-2d engine %7.3f s cpu %7.3f s wall  %5zu monomials (%4zu beyond 128 bits)  "
             "%5zu memo graphs  %6.1f MiB held  %6.1f MiB peak RSS  vs Wishart: %s, rel %.1e\n",
             n, c, gfd_now() - t0, P->n, big, gfd_diagrams_memo_entries(d),
             (double)gfd_diagrams_bytes(d) / 1048576.0, peak_mib(), eq ? "identical" : "DIFFERENT", rel);
    fflush(stdout);
  }
  double c = cpu_seconds() - c0;
  printf("goal: SYM nu=2 N=%d exact in under 60 s cpu: %s (%.2f s); agreement to 1e-12: %s "
         "(worst rel %.1e at p=H=2 s=0.7; polynomials %s)\n",
         N_ENGINE, c < 60 ? "met" : "NOT met", c, worst < 1e-12 ? "met" : "NOT met", worst,
         exact ? "identical" : "DIFFERENT");
  gfd_diagrams_free(d);
  /* the Wishart route alone to N_WISHART */
  for (int n = 0; n <= N_ENGINE; n++) gfd_poly_free(&W[n]);
  free(W);
  W = polys(N_WISHART);
  c0 = cpu_seconds();
  t0 = gfd_now();
  if (gfd_wishart_sym2(N_WISHART, GFD_TGT_IDENTITY, W, &e)) {
    printf("Wishart route failed: %s\n", e.msg);
    return 1;
  }
  printf("Wishart route, polynomials n = 0..%d: %.3f s cpu %.3f s wall, %zu monomials at n = %d\n",
         N_WISHART, cpu_seconds() - c0, gfd_now() - t0, W[N_WISHART].n, N_WISHART);
  gfd_poly *V = polys(N_WISHART);
  c0 = cpu_seconds();
  t0 = gfd_now();
  gfd_rat two = gfd_rat_make(2, 1), s = gfd_rat_make(7, 10), one = gfd_rat_make(1, 1);
  if (gfd_wishart_sym2_value(N_WISHART, GFD_TGT_IDENTITY, two, two, s, one, V, &e)) {
    printf("Wishart values failed: %s\n", e.msg);
    return 1;
  }
  printf("Wishart route, exact values at p=H=2 s=7/10 kappa=1, n = 0..%d: %.4f s cpu %.4f s wall; "
         "E L^(60) = %.6Lg\n", N_WISHART, cpu_seconds() - c0, gfd_now() - t0,
         gfd_poly_coef_ldouble(&V[N_WISHART], 0));

  for (int n = 0; n <= N_WISHART; n++) {
    gfd_poly_free(&W[n]);
    gfd_poly_free(&V[n]);
  }
  free(W);
  free(V);
  return 0;
}
