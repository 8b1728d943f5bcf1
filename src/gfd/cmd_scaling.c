/* cmd_scaling.c - commands of the scaling area (placeholder until the area lands). */
#include <config.h>
#include "shell.h"

const command cmd_scaling_table[] = {{0}};

void scaling_state_reset(session *s, int free_all) { (void)s; (void)free_all; }

int scaling_apply_to_spec(session *s, const args *a, gfd_spec *spec) {
  (void)s; (void)a; (void)spec;
  return 0;
}
