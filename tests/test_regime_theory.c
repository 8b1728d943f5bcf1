/* test_regime_theory.c - the regimes gfd-theory(7) section 4 lists, from the real
 * diagram engine (gfd_diagrams_poly), on both sides of and on the balance line
 * for SYM nu=2, ASYM nu=2 and ASYM nu=3; the time exponent (1 - a)/2 of SYM
 * nu=2 on the balance line for a < 1; the exact limit coefficients where
 * gfd-theory(7) gives them in closed form.
 *
 * The prefactor Cs = 1/2 is used on purpose: with Cs = CH = 1 the SYM nu=2
 * mean-field lines sit exactly at the target (eigenvalues -> 1), the leading
 * face cancels and the next face decides (checked separately below: that is
 * gfd-theory(7) 5.1's fine-tuned NTK, sigma^2 H -> 1). */
#include <config.h>
#include "test_scaling_util.h"

#define N_ORDERS 4

typedef struct point {
  long an, ad, bn, bd; /* a = an/ad, b = bn/bd */
  gfd_regime loss;     /* expected regime of the loss */
  const char *why;     /* where gfd-theory(7) says so */
} point;

static void check_points(gfd_kind kind, int nu, const point *pts, int n) {
  gfd_err e;
  gfd_diagrams *d = gfd_diagrams_new(kind, nu, GFD_TGT_IDENTITY, &e);
  if (!d) {
    printf("FAIL gfd_diagrams_new: %s\n", e.msg);
    tu_failures++;
    return;
  }
  gfd_regime_result *r = calloc(1, sizeof *r);
  for (int i = 0; i < n; i++) {
    gfd_scaling sc = ts_scaling(ts_q(pts[i].an, pts[i].ad), ts_q(pts[i].bn, pts[i].bd));
    sc.Cs = ts_q(1, 2);
    if (gfd_regime_classify(d, &sc, N_ORDERS, NULL, r, &e) != GFD_OK) {
      printf("FAIL classify: %s\n", e.msg);
      tu_failures++;
      continue;
    }
    char what[160], qa[32], qb[32], e0[32], g[32];
    snprintf(what, sizeof what, "%s nu=%d a=%s b=%s (%s; E_0 = %s, g = %s)", gfd_kind_name(kind), nu,
             gfd_rat_format(sc.a, qa, 32), gfd_rat_format(sc.b, qb, 32), pts[i].why,
             gfd_rat_format(r->loss.E0, e0, 32), gfd_rat_format(r->loss.g, g, 32));
    ts_regime(what, r->loss.regime, pts[i].loss, r->loss.reason);
  }
  free(r);
  gfd_diagrams_free(d);
}

