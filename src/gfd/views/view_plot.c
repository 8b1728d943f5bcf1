/* view_plot.c - the plot built from the session: curves (simulated loss and
 * its band, summed, limit and sweep curves), the truncated series evaluated
 * at the order chosen with + and -, the marks; the time window (automatic,
 * ascent/descent side, pan and zoom), log-y and the y range; the keys. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "view_session.h"

double vseries_eval(const double *coef, int k, double t) {
  double v = 0;
  for (int n = k; n >= 0; n--) v = v * t + coef[n];
  return v;
}

int vseries_style(const session *s) {
  for (int i = 0; i < s->ncurves; i++)
    if (s->curves[i].kind == CURVE_SERIES) return s->curves[i].style;
  return sh_curve_free_style(s);
}

/* Keep the shown order in step with the session's series: a new series
 * (other N or source) is shown in full. */
static void sync_order(session *s, struct view_state *vs) {
  if (s->series_N < 0) {
    vs->order_N = -1;
    return;
  }
  if (vs->order_N != s->series_N || strcmp(vs->order_src, s->series_source) != 0) {
    vs->series_hidden = 0; /* a new series shows, even after `plot clear` */
    vs->order = s->series_N;
    vs->order_N = s->series_N;
    snprintf(vs->order_src, sizeof vs->order_src, "%s", s->series_source);
  }
  if (vs->order > s->series_N) vs->order = s->series_N;
  if (vs->order < 0) vs->order = 0;
}

/* Convergence radius of the series by the root test over its upper half
 * (Cauchy-Hadamard); +inf for a polynomial that ends early. */
static double series_radius(const double *c, int N) {
  double r = INFINITY;
  for (int n = N / 2 > 1 ? N / 2 : 1; n <= N; n++)
    if (c[n] != 0 && isfinite(c[n])) {
      double rn = pow(fabs(c[n]), -1.0 / n);
      if (rn < r) r = rn;
    }
  return r;
}

static void model_summary(session *s, char *buf, size_t n) {
  if (!s->model && s->spec.p == 0) {
    buf[0] = '\0';
    return;
  }
  snprintf(buf, n, "%s nu=%d p=%zu H=%zu sigma=%g", s->spec.kind == GFD_ASYM ? "ASYM" : "SYM",
           s->spec.nu, s->spec.p, s->spec.H, s->spec.sigma);
}

/* The time window: pan/zoom's, else all the data (the series alone: half
 * its radius of convergence), on the side of t = 0 asked for.  A figure's
 * log-x axis (fig_logx: x = 1 + c t > 0) spans whole 1-2-5 steps or decades. */
static void time_window(session *s, const struct view_state *vs, vplotdata *d, int have_series, vaxis *ax,
                        vaxis *ay) {
  int logx = vfig_active(s, vs) && vs->fig_logx;
  if (vs->have_t && (!logx || (vs->t0 > 0 && vs->t1 > vs->t0))) {
    ax->lo = vs->t0, ax->hi = vs->t1;
    ax->log = logx;
    return;
  }
  if (logx) {
    double lo = INFINITY, hi = 0;
    for (int k = 0; k < d->ns; k++)
      for (size_t i = 0; d->s[k].in_trange && d->s[k].t && i < d->s[k].n; i++)
        if (isfinite(d->s[k].t[i]) && d->s[k].t[i] > 0) lo = fmin(lo, d->s[k].t[i]), hi = fmax(hi, d->s[k].t[i]);
    if (!(hi > lo)) lo = 1, hi = 10;
    vrange_nice(&lo, &hi, 8, 1);
    ax->lo = lo, ax->hi = hi, ax->log = 1;
    return;
  }
  if (d->ns > 0 || d->nm > 0) {
    vplot_autorange(d->s, d->ns, d->m, d->nm, 0, ax, ay);
  } else if (have_series) {
    /* the series alone: half its radius of convergence, where it means something */
    double r = series_radius(s->series_coef, s->series_N);
    double T = isfinite(r) && r > 0 ? 0.5 * r : 1;
    double lo = 0, hi = T;
    vrange_nice(&lo, &hi, 8, 0);
    ax->lo = lo, ax->hi = hi;
  }
  if (vs->side != VSIDE_ALL) {
    double w = ax->hi - ax->lo;
    if (vs->side == VSIDE_ASCENT) {
      double lo = ax->lo < 0 ? ax->lo : -w;
      ax->hi = 0, ax->lo = lo;
    } else {
      double hi = ax->hi > 0 ? ax->hi : w;
      ax->lo = 0, ax->hi = hi;
    }
    vrange_nice(&ax->lo, &ax->hi, 8, 0);
  }
}

