/* diagram.c - the public diagram engine: E[L^(n)(0)] as exact polynomials for
 * the full model, its NTK sub-family and its zero-target part, cached per
 * (kind, nu, target) in a gfd_diagrams object. */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "diagram_internal.h"
#include "internal.h"

gfd_diagrams *gfd_diagrams_new(gfd_kind kind, int nu, gfd_target target, gfd_err *e) {
  if (kind != GFD_SYM && kind != GFD_ASYM) {
    gfd_err_set(e, GFD_EINVAL, "unknown model kind %d", (int)kind);
    return NULL;
  }
  if (nu < GFD_NU_MIN || nu > GFD_NU_MAX) {
    gfd_err_set(e, GFD_EINVAL, "nu=%d is out of range (%d..%d)", nu, GFD_NU_MIN, GFD_NU_MAX);
    return NULL;
  }
  if (target != GFD_TGT_IDENTITY && target != GFD_TGT_ZERO) {
    gfd_err_set(e, GFD_EUNSUP, "diagrams are available for identity and zero targets");
    return NULL;
  }
  gfd_diagrams *d = calloc(1, sizeof *d);
  if (!d) {
    gfd_err_set(e, GFD_ENOMEM, "out of memory for the diagram cache");
    return NULL;
  }
  d->kind = kind;
  d->nu = nu;
  d->target = target;
  d->terms = dg_terms_new(kind, nu, target, 0, &d->mem);
  d->ntk = dg_terms_new(kind, nu, target, 1, &d->mem);
  d->wick = dg_wick_new(&d->mem);
  if (!d->terms || !d->ntk || !d->wick) {
    gfd_diagrams_free(d);
    gfd_err_set(e, GFD_ENOMEM, "out of memory for the diagram cache");
    return NULL;
  }
  for (int f = 0; f < DG_NFAM; f++)
    for (int n = 0; n <= DG_NMAX; n++) {
      gfd_poly_init(&d->poly[f][n]);
      gfd_poly_init(&d->val[f][n]);
    }
  return d;
}

void gfd_diagrams_free(gfd_diagrams *d) {
  if (!d) return;
  dg_terms_free(d->terms);
  dg_terms_free(d->ntk);
  dg_wick_free(d->wick);
  for (int f = 0; f < DG_NFAM; f++)
    for (int n = 0; n <= DG_NMAX; n++) {
      gfd_poly_free(&d->poly[f][n]);
      gfd_poly_free(&d->val[f][n]);
    }
  for (int n = 0; n <= DG_NMAX; n++) dg_classes_free(d->classes[n]);
  dg_wickv_free(d->vwick);
  free(d);
}

gfd_kind gfd_diagrams_kind(const gfd_diagrams *d) { return d->kind; }
int gfd_diagrams_nu(const gfd_diagrams *d) { return d->nu; }
gfd_target gfd_diagrams_target(const gfd_diagrams *d) { return d->target; }
size_t gfd_diagrams_bytes(const gfd_diagrams *d) { return d->mem.bytes; }
size_t gfd_diagrams_memo_entries(const gfd_diagrams *d) { return dg_wick_entries(d->wick); }

/* SYM nu = 2 past the graph size limits: the FULL and ZERO families come
 * from the Wishart route (exact, independent of the diagrams; the two agree
 * exactly wherever both exist, test_diagram_wishart).  The NTK family has no
 * such route. */
static int by_wishart(const gfd_diagrams *d, gfd_family fam, int n) {
  return d->kind == GFD_SYM && d->nu == 2 && fam != GFD_FAMILY_NTK && !dg_order_fits(2, n);
}

int gfd_diagrams_order_limit(const gfd_diagrams *d) {
  if (d->kind == GFD_SYM && d->nu == 2) return DG_NMAX;
  int n = 0;
  while (n < DG_NMAX && dg_order_fits(d->nu, n + 1)) n++;
  return n;
}

/* An order past the graph size limits is refused here, before the levels
 * below it are built (which can take seconds). */
static int check_order(const gfd_diagrams *d, gfd_family fam, int n, gfd_err *e) {
  if (n < 0 || n > DG_NMAX)
    return gfd_err_set(e, GFD_EINVAL, "order %d is out of range (0..%d)", n, DG_NMAX);
  if (!dg_order_fits(d->nu, n) && !by_wishart(d, fam, n)) return dg_order_refuse(e, n);
  return GFD_OK;
}

