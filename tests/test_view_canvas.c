/* test_view_canvas.c - the pure drawing layer of the views: axis scaling,
 * nice ticks, labels, the braille and ASCII canvas, bands, markers, legend
 * layout and the whole-plot and grid layouts. */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "view.h"


/* ------------------------------------------------------------ axes */
static void test_axis(void) {
  vaxis a = {2, 12, 0};
  double f = -1;
  CHECK(vaxis_frac(&a, 2, &f) == 0 && f == 0, "lo -> %g", f);
  CHECK(vaxis_frac(&a, 12, &f) == 0 && f == 1, "hi -> %g", f);
  CHECK(vaxis_frac(&a, 7, &f) == 0 && fabs(f - 0.5) < 1e-15, "mid -> %g", f);
  CHECK(vaxis_frac(&a, NAN, &f) == -1, "NaN must not be drawable");
  CHECK(vaxis_frac(&a, INFINITY, &f) == -1, "inf must not be drawable");
  CHECK(vaxis_frac(&a, -INFINITY, &f) == -1, "-inf must not be drawable");
  vaxis l = {1e-3, 1e3, 1};
  CHECK(vaxis_frac(&l, 1, &f) == 0 && fabs(f - 0.5) < 1e-15, "log mid -> %g", f);
  CHECK(vaxis_frac(&l, 0, &f) == -1, "0 on a log axis must be skipped");
  CHECK(vaxis_frac(&l, -5, &f) == -1, "negative on a log axis must be skipped");
  /* far away values stay finite (clamped), so that lines can be clipped */
  CHECK(vaxis_frac(&a, 1e300, &f) == 0 && isfinite(f) && f > 1, "1e300 -> %g", f);
}

/* ------------------------------------------------------------ ticks */
static int is_nice(double step) {
  double m = step / pow(10, floor(log10(step) + 1e-12));
  return fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 || fabs(m - 5) < 1e-9 || fabs(m - 10) < 1e-9;
}

static void test_ticks_linear(void) {
  /* a deterministic spread of ranges: magnitudes 1e-9..1e9, both signs */
  unsigned long x = 12345;
  for (int k = 0; k < 2000; k++) {
    x = x * 6364136223846793005UL + 1442695040888963407UL;
    double u1 = (double)(x >> 11) / 9007199254740992.0;
    x = x * 6364136223846793005UL + 1442695040888963407UL;
    double u2 = (double)(x >> 11) / 9007199254740992.0;
    double scale = pow(10, -9 + 18 * u1);
    double lo = (u2 - 0.5) * scale * 3, hi = lo + scale * (0.01 + u1);
    double nlo = lo, nhi = hi;
    int maxt = 2 + k % 9;
    vrange_nice(&nlo, &nhi, maxt, 0);
    CHECK(nlo <= lo && nhi >= hi, "[%g, %g] widened to [%g, %g] does not cover", lo, hi, nlo, nhi);
    double step = vnice_step(hi - lo, maxt);
    CHECK(is_nice(step), "step %g is not 1, 2 or 5 x 10^k", step);
    CHECK((hi - lo) / step <= maxt * (1 + 1e-9), "range %g / step %g > %d", hi - lo, step, maxt);
    /* widened bounds are multiples of the step; relative tolerance for rounding */
    CHECK(fabs(nlo / step - round(nlo / step)) < 1e-6, "lo %g not a multiple of %g", nlo, step);
    CHECK(fabs(nhi / step - round(nhi / step)) < 1e-6, "hi %g not a multiple of %g", nhi, step);

    vaxis a = {nlo, nhi, 0};
    double t[64], ts;
    int n = vticks(&a, maxt, t, 64, &ts);
    CHECK(n >= 2, "only %d ticks on [%g, %g]", n, nlo, nhi);
    CHECK(is_nice(ts), "tick step %g not nice", ts);
    /* maxticks is a target: when the coarse step leaves a single tick the
     * next finer step (at most 2.5 times finer: 5 -> 2) is used */
    CHECK(n <= 2.5 * maxt + 1, "%d ticks for maxticks %d", n, maxt);
    /* the ticks cover the widened range: first at lo, last at hi */
    if (n >= 2) {
      CHECK(fabs(t[0] - nlo) <= ts * 1e-6 + 1e-300 || t[0] - nlo < ts,
            "first tick %g far from lo %g", t[0], nlo);
      CHECK(nhi - t[n - 1] < ts * (1 + 1e-9), "last tick %g far from hi %g", t[n - 1], nhi);
    }
    char prev[32] = "", lab[32];
    for (int i = 0; i < n; i++) {
      CHECK(t[i] >= nlo - ts * 1e-9 && t[i] <= nhi + ts * 1e-9, "tick %g outside", t[i]);
      if (i) CHECK(fabs(t[i] - t[i - 1] - ts) < ts * 1e-6, "uneven ticks %g %g", t[i - 1], t[i]);
      vtick_label(t[i], ts, lab, sizeof lab);
      CHECK(strcmp(lab, prev) != 0, "two ticks labelled %s (step %g)", lab, ts);
      CHECK(strlen(lab) <= 10, "label %s too long", lab);
      snprintf(prev, sizeof prev, "%s", lab);
    }
  }
  /* a single value gets a width */
  double lo = 3, hi = 3;
  vrange_nice(&lo, &hi, 5, 0);
  CHECK(lo < 3 && hi > 3, "[3,3] -> [%g, %g]", lo, hi);
  lo = hi = 0;
  vrange_nice(&lo, &hi, 5, 0);
  CHECK(lo < 0 && hi > 0, "[0,0] -> [%g, %g]", lo, hi);
  /* the classic floating trap: 0.3 / 0.1 < 3 */
  lo = 0.3, hi = 0.9;
  vrange_nice(&lo, &hi, 6, 0);
  CHECK(fabs(lo - 0.3) < 1e-12 && fabs(hi - 0.9) < 1e-12, "[0.3,0.9] -> [%.17g, %.17g]", lo, hi);
}

