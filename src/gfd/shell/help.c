/* help.c - `help`, `help COMMAND`, `help TOPIC`, `help search WORD`, all
 * generated from the command tables plus a few topic texts. */
#include <config.h>
#include <string.h>
#include <strings.h>
#include "shell_priv.h"

typedef struct topic_text {
  const char *name;
  const char *summary;
  const char *text; /* may be NULL: the topic's commands are listed */
} topic_text;

static const topic_text topics[] = {
    {"conventions", "models, initialisation, loss, Taylor series, scalings",
     "Models (order nu >= 2, size p, rank H, u_h in R^p):\n"
     "  sym:   f = sum_{h=1..H} u_h (x) ... (x) u_h     (nu factors)\n"
     "  asym:  f = sum_h u_h^(1) (x) ... (x) u_h^(nu)   (nu independent vectors)\n"
     "Initialisation: all entries iid N(0, sigma^2), drawn from GSL's mt19937\n"
     "  seeded with seed=, in the order of the parameters; an ensemble of K\n"
     "  uses seeds seed..seed+K-1; a teacher target has its own seed tseed=.\n"
     "Targets y: identity (y_i..i = kappa), zero, teacher (kappa times a random\n"
     "  CP tensor of rank r with unit-norm factors), modadd (nu = 3:\n"
     "  y_abc = kappa [a+b = c mod p]).\n"
     "Loss: L = 1/2 ||f - y||^2 (no normalisation); excess = L - 1/2 ||y||^2.\n"
     "Gradient flow: du/dt = -grad L; gradient ascent is the same ODE run to\n"
     "  t < 0.\n"
     "Taylor convention: L(t) = sum_n coef_n t^n with coef_n = L^(n)(0)/n!;\n"
     "  diagrams compute E[L^(n)(0)] over the initialisation.\n"
     "The paper's time: `set lr 1/T` takes its learning rate 1/T, du/dt' =\n"
     "  -(1/T) grad L, so paper time t' = T t (t: gfd time).  Then flow run,\n"
     "  ascent run and flow step take T=/DT and show rows, blow-up times and\n"
     "  curves in t', and series prints coef_n / T^n (the coefficients in t').\n"
     "  Default lr 1 (T = 1: no change); a change drops the runs, curves and\n"
     "  series.  Commands that cannot follow it yet refuse while T != 1 (sum,\n"
     "  solutions, blowup, sweep, diagrams, diagram, show poly, scaled=yes);\n"
     "  phase uses the scale-free tau and is unaffected.  save keeps it.\n"
     "Scalings: p -> infinity with H = CH p^a, sigma^2 = Cs p^b,\n"
     "  kappa = Ck p^c; time and loss are rescaled by the powers of p that the\n"
     "  diagrams give.\n"
     "gfd studies continuous-time gradient flow, not finite-step gradient\n"
     "descent.  The method: Yarotsky, Golikov, Gusev, arXiv 2602.04548 (its\n"
     "time is gfd's with set lr 1/T; its other normalisations may differ)."},
    {"scripts", "batch use: -c, -f, pipes, syntax, exit codes",
     "gfd -c 'CMD; CMD'   gfd -f FILE   gfd FILE   echo CMD | gfd\n"
     "Syntax: one command per line or ';'-separated; '#' starts a comment; a\n"
     "  line ending in '\\' continues; words are `verb [subverb] key=value ...`;\n"
     "  quote values with spaces (\"...\" or '...').  Commands, subcommands and\n"
     "  setting names may be shortened to a unique prefix (sh mo = show model).\n"
     "Errors: one line on stderr, `gfd: FILE:LINE: error: ...` (-c counts as\n"
     "  the file \"-c\", a pipe as \"stdin\"); a failed command changes nothing.\n"
     "Batch mode stops at the first failed command unless --no-bail.\n"
     "Exit status: 0 success, 1 a command failed, 2 bad options, 130\n"
     "  interrupted.\n"
     "Machine-readable output: --csv or `set format csv`; `export csv FILE`\n"
     "  writes the last table.  `save FILE` writes a script that rebuilds the\n"
     "  session."},
    {"keys", "the interactive shell: editing, completion, history, Ctrl-C",
     "Tab completes commands, subcommands, key names (key=), values (model\n"
     "  kinds, targets, methods, settings) and file names after load, save and\n"
     "  export.\n"
     "Up/Down and Ctrl-R search the history, kept in $XDG_STATE_HOME/gfd/history\n"
     "  (~/.local/state/gfd/history; GFD_HISTORY=FILE overrides, /dev/null\n"
     "  disables; a line typed with a leading space is not recorded).\n"
     "Ctrl-C clears the line at the prompt, and stops a running computation\n"
     "  (its results so far are kept).  Ctrl-L clears the screen.  Ctrl-D or\n"
     "  quit leaves.\n"
     "An init file $XDG_CONFIG_HOME/gfd/gfdrc (~/.config/gfd/gfdrc) runs at the\n"
     "  start of an interactive session (not with --no-init, never in batch\n"
     "  mode)."},
    {"settings", "set/show: output format, budget, time limit, integrator, ...", NULL},
    {"model", "defining the tensor model and its target", NULL},
    {"session", "save, load, tours, scripts", NULL},
    {"output", "CSV and gnuplot export", NULL},
    {"help", "help itself", NULL},
    {NULL, NULL, NULL}};

