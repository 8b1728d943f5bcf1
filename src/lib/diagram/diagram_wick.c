/* diagram_wick.c - the memoised Wick recursion of gfd-theory(7) section 3:
 *   W(G) = sum over partners e' of the first edge e0 of
 *          p^{fp} H^{fh} W(canon(merge(G, e0, e'))),   W(empty) = 1,
 * where merge removes both edges and identifies their endpoints, and fp, fh
 * count the vertices left without edges.  Memo keys are canonical encodings of
 * whole graphs.  Coefficients are exact non-negative counts: dg_num, 128-bit
 * while they fit and GMP beyond (bignum.h). */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "diagram_internal.h"
#include "internal.h"

/* The memo is most of the engine's memory (SYM nu=4 n=6: millions of graphs),
 * so its entries are compact: 16 bytes of payload, the exponent arrays after
 * the coefficients, and keys packed two entries a word. */
typedef struct wmemo {
  uint32_t n, w; /* coefficients, bytes each */
  dg_num *c;     /* n * w bytes of coefficients, then np[n], nH[n] */
} wmemo;

typedef struct frame {
  dg_num *acc;
  size_t cap;
  dg_pool pool; /* big entries of acc; reset with acc */
} frame;

#define NFRAME (DG_MAXE / 2 + 4)

/* What one thread works with: its frames, and the big coefficients of the
 * memo entries it stored (they live as long as the memo). */
typedef struct wthread {
  frame fr[NFRAME];
  size_t fr_bytes;
  dg_pool pool;
  size_t pool_counted; /* of pool.bytes, taken from mem */
} wthread;

struct dg_wick {
  dg_memo *memo; /* key: memo_key(encoding); value: wmemo, w = 0 while claimed */
  wthread th[DG_MAXT];
  dg_mem *mem;
  dg_wpoly res; /* result of dg_wick_eval for a graph that is not memoised */
  size_t res_cap;
};

/* A claimed entry has w = 0 (a published one has w = 4, 8 or 16) and the
 * claim's run in n. */
static uint32_t wmemo_claimed(const void *v) {
  const wmemo *M = v;
  return M->w ? 0 : M->n;
}
static void wmemo_claim(void *v, uint32_t run) {
  wmemo *M = v;
  M->n = run;
  M->w = 0;
  M->c = NULL;
}
static const dg_memo_ops wmemo_ops = {wmemo_claimed, wmemo_claim};

dg_wick *dg_wick_new(dg_mem *mem) {
  dg_wick *W = calloc(1, sizeof *W);
  if (!W) return NULL;
  W->memo = dg_memo_new(sizeof(wmemo), &wmemo_ops, mem);
  if (!W->memo) {
    free(W);
    return NULL;
  }
  W->mem = mem;
  for (int t = 0; t < DG_MAXT; t++) {
    dg_pool_init(&W->th[t].pool);
    for (int i = 0; i < NFRAME; i++) dg_pool_init(&W->th[t].fr[i].pool);
  }
  return W;
}

void dg_wick_free(dg_wick *W) {
  if (!W) return;
  dg_memo_free(W->memo);
  for (int t = 0; t < DG_MAXT; t++) {
    wthread *T = &W->th[t];
    for (int i = 0; i < NFRAME; i++) {
      free(T->fr[i].acc);
      dg_pool_free(&T->fr[i].pool);
    }
    dg_mem_give(W->mem, T->fr_bytes + T->pool_counted);
    dg_pool_free(&T->pool);
  }
  free(W->res.np);
  free(W->res.nH);
  free(W->res.c);
  free(W);
}

size_t dg_wick_entries(const dg_wick *W) { return dg_memo_entries(W->memo); }
dg_memo *dg_wick_memo(dg_wick *W) { return W->memo; }

static int frame_reserve(wthread *T, dg_ctx *X, int depth, size_t need) {
  if (depth >= NFRAME) return gfd_err_set(X->e, GFD_EINVAL, "a Wick graph is too deep");
  frame *f = &T->fr[depth];
  if (need <= f->cap) return GFD_OK;
  size_t cap = need < 64 ? 64 : need;
  size_t add = (cap - f->cap) * sizeof(dg_num);
  int rc = dg_mem_take(X, add, "the Wick tables");
  if (rc) return rc;
  dg_num *a = malloc(cap * sizeof *a);
  if (!a) {
    dg_mem_give(X->mem, add);
    return gfd_err_set(X->e, GFD_ENOMEM, "out of memory for the Wick tables");
  }
  free(f->acc);
  f->acc = a;
  f->cap = cap;
  T->fr_bytes += add;
  return GFD_OK;
}

