/* cmd_core.c - the shell's own commands: model, show model, set/show, help,
 * export, echo, quit.  save/load live in cmd_core_save.c, tour in
 * cmd_core_tour.c, the settings in shell/settings.c. */
#include <config.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "shell_priv.h"
#include "view_provider.h"
#include "figure_provider.h"
#include "cmd_kappa4.h"

/* --------------------------------------------------------------- model */
static const char *const model_keys[] = {"nu", "p", "H", "sigma", "kappa4", "target", "kappa",
                                         "r",  "seed", "tseed", NULL};
static const char *const target_names[] = {"identity", "zero", "teacher", "modadd", NULL};

/* The one-line summary.  With CSV output stdout carries tables only, so the
 * line goes to stderr: always when asked for (a bare `model`), and after a
 * change unless -q. */
static void model_summary(session *s, int asked) {
  if (!s->csv) {
    sh_print_model_line(s, s->out);
    return;
  }
  if (!asked && s->shell->quiet) return;
  fflush(s->out);
  sh_print_model_line(s, stderr);
  fflush(stderr);
}

static int run_model(session *s, const args *a) {
  if (a->n == 0) {
    model_summary(s, 1);
    return 0;
  }
  gfd_spec sp = s->spec;
  if (args_npos(a) == 1) {
    const char *k = args_pos(a, 0);
    if (gfd_kind_parse(k, &sp.kind) != GFD_OK) {
      int off = -1;
      for (int i = 0; i < a->n; i++)
        if (!a->a[i].key) off = a->a[i].off;
      return sh_error(s, off, "unknown model kind '%s' (sym or asym)", k);
    }
  }
  size_t nu = (size_t)sp.nu;
  if (args_size(s, a, "nu", nu, 0, GFD_NU_MIN, GFD_NU_MAX, &nu) < 0) return -1;
  sp.nu = (int)nu;
  if (args_size(s, a, "p", sp.p, 0, 1, SIZE_MAX, &sp.p) < 0) return -1;
  if (args_size(s, a, "H", sp.H, 0, 1, SIZE_MAX, &sp.H) < 0) return -1;
  if (args_double(s, a, "sigma", sp.sigma, 0, &sp.sigma) < 0) return -1;
  if (sp.sigma < 0)
    return sh_error(s, args_off(a, "sigma"), "sigma=%s must not be negative",
                    args_str(a, "sigma"));
  int tg = (int)sp.target;
  if (args_choice(s, a, "target", tg, 0, target_names, &tg) < 0) return -1;
  sp.target = (gfd_target)tg;
  if (args_double(s, a, "kappa", sp.kappa, 0, &sp.kappa) < 0) return -1;
  if (args_size(s, a, "r", sp.r, 0, 1, SIZE_MAX, &sp.r) < 0) return -1;
  if (args_ulong(s, a, "seed", sp.seed, 0, &sp.seed) < 0) return -1;
  if (args_ulong(s, a, "tseed", sp.teacher_seed, 0, &sp.teacher_seed) < 0) return -1;
  if ((args_has(a, "r") || args_has(a, "tseed")) && sp.target != GFD_TGT_TEACHER)
    sh_note(s, "r= and tseed= only matter for target=teacher");
  for (const area *const *ar = sh_areas(); *ar; ar++) /* e.g. a scaling fills H and sigma */
    if ((*ar)->derive_spec && (*ar)->derive_spec(s, a, &sp) < 0) return -1;
  if (kappa4_apply(s, a, &sp) < 0) return -1; /* last: it needs the final p, H, kappa */

  gfd_err e;
  gfd_err_clear(&e);
  if (gfd_spec_check(&sp, &e) != GFD_OK) return sh_error_lib(s, &e);
  gfd_model *m = gfd_model_new(&sp, sh_ctl(s), &e);
  if (!m) return sh_error_lib(s, &e);
  gfd_model_free(s->model);
  s->model = m;
  s->spec = sp;
  sh_model_changed(s);
  model_summary(s, 0);
  return 0;
}

