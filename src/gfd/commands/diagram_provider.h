/* diagram_provider.h - what the diagram area (cmd_diagram.c) offers other
 * areas: its Wick-diagram engine and the diagram series source. */
#ifndef GFD_DIAGRAM_PROVIDER_H
#define GFD_DIAGRAM_PROVIDER_H

#include "shell.h"

/* The session's Wick-diagram engine for the current model's (kind, nu,
 * target), kept across model changes; NULL after sh_error (a target other
 * than identity or zero). */
gfd_diagrams *diagram_engine(session *s);
/* `series source=diagrams`: coef[n] = E[L^(n)(0)]/n! at the current p, H,
 * sigma, kappa, n = 0..N.  0, or -1 after sh_error; or 1 when stopped
 * (Ctrl-C, time limit) after orders 0..*got-1, *got >= 1: not reported, so
 * that the caller shows those first, then says why (why, n bytes). */
int diagram_series_coefs(session *s, int N, double *coef, int *got, char *why, size_t n);

#endif
