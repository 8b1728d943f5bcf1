/* figure_table.c - the paper's experiment figures: ids, panels, and the
 * models of each curve at the paper's size and at a small one.
 *
 * The paper leaves some parameters to the reader; the choices made here
 * follow from its formulas (gfd-theory(7) section 6):
 *  - figures asym3-free, sym4-free, sym4-free-app plot the loss normalised
 *    to E L(0) = 1.  With the identity target L(0) >= p/2, so these are
 *    zero-target runs (the free-evolution regime is the one where the target
 *    is negligible).  The zero-target flow is homogeneous: with u = sigma v
 *    the curve against t sigma^(2(nu-1)) does not depend on sigma, so the
 *    paper's choice of T (a multiple of sigma^(2(nu-1))) makes sigma drop out;
 *    gfd takes sigma with E L(0) = 1 exactly and T from the paper's c.
 *  - asym3-free `over` (H = p^3) is the lazy (NTK) law: L = L(0) exp(-2 k t),
 *    k = 3 H sigma^4, which is the paper's e^(-c t) with c = 6 H sigma^4 / T. */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "gfd/figure.h"

typedef struct fig_def {
  const char *id;
  const char *panels[5]; /* NULL-terminated; {""} for one panel */
} fig_def;

static const fig_def figs[] = {
    {"nu2-main", {"", NULL}},
    {"nu2-app", {"noisy-under", "noisy-over", "lownoise-under", "general", NULL}},
    {"asym3-free", {"over", "under", NULL}},
    {"sym4-free", {"", NULL}},
    {"sym4-free-app", {"under", "over", NULL}},
    {"sym4-ascent", {"phase", "curves", NULL}},
};
#define NFIGS (sizeof figs / sizeof figs[0])

const char *gfd_figure_id(size_t i) { return i < NFIGS ? figs[i].id : NULL; }

static const fig_def *find_fig(const char *fig) {
  for (size_t i = 0; fig && i < NFIGS; i++)
    if (strcmp(figs[i].id, fig) == 0) return &figs[i];
  return NULL;
}

const char *gfd_figure_panel_name(const char *fig, size_t j) {
  const fig_def *f = find_fig(fig);
  if (!f) return NULL;
  for (size_t k = 0; k <= j; k++)
    if (!f->panels[k]) return NULL;
  return f->panels[j];
}

static int panel_index(const fig_def *f, const char *panel) {
  if (!panel || !*panel) return 0;
  for (int k = 0; f->panels[k]; k++)
    if (strcmp(f->panels[k], panel) == 0) return k;
  return -1;
}

int gfd_figure_exists(const char *fig, const char *panel) {
  const fig_def *f = find_fig(fig);
  return f && panel_index(f, panel) >= 0;
}

/* ------------------------------------------------------------- builders */
static void spec_base(gfd_spec *s, gfd_kind kind, int nu, size_t p, size_t H, double sigma2,
                      gfd_target tgt) {
  gfd_spec_default(s);
  s->kind = kind;
  s->nu = nu;
  s->p = p;
  s->H = H;
  s->sigma = sqrt(sigma2);
  s->target = tgt;
  s->kappa = 1;
  s->seed = 1;
}

static gfd_fig_curve *add_curve(gfd_fig_panel *P, const char *tag) {
  gfd_fig_curve *c = &P->c[P->ncurves++];
  memset(c, 0, sizeof *c);
  snprintf(c->tag, sizeof c->tag, "%s", tag);
  c->T = 1;
  return c;
}

/* SYM nu = 2, identity target, H/p = cH and p sigma^2 = s, T = 1. */
static void nu2_curve(gfd_fig_panel *P, size_t p, size_t H, double s, int tag_h_only) {
  char tag[32];
  if (tag_h_only) snprintf(tag, sizeof tag, "H=%zu", H);
  else snprintf(tag, sizeof tag, "p=%zu H=%zu", p, H);
  gfd_fig_curve *c = add_curve(P, tag);
  spec_base(&c->spec, GFD_SYM, 2, p, H, s / (double)p, GFD_TGT_IDENTITY);
  c->own_theory = tag_h_only;
}

/* Zero-target sigma^2 with E L(0) = 1/2 H p C sigma^(2 nu) = 1: ASYM nu = 3
 * has C = p^2 (E||f||^2 = H p^3 sigma^6: cross terms average to zero), SYM
 * nu = 4 the exact-moment C = (p+2) [(p+4)(p+6) + 3 (H-1)]. */
