/* dispatch.c - from a line of text to command runs.
 *
 * Syntax: commands separated by ';'; a '#' at the start of a word begins a
 * comment; words are separated by blanks; "..." and '...' quote (inside
 * double quotes \" and \\ escape); a word `key=value` (key an identifier) is
 * a keyword argument, anything else a positional word.  The command is
 * named by its first one or two words; each may be shortened to a unique
 * prefix.  Keys are matched exactly, or case-insensitively when that is
 * unique (h= means H=). */
#include <config.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "shell_priv.h"

const char *const sh_keys_raw[] = {NULL};

/* ------------------------------------------------------------ tokens */
static int is_ident_start(int c) { return isalpha(c) || c == '_'; }
static int is_ident(int c) { return isalnum(c) || c == '_'; }

int sh_tokenize(const char *line, size_t *pos, char *buf, sh_tok *tok, int maxtok, int *more,
                char *err, size_t errn, int *erroff) {
  size_t i = *pos;
  char *out = buf;
  int n = 0;
  *more = 0;
  for (;;) {
    while (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '\n') i++;
    if (!line[i]) break;
    if (line[i] == ';') {
      i++;
      *more = 1;
      break;
    }
    if (line[i] == '#') {
      i += strlen(line + i);
      break;
    }
    if (n == maxtok) {
      snprintf(err, errn, "too many words in one command (at most %d)", maxtok);
      *erroff = (int)i;
      return -1;
    }
    size_t start = i;
    char *word = out, *key = NULL, *val = out;
    int keyable = is_ident_start((unsigned char)line[i]);
    while (line[i] && line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '\n' &&
           line[i] != ';') {
      char c = line[i];
      if (c == '"' || c == '\'') {
        size_t q = i++;
        keyable = 0;
        while (line[i] && line[i] != c) {
          if (c == '"' && line[i] == '\\' && (line[i + 1] == '"' || line[i + 1] == '\\')) i++;
          *out++ = line[i++];
        }
        if (!line[i]) {
          snprintf(err, errn, "unterminated %s quote", c == '"' ? "double" : "single");
          *erroff = (int)q;
          return -1;
        }
        i++;
      } else if (c == '=' && keyable && !key && out > word) {
        *out++ = '\0';
        key = word;
        val = out;
        keyable = 0;
        i++;
      } else {
        if (keyable && !is_ident((unsigned char)c)) keyable = 0;
        *out++ = c;
        i++;
      }
    }
    *out++ = '\0';
    tok[n].key = key;
    tok[n].val = key ? val : word;
    tok[n].off = (int)start;
    tok[n].end = (int)i;
    n++;
  }
  *pos = i;
  return n;
}

/* ----------------------------------------------------------- commands */
static size_t verb_len(const char *name) {
  const char *sp = strchr(name, ' ');
  return sp ? (size_t)(sp - name) : strlen(name);
}

/* The distinct verbs of the command table, built once: the table is fixed
 * for the program's life.  No length or count cap (a verb that did not fit a
 * fixed buffer used to vanish silently); NULL with *n = 0 if out of memory. */
const char *const *sh_verbs(size_t *n_out) {
  static char **verbs;
  static size_t nverbs;
  if (!verbs) {
    size_t n;
    const command *const *all = sh_commands(&n);
    char **v = calloc(n ? n : 1, sizeof *v);
    size_t k = 0;
    for (size_t i = 0; v && i < n; i++) {
      size_t len = verb_len(all[i]->name), j;
      for (j = 0; j < k; j++)
        if (strlen(v[j]) == len && strncmp(v[j], all[i]->name, len) == 0) break;
      if (j < k) continue;
      if (!(v[k] = strndup(all[i]->name, len))) {
        while (k) free(v[--k]);
        free(v);
        v = NULL;
        break;
      }
      k++;
    }
    if (!v) {
      *n_out = 0;
      return NULL;
    }
    verbs = v;
    nverbs = k;
  }
  *n_out = nverbs;
  return (const char *const *)verbs;
}

