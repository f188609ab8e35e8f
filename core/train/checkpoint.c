/* checkpoint.c — training checkpoints in safetensors (see trainer.h). */
#include "trainer.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static mambair_status add_all(mb_tensordict *td, const tr_layout *lay, const char *prefix,
                              const float *x, mambair_error *err) {
    char nm[TR_NAME_MAX + 32];
    for (int64_t i = 0; i < lay->count; i++) {
        const tr_param *pr = &lay->params[i];
        snprintf(nm, sizeof nm, "%s%s", prefix, pr->name);
        mambair_status st =
            mb_tensordict_add(td, nm, MB_DTYPE_F32, pr->ndim, pr->shape, x + pr->offset, err);
        if (st) return st;
    }
    return MAMBAIR_OK;
}

mambair_status tr_checkpoint_save(const tr_trainer *t, const char *path, bool with_optimizer,
                                  const char *const *meta, mambair_error *err) {
    mb_tensordict td;
    memset(&td, 0, sizeof td);
    const mambair_config *cfg = &t->lay.cfg;
    char buf[512];
    mambair_status st = add_all(&td, &t->lay, "", t->p, err);
    if (!st && with_optimizer) st = add_all(&td, &t->lay, "optim.exp_avg.", t->m, err);
    if (!st && with_optimizer) st = add_all(&td, &t->lay, "optim.exp_avg_sq.", t->v, err);
    if (!st && with_optimizer && t->ema) st = add_all(&td, &t->lay, "ema.", t->ema, err);
#define META(k, ...)                                                     \
    do {                                                                 \
        if (!st) {                                                       \
            snprintf(buf, sizeof buf, __VA_ARGS__);                      \
            st = mb_tensordict_set_meta(&td, k, buf, err);               \
        }                                                                \
    } while (0)
    META("format", "mambair-train-1");
    META("task", "%s",
         cfg->task == MAMBAIR_TASK_JPEG      ? "jpeg"
         : cfg->task == MAMBAIR_TASK_DENOISE ? "denoise"
                                             : "super-resolution");
    META("scale", "%d", cfg->upscale);
    char depths[128] = "";
    for (int g = 0; g < cfg->n_groups; g++)
        snprintf(depths + strlen(depths), sizeof depths - strlen(depths), "%s%d", g ? "," : "",
                 cfg->depths[g]);
    META("config",
         "{\"in_chans\": %d, \"embed_dim\": %d, \"depths\": [%s], \"d_state\": %d, "
         "\"d_inner\": %d, \"upscale\": %d, \"upsampler\": \"%s\"}",
         cfg->in_chans, cfg->embed_dim, depths, cfg->d_state, cfg->d_inner, cfg->upscale,
         cfg->head == MAMBAIR_HEAD_PIXELSHUFFLE          ? "pixelshuffle"
         : cfg->head == MAMBAIR_HEAD_PIXELSHUFFLE_DIRECT ? "pixelshuffledirect"
                                                         : "");
    META("step", "%" PRId64, t->step);
    META("loss", "%.9g", t->last_loss);
    if (isfinite(t->last_psnr)) META("psnr", "%.4f", t->last_psnr); /* NaN: not validated */
    char lk[64];
    tr_loss_describe(&t->opt.loss, lk, sizeof lk);
    META("loss_kind", "%s", lk);
    /* each file its own: the heads of a one-body run differ in scale */
    char desc[256];
    mambair_config_describe(cfg, desc, sizeof desc);
    META("description", "%s", desc);
    if (with_optimizer) {
        META("rng", "%016" PRIx64 "%016" PRIx64 "%016" PRIx64 "%016" PRIx64, t->rng.s[0],
             t->rng.s[1], t->rng.s[2], t->rng.s[3]);
        META("optimizer", "adam lr %.9g betas %.9g %.9g eps %.9g", t->opt.adam.lr,
             t->opt.adam.beta1, t->opt.adam.beta2, t->opt.adam.eps);
        META("batch", "%d", t->opt.batch);
        META("patch", "%d", t->opt.patch);
        META("seed", "%" PRIu64, t->opt.seed);
        META("drop_path", "%g", t->opt.drop_path);
        if (t->ema) META("ema", "%.9g", t->opt.ema);
    }
    for (int i = 0; meta && meta[i] && meta[i + 1]; i += 2)
        if (!st) st = mb_tensordict_set_meta(&td, meta[i], meta[i + 1], err);
#undef META
    if (!st) st = mb_safetensors_save(path, &td, err);
    mb_tensordict_free(&td);
    return st;
}

static mambair_status get_all(const mb_tensordict *td, const tr_layout *lay, const char *prefix,
                              float *x, mambair_error *err) {
    char nm[TR_NAME_MAX + 32];
    for (int64_t i = 0; i < lay->count; i++) {
        const tr_param *pr = &lay->params[i];
        snprintf(nm, sizeof nm, "%s%s", prefix, pr->name);
        const mb_tensor *t = mb_tensordict_find(td, nm);
        if (!t) return mb_error_set(err, MAMBAIR_ERR_FORMAT, "checkpoint lacks %s", nm);
        if (t->numel != pr->numel || t->dtype != MB_DTYPE_F32)
            return mb_error_set(err, MAMBAIR_ERR_FORMAT, "checkpoint tensor %s: %lld values, expected %lld F32",
                                nm, (long long)t->numel, (long long)pr->numel);
        memcpy(x + pr->offset, t->data, (size_t)pr->numel * sizeof(float));
    }
    return MAMBAIR_OK;
}

mambair_status tr_checkpoint_resume(tr_trainer *t, const mb_tensordict *td, mambair_error *err) {
    const char *step = mb_tensordict_meta(td, "step"), *rng = mb_tensordict_meta(td, "rng");
    if (!step || !rng || strlen(rng) != 64)
        return mb_error_set(err, MAMBAIR_ERR_FORMAT,
                            "not a resumable checkpoint: no step/rng metadata (saved without optimizer state?)");
    mambair_status st = get_all(td, &t->lay, "", t->p, err);
    if (!st) st = get_all(td, &t->lay, "optim.exp_avg.", t->m, err);
    if (!st) st = get_all(td, &t->lay, "optim.exp_avg_sq.", t->v, err);
    if (st) return st;
    /* a checkpoint saved without the average starts it at its weights */
    if (t->ema && (!mb_tensordict_find(td, "ema.conv_first.weight") ||
                   get_all(td, &t->lay, "ema.", t->ema, err)))
        tr_trainer_ema_reset(t);
    char *end;
    long long s = strtoll(step, &end, 10);
    if (*end || s < 0) return mb_error_set(err, MAMBAIR_ERR_FORMAT, "bad step \"%s\"", step);
    for (int i = 0; i < 4; i++) {
        char w[17];
        memcpy(w, rng + 16 * i, 16);
        w[16] = 0;
        t->rng.s[i] = strtoull(w, &end, 16);
        if (*end) return mb_error_set(err, MAMBAIR_ERR_FORMAT, "bad rng state \"%s\"", rng);
    }
    t->step = s;
    const char *l = mb_tensordict_meta(td, "loss"), *p = mb_tensordict_meta(td, "psnr");
    if (l) t->last_loss = strtod(l, NULL);
    if (p) t->last_psnr = strtod(p, NULL);
    return MAMBAIR_OK;
}
