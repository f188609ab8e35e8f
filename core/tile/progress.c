/* progress.c — overall fraction, stage text with an ETA, cancel polling.
 * All tiles have the same size, so every forward step is the same share of
 * the work: fraction = steps done / steps in the run. */
#include "plan.h"

#include "thread/timing.h"

void mb_progress_init(mb_progress *pr, const mambair_run_options *opt, int n_tiles, int n_views,
                      int n_steps) {
    *pr = (mb_progress){0};
    pr->opt = opt;
    pr->n_tiles = n_tiles;
    pr->n_views = n_views;
    pr->n_steps = n_steps > 0 ? n_steps : 1;
    pr->total = (int64_t)n_tiles * n_views * pr->n_steps;
    pr->t0 = mb_timing_wall();
}

static int report(mb_progress *pr, int block) {
    const mambair_run_options *opt = pr->opt;
    if (opt->cancel && *opt->cancel) return pr->cancelled = 1;
    if (!opt->progress) return 0;
    /* The last 1% is the copy to the output; 1.0 only once that is done. */
    double f = 0.99 * (double)MB_MIN(pr->done, pr->total) / (double)pr->total;
    if (f < pr->fraction) f = pr->fraction;
    pr->fraction = f;
    char stage[128];
    int n = snprintf(stage, sizeof stage, "tile %d/%d", pr->tile + 1, pr->n_tiles);
    if (pr->n_views > 1)
        n += snprintf(stage + n, sizeof stage - n, ", view %d/%d", pr->view + 1, pr->n_views);
    n += snprintf(stage + n, sizeof stage - n, ", block %d/%d", block, pr->n_steps);
    /* ETA from the mean time per step so far, once there is enough to go on. */
    double elapsed = mb_timing_wall() - pr->t0;
    if (pr->done > 0 && elapsed > 0.5) {
        double left = elapsed * (double)(pr->total - pr->done) / (double)pr->done;
        snprintf(stage + n, sizeof stage - n, ", %.0f s left", left);
    }
    if (opt->progress(opt->progress_user, f, stage)) return pr->cancelled = 1;
    return 0;
}

int mb_progress_poll(mb_progress *pr) { return pr->cancelled || report(pr, 0); }

int mb_progress_step(void *user, int step, int n_steps) {
    (void)step;
    (void)n_steps;
    mb_progress *pr = user;
    pr->done++;
    int block = (int)MB_MIN(pr->done - pr->fwd_base, (int64_t)pr->n_steps);
    return report(pr, block);
}

void mb_progress_done(mb_progress *pr) {
    if (pr->opt->progress) pr->opt->progress(pr->opt->progress_user, 1.0, "done");
}
