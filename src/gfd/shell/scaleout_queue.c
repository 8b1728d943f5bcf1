/* scaleout_queue.c - rank 0's side of the MPI runner (scaleout_mpi.c has
 * the protocol): a dynamic queue that hands units to the ranks as they
 * become free, computes units itself between serving them, gathers the
 * outputs and stops every rank on Ctrl-C.  A rank that falls silent (no
 * heartbeat for so_mpi.timeout seconds: it died, and mpirun was started with
 * --enable-recovery, else Open MPI ends the job) is taken as dead, named
 * with the units it held, and those are rerun on the ranks left (rank 0
 * included), so the results stay those of one process. */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "scaleout_mpi.h"


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
  size_t *redo, nredo; /* units of dead ranks, to be computed again */
  MPI_Request *jreq;  /* per rank: the send of the job's description */
  int deaths;         /* ranks that died during this job */
} queue;

/* Buffers of sends that may never complete (to a rank that died or did not
 * answer): MPI may still read them, so they are kept, and kept reachable. */
static void **g_kept;
static size_t g_nkept, g_capkept;
static void keep(void *p) {
  if (!p) return;
  if (g_nkept == g_capkept) {
    size_t cap = g_capkept ? 2 * g_capkept : 16;
    void **k = realloc(g_kept, cap * sizeof *k);
    if (!k) return; /* then it is only unreachable, never freed early */
    g_kept = k, g_capkept = cap;
  }
  g_kept[g_nkept++] = p;
}

static void queue_progress(queue *q) {
  so_tty_progress(q->job, q->ndone, q->t0);
  if (!q->ctl || !q->ctl->progress) return;
  char what[96];
  snprintf(what, sizeof what, "%s: %zu/%zu units on %d ranks", q->job->what ? q->job->what : "work", q->ndone,
           q->job->n, so_mpi.size);
  q->ctl->progress(q->ctl->progress_ud, what, (double)q->ndone, (double)q->job->n);
}

/* The journal: the workers' units in flight, as the line rank 0 writes
 * when mpirun says it ends the job (so_journal_write, from the signal
 * handler: a rank died and the job goes down within a second, too soon for
 * anything but a write).  Two buffers: the handler reads the finished one. */
static char g_journal[2][600];
static size_t g_jlen[2];
static volatile sig_atomic_t g_jcur = -1;

void so_journal_write(void) {
  int c = g_jcur;
  if (c >= 0 && write(STDERR_FILENO, g_journal[c], g_jlen[c]) < 0) g_jcur = -1;
}

static void journal(const queue *q) {
  int b = g_jcur == 0 ? 1 : 0;
  char *j = g_journal[b];
  size_t cap = sizeof g_journal[b], len = 0;
  int any = 0;
  len += (size_t)snprintf(j, cap, "gfd: mpi: Open MPI is ending the job (a rank died; mpirun --enable-recovery would "
                                  "go on and rerun them): units of %s lost with their ranks, never counted:",
                          q->job->what ? q->job->what : "work");
  for (int w = 1; w < so_mpi.size && len < cap; w++)
    for (int a = 0; a < AHEAD && len < cap; a++)
      if (q->held[w][a] >= 0) {
        len += (size_t)snprintf(j + len, cap - len, " %ld (rank %d)", q->held[w][a], w);
        any = 1;
      }
  if (len > cap - 2) len = cap - 2;
  j[len++] = '\n';
  g_jlen[b] = len;
  g_jcur = any ? b : -1;
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
  journal(q);
}

/* A worker holds a second unit only while every rank can still get one:
 * with few units left they go to whoever is free (rank 0 included). */
static int may_hold_more(const queue *q, int w) {
  return nheld(q, w) == 0 || q->job->n - q->next + q->nredo >= (size_t)so_mpi.size;
}

/* The next unit to compute: a dead rank's unit first (lowest index), then
 * the queue in index order.  None after a stop from outside; after a failed
 * unit, only the units before it (the serial loop's prefix). */
static int next_unit(queue *q, size_t *i) {
  if (q->t_stop > 0) return 0;
  while (q->nredo) {
    size_t m = 0;
    for (size_t k = 1; k < q->nredo; k++)
      if (q->redo[k] < q->redo[m]) m = k;
    size_t u = q->redo[m];
    q->redo[m] = q->redo[--q->nredo];
    if (q->job->state[u] != GFD_UNIT_DONE && u < q->job->err_unit) {
      *i = u;
      return 1;
    }
  }
  if (q->stopped || q->next >= q->job->n) return 0;
  *i = q->next++;
  return 1;
}

/* Hand the next unit to rank w (the queue goes on in index order).  The
 * send does not wait: a large message completes only once the worker
 * takes it, after the unit it is computing, and rank 0 must compute and
 * serve meanwhile.  Each of a worker's slots has its own buffer, reused once
 * the unit's result has come back (the send is then complete). */
