/* borel_local.c - the Taylor coefficients of a Borel-Pade sum re-expanded
 * around a point of the ascent side, and the blow-up they point to
 * (gfd-theory(7) 5.5).  See borel_internal.h for the contract.
 *
 * The sum F is analytic at every x < 0 short of the blow-up x*, so its
 * Taylor series around x0 has a finite radius: the distance to the nearest
 * singularity.  Near x0 ~ 0.6 x* that is x* (|x0 - x*| ~ 0.4 |x*|); x = 0,
 * where the sum is only asymptotic, is the next one (0.6 |x*|), and its
 * pull (odd-even wobble of the ratios) is what limits the estimate at
 * kappa4 = 2.5.  The zeta map, x = x0 + zeta/(1 + zeta/beta) with
 * beta = 1.5 |x0|, keeps x* in place (zeta* = h* / (1 - h* / beta), h* = x* - x0)
 * and moves x = 0 to zeta = 3 |x0|, three times farther than before, at
 * the price of sending x = infinity to zeta = -beta, which bends a pure power
 * law by an analytic factor (1 + zeta/beta)^a: the second set of
 * estimates divides it out.  Measured on the nu = 4 law (N = 60): the
 * bracket at kappa4 = 2.5 narrows from ~29% to ~23% with the map.
 *
 * The coefficients come from a Cauchy integral on |zeta| = rz (trapezoid
 * rule, exact up to aliasing of order (rz/|zeta*|)^M), so only values of
 * F are needed, at complex x; each is a Laplace integral of the same Pade
 * approximant of the Borel transform, which keeps the coefficients of one
 * approximant consistent with each other. */
#include <config.h>
#include <complex.h>
#include <math.h>
#include "internal.h"
#include "borel_internal.h"

#define LOC_M 48  /* trapezoid points on the circle (24 evaluated: F(conj x) = conj F(x)) */
#define LOC_QMAX 16

int gfd_borel_local_ratio(gfd_borel *B, double mu, int k, double x0, double rz, double beta, double a,
                          int nq, double *e0, double *e1) {
  if (nq < 1 || nq > LOC_QMAX || !(x0 < 0) || !(rz > 0) || !(beta > 0)) return -1;
  double complex b[2][LOC_QMAX + 1] = {{0}};
  for (int j = 0; j < LOC_M / 2; j++) {
    double th = 2 * M_PI * (j + 0.5) / LOC_M;
    double complex z = rz * cexp(I * th), x = x0 + z / (1 + z / beta), y = x / (1 + mu * x);
    double fr, fi;
    if (gfd_borel_eval_complex(B, k, creal(y), cimag(y), &fr, &fi)) return -1;
    double complex f[2];
    f[0] = fr + I * fi;
    f[1] = f[0] * cpow((x0 + beta - x) / beta, a);
    for (int s = 0; s < 2; s++)
      for (int q = 0; q <= nq; q++) b[s][q] += 2 * creal(f[s] * cexp(-I * q * th)) / LOC_M;
  }
  for (int s = 0; s < 2; s++) {
    double *e = s ? e1 : e0;
    e[0] = NAN;
    for (int q = 1; q <= nq; q++) {
      /* b_q rz^q as computed; the ratio needs b_(q-1) / b_q */
      double zs = (1 + (a - 1) / q) * rz * creal(b[s][q - 1]) / creal(b[s][q]);
      e[q] = x0 + zs / (1 + zs / beta);
    }
  }
  return 0;
}
