/* figure_theory.c - the theory curve of each panel from gfd's own solutions
 * (gfd-theory(7) section 5), in the paper's time x = T t_gfd and the
 * panel's quantity, and the cost of a panel's simulations. */
#include <config.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "gfd/figure.h"
#include "gfd/solution.h"

static int is(const gfd_fig_panel *P, const char *fig, const char *panel) {
  return strcmp(P->figure, fig) == 0 && (!panel || strcmp(P->panel, panel) == 0);
}

/* The ascent solution of curve c: kappa4 of its spec, tau = tfac t_gfd. */
static gfd_ascent *ascent_of(const gfd_fig_curve *c, double *tfac, double *lfac, gfd_err *e) {
  gfd_ascent_scales(&c->spec, tfac, lfac);
  return gfd_ascent_new(4, gfd_ascent_kappa_of(&c->spec), e);
}

static int theory_ascent(const gfd_fig_curve *c, size_t n, const double *x, double *y, gfd_err *e) {
  double tfac, lfac, half = 0.5 * (double)c->spec.p * c->spec.kappa * c->spec.kappa;
  gfd_ascent *A = ascent_of(c, &tfac, &lfac, e);
  if (!A) return e ? e->code : GFD_ENOMEM;
  int rc = GFD_OK;
  for (size_t i = 0; i < n && rc == GFD_OK; i++) {
    double ln = NAN;
    if (x[i] <= 0) rc = gfd_ascent_eval(A, tfac * x[i] / c->T, &ln, NULL, NULL, e);
    y[i] = half + lfac * ln;
  }
  gfd_ascent_free(A);
  return rc;
}

double gfd_figure_theory_xstar(const gfd_fig_panel *P, int k) {
  if (!is(P, "sym4-ascent", "curves") || k < 0 || k >= P->ncurves) return NAN;
  double tfac, lfac, ts = NAN, bs;
  gfd_ascent *A = ascent_of(&P->c[k], &tfac, &lfac, NULL);
  if (!A) return NAN;
  int div = gfd_ascent_diverges(A, &ts, &bs);
  gfd_ascent_free(A);
  return div == 1 ? P->c[k].T * ts / tfac : NAN;
}

int gfd_figure_theory(const gfd_fig_panel *P, int k, size_t n, const double *x, double *y, gfd_err *e) {
  if (P->phase) return gfd_err_set(e, GFD_EINVAL, "the phase panel has no theory curve of its own");
  if (k >= P->ncurves || k < -1 || (k == -1 && !P->shared_theory) || (k >= 0 && !P->c[k].own_theory))
    return gfd_err_set(e, GFD_EINVAL, "figure %s%s%s has no such theory curve", P->figure,
                       *P->panel ? " panel " : "", P->panel);
  const gfd_fig_curve *c = &P->c[k < 0 ? 0 : k];
  const gfd_spec *s = &c->spec;
  double p = (double)s->p, H = (double)s->H, s2 = s->sigma * s->sigma;
  if (is(P, "sym4-ascent", NULL)) return theory_ascent(c, n, x, y, e);
  for (size_t i = 0; i < n; i++) {
    double t = x[i] / c->T, v;
    if (P->yq == GFD_FIG_Y_HALFP) { /* SYM nu = 2: Marchenko-Pastur limit, L/p */
      double lp, xp;
      int rc = gfd_sym2_mp_loss(H / p, s2 * p, s->kappa, t, &lp, &xp);
      if (rc) return gfd_err_set(e, rc, "the Marchenko-Pastur loss failed at t = %g", t);
      v = 2 * lp;
    } else if (is(P, "asym3-free", "over")) { /* lazy: exp(-2 k t) */
      v = exp(-2 * gfd_ntk_rate(s) * t);
    } else if (is(P, "asym3-free", "under")) {
      v = gfd_free_limit_excess(GFD_ASYM, 3, p, H, s2, t) / gfd_free_limit_excess(GFD_ASYM, 3, p, H, s2, 0);
    } else if (is(P, "sym4-free", NULL)) {
      v = gfd_free_mean_excess(4, p, H, s2, t) / gfd_free_mean_excess(4, p, H, s2, 0);
    } else { /* sym4-free-app: the limit law (1 + c x)^(-4/3): one unit of norm 1 */
      double r = gfd_free_sym_rho(4, 1.0, c->collapse * x[i] / 24.0);
      v = r * r * r * r;
    }
    y[i] = v;
  }
  return GFD_OK;
}

double gfd_figure_grad_flops(const gfd_fig_panel *P, int k) {
  if (k < 0 || k >= P->ncurves) return 0;
  const gfd_spec *s = &P->c[k].spec;
  return gfd_route_flops(s, gfd_spec_route(s));
}

double gfd_figure_cost(const gfd_fig_panel *P, int k, size_t seeds) {
  return P->grads * gfd_figure_grad_flops(P, k) * (double)seeds;
}

double gfd_figure_seconds(const gfd_fig_panel *P, int k, size_t seeds) {
  if (k < 0 || k >= P->ncurves) return 0;
  const gfd_spec *s = &P->c[k].spec;
  double fixed = P->grads * (double)seeds * GFD_FIG_S_PER_GRADIENT;
  if (gfd_spec_route(s) == GFD_ROUTE_DENSE) return fixed + gfd_figure_cost(P, k, seeds) / GFD_FIG_DENSE_FLOPS_PER_S;
  double H = (double)s->H, blocks = s->kind == GFD_ASYM ? s->nu : 1;
  return fixed + gfd_figure_cost(P, k, seeds) / GFD_FIG_GRAM_FLOPS_PER_S +
         P->grads * (double)seeds * GFD_FIG_GRAM_S_PER_ENTRY * H * H * blocks;
}

size_t gfd_figure_bytes(const gfd_fig_panel *P, int k) {
  if (k < 0 || k >= P->ncurves) return 0;
  const gfd_spec *s = &P->c[k].spec;
  size_t b = gfd_spec_bytes(s), dim = gfd_spec_dim(s), st;
  /* the integrator's stages and the start copy: about 10 vectors of dim */
  if (b == SIZE_MAX || !gfd_size_mul(dim, 10 * sizeof(double), &st) || !gfd_size_add(b, st, &b))
    return SIZE_MAX;
  return b;
}
