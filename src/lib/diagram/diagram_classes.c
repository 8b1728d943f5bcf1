


/* diagram_classes.c - reduced diagram classes of E[L^(n)(0)] (gfd-theory(7) section 3).
 *
 * Instead of summing the Wick matchings into p^a H^b weights, each matched
 * pair is kept as a "done" edge joining the merged H- and P-vertex.  States
 * (remaining edges + done edges, kappa power) are merged by canonical form
 * level by level, carrying signed multiplicities; when no edge remains a state
 * is a reduced diagram.  This keeps the graph structure of every contribution,
 * at a much higher cost than the memoised Wick sum (bench_diagram: within a
 * second to n = 6 for SYM nu = 2, n = 4 for ASYM nu = 3, n = 3 for ASYM nu = 4;
 * SYM nu = 4 at n = 3 takes seconds).  A level's states can be expanded on
 * several threads into shared maps (level_run). */
#include <config.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "diagram_internal.h"
#include "internal.h"

void dg_classes_free(struct dg_classes *C) {
  if (!C) return;
  free(C->cls);
  free(C->edges);
  free(C);
}

/* done edges: one colour, or 16 + colour to keep the ASYM factor index */
static uint8_t done_colour(int coloured, int c) {
  return (uint8_t)(coloured ? 16 + c : DG_DONE);
}
static int is_done(uint8_t c) { return c >= 16; }

/* A map that the threads of a parallel level share: the lock (NULL when
 * serial) is held for the insertion only; the canonical form, most of the
 * cost, is computed outside it.  Multiplicities are exact sums, so the
 * order in which the threads add them does not matter. */
typedef struct smap {
  dg_map *map;
  pthread_mutex_t *lock;
} smap;

static int add_state(smap *S, dg_ctx *X, const dg_graph *g, int ny, gfd_i128 c) {
  uint16_t key[DG_ENC_MAX + 1];
  int len = dg_canon(g, key);
  key[len++] = (uint16_t)ny;
  size_t idx;
  if (S->lock) pthread_mutex_lock(S->lock);
  int rc = dg_map_get(S->map, X, key, len, 1, &idx, NULL);
  if (!rc) {
    gfd_i128 *dst = dg_map_payload(S->map, idx);
    if (dg_add(*dst, c, dst)) rc = dg_overflow(X, "a diagram multiplicity");
  }
  if (S->lock) pthread_mutex_unlock(S->lock);
  return rc;
}

/* Expand one state by all partners of its first remaining edge into next,
 * or move it to fin when nothing remains. */
static int expand(smap *next, smap *fin, dg_ctx *X, const uint16_t *key, int klen,
                  gfd_i128 coef, int coloured) {
  dg_graph g, g2;
  dg_decode(key, &g);
  int ny = key[klen - 1];
  int cnt[DG_NC] = {0}, rem = 0;
  for (int i = 0; i < g.m; i++)
    if (!is_done(g.e[i].c)) {
      cnt[g.e[i].c]++;
      rem++;
    }
  if (rem == 0) return add_state(fin, X, &g, ny, coef);
  for (int c = 0; c < 16; c++)
    if (cnt[c] & 1) return GFD_OK; /* no perfect matching */
  /* the first edge: of the rarest colour, then at the vertices with the
   * fewest remaining edges (they finish sooner, so fewer distinct states:
   * SYM nu=4 n=3 expands 340k states instead of 478k) */
  int i0 = -1;
  int rdP[DG_MAXP] = {0}, rdH[DG_MAXH] = {0};
  for (int i = 0; i < g.m; i++)
    if (!is_done(g.e[i].c)) { rdP[g.e[i].a]++; rdH[g.e[i].h]++; }
  long best = 0;
  for (int i = 0; i < g.m; i++) {
    if (is_done(g.e[i].c)) continue;
    long sc = (long)cnt[g.e[i].c] * 100000 + rdP[g.e[i].a] + rdH[g.e[i].h];
    if (i0 < 0 || sc < best) { i0 = i; best = sc; }
  }
  dg_edge e0 = g.e[i0];
  int rep[DG_MAXP], size[DG_MAXP];
  dg_twins(key, g.nP, e0.a, rep, size);
  for (int i1 = 0; i1 < g.m; i1++) {
    if (i1 == i0 || g.e[i1].c != e0.c) continue;
    dg_edge e1 = g.e[i1];
    if (rep[e1.a] != e1.a) continue; /* a twin's partner: counted at the first twin */
    gfd_i128 k = dg_partner_mult(&g, i0, i1); /* identical partners: the first copy only */
    if (!k) continue;
    k *= size[e1.a];
    /* identify h1 -> h0, a1 -> a0, and compact the vacated labels away */
    int mapH[DG_MAXH], mapP[DG_MAXP];
    int kH = 0, kP = 0;
    for (int h = 0; h < g.nH; h++) mapH[h] = (h == e1.h && e1.h != e0.h) ? -1 : kH++;
    for (int a = 0; a < g.nP; a++) mapP[a] = (a == e1.a && e1.a != e0.a) ? -1 : kP++;
    g2.nH = kH;
    g2.nP = kP;
    g2.m = 0;
    for (int j = 0; j < g.m; j++) {
      if (j == i0 || j == i1) continue;
      dg_edge x = g.e[j];
      int h = x.h == e1.h ? e0.h : x.h, a = x.a == e1.a ? e0.a : x.a;
      x.h = (uint8_t)mapH[h];
      x.a = (uint16_t)mapP[a];
      g2.e[g2.m++] = x;
    }
    dg_edge d = {(uint8_t)mapH[e0.h], done_colour(coloured, e0.c), (uint16_t)mapP[e0.a]};
    g2.e[g2.m++] = d;
    gfd_i128 c;
    if (dg_mul(coef, k, &c)) return dg_overflow(X, "a diagram multiplicity");
    int rc = add_state(next, X, &g2, ny, c);
    if (rc) return rc;
  }
  return GFD_OK;
}