static void test_ticks_log(void) {
  vaxis a = {1e-6, 1e2, 1};
  double t[64], st;
  int n = vticks(&a, 10, t, 64, &st);
  CHECK(n == 9, "1e-6..1e2 should give 9 decade ticks, got %d", n);
  for (int i = 0; i < n; i++) {
    double e = log10(t[i]);
    CHECK(fabs(e - round(e)) < 1e-12, "tick %g is not a power of ten", t[i]);
  }
  n = vticks(&a, 4, t, 64, &st);
  CHECK(n >= 2 && n <= 5, "thinned decades: %d ticks", n);
  vaxis b = {0.2, 5, 1};
  n = vticks(&b, 6, t, 64, &st);
  CHECK(n >= 3, "0.2..5 should have 1-2-5 ticks, got %d", n);
  for (int i = 0; i < n; i++) CHECK(t[i] >= 0.2 - 1e-12 && t[i] <= 5 + 1e-12, "tick %g", t[i]);
  vaxis c = {1.1, 1.3, 1};
  n = vticks(&c, 6, t, 64, &st);
  CHECK(n >= 2 && st > 0, "short log range falls back to linear ticks (%d, step %g)", n, st);
  double lo = 0.03, hi = 0.7;
  vrange_nice(&lo, &hi, 6, 1);
  CHECK(lo <= 0.03 && hi >= 0.7 && lo > 0, "log nice -> [%g, %g]", lo, hi);
  CHECK(fabs(lo - 0.02) < 1e-15 && fabs(hi - 1) < 1e-15, "log nice -> [%g, %g], want [0.02, 1]",
        lo, hi);
  lo = 3e-9, hi = 40;
  vrange_nice(&lo, &hi, 6, 1);
  CHECK(fabs(lo - 1e-9) < 1e-24 && fabs(hi - 100) < 1e-12, "decades -> [%g, %g]", lo, hi);

  char lab[32];
  vtick_label(1e-5, 0, lab, sizeof lab);
  CHECK(strcmp(lab, "1e-5") == 0, "1e-5 labelled %s", lab);
  vtick_label(1e6, 0, lab, sizeof lab);
  CHECK(strcmp(lab, "1e6") == 0, "1e6 labelled %s", lab);
  vtick_label(0.001, 0, lab, sizeof lab);
  CHECK(strcmp(lab, "0.001") == 0, "0.001 labelled %s", lab);
  vtick_label(0.30000000000000004, 0.1, lab, sizeof lab);
  CHECK(strcmp(lab, "0.3") == 0, "0.3 labelled %s", lab);
  vtick_label(-1e-17, 0.1, lab, sizeof lab);
  CHECK(strcmp(lab, "0") == 0, "rounding noise at 0 labelled %s", lab);
  vtick_label(2.5e7, 5e6, lab, sizeof lab);
  CHECK(strcmp(lab, "2.5e7") == 0, "2.5e7 labelled %s", lab);
}

/* ------------------------------------------------------------ canvas */
static int count_cells(const vcanvas *c) {
  int n = 0;
  for (int y = 0; y < c->h; y++)
    for (int x = 0; x < c->w; x++) n += vcanvas_has_line(c, x, y);
  return n;
}

