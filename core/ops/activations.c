/* activations.c — element-wise activations of SPEC §3 over arrays. */
#include "ops.h"

void op_act_forward(mb_act act, const float *x, float *y, int64_t begin, int64_t end) {
    switch (act) {
    case MB_ACT_NONE:
        if (x != y)
            for (int64_t i = begin; i < end; i++) y[i] = x[i];
        break;
    case MB_ACT_GELU:
        for (int64_t i = begin; i < end; i++) y[i] = mb_gelu(x[i]);
        break;
    case MB_ACT_SILU:
        for (int64_t i = begin; i < end; i++) y[i] = mb_silu(x[i]);
        break;
    case MB_ACT_SIGMOID:
        for (int64_t i = begin; i < end; i++) y[i] = mb_sigmoid(x[i]);
        break;
    case MB_ACT_LEAKY_RELU:
        for (int64_t i = begin; i < end; i++) y[i] = mb_leaky_relu(x[i]);
        break;
    case MB_ACT_RELU:
        for (int64_t i = begin; i < end; i++) y[i] = mb_relu(x[i]);
        break;
    }
}
