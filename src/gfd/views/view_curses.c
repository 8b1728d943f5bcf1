/* view_curses.c - the curses screen shared by the views: start it with
 * newterm (never initscr, which exits on failure), draw frames of styled
 * cells with the wide-character API, read keys, and leave the terminal as it
 * was on every path so that readline works afterwards.
 *
 * While a view is up, whatever the program writes to stdout or stderr (a
 * note, an error of the computation) would scribble over the screen: it is
 * captured in a temporary file and printed when the view closes. */
#include <config.h>
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <term.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>
#include "view_session.h"

/* SIGWINCH: our own flag while a view is up (the shell restores its own
 * handler around readline, so ncurses' may not be in place). */
static volatile sig_atomic_t g_winch;
static struct sigaction g_old_winch;
static void on_winch(int sig) {
  (void)sig;
  g_winch = 1;
}

/* The terminal changed size: tell curses.  Returns 1 if it did. */
static int take_resize(struct view_state *vs) {
  struct winsize ws;
  if (!g_winch) return 0;
  g_winch = 0;
  if (vs->tty && ioctl(fileno(vs->tty), TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
    resizeterm(ws.ws_row, ws.ws_col);
  clearok(curscr, TRUE);
  return 1;
}

double vnow(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void capture_begin(struct view_state *vs) {
  vs->capture = NULL;
  vs->saved_out = vs->saved_err = -1;
  fflush(stdout);
  fflush(stderr);
  FILE *f = tmpfile();
  if (!f) return;
  int so = dup(STDOUT_FILENO), se = dup(STDERR_FILENO);
  if (so < 0 || se < 0 || dup2(fileno(f), STDOUT_FILENO) < 0 || dup2(fileno(f), STDERR_FILENO) < 0) {
    if (so >= 0) dup2(so, STDOUT_FILENO), close(so);
    if (se >= 0) dup2(se, STDERR_FILENO), close(se);
    fclose(f);
    return;
  }
  vs->capture = f;
  vs->saved_out = so;
  vs->saved_err = se;
}

static void capture_end(struct view_state *vs) {
  if (!vs->capture) return;
  fflush(stdout);
  fflush(stderr);
  dup2(vs->saved_out, STDOUT_FILENO);
  dup2(vs->saved_err, STDERR_FILENO);
  close(vs->saved_out);
  close(vs->saved_err);
  vs->saved_out = vs->saved_err = -1;
  /* replay what was written meanwhile, in order, on the terminal */
  char buf[4096];
  size_t n;
  rewind(vs->capture);
  while ((n = fread(buf, 1, sizeof buf, vs->capture)) > 0) {
    if (fwrite(buf, 1, n, stderr) != n) break;
  }
  fflush(stderr);
  fclose(vs->capture);
  vs->capture = NULL;
}

/* Palette entries of view_layout.c: 1 red .. 7 white, 8 the default colour. */
static const short palette[VC_NCOLORS] = {COLOR_RED,     COLOR_GREEN, COLOR_YELLOW, COLOR_BLUE,
                                          COLOR_MAGENTA, COLOR_CYAN,  COLOR_WHITE,  -1};

int vscr_open(session *s) {
  struct view_state *vs = view_state_get(s);
  if (!vs) return -1;
  if (vs->screen) return 0;
  if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) return -1;
  fflush(s->out);
  fflush(stdout);
  int fd = dup(STDOUT_FILENO);
  if (fd < 0) return -1;
  FILE *tty = fdopen(fd, "w");
  if (!tty) {
    close(fd);
    return -1;
  }
  SCREEN *scr = newterm(NULL, tty, stdin);
  if (!scr) {
    fclose(tty);
    return -1;
  }
  set_term(scr);
  /* a terminal without cursor addressing (TERM=dumb) cannot hold a view */
  char *cup = tigetstr("cup");
  if (!cup || cup == (char *)-1) {
    endwin();
    delscreen(scr);
    fclose(tty);
    return -1;
  }
  vs->screen = scr;
  vs->tty = tty;
  /* cbreak, not raw: Ctrl-C still sends SIGINT to the shell's handler */
  cbreak();
  noecho();
  nonl();
  keypad(stdscr, TRUE);
  intrflush(stdscr, FALSE);
  curs_set(0);
  set_escdelay(25);
  const char *nc = getenv("NO_COLOR");
  if (s->color && !(nc && *nc) && has_colors()) {
    start_color();
    use_default_colors();
    for (int i = 0; i < VC_NCOLORS; i++) init_pair((short)(i + 1), palette[i], -1);
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_winch;
  sigemptyset(&sa.sa_mask);
  g_winch = 0;
  sigaction(SIGWINCH, &sa, &g_old_winch);
  s->view_active = 1;
  capture_begin(vs);
  clearok(curscr, TRUE);
  return 0;
}

int vscr_is_open(session *s) {
  struct view_state *vs = view_state_peek(s);
  return vs && vs->screen;
}

void vscr_close(session *s) {
  struct view_state *vs = view_state_peek(s);
  if (!vs || !vs->screen) return;
  curs_set(1);
  endwin();
  delscreen((SCREEN *)vs->screen);
  vs->screen = NULL;
  fclose(vs->tty);
  vs->tty = NULL;
  sigaction(SIGWINCH, &g_old_winch, NULL);
  capture_end(vs);
  vs->live = 0;
  s->view_active = 0;
}

void vscr_size(session *s, int *w, int *h) {
  (void)s;
  int y, x;
  getmaxyx(stdscr, y, x);
  *w = x;
  *h = y;
}

static attr_t style_attr(uint8_t st, short *pair) {
  attr_t a = 0;
  *pair = 0;
  if (VST_COLOR(st) && has_colors() && COLOR_PAIRS > VC_NCOLORS &&
      VST_COLOR(st) <= VC_NCOLORS)
    *pair = (short)VST_COLOR(st);
  if (st & VST_DIM) a |= A_DIM;
  if (st & VST_BOLD) a |= A_BOLD;
  if (st & VST_REVERSE) a |= A_REVERSE;
  if (st & VST_UNDERLINE) a |= A_UNDERLINE;
  return a;
}

void vscr_draw(session *s, const vframe *f) {
  (void)s;
  int W, H;
  getmaxyx(stdscr, H, W);
  for (int y = 0; y < H && y < f->h; y++) {
    for (int x = 0; x < W && x < f->w; x++) {
      const vcell *c = &f->c[(size_t)y * f->w + x];
      wchar_t wc[2] = {(wchar_t)c->ch, 0};
      cchar_t cc;
      short pair;
      attr_t a = style_attr(c->st, &pair);
      if (c->ch < 0x20 || c->ch == 0x7f) wc[0] = L' ';
      if (setcchar(&cc, wc, a, pair, NULL) == OK) mvadd_wch(y, x, &cc);
    }
  }
  wnoutrefresh(stdscr);
  doupdate();
}

void vscr_force_redraw(session *s) {
  (void)s;
  clearok(curscr, TRUE);
}

int vscr_key(session *s, int timeout_ms) {
  struct view_state *vs = view_state_peek(s);
  if (sh_terminating(s)) return 'q'; /* SIGTERM/SIGHUP: every view leaves as with q */
  if (take_resize(vs)) return VK_RESIZE;
  timeout(timeout_ms);
  int ch = getch();
  if (take_resize(vs)) return VK_RESIZE;
  switch (ch) {
  case ERR: return VK_NONE;
  case KEY_LEFT: return VK_LEFT;
  case KEY_RIGHT: return VK_RIGHT;
  case KEY_UP: return VK_UP;
  case KEY_DOWN: return VK_DOWN;
  case KEY_PPAGE: return VK_PGUP;
  case KEY_NPAGE: return VK_PGDN;
  case KEY_HOME: return VK_HOME;
  case KEY_END: return VK_END;
  case KEY_ENTER: case '\r': case '\n': return VK_ENTER;
  case KEY_RESIZE: return VK_RESIZE;
  case 27: return VK_ESC;
  default: return ch >= 0 && ch < 256 ? ch : VK_NONE;
  }
}
