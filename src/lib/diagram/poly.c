/* poly.c - exact rationals (__int128, overflow-checked) and sparse polynomials
 * in p, H, s = sigma^2 and kappa (gfd-theory(7) section 3) whose coefficients move to
 * GMP rationals when they outgrow 128 bits. */
#include <config.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "diagram/bignum.h"
#include "internal.h"

/* The opaque view of gfd_i128 in gfd/poly.h must lay out exactly like
 * __int128, or the structs holding it would differ between libgfd and users. */
union gfd_i128_view {
  long double align_;
  unsigned char bytes_[16];
};
_Static_assert(sizeof(union gfd_i128_view) == sizeof(gfd_i128) &&
                   _Alignof(union gfd_i128_view) == _Alignof(gfd_i128),
               "the portable gfd_i128 view must match __int128");

/* A coefficient beyond 128 bits (gfd/poly.h keeps it opaque). */
struct gfd_bigq {
  mpq_t q;
};

#define I128_MIN ((gfd_i128)((unsigned __int128)1 << 127))

/* ------------------------------------------------------------ rationals */

static gfd_i128 i128_abs(gfd_i128 v) { return v < 0 ? -v : v; }

/* __int128 -> long double through two 64-bit halves (exact up to 64 bits of
 * mantissa; avoids the libgcc int128 conversion __floattixf, which returns 0
 * under valgrind's x87 emulation) */
long double gfd_i128_to_ldouble(gfd_i128 v) {
  int neg = v < 0;
  unsigned __int128 u = neg ? (unsigned __int128)0 - (unsigned __int128)v : (unsigned __int128)v;
  long double r = (long double)(uint64_t)(u >> 64) * 18446744073709551616.0L + (long double)(uint64_t)u;
  return neg ? -r : r;
}

