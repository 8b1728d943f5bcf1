/* cmd_curves.c - the curves area: `plot list`, `plot clear`, `plot hide`,
 * `plot show`: the user chooses what the plot draws.  Curves belong to the areas that set
 * them (plot.h); the view only lists them, drops them all, or marks them
 * hidden (a hidden curve keeps its data, glyph and colour, and comes back
 * with `plot show`).  The truncated series is listed as `series`. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "view_session.h"

static const char *kind_name(curve_kind k) {
  switch (k) {
  case CURVE_SIM: return "simulation";
  case CURVE_SERIES: return "series";
  case CURVE_SUMMED: return "summed";
  case CURVE_LIMIT: return "limit";
  case CURVE_SWEEP: return "sweep";
  }
  return "?";
}

/* The units a curve's data are in, as the axes would name them. */
static const char *units_name(const curve *c) {
  if (c->units.scaled) return c->units.tfac > 0 ? (c->units.excess ? "tau, excess/p^E0" : "tau, L/p^E0")
                                                : (c->units.excess ? "tau, limit excess" : "tau, limit loss");
  return c->units.excess ? "t, excess" : "t, L";
}

static int vcurves_list(session *s, const args *a) {
  (void)a;
  struct view_state *vs = view_state_get(s);
  if (!vs) return sh_error(s, -1, "out of memory");
  if (s->ncurves == 0 && s->series_N < 0) {
    if (!s->csv) fprintf(s->out, "no curves: run `flow run`, `series`, `sum` or `sweep` first\n");
    return 0;
  }
  table *t = table_new(s->csv ? "" : "curves of the plot", "n,name,kind,points,t_first,t_last,units,glyph,shown");
  if (!t) return sh_error(s, -1, "out of memory");
  int has_series_curve = 0;
  for (int i = 0; i < s->ncurves; i++) {
    const curve *c = &s->curves[i];
    char g[2] = {(char)vstyle_glyph(c->style), 0};
    table_int(t, i + 1);
    table_str(t, c->name);
    table_str(t, kind_name(c->kind));
    table_int(t, (long long)c->n);
    if (c->n) table_num(t, c->t[0]), table_num(t, c->t[c->n - 1]);
    else table_empty(t), table_empty(t);
    table_str(t, units_name(c));
    table_str(t, g);
    /* the series curve is drawn from the coefficients: it shows as they do */
    int hidden = c->kind == CURVE_SERIES && s->series_N >= 0 ? vs->series_hidden : c->hidden;
    table_str(t, hidden ? "hidden" : "yes");
    table_endrow(t);
    if (c->kind == CURVE_SERIES) has_series_curve = 1;
  }
  if (s->series_N >= 0 && !has_series_curve) { /* drawn from its coefficients, at the order chosen in the view */
    char g[2] = {(char)vstyle_glyph(vseries_style(s)), 0};
    char name[48];
    snprintf(name, sizeof name, "series (%s, N=%d)", s->series_source[0] ? s->series_source : "series",
             s->series_N);
    table_empty(t);
    table_str(t, name);
    table_str(t, "series");
    table_int(t, s->series_N + 1);
    table_empty(t), table_empty(t);
    table_str(t, "t, L");
    table_str(t, g);
    table_str(t, vs->series_hidden ? "hidden" : "yes");
    table_endrow(t);
  }
  sh_emit_table(s, t);
  return 0;
}

static int vcurves_clear(session *s, const args *a) {
  (void)a;
  struct view_state *vs = view_state_get(s);
  if (!vs) return sh_error(s, -1, "out of memory");
  int n = s->ncurves;
  sh_curve_clear_all(s);
  sh_mark_clear_all(s);
  /* the series stays the session's (sum and solution start from it); it is
   * only taken off the plot until a new one is computed or `plot show series` */
  if (s->series_N >= 0) vs->series_hidden = 1;
  vs->have_t = 0; /* the window was chosen for the curves that are gone */
  vs->have_y0 = vs->have_y1 = 0;
  if (s->interactive && !s->csv)
    fprintf(s->out, "plot cleared: %d curve%s dropped%s\n", n, n == 1 ? "" : "s",
            s->series_N >= 0 ? ", the series hidden (plot show series)" : "");
  return 0;
}

/* Which curve(s) sel names: all, series, a number from `plot list`, a name,
 * or a prefix of exactly one name.  Sets want[i] for curves, *series for the
 * series; 0, or -1 after sh_error. */
