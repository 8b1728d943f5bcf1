/* test_flow_exact.c - the integrator against the exact solution of SYM nu=2
 * (gfd-theory(7) 5.1): the eigenvalues of G = U U^T evolve independently,
 *   1/lambda - 1/kappa = (1/lambda0 - 1/kappa) e^{-4 kappa t},
 * L = 1/2 sum_i (lambda_i - kappa)^2 + (p - r) kappa^2 / 2, ascent blows up at
 * t* = ln(1 - kappa/lambda_max) / (4 kappa).  Forward and backward, every method. */
#include <config.h>
#include <string.h>
#include <gsl/gsl_eigen.h>
#include "test_model_util.h"

enum { P = 12, HH = 6 };
static double lam0[HH];
static double kap;

static void exact(double t, double *L, double *ex) {
  double s = 0, x = 0;
  for (int i = 0; i < HH; i++) {
    double l = 1.0 / (1.0 / kap + (1.0 / lam0[i] - 1.0 / kap) * exp(-4 * kap * t));
    s += (l - kap) * (l - kap);
    x += l * l - 2 * kap * l;
  }
  *L = 0.5 * s + 0.5 * (P - HH) * kap * kap;
  *ex = 0.5 * x;
}

static void initial_eigenvalues(const double *th) {
  gsl_matrix *G = gsl_matrix_alloc(HH, HH);
  for (int a = 0; a < HH; a++)
    for (int b = 0; b < HH; b++) {
      double d = 0;
      for (int i = 0; i < P; i++) d += th[a * P + i] * th[b * P + i];
      gsl_matrix_set(G, a, b, d);
    }
  gsl_vector *ev = gsl_vector_alloc(HH);
  gsl_eigen_symm_workspace *ws = gsl_eigen_symm_alloc(HH);
  gsl_eigen_symm(G, ev, ws);
  for (int i = 0; i < HH; i++) lam0[i] = gsl_vector_get(ev, i);
  gsl_eigen_symm_free(ws);
  gsl_vector_free(ev);
  gsl_matrix_free(G);
}

/* max relative error of loss and excess over the rows */
static double run_error(const gfd_model *m, const double *th0, double T, gfd_method meth, size_t steps, double *Lmax) {
  gfd_flow_opts o;
  gfd_flow_opts_default(&o);
  o.method = meth;
  o.steps = steps;
  o.points = 41;
  size_t d = gfd_model_dim(m);
  double *th = malloc(d * sizeof *th);
  memcpy(th, th0, d * sizeof *th);
  gfd_traj tr;
  gfd_traj_init(&tr);
  gfd_err e = {0};
  int rc = gfd_flow_run(m, th, NULL, 0, T, &o, NULL, &tr, &e);
  double err = rc || tr.n != 41 || tr.status != GFD_RUN_DONE ? INFINITY : 0;
  if (rc) printf("     run failed: %s\n", e.msg);
  *Lmax = 0;
  for (size_t i = 0; i < tr.n; i++) {
    double L, ex;
    exact(tr.t[i], &L, &ex);
    err = fmax(err, fabs(tr.loss[i] - L) / fabs(L));
    err = fmax(err, fabs(tr.excess[i] - ex) / fabs(ex));
    *Lmax = fmax(*Lmax, L);
  }
  gfd_traj_free(&tr);
  free(th);
  return err;
}

