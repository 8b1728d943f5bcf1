/* bench_figure.c - replay time of every figure panel at size=small (make
 * bench): wall seconds and gradients of each panel's simulations (one seed
 * a curve), against the estimate `figure` uses to pick the default size and
 * to refuse (gfd_figure_seconds); measured/estimate shows how far the
 * estimate's rates hold on this machine.  The phase panel is left out (its
 * estimate is the phase command's; minutes even at size=small). */
#include <config.h>
#include <stdio.h>
#include "gfd/gfd.h"

int main(void) {
  gfd_library_init();
  printf("%-14s %-15s %9s %9s %9s %7s\n", "figure", "panel", "seconds", "estimate", "gradients", "ratio");
  for (size_t i = 0; gfd_figure_id(i); i++) {
    const char *id = gfd_figure_id(i);
    for (size_t j = 0; gfd_figure_panel_name(id, j); j++) {
      gfd_fig_panel P;
      gfd_err e = {0};
      if (gfd_figure_panel(id, gfd_figure_panel_name(id, j), GFD_FIG_SIZE_SMALL, &P, &e) || P.phase) continue;
      double t0 = gfd_now(), est = 0;
      size_t grads = 0;
      for (int k = 0; k < P.ncurves; k++) {
        gfd_fig_sim S;
        if (gfd_figure_simulate(&P, k, 1, 1, 201, NULL, &S, &e)) {
          printf("%s %s: %s\n", id, P.panel, e.msg);
          return 1;
        }
        grads += S.grads;
        est += gfd_figure_seconds(&P, k, 1);
        gfd_fig_sim_free(&S);
      }
      double sec = gfd_now() - t0;
      printf("%-14s %-15s %9.3g %9.3g %9zu %7.2f\n", id, P.panel, sec, est, grads, sec / est);
    }
  }
  return 0;
}
