/* test_diagram_exact.c - exact checks of the diagram engine (issue 3, test 6):
 *  (c) SYM nu=2, zero target: E L^(n) = 1/2 (-4)^n (n+1)! E tr W^{n+2}, with
 *      E tr W^k counted by brute force over all pairings of the 2k-cycle;
 *  (d) the sum over reduced classes equals the memoised polynomial;
 *  (e) canonical forms are invariant under random relabelling, idempotent,
 *      and separate non-isomorphic graphs (brute-force isomorphism);
 *  (f) gfd-theory(7) section 3: reference polynomials, spot values, and the sizes
 *      (term-graph classes, reduced classes) of an independent implementation;
 *  plus: the memoised Wick sum W(G) equals a brute-force enumeration of the
 *  perfect matchings on every term graph with at most 14 edges, exactly as
 *  polynomials in p and H (so every monomial is checked, at every size). */
#include <config.h>
#include "diagram/diagram_internal.h"
#include "testutil.h"


static gfd_diagrams *make(gfd_kind k, int nu, gfd_target t) {
  gfd_err e;
  gfd_diagrams *d = gfd_diagrams_new(k, nu, t, &e);
  if (!d) {
    printf("FAIL: gfd_diagrams_new: %s\n", e.msg);
    exit(1);
  }
  return d;
}

static const gfd_poly *poly(gfd_diagrams *d, gfd_family f, int n) {
  gfd_err e;
  const gfd_poly *P;
  if (gfd_diagrams_poly(d, f, n, NULL, &P, &e)) {
    printf("FAIL: gfd_diagrams_poly n=%d: %s\n", n, e.msg);
    exit(1);
  }
  return P;
}

/* ------------------------------------------------ brute-force matchings */
typedef struct bf {
  int nH, nP, m;
  dg_edge e[32];
  long long cnt[40][40]; /* [P classes][H classes] */
} bf;

static int find(int *par, int x) {
  while (par[x] != x) x = par[x] = par[par[x]];
  return x;
}

static void bf_rec(bf *B, int *used, int *pairs, int k) {
  int i0 = -1;
  for (int i = 0; i < B->m; i++)
    if (!used[i]) {
      i0 = i;
      break;
    }
  if (i0 < 0) {
    int par[80];
    for (int v = 0; v < B->nH + B->nP; v++) par[v] = v;
    for (int j = 0; j < k; j++) {
      const dg_edge *x = &B->e[pairs[2 * j]], *y = &B->e[pairs[2 * j + 1]];
      int a = find(par, x->h), b = find(par, y->h);
      if (a != b) par[a] = b;
      a = find(par, B->nH + x->a);
      b = find(par, B->nH + y->a);
      if (a != b) par[a] = b;
    }
    int ch = 0, cp = 0;
    for (int v = 0; v < B->nH + B->nP; v++)
      if (find(par, v) == v) {
        if (v < B->nH) ch++;
        else cp++;
      }
    B->cnt[cp][ch]++;
    return;
  }
  used[i0] = 1;
  for (int i = i0 + 1; i < B->m; i++)
    if (!used[i] && B->e[i].c == B->e[i0].c) {
      used[i] = 1;
      pairs[2 * k] = i0;
      pairs[2 * k + 1] = i;
      bf_rec(B, used, pairs, k + 1);
      used[i] = 0;
    }
  used[i0] = 0;
}

static void bf_count(const dg_graph *g, bf *B) {
  memset(B, 0, sizeof *B);
  B->nH = g->nH;
  B->nP = g->nP;
  B->m = g->m;
  memcpy(B->e, g->e, sizeof(dg_edge) * (size_t)g->m);
  int used[32] = {0}, pairs[32];
  bf_rec(B, used, pairs, 0);
}

