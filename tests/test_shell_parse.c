/* test_shell_parse.c - strict argument parsing (args.c), settings values
 * (settings.c parsers), table output (table.c) and run control (runctl.c). */
#include <config.h>
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "shell_priv.h"


/* ------------------------------------------------------------ stubs */
static char last_error[1024];
static int last_off;
int sh_error(session *s, int off, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(last_error, sizeof last_error, fmt, ap);
  va_end(ap);
  last_off = off;
  if (s) s->failed = 1;
  return -1;
}
void sh_progress_end(session *s) { (void)s; }
/* set lr drops the runs as a model change does (session.c), and says so */
void sh_model_changed(session *s) { (void)s; }
void sh_note(session *s, const char *fmt, ...) { (void)s, (void)fmt; }
void sh_progress_cb(void *ud, const char *what, double done, double total) {
  (void)ud, (void)what, (void)done, (void)total;
}
const command *const *sh_commands(size_t *n) {
  static const command *const none[] = {NULL};
  *n = 0;
  return none;
}

/* ------------------------------------------------------------ numbers */
static void test_numbers(void) {
  double d;
  size_t z;
  CHECK(sh_parse_double("0.25", &d) == 0 && d == 0.25, "0.25");
  CHECK(sh_parse_double("-1e-3", &d) == 0 && d == -1e-3, "-1e-3");
  CHECK(sh_parse_double("0x1p3", &d) == 0 && d == 8, "hex float");
  const char *bad[] = {"", "nan", "NaN", "inf", "-inf", "infinity", "1e400", "-1e400", "1e-400",
                       "1.5x", "x", " 1", "1 ", "--1", "1,5", NULL};
  for (int i = 0; bad[i]; i++) CHECK(sh_parse_double(bad[i], &d) < 0, "double '%s' rejected", bad[i]);
  CHECK(sh_parse_double("1e400", &d) == -2, "overflow says so (-2)");
  CHECK(sh_parse_size("0", &z) == 0 && z == 0, "0");
  CHECK(sh_parse_size("18446744073709551615", &z) == 0 && z == SIZE_MAX, "SIZE_MAX");
  CHECK(sh_parse_size("1e3", &z) == 0 && z == 1000, "1e3 is a size");
  CHECK(sh_parse_size("2000.0", &z) == 0 && z == 2000, "2000.0 is a size");
  const char *badz[] = {"", "-1", "+1", "1.5", "18446744073709551616", "1e300", "x", "1 ", "nan",
                        "-0", NULL};
  for (int i = 0; badz[i]; i++) CHECK(sh_parse_size(badz[i], &z) < 0, "size '%s' rejected", badz[i]);

  CHECK(sh_parse_bytes("4G", &z) == 0 && z == ((size_t)4 << 30), "4G");
  CHECK(sh_parse_bytes("512M", &z) == 0 && z == ((size_t)512 << 20), "512M");
  CHECK(sh_parse_bytes("1.5GiB", &z) == 0 && z == ((size_t)3 << 29), "1.5GiB");
  CHECK(sh_parse_bytes("1000", &z) == 0 && z == 1000, "1000");
  CHECK(sh_parse_bytes("64kb", &z) == 0 && z == 65536, "64kb");
  const char *badb[] = {"", "4X", "G", "-1G", "4GG", "1e30T", "nanG", NULL};
  for (int i = 0; badb[i]; i++) CHECK(sh_parse_bytes(badb[i], &z) < 0, "bytes '%s' rejected", badb[i]);
  CHECK(sh_parse_seconds("30", &d) == 0 && d == 30, "30");
  CHECK(sh_parse_seconds("2.5s", &d) == 0 && d == 2.5, "2.5s");
  CHECK(sh_parse_seconds("5m", &d) == 0 && d == 300, "5m");
  CHECK(sh_parse_seconds("1h", &d) == 0 && d == 3600, "1h");
  CHECK(sh_parse_seconds("-1", &d) < 0 && sh_parse_seconds("m", &d) < 0 &&
            sh_parse_seconds("inf", &d) < 0,
        "bad seconds rejected");
}

