/* scaleout_mpi.c - scaleout.h over MPI: rank 0 runs the session and hands
 * out work units (gfd/job.h) on request, a dynamic queue, since units near
 * a blow-up cost very different amounts; the other ranks wait in
 * so_worker, compute the units they are sent and send the outputs back.
 * Rank 0 computes units too: during its own unit it serves the queue from
 * the unit's progress callback, which every long computation calls often.
 *
 * Messages (all from or to rank 0, bytes):
 *   JOB    kind name, sizes, description  -> worker opens the units' context
 *   UNIT   index, input                   -> worker computes it, replies RESULT
 *                                            (each worker holds up to AHEAD
 *                                            units, so it need not wait for
 *                                            rank 0 between two of them)
 *   RESULT index, status, error, output   <- worker
 *   STOP   (Ctrl-C on rank 0)             -> worker interrupts its unit (the
 *                                            partial output still comes back)
 *                                            and skips those it still holds
 *   END    (job over)                     -> worker closes the context
 *   QUIT   (rank 0 leaves)                -> worker returns from so_worker
 * A rank that stops answering is reported with the units it held, which
 * are never counted (see give_up); the job is never silently short. */
#include <config.h>
#include <fcntl.h>
#include <mpi.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include "scaleout.h"

void openblas_set_num_threads(int n);

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

static int g_active, g_rank, g_size;
static unsigned long g_seq; /* rank 0: jobs sent so far */
static double g_wait;        /* seconds this rank waited for work or results */
static size_t g_my_units;    /* units this rank computed */
static void stats(void);
static int g_late;          /* a unit was given up on: its result may still come */
static char *g_hosts; /* g_size * HOST_LEN, on rank 0 */
static size_t *g_units;
static char g_lib[MPI_MAX_LIBRARY_VERSION_STRING];
static int g_tty = -1;        /* rank 0: the terminal mpirun was started from */
static pid_t g_fg_was = -1;   /* its foreground process group before we took it */
static int g_tty_shell;       /* the interactive shell runs on it (no progress line of ours) */

/* mpirun starts each rank in a process group of its own and ends the whole
 * job on SIGINT (Open MPI cannot forward it).  Rank 0 therefore becomes the
 * terminal's foreground group: Ctrl-C then reaches rank 0 alone, which
 * stops the computation (and the workers' units) and keeps the partial
 * results, as without MPI.  The group is given back when rank 0 leaves. */
static void take_terminal(void) {
  g_tty = open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (g_tty < 0) return;
  pid_t fg = tcgetpgrp(g_tty), me = getpgrp();
  if (fg < 0 || fg == me) return;
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGTTOU); /* a background group may not set it otherwise */
  sigprocmask(SIG_BLOCK, &block, &old);
  if (tcsetpgrp(g_tty, me) == 0) g_fg_was = fg;
  sigprocmask(SIG_SETMASK, &old, NULL);
}

static void give_terminal_back(void) {
  if (g_tty < 0) return;
  if (g_fg_was > 0) {
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGTTOU);
    sigprocmask(SIG_BLOCK, &block, &old);
    tcsetpgrp(g_tty, g_fg_was);
    sigprocmask(SIG_SETMASK, &old, NULL);
    g_fg_was = -1;
  }
}

void so_use_terminal(void) {
  if (g_tty < 0 || g_fg_was < 0 || isatty(STDIN_FILENO)) return;
  fflush(stdout);
  fflush(stderr);
  dup2(g_tty, STDIN_FILENO);
  dup2(g_tty, STDOUT_FILENO);
  dup2(g_tty, STDERR_FILENO);
  g_tty_shell = 1; /* the shell's own progress line and views own the screen now */
}

/* Progress across ranks on the terminal (rank 0's stderr is a pipe to
 * mpirun): units done of the job's, elapsed, time left; at most 5 a second. */
