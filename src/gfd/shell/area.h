/* area.h - the area record: what a command area tells the framework.
 *
 * An area (flow, scaling, ...) is one file in src/gfd/commands that defines
 * one `const area area_NAME`; src/gfd/commands/areas.c lists them.  The
 * framework (src/gfd/shell) walks that list to build the command set, reset
 * state, save sessions and complete words, so it never names an area.  Every
 * hook may be NULL: an area without state has no reset, one with nothing to
 * save has no save, and so on. */
#ifndef GFD_AREA_H
#define GFD_AREA_H

#include <stdio.h>
#include "shell.h"

typedef struct area {
  const char *name;        /* "flow": for messages */
  const command *commands; /* its table, ended by an entry with name == NULL */

  /* The model changed (free_all = 0: drop what depends on it) or the
   * session ends (free_all = 1: free everything, then clear the state slot). */
  void (*reset)(session *s, int free_all);

  /* `model ...` is building spec from a (before it is checked): derive the
   * fields the area governs (the scaling fills H and sigma from p).  0, or
   * -1 after sh_error. */
  int (*derive_spec)(session *s, const args *a, gfd_spec *spec);

  /* `save FILE [state=yes]` writes a script: the settings, then each area's
   * save_clear line (a command that empties this area's state in the loading
   * session, so that `model` is read as written), the model, every area's
   * save_setup lines, then every area's save_runs lines (computations replay
   * after all the setup they may depend on).  path is the script's own path
   * (an area may write a data file next to it); with_state asks for the
   * current instances too.  Each returns 0, or -1 after sh_error. */
  const char *save_clear;
  int (*save_setup)(session *s, FILE *f, const char *path);
  int (*save_runs)(session *s, FILE *f, const char *path, int with_state);

  /* Tab completion of a positional word of one of the area's commands: a
   * malloc'd NULL-terminated array of malloc'd candidates (the framework
   * keeps those that start with word), or NULL for none.  s may be NULL (no
   * session yet).  Called while the user types: must be cheap. */
  char **(*complete)(session *s, const command *cmd, const char *word);

  /* The factors between the session model's units and a scaling limit's,
   * for the views (plot.h sh_plot_factors): 0 and *f set, 1 if the area has
   * no scaling set, -1 if there is no limit.  Quiet: reports nothing. */
  int (*plot_factors)(session *s, plot_factors *f);

  /* A long computation is running while a view owns the screen: redraw (the
   * area limits the rate).  Called from the progress callback. */
  void (*live_update)(session *s);

  /* A view's step key (space, r in the plot): advance the area's current run
   * by dt in the run's own time units (tau after a scaled run), starting one
   * when there is none, as its own step command would.  Its table output is
   * the view's business (it may point s->out elsewhere).  0 and *t_now the
   * time reached, 1 if the area has nothing to step, -1 after sh_error.  The
   * views reach it through sh_step (plot.h), never by the area's name. */
  int (*step)(session *s, double dt, double *t_now);
} area;

/* The registry (src/gfd/commands/areas.c): every area, NULL-terminated.  Only
 * the program's entry points (main, the fuzz targets) name it. */
extern const area *const gfd_areas[];

/* The registered areas (NULL-terminated), as given to sh_areas_install. */
const area *const *sh_areas(void);
/* Install the registry (main and the fuzz targets do it once, before the
 * first session): the framework learns the areas from its caller instead of
 * linking to them.  At most SH_MAX_AREAS. */
void sh_areas_install(const area *const *list);
/* The area whose table holds cmd, or NULL. */
const area *sh_area_of(const command *cmd);

/* Each area's state in a session: one opaque slot per registered area (NULL
 * until the area sets it). */
void *sh_area_state(const session *s, const area *a);
void sh_area_set_state(session *s, const area *a, void *state);

#endif
