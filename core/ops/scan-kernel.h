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

/* One direction, channels [c, c+cnt), cnt <= SCAN_VL. */
static inline __attribute__((always_inline)) void scan_chunk(const mb_scan_args *a, int k, int first,
                                                             int64_t c, int cnt) {
    int64_t n = a->n, din = a->din, nb = a->r + 2 * a->n;
    mb_scan_walk wk = mb_scan_walk_of(k, a->h, a->w);
    vf h[MB_SCAN_MAX_N], av[MB_SCAN_MAX_N];
    for (int64_t i = 0; i < n; i++) {
        h[i] = vsplat(0.0f);
        av[i] = vload_n(a->a + (k * n + i) * din + c, cnt);
    }
    vf bias = vload_n(a->dt_bias + k * din + c, cnt), dd = vload_n(a->d + k * din + c, cnt);
    const float *u = a->u + c, *dt = a->dt + k * din + c, *dbl = a->dbl + k * nb + a->r;
    float *y = a->y + c;
    for (int64_t io = 0; io < wk.n_outer; io++) {
        int64_t p = wk.p0 + io * wk.s_outer;
        for (int64_t ii = 0; ii < wk.n_inner; ii++, p += wk.s_inner) {
            vf uv = vload_n(u + p * a->ld_u, cnt);
            vf delta = vsoftplus(vload_n(dt + p * a->ld_dt, cnt) + bias);
            vf du = delta * uv;
            const float *bv = dbl + p * a->ld_dbl, *cv = bv + n;
            vf acc = dd * uv;
            for (int64_t i = 0; i < n; i++) {
                h[i] = vexp(delta * av[i]) * h[i] + du * bv[i];
                acc += h[i] * cv[i];
            }
            float *py = y + p * a->ld_y;
            vstore_n(py, first ? acc : vload_n(py, cnt) + acc, cnt);
        }
    }
}

void SCAN_FN(const mb_scan_args *a, int64_t c0, int64_t c1) {
    for (int64_t c = c0; c < c1; c += SCAN_VL) {
        int cnt = c1 - c < SCAN_VL ? (int)(c1 - c) : SCAN_VL;
        for (int o = 0; o < 4; o++) {
            if (cnt == SCAN_VL)
                scan_chunk(a, mb_scan_order[o], o == 0, c, SCAN_VL);
            else
                scan_chunk(a, mb_scan_order[o], o == 0, c, cnt);
        }
    }
}
