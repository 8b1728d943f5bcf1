/* test_scaling_lead.c - leading exponents and coefficients, cancellations, the
 * balance line, the Pareto polygon and the classification logic, on gfd-theory(7)
 * section 3's reference polynomials (SYM nu=2, E L^(0) and E L^(1)) built by
 * hand, so that this test does not depend on the diagram engine. */
#include <config.h>
#include <math.h>
#include "test_scaling_util.h"

/* SYM nu=2, identity target with amplitude kappa (gfd-theory(7) section 3). */
static void sym2_L0(gfd_poly *P) {
  ts_add(P, 2, 1, 2, 0, 1, 2);  /* s^2 p^2 H / 2 */
  ts_add(P, 1, 2, 2, 0, 1, 2);  /* s^2 p H^2 / 2 */
  ts_add(P, 1, 1, 2, 0, 1, 2);  /* s^2 p H / 2 */
  ts_add(P, 1, 1, 1, 1, -1, 1); /* - kappa s p H */
  ts_add(P, 1, 0, 0, 2, 1, 2);  /* kappa^2 p / 2 */
}
static void sym2_zero0(gfd_poly *P) {
  ts_add(P, 2, 1, 2, 0, 1, 2);
  ts_add(P, 1, 2, 2, 0, 1, 2);
  ts_add(P, 1, 1, 2, 0, 1, 2);
}
static void sym2_L1(gfd_poly *P) {
  ts_add(P, 3, 1, 3, 0, -4, 1);
  ts_add(P, 2, 2, 3, 0, -12, 1);
  ts_add(P, 2, 1, 3, 0, -12, 1);
  ts_add(P, 1, 3, 3, 0, -4, 1);
  ts_add(P, 1, 2, 3, 0, -12, 1);
  ts_add(P, 1, 1, 3, 0, -16, 1);
  ts_add(P, 2, 1, 2, 1, 8, 1);
  ts_add(P, 1, 2, 2, 1, 8, 1);
  ts_add(P, 1, 1, 2, 1, 8, 1);
  ts_add(P, 1, 1, 1, 2, -4, 1);
}

