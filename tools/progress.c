/* progress.c — terminal progress bar and plain progress lines (see progress.h). */
#include "progress.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "thread/timing.h"

static void format_eta(double s, char *buf, size_t size) {
    if (!(s >= 0) || s > 1e7) {
        snprintf(buf, size, "--:--");
        return;
    }
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, size, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, size, "%ld:%02ld", t / 60, t % 60);
}

void progress_init(progress *p, int n_images, bool quiet) {
    memset(p, 0, sizeof *p);
    p->out = stderr;
    p->quiet = quiet;
    p->tty = isatty(fileno(stderr)) && getenv("TERM") && strcmp(getenv("TERM"), "dumb");
    p->n_images = n_images;
    p->t_all = mb_timing_wall();
}

void progress_begin(progress *p, int index, const char *name) {
    p->index = index;
    p->name = name;
    p->t_image = mb_timing_wall();
    p->t_drawn = 0;
    p->quarter = 0;
    p->fraction = 0;
    if (p->quiet) return;
    if (!p->tty) fprintf(p->out, "[%d/%d] %s: started\n", index + 1, p->n_images, name);
    else progress_update(p, 0.0, NULL);
}

int progress_update(void *user, double fraction, const char *stage) {
    progress *p = user;
    (void)stage;
    if (fraction < 0) fraction = 0;
    if (fraction > 1) fraction = 1;
    p->fraction = fraction;
    if (p->quiet) return 0;
    double now = mb_timing_wall();
    if (!p->tty) {
        int q = (int)(fraction * 4.0);
        if (q > p->quarter && q < 4) {
            p->quarter = q;
            fprintf(p->out, "[%d/%d] %s: %d%%\n", p->index + 1, p->n_images, p->name, q * 25);
        }
        return 0;
    }
    if (now - p->t_drawn < 0.1 && fraction < 1.0 && fraction > 0.0) return 0;
    p->t_drawn = now;
    enum { BAR = 24 };
    char bar[BAR + 1];
    int fill = (int)(fraction * BAR + 0.5);
    for (int i = 0; i < BAR; i++) bar[i] = i < fill ? '#' : '.';
    bar[BAR] = '\0';
    double spent = now - p->t_image, all = now - p->t_all;
    double overall = (p->index + fraction) / (p->n_images > 0 ? p->n_images : 1);
    char eta[32], eta_all[32];
    format_eta(fraction > 0.01 ? spent * (1 - fraction) / fraction : -1, eta, sizeof eta);
    format_eta(overall > 0.005 ? all * (1 - overall) / overall : -1, eta_all, sizeof eta_all);
    fprintf(p->out, "\r\033[K[%d/%d] %.30s [%s] %3d%% ETA %s", p->index + 1, p->n_images, p->name, bar,
            (int)(fraction * 100), eta);
    if (p->n_images > 1) fprintf(p->out, " | all %3d%% ETA %s", (int)(overall * 100), eta_all);
    fflush(p->out);
    return 0;
}

void progress_note(progress *p, const char *line) {
    if (p->tty && !p->quiet) fputs("\r\033[K", p->out);
    fprintf(p->out, "%s\n", line);
}

void progress_end(progress *p, bool ok, const char *msg) {
    double spent = mb_timing_wall() - p->t_image;
    if (p->tty && !p->quiet) fputs("\r\033[K", p->out);
    if (!ok)
        fprintf(p->out, "[%d/%d] %s: FAILED: %s\n", p->index + 1, p->n_images, p->name, msg ? msg : "");
    else if (!p->quiet)
        fprintf(p->out, "[%d/%d] %s: done in %.1f s%s%s\n", p->index + 1, p->n_images, p->name, spent,
                msg ? " -> " : "", msg ? msg : "");
    fflush(p->out);
}
