/*
 * models.h — the opened models of a run and their mixed result: one model,
 * or for denoising between two trained noise levels two models whose
 * results are blended with the original (mix.h). Shared by the run, the
 * preview and the dialog's summary.
 */
#ifndef MAMBAIR_MODELS_H
#define MAMBAIR_MODELS_H

#include "plugin.h"
#include "mambair.h"

typedef struct {
    mb_mix mix;
    int n_levels;                              /* distinct models the noise level blends */
    char paths[MB_MIX_MAX_MODELS][4096];
    mambair_model *m[MB_MIX_MAX_MODELS];       /* m[k] for k < mix.n                    */
} mb_pl_models;

/* Open what the parameters ask for (models already open in *ms with the same
 * path are kept) and check each fits the task. On failure *ms is closed and
 * a sentence for the user is set. Start from a zeroed struct. */
gboolean mb_pl_models_open(const mb_pl_params *p, mb_pl_models *ms, GError **error);

void mb_pl_models_close(mb_pl_models *ms);

/* The first model's configuration (all of a set share task and scale). */
const mambair_config *mb_pl_models_config(const mb_pl_models *ms);

/* Planar {cc, h, w} in -> planar {cc, h*s, w*s} out: each model run with
 * `opt` (progress spread over the runs), then mixed. */
mambair_status mb_pl_models_run(const mb_pl_models *ms, const float *planes, int w, int h,
                                float *out, const mambair_run_options *opt, mambair_error *err);

#endif /* MAMBAIR_MODELS_H */
