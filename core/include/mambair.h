/*
 * mambair.h — the public interface of the MambaIR CPU engine.
 *
 * MambaIR v1 (Guo et al., ECCV 2024) restores images with residual state-space
 * blocks. This library runs the network on the CPU exactly as the official code
 * does, on weights read straight from official PyTorch checkpoints (.pth, zip or
 * legacy format) or .safetensors files.
 *
 * Usage:
 *
 *     mambair_model *m = NULL;
 *     mambair_error err;
 *     if (mambair_model_open_file("model.pth", &m, &err) != MAMBAIR_OK) {
 *         fprintf(stderr, "%s\n", err.message);
 *         return 1;
 *     }
 *     const mambair_config *cfg = mambair_model_config(m);
 *     // output is (width * cfg->upscale) x (height * cfg->upscale)
 *     mambair_run_options opt;
 *     mambair_run_options_default(&opt);
 *     st = mambair_run(m, in, width, height, out, &opt, &err);
 *     mambair_model_free(m);
 *
 * Ownership: a model is immutable after it is opened; any number of threads may
 * run it at the same time. Pixels belong to the caller: the input is never
 * modified, the output buffer is written only when a run succeeds.
 *
 * Errors: every entry point that can fail returns a mambair_status; when the
 * optional mambair_error pointer is not NULL it receives the code and a one-line
 * message that names the problem (file, tensor, expected vs found).
 *
 * The library uses libm, POSIX threads and OpenBLAS (loaded at run time; see
 * mambair_blas_info()). It contains no GIMP, GEGL or GLib code.
 */
#ifndef MAMBAIR_H
#define MAMBAIR_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MAMBAIR_VERSION_STRING "0.1.0"

/* ---------------------------------------------------------------- status */

typedef enum mambair_status {
    MAMBAIR_OK = 0,
    MAMBAIR_ERR_INVALID_ARGUMENT, /* a caller passed a NULL, a zero size, ...   */
    MAMBAIR_ERR_IO,               /* a file could not be opened, read, written  */
    MAMBAIR_ERR_FORMAT,           /* not a model file, or a corrupt/truncated one */
    MAMBAIR_ERR_UNSAFE,           /* a pickle asks for code we refuse to run     */
    MAMBAIR_ERR_UNSUPPORTED,      /* a valid file that is not a MambaIR v1 model,
                                     or uses a feature we do not support        */
    MAMBAIR_ERR_NO_MEMORY,        /* an allocation failed                       */
    MAMBAIR_ERR_LIMIT,            /* a size exceeds a limit or the memory budget */
    MAMBAIR_ERR_CANCELLED,        /* the caller cancelled the run               */
    MAMBAIR_ERR_INTERNAL,         /* a bug: please report it                    */
    MAMBAIR_STATUS_COUNT
} mambair_status;

#define MAMBAIR_ERROR_MESSAGE_SIZE 512

typedef struct mambair_error {
    mambair_status code;
    char message[MAMBAIR_ERROR_MESSAGE_SIZE];
} mambair_error;

/* A short constant English text for a status ("cancelled", ...). */
const char *mambair_status_string(mambair_status status);

/* ---------------------------------------------------------------- model */

typedef struct mambair_model mambair_model;

#define MAMBAIR_MAX_GROUPS 32

typedef enum mambair_head {
    MAMBAIR_HEAD_PIXELSHUFFLE = 0,    /* classic SR: conv 64, (conv + shuffle)*, conv  */
    MAMBAIR_HEAD_PIXELSHUFFLE_DIRECT, /* light SR: one conv + shuffle                  */
    MAMBAIR_HEAD_RESIDUAL             /* denoise / JPEG CAR: out = in + conv(features) */
} mambair_head;

typedef enum mambair_task {
    MAMBAIR_TASK_SUPER_RESOLUTION = 0,
    MAMBAIR_TASK_DENOISE, /* what a residual-head model is detected as: denoise or
                             JPEG artefact removal have the same shapes         */
    MAMBAIR_TASK_JPEG     /* JPEG artefact removal: names the built-in model in
                             mambair_default_model_path; never detected         */
} mambair_task;