/* ---------------------------------------------------------- topic list */
size_t sh_help_topics(const char **out, size_t max) {
  size_t k = 0;
  for (const topic_text *t = topics; t->name && k < max; t++) out[k++] = t->name;
  size_t n;
  const command *const *all = sh_commands(&n);
  for (size_t i = 0; i < n && k < max; i++) {
    const char *tp = all[i]->topic;
    if (!tp || !*tp) continue;
    size_t j;
    for (j = 0; j < k; j++)
      if (strcmp(out[j], tp) == 0) break;
    if (j == k) out[k++] = tp;
  }
  return k;
}

static const topic_text *find_topic_text(const char *name) {
  for (const topic_text *t = topics; t->name; t++)
    if (strcasecmp(t->name, name) == 0) return t;
  return NULL;
}

/* Print text with every line indented. */
static void indent(FILE *f, const char *text, const char *pre) {
  const char *c = text;
  while (*c) {
    const char *e = strchr(c, '\n');
    size_t len = e ? (size_t)(e - c) : strlen(c);
    fprintf(f, "%s%.*s\n", len ? pre : "", (int)len, c);
    c += len + (e ? 1 : 0);
  }
}


/* One command in a listing: "name synopsis" in a 34-column field (a long
 * synopsis is cut at a word and marked "..."; help NAME has it all), then the
 * summary wrapped to 78 columns. */
#define LIST_HEAD 34
#define LIST_WIDTH 78
static void command_line(FILE *f, const command *c) {
  char head[LIST_HEAD + 1];
  const char *syn = c->synopsis ? c->synopsis : "";
  int n = snprintf(head, sizeof head, "%s%s%s", c->name, *syn ? " " : "", syn);
  if (n > LIST_HEAD) {
    /* cut at the last blank that leaves room for " ..." */
    head[LIST_HEAD - 4] = '\0';
    char *sp = strrchr(head, ' ');
    if (sp && sp > head + strlen(c->name)) *sp = '\0';
    else head[strlen(c->name) < LIST_HEAD - 4 ? strlen(c->name) : LIST_HEAD - 4] = '\0';
    strcat(head, " ...");
  }
  fprintf(f, "  %-*s  ", LIST_HEAD, head);
  sh_wrap(f, 2 + LIST_HEAD + 2, 2 + LIST_HEAD + 2, c->summary ? c->summary : "");
}

static void list_topic_commands(FILE *f, const char *topic, const command *skip) {
  size_t n;
  const command *const *all = sh_commands(&n);
  for (size_t i = 0; i < n; i++)
    if (all[i] != skip && all[i]->topic && strcasecmp(all[i]->topic, topic) == 0)
      command_line(f, all[i]);
}

/* Topics of commands in the order `help` lists them: the model first, then
 * the areas' topics in table order, then the shell's own. */
static const char *const last_topics[] = {"settings", "output", "session", "help", NULL};

static size_t command_topics(const char **out, size_t max) {
  size_t n, k = 0;
  const command *const *all = sh_commands(&n);
  out[k++] = "model";
  for (size_t i = 0; i < n && k < max; i++) {
    const char *tp = all[i]->topic;
    if (!tp || !*tp) continue;
    int skip = 0;
    for (int j = 0; last_topics[j]; j++)
      if (strcmp(last_topics[j], tp) == 0) skip = 1;
    for (size_t j = 0; j < k && !skip; j++)
      if (strcmp(out[j], tp) == 0) skip = 1;
    if (!skip) out[k++] = tp;
  }
  for (int j = 0; last_topics[j] && k < max; j++) out[k++] = last_topics[j];
  return k;
}

/* Write words separated by ", " wrapped at 78 columns after an indent. */
static void wrap_item(FILE *f, int *col, int ind, const char *item, int first) {
  int len = (int)strlen(item) + (first ? 0 : 2);
  if (!first && *col + len > 78) {
    fprintf(f, ",\n%*s%s", ind, "", item);
    *col = ind + (int)strlen(item);
    return;
  }
  fprintf(f, "%s%s", first ? "" : ", ", item);
  *col += len;
}

