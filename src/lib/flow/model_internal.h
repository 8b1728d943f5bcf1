/* model_internal.h - the layout of a gfd_model and helpers shared inside libgfd
 * (core and taylor areas) and by the tests.  Not installed.
 *
 * Stable contract for other areas: the fields of struct gfd_model below, the
 * accessors and the modadd primitives.  The target is
 *   identity: y_{i..i} = kappa
 *   zero:     y = 0
 *   teacher:  y = kappa sum_{j<r} t_j^(1) (x) ... (x) t_j^(nu), every factor of
 *             unit norm; SYM uses one factor per component (t_j^(k) = t_j),
 *             ASYM nu independent ones.  Factor rows are stored like theta:
 *             SYM r x p, ASYM nu blocks of r x p: teacher[(k*r + j)*p + i].
 *   modadd:   nu = 3, y_{abc} = kappa [a + b = c mod p] (0-based indices), so
 *             <f, y> = kappa sum_h T(u_h^(1), u_h^(2), u_h^(3)) with the trilinear
 *             form T(a, b, c) = sum_{x,y} a_x b_y c_{(x+y) mod p} (SYM: a=b=c=u_h).
 */
#ifndef GFD_MODEL_INTERNAL_H
#define GFD_MODEL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "gfd/model.h"

struct gfd_model {
  gfd_spec spec;
  size_t dim;          /* parameters: H p (SYM) or nu H p (ASYM) */
  size_t nblk;         /* factor blocks per unit: 1 (SYM) or nu (ASYM) */
  double y_half_norm2; /* 1/2 ||y||^2 */
  /* teacher target only (NULL / 0 otherwise) */
  size_t r;            /* teacher rank */
  double *teacher;     /* nblk * r * p unit-norm factor rows (layout above) */
  double *teacher_gram;/* nblk blocks of r x r: T_k T_k^T (row-major, full) */
  gfd_route route;     /* how gfd_model_eval computes (model_route.c) */
  double *ydense;      /* dense route: the target's p^nu entries (NULL: zero target) */
  /* packed route (model_route_packed.c): the pk_n multisets of nu-1 indices
   * (non-decreasing, pk_n x (nu-1), colex order), their multiplicities, the
   * target's entries Y[m, i] = y[m + {i}] (pk_n x p; NULL: zero target) and
   * binomials C(a, b), a < p + nu - 1, b < nu (colex ranks) */
  size_t pk_n;
  uint32_t *pk_idx;
  double *pk_mult, *pk_y;
  size_t *pk_binom;
};

/* Workspace of gfd_model_eval (one per thread of evaluation). */
struct gfd_work {
  gfd_route route; /* the route it was made for, which it computes by */
  size_t H, p, nblk, r;
  double *G;     /* nblk blocks of H x H Gram matrices */
  double *M;     /* H x H: Hadamard product / power used by the gradient */
  double *pre;   /* ASYM: H x H running prefix product */
  double *C;     /* teacher: nblk blocks of H x r student-teacher Grams */
  double *CM;    /* teacher: H x r Hadamard product */
  double *vec;   /* modadd: 2 p scratch */
  /* dense route (model_route.c): nd = p^nu entries of f (then f - y), two
   * p^(nu-1) scratch vectors, one p vector; NULL if made for the Gram route.
   * Packed route: F and db hold pk_n x p entries (f, then R; W), da one
   * tile of P. */
  size_t nd;
  double *F, *da, *db, *dv;
};

/* Teacher factor rows (nblk * r * p) and rank; NULL, 0 if the target is not a teacher. */
static inline const double *gfd_model_teacher(const gfd_model *m, size_t *r) {
  if (r) *r = m->r;
  return m->teacher;
}
static inline size_t gfd_model_blocks(const gfd_model *m) { return m->nblk; }

/* modadd trilinear primitives (O(p^2), exact sums in index order):
 *   gfd_modadd_tri(a, b, c)       = sum_{x,y} a_x b_y c_{(x+y) mod p}
 *   gfd_modadd_conv(a, b) -> out  out_z = sum_x a_x b_{(z-x) mod p}  (= d tri / d c)
 *   gfd_modadd_corr(a, c) -> out  out_y = sum_x a_x c_{(x+y) mod p}  (= d tri / d b;
 *                                 d tri / d a = corr(b, c)) */
double gfd_modadd_tri(size_t p, const double *a, const double *b, const double *c);
void gfd_modadd_conv(size_t p, const double *a, const double *b, double *out);
void gfd_modadd_corr(size_t p, const double *a, const double *c, double *out);

/* Dense tensors, for tests only (refused with GFD_EBUDGET above 2^22 entries):
 * f (may be NULL) of theta and y (may be NULL), each p^nu entries, index
 * i_1..i_nu row-major (i_nu fastest). */
#define GFD_DENSE_MAX ((size_t)1 << 22)
int gfd_model_dense(const gfd_model *m, const double *theta, double *f, double *y, gfd_err *e);

/* p^nu into *n; 0 if it overflows or exceeds GFD_DENSE_MAX. */
int gfd_route_entries(const gfd_spec *s, size_t *n);
/* gfd_model_eval through the dense tensor (w made for the dense route). */
int gfd_model_eval_dense(const gfd_model *m, const double *theta, gfd_work *w, double *loss, double *excess,
                         double *grad);


/* The packed route: its table rows C(p+nu-2, nu-1) into *n; 0 if not SYM, on
 * overflow or if rows x p exceeds GFD_PACKED_MAX.  Build / free the model's
 * tables; the doubles of one tile of P; gfd_model_eval by this route. */
#define GFD_PACKED_MAX ((size_t)1 << 23)
int gfd_route_packed_rows(const gfd_spec *s, size_t *n);
int gfd_model_packed_build(gfd_model *m, gfd_err *e);
void gfd_model_packed_free(gfd_model *m);
size_t gfd_route_packed_tile(void);
int gfd_model_eval_packed(const gfd_model *m, const double *theta, gfd_work *w, double *loss, double *excess,
                          double *grad);
/* y at idx[0..nu-1], from the target's definition */
double gfd_model_y_entry(const gfd_model *m, const size_t *idx);

#endif