/* Everything detected from the tensor names and shapes of a model file. */
typedef struct mambair_config {
    int in_chans;                      /* 1 (gray) or 3 (RGB)                      */
    int embed_dim;                     /* C                                         */
    int n_groups;                      /* number of residual state-space groups     */
    int depths[MAMBAIR_MAX_GROUPS];    /* blocks per group                          */
    int d_state;                       /* N                                         */
    int d_inner;                       /* Din = int(mlp_ratio * C)                  */
    int dt_rank;                       /* R = ceil(C / 16)                          */
    int upscale;                       /* 1 for denoise heads                       */
    mambair_head head;
    mambair_task task;
    int light_cab;                     /* 1: lightweight conv block (1x1/dw/dilated) */
    int64_t n_params;                  /* parameters in the file that the net uses  */
} mambair_config;

/* Open a model from a file (.pth, .pt, .safetensors; format found from the
 * content, not the name). */
mambair_status mambair_model_open_file(const char *path, mambair_model **out,
                                       mambair_error *err);

/* Open a model from memory. `name` is used in messages only (may be NULL).
 * The bytes are copied as needed; the caller may free them afterwards. */
mambair_status mambair_model_open_memory(const void *data, size_t size, const char *name,
                                         mambair_model **out, mambair_error *err);

void mambair_model_free(mambair_model *model); /* NULL is fine */

const mambair_config *mambair_model_config(const mambair_model *model);

/* Metadata stored in a .safetensors header (`__metadata__`), e.g. "task",
 * "noise_level", "description". NULL when absent. */
const char *mambair_model_metadata(const mambair_model *model, const char *key);

/* One-line human description, e.g. "super-resolution x2, light, 905,016 parameters". */
void mambair_config_describe(const mambair_config *cfg, char *buf, size_t size);

/* ---------------------------------------------------------------- running */

typedef enum mambair_layout {
    MAMBAIR_LAYOUT_PLANAR = 0,     /* C planes of H x W floats (NCHW, batch 1) */
    MAMBAIR_LAYOUT_INTERLEAVED     /* H x W pixels of C floats (HWC)           */
} mambair_layout;

/* Progress: fraction in [0, 1], monotonic, exactly 1.0 at the end; stage is a
 * short English text such as "tile 3/12, block 5/24". Called from the thread
 * that called mambair_run. Return non-zero to cancel the run. */
typedef int (*mambair_progress_fn)(void *user, double fraction, const char *stage);

typedef struct mambair_run_options {
    int n_threads;            /* worker threads; default 0 = all cores              */
    int tile_size;            /* tile edge in input pixels; default 0 = automatic
                                 (the fastest tiling that fits the memory budget,
                                 the whole image when that is fastest);
                                 -1 = whole image, never tile                        */
    int tile_overlap;         /* overlap between tiles in input pixels; default 0 =
                                 automatic                                           */
    size_t memory_budget;     /* bytes the run may allocate; default 0 = automatic:
                                 what the fastest tiling needs, at most 2 GiB        */
    int ensemble;             /* 1 = average the 8 flips/rotations; default 0       */
    int clamp;                /* 1 = clamp output to [0, 1]; default 1              */
    mambair_layout layout;    /* pixel layout of input and output; default planar   */
    mambair_progress_fn progress; /* default NULL                                    */
    void *progress_user;
    const volatile int *cancel; /* non-NULL: the run stops soon after *cancel != 0  */
} mambair_run_options;

void mambair_run_options_default(mambair_run_options *opt);

/* Run the model on one image of `width` x `height` pixels with
 * cfg->in_chans channels, values nominally in 0..1 (values outside are legal;
 * NaN and infinite values are read as 0, the input buffer itself untouched).
 * `out` must hold in_chans * (width * upscale) * (height * upscale) floats.
 * Returns MAMBAIR_ERR_CANCELLED (out untouched) when cancelled. */
mambair_status mambair_run(const mambair_model *model, const float *in, int width, int height,
                           float *out, const mambair_run_options *opt, mambair_error *err);

/* Bytes a run of this size would allocate with these options (tile choice
 * included); lets a caller warn before starting. */
size_t mambair_run_memory_estimate(const mambair_model *model, int width, int height,
                                   const mambair_run_options *opt);

/* The tiling a run of this size would use: what mambair_run() would do with
 * these options, without running. */
typedef struct mambair_run_plan {
    int tile_width, tile_height; /* input pixels; the image size when not tiled */
    int tiles_x, tiles_y;        /* 1 x 1: the whole image in one forward       */
    int overlap;                 /* input pixels neighbouring tiles share       */
    size_t bytes;                /* what the run allocates (the estimate above) */
    double seconds;              /* time predicted by the planner's cost model:
                                    for comparing plans, not a promise          */
} mambair_run_plan;

