/* cmd_view.c - commands of the view area (placeholder until the area lands). */
#include <config.h>
#include "shell.h"

const command cmd_view_table[] = {{0}};

void view_state_reset(session *s, int free_all) { (void)s; (void)free_all; }

void view_live_begin(session *s, const char *title) { (void)s; (void)title; }
void view_live_update(session *s) { (void)s; }
void view_live_end(session *s) { (void)s; }
int view_plot(session *s) { return sh_error(s, -1, "views not built yet"); }
int view_pager(session *s, const char *title, int count, int start, view_render_fn render, void *ud) {
  (void)s; (void)title; (void)count; (void)start; (void)render; (void)ud; return 0;
}
int view_grid(session *s, const view_grid_spec *g, int *sel_i, int *sel_j) {
  (void)s; (void)g; (void)sel_i; (void)sel_j; return 0;
}
int view_export_gnuplot(session *s, const char *path) {
  (void)path; return sh_error(s, -1, "views not built yet");
}
