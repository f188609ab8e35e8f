/*
 * weights.c — check every tensor the network uses against the shapes the
 * configuration implies (SPEC §8), refuse NaN/Inf, and repack once into the
 * layouts of the kernels. All packed tensors live in one arena.
 */
#include "model.h"

#include "../ops/ops.h"

#include <math.h>
#include <string.h>

typedef struct loader {
    const mb_tensordict *td;
    mb_weights *w;
    float *scratch; /* largest tensor, as f32 */
    mambair_error *err;
    mambair_status st;
    bool dry; /* check names and shapes only: nothing allocated or copied */
    bool *used; /* used[i] once td->tensors[i] was asked for (full run only) */
    char prefix[128];
} loader;

static float *arena_take(mb_weights *w, int64_t n) {
    size_t need = ((size_t)n + 15) & ~(size_t)15; /* keep 64-byte alignment */
    MB_ASSERT(w->arena_used + need <= w->arena_size);
    float *p = w->arena + w->arena_used;
    w->arena_used += need;
    return p;
}

/* Copy tensor prefix+name (shape checked) as f32 into dst; NULL on error. */
static const float *fetch(loader *ld, const char *name, int ndim, const int64_t *shape, float *dst) {
    if (ld->st != MAMBAIR_OK) return NULL;
    char full[256];
    snprintf(full, sizeof full, "%s%s", ld->prefix, name);
    const mb_tensor *t = NULL;
    ld->st = mb_expect_shape(ld->td, full, ndim, shape, &t, ld->err);
    if (ld->st == MAMBAIR_OK && ld->used) ld->used[t - ld->td->tensors] = true;
    if (ld->st != MAMBAIR_OK || ld->dry) return NULL;
    for (int64_t i = 0; i < t->numel; i++) {
        double v = t->dtype == MB_DTYPE_F64 ? ((const double *)t->data)[i] : ((const float *)t->data)[i];
        if (!isfinite(v)) {
            ld->st = mb_error_set(ld->err, MAMBAIR_ERR_FORMAT,
                                  "%s holds a non-finite value (NaN or Inf) at index %lld", full,
                                  (long long)i);
            return NULL;
        }
        /* finite, but beyond what the network's float arithmetic can carry */
        if (fabs(v) > 3.0e38) {
            ld->st = mb_error_set(ld->err, MAMBAIR_ERR_FORMAT,
                                  "%s holds the value %.3g at index %lld, too large to be a weight "
                                  "(the limit is 3e38)",
                                  full, v, (long long)i);
            return NULL;
        }
        dst[i] = (float)v;
    }
    return dst;
}

static float *plain(loader *ld, const char *name, int ndim, int64_t s0, int64_t s1, int64_t s2) {
    int64_t shape[3] = {s0, s1, s2}, n = s0 * (ndim > 1 ? s1 : 1) * (ndim > 2 ? s2 : 1);
    if (ld->st != MAMBAIR_OK) return NULL;
    if (ld->dry) {
        fetch(ld, name, ndim, shape, NULL);
        return NULL;
    }
    float *dst = arena_take(ld->w, n);
    return fetch(ld, name, ndim, shape, dst) ? dst : NULL;
}

static void conv3x3(loader *ld, const char *base, int64_t cout, int64_t cin, mb_conv_w *cw) {
    char name[160];
    int64_t shape[4] = {cout, cin, 3, 3};
    snprintf(name, sizeof name, "%s.weight", base);
    if (ld->st != MAMBAIR_OK || !fetch(ld, name, 4, shape, ld->scratch)) return;
    cw->wp = arena_take(ld->w, cout * cin * 9);
    op_conv3x3_repack(ld->scratch, cout, cin, cw->wp);
    snprintf(name, sizeof name, "%s.bias", base);
    cw->b = plain(ld, name, 1, cout, 0, 0);
    cw->cin = cin;
    cw->cout = cout;
}

