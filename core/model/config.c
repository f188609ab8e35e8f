/*
 * config.c — the hyper-parameters of a MambaIR v1 checkpoint, from tensor
 * names and shapes only (SPEC §1, §2, §8). Nothing here reads tensor data.
 *
 *   conv_first.weight {C, Cin, 3, 3}              -> C, Cin
 *   layers.{g}.conv.weight, ...blocks.{b}.        -> groups, depths
 *   block 0: A_logs {4Din, N}, dt_projs_weight {4, Din, R}
 *   conv_blk.cab.5.* (light) vs cab.3.* (classic)
 *   conv_before_upsample.0 + upsample.0/.2        -> pixelshuffle x2/x3/x4
 *   upsample.0 {s²Cin, C, 3, 3} alone             -> pixelshuffledirect xs
 *   otherwise conv_last {Cin, C, 3, 3}            -> residual (denoise / CAR)
 */
#include "model.h"

#include <math.h>
#include <string.h>

static const mb_tensor *find(const mb_tensordict *td, const char *name) {
    return mb_tensordict_find(td, name);
}

static const mb_tensor *findf(const mb_tensordict *td, char *buf, size_t size, const char *fmt,
                              int g, int b) {
    snprintf(buf, size, fmt, g, b);
    return find(td, buf);
}

/* "[60,60,3,3]" */
void mb_shape_string(int ndim, const int64_t *shape, char *buf, size_t size) {
    size_t o = 0;
    o += (size_t)snprintf(buf + o, size - o, "[");
    for (int i = 0; i < ndim && o < size; i++)
        o += (size_t)snprintf(buf + o, size - o, i ? ",%lld" : "%lld", (long long)shape[i]);
    if (o < size) snprintf(buf + o, size - o, "]");
}

mambair_status mb_expect_shape(const mb_tensordict *td, const char *name, int ndim,
                               const int64_t *shape, const mb_tensor **out, mambair_error *err) {
    const mb_tensor *t = find(td, name);
    if (!t)
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                            "not a MambaIR v1 checkpoint: missing %s", name);
    bool ok = t->ndim == ndim;
    for (int i = 0; ok && i < ndim; i++) ok = t->shape[i] == shape[i];
    if (!ok) {
        char got[96], want[96];
        mb_shape_string(t->ndim, t->shape, got, sizeof got);
        mb_shape_string(ndim, shape, want, sizeof want);
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "%s has shape %s, expected %s", name, got,
                            want);
    }
    if (t->dtype != MB_DTYPE_F32 && t->dtype != MB_DTYPE_F64)
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "%s holds integers, expected floats", name);
    if (out) *out = t;
    return MAMBAIR_OK;
}

int64_t mb_config_count_params(const mambair_config *cfg) {
    /* SPEC §8 */
    int64_t C = cfg->embed_dim, Din = cfg->d_inner, R = cfg->dt_rank, N = cfg->d_state;
    int64_t Cin = cfg->in_chans, s = cfg->upscale;
    int64_t c3 = C / 3, c2 = C / 2, q = C / 30;
    int64_t cab = cfg->light_cab ? 2 * c2 * C + 11 * c2 + 11 * C + 2 * q * C + q + C
                                 : 18 * c3 * C + c3 + C + 2 * q * C + q + C;
    int64_t block = 6 * C + 2 * Din * C + 10 * Din + 4 * (R + 2 * N) * Din + 4 * Din * R + 4 * Din +
                    4 * Din * N + 4 * Din + 2 * Din + C * Din + cab;
    int64_t total = 9 * Cin * C + C + 4 * C + 9 * C * C + C;
    for (int g = 0; g < cfg->n_groups; g++) total += cfg->depths[g] * block + 9 * C * C + C;
    switch (cfg->head) {
    case MAMBAIR_HEAD_PIXELSHUFFLE: {
        total += 576 * C + 64 + 576 * Cin + Cin;
        int stages = s == 3 ? 1 : s == 4 ? 2 : 1;
        int64_t r2 = s == 3 ? 9 : 4;
        total += stages * (9 * 64 * r2 * 64 + 64 * r2);
        break;
    }
    case MAMBAIR_HEAD_PIXELSHUFFLE_DIRECT: total += 9 * s * s * Cin * C + s * s * Cin; break;
    default: total += 9 * Cin * C + Cin; break;
    }
    return total;
}

