/* fuzz-safetensors.c — the safetensors reader (header JSON, offsets, dtypes). */
#include "fuzz.h"
#include "io/tensordict.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > MB_FUZZ_MAX_INPUT) return 0;
    mb_tensordict td;
    mambair_error err;
    if (mb_safetensors_load(data, size, &td, &err) == MAMBAIR_OK) mb_tensordict_free(&td);
    return 0;
}
