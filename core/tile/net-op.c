/* net-op.c — the network as a tile op: mb_tiler_run() on an mb_net. */
#include "tiler.h"

static size_t net_workspace_size(const void *self, int h, int w, int n_threads) {
    return mb_net_workspace_size(self, h, w, n_threads);
}

static mambair_status net_forward(const void *self, const float *in, int h, int w, float *out,
                                  void *workspace, int n_threads, mb_step_fn step,
                                  void *step_user, mambair_error *err) {
    return mb_net_forward(self, in, h, w, out, workspace, n_threads, step, step_user, err);
}

static mb_tile_op net_op(const mb_net *net) {
    const mambair_config *cfg = mb_net_config(net);
    mb_tile_op op = {
        .chans = cfg->in_chans,
        .upscale = cfg->upscale,
        .n_steps = mb_net_n_steps(net),
        .workspace_size = net_workspace_size,
        .forward = net_forward,
        .self = net,
    };
    return op;
}

mambair_status mb_tiler_run(const mb_net *net, const float *in, int width, int height,
                            float *out, const mambair_run_options *opt, mambair_error *err) {
    MB_ASSERT(net);
    mb_tile_op op = net_op(net);
    return mb_tiler_run_op(&op, in, width, height, out, opt, err);
}

size_t mb_tiler_memory_estimate(const mb_net *net, int width, int height,
                                const mambair_run_options *opt) {
    MB_ASSERT(net);
    mb_tile_op op = net_op(net);
    return mb_tiler_memory_estimate_op(&op, width, height, opt);
}
