/*
 * plan.h — internals of the tiler: the tile grid, the memory plan, the
 * blending ramp, self-ensemble views, the output sink and progress.
 *
 * Geometry: tiles all have the same size tile_w x tile_h (never larger than
 * the image) and lie inside the image, so border tiles see real pixels and no
 * padding is ever needed. Along each axis n tiles start at
 * floor(i * (L - T) / (n - 1)): evenly spread, overlap >= the requested one.
 */
#ifndef MB_TILE_PLAN_H
#define MB_TILE_PLAN_H

#include "tiler.h"

#define MB_TILE_MIN 32            /* smallest automatic tile edge (input px)  */
/* Smallest edge the automatic choice takes for speed alone; below it only
 * when the budget leaves nothing larger. Smaller tiles were faster by a few
 * per cent at most but lose context: 48 px tiles showed seams (seam ratio
 * 3.7 against 1.45 at 64 px, docs/tiling.md). */
#define MB_TILE_AUTO_MIN 64
/* Ceiling of the automatic budget (memory_budget 0): the planner takes what
 * the fastest plan needs, but never more than this. */
#define MB_TILE_DEFAULT_BUDGET ((size_t)2 << 30)
/* Plans predicted within this share of the fastest count as equally fast;
 * of those the planner takes the one that needs the least memory (about the
 * accuracy of the cost model, docs/tiling.md). */
#define MB_TILE_COST_SLACK 0.03
#define MB_TILE_OVERHEAD ((size_t)2 << 20) /* fixed part of every estimate */

typedef struct mb_tile_plan {
    int width, height;    /* image, input pixels                              */
    int chans, upscale;
    int tile_w, tile_h;   /* tile size, input pixels                          */
    int overlap;          /* requested overlap, input pixels                  */
    int nx, ny;           /* tiles across and down                            */
    int n_threads;
    int n_views;          /* 1, or 8 with self-ensemble                       */
    bool file_sink;       /* finished rows go to a temporary file, not RAM    */
    size_t ws_bytes;      /* workspace of one forward                         */
    size_t bytes;         /* everything the run allocates                     */
    double cost;          /* predicted seconds (cost.h)                        */
} mb_tile_plan;

/* Choose tiles for the options (budget.c): with tile_size 0, the plan with
 * the lowest predicted time that fits the budget (see budget.c for the
 * tie-break). MAMBAIR_ERR_LIMIT when the budget cannot be met; the message
 * says how much would be needed. */
mambair_status mb_tile_plan_make(const mb_tile_op *op, int width, int height,
                                 const mambair_run_options *opt, mb_tile_plan *plan,
                                 mambair_error *err);

/* Start of tile i of n along an axis of length len with tiles of size t. */
static inline int mb_tile_start(int i, int n, int len, int t) {
    return n <= 1 ? 0 : (int)((int64_t)i * (len - t) / (n - 1));
}
/* Tiles needed along an axis so that neighbours overlap by >= overlap. */
int mb_tile_count(int len, int t, int overlap);

/* Blending weight of the newer tile at output position p of an overlap of
 * n output pixels: 0 over the first quarter, a raised cosine to 1 over the
 * middle half, 1 over the last quarter. */
float mb_tile_ramp(int p, int n);
/* Tests set this to replace the ramp by a cut in the middle of the overlap,
 * which is the cropping of the official test code, on the same tiles. */
extern int mb_tile_crop_for_tests;

/* ---- self-ensemble views (ensemble.c): view k of 8 is flip-x (bit 0),
 * flip-y (bit 1), then transpose (bit 2). */
void mb_view_forward(int k, const float *src, int chans, int h, int w, float *dst);
/* Fold a view's output (of the transformed size) back into acc {chans, h, w}
 * as a running mean: acc = acc + (view - acc) / (count + 1). */
void mb_view_accumulate(int k, const float *view, int chans, int h, int w, float *acc, int count);

/* ---- sink (sink.c): where finished output rows wait until the run succeeds,
 * so that `out` is written only at the very end. */
typedef struct mb_sink {
    float *ram;       /* {chans, H, W} or NULL with a file            */
    FILE *file;
    int chans, width, height; /* output size                         */
} mb_sink;

mambair_status mb_sink_open(mb_sink *sk, int chans, int width, int height, bool file,
                            mambair_error *err);
/* rows {chans, nrows, width} with channel stride `plane` floats -> rows y0.. */
mambair_status mb_sink_write(mb_sink *sk, const float *rows, size_t plane, int y0, int nrows,
                             mambair_error *err);
/* Copy everything to out in the caller's layout, clamped if asked. `buf`
 * holds at least chans * width * buf_rows floats (file sink only). */
mambair_status mb_sink_commit(mb_sink *sk, float *out, mambair_layout layout, int clamp,
                              float *buf, int buf_rows, mambair_error *err);
void mb_sink_close(mb_sink *sk);

/* ---- progress (progress.c) */
typedef struct mb_progress {
    const mambair_run_options *opt;
    int64_t done, total;  /* forward steps */
    int64_t fwd_base;     /* `done` when the current forward started */
    int tile, n_tiles, view, n_views, n_steps;
    double t0, fraction;
    int cancelled;
} mb_progress;

void mb_progress_init(mb_progress *pr, const mambair_run_options *opt, int n_tiles, int n_views,
                      int n_steps);
/* Non-zero when the run must stop (cancel flag or callback said so). */
int mb_progress_poll(mb_progress *pr);
int mb_progress_step(void *user, int step, int n_steps); /* an mb_step_fn */
void mb_progress_done(mb_progress *pr);

#endif /* MB_TILE_PLAN_H */
