/* plot.c - the plot model (plot.h): the curves and markers that the plot
 * view and `export gnuplot` draw.  Areas set them by name; the session owns
 * copies of the data. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "area.h"

static void curve_release(curve *c) {
  free(c->t);
  free(c->y);
  free(c->lo);
  free(c->hi);
  memset(c, 0, sizeof *c);
}

static double *dup_data(const double *x, size_t n, int *oom) {
  if (!x) return NULL;
  double *d = malloc((n ? n : 1) * sizeof *d);
  if (!d) {
    *oom = 1;
    return NULL;
  }
  if (n) memcpy(d, x, n * sizeof *d);
  return d;
}

int sh_curve_free_style(const session *s) {
  for (int k = 0;; k++) {
    int used = 0;
    for (int i = 0; i < s->ncurves && !used; i++) used = s->curves[i].style == k;
    if (!used) return k;
  }
}

int sh_curve_set(session *s, const char *name, curve_kind kind, size_t n, const double *t,
                 const double *y, const double *lo, const double *hi) {
  if (!name || !*name) return sh_error(s, -1, "a curve needs a name");
  curve c;
  memset(&c, 0, sizeof c);
  int oom = 0;
  snprintf(c.name, sizeof c.name, "%s", name);
  c.kind = kind;
  c.n = n;
  c.seq = ++s->curve_seq;
  c.t = dup_data(t, n, &oom);
  c.y = dup_data(y, n, &oom);
  c.lo = dup_data(lo, n, &oom);
  c.hi = dup_data(hi, n, &oom);
  if (oom || !c.t || !c.y) {
    curve_release(&c);
    return sh_error(s, -1, "out of memory while storing curve %s", name);
  }
  for (int i = 0; i < s->ncurves; i++) {
    if (strcmp(s->curves[i].name, c.name) == 0) {
      /* new data for the same curve: it keeps its look and whether it shows */
      c.style = s->curves[i].style;
      c.hidden = s->curves[i].hidden;
      curve_release(&s->curves[i]);
      s->curves[i] = c;
      return 0;
    }
  }
  if (s->ncurves >= SH_MAX_CURVES) {
    curve_release(&c);
    return sh_error(s, -1, "too many curves (%d): cannot add %s", SH_MAX_CURVES, name);
  }
  c.style = sh_curve_free_style(s);
  s->curves[s->ncurves++] = c;
  return 0;
}

void sh_curve_clear(session *s, curve_kind kind) {
  int j = 0;
  for (int i = 0; i < s->ncurves; i++) {
    if (s->curves[i].kind == kind) curve_release(&s->curves[i]);
    else s->curves[j++] = s->curves[i];
  }
  for (int i = j; i < s->ncurves; i++) memset(&s->curves[i], 0, sizeof s->curves[i]);
  s->ncurves = j;
}

void sh_curve_clear_all(session *s) {
  for (int i = 0; i < s->ncurves; i++) curve_release(&s->curves[i]);
  s->ncurves = 0;
}

void sh_mark_set(session *s, const char *name, double t) {
  int i;
  for (i = 0; i < s->nmarks; i++)
    if (strncmp(s->marks[i].name, name, sizeof s->marks[i].name - 1) == 0) break;
  if (i == s->nmarks) {
    if (s->nmarks >= SH_MAX_MARKS) i = SH_MAX_MARKS - 1; /* replace the last one */
    else s->nmarks++;
  }
  snprintf(s->marks[i].name, sizeof s->marks[i].name, "%s", name);
  s->marks[i].t = t;
}

void sh_mark_clear_all(session *s) { s->nmarks = 0; }

int sh_curve_units(session *s, const char *name, const curve_units *u) {
  for (int i = 0; i < s->ncurves; i++)
    if (strcmp(s->curves[i].name, name) == 0) {
      s->curves[i].units = *u;
      return 0;
    }
  return -1;
}

int sh_curve_panel(session *s, const char *name, const char *panel, const char *caption) {
  for (int i = 0; i < s->ncurves; i++)
    if (strcmp(s->curves[i].name, name) == 0) {
      snprintf(s->curves[i].panel, sizeof s->curves[i].panel, "%s", panel ? panel : "");
      snprintf(s->curves[i].caption, sizeof s->curves[i].caption, "%s", caption ? caption : "");
      return 0;
    }
  return -1;
}

int sh_plot_factors(session *s, plot_factors *f) {
  int rc = 1;
  for (const area *const *a = sh_areas(); *a && rc == 1; a++)
    if ((*a)->plot_factors) rc = (*a)->plot_factors(s, f);
  return rc;
}

int sh_step(session *s, double dt, double *t_now) {
  int rc = 1;
  for (const area *const *a = sh_areas(); *a && rc == 1; a++)
    if ((*a)->step) rc = (*a)->step(s, dt, t_now);
  return rc;
}