/* ------------------------------------------------------------------ (c) */
static void test_trace_formula(void) {
  gfd_diagrams *d = make(GFD_SYM, 2, GFD_TGT_ZERO);
  long double fact = 1; /* (n+1)! */
  for (int n = 0; n <= 6; n++) {
    int k = n + 2;
    fact *= (n + 1);
    /* tr (U^T U)^k = sum u_{h1 i1} u_{h1 i2} u_{h2 i2} u_{h2 i3} ... u_{hk i1} */
    dg_graph g;
    g.nH = g.nP = k;
    g.m = 0;
    for (int j = 0; j < k; j++) {
      g.e[g.m++] = (dg_edge){(uint8_t)j, 0, (uint16_t)j};
      g.e[g.m++] = (dg_edge){(uint8_t)j, 0, (uint16_t)((j + 1) % k)};
    }
    bf B;
    bf_count(&g, &B);
    gfd_poly T;
    gfd_poly_init(&T);
    gfd_i128 f = 1; /* 1/2 (-4)^n (n+1)! */
    for (int j = 0; j < n; j++) f *= -4;
    for (int j = 2; j <= n + 1; j++) f *= j;
    for (int a = 0; a < 40; a++)
      for (int b = 0; b < 40; b++)
        if (B.cnt[a][b]) gfd_poly_add(&T, a, b, k, 0, gfd_rat_make(f * B.cnt[a][b], 2), NULL);
    const gfd_poly *P = poly(d, GFD_FAMILY_FULL, n);
    tu_check(gfd_poly_equal(&T, P),
          "(c) SYM nu=2 zero target n=%d: E L^(n) == 1/2 (-4)^n (n+1)! E tr W^%d exactly (%zu monomials, "
          "%zu terms in the pairing count)", n, k, P->n, T.n);
    gfd_poly_free(&T);
  }
  (void)fact;
  gfd_diagrams_free(d);
}

/* ------------------------------------------------------------------ (d) */
static void test_class_sums(void) {
  struct {
    gfd_kind k;
    int nu, N;
  } cases[] = {{GFD_SYM, 2, 4}, {GFD_ASYM, 2, 4}, {GFD_SYM, 3, 3}, {GFD_ASYM, 3, 3},
               {GFD_SYM, 4, 2}, {GFD_ASYM, 4, 2}};
  for (size_t c = 0; c < sizeof cases / sizeof *cases; c++)
    for (int t = 0; t < 2; t++) {
      gfd_target tg = t ? GFD_TGT_ZERO : GFD_TGT_IDENTITY;
      gfd_diagrams *d = make(cases[c].k, cases[c].nu, tg);
      for (int n = 0; n <= cases[c].N; n++) {
        gfd_err e;
        const gfd_diagram_class *cls;
        size_t count;
        if (gfd_diagrams_classes(d, n, NULL, &cls, &count, &e)) {
          tu_check(0, "(d) classes: %s", e.msg);
          continue;
        }
        gfd_poly S;
        gfd_poly_init(&S);
        int ids_ok = 1;
        for (size_t i = 0; i < count; i++) {
          TU_OK(gfd_poly_add(&S, cls[i].np, cls[i].nH, cls[i].ne, cls[i].ny, cls[i].mult, NULL));
          ids_ok &= cls[i].index == (int)i + 1 && cls[i].order == n;
        }
        const gfd_poly *P = poly(d, GFD_FAMILY_FULL, n);
        tu_check(gfd_poly_equal(&S, P) && ids_ok,
              "(d) %s nu=%d %s n=%d: sum over %zu reduced classes == memoised polynomial (%zu monomials)",
              gfd_kind_name(cases[c].k), cases[c].nu, gfd_target_name(tg), n, count, P->n);
        gfd_poly_free(&S);
      }
      gfd_diagrams_free(d);
    }
}

/* ------------------------------------------------------------------ (e) */
static uint64_t rng = 12345;
static int rnd(int n) { return tu_rand_int(&rng, n); }

static void relabel(const dg_graph *g, dg_graph *out) {
  int ph[DG_MAXH], pp[DG_MAXP];
  for (int i = 0; i < g->nH; i++) ph[i] = i;
  for (int i = 0; i < g->nP; i++) pp[i] = i;
  for (int i = g->nH - 1; i > 0; i--) {
    int j = rnd(i + 1), t = ph[i];
    ph[i] = ph[j];
    ph[j] = t;
  }
  for (int i = g->nP - 1; i > 0; i--) {
    int j = rnd(i + 1), t = pp[i];
    pp[i] = pp[j];
    pp[j] = t;
  }
  *out = *g;
  for (int i = 0; i < g->m; i++) {
    out->e[i].h = (uint8_t)ph[g->e[i].h];
    out->e[i].a = (uint16_t)pp[g->e[i].a];
  }
  for (int i = g->m - 1; i > 0; i--) { /* edge order too */
    int j = rnd(i + 1);
    dg_edge t = out->e[i];
    out->e[i] = out->e[j];
    out->e[j] = t;
  }
}

