/* test_model_dense.c - Gram-trick loss and excess against the dense tensors
 * f and y at tiny sizes, for every kind, target and nu = 2..5; plus the
 * properties of the initialisation and of the teacher. */
#include <config.h>
#include <string.h>
#include "test_model_util.h"
#include "flow/model_internal.h"

static void check_case(gfd_kind kind, int nu, gfd_target tgt) {
  size_t p = 3, H = 2;
  gfd_spec s = tm_spec(kind, nu, p, H, 0.7, tgt);
  gfd_err e;
  gfd_model *m = tu_model(&s);
  gfd_work *w = gfd_work_new(m, NULL, &e);
  size_t d = gfd_model_dim(m), n = 1;
  for (int k = 0; k < nu; k++) n *= p;
  double *th = malloc(d * sizeof *th), *f = malloc(n * sizeof *f), *y = malloc(n * sizeof *y);
  TU_OK(gfd_model_init_params(m, s.seed, th, &e));
  double L, ex;
  int rc = gfd_model_eval(m, th, w, &L, &ex, NULL);
  TU_OK(gfd_model_dense(m, th, f, y, &e));
  double f2 = 0, fy = 0, y2 = 0, r2 = 0;
  for (size_t i = 0; i < n; i++) {
    f2 += f[i] * f[i];
    fy += f[i] * y[i];
    y2 += y[i] * y[i];
    r2 += (f[i] - y[i]) * (f[i] - y[i]);
  }
  /* The two routes sum the same O(p^nu) terms in different orders: relative
   * rounding ~ n eps < 1e-13.  1e-12 (of the largest part) allows that. */
  double scale = fmax(fmax(0.5 * f2, fabs(fy)), 0.5 * y2);
  char what[96];
  snprintf(what, sizeof what, "%s nu=%d %s: loss (rc %d)", gfd_kind_name(kind), nu, gfd_target_name(tgt), rc);
  tu_abs(what, L, 0.5 * r2, 1e-12 * scale);
  snprintf(what, sizeof what, "%s nu=%d %s: excess", gfd_kind_name(kind), nu, gfd_target_name(tgt));
  tu_abs(what, ex, 0.5 * f2 - fy, 1e-12 * scale);
  snprintf(what, sizeof what, "%s nu=%d %s: ||y||^2/2", gfd_kind_name(kind), nu, gfd_target_name(tgt));
  tu_abs(what, gfd_model_target_half_norm2(m), 0.5 * y2, 1e-12 * scale);
  if (tgt != GFD_TGT_ZERO) {
    snprintf(what, sizeof what, "%s nu=%d %s: <f,y> is not negligible", gfd_kind_name(kind), nu,
             gfd_target_name(tgt));
    tu_true(what, fabs(fy) > 1e-3);
  }
  free(th);
  free(f);
  free(y);
  gfd_work_free(w);
  gfd_model_free(m);
}

static void check_init_and_teacher(void) {
  gfd_spec s = tm_spec(GFD_ASYM, 3, 50, 40, 0.3, GFD_TGT_TEACHER);
  s.r = 3;
  gfd_err e;
  gfd_model *m = gfd_model_new(&s, NULL, &e);
  size_t d = gfd_model_dim(m), r;
  tu_true("asym dim = nu H p", d == 3 * 50 * 40);
  double *a = malloc(d * sizeof *a), *b = malloc(d * sizeof *b);
  TU_OK(gfd_model_init_params(m, 7, a, &e));
  TU_OK(gfd_model_init_params(m, 7, b, &e));
  tu_true("same seed, same parameters", memcmp(a, b, d * sizeof *a) == 0);
  TU_OK(gfd_model_init_params(m, 8, b, &e));
  tu_true("another seed, other parameters", memcmp(a, b, d * sizeof *a) != 0);
  double m1 = 0, m2 = 0;
  for (size_t i = 0; i < d; i++) {
    m1 += a[i];
    m2 += a[i] * a[i];
  }
  m1 /= (double)d;
  m2 /= (double)d;
  /* 6000 N(0, 0.09) draws: the mean has sd 0.3/sqrt(6000) = 0.0039 (5 sd
   * below), the variance sd 0.09 sqrt(2/6000) = 0.0016 (tolerance 5 sd) */
  tu_abs("init mean", m1, 0, 0.02);
  tu_abs("init variance", m2, 0.09, 0.0082);
  const double *T = gfd_model_teacher(m, &r);
  tu_true("teacher rank", r == 3 && T != NULL);
  for (size_t row = 0; row < 3 * r; row++) {
    double n2 = 0;
    for (size_t i = 0; i < 50; i++) n2 += T[row * 50 + i] * T[row * 50 + i];
    tu_abs("teacher factor has unit norm", n2, 1, 1e-14);
  }
  free(a);
  free(b);
  gfd_model_free(m);
}

int main(void) {
  gfd_library_init();
  tu_for_all_models(check_case);
  check_init_and_teacher();
  return tu_done();
}