static void test_canvas_ascii(void) {
  vcanvas c;
  vaxis ax = {0, 10, 0}, ay = {0, 10, 0};
  CHECK(vcanvas_init(&c, 11, 11, 0) == 0, "init");
  double t[2] = {0, 10}, y[2] = {0, 10};
  vcanvas_curve(&c, &ax, &ay, 2, t, y, '*', 1);
  /* y = x on an 11x11 grid of cells is exactly the anti-diagonal (y up) */
  for (int i = 0; i <= 10; i++) {
    uint8_t st;
    CHECK(vcanvas_cell(&c, i, 10 - i, &st) == '*' && st == 1, "cell (%d,%d) not on y=x", i, 10 - i);
  }
  CHECK(count_cells(&c) == 11, "y=x lit %d cells, want 11", count_cells(&c));
  vcanvas_free(&c);

  /* NaN breaks the line: only the endpoints (isolated points) are drawn */
  CHECK(vcanvas_init(&c, 11, 11, 0) == 0, "init");
  double t3[3] = {0, 5, 10}, y3[3] = {0, NAN, 10};
  vcanvas_curve(&c, &ax, &ay, 3, t3, y3, '+', 2);
  CHECK(count_cells(&c) == 2, "NaN in the middle: %d cells lit, want 2", count_cells(&c));
  CHECK(vcanvas_has_line(&c, 0, 10) && vcanvas_has_line(&c, 10, 0), "endpoints missing");
  double y3i[3] = {0, INFINITY, 10};
  vcanvas_free(&c);
  CHECK(vcanvas_init(&c, 11, 11, 0) == 0, "init");
  vcanvas_curve(&c, &ax, &ay, 3, t3, y3i, '+', 2);
  CHECK(count_cells(&c) == 2, "inf in the middle: %d cells lit, want 2", count_cells(&c));
  vcanvas_free(&c);

  /* log axis: non-positive values are skipped (and break the line) */
  CHECK(vcanvas_init(&c, 11, 11, 0) == 0, "init");
  vaxis ly = {1, 1e10, 1};
  double tl[5] = {0, 2, 4, 6, 10}, yl[5] = {1, 0, -3, 1e6, 1e10};
  vcanvas_curve(&c, &ax, &ly, 5, tl, yl, 'o', 3);
  CHECK(vcanvas_has_line(&c, 0, 10), "y=1 at t=0 should be at the bottom left");
  for (int r = 0; r < 11; r++) {
    CHECK(!vcanvas_has_line(&c, 2, r), "t=2 (y=0) drawn at row %d", r);
    CHECK(!vcanvas_has_line(&c, 4, r), "t=4 (y<0) drawn at row %d", r);
  }
  /* 1e6 -> 1e10 is a straight line on the log axis from (6, 4) to (10, 0) */
  for (int i = 6; i <= 10; i++) CHECK(vcanvas_has_line(&c, i, 10 - i), "log segment misses col %d", i);
  vcanvas_free(&c);

  /* lines far outside are clipped, quickly, and leave the canvas empty */
  CHECK(vcanvas_init(&c, 11, 11, 0) == 0, "init");
  double tf[2] = {-1e300, 1e300}, yf[2] = {1e300, 1e300};
  vcanvas_curve(&c, &ax, &ay, 2, tf, yf, '#', 4);
  CHECK(count_cells(&c) == 0, "line above the canvas lit %d cells", count_cells(&c));
  double tg[2] = {-1e300, 1e300}, yg[2] = {5, 5};
  vcanvas_curve(&c, &ax, &ay, 2, tg, yg, '#', 4);
  CHECK(count_cells(&c) == 11, "horizontal line through: %d cells, want 11", count_cells(&c));
  for (int i = 0; i <= 10; i++) CHECK(vcanvas_has_line(&c, i, 5), "y=5 misses col %d", i);
  vcanvas_free(&c);
}

