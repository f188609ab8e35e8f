/*
 * forward.c — the whole network on one image (SPEC §4-§7); the net is
 * read-only, all scratch comes from the caller's workspace (plan.c).
 *
 * Threads: every op is split over the pool by rows (positions) or, for the
 * scan, by direction pairs and channel chunks. GEMMs run inside those splits
 * with OpenBLAS held at one thread, so the two never oversubscribe the cores;
 * on the network's shapes this was as fast as or faster than OpenBLAS's own
 * two threads (bench-ops gemm).
 */
#include "net-impl.h"

#include "../ops/gemm.h"
#include "../ops/ops.h"
#include "../thread/pool.h"

#include <string.h>

static mb_net_debug_fn debug_fn;
static void *debug_user;

void mb_net_set_debug(mb_net_debug_fn fn, void *user) {
    debug_fn = fn;
    debug_user = user;
}

static void dbg(bool on, const char *name, const float *data, int64_t n) {
    if (on && debug_fn) debug_fn(debug_user, name, data, n);
}

#define LN_EPS 1e-5f /* SPEC §1 */

typedef struct fwd {
    const mb_weights *w;
    int h, wd, nth;
    int64_t L, C, Din, nb;
    float *t, *f, *g0, *xa, *xz, *u, *dbl, *ys, *ys2, *h1, *h2, *pad, *tmp, *e1, *e2, *gate, *mean;
    double *ca_sum;
} fwd;

/* ------------------------------------------------------------ op wrappers */

typedef struct ln_job {
    const float *x;
    float *y;
    int64_t c;
    const float *g, *b;
} ln_job;
static void ln_range(void *p, int64_t b, int64_t e) {
    ln_job *j = p;
    op_layernorm_forward(j->x, j->y, j->c, j->g, j->b, LN_EPS, b, e);
}
static void run_ln(fwd *F, const float *x, float *y, int64_t c, const float *g, const float *b,
                   int64_t rows) {
    ln_job j = {x, y, c, g, b};
    mb_pool_for(F->nth, rows, ln_range, &j);
}

typedef struct lin_job {
    const float *x, *w, *bias;
    float *y;
    int64_t ldx, ldy, n, k;
} lin_job;
static void lin_range(void *p, int64_t b, int64_t e) {
    lin_job *j = p;
    op_linear_forward(j->x, j->ldx, j->w, j->bias, j->y, j->ldy, j->n, j->k, b, e);
}
static void run_linear(fwd *F, const float *x, int64_t ldx, const float *w, const float *bias,
                       float *y, int64_t ldy, int64_t n, int64_t k, int64_t rows) {
    lin_job j = {x, w, bias, y, ldx, ldy, n, k};
    mb_pool_for(F->nth, rows, lin_range, &j);
}

typedef struct conv_job {
    const float *x;
    int h, w;
    const mb_conv_w *cw;
    mb_act act;
    float *y, *pad, *tmp;
} conv_job;
static void conv_pad_range(void *p, int64_t b, int64_t e) {
    conv_job *j = p;
    op_conv3x3_pad(j->x, j->h, j->w, j->cw->cin, j->pad, (int)b, (int)e);
}
static void conv_gemm_range(void *p, int64_t b, int64_t e) {
    conv_job *j = p;
    op_conv3x3_gemm(j->pad, j->h, j->w, j->cw->cin, j->cw->wp, j->cw->cout, j->tmp, b, e);
}
static void conv_unpad_range(void *p, int64_t b, int64_t e) {
    conv_job *j = p;
    op_conv3x3_unpad(j->tmp, j->h, j->w, j->cw->cout, j->cw->b, j->act, j->y, (int)b, (int)e);
}
/* y {h*w, cout} = act(conv3x3(x {h*w, cin})) */
static void run_conv3x3(fwd *F, const float *x, int h, int w, const mb_conv_w *cw, mb_act act,
                        float *y) {
    conv_job j = {x, h, w, cw, act, y, F->pad, F->tmp};
    mb_pool_for(F->nth, h, conv_pad_range, &j);
    mb_pool_for(F->nth, (int64_t)h * (w + 2), conv_gemm_range, &j);
    mb_pool_for(F->nth, h, conv_unpad_range, &j);
}

