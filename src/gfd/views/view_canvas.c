/* view_canvas.c - frames of styled cells, axis scaling, nice ticks and the
 * braille/ASCII canvas.  Pure functions: no ncurses, no session. */
#include <config.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "view.h"

/* ------------------------------------------------------------------ UTF-8 */
int vutf8_decode(const char *s, uint32_t *cp) {
  const unsigned char *u = (const unsigned char *)s;
  int len;
  uint32_t c;
  if (u[0] < 0x80) {
    *cp = u[0];
    return 1;
  }
  if ((u[0] & 0xe0) == 0xc0) len = 2, c = u[0] & 0x1f;
  else if ((u[0] & 0xf0) == 0xe0) len = 3, c = u[0] & 0x0f;
  else if ((u[0] & 0xf8) == 0xf0) len = 4, c = u[0] & 0x07;
  else {
    *cp = '?';
    return 1;
  }
  for (int i = 1; i < len; i++) {
    if ((u[i] & 0xc0) != 0x80) { /* truncated sequence: show one '?' */
      *cp = '?';
      return i;
    }
    c = (c << 6) | (u[i] & 0x3f);
  }
  *cp = c;
  return len;
}

int vutf8_width(const char *s) {
  int w = 0;
  uint32_t cp;
  while (*s) {
    s += vutf8_decode(s, &cp);
    w++;
  }
  return w;
}

size_t vutf8_encode(uint32_t cp, char *out) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xc0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3f));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xe0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[2] = (char)(0x80 | (cp & 0x3f));
    return 3;
  }
  out[0] = (char)(0xf0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
  out[3] = (char)(0x80 | (cp & 0x3f));
  return 4;
}

/* ----------------------------------------------------------------- frames */
int vframe_init(vframe *f, int w, int h) {
  f->w = w > 0 ? w : 0;
  f->h = h > 0 ? h : 0;
  f->c = calloc((size_t)f->w * (size_t)f->h + 1, sizeof *f->c);
  if (!f->c) {
    f->w = f->h = 0;
    return -1;
  }
  vframe_clear(f);
  return 0;
}

void vframe_free(vframe *f) {
  free(f->c);
  f->c = NULL;
  f->w = f->h = 0;
}

void vframe_clear(vframe *f) {
  for (size_t i = 0; i < (size_t)f->w * (size_t)f->h; i++) {
    f->c[i].ch = ' ';
    f->c[i].st = 0;
  }
}

void vframe_put(vframe *f, int x, int y, uint32_t ch, uint8_t st) {
  if (x < 0 || y < 0 || x >= f->w || y >= f->h) return;
  if (ch < 0x20 || ch == 0x7f) ch = ' ';
  f->c[(size_t)y * f->w + x].ch = ch;
  f->c[(size_t)y * f->w + x].st = st;
}

int vframe_puts(vframe *f, int x, int y, const char *s, uint8_t st, int maxw) {
  int n = 0;
  uint32_t cp;
  if (!s) return 0;
  while (*s && (maxw < 0 || n < maxw) && x + n < f->w) {
    s += vutf8_decode(s, &cp);
    if (cp == '\n') break;
    vframe_put(f, x + n, y, cp, st);
    n++;
  }
  return n;
}

void vframe_blit(vframe *dst, const vframe *src, int x, int y) {
  for (int r = 0; r < src->h; r++)
    for (int c = 0; c < src->w; c++) {
      const vcell *v = &src->c[(size_t)r * src->w + c];
      vframe_put(dst, x + c, y + r, v->ch, v->st);
    }
}

void vframe_fill(vframe *f, int x, int y, int n, uint32_t ch, uint8_t st) {
  for (int i = 0; i < n; i++) vframe_put(f, x + i, y, ch, st);
}

size_t vframe_row(const vframe *f, int y, char *buf, size_t n) {
  size_t len = 0, keep = 0;
  if (n == 0) return 0;
  if (y >= 0 && y < f->h) {
    for (int x = 0; x < f->w; x++) {
      char tmp[4];
      uint32_t cp = f->c[(size_t)y * f->w + x].ch;
      size_t k = vutf8_encode(cp, tmp);
      if (len + k >= n) break;
      memcpy(buf + len, tmp, k);
      len += k;
      if (cp != ' ') keep = len;
    }
  }
  buf[keep] = '\0';
  return keep;
}