static void test_canvas_braille(void) {
  vcanvas c;
  vaxis ax = {0, 9, 0}, ay = {0, 11, 0};
  /* 5 x 3 cells = 10 x 12 dots; x in [0, 9] maps to dot columns 0..9, y in
   * [0, 11] to dot rows 11..0 */
  CHECK(vcanvas_init(&c, 5, 3, 1) == 0, "init");
  double t[2] = {0, 9}, y[2] = {11, 11};
  vcanvas_curve(&c, &ax, &ay, 2, t, y, '*', 5);
  for (int i = 0; i < 5; i++) {
    uint8_t st;
    uint32_t ch = vcanvas_cell(&c, i, 0, &st);
    /* top dot row of a braille cell: dots 1 and 4 = bits 0x01 | 0x08 */
    CHECK(ch == 0x2809 && st == 5, "cell %d of the top row is U+%04X, want U+2809", i, ch);
    CHECK(vcanvas_cell(&c, i, 1, &st) == ' ', "row 1 cell %d not empty", i);
  }
  vcanvas_free(&c);
  /* a single dot in the bottom right corner: dot 8 (0x80) of the last cell */
  CHECK(vcanvas_init(&c, 5, 3, 1) == 0, "init");
  double t1[1] = {9}, y1[1] = {0};
  vcanvas_curve(&c, &ax, &ay, 1, t1, y1, '*', 5);
  uint8_t st;
  CHECK(vcanvas_cell(&c, 4, 2, &st) == 0x2880, "corner dot is U+%04X", vcanvas_cell(&c, 4, 2, &st));
  /* x = 4.5 lands between the dot columns 4 and 5 of cell 2 */
  double t2[1] = {4}, y2[1] = {0};
  vcanvas_curve(&c, &ax, &ay, 1, t2, y2, '*', 5);
  CHECK(vcanvas_cell(&c, 2, 2, &st) == 0x2840, "dot at x=4, y=0 is U+%04X, want U+2840",
        vcanvas_cell(&c, 2, 2, &st));
  vcanvas_free(&c);
}

static void test_band(void) {
  vcanvas c;
  vaxis ax = {0, 10, 0}, ay = {0, 10, 0};
  CHECK(vcanvas_init(&c, 11, 11, 0) == 0, "init");
  double t[3] = {0, 5, 10}, lo[3] = {2, 2, 2}, hi[3] = {6, 6, 6}, y[3] = {4, 4, 4};
  vcanvas_band(&c, &ax, &ay, 3, t, lo, hi, ':', 1 | VST_DIM);
  for (int x = 0; x <= 10; x++)
    for (int r = 0; r <= 10; r++) {
      int in = r >= 4 && r <= 8; /* y from 6 (row 4) down to 2 (row 8) */
      CHECK(vcanvas_has_fill(&c, x, r) == in, "band at (%d,%d): %d, want %d", x, r,
            vcanvas_has_fill(&c, x, r), in);
    }
  vcanvas_curve(&c, &ax, &ay, 3, t, y, '*', 1);
  uint8_t st;
  CHECK(vcanvas_cell(&c, 3, 6, &st) == '*' && st == 1, "the mean is drawn over the band");
  CHECK(vcanvas_cell(&c, 3, 5, &st) == ':' && (st & VST_DIM), "band cell shows ':' dimmed");
  vcanvas_free(&c);

  /* a band that widens linearly: at x=10 it spans 0..10 */
  CHECK(vcanvas_init(&c, 11, 11, 0) == 0, "init");
  double lo2[2] = {5, 0}, hi2[2] = {5, 10}, t2[2] = {0, 10};
  vcanvas_band(&c, &ax, &ay, 2, t2, lo2, hi2, ':', 1);
  int n0 = 0, n10 = 0;
  for (int r = 0; r <= 10; r++) n0 += vcanvas_has_fill(&c, 0, r), n10 += vcanvas_has_fill(&c, 10, r);
  CHECK(n0 == 1 && n10 == 11, "widening band: %d cells at x=0 (want 1), %d at x=10 (want 11)", n0, n10);
  vcanvas_free(&c);

  /* log axis: a non-positive low edge reaches the bottom; NaN breaks the band */
  CHECK(vcanvas_init(&c, 11, 11, 0) == 0, "init");
  vaxis ly = {1, 1e10, 1};
  double lo3[3] = {-1, NAN, 1e4}, hi3[3] = {1e5, 1e5, 1e6}, t3[3] = {0, 5, 10};
  vcanvas_band(&c, &ax, &ly, 3, t3, lo3, hi3, ':', 1);
  CHECK(vcanvas_has_fill(&c, 0, 10) && vcanvas_has_fill(&c, 0, 5), "band from 1e5 down to the bottom");
  for (int x = 1; x <= 9; x++)
    for (int r = 0; r <= 10; r++) CHECK(!vcanvas_has_fill(&c, x, r), "NaN band drawn at (%d,%d)", x, r);
  CHECK(vcanvas_has_fill(&c, 10, 4) && vcanvas_has_fill(&c, 10, 6) && !vcanvas_has_fill(&c, 10, 7),
        "band 1e4..1e6 at x=10 covers rows 4..6 only");
  vcanvas_free(&c);
}

