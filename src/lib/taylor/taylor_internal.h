/* taylor_internal.h - building blocks of the Taylor-mode recursion (taylor*.c)
 * and the internal entry point the tests use.  Not installed.
 *
 * A power series in t whose coefficients are equally shaped row-major
 * matrices is a `tser`: block k (the t^k coefficient) starts at
 * origin + k * step, element (i, j) at block[i * ld + j].  Two layouts:
 *   vertical (tser_vert): blocks one after the other, so blocks 0..n stacked
 *     on top of each other form one ((n+1) rows) x cols matrix;
 *   reversed horizontal (tser_hrev): block k sits in columns (N-k)*cols..,
 *     so blocks n, n-1, ..., 0 side by side form one rows x ((n+1) cols)
 *     matrix.
 * A Cauchy product sum_k A_k B_{n-k} of a reversed-horizontal series A and a
 * vertical series B is then a single GEMM. */
#ifndef GFD_TAYLOR_INTERNAL_H
#define GFD_TAYLOR_INTERNAL_H

#include <stddef.h>
#include "gfd/model.h"
#include "gfd/taylor.h"

typedef struct tser {
  double *origin;   /* block 0 */
  ptrdiff_t step;   /* doubles from block k to block k + 1 */
  size_t rows, cols, ld;
} tser;

static inline double *tser_blk(const tser *s, int k) { return s->origin + (ptrdiff_t)k * s->step; }

/* Doubles of a series of N+1 blocks of rows x cols. */
static inline size_t tser_doubles(size_t rows, size_t cols, int N) {
  return rows * cols * (size_t)(N + 1);
}
void tser_vert(tser *s, double *mem, size_t rows, size_t cols, int N);
void tser_hrev(tser *s, double *mem, size_t rows, size_t cols, int N);

/* out (rows x cols, leading dimension ldo) = sum_{k=0..n} a_k o b_{n-k}
 * (elementwise products).  a == NULL or b == NULL stands for the series 1
 * (all ones at order 0, zero after). */
void tser_cauchy_to(double *out, size_t ldo, const tser *a, const tser *b, int n);
/* sum over all entries of sum_k a_k o b_{n-k} (long double accumulation). */
long double tser_cauchy_sum(const tser *a, const tser *b, int n);

/* Hadamard product chain of nu factor series A_0..A_{nu-1} (SYM: one factor
 * A_0 repeated nu times).  It provides, order by order, the all-but-one
 * products Q_k = o_{l != k} A_l (SYM: Q = A^{o(nu-1)}) and the sum of the
 * entries of the full product, using prefix and suffix products so that each
 * order costs O(nu n) elementwise Cauchy products. */
typedef struct tchain {
  int nu, sym;
  int hist;                   /* keep every Q_k as a full series (for GEMMs) */
  int hrev;                   /* layout of the stored series */
  int N;
  const tser *A[GFD_NU_MAX];  /* the factors (SYM: A[0] only) */
  tser pre[GFD_NU_MAX];       /* pre[k] = A_0 o .. o A_{k-1}, stored for k >= 2 */
  tser suf[GFD_NU_MAX];       /* suf[k] = A_{k+1} o .. o A_{nu-1}, stored for k <= nu-3 */
  tser q[GFD_NU_MAX];         /* Q_k for 1 <= k <= nu-2 (ASYM, hist only) */
} tchain;

/* Series the chain stores (each of N+1 blocks shaped like its factors). */
size_t tchain_nseries(int nu, int sym, int hist);
/* Set up the chain over the factor series A (nb of them: 1 for SYM, nu for
 * ASYM), taking its storage from *mem (advanced). */
void tchain_init(tchain *c, int nu, int sym, int hist, const tser *A, int N, double **mem);
/* Compute order n of every stored product (orders < n done before). */
void tchain_order(tchain *c, int n);
/* Q_k as a series (hist chains, or the aliased ends / SYM of any chain). */
const tser *tchain_q(const tchain *c, int k);
/* Block n of Q_k: a pointer into the chain, or computed into scratch
 * (rows x cols, ld cols); *ld receives the leading dimension. */
const double *tchain_q_block(const tchain *c, int k, int n, double *scratch, size_t *ld);
/* [prod_l A_l]_n summed over all entries (the full nu-fold product). */
long double tchain_full_sum(const tchain *c, int n);

/* ---------------------------------------------------------------- modadd */
typedef struct tmodadd tmodadd;
/* Doubles carved from the workspace block. */
size_t tmodadd_doubles(size_t H, size_t p, int nb, int N);
tmodadd *tmodadd_new(size_t H, size_t p, int nb, int N, double **mem, gfd_err *e);
void tmodadd_free(tmodadd *md);
/* Fourier transforms of block n of the factor series U[0..nb-1] and the
 * order-n convolution coefficient. */
int tmodadd_order(tmodadd *md, const tser *U, int n, gfd_err *e);
/* [sum_h T(u_h^(1), u_h^(2), u_h^(3))]_n (gfd-theory(7) section 2; model_internal.h). */
long double tmodadd_tri(const tmodadd *md, int n);
/* out (H x p) += alpha [d/du^(k) sum_h T]_n  (SYM: the derivative in u). */
int tmodadd_grad(tmodadd *md, int k, int n, double alpha, double *out, gfd_err *e);

/* ------------------------------------------------------- the recursion */
typedef struct gfd_taylor_ws taylor_ws; /* the public gfd_taylor_ws */

/* Bytes needed for order N (SIZE_MAX on overflow). */
size_t taylor_ws_bytes(const gfd_model *m, int N);
/* Checks N and the budget, then allocates. */
taylor_ws *taylor_ws_new(const gfd_model *m, int N, const gfd_ctl *ctl, gfd_err *e);
void taylor_ws_free(taylor_ws *w);

/* Run the recursion from theta.  Both loss routes are returned in the
 * rescaled time tau = t / scale, i.e. coef_n = c[n] / scale^n:
 *   energy: c[0] direct, c[n >= 1] from dL/dt = -||grad L||^2 applied to the
 *           series of the parameters (the values gfd_taylor_loss returns);
 *   direct: every c[n] from the loss formula (Gram Hadamard products and the
 *           target terms) applied to the series; an independent check.
 * Either output may be NULL.  *done = the number of valid coefficients
 * (N + 1 unless interrupted). */
int taylor_ws_run(taylor_ws *w, const double *theta, const gfd_ctl *ctl, double *energy,
                  double *direct, double *scale, int *done, gfd_err *e);
/* The same to order N <= the workspace's order (the caller checks N). */
int taylor_ws_run_n(taylor_ws *w, int N, const double *theta, const gfd_ctl *ctl, double *energy,
                    double *direct, double *scale, int *done, gfd_err *e);
/* Dense floating-point operations of the GEMMs of one run (for benchmarks). */
double taylor_ws_flops(const taylor_ws *w);

#endif
