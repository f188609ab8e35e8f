/* cost.c — predicted time of a forward from the network's configuration
 * (the model is described in cost.h and docs/tiling.md). */
#include "cost.h"

#include <math.h>

/* Machine constants, fitted to bench/bench-tiles and `mambair bench --sweep`
 * on a 2-core AMD EPYC VM with AVX-512 (AVX-512 scan, OpenBLAS SkylakeX
 * kernels): seconds per unit, per thread. On a CPU with AVX2 only the
 * network takes about twice these times with the same shape against the
 * tile edge, so the plans rank the same (docs/tiling.md); only the ranking
 * is used, the dialog's time estimate is measured.
 * Per-pixel CPU time showed no trend with the tile edge (32-512 px) for the
 * five configurations measured, and k_mac * MACs + k_scan * updates +
 * k_byte * bytes predicts it within 17 % from 64 px up (docs/tiling.md).
 * What grew with the tile was first touching new memory, which on this VM
 * costs ~10 us per 4 KiB page (guest and host faults): a whole 768x512 run
 * of the built-in x2 model, 1.3 GB of workspace, spent 60 % of its CPU time
 * there. K_SYNC is the barrier measured on an idle machine; on a busy one a
 * barrier costs more (docs/tiling.md). */
#define K_MAC 1.9e-11        /* one multiply-add in a GEMM or a convolution     */
#define K_SCAN 2.0e-11       /* one state update of the scan (exp + 3 FMAs)     */
#define K_BYTE_CACHE 1.25e-10 /* one byte streamed by an element-wise op, in cache */
#define K_BYTE_MEM 1.6e-10   /* the same with the working set out of cache      */
#define WS_KNEE 128.0e6      /* working set (bytes) where k_byte is half-way    */
#define WS_WIDTH 1.0         /* width of that rise, in octaves                  */
#define K_SYNC 1.5e-5        /* one barrier of the thread pool (bench-tiles)    */
#define K_TOUCH 2.0e-9       /* first touch of one byte of new memory           */
#define K_BLEND 2.0e-9       /* blend and stage one output value                */
#define K_FILE 4.0e-9        /* write and read back one output value (file sink) */

typedef struct counts {
    double macs, scan, bytes, ws; /* per input pixel; ws = workspace bytes    */
    double syncs;                 /* per forward                              */
} counts;

static counts count(const mambair_config *cfg) {
    const double C = cfg->embed_dim, Din = cfg->d_inner, N = cfg->d_state, R = cfg->dt_rank;
    const double nb = R + 2 * N, cin = cfg->in_chans, s2 = (double)cfg->upscale * cfg->upscale;
    const double c2 = (double)(cfg->embed_dim / 2), c3 = (double)(cfg->embed_dim / 3);
    int n_blocks = 0;
    for (int g = 0; g < cfg->n_groups; g++) n_blocks += cfg->depths[g];
    counts k = {0};
    /* per block (SPEC §6): in_proj, x_proj of 4 directions, out_proj, the
     * conv block; the depthwise 3x3 is element-wise work (bytes) */
    double cab = cfg->light_cab ? 2 * C * c2 : 18 * C * c3;
    k.macs = n_blocks * (2 * C * Din + 4 * Din * nb + Din * C + cab);
    k.macs += 9 * cin * C + (cfg->n_groups + 1) * 9 * C * C; /* stem, group convs, after body */
    double head_e = cin;                                        /* channels of the head buffers */
    switch (cfg->head) {
    case MAMBAIR_HEAD_PIXELSHUFFLE: {
        int r = cfg->upscale == 3 ? 3 : 2, stages = cfg->upscale == 4 ? 2 : 1;
        k.macs += 9 * C * 64 + 9 * 64 * cin * s2;
        for (int st = 0, px = 1; st < stages; st++, px *= r * r) k.macs += px * 9.0 * 64 * 64 * r * r;
        head_e = 64;
        break;
    }
    case MAMBAIR_HEAD_PIXELSHUFFLE_DIRECT: k.macs += 9 * C * s2 * cin; break;
    default: k.macs += 9 * C * cin; break;
    }
    /* scan: 4 directions, Din channels, N states each, plus dt and softplus */
    k.scan = n_blocks * 4 * Din * (N + R / 4 + 2);
    /* floats read or written by the element-wise ops of a block: layer
     * norms, depthwise convs, the scan's u / dbl / y streams, gates, skips */
    double blk = 20 * C + 20 * Din + 8 * nb + (cfg->light_cab ? 3 * C : 8 * C);
    k.bytes = 4 * (n_blocks * blk + cfg->n_groups * 12 * C + 12 * C + 4 * s2 * head_e);
    /* workspace (net/plan.c): token buffers, scan buffers, conv scratch, head */
    k.ws = 4 * (8 * C + 5 * Din + 4 * nb + 2 * s2 * head_e);
    int cab_syncs = cfg->light_cab ? 4 : 6;
    k.syncs = n_blocks * (12.0 + cab_syncs) + cfg->n_groups * 5.0 + 12;
    return k;
}

double mb_tile_cost_forward(const mambair_config *cfg, int h, int w, int n_threads) {
    MB_ASSERT(cfg && h > 0 && w > 0);
    counts k = count(cfg);
    double L = (double)h * w, nth = n_threads < 1 ? 1 : n_threads;
    double ws = L * k.ws;
    /* logistic in log2(ws): the share of streamed bytes that miss the caches */
    double miss = 1.0 / (1.0 + exp(-(log2(ws) - log2(WS_KNEE)) / WS_WIDTH));
    double k_byte = K_BYTE_CACHE + (K_BYTE_MEM - K_BYTE_CACHE) * miss;
    double t = L * (k.macs * K_MAC + k.scan * K_SCAN) / nth + L * k.bytes * k_byte / nth;
    if (nth > 1) t += k.syncs * K_SYNC;
    return t;
}

double mb_tile_cost_touch(size_t bytes) { return (double)bytes * K_TOUCH; }

double mb_tile_cost_assemble(double out_floats, bool file) {
    return out_floats * (K_BLEND + (file ? K_FILE : 0.0));
}
