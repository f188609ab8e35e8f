/* layout.c — the flat parameter table of a configuration (SPEC §8), loading
 * a state dict into it, and the default initialisation. */
#include "layout.h"

#include "rng.h"

#include <math.h>
#include <string.h>

typedef struct builder {
    tr_layout *lay;
    int64_t cap;
    bool failed;
} builder;

static int64_t add(builder *b, const char *name, int ndim, int64_t d0, int64_t d1, int64_t d2,
                   int64_t d3) {
    tr_layout *lay = b->lay;
    if (b->failed) return 0;
    if (lay->count == b->cap) {
        int64_t cap = b->cap ? 2 * b->cap : 64;
        tr_param *np = mb_realloc(lay->params, (size_t)cap * sizeof *np);
        if (!np) {
            b->failed = true;
            return 0;
        }
        lay->params = np;
        b->cap = cap;
    }
    tr_param *t = &lay->params[lay->count++];
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "%s", name);
    t->ndim = ndim;
    int64_t d[4] = {d0, d1, d2, d3};
    t->numel = 1;
    for (int i = 0; i < ndim; i++) {
        t->shape[i] = d[i];
        t->numel *= d[i];
    }
    t->offset = lay->total;
    lay->total += t->numel;
    return t->offset;
}

#define ADD1(nm, a) add(&bd, nm, 1, a, 0, 0, 0)
#define ADD2(nm, a, b_) add(&bd, nm, 2, a, b_, 0, 0)
#define ADD3(nm, a, b_, c) add(&bd, nm, 3, a, b_, c, 0)
#define ADD4(nm, a, b_, c, d) add(&bd, nm, 4, a, b_, c, d)

