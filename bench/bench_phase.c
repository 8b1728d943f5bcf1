/* bench_phase.c - what one cell of the ascent phase diagram costs (make
 * bench): CPU seconds and gradients of one run at a few (p, theta, rho), the
 * GFLOP/s that gives against gfd_route_flops, and the estimate
 * gfd_phase_estimate makes for the paper's grid at p = 4..64.  The phase
 * command's PHASE_RATE and phase.c's gradient counts come from here. */
#include <stdio.h>
#include <stdlib.h>
#include "gfd/gfd.h"
#include "bench_rusage.h"

static void one(size_t p, double theta, double rho) {
  gfd_phase_grid g;
  gfd_phase_grid_default(&g);
  g.p = p;
  g.theta_lo = g.theta_hi = theta;
  g.rho_lo = g.rho_hi = rho;
  g.ntheta = g.nrho = 1;
  g.runs = 1;
  gfd_err e;
  gfd_phase_cell c;
  gfd_phase_unit u;
  if (gfd_phase_cell_info(&g, 0, &c, &e)) {
    printf("cell: %s\n", e.msg);
    return;
  }
  double t0 = cpu_seconds();
  if (gfd_phase_unit_run(&g, 0, 0, NULL, &u, &e)) {
    printf("unit: %s\n", e.msg);
    return;
  }
  double dt = cpu_seconds() - t0, gr = (double)u.gradients + u.loss_evals / 3.0;
  printf("p=%3zu theta=%6.3g H=%6zu rho=%5.3g x=%6.3g %s: %5.0f gradients (est %4.0f), %8.3f s CPU, %5.1f GFLOP/s\n",
         p, c.theta, c.H, rho, c.ratio, u.diverged ? "diverged " : "converged", gr,
         gfd_phase_cell_gradients_est(&g, 0), dt, dt > 0 ? gr * c.gradient_flops / dt / 1e9 : 0.0);
}

int main(void) {
  /* one run each: small H (overhead), mid H, the largest that takes seconds */
  one(8, 1.1, 0.02);
  one(8, 100, 0.02);
  one(8, 100, 2.5);
  one(16, 10, 2.5);
  one(32, 1.1, 2.5);
  one(64, 1.1, 0.3);
  one(64, 1.1, 2.5);
  one(64, 2, 2.5);
  gfd_phase_grid g;
  gfd_phase_grid_default(&g);
  size_t ps[] = {4, 6, 8, 16, 32, 64};
  for (size_t k = 0; k < sizeof ps / sizeof ps[0]; k++) {
    gfd_phase_cost c;
    gfd_err e;
    g.p = ps[k];
    if (gfd_phase_estimate(&g, &c, &e)) continue;
    printf("paper grid at p=%2zu: H up to %6zu, %.3g gradients, %.3g flops (%.3g s at 10 GFLOP/s)\n", g.p, c.max_H,
           c.gradients, c.flops, c.flops / 1e10);
  }
  return 0;
}
