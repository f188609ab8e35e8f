/* fuzz-zip.c — the zip directory reader; every entry's bytes are touched. */
#include "fuzz.h"
#include "io/zip.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > MB_FUZZ_MAX_INPUT) return 0;
    mb_zip z;
    mambair_error err;
    if (mb_zip_open(data, size, &z, &err) != MAMBAIR_OK) return 0;
    volatile uint8_t sink = 0;
    for (int64_t i = 0; i < z.count; i++) {
        const uint8_t *p;
        if (mb_zip_entry_bytes(&z, &z.entries[i], &p, &err) == MAMBAIR_OK)
            for (uint64_t k = 0; k < z.entries[i].size; k++) sink ^= p[k];
    }
    (void)mb_zip_find(&z, "archive/data.pkl");
    mb_zip_free(&z);
    return 0;
}
