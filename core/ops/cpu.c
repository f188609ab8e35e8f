/* cpu.c — which SIMD kernels this CPU runs, and denormal flushing. */
#include "ops.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#define MB_HAVE_MXCSR 1
#endif

static atomic_int isa_cached = -1;
static atomic_int isa_forced = -1;

static mb_isa isa_detect(void) {
    mb_isa best = MB_ISA_SCALAR;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) best = MB_ISA_AVX2;
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")) best = MB_ISA_AVX512;
#endif
    /* a user switch forces a slower kernel (to rule out a SIMD bug) */
    const char *env = getenv("MAMBAIR_ISA");
    if (env) {
        if (!strcmp(env, "scalar")) best = MB_ISA_SCALAR;
        else if (!strcmp(env, "avx2") && best >= MB_ISA_AVX2) best = MB_ISA_AVX2;
    }
    return best;
}

mb_isa mb_cpu_isa(void) {
    int f = atomic_load(&isa_forced);
    if (f >= 0) return (mb_isa)f;
    int c = atomic_load(&isa_cached);
    if (c < 0) {
        c = (int)isa_detect();
        atomic_store(&isa_cached, c);
    }
    return (mb_isa)c;
}

void mb_cpu_force_isa(mb_isa isa) {
    atomic_store(&isa_forced, -1);
    mb_isa best = mb_cpu_isa();
    atomic_store(&isa_forced, (int)(isa < best ? isa : best));
}

const char *mb_isa_name(mb_isa isa) {
    switch (isa) {
    case MB_ISA_AVX2: return "AVX2+FMA";
    case MB_ISA_AVX512: return "AVX-512";
    default: return "scalar";
    }
}

unsigned mb_cpu_ftz_enter(void) {
#ifdef MB_HAVE_MXCSR
    unsigned old = _mm_getcsr();
    _mm_setcsr(old | 0x8040u); /* FTZ (bit 15) | DAZ (bit 6) */
    return old;
#else
    return 0;
#endif
}

void mb_cpu_ftz_leave(unsigned old) {
#ifdef MB_HAVE_MXCSR
    _mm_setcsr(old);
#else
    (void)old;
#endif
}
