/* test_solution_free.c - free evolution (THEORY 5.2) against simulation with
 * the core integrator, in its regime (target negligible: sigma^2 = p^(-1/2)
 * makes |y|^2/|f0|^2 ~ p^(1 - nu/2)/H shrink; cross terms negligible: small H):
 *  - free-units (per-unit norms, SYM closed form and ASYM quadrature) for
 *    nu = 3 at p = 64, 256, 1024: the error is small and shrinks with p;
 *  - the ascent blow-up time of the largest unit;
 *  - free-mean (even nu = 4, H = p^2, sigma^2 = 1/p) at p = 6, 12, 24: error
 *    ~ 1/p (THEORY: 0.7-3.5% for p <= 64);
 *  - the domain checks refuse the regime where the target matters. */
#include <config.h>
#include "test_solution_util.h"

/* max relative error of the solution's excess vs the simulated excess over
 * tau = m^(nu-1) t in [0, taumax] */
static double free_error(gfd_sol_id id, gfd_kind kind, int nu, size_t p, size_t H, double s2, double taumax,
                         unsigned long seed) {
  gfd_model *m = ts_model(kind, nu, p, H, sqrt(s2), GFD_TGT_IDENTITY, 1.0);
  double *th = ts_params(m, seed);
  gfd_err e = {0};
  char why[400];
  gfd_apply ap = gfd_solution_applies(id, gfd_model_spec(m), 0, taumax / pow(s2 * p, nu - 1), why, sizeof why);
  if (ap == GFD_APPLY_NO) {
    printf("FAIL %s does not apply at p = %zu: %s\n", gfd_solution_info(id)->name, p, why);
    ts_failures++;
  }
  gfd_solution *S = gfd_solution_new(id, m, th, NULL, &e);
  if (!S) ts_fatal("free solution", &e);
  gfd_traj tr;
  ts_flow(m, th, taumax / pow(s2 * p, nu - 1), 11, &tr);
  double *X = malloc(tr.n * sizeof *X), err = 0;
  if (gfd_solution_eval(S, tr.n, tr.t, NULL, X, NULL, &e)) ts_fatal("eval", &e);
  for (size_t i = 0; i < tr.n; i++) err = fmax(err, fabs(X[i] - tr.excess[i]) / fabs(tr.excess[i]));
  free(X);
  gfd_traj_free(&tr);
  gfd_solution_free(S);
  free(th);
  gfd_model_free(m);
  return err;
}

