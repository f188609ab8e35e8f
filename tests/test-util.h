/* test-util.h — what every C test program needs: a CHECK that counts
 * failures instead of stopping, paths below the test data, and reading a
 * whole file (bytes or raw float32). */
#ifndef MAMBAIR_TEST_UTIL_H
#define MAMBAIR_TEST_UTIL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* unused: the file readers alone are included by programs without CHECK */
static int g_failures __attribute__((unused)) = 0;

#define CHECK(cond, ...)                                                                  \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                          \
            fprintf(stderr, __VA_ARGS__);                                                 \
            fputc('\n', stderr);                                                          \
            g_failures++;                                                                 \
        }                                                                                 \
    } while (0)

/* $MAMBAIR_TESTDATA/<fmt, ...> (tests/data when unset: run from the source
 * root). In a static buffer, valid until the next call. */
__attribute__((format(printf, 1, 2)))
static inline const char *test_data_path(const char *fmt, ...) {
    static char path[4096];
    const char *root = getenv("MAMBAIR_TESTDATA");
    int k = snprintf(path, sizeof path, "%s/", root ? root : "tests/data");
    if (k < 0 || (size_t)k >= sizeof path) return path;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(path + k, sizeof path - (size_t)k, fmt, ap);
    va_end(ap);
    return path;
}

/* Whole file into malloc'd memory, or NULL (and *size 0) after saying why
 * on stderr: for callers that report the failure their own way. */
static inline void *test_try_read_file(const char *path, size_t *size) {
    *size = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    void *buf = n >= 0 ? malloc(n > 0 ? (size_t)n : 1) : NULL;
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "cannot read %s\n", path);
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    *size = (size_t)n;
    return buf;
}

/* Whole file into malloc'd memory; exits the test when it cannot. */
static inline void *test_read_file(const char *path, size_t *size) {
    void *buf = test_try_read_file(path, size);
    if (!buf) exit(1);
    return buf;
}

/* A raw float32 file (.bin, as written by the reference scripts and
 * `mambair tensor`) as *n malloc'd floats; NULL (and *n 0) after a message. */
static inline float *test_read_f32(const char *path, size_t *n) {
    size_t size;
    float *x = test_try_read_file(path, &size);
    *n = size / sizeof(float);
    return x;
}

#endif
