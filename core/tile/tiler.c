/*
 * tiler.c — run a tile op over an image of any size.
 *
 * Tiles are processed row by row. Within a row each tile's output is blended
 * into a full-width strip; over the columns two neighbours share, the newer
 * tile's weight rises from ~0 to ~1 (mb_tile_ramp), so each pixel mostly
 * comes from the tile in which it is farthest from an edge and there is no
 * seam. The strip is then blended the same way, vertically, with the
 * previous one; rows no later tile can touch go to the sink. Blending is done
 * as a + r * (b - a): where tiles agree the result is exactly their value.
 *
 * Threads: the op gets all n_threads for one tile at a time. Running several
 * tiles at once would need one workspace each, i.e. smaller tiles (less
 * context) for the same budget; the network's forward splits every op over
 * rows and channels itself. Not yet benchmarked against tiles in parallel.
 *
 * `out` is written only by the final commit, after every tile succeeded.
 *
 * Non-finite input values (NaN, +-Inf) are read as 0: the scan carries every
 * value along whole rows and columns, so one NaN pixel would otherwise turn
 * its entire tile into NaN. The caller's input itself is never modified.
 * A non-finite value in the network's output (finite weights can overflow)
 * fails the run with MAMBAIR_ERR_FORMAT before anything reaches the output.
 */
#include "plan.h"

#include <math.h>
#include <string.h>

typedef struct tiler_run {
    const mb_tile_op *op;
    const mb_tile_plan *p;
    const mambair_run_options *opt;
    float *tin, *tout;    /* tile {C, th, tw}, {C, th*s, tw*s}                 */
    float *vin, *vout;    /* one ensemble view of them (transposed or not)     */
    float *strip, *acc;   /* {C, th*s, W*s}: this tile row, and the previous   */
    void *ws;
    mb_progress pr;
} tiler_run;

/* x, or 0 when x is NaN or infinite (see the top of this file). */
static inline float finite_or_zero(float x) { return isfinite(x) ? x : 0.0f; }

static bool all_finite(const float *v, size_t n) {
    bool ok = true;
    for (size_t i = 0; i < n; i++) ok &= isfinite(v[i]) != 0;
    return ok;
}

/* Tile {C, th, tw} at (x0, y0) from the caller's image into planar dst. */
static void tile_extract(const float *in, const mb_tile_plan *p, mambair_layout layout, int x0,
                         int y0, float *dst) {
    const int c = p->chans, th = p->tile_h, tw = p->tile_w;
    const size_t W = (size_t)p->width, plane = W * p->height, tplane = (size_t)th * tw;
    for (int k = 0; k < c; k++)
        for (int y = 0; y < th; y++) {
            float *d = dst + k * tplane + (size_t)y * tw;
            size_t row = (size_t)(y0 + y) * W + x0;
            if (layout == MAMBAIR_LAYOUT_PLANAR)
                for (int x = 0; x < tw; x++) d[x] = finite_or_zero(in[k * plane + row + x]);
            else
                for (int x = 0; x < tw; x++) d[x] = finite_or_zero(in[(row + x) * c + k]);
        }
}

static mambair_status forward_once(tiler_run *r, const float *in, int h, int w, float *out,
                                   mambair_error *err) {
    if (mb_progress_poll(&r->pr))
        return mb_error_set(err, MAMBAIR_ERR_CANCELLED, "cancelled");
    r->pr.fwd_base = r->pr.done;
    mambair_status st = r->op->forward(r->op->self, in, h, w, out, r->ws, r->p->n_threads,
                                       mb_progress_step, &r->pr, err);
    if (r->pr.cancelled) return mb_error_set(err, MAMBAIR_ERR_CANCELLED, "cancelled");
    /* the forward may have taken fewer steps than it said: keep the total */
    r->pr.done = r->pr.fwd_base + r->pr.n_steps;
    /* finite inputs (see the top of this file) and finite weights can still
     * overflow inside the network (weights of 1e30, say): such a result is
     * not an image, and nothing of it may reach the caller */
    const size_t n = (size_t)r->p->chans * h * w * r->p->upscale * r->p->upscale;
    if (st == MAMBAIR_OK && !all_finite(out, n))
        return mb_error_set(err, MAMBAIR_ERR_FORMAT,
                            "the network's result is not a number (NaN or infinite): the model's "
                            "weights are damaged or far outside their usual range");
    return st;
}

