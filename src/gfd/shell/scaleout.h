/* scaleout.h - where gfd's independent work units run (gfd/job.h): here,
 * or over the ranks of an MPI job when gfd is built with MPI and started by
 * mpirun.  Rank 0 runs the session; the other ranks only serve units.
 * scaleout_mpi.c implements it with MPI, scaleout_serial.c without. */
#ifndef GFD_SCALEOUT_H
#define GFD_SCALEOUT_H
#include <stddef.h>
#include "gfd/job.h"

/* Join the MPI job if launched by mpirun (else stay alone: no MPI_Init).
 * Returns this process's rank (0 alone).  Sets one BLAS thread per rank
 * unless OPENBLAS_NUM_THREADS is set. */
int so_start(int *argc, char ***argv);
/* Rank 0 under mpirun with no script to run: read and write the terminal
 * mpirun was started from (mpirun's pipes are not a terminal), so that the
 * interactive shell runs on rank 0 while the workers wait. */
void so_use_terminal(void);
/* A worker rank: serve work units until rank 0 ends; the exit status. */
int so_worker(void);
/* Rank 0: release the workers and leave MPI (also at exit). */
void so_stop(void);
/* The runner for the session's ctl: NULL when alone. */
const gfd_runner *so_runner(void);

/* For `show mpi`. */
typedef struct so_info {
  int built;          /* compiled with MPI */
  int ranks;          /* 1 when alone */
  const char *library; /* MPI library version line, or "" */
  int recovery;       /* mpirun --enable-recovery: a rank that dies has its units rerun */
  int dead;           /* ranks taken as dead */
  size_t rerun;       /* units rerun after their rank died */
} so_info;
void so_get_info(so_info *out);
/* Rank r's host name and the units it computed since start ("" / 0 past the end). */
const char *so_rank_host(int r);
size_t so_rank_units(int r);
#endif
