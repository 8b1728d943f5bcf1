/* figure_sim.c - the simulated curves of a panel: gfd's gradient flow run to
 * t_gfd = x / T for each seed, reported in the paper's time and the panel's
 * quantity, averaged over seeds on the uniform report grid. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "gfd/figure.h"
#include "gfd/flow.h"

void gfd_fig_sim_free(gfd_fig_sim *S) {
  if (!S) return;
  free(S->x), free(S->y), free(S->lo), free(S->hi), free(S->count);
  memset(S, 0, sizeof *S);
}

/* Figures need plot accuracy, not the 1e-10 default: 1e-8 keeps the
 * integration error far below the line width and seed noise, and needs
 * about 2.5x fewer steps (dopri5 steps scale like rtol^(1/5)). */
#define FIG_RTOL 1e-8

/* An ascent panel draws L up to p/2 + 2: a blow-up is certain long before L
 * reaches 1e4 times its start, and stopping there saves the many steps the
 * default 1e6 would take. */
#define FIG_BLOWUP 1e4

static double quantity(const gfd_fig_panel *P, const gfd_spec *s, double loss, double loss0) {
  switch (P->yq) {
  case GFD_FIG_Y_HALFP: return loss / (0.5 * (double)s->p);
  case GFD_FIG_Y_REL: return loss / loss0;
  default: return loss;
  }
}

/* One seed: add its rows to the sums; returns the flow status. */
static int one_seed(const gfd_fig_panel *P, const gfd_fig_curve *c, const gfd_model *m, unsigned long seed,
                    size_t points, const gfd_ctl *ctl, double *sum, double *sum2, size_t *cnt,
                    gfd_fig_sim *out, gfd_err *e) {
  size_t dim = gfd_model_dim(m);
  double *theta = malloc(dim * sizeof *theta);
  if (!theta) return gfd_err_set(e, GFD_ENOMEM, "out of memory for the parameters (%zu)", dim);
  int rc = gfd_model_init_params(m, seed, theta, e);
  gfd_flow_opts o;
  gfd_flow_opts_default(&o);
  o.points = points;
  o.rtol = FIG_RTOL;
  o.blowup_ratio = FIG_BLOWUP;
  gfd_traj tr;
  gfd_traj_init(&tr);
  double tend = (P->x0 < 0 ? P->x0 : P->x1) / c->T;
  if (rc == GFD_OK) rc = gfd_flow_run(m, theta, NULL, 0.0, tend, &o, ctl, &tr, e);
  if (rc == GFD_OK) { /* only finished seeds count: an interrupted one is dropped */
    for (size_t i = 0; i < tr.n && i < points; i++) {
      double v = quantity(P, &c->spec, tr.loss[i], tr.loss[0]);
      if (!isfinite(v)) break;
      sum[i] += v, sum2[i] += v * v, cnt[i]++;
    }
    out->grads += tr.nevals;
    if (tr.status == GFD_RUN_BLOWUP) {
      out->x_star = (out->blowups ? out->x_star : 0) + tr.t_star * c->T;
      out->blowups++;
    }
  }
  gfd_traj_free(&tr);
  free(theta);
  return rc;
}

int gfd_figure_simulate(const gfd_fig_panel *P, int k, unsigned long seed0, size_t K, size_t points,
                        const gfd_ctl *ctl, gfd_fig_sim *out, gfd_err *e) {
  memset(out, 0, sizeof *out);
  out->x_star = NAN;
  if (P->phase || k < 0 || k >= P->ncurves)
    return gfd_err_set(e, GFD_EINVAL, "figure %s %s has no simulated curve %d", P->figure, P->panel, k);
  if (points < 2 || K < 1) return gfd_err_set(e, GFD_EINVAL, "need at least 2 points and 1 seed");
  int rc = gfd_seed_check("seed", seed0, K, e);
  if (rc) return rc;
  const gfd_fig_curve *c = &P->c[k];
  if ((rc = gfd_ctl_budget(ctl, gfd_figure_bytes(P, k), "this figure's run (parameters and workspace)", e)))
    return rc;
  double *sum = calloc(points, sizeof *sum), *sum2 = calloc(points, sizeof *sum2);
  size_t *cnt = calloc(points, sizeof *cnt);
  out->x = malloc(points * sizeof(double));
  out->y = malloc(points * sizeof(double));
  out->lo = malloc(points * sizeof(double));
  out->hi = malloc(points * sizeof(double));
  out->count = calloc(points, sizeof(size_t));
  gfd_model *m = NULL;
  if (!sum || !sum2 || !cnt || !out->x || !out->y || !out->lo || !out->hi || !out->count) {
    rc = gfd_err_set(e, GFD_ENOMEM, "out of memory for a figure curve");
    goto done;
  }
  if (!(m = gfd_model_new(&c->spec, ctl, e))) {
    rc = e ? e->code : GFD_ENOMEM;
    goto done;
  }
  for (size_t j = 0; j < K && rc == GFD_OK; j++) {
    rc = one_seed(P, c, m, seed0 + j, points, ctl, sum, sum2, cnt, out, e);
    if (rc == GFD_OK) out->seeds_done++;
  }
  if (out->blowups) out->x_star /= (double)out->blowups;
  /* rows in increasing x (an ascent grid runs from 0 down to x0) */
  double xe = P->x0 < 0 ? P->x0 : P->x1;
  size_t n = 0;
  for (size_t r = 0; r < points; r++) {
    size_t i = P->x0 < 0 ? points - 1 - r : r;
    if (!cnt[i]) continue;
    double mean = sum[i] / (double)cnt[i];
    double var = cnt[i] > 1 ? (sum2[i] - mean * sum[i]) / (double)(cnt[i] - 1) : 0;
    double se = var > 0 ? sqrt(var / (double)cnt[i]) : 0;
    out->x[n] = xe * (double)i / (double)(points - 1);
    out->y[n] = mean, out->lo[n] = mean - se, out->hi[n] = mean + se, out->count[n] = cnt[i];
    n++;
  }
  out->n = n;
done:
  gfd_model_free(m);
  free(sum), free(sum2), free(cnt);
  if (rc != GFD_OK && rc != GFD_EINTR && rc != GFD_ETIME) gfd_fig_sim_free(out);
  return rc;
}