typedef struct dw_job {
    const float *x, *wp, *b;
    int64_t ldx, ldy, c;
    int h, w, dil;
    mb_act act;
    float *y;
} dw_job;
static void dw_range(void *p, int64_t b, int64_t e) {
    dw_job *j = p;
    op_conv_dw3x3_forward(j->x, j->ldx, j->h, j->w, j->c, j->wp, j->b, j->dil, j->act, j->y, j->ldy,
                          (int)b, (int)e);
}
static void run_dw(fwd *F, const float *x, int64_t ldx, int64_t c, const float *wp, const float *b,
                   int dil, mb_act act, float *y, int64_t ldy) {
    dw_job j = {x, wp, b, ldx, ldy, c, F->h, F->wd, dil, act, y};
    mb_pool_for(F->nth, F->h, dw_range, &j);
}

/* With an even number of threads, half of them run directions 0 and 2 into
 * y and half run 1 and 3 into y2 (summed afterwards): the channel chunks of
 * a small Din (72 = 4.5 chunks) then split evenly. Otherwise threads split
 * the channel chunks of all four directions. */
typedef struct scan_job {
    mb_scan_args all, a[2];
    int64_t chunk;
    int groups_used;
} scan_job;
static void scan_run(void *p, int ith, int nth) {
    scan_job *j = p;
    int groups = nth % 2 == 0 ? 2 : 1;
    if (ith == 0) j->groups_used = groups;
    int g = groups == 2 ? ith % 2 : 0, sub = ith / groups, nsub = nth / groups;
    int64_t n_chunks = (j->all.din + j->chunk - 1) / j->chunk, b, e;
    mb_split_range(n_chunks, sub, nsub, &b, &e);
    int64_t c0 = b * j->chunk, c1 = MB_MIN(e * j->chunk, j->all.din);
    if (c1 > c0) op_scan_forward(groups == 2 ? &j->a[g] : &j->all, c0, c1);
}

/* ys = LN_out(ys) (debug) then ys *= SiLU(z) */
typedef struct gate_job {
    fwd *F;
    const mb_block_w *b;
    int phase;
    const float *ys2; /* the second partial sum of the scan, or NULL */
} gate_job;
static void gate_range(void *p, int64_t b, int64_t e) {
    gate_job *j = p;
    fwd *F = j->F;
    int64_t Din = F->Din;
    if (j->phase == 0) {
        op_layernorm_forward(F->ys, F->ys, Din, j->b->on_w, j->b->on_b, LN_EPS, b, e);
        return;
    }
    if (j->phase == 2) { /* both in one pass */
        op_layernorm_gate_forward(F->ys, j->ys2, F->ys, Din, j->b->on_w, j->b->on_b, LN_EPS,
                                  F->xz + Din, 2 * Din, b, e);
        return;
    }
    for (int64_t r = b; r < e; r++) {
        float *y = F->ys + r * Din;
        const float *z = F->xz + r * 2 * Din + Din;
        for (int64_t d = 0; d < Din; d++) y[d] *= mb_silu(z[d]);
    }
}

/* t = t * scale + add * gate; scale, add, gate may each be NULL (absent) */
typedef struct axpy_job {
    float *t;
    const float *scale, *add, *gate;
    int64_t c;
} axpy_job;
static void axpy_range(void *p, int64_t b, int64_t e) {
    axpy_job *j = p;
    for (int64_t r = b; r < e; r++) {
        float *t = j->t + r * j->c;
        const float *a = j->add ? j->add + r * j->c : NULL;
        if (!a)
            for (int64_t i = 0; i < j->c; i++) t[i] = t[i] * j->scale[i];
        else if (j->gate)
            for (int64_t i = 0; i < j->c; i++) t[i] = t[i] * j->scale[i] + a[i] * j->gate[i];
        else if (j->scale)
            for (int64_t i = 0; i < j->c; i++) t[i] = t[i] * j->scale[i] + a[i];
        else
            for (int64_t i = 0; i < j->c; i++) t[i] = t[i] + a[i];
    }
}
static void run_axpy(fwd *F, float *t, const float *scale, const float *add, int64_t c, int64_t rows) {
    axpy_job j = {t, scale, add, NULL, c};
    mb_pool_for(F->nth, rows, axpy_range, &j);
}
static void run_axpy_gated(fwd *F, float *t, const float *scale, const float *add,
                           const float *gate, int64_t c, int64_t rows) {
    axpy_job j = {t, scale, add, gate, c};
    mb_pool_for(F->nth, rows, axpy_range, &j);
}

typedef struct acc_job {
    const float *x, *w;
    float *y;
    int64_t ldx, ldy, n, k;
} acc_job;
static void acc_range(void *p, int64_t b, int64_t e) {
    acc_job *j = p;
    op_linear_accumulate_forward(j->x, j->ldx, j->w, j->y, j->ldy, j->n, j->k, b, e);
}

