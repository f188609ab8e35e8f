/*
 * dialog-gimp3.c — the GIMP 3 dialog: the live preview (preview.c) on the
 * left; on the right the task first, then only what applies to it (noise
 * settings for denoising, the outputs the task offers), the model (built-in
 * or a file) in words, "Best quality", an "Advanced" section (tile size,
 * threads; automatic by default) and the size, time and memory of the run.
 * Every widget edits the procedure's config, so GIMP keeps the last values
 * and "Reset" works.
 */
#define G_LOG_DOMAIN "mambair-dialog"
#include "dialog.h"

#include <libgimp/gimpui.h>

#include "../plugin/intl.h"
#include "dialog-common.h"
#include "preview.h"

typedef struct {
    GimpProcedureConfig *config;
    GtkWidget *task, *noise[2], *strength[2], *output, *builtin, *file_radio, *chooser;
    GtkWidget *source[2], *source_radio[MB_PL_SOURCE_COUNT], *source_purpose;
    GtkWidget *model_info, *estimate;
    mb_preview *preview;
    int width, height;
    int updating;
    int own_model_change; /* the radios or the chooser are setting model-file */
    int jpeg_quality;     /* of the JPEG the image was opened from; 0: none */
} dlg3;


static void fill_outputs(dlg3 *d, const mb_pl_params *p) {
    const mb_pl_task_info *t = mb_pl_task_get(p->task);
    mb_pl_output eff = mb_pl_output_effective(p->task, p->output);
    d->updating++;
    gtk_combo_box_text_remove_all(GTK_COMBO_BOX_TEXT(d->output));
    for (int o = 0; o < MB_PL_OUTPUT_COUNT; o++)
        if (t->outputs & (1u << o))
            gtk_combo_box_text_append(GTK_COMBO_BOX_TEXT(d->output), mb_pl_output_id(o),
                                      _(mb_pl_output_label(o)));
    gtk_combo_box_set_active_id(GTK_COMBO_BOX(d->output), mb_pl_output_id(eff));
    d->updating--;
    if (eff != p->output) g_object_set(d->config, "output", mb_pl_output_id(eff), NULL);
}

/* Show the config's model file in the radios and the chooser: when the
 * dialog opens, and when it changed from outside them (GIMP's "Reset", loaded
 * settings), so the radios never say "File" for the built-in model. */
static void sync_model_radios(dlg3 *d, const mb_pl_params *p) {
    GtkWidget *want = p->model_file[0] ? d->file_radio : d->builtin;
    d->updating++;
    if (p->model_file[0]) {
        char *shown = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(d->chooser));
        if (g_strcmp0(shown, p->model_file) != 0)
            gtk_file_chooser_set_filename(GTK_FILE_CHOOSER(d->chooser), p->model_file);
        g_free(shown);
    }
    if (!gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(want)))
        gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(want), TRUE);
    gtk_widget_set_sensitive(d->chooser, p->model_file[0] != 0);
    d->updating--;
}

/* The source radios show the config's kind; the sentence under them says
 * what it is for (and for "automatic", what it chose for this image). */
static void sync_source(dlg3 *d, const mb_pl_params *p) {
    mb_pl_source k = p->source >= 0 && p->source < MB_PL_SOURCE_COUNT ? p->source : 0;
    d->updating++;
    if (!gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(d->source_radio[k])))
        gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(d->source_radio[k]), TRUE);
    d->updating--;
    char *words = mb_pl_source_words(p);
    gtk_label_set_text(GTK_LABEL(d->source_purpose), words);
    g_free(words);
}

static void refresh(GObject *config, GParamSpec *pspec, dlg3 *d) {
    (void)config;
    if (d->updating) return;
    mb_pl_params p;
    mb_pl_params_from_config(d->config, &p);
    p.jpeg_quality = d->jpeg_quality;
    if (!pspec || g_strcmp0(pspec->name, "task") == 0) fill_outputs(d, &p);
    if (!d->own_model_change && (!pspec || g_strcmp0(pspec->name, "model-file") == 0))
        sync_model_radios(d, &p);
    if (!pspec || g_strcmp0(pspec->name, "source") == 0) sync_source(d, &p);
    int n_levels = 1;
    char *words = mb_pl_model_words(&p, &n_levels);
    gtk_label_set_text(GTK_LABEL(d->model_info), words);
    g_free(words);
    char *est = mb_pl_estimate(&p, d->width, d->height);
    gtk_label_set_text(GTK_LABEL(d->estimate), est ? est : "");
    g_free(est);
    const mb_pl_task_info *t = mb_pl_task_get(p.task);
    for (int i = 0; i < 2; i++) {
        gtk_widget_set_visible(d->strength[i], t->strength_control);
        gtk_widget_set_visible(d->noise[i], t->noise_control && n_levels > 1);
        /* a choice only where both kinds of built-in model exist */
        gtk_widget_set_visible(d->source[i],
                               !p.model_file[0] && mb_pl_task_has_photo_model(p.task));
    }
    gboolean source_shown = gtk_widget_get_visible(d->source[0]);
    if (source_shown != gtk_widget_get_visible(d->source_purpose))
        g_debug("source choice %s", source_shown ? "shown" : "hidden");
    gtk_widget_set_visible(d->source_purpose, source_shown);
    if (d->preview) mb_preview_set_params(d->preview, &p);
}

