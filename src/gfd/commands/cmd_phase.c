/* cmd_phase.c - the phase area: `phase`, the divergence rate of gradient
 * ascent over a theta x rho grid (SYM even nu, identity target), with the
 * limit line rho*(theta) = kappa_c(nu)/theta.  The work is libgfd's
 * (gfd/phase.h: one unit = one seeded run); this file estimates the cost
 * first, refuses grids over the limit with a cheaper suggestion, runs the
 * units with progress and Ctrl-C (cells finished so far are kept), and shows
 * the map: grid view interactively, text otherwise, CSV with set format csv
 * (and for `export csv` either way). */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "area.h"
#include "gfd/jobs.h"
#include "view_provider.h"

/* The estimate is libgfd's gfd_phase_seconds (flops at the measured speed of
 * one thread, 9.6-10.5 GFLOP/s at p = 4, 8 and 24-32 at p = 16..64, plus
 * ~1e-5 s a gradient).  Measured against it: the paper's grid took 37 s of
 * CPU at p = 4 (53 s estimated then) and 4.3 min at p = 6 (5.8 min); with
 * the packed route 105 s at p = 8 (126 s estimated) and, at p = 64, the
 * theta = 1.1 column 4.2 s (5 s), theta = 1.486 74 s (108 s).  On a loaded
 * machine the wall time is longer (24 min for those 4.3 min at a load of
 * 12 on 2 cores). */
#define PHASE_SMALL_P 6       /* size=small: the paper's theta and rho at this p */
#define PHASE_MAX_MIN 15.0    /* default max= (minutes) */

static const char *const phase_keys[] = {"nu", "theta", "rho", "seeds", "p", "size", "tau", "seed",
                                         "rtol", "max", "estimate", NULL};

