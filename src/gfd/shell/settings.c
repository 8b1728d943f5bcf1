/* settings.c - the session's settings behind `set` and `show`.  One table holds
 * each setting's name, values, help and accessors; help, completion and
 * `save` read the same table. */
#include <config.h>
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "shell_priv.h"

int openblas_get_num_threads(void);
void openblas_set_num_threads(int n);

/* ------------------------------------------------------------- parsing */
int sh_parse_bytes(const char *str, size_t *out) {
  if (!str || !*str) return -1;
  char num[64];
  size_t i = 0;
  while (str[i] && (isdigit((unsigned char)str[i]) || str[i] == '.' || str[i] == 'e' ||
                    str[i] == 'E') && i < sizeof num - 1) {
    /* stop at a unit letter (E is an exponent only when followed by a digit) */
    if ((str[i] == 'e' || str[i] == 'E') && !isdigit((unsigned char)str[i + 1])) break;
    num[i] = str[i];
    i++;
  }
  num[i] = '\0';
  double v;
  if (sh_parse_double(num, &v) < 0 || v < 0) return -1;
  const char *u = str + i;
  double mult = 1;
  switch (toupper((unsigned char)*u)) {
  case '\0': break;
  case 'B': break;
  case 'K': mult = 1024.0; break;
  case 'M': mult = 1024.0 * 1024; break;
  case 'G': mult = 1024.0 * 1024 * 1024; break;
  case 'T': mult = 1024.0 * 1024 * 1024 * 1024; break;
  default: return -1;
  }
  if (*u && toupper((unsigned char)*u) != 'B') {
    u++;
    if (*u == 'i' || *u == 'I') u++;
    if (*u == 'B' || *u == 'b') u++;
  } else if (*u) u++;
  if (*u) return -1;
  double b = v * mult;
  if (!(b < 18446744073709551615.0) || b > (double)SIZE_MAX) return -1;
  *out = (size_t)b;
  return 0;
}

int sh_parse_seconds(const char *str, double *out) {
  if (!str || !*str) return -1;
  char num[64];
  size_t len = strlen(str);
  if (len >= sizeof num) return -1;
  memcpy(num, str, len + 1);
  double mult = 1;
  char last = num[len - 1];
  if (last == 's' || last == 'm' || last == 'h') {
    mult = last == 's' ? 1 : last == 'm' ? 60 : 3600;
    num[len - 1] = '\0';
  }
  double v;
  if (sh_parse_double(num, &v) < 0 || v < 0) return -1;
  *out = v * mult;
  return 0;
}

static int parse_onoff(const char *v, int *out) {
  static const char *on[] = {"on", "yes", "true", "1"}, *off[] = {"off", "no", "false", "0"};
  for (int i = 0; i < 4; i++) {
    if (strcasecmp(v, on[i]) == 0) return *out = 1, 0;
    if (strcasecmp(v, off[i]) == 0) return *out = 0, 0;
  }
  return -1;
}

/* ------------------------------------------------------------ accessors */
static int set_format(session *s, const char *v, int off) {
  if (strcasecmp(v, "csv") == 0) s->csv = 1;
  else if (strcasecmp(v, "text") == 0) s->csv = 0;
  else return sh_error(s, off, "format %s: must be csv or text", v);
  return 0;
}
static void get_format(session *s, char *b, size_t n) { snprintf(b, n, "%s", s->csv ? "csv" : "text"); }

/* auto (the default): what the machine allows, read afresh for each
 * computation; show says where the figure came from. */
static int set_budget(session *s, const char *v, int off) {
  size_t b;
  if (strcasecmp(v, "auto") == 0) {
    s->budget = 0;
    return 0;
  }
  if (sh_parse_bytes(v, &b) < 0 || b == 0)
    return sh_error(s, off, "budget %s: expected a size like 4G, 512M or 1000000, or auto", v);
  s->budget = b;
  return 0;
}
static void get_budget(session *s, char *b, size_t n) {
  if (s->budget) {
    gfd_format_bytes(s->budget, b, n);
    return;
  }
  gfd_budget_info bi;
  gfd_budget_default(&bi);
  char v[32];
  snprintf(b, n, "%s (auto: %s)", gfd_format_bytes(bi.bytes, v, sizeof v), bi.detail);
}

