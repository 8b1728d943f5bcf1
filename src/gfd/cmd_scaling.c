/* cmd_scaling.c - commands of the scaling area (placeholder until the area lands). */
#include <config.h>
#include "shell.h"

const command cmd_scaling_table[] = {{0}};

void scaling_state_reset(session *s, int free_all) { (void)s; (void)free_all; }

int scaling_apply_to_spec(session *s, const args *a, gfd_spec *spec) {
  (void)s; (void)a; (void)spec;
  return 0;
}

int scaling_limit_coefs(session *s, int N, double *coef) {
  (void)N; (void)coef; return sh_error(s, -1, "scaling area not built yet");
}
int scaling_factors(session *s, double *tfac, double *lfac) { (void)s; *tfac = *lfac = 1; return 1; }
