/* test_shell_complete.c - completion, command resolution and history of the
 * shell, on a small fake command table (so that the expectations do not move
 * when the areas add commands).  Links src/gfd/shell/complete.c, dispatch.c,
 * commands.c and history.c directly, with a fake registry of areas. */
#include <config.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <readline/history.h>
#include "testutil.h"
#include "shell_priv.h"


/* ------------------------------------------------------------ the fakes */
static int run_nop(session *s, const args *a) { (void)s, (void)a; return 0; }
static const char *const model_keys[] = {"nu", "p", "H", "sigma", "target", "seed", NULL};
static const char *const run_keys[] = {"T", "seeds", "method", NULL};
static const char *const series_keys[] = {"N", "source", NULL};
static const char *const save_keys[] = {"state", NULL};
static const char *const set_keys[] = {"format", "points", NULL};

static const command cmd_core_table[] = {
    {"model", "[sym|asym] [nu=] [p=] [H=] [sigma=] [target=identity|zero|teacher|modadd] [seed=]",
     "define", NULL, "model", model_keys, 0, 1, run_nop},
    {"show model", "", "show", NULL, "model", NULL, 0, 0, run_nop},
    {"show", "[KEY]", "settings", NULL, "settings", NULL, 0, 1, run_nop},
    {"set", "KEY VALUE", "set", NULL, "settings", set_keys, 0, 2, run_nop},
    {"save", "FILE [state=yes]", "save", NULL, "session", save_keys, 1, 1, run_nop},
    {"load", "FILE", "load", NULL, "session", NULL, 1, 1, run_nop},
    {"export csv", "FILE", "csv", NULL, "output", NULL, 1, 1, run_nop},
    {"help", "[X]", "help", NULL, "help", NULL, 0, 4, run_nop},
    {"echo", "[TEXT]", "echo", NULL, "session", sh_keys_raw, 0, -1, run_nop},
    {0}};
static const command cmd_flow_table[] = {
    {"flow run", "T= [seeds=] [method=]", "run", NULL, "flow", run_keys, 0, 0, run_nop},
    {"flow step", "DT", "step", NULL, "flow", NULL, 1, 1, run_nop},
    {"flow reset", "", "reset", NULL, "flow", NULL, 0, 0, run_nop},
    {"show state", "", "state", NULL, "flow", NULL, 0, 0, run_nop},
    {0}};
static const command cmd_taylor_table[] = {
    {"series", "N= [source=instance|ensemble]", "series", NULL, "series", series_keys, 0, 0,
     run_nop},
    {0}};
static const command cmd_diagram_table[] = {{"diagram", "n.k", "one class", NULL, "diagrams", NULL, 1, 1, run_nop},
                                     {0}};
/* the diagram area's completion hook: order 2 "computed" with 3 classes,
 * nothing else, and only with a session */
static int ids_asked;
static char **diagram_complete(session *s, const command *cmd, const char *word) {
  (void)cmd;
  if (!s) return NULL;
  int n = atoi(word);
  ids_asked = n;
  if (n != 2) return NULL;
  char **v = calloc(4, sizeof *v);
  v[0] = strdup("2.1"), v[1] = strdup("2.2"), v[2] = strdup("2.3");
  return v;
}
static const command cmd_scaling_table[] = {
    {"scaling", "a= b=", "scaling", NULL, "scaling", NULL, 0, 1, run_nop}, {0}};
/* a verb longer than 32 characters: the verb list once dropped such verbs */
static const command cmd_solution_table[] = {{"sum", "", "sum", NULL, "solution", NULL, 0, 0, run_nop},
                                      {"averyveryverylongverbnameforthetest40ch", "", "long verb",
                                       NULL, "solution", NULL, 0, 0, run_nop},
                                      {0}};
static const command cmd_view_table[] = {{0}};

/* the registry, in the program's order */
static const area area_core = {.name = "core", .commands = cmd_core_table};
static const area area_flow = {.name = "flow", .commands = cmd_flow_table};
static const area area_taylor = {.name = "taylor", .commands = cmd_taylor_table};
static const area area_diagram = {.name = "diagram", .commands = cmd_diagram_table,
                                  .complete = diagram_complete};