static int give(queue *q, int w) {
  gfd_job *job = q->job;
  if (q->dead[w]) return 0;
  int a = 0;
  while (a < AHEAD && q->held[w][a] >= 0) a++;
  if (a == AHEAD) return 0;
  char **buf = &q->sbuf[(size_t)w * AHEAD + (size_t)a];
  if (!*buf && !(*buf = calloc(1, q->ulen))) { /* zeroed: a skipped member sends only its header */
    q->stopped = 1;
    return 0;
  }
  size_t i;
  if (!next_unit(q, &i)) return 0;
  memcpy(*buf, &i, sizeof i);
  if (job->in_len && job->input(job->ud, i, *buf + sizeof i)) {
    q->stopped = 1;
    job->rc[i] = GFD_ENOMEM;
    return 0;
  }
  q->held[w][a] = (long)i;
  journal(q);
  if (MPI_Isend(*buf, (int)q->ulen, MPI_BYTE, w, TAG_UNIT, MPI_COMM_WORLD, &q->sreq[(size_t)w * AHEAD + (size_t)a]) !=
      MPI_SUCCESS)
    q->dead[w] = 1; /* its unit is given up on at the end */
  return 1;
}

/* Rank w holds as many units as it may. */
static void feed(queue *q, int w) {
  while (nheld(q, w) < AHEAD && may_hold_more(q, w) && !q->dead[w] && give(q, w)) {
  }
}

/* A sign of life from w (a heartbeat or a result).  A rank taken as dead
 * that speaks again was only silent: it is told to quit, since its place
 * in the job is gone. */
static void alive(int w) {
  if (!so_mpi.heard) return;
  so_mpi.heard[w] = gfd_now();
  if (so_mpi.dead[w] && !so_mpi.told[w]) {
    so_mpi.told[w] = 1;
    so_send_brief(w, TAG_QUIT);
    fprintf(stderr, "gfd: mpi: rank %d spoke again after it was taken as dead: told to quit\n", w);
  }
}

/* Take the heartbeats that have arrived. */
static void hear(void) {
  for (;;) {
    int flag = 0;
    MPI_Status st;
    if (MPI_Iprobe(MPI_ANY_SOURCE, TAG_BEAT, MPI_COMM_WORLD, &flag, &st) != MPI_SUCCESS || !flag) return;
    MPI_Recv(NULL, 0, MPI_BYTE, st.MPI_SOURCE, TAG_BEAT, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    alive(st.MPI_SOURCE);
  }
}

/* Rank w is dead: its units go back to the queue (or, after a stop from
 * outside, are lost and named), and it is never sent anything again (a
 * send to it could wait forever). */
static void bury(queue *q, int w, double silent) {
  gfd_job *job = q->job;
  so_mpi.dead[w] = 1, q->dead[w] = 1;
  q->deaths++;
  char list[160] = "";
  size_t len = 0, nre = 0, nlost = 0;
  for (int a = 0; a < AHEAD; a++) {
    long h = q->held[w][a];
    if (h < 0) continue;
    size_t i = (size_t)h;
    q->held[w][a] = -1;
    MPI_Request_free(&q->sreq[(size_t)w * AHEAD + (size_t)a]); /* never completes: request and buffer left */
    keep(q->sbuf[(size_t)w * AHEAD + (size_t)a]);
    q->sbuf[(size_t)w * AHEAD + (size_t)a] = NULL;
    if (job->state[i] == GFD_UNIT_DONE) continue;
    if (q->t_stop == 0 && i < job->err_unit) {
      q->redo[q->nredo++] = i;
      nre++;
      so_mpi.rerun++;
    } else {
      job->state[i] = GFD_UNIT_LOST;
      job->rank[i] = w;
      q->lost++;
      nlost++;
      size_t fl = strlen(q->ferr.msg);
      snprintf(q->ferr.msg + fl, sizeof q->ferr.msg - fl, "%srank %d died: its unit %zu is lost", fl ? "; " : "", w, i);
    }
    if (len < sizeof list) len += (size_t)snprintf(list + len, sizeof list - len, "%s%zu", len ? ", " : "", i);
  }
  int jdone = 1;
  if (q->jreq[w] != MPI_REQUEST_NULL && MPI_Test(&q->jreq[w], &jdone, MPI_STATUS_IGNORE) == MPI_SUCCESS && !jdone)
    MPI_Request_free(&q->jreq[w]); /* its buffer is then never freed */
  if (!jdone) q->jreq[w] = MPI_REQUEST_NULL;
  fprintf(stderr, "gfd: mpi: rank %d (%s) gave no sign of life for %.0f s: taken as dead; ", w, so_rank_host(w),
          silent);
  if (nre + nlost == 0) fprintf(stderr, "it held no units of %s\n", job->what ? job->what : "this job");
  else
    fprintf(stderr, "its unit%s %s (of %zu, %s) %s %s\n", nre + nlost > 1 ? "s" : "", list, job->n,
            job->what ? job->what : "work", nre + nlost > 1 ? "are" : "is",
            nlost ? "lost (not counted in the results)" : "rerun on the other ranks");
  journal(q);
  for (int v = 1; v < so_mpi.size; v++) feed(q, v);
}

/* Ranks of the job silent for longer than the timeout are dead. */
static void check_dead(queue *q) {
  if (!so_mpi.heard) return;
  double now = gfd_now();
  for (int w = 1; w < so_mpi.size; w++)
    if (!so_mpi.dead[w] && so_mpi.beats[w] && now - so_mpi.heard[w] > so_mpi.timeout) bury(q, w, now - so_mpi.heard[w]);
}

static void record(queue *q, int w, const result_hdr *r, const char *out) {
  gfd_job *job = q->job;
  size_t i = r->index;
  if (i >= job->n || job->state[i] == GFD_UNIT_DONE) return;
  job->state[i] = GFD_UNIT_DONE;
  job->rc[i] = r->rc;
  job->rank[i] = w;
  if (so_mpi.units) so_mpi.units[w]++;
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
  hear();
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
    alive(w);
    if (!buf) continue;
    memcpy(&r, buf, sizeof r);
    if (r.seq != q->seq) continue; /* a unit of an older job, given up on */
    unhold(q, w, (long)r.index);
    if (!r.skipped) record(q, w, &r, buf + sizeof r);
    feed(q, w);
    queue_progress(q);
  }
  hear(); /* again: the results above may have taken a while (done() callbacks) */
  check_dead(q);
  if (!q->stopped && gfd_ctl_poll(q->ctl, NULL) != GFD_OK) {
    /* Ctrl-C or the time limit: every busy rank stops its unit */
    q->stopped = 1;
    q->t_stop = gfd_now();
    for (int w = 1; w < so_mpi.size; w++)
      if (nheld(q, w) && !q->dead[w]) so_send_brief(w, TAG_STOP);
  }
}

