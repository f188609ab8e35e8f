/* test-preview-region.c — ui/preview-region.c: which part of the result the
 * view shows (worked by hand for a few cases), the input read for it
 * (worked by hand, invariants for many), and the pictures made from it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../ui/preview-region.h"

#include "../test-util.h"

static void expect(const char *what, int dw, int dh, int s, int pad, int ox, int oy, int ow,
                   int oh, const int want[6]) {
    mb_pv_region r;
    int rc = mb_pv_region_for(dw, dh, s, pad, ox, oy, ow, oh, &r);
    int got[6] = {r.px, r.py, r.pw, r.ph, r.cx, r.cy};
    static const char *names[6] = {"px", "py", "pw", "ph", "cx", "cy"};
    CHECK(rc == 0, "%s: refused", what);
    for (int i = 0; rc == 0 && i < 6; i++)
        CHECK(got[i] == want[i], "%s (%dx%d x%d, window %d,%d %dx%d): %s = %d, expected %d", what,
              dw, dh, s, ox, oy, ow, oh, names[i], got[i], want[i]);
}

static void test_regions(void) {
    /* denoise: the window itself plus 24 of context, clipped at the top-left */
    expect("denoise", 128, 96, 1, 24, 10, 20, 50, 40, (const int[]){0, 0, 84, 84, 10, 20});
    /* x2: result columns 64..191, rows 48..143 come from input 32..95 x
     * 24..71, plus 24 of context (clipped at 0 and 128) */
    expect("sr x2", 128, 96, 2, 24, 64, 48, 128, 96, (const int[]){8, 0, 112, 96, 48, 48});
    /* x3, odd window: result columns 97..103 -> input 32..34; rows 43..55 ->
     * 14..18; plus 2 of context, clipped at 37 */
    expect("sr x3 corner", 37, 23, 3, 2, 97, 43, 7, 13, (const int[]){30, 12, 7, 9, 7, 7});

    mb_pv_region r;
    CHECK(mb_pv_region_for(10, 10, 2, 0, 15, 0, 6, 5, &r) != 0, "window past the right edge");
    CHECK(mb_pv_region_for(10, 10, 2, 0, -1, 0, 5, 5, &r) != 0, "negative window");
    CHECK(mb_pv_region_for(10, 10, 2, 0, 0, 0, 0, 5, &r) != 0, "empty window");
    CHECK(mb_pv_region_for(0, 10, 2, 0, 0, 0, 1, 1, &r) != 0, "empty drawable");
}

/* For many windows: the input read covers every input pixel under the
 * window plus the context, and lies in the drawable. */
static void test_invariants(void) {
    srand(7);
    for (int t = 0; t < 20000; t++) {
        int dw = 1 + rand() % 300, dh = 1 + rand() % 300, s = 1 + rand() % 4, pad = rand() % 30;
        int ow = 1 + rand() % (dw * s), oh = 1 + rand() % (dh * s);
        int ox = rand() % (dw * s - ow + 1), oy = rand() % (dh * s - oh + 1);
        mb_pv_region r;
        if (mb_pv_region_for(dw, dh, s, pad, ox, oy, ow, oh, &r) != 0) {
            CHECK(0, "refused %dx%d x%d window %d,%d %dx%d", dw, dh, s, ox, oy, ow, oh);
            continue;
        }
        int ok = r.px >= 0 && r.py >= 0 && r.px + r.pw <= dw && r.py + r.ph <= dh &&
                 r.px * s <= ox && r.py * s <= oy && (r.px + r.pw) * s >= ox + ow &&
                 (r.py + r.ph) * s >= oy + oh && r.cx == ox - r.px * s && r.cy == oy - r.py * s;
        ok = ok && (r.px == 0 || r.px <= ox / s - pad) && (r.py == 0 || r.py <= oy / s - pad);
        ok = ok && (r.px + r.pw == dw || (r.px + r.pw) * s >= ox + ow + pad * s);
        CHECK(ok, "%dx%d x%d pad %d window %d,%d %dx%d -> read %d,%d %dx%d", dw, dh, s, pad, ox,
              oy, ow, oh, r.px, r.py, r.pw, r.ph);
        if (!ok) return;
    }
}

static void expect_view(const char *what, int rw, int rh, int vw, int vh, double zoom, double cx,
                        double cy, double x0, double y0, const int want[4]) {
    mb_pv_view v;
    mb_pv_view_for(rw, rh, vw, vh, zoom, cx, cy, &v);
    int got[4] = {v.ox, v.oy, v.ow, v.oh};
    CHECK(fabs(v.x0 - x0) < 1e-9 && fabs(v.y0 - y0) < 1e-9, "%s: corner %g,%g, expected %g,%g",
          what, v.x0, v.y0, x0, y0);
    for (int i = 0; i < 4; i++)
        CHECK(got[i] == want[i], "%s: window[%d] = %d, expected %d", what, i, got[i], want[i]);
}

static void test_views(void) {
    /* 1000x800 result, 400x300 view at 100 % centred on 500,400 */
    expect_view("centre", 1000, 800, 400, 300, 1, 500, 400, 300, 250,
                (const int[]){300, 250, 400, 300});
    /* a centre near the corner is pulled in: the view stays on pixels */
    expect_view("corner", 1000, 800, 400, 300, 1, 10, 790, 0, 500, (const int[]){0, 500, 400, 300});
    /* 200 %: half as many result pixels, 200x150 */
    expect_view("zoom 2", 1000, 800, 400, 300, 2, 500, 400, 400, 325,
                (const int[]){400, 325, 200, 150});
    /* a result smaller than the view is centred: 256x192 in 400x300 */
    expect_view("small", 256, 192, 400, 300, 1, 0, 0, -72, -54, (const int[]){0, 0, 256, 192});
    /* 50 % of 1000x800 in 400x300: 800x600 result pixels; a centre at
     * 333.25 would start the view at -66.75, so it starts at 0 */
    expect_view("zoom 1/2", 1000, 800, 400, 300, 0.5, 333.25, 400, 0, 100,
                (const int[]){0, 100, 800, 600});
    /* fractional corner: 0.5 + 3 result pixels across a 7-pixel view at 200 % */
    expect_view("fraction", 100, 100, 7, 7, 2, 50, 50, 48.25, 48.25, (const int[]){48, 48, 4, 4});
}

