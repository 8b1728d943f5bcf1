/* view_units.c - the units a plot is drawn in, and the conversion of the
 * session's curves, marks and truncated series into them.
 *
 * Each curve carries its units (plot.h curve_units): the loss or its excess,
 * against t, or both scaled by the factors of a scaling limit (tau = p^g t,
 * Q / p^E0).  The plot takes the units of its reference curve (`plot units=`;
 * auto: the newest run, a simulation or a sweep, else the first curve) and
 * the quantity asked for with `plot y=` (auto: the one the scaled run
 * follows, else the loss).
 * Curves of the session's model are converted exactly from their own units;
 * a curve that cannot be converted (a sweep run of another model into
 * another scale, a limit curve into t units) is left out with a note rather
 * than drawn on the wrong axis; when raw and scaled curves meet, the note
 * names the frame, how to choose the other, and the curves converted.  Marks
 * are in t. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "view_session.h"

/* The current scaling's factors for the session's model, looked up (quietly)
 * at most once per plot: the diagram analysis is not free. */
static void lookup(session *s, vunits *F) {
  if (F->looked) return;
  F->looked = 1;
  plot_factors u;
  F->lookup_ok = sh_plot_factors(s, &u) == 0;
  if (F->lookup_ok) {
    F->lim_excess = u.excess;
    F->u_tfac = u.tfac;
    F->u_lfac = F->excess ? u.lfac_excess : u.lfac_loss;
  }
}

/* 1 if plain t and L data can be put into the frame (always for a plain frame) */
static int frame_factors(session *s, vunits *F) {
  if (!F->scaled || F->have_ref_fac) return 1;
  lookup(s, F);
  if (!F->lookup_ok) return 0;
  F->tfac = F->u_tfac;
  F->lfac = F->u_lfac;
  return 1;
}

const curve *vunits_newest_run(const session *s, int scaled) {
  const curve *ref = NULL;
  for (int i = 0; i < s->ncurves; i++) {
    const curve *c = &s->curves[i];
    if (c->n == 0 || !c->t || !c->y || c->hidden) continue;
    if (c->kind != CURVE_SIM && c->kind != CURVE_SWEEP) continue;
    if (scaled >= 0 && !c->units.scaled != !scaled) continue;
    if (!ref || c->seq > ref->seq) ref = c;
  }
  return ref;
}

void vunits_choose(session *s, int yq, int um, vunits *F) {
  memset(F, 0, sizeof *F);
  F->yhalf = s->model ? gfd_model_target_half_norm2(s->model) : 0;
  /* auto: the newest run (simulation or sweep) decides, else the first curve */
  const curve *ref = vunits_newest_run(s, um == VU_RAW ? 0 : um == VU_SCALED ? 1 : -1);
  for (int i = 0; i < s->ncurves && !ref && um == VU_AUTO; i++) {
    const curve *c = &s->curves[i];
    if (c->n && c->t && c->y && c->kind != CURVE_SERIES && !c->hidden) ref = c;
  }
  F->chosen = um != VU_AUTO;
  F->ref = ref ? ref->name : NULL;
  F->scaled = um == VU_SCALED || (um == VU_AUTO && ref && ref->units.scaled);
  if (F->scaled && !ref) { /* units=scaled and no scaled run: the current scaling's quantity */
    lookup(s, F);
    F->excess = yq == VY_EXCESS ? 1 : yq == VY_LOSS ? 0 : F->lookup_ok && F->lim_excess;
  } else
    F->excess = yq == VY_EXCESS ? 1 : yq == VY_LOSS ? 0 : (F->scaled && ref->units.excess);
  /* a scaled run of the session's model gives the factors itself */
  if (F->scaled && ref && ref->kind == CURVE_SIM && ref->units.tfac > 0 && ref->units.lfac > 0 &&
      ref->units.excess == F->excess) {
    F->tfac = ref->units.tfac;
    F->lfac = ref->units.lfac;
    F->have_ref_fac = 1;
  }
}

void vunits_note(const vunits *F, char *note, size_t nn) {
  if (!F->mixed) return;
  char head[400];
  snprintf(head, sizeof head, "units %s (%s%s%s); `plot units=%s` for %s units%s%s%s",
           F->scaled ? "tau, scaled" : "t, raw", F->chosen ? "as asked" : "the newest run",
           F->ref ? ": " : "", F->ref ? F->ref : "", F->scaled ? "raw" : "scaled", F->scaled ? "t" : "tau",
           F->conv[0] ? "; converted: " : "", F->conv, note[0] ? "; " : "");
  size_t hl = strlen(head), len = strlen(note);
  if (hl + len + 1 > nn) len = nn > hl + 1 ? nn - hl - 1 : 0;
  if (hl >= nn) hl = nn - 1;
  memmove(note + hl, note, len);
  note[hl + len] = '\0';
  memcpy(note, head, hl);
}

