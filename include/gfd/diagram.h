/* gfd/diagram.h - Wick-diagram engine (gfd-theory(7) section 3): exact expected
 * derivatives E[L^(n)(0)] as polynomials in p, H, s = sigma^2, kappa, and the
 * reduced diagram classes behind them. */
#ifndef GFD_DIAGRAM_H
#define GFD_DIAGRAM_H

#include <stddef.h>
#include "gfd/common.h"
#include "gfd/model.h"
#include "gfd/poly.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Which family of terms to sum. */
typedef enum {
  GFD_FAMILY_FULL = 0, /* E[L^(n)(0)] for the model's target */
  GFD_FAMILY_NTK = 1,  /* NTK sub-family: 1/2 (-2)^n E<r0, Theta0^n r0> */
  GFD_FAMILY_ZERO = 2  /* the same model with target zero (free evolution) */
} gfd_family;

/* A per-(kind, nu, target) cache of term graphs, Wick values and results;
 * grows as higher orders are asked for. target: GFD_TGT_IDENTITY or GFD_TGT_ZERO. */
typedef struct gfd_diagrams gfd_diagrams;

gfd_diagrams *gfd_diagrams_new(gfd_kind kind, int nu, gfd_target target, gfd_err *e);
void gfd_diagrams_free(gfd_diagrams *d);

/* E[L^(n)(0)] (not divided by n!) of the family; the returned polynomial is
 * owned by the cache and valid until it is freed. */
int gfd_diagrams_poly(gfd_diagrams *d, gfd_family fam, int n, const gfd_ctl *ctl,
                      const gfd_poly **out, gfd_err *e);
/* (Both routes, this and gfd_diagrams_value below, use ctl->threads threads
 * when it is over 1, at most 8, sharing one memo: the same polynomials byte
 * for byte, about the memory of one thread.) */

/* Numeric mode: E[L^(n)(0)] of the family at fixed sizes p and H (integers,
 * p H <= 7e13), exactly, as a polynomial in s and kappa only (np = nH = 0):
 * the Wick memo holds one exact integer a graph, W(G) at (p, H), instead of a
 * polynomial in p and H (several times less memory; bench_diagram).  Equal
 * to gfd_poly_at_sizes of gfd_diagrams_poly (test_diagram_value).  The memo
 * serves one (p, H) at a time: other sizes start it afresh.  Owned by the
 * cache, valid until the next call with other sizes or the cache is freed;
 * the budget (with the estimate), Ctrl-C and the deadline are honoured. */
int gfd_diagrams_value(gfd_diagrams *d, gfd_family fam, int n, size_t p, size_t H, const gfd_ctl *ctl,
                       const gfd_poly **out, gfd_err *e);
/* Graphs in the memo of numbers (for benchmarks). */
size_t gfd_diagrams_value_entries(const gfd_diagrams *d);

/* ------------------------------------------------------------------------
 * Additions (diagram area).  Conventions of the polynomials: a monomial
 * c p^np H^nH s^ne kappa^ny (s = sigma^2); E[L^(n)(0)] is not divided by n!.
 * The FULL family at n = 0 includes the constant kappa^2 p / 2 = ||y||^2 / 2. */

/* gfd_diagrams_poly computes the orders below n first (a small fraction of
 * the cost) and extrapolates the cost of order n from the last two: an order
 * whose estimate is over the memory budget is refused with GFD_EBUDGET and
 * the estimate, before anything is allocated for it.  This gives that
 * estimate: 1 and *bytes (the cache's total after order n), *seconds set
 * when orders n-1 and n-2 of fam are computed and large enough to
 * extrapolate from (about 1 MiB), else 0. */
int gfd_diagrams_estimate(const gfd_diagrams *d, gfd_family fam, int n, size_t *bytes,
                          double *seconds);

/* What order n has cost so far (never computes).  The polynomial fields are
 * set when E[L^(n)(0)] of the FULL family was computed by the Wick engine
 * (have_poly), the class fields when its classes were listed (have_classes). */
