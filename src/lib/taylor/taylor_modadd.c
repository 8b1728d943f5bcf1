/* taylor_modadd.c - the modular-addition target in the Taylor recursion.
 *
 * <f, y> = kappa sum_h T(u_h^(1), u_h^(2), u_h^(3)), T(a, b, c) =
 * sum_{x,y} a_x b_y c_{(x+y) mod p}, is a circular convolution: with the DFT
 * \hat a_w = sum_x a_x e^{-2 pi i w x / p},
 *   conv(a, b) = d T / d c  has transform  \hat a \hat b,
 *   corr(a, c) = d T / d b  has transform  conj(\hat a) \hat c  (a real),
 *   T(a, b, c) = (1/p) sum_w \hat a \hat b conj(\hat c).
 * The transforms are linear, so the t-series of a transform is the transform
 * of the series, and the Cauchy products of the recursion are done
 * frequency by frequency: O(n H p) per order instead of O(n H p^2). */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fft_complex.h>
#include "internal.h"
#include "taylor_internal.h"

struct tmodadd {
  size_t H, p;
  int nb, N;
  tser F[3];   /* transforms of the factor series: H rows of p complex */
  tser S;      /* series of \hat u^(1) \hat u^(2) (SYM: \hat u^2) */
  double *scr; /* H x p complex */
  gsl_fft_complex_wavetable *wt;
  gsl_fft_complex_workspace *wk;
};

size_t tmodadd_doubles(size_t H, size_t p, int nb, int N) {
  return (size_t)(nb + 1) * tser_doubles(H, 2 * p, N) + 2 * H * p;
}

tmodadd *tmodadd_new(size_t H, size_t p, int nb, int N, double **mem, gfd_err *e) {
  tmodadd *md = calloc(1, sizeof *md);
  if (!md) {
    gfd_err_set(e, GFD_ENOMEM, "out of memory for the modadd transforms");
    return NULL;
  }
  md->H = H;
  md->p = p;
  md->nb = nb;
  md->N = N;
  for (int k = 0; k <= nb; k++) {
    tser_vert(k < nb ? &md->F[k] : &md->S, *mem, H, 2 * p, N);
    *mem += tser_doubles(H, 2 * p, N);
  }
  md->scr = *mem;
  *mem += 2 * H * p;
  md->wt = gsl_fft_complex_wavetable_alloc(p);
  md->wk = gsl_fft_complex_workspace_alloc(p);
  if (!md->wt || !md->wk) {
    tmodadd_free(md);
    gfd_err_set(e, GFD_ENOMEM, "out of memory for the FFT tables (p=%zu)", p);
    return NULL;
  }
  return md;
}

void tmodadd_free(tmodadd *md) {
  if (!md) return;
  if (md->wt) gsl_fft_complex_wavetable_free(md->wt);
  if (md->wk) gsl_fft_complex_workspace_free(md->wk);
  free(md);
}

/* The factor whose transform is conjugated / multiplied for each slot. */
static int fac(const tmodadd *md, int k) { return md->nb == 1 ? 0 : k; }

/* z (p complex) = sum_j x_j * y_{n-j} with x conjugated if conj_x, for row h
 * of the series x and y. */
static void cauchy_row(double *restrict z, const tser *x, const tser *y, int conj_x, size_t h, int n,
                       size_t p) {
  for (int j = 0; j <= n; j++) {
    const double *restrict a = tser_blk(x, j) + h * x->ld;
    const double *restrict b = tser_blk(y, n - j) + h * y->ld;
    if (conj_x) {
      for (size_t w = 0; w < p; w++) {
        double ar = a[2 * w], ai = a[2 * w + 1], br = b[2 * w], bi = b[2 * w + 1];
        z[2 * w] += ar * br + ai * bi;
        z[2 * w + 1] += ar * bi - ai * br;
      }
    } else {
      for (size_t w = 0; w < p; w++) {
        double ar = a[2 * w], ai = a[2 * w + 1], br = b[2 * w], bi = b[2 * w + 1];
        z[2 * w] += ar * br - ai * bi;
        z[2 * w + 1] += ar * bi + ai * br;
      }
    }
  }
}

int tmodadd_order(tmodadd *md, const tser *U, int n, gfd_err *e) {
  size_t H = md->H, p = md->p;
  for (int k = 0; k < md->nb; k++) {
    const double *u = tser_blk(&U[k], n);
    double *f = tser_blk(&md->F[k], n);
    for (size_t h = 0; h < H; h++) {
      double *row = f + h * 2 * p;
      for (size_t i = 0; i < p; i++) {
        row[2 * i] = u[h * p + i];
        row[2 * i + 1] = 0;
      }
      if (gsl_fft_complex_forward(row, 1, p, md->wt, md->wk) != GSL_SUCCESS)
        return gfd_err_set(e, GFD_ENUMERIC, "FFT of length %zu failed (modadd target)", p);
    }
  }
  double *s = tser_blk(&md->S, n);
  memset(s, 0, 2 * H * p * sizeof(double));
  for (size_t h = 0; h < H; h++)
    cauchy_row(s + h * 2 * p, &md->F[fac(md, 0)], &md->F[fac(md, 1)], 0, h, n, p);
  return GFD_OK;
}

long double tmodadd_tri(const tmodadd *md, int n) {
  size_t H = md->H, p = md->p;
  const tser *c = &md->F[fac(md, 2)];
  long double tot = 0;
  for (int j = 0; j <= n; j++) {
    const double *a = tser_blk(&md->S, j), *b = tser_blk(c, n - j);
    for (size_t h = 0; h < H; h++) {
      double acc = 0;
      for (size_t w = 0; w < 2 * p; w++) acc += a[h * 2 * p + w] * b[h * 2 * p + w]; /* Re(a conj b) */
      tot += acc;
    }
  }
  return tot / (long double)p;
}

int tmodadd_grad(tmodadd *md, int k, int n, double alpha, double *out, gfd_err *e) {
  size_t H = md->H, p = md->p;
  for (size_t h = 0; h < H; h++) {
    double *z = md->scr + h * 2 * p;
    memset(z, 0, 2 * p * sizeof(double));
    if (md->nb == 1) { /* conv(u, u) + 2 corr(u, u) */
      const double *s = tser_blk(&md->S, n) + h * 2 * p;
      cauchy_row(z, &md->F[0], &md->F[0], 1, h, n, p);
      for (size_t w = 0; w < 2 * p; w++) z[w] = s[w] + 2 * z[w];
    } else if (k == 2) { /* conv(u1, u2) */
      memcpy(z, tser_blk(&md->S, n) + h * 2 * p, 2 * p * sizeof(double));
    } else { /* d/du1 = corr(u2, u3), d/du2 = corr(u1, u3) */
      cauchy_row(z, &md->F[k == 0 ? 1 : 0], &md->F[2], 1, h, n, p);
    }
    if (gsl_fft_complex_inverse(z, 1, p, md->wt, md->wk) != GSL_SUCCESS)
      return gfd_err_set(e, GFD_ENUMERIC, "inverse FFT of length %zu failed (modadd target)", p);
    double *o = out + h * p;
    for (size_t i = 0; i < p; i++) o[i] += alpha * z[2 * i];
  }
  return GFD_OK;
}
