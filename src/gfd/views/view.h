/* view.h - private interfaces of the views area (plot, pager, the map's grid).
 *
 * The drawing logic is split in two layers:
 *  - pure functions (view_canvas.c, view_layout.c) that scale data to cells,
 *    choose ticks, rasterise curves on a braille or ASCII canvas and lay out a
 *    whole screen (a vframe of cells with styles).  They know nothing of
 *    ncurses or of the session, so they are unit-tested directly and shared
 *    by the full-screen views and the text fallbacks;
 *  - the session side (view_plot.c, view_curses.c, view_pager.c with the
 *    grid, view_export.c, view_units.c, commands/cmd_view.c) that turns the
 *    session's curves into series, runs the ncurses screens and writes files. */
#ifndef GFD_VIEW_H
#define GFD_VIEW_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ------------------------------------------------------------ styles
 * A cell style is one byte: the low nibble a colour (0 = the terminal's
 * default, 1..VC_NCOLORS a palette entry), and attribute bits. */
#define VC_NCOLORS 8
enum {
  VST_DIM = 0x10,
  VST_BOLD = 0x20,
  VST_REVERSE = 0x40,
  VST_UNDERLINE = 0x80
};
#define VST_COLOR(st) ((st) & 0x0f)

/* ------------------------------------------------------------ frames */
typedef struct vcell {
  uint32_t ch; /* a Unicode code point of display width 1 */
  uint8_t st;
} vcell;

typedef struct vframe {
  int w, h;
  vcell *c; /* h rows of w cells */
} vframe;

int vframe_init(vframe *f, int w, int h); /* 0, or -1 if out of memory */
void vframe_free(vframe *f);
void vframe_clear(vframe *f);
void vframe_put(vframe *f, int x, int y, uint32_t ch, uint8_t st);
/* Write UTF-8 text at (x, y), at most maxw cells (maxw < 0: to the edge);
 * returns the number of cells written.  Control characters become spaces. */
int vframe_puts(vframe *f, int x, int y, const char *s, uint8_t st, int maxw);
/* Fill n cells of row y from x with ch. */
void vframe_fill(vframe *f, int x, int y, int n, uint32_t ch, uint8_t st);
/* The status line: the bottom row in reverse video; a text too long for it
 * is cut at a blank and ends in "..." (never in the middle of a word). */
void vframe_status(vframe *f, const char *status);
/* Copy src into dst with its top-left cell at (x, y), clipped to dst. */
void vframe_blit(vframe *dst, const vframe *src, int x, int y);
/* Row y as UTF-8 text (ascii: code points >= 128 become '?'), trailing
 * blanks removed.  Returns the length written (truncated to n - 1). */
size_t vframe_row(const vframe *f, int y, char *buf, size_t n);
/* Print the frame, one line per row, trailing blanks removed. */
int vframe_print(const vframe *f, FILE *out); /* -1: out of memory, nothing printed */

/* Number of cells a UTF-8 string takes (one per code point). */
int vutf8_width(const char *s);
/* Decode one code point from s; returns bytes consumed (>= 1). */
int vutf8_decode(const char *s, uint32_t *cp);
/* Encode cp into out (room for 4 bytes, no terminator); returns the bytes. */
size_t vutf8_encode(uint32_t cp, char *out);

/* ------------------------------------------------------------ axes and ticks */
typedef struct vaxis {
  double lo, hi; /* the visible range, lo < hi (log: 0 < lo) */
  int log;       /* log10 scale */
} vaxis;

/* Position of v on the axis as a fraction (0 at lo, 1 at hi).  Returns 0, or
 * -1 if v cannot be drawn: NaN, +-inf, or v <= 0 on a log axis. */
int vaxis_frac(const vaxis *a, double v, double *f);

/* The nice step (1, 2 or 5 times a power of ten) that divides a range of
 * width `range` into at most maxticks intervals. */
double vnice_step(double range, int maxticks);
/* Widen [lo, hi] to multiples of the nice step (lo == hi gets a width).
 * Log axes: widen to nice numbers 1, 2, 5 x 10^k (both bounds > 0 required). */
void vrange_nice(double *lo, double *hi, int maxticks, int log);
/* Tick values inside [lo, hi] (at most max of them, sorted).  Linear: the
 * multiples of vnice_step; log: decades (thinned to fit maxticks), with
 * 2 and 5 added on short ranges, and linear ticks on ranges under a factor 3.
 * *step receives the linear step (0 for decade ticks). */
int vticks(const vaxis *a, int maxticks, double *out, int max, double *step);
/* Tick label: as few digits as tell ticks `step` apart (step 0: log ticks),
 * exponent form for very large and small magnitudes, "1e-5" not "1e-05". */
void vtick_label(double v, double step, char *buf, size_t n);

/* ------------------------------------------------------------ canvas
 * A plot area of w x h cells with sx x sy dots per cell: 2 x 4 braille dots,
 * or 1 x 1 (one glyph per cell) in ASCII mode.  Dot coordinates grow right
 * and down.  Four layers, shown in priority order: markers (glyphs), lines,
 * vertical marks, bands. */
typedef struct vcanvas {
  int w, h;
  int sx, sy;
  int braille;
  uint8_t *line_bits, *fill_bits; /* braille dots of lines and of bands */
  uint32_t *line_ch, *fill_ch;    /* ASCII glyphs of lines and bands */
  uint32_t *mark_ch, *vline_ch;   /* marker glyphs, vertical marks */
  uint8_t *line_st, *fill_st, *mark_st, *vline_st;
} vcanvas;

