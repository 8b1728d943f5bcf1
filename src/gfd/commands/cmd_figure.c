/* cmd_figure.c - `figure`: replay the experiment figures of the method's
 * paper.  The library (gfd/figure.h) holds the table of figures, the
 * theory curves from gfd's own solutions and the simulations; this area
 * picks the size (the paper's when a replay fits the time limit, else
 * size=small), refuses what would not finish with the figures that say so,
 * draws the panel in the live plot, prints the table panel,curve,x,y and
 * keeps the figure for `export gnuplot`. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "area.h"
#include "cmd_figure.h"
#include "figure_provider.h"
#include "view_provider.h"

extern const area area_figure;

#define FIG_LAW_POINTS 401 /* theory curves: smooth at any zoom */
#define FIG_SIM_POINTS 201    /* report grid of a simulation (>= 200 points) */
#define FIG_ASCENT_POINTS 2001 /* ascent: >= 200 points before a blow-up at x* > -0.04 (p = 16: x* ~ -0.01) */

/* seeds: per curve, or runs per cell of the phase panel (0: the paper's 10). */
static double panel_seconds(const gfd_fig_panel *P, size_t seeds) {
  if (P->phase) {
    gfd_phase_grid g;
    figure_phase_grid(P->size == GFD_FIG_SIZE_SMALL, seeds ? seeds : GFD_PHASE_RUNS, 1, &g);
    return figure_phase_seconds(&g);
  }
  if (!seeds) seeds = 1;
  double sec = 0;
  for (int k = 0; k < P->ncurves; k++) sec += gfd_figure_seconds(P, k, seeds);
  return sec;
}

static size_t panel_bytes(const gfd_fig_panel *P) {
  size_t b = 0;
  for (int k = 0; k < P->ncurves; k++) {
    size_t v = gfd_figure_bytes(P, k);
    if (v > b) b = v;
  }
  return b;
}

/* "40 s", "12 min", "3.1 h", "2.0e+03 days" */
static const char *fmt_secs(double s, char *buf, size_t n) {
  if (s < 90) snprintf(buf, n, "%.2g s", s);
  else if (s < 5400) snprintf(buf, n, "%.0f min", s / 60);
  else if (s < 172800) snprintf(buf, n, "%.1f h", s / 3600);
  else snprintf(buf, n, "%.2g days", s / 86400);
  return buf;
}

/* Seconds of a panel at the paper's size. */
static double paper_seconds(const char *id, const char *panel, size_t seeds) {
  gfd_fig_panel Q;
  gfd_err e = {0};
  return gfd_figure_panel(id, panel, GFD_FIG_SIZE_PAPER, &Q, &e) ? NAN : panel_seconds(&Q, seeds);
}

/* size=small of a panel the paper already ran small (nu2-app's first three). */
static int same_as_paper(const gfd_fig_panel *P) {
  gfd_fig_panel Q;
  gfd_err e = {0};
  if (P->phase || gfd_figure_panel(P->figure, P->panel, GFD_FIG_SIZE_PAPER, &Q, &e)) return 0;
  for (int k = 0; k < P->ncurves; k++)
    if (Q.c[k].spec.p != P->c[k].spec.p || Q.c[k].spec.H != P->c[k].spec.H) return 0;
  return 1;
}

/* The paper's size fits: time within limit and memory within the budget. */
static int paper_fits(session *s, const gfd_fig_panel *P, size_t seeds, double limit) {
  return panel_seconds(P, seeds) <= limit && (P->phase || panel_bytes(P) <= gfd_ctl_budget_bytes(sh_ctl(s)));
}

/* ------------------------------------------------------------- listing */
static int figure_list(session *s) {
  table *t = table_new(s->csv ? "" : "the paper's figures (figure ID [panel=NAME] replays one)",
                       "figure,panel,curves,paper_size,paper_est_s,small_est_s,default_size");
  if (!t) return sh_error(s, -1, "out of memory");
  for (size_t i = 0; gfd_figure_id(i); i++) {
    const char *id = gfd_figure_id(i);
    for (size_t j = 0; gfd_figure_panel_name(id, j); j++) {
      gfd_fig_panel P, Q;
      gfd_err e = {0};
      const char *pn = gfd_figure_panel_name(id, j);
      if (gfd_figure_panel(id, pn, GFD_FIG_SIZE_PAPER, &P, &e) ||
          gfd_figure_panel(id, pn, GFD_FIG_SIZE_SMALL, &Q, &e)) {
        table_free(t);
        return sh_error_lib(s, &e);
      }
      table_str(t, id);
      table_str(t, pn);
      table_int(t, P.ncurves);
      table_str(t, P.paper_size);
      table_num(t, panel_seconds(&P, 0));
      table_num(t, panel_seconds(&Q, 0));
      table_str(t, paper_fits(s, &P, 0, GFD_FIG_DEFAULT_SECONDS) ? "paper" : "small");
      table_endrow(t);
    }
  }
  sh_emit_table(s, t);
  return 0;
}

