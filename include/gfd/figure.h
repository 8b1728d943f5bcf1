/* gfd/figure.h - the experiment figures of the method's paper (Yarotsky,
 * Golikov, Gusev, arXiv 2602.04548) as data: each panel's models, its time
 * range and axes, its theory curves from gfd's own solutions (solution.h)
 * and the simulation of each curve, with a cost estimate.
 *
 * Time: the paper integrates du/dt = -(1/T) grad L, so its time t_paper =
 * T t_gfd.  Every curve here is in the paper's time x = t_paper (the axis of
 * its figures); a simulation runs gfd's flow to t_gfd = x / T.
 *
 * Sizes: GFD_FIG_SIZE_PAPER is the paper's (p, H); GFD_FIG_SIZE_SMALL keeps
 * the ratios that define the panel (H/p and p sigma^2, H = p^3, H/p^2,
 * theta = 1 + 3H/p^2 and rho = p^3 sigma^4) at smaller p. */
#ifndef GFD_FIGURE_H
#define GFD_FIGURE_H

#include <stddef.h>
#include "gfd/common.h"
#include "gfd/model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { GFD_FIG_SIZE_PAPER = 0, GFD_FIG_SIZE_SMALL = 1 } gfd_fig_size;

/* The panel's vertical quantity. */
typedef enum {
  GFD_FIG_Y_HALFP = 0, /* L / (p/2) (SYM nu = 2, identity target) */
  GFD_FIG_Y_REL = 1,   /* L(t) / L(0) of the run (zero target: the excess) */
  GFD_FIG_Y_LOSS = 2   /* L itself */
} gfd_fig_y;

#define GFD_FIG_MAX_CURVES 3

typedef struct gfd_fig_curve {
  char tag[32];        /* the paper's legend: "H=1024", "p=8 H=2", "c=1/2", "high-noise" */
  gfd_spec spec;       /* the simulated model (seed 1) */
  double T;            /* learning rate 1/T: t_gfd = x / T */
  double collapse;     /* c of the panel's x axis 1 + c x when logx, else 0 */
  int own_theory;      /* 1: a theory curve of its own, "theory TAG" */
} gfd_fig_curve;

typedef struct gfd_fig_panel {
  const char *figure;  /* "nu2-app" */
  const char *panel;   /* "noisy-under", or "" for a figure of one panel */
  const char *title;   /* the paper's figure in words */
  double x0, x1;       /* the paper's time range (x0 < 0: ascent) */
  int logx, logy;      /* the paper's axes; logx: against 1 + c x */
  gfd_fig_y yq;
  const char *ylabel;
  gfd_fig_size size;   /* the size of the curves below */
  int ncurves;
  gfd_fig_curve c[GFD_FIG_MAX_CURVES];
  int shared_theory;   /* 1: one theory curve without tag, "theory" */
  int phase;           /* the ascent phase diagram: no curves (its own command) */
  double grads;        /* gradients of one run, estimated (measured at small size) */
  const char *paper_size; /* the paper's sizes in words */
  const char *decision;   /* what gfd chose where the paper is silent or differs */
} gfd_fig_panel;

/* Figures, in the paper's order: ids, and the panel names of each ("" for a
 * figure of one panel).  NULL past the end / for an unknown id. */
const char *gfd_figure_id(size_t i);
const char *gfd_figure_panel_name(const char *fig, size_t j);
/* 1 if the id (and panel: NULL or "" for the first) exist. */
int gfd_figure_exists(const char *fig, const char *panel);

/* The panel at a size.  GFD_EINVAL naming the valid ids or panels. */
int gfd_figure_panel(const char *fig, const char *panel, gfd_fig_size size, gfd_fig_panel *out,
                     gfd_err *e);

/* Flops of one gradient of curve k (by the route gfd_model_new picks) and the
 * estimated flops of its simulation with `seeds` seeds; bytes of one run. */