/* The truncated series sampled on the window, as one more series.  0, or
 * -1 (out of memory; d freed). */
static int series_samples(session *s, const struct view_state *vs, vplotdata *d, const vaxis *ax,
                          size_t samples) {
  size_t m = samples < 16 ? 16 : samples;
  d->st = malloc(m * sizeof *d->st);
  d->sy = malloc(m * sizeof *d->sy);
  if (!d->st || !d->sy) {
    vpd_free(d);
    return -1;
  }
  d->order = vs->order;
  d->N = s->series_N;
  for (size_t i = 0; i < m; i++) {
    double t = ax->lo + (ax->hi - ax->lo) * (double)i / (double)(m - 1);
    d->st[i] = t;
    d->sy[i] = (vseries_eval(s->series_coef, d->order, t * d->ser_tmul) + d->ser_off) / d->ser_ldiv;
  }
  d->sn = m;
  snprintf(d->series_label, sizeof d->series_label, "series order %d/%d (%s)", d->order, d->N,
           s->series_source[0] ? s->series_source : "series");
  vseries *v = &d->s[d->ns];
  v->label = d->series_label;
  v->n = m;
  v->t = d->st;
  v->y = d->sy;
  v->glyph = vstyle_glyph(vseries_style(s));
  v->st = vstyle_color(vseries_style(s));
  v->in_trange = 0;
  v->in_yrange = 0; /* counts only when nothing else does (vplot_autorange) */
  d->series_idx = d->ns;
  d->ns++;
  return 0;
}

/* A loss that hardly moves at its own scale: the excess shows the dynamics
 * (a note says so). */
static void flat_loss_note(struct view_state *vs, const vplotdata *d, const vaxis *ax) {
  for (int k = 0; k < d->ns; k++) {
    const vseries *v = &d->s[k];
    if (k == d->series_idx || !v->in_yrange) continue;
    double mn = INFINITY, mx = -INFINITY;
    for (size_t i = 0; i < v->n; i++)
      if (isfinite(v->y[i]) && v->t[i] >= ax->lo && v->t[i] <= ax->hi) mn = fmin(mn, v->y[i]), mx = fmax(mx, v->y[i]);
    if (mx >= mn && mx - mn <= 1e-6 * fmax(fabs(mx), fabs(mn))) {
      size_t len = strlen(vs->note);
      snprintf(vs->note + len, sizeof vs->note - len,
               "%sthe loss changes by only %.2g of its level %.6g: `plot y=excess` shows L - ||y||^2/2",
               len ? "; " : "", (mx - mn) / fmax(fabs(mx), 1e-300), mx);
      break;
    }
  }
}

int vfig_active(const session *s, const struct view_state *vs) {
  return vs && vs->fig_seq && vs->fig_seq == s->curve_seq;
}

