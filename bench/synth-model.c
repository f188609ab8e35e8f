/* synth-model.c — random MambaIR v1 weights with the official shapes (SPEC §8). */
#include "synth-model.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct synth {
    mb_tensordict *td;
    unsigned state;
    mambair_error *err;
    mambair_status st;
} synth;

static float rnd(synth *s) { /* xorshift32 -> [-1, 1) */
    s->state ^= s->state << 13;
    s->state ^= s->state >> 17;
    s->state ^= s->state << 5;
    return (float)((s->state >> 8) * (1.0 / 8388608.0) - 1.0);
}

enum { FILL_RANDOM, FILL_ONE, FILL_ZERO, FILL_ALOG, FILL_DTBIAS };

static void put(synth *s, const char *name, int fill, int ndim, int64_t a, int64_t b, int64_t c,
                int64_t d) {
    if (s->st != MAMBAIR_OK) return;
    int64_t shape[4] = {a, b, c, d}, n = 1;
    for (int i = 0; i < ndim; i++) n *= shape[i];
    float *v = mb_malloc((size_t)n * sizeof(float));
    if (!v) {
        s->st = mb_error_set(s->err, MAMBAIR_ERR_NO_MEMORY, "out of memory");
        return;
    }
    int64_t fan = ndim > 1 ? n / a : 1;
    float scale = 1.0f / sqrtf((float)fan);
    for (int64_t i = 0; i < n; i++) switch (fill) {
        case FILL_ONE: v[i] = 1.0f; break;
        case FILL_ZERO: v[i] = 0.0f; break;
        case FILL_ALOG: v[i] = logf((float)(i % b + 1)); break;
        case FILL_DTBIAS: {
            float dt = expf(logf(0.001f) + (rnd(s) * 0.5f + 0.5f) * (logf(0.1f) - logf(0.001f)));
            v[i] = dt + logf(-expm1f(-dt));
            break;
        }
        default: v[i] = rnd(s) * scale; break;
        }
    s->st = mb_tensordict_add(s->td, name, MB_DTYPE_F32, ndim, shape, v, s->err);
    mb_free(v);
}

