/*
 * bench-ops.c — time single kernels at the sizes of the official models.
 * Usage: bench-ops [RUNS] [scan|gemm|ln|all]  (scan: one thread, CPU seconds)
 */
#include "ops/gemm.h"
#include "ops/ops.h"
#include "thread/pool.h"
#include "thread/timing.h"

#include "mambair.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* CPU time of this thread: on a machine shared with other jobs, wall time
   counts the time we wait for a core */
static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}
static float *rnd(size_t n, float lo, float hi) {
    float *p = malloc(n * sizeof(float));
    unsigned s = 12345;
    for (size_t i = 0; i < n; i++) {
        s = s * 1664525u + 1013904223u;
        p[i] = lo + (hi - lo) * (float)(s >> 8) / 16777216.0f;
    }
    return p;
}

static void bench_scan(int runs, int h, int w, int din, int n, int r) {
    int64_t L = (int64_t)h * w, nb = r + 2 * n;
    float *u = rnd((size_t)(L * din), -1, 1), *dt = rnd((size_t)(4 * r * din), -0.5f, 0.5f);
    float *dbl = rnd((size_t)(L * 4 * nb), -1, 1), *y = malloc((size_t)(L * din) * sizeof(float));
    float *bias = rnd((size_t)(4 * din), -1, 1), *a = rnd((size_t)(4 * n * din), -16, -1);
    float *d = rnd((size_t)(4 * din), 0, 1);
    mb_scan_args sa = {h, w, din, n, r, u, din, dbl, 4 * nb, dt, bias, a, d, y, din, 0, 0};
    double t[64];
    if (runs > 64) runs = 64;
    for (int i = -1; i < runs; i++) {
        double t0 = now();
        op_scan_forward(&sa, 0, din);
        if (i >= 0) t[i] = now() - t0;
    }
    double med = mb_timing_median(t, runs), upd = (double)L * din * n * 4;
    printf("scan %dx%d Din %d N %d (%s): median %.4f s, min %.4f s, %.2f ns per state update, "
           "%.1f per 16-lane vector\n",
           h, w, din, n, mb_isa_name(mb_cpu_isa()), med, t[0], t[0] / upd * 1e9,
           t[0] / upd * 16e9);
    free(u), free(dt), free(dbl), free(y), free(bias), free(a), free(d);
}

typedef struct gemm_job {
    const float *a, *b;
    float *c;
    int64_t n, k;
} gemm_job;
static void gemm_rows(void *p, int64_t b, int64_t e) {
    gemm_job *j = p;
    mb_sgemm(false, true, e - b, j->n, j->k, 1.0f, j->a + b * j->k, j->k, j->b, j->k, 0.0f,
             j->c + b * j->n, j->n);
}

/* y {m, n} = x {m, k} · wᵀ three ways: BLAS on 1 thread, BLAS on 2 threads,
   our pool splitting rows over 2 threads with BLAS single-threaded */
static void bench_gemm(int runs, int64_t m, int64_t n, int64_t k, const char *what) {
    float *a = rnd((size_t)(m * k), -1, 1), *b = rnd((size_t)(n * k), -1, 1);
    float *c = malloc((size_t)(m * n) * sizeof(float));
    double flops = 2.0 * m * n * k, best[3] = {1e9, 1e9, 1e9};
    for (int mode = 0; mode < 3; mode++)
        for (int r = -1; r < runs; r++) {
            mb_gemm_set_threads(mode == 1 ? 2 : 1);
            double t0 = mb_timing_wall();
            if (mode == 2) {
                gemm_job j = {a, b, c, n, k};
                mb_pool_for(2, m, gemm_rows, &j);
            } else {
                mb_sgemm(false, true, m, n, k, 1.0f, a, k, b, k, 0.0f, c, n);
            }
            double t = mb_timing_wall() - t0;
            if (r >= 0 && t < best[mode]) best[mode] = t;
        }
    mb_gemm_set_threads(1);
    printf("gemm %s %lldx%lldx%lld: BLAS 1 thread %.1f GFLOPS, BLAS 2 threads %.1f, pool rows x2 %.1f "
           "(best of %d, wall clock)\n",
           what, (long long)m, (long long)n, (long long)k, flops / best[0] * 1e-9,
           flops / best[1] * 1e-9, flops / best[2] * 1e-9, runs);
    free(a), free(b), free(c);
}

static void bench_ln(int runs, int64_t rows, int64_t c) {
    float *x = rnd((size_t)(rows * c), -2, 3), *y = malloc((size_t)(rows * c) * sizeof(float));
    float *g = rnd((size_t)c, 0.5f, 1.5f), *b = rnd((size_t)c, -0.1f, 0.1f);
    double t[64];
    if (runs > 64) runs = 64;
    for (int i = -1; i < runs; i++) {
        double t0 = now();
        op_layernorm_forward(x, y, c, g, b, 1e-5f, 0, rows);
        if (i >= 0) t[i] = now() - t0;
    }
    double med = mb_timing_median(t, runs);
    printf("layernorm %lld rows x %lld (%s): median %.5f s, %.1f ns per row\n", (long long)rows,
           (long long)c, mb_isa_name(mb_cpu_isa()), med, med / rows * 1e9);
    free(x), free(y), free(g), free(b);
}

int main(int argc, char **argv) {
    int runs = argc > 1 ? atoi(argv[1]) : 5;
    const char *which = argc > 2 ? argv[2] : "all";
    if (runs < 1) runs = 1;
    if (!strcmp(which, "all") || !strcmp(which, "ln")) {
        bench_ln(runs, 16384, 60);
        bench_ln(runs, 16384, 72);
        bench_ln(runs, 16384, 180);
    }
    if (!strcmp(which, "all") || !strcmp(which, "gemm")) {
        printf("BLAS: %s\n", mambair_blas_info());
        bench_gemm(runs, 4096, 720, 180, "classic in_proj");
        bench_gemm(runs, 4096 + 2 * 66, 180, 180, "classic conv tap");
        bench_gemm(runs, 4228, 60, 180, "classic cab.0 tap");
        bench_gemm(runs, 4096, 60, 1620, "classic cab.0 as im2col");
        bench_gemm(runs, 4228, 180, 60, "classic cab.2 tap");
        bench_gemm(runs, 4096, 180, 540, "classic cab.2 as im2col");
        bench_gemm(runs, 16384, 144, 60, "light in_proj");
        bench_gemm(runs, 16384, 432, 180, "denoise in_proj");
    }
    if (!strcmp(which, "all") || !strcmp(which, "scan")) {
        bench_scan(runs, 64, 64, 360, 16, 12);  /* classic SR x2, one block */
        bench_scan(runs * 10, 8, 8, 360, 16, 12); /* the same in cache */
        bench_scan(runs, 128, 128, 72, 10, 4);  /* light SR, one block */
        bench_scan(runs, 128, 128, 216, 16, 12); /* colour denoise, one block */
    }
    return 0;
}