double gfd_figure_grad_flops(const gfd_fig_panel *P, int k);
double gfd_figure_cost(const gfd_fig_panel *P, int k, size_t seeds);
size_t gfd_figure_bytes(const gfd_fig_panel *P, int k);
/* Estimated seconds of curve k's simulation: per gradient, its flops at the
 * rate measured for its route on the reference machine (2 shared cores) plus,
 * on the Gram route, the time to stream its H x H matrices: the products ran
 * at ~1e10 flop/s where the inner size p is large (nu2-main, p = 512), but a
 * gradient of SYM nu=4 p=16 H=4096 took 0.32 s for 8e8 flops (the H x H
 * matrices of 134 MB leave the cache: ~1.4e-8 s per entry and block); the
 * dense route's matrix-vector products ran at 3e9 flop/s. */
#define GFD_FIG_GRAM_FLOPS_PER_S 1e10
#define GFD_FIG_GRAM_S_PER_ENTRY 1.4e-8
#define GFD_FIG_DENSE_FLOPS_PER_S 3e9
/* and a fixed cost a gradient that tiny models show (~1e-5 s, p = 8, H = 2) */
#define GFD_FIG_S_PER_GRADIENT 1e-5
double gfd_figure_seconds(const gfd_fig_panel *P, int k, size_t seeds);
/* A replay is run at the paper's size by default when it takes at most this. */
#define GFD_FIG_DEFAULT_SECONDS 600.0

/* The theory curve: k >= 0 the curve's own ("theory TAG"), k = -1 the panel's
 * shared one.  y[i] at paper times x[i] in the panel's quantity; NaN past a
 * blow-up.  GFD_EINVAL if the curve has no theory of that kind. */
int gfd_figure_theory(const gfd_fig_panel *P, int k, size_t n, const double *x, double *y,
                      gfd_err *e);
/* The paper's blow-up time x* = sigma^2 t_crit / T... of curve k in paper
 * time (sym4-ascent), NaN if the theory converges. */
double gfd_figure_theory_xstar(const gfd_fig_panel *P, int k);

/* A simulated curve: the mean over seeds of the panel's quantity on the
 * report grid (rows a seed did not reach, past its blow-up, are averaged
 * over the seeds that did), lo/hi = mean -+ its standard error. */
typedef struct gfd_fig_sim {
  size_t n;
  double *x, *y, *lo, *hi;
  size_t *count;       /* seeds averaged at each row */
  size_t seeds_done;   /* seeds finished */
  size_t grads;        /* gradients used */
  size_t blowups;      /* seeds that blew up */
  double x_star;       /* mean blow-up time (paper units) of those, NaN if none */
  double seconds;      /* wall time of its seeds' runs, summed (wherever they ran) */
} gfd_fig_sim;
void gfd_fig_sim_free(gfd_fig_sim *S);

/* Simulate curve k with seeds seed0 .. seed0 + K - 1 on a uniform grid of
 * `points` report points over the panel's range.  Interrupt or time limit:
 * GFD_EINTR / GFD_ETIME with the seeds finished so far in out (seeds_done). */
int gfd_figure_simulate(const gfd_fig_panel *P, int k, unsigned long seed0, size_t K,
                        size_t points, const gfd_ctl *ctl, gfd_fig_sim *out, gfd_err *e);

/* Every curve of the panel the same way, as work units (gfd/jobs.h, kind
 * "figure-curves": one unit per curve and seed), on ctl's runner when it has
 * one (MPI ranks) and the same bytes as serially.  out[k] for k < ncurves
 * (free each with gfd_fig_sim_free).  curve_done, when not NULL, is called
 * with curve k as soon as all its seeds are in (in completion order: a live
 * plot); the results are out[].  Interrupt or time limit: GFD_EINTR /
 * GFD_ETIME, the curves before the stop whole, the stopped one with its
 * seeds finished, those after it empty, as a loop over the curves would
 * leave them.  An error: the curves before the failing one are kept. */
typedef void (*gfd_fig_curve_done)(void *ud, int k, const gfd_fig_sim *S);
int gfd_figure_simulate_panel(const gfd_fig_panel *P, unsigned long seed0, size_t K, size_t points,
                              const gfd_ctl *ctl, gfd_fig_sim out[GFD_FIG_MAX_CURVES],
                              gfd_fig_curve_done curve_done, void *ud, gfd_err *e);

#ifdef __cplusplus
}
#endif
#endif