static const area area_scaling = {.name = "scaling", .commands = cmd_scaling_table};
static const area area_solution = {.name = "solution", .commands = cmd_solution_table};
static const area area_view = {.name = "view", .commands = cmd_view_table};
static const area *const fake_areas[] = {&area_core,    &area_flow,     &area_taylor, &area_diagram,
                                         &area_scaling, &area_solution, &area_view,   NULL};

static int set_nop(session *s, const char *v, int off) { (void)s, (void)v, (void)off; return 0; }
static void get_nop(session *s, char *b, size_t n) { (void)s, snprintf(b, n, "x"); }
const sh_setting sh_settings[] = {{"format", "csv|text", "", set_nop, get_nop},
                                  {"points", "N", "", set_nop, get_nop},
                                  {"method", "rk8pd|rkf45|msbdf|rk4", "", set_nop, get_nop},
                                  {0}};
const sh_setting *sh_setting_find(const char *name) {
  for (const sh_setting *st = sh_settings; st->name; st++)
    if (strcasecmp(st->name, name) == 0) return st;
  return NULL;
}
size_t sh_help_topics(const char **out, size_t max) {
  static const char *t[] = {"conventions", "model", "flow"};
  size_t k = 0;
  for (; k < 3 && k < max; k++) out[k] = t[k];
  return k;
}
static char last_error[1024];
int sh_error(session *s, int off, const char *fmt, ...) {
  (void)s, (void)off;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(last_error, sizeof last_error, fmt, ap);
  va_end(ap);
  return -1;
}
void sh_progress_end(session *s) { (void)s; }
void sh_report_interrupt(session *s, long out_before) { (void)s, (void)out_before; }
int table_take_oom(table *t) { (void)t; return 0; } /* no command here keeps a table */

/* --------------------------------------------------------- completion */
/* The completions of the last word of line, joined by spaces ("<files>"
 * when file names should be completed). */
static const char *complete(const char *line) {
  static char out[2048];
  int end = (int)strlen(line), start = end;
  while (start > 0 && line[start - 1] != ' ' && line[start - 1] != ';') start--;
  char **v = sh_complete(line, start, end);
  if (!v) return "<files>";
  out[0] = '\0';
  for (size_t i = 0; v[i]; i++) {
    size_t u = strlen(out);
    snprintf(out + u, sizeof out - u, "%s%s", i ? " " : "", v[i]);
  }
  sh_complete_free(v);
  return out;
}

static void expect(const char *line, const char *want) {
  const char *got = complete(line);
  CHECK(strcmp(got, want) == 0, "complete '%s': want '%s', got '%s'", line, want, got);
}

static void test_complete(void) {
  expect("", "model show set save load export help echo flow series diagram scaling sum averyveryverylongverbnameforthetest40ch");
  expect("s", "show set save series scaling sum");
  expect("mo", "model");
  expect("flow ", "run step reset");
  expect("flow s", "step");
  expect("fl s", "step");                           /* verbs by prefix */
  expect("flow run ", "T= seeds= method=");
  expect("flow run T=1 ", "seeds= method=");        /* used keys are not offered again */
  expect("flow run method=rk", "method=rk8pd method=rkf45 method=rk4");
  expect("model ", "nu= p= H= sigma= target= seed= sym asym");
  expect("model a", "asym");
  expect("model sym s", "sigma= seed=");
  expect("model target=", "target=identity target=zero target=teacher target=modadd");
  expect("model target=t", "target=teacher");
  expect("model Target=z", "target=zero");          /* keys match case-insensitively */
  expect("series source=e", "source=ensemble");
  expect("show ", "model state format points method"); /* subverbs, then settings */
  expect("set ", "format= points= format points method");
  expect("set format ", "csv text");
  expect("set method r", "rk8pd rkf45 rk4");
  expect("set format=c", "format=csv");
  expect("help ", "search conventions model flow show set save load export help echo series diagram scaling sum averyveryverylongverbnameforthetest40ch");
  expect("help f", "flow");
  expect("load ", "<files>");
  expect("load da", "<files>");
  expect("export csv ", "<files>");
  expect("save ", "<files>");
  expect("save st", "state=");
  expect("save out.gfd ", "state=");
  expect("save out.gfd state=", "state=yes state=no");
  expect("model; fl", "flow");                      /* after ';' a new command starts */
  expect("echo x # fl", "");                        /* inside a comment: nothing */
  expect("nosuch ", "");
  expect("flow step ", "");                         /* DT: a number, nothing to offer */
  expect("sum ", "");
  /* diagram ids: only what the diagram area says is computed */
  static session fake;
  sh_complete_session(&fake);
  expect("diagram 2.", "2.1 2.2 2.3");
  expect("diagram 2", "2.1 2.2 2.3");
  expect("diagram 2.3", "2.3");
  CHECK(ids_asked == 2, "order asked: %d", ids_asked);
  expect("diagram 3.", "");
  expect("diagram x", "");
  sh_complete_session(NULL);
}

