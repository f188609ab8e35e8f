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

/* "Super-resolution x2, RGB, 231,929 parameters" for the model the
 * parameters name, or why it cannot be used; and a run-time estimate for a
 * width x height region. Caller frees. */
char *mb_pl_model_summary(const mb_pl_params *params, int width, int height);

/* The preview measured the model on real pixels: base the estimate on that
 * speed (seconds per input pixel, without ensemble) from now on. */
void mb_pl_summary_measured(const mb_pl_params *params, double sec_per_px);

#endif /* MAMBAIR_DIALOG_H */
