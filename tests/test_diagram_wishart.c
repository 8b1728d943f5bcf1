/* test_diagram_wishart.c - the two exact routes for SYM nu = 2 agree: the
 * Wick-diagram engine and the eigenvalue/Wishart route (gfd_wishart_sym2),
 * as identical polynomials at every order the engine reaches here (both
 * targets; past n = 14 the coefficients are beyond 128 bits), and the fast
 * value route equals the polynomials evaluated exactly at rational points to
 * order 30.  Anchors: known real Wishart moments and spot values. */
#include <config.h>
#include <gmp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"

#define N_ENGINE 20 /* engine orders compared (about 0.5 s) */
#define N_VALUE 30  /* value route vs exact evaluation of the polynomials */

/* P at a rational point, exactly: coefficients read back as decimal strings. */
static void eval_exact(const gfd_poly *P, const mpq_t p, const mpq_t H, const mpq_t s,
                       const mpq_t k, mpq_t out) {
  mpq_t c, t;
  mpq_inits(c, t, NULL);
  mpq_set_ui(out, 0, 1);
  for (size_t i = 0; i < P->n; i++) {
    size_t len = gfd_poly_coef_format(P, i, NULL, 0);
    char *str = malloc(len + 1);
    gfd_poly_coef_format(P, i, str, len + 1);
    mpq_set_str(c, str, 10);
    mpq_canonicalize(c);
    free(str);
    const gfd_mono *m = &P->m[i];
    const mpq_srcptr base[4] = {p, H, s, k};
    const int ex[4] = {m->np, m->nH, m->ne, m->ny};
    for (int v = 0; v < 4; v++)
      for (int j = 0; j < ex[v]; j++) mpq_mul(c, c, base[v]);
    mpq_add(out, out, c);
  }
  mpq_clears(c, t, NULL);
}

static gfd_poly *polys(int N) {
  gfd_poly *v = malloc((size_t)(N + 1) * sizeof *v);
  for (int n = 0; n <= N; n++) gfd_poly_init(&v[n]);
  return v;
}

static void polys_free(gfd_poly *v, int N) {
  for (int n = 0; n <= N; n++) gfd_poly_free(&v[n]);
  free(v);
}

static void check_moments(void) {
  /* zero target: E L^(n) = 1/2 (-4)^n (n+1)! E tr W^(n+2) */
  gfd_poly *Z = polys(1), want;
  gfd_err e;
  tu_check(gfd_wishart_sym2(1, GFD_TGT_ZERO, Z, &e) == GFD_OK, "zero target: %s", e.msg);
  gfd_poly_init(&want); /* 1/2 s^2 pH(p+H+1) */
  TU_OK(gfd_poly_add(&want, 2, 1, 2, 0, gfd_rat_make(1, 2), NULL));
  TU_OK(gfd_poly_add(&want, 1, 2, 2, 0, gfd_rat_make(1, 2), NULL));
  TU_OK(gfd_poly_add(&want, 1, 1, 2, 0, gfd_rat_make(1, 2), NULL));
  tu_check(gfd_poly_equal(&Z[0], &want), "E tr W^2 = s^2 pH(p+H+1)");
  gfd_poly_clear(&want); /* -4 s^3 pH(p^2 + H^2 + 3pH + 3p + 3H + 4) */
  const int mono[6][2] = {{3, 1}, {1, 3}, {2, 2}, {2, 1}, {1, 2}, {1, 1}};
  const int coef[6] = {1, 1, 3, 3, 3, 4};
  for (int i = 0; i < 6; i++) gfd_poly_add(&want, mono[i][0], mono[i][1], 3, 0, gfd_rat_make(-4 * coef[i], 1), NULL);
  tu_check(gfd_poly_equal(&Z[1], &want), "E tr W^3 = s^3 pH(p^2+H^2+3pH+3p+3H+4)");
  gfd_poly_free(&want);
  polys_free(Z, 1);
}

