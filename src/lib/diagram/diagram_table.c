/* diagram_table.c - hash maps keyed by canonical encodings, memory accounting
 * against the run's budget, and interrupt polling for the diagram engine. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "diagram_internal.h"
#include "internal.h"

struct dg_block {
  dg_block *next;
  size_t size;
  _Alignas(16) unsigned char data[];
};

#define DG_BLOCK_BYTES ((size_t)1 << 20)

int dg_mem_take(dg_ctx *X, size_t more, const char *what) {
  size_t total;
  dg_mem *M = X->mem;
  if (M->lock) pthread_mutex_lock(M->lock);
  if (!gfd_size_add(M->bytes, more, &total)) total = SIZE_MAX;
  int rc = gfd_ctl_budget(X->ctl, total, what, X->e);
  if (!rc) {
    M->bytes = total;
    if (total > M->peak) M->peak = total;
  }
  if (M->lock) pthread_mutex_unlock(M->lock);
  return rc;
}

void dg_mem_give(dg_mem *M, size_t less) {
  if (M->lock) pthread_mutex_lock(M->lock);
  M->bytes = less > M->bytes ? 0 : M->bytes - less;
  if (M->lock) pthread_mutex_unlock(M->lock);
}

int dg_poll(dg_ctx *X) {
  if ((++X->tick & 1023u) != 0) return GFD_OK;
  return gfd_ctl_poll(X->ctl, X->e);
}

int dg_overflow(dg_ctx *X, const char *where) {
  return gfd_err_set(X->e, GFD_EOVERFLOW,
                     "exact arithmetic overflowed in %s (a count exceeds 128 bits): this order is "
                     "out of reach for this model", where);
}

void dg_map_init(dg_map *M, size_t psize, dg_mem *mem) {
  memset(M, 0, sizeof *M);
  M->psize = psize;
  M->mem = mem;
}

void dg_map_free(dg_map *M) {
  if (!M) return;
  free(M->slot);
  free(M->hash);
  free(M->key);
  free(M->klen);
  free(M->payload);
  dg_block *b = M->blocks;
  while (b) {
    dg_block *nx = b->next;
    free(b);
    b = nx;
  }
  if (M->mem) dg_mem_give(M->mem, M->bytes);
  dg_mem *mem = M->mem;
  size_t ps = M->psize;
  dg_map_init(M, ps, mem);
}

void *dg_map_alloc(dg_map *M, dg_ctx *X, size_t bytes) {
  bytes = (bytes + 15) & ~(size_t)15;
  if (!M->blocks || M->block_used + bytes > M->block_cap) {
    /* blocks grow from 4 KiB to 1 MiB so that small maps stay small */
    size_t cap = M->block_cap ? 2 * M->block_cap : 4096;
    if (cap > DG_BLOCK_BYTES) cap = DG_BLOCK_BYTES;
    if (cap < bytes) cap = bytes;
    if (dg_mem_take(X, cap + sizeof(dg_block), "the diagram tables")) return NULL;
    dg_block *b = malloc(sizeof(dg_block) + cap);
    if (!b) {
      dg_mem_give(X->mem, cap + sizeof(dg_block));
      gfd_err_set(X->e, GFD_ENOMEM, "out of memory for the diagram tables");
      return NULL;
    }
    M->bytes += cap + sizeof(dg_block);
    b->size = cap;
    b->next = M->blocks;
    M->blocks = b;
    M->block_used = 0;
    M->block_cap = cap;
  }
  void *p = M->blocks->data + M->block_used;
  M->block_used += bytes;
  return p;
}

static int map_grow_entries(dg_map *M, dg_ctx *X) {
  size_t cap = M->cap ? 2 * M->cap : 64;
  size_t per = sizeof(uint64_t) + sizeof(uint16_t *) + sizeof(uint16_t) + M->psize;
  size_t add = (cap - M->cap) * per;
  int rc = dg_mem_take(X, add, "the diagram tables");
  if (rc) return rc;
  uint64_t *h = realloc(M->hash, cap * sizeof *h);
  if (h) M->hash = h;
  uint16_t **k = h ? realloc(M->key, cap * sizeof *k) : NULL;
  if (k) M->key = k;
  uint16_t *kl = k ? realloc(M->klen, cap * sizeof *kl) : NULL;
  if (kl) M->klen = kl;
  unsigned char *pl = kl ? realloc(M->payload, cap * M->psize) : NULL;
  if (!pl) {
    dg_mem_give(X->mem, add);
    return gfd_err_set(X->e, GFD_ENOMEM, "out of memory for the diagram tables");
  }
  M->payload = pl;
  M->cap = cap;
  M->bytes += add;
  return GFD_OK;
}

static int map_grow_slots(dg_map *M, dg_ctx *X) {
  size_t ns = M->nslot ? 2 * M->nslot : 128;
  size_t add = (ns - M->nslot) * sizeof(uint32_t);
  if (ns > ((size_t)1 << 31)) return gfd_err_set(X->e, GFD_EBUDGET, "a diagram table is too large");
  int rc = dg_mem_take(X, add, "the diagram tables");
  if (rc) return rc;
  uint32_t *s = calloc(ns, sizeof *s);
  if (!s) {
    dg_mem_give(X->mem, add);
    return gfd_err_set(X->e, GFD_ENOMEM, "out of memory for the diagram tables");
  }
  for (size_t i = 0; i < M->n; i++) {
    size_t j = M->hash[i] & (ns - 1);
    while (s[j]) j = (j + 1) & (ns - 1);
    s[j] = (uint32_t)(i + 1);
  }
  free(M->slot);
  M->slot = s;
  M->nslot = ns;
  M->bytes += add;
  return GFD_OK;
}

int dg_map_get(dg_map *M, dg_ctx *X, const uint16_t *key, int len, int insert, size_t *idx,
               int *fresh) {
  return dg_map_geth(M, X, key, len, dg_hash(key, len), insert, idx, fresh);
}

int dg_map_geth(dg_map *M, dg_ctx *X, const uint16_t *key, int len, uint64_t h, int insert, size_t *idx,
                int *fresh) {
  if (fresh) *fresh = 0;
  if (M->nslot) {
    size_t j = h & (M->nslot - 1);
    while (M->slot[j]) {
      size_t i = M->slot[j] - 1;
      if (M->hash[i] == h && M->klen[i] == len &&
          memcmp(M->key[i], key, sizeof(uint16_t) * (size_t)len) == 0) {
        *idx = i;
        return GFD_OK;
      }
      j = (j + 1) & (M->nslot - 1);
    }
  }
  if (!insert) {
    *idx = SIZE_MAX;
    return GFD_OK;
  }
  int rc;
  if (M->n + 1 > M->cap && (rc = map_grow_entries(M, X))) return rc;
  if (2 * (M->n + 1) > M->nslot && (rc = map_grow_slots(M, X))) return rc;
  uint16_t *kc = dg_map_alloc(M, X, sizeof(uint16_t) * (size_t)len);
  if (!kc) return X->e ? X->e->code : GFD_ENOMEM;
  memcpy(kc, key, sizeof(uint16_t) * (size_t)len);
  size_t i = M->n++;
  M->hash[i] = h;
  M->key[i] = kc;
  M->klen[i] = (uint16_t)len;
  memset(M->payload + i * M->psize, 0, M->psize);
  size_t j = h & (M->nslot - 1);
  while (M->slot[j]) j = (j + 1) & (M->nslot - 1);
  M->slot[j] = (uint32_t)(i + 1);
  *idx = i;
  if (fresh) *fresh = 1;
  return GFD_OK;
}