int vframe_print(const vframe *f, FILE *out) {
  size_t n = (size_t)f->w * 4 + 1;
  char *buf = malloc(n);
  if (!buf) return -1; /* nothing printed: the caller says so */
  for (int y = 0; y < f->h; y++) {
    vframe_row(f, y, buf, n);
    fprintf(out, "%s\n", buf);
  }
  free(buf);
  return 0;
}

/* ------------------------------------------------------------------- axes */
/* A point this many plot widths away is as good as infinitely far: clamping
 * keeps dot coordinates finite without changing what is visible. */
#define FRAC_CLAMP 1e6

/* The dot a coordinate falls in: dot k covers [k - 0.5, k + 0.5). */
static int pix(double v) { return (int)floor(v + 0.5); }

int vaxis_frac(const vaxis *a, double v, double *f) {
  double x;
  if (!isfinite(v)) return -1;
  if (a->log) {
    if (v <= 0 || a->lo <= 0 || a->hi <= 0) return -1;
    x = (log10(v) - log10(a->lo)) / (log10(a->hi) - log10(a->lo));
  } else {
    x = (v - a->lo) / (a->hi - a->lo);
  }
  if (isnan(x)) return -1;
  if (x > FRAC_CLAMP) x = FRAC_CLAMP;
  if (x < -FRAC_CLAMP) x = -FRAC_CLAMP;
  *f = x;
  return 0;
}

/* -------------------------------------------------------------------- ticks */
double vnice_step(double range, int maxticks) {
  double raw, mag, m;
  if (maxticks < 1) maxticks = 1;
  if (!(range > 0) || !isfinite(range)) return 1;
  raw = range / maxticks;
  mag = pow(10, floor(log10(raw)));
  m = raw / mag;
  /* tolerance: raw = 2 exactly may come out as 2.0000000000000004 */
  if (m <= 1 + 1e-9) m = 1;
  else if (m <= 2 + 1e-9) m = 2;
  else if (m <= 5 + 1e-9) m = 5;
  else m = 10;
  return m * mag;
}

/* Largest 1/2/5 x 10^k <= v (down) or smallest >= v (up), v > 0. */
static double nice125(double v, int up) {
  static const double m[] = {1, 2, 5, 10};
  double mag = pow(10, floor(log10(v)));
  if (up) {
    for (int i = 0; i < 4; i++)
      if (m[i] * mag >= v * (1 - 1e-12)) return m[i] * mag;
    return 10 * mag;
  }
  for (int i = 3; i >= 0; i--)
    if (m[i] * mag <= v * (1 + 1e-12)) return m[i] * mag;
  return mag;
}

void vrange_nice(double *lo, double *hi, int maxticks, int log) {
  double a = *lo, b = *hi;
  if (!isfinite(a) || !isfinite(b)) return;
  if (a > b) {
    double t = a;
    a = b;
    b = t;
  }
  if (log) {
    if (!(a > 0) || !(b > 0)) return;
    if (b <= a * (1 + 1e-12)) {
      a /= 2;
      b *= 2;
    }
    if (b / a > 1e3) { /* many decades: whole decades read best */
      a = pow(10, floor(log10(a) + 1e-9));
      b = pow(10, ceil(log10(b) - 1e-9));
    } else {
      a = nice125(a, 0);
      b = nice125(b, 1);
    }
    if (a > 0 && b > a && isfinite(b)) *lo = a, *hi = b;
    return;
  }
  if (b - a <= fmax(fabs(a), fabs(b)) * 1e-12) { /* a single value */
    double d = a != 0 ? fabs(a) * 0.1 : 1;
    a -= d;
    b += d;
  }
  double step = vnice_step(b - a, maxticks);
  /* 1e-9: 0.3 / 0.1 is 2.9999999999999996, which must stay 3 */
  double na = floor(a / step + 1e-9) * step;
  double nb = ceil(b / step - 1e-9) * step;
  if (isfinite(na) && isfinite(nb) && nb > na) *lo = na, *hi = nb;
  else *lo = a, *hi = b;
}

