/* complete.c - context completion from the command tables (no readline
 * here, so that the tests can call it directly).
 *
 * First word: the verbs.  Second word: the subverbs (flow run, flow step).
 * Then the command's keys as `key=` and its positional values; after `key=`
 * the key's values, taken from the synopsis (`target=identity|zero|...`) or
 * from a few well-known keys; file names after load, save, export. */
#include <config.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "shell_priv.h"

typedef struct list {
  char **v;
  size_t n, cap;
  int oom;
} list;

static void add(list *l, const char *s, size_t len) {
  if (l->oom) return;
  for (size_t i = 0; i < l->n; i++)
    if (strlen(l->v[i]) == len && strncmp(l->v[i], s, len) == 0) return;
  if (l->n + 1 >= l->cap) {
    size_t cap = l->cap ? 2 * l->cap : 16;
    char **g = realloc(l->v, cap * sizeof *g);
    if (!g) {
      l->oom = 1;
      return;
    }
    l->v = g, l->cap = cap;
  }
  char *c = strndup(s, len);
  if (!c) {
    l->oom = 1;
    return;
  }
  l->v[l->n++] = c;
  l->v[l->n] = NULL;
}

static void add_pfx(list *l, const char *cand, const char *prefix) {
  if (strncasecmp(cand, prefix, strlen(prefix)) == 0) add(l, cand, strlen(cand));
}

/* "pre" + each of the '|'-separated alternatives in alts[0..len) that match */
static void add_alts(list *l, const char *alts, size_t len, const char *pre, const char *prefix) {
  const char *c = alts, *end = alts + len;
  while (c < end) {
    const char *bar = memchr(c, '|', (size_t)(end - c));
    size_t al = bar ? (size_t)(bar - c) : (size_t)(end - c);
    char buf[160];
    if (al && al < 100 && isalnum((unsigned char)c[0])) {
      snprintf(buf, sizeof buf, "%s%.*s", pre, (int)al, c);
      add_pfx(l, buf, prefix);
    }
    c += al + 1;
  }
}

/* Values of key known without a synopsis. */
static const struct {
  const char *key, *values;
} known_values[] = {{"target", "identity|zero|teacher|modadd"},
                    {"method", "dopri5|rk8pd|rkf45|msbdf|rk4"},
                    {"format", "csv|text"},
                    {"source", "instance|ensemble|diagrams|limit"},
                    {"state", "yes|no"},
                    {"observe", "norms|relerr|distance"},
                    {"color", "on|off"},
                    {"progress", "on|off"},
                    {NULL, NULL}};

/* Values of `key=` for command c, as "key=value" words matching word. */
static void key_values(list *l, const command *c, const char *key, const char *word) {
  char pre[80];
  snprintf(pre, sizeof pre, "%s=", key);
  /* from the synopsis: key=a|b|c */
  const char *syn = c->synopsis ? c->synopsis : "";
  size_t kl = strlen(pre);
  for (const char *p = syn; (p = strstr(p, pre)); p += kl) {
    if (p > syn && (isalnum((unsigned char)p[-1]) || p[-1] == '_')) continue;
    const char *v = p + kl;
    size_t vl = strcspn(v, " ]");
    if (memchr(v, '|', vl)) add_alts(l, v, vl, pre, word);
  }
  for (int i = 0; known_values[i].key; i++)
    if (strcmp(known_values[i].key, key) == 0)
      add_alts(l, known_values[i].values, strlen(known_values[i].values), pre, word);
  /* set KEY=VALUE: the setting's values */
  if (strcmp(c->name, "set") == 0) {
    const sh_setting *st = sh_setting_find(key);
    if (st && strchr(st->values, '|')) add_alts(l, st->values, strlen(st->values), pre, word);
  }
}

