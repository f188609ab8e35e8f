/*
 * dialog.h — the interactive dialogs: GIMP 3 builds it from the procedure's
 * config, GIMP 2.10 from the plain parameters. Both return FALSE on Cancel.
 */
#ifndef MAMBAIR_DIALOG_H
#define MAMBAIR_DIALOG_H

#include "../plugin/plugin.h"

#if PL_GIMP3
gboolean mb_pl_dialog3(GimpProcedure *procedure, GimpProcedureConfig *config, GimpImage *image,
                       GimpDrawable **drawables);
#else
gboolean mb_pl_dialog2(gint32 drawable, mb_pl_params *params);
#endif

/* The model the parameters name, in words ("Built-in model: lightweight
 * super-resolution ×2, colour, 164,992 parameters"), or why it cannot be
 * used. *n_levels (may be NULL) receives how many distinct models the noise
 * level chooses from (1: the setting has no effect and is hidden). Caller
 * frees. */
char *mb_pl_model_words(const mb_pl_params *params, int *n_levels);

/* The sentence under the source choice: what the chosen kind is for, and
 * for "automatic" what it chose for this image (params->jpeg_quality) and
 * why. Caller frees. */
char *mb_pl_source_words(const mb_pl_params *params);

/* Size of the result, run time and memory for a width x height region, in
 * words; NULL when the model cannot be used. Caller frees. */
char *mb_pl_estimate(const mb_pl_params *params, int width, int height);

/* The preview measured the model on real pixels: base the estimate on that
 * speed (seconds per input pixel, without ensemble) from now on. */
void mb_pl_summary_measured(const mb_pl_params *params, double sec_per_px);

#endif /* MAMBAIR_DIALOG_H */
