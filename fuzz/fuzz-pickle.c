/* fuzz-pickle.c — the pickle machine alone, several pickles in a row as in
 * the legacy format. */
#include "fuzz.h"
#include "io/pickle.h"

static mambair_status count_storage(void *ctx, const mb_pk_obj *s, mambair_error *err) {
    (void)err;
    *(size_t *)ctx += s->len;
    return MAMBAIR_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > MB_FUZZ_MAX_INPUT) return 0;
    mb_pickle *vm = mb_pickle_new();
    if (!vm) return 0;
    mambair_error err;
    size_t pos = 0, used, total = 0;
    mb_pk_obj *r;
    for (int i = 0; i < 5 && pos < size; i++) {
        if (mb_pickle_run(vm, data + pos, size - pos, &used, &r, &err) != MAMBAIR_OK) break;
        pos += used;
    }
    mb_pickle_each_storage(vm, count_storage, &total, &err);
    mb_pickle_free(vm);
    return 0;
}
