/* cmd_diagram.c - the diagram area's commands: show poly, diagrams, diagram,
 * and the `series source=diagrams` hook (diagram_series_coefs).
 *
 * The exact polynomials and the reduced classes live in a gfd_diagrams cache
 * per (kind, nu, target), kept for the whole session: changing p, H, sigma or
 * kappa only re-evaluates them. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "area.h"
#include "diagram_provider.h"
#include "view_provider.h"

extern const area area_diagram;

struct diagram_state {
  gfd_diagrams *d;
  gfd_kind kind;
  int nu;
  gfd_target target;
};

/* Model changes keep the cache; it is checked against (kind, nu, target)
 * when used.  free_all (exit): drop everything. */
static void diagram_state_reset(session *s, int free_all) {
  struct diagram_state *st = sh_area_state(s, &area_diagram);
  if (!st || !free_all) return;
  gfd_diagrams_free(st->d);
  free(st);
  sh_area_set_state(s, &area_diagram, NULL);
}

/* The cache for the session's model, or NULL after sh_error (diagram_provider.h:
 * the scaling area shares it, so `diagrams` and `regime` compute each order once). */
gfd_diagrams *diagram_engine(session *s) {
  const gfd_spec *sp = &s->spec;
  if (sp->target != GFD_TGT_IDENTITY && sp->target != GFD_TGT_ZERO) {
    sh_error(s, -1, "diagrams are available for identity and zero targets (the model has target %s)",
             gfd_target_name(sp->target));
    return NULL;
  }
  struct diagram_state *st = sh_area_state(s, &area_diagram);
  if (st && st->d && st->kind == sp->kind && st->nu == sp->nu && st->target == sp->target)
    return st->d;
  gfd_err e;
  gfd_err_clear(&e);
  gfd_diagrams *d = gfd_diagrams_new(sp->kind, sp->nu, sp->target, &e);
  if (!d) {
    sh_error_lib(s, &e);
    return NULL;
  }
  if (!st) {
    st = calloc(1, sizeof *st);
    if (!st) {
      gfd_diagrams_free(d);
      sh_error(s, -1, "out of memory for the diagram state");
      return NULL;
    }
    sh_area_set_state(s, &area_diagram, st);
  }
  gfd_diagrams_free(st->d);
  st->d = d;
  st->kind = sp->kind;
  st->nu = sp->nu;
  st->target = sp->target;
  return d;
}

/* Tab completion: the ids of order n if the cache for the current model
 * already holds them; never computes. */
static char **complete_ids(session *s, int n) {
  struct diagram_state *st = sh_area_state(s, &area_diagram);
  const gfd_spec *sp = &s->spec;
  const gfd_diagram_class *cls;
  size_t count;
  if (!st || !st->d || st->kind != sp->kind || st->nu != sp->nu || st->target != sp->target ||
      !gfd_diagrams_classes_cached(st->d, n, &cls, &count))
    return NULL;
  char **ids = calloc(count + 1, sizeof *ids);
  if (!ids) return NULL;
  for (size_t i = 0; i < count; i++) {
    char id[32];
    snprintf(id, sizeof id, "%d.%d", cls[i].order, cls[i].index);
    if (!(ids[i] = strdup(id))) {
      for (size_t j = 0; j < i; j++) free(ids[j]);
      free(ids);
      return NULL;
    }
  }
  return ids;
}

/* Current sizes: p, H, s = sigma^2, kappa (0 for the zero target). */
static void sizes(const session *s, double *p, double *H, double *sg, double *kappa) {
  *p = (double)s->spec.p;
  *H = (double)s->spec.H;
  *sg = s->spec.sigma * s->spec.sigma;
  *kappa = s->spec.target == GFD_TGT_IDENTITY ? s->spec.kappa : 0.0;
}

/* Byte offset of the i-th positional word (for the caret), or -1. */
static int pos_off(const args *a, int i) {
  for (int k = 0; k < a->n; k++)
    if (!a->a[k].key && i-- == 0) return a->a[k].off;
  return -1;
}

/* An order n as a positional word, 0..max. */
static int parse_order(session *s, const args *a, int i, int max, int *n) {
  const char *w = args_pos(a, i);
  size_t v;
  if (!w || sh_parse_size(w, &v) != 0 || v > (size_t)max)
    return sh_error(s, pos_off(a, i), "bad order '%s': expected an integer 0..%d", w ? w : "", max);
  *n = (int)v;
  return 0;
}

#define ORDER_MAX 60 /* the library's limit (DG_NMAX; SYM nu=2 only past 28) */

