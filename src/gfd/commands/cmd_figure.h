/* cmd_figure.h - private to the figure area: the replayed figure kept for
 * `export gnuplot` (cmd_figure_out.c holds it, cmd_figure.c fills it). */
#ifndef GFD_CMD_FIGURE_H
#define GFD_CMD_FIGURE_H

#include "shell.h"
#include "gfd/phase.h"

#define FIG_MAX_PANELS 4
#define FIG_MAX_OUT (FIG_MAX_PANELS * (2 * GFD_FIG_MAX_CURVES + 1))

typedef struct fig_out {
  char name[48];        /* "theory", "theory TAG", "sim TAG" */
  int panel;            /* index into figure_run.P */
  int sim;              /* 1 simulated, 0 theory */
  double collapse;      /* the x axis 1 + c x of a log-x panel */
  size_t n;
  double *x, *y, *lo, *hi; /* lo/hi NULL for theory and one seed */
} fig_out;

/* The phase panel (sym4-ascent phase): rates of the paper's grid. */
typedef struct fig_phase {
  int have, small;
  size_t nth, nrho, p;
  double *theta, *rho;  /* nominal grid values */
  double *rate;         /* cell j * nth + i; valid where runs > 0 */
  size_t *runs;
} fig_phase;

typedef struct figure_run {
  char fig[32];
  int np;
  gfd_fig_panel P[FIG_MAX_PANELS];
  int nout;
  fig_out out[FIG_MAX_OUT];
  unsigned long seq;    /* the session's curve_seq after the figure set its curves */
  fig_phase phase;
} figure_run;

/* The session's kept figure (NULL if none or out of memory with create = 1). */
figure_run *figure_run_get(session *s, int create);
/* Drop the kept figure's curves (a new figure starts). */
void figure_run_clear(figure_run *r);
/* Append a curve (copies the arrays): 0, or -1 if full or out of memory. */
int figure_run_add(figure_run *r, int panel, const char *name, int sim, double collapse, size_t n,
                   const double *x, const double *y, const double *lo, const double *hi);
/* The CSV table panel,curve,x,y of the kept figure. */
table *figure_run_table(const figure_run *r, const char *title);
/* The panel's name in tables and legends: its panel name, or the figure id. */
const char *figure_panel_label(const gfd_fig_panel *P);
/* The gnuplot writer (figure_export_gnuplot without the plot check). */
int figure_write_gnuplot(session *s, const figure_run *r, const char *path);

/* The phase panel (cmd_figure_phase.c): the paper's grid at p = 64 or
 * size=small (p = 6), runs a cell, first seed. */
void figure_phase_grid(int small, size_t runs, unsigned long seed, gfd_phase_grid *g);
double figure_phase_seconds(const gfd_phase_grid *g);
/* Run it into r->phase (Ctrl-C: *stopped, the finished cells kept); the grid
 * view interactively.  0, or -1 after sh_error. */
int figure_phase_run(session *s, figure_run *r, int small, size_t runs, unsigned long seed, const gfd_ctl *ctl,
                     int *stopped);
/* theta,rho,rate,runs per cell, then theta,rho_star rows. */
table *figure_phase_table(const figure_run *r);

#endif
