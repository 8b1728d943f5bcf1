/* cmd_taylor.c - the `series` command: truncated Taylor series of the loss
 * from one instance (exact recursion), an ensemble of instances (mean and
 * standard error), the diagrams (expected coefficients) or the scaling limit.
 *
 * Whatever the source, the printed and stored coefficients follow the one
 * program's convention: L(t) = sum_n coef_n t^n in the model's own time and
 * loss units (the scaling limit is converted with the scaling's factors).
 * The session keeps them in series_coef / series_N / series_source for the
 * plot view, and a CURVE_SERIES curve on the grid of the last run. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "area.h"
#include "diagram_provider.h"
#include "flow_provider.h"
#include "scaling_provider.h"
#include "series_analyze.h"

/* The area keeps no state of its own: the series lives in the session. */

enum { SRC_INSTANCE = 0, SRC_ENSEMBLE, SRC_DIAGRAMS, SRC_LIMIT };
static const char *const source_names[] = {"instance", "ensemble", "diagrams", "limit", NULL};
static const char *const series_keys[] = {"source", "N", "seeds", "seed", NULL};

#define DEFAULT_SEEDS 8
#define MAX_SEEDS 100000

/* sum_{n <= N} coef_n t^n at every grid point (Horner). */
static void truncated_sum(const double *coef, int N, size_t n, const double *t, double *y) {
  for (size_t i = 0; i < n; i++) {
    double v = 0;
    for (int k = N; k >= 0; k--) v = v * t[i] + coef[k];
    y[i] = v;
  }
}

static void emit(session *s, const char *title, const double *coef, const double *se, int nrows) {
  table *t = table_new(s->csv ? "" : title, "n,coef,coef_se");
  if (!t) {
    sh_error(s, -1, "out of memory for the series table");
    return;
  }
  for (int n = 0; n < nrows; n++) {
    table_int(t, n);
    table_num(t, coef[n]);
    table_num(t, se ? se[n] : 0.0);
    table_endrow(t);
  }
  sh_emit_table(s, t);
}

/* Rows computed before an interruption (the library fills the rest with NaN). */
static int finite_prefix(const double *c, int N) {
  int n = 0;
  while (n <= N && isfinite(c[n])) n++;
  return n;
}

/* set lr 1/T: paper time T t, so coef_n (d/dt_paper)^n = coef_n / T^n (the
 * standard errors likewise); the title says so. */
static void to_paper(const session *s, double *coef, double *se, int n1, char *title, size_t tn) {
  if (s->lr_T == 1) return;
  double f = 1;
  for (int n = 0; n < n1; n++, f /= s->lr_T) {
    coef[n] *= f;
    if (se) se[n] *= f;
  }
  size_t len = strlen(title);
  if (len < tn) snprintf(title + len, tn - len, ", t in paper time (set lr 1/%g: coef_n / %g^n)", s->lr_T, s->lr_T);
}

/* Store the series in the session and draw it on the last run's grid (in
 * paper time with set lr 1/T, as the run's curve is). */
static int commit(session *s, const double *coef, int N, const char *source) {
  size_t n = 0;
  const double *tg0 = NULL;
  double *y = NULL, *tg = NULL;
  if (flow_last_grid(s, &n, &tg0) < 0) return -1;
  if (n > 0 && tg0) {
    if (!(y = malloc(n * sizeof *y)) || !(tg = malloc(n * sizeof *tg))) {
      free(y);
      return sh_error(s, -1, "out of memory for the series curve");
    }
    for (size_t i = 0; i < n; i++) tg[i] = s->lr_T * tg0[i];
    truncated_sum(coef, N, n, tg, y);
  }
  char name[64];
  snprintf(name, sizeof name, "series N=%d %s", N, source);
  /* one series curve at a time: check for room before dropping the old one */
  int have = 0;
  for (int i = 0; i < s->ncurves; i++) have |= s->curves[i].kind == CURVE_SERIES;
  if (y && !have && s->ncurves >= SH_MAX_CURVES) {
    free(y);
    free(tg);
    return sh_error(s, -1, "too many curves (%d) to add the series curve", SH_MAX_CURVES);
  }
  sh_curve_clear(s, CURVE_SERIES);
  if (y) {
    int rc = sh_curve_set(s, name, CURVE_SERIES, n, tg, y, NULL, NULL);
    free(y);
    free(tg);
    if (rc < 0) return -1;
  }
  memcpy(s->series_coef, coef, (size_t)(N + 1) * sizeof(double));
  for (int k = N + 1; k <= GFD_TAYLOR_NMAX; k++) s->series_coef[k] = 0;
  s->series_N = N;
  snprintf(s->series_source, sizeof s->series_source, "%s", source);
  return 0;
}