/* depthwise {c,1,3,3} -> {9, c}; 1x1 convs {o,i,1,1} stay {o, i} */
static float *dw3x3(loader *ld, const char *name, int64_t c) {
    int64_t shape[4] = {c, 1, 3, 3};
    if (ld->st != MAMBAIR_OK || !fetch(ld, name, 4, shape, ld->scratch)) return NULL;
    float *wp = arena_take(ld->w, c * 9);
    op_conv_dw3x3_repack(ld->scratch, c, wp);
    return wp;
}
static float *conv1x1(loader *ld, const char *name, int64_t o, int64_t i) {
    int64_t shape[4] = {o, i, 1, 1};
    if (ld->st != MAMBAIR_OK) return NULL;
    if (ld->dry) {
        fetch(ld, name, 4, shape, NULL);
        return NULL;
    }
    float *dst = arena_take(ld->w, o * i);
    return fetch(ld, name, 4, shape, dst) ? dst : NULL;
}

static void load_block(loader *ld, const mambair_config *cfg, mb_block_w *b) {
    int64_t C = cfg->embed_dim, Din = cfg->d_inner, N = cfg->d_state, R = cfg->dt_rank, q = C / 30;
    b->skip = plain(ld, "skip_scale", 1, C, 0, 0);
    b->skip2 = plain(ld, "skip_scale2", 1, C, 0, 0);
    b->ln1_w = plain(ld, "ln_1.weight", 1, C, 0, 0);
    b->ln1_b = plain(ld, "ln_1.bias", 1, C, 0, 0);
    b->x_proj = plain(ld, "self_attention.x_proj_weight", 3, 4, R + 2 * N, Din);
    {
        int64_t shape[3] = {4, Din, R};
        if (ld->st == MAMBAIR_OK && fetch(ld, "self_attention.dt_projs_weight", 3, shape, ld->scratch)) {
            b->dt_wt = arena_take(ld->w, 4 * Din * R);
            for (int64_t k = 0; k < 4; k++)
                for (int64_t d = 0; d < Din; d++)
                    for (int64_t r = 0; r < R; r++)
                        b->dt_wt[(k * R + r) * Din + d] = ld->scratch[(k * Din + d) * R + r];
        }
    }
    b->dt_b = plain(ld, "self_attention.dt_projs_bias", 2, 4, Din, 0);
    {
        int64_t shape[2] = {4 * Din, N};
        if (ld->st == MAMBAIR_OK && fetch(ld, "self_attention.A_logs", 2, shape, ld->scratch)) {
            /* A = -exp(A_logs) once, stored {4, N, Din} so channels are contiguous */
            b->a = arena_take(ld->w, 4 * Din * N);
            for (int64_t k = 0; k < 4; k++)
                for (int64_t d = 0; d < Din; d++)
                    for (int64_t n = 0; n < N; n++)
                        b->a[(k * N + n) * Din + d] = -expf(ld->scratch[(k * Din + d) * N + n]);
        }
    }
    b->d = plain(ld, "self_attention.Ds", 1, 4 * Din, 0, 0);
    b->in_proj = plain(ld, "self_attention.in_proj.weight", 2, 2 * Din, C, 0);
    b->dw_wp = dw3x3(ld, "self_attention.conv2d.weight", Din);
    b->dw_b = plain(ld, "self_attention.conv2d.bias", 1, Din, 0, 0);
    b->on_w = plain(ld, "self_attention.out_norm.weight", 1, Din, 0, 0);
    b->on_b = plain(ld, "self_attention.out_norm.bias", 1, Din, 0, 0);
    b->out_proj = plain(ld, "self_attention.out_proj.weight", 2, C, Din, 0);
    const char *ca;
    if (cfg->light_cab) {
        int64_t c2 = C / 2;
        b->p0_w = conv1x1(ld, "conv_blk.cab.0.weight", c2, C);
        b->p0_b = plain(ld, "conv_blk.cab.0.bias", 1, c2, 0, 0);
        b->dw1_wp = dw3x3(ld, "conv_blk.cab.1.weight", c2);
        b->dw1_b = plain(ld, "conv_blk.cab.1.bias", 1, c2, 0, 0);
        b->p3_w = conv1x1(ld, "conv_blk.cab.3.weight", C, c2);
        b->p3_b = plain(ld, "conv_blk.cab.3.bias", 1, C, 0, 0);
        b->dw4_wp = dw3x3(ld, "conv_blk.cab.4.weight", C);
        b->dw4_b = plain(ld, "conv_blk.cab.4.bias", 1, C, 0, 0);
        ca = "conv_blk.cab.5.attention.";
    } else {
        char base[200];
        snprintf(base, sizeof base, "conv_blk.cab.0");
        conv3x3(ld, base, C / 3, C, &b->c0);
        snprintf(base, sizeof base, "conv_blk.cab.2");
        conv3x3(ld, base, C, C / 3, &b->c2);
        ca = "conv_blk.cab.3.attention.";
    }
    char name[200];
    snprintf(name, sizeof name, "%s1.weight", ca);
    b->ca1_w = conv1x1(ld, name, q, C);
    snprintf(name, sizeof name, "%s1.bias", ca);
    b->ca1_b = plain(ld, name, 1, q, 0, 0);
    snprintf(name, sizeof name, "%s3.weight", ca);
    b->ca3_w = conv1x1(ld, name, C, q);
    snprintf(name, sizeof name, "%s3.bias", ca);
    b->ca3_b = plain(ld, name, 1, C, 0, 0);
    b->ln2_w = plain(ld, "ln_2.weight", 1, C, 0, 0);
    b->ln2_b = plain(ld, "ln_2.bias", 1, C, 0, 0);
}

