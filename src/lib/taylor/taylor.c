/* taylor.c - exact per-instance Taylor coefficients of the loss along the
 * gradient flow (gfd-theory(7) section 2): the workspace, the Taylor-mode recursion
 * and the public entry points.
 *
 * The flow du/dt = -grad L(u) has a polynomial right-hand side, so with
 * u(t) = sum_n u_n t^n the coefficients follow from
 *   (n+1) u_{n+1} = -[grad L(u(t))]_n,
 * where [.]_n is built from series that are Cauchy products of earlier ones:
 * the Gram series G = U U^T (ASYM: G_k = U_k U_k^T), its Hadamard powers /
 * all-but-one products Q, and the target terms.  Per order n the work is
 *   G_n = sum_k U_k U_{n-k}^T          (n/2 + 1 GEMMs of H x p x H, symmetric),
 *   [Q U]_n = [Q_n .. Q_0][U_0; ..; U_n]  (one GEMM, H x (n+1)H x p),
 * so N orders cost about 1.5 N^2 H^2 p flops per factor block.
 *
 * Time is rescaled internally, tau = t / s with s = ||u_0|| / ||grad L(u_0)||,
 * so that the coefficients v_n = u_n s^n stay near the size of u_0 even when
 * the convergence radius is far from 1 (no overflow of intermediate series). */
#include <config.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#include "internal.h"
#include "flow/model_internal.h"
#include "taylor_internal.h"

struct gfd_taylor_ws {
  const gfd_model *m;
  int N, /* the largest order this workspace serves */ nu, nb, sym;
  gfd_target target;
  size_t H, p, r;
  double kappa;
  tser U[GFD_NU_MAX]; /* parameter series, vertical H x p */
  tser G[GFD_NU_MAX]; /* Gram series, reversed horizontal H x H */
  tchain gc;          /* Hadamard products of the Grams (kept whole: GEMMs) */
  tchain ic;          /* identity target: elementwise products of the u's */
  tser C[GFD_NU_MAX]; /* teacher: student-teacher Grams U_k T_k^T, H x r */
  tchain tc;
  tmodadd *md;
  double *tmp;        /* H x H */
  double *qscr;       /* H x max(p, r): a Q block computed on demand */
  double *mem;
  double flops;
};

/* ------------------------------------------------------------ sizes */

typedef struct {
  size_t n;
  int ovf;
} counter;

static void cnt_add(counter *c, size_t a, size_t b) { /* c += a * b */
  size_t t;
  if (!gfd_size_mul(a, b, &t) || !gfd_size_add(c->n, t, &c->n)) c->ovf = 1;
}

static size_t ws_doubles(const gfd_spec *sp, size_t r, int N, int *ovf) {
  counter c = {0, 0};
  int sym = sp->kind == GFD_SYM, nu = sp->nu;
  size_t nb = sym ? 1 : (size_t)nu, H = sp->H, p = sp->p, N1 = (size_t)N + 1, hp, hh, hr;
  if (!gfd_size_mul(H, p, &hp) || !gfd_size_mul(H, H, &hh) || !gfd_size_mul(H, r ? r : 1, &hr)) {
    *ovf = 1;
    return 0;
  }
  cnt_add(&c, nb * N1, hp);                                     /* U */
  cnt_add(&c, (nb + tchain_nseries(nu, sym, 1)) * N1, hh);     /* G and its products */
  cnt_add(&c, 1, hh);                                           /* tmp */
  switch (sp->target) {
  case GFD_TGT_IDENTITY:
    cnt_add(&c, tchain_nseries(nu, sym, 0) * N1, hp);
    cnt_add(&c, 1, hp);
    break;
  case GFD_TGT_TEACHER:
    cnt_add(&c, (nb + tchain_nseries(nu, sym, 0)) * N1, hr);
    cnt_add(&c, 1, hr);
    break;
  case GFD_TGT_MODADD: {
    /* (nb + 1) series of H x p complex plus an H x p complex scratch */
    cnt_add(&c, (nb + 1) * N1 * 2, hp);
    cnt_add(&c, 2, hp);
    break;
  }
  case GFD_TGT_ZERO:
    break;
  }
  *ovf = c.ovf;
  return c.n;
}

