/* fuzz_sandbox.c - scratch directory, per-input session and the wrapped
 * functions that impose the fuzzing-only limits (see fuzz_sandbox.h). */
#include <config.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fuzz_sandbox.h"

static char scratch[64];
static FILE *devnull;
static double input_deadline;
static int in_input; /* the sandbox applies while an input runs (not to libFuzzer's own files) */

/* ------------------------------------------------------------ wrappers */
FILE *__real_fopen(const char *path, const char *mode);
int __real_remove(const char *path);
const gfd_ctl *__real_sh_ctl(session *s);
gfd_model *__real_gfd_model_new(const gfd_spec *sp, const gfd_ctl *ctl, gfd_err *e);

/* Writing: only plain names (in the scratch directory) and /dev/null.
 * Reading: anything but devices and kernel files (/dev/tty would block). */
FILE *__wrap_fopen(const char *path, const char *mode) {
  if (!in_input) return __real_fopen(path, mode);
  int writing = strpbrk(mode, "wa+") != NULL;
  int devnull_path = strcmp(path, "/dev/null") == 0;
  if (writing && strchr(path, '/') && !devnull_path) {
    errno = EACCES;
    return NULL;
  }
  if (!devnull_path && (strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0 ||
                        strncmp(path, "/sys/", 5) == 0)) {
    errno = EACCES;
    return NULL;
  }
  return __real_fopen(path, mode);
}

/* Every file gfd writes goes through sh_atomic_open (atomic.c): the same
 * rule as fopen for writing, plain names and /dev/null only. */
int __real_sh_atomic_open(sh_afile *a, const char *path, mode_t mode);
int __wrap_sh_atomic_open(sh_afile *a, const char *path, mode_t mode) {
  if (in_input && strchr(path, '/') && strcmp(path, "/dev/null") != 0) {
    memset(a, 0, sizeof *a);
    errno = EACCES;
    return -1;
  }
  return __real_sh_atomic_open(a, path, mode);
}

int __wrap_remove(const char *path) {
  if (in_input && strchr(path, '/')) {
    errno = EACCES;
    return -1;
  }
  return __real_remove(path);
}

const gfd_ctl *__wrap_sh_ctl(session *s) {
  const gfd_ctl *c = __real_sh_ctl(s);
  gfd_ctl *m = &s->ctl; /* sh_ctl returns &s->ctl */
  if (m->budget == 0 || m->budget > FUZZ_BUDGET) m->budget = FUZZ_BUDGET;
  double dl = gfd_now() + FUZZ_CMD_SECONDS;
  if (input_deadline > 0 && dl > input_deadline) dl = input_deadline;
  if (m->deadline <= 0 || m->deadline > dl) m->deadline = dl;
  return c;
}

gfd_model *__wrap_gfd_model_new(const gfd_spec *sp, const gfd_ctl *ctl, gfd_err *e) {
  double nu = sp->nu > 0 ? sp->nu : 1, p = (double)sp->p, H = (double)sp->H;
  double cost = nu * p * H;
  if (sp->target == GFD_TGT_TEACHER) cost += nu * p * (double)sp->r;
  if (sp->target == GFD_TGT_MODADD) cost += H * p * p;
  if (cost > FUZZ_MAX_MODEL_COST) {
    gfd_err_set(e, GFD_EBUDGET, "fuzzing: this model is over the fuzzing size limit");
    return NULL;
  }
  return __real_gfd_model_new(sp, ctl, e);
}

/* ------------------------------------------------------------- session */
static void empty_scratch(void) {
  DIR *d = opendir(".");
  if (!d) return;
  struct dirent *de;
  while ((de = readdir(d)))
    if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) unlink(de->d_name);
  closedir(d);
}

static void remove_scratch(void) {
  empty_scratch();
  if (chdir("/") == 0) rmdir(scratch);
}

void fuzz_sandbox_init(void) {
  if (devnull) return;
  const char *tmp = getenv("TMPDIR");
  snprintf(scratch, sizeof scratch, "%s/gfd-fuzz-XXXXXX", tmp && strlen(tmp) < 40 ? tmp : "/tmp");
  if (!mkdtemp(scratch) || chdir(scratch) != 0) {
    perror("gfd fuzz: scratch directory");
    abort();
  }
  atexit(remove_scratch);
  devnull = __real_fopen("/dev/null", "w");
  if (!devnull) abort();
  /* one BLAS thread: the fuzzer measures the code, not the machine */
  setenv("OPENBLAS_NUM_THREADS", "1", 0);
  gfd_library_init();
}

void fuzz_session_begin(session *s) {
  input_deadline = 0;
  in_input = 1; /* from here on: the default model is built under the same rules */
  sh_areas_install(gfd_areas);
  if (sh_session_init(s, 0) < 0) abort();
  if (s->out && s->out != stdout) fclose(s->out); /* the batch results stream, replaced */
  s->out = devnull;
  s->shell->real_out = devnull;
  s->shell->bail = 0;
  s->shell->quiet = 1;
  input_deadline = gfd_now() + FUZZ_INPUT_SECONDS;
  in_input = 1;
}

void fuzz_session_end(session *s) {
  in_input = 0;
  sh_session_free(s);
  input_deadline = 0;
  empty_scratch();
}

/* main.c is not linked: the signal set-up is libFuzzer's business. */
void sh_signals_install(session *s) { (void)s; }
