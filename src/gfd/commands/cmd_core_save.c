/* cmd_core_save.c - `save FILE [state=yes]` and `load FILE`.
 *
 * save writes a gfd script: the settings that change results, the model,
 * then whatever the areas append through their save hooks (area.h).  It is built in memory first and written in one go, so a
 * failing hook leaves no half-written file.  load checks the whole file
 * (size, text, every command and key) before running any of it. */
#include <config.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "shell_priv.h"

#define LOAD_MAX_DEPTH 8

/* Settings that change results (not format, threads, colour, progress:
 * those belong to the reader, the machine and the terminal). */
static const char *const saved_settings[] = {"budget", "timelimit", "points", "method",
                                             "steps",  "rtol",   "atol",      "blowup", "lr", NULL};

/* Every area's setup lines, then every area's runs: a run replays after all
 * the setup it may depend on (a scaled flow run needs the scaling). */
static int save_areas(session *s, FILE *m, const char *path, int with_state) {
  for (const area *const *ar = sh_areas(); *ar; ar++)
    if ((*ar)->save_setup && (*ar)->save_setup(s, m, path) < 0) return -1;
  for (const area *const *ar = sh_areas(); *ar; ar++)
    if ((*ar)->save_runs && (*ar)->save_runs(s, m, path, with_state) < 0) return -1;
  return 0;
}

int sh_run_save(session *s, const args *a) {
  const char *path = args_pos(a, 0);
  int poff = -1;
  for (int i = 0; i < a->n; i++)
    if (!a->a[i].key) poff = a->a[i].off;
  static const char *const yesno[] = {"no", "yes", NULL};
  int with_state = 0;
  if (args_choice(s, a, "state", 0, 0, yesno, &with_state) < 0) return -1;
  if (!*path) return sh_error(s, poff, "save needs a file name");

  char *text = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&text, &len);
  if (!m) return sh_error(s, -1, "out of memory");
  fprintf(m, "# gfd %s session: replay with `load %s` or `gfd -f %s`\n", PACKAGE_VERSION, path,
          path);
  char buf[512];
  for (const char *const *k = saved_settings; *k; k++) {
    const sh_setting *st = sh_setting_find(*k);
    st->get(s, buf, sizeof buf);
    /* sizes print as "4.0 GiB": write the exact byte count instead */
    /* during the replay: no time limit, and at least the default budget (the
     * saved limits follow at the end: a limit set after a run must not make
     * the replay of that run fail) */
    if (strcmp(*k, "budget") == 0) {
      if (s->budget) snprintf(buf, sizeof buf, "%zu", s->budget > GFD_DEFAULT_BUDGET ? s->budget : GFD_DEFAULT_BUDGET);
      else snprintf(buf, sizeof buf, "auto");
    }
    if (strcmp(*k, "timelimit") == 0) snprintf(buf, sizeof buf, "0");
    if (strcmp(*k, "rtol") == 0) sh_num(buf, sizeof buf, s->flow_opts.rtol);
    if (strcmp(*k, "atol") == 0) sh_num(buf, sizeof buf, s->flow_opts.atol);
    if (strcmp(*k, "blowup") == 0) sh_num(buf, sizeof buf, s->flow_opts.blowup_ratio);
    if (strcmp(*k, "steps") == 0 && s->flow_opts.steps == 0) continue;
    fprintf(m, "set %s %s\n", *k, buf);
  }
  /* the areas' lines come after the model: clear their state in the loading
   * session first (a scaling there would change H and sigma of `model`) */
  for (const area *const *ar = sh_areas(); *ar; ar++)
    if ((*ar)->save_clear) fprintf(m, "%s\n", (*ar)->save_clear);
  sh_spec_command(&s->spec, 1, buf, sizeof buf);
  fprintf(m, "%s\n", buf);
  fflush(m);
  int rc = save_areas(s, m, path, with_state);
  if (s->budget) fprintf(m, "set budget %zu\n", s->budget);
  else fprintf(m, "set budget auto\n");
  char tl[32];
  fprintf(m, "set timelimit %s\n", sh_num(tl, sizeof tl, s->time_limit));
  if (fclose(m) != 0 && rc == 0) rc = sh_error(s, -1, "out of memory");
  if (rc < 0 || s->failed) {
    free(text);
    return -1;
  }
  sh_afile af;
  if (sh_atomic_open(&af, path, 0666) != 0) {
    free(text);
    return sh_error(s, poff, "cannot write %s: %s", path, strerror(errno));
  }
  size_t w = fwrite(text, 1, len, af.f);
  free(text);
  if (w != len) {
    sh_atomic_abort(&af);
    return sh_error(s, poff, "cannot write %s: %s (the old file is unchanged)", path, strerror(errno));
  }
  if (sh_atomic_commit(&af) != 0)
    return sh_error(s, poff, "cannot write %s: %s (the old file is unchanged)", path, strerror(errno));
  if (s->interactive) fprintf(s->out, "saved the session to %s\n", path);
  return 0;
}

int sh_run_load(session *s, const args *a) {
  const char *path = args_pos(a, 0);
  int off = a->a[0].off;
  if (!*path) return sh_error(s, off, "load needs a file name");
  if (s->shell->depth >= LOAD_MAX_DEPTH)
    return sh_error(s, off, "load: scripts nested too deeply (does %s load itself?)", path);
  size_t n = 0;
  char *text = sh_script_read(s, path, off, &n, 1);
  if (!text) return -1;
  if (sh_script_check(s, text, n, path) < 0) {
    free(text);
    return -1;
  }
  int bail = s->shell->bail;
  s->shell->bail = 1; /* a replay stops at its first failure */
  s->shell->depth++;
  int rc = sh_run_string(s, text, path);
  s->shell->depth--;
  s->shell->bail = bail;
  free(text);
  if (rc != SH_EXIT_OK) {
    s->failed = 1; /* the error was reported with the script's line */
    return -1;
  }
  return 0;
}