int vpd_build(session *s, vplotdata *d, size_t samples) {
  struct view_state *vs = view_state_get(s);
  memset(d, 0, sizeof *d);
  d->series_idx = -1;
  if (!vs) return -1;
  sync_order(s, vs);
  int fig = vfig_active(s, vs);

  /* the units of the plot; curves in other units are converted or left out */
  vunits F;
  vunits_choose(s, vs->yq, vs->units, &F);
  vunits_labels(&F, d->xlabel, sizeof d->xlabel, d->ylabel, sizeof d->ylabel);
  if (fig) { /* the figure's axes: the paper's t/T (or 1 + c t) and its quantity */
    snprintf(d->xlabel, sizeof d->xlabel, "%s", vs->fig_xlabel);
    snprintf(d->ylabel, sizeof d->ylabel, "%s", vs->fig_ylabel);
  }
  vs->note[0] = '\0';

  /* curves, in the order the areas set them, each its own glyph and colour */
  for (int i = 0; i < s->ncurves && d->ns < VPD_MAX - 1; i++) {
    const curve *c = &s->curves[i];
    if (c->n == 0 || !c->t || !c->y) continue;
    /* the series is drawn from its coefficients at the order chosen live */
    if (c->kind == CURVE_SERIES && s->series_N >= 0) continue;
    if (c->hidden) continue; /* `plot hide`: `plot list` says so */
    vseries *v = &d->s[d->ns];
    if (vunits_curve(s, &F, c, d, &v->t, &v->y, &v->lo, &v->hi, vs->note, sizeof vs->note) < 0) continue;
    v->label = c->name;
    v->n = c->n;
    v->glyph = vstyle_glyph(c->style); /* the curve's own: the same in every view */
    v->st = vstyle_color(c->style);
    v->in_trange = 1;
    v->in_yrange = c->kind != CURVE_SERIES; /* a diverging series must not squash the rest */
    d->ns++;
  }
  for (int i = 0; i < s->nmarks && d->nm < SH_MAX_MARKS; i++) {
    double mt;
    if (vunits_mark(s, &F, s->marks[i].t, &mt) < 0) {
      size_t len = strlen(vs->note);
      snprintf(vs->note + len, sizeof vs->note - len, "%smark %s (t units, no scaling to convert it)",
               len ? "; " : "not shown: ", s->marks[i].name);
      continue;
    }
    snprintf(d->mlabel[d->nm], sizeof d->mlabel[d->nm], "%s", s->marks[i].name);
    d->m[d->nm].label = d->mlabel[d->nm];
    d->m[d->nm].t = mt;
    d->nm++;
  }

  /* time window */
  vaxis ax = {0, 1, 0}, ay = {0, 1, 0};
  /* a figure is the paper's models, not the session's: its series stays out */
  int have_series = s->series_N >= 0 && !vs->series_hidden && !fig;
  d->ser_tmul = 1, d->ser_off = 0, d->ser_ldiv = 1;
  if (have_series && vunits_series(s, &F, &d->ser_tmul, &d->ser_off, &d->ser_ldiv) < 0) {
    size_t len = strlen(vs->note);
    snprintf(vs->note + len, sizeof vs->note - len, "%sseries (t units, no scaling to convert it)",
             len ? "; " : "not shown: ");
    have_series = 0;
  }
  vunits_note(&F, vs->note, sizeof vs->note); /* raw and scaled curves met: say which frame */
  time_window(s, vs, d, have_series, &ax, &ay);

  /* the truncated series on the window */
  if (have_series && series_samples(s, vs, d, &ax, samples) < 0) return -1;

  /* log-y: as asked, or automatically when the data span many decades */
  int log = vs->logmode == VLOG_AUTO ? (fig ? vs->fig_logy : vplot_auto_log(d->s, d->ns, &ax))
                                      : vs->logmode == VLOG_YES;
  ay.log = log;
  vplot_autorange(d->s, d->ns, d->m, d->nm, 1, &ax, &ay);
  /* the y range asked for, else a figure's own (the paper's L in [127, 130]) */
  int fy = fig && vs->fig_have_y;
  int have_y0 = vs->have_y0 || fy, have_y1 = vs->have_y1 || fy;
  double y0 = vs->have_y0 ? vs->y0 : vs->fig_y0, y1 = vs->have_y1 ? vs->y1 : vs->fig_y1;
  if (have_y0 && (!log || y0 > 0)) ay.lo = y0;
  if (have_y1 && (!log || y1 > 0)) ay.hi = y1;
  if (!(ay.hi > ay.lo)) { /* a fixed bound on the wrong side of the data */
    double w = log ? 10 : fmax(fabs(ay.lo), 1);
    if (have_y0) ay.hi = log ? ay.lo * w : ay.lo + w;
    else ay.lo = log ? ay.hi / w : ay.hi - w;
  }
  d->ax = ax;
  d->ay = ay;

  /* nothing drawn because everything is hidden: say so, and how to undo it */
  int nhidden = 0;
  for (int i = 0; i < s->ncurves; i++) nhidden += s->curves[i].hidden && s->curves[i].n > 0;
  if (d->ns == 0 && nhidden) {
    size_t len = strlen(vs->note);
    snprintf(vs->note + len, sizeof vs->note - len, "%snothing to draw: %d curve%s hidden (`plot show all`)",
             len ? "; " : "", nhidden, nhidden == 1 ? " is" : "s are");
  }

  /* a loss that hardly moves at its own scale: the excess shows the dynamics */
  if (!F.excess && F.yhalf > 0 && vs->yq == VY_AUTO && !fig) flat_loss_note(vs, d, &ax);

  /* title: what the view shows and on which model (a figure: its own) */
  if (fig) {
    snprintf(d->title, sizeof d->title, "%s", vs->fig_title);
    return 0;
  }
  char ms[96];
  model_summary(s, ms, sizeof ms);
  snprintf(d->title, sizeof d->title, "%s%s%s%s", vs->title[0] ? vs->title : "gfd",
           ms[0] ? "  " : "", ms, log ? "  [log y]" : "");
  return 0;
}

void vpd_free(vplotdata *d) {
  free(d->st);
  free(d->sy);
  d->st = d->sy = NULL;
  for (int k = 0; k < d->nown; k++) free(d->own[k]);
  d->nown = 0;
}

