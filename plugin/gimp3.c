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

void mb_pl_params_from_config(GimpProcedureConfig *config, mb_pl_params *p) {
    char *model = NULL;
    mb_pl_params_default(p);
    g_object_get(config, "noise-level", &p->noise_level, "strength", &p->strength, "model-file",
                 &model, "tile-size", &p->tile_size, "threads", &p->threads, "ensemble",
                 &p->ensemble, NULL);
    p->task = gimp_procedure_config_get_choice_id(config, "task");
    p->output = gimp_procedure_config_get_choice_id(config, "output");
    p->source = gimp_procedure_config_get_choice_id(config, "source");
    if (model) g_strlcpy(p->model_file, model, sizeof p->model_file);
    g_free(model);
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

    mb_pl_params_from_config(config, &p);
    p.jpeg_quality = mb_pl_image_jpeg_quality(image);

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

/* Both lists come from the task table (params.c). */
static GimpChoice *task_choice(void) {
    GimpChoice *c = gimp_choice_new();
    for (int t = 0; t < MB_PL_TASK_COUNT; t++)
        gimp_choice_add(c, mb_pl_task_id(t), t, _(mb_pl_task_get(t)->label), NULL);
    return c;
}

static GimpChoice *output_choice(void) {
    GimpChoice *c = gimp_choice_new();
    for (int o = 0; o < MB_PL_OUTPUT_COUNT; o++)
        gimp_choice_add(c, mb_pl_output_id(o), o, _(mb_pl_output_label(o)), NULL);
    return c;
}

static GimpChoice *source_choice(void) {
    GimpChoice *c = gimp_choice_new();
    for (int k = 0; k < MB_PL_SOURCE_COUNT; k++) {
        char *label = gimp_strip_uline(_(mb_pl_source_label(k)));
        gimp_choice_add(c, mb_pl_source_id(k), k, label, _(mb_pl_source_purpose(k)));
        g_free(label);
    }
    return c;
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
        proc, _("Enlarge, denoise or remove JPEG artefacts with the MambaIR network"),
        _("Restores the selected layers with a MambaIR v1 network: super-resolution x2, x3 or "
          "x4 (the image is scaled, or a new image made), denoising or JPEG artefact removal "
          "(in place on the selection, or as a new layer). Runs on the CPU; the image is changed only when the "
          "whole result is ready, as one undo step."),
        name);
    gimp_procedure_set_attribution(proc, "MambaIR for GIMP authors", "MambaIR for GIMP authors",
                                   "2025");

    gimp_procedure_add_choice_argument(proc, "task", _("_Task"), _("What to do"), task_choice(),
                                       "sr-x2", G_PARAM_READWRITE);
    gimp_procedure_add_int_argument(proc, "noise-level", _("_Noise level"),
                                    _("How noisy the image is (sigma on the 0-255 scale): "
                                      "chooses between the built-in denoisers trained for 15, 25 "
                                      "and 50; above 50 the same as 50"),
                                    1, 100, 25, G_PARAM_READWRITE);
    gimp_procedure_add_int_argument(proc, "strength", _("Stren_gth"),
                                    _("How much of the restoration is applied, in percent: 0 "
                                      "keeps the original, 100 the full result"),
                                    0, 100, 100, G_PARAM_READWRITE);
    gimp_procedure_add_string_argument(proc, "model-file", _("_Model file"),
                                       _("A .pth or .safetensors model; empty = built-in"), "",
                                       G_PARAM_READWRITE);
    gimp_procedure_add_int_argument(proc, "tile-size", _("T_ile size"),
                                    _("Tile edge in pixels; 0 = automatic"), 0, 4096, 0,
                                    G_PARAM_READWRITE);
    gimp_procedure_add_int_argument(proc, "threads", _("Threa_ds"),
                                    _("Processor threads to use; 0 = automatic (all)"), 0, 256, 0,
                                    G_PARAM_READWRITE);
    gimp_procedure_add_boolean_argument(proc, "ensemble", _("_Best quality (8x slower)"),
                                        _("Average the results of 8 flips and rotations"), FALSE,
                                        G_PARAM_READWRITE);
    gimp_procedure_add_choice_argument(proc, "output", _("O_utput"), _("Where the result goes"),
                                       output_choice(), "scale-image", G_PARAM_READWRITE);
    gimp_procedure_add_choice_argument(proc, "source", _("_Source"),
                                       _("Which built-in enlargement models: \"clean\" for "
                                         "pictures without blur, noise or compression, "
                                         "\"photo\" for camera pictures and JPEGs (where a "
                                         "photo model exists for the scale), \"auto\" for "
                                         "photo when the image was opened from a JPEG saved "
                                         "at quality 55 or less (x2), 60 or less (x3) or "
                                         "60 or less (x4), "
                                         "clean otherwise"),
                                       source_choice(), "auto", G_PARAM_READWRITE);
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