/* Positional alternatives written in the synopsis: "[sym|asym]". */
static void synopsis_positional(list *l, const command *c, const char *word) {
  const char *syn = c->synopsis ? c->synopsis : "";
  const char *p = syn;
  while (*p) {
    while (*p == ' ' || *p == '[') p++;
    size_t tl = strcspn(p, " ]");
    if (tl && !memchr(p, '=', tl) && memchr(p, '|', tl)) add_alts(l, p, tl, "", word);
    p += tl;
    while (*p == ']') p++;
  }
}

/* The session an area's completion may look at (set by the REPL; NULL in
 * tests). */
static session *g_session;
void sh_complete_session(session *s) { g_session = s; }

/* A positional word of cmd: its area's completion (diagram ids, ...) if it
 * offers one, else the alternatives its synopsis spells (a|b|c). */
static void area_values(list *l, const command *cmd, const char *word) {
  const area *a = sh_area_of(cmd);
  char **got = a && a->complete ? a->complete(g_session, cmd, word) : NULL;
  if (!got) {
    synopsis_positional(l, cmd, word);
    return;
  }
  for (size_t i = 0; got[i]; i++) {
    add_pfx(l, got[i], word);
    free(got[i]);
  }
  free(got);
}

/* A command whose first word is a file name: its synopsis says FILE. */
static int is_file_command(const command *c) {
  const char *syn = c->synopsis ? c->synopsis : "";
  return strncmp(syn, "FILE", 4) == 0 && (syn[4] == ' ' || syn[4] == '\0');
}

/* Resolve a verb by exact name or unique prefix. */
static const char *resolve_verb(const char *w) {
  size_t nv, nhit = 0;
  const char *const *verbs = sh_verbs(&nv);
  const char *hit = NULL;
  for (size_t i = 0; i < nv; i++) {
    if (strcasecmp(verbs[i], w) == 0) return verbs[i];
    if (strncasecmp(verbs[i], w, strlen(w)) == 0) hit = verbs[i], nhit++;
  }
  return nhit == 1 ? hit : NULL;
}

static int verb_is(const command *c, const char *verb) {
  size_t vl = strlen(verb);
  return strncmp(c->name, verb, vl) == 0 && (c->name[vl] == ' ' || c->name[vl] == '\0');
}