mambair_status tr_layout_build(const mambair_config *cfg, tr_layout *lay, mambair_error *err) {
    memset(lay, 0, sizeof *lay);
    lay->cfg = *cfg;
    int C = cfg->embed_dim, Cin = cfg->in_chans, Din = cfg->d_inner, N = cfg->d_state,
        R = cfg->dt_rank, s = cfg->upscale;
    if (Cin != 1 && Cin != 3)
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "in_chans %d: expected 1 or 3", Cin);
    if (C < 30 || C > 4096)
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                            "embed_dim %d: channel attention needs 30..4096", C);
    if (Din < 1 || Din > 16384 || N < 1 || N > 256 || R < 1 || R > 1024)
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "d_inner %d, d_state %d, dt_rank %d",
                            Din, N, R);
    if (cfg->n_groups < 1 || cfg->n_groups > MAMBAIR_MAX_GROUPS)
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "%d groups", cfg->n_groups);
    int nb = 0;
    for (int g = 0; g < cfg->n_groups; g++) {
        if (cfg->depths[g] < 1 || cfg->depths[g] > 64)
            return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "group %d has %d blocks", g,
                                cfg->depths[g]);
        nb += cfg->depths[g];
    }
    if (cfg->head == MAMBAIR_HEAD_PIXELSHUFFLE) {
        if (s == 2 || s == 3) {
            lay->n_stages = 1;
            lay->stage_r[0] = s;
        } else if (s == 4) {
            lay->n_stages = 2;
            lay->stage_r[0] = lay->stage_r[1] = 2;
        } else {
            return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                                "pixelshuffle head with scale %d: expected 2, 3 or 4", s);
        }
    } else if (cfg->head == MAMBAIR_HEAD_PIXELSHUFFLE_DIRECT) {
        if (s < 1 || s > 8)
            return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "scale %d: expected 1..8", s);
    }
    lay->n_blocks = nb;
    lay->cab_hidden = cfg->light_cab ? C / 2 : C / 3;
    lay->ca_hidden = C / 30;
    lay->blocks = mb_calloc((size_t)nb, sizeof *lay->blocks);
    if (!lay->blocks) return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "parameter table");

    builder bd = {lay, 0, false};
    char nm[TR_NAME_MAX + 32];
    int h = lay->cab_hidden, q = lay->ca_hidden;
    lay->conv_first_w = ADD4("conv_first.weight", C, Cin, 3, 3);
    lay->conv_first_b = ADD1("conv_first.bias", C);
    lay->pe_w = ADD1("patch_embed.norm.weight", C);
    lay->pe_b = ADD1("patch_embed.norm.bias", C);
    int bi = 0;
    for (int g = 0; g < cfg->n_groups; g++) {
        for (int k = 0; k < cfg->depths[g]; k++, bi++) {
            tr_block_off *o = &lay->blocks[bi];
#define P(suffix) (snprintf(nm, sizeof nm, "layers.%d.residual_group.blocks.%d.%s", g, k, suffix), nm)
            o->skip = ADD1(P("skip_scale"), C);
            o->skip2 = ADD1(P("skip_scale2"), C);
            o->ln1_w = ADD1(P("ln_1.weight"), C);
            o->ln1_b = ADD1(P("ln_1.bias"), C);
            o->xproj = ADD3(P("self_attention.x_proj_weight"), 4, R + 2 * N, Din);
            o->dtw = ADD3(P("self_attention.dt_projs_weight"), 4, Din, R);
            o->dtb = ADD2(P("self_attention.dt_projs_bias"), 4, Din);
            o->alogs = ADD2(P("self_attention.A_logs"), 4 * Din, N);
            o->ds = ADD1(P("self_attention.Ds"), 4 * Din);
            o->inproj = ADD2(P("self_attention.in_proj.weight"), 2 * Din, C);
            o->convw = ADD4(P("self_attention.conv2d.weight"), Din, 1, 3, 3);
            o->convb = ADD1(P("self_attention.conv2d.bias"), Din);
            o->onw = ADD1(P("self_attention.out_norm.weight"), Din);
            o->onb = ADD1(P("self_attention.out_norm.bias"), Din);
            o->outproj = ADD2(P("self_attention.out_proj.weight"), C, Din);
            const char *ca;
            if (cfg->light_cab) {
                o->c0w = ADD4(P("conv_blk.cab.0.weight"), h, C, 1, 1);
                o->c0b = ADD1(P("conv_blk.cab.0.bias"), h);
                o->c1w = ADD4(P("conv_blk.cab.1.weight"), h, 1, 3, 3);
                o->c1b = ADD1(P("conv_blk.cab.1.bias"), h);
                o->c2w = ADD4(P("conv_blk.cab.3.weight"), C, h, 1, 1);
                o->c2b = ADD1(P("conv_blk.cab.3.bias"), C);
                o->c3w = ADD4(P("conv_blk.cab.4.weight"), C, 1, 3, 3);
                o->c3b = ADD1(P("conv_blk.cab.4.bias"), C);
                ca = "conv_blk.cab.5.attention";
            } else {
                o->c0w = ADD4(P("conv_blk.cab.0.weight"), h, C, 3, 3);
                o->c0b = ADD1(P("conv_blk.cab.0.bias"), h);
                o->c1w = ADD4(P("conv_blk.cab.2.weight"), C, h, 3, 3);
                o->c1b = ADD1(P("conv_blk.cab.2.bias"), C);
                ca = "conv_blk.cab.3.attention";
            }
            char cn[64];
            snprintf(cn, sizeof cn, "%s.1.weight", ca);
            o->ca1w = ADD4(P(cn), q, C, 1, 1);
            snprintf(cn, sizeof cn, "%s.1.bias", ca);
            o->ca1b = ADD1(P(cn), q);
            snprintf(cn, sizeof cn, "%s.3.weight", ca);
            o->ca3w = ADD4(P(cn), C, q, 1, 1);
            snprintf(cn, sizeof cn, "%s.3.bias", ca);
            o->ca3b = ADD1(P(cn), C);
            o->ln2_w = ADD1(P("ln_2.weight"), C);
            o->ln2_b = ADD1(P("ln_2.bias"), C);
#undef P
        }
        snprintf(nm, sizeof nm, "layers.%d.conv.weight", g);
        lay->group_w[g] = ADD4(nm, C, C, 3, 3);
        snprintf(nm, sizeof nm, "layers.%d.conv.bias", g);
        lay->group_b[g] = ADD1(nm, C);
    }
    lay->norm_w = ADD1("norm.weight", C);
    lay->norm_b = ADD1("norm.bias", C);
    lay->cab_w = ADD4("conv_after_body.weight", C, C, 3, 3);
    lay->cab_b = ADD1("conv_after_body.bias", C);
    if (cfg->head == MAMBAIR_HEAD_PIXELSHUFFLE) {
        lay->hb_w = ADD4("conv_before_upsample.0.weight", 64, C, 3, 3);
        lay->hb_b = ADD1("conv_before_upsample.0.bias", 64);
        for (int i = 0; i < lay->n_stages; i++) {
            int r = lay->stage_r[i];
            snprintf(nm, sizeof nm, "upsample.%d.weight", 2 * i);
            lay->up_w[i] = ADD4(nm, 64 * r * r, 64, 3, 3);
            snprintf(nm, sizeof nm, "upsample.%d.bias", 2 * i);
            lay->up_b[i] = ADD1(nm, 64 * r * r);
        }
        lay->last_w = ADD4("conv_last.weight", Cin, 64, 3, 3);
        lay->last_b = ADD1("conv_last.bias", Cin);
    } else if (cfg->head == MAMBAIR_HEAD_PIXELSHUFFLE_DIRECT) {
        lay->up_w[0] = ADD4("upsample.0.weight", s * s * Cin, C, 3, 3);
        lay->up_b[0] = ADD1("upsample.0.bias", s * s * Cin);
    } else {
        lay->last_w = ADD4("conv_last.weight", Cin, C, 3, 3);
        lay->last_b = ADD1("conv_last.bias", Cin);
    }
    if (bd.failed) {
        tr_layout_free(lay);
        return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "parameter table");
    }
    lay->cfg.n_params = lay->total;
    return MAMBAIR_OK;
}