static gfd_i128 i128_gcd(gfd_i128 a, gfd_i128 b) {
  a = i128_abs(a);
  b = i128_abs(b);
  while (b) {
    gfd_i128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/* Reduce num/den (den != 0, neither equal to the most negative value, which
 * cannot be negated); returns 0 or GFD_EOVERFLOW. */
static int rat_reduce(gfd_i128 num, gfd_i128 den, gfd_rat *out) {
  if (den == 0 || num == I128_MIN || den == I128_MIN) return GFD_EOVERFLOW;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  gfd_i128 g = i128_gcd(num, den);
  if (g > 1) {
    num /= g;
    den /= g;
  }
  if (num == 0) den = 1;
  out->num = num;
  out->den = den;
  return GFD_OK;
}

gfd_rat gfd_rat_make(gfd_i128 num, gfd_i128 den) {
  gfd_rat r = {0, 1};
  if (rat_reduce(num, den, &r) != GFD_OK) {
    r.num = 0;
    r.den = 0; /* invalid marker: den 0 only for unrepresentable input */
  }
  return r;
}

int gfd_rat_add(gfd_rat a, gfd_rat b, gfd_rat *out) {
  if (a.den == 0 || b.den == 0) return GFD_EOVERFLOW;
  gfd_i128 g = i128_gcd(a.den, b.den);
  gfd_i128 bd = b.den / g, ad = a.den / g, x, y, num, den;
  if (__builtin_mul_overflow(a.num, bd, &x) || __builtin_mul_overflow(b.num, ad, &y) ||
      __builtin_add_overflow(x, y, &num) || __builtin_mul_overflow(a.den, bd, &den))
    return GFD_EOVERFLOW;
  return rat_reduce(num, den, out);
}

int gfd_rat_mul(gfd_rat a, gfd_rat b, gfd_rat *out) {
  if (a.den == 0 || b.den == 0) return GFD_EOVERFLOW;
  if (a.num == 0 || b.num == 0) {
    out->num = 0;
    out->den = 1;
    return GFD_OK;
  }
  gfd_i128 g1 = i128_gcd(a.num, b.den), g2 = i128_gcd(b.num, a.den), num, den;
  if (__builtin_mul_overflow(a.num / g1, b.num / g2, &num) ||
      __builtin_mul_overflow(a.den / g2, b.den / g1, &den))
    return GFD_EOVERFLOW;
  return rat_reduce(num, den, out);
}

gfd_rat gfd_rat_from_ll(long long num, long long den) { return gfd_rat_make(num, den); }

int gfd_rat_to_ll(gfd_rat a, long long *num, long long *den) {
  if (a.den == 0 || a.num > LLONG_MAX || a.num < -(gfd_i128)LLONG_MAX || a.den > LLONG_MAX)
    return GFD_EOVERFLOW;
  *num = (long long)a.num;
  *den = (long long)a.den;
  return GFD_OK;
}

long double gfd_rat_to_ldouble(gfd_rat a) {
  if (a.den == 0) return 0.0L / 0.0L; /* invalid (a big coefficient is read through its polynomial) */
  return gfd_i128_to_ldouble(a.num) / gfd_i128_to_ldouble(a.den);
}

double gfd_rat_to_double(gfd_rat a) { return (double)gfd_rat_to_ldouble(a); }

char *gfd_i128_format(gfd_i128 v, char *buf, size_t n) {
  char tmp[48];
  int k = 0, neg = v < 0;
  unsigned __int128 u = neg ? (unsigned __int128)0 - (unsigned __int128)v : (unsigned __int128)v;
  do {
    tmp[k++] = (char)('0' + (int)(u % 10));
    u /= 10;
  } while (u);
  if (!n) return buf;
  size_t j = 0;
  if (neg && j + 1 < n) buf[j++] = '-';
  while (k > 0 && j + 1 < n) buf[j++] = tmp[--k];
  buf[j] = '\0';
  return buf;
}

char *gfd_rat_format(gfd_rat a, char *buf, size_t n) {
  if (!n) return buf;
  if (a.den == 0) { /* invalid */
    snprintf(buf, n, "nan");
    return buf;
  }
  char num[48], den[48];
  gfd_i128_format(a.num, num, sizeof num);
  if (a.den == 1) snprintf(buf, n, "%s", num);
  else snprintf(buf, n, "%s/%s", num, gfd_i128_format(a.den, den, sizeof den));
  return buf;
}

/* ---------------------------------------------------------- polynomials */

/* P->big is NULL until a coefficient outgrows 128 bits; then it runs parallel
 * to P->m (P->cap entries), big[i] NULL where m[i].c holds the value. */
static gfd_bigq *big_at(const gfd_poly *P, size_t i) { return P->big ? P->big[i] : NULL; }

static void big_free(gfd_bigq *b) {
  if (!b) return;
  mpq_clear(b->q);
  free(b);
}

void gfd_poly_init(gfd_poly *P) {
  P->n = P->cap = 0;
  P->m = NULL;
  P->big = NULL;
}

void gfd_poly_clear(gfd_poly *P) {
  for (size_t i = 0; i < P->n; i++) {
    big_free(big_at(P, i));
    if (P->big) P->big[i] = NULL;
  }
  P->n = 0;
}

void gfd_poly_free(gfd_poly *P) {
  if (!P) return;
  gfd_poly_clear(P);
  free(P->m);
  free(P->big);
  gfd_poly_init(P);
}

static int nomem(gfd_err *e) { return gfd_err_set(e, GFD_ENOMEM, "out of memory for a polynomial"); }

static int big_reserve(gfd_poly *P, gfd_err *e) {
  gfd_bigq **b = realloc(P->big, (P->cap ? P->cap : 1) * sizeof *b);
  if (!b) return nomem(e);
  if (!P->big) memset(b, 0, (P->cap ? P->cap : 1) * sizeof *b);
  P->big = b;
  return GFD_OK;
}

static int poly_reserve(gfd_poly *P, size_t want, gfd_err *e) {
  if (want <= P->cap) return GFD_OK;
  size_t cap = P->cap ? P->cap : 8;
  while (cap < want) cap *= 2;
  gfd_mono *m = realloc(P->m, cap * sizeof *m);
  if (!m) return gfd_err_set(e, GFD_ENOMEM, "out of memory for a polynomial of %zu terms", want);
  P->m = m;
  if (P->big) {
    gfd_bigq **b = realloc(P->big, cap * sizeof *b);
    if (!b) return nomem(e);
    memset(b + P->cap, 0, (cap - P->cap) * sizeof *b);
    P->big = b;
  }
  P->cap = cap;
  return GFD_OK;
}

/* Coefficient i as a GMP rational. */
static void mono_get_mpq(mpq_t q, const gfd_poly *P, size_t i) {
  if (big_at(P, i)) {
    mpq_set(q, P->big[i]->q);
    return;
  }
  dg_mpz_set_i128(mpq_numref(q), P->m[i].c.num);
  dg_mpz_set_i128(mpq_denref(q), P->m[i].c.den);
}

/* Coefficient i := q (canonical), small when it fits so that one value has
 * one form (gfd_poly_equal and the scaling code rely on it). */
static int mono_set_mpq(gfd_poly *P, size_t i, const mpq_t q, gfd_err *e) {
  gfd_i128 num, den;
  gfd_mono *m = &P->m[i];
  if (dg_mpz_get_i128(mpq_numref(q), &num) && dg_mpz_get_i128(mpq_denref(q), &den)) {
    if (big_at(P, i)) {
      big_free(P->big[i]);
      P->big[i] = NULL;
    }
    m->c.num = num;
    m->c.den = den;
    return GFD_OK;
  }
  if (!P->big && big_reserve(P, e)) return GFD_ENOMEM;
  if (!P->big[i]) {
    gfd_bigq *b = malloc(sizeof *b);
    if (!b) return nomem(e);
    mpq_init(b->q);
    P->big[i] = b;
  }
  mpq_set(P->big[i]->q, q);
  m->c.num = 0;
  m->c.den = 0; /* invalid for exact arithmetic: the value is in big[i] */
  return GFD_OK;
}

int gfd_poly_copy(gfd_poly *dst, const gfd_poly *src, gfd_err *e) {
  if (dst == src) return GFD_OK;
  gfd_poly_clear(dst);
  int rc = poly_reserve(dst, src->n, e);
  if (rc) return rc;
  if (src->n) memcpy(dst->m, src->m, src->n * sizeof *src->m);
  for (size_t i = 0; i < src->n; i++) {
    dst->n = i + 1;
    if (big_at(src, i) && (rc = mono_set_mpq(dst, i, src->big[i]->q, e))) {
      dst->n = i; /* m[i] holds no big of its own */
      return rc;
    }
  }
  dst->n = src->n;
  return GFD_OK;
}

/* Order (ne, np, nH, ny). */
static int mono_cmp(int np, int nH, int ne, int ny, const gfd_mono *b) {
  if (ne != b->ne) return ne < b->ne ? -1 : 1;
  if (np != b->np) return np < b->np ? -1 : 1;
  if (nH != b->nH) return nH < b->nH ? -1 : 1;
  if (ny != b->ny) return ny < b->ny ? -1 : 1;
  return 0;
}

/* Index of the monomial, or of its insertion point (*found = 0). */
static size_t mono_find(const gfd_poly *P, int np, int nH, int ne, int ny, int *found) {
  size_t lo = 0, hi = P->n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (mono_cmp(np, nH, ne, ny, &P->m[mid]) > 0) lo = mid + 1;
    else hi = mid;
  }
  *found = lo < P->n && mono_cmp(np, nH, ne, ny, &P->m[lo]) == 0;
  return lo;
}

static void mono_remove(gfd_poly *P, size_t i) {
  memmove(P->m + i, P->m + i + 1, (P->n - i - 1) * sizeof *P->m);
  if (P->big) {
    big_free(P->big[i]);
    memmove(P->big + i, P->big + i + 1, (P->n - i - 1) * sizeof *P->big);
    P->big[P->n - 1] = NULL;
  }
  P->n--;
}

static int mono_insert(gfd_poly *P, size_t at, int np, int nH, int ne, int ny, gfd_err *e) {
  int rc = poly_reserve(P, P->n + 1, e);
  if (rc) return rc;
  memmove(P->m + at + 1, P->m + at, (P->n - at) * sizeof *P->m);
  if (P->big) {
    memmove(P->big + at + 1, P->big + at, (P->n - at) * sizeof *P->big);
    P->big[at] = NULL;
  }
  gfd_mono *m = &P->m[at];
  m->np = np;
  m->nH = nH;
  m->ne = ne;
  m->ny = ny;
  m->c.num = 0;
  m->c.den = 1;
  P->n++;
  return GFD_OK;
}

int dg_poly_add_mpq(gfd_poly *P, int np, int nH, int ne, int ny, const mpq_t c, gfd_err *e) {
  if (mpq_sgn(c) == 0) return GFD_OK;
  int found, rc = GFD_OK;
  size_t i = mono_find(P, np, nH, ne, ny, &found);
  if (!found) {
    if ((rc = mono_insert(P, i, np, nH, ne, ny, e))) return rc;
    if ((rc = mono_set_mpq(P, i, c, e))) mono_remove(P, i);
    return rc;
  }
  mpq_t s;
  mpq_init(s);
  mono_get_mpq(s, P, i);
  mpq_add(s, s, c);
  if (mpq_sgn(s) == 0) mono_remove(P, i);
  else rc = mono_set_mpq(P, i, s, e);
  mpq_clear(s);
  return rc;
}

static void rat_get_mpq(mpq_t q, gfd_rat c) {
  dg_mpz_set_i128(mpq_numref(q), c.num);
  dg_mpz_set_i128(mpq_denref(q), c.den);
}

int gfd_poly_add(gfd_poly *P, int np, int nH, int ne, int ny, gfd_rat c, gfd_err *e) {
  if (c.den == 0) /* invalid (a big coefficient goes through gfd_poly_add_term) */
    return gfd_err_set(e, GFD_EOVERFLOW, "exact arithmetic overflowed (a rational is out of range)");
  if (c.num == 0) return GFD_OK;
  int found;
  size_t i = mono_find(P, np, nH, ne, ny, &found);
  if (!found) {
    int rc = mono_insert(P, i, np, nH, ne, ny, e);
    if (!rc) P->m[i].c = c;
    return rc;
  }
  gfd_rat r;
  if (!big_at(P, i) && gfd_rat_add(P->m[i].c, c, &r) == GFD_OK) { /* the 128-bit fast path */
    if (r.num == 0) mono_remove(P, i);
    else P->m[i].c = r;
    return GFD_OK;
  }
  mpq_t q;
  mpq_init(q);
  rat_get_mpq(q, c);
  int rc = dg_poly_add_mpq(P, np, nH, ne, ny, q, e);
  mpq_clear(q);
  return rc;
}

int gfd_poly_add_poly(gfd_poly *P, const gfd_poly *Q, gfd_rat scale, gfd_err *e) {
  if (scale.den == 0)
    return gfd_err_set(e, GFD_EOVERFLOW, "exact arithmetic overflowed (a rational is out of range)");
  if (P == Q) { /* P += scale P: work on a copy */
    gfd_poly C;
    gfd_poly_init(&C);
    int rc = gfd_poly_copy(&C, Q, e);
    if (!rc) rc = gfd_poly_add_poly(P, &C, scale, e);
    gfd_poly_free(&C);
    return rc;
  }
  int rc = GFD_OK;
  mpq_t q, sc;
  mpq_init(q);
  mpq_init(sc);
  rat_get_mpq(sc, scale);
  for (size_t i = 0; i < Q->n && !rc; i++) {
    gfd_rat c;
    const gfd_mono *m = &Q->m[i];
    if (!big_at(Q, i) && gfd_rat_mul(m->c, scale, &c) == GFD_OK) {
      rc = gfd_poly_add(P, m->np, m->nH, m->ne, m->ny, c, e);
    } else {
      mono_get_mpq(q, Q, i);
      mpq_mul(q, q, sc);
      rc = dg_poly_add_mpq(P, m->np, m->nH, m->ne, m->ny, q, e);
    }
  }
  mpq_clear(q);
  mpq_clear(sc);
  return rc;
}

int gfd_poly_equal(const gfd_poly *P, const gfd_poly *Q) {
  if (P->n != Q->n) return 0;
  for (size_t i = 0; i < P->n; i++) {
    const gfd_mono *a = &P->m[i], *b = &Q->m[i];
    const gfd_bigq *x = big_at(P, i), *y = big_at(Q, i);
    if (a->np != b->np || a->nH != b->nH || a->ne != b->ne || a->ny != b->ny) return 0;
    if (!x != !y) return 0; /* canonical: one value, one form */
    if (x ? !mpq_equal(x->q, y->q) : a->c.num != b->c.num || a->c.den != b->c.den) return 0;
  }
  return 1;
}

int gfd_poly_coef_big(const gfd_poly *P, size_t i) { return i < P->n && big_at(P, i) != NULL; }

int gfd_poly_coef_rat(const gfd_poly *P, size_t i, gfd_rat *out) {
  if (i >= P->n || big_at(P, i)) return GFD_EOVERFLOW;
  *out = P->m[i].c;
  return GFD_OK;
}

int gfd_poly_add_term(gfd_poly *P, const gfd_poly *Q, size_t i, gfd_err *e) {
  if (i >= Q->n) return gfd_err_set(e, GFD_EINVAL, "no term %zu in a polynomial of %zu terms", i, Q->n);
  const gfd_mono *m = &Q->m[i];
  if (!big_at(Q, i)) return gfd_poly_add(P, m->np, m->nH, m->ne, m->ny, m->c, e);
  if (P == Q) { /* the term doubles: P's arrays may move while it is read */
    mpq_t q;
    mpq_init(q);
    mpq_set(q, Q->big[i]->q);
    int rc = dg_poly_add_mpq(P, m->np, m->nH, m->ne, m->ny, q, e);
    mpq_clear(q);
    return rc;
  }
  return dg_poly_add_mpq(P, m->np, m->nH, m->ne, m->ny, Q->big[i]->q, e);
}

long double gfd_poly_coef_ldouble(const gfd_poly *P, size_t i) {
  if (i >= P->n) return 0.0L / 0.0L;
  return big_at(P, i) ? dg_mpq_get_ld(P->big[i]->q) : gfd_rat_to_ldouble(P->m[i].c);
}

size_t gfd_poly_coef_format(const gfd_poly *P, size_t i, char *buf, size_t n) {
  if (i >= P->n) return (size_t)snprintf(buf, n, "nan");
  if (!big_at(P, i)) {
    char t[100];
    gfd_rat_format(P->m[i].c, t, sizeof t);
    return (size_t)snprintf(buf, n, "%s", t);
  }
  char *s = mpq_get_str(NULL, 10, P->big[i]->q);
  size_t len = s ? strlen(s) : 0;
  if (n) snprintf(buf, n, "%s", s ? s : "");
  if (s) {
    void (*gmp_free)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &gmp_free);
    gmp_free(s, len + 1);
  }
  return len;
}

