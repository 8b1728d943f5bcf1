/* session.c - the session: life cycle, run control, model changes and the
 * model summary.  Errors and notes are printed by report.c. */
#include <config.h>
#include <errno.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "shell_priv.h"

/* ------------------------------------------------------- counted output
 * Interactively, results go through a stream that counts what was written
 * since the prompt: an error with nothing printed before it can then put its
 * caret right under the token the user typed. */
static ssize_t counted_write(void *cookie, const char *buf, size_t n) {
  session *s = cookie;
  sh_progress_end(s); /* results never land behind a progress line */
  size_t w = fwrite(buf, 1, n, s->shell->real_out);
  if (fflush(s->shell->real_out) != 0 || w < n) {
    s->shell->out_fault = errno ? errno : EIO; /* for sh_out_check's message */
    return -1;
  }
  s->shell->out_bytes += (long)w;
  return (ssize_t)w;
}

/* Batch mode: results go straight to file descriptor 1 through this stream,
 * so that the errno of a failed write (ENOSPC, EIO, EPIPE) is kept for the
 * message, not lost between a buffered fwrite and a later check. */
static ssize_t results_write(void *cookie, const char *buf, size_t n) {
  session *s = cookie;
  size_t done = 0;
  while (done < n) {
    ssize_t w = write(STDOUT_FILENO, buf + done, n - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      s->shell->out_fault = w < 0 ? errno : EIO;
      return done ? (ssize_t)done : -1;
    }
    done += (size_t)w;
  }
  s->shell->out_bytes += (long)n; /* an interrupt's report says whether results came out */
  return (ssize_t)n;
}

static FILE *results_stream(session *s) {
  cookie_io_functions_t io = {.read = NULL, .write = results_write, .seek = NULL, .close = NULL};
  FILE *f = fopencookie(s, "w", io);
  /* a terminal sees each line as it comes; a file or a pipe gets blocks */
  if (f) setvbuf(f, NULL, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF, 1 << 16);
  return f;
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
  FILE *f = interactive ? counted_stream(s) : results_stream(s);
  if (f) s->out = f;
  const char *nc = getenv("NO_COLOR");
  sh->color_set = !(nc && *nc);
  s->color = sh->color_set && sh->tty_out;
  const char *cs = nl_langinfo(CODESET);
  s->utf8 = cs && strcmp(cs, "UTF-8") == 0;
  sh_threads_init(s);
  s->time_limit = 0;
  s->lr_T = 1;
  s->budget = 0; /* auto: what the machine allows (gfd_budget_default) */
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
  if (s->interactive && (int)(strlen(c) + 2 + strlen(size)) >= sh_term_cols())
    fprintf(f, "%s\n  %s\n", c, size);
  else fprintf(f, "%s: %s\n", c, size);
}