typedef struct gfd_diagram_census {
  int have_poly;
  size_t monomials;   /* terms of the polynomial */
  size_t memo;        /* Wick memo graphs held after the order */
  double poly_secs;   /* wall time of the order alone (orders below cached) */
  size_t poly_bytes;  /* bytes the cache held after it */
  int have_classes;
  size_t classes;     /* reduced classes with nonzero multiplicity */
  size_t cancelled;   /* classes whose signed multiplicities summed to zero */
  size_t states;      /* intermediate states of the class listing */
  double class_secs;  /* wall time of the listing (orders below cached) */
  size_t class_bytes; /* its tables at their peak (freed after) */
  /* When the work ran on several threads (ctl->threads > 1), CPU seconds of
   * those threads in all, and of the busiest one: the wall time of that part
   * when each thread has a core of its own (on a shared machine the wall
   * times above can hide the gain); 0 when it ran on one thread. */
  double poly_cpu_threads, poly_cpu_busiest;
  double class_cpu_threads, class_cpu_busiest;
} gfd_diagram_census;
void gfd_diagrams_census(const gfd_diagrams *d, int n, gfd_diagram_census *out);
/* The cost of listing the classes of order n, extrapolated from the listings
 * of n-1 and n-2 (which gfd_diagrams_classes computes first): 1 and *bytes
 * (the cache's total at the listing's peak), *seconds, or 0 when those are
 * missing or too small to extrapolate from (under about 1 MiB).  A listing
 * whose estimate is over the budget is refused with GFD_EBUDGET. */
int gfd_diagrams_classes_estimate(const gfd_diagrams *d, int n, size_t *bytes, double *seconds);

/* Number of term-graph classes (nonzero coefficient) at order n of a family
 * (GFD_FAMILY_ZERO: those without target factors). */
int gfd_diagrams_term_count(gfd_diagrams *d, gfd_family fam, int n, const gfd_ctl *ctl,
                            size_t *count, gfd_err *e);
/* Bytes held by the cache, entries of the Wick memo (for benchmarks). */
size_t gfd_diagrams_bytes(const gfd_diagrams *d);
size_t gfd_diagrams_memo_entries(const gfd_diagrams *d);
gfd_kind gfd_diagrams_kind(const gfd_diagrams *d);
int gfd_diagrams_nu(const gfd_diagrams *d);
gfd_target gfd_diagrams_target(const gfd_diagrams *d);
/* The highest order gfd_diagrams_poly serves for the FULL family (higher
 * orders are refused at once with GFD_EUNSUP; coefficients never overflow):
 * the Wick engine's graph size limit (order 28 for nu = 2, 3), except SYM
 * nu = 2, whose FULL and ZERO families go on to order 60 by the Wishart route
 * (gfd_wishart_sym2; its NTK family stops at 28). */
int gfd_diagrams_order_limit(const gfd_diagrams *d);

/* One reduced diagram class of E[L^(n)(0)] (gfd-theory(7) section 3): a connected
 * bipartite multigraph of np p-nodes and nH H-nodes joined by ne sigma^2
 * edges, with value mult p^np H^nH s^ne kappa^ny.  The multiplicity is the
 * signed sum of term coefficients over all (term, matching) pairs producing
 * the class; it is an integer except at n = 0, where 1/2 ||f||^2 and the
 * constant ||y||^2/2 give halves.  At n = 0 with the identity target the
 * constant is listed as the class with one p-node and no edge.  ASYM edges
 * keep their factor index (classes differing only in colours are distinct). */
typedef struct gfd_diagram_class {
  int order;   /* n */
  int index;   /* k of the id "n.k", 1-based; ids follow (ne, np, nH, ny, shape) */
  gfd_rat mult;
  int np, nH, ne, ny;
  int asym;                /* 1: edges carry factor indices (ec) */
  const unsigned char *eh; /* edge j joins H-node eh[j] ... */
  const unsigned char *ea; /* ... and p-node ea[j] (0-based) */
  const unsigned char *ec; /* ASYM: factor index 0..nu-1 of edge j (matched pairs
                              keep their factor); SYM: all 0 */
} gfd_diagram_class;

