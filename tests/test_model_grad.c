/* test_model_grad.c - the Gram-trick gradient against central finite
 * differences of the Gram-trick loss, every kind and target, nu = 2..5. */
#include <config.h>
#include <string.h>
#include "test_model_util.h"

/* Central differences with step h: truncation h^2/6 |L'''| ~ 1e-11 for the
 * O(1) derivatives at sigma = 0.6 and these sizes, rounding eps |L| / h ~
 * 1e-11 |L|.  Measured: at most 6e-10 relative to max|grad| (nu = 5; 1e-11
 * for ASYM nu = 2).  Tolerance 1e-8 relative to max|grad| (floor 1): 17x the
 * worst measured case; a wrong factor or a missing term gives an O(1)
 * relative error, a wrong sign on one entry of H*nu*p entries ~1e-2. */
static void check_case(gfd_kind kind, int nu, gfd_target tgt) {
  size_t p = tgt == GFD_TGT_MODADD ? 5 : 4, H = 3;
  gfd_spec s = tm_spec(kind, nu, p, H, 0.6, tgt);
  gfd_err e;
  gfd_model *m = tu_model(&s);
  gfd_work *w = gfd_work_new(m, NULL, &e);
  size_t d = gfd_model_dim(m);
  double *th = malloc(d * sizeof *th), *g = malloc(d * sizeof *g);
  TU_OK(gfd_model_init_params(m, s.seed, th, &e));
  double L, ex;
  int rc = gfd_model_eval(m, th, w, &L, &ex, g);
  double graw = 0, errmax = 0;
  for (size_t i = 0; i < d; i++) graw = fmax(graw, fabs(g[i]));
  double gmax = fmax(graw, 1);
  const double h = 1e-5;
  for (size_t i = 0; i < d; i++) {
    double keep = th[i], lp, lm;
    th[i] = keep + h;
    TU_OK(gfd_model_eval(m, th, w, &lp, NULL, NULL));
    th[i] = keep - h;
    TU_OK(gfd_model_eval(m, th, w, &lm, NULL, NULL));
    th[i] = keep;
    errmax = fmax(errmax, fabs((lp - lm) / (2 * h) - g[i]));
  }
  char what[96];
  snprintf(what, sizeof what, "%s nu=%d %s: max|grad - FD| / max|grad| (rc %d)", gfd_kind_name(kind), nu,
           gfd_target_name(tgt), rc);
  tu_abs(what, rc == GFD_OK ? errmax / gmax : NAN, 0, 1e-8);
  /* a vanishing gradient would pass the comparison trivially */
  snprintf(what, sizeof what, "%s nu=%d %s: max|grad| = %.3g is not negligible", gfd_kind_name(kind), nu,
           gfd_target_name(tgt), graw);
  tu_true(what, graw > 1e-3);
  free(th);
  free(g);
  gfd_work_free(w);
  gfd_model_free(m);
}

int main(void) {
  gfd_library_init();
  tu_for_all_models(check_case);
  return tu_done();
}
