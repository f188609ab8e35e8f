/* test-alpha.c — transparent pixels take the colour of their visible
 * neighbours; visible pixels are untouched. */
#include "image-test.h"
#include "image/alpha.h"

#include <math.h>

int main(void) {
    enum { W = 40, H = 9, N = W * H };
    float rgb[3 * N], alpha[N], orig[3 * N];
    /* left half opaque red-ish, a half-transparent column, right half transparent black */
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            int i = y * W + x;
            alpha[i] = x < 10 ? 1.0f : x == 10 ? 0.5f : 0.0f;
            rgb[i] = x <= 10 ? 0.8f : 0.0f;
            rgb[N + i] = x <= 10 ? 0.2f : 0.0f;
            rgb[2 * N + i] = x <= 10 ? 0.1f : 0.0f;
        }
    memcpy(orig, rgb, sizeof rgb);
    mambair_error err;
    CHECK(mb_alpha_bleed_inplace(rgb, 3, alpha, W, H, &err) == MAMBAIR_OK, "%s", err.message);
    for (int i = 0; i < N; i++) {
        if (alpha[i] > 0)
            for (int c = 0; c < 3; c++) CHECK(rgb[c * N + i] == orig[c * N + i], "visible pixel %d changed", i);
        else
            CHECK(fabsf(rgb[i] - 0.8f) < 1e-5f && fabsf(rgb[N + i] - 0.2f) < 1e-5f && fabsf(rgb[2 * N + i] - 0.1f) < 1e-5f,
                  "transparent pixel (%d,%d) = %g %g %g, want 0.8 0.2 0.1", i % W, i / W, rgb[i], rgb[N + i], rgb[2 * N + i]);
    }
    /* all transparent: defined colour (0), no crash */
    float a0[4] = {0}, c0[12] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    CHECK(mb_alpha_bleed_inplace(c0, 3, a0, 2, 2, &err) == MAMBAIR_OK, "%s", err.message);
    if (g_failures) fprintf(stderr, "%d failure(s)\n", g_failures);
    return g_failures ? 1 : 0;
}
