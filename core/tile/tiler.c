/* tiler.c — whole-image path (tiling follows). */
#include "tiler.h"
#include "../thread/pool.h"

#include <string.h>

typedef struct step_ctx {
    const mambair_run_options *opt;
    int cancelled;
} step_ctx;

static int on_step(void *user, int step, int n_steps) {
    step_ctx *s = user;
    const mambair_run_options *opt = s->opt;
    if (opt->cancel && *opt->cancel) return s->cancelled = 1;
    if (opt->progress) {
        double f = (double)step / n_steps;
        if (f >= 1.0) f = 0.999;
        char stage[64];
        snprintf(stage, sizeof stage, "block %d/%d", step, n_steps);
        if (opt->progress(opt->progress_user, f, stage)) return s->cancelled = 1;
    }
    return 0;
}

static bool image_floats(int chans, int w, int h, int scale, size_t *n) {
    size_t a;
    return mb_mul_size((size_t)chans, (size_t)w * scale, &a) &&
           mb_mul_size(a, (size_t)h * scale, n);
}

mambair_status mb_tiler_run_op(const mb_tile_op *op, const float *in, int width, int height,
                               float *out, const mambair_run_options *opt, mambair_error *err) {
    MB_ASSERT(op && in && out && opt && width > 0 && height > 0);
    const int c = op->chans, s = op->upscale;
    size_t n_in, n_out;
    if (!image_floats(c, width, height, 1, &n_in) || !image_floats(c, width, height, s, &n_out))
        return mb_error_set(err, MAMBAIR_ERR_LIMIT, "image %dx%d is too large", width, height);
    int nth = opt->n_threads > 0 ? opt->n_threads : mb_cpu_count();
    size_t ws_size = op->workspace_size(op->self, height, width, nth);
    mambair_status st = MAMBAIR_OK;
    float *tin = mb_malloc(n_in * sizeof(float));
    float *tout = mb_malloc(n_out * sizeof(float));
    void *ws = ws_size ? mb_malloc(ws_size) : NULL;
    if (!tin || !tout || (ws_size && !ws)) {
        st = mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory for a %dx%d image", width,
                          height);
        goto done;
    }
    const size_t plane = (size_t)width * height, oplane = plane * s * s;
    if (opt->layout == MAMBAIR_LAYOUT_INTERLEAVED) {
        for (size_t p = 0; p < plane; p++)
            for (int k = 0; k < c; k++) tin[k * plane + p] = in[p * c + k];
    } else {
        memcpy(tin, in, n_in * sizeof(float));
    }
    step_ctx sc = {opt, 0};
    st = op->forward(op->self, tin, height, width, tout, ws, nth, on_step, &sc, err);
    if (st != MAMBAIR_OK) goto done;
    if (opt->clamp)
        for (size_t i = 0; i < n_out; i++) tout[i] = tout[i] < 0.f ? 0.f : tout[i] > 1.f ? 1.f : tout[i];
    if (opt->layout == MAMBAIR_LAYOUT_INTERLEAVED) {
        for (size_t p = 0; p < oplane; p++)
            for (int k = 0; k < c; k++) out[p * c + k] = tout[k * oplane + p];
    } else {
        memcpy(out, tout, n_out * sizeof(float));
    }
    if (opt->progress) opt->progress(opt->progress_user, 1.0, "done");
done:
    mb_free(tin);
    mb_free(tout);
    mb_free(ws);
    return st;
}

size_t mb_tiler_memory_estimate_op(const mb_tile_op *op, int width, int height,
                                   const mambair_run_options *opt) {
    int nth = opt->n_threads > 0 ? opt->n_threads : mb_cpu_count();
    size_t n_in, n_out, total;
    if (!image_floats(op->chans, width, height, 1, &n_in) ||
        !image_floats(op->chans, width, height, op->upscale, &n_out))
        return SIZE_MAX;
    size_t ws = op->workspace_size(op->self, height, width, nth);
    if (!mb_add_size((n_in + n_out) * sizeof(float), ws, &total)) return SIZE_MAX;
    return total;
}
