/* test_diagram_dense.h - an independent, deliberately simple reference for the
 * diagram tests: the model output f is formed densely (p^nu entries), the GF
 * trajectory's Taylor coefficients come from truncated power-series
 * arithmetic in long double, and the NTK series from the dense Jacobian.
 * Nothing here uses the Gram trick or the diagram engine.  Also: Gauss-Hermite
 * nodes in long double and a tensor-product quadrature driver. */
#ifndef TEST_DIAGRAM_DENSE_H
#define TEST_DIAGRAM_DENSE_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DD_NMAX 6
#define DD_MAXT 256  /* tensor entries */
#define DD_MAXV 16   /* parameters */

typedef struct dd_model {
  int asym, nu, p, H, identity;
  long double kappa;
  int ntens, dim;
  int idx[DD_MAXT][8]; /* tensor index tuple of entry t */
  long double y[DD_MAXT];
} dd_model;

static void dd_init(dd_model *m, int asym, int nu, int p, int H, int identity, long double kappa) {
  memset(m, 0, sizeof *m);
  m->asym = asym;
  m->nu = nu;
  m->p = p;
  m->H = H;
  m->identity = identity;
  m->kappa = kappa;
  m->ntens = 1;
  for (int j = 0; j < nu; j++) m->ntens *= p;
  m->dim = (asym ? nu : 1) * H * p;
  if (m->ntens > DD_MAXT || m->dim > DD_MAXV) {
    fprintf(stderr, "dd_init: model too large for the dense reference\n");
    exit(2);
  }
  for (int t = 0; t < m->ntens; t++) {
    int r = t, diag = 1;
    for (int j = nu - 1; j >= 0; j--) {
      m->idx[t][j] = r % p;
      r /= p;
    }
    for (int j = 1; j < nu; j++) diag &= m->idx[t][j] == m->idx[t][0];
    m->y[t] = (identity && diag) ? kappa : 0.0L;
  }
}

/* parameter index of factor j (slot), unit h, coordinate i */
static int dd_var(const dd_model *m, int j, int h, int i) {
  return ((m->asym ? j : 0) * m->H + h) * m->p + i;
}

/* c[0..K] = a * b truncated */
static void dd_mul(const long double *a, const long double *b, long double *c, int K) {
  for (int k = 0; k <= K; k++) {
    long double s = 0;
    for (int i = 0; i <= k; i++) s += a[i] * b[k - i];
    c[k] = s;
  }
}

/* Coefficients L_n = L^(n)(0)/n!, n = 0..N, of the GF trajectory from u0. */
static void dd_taylor(const dd_model *m, const long double *u0, int N, long double *L) {
  static long double u[DD_MAXV][DD_NMAX + 2], r[DD_MAXT][DD_NMAX + 2];
  long double P[DD_NMAX + 2], Q[DD_NMAX + 2];
  int nu = m->nu;
  for (int v = 0; v < m->dim; v++) {
    memset(u[v], 0, sizeof u[v]);
    u[v][0] = u0[v];
  }
  for (int k = 0; k <= N; k++) {
    /* r_k = [f]_k - y [k == 0] */
    for (int t = 0; t < m->ntens; t++) {
      long double s = 0;
      for (int h = 0; h < m->H; h++) {
        memcpy(P, u[dd_var(m, 0, h, m->idx[t][0])], sizeof(long double) * (size_t)(k + 1));
        for (int j = 1; j < nu; j++) {
          dd_mul(P, u[dd_var(m, j, h, m->idx[t][j])], Q, k);
          memcpy(P, Q, sizeof(long double) * (size_t)(k + 1));
        }
        s += P[k];
      }
      r[t][k] = s - (k == 0 ? m->y[t] : 0.0L);
    }
    if (k == N) break;
    /* u_{k+1} = -[grad L]_k / (k+1), grad_v = sum_t r_t df_t/du_v */
    long double g[DD_MAXV] = {0};
    for (int t = 0; t < m->ntens; t++)
      for (int h = 0; h < m->H; h++)
        for (int j = 0; j < nu; j++) {
          memcpy(P, r[t], sizeof(long double) * (size_t)(k + 1));
          for (int l = 0; l < nu; l++) {
            if (l == j) continue;
            dd_mul(P, u[dd_var(m, l, h, m->idx[t][l])], Q, k);
            memcpy(P, Q, sizeof(long double) * (size_t)(k + 1));
          }
          g[dd_var(m, j, h, m->idx[t][j])] += P[k];
        }
    for (int v = 0; v < m->dim; v++) u[v][k + 1] = -g[v] / (k + 1);
  }
  for (int n = 0; n <= N; n++) {
    long double s = 0;
    for (int t = 0; t < m->ntens; t++)
      for (int i = 0; i <= n; i++) s += r[t][i] * r[t][n - i];
    L[n] = 0.5L * s;
  }
}

