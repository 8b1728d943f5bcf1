/* typeahead.c - keys typed while a command computes.  The terminal would
 * echo them at once, over the progress line, and readline would show them
 * a second time at the next prompt.  So while a command runs, echo is off:
 * the line discipline keeps what is typed (and edits it with Backspace),
 * and readline, at the next prompt, reads it and shows it once, where it
 * belongs; a line finished with Enter runs next, as typed ahead.
 * The settings are put back after the command and, by the signal handlers,
 * before the program ends on a signal (tcsetattr is async-signal-safe). */
#include <config.h>
#include <signal.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>
#include "shell_priv.h"

static struct termios g_saved;
static volatile sig_atomic_t g_off; /* echo is off by us: g_saved restores it */

static void at_exit(void) { sh_typeahead_end(); }

void sh_typeahead_begin(void) {
  static int registered;
  struct termios t;
  if (!registered) registered = atexit(at_exit) == 0; /* an exit() inside a command */
  if (g_off || !isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &t) != 0) return;
  if (!(t.c_lflag & ECHO)) return; /* already quiet (not ours to restore) */
  g_saved = t;
  t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
  /* TCSANOW: what was already typed stays in the input queue */
  if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0) g_off = 1;
}

void sh_typeahead_end(void) {
  if (!g_off) return;
  g_off = 0;
  tcsetattr(STDIN_FILENO, TCSANOW, &g_saved);
}

void sh_typeahead_restore_now(void) {
  if (g_off) tcsetattr(STDIN_FILENO, TCSANOW, &g_saved);
}
