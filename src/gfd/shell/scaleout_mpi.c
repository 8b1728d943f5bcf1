/* scaleout_mpi.c - scaleout.h over MPI: joining the job, the terminal,
 * the worker ranks; rank 0's queue is in scaleout_queue.c.
 *
 * Rank 0 runs the session and hands
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
 *   BEAT   (every BEAT_PERIOD s in a job) <- worker's heartbeat thread
 * A rank that dies (no heartbeat for so_mpi.timeout seconds) is reported
 * with the units it held, which are rerun on the other ranks when the job
 * goes on (mpirun --enable-recovery) and named as lost when it cannot
 * (Ctrl-C, or Open MPI ending the job): see scaleout_queue.c.  The job is
 * never silently short. */
#include <config.h>
#include <fcntl.h>
#include <mpi.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include "scaleout_mpi.h"

void openblas_set_num_threads(int n);

so_mpi_state so_mpi;
static void stats(void);
static char *g_hosts; /* ranks * HOST_LEN, on rank 0 */
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
void so_tty_progress_end(void) {
  if (g_prog_shown && g_tty >= 0 && write(g_tty, "\r\033[K", 4) < 0) g_tty = -1;
  g_prog_shown = 0;
}
void so_tty_progress(const gfd_job *job, size_t done, double t0) {
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
    so_tty_progress_end();
    return;
  }
  if (el < 0.5 || now - g_prog_last < 0.2) return;
  g_prog_last = now;
  char line[160], left[48] = "";
  if (frac > 0 && frac < 1) snprintf(left, sizeof left, ", ~%.0fs left", el * (1 - frac) / frac);
  int len = snprintf(line, sizeof line, "\r%s %3.0f%%: %zu/%zu units on %d ranks, %.0fs elapsed%s  (Ctrl-C stops)\033[K",
                     what, 100 * frac, done, n, so_mpi.size, el, left);
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
  so_mpi.teardown = 1;
  so_journal_write(); /* at once: mpirun kills every rank a second later */
  kill(getpid(), SIGINT); /* the session's Ctrl-C handler takes it from here */
}

/* ---- the worker's heartbeat (scaleout_mpi.h: BEAT_PERIOD) */
static atomic_int w_in_job, w_beat_quit;
static pthread_t w_beat;
static int w_beat_on;
static void *beat_main(void *arg) {
  (void)arg;
  struct timespec ts = {0, (long)(BEAT_PERIOD * 1e9)};
  while (!atomic_load(&w_beat_quit)) {
    nanosleep(&ts, NULL);
    if (atomic_load(&w_in_job)) MPI_Send(NULL, 0, MPI_BYTE, 0, TAG_BEAT, MPI_COMM_WORLD);
  }
  return NULL;
}
static void beat_start(void) {
  sigset_t all, old;
  sigfillset(&all); /* signals stay with the main thread */
  pthread_sigmask(SIG_BLOCK, &all, &old);
  w_beat_on = pthread_create(&w_beat, NULL, beat_main, NULL) == 0;
  pthread_sigmask(SIG_SETMASK, &old, NULL);
}
static void beat_stop(void) {
  if (!w_beat_on) return;
  atomic_store(&w_beat_quit, 1);
  pthread_join(w_beat, NULL);
  w_beat_on = 0;
}

/* ---- rank 0's heartbeat (only under --enable-recovery: without it the
 * job ends with rank 0).  Workers that hear nothing from rank 0 for
 * so_mpi.timeout seconds leave, rather than wait for ever in a job that
 * mpirun keeps alive.  A worker whose previous beat is still not taken after
 * the timeout (it died) is not sent more: a send to it could block. */
