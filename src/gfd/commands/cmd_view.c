/* cmd_view.c - the `plot` command, the live plot of flow/ascent runs, and
 * the view state kept between plots.  The drawing itself is in
 * view_layout.c / view_canvas.c, the curses screen in view_curses.c. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "view_session.h"

#define LIVE_INTERVAL 0.05 /* seconds between live redraws: at most 20 a second */

struct view_state *view_state_peek(const session *s) { return sh_area_state(s, &area_view); }

struct view_state *view_state_get(session *s) {
  struct view_state *vs = view_state_peek(s);
  if (!vs) {
    vs = calloc(1, sizeof *vs);
    if (!vs) return NULL;
    vs->logmode = VLOG_AUTO;
    vs->order_N = -2;
    vs->saved_out = vs->saved_err = -1;
    sh_area_set_state(s, &area_view, vs);
  }
  return vs;
}

static void view_state_reset(session *s, int free_all) {
  struct view_state *vs = view_state_peek(s);
  if (!vs) return;
  if (free_all) {
    vscr_close(s);
    free(vs);
    sh_area_set_state(s, &area_view, NULL);
    return;
  }
  /* a new model: its curves are gone, so is the window chosen for them */
  vs->have_t = 0;
  vs->side = VSIDE_ALL;
  vs->have_y0 = vs->have_y1 = 0;
  vs->order_N = -2;
  vs->title[0] = '\0';
  vs->steps = 0, vs->step_secs = 0;
}

/* ------------------------------------------------------------ drawing */
static void plot_draw(session *s, int live) {
  struct view_state *vs = view_state_peek(s);
  int w, h;
  vframe f;
  char status[256];
  vscr_size(s, &w, &h);
  if (vframe_init(&f, w, h)) return;
  vplot_status(s, live, status, sizeof status);
  vplot_session_frame(s, &f, s->utf8, status);
  vscr_draw(s, &f);
  vframe_free(&f);
  vs->last_draw = vnow();
}

/* A stepping key (view_step.c), given the width of the visible window. */
static int step_key(session *s, struct view_state *vs, int k) {
  double t0, t1;
  if (k != ' ' && k != 'r' && k != 'R' && k != '[' && k != ']') return 0;
  if (vfig_active(s, vs)) { /* the session's flow is not the figure's: its curve must not join in */
    snprintf(vs->msg, sizeof vs->msg, "%s", VFIG_STEP_HINT);
    return 1;
  }
  if (vmulti_active(s, vs)) { /* the panels show the sweep: the flow steps in the one plot */
    snprintf(vs->msg, sizeof vs->msg, "space and r step the flow in the one plot: m first");
    return 1;
  }
  vplot_window(s, &t0, &t1);
  return vstep_key(s, vs, k, t1 - t0);
}

/* The interactive loop: keys until q (or Ctrl-C, which here means leave,
 * unless it stops a continuous run of steps).  While r runs, each turn takes
 * one step and the screen is redrawn at most 20 times a second. */
static void plot_loop(session *s) {
  struct view_state *vs = view_state_peek(s);
  sig_atomic_t was = s->interrupted;
  s->interrupted = 0;
  vs->running = 0;
  vs->quit_after = 0;
  plot_draw(s, 0);
  for (;;) {
    int k = vscr_key(s, vs->running ? 0 : 200); /* wake up now and then to see Ctrl-C */
    if (s->interrupted) {
      if (!vs->running) break;
      s->interrupted = 0; /* Ctrl-C stops the run of steps, the view stays */
      vstep_stop(vs, "Ctrl-C");
      plot_draw(s, 0);
      continue;
    }
    if (k != VK_NONE && !step_key(s, vs, k) && vplot_key(s, k)) break;
    if (vs->quit_after) break; /* q while a step was computing */
    if (vs->running) {
      vstep_run_tick(s, vs);
      if (vs->running && k == VK_NONE && vnow() - vs->last_draw < LIVE_INTERVAL) continue;
    } else if (k == VK_NONE) {
      continue;
    }
    plot_draw(s, 0);
  }
  vs->running = 0;
  vs->quit_after = 0;
  /* a Ctrl-C that only closed the view must not stop what follows */
  s->interrupted = was;
}

