/* runctl.c - run control: the gfd_ctl a long computation polls (interrupt
 * flag, memory budget, deadline from `set timelimit`, progress line), and
 * the one for work nested inside a running computation. */
#include <config.h>
#include <string.h>
#include <unistd.h>
#include "shell_priv.h"

int sh_terminating(const session *s) {
  return s->shell && s->shell->term_sig;
}

const gfd_ctl *sh_ctl(session *s) {
  /* The interrupt flag is not cleared here: the prompt clears it before each
   * command, and a Ctrl-C that arrives between two computations of one
   * command (or in batch mode between commands) must still stop the run. */
  memset(&s->ctl, 0, sizeof s->ctl);
  s->ctl.interrupt = &s->interrupted;
  s->ctl.budget = s->budget ? s->budget : gfd_budget_default_bytes();
  s->ctl.deadline = s->time_limit > 0 ? gfd_now() + s->time_limit : 0;
  s->ctl.runner = s->shell ? s->shell->runner : NULL; /* MPI ranks, if any (scaleout.h) */
  /* threads for work the library shares out itself (the diagram engine's
   * Wick sums): `set threads N`, or under auto every core; the rule of auto
   * for small matrix products does not apply (those threads wake at every
   * product, these once a computation) */
  s->ctl.threads = s->shell && s->shell->threads_auto ? s->shell->threads_max : s->threads;
  /* interactively the callback also serves the live plot (keys, resizes and
   * redraws within a computation), so it is installed even without a
   * progress line */
  if (s->interactive && s->shell) {
    s->ctl.progress = sh_progress_cb;
    s->ctl.progress_ud = s;
    s->shell->prog_tty = s->shell->progress && isatty(STDERR_FILENO);
    s->shell->prog_start = gfd_now();
    s->shell->prog_last = 0;
    sh_eta_reset(&s->shell->prog_eta);
  }
  return &s->ctl;
}

const gfd_ctl *sh_ctl_nested(session *s, gfd_ctl *out) {
  memset(out, 0, sizeof *out);
  out->interrupt = &s->interrupted;
  out->budget = s->ctl.budget ? s->ctl.budget : s->budget ? s->budget : gfd_budget_default_bytes();
  out->deadline = s->ctl.deadline;
  return out;
}

