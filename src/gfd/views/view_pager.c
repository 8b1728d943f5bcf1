/* view_pager.c - the paged text view (`diagram n.k`: one class per page) and
 * the regime-map grid view (`map`: a cursor over the (a, b) plane).  Both
 * leave with q (or Ctrl-C, which here only closes the view). */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "view_session.h"

#define PAGE_BYTES 65536

static int count_lines(const char *t) {
  int n = 0;
  for (const char *p = t; *p; p++)
    if (*p == '\n') n++;
  if (*t && t[strlen(t) - 1] != '\n') n++;
  return n;
}

static void draw_page(session *s, const char *title, int idx, int count, const char *text,
                      int top, int nlines, const char *hint) {
  int W, H;
  vframe f;
  vscr_size(s, &W, &H);
  if (vframe_init(&f, W, H)) return;
  char head[256];
  snprintf(head, sizeof head, "%s  (%d/%d)", title ? title : "", idx + 1, count);
  vframe_puts(&f, 0, 0, head, VST_BOLD, W);
  int body = H - 2;
  const char *p = text;
  for (int l = 0; *p && l < top + body; l++) {
    const char *nl = strchr(p, '\n');
    size_t len = nl ? (size_t)(nl - p) : strlen(p);
    if (l >= top) {
      char line[1024];
      if (len >= sizeof line) len = sizeof line - 1;
      memcpy(line, p, len);
      line[len] = '\0';
      vframe_puts(&f, 0, 1 + l - top, line, 0, W);
    }
    p = nl ? nl + 1 : p + len;
  }
  char st[256];
  const char *arrows = s->utf8 ? "\xe2\x86\x90\xe2\x86\x92" : "left/right";
  if (nlines > body)
    snprintf(st, sizeof st, " q:quit  %s PgUp/PgDn:page  up/down:scroll (lines %d-%d of %d)  Home/End",
             arrows, top + 1, top + body < nlines ? top + body : nlines, nlines);
  else
    snprintf(st, sizeof st, " q:quit  %s PgUp/PgDn up/down:page  Home/End:first/last", arrows);
  if (hint && *hint) snprintf(st, sizeof st, " %s", hint); /* a key that did nothing: which ones do */
  vframe_fill(&f, 0, H - 1, W, ' ', VST_REVERSE);
  vframe_puts(&f, 0, H - 1, st, VST_REVERSE, W);
  vscr_draw(s, &f);
  vframe_free(&f);
}

int view_pager(session *s, const char *title, int count, int start, view_render_fn render,
               void *ud) {
  if (count <= 0 || !render) return 0;
  if (start < 0) start = 0;
  if (start >= count) start = count - 1;
  char *buf = malloc(PAGE_BYTES);
  if (!buf) return sh_error(s, -1, "out of memory");
  if (!s->interactive || vscr_open(s) != 0) {
    /* not on a terminal: the current page as text */
    buf[0] = '\0';
    render(s, start, buf, PAGE_BYTES, ud);
    buf[PAGE_BYTES - 1] = '\0';
    fputs(buf, s->out);
    if (buf[0] && buf[strlen(buf) - 1] != '\n') fputc('\n', s->out);
    free(buf);
    return 0;
  }
  sig_atomic_t was = s->interrupted;
  s->interrupted = 0;
  int idx = start, top = 0, shown = -1, nlines = 0;
  char hint[96] = "";
  for (;;) {
    int W, H;
    vscr_size(s, &W, &H);
    int body = H - 2 > 1 ? H - 2 : 1;
    if (shown != idx) {
      buf[0] = '\0';
      render(s, idx, buf, PAGE_BYTES, ud);
      buf[PAGE_BYTES - 1] = '\0';
      nlines = count_lines(buf);
      shown = idx;
      top = 0;
    }
    if (top > nlines - body) top = nlines - body > 0 ? nlines - body : 0;
    draw_page(s, title, idx, count, buf, top, nlines, hint);
    int k = vscr_key(s, 200);
    if (s->interrupted) break;
    if (k == 'q' || k == 'Q' || k == VK_ESC) break;
    if (k != VK_NONE) hint[0] = '\0'; /* a hint lasts one key */
    int scrolls = nlines > body;
    switch (k) {
    case VK_RIGHT: case VK_PGDN: case ' ': case 'n':
      if (idx + 1 < count) idx++;
      break;
    case VK_LEFT: case VK_PGUP: case 'p': case 'b':
      if (idx > 0) idx--;
      break;
    case VK_DOWN: case 'j':
      if (scrolls && top + body < nlines) top++;
      else if (!scrolls && idx + 1 < count) idx++;
      break;
    case VK_UP: case 'k':
      if (scrolls && top > 0) top--;
      else if (!scrolls && idx > 0) idx--;
      break;
    case VK_HOME: case 'g':
      idx = 0;
      break;
    case VK_END: case 'G':
      idx = count - 1;
      break;
    case 12:
      vscr_force_redraw(s);
      break;
    case VK_NONE: case VK_RESIZE: case VK_ENTER:
      break;
    default: /* a key that means nothing here: say which ones do */
      if (k > 0x20 && k < 0x7f)
        snprintf(hint, sizeof hint, "'%c' is not a pager key: arrows, PgUp/PgDn, space, Home/End, q quits", k);
      else
        snprintf(hint, sizeof hint, "not a pager key: arrows, PgUp/PgDn, space, Home/End, q quits");
      break;
    }
  }
  s->interrupted = was;
  vscr_close(s);
  free(buf);
  return 0;
}