static void test_markers_vline(void) {
  vcanvas c;
  vaxis ax = {0, 19, 0}, ay = {0, 3, 0};
  CHECK(vcanvas_init(&c, 10, 1, 1) == 0, "init");
  double t[2] = {0, 19}, y[2] = {1, 1};
  vcanvas_curve(&c, &ax, &ay, 2, t, y, '+', 2);
  vcanvas_markers(&c, &ax, &ay, 2, t, y, 4, 1, '+', 2);
  for (int x = 0; x < 10; x++) {
    uint8_t st;
    uint32_t ch = vcanvas_cell(&c, x, 0, &st);
    int want = (x - 1) % 4 == 0;
    CHECK((ch == '+') == want, "marker at cell %d: U+%04X", x, ch);
  }
  vcanvas_free(&c);
  CHECK(vcanvas_init(&c, 10, 3, 0) == 0, "init");
  vcanvas_vline(&c, &ax, 0, '|', 3);
  vcanvas_vline(&c, &ax, 19, '|', 3);
  vcanvas_vline(&c, &ax, 100, '|', 3); /* off the canvas: nothing */
  for (int r = 0; r < 3; r++) {
    uint8_t st;
    CHECK(vcanvas_cell(&c, 0, r, &st) == '|' && vcanvas_cell(&c, 9, r, &st) == '|', "vline row %d", r);
    for (int x = 1; x < 9; x++) CHECK(vcanvas_cell(&c, x, r, &st) == ' ', "stray vline at %d", x);
  }
  vcanvas_free(&c);
}

/* ------------------------------------------------------------ layouts */
static void test_legend_layout(void) {
  int w[4] = {10, 10, 10, 30}, x[4], r[4];
  int rows = vlegend_layout(w, 4, 40, 3, x, r);
  CHECK(rows == 2, "rows %d", rows);
  CHECK(x[0] == 0 && x[1] == 13 && x[2] == 26 && r[2] == 0, "row 0: %d %d %d", x[0], x[1], x[2]);
  CHECK(x[3] == 0 && r[3] == 1, "entry 3 wraps: x %d row %d", x[3], r[3]);
  CHECK(vlegend_layout(w, 0, 40, 3, x, r) == 0, "no entries, no rows");
}

/* Small multiples: every panel at least the minimum size, the grid no
 * larger than the area, all panels when they fit, fewer when not. */
static void test_multi_grid(void) {
  int c, r;
  CHECK(vmulti_grid(4, 100, 31, 26, 9, &c, &r) == 4 && c == 2 && r == 2, "4 panels on 100x31: %dx%d", c, r);
  CHECK(vmulti_grid(4, 200, 20, 26, 9, &c, &r) == 4 && c == 4 && r == 1, "4 panels on a wide 200x20: %dx%d", c, r);
  CHECK(vmulti_grid(3, 80, 60, 26, 9, &c, &r) == 3 && c * r >= 3 && 80 / c >= 26 && 60 / r >= 9,
        "3 panels on a tall 80x60: %dx%d", c, r);
  CHECK(vmulti_grid(1, 80, 23, 26, 9, &c, &r) == 1 && c == 1 && r == 1, "1 panel: the whole area");
  /* 80x23 holds 3x2 panels of 26x11 at most: 6 of 8 */
  CHECK(vmulti_grid(8, 80, 23, 26, 9, &c, &r) == 6 && c == 3 && r == 2, "8 panels on 80x23: %d fit", c * r);
  CHECK(vmulti_grid(2, 20, 5, 26, 9, &c, &r) == 0, "nothing fits on 20x5");
  CHECK(vmulti_grid(0, 80, 23, 26, 9, &c, &r) == 0, "no panels");
}

/* A status line too long for the frame is cut at a blank, with "...". */
static void test_status_cut(void) {
  vframe f;
  char buf[64];
  CHECK(vframe_init(&f, 24, 2) == 0, "frame");
  vframe_status(&f, "units tau, scaled (the newest run)");
  vframe_row(&f, 1, buf, sizeof buf);
  CHECK(!strcmp(buf, "units tau, scaled..."), "cut at a blank: '%s'", buf);
  CHECK(f.c[24 + 3].st == VST_REVERSE, "reverse video");
  vframe_status(&f, "short");
  vframe_row(&f, 1, buf, sizeof buf);
  CHECK(!strcmp(buf, "short"), "a short status as it is: '%s'", buf);
  vframe_status(&f, "averyveryverylongwordwithoutblanks");
  vframe_row(&f, 1, buf, sizeof buf);
  CHECK(strlen(buf) == 24 && !strcmp(buf + 21, "..."), "no blank: cut hard: '%s'", buf);
  vframe_free(&f);
}

