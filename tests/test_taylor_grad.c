/* test_taylor_grad.c - the first Taylor coefficients against the core's loss
 * and gradient (gfd_model_eval), for SYM and ASYM, nu = 2..5, every target:
 *   coef_0 = L,  coef_1 = -||grad L||^2,  coef_2 = <g, Hess(L) g> (g = grad L,
 *   Hess g by central differences of the core's gradient),
 * and the two routes of the recursion (energy identity and loss formula)
 * against each other up to order 8. */
#include <config.h>
#include "test_taylor_util.h"
#include "taylor/taylor_internal.h"

#define NORD 8

static void one(const gfd_spec *s) {
  char name[64], what[128];
  tt_name(s, name, sizeof name);
  gfd_model *m = tt_model(s);
  size_t d = gfd_model_dim(m);
  double *th = tt_params(m, s->seed), *g = malloc(d * sizeof(double)), *gp = malloc(d * sizeof(double)),
         *gm = malloc(d * sizeof(double)), *u = malloc(d * sizeof(double));
  gfd_err e;
  gfd_work *wk = gfd_work_new(m, NULL, &e);
  double L, ex;
  if (!wk || gfd_model_eval(m, th, wk, &L, &ex, g)) {
    printf("FAIL %s: gfd_model_eval\n", name);
    tt_failures++;
    return;
  }
  double g2 = 0, u2 = 0;
  for (size_t i = 0; i < d; i++) g2 += g[i] * g[i], u2 += th[i] * th[i];

  /* Hess g by central differences with step h ||g|| = 1e-4 ||u||: truncation
   * O(1e-8) relative, rounding O(eps / 1e-4) ~ 1e-12 */
  double h = 1e-4 * sqrt(u2 / g2), hg = 0;
  for (size_t i = 0; i < d; i++) u[i] = th[i] + h * g[i];
  TU_OK(gfd_model_eval(m, u, wk, NULL, NULL, gp));
  for (size_t i = 0; i < d; i++) u[i] = th[i] - h * g[i];
  TU_OK(gfd_model_eval(m, u, wk, NULL, NULL, gm));
  for (size_t i = 0; i < d; i++) hg += g[i] * (gp[i] - gm[i]) / (2 * h);

  taylor_ws *w = taylor_ws_new(m, NORD, NULL, &e);
  double en[NORD + 1], di[NORD + 1], sc, pub[NORD + 1];
  int done;
  if (!w || taylor_ws_run(w, th, NULL, en, di, &sc, &done, &e) || gfd_taylor_loss(m, th, NORD, NULL, pub, &e)) {
    printf("FAIL %s: taylor run: %s\n", name, e.msg);
    tt_failures++;
    return;
  }
  for (int n = 0; n <= NORD; n++) {
    en[n] /= pow(sc, n);
    di[n] /= pow(sc, n);
  }
  /* the loss: both sides sum the same few terms in different orders (Gram
   * sums of a few dozen products), so 1e-13 of the largest term suffices */
  double scale = fabs(L) + 2 * fabs(gfd_model_target_half_norm2(m));
  snprintf(what, sizeof what, "%s coef_0 = L", name);
  tt_check(what, en[0], L, scale, 1e-13);
  /* -||g||^2 is a sum of squares: no cancellation, relative 1e-12 */
  snprintf(what, sizeof what, "%s coef_1 = -|grad|^2 (energy)", name);
  tt_check(what, en[1], -g2, g2, 1e-12);
  snprintf(what, sizeof what, "%s coef_1 = -|grad|^2 (formula)", name);
  tt_check(what, di[1], -g2, g2, 1e-11);
  /* finite differences: truncation ~1e-8 relative (see above) */
  snprintf(what, sizeof what, "%s coef_2 = <g, Hess g> (fin. diff.)", name);
  tt_check(what, en[2], hg, fabs(hg), 1e-6);
  /* the two routes agree to rounding; measured <= 1e-13 here, the terms of
   * order n grow combinatorially, so 1e-11 relative to the coefficient */
  for (int n = 2; n <= NORD; n++) {
    snprintf(what, sizeof what, "%s coef_%d energy vs formula", name, n);
    tt_check(what, en[n], di[n], fabs(di[n]), 1e-11);
  }
  /* the public entry point returns the energy route, unscaled */
  for (int n = 0; n <= NORD; n++)
    if (!(fabs(pub[n] - en[n]) <= 1e-14 * fabs(en[n]))) {
      printf("FAIL %s: gfd_taylor_loss coef_%d = %.17g differs from the internal run %.17g\n", name, n, pub[n],
             en[n]);
      tt_failures++;
    }
  taylor_ws_free(w);
  gfd_work_free(wk);
  gfd_model_free(m);
  free(th), free(g), free(gp), free(gm), free(u);
}

int main(void) {
  gfd_library_init();
  const gfd_target tg[] = {GFD_TGT_IDENTITY, GFD_TGT_ZERO, GFD_TGT_TEACHER, GFD_TGT_MODADD};
  for (int kind = 0; kind < 2; kind++)
    for (int nu = 2; nu <= 5; nu++)
      for (int t = 0; t < 4; t++) {
        if (tg[t] == GFD_TGT_MODADD && nu != 3) continue;
        /* sigma puts the f and target terms at comparable sizes */
        gfd_spec s = tt_spec(kind ? GFD_ASYM : GFD_SYM, nu, 5, 3, 0.6 * pow(0.85, nu - 2), tg[t]);
        one(&s);
      }
  /* larger sizes for the GEMM paths, p = 37 (prime: the FFT's general factor) */
  gfd_spec s = tt_spec(GFD_ASYM, 3, 37, 11, 0.25, GFD_TGT_MODADD);
  one(&s);
  s = tt_spec(GFD_SYM, 3, 37, 11, 0.25, GFD_TGT_MODADD);
  one(&s);
  s = tt_spec(GFD_SYM, 4, 40, 30, 0.3, GFD_TGT_TEACHER);
  s.r = 5;
  one(&s);
  printf("%s: %d failure(s)\n", tt_failures ? "FAIL" : "PASS", tt_failures);
  return tt_failures != 0;
}
