/*
 * dialog-gimp2.c — the GIMP 2.10 dialog (GTK 2): the same preview and
 * choices as in GIMP 3 (task first, only what applies to it, the model in
 * words, an "Advanced" section, size/time/memory), laid out by hand and
 * editing the plain parameters.
 */
#define G_LOG_DOMAIN "mambair-dialog"
#include "dialog.h"

#include <libgimp/gimpui.h>

#include "../plugin/intl.h"
#include "dialog-common.h"
#include "preview.h"

typedef struct {
    mb_pl_params *p;
    GtkWidget *model_info, *estimate, *noise_row[2], *strength_row[2], *output, *file, *file_radio;
    GtkWidget *source_row[2], *source_purpose;
    int source_shown; /* -1 until the first refresh */
    mb_preview *preview;
    int width, height, updating;
} dlg2;

/* A hidden row takes no room: no spacing under it either. */
static void show_row(GtkWidget **row, int index, gboolean show) {
    for (int i = 0; i < 2; i++) {
        if (show) gtk_widget_show(row[i]);
        else gtk_widget_hide(row[i]);
    }
    GtkWidget *table = gtk_widget_get_parent(row[0]);
    gtk_table_set_row_spacing(GTK_TABLE(table), index, show ? 8 : 0);
}

/* Only the outputs the task offers, in table order. */
static void fill_outputs(dlg2 *d) {
    const mb_pl_task_info *t = mb_pl_task_get(d->p->task);
    d->p->output = mb_pl_output_effective(d->p->task, d->p->output);
    d->updating++;
    GtkTreeModel *model = gtk_combo_box_get_model(GTK_COMBO_BOX(d->output));
    GtkListStore *store = GTK_LIST_STORE(model);
    /* add what is missing first, then drop what does not apply: a
     * GimpIntStore never left empty keeps no placeholder row */
    unsigned present = 0;
    GtkTreeIter iter;
    gboolean more = gtk_tree_model_get_iter_first(model, &iter);
    for (; more; more = gtk_tree_model_iter_next(model, &iter)) {
        gint v;
        gtk_tree_model_get(model, &iter, GIMP_INT_STORE_VALUE, &v, -1);
        if (v >= 0 && v < MB_PL_OUTPUT_COUNT) present |= 1u << v;
    }
    for (int o = 0; o < MB_PL_OUTPUT_COUNT; o++)
        if ((t->outputs & (1u << o)) && !(present & (1u << o)))
            gtk_list_store_insert_with_values(store, NULL, -1, GIMP_INT_STORE_VALUE, o,
                                              GIMP_INT_STORE_LABEL, _(mb_pl_output_label(o)), -1);
    more = gtk_tree_model_get_iter_first(model, &iter);
    while (more) {
        gint v;
        gtk_tree_model_get(model, &iter, GIMP_INT_STORE_VALUE, &v, -1);
        if (v >= 0 && v < MB_PL_OUTPUT_COUNT && (t->outputs & (1u << v)))
            more = gtk_tree_model_iter_next(model, &iter);
        else
            more = gtk_list_store_remove(store, &iter);
    }
    gimp_int_combo_box_set_active(GIMP_INT_COMBO_BOX(d->output), d->p->output);
    d->updating--;
}

static void refresh(dlg2 *d) {
    int n_levels = 1;
    char *words = mb_pl_model_words(d->p, &n_levels);
    gtk_label_set_text(GTK_LABEL(d->model_info), words);
    g_free(words);
    char *est = mb_pl_estimate(d->p, d->width, d->height);
    gtk_label_set_text(GTK_LABEL(d->estimate), est ? est : "");
    g_free(est);
    const mb_pl_task_info *t = mb_pl_task_get(d->p->task);
    /* a choice only where both kinds of built-in model exist */
    gboolean source = !d->p->model_file[0] && mb_pl_task_has_photo_model(d->p->task);
    show_row(d->source_row, 1, source);
    if (source != d->source_shown) g_debug("source choice %s", source ? "shown" : "hidden");
    d->source_shown = source;
    if (source) gtk_widget_show(d->source_purpose);
    else gtk_widget_hide(d->source_purpose);
    gtk_table_set_row_spacing(GTK_TABLE(gtk_widget_get_parent(d->source_purpose)), 2, source ? 8 : 0);
    char *source_words = mb_pl_source_words(d->p);
    gtk_label_set_text(GTK_LABEL(d->source_purpose), source_words);
    g_free(source_words);
    show_row(d->noise_row, 3, t->noise_control && n_levels > 1);
    show_row(d->strength_row, 4, t->strength_control);
    if (d->preview) mb_preview_set_params(d->preview, d->p);
}

