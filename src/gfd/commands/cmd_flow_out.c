/* cmd_flow_out.c - what the flow commands print and draw: the rows of a run,
 * the summary line, show state, show blowup, the simulated curve and the
 * blow-up mark. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cmd_flow.h"


/* The simulated curve, in the units of the run: scaled, the quantity the
 * limit follows (each quantity by its own p^E0); plain, the excess when there
 * is a target (computed directly, so that a flat loss can still be shown as
 * its excess; the view adds ||y||^2/2 back for the loss), else the loss. */
int flow_curve_update(session *s, struct flow_state *fs) {
  gfd_ens_rows r;
  if (!fs->en) return 0;
  gfd_ensemble_rows(fs->en, &r);
  if (!r.n) return 0;
  int rc = -1;
  double *x = malloc(r.n * sizeof *x), *y = malloc(r.n * sizeof *y);
  double *lo = NULL, *hi = NULL;
  int band = gfd_ensemble_size(fs->en) > 1;
  if (band) {
    lo = malloc(r.n * sizeof *lo);
    hi = malloc(r.n * sizeof *hi);
  }
  curve_units u = {0, 0, 0, 0, 0};
  int use_excess = fs->scaled ? fs->follows_excess : fs->yhalf > 0;
  double f = 1;
  if (fs->scaled) {
    u.scaled = 1;
    u.tfac = fs->tfac;
    u.lfac = f = use_excess ? fs->lfac_excess : fs->lfac_loss;
  }
  if (use_excess) u.excess = 1, u.offset = fs->yhalf;
  const double *q = use_excess ? r.excess : r.loss, *qse = use_excess ? r.excess_se : r.loss_se;
  if (x && y && (!band || (lo && hi))) {
    for (size_t i = 0; i < r.n; i++) {
      x[i] = fs->tfac * r.t[i];
      y[i] = q[i] / f;
      if (band) {
        lo[i] = (q[i] - qse[i]) / f;
        hi[i] = (q[i] + qse[i]) / f;
      }
    }
    if (sh_curve_set(s, fs->curve, CURVE_SIM, r.n, x, y, lo, hi) == 0) {
      sh_curve_units(s, fs->curve, &u);
      rc = 0;
    } else rc = -2; /* sh_curve_set said why */
  }
  free(x);
  free(y);
  free(lo);
  free(hi);
  return rc;
}

/* index of the seed whose blow-up comes first (nearest to t = 0), or -1 */
static long first_blowup(const struct flow_state *fs) {
  long best = -1;
  for (size_t k = 0; k < fs->bK; k++)
    if (fs->bst[k] == GFD_RUN_BLOWUP && (best < 0 || fabs(fs->bts[k]) < fabs(fs->bts[best]))) best = (long)k;
  return best;
}

void flow_mark_update(session *s, struct flow_state *fs) {
  long k = first_blowup(fs);
  if (k >= 0) sh_mark_set(s, "t* (simulation)", fs->bts[k]); /* marks are in t: the view scales them */
}

static table *rows_table(struct flow_state *fs, const gfd_ens_rows *r, size_t first, const char *title) {
  char header[512];
  snprintf(header, sizeof header, "%s,loss,loss_se,excess,excess_se", fs->scaled ? "tau" : "t");
  for (size_t j = 0; j < r->nobs; j++) {
    size_t len = strlen(header);
    snprintf(header + len, sizeof header - len, ",%s", r->obs_names[j]);
  }
  table *t = table_new(title, header);
  if (!t) return NULL;
  for (size_t i = first; i < r->n; i++) {
    table_num(t, fs->tfac * r->t[i]);
    table_num(t, r->loss[i] / fs->lfac_loss);
    table_num(t, r->loss_se[i] / fs->lfac_loss);
    table_num(t, r->excess[i] / fs->lfac_excess);
    table_num(t, r->excess_se[i] / fs->lfac_excess);
    for (size_t j = 0; j < r->nobs; j++) table_num(t, r->obs[i * r->nobs + j]);
    table_endrow(t);
  }
  return t;
}

