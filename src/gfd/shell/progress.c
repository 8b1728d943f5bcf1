/* progress.c - the progress line of long computations (interactive only):
 * what is being done, percent, elapsed time and an estimate of the time
 * left, redrawn at most 5 times a second on stderr and erased when done.
 * While a live plot is up, the same callback keeps it responsive instead. */
#include <config.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "shell_priv.h"

#define PROGRESS_MIN_INTERVAL 0.2 /* seconds between redraws */
#define PROGRESS_DELAY 0.5        /* show nothing for computations shorter than this */

static int width(void) {
  struct winsize ws;
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

static void fmt_secs(double t, char *buf, size_t n) {
  if (t < 60) snprintf(buf, n, "%.1fs", t);
  else if (t < 3600) snprintf(buf, n, "%dm%02ds", (int)(t / 60), (int)t % 60);
  else snprintf(buf, n, "%dh%02dm", (int)(t / 3600), ((int)t % 3600) / 60);
}

void sh_progress_cb(void *ud, const char *what, double done, double total) {
  session *s = ud;
  struct shell_state *sh = s->shell;
  if (!sh) return;
  if (s->view_active) { /* a view owns the screen: the live plot (rate-limited) instead */
    for (const area *const *a = sh_areas(); *a; a++)
      if ((*a)->live_update) (*a)->live_update(s);
    return;
  }
  if (!sh->prog_tty) return;
  double now = gfd_now();
  double el = now - sh->prog_start;
  if (total > 0 && done >= total) {
    sh_progress_end(s);
    return;
  }
  if (el < PROGRESS_DELAY || now - sh->prog_last < PROGRESS_MIN_INTERVAL) return;
  sh->prog_last = now;
  char line[256], e[32], left[48] = "";
  fmt_secs(el, e, sizeof e);
  if (total > 0 && done > 0) {
    double frac = done / total;
    char l[32];
    fmt_secs(el * (1 - frac) / frac, l, sizeof l);
    snprintf(left, sizeof left, ", ~%s left", l);
    snprintf(line, sizeof line, "%s %3.0f%%  %s elapsed%s  (Ctrl-C stops)", what ? what : "",
             100 * frac, e, left);
  } else {
    snprintf(line, sizeof line, "%s  %s elapsed  (Ctrl-C stops)", what ? what : "", e);
  }
  int w = width() - 1;
  if (w > 0 && (int)strlen(line) > w) line[w] = '\0';
  fflush(s->out);
  fprintf(stderr, "\r%s\033[K", line);
  fflush(stderr);
  sh->prog_shown = 1;
  snprintf(sh->prog_what, sizeof sh->prog_what, "%s", what ? what : "");
}

void sh_progress_end(session *s) {
  if (!s->shell || !s->shell->prog_shown) return;
  fprintf(stderr, "\r\033[K");
  fflush(stderr);
  s->shell->prog_shown = 0;
}
