/* regime_job.c - regime cells as work units (gfd/jobs.h): unit i * nb + j
 * classifies the scaling (as[i], bs[j]).  Workers build their own diagram
 * engine; rank 0 and the serial loop use the caller's. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "gfd/diagram.h"
#include "gfd/jobs.h"

typedef struct cells_ctx {
  gfd_regime_cells_desc d;
  gfd_rat *as, *bs;
  gfd_diagrams *dg, *own;
  gfd_regime_result *r;
} cells_ctx;

static void cells_close(void *ctx) {
  cells_ctx *c = ctx;
  if (!c) return;
  gfd_diagrams_free(c->own);
  free(c->as);
  free(c->r);
  free(c);
}

static cells_ctx *cells_new(gfd_diagrams *d, const void *desc, size_t len, gfd_err *e) {
  cells_ctx *c = calloc(1, sizeof *c);
  if (!c) goto nomem;
  if (len >= sizeof c->d) memcpy(&c->d, desc, sizeof c->d);
  if (len < sizeof c->d || len != sizeof c->d + (c->d.na + c->d.nb) * sizeof(gfd_rat)) {
    gfd_err_set(e, GFD_EINVAL, "a description of regime cells has the wrong size");
    goto fail;
  }
  c->as = malloc((c->d.na + c->d.nb + 1) * sizeof *c->as);
  c->r = calloc(1, sizeof *c->r);
  if (!c->as || !c->r) goto nomem;
  memcpy(c->as, (const char *)desc + sizeof c->d, (c->d.na + c->d.nb) * sizeof *c->as);
  c->bs = c->as + c->d.na;
  c->dg = d;
  if (!d && !(c->dg = c->own = gfd_diagrams_new(c->d.kind, c->d.nu, c->d.target, e))) goto fail;
  return c;
nomem:
  gfd_err_set(e, GFD_ENOMEM, "out of memory for the regime cells");
fail:
  cells_close(c);
  return NULL;
}

void *gfd_regime_cells_ctx(gfd_diagrams *d, const void *desc, size_t len, gfd_err *e) {
  return cells_new(d, desc, len, e);
}

static int cells_open(const void *desc, size_t len, void **ctx, const gfd_ctl *ctl, gfd_err *e) {
  (void)ctl;
  *ctx = cells_new(NULL, desc, len, e);
  return *ctx ? GFD_OK : (e && e->code ? e->code : GFD_ENOMEM);
}

static int cells_unit(void *ctx, size_t u, const void *in, void *out, const gfd_ctl *ctl, gfd_err *e) {
  (void)in;
  cells_ctx *c = ctx;
  gfd_regime_cell cell;
  memset(&cell, 0, sizeof cell);
  gfd_scaling sc = c->d.base;
  sc.a = c->as[u / c->d.nb];
  sc.b = c->bs[u % c->d.nb];
  int rc = gfd_regime_classify(c->dg, &sc, c->d.N, ctl, c->r, e);
  if (rc == GFD_OK) {
    const gfd_regime_quantity *q = c->d.of_excess ? &c->r->excess : &c->r->loss;
    cell.regime = (int)q->regime;
    cell.dyn = q->dynamical || (q->regime == GFD_REGIME_MULTISCALE && !q->bulk_bound); /* g: the bulk's */
    cell.g = gfd_rat_to_double(q->g);
    cell.have_e0 = !q->lead[0].zero;
    cell.e0 = gfd_rat_to_double(q->E0);
    cell.balance = c->r->balance;
    cell.finetuned = q->finetuned > 0;
  }
  memcpy(out, &cell, sizeof cell);
  return rc;
}

const gfd_job_kind gfd_job_regime_cells = {"regime-cells", cells_open, cells_unit, cells_close};
