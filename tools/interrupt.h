/*
 * interrupt.h — Ctrl+C (SIGINT) and SIGTERM for the image commands.
 *
 * The first signal sets interrupt_flag: the engine polls it between blocks
 * (mambair_run_options.cancel) and the batch stops before the next file,
 * removing the temporary file of a save in progress. The handlers are
 * installed without SA_RESTART, so a system call blocked in the meantime
 * returns EINTR instead of waiting on. A second signal ends the process at
 * once, after deleting that temporary file (the only thing a signal handler
 * may safely do is unlink() a name prepared beforehand).
 *
 * SIGXFSZ is ignored, so a write past the file-size limit (ulimit -f) fails
 * with EFBIG, which the savers report, instead of killing the process with
 * a half-written file.
 */
#ifndef MAMBAIR_INTERRUPT_H
#define MAMBAIR_INTERRUPT_H

#include <stdbool.h>

extern volatile int interrupt_flag;

/* Install the handlers (idempotent). */
void interrupt_install(void);

/* The temporary file to delete if the process is ended by a second signal
 * (NULL: none). The name is copied; one file at a time. */
void interrupt_guard_file(const char *path);

#endif
