/* main.c - the gfd program: options, batch or interactive mode, exit codes.
 *
 * Exit codes (gfd.1): 0 success, 1 a command failed (or standard output
 * failed), 2 bad options, 130 interrupted, 129/143 SIGHUP/SIGTERM, 141
 * standard output closed by its reader. */
#include <config.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "scaleout.h"
#include "shell_priv.h"

static session *g_session; /* for the signal handler only */

/* SIGINT sets a flag and nothing else: computations poll it and return
 * partial results; the prompt clears its line.  In batch mode a second
 * Ctrl-C during one command ends the program at once. */
static void on_sigint(int sig) {
  (void)sig;
  session *s = g_session;
  if (!s) _exit(SH_EXIT_INTR);
  s->interrupted = 1;
  if (s->shell) {
    s->shell->sigints++;
    if (!s->interactive && s->shell->sigints >= 2) {
      sh_typeahead_restore_now();
      static const char msg[] = "\ngfd: interrupted\n";
      ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
      (void)w;
      _exit(SH_EXIT_INTR);
    }
  }
}

/* SIGTERM and SIGHUP: stop like Ctrl-C (the computation returns, a view
 * closes and gives the terminal back, readline restores its settings), then
 * leave with 128+signal from the main loop; the history is already on disk
 * (written line by line).  A second one, or one before the session exists,
 * ends the program at once. */
static void on_term(int sig) {
  session *s = g_session;
  if (!s || !s->shell || s->shell->term_sig) {
    sh_typeahead_restore_now(); /* the terminal echoes again */
    _exit(128 + sig);
  }
  s->shell->term_sig = sig;
  s->interrupted = 1;
}

void sh_signals_install(session *s) {
  g_session = s;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0; /* no SA_RESTART: a blocking read returns EINTR */
  sigaction(SIGINT, &sa, NULL);
  sa.sa_handler = on_term;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  /* a file size limit makes a write fail (EFBIG, reported, the old file
   * kept by atomic.c) instead of killing the program */
  sa.sa_handler = SIG_IGN;
  sigaction(SIGXFSZ, &sa, NULL);
}

/* The exit status of a session ended by SIGTERM/SIGHUP, with one line. */
static int term_status(session *s, int rc) {
  int sig = s->shell ? s->shell->term_sig : 0;
  if (!sig) return rc;
  fprintf(stderr, "gfd: terminated by %s\n", sig == SIGHUP ? "SIGHUP" : "SIGTERM");
  return 128 + sig;
}

static void usage(FILE *f) {
  fprintf(f,
          "Usage: gfd [OPTION]... [FILE]...\n"
          "Explore gradient-flow dynamics of tensor models through diagram expansions.\n"
          "\n"
          "With no FILE and no -c, gfd reads commands from standard input; on a terminal\n"
          "it starts the interactive shell (type help there).  Each FILE is run as -f FILE.\n"
          "\n"
          "  -c, --command=CMDS   run CMDS (commands separated by ';' or newlines)\n"
          "  -f, --file=FILE      run the commands in FILE\n"
          "      --csv            print every table as CSV (same as: set format csv);\n"
          "                       stdout then carries only tables, summaries go to stderr\n"
          "      --no-bail        keep going after a failed command, also within a line\n"
          "                       of ';'-separated commands (exit status 1 at the end)\n"
          "      --no-init        do not read the init file (~/.config/gfd/gfdrc)\n"
          "  -q, --quiet          no banner and no notes\n"
          "  -h, --help           show this help and exit\n"
          "  -V, --version        show the version and exit\n"
          "\n"
          "Exit status: 0 success, 1 a command failed, 2 bad options, 130 interrupted,\n"
          "129/143 SIGHUP/SIGTERM, 141 standard output closed.\n"
          "Example: gfd -c 'model sym nu=2 p=50 H=20 sigma=0.1; flow run T=2'\n"
          "See gfd(1) for the commands and conventions.\n");
}

typedef struct source {
  int is_file;
  const char *text;
} source;

/* A standard descriptor closed by the caller (gfd >&-) would be reused by
 * the next open(): a saved file or a temporary could then receive the
 * results.  Each closed one is held by /dev/null opened the wrong way round,
 * so that using it still fails (EBADF) and is reported as before. */
static void hold_std_fds(void) {
  for (int fd = 0; fd <= 2; fd++)
    if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
      int got = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
      if (got >= 0 && got != fd) close(got); /* a lower one was free: not ours to fill */
    }
}