static int wick_rec(dg_wick *W, dg_ctx *X, wthread *T, const uint16_t *enc, int len, int depth,
                    dg_wpoly *out);

static void memo_view(const wmemo *M, dg_wpoly *P) {
  P->n = M->n;
  P->w = M->w;
  P->c = M->c;
  P->np = M->c ? (uint8_t *)M->c + (size_t)M->n * M->w : NULL;
  P->nH = M->c ? P->np + M->n : NULL;
}

/* The memo key of an encoding: when every entry is below 256 (always so for
 * graphs of up to 8 H-vertices: entries are h * DG_NC + colour, or sizes),
 * two entries a word after the marker 0xFFFF, which no plain encoding starts
 * with (it starts with nH <= DG_MAXH); else the encoding itself. */
int dg_memo_key(const uint16_t *enc, int len, uint16_t *key) {
  for (int i = 0; i < len; i++)
    if (enc[i] > 255) {
      memcpy(key, enc, sizeof *enc * (size_t)len);
      return len;
    }
  int k = 0;
  key[k++] = 0xFFFF;
  for (int i = 0; i < len; i += 2)
    key[k++] = (uint16_t)(enc[i] | (i + 1 < len ? enc[i + 1] << 8 : 0));
  return k;
}

int dg_parity_ok(const dg_graph *g) {
  uint32_t odd = 0;
  for (int i = 0; i < g->m; i++) odd ^= 1u << g->e[i].c;
  return odd == 0;
}

/* acc (dims dP x dH, row = p exponent) += k p^fp H^fh W(g), where g has no
 * isolated vertices (they are already counted in fp, fh).  g may be
 * disconnected: W does not factor over components (a matching may pair edges
 * of different components), so the whole graph is the memo key. */
static int add_term(dg_wick *W, dg_ctx *X, wthread *T, int depth, dg_num *acc, int dH, const dg_graph *g,
                    int fp, int fh, long k) {
  if (!dg_parity_ok(g)) return GFD_OK;
  uint16_t enc[DG_ENC_MAX];
  int len = dg_canon(g, enc);
  dg_wpoly Qv, *Q = &Qv;
  int rc = wick_rec(W, X, T, enc, len, depth + 1, Q);
  if (rc) return rc;
  dg_pool *pool = &T->fr[depth].pool;
  dg_num *base = acc + (size_t)fp * dH + fh;
  if (Q->w != 16) {
    /* narrow counts (< 2^64) times k (a partner and twin multiplicity, far
     * below 2^63): the product cannot overflow, only the sum can */
    for (uint32_t q = 0; q < Q->n; q++) {
      dg_num v = Q->w == 4 ? (dg_num)Q->c32[q] : (dg_num)Q->c64[q], s;
      dg_num *dst = base + (size_t)Q->np[q] * dH + Q->nH[q];
      if (DG_FAST && !dg_num_big(*dst) && !__builtin_add_overflow(*dst, v * k, &s) && !dg_num_big(s)) {
        *dst = s;
        continue;
      }
      if (dg_num_addmul_slow(dst, v, k, pool))
        return gfd_err_set(X->e, GFD_ENOMEM, "out of memory for a Wick sum");
    }
    return GFD_OK;
  }
  for (uint32_t q = 0; q < Q->n; q++) {
    dg_num *dst = base + (size_t)Q->np[q] * dH + Q->nH[q];
    if (dg_num_addmul(dst, Q->c[q], k, pool))
      return gfd_err_set(X->e, GFD_ENOMEM, "out of memory for a Wick sum");
  }
  return GFD_OK;
}

void dg_strip_isolated(dg_graph *g, int *fp, int *fh) {
  int degH[DG_MAXH] = {0}, degP[DG_MAXP];
  memset(degP, 0, sizeof(int) * (size_t)g->nP);
  for (int i = 0; i < g->m; i++) {
    degH[g->e[i].h]++;
    degP[g->e[i].a]++;
  }
  int mapH[DG_MAXH], mapP[DG_MAXP], kH = 0, kP = 0;
  *fp = *fh = 0;
  for (int h = 0; h < g->nH; h++) mapH[h] = degH[h] ? kH++ : ((*fh)++, -1);
  for (int a = 0; a < g->nP; a++) mapP[a] = degP[a] ? kP++ : ((*fp)++, -1);
  for (int i = 0; i < g->m; i++) {
    g->e[i].h = (uint8_t)mapH[g->e[i].h];
    g->e[i].a = (uint16_t)mapP[g->e[i].a];
  }
  g->nH = kH;
  g->nP = kP;
}