static int has_something(session *s) {
  for (int i = 0; i < s->ncurves; i++)
    if (s->curves[i].n > 0) return 1;
  return s->series_N >= 0;
}

/* The text plot's size: COLUMNS x LINES, else the terminal's, else 80x24. */
static void text_size(int *w, int *h) {
  const char *c = getenv("COLUMNS"), *l = getenv("LINES");
  int cw = c ? atoi(c) : 0, lh = l ? atoi(l) : 0;
  struct winsize ws;
  if ((cw <= 0 || lh <= 0) && isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) {
    if (cw <= 0) cw = ws.ws_col;
    if (lh <= 0) lh = ws.ws_row - 1; /* room for the prompt after it */
  }
  *w = cw >= 24 && cw <= 1000 ? cw : 80;
  *h = lh >= 8 && lh <= 1000 ? lh : 24;
}

static int plot_text(session *s, int w, int h) {
  vframe f;
  if (vframe_init(&f, w, h)) return sh_error(s, -1, "out of memory for a %dx%d plot", w, h);
  /* ASCII like gnuplot's dumb terminal: it goes to files and pipes */
  int drawn = vplot_session_frame(s, &f, 0, NULL);
  if (vframe_print(&f, s->out) < 0) drawn = -1;
  vframe_free(&f);
  /* what was left out or could be shown better */
  struct view_state *vs = view_state_peek(s);
  if (vs && vs->note[0]) sh_note(s, "plot: %s", vs->note);
  if (drawn == -2) return sh_error(s, -1, "out of memory: the plot lacks a curve (named above)");
  return drawn < 0 ? sh_error(s, -1, "out of memory while drawing the plot") : 0;
}

int view_plot(session *s) {
  struct view_state *vs = view_state_get(s);
  if (!vs) return sh_error(s, -1, "out of memory");
  if (!has_something(s))
    return sh_error(s, -1, "nothing to plot yet: run `flow run`, `ascent run` or `series` first");
  if (s->interactive && vscr_open(s) == 0) {
    plot_loop(s);
    vscr_close(s);
    return 0;
  }
  int w, h;
  text_size(&w, &h);
  return plot_text(s, w, h);
}

/* ------------------------------------------------------------ live runs */
void view_live_begin(session *s, const char *title) {
  struct view_state *vs;
  if (!s->interactive || !(vs = view_state_get(s))) return;
  snprintf(vs->title, sizeof vs->title, "%s", title ? title : "");
  vs->have_t = 0; /* a new run: show all of it */
  vs->side = VSIDE_ALL;
  vs->msg[0] = '\0';
  vs->live_quit = 0;
  vs->steps = 0, vs->step_secs = 0; /* the status line counts the steps of this run */
  if (vscr_open(s)) return; /* no curses: the command prints its table as usual */
  vs->live = 1;
  plot_draw(s, 1);
}

void view_plot_figure(session *s, const view_figure *fg) {
  struct view_state *vs = view_state_get(s);
  if (!vs) return;
  vs->fig_seq = s->curve_seq;
  vs->fig_logx = fg->logx, vs->fig_logy = fg->logy;
  vs->fig_have_y = fg->have_y, vs->fig_y0 = fg->y0, vs->fig_y1 = fg->y1;
  snprintf(vs->fig_title, sizeof vs->fig_title, "%s", fg->title ? fg->title : "");
  snprintf(vs->fig_xlabel, sizeof vs->fig_xlabel, "%s", fg->xlabel ? fg->xlabel : "");
  snprintf(vs->fig_ylabel, sizeof vs->fig_ylabel, "%s", fg->ylabel ? fg->ylabel : "");
  if (fg->fresh) { /* the panel's own axes */
    vs->logmode = VLOG_AUTO;
    vs->have_t = vs->have_y0 = vs->have_y1 = 0;
    vs->side = VSIDE_ALL;
  }
}

