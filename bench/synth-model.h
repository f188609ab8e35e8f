/* synth-model.h — a MambaIR v1 tensor dict with random weights, in memory
 * (benchmarks need the shapes, not trained values). */
#ifndef MB_SYNTH_MODEL_H
#define MB_SYNTH_MODEL_H

#include "io/tensordict.h"

typedef struct synth_spec {
    int cin, c, n_groups, depth, n, din, r;
    int head; /* 0 pixelshuffle, 1 pixelshuffledirect, 2 residual */
    int scale;
} synth_spec;

/* Fills td (zeroed by the caller). Values: LN weight 1, A_logs = log(1..N),
 * Ds 1, dt bias ~ softplus⁻¹(0.01..0.1), other weights uniform ±1/√fan_in. */
mambair_status synth_model_build(const synth_spec *s, unsigned seed, mb_tensordict *td,
                                 mambair_error *err);

#endif
