/* test_poly_header.c - every installed header compiles as ISO C99 under
 * -pedantic -Werror, as a user of libgfd sees it (no GFD_INT128: the opaque
 * view of gfd_i128), and the portable accessors work across the library
 * boundary: rationals built and read as long long and decimal strings,
 * coefficients beyond 128 bits read exactly. */
#include "gfd/common.h"
#include "gfd/diagram.h"
#include "gfd/ensemble.h"
#include "gfd/flow.h"
#include "gfd/gfd.h"
#include "gfd/job.h"
#include "gfd/jobs.h"
#include "gfd/model.h"
#include "gfd/poly.h"
#include "gfd/scaling.h"
#include "gfd/series.h"
#include "gfd/solution.h"
#include "gfd/taylor.h"
#include <stdio.h>
#include <string.h>

#ifdef GFD_INT128
#error "this test must see the installed (portable) view"
#endif

static int failures;
static void check(int ok, const char *what) {
  printf("%s %s\n", ok ? "ok  " : "FAIL", what);
  failures += !ok;
}

int main(void) {
  char buf[256];
  long long num = 0, den = 0;
  gfd_rat r = gfd_rat_from_ll(6, -4), s;
  check(gfd_rat_to_ll(r, &num, &den) == GFD_OK && num == -3 && den == 2, "6/-4 reduces to -3/2");
  check(strcmp(gfd_rat_format(r, buf, sizeof buf), "-3/2") == 0, "formats as -3/2");
  check(gfd_rat_add(r, gfd_rat_from_ll(1, 3), &s) == GFD_OK && gfd_rat_to_double(s) == -7.0 / 6,
        "-3/2 + 1/3 = -7/6");
  gfd_poly P[17];
  gfd_err e;
  for (int n = 0; n <= 16; n++) gfd_poly_init(&P[n]);
  check(gfd_wishart_sym2(16, GFD_TGT_ZERO, P, &e) == GFD_OK && P[16].n > 0, "SYM nu=2 order 16");
  /* zero target n = 16: 1/2 4^16 17! E tr W^18, all terms in s^18 */
  size_t last = P[16].n - 1, len = gfd_poly_coef_format(&P[16], last, buf, sizeof buf);
  check(len > 0 && len < sizeof buf && P[16].m[last].ne == 18, "coefficient read as a decimal string");
  int big = 0;
  for (size_t i = 0; i < P[16].n; i++) big += gfd_poly_coef_big(&P[16], i);
  check(big > 0, "some coefficients are beyond 128 bits");
  check(gfd_poly_coef_ldouble(&P[16], last) > 0 || gfd_poly_coef_ldouble(&P[16], last) < 0,
        "and read as long double");
  for (int n = 0; n <= 16; n++) gfd_poly_free(&P[n]);
  printf("%s\n", failures ? "FAILED" : "all passed");
  return failures != 0;
}
