/* cmd_flow.c - gradient flow commands: flow run, ascent run, flow step,
 * flow reset, show state, show blowup; and the flow area's cross-area hooks
 * (flow_last_grid, flow_last_blowups, flow_initial_params, flow_save; the
 * simulated runs of other areas are in cmd_flow_jobs.c).  Output helpers are in cmd_flow_out.c. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cmd_flow.h"
#include "scaling_provider.h"
#include "view_provider.h"

/* ------------------------------------------------------------------ state */

struct flow_state *flow_state_peek(const session *s) { return sh_area_state(s, &area_flow); }

double flow_seed_time(session *s, size_t k) {
  struct flow_state *fs = flow_state_peek(s);
  if (!fs || !fs->en || k >= gfd_ensemble_size(fs->en)) return NAN;
  gfd_ens_member m;
  gfd_ensemble_member(fs->en, k, &m);
  return m.t;
}

int flow_last_time_factor(session *s, double *tfac) {
  struct flow_state *fs = flow_state_peek(s);
  *tfac = 1;
  if (!fs || !fs->en || !fs->scaled || !(fs->tfac > 0)) return 0;
  *tfac = fs->tfac;
  return 1;
}

struct flow_state *flow_state_get(session *s) {
  struct flow_state *fs = flow_state_peek(s);
  if (!fs) {
    fs = calloc(1, sizeof *fs);
    if (!fs) return NULL;
    sh_area_set_state(s, &area_flow, fs);
  }
  return fs;
}

static void history_clear(struct flow_state *fs) {
  for (size_t i = 0; i < fs->nhist; i++) free(fs->hist[i]);
  free(fs->hist);
  fs->hist = NULL;
  fs->nhist = 0;
}

static void blowups_clear(struct flow_state *fs) {
  free(fs->bseed);
  free(fs->bts);
  free(fs->blo);
  free(fs->bhi);
  free(fs->bst);
  fs->bseed = NULL;
  fs->bts = fs->blo = fs->bhi = NULL;
  fs->bst = NULL;
  fs->bK = 0;
}

static void flow_state_reset(session *s, int free_all) {
  struct flow_state *fs = flow_state_peek(s);
  if (!fs) return;
  gfd_ensemble_free(fs->en);
  fs->en = NULL;
  blowups_clear(fs);
  history_clear(fs);
  free(fs->grid);
  fs->grid = NULL;
  fs->ngrid = 0;
  if (free_all) {
    free(fs);
    sh_area_set_state(s, &area_flow, NULL);
  }
}

/* Copy the per-seed blow-up results of the current ensemble. */
static int blowups_refresh(session *s, struct flow_state *fs) {
  size_t K = gfd_ensemble_size(fs->en);
  blowups_clear(fs);
  fs->bseed = malloc(K * sizeof *fs->bseed);
  fs->bts = malloc(K * sizeof *fs->bts);
  fs->blo = malloc(K * sizeof *fs->blo);
  fs->bhi = malloc(K * sizeof *fs->bhi);
  fs->bst = malloc(K * sizeof *fs->bst);
  if (!fs->bseed || !fs->bts || !fs->blo || !fs->bhi || !fs->bst) {
    blowups_clear(fs);
    return sh_error(s, -1, "out of memory for the blow-up table");
  }
  for (size_t k = 0; k < K; k++) {
    gfd_ens_member m;
    gfd_ensemble_member(fs->en, k, &m);
    fs->bseed[k] = m.seed;
    fs->bts[k] = m.t_star;
    fs->blo[k] = m.t_lo;
    fs->bhi[k] = m.t_hi;
    fs->bst[k] = (int)m.status;
  }
  fs->bK = K;
  return 0;
}