/* The op on tile r->tin -> r->tout, averaged over the ensemble views. */
static mambair_status tile_run(tiler_run *r, const float *tin, mambair_error *err) {
    const mb_tile_plan *p = r->p;
    const int c = p->chans, th = p->tile_h, tw = p->tile_w, s = p->upscale;
    if (p->n_views == 1) return forward_once(r, tin, th, tw, r->tout, err);
    for (int k = 0; k < p->n_views; k++) {
        r->pr.view = k;
        mb_view_forward(k, tin, c, th, tw, r->vin);
        int vh = (k & 4) ? tw : th, vw = (k & 4) ? th : tw;
        mambair_status st = forward_once(r, r->vin, vh, vw, r->vout, err);
        if (st != MAMBAIR_OK) return st;
        mb_view_accumulate(k, r->vout, c, th * s, tw * s, r->tout, k);
    }
    return MAMBAIR_OK;
}

static inline float lerp(float a, float b, float t) { return a + t * (b - a); }

/* Tile output at output column ox of the strip; `ov` columns on its left
 * overlap what the previous tile of the row wrote there. */
static void blend_columns(const tiler_run *r, int ox, int ov) {
    const mb_tile_plan *p = r->p;
    const int s = p->upscale, oh = p->tile_h * s, ow = p->tile_w * s;
    const size_t W = (size_t)p->width * s, plane = W * oh, tplane = (size_t)oh * ow;
    for (int k = 0; k < p->chans; k++)
        for (int y = 0; y < oh; y++) {
            const float *t = r->tout + k * tplane + (size_t)y * ow;
            float *d = r->strip + k * plane + (size_t)y * W + ox;
            for (int x = 0; x < ov; x++) d[x] = lerp(d[x], t[x], mb_tile_ramp(x, ov));
            memcpy(d + ov, t + ov, (size_t)(ow - ov) * sizeof(float));
        }
}

/* The first `ov` rows of r->strip overlap rows `skip`.. of r->acc. */
static void blend_rows(const tiler_run *r, int skip, int ov) {
    const mb_tile_plan *p = r->p;
    const int s = p->upscale, oh = p->tile_h * s;
    const size_t W = (size_t)p->width * s, plane = W * oh;
    for (int k = 0; k < p->chans; k++)
        for (int y = 0; y < ov; y++) {
            float w = mb_tile_ramp(y, ov);
            const float *a = r->acc + k * plane + (size_t)(skip + y) * W;
            float *d = r->strip + k * plane + (size_t)y * W;
            for (size_t x = 0; x < W; x++) d[x] = lerp(a[x], d[x], w);
        }
}

static mambair_status run_grid(tiler_run *r, const float *in, mb_sink *sink, mambair_error *err) {
    const mb_tile_plan *p = r->p;
    const int s = p->upscale, th = p->tile_h, tw = p->tile_w;
    const size_t plane = (size_t)p->width * s * th * s;
    mambair_status st = MAMBAIR_OK;
    int prev_y = 0;
    for (int i = 0; i < p->ny; i++) {
        const int y0 = mb_tile_start(i, p->ny, p->height, th);
        for (int j = 0; j < p->nx; j++) {
            const int x0 = mb_tile_start(j, p->nx, p->width, tw);
            const int xprev = j ? mb_tile_start(j - 1, p->nx, p->width, tw) : 0;
            r->pr.tile = i * p->nx + j;
            tile_extract(in, p, r->opt->layout, x0, y0, r->tin);
            if ((st = tile_run(r, r->tin, err)) != MAMBAIR_OK) return st;
            blend_columns(r, x0 * s, j ? (xprev + tw - x0) * s : 0);
        }
        if (i > 0) {
            /* rows of the previous strip above this one are final */
            if ((st = mb_sink_write(sink, r->acc, plane, prev_y * s, (y0 - prev_y) * s, err)))
                return st;
            blend_rows(r, (y0 - prev_y) * s, (prev_y + th - y0) * s);
        }
        float *t = r->acc;
        r->acc = r->strip;
        r->strip = t;
        prev_y = y0;
    }
    return mb_sink_write(sink, r->acc, plane, prev_y * s, th * s, err);
}

