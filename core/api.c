/* api.c — the public entry points: check arguments, then call the modules. */
#include "base.h"
#include "io/tensordict.h"
#include "net/net.h"
#include "tile/tiler.h"

#include <string.h>

struct mambair_model {
    mb_net *net;
    mb_tensordict meta; /* only the metadata of the file is kept */
};

static mambair_status model_from_dict(mb_tensordict *td, mambair_model **out, mambair_error *err) {
    mambair_model *m = mb_calloc(1, sizeof *m);
    if (!m) return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory opening the model");
    mambair_status st = mb_net_create(td, &m->net, err);
    if (st != MAMBAIR_OK) {
        mb_free(m);
        return st;
    }
    /* keep the metadata, drop the tensors (the net has its own packed copy) */
    m->meta.meta_count = td->meta_count;
    m->meta.meta_keys = td->meta_keys;
    m->meta.meta_values = td->meta_values;
    td->meta_count = 0;
    td->meta_keys = td->meta_values = NULL;
    *out = m;
    return MAMBAIR_OK;
}

mambair_status mambair_model_open_memory(const void *data, size_t size, const char *name,
                                         mambair_model **out, mambair_error *err) {
    if (out) *out = NULL;
    if (!data || !out) return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "no model data given");
    mb_tensordict td = {0};
    mambair_status st = mb_tensordict_load_memory(data, size, name, &td, err);
    if (st == MAMBAIR_OK) {
        st = model_from_dict(&td, out, err);
        if (st != MAMBAIR_OK && name) mb_error_prefix(err, "%s", name);
    }
    mb_tensordict_free(&td);
    return st;
}

mambair_status mambair_model_open_file(const char *path, mambair_model **out, mambair_error *err) {
    if (out) *out = NULL;
    if (!path || !out) return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "no model path given");
    mb_tensordict td = {0};
    mambair_status st = mb_tensordict_load_file(path, &td, err);
    if (st == MAMBAIR_OK) {
        st = model_from_dict(&td, out, err);
        if (st != MAMBAIR_OK) mb_error_prefix(err, "%s", path);
    }
    mb_tensordict_free(&td);
    return st;
}

void mambair_model_free(mambair_model *model) {
    if (!model) return;
    mb_net_free(model->net);
    mb_tensordict_free(&model->meta);
    mb_free(model);
}

const mambair_config *mambair_model_config(const mambair_model *model) {
    return model ? mb_net_config(model->net) : NULL;
}

const char *mambair_model_metadata(const mambair_model *model, const char *key) {
    return model && key ? mb_tensordict_meta(&model->meta, key) : NULL;
}

static void format_thousands(int64_t v, char *buf, size_t size) {
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", (long long)v);
    size_t n = strlen(digits), o = 0;
    for (size_t i = 0; i < n && o + 2 < size; i++) {
        if (i > 0 && (n - i) % 3 == 0) buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
}

void mambair_config_describe(const mambair_config *cfg, char *buf, size_t size) {
    if (!buf || size == 0) return;
    if (!cfg) {
        snprintf(buf, size, "(no model)");
        return;
    }
    char params[40];
    format_thousands(cfg->n_params, params, sizeof params);
    const char *kind = cfg->head == MAMBAIR_HEAD_PIXELSHUFFLE_DIRECT ? "lightweight "
                       : cfg->head == MAMBAIR_HEAD_PIXELSHUFFLE      ? "classic "
                                                                     : "";
    if (cfg->task == MAMBAIR_TASK_SUPER_RESOLUTION)
        snprintf(buf, size, "%ssuper-resolution x%d, %s, %s parameters", kind, cfg->upscale,
                 cfg->in_chans == 1 ? "gray" : "RGB", params);
    else if (cfg->task == MAMBAIR_TASK_JPEG) /* never detected: set by the trainer */
        snprintf(buf, size, "JPEG artefact removal, %s, %s parameters",
                 cfg->in_chans == 1 ? "gray" : "RGB", params);
    else
        snprintf(buf, size, "%s, %s, %s parameters",
                 cfg->in_chans == 1 ? "restoration (gray, denoise / JPEG artefacts)" : "denoise",
                 cfg->in_chans == 1 ? "gray" : "RGB", params);
}

void mambair_run_options_default(mambair_run_options *opt) {
    if (!opt) return;
    memset(opt, 0, sizeof *opt);
    opt->clamp = 1;
    opt->layout = MAMBAIR_LAYOUT_PLANAR;
}

static mambair_run_options resolve_options(const mambair_run_options *opt) {
    mambair_run_options o;
    if (opt)
        o = *opt;
    else
        mambair_run_options_default(&o);
    /* memory_budget 0 stays 0: the planner then takes what the fastest
     * tiling needs, up to its own ceiling (core/tile/plan.h) */
    return o;
}

mambair_status mambair_run(const mambair_model *model, const float *in, int width, int height,
                           float *out, const mambair_run_options *opt, mambair_error *err) {
    if (!model || !in || !out)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "model, input and output are required");
    if (width < 1 || height < 1)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "image size %dx%d is empty", width,
                            height);
    mambair_run_options o = resolve_options(opt);
    if (o.layout != MAMBAIR_LAYOUT_PLANAR && o.layout != MAMBAIR_LAYOUT_INTERLEAVED)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "unknown pixel layout %d", (int)o.layout);
    return mb_tiler_run(model->net, in, width, height, out, &o, err);
}

size_t mambair_run_memory_estimate(const mambair_model *model, int width, int height,
                                   const mambair_run_options *opt) {
    if (!model || width < 1 || height < 1) return 0;
    mambair_run_options o = resolve_options(opt);
    return mb_tiler_memory_estimate(model->net, width, height, &o);
}

mambair_status mambair_run_plan_query(const mambair_model *model, int width, int height,
                                      const mambair_run_options *opt, mambair_run_plan *plan,
                                      mambair_error *err) {
    if (!model || !plan)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "model and plan are required");
    mambair_run_options o = resolve_options(opt);
    return mb_tiler_plan(model->net, width, height, &o, plan, err);
}