/* The unscaled time grid of the rows (flow_last_grid). */
static int grid_refresh(session *s, struct flow_state *fs) {
  gfd_ens_rows r;
  gfd_ensemble_rows(fs->en, &r);
  free(fs->grid);
  fs->grid = NULL;
  fs->ngrid = 0;
  if (!r.n) return 0;
  if (!(fs->grid = malloc(r.n * sizeof *fs->grid))) return sh_error(s, -1, "out of memory for the time grid");
  memcpy(fs->grid, r.t, r.n * sizeof *fs->grid);
  fs->ngrid = r.n;
  return 0;
}

static int history_add(session *s, struct flow_state *fs, const char *line) {
  char **h = realloc(fs->hist, (fs->nhist + 1) * sizeof *h);
  if (!h) return sh_error(s, -1, "out of memory");
  fs->hist = h;
  if (!(h[fs->nhist] = strdup(line))) return sh_error(s, -1, "out of memory");
  fs->nhist++;
  return 0;
}

/* A step's line: the same step again (the plot's space and r keys take many)
 * makes one line "flow step DT points=K repeat=N", not N lines. */
static int history_add_step(session *s, struct flow_state *fs, const char *line) {
  if (fs->nhist) {
    char *last = fs->hist[fs->nhist - 1], extra;
    size_t l = strlen(line);
    unsigned long n = 1;
    if (!strcmp(last, line) ||
        (!strncmp(last, line, l) && sscanf(last + l, " repeat=%lu%c", &n, &extra) == 1)) {
      char buf[192], *d;
      snprintf(buf, sizeof buf, "%s repeat=%lu", line, n + 1);
      if (!(d = strdup(buf))) return sh_error(s, -1, "out of memory");
      free(last);
      fs->hist[fs->nhist - 1] = d;
      return 0;
    }
  }
  return history_add(s, fs, line);
}

/* ------------------------------------------------------ argument parsing */

static const char *const method_names[] = {"rk8pd", "rkf45", "msbdf", "rk4", "dopri5", NULL};
static const char *const yesno[] = {"no", "yes", NULL};

/* observe=norms,relerr,distance (or none) */
static int parse_observe(session *s, const args *a, unsigned *out) {
  const char *v = args_str(a, "observe");
  *out = 0;
  if (!v) return 0;
  char buf[128];
  snprintf(buf, sizeof buf, "%s", v);
  for (char *save = NULL, *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
    if (!strcmp(w, "norms")) *out |= GFD_OBS_NORMS;
    else if (!strcmp(w, "relerr")) *out |= GFD_OBS_RELERR;
    else if (!strcmp(w, "distance")) *out |= GFD_OBS_DISTANCE;
    else if (strcmp(w, "none"))
      return sh_error(s, args_off(a, "observe"), "observe=%s: '%s' is not one of norms, relerr, distance, none", v,
                      w);
  }
  return 0;
}

/* Options of a run: the session's settings overridden by the keys. */
static int parse_opts(session *s, const args *a, gfd_flow_opts *o) {
  *o = s->flow_opts;
  if (o->steps == 0) o->steps = 1000;
  int m = (int)o->method;
  if (args_choice(s, a, "method", m, 0, method_names, &m) < 0) return -1;
  o->method = (gfd_method)m;
  if (args_size(s, a, "points", o->points, 0, 2, 10000000, &o->points) < 0) return -1;
  if (args_size(s, a, "steps", o->steps, 0, 1, (size_t)1 << 40, &o->steps) < 0) return -1;
  if (args_has(a, "steps") && o->method != GFD_METHOD_RK4)
    return sh_error(s, args_off(a, "steps"), "steps= applies to method=rk4 only (method is %s)",
                    gfd_method_name(o->method));
  if (args_double_range(s, a, "rtol", o->rtol, 0, 1e-16, 0.5, &o->rtol) < 0) return -1;
  if (args_double_range(s, a, "atol", o->atol, 0, 0, 1, &o->atol) < 0) return -1;
  if (parse_observe(s, a, &o->observe) < 0) return -1;
  return 0;
}

/* ---------------------------------------------------------------- runs */