/* NTK series: out[n] = 1/2 (-2)^n <r0, Theta0^n r0>, Theta0 = J J^T. */
static void dd_ntk(const dd_model *m, const long double *u0, int N, long double *out) {
  static long double J[DD_MAXT][DD_MAXV];
  long double r0[DD_MAXT], v[DD_MAXT], w[DD_MAXV];
  int nu = m->nu;
  for (int t = 0; t < m->ntens; t++) {
    long double f = 0;
    for (int x = 0; x < m->dim; x++) J[t][x] = 0;
    for (int h = 0; h < m->H; h++) {
      long double prod = 1;
      for (int j = 0; j < nu; j++) prod *= u0[dd_var(m, j, h, m->idx[t][j])];
      f += prod;
      for (int j = 0; j < nu; j++) {
        long double d = 1;
        for (int l = 0; l < nu; l++)
          if (l != j) d *= u0[dd_var(m, l, h, m->idx[t][l])];
        J[t][dd_var(m, j, h, m->idx[t][j])] += d;
      }
    }
    r0[t] = v[t] = f - m->y[t];
  }
  long double scale = 0.5L;
  for (int n = 0; n <= N; n++) {
    long double s = 0;
    for (int t = 0; t < m->ntens; t++) s += r0[t] * v[t];
    out[n] = scale * s;
    scale *= -2;
    /* v <- J (J^T v) */
    for (int x = 0; x < m->dim; x++) {
      long double a = 0;
      for (int t = 0; t < m->ntens; t++) a += J[t][x] * v[t];
      w[x] = a;
    }
    for (int t = 0; t < m->ntens; t++) {
      long double a = 0;
      for (int x = 0; x < m->dim; x++) a += J[t][x] * w[x];
      v[t] = a;
    }
  }
}

/* Gauss-Hermite rule for E f(X), X ~ N(0,1), with k nodes, in long double
 * (Newton on the orthonormal Hermite recurrence, as in Golub-Welsch-free
 * textbook codes); exact for polynomials of degree <= 2k-1. */
static void dd_gauss_hermite(int k, long double *x, long double *w) {
  const long double pim4 = 0.7511255444649424828587030047762276930510L; /* pi^-1/4 */
  long double z = 0, z1, p1, p2, p3, pp = 0;
  for (int i = 0; i < (k + 1) / 2; i++) {
    if (i == 0) z = sqrtl(2.0L * k + 1) - 1.85575L * powl(2.0L * k + 1, -0.16667L);
    else if (i == 1) z -= 1.14L * powl((long double)k, 0.426L) / z;
    else if (i == 2) z = 1.86L * z - 0.86L * x[0];
    else if (i == 3) z = 1.91L * z - 0.91L * x[1];
    else z = 2.0L * z - x[i - 2];
    for (int it = 0; it < 100; it++) {
      p1 = pim4;
      p2 = 0;
      for (int j = 1; j <= k; j++) {
        p3 = p2;
        p2 = p1;
        p1 = z * sqrtl(2.0L / j) * p2 - sqrtl((long double)(j - 1) / j) * p3;
      }
      pp = sqrtl(2.0L * k) * p2;
      z1 = z;
      z = z1 - p1 / pp;
      if (fabsl(z - z1) <= 1e-18L * fabsl(z)) break;
    }
    x[i] = z;
    x[k - 1 - i] = -z;
    w[i] = w[k - 1 - i] = 2.0L / (pp * pp);
  }
  /* physicists' rule (weight e^{-z^2}) -> standard normal */
  for (int i = 0; i < k; i++) {
    x[i] *= sqrtl(2.0L);
    w[i] /= sqrtl(3.14159265358979323846264338327950288L);
  }
}

/* Tensor-product Gauss-Hermite expectation over u ~ N(0, s I) of the dense
 * per-instance L^(n)(0) (n = 0..N) and of the NTK series; k nodes per variable. */
static void dd_quadrature(const dd_model *m, long double s, int N, int k, long double *EL,
                          long double *Entk) {
  long double x[64], w[64], u[DD_MAXV], L[DD_NMAX + 1], T[DD_NMAX + 1];
  int pos[DD_MAXV] = {0};
  dd_gauss_hermite(k, x, w);
  long double sd = sqrtl(s);
  for (int n = 0; n <= N; n++) {
    EL[n] = 0;
    if (Entk) Entk[n] = 0;
  }
  for (;;) {
    long double wt = 1;
    for (int v = 0; v < m->dim; v++) {
      u[v] = sd * x[pos[v]];
      wt *= w[pos[v]];
    }
    dd_taylor(m, u, N, L);
    if (Entk) dd_ntk(m, u, N, T);
    for (int n = 0; n <= N; n++) {
      EL[n] += wt * L[n];
      if (Entk) Entk[n] += wt * T[n];
    }
    int v = 0;
    while (v < m->dim && ++pos[v] == k) pos[v++] = 0;
    if (v == m->dim) break;
  }
  long double f = 1;
  for (int n = 0; n <= N; n++) { /* L_n -> L^(n) = n! L_n */
    if (n > 0) f *= n;
    EL[n] *= f;
  }
}

#endif
