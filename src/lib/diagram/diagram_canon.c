/* diagram_canon.c - canonical forms of coloured bipartite multigraphs
 * (gfd-theory(7) section 3): H-vertices are labelled by colour refinement, then
 * individualisation of each vertex of the first non-singleton cell, keeping
 * the smallest encoding over all leaves of that search tree.  The tree is
 * built from isomorphism-invariant choices only, so the minimum is canonical.
 * P-vertices need no labels: each is its sorted multiset of (H label, colour),
 * and the encoding lists them in the order of their packed keys (degree, then
 * entries; vertices of degree > 5 last, by hash, ties in full). */
#include <config.h>
#include <string.h>
#include "diagram_internal.h"

#define DG_MAXGEN 48

typedef struct canon_ws {
  int nH, nP, m;
  int offP[DG_MAXP + 1];     /* edges of P-vertex a: offP[a] .. offP[a+1]-1 */
  uint8_t Ph[DG_MAXE], Pc[DG_MAXE];
  int offH[DG_MAXH + 1];     /* edges of H-vertex h */
  uint16_t Ha[DG_MAXE];
  uint8_t Hc[DG_MAXE];
  uint32_t sigP[DG_MAXE];    /* P signatures (per edge slot, sorted per vertex) */
  uint32_t sigH[DG_MAXE];    /* H signatures */
  int pc[DG_MAXP];           /* P colour classes */
  uint64_t pkey[DG_MAXP];    /* P signatures packed (or hashed) for fast sorting */
  int idx[DG_MAXP];          /* sort scratch */
  uint16_t best[DG_ENC_MAX], first[DG_ENC_MAX], tmp[DG_ENC_MAX];
  int have_best, len;
  int best_inv[DG_MAXH], first_inv[DG_MAXH]; /* label -> vertex at those leaves */
  int path[DG_MAXH], depth;                   /* individualised vertices */
  uint8_t gen[DG_MAXGEN][DG_MAXH];            /* automorphisms found */
  int ngen;
} canon_ws;

static void sort_u32(uint32_t *v, int n) {
  for (int i = 1; i < n; i++) {
    uint32_t x = v[i];
    int j = i - 1;
    while (j >= 0 && v[j] > x) {
      v[j + 1] = v[j];
      j--;
    }
    v[j + 1] = x;
  }
}

/* Compare segments by (length, lexicographic). */
static int seg_cmp(const uint32_t *s, const int *off, int a, int b) {
  int la = off[a + 1] - off[a], lb = off[b + 1] - off[b];
  if (la != lb) return la < lb ? -1 : 1;
  const uint32_t *x = s + off[a], *y = s + off[b];
  for (int i = 0; i < la; i++)
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

/* H order: by current colour, then signature. */
static int h_cmp(const canon_ws *w, const int *col, int a, int b) {
  if (col[a] != col[b]) return col[a] < col[b] ? -1 : 1;
  return seg_cmp(w->sigH, w->offH, a, b);
}

/* A P-vertex's sorted signature as one 64-bit key: degree in the top 4 bits
 * and up to 5 entries of 12 bits, which orders like (degree, lexicographic);
 * larger vertices get flag 15 and a hash (ties then compared in full). */
#define PKEY_HASHED ((uint64_t)15 << 60)
static void make_pkeys(canon_ws *w) {
  for (int a = 0; a < w->nP; a++) {
    int lo = w->offP[a], deg = w->offP[a + 1] - lo;
    const uint32_t *x = w->sigP + lo;
    uint64_t k = (uint64_t)deg << 60; /* one pass: pack while checking */
    int packed = deg <= 5;
    for (int i = 0; i < deg && packed; i++) {
      packed = x[i] < 4096;
      k |= (uint64_t)x[i] << (48 - 12 * i);
    }
    if (!packed) {
      uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t)deg;
      for (int i = 0; i < deg; i++) {
        h ^= x[i];
        h *= 0xff51afd7ed558ccdull;
        h ^= h >> 31;
      }
      k = PKEY_HASHED | (h >> 4);
    }
    w->pkey[a] = k;
  }
}

static int p_cmp(const canon_ws *w, int a, int b) {
  uint64_t x = w->pkey[a], y = w->pkey[b];
  if (x != y) return x < y ? -1 : 1;
  if ((x & PKEY_HASHED) != PKEY_HASHED) return 0;
  return seg_cmp(w->sigP, w->offP, a, b);
}

/* ix[0..nP-1] = P-vertices sorted by signature */
static void sort_p(canon_ws *w, int *ix) {
  for (int a = 0; a < w->nP; a++) {
    int j = a - 1;
    while (j >= 0 && p_cmp(w, ix[j], a) > 0) {
      ix[j + 1] = ix[j];
      j--;
    }
    ix[j + 1] = a;
  }
}

/* The P nodes sorted by their signatures under the H labelling col (each P
 * node's sorted multiset of (H colour, edge colour)); returns w->idx. */
