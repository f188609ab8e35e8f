/*
 * grad-scan-avx512.c — the reverse pass of the float scan backward with
 * AVX-512 intrinsics: one vector holds the 16 channels of a chunk, the
 * per-step sums over the states (d delta, d u) stay in registers instead of
 * going through memory N times per step. Same arithmetic as the portable
 * loop in grad-scan.inc (which stays the reference and the fallback); used
 * when the CPU has AVX-512F.
 */
#include "grad-scan-avx512.h"

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>

#define T512 __attribute__((target("avx512f,avx512dq,fma")))

/* Steps ahead to prefetch: rows of the column-major directions are far apart. */
#define TR_SCAN_PREFETCH 12

T512 static inline __m512 exp512(__m512 x) {
    x = _mm512_max_ps(x, _mm512_set1_ps(-87.0f));
    x = _mm512_min_ps(x, _mm512_set1_ps(88.0f));
    __m512 kf = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504f)),
                                     _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 f = _mm512_fmadd_ps(kf, _mm512_set1_ps(-0.693359375f), x);
    f = _mm512_fmadd_ps(kf, _mm512_set1_ps(2.12194440e-4f), f);
    __m512 p = _mm512_set1_ps(1.9875691500e-4f);
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.3981999507e-3f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(8.3334519073e-3f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(4.1665795894e-2f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.6666665459e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(5.0000001201e-1f));
    p = _mm512_fmadd_ps(_mm512_mul_ps(p, f), f, _mm512_add_ps(f, _mm512_set1_ps(1.0f)));
    __m512i k = _mm512_add_epi32(_mm512_cvtps_epi32(kf), _mm512_set1_epi32(127));
    return _mm512_mul_ps(p, _mm512_castsi512_ps(_mm512_slli_epi32(k, 23)));
}

T512 void tr_scan_bwd_chunk_avx512(const tr_scan_chunk_args *c) {
    const int N = c->N, Din = c->Din, nc = c->nc;
    const __mmask16 m = (__mmask16)((1u << nc) - 1);
    __m512 gh[TR_SCAN_AVX512_MAX_N], gA[TR_SCAN_AVX512_MAX_N], A[TR_SCAN_AVX512_MAX_N];
    for (int n = 0; n < N; n++) {
        gh[n] = _mm512_setzero_ps();
        gA[n] = _mm512_maskz_loadu_ps(m, c->gA + (int64_t)n * Din);
        A[n] = _mm512_maskz_loadu_ps(m, c->A + (int64_t)n * Din);
    }
    const __m512 Dv = _mm512_maskz_loadu_ps(m, c->D);
    __m512 gDv = _mm512_maskz_loadu_ps(m, c->gD);
    const int64_t cs = (int64_t)N * nc, ld = c->ld;
    for (int64_t l = c->L - 1; l >= 0; l--) {
        int64_t px = c->b0 + (c->order ? c->order[l] : l);
        if (l >= TR_SCAN_PREFETCH) {
            int64_t pq = c->b0 + (c->order ? c->order[l - TR_SCAN_PREFETCH] : l - TR_SCAN_PREFETCH);
            _mm_prefetch((const char *)(c->u + pq * c->su), _MM_HINT_T0);
            _mm_prefetch((const char *)(c->delta + pq * c->sdl), _MM_HINT_T0);
            _mm_prefetch((const char *)(c->gy + pq * c->su), _MM_HINT_T0);
            _mm_prefetch((const char *)(c->dbl + pq * ld), _MM_HINT_T0);
            _mm_prefetch((const char *)(c->gdbl + pq * ld), _MM_HINT_T0);
            _mm_prefetch((const char *)(c->gu + pq * c->su), _MM_HINT_T0);
            _mm_prefetch((const char *)(c->gdelta + pq * c->sdl), _MM_HINT_T0);
        }
        const __m512 u = _mm512_maskz_loadu_ps(m, c->u + px * c->su);
        const __m512 dl = _mm512_maskz_loadu_ps(m, c->delta + px * c->sdl);
        const __m512 gy = _mm512_maskz_loadu_ps(m, c->gy + px * c->su);
        const float *Bv = c->dbl + px * ld, *Cv = Bv + N;
        float *gBv = c->gdbl + px * ld, *gCv = gBv + N;
        const float *hl = c->hs + l * cs, *hp = l > 0 ? hl - cs : NULL;
        __m512 gua = _mm512_mul_ps(gy, Dv), gdl = _mm512_setzero_ps();
        gDv = _mm512_fmadd_ps(gy, u, gDv);
        const __m512 dlu = _mm512_mul_ps(dl, u);
        for (int n = 0; n < N; n++) {
            __m512 a = _mm512_maskz_loadu_ps(m, c->as + l * cs + (int64_t)n * nc);
            __m512 hn = _mm512_maskz_loadu_ps(m, hl + (int64_t)n * nc);
            __m512 g = _mm512_fmadd_ps(gy, _mm512_set1_ps(Cv[n]), gh[n]);
            __m512 bn = _mm512_set1_ps(Bv[n]);
            if (hp) {
                __m512 hpn = _mm512_maskz_loadu_ps(m, hp + (int64_t)n * nc);
                __m512 ga = _mm512_mul_ps(_mm512_mul_ps(g, hpn), a);
                gdl = _mm512_fmadd_ps(ga, A[n], gdl);
                gA[n] = _mm512_fmadd_ps(ga, dl, gA[n]);
            }
            gdl = _mm512_fmadd_ps(_mm512_mul_ps(g, bn), u, gdl);
            gua = _mm512_fmadd_ps(_mm512_mul_ps(g, dl), bn, gua);
            gBv[n] += _mm512_reduce_add_ps(_mm512_mul_ps(g, dlu));
            gCv[n] += _mm512_reduce_add_ps(_mm512_mul_ps(gy, hn));
            gh[n] = _mm512_mul_ps(g, a);
        }
        float *gu = c->gu + px * c->su, *gd = c->gdelta + px * c->sdl;
        _mm512_mask_storeu_ps(gu, m, _mm512_add_ps(_mm512_maskz_loadu_ps(m, gu), gua));
        _mm512_mask_storeu_ps(gd, m, gdl);
    }
    for (int n = 0; n < N; n++) _mm512_mask_storeu_ps(c->gA + (int64_t)n * Din, m, gA[n]);
    _mm512_mask_storeu_ps(c->gD, m, gDv);
}