static int check_N(int N, gfd_err *e) {
  if (N < 0 || N > GFD_TAYLOR_NMAX)
    return gfd_err_set(e, GFD_EINVAL, "series order N=%d is out of range (0..%d)", N, GFD_TAYLOR_NMAX);
  return GFD_OK;
}

size_t taylor_ws_bytes(const gfd_model *m, int N) {
  int ovf = 0;
  size_t d = ws_doubles(gfd_model_spec(m), m->r, N, &ovf), b;
  if (ovf || !gfd_size_mul(d, sizeof(double), &b) || !gfd_size_add(b, sizeof(taylor_ws) + 4096, &b))
    return SIZE_MAX;
  return b;
}

size_t gfd_taylor_bytes(const gfd_model *m, int N) {
  if (N < 0 || N > GFD_TAYLOR_NMAX) return SIZE_MAX;
  return taylor_ws_bytes(m, N);
}

/* ------------------------------------------------------- workspace */

taylor_ws *taylor_ws_new(const gfd_model *m, int N, const gfd_ctl *ctl, gfd_err *e) {
  if (check_N(N, e)) return NULL;
  const gfd_spec *sp = gfd_model_spec(m);
  size_t bytes = taylor_ws_bytes(m, N);
  if (bytes == SIZE_MAX) {
    gfd_err_set(e, GFD_EBUDGET, "the Taylor series of order %d overflows the address space (p=%zu, H=%zu)",
                N, sp->p, sp->H);
    return NULL;
  }
  char what[96];
  snprintf(what, sizeof what, "the Taylor series of order %d", N);
  if (gfd_ctl_budget(ctl, bytes, what, e)) return NULL;
  /* CBLAS takes int sizes; the stacked GEMM has (N+1) H columns */
  if ((size_t)(N + 1) * sp->H > INT_MAX) {
    gfd_err_set(e, GFD_EINVAL, "H=%zu is too large for a Taylor series of order %d (CBLAS int sizes)",
                sp->H, N);
    return NULL;
  }
  taylor_ws *w = calloc(1, sizeof *w);
  int ovf = 0;
  size_t nd = ws_doubles(sp, m->r, N, &ovf);
  if (!w || !(w->mem = gfd_xmalloc(nd, sizeof(double)))) {
    free(w);
    gfd_err_set(e, GFD_ENOMEM, "out of memory for the Taylor series of order %d", N);
    return NULL;
  }
  w->m = m;
  w->N = N;
  w->nu = sp->nu;
  w->sym = sp->kind == GFD_SYM;
  w->nb = w->sym ? 1 : sp->nu;
  w->target = sp->target;
  w->H = sp->H;
  w->p = sp->p;
  w->r = m->r;
  w->kappa = sp->kappa;
  size_t H = w->H, p = w->p;
  double *mem = w->mem;
  for (int k = 0; k < w->nb; k++) {
    tser_vert(&w->U[k], mem, H, p, N);
    mem += tser_doubles(H, p, N);
  }
  for (int k = 0; k < w->nb; k++) {
    tser_hrev(&w->G[k], mem, H, H, N);
    mem += tser_doubles(H, H, N);
  }
  tchain_init(&w->gc, w->nu, w->sym, 1, w->G, N, &mem);
  w->tmp = mem;
  mem += H * H;
  switch (w->target) {
  case GFD_TGT_IDENTITY:
    tchain_init(&w->ic, w->nu, w->sym, 0, w->U, N, &mem);
    w->qscr = mem;
    mem += H * p;
    break;
  case GFD_TGT_TEACHER:
    for (int k = 0; k < w->nb; k++) {
      tser_vert(&w->C[k], mem, H, w->r, N);
      mem += tser_doubles(H, w->r, N);
    }
    tchain_init(&w->tc, w->nu, w->sym, 0, w->C, N, &mem);
    w->qscr = mem;
    mem += H * w->r;
    break;
  case GFD_TGT_MODADD:
    if (!(w->md = tmodadd_new(H, p, w->nb, N, &mem, e))) {
      taylor_ws_free(w);
      return NULL;
    }
    break;
  case GFD_TGT_ZERO:
    break;
  }
  return w;
}