static long double powl_int(long double x, int k) {
  long double r = 1.0L;
  while (k > 0) {
    if (k & 1) r *= x;
    x *= x;
    k >>= 1;
  }
  return r;
}

long double gfd_poly_evall(const gfd_poly *P, long double p, long double H, long double s,
                           long double kappa) {
  long double sum = 0.0L;
  for (size_t i = 0; i < P->n; i++) {
    const gfd_mono *m = &P->m[i];
    long double c = gfd_poly_coef_ldouble(P, i);
    sum += c * powl_int(p, m->np) * powl_int(H, m->nH) * powl_int(s, m->ne) *
           powl_int(kappa, m->ny);
  }
  return sum;
}

double gfd_poly_eval(const gfd_poly *P, double p, double H, double s, double kappa) {
  return (double)gfd_poly_evall(P, p, H, s, kappa);
}

/* Append to buf at *pos, never past n-1; remembers truncation. */
static void put(char *buf, size_t n, size_t *pos, const char *str) {
  size_t L = strlen(str);
  if (*pos + L + 1 > n) {
    /* mark truncation with "..." when there is room */
    if (n >= 4 && *pos < n) {
      size_t at = *pos + 3 < n ? *pos : n - 4;
      memcpy(buf + at, "...", 3);
      buf[at + 3] = '\0';
      *pos = n;
    }
    return;
  }
  memcpy(buf + *pos, str, L + 1);
  *pos += L;
}