/* The preview timed the model: refresh the estimate. */
static void on_speed(void *user) {
    dlg3 *d = user;
    mb_pl_params p;
    mb_pl_params_from_config(d->config, &p);
    p.jpeg_quality = d->jpeg_quality;
    char *est = mb_pl_estimate(&p, d->width, d->height);
    gtk_label_set_text(GTK_LABEL(d->estimate), est ? est : "");
    g_free(est);
}

static void on_source_radio(GtkToggleButton *b, dlg3 *d) {
    if (d->updating || !gtk_toggle_button_get_active(b)) return;
    for (int k = 0; k < MB_PL_SOURCE_COUNT; k++)
        if (GTK_WIDGET(b) == d->source_radio[k]) {
            g_debug("source: %s", mb_pl_source_id(k));
            g_object_set(d->config, "source", mb_pl_source_id(k), NULL);
        }
}

static void on_output(GtkComboBox *combo, dlg3 *d) {
    const char *id = gtk_combo_box_get_active_id(combo);
    if (!d->updating && id) g_object_set(d->config, "output", id, NULL);
}

static void set_model_file(dlg3 *d) {
    gboolean file = gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(d->file_radio));
    gtk_widget_set_sensitive(d->chooser, file);
    char *f = file ? gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(d->chooser)) : NULL;
    d->own_model_change++;
    g_object_set(d->config, "model-file", f ? f : "", NULL);
    d->own_model_change--;
    g_free(f);
}

static void on_model_radio(GtkToggleButton *b, dlg3 *d) {
    if (!gtk_toggle_button_get_active(b)) return;
    g_debug("model source: %s", GTK_WIDGET(b) == d->builtin ? "built-in" : "file");
    if (!d->updating) set_model_file(d);
}

static void on_file_set(GtkFileChooserButton *b, dlg3 *d) {
    (void)b;
    set_model_file(d);
}

static GtkWidget *label_for(const char *text, GtkWidget *target) {
    GtkWidget *l = gtk_label_new_with_mnemonic(text);
    gtk_label_set_xalign(GTK_LABEL(l), 0.0);
    gtk_label_set_mnemonic_widget(GTK_LABEL(l), target);
    return l;
}

static GtkWidget *wrapping_label(void) {
    GtkWidget *l = gtk_label_new("");
    gtk_label_set_line_wrap(GTK_LABEL(l), TRUE);
    gtk_label_set_xalign(GTK_LABEL(l), 0.0);
    gtk_label_set_yalign(GTK_LABEL(l), 0.0);
    gtk_label_set_max_width_chars(GTK_LABEL(l), 34);
    gtk_label_set_width_chars(GTK_LABEL(l), 34);
    return l;
}

