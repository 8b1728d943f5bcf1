/* poly.c - exact rationals (__int128, overflow-checked) and sparse polynomials
 * in p, H, s = sigma^2 and kappa (gfd-theory(7) section 3). */
#include <config.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

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

long double gfd_rat_to_ldouble(gfd_rat a) {
  if (a.den == 0) return 0.0L / 0.0L;
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
  if (a.den == 0) {
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

void gfd_poly_init(gfd_poly *P) {
  P->n = P->cap = 0;
  P->m = NULL;
}

void gfd_poly_free(gfd_poly *P) {
  if (!P) return;
  free(P->m);
  gfd_poly_init(P);
}

void gfd_poly_clear(gfd_poly *P) { P->n = 0; }

static int poly_reserve(gfd_poly *P, size_t want, gfd_err *e) {
  if (want <= P->cap) return GFD_OK;
  size_t cap = P->cap ? P->cap : 8;
  while (cap < want) cap *= 2;
  gfd_mono *m = realloc(P->m, cap * sizeof *m);
  if (!m) return gfd_err_set(e, GFD_ENOMEM, "out of memory for a polynomial of %zu terms", want);
  P->m = m;
  P->cap = cap;
  return GFD_OK;
}

int gfd_poly_copy(gfd_poly *dst, const gfd_poly *src, gfd_err *e) {
  int rc = poly_reserve(dst, src->n, e);
  if (rc) return rc;
  if (src->n) memcpy(dst->m, src->m, src->n * sizeof *src->m);
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

int gfd_poly_add(gfd_poly *P, int np, int nH, int ne, int ny, gfd_rat c, gfd_err *e) {
  if (c.den == 0)
    return gfd_err_set(e, GFD_EOVERFLOW, "exact arithmetic overflowed (a rational is out of range)");
  if (c.num == 0) return GFD_OK;
  size_t lo = 0, hi = P->n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (mono_cmp(np, nH, ne, ny, &P->m[mid]) > 0) lo = mid + 1;
    else hi = mid;
  }
  if (lo < P->n && mono_cmp(np, nH, ne, ny, &P->m[lo]) == 0) {
    gfd_rat r;
    if (gfd_rat_add(P->m[lo].c, c, &r))
      return gfd_err_set(e, GFD_EOVERFLOW,
                         "exact arithmetic overflowed (coefficient of p^%d H^%d s^%d kappa^%d "
                         "exceeds 128 bits)", np, nH, ne, ny);
    if (r.num == 0) {
      memmove(P->m + lo, P->m + lo + 1, (P->n - lo - 1) * sizeof *P->m);
      P->n--;
    } else {
      P->m[lo].c = r;
    }
    return GFD_OK;
  }
  int rc = poly_reserve(P, P->n + 1, e);
  if (rc) return rc;
  memmove(P->m + lo + 1, P->m + lo, (P->n - lo) * sizeof *P->m);
  P->m[lo].np = np;
  P->m[lo].nH = nH;
  P->m[lo].ne = ne;
  P->m[lo].ny = ny;
  P->m[lo].c = c;
  P->n++;
  return GFD_OK;
}

int gfd_poly_add_poly(gfd_poly *P, const gfd_poly *Q, gfd_rat scale, gfd_err *e) {
  if (P == Q) { /* P += scale P: work on a copy */
    gfd_poly C;
    gfd_poly_init(&C);
    int rc = gfd_poly_copy(&C, Q, e);
    if (!rc) rc = gfd_poly_add_poly(P, &C, scale, e);
    gfd_poly_free(&C);
    return rc;
  }
  for (size_t i = 0; i < Q->n; i++) {
    gfd_rat c;
    const gfd_mono *q = &Q->m[i];
    if (gfd_rat_mul(q->c, scale, &c))
      return gfd_err_set(e, GFD_EOVERFLOW,
                         "exact arithmetic overflowed (coefficient of p^%d H^%d s^%d kappa^%d "
                         "exceeds 128 bits)", q->np, q->nH, q->ne, q->ny);
    int rc = gfd_poly_add(P, q->np, q->nH, q->ne, q->ny, c, e);
    if (rc) return rc;
  }
  return GFD_OK;
}

int gfd_poly_equal(const gfd_poly *P, const gfd_poly *Q) {
  if (P->n != Q->n) return 0;
  for (size_t i = 0; i < P->n; i++) {
    const gfd_mono *a = &P->m[i], *b = &Q->m[i];
    if (a->np != b->np || a->nH != b->nH || a->ne != b->ne || a->ny != b->ny ||
        a->c.num != b->c.num || a->c.den != b->c.den)
      return 0;
  }
  return 1;
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
    long double c = gfd_rat_to_ldouble(m->c);
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
    gfd_rat c = m->c;
    int neg = c.num < 0;
    if (neg) c.num = -c.num;
    put(buf, n, &pos, k == P->n - 1 ? (neg ? "-" : "") : (neg ? " - " : " + "));
    int first = 1;
    int constant = !(m->np || m->nH || m->ne || m->ny);
    if (!(c.num == 1 && c.den == 1) || constant) {
      char t[100];
      gfd_rat_format(c, t, sizeof t);
      put(buf, n, &pos, t);
      first = 0;
    }
    put_var(buf, n, &pos, "s", m->ne, &first);
    put_var(buf, n, &pos, "p", m->np, &first);
    put_var(buf, n, &pos, "H", m->nH, &first);
    put_var(buf, n, &pos, "kappa", m->ny, &first);
  }
  return buf;
}
