/* fuzz_sandbox.h - what the libFuzzer targets of gfd share: a fresh batch
 * session per input inside a scratch directory, with fuzzing-only limits.
 *
 * The limits keep valid but expensive commands cheap without touching the
 * program: the targets are linked with -Wl,--wrap for sh_ctl (every long
 * computation takes its run control from it: the budget is capped and the
 * deadline is pulled in, whatever `set budget`/`set timelimit` say) and
 * gfd_model_new (models above a size where one gradient stays cheap are
 * refused as over budget), and fopen/remove/sh_atomic_open (files may only
 * be written in the scratch directory; devices that could block are not
 * opened). */
#ifndef GFD_FUZZ_SANDBOX_H
#define GFD_FUZZ_SANDBOX_H

#include <stddef.h>
#include "shell_priv.h"

/* Memory one computation may use while fuzzing (the real default is 4 GiB). */
#define FUZZ_BUDGET ((size_t)64 << 20)
/* Seconds one computation may run, and one whole input. */
#define FUZZ_CMD_SECONDS 0.1
#define FUZZ_INPUT_SECONDS 0.5
/* A model is refused above this cost (parameters + teacher factors +
 * modadd contraction size): one gradient then stays well under 10 ms. */
#define FUZZ_MAX_MODEL_COST 5e4

/* Create the scratch directory and chdir into it (once). */
void fuzz_sandbox_init(void);
/* Start a fresh batch session for one input (output to /dev/null, no bail). */
void fuzz_session_begin(session *s);
/* Free the session and empty the scratch directory. */
void fuzz_session_end(session *s);

#endif
