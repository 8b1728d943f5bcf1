/* cmd_scaling.h - state and helpers shared by the scaling area's command files
 * (cmd_scaling.c: scaling, regime, hooks; cmd_scaling_map.c: map;
 * cmd_scaling_sweep.c: sweep).  Not part of the cross-area contract. */
#ifndef GFD_CMD_SCALING_H
#define GFD_CMD_SCALING_H

#include "area.h"
#include "scaling_provider.h"

enum { SC_LIMIT_AUTO = 0, SC_LIMIT_LOSS = 1, SC_LIMIT_EXCESS = 2 };
#define SC_DEFAULT_N 4

struct scaling_state {
  int set;              /* a scaling is active */
  gfd_scaling sc;
  int N;                /* order of the analysis (scaling N=, regime N=) */
  int limit_of;         /* SC_LIMIT_*: which quantity the limit and the factors follow */
  struct sweep_blowups sweep;
};

extern const area area_scaling;

/* The area state (allocated on first use), or NULL after sh_error. */
struct scaling_state *sc_state(session *s);
/* The diagram engine for the current model (identity or zero target; the
 * diagram area's cache), or NULL after sh_error. */
gfd_diagrams *sc_diagrams(session *s);
/* Classify scaling sc at order N for the current model.  Returns 0 or -1
 * (sh_error; an interrupt is reported as an error too). */
int sc_classify(session *s, const gfd_scaling *sc, int N, gfd_regime_result *out);
/* The quantity the limit follows (per limit_of): NULL with *why set when
 * neither is dynamical as requested. */
const gfd_regime_quantity *sc_limit_quantity(const struct scaling_state *st,
                                             const gfd_regime_result *r, const char **why);
/* H, sigma, kappa of spec from spec->p under sc; keys given in a (may be
 * NULL) are kept with a notice.  Returns 0 or -1 (sh_error). */
int sc_derive_spec(session *s, const gfd_scaling *sc, const args *a, gfd_spec *spec);
/* "H = 1 p^1, sigma^2 = 1/2 p^-1, kappa = 1 p^0" */
void sc_format_scaling(const gfd_scaling *sc, char *buf, size_t n);
/* An exact rational argument key=VALUE into *out (unchanged if absent). */
int sc_arg_rat(session *s, const args *a, const char *key, gfd_rat *out);
const char *sc_rat_str(gfd_rat r, char *buf, size_t n);

/* The oracle of cmd_scaling_oracle.c: the natural time unit, the distances
 * to the neighbouring boundaries and (SYM nu=4) kappa4/kappa_c at the model's
 * sizes, as text lines or (kv != NULL) as key,value rows.  0 or -1. */
int sc_oracle(session *s, const gfd_scaling *sc, const gfd_regime_result *r, table *kv);

/* command runners in the other files */
int sc_run_map(session *s, const args *a);
int sc_run_sweep(session *s, const args *a);
extern const char *const sc_map_keys[];
extern const char *const sc_sweep_keys[];
extern const char sc_map_help[];
extern const char sc_sweep_help[];

#endif
