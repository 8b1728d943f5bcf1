/* view_multi.c - small multiples: a sweep across regimes (over a, b, c or nu
 * under a scaling) puts each run, with its own limit curve, in a panel of
 * its own (plot.h curve.panel).  Each panel is an ordinary plot (vplot_render
 * on a frame of its own, copied into the screen), in the run's own units:
 * tau = p^g t and L/p^E0 with this run's g and E0, so that free, NTK,
 * mean-field and frozen runs show side by side, each at its own scale.
 * The single plot draws them all on one tau axis; `m` switches. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "view_session.h"

#define VM_MINW 26   /* the smallest panel that still reads as a plot */
#define VM_MINH 9

static int shown(const curve *c) { return c->n > 0 && c->t && c->y && !c->hidden; }

/* The panel of `name` (added if new and there is room); -1 if full. */
static int panel_of(vmulti *m, const char *name) {
  for (int i = 0; i < m->np; i++)
    if (!strcmp(m->p[i].name, name)) return i;
  if (m->np == VM_MAX) return -1;
  memset(&m->p[m->np], 0, sizeof m->p[m->np]);
  m->p[m->np].name = name;
  return m->np++;
}

/* The label inside a panel: "limit b=-1 Pade [2/2]" reads "limit Pade [2/2]"
 * under the panel's title "b=-1: ...". */
static void short_label(const char *name, const char *panel, char *out, size_t n) {
  size_t pl = strlen(panel);
  if (!strncmp(name, "limit ", 6) && !strncmp(name + 6, panel, pl) && name[6 + pl] == ' ')
    snprintf(out, n, "limit%s", name + 6 + pl);
  else
    snprintf(out, n, "%s", name);
}

static void collect(const session *s, vmulti *m) {
  memset(m, 0, sizeof *m);
  for (int i = 0; i < s->ncurves; i++) {
    const curve *c = &s->curves[i];
    if (!shown(c)) continue;
    if (c->kind == CURVE_SERIES && s->series_N >= 0) continue; /* "the series", below */
    if (!c->panel[0]) {
      size_t len = strlen(m->out_names);
      if (len + 8 < sizeof m->out_names)
        snprintf(m->out_names + len, sizeof m->out_names - len, "%s%s", len ? ", " : "", c->name);
      m->left_out++;
      continue;
    }
    int k = panel_of(m, c->panel);
    if (k < 0 || m->p[k].ns == VM_CURVES) continue;
    vpanel *P = &m->p[k];
    if (c->caption[0]) P->caption = c->caption;
    if (c->kind != CURVE_LIMIT || !P->xl[0]) { /* the run's units name the axes */
      snprintf(P->xl, sizeof P->xl, "%s", c->units.scaled && c->units.tfac != 1 ? "tau" : "t");
      snprintf(P->yl, sizeof P->yl, "%s", !c->units.scaled ? (c->units.excess ? "excess" : "loss")
                                           : c->units.excess ? "excess/p^E0" : "L/p^E0");
    }
    vseries *v = &P->s[P->ns];
    short_label(c->name, c->panel, P->label[P->ns], sizeof P->label[P->ns]);
    v->label = P->label[P->ns];
    v->n = c->n;
    v->t = c->t;
    v->y = c->y;
    v->lo = c->lo && c->hi ? c->lo : NULL;
    v->hi = c->lo && c->hi ? c->hi : NULL;
    v->glyph = vstyle_glyph(c->style); /* the curve's own, as in the single plot */
    v->st = vstyle_color(c->style);
    v->in_trange = 1;
    v->in_yrange = 1;
    P->ns++;
  }
  if (s->series_N >= 0) m->left_out++;
}

vmulti *vmulti_collect(const session *s) {
  vmulti *m = malloc(sizeof *m);
  if (m) collect(s, m);
  return m;
}

void vmulti_free(vmulti *m) { free(m); }

int vmulti_count(const session *s) {
  vmulti *m = malloc(sizeof *m);
  if (!m) return 0;
  collect(s, m);
  int n = m->np;
  free(m);
  return n;
}

int vmulti_active(const session *s, const struct view_state *vs) {
  const curve *ref = vunits_newest_run(s, -1);
  int want = vs->panels;
  if (vs->panels_key != VPANEL_AUTO && ref && ref->seq == vs->panels_key_seq) want = vs->panels_key;
  if (want == VPANEL_NO) return 0;
  int n = vmulti_count(s);
  if (want == VPANEL_YES) return n >= 1;
  /* auto: a sweep across regimes is the newest run, and t units were not asked for */
  return n >= 2 && ref && ref->panel[0] && vs->units != VU_RAW;
}

