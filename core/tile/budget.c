/* budget.c — what a run allocates and how long it takes for a given tiling,
 * and the choice of the fastest tiling that fits the memory budget. The
 * memory estimate counts every buffer tiler.c allocates, so it can be checked
 * against the measured peak RSS; the time comes from the op's cost model. */
#include "cost.h"
#include "plan.h"
#include "../thread/pool.h"

#include <limits.h>

/* "64 KiB", "36.2 MiB", "4.5 GiB": for messages. */
typedef struct bytes_text { char s[24]; } bytes_text;
static bytes_text human(size_t b) {
    bytes_text t;
    if (b < ((size_t)1 << 20))
        snprintf(t.s, sizeof t.s, "%.0f KiB", (double)b / 1024.0);
    else if (b < ((size_t)1 << 30))
        snprintf(t.s, sizeof t.s, "%.1f MiB", (double)b / 1048576.0);
    else
        snprintf(t.s, sizeof t.s, "%.1f GiB", (double)b / 1073741824.0);
    return t;
}

/* Overlap when the caller leaves it automatic: about 1/8 of the tile, enough
 * context that the down-weighted tile edges are far from the kept centre;
 * measured in tests/tile/test-quality.c (docs/tiling.md). */
static int auto_overlap(int t) { return MB_MAX(4, MB_MIN(64, t / 8)); }

/* Fill the geometry of p for square tiles of edge t and compute p->bytes. */
static void plan_geometry(const mb_tile_op *op, mb_tile_plan *p, int t, int overlap_opt,
                          bool planar_in, bool file_sink) {
    p->tile_w = MB_MIN(t, p->width);
    p->tile_h = MB_MIN(t, p->height);
    int ov = overlap_opt > 0 ? overlap_opt : auto_overlap(t);
    p->overlap = MB_MIN(ov, t / 2);
    p->nx = mb_tile_count(p->width, p->tile_w, MB_MIN(p->overlap, p->tile_w / 2));
    p->ny = mb_tile_count(p->height, p->tile_h, MB_MIN(p->overlap, p->tile_h / 2));
    bool single = p->nx == 1 && p->ny == 1;
    p->file_sink = file_sink && !single;

    size_t ws = op->workspace_size(op->self, p->tile_h, p->tile_w, p->n_threads);
    if (p->n_views > 1)
        ws = MB_MAX(ws, op->workspace_size(op->self, p->tile_w, p->tile_h, p->n_threads));
    p->ws_bytes = ws;
    /* In doubles: a hostile size must give a huge estimate, not a wrapped one. */
    const double c = p->chans, s = p->upscale, f = sizeof(float);
    const double tin = c * p->tile_h * p->tile_w * f, tout = tin * s * s;
    /* plus a little that is not ours to size but shows in the RSS: thread
     * stacks, stdio and temporary-file buffers, page-table slack */
    double b = (double)MB_TILE_OVERHEAD + (double)ws + tout;
    if (!(single && planar_in && p->n_views == 1)) b += tin;          /* tile input   */
    if (p->n_views > 1) b += tin + tout;                               /* one view     */
    if (!single) b += 2.0 * c * p->tile_h * s * p->width * s * f;      /* strip + acc  */
    if (!single && !p->file_sink) b += c * p->height * s * p->width * s * f; /* sink */
    p->bytes = b >= (double)(SIZE_MAX / 2) ? SIZE_MAX : (size_t)b;

    /* Time: every forward, plus first touching the memory and assembling
     * the output (blending, staging) when tiled. Transposed ensemble views
     * cost as much as the others. Without a cost model: pixels processed. */
    const double fwds = (double)p->n_views * p->nx * p->ny;
    if (!op->forward_cost) {
        p->cost = fwds * p->tile_h * p->tile_w;
        return;
    }
    p->cost = fwds * op->forward_cost(op->self, p->tile_h, p->tile_w, p->n_threads) +
              mb_tile_cost_touch(p->bytes);
    if (!single) p->cost += mb_tile_cost_assemble(c * p->height * s * p->width * s, p->file_sink);
}

/* Tile edges the automatic choice tries: every edge up to 1024 px, then
 * steps of under 1 % (time and memory change little in between). */
static int next_edge(int t) { return t < 1024 ? t + 1 : t + t / 128; }

