/*
 * summary.c — the dialog's words about the model and the run: what the
 * chosen model is (from the facts the engine detects, worded here so they
 * can be translated), and roughly how long the run takes and how much
 * memory it needs. The time comes from timing the model on a small patch
 * once (the speed depends on the machine and the model far more than on
 * anything we could tabulate), then from the dialog's preview, which times
 * the model on the image's own pixels.
 */
#include "dialog.h"

#include <inttypes.h>
#include <string.h>

#include "../plugin/intl.h"
#include "../plugin/models.h"

#define CAL_SIZE 32

/* The last models looked at: opening a large model takes a moment, and the
 * dialog asks again on every change of any argument. */
static struct {
    char key[4 * 4096 + 64];
    int ok;
    mb_pl_models ms;
    double sec_per_px; /* per input pixel and model run, without ensemble */
    char *error;
} cache;

static void cache_key(const mb_pl_params *p, const mb_pl_models *plan, char *key, size_t size) {
    g_snprintf(key, size, "%d|%d|%s|%s", p->task, plan->mix.n, plan->paths[0],
               plan->mix.n > 1 ? plan->paths[1] : "");
}

/* Open the models (kept for the memory estimate) and time the first one. */
static gboolean cache_fill(const mb_pl_params *p) {
    mb_pl_models plan;
    GError *error = NULL;
    memset(&plan, 0, sizeof plan);
    if (!mb_pl_models_plan(p, plan.paths, &plan.mix, &plan.n_levels, &error)) {
        g_free(cache.error);
        cache.error = g_strdup(error->message);
        g_error_free(error);
        cache.key[0] = '\0';
        cache.ok = 0;
        return FALSE;
    }
    char key[sizeof cache.key];
    cache_key(p, &plan, key, sizeof key);
    if (strcmp(key, cache.key) == 0) {
        cache.ms.mix = plan.mix;
        cache.ms.n_levels = plan.n_levels;
        return cache.ok;
    }
    g_strlcpy(cache.key, key, sizeof cache.key);
    g_clear_pointer(&cache.error, g_free);
    cache.ok = 0;
    if (!mb_pl_models_open(p, &cache.ms, &error)) {
        cache.error = g_strdup(error ? error->message : "");
        g_clear_error(&error);
        return FALSE;
    }
    const mambair_config *cfg = mb_pl_models_config(&cache.ms);
    float *in = g_new0(float, (gsize)cfg->in_chans * CAL_SIZE * CAL_SIZE);
    float *out = g_new0(float, (gsize)cfg->in_chans * CAL_SIZE * CAL_SIZE * cfg->upscale *
                                   cfg->upscale);
    mambair_run_options opt;
    mambair_run_options_default(&opt);
    gint64 t0 = g_get_monotonic_time();
    if (mambair_run(cache.ms.m[0], in, CAL_SIZE, CAL_SIZE, out, &opt, NULL) == MAMBAIR_OK)
        cache.sec_per_px = (g_get_monotonic_time() - t0) * 1e-6 / (CAL_SIZE * CAL_SIZE);
    g_free(in);
    g_free(out);
    cache.ok = 1;
    return TRUE;
}

/* "164,992" in the user's locale (grouping as LC_NUMERIC says). */
static char *format_count(int64_t n) { return g_strdup_printf("%'" PRId64, n); }

static char *format_duration(double sec) {
    if (sec < 60) {
        int n = MAX(1, (int)(sec + 0.5));
        return g_strdup_printf(
            g_dngettext(GETTEXT_PACKAGE, "about %d second", "about %d seconds", n), n);
    }
    if (sec < 3600) {
        int n = (int)(sec / 60 + 0.5);
        return g_strdup_printf(
            g_dngettext(GETTEXT_PACKAGE, "about %d minute", "about %d minutes", n), n);
    }
    char *h = g_strdup_printf("%.1f", sec / 3600);
    char *s = g_strdup_printf(_("about %s hours"), h);
    g_free(h);
    return s;
}

static char *format_memory(size_t bytes) {
    double mb = bytes / (1024.0 * 1024.0);
    if (mb < 1024) {
        char *n = format_count((int64_t)(mb + 0.5 < 1 ? 1 : mb + 0.5));
        char *s = g_strdup_printf(_("%s MB"), n);
        g_free(n);
        return s;
    }
    char *n = g_strdup_printf("%.1f", mb / 1024);
    char *s = g_strdup_printf(_("%s GB"), n);
    g_free(n);
    return s;
}