int vplot_session_frame(session *s, vframe *f, int utf8, const char *status) {
  struct view_state *vs = view_state_get(s);
  if (vs && vmulti_active(s, vs)) return vmulti_frame(s, vs, f, utf8, status); /* a panel per run */
  vplotdata d;
  size_t samples = (size_t)(f->w > 0 ? f->w : 80) * 4;
  if (vpd_build(s, &d, samples)) {
    vframe_clear(f);
    vframe_puts(f, 0, 0, "out of memory", 0, -1);
    return -1;
  }
  vplot p = {d.title, d.xlabel, d.ylabel, status, d.s, d.ns, d.m, d.nm, d.ax, d.ay, utf8};
  int r = vplot_render(&p, f), oom = d.oom;
  vpd_free(&d);
  return oom ? -2 : r; /* -2: drawn, but a curve is missing for lack of memory */
}

/* Current window as explicit bounds (for pan and zoom, and stepping's DT). */
void vplot_window(session *s, double *t0, double *t1) {
  struct view_state *vs = view_state_peek(s);
  if (vs && vmulti_active(s, vs)) {
    vmulti_window(s, vs, t0, t1);
    return;
  }
  vplotdata d;
  if (vpd_build(s, &d, 16) == 0) {
    *t0 = d.ax.lo, *t1 = d.ax.hi;
    vpd_free(&d);
  } else {
    *t0 = 0, *t1 = 1;
  }
}

void vplot_status(session *s, int live, char *buf, size_t n) {
  struct view_state *vs = view_state_peek(s);
  const char *arrows = s->utf8 ? "\xe2\x86\x90\xe2\x86\x92:pan \xe2\x86\x91\xe2\x86\x93:zoom"
                               : "arrows:pan/zoom";
  char ord[24] = "";
  if (s->series_N >= 0 && vs) snprintf(ord, sizeof ord, "+/-:order(%d) ", vs->order);
  if (live) {
    double t = NAN;
    for (int i = 0; i < s->ncurves; i++)
      if (s->curves[i].kind == CURVE_SIM && s->curves[i].n) {
        t = s->curves[i].t[s->curves[i].n - 1];
        break;
      }
    char tt[32] = "";
    if (isfinite(t)) snprintf(tt, sizeof tt, " t=%.4g", t);
    if (vs && vs->msg[0]) /* a hint for a key pressed during the run */
      snprintf(buf, n, " running%s  Ctrl-C:stop  q:stop+quit | %s", tt, vs->msg);
    else
      snprintf(buf, n, " running%s  Ctrl-C:stop  q:stop+quit  %sl:log %s", tt, ord, arrows);
    return;
  }
  const char *m = vs && vs->msg[0] ? vs->msg : vs && vs->note[0] ? vs->note : "";
  if (vfig_active(s, vs)) { /* a replay: nothing steps here */
    if (*m) snprintf(buf, n, " figure  q:quit | %s", m);
    else snprintf(buf, n, " figure (a replay, no stepping)  q:quit l:log y %s 0:reset", arrows);
    return;
  }
  if (vs && vmulti_active(s, vs)) { /* panels: no series, no stepping here */
    if (*m) snprintf(buf, n, " panels  q:quit m:one plot | %s", m);
    else snprintf(buf, n, " panels: each run in its own units  q:quit m:one plot l:log %s 0:reset", arrows);
    return;
  }
  char st[96];
  double t0, t1;
  vplot_window(s, &t0, &t1);
  if (vs) vstep_status(s, vs, t1 - t0, st, sizeof st);
  else st[0] = '\0';
  /* a message replaces the key hints: the line has room for one of them */
  if (*m) snprintf(buf, n, " %s  q:quit | %s", st, m);
  else
    snprintf(buf, n, " %s  q:quit space:step r:%s [ ]:dt %sl:log %s a:side 0:reset", st,
             vs && vs->running ? "stop" : "run", ord, arrows);
}

/* Pan (a quarter of the window) and zoom (x1.5) on a log-x axis, in log10:
 * 1 if key is one of those, else 0. */
static int log_window_key(session *s, struct view_state *vs, int key) {
  int left = key == VK_LEFT || key == '<' || key == ',', right = key == VK_RIGHT || key == '>' || key == '.';
  int in = key == VK_UP || key == 'i' || key == 'z', out = key == VK_DOWN || key == 'o' || key == 'Z';
  if (!left && !right && !in && !out) return 0;
  double t0, t1;
  vplot_window(s, &t0, &t1);
  if (!(t0 > 0 && t1 > t0)) return 1;
  double l0 = log10(t0), l1 = log10(t1), w = l1 - l0, c = 0.5 * (l0 + l1);
  if (left || right) {
    double d = (left ? -0.25 : 0.25) * w;
    l0 += d, l1 += d;
  } else {
    double h = 0.5 * w * (in ? 1 / 1.5 : 1.5);
    if (h < 1e-9) return 1; /* no zooming into rounding noise */
    l0 = c - h, l1 = c + h;
  }
  vs->t0 = pow(10, l0), vs->t1 = pow(10, l1);
  vs->have_t = 1;
  return 1;
}

