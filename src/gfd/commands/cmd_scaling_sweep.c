/* cmd_scaling_sweep.c - `sweep KEY=v1,v2,...`: rerun the current setup for each
 * value of one model or scaling key, keep each run as a named curve, and (with
 * p= under a scaling) show the scaled curves with the limit series so that the
 * finite-size curves can be watched collapsing onto the limit. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cmd_scaling.h"
#include "flow_provider.h"

#define SWEEP_MAX 16

const char *const sc_sweep_keys[] = {"p",  "H",  "sigma", "kappa", "nu", "seed", "seeds", "a",
                                     "b",  "c",  "CH",    "Cs",    "Ck", "T",    "N",     "scaled",
                                     NULL};

const char sc_sweep_help[] =
    "Reruns the current model (gradient flow, `set points`, `set method`, ...) once\n"
    "for each value of one key, given as a comma-separated list: a model key (p, H,\n"
    "sigma, kappa, nu, seed), the number of seeds (seeds=1,4,16), or a scaling key\n"
    "(a, b, c, CH, Cs, Ck; needs a scaling).  Under a scaling, p, a, b, c and the\n"
    "prefactors derive H, sigma and kappa as `model p=` does.  Each run is kept as a\n"
    "curve named after its value (\"p=64\") that `plot` overlays and `export` writes;\n"
    "the table printed has one column per run.  seeds= (a single value) averages\n"
    "each run over that many seeds; T= is the final time (default 1; negative:\n"
    "gradient ascent).\n"
    "With a scaling and a sweep over p (or scaled=yes), the curves are scaled: each\n"
    "run is shown as L/p^E0 against tau = p^g t (T is then in tau units, so every run\n"
    "covers the same tau range), together with the limit series to order N (curve\n"
    "`limit N=..`, drawn where its last term is below 1% of the sum) and its Pade\n"
    "approximant [N/2 / N - N/2] (curve `limit Pade`, column limit_pade), which\n"
    "continues it past the radius of convergence, so the\n"
    "finite-size curves can be watched collapsing onto the limit.  When the scaling\n"
    "follows the excess (scaling limit=excess, or auto with a frozen loss) the\n"
    "curves are (L - ||y||^2/2)/p^E0, the excess computed from its own terms.\n"
    "Sweeping a, b, c, CH, Cs, Ck (or nu with scaled=yes) changes E0 and g from\n"
    "column to column: the table says so and lists each column's regime and\n"
    "units; a run with no limit (frozen) is kept as L/p^E0 against t.  Each run\n"
    "gets its own limit curves, and `plot` draws the runs side by side, a panel\n"
    "each in its own units (plot panels=).  A run whose seeds blow up stops its\n"
    "mean rows at the first blow-up (blank cells below): a line lists each run's\n"
    "blow-ups (the diverged fraction with its binomial standard error, the first\n"
    "t*, or tau*, and the mean over the seeds that diverged with its standard\n"
    "error, biased early while some seeds are alive at T; runs without one say\n"
    "no blow-up by T).\n"
    "`sum` afterwards works on the current model over the sweep's time range.\n"
    "Example: scaling a=1 b=-1; sweep p=32,64,128 T=0.5 seeds=4";

typedef struct run {
  gfd_spec spec;
  gfd_scaling sc;
  size_t seeds;
  char name[64];
  double tfac, lfac, half_y2; /* scaled: tau = tfac t, y = Q/lfac, Q = L or the excess */
  int excess;                 /* scaled: the limit follows the excess */
  double g, e0;               /* scaled: the exponents of this run's scaling */
  /* a sweep across regimes (panels): each run's own limit and regime */
  double limit[GFD_REGIME_NMAX + 1];
  int has_limit;              /* 0: no dynamical quantity (frozen): L/p^E0 against t */
  char regime[48];            /* "ntk", "free (excess)", "frozen" */
  char g_str[24];             /* g exactly ("1/4") */
  size_t n;
  double *t, *loss, *se;      /* the column shown: loss (or scaled Q) */
  flow_sim sim;               /* the run: loss, excess (computed directly), blow-ups */
} run;

