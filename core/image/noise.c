/*
 * noise.c — MT19937 (Matsumoto & Nishimura 1998) and numpy's legacy normal
 * sampler, written from the published algorithm descriptions.
 */
#include "image/noise.h"

#include <math.h>
#include <stddef.h>

enum { MT_N = 624, MT_M = 397 };

void mb_rng_seed(mb_rng *r, uint32_t seed) {
    r->mt[0] = seed;
    for (int i = 1; i < MT_N; i++)
        r->mt[i] = 1812433253u * (r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) + (uint32_t)i;
    r->pos = MT_N;
    r->has_gauss = 0;
    r->gauss = 0.0;
}

static void mt_twist(mb_rng *r) {
    for (int i = 0; i < MT_N; i++) {
        uint32_t y = (r->mt[i] & 0x80000000u) | (r->mt[(i + 1) % MT_N] & 0x7fffffffu);
        uint32_t v = r->mt[(i + MT_M) % MT_N] ^ (y >> 1);
        if (y & 1u) v ^= 0x9908b0dfu;
        r->mt[i] = v;
    }
    r->pos = 0;
}

uint32_t mb_rng_u32(mb_rng *r) {
    if (r->pos >= MT_N) mt_twist(r);
    uint32_t y = r->mt[r->pos++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

double mb_rng_double(mb_rng *r) {
    uint32_t a = mb_rng_u32(r) >> 5, b = mb_rng_u32(r) >> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
}

double mb_rng_gauss(mb_rng *r) {
    if (r->has_gauss) {
        r->has_gauss = 0;
        return r->gauss;
    }
    double x1, x2, r2;
    do {
        x1 = 2.0 * mb_rng_double(r) - 1.0;
        x2 = 2.0 * mb_rng_double(r) - 1.0;
        r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);
    double f = sqrt(-2.0 * log(r2) / r2);
    /* the first value of the pair is kept for the next call */
    r->gauss = f * x1;
    r->has_gauss = 1;
    return f * x2;
}

void mb_noise_add_gaussian(mb_rng *r, const float *clean, float *noisy, size_t n, double sigma255) {
    /* numpy: loc + scale * gauss with scale = sigma / 255 */
    double scale = sigma255 / 255.0;
    for (size_t i = 0; i < n; i++) noisy[i] = (float)((double)clean[i] + scale * mb_rng_gauss(r));
}
