/* diagram_wishart.c - the second exact route for SYM nu = 2: the eigenvalue
 * route, independent of the Wick-diagram engine.
 *
 * For nu = 2 the model output is W = U^T U (p x p, U the H x p matrix of
 * units, entries iid N(0, s)), L = 1/2 ||W - kappa I||^2 = 1/2 sum_i (l_i - kappa)^2
 * over the p eigenvalues, and under GF every eigenvalue moves on its own:
 * dl/dt = -4 l (l - kappa).  So L^(n)(0) = 1/2 sum_i g_n(l_i) with
 *   g_0 = (l - kappa)^2,   g_{n+1} = g_n'(l) * 4 l (kappa - l),
 * and E[L^(n)(0)] = 1/2 sum_k [l^k] g_n * E tr W^k  (E tr W^0 = p).
 *
 * Real Wishart moments through zonal (Jack, alpha = 2) polynomials: with
 * p_k = sum_lambda theta_lambda J_lambda / j_lambda (scaled so that
 * <p_k, p_k> = 2k), E J_lambda(W) = s^k f_lambda(H) f_lambda(p) and
 * f_lambda(x) = prod over boxes (i, j) (0-based) of (x - i + 2j):
 *   E tr W^k = 2k s^k sum_{lambda |- k} theta_lambda / j_lambda f_lambda(p) f_lambda(H),
 *   theta_lambda = prod_{boxes != (0,0)} (2j - i),
 *   j_lambda = prod_boxes (2 arm + leg + 1)(2 arm + leg + 2).
 * theta vanishes when lambda has the box (2, 1), so only the shapes
 * (a, b, 1^c) count: O(k^2) of them instead of all partitions.
 * (k = 1, 2, 3 give pH, pH(p+H+1), pH(p^2+H^2+3pH+3p+3H+4).)
 * The constant -4 and the shapes are pinned by test_diagram_wishart, which
 * equates these polynomials with the Wick engine's at every order it reaches. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "diagram/bignum.h"
#include "internal.h"

/* One shape (a, b, 1^c) of size k = a + b + c: a >= b >= 0, c > 0 only if b >= 1. */
typedef struct shape {
  int a, b, c;
} shape;

static int row_len(const shape *L, int i) { return i == 0 ? L->a : i == 1 ? L->b : 1; }
static int nrows(const shape *L) { return 1 + (L->b > 0) + L->c; }
static int col_len(const shape *L, int j) {
  return j == 0 ? nrows(L) : 1 + (L->b > j);
}

/* theta (signed) and j_lambda, exactly. */
static void shape_weights(const shape *L, mpz_t theta, mpz_t jl) {
  mpz_set_ui(theta, 1);
  mpz_set_ui(jl, 1);
  for (int i = 0; i < nrows(L); i++)
    for (int j = 0; j < row_len(L, i); j++) {
      if (i || j) mpz_mul_si(theta, theta, 2 * j - i);
      long arm = row_len(L, i) - j - 1, leg = col_len(L, j) - i - 1;
      mpz_mul_ui(jl, jl, (unsigned long)((2 * arm + leg + 1) * (2 * arm + leg + 2)));
    }
}

/* Coefficients f[0..k] of f_lambda(x) = prod (x + 2j - i). */
static void shape_poly(const shape *L, mpz_t *f, int k) {
  for (int d = 0; d <= k; d++) mpz_set_ui(f[d], d == 0);
  int deg = 0;
  for (int i = 0; i < nrows(L); i++)
    for (int j = 0; j < row_len(L, i); j++) {
      long c = 2 * j - i; /* f *= (x + c) */
      deg++;
      for (int d = deg; d >= 0; d--) {
        mpz_mul_si(f[d], f[d], c);
        if (d > 0) mpz_add(f[d], f[d], f[d - 1]);
      }
    }
}

/* The shapes of size k. */
static int shapes_of(int k, shape **out) {
  size_t n = 0, cap = (size_t)(k + 1) * (k + 1);
  shape *v = malloc(cap * sizeof *v);
  if (!v) return -1;
  for (int a = 1; a <= k; a++)
    for (int b = 0; b <= a && a + b <= k; b++) {
      int c = k - a - b;
      if (c > 0 && b == 0) continue;
      v[n++] = (shape){a, b, c};
    }
  *out = v;
  return (int)n;
}