/* --------------------------------------------------- resolution, tokens */
static const command *resolve(const char *line, int *used, char *err) {
  static char buf[1024];
  sh_tok tok[ARGS_MAX + 1];
  size_t pos = 0;
  int more, erroff;
  int n = sh_tokenize(line, &pos, buf, tok, ARGS_MAX + 1, &more, err, 256, &erroff);
  if (n < 0) return NULL;
  return sh_resolve(tok, n, used, err, 256, &erroff);
}

static void test_resolve(void) {
  char err[256];
  int used = 0;
  const command *c = resolve("fl ru T=1", &used, err);
  CHECK(c && strcmp(c->name, "flow run") == 0 && used == 2, "fl ru -> flow run (%s)", c ? c->name : err);
  c = resolve("flow re", &used, err);
  CHECK(c && strcmp(c->name, "flow reset") == 0, "flow re is unique");
  c = resolve("flow", &used, err);
  CHECK(!c && strcmp(err, "flow needs a subcommand: run, step, reset") == 0, "flow alone: %s", err);
  c = resolve("flow x", &used, err);
  CHECK(!c && strcmp(err, "unknown command: flow x (flow takes: run, step, reset)") == 0,
        "flow x: %s", err);
  c = resolve("s", &used, err);
  CHECK(!c && strcmp(err, "ambiguous command: s, could be: show, set, save, series, scaling, sum") == 0,
        "s: %s", err);
  c = resolve("show st", &used, err);
  CHECK(c && strcmp(c->name, "show state") == 0, "show st -> show state");
  c = resolve("show format", &used, err);
  CHECK(c && strcmp(c->name, "show") == 0 && used == 1, "show format -> show + word");
  c = resolve("SHOW MODEL", &used, err);
  CHECK(c && strcmp(c->name, "show model") == 0, "case-insensitive names");
  c = resolve("serie N=3", &used, err);
  CHECK(c && strcmp(c->name, "series") == 0, "prefix serie");
  c = resolve("sereis", &used, err);
  CHECK(!c && strcmp(err, "unknown command: sereis (did you mean series?)") == 0, "typo: %s", err);
  c = resolve("T=3", &used, err);
  CHECK(!c && strstr(err, "expected a command"), "key first: %s", err);
  c = resolve("averyveryverylongverbnameforthetest40ch", &used, err);
  CHECK(c && strcmp(c->name, "averyveryverylongverbnameforthetest40ch") == 0,
        "a 39-character verb resolves (%s)", c ? c->name : err);

  /* the verb list holds every command's first word exactly once, whatever
   * its length (a fixed 32-byte copy used to drop long verbs silently) */
  size_t n, nv;
  const command *const *all = sh_commands(&n);
  const char *const *verbs = sh_verbs(&nv);
  CHECK(verbs && nv > 0 && nv <= n, "sh_verbs: %zu verbs for %zu commands", nv, n);
  for (size_t i = 0; verbs && i < n; i++) {
    size_t len = strcspn(all[i]->name, " "), hits = 0;
    for (size_t j = 0; j < nv; j++)
      hits += strlen(verbs[j]) == len && strncmp(verbs[j], all[i]->name, len) == 0;
    CHECK(hits == 1, "verb of '%s' listed %zu times", all[i]->name, hits);
  }
}

