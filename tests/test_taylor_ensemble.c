/* test_taylor_ensemble.c - ensemble means and standard errors against the
 * instance series, and the error paths of the Taylor API: N out of range, an
 * empty ensemble, the memory budget, NaN parameters, an interrupt (partial
 * results), progress reports, overflow and the rescaled entry point. */
#include <config.h>
#include <signal.h>
#include "test_taylor_util.h"

#define N 12
#define K 5

static int nprog;
static double last_done = -1;
static void on_progress(void *ud, const char *what, double done, double total) {
  (void)ud, (void)what;
  if (done < last_done || done > total) {
    printf("FAIL progress went from %g to %g of %g\n", last_done, done, total);
    tt_failures++;
  }
  last_done = done;
  nprog++;
}

/* Raises the interrupt once the ensemble reaches seed index stop_at. */
static volatile sig_atomic_t stop_flag;
static double stop_at;
static void stop_progress(void *ud, const char *what, double done, double total) {
  (void)ud, (void)what, (void)total;
  if (done >= stop_at) stop_flag = 1;
}

static void expect_code(const char *what, int got, int want, const gfd_err *e) {
  int ok = got == want && (want == GFD_OK || e->msg[0]);
  if (!ok) tt_failures++;
  printf("%s %s: code %d (want %d) message \"%s\"\n", ok ? "ok  " : "FAIL", what, got, want, e->msg);
}

static void ensemble_vs_instances(gfd_kind kind, int nu, gfd_target tg) {
  gfd_spec s = tt_spec(kind, nu, 7, 4, 0.5, tg);
  gfd_model *m = tt_model(&s);
  double inst[K][N + 1], mean[N + 1], se[N + 1];
  gfd_err e;
  for (int k = 0; k < K; k++) {
    double *th = tt_params(m, 100 + k);
    if (gfd_taylor_loss(m, th, N, NULL, inst[k], &e)) {
      printf("FAIL instance: %s\n", e.msg);
      exit(1);
    }
    free(th);
  }
  if (gfd_taylor_ensemble(m, 100, K, N, NULL, mean, se, &e)) {
    printf("FAIL ensemble: %s\n", e.msg);
    exit(1);
  }
  char name[64], what[128];
  tt_name(&s, name, sizeof name);
  for (int n = 0; n <= N; n++) {
    long double mu = 0, v = 0, big = 0;
    for (int k = 0; k < K; k++) mu += inst[k][n], big = fmaxl(big, fabsl(inst[k][n]));
    mu /= K;
    for (int k = 0; k < K; k++) v += (inst[k][n] - mu) * (inst[k][n] - mu);
    double sem = (double)sqrtl(v / (K - 1) / K);
    /* the same instance computations, averaged in another order (Welford):
     * rounding of a few operations on numbers up to max |coef| */
    snprintf(what, sizeof what, "%s mean coef_%d", name, n);
    tt_check(what, mean[n], (double)mu, (double)big, 1e-14);
    /* the standard error is a difference of such numbers: 1e-12 of max |coef| */
    snprintf(what, sizeof what, "%s se coef_%d", name, n);
    tt_check(what, se[n], sem, (double)big, 1e-12);
  }
  /* one seed: the instance itself, standard error 0 */
  TU_OK(gfd_taylor_ensemble(m, 102, 1, N, NULL, mean, se, &e));
  for (int n = 0; n <= N; n++)
    if (mean[n] != inst[2][n] || se[n] != 0) {
      printf("FAIL %s K=1 coef_%d: mean %.17g vs instance %.17g, se %g\n", name, n, mean[n], inst[2][n], se[n]);
      tt_failures++;
    }
  /* interrupted while seed index 2 runs: the mean of seeds 100, 101 only,
   * and seeds_done says 2 (the command's title and message rely on it) */
  gfd_ctl ic = {0};
  ic.interrupt = &stop_flag;
  ic.progress = stop_progress;
  stop_flag = 0;
  stop_at = 2.5;
  size_t done = 99;
  int rc = gfd_taylor_ensemble_ex(m, 100, K, N, &ic, mean, se, &done, &e);
  int bad = rc != GFD_EINTR || done != 2 || !strstr(e.msg, "after 2 of 5 seeds");
  for (int n = 0; n <= N; n++) /* the same two numbers averaged: one rounding */
    bad |= !(fabs(mean[n] - (inst[0][n] + inst[1][n]) / 2) <= 1e-15 * (fabs(inst[0][n]) + fabs(inst[1][n])));
  printf("%s %s interrupted at seed 3 of 5: code %d, seeds_done %zu, \"%s\", coef_0 %.17g vs %.17g\n",
         bad ? "FAIL" : "ok  ", name, rc, done, e.msg, mean[0], (inst[0][0] + inst[1][0]) / 2);
  tt_failures += bad;
  done = 99;
  rc = gfd_taylor_ensemble_ex(m, 100, K, N, NULL, mean, se, &done, &e);
  if (rc || done != K) {
    printf("FAIL %s complete ensemble: code %d, seeds_done %zu (want %d)\n", name, rc, done, K);
    tt_failures++;
  }
  gfd_model_free(m);
}

