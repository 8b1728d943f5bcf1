/* scaling.c - scalings H = CH p^a, sigma^2 = Cs p^b, kappa = Ck p^c with exact
 * rational exponents, and the leading part of an exact polynomial under one
 * (gfd-theory(7) section 4): weights, faces, cancellations. */
#include <config.h>
#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

static gfd_rat rat_int(long v) { return gfd_rat_make(v, 1); }

void gfd_scaling_default(gfd_scaling *sc) {
  sc->a = sc->b = sc->c = rat_int(0);
  sc->CH = sc->Cs = sc->Ck = rat_int(1);
}

int gfd_scaling_rat_cmp(gfd_rat x, gfd_rat y) {
  /* dens are positive; exponents and prefactors are small, so the products fit
   * easily; fall back to long double only if they would not */
  gfd_i128 l, r;
  if (__builtin_mul_overflow(x.num, y.den, &l) || __builtin_mul_overflow(y.num, x.den, &r)) {
    long double a = gfd_rat_to_ldouble(x), b = gfd_rat_to_ldouble(y);
    return a < b ? -1 : a > b;
  }
  return l < r ? -1 : l > r;
}

int gfd_scaling_check(const gfd_scaling *sc, gfd_err *e) {
  const gfd_rat *ex[3] = {&sc->a, &sc->b, &sc->c};
  const char *exn[3] = {"a", "b", "c"};
  for (int i = 0; i < 3; i++) {
    double v = gfd_rat_to_double(*ex[i]);
    if (ex[i]->den <= 0 || !(fabs(v) <= 64))
      return gfd_err_set(e, GFD_EINVAL, "scaling exponent %s must be a rational in [-64, 64]",
                         exn[i]);
  }
  const gfd_rat *cf[3] = {&sc->CH, &sc->Cs, &sc->Ck};
  const char *cfn[3] = {"CH", "Cs", "Ck"};
  for (int i = 0; i < 3; i++)
    if (cf[i]->den <= 0 || cf[i]->num <= 0)
      return gfd_err_set(e, GFD_EINVAL, "scaling prefactor %s must be positive", cfn[i]);
  return GFD_OK;
}

int gfd_scaling_sizes(const gfd_scaling *sc, double p, double *H, double *sigma2, double *kappa,
                      gfd_err *e) {
  if (!(p >= 1) || !isfinite(p))
    return gfd_err_set(e, GFD_EINVAL, "the size p must be at least 1 for a scaling");
  int rc = gfd_scaling_check(sc, e);
  if (rc) return rc;
  double lp = log(p);
  double h = gfd_rat_to_double(sc->CH) * exp(gfd_rat_to_double(sc->a) * lp);
  double s = gfd_rat_to_double(sc->Cs) * exp(gfd_rat_to_double(sc->b) * lp);
  double k = gfd_rat_to_double(sc->Ck) * exp(gfd_rat_to_double(sc->c) * lp);
  if (!isfinite(h) || !isfinite(s) || !isfinite(k) || s <= 0 || k <= 0)
    return gfd_err_set(e, GFD_EINVAL, "the scaling gives sizes out of range at p = %g", p);
  if (H) *H = h;
  if (sigma2) *sigma2 = s;
  if (kappa) *kappa = k;
  return GFD_OK;
}

/* The one exact-rational reader of gfd (the shell's keys and the map/sweep
 * ranges all come here): "3", "-7/6", "0.25", ".5", "+2", "1e-3", "2.5e2".
 * Digits accumulate in 128 bits below 10^36, so nothing wraps before the
 * reduction; a value that still does not fit is GFD_EOVERFLOW. */
