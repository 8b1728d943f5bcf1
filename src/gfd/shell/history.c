/* history.c - where gfd's files live (the history, the init file, the
 * example scripts) and the history itself (GNU readline's history library).
 *
 * History: $GFD_HISTORY if set (/dev/null or empty disables it), else
 * $XDG_STATE_HOME/gfd/history, else ~/.local/state/gfd/history.
 * Init file: $XDG_CONFIG_HOME/gfd/gfdrc, else ~/.config/gfd/gfdrc.
 * Only lines typed at the prompt are recorded, never batch input.  The
 * file is read and written here, not by readline's history file functions:
 * concurrent sessions append whole lines under a lock, and a corrupt file
 * (binary, too large, not a regular file) is reported and left alone. */
#include <config.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <readline/history.h>
#include "shell_priv.h"

#define HISTORY_MAX 2000 /* lines kept in the file */

/* $VAR/rel if VAR is an absolute path (the XDG rule), else $HOME/fallback/rel. */
static int xdg_path(const char *var, const char *fallback, const char *rel, char *buf, size_t n) {
  const char *d = getenv(var);
  int w;
  if (d && d[0] == '/') w = snprintf(buf, n, "%s/gfd/%s", d, rel);
  else {
    const char *home = getenv("HOME");
    if (!home || !*home) return -1;
    w = snprintf(buf, n, "%s/%s/gfd/%s", home, fallback, rel);
  }
  return w > 0 && (size_t)w < n ? 0 : -1;
}

int sh_history_path(char *buf, size_t n) {
  const char *h = getenv("GFD_HISTORY");
  if (h) {
    if (!*h || strcmp(h, "/dev/null") == 0) return 1;
    int w = snprintf(buf, n, "%s", h);
    return w > 0 && (size_t)w < n ? 0 : -1;
  }
  return xdg_path("XDG_STATE_HOME", ".local/state", "history", buf, n);
}

int sh_init_path(char *buf, size_t n) {
  return xdg_path("XDG_CONFIG_HOME", ".config", "gfdrc", buf, n);
}

int sh_mkdir_parent(const char *path) {
  char dir[4096];
  if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir) return -1;
  char *slash = strrchr(dir, '/');
  if (!slash || slash == dir) return 0;
  *slash = '\0';
  for (char *c = dir + 1; *c; c++) {
    if (*c != '/') continue;
    *c = '\0';
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) return -1;
    *c = '/';
  }
  if (mkdir(dir, 0700) != 0 && errno != EEXIST) return -1;
  return 0;
}

/* ------------------------------------------------------------- the file
 * Several sessions may share one history file.  Each typed line is appended
 * with one write() on an O_APPEND descriptor, under an exclusive lock on a
 * lock file next to it (path.lock), so that lines of two sessions never
 * interleave.  When the file has grown well past HISTORY_MAX lines it is
 * rewritten, under the same lock, with the last HISTORY_MAX lines through
 * atomic.c (a crash mid-way leaves the old file).  The lock file, not the
 * history, is locked: the rewrite replaces the history's inode. */
#define HISTORY_SLACK 500               /* lines over HISTORY_MAX before a rewrite */
#define HISTORY_MAX_BYTES ((size_t)4 << 20) /* a bigger file is not a history */

static int lock_open(const char *path) {
  char lp[4200];
  if (snprintf(lp, sizeof lp, "%s.lock", path) >= (int)sizeof lp) return -1;
  int fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return -1;
  while (flock(fd, LOCK_EX) != 0) {
    if (errno != EINTR) {
      close(fd);
      return -1;
    }
  }
  return fd;
}

static void lock_close(int fd) {
  if (fd < 0) return;
  flock(fd, LOCK_UN);
  close(fd);
}

/* The whole file (regular, at most HISTORY_MAX_BYTES), or NULL with errno. */
static char *slurp(const char *path, size_t *len) {
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return NULL;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > HISTORY_MAX_BYTES) {
    close(fd);
    errno = EINVAL;
    return NULL;
  }
  char *buf = malloc((size_t)st.st_size + 1);
  size_t n = 0;
  while (buf && n < (size_t)st.st_size) {
    ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    n += (size_t)r;
  }
  close(fd);
  if (!buf) return NULL;
  buf[n] = '\0';
  *len = n;
  return buf;
}

int sh_history_load(const char *path) {
  using_history();
  stifle_history(HISTORY_MAX);
  if (!path) return 0;
  struct stat st;
  if (stat(path, &st) != 0) return errno == ENOENT ? 0 : -1;
  size_t n = 0;
  char *text = slurp(path, &n);
  if (!text || memchr(text, '\0', n)) { /* not a regular text file of a sane size */
    if (text) errno = 0; /* binary data */
    free(text);
    return -1;
  }
  for (char *l = text, *e; l < text + n; l = e + 1) {
    e = memchr(l, '\n', (size_t)(text + n - l));
    if (!e) e = text + n;
    *e = '\0';
    if (*l) add_history(l);
  }
  free(text);
  return 0;
}

