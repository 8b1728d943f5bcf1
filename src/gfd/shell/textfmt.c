/* textfmt.c - formatting text and numbers for output: the shortest form of a
 * double that reads back exactly, and word wrapping.  A leaf: tables,
 * messages, help and the views use it without depending on each other. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "shell_priv.h"

const char *sh_num(char *buf, size_t n, double v) {
  for (int p = 15; p < 17; p++) {
    snprintf(buf, n, "%.*g", p, v);
    if (strtod(buf, NULL) == v) return buf;
  }
  snprintf(buf, n, "%.17g", v);
  return buf;
}

/* Display columns of n bytes of UTF-8. */
static int cols_of(const char *w, size_t n) {
  int c = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)w[i] & 0xC0) != 0x80) c++;
  return c;
}

/* Print text word-wrapped to 78 columns, the cursor being at column
 * col; continuation lines start at column ind. */
void sh_wrap(FILE *f, int col, int ind, const char *w) { sh_wrap_width(f, col, ind, 78, w); }

void sh_wrap_width(FILE *f, int col, int ind, int width, const char *w) {
  int first = 1;
  while (*w) {
    size_t len = strcspn(w, " ");
    if (!first && col + 1 + cols_of(w, len) > width) {
      fprintf(f, "\n%*s", ind, "");
      col = ind;
    } else if (!first) {
      fputc(' ', f);
      col++;
    }
    fprintf(f, "%.*s", (int)len, w);
    col += cols_of(w, len);
    first = 0;
    w += len;
    while (*w == ' ') w++;
  }
  fputc('\n', f);
}
