/* session.c - the session: life cycle, run control, model changes, and the
 * one place where errors and notes are printed. */
#include <config.h>
#include <langinfo.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "shell_priv.h"

static int term_cols(void);

/* ------------------------------------------------------- counted output
 * Interactively, results go through a stream that counts what was written
 * since the prompt: an error with nothing printed before it can then put its
 * caret right under the token the user typed. */
static ssize_t counted_write(void *cookie, const char *buf, size_t n) {
  session *s = cookie;
  sh_progress_end(s); /* results never land behind a progress line */
  size_t w = fwrite(buf, 1, n, s->shell->real_out);
  fflush(s->shell->real_out);
  s->shell->out_bytes += (long)w;
  return (ssize_t)w;
}

static FILE *counted_stream(session *s) {
  cookie_io_functions_t io = {.read = NULL, .write = counted_write, .seek = NULL, .close = NULL};
  FILE *f = fopencookie(s, "w", io);
  if (f) setvbuf(f, NULL, _IOLBF, 0);
  return f;
}

/* -------------------------------------------------------------- life */
int sh_session_init(session *s, int interactive) {
  memset(s, 0, sizeof *s);
  s->shell = calloc(1, sizeof *s->shell);
  if (!s->shell) {
    fprintf(stderr, "gfd: out of memory\n");
    return -1;
  }
  struct shell_state *sh = s->shell;
  sh->real_out = stdout;
  sh->tty_out = isatty(STDOUT_FILENO);
  sh->progress = 1;
  sh->bail = 1;
  s->interactive = interactive;
  s->out = stdout;
  if (interactive) {
    FILE *f = counted_stream(s);
    if (f) s->out = f;
  }
  const char *nc = getenv("NO_COLOR");
  sh->color_set = !(nc && *nc);
  s->color = sh->color_set && sh->tty_out;
  const char *cs = nl_langinfo(CODESET);
  s->utf8 = cs && strcmp(cs, "UTF-8") == 0;
  sh_threads_init(s);
  s->time_limit = 0;
  s->budget = GFD_DEFAULT_BUDGET;
  gfd_flow_opts_default(&s->flow_opts);
  s->series_N = -1;
  s->src_name = interactive ? NULL : "stdin";

  gfd_spec_default(&s->spec);
  sh_threads_apply(s);
  gfd_err e;
  gfd_err_clear(&e);
  s->model = gfd_model_new(&s->spec, sh_ctl(s), &e);
  if (!s->model) {
    fprintf(stderr, "gfd: cannot build the default model: %s\n",
            e.msg[0] ? e.msg : gfd_strerror(e.code));
    return -1;
  }
  return 0;
}

static void reset_areas(session *s, int free_all) {
  for (const area *const *a = sh_areas(); *a; a++)
    if ((*a)->reset) (*a)->reset(s, free_all);
}

void sh_session_free(session *s) {
  reset_areas(s, 1);
  gfd_model_free(s->model);
  s->model = NULL;
  sh_curve_clear_all(s);
  table_free(s->last_table);
  s->last_table = NULL;
  if (s->out && s->shell && s->out != s->shell->real_out) fclose(s->out);
  s->out = stdout;
  free(s->shell);
  s->shell = NULL;
}

void sh_model_changed(session *s) {
  sh_threads_apply(s); /* `set threads auto` follows the model's size */
  reset_areas(s, 0);
  sh_curve_clear_all(s);
  sh_mark_clear_all(s);
  s->series_N = -1;
  s->series_source[0] = '\0';
}

/* ------------------------------------------------------------ run control */
const gfd_ctl *sh_ctl(session *s) {
  /* The interrupt flag is not cleared here: the prompt clears it before each
   * command, and a Ctrl-C that arrives between two computations of one
   * command (or in batch mode between commands) must still stop the run. */
  memset(&s->ctl, 0, sizeof s->ctl);
  s->ctl.interrupt = &s->interrupted;
  s->ctl.budget = s->budget ? s->budget : GFD_DEFAULT_BUDGET;
  s->ctl.deadline = s->time_limit > 0 ? gfd_now() + s->time_limit : 0;
  /* interactively the callback also serves the live plot (keys, resizes and
   * redraws within a computation), so it is installed even without a
   * progress line */
  if (s->interactive && s->shell) {
    s->ctl.progress = sh_progress_cb;
    s->ctl.progress_ud = s;
    s->shell->prog_tty = s->shell->progress && isatty(STDERR_FILENO);
    s->shell->prog_start = gfd_now();
    s->shell->prog_last = 0;
  }
  return &s->ctl;
}

