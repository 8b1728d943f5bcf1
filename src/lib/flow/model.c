/* model.c - model specs, construction (targets), memory estimates and the
 * Gaussian initialisation.  Evaluation lives in model_eval.c. */
#include <config.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "internal.h"
#include "model_internal.h"

/* Default: SYM nu=2, p=100, H=50, sigma^2 = 1/p.  The initial spectrum of
 * U U^T follows Marchenko-Pastur with c = H/p = 1/2, s = 1 (gfd-theory(7) 5.1): the
 * top eigenvalue ~ (1 + sqrt(1/2))^2 = 2.9 > 1, so descent has a visible
 * sigmoidal decay and ascent blows up near t* = -0.105. */
void gfd_spec_default(gfd_spec *s) {
  memset(s, 0, sizeof *s);
  s->kind = GFD_SYM;
  s->nu = 2;
  s->p = 100;
  s->H = 50;
  s->sigma = 0.1;
  s->target = GFD_TGT_IDENTITY;
  s->kappa = 1.0;
  s->r = 1;
  s->teacher_seed = 1;
  s->seed = 1;
}

const char *gfd_kind_name(gfd_kind k) { return k == GFD_ASYM ? "asym" : "sym"; }

const char *gfd_target_name(gfd_target t) {
  switch (t) {
  case GFD_TGT_IDENTITY: return "identity";
  case GFD_TGT_ZERO: return "zero";
  case GFD_TGT_TEACHER: return "teacher";
  case GFD_TGT_MODADD: return "modadd";
  }
  return "?";
}

int gfd_kind_parse(const char *s, gfd_kind *out) {
  if (!s) return GFD_EINVAL;
  if (!strcasecmp(s, "sym")) *out = GFD_SYM;
  else if (!strcasecmp(s, "asym")) *out = GFD_ASYM;
  else return GFD_EINVAL;
  return GFD_OK;
}

int gfd_target_parse(const char *s, gfd_target *out) {
  static const gfd_target all[] = {GFD_TGT_IDENTITY, GFD_TGT_ZERO, GFD_TGT_TEACHER, GFD_TGT_MODADD};
  if (!s) return GFD_EINVAL;
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    if (!strcasecmp(s, gfd_target_name(all[i]))) {
      *out = all[i];
      return GFD_OK;
    }
  return GFD_EINVAL;
}

static size_t spec_blocks(const gfd_spec *s) { return s->kind == GFD_ASYM ? (size_t)s->nu : 1; }

size_t gfd_spec_dim(const gfd_spec *s) {
  size_t hp, d;
  if (!gfd_size_mul(s->H, s->p, &hp) || !gfd_size_mul(hp, spec_blocks(s), &d)) return 0;
  return d;
}

/* Doubles held by the model itself (teacher factors and their Grams; the
 * dense target of the dense route). */
static int model_doubles(const gfd_spec *s, gfd_route route, size_t *out) {
  *out = 0;
  size_t nd;
  if (route == GFD_ROUTE_PACKED) { /* multiplicities, indices (as doubles, rounded up), binomials and Y */
    if (!gfd_route_packed_rows(s, &nd)) return 0;
    *out = nd + (nd * (size_t)(s->nu - 1) + 1) / 2 + (s->p + (size_t)s->nu) * (size_t)s->nu +
           (s->target != GFD_TGT_ZERO ? nd * s->p : 0);
  }
  if (route == GFD_ROUTE_DENSE && s->target != GFD_TGT_ZERO && (!gfd_route_entries(s, &nd) || !gfd_size_add(*out, nd, out)))
    return 0;
  if (s->target != GFD_TGT_TEACHER) return 1;
  size_t nb = spec_blocks(s), rp, rr, a, b;
  return gfd_size_mul(s->r, s->p, &rp) && gfd_size_mul(rp, nb, &a) && gfd_size_mul(s->r, s->r, &rr) &&
         gfd_size_mul(rr, nb, &b) && gfd_size_add(a, b, &a) && gfd_size_add(*out, a, out);
}