/* " scaled: tau = p^-1.5 t, loss/p^1, excess/p^-2 (the limit follows the excess)" */
static void scaled_what(const struct flow_state *fs, const session *s, char *buf, size_t n) {
  if (!fs->scaled) {
    buf[0] = '\0';
    return;
  }
  double lp = log((double)s->spec.p);
  snprintf(buf, n, "scaled units: tau = p^%.4g t, loss/p^%.4g, excess/p^%.4g (the limit follows the %s)",
           log(fs->tfac) / lp, log(fs->lfac_loss) / lp, log(fs->lfac_excess) / lp,
           fs->follows_excess ? "excess" : "loss");
}

void flow_emit_rows(session *s, struct flow_state *fs, size_t first) {
  gfd_ens_rows r;
  gfd_ensemble_rows(fs->en, &r);
  if (first >= r.n) first = r.n ? r.n - 1 : 0;
  size_t K = gfd_ensemble_size(fs->en);
  char title[256], sw[160];
  scaled_what(fs, s, sw, sizeof sw);
  const char *what = fs->ascent ? "gradient ascent (backward flow)" : "gradient flow";
  /* (scaled: the units are on the line above the table) */
  if (K > 1)
    snprintf(title, sizeof title, "%s, mean of seeds %lu..%lu (se: standard error), %s", what, fs->seed0,
             fs->seed0 + (unsigned long)K - 1, gfd_method_name(fs->opts.method));
  else
    snprintf(title, sizeof title, "%s, seed %lu, %s", what, fs->seed0, gfd_method_name(fs->opts.method));
  if (!fs->scaled && fs->tfac != 1) snprintf(sw, sizeof sw, "paper time (set lr 1/T): t = %.6g x gfd time", fs->tfac);
  if (*sw && !s->csv) sh_wrap(s->out, 0, 2, sw);
  table *full = rows_table(fs, &r, first, title);
  table_text_rows(full, SH_TEXT_ROWS);
  sh_emit_table(s, full);
}

/* "t* = -0.10626523792 (bracket width 3.4e-10)": t* to one digit below the
 * width of its bracket, so that the digits shown are the ones it supports. */
static void fmt_tstar(const char *unit, double ts, double lo, double hi, char *buf, size_t n) {
  double w = fabs(hi - lo);
  int digits = 17;
  if (w > 0 && isfinite(w) && ts != 0)
    digits = (int)floor(log10(fabs(ts))) - (int)floor(log10(w)) + 2;
  if (digits < 3) digits = 3;
  if (digits > 17) digits = 17;
  snprintf(buf, n, "%s* = %.*g (bracket width %.2g)", unit, digits, ts, w);
}