/* ------------------------------------------------------- series hook */
int diagram_series_coefs(session *s, int N, double *coef, int *got, char *why, size_t nwhy) {
  *got = 0;
  if (N < 0 || N > ORDER_MAX)
    return sh_error(s, -1, "series source=diagrams goes to order N=%d at most", ORDER_MAX);
  gfd_diagrams *d = diagram_engine(s);
  if (!d) return -1;
  int lim = gfd_diagrams_order_limit(d);
  if (N > lim) /* said before any work: the orders below can take a while */
    return sh_error(s, -1, "diagrams reach order %d at most for nu=%d (graph size limits); ask for N=%d",
                    lim, s->spec.nu, lim);
  double p, H, sg, kappa;
  sizes(s, &p, &H, &sg, &kappa);
  const gfd_ctl *ctl = sh_ctl(s);
  long double fact = 1.0L;
  for (int n = 0; n <= N; n++) {
    const gfd_poly *P;
    gfd_err e;
    gfd_err_clear(&e);
    if (n > 0) fact *= n;
    /* the numeric mode: the memo holds numbers at (p, H), not polynomials */
    if (gfd_diagrams_value(d, GFD_FAMILY_FULL, n, s->spec.p, s->spec.H, ctl, &P, &e) != GFD_OK) {
      if (n > 0 && (e.code == GFD_EINTR || e.code == GFD_ETIME)) { /* the orders done are a result */
        snprintf(why, nwhy, "%s", e.code == GFD_EINTR ? "interrupted" : "time limit reached (set timelimit to change)");
        return 1;
      }
      if (n > 0)
        return sh_error(s, -1, "diagrams reached order %d only (%s); ask for N=%d", n - 1,
                        e.msg[0] ? e.msg : gfd_strerror(e.code), n - 1);
      return sh_error_lib(s, &e);
    }
    coef[n] = (double)(gfd_poly_evall(P, 1, 1, sg, kappa) / fact); /* p, H are in */
    *got = n + 1;
  }
  return 0;
}

/* ------------------------------------------------------------ show poly */
static const char *const family_names[] = {"full", "ntk", "zero", NULL};
static const char *const poly_keys[] = {"family", "at", NULL};
static const char *const at_names[] = {"any", "sizes", NULL};

/* x as an exact rational if its shortest decimal form reads back as x (what
 * the user typed, such as 0.3), else 0. */
static int short_decimal(double x, gfd_rat *r) {
  char buf[40];
  for (int digits = 1; digits <= 15; digits++) {
    snprintf(buf, sizeof buf, "%.*g", digits, x);
    if (strtod(buf, NULL) == x) return gfd_scaling_parse_rat(buf, r) == GFD_OK;
  }
  return 0;
}

/* The value at the current sizes exactly, when sigma and kappa are short
 * decimals (p and H are integers): "= num/den" after the polynomial. */
static void exact_value(session *s, const gfd_poly *P, int at_sizes) {
  gfd_rat sg, kappa = gfd_rat_from_ll(0, 1), s2;
  if (!short_decimal(s->spec.sigma, &sg) || gfd_rat_mul(sg, sg, &s2) != GFD_OK ||
      (s->spec.target == GFD_TGT_IDENTITY && !short_decimal(s->spec.kappa, &kappa)))
    return;
  gfd_rat p = gfd_rat_from_ll(at_sizes ? 1 : (long long)s->spec.p, 1);
  gfd_rat H = gfd_rat_from_ll(at_sizes ? 1 : (long long)s->spec.H, 1);
  size_t len = gfd_poly_eval_rat(P, p, H, s2, kappa, NULL, 0, NULL);
  char *buf = malloc(len + 1);
  if (!buf) return;
  gfd_poly_eval_rat(P, p, H, s2, kappa, buf, len + 1, NULL);
  fprintf(s->out, "exactly (sigma^2 and kappa as the decimals typed): %s\n", buf);
  free(buf);
}

