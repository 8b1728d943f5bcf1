/* cmd_figure.h - private to the figure area: the replayed figure kept for
 * `export gnuplot` (cmd_figure_out.c holds it, cmd_figure.c fills it). */
#ifndef GFD_CMD_FIGURE_H
#define GFD_CMD_FIGURE_H

#include "shell.h"

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

typedef struct figure_run {
  char fig[32];
  int np;
  gfd_fig_panel P[FIG_MAX_PANELS];
  int nout;
  fig_out out[FIG_MAX_OUT];
  unsigned long seq;    /* the session's curve_seq after the figure set its curves */
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

#endif
