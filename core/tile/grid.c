/* grid.c — tile placement along one axis and the blending ramp. */
#include "plan.h"

#include <math.h>

int mb_tile_count(int len, int t, int overlap) {
    if (len <= t) return 1;
    /* n tiles of size t evenly spread over len overlap by >= overlap when
     * (n - 1) * (t - overlap) >= len - t. */
    int step = t - overlap;
    MB_ASSERT(step >= 1);
    return 1 + (int)(((int64_t)len - t + step - 1) / step);
}

int mb_tile_crop_for_tests;

float mb_tile_ramp(int p, int n) {
    /* test hook: a hard cut in the middle, i.e. plain cropping */
    if (mb_tile_crop_for_tests) return 2 * p + 1 < n ? 0.0f : 1.0f;
    /* The outer quarter of the overlap on each side is dropped: pixels near a
     * tile's edge saw little context and measurably worse (test-quality.c:
     * ramping over the whole overlap lost 0.7-4 dB to plain cropping). In the
     * middle half, a raised cosine: the derivative vanishes at both ends, so
     * the seam has no kink either. */
    double t = ((p + 0.5) / n - 0.25) * 2.0;
    if (t <= 0) return 0.0f;
    if (t >= 1) return 1.0f;
    return (float)(0.5 - 0.5 * cos(M_PI * t));
}