/* Sort classes by (ne, np, nH, ny, encoding) for stable ids. */
typedef struct fin_entry {
  const uint16_t *key;
  int len;
  gfd_i128 coef2;
} fin_entry;

static int fin_cmp(const void *pa, const void *pb) {
  const fin_entry *a = pa, *b = pb;
  int ka[4] = {a->key[2], a->key[1], a->key[0], a->key[a->len - 1]};
  int kb[4] = {b->key[2], b->key[1], b->key[0], b->key[b->len - 1]};
  for (int i = 0; i < 4; i++)
    if (ka[i] != kb[i]) return ka[i] < kb[i] ? -1 : 1;
  if (a->len != b->len) return a->len < b->len ? -1 : 1;
  for (int i = 0; i < a->len; i++)
    if (a->key[i] != b->key[i]) return a->key[i] < b->key[i] ? -1 : 1;
  return 0;
}

/* One level of the listing: the states of cur expanded into next and fin,
 * serially or on several threads (diagram_parallel.c). */
typedef struct level {
  const dg_map *cur;
  smap next, fin;
  int coloured;
  /* progress: states expanded at the levels before, the number expected in
   * all (0: unknown), the level's number */
  size_t before;
  double expect;
  int step;
  const char *what;
  dg_cpu *cpu;
} level;

static void level_report(void *ud, const gfd_ctl *ctl, size_t i, size_t n) {
  level *L = ud;
  (void)n;
  double done = (double)(L->before + i);
  /* without an expectation from the orders below the number of rounds is
   * not known ahead: no total, no percent or time left */
  if (L->expect > 0) gfd_ctl_progress(ctl, L->what, done, L->expect > done ? L->expect : done * 1.01);
  else gfd_ctl_progress(ctl, L->what, (double)L->step, 0);
}

static int level_unit(void *ud, dg_ctx *X, int t, size_t i) {
  level *L = ud;
  (void)t;
  int rc = dg_poll(X);
  if (rc) return rc;
  gfd_i128 c;
  memcpy(&c, dg_map_payload(L->cur, i), sizeof c);
  return c != 0 ? expand(&L->next, &L->fin, X, L->cur->key[i], L->cur->klen[i], c, L->coloured) : GFD_OK;
}

static int level_run(level *L, dg_ctx *X) {
  int threads = X->ctl ? X->ctl->threads : 1, rc = GFD_OK;
  if (threads > 1 && L->cur->n >= 256) { /* small levels: not worth the threads */
    pthread_mutex_t ln, lf;
    pthread_mutex_init(&ln, NULL);
    pthread_mutex_init(&lf, NULL);
    L->next.lock = &ln;
    L->fin.lock = &lf;
    rc = dg_parallel(X, NULL, threads, L->cur->n, level_unit, level_report, L, L->cpu);
    L->next.lock = L->fin.lock = NULL;
    pthread_mutex_destroy(&ln);
    pthread_mutex_destroy(&lf);
    return rc;
  }
  for (size_t i = 0; i < L->cur->n && !rc; i++) {
    if ((i & 255) == 0) level_report(L, X->ctl, i, L->cur->n);
    rc = level_unit(L, X, 0, i);
  }
  return rc;
}