static const char *sweep_key(const args *a) {
  static const char *const keys[] = {"p", "H", "sigma", "kappa", "nu", "seed", "a", "b", "c", "CH", "Cs", "Ck", NULL};
  const char *found = NULL;
  for (int i = 0; keys[i]; i++)
    if (args_has(a, keys[i])) {
      if (found) return "";
      found = keys[i];
    }
  if (!found && args_has(a, "seeds")) return "seeds";
  return found;
}

static int is_scaling_key(const char *k) {
  return !strcmp(k, "a") || !strcmp(k, "b") || !strcmp(k, "c") || !strcmp(k, "CH") ||
         !strcmp(k, "Cs") || !strcmp(k, "Ck");
}

/* Split "v1,v2,..." into at most SWEEP_MAX words (in buf). */
static int split_values(session *s, const args *a, const char *key, char *buf, size_t n,
                        char **vals, int *nv) {
  const char *v = args_str(a, key);
  if (!v || !*v) return sh_error(s, args_off(a, key), "%s= needs a list of values", key);
  if (strlen(v) >= n) return sh_error(s, args_off(a, key), "%s=: the list is too long", key);
  strcpy(buf, v);
  *nv = 0;
  for (char *tok = buf;;) {
    char *c = strchr(tok, ',');
    if (c) *c = '\0';
    if (!*tok) return sh_error(s, args_off(a, key), "%s=%s: an empty value in the list", key, v);
    if (*nv == SWEEP_MAX)
      return sh_error(s, args_off(a, key), "%s=: at most %d values", key, SWEEP_MAX);
    vals[(*nv)++] = tok;
    if (!c) break;
    tok = c + 1;
  }
  return 0;
}

/* Build run k's spec and scaling from value v of key. */
static int setup_run(session *s, const args *a, const char *key, const char *v, int have_sc,
                     const gfd_scaling *sc0, size_t seeds, run *r) {
  int off = args_off(a, key);
  r->spec = s->spec;
  r->sc = *sc0;
  r->seeds = seeds;
  snprintf(r->name, sizeof r->name, "%s=%s", key, v);
  double d;
  size_t z;
  int derive = have_sc;
  if (!strcmp(key, "p") || !strcmp(key, "H") || !strcmp(key, "nu") || !strcmp(key, "seeds") ||
      !strcmp(key, "seed")) {
    if (sh_parse_size(v, &z) < 0 || z < 1)
      return sh_error(s, off, "%s=: '%s' is not a positive integer", key, v);
    if (!strcmp(key, "p")) r->spec.p = z;
    else if (!strcmp(key, "H")) r->spec.H = z, derive = 0;
    else if (!strcmp(key, "nu")) r->spec.nu = (int)(z > 64 ? 64 : z);
    else if (!strcmp(key, "seeds")) r->seeds = z, derive = 0;
    else r->spec.seed = z, derive = 0;
  } else if (!strcmp(key, "sigma") || !strcmp(key, "kappa")) {
    if (sh_parse_double(v, &d) < 0 || d < 0)
      return sh_error(s, off, "%s=: '%s' is not a non-negative number", key, v);
    if (!strcmp(key, "sigma")) r->spec.sigma = d;
    else r->spec.kappa = d;
    derive = 0;
  } else {
    gfd_rat q;
    if (gfd_scaling_parse_rat(v, &q) != GFD_OK)
      return sh_error(s, off, "%s=: '%s' is not a rational (like 1, -7/6, 0.25)", key, v);
    if (!strcmp(key, "a")) r->sc.a = q;
    else if (!strcmp(key, "b")) r->sc.b = q;
    else if (!strcmp(key, "c")) r->sc.c = q;
    else if (!strcmp(key, "CH")) r->sc.CH = q;
    else if (!strcmp(key, "Cs")) r->sc.Cs = q;
    else r->sc.Ck = q;
    gfd_err e;
    gfd_err_clear(&e);
    if (gfd_scaling_check(&r->sc, &e) != GFD_OK) return sh_error(s, off, "%s=%s: %s", key, v, e.msg);
  }
  if (derive && sc_derive_spec(s, &r->sc, NULL, &r->spec) < 0) return -1;
  gfd_err e;
  gfd_err_clear(&e);
  if (gfd_spec_check(&r->spec, &e) != GFD_OK) return sh_error(s, off, "%s=%s: %s", key, v, e.msg);
  r->half_y2 = r->spec.target == GFD_TGT_IDENTITY ? 0.5 * r->spec.kappa * r->spec.kappa * (double)r->spec.p : 0;
  r->tfac = r->lfac = 1;
  return 0;
}

