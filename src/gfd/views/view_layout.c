/* view_layout.c - whole-screen layouts on a vframe: the plot (axes, ticks,
 * canvas, legend, status line), the regime-map grid and the pager page.
 * Pure functions shared by the curses views and the text fallbacks. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "view.h"

/* Palette entries (view_curses.c maps them to terminal colours):
 * 1 red, 2 green, 3 yellow, 4 blue, 5 magenta, 6 cyan, 7 white, 8 default. */
uint8_t vstyle_color(int i) {
  static const uint8_t seq[] = {6, 1, 2, 5, 3, 4};
  return seq[(i < 0 ? 0 : i) % 6];
}

uint32_t vstyle_glyph(int i) {
  /* not + or |: the axes use them */
  static const char g[] = "*#ox%@&=";
  return (uint32_t)g[(i < 0 ? 0 : i) % 8];
}

#define MARK_STYLE (3 | VST_BOLD)

int vlegend_layout(const int *widths, int n, int w, int gap, int *x, int *row) {
  int cx = 0, r = 0;
  if (n <= 0) return 0;
  for (int i = 0; i < n; i++) {
    if (cx > 0 && cx + gap + widths[i] > w) { /* wrap */
      r++;
      cx = 0;
    }
    if (cx > 0) cx += gap;
    x[i] = cx;
    row[i] = r;
    cx += widths[i];
  }
  return r + 1;
}

/* ------------------------------------------------------------ autorange */
static void widen(double *lo, double *hi, double v) {
  if (v < *lo) *lo = v;
  if (v > *hi) *hi = v;
}

static int y_ok(const vaxis *ay, double v) { return isfinite(v) && (!ay->log || v > 0); }

/* y of the polyline at x = x0 (linear interpolation), if a segment spans it. */
static int interp_at(size_t n, const double *t, const double *y, double x0, double *out) {
  for (size_t i = 0; i + 1 < n; i++) {
    double a = t[i], b = t[i + 1];
    if (!isfinite(a) || !isfinite(b) || !isfinite(y[i]) || !isfinite(y[i + 1]) || a == b)
      continue;
    if ((x0 - a) * (x0 - b) <= 0) {
      *out = y[i] + (y[i + 1] - y[i]) * (x0 - a) / (b - a);
      return 1;
    }
  }
  return 0;
}

/* Widen [lo, hi] by the drawable values of s in the time window; returns
 * the number of samples found strictly inside the window. */
static int y_extent(const vseries *s, const vaxis *ax, const vaxis *ay, double *lo, double *hi) {
  const double *arr[3] = {s->y, s->lo, s->hi};
  int inside = 0;
  for (int k = 0; k < 3; k++) {
    const double *v = arr[k];
    double e;
    if (!v || !s->t) continue;
    for (size_t i = 0; i < s->n; i++)
      if (isfinite(s->t[i]) && s->t[i] >= ax->lo && s->t[i] <= ax->hi && y_ok(ay, v[i])) {
        widen(lo, hi, v[i]);
        inside += s->t[i] > ax->lo && s->t[i] < ax->hi;
      }
    /* a zoomed window may fall between two samples: the edges count too */
    if (interp_at(s->n, s->t, v, ax->lo, &e) && y_ok(ay, e)) widen(lo, hi, e);
    if (interp_at(s->n, s->t, v, ax->hi, &e) && y_ok(ay, e)) widen(lo, hi, e);
  }
  return inside;
}

