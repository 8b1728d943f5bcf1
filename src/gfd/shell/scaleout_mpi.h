/* scaleout_mpi.h - what scaleout_mpi.c (joining the job, the terminal, the
 * workers) and scaleout_queue.c (rank 0's queue) share: the messages and
 * the state of this rank.  Private to the MPI build. */
#ifndef GFD_SCALEOUT_MPI_H
#define GFD_SCALEOUT_MPI_H
#include <mpi.h>
#include <signal.h>
#include "scaleout.h"

enum { TAG_JOB = 11, TAG_UNIT, TAG_RESULT, TAG_STOP, TAG_END, TAG_QUIT, TAG_BEAT };

#define KIND_NAME 48
#define HOST_LEN 64
/* seconds a rank has to answer a stop before its unit is written off */
#define STOP_GRACE 0.3
/* units a worker holds at once: the one it computes and the next, so that it
 * never waits for rank 0 (busy with a unit of its own) between two units */
#define AHEAD 2
/* A worker inside a job says it is alive every BEAT_PERIOD seconds, from a
 * thread of its own (a unit may go minutes without calling back).  Rank 0
 * takes a rank that has said nothing for so_mpi.timeout seconds (DEAD_AFTER,
 * or GFD_MPI_TIMEOUT) as dead: its units are rerun on the other ranks.  That
 * needs mpirun --enable-recovery, without which Open MPI ends the whole job
 * when a rank dies. */
#define BEAT_PERIOD 0.5
#define DEAD_AFTER 10.0

typedef struct job_hdr {
  char kind[KIND_NAME];
  unsigned long seq; /* jobs are numbered: a late result of an old job is recognised */
  size_t desc_len, n, in_len, out_len;
} job_hdr;

typedef struct result_hdr {
  unsigned long seq;
  int skipped;       /* not computed: the job was stopped before it began */
  size_t index;
  int rc;
  gfd_err err;
} result_hdr;

typedef struct so_mpi_state {
  int active, rank, size;   /* joined an MPI job of `size` ranks */
  unsigned long seq;        /* rank 0: jobs sent so far */
  double wait;              /* seconds this rank waited for work or results */
  size_t my_units;          /* units this rank computed */
  int late;                 /* a unit was given up on: its result may still come */
  size_t *units;            /* rank 0: units per rank */
  /* rank 0, per rank: */
  int *beats;               /* it has a heartbeat thread (MPI_THREAD_MULTIPLE granted) */
  double *heard;            /* when it last gave a sign of life */
  char *dead;               /* taken as dead: never sent anything again */
  char *told;               /* taken as dead, then heard from: told to quit */
  double timeout;           /* seconds of silence after which a rank is taken as dead */
  int recovery;             /* mpirun --enable-recovery: the job outlives a dead rank */
  size_t rerun;             /* units rerun after their rank died */
  volatile sig_atomic_t teardown; /* mpirun is ending the job (its SIGCONT came) */
} so_mpi_state;
extern so_mpi_state so_mpi;

/* A message without data (STOP, END, QUIT) to rank w that never blocks for
 * long: a blocking send to a rank that died unnoticed waited forever over
 * TCP in Open MPI 4.1.4.  0, or -1 when it did not complete within 1 s. */
int so_send_brief(int w, int tag);
/* Rank 0: write the units the workers hold now to standard error (async-
 * signal-safe: from the handler of mpirun's warning that it ends the job). */
void so_journal_write(void);

/* The progress line on rank 0's terminal (batch runs): units done of the
 * job's (across the parts of a chunked computation), time left. */
void so_tty_progress(const gfd_job *job, size_t done, double t0);
void so_tty_progress_end(void);
#endif