/* --------------------------------------------------------------- options */
typedef struct fig_opts {
  int size;          /* -1: default per panel, else gfd_fig_size */
  size_t seeds;      /* 0: the default (1 a curve, the paper's 10 runs a phase cell) */
  unsigned long seed;
  double T;          /* 0: the paper's */
  double limit;      /* seconds */
  const char *gnuplot;
} fig_opts;

static const char *const size_names[] = {"paper", "small", NULL};

static int parse_opts(session *s, const args *a, fig_opts *o) {
  int sz;
  o->size = -1;
  if (args_has(a, "size")) {
    if (args_choice(s, a, "size", 0, 1, size_names, &sz)) return -1;
    o->size = sz;
  }
  if (args_size(s, a, "seeds", 0, 0, 1, 1000, &o->seeds)) return -1;
  if (args_has(a, "seeds") && o->seeds == 0) return sh_error(s, args_off(a, "seeds"), "seeds=0: at least one seed");
  if (args_ulong(s, a, "seed", 1, 0, &o->seed)) return -1;
  gfd_err e = {0};
  if (gfd_seed_check("seed", o->seed, o->seeds ? o->seeds * 2560 : 2560, &e)) return sh_error(s, args_off(a, "seed"), "%s", e.msg);
  if (args_double_range(s, a, "T", 0, 0, 1e-300, 1e300, &o->T)) return -1;
  if (args_has(a, "T") && !(o->T > 0)) return sh_error(s, args_off(a, "T"), "T= must be positive");
  if (args_double_range(s, a, "limit", GFD_FIG_DEFAULT_SECONDS, 0, 1, 1e9, &o->limit)) return -1;
  o->gnuplot = args_str(a, "gnuplot");
  if (o->gnuplot && !*o->gnuplot) return sh_error(s, args_off(a, "gnuplot"), "gnuplot= needs a file name");
  return 0;
}

/* The panels to run at their sizes: explicit size, or the paper's when it fits. */
static int choose_panels(session *s, const args *a, const char *id, const fig_opts *o, gfd_fig_panel *P,
                         int *np) {
  const char *want = args_str(a, "panel");
  gfd_err e = {0};
  *np = 0;
  if (!gfd_figure_exists(id, NULL)) {
    gfd_figure_panel(id, NULL, GFD_FIG_SIZE_PAPER, &P[0], &e);
    return sh_error(s, a->a[0].off, "%s", e.msg);
  }
  if (want && !gfd_figure_exists(id, want)) {
    gfd_figure_panel(id, want, GFD_FIG_SIZE_PAPER, &P[0], &e);
    return sh_error(s, args_off(a, "panel"), "%s", e.msg);
  }
  for (size_t j = 0; gfd_figure_panel_name(id, j) && *np < FIG_MAX_PANELS; j++) {
    const char *pn = gfd_figure_panel_name(id, j);
    if (want && strcmp(want, pn) != 0) continue;
    gfd_fig_panel *Q = &P[*np];
    if (gfd_figure_panel(id, pn, GFD_FIG_SIZE_PAPER, Q, &e)) return sh_error_lib(s, &e);
    int size = o->size;
    if (size < 0) size = paper_fits(s, Q, o->seeds, GFD_FIG_DEFAULT_SECONDS) ? GFD_FIG_SIZE_PAPER : GFD_FIG_SIZE_SMALL;
    if (size == GFD_FIG_SIZE_SMALL && gfd_figure_panel(id, pn, GFD_FIG_SIZE_SMALL, Q, &e)) return sh_error_lib(s, &e);
    if (o->T > 0) {
      for (int k = 0; k < Q->ncurves; k++)
        if (Q->c[k].T != 1 || Q->logx || Q->phase)
          return sh_error(s, args_off(a, "T"), "T= applies to the panels the paper runs at T = 1 (nu2-main, "
                                               "nu2-app); here T is tied to sigma by the paper's c");
      if (Q->phase) return sh_error(s, args_off(a, "T"), "T= does not apply to the phase panel");
      for (int k = 0; k < Q->ncurves; k++) Q->c[k].T = o->T;
    }
    (*np)++;
  }
  return 0;
}