/* The preview timed the model: refresh the estimate. */
static void on_speed(void *user) {
    dlg2 *d = user;
    char *est = mb_pl_estimate(d->p, d->width, d->height);
    gtk_label_set_text(GTK_LABEL(d->estimate), est ? est : "");
    g_free(est);
}

static void on_task(GtkWidget *w, dlg2 *d) {
    gint v;
    if (gimp_int_combo_box_get_active(GIMP_INT_COMBO_BOX(w), &v)) d->p->task = v;
    fill_outputs(d);
    refresh(d);
}

static void on_source(GtkToggleButton *b, dlg2 *d) {
    if (!gtk_toggle_button_get_active(b)) return;
    d->p->source = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(b), "source"));
    g_debug("source: %s", mb_pl_source_id(d->p->source));
    refresh(d);
}

static void on_output(GtkWidget *w, dlg2 *d) {
    gint v;
    if (!d->updating && gimp_int_combo_box_get_active(GIMP_INT_COMBO_BOX(w), &v)) d->p->output = v;
}

static void on_value(GtkAdjustment *adj, int *target) {
    *target = (int)gtk_adjustment_get_value(adj);
}

static void on_value_refresh(GtkAdjustment *adj, dlg2 *d) {
    on_value(adj, g_object_get_data(G_OBJECT(adj), "target"));
    refresh(d);
}

static void on_ensemble(GtkToggleButton *b, dlg2 *d) {
    d->p->ensemble = gtk_toggle_button_get_active(b);
    refresh(d);
}

static void set_model_file(dlg2 *d) {
    gboolean file = gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(d->file_radio));
    gtk_widget_set_sensitive(d->file, file);
    char *f = file ? gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(d->file)) : NULL;
    g_strlcpy(d->p->model_file, f ? f : "", sizeof d->p->model_file);
    g_free(f);
    refresh(d);
}

static void on_model_radio(GtkToggleButton *b, dlg2 *d) {
    if (gtk_toggle_button_get_active(b)) set_model_file(d);
}

static void on_file(GtkFileChooser *fc, dlg2 *d) {
    (void)fc;
    set_model_file(d);
}

static GtkWidget *attach(GtkWidget *table, int row, const char *label, GtkWidget *w) {
    GtkWidget *l = gtk_label_new_with_mnemonic(label);
    GtkWidget *target = g_object_get_data(G_OBJECT(w), "spin");
    gtk_misc_set_alignment(GTK_MISC(l), 0.0, 0.5);
    gtk_label_set_mnemonic_widget(GTK_LABEL(l), target ? target : w);
    gtk_table_attach(GTK_TABLE(table), l, 0, 1, row, row + 1, GTK_FILL, GTK_FILL, 0, 0);
    gtk_table_attach(GTK_TABLE(table), w, 1, 2, row, row + 1, GTK_EXPAND | GTK_FILL, GTK_FILL, 0, 0);
    return l;
}

static GtkWidget *slider(dlg2 *d, int value, int lo, int hi, int page, int *target) {
    GtkObject *adj = gtk_adjustment_new(value, lo, hi, 1, page, 0);
    g_object_set_data(G_OBJECT(adj), "target", target);
    GtkWidget *box = gtk_hbox_new(FALSE, 6);
    GtkWidget *scale = gtk_hscale_new(GTK_ADJUSTMENT(adj));
    gtk_scale_set_draw_value(GTK_SCALE(scale), FALSE);
    GtkWidget *spin = gtk_spin_button_new(GTK_ADJUSTMENT(adj), 1, 0);
    /* connected last: making the spin button announces a value change, and
     * the rest of the dialog does not exist yet */
    g_signal_connect(adj, "value-changed", G_CALLBACK(on_value_refresh), d);
    gtk_box_pack_start(GTK_BOX(box), scale, TRUE, TRUE, 0);
    gtk_box_pack_start(GTK_BOX(box), spin, FALSE, FALSE, 0);
    g_object_set_data(G_OBJECT(box), "spin", spin);
    return box;
}

static GtkWidget *wrapping_label(int chars) {
    GtkWidget *l = gtk_label_new("");
    gtk_label_set_line_wrap(GTK_LABEL(l), TRUE);
    gtk_misc_set_alignment(GTK_MISC(l), 0.0, 0.0);
    gtk_widget_set_size_request(l, chars * 7, -1);
    return l;
}