/* Orders past the graph limits up to n and a few beyond from the Wishart
 * route: it computes all orders at once, and a series asks them one by one
 * (chunks of WISHART_AHEAD keep both the repeats and the memory small). */
#define WISHART_AHEAD 7
static int wishart_fill(gfd_diagrams *d, gfd_family fam, int n, gfd_err *e) {
  gfd_target t = fam == GFD_FAMILY_ZERO ? GFD_TGT_ZERO : d->target;
  n = n + WISHART_AHEAD > DG_NMAX ? DG_NMAX : n + WISHART_AHEAD;
  gfd_poly *W = gfd_xcalloc((size_t)n + 1, sizeof *W);
  if (!W) return gfd_err_set(e, GFD_ENOMEM, "out of memory for the Wishart route");
  for (int m = 0; m <= n; m++) gfd_poly_init(&W[m]);
  int rc = gfd_wishart_sym2(n, t, W, e);
  for (int m = 0; m <= n; m++) {
    if (!rc && !d->have[fam][m] && by_wishart(d, fam, m)) {
      gfd_poly_free(&d->poly[fam][m]);
      d->poly[fam][m] = W[m]; /* moved */
      d->have[fam][m] = 1;
    } else {
      gfd_poly_free(&W[m]);
    }
  }
  free(W);
  return rc;
}

/* Strip NTK tags: colour 2k + tag -> k. */
static void untag(dg_graph *g) {
  for (int i = 0; i < g->m; i++) g->e[i].c = (uint8_t)(g->e[i].c >> 1);
}

/* Term i of order n of fam: 1 and its graph (tags stripped for NTK), kappa
 * power and doubled coefficient, or 0 when it adds nothing to fam. */
static int term_graph(dg_terms *T, gfd_family fam, int n, size_t i, dg_graph *g, int *ny, dg_num *c2) {
  const uint16_t *enc;
  dg_terms_get(T, n, i, &enc, ny, c2);
  if (*c2 == 0 || (fam == GFD_FAMILY_ZERO && *ny != 0)) return 0;
  dg_decode(enc, g);
  if (fam == GFD_FAMILY_NTK) untag(g);
  return 1;
}

static dg_terms *family_terms(gfd_diagrams *d, gfd_family fam) {
  return fam == GFD_FAMILY_NTK ? d->ntk : d->terms;
}

/* The Wick memo of the numeric mode (value) or of the polynomials. */
static dg_memo *memo_of(gfd_diagrams *d, int value) {
  return value ? dg_wickv_memo(d->vwick) : dg_wick_memo(d->wick);
}

/* Filling the memo for the terms of order n on several threads
 * (diagram_parallel.c); the sum itself stays serial (each_term). */
typedef struct warm_job {
  gfd_diagrams *d;
  dg_terms *T;
  gfd_family fam;
  int n, value;
  const char *what;
} warm_job;

static void warm_report(void *ud, const gfd_ctl *ctl, size_t i, size_t n) {
  gfd_ctl_progress(ctl, ((warm_job *)ud)->what, (double)i, (double)n);
}

static int warm_unit(void *ud, dg_ctx *X, int t, size_t i) {
  warm_job *J = ud;
  dg_graph g;
  int ny;
  dg_num c2;
  if (!term_graph(J->T, J->fam, J->n, i, &g, &ny, &c2)) return GFD_OK;
  return J->value ? dg_wickv_warm(J->d->vwick, X, t, &g) : dg_wick_warm(J->d->wick, X, t, &g);
}

/* One term of the sum: fn(ud, X, g, ny, coef2). */
typedef int (*term_fn)(void *ud, dg_ctx *X, const dg_graph *g, int ny, dg_num c2);

/* The Wick sum of order n of fam, term by term in order (the value or the
 * polynomial memo, filled first on ctl->threads threads when there are
 * several); progress under `what`. */
