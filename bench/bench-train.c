/*
 * bench-train.c — training speed: steps/s and samples/s of forward + backward
 * + Adam for a configuration, on synthetic images (speed does not depend on
 * the pixels). Default: the 165k-parameter light model (embed 48, depths
 * [2,2], d_state 8, expand 1.5, pixelshuffledirect x2), batch 16 of 48x48.
 *
 *   bench-train [STEPS] [BATCH] [PATCH] [THREADS]
 *
 * Prints median, min and max seconds per step over STEPS timed steps after
 * one warm-up step, the CPU time per step, threads and the BLAS in use.
 */
#include "ops/gemm.h"
#include "thread/pool.h"
#include "thread/timing.h"
#include "train/trainer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    int steps = argc > 1 ? atoi(argv[1]) : 5, batch = argc > 2 ? atoi(argv[2]) : 16,
        patch = argc > 3 ? atoi(argv[3]) : 48, threads = argc > 4 ? atoi(argv[4]) : 0;
    if (steps < 1) steps = 1;
    mambair_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.in_chans = 3;
    cfg.embed_dim = 48;
    cfg.n_groups = 2;
    cfg.depths[0] = cfg.depths[1] = 2;
    cfg.d_state = 8;
    cfg.d_inner = 72;
    cfg.dt_rank = 3;
    cfg.upscale = 2;
    cfg.head = MAMBAIR_HEAD_PIXELSHUFFLE_DIRECT;
    cfg.light_cab = 1;
    tr_options opt;
    tr_options_default(&opt);
    opt.batch = batch;
    opt.patch = patch;
    opt.threads = threads;
    opt.steps = 1000000;
    tr_trainer *t;
    mambair_error err;
    if (tr_trainer_create(&cfg, &opt, &t, &err)) {
        fprintf(stderr, "bench-train: %s\n", err.message);
        return 1;
    }
    /* synthetic data: smooth random images */
    tr_data d;
    tr_data_init(&d, 2, 3, 0, 0);
    int w = 256, h = 256;
    uint8_t *px = malloc((size_t)w * h * 3);
    tr_rng r;
    tr_rng_seed(&r, 3);
    for (int img = 0; img < 4; img++) {
        for (int i = 0; i < w * h * 3; i++) px[i] = (uint8_t)(128 + 100 * sin(i * 0.001 * (img + 1)) + 20 * tr_rng_uniform(&r));
        int added;
        if (tr_data_add(&d, px, w, h, 3, 96, &added, &err)) {
            fprintf(stderr, "bench-train: %s\n", err.message);
            return 1;
        }
    }
    free(px);
    double loss;
    tr_trainer_step(t, &d, &loss); /* warm-up */
    double *ts = malloc(sizeof(double) * (size_t)steps);
    double c0 = mb_timing_cpu();
    for (int i = 0; i < steps; i++) {
        double t0 = mb_timing_wall();
        tr_trainer_step(t, &d, &loss);
        ts[i] = mb_timing_wall() - t0;
    }
    double cpu = (mb_timing_cpu() - c0) / steps;
    double med = mb_timing_median(ts, steps);
    printf("bench-train: %lld params, batch %d x %dx%d, %d threads (batch in %d parts), %s\n",
           (long long)t->lay.total, batch, patch, patch, t->opt.threads, t->nparts, mambair_blas_info());
    printf("step: median %.3f s, min %.3f, max %.3f over %d steps = %.2f steps/s, %.1f samples/s\n",
           med, ts[0], ts[steps - 1], steps, 1 / med, batch / med);
    /* On a shared machine the wall time includes waiting for the CPU; the CPU
     * time divided by the threads is what an idle machine would take. */
    printf("cpu: %.3f s/step over all threads = %.3f s/step on %d idle cores\n", cpu,
           cpu / t->opt.threads, t->opt.threads);
    printf("target <= 0.7 s/step (official PyTorch on this machine: 3.5 s/step)\n");
    free(ts);
    tr_data_free(&d);
    tr_trainer_free(t);
    return 0;
}
