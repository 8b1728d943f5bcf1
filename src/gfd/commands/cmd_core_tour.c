/* cmd_core_tour.c - `tour [NAME]`: the example scripts of share/gfd/examples
 * played a step at a time.
 *
 * A tour is an ordinary gfd script.  Its first comment line is the title; the
 * comment lines before a command explain it.  Interactively each step shows
 * the explanation and the command, Enter runs it, s skips it, q stops; in
 * batch mode the commands simply run. */
#include <config.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include "shell_priv.h"

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The tour names (file names without .gfd), sorted; caller frees. */
static char **tour_names(const char *dir, size_t *count) {
  *count = 0;
  DIR *d = opendir(dir);
  if (!d) return NULL;
  size_t cap = 16, n = 0;
  char **v = malloc(cap * sizeof *v);
  struct dirent *e;
  while (v && (e = readdir(d))) {
    size_t l = strlen(e->d_name);
    if (l < 5 || strcmp(e->d_name + l - 4, ".gfd") != 0 || e->d_name[0] == '.') continue;
    if (n + 1 >= cap) {
      char **g = realloc(v, 2 * cap * sizeof *v);
      if (!g) break;
      v = g, cap *= 2;
    }
    v[n] = strndup(e->d_name, l - 4);
    if (v[n]) n++;
  }
  closedir(d);
  if (!v) return NULL;
  qsort(v, n, sizeof *v, cmp_str);
  v[n] = NULL;
  *count = n;
  return v;
}

static void free_names(char **v) {
  for (size_t i = 0; v && v[i]; i++) free(v[i]);
  free(v);
}

/* Tab completion (area.h): the tour names after `tour`. */
char **sh_tour_complete(session *s, const command *cmd, const char *word) {
  (void)s, (void)word;
  const char *dir = strcmp(cmd->name, "tour") == 0 ? sh_examples_dir() : NULL;
  size_t n;
  return dir ? tour_names(dir, &n) : NULL;
}

/* The title: the first comment line, without "#" and a "Tour:" label. */
static void tour_title(const char *path, char *buf, size_t n) {
  buf[0] = '\0';
  FILE *f = fopen(path, "r");
  if (!f) return;
  char line[512];
  while (fgets(line, sizeof line, f)) {
    if (line[0] != '#') continue;
    if (line[1] == '!') continue;
    char *c = line + 1;
    while (*c == ' ' || *c == '#') c++;
    if (strncasecmp(c, "tour:", 5) == 0) c += 5;
    while (*c == ' ') c++;
    c[strcspn(c, "\r\n")] = '\0';
    snprintf(buf, n, "%.*s", (int)(n - 1), c);
    break;
  }
  fclose(f);
}

/* One key from the terminal without Enter (q, s, Enter...); 'q' on EOF or
 * Ctrl-C. */
static int read_key(void) {
  struct termios old, raw;
  int tty = tcgetattr(STDIN_FILENO, &old) == 0;
  if (tty) {
    raw = old;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSANOW, &raw);
  }
  unsigned char c = 'q';
  ssize_t r = read(STDIN_FILENO, &c, 1);
  if (tty) tcsetattr(STDIN_FILENO, TCSANOW, &old);
  if (r != 1) return 'q';
  return c;
}

