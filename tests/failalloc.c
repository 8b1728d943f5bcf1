/* failalloc.c - an LD_PRELOAD shim that makes one chosen allocation of gfd
 * fail, for the allocation-failure audit (tests/reliability_alloc.sh).
 *
 * Only allocations asked for by gfd's own code count: the caller's address
 * must lie in the gfd program or in libgfd (dladdr), so that bash (the
 * libtool wrapper), readline, OpenBLAS or libc's internals are never the
 * ones that fail.  malloc, calloc, realloc, strdup and strndup are covered
 * (the string functions allocate inside libc, so they are caught at their
 * own entry).
 *
 *   FAILALLOC_NTH=N     the N-th counted allocation (1-based) returns NULL
 *                       with errno ENOMEM; 0 or unset: none fails
 *   FAILALLOC_TRACE=1   print the call stack of the failing allocation
 *   FAILALLOC_REPORT=F  at exit, write "COUNT FAILED" to F: the number of
 *                       counted allocations and 1 if the N-th was reached */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static unsigned long counted, nth;
static int failed, ready, resolving;

/* dlsym may call calloc before real_calloc is known: serve it from here */
static char boot[4096];
static size_t boot_used;

static void resolve(void) {
  if (ready || resolving) return;
  resolving = 1;
  real_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
  real_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
  real_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
  const char *s = getenv("FAILALLOC_NTH");
  nth = s ? strtoul(s, NULL, 10) : 0;
  resolving = 0;
  ready = 1;
}

static int from_gfd(const void *caller) {
  Dl_info info;
  if (!caller || !dladdr(caller, &info) || !info.dli_fname) return 0;
  const char *f = info.dli_fname, *base = strrchr(f, '/');
  base = base ? base + 1 : f;
  return strstr(base, "libgfd.so") != NULL || strcmp(base, "gfd") == 0 || strcmp(base, "lt-gfd") == 0;
}

/* 1 when this allocation must fail */
static int should_fail(const void *caller) {
  if (!ready || nth == 0 || !from_gfd(caller)) return 0;
  if (++counted != nth) return 0;
  failed = 1;
  if (getenv("FAILALLOC_TRACE")) { /* where it failed, for the audit by hand */
    void *frames[16];
    backtrace_symbols_fd(frames, backtrace(frames, 16), 2);
  }
  errno = ENOMEM;
  return 1;
}

static void count_only(const void *caller) {
  if (ready && nth == 0 && from_gfd(caller)) counted++;
}

static int check(const void *caller) {
  if (nth == 0) {
    count_only(caller);
    return 0;
  }
  return should_fail(caller);
}

void *malloc(size_t n) {
  resolve();
  if (!real_malloc) return NULL;
  if (check(__builtin_return_address(0))) return NULL;
  return real_malloc(n);
}

void *calloc(size_t a, size_t b) {
  resolve();
  if (!real_calloc) { /* inside dlsym: a small static arena */
    size_t n = a * b, off = (boot_used + 15) & ~(size_t)15;
    if (n > sizeof boot - off) return NULL;
    boot_used = off + n;
    return memset(boot + off, 0, n);
  }
  if (check(__builtin_return_address(0))) return NULL;
  return real_calloc(a, b);
}

void *realloc(void *p, size_t n) {
  resolve();
  if (!real_realloc) return NULL;
  if (check(__builtin_return_address(0))) return NULL;
  return real_realloc(p, n);
}

void free(void *p) {
  static void (*real_free)(void *);
  if ((char *)p >= boot && (char *)p < boot + sizeof boot) return;
  if (!real_free) real_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
  if (real_free) real_free(p);
}

char *strdup(const char *s) {
  resolve();
  if (check(__builtin_return_address(0))) return NULL;
  size_t n = strlen(s) + 1;
  char *d = real_malloc(n);
  return d ? memcpy(d, s, n) : NULL;
}

char *strndup(const char *s, size_t max) {
  resolve();
  if (check(__builtin_return_address(0))) return NULL;
  size_t n = strnlen(s, max);
  char *d = real_malloc(n + 1);
  if (!d) return NULL;
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}

__attribute__((destructor)) static void report(void) {
  const char *f = getenv("FAILALLOC_REPORT");
  /* other preloaded processes (the wrapper's shell, timeout) count none */
  if (!f || (counted == 0 && !failed)) return;
  FILE *o = fopen(f, "w");
  if (!o) return;
  fprintf(o, "%lu %d\n", nth ? (failed ? nth : counted) : counted, failed);
  fclose(o);
}
