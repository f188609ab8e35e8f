/* fake-op.c — see fake-op.h. */
#include "fake-op.h"

#include <string.h>

static size_t fake_ws(const void *self, int h, int w, int n_threads) {
    const fake_op *f = self;
    return f->ws_per_pixel * (size_t)h * w * (size_t)n_threads;
}

static mambair_status fake_forward(const void *self, const float *in, int h, int w, float *out,
                                   void *ws, int n_threads, mb_step_fn step, void *step_user,
                                   mambair_error *err) {
    fake_op *f = (fake_op *)self; /* test bookkeeping only */
    size_t wsz = fake_ws(self, h, w, n_threads);
    if (wsz) {
        MB_ASSERT(ws);
        memset(ws, 0x5a, wsz);
    }
    if (h > f->max_h) f->max_h = h;
    if (w > f->max_w) f->max_w = w;
    const int s = f->upscale;
    const size_t plane = (size_t)h * w, oplane = plane * s * s;
    const float off = f->offset_step * (float)f->calls;
    f->calls++;
    for (int k = 1; k <= f->n_steps; k++) {
        if (k == 1 || f->n_steps == 1) {
            for (int c = 0; c < f->chans; c++)
                for (int y = 0; y < h * s; y++)
                    for (int x = 0; x < w * s; x++)
                        out[c * oplane + (size_t)y * w * s + x] =
                            in[c * plane + (size_t)(y / s) * w + x / s] + off;
        }
        if (step && step(step_user, k, f->n_steps))
            return mb_error_set(err, MAMBAIR_ERR_CANCELLED, "cancelled at step %d", k);
    }
    return MAMBAIR_OK;
}

static double fake_cost(const void *self, int h, int w, int n_threads) {
    (void)n_threads;
    return ((const fake_op *)self)->cost(h, w);
}

mb_tile_op fake_op_make(fake_op *f) {
    mb_tile_op op = {
        .chans = f->chans,
        .upscale = f->upscale,
        .n_steps = f->n_steps,
        .workspace_size = fake_ws,
        .forward = fake_forward,
        .self = f,
        .forward_cost = f->cost ? fake_cost : NULL,
    };
    return op;
}

void fake_expected(const float *in, int chans, int w, int h, int s, float *out) {
    const size_t plane = (size_t)h * w, oplane = plane * s * s;
    for (int c = 0; c < chans; c++)
        for (int y = 0; y < h * s; y++)
            for (int x = 0; x < w * s; x++)
                out[c * oplane + (size_t)y * w * s + x] = in[c * plane + (size_t)(y / s) * w + x / s];
}

void fill_random(float *x, size_t n, unsigned seed, float lo, float hi) {
    uint64_t st = 0x9e3779b97f4a7c15ull ^ seed;
    for (size_t i = 0; i < n; i++) {
        st = st * 6364136223846793005ull + 1442695040888963407ull;
        x[i] = lo + (hi - lo) * (float)((st >> 40) * (1.0 / 16777216.0));
    }
}

void test_options_default(mambair_run_options *opt) {
    memset(opt, 0, sizeof *opt);
    opt->clamp = 1;
    opt->layout = MAMBAIR_LAYOUT_PLANAR;
}
