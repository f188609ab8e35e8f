/* layernorm.c — LayerNorm over the channel axis of tokens (SPEC §3). */
#include "ops.h"

#include <stddef.h>

void op_layernorm_forward_ref(const float *x, const float *x2, float *y, int64_t c,
                              const float *gamma, const float *beta, float eps, const float *z,
                              int64_t ldz, int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; r++) {
        const float *xr = x + r * c;
        float *yr = y + r * c;
        if (x2) { /* the sum first, in the output row (it may be x's row) */
            for (int64_t i = 0; i < c; i++) yr[i] = xr[i] + x2[r * c + i];
            xr = yr;
        }
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
        if (z)
            for (int64_t i = 0; i < c; i++) yr[i] *= mb_silu(z[r * ldz + i]);
    }
}

static void layernorm_any(const float *x, const float *x2, float *y, int64_t c, const float *g,
                          const float *b, float eps, const float *z, int64_t ldz, int64_t begin,
                          int64_t end) {
    switch (mb_cpu_isa()) {
#if defined(__x86_64__)
    case MB_ISA_AVX512: pw_layernorm_avx512(x, x2, y, c, g, b, eps, z, ldz, begin, end); break;
    case MB_ISA_AVX2: pw_layernorm_avx2(x, x2, y, c, g, b, eps, z, ldz, begin, end); break;
#endif
    default: op_layernorm_forward_ref(x, x2, y, c, g, b, eps, z, ldz, begin, end); break;
    }
}

void op_layernorm_forward(const float *x, float *y, int64_t c, const float *gamma,
                          const float *beta, float eps, int64_t begin, int64_t end) {
    layernorm_any(x, NULL, y, c, gamma, beta, eps, NULL, 0, begin, end);
}

void op_layernorm_gate_forward(const float *x, const float *x2, float *y, int64_t c,
                               const float *gamma, const float *beta, float eps, const float *z,
                               int64_t ldz, int64_t begin, int64_t end) {
    layernorm_any(x, x2, y, c, gamma, beta, eps, z, ldz, begin, end);
}
