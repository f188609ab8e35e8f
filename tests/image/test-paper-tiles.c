/* test-paper-tiles.c — the official 200-px test tiling reassembles exactly.
 * A per-pixel "network" (nearest x s upscale of f(v)) does not care about
 * tiles, so the tiled result must equal the whole-image result bit for bit;
 * any wrong offset, overlap or crop shows up as a mismatch. A second network
 * that records the tile sizes checks the grid against SPEC §10 by hand. */
#include "image-test.h"
#include "image/paper-tiles.h"

typedef struct {
    int scale, calls, sizes[16][2];
} fake;

static mambair_status fake_net(void *user, const float *in, int w, int h, float *out,
                               mambair_error *err) {
    (void)err;
    fake *f = user;
    if (f->calls < 16) f->sizes[f->calls][0] = w, f->sizes[f->calls][1] = h;
    f->calls++;
    int s = f->scale, ow = w * s, oh = h * s;
    for (int c = 0; c < 3; c++)
        for (int y = 0; y < oh; y++)
            for (int x = 0; x < ow; x++)
                out[((size_t)c * oh + y) * ow + x] = in[((size_t)c * h + y / s) * w + x / s] * 2.0f + 1.0f;
    return MAMBAIR_OK;
}

static void run(int w, int h, int s, int want_calls) {
    float *in = malloc(sizeof(float) * 3 * w * h);
    float *out = malloc(sizeof(float) * 3 * w * h * s * s);
    float *whole = malloc(sizeof(float) * 3 * w * h * s * s);
    for (int i = 0; i < 3 * w * h; i++) in[i] = (float)(((unsigned)i * 7919u) % 1000u) / 1000.0f;
    fake f = {.scale = s};
    fake_net(&f, in, w, h, whole, NULL);
    f.calls = 0;
    mambair_error err;
    CHECK(mb_paper_tiles_run(in, 3, w, h, s, 200, fake_net, &f, out, &err) == MAMBAIR_OK, "%s", err.message);
    CHECK(f.calls == want_calls, "%dx%d: %d tiles, want %d", w, h, f.calls, want_calls);
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < (size_t)3 * w * h * s * s; i++)
        if (out[i] != whole[i] && bad++ == 0) first = i;
    CHECK(bad == 0, "%dx%d x%d: %zu pixels differ, first at %zu", w, h, s, bad, first);
    printf("%dx%d x%d: %d tiles, first tile %dx%d\n", w, h, s, f.calls, f.sizes[0][0], f.sizes[0][1]);
    free(in);
    free(out);
    free(whole);
}

int main(void) {
    run(64, 48, 2, 1);   /* below 200 px: one tile */
    run(256, 199, 3, 2); /* 2 across, 1 down */
    /* 481x321: nw = 3, pad 481 -> 483, sw = 161, ow = 16; nh = 2, 321 -> 322, sh = 161, oh = 16 */
    run(481, 321, 1, 6);
    {
        fake f = {.scale = 1};
        float *in = calloc(3 * 481 * 321, sizeof(float)), *out = calloc(3 * 481 * 321, sizeof(float));
        mambair_error err;
        mb_paper_tiles_run(in, 3, 481, 321, 1, 200, fake_net, &f, out, &err);
        /* row 0: widths 161+16, 16+161+16, 16+161; heights 161+16 */
        CHECK(f.sizes[0][0] == 177 && f.sizes[0][1] == 177, "tile 0 %dx%d", f.sizes[0][0], f.sizes[0][1]);
        CHECK(f.sizes[1][0] == 193 && f.sizes[1][1] == 177, "tile 1 %dx%d", f.sizes[1][0], f.sizes[1][1]);
        CHECK(f.sizes[2][0] == 177, "tile 2 width %d", f.sizes[2][0]);
        free(in);
        free(out);
    }
    if (g_failures) fprintf(stderr, "%d failure(s)\n", g_failures);
    return g_failures ? 1 : 0;
}
