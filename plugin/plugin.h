/*
 * plugin.h — what the registration files (gimp3.c, gimp2.c), the dialogs and
 * the run share: the procedure's arguments as plain values, and the run.
 *
 * The same run.c is compiled once against libgimp 3.0 and once against 2.10;
 * compat.h hides the difference between object handles (3.0) and integer ids
 * (2.10).
 */
#ifndef MAMBAIR_PLUGIN_H
#define MAMBAIR_PLUGIN_H

#include "compat.h"
#include "mix.h"

#define PLUG_IN_PROC "plug-in-mambair"
#define PLUG_IN_PROC_UPSCALE "plug-in-mambair-upscale"
#define PLUG_IN_BINARY "plug-in-mambair"
#define PLUG_IN_ROLE "mambair"
#define GETTEXT_PACKAGE_PLUGIN "plug-in-mambair"

/* The tasks, in the order the dialog lists them. Adding one means a value
 * here, a row in params.c's task table (id, label, built-in models, the
 * outputs that apply) and its catalogue entries. */
typedef enum {
    MB_PL_TASK_SR_X2 = 0,
    MB_PL_TASK_SR_X3,
    MB_PL_TASK_SR_X4,
    MB_PL_TASK_DENOISE,
    MB_PL_TASK_DEJPEG,
    MB_PL_TASK_COUNT
} mb_pl_task;

typedef enum {
    MB_PL_OUTPUT_SCALE_IMAGE = 0, /* enlarge: scale the image, selected layers restored */
    MB_PL_OUTPUT_NEW_IMAGE,       /* enlarge: result in a new image                    */
    MB_PL_OUTPUT_IN_PLACE,        /* restore: replace the selection                    */
    MB_PL_OUTPUT_NEW_LAYER,       /* restore: result as a new layer above              */
    MB_PL_OUTPUT_COUNT
} mb_pl_output;

/* Which built-in enlargement models: for clean pictures or for photographs
 * (trained on blur, noise and JPEG; core's mambair_source), or chosen from
 * the image: photo for a picture opened from a JPEG of low quality
 * (mambair_source_for_jpeg_quality), clean for the others. */
typedef enum {
    MB_PL_SOURCE_CLEAN = 0,
    MB_PL_SOURCE_PHOTO,
    MB_PL_SOURCE_AUTO,
    MB_PL_SOURCE_COUNT
} mb_pl_source;

#define MB_PL_MAX_LEVELS 4

/* What the plug-in knows about a task. */
typedef struct {
    const char *id;               /* PDB choice id, e.g. "sr-x2"                    */
    const char *label;            /* N_() text for the task list                    */
    int scale;                    /* output size / input size: 1 restores in place  */
    int engine_task;              /* mambair_task of its built-in models            */
    int levels[MB_PL_MAX_LEVELS]; /* built-in models: the scale for super-resolution,
                                     the noise σ for denoising; 0 ends the list     */
    unsigned outputs;             /* 1 << mb_pl_output for each output that applies */
    mb_pl_output default_output;
    int strength_control;         /* the strength applies                           */
    int noise_control;            /* the noise level chooses among the models       */
} mb_pl_task_info;

const mb_pl_task_info *mb_pl_task_get(mb_pl_task t); /* out of range: the first task */

/* N_() label of an output, for the lists of outputs. */
const char *mb_pl_output_label(mb_pl_output o);

/* The procedure's arguments (PDB names in quotes). */
typedef struct {
    mb_pl_task task;        /* "task"        default sr-x2                      */
    int noise_level;        /* "noise-level" sigma on 0..255, default 25        */
    int strength;           /* "strength"    percent 0..100, default 100        */
    char model_file[4096];  /* "model-file"  "" = built-in                      */
    int tile_size;          /* "tile-size"   0 = automatic                      */
    int threads;            /* "threads"     0 = automatic (all cores)          */
    int ensemble;           /* "ensemble"    1 = average 8 flips/rotations      */
    mb_pl_output output;    /* "output"      default scale-image                */
    mb_pl_source source;    /* "source"      default auto: the built-in models
                               for enlarging; "photo" where a photo model exists
                               for the scale, otherwise the clean one           */
    int jpeg_quality;       /* not an argument: the quality of the JPEG the
                               image was opened from, 0 if none (set from the
                               image before each use: mb_pl_image_jpeg_quality) */
} mb_pl_params;

void mb_pl_params_default(mb_pl_params *p);

#if PL_GIMP3
/* The arguments as the GIMP 3 procedure config holds them (gimp3.c). */
void mb_pl_params_from_config(GimpProcedureConfig *config, mb_pl_params *p);
#endif

/* Choice ids as the PDB and Script-Fu see them, and back. -1 if unknown. */
const char *mb_pl_task_id(mb_pl_task t);
const char *mb_pl_output_id(mb_pl_output o);
int mb_pl_task_from_id(const char *id);
int mb_pl_output_from_id(const char *id);
const char *mb_pl_source_id(mb_pl_source s);
int mb_pl_source_from_id(const char *id);

/* N_() label of a source kind, and the sentence that says what it is for. */
const char *mb_pl_source_label(mb_pl_source s);
const char *mb_pl_source_purpose(mb_pl_source s);

/* The kind the run uses: auto resolved from p->jpeg_quality (clean or photo). */
mb_pl_source mb_pl_source_effective(const mb_pl_params *p);

/* The quality of the JPEG the image was opened from (GIMP's "jpeg-settings"
 * parasite, jpeg-settings.h), 0 if none. */
int mb_pl_image_jpeg_quality(pl_image image);

/* The task offers a choice of source kind: it enlarges, and built-in models
 * of both kinds are installed for its scale. */
gboolean mb_pl_task_has_photo_model(mb_pl_task task);

/* The output that applies to the task: an output the task does not offer
 * means its default (denoise "scale-image" = in place, SR "in-place" or
 * "new-layer" = scale-image). */
mb_pl_output mb_pl_output_effective(mb_pl_task task, mb_pl_output output);

/* Folder of the plug-in binary + "/models", where a per-user install keeps
 * the built-in models. Owned by the caller (g_free). */
char *mb_pl_models_dir(void);

/* The models a run uses and how their results are mixed (mix.h): the chosen
 * file, or the task's built-in model(s) for the noise level. paths[k] for
 * k < mix->n. *n_levels (may be NULL) receives how many distinct models the
 * noise level chooses from (1: the setting has no effect). FALSE + a
 * sentence when a built-in model is not installed. */
gboolean mb_pl_models_plan(const mb_pl_params *p, char paths[][4096], mb_mix *mix,
                           int *n_levels, GError **error);

/* Pixels of context read around a selection (and around the preview's
 * window) so that the network sees the neighbourhood of the region's edge as
 * it would in a whole-layer run. */
#define MB_PL_RUN_CONTEXT 24

/* 2, 3, 4 for super-resolution, 1 for denoise. */
int mb_pl_task_scale(mb_pl_task t);

/* Set up gettext for the plug-in's own catalogs (in its folder's locale/). */
void mb_pl_i18n_init(void);

/* Run on the image. Everything is computed before the image is touched; the
 * change is one undo step. On success *new_image / *new_layer receive what was
 * created (PL_NO_IMAGE / PL_NO_LAYER otherwise). */
gboolean mb_pl_run(pl_image image, int n_drawables, const pl_drawable *drawables,
                   const mb_pl_params *params, gboolean interactive, pl_image *new_image,
                   pl_layer *new_layer, GError **error);

#endif /* MAMBAIR_PLUGIN_H */
