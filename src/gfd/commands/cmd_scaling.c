/* cmd_scaling.c - the scaling area's commands: scaling, show scaling, regime,
 * show regime (map and sweep live in cmd_scaling_map.c and cmd_scaling_sweep.c),
 * the services other areas call (scaling_provider.h: scaling_limit_coefs for
 * series source=limit, scaling_factors and scaling_units_get for scaled runs)
 * and the area's hooks (area.h: model p= derives H and sigma, save, the
 * views' factors). */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cmd_scaling.h"
#include "diagram_provider.h"

/* ------------------------------------------------------------- state */
struct scaling_state *sc_state(session *s) {
  struct scaling_state *st = sh_area_state(s, &area_scaling);
  if (!st) {
    st = calloc(1, sizeof *st);
    if (!st) {
      sh_error(s, -1, "out of memory for the scaling state");
      return NULL;
    }
    gfd_scaling_default(&st->sc);
    st->N = SC_DEFAULT_N;
    st->limit_of = SC_LIMIT_AUTO;
    sh_area_set_state(s, &area_scaling, st);
  }
  return st;
}

/* The scaling is a setting of its own: it survives model changes; the last
 * sweep's blow-ups do not (blowup must not show another model's sweep). */
static void scaling_state_reset(session *s, int free_all) {
  struct scaling_state *st = sh_area_state(s, &area_scaling);
  if (st && !free_all) st->sweep.n = 0;
  if (!st || !free_all) return;
  free(st);
  sh_area_set_state(s, &area_scaling, NULL);
}

/* The diagram area's engine (one cache for `diagrams` and `regime`). */
gfd_diagrams *sc_diagrams(session *s) {
  const gfd_spec *sp = &s->spec;
  if (sp->target != GFD_TGT_IDENTITY && sp->target != GFD_TGT_ZERO) {
    sh_error(s, -1, "the scaling analysis needs target identity or zero (the model has target %s)",
             gfd_target_name(sp->target));
    return NULL;
  }
  return diagram_engine(s);
}

int sc_classify(session *s, const gfd_scaling *sc, int N, gfd_regime_result *out) {
  gfd_diagrams *d = sc_diagrams(s);
  if (!d) return -1;
  gfd_err e;
  gfd_err_clear(&e);
  if (gfd_regime_classify(d, sc, N, sh_ctl(s), out, &e) != GFD_OK) return sh_error_lib(s, &e);
  return 0;
}

const gfd_regime_quantity *sc_limit_quantity(const struct scaling_state *st,
                                             const gfd_regime_result *r, const char **why) {
  *why = NULL;
  if (st->limit_of == SC_LIMIT_LOSS) {
    if (r->loss.dynamical) return &r->loss;
    *why = "the loss is not in a dynamical regime at this scaling";
    return NULL;
  }
  if (st->limit_of == SC_LIMIT_EXCESS) {
    if (r->excess.dynamical) return &r->excess;
    *why = "the excess is not in a dynamical regime at this scaling";
    return NULL;
  }
  if (r->loss.dynamical) return &r->loss;
  if (r->excess.dynamical) return &r->excess;
  *why = "neither the loss nor its excess is in a dynamical regime at this scaling";
  return NULL;
}

/* ----------------------------------------------------------- helpers */
const char *sc_rat_str(gfd_rat r, char *buf, size_t n) { return gfd_rat_format(r, buf, n); }

void sc_format_scaling(const gfd_scaling *sc, char *buf, size_t n) {
  char q[6][48];
  snprintf(buf, n, "H = %s p^%s, sigma^2 = %s p^%s, kappa = %s p^%s", sc_rat_str(sc->CH, q[0], 48),
           sc_rat_str(sc->a, q[1], 48), sc_rat_str(sc->Cs, q[2], 48), sc_rat_str(sc->b, q[3], 48),
           sc_rat_str(sc->Ck, q[4], 48), sc_rat_str(sc->c, q[5], 48));
}

int sc_arg_rat(session *s, const args *a, const char *key, gfd_rat *out) {
  if (!args_has(a, key)) return 0;
  long num, den;
  if (args_rational(s, a, key, 0, 1, 1, &num, &den) < 0) return -1;
  *out = gfd_rat_make(num, den);
  return 0;
}

int sc_derive_spec(session *s, const gfd_scaling *sc, const args *a, gfd_spec *spec) {
  gfd_err e;
  gfd_err_clear(&e);
  double H, s2, k;
  if (gfd_scaling_sizes(sc, (double)spec->p, &H, &s2, &k, &e) != GFD_OK) return sh_error_lib(s, &e);
  if (H > 1e12)
    return sh_error(s, args_off(a, "p"), "the scaling gives H = %.3g at p = %zu: too large", H,
                    spec->p);
  double Hr = floor(H + 0.5);
  if (Hr < 1) Hr = 1;
  if (a && args_has(a, "H"))
    sh_note(s, "H=%s given explicitly: it overrides the scaling's H = %.6g", args_str(a, "H"), Hr);
  else
    spec->H = (size_t)Hr;
  if (a && args_has(a, "sigma"))
    sh_note(s, "sigma=%s given explicitly: it overrides the scaling's sigma = %.6g",
            args_str(a, "sigma"), sqrt(s2));
  else
    spec->sigma = sqrt(s2);
  if (a && args_has(a, "kappa"))
    sh_note(s, "kappa=%s given explicitly: it overrides the scaling's kappa = %.6g",
            args_str(a, "kappa"), k);
  else
    spec->kappa = k;
  return 0;
}

/* ------------------------------------- hooks (area.h) and services (scaling_provider.h) */
static int scaling_apply_to_spec(session *s, const args *a, gfd_spec *spec) {
  struct scaling_state *st = sh_area_state(s, &area_scaling);
  if (!st || !st->set) return 0;
  return sc_derive_spec(s, &st->sc, a, spec);
}

