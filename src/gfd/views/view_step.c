/* view_step.c - live stepping inside the plot view: space advances the run
 * by one step DT, r runs step after step until r (or Ctrl-C) again, [ and ]
 * halve and double DT.  The step itself is the area's (area.h step, reached
 * through sh_step): the view never touches the flow's state, it only draws
 * the curve the step extends and keeps the window on the run. */
#include <config.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "view_session.h"

/* The time the simulated run stands at (the end of its curve, in the run's
 * own units); 0 and *t, or -1 if there is no simulated curve. */
static int run_time(const session *s, double *t) {
  for (int i = 0; i < s->ncurves; i++)
    if (s->curves[i].kind == CURVE_SIM && s->curves[i].n) {
      *t = s->curves[i].t[s->curves[i].n - 1];
      return 0;
    }
  return -1;
}

/* DT: the one set with [ ], else 1/20 of the visible window, in the
 * direction the run goes (an ascent run steps further back). */
double vstep_dt(const session *s, const struct view_state *vs, double win_w) {
  double t;
  int back = run_time(s, &t) == 0 && t < 0;
  if (vs->step_dt > 0) return back ? -vs->step_dt : vs->step_dt;
  double w = win_w > 0 && isfinite(win_w) ? win_w : 1;
  /* two significant digits: 0.06, not 0.06000000000000001 (1.2 / 20), on
   * the status line and in the `flow step` lines a saved session replays */
  char b[32];
  snprintf(b, sizeof b, "%.2g", w / 20);
  double dt = strtod(b, NULL);
  if (!(dt > 0)) dt = w / 20;
  return back ? -dt : dt;
}

/* The last line the step wrote under the screen (its error), into msg. */
static void take_error(struct view_state *vs, off_t since) {
  char buf[512];
  fflush(stdout);
  fflush(stderr);
  off_t end = vs->capture ? lseek(fileno(vs->capture), 0, SEEK_END) : -1;
  if (end <= since) {
    snprintf(vs->msg, sizeof vs->msg, "the step failed");
    return;
  }
  off_t from = end - since > (off_t)sizeof buf - 1 ? end - (off_t)sizeof buf + 1 : since;
  ssize_t n = pread(fileno(vs->capture), buf, (size_t)(end - from), from);
  if (n <= 0) {
    snprintf(vs->msg, sizeof vs->msg, "the step failed");
    return;
  }
  buf[n] = '\0';
  while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ')) buf[--n] = '\0';
  char *line = strrchr(buf, '\n');
  line = line ? line + 1 : buf;
  if (!strncmp(line, "gfd: ", 5)) line += 5;
  snprintf(vs->msg, sizeof vs->msg, "%.*s", (int)sizeof vs->msg - 1, line);
}

/* One step of dt.  Its rows are not printed (the view draws them; the
 * table would flood the terminal when the view closes); an error stops a
 * continuous run and shows on the status line.  0, or -1. */
static int step_once(session *s, struct view_state *vs, double dt) {
  FILE *null = fopen("/dev/null", "w"), *out = s->out;
  off_t since = vs->capture ? lseek(fileno(vs->capture), 0, SEEK_END) : -1;
  double t0 = gfd_now(), t = NAN;
  if (null) s->out = null;
  vs->stepping = 1;
  vs->live = 1; /* the progress callback redraws a long step (view_live_update) */
  /* During r, Ctrl-C means "stop running", not "end the flow": it is held
   * back while a step computes (an interrupted step would end the run for
   * good) and delivered after it, when the view's loop stops the run.  A
   * single space step stays interruptible. */
  sigset_t intr, was;
  sigemptyset(&intr);
  sigaddset(&intr, SIGINT);
  int held = vs->running && sigprocmask(SIG_BLOCK, &intr, &was) == 0;
  int rc = sh_step(s, dt, &t);
  if (held) sigprocmask(SIG_SETMASK, &was, NULL); /* a pending Ctrl-C arrives here */
  vs->live = 0;
  vs->stepping = 0;
  s->out = out;
  if (null) fclose(null);
  vs->step_secs += gfd_now() - t0;
  if (rc == 1) {
    snprintf(vs->msg, sizeof vs->msg, "nothing to step: define a model first");
    return -1;
  }
  if (rc < 0) {
    take_error(vs, since);
    s->interrupted = 0; /* the step's Ctrl-C ended the step, not the view */
    s->failed = 0;      /* shown on the status line: the plot itself did not fail */
    return -1;
  }
  vs->steps++;
  /* a window chosen by pan/zoom follows the run: its end moves with t */
  if (vs->have_t && isfinite(t)) {
    double w = vs->t1 - vs->t0;
    if (t > vs->t1) vs->t1 = t, vs->t0 = t - w;
    else if (t < vs->t0) vs->t0 = t, vs->t1 = t + w;
  }
  return 0;
}

void vstep_run_tick(session *s, struct view_state *vs) {
  if (vs->running && step_once(s, vs, vs->run_dt) < 0) vs->running = 0;
}

void vstep_stop(struct view_state *vs, const char *why) {
  if (!vs->running) return;
  vs->running = 0;
  snprintf(vs->msg, sizeof vs->msg, "stopped (%s)", why);
}

int vstep_key(session *s, struct view_state *vs, int key, double win_w) {
  switch (key) {
  case ' ':
    vs->msg[0] = '\0';
    if (vs->running) vstep_stop(vs, "space");
    else step_once(s, vs, vstep_dt(s, vs, win_w));
    return 1;
  case 'r': case 'R':
    vs->msg[0] = '\0';
    if (vs->running) {
      vstep_stop(vs, "r");
    } else {
      /* DT is fixed for the whole run: an automatic one would grow with the
       * window it follows, and the run would race ahead */
      vs->run_dt = vstep_dt(s, vs, win_w);
      vs->running = 1;
    }
    return 1;
  case '[': case ']': {
    double dt = fabs(vstep_dt(s, vs, win_w)) * (key == ']' ? 2 : 0.5);
    vs->step_dt = dt;
    if (vs->running) vs->run_dt = vs->run_dt < 0 ? -dt : dt;
    snprintf(vs->msg, sizeof vs->msg, "step dt=%.3g", dt);
    return 1;
  }
  default:
    return 0;
  }
}

void vstep_status(const session *s, const struct view_state *vs, double win_w, char *buf, size_t n) {
  double t;
  char tt[32];
  if (run_time(s, &t) == 0) snprintf(tt, sizeof tt, "t=%.6g", t);
  else snprintf(tt, sizeof tt, "t=0 (no run)");
  double dt = vs->running ? vs->run_dt : vstep_dt(s, vs, win_w);
  if (vs->steps)
    snprintf(buf, n, "%s dt=%.3g %s%ld step%s %.2fs", tt, dt, vs->running ? "running " : "", vs->steps,
             vs->steps == 1 ? "" : "s", vs->step_secs);
  else
    snprintf(buf, n, "%s dt=%.3g", tt, dt);
}
