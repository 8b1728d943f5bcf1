/* cmd_figure_phase.c - figure sym4-ascent panel=phase: the paper's phase
 * diagram (divergence rate over a 16 x 16 log grid of theta and rho, 10 runs
 * a cell, p = 64) through libgfd's phase API (gfd/phase.h), at the paper's p
 * or at size=small (the same grid at p = 6), with the limit line
 * rho* = 2.0778/theta.  The `phase` command is the general tool (any grid,
 * any even nu); this panel is the paper's grid and joins the figure's
 * table-and-gnuplot output. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cmd_figure.h"
#include "view_provider.h"
#include "gfd/jobs.h"

#define FIG_PHASE_SMALL_P 6

void figure_phase_grid(int small, size_t runs, unsigned long seed, gfd_phase_grid *g) {
  gfd_phase_grid_default(g);
  if (small) g->p = FIG_PHASE_SMALL_P;
  g->runs = runs;
  g->seed0 = seed;
}

double figure_phase_seconds(const gfd_phase_grid *g) {
  gfd_phase_cost c;
  gfd_err e = {0};
  if (gfd_phase_estimate(g, &c, &e)) return INFINITY;
  return gfd_phase_seconds(&c, g->p); /* the same estimate as the phase command's */
}

static char rate_glyph(double r) { /* . none, 1-9 tenths, # all, blank not run */
  if (isnan(r)) return ' ';
  if (r <= 0) return '.';
  if (r >= 1) return '#';
  int k = (int)lround(r * 10);
  return (char)('0' + (k < 1 ? 1 : k > 9 ? 9 : k));
}

static void show_grid(session *s, const figure_run *r) {
  const fig_phase *F = &r->phase;
  size_t nc = F->nth * F->nrho;
  char *cells = calloc(nc + 1, 1);
  int *col = calloc(nc, sizeof *col);
  if (cells && col) {
    for (size_t c = 0; c < nc; c++) {
      double v = F->runs[c] ? F->rate[c] : NAN;
      cells[c] = rate_glyph(v);
      col[c] = isnan(v) ? 0 : v <= 0 ? 4 : v >= 1 ? 1 : 3;
      double th = F->theta[c % F->nth], rs = gfd_phase_rho_star(4, th), rj = F->rho[c / F->nth];
      double step = F->nrho > 1 ? log(F->rho[1] / F->rho[0]) : 1;
      if (fabs(log(rj / rs)) <= step / 2) col[c] |= 0x100; /* the limit line's cell */
    }
    view_grid_spec v = {(int)F->nth, (int)F->nrho, cells, col, F->theta, F->rho, "theta", "rho",
                        "figure sym4-ascent phase: divergence rate",
                        ". none diverged  1-9 tenths  # all\n"
                        "underlined: the limit line rho* = 2.0778/theta\n"
                        "rate > 0 below the line at small theta: finite p,\n"
                        "the largest of few units blows up first",
                        NULL, NULL, 0, 0, 0, NULL};
    int si, sj;
    view_grid(s, &v, &si, &sj);
  }
  free(cells), free(col);
}

/* A cell's last run is back (serially: the cell is done). */
typedef struct cell_prog {
  const gfd_ctl *ctl;
  size_t runs, cells, *ndone;
} cell_prog;
static void cell_done(void *ud, size_t u, const void *out) {
  const cell_prog *P = ud;
  (void)u, (void)out;
  if (++*P->ndone % P->runs == 0) gfd_ctl_progress(P->ctl, "phase cells", (double)(*P->ndone / P->runs), (double)P->cells);
}

int figure_phase_run(session *s, figure_run *r, int small, size_t runs, unsigned long seed, const gfd_ctl *ctl,
                     int *stopped) {
  fig_phase *F = &r->phase;
  gfd_phase_grid g;
  figure_phase_grid(small, runs, seed, &g);
  gfd_err e = {0};
  if (gfd_phase_grid_check(&g, &e)) return sh_error_lib(s, &e);
  size_t nc = gfd_phase_cells(&g);
  F->nth = g.ntheta, F->nrho = g.nrho, F->p = g.p, F->small = small;
  F->theta = calloc(g.ntheta, sizeof(double));
  F->rho = calloc(g.nrho, sizeof(double));
  F->rate = calloc(nc, sizeof(double));
  F->runs = calloc(nc, sizeof(size_t));
  if (!F->theta || !F->rho || !F->rate || !F->runs) return sh_error(s, -1, "out of memory");
  for (size_t i = 0; i < g.ntheta; i++) F->theta[i] = gfd_phase_theta_at(&g, i);
  for (size_t j = 0; j < g.nrho; j++) F->rho[j] = gfd_phase_rho_at(&g, j);
  if (!*stopped) { /* the runs are work units (gfd/jobs.h: here or over MPI ranks) */
    size_t ndone = 0;
    gfd_job job;
    memset(&job, 0, sizeof job);
    job.kind = &gfd_job_phase_units;
    job.desc = &g, job.desc_len = sizeof g;
    job.n = gfd_phase_units(&g), job.out_len = sizeof(gfd_phase_unit);
    job.done = cell_done, job.ud = &(cell_prog){ctl, g.runs, nc, &ndone}, job.what = "phase cells";
    if (gfd_job_alloc(&job, &e)) return sh_error_lib(s, &e);
    int jrc = gfd_job_run(&job, ctl, &e);
    size_t k = gfd_job_prefix(&job);
    int rc = k == job.n || jrc == GFD_EINTR || jrc == GFD_ETIME ? jrc
             : job.state[k] == GFD_UNIT_DONE                   ? job.rc[k]
                                                               : jrc;
    if (k < job.n && rc != GFD_EINTR && rc != GFD_ETIME) {
      int ret = job.state[k] == GFD_UNIT_DONE ? sh_error_lib(s, &job.err)
                : jrc ? sh_error_lib(s, &e)
                      : sh_error(s, -1, "phase run %zu of cell %zu was not computed", k % g.runs, k / g.runs);
      gfd_job_release(&job);
      return ret;
    }
    *stopped = k < job.n;
    for (size_t c = 0; c < k / g.runs; c++) { /* a cell counts whole or not at all */
      const gfd_phase_unit *u = (const gfd_phase_unit *)job.out + c * g.runs;
      size_t div = 0;
      for (size_t run = 0; run < g.runs; run++) div += u[run].diverged == 1;
      F->rate[c] = (double)div / (double)g.runs, F->runs[c] = g.runs;
    }
    gfd_job_release(&job);
  }
  F->have = 1;
  if (s->interactive && !*stopped) show_grid(s, r);
  return 0;
}

table *figure_phase_table(const figure_run *r) {
  const fig_phase *F = &r->phase;
  table *t = table_new("", "theta,rho,rate,runs");
  if (!t) return NULL;
  for (size_t j = 0; j < F->nrho; j++)
    for (size_t i = 0; i < F->nth; i++) {
      size_t c = j * F->nth + i;
      table_num(t, F->theta[i]);
      table_num(t, F->rho[j]);
      if (F->runs[c]) table_num(t, F->rate[c]);
      else table_empty(t);
      table_int(t, (long long)F->runs[c]);
      table_endrow(t);
    }
  for (size_t i = 0; i < F->nth; i++) { /* the limit line: rows theta,rho_star */
    table_num(t, F->theta[i]);
    table_num(t, gfd_phase_rho_star(4, F->theta[i]));
    table_empty(t), table_empty(t);
    table_endrow(t);
  }
  return t;
}
