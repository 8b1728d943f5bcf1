/* table.c - typed result tables, printed as aligned text or as CSV.
 *
 * Text: a title line, a header, right-aligned numbers (%.6g), left-aligned
 * words.  CSV: one header line, numbers in the shortest form that reads back
 * exactly (at most 17 significant digits), integers in full, words as text (quoted only when they contain a comma, quote or
 * newline), empty cells empty. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "shell_priv.h"

typedef enum { CELL_EMPTY, CELL_NUM, CELL_INT, CELL_STR } cell_kind;

typedef struct cell {
  cell_kind kind;
  double num;
  long long i;
  char *str;
} cell;

struct table {
  char *title;
  size_t ncols;
  char **header;
  cell *cells;     /* rows * ncols, row-major */
  size_t ncells, cap;
  int oom;         /* an allocation failed: the table is truncated (2: and said so) */
  size_t text_rows; /* text mode shows at most about this many rows (0: all) */
};

table *table_new(const char *title, const char *header_csv) {
  table *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  t->title = strdup(title ? title : "");
  const char *h = header_csv ? header_csv : "";
  size_t n = 1;
  for (const char *c = h; *c; c++)
    if (*c == ',') n++;
  t->header = calloc(n, sizeof *t->header);
  if (!t->title || !t->header) {
    free(t->title);
    free(t->header);
    free(t);
    return NULL;
  }
  t->ncols = n;
  const char *c = h;
  for (size_t i = 0; i < n; i++) {
    const char *e = strchr(c, ',');
    size_t len = e ? (size_t)(e - c) : strlen(c);
    t->header[i] = strndup(c, len);
    if (!t->header[i]) {
      /* no table at all rather than one whose header a writer would read
       * through a NULL pointer; callers report a NULL table */
      table_free(t);
      return NULL;
    }
    c = e ? e + 1 : c + len;
  }
  return t;
}

int table_take_oom(table *t) {
  if (!t || t->oom != 1) return 0;
  t->oom = 2;
  return 1;
}

static cell *push(table *t) {
  if (!t || t->oom) return NULL;
  if (t->ncells == t->cap) {
    size_t cap = t->cap ? 2 * t->cap : 64;
    cell *c = realloc(t->cells, cap * sizeof *c);
    if (!c) {
      t->oom = 1;
      return NULL;
    }
    t->cells = c;
    t->cap = cap;
  }
  cell *c = &t->cells[t->ncells++];
  memset(c, 0, sizeof *c);
  return c;
}

void table_num(table *t, double v) {
  cell *c = push(t);
  if (c) {
    c->kind = CELL_NUM;
    c->num = v;
  }
}

void table_int(table *t, long long v) {
  cell *c = push(t);
  if (c) {
    c->kind = CELL_INT;
    c->i = v;
  }
}

void table_str(table *t, const char *v) {
  cell *c = push(t);
  if (!c) return;
  c->kind = CELL_STR;
  c->str = strdup(v ? v : "");
  if (!c->str) {
    c->kind = CELL_EMPTY;
    t->oom = 1;
  }
}

void table_empty(table *t) { (void)push(t); }

/* Pad the current row with empty cells up to the column count. */
void table_endrow(table *t) {
  if (!t) return;
  while (t->ncells % t->ncols && !t->oom) table_empty(t);
}

size_t table_rows(const table *t) { return t ? (t->ncells + t->ncols - 1) / t->ncols : 0; }
size_t table_cols(const table *t) { return t ? t->ncols : 0; }

void table_free(table *t) {
  if (!t) return;
  for (size_t i = 0; i < t->ncells; i++) free(t->cells[i].str);
  for (size_t i = 0; i < t->ncols; i++) free(t->header[i]);
  free(t->cells);
  free(t->header);
  free(t->title);
  free(t);
}

/* ---------------------------------------------------------------- CSV */
static void csv_word(FILE *f, const char *w) {
  if (!strpbrk(w, ",\"\n\r")) {
    fputs(w, f);
    return;
  }
  fputc('"', f);
  for (const char *c = w; *c; c++) {
    if (*c == '"') fputc('"', f);
    fputc(*c, f);
  }
  fputc('"', f);
}

static void csv_cell(FILE *f, const cell *c) {
  switch (c->kind) {
  case CELL_EMPTY: break;
  case CELL_NUM: { /* the shortest form that reads back to the same double: 0.1, not 0.10000000000000001 */
    char b[40];
    fputs(sh_num(b, sizeof b, c->num), f);
    break;
  }
  case CELL_INT: fprintf(f, "%lld", c->i); break;
  case CELL_STR: csv_word(f, c->str); break;
  }
}