/* Advance the current ensemble to t1 on `points` grid points, in chunks so
 * that the live plot grows.  The chunk size depends only on the grid (at
 * most 20 chunks), so batch and interactive runs compute the same numbers.
 * open_view: a run opens the live plot; a step does not (at the prompt it
 * prints its rows and returns, inside the plot the view draws it). */
static int drive(session *s, struct flow_state *fs, double t1, size_t points, const char *title, int open_view,
                 gfd_err *e) {
  int rc = gfd_ensemble_plan(fs->en, t1, points, e), done = 0;
  if (rc) return rc;
  size_t chunk = (points - 1 + 19) / 20;
  if (chunk < 10) chunk = 10;
  const gfd_ctl *ctl = sh_ctl(s);
  int live = s->interactive && open_view;
  if (live) view_live_begin(s, title);
  double t0 = gfd_now();
  while (!done) {
    rc = gfd_ensemble_advance(fs->en, chunk, ctl, &done, e);
    (void)flow_curve_update(s, fs); /* the live curve; finish() reports a failure */
    if (live) view_live_update(s);
    if (rc) break;
  }
  fs->seconds += gfd_now() - t0;
  return rc; /* finish() ends the live view once the blow-up mark is set */
}

/* After a run or step: blow-ups, grid, marks, curve, output. */
static int finish(session *s, struct flow_state *fs, size_t first_row, int rc, gfd_err *e) {
  if (blowups_refresh(s, fs) < 0 || grid_refresh(s, fs) < 0) {
    if (s->interactive) view_live_end(s);
    return -1;
  }
  int curve_rc = flow_curve_update(s, fs);
  if (curve_rc == -1) sh_error(s, -1, "out of memory while storing the curve %s: the rows are complete, the plot lacks the run", fs->curve);
  flow_mark_update(s, fs);
  if (s->interactive) view_live_end(s); /* after the marks, so t* shows in the view */
  flow_emit_rows(s, fs, first_row);
  gfd_ens_rows r;
  gfd_ensemble_rows(fs->en, &r);
  if (view_live_quit(s)) { /* q in the live view: the user's stop, not an interruption */
    s->interrupted = 0;
    if (rc == GFD_EINTR) {
      if (!s->csv) flow_print_summary(s, fs);
      sh_note(s, "stopped at %s=%.6g (q pressed); partial results kept (%zu row%s)", fs->scaled ? "tau" : "t",
              r.n ? fs->tfac * r.t[r.n - 1] : 0.0, r.n, r.n == 1 ? "" : "s");
      return 0;
    }
  }
  if (rc == GFD_EINTR || rc == GFD_ETIME) {
    return sh_error(s, -1, "%s at %s=%.6g: %zu row%s kept (flow reset or a new run to continue)",
                    rc == GFD_EINTR ? "interrupted" : "time limit reached", fs->scaled ? "tau" : "t",
                    r.n ? fs->tfac * r.t[r.n - 1] : 0.0, r.n, r.n == 1 ? "" : "s");
  }
  if (rc) return sh_error_lib(s, e);
  if (!s->csv) flow_print_summary(s, fs);
  return 0;
}

static const char *const run_keys[] = {"T",  "seeds", "seed", "points", "method", "steps",
                                       "rtol", "atol", "observe", "scaled", NULL};