/* The next smaller nice step: 5 -> 2 -> 1 -> 0.5 (times 10^k). */
static double smaller_step(double step) {
  double mag = pow(10, floor(log10(step) + 1e-9)), m = step / mag;
  return m > 4 ? 2 * mag : m > 1.5 ? mag : 0.5 * mag;
}

static int ticks_linear(double lo, double hi, int maxticks, double *out, int max, double *stepo) {
  double step = vnice_step(hi - lo, maxticks);
  for (int tries = 0; tries < 4; tries++) {
    double k0 = ceil(lo / step - 1e-9), k1 = floor(hi / step + 1e-9);
    int n = 0;
    *stepo = step;
    if (!isfinite(k0) || !isfinite(k1) || k1 - k0 > 1000) return 0;
    for (double k = k0; k <= k1 && n < max; k++) {
      double v = k * step;
      if (fabs(v) < step * 1e-9) v = 0; /* no "-0" or 1e-17 at zero */
      out[n++] = v;
    }
    /* a range widened with a finer step can hold a single coarse tick */
    if (n >= 2) return n;
    step = smaller_step(step);
  }
  return 0;
}

int vticks(const vaxis *a, int maxticks, double *out, int max, double *step) {
  double lo = a->lo, hi = a->hi;
  *step = 0;
  if (max <= 0 || !isfinite(lo) || !isfinite(hi) || !(hi > lo)) return 0;
  if (maxticks < 2) maxticks = 2;
  if (!a->log) return ticks_linear(lo, hi, maxticks, out, max, step);
  if (!(lo > 0)) return 0;
  double l0 = log10(lo), l1 = log10(hi);
  int d0 = (int)ceil(l0 - 1e-9), d1 = (int)floor(l1 + 1e-9);
  int nd = d1 - d0 + 1, n = 0;
  if (nd >= 2 && 3 * nd > maxticks + 1) { /* decades, every stride-th one */
    int stride = (nd + maxticks - 1) / maxticks;
    for (int d = d0; d <= d1 && n < max; d++)
      if (((d % stride) + stride) % stride == 0) out[n++] = pow(10, d);
    if (n >= 2) return n;
    n = 0;
  }
  /* short range: 1, 2, 5 x 10^k */
  for (int d = d0 - 1; d <= d1 && n < max; d++) {
    static const double m[] = {1, 2, 5};
    for (int i = 0; i < 3 && n < max; i++) {
      double v = m[i] * pow(10, d);
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out[n++] = v;
    }
  }
  if (n >= 2 && n <= maxticks + 1) return n;
  if (nd >= 2) { /* too many 1-2-5 ticks after all: the decades */
    n = 0;
    for (int d = d0; d <= d1 && n < max; d++) out[n++] = pow(10, d);
    return n;
  }
  return ticks_linear(lo, hi, maxticks, out, max, step);
}

/* "1e-05" -> "1e-5", "1e+06" -> "1e6" */
static void compact_exponent(char *buf) {
  char *e = strchr(buf, 'e');
  if (!e) return;
  char *p = e + 1, *q = e + 1;
  if (*p == '+') p++;
  else if (*p == '-') *q++ = *p++;
  while (*p == '0' && p[1]) p++;
  memmove(q, p, strlen(p) + 1);
}

void vtick_label(double v, double step, char *buf, size_t n) {
  if (n == 0) return;
  if (v == 0 || (step > 0 && fabs(v) < step * 1e-9)) {
    snprintf(buf, n, "0");
    return;
  }
  if (step > 0) {
    double av = fabs(v);
    /* as many digits as tell ticks `step` apart, even on a narrow range far
     * from 0 (1000.0000002 next to 1000.0000004), within double precision */
    int dec = (int)ceil(-log10(step) - 1e-9);
    if (dec < 0) dec = 0;
    if (av < 1e6 && av >= 1e-4 && dec <= 10) {
      snprintf(buf, n, "%.*f", dec, v);
    } else {
      dec = (int)(floor(log10(av) + 1e-9) - floor(log10(step) + 1e-9));
      if (dec < 0) dec = 0;
      if (dec > 15) dec = 15;
      snprintf(buf, n, "%.*e", dec, v);
      compact_exponent(buf);
    }
    return;
  }
  snprintf(buf, n, "%g", v);
  compact_exponent(buf);
}

