/*
 * test-config.c — configuration detection from names and shapes (SPEC §2,
 * §8): every official configuration, built as a synthetic tensor dict with
 * zero data, is recognised, its parameter count matches the SPEC §2 table
 * (and the sum of the dict's tensor sizes), and the net builds from it.
 * Then one broken dict per error: foreign file, missing tensor, wrong
 * shape, C < 30, NaN weight.
 */
#include "model/model.h"
#include "net/net.h"

#include "../test-util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct spec {
    const char *name;
    int cin, c, n_groups, depth, n, din, r, head, s; /* head: 0 ps, 1 psd, 2 residual */
    int64_t params;                                 /* SPEC §2 table */
} spec;

typedef struct tweak {
    const char *skip;       /* leave this tensor out           */
    const char *reshape;    /* give this tensor `shape` instead */
    int ndim;
    int64_t shape[4];
    const char *nan;        /* put a NaN into this tensor       */
} tweak;

static int64_t total_numel;

static void add(mb_tensordict *td, const tweak *tw, const char *name, int ndim, int64_t a, int64_t b,
                int64_t c, int64_t d) {
    if (tw && tw->skip && !strcmp(tw->skip, name)) return;
    int64_t shape[4] = {a, b, c, d};
    if (tw && tw->reshape && !strcmp(tw->reshape, name)) {
        ndim = tw->ndim;
        memcpy(shape, tw->shape, sizeof shape);
    }
    int64_t n = 1;
    for (int i = 0; i < ndim; i++) n *= shape[i];
    float *z = calloc((size_t)n, sizeof(float));
    if (tw && tw->nan && !strcmp(tw->nan, name)) z[n / 2] = NAN;
    mambair_error err;
    if (mb_tensordict_add(td, name, MB_DTYPE_F32, ndim, shape, z, &err) != MAMBAIR_OK) {
        printf("mb_tensordict_add(%s): %s\n", name, err.message);
        exit(1);
    }
    total_numel += n;
    free(z);
}

static void build(const spec *s, const tweak *tw, mb_tensordict *td) {
    memset(td, 0, sizeof *td);
    total_numel = 0;
    int64_t C = s->c, D = s->din, N = s->n, R = s->r, q = C / 30;
    char p[200], k[300];
    add(td, tw, "conv_first.weight", 4, C, s->cin, 3, 3);
    add(td, tw, "conv_first.bias", 1, C, 0, 0, 0);
    add(td, tw, "patch_embed.norm.weight", 1, C, 0, 0, 0);
    add(td, tw, "patch_embed.norm.bias", 1, C, 0, 0, 0);
    for (int g = 0; g < s->n_groups; g++) {
        for (int b = 0; b < s->depth; b++) {
            snprintf(p, sizeof p, "layers.%d.residual_group.blocks.%d.", g, b);
#define A(suffix, nd, a, b_, c_, d_)                     \
    do {                                                 \
        snprintf(k, sizeof k, "%s%s", p, suffix);        \
        add(td, tw, k, nd, a, b_, c_, d_);               \
    } while (0)
            A("skip_scale", 1, C, 0, 0, 0);
            A("skip_scale2", 1, C, 0, 0, 0);
            A("ln_1.weight", 1, C, 0, 0, 0);
            A("ln_1.bias", 1, C, 0, 0, 0);
            A("self_attention.x_proj_weight", 3, 4, R + 2 * N, D, 0);
            A("self_attention.dt_projs_weight", 3, 4, D, R, 0);
            A("self_attention.dt_projs_bias", 2, 4, D, 0, 0);
            A("self_attention.A_logs", 2, 4 * D, N, 0, 0);
            A("self_attention.Ds", 1, 4 * D, 0, 0, 0);
            A("self_attention.in_proj.weight", 2, 2 * D, C, 0, 0);
            A("self_attention.conv2d.weight", 4, D, 1, 3, 3);
            A("self_attention.conv2d.bias", 1, D, 0, 0, 0);
            A("self_attention.out_norm.weight", 1, D, 0, 0, 0);
            A("self_attention.out_norm.bias", 1, D, 0, 0, 0);
            A("self_attention.out_proj.weight", 2, C, D, 0, 0);
            const char *ca;
            if (s->head == 1) {
                A("conv_blk.cab.0.weight", 4, C / 2, C, 1, 1);
                A("conv_blk.cab.0.bias", 1, C / 2, 0, 0, 0);
                A("conv_blk.cab.1.weight", 4, C / 2, 1, 3, 3);
                A("conv_blk.cab.1.bias", 1, C / 2, 0, 0, 0);
                A("conv_blk.cab.3.weight", 4, C, C / 2, 1, 1);
                A("conv_blk.cab.3.bias", 1, C, 0, 0, 0);
                A("conv_blk.cab.4.weight", 4, C, 1, 3, 3);
                A("conv_blk.cab.4.bias", 1, C, 0, 0, 0);
                ca = "conv_blk.cab.5.attention.";
            } else {
                A("conv_blk.cab.0.weight", 4, C / 3, C, 3, 3);
                A("conv_blk.cab.0.bias", 1, C / 3, 0, 0, 0);
                A("conv_blk.cab.2.weight", 4, C, C / 3, 3, 3);
                A("conv_blk.cab.2.bias", 1, C, 0, 0, 0);
                ca = "conv_blk.cab.3.attention.";
            }
            char c2[100];
            snprintf(c2, sizeof c2, "%s1.weight", ca);
            A(c2, 4, q, C, 1, 1);
            snprintf(c2, sizeof c2, "%s1.bias", ca);
            A(c2, 1, q, 0, 0, 0);
            snprintf(c2, sizeof c2, "%s3.weight", ca);
            A(c2, 4, C, q, 1, 1);
            snprintf(c2, sizeof c2, "%s3.bias", ca);
            A(c2, 1, C, 0, 0, 0);
            A("ln_2.weight", 1, C, 0, 0, 0);
            A("ln_2.bias", 1, C, 0, 0, 0);
#undef A
        }
        snprintf(k, sizeof k, "layers.%d.conv.weight", g);
        add(td, tw, k, 4, C, C, 3, 3);
        snprintf(k, sizeof k, "layers.%d.conv.bias", g);
        add(td, tw, k, 1, C, 0, 0, 0);
    }
    add(td, tw, "norm.weight", 1, C, 0, 0, 0);
    add(td, tw, "norm.bias", 1, C, 0, 0, 0);
    add(td, tw, "conv_after_body.weight", 4, C, C, 3, 3);
    add(td, tw, "conv_after_body.bias", 1, C, 0, 0, 0);
    if (s->head == 0) {
        add(td, tw, "conv_before_upsample.0.weight", 4, 64, C, 3, 3);
        add(td, tw, "conv_before_upsample.0.bias", 1, 64, 0, 0, 0);
        int64_t o = s->s == 3 ? 576 : 256;
        add(td, tw, "upsample.0.weight", 4, o, 64, 3, 3);
        add(td, tw, "upsample.0.bias", 1, o, 0, 0, 0);
        if (s->s == 4) {
            add(td, tw, "upsample.2.weight", 4, 256, 64, 3, 3);
            add(td, tw, "upsample.2.bias", 1, 256, 0, 0, 0);
        }
        add(td, tw, "conv_last.weight", 4, s->cin, 64, 3, 3);
        add(td, tw, "conv_last.bias", 1, s->cin, 0, 0, 0);
    } else if (s->head == 1) {
        int64_t o = (int64_t)s->s * s->s * s->cin;
        add(td, tw, "upsample.0.weight", 4, o, C, 3, 3);
        add(td, tw, "upsample.0.bias", 1, o, 0, 0, 0);
    } else {
        add(td, tw, "conv_last.weight", 4, s->cin, C, 3, 3);
        add(td, tw, "conv_last.bias", 1, s->cin, 0, 0, 0);
    }
}

