/*
 * dialog-gimp3.c — the GIMP 3 dialog: widgets generated from the procedure's
 * arguments, plus a line saying which model will be used and how long the
 * run may take, refreshed whenever an argument changes.
 */
#include "dialog.h"

#include <libgimp/gimpui.h>

#include "../plugin/intl.h"

typedef struct {
    GimpProcedureConfig *config;
    GtkWidget *info;
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
}

gboolean mb_pl_dialog3(GimpProcedure *procedure, GimpProcedureConfig *config, GimpImage *image,
                       GimpDrawable **drawables) {
    (void)image;
    gimp_ui_init(PLUG_IN_BINARY);
    GtkWidget *dialog = gimp_procedure_dialog_new(procedure, config, _("MambaIR"));
    dlg3 d = {config, NULL, 0, 0};
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
    gimp_procedure_dialog_fill(pd, "task", "noise-level", "output", "model-file", "tile-size",
                               "ensemble", "model-info", NULL);
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
    gtk_widget_destroy(dialog);
    return run;
}