/* ------------------------------------------------------------------- canvas */
int vcanvas_init(vcanvas *c, int w, int h, int braille) {
  size_t n;
  memset(c, 0, sizeof *c);
  c->w = w > 0 ? w : 0;
  c->h = h > 0 ? h : 0;
  c->braille = braille != 0;
  c->sx = braille ? 2 : 1;
  c->sy = braille ? 4 : 1;
  n = (size_t)c->w * (size_t)c->h + 1;
  c->line_bits = calloc(n, 1);
  c->fill_bits = calloc(n, 1);
  c->line_ch = calloc(n, sizeof(uint32_t));
  c->fill_ch = calloc(n, sizeof(uint32_t));
  c->mark_ch = calloc(n, sizeof(uint32_t));
  c->vline_ch = calloc(n, sizeof(uint32_t));
  c->line_st = calloc(n, 1);
  c->fill_st = calloc(n, 1);
  c->mark_st = calloc(n, 1);
  c->vline_st = calloc(n, 1);
  if (!c->line_bits || !c->fill_bits || !c->line_ch || !c->fill_ch || !c->mark_ch ||
      !c->vline_ch || !c->line_st || !c->fill_st || !c->mark_st || !c->vline_st) {
    vcanvas_free(c);
    return -1;
  }
  return 0;
}

void vcanvas_free(vcanvas *c) {
  free(c->line_bits);
  free(c->fill_bits);
  free(c->line_ch);
  free(c->fill_ch);
  free(c->mark_ch);
  free(c->vline_ch);
  free(c->line_st);
  free(c->fill_st);
  free(c->mark_st);
  free(c->vline_st);
  memset(c, 0, sizeof *c);
}

int vcanvas_map(const vcanvas *c, const vaxis *ax, const vaxis *ay, double x, double y,
                double *px, double *py) {
  double fx, fy;
  if (vaxis_frac(ax, x, &fx) || vaxis_frac(ay, y, &fy)) return -1;
  *px = fx * (c->w * c->sx - 1);
  *py = (1 - fy) * (c->h * c->sy - 1);
  return 0;
}

/* braille dot bits (Unicode order): column 0 rows 0..3, column 1 rows 0..3 */
static const uint8_t braille_bit[2][4] = {{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}};

void vcanvas_dot(vcanvas *c, int px, int py, uint32_t glyph, uint8_t st) {
  if (px < 0 || py < 0 || px >= c->w * c->sx || py >= c->h * c->sy) return;
  size_t k = (size_t)(py / c->sy) * c->w + (size_t)(px / c->sx);
  if (c->braille) c->line_bits[k] |= braille_bit[px % 2][py % 4];
  else c->line_ch[k] = glyph;
  c->line_st[k] = st;
}

static void fill_dot(vcanvas *c, int px, int py, uint32_t glyph, uint8_t st) {
  if (px < 0 || py < 0 || px >= c->w * c->sx || py >= c->h * c->sy) return;
  size_t k = (size_t)(py / c->sy) * c->w + (size_t)(px / c->sx);
  /* braille bands are a checkerboard of dots: a light shade that the
   * curves drawn over it stand out from */
  if (c->braille) {
    if (((px + py) & 1) == 0) c->fill_bits[k] |= braille_bit[px % 2][py % 4];
  } else {
    c->fill_ch[k] = glyph;
  }
  c->fill_st[k] = st;
}

/* Liang-Barsky: clip the segment to the box; 0 if nothing is left. */
static int clip(double *x0, double *y0, double *x1, double *y1, double xmin, double xmax,
                double ymin, double ymax) {
  double t0 = 0, t1 = 1, dx = *x1 - *x0, dy = *y1 - *y0;
  double p[4] = {-dx, dx, -dy, dy};
  double q[4] = {*x0 - xmin, xmax - *x0, *y0 - ymin, ymax - *y0};
  for (int i = 0; i < 4; i++) {
    if (p[i] == 0) {
      if (q[i] < 0) return 0;
    } else {
      double r = q[i] / p[i];
      if (p[i] < 0) {
        if (r > t1) return 0;
        if (r > t0) t0 = r;
      } else {
        if (r < t0) return 0;
        if (r < t1) t1 = r;
      }
    }
  }
  double ax = *x0 + t0 * dx, ay = *y0 + t0 * dy;
  double bx = *x0 + t1 * dx, by = *y0 + t1 * dy;
  *x0 = ax, *y0 = ay, *x1 = bx, *y1 = by;
  return 1;
}