void taylor_ws_free(taylor_ws *w) {
  if (!w) return;
  tmodadd_free(w->md);
  free(w->mem);
  free(w);
}

double taylor_ws_flops(const taylor_ws *w) { return w->flops; }

/* ------------------------------------------------------- one order */

/* G_k at order n: sum_j U_j U_{n-j}^T, computed as C + C^T with C the sum
 * over j <= n/2 (the middle term halved). */
static void gram_order(taylor_ws *w, int k, int n) {
  int H = (int)w->H, p = (int)w->p;
  const tser *U = &w->U[k];
  for (int j = 0; 2 * j <= n; j++) {
    double a = (2 * j == n) ? 0.5 : 1.0;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, H, H, p, a, tser_blk(U, j), p,
                tser_blk(U, n - j), p, j == 0 ? 0.0 : 1.0, w->tmp, H);
    w->flops += 2.0 * H * H * p;
  }
  const tser *G = &w->G[k];
  double *g = tser_blk(G, n);
  for (size_t i = 0; i < w->H; i++)
    for (size_t j = 0; j < w->H; j++) g[i * G->ld + j] = w->tmp[i * w->H + j] + w->tmp[j * w->H + i];
}

/* Teacher: C_k at order n = U_{k,n} T_k^T (the teacher factors are fixed). */
static void teacher_order(taylor_ws *w, int k, int n) {
  int H = (int)w->H, p = (int)w->p, r = (int)w->r;
  const double *T = w->m->teacher + (size_t)k * w->r * w->p;
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, H, r, p, 1.0, tser_blk(&w->U[k], n), p, T, p, 0.0,
              tser_blk(&w->C[k], n), r);
  w->flops += 2.0 * H * r * p;
}

/* u_{k,n+1} = -s/(n+1) [grad_{U_k} L]_n, written straight into its block. */
static int grad_step(taylor_ws *w, int k, int n, double s, gfd_err *e) {
  int H = (int)w->H, p = (int)w->p, n1 = n + 1;
  double *out = tser_blk(&w->U[k], n + 1);
  double mult = w->sym ? (double)w->nu : 1.0; /* SYM: nu identical slots */
  const tser *Q = tchain_q(&w->gc, k);
  /* f-part nu [Q U]_n = nu sum_j Q_{n-j} U_j: one GEMM over the stacked blocks */
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, H, p, n1 * H, -s * mult / n1, tser_blk(Q, n),
              (int)Q->ld, tser_blk(&w->U[k], 0), p, 0.0, out, p);
  w->flops += 2.0 * H * (double)n1 * H * p;
  double gam = s * w->kappa * mult / n1; /* the target enters with -kappa */
  size_t ld;
  switch (w->target) {
  case GFD_TGT_IDENTITY: {
    const double *q = tchain_q_block(&w->ic, k, n, w->qscr, &ld);
    for (size_t h = 0; h < w->H; h++)
      for (size_t i = 0; i < w->p; i++) out[h * w->p + i] += gam * q[h * ld + i];
    break;
  }
  case GFD_TGT_TEACHER: {
    const double *q = tchain_q_block(&w->tc, k, n, w->qscr, &ld);
    const double *T = w->m->teacher + (size_t)k * w->r * w->p;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, H, p, (int)w->r, gam, q, (int)ld, T, p, 1.0, out,
                p);
    w->flops += 2.0 * H * (double)w->r * p;
    break;
  }
  case GFD_TGT_MODADD: /* tmodadd's SYM derivative already sums the 3 slots */
    return tmodadd_grad(w->md, k, n, s * w->kappa / n1, out, e);
  case GFD_TGT_ZERO:
    break;
  }
  return GFD_OK;
}

