/* restore.c — a model on an image's planes (see restore.h). */
#include "restore.h"

#include "image/alpha.h"
#include "image/paper-tiles.h"
#include "image/resize.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool restore_parse_int(const char *s, int lo, int hi, int *v) {
    if (!s || !*s) return false;
    char *end;
    errno = 0;
    long x = strtol(s, &end, 10);
    if (errno || *end || x < lo || x > hi) return false;
    *v = (int)x;
    return true;
}

bool restore_parse_memory(const char *s, size_t *bytes) {
    if (!s || !*s) return false;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    /* strtod also reads "nan", "inf" and hex: only a finite decimal number */
    if (errno || end == s || !isfinite(v) || v <= 0) return false;
    for (const char *p = s; p < end; p++)
        if (!strchr("0123456789.eE+", *p)) return false;
    double mult = 1;
    if (*end) {
        switch (*end) {
        case 'k': case 'K': mult = 1024.0; break;
        case 'm': case 'M': mult = 1024.0 * 1024; break;
        case 'g': case 'G': mult = 1024.0 * 1024 * 1024; break;
        case 't': case 'T': mult = 1024.0 * 1024 * 1024 * 1024; break;
        default: return false;
        }
        end++;
        if (*end == 'i') end++;
        if (*end == 'B' || *end == 'b') end++;
        if (*end) return false;
    }
    v *= mult;
    if (v < (double)RESTORE_MEMORY_MIN || v > (double)RESTORE_MEMORY_MAX) return false;
    *bytes = (size_t)v;
    return true;
}

bool restore_open_model(const char *path, mambair_task task, int level, mambair_model **model,
                        char *msg, size_t size) {
    return restore_open_model_for(path, task, level, MAMBAIR_SOURCE_CLEAN, model, msg, size);
}

bool restore_open_model_for(const char *path, mambair_task task, int level, mambair_source source,
                            mambair_model **model, char *msg, size_t size) {
    char found[4096];
    mambair_error err;
    if (!path) {
        if (mambair_builtin_model_path(task, level, source, NULL, found, sizeof found, &err) != MAMBAIR_OK) {
            snprintf(msg, size, "%s (%sgive one with --model)", err.message,
                     source == MAMBAIR_SOURCE_PHOTO ? "use --source clean, or " : "");
            return false;
        }
        path = found;
    }
    if (mambair_model_open_file(path, model, &err) != MAMBAIR_OK) {
        snprintf(msg, size, "%s", err.message);
        return false;
    }
    return true;
}

/* "15" or "10-50" at s (after spaces) -> lo, hi. */
static bool parse_level_range(const char *s, double *lo, double *hi) {
    char *end;
    while (*s == ' ') s++;
    double a = strtod(s, &end);
    if (end == s || !isfinite(a)) return false;
    double b = a;
    if (*end == '-') { /* "A-B" */
        const char *t = end + 1;
        b = strtod(t, &end);
        if (end == t || !isfinite(b)) return false;
    }
    if (a < 0 || b < a) return false;
    *lo = a;
    *hi = b;
    return true;
}

bool restore_model_noise_range(const mambair_model *model, double *lo, double *hi) {
    const char *v = mambair_model_metadata(model, "noise_level");
    if (v) return parse_level_range(v, lo, hi);
    /* models from `mambair train` name it in "data": "..., sigma 10-50" */
    const char *data = mambair_model_metadata(model, "data");
    const char *at = data ? strstr(data, "sigma ") : NULL;
    if (!at) return false;
    const char *next;
    while ((next = strstr(at + 1, "sigma "))) at = next; /* the last one */
    return parse_level_range(at + 6, lo, hi);
}

typedef struct tile_ctx {
    const mambair_model *model;
    const mambair_run_options *run;
} tile_ctx;

static mambair_status run_one_tile(void *user, const float *in, int w, int h, float *out,
                                   mambair_error *err) {
    tile_ctx *t = user;
    mambair_run_options o = *t->run;
    o.tile_size = -1; /* each paper tile runs whole */
    o.layout = MAMBAIR_LAYOUT_PLANAR;
    o.progress = NULL;
    return mambair_run(t->model, in, w, h, out, &o, err);
}