static int each_term(gfd_diagrams *d, dg_ctx *X, gfd_family fam, int n, int value, const char *what,
                     term_fn fn, void *ud, dg_cpu *cpu) {
  dg_terms *T = family_terms(d, fam);
  size_t cnt = dg_terms_count(T, n);
  int threads = X->ctl ? X->ctl->threads : 1, rc = GFD_OK, warm = 0;
  if (threads > 1 && cnt > 1) {
    warm_job J = {d, T, fam, n, value, what};
    if ((rc = dg_parallel(X, memo_of(d, value), threads, cnt, warm_unit, warm_report, &J, cpu))) return rc;
    warm = 1;
  }
  for (size_t i = 0; i < cnt && !rc; i++) {
    if ((i & 15) == 0 && !warm) gfd_ctl_progress(X->ctl, what, (double)i, (double)cnt);
    if ((rc = gfd_ctl_poll(X->ctl, X->e))) break;
    dg_graph g;
    int ny;
    dg_num c2;
    if (term_graph(T, fam, n, i, &g, &ny, &c2)) rc = fn(ud, X, &g, ny, c2);
  }
  if (!rc) gfd_ctl_progress(X->ctl, what, (double)cnt, (double)cnt);
  return rc;
}

/* The results of compute and compute_value: P and, for FULL, its zero-target
 * part Z (the terms without kappa). */
typedef struct sum_job {
  gfd_diagrams *d;
  gfd_poly *P, *Z;
} sum_job;

/* Installs P (and Z for FULL) as order n of fam in tab/have. */
static void keep(gfd_poly tab[DG_NFAM][DG_NMAX + 1], int have[DG_NFAM][DG_NMAX + 1], gfd_family fam, int n,
                 gfd_poly *P, gfd_poly *Z) {
  gfd_poly_free(&tab[fam][n]);
  tab[fam][n] = *P;
  have[fam][n] = 1;
  if (fam == GFD_FAMILY_FULL && !have[GFD_FAMILY_ZERO][n]) {
    gfd_poly_free(&tab[GFD_FAMILY_ZERO][n]);
    tab[GFD_FAMILY_ZERO][n] = *Z;
    have[GFD_FAMILY_ZERO][n] = 1;
  } else {
    gfd_poly_free(Z);
  }
}

/* P += (coef2 / 2) kappa^ny s^{m/2} W(g); 128-bit while the product fits,
 * GMP beyond. */
static int add_wick(gfd_diagrams *d, dg_ctx *X, gfd_poly *P, gfd_poly *Pzero, const dg_graph *g,
                    int ny, dg_num coef2) {
  const dg_wpoly *W;
  int rc = dg_wick_eval(d->wick, X, g, &W);
  if (rc) return rc;
  int big2 = dg_num_big(coef2);
  /* halve first when the doubled coefficient is even (no spurious overflow) */
  gfd_i128 half = coef2 % 2 == 0 ? coef2 / 2 : coef2, den = coef2 % 2 == 0 ? 1 : 2;
  mpq_t q;
  int have_q = 0;
  for (uint32_t j = 0; j < W->n && !rc; j++) {
    gfd_i128 c;
    dg_num wj = dg_wpoly_coef(W, j);
    if (DG_FAST && !big2 && !dg_num_big(wj) && !dg_mul(wj, half, &c)) {
      gfd_rat r = gfd_rat_make(c, den);
      rc = gfd_poly_add(P, W->np[j], W->nH[j], g->m / 2, ny, r, X->e);
      if (!rc && Pzero && ny == 0) rc = gfd_poly_add(Pzero, W->np[j], W->nH[j], g->m / 2, 0, r, X->e);
      continue;
    }
    if (!have_q) {
      mpq_init(q);
      have_q = 1;
    }
    mpz_t b;
    mpz_init(b);
    dg_num_get_mpz(mpq_numref(q), wj);
    dg_num_get_mpz(b, coef2);
    mpz_mul(mpq_numref(q), mpq_numref(q), b);
    mpz_set_ui(mpq_denref(q), 2);
    mpq_canonicalize(q);
    mpz_clear(b);
    rc = dg_poly_add_mpq(P, W->np[j], W->nH[j], g->m / 2, ny, q, X->e);
    if (!rc && Pzero && ny == 0) rc = dg_poly_add_mpq(Pzero, W->np[j], W->nH[j], g->m / 2, 0, q, X->e);
  }
  if (have_q) mpq_clear(q);
  return rc;
}