void flow_print_summary(session *s, struct flow_state *fs) {
  gfd_ens_rows r;
  gfd_ensemble_rows(fs->en, &r);
  size_t K = gfd_ensemble_size(fs->en), steps = 0, evals = 0, ndiv = 0;
  double sum = 0, sum2 = 0;
  for (size_t k = 0; k < K; k++) {
    gfd_ens_member m;
    gfd_ensemble_member(fs->en, k, &m);
    steps += m.nsteps;
    evals += m.nevals;
    if (m.status == GFD_RUN_BLOWUP) {
      ndiv++;
      sum += m.t_star;
      sum2 += m.t_star * m.t_star;
    }
  }
  FILE *o = s->out;
  const char *unit = fs->scaled ? "tau" : "t";
  double f = fs->tfac;
  char state[160] = "", cost[96];
  if (r.n)
    snprintf(state, sizeof state, "%s=%.6g: loss %.6g, excess %.6g%s", unit, f * r.t[r.n - 1],
             r.loss[r.n - 1] / fs->lfac_loss, r.excess[r.n - 1] / fs->lfac_excess, K > 1 ? " (means)" : "");
  snprintf(cost, sizeof cost, "%zu steps, %zu gradients, %.3g s", steps, evals, fs->seconds);
  const char *what = fs->ascent ? "ascent" : "flow";
  /* one line if it fits 80 columns, else the cost on a line of its own */
  if (!*state) fprintf(o, "%s: %s\n", what, cost);
  else if (strlen(what) + strlen(state) + strlen(cost) + 4 < 80) fprintf(o, "%s: %s; %s\n", what, state, cost);
  else fprintf(o, "%s: %s\n  %s\n", what, state, cost);
  long b = first_blowup(fs);
  char ts[96];
  if (b < 0) { /* descent cannot blow up (L decreases): only ascent says so */
    if (fs->ascent && r.n) fprintf(o, "no blow-up by %s = %.6g%s\n", unit, f * r.t[r.n - 1], K > 1 ? " on any seed" : "");
    else if (fs->ascent) fprintf(o, "no blow-up%s\n", K > 1 ? " on any seed" : "");
    return;
  }
  fmt_tstar(unit, f * fs->bts[b], f * fs->blo[b], f * fs->bhi[b], ts, sizeof ts);
  char line[320];
  if (K == 1) {
    snprintf(line, sizeof line, "diverged: blow-up at %s", ts);
    sh_wrap(o, 0, 2, line);
  } else {
    double mean = sum / (double)ndiv, se = ndiv > 1 ? sqrt(fmax(sum2 - ndiv * mean * mean, 0) / (ndiv - 1) / ndiv) : 0;
    /* the fraction with its binomial standard error sqrt(f (1 - f) / K) */
    double fr = (double)ndiv / (double)K;
    snprintf(line, sizeof line, "%zu of %zu seeds diverged (fraction %.3g +- %.2g), first (seed %lu) at %s", ndiv, K,
             fr, sqrt(fr * (1 - fr) / (double)K), fs->bseed[b], ts);
    sh_wrap(o, 0, 2, line);
    if (ndiv > 1) {
      snprintf(line, sizeof line, "mean %s* = %.8g +- %.2g (standard error over the diverged seeds%s)", unit, f * mean,
               f * se, ndiv < K ? "; biased early: the seeds alive at T would blow up later, if at all" : "");
      sh_wrap(o, 0, 2, line);
    }
  }
}

static const char *status_word(int st, int stopped) {
  switch (st) {
  case GFD_RUN_BLOWUP: return "diverged";
  case GFD_RUN_INTERRUPTED: return "interrupted";
  default: return stopped ? "stopped" : "running";
  }
}

int flow_emit_state(session *s, struct flow_state *fs) {
  gfd_err e;
  gfd_err_clear(&e);
  gfd_ensemble *tmp = NULL, *en = fs ? fs->en : NULL;
  if (!en) {
    gfd_flow_opts o = s->flow_opts;
    if (!(tmp = gfd_ensemble_new(s->model, s->spec.seed, 1, 0.0, &o, sh_ctl(s), &e))) return sh_error_lib(s, &e);
    en = tmp;
  }
  char title[160];
  snprintf(title, sizeof title, "%s (distance = ||theta - theta0|| / ||theta0||)",
           tmp ? "initial state, no run yet" : "current state of each seed");
  table *t = table_new(title, "seed,t,loss,excess,norm,distance,status");
  if (!t) {
    gfd_ensemble_free(tmp);
    return sh_error(s, -1, "out of memory");
  }
  double tf = fs && fs->en && !fs->scaled ? fs->tfac : 1; /* set lr: paper time; scaled: t as named */
  for (size_t k = 0; k < gfd_ensemble_size(en); k++) {
    gfd_ens_member m;
    gfd_ensemble_member(en, k, &m);
    double L, ex, nrm, dist;
    if (gfd_ensemble_member_state(en, k, &L, &ex, &nrm, &dist, &e)) {
      table_free(t);
      gfd_ensemble_free(tmp);
      return sh_error_lib(s, &e);
    }
    table_int(t, (long long)m.seed);
    table_num(t, tf * m.t);
    table_num(t, L);
    table_num(t, ex);
    table_num(t, nrm);
    table_num(t, dist);
    table_str(t, status_word(m.status, gfd_ensemble_stopped(en)));
    table_endrow(t);
  }
  gfd_ensemble_free(tmp);
  sh_emit_table(s, t);
  return 0;
}

