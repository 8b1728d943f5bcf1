/* shell_priv.h - internals of the framework (not for the command areas,
 * which use shell.h and area.h): session life cycle, dispatcher, script runner,
 * settings, progress line, completion, history, help. */
#ifndef GFD_SHELL_PRIV_H
#define GFD_SHELL_PRIV_H

#include <stddef.h>
#include <stdio.h>
#include "area.h"
#include "eta.h"

/* Exit codes of the gfd program (documented in gfd.1). */
enum { SH_EXIT_OK = 0, SH_EXIT_FAIL = 1, SH_EXIT_USAGE = 2, SH_EXIT_INTR = 130 };

struct shell_state {
  const struct gfd_runner *runner; /* where work units run (scaleout.h); NULL: here */
  int quit;                 /* quit/exit was run */
  int bail;                 /* batch: stop at the first failed command */
  int quiet;                /* -q: no banner, no notes */
  int progress;             /* set progress on|off */
  int color_set;            /* set color on|off (the user's wish; s->color = wish && tty) */
  int tty_out;              /* stdout is a terminal */
  int depth;                /* nesting of load/tour (guards recursion) */
  volatile sig_atomic_t sigints; /* SIGINTs seen in this command (batch: 2nd one exits) */
  long out_bytes;           /* bytes written to s->out since the last prompt (batch: since start) */
  int intr_pending;         /* a computation was interrupted: dispatch reports it when the
                             * command ends, saying whether it printed partial results */
  FILE *real_out;           /* the stream under s->out */
  /* progress line */
  double prog_start, prog_last;
  int prog_shown;           /* a progress line is on the terminal */
  char prog_what[64];
  sh_eta prog_eta;          /* the time-left estimate (eta.c) */
  int prog_step, prog_steps; /* sh_progress_steps: run k of n (0: none) */
  int prog_tty;             /* the progress line may be drawn (stderr is a terminal) */
  /* OpenBLAS threads (settings.c) */
  int threads_auto;         /* set threads auto: chosen from the model's size */
  int threads_env;          /* OPENBLAS_NUM_THREADS is set: auto uses it always */
  int threads_max;          /* the cores, or OPENBLAS_NUM_THREADS */
  int out_errno;            /* standard output failed (output.c); 0 while it works */
  int out_fault;            /* errno of the last failed write to standard output */
  volatile sig_atomic_t term_sig; /* SIGTERM or SIGHUP received: end as soon as possible */
};

/* ---- session.c */
/* Zero s, settings to defaults, the built-in default model.  interactive
 * selects the error format and the progress line. Returns 0 or -1 (message
 * printed). */
int sh_session_init(session *s, int interactive);
void sh_session_free(session *s);
/* Print one model summary line (`model`, banner). */
void sh_print_model_line(session *s, FILE *f);
/* The `model ...` command that rebuilds spec (exact: %.17g numbers). */
void sh_spec_command(const gfd_spec *sp, int exact, char *buf, size_t n);

/* ---- report.c (sh_error, sh_note: shell.h) */
/* Columns of the terminal on stderr (80 if unknown). */
int sh_term_cols(void);

/* ---- dispatch.c */
/* Split a line into commands and tokens and run them.  sh_check_line only
 * resolves commands and checks keys and word counts (used by `load` before
 * it changes anything). */
int sh_check_line(session *s, const char *line);
/* ---- script_file.c: whole script files */
/* A script file read whole: a regular file (never a FIFO, device, socket
 * or directory, refused before any read) of at most 16 MiB; strict: text
 * (no NUL byte or control character, no line over SH_LINE_MAX).  Errors are
 * reported at offset off; NULL then.  *lenp (if not NULL) gets the length. */
#define SH_LINE_MAX 65536 /* bytes of one line of a script */
#define SH_QUOTE_MAX 80   /* bytes of a bad line or word an error quotes */
char *sh_script_read(session *s, const char *path, int off, size_t *lenp, int strict);
/* gfd -f FILE, the init file, a batch tour: read whole, then (check) every
 * line checked before the first runs, then run.  Returns SH_EXIT_*. */
int sh_script_run_file(session *s, const char *path, int check);
/* At most SH_QUOTE_MAX bytes of str[0..n) in buf, "..." if cut, control
 * bytes as '?'.  Returns buf. */
const char *sh_quote_short(const char *str, size_t n, char *buf, size_t bufn);
/* Every logical line of text checked without running anything. */
int sh_script_check(session *s, const char *text, size_t n, const char *path);
/* Token after tokenisation, exposed for completion. */
typedef struct sh_tok {
  const char *key;   /* NULL for a positional word */
  const char *val;
  int off;           /* offset of the token in the line */
  int end;           /* offset just past the token */
} sh_tok;
/* Tokenise the command that starts at *pos (stops after ';' or at a comment
 * or the end).  buf must hold 2*strlen(line)+2 bytes.  Returns the number of
 * tokens, or -1 with err/erroff set (unterminated quote, too many words).
 * *pos is advanced; *more = 0 at the end of the line. */
int sh_tokenize(const char *line, size_t *pos, char *buf, sh_tok *tok, int maxtok, int *more,
                char *err, size_t errn, int *erroff);
/* Resolve the command named by the first tokens: returns it and sets *used
 * (1 or 2 tokens); NULL with a message in err (unknown, ambiguous). */
const command *sh_resolve(const sh_tok *tok, int ntok, int *used, char *err, size_t errn,
                          int *erroff);