void tr_layout_free(tr_layout *lay) {
    if (!lay) return;
    mb_free(lay->params);
    mb_free(lay->blocks);
    memset(lay, 0, sizeof *lay);
}

int64_t tr_layout_find(const tr_layout *lay, const char *name) {
    for (int64_t i = 0; i < lay->count; i++)
        if (strcmp(lay->params[i].name, name) == 0) return i;
    return -1;
}

bool tr_param_is_head(const tr_layout *lay, int64_t i) {
    const char *n = lay->params[i].name;
    (void)lay;
    return strncmp(n, "upsample.", 9) == 0 || strncmp(n, "conv_last.", 10) == 0 ||
           strncmp(n, "conv_before_upsample.", 21) == 0;
}

/* ---------------------------------------------------------------- detection */

static const mb_tensor *need(const mb_tensordict *td, const char *name, int ndim,
                             mambair_error *err) {
    const mb_tensor *t = mb_tensordict_find(td, name);
    if (!t) {
        mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "not a MambaIR v1 model: no tensor %s", name);
        return NULL;
    }
    if (t->ndim != ndim) {
        mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "tensor %s has %d dimensions, expected %d",
                     name, t->ndim, ndim);
        return NULL;
    }
    return t;
}

mambair_status tr_config_from_dict(const mb_tensordict *td, mambair_config *cfg,
                                   mambair_error *err) {
    memset(cfg, 0, sizeof *cfg);
    const mb_tensor *t = need(td, "conv_first.weight", 4, err);
    if (!t) return err ? err->code : MAMBAIR_ERR_UNSUPPORTED;
    cfg->embed_dim = (int)t->shape[0];
    cfg->in_chans = (int)t->shape[1];
    char nm[128];
    for (int g = 0; g < MAMBAIR_MAX_GROUPS; g++) {
        int k = 0;
        for (;; k++) {
            snprintf(nm, sizeof nm, "layers.%d.residual_group.blocks.%d.ln_1.weight", g, k);
            if (!mb_tensordict_find(td, nm)) break;
        }
        if (k == 0) break;
        cfg->depths[cfg->n_groups++] = k;
    }
    if (cfg->n_groups == 0)
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                            "not a MambaIR v1 model: no tensor layers.0.residual_group.blocks.0.*");
    const char *pre = "layers.0.residual_group.blocks.0.";
    snprintf(nm, sizeof nm, "%sself_attention.A_logs", pre);
    if (!(t = need(td, nm, 2, err))) return err ? err->code : MAMBAIR_ERR_UNSUPPORTED;
    cfg->d_state = (int)t->shape[1];
    snprintf(nm, sizeof nm, "%sself_attention.dt_projs_weight", pre);
    if (!(t = need(td, nm, 3, err))) return err ? err->code : MAMBAIR_ERR_UNSUPPORTED;
    cfg->d_inner = (int)t->shape[1];
    cfg->dt_rank = (int)t->shape[2];
    snprintf(nm, sizeof nm, "%sconv_blk.cab.4.weight", pre);
    cfg->light_cab = mb_tensordict_find(td, nm) != NULL;
    const mb_tensor *cbu = mb_tensordict_find(td, "conv_before_upsample.0.weight");
    const mb_tensor *up0 = mb_tensordict_find(td, "upsample.0.weight");
    if (cbu) {
        cfg->head = MAMBAIR_HEAD_PIXELSHUFFLE;
        if (!up0 || up0->ndim != 4)
            return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "pixelshuffle head without upsample.0.weight");
        cfg->upscale = mb_tensordict_find(td, "upsample.2.weight") ? 4 : up0->shape[0] == 576 ? 3 : 2;
    } else if (up0) {
        cfg->head = MAMBAIR_HEAD_PIXELSHUFFLE_DIRECT;
        if (up0->ndim != 4 || cfg->in_chans < 1)
            return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "bad upsample.0.weight");
        int64_t s2 = up0->shape[0] / cfg->in_chans, s = 1;
        while (s * s < s2) s++;
        if (s * s != s2 || s2 * cfg->in_chans != up0->shape[0])
            return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                                "upsample.0.weight has %lld outputs: not scale^2 x %d",
                                (long long)up0->shape[0], cfg->in_chans);
        cfg->upscale = (int)s;
    } else {
        cfg->head = MAMBAIR_HEAD_RESIDUAL;
        cfg->upscale = 1;
    }
    cfg->task = cfg->upscale > 1 ? MAMBAIR_TASK_SUPER_RESOLUTION : MAMBAIR_TASK_DENOISE;
    return MAMBAIR_OK;
}

