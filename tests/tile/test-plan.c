/*
 * test-plan.c — the automatic tile choice (core/tile/budget.c): the plan
 * with the lowest predicted time that fits the budget, of the plans within
 * MB_TILE_COST_SLACK of it the one needing the least memory, no tile below
 * MB_TILE_AUTO_MIN unless the budget leaves nothing larger, the output in RAM
 * unless only a temporary file fits. The ops here have given cost functions,
 * so every choice is exact and checked against plans made with explicit tile
 * sizes. Then the built-in x2 model: a photo runs in tiles within a few
 * hundred MiB, not whole in gigabytes (the default before the cost model),
 * and a small image still runs whole. No timing.
 */
#include "fake-op.h"
#include "tile/cost.h"

#include "../test-util.h"

#define MIB ((size_t)1 << 20)

/* per-pixel cost rising with the tile area, as when activations outgrow the
 * caches */
static double cost_rising(int h, int w) {
    double L = (double)h * w;
    return L * (1.0 + L / 65536.0);
}
/* steeply rising: the smallest tiles would win without the floor */
static double cost_steep(int h, int w) {
    double L = (double)h * w;
    return L * L;
}
/* a large fixed cost per forward: as few tiles as possible */
static double cost_fixed(int h, int w) { return (double)h * w + 1e7; }
/* flat per pixel, but the whole image is dearer per pixel: a cache knee */
static double cost_knee(int h, int w) {
    double L = (double)h * w;
    return L * (L > 40000 ? 3.0 : 1.0);
}

/* The automatic plan against every explicit tile edge from the floor to the
 * image (the same geometry, the same estimates): nothing that fits is
 * cheaper beyond the slack, and nothing within the slack needs less memory. */
static void check_optimal(fake_op *f, int w, int h, size_t budget, const char *what) {
    mb_tile_op op = fake_op_make(f);
    mambair_run_options opt;
    test_options_default(&opt);
    opt.n_threads = 2;
    opt.memory_budget = budget;
    mb_tile_plan a, e;
    mambair_error err = {0};
    mambair_status st = mb_tile_plan_make(&op, w, h, &opt, &a, &err);
    CHECK(st == MAMBAIR_OK, "%s %dx%d: %s", what, w, h, err.message);
    if (st != MAMBAIR_OK) return;
    double best = a.cost;
    int whole = MB_MAX(w, h), n_fit = 0;
    for (int t = MB_MIN(MB_TILE_AUTO_MIN, whole); t <= whole; t++) {
        opt.tile_size = t;
        if (mb_tile_plan_make(&op, w, h, &opt, &e, NULL) != MAMBAIR_OK || e.file_sink) continue;
        n_fit++;
        if (e.cost < best) best = e.cost;
    }
    CHECK(n_fit > 0, "%s %dx%d: no explicit tile fits", what, w, h);
    CHECK(a.cost <= best * (1 + MB_TILE_COST_SLACK) && a.bytes <= budget && !a.file_sink,
          "%s %dx%d: chose %dx%d tiles costing %.4g, %zu bytes; the cheapest explicit plan "
          "costs %.4g", what, w, h, a.tile_w, a.tile_h, a.cost, a.bytes, best);
    for (int t = MB_MIN(MB_TILE_AUTO_MIN, whole); t <= whole; t++) {
        opt.tile_size = t;
        if (mb_tile_plan_make(&op, w, h, &opt, &e, NULL) != MAMBAIR_OK || e.file_sink) continue;
        CHECK(!(e.cost <= best * (1 + MB_TILE_COST_SLACK) && e.bytes < a.bytes),
              "%s %dx%d: tile %d is as fast (%.4g vs %.4g) and needs less (%zu < %zu bytes)",
              what, w, h, t, e.cost, a.cost, e.bytes, a.bytes);
    }
    printf("%s %dx%d, budget %zu MiB: %dx%d tiles of %dx%d, %.1f MiB, cost %.4g (best explicit "
           "%.4g)\n", what, w, h, budget / MIB, a.nx, a.ny, a.tile_w, a.tile_h,
           (double)a.bytes / MIB, a.cost, best);
}

