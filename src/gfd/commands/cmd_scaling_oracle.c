/* cmd_scaling_oracle.c - what `regime` and `show regime` add about the
 * current model (its p, H, sigma, kappa, not only the exponents): the natural
 * time unit, from the exact E[L(0)] and E[L'(0)] at these sizes next to the
 * scaling's p^-g; the distance, in exponent and in prefactor, to the
 * neighbouring boundaries of the regime map; for SYM nu=4 the margin
 * kappa4/kappa_c of gradient ascent.  A lecturer can read off how far the
 * instance on the screen is from the next regime, which the exponents alone
 * do not say at finite p. */
#include <config.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "cmd_scaling.h"
#include "cmd_kappa4.h"
#include "diagram_provider.h"

/* The value of P at the model's sizes, keeping only the monomials with
 * s = sigma^2 (skip_const: the excess, computed from its own terms, never by
 * subtracting ||y||^2/2) or only those without (only_const: ||y||^2/2). */
static double eval_part(const gfd_poly *P, const gfd_spec *sp, int skip_const, int only_const) {
  double p = (double)sp->p, H = (double)sp->H, s2 = sp->sigma * sp->sigma, k = sp->kappa, v = 0;
  for (size_t i = 0; i < P->n; i++) {
    const gfd_mono *m = &P->m[i];
    if ((skip_const && m->ne == 0) || (only_const && m->ne != 0)) continue;
    v += (double)gfd_poly_coef_ldouble(P, i) * pow(p, m->np) * pow(H, m->nH) * pow(s2, m->ne) * pow(k, m->ny);
  }
  return v;
}

/* One fact: a key,value row for `show regime`, or a short clause of the
 * one paragraph `regime` prints (it must keep `regime` within a screen). */
typedef struct out {
  session *s;
  table *kv;
  char text[1600];
  size_t len;
} out;