/* The residual group a tensor belongs to ("layers.G."), or -1. */
static int group_of(const char *name) {
    if (strncmp(name, "layers.", 7) != 0) return -1;
    char *end;
    long g = strtol(name + 7, &end, 10);
    return end != name + 7 && *end == '.' && g >= 0 && g < MAMBAIR_MAX_GROUPS ? (int)g : -1;
}

/* Load every tensor except the head's (skip_head) and those of the groups
 * from n_src on. */
static mambair_status load_some(const tr_layout *lay, const mb_tensordict *td, void *p, bool f64,
                                bool skip_head, int n_src, mambair_error *err) {
    for (int64_t i = 0; i < lay->count; i++) {
        const tr_param *pr = &lay->params[i];
        if (skip_head && tr_param_is_head(lay, i)) continue;
        if (group_of(pr->name) >= n_src) continue;
        const mb_tensor *t = mb_tensordict_find(td, pr->name);
        if (!t) return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "missing tensor %s", pr->name);
        bool ok = t->numel == pr->numel && t->ndim == pr->ndim;
        for (int d = 0; ok && d < pr->ndim; d++) ok = t->shape[d] == pr->shape[d];
        if (!ok) {
            char a[64] = "", b[64] = "";
            for (int d = 0; d < pr->ndim; d++)
                snprintf(a + strlen(a), sizeof a - strlen(a), "%s%lld", d ? "," : "",
                         (long long)pr->shape[d]);
            for (int d = 0; d < t->ndim && d < MB_MAX_DIMS; d++)
                snprintf(b + strlen(b), sizeof b - strlen(b), "%s%lld", d ? "," : "",
                         (long long)t->shape[d]);
            return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                                "tensor %s has shape [%s], expected [%s]", pr->name, b, a);
        }
        if (t->dtype != MB_DTYPE_F32 && t->dtype != MB_DTYPE_F64)
            return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "tensor %s is not floating point",
                                pr->name);
        for (int64_t j = 0; j < pr->numel; j++) {
            double v = t->dtype == MB_DTYPE_F32 ? ((const float *)t->data)[j]
                                                : ((const double *)t->data)[j];
            if (f64)
                ((double *)p)[pr->offset + j] = v;
            else
                ((float *)p)[pr->offset + j] = (float)v;
        }
    }
    return MAMBAIR_OK;
}

