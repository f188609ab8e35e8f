/* models.c — where the built-in models are, and which one fits a task. */
#include "base.h"

#include <string.h>
#include <unistd.h>

#ifndef MAMBAIR_MODEL_DIR
#define MAMBAIR_MODEL_DIR "/usr/local/share/mambair/models"
#endif
/* The source tree's data/models: lets a build run before it is installed. */
#ifndef MAMBAIR_SOURCE_MODEL_DIR
#define MAMBAIR_SOURCE_MODEL_DIR ""
#endif

static const int denoise_levels[] = {15, 25, 50};

int mambair_default_denoise_level(int sigma) {
    int best = denoise_levels[0];
    for (size_t i = 0; i < sizeof denoise_levels / sizeof denoise_levels[0]; i++) {
        int d = abs(denoise_levels[i] - sigma), bd = abs(best - sigma);
        if (d < bd) best = denoise_levels[i];
    }
    return best;
}

static bool try_dir(const char *dir, const char *file, char *path, size_t size) {
    if (!dir || !dir[0]) return false;
    int n = snprintf(path, size, "%s/%s", dir, file);
    if (n < 0 || (size_t)n >= size) return false;
    return access(path, R_OK) == 0;
}

mambair_status mambair_default_model_path(mambair_task task, int level, const char *extra_dir,
                                          char *path, size_t size, mambair_error *err) {
    return mambair_builtin_model_path(task, level, MAMBAIR_SOURCE_CLEAN, extra_dir, path, size, err);
}

mambair_status mambair_builtin_model_path(mambair_task task, int level, mambair_source source,
                                          const char *extra_dir, char *path, size_t size,
                                          mambair_error *err) {
    if (!path || size == 0)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "no buffer for the model path");
    path[0] = '\0';
    char file[64];
    if (source == MAMBAIR_SOURCE_PHOTO) {
        if (task != MAMBAIR_TASK_SUPER_RESOLUTION)
            return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                                "the built-in photo models enlarge; they do not denoise or remove JPEG artefacts");
        if (mambair_photo_max_jpeg_quality(level) == 0) /* the scales with a photo model */
            return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                                "there is no built-in photo model for x%d (they exist for x2, x3 and x4)", level);
        snprintf(file, sizeof file, "photo-x%d.safetensors", level);
    } else if (source != MAMBAIR_SOURCE_CLEAN) {
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "unknown kind of built-in model %d",
                            (int)source);
    } else if (task == MAMBAIR_TASK_SUPER_RESOLUTION) {
        if (level < 2 || level > 4)
            return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                                "there is no built-in model for scale x%d (x2, x3 and x4 exist)", level);
        snprintf(file, sizeof file, "sr-x%d.safetensors", level);
    } else if (task == MAMBAIR_TASK_JPEG) {
        snprintf(file, sizeof file, "dejpeg.safetensors");
    } else {
        snprintf(file, sizeof file, "denoise-s%d.safetensors", mambair_default_denoise_level(level));
    }
    const char *dirs[] = {extra_dir, getenv("MAMBAIR_MODEL_DIR"), MAMBAIR_MODEL_DIR,
                          MAMBAIR_SOURCE_MODEL_DIR};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        if (try_dir(dirs[i], file, path, size)) return MAMBAIR_OK;
    path[0] = '\0';
    return mb_error_set(err, MAMBAIR_ERR_IO,
                        "the built-in model %s was not found (looked in %s%s$MAMBAIR_MODEL_DIR and %s)",
                        file, extra_dir ? extra_dir : "", extra_dir ? ", " : "", MAMBAIR_MODEL_DIR);
}
