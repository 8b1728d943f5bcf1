/* view_session.h - the session side of the views area (private): the view
 * state kept between `plot` commands, the plot built from the session's
 * curves, series and marks, and the curses screen. */
#ifndef GFD_VIEW_SESSION_H
#define GFD_VIEW_SESSION_H

#include "area.h"
#include "view.h"
#include "view_provider.h"

enum { VSIDE_ALL = 0, VSIDE_ASCENT, VSIDE_DESCENT };
enum { VLOG_NO = 0, VLOG_YES = 1, VLOG_AUTO = 2 };
enum { VY_AUTO = 0, VY_LOSS, VY_EXCESS }; /* plot y=: the quantity shown */
enum { VU_AUTO = 0, VU_RAW, VU_SCALED };  /* plot units=: the frame (auto: the newest run's) */
enum { VPANEL_AUTO = 0, VPANEL_YES, VPANEL_NO }; /* plot panels=: small multiples */

struct view_state {
  int logmode;          /* VLOG_* */
  int order;            /* truncation order shown (0..series_N) */
  int order_N;          /* the series_N that order refers to; -2: none seen yet */
  char order_src[16];
  int have_t;           /* pan/zoom or plot tmin=/tmax=: the time window below */
  double t0, t1;
  int have_y0, have_y1; /* plot ymin=/ymax= */
  double y0, y1;
  int side;             /* VSIDE_*: `a` shows the ascent (t <= 0) or descent side */
  char title[128];      /* what the last live run was */
  char msg[96];         /* a one-off message for the status line */
  int yq;               /* VY_*: loss, excess, or auto (the scaled run's quantity) */
  int units;            /* VU_*: raw (t), scaled (tau), or auto (the newest run's) */
  char note[600];       /* what the last plot left out or converted (vpd_build) */
  int series_hidden;    /* `plot hide series` / `plot clear` (until a new series) */
  int panels;           /* VPANEL_*: one panel per sweep run (auto: after a sweep across regimes) */
  int panels_key;       /* the m key's choice (VPANEL_*), for as long as ... */
  unsigned long panels_key_seq; /* ... the newest run is this one (a new run: auto again) */
  /* a replayed figure (view_plot_figure) owns the plot while the session's
   * newest curve is the one it set last (curve_seq == fig_seq) */
  unsigned long fig_seq;
  int fig_logx;         /* x is 1 + c t on a log axis (the curves carry it) */
  int fig_logy;         /* the figure's y axis (unless l or `plot log=` chose) */
  int fig_have_y;       /* the figure's y range (unless `plot ymin= ymax=`) */
  double fig_y0, fig_y1;
  char fig_title[192], fig_xlabel[16], fig_ylabel[32];

  /* the screen (view_curses.c) */
  void *screen;         /* SCREEN * while a view is up */
  FILE *tty;            /* the terminal (a dup of stdout) curses writes to */
  FILE *capture;        /* stdout/stderr written while the view is up */
  int saved_out, saved_err;
  int live;             /* a live run is on screen */
  int live_quit;        /* the user left the live run with q (a stop on request) */
  double last_draw;

  /* live stepping (view_step.c) */
  double step_dt;       /* DT set with [ ] or plot step= (0: 1/20 of the window) */
  double run_dt;        /* DT of the continuous run (fixed when r starts it) */
  int running;          /* r: stepping until r, space or Ctrl-C */
  int stepping;         /* a step is computing (the live callback must not close the view) */
  int quit_after;       /* q pressed during a step: leave once it is done */
  long steps;           /* steps taken in this view, and the seconds they used */
  double step_secs;
};

struct view_state *view_state_get(session *s);        /* NULL if out of memory */
struct view_state *view_state_peek(const session *s); /* NULL if none yet */
extern const area area_view;