static void free_runs(run *r, int n) {
  for (int i = 0; i < n; i++) {
    flow_sim_free(&r[i].sim);
    free(r[i].loss), free(r[i].se);
    r[i].t = r[i].loss = r[i].se = NULL;
  }
}

/* Per run: its units when they differ between columns, and its blow-ups
 * (a run's mean rows stop before its first blow-up: the blank cells). */
static void sweep_report(session *s, const run *runs, int done, int scaled, int per_col, double T) {
  const char *unit = scaled ? "tau" : "t";
  size_t cap = 256 + (size_t)done * 200, len = 0;
  char *buf = malloc(cap);
  if (!buf) return;
  buf[0] = '\0';
  int any = 0;
  for (int k = 0; k < done; k++) any |= runs[k].sim.ndiv > 0;
  if (per_col) {
    len += (size_t)snprintf(buf + len, cap - len, "units per column:");
    for (int k = 0; k < done && len < cap; k++) {
      if (!runs[k].has_limit) { /* frozen: no time scale, shown against t */
        len += (size_t)snprintf(buf + len, cap - len, "%s %s: %s, no limit: L/p^%.4g against t", k ? ";" : "",
                                runs[k].name, runs[k].regime, runs[k].e0);
        continue;
      }
      len += (size_t)snprintf(buf + len, cap - len, "%s %s: %s, tau = p^%.4g t, %s/p^%.4g", k ? ";" : "",
                              runs[k].name, runs[k].regime, runs[k].g, runs[k].excess ? "excess" : "L", runs[k].e0);
    }
    if (s->csv) sh_note(s, "sweep: %s", buf);
    else sh_wrap(s->out, 0, 2, buf);
    len = 0;
    buf[0] = '\0';
  }
  if (any) {
    len += (size_t)snprintf(buf + len, cap - len, "blow-ups (a run's rows stop before its first one, hence blank "
                                                  "cells):");
    for (int k = 0; k < done && len < cap; k++) {
      const run *r = &runs[k];
      double f = scaled ? r->tfac : 1;
      /* the diverged fraction with its binomial standard error sqrt(fr (1 - fr) / K) */
      double fr = r->sim.seeds ? (double)r->sim.ndiv / (double)r->sim.seeds : 0;
      double fse = r->sim.seeds ? sqrt(fr * (1 - fr) / (double)r->sim.seeds) : 0;
      if (r->sim.ndiv)
        len += (size_t)snprintf(buf + len, cap - len, "%s %s: %zu/%zu seeds (%.3g +- %.2g), first at %s* = %.6g",
                                k ? ";" : "", r->name, r->sim.ndiv, r->sim.seeds, fr, fse, unit, f * r->sim.t_first);
      else
        len += (size_t)snprintf(buf + len, cap - len, "%s %s: no blow-up by %s = %g", k ? ";" : "", r->name, unit, T);
      /* the mean over the diverged seeds only, with its standard error:
       * biased early while some seeds are alive at T */
      if (r->sim.ndiv > 1 && len < cap)
        len += (size_t)snprintf(buf + len, cap - len, " (mean over the diverged %.6g +- %.2g%s)", f * r->sim.t_mean,
                                fabs(f) * r->sim.t_mean_se, r->sim.ndiv < r->sim.seeds ? ", biased early" : "");
    }
    if (s->csv) sh_note(s, "sweep: %s", buf);
    else sh_wrap(s->out, 0, 2, buf);
  }
  free(buf);
}