void vunits_labels(const vunits *F, char *xl, size_t xn, char *yl, size_t yn) {
  snprintf(xl, xn, "%s", F->scaled ? "tau" : "t");
  snprintf(yl, yn, "%s", F->scaled ? (F->excess ? "excess/p^E0" : "L/p^E0") : (F->excess ? "excess" : "loss"));
}

static void add_note(char *note, size_t n, const char *name, const char *why) {
  size_t len = strlen(note);
  if (len + 8 >= n) return;
  snprintf(note + len, n - len, "%s%s (%s)", len ? "; " : "not shown: ", name, why);
}

/* the same quantity: or no target, where the excess is the loss */
static int same_quantity(const vunits *F, const curve_units *u) {
  return u->excess == F->excess || (F->yhalf == 0 && u->offset == 0);
}

int vunits_curve(session *s, vunits *F, const curve *c, vplotdata *d, const double **t, const double **y,
                 const double **lo, const double **hi, char *note, size_t nn) {
  const curve_units *u = &c->units;
  *t = c->t, *y = c->y;
  *lo = c->lo && c->hi ? c->lo : NULL;
  *hi = c->lo && c->hi ? c->hi : NULL;
  int sameq = same_quantity(F, u);
  if (u->scaled == F->scaled && sameq) return 0;
  int cross = !u->scaled != !F->scaled; /* from the other frame */
  if (cross) F->mixed = 1;
  int own_model = c->kind != CURVE_SWEEP && c->kind != CURVE_LIMIT;
  const char *why = NULL;
  if (u->scaled && !(u->tfac > 0 && u->lfac > 0)) why = "a limit curve: it exists in scaled units only";
  else if (!sameq && !u->excess && !own_model) why = "its model's ||y||^2/2 is not known here";
  else if (F->scaled && !own_model) why = "another model: the scale factors of this one do not apply";
  else if (F->scaled && !frame_factors(s, F)) why = "no scaling limit to convert it with";
  if (why) {
    add_note(note, nn, c->name, why);
    return -1;
  }
  if (d->nown + 4 > (int)(sizeof d->own / sizeof d->own[0])) {
    add_note(note, nn, c->name, "too many converted curves");
    return -1;
  }
  const double *src[4] = {c->t, c->y, *lo, *hi};
  double *dst[4] = {NULL, NULL, NULL, NULL};
  for (int k = 0; k < 4; k++)
    if (src[k] && !(dst[k] = malloc(c->n * sizeof *dst[k]))) {
      for (int j = 0; j < 4; j++) free(dst[j]);
      add_note(note, nn, c->name, "out of memory");
      d->oom = 1;
      return -1;
    }
  for (size_t i = 0; i < c->n; i++) {
    double tt = u->scaled ? c->t[i] / u->tfac : c->t[i];
    dst[0][i] = F->scaled ? F->tfac * tt : tt;
    for (int k = 1; k < 4; k++) {
      if (!src[k]) continue;
      double q = u->scaled ? src[k][i] * u->lfac : src[k][i];
      if (!sameq) q = u->excess ? q + u->offset : q - F->yhalf;
      dst[k][i] = F->scaled ? q / F->lfac : q;
    }
  }
  for (int k = 0; k < 4; k++)
    if (dst[k]) d->own[d->nown++] = dst[k];
  *t = dst[0], *y = dst[1], *lo = dst[2], *hi = dst[3];
  if (cross) {
    size_t len = strlen(F->conv);
    if (len + 8 < sizeof F->conv)
      snprintf(F->conv + len, sizeof F->conv - len, "%s%s (%s units)", len ? ", " : "", c->name,
               u->scaled ? "tau" : "t");
  }
  return 1;
}

int vunits_mark(session *s, vunits *F, double t, double *out) {
  if (!F->scaled) {
    *out = t;
    return 0;
  }
  if (!frame_factors(s, F)) return -1;
  *out = F->tfac * t;
  return 0;
}

int vunits_series(session *s, vunits *F, double *tmul, double *off, double *ldiv) {
  *tmul = 1, *off = 0, *ldiv = 1;
  /* the taylor area's series is in t and L units; a limit series that
   * follows the excess holds the excess */
  int ser_excess = 0;
  if (strcmp(s->series_source, "limit") == 0) {
    lookup(s, F);
    ser_excess = F->lookup_ok && F->lim_excess;
  }
  if (ser_excess != F->excess && F->yhalf != 0) *off = ser_excess ? F->yhalf : -F->yhalf;
  if (F->scaled) {
    if (!frame_factors(s, F)) return -1;
    *tmul = 1 / F->tfac;
    *ldiv = F->lfac;
  }
  return 0;
}
