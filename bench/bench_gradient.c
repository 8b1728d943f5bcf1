/* bench_gradient.c - gradient evaluations per second by the Gram trick and
 * the GFLOP/s they reach, next to what OpenBLAS dgemm reaches on a product of
 * the same shape in the same run (the practical limit).
 *
 * Flops counted: per factor block, the Gram matrix U U^T (dsyrk, H(H+1)p) and
 * the product M U (2 H^2 p); the Hadamard powers and target terms (O(H^2),
 * O(Hp)) are not counted. */
#include <config.h>
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gfd/gfd.h"
#include "bench_rusage.h"

#define MIN_SECONDS 1.5 /* time each measurement at least this long */

static double bench_dgemm(size_t H, size_t p) {
  double *A = malloc(H * H * sizeof *A), *B = malloc(H * p * sizeof *B), *C = malloc(H * p * sizeof *C);
  for (size_t i = 0; i < H * H; i++) A[i] = 1.0 / (double)(1 + i % 7);
  for (size_t i = 0; i < H * p; i++) B[i] = 1.0 / (double)(1 + i % 5);
  int reps = 0;
  double t0 = gfd_now(), t;
  do {
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)H, (int)p, (int)H, 1.0, A, (int)H, B, (int)p, 0.0,
                C, (int)p);
    reps++;
  } while ((t = gfd_now() - t0) < MIN_SECONDS);
  free(A);
  free(B);
  free(C);
  return 2.0 * (double)H * (double)H * (double)p * reps / t / 1e9;
}

static int bench_case(gfd_kind kind, int nu, size_t p, size_t H) {
  gfd_spec s;
  gfd_spec_default(&s);
  s.kind = kind;
  s.nu = nu;
  s.p = p;
  s.H = H;
  s.sigma = 1.0 / sqrt((double)p); /* O(1) Gram entries: no overflow in G^nu */
  gfd_err e;
  gfd_model *m = gfd_model_new(&s, NULL, &e);
  if (!m) {
    fprintf(stderr, "bench: %s\n", e.msg);
    return 1;
  }
  gfd_work *w = gfd_work_new(m, NULL, &e);
  size_t d = gfd_model_dim(m);
  double *th = malloc(d * sizeof *th), *g = malloc(d * sizeof *g), L;
  gfd_model_init_params(m, 1, th, &e);
  gfd_model_eval(m, th, w, &L, NULL, g); /* warm up */
  int reps = 0;
  double t0 = gfd_now(), t;
  do {
    if (gfd_model_eval(m, th, w, &L, NULL, g)) {
      fprintf(stderr, "bench: evaluation failed\n");
      return 1;
    }
    reps++;
  } while ((t = gfd_now() - t0) < MIN_SECONDS);
  double nb = kind == GFD_ASYM ? nu : 1;
  double flops = nb * ((double)H * (double)(H + 1) * (double)p + 2.0 * (double)H * H * p);
  double gf = flops * reps / t / 1e9, ref = bench_dgemm(H, p);
  printf("%-4s nu=%d p=%-5zu H=%-5zu  %8.2f grad/s  %7.2f GFLOP/s  dgemm %7.2f GFLOP/s  ratio %5.1f%%\n",
         gfd_kind_name(kind), nu, p, H, reps / t, gf, ref, 100 * gf / ref);
  free(th);
  free(g);
  gfd_work_free(w);
  gfd_model_free(m);
  return 0;
}

/* Wall time of one gradient on 1 thread and on all of them, around the size
 * where `set threads auto` switches (H^2 p = 2e7, see src/gfd/shell/settings.c).  On a
 * busy machine the threaded small cases lose badly: that is the reason. */
static double grad_seconds(gfd_model *m, gfd_work *w, const double *th, double *g) {
  double L, t0 = gfd_now(), t;
  int reps = 0;
  do {
    gfd_model_eval(m, th, w, &L, NULL, g);
    reps++;
  } while ((t = gfd_now() - t0) < MIN_SECONDS / 3);
  return t / reps;
}

