/* test_diagram_mc.c - issue 3 test (b): the diagram expectations
 * E[L^(n)(0)]/n! against Monte Carlo means of exact per-instance Taylor
 * coefficients (the taylor area's Gram-trick recursion, gfd_taylor_ensemble)
 * at moderate sizes, within 4 standard errors.
 *
 * sigma is put near the balance line H sigma^(2 nu) p^nu ~ p, where the
 * target terms and the free terms are of the same size, so that both parts of
 * the polynomials are tested; sizes are moderate (p up to 30), so that every
 * monomial p^a H^b matters (p, H <= 2 in the quadrature test cannot pin all of
 * them).  L^(n)(0) is a polynomial of degree 2 nu + n (2 nu - 2) in Gaussians,
 * so its distribution is heavy-tailed: the sample mean approaches the
 * expectation slowly and its standard error is itself noisy.  Measured: at the
 * balance, SYM nu=4 n=3 needs ~1e5 seeds before z settles (3000 seeds gave
 * z = 4.6); with sigma^2 at 0.6 of the balance and 20000 seeds |z| < 2.5
 * everywhere.  With ~40 comparisons at 4 standard errors a
 * correct polynomial fails with probability ~40 * 6e-5 (Gaussian tails; the
 * seeds are fixed, so the outcome is reproducible). */
#include <config.h>
#include "testutil.h"

typedef struct mcase {
  gfd_kind kind;
  int nu;
  size_t p, H;
  int N;
  gfd_target target;
  double kappa;
  double sfac; /* sigma^2 relative to the balance value */
} mcase;

#define SAMPLES 20000

int main(void) {
  gfd_library_init();
  static const mcase cases[] = {
      {GFD_SYM, 2, 30, 12, 4, GFD_TGT_IDENTITY, 1.0, 1.0},  {GFD_SYM, 2, 16, 24, 4, GFD_TGT_ZERO, 1.0, 1.0},
      {GFD_SYM, 3, 20, 8, 3, GFD_TGT_IDENTITY, 1.2, 0.8},   {GFD_SYM, 4, 16, 8, 3, GFD_TGT_IDENTITY, 1.0, 0.6},
      {GFD_ASYM, 2, 24, 12, 4, GFD_TGT_IDENTITY, 0.8, 1.0}, {GFD_ASYM, 3, 16, 8, 3, GFD_TGT_IDENTITY, 1.0, 0.8},
      {GFD_ASYM, 4, 12, 6, 3, GFD_TGT_IDENTITY, 1.0, 0.8},  {GFD_ASYM, 3, 10, 20, 3, GFD_TGT_ZERO, 1.0, 1.0},
  };
  for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
    const mcase *k = &cases[c];
    gfd_err e;
    gfd_spec sp;
    gfd_spec_default(&sp);
    sp.kind = k->kind;
    sp.nu = k->nu;
    sp.p = k->p;
    sp.H = k->H;
    sp.target = k->target;
    sp.kappa = k->kappa;
    /* balance: H sigma^(2 nu) p^nu = p */
    double s2 = k->sfac * pow(pow((double)k->p, 1.0 - k->nu) / (double)k->H, 1.0 / k->nu);
    sp.sigma = sqrt(s2);
    gfd_model *m = gfd_model_new(&sp, NULL, &e);
    gfd_diagrams *d = gfd_diagrams_new(k->kind, k->nu, k->target, &e);
    if (!m || !d) {
      printf("FAIL: setup: %s\n", e.msg);
      return 1;
    }
    double mean[16], se[16];
    if (gfd_taylor_ensemble(m, 1000 + 17 * c, SAMPLES, k->N, NULL, mean, se, &e)) {
      printf("FAIL: ensemble: %s\n", e.msg);
      return 1;
    }
    double fact = 1;
    for (int n = 0; n <= k->N; n++) {
      if (n) fact *= n;
      const gfd_poly *P;
      if (gfd_diagrams_poly(d, GFD_FAMILY_FULL, n, NULL, &P, &e)) {
        printf("FAIL: poly: %s\n", e.msg);
        return 1;
      }
      double kap = k->target == GFD_TGT_IDENTITY ? k->kappa : 0.0;
      double ex = (double)(gfd_poly_evall(P, (long double)k->p, (long double)k->H, s2, kap) / fact);
      double z = se[n] > 0 ? (mean[n] - ex) / se[n] : (mean[n] == ex ? 0 : INFINITY);
      tu_check(fabs(z) <= 4.0, "%s nu=%d p=%zu H=%zu %s n=%d: diagrams %.8g  MC %.8g +- %.2g (%d seeds)  z=%.2f",
               gfd_kind_name(k->kind), k->nu, k->p, k->H, gfd_target_name(k->target), n, ex, mean[n], se[n],
               SAMPLES, z);
    }
    gfd_model_free(m);
    gfd_diagrams_free(d);
  }
  return tu_done();
}