/* Order n of every derived series and, if want, the loss at order n from its
 * formula: 1/2 ||f||^2 - <f, y> + 1/2 ||y||^2. */
static int order_series(taylor_ws *w, int n, int want, long double *direct, gfd_err *e) {
  for (int k = 0; k < w->nb; k++) gram_order(w, k, n);
  tchain_order(&w->gc, n);
  long double cross = 0;
  switch (w->target) {
  case GFD_TGT_IDENTITY:
    tchain_order(&w->ic, n);
    if (want) cross = tchain_full_sum(&w->ic, n);
    break;
  case GFD_TGT_TEACHER:
    for (int k = 0; k < w->nb; k++) teacher_order(w, k, n);
    tchain_order(&w->tc, n);
    if (want) cross = tchain_full_sum(&w->tc, n);
    break;
  case GFD_TGT_MODADD: {
    int rc = tmodadd_order(w->md, w->U, n, e);
    if (rc) return rc;
    if (want) cross = tmodadd_tri(w->md, n);
    break;
  }
  case GFD_TGT_ZERO:
    break;
  }
  *direct = 0;
  if (!want) return GFD_OK;
  *direct = 0.5L * tchain_full_sum(&w->gc, n) - (long double)w->kappa * cross;
  if (n == 0) *direct += gfd_model_target_half_norm2(w->m);
  return GFD_OK;
}

static long double blk_dot(const taylor_ws *w, int a, int b) {
  long double tot = 0;
  size_t n = w->H * w->p;
  for (int k = 0; k < w->nb; k++) {
    const double *x = tser_blk(&w->U[k], a), *y = tser_blk(&w->U[k], b);
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
      s0 += x[i] * y[i];
      s1 += x[i + 1] * y[i + 1];
      s2 += x[i + 2] * y[i + 2];
      s3 += x[i + 3] * y[i + 3];
    }
    for (; i < n; i++) s0 += x[i] * y[i];
    tot += (long double)((s0 + s1) + (s2 + s3));
  }
  return tot;
}

/* Energy route, order n >= 1 in tau: dL/dtau = -(1/s) ||dv/dtau||^2, so
 * n L_n = -(1/s) sum_{a+b=n+1, a,b>=1} a b <v_a, v_b>. */
static long double energy_coef(const taylor_ws *w, int n, double s) {
  long double tot = 0;
  for (int a = 1; 2 * a <= n + 1; a++) {
    int b = n + 1 - a;
    long double t = (long double)a * b * blk_dot(w, a, b);
    tot += (a == b) ? t : 2 * t;
  }
  return -tot / ((long double)s * n);
}

static int all_finite(const double *x, size_t n) {
  double acc = 0;
  for (size_t i = 0; i < n; i++) acc += x[i] * 0.0; /* NaN iff some x is NaN or inf */
  return acc == 0.0;
}

int taylor_ws_run(taylor_ws *w, const double *theta, const gfd_ctl *ctl, double *energy,
                  double *direct, double *scale, int *done, gfd_err *e) {
  return taylor_ws_run_n(w, w->N, theta, ctl, energy, direct, scale, done, e);
}

/* Every series keeps its layout for w->N (a reversed-horizontal series has its
 * block n at the same place whatever the run's order), so a run to N <= w->N
 * reads and writes only blocks 0..N and does the same arithmetic as a
 * workspace built for N. */