/* flow run / ascent run */
static int run_common(session *s, const args *a, int ascent) {
  double T;
  size_t seeds;
  unsigned long seed0;
  gfd_flow_opts o;
  int scaled = 0;
  if (args_double(s, a, "T", 0, 1, &T) < 0) return -1;
  if (ascent && !(T < 0))
    return sh_error(s, args_off(a, "T"), "T=%s: ascent runs backward in time, T must be negative (flow run for T > 0)",
                    args_str(a, "T"));
  if (!ascent && !(T > 0))
    return sh_error(s, args_off(a, "T"), "T=%s: flow run goes forward, T must be positive (ascent run for T < 0)",
                    args_str(a, "T"));
  if (args_size(s, a, "seeds", 1, 0, 1, 100000, &seeds) < 0) return -1;
  if (args_ulong(s, a, "seed", s->spec.seed, 0, &seed0) < 0) return -1;
  if (parse_opts(s, a, &o) < 0) return -1;
  if (args_choice(s, a, "scaled", 0, 0, yesno, &scaled) < 0) return -1;
  if (!s->model) return sh_error(s, -1, "no model defined (see help model)");
  scaling_units su = {1, 1, 1, 0, 0, 0, 0};
  /* set lr 1/T: T= is paper time, T_paper = T_lr x t (tfac plays the part
   * the scaling's p^g plays for scaled=yes) */
  if (scaled && s->lr_T != 1 && sh_lr_refuse(s, "scaled=yes (tau is the scaling's time)") < 0) return -1;
  su.tfac = s->lr_T;
  double Tt = T / s->lr_T; /* T in t (scaled=yes: T is tau = p^g t) */
  if (!isfinite(Tt) || Tt == 0)
    return sh_error(s, args_off(a, "T"), "T=%s: t = T/%g is not a usable time", args_str(a, "T"), s->lr_T);
  if (scaled) {
    int r = scaling_units_get(s, 0, &su);
    if (r < 0) return -1;
    if (r == 1)
      return sh_error(s, args_off(a, "scaled"), "scaled=yes needs a scaling (see help scaling: `scaling a= b=`)");
    if (!(su.tfac > 0) || !(su.lfac_loss > 0) || !(su.lfac_excess > 0) || !isfinite(su.tfac) ||
        !isfinite(su.lfac_loss) || !isfinite(su.lfac_excess))
      return sh_error(s, args_off(a, "scaled"), "the scaling factors are not usable (p^g=%g, p^E0=%g, %g)", su.tfac,
                      su.lfac_loss, su.lfac_excess);
    Tt = T / su.tfac;
    if (!isfinite(Tt) || Tt == 0)
      return sh_error(s, args_off(a, "T"), "T=%s: tau = %g is t = %g at p^g = %g, not a usable time", args_str(a, "T"),
                      T, Tt, su.tfac);
  }
  struct flow_state *fs = flow_state_get(s);
  if (!fs) return sh_error(s, -1, "out of memory");
  gfd_err e;
  gfd_err_clear(&e);
  gfd_ensemble *en = gfd_ensemble_new(s->model, seed0, seeds, 0.0, &o, sh_ctl(s), &e);
  if (!en) return sh_error_lib(s, &e);

  /* all checked: the new run replaces the old state */
  flow_state_reset(s, 0);
  fs->en = en;
  fs->opts = o;
  fs->seed0 = seed0;
  fs->seeds = seeds;
  fs->scaled = scaled;
  fs->tfac = su.tfac;
  fs->lfac_loss = su.lfac_loss;
  fs->lfac_excess = su.lfac_excess;
  fs->follows_excess = su.excess;
  fs->yhalf = gfd_model_target_half_norm2(s->model);
  fs->ascent = ascent;
  fs->seconds = 0;
  fs->spacing = fabs(Tt) / (double)(o.points - 1);
  snprintf(fs->curve, sizeof fs->curve, "%s%s", ascent ? "ascent" : "flow", scaled ? " (scaled)" : "");
  char line[512];
  flow_run_command(fs, T, line, sizeof line);
  if (history_add(s, fs, line) < 0) return -1;
  char title[128];
  snprintf(title, sizeof title, "%s T=%g, %zu seed%s", ascent ? "ascent" : "flow", T, seeds, seeds > 1 ? "s" : "");
  int rc = drive(s, fs, Tt, o.points, title, 1, &e);
  return finish(s, fs, 0, rc, &e);
}

static int run_flow_run(session *s, const args *a) { return run_common(s, a, 0); }
static int run_ascent_run(session *s, const args *a) { return run_common(s, a, 1); }

