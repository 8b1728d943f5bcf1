/* test_shell_eta.c - the progress line's time-left estimate (eta.c) on
 * synthetic clocks: no timing, the time is passed in.  Work of power-law
 * cost is extrapolated to within a few percent; too early, no total, a stall,
 * a rate that changes abruptly and a new phase all give "unknown". */
#include <config.h>
#include <math.h>
#include "testutil.h"
#include "eta.h"

/* feed reports every 0.1 s up to time T of done(t); returns the last estimate */
static double run(sh_eta *e, const char *what, double t0, double T, double (*done)(double), double total) {
  double left = -1;
  for (double t = 0; t <= T + 1e-9; t += 0.1) left = sh_eta_update(e, what, t0 + t, done(t), total);
  return left;
}

static double uniform(double t) { return 5 * t; }       /* 5 units a second */
static double quadratic(double t) { return 10 * sqrt(t); } /* time ~ done^2: cost per unit grows */
static double stall(double t) { return t < 4 ? 5 * t : 20; }
static double speedup(double t) { return t < 5 ? t : 5 + 10 * (t - 5); }

int main(void) {
  sh_eta e;
  /* 50 of 100 units after 10 s: 10 s left.  Exact for power laws up to the
   * sampling grid (measured errors <= 1.1%, the phase starting one report
   * early): tolerance 2%, 5% for the quadratic */
  sh_eta_reset(&e);
  tu_rel("uniform work: 10 s left at half", run(&e, "flow", 0, 10, uniform, 100), 10, 0.02);
  tu_true("one phase", e.phases == 1);
  /* time = done^2 / 100: 100 units take 100 s; at t = 4 (20 units) 96 s
   * are left, where a linear estimate would say 16 s */
  sh_eta_reset(&e);
  tu_rel("quadratic cost: 96 s left at t = 4 (not the linear 16 s)", run(&e, "series", 0, 4, quadratic, 100), 96,
         0.05);
  /* before ETA_MIN_SECONDS: unknown */
  sh_eta_reset(&e);
  tu_true("too early: unknown", run(&e, "flow", 0, 0.5, uniform, 100) < 0);
  sh_eta_reset(&e);
  tu_true("no total: unknown", run(&e, "flow", 0, 10, uniform, 0) < 0);
  sh_eta_reset(&e);
  tu_true("stalled since 4 s: unknown at 10 s", run(&e, "flow", 0, 10, stall, 100) < 0);
  /* 10x faster after 5 s: the fits from the first and second halves
   * disagree (k = 1 vs 0.29): unknown rather than a number */
  sh_eta_reset(&e);
  tu_true("abrupt speed-up: unknown", run(&e, "flow", 0, 10, speedup, 1000) < 0);
  /* a new phase restarts the estimate from its own start (the old one's
   * rate says nothing about it) and counts as a second step */
  sh_eta_reset(&e);
  run(&e, "diagrams: term graphs of order 8", 0, 10, uniform, 100);
  tu_true("new phase: unknown at first",
          sh_eta_update(&e, "diagrams: Wick sums of order 8", 10.1, 0, 1000) < 0 && e.phases == 2);
  tu_rel("new phase: its own rate (10 s left after 10 s at half)",
         run(&e, "diagrams: Wick sums of order 8", 10.2, 10, uniform, 100), 10, 0.02);
  tu_true("done >= total: unknown", sh_eta_update(&e, "x", 100, 5, 5) < 0);
  /* thousands of reports: the kept samples stay within ETA_SAMPLES and
   * spread over the phase (the estimate still needs the half-time one) */
  sh_eta_reset(&e);
  double left = -1;
  for (int i = 0; i <= 100000; i++) left = sh_eta_update(&e, "flow", i * 1e-4, i * 5e-4, 100);
  tu_true("100000 reports: samples bounded", e.n <= ETA_SAMPLES);
  tu_rel("100000 reports: uniform work still 10 s left", left, 10, 0.02);
  return tu_done();
}
