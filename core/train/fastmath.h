/*
 * fastmath.h — exp and softplus for the float kernels: only arithmetic and
 * bit moves, so loops over channels vectorise; per-ISA clones of the hot
 * loops (TR_SCAN_TARGET). Included by the *.inc kernels after real.h; in
 * double (gradient checks) the libm functions are used instead.
 */
#ifndef MB_TRAIN_FASTMATH_H
#define MB_TRAIN_FASTMATH_H

#include <math.h>
#include <stdint.h>
#include <string.h>

/* exp for the float scan: Cody-Waite reduction and a degree-6 polynomial
 * (about 2 ulp), only arithmetic and bit moves so that the channel loops
 * vectorise. Arguments below -87 give exp(-87) ~ 1.6e-38 instead of a
 * denormal or 0: the scan's decay factor, so the difference is < 1e-37
 * (SPEC §6.4 notes the same underflow). */
static inline __attribute__((always_inline)) float tr_fast_expf(float x) {
    x = x < -87.0f ? -87.0f : x;
    x = x > 88.0f ? 88.0f : x;
    float kf = rintf(x * 1.44269504f); /* not the 1.5*2^23 trick: reassociation would fold it */
    float f = x - kf * 0.693359375f + kf * 2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * f + 1.3981999507e-3f;
    p = p * f + 8.3334519073e-3f;
    p = p * f + 4.1665795894e-2f;
    p = p * f + 1.6666665459e-1f;
    p = p * f + 5.0000001201e-1f;
    p = p * f * f + f + 1.0f;
    int32_t bits = ((int32_t)kf + 127) << 23;
    float sc;
    memcpy(&sc, &bits, sizeof sc);
    return p * sc;
}
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
/* One copy per instruction set, chosen at load time (ifunc). */
/* Float sums in these loops may be reassociated and contracted to FMA (the
 * project builds with strict ISO C, which turns contraction off): the
 * float scan is checked against the oracles with a tolerance anyway. */
#define TR_SCAN_CLONES                                                          \
    __attribute__((target_clones("avx512f", "avx2,fma", "default"),             \
                   optimize("fp-contract=fast", "associative-math", "no-signed-zeros", \
                            "no-trapping-math")))
#define TR_SCAN_OPT                                                             \
    __attribute__((always_inline, optimize("fp-contract=fast", "associative-math",   \
                                           "no-signed-zeros", "no-trapping-math")))
#else
#define TR_SCAN_CLONES
#define TR_SCAN_OPT
#endif

/* log1p(t) for t in [0, 1]: 2 atanh(s), s = t / (2 + t) <= 1/3, odd series to
 * s^13 (truncation < 5e-9 relative). */
static inline __attribute__((always_inline)) float tr_fast_log1pf_01(float t) {
    float s = t / (2.0f + t), s2 = s * s;
    float p = 1.0f / 13;
    p = p * s2 + 1.0f / 11;
    p = p * s2 + 1.0f / 9;
    p = p * s2 + 1.0f / 7;
    p = p * s2 + 1.0f / 5;
    p = p * s2 + 1.0f / 3;
    p = p * s2 + 1.0f;
    return 2.0f * s * p;
}

/* 1 / (1 + exp(-x)) */
static inline __attribute__((always_inline)) float tr_fast_sigmoidf(float x) {
    return 1.0f / (1.0f + tr_fast_expf(-x));
}
#endif



#undef R_EXPV
#undef R_SIGMOIDV
#undef TR_SCAN_TARGET
#undef TR_SCAN_INNER
#ifdef MB_TRAIN_F64
#define R_EXPV exp
#define R_SIGMOIDV(x) (1 / (1 + exp(-(x))))
#define TR_SCAN_TARGET
#define TR_SCAN_INNER
#else
#define R_EXPV tr_fast_expf
#define R_SIGMOIDV tr_fast_sigmoidf
#define TR_SCAN_TARGET TR_SCAN_CLONES
#define TR_SCAN_INNER TR_SCAN_OPT
#endif
