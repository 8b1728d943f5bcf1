/* cmd_figure_out.c - the replayed figure kept in the session, its CSV table
 * panel,curve,x,y and its gnuplot script: every panel in one multiplot with
 * the paper's axes (log y where the paper is; the nu = 4 free-evolution
 * panels against 1 + c t on log-log axes). */
#include <config.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "area.h"
#include "cmd_figure.h"
#include "figure_provider.h"

extern const area area_figure;

static void out_free(fig_out *o) {
  free(o->x), free(o->y), free(o->lo), free(o->hi);
  memset(o, 0, sizeof *o);
}

void figure_run_clear(figure_run *r) {
  for (int i = 0; i < r->nout; i++) out_free(&r->out[i]);
  fig_phase *F = &r->phase;
  free(F->theta), free(F->rho), free(F->rate), free(F->runs);
  memset(F, 0, sizeof *F);
  r->nout = 0, r->np = 0, r->fig[0] = '\0', r->seq = 0;
}

figure_run *figure_run_get(session *s, int create) {
  figure_run *r = sh_area_state(s, &area_figure);
  if (!r && create && (r = calloc(1, sizeof *r))) sh_area_set_state(s, &area_figure, r);
  return r;
}

static double *dupv(const double *v, size_t n) {
  if (!v) return NULL;
  double *d = malloc((n ? n : 1) * sizeof *d);
  if (d) memcpy(d, v, n * sizeof *d);
  return d;
}

int figure_run_add(figure_run *r, int panel, const char *name, int sim, double collapse, size_t n,
                   const double *x, const double *y, const double *lo, const double *hi) {
  if (r->nout >= FIG_MAX_OUT) return -1;
  fig_out *o = &r->out[r->nout];
  memset(o, 0, sizeof *o);
  snprintf(o->name, sizeof o->name, "%s", name);
  o->panel = panel, o->sim = sim, o->collapse = collapse, o->n = n;
  o->x = dupv(x, n), o->y = dupv(y, n), o->lo = dupv(lo, n), o->hi = dupv(hi, n);
  if (!o->x || !o->y || (lo && !o->lo) || (hi && !o->hi)) {
    out_free(o);
    return -1;
  }
  r->nout++;
  return 0;
}

const char *figure_panel_label(const gfd_fig_panel *P) { return *P->panel ? P->panel : P->figure; }

table *figure_run_table(const figure_run *r, const char *title) {
  table *t = table_new(title, "panel,curve,x,y");
  if (!t) return NULL;
  for (int i = 0; i < r->nout; i++) {
    const fig_out *o = &r->out[i];
    for (size_t j = 0; j < o->n; j++) {
      table_str(t, figure_panel_label(&r->P[o->panel]));
      table_str(t, o->name);
      table_num(t, o->x[j]);
      table_num(t, o->y[j]);
      table_endrow(t);
    }
  }
  return t;
}

/* ------------------------------------------------------------- gnuplot */
static void put_quoted(FILE *f, const char *str) {
  fputc('\'', f);
  for (const char *p = str; *p; p++) {
    if (*p == '\'') fputc('\'', f);
    fputc(*p == '\n' ? ' ' : *p, f);
  }
  fputc('\'', f);
}

static void put_num(FILE *f, double v) {
  if (isfinite(v)) fprintf(f, "%.10g", v);
  else fputs("NaN", f);
}

static void write_data(FILE *f, const figure_run *r) {
  fprintf(f, "# gfd figure %s: one block per curve (gnuplot: index N), columns x y [lo hi]\n", r->fig);
  for (int i = 0; i < r->nout; i++) {
    const fig_out *o = &r->out[i];
    if (i) fputs("\n\n", f);
    fprintf(f, "# index %d: %s %s\n", i, figure_panel_label(&r->P[o->panel]), o->name);
    for (size_t j = 0; j < o->n; j++) {
      put_num(f, o->x[j]), fputc(' ', f), put_num(f, o->y[j]);
      if (o->lo) fputc(' ', f), put_num(f, o->lo[j]), fputc(' ', f), put_num(f, o->hi[j]);
      fputc('\n', f);
    }
  }
  const fig_phase *F = &r->phase;
  if (F->have) { /* the last block: theta rho rate, cells that ran */
    if (r->nout) fputs("\n\n", f);
    fprintf(f, "# index %d: phase theta rho rate\n", r->nout);
    for (size_t c = 0; c < F->nth * F->nrho; c++)
      if (F->runs[c]) fprintf(f, "%.10g %.10g %.10g\n", F->theta[c % F->nth], F->rho[c / F->nth], F->rate[c]);
  }
}

static void write_phase(FILE *f, const figure_run *r) {
  const fig_phase *F = &r->phase;
  fprintf(f, "set title 'sym4-ascent phase: divergence rate (p = %zu%s)'\n", F->p, F->small ? ", size=small" : "");
  fputs("set xlabel 'theta = 1 + 3H/p^2'\nset ylabel 'rho = p^3 sigma^4'\nset logscale x\nset logscale y\n"
        "set xrange [1:120]\nset yrange [0.015:3.3]\nset cbrange [0:1]\nset palette defined (0 'blue', 0.5 'yellow', 1 'red')\n", f);
  fprintf(f, "plot datafile index %d using 1:2:3 with points pt 5 ps 1.5 lc palette title 'rate', \
"
             "     2.07780944847258/x with lines lw 2 lc rgb 'black' title 'rho* = 2.0778/theta'\n", r->nout);
  fputs("unset logscale x\nunset xrange\n", f);
}