void view_live_update(session *s) {
  struct view_state *vs = view_state_peek(s);
  if (!vs || !vs->live || !vscr_is_open(s)) return;
  if (vnow() - vs->last_draw < LIVE_INTERVAL) return;
  int k;
  while ((k = vscr_key(s, 0)) != VK_NONE) {
    if (vs->stepping) { /* a step taken in the view: finish it, then obey */
      if (k == 'q' || k == 'Q') vs->quit_after = 1;
      if (k == 'q' || k == 'Q' || k == 'r' || k == 'R' || k == ' ') /* named as when no step computes */
        vstep_stop(vs, k == ' ' ? "space" : k == 'r' || k == 'R' ? "r" : "q");
      else if (k != VK_ESC && k != '[' && k != ']') vplot_key(s, k);
      continue;
    }
    if (k == 'q' || k == 'Q') { /* back to the prompt: stop the run, keep what it computed */
      s->interrupted = 1;
      vs->live_quit = 1;
      vscr_close(s);
      return;
    }
    if (k == ' ' || k == 'r' || k == 'R' || k == '[' || k == ']') /* stepping waits for the run */
      snprintf(vs->msg, sizeof vs->msg, "%s",
               vfig_active(s, vs) ? VFIG_STEP_HINT : "the run is still going: space and r step once it ends");
    else if (k != VK_ESC) vplot_key(s, k);
  }
  plot_draw(s, !vs->stepping);
}

int view_live_quit(session *s) {
  struct view_state *vs = view_state_peek(s);
  return vs && vs->live_quit;
}

void view_live_end(session *s) {
  struct view_state *vs = view_state_peek(s);
  /* a step taken from inside the view returns to that view's own loop */
  if (!vs || !vs->live || vs->stepping) return;
  vs->live = 0;
  if (!vscr_is_open(s)) return;
  /* something may have been written under the screen: repaint all of it */
  vscr_force_redraw(s);
  vs->msg[0] = '\0'; /* a hint given during the run ("still going") is stale now */
  plot_loop(s);
  vscr_close(s);
}

/* ------------------------------------------------------------ plot command */
static const char *const plot_keys[] = {"order", "source", "log",  "tmin", "tmax", "ymin", "ymax",
                                        "side",  "width",  "height", "text", "y",  "step", "units", "panels", NULL};
static const char *const yq_names[] = {"auto", "loss", "excess", NULL};
static const char *const units_names[] = {"auto", "raw", "scaled", NULL}; /* VU_* */
static const char *const panels_names[] = {"auto", "yes", "no", NULL};    /* VPANEL_* */
static const char *const log_names[] = {"no", "yes", "auto", NULL};
static const char *const side_names[] = {"all", "ascent", "descent", NULL};
static const char *const yesno[] = {"no", "yes", NULL};
static const char *const source_names[] = {"instance", "ensemble", "diagrams", "limit", NULL};

/* KEY=number or KEY=auto; *set = -1 absent, 0 auto, 1 a number. */
static int num_or_auto(session *s, const args *a, const char *key, int *set, double *v) {
  const char *str = args_str(a, key);
  *set = -1;
  if (!str) return 0;
  if (strcmp(str, "auto") == 0) {
    *set = 0;
    return 0;
  }
  if (sh_parse_double(str, v))
    return sh_error(s, args_off(a, key), "%s=%s is not a number (or auto)", key, str);
  *set = 1;
  return 0;
}

/* Fetch the series of `source` to order N: the `series` command computes and
 * stores it (all four sources); its table is not printed here. */
static int fetch_series(session *s, const args *a, int src, int N) {
  char line[96];
  snprintf(line, sizeof line, "series source=%s N=%d", source_names[src], N);
  FILE *null = fopen("/dev/null", "w");
  FILE *out = s->out;
  if (null) s->out = null;
  int r = sh_exec_line(s, line);
  s->out = out;
  if (null) fclose(null);
  if (r) return -1;
  if (s->series_N < 0 || strcmp(s->series_source, source_names[src]) != 0)
    return sh_error(s, args_off(a, "source"), "source=%s gave no series", source_names[src]);
  return 0;
}

