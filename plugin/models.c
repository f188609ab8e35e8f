/* models.c — open, check, run and mix the models of a run (models.h). */
#include "models.h"

#include <string.h>

#include "intl.h"
#include "messages.h"

/* The model must do what the task says: enlarge by its scale, or restore. */
static gboolean model_fits(const mambair_config *cfg, int s, GError **error) {
    if (s > 1 && (cfg->task != MAMBAIR_TASK_SUPER_RESOLUTION || cfg->upscale != s)) {
        if (cfg->task == MAMBAIR_TASK_SUPER_RESOLUTION)
            g_set_error(error, G_FILE_ERROR, 0,
                        _("This model enlarges by %d times, but enlarging by %d times was "
                          "chosen. Choose the matching task or another model."),
                        cfg->upscale, s);
        else
            g_set_error(error, G_FILE_ERROR, 0,
                        _("This model removes noise and cannot enlarge. Choose the denoise "
                          "task or a super-resolution model."));
        return FALSE;
    }
    if (s == 1 && cfg->upscale != 1) {
        g_set_error(error, G_FILE_ERROR, 0,
                    _("This model enlarges images (x%d) and cannot remove noise. Choose the "
                      "matching super-resolution task or a denoising model."),
                    cfg->upscale);
        return FALSE;
    }
    return TRUE;
}

void mb_pl_models_close(mb_pl_models *ms) {
    for (int k = 0; k < MB_MIX_MAX_MODELS; k++) mambair_model_free(ms->m[k]);
    memset(ms, 0, sizeof *ms);
}

gboolean mb_pl_models_open(const mb_pl_params *p, mb_pl_models *ms, GError **error) {
    mb_pl_models next;
    memset(&next, 0, sizeof next);
    if (!mb_pl_models_plan(p, next.paths, &next.mix, &next.n_levels, error)) {
        mb_pl_models_close(ms);
        return FALSE;
    }
    int s = mb_pl_task_scale(p->task);
    for (int k = 0; k < next.mix.n; k++) {
        /* take an open model of the same file over */
        for (int j = 0; j < MB_MIX_MAX_MODELS && !next.m[k]; j++)
            if (ms->m[j] && strcmp(ms->paths[j], next.paths[k]) == 0) {
                next.m[k] = ms->m[j];
                ms->m[j] = NULL;
            }
        if (!next.m[k]) {
            mambair_error err = {0};
            if (mambair_model_open_file(next.paths[k], &next.m[k], &err) != MAMBAIR_OK) {
                mb_pl_set_engine_error(error, &err);
                goto fail;
            }
        }
        if (!model_fits(mambair_model_config(next.m[k]), s, error)) goto fail;
    }
    mb_pl_models_close(ms);
    *ms = next;
    return TRUE;
fail:
    mb_pl_models_close(&next);
    mb_pl_models_close(ms);
    return FALSE;
}

const mambair_config *mb_pl_models_config(const mb_pl_models *ms) {
    return ms->m[0] ? mambair_model_config(ms->m[0]) : NULL;
}

/* The caller's progress, its share of the whole for run k of n. */
typedef struct {
    const mambair_run_options *opt;
    int k, n;
} share;

static int share_progress(void *user, double fraction, const char *stage) {
    share *s = user;
    return s->opt->progress(s->opt->progress_user, (s->k + fraction) / s->n, stage);
}

mambair_status mb_pl_models_run(const mb_pl_models *ms, const float *planes, int w, int h,
                                float *out, const mambair_run_options *opt, mambair_error *err) {
    const mambair_config *cfg = mb_pl_models_config(ms);
    const mb_mix *mix = &ms->mix;
    if (!cfg) return MAMBAIR_ERR_INVALID_ARGUMENT;
    gboolean plain = mix->n == 1 && mix->weight[0] == 1.0f && mix->weight_orig == 0.0f;
    gsize n = (gsize)cfg->in_chans * w * h * cfg->upscale * cfg->upscale;
    float *second = NULL;
    if (mix->n > 1 && !(second = g_try_new(float, n))) {
        if (err) err->code = MAMBAIR_ERR_NO_MEMORY;
        return MAMBAIR_ERR_NO_MEMORY;
    }
    mambair_run_options o = *opt;
    share sh = {opt, 0, mix->n};
    if (opt->progress) {
        o.progress = share_progress;
        o.progress_user = &sh;
    }
    mambair_status st = MAMBAIR_OK;
    for (int k = 0; k < mix->n && st == MAMBAIR_OK; k++) {
        sh.k = k;
        st = mambair_run(ms->m[k], planes, w, h, k == 0 ? out : second, &o, err);
    }
    if (st == MAMBAIR_OK && !plain) {
        /* restoring only: the original has the result's size (scale 1) */
        const float *results[MB_MIX_MAX_MODELS] = {out, second};
        mb_mix_apply(mix, planes, results, n, out);
    }
    g_free(second);
    return st;
}
