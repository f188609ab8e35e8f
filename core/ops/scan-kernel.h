/*
 * scan-kernel.h — the selective scan vectorised across channels, written once
 * with GCC/Clang vector extensions and compiled per ISA (scan-avx2.c with
 * SCAN_VL 8, scan-avx512.c with SCAN_VL 16, each with its own -m flags).
 *
 * Layout (see ops.h): for a chunk of SCAN_VL channels the N state vectors
 * h[n][chunk] stay in L1 over the whole walk; per position we load one vector
 * of u, dt, the per-position scalars B[n], C[n] and update
 *     h[n] = exp(δ·A[n]) h[n] + δ·B[n]·u,    y = Σ C[n] h[n] + D u.
 * exp and softplus use range reduction + polynomials (cephes-style minimax
 * coefficients, ~1 ulp); arguments below -87 give 0 (the exact value is
 * < 1.2e-38, a denormal that FTZ would flush anyway, SPEC §6.4).
 */
#include "ops.h"
#include "scan-walk.h"

#include <string.h>

typedef float vf __attribute__((vector_size(SCAN_VL * 4)));
typedef int32_t vi __attribute__((vector_size(SCAN_VL * 4)));

static inline vf vsplat(float x) { return (vf){0} + x; }
static inline vf vload(const float *p) {
    vf v;
    memcpy(&v, p, sizeof v);
    return v;
}
static inline void vstore(float *p, vf v) { memcpy(p, &v, sizeof v); }
static inline vf vsel(vi m, vf a, vf b) { return (vf)(((vi)a & m) | ((vi)b & ~m)); }

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

#if SCAN_VL == 16 && defined(__AVX512F__)
#include <immintrin.h>
/* 2^t for t <= 0 on AVX-512: round, Taylor polynomial of 2^f on |f| <= 1/2
   (degree 6, relative error 1.2e-7), then vscalefps, which also gives the
   exact underflow to 0 without masks. */
