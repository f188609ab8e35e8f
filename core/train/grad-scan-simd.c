/* grad-scan-simd.c — which scan kernels the trainer runs on this CPU. */
#include "grad-scan-simd.h"

#include "../ops/ops.h"

#if defined(__GNUC__) && defined(__x86_64__)
extern const tr_scan_kernels tr_scan_kernels_avx512, tr_scan_kernels_avx2;
#endif

const tr_scan_kernels *tr_scan_simd(void) {
    if (getenv("MAMBAIR_NO_SIMD")) return NULL;
#if defined(__GNUC__) && defined(__x86_64__)
    switch (mb_cpu_isa()) {
    case MB_ISA_AVX512: return &tr_scan_kernels_avx512;
    case MB_ISA_AVX2: return &tr_scan_kernels_avx2;
    default: break;
    }
#endif
    return NULL;
}