/* S[i * (k+1) + j] = [p^i H^j] E tr W^k / s^k (integers), k >= 1. */
static int moment_coefs(int k, mpz_t *S, gfd_err *e) {
  shape *sh;
  int ns = shapes_of(k, &sh);
  if (ns < 0) return gfd_err_set(e, GFD_ENOMEM, "out of memory for the Wishart moments");
  int K = k + 1;
  mpz_t theta, jl, lcm, w, *f = malloc((size_t)K * sizeof *f), *g = malloc((size_t)K * sizeof *g);
  if (!f || !g) {
    free(f);
    free(g);
    free(sh);
    return gfd_err_set(e, GFD_ENOMEM, "out of memory for the Wishart moments");
  }
  mpz_inits(theta, jl, lcm, w, NULL);
  for (int d = 0; d < K; d++) {
    mpz_init(f[d]);
    mpz_init(g[d]);
  }
  /* a common denominator keeps the accumulation in integers */
  mpz_set_ui(lcm, 1);
  for (int t = 0; t < ns; t++) {
    shape_weights(&sh[t], theta, jl);
    mpz_lcm(lcm, lcm, jl);
  }
  for (int i = 0; i < K * K; i++) mpz_set_ui(S[i], 0);
  for (int t = 0; t < ns; t++) {
    shape_weights(&sh[t], theta, jl);
    mpz_divexact(w, lcm, jl);
    mpz_mul(w, w, theta);
    mpz_mul_ui(w, w, 2u * (unsigned)k);
    shape_poly(&sh[t], f, k);
    for (int d = 0; d < K; d++) mpz_mul(g[d], f[d], w);
    for (int i = 0; i < K; i++) /* S += g (x) f, upper triangle (S is symmetric) */
      if (mpz_sgn(g[i]))
        for (int j = i; j < K; j++) mpz_addmul(S[i * K + j], g[i], f[j]);
  }
  int rc = GFD_OK;
  for (int i = 0; i < K; i++)
    for (int j = i; j < K; j++) {
      mpz_ptr x = S[i * K + j];
      if (!mpz_divisible_p(x, lcm)) rc = GFD_EINVAL;
      else mpz_divexact(x, x, lcm);
      mpz_set(S[j * K + i], x);
    }
  for (int d = 0; d < K; d++) {
    mpz_clear(f[d]);
    mpz_clear(g[d]);
  }
  mpz_clears(theta, jl, lcm, w, NULL);
  free(f);
  free(g);
  free(sh);
  if (rc) return gfd_err_set(e, rc, "internal error: a Wishart moment is not an integer polynomial");
  return GFD_OK;
}

/* c[n][k] = [l^k kappa^(n+2-k)] g_n, k = 0..n+2, for n = 0..N; rows of N+3. */
static mpz_t *flow_coefs(int N) {
  int R = N + 3;
  mpz_t *c = malloc((size_t)(N + 1) * R * sizeof *c);
  if (!c) return NULL;
  for (int i = 0; i < (N + 1) * R; i++) mpz_init(c[i]);
  mpz_set_si(c[0], 1); /* (l - kappa)^2 */
  mpz_set_si(c[1], -2);
  mpz_set_si(c[2], 1);
  for (int n = 0; n < N; n++) /* g' * (4 kappa l - 4 l^2): [l^k] = 4k c_k - 4(k-1) c_{k-1} */
    for (int k = 1; k <= n + 3; k++) {
      mpz_ptr dst = c[(n + 1) * R + k];
      if (k <= n + 2) mpz_mul_si(dst, c[n * R + k], 4 * k);
      mpz_t t;
      mpz_init(t);
      mpz_mul_si(t, c[n * R + k - 1], -4 * (k - 1));
      mpz_add(dst, dst, t);
      mpz_clear(t);
    }
  return c;
}

static void flow_free(mpz_t *c, int N) {
  for (int i = 0; i < (N + 1) * (N + 3); i++) mpz_clear(c[i]);
  free(c);
}

/* The order and target both entry points accept: 0, or -1 with e set. */
static int check_args(int N, gfd_target target, gfd_err *e) {
  if (N < 0 || N > GFD_WISHART_NMAX) {
    gfd_err_set(e, GFD_EINVAL, "order %d is out of range (0..%d)", N, GFD_WISHART_NMAX);
    return -1;
  }
  if (target != GFD_TGT_IDENTITY && target != GFD_TGT_ZERO) {
    gfd_err_set(e, GFD_EUNSUP, "the Wishart route covers the identity and zero targets");
    return -1;
  }
  return 0;
}

