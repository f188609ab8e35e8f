/*
 * test-blend.c — the tiler with per-pixel ops.
 *
 * 1. Identity (nearest upscale): the output must equal the input exactly for
 *    every size (1x1, 1-pixel strips, smaller than one tile, non-square), tile
 *    size, overlap, upscale 1..4, 1 or 3 channels, both layouts, ensemble,
 *    clamping and the temporary-file sink.
 * 2. Tiles that disagree (each adds its own offset to a flat image): the
 *    blend must be smooth — the largest step between neighbouring pixels is a
 *    small part of the disagreement, which plain cropping would show whole.
 */
#include "fake-op.h"

#include <math.h>
#include <string.h>

static int failures;

static void to_interleaved(const float *src, int c, size_t n, float *dst) {
    for (size_t p = 0; p < n; p++)
        for (int k = 0; k < c; k++) dst[p * c + k] = src[k * n + p];
}

static void check_identity(int w, int h, int chans, int s, int tile, int overlap,
                           mambair_layout layout, int ensemble, int clamp, size_t budget) {
    const size_t n_in = (size_t)chans * w * h, n_out = n_in * s * s;
    float *in = malloc(n_in * 4), *in_l = malloc(n_in * 4), *exp = malloc(n_out * 4);
    float *exp_l = malloc(n_out * 4), *out = malloc(n_out * 4);
    fill_random(in, n_in, (unsigned)(w * 131 + h * 7 + s), -0.5f, 1.5f);
    fake_expected(in, chans, w, h, s, exp);
    if (clamp)
        for (size_t i = 0; i < n_out; i++) exp[i] = fminf(fmaxf(exp[i], 0.f), 1.f);
    if (layout == MAMBAIR_LAYOUT_INTERLEAVED) {
        to_interleaved(in, chans, (size_t)w * h, in_l);
        to_interleaved(exp, chans, (size_t)w * h * s * s, exp_l);
    } else {
        memcpy(in_l, in, n_in * 4);
        memcpy(exp_l, exp, n_out * 4);
    }
    fake_op f = {.chans = chans, .upscale = s, .n_steps = 3, .ws_per_pixel = 8};
    mb_tile_op op = fake_op_make(&f);
    mambair_run_options opt;
    test_options_default(&opt);
    opt.tile_size = tile;
    opt.tile_overlap = overlap;
    opt.layout = layout;
    opt.ensemble = ensemble;
    opt.clamp = clamp;
    opt.memory_budget = budget;
    opt.n_threads = 1;
    mambair_error err = {0};
    mambair_status st = mb_tiler_run_op(&op, in_l, w, h, out, &opt, &err);
    size_t bad = 0, first = 0;
    if (st == MAMBAIR_OK)
        for (size_t i = 0; i < n_out; i++)
            if (out[i] != exp_l[i] && bad++ == 0) first = i;
    int tile_ok = tile <= 0 || (f.max_w <= tile && f.max_h <= tile) || ensemble;
    if (st != MAMBAIR_OK || bad || !tile_ok) {
        failures++;
        printf("FAIL identity %dx%d c%d x%d tile %d overlap %d %s ens %d clamp %d budget %zu: "
               "status %s (%s), %zu of %zu values differ (first at %zu: %g vs %g), largest tile "
               "%dx%d\n",
               w, h, chans, s, tile, overlap, layout ? "interleaved" : "planar", ensemble, clamp,
               budget, mambair_status_string(st), err.message, bad, n_out, first,
               bad ? out[first] : 0.0, bad ? exp_l[first] : 0.0, f.max_w, f.max_h);
    }
    free(in);
    free(in_l);
    free(exp);
    free(exp_l);
    free(out);
}

