/* regime.c - loss and time exponents, the limit series and the regime of a
 * scaling from the exact polynomials E[L^(n)(0)] (gfd-theory(7) section 4). */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

static const struct {
  const char *name, *key;
  char letter;
} regime_tab[GFD_REGIME_COUNT] = {
    [GFD_REGIME_UNDETERMINED] = {"undetermined", "undetermined", '?'},
    [GFD_REGIME_FREE] = {"free evolution", "free", 'F'},
    [GFD_REGIME_NTK] = {"NTK", "ntk", 'N'},
    [GFD_REGIME_MF_UNDER] = {"mean-field under-parameterised", "mf-under", 'U'},
    [GFD_REGIME_PROPORTIONAL] = {"proportional", "proportional", 'P'},
    [GFD_REGIME_MF_OVER] = {"mean-field over-parameterised", "mf-over", 'O'},
    [GFD_REGIME_FROZEN] = {"frozen", "frozen", 'Z'},
    [GFD_REGIME_MULTISCALE] = {"multi-scale", "multi-scale", 'M'},
};

const char *gfd_regime_name(gfd_regime r) {
  return (r >= 0 && r < GFD_REGIME_COUNT) ? regime_tab[r].name : "?";
}
const char *gfd_regime_key(gfd_regime r) {
  return (r >= 0 && r < GFD_REGIME_COUNT) ? regime_tab[r].key : "?";
}
char gfd_regime_letter(gfd_regime r) {
  return (r >= 0 && r < GFD_REGIME_COUNT) ? regime_tab[r].letter : '?';
}

static gfd_rat rat_int(long v) { return gfd_rat_make(v, 1); }

static int rat_sub(gfd_rat x, gfd_rat y, gfd_rat *out) {
  y.num = -y.num;
  return gfd_rat_add(x, y, out);
}

/* E_0 + g n */
static int target_exp(const gfd_regime_quantity *q, int n, gfd_rat *out) {
  gfd_rat t;
  if (gfd_rat_mul(q->g, rat_int(n), &t) || gfd_rat_add(q->E0, t, out)) return GFD_EOVERFLOW;
  return GFD_OK;
}

static int coef_equal(const gfd_lead *x, const gfd_lead *y) {
  if (x->zero || y->zero) return x->zero && y->zero;
  if (x->exact && y->exact) return gfd_scaling_rat_cmp(x->Cq, y->Cq) == 0;
  /* one of them overflowed exact arithmetic: compare at long double rounding */
  return fabs(x->C - y->C) <= 1e-12 * fmax(fabs(x->C), fabs(y->C));
}

/* First order n <= nmax where the family's scaled limit differs from the
 * model's (-1: none).  Only meaningful for a dynamical quantity (or the bulk
 * orders of a multi-scale one: q->E0 + q->g n is the scale compared at). */
static int first_difference(const gfd_poly *const *fam, const gfd_poly *const *full,
                            const gfd_regime_quantity *q, int nmax, const gfd_scaling *sc, gfd_err *e,
                            int *rc) {
  for (int n = 0; n <= nmax; n++) {
    int ex = q->excess && n == 0;
    gfd_lead lf, mine, at;
    gfd_rat T;
    if ((*rc = target_exp(q, n, &T)) != GFD_OK) {
      gfd_err_set(e, *rc, "exponent arithmetic overflowed");
      return -1;
    }
    if ((*rc = gfd_scaling_lead(fam[n], sc, ex, &lf, e)) ||
        (*rc = gfd_scaling_coef_at(full[n], sc, ex, T, &mine, e)))
      return -1;
    /* the family must not be larger than the model's limit scale */
    if (!lf.zero && gfd_scaling_rat_cmp(lf.E, T) > 0) return n;
    if ((*rc = gfd_scaling_coef_at(fam[n], sc, ex, T, &at, e))) return -1;
    if (!coef_equal(&at, &mine)) return n;
  }
  return -1;
}

static void fmt_rat(gfd_rat r, char *buf, size_t n) { gfd_rat_format(r, buf, n); }

