/* args.c - typed, strict access to a command's key=value arguments.
 *
 * Every accessor reports a bad value itself (one line naming the key and the
 * value) so that commands only check the return code. Numbers are parsed in
 * the C locale (main.c keeps LC_NUMERIC at "C"). */
#include <config.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "shell.h"

int args_npos(const args *a) {
  int n = 0;
  for (int i = 0; i < a->n; i++)
    if (!a->a[i].key) n++;
  return n;
}

const char *args_pos(const args *a, int i) {
  for (int k = 0; k < a->n; k++)
    if (!a->a[k].key && i-- == 0) return a->a[k].val;
  return NULL;
}

static const arg *find(const args *a, const char *key) {
  for (int i = 0; i < a->n; i++)
    if (a->a[i].key && strcmp(a->a[i].key, key) == 0) return &a->a[i];
  return NULL;
}

int args_has(const args *a, const char *key) { return find(a, key) != NULL; }

const char *args_str(const args *a, const char *key) {
  const arg *x = find(a, key);
  return x ? x->val : NULL;
}

int args_off(const args *a, const char *key) {
  const arg *x = find(a, key);
  return x ? x->off : -1;
}

/* ------------------------------------------------------------ parsing */
int sh_parse_double(const char *str, double *out) {
  if (!str || !*str || isspace((unsigned char)*str)) return -1;
  /* strtod also accepts "nan", "inf", "infinity": refuse any letters other
   * than an exponent or a hex prefix. */
  for (const char *c = str; *c; c++)
    if (isalpha((unsigned char)*c) && !strchr("eExXpPabcdefABCDEF", *c)) return -1;
  errno = 0;
  char *end;
  double v = strtod(str, &end);
  if (end == str || *end) return -1;
  if (errno == ERANGE || !isfinite(v)) return -2; /* overflow and underflow */
  *out = v;
  return 0;
}

int sh_parse_size(const char *str, size_t *out) {
  if (!str || !*str) return -1;
  int digits = 1;
  for (const char *c = str; *c; c++)
    if (!isdigit((unsigned char)*c)) digits = 0;
  if (digits) {
    errno = 0;
    char *end;
    unsigned long long v = strtoull(str, &end, 10);
    if (errno == ERANGE || *end || v > SIZE_MAX) return -1;
    *out = (size_t)v;
    return 0;
  }
  /* "1e3", "2000.0": accepted when exactly a non-negative integer */
  if (*str == '-' || *str == '+') return -1;
  double d;
  if (sh_parse_double(str, &d) < 0) return -1;
  if (d < 0 || d != floor(d) || d > 9007199254740992.0 /* 2^53: exact in a double */)
    return -1;
  *out = (size_t)d;
  return 0;
}

/* ----------------------------------------------------------- accessors */
static int missing(session *s, const args *a, const char *key) {
  const char *name = a->cmd ? a->cmd->name : "command";
  return sh_error(s, -1, "%s: missing %s=", name, key);
}

int args_double(session *s, const args *a, const char *key, double dflt, int required,
                double *out) {
  const arg *x = find(a, key);
  if (!x) {
    if (required) return missing(s, a, key);
    *out = dflt;
    return 0;
  }
  if (!*x->val) return sh_error(s, x->off, "%s= needs a value", key);
  double v;
  int r = sh_parse_double(x->val, &v);
  if (r == -2)
    return sh_error(s, x->off, "%s=%s is beyond the range of double precision", key, x->val);
  if (r < 0) return sh_error(s, x->off, "%s=%s is not a finite number", key, x->val);
  *out = v;
  return 0;
}

int args_double_range(session *s, const args *a, const char *key, double dflt, int required,
                      double lo, double hi, double *out) {
  double v;
  if (args_double(s, a, key, dflt, required, &v) < 0) return -1;
  if (args_has(a, key) && (v < lo || v > hi)) {
    int off = args_off(a, key);
    if (isinf(hi) && hi > 0)
      return sh_error(s, off, "%s=%s is out of range (must be >= %g)", key, args_str(a, key), lo);
    if (isinf(lo) && lo < 0)
      return sh_error(s, off, "%s=%s is out of range (must be <= %g)", key, args_str(a, key), hi);
    return sh_error(s, off, "%s=%s is out of range (%g to %g)", key, args_str(a, key), lo, hi);
  }
  *out = v;
  return 0;
}

