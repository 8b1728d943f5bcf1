/* cmd_scaling_map.c - `map`: the regime map over a grid of scalings (a, b), as
 * text (one letter per regime, the balance line marked), as CSV
 * a,b,regime,time_exponent,loss_exponent, and interactively through view_grid
 * (Enter adopts the scaling of the cell). */
#include <config.h>
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cmd_scaling.h"
#include "view_provider.h"
#include "gfd/jobs.h"

#define MAP_KMAX 401

const char *const sc_map_keys[] = {"a", "b", "c", "N", "of", NULL};

const char sc_map_help[] =
    "Classifies every scaling of a grid in the (a, b) plane (H = CH p^a,\n"
    "sigma^2 = Cs p^b, kappa = Ck p^c; c and the prefactors from the current scaling,\n"
    "or c= here) with the exact diagram polynomials up to order N (help regime) and\n"
    "prints one letter per cell: F free evolution, N NTK, U mean-field\n"
    "under-parameterised, P proportional (a = 1), O mean-field over-parameterised,\n"
    "Z frozen, M multi-scale (a part of vanishing weight on a faster scale, the\n"
    "bulk moving: not frozen), ? undetermined at order N.  Cells exactly on the\n"
    "balance line (E||f0||^2 ~ ||y||^2) are in lower case, and the line b*(a)\n"
    "itself is listed under the map: an f there is free evolution on the floor\n"
    "||y||^2/2 (the excess moves as with the zero target).  Below the line the\n"
    "loss sits on that floor (Z) while its excess may move: of=excess maps it\n"
    "(U where the target drives it).  For ASYM with a > nu - 1 the N cells below\n"
    "the line are the NTK wedge (the tangent kernel concentrates, r_0 ~ -y relaxes\n"
    "through it), with O on its lower edge b = -2a/nu and Z beneath.\n"
    "a=LO:HI:K and b=LO:HI:K give K equally spaced exact values from LO to HI\n"
    "(rationals such as -7/6 allowed; defaults a=0:3:13, b=-3:1:17).\n"
    "CSV: a,b,regime,time_exponent,loss_exponent (time_exponent empty unless the\n"
    "regime is dynamical; the bulk's for multi-scale).  Interactively the map\n"
    "opens in a grid view: arrows move, the side panel explains the cell, Enter\n"
    "adopts its scaling, q leaves.\n"
    "Example: model asym nu=2; map a=0:3:7 b=-3:0:13";

typedef struct range {
  gfd_rat lo, hi;
  size_t k;
} range;

