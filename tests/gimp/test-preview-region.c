/* test-preview-region.c — ui/preview-region.c: the preview's window of the
 * result (worked by hand for a few cases, invariants for many), and the
 * network / plain-enlargement halves it shows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../ui/preview-region.h"

#include "../test-util.h"

static void expect(const char *what, int dw, int dh, int s, int pad, int vx, int vy, int vw,
                   int vh, const int want[11]) {
    mb_pv_region r;
    int rc = mb_pv_region_for(dw, dh, s, pad, vx, vy, vw, vh, &r);
    int got[11] = {r.ox, r.oy, r.ow, r.oh, r.px, r.py, r.pw, r.ph, r.cx, r.cy, r.split};
    static const char *names[11] = {"ox", "oy", "ow", "oh", "px", "py", "pw", "ph", "cx", "cy",
                                    "split"};
    CHECK(rc == 0, "%s: refused", what);
    for (int i = 0; rc == 0 && i < 11; i++)
        CHECK(got[i] == want[i], "%s (%dx%d x%d, window %d,%d %dx%d): %s = %d, expected %d", what,
              dw, dh, s, vx, vy, vw, vh, names[i], got[i], want[i]);
}

static void test_cases(void) {
    /* denoise: the window itself, context clipped at the top-left */
    expect("denoise", 128, 96, 1, 24, 10, 20, 50, 40,
           (const int[]){10, 20, 50, 40, 0, 0, 84, 84, 10, 20, 50});
    /* x2, whole 128x96 drawable in view: centre (64,48) -> (128,96) in the
     * result, window 64..192 x 48..144, input 32..96 x 24..72 plus 24 */
    expect("sr x2 whole", 128, 96, 2, 24, 0, 0, 128, 96,
           (const int[]){64, 48, 128, 96, 8, 0, 112, 96, 48, 48, 64});
    /* x3 at the bottom-right corner of an odd-sized drawable, window 7x13 at
     * (30,10): centre (33.5, 16.5) -> (100.5, 49.5), window starts at 97, 43;
     * input columns 32..34, rows 14..18, plus 2 of context, clipped at 37 */
    expect("sr x3 corner", 37, 23, 3, 2, 30, 10, 7, 13,
           (const int[]){97, 43, 7, 13, 30, 12, 7, 9, 7, 7, 3});
    /* x4, window on the right half: centre (15, 5) -> (60, 20), input
     * columns 13..16, rows 3..6, no context asked for */
    expect("sr x4 right half", 20, 10, 4, 0, 10, 0, 10, 10,
           (const int[]){55, 15, 10, 10, 13, 3, 4, 4, 3, 3, 5});

    mb_pv_region r;
    CHECK(mb_pv_region_for(10, 10, 2, 0, 5, 0, 6, 5, &r) != 0, "window past the right edge");
    CHECK(mb_pv_region_for(10, 10, 2, 0, -1, 0, 5, 5, &r) != 0, "negative window");
    CHECK(mb_pv_region_for(10, 10, 2, 0, 0, 0, 0, 5, &r) != 0, "empty window");
    CHECK(mb_pv_region_for(0, 10, 2, 0, 0, 0, 1, 1, &r) != 0, "empty drawable");
}

/* For many windows: what is shown lies inside the result, the input read
 * covers every input pixel under it and lies in the drawable. */
static void test_invariants(void) {
    srand(7);
    for (int t = 0; t < 20000; t++) {
        int dw = 1 + rand() % 300, dh = 1 + rand() % 300, s = 1 + rand() % 4, pad = rand() % 30;
        int vw = 1 + rand() % dw, vh = 1 + rand() % dh;
        int vx = rand() % (dw - vw + 1), vy = rand() % (dh - vh + 1);
        mb_pv_region r;
        if (mb_pv_region_for(dw, dh, s, pad, vx, vy, vw, vh, &r) != 0) {
            CHECK(0, "refused %dx%d x%d window %d,%d %dx%d", dw, dh, s, vx, vy, vw, vh);
            continue;
        }
        int ok = r.ox >= 0 && r.oy >= 0 && r.ox + r.ow <= dw * s && r.oy + r.oh <= dh * s &&
                 r.px >= 0 && r.py >= 0 && r.px + r.pw <= dw && r.py + r.ph <= dh &&
                 r.px * s <= r.ox && r.py * s <= r.oy && (r.px + r.pw) * s >= r.ox + r.ow &&
                 (r.py + r.ph) * s >= r.oy + r.oh && r.cx == r.ox - r.px * s &&
                 r.cy == r.oy - r.py * s && r.px >= r.ox / s - pad && r.py >= r.oy / s - pad;
        /* context: at least pad pixels (or up to the edge) on each side */
        ok = ok && (r.px == 0 || r.px <= r.ox / s - pad) && (r.py == 0 || r.py <= r.oy / s - pad);
        ok = ok && (r.px + r.pw == dw || (r.px + r.pw) * s >= r.ox + r.ow + pad * s);
        if (s == 1) ok = ok && r.ox == vx && r.oy == vy && r.split == vw;
        CHECK(ok, "%dx%d x%d pad %d window %d,%d %dx%d -> shown %d,%d %dx%d read %d,%d %dx%d", dw,
              dh, s, pad, vx, vy, vw, vh, r.ox, r.oy, r.ow, r.oh, r.px, r.py, r.pw, r.ph);
        if (!ok) return;
    }
}

/* Input pixel (x, y) of the drawable has colour c = x + 100 y + 10000 c; the
 * network's output pixel (X, Y) of the read region has -(X + 1000 Y + 1e6 c). */
static void test_compose(int s, int has_alpha) {
    const int dw = 23, dh = 17, cc = 3, nc = cc + has_alpha;
    mb_pv_region r;
    if (mb_pv_region_for(dw, dh, s, 3, 4, 5, 11, 9, &r) != 0) {
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
    mb_pv_compose(&r, net, in, cc, has_alpha, has_alpha ? alpha : NULL, out);
    int bad = 0;
    for (int y = 0; y < r.oh && !bad; y++)
        for (int x = 0; x < r.ow && !bad; x++)
            for (int c = 0; c < nc && !bad; c++) {
                float got = out[(y * r.ow + x) * nc + c], want;
                int gx = r.ox + x, gy = r.oy + y; /* result coordinates */
                if (x < r.split)
                    want = c < cc ? -((gx - r.px * s) + 1000.0f * (gy - r.py * s) + 1e6f * c)
                                  : 0.25f;
                else if (x == r.split)
                    want = c < cc ? 0.5f : 1.0f;
                else
                    want = c < cc ? (float)(gx / s + 100 * (gy / s) + 10000 * c)
                                  : (float)(0.5 + 0.001 * (gx / s));
                if (got != want) {
                    CHECK(0, "x%d alpha %d: shown pixel %d,%d ch %d = %g, expected %g", s,
                          has_alpha, x, y, c, got, want);
                    bad = 1;
                }
            }
    CHECK(s > 1 || r.split == r.ow, "denoise has no comparison half");
    free(in);
    free(net);
    free(alpha);
    free(out);
}

int main(void) {
    test_cases();
    test_invariants();
    for (int s = 1; s <= 4; s++)
        for (int a = 0; a <= 1; a++) test_compose(s, a);
    if (g_failures) printf("%d check(s) failed\n", g_failures);
    else printf("preview region: all checks passed\n");
    return g_failures ? 1 : 0;
}