/* The analysis behind the limit and the factors, at order max(N, st->N). */
static int limit_analysis(session *s, int N, gfd_regime_result **res,
                          const gfd_regime_quantity **q) {
  struct scaling_state *st = sc_state(s);
  if (!st) return -1;
  if (!st->set) return sh_error(s, -1, "no scaling is set (scaling a= b= sets one)");
  if (N > GFD_REGIME_NMAX)
    return sh_error(s, -1, "the limit series goes to order %d at most", GFD_REGIME_NMAX);
  int Nuse = N > st->N ? N : st->N;
  gfd_regime_result *r = calloc(1, sizeof *r);
  if (!r) return sh_error(s, -1, "out of memory for the regime analysis");
  if (sc_classify(s, &st->sc, Nuse, r) < 0) {
    free(r);
    return -1;
  }
  const char *why;
  *q = sc_limit_quantity(st, r, &why);
  if (!*q) {
    char sb[256];
    sc_format_scaling(&st->sc, sb, sizeof sb);
    sh_error(s, -1, "no scaling limit: %s (%s; loss: %s; excess: %s)", why, sb,
             gfd_regime_name(r->loss.regime), gfd_regime_name(r->excess.regime));
    free(r);
    return -1;
  }
  *res = r;
  return 0;
}

/* The limit coefficients from a recurrence of gfd-theory(7) section 5 when one applies
 * (any order up to 60, in long double), checked against the diagram route on
 * the orders the analysis computed; else from the diagrams at order N. */
int scaling_limit_coefs(session *s, int N, double *coef) {
  gfd_regime_result *r;
  const gfd_regime_quantity *q;
  if (N < 0) return sh_error(s, -1, "the order N must not be negative");
  struct scaling_state *st = sc_state(s);
  if (!st) return -1;
  if (N > GFD_REGIME_NMAX)
    return sh_error(s, -1, "the limit series goes to order %d at most", GFD_REGIME_NMAX);
  if (limit_analysis(s, 0, &r, &q) < 0) return -1; /* at the scaling's own order */
  gfd_err e;
  gfd_err_clear(&e);
  gfd_limit_series_info info;
  const gfd_spec *sp = &s->spec;
  int rc = gfd_scaling_limit_series(sp->kind, sp->nu, sp->target, &st->sc, q, N, coef, &info, &e);
  if (rc == 1) { /* the diagrams must go to order N */
    free(r);
    if (limit_analysis(s, N, &r, &q) < 0) return -1;
    rc = gfd_scaling_limit_series(sp->kind, sp->nu, sp->target, &st->sc, q, N, coef, &info, &e);
  }
  if (rc != GFD_OK) {
    free(r);
    return rc < 0 ? sh_error_lib(s, &e) : sh_error(s, -1, "the limit analysis did not reach order %d", N);
  }
  if (info.mismatch >= 0)
    sh_note(s, "the %s disagrees with the diagrams at order %d (%.17g vs %.17g): using the diagrams", info.which,
            info.mismatch, info.rec_value, info.diag_value);
  else if (info.recurrence)
    sh_note(s, "the limit series to order %d comes from the %s (it matches the diagrams on orders 0..%d)", N,
            info.which, info.checked_upto);
  if (q->excess)
    sh_note(s, "the limit is of the excess (L - ||y||^2/2)/p^%g against tau = p^%g t",
            gfd_rat_to_double(q->E0), gfd_rat_to_double(q->g));
  free(r);
  return 0;
}

const struct sweep_blowups *scaling_last_sweep(session *s) {
  const struct scaling_state *st = sh_area_state(s, &area_scaling);
  return st && st->sweep.n ? &st->sweep : NULL;
}

int scaling_units_get(session *s, int quiet, scaling_units *u) {
  memset(u, 0, sizeof *u);
  u->tfac = u->lfac_loss = u->lfac_excess = 1;
  struct scaling_state *st = sh_area_state(s, &area_scaling);
  if (!st || !st->set) return 1;
  gfd_regime_result *r = NULL;
  const gfd_regime_quantity *q = NULL;
  if (quiet) {
    /* no error reported: the view asks while it draws */
    const gfd_spec *sp = &s->spec;
    if (sp->target != GFD_TGT_IDENTITY && sp->target != GFD_TGT_ZERO) return -1;
    gfd_diagrams *d = diagram_engine(s);
    if (!d || !(r = calloc(1, sizeof *r))) return -1;
    gfd_err e;
    gfd_err_clear(&e);
    const char *why;
    gfd_ctl nested; /* never sh_ctl: a live run's control block is in use */
    if (gfd_regime_classify(d, &st->sc, st->N, sh_ctl_nested(s, &nested), r, &e) != GFD_OK ||
        !(q = sc_limit_quantity(st, r, &why))) {
      free(r);
      return -1;
    }
  } else if (limit_analysis(s, st->N, &r, &q) < 0)
    return -1;
  double p = (double)s->spec.p;
  u->excess = q->excess;
  u->g = gfd_rat_to_double(q->g);
  u->e0_loss = r->loss.lead[0].zero ? 0 : gfd_rat_to_double(r->loss.E0);
  u->e0_excess = r->excess.lead[0].zero ? u->e0_loss : gfd_rat_to_double(r->excess.E0);
  u->tfac = pow(p, u->g);
  u->lfac_loss = pow(p, u->e0_loss);
  u->lfac_excess = pow(p, u->e0_excess);
  free(r);
  return 0;
}

int scaling_factors(session *s, double *tfac, double *lfac) {
  scaling_units u;
  int rc = scaling_units_get(s, 0, &u);
  *tfac = u.tfac;
  *lfac = u.excess ? u.lfac_excess : u.lfac_loss;
  return rc;
}

static const char *const limit_names[] = {"auto", "loss", "excess", NULL};

static int scaling_save(session *s, FILE *f, const char *path) {
  (void)path;
  struct scaling_state *st = sh_area_state(s, &area_scaling);
  if (!st || !st->set) return 0;
  char q[6][48];
  const gfd_scaling *sc = &st->sc;
  fprintf(f, "scaling a=%s b=%s c=%s CH=%s Cs=%s Ck=%s N=%d limit=%s\n", sc_rat_str(sc->a, q[0], 48),
          sc_rat_str(sc->b, q[1], 48), sc_rat_str(sc->c, q[2], 48), sc_rat_str(sc->CH, q[3], 48),
          sc_rat_str(sc->Cs, q[4], 48), sc_rat_str(sc->Ck, q[5], 48), st->N,
          limit_names[st->limit_of]);
  return 0;
}