static void check_smooth(int w, int h, int tile, int overlap) {
    const size_t n = (size_t)w * h;
    float *in = calloc(n, 4), *out = malloc(n * 4);
    const float step = 0.01f;
    fake_op f = {.chans = 1, .upscale = 1, .n_steps = 1, .offset_step = step};
    mb_tile_op op = fake_op_make(&f);
    mambair_run_options opt;
    test_options_default(&opt);
    opt.tile_size = tile;
    opt.tile_overlap = overlap;
    opt.clamp = 0;
    mambair_status st = mb_tiler_run_op(&op, in, w, h, out, &opt, NULL);
    /* neighbouring tiles differ by `step` across, by nx * step down */
    int nx = mb_tile_count(w, tile, overlap);
    float gap_x = step, gap_y = step * nx, jump_x = 0, jump_y = 0, lo = 1e9f, hi = -1e9f;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            float v = out[(size_t)y * w + x];
            lo = fminf(lo, v);
            hi = fmaxf(hi, v);
            if (x > 0) jump_x = fmaxf(jump_x, fabsf(v - out[(size_t)y * w + x - 1]));
            if (y > 0) jump_y = fmaxf(jump_y, fabsf(v - out[(size_t)(y - 1) * w + x]));
        }
    /* raised cosine over the middle half of >= `overlap` px: slope at most
     * gap * pi / overlap */
    float slope = (float)M_PI / overlap * 1.05f;
    float max_off = step * (f.calls - 1);
    if (st != MAMBAIR_OK || jump_x > gap_x * slope || jump_y > gap_y * slope || lo < 0 ||
        hi > max_off + 1e-6f || f.calls < 4) {
        failures++;
        printf("FAIL smooth %dx%d tile %d overlap %d: status %d, %d tiles, largest step between "
               "neighbours %.5f across (bound %.5f), %.5f down (bound %.5f), range [%g, %g]\n",
               w, h, tile, overlap, st, f.calls, jump_x, gap_x * slope, jump_y, gap_y * slope, lo,
               hi);
    } else {
        printf("smooth %dx%d tile %d overlap %d: %d tiles, largest step %.5f across, %.5f down "
               "where tiles differ by %.3f, %.3f (cropping would jump by that much)\n",
               w, h, tile, overlap, f.calls, jump_x, jump_y, gap_x, gap_y);
    }
    free(in);
    free(out);
}

int main(void) {
    static const int sizes[][2] = {{1, 1}, {1, 50}, {50, 1}, {2, 3}, {7, 13}, {33, 17},
                                   {100, 37}, {130, 257}};
    static const int tiles[] = {-1, 0, 1, 2, 3, 5, 8, 16, 31, 64};
    static const int overlaps[] = {0, 1, 3, 8};
    int cases = 0;
    for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++)
        for (size_t ti = 0; ti < sizeof tiles / sizeof *tiles; ti++)
            for (size_t oi = 0; oi < sizeof overlaps / sizeof *overlaps; oi++) {
                int w = sizes[si][0], h = sizes[si][1];
                int k = (int)(si + ti + oi);
                int s = 1 + k % 4, chans = (k % 3) ? 3 : 1;
                mambair_layout layout = (k % 2) ? MAMBAIR_LAYOUT_INTERLEAVED : MAMBAIR_LAYOUT_PLANAR;
                check_identity(w, h, chans, s, tiles[ti], overlaps[oi], layout, 0, k % 5 == 0, 0);
                if (tiles[ti] >= 8 || tiles[ti] <= 0) /* ensemble: 8 forwards per tile */
                    check_identity(w, h, chans, s, tiles[ti], overlaps[oi], layout, 1, 0, 0);
                cases++;
            }
    /* a budget too small for the output in RAM: finished rows go to a file */
    check_identity(300, 200, 3, 2, 32, 8, MAMBAIR_LAYOUT_PLANAR, 0, 0, (size_t)4 << 20);
    check_identity(300, 200, 3, 2, 32, 8, MAMBAIR_LAYOUT_INTERLEAVED, 0, 1, (size_t)4 << 20);
    check_identity(301, 203, 1, 3, 0, 0, MAMBAIR_LAYOUT_PLANAR, 0, 0, (size_t)4 << 20);
    {
        fake_op f = {.chans = 3, .upscale = 2, .n_steps = 3, .ws_per_pixel = 8};
        mb_tile_op op = fake_op_make(&f);
        mambair_run_options opt;
        test_options_default(&opt);
        opt.tile_size = 32;
        opt.tile_overlap = 8;
        opt.memory_budget = (size_t)4 << 20;
        opt.n_threads = 1;
        mb_tile_plan p;
        if (mb_tile_plan_make(&op, 300, 200, &opt, &p, NULL) || !p.file_sink) {
            failures++;
            printf("FAIL 300x200 x2 in 4 MiB does not use the file sink\n");
        }
    }
    /* tall and wide strips */
    check_identity(3, 1000, 3, 1, 40, 10, MAMBAIR_LAYOUT_PLANAR, 0, 0, 0);
    check_identity(1000, 2, 3, 4, 40, 10, MAMBAIR_LAYOUT_INTERLEAVED, 1, 0, 0);

    check_smooth(100, 90, 32, 8);
    check_smooth(257, 131, 64, 16);
    check_smooth(200, 200, 48, 20);
    printf("%d identity configurations checked, %d failures\n", cases, failures);
    return failures ? 1 : 0;
}