static int run_show_poly(session *s, const args *a) {
  int n, fam, at;
  if (sh_lr_refuse(s, "show poly (E[L^(n)(0)] in gfd time)") < 0) return -1;
  if (parse_order(s, a, 0, ORDER_MAX, &n) < 0) return -1;
  if (args_choice(s, a, "family", GFD_FAMILY_FULL, 0, family_names, &fam) < 0) return -1;
  if (args_choice(s, a, "at", 0, 0, at_names, &at) < 0) return -1;
  gfd_diagrams *d = diagram_engine(s);
  if (!d) return -1;
  const gfd_poly *P;
  gfd_err e;
  gfd_err_clear(&e);
  int rc = at ? gfd_diagrams_value(d, (gfd_family)fam, n, s->spec.p, s->spec.H, sh_ctl(s), &P, &e)
              : gfd_diagrams_poly(d, (gfd_family)fam, n, sh_ctl(s), &P, &e);
  if (rc != GFD_OK) return sh_error_lib(s, &e);
  double p, H, sg, kappa;
  sizes(s, &p, &H, &sg, &kappa);
  if (at) p = H = 1; /* already in the coefficients */
  double v = (double)gfd_poly_evall(P, p, H, sg, kappa);
  if (s->csv) {
    table *t = table_new("", "n_p,n_H,n_e,n_y,coef");
    if (!t) return sh_error(s, -1, "out of memory for the polynomial table");
    for (size_t i = P->n; i-- > 0;) {
      char c[512]; /* exact; beyond 128 bits too (a coefficient of n = 60 has ~150 digits) */
      table_int(t, P->m[i].np);
      table_int(t, P->m[i].nH);
      table_int(t, P->m[i].ne);
      table_int(t, P->m[i].ny);
      gfd_poly_coef_format(P, i, c, sizeof c);
      table_str(t, c);
      table_endrow(t);
    }
    sh_emit_table(s, t);
    return 0;
  }
  size_t cap = gfd_poly_format_size(P);
  char *buf = malloc(cap);
  if (!buf) return sh_error(s, -1, "out of memory for the polynomial text");
  static const char *what[] = {"E[L^(%d)(0)]", "NTK part of E[L^(%d)(0)]",
                               "zero-target part of E[L^(%d)(0)]"};
  fprintf(s->out, what[fam], n);
  if (at) fprintf(s->out, " at p=%zu H=%zu", s->spec.p, s->spec.H);
  fprintf(s->out, " (%s %s nu=%d, s = sigma^2, %zu terms) =\n  %s\n", gfd_kind_name(s->spec.kind),
          gfd_target_name(s->spec.target), s->spec.nu, P->n, gfd_poly_format(P, buf, cap));
  if (s->spec.target == GFD_TGT_IDENTITY)
    fprintf(s->out, "at p=%zu H=%zu sigma=%.6g kappa=%.6g: %.10g\n", s->spec.p, s->spec.H,
            s->spec.sigma, kappa, v);
  else
    fprintf(s->out, "at p=%zu H=%zu sigma=%.6g: %.10g\n", s->spec.p, s->spec.H, s->spec.sigma, v);
  exact_value(s, P, at);
  free(buf);
  return 0;
}

/* ------------------------------------------------------------- diagrams */
static const char *const sort_names[] = {"value", "mult", NULL};
static const char *const diagrams_keys[] = {"sort", "top", NULL};

/* Before a listing estimated to take more than this, say what it will cost. */
#define LONG_LISTING_S 5.0

/* The classes of orders 0..n in turn (each the estimate of the next), with a
 * note before one that will take long: its estimated time and memory. */
static int list_classes(session *s, gfd_diagrams *d, int n, const gfd_ctl *ctl,
                        const gfd_diagram_class **cls, size_t *count, gfd_err *e) {
  for (int m = 0; m <= n; m++) {
    size_t bytes;
    double secs;
    if (!gfd_diagrams_classes_cached(d, m, cls, count) &&
        gfd_diagrams_classes_estimate(d, m, &bytes, &secs) && secs > LONG_LISTING_S) {
      char b[32];
      sh_note(s, "the diagram classes of order %d: about %.0f s and %s by extrapolation from orders "
              "%d and %d (Ctrl-C stops)", m, secs, gfd_format_bytes(bytes, b, sizeof b), m - 2, m - 1);
    }
    if (gfd_diagrams_classes(d, m, ctl, cls, count, e) != GFD_OK) return -1;
  }
  return 0;
}

/* The classes of order n and the total E[L^(n)(0)] at the current sizes. */
static int classes_at(session *s, int n, const gfd_diagram_class **cls, size_t *count, double *total) {
  gfd_diagrams *d = diagram_engine(s);
  if (!d) return -1;
  const gfd_ctl *ctl = sh_ctl(s);
  gfd_err e;
  gfd_err_clear(&e);
  const gfd_poly *P;
  if (n > gfd_diagrams_classes_limit(d)) { /* the error at once, not after the polynomial */
    gfd_diagrams_classes(d, n, ctl, cls, count, &e);
    return sh_error_lib(s, &e);
  }
  if (gfd_diagrams_poly(d, GFD_FAMILY_FULL, n, ctl, &P, &e) != GFD_OK ||
      list_classes(s, d, n, ctl, cls, count, &e) < 0)
    return sh_error_lib(s, &e);
  double p, H, sg, kappa;
  sizes(s, &p, &H, &sg, &kappa);
  *total = (double)gfd_poly_evall(P, p, H, sg, kappa);
  return 0;
}