int taylor_ws_run_n(taylor_ws *w, int N, const double *theta, const gfd_ctl *ctl, double *energy,
                    double *direct, double *scale, int *done, gfd_err *e) {
  int rc = GFD_OK;
  size_t hp = w->H * w->p;
  *done = 0;
  *scale = 1;
  w->flops = 0;
  if (!all_finite(theta, hp * (size_t)w->nb))
    return gfd_err_set(e, GFD_ENUMERIC, "the parameters hold NaN or inf");
  for (int k = 0; k < w->nb; k++) memcpy(tser_blk(&w->U[k], 0), theta + (size_t)k * hp, hp * sizeof(double));
  double s = 1;
  for (int n = 0; n <= N; n++) {
    if (n > 0 && (rc = gfd_ctl_poll(ctl, e))) {
      gfd_err_set(e, rc, "%s after order %d of %d of the Taylor series",
                  rc == GFD_EINTR ? "interrupted" : "time limit reached", n - 1, N);
      break;
    }
    gfd_ctl_progress(ctl, "Taylor series", n, N);
    long double ld_direct, ld_energy;
    /* the loss formula is needed at order 0, and after only as a check */
    if ((rc = order_series(w, n, n == 0 || direct, &ld_direct, e))) break;
    ld_energy = n == 0 ? ld_direct : energy_coef(w, n, s);
    if (!isfinite((double)ld_direct) || !isfinite((double)ld_energy)) {
      rc = gfd_err_set(e, GFD_ENUMERIC, "the Taylor recursion overflowed at order %d", n);
      break;
    }
    if (energy) energy[n] = (double)ld_energy;
    if (direct) direct[n] = (double)ld_direct;
    *done = n + 1;
    if (n == N) break;
    for (int k = 0; k < w->nb && !rc; k++) rc = grad_step(w, k, n, s, e);
    if (rc) break;
    if (n == 0) { /* choose the time unit s = ||u_0|| / ||u_1|| and rescale u_1 */
      long double n0 = blk_dot(w, 0, 0), n1 = blk_dot(w, 1, 1);
      double c = (double)sqrtl(n0 / n1);
      if (n1 > 0 && isfinite(c) && c > 0) {
        s = c;
        for (int k = 0; k < w->nb; k++) {
          double *u1 = tser_blk(&w->U[k], 1);
          for (size_t i = 0; i < hp; i++) u1[i] *= s;
        }
      }
    }
  }
  *scale = s;
  if (rc == GFD_OK) gfd_ctl_progress(ctl, "Taylor series", N, N);
  return rc;
}

/* ------------------------------------------------------- unscaling */

static int unscale(const double *c, double s, int N, int done, double *coef, gfd_err *e) {
  long double f = 1;
  int bad = -1;
  for (int n = 0; n <= N; n++) {
    if (n < done) {
      coef[n] = (double)(c[n] * f);
      if (!isfinite(coef[n]) && bad < 0) bad = n;
    } else {
      coef[n] = NAN;
    }
    f /= s;
  }
  if (bad >= 0)
    return gfd_err_set(e, GFD_ENUMERIC,
                       "Taylor coefficient %d overflows double precision (convergence radius about %.3g)",
                       bad, s);
  return GFD_OK;
}

/* ------------------------------------------------------- public API */

gfd_taylor_ws *gfd_taylor_ws_new(const gfd_model *m, int N, const gfd_ctl *ctl, gfd_err *e) {
  gfd_err local;
  if (!e) e = &local;
  gfd_err_clear(e);
  return taylor_ws_new(m, N, ctl, e);
}

void gfd_taylor_ws_free(gfd_taylor_ws *w) { taylor_ws_free(w); }

int gfd_taylor_ws_order(const gfd_taylor_ws *w) { return w->N; }