static void put_var(char *buf, size_t n, size_t *pos, const char *name, int k, int *first) {
  char t[32];
  if (k == 0) return;
  if (k == 1) snprintf(t, sizeof t, "%s%s", *first ? "" : " ", name);
  else snprintf(t, sizeof t, "%s%s^%d", *first ? "" : " ", name, k);
  put(buf, n, pos, t);
  *first = 0;
}

char *gfd_poly_format(const gfd_poly *P, char *buf, size_t n) {
  size_t pos = 0;
  if (!n) return buf;
  buf[0] = '\0';
  if (P->n == 0) {
    put(buf, n, &pos, "0");
    return buf;
  }
  /* highest powers of s first */
  for (size_t k = P->n; k-- > 0 && pos < n;) {
    const gfd_mono *m = &P->m[k];
    char small[100], *t = small;
    size_t len = gfd_poly_coef_format(P, k, small, sizeof small);
    if (len >= sizeof small) { /* a big coefficient */
      if (!(t = malloc(len + 1))) {
        put(buf, n, &pos, " ...");
        return buf;
      }
      gfd_poly_coef_format(P, k, t, len + 1);
    }
    int neg = t[0] == '-';
    put(buf, n, &pos, k == P->n - 1 ? (neg ? "-" : "") : (neg ? " - " : " + "));
    int first = 1;
    int constant = !(m->np || m->nH || m->ne || m->ny);
    if (strcmp(t + neg, "1") != 0 || constant) {
      put(buf, n, &pos, t + neg);
      first = 0;
    }
    if (t != small) free(t);
    put_var(buf, n, &pos, "s", m->ne, &first);
    put_var(buf, n, &pos, "p", m->np, &first);
    put_var(buf, n, &pos, "H", m->nH, &first);
    put_var(buf, n, &pos, "kappa", m->ny, &first);
  }
  return buf;
}

