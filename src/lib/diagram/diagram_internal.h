/* diagram_internal.h - internals of the Wick-diagram engine (not installed).
 *
 * Graphs are bipartite multigraphs between H-vertices and P-vertices whose
 * edges carry a colour (ASYM factor index, NTK tag, "done" mark).  A canonical
 * encoding (an array of uint16) identifies a graph up to isomorphism:
 *   [nH, nP, m, then for each P-vertex in sorted order: deg, entries...]
 * where an entry is h * DG_NC + colour with h the canonical H label and the
 * entries of a P-vertex sorted.  Tests use these functions directly. */
#ifndef GFD_DIAGRAM_INTERNAL_H
#define GFD_DIAGRAM_INTERNAL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include "gfd/diagram.h"
#include "diagram/bignum.h"

#define DG_MAXH 30   /* H-vertices in one graph (n + 2 in term graphs) */
#define DG_MAXP 250  /* P-vertices */
#define DG_MAXE 250  /* edges */
#define DG_NC 32     /* colour slots: colours are 0..DG_NC-1 */
#define DG_ENC_MAX (4 + DG_MAXP + DG_MAXE)
#define DG_NMAX 60   /* highest order served (the Wick engine stops at its graph
                        size limits, order 28 for nu = 2 and 3; SYM nu = 2 goes
                        on by the Wishart route, diagram_wishart.c) */

/* Colour layout.  Plain term graphs: 0 (SYM) or the factor index k (ASYM).
 * NTK term graphs: 2 k + tag, tag DG_TAG_R = residual.  Reduced-class states:
 * matched pairs become edges of colour DG_DONE. */
#define DG_TAG_R 1
#define DG_DONE 31

typedef struct dg_edge {
  uint8_t h, c;
  uint16_t a;
} dg_edge;

typedef struct dg_graph {
  int nH, nP, m;
  dg_edge e[DG_MAXE];
} dg_graph;

/* Pairing edge i0 with edge i1 of g: the partners identical to i1 (same
 * ends and colour, i0 left out) give the same result, so only the first copy
 * is expanded, with multiplicity k.  Returns 0 (a repeat: skip i1) or the
 * multiplicity k >= 1 of i1. */
static inline gfd_i128 dg_partner_mult(const dg_graph *g, int i0, int i1) {
  const dg_edge e1 = g->e[i1];
  gfd_i128 k = 0;
  for (int j = 0; j < g->m; j++) {
    if (j == i0 || g->e[j].h != e1.h || g->e[j].a != e1.a || g->e[j].c != e1.c) continue;
    if (j < i1) return 0;
    k++;
  }
  return k;
}

/* ---------------------------------------------------------- canonical form */
/* Canonical encoding of g (nH <= DG_MAXH, nP <= DG_MAXP, m <= DG_MAXE, colours
 * < DG_NC); writes at most DG_ENC_MAX entries and returns the length. */
int dg_canon(const dg_graph *g, uint16_t *enc);
/* The canonical graph of an encoding (P-vertices and edges in encoding order). */
void dg_decode(const uint16_t *enc, dg_graph *g);
int dg_enc_len(const uint16_t *enc); /* 3 + nP + m */
uint64_t dg_hash(const uint16_t *key, int len);
/* Twin P-vertices of the graph of enc (nP of them): the same edges to the same
 * H-vertices.  Swapping two twins other than a0 is an automorphism fixing any
 * edge e0 at a0, so pairing e0 with partners on twins gives isomorphic
 * results: the recursions expand the first twin's partners only, times the
 * number of twins.  rep[a] == a for the first twin, size[a] its twins; a0 is
 * always alone. */
void dg_twins(const uint16_t *enc, int nP, int a0, int *rep, int *size);

/* --------------------------------------------------- memory and run control */
typedef struct dg_mem {
  size_t bytes; /* everything the cache holds */
  size_t peak;  /* the most it held (class listings free their tables after) */
  pthread_mutex_t *lock; /* set while threads share the cache (dg_parallel) */
} dg_mem;

typedef struct dg_ctx {
  const gfd_ctl *ctl;
  gfd_err *e;
  dg_mem *mem;
  unsigned long tick;
} dg_ctx;

/* Budget check for `more` bytes on top of what is held; then counts them. */
int dg_mem_take(dg_ctx *X, size_t more, const char *what);
void dg_mem_give(dg_mem *M, size_t less);
/* Poll the interrupt/deadline every few thousand calls. */
int dg_poll(dg_ctx *X);

/* ------------------------------------------------------------- hash maps */
/* Keys are uint16 arrays (copied into blocks owned by the map); each entry has
 * a fixed-size payload, zeroed on insertion.  Entry indices are stable. */
