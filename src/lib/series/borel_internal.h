/* borel_internal.h - what the Borel-Pade blow-up estimate needs from the
 * Borel-Pade sum beyond gfd/series.h (not installed). */
#ifndef GFD_BOREL_INTERNAL_H
#define GFD_BOREL_INTERNAL_H
#include "gfd/series.h"

/* A Pade approximant at the complex point t = tr + i ti. */
void gfd_pade_eval_complex(const gfd_pade *P, double tr, double ti, double *vr, double *vi);

/* The sum of the k-th approximant of the t < 0 side (k = 0, 1, 2, ...: the
 * order used for the sum and its neighbours, gfd_borel_eval_order's list
 * before any is skipped) at the complex point x = xr + i xi with Re x < 0, in
 * the series' own variable x = t / scale.  0 and *fr, *fi set; -1 when there
 * is no such approximant or the quadrature fails. */
int gfd_borel_eval_complex(gfd_borel *B, int k, double xr, double xi, double *fr, double *fi);

/* Ratio estimates of a blow-up x* from the Taylor coefficients of the sum F
 * of the k-th approximant re-expanded around x0 < 0 (analytic continuation
 * by re-expansion, gfd-theory(7) 5.5): F(x) = G(x / (1 + mu x)), G the sum of
 * B; the coefficients are taken in zeta, x = x0 + zeta / (1 + zeta / beta),
 * beta > 0 (the map that sends x = 0, where the sum is not analytic, away),
 * by a Cauchy integral on |zeta| = rz.  For F ~ A (x - x*)^(-a) the ratio of
 * consecutive coefficients gives zeta* = (1 + (a - 1)/q) b_(q-1) / b_q.
 * e[s][q], q = 1..nq, is the x* so read, for the plain F (s = 0) and for
 * F (x0 + beta - x)^a (s = 1: exact for a pure power law, whose form the map
 * otherwise bends).  Returns 0, or -1 when a sum fails on the circle. */
int gfd_borel_local_ratio(gfd_borel *B, double mu, int k, double x0, double rz, double beta, double a,
                          int nq, double *e0, double *e1);
#endif