gboolean mb_pl_dialog2(gint32 drawable, mb_pl_params *p) {
    gimp_ui_init(PLUG_IN_BINARY, FALSE);
    dlg2 d = {0};
    d.p = p;
    d.source_shown = -1;
    if (p->jpeg_quality) g_debug("opened from a JPEG of quality %d", p->jpeg_quality);
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
    GtkWidget *main_box = gtk_hbox_new(FALSE, 18);
    gtk_container_set_border_width(GTK_CONTAINER(main_box), 12);
    gtk_box_pack_start(GTK_BOX(gtk_dialog_get_content_area(GTK_DIALOG(dialog))), main_box, TRUE,
                       TRUE, 0);
    GtkWidget *preview_box = gtk_vbox_new(FALSE, 6);
    gtk_box_pack_start(GTK_BOX(main_box), preview_box, TRUE, TRUE, 0);
    /* one line that never resizes the dialog (a resize moves the preview's
     * window and would start a new computation) */
    GtkWidget *status = gtk_label_new("");
    gtk_misc_set_alignment(GTK_MISC(status), 0.0, 0.5);
    gtk_label_set_ellipsize(GTK_LABEL(status), PANGO_ELLIPSIZE_END);
    gtk_label_set_width_chars(GTK_LABEL(status), 20);
    d.preview = mb_preview_new(drawable, status, on_speed, &d);
    gtk_box_pack_start(GTK_BOX(preview_box), mb_preview_widget(d.preview), TRUE, TRUE, 0);
    gtk_box_pack_start(GTK_BOX(preview_box), status, FALSE, FALSE, 0);

    GtkWidget *table = gtk_table_new(11, 2, FALSE);
    gtk_table_set_col_spacings(GTK_TABLE(table), 8);
    gtk_table_set_row_spacings(GTK_TABLE(table), 8);
    gtk_box_pack_start(GTK_BOX(main_box), table, FALSE, FALSE, 0);

    const char *task_labels[MB_PL_TASK_COUNT];
    for (int t = 0; t < MB_PL_TASK_COUNT; t++) task_labels[t] = _(mb_pl_task_get(t)->label);
    GtkWidget *task = gimp_int_combo_box_new_array(MB_PL_TASK_COUNT, task_labels);
    gimp_int_combo_box_set_active(GIMP_INT_COMBO_BOX(task), p->task);
    g_signal_connect(task, "changed", G_CALLBACK(on_task), &d);
    attach(table, 0, _("_Task:"), task);

    /* enlarging: the built-in models for clean pictures or for photos */
    GtkWidget *source_box = gtk_vbox_new(FALSE, 2);
    GtkWidget *first = NULL;
    static const mb_pl_source shown[MB_PL_SOURCE_COUNT] = {MB_PL_SOURCE_AUTO, MB_PL_SOURCE_CLEAN,
                                                           MB_PL_SOURCE_PHOTO};
    for (int i = 0; i < MB_PL_SOURCE_COUNT; i++) {
        mb_pl_source k = shown[i];
        GtkWidget *r = first ? gtk_radio_button_new_with_mnemonic_from_widget(
                                   GTK_RADIO_BUTTON(first), _(mb_pl_source_label(k)))
                             : gtk_radio_button_new_with_mnemonic(NULL, _(mb_pl_source_label(k)));
        if (!first) first = r;
        g_object_set_data(G_OBJECT(r), "source", GINT_TO_POINTER(k));
        gtk_widget_set_tooltip_text(r, _(mb_pl_source_purpose(k)));
        gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(r), p->source == (mb_pl_source)k);
        g_signal_connect(r, "toggled", G_CALLBACK(on_source), &d);
        gtk_box_pack_start(GTK_BOX(source_box), r, FALSE, FALSE, 0);
    }
    d.source_row[0] = attach(table, 1, _("_Source:"), source_box);
    gtk_label_set_mnemonic_widget(GTK_LABEL(d.source_row[0]), first);
    gtk_misc_set_alignment(GTK_MISC(d.source_row[0]), 0.0, 0.0);
    d.source_row[1] = source_box;
    d.source_purpose = wrapping_label(40);
    gtk_table_attach(GTK_TABLE(table), d.source_purpose, 1, 2, 2, 3, GTK_FILL, GTK_FILL, 0, 0);

    GtkWidget *noise = slider(&d, p->noise_level, 1, 50, 5, &p->noise_level);
    gtk_widget_set_tooltip_text(noise, _("How noisy the image is (sigma on the 0-255 scale): "
                                         "chooses between the built-in denoisers trained for 15, "
                                         "25 and 50; above 50 the same as 50"));
    d.noise_row[0] = attach(table, 3, _("_Noise level:"), noise);
    d.noise_row[1] = noise;
    GtkWidget *strength = slider(&d, p->strength, 0, 100, 10, &p->strength);
    gtk_widget_set_tooltip_text(strength, _("How much of the restoration is applied, in "
                                            "percent: 0 keeps the original, 100 the full result"));
    d.strength_row[0] = attach(table, 4, _("Stren_gth (%):"), strength);
    d.strength_row[1] = strength;

    d.output = gimp_int_combo_box_new_array(0, NULL);
    g_signal_connect(d.output, "changed", G_CALLBACK(on_output), &d);
    attach(table, 5, _("O_utput:"), d.output);

    GtkWidget *hbox = gtk_hbox_new(FALSE, 6);
    GtkWidget *builtin = gtk_radio_button_new_with_mnemonic(NULL, _("_Built-in"));
    d.file_radio =
        gtk_radio_button_new_with_mnemonic_from_widget(GTK_RADIO_BUTTON(builtin), _("_File:"));
    d.file = mb_dialog_model_chooser();
    if (p->model_file[0]) {
        gtk_file_chooser_set_filename(GTK_FILE_CHOOSER(d.file), p->model_file);
        gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(d.file_radio), TRUE);
    } else {
        gtk_widget_set_sensitive(d.file, FALSE);
    }
    g_signal_connect(builtin, "toggled", G_CALLBACK(on_model_radio), &d);
    g_signal_connect(d.file_radio, "toggled", G_CALLBACK(on_model_radio), &d);
    g_signal_connect(d.file, "file-set", G_CALLBACK(on_file), &d);
    gtk_box_pack_start(GTK_BOX(hbox), builtin, FALSE, FALSE, 0);
    gtk_box_pack_start(GTK_BOX(hbox), d.file_radio, FALSE, FALSE, 0);
    gtk_box_pack_start(GTK_BOX(hbox), d.file, TRUE, TRUE, 0);
    attach(table, 6, _("_Model:"), hbox);
    d.model_info = wrapping_label(40);
    gtk_table_attach(GTK_TABLE(table), d.model_info, 1, 2, 7, 8, GTK_FILL, GTK_FILL, 0, 0);

    GtkWidget *ens = gtk_check_button_new_with_mnemonic(_("_Best quality (8x slower)"));
    gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(ens), p->ensemble);
    g_signal_connect(ens, "toggled", G_CALLBACK(on_ensemble), &d);
    gtk_table_attach(GTK_TABLE(table), ens, 0, 2, 8, 9, GTK_FILL, GTK_FILL, 0, 0);

    GtkWidget *adv = gtk_expander_new_with_mnemonic(_("_Advanced"));
    GtkWidget *adv_table = gtk_table_new(2, 2, FALSE);
    gtk_table_set_col_spacings(GTK_TABLE(adv_table), 8);
    gtk_table_set_row_spacings(GTK_TABLE(adv_table), 6);
    GtkWidget *tile = mb_dialog_auto_spin(0, 4096, 16);
    gtk_spin_button_set_value(GTK_SPIN_BUTTON(tile), p->tile_size);
    g_signal_connect(gtk_spin_button_get_adjustment(GTK_SPIN_BUTTON(tile)), "value-changed",
                     G_CALLBACK(on_value), &p->tile_size);
    gtk_widget_set_tooltip_text(tile, _("Large images are processed in tiles of this many "
                                        "pixels; Automatic picks the fastest size that fits "
                                        "in memory."));
    attach(adv_table, 0, _("T_ile size:"), tile);
    GtkWidget *threads = mb_dialog_auto_spin(0, 256, 1);
    gtk_spin_button_set_value(GTK_SPIN_BUTTON(threads), p->threads);
    g_signal_connect(gtk_spin_button_get_adjustment(GTK_SPIN_BUTTON(threads)), "value-changed",
                     G_CALLBACK(on_value), &p->threads);
    gtk_widget_set_tooltip_text(threads, _("Automatic uses every processor core."));
    attach(adv_table, 1, _("Threa_ds:"), threads);
    gtk_container_add(GTK_CONTAINER(adv), adv_table);
    gtk_table_attach(GTK_TABLE(table), adv, 0, 2, 9, 10, GTK_FILL, GTK_FILL, 0, 0);

    d.estimate = wrapping_label(46);
    gtk_table_attach(GTK_TABLE(table), d.estimate, 0, 2, 10, 11, GTK_FILL, GTK_FILL, 0, 0);

    gtk_window_set_default_size(GTK_WINDOW(dialog), 960, 600);
    gtk_widget_show_all(dialog);
    fill_outputs(&d);
    refresh(&d);
    gboolean ok = gimp_dialog_run(GIMP_DIALOG(dialog)) == GTK_RESPONSE_OK;
    mb_preview_free(d.preview);
    gtk_widget_destroy(dialog);
    return ok;
}