/* The narrowest width that holds every coefficient of acc (4, 8 or 16). */
static uint32_t coef_width(const dg_num *acc, size_t len) {
  uint32_t w = 4;
  for (size_t i = 0; i < len; i++) {
    dg_num v = acc[i];
    if (v < 0 || v > (dg_num)UINT64_MAX) return 16; /* a big value is tagged negative */
    if (v > UINT32_MAX) w = 8;
  }
  return w;
}

/* Publishing a memo entry: acc (dP x dH) stored compactly in the memo's
 * blocks, big values copied into the thread's pool. */
typedef struct store_job {
  wthread *T;
  const dg_num *acc;
  int dP, dH;
} store_job;

static int store(void *ud, dg_map *map, dg_ctx *X, void *v) {
  store_job *J = ud;
  wthread *T = J->T;
  int dP = J->dP, dH = J->dH;
  const dg_num *acc = J->acc;
  size_t len = (size_t)dP * dH;
  uint32_t n = 0, w = coef_width(acc, len);
  for (size_t i = 0; i < len; i++) n += acc[i] != 0;
  size_t bytes = n * ((size_t)w + 2);
  unsigned char *mem = n ? dg_map_alloc(map, X, bytes) : NULL; /* 16-byte aligned */
  if (n && !mem) return X->e->code ? X->e->code : GFD_ENOMEM;
  wmemo M = {n, w, (dg_num *)mem}; /* written to v last: v stays claimed on failure */
  dg_wpoly Pv, *P = &Pv;
  memo_view(&M, P);
  uint32_t k = 0;
  for (int i = 0; i < dP; i++)
    for (int j = 0; j < dH; j++) {
      dg_num x = acc[(size_t)i * dH + j];
      if (!x) continue;
      if (w == 4) P->c32[k] = (uint32_t)x;
      else if (w == 8) P->c64[k] = (uint64_t)x;
      else if (dg_num_copy(&P->c[k], x, &T->pool))
        return gfd_err_set(X->e, GFD_ENOMEM, "out of memory for a Wick sum");
      P->np[k] = (uint8_t)i;
      P->nH[k] = (uint8_t)j;
      k++;
    }
  if (T->pool.bytes > T->pool_counted) {
    int rc = dg_mem_take(X, T->pool.bytes - T->pool_counted, "the Wick tables");
    if (rc) return rc;
    T->pool_counted = T->pool.bytes;
  }
  memcpy(v, &M, sizeof M);
  return GFD_OK;
}

int dg_children(const dg_graph *g, const uint16_t *enc, dg_child_fn fn, void *ud) {
  /* e0: an edge of the rarest colour, on the lowest-degree P-vertex (the
   * encoding lists P-vertices by increasing degree) */
  int cnt[DG_NC] = {0};
  for (int i = 0; i < g->m; i++) cnt[g->e[i].c]++;
  int i0 = 0;
  for (int i = 1; i < g->m; i++)
    if (cnt[g->e[i].c] < cnt[g->e[i0].c]) i0 = i;
  dg_edge e0 = g->m ? g->e[i0] : (dg_edge){0, 0, 0};
  int rep[DG_MAXP], size[DG_MAXP];
  dg_twins(enc, g->nP, e0.a, rep, size);
  for (int i1 = 0; i1 < g->m; i1++) {
    if (i1 == i0 || g->e[i1].c != e0.c) continue;
    dg_edge e1 = g->e[i1];
    if (rep[e1.a] != e1.a) continue; /* a twin's partner: counted at the first twin */
    long k = (long)dg_partner_mult(g, i0, i1); /* identical partners: the first copy only */
    if (!k) continue;
    k *= size[e1.a];
    dg_graph g2;
    g2.nH = g->nH;
    g2.nP = g->nP;
    g2.m = 0;
    int degH0 = 0, degA0 = 0;
    for (int j = 0; j < g->m; j++) {
      if (j == i0 || j == i1) continue;
      dg_edge x = g->e[j];
      if (x.h == e1.h) x.h = e0.h;
      if (x.a == e1.a) x.a = e0.a;
      degH0 += x.h == e0.h;
      degA0 += x.a == e0.a;
      g2.e[g2.m++] = x;
    }
    /* the vacated labels h1, a1 (if merged) become isolated and are dropped
     * without a factor; the merged h0, a0 count if they lost all edges */
    int fp, fh;
    dg_strip_isolated(&g2, &fp, &fh);
    int rc = fn(ud, &g2, degA0 == 0, degH0 == 0, k);
    if (rc) return rc;
  }
  return GFD_OK;
}