char **sh_complete(const char *line, int start, int end) {
  list l = {0};
  l.cap = 16;
  l.v = calloc(l.cap, sizeof *l.v);
  if (!l.v) return NULL;
  char *word = strndup(line + start, (size_t)(end - start));
  if (!word) return l.v;

  /* the command being typed: after the last ';' outside quotes */
  int cs = 0;
  char q = 0;
  for (int i = 0; i < start; i++) {
    char c = line[i];
    if (q) {
      if (c == q) q = 0;
    } else if (c == '"' || c == '\'') q = c;
    else if (c == ';') cs = i + 1;
    else if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
      free(word); /* inside a comment */
      return l.v;
    }
  }
  /* the words before the one being completed */
  char *words[ARGS_MAX];
  int nw = 0;
  for (int i = cs; i < start && nw < ARGS_MAX;) {
    while (i < start && (line[i] == ' ' || line[i] == '\t')) i++;
    if (i >= start) break;
    int j = i;
    while (j < start && line[j] != ' ' && line[j] != '\t') j++;
    words[nw++] = strndup(line + i, (size_t)(j - i));
    i = j;
  }
  char **result = l.v;
  const command *cmd = NULL;
  int used = 0, file_ok = 0;

  if (nw == 0) {
    size_t nv;
    const char *const *verbs = sh_verbs(&nv);
    for (size_t i = 0; i < nv; i++) add_pfx(&l, verbs[i], word);
    goto done;
  }
  const char *verb = words[0] ? resolve_verb(words[0]) : NULL;
  if (!verb) goto done;
  size_t n;
  const command *const *all = sh_commands(&n);
  const command *bare = NULL;
  int nsubs = 0;
  for (size_t i = 0; i < n; i++) {
    if (!verb_is(all[i], verb)) continue;
    if (strchr(all[i]->name, ' ')) nsubs++;
    else bare = all[i];
  }
  if (nsubs && nw == 1 && !strchr(word, '=')) {
    for (size_t i = 0; i < n; i++)
      if (verb_is(all[i], verb) && strchr(all[i]->name, ' '))
        add_pfx(&l, strchr(all[i]->name, ' ') + 1, word);
  }
  if (nsubs && nw >= 2 && !strchr(words[1], '=')) {
    const command *hit = NULL;
    int nhit = 0;
    for (size_t i = 0; i < n; i++) {
      const char *sp = strchr(all[i]->name, ' ');
      if (!verb_is(all[i], verb) || !sp) continue;
      if (strcasecmp(sp + 1, words[1]) == 0) {
        hit = all[i], nhit = 1;
        break;
      }
      if (strncasecmp(sp + 1, words[1], strlen(words[1])) == 0) hit = all[i], nhit++;
    }
    if (nhit == 1) cmd = hit, used = 2;
  }
  if (!cmd && bare) cmd = bare, used = 1;
  if (!cmd) goto done;

  /* positional words already given, and keys already used */
  int npos = 0;
  for (int i = used; i < nw; i++)
    if (!strchr(words[i], '=')) npos++;
  char *eq = strchr(word, '=');
  if (eq) {
    *eq = '\0';
    const char *canon = NULL;
    for (const char *const *k = cmd->keys; k && k != sh_keys_raw && *k; k++)
      if (strcasecmp(*k, word) == 0) canon = *k;
    *eq = '=';
    if (canon) {
      size_t kl = (size_t)(eq - word);
      char key[80];
      snprintf(key, sizeof key, "%.*s", (int)kl, word);
      char full[200];
      snprintf(full, sizeof full, "%s=%s", canon, eq + 1);
      key_values(&l, cmd, canon, full);
    }
    goto done;
  }
  /* `set KEY VALUE` and `set KEY=VALUE` do not mix */
  int no_keys = strcmp(cmd->name, "set") == 0 && npos > 0;
  for (const char *const *k = cmd->keys; !no_keys && k && k != sh_keys_raw && *k; k++) {
    int usedk = 0;
    for (int i = used; i < nw; i++)
      if (strncasecmp(words[i], *k, strlen(*k)) == 0 && words[i][strlen(*k)] == '=') usedk = 1;
    if (usedk) continue;
    char kw[80];
    snprintf(kw, sizeof kw, "%s=", *k);
    add_pfx(&l, kw, word);
  }
  if (cmd->pos_max >= 0 && npos >= cmd->pos_max) goto done;
  if (is_file_command(cmd)) {
    if (npos == 0) file_ok = 1;
  } else if (strcmp(cmd->name, "help") == 0) {
    if (npos == 0) add_pfx(&l, "search", word);
    const char *tl[64];
    size_t nt = sh_help_topics(tl, 64);
    for (size_t i = 0; i < nt; i++) add_pfx(&l, tl[i], word);
    size_t nv;
    const char *const *verbs = sh_verbs(&nv);
    for (size_t i = 0; i < nv; i++) add_pfx(&l, verbs[i], word);
  } else if (strcmp(cmd->name, "show") == 0 || (strcmp(cmd->name, "set") == 0 && npos == 0)) {
    for (const sh_setting *st = sh_settings; st->name; st++) add_pfx(&l, st->name, word);
  } else if (strcmp(cmd->name, "set") == 0 && npos == 1) {
    const sh_setting *st = sh_setting_find(words[used]);
    if (st && strchr(st->values, '|')) add_alts(&l, st->values, strlen(st->values), "", word);
  } else {
    area_values(&l, cmd, word);
  }

done:
  for (int i = 0; i < nw; i++) free(words[i]);
  int empty_word = !*word;
  free(word);
  result = l.v;
  if (file_ok && (l.n == 0 || empty_word)) {
    sh_complete_free(result);
    return NULL;
  }
  if (l.oom) {
    sh_complete_free(result);
    return NULL;
  }
  return result;
}

void sh_complete_free(char **v) {
  for (size_t i = 0; v && v[i]; i++) free(v[i]);
  free(v);
}