int main(int argc, char **argv) {
  hold_std_fds();
  setlocale(LC_ALL, "");
  setlocale(LC_NUMERIC, "C");
  gfd_library_init();
  /* under mpirun the other ranks only serve work units (scaleout.h) */
  if (so_start(&argc, &argv) > 0) return so_worker();
  sh_areas_install(gfd_areas); /* the one place the program meets its areas */

  static const struct option opts[] = {
      {"command", required_argument, NULL, 'c'}, {"file", required_argument, NULL, 'f'},
      {"csv", no_argument, NULL, 1},             {"no-bail", no_argument, NULL, 2},
      {"no-init", no_argument, NULL, 3},         {"quiet", no_argument, NULL, 'q'},
      {"help", no_argument, NULL, 'h'},          {"version", no_argument, NULL, 'V'},
      {NULL, 0, NULL, 0}};
  source *src = calloc((size_t)argc + 1, sizeof *src);
  if (!src) {
    fprintf(stderr, "gfd: out of memory\n");
    return SH_EXIT_FAIL;
  }
  int nsrc = 0, csv = 0, bail = 1, noinit = 0, quiet = 0, c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":c:f:qhV", opts, NULL)) != -1) {
    switch (c) {
    case 'c': src[nsrc].is_file = 0, src[nsrc++].text = optarg; break;
    case 'f': src[nsrc].is_file = 1, src[nsrc++].text = optarg; break;
    case 1: csv = 1; break;
    case 2: bail = 0; break;
    case 3: noinit = 1; break;
    case 'q': quiet = 1; break;
    case 'h':
    case 'V':
      if (c == 'h') usage(stdout);
      else printf("gfd %s\n", PACKAGE_VERSION);
      free(src);
      if (fflush(stdout) != 0 || ferror(stdout)) {
        if (errno == EPIPE) return 128 + SIGPIPE;
        fprintf(stderr, "gfd: error writing standard output: %s\n", strerror(errno ? errno : EIO));
        return SH_EXIT_FAIL;
      }
      return SH_EXIT_OK;
    case ':':
      if (optopt) fprintf(stderr, "gfd: option -%c needs an argument (gfd --help lists the options)\n", optopt);
      else fprintf(stderr, "gfd: option %s needs an argument (gfd --help lists the options)\n", argv[optind - 1]);
      free(src);
      return SH_EXIT_USAGE;
    default:
      /* long options without a short form report their val (1, 2, 3) in optopt */
      if (optopt > ' ' && optopt < 127) fprintf(stderr, "gfd: unknown option -%c (gfd --help lists the options)\n", optopt);
      else fprintf(stderr, "gfd: unknown option %s (gfd --help lists the options)\n", argv[optind - 1]);
      free(src);
      return SH_EXIT_USAGE;
    }
  }
  for (int i = optind; i < argc; i++) src[nsrc].is_file = 1, src[nsrc++].text = argv[i];

  if (nsrc == 0) so_use_terminal(); /* under mpirun: the shell on rank 0's terminal */
  int interactive = nsrc == 0 && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
  session s;
  if (sh_session_init(&s, interactive) < 0) {
    free(src);
    return SH_EXIT_FAIL;
  }
  s.csv = csv;
  s.shell->runner = so_runner();
  s.shell->bail = bail;
  s.shell->quiet = quiet;
  sh_signals_install(&s);

  int rc = SH_EXIT_OK;
  if (interactive) {
    rc = sh_repl(&s, noinit);
  } else if (nsrc == 0) {
    rc = sh_run_stream(&s, stdin, "stdin");
  } else {
    int failed = 0;
    for (int i = 0; i < nsrc && !s.shell->quit; i++) {
      int r;
      if (src[i].is_file) {
        if (strcmp(src[i].text, "-") == 0) r = sh_run_stream(&s, stdin, "stdin");
        else r = sh_script_run_file(&s, src[i].text, 1); /* checked whole before it runs */
      } else {
        r = sh_run_string(&s, src[i].text, "-c");
      }
      if (r == SH_EXIT_INTR) {
        failed = 0;
        rc = SH_EXIT_INTR;
        break;
      }
      if (r != SH_EXIT_OK) failed = 1;
      if (failed && bail) break;
    }
    if (rc != SH_EXIT_INTR) rc = failed ? SH_EXIT_FAIL : SH_EXIT_OK;
  }
  if (s.shell->term_sig) rc = term_status(&s, rc);
  sh_out_check(&s);
  rc = sh_out_status(&s, rc);
  g_session = NULL;
  sh_session_free(&s);
  free(src);
  if ((fflush(stdout) != 0 || ferror(stdout)) && rc == SH_EXIT_OK) rc = SH_EXIT_FAIL;
  return rc;
}