/* channel attention: per-thread sums, then gate, then scale in place */
typedef struct ca_job {
    fwd *F;
    float *t;
} ca_job;
static void ca_sum_run(void *p, int ith, int nth) {
    ca_job *j = p;
    int64_t b, e;
    mb_split_range(j->F->L, ith, nth, &b, &e);
    op_ca_partial_sum(j->t, j->F->C, b, e, j->F->ca_sum + ith * j->F->C);
}
static void ca_apply_range(void *p, int64_t b, int64_t e) {
    ca_job *j = p;
    op_ca_apply(j->t, j->F->C, j->F->gate, b, e);
}
/* the gate only (apply = false: the caller folds t * gate into its add) */
static void run_ca(fwd *F, float *t, const mb_block_w *bw, bool apply) {
    int nth = (int)MB_MIN(MB_MIN((int64_t)F->nth, F->L), MB_POOL_MAX_THREADS);
    ca_job j = {F, t};
    memset(F->ca_sum, 0, (size_t)nth * (size_t)F->C * sizeof(double));
    mb_pool_run(nth, ca_sum_run, &j);
    for (int64_t i = 0; i < F->C; i++) {
        double s = 0.0;
        for (int k = 0; k < nth; k++) s += F->ca_sum[k * F->C + i];
        F->mean[i] = (float)(s / (double)F->L);
    }
    op_ca_gate(F->mean, F->C, F->C / 30, bw->ca1_w, bw->ca1_b, bw->ca3_w, bw->ca3_b, F->gate);
    if (apply) mb_pool_for(F->nth, F->L, ca_apply_range, &j);
}

/* ------------------------------------------------------------ the network */

static void block_forward(fwd *F, const mb_block_w *b, bool dbg_on) {
    const mambair_config *cfg = &F->w->cfg;
    int64_t L = F->L, C = F->C, Din = F->Din, R = cfg->dt_rank;

    /* SS2D branch (SPEC §6.1) */
    run_ln(F, F->t, F->xa, C, b->ln1_w, b->ln1_b, L);
    dbg(dbg_on, "03_b0_ln1", F->xa, L * C);
    run_linear(F, F->xa, C, b->in_proj, NULL, F->xz, 2 * Din, 2 * Din, C, L);
    dbg(dbg_on, "04_b0_ss2d_in_proj", F->xz, L * 2 * Din);
    run_dw(F, F->xz, 2 * Din, Din, b->dw_wp, b->dw_b, 1, MB_ACT_SILU, F->u, Din);
    dbg(dbg_on, "06_b0_ss2d_dwconv_silu", F->u, L * Din);
    /* x_proj of all four directions as one GEMM: directions only permute positions */
    run_linear(F, F->u, Din, b->x_proj, NULL, F->dbl, 4 * F->nb, 4 * F->nb, Din, L);
    mb_scan_args sa = {F->h, F->wd, Din, cfg->d_state, R, F->u, Din, F->dbl, 4 * F->nb, b->dt_wt,
                       b->dt_b, b->a, b->d, F->ys, Din, 0, 0};
    scan_job sj = {sa, {sa, sa}, op_scan_chunk(), 1};
    sj.a[0].o_begin = 0; /* directions 0, 2 */
    sj.a[0].o_end = 2;
    sj.a[1].o_begin = 2; /* directions 1, 3 */
    sj.a[1].o_end = 4;
    sj.a[1].y = F->ys2;
    if (sj.chunk < 1) sj.chunk = 1;
    mb_pool_run(F->nth, scan_run, &sj);
    /* out_norm(y0 + y2 + (y1 + y3)) * SiLU(z) in one pass */
    gate_job gj = {F, b, 2, sj.groups_used == 2 ? F->ys2 : NULL};
    if (dbg_on) { /* the debug hook wants out_norm before the gate */
        if (gj.ys2) run_axpy(F, F->ys, NULL, F->ys2, Din, L);
        gj.phase = 0;
        mb_pool_for(F->nth, L, gate_range, &gj);
        dbg(dbg_on, "16_b0_ss2d_out_norm", F->ys, L * Din);
        gj.phase = 1;
    }
    mb_pool_for(F->nth, L, gate_range, &gj);
    dbg(dbg_on, "17_b0_ss2d_gated", F->ys, L * Din);
    if (dbg_on) {
        run_linear(F, F->ys, Din, b->out_proj, NULL, F->xa, C, C, Din, L);
        dbg(dbg_on, "18_b0_ss2d_out", F->xa, L * C);
        run_axpy(F, F->t, b->skip, F->xa, C, L); /* A = X·skip_scale + SS2D(LN(X)) */
    } else { /* the same, with out_proj accumulating straight into X·skip_scale */
        run_axpy(F, F->t, b->skip, NULL, C, L);
        acc_job aj = {F->ys, b->out_proj, F->t, Din, C, C, Din};
        mb_pool_for(F->nth, L, acc_range, &aj);
    }

    /* CAB branch (SPEC §6.3) */
    run_ln(F, F->t, F->xa, C, b->ln2_w, b->ln2_b, L);
    dbg(dbg_on, "19_b0_ln2", F->xa, L * C);
    if (cfg->light_cab) {
        int64_t c2 = C / 2;
        run_linear(F, F->xa, C, b->p0_w, b->p0_b, F->h1, c2, c2, C, L);
        run_dw(F, F->h1, c2, c2, b->dw1_wp, b->dw1_b, 1, MB_ACT_GELU, F->h2, c2);
        run_linear(F, F->h2, c2, b->p3_w, b->p3_b, F->h1, C, C, c2, L);
        run_dw(F, F->h1, C, C, b->dw4_wp, b->dw4_b, 2, MB_ACT_NONE, F->h2, C);
    } else {
        run_conv3x3(F, F->xa, F->h, F->wd, &b->c0, MB_ACT_GELU, F->h1);
        run_conv3x3(F, F->h1, F->h, F->wd, &b->c2, MB_ACT_NONE, F->h2);
    }
    run_ca(F, F->h2, b, dbg_on);
    dbg(dbg_on, "20_b0_cab_ca_scale", F->gate, C);
    dbg(dbg_on, "21_b0_cab_out", F->h2, L * C);
    if (dbg_on)
        run_axpy(F, F->t, b->skip2, F->h2, C, L);
    else /* Z = A·skip_scale2 + CAB(...) with the channel-attention gate folded in */
        run_axpy_gated(F, F->t, b->skip2, F->h2, F->gate, C, L);
    dbg(dbg_on, "22_b0_out", F->t, L * C);
}