/* vframe_blit copies cells with their styles and clips at the edges. */
static void test_blit(void) {
  vframe a, b;
  CHECK(vframe_init(&a, 10, 3) == 0 && vframe_init(&b, 4, 2) == 0, "frames");
  vframe_puts(&b, 0, 0, "abcd", VST_BOLD, -1);
  vframe_puts(&b, 0, 1, "efgh", 0, -1);
  vframe_blit(&a, &b, 8, 1); /* two columns fall off the right edge */
  char buf[32];
  vframe_row(&a, 1, buf, sizeof buf);
  CHECK(!strcmp(buf, "        ab"), "row 1 '%s'", buf);
  vframe_row(&a, 2, buf, sizeof buf);
  CHECK(!strcmp(buf, "        ef"), "row 2 '%s'", buf);
  CHECK(a.c[1 * 10 + 8].st == VST_BOLD, "the style is copied");
  vframe_free(&a);
  vframe_free(&b);
}

static int frame_find(const vframe *f, const char *needle, int *row) {
  char buf[4096];
  for (int y = 0; y < f->h; y++) {
    vframe_row(f, y, buf, sizeof buf);
    if (strstr(buf, needle)) {
      if (row) *row = y;
      return 1;
    }
  }
  return 0;
}

static void test_autorange(void) {
  double t[4] = {0, 1, 2, 3.7}, y[4] = {0.52, 0.3, 0.1, -0.2};
  vseries s = {"sim", 4, t, y, NULL, NULL, '*', 6, 1, 1};
  vmark m = {"blowup", 4.6};
  vaxis ax = {0}, ay = {0};
  CHECK(vplot_autorange(&s, 1, &m, 1, 0, &ax, &ay) == 0, "autorange");
  CHECK(ax.lo <= 0 && ax.hi >= 4.6 && ax.hi <= 6, "t range [%g, %g] must hold data and mark", ax.lo, ax.hi);
  CHECK(ay.lo <= -0.2 && ay.hi >= 0.52 && ay.hi <= 1, "y range [%g, %g]", ay.lo, ay.hi);
  ay.log = 1;
  CHECK(vplot_autorange(&s, 1, NULL, 0, 0, &ax, &ay) == 0, "log autorange");
  CHECK(ay.lo > 0 && ay.lo <= 0.1 && ay.hi >= 0.52, "log y range [%g, %g]", ay.lo, ay.hi);
  /* a zoomed window between two samples still finds the curve */
  ax.lo = 1.2, ax.hi = 1.4, ay.log = 0;
  CHECK(vplot_autorange(&s, 1, NULL, 0, 1, &ax, &ay) == 0, "window between samples");
  CHECK(ax.lo == 1.2 && ax.hi == 1.4, "the caller's window is kept");
  CHECK(ay.lo <= 0.22 && ay.hi >= 0.26, "y range [%g, %g] misses 0.22..0.26", ay.lo, ay.hi);
  /* nothing drawable */
  double yn[4] = {NAN, NAN, NAN, NAN};
  vseries sn = {"nan", 4, t, yn, NULL, NULL, '*', 6, 1, 1};
  CHECK(vplot_autorange(&sn, 1, NULL, 0, 0, &ax, &ay) == -1, "all NaN gives -1");
}

/* A log axis over 8 decades on a short plot labels every other decade (or
 * fewer) but marks each one with a tick. */
static void test_log_decade_ticks(void) {
  enum { N = 50 };
  double t[N], y[N];
  for (int i = 0; i < N; i++) t[i] = i, y[i] = pow(10, -8.0 * i / (N - 1));
  vseries s = {"decay", N, t, y, NULL, NULL, '*', 6, 1, 1};
  vplot p = {"log", "t", "L", NULL, &s, 1, NULL, 0, {0, 49, 0}, {1e-8, 1, 1}, 0};
  vframe f;
  CHECK(vframe_init(&f, 60, 16) == 0, "frame");
  CHECK(vplot_render(&p, &f) == 0, "render");
  int ticks = 0, labels = 0, xa = -1;
  char buf[256];
  for (int y = 1; y < f.h && xa < 0; y++) /* the y axis: the column of the first '|' or '+' */
    for (int x = 0; x < f.w; x++)
      if (f.c[(size_t)y * f.w + x].ch == '|' || f.c[(size_t)y * f.w + x].ch == '+') {
        xa = x;
        break;
      }
  for (int y = 1; y < f.h && xa >= 0; y++) {
    vframe_row(&f, y, buf, sizeof buf);
    if (strstr(buf, "--")) break; /* the x axis */
    if (f.c[(size_t)y * f.w + xa].ch == '+') {
      ticks++;
      labels += buf[0] != ' ' || (xa > 0 && buf[xa - 1] != ' ');
    }
  }
  CHECK(ticks == 9, "a tick per decade 1e-8..1: %d", ticks);
  CHECK(labels < ticks && labels >= 3, "labels thinned (%d of %d)", labels, ticks);
  vframe_free(&f);
}