static int run_show_model(session *s, const args *a) {
  (void)a;
  char title[512], mem[32];
  const gfd_spec *sp = &s->spec;
  sh_spec_command(sp, 0, title, sizeof title);
  table *t = table_new(s->csv ? "" : title, "key,value");
  if (!t) return sh_error(s, -1, "out of memory");
  table_str(t, "kind"), table_str(t, gfd_kind_name(sp->kind));
  table_str(t, "nu"), table_int(t, sp->nu);
  table_str(t, "p"), table_int(t, (long long)sp->p);
  table_str(t, "H"), table_int(t, (long long)sp->H);
  table_str(t, "sigma"), table_num(t, sp->sigma);
  table_str(t, "sigma2"), table_num(t, sp->sigma * sp->sigma);
  table_str(t, "target"), table_str(t, gfd_target_name(sp->target));
  table_str(t, "kappa"), table_num(t, sp->kappa);
  if (sp->kind == GFD_SYM && sp->nu == 4 && sp->target == GFD_TGT_IDENTITY && sp->kappa > 0)
    table_str(t, "kappa4"), table_num(t, kappa4_of(sp));
  if (sp->target == GFD_TGT_TEACHER) {
    table_str(t, "r"), table_int(t, (long long)sp->r);
    table_str(t, "tseed"), table_int(t, (long long)sp->teacher_seed);
  }
  table_str(t, "seed"), table_int(t, (long long)sp->seed);
  table_str(t, "parameters"), table_int(t, (long long)gfd_spec_dim(sp));
  table_str(t, "memory"), table_str(t, gfd_format_bytes(gfd_spec_bytes(sp), mem, sizeof mem));
  if (s->model) table_str(t, "target_half_norm2"), table_num(t, gfd_model_target_half_norm2(s->model));
  /* how a gradient is computed, chosen by cost (gfd/model.h): the route's name and its flops */
  gfd_route rt = s->model ? gfd_model_route(s->model) : gfd_spec_route(sp);
  table_str(t, "gradient"), table_str(t, gfd_route_name(rt));
  table_str(t, "gradient_flops"), table_num(t, gfd_route_flops(sp, rt));
  sh_emit_table(s, t);
  return 0;
}

/* ----------------------------------------------------------- set / show */
static const char *const set_keys[] = {"format", "budget", "timelimit", "threads", "points",
                                       "method", "steps",  "rtol",      "atol",    "blowup",
                                       "color",  "progress", NULL};

static int run_set(session *s, const args *a) {
  int npos = args_npos(a);
  if (a->n == 0) return sh_show_settings(s);
  /* Validate against a copy of the settings, so that a bad value in
   * `set a=1 b=x` changes nothing. */
  const sh_setting *todo[ARGS_MAX];
  const char *vals[ARGS_MAX];
  int offs[ARGS_MAX], n = 0;
  if (npos == 1 || npos > 2) {
    return sh_error(s, a->a[0].off, "usage: set KEY VALUE, or set KEY=VALUE ... (show lists the settings)");
  }
  if (npos == 2) {
    const char *k = args_pos(a, 0);
    const sh_setting *st = sh_setting_find(k);
    if (!st) return sh_error(s, a->a[0].off, "unknown setting '%s' (show lists the settings)", k);
    todo[n] = st, vals[n] = args_pos(a, 1), offs[n++] = a->a[1].off;
  }
  for (int i = 0; i < a->n; i++) {
    if (!a->a[i].key) continue;
    todo[n] = sh_setting_find(a->a[i].key), vals[n] = a->a[i].val, offs[n++] = a->a[i].off;
  }
  sh_snap snap;
  sh_settings_snapshot(s, &snap);
  for (int i = 0; i < n; i++) {
    if (!todo[i]) continue;
    if (todo[i]->set(s, vals[i], offs[i]) < 0) {
      sh_settings_restore(s, &snap);
      return -1;
    }
  }
  return 0;
}

