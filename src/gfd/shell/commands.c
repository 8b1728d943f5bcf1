/* commands.c - the registry as the framework sees it: the areas its caller
 * installed, their commands in registry order (the order help lists them),
 * and each area's state slot in a session. */
#include <config.h>
#include <stdlib.h>
#include "area.h"

static const area *const *g_areas;
static const area *const no_areas[] = {NULL};

void sh_areas_install(const area *const *list) {
  size_t n = 0;
  while (list && list[n]) n++;
  if (n > SH_MAX_AREAS) abort(); /* a build error, not a user's */
  g_areas = list;
}

const area *const *sh_areas(void) { return g_areas ? g_areas : no_areas; }

const command *const *sh_commands(size_t *n) {
  static const command *all[512];
  static size_t count;
  static const area *const *built;
  if (built != sh_areas()) { /* first call, or a new registry */
    count = 0;
    for (const area *const *a = sh_areas(); *a; a++)
      for (const command *c = (*a)->commands; c && c->name && count < sizeof all / sizeof *all - 1; c++)
        all[count++] = c;
    all[count] = NULL;
    built = sh_areas();
  }
  if (n) *n = count;
  return all;
}

const area *sh_area_of(const command *cmd) {
  for (const area *const *a = sh_areas(); *a; a++)
    for (const command *c = (*a)->commands; c && c->name; c++)
      if (c == cmd) return *a;
  return NULL;
}

/* The slot of a: its position in the registry (-1 if not registered). */
static int slot(const area *a) {
  int i = 0;
  for (const area *const *p = sh_areas(); *p; p++, i++)
    if (*p == a) return i;
  return -1;
}

void *sh_area_state(const session *s, const area *a) {
  int i = slot(a);
  return i < 0 ? NULL : s->area_state[i];
}

void sh_area_set_state(session *s, const area *a, void *state) {
  int i = slot(a);
  if (i < 0) abort(); /* an area that is not in the registry: a build error */
  s->area_state[i] = state;
}
