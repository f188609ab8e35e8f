/*
 * base.h — what every core file needs: status/error helpers, checked size
 * arithmetic, allocation with a failure-injection hook, always-on asserts.
 *
 * Bugs abort with file:line (MB_ASSERT); bad input never reaches an assert, it
 * is reported through mb_error_set() and a status code.
 */
#ifndef MB_BASE_H
#define MB_BASE_H

#include "mambair.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define MB_ASSERT(x)                                                                     \
    do {                                                                                 \
        if (!(x)) {                                                                      \
            fprintf(stderr, "mambair: %s:%d: assertion failed: %s\n", __FILE__, __LINE__, \
                    #x);                                                                 \
            abort();                                                                     \
        }                                                                                \
    } while (0)

#define MB_MIN(a, b) ((a) < (b) ? (a) : (b))
#define MB_MAX(a, b) ((a) > (b) ? (a) : (b))
#define MB_FREE(p) (free(p), (p) = NULL)

#if defined(__GNUC__)
#define MB_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define MB_PRINTF(a, b)
#endif

/* Store code + formatted message in err (may be NULL); returns code. */
mambair_status mb_error_set(mambair_error *err, mambair_status code, const char *fmt, ...)
    MB_PRINTF(3, 4);

/* Prefix an existing message: "context: <old message>". Returns err->code. */
mambair_status mb_error_prefix(mambair_error *err, const char *fmt, ...) MB_PRINTF(2, 3);

/* Checked arithmetic: false on overflow (result untouched). */
static inline bool mb_mul_size(size_t a, size_t b, size_t *out) {
    if (a != 0 && b > SIZE_MAX / a) return false;
    *out = a * b;
    return true;
}
static inline bool mb_add_size(size_t a, size_t b, size_t *out) {
    if (b > SIZE_MAX - a) return false;
    *out = a + b;
    return true;
}

/* Allocation. All core allocations of data-dependent size go through these so
 * tests can fail the Nth one (mb_alloc_fail_after). 64-byte aligned. */
void *mb_malloc(size_t size);
void *mb_calloc(size_t n, size_t size); /* checked n * size, zeroed */
void *mb_realloc(void *p, size_t size); /* only for blocks from mb_malloc_plain */
void *mb_malloc_plain(size_t size);     /* not aligned, may be realloc'd */
void mb_free(void *p);
char *mb_strdup(const char *s);

/* Test hook: the nth allocation from now on (1 = the next) fails; 0 disables. */
void mb_alloc_fail_after(long nth);

#endif /* MB_BASE_H */