static atomic_int r_beat_quit;
static pthread_t r_beat;
static int r_beat_on;
static void *lead_beat_main(void *arg) {
  (void)arg;
  struct timespec ts = {0, (long)(BEAT_PERIOD * 1e9)};
  int n = so_mpi.size;
  MPI_Request *req = calloc((size_t)n, sizeof *req);
  double *since = calloc((size_t)n, sizeof *since);
  char *off = calloc((size_t)n, 1);
  if (!req || !since || !off) goto out;
  for (int w = 0; w < n; w++) req[w] = MPI_REQUEST_NULL;
  while (!atomic_load(&r_beat_quit)) {
    nanosleep(&ts, NULL);
    double now = gfd_now();
    for (int w = 1; w < n; w++) {
      if (off[w]) continue;
      int done = 1;
      if (req[w] != MPI_REQUEST_NULL) MPI_Test(&req[w], &done, MPI_STATUS_IGNORE);
      if (!done) {
        if (now - since[w] > so_mpi.timeout) MPI_Request_free(&req[w]), off[w] = 1;
        continue;
      }
      if (MPI_Isend(NULL, 0, MPI_BYTE, w, TAG_BEAT, MPI_COMM_WORLD, &req[w]) == MPI_SUCCESS) since[w] = now;
      else off[w] = 1;
    }
  }
  for (int w = 1; w < n; w++) /* taken by now, or never: left to MPI */
    if (req[w] != MPI_REQUEST_NULL) MPI_Request_free(&req[w]);
out:
  free(req), free(since), free(off);
  return NULL;
}
static void lead_beat_stop(void) {
  if (!r_beat_on) return;
  atomic_store(&r_beat_quit, 1);
  pthread_join(r_beat, NULL);
  r_beat_on = 0;
}

/* A worker: rank 0's beats (under recovery), when last heard from it. */
static int w_watch_lead;
static double w_lead_heard;
static void lead_heard(void) { w_lead_heard = gfd_now(); }
static void lead_check(void) {
  if (!w_watch_lead) return;
  int flag = 1;
  while (flag) { /* drain the beats that came */
    MPI_Status st;
    flag = 0;
    if (MPI_Iprobe(0, TAG_BEAT, MPI_COMM_WORLD, &flag, &st) != MPI_SUCCESS) break;
    if (flag) MPI_Recv(NULL, 0, MPI_BYTE, 0, TAG_BEAT, MPI_COMM_WORLD, MPI_STATUS_IGNORE), lead_heard();
  }
  double silent = gfd_now() - w_lead_heard;
  if (silent > so_mpi.timeout) {
    fprintf(stderr, "gfd: mpi: rank %d: rank 0 gave no sign of life for %.0f s: it died, leaving\n", so_mpi.rank,
            silent);
    fflush(stderr);
    _exit(1); /* MPI cannot be left cleanly without rank 0 */
  }
}