typedef struct dg_block dg_block;
typedef struct dg_map {
  size_t n, cap;   /* entries used / allocated */
  size_t nslot;    /* power of two */
  uint32_t *slot;  /* entry index + 1, 0 = empty */
  uint64_t *hash;
  uint16_t **key;
  uint16_t *klen;
  unsigned char *payload;
  size_t psize;
  dg_block *blocks; /* key storage */
  size_t block_used, block_cap;
  size_t bytes;     /* accounted in the owner's dg_mem */
  dg_mem *mem;
} dg_map;

void dg_map_init(dg_map *M, size_t psize, dg_mem *mem);
void dg_map_free(dg_map *M);
/* Find key; if absent and insert: add it (payload zeroed).  Returns GFD_OK and
 * sets *idx (SIZE_MAX if absent and !insert), *fresh = 1 on insertion. */
int dg_map_get(dg_map *M, dg_ctx *X, const uint16_t *key, int len, int insert, size_t *idx,
               int *fresh);
/* The same with the key's hash dg_hash(key, len) given. */
int dg_map_geth(dg_map *M, dg_ctx *X, const uint16_t *key, int len, uint64_t h, int insert, size_t *idx,
                int *fresh);
static inline void *dg_map_payload(const dg_map *M, size_t i) {
  return M->payload + i * M->psize;
}
/* Raw storage from the map's blocks (freed with the map), 16-byte aligned. */
void *dg_map_alloc(dg_map *M, dg_ctx *X, size_t bytes);

/* ------------------------------------------------------- the shared memo */
/* The memo of a Wick recursion (diagram_memo.c): canonical encodings -> a
 * fixed-size value, in DG_MEMO_STRIPES maps with a lock each, which threads
 * share.  A miss inserts the graph claimed for the caller, who computes it
 * and publishes it; a thread that finds it claimed waits for it. */
#define DG_MEMO_STRIPES_LOG2 4
#define DG_MEMO_STRIPES (1 << DG_MEMO_STRIPES_LOG2)
typedef struct dg_memo dg_memo;
typedef struct dg_memo_ops {
  uint32_t (*claimed)(const void *v);  /* 0 if v is published, else its claim's run */
  void (*claim)(void *v, uint32_t run); /* mark v claimed by run (>= 1) */
} dg_memo_ops;
typedef struct dg_memo_ref {
  int stripe;
  size_t idx;
} dg_memo_ref;
/* Stores a value under the stripe's lock (allocating from map with
 * dg_map_alloc); on failure v must still read as claimed. */
typedef int (*dg_memo_fill)(void *ud, dg_map *map, dg_ctx *X, void *v);

dg_memo *dg_memo_new(size_t vsize, const dg_memo_ops *ops, dg_mem *mem);
void dg_memo_free(dg_memo *M);
size_t dg_memo_entries(const dg_memo *M);
size_t dg_memo_bytes(const dg_memo *M);
/* A run starts: threads > 1 shares the memo between threads (locks taken),
 * 1 is the serial run.  Claims left by earlier runs get computed again. */
void dg_memo_parallel(dg_memo *M, int threads);
/* A thread failed: the threads waiting for a claim give up (GFD_EINTR). */
void dg_memo_stop(dg_memo *M);
/* Look up the graph of encoding enc: *hit = 1 and its value copied to v, or
 * *hit = 0 and the graph claimed for the caller (ref), who computes it and
 * publishes it (v receives the published value). */
int dg_memo_find(dg_memo *M, dg_ctx *X, const uint16_t *enc, int len, void *v, int *hit, dg_memo_ref *ref);
int dg_memo_publish(dg_memo *M, dg_ctx *X, const dg_memo_ref *ref, dg_memo_fill fill, void *ud, void *v);

/* Runs unit(ud, X_t, t, i) for i = 0..n-1 on `threads` threads (i handed
 * out in increasing order as threads come free; thread 0 is the caller, the
 * only one to call report(ud, ctl, i, n), every 16 units, for progress).
 * memo (may be NULL) is shared by the threads meanwhile.  Each thread has
 * its own dg_ctx (same ctl and mem, mem locked meanwhile); the first
 * failure stops the others and is returned in X->e. */
typedef int (*dg_unit)(void *ud, dg_ctx *X, int t, size_t i);
typedef void (*dg_report)(void *ud, const gfd_ctl *ctl, size_t i, size_t n);
/* What the threads of parallel runs cost: CPU seconds of all of them, and
 * of the busiest (its wall time when each thread has a core), added up. */
typedef struct dg_cpu {
  double sum, max;
} dg_cpu;
/* cpu (may be NULL): the run's CPU seconds are added to it. */
int dg_parallel(dg_ctx *X, dg_memo *memo, int threads, size_t n, dg_unit unit, dg_report report, void *ud,
                dg_cpu *cpu);
