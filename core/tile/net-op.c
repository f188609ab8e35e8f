/* net-op.c — the network as a tile op: mb_tiler_run() on an mb_net. */
#include "cost.h"
#include "plan.h"

static size_t net_workspace_size(const void *self, int h, int w, int n_threads) {
    return mb_net_workspace_size(self, h, w, n_threads);
}

static mambair_status net_forward(const void *self, const float *in, int h, int w, float *out,
                                  void *workspace, int n_threads, mb_step_fn step,
                                  void *step_user, mambair_error *err) {
    return mb_net_forward(self, in, h, w, out, workspace, n_threads, step, step_user, err);
}

static double net_forward_cost(const void *self, int h, int w, int n_threads) {
    return mb_tile_cost_forward(mb_net_config(self), h, w, n_threads);
}

mb_tile_op mb_tiler_net_op(const mb_net *net) {
    const mambair_config *cfg = mb_net_config(net);
    mb_tile_op op = {
        .chans = cfg->in_chans,
        .upscale = cfg->upscale,
        .n_steps = mb_net_n_steps(net),
        .workspace_size = net_workspace_size,
        .forward = net_forward,
        .self = net,
        .forward_cost = net_forward_cost,
        .context_px = mb_net_context_px(net),
    };
    return op;
}

mambair_status mb_tiler_run(const mb_net *net, const float *in, int width, int height,
                            float *out, const mambair_run_options *opt, mambair_error *err) {
    MB_ASSERT(net);
    mb_tile_op op = mb_tiler_net_op(net);
    return mb_tiler_run_op(&op, in, width, height, out, opt, err);
}

size_t mb_tiler_memory_estimate(const mb_net *net, int width, int height,
                                const mambair_run_options *opt) {
    MB_ASSERT(net);
    mb_tile_op op = mb_tiler_net_op(net);
    return mb_tiler_memory_estimate_op(&op, width, height, opt);
}

mambair_status mb_tiler_plan(const mb_net *net, int width, int height,
                             const mambair_run_options *opt, mambair_run_plan *plan,
                             mambair_error *err) {
    MB_ASSERT(net && opt && plan);
    *plan = (mambair_run_plan){0};
    if (width < 1 || height < 1)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "image size %dx%d is empty", width,
                            height);
    mb_tile_op op = mb_tiler_net_op(net);
    mb_tile_plan p;
    mambair_status st = mb_tile_plan_make(&op, width, height, opt, &p, err);
    if (st != MAMBAIR_OK) return st;
    *plan = (mambair_run_plan){.tile_width = p.tile_w, .tile_height = p.tile_h, .tiles_x = p.nx,
                               .tiles_y = p.ny, .overlap = p.nx * p.ny > 1 ? p.overlap : 0,
                               .bytes = p.bytes, .seconds = p.cost};
    return MAMBAIR_OK;
}
