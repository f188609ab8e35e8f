/* layernorm.c — LayerNorm over the channel axis of tokens (SPEC §3). */
#include "ops.h"

void op_layernorm_forward(const float *x, float *y, int64_t c, const float *gamma,
                          const float *beta, float eps, int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; r++) {
        const float *xr = x + r * c;
        float *yr = y + r * c;
        /* two passes (mean, then centred variance) keep the biased variance
           accurate when |mean| >> std; float sums of <= a few hundred terms */
        float s = 0.0f;
        for (int64_t i = 0; i < c; i++) s += xr[i];
        float mean = s / (float)c;
        float v = 0.0f;
        for (int64_t i = 0; i < c; i++) {
            float d = xr[i] - mean;
            v += d * d;
        }
        float rstd = 1.0f / sqrtf(v / (float)c + eps);
        for (int64_t i = 0; i < c; i++) yr[i] = (xr[i] - mean) * rstd * gamma[i] + beta[i];
    }
}