static double g_prog_last, g_prog_t0;
static int g_prog_shown;
static void tty_progress_end(void) {
  if (g_prog_shown && g_tty >= 0 && write(g_tty, "\r\033[K", 4) < 0) g_tty = -1;
  g_prog_shown = 0;
}
static void tty_progress(const gfd_job *job, size_t done, double t0) {
  size_t n = job->n;
  if (g_tty < 0 || g_tty_shell || n == 0) return;
  /* a part of a longer computation (ensemble chunks of `len` intervals
   * starting at `part`): the fraction and the clock run across the parts */
  double frac = (double)done / (double)n;
  if (job->parts > 1) {
    if (job->part == 0 || g_prog_t0 == 0) g_prog_t0 = t0;
    t0 = g_prog_t0;
    frac = ((double)job->part + frac * (double)job->chunk) / (double)job->parts;
  }
  double now = gfd_now(), el = now - t0;
  const char *what = job->what ? job->what : "work";
  if (done >= n && (job->parts <= 1 || job->part + job->chunk >= job->parts)) {
    tty_progress_end();
    return;
  }
  if (el < 0.5 || now - g_prog_last < 0.2) return;
  g_prog_last = now;
  char line[160], left[48] = "";
  if (frac > 0 && frac < 1) snprintf(left, sizeof left, ", ~%.0fs left", el * (1 - frac) / frac);
  int len = snprintf(line, sizeof line, "\r%s %3.0f%%: %zu/%zu units on %d ranks, %.0fs elapsed%s  (Ctrl-C stops)\033[K",
                     what, 100 * frac, done, n, g_size, el, left);
  if (len > 0 && write(g_tty, line, (size_t)(len < (int)sizeof line ? len : (int)sizeof line - 1)) > 0) g_prog_shown = 1;
}

static int launched_by_mpirun(void) {
  static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS", NULL};
  for (int i = 0; vars[i]; i++)
    if (getenv(vars[i])) return 1;
  return 0;
}

static void on_teardown(int sig) {
  (void)sig;
  kill(getpid(), SIGINT); /* the session's Ctrl-C handler takes it from here */
}

int so_start(int *argc, char ***argv) {
  if (!launched_by_mpirun()) return 0; /* alone: a plain process, no MPI at all */
  int provided;
  if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) return 0;
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_size);
  g_active = 1;
  if (!getenv("OPENBLAS_NUM_THREADS")) openblas_set_num_threads(1); /* one BLAS thread per rank */
  char host[HOST_LEN] = "";
  int hl = 0;
  char name[MPI_MAX_PROCESSOR_NAME];
  if (MPI_Get_processor_name(name, &hl) == MPI_SUCCESS) snprintf(host, sizeof host, "%.*s", HOST_LEN - 1, name);
  if (g_rank == 0) {
    g_hosts = calloc((size_t)g_size, HOST_LEN);
    g_units = calloc((size_t)g_size, sizeof *g_units);
    int ll = 0;
    MPI_Get_library_version(g_lib, &ll);
    char *nl = strchr(g_lib, '\n');
    if (nl) *nl = '\0';
    nl = strchr(g_lib, ',');
    if (nl) *nl = '\0';
  }
  MPI_Gather(host, HOST_LEN, MPI_CHAR, g_hosts, HOST_LEN, MPI_CHAR, 0, MPI_COMM_WORLD);
  if (g_rank == 0) {
    take_terminal();
    /* When a rank dies, mpirun ends the job: SIGCONT to every rank, SIGTERM
     * and SIGKILL a second later.  Rank 0 takes the SIGCONT as Ctrl-C, so
     * that it reports the lost units and prints the partial results within
     * that second.  (Job control cannot work under mpirun anyway: Ctrl-Z
     * would stop rank 0 alone, so it is ignored.) */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_teardown;
    sigaction(SIGCONT, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGTSTP, &sa, NULL);
    atexit(so_stop);
  }
  return g_rank;
}

/* A worker still sending a result given up on would block in MPI_Send:
 * take (and drop) what arrives within 0.2 s before telling workers to quit. */