static int select_curves(session *s, const args *a, const char *sel, int *want, int *series) {
  int off = -1;
  for (int i = 0; i < a->n; i++)
    if (!a->a[i].key) off = a->a[i].off;
  *series = 0;
  memset(want, 0, (size_t)SH_MAX_CURVES * sizeof *want);
  if (!strcasecmp(sel, "all")) {
    for (int i = 0; i < s->ncurves; i++) want[i] = 1;
    *series = s->series_N >= 0;
    return 0;
  }
  if (!strcasecmp(sel, "series")) {
    if (s->series_N < 0) return sh_error(s, off, "no series for %s: run `series` first", a->cmd->name);
    *series = 1;
    return 0;
  }
  char *end;
  long k = strtol(sel, &end, 10);
  if (*sel && !*end) {
    if (k < 1 || k > s->ncurves)
      return sh_error(s, off, "%s: no curve number %ld (`plot list` numbers %d curve%s)", sel, k, s->ncurves,
                      s->ncurves == 1 ? "" : "s");
    want[k - 1] = 1;
    return 0;
  }
  int found = -1, nprefix = 0;
  for (int i = 0; i < s->ncurves; i++) {
    if (!strcmp(s->curves[i].name, sel)) {
      want[i] = 1;
      return 0;
    }
    if (!strncasecmp(s->curves[i].name, sel, strlen(sel))) found = i, nprefix++;
  }
  if (nprefix == 1) {
    want[found] = 1;
    return 0;
  }
  if (nprefix > 1) return sh_error(s, off, "%s names %d curves: give its number from `plot list`", sel, nprefix);
  return sh_error(s, off, "%s: no such curve (see plot list)", sel);
}

static int hide_show(session *s, const args *a, int hide) {
  struct view_state *vs = view_state_get(s);
  if (!vs) return sh_error(s, -1, "out of memory");
  int want[SH_MAX_CURVES], series;
  const char *sel = args_pos(a, 0);
  if (select_curves(s, a, sel, want, &series) < 0) return -1;
  int n = 0;
  for (int i = 0; i < s->ncurves; i++)
    if (want[i]) {
      s->curves[i].hidden = hide, n++;
      /* the series curve stands for the series drawn from its coefficients */
      if (s->curves[i].kind == CURVE_SERIES && s->series_N >= 0) vs->series_hidden = hide;
    }
  if (series) vs->series_hidden = hide, n++;
  if (s->interactive && !s->csv) fprintf(s->out, "%d curve%s %s\n", n, n == 1 ? "" : "s", hide ? "hidden" : "shown");
  return 0;
}

static int vcurves_hide(session *s, const args *a) { return hide_show(s, a, 1); }
static int vcurves_show(session *s, const args *a) { return hide_show(s, a, 0); }

static const command cmd_curves_table[] = {
    {"plot list", "", "the curves of the plot: number, name, kind, units, glyph, shown or hidden",
     "One row per curve the areas have set (simulation, summed, limit, sweep\n"
     "runs) and one for the truncated series: its number (for plot hide/show),\n"
     "name, kind, points, first and last time, the units of its data, the glyph\n"
     "it is drawn with (a curve keeps its glyph and colour for its life) and\n"
     "whether it is shown.  CSV columns n,name,kind,points,t_first,t_last,units,\n"
     "glyph,shown.",
     "plot", NULL, 0, 0, vcurves_list},
    {"plot clear", "", "drop every curve and mark from the plot",
     "Drops the curves and marks (the areas set them again with their next run)\n"
     "and takes the series off the plot until a new one is computed or `plot\n"
     "show series`; the series itself stays (sum and solution start from it).\n"
     "The time and y window go back to automatic.",
     "plot", NULL, 0, 0, vcurves_clear},
    {"plot hide", "NAME|N|series|all", "keep a curve but do not draw it",
     "Hides the curve named NAME (or a prefix of one name), number N of `plot\n"
     "list`, the truncated series, or all of them.  A hidden curve keeps its\n"
     "data, glyph and colour; new data from its area keep it hidden.",
     "plot", NULL, 1, 1, vcurves_hide},
    {"plot show", "NAME|N|series|all", "draw a hidden curve again",
     "Shows again what `plot hide` hid (same selection: NAME, N, series, all).",
     "plot", NULL, 1, 1, vcurves_show},
    {0}};

/* An area of its own (not the view's): it only reads the view's state, so the
 * view never links back to it. */
const area area_curves = {
    .name = "curves",
    .commands = cmd_curves_table,
};
