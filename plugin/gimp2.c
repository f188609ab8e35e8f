/*
 * gimp2.c — registration for GIMP 2.10: the same procedure as in GIMP 3 with
 * positional arguments (choice ids are strings), last values kept with
 * gimp_set_data, catalogs registered for the menu labels.
 */
#include "plugin.h"

#include <string.h>

#include "intl.h"
#include "../ui/dialog.h"

static void query(void);
static void run(const gchar *name, gint nparams, const GimpParam *param, gint *nreturn_vals,
                GimpParam **return_vals);

const GimpPlugInInfo PLUG_IN_INFO = {NULL, NULL, query, run};

MAIN()

static const GimpParamDef args[] = {
    {GIMP_PDB_INT32, "run-mode", "The run mode { RUN-INTERACTIVE (0), RUN-NONINTERACTIVE (1) }"},
    {GIMP_PDB_IMAGE, "image", "Input image"},
    {GIMP_PDB_DRAWABLE, "drawable", "Input drawable"},
    {GIMP_PDB_STRING, "task", "\"sr-x2\", \"sr-x3\", \"sr-x4\", \"denoise\" or \"dejpeg\" (default sr-x2)"},
    {GIMP_PDB_INT32, "noise-level",
     "Noise sigma on 1..100 for denoise: blends the built-in models for 15, 25, 50"},
    {GIMP_PDB_STRING, "model-file", "A .pth or .safetensors model; \"\" = built-in"},
    {GIMP_PDB_INT32, "tile-size", "Tile edge in pixels, 0 = automatic"},
    {GIMP_PDB_INT32, "ensemble", "1 = average 8 flips/rotations (8x slower), 0 = normal"},
    {GIMP_PDB_STRING, "output",
     "\"scale-image\", \"new-image\", \"in-place\" or \"new-layer\" (default scale-image)"},
    /* no more: Script-Fu 2.10 wants exactly this many arguments, so the
     * strength and threads of GIMP 3 are set in the dialog only, and
     * existing scripts keep working */
};

static const GimpParamDef return_args[] = {
    {GIMP_PDB_IMAGE, "new-image", "The image made by output new-image, or -1"},
    {GIMP_PDB_LAYER, "new-layer", "The layer made by output new-image or new-layer, or -1"},
};

static void install(const char *name, const char *label, const char *menu) {
    gimp_install_procedure(
        name, N_("Enlarge, denoise or remove JPEG artefacts with the MambaIR network"),
        "Restores the drawable with a MambaIR v1 network: super-resolution x2, x3 or x4 (the "
        "image is scaled, or a new image made), denoising or JPEG artefact removal (in place on "
        "the selection, or as a new layer). The image is changed only when the whole result is ready, as one undo step.",
        "MambaIR for GIMP authors", "MambaIR for GIMP authors", "2025", label, "RGB*, GRAY*",
        GIMP_PLUGIN, G_N_ELEMENTS(args), G_N_ELEMENTS(return_args), args, return_args);
    gimp_plugin_menu_register(name, menu);
}

static void query(void) {
    char *dir = mb_pl_models_dir(); /* <plug-in folder>/models */
    char *base = dir ? g_path_get_dirname(dir) : NULL;
    char *locale = base ? g_build_filename(base, "locale", NULL) : NULL;
    if (locale) gimp_plugin_domain_register(GETTEXT_PACKAGE, locale);
    g_free(locale);
    g_free(base);
    g_free(dir);
    install(PLUG_IN_PROC, N_("Restore (MambaIR)..."), "<Image>/Filters/Enhance");
    install(PLUG_IN_PROC_UPSCALE, N_("Upscale Image (MambaIR)..."), "<Image>/Image");
}

/* Positional arguments beyond the drawable; missing trailing ones keep their
 * defaults. FALSE for an unknown choice id. */
