/* flow_obs.c - trajectories (rows of t, loss, excess, observables) and the
 * observables recorded besides the loss. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "model_internal.h"
#include "flow_internal.h"

#define NORM_UNITS 3 /* individual unit norms shown */

static size_t norm_cols(const gfd_model *m) {
  return 3 + (m->spec.H < NORM_UNITS ? m->spec.H : NORM_UNITS);
}

size_t gfd_flow_obs_count(const gfd_model *m, unsigned observe) {
  return ((observe & GFD_OBS_NORMS) ? norm_cols(m) : 0) + ((observe & GFD_OBS_RELERR) ? 1 : 0) +
         ((observe & GFD_OBS_DISTANCE) ? 1 : 0);
}

const char *gfd_flow_obs_name(const gfd_model *m, unsigned observe, size_t i) {
  static const char *norms[] = {"norm_min", "norm_mean", "norm_max", "norm_1", "norm_2", "norm_3"};
  if (observe & GFD_OBS_NORMS) {
    if (i < norm_cols(m)) return norms[i];
    i -= norm_cols(m);
  }
  if (observe & GFD_OBS_RELERR) {
    if (i == 0) return "relerr";
    i--;
  }
  if ((observe & GFD_OBS_DISTANCE) && i == 0) return "distance";
  return NULL;
}

void gfd_flow_observe(const gfd_model *m, unsigned observe, const double *theta, const double *theta0,
                      double loss, double *obs) {
  size_t H = m->spec.H, p = m->spec.p, nb = m->nblk, j = 0;
  if (observe & GFD_OBS_NORMS) {
    double mn = INFINITY, mx = 0, sum = 0;
    for (size_t h = 0; h < H; h++) {
      double n2 = 0;
      for (size_t k = 0; k < nb; k++) {
        const double *u = theta + (k * H + h) * p;
        for (size_t i = 0; i < p; i++) n2 += u[i] * u[i];
      }
      double n = sqrt(n2);
      mn = fmin(mn, n);
      mx = fmax(mx, n);
      sum += n;
      if (h < NORM_UNITS) obs[3 + h] = n;
    }
    obs[0] = mn;
    obs[1] = sum / (double)H;
    obs[2] = mx;
    j = norm_cols(m);
  }
  if (observe & GFD_OBS_RELERR) {
    double yh = m->y_half_norm2;
    obs[j++] = yh > 0 ? sqrt(fmax(loss, 0) / yh) : sqrt(2 * fmax(loss, 0));
  }
  if (observe & GFD_OBS_DISTANCE) {
    double d2 = 0, n2 = 0;
    for (size_t i = 0; i < m->dim; i++) {
      double d = theta[i] - theta0[i];
      d2 += d * d;
      n2 += theta0[i] * theta0[i];
    }
    obs[j++] = n2 > 0 ? sqrt(d2 / n2) : sqrt(d2);
  }
}

void gfd_traj_init(gfd_traj *tr) {
  memset(tr, 0, sizeof *tr);
  tr->t_star = tr->t_lo = tr->t_hi = NAN;
  tr->t_end = NAN;
}

void gfd_traj_free(gfd_traj *tr) {
  if (!tr) return;
  free(tr->t);
  free(tr->loss);
  free(tr->excess);
  free(tr->obs);
  for (size_t i = 0; i < tr->nobs; i++) free(tr->obs_names ? tr->obs_names[i] : NULL);
  free(tr->obs_names);
  gfd_traj_init(tr);
}

int gfd_traj_set_columns(gfd_traj *tr, const gfd_model *m, unsigned observe, gfd_err *e) {
  size_t n = gfd_flow_obs_count(m, observe);
  if (tr->n > 0 || tr->nobs > 0) {
    int same = tr->nobs == n;
    for (size_t i = 0; same && i < n; i++) same = !strcmp(tr->obs_names[i], gfd_flow_obs_name(m, observe, i));
    if (!same)
      return gfd_err_set(e, GFD_EINVAL, "the observables differ from those of the trajectory being extended");
    return GFD_OK;
  }
  if (!n) return GFD_OK;
  tr->obs_names = calloc(n, sizeof *tr->obs_names);
  if (!tr->obs_names) return gfd_err_set(e, GFD_ENOMEM, "out of memory for observable names");
  tr->nobs = n;
  for (size_t i = 0; i < n; i++)
    if (!(tr->obs_names[i] = strdup(gfd_flow_obs_name(m, observe, i))))
      return gfd_err_set(e, GFD_ENOMEM, "out of memory for observable names");
  return GFD_OK;
}

int gfd_traj_push(gfd_traj *tr, double t, double loss, double excess, const double *obs) {
  if (tr->n == tr->cap) {
    size_t cap = tr->cap ? 2 * tr->cap : 64;
    double *nt = realloc(tr->t, cap * sizeof *nt);
    if (!nt) return GFD_ENOMEM;
    tr->t = nt;
    double *nl = realloc(tr->loss, cap * sizeof *nl);
    if (!nl) return GFD_ENOMEM;
    tr->loss = nl;
    double *ne = realloc(tr->excess, cap * sizeof *ne);
    if (!ne) return GFD_ENOMEM;
    tr->excess = ne;
    if (tr->nobs) {
      double *no = realloc(tr->obs, cap * tr->nobs * sizeof *no);
      if (!no) return GFD_ENOMEM;
      tr->obs = no;
    }
    tr->cap = cap;
  }
  tr->t[tr->n] = t;
  tr->loss[tr->n] = loss;
  tr->excess[tr->n] = excess;
  if (tr->nobs) memcpy(tr->obs + tr->n * tr->nobs, obs, tr->nobs * sizeof *obs);
  tr->n++;
  return GFD_OK;
}