/* ----------------------------------------------------- scaling command */
static int show_scaling(session *s) {
  struct scaling_state *st = sc_state(s);
  if (!st) return -1;
  table *t = table_new(s->csv ? "" : "scaling", "key,value");
  if (!t) return sh_error(s, -1, "out of memory");
  char q[48];
  table_str(t, "set"), table_str(t, st->set ? "yes" : "no"), table_endrow(t);
  const gfd_rat *v[6] = {&st->sc.a, &st->sc.b, &st->sc.c, &st->sc.CH, &st->sc.Cs, &st->sc.Ck};
  const char *k[6] = {"a", "b", "c", "CH", "Cs", "Ck"};
  for (int i = 0; i < 6; i++) {
    table_str(t, k[i]), table_str(t, sc_rat_str(*v[i], q, sizeof q)), table_endrow(t);
  }
  table_str(t, "N"), table_int(t, st->N), table_endrow(t);
  table_str(t, "limit"), table_str(t, limit_names[st->limit_of]), table_endrow(t);
  if (st->set) {
    double H, s2, kap;
    gfd_err e;
    if (gfd_scaling_sizes(&st->sc, (double)s->spec.p, &H, &s2, &kap, &e) == GFD_OK) {
      table_str(t, "p"), table_int(t, (long long)s->spec.p), table_endrow(t);
      table_str(t, "H_at_p"), table_num(t, H), table_endrow(t);
      table_str(t, "sigma2_at_p"), table_num(t, s2), table_endrow(t);
      table_str(t, "kappa_at_p"), table_num(t, kap), table_endrow(t);
    }
  }
  sh_emit_table(s, t);
  return 0;
}

static int run_show_scaling(session *s, const args *a) {
  (void)a;
  return show_scaling(s);
}

static int run_scaling(session *s, const args *a) {
  struct scaling_state *st = sc_state(s);
  if (!st) return -1;
  if (args_npos(a) == 1) {
    const char *w = args_pos(a, 0);
    int off = -1;
    for (int i = 0; i < a->n; i++)
      if (!a->a[i].key) off = a->a[i].off;
    if (strcmp(w, "off") != 0) return sh_error(s, off, "unknown word '%s' (scaling off, or keys)", w);
    if (a->n > 1) return sh_error(s, off, "scaling off takes no keys");
    st->set = 0;
    if (!s->csv) fprintf(s->out, "scaling off: model p= no longer derives H, sigma, kappa\n");
    return 0;
  }
  if (a->n == 0) return show_scaling(s);
  gfd_scaling sc = st->set ? st->sc : (gfd_scaling){0};
  if (!st->set) gfd_scaling_default(&sc);
  if (!st->set && (!args_has(a, "a") || !args_has(a, "b")))
    return sh_error(s, -1, "no scaling is set yet: give both a= and b=");
  if (sc_arg_rat(s, a, "a", &sc.a) < 0 || sc_arg_rat(s, a, "b", &sc.b) < 0 ||
      sc_arg_rat(s, a, "c", &sc.c) < 0 || sc_arg_rat(s, a, "CH", &sc.CH) < 0 ||
      sc_arg_rat(s, a, "Cs", &sc.Cs) < 0 || sc_arg_rat(s, a, "Ck", &sc.Ck) < 0)
    return -1;
  const char *keys[6] = {"a", "b", "c", "CH", "Cs", "Ck"};
  const gfd_rat *v[6] = {&sc.a, &sc.b, &sc.c, &sc.CH, &sc.Cs, &sc.Ck};
  for (int i = 0; i < 6; i++) {
    double x = gfd_rat_to_double(*v[i]);
    if (i < 3 && !(fabs(x) <= 64))
      return sh_error(s, args_off(a, keys[i]), "%s=%s: exponents must lie in [-64, 64]", keys[i],
                      args_str(a, keys[i]));
    if (i >= 3 && !(x > 0))
      return sh_error(s, args_off(a, keys[i]), "%s=%s: prefactors must be positive", keys[i],
                      args_str(a, keys[i]));
  }
  size_t N = (size_t)st->N;
  if (args_size(s, a, "N", N, 0, 0, GFD_REGIME_NMAX, &N) < 0) return -1;
  int lim = st->limit_of;
  if (args_choice(s, a, "limit", lim, 0, limit_names, &lim) < 0) return -1;
  gfd_err e;
  gfd_err_clear(&e);
  if (gfd_scaling_check(&sc, &e) != GFD_OK) return sh_error_lib(s, &e);
  double H, s2, kap;
  if (gfd_scaling_sizes(&sc, (double)s->spec.p, &H, &s2, &kap, &e) != GFD_OK)
    return sh_error_lib(s, &e);
  st->sc = sc;
  st->set = 1;
  st->N = (int)N;
  st->limit_of = lim;
  if (!s->csv) {
    char buf[256];
    sc_format_scaling(&sc, buf, sizeof buf);
    fprintf(s->out, "scaling %s\n", buf);
    fprintf(s->out, "at p = %zu: H = %.6g, sigma = %.6g, kappa = %.6g (model p=... applies it)\n",
            s->spec.p, floor(H + 0.5) < 1 ? 1 : floor(H + 0.5), sqrt(s2), kap);
  }
  return 0;
}

/* ------------------------------------------------------ regime command */
/* The regime's scaling: the set one with a=, b=, c= overrides. */
static int regime_scaling(session *s, const args *a, gfd_scaling *sc, int *N) {
  struct scaling_state *st = sc_state(s);
  if (!st) return -1;
  if (!st->set && !(args_has(a, "a") && args_has(a, "b")))
    return sh_error(s, -1, "no scaling is set (scaling a= b=, or give a= and b= here)");
  if (st->set) *sc = st->sc;
  else gfd_scaling_default(sc);
  if (sc_arg_rat(s, a, "a", &sc->a) < 0 || sc_arg_rat(s, a, "b", &sc->b) < 0 ||
      sc_arg_rat(s, a, "c", &sc->c) < 0)
    return -1;
  gfd_err e;
  gfd_err_clear(&e);
  if (gfd_scaling_check(sc, &e) != GFD_OK) return sh_error_lib(s, &e);
  size_t n = (size_t)st->N;
  if (args_size(s, a, "N", n, 0, 1, GFD_REGIME_NMAX, &n) < 0) return -1;
  *N = (int)n;
  return 0;
}

static void fmt_limit(const gfd_regime_quantity *q, char *buf, size_t n) {
  size_t pos = 0;
  buf[0] = '\0';
  int first = 1;
  for (int k = 0; k <= q->N && pos + 40 < n; k++) {
    double c = q->limit[k];
    if (c == 0) continue;
    const char *sg = c < 0 ? (first ? "-" : " - ") : (first ? "" : " + ");
    if (k == 0) pos += (size_t)snprintf(buf + pos, n - pos, "%s%.6g", sg, fabs(c));
    else if (k == 1) pos += (size_t)snprintf(buf + pos, n - pos, "%s%.6g tau", sg, fabs(c));
    else pos += (size_t)snprintf(buf + pos, n - pos, "%s%.6g tau^%d", sg, fabs(c), k);
    first = 0;
  }
  if (first) snprintf(buf, n, "0");
}