/* --------------------------------------------------------- plot data */
#define VPD_MAX (SH_MAX_CURVES + 1)
typedef struct vplotdata {
  vseries s[VPD_MAX];
  int ns;
  vmark m[SH_MAX_MARKS];
  int nm;
  char mlabel[SH_MAX_MARKS][32];
  /* the truncated series sampled on the window (index series_idx, -1 if none) */
  int series_idx;
  int oom; /* a curve was left out for lack of memory (said in the note) */
  double *st, *sy;
  size_t sn;
  int order, N;
  char series_label[64];
  char title[192];
  vaxis ax, ay;
  /* the units drawn: x is t or tau, y the loss or the excess, plain or
   * divided by p^E0 (curves in other units are converted into owned arrays) */
  char xlabel[16], ylabel[32];
  double *own[4 * VPD_MAX];
  int nown;
  /* the series as drawn: y(x) = (S(x * ser_tmul) + ser_off) / ser_ldiv */
  double ser_tmul, ser_off, ser_ldiv;
} vplotdata;

/* Collect the session's curves, series and marks, and decide the time window
 * (pan/zoom state or automatic), the log setting and the y range.  samples:
 * points at which the truncated series is evaluated.  Returns 0, or -1 if
 * out of memory; d->ns + (series) == 0 means nothing to plot. */
int vpd_build(session *s, vplotdata *d, size_t samples);
void vpd_free(vplotdata *d);
/* The style (glyph, colour) of the truncated series drawn from its
 * coefficients: that of the series curve its area set, else a free one. */
int vseries_style(const session *s);
/* sum_{n<=k} coef_n t^n (Horner). */
double vseries_eval(const double *coef, int k, double t);

/* ------------------------------------------------- units (view_units.c) */
/* The units a plot is drawn in: t or tau (scaled), the loss or the excess. */
typedef struct vunits {
  int scaled, excess;
  double tfac, lfac;   /* plain data into the frame: x = tfac t, y = Q / lfac */
  int have_ref_fac;    /* tfac, lfac from the scaled run itself */
  double yhalf;        /* ||y||^2/2 of the session's model */
  int looked, lookup_ok, lim_excess; /* the current scaling's factors (looked up lazily) */
  double u_tfac, u_lfac;
  const char *ref;     /* the curve whose units the frame takes (NULL: none) */
  int chosen;          /* the frame was asked for (plot units=raw|scaled) */
  int mixed;           /* curves of the other frame were met (converted or left out) */
  char conv[200];      /* the curves converted from the other frame */
} vunits;
/* The newest curve (by seq) of a run (a simulation or a sweep), shown, of the
 * given scaledness (-1: any); NULL if none. */
const curve *vunits_newest_run(const session *s, int scaled);
/* The frame of the session's plot; yq is VY_*, um VU_*. */
void vunits_choose(session *s, int yq, int um, vunits *F);
/* Prefix note (size nn) with the frame and the curves converted into it, when
 * the plot mixes raw and scaled curves. */
void vunits_note(const vunits *F, char *note, size_t nn);
void vunits_labels(const vunits *F, char *xl, size_t xn, char *yl, size_t yn);
/* Curve c in the frame: 0 as it is, 1 converted into arrays owned by d, -1 left
 * out (the reason appended to note). */
int vunits_curve(session *s, vunits *F, const curve *c, vplotdata *d, const double **t, const double **y,
                 const double **lo, const double **hi, char *note, size_t nn);
/* A mark (plain t) in the frame: 0, or -1 if it cannot be placed. */
int vunits_mark(session *s, vunits *F, double t, double *out);
/* The session's series in the frame: y(x) = (S(x * tmul) + off) / ldiv; 0, or -1. */
int vunits_series(session *s, vunits *F, double *tmul, double *off, double *ldiv);

/* Render the plot for the session on f (w x h cells). */
int vplot_session_frame(session *s, vframe *f, int utf8, const char *status);
/* The time window the plot shows now (automatic or pan/zoom's). */
void vplot_window(session *s, double *t0, double *t1);
/* Apply a plot key; returns 1 if the key leaves the view. */
int vplot_key(session *s, int key);
/* The status line for the plot view (live: a run is going on). */
void vplot_status(session *s, int live, char *buf, size_t n);
/* 1 while the plot shows a replayed figure: its own title and axes, and the
 * stepping keys do not step the session's flow into it. */