static void check_spot_values(void) {
  /* reference values, p = H = 2, s = 0.7: E L^(0..4) = 3.1, -130.368, 10512.2, -1.33853e6,
   * 2.48466e8 (6 digits; test_diagram_exact checks the engine against the same) */
  const double want[5] = {3.1, -130.368, 10512.2, -1.33853e6, 2.48466e8};
  gfd_poly *V = polys(4);
  gfd_err e;
  int rc = gfd_wishart_sym2_value(4, GFD_TGT_IDENTITY, gfd_rat_make(2, 1), gfd_rat_make(2, 1),
                                  gfd_rat_make(7, 10), gfd_rat_make(1, 1), V, &e);
  tu_check(rc == GFD_OK, "value route: %s", rc ? e.msg : "");
  char buf[64];
  gfd_poly_coef_format(&V[0], 0, buf, sizeof buf);
  tu_check(strcmp(buf, "31/10") == 0, "E L^(0) = 31/10 exactly (%s)", buf);
  gfd_poly_coef_format(&V[1], 0, buf, sizeof buf);
  tu_check(strcmp(buf, "-16296/125") == 0, "E L^(1) = -130.368 exactly (%s)", buf);
  for (int n = 0; n < 5; n++) {
    double v = (double)gfd_poly_coef_ldouble(&V[n], 0);
    tu_check(fabs(v / want[n] - 1) < 5e-6, "spot value n=%d: %.9g (reference %.6g)", n, v, want[n]);
  }
  polys_free(V, 4);
}

/* The engine and the Wishart route: the same polynomials. */
static void check_engine(gfd_target tgt, const char *name) {
  gfd_err e;
  gfd_poly *W = polys(N_ENGINE);
  tu_check(gfd_wishart_sym2(N_ENGINE, tgt, W, &e) == GFD_OK, "%s: Wishart route: %s", name, e.msg);
  gfd_diagrams *d = gfd_diagrams_new(GFD_SYM, 2, tgt, &e);
  int same = 0, big = 0;
  for (int n = 0; n <= N_ENGINE; n++) {
    const gfd_poly *P;
    int rc = gfd_diagrams_poly(d, GFD_FAMILY_FULL, n, NULL, &P, &e);
    if (rc) {
      tu_check(0, "%s: engine order %d: %s", name, n, e.msg);
      break;
    }
    int eq = gfd_poly_equal(P, &W[n]);
    if (!eq) tu_check(0, "%s: order %d: engine and Wishart polynomials differ", name, n);
    same += eq;
    for (size_t i = 0; i < P->n; i++) big += gfd_poly_coef_big(P, i);
  }
  tu_check(same == N_ENGINE + 1 && big > 0,
           "%s: orders 0..%d identical polynomials (%d coefficients beyond 128 bits)", name, N_ENGINE, big);
  gfd_diagrams_free(d);
  polys_free(W, N_ENGINE);
}

/* The value route against the polynomial route, exactly, at rational points
 * (p, H not integers too: the polynomials are identities). */
