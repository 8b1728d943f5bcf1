/* gfd/model.h - CP tensor models (gfd-theory(7) section 0) and their loss and gradient
 * by the Gram trick (gfd-theory(7) section 1) or, where cheaper, the dense tensor.
 *
 * Parameter layout (theta, length gfd_model_dim):
 *   SYM:  U is H x p, row-major: theta[h*p + i] = u_{h,i}
 *   ASYM: nu blocks U_1..U_nu, each H x p: theta[(k*H + h)*p + i] = u^{(k+1)}_{h,i}
 * Initialisation: iid N(0, sigma^2) drawn in that order from one gsl_rng
 * (mt19937) seeded with `seed`. */
#ifndef GFD_MODEL_H
#define GFD_MODEL_H

#include <stddef.h>
#include "gfd/common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GFD_NU_MIN 2
#define GFD_NU_MAX 8

typedef enum { GFD_SYM = 0, GFD_ASYM = 1 } gfd_kind;

typedef enum {
  GFD_TGT_IDENTITY = 0, /* y_{i..i} = kappa */
  GFD_TGT_ZERO = 1,
  GFD_TGT_TEACHER = 2,  /* kappa * random CP tensor of rank r, unit-norm factors */
  GFD_TGT_MODADD = 3    /* nu = 3 only: y_{abc} = kappa [a + b = c mod p] */
} gfd_target;

typedef struct gfd_spec {
  gfd_kind kind;
  int nu;
  size_t p, H;
  double sigma;
  gfd_target target;
  double kappa;              /* target amplitude, default 1 */
  size_t r;                  /* teacher rank */
  unsigned long teacher_seed;
  unsigned long seed;        /* initialisation seed of the (first) instance */
} gfd_spec;

/* The built-in default model (what `gfd` starts on). */
void gfd_spec_default(gfd_spec *s);
/* Check ranges and combinations; GFD_EINVAL with a message naming the field. */
int gfd_spec_check(const gfd_spec *s, gfd_err *e);
/* Seeds seed0..seed0+K-1 must lie in 1..2^32-1 (GSL seeds with 32 bits and
 * maps 0 to its default seed, which would repeat another instance). */
int gfd_seed_check(const char *what, unsigned long seed0, size_t K, gfd_err *e);
/* Bytes needed by a model plus one instance and one workspace. */
size_t gfd_spec_bytes(const gfd_spec *s);
/* Number of parameters: H p (SYM) or nu H p (ASYM); 0 on overflow. */
size_t gfd_spec_dim(const gfd_spec *s);

const char *gfd_kind_name(gfd_kind k);      /* "sym" / "asym" */
const char *gfd_target_name(gfd_target t);  /* "identity", "zero", "teacher", "modadd" */
int gfd_kind_parse(const char *s, gfd_kind *out);      /* case-insensitive; 0 ok, GFD_EINVAL */
int gfd_target_parse(const char *s, gfd_target *out);

typedef struct gfd_model gfd_model;

/* Checks the spec and the budget, then builds the model (target data). */
gfd_model *gfd_model_new(const gfd_spec *s, const gfd_ctl *ctl, gfd_err *e);
void gfd_model_free(gfd_model *m);
const gfd_spec *gfd_model_spec(const gfd_model *m);
size_t gfd_model_dim(const gfd_model *m);
/* 1/2 ||y||^2 */
double gfd_model_target_half_norm2(const gfd_model *m);
/* Gaussian initialisation of theta (length dim) from seed. */
int gfd_model_init_params(const gfd_model *m, unsigned long seed, double *theta, gfd_err *e);

/* How gfd_model_eval computes: through the H x H Gram matrices of the
 * factors (~3 H^2 p flops per factor block), through the dense tensor f
 * of p^nu entries (~(2 + 2 nu) H p^nu flops; only up to 2^22 entries), or,
 * for SYM models, through the distinct entries of the symmetric f ("packed":
 * ~2 H (C(p+nu-1, nu) + p C(p+nu-2, nu-1)) flops, ~(5/12) H p^4 at nu = 4;
 * only up to 2^23 doubles in its tables).  gfd_model_new picks the route of least cost,
 * flops divided by the route's speed relative to the Gram route (below);
 * all give the same loss and gradient to rounding. */
typedef enum { GFD_ROUTE_GRAM = 0, GFD_ROUTE_DENSE = 1, GFD_ROUTE_PACKED = 2 } gfd_route;
/* The dense route's work is matrix-vector products, the Gram route's
 * matrix-matrix ones: per flop it ran 1.7-2.7x slower (1 thread; SYM nu=2..4,
 * ASYM nu=3, p 10..50, H 256..1024), and faster only at large H, where the
 * Gram matrices leave the cache.  So it must need at most this fraction of
 * the Gram route's flops. */
#define GFD_ROUTE_MARGIN 0.35
/* The packed route is matrix-matrix products too (one side only p wide, a
 * tile of P to build, a gather of W): per flop it ran 0.6-1.1x as fast as
 * the Gram route near the switch (1 thread; SYM nu=2..4, p 16..50, H
 * 256..4096; bench_gradient packed) and 5x at H = 8448, where the Gram
 * matrices leave the cache. */
#define GFD_ROUTE_PACKED_MARGIN 0.8
const char *gfd_route_name(gfd_route r); /* "gram" / "dense" / "packed" */
/* The route gfd_model_new picks for s, and the flops of a gradient by route r. */
gfd_route gfd_spec_route(const gfd_spec *s);
double gfd_route_flops(const gfd_spec *s, gfd_route r);
gfd_route gfd_model_route(const gfd_model *m);
/* Force a route (tests, benchmarks): GFD_EBUDGET if the dense tensor is
 * too large (p^nu > 2^22), the packed tables too (or the model ASYM), or
 * either is over ctl's budget.  A workspace computes by the
 * route it was made for: make new ones after switching. */
int gfd_model_set_route(gfd_model *m, gfd_route r, const gfd_ctl *ctl, gfd_err *e);

typedef struct gfd_work gfd_work;
gfd_work *gfd_work_new(const gfd_model *m, const gfd_ctl *ctl, gfd_err *e);
void gfd_work_free(gfd_work *w);

/* Loss L, excess L - ||y||^2/2 computed from its own terms (never by
 * subtraction) and, if grad != NULL, grad_theta L.  Any output may be NULL.
 * Returns GFD_ENUMERIC if theta holds NaN/inf. */
int gfd_model_eval(const gfd_model *m, const double *theta, gfd_work *w,
                   double *loss, double *excess, double *grad);

#ifdef __cplusplus
}
#endif
#endif