static void test_plot_render(void) {
  enum { N = 101 };
  double t[N], y[N], lo[N], hi[N], y2[N];
  for (int i = 0; i < N; i++) {
    t[i] = i * 0.05;
    y[i] = exp(-t[i]);
    lo[i] = 0.9 * y[i];
    hi[i] = 1.1 * y[i];
    y2[i] = 1 - t[i] + t[i] * t[i] / 2;
  }
  vseries s[2] = {{"sim loss", N, t, y, lo, hi, vstyle_glyph(0), vstyle_color(0), 1, 1},
                  {"series N=2", N, t, y2, NULL, NULL, vstyle_glyph(1), vstyle_color(1), 0, 0}};
  vmark m = {"t*", 2.5};
  for (int utf8 = 0; utf8 <= 1; utf8++) {
    vplot p = {"loss vs time", "t", "loss", utf8 ? "q:quit" : NULL, s, 2, &m, 1, {0, 1, 0}, {0, 1, 0}, utf8};
    vplot_autorange(s, 2, &m, 1, 0, &p.ax, &p.ay);
    vframe f;
    CHECK(vframe_init(&f, 80, 24) == 0, "frame");
    CHECK(vplot_render(&p, &f) == 0, "render");
    int r = 0;
    CHECK(frame_find(&f, "loss vs time", &r) && r == 0, "title on row 0");
    CHECK(frame_find(&f, "sim loss", NULL), "legend names the simulation");
    CHECK(frame_find(&f, "sim loss band", NULL), "legend names the band");
    CHECK(frame_find(&f, "series N=2", NULL), "legend names the series");
    CHECK(frame_find(&f, "t* t=2.5", NULL), "legend names the mark");
    if (utf8) CHECK(frame_find(&f, "q:quit", &r) && r == 23, "status line at the bottom");
    if (!utf8) {
      CHECK(vstyle_glyph(0) == '*' && frame_find(&f, "*** sim loss", NULL),
            "ASCII legend sample of the simulation");
      char want[64];
      snprintf(want, sizeof want, "%c%c%c series N=2", (char)vstyle_glyph(1), (char)vstyle_glyph(1),
               (char)vstyle_glyph(1));
      CHECK(frame_find(&f, want, NULL), "ASCII legend sample of the series");
      char buf[512];
      for (int yy = 0; yy < f.h; yy++) {
        vframe_row(&f, yy, buf, sizeof buf);
        for (char *c = buf; *c; c++) CHECK((unsigned char)*c < 128, "non-ASCII in ASCII mode row %d", yy);
      }
    }
    /* x tick labels 0 .. 5 on the row under the axis */
    CHECK(frame_find(&f, utf8 ? "\xe2\x94\x94" : "+---", &r), "x axis corner");
    char buf[1024];
    vframe_row(&f, r + 1, buf, sizeof buf);
    CHECK(strstr(buf, "0") && strstr(buf, "5"), "x labels row: '%s'", buf);
    /* the first point (t=0, y=1) is at the top left of the plot area: the
     * y range is [0, 1.1] or so; y = 1 sits in the top rows */
    vframe_free(&f);
  }
  /* too small */
  vplot p = {"x", "t", "y", NULL, s, 2, NULL, 0, {0, 1, 0}, {0, 1, 0}, 0};
  vframe f;
  vframe_init(&f, 10, 5);
  CHECK(vplot_render(&p, &f) == -1 && frame_find(&f, "too small", NULL), "tiny frame");
  vframe_free(&f);
}

static void test_plot_cells(void) {
  /* a known line in a known frame: the data y = t on [0, 10] x [0, 10] */
  double t[2] = {0, 10}, y[2] = {0, 10};
  vseries s = {"line", 2, t, y, NULL, NULL, '*', 1, 1, 1};
  vplot p = {NULL, NULL, NULL, NULL, &s, 1, NULL, 0, {0, 10, 0}, {0, 10, 0}, 0};
  vframe f;
  vframe_init(&f, 40, 16);
  CHECK(vplot_render(&p, &f) == 0, "render");
  /* find the axis corner: the plot area starts right of it, above it */
  int ax = -1, ay = -1;
  for (int yy = 0; yy < f.h && ax < 0; yy++)
    for (int xx = 0; xx + 1 < f.w; xx++)
      if (f.c[yy * f.w + xx].ch == '+' && f.c[yy * f.w + xx + 1].ch == '-') {
        ax = xx, ay = yy;
        break;
      }
  CHECK(ax > 0 && ay > 0, "axis corner found");
  if (ax > 0) {
    int pw = f.w - ax - 2, ph = ay - 1;
    /* bottom left and top right of the plot area hold the line */
    CHECK(f.c[(ay - 1) * f.w + ax + 1].ch == '*', "(0,0) at the bottom left");
    CHECK(f.c[1 * f.w + ax + pw].ch == '*', "(10,10) at the top right");
    /* every plot row has exactly one or more '*' and the column grows upward */
    int prev = -1;
    for (int r = ph; r >= 1; r--) {
      int first = -1;
      for (int c = ax + 1; c <= ax + pw; c++)
        if (f.c[r * f.w + c].ch == '*') { first = c; break; }
      CHECK(first > prev, "row %d: line at column %d, not right of %d", r, first, prev);
      prev = first;
    }
  }
  vframe_free(&f);
}