static const char *const step_keys[] = {"points", "repeat", NULL};

static int step_once(session *s, const args *a) {
  double dt;
  const char *w = args_pos(a, 0);
  int off = -1;
  for (int i = 0; i < a->n; i++)
    if (!a->a[i].key) off = a->a[i].off;
  if (sh_parse_double(w, &dt) < 0 || dt == 0)
    return sh_error(s, off, "flow step %s: expected a nonzero time step (negative steps go backward)", w);
  if (!s->model) return sh_error(s, -1, "no model defined (see help model)");
  struct flow_state *fs = flow_state_get(s);
  if (!fs) return sh_error(s, -1, "out of memory");
  if (fs->en && gfd_ensemble_stopped(fs->en))
    return sh_error(s, off, "the current run has ended (blow-up or interrupt): flow reset, or a new flow/ascent run");
  double dt_given = dt;
  /* a scaled run steps in tau, as its T= was; with set lr 1/T in paper time */
  dt /= fs->en ? fs->tfac : s->lr_T;
  double now = fs->en ? gfd_ensemble_time(fs->en) : 0.0, t1 = now + dt;
  if (!isfinite(t1) || t1 == now) return sh_error(s, off, "flow step %s: the step is lost in rounding at t=%g", w, now);
  /* default grid: the spacing of the current run, or the session's points */
  size_t points = s->flow_opts.points;
  if (fs->en && fs->spacing > 0) {
    double k = ceil(fabs(dt) / fs->spacing - 1e-9);
    points = k < 1 ? 2 : (k + 1 > (double)points ? points : (size_t)k + 1);
  }
  if (args_size(s, a, "points", points, 0, 2, 10000000, &points) < 0) return -1;
  gfd_err e;
  gfd_err_clear(&e);
  if (!fs->en) { /* nothing yet: one instance of the current model at t = 0 */
    gfd_flow_opts o = s->flow_opts;
    if (o.steps == 0) o.steps = 1000;
    o.points = points;
    gfd_ensemble *en = gfd_ensemble_new(s->model, s->spec.seed, 1, 0.0, &o, sh_ctl(s), &e);
    if (!en) return sh_error_lib(s, &e);
    flow_state_reset(s, 0);
    fs->en = en;
    fs->opts = o;
    fs->seed0 = s->spec.seed;
    fs->seeds = 1;
    fs->scaled = 0;
    fs->follows_excess = 0;
    fs->tfac = fs->lfac_loss = fs->lfac_excess = 1;
    fs->tfac = s->lr_T;
    fs->yhalf = gfd_model_target_half_norm2(s->model);
    fs->seconds = 0;
    fs->spacing = fabs(dt) / (double)(points - 1);
    snprintf(fs->curve, sizeof fs->curve, "flow");
  } else { /* the rows of this step count against the budget as a new run's would */
    gfd_flow_opts o = fs->opts;
    o.points = points;
    if (gfd_ctl_budget(sh_ctl(s), gfd_ensemble_bytes(s->model, fs->seeds, &o), "this step (parameters and rows of every seed)", &e))
      return sh_error_lib(s, &e);
  }
  fs->ascent = dt < 0;
  char line[128], num[32];
  snprintf(line, sizeof line, "flow step %s points=%zu", sh_num(num, sizeof num, dt_given), points);
  if (history_add_step(s, fs, line) < 0) return -1;
  gfd_ens_rows r;
  gfd_ensemble_rows(fs->en, &r);
  size_t first = r.n ? r.n - 1 : 0; /* show the row we start from too */
  char title[96];
  snprintf(title, sizeof title, "flow step %g from t=%g", dt_given, fs->tfac * now);
  int rc = drive(s, fs, t1, points, title, 0, &e);
  return finish(s, fs, first, rc, &e);
}