static int run_show(session *s, const args *a) {
  if (args_npos(a) == 0) return sh_show_settings(s);
  const char *k = args_pos(a, 0);
  const sh_setting *st = sh_setting_find(k);
  if (!st) {
    char subs[512] = "";
    size_t n, used = 0;
    const command *const *all = sh_commands(&n);
    for (size_t i = 0; i < n && used < sizeof subs; i++)
      if (strncmp(all[i]->name, "show ", 5) == 0)
        used += (size_t)snprintf(subs + used, sizeof subs - used, "%s%s", used ? ", " : "",
                                 all[i]->name + 5);
    return sh_error(s, a->a[0].off, "unknown setting '%s' (show lists the settings; also show %s)",
                    k, subs);
  }
  char buf[256];
  st->get(s, buf, sizeof buf);
  if (s->csv) { /* stdout carries tables only */
    table *t = table_new("", "setting,value");
    if (!t) return sh_error(s, -1, "out of memory");
    table_str(t, st->name);
    table_str(t, buf);
    table_endrow(t);
    sh_emit_table(s, t);
    return 0;
  }
  fprintf(s->out, "%s %s\n", st->name, buf);
  return 0;
}

/* -------------------------------------------------------------- export */
static int run_export_csv(session *s, const args *a) {
  const char *path = args_pos(a, 0);
  if (!s->last_table)
    return sh_error(s, -1, "no table to export yet (run a command that prints one first)");
  if (!*path) return sh_error(s, a->a[0].off, "export csv needs a file name");
  sh_afile af;
  if (sh_atomic_open(&af, path, 0666) != 0)
    return sh_error(s, a->a[0].off, "cannot write %s: %s", path, strerror(errno));
  table_write_csv(s->last_table, af.f);
  if (sh_atomic_commit(&af) != 0)
    return sh_error(s, a->a[0].off, "cannot write %s: %s (the old file is unchanged)", path,
                    strerror(errno));
  if (s->interactive)
    fprintf(s->out, "wrote %zu rows to %s\n", table_rows(s->last_table), path);
  return 0;
}

static int run_export_gnuplot(session *s, const args *a) {
  const char *path = args_pos(a, 0);
  if (!*path) return sh_error(s, a->a[0].off, "export gnuplot needs a file name");
  int fig = figure_export_gnuplot(s, path); /* a figure draws all its panels */
  if (fig) return fig < 0 ? -1 : 0;
  return view_export_gnuplot(s, path);
}

/* ------------------------------------------------------- echo and quit */
static int run_echo(session *s, const args *a) {
  for (int i = 0; i < a->n; i++) fprintf(s->out, "%s%s", i ? " " : "", a->a[i].val);
  fputc('\n', s->out);
  return 0;
}

static int run_quit(session *s, const args *a) {
  (void)a;
  s->shell->quit = 1;
  return 0;
}

/* --------------------------------------------------------------- table */
static const char *const save_keys[] = {"state", NULL};

