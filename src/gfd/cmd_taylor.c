/* cmd_taylor.c - commands of the taylor area (placeholder until the area lands). */
#include <config.h>
#include "shell.h"

const command cmd_taylor_table[] = {{0}};

void taylor_state_reset(session *s, int free_all) { (void)s; (void)free_all; }
