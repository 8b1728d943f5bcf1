/* diagram_parallel.c - work units of the diagram engine on several threads.
 *
 * The Wick sums of one order: the threads share the Wick memo
 * (diagram_memo.c) and take the term graphs one at a time in increasing
 * order; each fills the memo with the graphs its terms need.  The caller
 * then sums the terms alone, in the serial order, from the full memo: the
 * polynomial is the serial one byte for byte, whatever the threads did
 * first (diagram.c).
 *
 * A level of a class listing: the threads expand the states of the level
 * into the maps of the next one (diagram_classes.c). */
#include <config.h>
#include <string.h>
#include <time.h>
#include "diagram_internal.h"
#include "internal.h"

typedef struct par {
  dg_memo *memo;
  size_t n;
  dg_unit unit;
  dg_report report;
  void *ud;
  pthread_mutex_t lock; /* next, failed, err */
  size_t next;
  int failed;
  gfd_err err; /* the first failure */
} par;

typedef struct worker {
  par *P;
  int t;
  dg_ctx X;
  gfd_err e;
  double cpu; /* CPU seconds of this thread in the run */
} worker;

static double thread_cpu(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) return 0;
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int take(par *P, size_t *i) {
  pthread_mutex_lock(&P->lock);
  int ok = !P->failed && P->next < P->n;
  if (ok) *i = P->next++;
  pthread_mutex_unlock(&P->lock);
  return ok;
}

static void fail(par *P, const gfd_err *e) {
  pthread_mutex_lock(&P->lock);
  if (!P->failed) {
    P->failed = 1;
    P->err = *e;
  }
  pthread_mutex_unlock(&P->lock);
  if (P->memo) dg_memo_stop(P->memo); /* threads waiting for a claim give up */
}

static void work_units(worker *w) {
  par *P = w->P;
  size_t i;
  while (take(P, &i)) {
    int rc = GFD_OK;
    if (w->t == 0) { /* the caller's thread: progress callbacks are not thread-safe */
      if ((i & 15) == 0 && P->report) P->report(P->ud, w->X.ctl, i, P->n);
      rc = gfd_ctl_poll(w->X.ctl, w->X.e);
    }
    if (!rc) rc = P->unit(P->ud, &w->X, w->t, i);
    if (rc) {
      fail(P, w->X.e);
      return;
    }
  }
}

static void work(worker *w) {
  double c0 = thread_cpu();
  work_units(w);
  w->cpu = thread_cpu() - c0;
}

static void *thread_main(void *arg) {
  work(arg);
  return NULL;
}

int dg_parallel(dg_ctx *X, dg_memo *memo, int threads, size_t n, dg_unit unit, dg_report report, void *ud,
                dg_cpu *cpu) {
  if (threads > DG_MAXT) threads = DG_MAXT;
  if (threads < 1) threads = 1;
  par P;
  memset(&P, 0, sizeof P);
  P.memo = memo;
  P.n = n;
  P.unit = unit;
  P.report = report;
  P.ud = ud;
  pthread_mutex_init(&P.lock, NULL);
  pthread_mutex_t memlock;
  pthread_mutex_init(&memlock, NULL);
  worker w[DG_MAXT];
  pthread_t tid[DG_MAXT];
  int started = 1;
  X->mem->lock = &memlock;
  if (memo) dg_memo_parallel(memo, threads);
  for (int t = 0; t < threads; t++) {
    w[t].P = &P;
    w[t].t = t;
    w[t].X = *X;
    w[t].X.tick = 0;
    if (t > 0) { /* a thread of its own, with its own error */
      gfd_err_clear(&w[t].e);
      w[t].X.e = &w[t].e;
      if (pthread_create(&tid[t], NULL, thread_main, &w[t]) != 0) break; /* fewer threads */
      started++;
    }
  }
  work(&w[0]);
  for (int t = 1; t < started; t++) pthread_join(tid[t], NULL);
  if (cpu) { /* runs follow one another: their busiest threads add up */
    double busiest = 0;
    for (int t = 0; t < started; t++) {
      cpu->sum += w[t].cpu;
      if (w[t].cpu > busiest) busiest = w[t].cpu;
    }
    cpu->max += busiest;
  }
  X->mem->lock = NULL;
  if (memo) dg_memo_parallel(memo, 1); /* serial again; a failed run's claims are leftovers */
  pthread_mutex_destroy(&memlock);
  pthread_mutex_destroy(&P.lock);
  if (P.failed) {
    if (X->e) *X->e = P.err;
    return P.err.code ? P.err.code : GFD_EINTR;
  }
  return GFD_OK;
}