static const command cmd_core_table[] = {
    {"model", "[sym|asym] [nu=] [p=] [H=] [sigma=|kappa4=] [target=identity|zero|teacher|modadd] [kappa=] [r=] [seed=] [tseed=]",
     "define the model (unspecified keys keep their values)",
     "Defines the model and rebuilds it; keys not given keep the current values, so\n"
     "`model nu=3` changes only the order.  KIND is sym (f = sum_h u_h^(x)nu) or asym\n"
     "(f = sum_h u_h^(1) (x) ... (x) u_h^(nu)).  nu is the order (2..8), p the size of\n"
     "each factor, H the rank (number of units), sigma the standard deviation of the\n"
     "N(0, sigma^2) initialisation.  target= identity (y_i..i = kappa), zero, teacher\n"
     "(random CP tensor of rank r= with its own seed tseed=), modadd (nu=3 only:\n"
     "y_abc = kappa [a+b = c mod p]).  seed= selects the initialisation.  With a\n"
     "scaling set (see `help scaling`), H and sigma (and kappa) follow from p unless\n"
     "given.  kappa4= (SYM nu=4, target identity) sets sigma from the ascent control\n"
     "parameter kappa4 = sigma^4 (p^3 + 3 (H-1) p) / kappa at the model's p, H and\n"
     "kappa (instead of sigma=; kappa4 > 0).  Prints one summary line with the\n"
     "number of parameters and the memory\n"
     "the model needs; a model over the memory budget (`set budget`) is refused.\n"
     "Without arguments, prints the summary of the current model.  With CSV output\n"
     "(set format csv, --csv) the summary goes to standard error (none with -q\n"
     "after a change), so that standard output carries only tables.\n"
     "Example: model sym nu=2 p=100 H=50 sigma=0.1 target=identity",
     "model", model_keys, 0, 1, run_model},
    {"show model", "", "show the model's parameters as a table",
     "Prints the current model as key/value rows (kind, nu, p, H, sigma, target,\n"
     "kappa, seed, number of parameters, memory, and 1/2 ||y||^2) and how a\n"
     "gradient is computed: gradient = gram (H x H Gram matrices), dense (the p^nu\n"
     "tensor) or packed (the distinct entries of a SYM tensor), the cheapest for\n"
     "the model, and gradient_flops, its cost.",
     "model", NULL, 0, 0, run_show_model},
    {"set", "KEY VALUE | KEY=VALUE ...", "change a setting (show lists them)",
     "Changes settings: `set format csv` or `set format=csv points=400`.  The\n"
     "settings are listed by `show`; `help settings` explains each one.  A bad value\n"
     "changes nothing.",
     "settings", set_keys, 0, 2, run_set},
    {"show", "[KEY]", "list the settings, or show one",
     "`show` lists every setting with its value; `show KEY` prints one.  See also\n"
     "show model and the other show commands (help show).",
     "settings", NULL, 0, 1, run_show},
    {"help", "[COMMAND | TOPIC | search WORD | all]", "help on commands and topics",
     "`help` lists the commands by topic; `help COMMAND` explains one (`help flow\n"
     "run`); `help TOPIC` lists a topic (help conventions, help settings, help\n"
     "scripts, ...); `help search WORD` finds the commands that mention WORD;\n"
     "`help all` lists every command with its summary.  `?` is the same as help.",
     "help", NULL, 0, 4, sh_help},
    {"export csv", "FILE", "write the last table as CSV",
     "Writes the last table that a command printed to FILE as CSV (one header line,\n"
     "numbers exact: the shortest form that reads back to the same double, at most\n"
     "17 significant digits: 0.1, not 0.10000000000000001), whatever the display format.",
     "output", NULL, 1, 1, run_export_csv},
    {"export gnuplot", "FILE", "write the plotted curves and a gnuplot script",
     "Writes FILE.dat (the curves of the plot view) and FILE, a gnuplot script that\n"
     "draws them: `gnuplot -p FILE`.  When the plot shows panels (a sweep across\n"
     "regimes, plot panels=) the script is a multiplot, one plot per run in its\n"
     "own units, as on the screen.",
     "output", NULL, 1, 1, run_export_gnuplot},
    {"save", "FILE [state=yes]", "save the commands that rebuild this session",
     "Writes a script of gfd commands (settings, model, scaling, ...) that rebuilds\n"
     "the current state; `load FILE` or `gfd -f FILE` replays it.  With state=yes\n"
     "also the current parameters of a stepped instance, so that the session resumes\n"
     "exactly where it stood.",
     "session", save_keys, 1, 1, sh_run_save},
    {"load", "FILE", "run the commands of a script file",
     "Reads FILE and runs its commands (as written by save, or any gfd script).  The\n"
     "whole file is checked first: a missing, binary or too large file, or an\n"
     "unknown command or key anywhere in it, is reported and nothing is run.",
     "session", NULL, 1, 1, sh_run_load},
    {"tour", "[NAME]", "guided tours: list them, or play one step by step",
     "`tour` lists the guided tours (the example scripts of gfd); `tour NAME` plays\n"
     "one: each step shows a short explanation and the command, Enter runs it, q\n"
     "stops.  In batch mode the tour's commands simply run.",
     "session", NULL, 0, 1, sh_run_tour},
    {"echo", "[TEXT]", "print a line of text (for scripts)", NULL, "session", sh_keys_raw, 0, -1,
     run_echo},
    {"quit", "", "leave gfd", "Leaves gfd (Ctrl-D at the prompt does the same).", "session", NULL,
     0, 0, run_quit},
    {"exit", "", "leave gfd (same as quit)", NULL, "session", NULL, 0, 0, run_quit},
    {0}};

const area area_core = {
    .name = "core",
    .commands = cmd_core_table,
    .complete = sh_tour_complete,
};
