/* attention.c — channel attention of the CAB (SPEC §6.3). */
#include "ops.h"

void op_ca_partial_sum(const float *t, int64_t c, int64_t begin, int64_t end, double *sum) {
    for (int64_t i = 0; i < c; i++) sum[i] = 0.0;
    for (int64_t r = begin; r < end; r++) {
        const float *tr = t + r * c;
        for (int64_t i = 0; i < c; i++) sum[i] += tr[i];
    }
}

void op_ca_gate(const float *mean, int64_t c, int64_t q, const float *w1, const float *b1,
                const float *w3, const float *b3, float *gate) {
    /* q = C // 30 is tiny (2..6): plain loops; the hidden vector lives in gate's tail-free stack copy */
    float hidden[64];
    for (int64_t j = 0; j < q; j++) {
        float s = b1[j];
        for (int64_t i = 0; i < c; i++) s += w1[j * c + i] * mean[i];
        hidden[j] = mb_relu(s);
    }
    for (int64_t i = 0; i < c; i++) {
        float s = b3[i];
        for (int64_t j = 0; j < q; j++) s += w3[i * q + j] * hidden[j];
        gate[i] = mb_sigmoid(s);
    }
}

void op_ca_apply(float *t, int64_t c, const float *gate, int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; r++) {
        float *tr = t + r * c;
        for (int64_t i = 0; i < c; i++) tr[i] *= gate[i];
    }
}