/* repeat=N: N steps of DT, the rows of the last one printed. */
static int run_flow_step(session *s, const args *a) {
  size_t rep = 1;
  if (args_size(s, a, "repeat", 1, 0, 1, 1000000, &rep) < 0) return -1;
  FILE *out = s->out, *null = rep > 1 ? fopen("/dev/null", "w") : NULL;
  int rc = 0;
  for (size_t k = 0; k < rep && rc == 0 && !s->interrupted; k++) {
    s->out = k + 1 < rep && null ? null : out;
    rc = step_once(s, a);
  }
  s->out = out;
  if (null) fclose(null);
  return rc;
}

/* area.h step: the plot view's space and r keys, as `flow step DT`. */
static int flow_step_hook(session *s, double dt, double *t_now) {
  if (!s->model) return 1;
  char line[64], num[32];
  snprintf(line, sizeof line, "flow step %s", sh_num(num, sizeof num, dt));
  if (sh_exec_line(s, line)) return -1;
  struct flow_state *fs = flow_state_peek(s);
  *t_now = fs && fs->en ? fs->tfac * gfd_ensemble_time(fs->en) : 0.0;
  return 0;
}

static int run_flow_reset(session *s, const args *a) {
  (void)a;
  flow_state_reset(s, 0);
  sh_curve_clear(s, CURVE_SIM);
  if (s->interactive) fprintf(s->out, "flow state cleared: the next flow step starts from t=0\n");
  return 0;
}

static int run_show_state(session *s, const args *a) {
  (void)a;
  if (!s->model) return sh_error(s, -1, "no model defined (see help model)");
  return flow_emit_state(s, flow_state_peek(s));
}

static int run_show_blowup(session *s, const args *a) {
  (void)a;
  struct flow_state *fs = flow_state_peek(s);
  if (!fs || !fs->en) return sh_error(s, -1, "no flow or ascent run yet (see help ascent run)");
  return flow_emit_blowups(s, fs);
}

/* ------------------------------------------------------------- the table */

#define FLOW_HELP_COMMON                                                                                  \
  "Keys: seeds=K runs the instances of seeds seed..seed+K-1 (seed= defaults to the\n"                     \
  "model's seed) and reports the mean and its standard error (sample sd / sqrt K,\n"                     \
  "0 for one seed).  points= the uniform report grid, both ends included (default\n"                     \
  "`set points`, 200).  method= dopri5 (default: adaptive Dormand-Prince 5(4); it\n"                   \
  "steps freely and reads report points off its continuous extension), rk8pd\n"                          \
  "(Prince-Dormand 8(9); towards a blow-up it needs ~1.7x fewer gradients than\n"                        \
  "dopri5, its 8th order steps being longer), rkf45, msbdf (stiff problems;\n"                           \
  "needs a dense finite-difference Jacobian, so it is refused when dim^2 doubles\n"                      \
  "exceed the memory budget) -- these three stop at every report point -- or rk4\n"                      \
  "(classical, fixed steps, steps= over the run, default 1000).  rtol=, atol=\n"                         \
  "the local error tolerances of the adaptive methods (defaults 1e-10 and 1e-12;\n"                      \
  "error per step <= atol + rtol |u_i|).\n"                                                              \
  "observe=norms,relerr,distance adds mean columns:\n"                                                   \
  "norm_min, norm_mean, norm_max, norm_1..norm_3 (per-unit norms ||u_h||, ASYM the\n"                    \
  "norm of all of a unit's factors), relerr = ||f - y|| / ||y|| (||f|| for the zero\n"                   \
  "target), distance = ||theta - theta0|| / ||theta0||.  scaled=yes works in the\n"                     \
  "units of the current scaling (help scaling): T= is then tau = p^g t (the time\n"                      \
  "it reports, as in sweep), loss is L / p^E0 with the loss's E0 and excess is\n"                         \
  "(L - ||y||^2/2) / p^E0 with the excess's own E0; g is that of the quantity the\n"                      \
  "limit follows (`scaling limit=`), and the plot shows that quantity.\n"                                \
  "Output: CSV columns t,loss,loss_se,excess,excess_se (+ observables), rows in\n"                      \
  "the order of integration (ascent: from 0 down to T), where\n"                                         \
  "excess = L - ||y||^2/2 is computed from its own terms (never by subtraction);\n"                      \
  "as text, about 20 of the rows and a summary line.  `export csv FILE` writes\n"                        \
  "all rows.  The curve goes to the plot (mean +- se band with several seeds).\n"                        \
  "Blow-up: the loss passes 1e6 (`set blowup`) times max(L(0), 1), or the step size\n"                   \
  "collapses; the integrator then runs on towards t*, which is extrapolated from\n"                      \
  "L / ||grad L||^2 (linear in t - t* near a power-law blow-up), and stops once\n"                       \
  "the extrapolation spread is below the integration error, or it cannot advance;\n"                     \
  "[t_lo, t_hi] brackets t* (extrapolation spread and integration error).\n"                             \
  "With several seeds the mean rows stop at the last grid point before the first\n"                      \
  "blow-up (the mean is infinite after it); the other seeds run on to T so that\n"                       \
  "`show blowup` lists every seed's t*.  Ctrl-C stops the run and keeps the rows\n"                      \
  "computed so far."

