/* progress.c - the progress line of long computations (interactive only):
 * what is being done, percent, elapsed time and an estimate of the time
 * left (eta.c: for the current step, or "unknown" rather than a wrong
 * number), redrawn at most 5 times a second on stderr and erased when done.
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
  /* every report feeds the estimate (phase changes between redraws count) */
  double left = sh_eta_update(&sh->prog_eta, what, now, done, total);
  if (el < PROGRESS_DELAY || now - sh->prog_last < PROGRESS_MIN_INTERVAL) return;
  sh->prog_last = now;
  char line[256], e[32], tail[64] = ", time left unknown", head[96];
  fmt_secs(el, e, sizeof e);
  int more = sh->prog_eta.phases > 1 || (sh->prog_steps && sh->prog_step < sh->prog_steps);
  if (sh->prog_steps) snprintf(head, sizeof head, "run %d/%d: %s", sh->prog_step, sh->prog_steps, what ? what : "");
  else snprintf(head, sizeof head, "%s", what ? what : "");
  if (total > 0 && done > 0) {
    double frac = done / total;
    if (left >= 0) {
      char l[32];
      fmt_secs(left, l, sizeof l);
      /* after the first phase, or before a sweep's last run, more follows: say so */
      snprintf(tail, sizeof tail, ", ~%s left%s", l, more ? " in this step" : "");
    }
    snprintf(line, sizeof line, "%s %3.0f%%  %s elapsed%s  (Ctrl-C stops)", head, 100 * frac, e, tail);
  } else {
    snprintf(line, sizeof line, "%s  %s elapsed  (Ctrl-C stops)", head, e);
  }
  int w = width() - 1;
  if (w > 0 && (int)strlen(line) > w) line[w] = '\0';
  fflush(s->out);
  fprintf(stderr, "\r%s\033[K", line);
  fflush(stderr);
  sh->prog_shown = 1;
  snprintf(sh->prog_what, sizeof sh->prog_what, "%s", what ? what : "");
}

void sh_progress_steps(session *s, int k, int n) {
  if (!s->shell) return;
  s->shell->prog_step = n > 0 ? k : 0;
  s->shell->prog_steps = n > 0 ? n : 0;
}

void sh_progress_end(session *s) {
  if (!s->shell || !s->shell->prog_shown) return;
  fprintf(stderr, "\r\033[K");
  fflush(stderr);
  s->shell->prog_shown = 0;
}