/* The reduced classes of the FULL family at order n, in id order (cached;
 * the orders below are listed first).  Within a second to n = 6 (SYM nu =
 * 2), 4 (ASYM nu = 3), 3 (ASYM nu = 4; SYM nu = 4 takes seconds at n = 3);
 * the budget (with the estimate above), Ctrl-C and the deadline in ctl are
 * honoured.  ctl->threads > 1 expands the states of each level on that many
 * threads (the same classes). */
int gfd_diagrams_classes(gfd_diagrams *d, int n, const gfd_ctl *ctl,
                         const gfd_diagram_class **cls, size_t *count, gfd_err *e);
/* The highest order whose classes can be listed (the graph size limits;
 * higher orders are refused at once with GFD_EUNSUP). */
int gfd_diagrams_classes_limit(const gfd_diagrams *d);
/* The classes of order n only if already computed (never computes): 1 and
 * *cls, *count set, or 0.  For cheap uses such as tab completion. */
int gfd_diagrams_classes_cached(const gfd_diagrams *d, int n, const gfd_diagram_class **cls,
                                size_t *count);
double gfd_diagram_class_value(const gfd_diagram_class *c, double p, double H, double s,
                               double kappa);
/* Text rendering: a header line (id, multiplicity, monomial), the p-nodes with
 * the H-nodes they join, and an incidence drawing of the bipartite graph.
 * Returns buf, or NULL when the drawing could not be made (out of memory:
 * buf then ends with a line saying so). */
char *gfd_diagram_class_format(const gfd_diagram_class *c, char *buf, size_t n);

/* A short structural signature, telling apart classes whose rows agree:
 * "p4.2.2 H4.4 x2 #1a2b" = the degrees of the p-nodes and of the H-nodes
 * (sorted decreasing), the multiplicities of the multi-edges, ASYM the
 * number of edges of each factor index 1, 2, ... ("c3.3"), and a 16-bit tag
 * of the canonical graph (classes with the same degrees differ there but for
 * a chance of 1 in 65536); "point" for the constant.  Returns buf. */
char *gfd_diagram_class_shape(const gfd_diagram_class *c, char *buf, size_t n);

typedef enum { GFD_SORT_VALUE = 0, GFD_SORT_MULT = 1 } gfd_class_sort;
/* idx[0..count-1] = class indices by decreasing |value| at (p, H, s, kappa)
 * or by decreasing |mult|; ties keep id order.  0, or GFD_ENOMEM (idx is
 * then left in id order, which is not the order asked for). */
int gfd_diagram_classes_order(const gfd_diagram_class *cls, size_t count, gfd_class_sort by,
                               double p, double H, double s, double kappa, size_t *idx);

/* ------------------------------------------------------------------------
 * SYM nu = 2 by the eigenvalue route, independent of the
 * diagrams: every eigenvalue of W = U^T U moves on its own, so E[L^(n)(0)]
 * is a combination of real Wishart moments E tr W^k.  Exact, GMP inside. */
#define GFD_WISHART_NMAX 200
/* out[0..N] (each gfd_poly_init'ed by the caller; overwritten) = E[L^(n)(0)]
 * of SYM nu=2 with the identity target of amplitude kappa (GFD_TGT_IDENTITY,
 * the FULL family) or the zero target, as polynomials in the engine's form. */
int gfd_wishart_sym2(int N, gfd_target target, gfd_poly *out, gfd_err *e);
/* The same at one rational point (p, H, s = sigma^2, kappa), much faster:
 * out[n] is the constant polynomial E[L^(n)(0)] (read it with
 * gfd_poly_coef_format / gfd_poly_coef_ldouble; 0 has no term). */
int gfd_wishart_sym2_value(int N, gfd_target target, gfd_rat p, gfd_rat H, gfd_rat s, gfd_rat kappa,
                           gfd_poly *out, gfd_err *e);

#ifdef __cplusplus
}
#endif
#endif