static const command cmd_flow_table[] = {
    {"flow run", "T= [seeds=] [seed=] [points=] [method=dopri5|rk8pd|rkf45|msbdf|rk4] [steps=] [rtol=] [atol=] "
                 "[observe=norms,relerr,distance] [scaled=yes|no]",
     "integrate gradient flow du/dt = -grad L from t=0 to T > 0",
     "Integrates gradient flow du/dt = -grad L (continuous time, not finite-step\n"
     "descent) from the initialisation at t=0 to t=T > 0 and prints the loss on a\n"
     "uniform grid.  L = 1/2 ||f - y||^2 without normalisation.\n" FLOW_HELP_COMMON
     "\nExample: flow run T=5 seeds=8 observe=relerr",
     "flow", run_keys, 0, 0, run_flow_run},
    {"ascent run", "T= [seeds=] [seed=] [points=] [method=] [steps=] [rtol=] [atol=] [observe=] [scaled=]",
     "gradient ascent: the same flow run backward to T < 0, with blow-up times",
     "Runs the gradient-flow ODE backward in time, from t=0 to T < 0 (equivalently\n"
     "gradient ascent du/dt = +grad L for |t|).  A blow-up before T is a result, not\n"
     "an error: the summary gives t* and its bracket, `show blowup` the per-seed\n"
     "table, and the plot marks t*.  Seeds that reach T alive are reported as \"no\n"
     "blow-up by T\" (not as converged: a later blow-up is not excluded).\n" FLOW_HELP_COMMON
     "\nExample: ascent run T=-1 seeds=4",
     "flow", run_keys, 0, 0, run_ascent_run},
    {"flow step", "DT [points=] [repeat=N]", "advance the current run by DT (either direction)",
     "Advances the current instance or ensemble from where it stands by DT (DT < 0\n"
     "goes backward) and appends the rows to the current curve; prints the new rows\n"
     "(with the starting row), then returns to the prompt (no plot view opens:\n"
     "`plot` shows the curve, and space in the plot steps again).  Without a\n"
     "current run it starts one instance of the model's seed at t=0 with the\n"
     "session's settings.  points= defaults to the grid spacing of the current\n"
     "run.  After a run with scaled=yes DT is in tau, like its T=.  After a\n"
     "blow-up or an interrupt the run has ended: flow reset (back to t=0) or\n"
     "start a new run.  repeat=N takes N steps of DT (the rows of the last one\n"
     "are printed); `save state=yes` writes the steps taken in the plot (space,\n"
     "r) this way, one line for a run of equal steps.",
     "flow", step_keys, 1, 1, run_flow_step},
    {"flow reset", "", "drop the current run (the next flow step starts at t=0)",
     "Forgets the current instance(s), their rows, blow-ups and simulated curves.", "flow", NULL, 0, 0,
     run_flow_reset},
    {"show state", "", "where the current run stands: time, loss, norms, distance",
     "Per seed of the current run: its time t, loss, excess L - ||y||^2/2, the\n"
     "parameter norm ||theta||, the relative distance ||theta - theta0|| / ||theta0||\n"
     "travelled from the initialisation, and its status (running, diverged at t*,\n"
     "interrupted).  Without a run: the initial state of the model's seed.\n"
     "CSV columns: seed,t,loss,excess,norm,distance,status.",
     "flow", NULL, 0, 0, run_show_state},
    {"show blowup", "", "per-seed blow-up times of the last run",
     "One row per seed of the last flow/ascent run: seed,t_star,t_lo,t_hi,status with\n"
     "status diverged (t_star in [t_lo, t_hi]), no blow-up by T (the seed reached\n"
     "the run's end T alive, the time fields empty; not a proof of convergence) or\n"
     "interrupted.  Times are in the run's units: t, or tau = p^g t after a run\n"
     "with scaled=yes (the title says which; with CSV a note).",
     "flow", NULL, 0, 0, run_show_blowup},
    {0}};