static int play(session *s, const char *path, const char *name) {
  FILE *f = fopen(path, "r");
  if (!f) return sh_error(s, -1, "cannot read %s: %s", path, strerror(errno));
  FILE *o = s->out;
  const char *bold = s->color ? "\033[1m" : "", *dim = s->color ? "\033[2m" : "",
             *off = s->color ? "\033[0m" : "";
  char title[256];
  tour_title(path, title, sizeof title);
  fprintf(o, "%sTour %s%s%s%s: Enter runs a step, s skips it, q stops.\n\n", bold, name, off,
          *title ? " - " : "", title);
  char *line = NULL;
  size_t cap = 0;
  int rc = 0, first_comment = 1, step = 0;
  ssize_t len;
  while ((len = getline(&line, &cap, f)) >= 0) {
    line[strcspn(line, "\r\n")] = '\0';
    char *c = line;
    while (*c == ' ' || *c == '\t') c++;
    if (*c == '#') {
      if (c[1] == '!') continue;
      if (first_comment) { /* the title, already shown */
        first_comment = 0;
        continue;
      }
      c++;
      if (*c == ' ') c++;
      fprintf(o, "  %s\n", c);
      continue;
    }
    first_comment = 0;
    if (!*c) {
      continue;
    }
    step++;
    fprintf(o, "%sgfd> %s%s   %s[Enter/s/q]%s", bold, c, off, dim, off);
    fflush(o);
    int k = read_key();
    /* Enter (or space) runs the step; a key that means nothing says which keys do */
    while (k != '\n' && k != '\r' && k != ' ' && k != 'q' && k != 'Q' && k != 's' && k != 'S' && k != 3 &&
           k != 4 && !s->interrupted) {
      fprintf(o, "\n%s(Enter runs this step, s skips it, q stops the tour)%s\n%sgfd> %s%s   %s[Enter/s/q]%s", dim,
              off, bold, c, off, dim, off);
      fflush(o);
      k = read_key();
    }
    fputc('\n', o);
    if (k == 'q' || k == 'Q' || k == 3 || k == 4 || s->interrupted) {
      fprintf(o, "(tour stopped; `tour %s` starts it again)\n", name);
      s->interrupted = 0;
      break;
    }
    if (k == 's' || k == 'S') {
      fputc('\n', o);
      continue;
    }
    s->shell->out_bytes = 1; /* errors echo their line: the prompt is not right above */
    if (sh_exec_line(s, c) < 0) {
      fprintf(o, "(that step failed; Enter continues, q stops)\n");
    }
    s->interrupted = 0;
    if (s->shell->quit) break;
    fputc('\n', o);
  }
  if (len < 0) fprintf(o, "%sEnd of the tour%s (%d steps). `tour` lists the others.\n", bold, off, step);
  free(line);
  fclose(f);
  s->failed = 0;
  return rc;
}

int sh_run_tour(session *s, const args *a) {
  const char *dir = sh_examples_dir();
  if (!dir) return sh_error(s, -1, "cannot find the example scripts (set GFD_DATADIR to gfd's data directory)");
  size_t n;
  char **names = tour_names(dir, &n);
  if (!names || n == 0) {
    free_names(names);
    return sh_error(s, -1, "no tours found in %s", dir);
  }
  char path[PATH_MAX], title[256];
  if (args_npos(a) == 0 && s->csv) { /* stdout carries tables only */
    table *t = table_new("", "tour,title");
    if (!t) {
      free_names(names);
      return sh_error(s, -1, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
      snprintf(path, sizeof path, "%s/%s.gfd", dir, names[i]);
      tour_title(path, title, sizeof title);
      table_str(t, names[i]);
      table_str(t, title);
      table_endrow(t);
    }
    free_names(names);
    sh_emit_table(s, t);
    return 0;
  }
  if (args_npos(a) == 0) {
    fprintf(s->out, "Tours (tour NAME plays one; in %s):\n", dir);
    for (size_t i = 0; i < n; i++) {
      snprintf(path, sizeof path, "%s/%s.gfd", dir, names[i]);
      tour_title(path, title, sizeof title);
      fprintf(s->out, "  %-20s %s\n", names[i], title);
    }
    free_names(names);
    return 0;
  }
  const char *want = args_pos(a, 0);
  size_t wl = strlen(want);
  if (wl > 4 && strcmp(want + wl - 4, ".gfd") == 0) wl -= 4;
  const char *hit = NULL;
  int nhit = 0;
  char list[512] = "";
  for (size_t i = 0; i < n; i++) {
    if (strlen(names[i]) == wl && strncasecmp(names[i], want, wl) == 0) {
      hit = names[i];
      nhit = 1;
      break;
    }
    if (strncasecmp(names[i], want, wl) == 0) {
      hit = names[i];
      nhit++;
      size_t u = strlen(list);
      snprintf(list + u, sizeof list - u, "%s%s", u ? ", " : "", names[i]);
    }
  }
  if (nhit != 1) {
    char all[512] = "";
    for (size_t i = 0; i < n; i++) {
      size_t u = strlen(all);
      snprintf(all + u, sizeof all - u, "%s%s", u ? ", " : "", names[i]);
    }
    int rc = sh_error(s, a->a[0].off, nhit ? "ambiguous tour %s, could be: %s" : "no tour %s (tours: %s)",
                      want, nhit ? list : all);
    free_names(names);
    return rc;
  }
  snprintf(path, sizeof path, "%s/%s.gfd", dir, hit);
  char name[128];
  snprintf(name, sizeof name, "%s", hit);
  free_names(names);
  if (!s->interactive) {
    s->shell->depth++;
    int r = sh_script_run_file(s, path, 0);
    s->shell->depth--;
    if (r != SH_EXIT_OK) {
      s->failed = 1;
      return -1;
    }
    return 0;
  }
  s->shell->depth++;
  int rc = play(s, path, name);
  s->shell->depth--;
  return rc;
}
