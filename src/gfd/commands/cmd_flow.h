/* cmd_flow.h - the flow area's private session state and output helpers
 * (cmd_flow.c: commands and hooks; cmd_flow_out.c: tables, curves). */
#ifndef GFD_CMD_FLOW_H
#define GFD_CMD_FLOW_H
#include "area.h"
#include "flow_provider.h"

struct flow_state {
  gfd_ensemble *en;     /* the current run (NULL: none) */
  gfd_flow_opts opts;   /* its options */
  unsigned long seed0;
  size_t seeds;
  int scaled;           /* report L / lfac_loss, excess / lfac_excess against tau = tfac t */
  double tfac, lfac_loss, lfac_excess;
  int follows_excess;   /* scaled: the limit (and g) follows the excess */
  double yhalf;         /* ||y||^2/2 of the model (the excess's offset) */
  int ascent;           /* the last run or step went backward */
  double spacing;       /* grid spacing of the run (default for flow step) */
  double seconds;       /* wall time spent integrating */
  char curve[64];       /* name of the simulated curve */
  /* per-seed blow-ups and the (unscaled) time grid of the rows, for the hooks */
  size_t bK;
  unsigned long *bseed;
  double *bts, *blo, *bhi;
  int *bst;
  double *grid;
  size_t ngrid;
  /* the commands that built the run (for save state=yes) */
  char **hist;
  size_t nhist;
};

extern const area area_flow;
/* The area state: allocated on first use (NULL if out of memory), or NULL if
 * none yet. */
struct flow_state *flow_state_get(session *s);
struct flow_state *flow_state_peek(const session *s);
/* Replace the simulated curve by the current mean rows (band: +- se). */
/* 0; -1 out of memory (not reported yet); -2 reported by the plot */
int flow_curve_update(session *s, struct flow_state *fs);
/* Mark the earliest blow-up time. */
void flow_mark_update(session *s, struct flow_state *fs);
/* Print rows [first, n) of the current run (text: about 20 of them; the
 * last table kept for export holds them all). */
void flow_emit_rows(session *s, struct flow_state *fs, size_t first);
/* One summary line (text mode). */
void flow_print_summary(session *s, struct flow_state *fs);
/* show state / show blowup tables. */
int flow_emit_state(session *s, struct flow_state *fs);
int flow_emit_blowups(session *s, struct flow_state *fs);
/* The canonical command line of a run to T. */
void flow_run_command(const struct flow_state *fs, double T, char *buf, size_t n);
#endif