const command *sh_find_command(const char *name) {
  size_t n;
  const command *const *all = sh_commands(&n);
  for (size_t i = 0; i < n; i++)
    if (strcmp(all[i]->name, name) == 0) return all[i];
  return NULL;
}

/* The subverb of a command name, or NULL for a bare verb. */
static const char *subverb(const command *c) {
  const char *sp = strchr(c->name, ' ');
  return sp ? sp + 1 : NULL;
}

static int same_verb(const command *c, const char *verb) {
  size_t len = verb_len(c->name);
  return strlen(verb) == len && strncmp(c->name, verb, len) == 0;
}

/* Append ", name" to a list. */
static void list_add(char *list, size_t n, const char *name) {
  size_t used = strlen(list);
  if (used < n) snprintf(list + used, n - used, "%s%s", used ? ", " : "", name);
}

/* Levenshtein distance, small strings only: for "did you mean". */
static int edit_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 30 || lb > 30) return 99;
  int d[32][32];
  for (size_t i = 0; i <= la; i++) d[i][0] = (int)i;
  for (size_t j = 0; j <= lb; j++) d[0][j] = (int)j;
  for (size_t i = 1; i <= la; i++)
    for (size_t j = 1; j <= lb; j++) {
      int cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
      int m = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < m) m = d[i][j - 1] + 1;
      if (d[i - 1][j - 1] + cost < m) m = d[i - 1][j - 1] + cost;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < m)
        m = d[i - 2][j - 2] + 1;
      d[i][j] = m;
    }
  return d[la][lb];
}

const command *sh_resolve(const sh_tok *tok, int ntok, int *used, char *err, size_t errn,
                          int *erroff) {
  *erroff = ntok > 0 ? tok[0].off : -1;
  if (ntok == 0) {
    snprintf(err, errn, "empty command");
    return NULL;
  }
  if (tok[0].key) {
    snprintf(err, errn, "expected a command before %s=%s (try help)", tok[0].key, tok[0].val);
    return NULL;
  }
  const char *word = strcmp(tok[0].val, "?") == 0 ? "help" : tok[0].val;
  size_t nv;
  const char *const *verbs = sh_verbs(&nv);
  if (!verbs) { /* the verb list could not be built: no command is known */
    snprintf(err, errn, "out of memory for the command list");
    return NULL;
  }
  const char *verb = NULL;
  char list[512] = "";
  size_t nmatch = 0, wl = strlen(word);
  for (size_t i = 0; i < nv; i++)
    if (strcasecmp(verbs[i], word) == 0) {
      verb = verbs[i];
      nmatch = 1;
      break;
    }
  if (!verb && wl > 0) {
    for (size_t i = 0; i < nv; i++)
      if (strncasecmp(verbs[i], word, wl) == 0) {
        verb = verbs[i];
        nmatch++;
        list_add(list, sizeof list, verbs[i]);
      }
  }
  if (nmatch == 0) {
    const char *best = NULL;
    int bd = 3;
    for (size_t i = 0; i < nv; i++) {
      int d = edit_distance(word, verbs[i]);
      if (d < bd) {
        bd = d;
        best = verbs[i];
      }
    }
    if (best && bd <= (wl > 4 ? 2 : 1))
      snprintf(err, errn, "unknown command: %s (did you mean %s?)", word, best);
    else snprintf(err, errn, "unknown command: %s (try help)", word);
    return NULL;
  }
  if (nmatch > 1) {
    snprintf(err, errn, "ambiguous command: %s, could be: %s", word, list);
    return NULL;
  }

  /* the verb is known: bare command and subverbs */
  size_t n;
  const command *const *all = sh_commands(&n);
  const command *bare = NULL;
  int nsubs = 0;
  char subs[512] = "";
  for (size_t i = 0; i < n; i++) {
    if (!same_verb(all[i], verb)) continue;
    if (!subverb(all[i])) bare = all[i];
    else {
      nsubs++;
      list_add(subs, sizeof subs, subverb(all[i]));
    }
  }
  if (nsubs && ntok > 1 && !tok[1].key) {
    const char *w = tok[1].val;
    size_t l = strlen(w);
    const command *hit = NULL;
    int nhit = 0;
    list[0] = '\0';
    for (size_t i = 0; i < n; i++) {
      const char *sv = subverb(all[i]);
      if (!sv || !same_verb(all[i], verb)) continue;
      if (strcasecmp(sv, w) == 0) {
        hit = all[i];
        nhit = 1;
        break;
      }
    }
    if (!hit && l > 0)
      for (size_t i = 0; i < n; i++) {
        const char *sv = subverb(all[i]);
        if (!sv || !same_verb(all[i], verb)) continue;
        if (strncasecmp(sv, w, l) == 0) {
          hit = all[i];
          nhit++;
          list_add(list, sizeof list, all[i]->name);
        }
      }
    if (nhit == 1) {
      *used = 2;
      return hit;
    }
    if (nhit > 1) {
      *erroff = tok[1].off;
      snprintf(err, errn, "ambiguous command: %s %s, could be: %s", verb, w, list);
      return NULL;
    }
    if (!bare) {
      *erroff = tok[1].off;
      snprintf(err, errn, "unknown command: %s %s (%s takes: %s)", verb, w, verb, subs);
      return NULL;
    }
  }
  if (bare) {
    *used = 1;
    return bare;
  }
  snprintf(err, errn, "%s needs a subcommand: %s", verb, subs);
  return NULL;
}

