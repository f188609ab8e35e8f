/* test-pixels.c — plugin/pixels.c: formats, alpha bleeding, merge, alpha scaling. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../../plugin/pixels.h"

#include "../test-util.h"

static void test_formats(void) {
    CHECK(strcmp(mb_px_format(3, 1), "R'G'B'A float") == 0, "rgba: %s", mb_px_format(3, 1));
    CHECK(strcmp(mb_px_format(3, 0), "R'G'B' float") == 0, "rgb: %s", mb_px_format(3, 0));
    CHECK(strcmp(mb_px_format(1, 1), "Y'A float") == 0, "ya: %s", mb_px_format(1, 1));
    CHECK(strcmp(mb_px_format(1, 0), "Y' float") == 0, "y: %s", mb_px_format(1, 0));
}

/* 7 x 3 RGBA: columns 0..2 hidden (black), columns 3..6 visible, red = column / 10. */
static void test_bleed(void) {
    enum { W = 7, H = 3 };
    float in[H * W * 4], planes[3 * H * W];
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            float *p = &in[(y * W + x) * 4];
            int vis = x >= 3;
            p[0] = vis ? x / 10.0f : 0.0f;
            p[1] = vis ? 0.5f : 0.0f;
            p[2] = vis ? 0.25f : 0.0f;
            p[3] = vis ? (x == 3 ? 0.5f : 1.0f) : 0.0f;
        }
    CHECK(mb_px_split_colour(in, W, H, 3, 1, planes) == 0, "split failed");
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            float r = planes[y * W + x], g = planes[H * W + y * W + x];
            if (x >= 3)
                CHECK(r == x / 10.0f && g == 0.5f, "visible (%d,%d) changed: %g %g", x, y, r, g);
            else /* filled from visible colours: red between 0.3 and 0.6, green 0.5 */
                CHECK(r >= 0.3f - 1e-6f && r <= 0.6f + 1e-6f && fabsf(g - 0.5f) < 1e-6f,
                      "hidden (%d,%d) not filled from visible: r %g g %g", x, y, r, g);
        }
    /* no alpha: plain de-interleave */
    float rgb[2 * 3] = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f}, pl[6];
    mb_px_split_colour(rgb, 2, 1, 3, 0, pl);
    CHECK(pl[0] == 0.1f && pl[1] == 0.4f && pl[2] == 0.2f && pl[5] == 0.6f, "planar order");
    /* all hidden: colour 0, no crash */
    float hid[4 * 4] = {0}, hp[3 * 4];
    hid[0] = 1.0f;
    CHECK(mb_px_split_colour(hid, 2, 2, 3, 1, hp) == 0 && hp[0] == 0.0f, "all hidden");
}

static void test_merge_and_alpha(void) {
    /* planar 2 channels of 4 x 3, crop (1, 1, 2, 2) with alpha */
    float planes[2 * 12], alpha[4] = {0.1f, 0.2f, 0.3f, 0.4f}, out[4 * 3];
    for (int i = 0; i < 24; i++) planes[i] = (float)i;
    mb_px_merge(planes, 4, 3, 1, 1, 2, 2, 2, alpha, out);
    CHECK(out[0] == 5 && out[1] == 17 && out[2] == 0.1f, "merge first pixel %g %g %g", out[0],
          out[1], out[2]);
    CHECK(out[9] == 10 && out[10] == 22 && out[11] == 0.4f, "merge last pixel %g %g %g", out[9],
          out[10], out[11]);

    /* constant alpha stays constant at x3; s = 1 copies a crop exactly */
    enum { W = 5, H = 4 };
    float ya[W * H * 2], sc[W * 3 * H * 3];
    for (int i = 0; i < W * H; i++) ya[i * 2] = 0.3f, ya[i * 2 + 1] = 0.75f;
    mb_px_alpha_scale(ya, W, H, 2, 1, 0, 0, W, H, 3, sc);
    for (int i = 0; i < W * 3 * H * 3; i++)
        CHECK(fabsf(sc[i] - 0.75f) < 1e-5f, "scaled constant alpha %d: %g", i, sc[i]);
    ya[(2 * W + 3) * 2 + 1] = 0.125f;
    mb_px_alpha_scale(ya, W, H, 2, 1, 3, 2, 2, 2, 1, sc);
    CHECK(sc[0] == 0.125f && sc[1] == 0.75f, "crop copy %g %g", sc[0], sc[1]);
    /* a hard edge overshoots with a cubic filter: result must stay in 0..1 */
    for (int i = 0; i < W * H; i++) ya[i * 2 + 1] = (i % W) < 2 ? 0.0f : 1.0f;
    mb_px_alpha_scale(ya, W, H, 2, 1, 0, 0, W, H, 2, sc);
    for (int i = 0; i < W * 2 * H * 2; i++)
        CHECK(sc[i] >= 0.0f && sc[i] <= 1.0f, "alpha out of range at %d: %g", i, sc[i]);
}

int main(void) {
    test_formats();
    test_bleed();
    test_merge_and_alpha();
    if (g_failures) printf("%d failure(s)\n", g_failures);
    else printf("pixels: all checks passed\n");
    return g_failures ? 1 : 0;
}