/* After a stop, the units of ranks that do not answer within STOP_GRACE
 * seconds (a rank that died: mpirun then ends the job with SIGTERM and
 * SIGKILL a second later) are marked lost and named, never counted. */
static void give_up(queue *q) {
  size_t len = strlen(q->ferr.msg);
  for (int w = 1; w < so_mpi.size; w++)
    for (int a = 0; a < AHEAD; a++) {
      if (q->held[w][a] < 0) continue;
      size_t i = (size_t)q->held[w][a];
      q->job->state[i] = GFD_UNIT_LOST;
      q->job->rank[i] = w;
      if (len < sizeof q->ferr.msg)
        len += (size_t)snprintf(q->ferr.msg + len, sizeof q->ferr.msg - len,
                                so_mpi.teardown ? "%srank %d did not answer: its unit %zu is lost"
                                                : "%srank %d did not answer the stop: its unit %zu is lost",
                                len ? "; " : "", w, i);
      q->held[w][a] = -1;
      q->lost++;
      so_mpi.late = 1;
      /* its send may never complete: the request and its buffer are left */
      MPI_Request_free(&q->sreq[(size_t)w * AHEAD + (size_t)a]);
      keep(q->sbuf[(size_t)w * AHEAD + (size_t)a]);
    q->sbuf[(size_t)w * AHEAD + (size_t)a] = NULL;
    }
  if (q->lost && so_mpi.teardown) /* mpirun warned that it ends the job: a rank died */
    fprintf(stderr, "gfd: mpi: a rank died and Open MPI is ending the job (mpirun --enable-recovery would keep it "
                    "going and rerun the units): %s (not counted in the results)\n", q->ferr.msg);
  else if (q->lost) fprintf(stderr, "gfd: mpi: %s (not counted in the results)\n", q->ferr.msg);
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
  for (int w = 1; w < so_mpi.size; w++)
    if (nheld(q, w)) return 1;
  return 0;
}