static void test_tokens(void) {
  char buf[1024], err[256];
  sh_tok tok[8];
  size_t pos = 0;
  int more, erroff;
  const char *line = "set a=\"x y\" 'b;c' d#e ; echo # rest";
  int n = sh_tokenize(line, &pos, buf, tok, 8, &more, err, sizeof err, &erroff);
  CHECK(n == 4 && more == 1, "first command: 4 tokens and more (%d, %d)", n, more);
  if (n == 4) {
    CHECK(!tok[0].key && strcmp(tok[0].val, "set") == 0, "word 0");
    CHECK(tok[1].key && strcmp(tok[1].key, "a") == 0 && strcmp(tok[1].val, "x y") == 0,
          "quoted value");
    CHECK(!tok[2].key && strcmp(tok[2].val, "b;c") == 0, "quoted ';'");
    CHECK(!tok[3].key && strcmp(tok[3].val, "d#e") == 0, "'#' inside a word");
    CHECK(tok[1].off == 4 && tok[3].off == 18, "offsets %d %d", tok[1].off, tok[3].off);
  }
  n = sh_tokenize(line, &pos, buf, tok, 8, &more, err, sizeof err, &erroff);
  CHECK(n == 1 && more == 0 && strcmp(tok[0].val, "echo") == 0, "second command, comment cut");
  pos = 0;
  n = sh_tokenize("x \"open", &pos, buf, tok, 8, &more, err, sizeof err, &erroff);
  CHECK(n < 0 && erroff == 2 && strstr(err, "unterminated"), "unterminated quote at 2");
  pos = 0;
  n = sh_tokenize("a b c d e f g h i", &pos, buf, tok, 8, &more, err, sizeof err, &erroff);
  CHECK(n < 0 && strstr(err, "too many"), "too many words");
  pos = 0;
  n = sh_tokenize("x 1=2 =3 a.b=4 _k=", &pos, buf, tok, 8, &more, err, sizeof err, &erroff);
  CHECK(n == 5 && !tok[1].key && !tok[2].key && !tok[3].key, "non-identifier keys are words");
  CHECK(n == 5 && tok[4].key && strcmp(tok[4].key, "_k") == 0 && tok[4].val[0] == '\0',
        "empty value");
}

/* -------------------------------------------------------------- history */
static void test_history_concurrent(const char *dir);
static void test_history_trim(const char *dir);

static void test_history(void) {
  char dir[] = "/tmp/gfd-hist-XXXXXX";
  CHECK(mkdtemp(dir) != NULL, "mkdtemp");
  char path[512], want[512];
  unsetenv("GFD_HISTORY");
  setenv("HOME", dir, 1);
  unsetenv("XDG_STATE_HOME");
  snprintf(want, sizeof want, "%s/.local/state/gfd/history", dir);
  CHECK(sh_history_path(path, sizeof path) == 0 && strcmp(path, want) == 0, "default: %s", path);
  setenv("XDG_STATE_HOME", "relative/dir", 1); /* not absolute: ignored (XDG rule) */
  CHECK(sh_history_path(path, sizeof path) == 0 && strcmp(path, want) == 0, "relative XDG ignored");
  char xdg[300];
  snprintf(xdg, sizeof xdg, "%s/state", dir);
  setenv("XDG_STATE_HOME", xdg, 1);
  snprintf(want, sizeof want, "%s/state/gfd/history", dir);
  CHECK(sh_history_path(path, sizeof path) == 0 && strcmp(path, want) == 0, "XDG: %s", path);
  setenv("GFD_HISTORY", "/dev/null", 1);
  CHECK(sh_history_path(path, sizeof path) == 1, "/dev/null disables");
  setenv("GFD_HISTORY", "", 1);
  CHECK(sh_history_path(path, sizeof path) == 1, "empty disables");
  snprintf(want, sizeof want, "%s/a/b/hist", dir);
  setenv("GFD_HISTORY", want, 1);
  CHECK(sh_history_path(path, sizeof path) == 0 && strcmp(path, want) == 0, "GFD_HISTORY wins");

  char cfg[300];
  snprintf(cfg, sizeof cfg, "%s/cfg", dir);
  setenv("XDG_CONFIG_HOME", cfg, 1);
  snprintf(want, sizeof want, "%s/cfg/gfd/gfdrc", dir);
  CHECK(sh_init_path(path, sizeof path) == 0 && strcmp(path, want) == 0, "init file %s", path);

  /* recording: into a file under directories that do not exist yet */
  snprintf(path, sizeof path, "%s/a/b/hist", dir);
  sh_history_load(NULL);
  CHECK(sh_history_add(path, "model sym nu=2") == 1, "first line recorded");
  CHECK(sh_history_add(path, "model sym nu=2") == 0, "a repeat is not");
  CHECK(sh_history_add(path, "   ") == 0, "a blank line is not");
  CHECK(sh_history_add(path, " secret") == 0, "a line starting with a space is not");
  CHECK(sh_history_add(path, "flow run T=1") == 1, "second line recorded");
  FILE *f = fopen(path, "r");
  char content[256] = "";
  if (f) {
    size_t n = fread(content, 1, sizeof content - 1, f);
    content[n] = '\0';
    fclose(f);
  }
  CHECK(strcmp(content, "model sym nu=2\nflow run T=1\n") == 0, "history file: '%s'", content);
  struct stat st;
  CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "history file is private");
  /* a fresh session reads it back */
  clear_history();
  sh_history_load(path);
  CHECK(sh_history_add(NULL, "flow run T=1") == 0, "the last line read back suppresses a repeat");

  /* a corrupt history file is reported (-1) and nothing of it is read */
  char bad[600];
  snprintf(bad, sizeof bad, "%s/bad-hist", dir);
  FILE *b = fopen(bad, "w");
  if (b) {
    fwrite("model\0\1\2garbage\n", 1, 17, b);
    fclose(b);
  }
  clear_history();
  CHECK(sh_history_load(bad) == -1 && history_length == 0, "a binary history file is refused");
  CHECK(sh_history_load(dir) == -1, "a directory as history file is refused");
  snprintf(bad, sizeof bad, "%s/none", dir);
  CHECK(sh_history_load(bad) == 0, "no history file yet is no error");

  test_history_concurrent(dir);
  test_history_trim(dir);

  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  CHECK(system(cmd) == 0, "cleanup");
}

