/*
 * bench-ops.c — time single kernels at the sizes of the official models.
 * Usage: bench-ops [RUNS] [scan|dw|all]  (one thread; median CPU seconds)
 */
#include "ops/ops.h"

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
static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
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
    mb_scan_args sa = {h, w, din, n, r, u, din, dbl, 4 * nb, dt, bias, a, d, y, din};
    double t[64];
    if (runs > 64) runs = 64;
    for (int i = -1; i < runs; i++) {
        double t0 = now();
        op_scan_forward(&sa, 0, din);
        if (i >= 0) t[i] = now() - t0;
    }
    qsort(t, (size_t)runs, sizeof(double), cmp_double);
    double upd = (double)L * din * n * 4;
    printf("scan %dx%d Din %d N %d (%s): median %.4f s, min %.4f s, %.2f ns per state update, "
           "%.1f per 16-lane vector\n",
           h, w, din, n, mb_isa_name(mb_cpu_isa()), t[runs / 2], t[0], t[0] / upd * 1e9,
           t[0] / upd * 16e9);
    free(u), free(dt), free(dbl), free(y), free(bias), free(a), free(d);
}

int main(int argc, char **argv) {
    int runs = argc > 1 ? atoi(argv[1]) : 5;
    const char *which = argc > 2 ? argv[2] : "all";
    if (runs < 1) runs = 1;
    if (!strcmp(which, "all") || !strcmp(which, "scan")) {
        bench_scan(runs, 64, 64, 360, 16, 12);  /* classic SR x2, one block */
        bench_scan(runs * 10, 8, 8, 360, 16, 12); /* the same in cache */
        bench_scan(runs, 128, 128, 72, 10, 4);  /* light SR, one block */
        bench_scan(runs, 128, 128, 216, 16, 12); /* colour denoise, one block */
    }
    return 0;
}
