/* common.c - status codes, error messages and run control. */
#include <config.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gsl/gsl_errno.h>
#include "internal.h"

int gfd_err_set(gfd_err *e, int code, const char *fmt, ...) {
  if (e) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    e->code = code;
  }
  return code;
}

void gfd_err_clear(gfd_err *e) {
  if (e) {
    e->code = GFD_OK;
    e->msg[0] = '\0';
  }
}

const char *gfd_strerror(int code) {
  switch (code) {
  case GFD_OK: return "success";
  case GFD_EINVAL: return "invalid argument";
  case GFD_ENOMEM: return "out of memory";
  case GFD_EBUDGET: return "over the memory budget";
  case GFD_EINTR: return "interrupted";
  case GFD_ENUMERIC: return "numerical failure";
  case GFD_EOVERFLOW: return "exact arithmetic overflow";
  case GFD_EUNSUP: return "not supported";
  case GFD_EIO: return "input/output error";
  case GFD_ETIME: return "time limit reached";
  default: return "unknown error";
  }
}

double gfd_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int gfd_ctl_poll(const gfd_ctl *ctl, gfd_err *e) {
  if (!ctl) return GFD_OK;
  if (ctl->interrupt && *ctl->interrupt)
    return gfd_err_set(e, GFD_EINTR, "interrupted");
  if (ctl->deadline > 0 && gfd_now() > ctl->deadline)
    return gfd_err_set(e, GFD_ETIME, "time limit reached");
  return GFD_OK;
}

size_t gfd_ctl_budget_bytes(const gfd_ctl *ctl) {
  return (ctl && ctl->budget) ? ctl->budget : gfd_budget_default_bytes();
}

const char *gfd_format_bytes(size_t bytes, char *buf, size_t n) {
  static const char *unit[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double v = (double)bytes;
  int u = 0;
  while (v >= 1024.0 && u < 6) {
    v /= 1024.0;
    u++;
  }
  if (u == 0) snprintf(buf, n, "%zu B", bytes);
  else snprintf(buf, n, "%.1f %s", v, unit[u]);
  return buf;
}

int gfd_ctl_budget(const gfd_ctl *ctl, size_t bytes, const char *what, gfd_err *e) {
  size_t b = gfd_ctl_budget_bytes(ctl);
  if (bytes <= b) return GFD_OK;
  char need[32], have[32];
  return gfd_err_set(e, GFD_EBUDGET, "%s would need %s, over the memory budget of %s (set budget)",
                     what, gfd_format_bytes(bytes, need, sizeof need),
                     gfd_format_bytes(b, have, sizeof have));
}

void gfd_ctl_progress(const gfd_ctl *ctl, const char *what, double done, double total) {
  if (ctl && ctl->progress) ctl->progress(ctl->progress_ud, what, done, total);
}

int gfd_size_mul(size_t a, size_t b, size_t *out) {
  if (a != 0 && b > SIZE_MAX / a) return 0;
  *out = a * b;
  return 1;
}

int gfd_size_add(size_t a, size_t b, size_t *out) {
  if (b > SIZE_MAX - a) return 0;
  *out = a + b;
  return 1;
}

void *gfd_xcalloc(size_t n, size_t size) {
  size_t t;
  if (!gfd_size_mul(n, size, &t)) return NULL;
  return calloc(n ? n : 1, size ? size : 1);
}

void *gfd_xmalloc(size_t n, size_t size) {
  size_t t;
  if (!gfd_size_mul(n, size, &t)) return NULL;
  return malloc(t ? t : 1);
}

void gfd_library_init(void) { gsl_set_error_handler_off(); }
