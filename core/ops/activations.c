/* activations.c — element-wise activations of SPEC §3 over arrays. */
#include "ops.h"

void op_act_forward(mb_act act, const float *x, float *y, int64_t begin, int64_t end) {
    switch (act) {
    case MB_ACT_NONE:
        if (x != y)
            for (int64_t i = begin; i < end; i++) y[i] = x[i];
        break;
    case MB_ACT_GELU:
        for (int64_t i = begin; i < end; i++) y[i] = mb_gelu(x[i]);
        break;
    case MB_ACT_SILU:
        for (int64_t i = begin; i < end; i++) y[i] = mb_silu(x[i]);
        break;
    case MB_ACT_SIGMOID:
        for (int64_t i = begin; i < end; i++) y[i] = mb_sigmoid(x[i]);
        break;
    case MB_ACT_LEAKY_RELU:
        for (int64_t i = begin; i < end; i++) y[i] = mb_leaky_relu(x[i]);
        break;
    case MB_ACT_RELU:
        for (int64_t i = begin; i < end; i++) y[i] = mb_relu(x[i]);
        break;
    }
}

static inline float act_one(mb_act act, float v) {
    switch (act) {
    case MB_ACT_GELU: return mb_gelu(v);
    case MB_ACT_SILU: return mb_silu(v);
    case MB_ACT_SIGMOID: return mb_sigmoid(v);
    case MB_ACT_LEAKY_RELU: return mb_leaky_relu(v);
    case MB_ACT_RELU: return mb_relu(v);
    default: return v;
    }
}

void op_bias_act_forward(const float *x, int64_t ldx, const float *bias, mb_act act, float *y,
                         int64_t ldy, int64_t c, int64_t begin, int64_t end) {
    switch (mb_cpu_isa()) {
#if defined(__x86_64__)
    case MB_ISA_AVX512: pw_bias_act_avx512(x, ldx, bias, act, y, ldy, c, begin, end); return;
    case MB_ISA_AVX2: pw_bias_act_avx2(x, ldx, bias, act, y, ldy, c, begin, end); return;
#endif
    default:
        for (int64_t r = begin; r < end; r++)
            for (int64_t i = 0; i < c; i++) y[r * ldy + i] = act_one(act, x[r * ldx + i] + bias[i]);
    }
}