static int set_timelimit(session *s, const char *v, int off) {
  double t;
  if (strcasecmp(v, "none") == 0) t = 0;
  else if (sh_parse_seconds(v, &t) < 0)
    return sh_error(s, off, "timelimit %s: expected seconds like 30, 2.5s, 5m, 1h (0 or none: no limit)", v);
  s->time_limit = t;
  return 0;
}
static void get_timelimit(session *s, char *b, size_t n) {
  if (s->time_limit > 0) snprintf(b, n, "%gs", s->time_limit);
  else snprintf(b, n, "none");
}

/* ------------------------------------------------------------- threads
 * `set threads auto` (the default): OpenBLAS threads only pay off on large
 * products.  On small ones every BLAS call wakes the worker threads, and on
 * a busy machine a wake-up can cost a scheduler time slice: the default model
 * (H^2 p = 2.5e5) ran `ascent run T=-0.2` in 7.2 s wall with 2 threads and
 * 1.2 s with 1.  Measured with 2 threads against 1 on the 2-core build
 * machine under load (flow run, rk4, 400 gradients): H^2 p = 2.5e5 3.2x
 * slower, 2e6 1.1x slower, 1.6e7 equal, 2e9 1.2x faster; one gradient at
 * 1.6e7 takes 2.6 ms on one thread, long enough to hide the wake-ups.  An
 * environment OPENBLAS_NUM_THREADS is the user's choice and always wins. */
#define THREADS_AUTO_WORK 2e7 /* H^2 p per factor block: one gradient costs 3 of these flops */

static double spec_work(const gfd_spec *sp) {
  double blocks = sp->kind == GFD_ASYM ? sp->nu : 1;
  return (double)sp->H * (double)sp->H * (double)sp->p * blocks;
}

void sh_threads_init(session *s) {
  struct shell_state *sh = s->shell;
  const char *env = getenv("OPENBLAS_NUM_THREADS");
  sh->threads_max = openblas_get_num_threads(); /* the cores, or what the environment asked */
  if (sh->threads_max < 1) sh->threads_max = 1;
  sh->threads_env = env && atoi(env) > 0;
  sh->threads_auto = 1;
  s->threads = sh->threads_max;
}

/* The count `auto` picks for a computation on sp. */
static int threads_auto_for(const session *s, const gfd_spec *sp) {
  const struct shell_state *sh = s->shell;
  if (sh->threads_env || spec_work(sp) >= THREADS_AUTO_WORK) return sh->threads_max;
  return 1;
}

static void threads_use(session *s, int n) {
  if (openblas_get_num_threads() != n) openblas_set_num_threads(n);
  s->threads = n;
}

void sh_threads_apply(session *s) {
  if (s->shell && s->shell->threads_auto) threads_use(s, threads_auto_for(s, &s->spec));
}

int sh_threads_for_spec(session *s, const gfd_spec *sp) {
  int was = openblas_get_num_threads();
  if (s->shell && s->shell->threads_auto) threads_use(s, threads_auto_for(s, sp));
  return was;
}

void sh_threads_restore(session *s, int was) { threads_use(s, was); }

static int set_threads(session *s, const char *v, int off) {
  size_t t;
  if (strcasecmp(v, "auto") == 0) {
    s->shell->threads_auto = 1;
    sh_threads_apply(s);
    return 0;
  }
  if (sh_parse_size(v, &t) < 0 || t < 1 || t > 1024)
    return sh_error(s, off, "threads %s: expected a whole number from 1 to 1024, or auto", v);
  s->shell->threads_auto = 0;
  threads_use(s, (int)t);
  return 0;
}
static void get_threads(session *s, char *b, size_t n) {
  if (s->shell->threads_auto) snprintf(b, n, "auto (%d)", openblas_get_num_threads());
  else snprintf(b, n, "%d", openblas_get_num_threads());
}

static int set_points(session *s, const char *v, int off) {
  size_t p;
  if (sh_parse_size(v, &p) < 0 || p < 2 || p > 10000000)
    return sh_error(s, off, "points %s: expected a whole number from 2 to 10000000", v);
  s->flow_opts.points = p;
  return 0;
}
static void get_points(session *s, char *b, size_t n) { snprintf(b, n, "%zu", s->flow_opts.points); }

