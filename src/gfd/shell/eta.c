/* eta.c - the time-left estimate of the progress line (see eta.h). */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "eta.h"

void sh_eta_reset(sh_eta *e) { memset(e, 0, sizeof *e); }

static void add_sample(sh_eta *e, double t, double d) {
  if (e->gap <= 0) e->gap = ETA_SAMPLE_GAP;
  if (e->n > 0 && t - e->t[e->n - 1] < e->gap) return; /* reports can come every microsecond */
  if (e->n == ETA_SAMPLES) { /* keep every other one and double the gap: samples stay even in time */
    e->gap *= 2;
    int k = 0;
    for (int i = 0; i < e->n; i += 2, k++) {
      e->t[k] = e->t[i];
      e->d[k] = e->d[i];
    }
    e->n = k;
  }
  e->t[e->n] = t;
  e->d[e->n] = d;
  e->n++;
}

/* the latest sample at or before time t with progress, or -1 */
static int sample_before(const sh_eta *e, double t) {
  int best = -1;
  for (int i = 0; i < e->n; i++)
    if (e->t[i] <= t && e->t[i] > 0 && e->d[i] > 0) best = i;
  return best;
}

/* k of time = c done^k through two points; negative when undefined */
static double exponent(double t1, double d1, double t2, double d2) {
  if (!(t2 > t1 && d2 > d1 && t1 > 0 && d1 > 0)) return -1;
  return log(t2 / t1) / log(d2 / d1);
}

double sh_eta_update(sh_eta *e, const char *what, double now, double done, double total) {
  if (!what) what = "";
  if (e->phases == 0 || strncmp(e->what, what, sizeof e->what - 1) != 0) {
    snprintf(e->what, sizeof e->what, "%s", what);
    e->phases++;
    e->t0 = now;
    e->d0 = done;
    e->n = 0;
    e->gap = ETA_SAMPLE_GAP;
  }
  double el = now - e->t0, x = done - e->d0;
  add_sample(e, el, x);
  if (!(total > 0) || !(done < total) || el < ETA_MIN_SECONDS || !(x > 0)) return -1;
  int h = sample_before(e, el / 2), q = sample_before(e, el / 4);
  if (h < 0 || q < 0 || q == h) return -1;
  double k = exponent(e->t[h], e->d[h], el, x), k1 = exponent(e->t[q], e->d[q], e->t[h], e->d[h]);
  if (k <= 0 || k1 <= 0 || k > 2 * k1 || k1 > 2 * k || k > 8) return -1;
  double left = el * pow((total - e->d0) / x, k) - el;
  return left >= 0 && isfinite(left) ? left : -1;
}
