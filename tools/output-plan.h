/*
 * output-plan.h — where each result of a batch goes, decided before any work.
 *
 * A result never overwrites another input, nor its own unless forced; when
 * two inputs have the same name (from different folders) the later result is
 * numbered (NAME-2.ext, NAME-3.ext, ...) and a note says so; the input is
 * looked at (image_check) and the output's format and folder are checked
 * (image_save_check), so a batch refuses these files without running the
 * network for them. Paths are compared canonically (realpath of the folder)
 * and by inode.
 */
#ifndef MAMBAIR_OUTPUT_PLAN_H
#define MAMBAIR_OUTPUT_PLAN_H

#include <limits.h>
#include <stdbool.h>

typedef struct output_job {
    const char *in;                /* set by the caller                                  */
    char out[PATH_MAX];            /* the result's path                                  */
    char in_real[PATH_MAX];        /* canonical path of the input, "" when unresolved    */
    char out_real[PATH_MAX];       /* canonical folder + file name of the output         */
    char refused[PATH_MAX + 512];  /* non-empty: not to be processed, this is why        */
    char note[2 * PATH_MAX + 128]; /* to print before processing (a renamed output, ...) */
} output_job;

/* Fill out/refused/note of jobs[0..n) (their `in` set): to `output` itself
 * (one input, not to_dir) or into the folder `output`. */
void output_plan(output_job *jobs, int n, const char *output, bool to_dir, bool force);

/* The file-name part of a path. */
const char *output_base_name(const char *path);

#endif
