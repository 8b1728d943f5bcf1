/* test_diagram_value.c - the numeric mode (gfd_diagrams_value: the Wick memo
 * of exact numbers at fixed p, H) against the polynomial route
 * (gfd_diagrams_poly, then p and H substituted exactly by gfd_poly_at_sizes):
 * the two polynomials in s and kappa must be identical, coefficient by
 * coefficient (exact arithmetic: no tolerance).  Every kind, nu = 2..4, both
 * targets, the three families, small sizes (128-bit counts) and large ones
 * (counts past 128 bits, GMP), the Wishart orders of SYM nu = 2, a change of
 * sizes (the memo starts afresh), and bad sizes refused. */
#include <config.h>
#include <string.h>
#include "testutil.h"

static int same(gfd_diagrams *d, gfd_family fam, int n, size_t p, size_t H, int *big) {
  gfd_err e;
  const gfd_poly *V, *P;
  if (gfd_diagrams_value(d, fam, n, p, H, NULL, &V, &e) != GFD_OK) {
    printf("  value: %s\n", e.msg);
    return 0;
  }
  if (gfd_diagrams_poly(d, fam, n, NULL, &P, &e) != GFD_OK) {
    printf("  poly: %s\n", e.msg);
    return 0;
  }
  gfd_poly S;
  gfd_poly_init(&S);
  int ok = gfd_poly_at_sizes(P, p, H, &S, &e) == GFD_OK && gfd_poly_equal(&S, V);
  for (size_t i = 0; i < V->n; i++) {
    ok = ok && V->m[i].np == 0 && V->m[i].nH == 0;
    if (gfd_poly_coef_big(V, i)) *big = 1;
  }
  gfd_poly_free(&S);
  return ok;
}

static void check_models(void) {
  static const struct {
    gfd_kind k;
    int nu, nmax;
  } M[] = {{GFD_SYM, 2, 8}, {GFD_SYM, 3, 4}, {GFD_SYM, 4, 4}, {GFD_ASYM, 2, 6}, {GFD_ASYM, 3, 3}, {GFD_ASYM, 4, 3}};
  static const size_t sizes[][2] = {{1, 1}, {3, 2}, {7, 5}, {1000000, 300000}};
  int big = 0;
  for (size_t m = 0; m < sizeof M / sizeof *M; m++)
    for (int t = 0; t < 2; t++) {
      gfd_target tg = t ? GFD_TGT_ZERO : GFD_TGT_IDENTITY;
      gfd_err e;
      gfd_diagrams *d = gfd_diagrams_new(M[m].k, M[m].nu, tg, &e);
      if (!d) {
        tu_check(0, "gfd_diagrams_new: %s", e.msg);
        continue;
      }
      int bad = 0, cases = 0;
      for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++)
        for (int f = 0; f < 3; f++)
          for (int n = 0; n <= M[m].nmax; n++) {
            cases++;
            if (!same(d, (gfd_family)f, n, sizes[z][0], sizes[z][1], &big)) {
              printf("  mismatch: family %d n=%d p=%zu H=%zu\n", f, n, sizes[z][0], sizes[z][1]);
              bad++;
            }
          }
      tu_check(bad == 0, "%s nu=%d %s: numeric mode == polynomial at the sizes, %d cases (orders 0..%d, 3 families, 4 sizes)",
               gfd_kind_name(M[m].k), M[m].nu, t ? "zero" : "identity", cases, M[m].nmax);
      gfd_diagrams_free(d);
    }
  tu_check(big, "some values went past 128 bits (p=1e6 H=3e5): the GMP path is covered");
}

/* SYM nu = 2 past the graph limits: the Wishart polynomial at the sizes. */
static void check_wishart(void) {
  gfd_err e;
  gfd_diagrams *d = gfd_diagrams_new(GFD_SYM, 2, GFD_TGT_IDENTITY, &e);
  int big = 0;
  tu_check(same(d, GFD_FAMILY_FULL, 30, 5, 3, &big), "SYM nu=2 n=30 (Wishart route): value == polynomial at p=5 H=3");
  gfd_diagrams_free(d);
}

static void check_errors(void) {
  gfd_err e;
  const gfd_poly *V;
  gfd_diagrams *d = gfd_diagrams_new(GFD_SYM, 3, GFD_TGT_IDENTITY, &e);
  tu_check(gfd_diagrams_value(d, GFD_FAMILY_FULL, 2, 0, 3, NULL, &V, &e) == GFD_EINVAL && strstr(e.msg, "p=0"),
           "p=0 refused naming it (%s)", e.msg);
  tu_check(gfd_diagrams_value(d, GFD_FAMILY_FULL, 2, 100000000, 100000000, NULL, &V, &e) == GFD_EINVAL,
           "p H = 1e16 refused (%s)", e.msg);
  tu_check(gfd_diagrams_value(d, GFD_FAMILY_FULL, 40, 3, 2, NULL, &V, &e) == GFD_EUNSUP,
           "order 40 for nu=3 refused (%s)", e.msg);
  /* sizes changed and back: still right */
  int big = 0;
  tu_check(same(d, GFD_FAMILY_FULL, 3, 3, 2, &big) && same(d, GFD_FAMILY_FULL, 3, 4, 4, &big) &&
               same(d, GFD_FAMILY_FULL, 3, 3, 2, &big),
           "sizes (3,2) -> (4,4) -> (3,2): each value right");
  gfd_diagrams_free(d);

  /* an order over the budget is refused by its estimate, before it starts:
   * SYM nu=4 n=5 at (100, 50) holds 19.3 MiB (bench_diagram), the estimate
   * from orders 3 and 4 says 19.5 MiB */
  d = gfd_diagrams_new(GFD_SYM, 4, GFD_TGT_IDENTITY, &e);
  gfd_ctl ctl = {0};
  ctl.budget = (size_t)8 << 20;
  int rc = gfd_diagrams_value(d, GFD_FAMILY_FULL, 5, 100, 50, &ctl, &V, &e);
  tu_check(rc == GFD_EBUDGET && strstr(e.msg, "order 5 would need about") && gfd_diagrams_bytes(d) < ((size_t)4 << 20),
           "SYM nu=4 n=5 under 8 MiB: refused by the estimate with nothing allocated for it (%s)", e.msg);
  gfd_diagrams_free(d);
}

int main(void) {
  gfd_library_init();
  check_models();
  check_wishart();
  check_errors();
  return tu_done();
}
