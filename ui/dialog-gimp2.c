/*
 * dialog-gimp2.c — the GIMP 2.10 dialog (GTK 2): the same preview and
 * settings as in GIMP 3, laid out by hand, with the model/time line kept up
 * to date.
 */
#include "dialog.h"

#include <libgimp/gimpui.h>

#include "../plugin/intl.h"
#include "preview.h"

typedef struct {
    mb_pl_params *p;
    GtkWidget *info, *noise, *file;
    mb_preview *preview;
    int width, height;
} dlg2;

static void refresh(dlg2 *d) {
    gtk_widget_set_sensitive(d->noise, d->p->task == MB_PL_TASK_DENOISE);
    char *text = mb_pl_model_summary(d->p, d->width, d->height);
    gtk_label_set_text(GTK_LABEL(d->info), text);
    g_free(text);
    if (d->preview) mb_preview_set_params(d->preview, d->p);
}

/* The preview timed the model: refresh the estimate. */
static void on_speed(void *user) { refresh(user); }

static void on_task(GtkWidget *w, dlg2 *d) {
    gint v;
    if (gimp_int_combo_box_get_active(GIMP_INT_COMBO_BOX(w), &v)) d->p->task = v;
    refresh(d);
}

static void on_output(GtkWidget *w, dlg2 *d) {
    gint v;
    if (gimp_int_combo_box_get_active(GIMP_INT_COMBO_BOX(w), &v)) d->p->output = v;
}

static void on_int(GtkAdjustment *adj, int *target) { *target = (int)gtk_adjustment_get_value(adj); }

static void on_noise(GtkAdjustment *adj, dlg2 *d) {
    d->p->noise_level = (int)gtk_adjustment_get_value(adj);
    refresh(d);
}

static void on_ensemble(GtkToggleButton *b, dlg2 *d) {
    d->p->ensemble = gtk_toggle_button_get_active(b);
    refresh(d);
}

static void on_file(GtkFileChooser *fc, dlg2 *d) {
    char *f = gtk_file_chooser_get_filename(fc);
    g_strlcpy(d->p->model_file, f ? f : "", sizeof d->p->model_file);
    g_free(f);
    refresh(d);
}

static void on_builtin(GtkButton *b, dlg2 *d) {
    (void)b;
    d->p->model_file[0] = '\0';
    gtk_file_chooser_unselect_all(GTK_FILE_CHOOSER(d->file));
    refresh(d);
}

static void attach(GtkWidget *table, int row, const char *label, GtkWidget *w) {
    GtkWidget *l = gtk_label_new_with_mnemonic(label);
    gtk_misc_set_alignment(GTK_MISC(l), 0.0, 0.5);
    gtk_label_set_mnemonic_widget(GTK_LABEL(l), w);
    gtk_table_attach(GTK_TABLE(table), l, 0, 1, row, row + 1, GTK_FILL, GTK_FILL, 0, 0);
    gtk_table_attach(GTK_TABLE(table), w, 1, 2, row, row + 1, GTK_EXPAND | GTK_FILL, GTK_FILL, 0, 0);
}