static void write_panel(FILE *f, const figure_run *r, int p) {
  const gfd_fig_panel *P = &r->P[p];
  if (P->phase) {
    if (r->phase.have) write_phase(f, r);
    return;
  }
  char title[160];
  snprintf(title, sizeof title, "%s%s%s (%s)", r->fig, *P->panel ? " " : "", P->panel,
           P->size == GFD_FIG_SIZE_SMALL ? "size=small" : "paper's size");
  fputs("set title ", f), put_quoted(f, title);
  fputs("\nset xlabel ", f), put_quoted(f, P->logx ? "1 + c t" : "t");
  fputs("\nset ylabel ", f), put_quoted(f, P->ylabel);
  fputs(P->logy ? "\nset logscale y\n" : "\nunset logscale y\n", f);
  fputs(P->logx ? "set logscale x\n" : "unset logscale x\n", f);
  if (P->yq == GFD_FIG_Y_LOSS) { /* the paper's L in [127, 130] at p = 256: [p/2 - 1, p/2 + 2] */
    double h = 0.5 * (double)P->c[0].spec.p;
    fprintf(f, "set yrange [%g:%g]\n", h - 1, h + 2);
  } else fputs("set yrange [*:*]\n", f);
  fputs("unset cbrange\n", f);
  fputs("set autoscale x\nplot ", f);
  int first = 1, colour = 1;
  for (int i = 0; i < r->nout; i++) {
    const fig_out *o = &r->out[i];
    if (o->panel != p) continue;
    char xs[64];
    if (P->logx) snprintf(xs, sizeof xs, "(1 + %.10g*$1)", o->collapse);
    else snprintf(xs, sizeof xs, "1");
    if (!first) fputs(", \\\n     ", f);
    first = 0;
    if (o->sim && o->lo) {
      fprintf(f, "datafile index %d using %s:3:4 with filledcurves fs transparent solid 0.2 noborder "
                 "lc %d notitle, \\\n     ", i, xs, colour);
    }
    if (o->sim) fprintf(f, "datafile index %d using %s:2 with lines lw 2 lc %d title ", i, xs, colour++);
    else fprintf(f, "datafile index %d using %s:2 with lines dashtype 2 lw 1.5 lc rgb 'black' title ", i, xs);
    put_quoted(f, o->name);
  }
  if (first) fputs("NaN notitle", f); /* a panel whose curves were not computed */
  fputc('\n', f);
}

/* The figure's script (all panels) to f, its data in datapath. */
typedef struct fig_files {
  const figure_run *r;
  const char *datapath, *path;
} fig_files;
static void write_files(FILE *data, FILE *f, void *ud) {
  const fig_files *c = ud;
  const figure_run *r = c->r;
  write_data(data, r);
  fprintf(f, "# gfd figure %s: run `gnuplot -p %s` (the data are in %s)\n", r->fig, c->path, c->datapath);
  fputs("datafile = ", f), put_quoted(f, c->datapath);
  fputs("\nset grid\nset key top right\n", f);
  int cols = r->np == 4 ? 2 : r->np, rows = r->np == 4 ? 2 : 1;
  fprintf(f, "set multiplot layout %d,%d title ", rows, cols);
  char mt[96];
  snprintf(mt, sizeof mt, "gfd: the paper's figure %s", r->fig);
  put_quoted(f, mt);
  fputc('\n', f);
  for (int p = 0; p < r->np; p++) write_panel(f, r, p);
  fputs("unset multiplot\n", f);
}

int figure_write_gnuplot(session *s, const figure_run *r, const char *path) {
  size_t len = strlen(path);
  char *datapath = malloc(len + 5);
  if (!datapath) return sh_error(s, -1, "out of memory");
  snprintf(datapath, len + 5, "%s.dat", path);
  /* both files are complete on disk before either replaces an old one */
  const char *bad;
  int kept, rc = 0;
  if (sh_atomic_write2(datapath, path, write_files, &(fig_files){r, datapath, path}, &bad, &kept) != 0)
    rc = sh_error(s, -1, "cannot write %s: %s%s", bad, strerror(errno), kept ? " (the old files are unchanged)" : "");
  else if (s->interactive)
    fprintf(s->out, "wrote %s and %s (gnuplot -p %s)\n", path, datapath, path);
  free(datapath);
  return rc;
}

int figure_export_gnuplot(session *s, const char *path) {
  figure_run *r = figure_run_get(s, 0);
  /* only while the figure's curves are the newest on the plot */
  if (!r || (!r->nout && !r->phase.have) || r->seq != s->curve_seq) return 0;
  return figure_write_gnuplot(s, r, path) ? -1 : 1;
}
