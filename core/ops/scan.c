/*
 * scan.c — the 4-direction selective scan (SPEC §6.2, §6.4): scalar
 * reference and dispatch to the SIMD kernels (scan-avx2.c, scan-avx512.c).
 *
 * Positions are row-major (p = y*W + x); a direction is a walk over them:
 *   k=0 rows forward, k=2 rows backward, k=1 columns forward (l = x*H + y),
 *   k=3 columns backward — expressed as an outer and an inner stride, which
 *   is right for non-square images. Directions are summed in the official
 *   order y0 + y2 + y1 + y3 (SPEC §6.2) into y.
 */
#include "ops.h"

#include "scan-walk.h"

void op_scan_forward_avx2(const mb_scan_args *a, int64_t c0, int64_t c1);
void op_scan_forward_avx512(const mb_scan_args *a, int64_t c0, int64_t c1);

void op_scan_forward_ref(const mb_scan_args *a, int64_t c0, int64_t c1) {
    int64_t n = a->n, din = a->din, nb = a->r + 2 * a->n;
    float h[MB_SCAN_MAX_N];
    int ob, oe;
    mb_scan_range(&a->o_begin, &ob, &oe);
    for (int o = ob; o < oe; o++) {
        int k = mb_scan_order[o];
        mb_scan_walk wk = mb_scan_walk_of(k, a->h, a->w);
        for (int64_t c = c0; c < c1; c++) {
            float bias = a->dt_bias[k * din + c], dd = a->d[k * din + c];
            for (int64_t i = 0; i < n; i++) h[i] = 0.0f;
            for (int64_t io = 0; io < wk.n_outer; io++)
                for (int64_t ii = 0; ii < wk.n_inner; ii++) {
                    int64_t p = wk.p0 + io * wk.s_outer + ii * wk.s_inner;
                    float u = a->u[p * a->ld_u + c];
                    const float *dtr = a->dbl + p * a->ld_dbl + k * nb;
                    float dt = 0.0f;
                    for (int64_t j = 0; j < a->r; j++) dt += dtr[j] * a->dt_w[(k * a->r + j) * din + c];
                    float delta = mb_softplus(dt + bias);
                    const float *bv = dtr + a->r, *cv = bv + n;
                    float y = dd * u;
                    for (int64_t i = 0; i < n; i++) {
                        h[i] = expf(delta * a->a[(k * n + i) * din + c]) * h[i] + delta * bv[i] * u;
                        y += cv[i] * h[i];
                    }
                    float *py = a->y + p * a->ld_y + c;
                    *py = o == ob ? y : *py + y;
                }
        }
    }
}

int op_scan_chunk(void) {
    switch (mb_cpu_isa()) {
    case MB_ISA_AVX512: return 16;
    case MB_ISA_AVX2: return 8;
    default: return 1;
    }
}

void op_scan_forward(const mb_scan_args *a, int64_t c0, int64_t c1) {
    MB_SCAN_CHECK(a->n <= MB_SCAN_MAX_N);
    unsigned ftz = mb_cpu_ftz_enter(); /* exp(δA) underflows: SPEC §6.4 */
    switch (mb_cpu_isa()) {
#if defined(__x86_64__)
    case MB_ISA_AVX512: op_scan_forward_avx512(a, c0, c1); break;
    case MB_ISA_AVX2: op_scan_forward_avx2(a, c0, c1); break;
#endif
    default: op_scan_forward_ref(a, c0, c1); break;
    }
    mb_cpu_ftz_leave(ftz);
}
