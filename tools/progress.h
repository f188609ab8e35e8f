/*
 * progress.h — progress display for batch commands. On a terminal: one line
 * redrawn in place with a bar for the current image, its ETA and the overall
 * ETA. Otherwise (log files, pipes): plain lines at the start, at each
 * quarter and at the end of every image. Nothing at all with --quiet.
 */
#ifndef MAMBAIR_PROGRESS_H
#define MAMBAIR_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>

typedef struct progress {
    FILE *out;
    bool tty, quiet;
    int n_images, index;
    const char *name;
    double t_all, t_image, t_drawn;
    int quarter; /* last quarter printed in plain mode */
    double fraction;
} progress;

void progress_init(progress *p, int n_images, bool quiet);
void progress_begin(progress *p, int index, const char *name);
/* mambair_progress_fn-compatible; always returns 0 (cancel is handled apart). */
int progress_update(void *user, double fraction, const char *stage);
/* ok: "done in 3.2 s"; not ok: prints msg. */
void progress_end(progress *p, bool ok, const char *msg);
/* Print a line without breaking the bar. */
void progress_note(progress *p, const char *line);

#endif