/* One sweep's runs and what is drawn from them, shared by its steps. */
typedef struct sweep {
  const char *key;
  int N, scaled, nv, done;
  run runs[SWEEP_MAX];
  double limit[GFD_REGIME_NMAX + 1]; /* the limit series (scaled) */
  int lim_ok, lim_excess;
  size_t rows;                       /* the longest run's grid carries the table */
  int longest;
  double *lim_y, *pade_y;            /* the limit and its Pade approximant on that grid */
  size_t lim_n, pade_n;
} sweep;

/* Keys whose values move the scaling itself (and so, maybe, the regime):
 * each run is drawn in a panel of its own units with its own limit. */
static int sweep_panels_key(const char *k) { return is_scaling_key(k) || !strcmp(k, "nu"); }

/* Scale factors (and the limit series) from the diagrams, before any run. */
static int sweep_factors(session *s, struct scaling_state *st, const args *a, sweep *w) {
  gfd_regime_result *res = calloc(1, sizeof *res);
  if (!res) return sh_error(s, -1, "out of memory for the regime analysis");
  for (int k = 0; k < w->nv; k++) {
    run *r = &w->runs[k];
    gfd_spec keep = s->spec;
    s->spec = r->spec; /* the analysis follows the run's kind, nu, target */
    int rc = sc_classify(s, &r->sc, w->N, res);
    s->spec = keep;
    if (rc < 0) {
      free(res);
      return -1;
    }
    const char *why;
    const gfd_regime_quantity *q = sc_limit_quantity(st, res, &why);
    double p = (double)r->spec.p;
    if (!q && sweep_panels_key(w->key)) {
      /* a sweep across regimes meets one without a limit (frozen): the run
       * is kept as L/p^E0 against t, so that its panel shows it standing still */
      r->g = 0, r->e0 = gfd_rat_to_double(res->loss.E0);
      r->tfac = 1, r->lfac = pow(p, r->e0), r->excess = 0, r->has_limit = 0;
      snprintf(r->regime, sizeof r->regime, "%s", gfd_regime_key(res->loss.regime));
      continue;
    }
    if (!q) {
      free(res);
      return sh_error(s, args_off(a, w->key), "%s: %s (use scaled=no)", r->name, why);
    }
    snprintf(r->regime, sizeof r->regime, "%s%s", gfd_regime_key(q->regime), q->excess ? " (excess)" : "");
    sc_rat_str(q->g, r->g_str, sizeof r->g_str);
    r->has_limit = 1;
    for (int n = 0; n <= w->N; n++) r->limit[n] = q->limit[n];
    r->g = gfd_rat_to_double(q->g);
    r->e0 = gfd_rat_to_double(q->E0);
    r->tfac = pow(p, r->g);
    r->lfac = pow(p, r->e0);
    r->excess = q->excess;
    if (k == 0 || strcmp(w->key, "p") == 0) {
      /* one limit when only p varies; otherwise the first run's */
      for (int n = 0; n <= w->N; n++) w->limit[n] = q->limit[n];
      w->lim_ok = 1;
      w->lim_excess = q->excess;
    }
  }
  free(res);
  if (strcmp(w->key, "p") != 0) w->lim_ok = 0; /* different scalings: no common limit */
  return 0;
}

/* The runs: the shown column is the loss, or scaled the quantity the limit
 * follows (the excess from its own terms, never by subtraction).  Sets
 * w->done; -1 after sh_error when out of memory. */
