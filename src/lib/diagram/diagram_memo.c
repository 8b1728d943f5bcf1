/* diagram_memo.c - the memo table of the two Wick recursions (diagram_wick.c:
 * polynomials; diagram_value.c: numbers), which threads can share.
 *
 * The entries are spread over DG_MEMO_STRIPES hash maps by the top bits of
 * the key's hash, each map behind its own lock, so that two threads rarely
 * meet on one lock.  A thread that misses a graph inserts it at once,
 * claimed (a marker in the value), computes it and publishes it; a thread
 * that finds it claimed waits until it is published.  A graph's value needs
 * only graphs with two edges fewer, so whoever waits holds claims on larger
 * graphs only than the one it waits for: a wait never closes a circle.
 *
 * A claim is marked with the number of the run that made it.  A run that
 * failed (interrupt, budget) leaves its claims behind; a later run finds
 * them with an older number and computes them again.  Without threads (the
 * serial run) no lock is taken and every claim found is such a leftover: a
 * graph is never its own descendant. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "diagram_internal.h"
#include "internal.h"

typedef struct stripe {
  dg_map map;
  pthread_mutex_t lock;
  pthread_cond_t published;
} stripe;

struct dg_memo {
  stripe st[DG_MEMO_STRIPES];
  const dg_memo_ops *ops;
  int threaded;        /* locks are taken */
  uint32_t run;        /* the current run's number (>= 1) */
  volatile int stop;   /* a thread failed: waiters give up (read under a stripe lock) */
};

dg_memo *dg_memo_new(size_t vsize, const dg_memo_ops *ops, dg_mem *mem) {
  dg_memo *M = calloc(1, sizeof *M);
  if (!M) return NULL;
  for (int s = 0; s < DG_MEMO_STRIPES; s++) {
    dg_map_init(&M->st[s].map, vsize, mem);
    pthread_mutex_init(&M->st[s].lock, NULL);
    pthread_cond_init(&M->st[s].published, NULL);
  }
  M->ops = ops;
  M->run = 1;
  return M;
}

void dg_memo_free(dg_memo *M) {
  if (!M) return;
  for (int s = 0; s < DG_MEMO_STRIPES; s++) {
    dg_map_free(&M->st[s].map);
    pthread_mutex_destroy(&M->st[s].lock);
    pthread_cond_destroy(&M->st[s].published);
  }
  free(M);
}

size_t dg_memo_entries(const dg_memo *M) {
  size_t n = 0;
  for (int s = 0; s < DG_MEMO_STRIPES; s++) n += M->st[s].map.n;
  return n;
}

size_t dg_memo_bytes(const dg_memo *M) {
  size_t n = 0;
  for (int s = 0; s < DG_MEMO_STRIPES; s++) n += M->st[s].map.bytes;
  return n;
}

void dg_memo_parallel(dg_memo *M, int threads) {
  M->threaded = threads > 1;
  M->stop = 0;
  M->run++; /* claims left by earlier runs are leftovers from now on */
}

void dg_memo_stop(dg_memo *M) {
  for (int s = 0; s < DG_MEMO_STRIPES; s++) {
    pthread_mutex_lock(&M->st[s].lock);
    M->stop = 1;
    pthread_cond_broadcast(&M->st[s].published);
    pthread_mutex_unlock(&M->st[s].lock);
  }
}

static void lock(dg_memo *M, stripe *S) {
  if (M->threaded) pthread_mutex_lock(&S->lock);
}
static void unlock(dg_memo *M, stripe *S) {
  if (M->threaded) pthread_mutex_unlock(&S->lock);
}

int dg_memo_find(dg_memo *M, dg_ctx *X, const uint16_t *enc, int len, void *v, int *hit, dg_memo_ref *ref) {
  uint16_t key[DG_ENC_MAX + 1];
  int klen = dg_memo_key(enc, len, key);
  uint64_t h = dg_hash(key, klen);
  int s = (int)(h >> (64 - DG_MEMO_STRIPES_LOG2));
  stripe *S = &M->st[s];
  size_t idx;
  int fresh, rc;
  *hit = 0;
  lock(M, S);
  if ((rc = dg_map_geth(&S->map, X, key, klen, h, 1, &idx, &fresh))) {
    unlock(M, S);
    return rc;
  }
  void *p = dg_map_payload(&S->map, idx);
  uint32_t c = fresh ? 0 : M->ops->claimed(p);
  if (!fresh && c == 0) {
    memcpy(v, p, S->map.psize);
    *hit = 1;
  } else if (!fresh && c == M->run && M->threaded) {
    /* another thread computes it: wait (the payload array may move while
     * the lock is released, so it is looked up again each time) */
    while ((c = M->ops->claimed(dg_map_payload(&S->map, idx))) != 0 && !M->stop)
      pthread_cond_wait(&S->published, &S->lock);
    if (c) rc = gfd_err_set(X->e, GFD_EINTR, "interrupted");
    else {
      memcpy(v, dg_map_payload(&S->map, idx), S->map.psize);
      *hit = 1;
    }
  } else {
    M->ops->claim(p, M->run); /* new, or a leftover of a failed run */
    ref->stripe = s;
    ref->idx = idx;
  }
  unlock(M, S);
  return rc;
}

int dg_memo_publish(dg_memo *M, dg_ctx *X, const dg_memo_ref *ref, dg_memo_fill fill, void *ud, void *v) {
  stripe *S = &M->st[ref->stripe];
  lock(M, S);
  void *p = dg_map_payload(&S->map, ref->idx);
  int rc = fill(ud, &S->map, X, p);
  if (!rc) {
    memcpy(v, p, S->map.psize);
    if (M->threaded) pthread_cond_broadcast(&S->published);
  }
  unlock(M, S);
  return rc;
}
