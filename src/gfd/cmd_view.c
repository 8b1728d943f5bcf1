/* cmd_view.c - commands of the view area (placeholder until the area lands). */
#include <config.h>
#include "shell.h"

const command cmd_view_table[] = {{0}};

void view_state_reset(session *s, int free_all) { (void)s; (void)free_all; }
