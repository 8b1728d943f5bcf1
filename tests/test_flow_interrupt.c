/* test_flow_interrupt.c - interrupts (before and during a run), the time
 * limit, the msbdf budget refusal, chained runs and the observable columns. */
#include <config.h>
#include <string.h>
#include "test_model_util.h"

static volatile sig_atomic_t flag;
static void set_flag_halfway(void *ud, const char *what, double done, double total) {
  (void)ud;
  (void)what;
  if (done >= 0.5 * total) flag = 1;
}

int main(void) {
  gfd_library_init();
  gfd_spec s = tm_spec(GFD_SYM, 3, 20, 10, 0.2, GFD_TGT_IDENTITY);
  gfd_err e = {0};
  gfd_model *m = gfd_model_new(&s, NULL, &e);
  size_t d = gfd_model_dim(m);
  double *th = malloc(d * sizeof *th), *th0 = malloc(d * sizeof *th0);
  TU_OK(gfd_model_init_params(m, 1, th0, &e));
  gfd_flow_opts o;
  gfd_flow_opts_default(&o);
  o.points = 51;
  gfd_ctl ctl = {0};
  ctl.interrupt = &flag;
  gfd_traj tr;

  /* flag set before the run: only the starting row */
  flag = 1;
  memcpy(th, th0, d * sizeof *th);
  gfd_traj_init(&tr);
  int rc = gfd_flow_run(m, th, NULL, 0, 1, &o, &ctl, &tr, &e);
  tu_true("interrupt before the run: EINTR, status INTERRUPTED, one row",
          rc == GFD_EINTR && tr.status == GFD_RUN_INTERRUPTED && tr.n == 1);
  tu_true("parameters untouched", memcmp(th, th0, d * sizeof *th) == 0);
  gfd_traj_free(&tr);

  /* flag raised halfway (from the progress report): partial rows */
  flag = 0;
  ctl.progress = set_flag_halfway;
  memcpy(th, th0, d * sizeof *th);
  gfd_traj_init(&tr);
  rc = gfd_flow_run(m, th, NULL, 0, 1, &o, &ctl, &tr, &e);
  printf("     rows %zu of %zu, t_end %g\n", tr.n, o.points, tr.t_end);
  tu_true("interrupt while running: EINTR with partial rows",
          rc == GFD_EINTR && tr.status == GFD_RUN_INTERRUPTED && tr.n > 1 && tr.n < o.points);
  tu_true("partial rows reach about half of the run", tr.n >= 26 && tr.t[tr.n - 1] >= 0.5 - 1e-12);
  tu_true("t_end is where the last row was", tr.t_end == tr.t[tr.n - 1]);
  gfd_traj_free(&tr);
  ctl.progress = NULL;
  flag = 0;

  /* an ensemble interrupted in its first chunk (the members run one after
   * another: here the flag rises as the third of four starts) keeps the
   * t = 0 row, the mean of the initial losses, known before any step */
  {
    flag = 0;
    ctl.progress = set_flag_halfway;
    o.observe = GFD_OBS_RELERR;
    gfd_ensemble *en = gfd_ensemble_new(m, 1, 4, 0.0, &o, NULL, &e);
    rc = en ? gfd_ensemble_run(en, 1.0, o.points, &ctl, &e) : GFD_ENOMEM;
    gfd_ens_rows r = {0};
    if (en) gfd_ensemble_rows(en, &r);
    double mean = 0, rel = 0;
    gfd_work *w = gfd_work_new(m, NULL, &e);
    for (unsigned long k = 1; k <= 4; k++) {
      double L;
      TU_OK(gfd_model_init_params(m, k, th, &e));
      TU_OK(gfd_model_eval(m, th, w, &L, NULL, NULL));
      mean += L / 4;
      rel += sqrt(L / gfd_model_target_half_norm2(m)) / 4;
    }
    gfd_work_free(w);
    printf("     interrupted ensemble: code %d, rows %zu\n", rc, r.n);
    tu_true("ensemble interrupted in its first chunk: EINTR with the t=0 row only",
            rc == GFD_EINTR && r.n == 1 && r.t[0] == 0);
    /* the same sums as the direct evaluations, averaged in another order */
    if (r.n == 1) {
      tu_abs("its loss is the mean of the initial losses", r.loss[0], mean, 1e-14 * mean);
      tu_abs("its relerr column is there", r.nobs == 1 ? r.obs[0] : NAN, rel, 1e-14 * rel);
    }
    gfd_ensemble_free(en);
    ctl.progress = NULL;
    o.observe = 0;
    flag = 0;
  }

  /* deadline in the past: ETIME */
  ctl.deadline = gfd_now() - 1;
  gfd_traj_init(&tr);
  rc = gfd_flow_run(m, th, NULL, 0, 1, &o, &ctl, &tr, &e);
  tu_true("time limit reached: ETIME", rc == GFD_ETIME && tr.status == GFD_RUN_INTERRUPTED);
  gfd_traj_free(&tr);
  ctl.deadline = 0;

  /* chained runs equal one run: 0 -> 0.5 -> 1 vs 0 -> 1 (same grid points) */
  gfd_traj one, two;
  gfd_traj_init(&one);
  gfd_traj_init(&two);
  memcpy(th, th0, d * sizeof *th);
  TU_OK(gfd_flow_run(m, th, NULL, 0, 1, &o, NULL, &one, &e));
  memcpy(th, th0, d * sizeof *th);
  o.points = 26;
  TU_OK(gfd_flow_run(m, th, th0, 0, 0.5, &o, NULL, &two, &e));
  TU_OK(gfd_flow_run(m, th, th0, 0.5, 1, &o, NULL, &two, &e));
  tu_true("chained run has the same number of rows (no duplicate at the join)", two.n == one.n);
  double err = 0;
  for (size_t i = 0; i < one.n && i < two.n; i++) err = fmax(err, fabs(one.loss[i] - two.loss[i]) / one.loss[i]);
  /* both follow the same solution at rtol 1e-10 with different steps (the
   * chained run cuts a step at 0.5): differences are integration errors,
   * measured 2.5e-12 (dopri5); bar 40x that */
  tu_abs("chained vs single run, max rel loss difference", err, 0, 1e-10);
  gfd_traj_free(&one);
  gfd_traj_free(&two);
  o.points = 51;

  /* observables */
  o.observe = GFD_OBS_NORMS | GFD_OBS_RELERR | GFD_OBS_DISTANCE;
  memcpy(th, th0, d * sizeof *th);
  gfd_traj_init(&tr);
  rc = gfd_flow_run(m, th, NULL, 0, 1, &o, NULL, &tr, &e);
  tu_true("observables: 3 + 3 norm columns, relerr, distance", rc == 0 && tr.nobs == 8 &&
                                                                     !strcmp(tr.obs_names[0], "norm_min") &&
                                                                     !strcmp(tr.obs_names[6], "relerr") &&
                                                                     !strcmp(tr.obs_names[7], "distance"));
  double n1 = 0;
  for (size_t i = 0; i < s.p; i++) n1 += th0[i] * th0[i];
  tu_abs("norm_1 at t=0 is ||u_1||", tr.obs[3], sqrt(n1), 1e-14 * sqrt(n1));
  tu_true("norm_min <= norm_mean <= norm_max", tr.obs[0] <= tr.obs[1] && tr.obs[1] <= tr.obs[2]);
  tu_abs("distance at t=0", tr.obs[7], 0, 0);
  tu_abs("relerr^2 = L / (||y||^2/2) at t=0", tr.obs[6] * tr.obs[6], tr.loss[0] / gfd_model_target_half_norm2(m),
           1e-14 * tr.loss[0]);
  tu_true("distance grows from 0 at the end", tr.obs[(tr.n - 1) * tr.nobs + 7] > 0);
  gfd_traj_free(&tr);
  o.observe = 0;

  /* msbdf refuses a dense Jacobian of more than GFD_MSBDF_DIM_MAX parameters
   * (its cost grows like dim^3), naming the Jacobian; nothing changes */
  gfd_spec big = tm_spec(GFD_SYM, 2, 2000, 100, 0.02, GFD_TGT_IDENTITY);
  gfd_model *mb = gfd_model_new(&big, NULL, &e);
  size_t db = gfd_model_dim(mb);
  double *tb = malloc(db * sizeof *tb);
  TU_OK(gfd_model_init_params(mb, 1, tb, &e));
  double keep = tb[7];
  o.method = GFD_METHOD_MSBDF;
  gfd_traj_init(&tr);
  rc = gfd_flow_run(mb, tb, NULL, 0, 1, &o, NULL, &tr, &e);
  printf("     message: %s\n", e.msg);
  tu_true("msbdf at dim 2e5 refused (EUNSUP), naming the dense Jacobian and rk8pd",
          rc == GFD_EUNSUP && strstr(e.msg, "dense 200000 x 200000 Jacobian") && strstr(e.msg, "rk8pd"));
  tu_true("nothing recorded or changed", tr.n == 0 && tb[7] == keep);
  /* an ensemble says the same, not "parameters of every seed" */
  gfd_ensemble *en = gfd_ensemble_new(mb, 1, 3, 0.0, &o, NULL, &e);
  printf("     message: %s\n", e.msg);
  tu_true("msbdf ensemble at dim 2e5 refused naming the Jacobian",
          !en && e.code == GFD_EUNSUP && strstr(e.msg, "Jacobian") && !strstr(e.msg, "every seed"));
  gfd_traj_free(&tr);
  free(tb);
  gfd_model_free(mb);

  /* at the limit (dim 2000) it runs unless the budget is short: then the
   * refusal names the Jacobian (2 x 2000^2 doubles = 61 MiB) */
  gfd_spec lim = tm_spec(GFD_SYM, 2, 100, GFD_MSBDF_DIM_MAX / 100, 0.1, GFD_TGT_IDENTITY);
  gfd_model *ml = gfd_model_new(&lim, NULL, &e);
  gfd_ctl small = {0};
  small.budget = (size_t)10 << 20;
  tu_true("msbdf at dim 2000 passes the method check", gfd_flow_method_check(ml, &o, NULL, &e) == GFD_OK);
  en = gfd_ensemble_new(ml, 1, 3, 0.0, &o, &small, &e);
  printf("     message: %s\n", e.msg);
  tu_true("msbdf ensemble over a 10 MiB budget refused naming the Jacobian",
          !en && e.code == GFD_EBUDGET && strstr(e.msg, "msbdf's dense 2000 x 2000 Jacobian") &&
              !strstr(e.msg, "every seed"));
  o.method = GFD_METHOD_RK8PD;
  en = gfd_ensemble_new(ml, 1, 3, 0.0, &o, &small, &e);
  tu_true("the same ensemble with rk8pd fits the 10 MiB budget", en != NULL);
  gfd_ensemble_free(en);
  gfd_model_free(ml);

  free(th);
  free(th0);
  gfd_model_free(m);
  return tu_done();
}
