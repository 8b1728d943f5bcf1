/* test_model_budget.c - spec validation, the memory budget (refusal with
 * nothing allocated) and non-finite parameters. */
#include <config.h>
#include <malloc.h>
#include <stdint.h>
#include <string.h>
#include "test_model_util.h"

static void expect_invalid(const char *what, gfd_spec s) {
  gfd_err e = {0};
  int rc = gfd_spec_check(&s, &e);
  gfd_model *m = gfd_model_new(&s, NULL, &e);
  char buf[700];
  snprintf(buf, sizeof buf, "%s is refused (%s)", what, e.msg);
  tu_true(buf, rc == GFD_EINVAL && m == NULL && e.msg[0]);
  gfd_model_free(m);
}

int main(void) {
  gfd_library_init();
  gfd_spec s;
  gfd_err e = {0};
  gfd_spec_default(&s);
  tu_true("default spec is valid", gfd_spec_check(&s, &e) == GFD_OK);

  gfd_spec b = s; b.nu = 1; expect_invalid("nu=1", b);
  b = s; b.nu = 9; expect_invalid("nu=9", b);
  b = s; b.p = 0; expect_invalid("p=0", b);
  b = s; b.H = 0; expect_invalid("H=0", b);
  b = s; b.sigma = -1; expect_invalid("sigma=-1", b);
  b = s; b.sigma = 0; expect_invalid("sigma=0", b);
  b = s; b.sigma = NAN; expect_invalid("sigma=nan", b);
  b = s; b.sigma = INFINITY; expect_invalid("sigma=inf", b);
  b = s; b.kappa = INFINITY; expect_invalid("kappa=inf", b);
  b = s; b.target = GFD_TGT_TEACHER; b.r = 0; expect_invalid("teacher r=0", b);
  b = s; b.target = GFD_TGT_MODADD; b.nu = 4; expect_invalid("modadd with nu=4", b);
  b = s; b.p = SIZE_MAX / 2; b.H = SIZE_MAX / 2; expect_invalid("p, H overflowing", b);
  b = s; b.kind = GFD_ASYM; b.p = (size_t)1 << 30; b.H = (size_t)1 << 30; expect_invalid("p, H over INT_MAX products", b);

  /* Budget: a model needing ~8 GB against the default 4 GiB, and the default
   * model against a 1 KiB budget. Refused with GFD_EBUDGET, nothing allocated. */
  b = s;
  b.p = 1000000;
  b.H = 1000;
  size_t need = gfd_spec_bytes(&b);
  tu_true("estimate of p=1e6, H=1e3 is over 4 GiB", need > GFD_DEFAULT_BUDGET && need != SIZE_MAX);
  struct mallinfo2 before = mallinfo2();
  gfd_ctl four = {.budget = GFD_DEFAULT_BUDGET}; /* the default follows the machine */
  gfd_model *m = gfd_model_new(&b, &four, &e);
  struct mallinfo2 after = mallinfo2();
  tu_true("over-budget model refused with EBUDGET", m == NULL && e.code == GFD_EBUDGET);
  printf("     message: %s\n", e.msg);
  tu_true("nothing allocated by the refusal", before.uordblks == after.uordblks);
  gfd_ctl ctl = {0};
  ctl.budget = 1024;
  m = gfd_model_new(&s, &ctl, &e);
  tu_true("default model refused under a 1 KiB budget", m == NULL && e.code == GFD_EBUDGET);
  ctl.budget = gfd_spec_bytes(&s);
  m = gfd_model_new(&s, &ctl, &e);
  tu_true("default model accepted with exactly its estimate as budget", m != NULL);

  /* the workspace checks the budget too */
  ctl.budget = 1024;
  gfd_work *w = gfd_work_new(m, &ctl, &e);
  tu_true("workspace refused under a 1 KiB budget", w == NULL && e.code == GFD_EBUDGET);
  w = gfd_work_new(m, NULL, &e);

  /* non-finite parameters */
  size_t d = gfd_model_dim(m);
  double *th = calloc(d, sizeof *th), *g = calloc(d, sizeof *g), L;
  /* the seed rule holds in the library itself, for every caller */
  tu_true("init_params refuses seed 0 (GSL would use 4357)",
          gfd_model_init_params(m, 0, th, &e) == GFD_EINVAL && strstr(e.msg, "seed=0"));
  tu_true("init_params refuses a seed over 32 bits",
          gfd_model_init_params(m, 4294967296UL, th, &e) == GFD_EINVAL);
  tu_true("init_params accepts seed 4294967295",
          gfd_model_init_params(m, 4294967295UL, th, &e) == GFD_OK);
  TU_OK(gfd_model_init_params(m, 1, th, &e));
  tu_true("finite parameters evaluate", gfd_model_eval(m, th, w, &L, NULL, g) == GFD_OK && isfinite(L));
  th[d / 2] = NAN;
  tu_true("NaN parameter gives ENUMERIC", gfd_model_eval(m, th, w, &L, NULL, g) == GFD_ENUMERIC);
  th[d / 2] = -INFINITY;
  tu_true("inf parameter gives ENUMERIC", gfd_model_eval(m, th, w, &L, NULL, g) == GFD_ENUMERIC);
  th[d / 2] = 1e200; /* finite, but G = 1e400 overflows */
  tu_true("overflowing loss gives ENUMERIC", gfd_model_eval(m, th, w, &L, NULL, g) == GFD_ENUMERIC);
  free(th);
  free(g);
  gfd_work_free(w);
  gfd_model_free(m);
  return tu_done();
}
