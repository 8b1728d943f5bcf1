/* diagram_terms.c - term graphs of d^n L/dt^n by edge rewriting (gfd-theory(7)
 * section 3): every edge of every term is replaced in turn by the f-gadget
 * (and, for the identity target, the y-gadget); results are merged by
 * canonical form.  The NTK sub-family tags edges R/K and rewrites R edges only. */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "diagram_internal.h"
#include "internal.h"

struct dg_terms {
  gfd_kind kind;
  int nu;
  gfd_target target;
  int ntk;
  dg_map lev[DG_NMAX + 1]; /* key: encoding + [ny]; payload: doubled coefficient */
  int nlev;
  dg_mem *mem;
  dg_pool pool;          /* coefficients beyond 128 bits */
  size_t pool_counted;   /* of pool.bytes, taken from mem */
};

dg_terms *dg_terms_new(gfd_kind kind, int nu, gfd_target target, int ntk, dg_mem *mem) {
  dg_terms *T = calloc(1, sizeof *T);
  if (!T) return NULL;
  T->kind = kind;
  T->nu = nu;
  T->target = target;
  T->ntk = ntk;
  T->mem = mem;
  dg_pool_init(&T->pool);
  for (int n = 0; n <= DG_NMAX; n++) dg_map_init(&T->lev[n], sizeof(dg_num), mem);
  return T;
}

void dg_terms_free(dg_terms *T) {
  if (!T) return;
  for (int n = 0; n <= DG_NMAX; n++) dg_map_free(&T->lev[n]);
  dg_mem_give(T->mem, T->pool_counted);
  dg_pool_free(&T->pool);
  free(T);
}

int dg_terms_levels(const dg_terms *T) { return T->nlev; }
size_t dg_terms_count(const dg_terms *T, int n) { return n < T->nlev ? T->lev[n].n : 0; }

void dg_terms_get(const dg_terms *T, int n, size_t i, const uint16_t **enc, int *ny,
                  dg_num *coef2) {
  const dg_map *M = &T->lev[n];
  *enc = M->key[i];
  *ny = M->key[i][M->klen[i] - 1];
  memcpy(coef2, dg_map_payload(M, i), sizeof *coef2);
}

/* colour of factor k with NTK tag (plain graphs ignore the tag) */
static uint8_t colour(int ntk, int k, int tagR) { return (uint8_t)(ntk ? 2 * k + tagR : k); }

void dg_graph_k2nu(gfd_kind kind, int nu, int ntk, dg_graph *g) {
  g->nH = 2;
  g->nP = nu;
  g->m = 0;
  for (int i = 0; i < nu; i++)
    for (int h = 0; h < 2; h++) {
      dg_edge *x = &g->e[g->m++];
      x->h = (uint8_t)h;
      x->a = (uint16_t)i;
      x->c = colour(ntk, kind == GFD_ASYM ? i : 0, 1);
    }
}

void dg_graph_star(gfd_kind kind, int nu, int ntk, dg_graph *g) {
  g->nH = 1;
  g->nP = 1;
  g->m = 0;
  for (int k = 0; k < nu; k++) {
    dg_edge *x = &g->e[g->m++];
    x->h = 0;
    x->a = 0;
    x->c = colour(ntk, kind == GFD_ASYM ? k : 0, 1);
  }
}

/* The term (g, ny) += coef * mult. */
static int add_term(dg_terms *T, dg_ctx *X, int n, const dg_graph *g, int ny, dg_num coef,
                    long mult) {
  uint16_t key[DG_ENC_MAX + 1];
  int len = dg_canon(g, key);
  key[len++] = (uint16_t)ny;
  size_t idx;
  int rc = dg_map_get(&T->lev[n], X, key, len, 1, &idx, NULL);
  if (rc) return rc;
  dg_num *dst = dg_map_payload(&T->lev[n], idx);
  if (dg_num_addmul(dst, coef, mult, &T->pool))
    return gfd_err_set(X->e, GFD_ENOMEM, "out of memory for a term-graph coefficient");
  if (T->pool.bytes > T->pool_counted) {
    if ((rc = dg_mem_take(X, T->pool.bytes - T->pool_counted, "the term graphs"))) return rc;
    T->pool_counted = T->pool.bytes;
  }
  return GFD_OK;
}

/* g without edge j; in the NTK family the other R edges at h become K. */
static void drop_edge(const dg_graph *g, int j, int ntk, dg_graph *out) {
  int h = g->e[j].h;
  out->nH = g->nH;
  out->nP = g->nP;
  out->m = 0;
  for (int i = 0; i < g->m; i++) {
    if (i == j) continue;
    dg_edge x = g->e[i];
    if (ntk && x.h == h) x.c = (uint8_t)(x.c & ~DG_TAG_R);
    out->e[out->m++] = x;
  }
}

static void push(dg_graph *g, int h, int a, uint8_t c) {
  dg_edge *x = &g->e[g->m++];
  x->h = (uint8_t)h;
  x->a = (uint16_t)a;
  x->c = c;
}

/* f-gadget on edge j: new H-vertex h', edge (h', a_e), and nu-1 new
 * P-vertices joined to h_e and h' (ASYM: one per other colour). */
