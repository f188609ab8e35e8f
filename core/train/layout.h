/*
 * layout.h — where each parameter of a MambaIR v1 network lives in one flat
 * array, under its state-dict name and shape (SPEC §8), in state-dict order.
 *
 * The trainer keeps parameters, gradients and Adam moments as flat arrays of
 * this layout, so the optimizer is one loop and a checkpoint is a walk over
 * the table.
 */
#ifndef MB_TRAIN_LAYOUT_H
#define MB_TRAIN_LAYOUT_H

#include "../io/tensordict.h"

#define TR_NAME_MAX 96

typedef struct tr_param {
    char name[TR_NAME_MAX];
    int ndim;
    int64_t shape[4];
    int64_t numel;
    int64_t offset; /* into the flat array */
} tr_param;

/* Offsets of one residual state-space block's parameters. The conv block
 * uses c0..c3 as: classic cab.0, cab.2 (c2, c3 unused); light cab.0, cab.1,
 * cab.3, cab.4. */
typedef struct tr_block_off {
    int64_t skip, skip2, ln1_w, ln1_b, xproj, dtw, dtb, alogs, ds, inproj, convw, convb, onw,
        onb, outproj;
    int64_t c0w, c0b, c1w, c1b, c2w, c2b, c3w, c3b, ca1w, ca1b, ca3w, ca3b, ln2_w, ln2_b;
} tr_block_off;

typedef struct tr_layout {
    mambair_config cfg;
    int n_blocks;         /* sum of depths */
    int cab_hidden;       /* C/3 (classic) or C/2 (light) */
    int ca_hidden;        /* C/30 */
    int n_stages;         /* pixelshuffle head: number of conv+shuffle stages */
    int stage_r[2];       /* their shuffle factors */
    int64_t total;        /* number of reals */
    int64_t count;        /* number of tensors */
    tr_param *params;     /* count entries */
    int64_t conv_first_w, conv_first_b, pe_w, pe_b, norm_w, norm_b, cab_w, cab_b;
    int64_t group_w[MAMBAIR_MAX_GROUPS], group_b[MAMBAIR_MAX_GROUPS];
    tr_block_off *blocks; /* n_blocks, group-major */
    /* head: pixelshuffle: conv_before_upsample.0 (hb), upsample.{0,2} (up), conv_last (last);
     * pixelshuffledirect: upsample.0 (up[0]); residual: conv_last (last). */
    int64_t hb_w, hb_b, up_w[2], up_b[2], last_w, last_b;
} tr_layout;

/* Build the table for a configuration. Checks that the configuration can
 * run (C >= 30 for channel attention, scale 2/3/4 for pixelshuffle, ...). */
mambair_status tr_layout_build(const mambair_config *cfg, tr_layout *lay, mambair_error *err);
void tr_layout_free(tr_layout *lay);

/* A configuration from the parameter names and shapes of a model file. */
mambair_status tr_config_from_dict(const mb_tensordict *td, mambair_config *cfg,
                                   mambair_error *err);

/* Copy every parameter from td (F32 or F64) into the flat array p (float or
 * double per `f64`), checking names and shapes. Missing or mis-shaped
 * tensors are errors that name the tensor. With `skip_head` the head
 * tensors are left untouched (fine-tuning to another scale). */
mambair_status tr_layout_load(const tr_layout *lay, const mb_tensordict *td, void *p, bool f64,
                              bool skip_head, mambair_error *err);

/* Fine-tuning into a deeper model: td holds a model with the first n_src
 * residual groups of lay (same depths, same everything else). Loads as
 * tr_layout_load, except the groups from n_src on, which keep what p holds
 * (their initialisation) but with their closing convolution set to zero:
 * each new group then adds nothing to its input, so the deeper network starts
 * as exactly the source, and the new blocks learn once that convolution
 * moves. A model with more groups than n_src is refused. */
mambair_status tr_layout_load_grown(const tr_layout *lay, const mb_tensordict *td, float *p,
                                    bool skip_head, int n_src, mambair_error *err);

/* Fine-tuning into a model twice as wide: td holds a model with half of
 * lay's embed_dim and d_inner and the same everything else. Every channel of
 * the source becomes two (new channel i is source channel i/2, so the
 * scan's per-direction blocks and in_proj's two halves stay in place):
 * per-channel tensors and the output rows of weights are copied, the weights
 * over a doubled input are halved between the two copies, one copy a little
 * more and the other as much less (random, for `seed`), so the copies can
 * learn apart. LayerNorm sees each value twice, which keeps its mean and
 * variance: the wider network starts as exactly the source (to rounding).
 * Channel attention's C/30 squeeze grows by new channels that nothing reads
 * yet. */
mambair_status tr_layout_load_widened(const tr_layout *lay, const mb_tensordict *td, float *p, uint64_t seed,
                                      mambair_error *err);

/* Default initialisation, as the official constructor (SPEC §11.8): trunc-
 * normal(0.02) linears, PyTorch default convs, LN 1/0, A_logs = log(1..N),
 * Ds 1, skip scales 1, dt bias inverse-softplus of U[1e-3, 1e-1] log-uniform.
 * Deterministic for a seed. `head_only` re-initialises the head only. */
void tr_layout_init(const tr_layout *lay, float *p, uint64_t seed, bool head_only);

/* Index of the tensor whose name is `name`, or -1. */
int64_t tr_layout_find(const tr_layout *lay, const char *name);

/* True for tensors of the head (depend on the scale). */
bool tr_param_is_head(const tr_layout *lay, int64_t i);

#endif
