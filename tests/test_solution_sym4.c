/* test_solution_sym4.c - the SYM even-nu ascent solution (gfd-theory(7) 5.4) on its
 * own numbers: erfcx, g/h/k against direct quadrature, G(inf), kappa_c(nu),
 * tau* for several kappa4, the moment recurrence and its first coefficients,
 * and the limits kappa4 -> infinity (free evolution) and tau -> -infinity. */
#include <config.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_erf.h>
#include "test_solution_util.h"

typedef struct { double b; int which; } qpar;
static double integrand(double x, void *vp) {
  qpar *q = vp;
  double w = exp(-0.5 * x * x) * sqrt(2 / M_PI), d = 1 + q->b * x * x;
  if (q->which == 0) return w / d;
  if (q->which == 1) return w * x * x / d;
  return w * x * x * x * x / (d * d);
}
static double quad(double b, int which) {
  gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
  qpar q = {b, which};
  gsl_function F = {integrand, &q};
  double r, err;
  gsl_integration_qagiu(&F, 0, 0, 1e-13, 1000, w, &r, &err);
  gsl_integration_workspace_free(w);
  return r;
}

int main(void) {
  gfd_library_init();
  gfd_err e = {0};
  /* erfcx: against exp(z^2) erfc(z) where that is accurate (z <= 5), and the
   * asymptotic series 1/(z sqrt(pi)) (1 - 1/(2z^2) + 3/(4z^4) - 15/(8z^6)) at
   * z = 50 (next term 105/(16 z^8) ~ 2e-13) */
  for (double z = 0; z <= 5; z += 0.625)
    ts_rel("erfcx vs exp(z^2) erfc(z)", gfd_erfcx(z), exp(z * z) * gsl_sf_erfc(z), 1e-13);
  {
    double z = 50, z2 = z * z;
    ts_rel("erfcx(50) vs its asymptotic series", gfd_erfcx(z),
           1 / (z * sqrt(M_PI)) * (1 - 1 / (2 * z2) + 3 / (4 * z2 * z2) - 15 / (8 * z2 * z2 * z2)), 1e-12);
    ts_rel("erfcx(-1) = 2 e - erfcx(1)", gfd_erfcx(-1), 2 * M_E - gfd_erfcx(1), 1e-14);
  }
  /* h, g, k against adaptive quadrature over the Gaussian, on both sides of
   * the switch between the moment series (b <= 0.01) and erfcx.  k's closed
   * form loses eps/b^2 at the switch: 1e-11 covers it */
  const double bs[] = {0, 1e-4, 0.0099, 0.0101, 0.3, 10, 1e4};
  for (int i = 0; i < 7; i++) {
    double h, g, k;
    gfd_ascent4_hgk(bs[i], &h, &g, &k);
    char w[64];
    snprintf(w, sizeof w, "h(b = %g)", bs[i]);
    ts_rel(w, h, quad(bs[i], 0), 1e-11);
    snprintf(w, sizeof w, "g(b = %g)", bs[i]);
    ts_rel(w, g, quad(bs[i], 1), 1e-11);
    snprintf(w, sizeof w, "k(b = %g)", bs[i]);
    ts_rel(w, k, quad(bs[i], 2), 1e-10);
  }

  /* kappa_c and the blow-up times (gfd-theory(7) 5.4 gives them to the digits used) */
  gfd_ascent *A = gfd_ascent_new(4, 3.0, &e);
  if (!A) ts_fatal("ascent", &e);
  ts_abs("G(inf)", gfd_ascent_Ginf(A), 0.2406380433, 1e-10);
  ts_abs("kappa_c(4)", gfd_ascent_kappa_c(A), 2.077809448, 1e-9);
  gfd_ascent_free(A);
  const double k4s[] = {2.5, 3, 4, 6}, tstars[] = {-0.2278, -0.13287, -0.073802, -0.039230},
               tol[] = {5e-5, 5e-6, 5e-7, 5e-7};
  for (int i = 0; i < 4; i++) {
    A = gfd_ascent_new(4, k4s[i], &e);
    if (!A) ts_fatal("ascent", &e);
    double ts, bs2;
    char w[64];
    snprintf(w, sizeof w, "kappa4 = %g diverges", k4s[i]);
    ts_true(w, gfd_ascent_diverges(A, &ts, &bs2) == 1);
    snprintf(w, sizeof w, "tau*(kappa4 = %g)", k4s[i]);
    ts_abs(w, ts, tstars[i], tol[i]);
    /* at b*, 2 kappa4 G(b*) = 1 (G by an independent quadrature) */
    double G;
    if (gfd_ascent_G(A, bs2, &G, &e)) ts_fatal("G", &e);
    ts_rel("  2 kappa4 G(b*) = 1", 2 * k4s[i] * G, 1.0, 1e-9);
    /* just short of tau*, Lnorm is huge and finite; past it, NaN */
    double L;
    TU_OK(gfd_ascent_eval(A, ts * 0.999, &L, NULL, NULL, &e));
    ts_true("  Lnorm finite and large just before tau*", isfinite(L) && L > 100);
    TU_OK(gfd_ascent_eval(A, ts * 1.001, &L, NULL, NULL, &e));
    ts_true("  Lnorm NaN past tau*", isnan(L));
    gfd_ascent_free(A);
  }
  /* convergent side: kappa4 = 1.5 < kappa_c, Lnorm ~ -1/(4 tau^2) as tau -> -inf;
   * the relative correction decays like |tau|^(-1/2) (measured 12%, 4.1%, 1.3%
   * at tau = -50, -500, -5000) */
  A = gfd_ascent_new(4, 1.5, &e);
  ts_true("kappa4 = 1.5 converges", gfd_ascent_diverges(A, NULL, NULL) == 0);
  double L, rho, dev[3];
  for (int i = 0; i < 3; i++) {
    double tau = -50 * pow(10, i);
    TU_OK(gfd_ascent_eval(A, tau, &L, &rho, NULL, &e));
    dev[i] = fabs(L * 4 * tau * tau + 1);
    printf("     tau = %g: -4 tau^2 Lnorm = %.6f\n", tau, -L * 4 * tau * tau);
  }
  ts_below("Lnorm(-5000) within 2% of -1/(4 tau^2)", dev[2], 0.02);
  ts_true("  and the deviation shrinks by > 2 per decade of tau", dev[0] > 2 * dev[1] && dev[1] > 2 * dev[2]);
  TU_OK(gfd_ascent_eval(A, 0, &L, &rho, NULL, &e));
  ts_abs("Lnorm(0) = kappa4/2 - 3", L, 0.75 - 3, 1e-15);
  gfd_ascent_free(A);
  /* near the threshold: tau* ~ -(sqrt(kappa_c)/4) ln(1/eps) + C with
   * C = 0.79 at eps = 1e-2 (gfd-theory(7) 5.4) */
  A = gfd_ascent_new(4, 2.077809448 * 1.01, &e);
  if (!A) ts_fatal("near threshold", &e);
  double ts;
  ts_true("kappa4 = 1.01 kappa_c diverges", gfd_ascent_diverges(A, &ts, NULL) == 1);
  ts_abs("  C = tau* + (sqrt(kappa_c)/4) ln(100)", ts + sqrt(2.077809448) / 4 * log(100.0), 0.79, 0.01);
  gfd_ascent_free(A);
  /* kappa4 -> infinity: free evolution, tau* ~ -(1 + 9/(5 kappa4))/(6 kappa4) */
  A = gfd_ascent_new(4, 1000, &e);
  gfd_ascent_diverges(A, &ts, NULL);
  ts_rel("kappa4 = 1000: tau* vs -(1 + 9/(5 kappa4))/(6 kappa4)", ts, -(1 + 9 / 5000.0) / 6000.0, 1e-5);
  TU_OK(gfd_ascent_eval(A, -1e-4, &L, NULL, NULL, &e));
  ts_rel("  Lnorm/kappa4 vs (1 + 6 kappa4 tau)^(-4/3)/2 (O(1/kappa4))", L / 1000,
         0.5 * pow(1 - 0.6, -4.0 / 3), 1e-2);
  gfd_ascent_free(A);

  /* even nu: kappa_c(6), kappa_c(8) (generic quadrature route) */
  A = gfd_ascent_new(6, 3, &e);
  if (!A) ts_fatal("nu=6", &e);
  ts_abs("kappa_c(6)", gfd_ascent_kappa_c(A), 5.20024, 5e-6);
  gfd_ascent_free(A);
  A = gfd_ascent_new(8, 3, &e);
  if (!A) ts_fatal("nu=8", &e);
  ts_abs("kappa_c(8)", gfd_ascent_kappa_c(A), 14.5858, 5e-5);
  gfd_ascent_free(A);
  /* nu = 6 divergent: the moment series agrees with the parametric solution
   * at small |tau| (an asymptotic series, c_k ~ 1e4 k! ...: use tau = -1e-5,
   * where the 7th term is ~ 1e-15) */
  {
    long double c6[7];
    double k6 = 8;
    if (gfd_ascent_coefs(6, k6, 6, c6, &e)) ts_fatal("coefs nu=6", &e);
    A = gfd_ascent_new(6, k6, &e);
    TU_OK(gfd_ascent_eval(A, -1e-5, &L, NULL, NULL, &e));
    double sum = 0;
    for (int k = 6; k >= 0; k--) sum = sum * -1e-5 + (double)c6[k];
    ts_abs("nu=6 Lnorm(0) = kappa/2 - 15", (double)c6[0], 4 - 15, 1e-14);
    ts_rel("nu=6: moment series vs parametric at tau = -1e-5", sum, L, 1e-12);
    gfd_ascent_free(A);
  }

  /* the moment recurrence: c_0..c_2 of gfd-theory(7) 5.4, and agreement with the
   * parametric solution at small |tau| (the series is asymptotic: its
   * coefficients grow factorially, so only small |tau| is meaningful) */
  for (double k4 = 1; k4 <= 3; k4 += 2) {
    long double cf[13];
    if (gfd_ascent_coefs(4, k4, 12, cf, &e)) ts_fatal("coefs", &e);
    ts_rel("c_0 = (kappa4 - 6)/2", (double)cf[0], (k4 - 6) / 2, 1e-15);
    ts_rel("c_1 = -4(kappa4^2 - 6 kappa4 + 15)", (double)cf[1], -4 * (k4 * k4 - 6 * k4 + 15), 1e-15);
    ts_rel("c_2 = 4(7 kappa4^3 - 51 kappa4^2 + 159 kappa4 - 315)", (double)cf[2],
           4 * (7 * k4 * k4 * k4 - 51 * k4 * k4 + 159 * k4 - 315), 1e-14);
    A = gfd_ascent_new(4, k4, &e);
    for (double tau = -1e-3; tau >= -2e-3; tau -= 1e-3) {
      TU_OK(gfd_ascent_eval(A, tau, &L, NULL, NULL, &e));
      double sum = 0;
      for (int k = 12; k >= 0; k--) sum = sum * tau + (double)cf[k];
      char w[80];
      /* truncation ~ c_13 tau^13 ~ 1e19 * 1e-35: far below 1e-10 */
      snprintf(w, sizeof w, "kappa4 = %g: series vs parametric at tau = %g", k4, tau);
      ts_rel(w, sum, L, 1e-10);
    }
    gfd_ascent_free(A);
  }
  /* refusals */
  ts_true("odd nu is refused", gfd_ascent_new(3, 1, &e) == NULL && e.code == GFD_EUNSUP);
  ts_true("kappa <= 0 is refused", gfd_ascent_new(4, 0, &e) == NULL);
  return ts_done();
}