static void fake_choices(void) {
    fake_op f = {.chans = 3, .upscale = 2, .n_steps = 1, .ws_per_pixel = 400};
    mb_tile_op op;
    mambair_run_options opt;
    test_options_default(&opt);
    opt.n_threads = 2;
    mb_tile_plan p;
    mambair_error err = {0};

    /* Pixels only (no cost model): the whole image has no overlap, so it wins
     * whenever it fits. */
    op = fake_op_make(&f);
    CHECK(mb_tile_plan_make(&op, 640, 480, &opt, &p, &err) == MAMBAIR_OK && p.nx * p.ny == 1,
          "flat cost: %dx%d tiles instead of the whole image", p.nx, p.ny);

    /* A per-forward cost: the whole image too. */
    f.cost = cost_fixed;
    op = fake_op_make(&f);
    CHECK(mb_tile_plan_make(&op, 640, 480, &opt, &p, &err) == MAMBAIR_OK && p.nx * p.ny == 1,
          "fixed cost: %dx%d tiles instead of the whole image", p.nx, p.ny);

    /* A cost per pixel rising with the tile: tiles although the whole image
     * fits the budget, and the choice is the cheapest. */
    f.cost = cost_rising;
    op = fake_op_make(&f);
    opt.memory_budget = 0;
    CHECK(mb_tile_plan_make(&op, 640, 480, &opt, &p, &err) == MAMBAIR_OK && p.nx * p.ny > 1,
          "rising cost: the whole image");
    check_optimal(&f, 640, 480, (size_t)2 << 30, "rising");
    check_optimal(&f, 1000, 750, (size_t)2 << 30, "rising");
    check_optimal(&f, 333, 97, (size_t)2 << 30, "rising");
    check_optimal(&f, 1000, 750, 64 * MIB, "rising, capped");
    f.cost = cost_knee;
    check_optimal(&f, 640, 480, (size_t)2 << 30, "knee");
    check_optimal(&f, 150, 120, (size_t)2 << 30, "knee");
    op = fake_op_make(&f);
    CHECK(mb_tile_plan_make(&op, 150, 120, &opt, &p, &err) == MAMBAIR_OK && p.nx * p.ny == 1,
          "knee: a 150x120 image below the knee runs in %dx%d tiles, not whole", p.nx, p.ny);
    f.cost = NULL;
    check_optimal(&f, 900, 700, 96 * MIB, "flat, capped");

    /* The floor: the steep cost wants the smallest tiles, gets 64 px ... */
    f.cost = cost_steep;
    op = fake_op_make(&f);
    CHECK(mb_tile_plan_make(&op, 640, 480, &opt, &p, &err) == MAMBAIR_OK &&
              MB_MAX(p.tile_w, p.tile_h) == MB_TILE_AUTO_MIN,
          "steep cost: %dx%d tiles, expected the floor of %d", p.tile_w, p.tile_h,
          MB_TILE_AUTO_MIN);
    /* ... and smaller ones only when 64 px tiles do not fit the budget */
    opt.tile_size = MB_TILE_AUTO_MIN;
    opt.memory_budget = (size_t)1 << 40;
    mb_tile_plan at_floor;
    CHECK(mb_tile_plan_make(&op, 640, 480, &opt, &at_floor, &err) == MAMBAIR_OK, "%s",
          err.message);
    opt.tile_size = 0;
    opt.memory_budget = at_floor.bytes - 1;
    mambair_status st = mb_tile_plan_make(&op, 640, 480, &opt, &p, &err);
    CHECK(st == MAMBAIR_OK && MB_MAX(p.tile_w, p.tile_h) < MB_TILE_AUTO_MIN &&
              MB_MAX(p.tile_w, p.tile_h) >= MB_TILE_MIN && p.bytes <= opt.memory_budget,
          "budget below the floor tile: status %d, %dx%d tiles, %zu bytes", st, p.tile_w,
          p.tile_h, p.bytes);

    /* A network that needs a view of 192 px (mb_net_context_px, the photo
     * models): the steep cost still wants the smallest tiles, the plan
     * takes 192 px; an image under that runs whole; a budget that 192 px
     * tiles exceed gets smaller ones, down to MB_TILE_MIN, not an error */
    opt.memory_budget = 0;
    op.context_px = 192;
    CHECK(mb_tile_plan_make(&op, 640, 480, &opt, &p, &err) == MAMBAIR_OK &&
              MB_MAX(p.tile_w, p.tile_h) == 192 && p.nx * p.ny > 1,
          "context 192, steep cost: %dx%d tiles (%dx%d), expected 192 px", p.tile_w, p.tile_h,
          p.nx, p.ny);
    CHECK(mb_tile_plan_make(&op, 180, 150, &opt, &p, &err) == MAMBAIR_OK && p.nx * p.ny == 1,
          "context 192: a 180x150 image runs in %dx%d tiles, not whole", p.nx, p.ny);
    opt.tile_size = 192;
    opt.memory_budget = (size_t)1 << 40;
    CHECK(mb_tile_plan_make(&op, 640, 480, &opt, &at_floor, &err) == MAMBAIR_OK, "%s",
          err.message);
    opt.tile_size = 0;
    opt.memory_budget = at_floor.bytes - 1;
    st = mb_tile_plan_make(&op, 640, 480, &opt, &p, &err);
    CHECK(st == MAMBAIR_OK && MB_MAX(p.tile_w, p.tile_h) < 192 &&
              MB_MAX(p.tile_w, p.tile_h) >= MB_TILE_MIN && p.bytes <= opt.memory_budget,
          "context 192, budget below its tile: status %d, %dx%d tiles, %zu bytes", st, p.tile_w,
          p.tile_h, p.bytes);
    opt.memory_budget = 0;
    op.context_px = 0;

    /* Output in RAM unless only a file fits: a budget below the staged
     * output itself (3 x 1280 x 960 floats = 14 MiB) needs the file. */
    f.cost = cost_rising;
    op = fake_op_make(&f);
    opt.memory_budget = 0;
    CHECK(mb_tile_plan_make(&op, 640, 480, &opt, &p, &err) == MAMBAIR_OK && !p.file_sink,
          "default budget: output in a temporary file");
    opt.memory_budget = 12 * MIB;
    st = mb_tile_plan_make(&op, 640, 480, &opt, &p, &err);
    CHECK(st == MAMBAIR_OK && p.file_sink && p.bytes <= opt.memory_budget,
          "12 MiB: status %d, file %d, %zu bytes", st, p.file_sink, p.bytes);
}

