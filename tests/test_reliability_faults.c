/* test_reliability_faults.c - the library's fault handling (issue 7, items 4
 * and 5) at the API level: GSL errors come back as status codes (no abort),
 * run control (interrupt flag, deadline, budget) and overflow-checked sizes,
 * NaN/inf in the state, overflow in exact arithmetic and in double precision.
 * Every failure must be a negative GFD_E* code with a one-sentence message,
 * never a crash or a wrong number. */
#include <config.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_log.h>
#include "gfd/gfd.h"
#include "internal.h"
#include "testutil.h"

/* a message is one sentence on one line, not empty */
static int one_line(const gfd_err *e) {
  return e->msg[0] && !strchr(e->msg, '\n');
}

static void test_gsl_handler(void) {
  /* GSL's default handler aborts: after gfd_library_init a domain error is a
   * status code and the program goes on */
  gsl_sf_result r;
  int st = gsl_sf_log_e(-1.0, &r);
  CHECK(st == GSL_EDOM, "gsl_sf_log_e(-1) returned %d, want GSL_EDOM", st);
  st = gsl_sf_gamma_e(-2.0, &r);
  CHECK(st != GSL_SUCCESS, "gsl_sf_gamma_e(-2) returned success");
  printf("GSL errors return codes: log(-1) -> %s, gamma(-2) -> %s\n", gsl_strerror(GSL_EDOM),
         gsl_strerror(st));
}

static void test_run_control(void) {
  gfd_err e;
  volatile sig_atomic_t flag = 0;
  gfd_ctl ctl;
  memset(&ctl, 0, sizeof ctl);
  ctl.interrupt = &flag;
  CHECK(gfd_ctl_poll(&ctl, &e) == GFD_OK, "poll without interrupt");
  flag = 1;
  gfd_err_clear(&e);
  CHECK(gfd_ctl_poll(&ctl, &e) == GFD_EINTR && e.code == GFD_EINTR, "poll with the flag set");
  flag = 0;
  ctl.deadline = gfd_now() - 1;
  gfd_err_clear(&e);
  CHECK(gfd_ctl_poll(&ctl, &e) == GFD_ETIME && one_line(&e), "poll past the deadline");
  ctl.deadline = 0;
  ctl.budget = 1000;
  CHECK(gfd_ctl_budget(&ctl, 1000, "x", &e) == GFD_OK, "exactly the budget is allowed");
  gfd_err_clear(&e);
  CHECK(gfd_ctl_budget(&ctl, 1001, "the thing", &e) == GFD_EBUDGET && strstr(e.msg, "the thing") &&
            strstr(e.msg, "budget") && one_line(&e),
        "over budget: '%s'", e.msg);
  ctl.budget = 0; /* the machine's default */
  gfd_budget_info bi;
  CHECK(gfd_budget_default(&bi) == GFD_OK && bi.bytes > 0 && bi.source && bi.detail[0] &&
            (strcmp(bi.source, "fixed default") == 0 || bi.bytes <= bi.limit ||
             bi.bytes == ((size_t)16 << 20)),
        "default budget: %s from %s (%s)", gfd_format_bytes(bi.bytes, (char[32]){0}, 32), bi.source,
        bi.detail);
  CHECK(gfd_ctl_budget_bytes(&ctl) > 0, "default budget through the control block");
  CHECK(gfd_ctl_budget(NULL, SIZE_MAX, "y", &e) == GFD_EBUDGET, "SIZE_MAX is over any budget");

  size_t out = 7;
  CHECK(!gfd_size_mul(SIZE_MAX / 2 + 1, 2, &out) && out == 7, "size_mul overflow detected");
  CHECK(!gfd_size_add(SIZE_MAX, 1, &out) && out == 7, "size_add overflow detected");
  CHECK(gfd_size_mul(1u << 20, 1u << 20, &out) && out == (size_t)1 << 40, "size_mul in range");
  CHECK(gfd_xmalloc(SIZE_MAX / 4, 8) == NULL, "xmalloc refuses an overflowing size");
  CHECK(gfd_xcalloc(SIZE_MAX / 4, 8) == NULL, "xcalloc refuses an overflowing size");
}

