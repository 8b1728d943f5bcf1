/* gfd/scaling.h - scaling limits (gfd-theory(7) section 4): H = CH p^a, sigma^2 = Cs p^b,
 * kappa = Ck p^c with exact rational exponents; the leading part of the exact
 * diagram polynomials E[L^(n)(0)] under a scaling (support function of the
 * exponent points, leading face, cancellations); loss and time exponents, the
 * limiting series, the regime; Pareto polygons for display.
 *
 * Conventions.  A monomial c p^np H^nH s^ne kappa^ny (s = sigma^2) becomes
 * c CH^nH Cs^ne Ck^ny p^w with weight w = np + a nH + b ne + c ny.  For each order
 * n, E_n is the largest weight whose monomials do not cancel (summed with the
 * prefactors), C_n that sum.  The loss scale is p^{E_0}, the time scale
 * t = p^{-g} tau with g = max_{n>=1} (E_n - E_0)/n, and the limit of L/p^{E_0}
 * as a function of tau is sum_n lambda_n tau^n / n!, lambda_n the coefficient of
 * p^{E_0 + g n} in E[L^(n)(0)].  The excess L - ||y||^2/2 is analysed the same
 * way with the constant point (the only monomial without s) dropped. */
#ifndef GFD_SCALING_H
#define GFD_SCALING_H

#include <stddef.h>
#include "gfd/common.h"
#include "gfd/model.h"
#include "gfd/poly.h"
#include "gfd/diagram.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gfd_scaling {
  gfd_rat a, b, c;    /* exponents of H, sigma^2, kappa */
  gfd_rat CH, Cs, Ck; /* positive prefactors */
} gfd_scaling;

/* a = b = c = 0, prefactors 1. */
void gfd_scaling_default(gfd_scaling *sc);
/* Prefactors positive, exponents valid rationals with |value| <= 64. */
int gfd_scaling_check(const gfd_scaling *sc, gfd_err *e);
/* H = CH p^a (not rounded), sigma^2 = Cs p^b, kappa = Ck p^c at size p >= 1. */
int gfd_scaling_sizes(const gfd_scaling *sc, double p, double *H, double *sigma2, double *kappa,
                      gfd_err *e);
/* Parse an exact rational: "3", "-7/6", "0.25", ".5", "+1.5", "1e-3", "2.5e2".
 * Returns GFD_OK, GFD_EINVAL (junk, zero denominator) or GFD_EOVERFLOW (too
 * large for an exact rational).  The one rational reader of the program. */
int gfd_scaling_parse_rat(const char *str, gfd_rat *out);
/* (A rational as a floating-point number: gfd_rat_to_ldouble, gfd_rat_to_double
 * in gfd/poly.h.) */
/* Exact comparison of two rationals (-1, 0, 1). */
int gfd_scaling_rat_cmp(gfd_rat x, gfd_rat y);

/* The coefficient of monomial m under the scaling: c CH^nH Cs^ne Ck^ny
 * (NaN for a coefficient beyond 128 bits: gfd_scaling_term_coef reads it). */
long double gfd_scaling_mono_coef(const gfd_scaling *sc, const gfd_mono *m);
/* The same for term i of P, whatever the size of its coefficient. */
long double gfd_scaling_term_coef(const gfd_scaling *sc, const gfd_poly *P, size_t i);
/* The weight of monomial m (its exponent of p); GFD_EOVERFLOW if not representable. */
int gfd_scaling_weight(const gfd_scaling *sc, const gfd_mono *m, gfd_rat *w);

/* The leading part of a polynomial under a scaling. */
typedef struct gfd_lead {
  int zero;        /* nothing left: the polynomial is zero or every face cancels */
  gfd_rat E;       /* the exponent of p */
  double C;        /* leading coefficient (prefactors included) */
  gfd_rat Cq;      /* the same, exact, when `exact` */
  int exact;       /* 0 if exact arithmetic overflowed (C then in long double) */
  int nface;       /* monomials on the leading face (> 1: a tie between points) */
  int ncancelled;  /* higher faces whose sums cancelled exactly */
} gfd_lead;

/* Leading part of P; excess = 1 drops the constant point (monomials with ne = 0). */
int gfd_scaling_lead(const gfd_poly *P, const gfd_scaling *sc, int excess, gfd_lead *out,
                     gfd_err *e);
/* The coefficient of p^E in P (prefactors included): the sum over the monomials
 * of weight E (0 if none). */
