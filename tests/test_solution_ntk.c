/* test_solution_ntk.c - NTK (lazy) solutions (gfd-theory(7) 5.3):
 *  - the Gauss-Newton product J^T J x against a dense Jacobian (finite
 *    differences of the dense model) at tiny sizes, SYM and ASYM;
 *  - the linearised curve: spectral route (nu = 2) and parameter-space
 *    integration (nu = 3) against the dense NTK exp(-2Kt) at tiny sizes;
 *  - in the lazy regime (ASYM nu = 2 with H = p^2, sigma^2 = p^(-3/2), on the
 *    balance line with a = 2 > 1 and a + b = 1/2 > 0) the simulated flow
 *    against ntk-linear and the one-exponential law (4 seeds): small and
 *    decreasing with p; the error the reason announces is within a factor 2;
 *  - SYM nu = 3 at p = 8: lazy by the exponents but far off, and the reason
 *    says how far;
 *  - the domain: even-nu SYM is refused, a non-lazy ASYM model too. */
#include <config.h>
#include <stdarg.h>
#include <gsl/gsl_eigen.h>
#include "flow/model_internal.h"
#include "test_solution_util.h"

/* dense J (P x D, P = p^nu outputs) by central differences of f; f is a
 * polynomial of degree nu in each parameter, so the error is O(h^2) * f''' */
static double *dense_jacobian(const gfd_model *m, const double *th, size_t *P) {
  const gfd_spec *s = gfd_model_spec(m);
  size_t D = gfd_model_dim(m), np = 1;
  for (int k = 0; k < s->nu; k++) np *= s->p;
  double *J = malloc(np * D * sizeof *J), *fp = malloc(np * sizeof *fp), *fm = malloc(np * sizeof *fm);
  double *t = malloc(D * sizeof *t);
  memcpy(t, th, D * sizeof *t);
  gfd_err e = {0};
  const double h = 1e-5;
  for (size_t j = 0; j < D; j++) {
    t[j] = th[j] + h;
    if (gfd_model_dense(m, t, fp, NULL, &e)) ts_fatal("dense", &e);
    t[j] = th[j] - h;
    TU_OK(gfd_model_dense(m, t, fm, NULL, &e));
    t[j] = th[j];
    for (size_t i = 0; i < np; i++) J[i * D + j] = (fp[i] - fm[i]) / (2 * h);
  }
  free(fp);
  free(fm);
  free(t);
  *P = np;
  return J;
}

/* L_lin(t) = 1/2 r0^T exp(-2 K t) r0 with K = J J^T, by eigendecomposition */
static void dense_lin(const gfd_model *m, const double *th, const double *J, size_t P, int nt, const double *t,
                      double *L) {
  size_t D = gfd_model_dim(m);
  double *f = malloc(P * sizeof *f), *y = malloc(P * sizeof *y);
  gfd_err e = {0};
  TU_OK(gfd_model_dense(m, th, f, y, &e));
  gsl_matrix *K = gsl_matrix_alloc(P, P), *V = gsl_matrix_alloc(P, P);
  for (size_t a = 0; a < P; a++)
    for (size_t b = 0; b < P; b++) {
      double s = 0;
      for (size_t j = 0; j < D; j++) s += J[a * D + j] * J[b * D + j];
      gsl_matrix_set(K, a, b, s);
    }
  gsl_vector *ev = gsl_vector_alloc(P);
  gsl_eigen_symmv_workspace *w = gsl_eigen_symmv_alloc(P);
  gsl_eigen_symmv(K, ev, V, w);
  for (int i = 0; i < nt; i++) {
    double s = 0;
    for (size_t k = 0; k < P; k++) {
      double c = 0;
      for (size_t a = 0; a < P; a++) c += gsl_matrix_get(V, a, k) * (f[a] - y[a]);
      s += 0.5 * c * c * exp(-2 * gsl_vector_get(ev, k) * t[i]);
    }
    L[i] = s;
  }
  gsl_eigen_symmv_free(w);
  gsl_vector_free(ev);
  gsl_matrix_free(K);
  gsl_matrix_free(V);
  free(f);
  free(y);
}

