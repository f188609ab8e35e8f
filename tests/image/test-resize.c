/* test-resize.c — MATLAB/BasicSR bicubic imresize against the BasicSR oracles
 * (tests/data/metrics/resize, copied from golden-grad/metrics). */
#include "image-test.h"
#include "image/resize.h"

#include <math.h>

static const struct {
    const char *name;
    int c, h, w;
} images[] = {
    {"img37x41_rgb_seed11", 3, 37, 41},
    {"img48x48_rgb_seed12", 3, 48, 48},
    {"img29x52_gray_seed13", 1, 29, 52},
};
static const struct {
    const char *op;
    double scale;
} ops[] = {{"down_x2", 1.0 / 2}, {"down_x3", 1.0 / 3}, {"down_x4", 1.0 / 4}, {"up_x2", 2.0}};

int main(void) {
    for (size_t i = 0; i < sizeof images / sizeof images[0]; i++) {
        char rel[256];
        size_t n;
        snprintf(rel, sizeof rel, "metrics/resize/%s.bin", images[i].name);
        float *in = test_read(rel, &n);
        CHECK(n == (size_t)images[i].c * images[i].h * images[i].w * 4, "%s: size %zu", rel, n);
        for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
            int oh = mb_resize_out_len(images[i].h, ops[k].scale);
            int ow = mb_resize_out_len(images[i].w, ops[k].scale);
            snprintf(rel, sizeof rel, "metrics/resize/%s__%s.bin", images[i].name, ops[k].op);
            size_t en;
            float *expect = test_read(rel, &en);
            size_t count = (size_t)images[i].c * oh * ow;
            CHECK(en == count * 4, "%s: expected %zu floats for %dx%d, file has %zu", rel, count, oh,
                  ow, en / 4);
            float *out = calloc(count, sizeof *out);
            mambair_error err;
            mambair_status st = mb_resize_bicubic_f32(in, images[i].c, images[i].h, images[i].w,
                                                      ops[k].scale, out, &err);
            CHECK(st == MAMBAIR_OK, "%s: %s", rel, err.message);
            double worst = 0;
            size_t at = 0;
            for (size_t j = 0; j < count && en == count * 4; j++) {
                double d = fabs((double)out[j] - expect[j]);
                if (d > worst) worst = d, at = j;
            }
            CHECK(worst <= 1e-6, "%s: max |d| %.3g at %zu (c,y,x)=(%zu,%zu,%zu)", rel, worst, at,
                  at / ((size_t)oh * ow), at / ow % oh, at % ow);
            printf("%-40s %dx%d -> %dx%d max |d| %.2g\n", rel, images[i].w, images[i].h, ow, oh, worst);
            free(out);
            free(expect);
        }
        free(in);
    }

    /* uint8 MATLAB flavour: a constant image stays constant, sizes follow ceil */
    {
        uint8_t in[7 * 5 * 3], out[4 * 3 * 3];
        memset(in, 200, sizeof in);
        mambair_error err;
        CHECK(mb_resize_out_len(7, 0.5) == 4 && mb_resize_out_len(5, 0.5) == 3, "ceil sizes");
        CHECK(mb_resize_bicubic_u8(in, 3, 7, 5, 0.5, out, &err) == MAMBAIR_OK, "u8: %s", err.message);
        for (size_t j = 0; j < sizeof out; j++) CHECK(out[j] == 200, "u8 constant: %u at %zu", out[j], j);
    }
    /* bad arguments are refused, not asserted */
    {
        float x = 0, y = 0;
        mambair_error err;
        CHECK(mb_resize_bicubic_f32(&x, 1, 1, 1, 0.0, &y, &err) != MAMBAIR_OK, "scale 0 accepted");
        CHECK(mb_resize_bicubic_f32(&x, 1, 0, 1, 0.5, &y, &err) != MAMBAIR_OK, "height 0 accepted");
    }
    if (g_failures) fprintf(stderr, "%d failure(s)\n", g_failures);
    return g_failures ? 1 : 0;
}
