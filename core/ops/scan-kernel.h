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

#define SIMD_VL SCAN_VL
#include "vmath.h"

static inline vf vload_n(const float *p, int cnt) {
    return cnt == SCAN_VL ? vload(p) : vload_part(p, cnt);
}
static inline void vstore_n(float *p, vf v, int cnt) {
    if (cnt == SCAN_VL)
        vstore(p, v);
    else
        vstore_part(p, v, cnt);
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
            const float *dtr = a->dbl + p * a->ld_dbl + k * nb;
            vf dt = bias;
            for (int64_t j = 0; j < a->r; j++) dt += dtr[j] * vload_n(a->dt_w + (k * a->r + j) * din + c, cnt);
            vf delta = vsoftplus(dt);
            vf du = delta * uv;
            const float *bv = dtr + a->r, *cv = bv + n;
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
    const float *dtw = a->dt_w + k * a->r * din;
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
                    __builtin_prefetch(a->y + pf * a->ld_y + c, 1);
                }
                __builtin_prefetch(a->dbl + pf * a->ld_dbl + k * nb + a->r);
                __builtin_prefetch(a->dbl + pf * a->ld_dbl + k * nb + a->r + 2 * n - 1);
            }
            const float *urow = a->u + p * a->ld_u, *dtr = a->dbl + p * a->ld_dbl + k * nb;
            const float *bv = dtr + a->r, *cv = bv + n;
            float *yrow = a->y + p * a->ld_y;
            for (int j = 0; j < nch; j++) {
                int64_t c = starts[j];
                vf uv = vload(urow + c);
                vf dt = vload(bk + c);
                for (int64_t r = 0; r < a->r; r++) dt += dtr[r] * vload(dtw + r * din + c);
                vf delta = vsoftplus(dt);
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
    int ob, oe;
    mb_scan_range(&a->o_begin, &ob, &oe);
    if (c1 - c0 < SCAN_VL) {
        for (int o = ob; o < oe; o++) scan_narrow(a, mb_scan_order[o], o == ob, c0, (int)(c1 - c0));
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
        for (int o = ob; o < oe; o++) scan_group(a, mb_scan_order[o], o == ob, starts, keep, nch, h);
    }
}
