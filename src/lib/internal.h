/* internal.h - helpers shared inside libgfd (not installed). Tests may use them. */
#ifndef GFD_INTERNAL_H
#define GFD_INTERNAL_H
#include <stddef.h>
#include "gfd/gfd.h"

/* calloc/malloc that return NULL on n*size overflow */
void *gfd_xcalloc(size_t n, size_t size);
void *gfd_xmalloc(size_t n, size_t size);

#endif