static int parse_range(session *s, const args *a, const char *key, const char *dflt, range *r) {
  const char *v = args_str(a, key);
  int off = args_off(a, key);
  if (!v) v = dflt;
  char buf[128];
  if (strlen(v) >= sizeof buf) return sh_error(s, off, "%s=%s is too long", key, v);
  strcpy(buf, v);
  char *c1 = strchr(buf, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
  if (!c1 || !c2)
    return sh_error(s, off, "%s=%s: expected LO:HI:K (for example %s)", key, v, dflt);
  *c1 = *c2 = '\0';
  size_t k;
  if (gfd_scaling_parse_rat(buf, &r->lo) != GFD_OK || gfd_scaling_parse_rat(c1 + 1, &r->hi) != GFD_OK)
    return sh_error(s, off, "%s=%s: LO and HI must be rationals (like -1, 0.25, -7/6)", key, v);
  if (sh_parse_size(c2 + 1, &k) < 0 || k < 1 || k > MAP_KMAX)
    return sh_error(s, off, "%s=%s: K must be an integer in 1..%d", key, v, MAP_KMAX);
  if (fabs(gfd_rat_to_double(r->lo)) > 64 || fabs(gfd_rat_to_double(r->hi)) > 64)
    return sh_error(s, off, "%s=%s: exponents must lie in [-64, 64]", key, v);
  if (k > 1 && gfd_scaling_rat_cmp(r->lo, r->hi) >= 0)
    return sh_error(s, off, "%s=%s: LO must be below HI", key, v);
  r->k = k;
  return 0;
}

/* value i of the range, exactly */
static int range_at(const range *r, size_t i, gfd_rat *out) {
  if (r->k == 1) {
    *out = r->lo;
    return 0;
  }
  gfd_rat d, neg = r->lo, t;
  neg.num = -neg.num;
  if (gfd_rat_add(r->hi, neg, &d) || gfd_rat_mul(d, gfd_rat_make((gfd_i128)i, (gfd_i128)(r->k - 1)), &t) ||
      gfd_rat_add(r->lo, t, out))
    return -1;
  return 0;
}

typedef struct cellinfo {
  gfd_regime reg;
  int dyn, balance, have_e0, finetuned;
  double g, e0;
} cellinfo;

typedef struct map_ctx {
  range ra, rb;
  gfd_scaling base;
  int N, of;
  gfd_rat *as, *bs;
  cellinfo *cell;
  gfd_diagrams *dg; /* the engine the map was computed with */
  int stop;         /* 0, or why the cells stopped (GFD_EINTR, GFD_ETIME) */
  size_t cells_done;
} map_ctx;

static void map_info(session *s, int i, int j, char *buf, size_t n, void *ud) {
  map_ctx *m = ud;
  gfd_scaling sc = m->base;
  sc.a = m->as[i];
  sc.b = m->bs[j];
  gfd_regime_result *r = calloc(1, sizeof *r);
  char qa[48], qb[48];
  snprintf(buf, n, "a = %s, b = %s\n", sc_rat_str(sc.a, qa, 48), sc_rat_str(sc.b, qb, 48));
  gfd_diagrams *d = m->dg;
  gfd_err e;
  if (!r || !d || gfd_regime_classify(d, &sc, m->N, NULL, r, &e) != GFD_OK) {
    free(r);
    return;
  }
  size_t pos = strlen(buf);
  for (int qi = 0; qi < 2 && pos < n; qi++) {
    const gfd_regime_quantity *q = qi ? &r->excess : &r->loss;
    char e0[48], g[48];
    pos += (size_t)snprintf(buf + pos, n - pos, "%s: %s\nE_0 = %s%s%s\n%s\n",
                            qi ? "excess" : "loss", gfd_regime_name(q->regime),
                            sc_rat_str(q->E0, e0, 48), q->dynamical ? ", g = " : "",
                            q->dynamical ? sc_rat_str(q->g, g, 48) : "", q->reason);
  }
  if (pos < n && r->balance != 2)
    snprintf(buf + pos, n - pos, "%s the balance line\n",
             r->balance > 0 ? "above" : r->balance < 0 ? "below" : "on");
  free(r);
}

static void print_text_map(session *s, const map_ctx *m, const char *title) {
  FILE *o = s->out;
  size_t nx = m->ra.k, ny = m->rb.k;
  char q[48];
  fprintf(o, "%s\n", title);
  int lw = 1;
  for (size_t j = 0; j < ny; j++) {
    int w = (int)strlen(sc_rat_str(m->bs[j], q, sizeof q));
    if (w > lw) lw = w;
  }
  for (size_t jj = ny; jj-- > 0;) {
    fprintf(o, " %*s |", lw, sc_rat_str(m->bs[jj], q, sizeof q));
    for (size_t i = 0; i < nx; i++) {
      const cellinfo *c = &m->cell[i * ny + jj];
      char ch = gfd_regime_letter(c->reg);
      if (c->balance == 0) ch = (char)tolower((unsigned char)ch);
      fprintf(o, "%c%c", c->finetuned ? '*' : ' ', ch);
    }
    fprintf(o, "\n");
  }
  fprintf(o, " %*s +", lw, "");
  for (size_t i = 0; i < nx; i++) fprintf(o, "--");
  fprintf(o, "\n %*s  ", lw, "b/a");
  /* a labels: first, middle, last, each under its column */
  char line[2 * MAP_KMAX + 64];
  memset(line, ' ', sizeof line);
  size_t idx[3] = {0, (nx - 1) / 2, nx - 1};
  size_t end = 0;
  for (int k = 0; k < 3; k++) {
    if (k && idx[k] == idx[k - 1]) continue;
    const char *lab = sc_rat_str(m->as[idx[k]], q, sizeof q);
    size_t col = 2 * idx[k] + 1, len = strlen(lab);
    if (col < end + 1 && k) continue;
    if (col + len >= sizeof line - 1) break;
    memcpy(line + col, lab, len);
    end = col + len;
  }
  line[end] = '\0';
  fprintf(o, "%s\n", line);
  int tuned = 0;
  for (size_t k = 0; k < nx * ny; k++) tuned |= m->cell[k].finetuned;
  char leg[1000], qh[48], qs[48], qk[48];
  size_t len = (size_t)snprintf(leg, sizeof leg,
                                "F free evolution, N NTK, U mean-field under-parameterised, P proportional "
                                "(a = 1), O mean-field over-parameterised, Z frozen, M multi-scale (not frozen: "
                                "a vanishing part on a faster scale), ? undetermined at order %d; lower case: on "
                                "the balance line E||f0||^2 ~ ||y||^2 (f there: free evolution on the floor "
                                "||y||^2/2); below the line the loss sits on that floor, map of=excess shows what "
                                "moves; N below the line (ASYM, a > nu - 1): the NTK wedge, O on its lower edge",
                                m->N);
  if (tuned && len < sizeof leg)
    snprintf(leg + len, sizeof leg - len,
             "; *X: a leading face cancels at these prefactors (CH=%s, Cs=%s, Ck=%s): fine-tuned, the "
             "letter holds for them only (other prefactors give another regime; regime a= b= says which face)",
             sc_rat_str(m->base.CH, qh, 48), sc_rat_str(m->base.Cs, qs, 48), sc_rat_str(m->base.Ck, qk, 48));
  fputs("legend: ", o);
  sh_wrap(o, 8, 8, leg);
}

/* Classify every cell (the work: each is a regime analysis), the cells
 * being independent work units (gfd/jobs.h: here or over MPI ranks), column
 * by column.  0; 1 if stopped (Ctrl-C, time limit: m->stop, m->cells_done,
 * and m->ra.k cut to the columns complete); -1 after sh_error. */
static int map_classify(session *s, map_ctx *m, const gfd_ctl *ctl, gfd_regime_result *r) {
  (void)r;
  size_t nx = m->ra.k, ny = m->rb.k, ncell = nx * ny;
  gfd_regime_cells_desc d;
  memset(&d, 0, sizeof d);
  d.kind = s->spec.kind, d.nu = s->spec.nu, d.target = s->spec.target;
  d.base = m->base, d.N = m->N, d.of_excess = m->of, d.na = nx, d.nb = ny;
  size_t dlen = sizeof d + (nx + ny) * sizeof(gfd_rat);
  char *desc = malloc(dlen);
  if (!desc) return sh_error(s, -1, "out of memory for the regime map");
  memcpy(desc, &d, sizeof d);
  memcpy(desc + sizeof d, m->as, nx * sizeof(gfd_rat));
  memcpy(desc + sizeof d + nx * sizeof(gfd_rat), m->bs, ny * sizeof(gfd_rat));
  gfd_err e;
  gfd_err_clear(&e);
  gfd_job job;
  memset(&job, 0, sizeof job);
  job.kind = &gfd_job_regime_cells;
  job.desc = desc, job.desc_len = dlen, job.n = ncell, job.out_len = sizeof(gfd_regime_cell);
  job.what = "map", job.progress_units = 1;
  job.ctx = gfd_regime_cells_ctx(m->dg, desc, dlen, &e);
  if (!job.ctx || gfd_job_alloc(&job, &e)) {
    if (job.ctx) job.kind->close(job.ctx);
    free(desc);
    return sh_error_lib(s, &e);
  }
  int jrc = gfd_job_run(&job, ctl, &e), rc = 0;
  size_t k = gfd_job_prefix(&job);
  if (k < ncell) { /* the map stops at the first cell not classified, as a loop would */
    if (job.state[k] == GFD_UNIT_DONE) rc = sh_error_lib(s, &job.err); /* the unit's own failure */
    else if (jrc != GFD_EINTR && jrc != GFD_ETIME) rc = sh_error_lib(s, &e);
    else { /* stopped: the complete columns are a map of their own */
      m->stop = jrc;
      m->cells_done = k;
      m->ra.k = k / ny;
      rc = 1;
    }
  }
  for (size_t u = 0; rc >= 0 && u < (rc ? k : ncell); u++) {
    gfd_regime_cell c;
    memcpy(&c, job.out + u * sizeof c, sizeof c);
    cellinfo *ci = &m->cell[u];
    ci->reg = (gfd_regime)c.regime;
    ci->dyn = c.dyn, ci->g = c.g, ci->have_e0 = c.have_e0, ci->e0 = c.e0;
    ci->balance = c.balance, ci->finetuned = c.finetuned;
  }
  job.kind->close(job.ctx);
  gfd_job_release(&job);
  free(desc);
  return rc;
}

/* set format csv: one row per cell. */
static int map_csv(session *s, const map_ctx *m) {
  size_t nx = m->ra.k, ny = m->rb.k;
  table *t = table_new("", "a,b,regime,time_exponent,loss_exponent");
  if (!t) return sh_error(s, -1, "out of memory");
  for (size_t i = 0; i < nx; i++)
    for (size_t j = 0; j < ny; j++) {
      const cellinfo *c = &m->cell[i * ny + j];
      table_num(t, gfd_rat_to_double(m->as[i]));
      table_num(t, gfd_rat_to_double(m->bs[j]));
      table_str(t, gfd_regime_key(c->reg));
      if (c->dyn) table_num(t, c->g);
      else table_empty(t);
      if (c->have_e0) table_num(t, c->e0);
      else table_empty(t);
      table_endrow(t);
    }
  sh_emit_table(s, t);
  return 0;
}

/* Interactively: the grid view; Enter on a cell adopts its scaling.  0, or
 * -1 after sh_error. */
static int map_view(session *s, struct scaling_state *st, map_ctx *m, const char *title) {
  size_t nx = m->ra.k, ny = m->rb.k, ncell = nx * ny;
  char *cells = calloc(ncell + 1, 1);
  int *colors = calloc(ncell, sizeof *colors);
  double *xs = calloc(nx, sizeof *xs), *ys = calloc(ny, sizeof *ys);
  if (!cells || !colors || !xs || !ys) {
    free(cells), free(colors), free(xs), free(ys);
    return sh_error(s, -1, "out of memory for the map view");
  }
  for (size_t i = 0; i < nx; i++) xs[i] = gfd_rat_to_double(m->as[i]);
  for (size_t j = 0; j < ny; j++) ys[j] = gfd_rat_to_double(m->bs[j]);
  for (size_t i = 0; i < nx; i++)
    for (size_t j = 0; j < ny; j++) {
      const cellinfo *c = &m->cell[i * ny + j];
      char ch = gfd_regime_letter(c->reg);
      cells[j * nx + i] = c->balance == 0 ? (char)tolower((unsigned char)ch) : ch;
      colors[j * nx + i] = (int)c->reg % 8 | (c->finetuned ? 0x100 : 0);
    }
  view_grid_spec g = {(int)nx, (int)ny, cells, colors, xs, ys, "a", "b", title,
                      "F free  N NTK  U mf-under  P proportional  O mf-over  Z frozen\n"
                      "M multi-scale (not frozen)  ? undetermined\n"
                      "lower case: on the balance line (f: free on the floor ||y||^2/2);\n"
                      "N below the line: the NTK wedge; underlined: fine-tuned (a leading\n"
                      "face cancels at these prefactors CH, Cs, Ck)",
                      map_info, m, 0, 0, 0, "adopt this scaling"};
  if (st->set) { /* the cursor starts at the scaling in force (its nearest cell) */
    double a = gfd_rat_to_double(st->sc.a), b = gfd_rat_to_double(st->sc.b);
    g.start_set = 1;
    for (size_t i = 1; i < nx; i++)
      if (fabs(xs[i] - a) < fabs(xs[g.start_i] - a)) g.start_i = (int)i;
    for (size_t j = 1; j < ny; j++)
      if (fabs(ys[j] - b) < fabs(ys[g.start_j] - b)) g.start_j = (int)j;
  }
  int si = -1, sj = -1;
  int sel = view_grid(s, &g, &si, &sj);
  free(cells), free(colors), free(xs), free(ys);
  if (sel == 1 && si >= 0 && sj >= 0 && (size_t)si < nx && (size_t)sj < ny) {
    st->sc = m->base;
    st->sc.a = m->as[si];
    st->sc.b = m->bs[sj];
    if (!st->set) st->sc.CH = st->sc.Cs = st->sc.Ck = gfd_rat_make(1, 1);
    st->set = 1;
    char buf[256];
    sc_format_scaling(&st->sc, buf, sizeof buf);
    sh_note(s, "adopted the scaling %s", buf);
  }
  return 0;
}

/* The balance line itself, per column (identity target). */
static void map_balance(session *s, const map_ctx *m, const gfd_ctl *ctl) {
  size_t nx = m->ra.k;
  const gfd_poly *z0, *f0;
  gfd_err e;
  gfd_err_clear(&e);
  if (s->spec.target != GFD_TGT_IDENTITY ||
      gfd_diagrams_poly(m->dg, GFD_FAMILY_ZERO, 0, ctl, &z0, &e) != GFD_OK ||
      gfd_diagrams_poly(m->dg, GFD_FAMILY_FULL, 0, ctl, &f0, &e) != GFD_OK)
    return;
  size_t cap = 64 + nx * 110, len = 0;
  char *bl = malloc(cap);
  if (!bl) return;
  bl[0] = '\0';
  for (size_t i = 0; i < nx; i++) {
    gfd_rat b;
    char qa[48], qb[48];
    if (gfd_scaling_balance_b(z0, f0, m->as[i], m->base.c, &b, &e) == GFD_OK && len < cap)
      len += (size_t)snprintf(bl + len, cap - len, "%sa=%s: %s", len ? ", " : "", sc_rat_str(m->as[i], qa, 48),
                              sc_rat_str(b, qb, 48));
  }
  fputs("balance line b*(a): ", s->out);
  sh_wrap(s->out, 20, 2, bl);
  free(bl);
}

/* The exact grid values of a= and b=.  0, or -1 after sh_error. */
static int map_grid(session *s, const args *a, map_ctx *m) {
  for (size_t i = 0; i < m->ra.k; i++)
    if (range_at(&m->ra, i, &m->as[i]) < 0)
      return sh_error(s, args_off(a, "a"), "a=: the grid values overflow exact arithmetic");
  for (size_t j = 0; j < m->rb.k; j++)
    if (range_at(&m->rb, j, &m->bs[j]) < 0)
      return sh_error(s, args_off(a, "b"), "b=: the grid values overflow exact arithmetic");
  return 0;
}

int sc_run_map(session *s, const args *a) {
  struct scaling_state *st = sc_state(s);
  if (!st) return -1;
  map_ctx m;
  memset(&m, 0, sizeof m);
  if (parse_range(s, a, "a", "0:3:13", &m.ra) < 0 || parse_range(s, a, "b", "-3:1:17", &m.rb) < 0)
    return -1;
  m.base = st->sc;
  if (!st->set) gfd_scaling_default(&m.base);
  if (sc_arg_rat(s, a, "c", &m.base.c) < 0) return -1;
  if (fabs(gfd_rat_to_double(m.base.c)) > 64)
    return sh_error(s, args_off(a, "c"), "c=%s: exponents must lie in [-64, 64]", args_str(a, "c"));
  size_t N = (size_t)st->N;
  if (args_size(s, a, "N", N, 0, 1, GFD_REGIME_NMAX, &N) < 0) return -1;
  m.N = (int)N;
  static const char *const of_names[] = {"loss", "excess", NULL};
  if (args_choice(s, a, "of", 0, 0, of_names, &m.of) < 0) return -1;
  gfd_diagrams *d = sc_diagrams(s);
  if (!d) return -1;
  m.dg = d;

  size_t nx = m.ra.k, ny = m.rb.k, ncell = nx * ny, bytes;
  const gfd_ctl *ctl = sh_ctl(s);
  gfd_err e;
  gfd_err_clear(&e);
  if (!gfd_size_mul(ncell, sizeof(cellinfo) + 2 * sizeof(int) + 1, &bytes) ||
      gfd_ctl_budget(ctl, bytes + sizeof(gfd_regime_result), "the regime map", &e) != GFD_OK)
    return sh_error_lib(s, &e);
  m.as = calloc(nx, sizeof *m.as);
  m.bs = calloc(ny, sizeof *m.bs);
  m.cell = calloc(ncell, sizeof *m.cell);
  gfd_regime_result *r = calloc(1, sizeof *r);
  int rc = -1;
  char title_a[48];
  if (!m.as || !m.bs || !m.cell || !r) {
    sh_error(s, -1, "out of memory for the regime map");
    goto done;
  }
  if (map_grid(s, a, &m) < 0) goto done;
  int stopped = map_classify(s, &m, ctl, r);
  if (stopped < 0) goto done;
  const char *why = m.stop == GFD_EINTR ? "interrupted" : "stopped: time limit reached";
  if (stopped && m.ra.k == 0) { /* not one column: nothing to show */
    sh_error(s, -1, "map %s after %zu of %zu cells, before the first column (a = %s) was complete: nothing to show",
             why, m.cells_done, ncell, sc_rat_str(m.as[0], title_a, sizeof title_a));
    goto done;
  }
  char title[400], q1[48];
  snprintf(title, sizeof title, "regime map (%s) of %s nu=%d target=%s, c = %s, N = %d%s",
           m.of ? "excess" : "loss", gfd_kind_name(s->spec.kind), s->spec.nu,
           gfd_target_name(s->spec.target), sc_rat_str(m.base.c, q1, 48), m.N,
           stopped ? " (the columns complete)" : "");
  if (s->csv) {
    rc = map_csv(s, &m);
  } else {
    /* an interrupted map is printed, not browsed: the user asked to stop */
    if (!stopped && s->interactive && map_view(s, st, &m, title) < 0) goto done;
    print_text_map(s, &m, title);
    if (!stopped) map_balance(s, &m, ctl);
    rc = 0;
  }
  if (stopped && rc == 0) {
    char qa[48];
    rc = sh_error(s, -1, "map %s after %zu of %zu cells: the %zu complete column%s (a up to %s) shown above", why,
                  m.cells_done, ncell, m.ra.k, m.ra.k == 1 ? "" : "s", sc_rat_str(m.as[m.ra.k - 1], qa, sizeof qa));
  }
done:
  free(m.as);
  free(m.bs);
  free(m.cell);
  free(r);
  return rc;
}
