/*
 * gemm.h — single-precision matrix multiply, row-major, through OpenBLAS.
 *
 * OpenBLAS is loaded at run time (dlopen) so that the engine can fix its CPU
 * detection first: Debian 12's OpenBLAS 0.3.21 does not know recent Intel
 * CPUs and falls back to "Prescott" kernels, 3-4x slower. When
 * OPENBLAS_CORETYPE is not set by the user we set it from the CPU's features
 * before the library initialises. When OpenBLAS cannot be loaded a portable
 * blocked kernel is used (correct, slower); mambair_blas_info() says which.
 *
 * C = alpha * op(A) * op(B) + beta * C, op(A) is M x K, op(B) is K x N.
 */
#ifndef MB_GEMM_H
#define MB_GEMM_H

#include <stdbool.h>
#include <stdint.h>

void mb_sgemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha,
              const float *a, int64_t lda, const float *b, int64_t ldb, float beta, float *c,
              int64_t ldc);

/* Threads OpenBLAS may use for the calls made after this one (>= 1). */
void mb_gemm_set_threads(int n);

/* Force the portable kernel (tests, and a user switch for broken BLAS). */
void mb_gemm_force_portable(bool on);

#endif /* MB_GEMM_H */
