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
int dg_estimate(const gfd_diagrams *d, gfd_family fam, int n, size_t *bytes, double *seconds) {
  if (n < 2 || n > DG_NMAX || !d->have[fam][n - 1] || !d->have[fam][n - 2]) return 0;
  size_t a = d->held[fam][n - 2], b = d->held[fam][n - 1];
  if (a == 0 || b < DG_ESTIMATE_MIN) return 0;
  double r = (double)b / (double)a;
  if (r < 1) r = 1;
  double total = (double)(d->mem.bytes > b ? d->mem.bytes : b) * r;
  *bytes = total >= (double)SIZE_MAX ? SIZE_MAX : (size_t)total;
  double ta = d->secs[fam][n - 2], tb = d->secs[fam][n - 1];
  double rt = ta > 1e-3 ? tb / ta : r;
  *seconds = tb * (rt < 1 ? 1 : rt);
  return 1;
}

int dg_check_estimate(const gfd_diagrams *d, gfd_family fam, int n, const gfd_ctl *ctl, gfd_err *e) {
  size_t bytes;
  double secs;
  if (!dg_estimate(d, fam, n, &bytes, &secs)) return GFD_OK;
  size_t budget = gfd_ctl_budget_bytes(ctl);
  if (bytes <= budget) return GFD_OK;
  char need[32], have[32], g1[32], g2[32];
  return gfd_err_set(e, GFD_EBUDGET,
                     "order %d would need about %s of diagram tables and about %.0f s (they held %s "
                     "after order %d, %s after order %d), over the memory budget of %s (set "
                     "budget); nothing was allocated for it",
                     n, gfd_format_bytes(bytes, need, sizeof need), secs,
                     gfd_format_bytes(d->held[fam][n - 2], g1, sizeof g1), n - 2,
                     gfd_format_bytes(d->held[fam][n - 1], g2, sizeof g2), n - 1,
                     gfd_format_bytes(budget, have, sizeof have));
}

/* Class listings free their tables when done, so the estimate is of the
 * peak, extrapolated by the ratio of the last two peaks (SYM nu=2 peaks at
 * 0.29, 1.4, 6.6 MiB for n = 5, 6, 7, `diagrams census`). */
int dg_classes_estimate(const gfd_diagrams *d, int n, size_t *bytes, double *seconds) {
  if (n < 2 || n > DG_NMAX || !d->classes[n - 1] || !d->classes[n - 2]) return 0;
  const struct dg_classes *A = d->classes[n - 2], *B = d->classes[n - 1];
  if (A->peak == 0 || B->peak < DG_ESTIMATE_MIN) return 0;
  double r = (double)B->peak / (double)A->peak;
  if (r < 1) r = 1;
  double total = (double)d->mem.bytes + (double)B->peak * r;
  *bytes = total >= (double)SIZE_MAX ? SIZE_MAX : (size_t)total;
  double rt = A->secs > 1e-3 ? B->secs / A->secs : r;
  *seconds = B->secs * (rt < 1 ? 1 : rt);
  return 1;
}

int dg_classes_check_estimate(const gfd_diagrams *d, int n, const gfd_ctl *ctl, gfd_err *e) {
  size_t bytes;
  double secs;
  if (!dg_classes_estimate(d, n, &bytes, &secs)) return GFD_OK;
  size_t budget = gfd_ctl_budget_bytes(ctl);
  if (bytes <= budget) return GFD_OK;
  char need[32], have[32], g1[32], g2[32];
  return gfd_err_set(e, GFD_EBUDGET,
                     "the diagram classes of order %d would need about %s and about %.0f s (the "
                     "listings of orders %d and %d peaked at %s and %s), over the memory budget of "
                     "%s (set budget); nothing was allocated for them",
                     n, gfd_format_bytes(bytes, need, sizeof need), secs, n - 2, n - 1,
                     gfd_format_bytes(d->classes[n - 2]->peak, g1, sizeof g1),
                     gfd_format_bytes(d->classes[n - 1]->peak, g2, sizeof g2),
                     gfd_format_bytes(budget, have, sizeof have));
}