static void test_grid_render(void) {
  const char cells[] = "AABBCC" "AABBCD";
  int colors[12] = {0, 0, 1, 1, 2, 2, 0, 0, 1, 1, 2, 3};
  double xs[6] = {0, 0.2, 0.4, 0.6, 0.8, 1}, ys[2] = {-1, 1};
  vgrid g = {6, 2, cells, colors, xs, ys, "a", "b", "regime map", "A free\nB ntk",
             "regime: D", "arrows:move Enter:adopt q:quit", 5, 1, 0};
  vframe f;
  vframe_init(&f, 80, 24);
  CHECK(vgrid_render(&g, &f) == 0, "grid render");
  int r;
  CHECK(frame_find(&f, "A A B B C D", &r) && r == 1, "top grid row shows y = 1 (row %d)", r);
  CHECK(frame_find(&f, "A A B B C C", &r) && r == 2, "second row shows y = -1");
  CHECK(frame_find(&f, "regime: D", NULL), "info panel");
  CHECK(frame_find(&f, "B ntk", NULL), "legend");
  CHECK(frame_find(&f, "Enter:adopt", &r) && r == 23, "status line");
  /* the cursor cell (5, 1) is reversed */
  int found = 0;
  for (int x = 0; x < f.w; x++)
    if (f.c[1 * f.w + x].ch == 'D') {
      found = (f.c[1 * f.w + x].st & VST_REVERSE) != 0;
      break;
    }
  CHECK(found, "cursor cell reversed");
  vframe_free(&f);
  /* a grid wider than the window scrolls to the cursor */
  char big[200 * 3 + 1];
  for (int i = 0; i < 600; i++) big[i] = (char)('A' + (i % 200) / 40);
  big[600] = 0;
  vgrid g2 = {200, 3, big, NULL, NULL, NULL, "a", "b", "t", NULL, NULL, NULL, 199, 0, 0};
  vframe_init(&f, 60, 20);
  CHECK(vgrid_render(&g2, &f) == 0, "big grid");
  int rev = 0;
  for (int i = 0; i < f.w * f.h; i++) rev |= (f.c[i].st & VST_REVERSE) && f.c[i].ch == 'E';
  CHECK(rev, "cursor at the far right is visible");
  vframe_free(&f);
}

static void test_styles(void) {
  /* eight series differ by glyph (and the glyphs are not axis characters) */
  for (int i = 0; i < 8; i++) {
    uint32_t g = vstyle_glyph(i);
    CHECK(g > ' ' && g < 127 && !strchr("+|-:", (int)g), "glyph %d is '%c'", i, (char)g);
    for (int j = 0; j < i; j++) CHECK(vstyle_glyph(j) != g, "glyphs %d and %d are both '%c'", j, i, (char)g);
  }
  /* and the first six by colour too */
  for (int i = 0; i < 6; i++)
    for (int j = 0; j < i; j++) CHECK(vstyle_color(i) != vstyle_color(j), "colours %d and %d", j, i);
}

static void test_utf8(void) {
  uint32_t cp;
  CHECK(vutf8_decode("\xe2\xa0\x89", &cp) == 3 && cp == 0x2809, "decode braille");
  CHECK(vutf8_width("a\xe2\x94\x80" "b") == 3, "width");
  vframe f;
  vframe_init(&f, 5, 1);
  vframe_puts(&f, 0, 0, "x\xe2\x94\x80y\tz", 0, -1);
  char buf[64];
  vframe_row(&f, 0, buf, sizeof buf);
  CHECK(strcmp(buf, "x\xe2\x94\x80y z") == 0, "row round trip: '%s'", buf);
  vframe_free(&f);
}

int main(void) {
  test_axis();
  test_ticks_linear();
  test_ticks_log();
  test_canvas_ascii();
  test_canvas_braille();
  test_band();
  test_markers_vline();
  test_legend_layout();
  test_multi_grid();
  test_blit();
  test_status_cut();
  test_autorange();
  test_log_decade_ticks();
  test_plot_render();
  test_plot_cells();
  test_grid_render();
  test_styles();
  test_utf8();
  return tu_done();
}
