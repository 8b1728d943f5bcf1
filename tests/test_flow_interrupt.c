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
  gfd_model_init_params(m, 1, th0, &e);
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
  gfd_flow_run(m, th, NULL, 0, 1, &o, NULL, &one, &e);
  memcpy(th, th0, d * sizeof *th);
  o.points = 26;
  gfd_flow_run(m, th, th0, 0, 0.5, &o, NULL, &two, &e);
  gfd_flow_run(m, th, th0, 0.5, 1, &o, NULL, &two, &e);
  tu_true("chained run has the same number of rows (no duplicate at the join)", two.n == one.n);
  double err = 0;
  for (size_t i = 0; i < one.n && i < two.n; i++) err = fmax(err, fabs(one.loss[i] - two.loss[i]) / one.loss[i]);
  /* both follow the same solution at rtol 1e-10: differences are integration errors */
  tu_abs("chained vs single run, max rel loss difference", err, 0, 1e-9);
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

  /* msbdf refuses a dense Jacobian over the budget; nothing changes */
  gfd_spec big = tm_spec(GFD_SYM, 2, 2000, 100, 0.02, GFD_TGT_IDENTITY);
  gfd_model *mb = gfd_model_new(&big, NULL, &e);
  size_t db = gfd_model_dim(mb);
  double *tb = malloc(db * sizeof *tb);
  gfd_model_init_params(mb, 1, tb, &e);
  double keep = tb[7];
  o.method = GFD_METHOD_MSBDF;
  gfd_traj_init(&tr);
  rc = gfd_flow_run(mb, tb, NULL, 0, 1, &o, NULL, &tr, &e);
  printf("     message: %s\n", e.msg);
  tu_true("msbdf at dim 2e5 refused with EBUDGET", rc == GFD_EBUDGET && strstr(e.msg, "msbdf") != NULL);
  tu_true("nothing recorded or changed", tr.n == 0 && tb[7] == keep);
  gfd_traj_free(&tr);
  free(tb);
  gfd_model_free(mb);

  free(th);
  free(th0);
  gfd_model_free(m);
  return tu_done();
}