gboolean mb_pl_dialog2(gint32 drawable, mb_pl_params *p) {
    gimp_ui_init(PLUG_IN_BINARY, FALSE);
    dlg2 d = {p, NULL, NULL, NULL, NULL, 0, 0};
    int x, y;
    if (!gimp_drawable_mask_intersect(drawable, &x, &y, &d.width, &d.height)) {
        d.width = gimp_drawable_width(drawable);
        d.height = gimp_drawable_height(drawable);
    }
    GtkWidget *dialog = gimp_dialog_new(_("MambaIR"), PLUG_IN_ROLE, NULL, 0, gimp_standard_help_func,
                                        PLUG_IN_PROC, _("_Cancel"), GTK_RESPONSE_CANCEL, _("_OK"),
                                        GTK_RESPONSE_OK, NULL);
    gtk_dialog_set_alternative_button_order(GTK_DIALOG(dialog), GTK_RESPONSE_OK,
                                            GTK_RESPONSE_CANCEL, -1);
    gimp_window_set_transient(GTK_WINDOW(dialog));
    GtkWidget *main_box = gtk_hbox_new(FALSE, 12);
    gtk_container_set_border_width(GTK_CONTAINER(main_box), 12);
    gtk_box_pack_start(GTK_BOX(gtk_dialog_get_content_area(GTK_DIALOG(dialog))), main_box, TRUE,
                       TRUE, 0);
    GtkWidget *preview_box = gtk_vbox_new(FALSE, 6);
    gtk_box_pack_start(GTK_BOX(main_box), preview_box, TRUE, TRUE, 0);
    GtkWidget *preview = gimp_drawable_preview_new_from_drawable_id(drawable);
    gtk_box_pack_start(GTK_BOX(preview_box), preview, TRUE, TRUE, 0);
    GtkWidget *status = gtk_label_new("");
    gtk_label_set_line_wrap(GTK_LABEL(status), TRUE);
    gtk_widget_set_size_request(status, 220, -1);
    gtk_misc_set_alignment(GTK_MISC(status), 0.0, 0.0);
    gtk_box_pack_start(GTK_BOX(preview_box), status, FALSE, FALSE, 0);

    GtkWidget *table = gtk_table_new(7, 2, FALSE);
    gtk_table_set_col_spacings(GTK_TABLE(table), 6);
    gtk_table_set_row_spacings(GTK_TABLE(table), 6);
    gtk_box_pack_start(GTK_BOX(main_box), table, FALSE, FALSE, 0);

    GtkWidget *task = gimp_int_combo_box_new(
        _("Enlarge 2 times (super-resolution ×2)"), MB_PL_TASK_SR_X2,
        _("Enlarge 3 times (super-resolution ×3)"), MB_PL_TASK_SR_X3,
        _("Enlarge 4 times (super-resolution ×4)"), MB_PL_TASK_SR_X4, _("Remove noise"),
        MB_PL_TASK_DENOISE, NULL);
    gimp_int_combo_box_set_active(GIMP_INT_COMBO_BOX(task), p->task);
    g_signal_connect(task, "changed", G_CALLBACK(on_task), &d);
    attach(table, 0, _("_Task:"), task);

    GtkObject *adj = gtk_adjustment_new(p->noise_level, 1, 100, 1, 5, 0);
    d.noise = gtk_spin_button_new(GTK_ADJUSTMENT(adj), 1, 0);
    gtk_widget_set_tooltip_text(d.noise, _("Noise strength on the 0-255 scale; models were "
                                           "trained for 15 (light), 25 (medium) and 50 (strong)"));
    g_signal_connect(adj, "value-changed", G_CALLBACK(on_noise), &d);
    attach(table, 1, _("_Noise level (15, 25, 50):"), d.noise);

    GtkWidget *output = gimp_int_combo_box_new(
        _("Scale the image (like Scale Image)"), MB_PL_OUTPUT_SCALE_IMAGE, _("New image"),
        MB_PL_OUTPUT_NEW_IMAGE, _("Replace the selection (denoise)"), MB_PL_OUTPUT_IN_PLACE,
        _("New layer (denoise)"), MB_PL_OUTPUT_NEW_LAYER, NULL);
    gimp_int_combo_box_set_active(GIMP_INT_COMBO_BOX(output), p->output);
    g_signal_connect(output, "changed", G_CALLBACK(on_output), &d);
    attach(table, 2, _("O_utput:"), output);

    GtkWidget *hbox = gtk_hbox_new(FALSE, 6);
    d.file = gtk_file_chooser_button_new(_("Choose a model file"), GTK_FILE_CHOOSER_ACTION_OPEN);
    if (p->model_file[0]) gtk_file_chooser_set_filename(GTK_FILE_CHOOSER(d.file), p->model_file);
    g_signal_connect(d.file, "file-set", G_CALLBACK(on_file), &d);
    GtkWidget *builtin = gtk_button_new_with_mnemonic(_("_Built-in"));
    g_signal_connect(builtin, "clicked", G_CALLBACK(on_builtin), &d);
    gtk_box_pack_start(GTK_BOX(hbox), d.file, TRUE, TRUE, 0);
    gtk_box_pack_start(GTK_BOX(hbox), builtin, FALSE, FALSE, 0);
    attach(table, 3, _("_Model file:"), hbox);

    GtkObject *tadj = gtk_adjustment_new(p->tile_size, 0, 4096, 16, 128, 0);
    GtkWidget *tile = gtk_spin_button_new(GTK_ADJUSTMENT(tadj), 1, 0);
    gtk_widget_set_tooltip_text(tile, _("0 = automatic"));
    g_signal_connect(tadj, "value-changed", G_CALLBACK(on_int), &p->tile_size);
    attach(table, 4, _("T_ile size (0 = automatic):"), tile);

    GtkWidget *ens = gtk_check_button_new_with_mnemonic(_("_Best quality (8x slower)"));
    gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(ens), p->ensemble);
    g_signal_connect(ens, "toggled", G_CALLBACK(on_ensemble), &d);
    gtk_table_attach(GTK_TABLE(table), ens, 0, 2, 5, 6, GTK_FILL, GTK_FILL, 0, 0);

    d.info = gtk_label_new("");
    gtk_label_set_line_wrap(GTK_LABEL(d.info), TRUE);
    gtk_misc_set_alignment(GTK_MISC(d.info), 0.0, 0.5);
    gtk_table_attach(GTK_TABLE(table), d.info, 0, 2, 6, 7, GTK_FILL, GTK_FILL, 0, 0);
    d.preview = mb_preview_new(preview, drawable, status, on_speed, &d);
    refresh(&d);

    gtk_widget_show_all(dialog);
    gboolean ok = gimp_dialog_run(GIMP_DIALOG(dialog)) == GTK_RESPONSE_OK;
    mb_preview_free(d.preview);
    gtk_widget_destroy(dialog);
    return ok;
}