static void help_overview(session *s, int full) {
  FILE *f = s->out;
  fprintf(f,
          "gfd explores gradient flow on tensor models through Wick-diagram expansions.\n"
          "Try: tour (guided examples), or  model sym nu=2 p=50 H=20 sigma=0.1  then\n"
          "flow run T=2.  help COMMAND explains a command (help flow run), help TOPIC a\n"
          "topic, help search WORD finds one, help all lists every command with a line\n"
          "about it.  Tab completes; commands shorten to a unique prefix (sh mo).\n\n");
  const char *tl[64];
  size_t nt = command_topics(tl, 64);
  size_t n;
  const command *const *all = sh_commands(&n);
  for (size_t t = 0; t < nt; t++) {
    int any = 0;
    for (size_t i = 0; i < n; i++)
      if (all[i]->topic && strcmp(all[i]->topic, tl[t]) == 0) any = 1;
    if (!any) continue;
    if (full) {
      fprintf(f, "%s:\n", tl[t]);
      list_topic_commands(f, tl[t], NULL);
      fputc('\n', f);
      continue;
    }
    int col = fprintf(f, "  %-10s", tl[t]), first = 1;
    for (size_t i = 0; i < n; i++)
      if (all[i]->topic && strcmp(all[i]->topic, tl[t]) == 0) {
        wrap_item(f, &col, 12, all[i]->name, first);
        first = 0;
      }
    fputc('\n', f);
  }
  fprintf(f, "%sAlso: ", full ? "" : "\n");
  int col = 6, first = 1;
  for (const topic_text *t = topics; t->name; t++)
    if (t->text) {
      char item[64];
      snprintf(item, sizeof item, "help %s", t->name);
      wrap_item(f, &col, 6, item, first);
      first = 0;
    }
  fprintf(f, ".\n");
}

static void help_settings(session *s) {
  FILE *f = s->out;
  fprintf(f, "Settings (set KEY VALUE, show KEY, show lists them all):\n");
  char buf[128], text[512];
  for (const sh_setting *st = sh_settings; st->name; st++) {
    st->get(s, buf, sizeof buf);
    char head[64];
    snprintf(head, sizeof head, "%s %s", st->name, st->values);
    snprintf(text, sizeof text, "%s; now %s", st->about, buf);
    fprintf(f, "  %-26s  ", head);
    sh_wrap(f, 30, 30, text);
  }
}

static void help_command(session *s, const command *c) {
  FILE *f = s->out;
  /* the synopsis wrapped under the name; the help text as written (the
   * areas format it for 80 columns) */
  fprintf(f, "%s ", c->name);
  sh_wrap(f, (int)strlen(c->name) + 1, (int)strlen(c->name) + 1,
             c->synopsis ? c->synopsis : "");
  if (c->summary) {
    fputs("  ", f);
    sh_wrap(f, 2, 2, c->summary);
  }
  if (c->help) {
    fputc('\n', f);
    indent(f, c->help, "");
  }
  if (c->keys && c->keys != sh_keys_raw && c->keys[0]) {
    char keys[1024] = "";
    for (const char *const *k = c->keys; *k; k++) {
      size_t u = strlen(keys);
      snprintf(keys + u, sizeof keys - u, "%s%s=", u ? " " : "", *k);
    }
    fprintf(f, "\nkeys: ");
    sh_wrap(f, 6, 6, keys);
  }
  /* the other commands of the same topic */
  size_t n;
  const command *const *all = sh_commands(&n);
  int head = 0;
  for (size_t i = 0; i < n && c->topic; i++) {
    if (all[i] == c || !all[i]->topic || strcmp(all[i]->topic, c->topic) != 0) continue;
    if (!head++) fprintf(f, "\nsee also:\n");
    command_line(f, all[i]);
  }
}

static void help_topic(session *s, const char *topic) {
  FILE *f = s->out;
  const topic_text *t = find_topic_text(topic);
  if (t && t->text) {
    fprintf(f, "%s: %s\n\n", t->name, t->summary);
    indent(f, t->text, "  ");
  } else if (t) {
    fprintf(f, "%s: %s\n", t->name, t->summary);
  } else {
    fprintf(f, "%s:\n", topic);
  }
  if (strcasecmp(topic, "settings") == 0) {
    fputc('\n', f);
    help_settings(s);
  }
  size_t n;
  const command *const *all = sh_commands(&n);
  int any = 0;
  for (size_t i = 0; i < n; i++)
    if (all[i]->topic && strcasecmp(all[i]->topic, topic) == 0) any = 1;
  if (any) {
    fprintf(f, "\ncommands:\n");
    list_topic_commands(f, topic, NULL);
  }
}

