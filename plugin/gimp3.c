/*
 * gimp3.c — registration for GIMP 3.0: the plug-in-mambair procedure (Filters
 * > Enhance) and plug-in-mambair-upscale (Image menu, super-resolution by
 * default), typed arguments with string choice ids, dialog from the config.
 */
#include "plugin.h"

#include <libgimp/gimpui.h>

#include "intl.h"
#include "../ui/dialog.h"

#define MAMBAIR_TYPE (mambair_get_type())
G_DECLARE_FINAL_TYPE(Mambair, mambair, MAMBAIR, PLUGIN_OBJECT, GimpPlugIn)

struct _Mambair {
    GimpPlugIn parent_instance;
};

G_DEFINE_TYPE(Mambair, mambair, GIMP_TYPE_PLUG_IN)

static GList *mambair_query_procedures(GimpPlugIn *plug_in) {
    (void)plug_in;
    GList *list = g_list_append(NULL, g_strdup(PLUG_IN_PROC));
    return g_list_append(list, g_strdup(PLUG_IN_PROC_UPSCALE));
}

static GimpValueArray *mambair_run_image(GimpProcedure *procedure, GimpRunMode run_mode,
                                         GimpImage *image, GimpDrawable **drawables,
                                         GimpProcedureConfig *config, gpointer run_data) {
    (void)run_data;
    mb_pl_params p;
    mb_pl_params_default(&p);
    int n = 0;
    while (drawables && drawables[n]) n++;

    if (run_mode == GIMP_RUN_INTERACTIVE) {
        gegl_init(NULL, NULL);
        if (!mb_pl_dialog3(procedure, config, image, drawables))
            return gimp_procedure_new_return_values(procedure, GIMP_PDB_CANCEL, NULL);
    }

    char *model = NULL;
    g_object_get(config, "noise-level", &p.noise_level, "model-file", &model, "tile-size",
                 &p.tile_size, "ensemble", &p.ensemble, NULL);
    p.task = gimp_procedure_config_get_choice_id(config, "task");
    p.output = gimp_procedure_config_get_choice_id(config, "output");
    if (model) g_strlcpy(p.model_file, model, sizeof p.model_file);
    g_free(model);

    GimpImage *new_image = NULL;
    GimpLayer *new_layer = NULL;
    GError *error = NULL;
    if (!mb_pl_run(image, n, drawables, &p, run_mode != GIMP_RUN_NONINTERACTIVE, &new_image,
                   &new_layer, &error))
        return gimp_procedure_new_return_values(procedure, GIMP_PDB_EXECUTION_ERROR, error);

    GimpValueArray *rv = gimp_procedure_new_return_values(procedure, GIMP_PDB_SUCCESS, NULL);
    GIMP_VALUES_SET_IMAGE(rv, 1, new_image);
    GIMP_VALUES_SET_LAYER(rv, 2, new_layer);
    return rv;
}

static GimpChoice *task_choice(void) {
    return gimp_choice_new_with_values(
        "sr-x2", MB_PL_TASK_SR_X2, _("Enlarge 2 times (super-resolution ×2)"), NULL,
        "sr-x3", MB_PL_TASK_SR_X3, _("Enlarge 3 times (super-resolution ×3)"), NULL,
        "sr-x4", MB_PL_TASK_SR_X4, _("Enlarge 4 times (super-resolution ×4)"), NULL,
        "denoise", MB_PL_TASK_DENOISE, _("Remove noise"), NULL, NULL);
}

static GimpChoice *output_choice(void) {
    return gimp_choice_new_with_values(
        "scale-image", MB_PL_OUTPUT_SCALE_IMAGE, _("Scale the image (like Scale Image)"), NULL,
        "new-image", MB_PL_OUTPUT_NEW_IMAGE, _("New image"), NULL,
        "in-place", MB_PL_OUTPUT_IN_PLACE, _("Replace the selection (denoise)"), NULL,
        "new-layer", MB_PL_OUTPUT_NEW_LAYER, _("New layer (denoise)"), NULL, NULL);
}

