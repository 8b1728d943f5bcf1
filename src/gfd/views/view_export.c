/* view_export.c - `export gnuplot FILE`: FILE.dat holds the curves (one
 * block per curve: t y [lo hi], blocks separated by two blank lines, so that
 * gnuplot's `index` picks them), FILE a gnuplot script that reproduces the
 * plot view: same window, log setting, titles, band, truncated series (as an
 * exact polynomial in the script) and marks. */
#include <config.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "view_session.h"

/* A gnuplot single-quoted string: a quote is written twice. */
static void put_quoted(FILE *f, const char *str) {
  fputc('\'', f);
  for (const char *p = str; *p; p++) {
    if (*p == '\'') fputc('\'', f);
    if (*p == '\n' || *p == '\r') fputc(' ', f);
    else fputc(*p, f);
  }
  fputc('\'', f);
}

static void put_num(FILE *f, double v) {
  char b[40];
  if (isfinite(v)) fputs(sh_num(b, sizeof b, v), f); /* exact, shortest form */
  else fputs("NaN", f); /* gnuplot: an undefined point, the line breaks there */
}

static void write_data(FILE *f, const vplotdata *d) {
  int block = 0;
  fprintf(f, "# gfd plot data: one block per curve (gnuplot: index N), columns t y [lo hi]\n");
  for (int k = 0; k < d->ns; k++) {
    const vseries *v = &d->s[k];
    if (k == d->series_idx) continue; /* the series is an exact function in the script */
    if (block++) fputs("\n\n", f);
    fprintf(f, "# index %d: %s\n# t y%s\n", block - 1, v->label, v->lo ? " lo hi" : "");
    for (size_t i = 0; i < v->n; i++) {
      put_num(f, v->t[i]);
      fputc(' ', f);
      put_num(f, v->y[i]);
      if (v->lo) {
        fputc(' ', f);
        put_num(f, v->lo[i]);
        fputc(' ', f);
        put_num(f, v->hi[i]);
      }
      fputc('\n', f);
    }
  }
}

static void write_script(FILE *f, session *s, const vplotdata *d, const char *datapath,
                         const char *path) {
  fprintf(f, "# gfd plot: run `gnuplot -p %s` (the data are in %s)\n", path, datapath);
  fputs("datafile = ", f);
  put_quoted(f, datapath);
  fputs("\nset title ", f);
  put_quoted(f, d->title);
  fputs("\nset xlabel ", f);
  put_quoted(f, d->xlabel);
  fputs("\nset ylabel ", f);
  put_quoted(f, d->ylabel);
  fputs("\nset key top right\nset grid\nset samples 1000\n", f);
  fputs("set xrange [", f), put_num(f, d->ax.lo), fputc(':', f), put_num(f, d->ax.hi);
  fputs("]\nset yrange [", f), put_num(f, d->ay.lo), fputc(':', f), put_num(f, d->ay.hi);
  fputs("]\n", f);
  fputs(d->ay.log ? "set logscale y\n" : "unset logscale y\n", f);
  if (d->series_idx >= 0) {
    /* the truncated series exactly, in Horner form */
    fprintf(f, "# the truncated series, sum_{n<=%d} coef_n t^n (t and L units)\npoly(t) = ", d->order);
    for (int n = 0; n <= d->order; n++) {
      if (n) fputs(" + t*(", f);
      put_num(f, s->series_coef[n]);
    }
    for (int n = 1; n <= d->order; n++) fputc(')', f);
    /* in the plot's units: y(x) = (poly(x * tmul) + off) / ldiv */
    fputs("\nseries(x) = (poly(x * ", f), put_num(f, d->ser_tmul), fputs(") + ", f), put_num(f, d->ser_off);
    fputs(") / ", f), put_num(f, d->ser_ldiv), fputc('\n', f);
  }
  for (int k = 0; k < d->nm; k++) {
    fprintf(f, "set arrow %d from ", k + 1), put_num(f, d->m[k].t), fputs(", graph 0 to ", f);
    put_num(f, d->m[k].t), fputs(", graph 1 nohead dashtype 2 lc rgb 'dark-orange'\n", f);
    fprintf(f, "set label %d ", k + 1);
    put_quoted(f, d->m[k].label);
    fputs(" at ", f), put_num(f, d->m[k].t), fputs(", graph 0.96 offset 0.5,0 tc rgb 'dark-orange'\n", f);
  }
  fputs("plot ", f);
  int block = 0, first = 1;
  for (int k = 0; k < d->ns; k++) {
    const vseries *v = &d->s[k];
    char title[128];
    if (k == d->series_idx) {
      if (!first) fputs(", \\\n     ", f);
      fprintf(f, "series(x) with lines dashtype 2 lw 2 lc %d title ", k + 1);
      put_quoted(f, v->label);
      first = 0;
      continue;
    }
    if (v->lo) {
      if (!first) fputs(", \\\n     ", f);
      fprintf(f, "datafile index %d using 1:3:4 with filledcurves fs transparent solid 0.2 "
                 "noborder lc %d title ", block, k + 1);
      snprintf(title, sizeof title, "%s band", v->label);
      put_quoted(f, title);
      first = 0;
    }
    if (!first) fputs(", \\\n     ", f);
    fprintf(f, "datafile index %d using 1:2 with lines lw 2 lc %d title ", block, k + 1);
    put_quoted(f, v->label);
    first = 0;
    block++;
  }
  fputc('\n', f);
}