int gfd_scaling_parse_rat(const char *str, gfd_rat *out) {
  if (!str) return GFD_EINVAL;
  const gfd_i128 lim = (gfd_i128)1000000000000000000LL * 1000000000000000000LL; /* 1e36 */
  const char *c = str;
  int neg = 0;
  if (*c == '-' || *c == '+') neg = (*c++ == '-');
  if (!isdigit((unsigned char)*c) && !(*c == '.' && isdigit((unsigned char)c[1]))) return GFD_EINVAL;
  gfd_i128 n = 0, d = 1;
  int ndig = 0;
  while (isdigit((unsigned char)*c)) {
    n = n * 10 + (*c++ - '0');
    if (n > lim) return GFD_EOVERFLOW;
    ndig++;
  }
  if (*c == '/') {
    c++;
    if (!isdigit((unsigned char)*c)) return GFD_EINVAL;
    gfd_i128 q = 0;
    while (isdigit((unsigned char)*c)) {
      q = q * 10 + (*c++ - '0');
      if (q > lim) return GFD_EOVERFLOW;
    }
    if (*c || q == 0) return GFD_EINVAL;
    d = q;
  } else {
    if (*c == '.') {
      c++;
      while (isdigit((unsigned char)*c)) {
        n = n * 10 + (*c++ - '0');
        d *= 10;
        if (n > lim || d > lim) return GFD_EOVERFLOW;
        ndig++;
      }
    }
    if (ndig == 0) return GFD_EINVAL;
    if (*c == 'e' || *c == 'E') {
      c++;
      int eneg = 0;
      if (*c == '-' || *c == '+') eneg = (*c++ == '-');
      if (!isdigit((unsigned char)*c)) return GFD_EINVAL;
      int ex = 0;
      while (isdigit((unsigned char)*c)) {
        ex = ex * 10 + (*c++ - '0');
        if (ex > 40) return GFD_EOVERFLOW;
      }
      for (int i = 0; i < ex; i++) {
        if (eneg) d *= 10;
        else n *= 10;
        if (n > lim || d > lim) return GFD_EOVERFLOW;
      }
    }
    if (*c) return GFD_EINVAL;
  }
  gfd_rat r = gfd_rat_make(neg ? -n : n, d);
  if (r.den == 0) return GFD_EOVERFLOW;
  *out = r;
  return GFD_OK;
}

int gfd_scaling_weight(const gfd_scaling *sc, const gfd_mono *m, gfd_rat *w) {
  gfd_rat acc = rat_int(m->np), t;
  if (gfd_rat_mul(sc->a, rat_int(m->nH), &t) || gfd_rat_add(acc, t, &acc) ||
      gfd_rat_mul(sc->b, rat_int(m->ne), &t) || gfd_rat_add(acc, t, &acc) ||
      gfd_rat_mul(sc->c, rat_int(m->ny), &t) || gfd_rat_add(acc, t, &acc))
    return GFD_EOVERFLOW;
  *w = acc;
  return GFD_OK;
}

int gfd_scaling_on_face(const gfd_scaling *sc, const gfd_mono *m, gfd_rat E) {
  gfd_rat w;
  if (gfd_scaling_weight(sc, m, &w)) return 0;
  return gfd_scaling_rat_cmp(w, E) == 0;
}

/* x^k exactly; GFD_EOVERFLOW when it does not fit. */
static int rat_pow(gfd_rat x, int k, gfd_rat *out) {
  gfd_rat r = rat_int(1);
  for (int i = 0; i < k; i++)
    if (gfd_rat_mul(r, x, &r)) return GFD_EOVERFLOW;
  *out = r;
  return GFD_OK;
}


/* c CH^nH Cs^ne Ck^ny for the coefficient c of m as a long double */
static long double coef_scaled(const gfd_scaling *sc, const gfd_mono *m, long double c) {
  return c * powl(gfd_rat_to_ldouble(sc->CH), m->nH) * powl(gfd_rat_to_ldouble(sc->Cs), m->ne) *
         powl(gfd_rat_to_ldouble(sc->Ck), m->ny);
}

long double gfd_scaling_mono_coef(const gfd_scaling *sc, const gfd_mono *m) {
  return coef_scaled(sc, m, gfd_rat_to_ldouble(m->c));
}

long double gfd_scaling_term_coef(const gfd_scaling *sc, const gfd_poly *P, size_t i) {
  return coef_scaled(sc, &P->m[i], gfd_poly_coef_ldouble(P, i));
}

/* Value of term i of P with the prefactors, exactly; GFD_EOVERFLOW if it
 * does not fit in 128 bits. */
static int term_value(const gfd_scaling *sc, const gfd_poly *P, size_t i, gfd_rat *exact) {
  const gfd_mono *m = &P->m[i];
  gfd_rat a, b, c, v, k;
  if (gfd_poly_coef_rat(P, i, &k) || rat_pow(sc->CH, m->nH, &a) || rat_pow(sc->Cs, m->ne, &b) ||
      rat_pow(sc->Ck, m->ny, &c) || gfd_rat_mul(k, a, &v) || gfd_rat_mul(v, b, &v) || gfd_rat_mul(v, c, &v))
    return GFD_EOVERFLOW;
  *exact = v;
  return GFD_OK;
}

/* Sum the monomials of P listed in idx[0..k) into out (C, Cq, exact, nface):
 * exactly, or in long double (powl: a fifth of a map's time, so only then)
 * when the exact sum overflows. */
