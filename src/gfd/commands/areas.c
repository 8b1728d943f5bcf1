/* areas.c - the registry: every command area of gfd, one line each, in the
 * order help lists their commands.  main hands the list to the framework
 * (sh_areas_install), which never names an area itself.  Adding an area is
 * its one file defining `const area area_NAME` plus one line here. */
#include <config.h>
#include "area.h"

#define GFD_AREAS \
  X(core)         \
  X(flow)         \
  X(taylor)       \
  X(diagram)      \
  X(scaling)      \
  X(solution)     \
  X(figure)       \
  X(view)         \
  X(curves)       \
  X(phase)        \
  X(mpi)          \
  /* one line per area, each ending in a backslash */

#define X(name) extern const area area_##name;
GFD_AREAS
#undef X

#define X(name) &area_##name,
const area *const gfd_areas[] = {GFD_AREAS NULL};
#undef X
