/*
 * output-file.h — how the command line writes a file so that a failure, a
 * signal or a hostile folder never leaves a half-written or stray file.
 *
 * A result is written to a temporary file created exclusively (O_EXCL,
 * random name, so a planted file or symlink cannot redirect the write) in the
 * target's folder, named ".NAME.mambair-PID-XXXXXX.partial"; it is synced and
 * renamed over the target only when the whole write succeeded, else deleted.
 * A run killed outright (SIGKILL, power loss) leaves its temporary file; a
 * later run writing the same name deletes such files when they belong to the
 * same user and their process is gone.
 */
#ifndef MAMBAIR_OUTPUT_FILE_H
#define MAMBAIR_OUTPUT_FILE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct output_temp {
    char path[PATH_MAX];
    int fd; /* -1 when closed */
} output_temp;

/* Before any work: the folder of `path` exists and may be written, and
 * `path` is not a folder. Removes stale temporary files of `path` left by
 * ended runs (their number in *stale, may be NULL). */
bool output_check(const char *path, int *stale, char *msg, size_t size);

/* A new empty temporary file beside `path`, permissions as a plain new file
 * would get; registered with interrupt_guard_file(). */
bool output_temp_create(const char *path, output_temp *t, char *msg, size_t size);

/* fsync, close and rename over `path`; on failure the temporary file is
 * deleted and `path` is unchanged. */
bool output_temp_commit(output_temp *t, const char *path, char *msg, size_t size);

/* Delete the temporary file (any state; safe to call twice). */
void output_temp_discard(output_temp *t);

/* The folder part of `path` ("." when none) into dir. */
void output_dir_of(const char *path, char *dir, size_t size);

#endif