/* SPEC §2 */
static const spec official[] = {
    {"classic SR x2", 3, 180, 6, 6, 16, 360, 12, 0, 2, 20421863},
    {"classic SR x3", 3, 180, 6, 6, 16, 360, 12, 0, 3, 20606503},
    {"classic SR x4", 3, 180, 6, 6, 16, 360, 12, 0, 4, 20569575},
    {"light SR x2", 3, 60, 4, 6, 10, 72, 4, 1, 2, 905016},
    {"light SR x3", 3, 60, 4, 6, 10, 72, 4, 1, 3, 913131},
    {"light SR x4", 3, 60, 4, 6, 10, 72, 4, 1, 4, 924492},
    {"colour DN", 3, 180, 6, 6, 16, 216, 12, 2, 1, 15777507},
    {"JPEG CAR gray", 1, 180, 6, 6, 16, 216, 12, 2, 1, 15771025},
};

static const char *expect_error(const spec *s, const tweak *tw, mambair_status code,
                                const char *needle) {
    static char msg[MAMBAIR_ERROR_MESSAGE_SIZE];
    mb_tensordict td;
    build(s, tw, &td);
    mb_net *net = NULL;
    mambair_error err = {0};
    mambair_status st = mb_net_create(&td, &net, &err);
    snprintf(msg, sizeof msg, "%s", st == MAMBAIR_OK ? "(no error)" : err.message);
    CHECK(st == code, "%s: status %d, expected %d (%s)", s->name, st, code, msg);
    CHECK(strstr(msg, needle) != NULL, "%s: message \"%s\" lacks \"%s\"", s->name, msg, needle);
    printf("  refused as expected: %s\n", msg);
    mb_net_free(net);
    mb_tensordict_free(&td);
    return msg;
}

