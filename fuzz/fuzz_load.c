/* fuzz_load.c - libFuzzer target for `load` of session files and for
 * script files: the input is written to a file in the scratch directory and
 * loaded, as `gfd -c 'load in.gfd'` does (checked as a whole, then
 * replayed), then run as `gfd -f in.gfd` does. */
#include <config.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_sandbox.h"

FILE *__real_fopen(const char *path, const char *mode);

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  fuzz_sandbox_init();
  return 0;
}

static void write_input(const uint8_t *data, size_t size) {
  FILE *f = __real_fopen("in.gfd", "w");
  if (!f) abort();
  if (size) fwrite(data, 1, size, f);
  if (fclose(f) != 0) abort();
}

/* Each input twice: through `load` (strict text check, then the line
 * check), and as `gfd -f in.gfd` reads a script (whole file, line check with
 * NUL bytes and long lines, then the run). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  session s;
  write_input(data, size);
  fuzz_session_begin(&s);
  sh_run_string(&s, "load in.gfd", "-c");
  fuzz_session_end(&s);
  write_input(data, size);
  fuzz_session_begin(&s);
  sh_script_run_file(&s, "in.gfd", 1);
  fuzz_session_end(&s);
  return 0;
}
