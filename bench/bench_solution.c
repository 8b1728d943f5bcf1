/* bench_solution.c - speed of the solution area's evaluators (make bench):
 * the nu=4 ascent solution per tau point, the MP closed form, the
 * characteristics solver with its self-consistent coefficient, Pade [30/30],
 * the Domb-Sykes fit, and the SYM nu=2 spectrum at p = 2000. */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "gfd/gfd.h"

static double now(void) { return gfd_now(); }

int main(void) {
  gfd_library_init();
  gfd_err e = {0};
  double t0, L, acc = 0;
  int n;

  t0 = now();
  gfd_ascent *A = gfd_ascent_new(4, 3.0, &e);
  double tb = now() - t0;
  t0 = now();
  for (n = 0; n < 2000; n++) {
    gfd_ascent_eval(A, -0.13 * (n + 0.5) / 2000, &L, NULL, NULL, &e);
    acc += L;
  }
  printf("ascent nu=4 kappa4=3: build %.3g ms, eval %.3g us per tau point\n", 1e3 * tb, 1e6 * (now() - t0) / n);
  gfd_ascent_free(A);
  t0 = now();
  A = gfd_ascent_new(6, 8.0, &e);
  tb = now() - t0;
  t0 = now();
  for (n = 0; n < 200; n++) {
    gfd_ascent_eval(A, -0.01 * (n + 0.5) / 200, &L, NULL, NULL, &e);
    acc += L;
  }
  printf("ascent nu=6 (quadrature g, k): build %.3g ms, eval %.3g us per tau point\n", 1e3 * tb,
         1e6 * (now() - t0) / n);
  gfd_ascent_free(A);

  t0 = now();
  for (n = 0; n < 200000; n++) {
    gfd_sym2_mp_loss(0.5, 1.0, 1.0, 1e-5 * n, &L, NULL);
    acc += L;
  }
  printf("MP closed form: %.3g us per point\n", 1e6 * (now() - t0) / n);

  gfd_charpde *P = gfd_charpde_sym4_genfun(3.0, 0, &e);
  t0 = now();
  for (n = 0; n < 200; n++) {
    double Q;
    gfd_charpde_eval(P, -0.12 * (n + 0.5) / 200, 0, &Q, NULL, NULL, &e);
    acc += Q;
  }
  printf("characteristics nu=4 (closure, backward foot): %.3g us per point\n", 1e6 * (now() - t0) / n);
  gfd_charpde_free(P);

  long double cl[61];
  double c[61];
  gfd_sym2_mp_coefs(0.5, 1.0, 1.0, 60, 0, cl, &e);
  for (int k = 0; k <= 60; k++) c[k] = (double)cl[k];
  t0 = now();
  for (n = 0; n < 200; n++) {
    gfd_pade *Pd = gfd_pade_new(c, 30, 30, 0, &e);
    acc += gfd_pade_eval(Pd, 0.1);
    gfd_pade_free(Pd);
  }
  printf("Pade [30/30] (SVD): %.3g ms each\n", 1e3 * (now() - t0) / n);
  t0 = now();
  for (n = 0; n < 20000; n++) {
    gfd_sing s;
    gfd_series_ratio(c, 60, 3, 5, &s, &e);
    acc += s.re;
  }
  printf("Domb-Sykes on 60 coefficients: %.3g us each\n", 1e6 * (now() - t0) / n);

  gfd_spec sp;
  gfd_spec_default(&sp);
  sp.kind = GFD_SYM, sp.nu = 2, sp.p = 2000, sp.H = 1000, sp.sigma = sqrt(1.0 / 2000);
  gfd_model *m = gfd_model_new(&sp, NULL, &e);
  double *th = malloc(gfd_model_dim(m) * sizeof *th), *lam = malloc(1000 * sizeof *lam);
  size_t r;
  gfd_model_init_params(m, 1, th, &e);
  t0 = now();
  gfd_sym2_eigen(2000, 1000, th, lam, &r, NULL, &e);
  printf("SYM nu=2 spectrum p=2000 H=1000 (dsyrk + dsyevd): %.3g s\n", now() - t0);
  free(th);
  free(lam);
  gfd_model_free(m);
  return acc == 12345.678 ? 1 : 0; /* keep the loops */
}
