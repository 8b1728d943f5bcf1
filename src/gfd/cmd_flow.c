/* cmd_flow.c - commands of the flow area (placeholder until the area lands). */
#include <config.h>
#include "shell.h"

const command cmd_flow_table[] = {{0}};

void flow_state_reset(session *s, int free_all) { (void)s; (void)free_all; }
