/* shell.h - the command framework of the gfd program: the session, the command
 * table, argument access, error reporting and table output.
 *
 * Every command lives in a table of `command` entries in one cmd_*.c file per
 * area; commands.c lists the tables.  The same table drives dispatch, help,
 * completion and key validation.  A command must leave the session unchanged
 * when it fails: validate everything, build new objects, then swap them in. */
#ifndef GFD_SHELL_H
#define GFD_SHELL_H

#include <signal.h>
#include <stdio.h>
#include "gfd/gfd.h"

typedef struct session session;
typedef struct args args;

/* ---------------------------------------------------------------- commands */
typedef struct command {
  const char *name;     /* "flow run": a verb and an optional subverb */
  const char *synopsis; /* "T= [seeds=] [points=] [method=]" */
  const char *summary;  /* one line for `help` */
  const char *help;     /* full text for `help NAME` (may be NULL) */
  const char *topic;    /* help topic: "model", "flow", "series", "diagrams", ... */
  const char *const *keys; /* NULL-terminated allowed keys, or NULL for none */
  int pos_min, pos_max;    /* number of positional words allowed */
  int (*run)(session *s, const args *a); /* 0 ok, -1 error (via sh_error) */
} command;

/* Tables defined by the areas, each ended by an entry with name == NULL. */
extern const command cmd_core_table[];     /* shell: model, set, show, help, export, save, load, quit, ... */
extern const command cmd_flow_table[];     /* flow run/step/reset, ascent run, show blowup, show state */
extern const command cmd_taylor_table[];   /* series source=instance|ensemble */
extern const command cmd_diagram_table[];  /* diagrams, diagram, show poly */
extern const command cmd_scaling_table[];  /* scaling, regime, map, sweep */
extern const command cmd_solution_table[]; /* sum, solutions, blowup */
extern const command cmd_view_table[];     /* plot */

/* All commands, in table order (commands.c). */
const command *const *sh_commands(size_t *n);

/* -------------------------------------------------------------- arguments */
#define ARGS_MAX 64
typedef struct arg {
  const char *key;  /* NULL for a positional word */
  const char *val;
  int off;          /* byte offset of the token in the line (for the caret) */
} arg;

struct args {
  const command *cmd;
  const char *line; /* the whole command text */
  int n;
  arg a[ARGS_MAX];  /* key=value pairs and positional words, in order */
};

/* Number of positional words and the i-th one. */
int args_npos(const args *a);
const char *args_pos(const args *a, int i);
int args_has(const args *a, const char *key);
const char *args_str(const args *a, const char *key); /* NULL if absent */

/* Typed access.  If the key is absent: *out = dflt (or, if required, an error
 * "missing T="). A bad value is an error naming the key and the value.
 * Return 0 or -1 (error already reported through sh_error). */
int args_double(session *s, const args *a, const char *key, double dflt, int required, double *out);
/* a finite double in [lo, hi] */
int args_double_range(session *s, const args *a, const char *key, double dflt, int required,
                      double lo, double hi, double *out);
/* a non-negative integer in [lo, hi] (rejects fractions, signs, overflow) */
int args_size(session *s, const args *a, const char *key, size_t dflt, int required,
              size_t lo, size_t hi, size_t *out);
int args_ulong(session *s, const args *a, const char *key, unsigned long dflt, int required,
               unsigned long *out);
/* one of choices (NULL-terminated); *out = index */
int args_choice(session *s, const args *a, const char *key, int dflt, int required,
                const char *const *choices, int *out);
/* an exact rational "3", "-7/6", "0.25" -> num/den */
int args_rational(session *s, const args *a, const char *key, long dflt_num, long dflt_den,
                  int required, long *num, long *den);

/* Parse numbers the same way outside of args (set, positional words). */
int sh_parse_double(const char *str, double *out);   /* 0 ok; rejects NaN, inf, junk, overflow (-2) */
int sh_parse_size(const char *str, size_t *out);

/* ----------------------------------------------------------------- errors */
/* Report an error for the current command: one line, and (interactively) a
 * caret under the token at offset off (-1: none).  Returns -1. */
