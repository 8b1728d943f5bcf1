/* gfd/taylor.h - exact per-instance Taylor coefficients of L(t) (gfd-theory(7) section 2):
 * L(t) = sum_n coef[n] t^n with coef[n] = L^(n)(0)/n!, t the gradient-flow time
 * (t < 0 is gradient ascent). */
#ifndef GFD_TAYLOR_H
#define GFD_TAYLOR_H

#include <stddef.h>
#include "gfd/common.h"
#include "gfd/model.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GFD_TAYLOR_NMAX 60

/* coef[0..N] for the instance theta (any model and target), 0 <= N <= 60.
 *
 * Method: Taylor-mode recursion of the flow, (n+1) u_{n+1} = -[grad L(u(t))]_n,
 * with Cauchy products of the Gram series and their Hadamard powers (GEMMs);
 * cost about 1.5 N^2 H^2 p flops per factor block, memory about
 * (N+1)(H p + nu H^2) doubles per factor block (gfd_taylor_bytes), checked
 * against ctl's budget first.  coef[0] is L from its formula; coef[n >= 1]
 * follows from dL/dt = -||grad L||^2 applied to the parameter series.
 *
 * Accuracy (measured, tests/test_taylor_exact.c): the coefficients grow like
 * R^-n (R the convergence radius; time is rescaled internally so nothing
 * overflows before the final coef), and each is computed to a relative error
 * of a few 1e-16, at most 6e-15, for every n up to 60 (SYM nu = 2 at p <= 300
 * against the exact eigenvalue solution; the error does not visibly grow with
 * n).  Coefficients that pass close to zero (complex poles: oscillating signs)
 * carry the same absolute error, so a larger relative one.  A truncated sum
 * inside the radius is as accurate as its coefficients (1e-13 .. 1e-12 of L
 * at |t| = R/4 with 20 terms, limited by the truncation).
 *
 * Errors: GFD_EINVAL (N out of range), GFD_EBUDGET, GFD_ENOMEM, GFD_ENUMERIC
 * (NaN/inf in theta, or a coefficient that overflows double: use
 * gfd_taylor_loss_scaled), GFD_EINTR / GFD_ETIME (coef[0..n] valid up to the
 * order reached, the rest NaN). */
int gfd_taylor_loss(const gfd_model *m, const double *theta, int N,
                    const gfd_ctl *ctl, double *coef, gfd_err *e);

/* The same coefficients in a rescaled time: coef[n] = coef_scaled[n] / tscale^n,
 * where tscale = ||theta|| / ||grad L(theta)|| (a rough convergence radius), so
 * coef_scaled never overflows where coef would. */
int gfd_taylor_loss_scaled(const gfd_model *m, const double *theta, int N,
                           const gfd_ctl *ctl, double *coef_scaled, double *tscale,
                           gfd_err *e);

/* A caller-held workspace for series of order up to N of the model m: the
 * memory of gfd_taylor_bytes(m, N), allocated (and checked against ctl's
 * budget) once, so a loop over instances, seeds or orders <= N does not
 * allocate and fault in fresh pages on every call.  Results through a
 * workspace are bitwise equal to the one-shot routines, whatever the
 * workspace's order and whatever it computed before.  The workspace keeps a
 * pointer to m (m must outlive it) and belongs to one thread at a time.
 * Errors: those of gfd_taylor_loss before the recursion (GFD_EINVAL,
 * GFD_EBUDGET, GFD_ENOMEM); NULL then. */
typedef struct gfd_taylor_ws gfd_taylor_ws;
gfd_taylor_ws *gfd_taylor_ws_new(const gfd_model *m, int N, const gfd_ctl *ctl, gfd_err *e);
/* Frees w (NULL is a no-op). */
void gfd_taylor_ws_free(gfd_taylor_ws *w);
/* The largest order w serves. */
int gfd_taylor_ws_order(const gfd_taylor_ws *w);

/* gfd_taylor_loss and gfd_taylor_loss_scaled in the workspace w, which must
 * have been built for m with an order >= N: a larger N, or another model, is
 * GFD_EINVAL with a message naming the workspace's order (no reallocation). */
int gfd_taylor_loss_ex(gfd_taylor_ws *w, const gfd_model *m, const double *theta, int N,
                       const gfd_ctl *ctl, double *coef, gfd_err *e);
int gfd_taylor_loss_scaled_ex(gfd_taylor_ws *w, const gfd_model *m, const double *theta, int N,
                              const gfd_ctl *ctl, double *coef_scaled, double *tscale, gfd_err *e);

/* Bytes of workspace one series of order N needs (SIZE_MAX if N is out of range
 * or the size overflows). */
size_t gfd_taylor_bytes(const gfd_model *m, int N);

/* Ensemble mean and standard error (sample standard deviation / sqrt(K); 0 for
 * K = 1) of coef[0..N] over seeds seed0..seed0+K-1, each instance drawn with
 * gfd_model_init_params.  Interrupted: GFD_EINTR with mean/se over the seeds
 * completed so far (NaN if none). */
int gfd_taylor_ensemble(const gfd_model *m, unsigned long seed0, size_t K, int N,
                        const gfd_ctl *ctl, double *mean, double *se, gfd_err *e);
/* The same, and *seeds_done (may be NULL) = the number of seeds averaged: K
 * on success, fewer when interrupted (the seeds seed0..seed0+*seeds_done-1,
 * taken in order). */
int gfd_taylor_ensemble_ex(const gfd_model *m, unsigned long seed0, size_t K, int N,
                           const gfd_ctl *ctl, double *mean, double *se, size_t *seeds_done,
                           gfd_err *e);
/* The same in the caller's workspace w (built for m, order >= N; see
 * gfd_taylor_loss_ex): every seed runs in w.  gfd_taylor_ensemble_ex builds
 * one workspace and calls this. */
int gfd_taylor_ensemble_ws(gfd_taylor_ws *w, const gfd_model *m, unsigned long seed0, size_t K, int N,
                           const gfd_ctl *ctl, double *mean, double *se, size_t *seeds_done,
                           gfd_err *e);

#ifdef __cplusplus
}
#endif
#endif
