/* test_solution_charac.c - the characteristics solver against the closed forms
 * (gfd-theory(7) 5.1, 5.4), with both ways of finding the foot point (backward
 * integration, Brent on the forward map):
 *  - SYM nu=2 resolvent: G_t = d_z[4z(z-1)G] - 4 vs
 *    G = [(1 + Q z') G0(z') - Q]/(1 + Q - Q z), z' = z/(1 + Q - Qz), Q = e^{4t} - 1;
 *  - SYM nu=2 loss generating function K_t = 4(1+q)K_q at q = 0 vs the MP loss;
 *  - SYM nu=4 generating function with the self-consistent a = kappa4 Q(tau,0)^3:
 *    Q(tau, 0) = rho = g/sqrt(D), Q_z(tau, 0) = E v^4 = k/D, hence Lnorm, and
 *    Q(tau, z) = g(b - z/sqrt(D))/sqrt(D) off z = 0.
 * Measured: 5.2e-12 or better (ODE rtol 1e-12; the worst is the resolvent
 * with the foot found by backward integration).  Tolerance 1e-10: 19x the
 * worst case, still 100x below what a wrong foot point or closure gives. */
#include <config.h>
#include "test_solution_util.h"

static int quad_coef(double t, double z, double a, void *ud, double c[6]) {
  (void)t, (void)a, (void)ud;
  c[0] = z * z, c[1] = 2 * z, c[2] = c[3] = c[4] = c[5] = 0;
  return 0;
}
static int lin_coef(double t, double z, double a, void *ud, double c[6]) {
  (void)t, (void)a, (void)ud;
  c[0] = z, c[1] = 1, c[2] = c[3] = c[4] = c[5] = 0;
  return 0;
}
static int big_coef(double t, double z, double a, void *ud, double c[6]) {
  (void)t, (void)a, (void)ud;
  c[0] = 1000 * z, c[1] = 1000, c[2] = c[3] = c[4] = c[5] = 0;
  return 0;
}
static int one_init(double z, void *ud, double *u, double *uz) {
  (void)z, (void)ud;
  *u = 1, *uz = 0;
  return 0;
}
static int sq_init(double z, void *ud, double *u, double *uz) {
  (void)ud;
  *u = z * z, *uz = 2 * z;
  return 0;
}
static double one_closure(double t, double uref, void *ud) {
  (void)t, (void)ud;
  return uref;
}