/* Case-insensitive substring. */
static int contains(const char *hay, const char *needle) {
  if (!hay) return 0;
  size_t n = strlen(needle);
  for (const char *c = hay; *c; c++)
    if (strncasecmp(c, needle, n) == 0) return 1;
  return 0;
}

static int help_search(session *s, const char *word) {
  FILE *f = s->out;
  int hits = 0;
  size_t n;
  const command *const *all = sh_commands(&n);
  for (size_t i = 0; i < n; i++) {
    const command *c = all[i];
    int keyhit = 0;
    for (const char *const *k = c->keys; k && k != sh_keys_raw && *k; k++)
      if (strcasecmp(*k, word) == 0) keyhit = 1;
    if (keyhit || contains(c->name, word) || contains(c->synopsis, word) ||
        contains(c->summary, word) || contains(c->help, word)) {
      if (!hits++) fprintf(f, "commands mentioning '%s':\n", word);
      command_line(f, c);
    }
  }
  int sh = 0;
  for (const sh_setting *st = sh_settings; st->name; st++)
    if (contains(st->name, word) || contains(st->about, word)) {
      if (!sh++) fprintf(f, "%ssettings mentioning '%s':\n", hits ? "\n" : "", word);
      fprintf(f, "  %-12s %s\n", st->name, st->about);
    }
  int th = 0;
  for (const topic_text *t = topics; t->name; t++)
    if (t->text && (contains(t->text, word) || contains(t->name, word))) {
      if (!th++) fprintf(f, "%stopics mentioning '%s':\n", hits + sh ? "\n" : "", word);
      fprintf(f, "  %-12s %s\n", t->name, t->summary);
    }
  if (hits + sh + th == 0) fprintf(f, "nothing mentions '%s' (help lists everything)\n", word);
  return 0;
}

int sh_help(session *s, const args *a) {
  int np = args_npos(a);
  if (np == 0) {
    help_overview(s, 0);
    return 0;
  }
  const char *w0 = args_pos(a, 0);
  if (np == 1 && strcasecmp(w0, "all") == 0) {
    help_overview(s, 1);
    return 0;
  }
  if (strcasecmp(w0, "search") == 0) {
    if (np != 2) return sh_error(s, a->a[0].off, "usage: help search WORD");
    return help_search(s, args_pos(a, 1));
  }
  /* exact command name from the words */
  char name[128] = "";
  for (int i = 0; i < np && i < 2; i++) {
    size_t used = strlen(name);
    snprintf(name + used, sizeof name - used, "%s%s", i ? " " : "", args_pos(a, i));
  }
  const command *c = np <= 2 ? sh_find_command(name) : NULL;
  if (!c && np == 1 && find_topic_text(w0)) {
    help_topic(s, find_topic_text(w0)->name);
    return 0;
  }
  if (!c) {
    /* prefixes, as the dispatcher resolves them */
    sh_tok tok[4];
    int nt = np < 4 ? np : 4;
    for (int i = 0; i < nt; i++) {
      tok[i].key = NULL;
      tok[i].val = args_pos(a, i);
      tok[i].off = a->a[i].off;
      tok[i].end = a->a[i].off + (int)strlen(tok[i].val);
    }
    char err[600];
    int used = 1, erroff;
    c = sh_resolve(tok, nt, &used, err, sizeof err, &erroff);
    if (c && used < np) c = NULL; /* extra words: not a command */
    if (!c) {
      /* a topic, maybe by prefix */
      const char *tl[64];
      size_t nt2 = sh_help_topics(tl, 64);
      const char *hit = NULL;
      int nhit = 0;
      for (size_t i = 0; i < nt2 && np == 1; i++) {
        if (strcasecmp(tl[i], w0) == 0) {
          hit = tl[i];
          nhit = 1;
          break;
        }
        if (strncasecmp(tl[i], w0, strlen(w0)) == 0) hit = tl[i], nhit++;
      }
      if (nhit == 1) {
        help_topic(s, hit);
        return 0;
      }
      /* a verb without a bare command, e.g. `help flow`: its commands */
      if (np == 1 && strstr(err, "needs a subcommand")) {
        size_t n;
        const command *const *all = sh_commands(&n);
        fprintf(s->out, "%s commands:\n", w0);
        for (size_t i = 0; i < n; i++) {
          size_t vl = strcspn(all[i]->name, " ");
          if (strncasecmp(all[i]->name, w0, strlen(w0)) == 0 && vl >= strlen(w0))
            command_line(s->out, all[i]);
        }
        return 0;
      }
      if (strncmp(err, "ambiguous", 9) == 0) return sh_error(s, a->a[0].off, "%s", err);
      return sh_error(s, a->a[0].off, "no command or topic named '%s' (try help search %s)", w0, w0);
    }
  }
  help_command(s, c);
  return 0;
}