/* "+ 1/4" or "- 1/2": a rational as the signed term of "E_0 + g n" */
static void fmt_signed_rat(gfd_rat r, char *buf, size_t n) {
  if (n < 3) {
    if (n) buf[0] = '\0';
    return;
  }
  int neg = r.num < 0;
  if (neg) r.num = -r.num;
  buf[0] = neg ? '-' : '+';
  buf[1] = ' ';
  fmt_rat(r, buf + 2, n - 2);
}

static gfd_regime mean_field_by_a(const gfd_scaling *sc) {
  int cmpa = gfd_scaling_rat_cmp(sc->a, rat_int(1));
  return cmpa < 0 ? GFD_REGIME_MF_UNDER : cmpa == 0 ? GFD_REGIME_PROPORTIONAL : GFD_REGIME_MF_OVER;
}

/* 1 if the family's leading data (E_n, C_n) equal q's at every order 0..N. */
static int same_leading_data(const gfd_poly *const *fam, const gfd_regime_quantity *q, const gfd_scaling *sc,
                             gfd_err *e, int *rc) {
  for (int n = 0; n <= q->N; n++) {
    gfd_lead l;
    if ((*rc = gfd_scaling_lead(fam[n], sc, q->excess && n == 0, &l, e))) return 0;
    if (l.zero != q->lead[n].zero) return 0;
    if (!l.zero && (gfd_scaling_rat_cmp(l.E, q->lead[n].E) != 0 || !coef_equal(&l, &q->lead[n]))) return 0;
  }
  return 1;
}

/* The multi-scale caveat of gfd-theory(7) section 4.  A rising (E_n - E_0)/n proves freezing
 * only if the rising faces carry the leading weight.  The top faces of the
 * last two nonzero orders fix a line E_n = E' + g' n; when E' < E_0 the line
 * belongs to a part of relative weight p^(E' - E_0) -> 0 that moves on the
 * faster scale p^g' t, while the bulk follows the lower orders: those above
 * the line, then the ties with it that keep the bulk's slope.  Known case:
 * SYM nu=3 with a > 1, whose trace parts relax H/p (free) or p/6 (NTK) times
 * faster than the diagonal.
 * With no order above the line, order 1 already ties with the fast part (the
 * two share the monomial: relative weight times relative rate is 1), so r_1
 * only bounds the bulk's exponent; the bulk's regime is then named only when
 * every computed order equals the NTK sub-family's (the leading dynamics is
 * the linearised flow, both parts lazy).
 * A loss whose t = 0 value is the floor ||y||^2/2 alone (below the balance
 * line) has the floor as its bulk: it stays (frozen, the excess moves on its
 * own) unless it relaxes through the kernel, as in the NTK wedge.  The orders
 * tell the two apart only when the rise comes from a part moving lazily,
 * which the NTK test below sees; otherwise the loss stays frozen.
 * Returns 1 when it labelled q (multi-scale), 0 to leave q frozen. */