mambair_status tr_layout_load(const tr_layout *lay, const mb_tensordict *td, void *p, bool f64,
                              bool skip_head, mambair_error *err) {
    return load_some(lay, td, p, f64, skip_head, MAMBAIR_MAX_GROUPS, err);
}

mambair_status tr_layout_load_grown(const tr_layout *lay, const mb_tensordict *td, float *p,
                                    bool skip_head, int n_src, mambair_error *err) {
    if (n_src < 1 || n_src > lay->cfg.n_groups)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "cannot grow %d groups into %d", n_src,
                            lay->cfg.n_groups);
    for (int64_t i = 0; i < td->count; i++)
        if (group_of(td->tensors[i].name) >= n_src)
            return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                                "the model has more than %d residual groups (%s)", n_src,
                                td->tensors[i].name);
    mambair_status st = load_some(lay, td, p, false, skip_head, n_src, err);
    if (st) return st;
    int C = lay->cfg.embed_dim;
    for (int g = n_src; g < lay->cfg.n_groups; g++) {
        memset(p + lay->group_w[g], 0, (size_t)C * C * 9 * sizeof(float));
        memset(p + lay->group_b[g], 0, (size_t)C * sizeof(float));
    }
    return MAMBAIR_OK;
}

/* The axis along which a weight sums its inputs (conv, linear, the scan's
 * projections), or -1 for per-channel tensors (norms, biases, A_logs, Ds,
 * dt_projs_bias, skip scales). */
static int input_axis(const tr_param *pr) {
    const char *n = pr->name;
    size_t len = strlen(n);
#define ENDS(sfx) (len >= sizeof sfx - 1 && strcmp(n + len - (sizeof sfx - 1), sfx) == 0)
    if (ENDS("x_proj_weight") || ENDS("dt_projs_weight")) return 2;
    if (ENDS("in_proj.weight") || ENDS("out_proj.weight")) return 1;
    if (pr->ndim == 4 && ENDS(".weight")) return 1;
#undef ENDS
    return -1;
}

static double rms_of(const mb_tensor *t) {
    double s = 0;
    for (int64_t j = 0; j < t->numel; j++) {
        double v = t->dtype == MB_DTYPE_F32 ? ((const float *)t->data)[j] : ((const double *)t->data)[j];
        s += v * v;
    }
    return t->numel ? sqrt(s / (double)t->numel) : 0;
}