int vfig_active(const session *s, const struct view_state *vs);
#define VFIG_STEP_HINT "a figure is a replay, it does not step: `flow run`, then `plot`, steps your model"

/* ------------------------------------- small multiples (view_multi.c)
 * A sweep across regimes (its runs carry a panel, plot.h) drawn as one
 * small plot per run, each in the run's own units with its own limit.  A
 * leaf like view_step.c: it is handed the view state. */
#define VM_MAX 16    /* panels (a sweep has at most 16 runs) */
#define VM_CURVES 6  /* curves per panel: the run and its limits */
typedef struct vpanel {
  const char *name, *caption; /* the panel's key and title (the session's strings) */
  vseries s[VM_CURVES];       /* the session's data, as drawn */
  char label[VM_CURVES][64];
  int ns;
  char xl[8], yl[16];         /* the run's units: tau or t, L/p^E0 or excess/p^E0 */
} vpanel;
typedef struct vmulti {
  vpanel p[VM_MAX];
  int np;
  int left_out;               /* shown curves with no panel (and the series) */
  char out_names[160];
} vmulti;
/* The panels of the session's curves (vmulti_free it; valid until the curves
 * change), or NULL if out of memory. */
vmulti *vmulti_collect(const session *s);
void vmulti_free(vmulti *m);
/* 1 if the plot shows panels now (plot panels=, the m key, else auto: the
 * newest run is a sweep run with a panel and there are two panels or more). */
int vmulti_active(const session *s, const struct view_state *vs);
/* The number of panels the session's curves make. */
int vmulti_count(const session *s);
/* Render the panels on f (the title row, the grid, the status line); the
 * curves left out are named in vs->note.  0, or -1. */
int vmulti_frame(session *s, struct view_state *vs, vframe *f, int utf8, const char *status);
/* The time window the panels share (automatic or pan/zoom's). */
void vmulti_window(const session *s, const struct view_state *vs, double *t0, double *t1);
/* The m key: panels or one plot (a one-line message in vs->msg). */
void vmulti_toggle(session *s, struct view_state *vs);

/* ------------------------------------------------ stepping (view_step.c)
 * A leaf: it is handed the view state and the visible window's width
 * (win_w) instead of calling back into the view, so that the view and its
 * stepping share no link circle. */
/* Space, r, [ and ]: 1 if key was a stepping key (handled). */
int vstep_key(session *s, struct view_state *vs, int key, double win_w);
/* One step of a continuous run (r), if one is going on. */
void vstep_run_tick(session *s, struct view_state *vs);
/* Stop a continuous run, saying why on the status line. */
void vstep_stop(struct view_state *vs, const char *why);
/* The step DT space would take now (signed: negative for an ascent run). */
double vstep_dt(const session *s, const struct view_state *vs, double win_w);
/* "t=VALUE dt=DT N steps S s" for the status line. */
void vstep_status(const session *s, const struct view_state *vs, double win_w, char *buf, size_t n);

/* ------------------------------------------------------------- screen */
int vscr_open(session *s);  /* 0, or -1 (then use the text fallback) */
void vscr_close(session *s);
int vscr_is_open(session *s);
void vscr_size(session *s, int *w, int *h);
void vscr_draw(session *s, const vframe *f);
/* Next key, waiting at most timeout_ms (0: poll, -1: block); -1 if none. */
int vscr_key(session *s, int timeout_ms);
void vscr_force_redraw(session *s);
double vnow(void);

/* keys (values of ncurses KEY_* are hidden behind these) */
enum {
  VK_NONE = -1,
  VK_LEFT = 0x1000, VK_RIGHT, VK_UP, VK_DOWN, VK_PGUP, VK_PGDN, VK_HOME, VK_END,
  VK_ENTER, VK_RESIZE, VK_ESC
};

#endif
