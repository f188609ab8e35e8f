/*
 * dialog-gimp3.c — the GIMP 3 dialog: a live preview of the drawable
 * (preview.c) on the left; on the right the widgets generated from the
 * procedure's arguments, plus a line saying which model will be used and how
 * long the run may take, refreshed whenever an argument changes.
 */
#include "dialog.h"

#include <libgimp/gimpui.h>

#include "../plugin/intl.h"
#include "preview.h"

typedef struct {
    GimpProcedureConfig *config;
    GtkWidget *info;
    mb_preview *preview;
    int width, height;
} dlg3;

static void config_to_params(GimpProcedureConfig *config, mb_pl_params *p) {
    char *model = NULL;
    mb_pl_params_default(p);
    g_object_get(config, "noise-level", &p->noise_level, "model-file", &model, "tile-size",
                 &p->tile_size, "ensemble", &p->ensemble, NULL);
    p->task = gimp_procedure_config_get_choice_id(config, "task");
    p->output = gimp_procedure_config_get_choice_id(config, "output");
    if (model) g_strlcpy(p->model_file, model, sizeof p->model_file);
    g_free(model);
}

static void update_info(GObject *config, GParamSpec *pspec, dlg3 *d) {
    (void)config;
    (void)pspec;
    mb_pl_params p;
    config_to_params(d->config, &p);
    char *text = mb_pl_model_summary(&p, d->width, d->height);
    gtk_label_set_text(GTK_LABEL(d->info), text);
    g_free(text);
    if (d->preview) mb_preview_set_params(d->preview, &p);
}

/* The preview timed the model: refresh the estimate. */
static void on_speed(void *user) {
    dlg3 *d = user;
    update_info(G_OBJECT(d->config), NULL, d);
}

gboolean mb_pl_dialog3(GimpProcedure *procedure, GimpProcedureConfig *config, GimpImage *image,
                       GimpDrawable **drawables) {
    (void)image;
    gimp_ui_init(PLUG_IN_BINARY);
    GtkWidget *dialog = gimp_procedure_dialog_new(procedure, config, _("MambaIR"));
    dlg3 d = {config, NULL, NULL, 0, 0};
    if (drawables && drawables[0]) {
        int x, y;
        if (!gimp_drawable_mask_intersect(drawables[0], &x, &y, &d.width, &d.height)) {
            d.width = gimp_drawable_get_width(drawables[0]);
            d.height = gimp_drawable_get_height(drawables[0]);
        }
    }
    GimpProcedureDialog *pd = GIMP_PROCEDURE_DIALOG(dialog);
    d.info = gimp_procedure_dialog_get_label(pd, "model-info", "", FALSE, FALSE);
    gtk_label_set_line_wrap(GTK_LABEL(d.info), TRUE);
    gtk_label_set_xalign(GTK_LABEL(d.info), 0.0);
    gtk_label_set_max_width_chars(GTK_LABEL(d.info), 50);
    GtkWidget *settings =
        gimp_procedure_dialog_fill_box(pd, "settings-box", "task", "noise-level", "output",
                                       "model-file", "tile-size", "ensemble", "model-info", NULL);
    gtk_box_set_spacing(GTK_BOX(settings), 6);
    if (drawables && drawables[0]) {
        GtkWidget *preview = gimp_procedure_dialog_get_drawable_preview(pd, "preview", drawables[0]);
        GtkWidget *status = gimp_procedure_dialog_get_label(pd, "preview-status", "", FALSE, FALSE);
        gtk_label_set_line_wrap(GTK_LABEL(status), TRUE);
        gtk_label_set_xalign(GTK_LABEL(status), 0.0);
        gtk_label_set_max_width_chars(GTK_LABEL(status), 30);
        GtkWidget *preview_box =
            gimp_procedure_dialog_fill_box(pd, "preview-box", "preview", "preview-status", NULL);
        /* preview and status line together at the top, not spread down the column */
        gtk_widget_set_valign(preview_box, GTK_ALIGN_START);
        GtkWidget *main_box =
            gimp_procedure_dialog_fill_box(pd, "main-box", "preview-box", "settings-box", NULL);
        gtk_orientable_set_orientation(GTK_ORIENTABLE(main_box), GTK_ORIENTATION_HORIZONTAL);
        gtk_box_set_spacing(GTK_BOX(main_box), 12);
        gimp_procedure_dialog_fill(pd, "main-box", NULL);
        d.preview = mb_preview_new(preview, drawables[0], status, on_speed, &d);
    } else {
        gimp_procedure_dialog_fill(pd, "settings-box", NULL);
    }
    /* the noise level only means something for denoising */
    GimpValueArray *denoise = gimp_value_array_new(1);
    GValue v = G_VALUE_INIT;
    g_value_init(&v, G_TYPE_STRING);
    g_value_set_string(&v, "denoise");
    gimp_value_array_append(denoise, &v);
    g_value_unset(&v);
    gimp_procedure_dialog_set_sensitive_if_in(pd, "noise-level", NULL, "task", denoise, TRUE);
    g_signal_connect(config, "notify", G_CALLBACK(update_info), &d);
    update_info(G_OBJECT(config), NULL, &d);
    gboolean run = gimp_procedure_dialog_run(pd);
    g_signal_handlers_disconnect_by_func(config, G_CALLBACK(update_info), &d);
    mb_preview_free(d.preview);
    gtk_widget_destroy(dialog);
    return run;
}
