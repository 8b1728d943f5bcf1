/* bench_taylor.c - time of an exact Taylor series of order 40 at p = 1000,
 * H = 200 (SYM nu = 2 and 4, ASYM nu = 4, identity target), with the GEMM
 * flop count of the recursion and the achieved GFLOP/s, next to what OpenBLAS
 * dgemm reaches on the same shapes in the same run; then 32 instance series
 * of order 12 (SYM nu = 2, p = 500, H = 120) each in a fresh workspace
 * (gfd_taylor_loss) against all in one caller-held workspace
 * (gfd_taylor_loss_ex): CPU time and minor page faults of each loop. */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <cblas.h>
#include "gfd/gfd.h"
#include "taylor/taylor_internal.h"

static double dgemm_rate(int M, int N, int K) {
  double *A = malloc((size_t)M * K * sizeof(double)), *B = malloc((size_t)K * N * sizeof(double)),
         *C = malloc((size_t)M * N * sizeof(double));
  for (size_t i = 0; i < (size_t)M * K; i++) A[i] = 1.0 / (1 + i % 7);
  for (size_t i = 0; i < (size_t)K * N; i++) B[i] = 1.0 / (1 + i % 5);
  int reps = 0;
  double t0 = gfd_now(), dt;
  do {
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, N, K, 1.0, A, K, B, N, 0.0, C, N);
    reps++;
  } while ((dt = gfd_now() - t0) < 0.5);
  free(A), free(B), free(C);
  return 2.0 * M * N * (double)K * reps / dt / 1e9;
}

static void run(gfd_kind kind, int nu, size_t p, size_t H, int N, double ref) {
  gfd_spec s;
  gfd_spec_default(&s);
  s.kind = kind;
  s.nu = nu;
  s.p = p;
  s.H = H;
  s.sigma = 1 / sqrt((double)p);
  gfd_err e;
  gfd_model *m = gfd_model_new(&s, NULL, &e);
  double *th = m ? malloc(gfd_model_dim(m) * sizeof(double)) : NULL;
  taylor_ws *w = th ? taylor_ws_new(m, N, NULL, &e) : NULL;
  if (!w) {
    printf("%s nu=%d: %s\n", gfd_kind_name(kind), nu, e.msg);
    exit(1);
  }
  gfd_model_init_params(m, 1, th, &e);
  double c[GFD_TAYLOR_NMAX + 1], sc;
  int done;
  double t0 = gfd_now();
  if (taylor_ws_run(w, th, NULL, c, NULL, &sc, &done, &e)) {
    printf("run failed: %s\n", e.msg);
    exit(1);
  }
  double dt = gfd_now() - t0, fl = taylor_ws_flops(w);
  char mem[32];
  printf("%-4s nu=%d p=%zu H=%zu N=%d  %7.3f s  %6.1f GFLOP  %6.1f GFLOP/s (%3.0f%% of dgemm)  workspace %s  "
         "coef_%d = %.6e\n",
         gfd_kind_name(kind), nu, p, H, N, dt, fl / 1e9, fl / dt / 1e9, 100 * fl / dt / 1e9 / ref,
         gfd_format_bytes(gfd_taylor_bytes(m, N), mem, sizeof mem), N, c[N] / pow(sc, N));
  taylor_ws_free(w);
  free(th);
  gfd_model_free(m);
}

static void usage(double *cpu, long *minflt) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  *cpu = (double)ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + 1e-6 * (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
  *minflt = ru.ru_minflt;
}

static void reuse(void) {
  gfd_spec s;
  gfd_spec_default(&s);
  s.kind = GFD_SYM;
  s.nu = 2;
  s.p = 500;
  s.H = 120;
  s.sigma = 0.04;
  enum { K = 32, N = 12 };
  gfd_err e;
  gfd_model *m = gfd_model_new(&s, NULL, &e);
  double *th = m ? malloc(gfd_model_dim(m) * sizeof(double)) : NULL, c[N + 1], cpu[3];
  long flt[3];
  gfd_taylor_ws *w = NULL;
  int rc = !th;
  usage(&cpu[0], &flt[0]);
  for (unsigned long k = 0; k < K && !rc; k++)
    rc = gfd_model_init_params(m, 1 + k, th, &e) || gfd_taylor_loss(m, th, N, NULL, c, &e);
  usage(&cpu[1], &flt[1]);
  if (!rc) rc = !(w = gfd_taylor_ws_new(m, N, NULL, &e));
  for (unsigned long k = 0; k < K && !rc; k++)
    rc = gfd_model_init_params(m, 1 + k, th, &e) || gfd_taylor_loss_ex(w, m, th, N, NULL, c, &e);
  usage(&cpu[2], &flt[2]);
  if (rc) {
    printf("reuse benchmark failed: %s\n", e.msg);
    exit(1);
  }
  char mem[32];
  printf("SYM nu=2 p=500 H=120, %d series of order %d (workspace %s):\n"
         "  fresh workspace each  %6.3f s CPU  %7ld minor faults\n"
         "  one reused workspace  %6.3f s CPU  %7ld minor faults\n",
         K, N, gfd_format_bytes(gfd_taylor_bytes(m, N), mem, sizeof mem), cpu[1] - cpu[0], flt[1] - flt[0],
         cpu[2] - cpu[1], flt[2] - flt[1]);
  gfd_taylor_ws_free(w);
  free(th);
  gfd_model_free(m);
}

int main(void) {
  gfd_library_init();
  size_t p = 1000, H = 200;
  int N = 40;
  printf("OpenBLAS threads: %d\n", openblas_get_num_threads());
  double r1 = dgemm_rate((int)H, (int)H, (int)p), r2 = dgemm_rate((int)H, (int)p, (int)(H * (N / 2)));
  printf("dgemm reference: %.1f GFLOP/s (Gram shape %zux%zux%zu), %.1f GFLOP/s (stacked shape %zux%dx%zu)\n", r1,
         H, p, H, r2, H, (int)(H * (N / 2)), p);
  double ref = r1 > r2 ? r1 : r2;
  run(GFD_SYM, 2, p, H, N, ref);
  run(GFD_SYM, 4, p, H, N, ref);
  run(GFD_ASYM, 4, p, H, N, ref);
  reuse();
  return 0;
}