int main(void) {
  gfd_library_init();
  /* SYM nu = 2: balance line b = -(1+a)/2 (a <= 1), b = -a (a >= 1); on it
   * free evolution on the floor ||y||^2/2 for a < 1 (gfd-theory(7) section 4, corrected) */
  static const point sym2[] = {
      {0, 1, -1, 2, GFD_REGIME_FREE, "on the line, a < 1: free evolution on the floor"},
      {0, 1, 0, 1, GFD_REGIME_FREE, "above the line"},
      {0, 1, -1, 1, GFD_REGIME_FROZEN, "below the line"},
      {1, 2, -3, 4, GFD_REGIME_FREE, "on the line, a < 1: on the floor"},
      {1, 2, -1, 2, GFD_REGIME_FREE, "above"},
      {1, 2, -1, 1, GFD_REGIME_FROZEN, "below"},
      {1, 1, -1, 1, GFD_REGIME_PROPORTIONAL, "on the line, a = 1"},
      {1, 1, -1, 2, GFD_REGIME_FREE, "above"},
      {1, 1, -3, 2, GFD_REGIME_FROZEN, "below"},
      {2, 1, -2, 1, GFD_REGIME_MF_OVER, "on the line, a > 1 (gfd-theory(7) 5.1 over-parameterised)"},
      {2, 1, -3, 2, GFD_REGIME_FREE, "above"},
      {2, 1, -5, 2, GFD_REGIME_FROZEN, "below"},
  };
  check_points(GFD_SYM, 2, sym2, (int)(sizeof sym2 / sizeof *sym2));

  /* ASYM nu = 2: balance line b = -(1+a)/2; on it free evolution on the
   * floor for a < 1, proportional at a = 1, NTK for a > 1 */
  static const point asym2[] = {
      {0, 1, -1, 2, GFD_REGIME_FREE, "on the line, a < 1: on the floor"},
      {0, 1, 0, 1, GFD_REGIME_FREE, "above"},
      {0, 1, -1, 1, GFD_REGIME_FROZEN, "below"},
      {1, 1, -1, 1, GFD_REGIME_PROPORTIONAL, "on the line, a = 1"},
      {1, 1, -1, 2, GFD_REGIME_FREE, "above"},
      {1, 1, -3, 2, GFD_REGIME_FROZEN, "below"},
      {2, 1, -3, 2, GFD_REGIME_NTK, "on the line, a > 1"},
      {3, 1, -2, 1, GFD_REGIME_NTK, "on the line, a > 1"},
      {2, 1, -1, 1, GFD_REGIME_FREE, "above"},
      {2, 1, -5, 2, GFD_REGIME_FROZEN, "well below (below b = -a)"},
      /* between b = -a and the line: gfd-theory(7) 5.3's lazy region a > nu - 1,
       * a + nu b/2 > 0 (section 4 calls everything below the line frozen) */
      {2, 1, -7, 4, GFD_REGIME_NTK, "below the line but a + b > 0 (gfd-theory(7) 5.3)"},
  };
  check_points(GFD_ASYM, 2, asym2, (int)(sizeof asym2 / sizeof *asym2));

  /* ASYM nu = 3: balance line b = -(2+a)/3; on it free evolution on the floor
   * ||y||^2/2 for a < 2 (a = 1 included), mean-field over-parameterised at the
   * crossover a = 2, NTK at a = 3 */
  static const point asym3[] = {
      {0, 1, -2, 3, GFD_REGIME_FREE, "on the line, a < 1: on the floor"},
      {0, 1, -1, 3, GFD_REGIME_FREE, "above"},
      {0, 1, -1, 1, GFD_REGIME_FROZEN, "below"},
      {1, 1, -1, 1, GFD_REGIME_FREE, "on the line, a = 1 < nu - 1: on the floor"},
      {3, 2, -7, 6, GFD_REGIME_FREE, "on the line, 1 < a < 2: on the floor"},
      {2, 1, -4, 3, GFD_REGIME_MF_OVER, "on the line, a = nu - 1: the crossover"},
      {2, 1, -1, 1, GFD_REGIME_FREE, "above"},
      {2, 1, -2, 1, GFD_REGIME_FROZEN, "below"},
      {3, 1, -5, 3, GFD_REGIME_NTK, "on the line, a = 3"},
      {3, 1, -4, 3, GFD_REGIME_FREE, "above"},
      {3, 1, -7, 3, GFD_REGIME_FROZEN, "below"},
  };
  check_points(GFD_ASYM, 3, asym3, (int)(sizeof asym3 / sizeof *asym3));

  gfd_err e;
  gfd_diagrams *d = gfd_diagrams_new(GFD_SYM, 2, GFD_TGT_IDENTITY, &e);
  gfd_regime_result *r = calloc(1, sizeof *r);
  /* time exponent of SYM nu=2 on the balance line for a < 1: (1 - a)/2 */
  for (int k = 0; k < 8; k++) {
    gfd_scaling sc = ts_scaling(ts_q(k, 8), ts_q(-(8 + k), 16));
    TU_OK(gfd_regime_classify(d, &sc, N_ORDERS, NULL, r, &e));
    char what[96];
    snprintf(what, sizeof what, "SYM nu=2 balance line a = %d/8: g = (1 - a)/2", k);
    ts_rat(what, r->loss.g, ts_q(8 - k, 16));
    tu_true("  ... dynamical with every order attaining g", r->loss.dynamical &&
                                                              r->loss.attains[N_ORDERS]);
  }

  /* gfd-theory(7) 5.1: fine tuning sigma^2 H -> 1 (Cs = CH = 1) on SYM nu=2's
   * over-parameterised line: the mean-field face cancels, NTK remains, and
   * L = L(0) e^{-8t}: limit coefficients C_0 (-8)^n / n! */
  gfd_scaling ft = ts_scaling(ts_q(2, 1), ts_q(-2, 1));
  TU_OK(gfd_regime_classify(d, &ft, N_ORDERS, NULL, r, &e));
  ts_regime("SYM nu=2 a=2 b=-2 with sigma^2 H = 1: NTK", r->loss.regime, GFD_REGIME_NTK, r->loss.reason);
  tu_true("  ... the mean-field face cancelled at n = 0", r->loss.lead[0].ncancelled >= 1);
  double fact = 1;
  for (int n = 0; n <= N_ORDERS; n++) {
    if (n) fact *= n;
    char what[64];
    snprintf(what, sizeof what, "  ... limit coefficient n = %d = C_0 (-8)^n/n!", n);
    /* exact rationals converted once: only double rounding */
    tu_abs(what, r->loss.limit[n], r->loss.limit[0] * pow(-8, n) / fact, 1e-12 * fabs(r->loss.limit[n]) + 1e-300);
  }
  /* gfd-theory(7) 5.1 over-parameterised mean field: L/p -> (s-1)^2/(2 (1 + s q)^2),
   * q = e^{4 tau} - 1, s = Cs CH = 1/2: coefficients 1/8, -1/2, 1/2, 2/3, -4/3
   * (Taylor expansion by hand of (1/8) (1 + (e^{4 tau} - 1)/2)^{-2}) */
  gfd_scaling mo = ts_scaling(ts_q(2, 1), ts_q(-2, 1));
  mo.Cs = ts_q(1, 2);
  TU_OK(gfd_regime_classify(d, &mo, N_ORDERS, NULL, r, &e));
  static const double want_mo[] = {1.0 / 8, -1.0 / 2, 1.0 / 2, 2.0 / 3, -4.0 / 3};
  for (int n = 0; n <= N_ORDERS; n++) {
    char what[80];
    snprintf(what, sizeof what, "SYM nu=2 over-parameterised limit coefficient n = %d", n);
    tu_abs(what, r->loss.limit[n], want_mo[n], 1e-14);
  }
  /* under-parameterised (a = 0, b = -1): the loss is frozen at p/2, its excess
   * per unit is 1/2 (s-1)^2/(1 + s q)^2 - 1/2: the same coefficients, shifted
   * by -1/2 at n = 0 */
  gfd_scaling mu = ts_scaling(ts_q(0, 1), ts_q(-1, 1));
  mu.Cs = ts_q(1, 2);
  TU_OK(gfd_regime_classify(d, &mu, N_ORDERS, NULL, r, &e));
  ts_regime("SYM nu=2 a=0 b=-1: loss frozen", r->loss.regime, GFD_REGIME_FROZEN, r->loss.reason);
  ts_regime("  ... excess mean-field under-parameterised", r->excess.regime, GFD_REGIME_MF_UNDER,
            r->excess.reason);
  for (int n = 0; n <= N_ORDERS; n++) {
    char what[80];
    snprintf(what, sizeof what, "  ... excess limit coefficient n = %d", n);
    tu_abs(what, r->excess.limit[n], want_mo[n] - (n == 0 ? 0.5 : 0), 1e-14);
  }
  gfd_diagrams_free(d);

  /* gfd-theory(7) 5.4 (SYM nu=4, H fixed, kappa4 = sigma^4 p^3 fixed: a = 0, b = -3/2,
   * kappa4 = Cs^2): below the balance line the loss is frozen, the excess is
   * the mean-field ODE's, excess = H p sigma^4 sum_s c_s (4 sigma^2 t)^s with
   * c_0 = (k - 6)/2, c_1 = -4 (k^2 - 6k + 15), c_2 = 4 (7k^3 - 51k^2 + 159k - 315),
   * so the limit coefficients in tau = p^g t are Cs^2 (4 Cs)^s c_s */
  d = gfd_diagrams_new(GFD_SYM, 4, GFD_TGT_IDENTITY, &e);
  gfd_scaling s4 = ts_scaling(ts_q(0, 1), ts_q(-3, 2));
  s4.Cs = ts_q(1, 2);
  if (!d || gfd_regime_classify(d, &s4, 3, NULL, r, &e) != GFD_OK) {
    printf("FAIL SYM nu=4: %s\n", e.msg);
    return 1;
  }
  ts_regime("SYM nu=4 a=0 b=-3/2: loss frozen", r->loss.regime, GFD_REGIME_FROZEN, r->loss.reason);
  ts_regime("  ... excess mean-field under-parameterised", r->excess.regime, GFD_REGIME_MF_UNDER,
            r->excess.reason);
  ts_rat("  ... excess exponent E_0 = 1 + 2b", r->excess.E0, ts_q(-2, 1));
  ts_rat("  ... time exponent g = b (t ~ 1/sigma^2)", r->excess.g, ts_q(-3, 2));
  double k = 0.25, cs[3] = {(k - 6) / 2, -4 * (k * k - 6 * k + 15),
                            4 * (7 * k * k * k - 51 * k * k + 159 * k - 315)};
  for (int n = 0; n < 3; n++) {
    char what[80];
    snprintf(what, sizeof what, "  ... excess limit coefficient n = %d vs gfd-theory(7) 5.4 c_%d", n, n);
    tu_abs(what, r->excess.limit[n], 0.25 * pow(2, n) * cs[n], 1e-12 * fabs(cs[n]) * pow(2, n));
  }
  free(r);
  gfd_diagrams_free(d);
  return tu_done();
}