static double sigma2_unit_loss(gfd_kind kind, int nu, double p, double H) {
  double C = kind == GFD_ASYM ? p * p : (p + 2) * ((p + 4) * (p + 6) + 3 * (H - 1));
  return pow(2.0 / (H * p * C), 1.0 / nu);
}

static void asym3_curve(gfd_fig_panel *P, size_t p, size_t H, const char *ctag, double c, int over) {
  char tag[32];
  snprintf(tag, sizeof tag, "c=%s", ctag);
  gfd_fig_curve *k = add_curve(P, tag);
  double s2 = sigma2_unit_loss(GFD_ASYM, 3, (double)p, (double)H);
  spec_base(&k->spec, GFD_ASYM, 3, p, H, s2, GFD_TGT_ZERO);
  /* over: c = 6 H sigma^4 / T; under: c = 4 p^2 sigma^4 / T */
  k->T = (over ? 6.0 * (double)H : 4.0 * (double)p * (double)p) * s2 * s2 / c;
  k->own_theory = 1;
}

/* SYM nu = 4 zero target, T from the paper's constant: T = Tmul sigma^6. */
static gfd_fig_curve *sym4_curve(gfd_fig_panel *P, const char *tag, size_t p, size_t H, double Tmul,
                                 double collapse) {
  gfd_fig_curve *k = add_curve(P, tag);
  double s2 = sigma2_unit_loss(GFD_SYM, 4, (double)p, (double)H);
  spec_base(&k->spec, GFD_SYM, 4, p, H, s2, GFD_TGT_ZERO);
  k->T = Tmul * s2 * s2 * s2;
  k->collapse = collapse;
  return k;
}

static void fill_nu2_main(gfd_fig_panel *P, int small) {
  size_t p = small ? 64 : 512;
  P->title = "SYM nu=2, three widths H, small init p sigma^2 = 0.01: loss L/(p/2) against t";
  P->x0 = 0, P->x1 = 3, P->yq = GFD_FIG_Y_HALFP, P->ylabel = "L/(p/2)";
  nu2_curve(P, p, 2 * p, 0.01, 1);
  nu2_curve(P, p, p, 0.01, 1);
  nu2_curve(P, p, p / 2, 0.01, 1);
  P->grads = 950;
  P->paper_size = "p = 512, H = 1024, 512, 256";
  P->decision = "theory: the Marchenko-Pastur limit (H/p, p sigma^2) of each width";
}

static void fill_nu2_app(gfd_fig_panel *P, int which, int small) {
  static const size_t sz[4][2][3][2] = {
      /* paper sizes and small sizes (p, H) */
      {{{8, 2}, {16, 4}, {32, 8}}, {{8, 2}, {16, 4}, {32, 8}}},
      {{{1, 8}, {2, 16}, {4, 32}}, {{1, 8}, {2, 16}, {4, 32}}},
      {{{16, 2}, {32, 4}, {64, 8}}, {{16, 2}, {32, 4}, {64, 8}}},
      {{{128, 128}, {256, 256}, {512, 512}}, {{16, 16}, {32, 32}, {64, 64}}},
  };
  static const double s[4] = {16, 10, 0.01, 1};
  static const double x1[4] = {0.3, 1, 3, 3};
  static const int logy[4] = {1, 1, 0, 1};
  static const char *const titles[4] = {
      "SYM nu=2 noisy under-parameterised, (H/p, p sigma^2) = (1/4, 16)",
      "SYM nu=2 noisy over-parameterised, (H/p, p sigma^2) = (8, 10)",
      "SYM nu=2 low-noise under-parameterised, (H/p, p sigma^2) = (1/8, 0.01)",
      "SYM nu=2 general, (H/p, p sigma^2) = (1, 1)"};
  static const char *const papers[4] = {"(p, H) = (8, 2), (16, 4), (32, 8)",
                                        "(p, H) = (1, 8), (2, 16), (4, 32)",
                                        "(p, H) = (16, 2), (32, 4), (64, 8)",
                                        "p = H = 128, 256, 512"};
  static const double grads[4] = {300, 670, 650, 1400};
  P->title = titles[which];
  P->x0 = 0, P->x1 = x1[which], P->logy = logy[which];
  P->yq = GFD_FIG_Y_HALFP, P->ylabel = "L/(p/2)";
  for (int k = 0; k < 3; k++) nu2_curve(P, sz[which][small][k][0], sz[which][small][k][1], s[which], 0);
  P->shared_theory = 1;
  P->grads = grads[which];
  P->paper_size = papers[which];
  P->decision = "theory: the Marchenko-Pastur limit of the panel's (H/p, p sigma^2); "
                "the three sizes show how fast it is approached";
}

