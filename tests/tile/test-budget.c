/*
 * test-budget.c — tile choice from the memory budget, the estimate, and the
 * measured peak RSS of a large run (4000 x 3000 RGB) staying within it.
 *
 * Each RSS measurement runs in its own child process: ru_maxrss is a
 * process-wide high-water mark. The child allocates and touches the caller's
 * input and output first, so the peak minus the level before the run is what
 * the tiler itself used.
 */
#include "fake-op.h"

#include "../test-util.h"

#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define MIB ((size_t)1 << 20)

static double peak_mib(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024.0; /* KiB on Linux */
}

/* In a child: run W x H x 3 with the budget; exit 0 when within it. */
static int rss_child(int w, int h, int s, size_t ws_per_pixel, size_t budget) {
    const size_t n_in = (size_t)3 * w * h, n_out = n_in * s * s;
    float *in = malloc(n_in * 4), *out = malloc(n_out * 4);
    fill_random(in, n_in, 3, 0, 1);
    for (size_t i = 0; i < n_out; i++) out[i] = -1.f; /* touched: not a lazy calloc */
    fake_op f = {.chans = 3, .upscale = s, .n_steps = 2, .ws_per_pixel = ws_per_pixel};
    mb_tile_op op = fake_op_make(&f);
    mambair_run_options opt;
    test_options_default(&opt);
    opt.memory_budget = budget;
    opt.n_threads = 2;
    mb_tile_plan plan;
    mambair_error err = {0};
    if (mb_tile_plan_make(&op, w, h, &opt, &plan, &err) != MAMBAIR_OK) {
        printf("FAIL plan: %s\n", err.message);
        return 1;
    }
    double before = peak_mib();
    mambair_status st = mb_tiler_run_op(&op, in, w, h, out, &opt, &err);
    double used = peak_mib() - before, est = (double)plan.bytes / MIB;
    int ok = st == MAMBAIR_OK;
    /* spot check: the identity op must have come through */
    for (size_t i = 0; ok && i < n_in; i += 9973)
        ok = out[(i / ((size_t)w * h)) * n_out / 3 + ((i % ((size_t)w * h)) / w) * s * s * w +
                 (i % w) * s] == in[i];
    /* within the budget; the estimate may exceed what is touched, by a little */
    ok = ok && used <= (double)budget / MIB && used <= est * 1.05 + 4 && used >= est * 0.7 - 4;
    printf("%s %dx%d x%d budget %zu MiB: tiles %dx%d (%dx%d grid, overlap %d, output in %s), "
           "estimate %.1f MiB, measured peak %.1f MiB above the caller's buffers (%s)\n",
           ok ? "ok" : "FAIL", w, h, s, budget / MIB, plan.tile_w, plan.tile_h, plan.nx, plan.ny,
           plan.overlap, plan.file_sink ? "a temporary file" : "RAM", est, used,
           st == MAMBAIR_OK ? "run ok" : err.message);
    free(in);
    free(out);
    return ok ? 0 : 1;
}

static void rss_case(int w, int h, int s, size_t ws_per_pixel, size_t budget) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int rc = rss_child(w, h, s, ws_per_pixel, budget);
        fflush(stdout);
        _exit(rc);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "RSS case %dx%d budget %zu MiB", w, h,
          budget / MIB);
}

int main(void) {
    fake_op f = {.chans = 3, .upscale = 2, .n_steps = 1, .ws_per_pixel = 100};
    mb_tile_op op = fake_op_make(&f);
    mambair_run_options opt;
    test_options_default(&opt);
    opt.n_threads = 2;
    mb_tile_plan p;
    mambair_error err = {0};

    /* fits: the whole image, the scan sees everything */
    mambair_status st = mb_tile_plan_make(&op, 640, 480, &opt, &p, &err);
    CHECK(st == MAMBAIR_OK && p.nx == 1 && p.ny == 1, "640x480 default budget: %dx%d grid",
          p.nx, p.ny);
    size_t whole = p.bytes;
    CHECK(mb_tiler_memory_estimate_op(&op, 640, 480, &opt) == whole, "estimate differs from plan");

    /* a budget below the whole image: tiles that fit it (which of them:
     * test-plan.c) */
    opt.memory_budget = whole / 2;
    st = mb_tile_plan_make(&op, 640, 480, &opt, &p, &err);
    CHECK(st == MAMBAIR_OK && p.nx * p.ny > 1 && p.bytes <= opt.memory_budget,
          "half budget: status %d grid %dx%d, %zu bytes for a budget of %zu", st, p.nx, p.ny,
          p.bytes, opt.memory_budget);
    printf("640x480 x2: whole image %.1f MiB; with half of that: %dx%d tiles of %d px, %.1f MiB\n",
           (double)whole / MIB, p.nx, p.ny, MB_MAX(p.tile_w, p.tile_h), (double)p.bytes / MIB);

    /* an impossible budget: LIMIT before any work, the message says how much */
    opt.memory_budget = 3 * MIB;
    float in[3 * 2 * 2] = {0}, out[3 * 4 * 4] = {-1}; /* {3, 2, 2} -> {3, 4, 4} */
    st = mb_tiler_run_op(&op, in, 2, 2, out, &opt, &err);
    CHECK(st == MAMBAIR_OK, "2x2 in 3 MiB: %s", err.message);
    f.calls = 0;
    float *big = calloc((size_t)3 * 500 * 400, 4), *bigout = malloc((size_t)3 * 1000 * 800 * 4);
    bigout[0] = -3;
    st = mb_tiler_run_op(&op, big, 500, 400, bigout, &opt, &err);
    CHECK(st == MAMBAIR_ERR_LIMIT && f.calls == 0 && bigout[0] == -3 && strstr(err.message, "need"),
          "500x400 in 3 MiB: status %s, %d forwards, message \"%s\"", mambair_status_string(st),
          f.calls, err.message);
    printf("500x400 in 3 MiB: %s\n", err.message);
    opt.tile_size = -1;
    opt.memory_budget = whole / 2;
    st = mb_tiler_run_op(&op, big, 640, 480 - 80, bigout, &opt, &err);
    CHECK(st == MAMBAIR_ERR_LIMIT, "whole image forced over budget: %s", mambair_status_string(st));
    printf("whole image forced: %s\n", err.message);
    opt.tile_size = -2;
    CHECK(mb_tiler_run_op(&op, big, 5, 5, bigout, &opt, &err) == MAMBAIR_ERR_INVALID_ARGUMENT,
          "tile size -2 accepted");
    free(big);
    free(bigout);

#if defined(__SANITIZE_ADDRESS__)
    printf("RSS checks skipped under AddressSanitizer (its shadow memory counts)\n");
#else
    /* 4000 x 3000 RGB: output in RAM with room for large tiles; output in a
     * temporary file when the budget is below the output itself; x2. */
    rss_case(4000, 3000, 1, 200, (size_t)320 << 20);
    rss_case(4000, 3000, 1, 200, (size_t)64 << 20);
    rss_case(2000, 1500, 2, 200, (size_t)96 << 20);
#endif
    printf("%d failures\n", g_failures);
    return g_failures ? 1 : 0;
}
