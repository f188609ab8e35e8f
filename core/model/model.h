/*
 * model.h — a MambaIR v1 model in memory: configuration (config.c) and the
 * weights, shape-checked and repacked once for the kernels (weights.c).
 */
#ifndef MB_MODEL_H
#define MB_MODEL_H

#include "../io/tensordict.h"

/* Limits on sizes read from files (hostile files must not exhaust memory). */
#define MB_MAX_EMBED_DIM 1024
#define MB_MAX_DEPTH 64
#define MB_SCAN_MAX_STATE 64
#define MB_MAX_INNER 8192
#define MB_MAX_SCALE 8

mambair_status mb_config_detect(const mb_tensordict *td, mambair_config *cfg, mambair_error *err);
/* SPEC §8 parameter count of a configuration. */
int64_t mb_config_count_params(const mambair_config *cfg);

/* Check that `name` exists with exactly this shape and a float type; the
 * message names the tensor and both shapes. */
mambair_status mb_expect_shape(const mb_tensordict *td, const char *name, int ndim,
                               const int64_t *shape, const mb_tensor **out, mambair_error *err);
void mb_shape_string(int ndim, const int64_t *shape, char *buf, size_t size);

/* A 3x3 dense conv: wp {9, cin, cout} (op_conv3x3_repack), b {cout}. */
typedef struct mb_conv_w {
    float *wp, *b;
    int64_t cin, cout;
} mb_conv_w;

typedef struct mb_block_w {
    float *skip, *skip2;              /* {C}                                   */
    float *ln1_w, *ln1_b, *ln2_w, *ln2_b;
    float *in_proj;                   /* {2Din, C}   PyTorch layout            */
    float *dw_wp, *dw_b;              /* {9, Din} tap-major, {Din}              */
    float *x_proj;                    /* {4(R+2N), Din}                         */
    float *dt_wt;                     /* {4, R, Din}: dt_projs_weight transposed */
    float *dt_b;                      /* {4, Din}                               */
    float *a;                         /* {4, N, Din}: -exp(A_logs), transposed  */
    float *d;                         /* {4, Din}                               */
    float *on_w, *on_b;               /* out_norm {Din}                         */
    float *out_proj;                  /* {C, Din}                               */
    /* CAB classic: c0 (C -> C/3, 3x3), c2 (C/3 -> C, 3x3)
       CAB light:   p0 (1x1 C -> C/2) {C/2, C}, dw1 {9, C/2}, p3 {C, C/2}, dw4 {9, C} dil 2 */
    mb_conv_w c0, c2;
    float *p0_w, *p0_b, *dw1_wp, *dw1_b, *p3_w, *p3_b, *dw4_wp, *dw4_b;
    float *ca1_w, *ca1_b, *ca3_w, *ca3_b; /* {q, C}, {q}, {C, q}, {C}            */
} mb_block_w;

typedef struct mb_weights {
    mambair_config cfg;
    int n_blocks;
    mb_conv_w conv_first;
    float *pe_w, *pe_b;               /* patch_embed.norm                       */
    mb_block_w *blocks;               /* all blocks, group by group             */
    mb_conv_w group_conv[MAMBAIR_MAX_GROUPS];
    float *norm_w, *norm_b;
    mb_conv_w conv_after_body;
    mb_conv_w before_up;              /* pixelshuffle: C -> 64                  */
    mb_conv_w up[2];                  /* pixelshuffle stages / direct: up[0]    */
    int n_up;
    mb_conv_w conv_last;              /* pixelshuffle: 64 -> Cin; residual C -> Cin */
    float mean[3];                    /* SPEC §1: not stored in the file        */
    float *arena;
    size_t arena_used, arena_size;    /* floats                                 */
} mb_weights;

mambair_status mb_weights_load(const mb_tensordict *td, const mambair_config *cfg, mb_weights *w,
                               mambair_error *err);
void mb_weights_free(mb_weights *w);

#endif /* MB_MODEL_H */