/* planes {mc, H, W} -> out {mc, H*s, W*s} */
static mambair_status run_planes(const mambair_model *model, const float *in, int w, int h, int mc,
                                 int s, float *out, const restore_options *opt, mambair_error *err) {
    if (opt->paper_tiling) {
        tile_ctx t = {model, &opt->run};
        mambair_status st = mb_paper_tiles_run(in, mc, w, h, s, 200, run_one_tile, &t, out, err);
        if (st == MAMBAIR_OK && opt->run.progress) opt->run.progress(opt->run.progress_user, 1.0, "done");
        return st;
    }
    mambair_run_options o = opt->run;
    o.layout = MAMBAIR_LAYOUT_PLANAR;
    return mambair_run(model, in, w, h, out, &o, err);
}

bool restore_check_size(const mambair_model *model, int width, int height, char *msg, size_t size) {
    const int64_t s = mambair_model_config(model)->upscale;
    if ((int64_t)width * s * height * s > IMAGE_MAX_PIXELS) {
        snprintf(msg, size, "the %lldx%lld result would be larger than %lld pixels",
                 (long long)(width * s), (long long)(height * s), (long long)IMAGE_MAX_PIXELS);
        return false;
    }
    return true;
}

bool restore_image(const mambair_model *model, const image *in, image *out,
                   const restore_options *opt, char *msg, size_t size) {
    const mambair_config *cfg = mambair_model_config(model);
    int s = cfg->upscale, mc = cfg->in_chans;
    int W = in->width, H = in->height;
    if (!restore_check_size(model, W, H, msg, size)) return false;
    size_t n = (size_t)W * H, on = n * (size_t)s * s;
    bool ok = false;
    float *color = NULL, *src = NULL, *dst = NULL;
    if (!image_alloc(out, W * s, H * s, in->channels, in->alpha != NULL)) {
        snprintf(msg, size, "out of memory for a %dx%d result", W * s, H * s);
        return false;
    }
    out->type = in->type;
    out->space = in->space;
    color = malloc(n * (size_t)in->channels * sizeof *color);
    bool replicate = mc == 3 && in->channels == 1; /* needs 3-plane scratch */
    if (replicate) {
        src = malloc(n * 3 * sizeof *src);
        dst = malloc(on * 3 * sizeof *dst);
    }
    if (!color || (replicate && (!src || !dst))) {
        snprintf(msg, size, "out of memory for a %dx%d image", W, H);
        goto done;
    }
    memcpy(color, in->color, n * (size_t)in->channels * sizeof *color);
    mambair_error err;
    if (in->alpha && mb_alpha_bleed_inplace(color, in->channels, in->alpha, W, H, &err) != MAMBAIR_OK) {
        snprintf(msg, size, "%s", err.message);
        goto done;
    }
    mambair_status st = MAMBAIR_OK;
    if (mc == in->channels) {
        st = run_planes(model, color, W, H, mc, s, out->color, opt, &err);
    } else if (mc == 3) { /* gray image, RGB model */
        for (int c = 0; c < 3; c++) memcpy(src + c * n, color, n * sizeof *src);
        st = run_planes(model, src, W, H, 3, s, dst, opt, &err);
        if (st == MAMBAIR_OK)
            for (size_t i = 0; i < on; i++)
                out->color[i] = (dst[i] + dst[on + i] + dst[2 * on + i]) * (1.0f / 3.0f);
    } else { /* RGB image, gray model: per channel */
        for (int c = 0; c < 3 && st == MAMBAIR_OK; c++)
            st = run_planes(model, color + c * n, W, H, 1, s, out->color + c * on, opt, &err);
    }
    if (st != MAMBAIR_OK) {
        snprintf(msg, size, "%s", err.message);
        goto done;
    }
    if (in->alpha) {
        if (s == 1) {
            memcpy(out->alpha, in->alpha, n * sizeof *out->alpha);
        } else if (mb_resize_bicubic_f32(in->alpha, 1, H, W, (double)s, out->alpha, &err) != MAMBAIR_OK) {
            snprintf(msg, size, "%s", err.message);
            goto done;
        } else {
            for (size_t i = 0; i < on; i++)
                out->alpha[i] = out->alpha[i] < 0 ? 0 : out->alpha[i] > 1 ? 1 : out->alpha[i];
        }
    }
    ok = true;
done:
    free(color);
    free(src);
    free(dst);
    if (!ok) image_free(out);
    return ok;
}
