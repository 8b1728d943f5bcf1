/* test_diagram_bignum.c - the engine's numbers (bignum.h): dg_num promotes to
 * GMP on overflow and on results in the tag band [-2^127, -2^127 + 2^64), and
 * settles back to 128 bits when a value fits again; big values survive a
 * copy into another pool and a reset of their own; the gfd_i128 <-> mpz
 * conversions hold at the boundaries; the long double conversions keep 64
 * bits. */
#include <config.h>
#include "diagram/bignum.h"
#include "testutil.h"

static int num_is(dg_num v, const char *dec) {
  mpz_t z, w;
  mpz_init(z);
  mpz_init_set_str(w, dec, 10);
  dg_num_get_mpz(z, v);
  int ok = mpz_cmp(z, w) == 0;
  mpz_clears(z, w, NULL);
  return ok;
}

int main(void) {
  dg_pool pool, other;
  dg_pool_init(&pool);
  dg_pool_init(&other);
  const gfd_i128 two100 = (gfd_i128)1 << 100, max = (gfd_i128)(((unsigned __int128)1 << 127) - 1);

  dg_num x = 5;
  tu_check(dg_num_addmul(&x, 7, -3, &pool) == 0 && x == -16 && !dg_num_big(x), "5 + 7 (-3) = -16, small");
  x = 0;
  dg_num_addmul(&x, two100, 1L << 30, &pool); /* 2^130 */
  tu_check(dg_num_big(x) && num_is(x, "1361129467683753853853498429727072845824"), "2^100 2^30 = 2^130, big");
  dg_num_addmul(&x, x, -1, &pool); /* big - itself = 0: small again */
  tu_check(x == 0 && !dg_num_big(x), "2^130 - 2^130 = 0, small again");

  /* the tag band: -2^127 + 5 fits in 128 bits but looks like a tag, so a
   * result there is promoted (a small dg_num is never made in the band) */
  const gfd_i128 two64 = (gfd_i128)1 << 64;
  x = -max + two64; /* just above the band */
  tu_check(!dg_num_big(x), "-(2^127 - 1) + 2^64 is small");
  dg_num_addmul(&x, 4 - two64, 1, &pool);
  tu_check(dg_num_big(x) && num_is(x, "-170141183460469231731687303715884105723"),
           "-(2^127 - 1) + 4 lands in the tag band: promoted, exact");
  dg_num_addmul(&x, (gfd_i128)1 << 70, 1, &pool); /* out of the band: small again */
  tu_check(!dg_num_big(x) && x == -max + 4 + ((gfd_i128)1 << 70), "leaving the band settles to 128 bits");

  /* copies outlive their source pool */
  dg_num big = 0, copy;
  dg_num_addmul(&big, max, 3, &pool);
  tu_check(dg_num_copy(&copy, big, &other) == 0 && dg_num_big(copy) && dg_num_ptr(copy) != dg_num_ptr(big),
           "a big value is copied into the other pool");
  dg_pool_reset(&pool);
  dg_num scratch = 0;
  dg_num_addmul(&scratch, max, 2, &pool); /* reuses the reset pool's integers */
  tu_check(num_is(copy, "510423550381407695195061911147652317181"), "the copy is intact after a reset");

  /* conversions at the boundaries */
  mpz_t z;
  mpz_init(z);
  gfd_i128 v;
  dg_mpz_set_i128(z, max);
  tu_check(dg_mpz_get_i128(z, &v) && v == max, "2^127 - 1 round-trips");
  dg_mpz_set_i128(z, -max);
  tu_check(dg_mpz_get_i128(z, &v) && v == -max, "-(2^127 - 1) round-trips");
  mpz_sub_ui(z, z, 1);
  tu_check(!dg_mpz_get_i128(z, &v), "-2^127 is refused (cannot be negated)");
  mpz_ui_pow_ui(z, 2, 200);
  mpz_add_ui(z, z, 1);
  long double ld = dg_mpz_get_ld(z);
  tu_check(ld == ldexpl(1.0L, 200), "2^200 + 1 to long double: %Lg", ld);
  mpq_t q;
  mpq_init(q);
  mpq_set_z(q, z);
  mpz_set_ui(mpq_denref(q), 3);
  mpq_canonicalize(q);
  ld = dg_mpq_get_ld(q);
  tu_check(fabsl(ld / (ldexpl(1.0L, 200) / 3) - 1) < 1e-18L, "(2^200 + 1)/3 to long double: rel %Lg",
           fabsl(ld / (ldexpl(1.0L, 200) / 3) - 1));
  mpq_clear(q);
  mpz_clear(z);
  dg_pool_free(&pool);
  dg_pool_free(&other);
  return tu_done();
}