int vplot_key(session *s, int key) {
  struct view_state *vs = view_state_get(s);
  double t0, t1, w, c;
  if (!vs) return 1;
  vs->msg[0] = '\0';
  int panels = vmulti_active(s, vs);
  if (panels && (key == '+' || key == '=' || key == '-' || key == '_' || key == 'a' || key == 'A')) {
    snprintf(vs->msg, sizeof vs->msg, "'%c' works in the one plot (the series, the side of t = 0): m first", key);
    return 0;
  }
  if (!panels && vfig_active(s, vs) && vs->fig_logx && log_window_key(s, vs, key)) return 0;
  switch (key) {
  case 'q': case 'Q': case VK_ESC:
    return 1;
  case 'm': case 'M': /* panels <-> one plot */
    vmulti_toggle(s, vs);
    break;
  case '+': case '=':
    if (s->series_N < 0) snprintf(vs->msg, sizeof vs->msg, "no series: run `series` first");
    else if (vs->order < s->series_N) vs->order++;
    else snprintf(vs->msg, sizeof vs->msg, "order %d is the highest computed", s->series_N);
    break;
  case '-': case '_':
    if (s->series_N < 0) snprintf(vs->msg, sizeof vs->msg, "no series: run `series` first");
    else if (vs->order > 0) vs->order--;
    break;
  case 'l': case 'L': {
    vplotdata d;
    int cur = 0;
    if (vpd_build(s, &d, 16) == 0) {
      cur = d.ay.log;
      vpd_free(&d);
    }
    vs->logmode = cur ? VLOG_NO : VLOG_YES;
    break;
  }
  case VK_LEFT: case '<': case ',': case VK_RIGHT: case '>': case '.':
    vplot_window(s, &t0, &t1);
    w = t1 - t0;
    if (key == VK_LEFT || key == '<' || key == ',') w = -w;
    vs->t0 = t0 + 0.25 * w;
    vs->t1 = t1 + 0.25 * w;
    vs->have_t = 1;
    break;
  case VK_UP: case 'i': case 'z': case VK_DOWN: case 'o': case 'Z':
    vplot_window(s, &t0, &t1);
    c = 0.5 * (t0 + t1);
    w = 0.5 * (t1 - t0) * ((key == VK_UP || key == 'i' || key == 'z') ? 1 / 1.5 : 1.5);
    if (w < 1e-12 * fmax(fabs(c), 1e-300)) break; /* no zooming into rounding noise */
    /* a window that starts or ends at t = 0 keeps it: the series lives there */
    if (t0 == 0) vs->t0 = 0, vs->t1 = 2 * w;
    else if (t1 == 0) vs->t0 = -2 * w, vs->t1 = 0;
    else vs->t0 = c - w, vs->t1 = c + w;
    vs->have_t = 1;
    break;
  case 'a': case 'A':
    vs->have_t = 0;
    vs->side = (vs->side + 1) % 3;
    snprintf(vs->msg, sizeof vs->msg, "%s", vs->side == VSIDE_ASCENT ? "ascent side (t <= 0)"
                                            : vs->side == VSIDE_DESCENT ? "descent side (t >= 0)"
                                                                        : "both sides");
    break;
  case '0': case VK_HOME:
    vs->have_t = 0;
    vs->side = VSIDE_ALL;
    vs->have_y0 = vs->have_y1 = 0;
    break;
  case 12: /* Ctrl-L */
    vscr_force_redraw(s);
    break;
  case VK_RESIZE: case VK_ENTER:
    break;
  default: /* a key that means nothing here: say which ones do */
    if (vfig_active(s, vs))
      snprintf(vs->msg, sizeof vs->msg, "not a key of the figure view: q quit, l log y, 0 reset, arrows");
    else if (key > 0x20 && key < 0x7f)
      snprintf(vs->msg, sizeof vs->msg, "'%c' is not a plot key: %s", key,
               panels ? "m one plot, q quit, l 0, arrows" : "space step, r run, q quit, + - l a m 0, arrows");
    else
      snprintf(vs->msg, sizeof vs->msg, "not a plot key: %s",
               panels ? "m one plot, q quit, l 0, arrows" : "space step, r run, q quit, + - l a m 0, arrows");
    break;
  }
  return 0;
}
