/* test_solution_free.c - free evolution (gfd-theory(7) 5.2) against simulation with
 * the core integrator, in its regime (target negligible: sigma^2 = p^(-1/2)
 * makes |y|^2/|f0|^2 ~ p^(1 - nu/2)/H shrink; cross terms negligible: small H):
 *  - free-units (per-unit norms, SYM closed form and ASYM quadrature) for
 *    nu = 3 at p = 64, 256, 1024: the error is small and shrinks with p;
 *  - the ascent blow-up time of the largest unit;
 *  - free-mean: exact in expectation at t = 0 (equals the diagram E[L^(0)]),
 *    and against 4 seeds (even nu = 4, H = p^2, sigma^2 = 1/p) at p = 6, 12,
 *    24 the error shrinks with p (gfd-theory(7) 5.2 quotes 0.7-3.5% for p <= 64: we
 *    measure 10% early and 4% late at p = 24, 5% and 2% at p = 48);
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

  /* even nu, zero target: the mean-dominated common law takes its constant C
   * from the exact Wick moments, so at t = 0 it equals the diagram polynomial
   * E[L^(0)] at every size (not only for large p) */
  {
    gfd_diagrams *d4 = gfd_diagrams_new(GFD_SYM, 4, GFD_TGT_ZERO, &e), *d6 = gfd_diagrams_new(GFD_SYM, 6, GFD_TGT_ZERO, &e);
    const gfd_poly *P4, *P6;
    if (!d4 || !d6 || gfd_diagrams_poly(d4, GFD_FAMILY_FULL, 0, NULL, &P4, &e) ||
        gfd_diagrams_poly(d6, GFD_FAMILY_FULL, 0, NULL, &P6, &e))
      ts_fatal("diagrams", &e);
    const double cases[4][3] = {{6, 36, 1.0 / 6}, {24, 576, 1.0 / 24}, {10, 3, 0.3}, {7, 1, 0.5}};
    double worst = 0;
    for (int i = 0; i < 4; i++) {
      double p = cases[i][0], H = cases[i][1], s2 = cases[i][2];
      double d4v = fabs(gfd_free_mean_excess(4, p, H, s2, 0) / gfd_poly_eval(P4, p, H, s2, 0) - 1);
      double d6v = fabs(gfd_free_mean_excess(6, p, H, s2, 0) / gfd_poly_eval(P6, p, H, s2, 0) - 1);
      if (i == 1) printf("     p = 24, H = 576: law %.17g, diagrams %.17g\n", gfd_free_mean_excess(4, p, H, s2, 0),
                         gfd_poly_eval(P4, p, H, s2, 0));
      worst = isfinite(d4v) && isfinite(d6v) ? fmax(worst, fmax(d4v, d6v)) : INFINITY;
    }
    /* both sides are the same polynomial evaluated in double: rounding only */
    ts_below("free-mean at t = 0 equals E[L^(0)] of the diagrams (nu = 4, 6; p = 6..24, H = 1..p^2)", worst,
             1e-13);
    gfd_diagrams_free(d4);
    gfd_diagrams_free(d6);
  }

  /* even nu = 4, H = p^2, sigma^2 = 1/p, zero target: the mean-dominated
   * common law against the mean of 4 seeds.  At t = 0 it is exact in
   * expectation; then the fluctuating part of the Gram matrix decays faster
   * than the common factor (the exact initial slope E[L^(1)] is 1.26 times the
   * law's at p = 24), so the largest error comes early and shrinks with p. */
  {
    const size_t pm[3] = {6, 12, 24};
    const int K = 4;
    double err[3], late[3];
    for (int j = 0; j < 3; j++) {
      size_t p = pm[j];
      gfd_model *m = ts_model(GFD_SYM, 4, p, p * p, sqrt(1.0 / p), GFD_TGT_ZERO, 1.0);
      char why[400];
      ts_true("free-mean applies (H = p^2)",
              gfd_solution_applies(GFD_SOL_FREE_MEAN, gfd_model_spec(m), 0, 0, why, sizeof why) != GFD_APPLY_NO);
      gfd_solution *S = gfd_solution_new(GFD_SOL_FREE_MEAN, m, NULL, NULL, &e);
      if (!S) ts_fatal("free-mean", &e);
      /* time scale 1/(2 nu (nu-1) C sigma^6) ~ p^3/(24 C); run to 10 of them */
      double C = pow(p, 3) + 3.0 * p * p * p, T = 10.0 / (24 * C / pow(p, 3));
      double mean[11] = {0}, tt[11];
      for (int k = 0; k < K; k++) {
        double *th = ts_params(m, 3 + (unsigned long)k);
        gfd_traj tr;
        ts_flow(m, th, T, 11, &tr);
        for (size_t i = 0; i < 11 && i < tr.n; i++) mean[i] += tr.excess[i] / K, tt[i] = tr.t[i];
        gfd_traj_free(&tr);
        free(th);
      }
      double X[11];
      TU_OK(gfd_solution_eval(S, 11, tt, NULL, X, NULL, &e));
      err[j] = late[j] = 0;
      for (size_t i = 0; i < 11; i++) {
        double dd = fabs(X[i] - mean[i]) / mean[i];
        err[j] = fmax(err[j], dd);
        if (i >= 5) late[j] = fmax(late[j], dd);
      }
      printf("     SYM nu=4 p=%zu H=p^2 sigma^2=1/p: free-mean max rel error %.3g, in the second half %.3g (mean of %d "
             "seeds)\n", p, err[j], late[j], K);
      gfd_solution_free(S);
      gfd_model_free(m);
    }
    /* measured (mean of 4 seeds): max 0.228, 0.135, 0.101 at p = 6, 12, 24
     * (then 0.082 at 32, 0.053 at 48, outside the suite's budget); second half
     * 0.096, 0.036, 0.038 (0.032, 0.023).  The old constant p^3 + 3 H p was
     * 0.46, 0.34, 0.16 off at t = 0.  Bounds: the measured values + ~25%. */
    ts_below("free-mean at p = 24: max rel error", err[2], 0.13);
    ts_true("  and it shrinks with p (p = 6 > 12 > 24)", err[0] > err[1] && err[1] > err[2]);
    ts_below("free-mean at p = 24: error over the second half of the run", late[2], 0.05);
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
