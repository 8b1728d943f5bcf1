/* gfd/series.h - summing power series c_0 + c_1 t + c_2 t^2 + ... (gfd-theory(7) 5.5):
 * truncated sums, Pade approximants [m/n] computed stably (SVD), their poles,
 * and the ratio (Domb-Sykes) analysis that locates the nearest singularity,
 * its exponent and an error estimate.  Applicable to instance, ensemble,
 * diagram and limit series alike (any double coefficients). */
#ifndef GFD_SERIES_H
#define GFD_SERIES_H

#include <stddef.h>
#include "gfd/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* sum_{n=0..N} c[n] t^n (Horner). */
double gfd_series_eval(const double *c, int N, double t);

/* ------------------------------------------------------------------ Pade */
/* A Pade approximant a(t)/b(t), deg a <= m, deg b <= n, b(0) = 1, matching
 * c[0..m+n].  Built with the SVD-based algorithm of Gonnet, Guettel and
 * Trefethen (SIAM Rev. 2013): the denominator is the null vector of the
 * Toeplitz block (gsl_linalg_SV_decomp); when that block is rank deficient the
 * degrees are lowered until it is not, which removes spurious pole-zero pairs
 * (Froissart doublets) instead of returning a near-singular solve. */
typedef struct gfd_pade gfd_pade;

/* c has m+n+1 entries.  tol: relative singular-value cutoff (<= 0: 1e-14). */
gfd_pade *gfd_pade_new(const double *c, int m, int n, double tol, gfd_err *e);
void gfd_pade_free(gfd_pade *P);
/* The degrees actually used (<= the requested ones after rank reduction). */
void gfd_pade_degrees(const gfd_pade *P, int *m, int *n);
/* Coefficients a[0..m], b[0..n] (b[0] = 1); the pointers stay owned by P. */
const double *gfd_pade_num(const gfd_pade *P);
const double *gfd_pade_den(const gfd_pade *P);
/* a(t)/b(t); +-inf or NaN at a pole. */
double gfd_pade_eval(const gfd_pade *P, double t);

/* Poles (roots of b), sorted by modulus; re/im have room for n entries.
 * spurious[i] (may be NULL) is 1 when a zero of a(t) lies within
 * 1e-3 |pole| of the pole (a Froissart doublet: not a real singularity). */
int gfd_pade_poles(const gfd_pade *P, double *re, double *im, int *spurious, int *npoles,
                   gfd_err *e);
/* The nearest non-spurious real pole with the given sign (-1: negative t,
 * +1: positive t; |im| <= 1e-8 |pole|).  Returns 1 and sets *t if found, 0 if none,
 * negative on error. */
int gfd_pade_real_pole(const gfd_pade *P, int sign, double *t, gfd_err *e);

/* -------------------------------------------------- ratio (Domb-Sykes) */
typedef enum {
  GFD_SING_NONE = 0, /* no finite singularity detected (ratios -> 0) */
  GFD_SING_REAL = 1, /* one real singularity t_s nearest: c_n ~ n^(gamma-1) t_s^-n */
  GFD_SING_PAIR = 2, /* a complex-conjugate pair t_s = re +- i im */
  GFD_SING_ZERO = 3  /* ratios grow like n: factorial growth, zero radius (an asymptotic series) */
} gfd_sing_kind;

typedef struct gfd_sing {
  gfd_sing_kind kind;
  double re, im;       /* nearest singularity (im >= 0; 0 for REAL) */
  double err;          /* error estimate of t_s (REAL: see gfd_series_ratio; PAIR: spread of |t_s|) */
  double gamma;        /* exponent: f ~ (1 - t/t_s)^(-gamma); NaN for PAIR */
  double gamma_err;    /* the same for gamma */
  int nfirst, nlast;   /* coefficient range used by the last fit window */
  int windows;         /* number of fit windows in the spread */
} gfd_sing;

/* Ratio analysis of c[0..N].  terms = 2 fits r_n = c_n/c_{n-1} = A + B/n on
 * consecutive pairs, terms = 3 fits A + B/n + C/n^2 on consecutive triples
 * (gfd-theory(7) 5.5: markedly better).  t_s = 1/A, gamma = 1 + B/A from the last
 * window.  err (gamma_err) adds two parts: the max-min spread over the last
 * `windows` windows (<= 0: 5) and over least-squares fits on 2 and 4 more
 * ratios ending at N, and twice the change when the fit takes one more
 * correction term (D/n^3 after C/n^2), which measured on known series is 1 to
 * 2 times the actual error of the fit: so err is meant to cover the truth,
 * not just the fits' agreement.  When the ratios change sign irregularly (a complex pair
 * dominates) the three-term recurrence c_n = P c_{n-1} + Q c_{n-2} is fitted
 * by least squares instead and its roots give the pair.  Needs N >= 6. */
