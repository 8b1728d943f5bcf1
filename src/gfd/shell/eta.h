/* eta.h - the time-left estimate of the progress line, from the reports
 * (what, done, total) of one computation.  Pure logic (the clock is passed
 * in), so that tests can drive it.
 *
 * A "phase" is a run of reports with the same `what`; the estimate is for the
 * phase only (a computation may have more phases after it, which is why the
 * line says "in this step" once the phase has changed).  Work per unit is not
 * uniform (a diagram order costs far more than the one before, a flow slows
 * near a blow-up), so the time of the phase is fitted as c * done^k from the
 * reports at a quarter and at half of its elapsed time and now; the estimate
 * is "unknown" (negative) until the phase has run ETA_MIN_SECONDS, has made
 * progress in its second half, and two fits agree on k within a factor 2. */
#ifndef GFD_SHELL_ETA_H
#define GFD_SHELL_ETA_H

#define ETA_SAMPLES 64
#define ETA_MIN_SECONDS 1.0
#define ETA_SAMPLE_GAP 0.02 /* seconds between kept samples, at first */

typedef struct sh_eta {
  char what[64]; /* the current phase */
  int phases;    /* phases seen since sh_eta_reset */
  double t0, d0; /* the phase's start: time and done */
  int n;         /* samples (time since t0, done since d0), oldest first, thinned when full */
  double gap;    /* least time between samples (doubles at each thinning) */
  double t[ETA_SAMPLES], d[ETA_SAMPLES];
} sh_eta;

/* A new computation. */
void sh_eta_reset(sh_eta *e);
/* Feed one report at time `now` (seconds); returns the seconds left in the
 * phase, or a negative number when they are unknown (no total, too early,
 * no recent progress, or work whose rate changes too much to extrapolate). */
double sh_eta_update(sh_eta *e, const char *what, double now, double done, double total);

#endif
