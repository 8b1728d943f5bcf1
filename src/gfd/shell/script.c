/* script.c - running commands from a file, a string or a pipe (batch mode,
 * -c, -f, load, the init file), with FILE:LINE error positions.
 *
 * A line ending in a backslash continues on the next one.  The run stops at
 * the first failed command when bail is set, at quit, and at an interrupt. */
#include <config.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "shell_priv.h"


/* Run one logical line; returns the exit status so far. */
static int run_one(session *s, const char *line, int *failed, int check_only) {
  if ((check_only ? sh_check_line(s, line) : sh_exec_line(s, line)) < 0) *failed = 1;
  if (s->interrupted) return SH_EXIT_INTR;
  return SH_EXIT_OK;
}

/* A NUL byte or an over-long line: reported (with at most SH_QUOTE_MAX
 * bytes of the line), 1; else 0. */
static int bad_line(session *s, const char *l, size_t len, int lineno) {
  char q[SH_QUOTE_MAX + 8];
  int saved = s->src_line;
  s->src_line = lineno;
  int bad = 1;
  if (memchr(l, '\0', len))
    sh_error(s, -1, "line holds a NUL byte (not a text script): '%s'", sh_quote_short(l, len, q, sizeof q));
  else if (len > SH_LINE_MAX)
    sh_error(s, -1, "line too long (over %d bytes): '%s'", SH_LINE_MAX, sh_quote_short(l, len, q, sizeof q));
  else bad = 0;
  s->src_line = saved;
  return bad;
}

/* Shared loop over lines produced by next(); ud carries the source.  next()
 * returns NULL at the end, and sets *err when the end is a failure (a read
 * error, no memory), which must not pass for a script that ran whole. */
typedef char *(*line_fn)(void *ud, size_t *len, int *err);

/* check_only: parse and check every line, run none, stop at the first bad one */
static int run_lines(session *s, line_fn next, void *ud, const char *name, int check_only) {
  const char *saved_name = s->src_name;
  int saved_line = s->src_line;
  s->src_name = name;
  int lineno = 0, failed = 0, rc = SH_EXIT_OK;
  char *acc = NULL;   /* continued line */
  size_t acclen = 0;
  int first = 0;
  for (;;) {
    size_t len;
    int err = 0;
    char *l = next(ud, &len, &err);
    if (!l) {
      if (err) {
        sh_error(s, -1, "cannot read line %d: %s", lineno + 1, strerror(err));
        failed = 1;
        free(acc);
        acc = NULL; /* a half-read continued line must not run */
      }
      break;
    }
    lineno++;
    while (len && (l[len - 1] == '\n' || l[len - 1] == '\r')) l[--len] = '\0';
    /* input that is not text ends the run whatever bail says: what follows
     * a NUL byte or a line without end cannot be trusted to be commands */
    if (bad_line(s, l, len, lineno)) {
      free(l);
      failed = 1;
      free(acc);
      acc = NULL;
      break;
    }
    int cont = len && l[len - 1] == '\\';
    if (cont) l[--len] = '\0';
    char *grown = realloc(acc, acclen + len + 2);
    if (!grown) {
      free(l);
      sh_error(s, -1, "out of memory");
      failed = 1;
      break;
    }
    if (!acc) first = lineno;
    acc = grown;
    memcpy(acc + acclen, l, len);
    acclen += len;
    acc[acclen] = '\0';
    free(l);
    if (cont) {
      acc[acclen++] = ' ';
      acc[acclen] = '\0';
      continue;
    }
    s->src_line = first;
    int f = 0;
    rc = run_one(s, acc, &f, check_only);
    free(acc);
    acc = NULL;
    acclen = 0;
    if (f) failed = 1;
    if (!check_only && sh_out_check(s) < 0) break; /* results can no longer be shown */
    if (rc == SH_EXIT_INTR) break;
    if (s->shell->quit) break;
    if (failed && (s->shell->bail || check_only)) break;
  }
  if (acc && rc != SH_EXIT_INTR && !(failed && (s->shell->bail || check_only)) && !s->shell->quit) {
    s->src_line = first; /* a last line ending in a backslash */
    int f = 0;
    rc = run_one(s, acc, &f, check_only);
    if (f) failed = 1;
  }
  free(acc);
  s->src_name = saved_name;
  s->src_line = saved_line;
  /* a Ctrl-C while waiting for input ends the read with EINTR */
  if (rc == SH_EXIT_INTR || s->interrupted) return SH_EXIT_INTR;
  return failed ? SH_EXIT_FAIL : SH_EXIT_OK;
}

/* One line of a stream, at most SH_LINE_MAX + 1 bytes: a stream that never
 * sends a newline (stdin from /dev/zero) must not grow a line without end. */
static char *next_from_file(void *ud, size_t *len, int *err) {
  FILE *f = ud;
  size_t cap = 128, n = 0;
  char *l = malloc(cap);
  if (!l) {
    *err = ENOMEM;
    return NULL;
  }
  errno = 0;
  int c = EOF;
  while (n <= SH_LINE_MAX && (c = getc(f)) != EOF) {
    if (n + 2 > cap) {
      char *g = realloc(l, cap * 2);
      if (!g) {
        free(l);
        *err = ENOMEM;
        return NULL;
      }
      l = g, cap *= 2;
    }
    l[n++] = (char)c;
    if (c == '\n') break;
  }
  if (c == EOF && n == 0) {
    free(l);
    /* EINTR is Ctrl-C while waiting for input: the caller sees the interrupt */
    if (ferror(f) && errno != EINTR) *err = errno ? errno : EIO;
    return NULL;
  }
  l[n] = '\0';
  *len = n;
  return l;
}

int sh_run_stream(session *s, FILE *f, const char *name) {
  return run_lines(s, next_from_file, f, name, 0);
}

struct strsrc {
  const char *p, *end;
};

static char *next_from_string(void *ud, size_t *len, int *err) {
  struct strsrc *src = ud;
  if (src->p >= src->end) return NULL;
  const char *e = memchr(src->p, '\n', (size_t)(src->end - src->p));
  size_t n = e ? (size_t)(e - src->p) : (size_t)(src->end - src->p);
  char *l = malloc(n + 1);
  if (l) memcpy(l, src->p, n), l[n] = '\0';
  src->p += n + (e ? 1 : 0);
  if (!l) {
    *err = ENOMEM;
    return NULL;
  }
  *len = n;
  return l;
}

int sh_run_string(session *s, const char *text, const char *name) {
  struct strsrc src = {text, text + strlen(text)};
  return run_lines(s, next_from_string, &src, name, 0);
}

/* ------------------------------------------- whole scripts (load, -f FILE)
 * Reading a whole file: script_file.c. */
/* Check every logical line of text (continuations joined) without running:
 * the same line loop as a run, in its check-only mode. */
int sh_script_check(session *s, const char *text, size_t n, const char *path) {
  struct strsrc src = {text, text + n};
  return run_lines(s, next_from_string, &src, path, 1) == SH_EXIT_OK ? 0 : -1;
}