/* The monomials on the leading face of P (as a polynomial string); -1 when
 * they could not be gathered (out of memory: buf says so). */
static int fmt_face(const gfd_poly *P, const gfd_scaling *sc, const gfd_lead *l, int excess,
                    char *buf, size_t n) {
  buf[0] = '\0';
  if (l->zero) {
    snprintf(buf, n, "(all faces cancel)");
    return 0;
  }
  gfd_poly F;
  gfd_poly_init(&F);
  gfd_err e;
  for (size_t i = 0; i < P->n; i++) {
    const gfd_mono *m = &P->m[i];
    if (excess && m->ne == 0) continue;
    if (gfd_scaling_on_face(sc, m, l->E) && gfd_poly_add_term(&F, P, i, &e) != GFD_OK) {
      gfd_poly_free(&F);
      snprintf(buf, n, "(out of memory)");
      return -1;
    }
  }
  gfd_poly_format(&F, buf, n);
  if (strlen(buf) + 1 >= n && n > 4) memcpy(buf + n - 4, "...", 4);
  gfd_poly_free(&F);
  return 0;
}

/* The ids of the reduced diagram classes (as `diagrams` names them) on the
 * leading face of order n of the loss: at most `max` of them, then "+K".
 * Costly at high orders, so the caller bounds the time through ctl; returns
 * -1 (ids "-") when the classes cannot be had in time, GFD_ENOMEM when they
 * could not be stored. */
static int class_ids(gfd_diagrams *d, const gfd_scaling *sc, const gfd_regime_quantity *q, int n,
                     const gfd_ctl *ctl, size_t max, char *buf, size_t len) {
  const gfd_diagram_class *cls;
  size_t count, on = 0, pos = 0;
  gfd_err e;
  snprintf(buf, len, "-");
  if (q->lead[n].zero) return 0;
  int rc = gfd_diagrams_classes(d, n, ctl, &cls, &count, &e);
  if (rc != GFD_OK) return rc == GFD_ENOMEM ? GFD_ENOMEM : -1;
  buf[0] = '\0';
  for (size_t i = 0; i < count; i++) {
    gfd_mono m = {cls[i].np, cls[i].nH, cls[i].ne, cls[i].ny, cls[i].mult};
    if (!gfd_scaling_on_face(sc, &m, q->lead[n].E)) continue;
    if (on++ < max && pos < len)
      pos += (size_t)snprintf(buf + pos, len - pos, "%s%d.%d", pos ? " " : "", cls[i].order, cls[i].index);
  }
  if (on > max && pos < len) snprintf(buf + pos, len - pos, " +%zu", on - max);
  return 0;
}

/* "loss:   E_0 = 1, g = 1/4  ->  mean-field ..." with its reason (wrapped)
 * and the limit series. */
static void print_quantity(session *s, const char *label, const gfd_regime_quantity *q, const char *lead0) {
  char e0[48], g[48], lim[512], head[160];
  FILE *o = s->out;
  char gf[48];
  if (q->dynamical)
    snprintf(head, sizeof head, "%-7s E_0 = %s, g = %s (tau = p^%s t)  ->  %s", label, sc_rat_str(q->E0, e0, 48),
             sc_rat_str(q->g, g, 48), g, gfd_regime_name(q->regime));
  else if (q->regime == GFD_REGIME_MULTISCALE)
    snprintf(head, sizeof head, "%-7s E_0 = %s, g %s %s (bulk), g' = %s (fast)  ->  multi-scale", label,
             sc_rat_str(q->E0, e0, 48), q->bulk_bound ? "<=" : "=", sc_rat_str(q->g, g, 48),
             sc_rat_str(q->g_fast, gf, 48));
  else
    snprintf(head, sizeof head, "%-7s E_0 = %s  ->  %s", label, sc_rat_str(q->E0, e0, 48),
             gfd_regime_name(q->regime));
  fprintf(o, "%s\n", head);
  if (lead0 && *lead0) fprintf(o, "        at t = 0: %s\n", lead0);
  fputs("        why: ", o);
  sh_wrap(o, 13, 13, q->reason);
  if (q->dynamical) {
    fmt_limit(q, lim, sizeof lim);
    char text[700];
    snprintf(text, sizeof text, "%s/p^%s -> %s", q->excess ? "(L - ||y||^2/2)" : "L", e0, lim);
    fputs("        limit: ", o);
    sh_wrap(o, 15, 15, text);
  }
}

/* The Pareto polygon of each order (regime polygons=yes). */
static int print_polygons(session *s, const gfd_poly *const *P, const gfd_scaling *sc, int N, int plane) {
  FILE *o = s->out;
  char q1[48], q2[48];
  gfd_err e;
  gfd_err_clear(&e);
  for (int n = 0; n <= N; n++) {
    gfd_hull h;
    if (gfd_scaling_hull(P[n], sc, (gfd_plane)plane, 0, &h, &e) != GFD_OK) return sh_error_lib(s, &e);
    fprintf(o, "Pareto polygon n = %d (x = %s, y = %s): %zu points; hull", n, plane == 0 ? "n_e" : "n_H",
            plane == 0 ? "n_p + a n_H + c n_y" : "n_p + b n_e + c n_y", h.n);
    for (size_t k = 0; k < h.nv; k++)
      fprintf(o, " (%s,%s)", sc_rat_str(h.x[h.v[k]], q1, 48), sc_rat_str(h.y[h.v[k]], q2, 48));
    fprintf(o, "; leading (slope -%s):", plane == 0 ? "b" : "a");
    for (size_t k = 0; k < h.n; k++)
      if (h.leading[k]) fprintf(o, " (%s,%s)", sc_rat_str(h.x[k], q1, 48), sc_rat_str(h.y[k], q2, 48));
    fprintf(o, "\n");
    char pic[40 * 9 + 1];
    gfd_hull_draw(&h, 39, 9, pic, sizeof pic);
    double xl = 0, xh = 0, yl = 0, yh = 0;
    for (size_t k = 0; k < h.n; k++) {
      double x = gfd_rat_to_double(h.x[k]), y = gfd_rat_to_double(h.y[k]);
      if (!k || x < xl) xl = x;
      if (!k || x > xh) xh = x;
      if (!k || y < yl) yl = y;
      if (!k || y > yh) yh = y;
    }
    fprintf(o, "    (x from %g to %g, y from %g to %g)\n", xl, xh, yl, yh);
    for (char *line = pic; line && *line;) {
      char *nl = strchr(line, '\n');
      if (nl) *nl = '\0';
      fprintf(o, "    |%s\n", line);
      line = nl ? nl + 1 : NULL;
    }
    gfd_hull_free(&h);
  }
  fprintf(o, "    ('@' leading face, '*' hull vertex, 'o' other point, '.' hull edge)\n");
  return 0;
}

