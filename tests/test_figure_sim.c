/* test_figure_sim.c - the figures' simulated curves (gfd_figure_simulate,
 * gfd's flow run to t = x / T) against the figures' theory curves at small
 * sizes where the limit should hold, 4 seeds each.  Tolerances are the
 * measured maximum relative errors (finite size plus seed noise) times ~3:
 *  - nu2-app lownoise-under, p = 64, H = 8: measured 1.1e-3 over t in [0, 3];
 *  - nu2-app general (1, 1), p = H = 64, t in [0, 0.5]: measured 2.0e-2 (later
 *    the loss is set by the smallest eigenvalues, where the Marchenko-Pastur
 *    law has its edge at 0 and p = 64 is far from the limit);
 *  - sym4-ascent low-noise (theta = 10, rho = 0.104985), p = 16: measured
 *    5.0e-3 over x in [-0.04, 0];
 *  - sym4-ascent high-noise: the largest unit blows up first, so the
 *    simulated blow-up comes before the limit's but after x = -0.04 and
 *    before x = 0 (gfd-theory(7) 5.4). */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include "gfd/gfd.h"
#include "testutil.h"

static double max_rel(const char *fig, const char *pn, int k, double xmax, gfd_fig_sim *keep) {
  gfd_fig_panel P;
  gfd_err e = {0};
  TU_OK(gfd_figure_panel(fig, pn, GFD_FIG_SIZE_SMALL, &P, &e));
  gfd_fig_sim S;
  TU_OK(gfd_figure_simulate(&P, k, 1, 4, 201, NULL, &S, &e));
  tu_true("4 seeds done", S.seeds_done == 4);
  double *y = malloc(S.n * sizeof *y), err = 0;
  TU_OK(gfd_figure_theory(&P, P.shared_theory ? -1 : k, S.n, S.x, y, &e));
  for (size_t i = 0; i < S.n; i++)
    if (fabs(S.x[i]) <= xmax) err = fmax(err, fabs(S.y[i] - y[i]) / fabs(y[i]));
  printf("     %s %s %s: max rel error %.3g (|x| <= %g)\n", fig, pn, P.c[k].tag, err, xmax);
  free(y);
  if (keep) *keep = S;
  else gfd_fig_sim_free(&S);
  return err;
}

int main(void) {
  gfd_library_init();
  tu_below("nu2-app lownoise-under p=64 H=8 vs the MP limit", max_rel("nu2-app", "lownoise-under", 2, 3, NULL), 5e-3);
  tu_below("nu2-app general p=H=64 vs the MP limit, t <= 0.5", max_rel("nu2-app", "general", 2, 0.5, NULL), 6e-2);
  tu_below("sym4-ascent low-noise p=16 vs the mean-field ascent", max_rel("sym4-ascent", "curves", 1, 1, NULL), 1.5e-2);
  gfd_fig_panel P;
  gfd_err e = {0};
  TU_OK(gfd_figure_panel("sym4-ascent", "curves", GFD_FIG_SIZE_SMALL, &P, &e));
  gfd_fig_sim S;
  TU_OK(gfd_figure_simulate(&P, 0, 1, 4, 2001, NULL, &S, &e));
  double xt = gfd_figure_theory_xstar(&P, 0);
  printf("     high-noise: %zu of 4 seeds blew up, mean x* = %.5g, limit x* = %.5g\n", S.blowups, S.x_star, xt);
  tu_true("high-noise: every seed blows up", S.blowups == 4);
  tu_true("high-noise: the largest unit first, after the limit's x* and before 0", S.x_star > xt && S.x_star < 0);
  tu_true("high-noise: >= 200 points before the blow-up", S.n >= 200);
  gfd_fig_sim_free(&S);
  return tu_done();
}
