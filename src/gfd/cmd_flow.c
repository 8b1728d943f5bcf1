/* cmd_flow.c - commands of the flow area (placeholder until the area lands). */
#include <config.h>
#include "shell.h"

const command cmd_flow_table[] = {{0}};

void flow_state_reset(session *s, int free_all) { (void)s; (void)free_all; }

int flow_last_grid(session *s, size_t *n, const double **t) { (void)s; *n = 0; *t = NULL; return 0; }
int flow_last_blowups(session *s, size_t *K, const unsigned long **seed, const double **t_star,
                      const double **t_lo, const double **t_hi, const int **status) {
  (void)s; (void)seed; (void)t_star; (void)t_lo; (void)t_hi; (void)status; *K = 0; return 0;
}
double *flow_initial_params(session *s, unsigned long seed) {
  (void)seed; sh_error(s, -1, "flow area not built yet"); return NULL;
}
int flow_simulate(session *s, const gfd_spec *spec, double T, size_t seeds, size_t *n,
                  double **t, double **loss, double **loss_se) {
  (void)spec; (void)T; (void)seeds; (void)n; (void)t; (void)loss; (void)loss_se;
  return sh_error(s, -1, "flow area not built yet");
}