/* ------------------------------------------------------------------ grid */
int view_grid(session *s, const view_grid_spec *g, int *sel_i, int *sel_j) {
  if (!g || g->nx < 1 || g->ny < 1 || !g->cells) return 0;
  if (!s->interactive || vscr_open(s) != 0) return 0; /* the caller prints its text map */
  char *info = malloc(8192);
  if (!info) {
    vscr_close(s);
    return 0;
  }
  sig_atomic_t was = s->interrupted;
  s->interrupted = 0;
  int ci = g->nx / 2, cj = g->ny / 2, ret = 0;
  if (g->start_set && g->start_i >= 0 && g->start_i < g->nx && g->start_j >= 0 && g->start_j < g->ny)
    ci = g->start_i, cj = g->start_j;
  char keys[128], status[128];
  snprintf(keys, sizeof keys, " q:quit  arrows:move%s%s", g->enter ? "  Enter:" : "", g->enter ? g->enter : "");
  snprintf(status, sizeof status, "%s", keys);
  for (;;) {
    int W, H;
    vframe f;
    info[0] = '\0';
    if (g->info) g->info(s, ci, cj, info, 8192, g->ud);
    info[8191] = '\0';
    vgrid vg = {g->nx, g->ny, g->cells, g->colors, g->xs, g->ys, g->xlabel, g->ylabel, g->title,
                g->legend, info, status, ci, cj, s->utf8};
    vscr_size(s, &W, &H);
    if (vframe_init(&f, W, H) == 0) {
      vgrid_render(&vg, &f);
      vscr_draw(s, &f);
      vframe_free(&f);
    }
    int k = vscr_key(s, 200);
    if (s->interrupted) break;
    if (k == 'q' || k == 'Q' || k == VK_ESC) break;
    if (k != VK_NONE) snprintf(status, sizeof status, "%s", keys); /* a hint lasts one key */
    if (k == VK_ENTER && g->enter) {
      *sel_i = ci;
      *sel_j = cj;
      ret = 1;
      break;
    }
    switch (k) {
    case VK_LEFT: case 'h': if (ci > 0) ci--; break;
    case VK_RIGHT: case 'l': if (ci + 1 < g->nx) ci++; break;
    case VK_UP: case 'k': if (cj + 1 < g->ny) cj++; break;
    case VK_DOWN: case 'j': if (cj > 0) cj--; break;
    case VK_PGUP: cj = cj + 5 < g->ny ? cj + 5 : g->ny - 1; break;
    case VK_PGDN: cj = cj >= 5 ? cj - 5 : 0; break;
    case VK_HOME: ci = 0; break;
    case VK_END: ci = g->nx - 1; break;
    case 12: vscr_force_redraw(s); break;
    case VK_NONE: case VK_RESIZE: break;
    default: /* a key that means nothing here: say which ones do */
      snprintf(status, sizeof status, " not a map key: arrows (or h j k l) move, %sq quits",
               g->enter ? "Enter selects, " : "");
      break;
    }
  }
  s->interrupted = was;
  vscr_close(s);
  free(info);
  return ret;
}