static void drain_late_results(void) {
  double t = gfd_now();
  while (gfd_now() - t < 0.2) {
    int flag = 0, len = 0;
    MPI_Status st;
    if (MPI_Iprobe(MPI_ANY_SOURCE, TAG_RESULT, MPI_COMM_WORLD, &flag, &st) != MPI_SUCCESS) return;
    if (!flag) {
      struct timespec ts = {0, 1000000};
      nanosleep(&ts, NULL);
      continue;
    }
    MPI_Get_count(&st, MPI_BYTE, &len);
    char *b = malloc(len ? (size_t)len : 1);
    if (!b) return;
    MPI_Recv(b, len, MPI_BYTE, st.MPI_SOURCE, TAG_RESULT, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    free(b);
    t = gfd_now();
  }
}

void so_stop(void) {
  if (!g_active || g_rank != 0) return;
  g_active = 0;
  give_terminal_back();
  stats();
  if (g_late) drain_late_results();
  for (int w = 1; w < g_size; w++) MPI_Send(NULL, 0, MPI_BYTE, w, TAG_QUIT, MPI_COMM_WORLD);
  MPI_Finalize();
}

void so_get_info(so_info *out) {
  out->built = 1;
  out->ranks = g_active ? g_size : 1;
  out->library = g_lib;
}

const char *so_rank_host(int r) {
  if (!g_active) return r == 0 ? "localhost" : "";
  return g_hosts && r >= 0 && r < g_size ? g_hosts + (size_t)r * HOST_LEN : "";
}

size_t so_rank_units(int r) { return g_units && r >= 0 && r < g_size ? g_units[r] : 0; }

/* GFD_MPI_STATS set: each rank says at the end what it did, to tell a
 * rank short of CPU (a shared or bound core) from one short of work. */
static void stats(void) {
  if (!getenv("GFD_MPI_STATS")) return;
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  fprintf(stderr, "gfd: mpi: rank %d: %zu units, %.2f s CPU, %.2f s waiting\n", g_rank, g_my_units,
          (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec, g_wait);
}

/* ------------------------------------------------------------ the worker */

static volatile sig_atomic_t w_stop;

/* a worker's unit calls this often: listen for STOP from rank 0 */
static void worker_progress(void *ud, const char *what, double done, double total) {
  (void)ud, (void)what, (void)done, (void)total;
  int flag = 0;
  MPI_Status st;
  if (MPI_Iprobe(0, TAG_STOP, MPI_COMM_WORLD, &flag, &st) == MPI_SUCCESS && flag) {
    MPI_Recv(NULL, 0, MPI_BYTE, 0, TAG_STOP, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    w_stop = 1;
  }
}

/* Wait for rank 0's next message without spinning (MPI_Probe busy-waits,
 * taking a core from the ranks that compute): look, then sleep, up to 2 ms. */

static char *recv_any(int *tag, int *len) {
  MPI_Status st;
  long nap = 20000;
  double t0 = gfd_now();
  for (;;) {
    int flag = 0;
    if (MPI_Iprobe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st) != MPI_SUCCESS) return NULL;
    if (flag) { g_wait += gfd_now() - t0; break; }
    struct timespec ts = {0, nap};
    nanosleep(&ts, NULL);
    if (nap < 2000000) nap *= 2;
  }
  MPI_Get_count(&st, MPI_BYTE, len);
  *tag = st.MPI_TAG;
  char *buf = malloc(*len ? (size_t)*len : 1);
  if (!buf) return NULL;
  MPI_Recv(buf, *len, MPI_BYTE, 0, *tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return buf;
}

/* Serve one job's units until END. */
static int worker_job(const char *msg, int len) {
  job_hdr h;
  if ((size_t)len < sizeof h) return -1;
  memcpy(&h, msg, sizeof h);
  h.kind[KIND_NAME - 1] = '\0';
  const gfd_job_kind *kind = gfd_job_kind_find(h.kind);
  gfd_err oe;
  gfd_err_clear(&oe);
  void *ctx = NULL;
  int orc = !kind ? gfd_err_set(&oe, GFD_EINVAL, "rank %d does not know work units of kind '%s'", g_rank, h.kind)
                  : kind->open(msg + sizeof h, h.desc_len, &ctx, NULL, &oe);
  size_t olen = sizeof(result_hdr) + h.out_len;
  char *out = malloc(olen);
  if (!out) return -1;
  gfd_ctl ctl;
  memset(&ctl, 0, sizeof ctl);
  ctl.interrupt = &w_stop;
  ctl.progress = worker_progress;
  int stopped = 0;
  for (;;) {
    int tag, ulen;
    char *u = recv_any(&tag, &ulen);
    if (!u) {
      free(out);
      return -1;
    }
    if (tag == TAG_END || tag == TAG_QUIT) {
      free(u);
      if (ctx) kind->close(ctx);
      free(out);
      return tag == TAG_QUIT ? 1 : 0;
    }
    if (tag != TAG_UNIT) { /* STOP between two units: skip the rest of the job */
      if (tag == TAG_STOP) stopped = 1;
      free(u);
      continue;
    }
    result_hdr r;
    memset(&r, 0, sizeof r);
    r.seq = h.seq;
    memcpy(&r.index, u, sizeof r.index);
    memset(out + sizeof r, 0, h.out_len);
    w_stop = 0;
    if (stopped) {
      r.skipped = 1;
    } else if (orc) {
      r.rc = orc;
      r.err = oe;
    } else {
      r.rc = kind->unit(ctx, r.index, h.in_len ? u + sizeof r.index : NULL, out + sizeof r, &ctl, &r.err);
      if (r.rc && !r.err.code) r.err.code = r.rc;
      if (w_stop) stopped = 1; /* the STOP came during the unit */
      g_my_units++;
    }
    free(u);
    memcpy(out, &r, sizeof r);
    MPI_Send(out, (int)olen, MPI_BYTE, 0, TAG_RESULT, MPI_COMM_WORLD);
  }
}

int so_worker(void) {
  int rc = 0;
  for (;;) {
    int tag, len;
    char *msg = recv_any(&tag, &len);
    if (!msg) {
      rc = 1;
      break;
    }
    int r = 0;
    if (tag == TAG_JOB) r = worker_job(msg, len);
    free(msg);
    if (tag == TAG_QUIT || r == 1) break;
    if (r < 0) {
      rc = 1;
      break;
    }
  }
  stats();
  MPI_Finalize();
  return rc;
}

/* -------------------------------------------------------- rank 0's queue */

typedef struct queue {
  gfd_job *job;
  const gfd_ctl *ctl;
  size_t next, ndone;
  int stopped;        /* no more units handed out: a unit failed, or Ctrl-C */
  long (*held)[AHEAD]; /* per rank: the units it holds (-1: free slot) */
  char *dead;         /* per rank: written off (it did not take a unit or answer a stop) */
  char **sbuf;        /* per rank and slot: the unit message being sent */
  MPI_Request *sreq;  /* its send */
  char *rbuf;         /* a result message */
  size_t ulen, rlen;
  int busy_local;
  double t0;
  int lost;           /* units given up on */
  unsigned long seq;  /* this job's number */
  double t_stop;      /* when the stop was sent (0: not stopped from outside) */
  int failed;         /* an MPI error other than a lost rank */
  gfd_err ferr;
} queue;

static void queue_progress(queue *q) {
  tty_progress(q->job, q->ndone, q->t0);
  if (!q->ctl || !q->ctl->progress) return;
  char what[96];
  snprintf(what, sizeof what, "%s: %zu/%zu units on %d ranks", q->job->what ? q->job->what : "work", q->ndone,
           q->job->n, g_size);
  q->ctl->progress(q->ctl->progress_ud, what, (double)q->ndone, (double)q->job->n);
}

static int nheld(const queue *q, int w) {
  int k = 0;
  for (int a = 0; a < AHEAD; a++) k += q->held[w][a] >= 0;
  return k;
}
/* Unit i of rank w came back: its slot is free, its send complete. */
static void unhold(queue *q, int w, long i) {
  for (int a = 0; a < AHEAD; a++)
    if (q->held[w][a] == i) {
      MPI_Wait(&q->sreq[(size_t)w * AHEAD + (size_t)a], MPI_STATUS_IGNORE);
      q->held[w][a] = -1;
    }
}

/* A worker holds a second unit only while every rank can still get one:
 * with few units left they go to whoever is free (rank 0 included). */
static int may_hold_more(const queue *q, int w) {
  return nheld(q, w) == 0 || q->job->n - q->next >= (size_t)g_size;
}

/* Hand the next unit to rank w (the queue goes on in index order).  The
 * send does not wait: a large message completes only once the worker
 * takes it, after the unit it is computing, and rank 0 must compute and
 * serve meanwhile.  Each of a worker's slots has its own buffer, reused once
 * the unit's result has come back (the send is then complete). */
static void give(queue *q, int w) {
  gfd_job *job = q->job;
  if (q->stopped || q->next >= job->n || q->dead[w]) return;
  int a = 0;
  while (a < AHEAD && q->held[w][a] >= 0) a++;
  if (a == AHEAD) return;
  char **buf = &q->sbuf[(size_t)w * AHEAD + (size_t)a];
  if (!*buf && !(*buf = calloc(1, q->ulen))) { /* zeroed: a skipped member sends only its header */
    q->stopped = 1;
    return;
  }
  size_t i = q->next++;
  memcpy(*buf, &i, sizeof i);
  if (job->in_len && job->input(job->ud, i, *buf + sizeof i)) {
    q->stopped = 1;
    job->rc[i] = GFD_ENOMEM;
    return;
  }
  q->held[w][a] = (long)i;
  if (MPI_Isend(*buf, (int)q->ulen, MPI_BYTE, w, TAG_UNIT, MPI_COMM_WORLD, &q->sreq[(size_t)w * AHEAD + (size_t)a]) !=
      MPI_SUCCESS)
    q->dead[w] = 1; /* its unit is given up on at the end */
}

static void record(queue *q, int w, const result_hdr *r, const char *out) {
  gfd_job *job = q->job;
  size_t i = r->index;
  if (i >= job->n || job->state[i] == GFD_UNIT_DONE) return;
  job->state[i] = GFD_UNIT_DONE;
  job->rc[i] = r->rc;
  job->rank[i] = w;
  if (g_units) g_units[w]++;
  if (!job->stream) memcpy(job->out + i * job->out_len, out, job->out_len);
  if (r->rc != GFD_OK) {
    q->stopped = 1;
    if (i < job->err_unit) job->err_unit = i, job->err = r->err;
  }
  q->ndone++;
  if (job->done) job->done(job->ud, i, out);
}

/* Receive one message of `len` bytes from w into buf (or, when it does not
 * fit, into scratch that is dropped: a late result of an older job). */
static int take(queue *q, int w, int len, char **buf) {
  char *tmp = NULL;
  *buf = q->rbuf;
  if ((size_t)len != q->rlen && !(*buf = tmp = malloc(len ? (size_t)len : 1))) return -1;
  int ok = MPI_Recv(*buf, len, MPI_BYTE, w, TAG_RESULT, MPI_COMM_WORLD, MPI_STATUS_IGNORE) == MPI_SUCCESS;
  if (tmp) { /* not this job's size: not this job's result */
    free(tmp);
    *buf = NULL;
  }
  return ok ? 0 : -1;
}

/* Take every result that has arrived; give the senders their next unit. */
static void serve(queue *q) {
  for (;;) {
    int flag = 0, len = 0;
    MPI_Status st;
    if (MPI_Iprobe(MPI_ANY_SOURCE, TAG_RESULT, MPI_COMM_WORLD, &flag, &st) != MPI_SUCCESS || !flag) break;
    int w = st.MPI_SOURCE;
    MPI_Get_count(&st, MPI_BYTE, &len);
    char *buf;
    if (take(q, w, len, &buf) < 0) {
      q->failed = 1;
      gfd_err_set(&q->ferr, GFD_EIO, "receiving a result from rank %d failed", w);
      break;
    }
    result_hdr r;
    if (!buf) continue;
    memcpy(&r, buf, sizeof r);
    if (r.seq != q->seq) continue; /* a unit of an older job, given up on */
    unhold(q, w, (long)r.index);
    if (!r.skipped) record(q, w, &r, buf + sizeof r);
    while (nheld(q, w) < AHEAD && may_hold_more(q, w) && !q->stopped && q->next < q->job->n && !q->dead[w])
      give(q, w);
    queue_progress(q);
  }
  if (!q->stopped && gfd_ctl_poll(q->ctl, NULL) != GFD_OK) {
    /* Ctrl-C or the time limit: every busy rank stops its unit */
    q->stopped = 1;
    q->t_stop = gfd_now();
    for (int w = 1; w < g_size; w++)
      if (nheld(q, w) && !q->dead[w]) MPI_Send(NULL, 0, MPI_BYTE, w, TAG_STOP, MPI_COMM_WORLD);
  }
}

/* After a stop, the units of ranks that do not answer within STOP_GRACE
 * seconds (a rank that died: mpirun then ends the job with SIGTERM and
 * SIGKILL a second later) are marked lost and named, never counted. */
static void give_up(queue *q) {
  size_t len = strlen(q->ferr.msg);
  for (int w = 1; w < g_size; w++)
    for (int a = 0; a < AHEAD; a++) {
      if (q->held[w][a] < 0) continue;
      size_t i = (size_t)q->held[w][a];
      q->job->state[i] = GFD_UNIT_LOST;
      q->job->rank[i] = w;
      if (len < sizeof q->ferr.msg)
        len += (size_t)snprintf(q->ferr.msg + len, sizeof q->ferr.msg - len,
                                "%srank %d did not answer the stop: its unit %zu is lost", len ? "; " : "", w, i);
      q->held[w][a] = -1;
      q->lost++;
      g_late = 1;
      /* its send may never complete: the request and its buffer are left */
      MPI_Request_free(&q->sreq[(size_t)w * AHEAD + (size_t)a]);
      q->sbuf[(size_t)w * AHEAD + (size_t)a] = NULL;
    }
  if (q->lost) fprintf(stderr, "gfd: mpi: %s (not counted in the results)\n", q->ferr.msg);
}

/* rank 0's own unit calls this: serve the queue, then the session's
 * progress (a live view redraws there) with the units done */
static void local_progress(void *ud, const char *what, double done, double total) {
  (void)what, (void)done, (void)total;
  queue *q = ud;
  serve(q);
  queue_progress(q);
}

static int any_held(const queue *q) {
  for (int w = 1; w < g_size; w++)
    if (nheld(q, w)) return 1;
  return 0;
}

static int mpi_run(void *impl, gfd_job *job, const gfd_ctl *ctl, gfd_err *e) {
  (void)impl;
  if (job->n == 0) return GFD_OK;
  queue q;
  memset(&q, 0, sizeof q);
  q.job = job, q.ctl = ctl, q.t0 = gfd_now(), q.seq = ++g_seq;
  q.ulen = sizeof(size_t) + job->in_len;
  q.rlen = sizeof(result_hdr) + job->out_len;
  q.held = malloc((size_t)g_size * sizeof *q.held);
  q.dead = calloc((size_t)g_size, 1);
  q.sbuf = calloc((size_t)g_size * AHEAD, sizeof *q.sbuf);
  q.sreq = calloc((size_t)g_size * AHEAD, sizeof *q.sreq);
  q.rbuf = malloc(q.rlen);
  job_hdr h;
  memset(&h, 0, sizeof h);
  snprintf(h.kind, sizeof h.kind, "%s", job->kind->name);
  h.seq = q.seq, h.desc_len = job->desc_len, h.n = job->n, h.in_len = job->in_len, h.out_len = job->out_len;
  char *jmsg = malloc(sizeof h + job->desc_len);
  void *ctx = job->ctx;
  int rc = GFD_OK;
  if (!q.held || !q.dead || !q.sbuf || !q.sreq || !q.rbuf || !jmsg) {
    rc = gfd_err_set(e, GFD_ENOMEM, "out of memory for the work queue");
    goto out;
  }
  if (!ctx && (rc = job->kind->open(job->desc, job->desc_len, &ctx, ctl, e))) goto out;
  memcpy(jmsg, &h, sizeof h);
  memcpy(jmsg + sizeof h, job->desc, job->desc_len);
  for (int w = 0; w < g_size; w++)
    for (int a = 0; a < AHEAD; a++) q.held[w][a] = -1;
  for (int w = 1; w < g_size; w++) MPI_Send(jmsg, (int)(sizeof h + job->desc_len), MPI_BYTE, w, TAG_JOB, MPI_COMM_WORLD);
  for (int a = 0; a < AHEAD; a++) /* one unit to each worker, then a second one each */
    for (int w = 1; w < g_size; w++)
      if (may_hold_more(&q, w)) give(&q, w);
  gfd_ctl local = {0};
  if (ctl) local = *ctl;
  local.progress = local_progress;
  local.progress_ud = &q;
  char *in = job->in_len ? malloc(job->in_len) : NULL;
  while (!q.failed) {
    serve(&q);
    if (!q.stopped && q.next < job->n) { /* rank 0 takes a unit itself */
      size_t i = q.next++;
      if (in && job->input(job->ud, i, in)) {
        q.stopped = 1; /* wait for the units out there, then stop */
        continue;
      }
      int urc = gfd_job_unit_local(job, ctx, i, in, &local, 0);
      if (g_units) g_units[0]++;
      g_my_units++;
      q.ndone++;
      if (job->done) job->done(job->ud, i, job->out + (job->stream ? 0 : i * job->out_len));
      if (urc != GFD_OK) q.stopped = 1;
      queue_progress(&q);
      continue;
    }
    if (!any_held(&q)) break;
    if (q.t_stop > 0 && gfd_now() - q.t_stop > STOP_GRACE) {
      give_up(&q);
      break;
    }
    struct timespec ts = {0, 200000}; /* 0.2 ms between looks */
    double tw = gfd_now();
    nanosleep(&ts, NULL);
    g_wait += gfd_now() - tw;
  }
  free(in);
  if (q.stopped || q.failed || job->parts <= 1 || job->part + job->chunk >= job->parts) tty_progress_end();
  for (int w = 1; w < g_size; w++)
    if (!q.dead[w]) MPI_Send(NULL, 0, MPI_BYTE, w, TAG_END, MPI_COMM_WORLD);
  if (!job->ctx) job->kind->close(ctx);
  if (q.failed) rc = gfd_err_set(e, GFD_EIO, "%s", q.ferr.msg);
  else if (gfd_ctl_poll(ctl, e) != GFD_OK && q.ndone < job->n) {
    rc = e ? e->code : GFD_EINTR;
    if (q.lost && e) { /* the stop message, then the lost units by name */
      size_t l = strlen(e->msg);
      snprintf(e->msg + l, sizeof e->msg - l, " (%s)", q.ferr.msg);
    }
  }
out:
  free(jmsg);
  free(q.held);
  free(q.dead);
  for (size_t k = 0; q.sbuf && k < (size_t)g_size * AHEAD; k++) free(q.sbuf[k]);
  free(q.sbuf);
  free(q.sreq);
  free(q.rbuf);
  return rc;
}

static const gfd_runner mpi_runner = {mpi_run, NULL};

const gfd_runner *so_runner(void) { return g_active && g_size > 1 ? &mpi_runner : NULL; }
