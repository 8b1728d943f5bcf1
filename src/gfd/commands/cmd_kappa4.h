/* cmd_kappa4.h - `model ... kappa4=K`: SYM nu=4 set by its ascent control
 * parameter instead of sigma (cmd_kappa4.c). */
#ifndef GFD_CMD_KAPPA4_H
#define GFD_CMD_KAPPA4_H

#include "shell.h"

/* The one definition the program uses (help, man page, tours, code):
 * kappa4 = sigma^4 (p^3 + 3 (H - 1) p) / kappa. */
double kappa4_of(const gfd_spec *sp);
/* If a has kappa4=, set sp->sigma from it at sp's final p, H, kappa (call
 * after every other key and the scaling).  0 ok (or no key), -1 after a
 * one-line sh_error, sp untouched: kappa4 <= 0, a model that is not SYM
 * nu=4 with target identity, or sigma= given as well. */
int kappa4_apply(session *s, const args *a, gfd_spec *sp);

#endif