/* ------------------------------------------------------------ accessors */
static args make(const char *k1, const char *v1, const char *k2, const char *v2) {
  static const command c = {"test", "", "", NULL, "", NULL, 0, 0, NULL};
  args a;
  memset(&a, 0, sizeof a);
  a.cmd = &c;
  if (k1 || v1) a.a[a.n].key = k1, a.a[a.n].val = v1, a.a[a.n++].off = 5;
  if (k2 || v2) a.a[a.n].key = k2, a.a[a.n].val = v2, a.a[a.n++].off = 9;
  return a;
}

static void test_accessors(void) {
  session s;
  memset(&s, 0, sizeof s);
  double d;
  size_t z;
  unsigned long ul;
  int ch;
  long num, den;
  args a = make("T", "2.5", NULL, "word");
  CHECK(args_npos(&a) == 1 && strcmp(args_pos(&a, 0), "word") == 0 && !args_pos(&a, 1), "positional");
  CHECK(args_has(&a, "T") && !args_has(&a, "t") && args_off(&a, "T") == 5, "has/off");
  CHECK(args_double(&s, &a, "T", 0, 1, &d) == 0 && d == 2.5, "T=2.5");
  CHECK(args_double(&s, &a, "X", 7, 0, &d) == 0 && d == 7, "default");
  CHECK(args_double(&s, &a, "X", 7, 1, &d) < 0 && strcmp(last_error, "test: missing X=") == 0,
        "required: %s", last_error);
  CHECK(args_double_range(&s, &a, "T", 0, 1, 0, 1, &d) < 0 &&
            strcmp(last_error, "T=2.5 is out of range (0 to 1)") == 0 && last_off == 5,
        "range: %s", last_error);
  a = make("T", "", NULL, NULL);
  CHECK(args_double(&s, &a, "T", 0, 0, &d) < 0 && strcmp(last_error, "T= needs a value") == 0,
        "empty: %s", last_error);
  a = make("p", "12", "seed", "4294967296");
  CHECK(args_size(&s, &a, "p", 0, 1, 1, 100, &z) == 0 && z == 12, "p=12");
  CHECK(args_size(&s, &a, "p", 0, 1, 20, 100, &z) < 0 &&
            strcmp(last_error, "p=12 is out of range (20 to 100)") == 0,
        "size range: %s", last_error);
  CHECK(args_ulong(&s, &a, "seed", 0, 1, &ul) == 0 && ul == 4294967296UL, "seed 2^32");
  a = make("p", "-3", NULL, NULL);
  CHECK(args_size(&s, &a, "p", 0, 1, 0, SIZE_MAX, &z) < 0 &&
            strcmp(last_error, "p=-3 is not a non-negative integer") == 0,
        "negative size: %s", last_error);
  static const char *const choices[] = {"identity", "zero", "teacher", "modadd", NULL};
  a = make("target", "ZERO", NULL, NULL);
  CHECK(args_choice(&s, &a, "target", 0, 0, choices, &ch) == 0 && ch == 1, "choice, any case");
  a = make("target", "te", NULL, NULL);
  CHECK(args_choice(&s, &a, "target", 0, 0, choices, &ch) == 0 && ch == 2, "choice by prefix");
  a = make("target", "x", NULL, NULL);
  CHECK(args_choice(&s, &a, "target", 0, 0, choices, &ch) < 0 &&
            strcmp(last_error, "target=x: unknown value; one of identity, zero, teacher, modadd") == 0,
        "bad choice: %s", last_error);

  struct {
    const char *in;
    long num, den;
  } ok[] = {{"3", 3, 1},       {"-7/6", -7, 6},  {"0.25", 1, 4},   {"-0.5", -1, 2},
            {"6/4", 3, 2},     {"1e-3", 1, 1000}, {"2.5e2", 250, 1}, {"+2", 2, 1},
            {".5", 1, 2},      {"0", 0, 1},      {"-0/5", 0, 1}};
  for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
    a = make("b", ok[i].in, NULL, NULL);
    int r = args_rational(&s, &a, "b", 0, 1, 1, &num, &den);
    CHECK(r == 0 && num == ok[i].num && den == ok[i].den, "rational %s -> %ld/%ld (got %d: %ld/%ld)",
          ok[i].in, ok[i].num, ok[i].den, r, num, den);
  }
  const char *badr[] = {"", "1/0", "1/-2", "x", "1.5/2", "nan", "1e99", "99999999999999999999",
                        "1/", "/2", "1.2.3", NULL};
  for (int i = 0; badr[i]; i++) {
    a = make("b", badr[i], NULL, NULL);
    CHECK(args_rational(&s, &a, "b", 0, 1, 1, &num, &den) < 0, "rational '%s' rejected", badr[i]);
  }
  a = make(NULL, NULL, NULL, NULL);
  CHECK(args_rational(&s, &a, "b", -6, 4, 0, &num, &den) == 0 && num == -3 && den == 2,
        "default rational reduced");
}