/* Doubles of one gfd_work (see struct gfd_work). */
static int work_doubles(const gfd_spec *s, gfd_route route, size_t *out) {
  size_t nb = spec_blocks(s), hh, g, tot, hr, c;
  if (route == GFD_ROUTE_DENSE) { /* f, two p^(nu-1) and one p vector */
    size_t nd;
    if (!gfd_route_entries(s, &nd)) return 0;
    *out = nd + 2 * (nd / s->p) + s->p;
    return 1;
  }
  if (route == GFD_ROUTE_PACKED) { /* F, W and one tile of P */
    size_t nd;
    if (!gfd_route_packed_rows(s, &nd)) return 0;
    *out = 2 * nd * s->p + gfd_route_packed_tile();
    return 1;
  }
  if (!gfd_size_mul(s->H, s->H, &hh) || !gfd_size_mul(hh, nb, &g)) return 0;
  /* G blocks + M, plus the prefix product for ASYM */
  if (!gfd_size_add(g, hh, &tot)) return 0;
  if (s->kind == GFD_ASYM && !gfd_size_add(tot, hh, &tot)) return 0;
  if (s->target == GFD_TGT_TEACHER) {
    if (!gfd_size_mul(s->H, s->r, &hr) || !gfd_size_mul(hr, nb + 1, &c) || !gfd_size_add(tot, c, &tot))
      return 0;
  }
  if (s->target == GFD_TGT_MODADD) {
    if (!gfd_size_mul(s->p, 2, &c) || !gfd_size_add(tot, c, &tot)) return 0;
  }
  *out = tot;
  return 1;
}

static size_t doubles_to_bytes(size_t n, size_t extra) {
  size_t b;
  if (!gfd_size_mul(n, sizeof(double), &b) || !gfd_size_add(b, extra, &b)) return SIZE_MAX;
  return b;
}

size_t gfd_spec_bytes(const gfd_spec *s) {
  size_t md, wd, dim = gfd_spec_dim(s), tot;
  gfd_route r = gfd_spec_route(s);
  if (!dim || !model_doubles(s, r, &md) || !work_doubles(s, r, &wd)) return SIZE_MAX;
  if (!gfd_size_add(md, wd, &tot) || !gfd_size_add(tot, dim, &tot)) return SIZE_MAX;
  return doubles_to_bytes(tot, sizeof(gfd_model) + sizeof(gfd_work));
}

/* GSL seeds its generators with 32 bits and maps 0 to a default seed, so
 * seeds outside 1..2^32-1 would silently repeat other instances. */
int gfd_seed_check(const char *what, unsigned long seed0, size_t K, gfd_err *e) {
  const unsigned long max = 4294967295UL;
  if (seed0 < 1 || seed0 > max || K > max || seed0 - 1 > max - K)
    return gfd_err_set(e, GFD_EINVAL,
                       "%s=%lu%s: seeds must lie in 1..4294967295 (GSL uses 32 bits and maps 0 to "
                       "another seed)",
                       what, seed0, K > 1 ? " with this many seeds" : "");
  return GFD_OK;
}

int gfd_spec_check(const gfd_spec *s, gfd_err *e) {
  if (!s) return gfd_err_set(e, GFD_EINVAL, "no model spec given");
  if (s->kind != GFD_SYM && s->kind != GFD_ASYM)
    return gfd_err_set(e, GFD_EINVAL, "unknown model kind %d (sym or asym)", (int)s->kind);
  if (s->nu < GFD_NU_MIN || s->nu > GFD_NU_MAX)
    return gfd_err_set(e, GFD_EINVAL, "nu=%d is out of range (%d..%d)", s->nu, GFD_NU_MIN, GFD_NU_MAX);
  if (s->p < 1) return gfd_err_set(e, GFD_EINVAL, "p=%zu must be at least 1", s->p);
  if (s->H < 1) return gfd_err_set(e, GFD_EINVAL, "H=%zu must be at least 1", s->H);
  if (s->p > INT_MAX || s->H > INT_MAX || (s->target == GFD_TGT_TEACHER && s->r > INT_MAX))
    return gfd_err_set(e, GFD_EINVAL, "p, H and r must be below %d (CBLAS uses int sizes)", INT_MAX);
  if (!isfinite(s->sigma) || !(s->sigma > 0))
    return gfd_err_set(e, GFD_EINVAL, "sigma=%g must be finite and positive", s->sigma);
  if (!isfinite(s->kappa)) return gfd_err_set(e, GFD_EINVAL, "kappa=%g must be finite", s->kappa);
  if (gfd_seed_check("seed", s->seed, 1, e) || gfd_seed_check("tseed", s->teacher_seed, 1, e)) return GFD_EINVAL;
  switch (s->target) {
  case GFD_TGT_IDENTITY:
  case GFD_TGT_ZERO:
    break;
  case GFD_TGT_TEACHER:
    if (s->r < 1) return gfd_err_set(e, GFD_EINVAL, "teacher rank r=%zu must be at least 1", s->r);
    break;
  case GFD_TGT_MODADD:
    if (s->nu != 3)
      return gfd_err_set(e, GFD_EINVAL, "target modadd needs nu=3 (got nu=%d)", s->nu);
    break;
  default:
    return gfd_err_set(e, GFD_EINVAL, "unknown target %d", (int)s->target);
  }
  if (!gfd_spec_dim(s) || gfd_spec_bytes(s) == SIZE_MAX)
    return gfd_err_set(e, GFD_EINVAL, "sizes p=%zu, H=%zu%s overflow the address space", s->p, s->H,
                       s->target == GFD_TGT_TEACHER ? " (with the teacher rank)" : "");
  return GFD_OK;
}