mambair_status mb_tile_plan_make(const mb_tile_op *op, int width, int height,
                                 const mambair_run_options *opt, mb_tile_plan *p,
                                 mambair_error *err) {
    *p = (mb_tile_plan){0};
    p->width = width;
    p->height = height;
    p->chans = op->chans;
    p->upscale = op->upscale;
    p->n_threads = opt->n_threads > 0 ? opt->n_threads : mb_cpu_count();
    p->n_views = opt->ensemble ? 8 : 1;
    const size_t budget = opt->memory_budget ? opt->memory_budget : MB_TILE_DEFAULT_BUDGET;
    const bool planar = opt->layout == MAMBAIR_LAYOUT_PLANAR;
    const int whole = MB_MAX(width, height);

    /* Output edges are ints (tiler, sink, the caller's sizes): refuse an
     * image whose enlarged edge would not fit one before any arithmetic. */
    if ((int64_t)width * op->upscale > INT_MAX || (int64_t)height * op->upscale > INT_MAX)
        return mb_error_set(err, MAMBAIR_ERR_LIMIT,
                            "a %dx%d image would give a %lldx%lld output, larger than the %d-pixel "
                            "edge limit", width, height, (long long)width * op->upscale,
                            (long long)height * op->upscale, INT_MAX);
    if (opt->tile_size < -1)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "tile size %d is negative",
                            opt->tile_size);
    if (opt->tile_overlap < 0)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "tile overlap %d is negative",
                            opt->tile_overlap);

    /* The whole image when asked, or when the tile covers it. */
    plan_geometry(op, p, whole, opt->tile_overlap, planar, false);
    if (opt->tile_size == -1 || opt->tile_size >= whole) {
        if (p->bytes > budget)
            return mb_error_set(err, MAMBAIR_ERR_LIMIT,
                                "the whole %dx%d image needs %s, more than the memory "
                                "budget of %s; allow tiling or raise the budget",
                                width, height, human(p->bytes).s, human(budget).s);
        return MAMBAIR_OK;
    }

    if (opt->tile_size > 0) {
        plan_geometry(op, p, opt->tile_size, opt->tile_overlap, planar, false);
        if (p->bytes > budget) plan_geometry(op, p, opt->tile_size, opt->tile_overlap, planar, true);
        if (p->bytes > budget)
            return mb_error_set(err, MAMBAIR_ERR_LIMIT,
                                "tiles of %d px need %s, more than the memory budget of "
                                "%s; use smaller tiles or raise the budget",
                                opt->tile_size, human(p->bytes).s, human(budget).s);
        return MAMBAIR_OK;
    }

    /* Automatic: of all tile edges from MB_TILE_AUTO_MIN up (or from the
     * view the network needs, op->context_px) to the whole image, the plan
     * with the lowest predicted time that fits the budget, with the
     * finished output in RAM; smaller tiles (halving down to MB_TILE_MIN),
     * then a temporary file for the output, only when nothing else fits. Plans
     * within MB_TILE_COST_SLACK of that time are as fast as the model can
     * tell: of those, the one needing the least memory (then the smaller
     * tile), so the choice is deterministic. */
    double best_cost = -1;
    int pick_t = 0, pick_file = 0;
    size_t pick_bytes = SIZE_MAX;
    for (int file = 0; best_cost < 0 && file < 2; file++)
        for (int lo = MB_MAX(MB_TILE_AUTO_MIN, op->context_px); best_cost < 0 && lo >= MB_TILE_MIN;
             lo = lo > MB_TILE_MIN ? MB_MAX(lo / 2, MB_TILE_MIN) : 0)
            for (int pass = 0; pass < 2; pass++)
                for (int t = MB_MIN(lo, whole);; t = MB_MIN(next_edge(t), whole)) {
                    plan_geometry(op, p, t, opt->tile_overlap, planar, file);
                    bool fits = p->bytes <= budget && (!file || p->file_sink);
                    if (fits && pass == 0 && (best_cost < 0 || p->cost < best_cost))
                        best_cost = p->cost;
                    if (fits && pass == 1 && p->cost <= best_cost * (1.0 + MB_TILE_COST_SLACK) &&
                        p->bytes < pick_bytes) {
                        pick_t = t;
                        pick_file = file;
                        pick_bytes = p->bytes;
                    }
                    if (t == whole) break;
                }
    if (best_cost < 0) {
        plan_geometry(op, p, MB_MIN(MB_TILE_MIN, whole), opt->tile_overlap, planar, true);
        return mb_error_set(err, MAMBAIR_ERR_LIMIT,
                            "the memory budget of %s is too small: even %d px tiles need %s",
                            human(budget).s, p->tile_w > p->tile_h ? p->tile_w : p->tile_h,
                            human(p->bytes).s);
    }
    plan_geometry(op, p, pick_t, opt->tile_overlap, planar, pick_file);
    return MAMBAIR_OK;
}
