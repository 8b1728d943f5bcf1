/* repl.c - the interactive shell: readline prompt, completion, history,
 * init file, Ctrl-C and window resizes.
 *
 * readline runs through its callback interface so that this loop owns the
 * wait for input: a SIGINT (which only sets s->interrupted) wakes select()
 * with EINTR and the loop clears the line - no longjmp out of a handler. */
#include <config.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>
#include <readline/history.h>
#include <readline/readline.h>
#include "shell_priv.h"

#define PROMPT "gfd> "

static char *g_line;
static int g_got;
static volatile sig_atomic_t g_winch;

static void on_line(char *line) {
  g_line = line;
  g_got = 1;
  rl_callback_handler_remove();
}

static void on_winch(int sig) {
  (void)sig;
  g_winch = 1;
}

/* ------------------------------------------------------------ completion */
static char **g_matches;
static size_t g_match_i;

static char *match_generator(const char *text, int state) {
  (void)text;
  if (state == 0) g_match_i = 0;
  if (!g_matches || !g_matches[g_match_i]) return NULL;
  return strdup(g_matches[g_match_i++]);
}

static char **attempt_completion(const char *text, int start, int end) {
  (void)text;
  sh_complete_free(g_matches);
  g_matches = sh_complete(rl_line_buffer, start, end);
  if (!g_matches) {
    rl_attempted_completion_over = 0; /* file names */
    return NULL;
  }
  rl_attempted_completion_over = 1;
  /* key= and a unique completion: no space after it, a value follows */
  if (g_matches[0] && !g_matches[1]) {
    size_t l = strlen(g_matches[0]);
    if (l && g_matches[0][l - 1] == '=') rl_completion_suppress_append = 1;
  }
  return rl_completion_matches(text, match_generator);
}

/* ------------------------------------------------------------ input */
static char *read_line(session *s) {
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_winch;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGWINCH, &sa, &old);
  g_got = 0;
  g_line = NULL;
  s->interrupted = 0;
  static int started;
  if (started) rl_reset_screen_size(); /* the window may have changed during a command */
  started = 1;
  rl_callback_handler_install(PROMPT, on_line);
  int eof = 0;
  while (!g_got && !eof) {
    fd_set fds;
    FD_ZERO(&fds);
    FD_SET(STDIN_FILENO, &fds);
    int r = select(STDIN_FILENO + 1, &fds, NULL, NULL, NULL);
    if (r < 0) {
      if (errno != EINTR || s->shell->term_sig) { /* SIGTERM/SIGHUP: leave */
        eof = 1;
        break;
      }
      if (s->interrupted) { /* Ctrl-C: drop the line, fresh prompt */
        s->interrupted = 0;
        rl_free_line_state();
        rl_callback_sigcleanup();
        rl_replace_line("", 0);
        rl_point = rl_end = 0;
        fputs("^C\n", stdout);
        fflush(stdout);
        rl_on_new_line();
        rl_redisplay();
      }
      if (g_winch) {
        g_winch = 0;
        rl_resize_terminal();
      }
      continue;
    }
    rl_callback_read_char();
  }
  if (!g_got) rl_callback_handler_remove(); /* gives the terminal its settings back */
  sigaction(SIGWINCH, &old, NULL);
  return g_got ? g_line : NULL;
}

/* --------------------------------------------------------------- loop */
/* The init file: a missing one is no error; an unreadable or corrupt one
 * (not a regular file, binary, too large) is reported and skipped, and a bad
 * line in it is reported without hiding the rest. */
static void run_init_file(session *s) {
  char path[4096];
  if (sh_init_path(path, sizeof path) < 0) return;
  if (access(path, F_OK) != 0 && errno == ENOENT) return;
  int bail = s->shell->bail;
  s->shell->bail = 0;
  s->shell->depth++;
  sh_script_run_file(s, path, 0);
  s->shell->depth--;
  s->shell->bail = bail;
  s->interrupted = 0;
  s->shell->quit = 0;
  s->failed = 0;
}

int sh_repl(session *s, int noinit) {
  char hist[4096];
  int hs = sh_history_path(hist, sizeof hist);
  const char *hpath = hs == 0 ? hist : NULL;
  if (sh_history_load(hpath) < 0) { /* reported, then left alone: never fatal */
    fprintf(stderr, "gfd: note: the history file %s is not a readable text file (%s); history "
                    "is not saved this session\n", hpath,
            errno == EINVAL ? "not a regular file, or over 4 MiB" : errno ? strerror(errno) : "binary data");
    hpath = NULL;
  }

  rl_readline_name = "gfd";
  rl_catch_signals = 0;     /* our SIGINT handler stays in charge */
  rl_catch_sigwinch = 0;    /* resizes are handled in read_line */
  rl_attempted_completion_function = attempt_completion;
  sh_complete_session(s);
  rl_completer_word_break_characters = " \t\n;";
  rl_completer_quote_characters = "\"'";

  if (!s->shell->quiet) {
    fprintf(s->out, "gfd %s - gradient-flow dynamics through diagram expansions.\n"
                    "Type help for the commands, tour for guided examples, quit or Ctrl-D to leave.\n",
            PACKAGE_VERSION);
    sh_print_model_line(s, s->out);
  }
  if (!noinit) run_init_file(s);

  for (;;) {
    s->src_name = NULL;
    s->src_line = 0;
    fflush(s->out);
    char *line = read_line(s);
    if (!line) {
      fputc('\n', s->out);
      break;
    }
    if (s->shell->term_sig) {
      free(line);
      break;
    }
    sh_history_add(hpath, line);
    s->shell->out_bytes = 0;
    s->interrupted = 0;
    sh_typeahead_begin(); /* keys typed during the command wait for the next prompt */
    sh_exec_line(s, line);
    sh_typeahead_end();
    free(line);
    if (s->interrupted) {
      s->interrupted = 0;
      fflush(s->out);
    }
    if (sh_out_check(s) < 0) break; /* the terminal is gone */
    if (s->shell->quit || s->shell->term_sig) break;
  }
  sh_complete_free(g_matches);
  g_matches = NULL;
  return SH_EXIT_OK;
}
