/*
 * dialog-common.h — widgets both dialogs (GTK 3 for GIMP 3, GTK 2 for 2.10)
 * build the same way.
 */
#ifndef MAMBAIR_DIALOG_COMMON_H
#define MAMBAIR_DIALOG_COMMON_H

#include <gtk/gtk.h>

/* A file chooser button for model files (.pth, .pt, .safetensors; "All
 * files" as a second filter). */
GtkWidget *mb_dialog_model_chooser(void);

/* A spin button from lo (shown as "Automatic") to hi; typing "Automatic"
 * or 0 means automatic. */
GtkWidget *mb_dialog_auto_spin(int lo, int hi, int step);

#endif /* MAMBAIR_DIALOG_COMMON_H */