static void class_id(const gfd_diagram_class *c, char *buf, size_t n) {
  snprintf(buf, n, "%d.%d", c->order, c->index);
}

#define CLASS_COLUMNS "id,mult,n_p,n_H,n_e,n_y,value,share,shape"

/* One row of CLASS_COLUMNS. */
static void class_row(table *t, const gfd_diagram_class *c, double p, double H, double sg, double kappa,
                      double total) {
  char id[32], m[100];
  double v = gfd_diagram_class_value(c, p, H, sg, kappa);
  class_id(c, id, sizeof id);
  table_str(t, id);
  table_str(t, gfd_rat_format(c->mult, m, sizeof m));
  table_int(t, c->np);
  table_int(t, c->nH);
  table_int(t, c->ne);
  table_int(t, c->ny);
  table_num(t, v);
  if (total != 0) table_num(t, v / total);
  else table_empty(t);
  char shape[160];
  table_str(t, gfd_diagram_class_shape(c, shape, sizeof shape));
  table_endrow(t);
}

/* ------------------------------------------------------- diagrams census */
/* Without N: the orders whose listing is estimated under this. */
#define CENSUS_AUTO_S 5.0

static void census_row(table *t, gfd_diagrams *d, int n) {
  gfd_diagram_census c;
  size_t terms = 0;
  gfd_err e;
  gfd_diagrams_census(d, n, &c);
  gfd_diagrams_term_count(d, GFD_FAMILY_FULL, n, NULL, &terms, &e); /* built: cheap */
  table_int(t, n);
  table_int(t, (long long)terms);
  table_int(t, (long long)c.monomials);
  table_int(t, (long long)c.memo);
  table_num(t, c.poly_secs);
  table_int(t, (long long)c.classes);
  table_int(t, (long long)c.cancelled);
  table_int(t, (long long)c.states);
  table_num(t, c.class_secs);
  table_num(t, (double)c.class_bytes / 1048576.0);
  table_endrow(t);
}

/* The next order's estimates, or nothing when there are none. */
static void census_next(session *s, gfd_diagrams *d, int n) {
  size_t pb, cb;
  double ps, cs;
  char b1[32], b2[32];
  int hp = gfd_diagrams_estimate(d, GFD_FAMILY_FULL, n, &pb, &ps);
  int hc = gfd_diagrams_classes_estimate(d, n, &cb, &cs);
  if (s->csv || n > gfd_diagrams_classes_limit(d) || (!hp && !hc)) return;
  fprintf(s->out, "order %d by extrapolation:", n);
  if (hp) fprintf(s->out, " polynomial about %.3g s, cache %s;", ps, gfd_format_bytes(pb, b1, sizeof b1));
  if (hc) fprintf(s->out, " classes about %.3g s, %s at the peak", cs, gfd_format_bytes(cb, b2, sizeof b2));
  fprintf(s->out, "\n");
}

static int run_census(session *s, const args *a) {
  int N = -1;
  if (args_pos(a, 0) && parse_order(s, a, 0, ORDER_MAX, &N) < 0) return -1;
  gfd_diagrams *d = diagram_engine(s);
  if (!d) return -1;
  int lim = gfd_diagrams_classes_limit(d);
  if (N > lim)
    return sh_error(s, pos_off(a, 0), "diagrams reach order %d at most for nu=%d (graph size limits)", lim,
                    s->spec.nu);
  const gfd_ctl *ctl = sh_ctl(s);
  char title[160];
  snprintf(title, sizeof title, "diagram census of %s nu=%d %s (times in s, wall)", gfd_kind_name(s->spec.kind),
           s->spec.nu, gfd_target_name(s->spec.target));
  table *t = table_new(s->csv ? "" : title,
                       "n,terms,monomials,memo_graphs,poly_s,classes,cancelled,class_states,classes_s,class_MiB");
  if (!t) return sh_error(s, -1, "out of memory for the census table");
  gfd_err e;
  gfd_err_clear(&e);
  int rc = 0, n;
  for (n = 0; N < 0 ? n <= lim : n <= N; n++) {
    size_t bytes;
    double secs;
    if (N < 0 && gfd_diagrams_classes_estimate(d, n, &bytes, &secs) &&
        (secs > CENSUS_AUTO_S || bytes > gfd_ctl_budget_bytes(ctl)))
      break;
    const gfd_poly *P;
    const gfd_diagram_class *cls;
    size_t count;
    if (gfd_diagrams_poly(d, GFD_FAMILY_FULL, n, ctl, &P, &e) != GFD_OK ||
        gfd_diagrams_classes(d, n, ctl, &cls, &count, &e) != GFD_OK) {
      rc = -1;
      break;
    }
    census_row(t, d, n);
  }
  /* the orders done so far are shown even when one was stopped */
  if (table_rows(t)) sh_emit_table(s, t);
  else table_free(t);
  census_next(s, d, n);
  return rc < 0 ? sh_error_lib(s, &e) : 0;
}