static void face_sum(const gfd_poly *P, const gfd_scaling *sc, const size_t *idx, size_t k,
                     gfd_lead *out) {
  gfd_rat acc = rat_int(0);
  int exact = 1;
  for (size_t i = 0; i < k && exact; i++) {
    gfd_rat v;
    if (term_value(sc, P, idx[i], &v) || gfd_rat_add(acc, v, &acc)) exact = 0;
  }
  out->nface = (int)k;
  out->exact = exact;
  if (exact) {
    out->Cq = acc;
    out->C = gfd_rat_to_double(acc);
  } else {
    long double ld = 0, mag = 0;
    for (size_t i = 0; i < k; i++) {
      long double l = gfd_scaling_term_coef(sc, P, idx[i]);
      ld += l;
      mag += fabsl(l);
    }
    /* inexact: treat a sum below the rounding level of its terms as cancelled */
    if (fabsl(ld) <= 64 * LDBL_EPSILON * mag * (long double)k) ld = 0;
    out->Cq = rat_int(0);
    out->C = (double)ld;
  }
}

static int lead_is_zero(const gfd_lead *l) { return l->exact ? l->Cq.num == 0 : l->C == 0; }

/* The weights of a scaling's monomials on the common denominator D of a, b
 * and c: w D = np D + A nH + B ne + C ny, integers with no gcd per operation
 * (the rational arithmetic took ~85% of a map).  Used when D and A, B, C fit
 * in 31 bits (every scaling typed by hand); otherwise the weights are
 * rationals as before. */
typedef struct expo {
  int on;
  gfd_i128 D, A, B, C;
} expo;

static gfd_i128 i128_gcd_pos(gfd_i128 x, gfd_i128 y) {
  if (x < 0) x = -x;
  if (y < 0) y = -y;
  while (y) {
    gfd_i128 t = x % y;
    x = y;
    y = t;
  }
  return x;
}

static expo expo_of(const gfd_scaling *sc) {
  expo x = {0, 1, 0, 0, 0};
  const gfd_rat *r[3] = {&sc->a, &sc->b, &sc->c};
  const gfd_i128 lim = (gfd_i128)1 << 31;
  for (int k = 0; k < 3; k++) {
    if (r[k]->den <= 0) return x;
    x.D = x.D / i128_gcd_pos(x.D, r[k]->den) * r[k]->den;
    if (x.D > lim) return x;
  }
  x.A = sc->a.num * (x.D / sc->a.den);
  x.B = sc->b.num * (x.D / sc->b.den);
  x.C = sc->c.num * (x.D / sc->c.den);
  x.on = x.A < lim && x.A > -lim && x.B < lim && x.B > -lim && x.C < lim && x.C > -lim;
  return x;
}

/* w D: the products of 31-bit factors and int exponents fit in 128 bits */
static gfd_i128 expo_weight(const expo *x, const gfd_mono *m) {
  return (gfd_i128)m->np * x->D + x->A * m->nH + x->B * m->ne + x->C * m->ny;
}

typedef struct wi {
  gfd_rat w; /* rational mode only */
  gfd_i128 W; /* integer mode: w D */
  size_t i;
} wi;

static int wi_desc(const void *x, const void *y) {
  const wi *a = x, *b = y;
  int c = gfd_scaling_rat_cmp(b->w, a->w);
  if (c) return c;
  return a->i < b->i ? -1 : a->i > b->i;
}

static int wi_desc_int(const void *x, const void *y) {
  const wi *a = x, *b = y;
  if (a->W != b->W) return a->W < b->W ? 1 : -1;
  return a->i < b->i ? -1 : a->i > b->i;
}

static int wi_same(const expo *x, const wi *a, const wi *b) {
  return x->on ? a->W == b->W : gfd_scaling_rat_cmp(a->w, b->w) == 0;
}

static int weights(const gfd_poly *P, const gfd_scaling *sc, int excess, const expo *x, wi **out, size_t *k,
                   gfd_err *e) {
  wi *v = gfd_xcalloc(P->n ? P->n : 1, sizeof *v);
  if (!v) return gfd_err_set(e, GFD_ENOMEM, "out of memory for the exponent points");
  size_t n = 0;
  for (size_t i = 0; i < P->n; i++) {
    if (excess && P->m[i].ne == 0) continue;
    if (x->on) {
      v[n].W = expo_weight(x, &P->m[i]);
    } else if (gfd_scaling_weight(sc, &P->m[i], &v[n].w)) {
      free(v);
      return gfd_err_set(e, GFD_EOVERFLOW, "exponent arithmetic overflowed");
    }
    v[n++].i = i;
  }
  *out = v;
  *k = n;
  return GFD_OK;
}