int main(void) {
    for (size_t i = 0; i < sizeof official / sizeof official[0]; i++) {
        const spec *s = &official[i];
        mb_tensordict td;
        build(s, NULL, &td);
        mambair_config cfg;
        mambair_error err = {0};
        mambair_status st = mb_config_detect(&td, &cfg, &err);
        CHECK(st == MAMBAIR_OK, "%s: %s", s->name, err.message);
        if (st == MAMBAIR_OK) {
            printf("%-14s C %d Cin %d groups %d depth %d N %d Din %d R %d x%d head %d light %d: %lld params (SPEC %lld, tensors %lld)\n",
                   s->name, cfg.embed_dim, cfg.in_chans, cfg.n_groups, cfg.depths[0], cfg.d_state,
                   cfg.d_inner, cfg.dt_rank, cfg.upscale, cfg.head, cfg.light_cab,
                   (long long)cfg.n_params, (long long)s->params, (long long)total_numel);
            CHECK(cfg.embed_dim == s->c && cfg.in_chans == s->cin && cfg.n_groups == s->n_groups &&
                      cfg.depths[s->n_groups - 1] == s->depth && cfg.d_state == s->n &&
                      cfg.d_inner == s->din && cfg.dt_rank == s->r && cfg.upscale == s->s &&
                      (int)cfg.head == s->head && cfg.light_cab == (s->head == 1),
                  "%s: detected configuration differs", s->name);
            CHECK(cfg.n_params == s->params, "%s: %lld params, SPEC says %lld", s->name,
                  (long long)cfg.n_params, (long long)s->params);
            CHECK(total_numel == s->params, "%s: dict holds %lld values, SPEC says %lld", s->name,
                  (long long)total_numel, (long long)s->params);
            CHECK(cfg.task == (s->head == 2 ? MAMBAIR_TASK_DENOISE : MAMBAIR_TASK_SUPER_RESOLUTION),
                  "%s: task", s->name);
        }
        mb_net *net = NULL;
        st = mb_net_create(&td, &net, &err);
        CHECK(st == MAMBAIR_OK, "%s: net: %s", s->name, err.message);
        mb_net_free(net);
        mb_tensordict_free(&td);
    }

    /* errors: smaller models keep this quick */
    spec small = {"small classic", 3, 180, 2, 1, 16, 216, 12, 2, 1, 0};
    tweak t1 = {.skip = "layers.0.residual_group.blocks.0.self_attention.A_logs"};
    expect_error(&small, &t1, MAMBAIR_ERR_UNSUPPORTED,
                 "not a MambaIR v1 checkpoint: missing layers.0.residual_group.blocks.0.self_attention.A_logs");
    tweak t2 = {.reshape = "layers.1.conv.weight", .ndim = 4, .shape = {60, 60, 3, 3}};
    expect_error(&small, &t2, MAMBAIR_ERR_UNSUPPORTED,
                 "layers.1.conv.weight has shape [60,60,3,3], expected [180,180,3,3]");
    tweak t3 = {.nan = "layers.1.residual_group.blocks.0.ln_2.bias"};
    expect_error(&small, &t3, MAMBAIR_ERR_FORMAT, "layers.1.residual_group.blocks.0.ln_2.bias");
    spec tiny = {"C below 30", 3, 24, 1, 1, 4, 48, 2, 2, 1, 0};
    expect_error(&tiny, NULL, MAMBAIR_ERR_UNSUPPORTED, "below 30");
    tweak t4 = {.skip = "upsample.0.weight"};
    spec light = {"light missing head", 3, 60, 1, 1, 10, 72, 4, 1, 2, 0};
    expect_error(&light, &t4, MAMBAIR_ERR_UNSUPPORTED, "pixelshuffledirect");

    /* a foreign checkpoint */
    mb_tensordict td = {0};
    total_numel = 0;
    for (int i = 0; i < 78; i++) {
        char name[64];
        snprintf(name, sizeof name, i == 0 ? "conv.weight" : "body.%d.weight", i);
        add(&td, NULL, name, 1, 4, 0, 0, 0);
    }
    mb_net *net = NULL;
    mambair_error err = {0};
    mambair_status st = mb_net_create(&td, &net, &err);
    CHECK(st == MAMBAIR_ERR_UNSUPPORTED &&
              strstr(err.message, "this file holds 78 tensors but no MambaIR layers (first: conv.weight)"),
          "foreign file: \"%s\"", err.message);
    printf("  refused as expected: %s\n", err.message);
    mb_tensordict_free(&td);

    /* a SwinIR-like file: same group names, window attention inside */
    mb_tensordict sw = {0};
    const char *swin[] = {"conv_first.weight", "layers.0.residual_group.blocks.0.norm1.weight",
                          "layers.0.residual_group.blocks.0.attn.qkv.weight", "layers.0.conv.weight"};
    for (size_t i = 0; i < sizeof swin / sizeof swin[0]; i++)
        add(&sw, NULL, swin[i], i == 0 ? 4 : 1, i == 0 ? 180 : 4, 3, 3, 3);
    st = mb_net_create(&sw, &net, &err);
    CHECK(st == MAMBAIR_ERR_UNSUPPORTED && strstr(err.message, "SwinIR"), "SwinIR-like file: \"%s\"",
          err.message);
    printf("  refused as expected: %s\n", err.message);
    mb_tensordict_free(&sw);

    printf(g_failures ? "%d check(s) failed\n" : "all checks passed\n", g_failures);
    return g_failures ? 1 : 0;
}
