/* flow_rk.c - the hand-written Runge-Kutta steps of the flow: Dormand-Prince
 * 5(4) with its continuous extension (Shampine's quartic, as in Hairer's
 * DOPRI5), and the classical 4-stage RK4.
 *
 * Both work on f = -grad L and take the stage at the step's start (k1 =
 * f(y)) from the caller: the model evaluation that gives the gradient gives
 * the loss too, so the caller keeps (y, f(y), L(y)) of the accepted state and
 * no step evaluates the same point twice.  Dormand-Prince's last stage is
 * f(y_new) (first same as last), so an accepted step costs 6 gradients; RK4
 * costs 3 stages here plus the caller's evaluation at y_new: 4. */
#include <config.h>
#include <math.h>
#include <string.h>
#include "internal.h"
#include "model_internal.h"
#include "flow_internal.h"

int gfd_flow_grad(gfd_flow_rhs *r, const double *y, double *f, double *L, double *ex) {
  r->ngrad++;
  if (gfd_model_eval(r->m, y, r->w, L, ex, f)) return GFD_ENUMERIC;
  for (size_t i = 0; i < r->m->dim; i++) f[i] = -f[i];
  return GFD_OK;
}

int gfd_flow_loss(gfd_flow_rhs *r, const double *y, double *L, double *ex) {
  r->nloss++;
  return gfd_model_eval(r->m, y, r->w, L, ex, NULL) ? GFD_ENUMERIC : GFD_OK;
}

/* Dormand & Prince (1980), the tableau of RK5(4)7M (nodes 0, 1/5, 3/10, 4/5,
 * 8/9, 1, 1: the flow is autonomous, so they are not needed) */
static const double a21 = 1.0 / 5;
static const double a31 = 3.0 / 40, a32 = 9.0 / 40;
static const double a41 = 44.0 / 45, a42 = -56.0 / 15, a43 = 32.0 / 9;
static const double a51 = 19372.0 / 6561, a52 = -25360.0 / 2187, a53 = 64448.0 / 6561, a54 = -212.0 / 729;
static const double a61 = 9017.0 / 3168, a62 = -355.0 / 33, a63 = 46732.0 / 5247, a64 = 49.0 / 176,
                    a65 = -5103.0 / 18656;
static const double a71 = 35.0 / 384, a73 = 500.0 / 1113, a74 = 125.0 / 192, a75 = -2187.0 / 6784,
                    a76 = 11.0 / 84;
/* b - b^ (5th minus embedded 4th order weights) */
static const double e1 = 71.0 / 57600, e3 = -71.0 / 16695, e4 = 71.0 / 1920, e5 = -17253.0 / 339200,
                    e6 = 22.0 / 525, e7 = -1.0 / 40;
/* the continuous extension's theta^4 weights */
static const double d1 = -12715105075.0 / 11282082432, d3 = 87487479700.0 / 32700410799,
                    d4 = -10690763975.0 / 1880347072, d5 = 701980252875.0 / 199316789632,
                    d6 = -1453857185.0 / 822651844, d7 = 69997945.0 / 29380423;

/* The error is measured like GSL's standard control (the meaning rtol and
 * atol had with the GSL steppers): the largest |e_i| / (atol + rtol |y_i|),
 * here with the larger of |y_i| at both ends so that a component passing
 * through zero does not force tiny steps. */
