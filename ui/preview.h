/*
 * preview.h — the dialogs' live preview: a view of the result (preview-view.h)
 * whose window is run through the network in a background thread, so the
 * dialog stays responsive while a large model works. Left of the split the
 * "before" (GIMP's NoHalo enlargement, or the original for denoising),
 * right of it the result.
 *
 * Everything here runs in GIMP's main thread except the network, the
 * NoHalo enlargement and the conversion for the screen: the pixels are read
 * before a job is handed to the worker (libgimp talks to GIMP over one pipe
 * and is not thread-safe), and results come back through g_idle_add. A
 * change of the window or of a setting cancels the running job (the
 * engine's cancel flag) and starts a new one; closing the dialog cancels and
 * waits for the worker.
 */
#ifndef MAMBAIR_PREVIEW_H
#define MAMBAIR_PREVIEW_H

#include "dialog.h"

#include <libgimp/gimpui.h>

typedef struct mb_preview mb_preview;

/* `status` is a GtkLabel for "computing", the time taken, or why there is
 * no preview. After each finished preview the measured speed is handed to
 * the summary (mb_pl_summary_measured) and `on_speed(user)` is called, so
 * the dialog can refresh its estimate. Pack mb_preview_widget(). */
mb_preview *mb_preview_new(pl_drawable drawable, GtkWidget *status,
                           void (*on_speed)(void *user), void *user);

GtkWidget *mb_preview_widget(mb_preview *pv);

/* The settings changed: recompute when any that changes the pixels did. */
void mb_preview_set_params(mb_preview *pv, const mb_pl_params *p);

/* Cancel, wait for the worker, release everything. Call before the widgets
 * are destroyed. NULL is accepted. */
void mb_preview_free(mb_preview *pv);

#endif /* MAMBAIR_PREVIEW_H */
