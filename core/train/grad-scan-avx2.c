/* grad-scan-avx2.c — the float scan kernels (grad-scan-kernel.inc) in AVX2
 * with FMA: 8 channels a vector. A mask is a lane count: full chunks use
 * plain loads and stores, only the tail chunk the (slower) masked moves. */
#include "grad-scan-simd.h"

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>

#define VL 8
#define VEC __m256
#define VMASK int
#define TS __attribute__((target("avx2,fma")))
#define KNAME(x) x##_avx2
#define PI TS static inline __attribute__((always_inline))

PI VEC v_load(const float *p) { return _mm256_load_ps(p); }
PI void v_store(float *p, VEC v) { _mm256_store_ps(p, v); }
PI VMASK v_mask(int n) { return n; }
/* lanes 0..n-1 set: a window into {-1 x 8, 0 x 8} */
PI __m256i lanes(int n) {
    static const int32_t w[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
    return _mm256_loadu_si256((const __m256i *)(w + 8 - n));
}
PI VEC v_loadm(VMASK n, const float *p) {
    return n == VL ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, lanes(n));
}
PI void v_storem(float *p, VMASK n, VEC v) {
    if (n == VL)
        _mm256_storeu_ps(p, v);
    else
        _mm256_maskstore_ps(p, lanes(n), v);
}
PI VEC v_set1(float x) { return _mm256_set1_ps(x); }
PI VEC v_zero(void) { return _mm256_setzero_ps(); }
PI VEC v_add(VEC a, VEC b) { return _mm256_add_ps(a, b); }
PI VEC v_mul(VEC a, VEC b) { return _mm256_mul_ps(a, b); }
PI VEC v_fma(VEC a, VEC b, VEC c) { return _mm256_fmadd_ps(a, b, c); }

#include "grad-scan-exp2.inc"

/* 2^t as in grad-scan-avx512.c (same reduction and polynomial), with the
 * clamp to |t| <= 125.5 as min and max and 2^k built in the exponent field
 * (k + 127 in 1..253: a normal float). */
PI VEC v_exp2(VEC t) {
    const VEC shift = _mm256_set1_ps(12582912.0f);
    t = _mm256_min_ps(_mm256_max_ps(t, _mm256_set1_ps(-125.5f)), _mm256_set1_ps(125.5f));
    const VEC kf = _mm256_sub_ps(_mm256_add_ps(t, shift), shift);
    const VEC f = _mm256_sub_ps(t, kf);
    const __m256i e = _mm256_slli_epi32(
        _mm256_add_epi32(_mm256_cvtps_epi32(kf), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(v_exp2_reduced(f), _mm256_castsi256_ps(e));
}

/* Lane j of the result = sum of the lanes of v[j]: horizontal adds within
 * the 128-bit halves, then the two halves added. */
PI VEC v_sumt(const VEC *v) {
    const VEC a = _mm256_hadd_ps(_mm256_hadd_ps(v[0], v[1]), _mm256_hadd_ps(v[2], v[3]));
    const VEC b = _mm256_hadd_ps(_mm256_hadd_ps(v[4], v[5]), _mm256_hadd_ps(v[6], v[7]));
    return _mm256_add_ps(_mm256_permute2f128_ps(a, b, 0x20), _mm256_permute2f128_ps(a, b, 0x31));
}

#include "grad-scan-kernel.inc"
#endif