/* Four sessions append 300 lines each to one history file at once: every
 * line arrives whole (no interleaving), none is lost. */
static void test_history_concurrent(const char *dir) {
  char path[600];
  snprintf(path, sizeof path, "%s/shared-hist", dir);
  enum { KIDS = 4, EACH = 300 };
  pid_t pid[KIDS];
  for (int k = 0; k < KIDS; k++) {
    pid[k] = fork();
    if (pid[k] == 0) {
      clear_history();
      char line[200];
      for (int j = 0; j < EACH; j++) {
        snprintf(line, sizeof line, "echo session %d entry %03d %s", k, j,
                 "padding-padding-padding-padding-padding-padding-padding-padding");
        sh_history_add(path, line);
      }
      _exit(0);
    }
  }
  for (int k = 0; k < KIDS; k++) waitpid(pid[k], NULL, 0);
  FILE *f = fopen(path, "r");
  int lines = 0, good = 0, seen[KIDS] = {0};
  char buf[400];
  while (f && fgets(buf, sizeof buf, f)) {
    int k, j;
    char want[200];
    lines++;
    if (sscanf(buf, "echo session %d entry %d padding-", &k, &j) == 2 && k >= 0 && k < KIDS) {
      snprintf(want, sizeof want, "echo session %d entry %03d %s\n", k, j,
               "padding-padding-padding-padding-padding-padding-padding-padding");
      if (strcmp(buf, want) == 0) good++, seen[k]++;
    }
  }
  if (f) fclose(f);
  CHECK(lines == KIDS * EACH && good == lines, "concurrent appends: %d lines, %d whole (want %d)",
        lines, good, KIDS * EACH);
}

/* One long session: the file is trimmed to the latest lines, atomically. */
static void test_history_trim(const char *dir) {
  char path[600];
  snprintf(path, sizeof path, "%s/long-hist", dir);
  clear_history();
  char line[200];
  for (int j = 0; j < 3000; j++) {
    snprintf(line, sizeof line, "echo %04d", j);
    sh_history_add(path, line);
  }
  FILE *f = fopen(path, "r");
  int lines = 0;
  char first[200] = "", last[200] = "";
  while (f && fgets(line, sizeof line, f)) {
    if (!lines) snprintf(first, sizeof first, "%s", line);
    snprintf(last, sizeof last, "%s", line);
    lines++;
  }
  if (f) fclose(f);
  CHECK(lines >= 2000 && lines <= 2500 && strcmp(last, "echo 2999\n") == 0 && strcmp(first, "echo 0000\n") != 0,
        "trimmed history: %d lines, first %s", lines, first);
}

int main(void) {
  sh_areas_install(fake_areas);
  test_tokens();
  test_resolve();
  test_complete();
  test_history();
  return tu_done();
}