/* ---------------------------------------------------------------- errors */
static int term_cols(void) {
  struct winsize ws;
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

/* Display columns of the first n bytes of str (UTF-8 aware, tabs as one). */
static int columns(const char *str, int n) {
  int c = 0;
  for (int i = 0; i < n && str[i]; i++)
    if (((unsigned char)str[i] & 0xC0) != 0x80) c++;
  return c;
}

#define PROMPT_WIDTH 5 /* "gfd> " */

static void caret(session *s, int off) {
  const char *line = s->cur_line;
  if (!line || off < 0 || (size_t)off > strlen(line)) return;
  int col = columns(line, off);
  int direct = s->shell && s->shell->out_bytes == 0 && s->shell->depth == 0 &&
               PROMPT_WIDTH + columns(line, (int)strlen(line)) < term_cols();
  if (!direct) {
    fprintf(stderr, "  %s\n", line);
    fprintf(stderr, "  %*s^\n", col, "");
  } else {
    fprintf(stderr, "%*s^\n", PROMPT_WIDTH + col, "");
  }
}

static void report(session *s, const char *kind, int off, const char *msg) {
  sh_progress_end(s);
  fflush(s->out);
  if (s->src_name) {
    if (s->src_line > 0) fprintf(stderr, "gfd: %s:%d: %s: %s\n", s->src_name, s->src_line, kind, msg);
    else fprintf(stderr, "gfd: %s: %s: %s\n", s->src_name, kind, msg);
  } else {
    if (s->interactive) caret(s, off);
    fprintf(stderr, "%s: %s\n", kind, msg);
  }
  fflush(stderr);
}

int sh_error(session *s, int off, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  s->failed = 1;
  report(s, "error", off, msg);
  return -1;
}

int sh_error_lib(session *s, const gfd_err *e) {
  const char *msg = e && e->msg[0] ? e->msg : gfd_strerror(e ? e->code : GFD_EINVAL);
  if (e && e->code == GFD_EINTR) {
    s->failed = 1;
    report(s, "interrupted", -1, "stopped; the results so far are shown");
    return -1;
  }
  if (e && e->code == GFD_ETIME) return sh_error(s, -1, "%s (set timelimit to change)", msg);
  return sh_error(s, -1, "%s", msg);
}

void sh_note(session *s, const char *fmt, ...) {
  if (s->shell && s->shell->quiet) return;
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  sh_progress_end(s);
  fflush(s->out);
  fprintf(stderr, "gfd: note: %s\n", msg);
  fflush(stderr);
}

/* ------------------------------------------------------------- summary */
void sh_spec_command(const gfd_spec *sp, int exact, char *buf, size_t n) {
  char sig[40], kap[40];
  snprintf(sig, sizeof sig, "%.*g", exact ? 17 : 6, sp->sigma);
  snprintf(kap, sizeof kap, "%.*g", exact ? 17 : 6, sp->kappa);
  size_t used = (size_t)snprintf(buf, n, "model %s nu=%d p=%zu H=%zu sigma=%s target=%s",
                                 gfd_kind_name(sp->kind), sp->nu, sp->p, sp->H, sig,
                                 gfd_target_name(sp->target));
  if (used >= n) return;
  if (sp->target != GFD_TGT_ZERO)
    used += (size_t)snprintf(buf + used, n - used, " kappa=%s", kap);
  if (used >= n) return;
  if (sp->target == GFD_TGT_TEACHER)
    used += (size_t)snprintf(buf + used, n - used, " r=%zu tseed=%lu", sp->r, sp->teacher_seed);
  if (used >= n) return;
  snprintf(buf + used, n - used, " seed=%lu", sp->seed);
}

void sh_print_model_line(session *s, FILE *f) {
  char line[512], mem[32];
  sh_spec_command(&s->spec, 0, line, sizeof line);
  /* without the leading "model " and a default kappa=1: fits 80 columns */
  char *c = line + 6;
  char *k = strstr(c, " kappa=1 ");
  if (k) memmove(k, k + 8, strlen(k + 8) + 1);
  char size[96];
  snprintf(size, sizeof size, "%zu parameters, %s", gfd_spec_dim(&s->spec),
           gfd_format_bytes(gfd_spec_bytes(&s->spec), mem, sizeof mem));
  /* on a narrow terminal the sizes go to a second line rather than wrap */
  if (s->interactive && (int)(strlen(c) + 2 + strlen(size)) >= term_cols())
    fprintf(f, "%s\n  %s\n", c, size);
  else fprintf(f, "%s: %s\n", c, size);
}