void vcanvas_line(vcanvas *c, double px0, double py0, double px1, double py1, uint32_t glyph,
                  uint8_t st) {
  double W = c->w * c->sx, H = c->h * c->sy;
  if (!isfinite(px0) || !isfinite(py0) || !isfinite(px1) || !isfinite(py1)) return;
  if (!clip(&px0, &py0, &px1, &py1, -0.5, W - 0.5, -0.5, H - 0.5)) return;
  double dx = px1 - px0, dy = py1 - py0;
  int n = (int)ceil(fmax(fabs(dx), fabs(dy)));
  if (n < 1) {
    vcanvas_dot(c, pix(px0), pix(py0), glyph, st);
    return;
  }
  for (int i = 0; i <= n; i++) {
    double x = px0 + dx * i / n, y = py0 + dy * i / n;
    vcanvas_dot(c, pix(x), pix(y), glyph, st);
  }
}

void vcanvas_curve(vcanvas *c, const vaxis *ax, const vaxis *ay, size_t n, const double *t,
                   const double *y, uint32_t glyph, uint8_t st) {
  double qx = 0, qy = 0;
  int have = 0;
  if (!t || !y) return;
  for (size_t i = 0; i < n; i++) {
    double px, py;
    if (vcanvas_map(c, ax, ay, t[i], y[i], &px, &py)) {
      have = 0;
      continue;
    }
    if (have) vcanvas_line(c, qx, qy, px, py, glyph, st);
    else vcanvas_line(c, px, py, px, py, glyph, st); /* isolated point */
    qx = px, qy = py, have = 1;
  }
}

/* Dot row of a band edge; on a log axis a non-positive low edge is the bottom. */
static int band_edge(const vcanvas *c, const vaxis *ay, double v, int low, double *py) {
  double f;
  if (vaxis_frac(ay, v, &f)) {
    if (ay->log && low && !isnan(v) && v <= 0) {
      *py = c->h * c->sy - 0.5;
      return 0;
    }
    return -1;
  }
  *py = (1 - f) * (c->h * c->sy - 1);
  return 0;
}

static void fill_span(vcanvas *c, int px, double ya, double yb, uint32_t glyph, uint8_t st) {
  double H = c->h * c->sy;
  if (ya > yb) {
    double tmp = ya;
    ya = yb;
    yb = tmp;
  }
  if (yb < -0.5 || ya > H - 0.5) return;
  if (ya < -0.5) ya = -0.5;
  if (yb > H - 0.5) yb = H - 0.5;
  for (int py = pix(ya); py <= pix(yb); py++) fill_dot(c, px, py, glyph, st);
}

void vcanvas_band(vcanvas *c, const vaxis *ax, const vaxis *ay, size_t n, const double *t,
                  const double *lo, const double *hi, uint32_t glyph, uint8_t st) {
  double W = c->w * c->sx;
  double qx = 0, qlo = 0, qhi = 0;
  int have = 0;
  if (!t || !lo || !hi) return;
  for (size_t i = 0; i < n; i++) {
    double fx, px, plo, phi;
    if (vaxis_frac(ax, t[i], &fx) || band_edge(c, ay, lo[i], 1, &plo) ||
        band_edge(c, ay, hi[i], 0, &phi)) {
      have = 0;
      continue;
    }
    px = fx * (W - 1);
    if (!have) {
      if (px >= -0.5 && px <= W - 0.5) fill_span(c, pix(px), plo, phi, glyph, st);
    } else {
      double a = fmin(qx, px), b = fmax(qx, px);
      int k0 = (int)ceil(fmax(a, -0.5) - 1e-9), k1 = (int)floor(fmin(b, W - 0.5) + 1e-9);
      for (int k = k0; k <= k1; k++) {
        double u = px != qx ? (k - qx) / (px - qx) : 1;
        fill_span(c, k, qlo + u * (plo - qlo), qhi + u * (phi - qhi), glyph, st);
      }
    }
    qx = px, qlo = plo, qhi = phi, have = 1;
  }
}