int vplot_autorange(const vseries *s, int ns, const vmark *m, int nm, int have_t, vaxis *ax,
                    vaxis *ay) {
  if (!have_t) {
    double lo = INFINITY, hi = -INFINITY, dlo, dhi;
    for (int k = 0; k < ns; k++) {
      if (!s[k].in_trange || !s[k].t) continue;
      for (size_t i = 0; i < s[k].n; i++)
        if (isfinite(s[k].t[i])) widen(&lo, &hi, s[k].t[i]);
    }
    dlo = lo, dhi = hi;
    for (int k = 0; k < nm; k++)
      if (isfinite(m[k].t)) widen(&lo, &hi, m[k].t);
    /* a mark beyond the data: show a little past it so that it is not on the frame */
    if (hi > lo && (lo < dlo || hi > dhi)) {
      double pad = 0.03 * (hi - lo);
      if (lo < dlo) lo -= pad;
      if (hi > dhi) hi += pad;
    }
    if (!(hi >= lo)) lo = 0, hi = 1;
    vrange_nice(&lo, &hi, 8, 0);
    ax->lo = lo, ax->hi = hi, ax->log = 0;
  }
  int any = 0;
  for (int k = 0; k < ns; k++) any |= s[k].in_yrange;
  double lo = INFINITY, hi = -INFINITY;
  int inside = 0;
  for (int k = 0; k < ns; k++)
    if (!any || s[k].in_yrange) inside += y_extent(&s[k], ax, ay, &lo, &hi);
  if (any && inside < 2) /* the main curves are (nearly) out of the window: all count */
    for (int k = 0; k < ns; k++)
      if (!s[k].in_yrange) y_extent(&s[k], ax, ay, &lo, &hi);
  if (!(hi >= lo)) {
    ay->lo = ay->log ? 0.1 : 0;
    ay->hi = 1;
    return -1;
  }
  vrange_nice(&lo, &hi, 6, ay->log);
  ay->lo = lo, ay->hi = hi;
  return 0;
}

int vplot_auto_log(const vseries *s, int ns, const vaxis *ax) {
  double mn = INFINITY, mx = 0;
  int nonpos = 0, any = 0;
  for (int k = 0; k < ns; k++) any |= s[k].in_yrange;
  for (int k = 0; k < ns; k++) {
    if ((any && !s[k].in_yrange) || !s[k].t || !s[k].y) continue;
    for (size_t i = 0; i < s[k].n; i++) {
      double t = s[k].t[i], y = s[k].y[i];
      if (!isfinite(y) || t < ax->lo || t > ax->hi) continue;
      if (y <= 0) nonpos = 1;
      else mn = fmin(mn, y), mx = fmax(mx, y);
    }
  }
  /* three decades: below that a linear axis reads better */
  return !nonpos && mx > 0 && mx / mn > 1e3;
}

int vmulti_grid(int n, int w, int h, int minw, int minh, int *cols, int *rows) {
  *cols = *rows = 0;
  if (n <= 0 || minw <= 0 || minh <= 0) return 0;
  for (int k = n; k >= 1; k--) { /* all n panels if they fit, else as many as do */
    double best = -1;
    for (int c = 1; c <= k; c++) {
      int r = (k + c - 1) / c, pw = w / c, ph = h / r;
      if (pw < minw || ph < minh) continue;
      /* the size of the largest 2.5:1 box inside a panel, in rows */
      double score = fmin(pw / 2.5, (double)ph);
      if (score > best) best = score, *cols = c, *rows = r;
    }
    if (best >= 0) return k;
  }
  return 0;
}

void vframe_status(vframe *f, const char *status) {
  int W = f->w, y = f->h - 1;
  if (y < 0) return;
  vframe_fill(f, 0, y, W, ' ', VST_REVERSE);
  if (vutf8_width(status) <= W) {
    vframe_puts(f, 0, y, status, VST_REVERSE, W);
    return;
  }
  /* too long: cut at the last blank that leaves room for "...", never in a word */
  const char *p = status, *cut = NULL;
  int cells = 0;
  uint32_t cp;
  while (*p && cells <= W - 3) {
    if (*p == ' ' && cells > 0) cut = p;
    p += vutf8_decode(p, &cp);
    cells++;
  }
  int n = cut ? vutf8_width(status) - vutf8_width(cut) : W - 3;
  int w = vframe_puts(f, 0, y, status, VST_REVERSE, n);
  vframe_puts(f, w, y, "...", VST_REVERSE, 3);
}

