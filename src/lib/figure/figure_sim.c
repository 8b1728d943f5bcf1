/* figure_sim.c - the simulated curves of a panel: gfd's gradient flow run to
 * t_gfd = x / T for each seed (a work unit each, figure_job.c), reported in
 * the paper's time and the panel's quantity, averaged over seeds on the
 * uniform report grid. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "gfd/figure.h"
#include "gfd/jobs.h"

void gfd_fig_sim_free(gfd_fig_sim *S) {
  if (!S) return;
  free(S->x), free(S->y), free(S->lo), free(S->hi), free(S->count);
  memset(S, 0, sizeof *S);
  S->x_star = NAN;
}

/* Curve S from its first `nseeds` seeds' unit outputs, summed in seed order
 * (the order fixes the bytes: any runner gives the same curve). */
static int reduce(const gfd_fig_curves_desc *d, size_t k, const unsigned char *outs, size_t out_len,
                  size_t nseeds, gfd_fig_sim *S, gfd_err *e) {
  size_t points = d->points;
  memset(S, 0, sizeof *S);
  S->x_star = NAN;
  double *sum = calloc(points, sizeof *sum), *sum2 = calloc(points, sizeof *sum2);
  size_t *cnt = calloc(points, sizeof *cnt);
  S->x = malloc(points * sizeof(double));
  S->y = malloc(points * sizeof(double));
  S->lo = malloc(points * sizeof(double));
  S->hi = malloc(points * sizeof(double));
  S->count = calloc(points, sizeof(size_t));
  int rc = GFD_OK;
  if (!sum || !sum2 || !cnt || !S->x || !S->y || !S->lo || !S->hi || !S->count) {
    rc = gfd_err_set(e, GFD_ENOMEM, "out of memory for a figure curve");
    gfd_fig_sim_free(S);
    goto done;
  }
  for (size_t j = 0; j < nseeds; j++) {
    gfd_fig_unit_out h;
    memcpy(&h, outs + j * out_len, sizeof h);
    const double *v = (const double *)(outs + j * out_len + sizeof h);
    for (size_t i = 0; i < h.rows && i < points; i++) sum[i] += v[i], sum2[i] += v[i] * v[i], cnt[i]++;
    S->grads += h.nevals;
    S->seconds += h.seconds;
    if (h.blowup) {
      S->x_star = (S->blowups ? S->x_star : 0) + h.t_star * d->c[k].T;
      S->blowups++;
    }
    S->seeds_done++;
  }
  if (S->blowups) S->x_star /= (double)S->blowups;
  /* rows in increasing x (an ascent grid runs from 0 down to x0) */
  double xe = d->x0 < 0 ? d->x0 : d->x1;
  size_t n = 0;
  for (size_t r = 0; r < points; r++) {
    size_t i = d->x0 < 0 ? points - 1 - r : r;
    if (!cnt[i]) continue;
    double mean = sum[i] / (double)cnt[i];
    double var = cnt[i] > 1 ? (sum2[i] - mean * sum[i]) / (double)(cnt[i] - 1) : 0;
    double se = var > 0 ? sqrt(var / (double)cnt[i]) : 0;
    S->x[n] = xe * (double)i / (double)(points - 1);
    S->y[n] = mean, S->lo[n] = mean - se, S->hi[n] = mean + se, S->count[n] = cnt[i];
    n++;
  }
  S->n = n;
done:
  free(sum), free(sum2), free(cnt);
  return rc;
}

/* done(): count each curve's seeds in; a curve whole goes to curve_done. */
typedef struct live {
  const gfd_job *job;
  const gfd_fig_curves_desc *d;
  size_t k0, in[GFD_FIG_MAX_CURVES];
  gfd_fig_curve_done curve_done;
  void *ud;
} live;
static void unit_done(void *ud, size_t u, const void *out) {
  live *L = ud;
  size_t k = u / L->d->seeds;
  (void)out;
  if (k >= L->d->ncurves || L->job->rc[u] != GFD_OK || ++L->in[k] != L->d->seeds) return;
  gfd_fig_sim S;
  if (reduce(L->d, k, L->job->out + k * L->d->seeds * L->job->out_len, L->job->out_len, L->d->seeds, &S, NULL)) return;
  L->curve_done(L->ud, (int)(L->k0 + k), &S);
  gfd_fig_sim_free(&S);
}