static int run_series(session *s, const args *a) {
  int src = SRC_INSTANCE;
  size_t N = 0, seeds = DEFAULT_SEEDS;
  unsigned long seed;
  if (args_choice(s, a, "source", SRC_INSTANCE, 0, source_names, &src) < 0) return -1;
  if (args_size(s, a, "N", 0, 1, 0, GFD_TAYLOR_NMAX, &N) < 0) return -1;
  if (args_has(a, "seeds") && src != SRC_ENSEMBLE)
    return sh_error(s, args_off(a, "seeds"), "seeds= applies only to source=ensemble (got source=%s)",
                    source_names[src]);
  if (args_size(s, a, "seeds", DEFAULT_SEEDS, 0, 1, MAX_SEEDS, &seeds) < 0) return -1;
  if (args_has(a, "seed") && (src == SRC_DIAGRAMS || src == SRC_LIMIT))
    return sh_error(s, args_off(a, "seed"), "seed= does not apply to source=%s (an expectation over seeds)",
                    source_names[src]);
  if (!s->model) return sh_error(s, -1, "no model defined (see help model)");
  if (args_ulong(s, a, "seed", s->spec.seed, 0, &seed) < 0) return -1;

  int n1 = (int)N + 1;
  double coef[GFD_TAYLOR_NMAX + 1], se[GFD_TAYLOR_NMAX + 1];
  char title[256];
  gfd_err e;
  gfd_err_clear(&e);
  int rc = 0;
  const char *name = source_names[src];
  switch (src) {
  case SRC_INSTANCE: {
    size_t dim = gfd_model_dim(s->model);
    double *theta = malloc(dim * sizeof *theta);
    if (!theta) return sh_error(s, -1, "out of memory for the parameters (%zu doubles)", dim);
    rc = gfd_model_init_params(s->model, seed, theta, &e);
    if (!rc) rc = gfd_taylor_loss(s->model, theta, (int)N, sh_ctl(s), coef, &e);
    free(theta);
    snprintf(title, sizeof title, "Taylor series of L(t) = sum coef_n t^n, instance seed=%lu (exact)", seed);
    if (rc) {
      to_paper(s, coef, NULL, finite_prefix(coef, (int)N), title, sizeof title);
      if (rc == GFD_EINTR || rc == GFD_ETIME) emit(s, title, coef, NULL, finite_prefix(coef, (int)N));
      return sh_error_lib(s, &e);
    }
    memset(se, 0, sizeof se);
    break;
  }
  case SRC_ENSEMBLE: {
    size_t got = 0; /* seeds averaged: fewer than asked when interrupted */
    rc = gfd_taylor_ensemble_ex(s->model, seed, seeds, (int)N, sh_ctl(s), coef, se, &got, &e);
    snprintf(title, sizeof title,
             "Taylor series of L(t) = sum coef_n t^n, mean over seeds %lu..%lu%s (se: standard error)", seed,
             seed + (unsigned long)got - 1, got < seeds ? " (stopped early)" : "");
    if (rc == GFD_EINTR || rc == GFD_ETIME) {
      if (got > 0) {
        to_paper(s, coef, se, n1, title, sizeof title);
        emit(s, title, coef, se, n1);
        return sh_error(s, -1, "%s after %zu of %zu seeds: the table is the mean over seeds %lu..%lu%s",
                        rc == GFD_EINTR ? "interrupted" : "time limit reached", got, seeds, seed,
                        seed + (unsigned long)got - 1, rc == GFD_ETIME ? " (set timelimit to change)" : "");
      }
      return sh_error(s, -1, "%s before the first of %zu seeds finished: no result%s",
                      rc == GFD_EINTR ? "interrupted" : "time limit reached", seeds,
                      rc == GFD_ETIME ? " (set timelimit to change)" : "");
    }
    if (rc) return sh_error_lib(s, &e);
    break;
  }
  case SRC_DIAGRAMS: {
    int got;
    char why[96];
    memset(se, 0, sizeof se);
    snprintf(title, sizeof title, "Taylor series of E[L](t) = sum coef_n t^n from the diagrams (exact)");
    rc = diagram_series_coefs(s, (int)N, coef, &got, why, sizeof why);
    if (rc < 0) return -1;
    if (rc > 0) { /* stopped: the orders done, shown but not kept as the session's series */
      emit(s, title, coef, se, got);
      return sh_error(s, -1, "%s: the diagrams reached order %d of %zu, shown above (not kept: ask for N=%d)", why,
                      got - 1, N, got - 1);
    }
    break;
  }
  case SRC_LIMIT: {
    double tfac = 1, lfac = 1;
    if (scaling_limit_coefs(s, (int)N, coef) < 0) return -1;
    int sr = scaling_factors(s, &tfac, &lfac);
    if (sr < 0) return -1;
    /* L(t) = lfac sum c_n (tfac t)^n, with lfac tfac^n kept as a mantissa
     * and a binary exponent: on its own it passes 1e-308 (at p = 8000 near
     * n = 54, where it used to underflow and print -0) while the product
     * with c_n is ~1e-189, an ordinary double.  One rounding per order. */
    int fe, te;
    double fm = frexp(lfac, &fe), tm = frexp(tfac, &te);
    for (int n = 0; n < n1; n++) {
      coef[n] = ldexp(coef[n] * fm, fe);
      int k;
      fm = frexp(fm * tm, &k);
      fe += te + k;
    }
    memset(se, 0, sizeof se);
    snprintf(title, sizeof title,
             "scaling-limit series in t and L units: sum coef_n t^n (tau = %.6g t, L = %.6g L_scaled)", tfac,
             lfac);
    break;
  }
  }
  to_paper(s, coef, se, n1, title, sizeof title);
  if (commit(s, coef, (int)N, name) < 0) return -1;
  emit(s, title, coef, se, n1);
  return 0;
}