#define DG_MAXT 8 /* threads a Wick memo serves at most */

/* ---------------------------------------------------- checked arithmetic */
static inline int dg_add(gfd_i128 a, gfd_i128 b, gfd_i128 *out) {
  return __builtin_add_overflow(a, b, out);
}
static inline int dg_mul(gfd_i128 a, gfd_i128 b, gfd_i128 *out) {
  return __builtin_mul_overflow(a, b, out);
}
int dg_overflow(dg_ctx *X, const char *where);

/* ------------------------------------------------------------- Wick sums */
/* W(G) = sum over colour-respecting perfect matchings of the edges of G of
 * p^{#P-classes} H^{#H-classes}, as a sparse polynomial.  The coefficients
 * are non-negative counts stored w bytes each: 4 or 8 (unsigned) when all of
 * the polynomial's fit, else 16 (dg_num: 128-bit or GMP).  Almost all fit in
 * 64 bits (99.9% for SYM nu=4 n=5, 40 coefficients a graph), and the memo is
 * most of the engine's memory. */
typedef struct dg_wpoly {
  uint32_t n;
  uint32_t w;
  uint8_t *np, *nH;
  union {
    dg_num *c; /* w == 16, and always in dg_wick_eval's results */
    uint32_t *c32;
    uint64_t *c64;
  };
} dg_wpoly;

static inline dg_num dg_wpoly_coef(const dg_wpoly *P, uint32_t j) {
  return P->w == 4 ? (dg_num)P->c32[j] : P->w == 8 ? (dg_num)P->c64[j] : P->c[j];
}

/* Shared by the two Wick memos (diagram_wick.c, diagram_value.c): */
/* the memo key of a canonical encoding (packed when every entry is < 256); */
int dg_memo_key(const uint16_t *enc, int len, uint16_t *key);
/* colour parity: 0 if some colour has an odd number of edges (no perfect
 * matching); */
int dg_parity_ok(const dg_graph *g);
/* isolated vertices of g removed in place; *fp, *fh their numbers. */
void dg_strip_isolated(dg_graph *g, int *fp, int *fh);

/* The children of g (encoding enc) in the recursion, shared by both memos:
 * for each class of partners of the first edge e0, fn(ud, g2, fp, fh, k)
 * with g2 = g with e0 and the partner merged (isolated vertices removed),
 * fp, fh = 1 if the merged P- or H-vertex was left bare (a factor p, H),
 * k = the partners and twins the class stands for.  Stops at fn's first
 * nonzero return. */
typedef int (*dg_child_fn)(void *ud, const dg_graph *g2, int fp, int fh, long k);
int dg_children(const dg_graph *g, const uint16_t *enc, dg_child_fn fn, void *ud);

typedef struct dg_wick dg_wick;
dg_wick *dg_wick_new(dg_mem *mem);
void dg_wick_free(dg_wick *W);
size_t dg_wick_entries(const dg_wick *W);
/* W of graph g (any graph; isolated vertices count as factors p and H). The
 * returned polynomial is owned by the memo (or by W's scratch until the next
 * call). */
int dg_wick_eval(dg_wick *W, dg_ctx *X, const dg_graph *g, const dg_wpoly **out);
/* The same on thread t (0..DG_MAXT-1) of a parallel run, for its memo
 * entries only: W(g) is left in t's scratch, not returned. */
int dg_wick_warm(dg_wick *W, dg_ctx *X, int t, const dg_graph *g);
dg_memo *dg_wick_memo(dg_wick *W);

/* The same sum at fixed integer sizes p, H (diagram_value.c): W(G)(p, H), one
 * exact integer a graph instead of a polynomial in p and H. */
typedef struct dg_wickv dg_wickv;
dg_wickv *dg_wickv_new(dg_mem *mem, long p, long H);
void dg_wickv_free(dg_wickv *V);
size_t dg_wickv_entries(const dg_wickv *V);
size_t dg_wickv_bytes(const dg_wickv *V); /* its memo, big values included */
/* *out = W(g)(p, H), valid until the next call. */
int dg_wickv_eval(dg_wickv *V, dg_ctx *X, const dg_graph *g, dg_num *out);
int dg_wickv_warm(dg_wickv *V, dg_ctx *X, int t, const dg_graph *g);
dg_memo *dg_wickv_memo(dg_wickv *V);

/* --------------------------------------------------------- term graphs */
/* One term class: canonical graph (plain or NTK-tagged colours), kappa power
 * and coefficient, doubled (so that 1/2 ||f||^2 starts as an integer). */