static inline vf vexp2_neg(vf t) {
    __m512 x = (__m512)t;
    __m512 r = _mm512_roundscale_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 f = _mm512_sub_ps(x, r);
    __m512 p = _mm512_set1_ps(1.5403530393381609954e-4f);
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.3333558146428443423e-3f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(9.6181291076284771620e-3f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(5.5504108664821579953e-2f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(2.4022650695910071233e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(6.9314718055994530942e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0f));
    return (vf)_mm512_scalef_ps(p, r);
}
#define SCAN_HAVE_EXP2 1
#else
static inline vf vexp2_neg(vf t) { return vexp(t * 0.693147180559945309f); }
#endif

/* natural log for x >= 1 (softplus only needs 1 + e^x) */
static inline vf vlog_ge1(vf x) {
    vi bits = (vi)x;
    vi ex = ((bits >> 23) & 0xff) - 126;                 /* x = m 2^ex, m in [0.5, 1) */
    vf m = (vf)((bits & 0x007fffff) | 0x3f000000);
    vi small = m < 0.707106781186547524f;
    ex = ex + (small & -1);                                /* ex -= 1 where small */
    m = vsel(small, m + m - 1.0f, m - 1.0f);
    vf e = __builtin_convertvector(ex, vf);
    vf z = m * m;
    vf y = vsplat(7.0376836292e-2f);
    y = y * m - 1.1514610310e-1f;
    y = y * m + 1.1676998740e-1f;
    y = y * m - 1.2420140846e-1f;
    y = y * m + 1.4249322787e-1f;
    y = y * m - 1.6668057665e-1f;
    y = y * m + 2.0000714765e-1f;
    y = y * m - 2.4999993993e-1f;
    y = y * m + 3.3333331174e-1f;
    y = y * m * z;
    y = y - 2.12194440e-4f * e;
    y = y - 0.5f * z;
    return m + y + 0.693359375f * e;
}

/* softplus with threshold 20 (SPEC §3); log1p(e) = log(1+e)·e/((1+e)-1)
   recovers the digits lost when e is small */
static inline vf vsoftplus(vf x) {
    vf e = vexp(vsel(x > 20.0f, vsplat(0.0f), x));
    vf u = 1.0f + e;
    vf d = u - 1.0f;
    vf l = vlog_ge1(u);
    vf corr = vsel(d == 0.0f, e, l * (e / vsel(d == 0.0f, vsplat(1.0f), d)));
    return vsel(x > 20.0f, x, corr);
}

static inline vf vload_n(const float *p, int cnt) {
    if (cnt == SCAN_VL) return vload(p);
    vf v = {0};
    memcpy(&v, p, (size_t)cnt * sizeof(float));
    return v;
}
static inline void vstore_n(float *p, vf v, int cnt) {
    if (cnt == SCAN_VL)
        vstore(p, v);
    else
        memcpy(p, &v, (size_t)cnt * sizeof(float));
}

/* Narrow ranges (fewer than SCAN_VL channels): one partial chunk through
 * zero-padded copies. Only tiny models take this path. */
static void scan_narrow(const mb_scan_args *a, int k, int first, int64_t c, int cnt) {
    int64_t n = a->n, din = a->din, nb = a->r + 2 * a->n;
    mb_scan_walk wk = mb_scan_walk_of(k, a->h, a->w);
    vf h[MB_SCAN_MAX_N], av[MB_SCAN_MAX_N];
    for (int64_t i = 0; i < n; i++) {
        h[i] = vsplat(0.0f);
        av[i] = vload_n(a->a + (k * n + i) * din + c, cnt);
    }
    vf bias = vload_n(a->dt_bias + k * din + c, cnt), dd = vload_n(a->d + k * din + c, cnt);
    for (int64_t io = 0; io < wk.n_outer; io++) {
        int64_t p = wk.p0 + io * wk.s_outer;
        for (int64_t ii = 0; ii < wk.n_inner; ii++, p += wk.s_inner) {
            vf uv = vload_n(a->u + p * a->ld_u + c, cnt);
            vf delta = vsoftplus(vload_n(a->dt + p * a->ld_dt + k * din + c, cnt) + bias);
            vf du = delta * uv;
            const float *bv = a->dbl + p * a->ld_dbl + k * nb + a->r, *cv = bv + n;
            vf acc = dd * uv;
            for (int64_t i = 0; i < n; i++) {
                h[i] = vexp(delta * av[i]) * h[i] + du * bv[i];
                acc += h[i] * cv[i];
            }
            float *py = a->y + p * a->ld_y + c;
            vstore_n(py, first ? acc : vload_n(py, cnt) + acc, cnt);
        }
    }
}

#define SCAN_AHEAD 6  /* positions prefetched ahead of the walk */
#define SCAN_GROUP 16 /* chunks whose states are kept at once (L1: 16 x N x 64 B) */

/* One direction over a group of chunks. Per position the whole channel range
 * is updated, so u, dt and y rows stream once per direction (not once per
 * chunk) and the states stay in L1. starts[j] is the first channel of chunk
 * j; keep[j] masks lanes already written by an earlier chunk (the last chunk
 * of a range overlaps its neighbour instead of running a partial vector). */
static void scan_group(const mb_scan_args *a, int k, int first, const int64_t *starts,
                       const vi *keep, int nch, vf *h) {
    int64_t n = a->n, din = a->din, nb = a->r + 2 * a->n;
    mb_scan_walk wk = mb_scan_walk_of(k, a->h, a->w);
    for (int64_t i = 0; i < (int64_t)nch * n; i++) h[i] = vsplat(0.0f);
    bool keep_none[SCAN_GROUP];
    for (int j = 0; j < nch; j++) {
        keep_none[j] = true;
        for (int l = 0; l < SCAN_VL; l++) keep_none[j] = keep_none[j] && keep[j][l] == 0;
    }
    const float *ak = a->a + k * n * din, *bk = a->dt_bias + k * din, *dk = a->d + k * din;
    int64_t n_pos = (int64_t)a->h * a->w, c_lo = starts[0], c_hi = starts[nch - 1] + SCAN_VL;
    for (int64_t io = 0; io < wk.n_outer; io++) {
        int64_t p = wk.p0 + io * wk.s_outer;
        for (int64_t ii = 0; ii < wk.n_inner; ii++, p += wk.s_inner) {
            /* the column walks jump a whole image row per step, which the
               hardware prefetcher does not follow: fetch every line of the
               rows a few steps ahead */
            int64_t pf = p + SCAN_AHEAD * wk.s_inner;
            if (pf >= 0 && pf < n_pos) {
                for (int64_t c = c_lo; c < c_hi; c += 16) {
                    __builtin_prefetch(a->u + pf * a->ld_u + c);
                    __builtin_prefetch(a->dt + pf * a->ld_dt + k * din + c);
                    __builtin_prefetch(a->y + pf * a->ld_y + c, 1);
                }
                __builtin_prefetch(a->dbl + pf * a->ld_dbl + k * nb + a->r);
                __builtin_prefetch(a->dbl + pf * a->ld_dbl + k * nb + a->r + 2 * n - 1);
            }
            const float *urow = a->u + p * a->ld_u, *dtrow = a->dt + p * a->ld_dt + k * din;
            const float *bv = a->dbl + p * a->ld_dbl + k * nb + a->r, *cv = bv + n;
            float *yrow = a->y + p * a->ld_y;
            for (int j = 0; j < nch; j++) {
                int64_t c = starts[j];
                vf uv = vload(urow + c);
                vf delta = vsoftplus(vload(dtrow + c) + vload(bk + c));
                vf du = delta * uv;
                vf acc = vload(dk + c) * uv;
                vf *hj = h + (int64_t)j * n;
#ifdef SCAN_HAVE_EXP2
                vf delta2 = delta * 1.44269504088896341f; /* exp(δA) = 2^(δ log2e · A) */
#endif
                for (int64_t i = 0; i < n; i++) {
#ifdef SCAN_HAVE_EXP2
                    vf e = vexp2_neg(delta2 * vload(ak + i * din + c));
#else
                    vf e = vexp(delta * vload(ak + i * din + c));
#endif
                    vf hi = e * hj[i] + du * bv[i];
                    hj[i] = hi;
                    acc += hi * cv[i];
                }
                if (first && keep_none[j]) {
                    vstore(yrow + c, acc);
                } else {
                    vf old = vload(yrow + c);
                    vstore(yrow + c, vsel(keep[j], old, first ? acc : old + acc));
                }
            }
        }
    }
}

void SCAN_FN(const mb_scan_args *a, int64_t c0, int64_t c1) {
    if (c1 - c0 < SCAN_VL) {
        for (int o = 0; o < 4; o++) scan_narrow(a, mb_scan_order[o], o == 0, c0, (int)(c1 - c0));
        return;
    }
    vf h[SCAN_GROUP * MB_SCAN_MAX_N];
    int64_t starts[SCAN_GROUP];
    vi keep[SCAN_GROUP];
    int64_t c = c0;
    while (c < c1) {
        int nch = 0;
        while (nch < SCAN_GROUP && c < c1) {
            int64_t s = c + SCAN_VL <= c1 ? c : c1 - SCAN_VL; /* overlap, never a partial vector */
            vi m;
            for (int l = 0; l < SCAN_VL; l++) m[l] = s + l < c ? -1 : 0;
            starts[nch] = s;
            keep[nch] = m;
            nch++;
            c = s + SCAN_VL;
        }
        for (int o = 0; o < 4; o++) scan_group(a, mb_scan_order[o], o == 0, starts, keep, nch, h);
    }
}
