/* regime.c - loss and time exponents, the limit series and the regime of a
 * scaling from the exact polynomials E[L^(n)(0)] (THEORY section 4). */
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

/* First order where the family's scaled limit differs from the model's
 * (-1: none).  Only meaningful for a dynamical quantity. */
static int first_difference(const gfd_poly *const *fam, const gfd_poly *const *full,
                            const gfd_regime_quantity *q, const gfd_scaling *sc, gfd_err *e,
                            int *rc) {
  for (int n = 0; n <= q->N; n++) {
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
    q->differs_zero = first_difference(zero, full, q, sc, e, &rc);
    if (rc) return rc;
  }
  if (ntk) {
    q->differs_ntk = first_difference(ntk, full, q, sc, e, &rc);
    if (rc) return rc;
  }
  int cmpa = gfd_scaling_rat_cmp(sc->a, rat_int(1));
  fmt_rat(q->E0, b1, sizeof b1);
  gfd_rat ag = q->g;
  int gneg = ag.num < 0;
  if (gneg) ag.num = -ag.num;
  b2[0] = gneg ? '-' : '+';
  b2[1] = ' ';
  fmt_rat(ag, b2 + 2, sizeof b2 - 2);
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
  /* A mean-field label that rests only on the constant point at n = 0 (the
   * floor ||y||^2/2) while the excess moves as the zero-target model: say so. */
  gfd_regime lr = out->loss.regime;
  if ((lr == GFD_REGIME_MF_UNDER || lr == GFD_REGIME_PROPORTIONAL || lr == GFD_REGIME_MF_OVER) &&
      out->loss.differs_zero == 0 && out->excess.regime == GFD_REGIME_FREE) {
    size_t len = strlen(out->loss.reason);
    snprintf(out->loss.reason + len, sizeof out->loss.reason - len,
             " (only the floor ||y||^2/2 differs at n = 0: the excess is free evolution)");
  }
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