static void tiny_checks(gfd_kind kind, int nu, size_t p, size_t H, gfd_target tgt, int want_spectral) {
  gfd_model *m = ts_model(kind, nu, p, H, 0.6, tgt, 0.8);
  double *th = ts_params(m, 9);
  size_t D = gfd_model_dim(m), P;
  double *J = dense_jacobian(m, th, &P);
  /* J^T J x for a random-ish x */
  double *x = malloc(D * sizeof *x), *y = malloc(D * sizeof *y), err = 0, nrm = 0;
  for (size_t j = 0; j < D; j++) x[j] = sin(1.0 + 3.0 * j);
  gfd_err e = {0};
  if (gfd_ntk_jtj(kind, nu, p, H, th, x, y, &e)) ts_fatal("jtj", &e);
  for (size_t j = 0; j < D; j++) {
    double s = 0;
    for (size_t a = 0; a < P; a++) {
      double jx = 0;
      for (size_t i = 0; i < D; i++) jx += J[a * D + i] * x[i];
      s += J[a * D + j] * jx;
    }
    err = fmax(err, fabs(s - y[j]));
    nrm = fmax(nrm, fabs(s));
  }
  char w[128];
  /* finite-difference Jacobian: relative error ~ h^2 = 1e-10 */
  snprintf(w, sizeof w, "%s nu=%d p=%zu H=%zu: J^T J x vs dense", gfd_kind_name(kind), nu, p, H);
  ts_below(w, err / nrm, 1e-8);
  /* the linearised curve, both time directions */
  const double t[5] = {-0.05, 0, 0.05, 0.2, 1.0};
  double Ld[5], Ll[5];
  dense_lin(m, th, J, P, 5, t, Ld);
  gfd_ntk_lin *N = gfd_ntk_lin_new(m, th, NULL, &e);
  if (!N) ts_fatal("ntk_lin", &e);
  snprintf(w, sizeof w, "  %s route", want_spectral ? "spectral" : "parameter-space");
  ts_true(w, gfd_ntk_lin_spectral(N) == want_spectral);
  if (gfd_ntk_lin_eval(N, 5, t, Ll, NULL, NULL, &e)) ts_fatal("ntk_lin eval", &e);
  err = 0;
  for (int i = 0; i < 5; i++) err = fmax(err, fabs(Ll[i] - Ld[i]) / Ld[i]);
  snprintf(w, sizeof w, "  linearised curve vs dense exp(-2Kt), t in [-0.05, 1]");
  ts_below(w, err, 1e-7);
  gfd_ntk_lin_free(N);
  free(x);
  free(y);
  free(J);
  free(th);
  gfd_model_free(m);
}

/* lazy regime: H = p^a, sigma^2 = p^b; errors over t in [0, 1/k] (the loss
 * falls to e^-2 of L0 there) of seed `seed`: ntk-linear (elin, may be NULL)
 * and the one exponential (elim) */
