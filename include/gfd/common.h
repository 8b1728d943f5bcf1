/* gfd/common.h - status codes, error messages, run control (interrupt, budget).
 *
 * Conventions : every fallible function returns an int status,
 * GFD_OK (0) or a negative GFD_E* code, and writes one human sentence into a
 * caller-supplied gfd_err.  The library never prints, never exits and keeps no
 * global mutable state: the interrupt flag, memory budget and progress callback
 * travel in a gfd_ctl passed by the caller. */
#ifndef GFD_COMMON_H
#define GFD_COMMON_H

#include <signal.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
  GFD_OK = 0,
  GFD_EINVAL = -1,    /* bad argument (range, kind, combination) */
  GFD_ENOMEM = -2,    /* an allocation failed */
  GFD_EBUDGET = -3,   /* the estimate exceeds the memory budget; nothing allocated */
  GFD_EINTR = -4,     /* interrupted (Ctrl-C); partial results are valid */
  GFD_ENUMERIC = -5,  /* numerical failure (NaN/inf in the state, GSL error) */
  GFD_EOVERFLOW = -6, /* exact arithmetic overflowed; no wrong number returned */
  GFD_EUNSUP = -7,    /* not available for this model/target/scaling */
  GFD_EIO = -8,       /* file error */
  GFD_ETIME = -9      /* the time limit was reached; partial results are valid */
};

#define GFD_ERRMSG_LEN 512

typedef struct gfd_err {
  int code;
  char msg[GFD_ERRMSG_LEN];
} gfd_err;

/* Record code and message in e (which may be NULL); returns code. */
int gfd_err_set(gfd_err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void gfd_err_clear(gfd_err *e);
const char *gfd_strerror(int code);

/* The budget when nothing about the machine can be found out. */
#define GFD_DEFAULT_BUDGET ((size_t)4 << 30) /* 4 GiB */

/* The default memory budget (budget.c): the smallest of RLIMIT_AS (less the
 * address space in use), the cgroup memory limit (v2 memory.max, v1
 * memory.limit_in_bytes, less the usage) and MemAvailable, less a margin;
 * GFD_DEFAULT_BUDGET when none is known.  Read afresh at each call. */
typedef struct gfd_budget_info {
  size_t bytes;       /* the budget */
  size_t limit;       /* the smallest limit found, before the margin (0 with "fixed default") */
  const char *source; /* "RLIMIT_AS", "cgroup memory.max", "cgroup memory.limit_in_bytes",
                         "MemAvailable" or "fixed default" */
  char detail[160];   /* the figures, in words: "RLIMIT_AS (ulimit -v) 1.9 GiB less ..." */
} gfd_budget_info;
int gfd_budget_default(gfd_budget_info *out);
size_t gfd_budget_default_bytes(void);

/* Run control, passed to every long computation.  All fields may be zero. */
typedef struct gfd_ctl {
  /* nonzero means stop as soon as possible and return GFD_EINTR with the
   * partial results computed so far */
  const volatile sig_atomic_t *interrupt;
  size_t budget;   /* bytes for large allocations; 0 = gfd_budget_default_bytes() */
  double deadline; /* gfd_now() value after which to stop with GFD_ETIME; 0 = none */
  /* progress report (may be NULL): what is being done, done out of total */
  void (*progress)(void *ud, const char *what, double done, double total);
  void *progress_ud;
  /* where independent work units run (gfd/job.h); NULL = serially here */
  const struct gfd_runner *runner;
  /* threads a computation may use where it can share its work (the diagram
   * engine's Wick sums); 0 or 1 = the calling thread only */
  int threads;
} gfd_ctl;

/* GFD_EINTR / GFD_ETIME (with message) if the run should stop, else GFD_OK. */
int gfd_ctl_poll(const gfd_ctl *ctl, gfd_err *e);
/* GFD_EBUDGET with a message naming `what` and both sizes if bytes is over budget. */
int gfd_ctl_budget(const gfd_ctl *ctl, size_t bytes, const char *what, gfd_err *e);
size_t gfd_ctl_budget_bytes(const gfd_ctl *ctl);
/* Report progress through ctl->progress if set. */
void gfd_ctl_progress(const gfd_ctl *ctl, const char *what, double done, double total);
/* Monotonic wall-clock seconds. */
double gfd_now(void);

/* Overflow-checked size arithmetic: return 0 on overflow (and leave *out). */
int gfd_size_mul(size_t a, size_t b, size_t *out);
int gfd_size_add(size_t a, size_t b, size_t *out);

/* Format a byte count as "4.0 GiB". */
const char *gfd_format_bytes(size_t bytes, char *buf, size_t n);

/* Call once at program start: switches GSL's aborting error handler off so
 * that GSL failures come back as status codes. */
void gfd_library_init(void);

#ifdef __cplusplus
}
#endif
#endif
