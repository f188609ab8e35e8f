/*
 * preview.h — the dialogs' live preview: a GimpDrawablePreview whose window
 * is run through the network in a background thread, so the dialog stays
 * responsive while a large model works. What the preview shows (the result
 * at 1:1; for super-resolution half network, half plain enlargement) is
 * described in preview-region.h.
 *
 * Everything here runs in GIMP's main thread except mambair_run itself: the
 * pixels are read before a job is handed to the worker (libgimp talks to
 * GIMP over one pipe and is not thread-safe), and results come back through
 * g_idle_add. A change of the window or of a setting cancels the running job
 * (the engine's cancel flag) and starts a new one; closing the dialog
 * cancels and waits for the worker.
 */
#ifndef MAMBAIR_PREVIEW_H
#define MAMBAIR_PREVIEW_H

#include "dialog.h"

#include <libgimp/gimpui.h>

typedef struct mb_preview mb_preview;

/* `preview` is a GimpDrawablePreview of `drawable`; `status` a GtkLabel for
 * "computing", the time taken, or why there is no preview. After each
 * finished preview the measured speed is handed to the summary
 * (mb_pl_summary_measured) and `on_speed(user)` is called, so the dialog can
 * refresh its run-time estimate. */
mb_preview *mb_preview_new(GtkWidget *preview, pl_drawable drawable, GtkWidget *status,
                           void (*on_speed)(void *user), void *user);

/* The settings changed: recompute when any that changes the pixels did. */
void mb_preview_set_params(mb_preview *pv, const mb_pl_params *p);

/* Cancel, wait for the worker, release everything. Call before the widgets
 * are destroyed. NULL is accepted. */
void mb_preview_free(mb_preview *pv);

#endif /* MAMBAIR_PREVIEW_H */
