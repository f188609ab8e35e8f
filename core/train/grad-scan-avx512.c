/* grad-scan-avx512.c — the float scan kernels (grad-scan-kernel.inc) in
 * AVX-512: 16 channels a vector, masked loads and stores for the tail. */
#include "grad-scan-simd.h"

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>

#define VL 16
#define VEC __m512
#define VMASK __mmask16
#define TS __attribute__((target("avx512f,avx512dq,fma")))
#define KNAME(x) x##_avx512
#define PI TS static inline __attribute__((always_inline))

PI VEC v_load(const float *p) { return _mm512_load_ps(p); }
PI void v_store(float *p, VEC v) { _mm512_store_ps(p, v); }
PI VMASK v_mask(int n) { return (VMASK)((1u << n) - 1); }
PI VEC v_loadm(VMASK m, const float *p) { return _mm512_maskz_loadu_ps(m, p); }
PI void v_storem(float *p, VMASK m, VEC v) { _mm512_mask_storeu_ps(p, m, v); }
PI VEC v_set1(float x) { return _mm512_set1_ps(x); }
PI VEC v_zero(void) { return _mm512_setzero_ps(); }
PI VEC v_add(VEC a, VEC b) { return _mm512_add_ps(a, b); }
PI VEC v_mul(VEC a, VEC b) { return _mm512_mul_ps(a, b); }
PI VEC v_fma(VEC a, VEC b, VEC c) { return _mm512_fmadd_ps(a, b, c); }

#include "grad-scan-exp2.inc"

/* 2^t for the decay factors exp(delta A) = 2^(delta A log2 e), the blocks
 * holding A log2 e: t = k + f with k = round(t) by adding and removing
 * 1.5 * 2^23 and f = t - k exact in [-1/2, 1/2], 2^f = 1 + f r(f) with r of
 * degree 5 fitted to (2^f - 1) / f (relative error 1e-8 before rounding),
 * scalef applies 2^k without integer conversions. The rounding of A log2 e
 * adds at most one rounding of t to that of delta A; a few multiply-adds
 * less than the Cody-Waite reduction of tr_fast_expf (fastmath.h). |t| is
 * clamped to 125.5 in one instruction (range: absolute minimum, sign of t),
 * so every input gives a normal float and never NaN: below it the result is
 * 2^-125.5 = exp(-87), as in tr_fast_expf (the scan's arguments are <= 0). */
PI VEC v_exp2(VEC t) {
    const VEC shift = _mm512_set1_ps(12582912.0f);
    t = _mm512_range_ps(t, _mm512_set1_ps(125.5f), 0x02);
    const VEC kf = _mm512_sub_ps(_mm512_add_ps(t, shift), shift);
    const VEC f = _mm512_sub_ps(t, kf);
    return _mm512_scalef_ps(v_exp2_reduced(f), kf);
}

/* Lane j of the result = sum of the lanes of v[j]: a transpose-and-add tree
 * of 15 steps (blend + shuffle + add each) instead of 16 horizontal sums. */
PI VEC v_sumt(const VEC *v) {
    const __m512i i2 =
        _mm512_setr_epi32(4, 5, 6, 7, 16, 17, 18, 19, 12, 13, 14, 15, 24, 25, 26, 27);
    const __m512i i4 =
        _mm512_setr_epi32(1, 16, 3, 18, 5, 20, 7, 22, 9, 24, 11, 26, 13, 28, 15, 30);
    VEC w[8], x[4], y[2];
    for (int i = 0; i < 8; i++) /* halves: v[i] in lanes 0-7, v[i+8] in 8-15 */
        w[i] = _mm512_add_ps(_mm512_mask_blend_ps(0xFF00, v[i], v[i + 8]),
                             _mm512_shuffle_f32x4(v[i], v[i + 8], 0x4E));
    for (int i = 0; i < 4; i++) /* quarters */
        x[i] = _mm512_add_ps(_mm512_mask_blend_ps(0xF0F0, w[i], w[i + 4]),
                             _mm512_permutex2var_ps(w[i], i2, w[i + 4]));
    for (int i = 0; i < 2; i++) /* pairs */
        y[i] = _mm512_add_ps(_mm512_mask_blend_ps(0xCCCC, x[i], x[i + 2]),
                             _mm512_shuffle_ps(x[i], x[i + 2], 0x4E));
    return _mm512_add_ps(_mm512_mask_blend_ps(0xAAAA, y[0], y[1]),
                         _mm512_permutex2var_ps(y[0], i4, y[1]));
}

#include "grad-scan-kernel.inc"
#endif