/* ------------------------------------------------------------------ plot */
typedef struct legend_entry {
  char sample[3][8]; /* three cells of UTF-8 */
  uint8_t sst;
  char label[96];
} legend_entry;

static void set_sample(legend_entry *e, uint32_t a, uint32_t b, uint32_t c) {
  uint32_t g[3] = {a, b, c};
  for (int i = 0; i < 3; i++) e->sample[i][vutf8_encode(g[i], e->sample[i])] = '\0';
}

#define MAXTICKS 64

/* The legend: a curve, its band, each mark.  le holds 2 ns + nm entries;
 * returns how many were filled. */
static int legend_entries(const vplot *p, legend_entry *le) {
  int ne = 0, u = p->utf8;
  uint32_t hline = u ? 0x2500 : '-';
  uint32_t markg = u ? 0x2506 : '|', bandg = u ? 0x2895 : ':'; /* U+2895: the checkerboard of a band */
  for (int k = 0; k < p->ns; k++) {
    const vseries *s = &p->s[k];
    if (s->y) {
      legend_entry *e = &le[ne++];
      if (u) set_sample(e, hline, s->glyph, hline);
      else set_sample(e, s->glyph, s->glyph, s->glyph);
      e->sst = s->st;
      snprintf(e->label, sizeof e->label, "%s", s->label ? s->label : "");
    }
    if (s->lo && s->hi) {
      legend_entry *e = &le[ne++];
      set_sample(e, bandg, bandg, bandg);
      e->sst = s->st | VST_DIM;
      snprintf(e->label, sizeof e->label, "%s band", s->label ? s->label : "");
    }
  }
  for (int k = 0; k < p->nm; k++) {
    legend_entry *e = &le[ne++];
    set_sample(e, ' ', markg, ' ');
    e->sst = MARK_STYLE;
    snprintf(e->label, sizeof e->label, "%s %s=%.5g", p->m[k].label ? p->m[k].label : "mark",
             p->xlabel ? p->xlabel : "t", p->m[k].t);
  }
  return ne;
}

/* The plot area: bands under everything, then marks, curves, and (braille)
 * glyph markers, copied into f with its top-left cell at (x0, y0). */
static void draw_curves(const vplot *p, vcanvas *cv, const vaxis *ax, const vaxis *ay, vframe *f, int x0,
                        int y0) {
  uint32_t markg = p->utf8 ? 0x2506 : '|';
  for (int k = 0; k < p->ns; k++)
    vcanvas_band(cv, ax, ay, p->s[k].n, p->s[k].t, p->s[k].lo, p->s[k].hi, ':', p->s[k].st | VST_DIM);
  for (int k = 0; k < p->nm; k++) vcanvas_vline(cv, ax, p->m[k].t, markg, MARK_STYLE);
  for (int k = 0; k < p->ns; k++)
    vcanvas_curve(cv, ax, ay, p->s[k].n, p->s[k].t, p->s[k].y, p->s[k].glyph, p->s[k].st);
  if (p->utf8) {
    int spacing = cv->w >= 60 ? 12 : 8;
    for (int k = 0; k < p->ns; k++)
      vcanvas_markers(cv, ax, ay, p->s[k].n, p->s[k].t, p->s[k].y, spacing, (3 + 5 * k) % spacing,
                      p->s[k].glyph, p->s[k].st);
  }
  for (int cy = 0; cy < cv->h; cy++)
    for (int cx = 0; cx < cv->w; cx++) {
      uint8_t st;
      uint32_t ch = vcanvas_cell(cv, cx, cy, &st);
      vframe_put(f, x0 + cx, y0 + cy, ch, st);
    }
}

/* The x axis on row ya from column xa (the corner), PW columns of plot, with
 * its ticks and labels on the row below; yw is the width of the y labels. */
