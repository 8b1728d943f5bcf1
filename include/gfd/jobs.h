/* gfd/jobs.h - the library's kinds of work units (gfd/job.h) and the layout
 * of their descriptions and outputs.  Each unit is a pure function of the
 * description and its index, so a caller gets the same bytes from the
 * serial loop and from a parallel runner when it reads the outputs in unit
 * order. */
#ifndef GFD_JOBS_H
#define GFD_JOBS_H

#include <stddef.h>
#include "gfd/job.h"
#include "gfd/model.h"
#include "gfd/flow.h"
#include "gfd/scaling.h"
#include "gfd/figure.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Ensemble members over one chunk of a plan (gfd_ensemble_advance). */
extern const gfd_job_kind gfd_job_ensemble_chunk;

/* ---- whole flow runs (sweep): unit k builds the model of runs[k].spec,
 * moves runs[k].seeds seeds (spec.seed, spec.seed + 1, ...) from t = 0 to
 * runs[k].T on opts.points report points and returns the mean rows and the
 * blow-up summary.  Description: gfd_flow_runs_desc, then n gfd_flow_run_item. */
extern const gfd_job_kind gfd_job_flow_runs;
typedef struct gfd_flow_runs_desc {
  gfd_flow_opts opts;
  size_t n;
} gfd_flow_runs_desc;
typedef struct gfd_flow_run_item {
  gfd_spec spec;
  double T;
  size_t seeds;
} gfd_flow_run_item;
/* The output: this header, then t, loss, loss_se, excess, excess_se
 * (opts.points doubles each, the first n rows used). */
typedef struct gfd_flow_run_out {
  size_t n, seeds, ndiv;   /* rows; seeds; seeds that blew up */
  double t_first;          /* the blow-up nearest t = 0 (NaN if none) */
  double t_mean, t_mean_se; /* mean t* over the diverged seeds, its standard error */
} gfd_flow_run_out;
size_t gfd_flow_runs_out_len(const gfd_flow_opts *opts);
/* Header and the five columns of one output. */
void gfd_flow_runs_read(const void *out, const gfd_flow_opts *opts, gfd_flow_run_out *hdr, const double **t,
                        const double **loss, const double **loss_se, const double **excess,
                        const double **excess_se);

/* ---- regime cells (map): unit u = i * nb + j classifies the scaling
 * `base` with a = as[i], b = bs[j] at order N with the diagrams of (kind,
 * nu, target).  Description: gfd_regime_cells_desc, then na + nb gfd_rat
 * (the a values, then the b values).  Output: gfd_regime_cell. */
extern const gfd_job_kind gfd_job_regime_cells;
typedef struct gfd_regime_cells_desc {
  gfd_kind kind;
  int nu;
  gfd_target target;
  gfd_scaling base;
  int N, of_excess;       /* the quantity mapped: the loss or its excess */
  size_t na, nb;
} gfd_regime_cells_desc;
typedef struct gfd_regime_cell {
  int regime;             /* gfd_regime */
  int dyn, balance, have_e0, finetuned;
  double g, e0;
} gfd_regime_cell;
/* The context for local units on an engine the caller owns (rank 0 and the
 * serial loop reuse the session's diagrams); free with the kind's close. */
void *gfd_regime_cells_ctx(gfd_diagrams *d, const void *desc, size_t len, gfd_err *e);

/* ---- phase diagram runs (gfd/phase.h): unit u is gfd_phase_unit_run of
 * cell u / runs, run u % runs (units n = gfd_phase_units).  Description: one
 * gfd_phase_grid.  Output: gfd_phase_unit. */
extern const gfd_job_kind gfd_job_phase_units;

/* ---- figure curves (gfd/figure.h): unit u is seed seed0 + u % seeds of
 * curve u / seeds, run to the panel's end on `points` report points.
 * Description: one gfd_fig_curves_desc (the curves themselves, not the
 * panel: its strings are pointers).  Output (gfd_fig_curves_out_len bytes):
 * gfd_fig_unit_out, then `rows` doubles, the panel's quantity at the report
 * points up to the first non-finite one (the rest of the points zero). */
extern const gfd_job_kind gfd_job_figure_curves;
typedef struct gfd_fig_curves_desc {
  double x0, x1;          /* the panel's range (x0 < 0: ascent to x0) */
  int yq;                 /* gfd_fig_y */
  size_t ncurves;
  gfd_fig_curve c[GFD_FIG_MAX_CURVES];
  unsigned long seed0;
  size_t seeds, points;
} gfd_fig_curves_desc;
typedef struct gfd_fig_unit_out {
  size_t rows, nevals;    /* rows returned; gradient evaluations */
  int blowup;             /* 1: the run blew up at t_star (gfd time) */
  double t_star;
  double seconds;         /* the unit's wall time (shown, never summed into results) */
} gfd_fig_unit_out;
size_t gfd_fig_curves_out_len(size_t points);

#ifdef __cplusplus
}
#endif
#endif