static int run_diagrams(session *s, const args *a) {
  int n, by;
  size_t top;
  if (sh_lr_refuse(s, "diagrams (E[L^(n)(0)] in gfd time)") < 0) return -1;
  if (parse_order(s, a, 0, ORDER_MAX, &n) < 0) return -1;
  if (args_choice(s, a, "sort", GFD_SORT_VALUE, 0, sort_names, &by) < 0) return -1;
  if (args_size(s, a, "top", 0, 0, 0, (size_t)1 << 40, &top) < 0) return -1;
  const gfd_diagram_class *cls;
  size_t count;
  double total;
  if (classes_at(s, n, &cls, &count, &total) < 0) return -1;
  double p, H, sg, kappa;
  sizes(s, &p, &H, &sg, &kappa);
  size_t *idx = malloc((count ? count : 1) * sizeof *idx);
  if (!idx) return sh_error(s, -1, "out of memory for the diagram list");
  if (gfd_diagram_classes_order(cls, count, (gfd_class_sort)by, p, H, sg, kappa, idx) != 0) {
    free(idx);
    return sh_error(s, -1, "out of memory for sorting the diagram list");
  }
  /* at a terminal, without top=, the largest classes fill one screen */
  int fit = 0;
  if (!args_has(a, "top") && s->interactive && !s->csv) {
    struct winsize ws;
    size_t lines = ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 ? ws.ws_row : 24;
    size_t room = lines > 12 ? lines - 5 : 7; /* title, header, note, prompt */
    if (count > room) top = room, fit = 1;
  }
  size_t rows = top && top < count ? top : count;
  char title[256];
  snprintf(title, sizeof title, "E[L^(%d)(0)] = %.10g at p=%zu H=%zu sigma=%.6g%s: %zu classes by |%s|", n, total,
           s->spec.p, s->spec.H, s->spec.sigma, s->spec.target == GFD_TGT_IDENTITY ? "" : " (zero target)", count,
           by ? "mult" : "value");
  table *t = table_new(s->csv ? "" : title, CLASS_COLUMNS);
  if (!t) {
    free(idx);
    return sh_error(s, -1, "out of memory for the diagram table");
  }
  for (size_t r = 0; r < rows; r++) class_row(t, &cls[idx[r]], p, H, sg, kappa, total);
  free(idx);
  sh_emit_table(s, t);
  if (rows < count && !s->csv)
    fprintf(s->out, "(the first %zu of %zu classes%s; diagram n.k shows one)\n", rows, count,
            fit ? ": top=0 lists all" : "");
  return 0;
}

/* ------------------------------------------------------------- diagram */
typedef struct pager_ud {
  const gfd_diagram_class *cls;
  const size_t *idx;
  double p, H, sg, kappa, total;
} pager_ud;

/* -1 when the drawing is missing (out of memory; the text says so) */
static int render_class(const gfd_diagram_class *c, const pager_ud *u, char *buf, size_t n) {
  int rc = gfd_diagram_class_format(c, buf, n) ? 0 : -1;
  size_t L = strlen(buf);
  double v = gfd_diagram_class_value(c, u->p, u->H, u->sg, u->kappa);
  char shape[160];
  if (L < n)
    L += (size_t)snprintf(buf + L, n - L, "  shape %s\n", gfd_diagram_class_shape(c, shape, sizeof shape));
  if (L < n)
    snprintf(buf + L, n - L, "  value %.10g at the current sizes, share %.6g of E[L^(%d)(0)] = %.10g\n",
             v, u->total != 0 ? v / u->total : 0.0 / 0.0, c->order, u->total);
  return rc;
}