static void draw_x_axis(const vplot *p, const vcanvas *cv, const vaxis *ax, vframe *f, int xa, int ya, int PW,
                        int yw) {
  int W = f->w, u = p->utf8;
  double xt[MAXTICKS], xstep;
  vframe_put(f, xa, ya, u ? 0x2514 : '+', 0);
  vframe_fill(f, xa + 1, ya, PW, u ? 0x2500 : '-', 0);
  int nxt = vticks(ax, PW / 10 > 2 ? PW / 10 : 2, xt, MAXTICKS, &xstep), lastend = xa - 1;
  if (p->xlabel) {
    int l = (int)strlen(p->xlabel);
    if (l <= yw) vframe_puts(f, xa - l, ya + 1, p->xlabel, VST_BOLD, l), lastend = xa - 1;
  }
  for (int i = 0; i < nxt; i++) {
    double fx;
    char lab[24];
    if (vaxis_frac(ax, xt[i], &fx)) continue;
    int c = (int)floor((fx * (PW * cv->sx - 1) + 0.5) / cv->sx);
    if (c < 0 || c >= PW) continue;
    vframe_put(f, xa + 1 + c, ya, u ? 0x252c : '+', 0);
    vtick_label(xt[i], xstep, lab, sizeof lab);
    int l = (int)strlen(lab), x0 = xa + 1 + c - l / 2;
    if (x0 + l > W) x0 = W - l;
    if (x0 <= lastend + 1) x0 = lastend + 2; /* shift right, still touching its tick */
    if (x0 > xa + 1 + c || x0 + l > W) continue;
    vframe_puts(f, x0, ya + 1, lab, 0, l);
    lastend = x0 + l - 1;
  }
  /* a log axis whose labels skip decades still marks every decade */
  if (ax->log && ax->lo > 0) {
    for (int d = (int)ceil(log10(ax->lo) - 1e-9); d <= (int)floor(log10(ax->hi) + 1e-9); d++) {
      double fx;
      if (vaxis_frac(ax, pow(10, d), &fx)) continue;
      int c = (int)floor((fx * (PW * cv->sx - 1) + 0.5) / cv->sx);
      if (c >= 0 && c < PW) vframe_put(f, xa + 1 + c, ya, u ? 0x252c : '+', 0);
    }
  }
}