int dg_classes_compute(gfd_diagrams *d, dg_ctx *X, int n, int coloured,
                       struct dg_classes **out, size_t *nstates) {
  double t0 = gfd_now();
  size_t held0 = d->mem.bytes;
  d->mem.peak = held0;
  int rc = dg_terms_build(d->terms, X, n);
  if (rc) return rc;
  dg_map cur, next, fin;
  dg_map_init(&cur, sizeof(gfd_i128), &d->mem);
  dg_map_init(&next, sizeof(gfd_i128), &d->mem);
  dg_map_init(&fin, sizeof(gfd_i128), &d->mem);
  size_t cnt = dg_terms_count(d->terms, n), states = 0;
  for (size_t i = 0; i < cnt && !rc; i++) {
    const uint16_t *enc;
    int ny;
    dg_num c2;
    dg_terms_get(d->terms, n, i, &enc, &ny, &c2);
    if (c2 == 0) continue;
    /* class multiplicities stay 128-bit: listings are out of reach long
     * before the term coefficients outgrow it */
    if (dg_num_big(c2)) {
      rc = dg_overflow(X, "a term-graph coefficient of the class listing");
      break;
    }
    dg_graph g;
    dg_decode(enc, &g);
    smap S = {&cur, NULL};
    rc = add_state(&S, X, &g, ny, c2);
  }
  char what[64];
  snprintf(what, sizeof what, "diagrams: reduced classes of order %d", n);
  /* progress: states expanded against the number extrapolated from the two
   * orders below (their ratio), else against the levels done */
  double expect = 0;
  if (n >= 2 && d->classes[n - 1] && d->classes[n - 2] && d->classes[n - 2]->states)
    expect = (double)d->classes[n - 1]->states * (double)d->classes[n - 1]->states /
             (double)d->classes[n - 2]->states;
  int step = 0;
  dg_cpu cpu = {0, 0};
  while (!rc && cur.n) {
    level L = {&cur, {&next, NULL}, {&fin, NULL}, coloured, states, expect, step, what, &cpu};
    rc = level_run(&L, X);
    states += cur.n;
    dg_map_free(&cur);
    cur = next;
    dg_map_init(&next, sizeof(gfd_i128), &d->mem);
    step++;
  }
  dg_map_free(&cur);
  dg_map_free(&next);
  if (nstates) *nstates = states;

  struct dg_classes *C = NULL;
  fin_entry *fe = NULL;
  size_t nf = 0, ncanc = 0, nedges = 0;
  int point = n == 0 && d->target == GFD_TGT_IDENTITY;
  if (!rc) {
    fe = gfd_xcalloc(fin.n + 1, sizeof *fe);
    C = calloc(1, sizeof *C);
    if (!fe || !C) rc = gfd_err_set(X->e, GFD_ENOMEM, "out of memory for the diagram classes");
  }
  if (!rc) {
    for (size_t i = 0; i < fin.n; i++) {
      gfd_i128 c;
      memcpy(&c, dg_map_payload(&fin, i), sizeof c);
      if (c == 0) {
        ncanc++;
        continue;
      }
      fe[nf].key = fin.key[i];
      fe[nf].len = fin.klen[i];
      fe[nf].coef2 = c;
      nedges += fin.key[i][2];
      nf++;
    }
    qsort(fe, nf, sizeof *fe, fin_cmp);
    size_t ncls = nf + (size_t)point;
    C->cls = gfd_xcalloc(ncls ? ncls : 1, sizeof *C->cls);
    C->edges = gfd_xcalloc(3 * nedges + 1, 1);
    if (!C->cls || !C->edges) rc = gfd_err_set(X->e, GFD_ENOMEM, "out of memory for the diagram classes");
  }
  if (!rc) {
    size_t k = 0, eo = 0;
    if (point) { /* the constant ||y||^2 / 2: one p-node, no edge, kappa^2 p / 2 */
      gfd_diagram_class *q = &C->cls[k++];
      q->order = 0;
      q->mult = gfd_rat_make(1, 2);
      q->np = 1;
      q->ny = 2;
      q->eh = q->ea = q->ec = C->edges;
      q->asym = coloured;
    }
    for (size_t i = 0; i < nf; i++) {
      dg_graph g;
      dg_decode(fe[i].key, &g);
      gfd_diagram_class *q = &C->cls[k++];
      q->order = n;
      q->mult = gfd_rat_make(fe[i].coef2, 2);
      q->np = g.nP;
      q->nH = g.nH;
      q->ne = g.m;
      q->ny = fe[i].key[fe[i].len - 1];
      q->asym = coloured;
      unsigned char *eh = C->edges + eo, *ea = eh + g.m, *ec = ea + g.m;
      for (int j = 0; j < g.m; j++) {
        eh[j] = g.e[j].h;
        ea[j] = (unsigned char)g.e[j].a;
        ec[j] = (unsigned char)(coloured ? g.e[j].c - 16 : 0);
      }
      q->eh = eh;
      q->ea = ea;
      q->ec = ec;
      eo += 3 * (size_t)g.m;
    }
    for (size_t i = 0; i < k; i++) C->cls[i].index = (int)i + 1;
    C->n = k;
    C->ncancelled = ncanc;
    C->states = states;
    C->secs = gfd_now() - t0;
    C->cpu = cpu;
    C->peak = d->mem.peak - held0;
    *out = C;
    C = NULL;
  }
  free(fe);
  dg_classes_free(C);
  dg_map_free(&fin);
  return rc;
}

