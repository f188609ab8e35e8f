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
    /* Raised cosine on pixel centres: no weight is exactly 0 or 1, the
     * derivative vanishes at both ends so the seam has no kink either. */
    double t = (p + 0.5) / n;
    return (float)(0.5 - 0.5 * cos(M_PI * t));
}