int vplot_render(const vplot *p, vframe *f) {
  int W = f->w, H = f->h, u = p->utf8;
  vaxis ax = p->ax, ay = p->ay;
  vframe_clear(f);
  if (W < 24 || H < 8) {
    vframe_puts(f, 0, 0, "too small", 0, -1);
    if (p->status && H > 1) vframe_puts(f, 0, H - 1, "q:quit", VST_REVERSE, -1);
    return -1;
  }
  if (!(ax.hi > ax.lo) || !isfinite(ax.lo) || !isfinite(ax.hi)) ax.lo = 0, ax.hi = 1, ax.log = 0;
  if (!(ay.hi > ay.lo) || !isfinite(ay.lo) || !isfinite(ay.hi) || (ay.log && !(ay.lo > 0))) {
    if (ay.log) ay.lo = 0.1, ay.hi = 1;
    else ay.lo = 0, ay.hi = 1;
  }

  /* legend entries: a curve, its band, each mark */
  int ne = 0, cap = 2 * p->ns + p->nm + 1;
  legend_entry *le = calloc((size_t)cap, sizeof *le);
  int *wid = calloc((size_t)cap, sizeof *wid), *lx = calloc((size_t)cap, sizeof *lx),
      *lr = calloc((size_t)cap, sizeof *lr);
  if (!le || !wid || !lx || !lr) {
    free(le), free(wid), free(lx), free(lr);
    vframe_puts(f, 0, 0, "out of memory", 0, -1);
    return -1;
  }
  uint32_t vbar = u ? 0x2502 : '|';
  ne = legend_entries(p, le);
  for (int i = 0; i < ne; i++) {
    wid[i] = 4 + vutf8_width(le[i].label);
    if (wid[i] > W - 2) wid[i] = W - 2;
  }

  int status_rows = p->status ? 1 : 0;
  int leg_rows = vlegend_layout(wid, ne, W - 2, 3, lx, lr);
  int PH = H - 3 - leg_rows - status_rows;
  if (PH < 4 && leg_rows > 1) { /* keep the plot: a legend of one row only */
    leg_rows = 1;
    PH = H - 3 - leg_rows - status_rows;
  }
  if (PH < 3) {
    leg_rows = 0;
    PH = H - 3 - status_rows;
  }

  /* y ticks and the width of their labels */
  double yt[MAXTICKS], ystep;
  char ylab[MAXTICKS][24];
  int nyt = vticks(&ay, PH / 3 > 2 ? PH / 3 : 2, yt, MAXTICKS, &ystep), yw = 1;
  for (int i = 0; i < nyt; i++) {
    vtick_label(yt[i], ystep, ylab[i], sizeof ylab[i]);
    int l = (int)strlen(ylab[i]);
    if (l > yw) yw = l;
  }
  if (p->xlabel && (int)strlen(p->xlabel) > yw && (int)strlen(p->xlabel) <= 8)
    yw = (int)strlen(p->xlabel);
  int xa = yw + 1;          /* the y axis column */
  int PW = W - xa - 2;      /* plot columns; one spare column on the right */
  int top = 1, ya = top + PH; /* plot rows top..ya-1, x axis on row ya */

  vcanvas cv;
  if (PW < 4 || vcanvas_init(&cv, PW, PH, u)) {
    free(le), free(wid), free(lx), free(lr);
    vframe_puts(f, 0, 0, "window too small", 0, -1);
    return -1;
  }
  draw_curves(p, &cv, &ax, &ay, f, xa + 1, top);

  /* title row: y label at the left, title centred over the plot if it fits */
  int used = 0;
  if (p->ylabel) used = vframe_puts(f, 0, 0, p->ylabel, VST_BOLD, W);
  if (p->title) {
    int tl = vutf8_width(p->title);
    int tx = xa + 1 + (PW - tl) / 2;
    if (tx < used + 2) tx = used + 2;
    if (tx + tl > W) tx = W - tl;
    if (tx < used + 1) tx = used + 1;
    vframe_puts(f, tx, 0, p->title, VST_BOLD, W - tx);
  }

  /* y axis with ticks */
  for (int r = top; r < ya; r++) vframe_put(f, xa, r, vbar, 0);
  for (int i = 0; i < nyt; i++) {
    double px, py;
    if (vcanvas_map(&cv, &ax, &ay, ax.lo, yt[i], &px, &py)) continue;
    int r = (int)floor((py + 0.5) / cv.sy);
    if (r < 0 || r >= PH) continue;
    vframe_put(f, xa, top + r, u ? 0x2524 : '+', 0);
    int l = (int)strlen(ylab[i]);
    vframe_puts(f, xa - l, top + r, ylab[i], 0, l);
  }

  /* a log axis whose labels skip decades still marks every decade */
  if (ay.log && ay.lo > 0) {
    for (int d = (int)ceil(log10(ay.lo) - 1e-9); d <= (int)floor(log10(ay.hi) + 1e-9); d++) {
      double px, py;
      if (vcanvas_map(&cv, &ax, &ay, ax.lo, pow(10, d), &px, &py)) continue;
      int r = (int)floor((py + 0.5) / cv.sy);
      if (r >= 0 && r < PH && f->c[(size_t)(top + r) * f->w + xa].ch == vbar) vframe_put(f, xa, top + r, u ? 0x2524 : '+', 0);
    }
  }

  /* x axis with ticks and labels */
  draw_x_axis(p, &cv, &ax, f, xa, ya, PW, yw);

  /* legend */
  for (int i = 0; i < ne; i++) {
    if (lr[i] >= leg_rows) break;
    int x = 1 + lx[i], y = ya + 2 + lr[i];
    for (int j = 0; j < 3; j++) vframe_puts(f, x + j, y, le[i].sample[j], le[i].sst, 1);
    vframe_puts(f, x + 4, y, le[i].label, 0, wid[i] - 4);
  }

  if (p->status) {
    vframe_status(f, p->status);
  }
  vcanvas_free(&cv);
  free(le), free(wid), free(lx), free(lr);
  return 0;
}