int gfd_diagrams_classes(gfd_diagrams *d, int n, const gfd_ctl *ctl,
                         const gfd_diagram_class **cls, size_t *count, gfd_err *e) {
  gfd_err local;
  if (!e) e = &local;
  gfd_err_clear(e);
  if (n < 0 || n > DG_NMAX)
    return gfd_err_set(e, GFD_EINVAL, "order %d is out of range (0..%d)", n, DG_NMAX);
  if (!dg_order_fits(d->nu, n)) return dg_order_refuse(e, n); /* before the orders below */
  if (!d->classes[n]) {
    /* the orders below first, as for the polynomials: a fraction of the cost,
     * and the estimate that refuses an order over the budget before it starts */
    const gfd_diagram_class *below;
    size_t nb;
    int rc = n > 0 ? gfd_diagrams_classes(d, n - 1, ctl, &below, &nb, e) : GFD_OK;
    if (rc || (rc = dg_classes_check_estimate(d, n, ctl, e))) return rc;
    dg_ctx X = {ctl, e, &d->mem, 0};
    /* ASYM classes keep the factor index of each matched pair */
    rc = dg_classes_compute(d, &X, n, d->kind == GFD_ASYM, &d->classes[n], NULL);
    if (rc) return rc;
  }
  *cls = d->classes[n]->cls;
  *count = d->classes[n]->n;
  return GFD_OK;
}

int gfd_diagrams_classes_cached(const gfd_diagrams *d, int n, const gfd_diagram_class **cls, size_t *count) {
  if (!d || n < 0 || n > DG_NMAX || !d->classes[n]) return 0;
  *cls = d->classes[n]->cls;
  *count = d->classes[n]->n;
  return 1;
}

double gfd_diagram_class_value(const gfd_diagram_class *c, double p, double H, double s,
                               double kappa) {
  return gfd_rat_to_double(c->mult) * pow(p, c->np) * pow(H, c->nH) * pow(s, c->ne) *
         pow(kappa, c->ny);
}

/* ------------------------------------------------------------- ordering */
typedef struct ord_entry {
  double key;
  size_t i;
} ord_entry;

static int ord_cmp(const void *pa, const void *pb) {
  const ord_entry *a = pa, *b = pb;
  if (a->key != b->key) return a->key > b->key ? -1 : 1;
  return a->i < b->i ? -1 : (a->i > b->i);
}