/* brute-force isomorphism: some permutation of H makes the multisets of
 * P-vertex descriptors equal (P-vertices are unlabelled) */
static int desc_cmp(const void *a, const void *b) {
  const uint32_t *x = a, *y = b;
  for (int i = 0; i < 8; i++)
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}
static void descriptors(const dg_graph *g, const int *perm, uint32_t (*D)[8]) {
  memset(D, 0, sizeof(uint32_t) * 8 * (size_t)g->nP);
  int deg[DG_MAXP] = {0};
  for (int i = 0; i < g->m; i++) {
    int a = g->e[i].a;
    D[a][deg[a]++] = 1 + (uint32_t)(perm[g->e[i].h] * DG_NC + g->e[i].c);
  }
  for (int a = 0; a < g->nP; a++) { /* sort entries, descending so zeros pad */
    for (int i = 1; i < 8; i++)
      for (int j = i; j > 0 && D[a][j] > D[a][j - 1]; j--) {
        uint32_t t = D[a][j];
        D[a][j] = D[a][j - 1];
        D[a][j - 1] = t;
      }
  }
  qsort(D, (size_t)g->nP, sizeof *D, desc_cmp);
}
static int next_perm(int *p, int n) {
  int i = n - 2;
  while (i >= 0 && p[i] >= p[i + 1]) i--;
  if (i < 0) return 0;
  int j = n - 1;
  while (p[j] <= p[i]) j--;
  int t = p[i];
  p[i] = p[j];
  p[j] = t;
  for (int a = i + 1, b = n - 1; a < b; a++, b--) {
    t = p[a];
    p[a] = p[b];
    p[b] = t;
  }
  return 1;
}
static int isomorphic(const dg_graph *a, const dg_graph *b) {
  if (a->nH != b->nH || a->nP != b->nP || a->m != b->m) return 0;
  uint32_t Da[8][8], Db[8][8];
  int id[DG_MAXH], perm[DG_MAXH];
  for (int i = 0; i < a->nH; i++) id[i] = perm[i] = i;
  descriptors(b, id, Db);
  do {
    descriptors(a, perm, Da);
    if (memcmp(Da, Db, sizeof(uint32_t) * 8 * (size_t)a->nP) == 0) return 1;
  } while (next_perm(perm, a->nH));
  return 0;
}