/* ------------------------------------------------------------------ grid */
/* Multi-line text into a box, long lines wrapped at blanks (continuations
 * indented by two); returns the rows used. */
static int put_lines(vframe *f, int x, int y, int w, int maxrows, const char *text, uint8_t st) {
  int r = 0;
  if (!text || w < 8) return 0;
  while (*text && r < maxrows) {
    const char *nl = strchr(text, '\n');
    size_t len = nl ? (size_t)(nl - text) : strlen(text);
    char line[1024];
    if (len >= sizeof line) len = sizeof line - 1;
    memcpy(line, text, len);
    line[len] = '\0';
    const char *p = line;
    int indent = 0;
    while (r < maxrows) {
      int room = w - indent, n = vutf8_width(p);
      if (n <= room) {
        vframe_puts(f, x + indent, y + r++, p, st, room);
        break;
      }
      /* the last blank within room (in bytes: count code points) */
      const char *q = p, *cut = NULL;
      int cells = 0;
      uint32_t cp;
      while (*q && cells <= room) {
        if (*q == ' ') cut = q;
        q += vutf8_decode(q, &cp);
        cells++;
      }
      if (!cut || cut == p) cut = NULL;
      if (cut) {
        char part[1024];
        size_t k = (size_t)(cut - p);
        memcpy(part, p, k);
        part[k] = '\0';
        vframe_puts(f, x + indent, y + r++, part, st, room);
        p = cut + 1;
      } else { /* no blank: cut hard */
        vframe_puts(f, x + indent, y + r++, p, st, room);
        int c = 0;
        while (*p && c < room) p += vutf8_decode(p, &cp), c++;
      }
      while (*p == ' ') p++;
      if (!*p) break;
      indent = 2;
    }
    text = nl ? nl + 1 : text + strlen(text);
  }
  return r;
}

static int count_lines(const char *t) {
  int n = 0;
  if (!t || !*t) return 0;
  for (n = 1; *t; t++)
    if (*t == '\n' && t[1]) n++;
  return n;
}