int sh_error(session *s, int off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Report a library error (gfd_err) the same way. Returns -1. */
int sh_error_lib(session *s, const gfd_err *e);
/* The offset of key's token in a (for the caret), or -1. */
int args_off(const args *a, const char *key);
/* Text word-wrapped to 78 columns on f, the cursor being at column col;
 * continuation lines start at column ind; ends the line. */
void sh_wrap(FILE *f, int col, int ind, const char *text);
/* A notice to the user (stderr, "gfd: note: ..."), not an error. */
void sh_note(session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ----------------------------------------------------------------- tables */
/* A table of typed cells, printed as aligned text or CSV (numbers %.17g,
 * exact integers in full, words as text, empty cells empty). */
typedef struct table table;
table *table_new(const char *title, const char *header_csv); /* "t,loss,loss_se" */
void table_num(table *t, double v);
void table_int(table *t, long long v);
void table_str(table *t, const char *v);
void table_empty(table *t);
void table_endrow(table *t);
size_t table_rows(const table *t);
size_t table_cols(const table *t);
void table_free(table *t);
/* In text mode print at most about max_rows evenly spaced rows (first and
 * last kept) and say so; CSV and `export csv` always have every row. */
void table_text_rows(table *t, size_t max_rows);
#define SH_TEXT_ROWS 20 /* rows of a trajectory shown as text */
/* Print according to s's format (text or CSV) and keep it as the last table
 * (for `export csv`); the session takes ownership. */
void sh_emit_table(session *s, table *t);
/* Print as CSV to f (used by export). */
void table_write_csv(const table *t, FILE *f);

/* ----------------------------------------------------------------- curves */
/* What the plot view and `export gnuplot` draw.  Areas add or replace curves
 * by name; the view only reads them. */
typedef enum {
  CURVE_SIM = 0,    /* simulated loss (mean), with optional band lo/hi */
  CURVE_SERIES,     /* truncated Taylor series */
  CURVE_SUMMED,     /* summed / explicit solution */
  CURVE_LIMIT,      /* scaling-limit curve */
  CURVE_SWEEP       /* one run of a sweep */
} curve_kind;

/* The units of a curve's data (added for the views; all zero = plain: the
 * loss L of the session's model against t).  excess: y is Q = L - offset
 * (offset = ||y||^2/2 of the curve's own model).  scaled: y = Q / lfac
 * against tau = tfac t (a scaling limit's units; tfac = lfac = 0 for a limit
 * curve, which has no finite-size factors). */
typedef struct curve_units {
  int scaled, excess;
  double tfac, lfac, offset;
} curve_units;

typedef struct curve {
  char name[64];
  curve_kind kind;
  size_t n;
  double *t, *y, *lo, *hi; /* lo/hi may be NULL */
  curve_units units;       /* zeroed by sh_curve_set; see view_curve_units */
} curve;

/* Copies the data. Replaces a curve of the same name. */
int sh_curve_set(session *s, const char *name, curve_kind kind, size_t n,
                 const double *t, const double *y, const double *lo, const double *hi);
void sh_curve_clear(session *s, curve_kind kind);   /* drop all curves of a kind */
void sh_curve_clear_all(session *s);

/* Vertical markers (e.g. predicted blow-up time), by name. */
void sh_mark_set(session *s, const char *name, double t);
void sh_mark_clear_all(session *s);

/* --------------------------------------------------------------- session */
#define SH_MAX_CURVES 64
#define SH_MAX_MARKS 8

/* Area states, each defined privately by its area (cmd_*.c). */
struct flow_state;
struct taylor_state;
struct diagram_state;
struct scaling_state;
struct solution_state;
struct view_state;

struct session {
  /* settings (set/show) */
  int csv;              /* set format csv|text */
  int interactive;      /* stdin and stdout are terminals */
  int color;            /* colour allowed (NO_COLOR unset, terminal) */
  int utf8;             /* locale is UTF-8 (braille plots) */
  int threads;          /* OpenBLAS threads */
  double time_limit;    /* seconds for one long computation, 0 = none */
  gfd_flow_opts flow_opts; /* defaults for flow/ascent (points, method, rtol, atol) */

  /* the model: spec and built model; replaced as a whole by `model` */
  gfd_spec spec;
  gfd_model *model;

  /* area states (NULL until first used) */
  struct flow_state *flow;
  struct taylor_state *taylor;
  struct diagram_state *diagram;
  struct scaling_state *scaling;
  struct solution_state *solution;
  struct view_state *view;

  /* truncated series for the plot (+/- changes the order shown) */
  double series_coef[GFD_TAYLOR_NMAX + 1];
  int series_N;            /* -1: none */
  char series_source[16];  /* instance, ensemble, diagrams, limit */

  /* for the plot view and export */
  curve curves[SH_MAX_CURVES];
  int ncurves;
  struct { char name[32]; double t; } marks[SH_MAX_MARKS];
  int nmarks;
  table *last_table;

  /* run control: the SIGINT handler sets `interrupted`; ctl points at it */
  volatile sig_atomic_t interrupted;
  gfd_ctl ctl;

  /* error reporting context */
  const char *src_name; /* "-c", a file name, "stdin", or NULL interactively */
  int src_line;
  const char *cur_line; /* the line being executed (for the caret) */
  int failed;           /* the current command reported an error */
  FILE *out;            /* where results go (stdout) */

  /* added by the shell area (additive) */
  size_t budget;        /* set budget: bytes for one computation (GFD_DEFAULT_BUDGET) */
  int view_active;      /* views: set while curses owns the screen (no progress line) */
  struct shell_state *shell; /* shell-private state (shell area) */
};

/* Fresh gfd_ctl for one long computation: interrupt flag cleared, budget,
 * deadline from time_limit, progress line when interactive. */
const gfd_ctl *sh_ctl(session *s);

/* `set threads auto`: OpenBLAS threads for a computation on a model other
 * than the session's (sweeps); returns the count to give back to
 * sh_threads_restore afterwards.  Without auto it changes nothing. */
int sh_threads_for_spec(session *s, const gfd_spec *sp);
void sh_threads_restore(session *s, int was);

/* The model changed: areas drop their state that depends on it. */
void sh_model_changed(session *s);
/* Area reset hooks called by sh_model_changed and on exit (free = 1). */
void flow_state_reset(session *s, int free_all);
void taylor_state_reset(session *s, int free_all);
void diagram_state_reset(session *s, int free_all);
void scaling_state_reset(session *s, int free_all);
void solution_state_reset(session *s, int free_all);
void view_state_reset(session *s, int free_all);

/* Scaling hook used by `model`: with a scaling set, fill spec->H and
 * spec->sigma (and kappa) from spec->p unless given explicitly in a (then a
 * notice).  Returns 0, or -1 after sh_error. Without a scaling: no change. */
int scaling_apply_to_spec(session *s, const args *a, gfd_spec *spec);

/* ------------------------------------------------- cross-area interfaces
 * Each area implements its own functions below (stubs in its cmd_*.c until
 * it lands).  All return 0, or -1 after sh_error, unless stated. */

/* flow area (cmd_flow.c) */
/* The last flow/ascent run: its time grid (NULL, 0 if none). */
int flow_last_grid(session *s, size_t *n, const double **t);
/* Per-seed blow-up results of the last ascent run (K = 0 if none). status is
 * GFD_RUN_* per seed. */
int flow_last_blowups(session *s, size_t *K, const unsigned long **seed, const double **t_star,
                      const double **t_lo, const double **t_hi, const int **status);
/* The initial parameters of instance `seed` of the current model (freshly
 * drawn into a malloc'd array the caller frees), or NULL after sh_error. */
double *flow_initial_params(session *s, unsigned long seed);
/* Run spec (not the session's model) for T with `seeds` seeds and the
 * session's flow options: the mean loss and its standard error, the excess
 * (computed directly, not by subtraction) and the blow-ups: t_first the
 * blow-up nearest t = 0, t_mean the mean over the ndiv seeds that blew up
 * (NaN if none).  Free with flow_sim_free. */
typedef struct flow_sim {
  size_t n;
  double *t, *loss, *loss_se, *excess, *excess_se;
  size_t seeds, ndiv;
  double t_first, t_mean;
} flow_sim;
int flow_simulate_ex(session *s, const gfd_spec *spec, double T, size_t seeds, flow_sim *out);
void flow_sim_free(flow_sim *r);

/* diagram area: the session's Wick-diagram engine for the current model's
 * (kind, nu, target), kept across model changes; NULL after sh_error (a
 * target other than identity or zero). */
gfd_diagrams *diagram_engine(session *s);
/* taylor area (cmd_taylor.c) owns the `series` command; other sources are
 * provided by: */
/* diagram area: coef[n] = E[L^(n)(0)]/n! at the current p, H, sigma, kappa. */
int diagram_series_coefs(session *s, int N, double *coef);
/* scaling area: the limit series (scaled as THEORY section 4), coef[0..N]. */
int scaling_limit_coefs(session *s, int N, double *coef);
/* scaling area: with a scaling set, t = tau / tfac and L = lfac * Lscaled,
 * i.e. tfac = p^g, lfac = p^{E_0}.  Returns 0 and sets both, 1 if no
 * scaling is set (factors 1), -1 on error. */
int scaling_factors(session *s, double *tfac, double *lfac);
/* scaling area: the factors of each quantity at the current model:
 * tau = tfac t (tfac = p^g of the quantity the limit follows), L = lfac_loss
 * Lscaled (p^E0 of the loss), L - ||y||^2/2 = lfac_excess Xscaled (p^E0 of
 * the excess); excess = 1 when the limit follows the excess.  Returns 0, 1
 * if no scaling is set, -1 if there is no limit (quiet: nothing reported). */
typedef struct scaling_units {
  double tfac, lfac_loss, lfac_excess;
  double g, e0_loss, e0_excess;
  int excess;
} scaling_units;
int scaling_units_get(session *s, int quiet, scaling_units *u);

/* views area (cmd_view.c, view_*.c): all are no-ops or text when not interactive */
void view_live_begin(session *s, const char *title); /* enter the plot view for a live run */
void view_live_update(session *s);                   /* redraw the curves if due (<= 20/s) */
void view_live_end(session *s);                      /* interactive: stay until q */
/* 1 if the user pressed q in the live view of the current run: the run was
 * stopped on request (s->interrupted is set to stop it), not interrupted. */
int view_live_quit(session *s);
int view_plot(session *s);                           /* `plot`: full screen, or ASCII when not a tty */
/* Set the units of curve `name` (after sh_curve_set; 0, or -1 if no such curve).
 * The view converts curves of other units to the frame it draws, or leaves
 * them out with a note; marks are always in plain t. */
int view_curve_units(session *s, const char *name, const curve_units *u);
/* Paged view: `count` pages rendered on demand as text; arrows step pages. */
typedef void (*view_render_fn)(session *s, int idx, char *buf, size_t n, void *ud);
int view_pager(session *s, const char *title, int count, int start, view_render_fn render, void *ud);
/* Grid view for the regime map: nx*ny cells (row j = y index), a letter and a
 * colour class (0..7) per cell; info(i, j) renders the side panel.  Returns 1
 * and sets *sel_i, *sel_j if the user pressed Enter on a cell, 0 if q. */
typedef struct view_grid_spec {
  int nx, ny;
  const char *cells;   /* nx*ny letters, cells[j*nx + i] */
  const int *colors;   /* nx*ny colour classes, may be NULL (| 0x100: underlined) */
  const double *xs, *ys; /* axis values */
  const char *xlabel, *ylabel, *title;
  const char *legend;  /* multi-line legend text */
  void (*info)(session *s, int i, int j, char *buf, size_t n, void *ud);
  void *ud;
} view_grid_spec;
int view_grid(session *s, const view_grid_spec *g, int *sel_i, int *sel_j);
/* `export gnuplot FILE`: FILE.dat (the curves) and FILE (a script that plots them). */
int view_export_gnuplot(session *s, const char *path);

/* `save FILE [state=yes]` hooks (shell area calls them; each has a weak default
 * in cmd_core_save.c that writes nothing, so an area defines it only if it
 * has state to save).  Append to f the command lines that rebuild the area's
 * state; they are replayed by `load` after the `set` and `model` lines.
 * path is the script's own path (an area may write a data file next to it,
 * e.g. path + ".state").  Return 0, or -1 after sh_error. */
int scaling_save(session *s, FILE *f, const char *path);
/* with_state: also the current instance(s) (time and parameters), so that a
 * stepped session resumes exactly where it stood. */
int flow_save(session *s, FILE *f, const char *path, int with_state);

/* Tab completion of diagram ids after `diagram` (the diagram area may define
 * it; a weak default in complete.c offers none): the ids "n.k" of order n
 * that are already computed for the current model, as a malloc'd
 * NULL-terminated array of malloc'd strings, or NULL.  Called while the user
 * types: it must be cheap and never start an enumeration. */
char **diagram_complete_ids(session *s, int n);

/* Run one line of commands (';'-separated); returns 0, or -1 if one failed. */
int sh_exec_line(session *s, const char *line);

#endif
