/* fuzz-tensordict.c — format detection, every reader, unwrapping. */
#include "fuzz.h"
#include "io/tensordict.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > MB_FUZZ_MAX_INPUT) return 0;
    mb_tensordict td;
    mambair_error err;
    if (mb_tensordict_load_memory(data, size, "fuzz", &td, &err) == MAMBAIR_OK) {
        for (int64_t i = 0; i < td.count; i++) mb_tensordict_find(&td, td.tensors[i].name);
        mb_tensordict_free(&td);
    }
    return 0;
}
