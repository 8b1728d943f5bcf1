/* gfd/taylor.h - exact per-instance Taylor coefficients of L(t) (THEORY section 2):
 * L(t) = sum_n coef[n] t^n with coef[n] = L^(n)(0)/n!. */
#ifndef GFD_TAYLOR_H
#define GFD_TAYLOR_H

#include <stddef.h>
#include "gfd/common.h"
#include "gfd/model.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GFD_TAYLOR_NMAX 60

/* coef[0..N] for the instance theta (any model and target). */
int gfd_taylor_loss(const gfd_model *m, const double *theta, int N,
                    const gfd_ctl *ctl, double *coef, gfd_err *e);

/* Ensemble mean and standard error over seeds seed0..seed0+K-1. */
int gfd_taylor_ensemble(const gfd_model *m, unsigned long seed0, size_t K, int N,
                        const gfd_ctl *ctl, double *mean, double *se, gfd_err *e);

#ifdef __cplusplus
}
#endif
#endif