static void fill_asym3(gfd_fig_panel *P, int over, int small) {
  static const char *const ct[3] = {"1", "1/2", "1/4"};
  static const double cv[3] = {1, 0.5, 0.25};
  P->x0 = 0, P->x1 = 10, P->logy = 1, P->yq = GFD_FIG_Y_REL, P->ylabel = "L/L(0)";
  if (over) {
    size_t p = small ? 8 : 32;
    P->title = "ASYM nu=3 free evolution, over-parameterised H = p^3: lazy (NTK) law exp(-c t)";
    for (int k = 0; k < 3; k++) asym3_curve(P, p, p * p * p, ct[k], cv[k], 1);
    P->grads = 370;
    P->paper_size = "p = 32, H = p^3 = 32768";
    P->decision = "zero target (the loss is normalised to E L(0) = 1); theory: the NTK rate "
                  "k = 3 H sigma^4, L = L(0) exp(-2 k t) = exp(-c x)";
  } else {
    size_t p = small ? 32 : 128;
    P->title = "ASYM nu=3 free evolution, under-parameterised p = H: (1 + c t)^(-3/2)";
    for (int k = 0; k < 3; k++) asym3_curve(P, p, p, ct[k], cv[k], 0);
    P->grads = 290;
    P->paper_size = "p = H = 128";
    P->decision = "zero target (the loss is normalised to E L(0) = 1); theory: the diagonal "
                  "free-evolution law (1 + 4 p^2 sigma^4 t)^(-3/2)";
  }
}

static void fill_sym4_free(gfd_fig_panel *P, int small) {
  size_t p = small ? 16 : 64;
  P->title = "SYM nu=4 free evolution, H = 4p^2, p^2, p^2/4: L/L(0) against c t + 1, slope -4/3";
  P->x0 = 0, P->x1 = 40, P->logx = 1, P->logy = 1, P->yq = GFD_FIG_Y_REL, P->ylabel = "L/L(0)";
  size_t Hs[3] = {4 * p * p, p * p, p * p / 4};
  for (int k = 0; k < 3; k++) {
    char tag[32];
    snprintf(tag, sizeof tag, "H=%zu", Hs[k]);
    double theta = 1 + 3.0 * (double)Hs[k] / ((double)p * (double)p);
    /* T = 96 p^3 sigma^6, c = 24 theta p^3 sigma^6 / T = theta / 4 */
    gfd_fig_curve *c = sym4_curve(P, tag, p, Hs[k], 96.0 * (double)p * (double)p * (double)p, theta / 4);
    c->own_theory = 1;
  }
  P->grads = 480;
  P->paper_size = "p = 64, H = 16384, 4096, 1024";
  P->decision = "the paper gives no sigma: zero target with E L(0) = 1, and T = 96 p^3 sigma^6 makes "
                "the curve independent of sigma; time range t in [0, 40] (not given); theory: the "
                "mean-dominated law with the exact-moment constant C_p = (p+2)[(p+4)(p+6)+3(H-1)] "
                "(the paper's theta p^3 is its large-p form; the x axis uses the paper's c = theta/4)";
}

static void fill_sym4_free_app(gfd_fig_panel *P, int over, int small) {
  P->x0 = 0, P->x1 = 400, P->logx = 1, P->logy = 1, P->yq = GFD_FIG_Y_REL, P->ylabel = "L/L(0)";
  P->shared_theory = 1;
  if (!over) {
    static const size_t ps[3] = {16, 32, 64};
    P->title = "SYM nu=4 free evolution, under-parameterised H = p/2, c = 1/4: (1 + c t)^(-4/3)";
    for (int k = 0; k < 3; k++) {
      char tag[32];
      snprintf(tag, sizeof tag, "p=%zu H=%zu", ps[k], ps[k] / 2);
      double p3 = (double)ps[k] * ps[k] * ps[k];
      sym4_curve(P, tag, ps[k], ps[k] / 2, 96.0 * p3, 0.25); /* c = 24 p^3 sigma^6 / T = 1/4 */
    }
    P->grads = 400;
    P->paper_size = "p = 16, 32, 64 with H = p/2";
    P->decision = "zero target, E L(0) = 1, time range t in [0, 400] (not given); theory: the "
                  "diagonal free-evolution law with c = 1/4";
  } else {
    static const size_t pp[2][3] = {{4, 8, 16}, {2, 4, 8}};
    P->title = "SYM nu=4 free evolution, over-parameterised H = p^3, c = 1/4: (1 + c t)^(-4/3)";
    for (int k = 0; k < 3; k++) {
      size_t p = pp[small][k], H = p * p * p;
      char tag[32];
      snprintf(tag, sizeof tag, "p=%zu H=%zu", p, H);
      sym4_curve(P, tag, p, H, 288.0 * (double)p * (double)H, 0.25); /* c = 72 p H sigma^6 / T */
    }
    P->grads = 450;
    P->paper_size = "(p, H) = (4, 64), (8, 512), (16, 4096)";
    P->decision = "zero target, E L(0) = 1, time range t in [0, 400] (not given); theory: the "
                  "limit law (1 + t/4)^(-4/3); at finite p the mean-dominated rate is "
                  "(p^3 + 3 H p) / (12 p H) = 1/4 + 1/(12 p), the p^3 part the paper's c leaves out";
  }
}