int gfd_scaling_coef_at(const gfd_poly *P, const gfd_scaling *sc, int excess, gfd_rat E,
                        gfd_lead *out, gfd_err *e);
/* 1 if monomial m lies on the face of weight E. */
int gfd_scaling_on_face(const gfd_scaling *sc, const gfd_mono *m, gfd_rat E);

/* --------------------------------------------------------------- regimes */
typedef enum {
  GFD_REGIME_UNDETERMINED = 0,
  GFD_REGIME_FREE,         /* leading data of the zero-target model */
  GFD_REGIME_NTK,          /* leading data of the NTK sub-family */
  GFD_REGIME_MF_UNDER,     /* mean-field, a < 1 */
  GFD_REGIME_PROPORTIONAL, /* mean-field at a = 1 (H ~ p) */
  GFD_REGIME_MF_OVER,      /* mean-field, a > 1 */
  GFD_REGIME_FROZEN,       /* (E_n - E_0)/n still rising at the last order */
  GFD_REGIME_MULTISCALE,   /* rising only through faces of vanishing weight: the bulk
                            * moves on one scale, a small part on a faster one */
  GFD_REGIME_COUNT
} gfd_regime;

const char *gfd_regime_name(gfd_regime r);  /* "mean-field under-parameterised" */
const char *gfd_regime_key(gfd_regime r);   /* "mf-under" (stable, for CSV) */
char gfd_regime_letter(gfd_regime r);        /* 'U' (map letters) */

#define GFD_REGIME_NMAX 60

/* The analysis of one quantity (the loss or its excess). */
typedef struct gfd_regime_quantity {
  int excess;                     /* 0: L, 1: L - ||y||^2/2 */
  gfd_regime regime;
  int dynamical;                  /* the last order attains g: a limit series exists */
  int N;                          /* orders 0..N analysed */
  gfd_lead lead[GFD_REGIME_NMAX + 1];
  gfd_rat r[GFD_REGIME_NMAX + 1]; /* (E_n - E_0)/n for n >= 1 with lead[n] nonzero */
  gfd_rat E0;                     /* loss exponent */
  gfd_rat g;                      /* time exponent if dynamical, else the largest r_n so far */
  int attains[GFD_REGIME_NMAX + 1]; /* E_n = E_0 + g n (n = 0 always) */
  double limit[GFD_REGIME_NMAX + 1];/* lambda_n / n!: Taylor coefficients of the limit in tau */
  int differs_zero, differs_ntk;  /* first order whose leading data differ (-1: none, -2: not compared) */
  int ties;                       /* orders whose leading face holds more than one point */
  int finetuned;                  /* orders whose leading face cancels at these prefactors
                                   * (CH, Cs, Ck fine-tuned: other values give another result) */
  int floor;                      /* free evolution on the floor ||y||^2/2: the loss differs
                                   * from the zero-target data only in C_0 */
  /* multi-scale (regime GFD_REGIME_MULTISCALE): the top faces of the last
   * orders follow E_n = E_fast + g_fast n with E_fast < E_0, a part of relative
   * weight p^(E_fast - E_0) on the faster scale tau' = p^g_fast t; the bulk
   * (orders 0..nbulk) moves on tau = p^g t (g above) as `bulk`. */
  gfd_regime bulk;                /* undetermined when bulk_bound */
  gfd_rat E_fast, g_fast;
  int nbulk;
  int bulk_bound;                 /* no order shows the bulk alone: g is only an upper bound */
  char reason[1000];              /* one line */
} gfd_regime_quantity;

typedef struct gfd_regime_result {
  gfd_scaling sc;
  int N;
  gfd_regime_quantity loss, excess;
  int balance;         /* +1 above, 0 on, -1 below the balance line ||f0||^2 ~ ||y||^2; 2: no target */
  gfd_rat f_exp, y_exp;/* exponents of E||f0||^2/2 and of ||y||^2/2 */
} gfd_regime_result;

/* Classify from the polynomials E[L^(n)(0)], n = 0..N, of the model (full), of
 * the zero-target model (zero, may be NULL: no free-evolution test) and of the
 * NTK sub-family (ntk, may be NULL).  N <= GFD_REGIME_NMAX. */
int gfd_regime_classify_polys(const gfd_poly *const *full, const gfd_poly *const *zero,
                              const gfd_poly *const *ntk, int N, const gfd_scaling *sc,
                              gfd_regime_result *out, gfd_err *e);