/* A leading coefficient for people: the exact rational while it is short
 * (prefactors such as Cs = 1.48324 give numerators and denominators of 20 and
 * more digits, which would widen every table past the terminal), else a
 * decimal.  Returns 1 when it printed a decimal for an exact value, so the
 * caller can say so.  `exact_only` (CSV) prints every exact rational in full. */
#define SC_COEF_SHORT 14
static int coef_str(const gfd_lead *l, int exact_only, char *buf, size_t n) {
  char full[100]; /* two 39-digit int128s, a sign and a slash */
  if (!l->exact) {
    snprintf(buf, n, "%.6g", l->C);
    return 0;
  }
  gfd_rat_format(l->Cq, full, sizeof full);
  if (exact_only || strlen(full) <= SC_COEF_SHORT) {
    snprintf(buf, n, "%s", full);
    return 0;
  }
  snprintf(buf, n, "%.6g", gfd_rat_to_double(l->Cq));
  return 1;
}

/* The cells E_n, r_n, C_n of order n (E_n, r_n empty and C_n 0 when every
 * face cancels); *decimal set when an exact C_n was shown as a decimal. */
static void lead_cells(table *t, const gfd_regime_quantity *q, int n, int exact_only, int *decimal) {
  const gfd_lead *l = &q->lead[n];
  char buf[100];
  if (l->zero) {
    table_empty(t), table_empty(t), table_num(t, 0);
    return;
  }
  table_str(t, sc_rat_str(l->E, buf, sizeof buf));
  if (n > 0) table_str(t, sc_rat_str(q->r[n], buf, sizeof buf));
  else table_empty(t);
  if (!l->exact) {
    table_num(t, l->C);
    return;
  }
  if (coef_str(l, exact_only, buf, sizeof buf) && decimal) *decimal = 1;
  table_str(t, buf);
}

/* The per-order table, all columns (CSV and `export csv`). */
static table *orders_table(const gfd_regime_result *r, const gfd_poly *const *P, const gfd_scaling *sc, int N,
                           int *oom) {
  table *t = table_new("", "n,quantity,E_n,r_n,C_n,attains,face,ncancelled,limit_coef,leading");
  if (!t) return NULL;
  for (int qi = 0; qi < 2; qi++) {
    const gfd_regime_quantity *q = qi ? &r->excess : &r->loss;
    for (int n = 0; n <= N; n++) {
      if (qi && n > 0) break; /* the excess differs from the loss only at n = 0 */
      const gfd_lead *l = &q->lead[n];
      char face[1024];
      table_int(t, n);
      table_str(t, qi ? "excess" : "loss");
      lead_cells(t, q, n, 1, NULL);
      table_str(t, q->dynamical ? (q->attains[n] ? "yes" : "no") : "");
      table_int(t, l->zero ? 0 : l->nface);
      table_int(t, l->ncancelled);
      if (q->dynamical) table_num(t, q->limit[n]);
      else table_empty(t);
      if (fmt_face(P[n], sc, l, qi, face, sizeof face) < 0) *oom = 1;
      table_str(t, face);
      table_endrow(t);
    }
  }
  return t;
}

#define REGIME_FACE_COLS 30 /* leading monomials shown in the text table */
#define REGIME_IDS 3        /* class ids shown per order */

/* The text table: one row per order of the loss, within 80 columns. */
static table *orders_text(session *s, const gfd_regime_result *r, const gfd_poly *const *P, const gfd_scaling *sc,
                          int N, int *ids_upto, int *ids_oom, int *decimal) {
  const gfd_regime_quantity *q = &r->loss;
  table *t = table_new("orders of the loss: E[L^(n)(0)] ~ C_n p^E_n, r_n = (E_n - E_0)/n, * in the limit",
                       "n,E_n,r_n,C_n,leading monomials,classes");
  if (!t) return NULL;
  /* the classes are listed while they come within 2 s: they are costly at high orders */
  gfd_ctl ctl = *sh_ctl(s);
  double until = gfd_now() + 2.0;
  if (!ctl.deadline || ctl.deadline > until) ctl.deadline = until;
  int have_ids = 1;
  *ids_upto = N;
  *ids_oom = 0;
  for (int n = 0; n <= N; n++) {
    const gfd_lead *l = &q->lead[n];
    char buf[48], face[REGIME_FACE_COLS + 1], ids[96];
    snprintf(buf, sizeof buf, "%d%s", n, q->dynamical && q->attains[n] ? "*" : "");
    table_str(t, buf);
    lead_cells(t, q, n, 0, decimal);
    if (fmt_face(P[n], sc, l, 0, face, sizeof face) < 0) *ids_oom = 1;
    table_str(t, face);
    int idrc = have_ids ? class_ids(diagram_engine(s), sc, q, n, &ctl, REGIME_IDS, ids, sizeof ids) : 0;
    if (idrc < 0) {
      have_ids = 0;
      *ids_upto = n - 1;
      if (idrc == GFD_ENOMEM) *ids_oom = 1;
    }
    table_str(t, have_ids ? ids : "-");
    table_endrow(t);
  }
  return t;
}