void vcanvas_markers(vcanvas *c, const vaxis *ax, const vaxis *ay, size_t n, const double *t,
                     const double *y, int spacing, int offset, uint32_t glyph, uint8_t st) {
  double qx = 0, qy = 0;
  int have = 0;
  if (!t || !y || spacing < 1) return;
  for (size_t i = 0; i < n; i++) {
    double px, py;
    if (vcanvas_map(c, ax, ay, t[i], y[i], &px, &py)) {
      have = 0;
      continue;
    }
    if (have) {
      double a = fmin(qx, px), b = fmax(qx, px);
      int c0 = (int)floor(fmax(a, 0) / c->sx), c1 = (int)floor(fmin(b, c->w * c->sx - 1) / c->sx);
      for (int cx = c0; cx <= c1 && cx < c->w; cx++) {
        if (cx < 0 || ((cx - offset) % spacing + spacing) % spacing != 0) continue;
        double xc = cx * c->sx + (c->sx - 1) / 2.0; /* the cell's centre */
        if (xc < a || xc >= b) continue;             /* half-open: one marker per joint */
        double yc = qy + (py - qy) * (xc - qx) / (px - qx);
        int cy = (int)floor((yc + 0.5) / c->sy);
        if (cy < 0 || cy >= c->h || yc < -0.5) continue;
        c->mark_ch[(size_t)cy * c->w + cx] = glyph;
        c->mark_st[(size_t)cy * c->w + cx] = st;
      }
    }
    qx = px, qy = py, have = 1;
  }
}

void vcanvas_vline(vcanvas *c, const vaxis *ax, double t, uint32_t glyph, uint8_t st) {
  double f;
  if (vaxis_frac(ax, t, &f)) return;
  double px = f * (c->w * c->sx - 1);
  if (px < -0.5 || px > c->w * c->sx - 0.5) return;
  int k = pix(px);
  if (k < 0) k = 0;
  if (k >= c->w * c->sx) k = c->w * c->sx - 1;
  int cx = k / c->sx;
  for (int cy = 0; cy < c->h; cy++) {
    c->vline_ch[(size_t)cy * c->w + cx] = glyph;
    c->vline_st[(size_t)cy * c->w + cx] = st;
  }
}

uint32_t vcanvas_cell(const vcanvas *c, int cx, int cy, uint8_t *st) {
  size_t k;
  *st = 0;
  if (cx < 0 || cy < 0 || cx >= c->w || cy >= c->h) return ' ';
  k = (size_t)cy * c->w + cx;
  if (c->mark_ch[k]) {
    *st = c->mark_st[k];
    return c->mark_ch[k];
  }
  if (c->braille ? c->line_bits[k] != 0 : c->line_ch[k] != 0) {
    *st = c->line_st[k];
    return c->braille ? 0x2800u + c->line_bits[k] : c->line_ch[k];
  }
  if (c->vline_ch[k]) {
    *st = c->vline_st[k];
    return c->vline_ch[k];
  }
  if (c->braille ? c->fill_bits[k] != 0 : c->fill_ch[k] != 0) {
    *st = c->fill_st[k];
    return c->braille ? 0x2800u + c->fill_bits[k] : c->fill_ch[k];
  }
  return ' ';
}

int vcanvas_has_line(const vcanvas *c, int cx, int cy) {
  if (cx < 0 || cy < 0 || cx >= c->w || cy >= c->h) return 0;
  size_t k = (size_t)cy * c->w + cx;
  return c->mark_ch[k] || (c->braille ? c->line_bits[k] != 0 : c->line_ch[k] != 0);
}

int vcanvas_has_fill(const vcanvas *c, int cx, int cy) {
  if (cx < 0 || cy < 0 || cx >= c->w || cy >= c->h) return 0;
  size_t k = (size_t)cy * c->w + cx;
  return c->braille ? c->fill_bits[k] != 0 : c->fill_ch[k] != 0;
}