/* The same with the polynomials from the diagram engine (computed as needed). */
int gfd_regime_classify(gfd_diagrams *d, const gfd_scaling *sc, int N, const gfd_ctl *ctl,
                        gfd_regime_result *out, gfd_err *e);

/* The limit series of quantity q (the result of gfd_regime_classify under sc
 * for a model of this kind, nu and target) to order N <= GFD_REGIME_NMAX by a
 * coefficient recurrence of gfd-theory(7) section 5, in the normalisation of q->limit:
 * SYM nu=2 with a = 1, b = -1 (c = 0 for the identity target): the
 * Marchenko-Pastur recurrence (5.1); SYM nu=4, identity target, with
 * kappa4 = sigma^4 (p^3 + 3 (H-1) p)/kappa fixed (b = (c-3)/2 for a <= 2,
 * b = (c-1-a)/2 for a > 2) and q the excess: the mean-field moment
 * recurrence (5.4).  *which (may be NULL) names the route.  GFD_EUNSUP with
 * the reason when none applies or q's exponents are not the recurrence's
 * (a cancelling leading face). */
int gfd_scaling_limit_recurrence(gfd_kind kind, int nu, gfd_target target, const gfd_scaling *sc,
                                 const gfd_regime_quantity *q, int N, double *coef, const char **which,
                                 gfd_err *e);

/* The limit series of q to order N (0..GFD_REGIME_NMAX), by the recurrence
 * above when one applies and agrees with q->limit (the diagram route) to a
 * relative 1e-9 on every order both have; else from q->limit.  Returns
 * GFD_OK with coef[0..N] filled and info set; 1 if the diagram route is
 * needed beyond q->N (classify again with order N and call again); a negative
 * code on error.  info->mismatch >= 0 reports a recurrence that disagreed
 * (the first such order and both values): the diagrams are then used. */
typedef struct gfd_limit_series_info {
  int recurrence;   /* 1: coef came from the recurrence; 0: from the diagrams */
  const char *which; /* the recurrence's name ("" if none applies) */
  int checked_upto; /* recurrence checked against the diagrams on 0..checked_upto */
  int mismatch;     /* -1, or the first order where the recurrence disagreed */
  double rec_value, diag_value; /* the two values at that order */
} gfd_limit_series_info;
int gfd_scaling_limit_series(gfd_kind kind, int nu, gfd_target target, const gfd_scaling *sc,
                             const gfd_regime_quantity *q, int N, double *coef, gfd_limit_series_info *info,
                             gfd_err *e);

/* The balance line: the b at which E||f0||^2 (zero0 = the zero-target E[L(0)])
 * reaches ||y||^2 (full0 = the model's E[L(0)]) for the given a, c.  GFD_EUNSUP
 * if there is no target point or no f term. */
int gfd_scaling_balance_b(const gfd_poly *zero0, const gfd_poly *full0, gfd_rat a, gfd_rat c,
                          gfd_rat *b, gfd_err *e);

/* -------------------------------------------------------- Pareto polygons */
/* The plane of display: x is one exponent, y the weight of the others. */
typedef enum {
  GFD_PLANE_E = 0, /* x = ne (power of sigma^2), y = np + a nH + c ny; leading: max y + b x */
  GFD_PLANE_H = 1  /* x = nH (power of H), y = np + b ne + c ny; leading: max y + a x */
} gfd_plane;

typedef struct gfd_hull {
  size_t n;          /* distinct projected points (summed coefficient nonzero) */
  gfd_rat *x, *y;
  double *coef;      /* summed coefficient of the point (prefactors included) */
  int *vertex;       /* 1 if a vertex of the upper hull */
  int *leading;      /* 1 if on the leading face at the scaling */
  size_t nv;         /* upper hull vertices, left to right: indices into the points */
  size_t *v;
} gfd_hull;

void gfd_hull_init(gfd_hull *h);
void gfd_hull_free(gfd_hull *h);
/* Project P's points onto the plane, the upper convex hull and the leading face. */
int gfd_scaling_hull(const gfd_poly *P, const gfd_scaling *sc, gfd_plane plane, int excess,
                     gfd_hull *out, gfd_err *e);
/* A small text drawing of the hull (rows lines of cols characters joined by
 * '\n'): '.' hull edges, 'o' points, '*' hull vertices, '@' leading points. */
char *gfd_hull_draw(const gfd_hull *h, int cols, int rows, char *buf, size_t n);

#ifdef __cplusplus
}
#endif
#endif