mambair_status tr_layout_load_widened(const tr_layout *lay, const mb_tensordict *td, float *p, uint64_t seed,
                                      mambair_error *err) {
    mambair_config src;
    mambair_status st = tr_config_from_dict(td, &src, err);
    if (st) return st;
    const mambair_config *c = &lay->cfg;
    bool same = src.in_chans == c->in_chans && src.n_groups == c->n_groups && src.d_state == c->d_state &&
                src.dt_rank == c->dt_rank && src.light_cab == c->light_cab && src.head == c->head &&
                src.upscale == c->upscale;
    for (int g = 0; same && g < c->n_groups; g++) same = src.depths[g] == c->depths[g];
    if (!same || 2 * src.embed_dim != c->embed_dim || 2 * src.d_inner != c->d_inner)
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                            "cannot widen a model of %d channels (%d inner) into %d (%d): only twice the "
                            "width, with everything else the same",
                            src.embed_dim, src.d_inner, c->embed_dim, c->d_inner);
    tr_rng r;
    tr_rng_seed(&r, seed);
    for (int64_t i = 0; i < lay->count; i++) {
        const tr_param *pr = &lay->params[i];
        const mb_tensor *t = mb_tensordict_find(td, pr->name);
        if (!t) return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "missing tensor %s", pr->name);
        if (t->ndim != pr->ndim || (t->dtype != MB_DTYPE_F32 && t->dtype != MB_DTYPE_F64))
            return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "tensor %s does not fit", pr->name);
        /* per axis: kept, doubled (new index i reads i/2) or grown (new
         * indices past the source's: channel attention's C/30) */
        enum { KEEP, DOUBLE, GROW } how[4] = {KEEP, KEEP, KEEP, KEEP};
        for (int d = 0; d < pr->ndim; d++) {
            int64_t a = t->shape[d], b = pr->shape[d];
            if (b == a) how[d] = KEEP;
            else if (b == 2 * a) how[d] = DOUBLE;
            else if (b > a) how[d] = GROW;
            else
                return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "tensor %s: axis %d shrinks from %lld to %lld",
                                    pr->name, d, (long long)a, (long long)b);
        }
        int in = input_axis(pr);
        double eps = 0.05 * rms_of(t);
        int64_t n[4] = {1, 1, 1, 1};
        for (int d = 0; d < pr->ndim; d++) n[d] = pr->shape[d];
        int64_t stride[4] = {n[1] * n[2] * n[3], n[2] * n[3], n[3], 1}, k = 0;
        for (int64_t i0 = 0; i0 < n[0]; i0++)
            for (int64_t i1 = 0; i1 < n[1]; i1++)
                for (int64_t i2 = 0; i2 < n[2]; i2++)
                    for (int64_t i3 = 0; i3 < n[3]; i3++, k++) {
                        int64_t idx[4] = {i0, i1, i2, i3}, s = 0;
                        bool fresh = false;
                        for (int d = 0; d < pr->ndim; d++) {
                            int64_t j = how[d] == DOUBLE ? idx[d] / 2 : idx[d];
                            if (j >= t->shape[d]) fresh = true;
                            s = s * t->shape[d] + (j < t->shape[d] ? j : 0);
                        }
                        float *x = p + pr->offset + k;
                        if (fresh) {
                            /* a new squeeze channel of the attention: its
                             * input weights random at the source's scale (so
                             * it can learn), what reads it zero (so it adds
                             * nothing yet) */
                            bool reads_new = in >= 0 && idx[in] >= t->shape[in] && how[in] == GROW;
                            *x = reads_new || pr->ndim == 1 ? 0.0f : (float)((2 * tr_rng_uniform(&r) - 1) * 20 * eps);
                            continue;
                        }
                        double v = t->dtype == MB_DTYPE_F32 ? ((const float *)t->data)[s]
                                                            : ((const double *)t->data)[s];
                        if (in >= 0 && how[in] == DOUBLE) {
                            /* both copies of an input carry the same value:
                             * halve the weight over the pair, one half a
                             * little more, the other as much less, so the sum
                             * is the source's and the copies can part (the
                             * same draw for both, from the pair's index) */
                            int64_t pair = k - (idx[in] & 1) * stride[in];
                            uint64_t h = seed ^ ((uint64_t)i << 40) ^ (uint64_t)pair;
                            double e = ((tr_splitmix(&h) >> 11) * 0x1.0p-53 * 2 - 1) * eps;
                            if (idx[in] & 1) e = -e;
                            v = v / 2 + e;
                        }
                        *x = (float)v;
                    }
    }
    return MAMBAIR_OK;
}

