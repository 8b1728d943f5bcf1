/* script_file.c - reading a whole script file (gfd -f FILE, gfd FILE, load,
 * the init file, tours) before any of its lines runs.
 *
 * Only regular files are scripts.  The file is opened with O_NONBLOCK and
 * fstat'ed before anything is read: a FIFO with no writer, /dev/zero, a
 * terminal or a socket would otherwise block or never end.  A NUL byte or a
 * line longer than SH_LINE_MAX is an error of the line check (script.c);
 * `load` (strict) also refuses control characters: a session file is text.  Errors quote at most SH_QUOTE_MAX bytes of the
 * offending line, so that a hostile file cannot flood the terminal. */
#include <config.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "shell_priv.h"

#define LOAD_MAX_BYTES ((size_t)16 << 20) /* a gfd script is text: 16 MiB is plenty */

static const char *file_kind(mode_t m) {
  if (S_ISDIR(m)) return "a directory";
  if (S_ISFIFO(m)) return "a FIFO (named pipe)";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISSOCK(m)) return "a socket";
  return "not a regular file";
}

const char *sh_quote_short(const char *str, size_t n, char *buf, size_t bufn) {
  size_t k = n < SH_QUOTE_MAX ? n : SH_QUOTE_MAX;
  if (k + 4 > bufn) k = bufn > 4 ? bufn - 4 : 0;
  /* cut on a UTF-8 character boundary */
  while (k > 0 && k < n && ((unsigned char)str[k] & 0xC0) == 0x80) k--;
  size_t o = 0;
  for (size_t i = 0; i < k; i++) {
    unsigned char c = (unsigned char)str[i];
    buf[o++] = (c < 32 || c == 127) ? '?' : (char)c; /* never send control bytes to the terminal */
  }
  if (k < n) buf[o++] = '.', buf[o++] = '.', buf[o++] = '.';
  buf[o] = '\0';
  return buf;
}

/* The first line of text that is not text: a NUL, a control character, or
 * too long.  0 if all is well, else -1 with the message reported. */
static int check_text(session *s, int off, const char *path, const char *text, size_t n) {
  size_t start = 0;
  int line = 1;
  char q[SH_QUOTE_MAX + 8];
  for (size_t i = 0; i <= n; i++) {
    unsigned char c = i < n ? (unsigned char)text[i] : '\n';
    if (c == '\n') {
      if (i - start > SH_LINE_MAX)
        return sh_error(s, off, "%s: line %d is too long (%zu bytes, at most %d): '%s'", path, line,
                        i - start, SH_LINE_MAX, sh_quote_short(text + start, i - start, q, sizeof q));
      start = i + 1;
      line++;
      continue;
    }
    if (c == 0 || (c < 32 && c != '\t' && c != '\r') || c == 127) {
      size_t ls = start, le = ls;
      while (le < n && text[le] != '\n') le++;
      return sh_error(s, off, "%s is not a gfd script: line %d holds %s (byte 0x%02x at %zu): '%s'",
                      path, line, c == 0 ? "a NUL byte" : "a control character", c, i,
                      sh_quote_short(text + ls, le - ls, q, sizeof q));
    }
  }
  return 0;
}

char *sh_script_read(session *s, const char *path, int off, size_t *lenp, int strict) {
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  struct stat st;
  if (fd < 0) {
    int e = errno;
    /* a socket cannot be opened at all (ENXIO): name what it is */
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
      sh_error(s, off, "cannot read %s: it is %s, not a script file", path, file_kind(st.st_mode));
    else sh_error(s, off, "cannot read %s: %s", path, strerror(e));
    return NULL;
  }
  if (fstat(fd, &st) != 0) {
    sh_error(s, off, "cannot read %s: %s", path, strerror(errno));
    close(fd);
    return NULL;
  }
  if (!S_ISREG(st.st_mode)) {
    sh_error(s, off, "cannot read %s: it is %s, not a script file", path, file_kind(st.st_mode));
    close(fd);
    return NULL;
  }
  if ((size_t)st.st_size > LOAD_MAX_BYTES) {
    char b[32];
    sh_error(s, off, "%s is too large for a gfd script (%s; at most 16 MiB)", path,
             gfd_format_bytes((size_t)st.st_size, b, sizeof b));
    close(fd);
    return NULL;
  }
  /* read to the end, even if the file grew since fstat, up to the limit */
  size_t cap = (size_t)st.st_size + 1, n = 0;
  char *text = malloc(cap + 1);
  if (!text) {
    close(fd);
    sh_error(s, off, "out of memory reading %s", path);
    return NULL;
  }
  for (;;) {
    if (n == cap) {
      if (cap > LOAD_MAX_BYTES) break;
      size_t nc = cap * 2 > LOAD_MAX_BYTES + 1 ? LOAD_MAX_BYTES + 1 : cap * 2;
      char *g = realloc(text, nc + 1);
      if (!g) {
        free(text);
        close(fd);
        sh_error(s, off, "out of memory reading %s", path);
        return NULL;
      }
      text = g, cap = nc;
    }
    ssize_t r = read(fd, text + n, cap - n);
    if (r < 0 && errno == EINTR && !s->interrupted) continue;
    if (r < 0) {
      int e = errno;
      free(text);
      close(fd);
      sh_error(s, off, "cannot read %s: %s", path, strerror(e));
      return NULL;
    }
    if (r == 0) break;
    n += (size_t)r;
  }
  close(fd);
  if (n > LOAD_MAX_BYTES) {
    free(text);
    sh_error(s, off, "%s is too large for a gfd script (at most 16 MiB)", path);
    return NULL;
  }
  text[n] = '\0';
  if (strict && check_text(s, off, path, text, n) < 0) {
    free(text);
    return NULL;
  }
  if (lenp) *lenp = n;
  return text;
}

int sh_script_run_file(session *s, const char *path, int check) {
  const char *saved = s->src_name;
  int saved_line = s->src_line;
  s->src_name = path, s->src_line = 0; /* "gfd: FILE: error: ..." */
  size_t n = 0;
  char *text = sh_script_read(s, path, -1, &n, 0);
  s->src_name = saved, s->src_line = saved_line;
  if (!text) return SH_EXIT_FAIL;
  /* a NUL byte or an over-long line is caught by the check (FILE:LINE) */
  int rc = SH_EXIT_OK;
  if (check && sh_script_check(s, text, n, path) < 0) rc = SH_EXIT_FAIL;
  else if (!check && memchr(text, '\0', n))
    rc = sh_script_check(s, text, n, path) < 0 ? SH_EXIT_FAIL : SH_EXIT_OK; /* names the line */
  if (rc == SH_EXIT_OK) rc = sh_run_string(s, text, path);
  free(text);
  return rc;
}
