/* view_provider.h - what the views (cmd_view.c, views/view_*.c) offer the
 * command areas: the live plot of a run, the plot, the pager, the grid view
 * and the gnuplot export.  All are no-ops or text when not interactive. */
#ifndef GFD_VIEW_PROVIDER_H
#define GFD_VIEW_PROVIDER_H

#include <stddef.h>
#include "shell.h"

void view_live_begin(session *s, const char *title); /* enter the plot view for a live run */
void view_live_update(session *s);                   /* redraw the curves if due (<= 20/s) */
void view_live_end(session *s);                      /* interactive: stay until q */
/* 1 if the user pressed q in the live view of the current run: the run was
 * stopped on request (s->interrupted is set to stop it), not interrupted. */
int view_live_quit(session *s);
/* The plot shows a replayed figure, the curves just set: until another
 * curve is set, the view titles itself `title` (not the session's model),
 * names its axes xlabel and ylabel, draws x on a log axis if logx (the
 * curves then carry x = 1 + c t), y on a log axis if logy, in [y0, y1] if
 * have_y, and does not step the session's flow.  fresh: a panel starts, so
 * the axes the user chose with the keys (l, pan, zoom) go back to its own. */
typedef struct view_figure {
  const char *title, *xlabel, *ylabel;
  int logx, logy, have_y, fresh;
  double y0, y1;
} view_figure;
void view_plot_figure(session *s, const view_figure *f);
int view_plot(session *s);                           /* `plot`: full screen, or ASCII when not a tty */
/* Paged view: `count` pages rendered on demand as text; arrows step pages. */
typedef void (*view_render_fn)(session *s, int idx, char *buf, size_t n, void *ud);
int view_pager(session *s, const char *title, int count, int start, view_render_fn render, void *ud);
/* Grid view for the regime map: nx*ny cells (row j = y index), a letter and a
 * colour class (0..7) per cell; info(i, j) renders the side panel.  Returns 1
 * and sets *sel_i, *sel_j if the user pressed Enter on a cell (only when
 * spec->enter says what it does), 0 if q. */
typedef struct view_grid_spec {
  int nx, ny;
  const char *cells;   /* nx*ny letters, cells[j*nx + i] */
  const int *colors;   /* nx*ny colour classes, may be NULL (| 0x100: underlined) */
  const double *xs, *ys; /* axis values */
  const char *xlabel, *ylabel, *title;
  const char *legend;  /* multi-line legend text */
  void (*info)(session *s, int i, int j, char *buf, size_t n, void *ud);
  void *ud;
  int start_set, start_i, start_j; /* the cursor's first cell (else the middle) */
  const char *enter;   /* what Enter does, for the key line ("adopt this scaling"); NULL: nothing */
} view_grid_spec;
int view_grid(session *s, const view_grid_spec *g, int *sel_i, int *sel_j);
/* `export gnuplot FILE`: FILE.dat (the curves) and FILE (a script that plots them). */
int view_export_gnuplot(session *s, const char *path);

#endif