static int recovery_enabled(void) {
  const char *v = getenv("OMPI_MCA_orte_enable_recovery");
  return v && (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes"));
}

int so_start(int *argc, char ***argv) {
  if (!launched_by_mpirun()) return 0; /* alone: a plain process, no MPI at all */
  int provided, recovery = recovery_enabled();
  /* With recovery, MPI_Finalize's closing fence waits for the dead rank too
   * and hung in 1 run of 6 (Open MPI 4.1.4); gfd has taken every message by
   * then, so the fence is skipped. */
  if (recovery) setenv("OMPI_MCA_async_mpi_finalize", "1", 0);
  if (MPI_Init_thread(argc, argv, MPI_THREAD_MULTIPLE, &provided) != MPI_SUCCESS) return 0;
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_rank(MPI_COMM_WORLD, &so_mpi.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &so_mpi.size);
  so_mpi.active = 1;
  if (!getenv("OPENBLAS_NUM_THREADS")) openblas_set_num_threads(1); /* one BLAS thread per rank */
  char host[HOST_LEN] = "";
  int hl = 0;
  char name[MPI_MAX_PROCESSOR_NAME];
  if (MPI_Get_processor_name(name, &hl) == MPI_SUCCESS) snprintf(host, sizeof host, "%.*s", HOST_LEN - 1, name);
  if (so_mpi.rank == 0) {
    g_hosts = calloc((size_t)so_mpi.size, HOST_LEN);
    so_mpi.units = calloc((size_t)so_mpi.size, sizeof *so_mpi.units);
    int ll = 0;
    MPI_Get_library_version(g_lib, &ll);
    char *nl = strchr(g_lib, '\n');
    if (nl) *nl = '\0';
    nl = strchr(g_lib, ',');
    if (nl) *nl = '\0';
  }
  MPI_Gather(host, HOST_LEN, MPI_CHAR, g_hosts, HOST_LEN, MPI_CHAR, 0, MPI_COMM_WORLD);
  int beat = provided >= MPI_THREAD_MULTIPLE;
  if (so_mpi.rank == 0) {
    size_t n = (size_t)so_mpi.size;
    so_mpi.beats = calloc(n, sizeof *so_mpi.beats);
    so_mpi.heard = calloc(n, sizeof *so_mpi.heard);
    so_mpi.dead = calloc(n, 1);
    so_mpi.told = calloc(n, 1);
    so_mpi.recovery = recovery;
  } else if (beat)
    beat_start();
  {
    const char *t = getenv("GFD_MPI_TIMEOUT");
    so_mpi.timeout = t && atof(t) > 0 ? atof(t) : DEAD_AFTER;
  }
  if (recovery && beat && so_mpi.size > 1) { /* every rank got the same thread level: no need to ask */
    if (so_mpi.rank == 0) {
      sigset_t all, old;
      sigfillset(&all);
      pthread_sigmask(SIG_BLOCK, &all, &old);
      r_beat_on = pthread_create(&r_beat, NULL, lead_beat_main, NULL) == 0;
      pthread_sigmask(SIG_SETMASK, &old, NULL);
    } else {
      w_watch_lead = 1;
      lead_heard();
    }
  }
  MPI_Gather(&beat, 1, MPI_INT, so_mpi.beats, 1, MPI_INT, 0, MPI_COMM_WORLD);
  if (so_mpi.rank == 0) {
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
  return so_mpi.rank;
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
  if (!so_mpi.active || so_mpi.rank != 0) return;
  so_mpi.active = 0;
  give_terminal_back();
  stats();
  if (so_mpi.late) drain_late_results();
  for (int w = 1; w < so_mpi.size; w++) /* a dead rank is never sent anything: the send could wait forever */
    if (!so_mpi.dead || !so_mpi.dead[w]) so_send_brief(w, TAG_QUIT);
  lead_beat_stop();
  MPI_Finalize();
}

int so_send_brief(int w, int tag) {
  MPI_Request r;
  if (MPI_Isend(NULL, 0, MPI_BYTE, w, tag, MPI_COMM_WORLD, &r) != MPI_SUCCESS) return -1;
  double t0 = gfd_now();
  for (;;) {
    int done = 0;
    if (MPI_Test(&r, &done, MPI_STATUS_IGNORE) != MPI_SUCCESS) return -1;
    if (done) return 0;
    if (gfd_now() - t0 > 1.0) {
      MPI_Request_free(&r);
      return -1;
    }
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
  }
}

void so_get_info(so_info *out) {
  out->built = 1;
  out->ranks = so_mpi.active ? so_mpi.size : 1;
  out->library = g_lib;
  out->recovery = so_mpi.recovery;
  out->dead = 0;
  for (int r = 1; so_mpi.dead && r < so_mpi.size; r++) out->dead += so_mpi.dead[r] != 0;
  out->rerun = so_mpi.rerun;
}

const char *so_rank_host(int r) {
  if (!so_mpi.active) return r == 0 ? "localhost" : "";
  return g_hosts && r >= 0 && r < so_mpi.size ? g_hosts + (size_t)r * HOST_LEN : "";
}

size_t so_rank_units(int r) { return so_mpi.units && r >= 0 && r < so_mpi.size ? so_mpi.units[r] : 0; }

/* GFD_MPI_STATS set: each rank says at the end what it did, to tell a
 * rank short of CPU (a shared or bound core) from one short of work. */
static void stats(void) {
  if (!getenv("GFD_MPI_STATS")) return;
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  fprintf(stderr, "gfd: mpi: rank %d: %zu units, %.2f s CPU, %.2f s waiting\n", so_mpi.rank, so_mpi.my_units,
          (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec, so_mpi.wait);
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
  lead_check();
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
    if (flag) { so_mpi.wait += gfd_now() - t0; break; }
    lead_check();
    struct timespec ts = {0, nap};
    nanosleep(&ts, NULL);
    if (nap < 2000000) nap *= 2;
  }
  MPI_Get_count(&st, MPI_BYTE, len);
  *tag = st.MPI_TAG;
  char *buf = malloc(*len ? (size_t)*len : 1);
  if (!buf) return NULL;
  MPI_Recv(buf, *len, MPI_BYTE, 0, *tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  if (w_watch_lead) lead_heard(); /* any message from rank 0 says it lives */
  return buf;
}

/* A result to rank 0.  Under recovery a blocking send to a rank 0 that
 * died would wait for ever (a large message needs the receiver): wait
 * while checking that rank 0 lives. */
static void send_result(const char *out, int len) {
  if (!w_watch_lead) {
    MPI_Send(out, len, MPI_BYTE, 0, TAG_RESULT, MPI_COMM_WORLD);
    return;
  }
  MPI_Request r;
  if (MPI_Isend(out, len, MPI_BYTE, 0, TAG_RESULT, MPI_COMM_WORLD, &r) != MPI_SUCCESS) return;
  long nap = 20000;
  for (;;) {
    int done = 0;
    if (MPI_Test(&r, &done, MPI_STATUS_IGNORE) != MPI_SUCCESS || done) return;
    lead_check();
    struct timespec ts = {0, nap};
    nanosleep(&ts, NULL);
    if (nap < 2000000) nap *= 2;
  }
}

/* Serve one job's units until END. */
static int worker_job(const char *msg, int len) {
  job_hdr h;
  if ((size_t)len < sizeof h) return -1;
  memcpy(&h, msg, sizeof h);
  h.kind[KIND_NAME - 1] = '\0';
  atomic_store(&w_in_job, 1); /* heartbeats until END or QUIT (opening may take long too) */
  const gfd_job_kind *kind = gfd_job_kind_find(h.kind);
  gfd_err oe;
  gfd_err_clear(&oe);
  void *ctx = NULL;
  int orc = !kind ? gfd_err_set(&oe, GFD_EINVAL, "rank %d does not know work units of kind '%s'", so_mpi.rank, h.kind)
                  : kind->open(msg + sizeof h, h.desc_len, &ctx, NULL, &oe);
  size_t olen = sizeof(result_hdr) + h.out_len;
  char *out = malloc(olen);
  if (!out) {
    atomic_store(&w_in_job, 0);
    return -1;
  }
  gfd_ctl ctl;
  memset(&ctl, 0, sizeof ctl);
  ctl.interrupt = &w_stop;
  ctl.progress = worker_progress;
  int stopped = 0;
  for (;;) {
    int tag, ulen;
    char *u = recv_any(&tag, &ulen);
    if (!u) {
      atomic_store(&w_in_job, 0);
      free(out);
      return -1;
    }
    if (tag == TAG_END || tag == TAG_QUIT) {
      atomic_store(&w_in_job, 0);
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
      so_mpi.my_units++;
    }
    free(u);
    memcpy(out, &r, sizeof r);
    send_result(out, (int)olen);
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
  beat_stop();
  stats();
  MPI_Finalize();
  return rc;
}