static int multi_scale(const gfd_poly *const *full, const gfd_poly *const *zero,
                       const gfd_poly *const *ntk, const gfd_scaling *sc, gfd_regime_quantity *q,
                       const int *nz, int k, gfd_err *e, int *rc) {
  *rc = GFD_OK;
  if (k < 3) return 0; /* one bulk order and two on the line at least */
  int floor_only = 0;
  if (!q->excess) {
    gfd_lead x0;
    if ((*rc = gfd_scaling_lead(full[0], sc, 1, &x0, e))) return 0;
    floor_only = x0.zero || gfd_scaling_rat_cmp(x0.E, q->E0) < 0;
  }
  int n1 = nz[k - 2], n2 = nz[k - 1];
  gfd_rat dE, gf, Ef, t;
  if (rat_sub(q->lead[n2].E, q->lead[n1].E, &dE) || gfd_rat_mul(dE, gfd_rat_make(1, n2 - n1), &gf) ||
      gfd_rat_mul(gf, rat_int(n2), &t) || rat_sub(q->lead[n2].E, t, &Ef))
    return 0;
  if (gfd_scaling_rat_cmp(Ef, q->E0) >= 0) return 0; /* the rising part is not small: frozen */
  gfd_rat gb = rat_int(0);
  int nb = -1, strict = 0, ns = 0; /* ns: the last order strictly above the line */
  for (int i = 0; i < k; i++) {
    int n = nz[i];
    gfd_rat line;
    if (gfd_rat_mul(gf, rat_int(n), &t) || gfd_rat_add(Ef, t, &line)) return 0;
    int c = gfd_scaling_rat_cmp(q->lead[n].E, line);
    if (c < 0) return 0; /* an order below the line: no clean two-scale picture */
    if (c > 0) {
      if (nb >= 0 && !strict) return 0; /* above the line after a tie: not two lines */
      if (nb < 0 || gfd_scaling_rat_cmp(q->r[n], gb) > 0) gb = q->r[n];
      nb = ns = n;
      strict = 1;
    } else if (nb < 0) {
      gb = q->r[n]; /* no order above the line: the first tie is all the bulk shows */
      nb = n;
    } else if (gfd_scaling_rat_cmp(q->r[n], gb) == 0) {
      nb = n; /* a tie on the bulk's own line */
    } else {
      break;
    }
  }
  if (nb < 1 || nb >= n2 || gfd_scaling_rat_cmp(gf, gb) <= 0) return 0;
  int lazy_all = 0, free_all = 0;
  if (!strict) {
    lazy_all = ntk && same_leading_data(ntk, q, sc, e, rc);
    if (*rc) return 0;
    free_all = lazy_all && zero && same_leading_data(zero, q, sc, e, rc);
    if (*rc) return 0;
  }
  if (floor_only && (strict || !lazy_all)) return 0; /* the floor stays: frozen */
  q->regime = GFD_REGIME_MULTISCALE;
  q->E_fast = Ef;
  q->g_fast = gf;
  q->nbulk = nb;
  q->g = gb;
  /* the bulk's regime from the orders strictly above the line: a tie holds
   * the fast part too, which the families need not share (SYM nu=3: the trace
   * of y, absent with a zero target) */
  int nc = strict ? ns : nb;
  q->differs_zero = zero ? first_difference(zero, full, q, nc, sc, e, rc) : -2;
  if (*rc) return 0;
  q->differs_ntk = ntk ? first_difference(ntk, full, q, nc, sc, e, rc) : -2;
  if (*rc) return 0;
  int on_floor = 0;
  if (zero && !q->excess && q->differs_zero == 0) {
    /* the loss differs at n = 0 only by the floor ||y||^2/2 if its excess
     * has the zero-target data there (on the balance line): floor + free */
    q->excess = 1;
    int dz = first_difference(zero, full, q, nc, sc, e, rc);
    q->excess = 0;
    if (*rc) return 0;
    on_floor = dz == -1;
  }
  q->bulk = q->differs_zero == -1 || on_floor ? GFD_REGIME_FREE
            : q->differs_ntk == -1            ? GFD_REGIME_NTK
                                              : mean_field_by_a(sc);
  q->bulk_bound = !strict;
  if (!strict) q->bulk = floor_only ? GFD_REGIME_UNDETERMINED
                         : free_all ? GFD_REGIME_FREE
                         : lazy_all ? GFD_REGIME_NTK
                                    : GFD_REGIME_UNDETERMINED;
  /* free and NTK data can coincide on the bulk's orders: the zero-target flow
   * is itself lazy there (gfd-theory(7) section 4 keeps the label free evolution) */
  /* (order 1 is -||grad L||^2, which every family shares: it takes order 2) */
  const char *lazy = strict && nc >= 2 && q->bulk == GFD_REGIME_FREE && q->differs_ntk == -1
                         ? " (the NTK sub-family agrees on these orders: the zero-target flow is lazy, "
                           "an exponential decay)"
                         : "";
  char e0[48], ef[48], w[48], g1[48], g2[48];
  gfd_rat rel;
  fmt_rat(q->E0, e0, sizeof e0);
  fmt_rat(Ef, ef, sizeof ef);
  fmt_rat(rat_sub(Ef, q->E0, &rel) ? rat_int(0) : rel, w, sizeof w);
  fmt_rat(gb, g1, sizeof g1);
  fmt_rat(gf, g2, sizeof g2);
  char bulk[400];
  if (strict)
    snprintf(bulk, sizeof bulk, "the bulk (orders 0..%d) moves on tau = p^%s t as %s%s", nb, g1,
             gfd_regime_name(q->bulk), on_floor ? " on the floor ||y||^2/2" : "");
  else if (floor_only)
    snprintf(bulk, sizeof bulk, "below the balance line every computed order equals the NTK sub-family's: "
             "the floor ||y||^2/2 either relaxes through the kernel on tau = p^g t with g <= %s (the NTK wedge) "
             "or stays frozen, and these orders cannot tell which (order 1 ties with the faster part)", g1);
  else if (lazy_all)
    snprintf(bulk, sizeof bulk, "every computed order equals the NTK sub-family's%s: the bulk relaxes lazily "
             "(%s) on tau = p^g t with g <= %s (order 1 ties with the faster part, so no order shows the bulk "
             "alone)", free_all ? " and the zero target's" : "", gfd_regime_name(q->bulk), g1);
  else
    snprintf(bulk, sizeof bulk, "the bulk moves on tau = p^g t with g <= %s (order 1 already ties with the "
             "faster part, so no computed order shows the bulk alone, nor its regime)", g1);
  if (snprintf(q->reason, sizeof q->reason,
           "multi-scale%s: %s%s; (E_n - E_0)/n "
           "rises only through the faces E_n = %s + %s n of orders %d.., a part of relative weight p^%s "
           "(E' = %s < E_0 = %s) that moves on the faster scale p^%s t and vanishes in the limit",
           floor_only ? "" : ", not frozen", bulk, lazy, ef, g2, nb + 1, w, ef, e0, g2) >= (int)sizeof q->reason)
    q->reason[sizeof q->reason - 2] = '.'; /* cut short */
  return 1;
}