static int has_scaled_curve(const session *s) {
  for (int i = 0; i < s->ncurves; i++)
    if (s->curves[i].n && s->curves[i].units.scaled) return 1;
  return 0;
}

static int run_plot(session *s, const args *a) {
  struct view_state *vs = view_state_get(s);
  if (!vs) return sh_error(s, -1, "out of memory");
  size_t order = 0, width = 0, height = 0;
  int logm = vs->logmode, side = vs->side, text = 0, src = -1;
  int tmin_set, tmax_set, ymin_set, ymax_set;
  double tmin = 0, tmax = 0, ymin = 0, ymax = 0;

  /* validate everything first: a failed plot changes nothing */
  if (args_size(s, a, "order", 0, 0, 0, GFD_TAYLOR_NMAX, &order) < 0) return -1;
  if (args_choice(s, a, "source", -1, 0, source_names, &src) < 0) return -1;
  if (args_choice(s, a, "log", logm, 0, log_names, &logm) < 0) return -1;
  if (args_choice(s, a, "side", side, 0, side_names, &side) < 0) return -1;
  if (args_choice(s, a, "text", 0, 0, yesno, &text) < 0) return -1;
  int yq = vs->yq;
  if (args_choice(s, a, "y", yq, 0, yq_names, &yq) < 0) return -1;
  int um = vs->units;
  if (args_choice(s, a, "units", um, 0, units_names, &um) < 0) return -1;
  if (um == VU_SCALED && um != vs->units && !has_scaled_curve(s)) {
    plot_factors pf;
    if (sh_plot_factors(s, &pf) != 0)
      return sh_error(s, args_off(a, "units"),
                      "units=scaled needs a scaled run or a scaling with a limit (`scaling a= b=`)");
  }
  int pm = vs->panels;
  if (args_choice(s, a, "panels", pm, 0, panels_names, &pm) < 0) return -1;
  if (pm == VPANEL_YES && vmulti_count(s) == 0)
    return sh_error(s, args_off(a, "panels"),
                    "panels=yes needs a sweep across regimes (sweep a=, b=, c= or nu= under a scaling)");
  if (args_size(s, a, "width", 0, 0, 24, 1000, &width) < 0) return -1;
  if (args_size(s, a, "height", 0, 0, 8, 1000, &height) < 0) return -1;
  if (num_or_auto(s, a, "tmin", &tmin_set, &tmin) || num_or_auto(s, a, "tmax", &tmax_set, &tmax) ||
      num_or_auto(s, a, "ymin", &ymin_set, &ymin) || num_or_auto(s, a, "ymax", &ymax_set, &ymax))
    return -1;
  if (tmin_set == 1 || tmax_set == 1) {
    /* one bound alone: the other one is the current window's (auto: the
     * automatic window's) */
    vplotdata d;
    int keep = vs->have_t;
    if (tmin_set == 0 || tmax_set == 0) vs->have_t = 0;
    int r = vpd_build(s, &d, 16);
    vs->have_t = keep;
    if (r) return sh_error(s, -1, "out of memory");
    if (tmin_set != 1) tmin = d.ax.lo;
    if (tmax_set != 1) tmax = d.ax.hi;
    vpd_free(&d);
    if (!(tmax > tmin))
      return sh_error(s, args_off(a, tmax_set == 1 ? "tmax" : "tmin"),
                      "the time window [%g, %g] is empty: tmin must be below tmax", tmin, tmax);
  }
  int step_set;
  double step = 0;
  if (num_or_auto(s, a, "step", &step_set, &step)) return -1;
  if (step_set == 1 && !(step > 0))
    return sh_error(s, args_off(a, "step"), "step=%s: the plot's step DT must be positive (an ascent run steps back "
                    "by itself), or auto", args_str(a, "step"));
  if (ymin_set == 1 && ymax_set == 1 && !(ymax > ymin))
    return sh_error(s, args_off(a, "ymax"), "ymax=%g must be above ymin=%g", ymax, ymin);
  if (logm == VLOG_YES && ((ymin_set == 1 && ymin <= 0) || (ymax_set == 1 && ymax <= 0)))
    return sh_error(s, args_off(a, ymin_set == 1 && ymin <= 0 ? "ymin" : "ymax"),
                    "a log axis needs positive ymin= and ymax=");
  if (args_has(a, "order") && src < 0 && s->series_N < 0)
    return sh_error(s, args_off(a, "order"), "order= needs a series: run `series` or give source=");
  if (args_has(a, "order") && src < 0 && (int)order > s->series_N)
    return sh_error(s, args_off(a, "order"),
                    "order=%zu is above the series computed (N=%d); give source= to compute more",
                    order, s->series_N);

  /* a series from another source, or to a higher order */
  if (src >= 0) {
    int N = args_has(a, "order") ? (int)order
            : s->series_N >= 0 ? s->series_N
            : (src == 2 || src == 3) ? 6 : 20;
    if (strcmp(s->series_source, source_names[src]) != 0 || s->series_N < N) {
      if (fetch_series(s, a, src, N)) return -1;
    }
  }
  if (!has_something(s))
    return sh_error(s, -1, "nothing to plot yet: run `flow run`, `ascent run` or `series` first");

  /* adopt the settings (they stay for the next plot, like gnuplot's set) */
  vs->logmode = logm;
  if (args_has(a, "y") && yq != vs->yq) {
    vs->yq = yq;
    vs->have_y0 = vs->have_y1 = 0; /* another quantity: the y window no longer fits */
  }
  if (args_has(a, "units") && um != vs->units) {
    vs->units = um;
    vs->have_t = vs->have_y0 = vs->have_y1 = 0; /* another frame: the window no longer fits */
  }
  if (args_has(a, "panels")) {
    vs->panels = pm;
    vs->panels_key = VPANEL_AUTO; /* asked for in words: the m key's choice is over */
    vs->have_t = 0;
  }
  if (args_has(a, "side")) {
    vs->side = side;
    vs->have_t = 0;
  }
  if ((tmin_set == 0 || tmax_set == 0) && tmin_set != 1 && tmax_set != 1) vs->have_t = 0;
  if (tmin_set == 1 || tmax_set == 1) {
    vs->have_t = 1;
    vs->t0 = tmin;
    vs->t1 = tmax;
  }
  if (step_set >= 0) vs->step_dt = step_set == 1 ? step : 0; /* auto: 1/20 of the window */
  if (ymin_set >= 0) vs->have_y0 = ymin_set == 1, vs->y0 = ymin;
  if (ymax_set >= 0) vs->have_y1 = ymax_set == 1, vs->y1 = ymax;
  vplotdata d; /* order follows the series now in the session */
  if (vpd_build(s, &d, 16) == 0) vpd_free(&d);
  if (args_has(a, "order") && s->series_N >= 0)
    vs->order = (int)order > s->series_N ? s->series_N : (int)order;

  if (!text && !width && !height) return view_plot(s);
  int w, h;
  text_size(&w, &h);
  if (width) w = (int)width;
  if (height) h = (int)height;
  return plot_text(s, w, h);
}