static void pager_render(session *s, int i, char *buf, size_t n, void *ud) {
  (void)s;
  const pager_ud *u = ud;
  (void)render_class(&u->cls[u->idx[i]], u, buf, n); /* a missing drawing is said on the page */
}

static int run_diagram(session *s, const args *a) {
  const char *w = args_pos(a, 0);
  if (sh_lr_refuse(s, "diagram (E[L^(n)(0)] in gfd time)") < 0) return -1;
  int off = pos_off(a, 0);
  /* "n.k" */
  char nb[32];
  const char *dot = w ? strchr(w, '.') : NULL;
  size_t n, k;
  if (!dot || (size_t)(dot - w) >= sizeof nb) return sh_error(s, off, "bad diagram id '%s': expected n.k, e.g. 3.7", w ? w : "");
  memcpy(nb, w, (size_t)(dot - w));
  nb[dot - w] = '\0';
  if (sh_parse_size(nb, &n) != 0 || sh_parse_size(dot + 1, &k) != 0 || n > ORDER_MAX || k < 1)
    return sh_error(s, off, "bad diagram id '%s': expected n.k with n = 0..%d and k >= 1", w, ORDER_MAX);
  const gfd_diagram_class *cls;
  size_t count;
  pager_ud u;
  if (classes_at(s, (int)n, &cls, &count, &u.total) < 0) return -1;
  if (k > count)
    return sh_error(s, off, "no diagram %s: order %zu has %zu classes (%zu.1 .. %zu.%zu)", w, n, count, n,
                    n, count);
  sizes(s, &u.p, &u.H, &u.sg, &u.kappa);
  u.cls = cls;
  if (s->csv) { /* stdout carries tables only: the class as one row of `diagrams` */
    table *t = table_new("", CLASS_COLUMNS);
    if (!t) return sh_error(s, -1, "out of memory for the diagram table");
    class_row(t, &cls[k - 1], u.p, u.H, u.sg, u.kappa, u.total);
    sh_emit_table(s, t);
    return 0;
  }
  if (s->interactive) {
    size_t *idx = malloc(count * sizeof *idx);
    if (!idx) return sh_error(s, -1, "out of memory for the diagram pages");
    if (gfd_diagram_classes_order(cls, count, GFD_SORT_VALUE, u.p, u.H, u.sg, u.kappa, idx) != 0) {
      free(idx);
      return sh_error(s, -1, "out of memory for sorting the diagram pages");
    }
    int start = 0;
    for (size_t i = 0; i < count; i++)
      if (idx[i] == k - 1) start = (int)i;
    u.idx = idx;
    char title[96];
    snprintf(title, sizeof title, "diagrams of order %zu by |value|", n);
    int rc = view_pager(s, title, (int)count, start, pager_render, &u);
    free(idx);
    return rc < 0 ? -1 : 0;
  }
  char *buf = malloc(65536);
  if (!buf) return sh_error(s, -1, "out of memory for the diagram text");
  int drawn = render_class(&cls[k - 1], &u, buf, 65536);
  fputs(buf, s->out);
  free(buf);
  return drawn < 0 ? sh_error(s, -1, "out of memory for the diagram's drawing") : 0;
}

/* ------------------------------------------------------------- table */
#define CONVENTIONS \
    "Conventions: L = 1/2 ||f - y||^2 (no normalisation), du/dt = -grad L, s =\n" \
    "sigma^2, all entries of u iid N(0, sigma^2) at t = 0; identity target\n" \
    "y_{i..i} = kappa. E[L^(n)(0)] is the n-th time derivative at t = 0 (not\n" \
    "divided by n!); the series coefficients are coef_n = E[L^(n)(0)]/n!.\n"