/* The distinct verbs (first words) of all commands, in table order. */
const char *const *sh_verbs(size_t *n);
/* The command named exactly `name` ("flow run"), or NULL. */
const command *sh_find_command(const char *name);
/* Raw commands: every token after the name is a positional word (echo). */
extern const char *const sh_keys_raw[];

/* ---- script.c: running lines from a stream or a string */
/* Run every line of f (name and line numbers for messages).  Returns
 * SH_EXIT_OK, SH_EXIT_FAIL (a command failed) or SH_EXIT_INTR; stops at the
 * first failure when bail is set, and at quit. */
int sh_run_stream(session *s, FILE *f, const char *name);
int sh_run_string(session *s, const char *text, const char *name);
/* Signal bookkeeping shared with main.c */
void sh_signals_install(session *s);

/* ---- output.c */
/* Flush and check the results stream; the first failure is reported (not
 * EPIPE) and ends the run (quit).  0 ok, -1 failed. */
int sh_out_check(session *s);
/* The exit status given rc and the output's fate (1 on an error, 141 on EPIPE). */
int sh_out_status(session *s, int rc);

/* ---- settings.c */
typedef struct sh_setting {
  const char *name;
  const char *values;   /* for help and completion: "csv|text", "SIZE" */
  const char *about;
  int (*set)(session *s, const char *val, int off);
  void (*get)(session *s, char *buf, size_t n);
} sh_setting;
extern const sh_setting sh_settings[];
const sh_setting *sh_setting_find(const char *name);
/* The settings' values, to undo a partly applied `set`. */
typedef struct sh_snap {
  int csv, color, color_set, progress, threads, threads_auto;
  size_t budget;
  double time_limit, lr_T;
  gfd_flow_opts flow_opts;
} sh_snap;
void sh_settings_snapshot(const session *s, sh_snap *snap);
void sh_settings_restore(session *s, const sh_snap *snap);
/* OpenBLAS threads: sh_threads_init records the machine's count and the
 * environment (session start); sh_threads_apply sets the count `auto` picks
 * for the session's model (no-op unless auto). */
void sh_threads_init(session *s);
void sh_threads_apply(session *s);
/* `show`: every setting as a table. */
int sh_show_settings(session *s);
/* Commands of cmd_core_save.c and cmd_core_tour.c (the core area) */
int sh_run_save(session *s, const args *a);
int sh_run_load(session *s, const args *a);
int sh_run_tour(session *s, const args *a);
/* The core area's completion hook: tour names after `tour`. */
char **sh_tour_complete(session *s, const command *cmd, const char *word);
/* Parse a byte size "4G", "512M", "1.5GiB", "1000000". 0 ok, -1 bad. */
int sh_parse_bytes(const char *str, size_t *out);
/* Parse seconds "30", "2.5s", "5m", "1h". 0 ok, -1 bad. */
int sh_parse_seconds(const char *str, double *out);

/* ---- table.c */
int table_write_text(const table *t, FILE *f); /* -1: out of memory, part or all unprinted */

/* ---- progress.c */
void sh_progress_cb(void *ud, const char *what, double done, double total);
/* Erase the progress line if one is shown (end of a command, before output). */
void sh_progress_end(session *s);
/* typeahead.c: echo off while a command runs (what is typed meanwhile waits
 * for the next prompt), back on after it; _restore_now from a signal
 * handler about to end the program. */
void sh_typeahead_begin(void);
void sh_typeahead_end(void);
void sh_typeahead_restore_now(void);

/* ---- help.c */
int sh_help(session *s, const args *a);
/* Topics for help and completion: NULL-terminated, static. */
size_t sh_help_topics(const char **out, size_t max);

/* ---- complete.c (pure: no readline), for readline and the tests */
/* Candidates for the word ending at `end` in line (start = its first byte).
 * Returns a malloc'd NULL-terminated array of malloc'd strings (possibly
 * empty), or NULL when file names should be completed instead.  Keys come
 * with their '=' appended. */
char **sh_complete(const char *line, int start, int end);
void sh_complete_free(char **list);
/* The session for value completions that need one (diagram ids). */
void sh_complete_session(session *s);

/* ---- history.c */
/* The history file: 0 and the path in buf, 1 if disabled (/dev/null), -1 if
 * no location can be found. */
int sh_history_path(char *buf, size_t n);
/* The init file (gfdrc) path; 0 ok, -1 none. */
int sh_init_path(char *buf, size_t n);
/* mkdir -p of the parent directory of path. 0 ok, -1 failed. */
int sh_mkdir_parent(const char *path);
/* Start the history (read path if not NULL).  0 ok (or no file yet), -1
 * the file is not a history (binary, too large, not a regular file,
 * unreadable): nothing read, and the caller should not write to it. */
int sh_history_load(const char *path);
/* Record a typed line in memory and, if path, in the file. 1 if recorded. */
int sh_history_add(const char *path, const char *line);

/* ---- repl.c */
/* The interactive loop; noinit skips the init file. Returns the exit code. */
int sh_repl(session *s, int noinit);

/* ---- data files (history.c) */
/* Directory of the example/tour scripts, or NULL. */
const char *sh_examples_dir(void);

/* A computation of the command that just ended was interrupted (sh_error_lib
 * noted it): report it once, saying whether the command printed results
 * since out_before (its out_bytes when it started). */
void sh_report_interrupt(session *s, long out_before);

#endif