int gfd_diagram_classes_order(const gfd_diagram_class *cls, size_t count, gfd_class_sort by,
                              double p, double H, double s, double kappa, size_t *idx) {
  ord_entry *o = gfd_xmalloc(count ? count : 1, sizeof *o);
  if (!o) {
    for (size_t i = 0; i < count; i++) idx[i] = i;
    return GFD_ENOMEM;
  }
  for (size_t i = 0; i < count; i++) {
    o[i].i = i;
    o[i].key = by == GFD_SORT_MULT ? fabs(gfd_rat_to_double(cls[i].mult))
                                   : fabs(gfd_diagram_class_value(&cls[i], p, H, s, kappa));
  }
  qsort(o, count, sizeof *o, ord_cmp);
  for (size_t i = 0; i < count; i++) idx[i] = o[i].i;
  free(o);
  return 0;
}

/* ------------------------------------------------------------ rendering */
static int desc_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x < y) - (x > y);
}

/* "v1.v2..." of k values sorted decreasing, after a letter. */
static size_t put_seq(char *buf, size_t n, size_t pos, const char *lead, int *v, int k) {
  qsort(v, (size_t)k, sizeof *v, desc_int);
  for (int i = 0; i < k && pos < n; i++) {
    int w = snprintf(buf + pos, n - pos, "%s%d", i ? "." : lead, v[i]);
    if (w < 0) break;
    pos += (size_t)w < n - pos ? (size_t)w : n - pos;
  }
  return pos;
}

char *gfd_diagram_class_shape(const gfd_diagram_class *c, char *buf, size_t n) {
  if (!n) return buf;
  buf[0] = '\0';
  if (c->ne == 0) {
    snprintf(buf, n, "point");
    return buf;
  }
  int degP[256] = {0}, degH[256] = {0}, mult[256], nm = 0, colour[256] = {0};
  for (int j = 0; j < c->ne; j++) {
    degP[c->ea[j]]++;
    degH[c->eh[j]]++;
    colour[c->ec[j]]++;
  }
  /* edge multiplicities above one: the multi-edges, by (p-node, H-node, colour) */
  for (int j = 0; j < c->ne; j++) {
    int k = 0, first = 1;
    for (int i = 0; i < c->ne; i++)
      if (c->ea[i] == c->ea[j] && c->eh[i] == c->eh[j] && c->ec[i] == c->ec[j]) {
        if (i < j) first = 0;
        k++;
      }
    if (first && k > 1) mult[nm++] = k;
  }
  size_t pos = put_seq(buf, n, 0, "p", degP, c->np);
  pos = put_seq(buf, n, pos, " H", degH, c->nH);
  if (nm) pos = put_seq(buf, n, pos, " x", mult, nm);
  /* a tag of the whole graph: the edges are in canonical order, so isomorphic
   * classes get the same tag, and classes with equal degrees differ in it
   * but for a chance of 1 in 65536 */
  uint64_t h = 1469598103934665603u;
  for (int j = 0; j < c->ne; j++) {
    h = (h ^ c->eh[j]) * 1099511628211u;
    h = (h ^ c->ea[j]) * 1099511628211u;
    h = (h ^ c->ec[j]) * 1099511628211u;
  }
  if (c->asym) { /* edges per factor index 1, 2, ... (not sorted) */
    int top = 0;
    for (int k = 0; k < 256; k++)
      if (colour[k]) top = k + 1;
    for (int k = 0; k < top && pos < n; k++) {
      int w = snprintf(buf + pos, n - pos, "%s%d", k ? "." : " c", colour[k]);
      if (w < 0) break;
      pos += (size_t)w < n - pos ? (size_t)w : n - pos;
    }
  }
  if (pos < n) snprintf(buf + pos, n - pos, " #%04x", (unsigned)((h ^ (h >> 32)) & 0xFFFF));
  return buf;
}

