/* test_taylor_ws.c - the caller-held Taylor workspace (gfd_taylor_ws): series
 * computed in one reused workspace, over several seeds and orders (larger
 * and smaller in turn, so a run follows another that left more orders
 * behind), are bitwise equal to the one-shot routines, for SYM and ASYM and
 * every target; so are the ensemble in a caller's workspace and the rescaled
 * routine.  A workspace refuses a larger order and another model. */
#include <config.h>
#include "test_taylor_util.h"

#define NW 20

static void expect_code(const char *what, int got, int want, const gfd_err *e, const char *needle) {
  int ok = got == want && e->msg[0] && (!needle || strstr(e->msg, needle));
  if (!ok) tt_failures++;
  printf("%s %s: code %d (want %d) message \"%s\"\n", ok ? "ok  " : "FAIL", what, got, want, e->msg);
}

static void same_bits(const char *what, const double *a, const double *b, int n1) {
  int ok = memcmp(a, b, (size_t)n1 * sizeof(double)) == 0;
  if (!ok) {
    tt_failures++;
    for (int n = 0; n < n1; n++)
      if (memcmp(&a[n], &b[n], sizeof(double)))
        printf("     coef_%d: %.17g vs %.17g\n", n, a[n], b[n]);
  }
  printf("%s %s: %d coefficients bitwise equal\n", ok ? "ok  " : "FAIL", what, n1);
}

static void reuse(gfd_kind kind, int nu, size_t p, size_t H, gfd_target tg) {
  gfd_spec s = tt_spec(kind, nu, p, H, 0.5, tg);
  gfd_model *m = tt_model(&s);
  char name[64], what[160];
  tt_name(&s, name, sizeof name);
  gfd_err e;
  gfd_taylor_ws *w = gfd_taylor_ws_new(m, NW, NULL, &e);
  if (!w || gfd_taylor_ws_order(w) != NW) {
    printf("FAIL %s: gfd_taylor_ws_new: %s\n", name, w ? "wrong order" : e.msg);
    tt_failures++;
    gfd_taylor_ws_free(w);
    gfd_model_free(m);
    return;
  }
  static const int orders[] = {NW, 5, 12, 0, 1, NW, 7};
  for (size_t i = 0; i < sizeof orders / sizeof *orders; i++) {
    int N = orders[i];
    unsigned long seed = 1 + i % 3;
    double *th = tt_params(m, seed), fresh[NW + 1], got[NW + 1], fs[NW + 1], gs[NW + 1], fts, gts;
    if (gfd_taylor_loss(m, th, N, NULL, fresh, &e) || gfd_taylor_loss_ex(w, m, th, N, NULL, got, &e) ||
        gfd_taylor_loss_scaled(m, th, N, NULL, fs, &fts, &e) ||
        gfd_taylor_loss_scaled_ex(w, m, th, N, NULL, gs, &gts, &e)) {
      printf("FAIL %s N=%d seed=%lu: %s\n", name, N, seed, e.msg);
      tt_failures++;
    } else {
      snprintf(what, sizeof what, "%s seed=%lu N=%d reused vs fresh", name, seed, N);
      same_bits(what, got, fresh, N + 1);
      snprintf(what, sizeof what, "%s seed=%lu N=%d scaled reused vs fresh", name, seed, N);
      same_bits(what, gs, fs, N + 1);
      same_bits("    tscale", &gts, &fts, 1);
    }
    free(th);
  }
  /* the ensemble in the caller's workspace (after all the runs above) */
  int N = 9;
  double m1[NW + 1], s1[NW + 1], m2[NW + 1], s2[NW + 1];
  size_t d1 = 0, d2 = 0;
  if (gfd_taylor_ensemble_ex(m, 40, 4, N, NULL, m1, s1, &d1, &e) ||
      gfd_taylor_ensemble_ws(w, m, 40, 4, N, NULL, m2, s2, &d2, &e) || d1 != 4 || d2 != 4) {
    printf("FAIL %s ensemble: %s (seeds %zu, %zu)\n", name, e.msg, d1, d2);
    tt_failures++;
  } else {
    snprintf(what, sizeof what, "%s ensemble mean in a reused workspace", name);
    same_bits(what, m2, m1, N + 1);
    snprintf(what, sizeof what, "%s ensemble se in a reused workspace", name);
    same_bits(what, s2, s1, N + 1);
  }
  gfd_taylor_ws_free(w);
  gfd_model_free(m);
}

int main(void) {
  gfd_library_init();
  reuse(GFD_SYM, 2, 40, 24, GFD_TGT_IDENTITY);
  reuse(GFD_SYM, 4, 30, 20, GFD_TGT_TEACHER);
  reuse(GFD_SYM, 3, 17, 12, GFD_TGT_MODADD);
  reuse(GFD_ASYM, 3, 40, 24, GFD_TGT_IDENTITY);
  reuse(GFD_ASYM, 2, 30, 20, GFD_TGT_TEACHER);
  reuse(GFD_ASYM, 3, 17, 12, GFD_TGT_MODADD);
  reuse(GFD_ASYM, 2, 25, 16, GFD_TGT_ZERO);

  /* refusals */
  gfd_spec s = tt_spec(GFD_SYM, 2, 9, 5, 0.5, GFD_TGT_IDENTITY);
  gfd_model *m = tt_model(&s), *m2 = tt_model(&s);
  double *th = tt_params(m, 1), c[GFD_TAYLOR_NMAX + 1], se[GFD_TAYLOR_NMAX + 1], ts;
  gfd_err e;
  gfd_taylor_ws *w = gfd_taylor_ws_new(m, 10, NULL, &e);
  if (!w) {
    printf("FAIL gfd_taylor_ws_new: %s\n", e.msg);
    return 1;
  }
  expect_code("workspace N=10, series N=11", gfd_taylor_loss_ex(w, m, th, 11, NULL, c, &e), GFD_EINVAL, &e,
              "exceeds the workspace's order 10");
  expect_code("workspace N=10, scaled N=11", gfd_taylor_loss_scaled_ex(w, m, th, 11, NULL, c, &ts, &e),
              GFD_EINVAL, &e, "exceeds the workspace's order 10");
  expect_code("workspace N=10, ensemble N=11", gfd_taylor_ensemble_ws(w, m, 1, 2, 11, NULL, c, se, NULL, &e),
              GFD_EINVAL, &e, "exceeds the workspace's order 10");
  expect_code("workspace of another model", gfd_taylor_loss_ex(w, m2, th, 5, NULL, c, &e), GFD_EINVAL, &e,
              "another model");
  expect_code("workspace N=61", gfd_taylor_ws_new(m, 61, NULL, &e) ? GFD_OK : e.code, GFD_EINVAL, &e, NULL);
  gfd_ctl ctl = {0};
  ctl.budget = 1000;
  expect_code("workspace over budget", gfd_taylor_ws_new(m, 10, &ctl, &e) ? GFD_OK : e.code, GFD_EBUDGET, &e,
              NULL);
  gfd_taylor_ws_free(w);
  gfd_taylor_ws_free(NULL);
  free(th);
  gfd_model_free(m);
  gfd_model_free(m2);
  printf("%s: %d failure(s)\n", tt_failures ? "FAIL" : "PASS", tt_failures);
  return tt_failures != 0;
}