static int set_method(session *s, const char *v, int off) {
  gfd_method m;
  if (gfd_method_parse(v, &m) != GFD_OK)
    return sh_error(s, off, "method %s: must be dopri5, rk8pd, rkf45, msbdf or rk4", v);
  s->flow_opts.method = m;
  return 0;
}
static void get_method(session *s, char *b, size_t n) {
  snprintf(b, n, "%s", gfd_method_name(s->flow_opts.method));
}

static int set_steps(session *s, const char *v, int off) {
  size_t k;
  if (sh_parse_size(v, &k) < 0 || k < 1)
    return sh_error(s, off, "steps %s: expected a whole number >= 1", v);
  s->flow_opts.steps = k;
  return 0;
}
static void get_steps(session *s, char *b, size_t n) { snprintf(b, n, "%zu", s->flow_opts.steps); }

static int set_tol(session *s, const char *v, int off, double *dst, const char *name) {
  double x;
  if (sh_parse_double(v, &x) < 0 || !(x > 0) || x >= 1)
    return sh_error(s, off, "%s %s: expected a number between 0 and 1 (exclusive)", name, v);
  *dst = x;
  return 0;
}
static int set_rtol(session *s, const char *v, int off) {
  double x; /* as flow run rtol=: below 1e-16 no step meets it and every run hangs */
  if (sh_parse_double(v, &x) == 0 && x > 0 && x < 1e-16)
    return sh_error(s, off, "rtol %s: below double precision (at least 1e-16)", v);
  return set_tol(s, v, off, &s->flow_opts.rtol, "rtol");
}
static int set_atol(session *s, const char *v, int off) {
  return set_tol(s, v, off, &s->flow_opts.atol, "atol");
}
static void get_rtol(session *s, char *b, size_t n) { snprintf(b, n, "%g", s->flow_opts.rtol); }
static void get_atol(session *s, char *b, size_t n) { snprintf(b, n, "%g", s->flow_opts.atol); }

static int set_blowup(session *s, const char *v, int off) {
  double x;
  if (sh_parse_double(v, &x) < 0 || !(x > 1))
    return sh_error(s, off, "blowup %s: expected a ratio > 1 (like 1e6)", v);
  s->flow_opts.blowup_ratio = x;
  return 0;
}
static void get_blowup(session *s, char *b, size_t n) {
  snprintf(b, n, "%g", s->flow_opts.blowup_ratio);
}

/* `set lr 1/T`: the paper's normalisation du/dt = -(1/T) grad L, paper time
 * = T x gfd time.  Runs, curves and series made before are in the other
 * time: a change drops them, as a model change does. */
static int set_lr(session *s, const char *v, int off) {
  double T;
  const char *slash = strchr(v, '/');
  if (slash && slash - v == 1 && v[0] == '1' && sh_parse_double(slash + 1, &T) == 0 && T > 0 && T <= 1e12) {
  } else if (!slash && sh_parse_double(v, &T) == 0 && T == 1) {
  } else
    return sh_error(s, off, "lr %s: expected 1/T with T a positive number up to 1e12 (like 1/96), or 1", v);
  if (T != s->lr_T) {
    int had = s->ncurves > 0 || s->series_N >= 0;
    s->lr_T = T;
    sh_model_changed(s);
    if (had) sh_note(s, "lr changed: the runs, curves and series in the old time are dropped");
  }
  return 0;
}
static void get_lr(session *s, char *b, size_t n) {
  if (s->lr_T == 1) snprintf(b, n, "1");
  else {
    char t[32];
    snprintf(b, n, "1/%s", sh_num(t, sizeof t, s->lr_T));
  }
}

int sh_lr_refuse(session *s, const char *what) {
  if (s->lr_T == 1) return 0;
  char t[32];
  return sh_error(s, -1, "%s does not follow `set lr 1/%s` (paper time) yet: `set lr 1` first, then times are gfd's",
                  what, sh_num(t, sizeof t, s->lr_T));
}

static int set_color(session *s, const char *v, int off) {
  int on;
  if (parse_onoff(v, &on) < 0) return sh_error(s, off, "color %s: must be on or off", v);
  s->shell->color_set = on;
  s->color = on;
  return 0;
}
static void get_color(session *s, char *b, size_t n) { snprintf(b, n, "%s", s->color ? "on" : "off"); }

