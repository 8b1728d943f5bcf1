/* cmd_diagram.c - commands of the diagram area (placeholder until the area lands). */
#include <config.h>
#include "shell.h"

const command cmd_diagram_table[] = {{0}};

void diagram_state_reset(session *s, int free_all) { (void)s; (void)free_all; }

int diagram_series_coefs(session *s, int N, double *coef) {
  (void)N; (void)coef; return sh_error(s, -1, "diagram area not built yet");
}