static void fill_sym4_ascent(gfd_fig_panel *P, int curves, int small) {
  if (!curves) {
    P->phase = 1;
    P->title = "SYM nu=4 gradient ascent: divergence rate over (theta, rho), limit rho* / theta";
    P->x0 = 0, P->x1 = 0, P->yq = GFD_FIG_Y_LOSS, P->ylabel = "rho";
    P->paper_size = "p = 64, 16 x 16 log grid, 10 runs a cell";
    P->decision = "drawn by the `phase` command";
    return;
  }
  size_t p = small ? 16 : 256, H = 3 * p * p; /* theta = 1 + 3 H / p^2 = 10 */
  static const char *const tags[2] = {"high-noise", "low-noise"};
  static const double rho[2] = {0.419940, 0.104985};
  P->title = "SYM nu=4 gradient ascent, theta = 10, T = sigma^2: high noise blows up, low noise converges";
  P->x0 = -0.04, P->x1 = 0, P->yq = GFD_FIG_Y_LOSS, P->ylabel = "L";
  for (int k = 0; k < 2; k++) {
    gfd_fig_curve *c = add_curve(P, tags[k]);
    double p3 = (double)p * p * p;
    spec_base(&c->spec, GFD_SYM, 4, p, H, sqrt(rho[k] / p3), GFD_TGT_IDENTITY);
    c->T = c->spec.sigma * c->spec.sigma;
    c->own_theory = 1;
  }
  P->grads = 600;
  P->paper_size = "p = 256, H = 196608 (theta = 10)";
  P->decision = "theory: the mean-field ascent solution at kappa4 = sigma^4 (p^3 + 3 (H-1) p); at "
                "finite p the largest unit blows up first, earlier than the limit";
}

int gfd_figure_panel(const char *fig, const char *panel, gfd_fig_size size, gfd_fig_panel *out,
                     gfd_err *e) {
  const fig_def *f = find_fig(fig);
  if (!f) {
    char ids[160] = "";
    for (size_t i = 0; i < NFIGS; i++)
      snprintf(ids + strlen(ids), sizeof ids - strlen(ids), "%s%s", i ? ", " : "", figs[i].id);
    return gfd_err_set(e, GFD_EINVAL, "no figure '%s': the figures are %s", fig ? fig : "", ids);
  }
  int j = panel_index(f, panel);
  if (j < 0) {
    char names[160] = "";
    for (int k = 0; f->panels[k]; k++)
      snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", k ? ", " : "", f->panels[k]);
    if (!f->panels[0][0])
      return gfd_err_set(e, GFD_EINVAL, "figure %s has one panel (no panel= names)", f->id);
    return gfd_err_set(e, GFD_EINVAL, "figure %s has no panel '%s': its panels are %s", f->id, panel, names);
  }
  memset(out, 0, sizeof *out);
  out->figure = f->id;
  out->panel = f->panels[j];
  out->size = size;
  int small = size == GFD_FIG_SIZE_SMALL;
  switch (f - figs) {
  case 0: fill_nu2_main(out, small); break;
  case 1: fill_nu2_app(out, j, small); break;
  case 2: fill_asym3(out, j == 0, small); break;
  case 3: fill_sym4_free(out, small); break;
  case 4: fill_sym4_free_app(out, j == 1, small); break;
  default: fill_sym4_ascent(out, j == 1, small); break;
  }
  return GFD_OK;
}