/* Refuse before computing: time over the limit or memory over the budget. */
static int check_cost(session *s, const char *id, const gfd_fig_panel *P, int np, const fig_opts *o) {
  double secs = 0;
  char b1[32], b2[32], b3[32];
  for (int j = 0; j < np; j++) {
    size_t bytes = panel_bytes(&P[j]), budget = gfd_ctl_budget_bytes(sh_ctl(s));
    if (!P[j].phase && bytes > budget)
      return sh_error(s, -1, "figure %s %s at the paper's size (%s) needs %s for one run, over the "
                             "memory budget %s: use size=small",
                      id, P[j].panel, P[j].paper_size, gfd_format_bytes(bytes, b1, sizeof b1),
                      gfd_format_bytes(budget, b2, sizeof b2));
    secs += panel_seconds(&P[j], o->seeds);
  }
  if (secs > o->limit) {
    double small = 0;
    for (int j = 0; j < np; j++) {
      gfd_fig_panel Q;
      gfd_err e = {0};
      if (gfd_figure_panel(id, P[j].panel, GFD_FIG_SIZE_SMALL, &Q, &e) == GFD_OK) small += panel_seconds(&Q, o->seeds);
    }
    if (P[0].phase)
      return sh_error(s, -1, "figure %s panel=phase at p = %d would take ~%s (16 x 16 cells, %zu runs each; the "
                             "large-theta cells have H up to 33 p^2), over limit=%s: size=small (p = 6) takes ~%s; "
                             "a cluster runs it under mpirun (help figure)",
                      id, GFD_PHASE_P, fmt_secs(secs, b1, sizeof b1), o->seeds ? o->seeds : (size_t)GFD_PHASE_RUNS,
                      fmt_secs(o->limit, b2, sizeof b2), fmt_secs(small, b3, sizeof b3));
    return sh_error(s, -1, "figure %s would take ~%s (%.3g gradients of up to %.3g flops each, seeds=%zu), "
                           "over limit=%s: size=small takes ~%s, or raise limit=",
                    id, fmt_secs(secs, b1, sizeof b1), P[0].grads, gfd_figure_grad_flops(&P[0], 0), o->seeds ? o->seeds : 1,
                    fmt_secs(o->limit, b2, sizeof b2), fmt_secs(small, b3, sizeof b3));
  }
  return 0;
}

/* Uniform grid of n points over the panel's range. */
static void grid(const gfd_fig_panel *P, size_t n, double *x) {
  for (size_t i = 0; i < n; i++) x[i] = P->x0 + (P->x1 - P->x0) * (double)i / (double)(n - 1);
}

static int add_theory(session *s, figure_run *r, int pj, int k, const char *name) {
  const gfd_fig_panel *P = &r->P[pj];
  double x[FIG_LAW_POINTS], y[FIG_LAW_POINTS];
  gfd_err e = {0};
  grid(P, FIG_LAW_POINTS, x);
  if (gfd_figure_theory(P, k, FIG_LAW_POINTS, x, y, &e)) return sh_error_lib(s, &e);
  double c = P->c[k < 0 ? 0 : k].collapse;
  if (figure_run_add(r, pj, name, 0, c, FIG_LAW_POINTS, x, y, NULL, NULL)) return sh_error(s, -1, "out of memory");
  return 0;
}

/* The sizes of a panel's curves: "p=16 H=1024,256,64" when they share p,
 * else "(p,H)=(8,2),(16,4),(32,8)". */
