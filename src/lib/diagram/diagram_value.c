/* diagram_value.c - the Wick recursion of diagram_wick.c at fixed integer
 * sizes p and H: the memo holds W(G)(p, H), one exact integer a graph (128-bit
 * while it fits, GMP beyond), instead of a polynomial in p and H.  The rest
 * of E[L^(n)(0)] (s = sigma^2, kappa) stays symbolic, so the result is an
 * exact polynomial in s and kappa at those sizes, which is what a series at
 * fixed sizes needs, for a fraction of the memory of the full polynomial.
 *
 *   W(G) = sum over partners e' of the first edge e0 of
 *          p^{fp} H^{fh} W(canon(merge(G, e0, e'))),   W(empty) = 1. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "diagram_internal.h"
#include "internal.h"

#define NFRAME (DG_MAXE / 2 + 4)

/* One thread's pools: the big values of the memo entries it stored, and per
 * depth the big value of the sum being formed. */
typedef struct vthread {
  dg_pool pool;
  size_t pool_counted; /* of pool.bytes, taken from mem */
  dg_pool fr[NFRAME];
} vthread;

struct dg_wickv {
  dg_memo *memo; /* key: dg_memo_key(encoding); value: dg_num */
  vthread th[DG_MAXT];
  dg_mem *mem;
  long p, H;
};

/* A claimed value is a big-number tag with an odd "pointer" (no mpz_t is at
 * an odd address): (run << 1) | 1. */
static uint32_t num_claimed(const void *v) {
  dg_num x;
  memcpy(&x, v, sizeof x);
  uint64_t lo = (uint64_t)x;
  return dg_num_big(x) && (lo & 1) ? (uint32_t)(lo >> 1) : 0;
}
static void num_claim(void *v, uint32_t run) {
  dg_num x = (dg_num)(((unsigned __int128)DG_NUM_TAG << 64) | (((uint64_t)run << 1) | 1));
  memcpy(v, &x, sizeof x);
}
static const dg_memo_ops num_ops = {num_claimed, num_claim};

dg_wickv *dg_wickv_new(dg_mem *mem, long p, long H) {
  dg_wickv *V = calloc(1, sizeof *V);
  if (!V) return NULL;
  V->memo = dg_memo_new(sizeof(dg_num), &num_ops, mem);
  if (!V->memo) {
    free(V);
    return NULL;
  }
  for (int t = 0; t < DG_MAXT; t++) {
    dg_pool_init(&V->th[t].pool);
    for (int i = 0; i < NFRAME; i++) dg_pool_init(&V->th[t].fr[i]);
  }
  V->mem = mem;
  V->p = p;
  V->H = H;
  return V;
}

void dg_wickv_free(dg_wickv *V) {
  if (!V) return;
  dg_memo_free(V->memo);
  for (int t = 0; t < DG_MAXT; t++) {
    dg_mem_give(V->mem, V->th[t].pool_counted);
    dg_pool_free(&V->th[t].pool);
    for (int i = 0; i < NFRAME; i++) dg_pool_free(&V->th[t].fr[i]);
  }
  free(V);
}

size_t dg_wickv_entries(const dg_wickv *V) { return dg_memo_entries(V->memo); }
size_t dg_wickv_bytes(const dg_wickv *V) {
  size_t b = dg_memo_bytes(V->memo);
  for (int t = 0; t < DG_MAXT; t++) b += V->th[t].pool_counted;
  return b;
}
dg_memo *dg_wickv_memo(dg_wickv *V) { return V->memo; }

static int nomem(dg_ctx *X) { return gfd_err_set(X->e, GFD_ENOMEM, "out of memory for a Wick sum"); }

static int rec(dg_wickv *V, dg_ctx *X, vthread *T, const dg_graph *g, int depth, dg_num *out);

/* *acc += k p^fp H^fh W(g).  k p H stays below 2^63: k (partner times twin
 * multiplicity) is below 2^16 and p H below 2^46 (gfd_diagrams_value). */