static int sweep_simulate(session *s, sweep *w, double T) {
  /* the runs are independent work units (here or over MPI ranks), kept in order */
  gfd_spec specs[SWEEP_MAX];
  double t1[SWEEP_MAX];
  size_t seeds[SWEEP_MAX];
  flow_sim sims[SWEEP_MAX];
  for (int k = 0; k < w->nv; k++) {
    specs[k] = w->runs[k].spec;
    t1[k] = w->scaled ? T / w->runs[k].tfac : T;
    seeds[k] = w->runs[k].seeds;
  }
  int ndone = 0;
  flow_simulate_runs(s, specs, t1, seeds, w->nv, sims, &ndone);
  for (int k = 0; k < ndone; k++) w->runs[k].sim = sims[k];
  if (ndone < w->nv && ndone) sh_note(s, "sweep stopped at %s; the %d finished run(s) are kept", w->runs[ndone].name, ndone);
  for (int k = 0; k < ndone; k++) {
    run *r = &w->runs[k];
    r->n = r->sim.n;
    r->t = r->sim.t;
    r->loss = malloc((r->n ? r->n : 1) * sizeof *r->loss);
    r->se = malloc((r->n ? r->n : 1) * sizeof *r->se);
    if (!r->loss || !r->se) return sh_error(s, -1, "out of memory for the sweep");
    const double *q = w->scaled && r->excess ? r->sim.excess : r->sim.loss;
    const double *qse = w->scaled && r->excess ? r->sim.excess_se : r->sim.loss_se;
    for (size_t i = 0; i < r->n; i++) {
      if (w->scaled) r->t[i] *= r->tfac;
      r->loss[i] = w->scaled ? q[i] / r->lfac : q[i];
      r->se[i] = w->scaled ? qse[i] / r->lfac : qse[i];
    }
    w->done++;
  }
  return 0;
}

/* Replace the previous sweep's curves only now that there are new ones. */
static int sweep_curves(session *s, sweep *w) {
  int scaled = w->scaled;
  sh_curve_clear(s, CURVE_SWEEP);
  sh_curve_clear(s, CURVE_LIMIT);
  for (int k = 0; k < w->done; k++) {
    run *r = &w->runs[k];
    /* scaled: the column as shown; plain: the excess (its own terms), which
     * the view turns back into the loss by adding the run's ||y||^2/2 */
    curve_units u = {scaled, scaled ? r->excess : r->half_y2 > 0, scaled ? r->tfac : 0, scaled ? r->lfac : 0,
                     (scaled ? r->excess : 1) ? r->half_y2 : 0};
    const double *y = !scaled && r->half_y2 > 0 ? r->sim.excess : r->loss;
    if (sh_curve_set(s, r->name, CURVE_SWEEP, r->n, r->t, y, NULL, NULL) < 0)
      return sh_error(s, -1, "out of memory for the sweep curves");
    sh_curve_units(s, r->name, &u);
  }
  for (int k = 0; k < w->done; k++)
    if (w->runs[k].n > w->rows) w->rows = w->runs[k].n, w->longest = k;
  return 0;
}

/* The limit series sum_n coef_n tau^n on the grid tau[0..rows), into out,
 * where its last term is below 1% of the sum; returns the points kept. */
static size_t limit_samples(const double *coef, int N, const double *tau, size_t rows, double *out) {
  size_t n = 0;
  for (size_t i = 0; i < rows; i++) {
    double sum = 0, pw = 1, lastterm = 0;
    for (int k = 0; k <= N; k++, pw *= tau[i]) {
      lastterm = coef[k] * pw;
      sum += lastterm;
    }
    if (fabs(lastterm) > 0.01 * fabs(sum) && i > 0) break;
    out[n++] = sum;
  }
  return n;
}

/* The Pade approximant [m/n], m + n = N, of the limit on the grid: it
 * continues the series past its radius of convergence; cut where it stops
 * being finite, passes a pole or turns.  Returns the points kept (0 if none), its degrees in *pm, *pn. */
