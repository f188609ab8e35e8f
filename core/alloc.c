/* alloc.c — checked, aligned allocation with a hook that fails the Nth call. */
#include "base.h"

#include <stdatomic.h>
#include <string.h>

static atomic_long fail_countdown; /* 0: off; n: the nth allocation from now fails */

void mb_alloc_fail_after(long nth) { atomic_store(&fail_countdown, nth); }

static bool should_fail(void) {
    long n = atomic_load(&fail_countdown);
    while (n > 0) {
        if (atomic_compare_exchange_weak(&fail_countdown, &n, n - 1)) return n == 1;
    }
    return false;
}

void *mb_malloc(size_t size) {
    if (should_fail()) return NULL;
    if (size == 0) size = 1;
    size_t rounded;
    if (!mb_add_size(size, 63, &rounded)) return NULL;
    rounded &= ~(size_t)63;
    return aligned_alloc(64, rounded);
}

void *mb_calloc(size_t n, size_t size) {
    size_t total;
    if (!mb_mul_size(n, size, &total)) return NULL;
    void *p = mb_malloc(total);
    if (p) memset(p, 0, total);
    return p;
}

void *mb_malloc_plain(size_t size) {
    if (should_fail()) return NULL;
    return malloc(size ? size : 1);
}

void *mb_realloc(void *p, size_t size) {
    if (should_fail()) return NULL;
    return realloc(p, size ? size : 1);
}

void mb_free(void *p) { free(p); }

char *mb_strdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *p = mb_malloc_plain(n);
    if (p) memcpy(p, s, n);
    return p;
}