/* ------------------------------------------------------------ tables */
static char *render(table *t, int csv) {
  char *buf = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&buf, &n);
  if (csv) table_write_csv(t, f);
  else table_write_text(t, f);
  fclose(f);
  return buf;
}

static void test_tables(void) {
  table *t = table_new("a title", "id,mult,value,note");
  table_str(t, "3.7"), table_int(t, 123456789012345LL), table_num(t, 0.1), table_str(t, "a,b");
  table_endrow(t);
  table_str(t, "3.10"), table_int(t, -2), table_num(t, 1.0 / 3), table_empty(t);
  table_endrow(t);
  table_str(t, "x"); /* a short row: padded with empty cells */
  table_endrow(t);
  CHECK(table_rows(t) == 3 && table_cols(t) == 4, "rows %zu cols %zu", table_rows(t), table_cols(t));
  char *csv = render(t, 1);
  const char *want_csv = "id,mult,value,note\n"
                         "3.7,123456789012345,0.1,\"a,b\"\n"
                         "3.10,-2,0.3333333333333333,\n"
                         "x,,,\n";
  CHECK(strcmp(csv, want_csv) == 0, "csv:\n%s", csv);
  /* the shortest form round-trips: 0.1 reads back as 0.1, and 1/3 needs 16 digits */
  CHECK(strtod("0.1", NULL) == 0.1 && strtod("0.3333333333333333", NULL) == 1.0 / 3, "round trip");
  CHECK(strtod("0.333333333333333", NULL) != 1.0 / 3, "15 digits are not enough for 1/3");
  char *txt = render(t, 0);
  const char *want_txt = "a title\n"
                         "id" "               " "mult     value  note\n"
                         "3.7   123456789012345       0.1  a,b\n"
                         "3.10               -2  0.333333\n"
                         "x\n";
  CHECK(strcmp(txt, want_txt) == 0, "text:\n%s", txt);
  free(csv);
  free(txt);
  table_free(t);

  t = table_new("", "key,value");
  table_str(t, "kind"), table_str(t, "sym"), table_endrow(t);
  table_str(t, "sigma"), table_num(t, 0.05), table_endrow(t);
  txt = render(t, 0);
  CHECK(strcmp(txt, "kind   sym\nsigma  0.05\n") == 0, "key,value text:\n%s", txt);
  free(txt);
  csv = render(t, 1);
  CHECK(strcmp(csv, "key,value\nkind,sym\nsigma,0.05\n") == 0, "key,value csv:\n%s", csv);
  free(csv);

  /* the session keeps the last table */
  session s;
  memset(&s, 0, sizeof s);
  char *buf = NULL;
  size_t n = 0;
  s.out = open_memstream(&buf, &n);
  s.csv = 1;
  sh_emit_table(&s, t);
  table *t2 = table_new("", "n,coef");
  table_int(t2, 0), table_num(t2, -2.5);
  sh_emit_table(&s, t2); /* frees t */
  fclose(s.out);
  CHECK(s.last_table == t2, "last table kept");
  CHECK(strcmp(buf, "key,value\nkind,sym\nsigma,0.05\nn,coef\n0,-2.5\n") == 0,
        "emitted:\n%s", buf);
  free(buf);
  table_free(s.last_table);
}

