/* diagram_estimate.c - the cost of the next order, extrapolated from the last
 * two, so that an order beyond the memory budget is refused before anything
 * is allocated for it (instead of after filling the budget).  The engine's
 * tables grow geometrically with the order (SYM nu=4 holds 0.6, 8, 142 MiB
 * after n = 3, 4, 5, and 2.95 GiB after n = 6), so the ratio of the last two
 * totals is a fair guess of the next one. */
#include <config.h>
#include <stdio.h>
#include "diagram_internal.h"
#include "internal.h"

/* below this the tables are dominated by fixed costs: no extrapolation */
#define DG_ESTIMATE_MIN ((size_t)1 << 20)

/* Ratios of totals, not of per-order increments: the tables grow in lumps
 * (blocks up to 1 MiB, hash arrays that double), which make increments of
 * small orders meaningless (15.6 KiB then 1 MiB for SYM nu=2 n = 20, 21). */
int dg_extrapolate(size_t a, size_t b, double ta, double tb, size_t scaled, size_t now, size_t *bytes,
                   double *seconds) {
  if (a == 0 || b < DG_ESTIMATE_MIN) return 0;
  double r = (double)b / (double)a;
  if (r < 1) r = 1;
  double total = (double)now + (double)scaled * r;
  *bytes = total >= (double)SIZE_MAX ? SIZE_MAX : (size_t)total;
  double rt = ta > 1e-3 ? tb / ta : r;
  *seconds = tb * (rt < 1 ? 1 : rt);
  return 1;
}

int dg_estimate(const gfd_diagrams *d, gfd_family fam, int n, size_t *bytes, double *seconds) {
  if (n < 2 || n > DG_NMAX || !d->have[fam][n - 1] || !d->have[fam][n - 2]) return 0;
  size_t b = d->held[fam][n - 1];
  /* the whole cache grows by the ratio (its tables serve every order) */
  return dg_extrapolate(d->held[fam][n - 2], b, d->secs[fam][n - 2], d->secs[fam][n - 1],
                        d->mem.bytes > b ? d->mem.bytes : b, 0, bytes, seconds);
}

int dg_refuse_estimate(const char *what, int n, size_t bytes, double secs, size_t a, size_t b,
                       const gfd_ctl *ctl, gfd_err *e) {
  size_t budget = gfd_ctl_budget_bytes(ctl);
  if (bytes <= budget) return GFD_OK;
  char need[32], have[32], g1[32], g2[32];
  return gfd_err_set(e, GFD_EBUDGET,
                     "order %d would need about %s of %s and about %.0f s (they held %s after order %d, "
                     "%s after order %d), over the memory budget of %s (set budget); nothing was "
                     "allocated for it",
                     n, gfd_format_bytes(bytes, need, sizeof need), what, secs,
                     gfd_format_bytes(a, g1, sizeof g1), n - 2, gfd_format_bytes(b, g2, sizeof g2), n - 1,
                     gfd_format_bytes(budget, have, sizeof have));
}

int dg_check_estimate(const gfd_diagrams *d, gfd_family fam, int n, const gfd_ctl *ctl, gfd_err *e) {
  size_t bytes;
  double secs;
  if (!dg_estimate(d, fam, n, &bytes, &secs)) return GFD_OK;
  return dg_refuse_estimate("diagram tables", n, bytes, secs, d->held[fam][n - 2], d->held[fam][n - 1],
                            ctl, e);
}

/* Class listings free their tables when done, so the estimate is of the
 * peak, extrapolated by the ratio of the last two peaks (SYM nu=2 peaks at
 * 0.29, 1.4, 6.6 MiB for n = 5, 6, 7, `diagrams census`). */
int dg_classes_estimate(const gfd_diagrams *d, int n, size_t *bytes, double *seconds) {
  if (n < 2 || n > DG_NMAX || !d->classes[n - 1] || !d->classes[n - 2]) return 0;
  const struct dg_classes *A = d->classes[n - 2], *B = d->classes[n - 1];
  return dg_extrapolate(A->peak, B->peak, A->secs, B->secs, B->peak, d->mem.bytes, bytes, seconds);
}

int dg_classes_check_estimate(const gfd_diagrams *d, int n, const gfd_ctl *ctl, gfd_err *e) {
  size_t bytes;
  double secs;
  if (!dg_classes_estimate(d, n, &bytes, &secs)) return GFD_OK;
  return dg_refuse_estimate("diagram class tables (at their peak)", n, bytes, secs, d->classes[n - 2]->peak,
                            d->classes[n - 1]->peak, ctl, e);
}