/* Build the args of command c from tokens [used, ntok); checks keys, repeats
 * and the number of positional words. */
static int build_args(session *s, const command *c, sh_tok *tok, int ntok, int used,
                      const char *line, args *a) {
  memset(a, 0, sizeof *a);
  a->cmd = c;
  a->line = line;
  int raw = c->keys == sh_keys_raw;
  int npos = 0;
  for (int i = used; i < ntok; i++) {
    arg *x = &a->a[a->n];
    if (tok[i].key && raw) {
      /* raw command: glue key=value back into one word */
      char *k = (char *)tok[i].key;
      k[strlen(k)] = '=';
      tok[i].val = k;
      tok[i].key = NULL;
    }
    if (tok[i].key) {
      const char *canon = NULL;
      int ncase = 0;
      for (const char *const *k = c->keys; k && *k; k++) {
        if (strcmp(*k, tok[i].key) == 0) {
          canon = *k;
          ncase = 1;
          break;
        }
        if (strcasecmp(*k, tok[i].key) == 0) {
          canon = *k;
          ncase++;
        }
      }
      if (!canon || ncase != 1) {
        /* a near miss (sigm=, seeed=) gets a suggestion */
        const char *best = NULL;
        int bd = 3;
        size_t kl = strlen(tok[i].key);
        for (const char *const *k = c->keys; k && *k; k++) {
          int d = edit_distance(tok[i].key, *k);
          if (d < bd) bd = d, best = *k;
        }
        if (best && bd <= (kl > 4 ? 2 : 1) && ncase == 0)
          return sh_error(s, tok[i].off, "unknown key %s= for %s (did you mean %s=?)", tok[i].key,
                          c->name, best);
        char valid[512] = "";
        for (const char *const *k = c->keys; k && *k; k++) list_add(valid, sizeof valid, *k);
        if ((!c->keys || !c->keys[0]) && c->pos_max != 0) /* a word with '=' in it, such as a curve "p=8" */
          return sh_error(s, tok[i].off, "unknown key %s= (%s takes no keys; a word with '=' in it is quoted: "
                          "\"%s=%s\")", tok[i].key, c->name, tok[i].key, tok[i].val ? tok[i].val : "");
        if (!c->keys || !c->keys[0])
          return sh_error(s, tok[i].off, "unknown key %s= (%s takes no keys)", tok[i].key,
                          c->name);
        return sh_error(s, tok[i].off, "unknown key %s= for %s (valid keys: %s)", tok[i].key,
                        c->name, valid);
      }
      for (int j = 0; j < a->n; j++)
        if (a->a[j].key == canon)
          return sh_error(s, tok[i].off, "repeated key %s= (given twice)", canon);
      x->key = canon;
    } else {
      npos++;
      if (c->pos_max >= 0 && npos > c->pos_max) {
        if (c->pos_max == 0)
          return sh_error(s, tok[i].off, "%s takes no words, got '%s' (usage: %s %s)", c->name,
                          tok[i].val, c->name, c->synopsis ? c->synopsis : "");
        return sh_error(s, tok[i].off, "unexpected word '%s' (usage: %s %s)", tok[i].val,
                        c->name, c->synopsis ? c->synopsis : "");
      }
    }
    x->val = tok[i].val;
    x->off = tok[i].off;
    a->n++;
  }
  if (npos < c->pos_min)
    return sh_error(s, ntok > 0 ? tok[ntok - 1].end : -1, "%s: missing argument (usage: %s %s)",
                    c->name, c->name, c->synopsis ? c->synopsis : "");
  return 0;
}