static const char series_help[] =
    "Prints the coefficients of the Taylor series of the loss along gradient flow,\n"
    "L(t) = sum_{n=0..N} coef_n t^n with coef_n = L^(n)(0)/n! (t < 0 is gradient\n"
    "ascent), as the table n,coef,coef_se.  N (0..60) is required.  Sources:\n"
    "  instance  (default) the exact coefficients of one instance, initialised from\n"
    "            seed= (default: the model's seed), by the Taylor-mode recursion of\n"
    "            the flow, (n+1) u_{n+1} = -[grad L(u(t))]_n, with Gram-matrix\n"
    "            products (cost ~1.5 N^2 H^2 p flops per factor; relative accuracy\n"
    "            ~1e-15 per coefficient, measured to N = 60); coef_se is 0.\n"
    "  ensemble  the mean over seeds= instances (default 8, seeds seed..seed+K-1)\n"
    "            with the standard error of the mean in coef_se.\n"
    "  diagrams  the expected coefficients E[L^(n)(0)]/n! from the Wick diagrams at\n"
    "            the current p, H, sigma, kappa (see help diagrams).\n"
    "  limit     the scaling limit (see help scaling), converted to t and L with the\n"
    "            scaling's time and loss factors; it follows L or, when the scaling\n"
    "            says so in a note, the excess L - ||y||^2/2 (scaling limit=).\n"
    "The series is kept for the plot view (+/- changes the order shown) and drawn on\n"
    "the time grid of the last flow or ascent run.  The coefficients grow like R^-n,\n"
    "R the convergence radius: truncated sums are only meaningful for |t| < R (see\n"
    "sum for Pade and Domb-Sykes).\n"
    "Examples: series N=12    series source=ensemble N=20 seeds=16";

static const char series_analyze_help[] =
    "Analyses the last `series` on one screen (key,value rows; CSV with set format\n"
    "csv), for teaching: how its coefficients grow (geometric with a radius, or\n"
    "factorially: zero radius), why its truncated sums fail at a given t, the\n"
    "verdicts of the singularity estimators (domb-sykes, mercer-roberts, pade),\n"
    "each with its status and one line why, where the Borel-Pade sum is trusted,\n"
    "the blow-up time read from it, and what sums the series.  Needs N >= 8.\n"
    "A limit series is analysed in the limit's own time tau (times are in t).\n"
    "Example: scaling a=0 b=-3/2 Cs=2; model sym nu=4 p=2000;\n"
    "         series source=limit N=60; series analyze";

static int run_series_analyze(session *s, const args *a) {
  (void)a;
  return series_analyze(s);
}

static const command cmd_taylor_table[] = {
    {"series analyze", "", "the last series analysed: growth, why it fails, verdicts, what sums it",
     series_analyze_help, "series", NULL, 0, 0, run_series_analyze},
    {"series", "N= [source=instance|ensemble|diagrams|limit] [seeds=] [seed=]",
     "Taylor coefficients of L(t) from an instance, an ensemble, diagrams or a limit", series_help, "series",
     series_keys, 0, 0, run_series},
    {0}};

const area area_taylor = {
    .name = "taylor",
    .commands = cmd_taylor_table,
};