static GimpProcedure *mambair_create_procedure(GimpPlugIn *plug_in, const gchar *name) {
    gboolean upscale = g_strcmp0(name, PLUG_IN_PROC_UPSCALE) == 0;
    if (!upscale && g_strcmp0(name, PLUG_IN_PROC) != 0) return NULL;

    GimpProcedure *proc = gimp_image_procedure_new(plug_in, name, GIMP_PDB_PROC_TYPE_PLUGIN,
                                                   mambair_run_image, NULL, NULL);
    gimp_procedure_set_image_types(proc, "RGB*, GRAY*");
    gimp_procedure_set_sensitivity_mask(proc, GIMP_PROCEDURE_SENSITIVE_DRAWABLE |
                                                  GIMP_PROCEDURE_SENSITIVE_DRAWABLES);
    if (upscale) {
        gimp_procedure_set_menu_label(proc, _("Upscale Image (MambaIR)..."));
        gimp_procedure_add_menu_path(proc, "<Image>/Image");
    } else {
        gimp_procedure_set_menu_label(proc, _("Restore (MambaIR)..."));
        gimp_procedure_add_menu_path(proc, "<Image>/Filters/Enhance");
    }
    gimp_procedure_set_documentation(
        proc, _("Enlarge or denoise with the MambaIR network"),
        _("Restores the selected layers with a MambaIR v1 network: super-resolution x2, x3 or "
          "x4 (the image is scaled, or a new image made) or denoising (in place on the "
          "selection, or as a new layer). Runs on the CPU; the image is changed only when the "
          "whole result is ready, as one undo step."),
        name);
    gimp_procedure_set_attribution(proc, "MambaIR for GIMP authors", "MambaIR for GIMP authors",
                                   "2025");

    gimp_procedure_add_choice_argument(proc, "task", _("_Task"), _("What to do"), task_choice(),
                                       "sr-x2", G_PARAM_READWRITE);
    gimp_procedure_add_int_argument(proc, "noise-level", _("_Noise level"),
                                    _("Noise strength (sigma on the 0-255 scale) for denoising; "
                                      "models exist for 15, 25 and 50"),
                                    1, 100, 25, G_PARAM_READWRITE);
    gimp_procedure_add_string_argument(proc, "model-file", _("_Model file"),
                                       _("A .pth or .safetensors model; empty = built-in"), "",
                                       G_PARAM_READWRITE);
    gimp_procedure_add_int_argument(proc, "tile-size", _("T_ile size"),
                                    _("Tile edge in pixels; 0 = automatic"), 0, 4096, 0,
                                    G_PARAM_READWRITE);
    gimp_procedure_add_boolean_argument(proc, "ensemble", _("_Best quality (8x slower)"),
                                        _("Average the results of 8 flips and rotations"), FALSE,
                                        G_PARAM_READWRITE);
    gimp_procedure_add_choice_argument(proc, "output", _("O_utput"), _("Where the result goes"),
                                       output_choice(), "scale-image", G_PARAM_READWRITE);
    gimp_procedure_add_image_return_value(proc, "new-image", "New image",
                                          "The image made by output new-image", TRUE,
                                          G_PARAM_READWRITE);
    gimp_procedure_add_layer_return_value(proc, "new-layer", "New layer",
                                          "The layer made by output new-image or new-layer", TRUE,
                                          G_PARAM_READWRITE);
    return proc;
}

static void mambair_class_init(MambairClass *klass) {
    GimpPlugInClass *plug_in_class = GIMP_PLUG_IN_CLASS(klass);
    plug_in_class->query_procedures = mambair_query_procedures;
    plug_in_class->create_procedure = mambair_create_procedure;
}

static void mambair_init(Mambair *self) { (void)self; }

GIMP_MAIN(MAMBAIR_TYPE)