static int check_ws(const gfd_taylor_ws *w, const gfd_model *m, int N, gfd_err *e) {
  if (check_N(N, e)) return GFD_EINVAL;
  if (!w) return gfd_err_set(e, GFD_EINVAL, "no Taylor workspace");
  if (w->m != m) return gfd_err_set(e, GFD_EINVAL, "the Taylor workspace was built for another model");
  if (N > w->N)
    return gfd_err_set(e, GFD_EINVAL, "series order N=%d exceeds the workspace's order %d (build one for N=%d)",
                       N, w->N, N);
  return GFD_OK;
}

int gfd_taylor_loss_scaled_ex(gfd_taylor_ws *w, const gfd_model *m, const double *theta, int N,
                              const gfd_ctl *ctl, double *coef_scaled, double *tscale, gfd_err *e) {
  gfd_err local;
  if (!e) e = &local;
  gfd_err_clear(e);
  if (check_ws(w, m, N, e)) return e->code;
  int done;
  int rc = taylor_ws_run_n(w, N, theta, ctl, coef_scaled, NULL, tscale, &done, e);
  for (int n = done; n <= N; n++) coef_scaled[n] = NAN;
  return rc;
}

int gfd_taylor_loss_ex(gfd_taylor_ws *w, const gfd_model *m, const double *theta, int N, const gfd_ctl *ctl,
                       double *coef, gfd_err *e) {
  gfd_err local;
  if (!e) e = &local;
  gfd_err_clear(e);
  if (check_ws(w, m, N, e)) return e->code;
  double c[GFD_TAYLOR_NMAX + 1], s;
  int done;
  int rc = taylor_ws_run_n(w, N, theta, ctl, c, NULL, &s, &done, e);
  gfd_err tmp;
  int rc2 = unscale(c, s, N, done, coef, rc ? &tmp : e);
  return rc ? rc : rc2;
}

/* The one-shot routines: a temporary workspace for the call. */
int gfd_taylor_loss_scaled(const gfd_model *m, const double *theta, int N, const gfd_ctl *ctl,
                           double *coef_scaled, double *tscale, gfd_err *e) {
  gfd_err local;
  if (!e) e = &local; /* to learn the code of a failed allocation */
  gfd_err_clear(e);
  taylor_ws *w = taylor_ws_new(m, N, ctl, e);
  if (!w) return e->code;
  int rc = gfd_taylor_loss_scaled_ex(w, m, theta, N, ctl, coef_scaled, tscale, e);
  taylor_ws_free(w);
  return rc;
}

int gfd_taylor_loss(const gfd_model *m, const double *theta, int N, const gfd_ctl *ctl, double *coef,
                    gfd_err *e) {
  gfd_err local;
  if (!e) e = &local;
  gfd_err_clear(e);
  taylor_ws *w = taylor_ws_new(m, N, ctl, e);
  if (!w) return e->code;
  int rc = gfd_taylor_loss_ex(w, m, theta, N, ctl, coef, e);
  taylor_ws_free(w);
  return rc;
}

/* Progress of one seed mapped into the progress of the whole ensemble. */
typedef struct {
  const gfd_ctl *outer;
  size_t k, K;
} ens_progress;

static void ens_progress_fn(void *ud, const char *what, double done, double total) {
  ens_progress *ep = ud;
  (void)what;
  gfd_ctl_progress(ep->outer, "Taylor ensemble", (double)ep->k + (total > 0 ? done / total : 0),
                   (double)ep->K);
}

int gfd_taylor_ensemble(const gfd_model *m, unsigned long seed0, size_t K, int N, const gfd_ctl *ctl,
                        double *mean, double *se, gfd_err *e) {
  return gfd_taylor_ensemble_ex(m, seed0, K, N, ctl, mean, se, NULL, e);
}