typedef struct io_job {
    fwd *F;
    const float *in;
    float *out;
    const float *src; /* channels-last head output */
    int64_t n_pix;
    int mode;         /* 0: planar in -> normalised tokens; 1: residual out; 2: SR out */
} io_job;
static void io_range(void *p, int64_t b, int64_t e) {
    io_job *j = p;
    const mb_weights *w = j->F->w;
    int cin = w->cfg.in_chans;
    for (int64_t i = b; i < e; i++)
        for (int c = 0; c < cin; c++) {
            float m = w->mean[c];
            switch (j->mode) {
            case 0: j->F->e1[i * cin + c] = j->in[c * j->n_pix + i] - m; break;
            case 1: /* SPEC §4: out = x + conv_last(t), then + mean */
                j->out[c * j->n_pix + i] = ((j->in[c * j->n_pix + i] - m) + j->src[i * cin + c]) + m;
                break;
            default: j->out[c * j->n_pix + i] = j->src[i * cin + c] + m; break;
            }
        }
}

typedef struct shuf_job {
    const float *x;
    float *y;
    int h, w, r;
    int64_t c;
} shuf_job;
static void shuf_range(void *p, int64_t b, int64_t e) {
    shuf_job *j = p;
    op_pixel_shuffle_forward(j->x, j->h, j->w, j->c, j->r, j->y, (int)b, (int)e);
}

mambair_status mb_net_forward(const mb_net *net, const float *in, int h, int w, float *out,
                              void *workspace, int n_threads, mb_step_fn step, void *step_user,
                              mambair_error *err) {
    if (!net || !in || !out || !workspace || h < 1 || w < 1)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "forward: bad arguments");
    if (n_threads < 1) n_threads = mb_cpu_count();
    mb_plan pl;
    if (!mb_plan_make(net, h, w, n_threads, &pl))
        return mb_error_set(err, MAMBAIR_ERR_LIMIT, "image %dx%d is too large", w, h);
    const mb_weights *W = &net->w;
    const mambair_config *cfg = &W->cfg;
    float *ws = (float *)(((uintptr_t)workspace + 63) & ~(uintptr_t)63);
    fwd F = {W, h, w, n_threads, (int64_t)h * w, cfg->embed_dim, cfg->d_inner,
             cfg->dt_rank + 2 * cfg->d_state,
             ws + pl.t, ws + pl.f, ws + pl.g0, ws + pl.xa, ws + pl.xz, ws + pl.u, ws + pl.dbl,
             ws + pl.ys, ws + pl.ys2, ws + pl.h1, ws + pl.h2, ws + pl.pad, ws + pl.tmp, ws + pl.e1,
             ws + pl.e2, ws + pl.gate, ws + pl.mean, (double *)(ws + pl.ca_sum)};
    int64_t L = F.L, C = F.C;
    int n_steps = mb_net_n_steps(net), done = 0;
    bool dbg0 = debug_fn != NULL;
    mambair_status st = MAMBAIR_OK;
    unsigned ftz = mb_cpu_ftz_enter();
    mb_gemm_set_threads(1); /* we split GEMMs ourselves */