static GtkWidget *settings_column(dlg3 *d) {
    GtkWidget *grid = gtk_grid_new();
    gtk_grid_set_row_spacing(GTK_GRID(grid), 8);
    gtk_grid_set_column_spacing(GTK_GRID(grid), 8);
    int row = 0;

    d->task = gtk_combo_box_text_new();
    for (int t = 0; t < MB_PL_TASK_COUNT; t++)
        gtk_combo_box_text_append(GTK_COMBO_BOX_TEXT(d->task), mb_pl_task_id(t),
                                  _(mb_pl_task_get(t)->label));
    g_object_bind_property(d->config, "task", d->task, "active-id",
                           G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
    gtk_grid_attach(GTK_GRID(grid), label_for(_("_Task:"), d->task), 0, row, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), d->task, 1, row++, 1, 1);

    /* enlarging: the built-in models for clean pictures or for photos,
     * shown when both are installed for the task's scale */
    GtkWidget *source_box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 2);
    static const mb_pl_source shown[MB_PL_SOURCE_COUNT] = {MB_PL_SOURCE_AUTO, MB_PL_SOURCE_CLEAN,
                                                           MB_PL_SOURCE_PHOTO};
    GtkWidget *first = NULL;
    for (int i = 0; i < MB_PL_SOURCE_COUNT; i++) {
        mb_pl_source k = shown[i];
        d->source_radio[k] = first ? gtk_radio_button_new_with_mnemonic_from_widget(
                                         GTK_RADIO_BUTTON(first), _(mb_pl_source_label(k)))
                                   : gtk_radio_button_new_with_mnemonic(NULL, _(mb_pl_source_label(k)));
        if (!first) first = d->source_radio[k];
        gtk_widget_set_tooltip_text(d->source_radio[k], _(mb_pl_source_purpose(k)));
        g_signal_connect(d->source_radio[k], "toggled", G_CALLBACK(on_source_radio), d);
        gtk_box_pack_start(GTK_BOX(source_box), d->source_radio[k], FALSE, FALSE, 0);
    }
    d->source[1] = source_box;
    d->source[0] = label_for(_("_Source:"), first);
    gtk_label_set_yalign(GTK_LABEL(d->source[0]), 0.0);
    d->source_purpose = wrapping_label();
    gtk_widget_show_all(source_box); /* before no_show_all, which show_all obeys */
    for (int i = 0; i < 2; i++) gtk_widget_set_no_show_all(d->source[i], TRUE);
    gtk_widget_set_no_show_all(d->source_purpose, TRUE);
    gtk_grid_attach(GTK_GRID(grid), d->source[0], 0, row, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), d->source[1], 1, row++, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), d->source_purpose, 1, row++, 1, 1);

    /* noise settings: shown for denoising only (the noise level only when
     * there are models for several levels to choose from) */
    d->noise[1] = gimp_prop_spin_scale_new(G_OBJECT(d->config), "noise-level", 1, 5, 0);
    gimp_spin_scale_set_label(GIMP_SPIN_SCALE(d->noise[1]), NULL);
    gimp_spin_scale_set_scale_limits(GIMP_SPIN_SCALE(d->noise[1]), 1, 50);
    d->noise[0] = label_for(_("_Noise level:"), d->noise[1]);
    d->strength[1] = gimp_prop_spin_scale_new(G_OBJECT(d->config), "strength", 1, 10, 0);
    gimp_spin_scale_set_label(GIMP_SPIN_SCALE(d->strength[1]), NULL);
    d->strength[0] = label_for(_("Stren_gth (%):"), d->strength[1]);
    for (int i = 0; i < 2; i++) {
        gtk_widget_set_no_show_all(d->noise[i], TRUE);
        gtk_widget_set_no_show_all(d->strength[i], TRUE);
    }
    gtk_grid_attach(GTK_GRID(grid), d->noise[0], 0, row, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), d->noise[1], 1, row++, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), d->strength[0], 0, row, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), d->strength[1], 1, row++, 1, 1);

    d->output = gtk_combo_box_text_new();
    g_signal_connect(d->output, "changed", G_CALLBACK(on_output), d);
    gtk_grid_attach(GTK_GRID(grid), label_for(_("O_utput:"), d->output), 0, row, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), d->output, 1, row++, 1, 1);

    /* the model: built-in unless the user picks a file */
    d->builtin = gtk_radio_button_new_with_mnemonic(NULL, _("_Built-in"));
    d->file_radio = gtk_radio_button_new_with_mnemonic_from_widget(GTK_RADIO_BUTTON(d->builtin),
                                                                   _("_File:"));
    d->chooser = mb_dialog_model_chooser(); /* set by the first refresh() */
    g_signal_connect(d->builtin, "toggled", G_CALLBACK(on_model_radio), d);
    g_signal_connect(d->file_radio, "toggled", G_CALLBACK(on_model_radio), d);
    g_signal_connect(d->chooser, "file-set", G_CALLBACK(on_file_set), d);
    GtkWidget *model_box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    gtk_box_pack_start(GTK_BOX(model_box), d->builtin, FALSE, FALSE, 0);
    gtk_box_pack_start(GTK_BOX(model_box), d->file_radio, FALSE, FALSE, 0);
    gtk_box_pack_start(GTK_BOX(model_box), d->chooser, TRUE, TRUE, 0);
    gtk_grid_attach(GTK_GRID(grid), label_for(_("_Model:"), d->builtin), 0, row, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), model_box, 1, row++, 1, 1);
    d->model_info = wrapping_label();
    gtk_grid_attach(GTK_GRID(grid), d->model_info, 1, row++, 1, 1);

    GtkWidget *ens = gimp_prop_check_button_new(G_OBJECT(d->config), "ensemble", NULL);
    gtk_grid_attach(GTK_GRID(grid), ens, 0, row++, 2, 1);

    /* rarely needed: tile size and threads, automatic by default */
    GtkWidget *adv = gtk_expander_new_with_mnemonic(_("_Advanced"));
    GtkWidget *adv_grid = gtk_grid_new();
    gtk_grid_set_row_spacing(GTK_GRID(adv_grid), 6);
    gtk_grid_set_column_spacing(GTK_GRID(adv_grid), 8);
    gtk_widget_set_margin_top(adv_grid, 6);
    GtkWidget *tile = mb_dialog_auto_spin(0, 4096, 16);
    g_object_bind_property(d->config, "tile-size",
                           gtk_spin_button_get_adjustment(GTK_SPIN_BUTTON(tile)), "value",
                           G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
    gtk_widget_set_tooltip_text(tile, _("Large images are processed in tiles of this many "
                                        "pixels; Automatic picks the fastest size that fits "
                                        "in memory."));
    GtkWidget *threads = mb_dialog_auto_spin(0, 256, 1);
    g_object_bind_property(d->config, "threads",
                           gtk_spin_button_get_adjustment(GTK_SPIN_BUTTON(threads)), "value",
                           G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
    gtk_widget_set_tooltip_text(threads, _("Automatic uses every processor core."));
    gtk_grid_attach(GTK_GRID(adv_grid), label_for(_("T_ile size:"), tile), 0, 0, 1, 1);
    gtk_grid_attach(GTK_GRID(adv_grid), tile, 1, 0, 1, 1);
    gtk_grid_attach(GTK_GRID(adv_grid), label_for(_("Threa_ds:"), threads), 0, 1, 1, 1);
    gtk_grid_attach(GTK_GRID(adv_grid), threads, 1, 1, 1, 1);
    gtk_container_add(GTK_CONTAINER(adv), adv_grid);
    gtk_grid_attach(GTK_GRID(grid), adv, 0, row++, 2, 1);

    d->estimate = wrapping_label();
    gtk_grid_attach(GTK_GRID(grid), d->estimate, 0, row++, 2, 1);
    return grid;
}

gboolean mb_pl_dialog3(GimpProcedure *procedure, GimpProcedureConfig *config, GimpImage *image,
                       GimpDrawable **drawables) {
    gimp_ui_init(PLUG_IN_BINARY);
    GtkWidget *dialog = gimp_procedure_dialog_new(procedure, config, _("MambaIR"));
    dlg3 d = {0};
    d.config = config;
    d.jpeg_quality = mb_pl_image_jpeg_quality(image);
    if (d.jpeg_quality) g_debug("opened from a JPEG of quality %d", d.jpeg_quality);
    if (drawables && drawables[0]) {
        int x, y;
        if (!gimp_drawable_mask_intersect(drawables[0], &x, &y, &d.width, &d.height)) {
            d.width = gimp_drawable_get_width(drawables[0]);
            d.height = gimp_drawable_get_height(drawables[0]);
        }
    }
    GtkWidget *main_box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 18);
    gtk_container_set_border_width(GTK_CONTAINER(main_box), 12);
    if (drawables && drawables[0]) {
        /* one line that never resizes the dialog (a resize moves the
         * preview's window and would start a new computation) */
        GtkWidget *status = gtk_label_new("");
        gtk_label_set_xalign(GTK_LABEL(status), 0.0);
        gtk_label_set_ellipsize(GTK_LABEL(status), PANGO_ELLIPSIZE_END);
        gtk_label_set_width_chars(GTK_LABEL(status), 20);
        d.preview = mb_preview_new(drawables[0], status, on_speed, &d);
        GtkWidget *left = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
        gtk_box_pack_start(GTK_BOX(left), mb_preview_widget(d.preview), TRUE, TRUE, 0);
        gtk_box_pack_start(GTK_BOX(left), status, FALSE, FALSE, 0);
        gtk_box_pack_start(GTK_BOX(main_box), left, TRUE, TRUE, 0);
    }
    GtkWidget *settings = settings_column(&d);
    gtk_box_pack_start(GTK_BOX(main_box), settings, FALSE, FALSE, 0);
    gtk_box_pack_start(GTK_BOX(gtk_dialog_get_content_area(GTK_DIALOG(dialog))), main_box, TRUE,
                       TRUE, 0);
    gtk_widget_show_all(main_box);
    gtk_window_set_default_size(GTK_WINDOW(dialog), 980, 600);
    g_signal_connect(config, "notify", G_CALLBACK(refresh), &d);
    refresh(G_OBJECT(config), NULL, &d);
    gboolean run = gimp_procedure_dialog_run(GIMP_PROCEDURE_DIALOG(dialog));
    g_signal_handlers_disconnect_by_func(config, G_CALLBACK(refresh), &d);
    mb_preview_free(d.preview);
    gtk_widget_destroy(dialog);
    return run;
}