int main(void) {
  gfd_library_init();
  ensemble_vs_instances(GFD_SYM, 3, GFD_TGT_IDENTITY);
  ensemble_vs_instances(GFD_ASYM, 2, GFD_TGT_TEACHER);

  gfd_spec s = tt_spec(GFD_SYM, 4, 9, 5, 0.5, GFD_TGT_IDENTITY);
  gfd_model *m = tt_model(&s);
  double *th = tt_params(m, 1), c[GFD_TAYLOR_NMAX + 2], se[GFD_TAYLOR_NMAX + 1];
  gfd_err e;
  gfd_err_clear(&e);
  expect_code("N=61", gfd_taylor_loss(m, th, 61, NULL, c, &e), GFD_EINVAL, &e);
  gfd_err_clear(&e);
  expect_code("N=-1", gfd_taylor_loss(m, th, -1, NULL, c, &e), GFD_EINVAL, &e);
  gfd_err_clear(&e);
  expect_code("ensemble N=61", gfd_taylor_ensemble(m, 1, 3, 61, NULL, c, se, &e), GFD_EINVAL, &e);
  gfd_err_clear(&e);
  expect_code("ensemble K=0", gfd_taylor_ensemble(m, 1, 0, 5, NULL, c, se, &e), GFD_EINVAL, &e);
  gfd_ctl ctl = {0};
  ctl.budget = 1000; /* bytes: far below the series' needs */
  gfd_err_clear(&e);
  expect_code("budget 1000 B", gfd_taylor_loss(m, th, 10, &ctl, c, &e), GFD_EBUDGET, &e);
  gfd_err_clear(&e);
  expect_code("ensemble budget 1000 B", gfd_taylor_ensemble(m, 1, 2, 10, &ctl, c, se, &e), GFD_EBUDGET, &e);
  if (!(gfd_taylor_bytes(m, 10) > 1000 && gfd_taylor_bytes(m, 61) == (size_t)-1)) {
    printf("FAIL gfd_taylor_bytes\n");
    tt_failures++;
  }

  /* NaN in theta */
  double keep = th[3];
  th[3] = NAN;
  gfd_err_clear(&e);
  expect_code("NaN parameter", gfd_taylor_loss(m, th, 5, NULL, c, &e), GFD_ENUMERIC, &e);
  th[3] = keep;

  /* interrupt raised before the start: order 0 is done, the rest is NaN */
  volatile sig_atomic_t stop = 1;
  gfd_ctl ic = {0};
  ic.interrupt = &stop;
  double ref[11];
  TU_OK(gfd_taylor_loss(m, th, 10, NULL, ref, &e));
  gfd_err_clear(&e);
  expect_code("interrupt", gfd_taylor_loss(m, th, 10, &ic, c, &e), GFD_EINTR, &e);
  if (!(c[0] == ref[0] && isnan(c[1]) && isnan(c[10]))) {
    printf("FAIL interrupt: partial results coef_0 %g (want %g), coef_1 %g (want NaN)\n", c[0], ref[0], c[1]);
    tt_failures++;
  }
  gfd_err_clear(&e);
  expect_code("interrupted ensemble", gfd_taylor_ensemble(m, 1, 3, 10, &ic, c, se, &e), GFD_EINTR, &e);

  /* progress: monotone, at least once per order */
  gfd_ctl pc = {0};
  pc.progress = on_progress;
  TU_OK(gfd_taylor_loss(m, th, 10, &pc, c, &e));
  if (nprog < 11) {
    printf("FAIL progress reported %d times for 11 orders\n", nprog);
    tt_failures++;
  }
  last_done = -1;
  TU_OK(gfd_taylor_ensemble(m, 1, 3, 4, &pc, c, se, &e));
  free(th);
  gfd_model_free(m);

  /* a radius ~1e-8: coef_60 ~ 1e480 overflows double; the scaled variant
   * holds the same numbers as coef_n = c_n / tscale^n */
  s = tt_spec(GFD_SYM, 4, 30, 10, 2.5, GFD_TGT_ZERO);
  m = tt_model(&s);
  th = tt_params(m, 1);
  double cs[GFD_TAYLOR_NMAX + 1], ts;
  gfd_err_clear(&e);
  expect_code("overflow at N=60", gfd_taylor_loss(m, th, 60, NULL, c, &e), GFD_ENUMERIC, &e);
  gfd_err_clear(&e);
  expect_code("scaled N=60", gfd_taylor_loss_scaled(m, th, 60, NULL, cs, &ts, &e), GFD_OK, &e);
  TU_OK(gfd_taylor_loss(m, th, 20, NULL, c, &e));
  int bad = 0;
  for (int n = 0; n <= 60; n++) bad |= !isfinite(cs[n]);
  for (int n = 0; n <= 20; n++) /* same arithmetic, one rescaling apart */
    bad |= !(fabs(cs[n] / pow(ts, n) - c[n]) <= 1e-13 * fabs(c[n]));
  if (bad) {
    printf("FAIL scaled coefficients (tscale %g)\n", ts);
    tt_failures++;
  } else {
    printf("ok   scaled coefficients finite to n=60, tscale %.3g, c_60 %.3g\n", ts, cs[60]);
  }
  free(th);
  gfd_model_free(m);
  printf("%s: %d failure(s)\n", tt_failures ? "FAIL" : "PASS", tt_failures);
  return tt_failures != 0;
}
