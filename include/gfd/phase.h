/* gfd/phase.h - the phase diagram of gradient ascent for SYM even nu >= 4 with
 * the identity target (kappa = 1): the share of runs that blow up, over a log
 * grid of theta = 1 + (nu-1)!! H / p^(nu/2) and rho = p^(nu-1) sigma^nu
 * (gfd-theory(7) 5.4: in the limit p -> infinity a run diverges iff
 * theta rho > kappa_c(nu); kappa_c(4) = 2.07780944847258).
 *
 * Work is split into units: one unit = one run (one seed) of one cell, a pure
 * function of (grid, cell, run).  Its seed is seed0 + cell * runs + run, so
 * any runner (a serial loop, an MPI queue, any order, any subset) gets the
 * same results; a cell's rate is the mean of its runs' `diverged`.
 *
 * Cells: cell = j * ntheta + i, i the theta index (x axis), j the rho index
 * (y axis).  Grid values are log-spaced from LO to HI inclusive (N = 1: LO).
 * H must be an integer: H = round((theta - 1) p^(nu/2) / (nu-1)!!), at least
 * 1, and the cell records the theta that H gives (theta_used); rho is kept
 * exactly (sigma = (rho / p^(nu-1))^(1/nu)).
 *
 * Time: every run goes backward from t = 0 to tau = tau_end in the scaled
 * time tau = nu sigma^(nu-2) t of the mean-field law (so each cell runs over
 * the same share of its own dynamics; t_end = tau_end / (nu sigma^(nu-2))).
 * The run is gfd_flow_run with dopri5 (points = 2); it counts as diverged
 * once L exceeds 100 max(L(0), 1) (a convergent ascent stays below p/2),
 * which ends it early. */
#ifndef GFD_PHASE_H
#define GFD_PHASE_H

#include <stddef.h>
#include "gfd/common.h"
#include "gfd/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The paper's grid (arXiv 2602.04548, figure 6 left): 16 x 16 log grid,
 * theta in [1.1, 100], rho in [0.02, 2.5], p = 64, 10 runs per cell. */
#define GFD_PHASE_THETA_LO 1.1
#define GFD_PHASE_THETA_HI 100.0
#define GFD_PHASE_RHO_LO 0.02
#define GFD_PHASE_RHO_HI 2.5
#define GFD_PHASE_N 16
#define GFD_PHASE_P 64
#define GFD_PHASE_RUNS 10
#define GFD_PHASE_TAU_END (-4.0) /* default run end (scaled time) */
#define GFD_PHASE_NMAX 256       /* at most this many points per axis */

typedef struct gfd_phase_grid {
  int nu;                      /* even, 4..GFD_NU_MAX */
  size_t p;
  double theta_lo, theta_hi;   /* 1 < LO <= HI */
  size_t ntheta;               /* 1..GFD_PHASE_NMAX */
  double rho_lo, rho_hi;       /* 0 < LO <= HI */
  size_t nrho;
  size_t runs;                 /* seeds per cell, >= 1 */
  unsigned long seed0;         /* unit seeds seed0 .. seed0 + cells*runs - 1 */
  double tau_end;              /* < 0 */
  double rtol;                 /* dopri5 tolerance (atol = rtol * 1e-2) */
} gfd_phase_grid;

/* The paper's grid for nu = 4 (the defines above), seed0 = 1, rtol = 1e-6. */
void gfd_phase_grid_default(gfd_phase_grid *g);
/* GFD_EINVAL with one sentence naming the field (odd nu, LO > HI, N = 0,
 * NaN, seeds out of range, H over the size limit, ...). */
int gfd_phase_grid_check(const gfd_phase_grid *g, gfd_err *e);
size_t gfd_phase_cells(const gfd_phase_grid *g);  /* ntheta * nrho */
size_t gfd_phase_units(const gfd_phase_grid *g);  /* cells * runs */
/* Axis values (nominal, before rounding H). */
double gfd_phase_theta_at(const gfd_phase_grid *g, size_t i);
double gfd_phase_rho_at(const gfd_phase_grid *g, size_t j);

/* kappa_c(nu) of the mean-field ascent (gfd_ascent_kappa_c), NaN for odd nu. */
double gfd_phase_kappa_c(int nu);
/* The limit line rho*(theta) = kappa_c(nu) / theta. */
double gfd_phase_rho_star(int nu, double theta);