static int analyse(const gfd_poly *const *full, const gfd_poly *const *zero,
                   const gfd_poly *const *ntk, int N, const gfd_scaling *sc, int excess,
                   gfd_regime_quantity *q, gfd_err *e) {
  memset(q, 0, sizeof *q);
  q->excess = excess;
  q->N = N;
  q->regime = GFD_REGIME_UNDETERMINED;
  q->differs_zero = q->differs_ntk = -2;
  q->E0 = q->g = rat_int(0);
  int rc;
  for (int n = 0; n <= N; n++) {
    if ((rc = gfd_scaling_lead(full[n], sc, excess && n == 0, &q->lead[n], e))) return rc;
    if (!q->lead[n].zero && q->lead[n].nface > 1) q->ties++;
  }
  const char *what = excess ? "the excess" : "the loss";
  if (q->lead[0].zero) {
    snprintf(q->reason, sizeof q->reason, "%s vanishes at t = 0 at every computed face", what);
    return GFD_OK;
  }
  q->E0 = q->lead[0].E;
  q->attains[0] = 1;
  int nz[GFD_REGIME_NMAX + 1], k = 0, gi = -1;
  for (int n = 1; n <= N; n++) {
    if (q->lead[n].zero) continue;
    gfd_rat d;
    if (rat_sub(q->lead[n].E, q->E0, &d) || gfd_rat_mul(d, gfd_rat_make(1, n), &q->r[n]))
      return gfd_err_set(e, GFD_EOVERFLOW, "exponent arithmetic overflowed");
    if (gi < 0 || gfd_scaling_rat_cmp(q->r[n], q->g) > 0) {
      q->g = q->r[n];
      gi = n;
    }
    nz[k++] = n;
  }
  if (k == 0) {
    snprintf(q->reason, sizeof q->reason,
             "every order 1..%d of %s vanishes: no motion at the computed orders", N, what);
    return GFD_OK;
  }
  if (k < 2) {
    snprintf(q->reason, sizeof q->reason,
             "undetermined at order %d: one nonzero order cannot tell a linear E_n from a "
             "rising one (use N >= 2)", N);
    return GFD_OK;
  }
  /* Rising or not is judged between the two halves of the orders, not just
   * the last two: parity effects (odd or even orders vanishing at the leading
   * face, as for ASYM models near zero) make consecutive r_n alternate. */
  int half = N / 2, lo_i = -1, hi_i = -1;
  for (int i = 0; i < k; i++) {
    int n = nz[i];
    int *best = n <= half ? &lo_i : &hi_i;
    if (*best < 0 || gfd_scaling_rat_cmp(q->r[n], q->r[*best]) > 0) *best = n;
  }
  char b1[48], b2[48], b3[48];
  if (lo_i < 0 || hi_i < 0) {
    snprintf(q->reason, sizeof q->reason,
             "undetermined at order %d: the nonzero orders all lie in one half of 1..%d", N, N);
    return GFD_OK;
  }
  int cmp = gfd_scaling_rat_cmp(q->r[hi_i], q->r[lo_i]);
  if (cmp > 0) {
    if (multi_scale(full, zero, ntk, sc, q, nz, k, e, &rc)) return GFD_OK;
    if (rc) return rc;
    /* still rising: no power-law time scale at the computed orders */
    q->regime = GFD_REGIME_FROZEN;
    fmt_rat(q->r[lo_i], b1, sizeof b1);
    fmt_rat(q->r[hi_i], b2, sizeof b2);
    snprintf(q->reason, sizeof q->reason,
             "(E_n - E_0)/n still rising (%s at n = %d, %s at n = %d): %s stays at its initial "
             "scale, escape only on a log time scale", b1, lo_i, b2, hi_i, what);
    return GFD_OK;
  }
  if (cmp < 0) {
    fmt_rat(q->g, b1, sizeof b1);
    fmt_rat(q->r[hi_i], b2, sizeof b2);
    snprintf(q->reason, sizeof q->reason,
             "undetermined at order %d: (E_n - E_0)/n peaks at n = %d (%s) and the later orders "
             "reach only %s%s; the computed orders cannot decide", N, gi, b1, b2,
             gi == 1 ? " (the value at t = 0 is small against its change)" : "");
    return GFD_OK;
  }
  /* dynamical: the limit series over the orders attaining g */
  q->dynamical = 1;
  int below = 0;
  double fact = 1;
  for (int n = 0; n <= N; n++) {
    if (n > 0) fact *= n;
    gfd_rat T;
    if (target_exp(q, n, &T)) return gfd_err_set(e, GFD_EOVERFLOW, "exponent arithmetic overflowed");
    if (!q->lead[n].zero && gfd_scaling_rat_cmp(q->lead[n].E, T) == 0) {
      q->attains[n] = 1;
      q->limit[n] = q->lead[n].C / fact;
    } else {
      q->attains[n] = n == 0;
      q->limit[n] = 0;
      if (n > 0) below++;
    }
  }
  rc = GFD_OK;
  if (zero) {
    q->differs_zero = first_difference(zero, full, q, q->N, sc, e, &rc);
    if (rc) return rc;
  }
  if (ntk) {
    q->differs_ntk = first_difference(ntk, full, q, q->N, sc, e, &rc);
    if (rc) return rc;
  }
  int cmpa = gfd_scaling_rat_cmp(sc->a, rat_int(1));
  fmt_rat(q->E0, b1, sizeof b1);
  fmt_signed_rat(q->g, b2, sizeof b2);
  char gaps[64] = "";
  if (below) snprintf(gaps, sizeof gaps, " (%d order%s below it)", below, below > 1 ? "s" : "");
  if (zero && q->differs_zero == -1) {
    q->regime = GFD_REGIME_FREE;
    snprintf(q->reason, sizeof q->reason,
             "E_n = %s %s n up to n = %d%s and the leading data equal the zero-target model's: "
             "the target does not matter at this scale", b1, b2, N, gaps);
    return GFD_OK;
  }
  if (ntk && q->differs_ntk == -1) {
    q->regime = GFD_REGIME_NTK;
    snprintf(q->reason, sizeof q->reason,
             "E_n = %s %s n up to n = %d%s and the leading data equal the NTK sub-family's: "
             "lazy training, the kernel stays at its initial value", b1, b2, N, gaps);
    return GFD_OK;
  }
  q->regime = cmpa < 0 ? GFD_REGIME_MF_UNDER
              : cmpa == 0 ? GFD_REGIME_PROPORTIONAL
                          : GFD_REGIME_MF_OVER;
  snprintf(b3, sizeof b3, "%s", cmpa < 0 ? "a < 1" : cmpa == 0 ? "a = 1" : "a > 1");
  char dz[48] = "", dn[48] = "";
  if (zero) snprintf(dz, sizeof dz, "; differs from the zero target at n = %d", q->differs_zero);
  if (ntk) snprintf(dn, sizeof dn, ", from the NTK sub-family at n = %d", q->differs_ntk);
  snprintf(q->reason, sizeof q->reason, "E_n = %s %s n up to n = %d%s%s%s; %s", b1, b2, N,
           gaps, dz, dn, b3);
  return GFD_OK;
}

