/*
 * bench-tiles.c — the network's time per pixel against the tile edge, on the
 * built-in models and the official configurations (random weights), next to
 * what the planner's cost model (core/tile/cost.c) predicts. The data the
 * cost model was fitted to; run it again to check the fit on another machine.
 *
 * Usage: bench-tiles [RUNS] [THREADS] [CASE...]
 *   CASE: sr-x2, sr-x4, denoise (built-in files), light, classic, colour-dn
 *   (official shapes, random weights); default: all.
 * One forward per tile edge is timed RUNS times (median, min, max) after one
 * warm-up forward; the workspace is allocated and touched once, so page
 * faults are not in the times (the cost model adds them separately).
 * "cpu/th" is the median CPU time divided by the threads: close to the wall
 * time on an idle machine, and much steadier than it on a shared one.
 */
#include "synth-model.h"

#include "net/net.h"
#include "ops/ops.h"
#include "thread/pool.h"
#include "thread/timing.h"
#include "tile/cost.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void touch_range(void *ctx, int64_t b, int64_t e) {
    volatile float *x = ctx;
    for (int64_t i = b; i < e; i++) x[i * 16] += 1.0f;
}

/* Wall time of one barrier of the pool (a parallel loop with almost no
 * work): what K_SYNC in cost.c stands for. Median of 5 batches of 2000. */
static double barrier_seconds(int nth) {
    static float x[64 * 16];
    double b[5];
    for (int k = 0; k < 5; k++) {
        double t0 = mb_timing_wall();
        for (int i = 0; i < 2000; i++) mb_pool_for(nth, 64, touch_range, x);
        b[k] = (mb_timing_wall() - t0) / 2000;
    }
    return mb_timing_median(b, 5);
}

typedef struct tile_case {
    const char *key, *file; /* file: a built-in model in MAMBAIR_SOURCE_MODEL_DIR */
    synth_spec spec;        /* otherwise these shapes with random weights        */
    int edges[12];          /* tile edges to time, 0-terminated                  */
} tile_case;

static const tile_case cases[] = {
    {"sr-x2", "sr-x2.safetensors", {0}, {32, 48, 64, 96, 128, 192, 256, 384, 512}},
    {"sr-x4", "sr-x4.safetensors", {0}, {32, 64, 128, 256}},
    {"denoise", "denoise-s25.safetensors", {0}, {32, 48, 64, 96, 128, 192, 256, 384, 512}},
    {"light", NULL, {3, 60, 4, 6, 10, 72, 4, 1, 2}, {32, 64, 128}},
    {"classic", NULL, {3, 180, 6, 6, 16, 360, 12, 0, 2}, {32, 64, 96}},
    {"colour-dn", NULL, {3, 180, 6, 6, 16, 216, 12, 2, 1}, {32, 64, 96}},
};

static mambair_status open_case(const tile_case *tc, mb_net **net, mambair_error *err) {
    mb_tensordict td = {0};
    mambair_status st;
    if (tc->file) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", MAMBAIR_SOURCE_MODEL_DIR, tc->file);
        st = mb_tensordict_load_file(path, &td, err);
    } else {
        st = synth_model_build(&tc->spec, 1234, &td, err);
    }
    if (st == MAMBAIR_OK) st = mb_net_create(&td, net, err);
    mb_tensordict_free(&td);
    return st;
}

int main(int argc, char **argv) {
    int runs = argc > 1 ? atoi(argv[1]) : 3;
    int nth = argc > 2 ? atoi(argv[2]) : 0;
    if (runs < 1) runs = 1;
    if (nth < 1) nth = mb_cpu_count();
    char cpu[256];
    mb_timing_cpu_name(cpu, sizeof cpu);
    double load[3];
    mb_timing_load(load);
    printf("CPU: %s, %d online cores; threads: %d; scan kernel: %s\nBLAS: %s\n", cpu,
           mb_cpu_count(), nth, mb_isa_name(mb_cpu_isa()), mambair_blas_info());
    printf("load average at start: %.2f %.2f %.2f\n", load[0], load[1], load[2]);
    printf("pool barrier: %.1f us (median of 5 x 2000)\n", barrier_seconds(nth) * 1e6);
    printf("%-10s %5s %10s %10s %10s %10s %10s %8s %10s\n", "case", "tile", "us/px med", "min",
           "max", "cpu/th", "model", "mod/cpu", "ws MiB");
    for (size_t ci = 0; ci < sizeof cases / sizeof cases[0]; ci++) {
        const tile_case *tc = &cases[ci];
        bool wanted = argc <= 3;
        for (int a = 3; a < argc; a++) wanted |= !strcmp(argv[a], tc->key);
        if (!wanted) continue;
        mb_net *net = NULL;
        mambair_error err = {0};
        if (open_case(tc, &net, &err) != MAMBAIR_OK) {
            fprintf(stderr, "%s: %s\n", tc->key, err.message);
            return 1;
        }
        const mambair_config *cfg = mb_net_config(net);
        int tmax = 0;
        for (int k = 0; tc->edges[k]; k++) tmax = MB_MAX(tmax, tc->edges[k]);
        size_t s2 = (size_t)cfg->upscale * cfg->upscale;
        size_t n_in = (size_t)cfg->in_chans * tmax * tmax;
        float *in = malloc(n_in * sizeof(float)), *out = malloc(n_in * s2 * sizeof(float));
        size_t ws_max = mb_net_workspace_size(net, tmax, tmax, nth);
        char *ws = malloc(ws_max);
        double *t = calloc((size_t)runs, sizeof(double)), *tcpu = calloc((size_t)runs, sizeof(double));
        if (!in || !out || !ws || !t || !tcpu) {
            fprintf(stderr, "%s: out of memory\n", tc->key);
            return 1;
        }
        memset(ws, 0, ws_max);
        memset(out, 0, n_in * s2 * sizeof(float));
        for (size_t i = 0; i < n_in; i++) in[i] = (float)((i * 7919) % 1000) / 1000.0f;
        if (mb_net_forward(net, in, 64, 64, out, ws, nth, NULL, NULL, &err) != MAMBAIR_OK) {
            fprintf(stderr, "%s: %s\n", tc->key, err.message);
            return 1;
        }
        for (int k = 0; tc->edges[k]; k++) {
            int e = tc->edges[k];
            for (int r = 0; r < runs; r++) {
                double t0 = mb_timing_wall(), c0 = mb_timing_cpu();
                if (mb_net_forward(net, in, e, e, out, ws, nth, NULL, NULL, &err) != MAMBAIR_OK) {
                    fprintf(stderr, "%s: %s\n", tc->key, err.message);
                    return 1;
                }
                t[r] = mb_timing_wall() - t0;
                tcpu[r] = (mb_timing_cpu() - c0) / nth;
            }
            double px = (double)e * e, med = mb_timing_median(t, runs) / px * 1e6;
            double model = mb_tile_cost_forward(cfg, e, e, nth) / px * 1e6;
            double cpu = mb_timing_median(tcpu, runs) / px * 1e6;
            printf("%-10s %5d %10.2f %10.2f %10.2f %10.2f %10.2f %8.2f %10.1f\n", tc->key, e, med,
                   t[0] / px * 1e6, t[runs - 1] / px * 1e6, cpu, model, model / cpu,
                   mb_net_workspace_size(net, e, e, nth) / 1048576.0);
            fflush(stdout);
        }
        free(t);
        free(tcpu);
        free(ws);
        free(in);
        free(out);
        mb_net_free(net);
    }
    mb_timing_load(load);
    printf("load average at end: %.2f %.2f %.2f\n", load[0], load[1], load[2]);
    return 0;
}