static int run_regime(session *s, const args *a) {
  gfd_scaling sc;
  int N;
  if (regime_scaling(s, a, &sc, &N) < 0) return -1;
  int plane = 0;
  static const char *const planes[] = {"e", "H", NULL};
  if (args_choice(s, a, "plane", 0, 0, planes, &plane) < 0) return -1;
  static const char *const yn[] = {"no", "yes", NULL};
  int draw = 0;
  if (args_choice(s, a, "polygons", 0, 0, yn, &draw) < 0) return -1;
  gfd_regime_result *r = calloc(1, sizeof *r);
  if (!r) return sh_error(s, -1, "out of memory for the regime analysis");
  if (sc_classify(s, &sc, N, r) < 0) {
    free(r);
    return -1;
  }
  gfd_diagrams *d = sc_diagrams(s);
  const gfd_poly *P[GFD_REGIME_NMAX + 1];
  gfd_err e;
  gfd_err_clear(&e);
  for (int n = 0; n <= N; n++)
    if (!d || gfd_diagrams_poly(d, GFD_FAMILY_FULL, n, sh_ctl(s), &P[n], &e) != GFD_OK) {
      free(r);
      return d ? sh_error_lib(s, &e) : -1;
    }
  /* all columns, loss and excess: the CSV output and what `export csv` writes */
  int face_oom = 0;
  table *full = orders_table(r, P, &sc, N, &face_oom);
  if (!full) {
    free(r);
    return sh_error(s, -1, "out of memory");
  }
  if (s->csv) {
    sh_emit_table(s, full);
    free(r);
    return face_oom ? sh_error(s, -1, "out of memory while gathering the leading monomials") : 0;
  }
  FILE *o = s->out;
  char buf[256], q1[48], q2[48], lead0[REGIME_FACE_COLS + 120];
  int decimal = 0; /* an exact coefficient too long to show was shown as a decimal */
  sc_format_scaling(&sc, buf, sizeof buf);
  fprintf(o, "regime of %s nu=%d target=%s, orders 0..%d, under\n  %s\n", gfd_kind_name(s->spec.kind),
          s->spec.nu, gfd_target_name(s->spec.target), N, buf);
  if (r->balance != 2) {
    const char *pos = r->balance > 0 ? "above" : r->balance < 0 ? "below" : "on";
    char bl[256];
    snprintf(bl, sizeof bl, "balance: %s the line ||f0||^2 ~ ||y||^2 (E||f0||^2/2 ~ p^%s, ||y||^2/2 ~ p^%s)", pos,
             sc_rat_str(r->f_exp, q1, 48), sc_rat_str(r->y_exp, q2, 48));
    sh_wrap(o, 0, 9, bl); /* within 80 columns */
  }
  print_quantity(s, "loss:", &r->loss, NULL);
  /* the excess differs from the loss at n = 0 only (not at all without a
   * target): its leading monomials there */
  if (s->spec.target != GFD_TGT_ZERO) {
    char face[REGIME_FACE_COLS + 1], c0[100] = "";
    if (fmt_face(P[0], &sc, &r->excess.lead[0], 1, face, sizeof face) < 0) face_oom = 1;
    if (!r->excess.lead[0].zero && coef_str(&r->excess.lead[0], 0, c0, sizeof c0)) decimal = 1;
    snprintf(lead0, sizeof lead0, "%s%s%s", face, *c0 ? ", C_0 = " : "", c0);
    print_quantity(s, "excess:", &r->excess, r->excess.lead[0].zero ? NULL : lead0);
  }
  int ids_upto, ids_oom;
  table *t = orders_text(s, r, P, &sc, N, &ids_upto, &ids_oom, &decimal);
  if (!t) {
    table_free(full);
    free(r);
    return sh_error(s, -1, "out of memory");
  }
  sh_emit_table(s, t);
  table_free(s->last_table); /* export csv writes every column */
  s->last_table = full;
  if (face_oom) sh_error(s, -1, "out of memory while gathering the leading monomials");
  else if (ids_oom) sh_error(s, -1, "out of memory while listing the leading monomials or classes");
  else if (ids_upto < N)
    fprintf(o, "(classes beyond n = %d not listed: over 2 s; `diagrams n` computes them)\n", ids_upto);
  if (decimal)
    fprintf(o, "(C_n longer than %d characters shown to 6 digits; CSV gives them exactly)\n", SC_COEF_SHORT);
  int rc = sc_oracle(s, &sc, r, NULL);
  if (!rc && draw) rc = print_polygons(s, P, &sc, N, plane);
  else fprintf(o, "(regime polygons=yes draws the Pareto polygons; diagram n.k shows a class)\n");
  free(r);
  return rc;
}

static void kv_str(table *t, const char *k, const char *v) {
  table_str(t, k), table_str(t, v), table_endrow(t);
}
static void kv_rat(table *t, const char *k, gfd_rat v) {
  char b[48];
  table_str(t, k), table_str(t, sc_rat_str(v, b, sizeof b)), table_endrow(t);
}
static void kv_num(table *t, const char *k, double v) {
  table_str(t, k), table_num(t, v), table_endrow(t);
}

static void kv_quantity(table *t, const char *pre, const gfd_regime_quantity *q) {
  char k[64];
  snprintf(k, sizeof k, "%sregime", pre);
  kv_str(t, k, gfd_regime_key(q->regime));
  snprintf(k, sizeof k, "%sloss_exponent", pre);
  if (!q->lead[0].zero) kv_num(t, k, gfd_rat_to_double(q->E0));
  else kv_str(t, k, "");
  snprintf(k, sizeof k, "%stime_exponent", pre);
  int has_g = q->dynamical || (q->regime == GFD_REGIME_MULTISCALE && !q->bulk_bound);
  if (has_g) kv_num(t, k, gfd_rat_to_double(q->g));
  else kv_str(t, k, "");
  snprintf(k, sizeof k, "%sloss_exponent_exact", pre);
  if (!q->lead[0].zero) kv_rat(t, k, q->E0);
  else kv_str(t, k, "");
  snprintf(k, sizeof k, "%stime_exponent_exact", pre);
  if (has_g) kv_rat(t, k, q->g);
  else kv_str(t, k, "");
  /* multi-scale: the bulk's regime (time_exponent above is the bulk's), the
   * fast part's time exponent and its weight relative to the bulk, p^(E' - E_0) */
  int ms = q->regime == GFD_REGIME_MULTISCALE;
  snprintf(k, sizeof k, "%sbulk_regime", pre);
  kv_str(t, k, ms ? gfd_regime_key(q->bulk) : "");
  snprintf(k, sizeof k, "%sfast_time_exponent_exact", pre);
  if (ms) kv_rat(t, k, q->g_fast);
  else kv_str(t, k, "");
  snprintf(k, sizeof k, "%sfast_weight_exponent_exact", pre);
  gfd_rat w = q->E_fast;
  gfd_rat m0 = q->E0;
  m0.num = -m0.num;
  if (ms && gfd_rat_add(w, m0, &w) == 0) kv_rat(t, k, w);
  else kv_str(t, k, "");
  snprintf(k, sizeof k, "%sfloor", pre);
  kv_str(t, k, q->floor ? "yes" : "no");
  snprintf(k, sizeof k, "%sreason", pre);
  kv_str(t, k, q->reason);
}

