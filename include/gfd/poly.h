/* gfd/poly.h - exact polynomials in p, H, s = sigma^2 and kappa with rational
 * coefficients of any size (128-bit while they fit, GMP beyond; GMP stays
 * inside libgfd). */
#ifndef GFD_POLY_H
#define GFD_POLY_H

#include <stddef.h>
#include "gfd/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* gfd_i128: a 128-bit integer.  libgfd and its programs are built with
 * GFD_INT128 defined and see __int128 (a GCC/Clang extension).  Everyone else
 * sees a portable opaque view of the same size and alignment (checked when
 * libgfd is built), so that this header is ISO C; values are then read through
 * the accessors (gfd_rat_format, gfd_rat_to_double, gfd_rat_to_ll, ...). */
#ifdef GFD_INT128
typedef __int128 gfd_i128;
#else
typedef union gfd_i128 {
  long double align_; /* 16 bytes, 16-byte aligned, like __int128 on x86-64 and AArch64 */
  unsigned char bytes_[16];
} gfd_i128;
#endif

/* num/den in lowest terms, den > 0; den == 0 marks a value that is not
 * representable (overflow), which every gfd_rat function refuses. */
typedef struct gfd_rat { gfd_i128 num, den; } gfd_rat;

/* Monomial coef * p^np H^nH s^ne kappa^ny (exponents as in gfd-theory(7) section 3).
 * c is the exact coefficient unless it does not fit in 128 bits: then c is
 * invalid (den 0; gfd_rat functions refuse it or give NaN / "nan") and the
 * value is read through the polynomial: gfd_poly_coef_format,
 * gfd_poly_coef_ldouble, gfd_poly_coef_rat (which says whether c holds it)
 * and gfd_poly_add_term work for every term. */
typedef struct gfd_mono {
  int np, nH, ne, ny;
  gfd_rat c;
} gfd_mono;

/* An exact coefficient too large for a gfd_rat (opaque). */
typedef struct gfd_bigq gfd_bigq;

/* Sorted by (ne, np, nH, ny), no zero coefficients, no repeated exponents.
 * big: NULL while every coefficient fits in c; else big[i] (NULL or not) says
 * where term i's value is.  Set up by gfd_poly_init, not by hand. */
typedef struct gfd_poly {
  size_t n, cap;
  gfd_mono *m;
  gfd_bigq **big;
} gfd_poly;

void gfd_poly_init(gfd_poly *P);
void gfd_poly_free(gfd_poly *P);
int gfd_poly_copy(gfd_poly *dst, const gfd_poly *src, gfd_err *e);
/* P += c p^np H^nH s^ne kappa^ny.  Exact at any size: a coefficient that
 * outgrows 128 bits moves to GMP.  GFD_EOVERFLOW only for an invalid c. */
int gfd_poly_add(gfd_poly *P, int np, int nH, int ne, int ny, gfd_rat c, gfd_err *e);
int gfd_poly_add_poly(gfd_poly *P, const gfd_poly *Q, gfd_rat scale, gfd_err *e);
double gfd_poly_eval(const gfd_poly *P, double p, double H, double s, double kappa);
long double gfd_poly_evall(const gfd_poly *P, long double p, long double H,
                           long double s, long double kappa);
/* Human-readable form, e.g. "1/2 s^2 p^2 H + 1/2 p". Returns buf. */
char *gfd_poly_format(const gfd_poly *P, char *buf, size_t n);
/* Bytes that gfd_poly_format needs for the whole text (with the NUL). */
size_t gfd_poly_format_size(const gfd_poly *P);
/* Drop all terms (keeps the array; frees big coefficients). */
void gfd_poly_clear(gfd_poly *P);
/* 1 if P and Q are the same polynomial (exactly), else 0. */
int gfd_poly_equal(const gfd_poly *P, const gfd_poly *Q);

/* out = P at p and H (exactly): a polynomial in s and kappa only (np = nH =
 * 0); out is overwritten (gfd_poly_init'ed by the caller). */
int gfd_poly_at_sizes(const gfd_poly *P, size_t p, size_t H, gfd_poly *out, gfd_err *e);

/* P at rational p, H, s, kappa, exactly: "num" or "num/den" (snprintf-like:
 * writes at most n bytes, returns the whole length); *approx (may be NULL)
 * the value as long double.  "nan" for an invalid rational. */
size_t gfd_poly_eval_rat(const gfd_poly *P, gfd_rat p, gfd_rat H, gfd_rat s, gfd_rat kappa, char *buf,
                         size_t n, long double *approx);

/* Coefficient i of P, exactly as "num" or "num/den" (snprintf-like: writes at
 * most n bytes, returns the length of the whole text), or as long double. */
size_t gfd_poly_coef_format(const gfd_poly *P, size_t i, char *buf, size_t n);
long double gfd_poly_coef_ldouble(const gfd_poly *P, size_t i);
/* 1 if coefficient i is beyond 128 bits (m[i].c does not hold it). */
int gfd_poly_coef_big(const gfd_poly *P, size_t i);
/* Coefficient i as a 128-bit rational: GFD_OK and *out, or GFD_EOVERFLOW
 * when it is beyond 128 bits (or i is out of range). */
int gfd_poly_coef_rat(const gfd_poly *P, size_t i, gfd_rat *out);
/* P += term i of Q, exactly whatever its size (P may be Q). */
int gfd_poly_add_term(gfd_poly *P, const gfd_poly *Q, size_t i, gfd_err *e);

/* Rationals of at most 128 bits (scaling exponents, small coefficients). */
gfd_rat gfd_rat_from_ll(long long num, long long den); /* reduces; den != 0 */
/* 0 and num/den set if a fits in long long, else GFD_EOVERFLOW. */
int gfd_rat_to_ll(gfd_rat a, long long *num, long long *den);
int gfd_rat_add(gfd_rat a, gfd_rat b, gfd_rat *out);    /* 0 ok, GFD_EOVERFLOW */
int gfd_rat_mul(gfd_rat a, gfd_rat b, gfd_rat *out);
/* To floating point (NaN for an invalid rational, den 0). */
long double gfd_rat_to_ldouble(gfd_rat a);
double gfd_rat_to_double(gfd_rat a);
char *gfd_rat_format(gfd_rat a, char *buf, size_t n);   /* "num" or "num/den" */

#ifdef GFD_INT128
/* Functions taking gfd_i128 by value exist only in the __int128 view (the
 * opaque view would pass it differently). */
gfd_rat gfd_rat_make(gfd_i128 num, gfd_i128 den);       /* reduces; den != 0 */
/* Unlike a direct __int128 conversion this also works under valgrind. */
long double gfd_i128_to_ldouble(gfd_i128 v);
char *gfd_i128_format(gfd_i128 v, char *buf, size_t n); /* full decimal */
#endif

#ifdef __cplusplus
}
#endif
#endif