/* A leading face that sums to zero does so only for particular prefactors
 * (distinct monomials of one weight differ in their powers of CH, Cs, Ck):
 * the result is fine-tuned, and the reason says so first. */
static void note_cancellations(gfd_regime_quantity *q, const gfd_scaling *sc, int has_target) {
  char orders[64] = "";
  size_t len = 0;
  q->finetuned = 0;
  for (int n = 0; n <= q->N; n++)
    if (q->lead[n].ncancelled > 0) {
      if (q->finetuned < 4 && len + 8 < sizeof orders)
        len += (size_t)snprintf(orders + len, sizeof orders - len, "%s%d", q->finetuned ? ", " : "", n);
      else if (q->finetuned == 4 && len + 8 < sizeof orders)
        len += (size_t)snprintf(orders + len, sizeof orders - len, ", ...");
      q->finetuned++;
    }
  if (!q->finetuned) return;
  char ch[48], cs[48], ck[48], kbuf[64] = "", old[sizeof q->reason];
  gfd_rat_format(sc->CH, ch, sizeof ch);
  gfd_rat_format(sc->Cs, cs, sizeof cs);
  if (has_target) snprintf(kbuf, sizeof kbuf, ", Ck=%s", gfd_rat_format(sc->Ck, ck, sizeof ck));
  snprintf(old, sizeof old, "%s", q->reason);
  int k = snprintf(q->reason, sizeof q->reason, "leading face cancels at CH=%s, Cs=%s%s (order%s %s): fine-tuned, "
                   "other prefactors give another result; ", ch, cs, kbuf, q->finetuned > 1 ? "s" : "", orders);
  if (k > 0 && (size_t)k < sizeof q->reason) {
    size_t room = sizeof q->reason - (size_t)k - 1, n = strlen(old);
    memcpy(q->reason + k, old, n < room ? n : room);
    q->reason[k + (n < room ? n : room)] = '\0';
  }
}

