/*
 * tiler.h — run the network on an image of any size: tiles with overlap
 * blending, memory budget, threads, progress, cancel, self-ensemble.
 *
 * The tiler does not know the network: it drives an mb_tile_op, a per-tile
 * function with its workspace size. mb_tiler_run() wraps mb_net_forward() in
 * one; tests use simple per-pixel ops to check the tiling itself exactly.
 */
#ifndef MB_TILER_H
#define MB_TILER_H

#include "../net/net.h"

/* A function on one planar tile: in {chans, h, w} -> out {chans, h*upscale,
 * w*upscale}. It must call step(step_user, k, n_steps) after each of its
 * n_steps steps and return MAMBAIR_ERR_CANCELLED when step returns non-zero. */
typedef struct mb_tile_op {
    int chans;   /* channels in and out (1 or 3)            */
    int upscale; /* 1..4                                    */
    int n_steps; /* step calls per forward (>= 1)          */
    size_t (*workspace_size)(const void *self, int h, int w, int n_threads);
    mambair_status (*forward)(const void *self, const float *in, int h, int w, float *out,
                              void *workspace, int n_threads, mb_step_fn step, void *step_user,
                              mambair_error *err);
    const void *self;
    /* Predicted seconds of one forward on an h x w tile (cost.h), for the
     * planner's choice of tile; NULL = proportional to the pixels. */
    double (*forward_cost)(const void *self, int h, int w, int n_threads);
    /* Smallest tile edge the automatic plan takes while the budget allows
     * one as large (mb_net_context_px); 0 = MB_TILE_AUTO_MIN. */
    int context_px;
} mb_tile_op;

/* The network as a tile op. */
mb_tile_op mb_tiler_net_op(const mb_net *net);

/* Same contract as mambair_run() (options already defaulted by the caller). */
mambair_status mb_tiler_run(const mb_net *net, const float *in, int width, int height,
                            float *out, const mambair_run_options *opt, mambair_error *err);

size_t mb_tiler_memory_estimate(const mb_net *net, int width, int height,
                                const mambair_run_options *opt);

/* The tiling mb_tiler_run() would use (mambair_run_plan_query()). */
mambair_status mb_tiler_plan(const mb_net *net, int width, int height,
                             const mambair_run_options *opt, mambair_run_plan *plan,
                             mambair_error *err);

/* The same on any tile op. */
mambair_status mb_tiler_run_op(const mb_tile_op *op, const float *in, int width, int height,
                               float *out, const mambair_run_options *opt, mambair_error *err);

size_t mb_tiler_memory_estimate_op(const mb_tile_op *op, int width, int height,
                                   const mambair_run_options *opt);

#endif /* MB_TILER_H */
