/* flow_provider.h - what the flow area (cmd_flow.c) offers other areas: the
 * last run's grid and blow-ups, initial parameters, and batch simulation of a
 * model other than the session's.  Include it only where these are used.
 * All return 0, or -1 after sh_error, unless stated. */
#ifndef GFD_FLOW_PROVIDER_H
#define GFD_FLOW_PROVIDER_H

#include "shell.h"

/* The last flow/ascent run: its time grid (NULL, 0 if none). */
int flow_last_grid(session *s, size_t *n, const double **t);
/* Per-seed blow-up results of the last ascent run (K = 0 if none). status is
 * GFD_RUN_* per seed. */
int flow_last_blowups(session *s, size_t *K, const unsigned long **seed, const double **t_star,
                      const double **t_lo, const double **t_hi, const int **status);
/* The time seed k of the last run actually reached (seeds go on after
 * another one blows up, so the mean rows' last time is not it); NaN if there
 * is no such run or seed. */
double flow_seed_time(session *s, size_t k);
/* The last run's time unit: tfac > 0 when it was scaled (tau = tfac t),
 * else 1.  Returns 1 if scaled, 0 if not (or no run). */
int flow_last_time_factor(session *s, double *tfac);
/* The initial parameters of instance `seed` of the current model (freshly
 * drawn into a malloc'd array the caller frees), or NULL after sh_error. */
double *flow_initial_params(session *s, unsigned long seed);
/* A run of a spec (not the session's model) for T with `seeds` seeds and
 * the session's flow options: the mean loss and its standard error, the excess
 * (computed directly, not by subtraction) and the blow-ups: t_first the
 * blow-up nearest t = 0, t_mean the mean over the ndiv seeds that blew up
 * (NaN if none) with its standard error.  Free with flow_sim_free. */
typedef struct flow_sim {
  size_t n;
  double *t, *loss, *loss_se, *excess, *excess_se;
  size_t seeds, ndiv;
  double t_first, t_mean;
  double t_mean_se; /* standard error of t_mean (sample sd / sqrt ndiv; 0 if ndiv < 2) */
} flow_sim;
/* n such runs (specs[k], T[k], seeds[k]) as independent work units, here
 * or over MPI ranks (cmd_flow_jobs.c): out[k] for k < *done, the runs
 * before the first failure (reported); 0 when all n ran, else -1 after
 * sh_error. */
int flow_simulate_runs(session *s, const gfd_spec *specs, const double *T, const size_t *seeds, int n,
                       flow_sim *out, int *done);
void flow_sim_free(flow_sim *r);

#endif