static void test_canon(void) {
  /* term graphs of several families, relabelled at random */
  struct {
    gfd_kind k;
    int nu, N, ntk;
  } fams[] = {{GFD_SYM, 2, 6, 0}, {GFD_SYM, 3, 3, 0}, {GFD_ASYM, 3, 2, 0}, {GFD_SYM, 4, 3, 1},
              {GFD_ASYM, 4, 2, 1}};
  gfd_err e;
  dg_mem mem = {0};
  dg_ctx X = {NULL, &e, &mem, 0};
  for (size_t f = 0; f < sizeof fams / sizeof *fams; f++) {
    dg_terms *T = dg_terms_new(fams[f].k, fams[f].nu, GFD_TGT_IDENTITY, fams[f].ntk, &mem);
    if (!T || dg_terms_build(T, &X, fams[f].N)) {
      tu_check(0, "(e) term build: %s", e.msg);
      continue;
    }
    size_t tested = 0, bad = 0;
    for (int n = 0; n <= fams[f].N; n++)
      for (size_t i = 0; i < dg_terms_count(T, n); i++) {
        const uint16_t *enc;
        int ny;
        gfd_i128 c2;
        dg_terms_get(T, n, i, &enc, &ny, &c2);
        int len = dg_enc_len(enc);
        dg_graph g, h;
        dg_decode(enc, &g);
        uint16_t e2[DG_ENC_MAX];
        /* idempotent: the canonical graph is its own canonical form */
        bad += dg_canon(&g, e2) != len || memcmp(e2, enc, sizeof(uint16_t) * (size_t)len) != 0;
        for (int r = 0; r < 4; r++) {
          relabel(&g, &h);
          bad += dg_canon(&h, e2) != len || memcmp(e2, enc, sizeof(uint16_t) * (size_t)len) != 0;
          tested++;
        }
      }
    tu_check(bad == 0, "(e) %s nu=%d%s: canonical form of %zu randomly relabelled term graphs unchanged (%zu "
          "mismatches)", gfd_kind_name(fams[f].k), fams[f].nu, fams[f].ntk ? " NTK-tagged" : "", tested, bad);
    dg_terms_free(T);
  }
  /* random small multigraphs: canon equal <=> isomorphic (brute force) */
  size_t pairs = 0, bad = 0, iso = 0;
  for (int t = 0; t < 20000; t++) {
    dg_graph a, b;
    a.nH = 1 + rnd(4);
    a.nP = 1 + rnd(4);
    a.m = 1 + rnd(6);
    int nc = 1 + rnd(2);
    for (int i = 0; i < a.m; i++) a.e[i] = (dg_edge){(uint8_t)rnd(a.nH), (uint8_t)rnd(nc), (uint16_t)rnd(a.nP)};
    if (rnd(2)) {
      relabel(&a, &b); /* often isomorphic ... */
      if (rnd(2)) b.e[rnd(b.m)].h = (uint8_t)rnd(b.nH); /* ... sometimes perturbed */
    } else {
      b = a;
      for (int i = 0; i < b.m; i++) b.e[i] = (dg_edge){(uint8_t)rnd(b.nH), (uint8_t)rnd(nc), (uint16_t)rnd(b.nP)};
    }
    uint16_t ea[DG_ENC_MAX], eb[DG_ENC_MAX];
    int la = dg_canon(&a, ea), lb = dg_canon(&b, eb);
    int same = la == lb && memcmp(ea, eb, sizeof(uint16_t) * (size_t)la) == 0;
    int is = isomorphic(&a, &b);
    iso += is;
    bad += same != is;
    pairs++;
  }
  tu_check(bad == 0, "(e) %zu random pairs of small coloured multigraphs: canonical forms equal exactly when "
        "isomorphic (%zu isomorphic pairs, %zu disagreements)", pairs, iso, bad);
}

/* ------------------------------------------- memoised W vs brute force */
static void test_wick_bruteforce(void) {
  struct {
    gfd_kind k;
    int nu, N;
  } fams[] = {{GFD_SYM, 2, 5}, {GFD_ASYM, 2, 5}, {GFD_SYM, 3, 2}, {GFD_ASYM, 3, 2},
              {GFD_SYM, 4, 1}, {GFD_ASYM, 4, 1}};
  for (size_t f = 0; f < sizeof fams / sizeof *fams; f++) {
    gfd_err e;
    dg_mem mem = {0};
    dg_ctx X = {NULL, &e, &mem, 0};
    dg_terms *T = dg_terms_new(fams[f].k, fams[f].nu, GFD_TGT_IDENTITY, 0, &mem);
    dg_wick *W = dg_wick_new(&mem);
    if (!T || !W || dg_terms_build(T, &X, fams[f].N)) {
      tu_check(0, "wick setup: %s", e.msg);
      continue;
    }
    size_t graphs = 0, bad = 0;
    for (int n = 0; n <= fams[f].N; n++)
      for (size_t i = 0; i < dg_terms_count(T, n); i++) {
        const uint16_t *enc;
        int ny;
        gfd_i128 c2;
        dg_terms_get(T, n, i, &enc, &ny, &c2);
        dg_graph g;
        dg_decode(enc, &g);
        if (g.m > 14) continue;
        bf B;
        bf_count(&g, &B);
        const dg_wpoly *P;
        if (dg_wick_eval(W, &X, &g, &P)) {
          bad++;
          continue;
        }
        long long got[40][40];
        memset(got, 0, sizeof got);
        for (uint32_t j = 0; j < P->n; j++) got[P->np[j]][P->nH[j]] = (long long)P->c[j];
        bad += memcmp(got, B.cnt, sizeof got) != 0;
        graphs++;
      }
    tu_check(bad == 0 && graphs > 0,
          "%s nu=%d: memoised Wick sum == brute-force matching count on %zu term graphs (orders <= %d, "
          "<= 14 edges)", gfd_kind_name(fams[f].k), fams[f].nu, graphs, fams[f].N);
    dg_wick_free(W);
    dg_terms_free(T);
  }
}

