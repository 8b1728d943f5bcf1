/* figure_job.c - the job kind "figure-curves" (gfd/jobs.h): one unit is one
 * seed of one simulated curve, gfd's flow run to t_gfd = x / T and reported
 * in the panel's quantity on the uniform grid.  The unit returns the rows
 * themselves; figure_sim.c sums them over seeds in unit order, so every
 * runner gives the same curve. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "gfd/jobs.h"

/* Figures need plot accuracy, not the 1e-10 default: 1e-8 keeps the
 * integration error far below the line width and seed noise, and needs
 * about 2.5x fewer steps (dopri5 steps scale like rtol^(1/5)). */
#define FIG_RTOL 1e-8

/* An ascent panel draws L up to p/2 + 2: a blow-up is certain long before L
 * reaches 1e4 times its start, and stopping there saves the many steps the
 * default 1e6 would take. */
#define FIG_BLOWUP 1e4

static double quantity(const gfd_fig_curves_desc *d, const gfd_spec *s, double loss, double loss0) {
  switch (d->yq) {
  case GFD_FIG_Y_HALFP: return loss / (0.5 * (double)s->p);
  case GFD_FIG_Y_REL: return loss / loss0;
  default: return loss;
  }
}

/* The context: the description, and the model of the curve last run (the
 * units of one curve come mostly in a row: the model is built once). */
typedef struct curves_ctx {
  gfd_fig_curves_desc d;
  gfd_model *m;
  size_t mk; /* the curve of m */
} curves_ctx;

static int curves_open(const void *desc, size_t len, void **ctx, const gfd_ctl *ctl, gfd_err *e) {
  (void)ctl;
  const gfd_fig_curves_desc *d = desc;
  if (len != sizeof *d || d->ncurves < 1 || d->ncurves > GFD_FIG_MAX_CURVES || d->seeds < 1 || d->points < 2)
    return gfd_err_set(e, GFD_EINVAL, "a malformed figure-curves description (%zu bytes)", len);
  curves_ctx *c = calloc(1, sizeof *c);
  if (!c) return gfd_err_set(e, GFD_ENOMEM, "out of memory for a figure job");
  c->d = *d;
  *ctx = c;
  return GFD_OK;
}

static void curves_close(void *ctx) {
  curves_ctx *c = ctx;
  if (c) gfd_model_free(c->m);
  free(c);
}

static int curves_unit(void *ctx, size_t u, const void *in, void *out, const gfd_ctl *ctl, gfd_err *e) {
  curves_ctx *c = ctx;
  const gfd_fig_curves_desc *d = &c->d;
  (void)in;
  size_t k = u / d->seeds, j = u % d->seeds;
  if (k >= d->ncurves) return gfd_err_set(e, GFD_EINVAL, "figure unit %zu past the job's %zu curves", u, d->ncurves);
  const gfd_fig_curve *cv = &d->c[k];
  gfd_fig_unit_out h;
  memset(&h, 0, sizeof h);
  h.t_star = NAN;
  double t0 = gfd_now();
  if (!c->m || c->mk != k) {
    gfd_model_free(c->m);
    c->m = NULL;
    if (!(c->m = gfd_model_new(&cv->spec, ctl, e))) return e && e->code ? e->code : GFD_ENOMEM;
    c->mk = k;
  }
  size_t dim = gfd_model_dim(c->m);
  double *theta = malloc(dim * sizeof *theta);
  if (!theta) return gfd_err_set(e, GFD_ENOMEM, "out of memory for the parameters (%zu)", dim);
  int rc = gfd_model_init_params(c->m, d->seed0 + j, theta, e);
  gfd_flow_opts o;
  gfd_flow_opts_default(&o);
  o.points = d->points;
  o.rtol = FIG_RTOL;
  o.blowup_ratio = FIG_BLOWUP;
  gfd_traj tr;
  gfd_traj_init(&tr);
  double tend = (d->x0 < 0 ? d->x0 : d->x1) / cv->T;
  if (rc == GFD_OK) rc = gfd_flow_run(c->m, theta, NULL, 0.0, tend, &o, ctl, &tr, e);
  double *v = (double *)((unsigned char *)out + sizeof h);
  for (size_t i = 0; i < tr.n && i < d->points; i++) { /* rows up to the first non-finite value */
    double q = quantity(d, &cv->spec, tr.loss[i], tr.loss[0]);
    if (!isfinite(q)) break;
    v[h.rows++] = q;
  }
  h.nevals = tr.nevals;
  if (tr.status == GFD_RUN_BLOWUP) h.blowup = 1, h.t_star = tr.t_star;
  h.seconds = gfd_now() - t0;
  memcpy(out, &h, sizeof h);
  gfd_traj_free(&tr);
  free(theta);
  return rc;
}

size_t gfd_fig_curves_out_len(size_t points) { return sizeof(gfd_fig_unit_out) + points * sizeof(double); }

const gfd_job_kind gfd_job_figure_curves = {"figure-curves", curves_open, curves_unit, curves_close};
