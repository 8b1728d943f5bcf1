/* test_taylor_flow.c - the truncated Taylor series of order 20 against the
 * integrated gradient flow (gfd_flow_run, rk8pd at rtol 1e-13) at a quarter of
 * the convergence radius, forward and backward, for models without a closed
 * form: both kinds, nu = 2..5, every target. */
#include <config.h>
#include "test_taylor_util.h"

#define NS 20  /* order of the truncated sum */
#define NR 40  /* order used to estimate the radius */

/* Root-test estimate of the radius from orders 30..40:
 * min_n (|c_0| / |c_n|)^(1/n).  With |c_n| ~ K n^a R^-n the estimate is
 * R (K n^a)^(-1/n), i.e. a little below R for any moderate prefactor; a
 * smaller radius only makes t = R/4 safer. */
static double radius_estimate(const double *c) {
  double R = INFINITY;
  for (int n = 30; n <= NR; n++)
    if (c[n] != 0) R = fmin(R, pow(fabs(c[0]) / fabs(c[n]), 1.0 / n));
  return R;
}

static void one(gfd_kind kind, int nu, gfd_target tg, size_t p, size_t H, double sigma) {
  gfd_spec s = tt_spec(kind, nu, p, H, sigma, tg);
  gfd_model *m = tt_model(&s);
  double *th = tt_params(m, 4), c[NR + 1];
  gfd_err e;
  if (gfd_taylor_loss(m, th, NR, NULL, c, &e)) {
    printf("FAIL taylor: %s\n", e.msg);
    tt_failures++;
    return;
  }
  double R = radius_estimate(c);
  char name[64], what[160];
  tt_name(&s, name, sizeof name);
  for (int sgn = -1; sgn <= 1; sgn += 2) {
    double t = sgn * R / 4, sum = 0;
    for (int n = NS; n >= 0; n--) sum = sum * t + c[n];
    double *u = malloc(gfd_model_dim(m) * sizeof(double));
    memcpy(u, th, gfd_model_dim(m) * sizeof(double));
    gfd_flow_opts o;
    gfd_flow_opts_default(&o);
    o.rtol = 1e-13;
    o.atol = 1e-15;
    o.points = 2;
    gfd_traj tr;
    gfd_traj_init(&tr);
    if (gfd_flow_run(m, u, NULL, 0, t, &o, NULL, &tr, &e) || tr.n < 2 || tr.status != GFD_RUN_DONE) {
      printf("FAIL %s flow to t=%g: %s\n", name, t, e.msg);
      tt_failures++;
    } else {
      /* truncation: |c_n t^n| at t = R/4 falls like 4^-n, so the remainder
       * after n = 20 is ~1e-12 of the loss scale times the prefactor; the
       * integrator is good to a few rtol = 1e-13 */
      snprintf(what, sizeof what, "%s series(%d) vs flow at t=%+.3g (R~%.3g)", name, NS, t, R);
      tt_check(what, sum, tr.loss[tr.n - 1], fabs(tr.loss[tr.n - 1]), 1e-10);
    }
    gfd_traj_free(&tr);
    free(u);
  }
  free(th);
  gfd_model_free(m);
}

int main(void) {
  gfd_library_init();
  const gfd_target tg[] = {GFD_TGT_IDENTITY, GFD_TGT_ZERO, GFD_TGT_TEACHER, GFD_TGT_MODADD};
  for (int kind = 0; kind < 2; kind++)
    for (int nu = 2; nu <= 5; nu++)
      for (int t = 0; t < 4; t++) {
        if (tg[t] == GFD_TGT_MODADD && nu != 3) continue;
        one(kind ? GFD_ASYM : GFD_SYM, nu, tg[t], 8, 4, 0.55 * pow(0.85, nu - 2));
      }
  printf("%s: %d failure(s)\n", tt_failures ? "FAIL" : "PASS", tt_failures);
  return tt_failures != 0;
}