/* Teacher factors: N(0,1) rows normalised to unit norm, drawn in storage
 * order from taus2 seeded with teacher_seed.  A different generator family
 * from the initialisation's mt19937, so teacher_seed == seed gives no
 * correlation between teacher and student. */
static int build_teacher(gfd_model *m, gfd_err *e) {
  const gfd_spec *s = &m->spec;
  size_t nb = m->nblk, r = s->r, p = s->p;
  m->r = r;
  m->teacher = gfd_xmalloc(nb * r * p, sizeof(double));
  m->teacher_gram = gfd_xmalloc(nb * r * r, sizeof(double));
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_taus2);
  if (!m->teacher || !m->teacher_gram || !rng) {
    gsl_rng_free(rng);
    return gfd_err_set(e, GFD_ENOMEM, "out of memory for the teacher target (rank %zu)", r);
  }
  gsl_rng_set(rng, s->teacher_seed);
  for (size_t row = 0; row < nb * r; row++) {
    double *t = m->teacher + row * p, n2;
    do { /* a zero row has probability 0 but would break the normalisation */
      n2 = 0;
      for (size_t i = 0; i < p; i++) {
        t[i] = gsl_ran_gaussian(rng, 1.0);
        n2 += t[i] * t[i];
      }
    } while (!(n2 > 0));
    double inv = 1.0 / sqrt(n2);
    for (size_t i = 0; i < p; i++) t[i] *= inv;
  }
  gsl_rng_free(rng);
  /* Grams T_k T_k^T and ||y||^2 = kappa^2 sum_{jj'} prod_k (T_k T_k^T)_{jj'} */
  for (size_t k = 0; k < nb; k++) {
    const double *T = m->teacher + k * r * p;
    double *Gk = m->teacher_gram + k * r * r;
    for (size_t a = 0; a < r; a++)
      for (size_t b = a; b < r; b++) {
        double d = 0;
        for (size_t i = 0; i < p; i++) d += T[a * p + i] * T[b * p + i];
        Gk[a * r + b] = Gk[b * r + a] = d;
      }
  }
  double sum = 0;
  for (size_t j = 0; j < r * r; j++) {
    double prod = 1;
    if (nb == 1) {
      for (int k = 0; k < s->nu; k++) prod *= m->teacher_gram[j];
    } else {
      for (size_t k = 0; k < nb; k++) prod *= m->teacher_gram[k * r * r + j];
    }
    sum += prod;
  }
  m->y_half_norm2 = 0.5 * s->kappa * s->kappa * sum;
  return GFD_OK;
}

gfd_model *gfd_model_new(const gfd_spec *s, const gfd_ctl *ctl, gfd_err *e) {
  int rc = gfd_spec_check(s, e);
  if (rc) return NULL;
  if (gfd_ctl_budget(ctl, gfd_spec_bytes(s), "this model (parameters and workspace)", e)) return NULL;
  gfd_model *m = calloc(1, sizeof *m);
  if (!m) {
    gfd_err_set(e, GFD_ENOMEM, "out of memory for the model");
    return NULL;
  }
  m->spec = *s;
  m->nblk = spec_blocks(s);
  m->dim = gfd_spec_dim(s);
  switch (s->target) {
  case GFD_TGT_IDENTITY:
    m->y_half_norm2 = 0.5 * s->kappa * s->kappa * (double)s->p;
    break;
  case GFD_TGT_ZERO:
    m->y_half_norm2 = 0;
    break;
  case GFD_TGT_MODADD: /* p^2 entries equal to kappa */
    m->y_half_norm2 = 0.5 * s->kappa * s->kappa * (double)s->p * (double)s->p;
    break;
  case GFD_TGT_TEACHER:
    if (build_teacher(m, e)) {
      gfd_model_free(m);
      return NULL;
    }
    break;
  }
  gfd_route r = gfd_spec_route(s);
  if (r != GFD_ROUTE_GRAM && gfd_model_set_route(m, r, NULL, e)) {
    gfd_model_free(m);
    return NULL;
  }
  return m;
}