static void panel_sizes(const gfd_fig_panel *P, char *buf, size_t n) {
  int same = 1;
  size_t len = 0;
  for (int k = 1; k < P->ncurves; k++) same &= P->c[k].spec.p == P->c[0].spec.p;
  buf[0] = '\0';
  if (same && P->ncurves) len = (size_t)snprintf(buf, n, "p=%zu H=", P->c[0].spec.p);
  else len = (size_t)snprintf(buf, n, "(p,H)=");
  for (int k = 0; k < P->ncurves && len < n; k++) {
    if (same) len += (size_t)snprintf(buf + len, n - len, "%s%zu", k ? "," : "", P->c[k].spec.H);
    else len += (size_t)snprintf(buf + len, n - len, "%s(%zu,%zu)", k ? "," : "", P->c[k].spec.p, P->c[k].spec.H);
  }
}

/* The view's title of panel pj: the figure and panel, the sizes drawn, and
 * the paper's when they differ (size=small first: a narrow screen cuts the end). */
static void panel_view_title(const gfd_fig_panel *P, char *buf, size_t n) {
  char sz[96];
  panel_sizes(P, sz, sizeof sz);
  int small = P->size == GFD_FIG_SIZE_SMALL && !same_as_paper(P);
  if (small)
    snprintf(buf, n, "figure %s%s%s (size=small): %s; the paper's %s", P->figure, *P->panel ? " " : "", P->panel, sz,
             P->paper_size);
  else
    snprintf(buf, n, "figure %s%s%s: %s (the paper's size)", P->figure, *P->panel ? " " : "", P->panel, sz);
}

/* The view's axes and title for panel P (the curves on the plot are its). */
static void figure_view(session *s, const gfd_fig_panel *P, int fresh) {
  char title[256];
  panel_view_title(P, title, sizeof title);
  double h = 0.5 * (double)P->c[0].spec.p; /* the paper's L in [127, 130] at p = 256: [p/2 - 1, p/2 + 2] */
  view_figure f = {title, P->logx ? "1+ct" : "t/T", P->ylabel, P->logx, P->logy, P->yq == GFD_FIG_Y_LOSS, fresh,
                   h - 1, h + 2};
  view_plot_figure(s, &f);
}

/* Show panel pj in the session's plot: its curves replace the plot's, and
 * the view shows them as the figure (its title and axes, no stepping).  A
 * log-x panel's curves are drawn against 1 + c x, as in the paper and the
 * gnuplot export; the kept curves (the CSV) stay in x = t/T. */
static void plot_panel(session *s, figure_run *r, int pj, int fresh) {
  const gfd_fig_panel *P = &r->P[pj];
  sh_curve_clear_all(s);
  sh_mark_clear_all(s);
  for (int i = 0; i < r->nout; i++) {
    const fig_out *o = &r->out[i];
    if (o->panel != pj) continue;
    double *cx = P->logx ? malloc((o->n ? o->n : 1) * sizeof *cx) : NULL;
    if (P->logx && !cx) continue; /* out of memory: the curve is left out of the plot (the table has it) */
    for (size_t j = 0; cx && j < o->n; j++) cx[j] = 1 + o->collapse * o->x[j];
    sh_curve_set(s, o->name, o->sim ? CURVE_SIM : CURVE_SUMMED, o->n, cx ? cx : o->x, o->y, o->lo, o->hi);
    free(cx);
  }
  r->seq = s->curve_seq;
  figure_view(s, P, fresh);
}

/* A curve's seeds are all in: draw it now, as plot_panel draws it (against
 * 1 + c x on a log-x panel), and keep the view the figure's (its title, no
 * stepping); the figure keeps the curves in order once the panel is done. */
typedef struct live_ud {
  session *s;
  figure_run *r;
  const gfd_fig_panel *P;
} live_ud;
static void live_curve(void *ud, int k, const gfd_fig_sim *S) {
  live_ud *L = ud;
  const gfd_fig_panel *P = L->P;
  char name[48];
  snprintf(name, sizeof name, "sim %s", P->c[k].tag);
  double *cx = P->logx ? malloc((S->n ? S->n : 1) * sizeof *cx) : NULL;
  if (P->logx && !cx) return; /* out of memory: drawn with the others once the panel is done */
  for (size_t j = 0; cx && j < S->n; j++) cx[j] = 1 + P->c[k].collapse * S->x[j];
  int band = S->seeds_done > 1;
  sh_curve_set(L->s, name, CURVE_SIM, S->n, cx ? cx : S->x, S->y, band ? S->lo : NULL, band ? S->hi : NULL);
  free(cx);
  L->r->seq = L->s->curve_seq;
  figure_view(L->s, P, 0);
  view_live_update(L->s);
}