/* The built-in x2 model through the public API. */
static void builtin_choices(void) {
    char path[4096];
    mambair_error err = {0};
    mambair_model *m = NULL;
    if (mambair_default_model_path(MAMBAIR_TASK_SUPER_RESOLUTION, 2, NULL, path, sizeof path,
                                   &err) != MAMBAIR_OK ||
        mambair_model_open_file(path, &m, &err) != MAMBAIR_OK) {
        printf("built-in x2 model not found (%s): its checks skipped\n", err.message);
        return;
    }
    mambair_run_options opt;
    mambair_run_options_default(&opt);
    opt.n_threads = 2;
    mambair_run_plan p;
    /* 1000x750: the planner used to run it whole with 2.2 GB */
    CHECK(mambair_run_plan_query(m, 1000, 750, &opt, &p, &err) == MAMBAIR_OK &&
              p.tiles_x * p.tiles_y > 1 && p.bytes < 512 * MIB,
          "1000x750 x2: %dx%d tiles of %dx%d, %zu MiB", p.tiles_x, p.tiles_y, p.tile_width,
          p.tile_height, p.bytes / MIB);
    CHECK(p.bytes == mambair_run_memory_estimate(m, 1000, 750, &opt), "estimate differs");
    printf("built-in x2, 1000x750: %dx%d tiles of %dx%d px, %.1f MiB, predicted %.2f s\n",
           p.tiles_x, p.tiles_y, p.tile_width, p.tile_height, (double)p.bytes / MIB, p.seconds);
    /* a small image: whole (no overlap to pay for) */
    CHECK(mambair_run_plan_query(m, 90, 70, &opt, &p, &err) == MAMBAIR_OK &&
              p.tiles_x * p.tiles_y == 1 && p.overlap == 0,
          "90x70 x2: %dx%d tiles", p.tiles_x, p.tiles_y);
    /* the budget is a cap the plan keeps */
    opt.memory_budget = 40 * MIB;
    CHECK(mambair_run_plan_query(m, 1000, 750, &opt, &p, &err) == MAMBAIR_OK &&
              p.bytes <= opt.memory_budget,
          "1000x750 x2 in 40 MiB: %s, %zu MiB", err.message, p.bytes / MIB);
    /* and an explicit whole image is still possible when asked */
    opt.memory_budget = 0;
    opt.tile_size = -1;
    CHECK(mambair_run_plan_query(m, 300, 200, &opt, &p, &err) == MAMBAIR_OK &&
              p.tiles_x * p.tiles_y == 1,
          "whole 300x200 refused: %s", err.message);
    mambair_model_free(m);
}

/* The cost model itself: per-pixel cost never falls as the tile grows (no
 * cache is faster when fuller), larger networks cost more per pixel, one
 * thread costs more than two on tiles the planner would pick (below that
 * the barriers can outweigh the second thread's help). */
static void cost_model(void) {
    mambair_config small = {.in_chans = 3, .embed_dim = 48, .n_groups = 2, .depths = {2, 2},
                            .d_state = 8, .d_inner = 72, .dt_rank = 3, .upscale = 2,
                            .head = MAMBAIR_HEAD_PIXELSHUFFLE_DIRECT, .light_cab = 1};
    mambair_config classic = {.in_chans = 3, .embed_dim = 180, .n_groups = 6,
                              .depths = {6, 6, 6, 6, 6, 6}, .d_state = 16, .d_inner = 360,
                              .dt_rank = 12, .upscale = 2, .head = MAMBAIR_HEAD_PIXELSHUFFLE};
    double prev = 0;
    for (int t = 16; t <= 2048; t *= 2) {
        double px = mb_tile_cost_forward(&small, t, t, 1) / ((double)t * t);
        CHECK(px >= prev, "per-pixel cost falls from %.3g to %.3g at %d px", prev, px, t);
        prev = px;
        double big = mb_tile_cost_forward(&classic, t, t, 1) / ((double)t * t);
        CHECK(big > 10 * px, "classic SR %.3g s/px not above 10x the small model's %.3g", big, px);
        CHECK(t < MB_TILE_AUTO_MIN ||
                  mb_tile_cost_forward(&small, t, t, 2) < mb_tile_cost_forward(&small, t, t, 1),
              "two threads not faster at %d px", t);
    }
}

int main(void) {
    fake_choices();
    builtin_choices();
    cost_model();
    printf("%d failures\n", g_failures);
    return g_failures ? 1 : 0;
}