/* ------------------------------------------------------------------ (f) */
/* P at kappa = 1 (gfd-theory(7)'s reference values are for kappa = 1). */
static void at_kappa1(const gfd_poly *P, gfd_poly *Q) {
  gfd_poly_init(Q);
  for (size_t i = 0; i < P->n; i++) gfd_poly_add(Q, P->m[i].np, P->m[i].nH, P->m[i].ne, 0, P->m[i].c, NULL);
}

typedef struct mono {
  int np, nH, ne;
  long num, den;
} mono;

static void expect_poly(gfd_diagrams *d, int n, const mono *m, int count, const char *what) {
  gfd_poly Q, R;
  at_kappa1(poly(d, GFD_FAMILY_FULL, n), &Q);
  gfd_poly_init(&R);
  for (int i = 0; i < count; i++) gfd_poly_add(&R, m[i].np, m[i].nH, m[i].ne, 0, gfd_rat_make(m[i].num, m[i].den), NULL);
  char buf[2048];
  tu_check(gfd_poly_equal(&Q, &R), "(f) %s = %s", what, gfd_poly_format(&Q, buf, sizeof buf));
  gfd_poly_free(&Q);
  gfd_poly_free(&R);
}

static void test_reference(void) {
  gfd_diagrams *s2 = make(GFD_SYM, 2, GFD_TGT_IDENTITY);
  gfd_diagrams *a2 = make(GFD_ASYM, 2, GFD_TGT_IDENTITY);
  gfd_diagrams *s4 = make(GFD_SYM, 4, GFD_TGT_IDENTITY);
  /* SYM nu=2: E L^(0) = s^2 pH(p+H+1)/2 - s pH + p/2 */
  const mono s2l0[] = {{2, 1, 2, 1, 2}, {1, 2, 2, 1, 2}, {1, 1, 2, 1, 2}, {1, 1, 1, -1, 1}, {1, 0, 0, 1, 2}};
  expect_poly(s2, 0, s2l0, 5, "SYM nu=2 E L^(0)");
  /* E L^(1) = -4 s^3 (p^3H + 3p^2H^2 + 3p^2H + pH^3 + 3pH^2 + 4pH) + 8 s^2 (p^2H + pH^2 + pH) - 4 s pH */
  const mono s2l1[] = {{3, 1, 3, -4, 1},  {2, 2, 3, -12, 1}, {2, 1, 3, -12, 1}, {1, 3, 3, -4, 1},
                       {1, 2, 3, -12, 1}, {1, 1, 3, -16, 1}, {2, 1, 2, 8, 1},   {1, 2, 2, 8, 1},
                       {1, 1, 2, 8, 1},   {1, 1, 1, -4, 1}};
  expect_poly(s2, 1, s2l1, 10, "SYM nu=2 E L^(1)");
  const mono a2l0[] = {{2, 1, 2, 1, 2}, {1, 0, 0, 1, 2}};
  expect_poly(a2, 0, a2l0, 2, "ASYM nu=2 E L^(0)");
  const mono a2l1[] = {{3, 1, 3, -2, 1}, {2, 2, 3, -2, 1}, {2, 1, 3, -2, 1}, {1, 1, 1, -2, 1}};
  expect_poly(a2, 1, a2l1, 4, "ASYM nu=2 E L^(1)");
  /* SYM nu=4: s^4 (p^4H/2 + 6p^3H + 3p^2H^2/2 + 41p^2H/2 + 3pH^2 + 21pH) - 3 s^2 pH + p/2 */
  const mono s4l0[] = {{4, 1, 4, 1, 2}, {3, 1, 4, 6, 1},  {2, 2, 4, 3, 2},  {2, 1, 4, 41, 2},
                       {1, 2, 4, 3, 1}, {1, 1, 4, 21, 1}, {1, 1, 2, -3, 1}, {1, 0, 0, 1, 2}};
  expect_poly(s4, 0, s4l0, 8, "SYM nu=4 E L^(0)");
  /* spot values, SYM nu=2, p = H = 2, s = 0.7 (gfd-theory(7) gives 5-6 digits:
   * relative tolerance 5e-6 covers its rounding) */
  const double spot[] = {3.1, -130.368, 10512.2, -1.33853e6, 2.48466e8};
  for (int n = 0; n <= 4; n++) {
    double v = gfd_poly_eval(poly(s2, GFD_FAMILY_FULL, n), 2, 2, 0.7, 1);
    tu_check(fabs(v - spot[n]) <= 5e-6 * fabs(spot[n]),
             "(f) SYM nu=2 p=H=2 s=0.7: E L^(%d) = %.8g (gfd-theory(7) %.6g)", n, v, spot[n]);
  }
  /* NTK and the first derivative: Theta-free at n <= 1, so NTK == full there */
  for (int n = 0; n <= 1; n++)
    tu_check(gfd_poly_equal(poly(s2, GFD_FAMILY_NTK, n), poly(s2, GFD_FAMILY_FULL, n)),
          "NTK family equals the full E L^(%d) at n <= 1 (SYM nu=2)", n);
  /* the zero family is the kappa^0 part, and equals the zero-target model */
  gfd_diagrams *z4 = make(GFD_SYM, 4, GFD_TGT_ZERO);
  for (int n = 0; n <= 3; n++)
    tu_check(gfd_poly_equal(poly(s4, GFD_FAMILY_ZERO, n), poly(z4, GFD_FAMILY_FULL, n)),
          "SYM nu=4 n=%d: family=zero of the identity model == the zero-target model", n);
  gfd_diagrams_free(z4);

  /* sizes of an independent implementation (gfd-theory(7) section 3).  Its reduced
   * class counts leave out the constant ||y||^2/2 at n = 0, which gfd lists
   * as a class of its own: add 1 there. */
  struct {
    gfd_kind k;
    int nu;
    int nt;
    size_t terms[8];
    int nr;
    size_t reduced[8];
  } sz[] = {{GFD_SYM, 2, 7, {2, 3, 4, 5, 6, 7, 8}, 5, {4, 10, 27, 67, 192}},
            {GFD_ASYM, 2, 7, {2, 6, 14, 28, 62, 126, 288}, 5, {1, 8, 37, 150, 654}},
            {GFD_SYM, 4, 5, {2, 3, 12, 55, 376}, 3, {8, 51, 742}},
            {GFD_ASYM, 4, 4, {2, 12, 84, 1048}, 3, {1, 40, 680}}};
  for (size_t c = 0; c < sizeof sz / sizeof *sz; c++) {
    gfd_diagrams *d = make(sz[c].k, sz[c].nu, GFD_TGT_IDENTITY);
    for (int n = 0; n < sz[c].nt; n++) {
      gfd_err e;
      size_t cnt = 0;
      TU_OK(gfd_diagrams_term_count(d, GFD_FAMILY_FULL, n, NULL, &cnt, &e));
      tu_check(cnt == sz[c].terms[n], "(f) %s nu=%d n=%d: %zu term-graph classes (gfd-theory(7) %zu)",
            gfd_kind_name(sz[c].k), sz[c].nu, n, cnt, sz[c].terms[n]);
    }
    for (int n = 0; n < sz[c].nr; n++) {
      gfd_err e;
      const gfd_diagram_class *cls;
      size_t cnt = 0;
      TU_OK(gfd_diagrams_classes(d, n, NULL, &cls, &cnt, &e));
      size_t want = sz[c].reduced[n] + (n == 0);
      tu_check(cnt == want, "(f) %s nu=%d n=%d: %zu reduced classes (gfd-theory(7) %zu%s)", gfd_kind_name(sz[c].k),
            sz[c].nu, n, cnt, sz[c].reduced[n], n == 0 ? " + the constant" : "");
    }
    gfd_diagrams_free(d);
  }
  gfd_diagrams_free(s2);
  gfd_diagrams_free(a2);
  gfd_diagrams_free(s4);
}

int main(void) {
  test_reference();
  test_trace_formula();
  test_wick_bruteforce();
  test_canon();
  test_class_sums();
  return tu_done();
}