static size_t pade_samples(const double *coef, int N, const double *tau, size_t rows, double *out, int *pm,
                           int *pn, int *oom) {
  gfd_err pe;
  gfd_err_clear(&pe);
  *pm = N / 2, *pn = N - *pm;
  gfd_pade *P = N >= 2 ? gfd_pade_new(coef, *pm, *pn, 0, &pe) : NULL;
  size_t n = 0;
  if (pe.code == GFD_ENOMEM) *oom = 1; /* else no approximant: no curve */
  if (!P) return 0;
  gfd_pade_degrees(P, pm, pn);
  const double *den = gfd_pade_den(P);
  for (size_t i = 0; i < rows; i++) {
    double v = gfd_pade_eval(P, tau[i]), b = 0;
    for (int k = *pn; k >= 0; k--) b = b * tau[i] + den[k];
    /* b(0) = 1: where b has changed sign a pole lies behind, and the
     * approximant no longer continues the limit */
    if (!isfinite(v) || fabs(v) > 1e6 * (fabs(coef[0]) + 1) || !(b > 0)) break;
    /* nor where it turns: gradient flow never raises the loss (nor its
     * excess), gradient ascent never lowers it, so neither does the limit */
    if (n > 0 && (tau[rows - 1] >= 0 ? v - out[n - 1] : out[n - 1] - v) > 1e-9 * fabs(out[n - 1])) break;
    out[n++] = v;
  }
  gfd_pade_free(P);
  return n;
}

/* A limit curve (scaled units only), in panel `panel` ("" none). */
static void set_limit_curve(session *s, const char *name, size_t n, const double *tau, const double *y, int excess,
                            const char *panel) {
  curve_units lu = {1, excess, 0, 0, 0}; /* a limit: scaled units only */
  if (n > 1 && sh_curve_set(s, name, CURVE_LIMIT, n, tau, y, NULL, NULL) == 0) {
    sh_curve_units(s, name, &lu);
    if (*panel) sh_curve_panel(s, name, panel, NULL);
  }
}

/* The limit series on the longest grid, and its Pade approximant. */
static void sweep_limit_curves(session *s, sweep *w) {
  const double *tau = w->runs[w->longest].t;
  char nm[64];
  w->lim_y = calloc(w->rows, sizeof *w->lim_y);
  if (w->lim_y) {
    w->lim_n = limit_samples(w->limit, w->N, tau, w->rows, w->lim_y);
    snprintf(nm, sizeof nm, "limit N=%d", w->N);
    set_limit_curve(s, nm, w->lim_n, tau, w->lim_y, w->lim_excess, "");
  } else sh_error(s, -1, "out of memory for the limit curve: the sweep's runs are kept");
  w->pade_y = calloc(w->rows, sizeof *w->pade_y);
  int pm, pn, oom = !w->pade_y;
  /* a Pade that does not exist is no curve; one that could not be built is an error */
  if (w->pade_y) w->pade_n = pade_samples(w->limit, w->N, tau, w->rows, w->pade_y, &pm, &pn, &oom);
  if (oom) sh_error(s, -1, "out of memory for the limit's Pade curve: the sweep's runs are kept");
  if (w->pade_n) {
    snprintf(nm, sizeof nm, "limit Pade [%d/%d]", pm, pn);
    set_limit_curve(s, nm, w->pade_n, tau, w->pade_y, w->lim_excess, "");
  }
}

/* A sweep across regimes (a, b, c, nu, prefactors): each run in a panel of
 * its own, titled with its regime and time scale, with its own limit (the
 * series where its last term is small, and the Pade approximant).
 * Only the curves change: the table and the runs are as computed. */