int main(void) {
  gfd_err e;
  gfd_poly L0, L1, Z0;
  gfd_poly_init(&L0);
  gfd_poly_init(&L1);
  gfd_poly_init(&Z0);
  sym2_L0(&L0);
  sym2_L1(&L1);
  sym2_zero0(&Z0);

  /* parsing exact rationals */
  gfd_rat q;
  tu_true("parse -7/6", gfd_scaling_parse_rat("-7/6", &q) == GFD_OK && q.num == -7 && q.den == 6);
  tu_true("parse 0.25", gfd_scaling_parse_rat("0.25", &q) == GFD_OK && q.num == 1 && q.den == 4);
  tu_true("parse +3", gfd_scaling_parse_rat("+3", &q) == GFD_OK && q.num == 3 && q.den == 1);
  tu_true("reject 1/0", gfd_scaling_parse_rat("1/0", &q) != GFD_OK);
  tu_true("reject 1.5/2", gfd_scaling_parse_rat("1.5/2", &q) != GFD_OK);
  tu_true("reject x", gfd_scaling_parse_rat("x", &q) != GFD_OK);
  /* one reader for every rational key: exponent notation is exact too */
  tu_true("parse 1e3", gfd_scaling_parse_rat("1e3", &q) == GFD_OK && q.num == 1000 && q.den == 1);
  tu_true("parse 1e-1", gfd_scaling_parse_rat("1e-1", &q) == GFD_OK && q.num == 1 && q.den == 10);
  tu_true("parse 2.5e2", gfd_scaling_parse_rat("2.5e2", &q) == GFD_OK && q.num == 250 && q.den == 1);
  tu_true("parse .5", gfd_scaling_parse_rat(".5", &q) == GFD_OK && q.num == 1 && q.den == 2);
  tu_true("1e99 overflows", gfd_scaling_parse_rat("1e99", &q) == GFD_EOVERFLOW);
  tu_true("reject 1e", gfd_scaling_parse_rat("1e", &q) == GFD_EINVAL);
  tu_true("reject 1.2.3", gfd_scaling_parse_rat("1.2.3", &q) == GFD_EINVAL);

  /* a = 0, b = -1 (H fixed, sigma^2 = 1/p): the point p/2 leads the loss */
  gfd_scaling sc = ts_scaling(ts_q(0, 1), ts_q(-1, 1));
  gfd_lead l;
  TU_OK(gfd_scaling_lead(&L0, &sc, 0, &l, &e));
  ts_rat("E_0 loss (a=0,b=-1)", l.E, ts_q(1, 1));
  ts_rat("C_0 loss", l.Cq, ts_q(1, 2));
  tu_true("loss face is the point alone", l.nface == 1);
  TU_OK(gfd_scaling_lead(&L0, &sc, 1, &l, &e));
  ts_rat("E_0 excess", l.E, ts_q(0, 1));
  ts_rat("C_0 excess = 1/2 - 1", l.Cq, ts_q(-1, 2));
  tu_true("excess face: two points tie", l.nface == 2);
  /* order 1: the top face sums to -4 Cs (Cs - 1)^2 = 0 at Cs = 1: next face */
  TU_OK(gfd_scaling_lead(&L1, &sc, 0, &l, &e));
  ts_rat("E_1 after the cancellation", l.E, ts_q(-1, 1));
  ts_rat("C_1 of the next face: -24 + 16", l.Cq, ts_q(-8, 1));
  tu_true("one face cancelled", l.ncancelled == 1);
  sc.Cs = ts_q(1, 2);
  TU_OK(gfd_scaling_lead(&L1, &sc, 0, &l, &e));
  ts_rat("E_1 at Cs = 1/2 (no cancellation)", l.E, ts_q(0, 1));
  ts_rat("C_1 = -4 Cs (Cs-1)^2", l.Cq, ts_q(-1, 2));
  tu_true("tie of three points", l.nface == 3);
  sc.Cs = ts_q(1, 1);

  /* coefficient at a given exponent */
  TU_OK(gfd_scaling_coef_at(&L1, &sc, 0, ts_q(0, 1), &l, &e));
  tu_true("coefficient at the cancelled face is zero", l.zero && l.Cq.num == 0);

  /* the balance line of SYM nu = 2: b = -(1+a)/2 for a <= 1, -a for a >= 1 */
  gfd_rat b;
  for (int k = 0; k <= 12; k++) {
    gfd_rat a = ts_q(k, 4);
    TU_OK(gfd_scaling_balance_b(&Z0, &L0, a, ts_q(0, 1), &b, &e));
    gfd_rat want = k <= 4 ? ts_q(-(4 + k), 8) : ts_q(-k, 4);
    char what[64];
    snprintf(what, sizeof what, "balance b at a = %d/4", k);
    ts_rat(what, b, want);
  }
  /* with kappa = p^c the target point moves to weight 1 + 2c */
  TU_OK(gfd_scaling_balance_b(&Z0, &L0, ts_q(0, 1), ts_q(1, 2), &b, &e));
  ts_rat("balance b at a = 0, c = 1/2", b, ts_q(0, 1));

  /* time exponent on the balance line for a < 1 from orders 0 and 1: (1 - a)/2 */
  for (int k = 0; k < 4; k++) {
    gfd_scaling s2 = ts_scaling(ts_q(k, 4), ts_q(-(4 + k), 8));
    gfd_lead l0, l1;
    TU_OK(gfd_scaling_lead(&L0, &s2, 0, &l0, &e));
    TU_OK(gfd_scaling_lead(&L1, &s2, 0, &l1, &e));
    gfd_rat d;
    gfd_rat_add(l1.E, gfd_rat_make(-l0.E.num, l0.E.den), &d);
    char what[64];
    snprintf(what, sizeof what, "E_1 - E_0 on the balance line at a = %d/4", k);
    ts_rat(what, d, ts_q(4 - k, 8));
  }

  /* a coefficient beyond 128 bits (2^126 + 2^126 = 2^127, GMP inside the
   * polynomial) leads in long double, read through the polynomial */
  gfd_poly B;
  gfd_poly_init(&B);
  TU_OK(gfd_poly_add(&B, 1, 0, 0, 0, gfd_rat_make((gfd_i128)1 << 126, 1), &e));
  TU_OK(gfd_poly_add(&B, 1, 0, 0, 0, gfd_rat_make((gfd_i128)1 << 126, 1), &e));
  TU_OK(gfd_scaling_lead(&B, &sc, 0, &l, &e));
  tu_true("a big coefficient leads, inexactly, as 2^127 (to 1e-15)",
          gfd_poly_coef_big(&B, 0) && !l.exact && fabs(l.C / 0x1p127 - 1) < 1e-15);
  tu_true("gfd_scaling_term_coef reads it", fabsl(gfd_scaling_term_coef(&sc, &B, 0) / 0x1p127L - 1) < 1e-18L);
  gfd_poly_free(&B);

  /* classification: one order cannot decide */
  const gfd_poly *full[2] = {&L0, &L1};
  gfd_regime_result *res = calloc(1, sizeof *res);
  TU_OK(gfd_regime_classify_polys(full, NULL, NULL, 1, &sc, res, &e));
  ts_regime("N = 1 is undetermined", res->loss.regime, GFD_REGIME_UNDETERMINED, res->loss.reason);

  /* synthetic orders: E_n = 1 + b for every n >= 1 (SYM nu=2's linear
   * growth from small initialisation), E_0 = 1: r_n = b/n rises -> frozen;
   * its excess (E_0 = 1 + b) is dynamical with g = 0 */
  gfd_poly S[4];
  for (int n = 0; n < 4; n++) gfd_poly_init(&S[n]);
  ts_add(&S[0], 1, 0, 0, 2, 1, 2);
  ts_add(&S[0], 1, 1, 1, 1, -1, 1);
  for (int n = 1; n < 4; n++) ts_add(&S[n], 1, 1, 1, 2, -(1L << (2 * n)), 1);
  const gfd_poly *sp[4] = {&S[0], &S[1], &S[2], &S[3]};
  gfd_scaling s3 = ts_scaling(ts_q(0, 1), ts_q(-2, 1));
  TU_OK(gfd_regime_classify_polys(sp, NULL, NULL, 3, &s3, res, &e));
  ts_regime("rising r_n -> frozen", res->loss.regime, GFD_REGIME_FROZEN, res->loss.reason);
  tu_true("excess dynamical", res->excess.dynamical);
  ts_rat("excess g = 0", res->excess.g, ts_q(0, 1));
  tu_abs("excess limit coefficient n = 2: -16/2!", res->excess.limit[2], -8, 0);
  ts_regime("excess with a < 1 and no families -> mean-field under", res->excess.regime,
            GFD_REGIME_MF_UNDER, res->excess.reason);
  /* the same sequences as their own zero-target family: free evolution */
  TU_OK(gfd_regime_classify_polys(sp, sp, NULL, 3, &s3, res, &e));
  ts_regime("family equal to the model -> free evolution", res->excess.regime, GFD_REGIME_FREE,
            res->excess.reason);
  /* one order below the others in the later half: still dynamical (a leading
   * coefficient that happens to vanish) */
  gfd_poly_clear(&S[3]);
  ts_add(&S[3], 1, 1, 2, 2, 1, 1);
  TU_OK(gfd_regime_classify_polys(sp, NULL, NULL, 3, &s3, res, &e));
  tu_true("order 3 below g: dynamical, order 3 not in the limit",
          res->excess.dynamical && !res->excess.attains[3] && res->excess.limit[3] == 0);
  /* the later half all below the earlier maximum: undetermined */
  gfd_poly_clear(&S[2]);
  ts_add(&S[2], 1, 1, 2, 2, 1, 1);
  TU_OK(gfd_regime_classify_polys(sp, NULL, NULL, 3, &s3, res, &e));
  ts_regime("falling last order -> undetermined", res->excess.regime, GFD_REGIME_UNDETERMINED,
            res->excess.reason);

  /* Pareto polygon of E L^(1) in the (ne, np + a nH) plane at a = 0 */
  gfd_hull h;
  TU_OK(gfd_scaling_hull(&L1, &sc, GFD_PLANE_E, 0, &h, &e));
  tu_true("six distinct projected points", h.n == 6);
  tu_true("upper hull (1,1)-(3,3): two vertices (collinear middle dropped)",
          h.nv == 2 && h.x[h.v[0]].num == 1 && h.x[h.v[1]].num == 3 && h.y[h.v[1]].num == 3);
  int nlead = 0;
  for (size_t i = 0; i < h.n; i++) nlead += h.leading[i];
  tu_true("leading face after the cancellation: (2,1) and (3,2)", nlead == 2);
  char pic[512];
  gfd_hull_draw(&h, 21, 7, pic, sizeof pic);
  printf("%s\n", pic);
  tu_true("drawing has the leading mark", strchr(pic, '@') != NULL);
  gfd_hull_free(&h);

  for (int n = 0; n < 4; n++) gfd_poly_free(&S[n]);
  free(res);
  /* the integer exponent arithmetic (common denominator D <= 2^31) and the
   * rational one it falls back to (a, b with denominators 65537 and 65539:
   * D > 2^31) against a brute-force maximum of gfd_scaling_weight over L1's
   * monomials (its top faces do not cancel at these scalings: nonzero lead) */
  static const long long sc_ab[][4] = {{1, 3, -1, 2}, {7, 5, -4, 3}, {5, 2, -1, 4},
                                       {65536, 65537, -65538, 65539}, {1, 65537, -1, 65539}};
  for (size_t t = 0; t < sizeof sc_ab / sizeof sc_ab[0]; t++) {
    gfd_scaling st;
    gfd_scaling_default(&st);
    st.a = gfd_rat_make(sc_ab[t][0], sc_ab[t][1]);
    st.b = gfd_rat_make(sc_ab[t][2], sc_ab[t][3]);
    gfd_rat best = {0, 0}, w;
    for (size_t i = 0; i < L1.n; i++)
      if (gfd_scaling_weight(&st, &L1.m[i], &w) == GFD_OK && (best.den == 0 || gfd_scaling_rat_cmp(w, best) > 0))
        best = w;
    gfd_lead ld;
    char what[128];
    snprintf(what, sizeof what, "E L1 lead at a=%lld/%lld b=%lld/%lld: the largest weight, exactly", sc_ab[t][0],
             sc_ab[t][1], sc_ab[t][2], sc_ab[t][3]);
    tu_true(what, gfd_scaling_lead(&L1, &st, 0, &ld, &e) == GFD_OK && !ld.zero && ld.E.num == best.num &&
                      ld.E.den == best.den);
    gfd_lead at;
    snprintf(what, sizeof what, "coef_at that weight = the lead (a=%lld/%lld)", sc_ab[t][0], sc_ab[t][1]);
    tu_true(what, gfd_scaling_coef_at(&L1, &st, 0, best, &at, &e) == GFD_OK && !at.zero && at.nface == ld.nface &&
                      gfd_scaling_rat_cmp(at.Cq, ld.Cq) == 0);
  }
  gfd_poly_free(&L0);
  gfd_poly_free(&L1);
  gfd_poly_free(&Z0);
  return tu_done();
}