int gfd_taylor_ensemble_ex(const gfd_model *m, unsigned long seed0, size_t K, int N, const gfd_ctl *ctl,
                           double *mean, double *se, size_t *seeds_done, gfd_err *e) {
  gfd_err local;
  if (!e) e = &local;
  gfd_err_clear(e);
  if (seeds_done) *seeds_done = 0;
  if (K < 1) return gfd_err_set(e, GFD_EINVAL, "an ensemble needs at least one seed");
  if (gfd_seed_check("seed", seed0, K, e)) return GFD_EINVAL;
  if (check_N(N, e)) return GFD_EINVAL;
  size_t dim = gfd_model_dim(m), tb = taylor_ws_bytes(m, N), thb, tot;
  if (!gfd_size_mul(dim, sizeof(double), &thb) || tb == SIZE_MAX || !gfd_size_add(tb, thb, &tot))
    tot = SIZE_MAX;
  char what[96];
  snprintf(what, sizeof what, "the Taylor series of order %d", N);
  if (gfd_ctl_budget(ctl, tot, what, e)) return GFD_EBUDGET;
  taylor_ws *w = taylor_ws_new(m, N, ctl, e); /* one workspace for every seed */
  if (!w) return e->code;
  int rc = gfd_taylor_ensemble_ws(w, m, seed0, K, N, ctl, mean, se, seeds_done, e);
  taylor_ws_free(w);
  return rc;
}

int gfd_taylor_ensemble_ws(gfd_taylor_ws *w, const gfd_model *m, unsigned long seed0, size_t K, int N,
                           const gfd_ctl *ctl, double *mean, double *se, size_t *seeds_done, gfd_err *e) {
  gfd_err local;
  if (!e) e = &local;
  gfd_err_clear(e);
  if (seeds_done) *seeds_done = 0;
  if (K < 1) return gfd_err_set(e, GFD_EINVAL, "an ensemble needs at least one seed");
  if (gfd_seed_check("seed", seed0, K, e)) return GFD_EINVAL;
  if (check_ws(w, m, N, e)) return e->code;
  size_t dim = gfd_model_dim(m);
  double *theta = gfd_xmalloc(dim, sizeof(double));
  if (!theta) return gfd_err_set(e, GFD_ENOMEM, "out of memory for the ensemble parameters");
  ens_progress ep = {ctl, 0, K};
  gfd_ctl inner = {0};
  if (ctl) {
    inner = *ctl;
    inner.progress = ctl->progress ? ens_progress_fn : NULL;
    inner.progress_ud = &ep;
  }
  long double mu[GFD_TAYLOR_NMAX + 1] = {0}, m2[GFD_TAYLOR_NMAX + 1] = {0};
  size_t got = 0;
  int rc = GFD_OK;
  for (size_t k = 0; k < K && rc == GFD_OK; k++) {
    double c[GFD_TAYLOR_NMAX + 1], coef[GFD_TAYLOR_NMAX + 1], s;
    int done;
    ep.k = k;
    if ((rc = gfd_model_init_params(m, seed0 + k, theta, e))) break;
    if ((rc = taylor_ws_run_n(w, N, theta, ctl ? &inner : NULL, c, NULL, &s, &done, e))) break;
    if ((rc = unscale(c, s, N, done, coef, e))) break;
    got++; /* Welford's running mean and sum of squared deviations */
    for (int n = 0; n <= N; n++) {
      long double d = coef[n] - mu[n];
      mu[n] += d / got;
      m2[n] += d * (coef[n] - mu[n]);
    }
  }
  free(theta);
  for (int n = 0; n <= N; n++) {
    mean[n] = got ? (double)mu[n] : NAN;
    se[n] = got > 1 ? (double)sqrtl(m2[n] / (got - 1) / got) : (got ? 0.0 : NAN);
  }
  if (seeds_done) *seeds_done = got;
  if (rc == GFD_EINTR || rc == GFD_ETIME)
    gfd_err_set(e, rc, "%s after %zu of %zu seeds of the Taylor ensemble",
                rc == GFD_EINTR ? "interrupted" : "time limit reached", got, K);
  return rc;
}