/* ------------------------------------------------------------ panels
 * A sweep across regimes shown as panels: one data block per curve, and a
 * multiplot with one plot per run, each in its own units, as on screen. */
static void write_multi_data(FILE *f, const vmulti *m) {
  int block = 0;
  fprintf(f, "# gfd panels: one block per curve (gnuplot: index N), columns x y\n");
  for (int i = 0; i < m->np; i++)
    for (int k = 0; k < m->p[i].ns; k++) {
      const vseries *v = &m->p[i].s[k];
      if (block++) fputs("\n\n", f);
      fprintf(f, "# index %d: panel %s, %s\n", block - 1, m->p[i].name, v->label);
      for (size_t j = 0; j < v->n; j++) {
        put_num(f, v->t[j]);
        fputc(' ', f);
        put_num(f, v->y[j]);
        fputc('\n', f);
      }
    }
}

static void write_multi_script(FILE *f, const struct view_state *vs, const vmulti *m, const char *datapath,
                               const char *path) {
  int cols = m->np <= 3 ? m->np : m->np <= 4 ? 2 : m->np <= 9 ? 3 : 4, rows = (m->np + cols - 1) / cols;
  fprintf(f, "# gfd panels: run `gnuplot -p %s` (the data are in %s)\n", path, datapath);
  fputs("datafile = ", f);
  put_quoted(f, datapath);
  fputs("\nset key top right\nset grid\n", f);
  fprintf(f, "set multiplot layout %d,%d title 'each run in its own units (tau = p^g t, L/p^E0)'\n", rows, cols);
  int block = 0;
  for (int i = 0; i < m->np; i++) {
    const vpanel *P = &m->p[i];
    fputs("set title ", f);
    put_quoted(f, P->caption ? P->caption : P->name);
    fputs("\nset xlabel ", f);
    put_quoted(f, P->xl);
    fputs("\nset ylabel ", f);
    put_quoted(f, P->yl);
    /* log y as on screen: as asked, or (auto) where the panel's data span three decades */
    vaxis all = {-INFINITY, INFINITY, 0};
    int lg = vs->logmode == VLOG_AUTO ? vplot_auto_log(P->s, P->ns, &all) : vs->logmode == VLOG_YES;
    fputs(lg ? "\nset logscale y" : "\nunset logscale y", f);
    fputs("\nplot ", f);
    for (int k = 0; k < P->ns; k++, block++) {
      if (k) fputs(", \\\n     ", f);
      fprintf(f, "datafile index %d using 1:2 with lines lw 2 lc %d title ", block, k + 1);
      put_quoted(f, P->label[k]);
    }
    fputc('\n', f);
  }
  fputs("unset multiplot\n", f);
}

/* What export gnuplot writes: the data file and the script (the panels, as
 * on screen, or the one plot). */
typedef struct export_ctx {
  session *s;
  struct view_state *vs;
  vmulti *m;
  vplotdata *d;
  const char *datapath, *path;
} export_ctx;
static void write_files(FILE *data, FILE *script, void *ud) {
  export_ctx *c = ud;
  if (c->m) {
    write_multi_data(data, c->m);
    write_multi_script(script, c->vs, c->m, c->datapath, c->path);
  } else {
    write_data(data, c->d);
    write_script(script, c->s, c->d, c->datapath, c->path);
  }
}

int view_export_gnuplot(session *s, const char *path) {
  if (!path || !*path) return sh_error(s, -1, "export gnuplot needs a file name");
  int any = s->series_N >= 0;
  for (int i = 0; i < s->ncurves; i++) any |= s->curves[i].n > 0;
  if (!any)
    return sh_error(s, -1, "nothing to export yet: run `flow run`, `ascent run` or `series` first");
  size_t len = strlen(path);
  char *datapath = malloc(len + 5);
  if (!datapath) return sh_error(s, -1, "out of memory");
  snprintf(datapath, len + 5, "%s.dat", path);
  vplotdata d;
  if (vpd_build(s, &d, 16) || d.oom) { /* never a script that silently lacks a curve */
    if (d.oom) vpd_free(&d);
    free(datapath);
    return sh_error(s, -1, "out of memory while preparing the plot's curves");
  }
  struct view_state *vs = view_state_get(s);
  vmulti *m = vs && vmulti_active(s, vs) ? vmulti_collect(s) : NULL; /* the panels, as on screen */
  int rc = 0;
  /* both files are complete on disk before either replaces an old one */
  export_ctx c = {s, vs, m, &d, datapath, path};
  const char *bad;
  int kept;
  if (sh_atomic_write2(datapath, path, write_files, &c, &bad, &kept) != 0)
    rc = sh_error(s, -1, "cannot write %s: %s%s", bad, strerror(errno), kept ? " (the old files are unchanged)" : "");
  else if (s->interactive)
    fprintf(s->out, "wrote %s and %s (gnuplot -p %s)\n", path, datapath, path);
  vpd_free(&d);
  vmulti_free(m);
  free(datapath);
  return rc;
}
