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
  if (isfinite(v)) fprintf(f, "%.17g", v);
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
  fprintf(f, "set xrange [%.17g:%.17g]\nset yrange [%.17g:%.17g]\n", d->ax.lo, d->ax.hi, d->ay.lo,
          d->ay.hi);
  fputs(d->ay.log ? "set logscale y\n" : "unset logscale y\n", f);
  if (d->series_idx >= 0) {
    /* the truncated series exactly, in Horner form */
    fprintf(f, "# the truncated series, sum_{n<=%d} coef_n t^n (t and L units)\npoly(t) = ", d->order);
    for (int n = 0; n <= d->order; n++) {
      if (n) fputs(" + t*(", f);
      fprintf(f, "%.17g", s->series_coef[n]);
    }
    for (int n = 1; n <= d->order; n++) fputc(')', f);
    /* in the plot's units: y(x) = (poly(x * tmul) + off) / ldiv */
    fprintf(f, "\nseries(x) = (poly(x * %.17g) + %.17g) / %.17g\n", d->ser_tmul, d->ser_off, d->ser_ldiv);
  }
  for (int k = 0; k < d->nm; k++) {
    fprintf(f, "set arrow %d from %.17g, graph 0 to %.17g, graph 1 nohead dashtype 2 lc rgb 'dark-orange'\n",
            k + 1, d->m[k].t, d->m[k].t);
    fprintf(f, "set label %d ", k + 1);
    put_quoted(f, d->m[k].label);
    fprintf(f, " at %.17g, graph 0.96 offset 0.5,0 tc rgb 'dark-orange'\n", d->m[k].t);
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
  int rc = 0;
  /* both files are complete on disk before either replaces an old one */
  sh_afile ad, as;
  if (sh_atomic_open(&ad, datapath, 0666) != 0) {
    rc = sh_error(s, -1, "cannot write %s: %s", datapath, strerror(errno));
    goto out;
  }
  if (sh_atomic_open(&as, path, 0666) != 0) {
    rc = sh_error(s, -1, "cannot write %s: %s", path, strerror(errno));
    sh_atomic_abort(&ad);
    goto out;
  }
  write_data(ad.f, &d);
  write_script(as.f, s, &d, datapath, path);
  if (sh_atomic_close(&ad) != 0) {
    rc = sh_error(s, -1, "cannot write %s: %s (the old files are unchanged)", datapath, strerror(errno));
    sh_atomic_abort(&as);
    goto out;
  }
  if (sh_atomic_close(&as) != 0) {
    rc = sh_error(s, -1, "cannot write %s: %s (the old files are unchanged)", path, strerror(errno));
    sh_atomic_abort(&ad);
    goto out;
  }
  if (sh_atomic_rename(&ad) != 0) {
    rc = sh_error(s, -1, "cannot write %s: %s (the old files are unchanged)", datapath, strerror(errno));
    sh_atomic_abort(&as);
    goto out;
  }
  if (sh_atomic_rename(&as) != 0) {
    rc = sh_error(s, -1, "cannot write %s: %s", path, strerror(errno));
    goto out;
  }
  if (s->interactive) fprintf(s->out, "wrote %s and %s (gnuplot -p %s)\n", path, datapath, path);
out:
  vpd_free(&d);
  free(datapath);
  return rc;
}
