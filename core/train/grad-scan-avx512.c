/*
 * grad-scan-avx512.c — the float scan of one image and direction with
 * AVX-512 intrinsics. A vector holds 16 channels; each step handles every
 * 16-channel chunk of its row, so a row (one pixel) is read once per pass
 * and the gradients of B and C are summed over all channels in vectors
 * before one horizontal reduction per step. The kernels are instantiated for
 * every state count N <= 16 (loops over the states unrolled). Same
 * recurrence as the portable loops in grad-scan.inc (the reference and the
 * fallback); sums are grouped differently, so results agree to rounding,
 * and are the same run to run. The forward can keep the segment
 * checkpoints of the backward (the same values a forward pass of the
 * backward would compute, so the gradients do not depend on where they come
 * from).
 */
#include "grad-scan-avx512.h"

#include <string.h>

/* Steps per segment of the backward (see bwd_all). */
#ifndef TR_SCAN_SEG
#define TR_SCAN_SEG 16
#endif

static int64_t nsegs(int64_t L) { return (L + TR_SCAN_SEG - 1) / TR_SCAN_SEG; }

int64_t tr_scan_ckpt_floats(int N, int Din, int64_t L) {
    return (nsegs(L) - 1) * ((Din + 15) / 16) * N * 16;
}

/* Work buffers, in floats (every part a multiple of 16: 64-byte aligned).
 * Per chunk of 16 channels, a block of TR_PB floats: A {N, 16}, the forward
 * state H {N, 16}, dL/dh GH {N, 16}, dA GA {N, 16}, D {16}, dD GD {16} and
 * A log2(e) A2 {N, 16} (A and D zero past Din), at the offsets below. Then
 * per chunk, TR_HB floats: the states and decay factors of one segment
 * {S + 1, 2, N, 16} (step 0: the state before the segment). Then room for
 * the checkpoints when the caller has none (tr_scan_ckpt_floats). Chunk-major
 * blocks keep every offset inside a chunk a compile-time constant. */
#define TR_PB(N) (5 * (N) * 16 + 32)
#define TR_HB(N) ((TR_SCAN_SEG + 1) * 2 * (N) * 16)
#define TR_OH(N) ((N) * 16)
#define TR_OGH(N) (2 * (N) * 16)
#define TR_OGA(N) (3 * (N) * 16)
#define TR_OD(N) (4 * (N) * 16)
#define TR_OGD(N) (4 * (N) * 16 + 16)
#define TR_OA2(N) (4 * (N) * 16 + 32)

int64_t tr_scan_work_floats(int N, int Din, int64_t L) {
    int64_t nch = (Din + 15) / 16;
    return nch * (TR_PB(N) + TR_HB(N)) + tr_scan_ckpt_floats(N, Din, L);
}

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>

#define T512 __attribute__((target("avx512f,avx512dq,fma")))
#define T512_INLINE T512 static inline __attribute__((always_inline))

/* Steps ahead to prefetch in the forward passes: rows of the column-major
 * directions are far apart. */
#ifndef TR_SCAN_PREFETCH
#define TR_SCAN_PREFETCH 3
#endif

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
T512_INLINE __m512 exp2_512(__m512 t) {
    const __m512 shift = _mm512_set1_ps(12582912.0f);
    t = _mm512_range_ps(t, _mm512_set1_ps(125.5f), 0x02);
    const __m512 kf = _mm512_sub_ps(_mm512_add_ps(t, shift), shift);
    const __m512 f = _mm512_sub_ps(t, kf);
    __m512 r = _mm512_set1_ps(1.5453163360e-04f);
    r = _mm512_fmadd_ps(r, f, _mm512_set1_ps(1.3390863314e-03f));
    r = _mm512_fmadd_ps(r, f, _mm512_set1_ps(9.6180830151e-03f));
    r = _mm512_fmadd_ps(r, f, _mm512_set1_ps(5.5503569543e-02f));
    r = _mm512_fmadd_ps(r, f, _mm512_set1_ps(2.4022650719e-01f));
    r = _mm512_fmadd_ps(r, f, _mm512_set1_ps(6.9314718246e-01f));
    return _mm512_scalef_ps(_mm512_fmadd_ps(f, r, _mm512_set1_ps(1.0f)), kf);
}