static gfd_model *small_model(double sigma, gfd_err *e) {
  gfd_spec sp;
  gfd_spec_default(&sp);
  sp.nu = 2;
  sp.p = 6;
  sp.H = 3;
  sp.sigma = sigma;
  return gfd_model_new(&sp, NULL, e);
}

static void test_model_faults(void) {
  gfd_err e;
  gfd_spec sp;
  gfd_spec_default(&sp);
  double bad[] = {NAN, INFINITY, -1.0};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    sp.sigma = bad[i];
    gfd_err_clear(&e);
    gfd_model *m = gfd_model_new(&sp, NULL, &e);
    CHECK(!m && e.code < 0 && one_line(&e), "sigma=%g accepted", bad[i]);
    gfd_model_free(m);
  }
  gfd_spec_default(&sp);
  sp.p = (size_t)1 << 40; /* a model of 2^40 x H parameters: over any budget, nothing allocated */
  gfd_err_clear(&e);
  gfd_model *m = gfd_model_new(&sp, NULL, &e);
  CHECK(!m && e.code < 0 && one_line(&e), "p=2^40 accepted");
  printf("p=2^40 refused: %s\n", e.msg);
  gfd_model_free(m);

  /* NaN and inf in the state: evaluation and integration report them */
  m = small_model(0.3, &e);
  CHECK(m != NULL, "small model: %s", e.msg);
  if (!m) return;
  size_t dim = gfd_model_dim(m);
  double *th = calloc(dim, sizeof *th);
  gfd_work *w = gfd_work_new(m, NULL, &e);
  CHECK(th && w, "allocations");
  if (th && w) {
    TU_OK(gfd_model_init_params(m, 1, th, &e));
    double L, ex;
    CHECK(gfd_model_eval(m, th, w, &L, &ex, NULL) == GFD_OK && isfinite(L), "finite state");
    th[2] = NAN;
    CHECK(gfd_model_eval(m, th, w, &L, &ex, NULL) != GFD_OK, "NaN in the state not reported");
    th[2] = INFINITY;
    CHECK(gfd_model_eval(m, th, w, &L, &ex, NULL) != GFD_OK, "inf in the state not reported");
    th[2] = 1e200; /* finite parameters whose loss overflows */
    CHECK(gfd_model_eval(m, th, w, &L, &ex, NULL) != GFD_OK, "overflowing loss not reported");

    gfd_traj tr;
    gfd_traj_init(&tr);
    gfd_flow_opts o;
    gfd_flow_opts_default(&o);
    o.points = 3;
    th[2] = NAN;
    gfd_err_clear(&e);
    int rc = gfd_flow_run(m, th, NULL, 0, 1, &o, NULL, &tr, &e);
    CHECK(rc == GFD_ENUMERIC && one_line(&e), "flow from a NaN state: rc %d '%s'", rc, e.msg);
    printf("flow from a NaN state: %s\n", e.msg);
    gfd_traj_free(&tr);

    /* step-size collapse: a fixed rk4 step far too large for a steep start */
    TU_OK(gfd_model_init_params(m, 1, th, &e));
    for (size_t i = 0; i < dim; i++) th[i] *= 30;
    gfd_traj_init(&tr);
    o.method = GFD_METHOD_RK4;
    o.steps = 2;
    gfd_err_clear(&e);
    rc = gfd_flow_run(m, th, NULL, 0, 10, &o, NULL, &tr, &e);
    CHECK(rc == GFD_ENUMERIC && one_line(&e), "rk4 overflow: rc %d '%s'", rc, e.msg);
    printf("rk4 with a huge step: %s\n", e.msg);
    gfd_traj_free(&tr);

    /* Taylor coefficients that overflow double precision are refused */
    TU_OK(gfd_model_init_params(m, 1, th, &e));
    for (size_t i = 0; i < dim; i++) th[i] *= 1e12;
    double coef[GFD_TAYLOR_NMAX + 1];
    gfd_err_clear(&e);
    rc = gfd_taylor_loss(m, th, 40, NULL, coef, &e);
    CHECK(rc == GFD_ENUMERIC && one_line(&e), "Taylor overflow: rc %d '%s'", rc, e.msg);
    printf("Taylor series of a huge state: %s\n", e.msg);
    /* and the interrupt flag stops it with GFD_EINTR */
    volatile sig_atomic_t flag = 1;
    gfd_ctl ctl;
    memset(&ctl, 0, sizeof ctl);
    ctl.interrupt = &flag;
    TU_OK(gfd_model_init_params(m, 1, th, &e));
    rc = gfd_taylor_loss(m, th, 20, &ctl, coef, &e);
    CHECK(rc == GFD_EINTR, "Taylor with the interrupt flag set: rc %d", rc);
  }
  free(th);
  gfd_work_free(w);
  gfd_model_free(m);
}

