/* test_poly_basic.c - exact rationals and polynomials (poly.h): reduction,
 * arithmetic, overflow detection (an overflow is an error, never a wrong
 * number), ordering, cancellation, evaluation and formatting. */
#include <config.h>
#include "testutil.h"


static int is(gfd_rat r, long long num, long long den) { return r.num == num && r.den == den; }

int main(void) {
  char buf[256], b2[128];
  gfd_rat r;
  const gfd_i128 big = (gfd_i128)1 << 126, max = (gfd_i128)(((unsigned __int128)1 << 127) - 1);

  r = gfd_rat_make(6, -4);
  tu_check(is(r, -3, 2), "6/-4 reduces to %s", gfd_rat_format(r, buf, sizeof buf));
  r = gfd_rat_make(0, -7);
  tu_check(is(r, 0, 1), "0/-7 reduces to 0/1");
  tu_check(gfd_rat_add(gfd_rat_make(1, 2), gfd_rat_make(1, 3), &r) == GFD_OK && is(r, 5, 6), "1/2 + 1/3 = 5/6");
  tu_check(gfd_rat_mul(gfd_rat_make(-4, 9), gfd_rat_make(3, 8), &r) == GFD_OK && is(r, -1, 6), "-4/9 * 3/8 = -1/6");
  tu_check(gfd_rat_add(gfd_rat_make(big, 1), gfd_rat_make(big, 1), &r) == GFD_EOVERFLOW,
        "2^126 + 2^126 overflows 128 bits: GFD_EOVERFLOW");
  tu_check(gfd_rat_mul(gfd_rat_make((gfd_i128)1 << 64, 1), gfd_rat_make((gfd_i128)1 << 64, 1), &r) == GFD_EOVERFLOW,
        "2^64 * 2^64 overflows: GFD_EOVERFLOW");
  tu_check(gfd_rat_add(gfd_rat_make(1, big), gfd_rat_make(1, 3), &r) == GFD_EOVERFLOW,
        "1/2^126 + 1/3 (denominator overflow): GFD_EOVERFLOW");
  tu_check(gfd_rat_mul(gfd_rat_make(big, 3), gfd_rat_make(3, big), &r) == GFD_OK && is(r, 1, 1),
        "2^126/3 * 3/2^126 = 1 (cross-reduction avoids a spurious overflow)");
  r = gfd_rat_make(-max - 1, 1);
  tu_check(r.den == 0, "the most negative 128-bit value is refused (den = 0 marker)");
  tu_check(strcmp(gfd_i128_format(max, buf, sizeof buf), "170141183460469231731687303715884105727") == 0,
        "2^127-1 prints in full: %s", buf);
  tu_check(strcmp(gfd_i128_format(-max, buf, sizeof buf), "-170141183460469231731687303715884105727") == 0,
        "-(2^127-1) prints in full");
  tu_check(strcmp(gfd_rat_format(gfd_rat_make(-7, 6), buf, sizeof buf), "-7/6") == 0, "-7/6 prints as -7/6");
  tu_check(fabs(gfd_rat_to_double(gfd_rat_make(1, 3)) - 1.0 / 3) < 1e-16, "1/3 to double");

  /* polynomial: gfd-theory(7)'s example form and order */
  gfd_poly P, Q;
  gfd_poly_init(&P);
  gfd_poly_init(&Q);
  TU_OK(gfd_poly_add(&P, 1, 0, 0, 0, gfd_rat_make(1, 2), NULL));
  TU_OK(gfd_poly_add(&P, 2, 1, 2, 0, gfd_rat_make(1, 2), NULL));
  tu_check(strcmp(gfd_poly_format(&P, buf, sizeof buf), "1/2 s^2 p^2 H + 1/2 p") == 0, "format: %s", buf);
  tu_check(P.n == 2 && P.m[0].ne == 0 && P.m[1].ne == 2, "sorted by (ne, np, nH, ny)");
  TU_OK(gfd_poly_add(&P, 1, 1, 1, 1, gfd_rat_make(-1, 1), NULL));
  TU_OK(gfd_poly_add(&P, 0, 0, 0, 0, gfd_rat_make(3, 1), NULL));
  tu_check(strcmp(gfd_poly_format(&P, buf, sizeof buf), "1/2 s^2 p^2 H - s p H kappa + 1/2 p + 3") == 0,
        "format with a unit coefficient, a sign and a constant: %s", buf);
  double v = gfd_poly_eval(&P, 3, 2, 0.5, 2);
  double want = 0.5 * 0.25 * 9 * 2 - 0.5 * 3 * 2 * 2 + 1.5 + 3;
  tu_check(fabs(v - want) < 1e-14, "eval %.17g == %.17g", v, want);
  tu_check(fabsl(gfd_poly_evall(&P, 3, 2, 0.5L, 2) - (long double)want) < 1e-17L, "evall");
  TU_OK(gfd_poly_add(&P, 1, 1, 1, 1, gfd_rat_make(1, 1), NULL));
  tu_check(P.n == 3, "a monomial that cancels is removed (%zu terms)", P.n);
  tu_check(gfd_poly_copy(&Q, &P, NULL) == GFD_OK && gfd_poly_equal(&P, &Q), "copy equals");
  tu_check(gfd_poly_add_poly(&Q, &P, gfd_rat_make(-1, 1), NULL) == GFD_OK && Q.n == 0, "P - P = 0");
  gfd_poly_clear(&Q);
  gfd_err e;
  TU_OK(gfd_poly_add(&Q, 1, 0, 0, 0, gfd_rat_make(big, 1), NULL));
  /* beyond 128 bits a coefficient moves to GMP: exact, never an overflow */
  int rc = gfd_poly_add(&Q, 1, 0, 0, 0, gfd_rat_make(big, 1), &e);
  char cb[200];
  gfd_poly_coef_format(&Q, 0, cb, sizeof cb);
  tu_check(rc == GFD_OK && gfd_poly_coef_big(&Q, 0) && Q.m[0].c.den == 0 &&
               strcmp(cb, "170141183460469231731687303715884105728") == 0,
           "2^126 + 2^126 = 2^127 exactly, as a big coefficient (%s)", cb);
  tu_check(fabsl(gfd_poly_coef_ldouble(&Q, 0) - 0x1p127L) == 0, "2^127 as long double");
  rc = gfd_poly_add_poly(&Q, &Q, gfd_rat_make(4, 3), &e);
  gfd_poly_coef_format(&Q, 0, cb, sizeof cb);
  tu_check(rc == GFD_OK && strcmp(cb, "1190988284223284622121811126011188740096/3") == 0,
           "P += 4/3 P: 7/3 2^127 = %s", cb);
  gfd_poly_format(&Q, b2, sizeof b2);
  tu_check(strcmp(b2, "1190988284223284622121811126011188740096/3 p") == 0, "format: %s", b2);
  gfd_poly C;
  gfd_poly_init(&C);
  tu_check(gfd_poly_copy(&C, &Q, NULL) == GFD_OK && gfd_poly_equal(&C, &Q), "a big coefficient copies");
  rc = gfd_poly_add_poly(&C, &Q, gfd_rat_make(-6, 7), &e); /* 7/3 2^127 (1 - 6/7) = 2^127/3 */
  gfd_poly_coef_format(&C, 0, cb, sizeof cb);
  tu_check(rc == GFD_OK && !gfd_poly_equal(&C, &Q) && strcmp(cb, "170141183460469231731687303715884105728/3") == 0,
           "big minus big: %s", cb);
  rc = gfd_poly_add(&C, 1, 0, 0, 0, gfd_rat_make(-((gfd_i128)1 << 126), 3), &e);
  tu_check(rc == GFD_OK && !gfd_poly_coef_big(&C, 0) && C.m[0].c.num == (gfd_i128)1 << 126 && C.m[0].c.den == 3,
           "a coefficient that fits again is a plain rational again");
  /* m[i].c of a big coefficient is invalid (exact arithmetic refuses it,
   * it reads NaN): its value is read through the polynomial, and
   * gfd_poly_add_term copies it exactly */
  gfd_rat kept = Q.m[0].c, r2;
  tu_check(gfd_rat_add(kept, gfd_rat_make(1, 1), &r2) == GFD_EOVERFLOW, "a big c is refused by exact arithmetic");
  tu_check(isnan(gfd_rat_to_ldouble(kept)) && strcmp(gfd_rat_format(kept, cb, sizeof cb), "nan") == 0 &&
               gfd_poly_add(&C, 1, 0, 0, 0, kept, &e) == GFD_EOVERFLOW,
           "a big c read alone is NaN, \"nan\", an overflow (no global table of big values)");
  tu_check(gfd_poly_coef_rat(&Q, 0, &r2) == GFD_EOVERFLOW && fabsl(gfd_poly_coef_ldouble(&Q, 0) / (0x1p127L * 7 / 3) - 1) < 1e-18L,
           "gfd_poly_coef_rat refuses a big coefficient; gfd_poly_coef_ldouble reads it");
  gfd_poly_clear(&C);
  tu_check(gfd_poly_add_term(&C, &Q, 0, &e) == GFD_OK && gfd_poly_equal(&C, &Q), "gfd_poly_add_term copies a big term exactly");
  tu_check(gfd_poly_add_term(&C, &C, 0, &e) == GFD_OK && gfd_poly_coef_format(&C, 0, cb, sizeof cb) > 0 &&
               strcmp(cb, "2381976568446569244243622252022377480192/3") == 0,
           "a big term added to its own polynomial doubles: %s", cb);
  gfd_poly_clear(&C);
  tu_check(gfd_poly_add(&C, 2, 0, 0, 0, gfd_rat_make(5, 7), &e) == GFD_OK && gfd_poly_coef_rat(&C, 0, &r2) == GFD_OK &&
               r2.num == 5 && r2.den == 7 && gfd_poly_coef_rat(&C, 1, &r2) == GFD_EOVERFLOW,
           "gfd_poly_coef_rat: a small coefficient exactly; a term out of range refused");
  gfd_poly_free(&C);
  gfd_poly_free(&Q);
  /* truncated formatting stays inside the buffer and says so */
  memset(b2, 'x', sizeof b2);
  gfd_poly_format(&P, b2, 12);
  tu_check(strlen(b2) < 12 && strstr(b2, "...") != NULL, "short buffer: '%s'", b2);
  gfd_poly_clear(&Q);
  tu_check(strcmp(gfd_poly_format(&Q, buf, sizeof buf), "0") == 0, "the zero polynomial prints 0");
  gfd_poly_free(&P);
  gfd_poly_free(&Q);
  return tu_done();
}
