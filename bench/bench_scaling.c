/* bench_scaling.c - speed of the regime analysis: the time to classify every
 * cell of a 41 x 41 map (orders 0..4) once the diagram polynomials are
 * cached, per model, and the time to get those polynomials first. */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include "gfd/gfd.h"

static int bench(gfd_kind kind, int nu, int N) {
  gfd_err e;
  gfd_diagrams *d = gfd_diagrams_new(kind, nu, GFD_TGT_IDENTITY, &e);
  gfd_regime_result *r = calloc(1, sizeof *r);
  if (!d || !r) return 1;
  gfd_scaling sc;
  gfd_scaling_default(&sc);
  sc.Cs = gfd_rat_make(1, 2);
  double t0 = gfd_now();
  if (gfd_regime_classify(d, &sc, N, NULL, r, &e) != GFD_OK) {
    printf("error: %s\n", e.msg);
    return 1;
  }
  double t1 = gfd_now();
  int K = 41, counts[GFD_REGIME_COUNT] = {0};
  for (int i = 0; i < K; i++)
    for (int j = 0; j < K; j++) {
      sc.a = gfd_rat_make(3 * i, K - 1);     /* a in [0, 3] */
      sc.b = gfd_rat_make(-3 * j, K - 1);    /* b in [-3, 0] */
      if (gfd_regime_classify(d, &sc, N, NULL, r, &e) != GFD_OK) return 1;
      counts[r->loss.regime]++;
    }
  double t2 = gfd_now();
  printf("%-4s nu=%d N=%d: polynomials %.3f s, %d cells %.3f s (%.1f us/cell); free %d ntk %d "
         "mf %d frozen %d undetermined %d\n",
         gfd_kind_name(kind), nu, N, t1 - t0, K * K, t2 - t1, 1e6 * (t2 - t1) / (K * K),
         counts[GFD_REGIME_FREE], counts[GFD_REGIME_NTK],
         counts[GFD_REGIME_MF_UNDER] + counts[GFD_REGIME_PROPORTIONAL] + counts[GFD_REGIME_MF_OVER],
         counts[GFD_REGIME_FROZEN], counts[GFD_REGIME_UNDETERMINED]);
  free(r);
  gfd_diagrams_free(d);
  return 0;
}

int main(void) {
  gfd_library_init();
  int rc = 0;
  rc |= bench(GFD_SYM, 2, 4);
  rc |= bench(GFD_SYM, 2, 8);
  rc |= bench(GFD_ASYM, 2, 4);
  rc |= bench(GFD_ASYM, 3, 4);
  rc |= bench(GFD_SYM, 4, 3);
  return rc;
}
