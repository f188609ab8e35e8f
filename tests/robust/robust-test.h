/* robust-test.h — helpers shared by the tests/robust programs. */
#ifndef ROBUST_TEST_H
#define ROBUST_TEST_H

#include "io/tensordict.h"

#include "../test-util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/* Built with AddressSanitizer? Its shadow memory and quarantine make the
 * peak RSS meaningless, so RSS checks skip themselves there. */
#if defined(__SANITIZE_ADDRESS__)
#define ROBUST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ROBUST_ASAN 1
#endif
#endif
#ifndef ROBUST_ASAN
#define ROBUST_ASAN 0
#endif

static inline void robust_write(const char *path, const void *data, size_t n) {
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(1);
    }
}

/* Peak RSS of this process in MiB. */
static inline double robust_peak_mib(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024.0;
}

/* Deterministic test image {c, h, w} in 0..1. */
static inline float *robust_image(int c, int h, int w) {
    float *v = malloc(sizeof(float) * (size_t)c * h * w);
    for (int k = 0; k < c; k++)
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                v[((size_t)k * h + y) * w + x] =
                    0.5f + 0.4f * sinf(0.37f * x + 0.71f * y + 1.3f * k) * cosf(0.05f * x * y);
    return v;
}

#endif