static int bench_threads(void) {
  static const size_t sizes[][2] = {{100, 50}, {200, 100}, {500, 200}, {2000, 300}};
  int all = openblas_get_num_threads();
  printf("threads: one gradient (SYM nu=2), wall time on 1 and on %d threads\n", all);
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    gfd_spec s;
    gfd_spec_default(&s);
    s.p = sizes[i][0];
    s.H = sizes[i][1];
    s.sigma = 1.0 / sqrt((double)s.p);
    gfd_err e;
    gfd_model *m = gfd_model_new(&s, NULL, &e);
    gfd_work *w = m ? gfd_work_new(m, NULL, &e) : NULL;
    size_t d = m ? gfd_model_dim(m) : 0;
    double *th = malloc((d ? d : 1) * sizeof *th), *g = malloc((d ? d : 1) * sizeof *g);
    if (!w || !th || !g || gfd_model_init_params(m, 1, th, &e)) {
      fprintf(stderr, "bench: %s\n", e.msg);
      return 1;
    }
    openblas_set_num_threads(1);
    double t1 = grad_seconds(m, w, th, g);
    openblas_set_num_threads(all);
    double tn = grad_seconds(m, w, th, g);
    printf("  p=%-5zu H=%-4zu H^2 p = %8.2g   1 thread %9.3f ms   %d threads %9.3f ms   speed-up %5.2f\n", s.p, s.H,
           (double)s.H * (double)s.H * (double)s.p, 1e3 * t1, all, 1e3 * tn, t1 / tn);
    free(th);
    free(g);
    gfd_work_free(w);
    gfd_model_free(m);
  }
  return 0;
}

/* The two gradient routes (gfd/model.h) on shapes around the switch: time
 * of one gradient by each, the flop ratio, and the route gfd_model_new picks. */
static int bench_routes(void) {
  static const struct { gfd_kind kind; int nu; size_t p, H; } cases[] = {
      {GFD_ASYM, 3, 16, 256}, {GFD_ASYM, 3, 16, 1024}, {GFD_SYM, 3, 16, 1024}, {GFD_SYM, 2, 50, 500},
      {GFD_ASYM, 3, 32, 4096}};
  printf("gradient routes: one gradient by the Gram matrices and by the dense tensor\n");
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    gfd_spec s;
    gfd_spec_default(&s);
    s.kind = cases[i].kind;
    s.nu = cases[i].nu;
    s.p = cases[i].p;
    s.H = cases[i].H;
    s.sigma = 1.0 / sqrt((double)s.p);
    gfd_err e;
    gfd_model *m = gfd_model_new(&s, NULL, &e);
    size_t d = m ? gfd_model_dim(m) : 1;
    double *th = malloc(d * sizeof *th), *g = malloc(d * sizeof *g), sec[2];
    if (!m || !th || !g || gfd_model_init_params(m, 1, th, &e)) {
      fprintf(stderr, "bench: %s\n", e.msg);
      return 1;
    }
    gfd_route pick = gfd_model_route(m);
    for (int r = 0; r < 2; r++) {
      gfd_work *w = gfd_model_set_route(m, r ? GFD_ROUTE_DENSE : GFD_ROUTE_GRAM, NULL, &e) ? NULL
                                                                                             : gfd_work_new(m, NULL, &e);
      if (!w) {
        fprintf(stderr, "bench: %s\n", e.msg);
        return 1;
      }
      sec[r] = grad_seconds(m, w, th, g);
      gfd_work_free(w);
    }
    printf("  %-4s nu=%d p=%-3zu H=%-5zu  gram %9.3f ms  dense %9.3f ms  time %5.2f  flops %5.2f (dense/gram)  "
           "picks %s\n",
           gfd_kind_name(s.kind), s.nu, s.p, s.H, 1e3 * sec[0], 1e3 * sec[1], sec[1] / sec[0],
           gfd_route_flops(&s, GFD_ROUTE_DENSE) / gfd_route_flops(&s, GFD_ROUTE_GRAM), gfd_route_name(pick));
    free(th);
    free(g);
    gfd_model_free(m);
  }
  return 0;
}

/* The packed route (SYM only) against the other two: (a) around the switch,
 * every route forced, to measure GFD_ROUTE_PACKED_MARGIN (time ratio /
 * flop ratio); (b) the paper's ascent sizes, SYM nu=4 H = 33 p^2, where the
 * Gram matrices (8 H^2 bytes each) do not fit: timed only when they need
 * under 1 GiB, else their time is the flop count at the Gram speed of (a).
 * 1 OpenBLAS thread, CPU time, so the times do not depend on the load.  GFD_BENCH_PACKED_MAXP (default 64) caps p in (b): p=64 takes
 * minutes a gradient. */