/* Run (or, with check_only, only resolve and check) every command of line.
 * A failed command ends the line when bail is set (the default); with
 * --no-bail the next ';'-separated command still runs, as the next line
 * would (the exit status stays 1). */
static int exec_or_check(session *s, const char *line, int check_only) {
  const char *saved = s->cur_line;
  s->cur_line = line;
  size_t len = strlen(line);
  char *buf = malloc(2 * len + 2);
  if (!buf) {
    s->cur_line = saved;
    return sh_error(s, -1, "out of memory");
  }
  size_t pos = 0;
  int more = 1, rc = 0;
  int go_on = !check_only && s->shell && !s->shell->bail;
  while (more && (rc == 0 || go_on)) {
    sh_tok tok[ARGS_MAX + 1];
    char err[600];
    int erroff = -1, used = 1;
    s->failed = 0;
    int ntok = sh_tokenize(line, &pos, buf, tok, ARGS_MAX + 1, &more, err, sizeof err, &erroff);
    if (ntok < 0) {
      rc = sh_error(s, erroff, "%s", err);
      break;
    }
    if (ntok == 0) continue;
    const command *c = sh_resolve(tok, ntok, &used, err, sizeof err, &erroff);
    if (!c) {
      rc = sh_error(s, erroff, "%s", err);
      continue; /* pos is past this command: the loop test decides */
    }
    args a;
    if (build_args(s, c, tok, ntok, used, line, &a) < 0) {
      rc = -1;
      continue;
    }
    if (check_only) continue;
    long out_before = s->shell ? s->shell->out_bytes : 0;
    if (s->shell) s->shell->intr_pending = 0;
    int r = c->run(s, &a);
    /* a kept table that lost rows to a failed allocation and was printed by
     * a command's own layout: the command failed, whatever it returned */
    if (table_take_oom(s->last_table)) sh_error(s, -1, "out of memory while building the table: its last rows are missing");
    sh_progress_end(s);
    fflush(s->out);
    sh_report_interrupt(s, out_before);
    if (r != 0 || s->failed) {
      if (!s->failed) sh_error(s, -1, "%s failed", c->name);
      rc = -1;
    }
    if (s->shell && s->shell->quit) break;
    if (s->interrupted) break;
  }
  free(buf);
  s->cur_line = saved;
  return rc;
}

int sh_exec_line(session *s, const char *line) { return exec_or_check(s, line, 0); }
int sh_check_line(session *s, const char *line) { return exec_or_check(s, line, 1); }