int vcanvas_init(vcanvas *c, int w, int h, int braille); /* 0 or -1 (memory) */
void vcanvas_free(vcanvas *c);
/* Dot coordinates of (x, y) on the axes (x to the right, y up); -1 if not drawable. */
int vcanvas_map(const vcanvas *c, const vaxis *ax, const vaxis *ay, double x, double y,
                double *px, double *py);
/* One dot of a line (glyph used in ASCII mode). */
void vcanvas_dot(vcanvas *c, int px, int py, uint32_t glyph, uint8_t st);
/* A straight line between two dot positions, clipped to the canvas. */
void vcanvas_line(vcanvas *c, double px0, double py0, double px1, double py1, uint32_t glyph,
                  uint8_t st);
/* A curve: consecutive drawable points are joined; a point that cannot be
 * drawn (NaN, inf, non-positive on a log axis) breaks the line. */
void vcanvas_curve(vcanvas *c, const vaxis *ax, const vaxis *ay, size_t n, const double *t,
                   const double *y, uint32_t glyph, uint8_t st);
/* A band between lo and hi, filled column by column.  On a log axis a
 * non-positive lo extends the band to the bottom; NaN/inf points break it. */
void vcanvas_band(vcanvas *c, const vaxis *ax, const vaxis *ay, size_t n, const double *t,
                  const double *lo, const double *hi, uint32_t glyph, uint8_t st);
/* Marker glyphs on the curve every `spacing` cells, starting at cell column
 * `offset` (used in braille mode so that curves differ by glyph too). */
void vcanvas_markers(vcanvas *c, const vaxis *ax, const vaxis *ay, size_t n, const double *t,
                     const double *y, int spacing, int offset, uint32_t glyph, uint8_t st);
/* A vertical mark at x = t (drawn where nothing else is). */
void vcanvas_vline(vcanvas *c, const vaxis *ax, double t, uint32_t glyph, uint8_t st);
/* The character shown in cell (cx, cy) and its style; ' ' if empty. */
uint32_t vcanvas_cell(const vcanvas *c, int cx, int cy, uint8_t *st);
/* Cell (cx, cy) holds something of a line or marker (for tests). */
int vcanvas_has_line(const vcanvas *c, int cx, int cy);
int vcanvas_has_fill(const vcanvas *c, int cx, int cy);

/* ------------------------------------------------------------ plot layout */
typedef struct vseries {
  const char *label;
  size_t n;
  const double *t, *y;   /* y may be NULL for a band-only series */
  const double *lo, *hi; /* band, may be NULL */
  uint32_t glyph;        /* ASCII glyph and braille marker */
  uint8_t st;            /* colour and attributes */
  int in_trange;         /* counts for the automatic time range */
  int in_yrange;         /* counts for the automatic y range */
} vseries;

typedef struct vmark {
  const char *label;
  double t;
} vmark;

typedef struct vplot {
  const char *title;  /* top line */
  const char *xlabel, *ylabel;
  const char *status; /* bottom line (NULL: none) */
  const vseries *s;
  int ns;
  const vmark *m;
  int nm;
  vaxis ax, ay; /* ranges (see vplot_autorange) */
  int utf8;     /* braille dots and box-drawing characters; else ASCII */
} vplot;

/* Automatic ranges.  Time: the union of the series with in_trange and the
 * marks (slightly beyond a mark), widened to nice numbers; [0, 1] if empty.
 * Skipped when *have_t (the caller's window is kept).  y: the drawable values
 * (mean and band) of the in_yrange series inside the time window, widened to
 * nice numbers; when no series has in_yrange, all series count.  Returns 0,
 * or -1 if no drawable y value was found (ay then [0, 1], or [0.1, 1] log). */
int vplot_autorange(const vseries *s, int ns, const vmark *m, int nm, int have_t, vaxis *ax,
                    vaxis *ay);

/* log=auto: 1 when the drawable y values of the in_yrange series (all
 * series if none is) inside the time window span over three decades, all
 * positive. */
int vplot_auto_log(const vseries *s, int ns, const vaxis *ax);

/* Lay out the whole plot on f: title, y ticks and labels, axes, x ticks and
 * labels, the canvas with bands, curves, markers and marks, the legend (glyph
 * + colour + label per series, a line per mark) and the status line.
 * Returns 0, or -1 if the frame is too small (a message is drawn instead). */
int vplot_render(const vplot *p, vframe *f);

/* Legend layout: n entries of the given widths placed left to right in rows
 * of width w with `gap` blanks between entries; x[i], row[i] receive the
 * position of each entry.  Returns the number of rows. */
int vlegend_layout(const int *widths, int n, int w, int gap, int *x, int *row);

/* Small multiples: the grid (cols x rows) for n panels of at least
 * minw x minh cells on a w x h area, the one whose panels are largest in the
 * shape a plot reads best in (about 2.5 cells wide per row).  Returns the
 * panels that fit (n, or fewer on a small screen; 0 if none). */
int vmulti_grid(int n, int w, int h, int minw, int minh, int *cols, int *rows);

/* The glyph and colour of the i-th plotted series (distinct for i < 8). */
uint32_t vstyle_glyph(int i);
uint8_t vstyle_color(int i);

/* ------------------------------------------------------------ grid layout
 * The regime-map grid drawn on a frame (shared by the curses view and tests). */
typedef struct vgrid {
  int nx, ny;
  const char *cells;   /* nx*ny letters, cells[j*nx + i] */
  const int *colors;   /* classes 0..7 (| 0x100: underlined), may be NULL */
  const double *xs, *ys;
  const char *xlabel, *ylabel, *title, *legend, *info, *status;
  int cur_i, cur_j;    /* cursor */
  int utf8;
} vgrid;
/* Render; the viewport scrolls so that the cursor is visible. */
int vgrid_render(const vgrid *g, vframe *f);

#endif
