/* commands.c - every command table, in the order help lists them. */
#include <config.h>
#include "shell.h"

const command *const *sh_commands(size_t *n) {
  static const command *all[512];
  static size_t count;
  static int done;
  if (!done) {
    const command *const lists[] = {cmd_core_table,    cmd_flow_table,     cmd_taylor_table,
                                    cmd_diagram_table, cmd_scaling_table,  cmd_solution_table,
                                    cmd_view_table};
    for (size_t l = 0; l < sizeof lists / sizeof *lists; l++)
      for (const command *c = lists[l]; c->name && count < sizeof all / sizeof *all - 1; c++)
        all[count++] = c;
    all[count] = NULL;
    done = 1;
  }
  if (n) *n = count;
  return all;
}