mambair_status mambair_run_plan_query(const mambair_model *model, int width, int height,
                                      const mambair_run_options *opt, mambair_run_plan *plan,
                                      mambair_error *err);

/* ---------------------------------------------------------------- built-in models */

/* The models shipped with the program are named
 *     sr-x2.safetensors, sr-x3.safetensors, sr-x4.safetensors,
 *     denoise-s15.safetensors, denoise-s25.safetensors, denoise-s50.safetensors,
 *     dejpeg.safetensors (blind colour JPEG artefact removal; `level` unused)
 * and searched in: `extra_dir` (if not NULL; the plug-in passes its own
 * folder's "models"), $MAMBAIR_MODEL_DIR, the installed data folder, then the
 * source tree's data/models (so a build works before it is installed).
 * For denoising, `level` is the noise sigma on the 0..255 scale and the
 * nearest trained level is chosen; for super-resolution it is the scale.
 * Writes the path of the first file that exists. */
mambair_status mambair_default_model_path(mambair_task task, int level, const char *extra_dir,
                                          char *path, size_t size, mambair_error *err);

/* The built-in super-resolution models come in two kinds: for clean sources
 * (sr-xN: trained to undo plain downscaling, for renders, screenshots and
 * lossless pictures) and for photographs (photo-xN: trained on blur, noise,
 * resizing and JPEG compression, for camera pictures and web JPEGs). */
typedef enum mambair_source {
    MAMBAIR_SOURCE_CLEAN = 0,
    MAMBAIR_SOURCE_PHOTO
} mambair_source;

/* As mambair_default_model_path, for the model of the given kind: the photo
 * models are photo-x2, photo-x3 and photo-x4.safetensors; asked
 * for another task or scale, or when no photo model is installed, it fails
 * (MAMBAIR_ERR_UNSUPPORTED or MAMBAIR_ERR_IO) and the caller decides whether
 * the clean model will do. */
mambair_status mambair_builtin_model_path(mambair_task task, int level, mambair_source source,
                                          const char *extra_dir, char *path, size_t size,
                                          mambair_error *err);

/* The quality (1..100, the libjpeg scale) a JPEG was saved at, from its
 * luminance quantisation table (64 steps in natural order, as libjpeg's
 * quantval holds them): the exact setting for files from libjpeg-based
 * encoders, the nearest equivalent for encoders with tables of their own.
 * 0 when the table cannot be a JPEG's (a zero step) or is NULL. */
int mambair_jpeg_quality(const uint16_t table[64]);

/* The highest JPEG quality at which the built-in photo enlarger of this
 * scale (x2, x3, x4) does better than the clean one: measured on the held-out
 * training pictures (scripts/train-models.sh, the validation split) saved
 * as JPEGs after bicubic downscaling, Y PSNR. x2: the photo model ahead by
 * 0.05 dB at quality 55, behind by 0.06 at 60; x3: ahead by 0.08 at 60,
 * level (-0.003) at 65; x4: ahead by 0.13 at 60, level (-0.01) at 70
 * (README, "Enlarging JPEGs and camera pictures").
 * 0 for scales without a photo model: the one list of the scales that have
 * one (mambair_builtin_model_path asks it too). */
#define MAMBAIR_PHOTO_MAX_JPEG_QUALITY_X2 55
#define MAMBAIR_PHOTO_MAX_JPEG_QUALITY_X3 60
#define MAMBAIR_PHOTO_MAX_JPEG_QUALITY_X4 60
int mambair_photo_max_jpeg_quality(int scale);

/* Which built-in enlargement models suit a JPEG of this quality (0 = not a
 * JPEG or unknown) enlarged at `scale`: the photo models from quality 1 up
 * to mambair_photo_max_jpeg_quality(scale), the clean ones above it, for
 * other files and for scales without a photo model. */
mambair_source mambair_source_for_jpeg_quality(int quality, int scale);

/* The noise levels the built-in denoise models exist for (15, 25, 50). */
int mambair_default_denoise_level(int sigma);

/* ---------------------------------------------------------------- misc */

/* Which GEMM backend is in use, e.g. "OpenBLAS 0.3.21 (SkylakeX kernels, 2 threads)". */
const char *mambair_blas_info(void);

#ifdef __cplusplus
}
#endif

#endif /* MAMBAIR_H */
