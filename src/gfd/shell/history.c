/* history.c - where gfd's files live (the history, the init file, the
 * example scripts) and the history itself (GNU readline's history library).
 *
 * History: $GFD_HISTORY if set (/dev/null or empty disables it), else
 * $XDG_STATE_HOME/gfd/history, else ~/.local/state/gfd/history.
 * Init file: $XDG_CONFIG_HOME/gfd/gfdrc, else ~/.config/gfd/gfdrc.
 * Only lines typed at the prompt are recorded, never batch input. */
#include <config.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
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

void sh_history_load(const char *path) {
  using_history();
  stifle_history(HISTORY_MAX);
  if (path) read_history(path);
}

/* Record a typed line: not blank, not starting with a space (a way to keep
 * a line out of the history), not a repeat of the previous one. */
int sh_history_add(const char *path, const char *line) {
  if (!line || !*line || line[0] == ' ') return 0;
  const char *c = line;
  while (*c == ' ' || *c == '\t') c++;
  if (!*c) return 0;
  HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
  if (last && last->line && strcmp(last->line, line) == 0) return 0;
  add_history(line);
  if (!path) return 1;
  if (sh_mkdir_parent(path) == 0) {
    /* create the file private (0600) on first use */
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd >= 0) {
      close(fd);
      append_history(1, path);
      history_truncate_file(path, HISTORY_MAX);
    }
  }
  return 1;
}

/* ------------------------------------------------------------ examples */
static int is_dir(const char *p) {
  struct stat st;
  return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Installed data, or the source tree when gfd runs from its build tree. */
const char *sh_examples_dir(void) {
  static char buf[PATH_MAX];
  const char *env = getenv("GFD_DATADIR");
  if (env && *env) {
    snprintf(buf, sizeof buf, "%s/examples", env);
    if (is_dir(buf)) return buf;
  }
#ifdef GFD_TOP_BUILDDIR
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    size_t bl = strlen(GFD_TOP_BUILDDIR);
    if (strncmp(exe, GFD_TOP_BUILDDIR, bl) == 0 && exe[bl] == '/') {
      snprintf(buf, sizeof buf, "%s/share/gfd/examples", GFD_TOP_SRCDIR);
      if (is_dir(buf)) return buf;
    }
  }
#endif
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
