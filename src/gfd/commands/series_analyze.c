/* series_analyze.c - `series analyze`: everything gfd can say about the kept
 * series on one screen (and as key,value CSV), for teaching: how its
 * coefficients grow, why its truncated sums fail at a given t, what each
 * singularity estimator concludes (with its status and one line why), and
 * what sums it (gfd-theory(7) 5.5).  Part of the taylor area (cmd_taylor.c
 * calls it); only library calls, no state of its own. */
#include <config.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "area.h"
#include "scaling_provider.h"
#include "series_analyze.h"

/* The rows, kept for the text form: keys padded, values wrapped under
 * themselves within 80 columns (the CSV form is the table itself). */
#define AN_ROWS 16
typedef struct {
  table *t;
  int n;
  const char *key[AN_ROWS];
  char val[AN_ROWS][600];
} rows_t;

static void kv(rows_t *r, const char *k, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void kv(rows_t *r, const char *k, const char *fmt, ...) {
  if (r->n >= AN_ROWS) return;
  char *v = r->val[r->n];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(v, sizeof r->val[0], fmt, ap);
  va_end(ap);
  r->key[r->n++] = k;
  table_str(r->t, k);
  table_str(r->t, v);
  table_endrow(r->t);
}

static void rows_emit(session *s, rows_t *r, const char *title) {
  if (s->csv) {
    sh_emit_table(s, r->t);
    return;
  }
  FILE *o = s->out;
  sh_wrap(o, 0, 2, title);
  size_t w = 0;
  for (int i = 0; i < r->n; i++)
    if (strlen(r->key[i]) > w) w = strlen(r->key[i]);
  for (int i = 0; i < r->n; i++) {
    int col = fprintf(o, "%-*s  ", (int)w, r->key[i]);
    sh_wrap(o, col, col, r->val[i]);
  }
  table_free(s->last_table);
  s->last_table = r->t;
}

/* The end of the range on t < 0 next to 0 where the Borel-Pade orders agree
 * to GFD_BOREL_RTOL (steps of 2% from t0/400 out to 20 t0); 0 if none.  One
 * failed point followed by a trusted one is a glitch (a quadrature that did
 * not converge there; measured: kappa4 = 2.5, p = 8000 at t = -1153 while
 * the sum holds to 0.44 t*), not the end. */
static int borel_trusted_at(gfd_borel *B, double t) {
  double f, err;
  gfd_err e = {0};
  gfd_borel_eval_checked(B, 1, &t, &f, &err, &e);
  unsigned char tr;
  return gfd_borel_trusted(&f, &err, 1, 0, &tr);
}

static double borel_trusted_end(gfd_borel *B, double t0) {
  double good = 0;
  for (double t = -t0 / 400; t >= -20 * t0; t -= fmax(t0 / 400, 0.02 * fabs(t))) {
    if (!borel_trusted_at(B, t)) {
      double t2 = t - fmax(t0 / 400, 0.02 * fabs(t));
      if (!(t2 >= -20 * t0) || !borel_trusted_at(B, t2)) break;
      t = t2;
    }
    good = t;
  }
  return good;
}

int series_analyze(session *s) {
  if (s->series_N < 0) return sh_error(s, -1, "no series yet: run `series N=...` first (see help series)");
  int N = s->series_N;
  if (N < GFD_BOREL_MIN_N)
    return sh_error(s, -1, "series analyze needs a series of order N >= %d (the last one has N = %d)",
                    GFD_BOREL_MIN_N, N);
  double c[GFD_TAYLOR_NMAX + 1], scale = 1;
  memcpy(c, s->series_coef, ((size_t)N + 1) * sizeof *c);
  const char *unit = "t";
  /* the limit series in its own time tau, where its coefficients are O(1)
   * to O(n! 4^n) rather than tiny (the same as sum and blowup do) */
  if (!strcmp(s->series_source, "limit")) {
    double tfac = 1, lfac = 1;
    if (scaling_limit_coefs(s, N, c) < 0 || scaling_factors(s, &tfac, &lfac) < 0) return -1;
    for (int n = 0; n <= N; n++) c[n] *= lfac;
    scale = 1 / tfac;
    unit = "t (series summed in the limit's tau)";
  }
  const char *title = "analysis of the last series (gfd-theory(7) 5.5)";
  rows_t *t = calloc(1, sizeof *t);
  if (!t || !(t->t = table_new(s->csv ? "" : title, "key,value"))) {
    free(t);
    return sh_error(s, -1, "out of memory for the table");
  }
  kv(t, "series", "source=%s, N=%d, in %s", s->series_source, N, unit);
  gfd_err e;
  gfd_err_clear(&e);
  gfd_sing sg;
  int zero = 0;
  double R = NAN;
  if (gfd_series_ratio(c, N, 3, 5, &sg, &e) == GFD_OK) {
    zero = sg.kind == GFD_SING_ZERO;
    double r = fabs(c[N] / c[N - 1]);
    if (zero)
      kv(t, "growth", "|c_N/c_(N-1)| = %.4g N (per unit of t): factorial, c_n ~ n! A^n, zero radius",
         r / (N * scale));
    else if (sg.kind == GFD_SING_NONE)
      kv(t, "growth", "the ratios go to 0: entire to this order");
    else {
      R = hypot(sg.re, sg.im) * scale;
      kv(t, "growth", "geometric: |c_n| ~ R^-n with radius R = %.6g", R);
    }
  }
  if (zero)
    kv(t, "why the sum fails", "zero radius: for every t != 0 the terms c_n t^n eventually grow (from n ~ 1/(A|t|) "
       "on), so the truncated sums diverge; they are only an asymptotic expansion");
  else if (isfinite(R))
    kv(t, "why the sum fails", "the truncated sums converge for |t| < %.6g and diverge beyond: the nearest "
       "singularity (below) bounds them", R);
  else
    kv(t, "why the sum fails", "no singularity in view: the truncated sums converge wherever the order suffices");
  /* the estimators, each with its status and why */
  char why[400];
  double v;
  gfd_verdict vr = gfd_verdict_ratio(&sg, &v, why, sizeof why);
  kv(t, "domb-sykes", "%s -- %s", gfd_verdict_name(vr), why);
  gfd_verdict vm = gfd_verdict_mercer_roberts(c, N, &v, why, sizeof why, &e);
  kv(t, "mercer-roberts", "%s -- %s", gfd_verdict_name(vm), why);
  gfd_verdict vp = gfd_verdict_pade(c, N, &v, why, sizeof why, &e);
  if (e.code == GFD_ENOMEM) {
    table_free(t->t);
    free(t);
    return sh_error_lib(s, &e);
  }
  kv(t, "pade", "%s -- %s", gfd_verdict_name(vp), why);
  if (scale != 1 && (vr != GFD_VERDICT_ZERO || vm != GFD_VERDICT_ZERO || vp != GFD_VERDICT_ZERO))
    kv(t, "note", "times in the three lines above are in tau = t / %.6g", scale);
  /* Borel-Pade: where it is trusted, and the blow-up read from it */
  gfd_err_clear(&e);
  gfd_borel *B = gfd_borel_new(c, N, scale, &e);
  if (!B && e.code == GFD_ENOMEM) { /* a fault, not a property of the series */
    table_free(t->t);
    free(t);
    return sh_error_lib(s, &e);
  }
  if (!B) {
    kv(t, "borel-pade", "no sum: %s", e.msg);
  } else {
    double cut = gfd_borel_cut(B);
    if (isfinite(cut))
      kv(t, "borel transform", "B(s) = sum c_n s^n/n! has a cut from s = %.6g (t units) on: the forward-time "
         "side; t < 0 is summed after the conformal map that opens it", cut * scale);
    double t0 = fabs(c[N - 1] / c[N]) * (zero ? N : 1) * scale;
    double te = borel_trusted_end(B, isfinite(t0) && t0 > 0 ? t0 : scale);
    gfd_borel_free(B);
    if (te < 0)
      kv(t, "borel-pade sum", "trusted (orders N-2..N agree to %g) for t in [%.6g, 0]; `sum method=borel` "
         "tables it", GFD_BOREL_RTOL, te);
    else
      kv(t, "borel-pade sum", "not trusted next to t < 0: the neighbouring orders disagree");
    gfd_borel_blowup_t o;
    double a = s->spec.nu >= 3 ? (double)s->spec.nu / (s->spec.nu - 1) : NAN;
    gfd_err_clear(&e);
    if (gfd_borel_blowup(c, N, scale, a, NAN, 0, &o, why, sizeof why, &e) == GFD_OK && o.status == GFD_VERDICT_OK)
      kv(t, "borel-pade blow-up", "ok: t* = %.6g in [%.6g, %.6g] -- %s", o.t_star, o.t_lo, o.t_hi, why);
    else if (!e.code)
      kv(t, "borel-pade blow-up", "%s -- %s", gfd_verdict_name(o.status), why);
    else if (e.code == GFD_ENOMEM)
      sh_error_lib(s, &e); /* a fault, not a verdict: the command fails */
    else
      kv(t, "borel-pade blow-up", "no estimate -- %s", e.msg);
  }
  if (zero)
    kv(t, "what sums it", "Borel-Pade (`sum method=borel`): the terms c_n/n! converge, their continuation is "
       "Laplace-integrated; Pade and the ratios of the raw series cannot see past the zero radius");
  else if (isfinite(R))
    kv(t, "what sums it", "inside |t| < %.6g the truncated sum; beyond it Pade (`sum method=pade`) continues "
       "it up to the first real pole, and Borel-Pade as a check", R);
  else
    kv(t, "what sums it", "the truncated sum itself");
  rows_emit(s, t, title);
  free(t);
  return 0;
}
