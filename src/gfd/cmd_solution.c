/* cmd_solution.c - commands of the solution area (placeholder until the area lands). */
#include <config.h>
#include "shell.h"

const command cmd_solution_table[] = {{0}};

void solution_state_reset(session *s, int free_all) { (void)s; (void)free_all; }
