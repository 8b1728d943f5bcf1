/* report.c - the one place where errors and notes are printed: one line
 * each, with the script's name and line in batch mode and a caret under the
 * bad token interactively.  Kept apart from the session's life cycle so that
 * everything that reports an error (arguments, tables, curves) depends on
 * this file alone. */
#include <config.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "shell_priv.h"

int sh_term_cols(void) {
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
               PROMPT_WIDTH + columns(line, (int)strlen(line)) < sh_term_cols();
  if (!direct) {
    fprintf(stderr, "  %s\n", line);
    fprintf(stderr, "  %*s^\n", col, "");
  } else {
    fprintf(stderr, "%*s^\n", PROMPT_WIDTH + col, "");
  }
}

/* A word of a message longer than WORD_CUT bytes keeps its first
 * SH_QUOTE_MAX bytes and "...": a 1 MB word typed or read from a file must
 * not come back as a 1 MB message.  Paths up to WORD_CUT bytes stay whole. */
#define WORD_CUT 160
static void shorten_words(char *msg) {
  char *w = msg;
  while (*w) {
    if (*w == ' ') {
      w++;
      continue;
    }
    size_t n = strcspn(w, " ");
    if (n > WORD_CUT) {
      size_t k = SH_QUOTE_MAX;
      while (k > 0 && ((unsigned char)w[k] & 0xC0) == 0x80) k--;
      memcpy(w + k, "...", 3);
      memmove(w + k + 3, w + n, strlen(w + n) + 1);
      n = k + 3;
    }
    w += n;
  }
}

/* head and msg as one line on stderr; on a terminal wrapped at blanks to
 * its width (continuations indented by two), never cut inside a word. */
static void put_message(const char *head, const char *msg) {
  int w = sh_term_cols() - 1;
  if (isatty(STDERR_FILENO) && (int)(strlen(head) + strlen(msg)) > w && w >= 20) {
    fputs(head, stderr);
    sh_wrap_width(stderr, (int)strlen(head), 2, w, msg);
  } else {
    fprintf(stderr, "%s%s\n", head, msg);
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
    char head[32];
    snprintf(head, sizeof head, "%s: ", kind);
    put_message(head, msg);
  }
  fflush(stderr);
}

int sh_error(session *s, int off, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  shorten_words(msg);
  s->failed = 1;
  report(s, "error", off, msg);
  return -1;
}

int sh_error_lib(session *s, const gfd_err *e) {
  const char *msg = e && e->msg[0] ? e->msg : gfd_strerror(e ? e->code : GFD_EINVAL);
  if (e && e->code == GFD_EINTR) {
    s->failed = 1;
    /* whether partial results were shown is known only when the command
     * ends: dispatch reports it then (sh_report_interrupt) */
    if (s->shell) s->shell->intr_pending = 1;
    else report(s, "interrupted", -1, "stopped by Ctrl-C");
    return -1;
  }
  if (e && e->code == GFD_ETIME) return sh_error(s, -1, "%s (set timelimit to change)", msg);
  if (e && e->code == GFD_EBUDGET && s->budget == 0) { /* auto: say where the figure came from */
    gfd_budget_info bi;
    gfd_budget_default(&bi);
    return sh_error(s, -1, "%s; auto budget: %s", msg, bi.detail);
  }
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
  put_message("gfd: note: ", msg);
  fflush(stderr);
}


void sh_report_interrupt(session *s, long out_before) {
  if (!s->shell || !s->shell->intr_pending) return;
  s->shell->intr_pending = 0;
  /* say only what is true: what stopped it, and output came out during the
   * command, or none */
  const char *by = s->shell->term_sig == SIGTERM ? "SIGTERM" : s->shell->term_sig == SIGHUP ? "SIGHUP" : "Ctrl-C";
  char msg[128];
  snprintf(msg, sizeof msg, "stopped by %s%s", by,
           s->shell->out_bytes > out_before ? "; the results computed so far are shown above"
                                            : " before any result: nothing to show");
  report(s, "interrupted", -1, msg);
}