/* Every tensor of the network, in state-dict order (SPEC §8). */
static void load_all(loader *ld, const mambair_config *cfg) {
    mb_weights *W = ld->w;
    int64_t C = cfg->embed_dim, Cin = cfg->in_chans;

    conv3x3(ld, "conv_first", C, Cin, &W->conv_first);
    W->pe_w = plain(ld, "patch_embed.norm.weight", 1, C, 0, 0);
    W->pe_b = plain(ld, "patch_embed.norm.bias", 1, C, 0, 0);
    int bi = 0;
    for (int g = 0; g < cfg->n_groups; g++) {
        for (int b = 0; b < cfg->depths[g]; b++, bi++) {
            snprintf(ld->prefix, sizeof ld->prefix, "layers.%d.residual_group.blocks.%d.", g, b);
            load_block(ld, cfg, &W->blocks[bi]);
        }
        snprintf(ld->prefix, sizeof ld->prefix, "layers.%d.", g);
        conv3x3(ld, "conv", C, C, &W->group_conv[g]);
    }
    ld->prefix[0] = '\0';
    W->norm_w = plain(ld, "norm.weight", 1, C, 0, 0);
    W->norm_b = plain(ld, "norm.bias", 1, C, 0, 0);
    conv3x3(ld, "conv_after_body", C, C, &W->conv_after_body);
    int s = cfg->upscale;
    switch (cfg->head) {
    case MAMBAIR_HEAD_PIXELSHUFFLE:
        conv3x3(ld, "conv_before_upsample.0", 64, C, &W->before_up);
        if (s == 3) {
            conv3x3(ld, "upsample.0", 576, 64, &W->up[0]);
            W->n_up = 1;
        } else {
            conv3x3(ld, "upsample.0", 256, 64, &W->up[0]);
            W->n_up = 1;
            if (s == 4) {
                conv3x3(ld, "upsample.2", 256, 64, &W->up[1]);
                W->n_up = 2;
            }
        }
        conv3x3(ld, "conv_last", Cin, 64, &W->conv_last);
        break;
    case MAMBAIR_HEAD_PIXELSHUFFLE_DIRECT:
        conv3x3(ld, "upsample.0", (int64_t)s * s * Cin, C, &W->up[0]);
        W->n_up = 1;
        break;
    default: conv3x3(ld, "conv_last", Cin, C, &W->conv_last); break;
    }
}

