/* shell.h - the command framework of the gfd program: the session, the command
 * table, argument access, error reporting and table output.
 *
 * Every command lives in a table of `command` entries in its area's file
 * (src/gfd/commands); the areas register through area.h, and the same tables
 * drive dispatch, help, completion and key validation.  This header names no
 * area: what one area offers another is in that area's provider header.  A
 * command must leave the session unchanged when it fails: validate
 * everything, build new objects, then swap them in. */
#ifndef GFD_SHELL_H
#define GFD_SHELL_H

#include <signal.h>
#include <stdio.h>
#include <sys/types.h>
#include "gfd/gfd.h"
#include "plot.h"

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

/* All commands of the registered areas, in registry order (commands.c). */
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
/* v in the fewest significant digits (15 to 17) that read back as exactly v:
 * 3.1, not 3.1000000000000001, for lines a script replays.  Returns buf. */
const char *sh_num(char *buf, size_t n, double v);
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
/* The same to `width` columns (a message on a terminal: its width). */
void sh_wrap_width(FILE *f, int col, int ind, int width, const char *text);
/* A notice to the user (stderr, "gfd: note: ..."), not an error. */
void sh_note(session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ----------------------------------------------------------------- tables */
/* A table of typed cells, printed as aligned text or CSV (numbers round-trip exact, shortest form,
 * exact integers in full, words as text, empty cells empty). */
typedef struct table table;
table *table_new(const char *title, const char *header_csv); /* "t,loss,loss_se" */
void table_num(table *t, double v);
void table_int(table *t, long long v);
void table_str(table *t, const char *v);
void table_empty(table *t);
void table_endrow(table *t);
size_t table_rows(const table *t);
/* 1 the first time it is asked about a table that lost cells (out of memory)
 * and has not been reported yet; the caller reports it */
int table_take_oom(table *t);
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

/* --------------------------------------------------------------- session */
#define SH_MAX_AREAS 16 /* registered areas (area.h) */

struct session {
  /* settings (set/show) */
  int csv;              /* set format csv|text */
  int interactive;      /* stdin and stdout are terminals */
  int color;            /* colour allowed (NO_COLOR unset, terminal) */
  int utf8;             /* locale is UTF-8 (braille plots) */
  int threads;          /* OpenBLAS threads */
  double time_limit;    /* seconds for one long computation, 0 = none */
  double lr_T;          /* set lr 1/T (the paper's learning rate): times are entered and shown
                           in paper time T x gfd time, series coefficients over T^s; 1 = none */
  gfd_flow_opts flow_opts; /* defaults for flow/ascent (points, method, rtol, atol) */

  /* the model: spec and built model; replaced as a whole by `model` */
  gfd_spec spec;
  gfd_model *model;

  /* each area's private state, one slot per registered area in registry
   * order (NULL until first used); areas reach theirs by sh_area_state */
  void *area_state[SH_MAX_AREAS];

  /* truncated series for the plot (+/- changes the order shown) */
  double series_coef[GFD_TAYLOR_NMAX + 1];
  int series_N;            /* -1: none */
  char series_source[16];  /* instance, ensemble, diagrams, limit */

  /* for the plot view and export */
  curve curves[SH_MAX_CURVES];
  int ncurves;
  unsigned long curve_seq; /* the last curve's seq (plot.h) */
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

  size_t budget;        /* set budget: bytes for one computation; 0 = auto (gfd_budget_default) */
  int view_active;      /* a view owns the screen (no progress line: the areas' live_update) */
  struct shell_state *shell; /* the framework's private state (shell_priv.h) */
};

/* For a command that cannot follow `set lr 1/T` yet: 0 if lr is 1, else a
 * one-line error naming what (returns -1), so that no command silently mixes
 * paper time and gfd time. */
int sh_lr_refuse(session *s, const char *what);

/* Fresh gfd_ctl for one long computation: interrupt flag cleared, budget,
 * deadline from time_limit, progress line when interactive. */
const gfd_ctl *sh_ctl(session *s);
/* A control block for work done inside a running computation (a view's
 * redraw asks the scaling area for its units while a flow run is live): the
 * same interrupt flag and budget, the running computation's deadline, no
 * progress line.  Fills *out; s->ctl, which the running computation holds,
 * is left untouched. */
const gfd_ctl *sh_ctl_nested(session *s, gfd_ctl *out);
/* A command that runs n computations in turn (a sweep's runs) says which one
 * is next (k = 1..n; n = 0 when done): the progress line then reads "run k/n"
 * and its time left is for this run only, which it says while k < n. */
void sh_progress_steps(session *s, int k, int n);

/* `set threads auto`: OpenBLAS threads for a computation on a model other
 * than the session's (sweeps); returns the count to give back to
 * sh_threads_restore afterwards.  Without auto it changes nothing. */
int sh_threads_for_spec(session *s, const gfd_spec *sp);
void sh_threads_restore(session *s, int was);

/* SIGTERM or SIGHUP arrived: the program is ending (views close, loops stop). */
int sh_terminating(const session *s);

/* The model changed: areas drop their state that depends on it. */
void sh_model_changed(session *s);
/* Run one line of commands (';'-separated); returns 0, or -1 if one failed. */
int sh_exec_line(session *s, const char *line);

/* ------------------------------------------------- writing files (atomic.c)
 * Every file gfd writes goes through these: a temporary file next to the
 * target, flushed, fsync'ed and closed, then renamed over it, so that a
 * failed write leaves the old file intact.  Functions return 0, or -1 with
 * errno set and the temporary removed (name the path and strerror(errno)). */
typedef struct sh_afile {
  FILE *f;          /* write here */
  const char *path; /* the target, as given */
  char *tmp;        /* the temporary (NULL: a device written directly) */
  char *dest;       /* the file a symbolic link names, or NULL */
} sh_afile;
/* mode: of a new file (umask applies); a replaced file keeps its mode. */
int sh_atomic_open(sh_afile *a, const char *path, mode_t mode);
/* fflush + fsync + fclose; the temporary stays until rename or abort. */
int sh_atomic_close(sh_afile *a);
int sh_atomic_rename(sh_afile *a);
/* close, then rename. */
int sh_atomic_commit(sh_afile *a);
/* Remove the temporary (after open or close), errno kept. */
void sh_atomic_abort(sh_afile *a);
/* Two files that belong together (a gnuplot script and its data): write(fa,
 * fb, ud) fills both, and both are complete on disk before either replaces an
 * old one.  0, or -1 with errno set, *failed the path that failed and
 * *kept_old 1 when the failure came after the writing with neither old file
 * replaced yet (0 when it came at opening, or at the second rename). */
typedef void (*sh_write2_fn)(FILE *fa, FILE *fb, void *ud);
int sh_atomic_write2(const char *pa, const char *pb, sh_write2_fn write, void *ud, const char **failed,
                     int *kept_old);

#endif