static void check_values(void) {
  const long pt[3][8] = {{5, 1, 3, 1, 2, 7, 3, 2}, {7, 2, 4, 1, 1, 3, 1, 1}, {2, 1, 9, 2, -1, 5, 0, 1}};
  gfd_err e;
  gfd_poly *W = polys(N_VALUE), *Wz = polys(N_VALUE), *V = polys(N_VALUE);
  tu_check(gfd_wishart_sym2(N_VALUE, GFD_TGT_IDENTITY, W, &e) == GFD_OK, "polynomials to %d", N_VALUE);
  tu_check(gfd_wishart_sym2(N_VALUE, GFD_TGT_ZERO, Wz, &e) == GFD_OK, "zero target to %d", N_VALUE);
  mpq_t q[4], got, want;
  for (int v = 0; v < 4; v++) mpq_init(q[v]);
  mpq_inits(got, want, NULL);
  for (int k = 0; k < 3; k++) {
    for (int v = 0; v < 4; v++) {
      mpq_set_si(q[v], pt[k][2 * v], (unsigned long)pt[k][2 * v + 1]);
      mpq_canonicalize(q[v]);
    }
    for (int z = 0; z < 2; z++) {
      gfd_rat r[4];
      for (int v = 0; v < 4; v++) r[v] = gfd_rat_make(pt[k][2 * v], pt[k][2 * v + 1]);
      int rc = gfd_wishart_sym2_value(N_VALUE, z ? GFD_TGT_ZERO : GFD_TGT_IDENTITY, r[0], r[1], r[2], r[3], V, &e);
      int ok = rc == GFD_OK;
      for (int n = 0; ok && n <= N_VALUE; n++) {
        eval_exact(z ? &Wz[n] : &W[n], q[0], q[1], q[2], q[3], want);
        eval_exact(&V[n], q[0], q[1], q[2], q[3], got);
        if (!mpq_equal(got, want)) {
          ok = 0;
          tu_check(0, "point %d%s order %d: value route differs", k, z ? " (zero)" : "", n);
        }
      }
      tu_check(ok, "point %d%s: value route = polynomials, exactly, orders 0..%d", k, z ? " (zero target)" : "",
               N_VALUE);
    }
  }
  for (int v = 0; v < 4; v++) mpq_clear(q[v]);
  mpq_clears(got, want, NULL);
  polys_free(W, N_VALUE);
  polys_free(Wz, N_VALUE);
  polys_free(V, N_VALUE);
  /* refusals */
  tu_check(gfd_wishart_sym2(-1, GFD_TGT_IDENTITY, NULL, &e) == GFD_EINVAL, "negative order refused");
  tu_check(gfd_wishart_sym2(1, GFD_TGT_TEACHER, NULL, &e) == GFD_EUNSUP, "teacher target refused: %s", e.msg);
}

/* Past the engine's graph size limit (order 28) gfd_diagrams_poly serves SYM
 * nu=2 from the Wishart route; the NTK family and nu=3 stop there. */
static void check_served(void) {
  gfd_err e;
  gfd_diagrams *d = gfd_diagrams_new(GFD_SYM, 2, GFD_TGT_IDENTITY, &e);
  gfd_diagrams *d3 = gfd_diagrams_new(GFD_SYM, 3, GFD_TGT_IDENTITY, &e);
  tu_check(gfd_diagrams_order_limit(d) == 60 && gfd_diagrams_order_limit(d3) == 28,
           "order limits: SYM nu=2 %d, SYM nu=3 %d", gfd_diagrams_order_limit(d), gfd_diagrams_order_limit(d3));
  const gfd_poly *P, *Z;
  gfd_poly *W = polys(40), *Wz = polys(40);
  int rc = gfd_diagrams_poly(d, GFD_FAMILY_FULL, 40, NULL, &P, &e);
  int rz = gfd_diagrams_poly(d, GFD_FAMILY_ZERO, 40, NULL, &Z, &e);
  TU_OK(gfd_wishart_sym2(40, GFD_TGT_IDENTITY, W, &e));
  TU_OK(gfd_wishart_sym2(40, GFD_TGT_ZERO, Wz, &e));
  tu_check(rc == GFD_OK && rz == GFD_OK && gfd_poly_equal(P, &W[40]) && gfd_poly_equal(Z, &Wz[40]),
           "SYM nu=2 order 40 (full and zero families) served by the Wishart route");
  rc = gfd_diagrams_poly(d, GFD_FAMILY_NTK, 29, NULL, &P, &e);
  tu_check(rc == GFD_EUNSUP, "the NTK family stops at the graph limit: %s", e.msg);
  rc = gfd_diagrams_poly(d3, GFD_FAMILY_FULL, 29, NULL, &P, &e);
  tu_check(rc == GFD_EUNSUP, "SYM nu=3 stops at the graph limit: %s", e.msg);
  polys_free(W, 40);
  polys_free(Wz, 40);
  gfd_diagrams_free(d);
  gfd_diagrams_free(d3);
}

int main(void) {
  gfd_library_init();
  check_moments();
  check_spot_values();
  check_engine(GFD_TGT_IDENTITY, "identity");
  check_engine(GFD_TGT_ZERO, "zero target");
  check_values();
  check_served();
  return tu_done();
}
