/* bignum.h - the bridge between the 128-bit fast path and GMP (not installed).
 *
 * Exact coefficients are computed in __int128 while they fit and in GMP
 * integers/rationals beyond.  Two representations meet here:
 *  - plain conversions gfd_i128 <-> mpz and mpz/mpq -> long double;
 *  - dg_num, a 16-byte number for the engine's tables: a small value, or a
 *    tagged pointer to an mpz_t owned by a dg_pool.  The tag is the high word
 *    INT64_MIN, so the small values lose the band [-2^127, -2^127 + 2^64):
 *    results that land there are promoted like overflows, and a dg_num is
 *    only ever made from a value outside it (the engine starts from small
 *    constants and counts).  This keeps the memo
 *    tables at 16 bytes a coefficient (as before GMP) and the int128 speed for
 *    every order that fits; only coefficients that outgrow 128 bits pay GMP. */
#ifndef GFD_BIGNUM_H
#define GFD_BIGNUM_H

#include <stddef.h>
#include <stdint.h>
#include <gmp.h>
#include "gfd/poly.h"

void dg_mpz_set_i128(mpz_t z, gfd_i128 v);
/* 1 and *v set if z fits in a gfd_i128 other than its most negative value
 * (which cannot be negated), else 0. */
int dg_mpz_get_i128(const mpz_t z, gfd_i128 *v);
long double dg_mpz_get_ld(const mpz_t z);
long double dg_mpq_get_ld(const mpq_t q);

typedef gfd_i128 dg_num;

/* Owner of the mpz_t behind big dg_nums.  dg_pool_reset lets a scratch pool
 * (a Wick frame) reuse its integers, limbs included, without freeing them. */
typedef struct dg_pool {
  mpz_ptr *z;
  size_t n, used, cap;
  size_t bytes; /* limbs held, for the memory accounting */
} dg_pool;

void dg_pool_init(dg_pool *P);
void dg_pool_free(dg_pool *P);
static inline void dg_pool_reset(dg_pool *P) { P->used = 0; }

#define DG_NUM_TAG ((uint64_t)1 << 63)
static inline int dg_num_big(dg_num x) {
  return (uint64_t)((unsigned __int128)x >> 64) == DG_NUM_TAG;
}
static inline mpz_ptr dg_num_ptr(dg_num x) { return (mpz_ptr)(uintptr_t)(uint64_t)x; }

/* Compile with -DDG_FORCE_BIG to send every operation through GMP (used once
 * to measure the cost of "mpz throughout" against the int128 fast path). */
#ifdef DG_FORCE_BIG
#define DG_FAST 0
#else
#define DG_FAST 1
#endif

/* The slow paths (bignum.c); 0 or GFD_ENOMEM. */
int dg_num_addmul_slow(dg_num *dst, dg_num a, long k, dg_pool *pool);
int dg_num_copy_slow(dg_num *dst, dg_num a, dg_pool *pool);

/* *dst += a * k. */
static inline int dg_num_addmul(dg_num *dst, dg_num a, long k, dg_pool *pool) {
  gfd_i128 t, s;
  if (DG_FAST && !dg_num_big(a) && !dg_num_big(*dst) && !__builtin_mul_overflow(a, (gfd_i128)k, &t) &&
      !__builtin_add_overflow(*dst, t, &s) && !dg_num_big(s)) {
    *dst = s;
    return 0;
  }
  return dg_num_addmul_slow(dst, a, k, pool);
}
/* *dst = a, with a big value copied into pool (a's owner may reset it). */
static inline int dg_num_copy(dg_num *dst, dg_num a, dg_pool *pool) {
  if (!dg_num_big(a)) {
    *dst = a;
    return 0;
  }
  return dg_num_copy_slow(dst, a, pool);
}
/* z = a (any dg_num). */
void dg_num_get_mpz(mpz_t z, dg_num a);

/* P += c p^np H^nH s^ne kappa^ny for a GMP rational c (poly.c). */
int dg_poly_add_mpq(gfd_poly *P, int np, int nH, int ne, int ny, const mpq_t c, gfd_err *e);

#endif