/* Curves k0 .. k0 + nk - 1 of P into out[0 .. nk - 1]. */
static int simulate(const gfd_fig_panel *P, int k0, int nk, unsigned long seed0, size_t K, size_t points,
                    const gfd_ctl *ctl, gfd_fig_sim *out, gfd_fig_curve_done curve_done, void *ud, gfd_err *e) {
  for (int k = 0; k < nk; k++) {
    memset(&out[k], 0, sizeof out[k]);
    out[k].x_star = NAN;
  }
  if (P->phase || k0 < 0 || nk < 1 || k0 + nk > P->ncurves)
    return gfd_err_set(e, GFD_EINVAL, "figure %s %s has no simulated curve %d", P->figure, P->panel, k0 + nk - 1);
  if (points < 2 || K < 1) return gfd_err_set(e, GFD_EINVAL, "need at least 2 points and 1 seed");
  int rc = gfd_seed_check("seed", seed0, K, e);
  if (rc) return rc;
  /* a curve over the memory budget: the curves before it are run, then the error */
  gfd_err berr;
  gfd_err_clear(&berr);
  int brc = GFD_OK, nrun = nk;
  for (int k = 0; k < nk && !brc; k++)
    if ((brc = gfd_ctl_budget(ctl, gfd_figure_bytes(P, k0 + k), "this figure's run (parameters and workspace)",
                              &berr)))
      nrun = k;
  if (nrun == 0) {
    if (e) *e = berr;
    return brc;
  }
  gfd_fig_curves_desc d;
  memset(&d, 0, sizeof d); /* no stray bytes in what goes to other ranks */
  d.x0 = P->x0, d.x1 = P->x1, d.yq = (int)P->yq, d.ncurves = (size_t)nrun;
  for (int k = 0; k < nrun; k++) d.c[k] = P->c[k0 + k];
  d.seed0 = seed0, d.seeds = K, d.points = points;
  gfd_job job;
  memset(&job, 0, sizeof job);
  job.kind = &gfd_job_figure_curves;
  job.desc = &d, job.desc_len = sizeof d;
  job.n = (size_t)nrun * K, job.out_len = gfd_fig_curves_out_len(points);
  live L = {&job, &d, (size_t)k0, {0}, curve_done, ud};
  if (curve_done) job.done = unit_done, job.ud = &L;
  job.what = "figure runs";
  if ((rc = gfd_job_alloc(&job, e))) return rc;
  int jrc = gfd_job_run(&job, ctl, e);
  size_t pre = gfd_job_prefix(&job);
  if (pre == job.n || jrc != GFD_OK) rc = jrc; /* the runner's own stop or error: e is set */
  else if (job.state[pre] == GFD_UNIT_DONE) {
    rc = job.rc[pre];
    if (e) *e = job.err;
  } else
    rc = gfd_err_set(e, GFD_EIO, "figure run %zu (seed %lu of curve %d) was not computed", pre,
                     seed0 + pre % K, k0 + (int)(pre / K));
  int stop = rc == GFD_EINTR || rc == GFD_ETIME;
  /* whole curves before the stop; the stopped one with its seeds finished
   * (not when it failed: a curve with an error is dropped) */
  size_t whole = pre / K, upto = whole + (stop && whole < (size_t)nrun ? 1 : 0);
  for (size_t k = 0; k < upto && k < (size_t)nrun; k++) {
    size_t ns = k < whole ? K : pre % K;
    int r2 = reduce(&d, k, job.out + k * K * job.out_len, job.out_len, ns, &out[k], e);
    if (r2 && !rc) rc = r2;
  }
  gfd_job_release(&job);
  if (rc == GFD_OK && brc) {
    if (e) *e = berr;
    rc = brc;
  }
  return rc;
}

int gfd_figure_simulate(const gfd_fig_panel *P, int k, unsigned long seed0, size_t K, size_t points,
                        const gfd_ctl *ctl, gfd_fig_sim *out, gfd_err *e) {
  int rc = simulate(P, k, 1, seed0, K, points, ctl, out, NULL, NULL, e);
  if (rc != GFD_OK && rc != GFD_EINTR && rc != GFD_ETIME) gfd_fig_sim_free(out);
  return rc;
}

int gfd_figure_simulate_panel(const gfd_fig_panel *P, unsigned long seed0, size_t K, size_t points,
                              const gfd_ctl *ctl, gfd_fig_sim out[GFD_FIG_MAX_CURVES],
                              gfd_fig_curve_done curve_done, void *ud, gfd_err *e) {
  for (int k = 0; k < GFD_FIG_MAX_CURVES; k++) {
    memset(&out[k], 0, sizeof out[k]);
    out[k].x_star = NAN;
  }
  return simulate(P, 0, P->ncurves, seed0, K, points, ctl, out, curve_done, ud, e);
}