static int run_panel(session *s, figure_run *r, int pj, const fig_opts *o, const gfd_ctl *ctl, int *stopped) {
  const gfd_fig_panel *P = &r->P[pj];
  char name[48];
  if (P->phase)
    return figure_phase_run(s, r, P->size == GFD_FIG_SIZE_SMALL, o->seeds ? o->seeds : GFD_PHASE_RUNS, o->seed,
                            ctl, stopped);
  size_t seeds = o->seeds ? o->seeds : 1;
  if (P->shared_theory && add_theory(s, r, pj, -1, "theory")) return -1;
  for (int k = 0; k < P->ncurves; k++)
    if (P->c[k].own_theory) {
      snprintf(name, sizeof name, "theory %s", P->c[k].tag);
      if (add_theory(s, r, pj, k, name)) return -1;
    }
  plot_panel(s, r, pj, 1);
  size_t points = P->x0 < 0 ? FIG_ASCENT_POINTS : FIG_SIM_POINTS;
  /* every curve and seed is a work unit (here or over MPI ranks); a curve
   * is drawn as soon as its seeds are in, kept in the curves' order after */
  gfd_fig_sim S[GFD_FIG_MAX_CURVES];
  gfd_err e = {0};
  int rc = gfd_figure_simulate_panel(P, o->seed, seeds, points, ctl, S, live_curve, &(live_ud){s, r, P}, &e), ret = 0;
  if (rc == GFD_EINTR || rc == GFD_ETIME) *stopped = 1;
  for (int k = 0; k < P->ncurves; k++) {
    if (S[k].seeds_done && ret == 0) {
      snprintf(name, sizeof name, "sim %s", P->c[k].tag);
      int band = S[k].seeds_done > 1;
      if (figure_run_add(r, pj, name, 1, P->c[k].collapse, S[k].n, S[k].x, S[k].y, band ? S[k].lo : NULL,
                         band ? S[k].hi : NULL))
        ret = sh_error(s, -1, "out of memory");
      else if (!s->csv)
        fprintf(s->out, "  %s %s: %zu seed%s, %zu gradients, %.1f s%s\n", figure_panel_label(P), name,
                S[k].seeds_done, S[k].seeds_done == 1 ? "" : "s", S[k].grads, S[k].seconds,
                S[k].blowups ? " (blew up)" : "");
    }
    gfd_fig_sim_free(&S[k]);
  }
  plot_panel(s, r, pj, 0);
  view_live_update(s);
  if (ret == 0 && rc && !*stopped) ret = sh_error_lib(s, &e);
  return ret;
}

