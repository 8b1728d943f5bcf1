/* test_model_route.c - the dense-tensor route of the loss and gradient
 * against the Gram route, on every kind and target, and the automatic
 * choice by cost. */
#include <config.h>
#include <string.h>
#include "test_model_util.h"

/* max relative difference of loss, excess and gradient between the routes */
static double routes_differ(gfd_kind kind, int nu, size_t p, size_t H, gfd_target tgt) {
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
    if (gfd_model_set_route(m, r ? GFD_ROUTE_DENSE : GFD_ROUTE_GRAM, NULL, &e)) return INFINITY;
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
  return tu_done();
}