int gfd_series_ratio(const double *c, int N, int terms, int windows, gfd_sing *out, gfd_err *e);

/* The three-term recurrence fit alone, on the window c[n0..n1] (n1 - n0 >= 3):
 * 1/t solves z^2 = P z + Q.  Sets re, im (the root pair or the nearer real
 * root) and returns GFD_OK. */
int gfd_series_recurrence_fit(const double *c, int n0, int n1, double *re, double *im,
                              gfd_err *e);

/* ------------------------------------------------------- Borel-Pade sum */
/* f(x) = sum_{n=0..N} c[n] x^n summed as int_0^inf e^-u B(x u) du, where
 * B(s) = sum c_n s^n / n! is the Borel transform continued by an SVD Pade
 * (gfd-theory(7) 5.5): the sum of a factorially divergent series (zero
 * radius) such as the nu = 4 limit series near the ascent threshold.
 * Coefficients are taken in a scaled variable x = t / scale (for instance
 * tau for the nu = 4 limit, or t / t0 with t0 the series' own time scale) so
 * that no coefficient under- or overflows; evaluation points are in t. */
#define GFD_BOREL_MIN_N 8        /* shortest series accepted (three orders must agree) */
#define GFD_BOREL_RTOL 1e-3      /* default relative agreement for the trusted range */
#define GFD_BOREL_QUAD_LIMIT 200 /* qagiu subintervals */

typedef struct gfd_borel gfd_borel;

/* Builds the Pade approximants of B at orders N, N-1, N-2 (near-diagonal
 * [K/2 / K - K/2]; lower when the SVD reduces the degrees), with the
 * conformal map of gfd_borel_new_cut when the Borel coefficients show a cut.  Refuses (GFD_EINVAL, a message naming the minimum) when
 * N < GFD_BOREL_MIN_N or N > 170, and non-finite coefficients (GFD_ENUMERIC). */
gfd_borel *gfd_borel_new(const double *c, int N, double scale, gfd_err *e);
void gfd_borel_free(gfd_borel *B);
/* The same with the conformal map of the Borel plane cut along [cut, inf)
 * onto the unit disk, s = 4 cut w/(1+w)^2 (cut in x units): B is re-expanded
 * in w and the Pade taken there, for t < 0 only (the positive ray runs into
 * the cut).  cut = NaN: the cut found by the ratio analysis of the Borel
 * coefficients when it sees one settled real singularity s > 0, else no map
 * (this is what gfd_borel_new does); cut <= 0: no map. */
gfd_borel *gfd_borel_new_cut(const double *c, int N, double scale, double cut, gfd_err *e);
/* The cut used (NaN: no conformal map). */
double gfd_borel_cut(const gfd_borel *B);
int gfd_borel_order(const gfd_borel *B);
/* The sum at t[i] from order N (f), and err[i] (may be NULL) = the largest
 * difference to orders N-1 and N-2.  NaN where a real pole of the Pade lies
 * on the integration ray or the quadrature fails. */
int gfd_borel_eval(gfd_borel *B, size_t nt, const double *t, double *f, double *err,
                   gfd_err *e);
/* The same with err[i] also at least the difference to the sum without the
 * conformal map (when B uses one, t < 0): the neighbouring orders after the
 * map are near copies and their spread alone can be 100x below the error
 * (gfd-theory(7) 5.5).  This is what a trusted range should use. */
int gfd_borel_eval_checked(gfd_borel *B, size_t nt, const double *t, double *f, double *err,
                           gfd_err *e);
/* The sum from one order alone: k = 0, 1, 2 for N, N-1, N-2. */
double gfd_borel_eval_order(gfd_borel *B, int k, double t);
/* trusted[i] = 1 where f and err are finite and err <= rtol |f| (rtol <= 0:
 * GFD_BOREL_RTOL).  Returns the number of trusted points. */
int gfd_borel_trusted(const double *f, const double *err, size_t nt, double rtol,
                      unsigned char *trusted);

/* ------------------------------------------------ estimator verdicts */
/* A status for each series estimator of an ascent blow-up time, so that none
 * hands out a bare number (gfd-theory(7) 5.5). */
typedef enum {
  GFD_VERDICT_OK = 0,       /* a negative real estimate, settled across fits/orders */
  GFD_VERDICT_DESCENT,      /* the nearest singularity is at t > 0: nothing about the ascent */
  GFD_VERDICT_PAIR,         /* a complex pair is nearest: no real blow-up from this estimator */
  GFD_VERDICT_ZERO,         /* factorial growth, zero radius: sum with Borel-Pade instead */
  GFD_VERDICT_INCONSISTENT, /* fit windows or neighbouring orders disagree */
  GFD_VERDICT_NONE          /* no estimate at all */
} gfd_verdict;