static double route_time(gfd_model *m, gfd_route r, const double *th, double *g) {
  gfd_err e;
  gfd_work *w = gfd_model_set_route(m, r, NULL, &e) ? NULL : gfd_work_new(m, NULL, &e);
  if (!w) return NAN;
  double L, t0 = cpu_seconds(), t;
  int reps = 0;
  do { /* CPU time of one thread: meaningful on a loaded machine */
    gfd_model_eval(m, th, w, &L, NULL, g);
    reps++;
  } while ((t = cpu_seconds() - t0) < MIN_SECONDS / 3);
  gfd_work_free(w);
  return t / reps;
}

static int bench_packed(void) {
  static const struct { int nu; size_t p, H; } around[] = {
      {4, 16, 256}, {4, 16, 1024}, {4, 16, 2048}, {3, 32, 1024}, {3, 32, 4096}, {2, 50, 2000}, {4, 24, 4096}};
  static const size_t paper[] = {16, 32, 64};
  const char *cap = getenv("GFD_BENCH_PACKED_MAXP");
  size_t maxp = cap ? strtoul(cap, NULL, 10) : 64;
  int all = openblas_get_num_threads();
  openblas_set_num_threads(1);
  printf("packed route (SYM): CPU time of one gradient by each route, 1 thread; speed = (flops/time) relative to gram\n");
  double gram_speed = 0; /* flops per second of the Gram route, best seen */
  for (size_t i = 0; i < sizeof around / sizeof around[0] + sizeof paper / sizeof paper[0]; i++) {
    int is_paper = i >= sizeof around / sizeof around[0];
    gfd_spec s;
    gfd_spec_default(&s);
    s.nu = is_paper ? 4 : around[i].nu;
    s.p = is_paper ? paper[i - sizeof around / sizeof around[0]] : around[i].p;
    s.H = is_paper ? 33 * s.p * s.p : around[i].H;
    if (is_paper && s.p > maxp) continue;
    s.sigma = 1.0 / sqrt((double)s.p);
    gfd_err e;
    gfd_model *m = gfd_model_new(&s, NULL, &e);
    size_t d = m ? gfd_model_dim(m) : 1;
    double *th = malloc(d * sizeof *th), *g = malloc(d * sizeof *g), t[3];
    if (!m || !th || !g || gfd_model_init_params(m, 1, th, &e)) {
      fprintf(stderr, "bench: %s\n", e.msg);
      return 1;
    }
    gfd_route pick = gfd_model_route(m);
    double hh = 8.0 * (double)s.H * (double)s.H;
    t[GFD_ROUTE_GRAM] = hh < 1073741824.0 ? route_time(m, GFD_ROUTE_GRAM, th, g) : NAN;
    t[GFD_ROUTE_DENSE] = route_time(m, GFD_ROUTE_DENSE, th, g); /* NAN when p^nu > 2^22 */
    t[GFD_ROUTE_PACKED] = route_time(m, GFD_ROUTE_PACKED, th, g);
    double fg = gfd_route_flops(&s, GFD_ROUTE_GRAM);
    if (isfinite(t[0]) && fg / t[0] > gram_speed) gram_speed = fg / t[0];
    printf("  nu=%d p=%-3zu H=%-6zu", s.nu, s.p, s.H);
    for (int r = 0; r < 3; r++) {
      double sp = fg / t[0], x = gfd_route_flops(&s, (gfd_route)r) / t[r];
      if (isfinite(t[r]))
        printf("  %s %9.1f ms (speed %4.2f)", gfd_route_name((gfd_route)r), 1e3 * t[r], isfinite(sp) ? x / sp : NAN);
      else if (r == GFD_ROUTE_GRAM && gram_speed > 0)
        printf("  gram ~%8.0f ms (est.)     ", 1e3 * fg / gram_speed);
      else
        printf("  %s        --                 ", gfd_route_name((gfd_route)r));
    }
    printf("  picks %s\n", gfd_route_name(pick));
    fflush(stdout);
    free(th);
    free(g);
    gfd_model_free(m);
  }
  openblas_set_num_threads(all);
  return 0;
}

int main(int argc, char **argv) {
  gfd_library_init();
  if (argc > 1 && !strcmp(argv[1], "packed")) return bench_packed(); /* only this part */
  printf("gradient by the Gram trick (identity target), OpenBLAS threads: %d\n", openblas_get_num_threads());
  int rc = 0;
  rc |= bench_case(GFD_SYM, 4, 2000, 500);
  rc |= bench_case(GFD_ASYM, 4, 2000, 500);
  rc |= bench_case(GFD_SYM, 2, 1000, 1000);
  rc |= bench_threads();
  rc |= bench_routes();
  rc |= bench_packed();
  return rc;
}