/* ---------------------------------------------------- cross-area hooks */

int flow_last_grid(session *s, size_t *n, const double **t) {
  struct flow_state *fs = flow_state_peek(s);
  *n = fs ? fs->ngrid : 0;
  *t = fs && fs->ngrid ? fs->grid : NULL;
  return 0;
}

int flow_last_blowups(session *s, size_t *K, const unsigned long **seed, const double **t_star,
                      const double **t_lo, const double **t_hi, const int **status) {
  struct flow_state *fs = flow_state_peek(s);
  *K = fs ? fs->bK : 0;
  if (seed) *seed = *K ? fs->bseed : NULL;
  if (t_star) *t_star = *K ? fs->bts : NULL;
  if (t_lo) *t_lo = *K ? fs->blo : NULL;
  if (t_hi) *t_hi = *K ? fs->bhi : NULL;
  if (status) *status = *K ? fs->bst : NULL;
  return 0;
}

double *flow_initial_params(session *s, unsigned long seed) {
  if (!s->model) {
    sh_error(s, -1, "no model defined (see help model)");
    return NULL;
  }
  size_t dim = gfd_model_dim(s->model);
  gfd_err e;
  gfd_err_clear(&e);
  if (gfd_ctl_budget(sh_ctl(s), dim * sizeof(double), "the initial parameters", &e)) {
    sh_error_lib(s, &e);
    return NULL;
  }
  double *th = malloc(dim * sizeof *th);
  if (!th) {
    sh_error(s, -1, "out of memory for the parameters (%zu doubles)", dim);
    return NULL;
  }
  if (gfd_model_init_params(s->model, seed, th, &e)) {
    free(th);
    sh_error_lib(s, &e);
    return NULL;
  }
  return th;
}

/* save: the commands that rebuild the run (integration is deterministic, so
 * replaying them restores the same state, stepped instances included). */
static int flow_save(session *s, FILE *f, const char *path, int with_state) {
  (void)path;
  struct flow_state *fs = flow_state_peek(s);
  if (!fs || !fs->en || !fs->nhist) return 0;
  if (!with_state) return 0;
  int interrupted = 0;
  for (size_t k = 0; k < fs->bK; k++) interrupted |= fs->bst[k] == GFD_RUN_INTERRUPTED;
  if (interrupted) sh_note(s, "the last run was interrupted: load will replay it in full");
  fprintf(f, "# the flow state: replaying the runs restores it exactly\n");
  for (size_t i = 0; i < fs->nhist; i++) fprintf(f, "%s\n", fs->hist[i]);
  return 0;
}

const area area_flow = {
    .name = "flow",
    .commands = cmd_flow_table,
    .reset = flow_state_reset,
    .save_runs = flow_save,
    .step = flow_step_hook,
};
