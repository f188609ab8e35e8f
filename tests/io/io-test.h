/* io-test.h — helpers shared by the tests/io programs. */
#ifndef IO_TEST_H
#define IO_TEST_H

#include "io/tensordict.h"

#include "../test-util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Path of a file below $MAMBAIR_TESTDATA/io (static buffer, see test_data_path). */
static inline const char *io_path(const char *rel) { return test_data_path("io/%s", rel); }

static inline int io_load(const char *rel, mb_tensordict *td) {
    mambair_error err = {0};
    mambair_status st = mb_tensordict_load_file(io_path(rel), td, &err);
    if (st) fprintf(stderr, "loading %s: %s\n", rel, err.message);
    return st;
}

/* Tensors equal bit for bit (same names, order, shapes, data). */
static inline void io_check_same(const mb_tensordict *a, const mb_tensordict *b, const char *what) {
    CHECK(a->count == b->count, "%s: %lld vs %lld tensors", what, (long long)a->count,
          (long long)b->count);
    for (int64_t i = 0; i < a->count && i < b->count; i++) {
        const mb_tensor *x = &a->tensors[i], *y = &b->tensors[i];
        CHECK(strcmp(x->name, y->name) == 0, "%s: tensor %lld named '%s' vs '%s'", what,
              (long long)i, x->name, y->name);
        CHECK(x->dtype == y->dtype && x->ndim == y->ndim && x->numel == y->numel,
              "%s: '%s' dtype/ndim/numel differ", what, x->name);
        for (int k = 0; k < x->ndim && k < y->ndim; k++)
            CHECK(x->shape[k] == y->shape[k], "%s: '%s' dim %d: %lld vs %lld", what, x->name, k,
                  (long long)x->shape[k], (long long)y->shape[k]);
        if (x->numel == y->numel && x->dtype == y->dtype)
            CHECK(memcmp(x->data, y->data, (size_t)x->numel * mb_dtype_size(x->dtype)) == 0,
                  "%s: '%s' data differs", what, x->name);
    }
}

#endif /* IO_TEST_H */