/* Lane j of the result = sum of the lanes of v[j]: a transpose-and-add tree
 * of 15 steps (blend + shuffle + add each) instead of 16 horizontal sums. */
T512_INLINE __m512 sum16(const __m512 *v) {
    const __m512i i2 =
        _mm512_setr_epi32(4, 5, 6, 7, 16, 17, 18, 19, 12, 13, 14, 15, 24, 25, 26, 27);
    const __m512i i4 =
        _mm512_setr_epi32(1, 16, 3, 18, 5, 20, 7, 22, 9, 24, 11, 26, 13, 28, 15, 30);
    __m512 w[8], x[4], y[2];
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

/* Every cache line of n floats at p. */
T512_INLINE void prefetch_row(const float *p, int n) {
    const char *b = (const char *)p, *e = (const char *)(p + n) - 1;
    for (; b < e; b += 64) _mm_prefetch(b, _MM_HINT_T0);
    _mm_prefetch(e, _MM_HINT_T0);
}

/* Forward over steps [l0, l1), N a constant after inlining. FWD_Y writes
 * the output to y, FWD_CK only advances the state; both keep the state in
 * the chunk blocks, and store it at every segment start after the first in
 * ck (tr_scan_ckpt_floats layout) unless ck is NULL. FWD_HS reads the state
 * before l0 from step 0 of hs and stores the states and decay factors of the
 * segment there. Prefetches a few steps ahead, FWD_HS the rows of the
 * segment before (the next one the backward visits), gradients included. */
enum { FWD_Y, FWD_CK, FWD_HS };
T512_INLINE void fwd_body(const tr_scan_args *c, float *work, const int N, const int mode,
                          int64_t l0, int64_t l1, float *ck) {
    const int cs = N * 16, PB = TR_PB(N), HB = TR_HB(N);
    const int Din = c->Din, nch = (Din + 15) / 16;
    const __mmask16 mt = Din % 16 ? (__mmask16)((1u << (Din % 16)) - 1) : (__mmask16)0xFFFF;
    const int64_t L = c->L, su = c->su, sdl = c->sdl, sbc = c->sbc;
    const int32_t *const order = c->order;
    const float *const u = c->u, *const dl = c->delta, *const bc = c->bc;
    float *const y = c->y, *const blocks = work, *const hs = work + nch * PB;
    const int y_add = c->y_add;
    for (int64_t l = l0; l < l1; l++) {
        const int64_t px = order[l];
        const float *ur = u + px * su, *dr = dl + px * sdl;
        const float *const bl = bc + px * sbc;
        float *yr = mode == FWD_Y ? y + px * su : NULL;
        /* Rows to prefetch (the current ones when there are none), a line of
         * each per chunk: u, delta and y, or the gradients in FWD_HS. */
        const int64_t lq = mode == FWD_HS ? l - TR_SCAN_SEG : l + TR_SCAN_PREFETCH;
        const int64_t q = lq >= 0 && lq < L ? order[lq] : px;
        const float *pf[5] = {u + q * su, dl + q * sdl};
        int npf = 2;
        if (mode == FWD_Y) pf[npf++] = y + q * su;
        if (mode == FWD_HS) {
            pf[npf++] = c->gy + q * su, pf[npf++] = c->gu + q * su, pf[npf++] = c->gdelta + q * sdl;
            prefetch_row(c->gbc + q * sbc, 2 * N);
        }
        prefetch_row(bc + q * sbc, 2 * N);
        for (int i = 0; i < npf; i++) _mm_prefetch((const char *)(pf[i] + Din - 1), _MM_HINT_T0);
        float *P = blocks, *Q = hs + (l - l0) * 2 * cs;
        for (int ci = 0; ci < nch; ci++, ur += 16, dr += 16, P += PB, Q += HB) {
            const __mmask16 m = ci == nch - 1 ? mt : (__mmask16)0xFFFF;
            for (int i = 0; i < npf; i++)
                _mm_prefetch((const char *)(pf[i] + ci * 16), _MM_HINT_T0);
            const __m512 uv = _mm512_maskz_loadu_ps(m, ur), dv = _mm512_maskz_loadu_ps(m, dr);
            const __m512 dlu = _mm512_mul_ps(dv, uv);
            /* previous and new state: in the block, or rows of hs */
            const float *hp = mode == FWD_HS ? Q : P + TR_OH(N);
            float *ho = mode == FWD_HS ? Q + 2 * cs : P + TR_OH(N);
            /* two partial sums halve the dependency chain through the states */
            __m512 acc0 = _mm512_mul_ps(_mm512_load_ps(P + TR_OD(N)), uv);
            __m512 acc1 = _mm512_setzero_ps();
#pragma GCC unroll 16
            for (int n = 0; n < N; n++) {
                __m512 a = exp2_512(_mm512_mul_ps(dv, _mm512_load_ps(P + TR_OA2(N) + n * 16)));
                __m512 h = _mm512_fmadd_ps(a, _mm512_load_ps(hp + n * 16),
                                           _mm512_mul_ps(dlu, _mm512_set1_ps(bl[n])));
                _mm512_store_ps(ho + n * 16, h);
                if (mode == FWD_HS) _mm512_store_ps(ho + cs + n * 16, a);
                if (mode == FWD_Y) {
                    if (n & 1)
                        acc1 = _mm512_fmadd_ps(_mm512_set1_ps(bl[N + n]), h, acc1);
                    else
                        acc0 = _mm512_fmadd_ps(_mm512_set1_ps(bl[N + n]), h, acc0);
                }
            }
            if (mode == FWD_Y) {
                __m512 acc = _mm512_add_ps(acc0, acc1);
                if (y_add) acc = _mm512_add_ps(_mm512_maskz_loadu_ps(m, yr), acc);
                _mm512_mask_storeu_ps(yr, m, acc);
                yr += 16;
            }
        }
        if (ck && (l + 1) % TR_SCAN_SEG == 0 && l + 1 < L)
            for (int ci = 0; ci < nch; ci++)
                memcpy(ck + ((l + 1) / TR_SCAN_SEG - 1) * nch * cs + ci * cs,
                       blocks + ci * PB + TR_OH(N), (size_t)cs * sizeof(float));
    }
}

/* Reverse pass over steps [l0, l1) with hs from FWD_HS; GH carries dL/dh
 * between segments. With g_n = gy C_n + a_{l+1} g'_n and S = sum_n g_n B_n:
 *   du += D gy + delta S,  ddelta = u S + sum_n g_n a_n h_{l-1,n} A_n;
 * the sums over the channels of g_n delta u (dB_n) and gy h_n (dC_n) are
 * accumulated over the chunks in vectors, then reduced 16 at a time. */
T512_INLINE void bwd_body(const tr_scan_args *c, float *work, const int N, int64_t l0,
                          int64_t l1) {
    enum { V = 2 * TR_SCAN_AVX512_MAX_N };
    const int NG = (2 * N + 15) / 16; /* groups of 16 sums */
    const int cs = N * 16, PB = TR_PB(N), HB = TR_HB(N);
    const int Din = c->Din, nch = (Din + 15) / 16;
    const __mmask16 mt = Din % 16 ? (__mmask16)((1u << (Din % 16)) - 1) : (__mmask16)0xFFFF;
    const int64_t su = c->su, sdl = c->sdl, sbc = c->sbc;
    const int32_t *const order = c->order;
    const float *const u = c->u, *const dl = c->delta, *const gy = c->gy, *const bc = c->bc;
    float *const gu = c->gu, *const gdelta = c->gdelta, *const gbc = c->gbc;
    float *const blocks = work, *const hs = work + nch * PB;
    for (int64_t l = l1 - 1; l >= l0; l--) {
        const int64_t px = order[l];
        const float *ur = u + px * su, *dr = dl + px * sdl, *gyr = gy + px * su;
        const float *const bl = bc + px * sbc;
        float *gur = gu + px * su, *gdr = gdelta + px * sdl;
        float *P = blocks;
        const float *Q = hs + (l - l0 + 1) * 2 * cs;
        __m512 vs[V];
        for (int i = 0; i < NG * 16; i++) vs[i] = _mm512_setzero_ps();
        for (int ci = 0; ci < nch; ci++, ur += 16, dr += 16, gyr += 16, gur += 16, gdr += 16,
                 P += PB, Q += HB) {
            const __mmask16 m = ci == nch - 1 ? mt : (__mmask16)0xFFFF;
            const __m512 uv = _mm512_maskz_loadu_ps(m, ur), dv = _mm512_maskz_loadu_ps(m, dr),
                         gyv = _mm512_maskz_loadu_ps(m, gyr);
            const __m512 dlu = _mm512_mul_ps(dv, uv);
            __m512 S = _mm512_setzero_ps(), gdl = _mm512_setzero_ps();
            /* Q: h_l, then a_l; Q - 2cs: h_{l-1} */
#pragma GCC unroll 16
            for (int n = 0; n < N; n++) {
                const int o = n * 16;
                float *GH = P + TR_OGH(N) + o, *GA = P + TR_OGA(N) + o;
                const __m512 g =
                    _mm512_fmadd_ps(gyv, _mm512_set1_ps(bl[N + n]), _mm512_load_ps(GH));
                const __m512 gh = _mm512_mul_ps(g, _mm512_load_ps(Q + cs + o));
                _mm512_store_ps(GH, gh);
                const __m512 ga = _mm512_mul_ps(gh, _mm512_load_ps(Q - 2 * cs + o));
                gdl = _mm512_fmadd_ps(ga, _mm512_load_ps(P + o), gdl);
                _mm512_store_ps(GA, _mm512_fmadd_ps(ga, dv, _mm512_load_ps(GA)));
                S = _mm512_fmadd_ps(g, _mm512_set1_ps(bl[n]), S);
                vs[n] = _mm512_fmadd_ps(g, dlu, vs[n]);
                vs[N + n] = _mm512_fmadd_ps(gyv, _mm512_load_ps(Q + o), vs[N + n]);
            }
            const __m512 gua =
                _mm512_fmadd_ps(dv, S, _mm512_mul_ps(gyv, _mm512_load_ps(P + TR_OD(N))));
            _mm512_mask_storeu_ps(gur, m, _mm512_add_ps(_mm512_maskz_loadu_ps(m, gur), gua));
            _mm512_mask_storeu_ps(gdr, m, _mm512_fmadd_ps(uv, S, gdl));
            _mm512_store_ps(P + TR_OGD(N), _mm512_fmadd_ps(gyv, uv, _mm512_load_ps(P + TR_OGD(N))));
        }
        float *const gbl = gbc + px * sbc;
        for (int gi = 0; gi < NG; gi++) {
            const int cnt = 2 * N - 16 * gi < 16 ? 2 * N - 16 * gi : 16;
            const __mmask16 mk = (__mmask16)((1u << cnt) - 1);
            float *o = gbl + 16 * gi;
            _mm512_mask_storeu_ps(o, mk,
                                  _mm512_add_ps(_mm512_maskz_loadu_ps(mk, o), sum16(vs + 16 * gi)));
        }
    }
}

/* The chunk blocks: A and D padded with zeros (aligned loads, no masks),
 * state and sums zero. */
static void init_blocks(const tr_scan_args *c, int N) {
    int Din = c->Din, nch = (Din + 15) / 16, PB = TR_PB(N);
    memset(c->work, 0, (size_t)nch * PB * sizeof(float));
    for (int d = 0; d < Din; d++) {
        float *P = c->work + (d / 16) * PB;
        int j = d % 16;
        for (int n = 0; n < N; n++) {
            P[n * 16 + j] = c->A[(int64_t)n * Din + d];
            P[TR_OA2(N) + n * 16 + j] = c->A[(int64_t)n * Din + d] * 1.44269504088896341f;
        }
        P[TR_OD(N) + j] = c->D[d];
    }
}

T512_INLINE void fwd_all(const tr_scan_args *c, const int N) {
    init_blocks(c, N);
    fwd_body(c, c->work, N, FWD_Y, 0, c->L, c->ck);
}

/* Backward by segments of TR_SCAN_SEG steps, last first: each segment is
 * recomputed from its checkpoint (states and decay factors, some tens of
 * KB that stay in cache) and walked in reverse. The checkpoints come from
 * the forward (c->ck, 1 / TR_SCAN_SEG of all the states) or, without
 * them, from a forward pass here; either way no state streams through
 * memory. */
T512_INLINE void bwd_all(const tr_scan_args *c, const int N) {
    const int Din = c->Din, nch = (Din + 15) / 16, cs = N * 16, PB = TR_PB(N), HB = TR_HB(N);
    const int64_t L = c->L, ns = nsegs(L);
    float *blocks = c->work, *hs = blocks + nch * PB;
    const float *ck = c->ck;
    init_blocks(c, N);
    if (!ck) {
        float *own = hs + nch * HB;
        fwd_body(c, c->work, N, FWD_CK, 0, (ns - 1) * TR_SCAN_SEG, own);
        ck = own;
    }
    for (int64_t j = ns - 1; j >= 0; j--) {
        int64_t l0 = j * TR_SCAN_SEG, l1 = l0 + TR_SCAN_SEG < L ? l0 + TR_SCAN_SEG : L;
        for (int ci = 0; ci < nch; ci++) {
            if (j == 0)
                memset(hs + ci * HB, 0, (size_t)cs * sizeof(float));
            else
                memcpy(hs + ci * HB, ck + ((j - 1) * nch + ci) * cs, (size_t)cs * sizeof(float));
        }
        fwd_body(c, c->work, N, FWD_HS, l0, l1, NULL);
        bwd_body(c, c->work, N, l0, l1);
    }
    for (int d = 0; d < Din; d++) {
        const float *P = blocks + (d / 16) * PB;
        int jj = d % 16;
        for (int n = 0; n < N; n++) c->gA[(int64_t)n * Din + d] += P[TR_OGA(N) + n * 16 + jj];
        c->gD[d] += P[TR_OGD(N) + jj];
    }
}

#define TR_SCAN_CASES(X)                                                                \
    X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15) X(16)

T512 void tr_scan_fwd_avx512(const tr_scan_args *c) {
#define TR_FWD_CASE(n)                                                                  \
    case n:                                                                             \
        fwd_all(c, n);                                                                  \
        break;
    switch (c->N) { TR_SCAN_CASES(TR_FWD_CASE) default: abort(); }
#undef TR_FWD_CASE
}

T512 void tr_scan_bwd_avx512(const tr_scan_args *c) {
#define TR_BWD_CASE(n)                                                                  \
    case n:                                                                             \
        bwd_all(c, n);                                                                  \
        break;
    switch (c->N) { TR_SCAN_CASES(TR_BWD_CASE) default: abort(); }
#undef TR_BWD_CASE
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
void tr_scan_fwd_avx512(const tr_scan_args *c) { (void)c; }
void tr_scan_bwd_avx512(const tr_scan_args *c) { (void)c; }
int tr_scan_avx512_available(void) { return 0; }
#endif
