/* grad-scan-simd.c — which scan kernels the trainer runs on this CPU. */
#include "grad-scan-simd.h"

#include "../ops/ops.h"

#include <stdatomic.h>

#if defined(__GNUC__) && defined(__x86_64__)
extern const tr_scan_kernels tr_scan_kernels_avx512, tr_scan_kernels_avx2;
#endif

const tr_scan_kernels *tr_scan_simd(void) {
    /* asked for every image and direction of a step: read the switch once
     * (the instruction set itself is cached by mb_cpu_isa) */
    static atomic_int no_simd = -1;
    if (atomic_load(&no_simd) < 0) atomic_store(&no_simd, getenv("MAMBAIR_NO_SIMD") != NULL);
    if (atomic_load(&no_simd)) return NULL;
#if defined(__GNUC__) && defined(__x86_64__)
    switch (mb_cpu_isa()) {
    case MB_ISA_AVX512: return &tr_scan_kernels_avx512;
    case MB_ISA_AVX2: return &tr_scan_kernels_avx2;
    default: break;
    }
#endif
    return NULL;
}