static void test_exact_overflow(void) {
  gfd_err e;
  gfd_err_clear(&e);
  gfd_diagrams *d = gfd_diagrams_new(GFD_SYM, 3, GFD_TGT_IDENTITY, &e);
  CHECK(d != NULL, "diagrams: %s", e.msg);
  if (!d) return;
  /* counts beyond 128 bits are exact (GMP); the engine's wall is its graph
   * size (order 28 for nu = 3), refused with an error before any work */
  const gfd_poly *P = NULL;
  double t0 = gfd_now();
  int rc = gfd_diagrams_poly(d, GFD_FAMILY_FULL, 40, NULL, &P, &e);
  CHECK(rc == GFD_EUNSUP && gfd_now() - t0 < 1, "SYM nu=3 order 40: rc %d", rc);
  CHECK(one_line(&e), "refusal message");
  printf("diagrams SYM nu=3 order 40: %s\n", e.msg);
  /* the cache stays usable after the failure */
  gfd_err_clear(&e);
  rc = gfd_diagrams_poly(d, GFD_FAMILY_FULL, 1, NULL, &P, &e);
  CHECK(rc == GFD_OK && P, "order 1 after the refusal: rc %d %s", rc, e.msg);
  gfd_diagrams_free(d);
}

/* The default budget follows an address-space limit (ulimit -v): under a
 * 2 GB RLIMIT_AS it is named as the source and stays under 2 GB; the soft
 * limit is raised back afterwards. */
static void test_budget_rlimit(void) {
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GFD_TEST_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(GFD_TEST_ASAN)
  return; /* AddressSanitizer maps terabytes of shadow memory: no RLIMIT_AS with it */
#endif
  struct rlimit old;
  if (getrlimit(RLIMIT_AS, &old) != 0) return;
  rlim_t two = (rlim_t)2000000 * 1024; /* ulimit -v 2000000 */
  if (old.rlim_cur != RLIM_INFINITY && old.rlim_cur < two) return;
  struct rlimit rl = old;
  rl.rlim_cur = two;
  if (setrlimit(RLIMIT_AS, &rl) != 0) return;
  gfd_budget_info bi;
  gfd_budget_default(&bi);
  char b[32];
  CHECK(bi.bytes < (size_t)two && bi.bytes > ((size_t)64 << 20), "budget under RLIMIT_AS 2 GB: %s",
        gfd_format_bytes(bi.bytes, b, sizeof b));
  CHECK(bi.source && (strcmp(bi.source, "RLIMIT_AS") == 0 || bi.limit < (size_t)two),
        "the budget names its source: %s (%s)", bi.source, bi.detail);
  gfd_ctl ctl = {0};
  gfd_err e;
  gfd_err_clear(&e);
  CHECK(gfd_ctl_budget(&ctl, (size_t)2 << 30, "2 GiB of work", &e) == GFD_EBUDGET,
        "2 GiB refused under the limit: %s", e.msg);
  setrlimit(RLIMIT_AS, &old);
}