T512 void tr_scan_fwd_chunk_avx512(const tr_scan_chunk_args *c, float *y, float *hs, float *as) {
    const int N = c->N, Din = c->Din, nc = c->nc;
    const __mmask16 m = (__mmask16)((1u << nc) - 1);
    __m512 h[TR_SCAN_AVX512_MAX_N], A[TR_SCAN_AVX512_MAX_N];
    for (int n = 0; n < N; n++) {
        h[n] = _mm512_setzero_ps();
        A[n] = _mm512_maskz_loadu_ps(m, c->A + (int64_t)n * Din);
    }
    const __m512 Dv = _mm512_maskz_loadu_ps(m, c->D);
    const int64_t cs = (int64_t)N * nc, ld = c->ld;
    for (int64_t l = 0; l < c->L; l++) {
        int64_t px = c->b0 + (c->order ? c->order[l] : l);
        if (l + TR_SCAN_PREFETCH < c->L) {
            /* column-major directions jump a row per step: fetch ahead */
            int64_t pq = c->b0 + (c->order ? c->order[l + TR_SCAN_PREFETCH] : l + TR_SCAN_PREFETCH);
            _mm_prefetch((const char *)(c->u + pq * c->su), _MM_HINT_T0);
            _mm_prefetch((const char *)(c->delta + pq * c->sdl), _MM_HINT_T0);
            _mm_prefetch((const char *)(c->dbl + pq * ld), _MM_HINT_T0);
            if (y) _mm_prefetch((const char *)(y + pq * c->su), _MM_HINT_T0);
        }
        const __m512 u = _mm512_maskz_loadu_ps(m, c->u + px * c->su);
        const __m512 dl = _mm512_maskz_loadu_ps(m, c->delta + px * c->sdl);
        const float *Bv = c->dbl + px * ld, *Cv = Bv + N;
        const __m512 dlu = _mm512_mul_ps(dl, u);
        __m512 acc = _mm512_mul_ps(Dv, u);
        for (int n = 0; n < N; n++) {
            __m512 a = exp512(_mm512_mul_ps(dl, A[n]));
            h[n] = _mm512_fmadd_ps(a, h[n], _mm512_mul_ps(dlu, _mm512_set1_ps(Bv[n])));
            acc = _mm512_fmadd_ps(_mm512_set1_ps(Cv[n]), h[n], acc);
            if (hs) {
                _mm512_mask_storeu_ps(hs + l * cs + (int64_t)n * nc, m, h[n]);
                _mm512_mask_storeu_ps(as + l * cs + (int64_t)n * nc, m, a);
            }
        }
        if (y) {
            float *yo = y + px * c->su;
            _mm512_mask_storeu_ps(yo, m, _mm512_add_ps(_mm512_maskz_loadu_ps(m, yo), acc));
        }
    }
}

int tr_scan_avx512_available(void) {
    static int have = -1;
    if (have < 0) {
        __builtin_cpu_init();
        have = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
               getenv("MAMBAIR_NO_SIMD") == NULL;
    }
    return have;
}
#else
void tr_scan_bwd_chunk_avx512(const tr_scan_chunk_args *c) { (void)c; }
void tr_scan_fwd_chunk_avx512(const tr_scan_chunk_args *c, float *y, float *hs, float *as) {
    (void)c, (void)y, (void)hs, (void)as;
}
int tr_scan_avx512_available(void) { return 0; }
#endif