static int *p_order(canon_ws *w, const int *col) {
  for (int a = 0; a < w->nP; a++) {
    for (int j = w->offP[a]; j < w->offP[a + 1]; j++)
      w->sigP[j] = (uint32_t)col[w->Ph[j]] * DG_NC + w->Pc[j];
    sort_u32(w->sigP + w->offP[a], w->offP[a + 1] - w->offP[a]);
  }
  make_pkeys(w);
  sort_p(w, w->idx);
  return w->idx;
}

/* One round of P ranks from H colours, then new H colours; returns the
 * number of H cells. */
static int refine_round(canon_ws *w, const int *col, int *newcol) {
  int nP = w->nP, nH = w->nH;
  int *ix = p_order(w, col);
  for (int r = 0, k = 0; k < nP; k++) {
    if (k > 0 && p_cmp(w, ix[k - 1], ix[k]) != 0) r++;
    w->pc[ix[k]] = r;
  }
  for (int h = 0; h < nH; h++) {
    for (int j = w->offH[h]; j < w->offH[h + 1]; j++)
      w->sigH[j] = (uint32_t)w->pc[w->Ha[j]] * DG_NC + w->Hc[j];
    sort_u32(w->sigH + w->offH[h], w->offH[h + 1] - w->offH[h]);
  }
  int hix[DG_MAXH];
  for (int h = 0; h < nH; h++) {
    int j = h - 1;
    while (j >= 0 && h_cmp(w, col, hix[j], h) > 0) {
      hix[j + 1] = hix[j];
      j--;
    }
    hix[j + 1] = h;
  }
  int r = 0;
  for (int k = 0; k < nH; k++) {
    if (k > 0 && h_cmp(w, col, hix[k - 1], hix[k]) != 0) r++;
    newcol[hix[k]] = r;
  }
  return nH ? r + 1 : 0;
}

static int count_cells(const int *col, int nH) {
  int seen[DG_MAXH] = {0}, k = 0;
  for (int h = 0; h < nH; h++)
    if (!seen[col[h]]) {
      seen[col[h]] = 1;
      k++;
    }
  return k;
}

/* Refine col (dense colours 0..cells-1) to the stable partition. */
static int refine(canon_ws *w, int *col) {
  int cells = count_cells(col, w->nH);
  for (;;) {
    int nc[DG_MAXH];
    int k = refine_round(w, col, nc);
    memcpy(col, nc, sizeof(int) * (size_t)w->nH);
    if (k == cells) return k;
    cells = k;
  }
}

/* Encoding under the labelling h -> col[h] (a permutation).  sorted: the
 * P order of col is already in w (the last refinement round computed it). */
static void encode(canon_ws *w, const int *col, uint16_t *out, int sorted) {
  int nP = w->nP;
  int *ix = sorted ? w->idx : p_order(w, col);
  int k = 0;
  out[k++] = (uint16_t)w->nH;
  out[k++] = (uint16_t)nP;
  out[k++] = (uint16_t)w->m;
  for (int q = 0; q < nP; q++) {
    int a = ix[q];
    out[k++] = (uint16_t)(w->offP[a + 1] - w->offP[a]);
    for (int j = w->offP[a]; j < w->offP[a + 1]; j++) out[k++] = (uint16_t)w->sigP[j];
  }
}

/* A leaf whose encoding equals an earlier leaf's gives an automorphism:
 * x -> the vertex holding x's label at that earlier leaf. */
static void add_gen(canon_ws *w, const int *col, const int *inv) {
  if (w->ngen >= DG_MAXGEN) return;
  int trivial = 1;
  for (int h = 0; h < w->nH; h++) {
    w->gen[w->ngen][h] = (uint8_t)inv[col[h]];
    trivial &= inv[col[h]] == h;
  }
  if (!trivial) w->ngen++;
}

static void leaf(canon_ws *w, const int *col) {
  size_t bytes = sizeof(uint16_t) * (size_t)w->len;
  encode(w, col, w->tmp, 1);
  if (!w->have_best) {
    memcpy(w->best, w->tmp, bytes);
    memcpy(w->first, w->tmp, bytes);
    for (int h = 0; h < w->nH; h++) w->best_inv[col[h]] = w->first_inv[col[h]] = h;
    w->have_best = 1;
    return;
  }
  if (memcmp(w->tmp, w->first, bytes) == 0) {
    add_gen(w, col, w->first_inv);
    return;
  }
  int c = memcmp(w->tmp, w->best, bytes);
  if (c == 0) {
    add_gen(w, col, w->best_inv);
  } else if (c < 0) {
    memcpy(w->best, w->tmp, bytes);
    for (int h = 0; h < w->nH; h++) w->best_inv[col[h]] = h;
  }
}

/* Is v in the orbit of an earlier vertex u < v of the cell under the
 * automorphisms found so far that fix the current path pointwise?  Then the
 * subtree of v repeats that of u (same leaf encodings) and is skipped. */