/* show regime as text: key, then the value wrapped under itself within 80
 * columns (the reasons are long); the table itself is kept for export csv.
 * The rows are read back from the table's own CSV, so that text and CSV
 * cannot disagree. */
static int emit_kv_wrapped(session *s, table *t) {
  char *buf = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&buf, &len);
  if (!m) return -1;
  table_write_csv(t, m);
  fclose(m);
  FILE *o = s->out;
  int first = 1;
  for (char *line = buf; line && *line;) {
    char *nl = strchr(line, '\n');
    if (nl) *nl = '\0';
    char *comma = strchr(line, ',');
    if (!first && comma) {
      *comma = '\0';
      char *v = comma + 1;
      /* unquote a CSV field: "a ""b"" c" -> a "b" c */
      if (*v == '"') {
        char *w = v, *r = v + 1;
        for (; *r; r++) {
          if (*r == '"' && r[1] == '"') *w++ = *r++;
          else if (*r != '"') *w++ = *r;
        }
        *w = '\0';
      }
      if (*v) sh_wrap(o, fprintf(o, "%-34s ", line), 35, v);
      else fprintf(o, "%s\n", line);
    }
    first = 0;
    line = nl ? nl + 1 : NULL;
  }
  free(buf);
  table_free(s->last_table);
  s->last_table = t;
  return 0;
}

static int run_show_regime(session *s, const args *a) {
  gfd_scaling sc;
  int N;
  if (regime_scaling(s, a, &sc, &N) < 0) return -1;
  gfd_regime_result *r = calloc(1, sizeof *r);
  if (!r) return sh_error(s, -1, "out of memory for the regime analysis");
  if (sc_classify(s, &sc, N, r) < 0) {
    free(r);
    return -1;
  }
  table *t = table_new(s->csv ? "" : "regime", "key,value");
  if (!t) {
    free(r);
    return sh_error(s, -1, "out of memory");
  }
  kv_str(t, "model", gfd_kind_name(s->spec.kind));
  table_str(t, "nu"), table_int(t, s->spec.nu), table_endrow(t);
  kv_str(t, "target", gfd_target_name(s->spec.target));
  kv_rat(t, "a", sc.a);
  kv_rat(t, "b", sc.b);
  kv_rat(t, "c", sc.c);
  table_str(t, "N"), table_int(t, N), table_endrow(t);
  kv_quantity(t, "", &r->loss);
  kv_quantity(t, "excess_", &r->excess);
  kv_str(t, "balance", r->balance == 2 ? "" : r->balance > 0 ? "above" : r->balance < 0 ? "below" : "on");
  if (sc_oracle(s, &sc, r, t) < 0) {
    table_free(t);
    free(r);
    return -1;
  }
  if (s->csv || emit_kv_wrapped(s, t) < 0) sh_emit_table(s, t);
  free(r);
  return 0;
}

/* ------------------------------------------------------------- table */
static const char *const scaling_keys[] = {"a", "b", "c", "CH", "Cs", "Ck", "N", "limit", NULL};
static const char *const regime_keys[] = {"a", "b", "c", "N", "plane", "polygons", NULL};
static const char *const show_regime_keys[] = {"a", "b", "c", "N", NULL};

