/* bignum.c - conversions between gfd_i128 and GMP, and the slow (GMP) paths
 * of the engine's dg_num numbers; see bignum.h for the representation. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include "bignum.h"

void dg_mpz_set_i128(mpz_t z, gfd_i128 v) {
  unsigned __int128 u = v < 0 ? (unsigned __int128)0 - (unsigned __int128)v : (unsigned __int128)v;
  uint64_t w[2] = {(uint64_t)u, (uint64_t)(u >> 64)};
  mpz_import(z, 2, -1, sizeof w[0], 0, 0, w); /* least significant word first */
  if (v < 0) mpz_neg(z, z);
}

int dg_mpz_get_i128(const mpz_t z, gfd_i128 *v) {
  if (mpz_sizeinbase(z, 2) > 127) return 0; /* |z| >= 2^127 */
  uint64_t w[2] = {0, 0};
  mpz_export(w, NULL, -1, sizeof w[0], 0, 0, z);
  gfd_i128 m = (gfd_i128)(((unsigned __int128)w[1] << 64) | w[0]);
  *v = mpz_sgn(z) < 0 ? -m : m;
  return 1;
}

/* The top 64 bits, rounded by truncation, times a power of two: about 64
 * correct bits, the precision of long double. */
long double dg_mpz_get_ld(const mpz_t z) {
  size_t bits = mpz_sizeinbase(z, 2);
  if (mpz_sgn(z) == 0) return 0.0L;
  if (bits <= 64) {
    long double r = (long double)mpz_getlimbn(z, 0);
    return mpz_sgn(z) < 0 ? -r : r;
  }
  mpz_t t;
  mpz_init(t);
  mpz_tdiv_q_2exp(t, z, bits - 64);
  long double r = ldexpl((long double)mpz_getlimbn(t, 0), (int)(bits - 64));
  mpz_clear(t);
  return mpz_sgn(z) < 0 ? -r : r;
}

long double dg_mpq_get_ld(const mpq_t q) {
  /* scale first so that huge numerators and denominators do not overflow */
  long nb = (long)mpz_sizeinbase(mpq_numref(q), 2), db = (long)mpz_sizeinbase(mpq_denref(q), 2);
  mpz_t a, b;
  mpz_init(a);
  mpz_init(b);
  long sa = nb > 64 ? nb - 64 : 0, sb = db > 64 ? db - 64 : 0;
  mpz_tdiv_q_2exp(a, mpq_numref(q), (mp_bitcnt_t)sa);
  mpz_tdiv_q_2exp(b, mpq_denref(q), (mp_bitcnt_t)sb);
  long double r = ldexpl(dg_mpz_get_ld(a) / dg_mpz_get_ld(b), (int)(sa - sb));
  mpz_clear(a);
  mpz_clear(b);
  return r;
}

void dg_pool_init(dg_pool *P) {
  P->z = NULL;
  P->n = P->used = P->cap = 0;
  P->bytes = 0;
}

void dg_pool_free(dg_pool *P) {
  for (size_t i = 0; i < P->n; i++) {
    mpz_clear(P->z[i]);
    free(P->z[i]);
  }
  free(P->z);
  dg_pool_init(P);
}

static mpz_ptr pool_take(dg_pool *P) {
  if (P->used < P->n) return P->z[P->used++];
  if (P->n == P->cap) {
    size_t cap = P->cap ? 2 * P->cap : 16;
    mpz_ptr *z = realloc(P->z, cap * sizeof *z);
    if (!z) return NULL;
    P->z = z;
    P->cap = cap;
  }
  mpz_ptr x = malloc(sizeof *x);
  if (!x) return NULL;
  mpz_init(x);
  P->z[P->n++] = x;
  P->used++;
  P->bytes += sizeof *x;
  return x;
}

static dg_num tag(mpz_ptr z) {
  return (dg_num)(((unsigned __int128)DG_NUM_TAG << 64) | (uint64_t)(uintptr_t)z);
}

void dg_num_get_mpz(mpz_t z, dg_num a) {
  if (dg_num_big(a)) mpz_set(z, dg_num_ptr(a));
  else dg_mpz_set_i128(z, a);
}

/* A small value again when it fits (outside the tag band), so that equal
 * numbers have one form; the pool's integer is then simply not used. */
static dg_num settle(mpz_ptr z) {
#ifndef DG_FORCE_BIG
  gfd_i128 v;
  if (dg_mpz_get_i128(z, &v) && !dg_num_big(v)) return v;
#endif
  return tag(z);
}

int dg_num_addmul_slow(dg_num *dst, dg_num a, long k, dg_pool *pool) {
  mpz_ptr z;
  if (dg_num_big(*dst)) {
    z = dg_num_ptr(*dst);
  } else {
    if (!(z = pool_take(pool))) return GFD_ENOMEM;
    dg_mpz_set_i128(z, *dst);
  }
  size_t before = z->_mp_alloc;
  if (dg_num_big(a)) {
    if (k >= 0) mpz_addmul_ui(z, dg_num_ptr(a), (unsigned long)k);
    else mpz_submul_ui(z, dg_num_ptr(a), 0UL - (unsigned long)k);
  } else {
    mpz_t t;
    mpz_init(t);
    dg_mpz_set_i128(t, a);
    mpz_mul_si(t, t, k);
    mpz_add(z, z, t);
    mpz_clear(t);
  }
  pool->bytes += ((size_t)z->_mp_alloc - before) * sizeof(mp_limb_t);
  *dst = settle(z);
  return 0;
}

int dg_num_copy_slow(dg_num *dst, dg_num a, dg_pool *pool) {
  mpz_ptr z = pool_take(pool);
  if (!z) return GFD_ENOMEM;
  size_t before = z->_mp_alloc;
  mpz_set(z, dg_num_ptr(a));
  pool->bytes += ((size_t)z->_mp_alloc - before) * sizeof(mp_limb_t);
  *dst = tag(z);
  return 0;
}
