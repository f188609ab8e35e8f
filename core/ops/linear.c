/* linear.c — y = x W^T + b on token rows through mb_sgemm (SPEC §3 Linear). */
#include "ops.h"

#include "gemm.h"

#include <string.h>

void op_linear_forward(const float *x, int64_t ldx, const float *w, const float *bias, float *y,
                       int64_t ldy, int64_t n, int64_t k, int64_t begin, int64_t end) {
    if (end <= begin) return;
    /* W is {N, K} as PyTorch stores it: multiply by its transpose directly.
       With a bias, C starts as the bias and the GEMM adds to it (beta = 1),
       which is one pass over y instead of BLAS zeroing it plus a bias pass. */
    if (bias)
        for (int64_t r = begin; r < end; r++) memcpy(y + r * ldy, bias, (size_t)n * sizeof(float));
    mb_sgemm(false, true, end - begin, n, k, 1.0f, x + begin * ldx, ldx, w, k, bias ? 1.0f : 0.0f,
             y + begin * ldy, ldy);
}

void op_linear_accumulate_forward(const float *x, int64_t ldx, const float *w, float *y,
                                  int64_t ldy, int64_t n, int64_t k, int64_t begin, int64_t end) {
    if (end <= begin) return;
    mb_sgemm(false, true, end - begin, n, k, 1.0f, x + begin * ldx, ldx, w, k, 1.0f,
             y + begin * ldy, ldy);
}
