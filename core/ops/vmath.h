/*
 * vmath.h — float vectors of SIMD_VL lanes (GCC/Clang vector extensions) and
 * the math the kernels need: exp, log, softplus, erf, SiLU, GELU. Included
 * by the per-ISA kernel files, which set SIMD_VL and their -m flags.
 * exp uses range reduction + a polynomial with cephes-style minimax
 * coefficients (~1 ulp); erf uses Abramowitz-Stegun 7.1.26 (|error| < 1.5e-7).
 */
#ifndef MB_VMATH_H
#define MB_VMATH_H

#include <stdint.h>
#include <string.h>

typedef float vf __attribute__((vector_size(SIMD_VL * 4)));
typedef int32_t vi __attribute__((vector_size(SIMD_VL * 4)));

static inline vf vsplat(float x) { return (vf){0} + x; }
static inline vf vload(const float *p) {
    vf v;
    memcpy(&v, p, sizeof v);
    return v;
}
static inline void vstore(float *p, vf v) { memcpy(p, &v, sizeof v); }
static inline vf vsel(vi m, vf a, vf b) { return (vf)(((vi)a & m) | ((vi)b & ~m)); }

#if defined(__AVX512F__) || defined(__AVX2__)
#include <immintrin.h>
#endif

/* The first n (< SIMD_VL) lanes from p, the others 0; and the reverse store.
 * Masked moves where the ISA has them: never touch memory past p[n-1]. */
static inline vf vload_part(const float *p, int n) {
#if SIMD_VL == 16 && defined(__AVX512F__)
    return (vf)_mm512_maskz_loadu_ps((__mmask16)((1u << n) - 1u), p);
#elif SIMD_VL == 8 && defined(__AVX2__)
    const int32_t idx[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
    return (vf)_mm256_maskload_ps(p, _mm256_loadu_si256((const __m256i *)(idx + 8 - n)));
#else
    vf v = {0};
    for (int l = 0; l < n; l++) v[l] = p[l];
    return v;
#endif
}
static inline void vstore_part(float *p, vf v, int n) {
#if SIMD_VL == 16 && defined(__AVX512F__)
    _mm512_mask_storeu_ps(p, (__mmask16)((1u << n) - 1u), (__m512)v);
#elif SIMD_VL == 8 && defined(__AVX2__)
    const int32_t idx[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
    _mm256_maskstore_ps(p, _mm256_loadu_si256((const __m256i *)(idx + 8 - n)), (__m256)v);
#else
    for (int l = 0; l < n; l++) p[l] = v[l];
#endif
}

/* sum of the lanes, as a tree */
static inline float vhsum(vf v) {
#if SIMD_VL == 16 && defined(__AVX512F__)
    return _mm512_reduce_add_ps((__m512)v);
#else
    float s[SIMD_VL];
    memcpy(s, &v, sizeof s);
    for (int w = SIMD_VL / 2; w > 0; w /= 2)
        for (int l = 0; l < w; l++) s[l] += s[l + w];
    return s[0];
#endif
}

/* e^x for any float x (x > 88.7 is not used here: callers pass x <= 20) */
static inline vf vexp(vf x) {
    vi under = x < -87.33654f;
    x = vsel(x > 88.0f, vsplat(88.0f), x);
    x = vsel(under, vsplat(-87.0f), x);
    vf t = x * 1.44269504088896341f;
    vf r = (t + 12582912.0f) - 12582912.0f;    /* round to nearest */
    vf f = x - r * 0.693359375f + r * 2.12194440e-4f; /* x - r ln2 in two parts */
    vf z = f * f;
    vf p = vsplat(1.9875691500e-4f);
    p = p * f + 1.3981999507e-3f;
    p = p * f + 8.3334519073e-3f;
    p = p * f + 4.1665795894e-2f;
    p = p * f + 1.6666665459e-1f;
    p = p * f + 5.0000001201e-1f;
    p = p * z + f + 1.0f;
    vi e = (__builtin_convertvector(r, vi) + 127) << 23;
    vf res = p * (vf)e;
    return vsel(under, vsplat(0.0f), res);
}

#if SIMD_VL == 16 && defined(__AVX512F__)
/* 2^t for t <= 0 on AVX-512: vreduceps gives f = t - floor(t) in [0, 1),
   a Taylor polynomial of 2^f about 1/2 (re-expanded in powers of f; degree
   6, relative error 1.9e-7) and vscalefps multiplies by 2^floor(t), which
   also underflows to 0 exactly, without masks. */
static inline vf vexp2_neg(vf t) {
    __m512 x = (__m512)t;
    __m512 f = _mm512_reduce_ps(x, _MM_FROUND_TO_NEG_INF);
    __m512 p = _mm512_set1_ps(2.1783881590746446e-4f);
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.2321334288145436e-3f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(9.7048594969742774e-3f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(5.5460013635467119e-2f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(2.4023988380848141e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(6.9314493321049120e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0000001614915857f));
    return (vf)_mm512_scalef_ps(p, x);
}
#define SCAN_HAVE_EXP2 1
#else
static inline vf vexp2_neg(vf t) { return vexp(t * 0.693147180559945309f); }
#endif

static inline vf vabs(vf x);

/* softplus with threshold 20 (SPEC §3) as max(x, 0) + log1p(e^-|x|): with
 * t = e^-|x| in (0, 1], log1p(t) = 2 atanh(s), s = t / (2 + t) <= 1/3, whose
 * odd series to s^13 is accurate to 2e-8 relative; no log, one division. */
static inline vf vsoftplus(vf x) {
    vf t = vexp(-vabs(x));
    vf s = t / (2.0f + t);
    vf z = s * s;
    vf p = vsplat(1.0f / 13.0f);
    p = p * z + 1.0f / 11.0f;
    p = p * z + 1.0f / 9.0f;
    p = p * z + 1.0f / 7.0f;
    p = p * z + 1.0f / 5.0f;
    p = p * z + 1.0f / 3.0f;
    p = p * z + 1.0f;
    vf r = vsel(x > 0.0f, x, vsplat(0.0f)) + 2.0f * s * p;
    return vsel(x > 20.0f, x, r);
}

static inline vf vabs(vf x) { return (vf)((vi)x & 0x7fffffff); }

/* erf(x), |error| < 1.5e-7 + rounding (Abramowitz-Stegun 7.1.26) */
static inline vf verf(vf x) {
    vf ax = vabs(x);
    vf t = 1.0f / (1.0f + 0.3275911f * ax);
    vf p = vsplat(1.061405429f);
    p = p * t - 1.453152027f;
    p = p * t + 1.421413741f;
    p = p * t - 0.284496736f;
    p = p * t + 0.254829592f;
    vf r = 1.0f - p * t * vexp(-(ax * ax));
    return (vf)((vi)r | ((vi)x & (int32_t)0x80000000)); /* odd */
}
static inline vf vgelu(vf x) { return 0.5f * x * (1.0f + verf(x * 0.70710678118654752f)); }
static inline vf vsilu(vf x) { return x / (1.0f + vexp(-x)); }

#endif