int gfd_scaling_lead(const gfd_poly *P, const gfd_scaling *sc, int excess, gfd_lead *out,
                     gfd_err *e) {
  memset(out, 0, sizeof *out);
  out->zero = 1;
  out->Cq = rat_int(0);
  out->E = rat_int(0);
  wi *v;
  size_t n;
  expo x = expo_of(sc);
  int rc = weights(P, sc, excess, &x, &v, &n, e);
  if (rc) return rc;
  qsort(v, n, sizeof *v, x.on ? wi_desc_int : wi_desc);
  size_t *idx = gfd_xcalloc(n ? n : 1, sizeof *idx);
  if (!idx) {
    free(v);
    return gfd_err_set(e, GFD_ENOMEM, "out of memory for the exponent points");
  }
  int cancelled = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i, k = 0;
    while (j < n && wi_same(&x, &v[j], &v[i])) idx[k++] = v[j++].i;
    gfd_lead l = {0};
    face_sum(P, sc, idx, k, &l);
    if (!lead_is_zero(&l)) {
      l.E = x.on ? gfd_rat_make(v[i].W, x.D) : v[i].w;
      l.zero = 0;
      l.ncancelled = cancelled;
      *out = l;
      break;
    }
    cancelled++;
    i = j;
  }
  if (out->zero) out->ncancelled = cancelled;
  free(idx);
  free(v);
  return GFD_OK;
}

int gfd_scaling_coef_at(const gfd_poly *P, const gfd_scaling *sc, int excess, gfd_rat E,
                        gfd_lead *out, gfd_err *e) {
  memset(out, 0, sizeof *out);
  out->E = E;
  out->Cq = rat_int(0);
  wi *v;
  size_t n;
  expo x = expo_of(sc);
  int rc = weights(P, sc, excess, &x, &v, &n, e);
  if (rc) return rc;
  size_t *idx = gfd_xcalloc(n ? n : 1, sizeof *idx), k = 0;
  if (!idx) {
    free(v);
    return gfd_err_set(e, GFD_ENOMEM, "out of memory for the exponent points");
  }
  /* integer mode: E D, if an integer (else no monomial has weight E) */
  gfd_i128 ED = 0;
  int has = 1;
  if (x.on) {
    gfd_i128 t;
    if (E.den <= 0 || __builtin_mul_overflow(E.num, x.D, &t)) x.on = 0, has = 0;
    else if (t % E.den) has = 0;
    else ED = t / E.den;
    if (!x.on) { /* E out of integer range: redo the weights as rationals */
      free(v);
      rc = weights(P, sc, excess, &x, &v, &n, e);
      if (rc) {
        free(idx);
        return rc;
      }
      has = 1;
    }
  }
  for (size_t i = 0; has && i < n; i++)
    if (x.on ? v[i].W == ED : gfd_scaling_rat_cmp(v[i].w, E) == 0) idx[k++] = v[i].i;
  face_sum(P, sc, idx, k, out);
  out->zero = lead_is_zero(out);
  free(idx);
  free(v);
  return GFD_OK;
}

int gfd_scaling_balance_b(const gfd_poly *zero0, const gfd_poly *full0, gfd_rat a, gfd_rat c,
                          gfd_rat *b, gfd_err *e) {
  /* ||y||^2/2 is the monomial without s: weight np + c ny */
  const gfd_mono *pt = NULL;
  for (size_t i = 0; i < full0->n; i++)
    if (full0->m[i].ne == 0) pt = &full0->m[i];
  if (!pt) return gfd_err_set(e, GFD_EUNSUP, "no target term: the balance line is undefined");
  gfd_rat wy, t;
  if (gfd_rat_mul(c, rat_int(pt->ny), &t) || gfd_rat_add(rat_int(pt->np), t, &wy))
    return gfd_err_set(e, GFD_EOVERFLOW, "exponent arithmetic overflowed");
  /* every f term grows with b (ne > 0): the max crosses wy at the smallest
   * (wy - np - a nH - c ny)/ne */
  int have = 0;
  gfd_rat best = rat_int(0);
  for (size_t i = 0; i < zero0->n; i++) {
    const gfd_mono *m = &zero0->m[i];
    if (m->ne <= 0) continue;
    gfd_rat x, y;
    if (gfd_rat_mul(a, rat_int(-m->nH), &x) || gfd_rat_add(wy, x, &x) ||
        gfd_rat_add(x, rat_int(-m->np), &x) || gfd_rat_mul(c, rat_int(-m->ny), &y) ||
        gfd_rat_add(x, y, &x) || gfd_rat_mul(x, gfd_rat_make(1, m->ne), &x))
      return gfd_err_set(e, GFD_EOVERFLOW, "exponent arithmetic overflowed");
    if (!have || gfd_scaling_rat_cmp(x, best) < 0) best = x;
    have = 1;
  }
  if (!have) return gfd_err_set(e, GFD_EUNSUP, "no output term: the balance line is undefined");
  *b = best;
  return GFD_OK;
}