int gfd_wishart_sym2(int N, gfd_target target, gfd_poly *out, gfd_err *e) {
  gfd_err local;
  if (!e) e = &local;
  if (check_args(N, target, e)) return e->code;
  int K = N + 2, rc = GFD_OK;
  mpz_t **M = calloc((size_t)K + 1, sizeof *M); /* M[k]: (k+1)^2 coefficients */
  mpz_t *c = flow_coefs(N);
  if (!M || !c) {
    free(M);
    if (c) flow_free(c, N);
    return gfd_err_set(e, GFD_ENOMEM, "out of memory for the Wishart route");
  }
  for (int k = 1; k <= K && !rc; k++) {
    size_t n2 = (size_t)(k + 1) * (k + 1);
    if (!(M[k] = malloc(n2 * sizeof *M[k]))) {
      rc = gfd_err_set(e, GFD_ENOMEM, "out of memory for the Wishart moments");
      break;
    }
    for (size_t i = 0; i < n2; i++) mpz_init(M[k][i]);
    rc = moment_coefs(k, M[k], e);
  }
  mpq_t q;
  mpq_init(q);
  for (int n = 0; n <= N && !rc; n++) {
    gfd_poly_clear(&out[n]);
    /* monomials in the polynomial's order (ne = k, np, nH, ny): appends only */
    for (int k = target == GFD_TGT_ZERO ? n + 2 : 0; k <= n + 2 && !rc; k++) {
      mpz_srcptr cn = c[n * (N + 3) + k];
      if (mpz_sgn(cn) == 0) continue;
      int ny = n + 2 - k;
      if (k == 0) { /* E tr W^0 = p */
        mpq_set_z(q, cn);
        mpz_mul_ui(mpq_denref(q), mpq_denref(q), 2);
        mpq_canonicalize(q);
        rc = dg_poly_add_mpq(&out[n], 1, 0, 0, ny, q, e);
        continue;
      }
      for (int i = 0; i <= k && !rc; i++)
        for (int j = 0; j <= k && !rc; j++) {
          mpz_srcptr m = M[k][i * (k + 1) + j];
          if (mpz_sgn(m) == 0) continue;
          mpz_mul(mpq_numref(q), m, cn);
          mpz_set_ui(mpq_denref(q), 2);
          mpq_canonicalize(q);
          rc = dg_poly_add_mpq(&out[n], i, j, k, ny, q, e);
        }
    }
  }
  mpq_clear(q);
  for (int k = 1; k <= K; k++)
    if (M[k]) {
      for (int i = 0; i < (k + 1) * (k + 1); i++) mpz_clear(M[k][i]);
      free(M[k]);
    }
  free(M);
  flow_free(c, N);
  return rc;
}

/* ------------------------------------------------ values at rational points */

/* E tr W^k / s^k at p = P/Qp, H = PH/QH (integers, Q > 0), exactly, k >= 1.
 * f_lambda = A_a B_b C_c with A_a = prod_{j<a} (x + 2j), B_b = prod_{j<b}
 * (x - 1 + 2j), C_c = prod_{i=2}^{c+1} (x - i); homogenised in (P, Q) so that
 * all the work is in integers and f_lambda(x) = F_lambda(P, Q) / Q^k. */
static int moment_value(int k, const mpz_t P1, const mpz_t Q1, const mpz_t P2, const mpz_t Q2,
                        mpq_t out) {
  shape *sh;
  int ns = shapes_of(k, &sh);
  if (ns < 0) return GFD_ENOMEM;
  const mpz_srcptr Pv[2] = {P1, P2}, Qv[2] = {Q1, Q2};
  mpz_t *A[2], *B[2], *C[2];
  int ok = 1;
  for (int v = 0; v < 2; v++) {
    A[v] = malloc((size_t)(k + 1) * sizeof(mpz_t));
    B[v] = malloc((size_t)(k + 1) * sizeof(mpz_t));
    C[v] = malloc((size_t)(k + 1) * sizeof(mpz_t));
    ok &= A[v] && B[v] && C[v];
  }
  if (!ok) {
    for (int v = 0; v < 2; v++) {
      free(A[v]);
      free(B[v]);
      free(C[v]);
    }
    free(sh);
    return GFD_ENOMEM;
  }
  mpz_t t, theta, jl, lcm, w, fp, sum;
  mpz_inits(t, theta, jl, lcm, w, fp, sum, NULL);
  for (int v = 0; v < 2; v++)
    for (int d = 0; d <= k; d++) {
      mpz_inits(A[v][d], B[v][d], C[v][d], NULL);
      if (d == 0) {
        mpz_set_ui(A[v][0], 1);
        mpz_set_ui(B[v][0], 1);
        mpz_set_ui(C[v][0], 1);
        continue;
      }
      mpz_mul_si(t, Qv[v], 2 * (d - 1)); /* A_d = A_{d-1} (P + 2(d-1) Q) */
      mpz_add(t, t, Pv[v]);
      mpz_mul(A[v][d], A[v][d - 1], t);
      mpz_mul_si(t, Qv[v], 2 * (d - 1) - 1); /* B_d = B_{d-1} (P + (2d-3) Q) */
      mpz_add(t, t, Pv[v]);
      mpz_mul(B[v][d], B[v][d - 1], t);
      mpz_mul_si(t, Qv[v], -(d + 1)); /* C_d = C_{d-1} (P - (d+1) Q) */
      mpz_add(t, t, Pv[v]);
      mpz_mul(C[v][d], C[v][d - 1], t);
    }
  mpz_set_ui(lcm, 1);
  for (int i = 0; i < ns; i++) {
    shape_weights(&sh[i], theta, jl);
    mpz_lcm(lcm, lcm, jl);
  }
  mpz_set_ui(sum, 0);
  for (int i = 0; i < ns; i++) {
    const shape *L = &sh[i];
    shape_weights(L, theta, jl);
    mpz_divexact(w, lcm, jl);
    mpz_mul(w, w, theta);
    mpz_mul(fp, A[0][L->a], B[0][L->b]);
    mpz_mul(fp, fp, C[0][L->c]);
    mpz_mul(w, w, fp);
    mpz_mul(fp, A[1][L->a], B[1][L->b]);
    mpz_mul(fp, fp, C[1][L->c]);
    mpz_addmul(sum, w, fp);
  }
  /* out = 2k sum / (lcm Q1^k Q2^k) */
  mpz_mul_ui(mpq_numref(out), sum, 2u * (unsigned)k);
  mpz_pow_ui(t, Q1, (unsigned long)k);
  mpz_mul(mpq_denref(out), lcm, t);
  mpz_pow_ui(t, Q2, (unsigned long)k);
  mpz_mul(mpq_denref(out), mpq_denref(out), t);
  mpq_canonicalize(out);
  for (int v = 0; v < 2; v++) {
    for (int d = 0; d <= k; d++) mpz_clears(A[v][d], B[v][d], C[v][d], NULL);
    free(A[v]);
    free(B[v]);
    free(C[v]);
  }
  mpz_clears(t, theta, jl, lcm, w, fp, sum, NULL);
  free(sh);
  return GFD_OK;
}

