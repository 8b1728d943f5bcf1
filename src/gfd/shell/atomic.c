/* atomic.c - writing a file so that it is either the old one or the whole
 * new one, never a truncated mix (save, export csv, export gnuplot, the
 * history when it is rewritten).
 *
 * The text goes to a temporary file in the target's directory (rename only
 * replaces atomically within one file system), which is flushed, fsync'ed
 * and closed, each step checked, and only then renamed over the target.  On
 * any failure the temporary is removed and the old file is untouched: a full
 * disk, a file size limit (RLIMIT_FSIZE) or a read-only directory cannot
 * destroy earlier results.  Targets that are not regular files (/dev/null,
 * a terminal) are written directly: they cannot be renamed over. */
#include <config.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "shell_priv.h"

/* The directory part of path ("." for a plain name); malloc'd. */
static char *dir_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return strdup(".");
  if (slash == path) return strdup("/");
  return strndup(path, (size_t)(slash - path));
}

int sh_atomic_open(sh_afile *a, const char *path, mode_t mode) {
  memset(a, 0, sizeof *a);
  a->path = path;
  /* a symbolic link: replace the file it names, not the link */
  char *real = NULL;
  struct stat st;
  const char *target = path;
  if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && (real = realpath(path, NULL)))
    target = real;
  int exists = stat(target, &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) {
    free(real);
    errno = EISDIR;
    return -1;
  }
  if (exists && !S_ISREG(st.st_mode)) { /* a device or a FIFO: no rename */
    free(real);
    int fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return -1;
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    a->f = fdopen(fd, "w");
    if (!a->f) {
      int e = errno;
      close(fd);
      errno = e;
      return -1;
    }
    return 0;
  }
  if (exists) mode = st.st_mode & 07777; /* the replacement keeps the old file's mode */
  char *dir = dir_of(target);
  const char *base = strrchr(target, '/');
  base = base ? base + 1 : target;
  static unsigned counter;
  int fd = -1;
  size_t n = dir ? strlen(dir) + strlen(base) + 64 : 0;
  a->tmp = dir ? malloc(n) : NULL;
  if (!a->tmp) {
    free(dir);
    free(real);
    errno = ENOMEM;
    return -1;
  }
  for (int tries = 0; tries < 100 && fd < 0; tries++) {
    snprintf(a->tmp, n, "%s/.%s.%ld.%u.tmp", dir, base, (long)getpid(), counter++);
    fd = open(a->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY | O_CLOEXEC, mode);
    if (fd < 0 && errno != EEXIST) break;
  }
  int e = errno;
  free(dir);
  if (fd >= 0 && real) { /* rename onto the link's target */
    a->dest = real;
    real = NULL;
  }
  free(real);
  if (fd < 0) {
    free(a->tmp);
    a->tmp = NULL;
    errno = e;
    return -1;
  }
  if (exists) (void)fchmod(fd, mode); /* umask does not apply to the old mode */
  a->f = fdopen(fd, "w");
  if (!a->f) {
    e = errno;
    close(fd);
    unlink(a->tmp);
    free(a->tmp);
    free(a->dest);
    a->tmp = a->dest = NULL;
    errno = e;
    return -1;
  }
  return 0;
}

/* errno of the first failure kept across the cleanup */
static int fail(sh_afile *a, int e) {
  if (a->f) fclose(a->f);
  a->f = NULL;
  if (a->tmp) unlink(a->tmp);
  free(a->tmp);
  free(a->dest);
  a->tmp = a->dest = NULL;
  errno = e ? e : EIO;
  return -1;
}

int sh_atomic_close(sh_afile *a) {
  if (!a->f) return fail(a, EBADF);
  /* a stream error earlier (ENOSPC, EFBIG) leaves errno set: keep it */
  if (ferror(a->f)) return fail(a, errno);
  if (fflush(a->f) != 0) return fail(a, errno);
  if (a->tmp && fsync(fileno(a->f)) != 0 && errno != EINVAL && errno != EROFS) return fail(a, errno);
  FILE *f = a->f;
  a->f = NULL;
  if (fclose(f) != 0) return fail(a, errno);
  return 0;
}

int sh_atomic_rename(sh_afile *a) {
  if (!a->tmp) return 0; /* written directly */
  const char *dest = a->dest ? a->dest : a->path;
  if (rename(a->tmp, dest) != 0) return fail(a, errno);
  /* the rename itself reaches the disk with the directory */
  char *dir = dir_of(dest);
  int dfd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
  if (dfd >= 0) {
    (void)fsync(dfd);
    close(dfd);
  }
  free(dir);
  free(a->tmp);
  free(a->dest);
  a->tmp = a->dest = NULL;
  return 0;
}

int sh_atomic_commit(sh_afile *a) {
  if (sh_atomic_close(a) != 0) return -1;
  return sh_atomic_rename(a);
}

void sh_atomic_abort(sh_afile *a) {
  int e = errno;
  fail(a, e);
  errno = e;
}

int sh_atomic_write2(const char *pa, const char *pb, sh_write2_fn write, void *ud, const char **failed,
                     int *kept_old) {
  sh_afile a, b;
  *kept_old = 0;
  if (sh_atomic_open(&a, pa, 0666) != 0) return *failed = pa, -1;
  if (sh_atomic_open(&b, pb, 0666) != 0) {
    sh_atomic_abort(&a);
    return *failed = pb, -1;
  }
  write(a.f, b.f, ud);
  *kept_old = 1;
  if (sh_atomic_close(&a) != 0) {
    sh_atomic_abort(&b);
    return *failed = pa, -1;
  }
  if (sh_atomic_close(&b) != 0) {
    sh_atomic_abort(&a);
    return *failed = pb, -1;
  }
  if (sh_atomic_rename(&a) != 0) {
    sh_atomic_abort(&b);
    return *failed = pa, -1;
  }
  *kept_old = 0; /* the first file is replaced */
  if (sh_atomic_rename(&b) != 0) return *failed = pb, -1;
  return 0;
}
