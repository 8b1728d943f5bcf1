/* test_flow_energy.c - along a trajectory dL/dt = -||grad L||^2 (energy
 * identity), checked by differences of the integrated loss at several times,
 * for models without a closed-form solution. */
#include <config.h>
#include <string.h>
#include "test_model_util.h"

/* (L(t + delta) - L(t - delta)) / (2 delta) from theta(t) by two short runs */
static double central(const gfd_model *m, const double *th, double *tp, double t, double delta,
                      const gfd_flow_opts *o) {
  size_t d = gfd_model_dim(m);
  double L[2];
  gfd_err e;
  for (int sgn = 0; sgn < 2; sgn++) {
    gfd_traj tr;
    gfd_traj_init(&tr);
    memcpy(tp, th, d * sizeof *th);
    int rc = gfd_flow_run(m, tp, NULL, t, sgn ? t - delta : t + delta, o, NULL, &tr, &e);
    L[sgn] = rc == GFD_OK && tr.n ? tr.loss[tr.n - 1] : NAN;
    gfd_traj_free(&tr);
  }
  return (L[0] - L[1]) / (2 * delta);
}

/* The Richardson-extrapolated central difference of the integrated loss
 * against -||grad L(theta(t))||^2.  Truncation O(delta^4 L^(5) / L') ~ 1e-10
 * for delta = 1e-3 on these O(1) time scales (measured: the plain central
 * difference is off by up to 1.4e-5 at delta = 1e-3, as O(delta^2) allows);
 * integration error ~ 10 rtol |L| / (delta |L'|) ~ 1e-8.  Tolerance 1e-7. */
static void check_model(gfd_spec s, double T, double delta) {
  gfd_err e = {0};
  gfd_model *m = gfd_model_new(&s, NULL, &e);
  gfd_work *w = gfd_work_new(m, NULL, &e);
  size_t d = gfd_model_dim(m);
  double *th = malloc(d * sizeof *th), *tp = malloc(d * sizeof *tp), *g = malloc(d * sizeof *g);
  TU_OK(gfd_model_init_params(m, s.seed, th, &e));
  gfd_flow_opts o;
  gfd_flow_opts_default(&o);
  o.points = 2;
  double t = 0;
  for (int k = 1; k <= 3; k++) {
    double tk = T * k / 3.0;
    gfd_traj tr;
    gfd_traj_init(&tr);
    TU_OK(gfd_flow_run(m, th, NULL, t, tk, &o, NULL, &tr, &e));
    gfd_traj_free(&tr);
    t = tk;
    TU_OK(gfd_model_eval(m, th, w, NULL, NULL, g));
    double g2 = 0;
    for (size_t i = 0; i < d; i++) g2 += g[i] * g[i];
    double D1 = central(m, th, tp, t, delta, &o), D2 = central(m, th, tp, t, delta / 2, &o);
    double dLdt = (4 * D2 - D1) / 3; /* Richardson: error O(delta^4) */
    char what[128];
    snprintf(what, sizeof what, "%s nu=%d %s t=%.3g: (dL/dt) / (-||grad||^2)", gfd_kind_name(s.kind), s.nu,
             gfd_target_name(s.target), t);
    tu_abs(what, dLdt / -g2, 1, 1e-7);
  }
  free(th);
  free(tp);
  free(g);
  gfd_work_free(w);
  gfd_model_free(m);
}

int main(void) {
  gfd_library_init();
  gfd_spec s = tm_spec(GFD_ASYM, 3, 6, 4, 0.45, GFD_TGT_TEACHER);
  check_model(s, 0.6, 1e-3);
  s = tm_spec(GFD_SYM, 4, 6, 3, 0.35, GFD_TGT_IDENTITY);
  check_model(s, 0.3, 1e-3);
  s = tm_spec(GFD_SYM, 3, 7, 3, 0.3, GFD_TGT_MODADD);
  check_model(s, 0.2, 1e-3);
  s = tm_spec(GFD_ASYM, 2, 5, 5, 0.5, GFD_TGT_ZERO);
  check_model(s, 0.5, 1e-3);
  return tu_done();
}