static bool has_prefix(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

mambair_status mb_config_detect(const mb_tensordict *td, mambair_config *cfg, mambair_error *err) {
    memset(cfg, 0, sizeof *cfg);
    if (!td || td->count == 0)
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "the file holds no tensors");
    bool any_layers = false;
    for (int64_t i = 0; i < td->count && !any_layers; i++)
        any_layers = has_prefix(td->tensors[i].name, "layers.0.residual_group.");
    if (!any_layers)
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                            "this file holds %lld tensors but no MambaIR layers (first: %s)",
                            (long long)td->count, td->tensors[0].name);

    char name[160];
    const mb_tensor *cf = find(td, "conv_first.weight");
    if (!cf)
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                            "not a MambaIR v1 checkpoint: missing conv_first.weight");
    if (cf->ndim != 4 || cf->shape[2] != 3 || cf->shape[3] != 3 || cf->shape[0] < 1) {
        char got[96];
        mb_shape_string(cf->ndim, cf->shape, got, sizeof got);
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                            "conv_first.weight has shape %s, expected [C,Cin,3,3]", got);
    }
    int64_t C = cf->shape[0], Cin = cf->shape[1];
    if (Cin != 1 && Cin != 3)
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                            "conv_first.weight has %lld input channels; only 1 (gray) or 3 (RGB) are supported",
                            (long long)Cin);
    if (C < 30)
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                            "embed dim %lld is below 30: channel attention would have C//30 = 0 "
                            "hidden channels and the network cannot run (SPEC §11)",
                            (long long)C);
    if (C > MB_MAX_EMBED_DIM)
        return mb_error_set(err, MAMBAIR_ERR_LIMIT, "embed dim %lld exceeds the limit of %d",
                            (long long)C, MB_MAX_EMBED_DIM);
    cfg->in_chans = (int)Cin;
    cfg->embed_dim = (int)C;

    /* groups and depths */
    int g = 0;
    while (findf(td, name, sizeof name, "layers.%d.residual_group.blocks.0.skip_scale", g, 0) ||
           findf(td, name, sizeof name, "layers.%d.conv.weight", g, 0)) {
        if (g >= MAMBAIR_MAX_GROUPS)
            return mb_error_set(err, MAMBAIR_ERR_LIMIT, "more than %d residual groups",
                                MAMBAIR_MAX_GROUPS);
        int b = 0;
        while (findf(td, name, sizeof name, "layers.%d.residual_group.blocks.%d.skip_scale", g, b)) {
            if (b >= MB_MAX_DEPTH)
                return mb_error_set(err, MAMBAIR_ERR_LIMIT, "group %d has more than %d blocks", g,
                                    MB_MAX_DEPTH);
            b++;
        }
        if (b == 0) {
            /* SwinIR and HAT use the same group names with window attention */
            if (findf(td, name, sizeof name, "layers.%d.residual_group.blocks.0.attn.qkv.weight", g, 0))
                return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                                    "this looks like a SwinIR/HAT checkpoint (window attention in "
                                    "layers.%d.residual_group.blocks.0.attn), not MambaIR v1",
                                    g);
            return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                                "not a MambaIR v1 checkpoint: missing layers.%d.residual_group.blocks.0.skip_scale",
                                g);
        }
        cfg->depths[g] = b;
        g++;
    }
    if (g == 0)
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                            "not a MambaIR v1 checkpoint: missing layers.0.residual_group.blocks.0.skip_scale");
    cfg->n_groups = g;

    /* SS2D sizes from block 0 */
    const char *blk0 = "layers.0.residual_group.blocks.0.self_attention.";
    snprintf(name, sizeof name, "%sA_logs", blk0);
    const mb_tensor *al = find(td, name);
    if (!al)
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "not a MambaIR v1 checkpoint: missing %s", name);
    if (al->ndim != 2 || al->shape[0] % 4 != 0 || al->shape[0] < 4 || al->shape[1] < 1) {
        char got[96];
        mb_shape_string(al->ndim, al->shape, got, sizeof got);
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "%s has shape %s, expected [4*d_inner,d_state]",
                            name, got);
    }
    int64_t Din = al->shape[0] / 4, N = al->shape[1];
    snprintf(name, sizeof name, "%sdt_projs_weight", blk0);
    const mb_tensor *dw = find(td, name);
    if (!dw)
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "not a MambaIR v1 checkpoint: missing %s", name);
    if (dw->ndim != 3 || dw->shape[0] != 4 || dw->shape[1] != Din || dw->shape[2] < 1) {
        char got[96];
        mb_shape_string(dw->ndim, dw->shape, got, sizeof got);
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "%s has shape %s, expected [4,%lld,dt_rank]",
                            name, got, (long long)Din);
    }
    int64_t R = dw->shape[2];
    if (N > MB_SCAN_MAX_STATE || Din > MB_MAX_INNER || R > MB_MAX_INNER)
        return mb_error_set(err, MAMBAIR_ERR_LIMIT,
                            "d_state %lld / d_inner %lld / dt_rank %lld exceed the limits (%d, %d)",
                            (long long)N, (long long)Din, (long long)R, MB_SCAN_MAX_STATE, MB_MAX_INNER);
    cfg->d_inner = (int)Din;
    cfg->d_state = (int)N;
    cfg->dt_rank = (int)R;

    /* conv block variant */
    bool light = find(td, "layers.0.residual_group.blocks.0.conv_blk.cab.5.attention.1.weight") != NULL;
    bool classic = find(td, "layers.0.residual_group.blocks.0.conv_blk.cab.3.attention.1.weight") != NULL;
    if (!light && !classic)
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                            "not a MambaIR v1 checkpoint: missing layers.0.residual_group.blocks.0.conv_blk.cab.3.attention.1.weight");
    cfg->light_cab = light;

    /* head (SPEC §7) */
    const mb_tensor *cbu = find(td, "conv_before_upsample.0.weight");
    const mb_tensor *up0 = find(td, "upsample.0.weight");
    const mb_tensor *up2 = find(td, "upsample.2.weight");
    if (cbu) {
        if (!up0)
            return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                                "not a MambaIR v1 checkpoint: missing upsample.0.weight");
        cfg->head = MAMBAIR_HEAD_PIXELSHUFFLE;
        cfg->task = MAMBAIR_TASK_SUPER_RESOLUTION;
        int64_t o = up0->ndim == 4 ? up0->shape[0] : -1;
        if (o == 576 && !up2) cfg->upscale = 3;
        else if (o == 256 && up2) cfg->upscale = 4;
        else if (o == 256) cfg->upscale = 2;
        else {
            char got[96];
            mb_shape_string(up0->ndim, up0->shape, got, sizeof got);
            return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                                "upsample.0.weight has shape %s, expected [256,64,3,3] (x2, x4) or [576,64,3,3] (x3)",
                                got);
        }
    } else if (up0) {
        cfg->head = MAMBAIR_HEAD_PIXELSHUFFLE_DIRECT;
        cfg->task = MAMBAIR_TASK_SUPER_RESOLUTION;
        int64_t o = up0->ndim == 4 ? up0->shape[0] : -1;
        int64_t s = (int64_t)llround(sqrt((double)(o > 0 ? o : 0) / (double)Cin));
        if (o <= 0 || s < 1 || s * s * Cin != o || s > MB_MAX_SCALE) {
            char got[96];
            mb_shape_string(up0->ndim, up0->shape, got, sizeof got);
            return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                                "upsample.0.weight has shape %s, expected [s*s*%lld,%lld,3,3] for a scale s <= %d",
                                got, (long long)Cin, (long long)C, MB_MAX_SCALE);
        }
        cfg->upscale = (int)s;
    } else {
        cfg->head = MAMBAIR_HEAD_RESIDUAL;
        cfg->task = MAMBAIR_TASK_DENOISE;
        cfg->upscale = 1;
    }
    /* the official code ties the light conv block to pixelshuffledirect (SPEC §1) */
    if (light != (cfg->head == MAMBAIR_HEAD_PIXELSHUFFLE_DIRECT))
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                            light ? "the lightweight conv block (cab.5) needs a pixelshuffledirect head (upsample.0 alone)"
                                  : "a pixelshuffledirect head needs the lightweight conv block (cab.5)");
    cfg->n_params = mb_config_count_params(cfg);
    return MAMBAIR_OK;
}
