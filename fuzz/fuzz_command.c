/* fuzz_command.c - libFuzzer target for the command parser and dispatcher:
 * the input is a script, run line by line on a fresh batch session with
 * --no-bail, exactly as `gfd --no-bail -f FILE` runs it. */
#include <config.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_sandbox.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  fuzz_sandbox_init();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  FILE *f = fmemopen((void *)data, size, "r");
  if (!f) return 0;
  session s;
  fuzz_session_begin(&s);
  sh_run_stream(&s, f, "fuzz");
  fclose(f);
  fuzz_session_end(&s);
  return 0;
}