/* The trainer's own checkpoints (core/train/checkpoint.c, metadata format
 * "mambair-train-*") also hold the optimizer state and the moving average of
 * the weights, under these prefixes: known, and not part of the network. */
static bool trainer_state(const mb_tensordict *td, const char *name) {
    const char *format = mb_tensordict_meta(td, "format");
    if (!format || strncmp(format, "mambair-train", 13) != 0) return false;
    static const char *prefixes[] = {"optim.exp_avg.", "optim.exp_avg_sq.", "ema."};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (!strncmp(name, prefixes[i], strlen(prefixes[i]))) return true;
    return false;
}

mambair_status mb_weights_load(const mb_tensordict *td, const mambair_config *cfg, mb_weights *w,
                               mambair_error *err) {
    memset(w, 0, sizeof *w);
    w->cfg = *cfg;
    int nb = 0;
    for (int g = 0; g < cfg->n_groups; g++) nb += cfg->depths[g];
    w->n_blocks = nb;
    /* first names and shapes only, so that a hostile file cannot make us
       allocate for a configuration its tensors do not back */
    w->blocks = mb_calloc((size_t)nb, sizeof *w->blocks);
    if (!w->blocks) return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory loading the model");
    loader dry = {td, w, NULL, err, MAMBAIR_OK, true, NULL, ""};
    load_all(&dry, cfg);
    if (dry.st != MAMBAIR_OK) {
        mb_weights_free(w);
        return dry.st;
    }
    /* every packed tensor has the numel of its source: the arena holds
       n_params floats plus alignment slack (<= 16 floats per tensor) */
    size_t n_tensors = (size_t)nb * 40 + (size_t)cfg->n_groups * 2 + 32;
    w->arena_size = (size_t)cfg->n_params + 16 * n_tensors;
    int64_t biggest = 0;
    for (int64_t i = 0; i < td->count; i++) biggest = MB_MAX(biggest, td->tensors[i].numel);
    size_t arena_bytes, scratch_bytes;
    if (!mb_mul_size(w->arena_size, sizeof(float), &arena_bytes) ||
        !mb_mul_size((size_t)biggest, sizeof(float), &scratch_bytes)) {
        mb_weights_free(w);
        return mb_error_set(err, MAMBAIR_ERR_LIMIT, "model too large");
    }
    w->arena = mb_malloc(arena_bytes);
    float *scratch = mb_malloc(scratch_bytes ? scratch_bytes : 4);
    bool *used = mb_calloc((size_t)(td->count ? td->count : 1), sizeof *used);
    if (!w->arena || !scratch || !used) {
        mb_free(scratch);
        mb_free(used);
        mb_weights_free(w);
        return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory loading %lld parameters",
                            (long long)cfg->n_params);
    }
    loader ld = {td, w, scratch, err, MAMBAIR_OK, false, used, ""};
    load_all(&ld, cfg);
    mb_free(scratch);
    /* a tensor the network does not use means the file is not the network
       its names suggest (or was altered): refuse it by name */
    for (int64_t i = 0; ld.st == MAMBAIR_OK && i < td->count; i++)
        if (!used[i] && !trainer_state(td, td->tensors[i].name))
            ld.st = mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                                 "the model file holds a tensor the network does not use: '%s'",
                                 td->tensors[i].name);
    mb_free(used);
    if (ld.st != MAMBAIR_OK) {
        mb_weights_free(w);
        return ld.st;
    }
    if (cfg->in_chans == 3) {
        w->mean[0] = 0.4488f;
        w->mean[1] = 0.4371f;
        w->mean[2] = 0.4040f;
    }
    return MAMBAIR_OK;
}

void mb_weights_free(mb_weights *w) {
    if (!w) return;
    mb_free(w->arena);
    mb_free(w->blocks);
    w->arena = NULL;
    w->blocks = NULL;
}