static int figure_replay(session *s, const args *a) {
  const char *id = args_pos(a, 0);
  fig_opts o;
  if (parse_opts(s, a, &o)) return -1;
  gfd_fig_panel P[FIG_MAX_PANELS];
  int np;
  if (choose_panels(s, a, id, &o, P, &np)) return -1;
  if (check_cost(s, id, P, np, &o)) return -1;
  figure_run *r = figure_run_get(s, 1);
  if (!r) return sh_error(s, -1, "out of memory");
  figure_run_clear(r);
  snprintf(r->fig, sizeof r->fig, "%s", id);
  r->np = np;
  memcpy(r->P, P, (size_t)np * sizeof *P);
  char title[192], b[32];
  int small = 0, cj = -1; /* cj: the first panel of curves (the phase panel has none) */
  for (int j = 0; j < np; j++) {
    small |= P[j].size == GFD_FIG_SIZE_SMALL;
    if (cj < 0 && !P[j].phase) cj = j;
  }
  for (int j = 0; j < np; j++)
    if (P[j].size == GFD_FIG_SIZE_SMALL && !same_as_paper(&P[j]))
      sh_note(s, "figure %s%s%s drawn at size=small (p = %zu; the paper's %s would take ~%s): same ratios, "
                 "smaller p",
              id, *P[j].panel ? " " : "", P[j].panel, P[j].phase ? (size_t)6 : P[j].c[0].spec.p, P[j].paper_size,
              fmt_secs(paper_seconds(id, P[j].panel, o.seeds), b, sizeof b));
  snprintf(title, sizeof title, "figure %s%s%s: %s against t/T%s", id, cj >= 0 && *P[cj].panel ? " " : "",
           cj >= 0 ? P[cj].panel : "", cj >= 0 ? P[cj].ylabel : "", small ? " (size=small)" : "");
  int stopped = 0, rc = 0;
  /* one control block for the whole figure: a time limit covers all its
   * runs, and a Ctrl-C between two runs is not cleared by the next */
  const gfd_ctl *ctl = sh_ctl(s);
  /* the phase panel first: its grid view owns the screen until q */
  for (int j = 0; j < np && !stopped && rc == 0; j++)
    if (P[j].phase) rc = run_panel(s, r, j, &o, ctl, &stopped);
  if (cj >= 0 && s->interactive && !stopped && rc == 0) {
    /* the view is the figure's from its first frame: not the session's curves or model */
    sh_curve_clear_all(s);
    sh_mark_clear_all(s);
    figure_view(s, &P[cj], 1);
    view_live_begin(s, title);
  }
  for (int j = 0; j < np && !stopped && rc == 0; j++)
    if (!P[j].phase) rc = run_panel(s, r, j, &o, ctl, &stopped);
  int last = -1;
  for (int j = 0; j < np; j++)
    if (!P[j].phase) last = j;
  if (last > cj && r->nout) plot_panel(s, r, last, 1);
  if (cj >= 0 && s->interactive) view_live_end(s);
  if (!r->nout) r->seq = s->curve_seq; /* phase only: the figure until the next curve */
  if (rc) return -1;
  if (r->phase.have) {
    table *tp = figure_phase_table(r);
    if (!tp) return sh_error(s, -1, "out of memory");
    if (r->nout && !s->csv) fprintf(s->out, "figure %s panel phase: divergence rate (theta,rho,rate,runs)\n", id);
    if (r->nout) { /* both panels: the phase table printed, the curves' kept for export csv */
      table_text_rows(tp, SH_TEXT_ROWS);
      sh_emit_table(s, tp);
    } else {
      sh_emit_table(s, tp);
    }
  }
  if (r->nout) {
    table *t = figure_run_table(r, s->csv ? "" : title);
    if (!t) return sh_error(s, -1, "out of memory");
    table_text_rows(t, SH_TEXT_ROWS);
    sh_emit_table(s, t);
  }
  if (stopped) {
    s->interrupted = 0;
    sh_note(s, "figure %s stopped: the finished curves (%d) and phase cells are kept", id, r->nout);
  }
  if (last > cj) sh_note(s, "the plot shows panel %s; `figure %s panel=NAME` draws another", P[last].panel, id);
  if (o.gnuplot && figure_write_gnuplot(s, r, o.gnuplot)) return -1;
  return 0;
}

static int run_figure(session *s, const args *a) {
  if (args_npos(a) == 0) {
    if (a->n > 0) return sh_error(s, a->a[0].off, "figure: keys need a figure id (figure ID ...)");
    return figure_list(s);
  }
  return figure_replay(s, a);
}

static void figure_reset(session *s, int free_all) {
  if (!free_all) return; /* a figure does not depend on the session's model */
  figure_run *r = figure_run_get(s, 0);
  if (!r) return;
  figure_run_clear(r);
  free(r);
  sh_area_set_state(s, &area_figure, NULL);
}

static char **figure_complete(session *s, const command *cmd, const char *word) {
  (void)s, (void)cmd, (void)word;
  size_t n = 0;
  while (gfd_figure_id(n)) n++;
  char **v = calloc(n + 1, sizeof *v);
  if (!v) return NULL;
  for (size_t i = 0; i < n; i++) v[i] = strdup(gfd_figure_id(i));
  return v;
}

#include "cmd_figure_help.h"

static const char *const figure_keys[] = {"panel", "size", "seeds", "seed", "T", "limit", "gnuplot", NULL};

static const command cmd_figure_table[] = {
    {"figure", "[ID [panel=NAME] [size=paper|small] [seeds=K] [seed=] [T=] [limit=S] [gnuplot=FILE]]",
     "replay a figure of the method's paper: theory and simulation, in the paper's units",
FIGURE_HELP, "paper", figure_keys, 0, 1, run_figure},
    {0}};

const area area_figure = {
    .name = "figure",
    .commands = cmd_figure_table,
    .reset = figure_reset,
    .complete = figure_complete,
};