int gfd_flow_dopri_step(gfd_flow_rhs *r, const double *y, const double *k1, double h, double rtol, double atol,
                        double *const k[7], double *ytmp, double *ynew, double *Lnew, double *exnew,
                        double *err) {
  size_t n = r->m->dim;
  double *k2 = k[1], *k3 = k[2], *k4 = k[3], *k5 = k[4], *k6 = k[5], *k7 = k[6];
  for (size_t i = 0; i < n; i++) ytmp[i] = y[i] + h * a21 * k1[i];
  if (gfd_flow_grad(r, ytmp, k2, NULL, NULL)) return GFD_ENUMERIC;
  for (size_t i = 0; i < n; i++) ytmp[i] = y[i] + h * (a31 * k1[i] + a32 * k2[i]);
  if (gfd_flow_grad(r, ytmp, k3, NULL, NULL)) return GFD_ENUMERIC;
  for (size_t i = 0; i < n; i++) ytmp[i] = y[i] + h * (a41 * k1[i] + a42 * k2[i] + a43 * k3[i]);
  if (gfd_flow_grad(r, ytmp, k4, NULL, NULL)) return GFD_ENUMERIC;
  for (size_t i = 0; i < n; i++) ytmp[i] = y[i] + h * (a51 * k1[i] + a52 * k2[i] + a53 * k3[i] + a54 * k4[i]);
  if (gfd_flow_grad(r, ytmp, k5, NULL, NULL)) return GFD_ENUMERIC;
  for (size_t i = 0; i < n; i++)
    ytmp[i] = y[i] + h * (a61 * k1[i] + a62 * k2[i] + a63 * k3[i] + a64 * k4[i] + a65 * k5[i]);
  if (gfd_flow_grad(r, ytmp, k6, NULL, NULL)) return GFD_ENUMERIC;
  for (size_t i = 0; i < n; i++)
    ynew[i] = y[i] + h * (a71 * k1[i] + a73 * k3[i] + a74 * k4[i] + a75 * k5[i] + a76 * k6[i]);
  if (gfd_flow_grad(r, ynew, k7, Lnew, exnew)) return GFD_ENUMERIC;
  double worst = 0;
  for (size_t i = 0; i < n; i++) {
    double ei = h * (e1 * k1[i] + e3 * k3[i] + e4 * k4[i] + e5 * k5[i] + e6 * k6[i] + e7 * k7[i]);
    double sc = atol + rtol * fmax(fabs(y[i]), fabs(ynew[i]));
    double q = fabs(ei) / sc;
    if (q > worst || q != q) worst = q; /* a NaN ratio rejects the step */
  }
  *err = worst;
  return GFD_OK;
}

void gfd_flow_dopri_dense(size_t n, double h, const double *y, const double *ynew, double *const k[7],
                          double *rc) {
  double *r1 = rc, *r2 = rc + n, *r3 = rc + 2 * n, *r4 = rc + 3 * n, *r5 = rc + 4 * n;
  const double *k1 = k[0], *k3 = k[2], *k4 = k[3], *k5 = k[4], *k6 = k[5], *k7 = k[6];
  for (size_t i = 0; i < n; i++) {
    double dy = ynew[i] - y[i], bspl = h * k1[i] - dy;
    r1[i] = y[i];
    r2[i] = dy;
    r3[i] = bspl;
    r4[i] = dy - h * k7[i] - bspl;
    r5[i] = h * (d1 * k1[i] + d3 * k3[i] + d4 * k4[i] + d5 * k5[i] + d6 * k6[i] + d7 * k7[i]);
  }
}

void gfd_flow_dopri_at(size_t n, const double *rc, double theta, double *out) {
  const double *r1 = rc, *r2 = rc + n, *r3 = rc + 2 * n, *r4 = rc + 3 * n, *r5 = rc + 4 * n;
  double s = theta, s1 = 1 - theta;
  for (size_t i = 0; i < n; i++) out[i] = r1[i] + s * (r2[i] + s1 * (r3[i] + s * (r4[i] + s1 * r5[i])));
}

int gfd_flow_rk4_step(gfd_flow_rhs *r, const double *y, const double *k1, double h, double *const k[7],
                      double *ytmp, double *ynew) {
  size_t n = r->m->dim;
  double *k2 = k[1], *k3 = k[2], *k4 = k[3];
  for (size_t i = 0; i < n; i++) ytmp[i] = y[i] + 0.5 * h * k1[i];
  if (gfd_flow_grad(r, ytmp, k2, NULL, NULL)) return GFD_ENUMERIC;
  for (size_t i = 0; i < n; i++) ytmp[i] = y[i] + 0.5 * h * k2[i];
  if (gfd_flow_grad(r, ytmp, k3, NULL, NULL)) return GFD_ENUMERIC;
  for (size_t i = 0; i < n; i++) ytmp[i] = y[i] + h * k3[i];
  if (gfd_flow_grad(r, ytmp, k4, NULL, NULL)) return GFD_ENUMERIC;
  for (size_t i = 0; i < n; i++) ynew[i] = y[i] + h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
  for (size_t i = 0; i < n; i++)
    if (!isfinite(ynew[i])) return GFD_ENUMERIC;
  return GFD_OK;
}