static void sweep_panels(session *s, sweep *w) {
  if (!w->scaled || !sweep_panels_key(w->key)) return;
  double *y = malloc((w->rows ? w->rows : 1) * sizeof *y);
  int oom = !y;
  for (int k = 0; k < w->done; k++) {
    run *r = &w->runs[k];
    char cap[96], nm[64];
    if (r->has_limit)
      snprintf(cap, sizeof cap, "%s: %s, tau = p^%s%s%s t", r->name, r->regime, strchr(r->g_str, '/') ? "(" : "",
               r->g_str, strchr(r->g_str, '/') ? ")" : "");
    else
      snprintf(cap, sizeof cap, "%s: %s, no limit (t)", r->name, r->regime);
    sh_curve_panel(s, r->name, r->name, cap);
    if (!r->has_limit || !y || r->n < 2) continue;
    int pm, pn;
    size_t n = limit_samples(r->limit, w->N, r->t, r->n, y);
    snprintf(nm, sizeof nm, "limit %s N=%d", r->name, w->N);
    set_limit_curve(s, nm, n, r->t, y, r->excess, r->name);
    n = pade_samples(r->limit, w->N, r->t, r->n, y, &pm, &pn, &oom);
    snprintf(nm, sizeof nm, "limit %s Pade [%d/%d]", r->name, pm, pn);
    set_limit_curve(s, nm, n, r->t, y, r->excess, r->name);
  }
  free(y);
  if (oom) sh_error(s, -1, "out of memory for the panels' limit curves: the sweep's runs are kept");
}

/* A cell of a column that may stop early: a run that stopped leaves blanks. */
static void cell(table *t, size_t i, size_t n, const double *v) {
  if (i < n) table_num(t, v[i]);
  else table_empty(t);
}

/* One column per run (and the limit curves), then the per-run report. */
static int sweep_table(session *s, sweep *w, double T) {
  const char *key = w->key;
  int scaled = w->scaled, done = w->done;
  run *runs = w->runs;
  char header[2048];
  size_t pos = (size_t)snprintf(header, sizeof header, "%s", scaled ? "tau" : "t");
  for (int k = 0; k < done; k++) pos += (size_t)snprintf(header + pos, sizeof header - pos, ",%s", runs[k].name);
  if (w->lim_n > 1) pos += (size_t)snprintf(header + pos, sizeof header - pos, ",limit");
  if (w->pade_n > 1) snprintf(header + pos, sizeof header - pos, ",limit_pade");
  /* E0 and g are per column when the exponents themselves are swept */
  int per_col = scaled && (!strcmp(key, "a") || !strcmp(key, "b") || !strcmp(key, "c") || !strcmp(key, "nu"));
  int any_excess = 0, all_excess = 1;
  for (int k = 0; k < done; k++) any_excess |= runs[k].excess, all_excess &= runs[k].excess;
  const char *qname = !scaled       ? "loss L"
                      : all_excess ? "(L - ||y||^2/2)/p^E0"
                      : any_excess ? "L or excess, /p^E0"
                                   : "L/p^E0";
  char title[256];
  snprintf(title, sizeof title, "sweep %s: %s against %s%s%s", key, qname, scaled ? "tau = p^g t" : "t",
           per_col ? " (E0 and g per column: below)" : "", scaled && w->lim_ok ? " with the limit series" : "");
  table *t = table_new(s->csv ? "" : title, header);
  table_text_rows(t, SH_TEXT_ROWS);
  if (!t) return sh_error(s, -1, "out of memory");
  for (size_t i = 0; i < w->rows; i++) {
    table_num(t, runs[w->longest].t[i]);
    for (int k = 0; k < done; k++) cell(t, i, runs[k].n, runs[k].loss);
    if (w->lim_n > 1) cell(t, i, w->lim_n, w->lim_y);
    if (w->pade_n > 1) cell(t, i, w->pade_n, w->pade_y);
    table_endrow(t);
  }
  sh_emit_table(s, t);
  sweep_report(s, runs, done, scaled, per_col, T);
  return 0;
}

static void sweep_free(sweep *w) {
  free(w->lim_y);
  free(w->pade_y);
  free_runs(w->runs, w->nv);
  free(w);
}