static const char poly_help[] =
    "show poly n [family=full|ntk|zero] prints E[L^(n)(0)], the exact expectation\n"
    "of the n-th time derivative of the loss at initialisation, as a polynomial\n"
    "in p, H, s = sigma^2 and kappa with exact rational coefficients, and its\n"
    "value at the current sizes. It is computed from Wick diagrams: the terms\n"
    "of d^nL/dt^n are bipartite graphs built by edge\n"
    "rewriting, their expectations come from a memoised recursion over perfect\n"
    "matchings on canonical forms, and every coefficient is exact at any size\n"
    "(128-bit integers while they fit, GMP beyond). Results are cached per\n"
    "(kind, nu, target) for the session.\n"
    "  family=full  E[L^(n)(0)] of the model (default)\n"
    "  family=ntk   the NTK sub-family: 1/2 (-2)^n E<r0, Theta0^n r0>, Theta0 = J J^T\n"
    "  family=zero  the part without target (the zero-target model, free evolution)\n"
    "  at=sizes     at the current p and H: a polynomial in s and kappa only,\n"
    "               from the numeric mode, which series source=diagrams uses:\n"
    "               the Wick memo holds exact numbers at (p, H) instead of\n"
    "               polynomials in p and H (2-4x less memory); the same\n"
    "               numbers exactly\n"
    "When sigma and kappa are short decimals (as typed, e.g. 0.3), the value is\n"
    "also printed exactly, as a rational.\n"
    "With `set format csv`: the rows n_p,n_H,n_e,n_y,coef of the monomials coef\n"
    "p^n_p H^n_H s^n_e kappa^n_y.\n"
    "Reach: order 4 for every model with nu <= 4 in well under a second of CPU,\n"
    "SYM nu=2 to order 24 in about 2 s; the engine's graph size limit is order\n"
    "28, past which SYM nu=2 (families full and zero) goes on to order 60 by an\n"
    "exact second route (the eigenvalues of W = U^T U evolve independently,\n"
    "so E[L^(n)(0)] is a sum of real Wishart moments); SYM nu=4 order 5 in\n"
    "about 3 s, order 6 in about a minute (2 GiB; at=sizes 0.3 GiB);\n"
    "see `make bench`. An order whose estimated memory (extrapolated from the\n"
    "two orders below) is over the budget is refused before it starts.\n"
    "Available for the identity and zero targets.\n" CONVENTIONS;

static const char diagrams_help[] =
    "diagrams n [sort=value|mult] [top=K] lists the reduced diagram classes\n"
    "behind E[L^(n)(0)]: after Wick pairing, a term is a connected bipartite\n"
    "multigraph of n_p p-nodes and n_H H-nodes joined by n_e sigma^2 edges, with\n"
    "weight p^n_p H^n_H s^n_e kappa^n_y. A class collects all (term, pairing)\n"
    "pairs giving the same graph; mult is their signed multiplicity, printed\n"
    "exactly: an integer for n >= 1, while at n = 0 halves can occur (the 1/2 of\n"
    "L = 1/2 ||f - y||^2; from n = 1 on, L' = -||grad L||^2 has no 1/2).\n"
    "value = mult times the weight at the current sizes, share = value /\n"
    "E[L^(n)(0)]. For ASYM models the edges keep their factor index. At n = 0\n"
    "the constant ||y||^2/2 = kappa^2 p/2 is listed as the class with one p-node\n"
    "and no edge.\n"
    "Columns:\n"
    "  id     n.k, the name of the class for `diagram n.k` (stable: ordered by\n"
    "         n_e, n_p, n_H, n_y, then the graph)\n"
    "  mult   the signed multiplicity: each term of d^nL/dt^n carries a signed\n"
    "         coefficient (each time derivative multiplies it by -nu through the\n"
    "         model, +nu through the target, whose kappa goes to n_y; ASYM -1\n"
    "         and +1), and each of its Wick pairings yields one reduced graph;\n"
    "         mult is the sum of those coefficients over every (term, pairing)\n"
    "         giving this graph. Terms of opposite signs partly cancel, so mult\n"
    "         can be negative or far smaller than the number of pairings\n"
    "  n_p    p-nodes (index classes summed over p: a factor p each)\n"
    "  n_H    H-nodes (a factor H each)\n"
    "  n_e    edges, each a matched pair of weights (a factor sigma^2 = s each)\n"
    "  n_y    target insertions (a factor kappa each; 0 for the zero target)\n"
    "  value  mult p^n_p H^n_H s^n_e kappa^n_y at the current sizes\n"
    "  share  value / E[L^(n)(0)]: the shares sum to 1, but since values have\n"
    "         both signs (cancellation between classes) one share can be\n"
    "         negative or above 1; a large |share| with a total near zero\n"
    "         means strong cancellation, not a dominant class\n"
    "  shape  a structural signature telling apart classes whose other\n"
    "         columns agree: p-node degrees, H-node degrees (each sorted\n"
    "         decreasing), x the multiplicities of multi-edges, for ASYM c the\n"
    "         edges of each factor index, and # a tag of the graph (equal for\n"
    "         the same graph only)\n"
    "Sorted by |value| (default) or |mult|; top=K keeps the first K rows (at a\n"
    "terminal the default is what fits the screen; top=0 lists all). Within a\n"
    "second:\n"
    "n = 6 (SYM nu = 2), 5 (ASYM nu = 2), 4 (ASYM nu = 3), 3 (SYM nu = 3, ASYM\n"
    "nu = 4); SYM nu = 4 n = 3 takes seconds, n = 4 minutes. The listing costs\n"
    "far more than the polynomial (it keeps the graph of every pairing, where the\n"
    "polynomial keeps only p and H powers): `diagrams census` shows both costs\n"
    "per order and the next order's estimate. The orders below n are listed\n"
    "first (a fraction of the cost): a listing estimated over the memory budget\n"
    "is refused before it starts, one estimated over 5 s is announced by a note.\n"
    "Ctrl-C interrupts.\n" CONVENTIONS;

