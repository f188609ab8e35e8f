/*
 * mix.h — how a denoise result is made from the models and the two settings
 * the user has, "noise level" and "strength". Plain C (no GIMP or GLib) so
 * tests/gimp/test-mix.c checks it without GIMP.
 *
 * Noise level: the built-in denoisers are trained for a few levels (σ 15, 25
 * and 50 on the 0..255 scale). Between two of them the result is the linear
 * blend of those two models' results; below the lowest it blends towards the
 * original image (σ 0: nothing to remove); above the highest it is that
 * model. Files holding the same model count as one level (the highest of
 * theirs, so that the setting keeps changing the result), and with a single
 * model (one distinct file, or a model file the user chose) the noise level
 * has nothing to choose from and is ignored: the dialog hides it then.
 *
 * Strength (0..100 %) then moves from the original (0 %) to that result
 * (100 %). Every weight is continuous in both settings, so a higher setting
 * never jumps; a higher strength always takes the result further from the
 * original, and so does a higher noise level when each stronger model
 * changes the image more than the weaker one.
 */
#ifndef MAMBAIR_MIX_H
#define MAMBAIR_MIX_H

#include <stddef.h>

#define MB_MIX_MAX_MODELS 2

typedef struct {
    int n;                          /* models to run: 1 or 2                     */
    int model[MB_MIX_MAX_MODELS];   /* index into the caller's levels             */
    float weight[MB_MIX_MAX_MODELS];/* weight of each model's result              */
    float weight_orig;              /* weight of the original; all sum to 1       */
} mb_mix;

/* Plan for noise level `sigma` and `strength` in 0..1 (clamped), given the
 * distinct trained levels in ascending order (n_levels >= 1). */
void mb_mix_plan(double sigma, double strength, const int *levels, int n_levels, mb_mix *m);

/* out[i] = weight_orig * orig[i] + Σ weight[k] * result_k[i] for n floats.
 * results[k] for k < m->n; out may be results[0]. */
void mb_mix_apply(const mb_mix *m, const float *orig, const float *const *results, size_t n,
                  float *out);

#endif /* MAMBAIR_MIX_H */