size_t gfd_poly_format_size(const gfd_poly *P) {
  size_t total = 2; /* "0" */
  for (size_t k = 0; k < P->n; k++) /* sign, coefficient, 4 variables with exponents */
    total += 4 + gfd_poly_coef_format(P, k, NULL, 0) + 4 * 16;
  return total;
}

int gfd_poly_at_sizes(const gfd_poly *P, size_t p, size_t H, gfd_poly *out, gfd_err *e) {
  gfd_poly_clear(out);
  mpq_t q;
  mpz_t f;
  mpq_init(q);
  mpz_init(f);
  int rc = GFD_OK;
  for (size_t i = 0; i < P->n && !rc; i++) {
    mono_get_mpq(q, P, i);
    mpz_ui_pow_ui(f, (unsigned long)p, (unsigned long)P->m[i].np);
    mpz_mul(mpq_numref(q), mpq_numref(q), f);
    mpz_ui_pow_ui(f, (unsigned long)H, (unsigned long)P->m[i].nH);
    mpz_mul(mpq_numref(q), mpq_numref(q), f);
    mpq_canonicalize(q);
    rc = dg_poly_add_mpq(out, 0, 0, P->m[i].ne, P->m[i].ny, q, e);
  }
  mpq_clear(q);
  mpz_clear(f);
  return rc;
}

