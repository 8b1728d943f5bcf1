/* diagram_classes.c - reduced diagram classes of E[L^(n)(0)] (gfd-theory(7) section 3).
 *
 * Instead of summing the Wick matchings into p^a H^b weights, each matched
 * pair is kept as a "done" edge joining the merged H- and P-vertex.  States
 * (remaining edges + done edges, kappa power) are merged by canonical form
 * level by level, carrying signed multiplicities; when no edge remains a state
 * is a reduced diagram.  This keeps the graph structure of every contribution,
 * at a much higher cost than the memoised Wick sum (bench_diagram: within a
 * second to n = 6 for SYM nu = 2, n = 4 for ASYM nu = 3, n = 3 for ASYM nu = 4;
 * SYM nu = 4 at n = 3 takes seconds). */
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

static int add_state(dg_map *M, dg_ctx *X, const dg_graph *g, int ny, gfd_i128 c) {
  uint16_t key[DG_ENC_MAX + 1];
  int len = dg_canon(g, key);
  key[len++] = (uint16_t)ny;
  size_t idx;
  int rc = dg_map_get(M, X, key, len, 1, &idx, NULL);
  if (rc) return rc;
  gfd_i128 *dst = dg_map_payload(M, idx);
  if (dg_add(*dst, c, dst)) return dg_overflow(X, "a diagram multiplicity");
  return GFD_OK;
}

/* Expand one state by all partners of its first remaining edge into next,
 * or move it to fin when nothing remains. */
static int expand(dg_map *next, dg_map *fin, dg_ctx *X, const uint16_t *key, int klen,
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
  int i0 = -1;
  for (int i = 0; i < g.m; i++)
    if (!is_done(g.e[i].c) && (i0 < 0 || cnt[g.e[i].c] < cnt[g.e[i0].c])) i0 = i;
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

int dg_classes_compute(gfd_diagrams *d, dg_ctx *X, int n, int coloured,
                       struct dg_classes **out, size_t *nstates) {
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
    rc = add_state(&cur, X, &g, ny, c2);
  }
  char what[64];
  snprintf(what, sizeof what, "diagrams: reduced classes of order %d", n);
  int step = 0;
  while (!rc && cur.n) {
    states += cur.n;
    for (size_t i = 0; i < cur.n && !rc; i++) {
      if ((i & 255) == 0) gfd_ctl_progress(X->ctl, what, (double)step, (double)step + 1);
      if ((rc = dg_poll(X))) break;
      gfd_i128 c;
      memcpy(&c, dg_map_payload(&cur, i), sizeof c);
      if (c != 0) rc = expand(&next, &fin, X, cur.key[i], cur.klen[i], c, coloured);
    }
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
  if (!d->classes[n]) {
    dg_ctx X = {ctl, e, &d->mem, 0};
    /* ASYM classes keep the factor index of each matched pair */
    int rc = dg_classes_compute(d, &X, n, d->kind == GFD_ASYM, &d->classes[n], NULL);
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
  free(inc);
  return buf;
}