static void cat(char *buf, size_t n, size_t *pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void cat(char *buf, size_t n, size_t *pos, const char *fmt, ...) {
  if (*pos >= n) return;
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(buf + *pos, n - *pos, fmt, ap);
  va_end(ap);
  if (k < 0) return;
  *pos += (size_t)k < n - *pos ? (size_t)k : n - *pos;
}

static void monomial(const gfd_diagram_class *c, char *buf, size_t n) {
  size_t pos = 0;
  buf[0] = '\0';
  const char *names[4] = {"p", "H", "s", "kappa"};
  int ex[4] = {c->np, c->nH, c->ne, c->ny};
  for (int i = 0; i < 4; i++) {
    if (!ex[i]) continue;
    if (ex[i] == 1) cat(buf, n, &pos, "%s%s", pos ? " " : "", names[i]);
    else cat(buf, n, &pos, "%s%s^%d", pos ? " " : "", names[i], ex[i]);
  }
  if (!pos) cat(buf, n, &pos, "1");
}

char *gfd_diagram_class_format(const gfd_diagram_class *c, char *buf, size_t n) {
  size_t pos = 0;
  char mult[100], mono[100];
  if (!n) return buf;
  buf[0] = '\0';
  gfd_rat_format(c->mult, mult, sizeof mult);
  monomial(c, mono, sizeof mono);
  cat(buf, n, &pos, "diagram %d.%d: multiplicity %s, weight %s\n", c->order, c->index, mult, mono);
  cat(buf, n, &pos, "  n_p = %d p-nodes, n_H = %d H-nodes, n_e = %d sigma^2 edges, n_y = %d\n",
      c->np, c->nH, c->ne, c->ny);
  if (c->ne == 0) {
    cat(buf, n, &pos, "  a single p-node with no edge (the constant ||y||^2/2)\n");
    return buf;
  }
  /* incidence: edges per (p-node, H-node); ASYM also the factor indices */
  int np = c->np, nH = c->nH;
  int *inc = gfd_xcalloc((size_t)np * (size_t)nH, sizeof *inc);
  if (!inc) { /* the text says so, and the caller learns it from NULL */
    cat(buf, n, &pos, "  (the drawing is missing: out of memory)\n");
    return NULL;
  }
  for (int j = 0; j < c->ne; j++) inc[c->ea[j] * nH + c->eh[j]]++;
  cat(buf, n, &pos, "  p-nodes and the H-nodes they join%s:\n",
      c->asym ? " (h2:1 = an edge of factor 1 to h2)" : " (h2x2 = a double edge)");
  for (int a = 0; a < np; a++) {
    cat(buf, n, &pos, "    i%d:", a + 1);
    for (int h = 0; h < nH; h++) {
      if (c->asym) {
        for (int j = 0; j < c->ne; j++)
          if (c->ea[j] == a && c->eh[j] == h) cat(buf, n, &pos, " h%d:%d", h + 1, c->ec[j] + 1);
        continue;
      }
      int k = inc[a * nH + h];
      if (k == 1) cat(buf, n, &pos, " h%d", h + 1);
      else if (k > 1) cat(buf, n, &pos, " h%dx%d", h + 1, k);
    }
    cat(buf, n, &pos, "\n");
  }
  /* column width: the longest cell */
  int wcol = 3;
  for (int a = 0; a < np; a++)
    for (int h = 0; h < nH; h++)
      if (c->asym && inc[a * nH + h] + 1 > wcol) wcol = inc[a * nH + h] + 1;
  cat(buf, n, &pos, "  drawing (rows p-nodes, columns H-nodes, %s):\n       ",
      c->asym ? "entries = factor indices of the edges" : "entries = number of edges");
  for (int h = 0; h < nH; h++) cat(buf, n, &pos, " %*s%d", wcol - 1 - (h + 1 >= 10), "h", h + 1);
  cat(buf, n, &pos, "\n");
  for (int a = 0; a < np; a++) {
    cat(buf, n, &pos, "    i%-2d", a + 1);
    for (int h = 0; h < nH; h++) {
      char cell[64];
      int k = inc[a * nH + h], L = 0;
      cell[0] = '\0';
      if (!k) {
        snprintf(cell, sizeof cell, ".");
      } else if (c->asym) {
        for (int j = 0; j < c->ne && L < 60; j++)
          if (c->ea[j] == a && c->eh[j] == h) L += snprintf(cell + L, sizeof cell - (size_t)L, "%d", c->ec[j] + 1);
      } else {
        snprintf(cell, sizeof cell, "%d", k);
      }
      cat(buf, n, &pos, " %*s", wcol, cell);
    }
    cat(buf, n, &pos, "\n");
  }
  if (c->ny > 0) { /* the target's insertions: how many, not at which node */
    cat(buf, n, &pos, "  target legs (kappa each, %d):", c->ny);
    for (int k = 0; k < c->ny; k++) cat(buf, n, &pos, " y");
    cat(buf, n, &pos, "  (each merges nu slots of a p-node to the diagonal y_{i..i} = kappa)\n");
  }
  free(inc);
  return buf;
}

int gfd_diagrams_classes_limit(const gfd_diagrams *d) {
  int n = 0;
  while (n < DG_NMAX && dg_order_fits(d->nu, n + 1)) n++;
  return n;
}