static gboolean params_from_pdb(gint n, const GimpParam *param, mb_pl_params *p) {
    if (n > 3 && param[3].data.d_string && param[3].data.d_string[0]) {
        int t = mb_pl_task_from_id(param[3].data.d_string);
        if (t < 0) return FALSE;
        p->task = t;
    }
    if (n > 4) p->noise_level = param[4].data.d_int32;
    if (n > 5)
        g_strlcpy(p->model_file, param[5].data.d_string ? param[5].data.d_string : "",
                  sizeof p->model_file);
    if (n > 6) p->tile_size = param[6].data.d_int32;
    if (n > 7) p->ensemble = param[7].data.d_int32 != 0;
    if (n > 8 && param[8].data.d_string && param[8].data.d_string[0]) {
        int o = mb_pl_output_from_id(param[8].data.d_string);
        if (o < 0) return FALSE;
        p->output = o;
    }
    return p->noise_level >= 1 && p->noise_level <= 100 && p->tile_size >= 0 &&
           p->tile_size <= 4096 && p->strength >= 0 && p->strength <= 100 && p->threads >= 0 &&
           p->threads <= 256;
}

static void run(const gchar *name, gint nparams, const GimpParam *param, gint *nreturn_vals,
                GimpParam **return_vals) {
    static GimpParam values[3];
    GimpRunMode mode = param[0].data.d_int32;
    gint32 image = param[1].data.d_image, drawable = param[2].data.d_drawable;
    GimpPDBStatusType status = GIMP_PDB_SUCCESS;
    GError *error = NULL;
    mb_pl_params p;

    mb_pl_i18n_init();
    textdomain(GETTEXT_PACKAGE);
    gegl_init(NULL, NULL);
    mb_pl_params_default(&p);
    *nreturn_vals = 1;
    *return_vals = values;
    values[0].type = GIMP_PDB_STATUS;

    if (mode == GIMP_RUN_NONINTERACTIVE) {
        if (nparams < 3 || !params_from_pdb(nparams, param, &p)) status = GIMP_PDB_CALLING_ERROR;
        p.jpeg_quality = mb_pl_image_jpeg_quality(image);
    } else {
        /* values kept by an older version have another size: not ours */
        if (gimp_get_data_size(name) == sizeof p) gimp_get_data(name, &p);
        p.model_file[sizeof p.model_file - 1] = '\0';
        /* a script that names a task presets the dialog with its arguments
         * (from the menu they are empty and the last values stay) */
        mb_pl_params given = p;
        if (mode == GIMP_RUN_INTERACTIVE && nparams > 3 && param[3].data.d_string &&
            param[3].data.d_string[0] && params_from_pdb(nparams, param, &given))
            p = given;
        /* this image's, not the one the last values were kept with */
        p.jpeg_quality = mb_pl_image_jpeg_quality(image);
        if (mode == GIMP_RUN_INTERACTIVE && !mb_pl_dialog2(drawable, &p)) status = GIMP_PDB_CANCEL;
    }

    gint32 new_image = -1, new_layer = -1;
    if (status == GIMP_PDB_SUCCESS) {
        if (mb_pl_run(image, 1, &drawable, &p, mode != GIMP_RUN_NONINTERACTIVE, &new_image,
                      &new_layer, &error)) {
            if (mode == GIMP_RUN_INTERACTIVE) gimp_set_data(name, &p, sizeof p);
        } else {
            status = GIMP_PDB_EXECUTION_ERROR;
        }
    }
    values[0].data.d_status = status;
    if (status == GIMP_PDB_SUCCESS) {
        *nreturn_vals = 3;
        values[1].type = GIMP_PDB_IMAGE;
        values[1].data.d_image = new_image;
        values[2].type = GIMP_PDB_LAYER;
        values[2].data.d_layer = new_layer;
    } else if (error) {
        /* 2.10 shows the second value of a failed call as the error message */
        *nreturn_vals = 2;
        values[1].type = GIMP_PDB_STRING;
        values[1].data.d_string = error->message; /* kept until the process ends */
    }
}
