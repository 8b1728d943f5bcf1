/* output.c - faults of standard output.
 *
 * Results are the point of a batch run: a write error on standard output
 * (a full disk, ENOSPC; a dead terminal or disk, EIO) must not pass for
 * success.  The stream is checked after every command; the first error ends
 * the run with one message and exit status 1.  A reader that went away
 * (`gfd ... | head -1`: EPIPE, when SIGPIPE is ignored; by default SIGPIPE
 * ends the program quietly anyway) ends the run quietly with 128+SIGPIPE, as
 * the signal would have. */
#include <config.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include "shell_priv.h"

int sh_out_check(session *s) {
  struct shell_state *sh = s->shell;
  if (!sh) return 0;
  if (sh->out_errno) return -1;
  errno = 0;
  int bad = fflush(s->out) != 0 || ferror(s->out);
  FILE *r = sh->real_out;
  if (!bad && r && r != s->out) bad = fflush(r) != 0 || ferror(r);
  if (!bad) return 0;
  sh->out_errno = sh->out_fault ? sh->out_fault : errno ? errno : EIO;
  sh->quit = 1; /* nothing more can be shown: stop here */
  if (sh->out_errno != EPIPE) {
    fprintf(stderr, "gfd: error writing standard output: %s\n", strerror(sh->out_errno));
    fflush(stderr);
  }
  return -1;
}

int sh_out_status(session *s, int rc) {
  if (!s->shell || !s->shell->out_errno) return rc;
  return s->shell->out_errno == EPIPE ? 128 + SIGPIPE : SH_EXIT_FAIL;
}
