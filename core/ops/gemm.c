/*
 * gemm.c — SGEMM through OpenBLAS loaded at run time, portable fallback.
 *
 * Why dlopen: OpenBLAS picks its kernels once, when it is loaded, from the
 * CPU it recognises. Debian 12's 0.3.21 does not recognise Sapphire/Emerald
 * Rapids and uses "Prescott" SSE3 kernels: 27-31 GFLOPS on one core here,
 * against 110-145 with the SkylakeX kernels (bench-ops gemm, the shapes of
 * the network); the whole classic-SR forward takes 2.4x the CPU time. Linking it normally would load it before any of our code
 * runs; loading it ourselves lets us set OPENBLAS_CORETYPE first, from the
 * CPU's features, unless the user has set it. The SkylakeX kernels run on
 * every CPU with AVX-512 F/BW/DQ/VL, Haswell's on every AVX2+FMA CPU.
 */
#include "gemm.h"

#include "../base.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

enum { CBLAS_ROW_MAJOR = 101, CBLAS_NO_TRANS = 111, CBLAS_TRANS = 112 };

typedef void (*cblas_sgemm_fn)(int order, int ta, int tb, int m, int n, int k, float alpha,
                               const float *a, int lda, const float *b, int ldb, float beta,
                               float *c, int ldc);
typedef void (*set_threads_fn)(int);
typedef char *(*get_str_fn)(void);

static pthread_once_t blas_once = PTHREAD_ONCE_INIT;
static cblas_sgemm_fn blas_sgemm;
static set_threads_fn blas_set_threads;
static get_str_fn blas_corename;
static get_str_fn blas_config;
static atomic_bool force_portable;
static atomic_int blas_threads = 1;
static char blas_description[256] = "portable C kernel";
static char blas_coretype_note[64];

static const char *coretype_for_cpu(void) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl"))
        return "SkylakeX";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
#endif
    return NULL;
}

/* MAMBAIR_PORTABLE_GEMM set (and not "0"): no OpenBLAS at all. */
static bool portable_requested(void) {
    const char *env_off = getenv("MAMBAIR_PORTABLE_GEMM");
    return env_off && env_off[0] && env_off[0] != '0';
}

/* OPENBLAS_CORETYPE from the CPU's features unless the user set it. */
static void set_coretype(void) {
    const char *user_core = getenv("OPENBLAS_CORETYPE");
    if (!user_core || !user_core[0]) {
        const char *ct = coretype_for_cpu();
        if (ct) {
            setenv("OPENBLAS_CORETYPE", ct, 0);
            snprintf(blas_coretype_note, sizeof blas_coretype_note, ", core type set to %s", ct);
        }
    }
}

/* Before main: OpenBLAS is often loaded before our first GEMM, by others.
 * gegl_init() (the command line's image I/O, GIMP plug-ins) loads GEGL's
 * modules, and some link libumfpack -> libblas.so.3 -> OpenBLAS, which then
 * picks its kernels at once; our dlopen later gets that instance. Setting
 * the variable when this program starts covers those loads too (measured:
 * `mambair train` ran Prescott kernels, 57% of a step in sgemm). */
__attribute__((constructor)) static void blas_early_coretype(void) {
    if (!portable_requested()) set_coretype();
}

static void blas_load(void) {
    if (portable_requested()) return;
    set_coretype();
    static const char *names[] = {"libopenblas.so.0", "libopenblasp.so.0", "libopenblas.so"};
    void *h = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !h; i++)
        h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(blas_description, sizeof blas_description,
                 "portable C kernel (OpenBLAS not found: install libopenblas0)");
        return;
    }
    blas_sgemm = (cblas_sgemm_fn)dlsym(h, "cblas_sgemm");
    blas_set_threads = (set_threads_fn)dlsym(h, "openblas_set_num_threads");
    blas_corename = (get_str_fn)dlsym(h, "openblas_get_corename");
    blas_config = (get_str_fn)dlsym(h, "openblas_get_config");
    if (!blas_sgemm) {
        snprintf(blas_description, sizeof blas_description,
                 "portable C kernel (libopenblas has no cblas_sgemm)");
        return;
    }
    if (blas_set_threads) blas_set_threads(1);
    snprintf(blas_description, sizeof blas_description, "%s, %s kernels%s",
             blas_config ? blas_config() : "OpenBLAS", blas_corename ? blas_corename() : "?",
             blas_coretype_note);
}

const char *mambair_blas_info(void) {
    pthread_once(&blas_once, blas_load);
    return atomic_load(&force_portable) ? "portable C kernel (forced)" : blas_description;
}

void mb_gemm_force_portable(bool on) { atomic_store(&force_portable, on); }

void mb_gemm_set_threads(int n) {
    pthread_once(&blas_once, blas_load);
    if (n < 1) n = 1;
    if (blas_set_threads && atomic_exchange(&blas_threads, n) != n) blas_set_threads(n);
}

/* Portable kernel: blocked over k and n so rows of B stream through cache. */
static void sgemm_portable(bool ta, bool tb, int64_t m, int64_t n, int64_t k, float alpha,
                           const float *a, int64_t lda, const float *b, int64_t ldb, float beta,
                           float *c, int64_t ldc) {
    for (int64_t i = 0; i < m; i++) {
        float *ci = c + i * ldc;
        if (beta == 0.0f)
            for (int64_t j = 0; j < n; j++) ci[j] = 0.0f;
        else if (beta != 1.0f)
            for (int64_t j = 0; j < n; j++) ci[j] *= beta;
        for (int64_t p = 0; p < k; p++) {
            float av = alpha * (ta ? a[p * lda + i] : a[i * lda + p]);
            if (av == 0.0f) continue;
            if (!tb) {
                const float *bp = b + p * ldb;
                for (int64_t j = 0; j < n; j++) ci[j] += av * bp[j];
            } else {
                for (int64_t j = 0; j < n; j++) ci[j] += av * b[j * ldb + p];
            }
        }
    }
}

void mb_sgemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha,
              const float *a, int64_t lda, const float *b, int64_t ldb, float beta, float *c,
              int64_t ldc) {
    if (m <= 0 || n <= 0) return;
    pthread_once(&blas_once, blas_load);
    if (k <= 0) {
        for (int64_t i = 0; i < m; i++)
            for (int64_t j = 0; j < n; j++) c[i * ldc + j] = beta == 0.0f ? 0.0f : beta * c[i * ldc + j];
        return;
    }
    bool fits_int = m <= INT32_MAX && n <= INT32_MAX && k <= INT32_MAX && lda <= INT32_MAX &&
                    ldb <= INT32_MAX && ldc <= INT32_MAX;
    if (blas_sgemm && fits_int && !atomic_load(&force_portable)) {
        blas_sgemm(CBLAS_ROW_MAJOR, trans_a ? CBLAS_TRANS : CBLAS_NO_TRANS,
                   trans_b ? CBLAS_TRANS : CBLAS_NO_TRANS, (int)m, (int)n, (int)k, alpha, a,
                   (int)lda, b, (int)ldb, beta, c, (int)ldc);
        return;
    }
    sgemm_portable(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
