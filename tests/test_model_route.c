/* test_model_route.c - the dense-tensor and the packed (SYM) routes of the
 * loss and gradient against the Gram route, on every kind and target, and
 * the automatic choice by cost. */
#include <config.h>
#include <string.h>
#include "test_model_util.h"

/* max relative difference of loss, excess and gradient between the Gram
 * route and route `other` */
static double route_differs(gfd_route other, gfd_kind kind, int nu, size_t p, size_t H, gfd_target tgt) {
  gfd_spec s = tm_spec(kind, nu, p, H, 1.0 / sqrt((double)p), tgt);
  if (tgt == GFD_TGT_TEACHER) s.r = 2;
  gfd_err e = {0};
  gfd_model *m = gfd_model_new(&s, NULL, &e);
  if (!m) {
    printf("     model: %s\n", e.msg);
    return INFINITY;
  }
  size_t d = gfd_model_dim(m);
  double *th = malloc(d * sizeof *th), *g[2], L[2], X[2];
  TU_OK(gfd_model_init_params(m, 7, th, &e));
  for (int r = 0; r < 2; r++) {
    g[r] = malloc(d * sizeof *g[r]);
    if (gfd_model_set_route(m, r ? other : GFD_ROUTE_GRAM, NULL, &e)) return INFINITY;
    gfd_work *w = gfd_work_new(m, NULL, &e);
    if (!w || gfd_model_eval(m, th, w, &L[r], &X[r], g[r])) return INFINITY;
    gfd_work_free(w);
  }
  double gmax = 0, err = fabs(L[0] - L[1]) / fabs(L[0]);
  /* the excess from its own terms: compared on the loss's scale (it may be ~0) */
  err = fmax(err, fabs(X[0] - X[1]) / fmax(fabs(L[0]), fabs(X[0])));
  for (size_t i = 0; i < d; i++) gmax = fmax(gmax, fabs(g[0][i]));
  for (size_t i = 0; i < d; i++) err = fmax(err, fabs(g[0][i] - g[1][i]) / gmax);
  free(g[0]);
  free(g[1]);
  free(th);
  gfd_model_free(m);
  return err;
}

static double routes_differ(gfd_kind kind, int nu, size_t p, size_t H, gfd_target tgt) {
  return route_differs(GFD_ROUTE_DENSE, kind, nu, p, H, tgt);
}