gfd_route gfd_model_route(const gfd_model *m) { return m->route; }

int gfd_model_set_route(gfd_model *m, gfd_route r, const gfd_ctl *ctl, gfd_err *e) {
  if (r == GFD_ROUTE_PACKED) { /* the tables stay until the model is freed: workspaces made for it need them */
    size_t md;
    if (m->spec.kind != GFD_SYM) return gfd_err_set(e, GFD_EBUDGET, "the packed route is for SYM models only");
    if (!m->pk_idx && model_doubles(&m->spec, r, &md) &&
        gfd_ctl_budget(ctl, doubles_to_bytes(md, 0), "the packed route's tables", e))
      return GFD_EBUDGET;
    int rc = gfd_model_packed_build(m, e);
    if (rc) return rc;
    m->route = r;
    return GFD_OK;
  }
  if (r == GFD_ROUTE_GRAM) {
    free(m->ydense);
    m->ydense = NULL;
    m->route = r;
    return GFD_OK;
  }
  size_t nd, md;
  if (!gfd_route_entries(&m->spec, &nd))
    return gfd_err_set(e, GFD_EBUDGET, "the dense route needs p^nu <= %zu entries", GFD_DENSE_MAX);
  if (!model_doubles(&m->spec, r, &md) ||
      gfd_ctl_budget(ctl, doubles_to_bytes(md, 0), "the dense target tensor", e))
    return GFD_EBUDGET;
  if (m->spec.target != GFD_TGT_ZERO && !m->ydense) {
    if (!(m->ydense = gfd_xmalloc(nd, sizeof(double))))
      return gfd_err_set(e, GFD_ENOMEM, "out of memory for the dense target tensor");
    int rc = gfd_model_dense(m, NULL, NULL, m->ydense, e);
    if (rc) {
      free(m->ydense);
      m->ydense = NULL;
      return rc;
    }
  }
  m->route = r;
  return GFD_OK;
}

void gfd_model_free(gfd_model *m) {
  if (!m) return;
  free(m->ydense);
  gfd_model_packed_free(m);
  free(m->teacher);
  free(m->teacher_gram);
  free(m);
}

const gfd_spec *gfd_model_spec(const gfd_model *m) { return &m->spec; }
size_t gfd_model_dim(const gfd_model *m) { return m->dim; }
double gfd_model_target_half_norm2(const gfd_model *m) { return m->y_half_norm2; }

/* iid N(0, sigma^2) in theta order from mt19937 seeded with `seed`.  The
 * seed rule is checked here, where every caller passes: GSL maps seed 0 to
 * its default 4357 and keeps 32 bits, so other seeds would silently repeat
 * another instance. */
int gfd_model_init_params(const gfd_model *m, unsigned long seed, double *theta, gfd_err *e) {
  if (gfd_seed_check("seed", seed, 1, e)) return GFD_EINVAL;
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
  if (!rng) return gfd_err_set(e, GFD_ENOMEM, "out of memory for the random generator");
  gsl_rng_set(rng, seed);
  for (size_t i = 0; i < m->dim; i++) theta[i] = gsl_ran_gaussian(rng, m->spec.sigma);
  gsl_rng_free(rng);
  return GFD_OK;
}