/* The constant ||y||^2 / 2 = kappa^2 p / 2 (FULL and NTK at n = 0). */
static int add_point(gfd_diagrams *d, gfd_poly *P, gfd_err *e) {
  if (d->target != GFD_TGT_IDENTITY) return GFD_OK;
  return gfd_poly_add(P, 1, 0, 0, 2, gfd_rat_make(1, 2), e);
}

static int sum_poly(void *ud, dg_ctx *X, const dg_graph *g, int ny, dg_num c2) {
  sum_job *J = ud;
  return add_wick(J->d, X, J->P, J->Z, g, ny, c2);
}

static int compute(gfd_diagrams *d, dg_ctx *X, gfd_family fam, int n) {
  int rc;
  if ((rc = dg_terms_build(family_terms(d, fam), X, n))) return rc;
  gfd_poly P, Z;
  gfd_poly_init(&P);
  gfd_poly_init(&Z);
  char what[64];
  snprintf(what, sizeof what, "diagrams: Wick sums of order %d", n);
  sum_job J = {d, &P, fam == GFD_FAMILY_FULL ? &Z : NULL};
  dg_cpu cpu = {0, 0};
  rc = each_term(d, X, fam, n, 0, what, sum_poly, &J, &cpu);
  d->cpu[fam][n] = cpu;
  if (!rc && n == 0 && fam != GFD_FAMILY_ZERO) rc = add_point(d, &P, X->e);
  if (rc) {
    gfd_poly_free(&P);
    gfd_poly_free(&Z);
    return rc;
  }
  keep(d->poly, d->have, fam, n, &P, &Z);
  return GFD_OK;
}

int gfd_diagrams_poly(gfd_diagrams *d, gfd_family fam, int n, const gfd_ctl *ctl,
                      const gfd_poly **out, gfd_err *e) {
  gfd_err local;
  if (!e) e = &local;
  gfd_err_clear(e);
  if (fam != GFD_FAMILY_FULL && fam != GFD_FAMILY_NTK && fam != GFD_FAMILY_ZERO)
    return gfd_err_set(e, GFD_EINVAL, "unknown diagram family %d", (int)fam);
  int rc = check_order(d, fam, n, e);
  if (rc) return rc;
  if (!d->have[fam][n] && by_wishart(d, fam, n)) {
    if ((rc = wishart_fill(d, fam, n, e))) return rc;
  } else if (!d->have[fam][n]) {
    /* the orders below first: they cost a small fraction of order n (the
     * tables grow geometrically), share its Wick memo, and give the estimate
     * that refuses an order beyond the budget before it allocates */
    const gfd_poly *below;
    if (n > 0 && !d->have[fam][n - 1] && (rc = gfd_diagrams_poly(d, fam, n - 1, ctl, &below, e)))
      return rc;
    if ((rc = dg_check_estimate(d, fam, n, ctl, e))) return rc;
    dg_ctx X = {ctl, e, &d->mem, 0};
    double t0 = gfd_now();
    if ((rc = compute(d, &X, fam, n))) return rc;
    d->held[fam][n] = d->mem.bytes;
    d->secs[fam][n] = gfd_now() - t0;
    d->memo[fam][n] = dg_wick_entries(d->wick);
  }
  *out = &d->poly[fam][n];
  return GFD_OK;
}

int gfd_diagrams_estimate(const gfd_diagrams *d, gfd_family fam, int n, size_t *bytes,
                          double *seconds) {
  if (fam != GFD_FAMILY_FULL && fam != GFD_FAMILY_NTK && fam != GFD_FAMILY_ZERO) return 0;
  return dg_estimate(d, fam, n, bytes, seconds);
}

int gfd_diagrams_term_count(gfd_diagrams *d, gfd_family fam, int n, const gfd_ctl *ctl,
                            size_t *count, gfd_err *e) {
  gfd_err local;
  if (!e) e = &local;
  int rc = check_order(d, GFD_FAMILY_NTK, n, e); /* term graphs: the engine's limits */
  if (rc) return rc;
  dg_terms *T = fam == GFD_FAMILY_NTK ? d->ntk : d->terms;
  dg_ctx X = {ctl, e, &d->mem, 0};
  if ((rc = dg_terms_build(T, &X, n))) return rc;
  size_t k = 0, cnt = dg_terms_count(T, n);
  for (size_t i = 0; i < cnt; i++) {
    const uint16_t *enc;
    int ny;
    dg_num c2;
    dg_terms_get(T, n, i, &enc, &ny, &c2);
    if (c2 != 0 && !(fam == GFD_FAMILY_ZERO && ny != 0)) k++;
  }
  *count = k;
  return GFD_OK;
}

