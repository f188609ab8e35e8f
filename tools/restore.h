/*
 * restore.h — run a model on a whole image file's pixels: what upscale,
 * denoise and eval share. Handles gray/RGB mismatches and alpha:
 *  - gray image, RGB model: the gray plane is replicated to R, G, B, the
 *    model runs, and the three output planes are averaged back to gray;
 *  - RGB image, gray model: each colour plane runs through the model on its
 *    own (per-channel);
 *  - alpha: colour of fully transparent pixels is replaced by its visible
 *    neighbours' (core/image/alpha.h) so no fringes appear; alpha is resized
 *    with MATLAB bicubic (clamped to 0..1) for super-resolution, kept for
 *    denoising. It never goes through the network.
 */
#ifndef MAMBAIR_RESTORE_H
#define MAMBAIR_RESTORE_H

#include "image-io.h"
#include "mambair.h"

#include <stdbool.h>

typedef struct restore_options {
    mambair_run_options run;
    bool paper_tiling; /* the official 200-px test tiling (eval), else the engine's tiler */
} restore_options;

/* False (msg says why) when the model's output for a W x H image would be
 * larger than IMAGE_MAX_PIXELS. Checked again by restore_image(); callers
 * use it on image_probe()'s size to refuse before decoding a huge file. */
bool restore_check_size(const mambair_model *model, int width, int height, char *msg, size_t size);

/* out gets a new image of the model's output size, same type/space as in. */
bool restore_image(const mambair_model *model, const image *in, image *out,
                   const restore_options *opt, char *msg, size_t size);

/* Open --model, or the built-in model for (task, level) when path is NULL. */
bool restore_open_model(const char *path, mambair_task task, int level, mambair_model **model,
                        char *msg, size_t size);

/* The same, with the built-in model of the given kind (clean or photo). */
bool restore_open_model_for(const char *path, mambair_task task, int level, mambair_source source,
                            mambair_model **model, char *msg, size_t size);

/* "512M", "2G", "1073741824" -> bytes; false for anything else, for NaN,
 * and outside RESTORE_MEMORY_MIN..RESTORE_MEMORY_MAX (0 would mean "no
 * memory", 9e18 is no budget at all). */
#define RESTORE_MEMORY_MIN ((size_t)1 << 20) /* 1 MiB  */
#define RESTORE_MEMORY_MAX ((size_t)1 << 46) /* 64 TiB */
bool restore_parse_memory(const char *s, size_t *bytes);

/* The noise level (sigma, 0..255 scale) a denoise model was made for, as
 * its file records it: metadata "noise_level" ("15" or "10-50"), or the
 * trainer's "data" ("..., sigma 10-50"). False when it records none. */
bool restore_model_noise_range(const mambair_model *model, double *lo, double *hi);

/* Strict integer parse in [lo, hi]. */
bool restore_parse_int(const char *s, int lo, int hi, int *v);

#endif