static const char diagram_help[] =
    "diagram n.k shows one reduced diagram class (see help diagrams): its\n"
    "multiplicity and weight, its p-nodes with the H-nodes they join, a drawing\n"
    "of the bipartite graph as an incidence table, and its value and share at the\n"
    "current sizes, its shape (see help diagrams) and its target insertions: the\n"
    "n_y factors kappa, drawn as legs y ending on the graph (the reduced form\n"
    "keeps how many, not at which node). In a terminal the view pages through\n"
    "all classes of order n sorted by |value| (arrows step, q returns). With CSV\n"
    "output: the class as one row of the diagrams table\n"
    "(id,mult,n_p,n_H,n_e,n_y,value,share,shape).\n"
    "Example: diagrams 2 top=5; diagram 2.3\n" CONVENTIONS;

static const char census_help[] =
    "diagrams census [N] tabulates what each order costs, from order 0 up to N\n"
    "(without N: every order whose class listing is estimated to take under 5 s\n"
    "and to fit the memory budget). Each order's polynomial and classes are\n"
    "computed (and cached), and its row gives:\n"
    "  terms        term-graph classes of d^nL/dt^n with a nonzero coefficient\n"
    "  monomials    terms of the polynomial E[L^(n)(0)] (show poly n)\n"
    "  memo_graphs  graphs in the memoised Wick recursion after this order\n"
    "  poly_s       seconds (wall) of the polynomial of this order alone\n"
    "  classes      reduced diagram classes (diagrams n) with nonzero multiplicity\n"
    "  cancelled    classes reached whose signed multiplicities summed to zero\n"
    "  class_states intermediate states of the class listing (its real cost)\n"
    "  classes_s    seconds (wall) of the class listing of this order alone\n"
    "  class_MiB    memory of the listing at its peak (freed after)\n"
    "Times of orders already cached are those of their first computation. A\n"
    "last line gives the next order's cost extrapolated from the two below it;\n"
    "`diagrams n` says the same in a note before a listing estimated over 5 s,\n"
    "and refuses one whose estimate is over the budget. Ctrl-C or the time limit\n"
    "stop the census; the orders done are shown.\n";

static const char *const no_keys[] = {NULL};

static const command cmd_diagram_table[] = {
    {"show poly", "n [family=full|ntk|zero] [at=any|sizes]", "the exact polynomial E[L^(n)(0)] in p, H, sigma^2, kappa",
     poly_help, "diagrams", poly_keys, 1, 1, run_show_poly},
    {"diagrams", "n [sort=value|mult] [top=K]", "list the reduced diagram classes of order n", diagrams_help,
     "diagrams", diagrams_keys, 1, 1, run_diagrams},
    {"diagrams census", "[N]", "what each order costs: terms, classes, memo graphs, time, memory",
     census_help, "diagrams", no_keys, 0, 1, run_census},
    {"diagram", "n.k", "show one diagram class (text rendering; pager in a terminal)", diagram_help, "diagrams",
     no_keys, 1, 1, run_diagram},
    {0}};

/* After `diagram `: the ids n.k of an order already computed ("2" or "2."
 * names the order). */
static char **diagram_complete(session *s, const command *cmd, const char *word) {
  size_t digits = strspn(word, "0123456789");
  if (!s || strcmp(cmd->name, "diagram") != 0 || digits == 0 ||
      (word[digits] != '.' && word[digits] != '\0'))
    return NULL;
  int n = atoi(word);
  if (n < 0 || n > 64) return NULL;
  return complete_ids(s, n);
}

const area area_diagram = {
    .name = "diagram",
    .commands = cmd_diagram_table,
    .reset = diagram_state_reset,
    .complete = diagram_complete,
};