/* Keep the last HISTORY_MAX lines (called under the lock). */
static void history_trim(const char *path) {
  size_t n = 0;
  char *text = slurp(path, &n);
  if (!text) return;
  size_t lines = 0;
  for (size_t i = 0; i < n; i++) lines += text[i] == '\n';
  if (lines > HISTORY_MAX + HISTORY_SLACK) {
    size_t skip = lines - HISTORY_MAX, i = 0;
    for (; i < n && skip; i++)
      if (text[i] == '\n') skip--;
    sh_afile af;
    if (sh_atomic_open(&af, path, 0600) == 0) {
      if (fwrite(text + i, 1, n - i, af.f) != n - i) sh_atomic_abort(&af);
      else sh_atomic_commit(&af);
    }
  }
  free(text);
}

/* Record a typed line: not blank, not starting with a space (a way to keep
 * a line out of the history), not a repeat of the previous one.  Returns 1
 * if recorded (in memory; the file is best effort: a failure to write it
 * never disturbs the session). */
int sh_history_add(const char *path, const char *line) {
  if (!line || !*line || line[0] == ' ') return 0;
  const char *c = line;
  while (*c == ' ' || *c == '\t') c++;
  if (!*c) return 0;
  HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
  if (last && last->line && strcmp(last->line, line) == 0) return 0;
  add_history(line);
  if (!path || strchr(line, '\n')) return 1;
  if (sh_mkdir_parent(path) != 0) return 1;
  int lk = lock_open(path);
  /* create the file private (0600) on first use */
  int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0600);
  if (fd >= 0) {
    size_t len = strlen(line);
    char *rec = malloc(len + 2);
    if (rec) {
      memcpy(rec, line, len);
      rec[len] = '\n';
      ssize_t w;
      do w = write(fd, rec, len + 1); /* one write: one entry */
      while (w < 0 && errno == EINTR);
      free(rec);
    }
    /* a line is at least 2 bytes: below this size there is nothing to trim */
    struct stat st;
    int big = fstat(fd, &st) == 0 && (size_t)st.st_size > (size_t)(HISTORY_MAX + HISTORY_SLACK) * 2;
    close(fd);
    if (big && lk >= 0) history_trim(path);
  }
  lock_close(lk);
  return 1;
}

/* ------------------------------------------------------------ examples */
static int is_dir(const char *p) {
  struct stat st;
  return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* buf = DIR/share/gfd/examples for DIR = the binary's directory and up to
 * four of its parents, the first that exists: a build tree moved elsewhere
 * (src/gfd/.libs/gfd, four below the top) or an installed tree moved away
 * from its configured prefix (PREFIX/bin/gfd).  1 if found. */
static int near_binary(const char *exe, char *buf, size_t n) {
  char dir[PATH_MAX];
  snprintf(dir, sizeof dir, "%s", exe);
  for (int up = 0; up <= 4; up++) {
    char *slash = strrchr(dir, '/');
    if (!slash) return 0;
    *slash = '\0'; /* dir: the binary's directory, then its parents */
    int w = snprintf(buf, n, "%s/share/gfd/examples", dir);
    if (w > 0 && (size_t)w < n && is_dir(buf)) return 1;
  }
  return 0;
}

/* Where the tours are, in order: GFD_DATADIR (the override), the source tree
 * when gfd runs from its build tree, next to the binary (a moved build or
 * install tree), the installed prefix, GFD_SRCDIR.  NULL if none exists. */
const char *sh_examples_dir(void) {
  static char buf[PATH_MAX];
  const char *env = getenv("GFD_DATADIR");
  if (env && *env) {
    snprintf(buf, sizeof buf, "%s/examples", env);
    if (is_dir(buf)) return buf;
  }
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) exe[n] = '\0';
#ifdef GFD_TOP_BUILDDIR
  if (n > 0) {
    size_t bl = strlen(GFD_TOP_BUILDDIR);
    if (strncmp(exe, GFD_TOP_BUILDDIR, bl) == 0 && exe[bl] == '/') {
      snprintf(buf, sizeof buf, "%s/share/gfd/examples", GFD_TOP_SRCDIR);
      if (is_dir(buf)) return buf;
    }
  }
#endif
  if (n > 0 && near_binary(exe, buf, sizeof buf)) return buf;
#ifdef GFD_DATADIR
  snprintf(buf, sizeof buf, "%s/examples", GFD_DATADIR);
  if (is_dir(buf)) return buf;
#endif
  env = getenv("GFD_SRCDIR");
  if (env && *env) {
    snprintf(buf, sizeof buf, "%s/share/gfd/examples", env);
    if (is_dir(buf)) return buf;
  }
  return NULL;
}
