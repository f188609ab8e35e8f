/* output-plan.c — every output of a batch decided before any work (see output-plan.h). */
#include "output-plan.h"

#include "image-io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef output_job job;

const char *output_base_name(const char *p) {
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}
#define base_name output_base_name

/* True when a and b name the same existing file. */
static bool same_file(const char *a, const char *b) {
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Canonical folder + file name of a path whose file may not exist yet. */
static void canonical_output(const char *path, char *out, size_t size) {
    char dir[PATH_MAX], real[PATH_MAX];
    const char *slash = strrchr(path, '/');
    if (!slash) snprintf(dir, sizeof dir, ".");
    else snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
    if (!realpath(dir, real)) snprintf(real, sizeof real, "%s", dir);
    if (snprintf(out, size, "%s/%s", strcmp(real, "/") ? real : "", base_name(path)) >= (int)size)
        snprintf(out, size, "%s", path); /* too long to resolve: compared as given */
}

/* True when `real` (canonical) or the file at `path` is an input or an
 * output already planned (jobs before `upto`, not refused); *who names it. */
static bool name_taken(const job *jobs, int n, int upto, const char *path, const char *real, int self,
                       bool *input, int *who) {
    for (int j = 0; j < n; j++) {
        if (j == self) continue;
        if ((jobs[j].in_real[0] && !strcmp(real, jobs[j].in_real)) || same_file(path, jobs[j].in)) {
            *input = true;
            *who = j;
            return true;
        }
    }
    for (int k = 0; k < upto; k++)
        if (!jobs[k].refused[0] && !strcmp(real, jobs[k].out_real)) {
            *input = false;
            *who = k;
            return true;
        }
    return false;
}

/* The output of every job, decided and checked before any work. */
void output_plan(job *jobs, int n, const char *output, bool to_dir, bool force) {
    for (int i = 0; i < n; i++) {
        job *jb = &jobs[i];
        if (!realpath(jb->in, jb->in_real)) jb->in_real[0] = '\0';
    }
    for (int i = 0; i < n; i++) {
        job *jb = &jobs[i];
        int nw = to_dir ? snprintf(jb->out, sizeof jb->out, "%s%s%s", output,
                                   output[strlen(output) - 1] == '/' ? "" : "/", base_name(jb->in))
                        : snprintf(jb->out, sizeof jb->out, "%s", output);
        if (nw < 0 || (size_t)nw >= sizeof jb->out) {
            snprintf(jb->refused, sizeof jb->refused, "the output path is too long");
            continue;
        }
        canonical_output(jb->out, jb->out_real, sizeof jb->out_real);
        /* an input that is not an image says so (rather than its output name) */
        if (!image_check(jb->in, jb->refused, sizeof jb->refused)) continue;
        /* its own input: only with --force */
        if ((jb->in_real[0] && !strcmp(jb->out_real, jb->in_real)) || same_file(jb->out, jb->in)) {
            if (!force) {
                snprintf(jb->refused, sizeof jb->refused, "refusing to overwrite the input %s (use --force)",
                         jb->out);
                continue;
            }
        }
        bool input;
        int who;
        if (name_taken(jobs, n, i, jb->out, jb->out_real, i, &input, &who)) {
            if (input) {
                snprintf(jb->refused, sizeof jb->refused,
                         "the result would overwrite another input, %s; choose another output folder",
                         jobs[who].in);
                continue;
            }
            /* two inputs of the same name into one folder: number the later one */
            const char *ext = strrchr(base_name(jb->out), '.');
            const size_t stem = ext ? (size_t)(ext - jb->out) : strlen(jb->out);
            char first[PATH_MAX];
            snprintf(first, sizeof first, "%s", jb->out);
            bool found = false;
            for (int k = 2; k < 10000 && !found; k++) {
                char cand[PATH_MAX], real[PATH_MAX];
                struct stat st;
                nw = snprintf(cand, sizeof cand, "%.*s-%d%s", (int)stem, jb->out, k, ext ? ext : "");
                if (nw < 0 || (size_t)nw >= sizeof cand) break;
                canonical_output(cand, real, sizeof real);
                if (name_taken(jobs, n, i, cand, real, -1, &input, &who) || lstat(cand, &st) == 0) continue;
                snprintf(jb->out, sizeof jb->out, "%s", cand);
                snprintf(jb->out_real, sizeof jb->out_real, "%s", real);
                found = true;
            }
            if (!found) {
                snprintf(jb->refused, sizeof jb->refused, "no free name for the result beside %s", first);
                continue;
            }
            snprintf(jb->note, sizeof jb->note, "%s: the result is written as %s (%s is the result of %s)",
                     jb->in, jb->out, first, jobs[who].in);
        }
        int stale = 0;
        char msg[sizeof jb->refused];
        if (!image_save_check(jb->out, &stale, msg, sizeof msg)) {
            snprintf(jb->refused, sizeof jb->refused, "%s", msg);
            continue;
        }
        if (stale > 0 && !jb->note[0])
            snprintf(jb->note, sizeof jb->note, "%s: removed %d unfinished file(s) left by an earlier run",
                     jb->out, stale);
    }
}