static void append(gfd_regime_quantity *q, const char *fmt, const char *x, const char *y) {
  size_t len = strlen(q->reason);
  if (len < sizeof q->reason) snprintf(q->reason + len, sizeof q->reason - len, fmt, x, y);
}

/* gfd-theory(7) section 4 decides free evolution on the excess L - ||y||^2/2 against the
 * zero-target model.  When the excess is free with the loss's own exponents,
 * the loss differs from the zero-target data only in C_0 (the constant
 * ||y||^2/2 lies on the leading face): free evolution on the floor, never
 * mean-field.  Below the balance line the loss sits on the floor and the
 * excess is what moves; ASYM with a > nu - 1 has the NTK wedge there.  These
 * notes need the balance, so they run after it. */
static void floor_and_wedge(gfd_regime_result *out) {
  gfd_regime_quantity *L = &out->loss, *X = &out->excess;
  char e0[48], g[48], n0[16];
  if (L->dynamical && X->dynamical && X->regime == GFD_REGIME_FREE && L->regime != GFD_REGIME_FREE &&
      gfd_scaling_rat_cmp(L->E0, X->E0) == 0 && gfd_scaling_rat_cmp(L->g, X->g) == 0) {
    L->regime = GFD_REGIME_FREE;
    L->floor = 1;
    fmt_rat(L->E0, e0, sizeof e0);
    fmt_signed_rat(L->g, g, sizeof g);
    snprintf(n0, sizeof n0, "%d", L->N);
    snprintf(L->reason, sizeof L->reason,
             "free evolution on the floor ||y||^2/2: E_n = %s %s n up to n = %s, the excess "
             "L - ||y||^2/2 has the zero-target model's leading data at every order, and the loss "
             "differs from them only in C_0 (the constant ||y||^2/2 lies on the leading face): "
             "L/p^E_0 -> floor + free curve, not mean-field", e0, g, n0);
    append(X, "%s%s", "; on the floor ||y||^2/2, which the loss adds at n = 0", "");
  }
  if (out->balance < 0 && L->regime == GFD_REGIME_FROZEN && !X->lead[0].zero &&
      gfd_scaling_rat_cmp(X->E0, L->E0) < 0) {
    fmt_rat(X->E0, e0, sizeof e0);
    append(L, "; below the balance line the loss sits on the floor ||y||^2/2 and its excess "
              "(~ p^%s) is the quantity that moves: it is %s", e0, gfd_regime_name(X->regime));
    if (X->dynamical && X->regime != GFD_REGIME_FREE)
      append(X, "%s%s", "; below the balance line: the target-driven excess, the quantity that moves "
                        "while the loss stays at ||y||^2/2", "");
  }
  if (out->balance < 0 && L->regime == GFD_REGIME_NTK)
    append(L, "%s%s", "; below the balance line: the NTK wedge (ASYM, a > nu - 1), where the tangent "
                      "kernel concentrates and r_0 ~ -y relaxes through it, L -> (||y||^2/2) e^{-2kt}", "");
  if (out->balance < 0 && L->regime == GFD_REGIME_MF_OVER && L->dynamical)
    append(L, "%s%s", "; below the balance line the target drives the loss down from ||y||^2/2 "
                      "(ASYM with a > nu - 1: the lower edge of the NTK wedge, H sigma^nu = O(1))", "");
}