void table_write_csv(const table *t, FILE *f) {
  if (!t) return;
  for (size_t j = 0; j < t->ncols; j++) {
    if (j) fputc(',', f);
    csv_word(f, t->header[j]);
  }
  fputc('\n', f);
  size_t rows = table_rows(t);
  for (size_t r = 0; r < rows; r++) {
    for (size_t j = 0; j < t->ncols; j++) {
      size_t k = r * t->ncols + j;
      if (j) fputc(',', f);
      if (k < t->ncells) csv_cell(f, &t->cells[k]);
    }
    fputc('\n', f);
  }
}

/* --------------------------------------------------------------- text */
static void text_cell(const cell *c, char *buf, size_t n) {
  switch (c->kind) {
  case CELL_EMPTY: buf[0] = '\0'; break;
  case CELL_NUM: snprintf(buf, n, "%.6g", c->num); break;
  case CELL_INT: snprintf(buf, n, "%lld", c->i); break;
  case CELL_STR: snprintf(buf, n, "%s", c->str); break;
  }
}

/* Two-column key,value tables print without their header (show model,
 * show regime): the keys say it all. */
static int is_keyvalue(const table *t) {
  return t->ncols == 2 && strcmp(t->header[0], "key") == 0 && strcmp(t->header[1], "value") == 0;
}

int table_write_text(const table *t, FILE *f) {
  if (!t) return 0;
  size_t rows = table_rows(t);
  size_t *w = calloc(t->ncols, sizeof *w);
  int *left = calloc(t->ncols, sizeof *left);
  int rc = 0;
  if (!w || !left) { /* nothing printed: the caller reports it */
    free(w);
    free(left);
    return -1;
  }
  int kv = is_keyvalue(t);
  char buf[512];
  for (size_t j = 0; j < t->ncols; j++) {
    w[j] = kv ? 0 : strlen(t->header[j]);
    left[j] = 1;
  }
  /* a column is left-aligned when it holds words only */
  for (size_t k = 0; k < t->ncells; k++) {
    size_t j = k % t->ncols;
    text_cell(&t->cells[k], buf, sizeof buf);
    size_t len = strlen(buf);
    if (len > w[j]) w[j] = len;
    if (t->cells[k].kind == CELL_NUM || t->cells[k].kind == CELL_INT) left[j] = 0;
  }
  if (kv) left[1] = 1;
  /* long tables (trajectories) print evenly spaced rows, first and last kept */
  size_t every = 1;
  if (!kv && t->text_rows && rows > t->text_rows + 1) every = (rows - 1 + t->text_rows - 1) / t->text_rows;
  if (every > 1)
    fprintf(f, "%s%s(every %zu%s of %zu rows; export csv FILE writes all)\n", t->title ? t->title : "",
            t->title && *t->title ? " " : "", every, every == 2 ? "nd" : every == 3 ? "rd" : "th", rows);
  else if (t->title && *t->title) fprintf(f, "%s\n", t->title);
  /* one line at a time, without trailing blanks */
  char *line = NULL;
  size_t cap = 0;
  FILE *lf;
  for (size_t r = kv ? 1 : 0; r <= rows; r++) {
    if (r > 1 && r < rows && (r - 1) % every != 0) continue;
    lf = open_memstream(&line, &cap);
    if (!lf) {
      rc = -1;
      break;
    }
    for (size_t j = 0; j < t->ncols; j++) {
      const char *txt = buf;
      if (r == 0) txt = t->header[j];
      else {
        size_t k = (r - 1) * t->ncols + j;
        buf[0] = '\0';
        if (k < t->ncells) text_cell(&t->cells[k], buf, sizeof buf);
      }
      fprintf(lf, "%s%*s", j ? "  " : "", left[j] ? -(int)w[j] : (int)w[j], txt);
    }
    if (fclose(lf) != 0 || !line) { /* the line's buffer could not grow */
      free(line);
      rc = -1;
      break;
    }
    size_t len = strlen(line);
    while (len && line[len - 1] == ' ') line[--len] = '\0';
    fprintf(f, "%s\n", line);
    free(line);
    line = NULL;
  }
  if (t->oom) fprintf(f, "(table truncated: out of memory)\n");
  free(w);
  free(left);
  return rc;
}

void table_text_rows(table *t, size_t max_rows) {
  if (t) t->text_rows = max_rows;
}

void sh_emit_table(session *s, table *t) {
  if (!t) {
    sh_error(s, -1, "out of memory while building a table");
    return;
  }
  table_endrow(t);
  sh_progress_end(s);
  int rc = 0;
  if (s->csv) table_write_csv(t, s->out);
  else rc = table_write_text(t, s->out);
  fflush(s->out);
  /* a table that lost rows (or could not be laid out) is a failed command,
   * never a silent success */
  if (table_take_oom(t)) sh_error(s, -1, "out of memory while building the table: its last rows are missing");
  else if (rc) sh_error(s, -1, "out of memory while printing the table (export csv FILE may still work)");
  table_free(s->last_table);
  s->last_table = t;
}