typedef struct gfd_phase_cell {
  size_t i, j;                 /* theta index, rho index */
  double theta_nominal;        /* grid value */
  double theta;                /* theta_used = 1 + (nu-1)!! H / p^(nu/2) */
  double rho;                  /* p^(nu-1) sigma^nu */
  size_t H;
  double sigma;
  double kappa_nu;             /* finite-size control gfd_ascent_kappa_of (uses H - 1) */
  double ratio;                /* theta rho / kappa_c: > 1 diverges in the limit */
  double t_end;                /* run end in gfd time (< 0) */
  double gradient_flops;       /* flops of one gradient on the route gfd_model_new picks */
} gfd_phase_cell;

/* Describe cell `cell` (< gfd_phase_cells). */
int gfd_phase_cell_info(const gfd_phase_grid *g, size_t cell, gfd_phase_cell *out, gfd_err *e);
/* The spec of the cell's model (SYM, identity target, kappa = 1, seed of run 0). */
int gfd_phase_cell_spec(const gfd_phase_grid *g, size_t cell, gfd_spec *out, gfd_err *e);
unsigned long gfd_phase_unit_seed(const gfd_phase_grid *g, size_t cell, size_t run);

/* The result of one unit: small, plain, no pointers (send it as bytes). */
typedef struct gfd_phase_unit {
  int diverged;                /* 1: blew up before tau_end; 0: reached tau_end */
  int status;                  /* GFD_OK, or the error code (then diverged = -1) */
  unsigned long seed;
  double t_star;               /* blow-up time (gfd time, < 0), NaN unless diverged */
  double tau_star;             /* the same in scaled time */
  double loss_end;             /* loss at t_end, NaN if diverged */
  double loss0;                /* loss at t = 0 */
  /* the largest-unit estimate of the initial state (gfd_ascent_largest_unit):
   * a unit whose own kappa_h exceeds kappa_c blows up even where the mean field
   * converges (finite-p divergence below the line); lu_tau_star NaN if none */
  int lu_diverges;
  double lu_kappa_h, lu_tau_star, lu_rho_max;
  size_t gradients;            /* gradient evaluations */
  size_t loss_evals;           /* loss-only evaluations (~1/3 of a gradient each) */
} gfd_phase_unit;

/* Run unit (cell, run).  Deterministic: the result depends only on g, cell
 * and run.  Returns GFD_OK (a blow-up is a result), GFD_EINTR / GFD_ETIME if
 * ctl stopped it (the unit is then incomplete: do not count it), or an error
 * (out->status holds it). */
int gfd_phase_unit_run(const gfd_phase_grid *g, size_t cell, size_t run, const gfd_ctl *ctl,
                       gfd_phase_unit *out, gfd_err *e);

/* Divergence rate of n unit results (those with status GFD_OK); NaN if none. */
double gfd_phase_rate(const gfd_phase_unit *u, size_t n);

/* Cost estimate before running: gradients per run from the cell's side of
 * the line (measured: ~175 converging, ~410 diverging at rtol 1e-6, scaled by
 * (1e-6/rtol)^(1/5)), times the runs and the flops per gradient
 * (gfd_route_flops: ~3 H^2 p on the Gram route). */
typedef struct gfd_phase_cost {
  double flops;                /* whole grid */
  double max_cell_flops;       /* the most expensive cell (all its runs) */
  size_t max_cell;
  size_t max_H;
  double gradients;            /* whole grid (estimate) */
} gfd_phase_cost;
double gfd_phase_cell_gradients_est(const gfd_phase_grid *g, size_t cell);
int gfd_phase_estimate(const gfd_phase_grid *g, gfd_phase_cost *out, gfd_err *e);
/* CPU seconds of one core for cost c at size p: flops at the speed measured
 * on the reference machine (one BLAS thread; bench/bench_phase) plus a fixed
 * cost a gradient.  The products' inner size is p, so small p runs slower:
 * GFD_PHASE_FLOPS_SMALL_P at p <= 8, GFD_PHASE_FLOPS_LARGE_P at p >= 16,
 * interpolated in log p between.  Used by every caller (the `phase` command,
 * the figure's phase panel) so that their estimates agree. */
#define GFD_PHASE_FLOPS_SMALL_P 1e10
#define GFD_PHASE_FLOPS_LARGE_P 2.5e10
#define GFD_PHASE_S_PER_GRADIENT 1e-5
double gfd_phase_flop_rate(size_t p);
double gfd_phase_seconds(const gfd_phase_cost *c, size_t p);

#ifdef __cplusplus
}
#endif
#endif