void vmulti_toggle(session *s, struct view_state *vs) {
  const curve *ref = vunits_newest_run(s, -1);
  int on = vmulti_active(s, vs);
  if (!on && vmulti_count(s) == 0) {
    snprintf(vs->msg, sizeof vs->msg, "no panels: a sweep over a, b, c or nu under a scaling makes them");
    return;
  }
  vs->panels_key = on ? VPANEL_NO : VPANEL_YES;
  vs->panels_key_seq = ref ? ref->seq : 0;
  vs->have_t = 0; /* the other view's window */
  snprintf(vs->msg, sizeof vs->msg, "%s", on ? "one plot: every curve on one axis (m: panels)"
                                             : "panels: each run in its own units (m: one plot)");
}

/* Time window shared by the panels: the pan/zoom one, else all their data. */
static void window(const struct view_state *vs, const vmulti *m, vaxis *ax) {
  if (vs->have_t) {
    ax->lo = vs->t0, ax->hi = vs->t1, ax->log = 0;
    return;
  }
  vseries all[VM_MAX * VM_CURVES];
  int n = 0;
  for (int i = 0; i < m->np; i++)
    for (int k = 0; k < m->p[i].ns; k++) all[n++] = m->p[i].s[k];
  vaxis ay = {0, 1, 0};
  vplot_autorange(all, n, NULL, 0, 0, ax, &ay);
}

void vmulti_window(const session *s, const struct view_state *vs, double *t0, double *t1) {
  vmulti *m = malloc(sizeof *m);
  vaxis ax = {0, 1, 0};
  if (m) {
    collect(s, m);
    window(vs, m, &ax);
    free(m);
  }
  *t0 = ax.lo, *t1 = ax.hi;
}

/* One panel on a frame of its own: the run's axes, log as asked (auto: its
 * own data decide), no status line. */
static void render_panel(const struct view_state *vs, const vpanel *P, const vaxis *ax0, int utf8, vframe *pf) {
  vaxis ax = *ax0, ay = {0, 1, 0};
  ay.log = vs->logmode == VLOG_AUTO ? vplot_auto_log(P->s, P->ns, &ax) : vs->logmode == VLOG_YES;
  vplot_autorange(P->s, P->ns, NULL, 0, 1, &ax, &ay);
  vplot p = {P->caption ? P->caption : P->name, P->xl, P->yl, NULL, P->s, P->ns, NULL, 0, ax, ay, utf8};
  vplot_render(&p, pf);
}

int vmulti_frame(session *s, struct view_state *vs, vframe *f, int utf8, const char *status) {
  vmulti *m = malloc(sizeof *m);
  vframe_clear(f);
  if (!m) {
    vframe_puts(f, 0, 0, "out of memory", 0, -1);
    return -1;
  }
  collect(s, m);
  int st_rows = status ? 1 : 0, cols, rows;
  int fit = vmulti_grid(m->np, f->w, f->h - 1 - st_rows, VM_MINW, VM_MINH, &cols, &rows);
  vaxis ax = {0, 1, 0};
  window(vs, m, &ax);

  /* what is not in the panels, and how to see it */
  vs->note[0] = '\0';
  size_t len = 0;
  if (fit < m->np)
    len += (size_t)snprintf(vs->note + len, sizeof vs->note - len,
                            "%d of %d panels fit: a larger window shows the rest", fit, m->np);
  if (m->left_out && len < sizeof vs->note)
    snprintf(vs->note + len, sizeof vs->note - len, "%snot in the panels: %s%s%s (%s: one plot)", len ? "; " : "",
             m->out_names, m->out_names[0] && s->series_N >= 0 ? ", " : "", s->series_N >= 0 ? "the series" : "",
             status ? "m" : "`plot panels=no`");

  char title[160];
  snprintf(title, sizeof title, "%d runs side by side, each in its own units (tau = p^g t, L/p^E0)%s", m->np,
           vs->logmode == VLOG_YES ? "  [log y]" : "");
  vframe_puts(f, 0, 0, title, VST_BOLD, f->w);
  if (fit == 0) vframe_puts(f, 0, 1, "the window is too small for the panels: enlarge it, or m for one plot", 0, -1);
  int pw = cols ? f->w / cols : 0, ph = rows ? (f->h - 1 - st_rows) / rows : 0;
  for (int i = 0; i < fit; i++) {
    vframe pf;
    if (vframe_init(&pf, pw - (i % cols < cols - 1 ? 1 : 0), ph)) break; /* a blank column between panels */
    render_panel(vs, &m->p[i], &ax, utf8, &pf);
    vframe_blit(f, &pf, (i % cols) * pw, 1 + (i / cols) * ph);
    vframe_free(&pf);
  }
  if (status) {
    vframe_status(f, status);
  }
  free(m);
  return fit > 0 ? 0 : -1;
}