int main(void) {
  gfd_library_init();
  /* summation orders differ: rounding only (measured <= 9e-15) */
  const double tol = 1e-12;
  static const gfd_target tg[] = {GFD_TGT_IDENTITY, GFD_TGT_ZERO, GFD_TGT_TEACHER};
  for (int t = 0; t < 3; t++) {
    char what[96];
    snprintf(what, sizeof what, "SYM nu=2 p=7 H=5 %s: dense route = Gram route", gfd_target_name(tg[t]));
    tu_below(what, routes_differ(GFD_SYM, 2, 7, 5, tg[t]), tol);
    snprintf(what, sizeof what, "SYM nu=4 p=5 H=3 %s: dense route = Gram route", gfd_target_name(tg[t]));
    tu_below(what, routes_differ(GFD_SYM, 4, 5, 3, tg[t]), tol);
    snprintf(what, sizeof what, "ASYM nu=3 p=6 H=4 %s: dense route = Gram route", gfd_target_name(tg[t]));
    tu_below(what, routes_differ(GFD_ASYM, 3, 6, 4, tg[t]), tol);
  }
  /* modadd: y is not symmetric, so the SYM gradient sums all modes */
  tu_below("SYM nu=3 p=7 H=4 modadd: dense route = Gram route", routes_differ(GFD_SYM, 3, 7, 4, GFD_TGT_MODADD), tol);
  tu_below("ASYM nu=3 p=7 H=4 modadd: dense route = Gram route", routes_differ(GFD_ASYM, 3, 7, 4, GFD_TGT_MODADD),
           tol);

  /* the choice: ASYM nu=3 p=32 H=32768 (~30x fewer flops dense) is dense;
   * the default model and H < p are Gram; p^nu over 2^22 stays Gram */
  gfd_spec s = tm_spec(GFD_ASYM, 3, 32, 32768, 0.1, GFD_TGT_IDENTITY);
  double ratio = gfd_route_flops(&s, GFD_ROUTE_GRAM) / gfd_route_flops(&s, GFD_ROUTE_DENSE);
  printf("     ASYM nu=3 p=32 H=32768: Gram / dense flops %.1f\n", ratio);
  tu_true("ASYM nu=3 p=32 H=32768 picks the dense route", gfd_spec_route(&s) == GFD_ROUTE_DENSE && ratio > 30);
  gfd_spec_default(&s);
  tu_true("the default model picks the Gram route", gfd_spec_route(&s) == GFD_ROUTE_GRAM);
  s = tm_spec(GFD_SYM, 4, 100, 1000000, 0.1, GFD_TGT_IDENTITY);
  tu_true("p^nu = 1e8 > 2^22: Gram route whatever the cost", gfd_spec_route(&s) == GFD_ROUTE_GRAM);
  /* a model made on the dense route evaluates like the Gram route */
  s = tm_spec(GFD_ASYM, 3, 8, 400, 0.3, GFD_TGT_IDENTITY);
  gfd_err e = {0};
  gfd_model *m = gfd_model_new(&s, NULL, &e);
  tu_true("ASYM nu=3 p=8 H=400 is made on the dense route", m && gfd_model_route(m) == GFD_ROUTE_DENSE);
  gfd_model_free(m);
  tu_below("ASYM nu=3 p=8 H=400 identity: routes agree", routes_differ(GFD_ASYM, 3, 8, 400, GFD_TGT_IDENTITY), tol);

  /* the packed route (SYM only): every target, nu = 2..5 (nu = 5 takes the
   * generic tile loop), and sizes of several tiles of P in both directions
   * (H > 256 units, C(p+2, 3) = 816 > 512 rows).  Rounding only: measured
   * <= 5.3e-15 (see the printed values), tolerance as above */
  for (int t = 0; t < 3; t++) {
    char what[96];
    static const int nus[] = {2, 3, 4, 5};
    for (int k = 0; k < 4; k++) {
      snprintf(what, sizeof what, "SYM nu=%d p=7 H=5 %s: packed route = Gram route", nus[k], gfd_target_name(tg[t]));
      tu_below(what, route_differs(GFD_ROUTE_PACKED, GFD_SYM, nus[k], 7, 5, tg[t]), tol);
    }
  }
  tu_below("SYM nu=3 p=7 H=4 modadd: packed route = Gram route (y symmetrised)",
           route_differs(GFD_ROUTE_PACKED, GFD_SYM, 3, 7, 4, GFD_TGT_MODADD), tol);
  tu_below("SYM nu=4 p=16 H=600 identity: packed route = Gram route over several tiles",
           route_differs(GFD_ROUTE_PACKED, GFD_SYM, 4, 16, 600, GFD_TGT_IDENTITY), tol);
  tu_below("SYM nu=4 p=16 H=600 teacher: packed route = Gram route over several tiles",
           route_differs(GFD_ROUTE_PACKED, GFD_SYM, 4, 16, 600, GFD_TGT_TEACHER), tol);
  e = (gfd_err){0};
  s = tm_spec(GFD_ASYM, 3, 6, 4, 0.3, GFD_TGT_IDENTITY);
  m = gfd_model_new(&s, NULL, &e);
  tu_true("ASYM refuses the packed route, naming it", m && gfd_model_set_route(m, GFD_ROUTE_PACKED, NULL, &e) == GFD_EBUDGET &&
                                                          strstr(e.msg, "packed") && gfd_model_route(m) != GFD_ROUTE_PACKED);
  gfd_model_free(m);
  /* the paper's ascent sizes, SYM nu=4 H = 33 p^2: the Gram matrices alone
   * would take 8 H^2 bytes (4.6 GB at p=16... 146 GB at p=64); packed wins */
  static const size_t ps[] = {16, 32, 64};
  for (int k = 0; k < 3; k++) {
    s = tm_spec(GFD_SYM, 4, ps[k], 33 * ps[k] * ps[k], 0.1, GFD_TGT_IDENTITY);
    char what[96];
    snprintf(what, sizeof what, "SYM nu=4 p=%zu H=%zu picks the packed route (Gram / packed flops %.1f)", s.p, s.H,
             gfd_route_flops(&s, GFD_ROUTE_GRAM) / gfd_route_flops(&s, GFD_ROUTE_PACKED));
    tu_true(what, gfd_spec_route(&s) == GFD_ROUTE_PACKED);
  }
  s = tm_spec(GFD_SYM, 4, 16, 8448, 0.1, GFD_TGT_IDENTITY);
  m = gfd_model_new(&s, NULL, &e);
  tu_true("SYM nu=4 p=16 H=8448 is made on the packed route", m && gfd_model_route(m) == GFD_ROUTE_PACKED);
  gfd_model_free(m);
  return tu_done();
}