/* What the model does, from the facts the engine found in the file. */
static char *describe(const mambair_model *m) {
    const mambair_config *cfg = mambair_model_config(m);
    /* denoising and JPEG artefact removal have the same shapes: the trainer
     * records which one a model learnt */
    const char *task = mambair_model_metadata(m, "task");
    char *what;
    if (task && strcmp(task, "jpeg") == 0) {
        what = g_strdup(_("JPEG artefact removal"));
    } else if (cfg->task == MAMBAIR_TASK_SUPER_RESOLUTION) {
        const char *degrade = mambair_model_metadata(m, "degrade");
        if (degrade && strcmp(degrade, "photo") == 0)
            what = g_strdup_printf(_("super-resolution ×%d for photos (also removes blur, noise "
                                     "and JPEG blocks)"),
                                   cfg->upscale);
        else if (cfg->head == MAMBAIR_HEAD_PIXELSHUFFLE_DIRECT)
            what = g_strdup_printf(_("lightweight super-resolution ×%d"), cfg->upscale);
        else if (cfg->head == MAMBAIR_HEAD_PIXELSHUFFLE)
            what = g_strdup_printf(_("classic super-resolution ×%d"), cfg->upscale);
        else
            what = g_strdup_printf(_("super-resolution ×%d"), cfg->upscale);
    } else {
        what = g_strdup(cfg->in_chans == 1 ? _("restoration of gray images (noise or JPEG "
                                               "artefacts)")
                                           : _("noise removal"));
    }
    char *count = format_count(cfg->n_params);
    char *params = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%s parameter", "%s parameters",
                                               (unsigned long)cfg->n_params),
                                   count);
    /* TRANSLATORS: what the model does, its colours, its size */
    char *s = g_strdup_printf(_("%s, %s, %s"), what, cfg->in_chans == 1 ? _("gray") : _("colour"),
                              params);
    g_free(what);
    g_free(count);
    g_free(params);
    return s;
}

char *mb_pl_model_words(const mb_pl_params *p, int *n_levels) {
    if (n_levels) *n_levels = 1;
    if (!cache_fill(p)) return g_strdup(cache.error ? cache.error : "");
    if (n_levels) *n_levels = cache.ms.n_levels;
    char *desc = describe(cache.ms.m[0]);
    char *s;
    if (p->model_file[0]) {
        char *base = g_path_get_basename(p->model_file);
        s = g_strdup_printf(_("Model file %s: %s."), base, desc);
        g_free(base);
    } else {
        s = g_strdup_printf(_("Built-in model: %s."), desc);
    }
    g_free(desc);
    return s;
}

void mb_pl_summary_measured(const mb_pl_params *p, double sec_per_px) {
    if (cache_fill(p) && sec_per_px > 0) cache.sec_per_px = sec_per_px;
}

char *mb_pl_estimate(const mb_pl_params *p, int width, int height) {
    if (!cache_fill(p)) return NULL;
    const mambair_config *cfg = mb_pl_models_config(&cache.ms);
    int runs = cache.ms.mix.n;
    double sec = cache.sec_per_px * width * height * (p->ensemble ? 8 : 1) * runs;
    mambair_run_options opt;
    mambair_run_options_default(&opt);
    opt.tile_size = p->tile_size;
    opt.ensemble = p->ensemble;
    /* the runs of a blend come one after the other; their results are kept */
    size_t bytes = mambair_run_memory_estimate(cache.ms.m[0], width, height, &opt);
    size_t result = (size_t)width * height * cfg->upscale * cfg->upscale * cfg->in_chans *
                    sizeof(float);
    bytes += result * (size_t)(runs - 1);
    char *dur = format_duration(sec), *mem = format_memory(bytes);
    char *w = format_count((int64_t)width * cfg->upscale);
    char *h = format_count((int64_t)height * cfg->upscale);
    char *s = g_strdup_printf(_("Result: %s × %s pixels. Takes %s and %s of memory."), w, h, dur,
                              mem);
    g_free(dur);
    g_free(mem);
    g_free(w);
    g_free(h);
    return s;
}

char *mb_pl_source_words(const mb_pl_params *p) {
    mb_pl_source k = p->source >= 0 && p->source < MB_PL_SOURCE_COUNT ? p->source : MB_PL_SOURCE_CLEAN;
    const char *purpose = _(mb_pl_source_purpose(k));
    if (k != MB_PL_SOURCE_AUTO) return g_strdup(purpose);
    char *chosen;
    if (p->jpeg_quality < 1)
        chosen = g_strdup(_("This picture was not opened from a JPEG: Clean."));
    else if (mb_pl_source_effective(p) == MB_PL_SOURCE_PHOTO)
        chosen = g_strdup_printf(_("This picture was opened from a JPEG saved at quality %d: Photo."),
                                 p->jpeg_quality);
    else
        chosen = g_strdup_printf(_("This picture was opened from a JPEG saved at quality %d, high "
                                   "enough for Clean."),
                                 p->jpeg_quality);
    char *words = g_strdup_printf("%s %s", purpose, chosen);
    g_free(chosen);
    return words;
}
