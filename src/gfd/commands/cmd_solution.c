/* cmd_solution.c - the solution area's commands: `sum` (summed series and
 * explicit solutions on the grid of the last run), `solutions` (which known
 * solution applies to the current model, and why) and `blowup` (simulated,
 * predicted and series-estimated blow-up times side by side). */
#include <config.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "area.h"
#include "flow_provider.h"
#include "scaling_provider.h"

/* The area keeps no state: results go to the session's curves and marks. */

#define DEFAULT_PADE_N 20
#define DEFAULT_RATIO_N 30

/* A line of explanation: on stdout in text mode, as a note in CSV mode (so
 * that the CSV stays one table). */
static void say(session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(session *s, const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (s->csv) sh_note(s, "%s", buf);
  else sh_wrap(s->out, 0, 2, buf); /* within 80 columns */
}

/* A key,value or name,applies,reason table as text within 80 columns: the
 * last column wrapped under itself.  The table is kept for `export csv`. */
static void emit_wrapped(session *s, table *t, const char *title, int ncol, const char *const *keys,
                         const char *const *mid, const char *const *last, size_t rows) {
  if (s->csv) {
    sh_emit_table(s, t);
    return;
  }
  FILE *o = s->out;
  if (title && *title) sh_wrap(o, 0, 2, title);
  size_t w0 = 0, w1 = 0;
  for (size_t i = 0; i < rows; i++) {
    if (strlen(keys[i]) > w0) w0 = strlen(keys[i]);
    if (ncol == 3 && strlen(mid[i]) > w1) w1 = strlen(mid[i]);
  }
  for (size_t i = 0; i < rows; i++) {
    int col = fprintf(o, "%-*s  ", (int)w0, keys[i]);
    if (ncol == 3) col += fprintf(o, "%-*s  ", (int)w1, mid[i]);
    if (*last[i]) sh_wrap(o, col, col, last[i]);
    else fputc('\n', o);
  }
  table_free(s->last_table); /* a table that lost rows is reported by dispatch */
  s->last_table = t;
}

/* ------------------------------------------------------------ grid, seeds */
typedef struct grid {
  size_t n;
  double *t;
  double tmin, tmax;
} grid;

static void grid_free(grid *g) {
  free(g->t);
  g->t = NULL;
  g->n = 0;
}

/* Without a run of the current model: the time range of the last sweep (its
 * runs are other models; in scaled units it is converted with the current
 * model's factors), else an error that says what to run. */
static int sweep_grid(session *s, grid *g) {
  const curve *sw = NULL;
  for (int i = 0; i < s->ncurves; i++)
    if (s->curves[i].kind == CURVE_SWEEP && s->curves[i].n > 1 && (!sw || s->curves[i].n > sw->n)) sw = &s->curves[i];
  if (!sw)
    return sh_error(s, -1, "no time grid: run `flow run T=...` or `ascent run T=...` first (sum works on the "
                           "grid of the current model's last run), or give T=");
  double f = 1;
  if (sw->units.scaled) {
    scaling_units u;
    if (scaling_units_get(s, 1, &u) != 0)
      return sh_error(s, -1, "no time grid: the last sweep is in scaled units and the current scaling gives no "
                             "factors to convert them; run `flow run T=...` or give T=");
    f = 1 / u.tfac;
  }
  double T = f * sw->t[sw->n - 1];
  if (!isfinite(T) || T == 0) return sh_error(s, -1, "no time grid: run `flow run T=...` first, or give T=");
  if (!(g->t = malloc(sw->n * sizeof *g->t))) return sh_error(s, -1, "out of memory for the time grid");
  for (size_t i = 0; i < sw->n; i++) g->t[i] = i ? T * (double)i / (double)(sw->n - 1) : 0.0;
  g->n = sw->n;
  sh_note(s, "sum: no flow or ascent run of the current model; using the last sweep's time range, t in [%g, %g] "
          "(%zu points; the sweep's runs are other models: `flow run` gives this one's simulation)",
          T < 0 ? T : 0.0, T < 0 ? 0.0 : T, sw->n);
  return 0;
}

/* T= (uniform 0..T with points=) or the last run's grid. */
static int grid_get(session *s, const args *a, grid *g) {
  memset(g, 0, sizeof *g);
  size_t points = s->flow_opts.points ? s->flow_opts.points : 200;
  if (args_size(s, a, "points", points, 0, 2, 10000000, &points) < 0) return -1;
  if (args_has(a, "T")) {
    double T;
    if (args_double(s, a, "T", 0, 1, &T) < 0) return -1;
    if (T == 0) return sh_error(s, args_off(a, "T"), "T=%s must be nonzero (negative: ascent)", args_str(a, "T"));
    if (!(g->t = malloc(points * sizeof *g->t))) return sh_error(s, -1, "out of memory for the time grid");
    for (size_t i = 0; i < points; i++) g->t[i] = i ? T * (double)i / (double)(points - 1) : 0.0;
    g->n = points;
  } else {
    if (args_has(a, "points"))
      return sh_error(s, args_off(a, "points"), "points= needs T= (otherwise the last run's grid is used)");
    size_t n;
    const double *t;
    if (flow_last_grid(s, &n, &t) < 0) return -1;
    if (!n || !t) {
      if (sweep_grid(s, g) < 0) return -1;
    } else {
      if (!(g->t = malloc(n * sizeof *g->t))) return sh_error(s, -1, "out of memory for the time grid");
      memcpy(g->t, t, n * sizeof *g->t);
      g->n = n;
    }
  }
  g->tmin = INFINITY;
  g->tmax = -INFINITY;
  for (size_t i = 0; i < g->n; i++) {
    if (g->t[i] < g->tmin) g->tmin = g->t[i];
    if (g->t[i] > g->tmax) g->tmax = g->t[i];
  }
  return 0;
}

/* seed=/seeds=, else the seeds of the last run, else the model's seed. */
static int seeds_get(session *s, const args *a, size_t *K, unsigned long **seeds) {
  *K = 0;
  *seeds = NULL;
  if (args_has(a, "seed") || args_has(a, "seeds")) {
    unsigned long seed0;
    size_t k;
    if (args_ulong(s, a, "seed", s->spec.seed, 0, &seed0) < 0) return -1;
    if (args_size(s, a, "seeds", 1, 0, 1, 100000, &k) < 0) return -1;
    gfd_err e;
    gfd_err_clear(&e);
    if (gfd_seed_check("seed", seed0, k, &e)) return sh_error(s, -1, "%s", e.msg);
    if (!(*seeds = malloc(k * sizeof **seeds))) return sh_error(s, -1, "out of memory");
    for (size_t i = 0; i < k; i++) (*seeds)[i] = seed0 + i;
    *K = k;
    return 0;
  }
  size_t k = 0;
  const unsigned long *sd = NULL;
  if (flow_last_blowups(s, &k, &sd, NULL, NULL, NULL, NULL) < 0) return -1;
  if (!k || !sd) {
    k = 1;
    sd = &s->spec.seed;
  }
  if (!(*seeds = malloc(k * sizeof **seeds))) return sh_error(s, -1, "out of memory");
  memcpy(*seeds, sd, k * sizeof **seeds);
  *K = k;
  return 0;
}

/* ------------------------------------------------------ explicit solutions */
/* Mean over the seeds (instance solutions) or the one limit curve. */
static int explicit_eval(session *s, gfd_sol_id id, size_t K, const unsigned long *seeds, const grid *g,
                         double *loss, double *excess) {
  const gfd_sol_info *info = gfd_solution_info(id);
  size_t reps = info->instance ? K : 1;
  double *l1 = malloc(g->n * sizeof *l1), *x1 = malloc(g->n * sizeof *x1);
  if (!l1 || !x1) {
    free(l1);
    free(x1);
    return sh_error(s, -1, "out of memory for the summed curve");
  }
  for (size_t i = 0; i < g->n; i++) loss[i] = excess[i] = 0;
  gfd_err e;
  gfd_err_clear(&e);
  int rc = 0;
  for (size_t k = 0; k < reps && rc == 0; k++) {
    double *theta = NULL;
    if (info->instance && !(theta = flow_initial_params(s, seeds[k]))) {
      rc = -1;
      break;
    }
    gfd_solution *S = gfd_solution_new(id, s->model, theta, sh_ctl(s), &e);
    free(theta);
    if (!S || gfd_solution_eval(S, g->n, g->t, l1, x1, sh_ctl(s), &e)) {
      gfd_solution_free(S);
      rc = sh_error_lib(s, &e);
      break;
    }
    gfd_solution_free(S);
    for (size_t i = 0; i < g->n; i++) {
      loss[i] += l1[i] / (double)reps;
      excess[i] += x1[i] / (double)reps;
    }
  }
  free(l1);
  free(x1);
  return rc;
}

/* The explicit solution auto picks: the first that applies, in this order. */
static const gfd_sol_id auto_order[] = {GFD_SOL_SYM2_EXACT, GFD_SOL_ASCENT_EVEN, GFD_SOL_FREE_UNITS,
                                        GFD_SOL_FREE_MEAN, GFD_SOL_NTK_LINEAR, GFD_SOL_SYM2_MP};

static int auto_pick(session *s, const grid *g, gfd_sol_id *out, char *why, size_t n) {
  for (size_t i = 0; i < sizeof auto_order / sizeof auto_order[0]; i++) {
    gfd_sol_id id = auto_order[i];
    if (id == GFD_SOL_NTK_LINEAR) { /* the linearised curve is a solution only when lazy */
      if (gfd_solution_applies(GFD_SOL_NTK_LIMIT, &s->spec, g->tmin, g->tmax, why, n) == GFD_APPLY_NO)
        continue;
    } else if (gfd_solution_applies(id, &s->spec, g->tmin, g->tmax, why, n) == GFD_APPLY_NO)
      continue;
    *out = id;
    return 1;
  }
  return 0;
}

/* ------------------------------------------------------------------ Pade */
/* The last `series source=limit` is kept in t units, where its coefficients
 * are tiny (~1e-182 at order 60, p = 8000) and, at larger p, underflow.  The
 * summation wants the limit's own time tau = tfac t (issue 20), where they
 * are O(n! 4^n): recompute the series there (the scaling area repeats its
 * notes) and hand it on with tscale = 1/tfac, values still in L units; only
 * when it reproduces the kept coefficients (the model or scaling may have
 * changed since `series`).  Returns 0, or -1 after sh_error. */
static int limit_rescaled(session *s, int N, double *cs, double *tscale) {
  double tfac = 1, lfac = 1;
  double *c = malloc(((size_t)N + 1) * sizeof *c);
  if (!c) return sh_error(s, -1, "out of memory for the limit series");
  if (scaling_limit_coefs(s, N, c) < 0 || scaling_factors(s, &tfac, &lfac) < 0) {
    free(c);
    return -1;
  }
  double f = 1;
  int same = tfac > 0;
  for (int n = 0; n <= N; n++, f *= tfac) {
    c[n] *= lfac;
    /* orders 0..10 identify the series; higher kept ones are already
     * inexact where tfac^n went subnormal */
    double kept = cs[n], now = c[n] * f;
    if (n <= 10 && !(fabs(now - kept) <= 1e-9 * fabs(kept))) same = 0;
  }
  if (same) {
    memcpy(cs, c, ((size_t)N + 1) * sizeof *cs);
    *tscale = 1 / tfac;
    sh_note(s, "the limit series is summed in its own time tau = %g t", tfac);
  }
  free(c);
  return 0;
}

/* The series to sum: N= forces an instance series of that order; otherwise
 * the session's last series, else an instance series of DEFAULT_PADE_N.
 * coef[n] t^n = cs[n] (t/tscale)^n. */
static int series_get(session *s, const args *a, unsigned long seed, int dfltN, double *cs, int *N,
                      double *tscale, char *src, size_t srcn) {
  size_t n = 0;
  if (args_size(s, a, "N", (size_t)dfltN, 0, 2, GFD_TAYLOR_NMAX, &n) < 0) return -1;
  if (!args_has(a, "N") && s->series_N >= 2) {
    *N = s->series_N;
    memcpy(cs, s->series_coef, (size_t)(*N + 1) * sizeof *cs);
    *tscale = 1;
    snprintf(src, srcn, "the last `series` (source=%s, N=%d)", s->series_source, *N);
    if (!strcmp(s->series_source, "limit")) return limit_rescaled(s, *N, cs, tscale);
    return 0;
  }
  double *theta = flow_initial_params(s, seed);
  if (!theta) return -1;
  gfd_err e;
  gfd_err_clear(&e);
  int rc = gfd_taylor_loss_scaled(s->model, theta, (int)n, sh_ctl(s), cs, tscale, &e);
  free(theta);
  if (rc) return sh_error_lib(s, &e);
  *N = (int)n;
  snprintf(src, srcn, "the instance series of seed %lu (N=%d)", seed, *N);
  return 0;
}

static int pade_eval(session *s, const double *cs, int N, double tscale, const grid *g, double *y,
                     int *pm, int *pn) {
  int m = N - N / 2, n = N / 2;
  gfd_err e;
  gfd_err_clear(&e);
  gfd_pade *P = gfd_pade_new(cs, m, n, 0, &e);
  if (!P) return sh_error_lib(s, &e);
  gfd_pade_degrees(P, pm, pn);
  /* the continuation stops at the first real pole on each side */
  double tneg = -INFINITY, tpos = INFINITY, tp;
  int neg = gfd_pade_real_pole(P, -1, &tp, &e);
  if (neg == 1) tneg = tp * tscale;
  int pos = neg < 0 ? neg : gfd_pade_real_pole(P, +1, &tp, &e);
  if (pos == 1) tpos = tp * tscale;
  if (neg < 0 || pos < 0) { /* without its poles the continuation cannot be cut honestly */
    gfd_pade_free(P);
    return sh_error_lib(s, &e);
  }
  for (size_t i = 0; i < g->n; i++) {
    double t = g->t[i];
    y[i] = (t <= tneg || t >= tpos) ? NAN : gfd_pade_eval(P, t / tscale);
  }
  gfd_pade_free(P);
  return 0;
}

/* The Borel-Pade sum on the grid (gfd-theory(7) 5.5), its spread across
 * neighbouring orders in sp[], and the trusted range [*tlo, *thi] around
 * t = 0 where the orders agree to GFD_BOREL_RTOL (NaN, NaN if none).  The
 * range is the connected one containing t = 0: a point that agrees by
 * chance beyond a disagreeing stretch is not trusted. */
static int borel_eval(session *s, const double *cs, int N, double tscale, const grid *g, double *y,
                      double *sp, double *tlo, double *thi) {
  gfd_err e;
  gfd_err_clear(&e);
  gfd_borel *B = gfd_borel_new(cs, N, tscale, &e);
  if (!B) return sh_error_lib(s, &e);
  double cut = gfd_borel_cut(B);
  if (isfinite(cut))
    say(s, "sum: the Borel transform B(s) has a cut from s = %.6g (s in units of t) on; t < 0 is summed "
        "after the conformal map that opens it", cut * tscale);
  /* a few quadratures per point (~0.3 ms): poll Ctrl-C and the time limit
   * between chunks, and keep what was summed (the rest stays empty) */
  size_t done = 0;
  int stopped = 0;
  while (done < g->n) {
    size_t k = g->n - done < 256 ? g->n - done : 256;
    gfd_borel_eval_checked(B, k, g->t + done, y + done, sp + done, &e);
    done += k;
    if (done < g->n && gfd_ctl_poll(sh_ctl(s), &e)) {
      stopped = 1;
      break;
    }
  }
  for (size_t i = done; i < g->n; i++) y[i] = sp[i] = NAN;
  gfd_borel_free(B);
  if (stopped) sh_error_lib(s, &e); /* reported; the partial table still follows */
  unsigned char *tr = malloc(g->n ? g->n : 1);
  if (!tr) return sh_error(s, -1, "out of memory for the trusted range");
  gfd_borel_trusted(y, sp, g->n, 0, tr);
  *tlo = *thi = NAN;
  /* the grid is monotone from 0 (a run's grid or 0..T): grow from t = 0 */
  for (size_t i = 0; i < g->n; i++) {
    if (!tr[i]) break;
    if (!isfinite(*tlo) || g->t[i] < *tlo) *tlo = g->t[i];
    if (!isfinite(*thi) || g->t[i] > *thi) *thi = g->t[i];
  }
  free(tr);
  return 0;
}

/* ------------------------------------------------------- characteristics */
/* u at (t, z) through gfd_charpde_eval_j, keeping the smallest Jacobian
 * dz/dz0 seen and the first time the characteristics cross (J <= 0, a
 * caustic): past it nothing is evaluated (gfd-theory(7) 5.5). */
typedef struct {
  double jmin, tc;
} caustic_t;

static int charac_at(gfd_charpde *P, double t, double z, double *u, double *uz, caustic_t *c, gfd_err *e) {
  if (isfinite(c->tc) && fabs(t) >= fabs(c->tc)) return -1;
  double J;
  int st = gfd_charpde_eval_j(P, t, z, u, uz, NULL, &J, e);
  if (st && isfinite(J) && J <= 0) c->tc = t;
  if (!st && !(J >= c->jmin)) c->jmin = J;
  return st;
}

static void caustic_say(char *what, size_t wn, const caustic_t *c) {
  size_t l = strlen(what);
  if (isfinite(c->tc))
    snprintf(what + l, wn - l, "; the characteristics cross at t = %.6g (dz/dz0 = 0, a caustic): not continued "
             "past it", c->tc);
  else if (isfinite(c->jmin))
    snprintf(what + l, wn - l, "; no caustic on the grid (the foot-point map stays one-to-one: dz/dz0 >= %.3g)",
             c->jmin);
}

static int charac_eval(session *s, const grid *g, double *loss, double *excess, char *what, size_t wn) {
  caustic_t cz = {INFINITY, NAN};
  const gfd_spec *sp = &s->spec;
  char why[400];
  gfd_err e;
  gfd_err_clear(&e);
  double yh = gfd_model_target_half_norm2(s->model);
  if (sp->kind == GFD_SYM && sp->nu == 2) {
    if (gfd_solution_applies(GFD_SOL_SYM2_MP, sp, g->tmin, g->tmax, why, sizeof why) == GFD_APPLY_NO)
      return sh_error(s, -1, "sum method=characteristics: the Marchenko-Pastur limit does not apply: %s", why);
    int zero = sp->target == GFD_TGT_ZERO;
    double p = (double)sp->p, c = (double)sp->H / p, sg = sp->sigma * sp->sigma * p;
    double kap = zero ? 1 : sp->kappa;
    gfd_charpde *P = gfd_charpde_sym2_lossgen(c, sg / kap, zero, 0, &e);
    if (!P) return sh_error_lib(s, &e);
    double ts = gfd_sym2_mp_tstar(c, sg, zero ? 0 : kap);
    for (size_t i = 0; i < g->n; i++) {
      double t = g->t[i], K;
      loss[i] = excess[i] = NAN;
      if (!isnan(ts) && t <= ts) continue;
      if (charac_at(P, zero ? t : kap * t, 0, &K, NULL, &cz, &e)) continue;
      loss[i] = p * kap * kap * K;
      excess[i] = zero ? loss[i] : p * kap * kap * (K - 0.5);
    }
    gfd_charpde_free(P);
    snprintf(what, wn, "characteristics of the loss generating function K_t = 4(1+q) K_q (MP limit, c = %.4g, "
             "s = %.4g)", c, sg);
    caustic_say(what, wn, &cz);
    return 0;
  }
  if (sp->kind == GFD_SYM && sp->nu == 4) {
    if (gfd_solution_applies(GFD_SOL_ASCENT_EVEN, sp, g->tmin, g->tmax, why, sizeof why) == GFD_APPLY_NO)
      return sh_error(s, -1, "sum method=characteristics: the nu=4 ascent limit does not apply: %s", why);
    double k4 = gfd_ascent_kappa_of(sp), tfac, lfac;
    gfd_ascent_scales(sp, &tfac, &lfac);
    gfd_ascent *A = gfd_ascent_new(4, k4, &e);
    if (!A) return sh_error_lib(s, &e);
    double taus = NAN;
    gfd_ascent_diverges(A, &taus, NULL);
    gfd_ascent_free(A);
    gfd_charpde *P = gfd_charpde_sym4_genfun(k4, 0, &e);
    if (!P) return sh_error_lib(s, &e);
    for (size_t i = 0; i < g->n; i++) {
      double tau = tfac * g->t[i], Q, Qz;
      loss[i] = excess[i] = NAN;
      if (!isnan(taus) && tau <= taus) continue;
      if (charac_at(P, tau, 0, &Q, &Qz, &cz, &e)) continue;
      double ln = 0.5 * k4 * Q * Q * Q * Q - Qz;
      excess[i] = lfac * ln;
      loss[i] = yh + excess[i];
    }
    gfd_charpde_free(P);
    snprintf(what, wn, "characteristics of Q_tau = (2 - 2az) Q_z - 2aQ with a = kappa4 Q(tau,0)^3 (kappa4 = %.4g)",
             k4);
    if (isfinite(cz.tc)) cz.tc /= tfac; /* tau -> t */
    caustic_say(what, wn, &cz);
    return 0;
  }
  return sh_error(s, -1,
                  "sum method=characteristics: implemented for SYM nu=2 (the MP limit) and SYM nu=4 ascent "
                  "(the model is %s nu=%d)", gfd_kind_name(sp->kind), sp->nu);
}

/* ------------------------------------------------------------------- sum */
enum { M_AUTO = 0, M_EXPLICIT, M_PADE, M_CHAR, M_BOREL };
static const char *const method_names[] = {"auto", "explicit", "pade", "characteristics", "borel", NULL};
static const char *const sum_keys[] = {"method", "solution", "N", "T", "points", "seed", "seeds", NULL};

static int run_sum(session *s, const args *a) {
  int method = M_AUTO;
  if (sh_lr_refuse(s, "sum") < 0) return -1;
  if (args_choice(s, a, "method", M_AUTO, 0, method_names, &method) < 0) return -1;
  gfd_sol_id chosen = GFD_SOL_COUNT;
  const char *sname = args_str(a, "solution");
  if (sname) {
    chosen = gfd_solution_by_name(sname);
    if (chosen == GFD_SOL_COUNT)
      return sh_error(s, args_off(a, "solution"), "unknown solution %s (see `solutions`)", sname);
    if (method == M_AUTO) method = M_EXPLICIT;
    if (method != M_EXPLICIT)
      return sh_error(s, args_off(a, "solution"), "solution= goes with method=explicit (got method=%s)",
                      method_names[method]);
  }
  if (args_has(a, "N") && (method == M_EXPLICIT || method == M_CHAR))
    return sh_error(s, args_off(a, "N"), "N= is the series order for method=pade or borel (or auto's fallback)");
  if (!s->model) return sh_error(s, -1, "no model defined (see help model)");
  size_t N0;
  if (args_size(s, a, "N", DEFAULT_PADE_N, 0, 2, GFD_TAYLOR_NMAX, &N0) < 0) return -1;
  grid g;
  if (grid_get(s, a, &g) < 0) return -1;
  size_t K;
  unsigned long *seeds;
  if (seeds_get(s, a, &K, &seeds) < 0) {
    grid_free(&g);
    return -1;
  }
  double *y = malloc(g.n * sizeof *y), *x = malloc(g.n * sizeof *x);
  if (!y || !x) {
    free(y);
    free(x);
    free(seeds);
    grid_free(&g);
    return sh_error(s, -1, "out of memory for the summed curve");
  }
  char why[600], what[700], cname[64];
  int have_excess = 0, rc = 0;
  double *spread = NULL; /* method=borel: spread across orders */
  if (method == M_AUTO || method == M_EXPLICIT) {
    gfd_sol_id id = chosen;
    if (id == GFD_SOL_COUNT) {
      if (!auto_pick(s, &g, &id, why, sizeof why)) {
        if (method == M_EXPLICIT) {
          rc = sh_error(s, -1, "no explicit solution applies to this model over t in [%g, %g] (see `solutions`)",
                        g.tmin, g.tmax);
          goto out;
        }
        method = M_PADE;
        say(s, "sum: no explicit solution applies here (see `solutions`); using Pade");
      }
    } else if (gfd_solution_applies(id, &s->spec, g.tmin, g.tmax, why, sizeof why) == GFD_APPLY_NO) {
      rc = sh_error(s, args_off(a, "solution"), "%s does not apply: %s", sname, why);
      goto out;
    }
    if (method != M_PADE) {
      const gfd_sol_info *info = gfd_solution_info(id);
      if (gfd_solution_applies(id, &s->spec, g.tmin, g.tmax, why, sizeof why) == GFD_APPLY_NO) why[0] = 0;
      if (id == GFD_SOL_NTK_LINEAR) {
        char lz[400];
        gfd_solution_applies(GFD_SOL_NTK_LIMIT, &s->spec, g.tmin, g.tmax, lz, sizeof lz);
        snprintf(why, sizeof why, "%s", lz);
      }
      if ((rc = explicit_eval(s, id, K, seeds, &g, y, x)) < 0) goto out;
      have_excess = 1;
      snprintf(cname, sizeof cname, "summed %s", info->name);
      if (info->instance && K > 1)
        say(s, "sum: %s (%s) -- %s; mean over %zu seeds", info->name, info->title, why, K);
      else if (info->instance)
        say(s, "sum: %s (%s) -- %s; seed %lu", info->name, info->title, why, seeds[0]);
      else
        say(s, "sum: %s (%s) -- %s", info->name, info->title, why);
    }
  }
  if (method == M_PADE) {
    double cs[GFD_TAYLOR_NMAX + 1], tscale = 1;
    int N, pm, pn;
    char src[160];
    if ((rc = series_get(s, a, seeds[0], (int)N0, cs, &N, &tscale, src, sizeof src)) < 0) goto out;
    if ((rc = pade_eval(s, cs, N, tscale, &g, y, &pm, &pn)) < 0) goto out;
    snprintf(cname, sizeof cname, "summed pade [%d/%d]", pm, pn);
    say(s, "sum: Pade [%d/%d] of %s%s; NaN past the first real pole on either side", pm, pn, src,
        (pm + pn < N) ? " (degrees lowered: the Toeplitz block was rank deficient)" : "");
  } else if (method == M_BOREL) {
    double cs[GFD_TAYLOR_NMAX + 1], tscale = 1, tlo = NAN, thi = NAN;
    int N;
    char src[160];
    if ((rc = series_get(s, a, seeds[0], (int)N0, cs, &N, &tscale, src, sizeof src)) < 0) goto out;
    if (!(spread = malloc(g.n * sizeof *spread))) {
      rc = sh_error(s, -1, "out of memory for the summed curve");
      goto out;
    }
    if ((rc = borel_eval(s, cs, N, tscale, &g, y, spread, &tlo, &thi)) < 0) goto out;
    snprintf(cname, sizeof cname, "summed borel N=%d", N);
    say(s, "sum: Borel-Pade of %s; spread = largest change from the two neighbouring Pade orders and, after "
        "the conformal map, from the sum without it (measured error up to 2x the spread in the trusted range)", src);
    if (isfinite(tlo) && tlo < thi) {
      say(s, "sum: trusted (orders agree to %g) for t in [%g, %g]; marked in the plot", GFD_BOREL_RTOL, tlo,
          thi);
      if (tlo < 0) sh_mark_set(s, "borel trusted from", tlo);
      if (thi > 0) sh_mark_set(s, "borel trusted to", thi);
    } else
      say(s, "sum: no trusted range beyond t = 0 on this grid: neighbouring orders disagree by more than %g "
          "at its first point", GFD_BOREL_RTOL);
  } else if (method == M_CHAR) {
    if ((rc = charac_eval(s, &g, y, x, what, sizeof what)) < 0) goto out;
    have_excess = 1;
    snprintf(cname, sizeof cname, "summed characteristics");
    say(s, "sum: %s", what);
  }
  /* the table and the curve */
  for (int i = 0; i < s->ncurves; i++)
    if (s->curves[i].kind == CURVE_SIM && s->curves[i].units.scaled) {
      say(s, "sum: the table is in t and L units; the plot converts it to the scaled run's tau and p^E0 units");
      break;
    }
  {
    table *t = table_new(s->csv ? "" : cname,
                         spread ? "t,summed,spread,trusted" : have_excess ? "t,summed,summed_excess" : "t,summed");
    table_text_rows(t, SH_TEXT_ROWS);
    if (!t) {
      rc = sh_error(s, -1, "out of memory for the table");
      goto out;
    }
    for (size_t i = 0; i < g.n; i++) {
      table_num(t, g.t[i]);
      if (isfinite(y[i])) table_num(t, y[i]);
      else table_empty(t);
      if (have_excess) {
        if (isfinite(x[i])) table_num(t, x[i]);
        else table_empty(t);
      }
      if (spread) {
        if (isfinite(spread[i])) table_num(t, spread[i]);
        else table_empty(t);
        int ok = isfinite(y[i]) && isfinite(spread[i]) && spread[i] <= GFD_BOREL_RTOL * fabs(y[i]);
        table_str(t, ok ? "yes" : "no");
      }
      table_endrow(t);
    }
    /* the curve holds the excess where it was computed from its own terms
     * (the view adds ||y||^2/2 back for the loss), in t units: the view
     * converts it to the units of a scaled run */
    double yh = gfd_model_target_half_norm2(s->model);
    curve_units u = {0, have_excess && yh > 0, 0, 0, have_excess && yh > 0 ? yh : 0};
    if (sh_curve_set(s, cname, CURVE_SUMMED, g.n, g.t, u.excess ? x : y, NULL, NULL) < 0) {
      table_free(t);
      rc = -1;
      goto out;
    }
    sh_curve_units(s, cname, &u);
    sh_emit_table(s, t);
  }
out:
  free(y);
  free(x);
  free(spread);
  free(seeds);
  grid_free(&g);
  return rc < 0 ? -1 : 0;
}

/* ------------------------------------------------------------- solutions */
static const char *apply_word(gfd_apply a) {
  return a == GFD_APPLY_EXACT ? "exact" : a == GFD_APPLY_APPROX ? "approx" : "no";
}

static int run_solutions(session *s, const args *a) {
  const char *name = args_pos(a, 0);
  if (sh_lr_refuse(s, "solutions") < 0) return -1;
  gfd_sol_id one = GFD_SOL_COUNT;
  if (name && (one = gfd_solution_by_name(name)) == GFD_SOL_COUNT) {
    int off = -1;
    for (int i = 0; i < a->n; i++)
      if (!a->a[i].key) off = a->a[i].off;
    return sh_error(s, off, "unknown solution %s (see `solutions`)", name);
  }
  if (!s->model) return sh_error(s, -1, "no model defined (see help model)");
  size_t n;
  const double *t;
  double t0 = 0, t1 = 0;
  if (flow_last_grid(s, &n, &t) < 0) return -1;
  for (size_t i = 0; i < n; i++) {
    if (t[i] < t0) t0 = t[i];
    if (t[i] > t1) t1 = t[i];
  }
  char why[600];
  if (one != GFD_SOL_COUNT) {
    const gfd_sol_info *info = gfd_solution_info(one);
    gfd_apply ap = gfd_solution_applies(one, &s->spec, t0, t1, why, sizeof why);
    table *tb = table_new(s->csv ? "" : info->title, "key,value");
    if (!tb) return sh_error(s, -1, "out of memory for the table");
    /* (the program cites no document it does not ship: no section numbers) */
    const char *keys[] = {"name", "title", "formula", "domain", "applies", "reason", "instance", "characteristics"};
    const char *vals[] = {info->name, info->title, info->formula, info->domain, apply_word(ap), why,
                          info->instance ? "yes (evaluated per seed)" : "no (depends on p, H, sigma, kappa only)",
                          ""};
    size_t nk = sizeof keys / sizeof keys[0] - 1;
    /* the two limits gfd also solves by characteristics: over the last run's
     * grid, whether the characteristics cross (a caustic) and where */
    char what[700] = "";
    int charac = ap != GFD_APPLY_NO && n > 0 && s->spec.kind == GFD_SYM &&
                 ((one == GFD_SOL_SYM2_MP && s->spec.nu == 2) || (one == GFD_SOL_ASCENT_EVEN && s->spec.nu == 4));
    if (charac) {
      double *buf = malloc(2 * n * sizeof *buf);
      grid g = {n, (double *)t, t0, t1};
      if (buf && charac_eval(s, &g, buf, buf + n, what, sizeof what) == 0) {
        vals[nk] = what;
        nk++;
      }
      free(buf);
    }
    for (size_t i = 0; i < nk; i++) {
      table_str(tb, keys[i]);
      table_str(tb, vals[i]);
      table_endrow(tb);
    }
    emit_wrapped(s, tb, info->title, 2, keys, NULL, vals, nk);
    return 0;
  }
  char title[160];
  snprintf(title, sizeof title, "known solutions for %s nu=%d p=%zu H=%zu sigma=%g target=%s, t in [%g, %g]",
           gfd_kind_name(s->spec.kind), s->spec.nu, s->spec.p, s->spec.H, s->spec.sigma,
           gfd_target_name(s->spec.target), t0, t1);
  table *tb = table_new(s->csv ? "" : title, "solution,applies,reason");
  if (!tb) return sh_error(s, -1, "out of memory for the table");
  char whys[GFD_SOL_COUNT][600];
  const char *names[GFD_SOL_COUNT + 1], *applies[GFD_SOL_COUNT + 1], *reasons[GFD_SOL_COUNT + 1];
  names[0] = "solution", applies[0] = "applies", reasons[0] = "reason";
  for (int i = 0; i < GFD_SOL_COUNT; i++) {
    gfd_apply ap = gfd_solution_applies((gfd_sol_id)i, &s->spec, t0, t1, whys[i], sizeof whys[i]);
    table_str(tb, gfd_solution_info((gfd_sol_id)i)->name);
    table_str(tb, apply_word(ap));
    table_str(tb, whys[i]);
    table_endrow(tb);
    names[i + 1] = gfd_solution_info((gfd_sol_id)i)->name;
    applies[i + 1] = apply_word(ap);
    reasons[i + 1] = whys[i];
  }
  emit_wrapped(s, tb, title, 3, names, applies, reasons, GFD_SOL_COUNT + 1);
  return 0;
}

/* ---------------------------------------------------------------- blowup */
static const char *const blowup_keys[] = {"N", NULL};

struct refs;
static double ushow(const struct refs *rf, double t);
/* One row of the blowup table, its times in the units rf shows. */
static void row_status(table *t, const struct refs *rf, const char *src, double ts, double lo, double hi,
                       const char *verdict, const char *status) {
  ts = ushow(rf, ts), lo = ushow(rf, lo), hi = ushow(rf, hi);
  table_str(t, src);
  if (isfinite(ts)) table_num(t, ts);
  else table_empty(t);
  if (isfinite(lo)) table_num(t, lo);
  else table_empty(t);
  if (isfinite(hi)) table_num(t, hi);
  else table_empty(t);
  /* status belongs to the series estimators (gfd_verdict); simulations and
   * explicit solutions have their verdict only.  It comes before the verdict
   * so that the verdict stays the last column, where scripts look for it */
  if (status) table_str(t, status);
  else table_empty(t);
  table_str(t, verdict);
  table_endrow(t);
}
static void row(table *t, const struct refs *rf, const char *src, double ts, double lo, double hi,
                const char *verdict) {
  row_status(t, rf, src, ts, lo, hi, verdict, NULL);
}

/* The other sources' blow-up times, against which a Pade pole is checked. */
#define REF_MAX 16
typedef struct refs {
  int n;
  const char *name[REF_MAX];
  double t[REF_MAX], err[REF_MAX]; /* in t, whatever the units shown */
  /* 1: a limit quantity (a limit law, an estimate from a limit series);
   * 0: finite p (simulation, an instance, a finite-p series).  A series
   * estimate is compared only with its own kind (issue 20). */
  int lim[REF_MAX];
  int series_lim; /* the kind of the series being analysed */
  double f;       /* shown times are f t ... */
  const char *u;  /* ... named u: "t", or "tau" after a scaled run (tau = p^g t) */
} refs;

/* a time t in the units shown */
static double ushow(const struct refs *rf, double t) { return rf && rf->f > 0 ? rf->f * t : t; }
static const char *uname(const refs *rf) { return rf && rf->u ? rf->u : "t"; }

static void ref_add(refs *r, const char *name, double t, double err, int lim) {
  if (r && r->n < REF_MAX && isfinite(t)) {
    r->lim[r->n] = lim;
    r->name[r->n] = name;
    r->t[r->n] = t;
    r->err[r->n] = isfinite(err) ? fabs(err) : 0;
    r->n++;
  }
}

/* The many-unit correction to the ascent law (gfd-theory(7) 5.4): per seed, the
 * largest unit seen as its own mean-field problem blows up first. */
static int blowup_largest_unit(session *s, table *tb, size_t K, const unsigned long *seeds, double t_limit,
                               refs *rf) {
  gfd_err e;
  gfd_err_clear(&e);
  size_t ndiv = 0;
  double sum = 0, lo = INFINITY, hi = -INFINITY, rsum = 0, ksum = 0;
  for (size_t k = 0; k < K; k++) {
    double *theta = flow_initial_params(s, seeds[k]);
    if (!theta) return -1;
    double ts, kh, rho;
    int v = gfd_ascent_largest_unit(&s->spec, theta, &ts, &kh, &rho, &e);
    free(theta);
    if (v < 0) return sh_error_lib(s, &e);
    rsum += rho / (double)K;
    ksum += kh / (double)K;
    if (v == 1) {
      ndiv++;
      sum += ts;
      lo = fmin(lo, ts);
      hi = fmax(hi, ts);
    }
  }
  char verdict[64];
  double mean = ndiv ? sum / (double)ndiv : NAN;
  snprintf(verdict, sizeof verdict, "%zu/%zu divergent", ndiv, K);
  /* "earlier" in ascent is nearer to 0: t* above the limit's (or a blow-up
   * where the limit converges); only then has the estimate a row */
  int earlier = ndiv && (!isfinite(t_limit) || mean > t_limit);
  if (earlier) {
    row(tb, rf, "ascent largest unit", mean, lo, hi, verdict);
    ref_add(rf, "ascent largest unit", mean, 0.5 * (hi - lo), 0);
  }
  double k0 = gfd_ascent_kappa_of(&s->spec);
  char lim[64];
  if (isfinite(t_limit)) snprintf(lim, sizeof lim, "against the limit's %.4g", ushow(rf, t_limit));
  else snprintf(lim, sizeof lim, "where the limit converges");
  if (earlier)
    say(s, "ascent largest unit: of %zu units at p = %zu the largest has |u|^2 = %.3g times the mean (mean over "
        "seeds) and sees kappa%d = %.4g instead of %.4g, so it blows up first, at %s* ~ %.4g %s; the simulated t* "
        "approaches the limit only slowly as p grows (largest norm ~ 1 + 2 sqrt(ln H / p))",
        s->spec.H, s->spec.p, rsum, s->spec.nu, ksum, k0, uname(rf), ushow(rf, mean), lim);
  else
    say(s, "ascent largest unit: the largest of the %zu units sees kappa%d = %.4g instead of %.4g (mean over seeds), "
        "%s: it does not change the limit's prediction", s->spec.H, s->spec.nu, ksum, k0,
        ndiv ? "but its own blow-up would not come earlier" : "below the threshold on its own");
  return 0;
}

/* explicit predictions: one row per applicable solution with a verdict */
static int blowup_explicit(session *s, table *tb, size_t K, const unsigned long *seeds, double tmin,
                           int *marked, int *nrows, refs *rf) {
  gfd_err e;
  gfd_err_clear(&e);
  char why[600];
  for (int i = 0; i < GFD_SOL_COUNT; i++) {
    gfd_sol_id id = (gfd_sol_id)i;
    const gfd_sol_info *info = gfd_solution_info(id);
    if (id == GFD_SOL_NTK_LIMIT || id == GFD_SOL_NTK_LINEAR) continue; /* no finite-time blow-up */
    if (gfd_solution_applies(id, &s->spec, tmin, 0, why, sizeof why) == GFD_APPLY_NO) continue;
    size_t reps = info->instance ? K : 1, ndiv = 0;
    double sum = 0, lo = INFINITY, hi = -INFINITY;
    char crit[200] = "";
    for (size_t k = 0; k < reps; k++) {
      double *theta = NULL;
      if (info->instance && !(theta = flow_initial_params(s, seeds[k]))) return -1;
      gfd_solution *S = gfd_solution_new(id, s->model, theta, sh_ctl(s), &e);
      free(theta);
      gfd_sol_blowup b;
      if (!S || gfd_solution_blowup(S, &b, &e)) {
        gfd_solution_free(S);
        return sh_error_lib(s, &e);
      }
      gfd_solution_free(S);
      if (k == 0) snprintf(crit, sizeof crit, "%s", b.criterion);
      if (b.verdict == 1) {
        ndiv++;
        sum += b.t_star;
        if (b.t_star < lo) lo = b.t_star;
        if (b.t_star > hi) hi = b.t_star;
      }
    }
    char verdict[64];
    double ts = ndiv ? sum / (double)ndiv : NAN;
    if (reps == 1) snprintf(verdict, sizeof verdict, "%s", ndiv ? "divergent" : "convergent");
    else snprintf(verdict, sizeof verdict, "%zu/%zu divergent", ndiv, reps);
    row(tb, rf, info->name, ts, ndiv ? lo : NAN, ndiv ? hi : NAN, verdict);
    if (ndiv) ref_add(rf, info->name, ts, 0.5 * (hi - lo), !info->instance);
    (*nrows)++;
    if (reps > 1) say(s, "%s: %s (seed %lu; mean over %zu seeds in the table)", info->name, crit, seeds[0], reps);
    else say(s, "%s: %s", info->name, crit);
    if (id == GFD_SOL_ASCENT_EVEN && ndiv) {
      /* the law's own time: tau = nu kappa sigma^(nu-2) t (4 sigma^2 t for nu = 4, kappa = 1) */
      double tf, lf;
      gfd_ascent_scales(&s->spec, &tf, &lf);
      say(s, "%s: t* = %.6g, that is tau* = %.6g in the law's own time tau = %d kappa sigma^%d t (= %.6g t)",
          info->name, ts, tf * ts, s->spec.nu, s->spec.nu - 2, tf);
    }
    if (ndiv && !*marked) { /* one mark, replaced by every blowup */
      sh_mark_set(s, "t* predicted", ts);
      *marked = 1;
    }
    /* with one unit the largest unit is the model itself: nothing to add */
    if (id == GFD_SOL_ASCENT_EVEN && s->spec.H > 1 && blowup_largest_unit(s, tb, K, seeds, ts, rf) < 0) return -1;
  }
  return 0;
}

/* The Borel-Pade row (gfd-theory(7) 5.5): t* read from the summed function
 * re-expanded around 0.55-0.65 t* (coefficient ratios with the blow-up
 * exponent a), with a bracket over orders, centres and maps; a number only when the bracket
 * is within 25% of |t*|.  The exponent is nu/(nu-1), that of the
 * free-evolution and nu = 4 ascent laws (5.2, 5.4), for nu >= 3; for nu = 2
 * it would have to be fitted, which is too rough for a bracket. */
static int blowup_borel(session *s, table *tb, refs *rf, const double *cs, int N, double tscale) {
  const char *none = gfd_verdict_name(GFD_VERDICT_NONE);
  if (N < GFD_BOREL_MIN_N) {
    row_status(tb, rf, "borel-pade", NAN, NAN, NAN, "none", none);
    say(s, "status borel-pade: %s -- needs a series of order N >= %d (got N = %d)", none, GFD_BOREL_MIN_N, N);
    return 0;
  }
  int nu = s->spec.nu;
  double a = nu >= 3 ? (double)nu / (nu - 1) : NAN;
  gfd_borel_blowup_t o;
  char why[400];
  gfd_err e;
  gfd_err_clear(&e);
  if (gfd_borel_blowup(cs, N, tscale, a, NAN, 0, &o, why, sizeof why, &e)) {
    row_status(tb, rf, "borel-pade", NAN, NAN, NAN, "none", none);
    if (e.code == GFD_ENOMEM) return sh_error_lib(s, &e); /* a fault, not a verdict */
    say(s, "status borel-pade: %s -- %s", none, e.msg);
    return 0;
  }
  const char *status = gfd_verdict_name(o.status);
  const char *verdict = o.status == GFD_VERDICT_OK ? "divergent"
                        : o.sign == 0              ? "levels off"
                        : o.status == GFD_VERDICT_INCONSISTENT ? "inconsistent"
                                                               : "none";
  /* an inconsistent bracket is shown (it is what the estimates span), but no t* */
  row_status(tb, rf, "borel-pade", o.t_star, o.t_lo, o.t_hi, verdict, status);
  if (o.status == GFD_VERDICT_OK) ref_add(rf, "borel-pade", o.t_star, 0.5 * (o.t_hi - o.t_lo), rf->series_lim);
  say(s, "status borel-pade: %s -- %s%s", status, why, tscale != 1 || rf->f != 1 ? " (times in t)" : "");
  if (o.status == GFD_VERDICT_OK)
    say(s, "borel-pade: %s* = %.6g in [%.6g, %.6g], from the Borel-Pade sum re-expanded around 0.55-0.65 t* "
        "(its Taylor coefficients there have radius |t* - t0|; their ratios with the blow-up exponent %.4g give t*), "
        "after the change of variable y = t/(1 + mu t), mu = %.4g, that extends the trusted range (to t = %.6g)",
        uname(rf), ushow(rf, o.t_star), ushow(rf, o.t_lo), ushow(rf, o.t_hi), o.exponent, o.mu, o.t_end);
  return 0;
}

static int blowup_series(session *s, const args *a, table *tb, unsigned long seed, refs *rf) {
  double cs[GFD_TAYLOR_NMAX + 1], tscale = 1;
  int N;
  char src[160];
  if (series_get(s, a, seed, DEFAULT_RATIO_N, cs, &N, &tscale, src, sizeof src) < 0) return -1;
  rf->series_lim = strstr(src, "source=limit") != NULL;
  gfd_err e;
  gfd_err_clear(&e);
  const char *pade_status = NULL;
  if (N >= 6) {
    gfd_sing sg;
    if (gfd_series_ratio(cs, N, 3, 5, &sg, &e)) return sh_error_lib(s, &e);
    double re = sg.re * tscale, err = sg.err * tscale, vt;
    char vwhy[200];
    gfd_verdict rv = gfd_verdict_ratio(&sg, &vt, vwhy, sizeof vwhy);
    const char *vname = gfd_verdict_name(rv);
    /* the times in why are in the series' own variable t/t0: say so when
     * the why has times and t0 is not 1 */
    int times = rv == GFD_VERDICT_DESCENT || rv == GFD_VERDICT_PAIR || rv == GFD_VERDICT_INCONSISTENT;
    say(s, "status domb-sykes: %s -- %s%s", vname, vwhy,
        times && tscale != 1 ? " (times in t/t0 of the series)" : "");
    if (sg.kind == GFD_SING_REAL) {
      /* a spread over the fit windows above 20% of |t| means the ratios have
       * not settled at this order */
      int unreliable = !(err <= 0.2 * fabs(re));
      row_status(tb, rf, "domb-sykes", re, re - err, re + err,
                 unreliable ? "unreliable" : re < 0 ? "divergent" : "descent-side", vname);
      if (!unreliable && re < 0) ref_add(rf, "domb-sykes", re, err, rf->series_lim);
      if (re > 0 && !unreliable)
        /* a singularity at t > 0 says nothing about the ascent: no exponent */
        say(s, "domb-sykes: %s has its nearest singularity on the descent side, %s = %.8g +- %.2g "
            "(three-term fit on coefficients %d..%d): a descent singularity, or a complex pair the real fit "
            "cannot resolve; it bounds the radius |%s| < %.4g and gives no ascent blow-up time", src, uname(rf),
            ushow(rf, re), ushow(rf, err), sg.nfirst, sg.nlast, uname(rf), ushow(rf, re));
      else
        say(s, "domb-sykes: nearest singularity %s = %.8g +- %.2g, exponent gamma = %.4g +- %.2g "
            "(three-term fit on coefficients %d..%d of %s)%s", uname(rf), ushow(rf, re), ushow(rf, err), sg.gamma,
            sg.gamma_err, sg.nfirst, sg.nlast,
            src, unreliable ? "; the fits disagree by more than 20%: not settled at this order (try a longer series)"
                            : "");
    } else if (sg.kind == GFD_SING_PAIR) {
      row_status(tb, rf, "domb-sykes", re, NAN, NAN, "complex-pair", vname);
      say(s, "domb-sykes: the nearest singularities are a complex pair %s = %.6g +- %.6g i (|%s| spread %.2g) "
          "of %s: no real blow-up time from the ratios", uname(rf), ushow(rf, re), ushow(rf, sg.im * tscale),
          uname(rf), ushow(rf, err), src);
    } else if (sg.kind == GFD_SING_ZERO) {
      row_status(tb, rf, "domb-sykes", NAN, NAN, NAN, "zero-radius", vname);
      say(s, "domb-sykes: the ratios of %s grow like n (factorial coefficients): an asymptotic series with "
          "zero radius, no blow-up estimate", src);
    } else {
      row_status(tb, rf, "domb-sykes", NAN, NAN, NAN, "none", vname);
      say(s, "domb-sykes: no finite singularity in view in %s", src);
    }
  } else {
    row_status(tb, rf, "domb-sykes", NAN, NAN, NAN, "none", gfd_verdict_name(GFD_VERDICT_NONE));
    say(s, "domb-sykes: needs at least 7 coefficients (%s has %d)", src, N + 1);
  }
  {
    /* Mercer-Roberts beside Domb-Sykes: it resolves a complex pair, which
     * the real ratio fit cannot (gfd-theory(7) 5.5) */
    double vt;
    char vwhy[300];
    gfd_verdict v = gfd_verdict_mercer_roberts(cs, N, &vt, vwhy, sizeof vwhy, &e);
    const char *vname = gfd_verdict_name(v);
    double ts = vt * tscale, err = NAN;
    gfd_sing mr;
    gfd_err e2 = {0};
    if (v == GFD_VERDICT_OK && gfd_series_mercer_roberts(cs, N, &mr, &e2) == GFD_OK) err = mr.err * tscale;
    if (v == GFD_VERDICT_OK) ref_add(rf, "mercer-roberts", ts, err, rf->series_lim);
    row_status(tb, rf, "mercer-roberts", ts, ts - err, ts + err,
               v == GFD_VERDICT_OK ? "divergent" : v == GFD_VERDICT_PAIR ? "complex-pair"
                                                  : v == GFD_VERDICT_DESCENT ? "descent-side"
                                                  : v == GFD_VERDICT_ZERO ? "zero-radius"
                                                  : v == GFD_VERDICT_INCONSISTENT ? "unreliable" : "none",
               vname);
    int times = v != GFD_VERDICT_ZERO && v != GFD_VERDICT_NONE;
    say(s, "status mercer-roberts: %s -- %s%s", vname, vwhy,
        times && tscale != 1 ? " (times in t/t0 of the series)" : "");
  }
  {
    double vt;
    char vwhy[200];
    gfd_verdict v = gfd_verdict_pade(cs, N, &vt, vwhy, sizeof vwhy, &e);
    if (e.code) return sh_error_lib(s, &e);
    pade_status = gfd_verdict_name(v);
    int times = v == GFD_VERDICT_DESCENT || v == GFD_VERDICT_PAIR || v == GFD_VERDICT_INCONSISTENT;
    say(s, "status pade: %s -- %s%s", pade_status, vwhy,
        times && tscale != 1 ? " (times in t/t0 of the series)" : "");
  }
  gfd_pade *P = gfd_pade_new(cs, N - N / 2, N / 2, 0, &e);
  if (!P) return sh_error_lib(s, &e);
  double tp;
  int m, n;
  gfd_pade_degrees(P, &m, &n);
  int f = gfd_pade_real_pole(P, -1, &tp, &e);
  gfd_pade_free(P);
  if (f < 0) return sh_error_lib(s, &e);
  /* a pole is an estimate: a verdict only when another source agrees (within
   * its own error bar, or 2%) */
  double t = tp * tscale;
  int agree = -1, near = -1, other = 0;
  for (int i = 0; f && i < rf->n; i++) {
    if (rf->lim[i] != rf->series_lim) {
      other++;
      continue;
    }
    double d = fabs(t - rf->t[i]);
    if (d <= fmax(rf->err[i], 0.02 * fabs(rf->t[i])) && agree < 0) agree = i;
    if (near < 0 || d < fabs(t - rf->t[near])) near = i;
  }
  row_status(tb, rf, "pade", f ? t : NAN, NAN, NAN, !f ? "none" : agree >= 0 ? "divergent" : "pole", pade_status);
  if (!f) say(s, "pade: [%d/%d] has no negative real pole", m, n);
  else if (agree >= 0)
    say(s, "pade: nearest negative real pole of [%d/%d] at %s = %.8g, corroborated by %s (%s = %.6g)", m, n,
        uname(rf), ushow(rf, t), rf->name[agree], uname(rf), ushow(rf, rf->t[agree]));
  else if (near >= 0)
    say(s, "pade: pole at %s = %.8g ([%d/%d], nearest negative real pole): an estimate, not a verdict; the nearest "
        "other estimate (%s, %s = %.6g) differs by %.2g%%", uname(rf), ushow(rf, t), m, n, rf->name[near], uname(rf),
        ushow(rf, rf->t[near]),
        100 * fabs(t - rf->t[near]) / fabs(rf->t[near]));
  else
    say(s, "pade: pole at %s = %.8g ([%d/%d], nearest negative real pole): an estimate, not a verdict (no other "
        "source to corroborate it)", uname(rf), ushow(rf, t), m, n);
  if (f && other)
    say(s, "pade: the series is a %s quantity: compared only with %s ones (%d %s source%s left out)",
        rf->series_lim ? "limit" : "finite-p", rf->series_lim ? "limit" : "finite-p", other,
        rf->series_lim ? "finite-p" : "limit", other > 1 ? "s" : "");
  return blowup_borel(s, tb, rf, cs, N, tscale);
}

/* The time seed k of the last run actually reached: seeds go on after
 * another one blows up, so the mean rows' last time is not it.  NaN if the
 * run is gone. */
static double member_time(session *s, size_t k) { return flow_seed_time(s, k); }

/* kappa_nu / kappa_c for an even-nu SYM model with identity target (the
 * ascent's control parameter over its threshold), NaN otherwise. */
static double kappa_ratio(const gfd_spec *sp) {
  if (sp->kind != GFD_SYM || sp->nu < 4 || sp->nu % 2 || sp->target != GFD_TGT_IDENTITY) return NAN;
  double k = gfd_ascent_kappa_of(sp);
  gfd_err e;
  gfd_ascent *A = k > 0 ? gfd_ascent_new(sp->nu, k, &e) : NULL;
  if (!A) return NAN;
  double r = k / gfd_ascent_kappa_c(A);
  gfd_ascent_free(A);
  return r;
}

/* The simulated rows of `blowup` and what they support: per seed diverged
 * (with its bracket), "no blow-up by T" (the seed reached the run's end T
 * alive, which is not convergence: it may blow up later) or interrupted; the
 * diverged fraction with its binomial standard error; the mean t* over the
 * diverged seeds with its standard error, and when that mean is biased. */
static void blowup_simulation(session *s, table *tb, size_t K, const unsigned long *bseed, const double *bts,
                              const double *blo, const double *bhi, const int *bst, refs *rf) {
  size_t ndiv = 0, nalive = 0, nint = 0;
  double sum = 0, sum2 = 0, talive = NAN, tint = NAN;
  for (size_t k = 0; k < K; k++) {
    char src[64], v[64];
    snprintf(src, sizeof src, "simulation seed=%lu", bseed[k]);
    if (bst[k] == GFD_RUN_BLOWUP) {
      row(tb, rf, src, bts[k], blo[k], bhi[k], "diverged");
      ndiv++;
      sum += bts[k];
      sum2 += bts[k] * bts[k];
      continue;
    }
    double tk = member_time(s, k);
    if (bst[k] == GFD_RUN_INTERRUPTED) {
      nint++;
      if (!(tk >= tint)) tint = tk; /* the latest (least negative) time an interrupted seed stopped at */
      snprintf(v, sizeof v, "interrupted at %s=%.6g", uname(rf), ushow(rf, tk));
    } else {
      nalive++;
      if (!(tk <= talive)) talive = tk; /* the seeds alive at the end reached T (the same for all) */
      snprintf(v, sizeof v, "no blow-up by T");
    }
    row(tb, rf, src, NAN, NAN, NAN, v);
  }
  char v[64];
  snprintf(v, sizeof v, "%zu/%zu diverged", ndiv, K);
  double mean = ndiv ? sum / (double)ndiv : NAN;
  double se = ndiv > 1 ? sqrt(fmax(0, (sum2 - ndiv * mean * mean) / (double)(ndiv - 1)) / (double)ndiv) : 0;
  row(tb, rf, "simulation mean", mean, ndiv ? mean - se : NAN, ndiv ? mean + se : NAN, v);
  /* one seed's t* for the series of that seed, else the mean */
  if (ndiv && bst[0] == GFD_RUN_BLOWUP) ref_add(rf, "simulation seed", bts[0], bhi[0] - blo[0], 0);
  else if (ndiv) ref_add(rf, "simulation mean", mean, se, 0);
  double f = (double)ndiv / (double)K, fse = sqrt(f * (1 - f) / (double)K);
  say(s, "simulation: %zu of %zu seeds diverged, fraction %.3g +- %.2g (binomial standard error "
      "sqrt(f (1 - f) / K))", ndiv, K, f, fse);
  if (ndiv > 1)
    say(s, "simulation: mean %s* over the %zu diverged seeds = %.8g +- %.2g (standard error)", uname(rf), ndiv,
        ushow(rf, mean), ushow(rf, se));
  if (nalive)
    say(s, "simulation: %zu seed%s reached %s = %g, the end T of the run, without blowing up: no blow-up by T "
        "(not convergence: a blow-up after T is not excluded)", nalive, nalive > 1 ? "s" : "", uname(rf),
        ushow(rf, talive));
  if (nint)
    say(s, "simulation: %zu seed%s stopped early (interrupted or out of time), the last at %s = %g", nint,
        nint > 1 ? "s" : "", uname(rf), ushow(rf, tint));
  double kr = kappa_ratio(&s->spec);
  if (ndiv && ndiv < K)
    say(s, "simulation: the mean t* over the diverged seeds alone is biased towards early blow-ups: the %zu "
        "seed%s still alive at T would blow up later, if at all%s", K - ndiv, K - ndiv > 1 ? "s" : "",
        kr > 1 && kr < 1.5 ? " (near kappa_c t* spreads widely and grows like ln(1/(kappa/kappa_c - 1)): run "
                             "further, to a more negative T, and with more seeds)"
                           : " (run further, to a more negative T)");
  else if (ndiv && kr > 1 && kr < 1.5)
    say(s, "simulation: near kappa_c (kappa/kappa_c = %.3g) t* spreads widely from seed to seed; with few seeds "
        "the mean over the diverged ones is biased by the seeds that happen to blow up late or not by T", kr);
}

/* Without an ascent run of the current model: the last sweep's runs (other
 * models, one row each), with the diverged fraction and its binomial
 * standard error.  Returns 1 if it reported a sweep. */
static int blowup_sweep(session *s, table *tb, refs *rf) {
  const struct sweep_blowups *w = scaling_last_sweep(s);
  if (!w) return 0;
  int ascent = 0;
  for (int k = 0; k < w->n; k++) ascent |= w->t_end[k] < 0 || w->ndiv[k] > 0;
  if (!ascent) return 0;
  say(s, "simulation: no ascent run of the current model; the last sweep's runs (other models) instead:");
  for (int k = 0; k < w->n; k++) {
    char src[96], v[64];
    double fr = w->seeds[k] ? (double)w->ndiv[k] / (double)w->seeds[k] : 0;
    snprintf(src, sizeof src, "sweep %s", w->name[k]);
    snprintf(v, sizeof v, "%zu/%zu diverged", w->ndiv[k], w->seeds[k]);
    /* t_star: the mean over the diverged seeds; t_lo: the first blow-up */
    row(tb, rf, src, w->t_mean[k], w->t_first[k], NAN, v);
    if (w->ndiv[k])
      say(s, "  %s: %zu of %zu seeds diverged, fraction %.3g +- %.2g (binomial standard error); first %s* = %.6g, "
          "mean over the diverged %.6g%s", w->name[k], w->ndiv[k], w->seeds[k], fr,
          sqrt(fr * (1 - fr) / (double)w->seeds[k]), uname(rf), ushow(rf, w->t_first[k]), ushow(rf, w->t_mean[k]),
          w->ndiv[k] < w->seeds[k] ? " (biased early: the others were alive at T)" : "");
    else
      say(s, "  %s: no blow-up by T (%s = %g) on any of %zu seeds", w->name[k], uname(rf), ushow(rf, w->t_end[k]),
          w->seeds[k]);
  }
  return 1;
}

static int run_blowup(session *s, const args *a) {
  if (sh_lr_refuse(s, "blowup") < 0) return -1;
  if (!s->model) return sh_error(s, -1, "no model defined (see help model)");
  size_t Nchk;
  if (args_size(s, a, "N", DEFAULT_RATIO_N, 0, 6, GFD_TAYLOR_NMAX, &Nchk) < 0) return -1;
  size_t K = 0;
  const unsigned long *bseed = NULL;
  const double *bts = NULL, *blo = NULL, *bhi = NULL;
  const int *bst = NULL;
  if (flow_last_blowups(s, &K, &bseed, &bts, &blo, &bhi, &bst) < 0) return -1;
  size_t ng;
  const double *tg;
  if (flow_last_grid(s, &ng, &tg) < 0) return -1;
  double tmin = 0;
  for (size_t i = 0; i < ng; i++)
    if (tg[i] < tmin) tmin = tg[i];
  /* an ascent run: a grid reaching t < 0, or blow-ups (the mean rows stop
   * before the first blow-up, possibly at t = 0 already) */
  int ascent = tmin < 0;
  for (size_t k = 0; k < K; k++) ascent |= bst[k] == GFD_RUN_BLOWUP;
  /* the units of the last run: tau = p^g t after a scaled run, else t */
  refs rf = {0};
  rf.f = 1;
  rf.u = "t";
  char title[160];
  double tfac;
  if (flow_last_time_factor(s, &tfac)) {
    rf.f = tfac;
    rf.u = "tau";
    snprintf(title, sizeof title, "blow-up times in tau = %.6g t, the last run's scaled time (tau < 0: ascent)",
             tfac);
  } else
    snprintf(title, sizeof title, "blow-up times in t, the gradient-flow time (t < 0: gradient ascent)");
  table *tb = table_new(s->csv ? "" : title, "source,t_star,t_lo,t_hi,status,verdict");
  if (!tb) return sh_error(s, -1, "out of memory for the table");
  char fb[40];
  if (s->csv && rf.f != 1) sh_note(s, "blowup: times in tau = %s t (the last run was scaled)", sh_num(fb, sizeof fb, rf.f));
  unsigned long one = s->spec.seed;
  const unsigned long *seeds = K ? bseed : &one;
  size_t nseeds = K ? K : 1;
  /* simulation */
  if (K && ascent) blowup_simulation(s, tb, K, bseed, bts, blo, bhi, bst, &rf);
  else if (!(K == 0 && blowup_sweep(s, tb, &rf)))
    say(s, "simulation: no ascent run yet (e.g. `ascent run T=-1 seeds=8`): predictions only");
  int marked = 0, nexp = 0;
  if (blowup_explicit(s, tb, nseeds, seeds, ascent ? tmin : -INFINITY, &marked, &nexp, &rf) < 0 ||
      blowup_series(s, a, tb, seeds[0], &rf) < 0) {
    table_free(tb);
    return -1;
  }
  if (!nexp) say(s, "no explicit solution predicts the ascent of this model (see `solutions`)");
  sh_emit_table(s, tb);
  return 0;
}

/* ------------------------------------------------------------------ table */
static const char sum_help[] =
    "Sums the loss series, or evaluates an explicit solution, on the time grid of the\n"
    "last flow/ascent run (or on 0..T with T= and points=; after a sweep alone, over\n"
    "the sweep's time range, with a note), as the table t,summed\n"
    "(and summed_excess = L - |y|^2/2, computed from its own terms, for explicit\n"
    "solutions).  The curve goes to the plot view.  Methods:\n"
    "  auto      (default) the explicit solution valid for the current model and\n"
    "            time range, in the order sym2-exact, ascent, free-units, free-mean,\n"
    "            ntk-linear (only when the flow is lazy), sym2-mp; it says which and\n"
    "            why.  When none applies: Pade, and it says so.\n"
    "  explicit  the same, but an error when none applies; solution=NAME picks one\n"
    "            (see `solutions`; an error with the reason when it does not apply).\n"
    "  pade      Pade [m/n] (m = N - N/2, n = N/2) of the last `series`, or of the\n"
    "            instance series of order N= (default 20), computed by SVD (robust\n"
    "            to rank deficiency, which lowers the degrees); NaN past the first\n"
    "            real pole on either side.\n"
    "  characteristics  SYM nu=2: the MP-limit loss through the characteristics of\n"
    "            K_t = 4(1+q) K_q; SYM nu=4 ascent: the generating function Q(tau,z)\n"
    "            with its self-consistent coefficient a = kappa4 Q(tau,0)^3.\n"
    "  borel     Borel-Pade sum of the same series as pade (N >= 8): the Borel\n"
    "            transform sum c_n s^n/n! continued by SVD Pade, then the Laplace\n"
    "            integral (GSL qagiu); sums series with zero radius (the nu=4 limit\n"
    "            near the threshold).  Table t,summed,spread,trusted: spread is the\n"
    "            change from two neighbouring Pade orders and (t < 0 after the\n"
    "            conformal map) from the sum without the map; trusted = yes where it\n"
    "            is below 1e-3 of the sum, and that range around t = 0 is marked.\n"
    "            Measured on explicit cases the error there is up to 2x the spread.\n"
    "            When the Borel coefficients show a cut on s > 0, t < 0 is summed\n"
    "            after the conformal map that opens it (it says so).\n"
    "Instance solutions (sym2-exact, free-units, ntk, ntk-linear) are averaged over\n"
    "the seeds of the last run (or seed=, seeds=).  Values past a blow-up are empty.\n"
    "The table is in t and L units; after `flow run scaled=yes` the plot shows the\n"
    "curve in the run's tau and p^E0 units.\n"
    "Examples: ascent run T=-0.2 seeds=4; sum    sum method=pade N=30";

static const char solutions_help[] =
    "Lists the known explicit solutions and whether each applies\n"
    "to the current model over the time range of the last run, with the deciding\n"
    "numbers: applies = exact (exact at this size), approx (a large-size limit or\n"
    "regime law), no (with the reason).  `solutions NAME` shows one solution's\n"
    "formula, domain of validity and verdict as key,value rows; for sym2-mp and\n"
    "the nu=4 ascent, also whether their characteristics cross (a caustic) on the\n"
    "last run's grid, and where.\n"
    "  sym2-exact  SYM nu=2: eigenvalues of W = U^T U are logistic (any size)\n"
    "  sym2-mp     its Marchenko-Pastur limit, H/p -> c, sigma^2 = s/p\n"
    "  free-units  free evolution per unit (target and cross terms negligible)\n"
    "  free-mean   even-nu SYM free evolution, common shrinking law\n"
    "  ntk         lazy limit L(0) exp(-2kt) (ASYM, odd-nu SYM with a > nu-1,\n"
    "              a + nu b/2 > 0; the reason estimates its error from how far\n"
    "              the parameters move)\n"
    "  ntk-linear  the exact linearised curve of an instance (a reference)\n"
    "  ascent      SYM even nu >= 4 gradient ascent: kappa_nu vs kappa_c(nu)\n"
    "              (kappa_c = 2.077809448 for nu=4, 5.20024 for nu=6, 14.5858\n"
    "              for nu=8); with many units the largest blows up first\n"
    "Examples: solutions    solutions ascent";

static const char blowup_help[] =
    "Compares gradient-ascent blow-up times side by side, as the table\n"
    "source,t_star,t_lo,t_hi,status,verdict:\n"
    "  simulation seed=S  per seed of the last ascent run: diverged (bracket\n"
    "                     [t_lo, t_hi]), or no blow-up by T (alive at the run's end\n"
    "                     T, which is not convergence), or interrupted;\n"
    "  sweep NAME         without an ascent run of the current model, the last\n"
    "                     sweep's runs: t_star the mean over the diverged seeds,\n"
    "                     t_lo the first blow-up (the runs are other models);\n"
    "  simulation mean    mean t* over the seeds that diverged (+- standard error;\n"
    "                     biased early when some seeds were still alive at T);\n"
    "                     the lines above the table give the diverged fraction\n"
    "                     with its binomial standard error;\n"
    "  one row per explicit solution that predicts the ascent (its criterion is\n"
    "  printed, e.g. kappa4 = 2.31 > kappa_c = 2.0778: divergent; instance\n"
    "  solutions are evaluated on the same seeds, t_lo/t_hi their range);\n"
    "  domb-sykes         nearest singularity of the loss series from the three-term\n"
    "                     ratio fit r_n = A + B/n + C/n^2 (and the exponent,\n"
    "                     printed); [t_lo, t_hi] covers the spread over shifted\n"
    "                     and longer fit windows plus twice the change from one\n"
    "                     more fit term (D/n^3): it is meant to hold the truth;\n"
    "  mercer-roberts     the nearest singularities as a pair |t_s| e^(+-i theta)\n"
    "                     (Mercer-Roberts, N >= 10): complex-pair, or a real one\n"
    "                     (theta = 0 or pi) with [t_lo, t_hi] its error;\n"
    "  pade               the nearest negative real pole of the Pade approximant:\n"
    "                     verdict `divergent` only when another source agrees\n"
    "                     (within its bracket or 2%), else `pole` (an estimate).\n"
    "  borel-pade         t* read from the Borel-Pade sum (see `sum method=borel`,\n"
    "                     N >= 8): re-expanded around 0.55-0.65 t*, where its\n"
    "                     Taylor series has the radius |t* - t0|, the ratios of\n"
    "                     the coefficients with the blow-up exponent a = nu/(nu-1)\n"
    "                     (nu >= 3) give t*; [t_lo, t_hi] spans the estimates over\n"
    "                     orders, centres, maps and units of the series.  ok\n"
    "                     (verdict divergent) only when that is within 25% of\n"
    "                     |t*|; `inconsistent` shows the span without t*; `levels\n"
    "                     off`: no blow-up sign in the trusted range.\n"
    "Series rows also get a status, with a line `status SOURCE: ... -- why`:\n"
    "  ok, descent-side, complex-pair, zero-radius: use borel (factorial\n"
    "  coefficients), inconsistent (fit windows or orders N-2..N disagree), no\n"
    "  estimate.\n"
    "  ascent largest unit  (SYM even nu, H > 1) per seed, the largest unit seen as\n"
    "                     its own mean-field problem: a row only when that\n"
    "                     blow-up comes before the limit's (a line says so\n"
    "                     either way).\n"
    "The series is the last `series`, or the instance series of order N= (default\n"
    "30).  Times are in the last run's units, named in the title: t, or tau = p^g t\n"
    "after a run with scaled=yes; the nu=4 ascent law also gives its tau* in its own\n"
    "time tau = 4 kappa sigma^2 t.\n"
    "The predicted t* is marked in the plot view.  With many units the largest unit\n"
    "blows up first, so at finite p the simulated t* comes earlier than a limit law.\n"
    "Example: model sym nu=4 p=2000 H=1 kappa4=3; ascent run T=-3500 seeds=8; blowup\n"
    "(kappa4 = 3 > kappa_c: the limit predicts t* = -0.13287/(4 sigma^2) = -1715,\n"
    "inside the run).";

static const char *const solutions_keys[] = {NULL};

static const command cmd_solution_table[] = {
    {"sum", "[method=auto|explicit|pade|characteristics|borel] [solution=] [N=] [T=] [points=] [seed=] [seeds=]",
     "summed series / explicit solution on the last run's grid", sum_help, "solutions", sum_keys, 0, 0,
     run_sum},
    {"solutions", "[NAME]", "known explicit solutions and whether each applies now", solutions_help,
     "solutions", solutions_keys, 0, 1, run_solutions},
    {"blowup", "[N=]", "simulated vs predicted vs series blow-up times", blowup_help, "solutions", blowup_keys, 0,
     0, run_blowup},
    {0}};

const area area_solution = {
    .name = "solution",
    .commands = cmd_solution_table,
};