/* q = r^k for a canonical r (num^k / den^k stays canonical). */
static void rat_pow(mpq_t q, gfd_rat r, int k) {
  rat_get_mpq(q, r);
  mpz_pow_ui(mpq_numref(q), mpq_numref(q), (unsigned long)k);
  mpz_pow_ui(mpq_denref(q), mpq_denref(q), (unsigned long)k);
}

size_t gfd_poly_eval_rat(const gfd_poly *P, gfd_rat p, gfd_rat H, gfd_rat s, gfd_rat kappa, char *buf,
                         size_t n, long double *approx) {
  if (p.den == 0 || H.den == 0 || s.den == 0 || kappa.den == 0) {
    if (approx) *approx = NAN;
    return (size_t)snprintf(buf, n, "nan");
  }
  mpq_t acc, t, f;
  mpq_init(acc);
  mpq_init(t);
  mpq_init(f);
  const gfd_rat x[4] = {p, H, s, kappa};
  for (size_t i = 0; i < P->n; i++) {
    const int k[4] = {P->m[i].np, P->m[i].nH, P->m[i].ne, P->m[i].ny};
    mono_get_mpq(t, P, i);
    for (int j = 0; j < 4; j++) {
      if (!k[j]) continue;
      rat_pow(f, x[j], k[j]);
      mpq_mul(t, t, f);
    }
    mpq_add(acc, acc, t);
  }
  if (approx) *approx = dg_mpq_get_ld(acc);
  char *str = mpq_get_str(NULL, 10, acc);
  size_t len = str ? strlen(str) : 0;
  if (n) snprintf(buf, n, "%s", str ? str : "nan");
  free(str);
  mpq_clear(acc);
  mpq_clear(t);
  mpq_clear(f);
  return len;
}
