/* bench_rusage.h - what the benchmarks read from getrusage: CPU time (user +
 * system, which stays meaningful on a loaded machine where wall time does
 * not) and the peak resident set. */
#ifndef GFD_BENCH_RUSAGE_H
#define GFD_BENCH_RUSAGE_H

#include <sys/resource.h>

static inline double cpu_seconds(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_sec +
         1e-6 * (double)ru.ru_stime.tv_usec;
}

static inline double peak_mib(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_maxrss / 1024.0; /* ru_maxrss is in KiB on Linux */
}

#endif