/* A child of the graph being computed: acc += k p^fp H^fh W(g2). */
typedef struct add_job {
  dg_wick *W;
  dg_ctx *X;
  wthread *T;
  int depth;
  dg_num *acc;
  int dH;
} add_job;

static int add_child(void *ud, const dg_graph *g2, int fp, int fh, long k) {
  add_job *A = ud;
  return add_term(A->W, A->X, A->T, A->depth, A->acc, A->dH, g2, fp, fh, k);
}

static int wick_rec(dg_wick *W, dg_ctx *X, wthread *T, const uint16_t *enc, int len, int depth,
                    dg_wpoly *out) {
  wmemo M;
  dg_memo_ref ref;
  int hit;
  int rc = dg_memo_find(W->memo, X, enc, len, &M, &hit, &ref);
  if (rc) return rc;
  if (hit) {
    memo_view(&M, out);
    return GFD_OK;
  }
  if ((rc = dg_poll(X))) return rc;
  dg_graph g;
  dg_decode(enc, &g);
  int dP = g.nP + 1, dH = g.nH + 1;
  if ((rc = frame_reserve(T, X, depth, (size_t)dP * dH))) return rc;
  dg_num *acc = T->fr[depth].acc;
  memset(acc, 0, (size_t)dP * dH * sizeof *acc);
  dg_pool_reset(&T->fr[depth].pool);

  if (g.m == 0) acc[(size_t)g.nP * dH + g.nH] = 1; /* W(empty) = 1; isolated vertices count */

  add_job A = {W, X, T, depth, acc, dH};
  if ((rc = dg_children(&g, enc, add_child, &A))) return rc;
  store_job J = {T, T->fr[depth].acc, dP, dH};
  if ((rc = dg_memo_publish(W->memo, X, &ref, store, &J, &M))) return rc;
  memo_view(&M, out);
  return GFD_OK;
}

/* W(g) into thread T's frame 0 (acc, dP x dH). */
static int eval_acc(dg_wick *W, dg_ctx *X, wthread *T, const dg_graph *g0, dg_num **acc_out) {
  dg_graph g = *g0;
  int fp, fh, rc;
  dg_strip_isolated(&g, &fp, &fh);
  int dP = g0->nP + 1, dH = g0->nH + 1;
  if ((rc = frame_reserve(T, X, 0, (size_t)dP * dH))) return rc;
  dg_num *acc = T->fr[0].acc;
  memset(acc, 0, (size_t)dP * dH * sizeof *acc);
  dg_pool_reset(&T->fr[0].pool); /* the previous result's big values go */
  *acc_out = acc;
  return add_term(W, X, T, 0, acc, dH, &g, fp, fh, 1);
}

int dg_wick_warm(dg_wick *W, dg_ctx *X, int t, const dg_graph *g) {
  dg_num *acc;
  return eval_acc(W, X, &W->th[t], g, &acc);
}

int dg_wick_eval(dg_wick *W, dg_ctx *X, const dg_graph *g0, const dg_wpoly **out) {
  dg_num *acc;
  int rc = eval_acc(W, X, &W->th[0], g0, &acc);
  if (rc) return rc;
  int dP = g0->nP + 1, dH = g0->nH + 1;
  size_t n = 0;
  for (size_t i = 0; i < (size_t)dP * dH; i++) n += acc[i] != 0;
  if (n > W->res_cap) {
    uint8_t *a = realloc(W->res.np, n), *b = a ? realloc(W->res.nH, n) : NULL;
    if (a) W->res.np = a;
    if (b) W->res.nH = b;
    dg_num *c = b ? realloc(W->res.c, n * sizeof *c) : NULL;
    if (!c) return gfd_err_set(X->e, GFD_ENOMEM, "out of memory for a Wick sum");
    W->res.c = c;
    W->res_cap = n;
  }
  uint32_t k = 0;
  for (int i = 0; i < dP; i++)
    for (int j = 0; j < dH; j++)
      if (acc[(size_t)i * dH + j]) {
        W->res.c[k] = acc[(size_t)i * dH + j];
        W->res.np[k] = (uint8_t)i;
        W->res.nH[k] = (uint8_t)j;
        k++;
      }
  W->res.n = k;
  W->res.w = 16;
  *out = &W->res;
  return GFD_OK;
}
