/* gfd/poly.h - exact polynomials in p, H, s = sigma^2 and kappa with rational
 * coefficients (__int128 numerator and denominator, overflow-checked). */
#ifndef GFD_POLY_H
#define GFD_POLY_H

#include <stddef.h>
#include "gfd/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef __int128 gfd_i128;

/* num/den in lowest terms, den > 0. */
typedef struct gfd_rat { gfd_i128 num, den; } gfd_rat;

/* Monomial coef * p^np H^nH s^ne kappa^ny (exponents as in gfd-theory(7) section 3). */
typedef struct gfd_mono {
  int np, nH, ne, ny;
  gfd_rat c;
} gfd_mono;

/* Sorted by (ne, np, nH, ny), no zero coefficients, no repeated exponents. */
typedef struct gfd_poly {
  size_t n, cap;
  gfd_mono *m;
} gfd_poly;

void gfd_poly_init(gfd_poly *P);
void gfd_poly_free(gfd_poly *P);
int gfd_poly_copy(gfd_poly *dst, const gfd_poly *src, gfd_err *e);
/* P += c p^np H^nH s^ne kappa^ny; GFD_EOVERFLOW if exact arithmetic overflows. */
int gfd_poly_add(gfd_poly *P, int np, int nH, int ne, int ny, gfd_rat c, gfd_err *e);
int gfd_poly_add_poly(gfd_poly *P, const gfd_poly *Q, gfd_rat scale, gfd_err *e);
double gfd_poly_eval(const gfd_poly *P, double p, double H, double s, double kappa);
long double gfd_poly_evall(const gfd_poly *P, long double p, long double H,
                           long double s, long double kappa);
/* Human-readable form, e.g. "1/2 s^2 p^2 H + 1/2 p". Returns buf. */
char *gfd_poly_format(const gfd_poly *P, char *buf, size_t n);
/* Drop all terms (keeps the storage). */
void gfd_poly_clear(gfd_poly *P);
/* 1 if P and Q are the same polynomial (exactly), else 0. */
int gfd_poly_equal(const gfd_poly *P, const gfd_poly *Q);

gfd_rat gfd_rat_make(gfd_i128 num, gfd_i128 den);       /* reduces; den != 0 */
int gfd_rat_add(gfd_rat a, gfd_rat b, gfd_rat *out);    /* 0 ok, GFD_EOVERFLOW */
int gfd_rat_mul(gfd_rat a, gfd_rat b, gfd_rat *out);
/* To floating point (NaN for an invalid rational, den 0).  Unlike a direct
 * __int128 conversion these also work under valgrind. */
long double gfd_i128_to_ldouble(gfd_i128 v);
long double gfd_rat_to_ldouble(gfd_rat a);
double gfd_rat_to_double(gfd_rat a);
char *gfd_i128_format(gfd_i128 v, char *buf, size_t n); /* full decimal */
char *gfd_rat_format(gfd_rat a, char *buf, size_t n);   /* "num" or "num/den" */

#ifdef __cplusplus
}
#endif
#endif
