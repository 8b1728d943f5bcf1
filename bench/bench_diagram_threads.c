/* bench_diagram_threads.c - the Wick recursion on 1 and 2 threads (issue 15
 * goal: SYM nu=4 n=6 exact in < 60 s wall and < 2 GiB, the same polynomial
 * byte for byte).  Each case runs in its own process from an empty cache, so
 * its peak RSS is its own; it prints wall and CPU seconds (user + system of
 * all threads), the peak RSS, the memo graphs, a 64-bit FNV hash of the
 * printed polynomial (equal hashes across thread counts: the same text) and
 * the load average before and after (the machine may be shared: a wall time
 * means little without it).  On several threads it also prints "idle wall":
 * the CPU time with the threaded parts counted at their busiest thread only,
 * which is the wall time on a machine with a free core per thread.  (On a
 * shared Linux machine with autogroup scheduling each session gets an equal
 * share of the cores whatever its threads, so the wall time there need not
 * drop with 2 threads; the busiest thread's CPU time shows the gain.)
 *
 *   bench_diagram_threads                      the standard cases
 *   bench_diagram_threads sym|asym NU N T [value|classes]   one case, T threads
 *                      (value: numeric mode at p=100 H=50; classes: the class
 *                      listing of orders 0..N, hashed over ids, multiplicities
 *                      and edges) */
#include <config.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "gfd/gfd.h"
#include "bench_rusage.h"

static void loadavg(char *buf, size_t n) {
  FILE *f = fopen("/proc/loadavg", "r");
  double a = 0;
  if (!f || fscanf(f, "%lf", &a) != 1) a = -1;
  if (f) fclose(f);
  snprintf(buf, n, "%.2f", a);
}

static uint64_t poly_hash(const gfd_poly *P) {
  size_t n = gfd_poly_format_size(P);
  char *s = malloc(n);
  if (!s) return 0;
  gfd_poly_format(P, s, n);
  uint64_t h = 0xcbf29ce484222325ull;
  for (const char *c = s; *c; c++) h = (h ^ (unsigned char)*c) * 0x100000001b3ull;
  free(s);
  return h;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n) {
  const unsigned char *c = p;
  for (size_t i = 0; i < n; i++) h = (h ^ c[i]) * 0x100000001b3ull;
  return h;
}

/* The class listing of orders 0..N (mode 2). */
static int run_classes(gfd_diagrams *d, int N, const gfd_ctl *ctl, uint64_t *hash, size_t *count, gfd_err *e) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (int n = 0; n <= N; n++) {
    const gfd_diagram_class *cls;
    if (gfd_diagrams_classes(d, n, ctl, &cls, count, e)) {
      printf("  n=%d: %s\n", n, e->msg);
      return 1;
    }
    for (size_t i = 0; i < *count; i++) {
      char m[64];
      gfd_rat_format(cls[i].mult, m, sizeof m);
      h = fnv(h, m, strlen(m));
      h = fnv(h, cls[i].eh, (size_t)cls[i].ne);
      h = fnv(h, cls[i].ea, (size_t)cls[i].ne);
      h = fnv(h, cls[i].ec, (size_t)cls[i].ne);
    }
  }
  *hash = h;
  return 0;
}

