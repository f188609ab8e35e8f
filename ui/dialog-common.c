/* dialog-common.c — the model file chooser and the "Automatic" spin button. */
#include "dialog-common.h"

#include <stdlib.h>
#include <string.h>

#include "../plugin/intl.h"

GtkWidget *mb_dialog_model_chooser(void) {
    GtkWidget *b = gtk_file_chooser_button_new(_("Choose a model file"),
                                               GTK_FILE_CHOOSER_ACTION_OPEN);
    GtkFileFilter *models = gtk_file_filter_new();
    gtk_file_filter_set_name(models, _("MambaIR models (.pth, .safetensors)"));
    gtk_file_filter_add_pattern(models, "*.pth");
    gtk_file_filter_add_pattern(models, "*.pt");
    gtk_file_filter_add_pattern(models, "*.safetensors");
    gtk_file_chooser_add_filter(GTK_FILE_CHOOSER(b), models);
    GtkFileFilter *all = gtk_file_filter_new();
    gtk_file_filter_set_name(all, _("All files"));
    gtk_file_filter_add_pattern(all, "*");
    gtk_file_chooser_add_filter(GTK_FILE_CHOOSER(b), all);
    gtk_file_chooser_button_set_width_chars(GTK_FILE_CHOOSER_BUTTON(b), 12);
    return b;
}

static gboolean auto_output(GtkSpinButton *spin, gpointer data) {
    (void)data;
    GtkAdjustment *adj = gtk_spin_button_get_adjustment(spin);
    double v = gtk_adjustment_get_value(adj);
    /* above the lowest value GTK shows the number as usual */
    if (v > gtk_adjustment_get_lower(adj)) return FALSE;
    const char *text = _("Automatic");
    if (strcmp(gtk_entry_get_text(GTK_ENTRY(spin)), text) != 0)
        gtk_entry_set_text(GTK_ENTRY(spin), text);
    return TRUE;
}

static gint auto_input(GtkSpinButton *spin, gdouble *value, gpointer data) {
    (void)data;
    const char *text = gtk_entry_get_text(GTK_ENTRY(spin));
    if (g_utf8_collate(text, _("Automatic")) == 0) {
        *value = gtk_adjustment_get_lower(gtk_spin_button_get_adjustment(spin));
        return TRUE;
    }
    char *end = NULL;
    double v = strtod(text, &end);
    if (end == text) return GTK_INPUT_ERROR;
    *value = v;
    return TRUE;
}

GtkWidget *mb_dialog_auto_spin(int lo, int hi, int step) {
    GtkAdjustment *adj =
        GTK_ADJUSTMENT(gtk_adjustment_new(lo, lo, hi, step, step * 8.0, 0));
    GtkWidget *spin = gtk_spin_button_new(adj, 1, 0);
    gtk_entry_set_width_chars(GTK_ENTRY(spin), 12);
    g_signal_connect(spin, "output", G_CALLBACK(auto_output), NULL);
    g_signal_connect(spin, "input", G_CALLBACK(auto_input), NULL);
    return spin;
}