static void lazy_errors(gfd_kind kind, int nu, size_t p, size_t H, double s2, unsigned long seed, double *elin,
                        double *elim) {
  gfd_model *m = ts_model(kind, nu, p, H, sqrt(s2), GFD_TGT_IDENTITY, 1.0);
  double *th = ts_params(m, seed);
  gfd_err e = {0};
  double k = gfd_ntk_rate(gfd_model_spec(m));
  gfd_solution *Sl = elin ? gfd_solution_new(GFD_SOL_NTK_LINEAR, m, th, NULL, &e) : NULL;
  gfd_solution *Sk = gfd_solution_new(GFD_SOL_NTK_LIMIT, m, th, NULL, &e);
  if ((elin && !Sl) || !Sk) ts_fatal("ntk solutions", &e);
  gfd_traj tr;
  ts_flow(m, th, 1.0 / k, 11, &tr);
  double *a = malloc(tr.n * sizeof *a), *b = malloc(tr.n * sizeof *b);
  if (Sl) gfd_solution_eval(Sl, tr.n, tr.t, a, NULL, NULL, &e);
  TU_OK(gfd_solution_eval(Sk, tr.n, tr.t, b, NULL, NULL, &e));
  if (elin) *elin = 0;
  *elim = 0;
  for (size_t i = 0; i < tr.n; i++) {
    if (elin) *elin = fmax(*elin, fabs(a[i] - tr.loss[i]) / tr.loss[i]);
    *elim = fmax(*elim, fabs(b[i] - tr.loss[i]) / tr.loss[i]);
  }
  free(a);
  free(b);
  gfd_traj_free(&tr);
  gfd_solution_free(Sl);
  gfd_solution_free(Sk);
  free(th);
  gfd_model_free(m);
}

