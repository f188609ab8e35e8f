/* test-blockgrid.c — the JPEG block-grid contrast (core/image/blockgrid.c):
 *  1. by hand: 16x16 gray, columns 10 + 2x, plus 20 from column 8 on (a
 *     block edge); rows constant. Column seams: 14 per row of difference 2,
 *     one of 22 (the block edge); row seams: all 0, 14 rows + 1 edge row.
 *     Edge mean = 22*16 / 32 = 11, other mean = 2*14*16 / (2*14*16) = 1: 11;
 *  2. the same picture enlarged 2 and 3 times by pixel repetition: the pairs
 *     inside an input pixel are not counted, so still 11;
 *  3. a ramp without blocks: 1 at scales 1 and 2 (when the seams are equal);
 *  4. colour: the step in blue alone weighs 24.966/255 of a gray step;
 *  5. a real JPEG (libjpeg, quality 10) of a smooth textured picture shows
 *     its grid (contrast well above 1), the picture itself does not;
 *  6. too small an image is refused, sums pool over images. */
#include "image-test.h"
#include "image/blockgrid.h"
#include "image/jpeg.h"

#include <math.h>

static double contrast_of(const uint8_t *px, int w, int h, int c, int s) {
    mb_blockgrid_sums sums = {0};
    mambair_error err;
    if (mb_blockgrid_accumulate(px, w, h, c, s, &sums, &err) != MAMBAIR_OK) {
        fprintf(stderr, "%s\n", err.message);
        return -1;
    }
    return mb_blockgrid_contrast(&sums);
}

/* out {h*s, w*s, c}: every pixel repeated s x s times */
static uint8_t *repeat(const uint8_t *in, int w, int h, int c, int s) {
    uint8_t *out = malloc((size_t)w * h * c * s * s);
    for (int y = 0; y < h * s; y++)
        for (int x = 0; x < w * s; x++)
            for (int k = 0; k < c; k++)
                out[((size_t)y * w * s + x) * c + k] = in[((size_t)(y / s) * w + x / s) * c + k];
    return out;
}

int main(void) {
    uint8_t img[16 * 16];
    for (int y = 0; y < 16; y++)
        for (int x = 0; x < 16; x++) img[y * 16 + x] = (uint8_t)(10 + 2 * x + (x >= 8 ? 20 : 0));
    double v = contrast_of(img, 16, 16, 1, 1);
    CHECK(fabs(v - 11) < 1e-12, "by hand: %.12f, want 11", v);
    for (int s = 2; s <= 3; s++) {
        uint8_t *big = repeat(img, 16, 16, 1, s);
        double vs = contrast_of(big, 16 * s, 16 * s, 1, s);
        CHECK(fabs(vs - 11) < 1e-12, "repeated x%d: %.12f, want 11", s, vs);
        free(big);
    }
    printf("by hand: %.3f (x1, x2, x3)\n", v);

    /* 3. a ramp along both axes, no blocks */
    uint8_t ramp[32 * 32];
    for (int y = 0; y < 32; y++)
        for (int x = 0; x < 32; x++) ramp[y * 32 + x] = (uint8_t)(3 * x + 2 * y);
    v = contrast_of(ramp, 32, 32, 1, 1);
    CHECK(fabs(v - 1) < 1e-12, "ramp: %.12f, want 1", v);
    uint8_t *ramp2 = repeat(ramp, 32, 32, 1, 2);
    v = contrast_of(ramp2, 64, 64, 1, 2);
    CHECK(fabs(v - 1) < 1e-12, "ramp x2: %.12f, want 1", v);
    free(ramp2);

    /* 4. colour: blue steps 40 at the block edge over a red ramp of 2 */
    uint8_t rgb[16 * 16 * 3];
    for (int y = 0; y < 16; y++)
        for (int x = 0; x < 16; x++) {
            uint8_t *p = rgb + (y * 16 + x) * 3;
            p[0] = (uint8_t)(10 + 2 * x), p[1] = 50, p[2] = (uint8_t)(x >= 8 ? 90 : 50);
        }
    /* luma step per column 2*65.481/255; at the edge that plus 40*24.966/255 */
    double r = 2 * 65.481 / 255, e = r + 40 * 24.966 / 255;
    double want = (e * 16 / 32) / (r * 14 * 16 / (2 * 14 * 16));
    v = contrast_of(rgb, 16, 16, 3, 1);
    CHECK(fabs(v - want) < 1e-9, "colour: %.12f, want %.12f", v, want);

    /* 5. a real JPEG shows the grid */
    int W = 128, H = 96;
    uint8_t *pic = malloc((size_t)W * H * 3), *jpg = malloc((size_t)W * H * 3);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            for (int k = 0; k < 3; k++)
                pic[(y * W + x) * 3 + k] = (uint8_t)(128 + 60 * sin(x * 0.11 + k) * cos(y * 0.07) +
                                                     20 * sin(x * 0.9 + y * 1.3));
    mambair_error err;
    CHECK(mb_jpeg_roundtrip_u8(pic, W, H, 3, 10, jpg, &err) == MAMBAIR_OK, "%s", err.message);
    double vp = contrast_of(pic, W, H, 3, 1), vj = contrast_of(jpg, W, H, 3, 1);
    CHECK(vp > 0.9 && vp < 1.1, "the picture itself: %.3f, want about 1", vp);
    CHECK(vj > 1.3, "its JPEG at quality 10: %.3f, want a visible grid (> 1.3)", vj);
    printf("smooth picture %.3f, its JPEG (q 10) %.3f\n", vp, vj);

    /* 6. refusals and pooling */
    mb_blockgrid_sums sums = {0};
    CHECK(mb_blockgrid_accumulate(img, 15, 15, 1, 1, &sums, &err) != MAMBAIR_OK, "15x15 accepted");
    CHECK(mb_blockgrid_accumulate(img, 16, 16, 2, 1, &sums, &err) != MAMBAIR_OK, "2 channels accepted");
    CHECK(mb_blockgrid_accumulate(img, 16, 16, 1, 0, &sums, &err) != MAMBAIR_OK, "scale 0 accepted");
    CHECK(mb_blockgrid_contrast(&sums) == 0, "nothing counted: %g", mb_blockgrid_contrast(&sums));
    CHECK(mb_blockgrid_accumulate(img, 16, 16, 1, 1, &sums, &err) == MAMBAIR_OK &&
              mb_blockgrid_accumulate(ramp, 32, 32, 1, 1, &sums, &err) == MAMBAIR_OK,
          "pooling: %s", err.message);
    /* pooled: edge (22*16 + 0*16 + ramp edges) / pairs, other likewise */
    double edge = 22 * 16 + 3 * 3 * 32 + 2 * 3 * 32, ne = 32 + 3 * 32 * 2;
    double other = 2 * 14 * 16 + 3 * 28 * 32 + 2 * 28 * 32, no = 2 * 14 * 16 + 2 * 28 * 32;
    v = mb_blockgrid_contrast(&sums);
    CHECK(fabs(v - (edge / ne) / (other / no)) < 1e-12, "pooled: %.12f, want %.12f", v,
          (edge / ne) / (other / no));
    free(pic);
    free(jpg);
    if (g_failures) fprintf(stderr, "%d failure(s)\n", g_failures);
    else printf("block-grid contrast: by hand and real JPEG cases agree\n");
    return g_failures ? 1 : 0;
}
