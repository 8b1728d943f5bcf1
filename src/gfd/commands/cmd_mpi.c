/* cmd_mpi.c - `show mpi`: the ranks gfd runs on (mpirun), their hosts and
 * the work units each computed (scaleout.h); in a build without MPI it says
 * so. */
#include <config.h>
#include <stdio.h>
#include "shell.h"
#include "area.h"
#include "scaleout.h"

static int run_show_mpi(session *s, const args *a) {
  (void)a;
  so_info in;
  so_get_info(&in);
  if (!in.built) {
    fprintf(s->out, "MPI is not built in: this gfd runs every work unit here "
                    "(configure --with-mpi, then mpirun -n K gfd ...)\n");
    return 0;
  }
  char title[512], dead[96] = "";
  if (in.dead)
    snprintf(dead, sizeof dead, "; %d rank%s died, %zu unit%s rerun", in.dead, in.dead == 1 ? "" : "s", in.rerun,
             in.rerun == 1 ? "" : "s");
  snprintf(title, sizeof title, "MPI: %d rank%s%s%s%s%s%s", in.ranks, in.ranks == 1 ? "" : "s",
           in.ranks == 1 ? " (not started by mpirun, or alone: work units run here)" : "", *in.library ? ", " : "",
           in.library,
           in.ranks == 1 ? ""
           : in.recovery ? "; a rank that dies has its units rerun (--enable-recovery)"
                         : "; a rank that dies ends the job (mpirun --enable-recovery goes on)",
           dead);
  table *t = table_new(s->csv ? "" : title, "rank,host,units");
  if (!t) return sh_error(s, -1, "out of memory");
  for (int r = 0; r < in.ranks; r++) {
    table_num(t, r);
    table_str(t, so_rank_host(r));
    table_num(t, (double)so_rank_units(r));
    table_endrow(t);
  }
  sh_emit_table(s, t);
  return 0;
}

static const command cmd_mpi_table[] = {
    {"show mpi", "", "the MPI ranks, their hosts and the work units each computed",
     "Under `mpirun -n K gfd -f FILE` (a build with MPI: configure --with-mpi,\n"
     "automatic when mpicc is found) rank 0 runs the session and the other ranks\n"
     "compute independent work units: the members of `flow run`/`ascent run\n"
     "seeds=K` (per chunk of the report grid), the runs of `sweep`, the cells\n"
     "of `map`, the runs of `phase` and a `figure`'s curves x seeds, handed out\n"
     "one at a time as ranks become free.  Results are gathered on rank 0 and\n"
     "combined in unit order, so the output is the same, byte for byte, as a\n"
     "run on one process.  Prints one row per rank: rank, host, units computed\n"
     "since start; the title says what happens when a rank dies: under mpirun\n"
     "--enable-recovery rank 0 names the units it held and reruns them on the\n"
     "ranks left (the output stays the same), else Open MPI ends the job.\n"
     "Without MPI it says so.\n"
     "Example: mpirun -n 4 gfd -c 'flow run T=1 seeds=16; show mpi'",
     "mpi", NULL, 0, 0, run_show_mpi},
    {0}};

const area area_mpi = {
    .name = "mpi",
    .commands = cmd_mpi_table,
};