gfd_work *gfd_work_new(const gfd_model *m, const gfd_ctl *ctl, gfd_err *e) {
  const gfd_spec *s = &m->spec;
  size_t wd;
  if (!work_doubles(s, m->route, &wd)) {
    gfd_err_set(e, GFD_EINVAL, "workspace size overflows");
    return NULL;
  }
  if (gfd_ctl_budget(ctl, doubles_to_bytes(wd, sizeof(gfd_work)), "the evaluation workspace", e))
    return NULL;
  gfd_work *w = calloc(1, sizeof *w);
  if (!w) goto nomem;
  w->H = s->H;
  w->p = s->p;
  w->nblk = m->nblk;
  w->r = m->r;
  w->route = m->route;
  if (m->route == GFD_ROUTE_PACKED) { /* F = P^T U, W and one tile of P */
    w->nd = m->pk_n * s->p;
    w->F = gfd_xmalloc(w->nd, sizeof(double));
    w->db = gfd_xmalloc(w->nd, sizeof(double));
    w->da = gfd_xmalloc(gfd_route_packed_tile(), sizeof(double));
    if (!w->F || !w->db || !w->da) goto nomem;
    return w;
  }
  if (m->route == GFD_ROUTE_DENSE) { /* no Gram buffers: at the dense route's sizes H^2 can be huge */
    gfd_route_entries(s, &w->nd);
    w->F = gfd_xmalloc(w->nd, sizeof(double));
    w->da = gfd_xmalloc(w->nd / s->p, sizeof(double));
    w->db = gfd_xmalloc(w->nd / s->p, sizeof(double));
    w->dv = gfd_xmalloc(s->p, sizeof(double));
    if (!w->F || !w->da || !w->db || !w->dv) goto nomem;
    return w;
  }
  size_t hh = s->H * s->H;
  w->G = gfd_xmalloc(hh * m->nblk, sizeof(double));
  w->M = gfd_xmalloc(hh, sizeof(double));
  if (!w->G || !w->M) goto nomem;
  if (s->kind == GFD_ASYM && !(w->pre = gfd_xmalloc(hh, sizeof(double)))) goto nomem;
  if (s->target == GFD_TGT_TEACHER) {
    w->C = gfd_xmalloc(s->H * m->r * m->nblk, sizeof(double));
    w->CM = gfd_xmalloc(s->H * m->r, sizeof(double));
    if (!w->C || !w->CM) goto nomem;
  }
  if (s->target == GFD_TGT_MODADD && !(w->vec = gfd_xmalloc(2 * s->p, sizeof(double)))) goto nomem;
  return w;
nomem:
  gfd_work_free(w);
  gfd_err_set(e, GFD_ENOMEM, "out of memory for the evaluation workspace");
  return NULL;
}

void gfd_work_free(gfd_work *w) {
  if (!w) return;
  free(w->G);
  free(w->M);
  free(w->pre);
  free(w->C);
  free(w->CM);
  free(w->vec);
  free(w->F);
  free(w->da);
  free(w->db);
  free(w->dv);
  free(w);
}

/* ------------------------------------------------------------ dense (tests) */

/* y at index idx[0..nu-1] (the target's definition, model_internal.h) */
double gfd_model_y_entry(const gfd_model *m, const size_t *idx) {
  const gfd_spec *s = &m->spec;
  size_t p = s->p;
  int nu = s->nu;
  double v = 0;
  switch (s->target) {
  case GFD_TGT_IDENTITY: {
    int diag = 1;
    for (int k = 1; k < nu; k++) diag &= idx[k] == idx[0];
    v = diag ? s->kappa : 0;
    break;
  }
  case GFD_TGT_ZERO:
    break;
  case GFD_TGT_MODADD:
    v = (idx[0] + idx[1]) % p == idx[2] ? s->kappa : 0;
    break;
  case GFD_TGT_TEACHER:
    for (size_t j = 0; j < m->r; j++) {
      double prod = 1;
      for (int k = 0; k < nu; k++) {
        size_t blk = m->nblk == 1 ? 0 : (size_t)k;
        prod *= m->teacher[(blk * m->r + j) * p + idx[k]];
      }
      v += prod;
    }
    v *= s->kappa;
    break;
  }
  return v;
}

int gfd_model_dense(const gfd_model *m, const double *theta, double *f, double *y, gfd_err *e) {
  const gfd_spec *s = &m->spec;
  size_t n, p = s->p, H = s->H;
  int nu = s->nu;
  if (!gfd_route_entries(s, &n))
    return gfd_err_set(e, GFD_EBUDGET, "dense tensors are for tiny sizes only (p^nu <= %zu)",
                       GFD_DENSE_MAX);
  size_t idx[GFD_NU_MAX];
  for (size_t lin = 0; lin < n; lin++) {
    size_t rem = lin;
    for (int k = nu - 1; k >= 0; k--) {
      idx[k] = rem % p;
      rem /= p;
    }
    if (f) {
      double sum = 0;
      for (size_t h = 0; h < H; h++) {
        double prod = 1;
        for (int k = 0; k < nu; k++) {
          size_t blk = m->nblk == 1 ? 0 : (size_t)k;
          prod *= theta[(blk * H + h) * p + idx[k]];
        }
        sum += prod;
      }
      f[lin] = sum;
    }
    if (y) y[lin] = gfd_model_y_entry(m, idx);
  }
  return GFD_OK;
}
