/* pth.c — PyTorch checkpoints (placeholder until the zip and pickle readers land). */
#include "tensordict.h"

mambair_status mb_pth_load(const void *data, size_t size, mb_tensordict *out, mambair_error *err) {
    (void)data;
    (void)size;
    (void)out;
    return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "PyTorch checkpoints are not read yet");
}
