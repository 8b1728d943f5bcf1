/* scaleout_mpi.h - what scaleout_mpi.c (joining the job, the terminal, the
 * workers) and scaleout_queue.c (rank 0's queue) share: the messages and
 * the state of this rank.  Private to the MPI build. */
#ifndef GFD_SCALEOUT_MPI_H
#define GFD_SCALEOUT_MPI_H
#include <mpi.h>
#include "scaleout.h"

enum { TAG_JOB = 11, TAG_UNIT, TAG_RESULT, TAG_STOP, TAG_END, TAG_QUIT };

#define KIND_NAME 48
#define HOST_LEN 64
/* seconds a rank has to answer a stop before its unit is written off */
#define STOP_GRACE 0.3
/* units a worker holds at once: the one it computes and the next, so that it
 * never waits for rank 0 (busy with a unit of its own) between two units */
#define AHEAD 2

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
} so_mpi_state;
extern so_mpi_state so_mpi;

/* The progress line on rank 0's terminal (batch runs): units done of the
 * job's (across the parts of a chunked computation), time left. */
void so_tty_progress(const gfd_job *job, size_t done, double t0);
void so_tty_progress_end(void);
#endif