static void checkf(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void checkf(int ok, const char *fmt, ...) {
  char w[300];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(w, sizeof w, fmt, ap);
  va_end(ap);
  ts_true(w, ok);
}

/* the error the reason of `ntk` announces ("off by ~X%") */
static double announced(gfd_kind kind, int nu, size_t p, size_t H, double s2, char *why, size_t n) {
  gfd_spec s;
  gfd_spec_default(&s);
  s.kind = kind, s.nu = nu, s.p = p, s.H = H, s.sigma = sqrt(s2), s.target = GFD_TGT_IDENTITY, s.kappa = 1;
  if (gfd_solution_applies(GFD_SOL_NTK_LIMIT, &s, 0, 1, why, n) == GFD_APPLY_NO) return NAN;
  const char *q = strstr(why, "off by ~");
  return q ? atof(q + 8) / 100 : NAN;
}

int main(void) {
  gfd_library_init();
  gfd_err e = {0};
  tiny_checks(GFD_SYM, 2, 3, 2, GFD_TGT_IDENTITY, 1);
  tiny_checks(GFD_ASYM, 2, 3, 2, GFD_TGT_IDENTITY, 1);
  tiny_checks(GFD_SYM, 3, 3, 2, GFD_TGT_IDENTITY, 0);
  tiny_checks(GFD_ASYM, 3, 3, 2, GFD_TGT_IDENTITY, 0);
  tiny_checks(GFD_ASYM, 2, 3, 2, GFD_TGT_TEACHER, 0);

  /* the lazy regime, ASYM nu = 2 with H = p^2, sigma^2 = p^(-3/2): a = 2 > 1,
   * a + nu b/2 = 1/2 > 0; ntk-linear on seed 4, the one exponential on seeds
   * 4..7 (mean and max of the per-seed errors) */
  const size_t ps[3] = {8, 16, 24};
  double el[3], ek[3], em[3], an[3];
  char why[600];
  for (int j = 0; j < 3; j++) {
    size_t p = ps[j];
    double s2 = pow((double)p, -1.5), e1;
    lazy_errors(GFD_ASYM, 2, p, p * p, s2, 4, &el[j], &ek[j]);
    em[j] = ek[j] / 4;
    for (unsigned long sd = 5; sd < 8; sd++) {
      lazy_errors(GFD_ASYM, 2, p, p * p, s2, sd, NULL, &e1);
      ek[j] = fmax(ek[j], e1);
      em[j] += e1 / 4;
    }
    an[j] = announced(GFD_ASYM, 2, p, p * p, s2, why, sizeof why);
    printf("     ASYM nu=2 p=%zu H=p^2 sigma^2=p^-1.5, t in [0, 1/k]: ntk-linear %.3g; ntk (one exponential) "
           "mean %.3g, max %.3g over 4 seeds; announced ~%.3g\n", p, el[j], em[j], ek[j], an[j]);
  }
  /* laziness improves like p^-(a + nu b/2) = p^-1/2 in the parameters' relative
   * motion; measured (max relative error of L on [0, 1/k]): ntk-linear 12.7%,
   * 5.1%, 3.5% (seed 4; 2.5% at p = 32); the one exponential, mean over seeds
   * 4..7 10.7%, 7.5%, 4.8% and max 16.4%, 11.8%, 7.1% (3.5% and 5.0% at
   * p = 32, outside the suite's budget); a single seed is not monotone (5.6%,
   * 7.7%, 5.8% for seed 4: the random NTK spectrum at small p) */
  ts_below("ntk-linear vs simulation at p = 24", el[2], 0.05);
  ts_true("  its error shrinks with p (by > 1.5 from 8 to 16, > 1.25 from 16 to 24)",
          el[0] > 1.5 * el[1] && el[1] > 1.25 * el[2]);
  ts_below("ntk (one exponential, mean of 4 seeds) vs simulation at p = 24", em[2], 0.065);
  ts_true("  its mean and max errors decrease with p (8 > 16 > 24)",
          em[0] > em[1] && em[1] > em[2] && ek[0] > ek[1] && ek[1] > ek[2]);
  /* the reason's estimate 0.5 d is honest: within a factor 2 of the max */
  for (int j = 0; j < 3; j++)
    checkf(an[j] > 0.5 * ek[j] && an[j] < 2 * ek[j], "  p = %zu: announced error %.3g vs measured max %.3g (factor 2)",
           ps[j], an[j], ek[j]);

  /* odd-nu SYM (nu = 3, H = p^2.5, sigma^2 = 1/p): lazy by the exponents, but
   * 30-50% off at the sizes a test can afford; the reason must say so */
  {
    size_t p = 8, H = 181;
    double s2 = 1.0 / 8, e1, emax = 0;
    for (unsigned long sd = 4; sd < 6; sd++) {
      lazy_errors(GFD_SYM, 3, p, H, s2, sd, NULL, &e1);
      emax = fmax(emax, e1);
    }
    double a3 = announced(GFD_SYM, 3, p, H, s2, why, sizeof why);
    printf("     SYM nu=3 p=8 H=181 sigma^2=1/8: ntk (one exponential, max over 2 seeds) %.3g; reason: %s\n", emax,
           why);
    /* measured 0.51 (seeds 4, 5) */
    checkf(emax > 0.2, "SYM nu=3 at p = 8: the one exponential is far off (%.3g): not a small correction", emax);
    checkf(a3 > 0.5 * emax && a3 < 2 * emax, "  the reason announces ~%.3g (measured %.3g, factor 2)", a3, emax);
  }

  /* domain */
  gfd_spec s;
  gfd_spec_default(&s);
  s.kind = GFD_SYM, s.nu = 4, s.p = 100, s.H = 10, s.sigma = 0.1, s.target = GFD_TGT_IDENTITY, s.kappa = 1;
  ts_true("even-nu SYM: ntk refused", gfd_solution_applies(GFD_SOL_NTK_LIMIT, &s, 0, 1, why, sizeof why) ==
                                          GFD_APPLY_NO);
  printf("     (%s)\n", why);
  s.kind = GFD_ASYM, s.nu = 2, s.p = 100, s.H = 10, s.sigma = 0.1;
  ts_true("ASYM with H = p^0.5: not lazy", gfd_solution_applies(GFD_SOL_NTK_LIMIT, &s, 0, 1, why, sizeof why) ==
                                               GFD_APPLY_NO);
  printf("     (%s)\n", why);
  ts_true("ntk-linear is always available as a reference",
          gfd_solution_applies(GFD_SOL_NTK_LINEAR, &s, 0, 1, why, sizeof why) != GFD_APPLY_NO);
  (void)e;
  return ts_done();
}