int gfd_regime_classify_polys(const gfd_poly *const *full, const gfd_poly *const *zero,
                              const gfd_poly *const *ntk, int N, const gfd_scaling *sc,
                              gfd_regime_result *out, gfd_err *e) {
  if (N < 0 || N > GFD_REGIME_NMAX)
    return gfd_err_set(e, GFD_EINVAL, "the order N must be in 0..%d", GFD_REGIME_NMAX);
  int rc = gfd_scaling_check(sc, e);
  if (rc) return rc;
  memset(out, 0, sizeof *out);
  out->sc = *sc;
  out->N = N;
  if ((rc = analyse(full, zero, ntk, N, sc, 0, &out->loss, e))) return rc;
  if ((rc = analyse(full, zero, ntk, N, sc, 1, &out->excess, e))) return rc;
  /* where the scaling sits relative to the balance line ||f0||^2 ~ ||y||^2 */
  out->balance = 2;
  out->f_exp = out->y_exp = rat_int(0);
  const gfd_mono *pt = NULL;
  int has_target = 0;
  for (size_t i = 0; i < full[0]->n; i++) {
    if (full[0]->m[i].ne == 0) pt = &full[0]->m[i];
    has_target |= full[0]->m[i].ny > 0;
  }
  note_cancellations(&out->loss, sc, has_target);
  note_cancellations(&out->excess, sc, has_target);
  if (pt && zero) {
    gfd_lead lf;
    if ((rc = gfd_scaling_lead(zero[0], sc, 0, &lf, e))) return rc;
    if ((rc = gfd_scaling_weight(sc, pt, &out->y_exp)))
      return gfd_err_set(e, rc, "exponent arithmetic overflowed");
    if (!lf.zero) {
      out->f_exp = lf.E;
      out->balance = gfd_scaling_rat_cmp(lf.E, out->y_exp);
    }
  }
  floor_and_wedge(out);
  return GFD_OK;
}

int gfd_regime_classify(gfd_diagrams *d, const gfd_scaling *sc, int N, const gfd_ctl *ctl,
                        gfd_regime_result *out, gfd_err *e) {
  if (N < 0 || N > GFD_REGIME_NMAX)
    return gfd_err_set(e, GFD_EINVAL, "the order N must be in 0..%d", GFD_REGIME_NMAX);
  const gfd_poly *full[GFD_REGIME_NMAX + 1], *zero[GFD_REGIME_NMAX + 1],
      *ntk[GFD_REGIME_NMAX + 1];
  int rc;
  for (int n = 0; n <= N; n++) {
    if ((rc = gfd_ctl_poll(ctl, e))) return rc;
    if ((rc = gfd_diagrams_poly(d, GFD_FAMILY_FULL, n, ctl, &full[n], e)) ||
        (rc = gfd_diagrams_poly(d, GFD_FAMILY_ZERO, n, ctl, &zero[n], e)) ||
        (rc = gfd_diagrams_poly(d, GFD_FAMILY_NTK, n, ctl, &ntk[n], e)))
      return rc;
  }
  return gfd_regime_classify_polys(full, zero, ntk, N, sc, out, e);
}