static const command cmd_scaling_table[] = {
    {"scaling", "a= b= [c=] [CH=] [Cs=] [Ck=] [N=] [limit=auto|loss|excess] | off",
     "set the scaling H = CH p^a, sigma^2 = Cs p^b, kappa = Ck p^c",
     "Sets the scaling limit p -> infinity with H = CH p^a, sigma^2 = Cs p^b and\n"
     "kappa = Ck p^c.  Exponents are exact rationals (3, -7/6,\n"
     "0.25): boundaries between regimes are exact ties, so they are never rounded.\n"
     "The prefactors CH, Cs, Ck (default 1) are exact positive rationals; they enter\n"
     "the leading coefficients and can make a leading face cancel.\n"
     "With a scaling set, `model ... p=N` derives H (nearest integer, at least 1),\n"
     "sigma and kappa from p; H=, sigma=, kappa= given to model override it (with a\n"
     "notice).  N= sets the order of the analysis used by regime, map, sweep, the\n"
     "limit series and `flow run scaled=yes` (default 4).  limit= chooses what the\n"
     "limit series and the scale factors follow: the loss L, its excess\n"
     "L - ||y||^2/2, or auto (the loss if it is in a dynamical regime, else the\n"
     "excess).  The limit series comes from the diagrams (order N of the\n"
     "analysis and beyond, while exact arithmetic lasts), or to order 60 from two\n"
     "coefficient recurrences: SYM nu=2 with a = 1, b = -1 (the Marchenko-Pastur\n"
     "limit) and SYM nu=4 with kappa4 = sigma^4 (p^3 + 3 (H-1) p)/kappa fixed (the\n"
     "mean-field moment equations; the same kappa4 as `model ... kappa4=`),\n"
     "checked against the diagrams on the orders both reach (a note says which).\n"
     "Keys not given keep their values.  `scaling off` removes it;\n"
     "`scaling` alone shows it.\n"
     "Conventions: L = 1/2 ||f - y||^2, t the gradient-flow time; the scaled loss is\n"
     "L/p^E0 against tau = p^g t, E0 and g from the diagrams (help regime).\n"
     "Example: scaling a=1 b=-1; model sym nu=2 p=200",
     "scaling", scaling_keys, 0, 1, run_scaling},
    {"show scaling", "", "show the scaling and the sizes it gives at the current p",
     "key,value rows: set, a, b, c, CH, Cs, Ck (exact), N, limit, and at the current p\n"
     "the sizes H_at_p, sigma2_at_p, kappa_at_p (before rounding H).",
     "scaling", NULL, 0, 0, run_show_scaling},
    {"regime", "[N=] [a=] [b=] [c=] [polygons=no|yes] [plane=e|H]",
     "the regime of the scaling: exponents, leading monomials and diagrams",
     "Analyses the scaling (the one set by `scaling`, or a=, b=, c= given here) with\n"
     "the exact diagram polynomials E[L^(n)(0)], n = 0..N, of the current model kind,\n"
     "nu and target (identity or zero).  Each monomial c p^np H^nH s^ne kappa^ny\n"
     "(s = sigma^2) scales as p^(np + a nH + b ne + c ny); E_n is the largest such\n"
     "exponent whose monomials do not cancel, C_n their summed coefficient (if a\n"
     "leading face sums to zero the next face is used: column ncancelled).\n"
     "The loss exponent is E_0 (L ~ p^E_0), the time exponent g = max (E_n - E_0)/n\n"
     "(t = p^-g tau), and the limit of L/p^E_0 is sum_n lambda_n tau^n/n! over the\n"
     "orders with E_n = E_0 + g n.  The excess L - ||y||^2/2 is analysed the same\n"
     "way without the constant point.  Regimes (E_n linear in n = dynamical):\n"
     "  free      the excess has the zero-target model's leading data (E_n, C_n).\n"
     "            If the loss differs from them only in C_0 (the constant\n"
     "            ||y||^2/2 lies on the leading face) it is free evolution on the\n"
     "            floor ||y||^2/2: L/p^E_0 -> floor + free curve, not mean-field.\n"
     "  ntk       the leading data of the NTK sub-family (lazy training).  For\n"
     "            ASYM with a > nu - 1 this holds also below the balance line, in\n"
     "            the wedge -2a/nu < b < b*: the tangent kernel concentrates and\n"
     "            r_0 ~ -y relaxes through it; its lower edge b = -2a/nu is\n"
     "            mean-field over-parameterised, below it frozen.\n"
     "  mf-under, proportional, mf-over   otherwise mean-field, a < 1, a = 1, a > 1.\n"
     "  frozen    (E_n - E_0)/n still rises at the last orders: the quantity stays\n"
     "            at its scale (escape only on a log time scale).  Below the\n"
     "            balance line the loss sits on the floor ||y||^2/2 and the\n"
     "            excess, analysed alone, is what moves (often mf-under).\n"
     "  multi-scale  (E_n - E_0)/n rises only through top faces E_n = E' + g' n\n"
     "            with E' < E_0: a part of relative weight p^(E'-E_0) moves on the\n"
     "            faster scale p^g' t and vanishes in the limit, while the bulk\n"
     "            follows the low orders on tau = p^g t (its regime in the reason;\n"
     "            SYM nu=3 with a > 1: free law, lazy for a > 2).  When order 1\n"
     "            already ties with the fast part, g is only an upper bound; a loss\n"
     "            on the floor ||y||^2/2 is multi-scale only when every order is\n"
     "            the NTK sub-family's (the floor may relax through the kernel).\n"
     "  undetermined   the computed orders cannot decide (raise N).\n"
     "The balance line is where E||f0||^2 ~ ||y||^2.  A leading face that cancels\n"
     "at the given prefactors CH, Cs, Ck is fine-tuned: the reason says so first.\n"
     "Output (about one screen): the regime of the loss and of the excess, each with\n"
     "its exponents, its reason and its limit, then one row per order of the loss:\n"
     "E_n, r_n = (E_n - E_0)/n, C_n, * if the order enters the limit, the leading\n"
     "monomials and the ids of the leading diagram classes (`diagram n.k` shows one;\n"
     "listed while they take under 2 s), and the oracle at the model's own p, H,\n"
     "sigma: the natural time unit |E Q(0)/E Q'(0)| of the quantity that moves (Q\n"
     "the loss or its excess) next to the scaling's p^-g, the distance to each\n"
     "neighbouring boundary in exponent and, in brackets, the prefactor that\n"
     "decides it there (balance line b*: ||f0||^2/||y||^2 = 1; a = 1: H/p; lazy\n"
     "a = nu - 1: H/p^(nu-1); the NTK wedge's edge: H sigma^nu; the target-driven\n"
     "line: sigma^nu p^(nu-1)), and for SYM nu=4 kappa4/kappa_c of gradient\n"
     "ascent.  polygons=yes adds the Pareto polygon of\n"
     "each order: the upper convex hull of the exponent points in the plane x = n_e,\n"
     "y = n_p + a n_H + c n_y (plane=H: x = n_H, y = n_p + b n_e + c n_y); the\n"
     "leading face is where a line of slope -b (-a) touches it.\n"
     "CSV (and `export csv` after it): the per-order table with every column,\n"
     "n,quantity,E_n,r_n,C_n,attains,face,ncancelled,limit_coef,leading (face: the\n"
     "points on the leading face, > 1 a tie; the excess row at n = 0).",
     "scaling", regime_keys, 0, 0, run_regime},
    {"show regime", "[N=] [a=] [b=] [c=]", "the regime as key,value rows",
     "key,value rows: model, nu, target, a, b, c, N, regime, loss_exponent,\n"
     "time_exponent (empty unless dynamical; the bulk's for multi-scale when an\n"
     "order shows it), their\n"
     "exact forms (*_exact), bulk_regime, fast_time_exponent_exact and\n"
     "fast_weight_exponent_exact (E' - E_0; these three only for multi-scale),\n"
     "floor (yes: free evolution on the floor ||y||^2/2), reason, excess_regime and\n"
     "the same keys for the excess (excess_*), balance (above, on, below), and the\n"
     "oracle at the model's sizes (help regime): natural_time, natural_time_of,\n"
     "balance_distance, balance_ratio, proportional_distance, and where they apply\n"
     "lazy_distance, wedge_edge_distance, target_line_distance, kappa4_margin,\n"
     "kappa4.",
     "scaling", show_regime_keys, 0, 0, run_show_regime},
    {"map", "[a=LO:HI:K] [b=LO:HI:K] [c=] [N=] [of=loss|excess]",
     "the regime map over a grid of scalings", sc_map_help, "scaling", sc_map_keys, 0, 0,
     sc_run_map},
    {"sweep", "KEY=v1,v2,... [T=] [seeds=] [N=] [scaled=yes|no]",
     "rerun the current setup for several values of one key", sc_sweep_help, "scaling",
     sc_sweep_keys, 0, 0, sc_run_sweep},
    {0}};

/* The views' conversion factors (plot.h), from the same units.  The raw
 * curves are in paper time t' = T t under set lr 1/T: tau = (p^g / T) t'. */
static int scaling_plot_factors(session *s, plot_factors *f) {
  scaling_units u;
  int rc = scaling_units_get(s, 1, &u);
  if (rc == 0) *f = (plot_factors){u.tfac / s->lr_T, u.lfac_loss, u.lfac_excess, u.excess};
  return rc;
}

const area area_scaling = {
    .name = "scaling",
    .commands = cmd_scaling_table,
    .reset = scaling_state_reset,
    .derive_spec = scaling_apply_to_spec,
    /* a scaling in the loading session would re-derive H and sigma from the
     * saved model's p: clear it before the model line */
    .save_clear = "scaling off",
    .save_setup = scaling_save,
    .plot_factors = scaling_plot_factors,
};