int vgrid_render(const vgrid *g, vframe *f) {
  int W = f->w, H = f->h, st_rows = g->status ? 1 : 0;
  char lab[32];
  vframe_clear(f);
  if (W < 20 || H < 6 || g->nx < 1 || g->ny < 1) {
    vframe_puts(f, 0, 0, "window too small", 0, -1);
    return -1;
  }
  int yw = 1;
  for (int j = 0; j < g->ny && g->ys; j++) {
    snprintf(lab, sizeof lab, "%.3g", g->ys[j]);
    if ((int)strlen(lab) > yw) yw = (int)strlen(lab);
  }
  int cw = 2, x0 = yw + 1;
  int avail_rows = H - 1 - 2 - st_rows; /* title, x labels, x axis name */
  int panel_side = W - x0 - g->nx * cw - 2 >= 30 || W - x0 - 2 * cw - 2 >= 30 + 8 * cw;
  int VC, VR, px, py, pw, ph;
  if (panel_side) {
    pw = W - x0 - g->nx * cw - 2;
    if (pw < 30) pw = 30;
    VC = (W - x0 - pw - 2) / cw;
    if (VC > g->nx) VC = g->nx;
    VR = g->ny < avail_rows ? g->ny : avail_rows;
    px = x0 + VC * cw + 2, py = 1, ph = H - 1 - st_rows;
    pw = W - px;
  } else {
    VC = (W - x0) / cw;
    if (VC > g->nx) VC = g->nx;
    int want_panel = count_lines(g->info) + count_lines(g->legend) + 1;
    VR = avail_rows - want_panel;
    if (VR < avail_rows / 2) VR = avail_rows / 2;
    if (VR > g->ny) VR = g->ny;
    if (VR < 1) VR = 1;
    px = 0, py = 1 + VR + 2, pw = W, ph = H - py - st_rows;
  }
  if (VC < 1) VC = 1;
  int ci = g->cur_i < 0 ? 0 : g->cur_i >= g->nx ? g->nx - 1 : g->cur_i;
  int cj = g->cur_j < 0 ? 0 : g->cur_j >= g->ny ? g->ny - 1 : g->cur_j;
  int i0 = ci - VC / 2, j0 = cj - VR / 2;
  if (i0 > g->nx - VC) i0 = g->nx - VC;
  if (i0 < 0) i0 = 0;
  if (j0 > g->ny - VR) j0 = g->ny - VR;
  if (j0 < 0) j0 = 0;

  /* title: y axis name at the left */
  int used = 0;
  if (g->ylabel) used = vframe_puts(f, 0, 0, g->ylabel, VST_BOLD, W) + 2;
  if (g->title) vframe_puts(f, used > x0 ? used : x0, 0, g->title, VST_BOLD, -1);

  /* cells: row 0 on screen is the highest y */
  for (int r = 0; r < VR; r++) {
    int j = j0 + VR - 1 - r, y = 1 + r;
    if (g->ys) {
      snprintf(lab, sizeof lab, "%.3g", g->ys[j]);
      vframe_puts(f, yw - (int)strlen(lab), y, lab, 0, -1);
    }
    vframe_put(f, x0 - 1, y, g->utf8 ? 0x2502 : '|', 0);
    for (int c = 0; c < VC; c++) {
      int i = i0 + c;
      char ch = g->cells ? g->cells[(size_t)j * g->nx + i] : '?';
      int cls = g->colors ? g->colors[(size_t)j * g->nx + i] : -1;
      uint8_t st = cls >= 0 ? (uint8_t)(1 + (cls & 7)) : 0;
      if (cls >= 0 && (cls & 0x100)) st |= VST_UNDERLINE; /* a marked cell (map: fine-tuned) */
      if (i == ci && j == cj) st |= VST_REVERSE | VST_BOLD;
      vframe_put(f, x0 + c * cw, y, (uint32_t)(unsigned char)ch, st);
      if (i == ci && j == cj) vframe_put(f, x0 + c * cw + 1, y, ' ', st);
    }
  }
  /* x axis labels: as many as fit without touching */
  int yax = 1 + VR, last = -2;
  vframe_put(f, x0 - 1, yax, g->utf8 ? 0x2514 : '+', 0);
  vframe_fill(f, x0, yax, VC * cw, g->utf8 ? 0x2500 : '-', 0);
  /* a label every `stride` columns, the same stride everywhere */
  int maxl = 1;
  for (int i = 0; i < g->nx && g->xs; i++) {
    snprintf(lab, sizeof lab, "%.3g", g->xs[i]);
    if ((int)strlen(lab) > maxl) maxl = (int)strlen(lab);
  }
  int stride = (maxl + 1 + cw - 1) / cw;
  for (int c = 0; c < VC && g->xs; c++) {
    int x = x0 + c * cw;
    if ((i0 + c) % stride != 0) continue;
    snprintf(lab, sizeof lab, "%.3g", g->xs[i0 + c]);
    if (x <= last + 1) continue;
    if (x + (int)strlen(lab) > W) break;
    vframe_puts(f, x, yax + 1, lab, 0, -1);
    last = x + (int)strlen(lab) - 1;
  }
  if (g->xlabel) vframe_puts(f, 0, yax + 1, g->xlabel, VST_BOLD, yw);

  /* side or bottom panel: info at the cursor, then the legend */
  if (ph > 0 && pw > 0) {
    int r = put_lines(f, px, py, pw, ph, g->info, 0);
    if (r < ph && g->legend) put_lines(f, px, py + r + (r ? 1 : 0), pw, ph - r - 1, g->legend, VST_DIM);
  }
  if (g->status) {
    vframe_status(f, g->status);
  }
  return 0;
}