static int mpi_run(void *impl, gfd_job *job, const gfd_ctl *ctl, gfd_err *e) {
  (void)impl;
  if (job->n == 0) return GFD_OK;
  queue q;
  memset(&q, 0, sizeof q);
  q.job = job, q.ctl = ctl, q.t0 = gfd_now(), q.seq = ++so_mpi.seq;
  q.ulen = sizeof(size_t) + job->in_len;
  q.rlen = sizeof(result_hdr) + job->out_len;
  q.held = malloc((size_t)so_mpi.size * sizeof *q.held);
  q.dead = calloc((size_t)so_mpi.size, 1);
  q.sbuf = calloc((size_t)so_mpi.size * AHEAD, sizeof *q.sbuf);
  q.sreq = calloc((size_t)so_mpi.size * AHEAD, sizeof *q.sreq);
  q.rbuf = malloc(q.rlen);
  q.redo = malloc(job->n * sizeof *q.redo);
  q.jreq = malloc((size_t)so_mpi.size * sizeof *q.jreq);
  job_hdr h;
  memset(&h, 0, sizeof h);
  snprintf(h.kind, sizeof h.kind, "%s", job->kind->name);
  h.seq = q.seq, h.desc_len = job->desc_len, h.n = job->n, h.in_len = job->in_len, h.out_len = job->out_len;
  char *jmsg = malloc(sizeof h + job->desc_len);
  void *ctx = job->ctx;
  int rc = GFD_OK;
  if (!q.held || !q.dead || !q.sbuf || !q.sreq || !q.rbuf || !q.redo || !q.jreq || !jmsg) {
    rc = gfd_err_set(e, GFD_ENOMEM, "out of memory for the work queue");
    goto out;
  }
  if (!ctx && (rc = job->kind->open(job->desc, job->desc_len, &ctx, ctl, e))) goto out;
  memcpy(jmsg, &h, sizeof h);
  memcpy(jmsg + sizeof h, job->desc, job->desc_len);
  for (int w = 0; w < so_mpi.size; w++)
    for (int a = 0; a < AHEAD; a++) q.held[w][a] = -1;
  /* the description to every live rank, without waiting: a rank that died
   * since the last job would never take it (it is found silent, see bury) */
  double t_job = gfd_now();
  for (int w = 0; w < so_mpi.size; w++) {
    q.jreq[w] = MPI_REQUEST_NULL;
    if (w == 0) continue;
    if (so_mpi.dead && so_mpi.dead[w]) {
      q.dead[w] = 1;
      continue;
    }
    if (so_mpi.heard) so_mpi.heard[w] = t_job;
    if (MPI_Isend(jmsg, (int)(sizeof h + job->desc_len), MPI_BYTE, w, TAG_JOB, MPI_COMM_WORLD, &q.jreq[w]) !=
        MPI_SUCCESS)
      q.dead[w] = 1;
  }
  for (int a = 0; a < AHEAD; a++) /* one unit to each worker, then a second one each */
    for (int w = 1; w < so_mpi.size; w++)
      if (may_hold_more(&q, w)) give(&q, w);
  gfd_ctl local = {0};
  if (ctl) local = *ctl;
  local.progress = local_progress;
  local.progress_ud = &q;
  char *in = job->in_len ? malloc(job->in_len) : NULL;
  while (!q.failed) {
    serve(&q);
    size_t i;
    if (next_unit(&q, &i)) { /* rank 0 takes a unit itself */
      if (in && job->input(job->ud, i, in)) {
        q.stopped = 1; /* wait for the units out there, then stop */
        continue;
      }
      int urc = gfd_job_unit_local(job, ctx, i, in, &local, 0);
      if (so_mpi.units) so_mpi.units[0]++;
      so_mpi.my_units++;
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
    so_mpi.wait += gfd_now() - tw;
  }
  free(in);
  g_jcur = -1; /* nothing in flight between jobs */
  if (q.stopped || q.failed || job->parts <= 1 || job->part + job->chunk >= job->parts) so_tty_progress_end();
  /* every live rank has the description (it may have held no unit): wait
   * for those sends, burying a rank that falls silent meanwhile */
  for (int pending = 1; pending && !q.failed;) {
    pending = 0;
    for (int w = 1; w < so_mpi.size; w++) {
      int fl = 1;
      if (q.jreq[w] != MPI_REQUEST_NULL && !q.dead[w]) MPI_Test(&q.jreq[w], &fl, MPI_STATUS_IGNORE);
      pending |= !fl;
    }
    if (pending) {
      hear();
      check_dead(&q);
      struct timespec ts = {0, 1000000};
      nanosleep(&ts, NULL);
    }
  }
  for (int w = 1; w < so_mpi.size; w++)
    if (!q.dead[w]) so_send_brief(w, TAG_END);
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
  if (!q.deaths) free(jmsg);
  else keep(jmsg); /* a dead rank's send of it may still refer to it */
  free(q.redo);
  free(q.jreq);
  free(q.held);
  free(q.dead);
  for (size_t k = 0; q.sbuf && k < (size_t)so_mpi.size * AHEAD; k++) free(q.sbuf[k]);
  free(q.sbuf);
  free(q.sreq);
  free(q.rbuf);
  return rc;
}

static const gfd_runner mpi_runner = {mpi_run, NULL};

const gfd_runner *so_runner(void) { return so_mpi.active && so_mpi.size > 1 ? &mpi_runner : NULL; }