int main(void) {
  gfd_library_init();
  gfd_spec s = tm_spec(GFD_SYM, 2, P, HH, 0.24, GFD_TGT_IDENTITY);
  kap = s.kappa = 0.9;
  gfd_err e;
  gfd_model *m = gfd_model_new(&s, NULL, &e);
  size_t d = gfd_model_dim(m);
  double *th0 = malloc(d * sizeof *th0);
  TU_OK(gfd_model_init_params(m, 3, th0, &e));
  initial_eigenvalues(th0);
  double lmax = lam0[0], lmin = lam0[0];
  for (int i = 1; i < HH; i++) {
    lmax = fmax(lmax, lam0[i]);
    lmin = fmin(lmin, lam0[i]);
  }
  double tstar = log(1 - kap / lmax) / (4 * kap), Lm;
  printf("     lambda0 in [%g, %g], t* = %.15g\n", lmin, lmax, tstar);
  tu_true("instance has lambda_max > kappa (ascent diverges)", lmax > kap);

  /* At the default rtol 1e-10 every bar is 10-100x the error measured here
   * (in brackets), so a lost order or a wrong interpolant shows: */
  /* dopri5 (rows by dense output): [1.1e-11] forward, [4.0e-9] backward,
   * where the error grows with L (100-fold here): its 5th order steps at
   * rtol 1e-10 carry more error than rk8pd's 8th order ones */
  tu_abs("dopri5 forward T=2: max rel error", run_error(m, th0, 2.0, GFD_METHOD_DOPRI5, 0, &Lm), 0, 5e-10);
  tu_abs("dopri5 backward to 0.95 t*: max rel error", run_error(m, th0, 0.95 * tstar, GFD_METHOD_DOPRI5, 0, &Lm), 0,
         1e-7);
  /* rk8pd [1.3e-13] forward, [7.9e-12] backward (L grows 100-fold) */
  tu_abs("rk8pd forward T=2: max rel error", run_error(m, th0, 2.0, GFD_METHOD_RK8PD, 0, &Lm), 0, 1e-11);
  tu_abs("rk8pd backward to 0.95 t*: max rel error", run_error(m, th0, 0.95 * tstar, GFD_METHOD_RK8PD, 0, &Lm), 0,
           1e-10);
  printf("     (backward run reaches L = %g)\n", Lm);
  tu_abs("rkf45 forward T=2: max rel error [6.3e-13]", run_error(m, th0, 2.0, GFD_METHOD_RKF45, 0, &Lm), 0, 1e-11);
  /* msbdf's error control is looser than the one-step methods' (order <= 5,
   * local estimates) [4.0e-10] */
  tu_abs("msbdf forward T=2: max rel error", run_error(m, th0, 2.0, GFD_METHOD_MSBDF, 0, &Lm), 0, 1e-8);
  /* RK4: the error must fall by ~2^4 = 16 when the steps double */
  double e1 = run_error(m, th0, 2.0, GFD_METHOD_RK4, 200, &Lm), e2 = run_error(m, th0, 2.0, GFD_METHOD_RK4, 400, &Lm);
  printf("     rk4 errors %.3g (200 steps), %.3g (400 steps)\n", e1, e2);
  tu_abs("rk4 error ratio for doubled steps (order 4)", e1 / e2, 16, 3);

  /* ascent: blow-up time and bracket */
  gfd_flow_opts o;
  gfd_flow_opts_default(&o);
  double *th = malloc(d * sizeof *th);
  memcpy(th, th0, d * sizeof *th);
  gfd_traj tr;
  gfd_traj_init(&tr);
  int rc = gfd_flow_run(m, th, NULL, 0, -1.0, &o, NULL, &tr, &e);
  printf("     ascent: rc %d status %d t* %.15g in [%.15g, %.15g], %zu steps, rows %zu, t_end %.15g\n", rc,
         (int)tr.status, tr.t_star, tr.t_lo, tr.t_hi, tr.nsteps, tr.n, tr.t_end);
  tu_true("ascent to T=-1 reports a blow-up (rc 0)", rc == GFD_OK && tr.status == GFD_RUN_BLOWUP);
  /* measured 8e-13 (dopri5, stopping once the extrapolation spread is below
   * the integration error); the bar is 100x that.  The bracket's half-width
   * is that error, 10 rtol |t*| = 1.7e-10 here. */
  tu_abs("blow-up time vs (1/4kappa) ln(1 - kappa/lambda_max)", tr.t_star, tstar, 1e-10);
  tu_true("bracket contains the exact t*", tr.t_lo <= tstar && tstar <= tr.t_hi);
  tu_true("bracket is tight (< 1e-9)", tr.t_hi - tr.t_lo < 1e-9);
  tu_true("rows stop before t*", tr.n >= 2 && tr.t[tr.n - 1] > tstar);
  gfd_traj_free(&tr);

  /* an ascent that stops before t* says DONE */
  memcpy(th, th0, d * sizeof *th);
  gfd_traj_init(&tr);
  rc = gfd_flow_run(m, th, NULL, 0, 0.5 * tstar, &o, NULL, &tr, &e);
  tu_true("ascent to t*/2 ends DONE with all rows", rc == GFD_OK && tr.status == GFD_RUN_DONE && tr.n == o.points &&
                                                        isnan(tr.t_star));
  gfd_traj_free(&tr);

  /* a lambda_max < kappa instance converges under ascent: no blow-up */
  gfd_spec s2 = s;
  s2.sigma = 0.05;
  gfd_model *m2 = gfd_model_new(&s2, NULL, &e);
  TU_OK(gfd_model_init_params(m2, 3, th, &e));
  gfd_traj_init(&tr);
  rc = gfd_flow_run(m2, th, NULL, 0, -3.0, &o, NULL, &tr, &e);
  tu_true("small init: ascent to T=-3 converges (DONE)", rc == GFD_OK && tr.status == GFD_RUN_DONE);
  gfd_traj_free(&tr);
  gfd_model_free(m2);

  free(th);
  free(th0);
  gfd_model_free(m);
  return tu_done();
}