mambair_status synth_model_build(const synth_spec *sp, unsigned seed, mb_tensordict *td,
                                 mambair_error *err) {
    synth s = {td, seed ? seed : 1, err, MAMBAIR_OK};
    int64_t C = sp->c, D = sp->din, N = sp->n, R = sp->r, q = C / 30, cin = sp->cin;
    char k[256];
    put(&s, "conv_first.weight", FILL_RANDOM, 4, C, cin, 3, 3);
    put(&s, "conv_first.bias", FILL_ZERO, 1, C, 0, 0, 0);
    put(&s, "patch_embed.norm.weight", FILL_ONE, 1, C, 0, 0, 0);
    put(&s, "patch_embed.norm.bias", FILL_ZERO, 1, C, 0, 0, 0);
    for (int g = 0; g < sp->n_groups; g++) {
        for (int b = 0; b < sp->depth; b++) {
#define P(suffix, fill, nd, a, b_, c_, d_)                                                    \
    do {                                                                                  \
        snprintf(k, sizeof k, "layers.%d.residual_group.blocks.%d.%s", g, b, suffix);     \
        put(&s, k, fill, nd, a, b_, c_, d_);                                              \
    } while (0)
            P("skip_scale", FILL_ONE, 1, C, 0, 0, 0);
            P("skip_scale2", FILL_ONE, 1, C, 0, 0, 0);
            P("ln_1.weight", FILL_ONE, 1, C, 0, 0, 0);
            P("ln_1.bias", FILL_ZERO, 1, C, 0, 0, 0);
            P("self_attention.x_proj_weight", FILL_RANDOM, 3, 4, R + 2 * N, D, 0);
            P("self_attention.dt_projs_weight", FILL_RANDOM, 3, 4, D, R, 0);
            P("self_attention.dt_projs_bias", FILL_DTBIAS, 2, 4, D, 0, 0);
            P("self_attention.A_logs", FILL_ALOG, 2, 4 * D, N, 0, 0);
            P("self_attention.Ds", FILL_ONE, 1, 4 * D, 0, 0, 0);
            P("self_attention.in_proj.weight", FILL_RANDOM, 2, 2 * D, C, 0, 0);
            P("self_attention.conv2d.weight", FILL_RANDOM, 4, D, 1, 3, 3);
            P("self_attention.conv2d.bias", FILL_ZERO, 1, D, 0, 0, 0);
            P("self_attention.out_norm.weight", FILL_ONE, 1, D, 0, 0, 0);
            P("self_attention.out_norm.bias", FILL_ZERO, 1, D, 0, 0, 0);
            P("self_attention.out_proj.weight", FILL_RANDOM, 2, C, D, 0, 0);
            const char *ca;
            if (sp->head == 1) {
                P("conv_blk.cab.0.weight", FILL_RANDOM, 4, C / 2, C, 1, 1);
                P("conv_blk.cab.0.bias", FILL_ZERO, 1, C / 2, 0, 0, 0);
                P("conv_blk.cab.1.weight", FILL_RANDOM, 4, C / 2, 1, 3, 3);
                P("conv_blk.cab.1.bias", FILL_ZERO, 1, C / 2, 0, 0, 0);
                P("conv_blk.cab.3.weight", FILL_RANDOM, 4, C, C / 2, 1, 1);
                P("conv_blk.cab.3.bias", FILL_ZERO, 1, C, 0, 0, 0);
                P("conv_blk.cab.4.weight", FILL_RANDOM, 4, C, 1, 3, 3);
                P("conv_blk.cab.4.bias", FILL_ZERO, 1, C, 0, 0, 0);
                ca = "conv_blk.cab.5.attention.";
            } else {
                P("conv_blk.cab.0.weight", FILL_RANDOM, 4, C / 3, C, 3, 3);
                P("conv_blk.cab.0.bias", FILL_ZERO, 1, C / 3, 0, 0, 0);
                P("conv_blk.cab.2.weight", FILL_RANDOM, 4, C, C / 3, 3, 3);
                P("conv_blk.cab.2.bias", FILL_ZERO, 1, C, 0, 0, 0);
                ca = "conv_blk.cab.3.attention.";
            }
            char n2[96];
            snprintf(n2, sizeof n2, "%s1.weight", ca);
            P(n2, FILL_RANDOM, 4, q, C, 1, 1);
            snprintf(n2, sizeof n2, "%s1.bias", ca);
            P(n2, FILL_ZERO, 1, q, 0, 0, 0);
            snprintf(n2, sizeof n2, "%s3.weight", ca);
            P(n2, FILL_RANDOM, 4, C, q, 1, 1);
            snprintf(n2, sizeof n2, "%s3.bias", ca);
            P(n2, FILL_ZERO, 1, C, 0, 0, 0);
            P("ln_2.weight", FILL_ONE, 1, C, 0, 0, 0);
            P("ln_2.bias", FILL_ZERO, 1, C, 0, 0, 0);
#undef P
        }
        snprintf(k, sizeof k, "layers.%d.conv.weight", g);
        put(&s, k, FILL_RANDOM, 4, C, C, 3, 3);
        snprintf(k, sizeof k, "layers.%d.conv.bias", g);
        put(&s, k, FILL_ZERO, 1, C, 0, 0, 0);
    }
    put(&s, "norm.weight", FILL_ONE, 1, C, 0, 0, 0);
    put(&s, "norm.bias", FILL_ZERO, 1, C, 0, 0, 0);
    put(&s, "conv_after_body.weight", FILL_RANDOM, 4, C, C, 3, 3);
    put(&s, "conv_after_body.bias", FILL_ZERO, 1, C, 0, 0, 0);
    if (sp->head == 0) {
        put(&s, "conv_before_upsample.0.weight", FILL_RANDOM, 4, 64, C, 3, 3);
        put(&s, "conv_before_upsample.0.bias", FILL_ZERO, 1, 64, 0, 0, 0);
        int64_t o = sp->scale == 3 ? 576 : 256;
        put(&s, "upsample.0.weight", FILL_RANDOM, 4, o, 64, 3, 3);
        put(&s, "upsample.0.bias", FILL_ZERO, 1, o, 0, 0, 0);
        if (sp->scale == 4) {
            put(&s, "upsample.2.weight", FILL_RANDOM, 4, 256, 64, 3, 3);
            put(&s, "upsample.2.bias", FILL_ZERO, 1, 256, 0, 0, 0);
        }
        put(&s, "conv_last.weight", FILL_RANDOM, 4, cin, 64, 3, 3);
        put(&s, "conv_last.bias", FILL_ZERO, 1, cin, 0, 0, 0);
    } else if (sp->head == 1) {
        int64_t o = (int64_t)sp->scale * sp->scale * cin;
        put(&s, "upsample.0.weight", FILL_RANDOM, 4, o, C, 3, 3);
        put(&s, "upsample.0.bias", FILL_ZERO, 1, o, 0, 0, 0);
    } else {
        put(&s, "conv_last.weight", FILL_RANDOM, 4, cin, C, 3, 3);
        put(&s, "conv_last.bias", FILL_ZERO, 1, cin, 0, 0, 0);
    }
    return s.st;
}