static void *alloc_floats(size_t n, bool *fail) {
    void *q = mb_malloc(n * sizeof(float));
    if (!q) *fail = true;
    return q;
}

mambair_status mb_tiler_run_op(const mb_tile_op *op, const float *in, int width, int height,
                               float *out, const mambair_run_options *opt, mambair_error *err) {
    MB_ASSERT(op && in && out && opt);
    MB_ASSERT(op->chans >= 1 && op->upscale >= 1 && op->n_steps >= 0);
    if (width < 1 || height < 1)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "image size %dx%d is empty", width,
                            height);
    mb_tile_plan p;
    mambair_status st = mb_tile_plan_make(op, width, height, opt, &p, err);
    if (st != MAMBAIR_OK) return st;

    const bool single = p.nx == 1 && p.ny == 1;
    const int c = p.chans, s = p.upscale;
    const size_t tin_n = (size_t)c * p.tile_h * p.tile_w, tout_n = tin_n * s * s;
    const size_t strip_n = (size_t)c * p.tile_h * s * p.width * s;
    tiler_run r = {.op = op, .p = &p, .opt = opt};
    mb_sink sink = {0};
    bool fail = false;
    /* a whole planar image runs straight from the caller's buffer, unless it
     * holds values that must be read as 0 */
    const bool alias_in = single && opt->layout == MAMBAIR_LAYOUT_PLANAR && p.n_views == 1 &&
                          all_finite(in, (size_t)c * width * height);
    if (!alias_in) r.tin = alloc_floats(tin_n, &fail);
    r.tout = alloc_floats(tout_n, &fail);
    if (p.n_views > 1) {
        r.vin = alloc_floats(tin_n, &fail);
        r.vout = alloc_floats(tout_n, &fail);
    }
    if (!single) {
        r.strip = alloc_floats(strip_n, &fail);
        r.acc = alloc_floats(strip_n, &fail);
    }
    if (p.ws_bytes && !fail && !(r.ws = mb_malloc(p.ws_bytes))) fail = true;
    if (fail) {
        st = mb_error_set(err, MAMBAIR_ERR_NO_MEMORY,
                          "out of memory for %dx%d tiles (%zu MiB planned)", p.tile_w, p.tile_h,
                          p.bytes >> 20);
        goto done;
    }
    if (!single && (st = mb_sink_open(&sink, c, p.width * s, p.height * s, p.file_sink, err)))
        goto done;

    mb_progress_init(&r.pr, opt, p.nx * p.ny, p.n_views, op->n_steps);
    if (single) {
        const float *tin = in;
        if (!alias_in) {
            tile_extract(in, &p, opt->layout, 0, 0, r.tin);
            tin = r.tin;
        }
        if ((st = tile_run(&r, tin, err)) != MAMBAIR_OK) goto done;
        /* the tile output is the whole output: commit straight from it */
        sink = (mb_sink){.ram = r.tout, .chans = c, .width = p.width * s, .height = p.height * s};
        r.tout = NULL;
    } else if ((st = run_grid(&r, in, &sink, err)) != MAMBAIR_OK) {
        goto done;
    }
    st = mb_sink_commit(&sink, out, opt->layout, opt->clamp, r.strip, p.tile_h * s, err);
    if (st == MAMBAIR_OK) mb_progress_done(&r.pr);
done:
    mb_sink_close(&sink);
    if (!alias_in) mb_free(r.tin);
    mb_free(r.tout);
    mb_free(r.vin);
    mb_free(r.vout);
    mb_free(r.strip);
    mb_free(r.acc);
    mb_free(r.ws);
    return st;
}

size_t mb_tiler_memory_estimate_op(const mb_tile_op *op, int width, int height,
                                   const mambair_run_options *opt) {
    mb_tile_plan p;
    if (width < 1 || height < 1) return 0;
    if (mb_tile_plan_make(op, width, height, opt, &p, NULL) != MAMBAIR_OK && p.bytes == 0)
        return SIZE_MAX;
    return p.bytes;
}