/* The cgroup and meminfo readings, on fake trees: v2 memory.max less
 * memory.current (an ancestor's tighter limit wins), v1 limit_in_bytes (its
 * "no limit" value ignored), MemAvailable, and the fixed default when none
 * is there. */
static void put(const char *root, const char *rel, const char *text) {
  char p[512], cmd[700];
  snprintf(p, sizeof p, "%s%s", root, rel);
  snprintf(cmd, sizeof cmd, "mkdir -p \"$(dirname '%s')\"", p);
  if (system(cmd) != 0) return;
  FILE *f = fopen(p, "w");
  if (!f) return;
  fputs(text, f);
  fclose(f);
}

static void test_budget_cgroups(void) {
  char root[] = "/tmp/gfd-budget-XXXXXX", cmd[200];
  if (!mkdtemp(root)) return;
  gfd_budget_info b;
  const size_t M = (size_t)1 << 20;
  struct rlimit rl;
  if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
    goto out; /* the real RLIMIT_AS would win */
  gfd_budget_default_at(&b, root);
  CHECK(strcmp(b.source, "fixed default") == 0 && b.bytes == GFD_DEFAULT_BUDGET,
        "nothing known: %s, %zu", b.source, b.bytes);
  put(root, "/proc/meminfo", "MemTotal: 16000000 kB\nMemAvailable:    8388608 kB\n");
  gfd_budget_default_at(&b, root);
  CHECK(strcmp(b.source, "MemAvailable") == 0 && b.limit == 8192 * M && b.bytes == 7168 * M,
        "MemAvailable 8 GiB less 1/8: %s %zu MiB", b.source, b.bytes / M);
  put(root, "/proc/self/cgroup", "0::/user/app\n");
  put(root, "/sys/fs/cgroup/user/app/memory.max", "1073741824\n");
  put(root, "/sys/fs/cgroup/user/app/memory.current", "104857600\n");
  put(root, "/sys/fs/cgroup/user/memory.max", "max\n");
  gfd_budget_default_at(&b, root);
  CHECK(strcmp(b.source, "cgroup memory.max") == 0 && b.limit == 924 * M &&
            b.bytes == 924 * M - 924 * M / 8 && strstr(b.detail, "100.0 MiB in use"),
        "cgroup v2 1 GiB less 100 MiB: %s %zu (%s)", b.source, b.bytes, b.detail);
  put(root, "/sys/fs/cgroup/user/memory.max", "536870912\n");
  put(root, "/sys/fs/cgroup/user/memory.current", "0\n");
  gfd_budget_default_at(&b, root);
  CHECK(strcmp(b.source, "cgroup memory.max") == 0 && b.limit == 512 * M,
        "a parent group's tighter limit: %zu MiB", b.limit / M);
  put(root, "/proc/self/cgroup", "4:memory:/grp\n0::/\n");
  put(root, "/sys/fs/cgroup/memory/grp/memory.limit_in_bytes", "9223372036854771712\n");
  gfd_budget_default_at(&b, root);
  CHECK(strcmp(b.source, "MemAvailable") == 0, "cgroup v1 without a limit ignored: %s", b.source);
  put(root, "/sys/fs/cgroup/memory/grp/memory.limit_in_bytes", "268435456\n");
  put(root, "/sys/fs/cgroup/memory/grp/memory.usage_in_bytes", "0\n");
  gfd_budget_default_at(&b, root);
  CHECK(strcmp(b.source, "cgroup memory.limit_in_bytes") == 0 && b.limit == 256 * M &&
            b.bytes == 256 * M - 64 * M,
        "cgroup v1 256 MiB less the 64 MiB margin: %s %zu MiB", b.source, b.bytes / M);
out:
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
  if (system(cmd) != 0) printf("     (could not remove %s)\n", root);
}

int main(void) {
  gfd_library_init();
  test_gsl_handler();
  test_run_control();
  test_model_faults();
  test_exact_overflow();
  test_budget_cgroups();
  test_budget_rlimit();
  return tu_done();
}
