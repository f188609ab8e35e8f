/* linear.c — y = x W^T + b on token rows through mb_sgemm (SPEC §3 Linear). */
#include "ops.h"

#include "gemm.h"

void op_linear_forward(const float *x, int64_t ldx, const float *w, const float *bias, float *y,
                       int64_t ldy, int64_t n, int64_t k, int64_t begin, int64_t end) {
    if (end <= begin) return;
    /* W is {N, K} as PyTorch stores it: multiply by its transpose directly */
    mb_sgemm(false, true, end - begin, n, k, 1.0f, x + begin * ldx, ldx, w, k, 0.0f,
             y + begin * ldy, ldy);
    if (bias) op_bias_act_forward(y, ldy, bias, MB_ACT_NONE, y, ldy, n, begin, end);
}