static int add_term(dg_wickv *V, dg_ctx *X, vthread *T, int depth, dg_num *acc, const dg_graph *g, int fp,
                    int fh, long k) {
  if (!dg_parity_ok(g)) return GFD_OK;
  dg_num w;
  int rc = rec(V, X, T, g, depth + 1, &w);
  if (rc) return rc;
  long f = k * (fp ? V->p : 1) * (fh ? V->H : 1);
  if (dg_num_addmul(acc, w, f, &T->fr[depth])) return nomem(X);
  return GFD_OK;
}

/* Publishing a memo entry: the value, a big one copied into the thread's pool. */
typedef struct store_job {
  vthread *T;
  dg_num acc;
} store_job;

static int store(void *ud, dg_map *map, dg_ctx *X, void *v) {
  store_job *J = ud;
  vthread *T = J->T;
  dg_num x;
  (void)map;
  if (dg_num_copy(&x, J->acc, &T->pool)) return nomem(X);
  if (T->pool.bytes > T->pool_counted) {
    int rc = dg_mem_take(X, T->pool.bytes - T->pool_counted, "the Wick tables");
    if (rc) return rc;
    T->pool_counted = T->pool.bytes;
  }
  memcpy(v, &x, sizeof x);
  return GFD_OK;
}

/* A child of the graph being computed (dg_children): acc += k p^fp H^fh W(g2). */
typedef struct add_job {
  dg_wickv *V;
  dg_ctx *X;
  vthread *T;
  int depth;
  dg_num *acc;
} add_job;

static int add_child(void *ud, const dg_graph *g2, int fp, int fh, long k) {
  add_job *A = ud;
  return add_term(A->V, A->X, A->T, A->depth, A->acc, g2, fp, fh, k);
}

static int rec(dg_wickv *V, dg_ctx *X, vthread *T, const dg_graph *g0, int depth, dg_num *out) {
  if (depth >= NFRAME) return gfd_err_set(X->e, GFD_EINVAL, "a Wick graph is too deep");
  uint16_t enc[DG_ENC_MAX];
  int len = dg_canon(g0, enc), hit;
  dg_memo_ref ref;
  int rc = dg_memo_find(V->memo, X, enc, len, out, &hit, &ref);
  if (rc || hit) return rc;
  if ((rc = dg_poll(X))) return rc;
  dg_graph g;
  dg_decode(enc, &g);
  dg_pool_reset(&T->fr[depth]);
  dg_num acc = g.m == 0; /* W(empty) = 1 (no isolated vertex is left here) */

  add_job A = {V, X, T, depth, &acc};
  if ((rc = dg_children(&g, enc, add_child, &A))) return rc;
  store_job J = {T, acc};
  return dg_memo_publish(V->memo, X, &ref, store, &J, out);
}

int dg_wickv_warm(dg_wickv *V, dg_ctx *X, int t, const dg_graph *g0) {
  dg_graph g = *g0;
  int fp, fh;
  dg_num w;
  dg_strip_isolated(&g, &fp, &fh);
  return dg_parity_ok(&g) ? rec(V, X, &V->th[t], &g, 1, &w) : GFD_OK;
}

int dg_wickv_eval(dg_wickv *V, dg_ctx *X, const dg_graph *g0, dg_num *out) {
  dg_graph g = *g0;
  int fp, fh;
  vthread *T = &V->th[0];
  dg_strip_isolated(&g, &fp, &fh);
  dg_num w = 0;
  int rc = dg_parity_ok(&g) ? rec(V, X, T, &g, 1, &w) : GFD_OK;
  if (rc) return rc;
  /* the isolated vertices of the term graph: p^fp H^fh, one factor at a time
   * (frame 0 holds the result until the next call) */
  dg_pool_reset(&T->fr[0]);
  for (int i = 0; i < fp + fh; i++) {
    dg_num t = 0;
    if (dg_num_addmul(&t, w, i < fp ? V->p : V->H, &T->fr[0])) return nomem(X);
    w = t;
  }
  *out = w;
  return GFD_OK;
}
