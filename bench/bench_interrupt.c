/* bench_interrupt.c - latency from SIGINT to the exit of a batch gfd run, for
 * each kind of long computation: integration, Taylor series, diagram
 * enumeration, regime map, sweep.  Goal: under 0.5 s.
 *
 * For each case gfd runs the commands with -c (output to /dev/null), gets
 * SIGINT after a delay long enough for the computation to be under way,
 * and the time from kill() to waitpid() is the latency.  Each case runs
 * REPEAT times; the worst latency and the exit status (130 expected) are
 * printed.  The program is $GFD, or the gfd of this build tree. */
#include <config.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef GFD_BUILD_PROGRAM
#define GFD_BUILD_PROGRAM "src/gfd/gfd"
#endif

#define REPEAT 3
#define GOAL 0.5 /* seconds */

typedef struct bcase {
  const char *what;
  const char *cmds;
  double delay; /* seconds before SIGINT */
} bcase;

static const bcase cases[] = {
    {"integration (flow run, p=400 H=400)",
     "model sym nu=2 p=400 H=400 sigma=0.05; flow run T=1e6 points=1000", 1.0},
    {"integration (ascent run, 8 seeds)",
     "model sym nu=2 p=200 H=100 sigma=0.06; ascent run T=-1e5 seeds=8", 1.0},
    {"Taylor series (instance, p=1000 H=500, N=60)",
     "model sym nu=2 p=1000 H=500 sigma=0.03; series N=60 source=instance", 1.0},
    {"Taylor series (instance, p=2000 H=1000, N=60)",
     "model sym nu=2 p=2000 H=1000 sigma=0.02; series N=60 source=instance", 2.0},
    {"Taylor series (ensemble of 100000 seeds)",
     "model sym nu=2 p=100 H=50 sigma=0.1; series N=40 source=ensemble seeds=100000", 1.0},
    {"diagram enumeration (diagrams 12)", "model sym nu=2 p=3 H=2 sigma=0.3; diagrams 12", 1.0},
    {"diagram polynomial (show poly 11, asym nu=2)",
     "model asym nu=2 p=3 H=2 sigma=0.3; show poly 11", 1.0},
    {"regime map (200 x 200 cells, N=6)", "scaling a=1 b=-1; map a=0:2:200 b=-2:0:200 N=6", 1.0},
    {"sweep (5 sizes, T=1e5)",
     "model sym nu=2 p=100 H=100 sigma=0.1; sweep p=100,200,300,400,500 T=1e5", 1.0},
};

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void sleep_s(double s) {
  struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

/* One run: returns the latency in seconds (negative if the run ended before
 * the signal) and the exit status in *status. */
static double run_once(const char *gfd, const bcase *c, int *status) {
  pid_t pid = fork();
  if (pid < 0) {
    perror("bench_interrupt: fork");
    exit(1);
  }
  if (pid == 0) {
    int fd = open("/dev/null", O_RDWR);
    if (fd >= 0) {
      dup2(fd, 0), dup2(fd, 1), dup2(fd, 2);
      if (fd > 2) close(fd);
    }
    signal(SIGINT, SIG_DFL);
    execl(gfd, gfd, "-q", "--no-init", "-c", c->cmds, (char *)NULL);
    _exit(127);
  }
  sleep_s(c->delay);
  int st = 0;
  if (waitpid(pid, &st, WNOHANG) == pid) { /* finished before the signal */
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return -1;
  }
  double t0 = now();
  kill(pid, SIGINT);
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  double lat = now() - t0;
  *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  return lat;
}

int main(void) {
  const char *gfd = getenv("GFD");
  if (!gfd || !*gfd) gfd = GFD_BUILD_PROGRAM;
  if (access(gfd, X_OK) != 0) {
    fprintf(stderr, "bench_interrupt: cannot run %s (set GFD)\n", gfd);
    return 1;
  }
  setenv("OPENBLAS_NUM_THREADS", "1", 0);
  printf("SIGINT -> exit latency of batch gfd runs (%s), worst of %d, goal < %.1f s\n", gfd, REPEAT, GOAL);
  printf("%-48s %10s %10s %6s  %s\n", "computation", "worst_s", "median_s", "exit", "verdict");
  int bad = 0;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    double lat[REPEAT];
    int status = 0, early = 0, wrong = 0;
    for (int r = 0; r < REPEAT; r++) {
      lat[r] = run_once(gfd, &cases[i], &status);
      if (lat[r] < 0) early = 1;
      else if (status != 130) wrong = 1;
    }
    /* sort for the median */
    for (int a = 0; a < REPEAT; a++)
      for (int b = a + 1; b < REPEAT; b++)
        if (lat[b] < lat[a]) {
          double t = lat[a];
          lat[a] = lat[b], lat[b] = t;
        }
    const char *verdict = early ? "finished before the signal (make the case longer)"
                          : wrong ? "wrong exit status"
                          : lat[REPEAT - 1] < GOAL ? "ok" : "SLOW";
    if (!early && (wrong || lat[REPEAT - 1] >= GOAL)) bad++;
    printf("%-48s %10.3f %10.3f %6d  %s\n", cases[i].what, lat[REPEAT - 1], lat[REPEAT / 2], status,
           verdict);
    fflush(stdout);
  }
  printf("%d of %zu computations over the goal or with a wrong exit status\n", bad,
         sizeof cases / sizeof cases[0]);
  return 0; /* a benchmark reports; the interrupt test asserts the exit status */
}