/* ------------------------------------------------------------ run control */
/* A view redrawing inside a running computation must not reset the control
 * block that computation polls: sh_ctl_nested gives a copy with the same
 * interrupt flag, budget and deadline and leaves s->ctl alone (sh_ctl would
 * move the deadline, i.e. lift `set timelimit`, at every redraw). */
static void test_runctl(void) {
  session s;
  memset(&s, 0, sizeof s);
  s.time_limit = 5;
  s.budget = 123456789;
  const gfd_ctl *run = sh_ctl(&s);
  CHECK(run == &s.ctl && run->interrupt == &s.interrupted && run->budget == 123456789, "sh_ctl fills s->ctl");
  CHECK(run->deadline > gfd_now() && run->deadline <= gfd_now() + 5, "deadline %g s ahead", run->deadline - gfd_now());
  gfd_ctl before = s.ctl;
  s.ctl.deadline -= 100; /* a computation that has been running a while */
  before.deadline = s.ctl.deadline;
  gfd_ctl nested;
  const gfd_ctl *n = sh_ctl_nested(&s, &nested);
  CHECK(n == &nested, "the nested block is the caller's");
  CHECK(memcmp(&before, &s.ctl, sizeof before) == 0, "s->ctl is untouched (deadline %g)", s.ctl.deadline);
  CHECK(n->deadline == s.ctl.deadline, "the running computation's deadline: %g vs %g", n->deadline, s.ctl.deadline);
  CHECK(n->interrupt == &s.interrupted && n->budget == 123456789 && !n->progress, "flag, budget, no progress line");
  s.interrupted = 1;
  gfd_err e;
  CHECK(gfd_ctl_poll(n, &e) != GFD_OK, "an interrupt reaches the nested work");
}

/* Every CSV number reads back to the same double, in the shortest form:
 * decimal inputs (3.1, 0.1 + k/1000) come back as typed, and random bit
 * patterns over the whole range need at most 17 significant digits. */
static void test_csv_roundtrip(void) {
  table *t = table_new("", "x");
  const int n = 20000;
  double *v = malloc((size_t)n * sizeof *v);
  CHECK(t && v, "table");
  if (!t || !v) return;
  unsigned long long r = 88172645463325252ULL;
  for (int i = 0; i < n; i++) {
    if (i < 1000) v[i] = i == 0 ? 3.1 : 0.1 + i / 1000.0;
    else {
      do { /* xorshift64: any finite double */
        r ^= r << 13, r ^= r >> 7, r ^= r << 17;
        memcpy(&v[i], &r, sizeof v[i]);
      } while (!isfinite(v[i]));
    }
    table_num(t, v[i]);
    table_endrow(t);
  }
  char *csv = render(t, 1);
  char *line = strtok(csv, "\n");
  int bad = 0, longest = 0;
  for (int i = 0; i < n && line; i++) {
    line = strtok(NULL, "\n");
    if (!line) break;
    bad += strtod(line, NULL) != v[i];
    int digits = 0, lead = 1; /* significant: from the first non-zero digit */
    for (const char *c = line; *c && *c != 'e'; c++)
      if (isdigit((unsigned char)*c) && !(lead && *c == '0')) digits++, lead = 0;
    if (digits > longest) longest = digits;
    if (i == 0) CHECK(!strcmp(line, "3.1"), "3.1 prints as '%s'", line);
    if (i == 100) CHECK(!strcmp(line, "0.2"), "0.1 + 100/1000 prints as '%s'", line);
  }
  CHECK(bad == 0, "%d of %d numbers do not read back", bad, n);
  CHECK(longest <= 17, "at most 17 significant digits: %d", longest);
  free(csv);
  free(v);
  table_free(t);
}

int main(void) {
  test_runctl();
  test_csv_roundtrip();
  test_numbers();
  test_accessors();
  test_tables();
  return tu_done();
}