int sc_run_sweep(session *s, const args *a) {
  if (sh_lr_refuse(s, "sweep") < 0) return -1;
  struct scaling_state *st = sc_state(s);
  if (!st) return -1;
  const char *key = sweep_key(a);
  if (!key) return sh_error(s, -1, "sweep needs one key with a list of values, e.g. p=32,64,128");
  if (!*key) return sh_error(s, -1, "sweep takes one key with a list of values (not several)");
  if (is_scaling_key(key) && !st->set)
    return sh_error(s, args_off(a, key), "sweeping %s= needs a scaling (scaling a= b=)", key);
  double T = 1;
  if (args_double(s, a, "T", 1, 0, &T) < 0) return -1;
  if (T == 0) return sh_error(s, args_off(a, "T"), "T= must not be 0");
  size_t seeds = 1;
  if (strcmp(key, "seeds") != 0 && args_size(s, a, "seeds", 1, 0, 1, 100000, &seeds) < 0) return -1;
  size_t N = (size_t)st->N;
  if (args_size(s, a, "N", N, 0, 1, GFD_REGIME_NMAX, &N) < 0) return -1;
  static const char *const yn[] = {"no", "yes", NULL};
  int dflt_scaled = st->set && (!strcmp(key, "p") || is_scaling_key(key));
  int scaled = dflt_scaled;
  if (args_choice(s, a, "scaled", dflt_scaled, 0, yn, &scaled) < 0) return -1;
  if (scaled && !st->set)
    return sh_error(s, args_off(a, "scaled"), "scaled=yes needs a scaling (scaling a= b=)");

  char buf[1024], *vals[SWEEP_MAX];
  int nv = 0;
  if (split_values(s, a, key, buf, sizeof buf, vals, &nv) < 0) return -1;
  sweep *w = calloc(1, sizeof *w);
  if (!w) return sh_error(s, -1, "out of memory for the sweep");
  w->key = key, w->N = (int)N, w->scaled = scaled, w->nv = nv;
  gfd_scaling sc0 = st->sc;
  if (!st->set) gfd_scaling_default(&sc0);
  int rc = 0;
  for (int k = 0; k < nv && rc == 0; k++) rc = setup_run(s, a, key, vals[k], st->set, &sc0, seeds, &w->runs[k]);
  if (rc == 0 && scaled) rc = sweep_factors(s, st, a, w);
  if (rc == 0) rc = sweep_simulate(s, w, T);
  if (rc == 0 && !w->done) rc = -1;
  if (rc == 0) rc = sweep_curves(s, w);
  if (rc == 0 && scaled && w->lim_ok && w->rows) sweep_limit_curves(s, w);
  if (rc == 0) sweep_panels(s, w);
  if (rc == 0) rc = sweep_table(s, w, T);
  /* the blow-ups, kept for `blowup` */
  st->sweep.n = 0;
  for (int k = 0; rc == 0 && k < w->done && k < SC_SWEEP_RUNS; k++) {
    const run *r = &w->runs[k];
    struct sweep_blowups *sb = &st->sweep;
    snprintf(sb->name[k], sizeof sb->name[k], "%s", r->name);
    sb->seeds[k] = r->sim.seeds;
    sb->ndiv[k] = r->sim.ndiv;
    sb->t_end[k] = scaled ? T / r->tfac : T;
    sb->t_first[k] = r->sim.ndiv ? r->sim.t_first : NAN;
    sb->t_mean[k] = r->sim.ndiv ? r->sim.t_mean : NAN;
    sb->n = k + 1;
  }
  int all = w->done == nv, ndone = w->done;
  sweep_free(w);
  if (rc < 0) return -1;
  /* the plot is the user's to open: a view opened unasked would eat the keys
   * typed ahead for the next prompt */
  if (s->interactive && !s->csv) sh_note(s, "`plot` shows the %d run%s", ndone, ndone == 1 ? "" : "s");
  return all ? 0 : -1;
}
