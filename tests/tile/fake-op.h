/*
 * fake-op.h — per-pixel tile ops for testing the tiler without a network.
 *
 * The identity op replicates each input pixel into an upscale x upscale block
 * (nearest), so a correct tiler reproduces that exactly whatever the tiles,
 * overlap, layout or ensemble. It calls the step function n_steps times and
 * writes its whole workspace, like a network would.
 */
#ifndef TEST_FAKE_OP_H
#define TEST_FAKE_OP_H

#include "tile/plan.h"

typedef struct fake_op {
    int chans, upscale, n_steps;
    size_t ws_per_pixel;  /* workspace bytes per input pixel of a tile */
    float offset_step;    /* added per call (0: identity): makes tiles disagree */
    int calls;            /* forwards run so far                              */
    int max_h, max_w;     /* largest tile seen                                */
    /* predicted seconds of a forward for the planner (NULL: the planner's
     * default, proportional to the pixels) */
    double (*cost)(int h, int w);
} fake_op;

mb_tile_op fake_op_make(fake_op *f);

/* Expected output of the identity op: nearest upscale of a planar image. */
void fake_expected(const float *in, int chans, int w, int h, int s, float *out);

/* mambair_run_options_default() without the API object (which needs the
 * network linked in). */
void test_options_default(mambair_run_options *opt);

/* Deterministic pseudo-random fill in [lo, hi). */
void fill_random(float *x, size_t n, unsigned seed, float lo, float hi);

#endif