void gfd_diagrams_census(const gfd_diagrams *d, int n, gfd_diagram_census *out) {
  memset(out, 0, sizeof *out);
  if (n < 0 || n > DG_NMAX) return;
  const int f = GFD_FAMILY_FULL;
  if (d->have[f][n] && d->held[f][n]) { /* held = 0: from the Wishart route */
    out->have_poly = 1;
    out->monomials = d->poly[f][n].n;
    out->memo = d->memo[f][n];
    out->poly_secs = d->secs[f][n];
    out->poly_bytes = d->held[f][n];
    out->poly_cpu_threads = d->cpu[f][n].sum;
    out->poly_cpu_busiest = d->cpu[f][n].max;
  }
  const struct dg_classes *C = d->classes[n];
  if (C) {
    out->have_classes = 1;
    out->classes = C->n;
    out->cancelled = C->ncancelled;
    out->states = C->states;
    out->class_secs = C->secs;
    out->class_bytes = C->peak;
    out->class_cpu_threads = C->cpu.sum;
    out->class_cpu_busiest = C->cpu.max;
  }
}

int gfd_diagrams_classes_estimate(const gfd_diagrams *d, int n, size_t *bytes, double *seconds) {
  return dg_classes_estimate(d, n, bytes, seconds);
}

/* ------------------------------------------------------- numeric mode */
/* P += (coef2 / 2) kappa^ny s^ne w for an exact count w (and the same into
 * Pzero when ny = 0): 128-bit while the product fits, GMP beyond. */
static int add_value(gfd_poly *P, gfd_poly *Pzero, int ne, int ny, dg_num w, dg_num coef2, gfd_err *e) {
  gfd_i128 c;
  int rc;
  if (DG_FAST && !dg_num_big(coef2) && !dg_num_big(w) && !dg_mul(w, coef2, &c) && !dg_num_big(c)) {
    gfd_rat r = gfd_rat_make(c, 2);
    rc = gfd_poly_add(P, 0, 0, ne, ny, r, e);
    if (!rc && Pzero && ny == 0) rc = gfd_poly_add(Pzero, 0, 0, ne, 0, r, e);
    return rc;
  }
  mpq_t q;
  mpz_t b;
  mpq_init(q);
  mpz_init(b);
  dg_num_get_mpz(mpq_numref(q), w);
  dg_num_get_mpz(b, coef2);
  mpz_mul(mpq_numref(q), mpq_numref(q), b);
  mpz_set_ui(mpq_denref(q), 2);
  mpq_canonicalize(q);
  rc = dg_poly_add_mpq(P, 0, 0, ne, ny, q, e);
  if (!rc && Pzero && ny == 0) rc = dg_poly_add_mpq(Pzero, 0, 0, ne, 0, q, e);
  mpz_clear(b);
  mpq_clear(q);
  return rc;
}

static int sum_value(void *ud, dg_ctx *X, const dg_graph *g, int ny, dg_num c2) {
  sum_job *J = ud;
  dg_num w;
  int rc = dg_wickv_eval(J->d->vwick, X, g, &w);
  return rc ? rc : add_value(J->P, J->Z, g->m / 2, ny, w, c2, X->e);
}

static int compute_value(gfd_diagrams *d, dg_ctx *X, gfd_family fam, int n) {
  int rc;
  if ((rc = dg_terms_build(family_terms(d, fam), X, n))) return rc;
  gfd_poly P, Z;
  gfd_poly_init(&P);
  gfd_poly_init(&Z);
  char what[64];
  snprintf(what, sizeof what, "diagrams: Wick sums of order %d at the sizes", n);
  sum_job J = {d, &P, fam == GFD_FAMILY_FULL ? &Z : NULL};
  rc = each_term(d, X, fam, n, 1, what, sum_value, &J, NULL);
  /* the constant kappa^2 p / 2 (FULL and NTK at n = 0) */
  if (!rc && n == 0 && fam != GFD_FAMILY_ZERO && d->target == GFD_TGT_IDENTITY)
    rc = gfd_poly_add(&P, 0, 0, 0, 2, gfd_rat_make(d->vp, 2), X->e);
  if (rc) {
    gfd_poly_free(&P);
    gfd_poly_free(&Z);
    return rc;
  }
  keep(d->val, d->vhave, fam, n, &P, &Z);
  return GFD_OK;
}