/* "LO:HI:N" of positive finite numbers; one-line errors. */
static int parse_range(session *s, const args *a, const char *key, double dlo, double dhi, size_t dn, double *lo,
                       double *hi, size_t *n) {
  const char *v = args_str(a, key);
  int off = args_off(a, key);
  *lo = dlo, *hi = dhi, *n = dn;
  if (!v) return 0;
  char buf[128];
  if (strlen(v) >= sizeof buf) return sh_error(s, off, "%s=%s is too long", key, v);
  strcpy(buf, v);
  char *c1 = strchr(buf, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
  if (!c1 || !c2) return sh_error(s, off, "%s=%s: expected LO:HI:N (for example %g:%g:%zu)", key, v, dlo, dhi, dn);
  *c1 = *c2 = '\0';
  if (sh_parse_double(buf, lo) || sh_parse_double(c1 + 1, hi))
    return sh_error(s, off, "%s=%s: LO and HI must be finite numbers", key, v);
  if (sh_parse_size(c2 + 1, n) < 0 || *n < 1 || *n > GFD_PHASE_NMAX)
    return sh_error(s, off, "%s=%s: N must be an integer in 1..%d", key, v, GFD_PHASE_NMAX);
  if (*lo > *hi) return sh_error(s, off, "%s=%s: LO must not be above HI", key, v);
  if (*n > 1 && *lo == *hi) return sh_error(s, off, "%s=%s: N > 1 points need LO < HI", key, v);
  return 0;
}

static double est_seconds_p(const gfd_phase_cost *c, size_t p) { return gfd_phase_seconds(c, p); }

static void fmt_dur(double t, char *buf, size_t n) {
  if (!isfinite(t)) snprintf(buf, n, "forever");
  else if (t < 60) snprintf(buf, n, "%.0f s", t);
  else if (t < 3600) snprintf(buf, n, "%.1f min", t / 60);
  else if (t < 86400 * 2) snprintf(buf, n, "%.1f h", t / 3600);
  else if (t < 86400 * 365 * 2) snprintf(buf, n, "%.0f days", t / 86400);
  else snprintf(buf, n, "%.0f years", t / (86400 * 365.0));
}

/* One line: what the grid will take. */
static void say_estimate(session *s, const gfd_phase_grid *g, const gfd_phase_cost *c, FILE *o) {
  gfd_phase_cell ci;
  gfd_err e;
  char d[32], dc[32];
  fmt_dur(est_seconds_p(c, g->p), d, sizeof d);
  gfd_phase_cell_info(g, c->max_cell, &ci, &e);
  gfd_phase_cost one = *c;
  one.flops = c->max_cell_flops;
  one.gradients = gfd_phase_cell_gradients_est(g, c->max_cell) * (double)g->runs;
  fmt_dur(est_seconds_p(&one, g->p), dc, sizeof dc);
  fprintf(o,
          "phase: %zu x %zu cells x %zu runs at p = %zu (H up to %zu): ~%.3g gradients, %.3g flops, ~%s on one core "
          "(the dearest cell theta=%.4g rho=%.4g: %s)\n",
          g->ntheta, g->nrho, g->runs, g->p, c->max_H, c->gradients, c->flops, d, ci.theta, ci.rho, dc);
}

/* The largest p <= p0 whose grid fits max_s seconds (0 if none). */
static size_t fitting_p(const gfd_phase_grid *g0, size_t p0, double max_s) {
  gfd_phase_grid g = *g0;
  gfd_phase_cost c;
  for (size_t p = p0; p >= 2; p--) {
    g.p = p;
    if (gfd_phase_estimate(&g, &c, NULL) == GFD_OK && est_seconds_p(&c, p) <= max_s) return p;
  }
  return 0;
}

typedef struct phase_res {
  gfd_phase_grid g;
  gfd_phase_cell *cell;
  double *rate;  /* NaN: not run */
  size_t *runs;  /* finished runs per cell */
  size_t *lu;    /* of those, the runs whose largest unit alone diverges (gfd_ascent_largest_unit) */
  double *line;  /* rho*(theta) per column */
  double kc;
} phase_res;

static char rate_letter(double r) {
  if (isnan(r)) return ' ';
  if (r <= 0) return '.';
  if (r >= 1) return '#';
  int k = (int)lround(r * 10);
  return (char)('0' + (k < 1 ? 1 : k > 9 ? 9 : k));
}

/* The row j the limit line crosses in column i (nearest in log rho), or -1
 * when it leaves the grid's rho range by more than half a step. */
static int line_row(const phase_res *R, size_t i) {
  const gfd_phase_grid *g = &R->g;
  double ls = log(R->line[i]), best = INFINITY;
  int jb = -1;
  double step = g->nrho > 1 ? (log(g->rho_hi) - log(g->rho_lo)) / (double)(g->nrho - 1) : 1;
  for (size_t j = 0; j < g->nrho; j++) {
    double d = fabs(log(R->cell[j * g->ntheta].rho) - ls);
    if (d < best) best = d, jb = (int)j;
  }
  return best <= 0.5 * step + 1e-12 ? jb : -1;
}

static const char phase_legend[] =
    ". no run diverged, 1-9 tenths of the runs diverged, # all; * marks the cell the\n"
    "limit line rho*(theta) = kappa_c/theta crosses (above it the mean field diverges).\n"
    "Rates above 0 below the line at small theta are finite-p: with few units the\n"
    "largest unit, of norm rho0 > 1, has its own control rho rho0^(nu/2) + ...\n"
    "above kappa_c and blows up first.";

static void phase_info(session *s, int i, int j, char *buf, size_t n, void *ud) {
  phase_res *R = ud;
  const gfd_phase_cell *c = &R->cell[(size_t)j * R->g.ntheta + (size_t)i];
  double r = R->rate[(size_t)j * R->g.ntheta + (size_t)i];
  size_t k = R->runs[(size_t)j * R->g.ntheta + (size_t)i];
  snprintf(buf, n,
           "theta = %.6g (grid %.6g)\nH = %zu, rho = %.6g\nsigma = %.4g\ntheta rho / kappa_c = %.4g\n"
           "(%s the line)\nrho*(theta) = %.5g\n%s%.3g over %zu run%s\n"
           "largest unit alone diverges\nin %zu of them\n\n"
           "With few units the largest\nunit blows up first: rates\n> 0 below the line at small\ntheta are finite-p.",
           c->theta, c->theta_nominal, c->H, c->rho, c->sigma, c->ratio, c->ratio > 1 ? "above" : "below",
           R->line[i], isnan(r) ? "not run: " : "rate = ", isnan(r) ? 0.0 : r, k, k == 1 ? "" : "s",
           R->lu[(size_t)j * R->g.ntheta + (size_t)i]);
}

static void print_text(session *s, const phase_res *R, const char *title) {
  FILE *o = s->out;
  const gfd_phase_grid *g = &R->g;
  fprintf(o, "%s\n", title);
  for (size_t jj = g->nrho; jj-- > 0;) {
    fprintf(o, " %8.4g |", R->cell[jj * g->ntheta].rho);
    for (size_t i = 0; i < g->ntheta; i++)
      fprintf(o, "%c%c", line_row(R, i) == (int)jj ? '*' : ' ', rate_letter(R->rate[jj * g->ntheta + i]));
    fprintf(o, "\n");
  }
  fprintf(o, " %8s +", "");
  for (size_t i = 0; i < g->ntheta; i++) fprintf(o, "--");
  fprintf(o, "\n %8s   theta %.4g .. %.4g (log), rho (log) up the side\n", "rho", R->cell[0].theta,
          R->cell[g->ntheta - 1].theta);
  fputs(phase_legend, o);
  /* the cells below the line that diverged, against the largest-unit estimate */
  size_t nb = 0, runs = 0, div = 0, lu = 0;
  for (size_t c = 0; c < gfd_phase_cells(g); c++)
    if (R->runs[c] && R->cell[c].ratio < 1 && R->rate[c] > 0) {
      nb++;
      runs += R->runs[c];
      div += (size_t)lround(R->rate[c] * (double)R->runs[c]);
      lu += R->lu[c];
    }
  if (nb)
    fprintf(o,
            "\nbelow the line, %zu cell%s diverged in %zu of %zu runs; there the largest unit\n"
            "alone (its own control above kappa_c) predicts divergence in %zu of the %zu.",
            nb, nb == 1 ? "" : "s", div, runs, lu, runs);
  fputs("\nlimit line rho*(theta): ", o);
  for (size_t i = 0; i < g->ntheta; i++) fprintf(o, "%s%.4g:%.4g", i ? ", " : "", R->cell[i].theta, R->line[i]);
  fputs("\n", o);
}

static table *phase_table(const phase_res *R) {
  const gfd_phase_grid *g = &R->g;
  table *t = table_new("", "theta,rho,rate,runs");
  if (!t) return NULL;
  for (size_t j = 0; j < g->nrho; j++)
    for (size_t i = 0; i < g->ntheta; i++) {
      size_t c = j * g->ntheta + i;
      table_num(t, R->cell[c].theta);
      table_num(t, R->cell[c].rho);
      if (isnan(R->rate[c])) table_empty(t);
      else table_num(t, R->rate[c]);
      table_int(t, (long long)R->runs[c]);
      table_endrow(t);
    }
  for (size_t i = 0; i < g->ntheta; i++) { /* the line: theta,rho_star with rate and runs empty */
    table_num(t, R->cell[i].theta);
    table_num(t, R->line[i]);
    table_empty(t);
    table_empty(t);
    table_endrow(t);
  }
  return t;
}

static void phase_view(session *s, phase_res *R, const char *title) {
  const gfd_phase_grid *g = &R->g;
  size_t nc = gfd_phase_cells(g);
  char *cells = calloc(nc + 1, 1);
  int *col = calloc(nc, sizeof *col);
  double *xs = calloc(g->ntheta, sizeof *xs), *ys = calloc(g->nrho, sizeof *ys);
  if (cells && col && xs && ys) {
    for (size_t i = 0; i < g->ntheta; i++) xs[i] = R->cell[i].theta;
    for (size_t j = 0; j < g->nrho; j++) ys[j] = R->cell[j * g->ntheta].rho;
    for (size_t c = 0; c < nc; c++) {
      double r = R->rate[c];
      cells[c] = rate_letter(r);
      col[c] = isnan(r) ? 0 : r <= 0 ? 4 : r >= 1 ? 1 : 3; /* blue, red, yellow */
      if (line_row(R, c % g->ntheta) == (int)(c / g->ntheta)) col[c] |= 0x100;
    }
    view_grid_spec v = {(int)g->ntheta, (int)g->nrho, cells, col, xs, ys, "theta", "rho", title,
                        ". none diverged  1-9 tenths  # all\n"
                        "underlined: the limit line rho* = kappa_c/theta\n"
                        "rate > 0 below the line at small theta: finite p,\n"
                        "the largest of few units crosses first",
                        phase_info, R, 0, 0, 0, NULL};
    int si, sj;
    view_grid(s, &v, &si, &sj);
  }
  free(cells), free(col), free(xs), free(ys);
}

static void res_free(phase_res *R) {
  free(R->cell), free(R->rate), free(R->runs), free(R->lu), free(R->line);
}

/* Progress in estimated seconds (so that the dear large-theta cells at the
 * end of each row do not make the time left jump), reported as the units
 * come back; and `set threads auto` per cell: one thread for the small
 * cells, all for the large (serially the next cell starts after its
 * predecessor's last unit is back; MPI ranks run one thread each). */
typedef struct phase_prog {
  session *s;
  const phase_res *R;
  const gfd_ctl *ctl;
  double done, total;
  int threads_was;
} phase_prog;

static void phase_threads(phase_prog *P, size_t c) {
  gfd_spec cs;
  if (gfd_phase_cell_spec(&P->R->g, c, &cs, NULL) == GFD_OK) {
    int was = sh_threads_for_spec(P->s, &cs);
    if (P->threads_was < 0) P->threads_was = was;
  }
}

static void phase_unit_done(void *ud, size_t u, const void *out) {
  phase_prog *P = ud;
  const gfd_phase_grid *g = &P->R->g;
  size_t c = u / g->runs;
  (void)out;
  double gr = gfd_phase_cell_gradients_est(g, c);
  P->done += gr * P->R->cell[c].gradient_flops / gfd_phase_flop_rate(g->p) + gr * GFD_PHASE_S_PER_GRADIENT;
  gfd_ctl_progress(P->ctl, "phase", fmin(P->done, P->total), P->total);
  if ((u + 1) % g->runs == 0 && c + 1 < gfd_phase_cells(g)) phase_threads(P, c + 1);
}

static int run_phase(session *s, const args *a) {
  gfd_phase_grid g;
  gfd_phase_grid_default(&g);
  gfd_err e;
  gfd_err_clear(&e);
  size_t nu = 4, runs = GFD_PHASE_RUNS, p = 0;
  if (args_size(s, a, "nu", 4, 0, 0, 1000, &nu) < 0) return -1;
  if (nu < 4 || nu > GFD_NU_MAX || nu % 2)
    return sh_error(s, args_off(a, "nu"), "nu=%zu: the phase diagram needs an even nu in 4..%d", nu, GFD_NU_MAX);
  g.nu = (int)nu;
  if (parse_range(s, a, "theta", GFD_PHASE_THETA_LO, GFD_PHASE_THETA_HI, GFD_PHASE_N, &g.theta_lo, &g.theta_hi,
                  &g.ntheta) < 0 ||
      parse_range(s, a, "rho", GFD_PHASE_RHO_LO, GFD_PHASE_RHO_HI, GFD_PHASE_N, &g.rho_lo, &g.rho_hi, &g.nrho) < 0)
    return -1;
  if (!(g.theta_lo > 1))
    return sh_error(s, args_off(a, "theta"), "theta=%s: theta = 1 + (nu-1)!! H/p^(nu/2) is above 1: LO > 1",
                    args_str(a, "theta"));
  if (!(g.rho_lo > 0)) return sh_error(s, args_off(a, "rho"), "rho=%s: LO must be positive", args_str(a, "rho"));
  if (args_size(s, a, "seeds", GFD_PHASE_RUNS, 0, 1, 10000, &runs) < 0) return -1;
  g.runs = runs;
  static const char *const sizes[] = {"small", "paper", NULL};
  int size = 0;
  if (args_choice(s, a, "size", 0, 0, sizes, &size) < 0) return -1;
  if (args_has(a, "p") && args_has(a, "size"))
    return sh_error(s, args_off(a, "p"), "give p= or size=, not both (size=paper is p=%d, small p=%d)", GFD_PHASE_P,
                    PHASE_SMALL_P);
  if (args_size(s, a, "p", size ? GFD_PHASE_P : PHASE_SMALL_P, 0, 2, 4096, &p) < 0) return -1;
  g.p = p;
  if (args_double_range(s, a, "tau", GFD_PHASE_TAU_END, 0, -1e6, -1e-9, &g.tau_end) < 0 ||
      args_double_range(s, a, "rtol", g.rtol, 0, 1e-14, 1e-2, &g.rtol) < 0 ||
      args_ulong(s, a, "seed", 1, 0, &g.seed0) < 0)
    return -1;
  double max_min;
  if (args_double_range(s, a, "max", PHASE_MAX_MIN, 0, 0, 1e9, &max_min) < 0) return -1;
  static const char *const yn[] = {"no", "yes", NULL};
  int est_only = 0;
  if (args_choice(s, a, "estimate", 0, 0, yn, &est_only) < 0) return -1;
  if (gfd_phase_grid_check(&g, &e) != GFD_OK) return sh_error_lib(s, &e);

  /* the cost first */
  gfd_phase_cost cost;
  if (gfd_phase_estimate(&g, &cost, &e) != GFD_OK) return sh_error_lib(s, &e);
  FILE *eo = s->csv ? stderr : s->out;
  say_estimate(s, &g, &cost, eo);
  if (est_only) return 0;
  double secs = est_seconds_p(&cost, g.p);
  if (secs > max_min * 60) {
    size_t pf = fitting_p(&g, g.p, max_min * 60);
    gfd_phase_grid gs = g;
    gfd_phase_cost cs;
    char d[32], ds[32] = "";
    fmt_dur(secs, d, sizeof d);
    if (pf) {
      gs.p = pf;
      if (gfd_phase_estimate(&gs, &cs, NULL) == GFD_OK) fmt_dur(est_seconds_p(&cs, gs.p), ds, sizeof ds);
    }
    if (pf)
      return sh_error(s, -1,
                      "the grid would take ~%s, over max=%g min: try p=%zu (the same theta and rho, ~%s%s), fewer "
                      "seeds= or a smaller theta range, or raise max=",
                      d, max_min, pf, ds, pf == PHASE_SMALL_P ? ": size=small" : "");
    return sh_error(s, -1, "the grid would take ~%s, over max=%g min even at p=2: fewer seeds=, a smaller theta "
                           "range, or raise max=", d, max_min);
  }
  /* memory of the dearest model, before any work */
  gfd_phase_cell top;
  gfd_spec sp;
  if (gfd_phase_cell_info(&g, cost.max_cell, &top, &e) || gfd_phase_cell_spec(&g, cost.max_cell, &sp, &e))
    return sh_error_lib(s, &e);
  const gfd_ctl *ctl = sh_ctl(s);
  if (gfd_ctl_budget(ctl, gfd_spec_bytes(&sp), "the largest cell's model", &e) != GFD_OK) return sh_error_lib(s, &e);

  phase_res R;
  memset(&R, 0, sizeof R);
  R.g = g;
  size_t nc = gfd_phase_cells(&g);
  R.cell = calloc(nc, sizeof *R.cell);
  R.rate = calloc(nc, sizeof *R.rate);
  R.runs = calloc(nc, sizeof *R.runs);
  R.lu = calloc(nc, sizeof *R.lu);
  R.line = calloc(g.ntheta, sizeof *R.line);
  if (!R.cell || !R.rate || !R.runs || !R.lu || !R.line) {
    res_free(&R);
    return sh_error(s, -1, "out of memory for the phase grid");
  }
  R.kc = gfd_phase_kappa_c(g.nu);
  for (size_t c = 0; c < nc; c++) {
    R.rate[c] = NAN;
    if (gfd_phase_cell_info(&g, c, &R.cell[c], &e)) {
      res_free(&R);
      return sh_error_lib(s, &e);
    }
  }
  for (size_t i = 0; i < g.ntheta; i++) R.line[i] = R.kc / R.cell[i].theta;

  /* the units are work units (gfd/jobs.h: here or over MPI ranks), in cell
   * order; the runs' own progress is silenced so the line counts units (the
   * interrupt flag and budget stay) */
  gfd_ctl inner = *ctl;
  inner.progress = NULL;
  phase_prog P = {s, &R, ctl, 0, est_seconds_p(&cost, g.p), -1};
  gfd_job job;
  memset(&job, 0, sizeof job);
  job.kind = &gfd_job_phase_units;
  job.desc = &g, job.desc_len = sizeof g;
  job.n = gfd_phase_units(&g), job.out_len = sizeof(gfd_phase_unit);
  job.done = phase_unit_done, job.ud = &P, job.what = "phase";
  if (gfd_job_alloc(&job, &e)) {
    res_free(&R);
    return sh_error_lib(s, &e);
  }
  phase_threads(&P, 0);
  int jrc = gfd_job_run(&job, &inner, &e);
  if (P.threads_was >= 0) sh_threads_restore(s, P.threads_was);
  /* the cells stop at the first unit not computed, as a loop would; a stop
   * from outside is named by the runner (an MPI worker's unit stopped by
   * rank 0 says interrupted also at the time limit) */
  size_t k = gfd_job_prefix(&job), done_cells = k / g.runs;
  int rc = GFD_OK;
  const gfd_err *why = &e;
  if (k < job.n) {
    if (jrc == GFD_EINTR || jrc == GFD_ETIME) rc = jrc;
    else if (job.state[k] == GFD_UNIT_DONE) rc = job.rc[k], why = &job.err; /* the unit's own failure */
    else rc = jrc ? jrc : gfd_err_set(&e, GFD_EIO, "phase run %zu of cell %zu was not computed", k % g.runs, k / g.runs);
  }
  for (size_t c = 0; c < done_cells; c++) {
    const gfd_phase_unit *u = (const gfd_phase_unit *)job.out + c * g.runs;
    R.rate[c] = gfd_phase_rate(u, g.runs);
    R.runs[c] = g.runs;
    for (size_t r = 0; r < g.runs; r++) R.lu[c] += u[r].lu_diverges == 1;
  }
  if (rc != GFD_OK && rc != GFD_EINTR && rc != GFD_ETIME) {
    res_free(&R);
    int r = rc == GFD_ENOMEM && !why->msg[0] ? sh_error(s, -1, "out of memory") : sh_error_lib(s, why);
    gfd_job_release(&job);
    return r;
  }
  gfd_job_release(&job);
  char title[256];
  snprintf(title, sizeof title, "ascent phase diagram: SYM nu=%d p=%zu, %zu runs a cell, tau_end=%g (rate of blow-up)",
           g.nu, g.p, g.runs, g.tau_end);
  table *t = phase_table(&R);
  if (s->csv) sh_emit_table(s, t);
  else {
    if (s->interactive && done_cells) phase_view(s, &R, title);
    print_text(s, &R, title);
    if (t) { /* kept for export csv without printing it */
      table_free(s->last_table);
      s->last_table = t;
    }
  }
  res_free(&R);
  if (rc == GFD_EINTR || rc == GFD_ETIME) {
    s->interrupted = 0;
    return sh_error(s, -1, "phase %s after %zu of %zu cells: the finished cells are kept (blank: not run)",
                    rc == GFD_EINTR ? "interrupted" : "stopped at the time limit", done_cells, nc);
  }
  return 0;
}

static const command cmd_phase_table[] = {
    {"phase", "[nu=4] [theta=LO:HI:N] [rho=LO:HI:N] [seeds=K] [p=|size=small|paper] [tau=] [seed=] [rtol=] [max=] "
              "[estimate=yes]",
     "divergence rate of gradient ascent over a theta x rho grid, with the limit line",
     "The phase diagram of gradient ascent (SYM even nu, identity target, kappa = 1):\n"
     "for each cell of a log grid of theta = 1 + (nu-1)!! H/p^(nu/2) (nu = 4:\n"
     "1 + 3H/p^2) and rho = p^(nu-1) sigma^nu, `seeds` runs go backward from t = 0 and\n"
     "the cell shows the share that blew up.  In the limit p -> infinity a run\n"
     "diverges iff theta rho > kappa_c(nu) (kappa_c(4) = 2.07780944847258; the\n"
     "limit line rho*(theta) = kappa_c/theta is drawn).  theta=LO:HI:N and\n"
     "rho=LO:HI:N give N log-spaced points, both ends included; the defaults are\n"
     "the paper's 16 x 16 grid, theta in [1.1, 100], rho in [0.02, 2.5], 10 runs.\n"
     "H is an integer: H = round((theta - 1) p^(nu/2) / (nu-1)!!) (at least 1);\n"
     "the cell reports the theta that H gives (CSV too), rho is exact.\n"
     "Time: each run ends at tau = tau_end (default -4) of the scaled time\n"
     "tau = nu sigma^(nu-2) t, the same share of every cell's own dynamics (the\n"
     "flow's T= is a time in the model's units, so it is not used here; `set lr`\n"
     "does not change tau).  A run counts as diverged once L exceeds 100 L(0).\n"
     "Unit seeds: seed + cell*seeds + run (cell = rho index * N_theta + theta\n"
     "index), so every run is reproducible on its own.\n"
     "Finite p: at small theta (few units) rates above 0 appear below the line:\n"
     "the largest unit, of squared norm rho0 sigma^2 p with rho0 > 1, has its own\n"
     "control rho rho0^(nu/2) + (the other units' part) above kappa_c and blows\n"
     "up first.  Measured at p = 64 (10 runs a cell), the four smallest-theta\n"
     "columns of the paper's grid, theta = 1.1, 1.49, 2.0, 2.7 (line at rho* =\n"
     "1.89, 1.40, 1.04, 0.77), rates at rho = 0.36, 0.50, 0.69, 0.95: 0 0 0 1;\n"
     "0 0 0.8 1; 0 0.2 1 1; 0 1 1 1 (none diverged below, all above): the\n"
     "boundary sits at 0.4 to 0.7 of rho*.  The map and `blowup` of a single\n"
     "run say so per cell.\n"
     "Cost: the estimate comes first, and a grid over max= minutes (default 15,\n"
     "CPU time of one core) is refused with the largest p that fits.  A gradient\n"
     "costs ~(5/12) H p^4 flops (nu = 4, the packed route), so the large-theta\n"
     "cells dominate: theta = 100 is H = 33 p^2.  Estimated CPU time of one core\n"
     "for the paper's grid with 10 runs: 10 s at p = 4, 31 s at p = 6 (the\n"
     "default, size=small), 2.1 min at p = 8 (measured 105 s), 12 min at\n"
     "p = 12, 41 min at p = 16, 38 h at p = 32 and 92 days at p = 64\n"
     "(size=paper: H up to 135168; the dearest cell, theta = 100, 45 h for its\n"
     "10 runs).  Measured at p = 64, one core, 16 rho x 10 runs a column:\n"
     "theta = 1.1 (H = 137) 4.2 s, theta = 1.49 (H = 663) 74 s, theta = 2.0\n"
     "(H = 1375) 6.3 min, theta = 2.7 (H = 2336) 20 min (0.7-0.85 of the\n"
     "estimate).  The whole p = 64 grid needs a cluster: under mpirun\n"
     "every run is a work unit, so `mpirun -n K gfd -c 'phase p=64 max=140000'`\n"
     "takes about 92/K days of wall time (at least the dearest run, ~4.6 h).\n"
     "On a loaded machine the wall time is longer.  estimate=yes prints the\n"
     "estimate only.  Small p is coarse at the grid's low end (p = 6: theta =\n"
     "1.1 gives H = 1, theta 1.08) and its finite-p band below the line is wide.\n"
     "Ctrl-C stops; the cells finished so far are shown, the others blank.\n"
     "Under mpirun the runs are shared out over the ranks (`man gfd`, MPI), with\n"
     "the same output as one process.\n"
     "Output: interactively a grid view (arrows move, the side panel explains\n"
     "the cell, q leaves), then the text map; CSV (set format csv, export csv):\n"
     "theta,rho,rate,runs per cell, then one row per column with theta and\n"
     "rho_star = kappa_c/theta in the rho column and rate, runs empty.\n"
     "Example: phase theta=1.1:100:6 rho=0.02:2.5:6 seeds=2 p=8",
     "solutions", phase_keys, 0, 0, run_phase},
    {0}};

const area area_phase = {
    .name = "phase",
    .commands = cmd_phase_table,
};