static int set_progress(session *s, const char *v, int off) {
  int on;
  if (parse_onoff(v, &on) < 0) return sh_error(s, off, "progress %s: must be on or off", v);
  s->shell->progress = on;
  return 0;
}
static void get_progress(session *s, char *b, size_t n) {
  snprintf(b, n, "%s", s->shell->progress ? "on" : "off");
}

const sh_setting sh_settings[] = {
    {"format", "csv|text", "how tables print: aligned text, or CSV (numbers exact, shortest form)", set_format,
     get_format},
    {"budget", "SIZE|auto", "memory one computation may allocate (4G, 512M, ...; auto: what the machine allows)", set_budget, get_budget},
    {"timelimit", "SECONDS", "stop a long computation after this time (30, 5m; none)",
     set_timelimit, get_timelimit},
    {"threads", "auto|N", "OpenBLAS and diagram threads; auto: diagrams all cores, OpenBLAS 1 if H^2 p < 2e7 (small products), else all cores", set_threads,
     get_threads},
    {"points", "N", "report grid of flow/ascent runs (points in time)", set_points, get_points},
    {"method", "dopri5|rk8pd|rkf45|msbdf|rk4", "integrator of flow/ascent runs", set_method, get_method},
    {"steps", "N", "steps of the fixed-step rk4 method", set_steps, get_steps},
    {"rtol", "X", "relative tolerance of the adaptive integrators", set_rtol, get_rtol},
    {"atol", "X", "absolute tolerance of the adaptive integrators", set_atol, get_atol},
    {"blowup", "RATIO", "ascent: blow-up when L exceeds RATIO * max(L(t0), 1)", set_blowup,
     get_blowup},
    {"lr", "1/T|1", "the paper's learning rate 1/T: times in paper time T t, series coefficients / T^s", set_lr,
     get_lr},
    {"color", "on|off", "colours in the plot views (NO_COLOR turns them off)", set_color, get_color},
    {"progress", "on|off", "progress line of long computations (interactive)", set_progress,
     get_progress},
    {0}};

const sh_setting *sh_setting_find(const char *name) {
  const sh_setting *hit = NULL;
  int nhit = 0;
  size_t len = strlen(name);
  for (const sh_setting *st = sh_settings; st->name; st++) {
    if (strcasecmp(st->name, name) == 0) return st;
    if (len && strncasecmp(st->name, name, len) == 0) hit = st, nhit++;
  }
  return nhit == 1 ? hit : NULL;
}

int sh_show_settings(session *s) {
  table *t = table_new("settings (set KEY VALUE to change one)", "setting,value,about");
  if (!t) return sh_error(s, -1, "out of memory");
  char buf[256];
  for (const sh_setting *st = sh_settings; st->name; st++) {
    st->get(s, buf, sizeof buf);
    table_str(t, st->name);
    table_str(t, buf);
    table_str(t, st->about);
  }
  sh_emit_table(s, t);
  if (!s->csv) { /* the other things `show` shows */
    size_t n, used = 0;
    char subs[512] = "";
    const command *const *all = sh_commands(&n);
    for (size_t i = 0; i < n && used < sizeof subs; i++)
      if (strncmp(all[i]->name, "show ", 5) == 0)
        used += (size_t)snprintf(subs + used, sizeof subs - used, "%s%s", used ? ", " : "",
                                 all[i]->name);
    if (*subs) fprintf(s->out, "(also: %s)\n", subs);
  }
  return 0;
}

void sh_settings_snapshot(const session *s, sh_snap *snap) {
  snap->csv = s->csv;
  snap->color = s->color;
  snap->color_set = s->shell->color_set;
  snap->progress = s->shell->progress;
  snap->threads = openblas_get_num_threads();
  snap->threads_auto = s->shell->threads_auto;
  snap->budget = s->budget;
  snap->time_limit = s->time_limit;
  snap->lr_T = s->lr_T;
  snap->flow_opts = s->flow_opts;
}

void sh_settings_restore(session *s, const sh_snap *snap) {
  s->csv = snap->csv;
  s->color = snap->color;
  s->shell->color_set = snap->color_set;
  s->shell->progress = snap->progress;
  s->shell->threads_auto = snap->threads_auto;
  threads_use(s, snap->threads);
  s->budget = snap->budget;
  s->time_limit = snap->time_limit;
  s->lr_T = snap->lr_T;
  s->flow_opts = snap->flow_opts;
}
