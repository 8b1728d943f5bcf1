/* scaleout_serial.c - scaleout.h in a build without MPI: one process, every
 * work unit runs here (gfd_job_run's serial loop). */
#include <config.h>
#include "scaleout.h"

static size_t units_here;

int so_start(int *argc, char ***argv) {
  (void)argc, (void)argv;
  return 0;
}
int so_worker(void) { return 0; }
void so_use_terminal(void) {}
void so_stop(void) {}
const gfd_runner *so_runner(void) { return NULL; }
void so_get_info(so_info *out) {
  out->recovery = 0, out->dead = 0, out->rerun = 0;
  out->built = 0;
  out->ranks = 1;
  out->library = "";
}
const char *so_rank_host(int r) { return r == 0 ? "localhost" : ""; }
size_t so_rank_units(int r) { return r == 0 ? units_here : 0; }