int args_size(session *s, const args *a, const char *key, size_t dflt, int required, size_t lo,
              size_t hi, size_t *out) {
  const arg *x = find(a, key);
  if (!x) {
    if (required) return missing(s, a, key);
    *out = dflt;
    return 0;
  }
  if (!*x->val) return sh_error(s, x->off, "%s= needs a value", key);
  size_t v;
  if (sh_parse_size(x->val, &v) < 0)
    return sh_error(s, x->off, "%s=%s is not a non-negative integer", key, x->val);
  if (v < lo || v > hi) {
    if (hi == SIZE_MAX)
      return sh_error(s, x->off, "%s=%s is out of range (must be >= %zu)", key, x->val, lo);
    return sh_error(s, x->off, "%s=%s is out of range (%zu to %zu)", key, x->val, lo, hi);
  }
  *out = v;
  return 0;
}

int args_ulong(session *s, const args *a, const char *key, unsigned long dflt, int required,
               unsigned long *out) {
  size_t v;
  if (args_size(s, a, key, dflt, required, 0, ULONG_MAX < SIZE_MAX ? ULONG_MAX : SIZE_MAX, &v) < 0)
    return -1;
  *out = (unsigned long)v;
  return 0;
}

int args_choice(session *s, const args *a, const char *key, int dflt, int required,
                const char *const *choices, int *out) {
  const arg *x = find(a, key);
  if (!x) {
    if (required) return missing(s, a, key);
    *out = dflt;
    return 0;
  }
  int found = -1, nfound = 0;
  size_t len = strlen(x->val);
  for (int i = 0; choices[i]; i++) {
    if (strcasecmp(choices[i], x->val) == 0) {
      *out = i;
      return 0;
    }
    if (len && strncasecmp(choices[i], x->val, len) == 0) {
      found = i;
      nfound++;
    }
  }
  if (nfound == 1) {
    *out = found;
    return 0;
  }
  char list[256] = "";
  size_t used = 0;
  for (int i = 0; choices[i] && used < sizeof list; i++)
    used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", choices[i]);
  if (!*x->val) return sh_error(s, x->off, "%s= needs a value: one of %s", key, list);
  return sh_error(s, x->off, "%s=%s: %s; one of %s", key, x->val,
                  nfound > 1 ? "ambiguous" : "unknown value", list);
}

/* ------------------------------------------------------------ rationals */
static long long gcdll(long long a, long long b) {
  if (a < 0) a = -a;
  if (b < 0) b = -b;
  while (b) {
    long long t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/* Parse "3", "-7/6", "0.25", "1e-3", "2.5e2" exactly with libgfd's one
 * rational reader, into longs.  0 ok, -1 bad, -2 overflow. */
static int parse_rational(const char *str, long *num, long *den) {
  gfd_rat r;
  int rc = gfd_scaling_parse_rat(str, &r);
  if (rc == GFD_EOVERFLOW) return -2;
  if (rc != GFD_OK) return -1;
  if (r.num > LONG_MAX || r.num < -(gfd_i128)LONG_MAX || r.den > LONG_MAX) return -2;
  *num = (long)r.num;
  *den = (long)r.den;
  return 0;
}

int args_rational(session *s, const args *a, const char *key, long dflt_num, long dflt_den,
                  int required, long *num, long *den) {
  const arg *x = find(a, key);
  if (!x) {
    if (required) return missing(s, a, key);
    long long g = gcdll(dflt_num, dflt_den);
    if (g == 0) g = 1;
    *num = (long)(dflt_num / g);
    *den = (long)(dflt_den / g);
    if (*den < 0) {
      *num = -*num;
      *den = -*den;
    }
    return 0;
  }
  if (!*x->val) return sh_error(s, x->off, "%s= needs a value", key);
  int r = parse_rational(x->val, num, den);
  if (r == -2) return sh_error(s, x->off, "%s=%s is too large for an exact rational", key, x->val);
  if (r < 0)
    return sh_error(s, x->off, "%s=%s is not a rational number (like 3, -7/6 or 0.25)", key,
                    x->val);
  return 0;
}