static void fact(out *o, const char *key, double v, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void fact(out *o, const char *key, double v, const char *fmt, ...) {
  if (o->kv) {
    table_str(o->kv, key), table_num(o->kv, v), table_endrow(o->kv);
    return;
  }
  if (o->len + 2 >= sizeof o->text) return;
  if (o->len) o->len += (size_t)snprintf(o->text + o->len, sizeof o->text - o->len, "; ");
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(o->text + o->len, sizeof o->text - o->len, fmt, ap);
  va_end(ap);
  if (k > 0) o->len += (size_t)k;
  if (o->len >= sizeof o->text) o->len = sizeof o->text - 1;
}

int sc_oracle(session *s, const gfd_scaling *sc, const gfd_regime_result *r, table *kv) {
  const gfd_spec *sp = &s->spec;
  /* the engine the caller's classification used (its target was checked
   * there); not sc_diagrams, so that this file calls nothing back in
   * cmd_scaling.c and stays out of the area's link circle */
  gfd_diagrams *d = diagram_engine(s);
  if (!d) return -1;
  const gfd_poly *f0, *f1, *z0;
  gfd_err e;
  gfd_err_clear(&e);
  if (gfd_diagrams_poly(d, GFD_FAMILY_FULL, 0, sh_ctl(s), &f0, &e) ||
      gfd_diagrams_poly(d, GFD_FAMILY_FULL, 1, sh_ctl(s), &f1, &e) ||
      gfd_diagrams_poly(d, GFD_FAMILY_ZERO, 0, sh_ctl(s), &z0, &e))
    return sh_error_lib(s, &e);
  out o = {s, kv, "", 0};
  double p = (double)sp->p, H = (double)sp->H, nu = sp->nu;

  /* the natural time unit: the time over which the quantity changes by
   * itself, |Q(0) / Q'(0)| in expectation (Q' = E L'(0) for both) */
  const gfd_regime_quantity *q = r->loss.dynamical || r->loss.regime == GFD_REGIME_MULTISCALE ? &r->loss : &r->excess;
  double L0 = eval_part(f0, sp, q->excess, 0), L1 = eval_part(f1, sp, 0, 0);
  double tn = L1 != 0 ? fabs(L0 / L1) : INFINITY;
  double tg = pow(p, -gfd_rat_to_double(q->g));
  int has_g = q->dynamical || (q->regime == GFD_REGIME_MULTISCALE && !q->bulk_bound);
  if (has_g)
    fact(&o, "natural_time", tn,
         "%s time unit |Q(0)/Q'(0)| = %.4g t (p^-g = %.4g)", q->excess ? "excess" : "loss", tn, tg);
  else
    fact(&o, "natural_time", tn,
         "%s time unit |Q(0)/Q'(0)| = %.4g t (no p^-g)", q->excess ? "excess" : "loss", tn);
  if (kv) table_str(kv, "natural_time_of"), table_str(kv, q->excess ? "excess" : "loss"), table_endrow(kv);

  /* the balance line ||f0||^2 ~ ||y||^2: in exponent b - b*(a); in prefactor
   * the ratio at these sizes (1 on the line), i.e. sigma^2 would have to
   * change by ratio^(-1/nu) to reach it (||f0||^2 goes as sigma^(2 nu)) */
  gfd_rat bs;
  double y2 = eval_part(f0, sp, 0, 1), fz = eval_part(z0, sp, 0, 0);
  if (sp->target == GFD_TGT_IDENTITY && gfd_scaling_balance_b(z0, f0, sc->a, sc->c, &bs, &e) == GFD_OK) {
    gfd_rat db = bs;
    db.num = -db.num;
    char q2[48];
    double ratio = y2 > 0 ? fz / y2 : NAN;
    if (gfd_rat_add(sc->b, db, &db) == GFD_OK)
      fact(&o, "balance_distance", gfd_rat_to_double(db),
           "b - b* = %s (||f0||^2/||y||^2 = %.3g)", gfd_rat_format(db, q2, 48), ratio);
    if (kv) table_str(kv, "balance_ratio"), table_num(kv, ratio), table_endrow(kv);
  }
  /* a = 1: under/over-parameterised (proportional on it) */
  double a = gfd_rat_to_double(sc->a), b = gfd_rat_to_double(sc->b);
  fact(&o, "proportional_distance", a - 1,
       "a - 1 = %.4g (H/p = %.3g)", a - 1, H / p);
  /* a = nu - 1: where the tangent kernel concentrates (ASYM, odd-nu SYM) */
  int lazy_kind = sp->kind == GFD_ASYM || sp->nu % 2;
  if (lazy_kind) {
    fact(&o, "lazy_distance", a - (nu - 1),
         "a - (nu-1) = %.4g (H/p^%g = %.3g)", a - (nu - 1), nu - 1, H / pow(p, nu - 1));
    if (a > nu - 1 && r->balance < 0)
      fact(&o, "wedge_edge_distance", b + 2 * a / nu,
           "to the NTK wedge's edge b + 2a/nu = %.4g (H sigma^nu = %.3g)", b + 2 * a / nu,
           H * pow(sp->sigma, nu));
  }
  /* below the line with a < 1: where the target drives the excess */
  if (r->balance < 0 && a < 1)
    fact(&o, "target_line_distance", b + 2 * (nu - 1) / nu,
         "to the target-driven line b + 2(nu-1)/nu = %.4g (sigma^nu p^(nu-1) = %.3g)", b + 2 * (nu - 1) / nu,
         pow(sp->sigma, nu) * pow(p, nu - 1));
  /* SYM nu=4: the ascent's control parameter against its threshold */
  if (sp->kind == GFD_SYM && sp->nu == 4 && sp->target == GFD_TGT_IDENTITY && sp->kappa > 0) {
    double k4 = kappa4_of(sp);
    gfd_ascent *A = gfd_ascent_new(4, k4 > 0 ? k4 : 1, &e);
    if (!A && e.code == GFD_ENOMEM) return sh_error_lib(s, &e); /* a fault: never a silently shorter oracle */
    if (A) {
      double kc = gfd_ascent_kappa_c(A);
      gfd_ascent_free(A);
      fact(&o, "kappa4_margin", k4 / kc,
           "kappa4 = %.4g = %.3g kappa_c (ascent %s in the limit)", k4, k4 / kc,
           k4 > kc ? "blows up" : "converges");
      if (kv) table_str(kv, "kappa4"), table_num(kv, k4), table_endrow(kv);
    }
  }
  if (!kv && o.len) {
    char head[1800];
    snprintf(head, sizeof head, "oracle (p=%zu H=%zu sigma=%.4g): %s", sp->p, sp->H, sp->sigma, o.text);
    sh_wrap(s->out, 0, 2, head);
  }
  return 0;
}