/* A new point (p, H): the memo of numbers and the values go. */
static int value_point(gfd_diagrams *d, long p, long H, gfd_err *e) {
  if (d->vwick && d->vp == p && d->vH == H) return GFD_OK;
  dg_wickv_free(d->vwick);
  d->vwick = dg_wickv_new(&d->mem, p, H);
  if (!d->vwick) return gfd_err_set(e, GFD_ENOMEM, "out of memory for the diagram values");
  d->vp = p;
  d->vH = H;
  for (int f = 0; f < DG_NFAM; f++)
    for (int n = 0; n <= DG_NMAX; n++) {
      gfd_poly_clear(&d->val[f][n]);
      d->vhave[f][n] = 0;
      d->vheld[f][n] = 0;
      d->vsecs[f][n] = 0;
    }
  return GFD_OK;
}

int gfd_diagrams_value(gfd_diagrams *d, gfd_family fam, int n, size_t p, size_t H, const gfd_ctl *ctl,
                       const gfd_poly **out, gfd_err *e) {
  gfd_err local;
  if (!e) e = &local;
  gfd_err_clear(e);
  if (fam != GFD_FAMILY_FULL && fam != GFD_FAMILY_NTK && fam != GFD_FAMILY_ZERO)
    return gfd_err_set(e, GFD_EINVAL, "unknown diagram family %d", (int)fam);
  /* k p H < 2^63 in the recursion (k < 2^16) */
  if (p < 1 || H < 1 || p > ((size_t)1 << 40) || H > ((size_t)1 << 40) || (double)p * (double)H > 7e13)
    return gfd_err_set(e, GFD_EINVAL, "sizes p=%zu H=%zu are out of range for diagram values (p, H >= 1, p H <= 7e13)",
                       p, H);
  int rc = check_order(d, fam, n, e);
  if (rc || (rc = value_point(d, (long)p, (long)H, e))) return rc;
  if (!d->vhave[fam][n] && by_wishart(d, fam, n)) {
    /* past the graph limits (SYM nu = 2): the Wishart polynomial at (p, H) */
    const gfd_poly *P;
    if ((rc = gfd_diagrams_poly(d, fam, n, ctl, &P, e))) return rc;
    if ((rc = gfd_poly_at_sizes(P, p, H, &d->val[fam][n], e))) return rc;
    d->vhave[fam][n] = 1;
  } else if (!d->vhave[fam][n]) {
    /* the orders below first, as for the polynomials (the estimate) */
    const gfd_poly *below;
    if (n > 0 && !d->vhave[fam][n - 1] &&
        (rc = gfd_diagrams_value(d, fam, n - 1, p, H, ctl, &below, e)))
      return rc;
    /* the memo of numbers grows by the ratio of its last two sizes; the rest
     * of the cache (terms, maybe the polynomial route's memo) stays */
    size_t bytes, vb = dg_wickv_bytes(d->vwick);
    double secs;
    if (n >= 2 && d->vheld[fam][n - 1] && d->vheld[fam][n - 2] &&
        dg_extrapolate(d->vheld[fam][n - 2], d->vheld[fam][n - 1], d->vsecs[fam][n - 2],
                       d->vsecs[fam][n - 1], vb, d->mem.bytes > vb ? d->mem.bytes - vb : 0, &bytes,
                       &secs) &&
        (rc = dg_refuse_estimate("diagram tables", n, bytes, secs, d->vheld[fam][n - 2],
                                 d->vheld[fam][n - 1], ctl, e)))
      return rc;
    dg_ctx X = {ctl, e, &d->mem, 0};
    double t0 = gfd_now();
    if ((rc = compute_value(d, &X, fam, n))) return rc;
    d->vheld[fam][n] = dg_wickv_bytes(d->vwick);
    d->vsecs[fam][n] = gfd_now() - t0;
  }
  *out = &d->val[fam][n];
  return GFD_OK;
}

size_t gfd_diagrams_value_entries(const gfd_diagrams *d) { return d->vwick ? dg_wickv_entries(d->vwick) : 0; }