static const command cmd_view_table[] = {
    {"plot",
     "[order=K] [source=] [log=yes|no|auto] [tmin= tmax= ymin= ymax=] [side=] [y=loss|excess] [units=raw|scaled|auto] "
     "[panels=auto|yes|no] [step=DT|auto] [text=yes]",
     "plot the loss: simulation, truncated series, summed and limit curves",
     "Shows every curve of the session on one time axis: the simulated loss of the\n"
     "last flow/ascent run (mean over seeds, with a band when there are several),\n"
     "the truncated Taylor series sum_{n<=K} coef_n t^n of the last `series`, the\n"
     "summed series and limit curves when present, sweep runs, and the marks (such\n"
     "as the predicted blow-up time).  On a terminal the plot fills the screen:\n"
     "  q          back to the prompt (everything is kept)\n"
     "  + -        raise / lower the order K of the truncated series\n"
     "  l          log / linear y axis\n"
     "  left right (or < >) pan in time;  up down (or i o) zoom in / out\n"
     "  a          ascent side (t <= 0), descent side (t >= 0), both\n"
     "  0          automatic window again;  Ctrl-L redraw\n"
     "  m          panels (a sweep across regimes) or one plot, until the next run\n"
     "  space      step the flow by DT (as `flow step DT`; without a run, one\n"
     "             starts at t=0); DT is 1/20 of the visible window (to two\n"
     "             digits: 0.06, not 0.0600000001) unless set\n"
     "  r          run: step after step until r, space or Ctrl-C (the step\n"
     "             computing finishes first: the flow can go on afterwards)\n"
     "  [ ]        halve / double DT (plot step=DT sets it, step=auto: 1/20)\n"
     "The status line shows t (where the run stands), DT, and the steps and\n"
     "seconds they took; a pan/zoom window follows the run as it advances.\n"
     "During `flow run` / `ascent run` on a terminal the same view follows the run;\n"
     "Ctrl-C stops the computation (the view stays until q), q stops it and returns.\n"
     "Not on a terminal (or with text=yes, width=, height=) it prints an ASCII plot\n"
     "like gnuplot's dumb terminal, COLUMNS x LINES (default 80x24).\n"
     "  order=K    show the series to t^K\n"
     "  source=    instance|ensemble|diagrams|limit: compute the series from that\n"
     "             source first (as `series source=... N=K`)\n"
     "  log=       yes|no|auto (auto: log when the loss spans over three decades)\n"
     "  tmin= tmax= ymin= ymax=   fix the window (a number, or auto); they stay for\n"
     "             the next plot, like pan and zoom\n"
     "  side=      all|ascent|descent: the side of t = 0 (key a)\n"
     "  y=         loss|excess|auto: the quantity on the y axis; excess is\n"
     "             L - ||y||^2/2 (from its own terms where a curve has it: use it\n"
     "             when the loss is flat at its level ||y||^2/2); auto: the one a\n"
     "             scaled run follows, else the loss\n"
     "  units=     raw|scaled|auto: the frame.  auto (the default): the newest run\n"
     "             decides: after `flow run scaled=yes` or a scaled sweep the axes\n"
     "             are tau and L/p^E0 (or excess/p^E0), after a raw run t and L\n"
     "Curves of the other frame are converted (with the current scaling's factors,\n"
     "or a sweep run's own), and a curve that cannot be converted (a sweep run of\n"
     "another size into tau, a limit curve into t) is left out; when raw and\n"
     "scaled curves meet, the status line (and a note after text=yes) names the\n"
     "frame, the curves converted and the curves left out.\n"
     "  panels=    auto|yes|no: small multiples.  A sweep over a, b, c (or nu,\n"
     "             CH, Cs, Ck) under a scaling crosses regimes: each run has its\n"
     "             own E0 and g.  The panels draw one run each, in its own units\n"
     "             (tau = p^g t, L/p^E0), titled with its regime and time scale,\n"
     "             with its own limit curves, so that free, NTK, mean-field and\n"
     "             frozen runs show together.  auto (the default): panels when the\n"
     "             newest run is such a sweep (and not units=raw); no: one plot;\n"
     "             the status line (a note after text=yes) names the curves the\n"
     "             panels leave out.\n"
     "`export gnuplot FILE` writes the same plot for gnuplot.",
     "plot", plot_keys, 0, 0, run_plot},
    {0}};

const area area_view = {
    .name = "view",
    .commands = cmd_view_table,
    .reset = view_state_reset,
    .live_update = view_live_update,
};
