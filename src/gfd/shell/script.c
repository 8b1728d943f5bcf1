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

#define LOAD_MAX_BYTES ((size_t)16 << 20) /* a gfd script is text: 16 MiB is plenty */

/* Run one logical line; returns the exit status so far. */
static int run_one(session *s, const char *line, int *failed, int check_only) {
  if ((check_only ? sh_check_line(s, line) : sh_exec_line(s, line)) < 0) *failed = 1;
  if (s->interrupted) return SH_EXIT_INTR;
  return SH_EXIT_OK;
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

static char *next_from_file(void *ud, size_t *len, int *err) {
  char *l = NULL;
  size_t cap = 0;
  FILE *f = ud;
  errno = 0;
  ssize_t n = getline(&l, &cap, f);
  if (n < 0) {
    free(l);
    /* EINTR is Ctrl-C while waiting for input: the caller sees the interrupt */
    if (ferror(f) && errno != EINTR) *err = errno ? errno : EIO;
    return NULL;
  }
  *len = (size_t)n;
  return l;
}

/* A script file (gfd -f FILE): when it can be read twice, every line is
 * checked before the first one runs, so that a bad line runs none of them;
 * a pipe or a terminal can only be run as it comes. */
int sh_run_file(session *s, FILE *f, const char *name) {
  if (fseek(f, 0, SEEK_SET) == 0) {
    int rc = run_lines(s, next_from_file, f, name, 1);
    if (rc != SH_EXIT_OK) return rc;
    if (fseek(f, 0, SEEK_SET) != 0) {
      sh_error(s, -1, "cannot re-read %s after checking it", name);
      return SH_EXIT_FAIL;
    }
    clearerr(f);
  }
  return run_lines(s, next_from_file, f, name, 0);
}

int sh_run_stream(session *s, FILE *f, const char *name) {
  return run_lines(s, next_from_file, f, name, 0);
}

struct strsrc {
  const char *p;
};

static char *next_from_string(void *ud, size_t *len, int *err) {
  struct strsrc *src = ud;
  if (!*src->p) return NULL;
  const char *e = strchr(src->p, '\n');
  size_t n = e ? (size_t)(e - src->p) : strlen(src->p);
  char *l = strndup(src->p, n);
  src->p += n + (e ? 1 : 0);
  if (!l) {
    *err = ENOMEM;
    return NULL;
  }
  *len = n;
  return l;
}

int sh_run_string(session *s, const char *text, const char *name) {
  struct strsrc src = {text};
  return run_lines(s, next_from_string, &src, name, 0);
}

/* ------------------------------------------- whole scripts (load, -f FILE) */
/* Read a whole script, refusing what is not a reasonable text file. */
char *sh_script_read(session *s, const char *path, int off) {
  struct stat st;
  if (stat(path, &st) != 0) {
    sh_error(s, off, "cannot read %s: %s", path, strerror(errno));
    return NULL;
  }
  if (S_ISDIR(st.st_mode)) {
    sh_error(s, off, "cannot read %s: it is a directory", path);
    return NULL;
  }
  if (S_ISREG(st.st_mode) && (size_t)st.st_size > LOAD_MAX_BYTES) {
    char b[32];
    sh_error(s, off, "%s is too large for a gfd script (%s; at most 16 MiB)", path,
             gfd_format_bytes((size_t)st.st_size, b, sizeof b));
    return NULL;
  }
  FILE *f = fopen(path, "r");
  if (!f) {
    sh_error(s, off, "cannot read %s: %s", path, strerror(errno));
    return NULL;
  }
  char *text = malloc(LOAD_MAX_BYTES + 1);
  if (!text) {
    fclose(f);
    sh_error(s, off, "out of memory");
    return NULL;
  }
  size_t n = fread(text, 1, LOAD_MAX_BYTES + 1, f);
  int err = ferror(f);
  fclose(f);
  if (err) {
    free(text);
    sh_error(s, off, "error reading %s", path);
    return NULL;
  }
  if (n > LOAD_MAX_BYTES) {
    free(text);
    sh_error(s, off, "%s is too large for a gfd script (at most 16 MiB)", path);
    return NULL;
  }
  text[n] = '\0';
  /* text: no NUL bytes, no control characters other than tab/newline/CR */
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)text[i];
    if (c == 0 || (c < 32 && c != '\t' && c != '\n' && c != '\r') || c == 127) {
      free(text);
      sh_error(s, off, "%s is not a gfd script (binary data at byte %zu)", path, i);
      return NULL;
    }
  }
  return text;
}

/* Check every logical line of text (continuations joined) without running:
 * the same line loop as a run, in its check-only mode. */
int sh_script_check(session *s, const char *text, const char *path) {
  struct strsrc src = {text};
  return run_lines(s, next_from_string, &src, path, 1) == SH_EXIT_OK ? 0 : -1;
}
