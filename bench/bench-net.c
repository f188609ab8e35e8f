/*
 * bench-net.c — time the network on the official configurations with random
 * weights: median / min / max seconds over N runs after a warm-up, peak RSS,
 * threads, CPU, BLAS. Usage: bench-net [RUNS] [THREADS] [light|classic|denoise|all]
 */
#include "synth-model.h"

#include "net/net.h"
#include "ops/ops.h"
#include "thread/pool.h"
#include "thread/timing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

typedef struct bench_case {
    const char *key, *title;
    synth_spec spec;
    int h, w;
    double target_s, target_mib; /* the goals for this 2-core machine */
} bench_case;

static const bench_case cases[] = {
    {"light", "light SR x2 (C60, 4x6, N10, pixelshuffledirect) 128x128",
     {3, 60, 4, 6, 10, 72, 4, 1, 2}, 128, 128, 0.6, 524},
    {"classic", "classic SR x2 (C180, 6x6, N16, mlp 2, pixelshuffle) 64x64",
     {3, 180, 6, 6, 16, 360, 12, 0, 2}, 64, 64, 2.0, 789},
    {"denoise", "colour denoise (C180, 6x6, N16, mlp 1.2) 128x128",
     {3, 180, 6, 6, 16, 216, 12, 2, 1}, 128, 128, 6.0, 1010},
};

int main(int argc, char **argv) {
    int runs = argc > 1 ? atoi(argv[1]) : 5;
    int nth = argc > 2 ? atoi(argv[2]) : 0;
    const char *which = argc > 3 ? argv[3] : "all";
    if (runs < 1) runs = 1;
    if (nth < 1) nth = mb_cpu_count();
    char cpu[256];
    mb_timing_cpu_name(cpu, sizeof cpu);
    printf("CPU: %s, %d online cores; threads: %d; scan kernel: %s\n", cpu, mb_cpu_count(), nth,
           mb_isa_name(mb_cpu_isa()));
    printf("BLAS: %s\n", mambair_blas_info());
    double load[3] = {0};
    FILE *lf = fopen("/proc/loadavg", "r");
    if (lf) {
        if (fscanf(lf, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3) load[0] = -1;
        fclose(lf);
    }
    printf("load average at start: %.2f %.2f %.2f\n", load[0], load[1], load[2]);
    for (size_t ci = 0; ci < sizeof cases / sizeof cases[0]; ci++) {
        const bench_case *bc = &cases[ci];
        if (strcmp(which, "all") && strcmp(which, bc->key)) continue;
        mb_tensordict td = {0};
        mambair_error err = {0};
        mb_net *net = NULL;
        if (synth_model_build(&bc->spec, 1234, &td, &err) != MAMBAIR_OK ||
            mb_net_create(&td, &net, &err) != MAMBAIR_OK) {
            fprintf(stderr, "%s: %s\n", bc->title, err.message);
            return 1;
        }
        mb_tensordict_free(&td);
        const mambair_config *cfg = mb_net_config(net);
        size_t n_in = (size_t)cfg->in_chans * bc->h * bc->w;
        size_t n_out = n_in * cfg->upscale * cfg->upscale;
        float *in = malloc(n_in * sizeof(float)), *out = malloc(n_out * sizeof(float));
        for (size_t i = 0; i < n_in; i++) in[i] = (float)((i * 7919) % 1000) / 1000.0f;
        size_t ws_size = mb_net_workspace_size(net, bc->h, bc->w, nth);
        void *ws = malloc(ws_size);
        double *t = calloc((size_t)runs, sizeof(double)), *tc = calloc((size_t)runs, sizeof(double));
        for (int r = -1; r < runs; r++) { /* r = -1: warm-up */
            double t0 = mb_timing_wall(), c0 = mb_timing_cpu();
            if (mb_net_forward(net, in, bc->h, bc->w, out, ws, nth, NULL, NULL, &err) != MAMBAIR_OK) {
                fprintf(stderr, "%s: %s\n", bc->title, err.message);
                return 1;
            }
            if (r >= 0) {
                t[r] = mb_timing_wall() - t0;
                tc[r] = mb_timing_cpu() - c0;
            }
        }
        double med = mb_timing_median(t, runs), cpu_med = mb_timing_median(tc, runs);
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        /* CPU seconds / threads = the wall time on an otherwise idle machine
           when the threads are busy all the time (the load figure says how
           shared the machine was) */
        printf("%s\n  %d runs: median %.3f s, min %.3f s, max %.3f s (goal <= %.1f s); "
               "CPU time median %.3f s = %.3f s per thread\n  workspace %.0f MiB, peak RSS so far %.0f MiB (goal < %.0f MiB)\n",
               bc->title, runs, med, t[0], t[runs - 1], bc->target_s, cpu_med, cpu_med / nth,
               ws_size / 1048576.0, ru.ru_maxrss / 1024.0, bc->target_mib);
        fflush(stdout);
        free(t);
        free(tc);
        free(ws);
        free(in);
        free(out);
        mb_net_free(net);
    }
    return 0;
}
