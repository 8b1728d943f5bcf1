/* internal.h - helpers shared inside libgfd (not installed). Tests may use them. */
#ifndef GFD_INTERNAL_H
#define GFD_INTERNAL_H
#include <stddef.h>
#include "gfd/gfd.h"

/* calloc/malloc that return NULL on n*size overflow */
void *gfd_xcalloc(size_t n, size_t size);
void *gfd_xmalloc(size_t n, size_t size);

/* gfd_budget_default with /proc and /sys/fs/cgroup read under root (""
 * for the machine; a directory of fake files in the tests). */
struct gfd_budget_info;
int gfd_budget_default_at(struct gfd_budget_info *b, const char *root);

#endif
