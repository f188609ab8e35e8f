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

#define PLUG_IN_PROC "plug-in-mambair"
#define PLUG_IN_PROC_UPSCALE "plug-in-mambair-upscale"
#define PLUG_IN_BINARY "plug-in-mambair"
#define PLUG_IN_ROLE "mambair"
#define GETTEXT_PACKAGE_PLUGIN "plug-in-mambair"

typedef enum {
    MB_PL_TASK_SR_X2 = 0,
    MB_PL_TASK_SR_X3,
    MB_PL_TASK_SR_X4,
    MB_PL_TASK_DENOISE,
    MB_PL_TASK_COUNT
} mb_pl_task;

typedef enum {
    MB_PL_OUTPUT_SCALE_IMAGE = 0, /* SR: scale the image, selected layers restored */
    MB_PL_OUTPUT_NEW_IMAGE,       /* result in a new image                         */
    MB_PL_OUTPUT_IN_PLACE,        /* denoise: replace the selection                */
    MB_PL_OUTPUT_NEW_LAYER,       /* denoise: result as a new layer above          */
    MB_PL_OUTPUT_COUNT
} mb_pl_output;

/* The procedure's arguments (PDB names in quotes). */
typedef struct {
    mb_pl_task task;        /* "task"        default sr-x2                      */
    int noise_level;        /* "noise-level" sigma on 0..255, default 25        */
    char model_file[4096];  /* "model-file"  "" = built-in                      */
    int tile_size;          /* "tile-size"   0 = automatic                      */
    int ensemble;           /* "ensemble"    1 = average 8 flips/rotations      */
    mb_pl_output output;    /* "output"      default scale-image                */
} mb_pl_params;

void mb_pl_params_default(mb_pl_params *p);

/* Choice ids as the PDB and Script-Fu see them, and back. -1 if unknown. */
const char *mb_pl_task_id(mb_pl_task t);
const char *mb_pl_output_id(mb_pl_output o);
int mb_pl_task_from_id(const char *id);
int mb_pl_output_from_id(const char *id);

/* The output that applies to the task: denoise has no "scale-image" (means
 * in place) and SR has no "in-place"/"new-layer" (mean scale-image). */
mb_pl_output mb_pl_output_effective(mb_pl_task task, mb_pl_output output);

/* Folder of the plug-in binary + "/models", where a per-user install keeps
 * the built-in models. Owned by the caller (g_free). */
char *mb_pl_models_dir(void);

/* Path of the model the parameters ask for: the model file, or the built-in
 * model for the task (nearest trained noise level). FALSE + error when the
 * built-in one is not installed. */
gboolean mb_pl_model_path(const mb_pl_params *p, char *path, size_t size, GError **error);

/* Open that model and check it fits the task; NULL + a sentence for the
 * user otherwise. (A mambair_model; declared loosely to keep mambair.h out.) */
struct mambair_model *mb_pl_model_open(const mb_pl_params *p, GError **error);

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
