/* test_flow_ensemble.c - ensembles: means and standard errors against
 * separate runs, chunked advance, blow-ups of individual seeds, stepping on. */
#include <config.h>
#include <string.h>
#include "test_model_util.h"

enum { K = 3, PTS = 31 };

/* separate runs of seeds seed0.. to T: loss[k][i] */
static void separate(const gfd_model *m, unsigned long seed0, double T, double loss[K][PTS], gfd_traj *keep) {
  size_t d = gfd_model_dim(m);
  double *th = malloc(d * sizeof *th);
  gfd_flow_opts o;
  gfd_flow_opts_default(&o);
  o.points = PTS;
  gfd_err e;
  for (int k = 0; k < K; k++) {
    TU_OK(gfd_model_init_params(m, seed0 + k, th, &e));
    gfd_traj tr;
    gfd_traj_init(&tr);
    TU_OK(gfd_flow_run(m, th, NULL, 0, T, &o, NULL, &tr, &e));
    for (size_t i = 0; i < PTS; i++) loss[k][i] = i < tr.n ? tr.loss[i] : NAN;
    if (keep) keep[k] = tr;
    else gfd_traj_free(&tr);
  }
  free(th);
}

int main(void) {
  gfd_library_init();
  gfd_spec s = tm_spec(GFD_SYM, 2, 30, 12, 0.2, GFD_TGT_IDENTITY);
  s.kappa = 1;
  gfd_err e = {0};
  gfd_model *m = gfd_model_new(&s, NULL, &e);
  gfd_flow_opts o;
  gfd_flow_opts_default(&o);
  double sep[K][PTS];
  separate(m, 10, 1.0, sep, NULL);

  /* one chunk: the same steps as the separate runs, so equal to rounding */
  gfd_ensemble *en = gfd_ensemble_new(m, 10, K, 0, &o, NULL, &e);
  int rc = gfd_ensemble_run(en, 1.0, PTS, NULL, &e);
  gfd_ens_rows r;
  gfd_ensemble_rows(en, &r);
  tu_true("ensemble run: all rows", rc == 0 && r.n == PTS);
  double em = 0, es = 0;
  for (size_t i = 0; i < r.n; i++) {
    double mu = (sep[0][i] + sep[1][i] + sep[2][i]) / 3, v = 0;
    for (int k = 0; k < K; k++) v += (sep[k][i] - mu) * (sep[k][i] - mu);
    double se = sqrt(v / 2 / 3);
    em = fmax(em, fabs(r.loss[i] - mu) / mu);
    es = fmax(es, fabs(r.loss_se[i] - se) / fmax(se, 1e-300));
  }
  /* identical arithmetic up to the order of the mean: rounding only
   * (measured 0 for both; the bars allow a different summation order) */
  tu_abs("mean loss vs separate runs (max rel)", em, 0, 1e-14);
  tu_abs("standard error vs sample formula (max rel)", es, 0, 1e-12);
  tu_true("standard error is not zero for 3 seeds", r.loss_se[PTS - 1] > 0);
  gfd_ensemble_free(en);

  /* chunked: 4 intervals at a time; each member's step continues across
   * the cuts (dopri5's carry), so the steps are those of one run */
  en = gfd_ensemble_new(m, 10, K, 0, &o, NULL, &e);
  TU_OK(gfd_ensemble_plan(en, 1.0, PTS, &e));
  int done = 0, chunks = 0;
  while (!done && !rc) {
    rc = gfd_ensemble_advance(en, 4, NULL, &done, &e);
    chunks++;
  }
  gfd_ensemble_rows(en, &r);
  tu_true("chunked run: 8 chunks, all rows", rc == 0 && chunks == 8 && r.n == PTS);
  em = 0;
  for (size_t i = 0; i < r.n; i++) em = fmax(em, fabs(r.loss[i] - (sep[0][i] + sep[1][i] + sep[2][i]) / 3) / r.loss[i]);
  /* the same steps: rounding of the mean only (measured 0) */
  tu_abs("chunked mean vs separate runs (max rel)", em, 0, 1e-14);
  /* step on, backwards, from t = 1 to 0.5: the rows continue from t = 1 */
  rc = gfd_ensemble_run(en, 0.5, 6, NULL, &e);
  gfd_ensemble_rows(en, &r);
  tu_true("step back appends 5 rows ending at 0.5", rc == 0 && r.n == PTS + 5 && r.t[r.n - 1] == 0.5);
  /* two integrations at rtol 1e-10 (out and back): measured 1.9e-11 relative, bar 50x */
  tu_abs("back at t=0.5: same loss as on the way out (reversibility)", r.loss[r.n - 1], r.loss[15],
           1e-9 * r.loss[15]);
  gfd_ensemble_free(en);

  /* ascent: seeds blow up at different times */
  gfd_traj tr[K];
  separate(m, 20, -2.0, sep, tr);
  en = gfd_ensemble_new(m, 20, K, 0, &o, NULL, &e);
  rc = gfd_ensemble_run(en, -2.0, PTS, NULL, &e);
  gfd_ensemble_rows(en, &r);
  double first = 0;
  int all_blow = 1;
  for (int k = 0; k < K; k++) {
    gfd_ens_member mb;
    gfd_ensemble_member(en, k, &mb);
    printf("     seed %lu: status %d t* %.12g (separate run %.12g)\n", mb.seed, (int)mb.status, mb.t_star, tr[k].t_star);
    all_blow &= mb.status == GFD_RUN_BLOWUP && tr[k].status == GFD_RUN_BLOWUP;
    /* same integration on the same grid: measured identical; bar rounding */
    tu_abs("per-seed blow-up time vs a separate run", mb.t_star, tr[k].t_star, 1e-14);
    if (k == 0 || mb.t_star > first) first = mb.t_star;
    gfd_traj_free(&tr[k]);
  }
  tu_true("every seed blows up", rc == 0 && all_blow);
  tu_true("mean rows stop before the first blow-up", r.n >= 2 && r.n < PTS && r.t[r.n - 1] > first &&
                                                         r.t[r.n - 1] - 2.0 / (PTS - 1) < first);
  tu_true("the ensemble is stopped", gfd_ensemble_stopped(en));
  rc = gfd_ensemble_plan(en, -3.0, 5, &e);
  tu_true("a stopped ensemble refuses a new plan", rc == GFD_EINVAL);
  gfd_ensemble_free(en);

  /* interrupt: the flag raised before the run stops it with the first row only */
  static volatile sig_atomic_t flag = 1;
  gfd_ctl ictl = {0};
  ictl.interrupt = &flag;
  en = gfd_ensemble_new(m, 1, K, 0, &o, NULL, &e);
  rc = gfd_ensemble_run(en, 1.0, PTS, &ictl, &e);
  gfd_ensemble_rows(en, &r);
  tu_true("interrupted ensemble: EINTR, stopped, at most the starting row",
          rc == GFD_EINTR && gfd_ensemble_stopped(en) && r.n <= 1);
  gfd_ensemble_free(en);

  /* budget */
  gfd_ctl ctl = {0};
  ctl.budget = 4096;
  en = gfd_ensemble_new(m, 1, 1000, 0, &o, &ctl, &e);
  tu_true("ensemble over the budget refused", en == NULL && e.code == GFD_EBUDGET);

  gfd_model_free(m);
  return tu_done();
}