static int pruned(const canon_ws *w, const int *col, int target, int v) {
  int par[DG_MAXH];
  for (int h = 0; h < w->nH; h++) par[h] = h;
  for (int g = 0; g < w->ngen; g++) {
    int fixes = 1;
    for (int d = 0; d < w->depth && fixes; d++) fixes = w->gen[g][w->path[d]] == w->path[d];
    if (!fixes) continue;
    for (int h = 0; h < w->nH; h++) {
      int x = h, y = w->gen[g][h];
      while (par[x] != x) x = par[x];
      while (par[y] != y) y = par[y];
      if (x != y) par[x < y ? y : x] = x < y ? x : y;
    }
  }
  int rv = v;
  while (par[rv] != rv) rv = par[rv];
  for (int u = 0; u < v; u++) {
    if (col[u] != target) continue;
    int ru = u;
    while (par[ru] != ru) ru = par[ru];
    if (ru == rv) return 1;
  }
  return 0;
}

static void search(canon_ws *w, int *col) {
  int nH = w->nH;
  int cells = refine(w, col);
  if (cells == nH) {
    /* the last round of refine left the partition, hence the dense colours,
     * unchanged: its P order is that of col, and encode reuses it */
    leaf(w, col);
    return;
  }
  int cnt[DG_MAXH] = {0};
  for (int h = 0; h < nH; h++) cnt[col[h]]++;
  int target = 0;
  while (cnt[target] < 2) target++;
  for (int v = 0; v < nH; v++) {
    if (col[v] != target) continue;
    if (w->ngen && pruned(w, col, target, v)) continue;
    int c2[DG_MAXH], used[2 * DG_MAXH] = {0}, rank[2 * DG_MAXH];
    for (int h = 0; h < nH; h++) {
      c2[h] = 2 * col[h] + (col[h] == target && h != v);
      used[c2[h]] = 1;
    }
    for (int r = 0, x = 0; x < 2 * nH; x++)
      if (used[x]) rank[x] = r++;
    for (int h = 0; h < nH; h++) c2[h] = rank[c2[h]];
    w->path[w->depth++] = v;
    search(w, c2);
    w->depth--;
  }
}

int dg_canon(const dg_graph *g, uint16_t *enc) {
  canon_ws w;
  int nH = g->nH, nP = g->nP, m = g->m;
  w.nH = nH;
  w.nP = nP;
  w.m = m;
  /* adjacency by counting sort */
  memset(w.offP, 0, sizeof(int) * (size_t)(nP + 1));
  memset(w.offH, 0, sizeof(int) * (size_t)(nH + 1));
  for (int i = 0; i < m; i++) {
    w.offP[g->e[i].a + 1]++;
    w.offH[g->e[i].h + 1]++;
  }
  for (int a = 0; a < nP; a++) w.offP[a + 1] += w.offP[a];
  for (int h = 0; h < nH; h++) w.offH[h + 1] += w.offH[h];
  int fp[DG_MAXP], fh[DG_MAXH];
  memcpy(fp, w.offP, sizeof(int) * (size_t)nP);
  memcpy(fh, w.offH, sizeof(int) * (size_t)nH);
  for (int i = 0; i < m; i++) {
    const dg_edge *x = &g->e[i];
    int j = fp[x->a]++;
    w.Ph[j] = x->h;
    w.Pc[j] = x->c;
    j = fh[x->h]++;
    w.Ha[j] = x->a;
    w.Hc[j] = x->c;
  }
  w.len = 3 + nP + m;
  w.have_best = 0;
  w.depth = 0;
  w.ngen = 0;
  int col[DG_MAXH] = {0};
  search(&w, col);
  memcpy(enc, w.best, sizeof(uint16_t) * (size_t)w.len);
  return w.len;
}

int dg_enc_len(const uint16_t *enc) { return 3 + enc[1] + enc[2]; }

void dg_decode(const uint16_t *enc, dg_graph *g) {
  g->nH = enc[0];
  g->nP = enc[1];
  g->m = enc[2];
  int k = 3, i = 0;
  for (int a = 0; a < g->nP; a++) {
    int deg = enc[k++];
    for (int j = 0; j < deg; j++, k++, i++) {
      g->e[i].a = (uint16_t)a;
      g->e[i].h = (uint8_t)(enc[k] / DG_NC);
      g->e[i].c = (uint8_t)(enc[k] % DG_NC);
    }
  }
}

/* Twins have equal descriptors, which the canonical encoding lists next to
 * each other (descriptors are sorted). */
void dg_twins(const uint16_t *enc, int nP, int a0, int *rep, int *size) {
  int k = 3, prev = -1, prev_off = 0;
  for (int a = 0; a < nP; a++) {
    int off = k, deg = enc[k];
    k += 1 + deg;
    rep[a] = a;
    size[a] = 1;
    if (a == a0) continue;
    if (prev >= 0 && enc[prev_off] == deg &&
        memcmp(enc + prev_off + 1, enc + off + 1, (size_t)deg * sizeof *enc) == 0) {
      rep[a] = rep[prev];
      size[rep[a]]++;
    }
    prev = a;
    prev_off = off;
  }
}

uint64_t dg_hash(const uint16_t *key, int len) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t)len;
  for (int i = 0; i < len; i++) {
    h ^= key[i];
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  h ^= h >> 29;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 32;
  return h;
}