/* "ok", "descent-side", "complex-pair", "zero-radius: use borel",
 * "inconsistent", "no estimate". */
const char *gfd_verdict_name(gfd_verdict v);
/* The verdict on a ratio analysis (gfd_series_ratio).  *t gets the estimate
 * when OK (NaN otherwise); why[0..n) one line (no newline) saying why. */
gfd_verdict gfd_verdict_ratio(const gfd_sing *sg, double *t, char *why, size_t n);
/* The verdict on the Pade estimate of c[0..N]: the nearest non-spurious pole
 * of [N - N/2 / N/2], OK only when it is real, negative and orders N-1 and
 * N-2 put theirs within 2%; ZERO first when the ratio analysis sees
 * factorial growth.  *t as above.  Errors (allocation) give NONE with e set. */
gfd_verdict gfd_verdict_pade(const double *c, int N, double *t, char *why, size_t n, gfd_err *e);

/* Mercer-Roberts analysis of c[0..N] (gfd-theory(7) 5.5): the nearest
 * singularities as a pair t_s = |t_s| e^(+-i theta) from
 * B_n^2 = (c_(n+1) c_(n-1) - c_n^2)/(c_n c_(n-2) - c_(n-1)^2) -> |t_s|^-2 and
 * cos theta_n = (c_(n-1) B_n/c_n + c_(n+1)/(c_n B_n))/2, each extrapolated
 * by a quadratic in 1/n on the last 6 orders (and on a window shifted by two:
 * err = four times the change of |t_s|; gamma_err that of cos theta, gamma
 * is NaN).  kind: PAIR, REAL (theta within its error or 1e-3 of 0 or pi;
 * re = +-|t_s|), NONE (B_n^2 not positive).  Needs N >= 10. */
int gfd_series_mercer_roberts(const double *c, int N, gfd_sing *out, gfd_err *e);
/* Its verdict: ZERO when the ratio analysis sees factorial growth, NONE,
 * INCONSISTENT (err > 20% of |t_s|), PAIR, DESCENT (real t_s > 0) or OK (real
 * t_s < 0, *t = t_s). */
gfd_verdict gfd_verdict_mercer_roberts(const double *c, int N, double *t, char *why, size_t n, gfd_err *e);

/* ------------------------------------- blow-up time from the Borel sum */
/* An ascent blow-up time read from the Borel-Pade sum of c[0..N] (in
 * x = t/scale) (gfd-theory(7) 5.5), since t* is not a singularity of B.
 * The series is first re-expanded in y = x/(1 + mu x), which moves the
 * blow-up out and extends the range where the sum is trusted (on x < 0, from
 * 0 down to xmin; NaN: 20 times the series' own scale |c_(N-1)/c_N|, times N
 * for zero radius).  Exponent a known: the sum is re-expanded around
 * points x0 ~ 0.55-0.65 x* (analytic continuation: its Taylor coefficients
 * there, by Cauchy integrals of the sum at complex x, have the finite radius
 * |x* - x0|) and the ratios of consecutive coefficients with the known
 * exponent give x*, order by order while the three neighbouring Pade orders
 * agree; the first guess of x* and of mu comes from the local fits
 * x* = x + (a+1) F'/F'' = x + (a+2) F''/F''' at the trusted end.  The bracket
 * [t_lo, t_hi] is the range of all the ratio estimates (at least +-0.5% of
 * |t*|).  a = NaN: the local fits determine a and x* together, which is too
 * rough for a bracket: status NONE, the fitted a in exponent and a rough t*
 * in why.  status: OK when the bracket is at most `width`
 * (<= 0: GFD_BOREL_BLOWUP_WIDTH) of |t*|; INCONSISTENT when wider (t_lo,
 * t_hi still set, t_star NaN); NONE when there is no trusted range, the
 * ratios never settle, or the sum levels off (sign = 0: no blow-up in the
 * trusted range).  c must be acceptable to gfd_borel_new. */
#define GFD_BOREL_BLOWUP_WIDTH 0.25
typedef struct gfd_borel_blowup_t {
  gfd_verdict status;
  int sign;                   /* 1 |F| grows and accelerates at the trusted end, 0 levels off, -1 unknown */
  double t_star, t_lo, t_hi;  /* in t */
  double t_end;               /* the trusted end of the final pass (t) */
  double exponent;            /* a used, or fitted (mean) */
  double mu;                  /* mu of the map, in 1/t (0: no map) */
  int nest;                   /* estimates in the bracket */
} gfd_borel_blowup_t;
int gfd_borel_blowup(const double *c, int N, double scale, double a, double xmin, double width,
                     gfd_borel_blowup_t *out, char *why, size_t n, gfd_err *e);

#ifdef __cplusplus
}
#endif
#endif