static void rat_mpq(mpq_t q, gfd_rat r) {
  dg_mpz_set_i128(mpq_numref(q), r.num);
  dg_mpz_set_i128(mpq_denref(q), r.den);
}

int gfd_wishart_sym2_value(int N, gfd_target target, gfd_rat p, gfd_rat H, gfd_rat s, gfd_rat kappa,
                           gfd_poly *out, gfd_err *e) {
  gfd_err local;
  if (!e) e = &local;
  if (check_args(N, target, e)) return e->code;
  if (p.den == 0 || H.den == 0 || s.den == 0 || kappa.den == 0)
    return gfd_err_set(e, GFD_EOVERFLOW, "a parameter is not a valid rational");
  int K = N + 2, rc = GFD_OK;
  mpz_t *c = flow_coefs(N);
  mpq_t *m = malloc((size_t)(K + 1) * sizeof *m); /* m[k] = s^k E tr W^k / s^k, m[0] = p */
  if (!c || !m) {
    free(m);
    if (c) flow_free(c, N);
    return gfd_err_set(e, GFD_ENOMEM, "out of memory for the Wishart route");
  }
  mpq_t qp, qH, qs, qk, t, acc, sk, kp;
  mpq_inits(qp, qH, qs, qk, t, acc, sk, kp, NULL);
  rat_mpq(qp, p);
  rat_mpq(qH, H);
  rat_mpq(qs, s);
  rat_mpq(qk, target == GFD_TGT_IDENTITY ? kappa : gfd_rat_make(0, 1));
  for (int k = 0; k <= K; k++) mpq_init(m[k]);
  mpq_set(m[0], qp);
  mpq_set_ui(sk, 1, 1);
  for (int k = 1; k <= K && !rc; k++) {
    if (moment_value(k, mpq_numref(qp), mpq_denref(qp), mpq_numref(qH), mpq_denref(qH), m[k]))
      rc = gfd_err_set(e, GFD_ENOMEM, "out of memory for the Wishart moments");
    mpq_mul(sk, sk, qs);
    mpq_mul(m[k], m[k], sk);
  }
  for (int n = 0; n <= N && !rc; n++) {
    mpq_set_ui(acc, 0, 1);
    mpq_set_ui(kp, 1, 1); /* kappa^(n+2-k), k from n+2 down */
    for (int k = n + 2; k >= 0; k--) {
      mpq_set_z(t, c[n * (N + 3) + k]);
      mpq_mul(t, t, kp);
      mpq_mul(t, t, m[k]);
      mpq_add(acc, acc, t);
      mpq_mul(kp, kp, qk);
    }
    mpz_mul_ui(mpq_denref(acc), mpq_denref(acc), 2);
    mpq_canonicalize(acc);
    gfd_poly_clear(&out[n]);
    rc = dg_poly_add_mpq(&out[n], 0, 0, 0, 0, acc, e);
  }
  for (int k = 0; k <= K; k++) mpq_clear(m[k]);
  free(m);
  mpq_clears(qp, qH, qs, qk, t, acc, sk, kp, NULL);
  flow_free(c, N);
  return rc;
}