int flow_emit_blowups(session *s, struct flow_state *fs) {
  char title[160];
  /* in the run's own units: tau = tfac t after a scaled run */
  double f = fs->tfac > 0 ? fs->tfac : 1;
  if (f != 1 && !fs->scaled)
    snprintf(title, sizeof title, "blow-ups of the last run, in paper time %.6g t (set lr; no blow-up by T: alive at T)",
             f);
  else if (f != 1)
    snprintf(title, sizeof title, "blow-ups of the last run, in tau = %.6g t (no blow-up by T: alive at T)", f);
  else
    snprintf(title, sizeof title, "blow-ups of the last run, in t (no blow-up by T: alive at the end T)");
  table *t = table_new(s->csv ? "" : title, "seed,t_star,t_lo,t_hi,status");
  if (!t) return sh_error(s, -1, "out of memory");
  char fb[40];
  if (s->csv && f != 1)
    sh_note(s, "show blowup: times in %s = %s t (%s)", fs->scaled ? "tau" : "paper time", sh_num(fb, sizeof fb, f),
            fs->scaled ? "the last run was scaled" : "set lr");
  for (size_t k = 0; k < fs->bK; k++) {
    table_int(t, (long long)fs->bseed[k]);
    if (fs->bst[k] == GFD_RUN_BLOWUP) {
      table_num(t, f * fs->bts[k]);
      table_num(t, f * fs->blo[k]);
      table_num(t, f * fs->bhi[k]);
      table_str(t, "diverged");
    } else {
      table_empty(t);
      table_empty(t);
      table_empty(t);
      table_str(t, fs->bst[k] == GFD_RUN_INTERRUPTED ? "interrupted" : "no blow-up by T");
    }
    table_endrow(t);
  }
  sh_emit_table(s, t);
  return 0;
}

void flow_run_command(const struct flow_state *fs, double T, char *buf, size_t n) {
  const gfd_flow_opts *o = &fs->opts;
  char nt[32], nr[32], na[32];
  size_t len = (size_t)snprintf(buf, n, "%s T=%s seeds=%zu seed=%lu points=%zu method=%s",
                                T < 0 ? "ascent run" : "flow run", sh_num(nt, sizeof nt, T), fs->seeds, fs->seed0,
                                o->points, gfd_method_name(o->method));
  if (len < n && o->method == GFD_METHOD_RK4) len += (size_t)snprintf(buf + len, n - len, " steps=%zu", o->steps);
  if (len < n && o->method != GFD_METHOD_RK4)
    len += (size_t)snprintf(buf + len, n - len, " rtol=%s atol=%s", sh_num(nr, sizeof nr, o->rtol),
                            sh_num(na, sizeof na, o->atol));
  if (len < n && o->observe) {
    len += (size_t)snprintf(buf + len, n - len, " observe=%s%s%s%s%s", (o->observe & GFD_OBS_NORMS) ? "norms" : "",
                            (o->observe & GFD_OBS_NORMS) && (o->observe & ~GFD_OBS_NORMS) ? "," : "",
                            (o->observe & GFD_OBS_RELERR) ? "relerr" : "",
                            (o->observe & GFD_OBS_RELERR) && (o->observe & GFD_OBS_DISTANCE) ? "," : "",
                            (o->observe & GFD_OBS_DISTANCE) ? "distance" : "");
  }
  if (len < n && fs->scaled) snprintf(buf + len, n - len, " scaled=yes");
}