int main(void) {
  gfd_library_init();
  gfd_err e = {0};
  const double c = 0.5, s = 1;
  for (int root = 0; root < 2; root++) {
    const char *how = root ? "root" : "backward";
    gfd_charpde *P = gfd_charpde_sym2_resolvent(c, s, root, &e);
    if (!P) ts_fatal("resolvent", &e);
    /* z outside the spectrum [0, 2.914]; t on both sides; the characteristic
     * of each point stays off the spectrum */
    const double ts[] = {0.3, 0.1, -0.05, -0.1};
    const double zs[] = {-0.5, -2.0, 3.5};
    double maxerr = 0;
    int n = 0;
    for (int i = 0; i < 4; i++)
      for (int j = 0; j < 3; j++) {
        double t = ts[i], z = zs[j], Q = expm1(4 * t), den = 1 + Q - Q * z, zp = z / den;
        if (zp >= 0 && zp <= gfd_sym2_mp_edge(c, s)) continue; /* the foot is on the spectrum */
        if (den <= 0) continue;                                  /* through infinity */
        double cf = ((1 + Q * zp) * gfd_sym2_mp_stieltjes(c, s, zp) - Q) / den, u, z0;
        if (gfd_charpde_eval(P, t, z, &u, NULL, &z0, &e)) {
          printf("FAIL resolvent (%s) at t = %g, z = %g: %s\n", how, t, z, e.msg);
          ts_failures++;
          continue;
        }
        maxerr = fmax(maxerr, fabs(u - cf) / fabs(cf));
        maxerr = fmax(maxerr, fabs(z0 - zp) / fabs(zp)); /* the foot itself */
        n++;
      }
    char w[96];
    snprintf(w, sizeof w, "resolvent, foot by %s: max rel error over %d points", how, n);
    ts_below(w, maxerr, 1e-10);
    ts_true("  at least 8 points were checked", n >= 8);
    /* a point whose foot is on the spectrum is refused, not evaluated */
    double u;
    ts_true("  a foot on the spectrum is refused", gfd_charpde_eval(P, -0.05, 3.0, &u, NULL, NULL, &e) != 0);
    gfd_charpde_free(P);

    /* loss generating function at q = 0 vs the closed-form MP loss */
    P = gfd_charpde_sym2_lossgen(c, s, 0, root, &e);
    if (!P) ts_fatal("lossgen", &e);
    maxerr = 0;
    for (double t = -0.1; t <= 1.0; t += 0.1) {
      double K, lp;
      if (gfd_charpde_eval(P, t, 0, &K, NULL, NULL, &e)) ts_fatal("lossgen eval", &e);
      TU_OK(gfd_sym2_mp_loss(c, s, 1.0, t, &lp, NULL));
      maxerr = fmax(maxerr, fabs(K - lp) / lp);
    }
    snprintf(w, sizeof w, "loss generating function K(t, 0) vs MP loss, foot by %s", how);
    ts_below(w, maxerr, 1e-10);
    gfd_charpde_free(P);

    /* nu = 4 with the self-consistent coefficient, both sides of kappa_c */
    const double kap[2] = {1.0, 3.0};
    for (int kk = 0; kk < 2; kk++) {
      double k4 = kap[kk];
      gfd_ascent *A = gfd_ascent_new(4, k4, &e);
      P = gfd_charpde_sym4_genfun(k4, root, &e);
      if (!A || !P) ts_fatal("genfun", &e);
      double taustar;
      int div = gfd_ascent_diverges(A, &taustar, NULL);
      double erho = 0, eL = 0, ea = 0, eoff = 0;
      const double taus[] = {-0.02, -0.1, -0.5, -1.0, -3.0};
      for (int i = 0; i < 5; i++) {
        double tau = taus[i];
        if (div && tau <= 0.9 * taustar) continue;
        double L, rho, b, Q, Qz, a;
        if (gfd_ascent_eval(A, tau, &L, &rho, &b, &e)) ts_fatal("ascent eval", &e);
        if (gfd_charpde_eval(P, tau, 0, &Q, &Qz, NULL, &e)) ts_fatal("genfun eval", &e);
        if (gfd_charpde_coef(P, tau, &a, &e)) ts_fatal("genfun coef", &e);
        erho = fmax(erho, fabs(Q - rho) / rho);
        eL = fmax(eL, fabs(0.5 * k4 * Q * Q * Q * Q - Qz - L) / fabs(L));
        ea = fmax(ea, fabs(a - k4 * rho * rho * rho) / (k4 * rho * rho * rho));
        /* off z = 0: Q(tau, z) = g(b - z/sqrt(D))/sqrt(D), sqrt(D) = g(b)/rho */
        double g, z = -0.3, Qoff, gz;
        gfd_ascent4_hgk(b, NULL, &g, NULL);
        double sD = g / rho;
        gfd_ascent4_hgk(b - z / sD, NULL, &gz, NULL);
        if (gfd_charpde_eval(P, tau, z, &Qoff, NULL, NULL, &e)) ts_fatal("genfun eval off 0", &e);
        eoff = fmax(eoff, fabs(Qoff - gz / sD) / (gz / sD));
      }
      snprintf(w, sizeof w, "nu=4 kappa4=%g (foot by %s): Q(tau,0) vs rho", k4, how);
      ts_below(w, erho, 1e-10);
      snprintf(w, sizeof w, "nu=4 kappa4=%g (foot by %s): Lnorm from Q, Q_z vs parametric", k4, how);
      ts_below(w, eL, 1e-10);
      snprintf(w, sizeof w, "nu=4 kappa4=%g (foot by %s): a(tau) = kappa4 rho^3", k4, how);
      ts_below(w, ea, 1e-10);
      snprintf(w, sizeof w, "nu=4 kappa4=%g (foot by %s): Q(tau, -0.3)", k4, how);
      ts_below(w, eoff, 1e-10);
      gfd_charpde_free(P);
      gfd_ascent_free(A);
    }
  }
  /* forward time has no limit: the foot leaves the initial data's domain */
  gfd_charpde *P = gfd_charpde_sym4_genfun(1.0, 0, &e);
  double u;
  ts_true("nu=4 forward in time (tau > 0) is refused", gfd_charpde_eval(P, 0.1, 0, &u, NULL, NULL, &e) != 0);
  printf("     (%s)\n", e.msg);
  gfd_charpde_free(P);
  /* a self-consistent coefficient needs an affine field */
  gfd_charpde_def d;
  memset(&d, 0, sizeof d);
  d.coef = quad_coef;
  d.init = one_init;
  d.closure = one_closure;
  d.affine = 0;
  ts_true("a closure on a field not declared affine is refused", gfd_charpde_new(&d, &e) == NULL &&
                                                                     e.code == GFD_EUNSUP);
  /* a user field without closure: u_t = z u_z (alpha = z), u0 = z^2:
   * u(t, z) = (z e^t)^2 */
  d.coef = lin_coef;
  d.init = sq_init;
  d.closure = NULL;
  gfd_charpde *U = gfd_charpde_new(&d, &e);
  if (!U) ts_fatal("user field", &e);
  double uz;
  if (gfd_charpde_eval(U, 0.7, 1.3, &u, &uz, NULL, &e)) ts_fatal("user field eval", &e);
  ts_rel("user field u_t = z u_z: u = (z e^t)^2", u, pow(1.3 * exp(0.7), 2), 1e-10);
  ts_rel("  and u_z = 2 z e^(2t)", uz, 2 * 1.3 * exp(1.4), 1e-10);
  gfd_charpde_free(U);

  /* caustics: the Jacobian J = dz/dz0 of the foot-point map.  For
   * u_t = k z u_z (k = 1000) the characteristics dz/dt = -k z run together,
   * J = e^(-k t): at t = 1 (e^-1000) it is 0 in double, the foot map is not
   * invertible to machine precision, and the solver must refuse rather than
   * divide by J.  (A linear equation's characteristics cannot truly cross:
   * this is the numerical form of the same failure.)  At t = 0.01,
   * J = e^-10 (checked to 1e-9; measured 2.5e-14). */
  d.coef = big_coef;
  d.init = sq_init;
  d.foot_by_root = 0;
  U = gfd_charpde_new(&d, &e);
  if (!U) ts_fatal("caustic field", &e);
  double J;
  int st = gfd_charpde_eval_j(U, 0.01, 1e-3, &u, NULL, NULL, &J, &e);
  ts_true("caustic field at t = 0.01: evaluated", st == GFD_OK);
  ts_rel("  J = dz/dz0 = e^(-10)", J, exp(-10.0), 1e-9);
  gfd_err_clear(&e);
  st = gfd_charpde_eval_j(U, 1.0, 1e-300, &u, NULL, NULL, &J, &e);
  printf("     t = 1: %s (J = %g)\n", e.msg, J);
  ts_true("caustic field at t = 1: refused, naming the caustic",
          st == GFD_ENUMERIC && J <= 0 && strstr(e.msg, "caustic") != NULL);
  gfd_charpde_free(U);
  return ts_done();
}
