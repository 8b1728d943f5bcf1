/* gfd/diagram.h - Wick-diagram engine (THEORY section 3): exact expected
 * derivatives E[L^(n)(0)] as polynomials in p, H, s = sigma^2, kappa, and the
 * reduced diagram classes behind them. */
#ifndef GFD_DIAGRAM_H
#define GFD_DIAGRAM_H

#include <stddef.h>
#include "gfd/common.h"
#include "gfd/model.h"
#include "gfd/poly.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Which family of terms to sum. */
typedef enum {
  GFD_FAMILY_FULL = 0, /* E[L^(n)(0)] for the model's target */
  GFD_FAMILY_NTK = 1,  /* NTK sub-family: 1/2 (-2)^n E<r0, Theta0^n r0> */
  GFD_FAMILY_ZERO = 2  /* the same model with target zero (free evolution) */
} gfd_family;

/* A per-(kind, nu, target) cache of term graphs, Wick values and results;
 * grows as higher orders are asked for. target: GFD_TGT_IDENTITY or GFD_TGT_ZERO. */
typedef struct gfd_diagrams gfd_diagrams;

gfd_diagrams *gfd_diagrams_new(gfd_kind kind, int nu, gfd_target target, gfd_err *e);
void gfd_diagrams_free(gfd_diagrams *d);

/* E[L^(n)(0)] (not divided by n!) of the family; the returned polynomial is
 * owned by the cache and valid until it is freed. */
int gfd_diagrams_poly(gfd_diagrams *d, gfd_family fam, int n, const gfd_ctl *ctl,
                      const gfd_poly **out, gfd_err *e);

#ifdef __cplusplus
}
#endif
#endif
