/*
 * summary.c — the dialog's information line: what the chosen model is, and
 * roughly how long the run will take. The estimate comes from timing the
 * model on a small patch once (the speed depends on the machine and the
 * model far more than on anything we could tabulate), then from the
 * dialog's preview, which times the model on the image's own pixels.
 */
#include "dialog.h"

#include <string.h>

#include "../plugin/intl.h"
#include "mambair.h"

#define CAL_SIZE 32

/* The last model looked at: opening a large model takes a moment, and the
 * dialog asks again on every change of any argument. */
static struct {
    char path[4096];
    char desc[256];
    int upscale, task, ok;
    double sec_per_px; /* per input pixel, without ensemble */
    char *error;
} cache;

static void cache_fill(const mb_pl_params *p, const char *path) {
    g_strlcpy(cache.path, path, sizeof cache.path);
    g_clear_pointer(&cache.error, g_free);
    cache.ok = 0;
    GError *error = NULL;
    mambair_model *m = mb_pl_model_open(p, &error);
    if (!m) {
        cache.error = g_strdup(error ? error->message : "");
        g_clear_error(&error);
        return;
    }
    const mambair_config *cfg = mambair_model_config(m);
    mambair_config_describe(cfg, cache.desc, sizeof cache.desc);
    cache.upscale = cfg->upscale;
    cache.task = cfg->task;
    float *in = g_new0(float, (gsize)cfg->in_chans * CAL_SIZE * CAL_SIZE);
    float *out = g_new0(float, (gsize)cfg->in_chans * CAL_SIZE * CAL_SIZE * cfg->upscale *
                                   cfg->upscale);
    mambair_run_options opt;
    mambair_run_options_default(&opt);
    gint64 t0 = g_get_monotonic_time();
    if (mambair_run(m, in, CAL_SIZE, CAL_SIZE, out, &opt, NULL) == MAMBAIR_OK)
        cache.sec_per_px = (g_get_monotonic_time() - t0) * 1e-6 / (CAL_SIZE * CAL_SIZE);
    g_free(in);
    g_free(out);
    mambair_model_free(m);
    cache.ok = 1;
}

static char *format_duration(double sec) {
    if (sec < 60) {
        int n = MAX(1, (int)(sec + 0.5));
        return g_strdup_printf(
            g_dngettext(GETTEXT_PACKAGE, "about %d second", "about %d seconds", n), n);
    }
    if (sec < 3600) return g_strdup_printf(_("about %.0f minutes"), sec / 60);
    return g_strdup_printf(_("about %.1f hours"), sec / 3600);
}

/* A different task may make the same file wrong, so the key is both. */
static gboolean cache_key(const mb_pl_params *p, char *path, size_t size, char *key,
                          size_t key_size, GError **error) {
    if (!mb_pl_model_path(p, path, size, error)) return FALSE;
    g_snprintf(key, key_size, "%d|%s", p->task, path);
    return TRUE;
}

void mb_pl_summary_measured(const mb_pl_params *p, double sec_per_px) {
    char path[4096], key[4200];
    if (cache_key(p, path, sizeof path, key, sizeof key, NULL) && strcmp(key, cache.path) == 0 &&
        cache.ok && sec_per_px > 0)
        cache.sec_per_px = sec_per_px;
}

char *mb_pl_model_summary(const mb_pl_params *p, int width, int height) {
    char path[4096], key[4200];
    GError *error = NULL;
    if (!cache_key(p, path, sizeof path, key, sizeof key, &error)) {
        char *s = g_strdup(error->message);
        g_error_free(error);
        return s;
    }
    if (strcmp(key, cache.path) != 0) {
        cache_fill(p, path);
        g_strlcpy(cache.path, key, sizeof cache.path);
    }
    if (!cache.ok) return g_strdup(cache.error);
    char *base = g_path_get_basename(path);
    double sec = cache.sec_per_px * width * height * (p->ensemble ? 8 : 1);
    char *dur = format_duration(sec);
    char *s = g_strdup_printf(_("Model: %s (%s)\nOutput: %d × %d pixels; time: %s"), base,
                              cache.desc, width * cache.upscale, height * cache.upscale, dur);
    g_free(dur);
    g_free(base);
    return s;
}