typedef struct dg_terms dg_terms;
dg_terms *dg_terms_new(gfd_kind kind, int nu, gfd_target target, int ntk, dg_mem *mem);
void dg_terms_free(dg_terms *T);
/* Build the levels up to order n (kept). */
int dg_terms_build(dg_terms *T, dg_ctx *X, int n);
int dg_terms_levels(const dg_terms *T); /* orders built: 0..levels-1 */
size_t dg_terms_count(const dg_terms *T, int n);
/* The i-th term class at order n: encoding, kappa power, doubled coefficient
 * (a big one stays valid while T lives). */
void dg_terms_get(const dg_terms *T, int n, size_t i, const uint16_t **enc, int *ny,
                  dg_num *coef2);

/* 1 if the term graphs of order n fit the engine's size limits (any kind);
 * else dg_order_refuse says so in e and returns GFD_EUNSUP. */
int dg_order_fits(int nu, int n);
int dg_order_refuse(gfd_err *e, int n);

/* The starting graphs (order 0), shared with tests. */
void dg_graph_k2nu(gfd_kind kind, int nu, int ntk, dg_graph *g);
void dg_graph_star(gfd_kind kind, int nu, int ntk, dg_graph *g);

/* ------------------------------------------------------- reduced classes */
struct dg_classes {
  size_t n;
  gfd_diagram_class *cls;
  unsigned char *edges;
  size_t ncancelled; /* classes whose multiplicities summed to zero */
  size_t states;     /* intermediate states expanded */
  double secs;       /* wall time of the listing */
  dg_cpu cpu;        /* its levels run on several threads (0: none) */
  size_t peak;       /* bytes its tables held at most (freed after) */
};
/* Reduced classes at order n of the FULL family; coloured: matched pairs keep
 * their ASYM factor index.  *nstates (may be NULL): intermediate states seen. */
int dg_classes_compute(gfd_diagrams *d, dg_ctx *X, int n, int coloured,
                       struct dg_classes **out, size_t *nstates);
void dg_classes_free(struct dg_classes *C);

/* ---------------------------------------------------------- the engine */
#define DG_NFAM 3
struct gfd_diagrams {
  gfd_kind kind;
  int nu;
  gfd_target target;
  dg_mem mem;
  dg_terms *terms, *ntk;
  dg_wick *wick;
  gfd_poly poly[DG_NFAM][DG_NMAX + 1];
  int have[DG_NFAM][DG_NMAX + 1];
  /* what computing each order cost: bytes the cache held after it, seconds
   * (0: not measured, e.g. the ZERO family filled in by FULL) */
  size_t held[DG_NFAM][DG_NMAX + 1];
  double secs[DG_NFAM][DG_NMAX + 1];
  size_t memo[DG_NFAM][DG_NMAX + 1]; /* Wick memo graphs after the order */
  dg_cpu cpu[DG_NFAM][DG_NMAX + 1];  /* its Wick sums on several threads (0: none) */
  struct dg_classes *classes[DG_NMAX + 1];
  /* the numeric mode (gfd_diagrams_value) at one (p, H) at a time: the same
   * tables with v in front, the memo of numbers in vwick */
  dg_wickv *vwick;
  long vp, vH;
  gfd_poly val[DG_NFAM][DG_NMAX + 1];
  int vhave[DG_NFAM][DG_NMAX + 1];
  size_t vheld[DG_NFAM][DG_NMAX + 1]; /* bytes of vwick after the order */
  double vsecs[DG_NFAM][DG_NMAX + 1];
};

/* ------------------------------------------------------- cost estimates */
/* The cost of order n of fam, extrapolated from the growth of the two orders
 * below it (which must have been computed); 1 and the estimates set, or 0
 * when they are too small to extrapolate from. */
int dg_estimate(const gfd_diagrams *d, gfd_family fam, int n, size_t *bytes, double *seconds);
/* The rule behind it: a, b = bytes after the two orders below (or their
 * peaks), ta, tb their seconds; *bytes = now + scaled * b / a. */
int dg_extrapolate(size_t a, size_t b, double ta, double tb, size_t scaled, size_t now, size_t *bytes,
                   double *seconds);
/* The refusal message (GFD_EBUDGET) or GFD_OK, for `what` of order n. */
int dg_refuse_estimate(const char *what, int n, size_t bytes, double secs, size_t a, size_t b,
                       const gfd_ctl *ctl, gfd_err *e);
/* GFD_EBUDGET with the estimate when order n would not fit the budget. */
int dg_check_estimate(const gfd_diagrams *d, gfd_family fam, int n, const gfd_ctl *ctl, gfd_err *e);
/* The same for the class listing of order n, from the listings of n-1, n-2:
 * *bytes = its tables at their peak, *seconds its time. */
int dg_classes_estimate(const gfd_diagrams *d, int n, size_t *bytes, double *seconds);
int dg_classes_check_estimate(const gfd_diagrams *d, int n, const gfd_ctl *ctl, gfd_err *e);

#endif