int main(void) {
  gfd_library_init();
  gfd_err e = {0};
  const size_t ps[3] = {64, 256, 1024};
  const gfd_kind kinds[2] = {GFD_SYM, GFD_ASYM};
  for (int k = 0; k < 2; k++) {
    double err[3];
    for (int j = 0; j < 3; j++) {
      err[j] = free_error(GFD_SOL_FREE_UNITS, kinds[k], 3, ps[j], 2, 1 / sqrt((double)ps[j]), 1.0, 1);
      printf("     %s nu=3 H=2 sigma^2 = p^-1/2, p = %4zu: max rel error of the excess, tau in [0, 1]: %.3g\n",
             gfd_kind_name(kinds[k]), ps[j], err[j]);
    }
    char w[96];
    /* the target's share of the dynamics ~ p^(-1/2): measured SYM 2.0e-2, 9.9e-3,
     * 4.9e-3 and ASYM 2.6e-3, 1.3e-3, 6.4e-4 */
    snprintf(w, sizeof w, "%s free-units at p = 1024 (tau in [0, 1])", gfd_kind_name(kinds[k]));
    ts_below(w, err[2], 1e-2);
    snprintf(w, sizeof w, "  %s: the error shrinks with p (by > 1.5 per 4x)", gfd_kind_name(kinds[k]));
    ts_true(w, err[0] > 1.5 * err[1] && err[1] > 1.5 * err[2]);
  }

  /* ascent: the largest unit blows up first (SYM nu = 3, p = 1024, H = 4) */
  {
    size_t p = 1024;
    gfd_model *m = ts_model(GFD_SYM, 3, p, 4, pow(p, -0.25), GFD_TGT_IDENTITY, 1.0);
    double *th = ts_params(m, 2);
    gfd_solution *S = gfd_solution_new(GFD_SOL_FREE_UNITS, m, th, NULL, &e);
    gfd_sol_blowup b;
    if (!S || gfd_solution_blowup(S, &b, &e)) ts_fatal("free blowup", &e);
    printf("     %s\n", b.criterion);
    gfd_traj tr;
    ts_flow(m, th, 2 * b.t_star, 5, &tr);
    ts_true("SYM nu=3 p=1024: the simulation blows up", tr.status == GFD_RUN_BLOWUP);
    /* target and cross terms perturb t* by ~ their weight, ~3% here */
    ts_rel("  blow-up time vs the largest unit's", tr.t_star, b.t_star, 0.05);
    double lim = gfd_free_limit_tstar(GFD_SYM, 3, p, 1 / sqrt((double)p));
    printf("     simulated t* %.6g, largest unit %.6g, limit law %.6g\n", tr.t_star, b.t_star, lim);
    ts_true("  the finite-size prediction beats the limit law", fabs(tr.t_star - b.t_star) < fabs(tr.t_star - lim));
    gfd_traj_free(&tr);
    gfd_solution_free(S);
    free(th);
    gfd_model_free(m);
  }

  /* even nu = 4, H = p^2, sigma^2 = 1/p, zero target: the mean-dominated
   * common law.  Its error: at t = 0 the finite-size moments of |u|^2 (the
   * diagonal part is p(p+2)(p+4)(p+6) sigma^8, not p^4 sigma^8: ~3/p), then a
   * few % (the gradient's part orthogonal to u, ~ p^(-1/2)) */
  {
    const size_t pm[3] = {6, 12, 24};
    double err[3], late[3];
    for (int j = 0; j < 3; j++) {
      size_t p = pm[j];
      gfd_model *m = ts_model(GFD_SYM, 4, p, p * p, sqrt(1.0 / p), GFD_TGT_ZERO, 1.0);
      double *th = ts_params(m, 3);
      char why[400];
      ts_true("free-mean applies (H = p^2)",
              gfd_solution_applies(GFD_SOL_FREE_MEAN, gfd_model_spec(m), 0, 0, why, sizeof why) != GFD_APPLY_NO);
      gfd_solution *S = gfd_solution_new(GFD_SOL_FREE_MEAN, m, NULL, NULL, &e);
      if (!S) ts_fatal("free-mean", &e);
      /* time scale 1/(2 nu (nu-1) C sigma^6) = p^3/(24 C); run to 10 of them */
      double C = pow(p, 3) + 3.0 * p * p * p, T = 10.0 / (24 * C / pow(p, 3));
      gfd_traj tr;
      ts_flow(m, th, T, 11, &tr);
      double *X = malloc(tr.n * sizeof *X);
      gfd_solution_eval(S, tr.n, tr.t, NULL, X, NULL, &e);
      err[j] = late[j] = 0;
      for (size_t i = 0; i < tr.n; i++) {
        double d = fabs(X[i] - tr.excess[i]) / tr.excess[i];
        err[j] = fmax(err[j], d);
        if (i >= tr.n / 2) late[j] = fmax(late[j], d);
      }
      printf("     SYM nu=4 p=%zu H=p^2 sigma^2=1/p: free-mean max rel error %.3g, in the second half %.3g\n", p,
             err[j], late[j]);
      free(X);
      gfd_traj_free(&tr);
      gfd_solution_free(S);
      free(th);
      gfd_model_free(m);
    }
    /* measured: max 0.64, 0.36, 0.15 (the t = 0 offset, ~3/p); second half
     * 4.3%, 7.2%, 6.6% (not yet shrinking at these sizes: 3.4-5.5% at p = 32,
     * outside the default suite's budget; THEORY 5.2 quotes 0.7-3.5% at p <= 64) */
    ts_below("free-mean at p = 24: max rel error (t = 0 offset ~3/p)", err[2], 0.2);
    ts_true("  and it shrinks with p (by > 1.5 per doubling)", err[0] > 1.5 * err[1] && err[1] > 1.5 * err[2]);
    ts_below("free-mean at p = 24: error over the second half of the run", late[2], 0.08);
  }

  /* the domain checks: at sigma = 0.05, p = 100 the target's share of the
   * gradient is kappa/(sigma^3 p^2) = 0.8 */
  {
    gfd_model *m = ts_model(GFD_SYM, 3, 100, 2, 0.05, GFD_TGT_IDENTITY, 1.0);
    char why[400];
    ts_true("free-units refused when the target is not negligible",
            gfd_solution_applies(GFD_SOL_FREE_UNITS, gfd_model_spec(m), 0, 1, why, sizeof why) == GFD_APPLY_NO);
    printf("     (%s)\n", why);
    ts_true("gfd_solution_new refuses it too", gfd_solution_new(GFD_SOL_FREE_UNITS, m, NULL, NULL, &e) == NULL &&
                                                 e.code == GFD_EUNSUP);
    gfd_model_free(m);
    m = ts_model(GFD_SYM, 3, 16, 400, 1.0, GFD_TGT_ZERO, 1.0);
    ts_true("free-units refused when cross terms matter (H p^(1-nu) = 1.6)",
            gfd_solution_applies(GFD_SOL_FREE_UNITS, gfd_model_spec(m), 0, 1, why, sizeof why) == GFD_APPLY_NO);
    printf("     (%s)\n", why);
    gfd_model_free(m);
  }
  return ts_done();
}