/* ---------------------------------------------------------------- init */

static double trunc_normal(tr_rng *r, double std) {
    for (;;) {
        double v = tr_rng_normal(r);
        if (v >= -2 && v <= 2) return v * std;
    }
}

static bool ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

void tr_layout_init(const tr_layout *lay, float *p, uint64_t seed, bool head_only) {
    tr_rng r;
    tr_rng_seed(&r, seed);
    int N = lay->cfg.d_state, R = lay->cfg.dt_rank;
    for (int64_t i = 0; i < lay->count; i++) {
        const tr_param *t = &lay->params[i];
        if (head_only && !tr_param_is_head(lay, i)) continue;
        float *x = p + t->offset;
        const char *n = t->name;
        if (ends_with(n, "skip_scale") || ends_with(n, "skip_scale2") || ends_with(n, ".Ds") ||
            ends_with(n, "norm.weight") || ends_with(n, "ln_1.weight") ||
            ends_with(n, "ln_2.weight")) {
            for (int64_t j = 0; j < t->numel; j++) x[j] = 1;
        } else if (ends_with(n, "norm.bias") || ends_with(n, "ln_1.bias") ||
                   ends_with(n, "ln_2.bias")) {
            for (int64_t j = 0; j < t->numel; j++) x[j] = 0;
        } else if (ends_with(n, "A_logs")) {
            for (int64_t j = 0; j < t->numel; j++) x[j] = logf((float)(j % N + 1));
        } else if (ends_with(n, "dt_projs_bias")) {
            /* dt ~ log-uniform in [1e-3, 1e-1]; bias = softplus^-1(dt). */
            for (int64_t j = 0; j < t->numel; j++) {
                double dt = exp(tr_rng_uniform(&r) * (log(0.1) - log(1e-3)) + log(1e-3));
                if (dt < 1e-4) dt = 1e-4;
                x[j] = (float)(dt + log(-expm1(-dt)));
            }
        } else if (ends_with(n, "dt_projs_weight")) {
            double b = 1.0 / sqrt((double)R); /* dt_init "random", scale 1 */
            for (int64_t j = 0; j < t->numel; j++) x[j] = (float)((2 * tr_rng_uniform(&r) - 1) * b);
        } else if (ends_with(n, "x_proj_weight") || ends_with(n, "in_proj.weight") ||
                   ends_with(n, "out_proj.weight")) {
            for (int64_t j = 0; j < t->numel; j++) x[j] = (float)trunc_normal(&r, 0.02);
        } else if (t->ndim == 4) {
            /* PyTorch conv default: kaiming_uniform(a=sqrt(5)) = U(+-1/sqrt(fan_in)). */
            double b = 1.0 / sqrt((double)(t->shape[1] * t->shape[2] * t->shape[3]));
            for (int64_t j = 0; j < t->numel; j++) x[j] = (float)((2 * tr_rng_uniform(&r) - 1) * b);
            const tr_param *bias = i + 1 < lay->count ? &lay->params[i + 1] : NULL;
            if (bias && bias->ndim == 1 && bias->shape[0] == t->shape[0] && ends_with(bias->name, ".bias")) {
                float *y = p + bias->offset;
                for (int64_t j = 0; j < bias->numel; j++) y[j] = (float)((2 * tr_rng_uniform(&r) - 1) * b);
                i++;
            }
        } else {
            for (int64_t j = 0; j < t->numel; j++) x[j] = 0;
        }
    }
}