static int run_case(gfd_kind kind, int nu, int N, int threads, int value) {
  gfd_err e;
  char l0[16], l1[16];
  loadavg(l0, sizeof l0);
  gfd_diagrams *d = gfd_diagrams_new(kind, nu, GFD_TGT_IDENTITY, &e);
  if (!d) {
    printf("  setup failed: %s\n", e.msg);
    return 1;
  }
  gfd_ctl ctl = {0};
  ctl.threads = threads;
  ctl.budget = (size_t)4 << 30; /* measure, do not refuse */
  double t0 = gfd_now(), c0 = cpu_seconds();
  const gfd_poly *P = NULL;
  if (value == 2) {
    uint64_t h;
    size_t count;
    if (run_classes(d, N, &ctl, &h, &count, &e)) {
      gfd_diagrams_free(d);
      return 1;
    }
    double wall = gfd_now() - t0, cpu = cpu_seconds() - c0, idle = cpu;
    gfd_diagram_census c;
    for (int n = 0; n <= N; n++) {
      gfd_diagrams_census(d, n, &c);
      idle -= c.class_cpu_threads - c.class_cpu_busiest;
    }
    loadavg(l1, sizeof l1);
    printf("  %s nu=%d n=%d classes    threads=%d  %7.2f s wall %7.2f s cpu %7.2f s idle wall %7.1f MiB peak RSS "
           "%9zu states %zu classes  hash %016llx  load %s -> %s\n",
           kind == GFD_SYM ? "sym" : "asym", nu, N, threads, wall, cpu, idle, peak_mib(), c.states, count,
           (unsigned long long)h, l0, l1);
    gfd_diagrams_free(d);
    return 0;
  }
  for (int n = 0; n <= N; n++) {
    int rc = value ? gfd_diagrams_value(d, GFD_FAMILY_FULL, n, 100, 50, &ctl, &P, &e)
                   : gfd_diagrams_poly(d, GFD_FAMILY_FULL, n, &ctl, &P, &e);
    if (rc) {
      printf("  n=%d: %s\n", n, e.msg);
      gfd_diagrams_free(d);
      return 1;
    }
  }
  double wall = gfd_now() - t0, cpu = cpu_seconds() - c0, idle = cpu;
  for (int n = 0; n <= N && !value; n++) { /* (the numeric mode does not count its threads) */
    gfd_diagram_census c;
    gfd_diagrams_census(d, n, &c);
    idle -= c.poly_cpu_threads - c.poly_cpu_busiest;
  }
  loadavg(l1, sizeof l1);
  char idle_s[32] = "      -";
  if (!value) snprintf(idle_s, sizeof idle_s, "%7.2f", idle);
  printf("  %s nu=%d n=%d %-10s threads=%d  %7.2f s wall %7.2f s cpu %s s idle wall %7.1f MiB peak RSS %9zu memo  "
         "hash %016llx  load %s -> %s\n",
         kind == GFD_SYM ? "sym" : "asym", nu, N, value ? "numeric" : "polynomial", threads, wall, cpu, idle_s,
         peak_mib(), value ? gfd_diagrams_value_entries(d) : gfd_diagrams_memo_entries(d),
         (unsigned long long)poly_hash(P), l0, l1);
  fflush(stdout);
  gfd_diagrams_free(d);
  return 0;
}

static void fork_case(gfd_kind kind, int nu, int N, int threads, int value) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    int rc = run_case(kind, nu, N, threads, value);
    fflush(stdout);
    _exit(rc);
  }
  int status;
  if (pid < 0 || waitpid(pid, &status, 0) < 0) printf("  (could not run the case)\n");
}

int main(int argc, char **argv) {
  gfd_library_init();
  if (argc >= 5) {
    gfd_kind kind = strcmp(argv[1], "asym") == 0 ? GFD_ASYM : GFD_SYM;
    int mode = argc > 5 ? (!strcmp(argv[5], "value") ? 1 : !strcmp(argv[5], "classes") ? 2 : 0) : 0;
    return run_case(kind, atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), mode);
  }
  printf("bench_diagram_threads: the Wick recursion on 1 and 2 threads (from an empty cache)\n");
  for (int t = 1; t <= 2; t++) fork_case(GFD_SYM, 4, 5, t, 0);
  for (int t = 1; t <= 2; t++) fork_case(GFD_ASYM, 4, 5, t, 0);
  for (int t = 1; t <= 2; t++) fork_case(GFD_SYM, 4, 5, t, 1);
  for (int t = 1; t <= 2; t++) fork_case(GFD_SYM, 4, 3, t, 2);
  for (int t = 1; t <= 2; t++) fork_case(GFD_ASYM, 3, 4, t, 2);
  for (int t = 1; t <= 2; t++) fork_case(GFD_SYM, 4, 6, t, 0);
  printf("goal: sym nu=4 n=6 polynomial in < 60 s wall and < 2048 MiB, the same hash on 1 and 2 threads\n"
         "(wall times need an idle machine: see the load; CPU is the sum over the threads)\n");
  return 0;
}