#define STEP()                                                                             \
    do {                                                                                   \
        done++;                                                                            \
        if (step && step(step_user, done, n_steps)) {                                      \
            st = mb_error_set(err, MAMBAIR_ERR_CANCELLED, "cancelled");                    \
            goto out;                                                                      \
        }                                                                                  \
    } while (0)

    /* stem: x = in - mean; f = conv_first(x); T = LN(f) (SPEC §4) */
    io_job ij = {&F, in, out, NULL, L, 0};
    mb_pool_for(F.nth, L, io_range, &ij);
    run_conv3x3(&F, F.e1, h, w, &W->conv_first, MB_ACT_NONE, F.f);
    dbg(dbg0, "01_conv_first", F.f, L * C);
    run_ln(&F, F.f, F.t, C, W->pe_w, W->pe_b, L);
    dbg(dbg0, "02_patch_embed_ln", F.t, L * C);
    STEP();

    int bi = 0;
    for (int g = 0; g < cfg->n_groups; g++) {
        memcpy(F.g0, F.t, (size_t)(L * C) * sizeof(float));
        for (int b = 0; b < cfg->depths[g]; b++, bi++) {
            block_forward(&F, &W->blocks[bi], dbg0 && bi == 0);
            STEP();
        }
        run_conv3x3(&F, F.t, h, w, &W->group_conv[g], MB_ACT_NONE, F.xa);
        run_axpy(&F, F.xa, NULL, F.g0, C, L);
        float *sw = F.t; /* the group output becomes the tokens */
        F.t = F.xa;
        F.xa = sw;
        dbg(dbg0 && g == 0, "23_group0_out", F.t, L * C);
        STEP();
    }
    run_ln(&F, F.t, F.xa, C, W->norm_w, W->norm_b, L);
    dbg(dbg0, "24_body_final_ln", F.xa, L * C);
    run_conv3x3(&F, F.xa, h, w, &W->conv_after_body, MB_ACT_NONE, F.t);
    dbg(dbg0, "26_conv_after_body", F.t, L * C);
    run_axpy(&F, F.t, NULL, F.f, C, L); /* long skip */
    dbg(dbg0, "27_body_plus_skip", F.t, L * C);

    int s = cfg->upscale, cin = cfg->in_chans;
    int64_t n_out = L * s * s;
    ij.mode = 2;
    switch (cfg->head) {
    case MAMBAIR_HEAD_PIXELSHUFFLE: {
        run_conv3x3(&F, F.t, h, w, &W->before_up, MB_ACT_LEAKY_RELU, F.e1);
        dbg(dbg0, "28_conv_before_upsample_lrelu", F.e1, L * 64);
        int hh = h, ww = w, r = s == 3 ? 3 : 2;
        for (int u = 0; u < W->n_up; u++) {
            run_conv3x3(&F, F.e1, hh, ww, &W->up[u], MB_ACT_NONE, F.e2);
            shuf_job sj = {F.e2, F.e1, hh, ww, r, 64};
            mb_pool_for(F.nth, hh, shuf_range, &sj);
            hh *= r;
            ww *= r;
        }
        dbg(dbg0, "29_upsample", F.e1, (int64_t)hh * ww * 64);
        run_conv3x3(&F, F.e1, hh, ww, &W->conv_last, MB_ACT_NONE, F.e2);
        dbg(dbg0, "30_conv_last", F.e2, n_out * cin);
        ij.src = F.e2;
        break;
    }
    case MAMBAIR_HEAD_PIXELSHUFFLE_DIRECT: {
        run_conv3x3(&F, F.t, h, w, &W->up[0], MB_ACT_NONE, F.e2);
        shuf_job sj = {F.e2, F.e1, h, w, s, cin};
        mb_pool_for(F.nth, h, shuf_range, &sj);
        ij.src = F.e1;
        break;
    }
    default:
        run_conv3x3(&F, F.t, h, w, &W->conv_last, MB_ACT_NONE, F.e2);
        ij.src = F.e2;
        ij.mode = 1;
        break;
    }
    ij.n_pix = n_out;
    mb_pool_for(F.nth, n_out, io_range, &ij);
    dbg(dbg0, "31_output", out, n_out * cin);
    STEP();
out:
    mb_cpu_ftz_leave(ftz);
    return st;
#undef STEP
}