static void f_gadget(const dg_terms *T, const dg_graph *g, int j, dg_graph *out) {
  int ntk = T->ntk, nu = T->nu;
  dg_edge e = g->e[j];
  int k0 = ntk ? e.c >> 1 : e.c;
  drop_edge(g, j, ntk, out);
  int h2 = out->nH++;
  push(out, h2, e.a, colour(ntk, k0, 1));
  for (int t = 0; t < nu; t++) {
    int k;
    if (T->kind == GFD_ASYM) {
      if (t == k0) continue;
      k = t;
    } else {
      if (t == nu - 1) break;
      k = 0;
    }
    int b = out->nP++;
    push(out, e.h, b, colour(ntk, k, 0));
    push(out, h2, b, colour(ntk, k, 1));
  }
}

/* y-gadget on edge j: nu-1 parallel edges (h_e, a_e) (ASYM: other colours). */
static void y_gadget(const dg_terms *T, const dg_graph *g, int j, dg_graph *out) {
  int ntk = T->ntk, nu = T->nu;
  dg_edge e = g->e[j];
  int k0 = ntk ? e.c >> 1 : e.c;
  drop_edge(g, j, ntk, out);
  for (int t = 0; t < nu; t++) {
    if (T->kind == GFD_ASYM) {
      if (t == k0) continue;
      push(out, e.h, e.a, colour(ntk, t, 0));
    } else if (t < nu - 1) {
      push(out, e.h, e.a, colour(ntk, 0, 0));
    }
  }
}

int dg_order_fits(int nu, int n) {
  /* the largest graphs: K_{2,nu} rewritten n times by f-gadgets (a y-gadget
   * adds nu-2 edges, fewer than the f-gadget's 2 nu - 2) */
  long nH = 2L + n, nP = nu + (long)n * (nu - 1), m = 2L * nu + (long)n * (2 * nu - 2);
  return n <= DG_NMAX && nH <= DG_MAXH && nP <= DG_MAXP && m <= DG_MAXE;
}

int dg_order_refuse(gfd_err *e, int n) {
  return gfd_err_set(e, GFD_EUNSUP,
                     "order %d is beyond the diagram engine's graph size limits (%d H-vertices, "
                     "%d P-vertices, %d edges)", n, DG_MAXH, DG_MAXP, DG_MAXE);
}

static int check_size(const dg_terms *T, dg_ctx *X, int n) {
  return dg_order_fits(T->nu, n) ? GFD_OK : dg_order_refuse(X->e, n);
}

static int build_level(dg_terms *T, dg_ctx *X, int n) {
  int rc;
  if (n == 0) {
    dg_graph g;
    dg_graph_k2nu(T->kind, T->nu, T->ntk, &g);
    if ((rc = add_term(T, X, 0, &g, 0, 1, 1))) return rc;
    if (T->target == GFD_TGT_IDENTITY) {
      dg_graph_star(T->kind, T->nu, T->ntk, &g);
      if ((rc = add_term(T, X, 0, &g, 1, 1, -2))) return rc;
    }
    return GFD_OK;
  }
  if ((rc = check_size(T, X, n))) return rc;
  dg_map *prev = &T->lev[n - 1];
  long cf = T->kind == GFD_ASYM ? -1 : -T->nu; /* f-gadget */
  long cy = -cf;                               /* y-gadget (times kappa) */
  char what[64];
  snprintf(what, sizeof what, "diagrams: term graphs of order %d", n);
  for (size_t i = 0; i < prev->n; i++) {
    if ((i & 63) == 0) gfd_ctl_progress(X->ctl, what, (double)i, (double)prev->n);
    if ((rc = gfd_ctl_poll(X->ctl, X->e))) return rc;
    const uint16_t *key = prev->key[i];
    int ny = key[prev->klen[i] - 1];
    dg_num coef;
    memcpy(&coef, dg_map_payload(prev, i), sizeof coef);
    if (coef == 0) continue;
    dg_graph g, g2;
    dg_decode(key, &g);
    for (int j = 0; j < g.m; j++) {
      dg_edge e = g.e[j];
      if (T->ntk && !(e.c & DG_TAG_R)) continue;
      int dup = 0;
      long k = 0; /* copies of e: at most m */
      for (int q = 0; q < g.m; q++)
        if (g.e[q].h == e.h && g.e[q].a == e.a && g.e[q].c == e.c) {
          if (q < j) {
            dup = 1;
            break;
          }
          k++;
        }
      if (dup) continue;
      f_gadget(T, &g, j, &g2);
      if ((rc = add_term(T, X, n, &g2, ny, coef, k * cf))) return rc;
      if (T->target == GFD_TGT_IDENTITY) {
        y_gadget(T, &g, j, &g2);
        if ((rc = add_term(T, X, n, &g2, ny + 1, coef, k * cy))) return rc;
      }
    }
  }
  gfd_ctl_progress(X->ctl, what, (double)prev->n, (double)prev->n);
  return GFD_OK;
}

int dg_terms_build(dg_terms *T, dg_ctx *X, int n) {
  if (n > DG_NMAX)
    return gfd_err_set(X->e, GFD_EUNSUP, "order %d is beyond the diagram engine's limit %d", n,
                       DG_NMAX);
  while (T->nlev <= n) {
    int rc = build_level(T, X, T->nlev);
    if (rc) {
      dg_map_free(&T->lev[T->nlev]); /* drop the partial level */
      return rc;
    }
    T->nlev++;
  }
  return GFD_OK;
}