/* Input pixel (x, y) of the drawable has colour c = x + 100 y + 10000 c; the
 * network's output pixel (X, Y) of the read region has -(X + 1000 Y + 1e6 c). */
static void test_pictures(int s, int has_alpha) {
    const int dw = 23, dh = 17, cc = 3, nc = cc + has_alpha;
    mb_pv_region r;
    if (mb_pv_region_for(dw, dh, s, 3, 5 * s, 4 * s + 1, 11, 9, &r) != 0) {
        CHECK(0, "refused");
        return;
    }
    int nw = r.pw * s, nh = r.ph * s;
    float *in = malloc(sizeof(float) * r.pw * r.ph * nc);
    float *net = malloc(sizeof(float) * cc * nw * nh);
    float *alpha = malloc(sizeof(float) * nw * nh);
    float *out = malloc(sizeof(float) * r.ow * r.oh * nc);
    for (int y = 0; y < r.ph; y++)
        for (int x = 0; x < r.pw; x++) {
            for (int c = 0; c < cc; c++)
                in[(y * r.pw + x) * nc + c] = (float)((x + r.px) + 100 * (y + r.py) + 10000 * c);
            if (has_alpha) in[(y * r.pw + x) * nc + cc] = (float)(0.5 + 0.001 * (x + r.px));
        }
    for (int c = 0; c < cc; c++)
        for (int y = 0; y < nh; y++)
            for (int x = 0; x < nw; x++) net[(c * nh + y) * nw + x] = -(x + 1000.0f * y + 1e6f * c);
    for (int i = 0; i < nw * nh; i++) alpha[i] = 0.25f;
    mb_pv_after(&r, net, cc, has_alpha ? alpha : NULL, out);
    int bad = 0;
    for (int y = 0; y < r.oh && !bad; y++)
        for (int x = 0; x < r.ow && !bad; x++)
            for (int c = 0; c < nc && !bad; c++) {
                float got = out[(y * r.ow + x) * nc + c];
                int gx = r.ox + x, gy = r.oy + y; /* result coordinates */
                float want = c < cc ? -((gx - r.px * s) + 1000.0f * (gy - r.py * s) + 1e6f * c)
                                    : 0.25f;
                if (got != want) {
                    CHECK(0, "after x%d alpha %d: pixel %d,%d ch %d = %g, expected %g", s,
                          has_alpha, x, y, c, got, want);
                    bad = 1;
                }
            }
    if (s == 1) {
        mb_pv_before_crop(&r, in, nc, out);
        for (int y = 0; y < r.oh && !bad; y++)
            for (int x = 0; x < r.ow && !bad; x++) {
                float got = out[(y * r.ow + x) * nc], want = (float)((r.ox + x) + 100 * (r.oy + y));
                if (got != want) {
                    CHECK(0, "before: pixel %d,%d = %g, expected %g", x, y, got, want);
                    bad = 1;
                }
            }
    }
    free(in);
    free(net);
    free(alpha);
    free(out);
}

static void test_mask_and_screen(void) {
    float after[3 * 3] = {1, 1, 1, 1, 1, 1, 1, 1, 1}, before[3 * 3] = {0};
    uint8_t mask[3] = {0, 255, 51};
    mb_pv_apply_mask(after, before, mask, 3, 1, 3);
    CHECK(after[0] == 0 && after[3] == 1 && fabsf(after[6] - 0.2f) < 1e-6,
          "mask: %g %g %g, expected 0 1 0.2", after[0], after[3], after[6]);

    /* opaque RGB, gray, and alpha 0 over the checkerboard (light square at
     * result pixel 8,0: 0.6 -> 153; dark at 0,0: 0.4 -> 102) */
    float rgb[2 * 3] = {1, 0.5f, 0, -1, 2, 0.2f};
    uint32_t px[2];
    mb_pv_to_screen(rgb, 2, 1, 3, 0, 0, 0, px);
    CHECK(px[0] == 0xff8000u && px[1] == 0x00ff33u, "rgb: %06x %06x", px[0], px[1]);
    float gray[2] = {0.2f, 1};
    mb_pv_to_screen(gray, 2, 1, 1, 0, 0, 0, px);
    CHECK(px[0] == 0x333333u && px[1] == 0xffffffu, "gray: %06x %06x", px[0], px[1]);
    float clear[2 * 4] = {1, 1, 1, 0, 1, 1, 1, 0};
    mb_pv_to_screen(clear, 2, 1, 3, 1, 7, 0, px);
    CHECK(px[0] == 0x666666u && px[1] == 0x999999u, "checks: %06x %06x", px[0], px[1]);
}

int main(void) {
    test_regions();
    test_invariants();
    test_views();
    for (int s = 1; s <= 4; s++)
        for (int a = 0; a <= 1; a++) test_pictures(s, a);
    test_mask_and_screen();
    if (g_failures) printf("%d check(s) failed\n", g_failures);
    else printf("preview region: all checks passed\n");
    return g_failures ? 1 : 0;
}
