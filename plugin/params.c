/* params.c — argument defaults and choice ids shared by both registrations. */
#include "plugin.h"

#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "intl.h"
#include "mambair.h"

static const char *const task_ids[MB_PL_TASK_COUNT] = {"sr-x2", "sr-x3", "sr-x4", "denoise"};
static const char *const output_ids[MB_PL_OUTPUT_COUNT] = {"scale-image", "new-image", "in-place",
                                                           "new-layer"};

void mb_pl_params_default(mb_pl_params *p) {
    memset(p, 0, sizeof *p);
    p->task = MB_PL_TASK_SR_X2;
    p->noise_level = 25;
    p->output = MB_PL_OUTPUT_SCALE_IMAGE;
}

const char *mb_pl_task_id(mb_pl_task t) {
    return t >= 0 && t < MB_PL_TASK_COUNT ? task_ids[t] : task_ids[0];
}

const char *mb_pl_output_id(mb_pl_output o) {
    return o >= 0 && o < MB_PL_OUTPUT_COUNT ? output_ids[o] : output_ids[0];
}

int mb_pl_task_from_id(const char *id) {
    for (int i = 0; id && i < MB_PL_TASK_COUNT; i++)
        if (strcmp(id, task_ids[i]) == 0) return i;
    return -1;
}

int mb_pl_output_from_id(const char *id) {
    for (int i = 0; id && i < MB_PL_OUTPUT_COUNT; i++)
        if (strcmp(id, output_ids[i]) == 0) return i;
    return -1;
}

mb_pl_output mb_pl_output_effective(mb_pl_task task, mb_pl_output output) {
    if (task == MB_PL_TASK_DENOISE)
        return output == MB_PL_OUTPUT_SCALE_IMAGE ? MB_PL_OUTPUT_IN_PLACE : output;
    return output == MB_PL_OUTPUT_IN_PLACE || output == MB_PL_OUTPUT_NEW_LAYER
               ? MB_PL_OUTPUT_SCALE_IMAGE
               : output;
}

/* The binary's own folder: GIMP runs plug-ins from plug-ins/<name>/<name>. */
static char *plugin_dir(void) {
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    if (!exe) return NULL;
    char *dir = g_path_get_dirname(exe);
    g_free(exe);
    return dir;
}

char *mb_pl_models_dir(void) {
    char *dir = plugin_dir();
    if (!dir) return NULL;
    char *models = g_build_filename(dir, "models", NULL);
    g_free(dir);
    return models;
}

void mb_pl_i18n_init(void) {
    char *dir = plugin_dir();
    if (!dir) return;
    char *locale = g_build_filename(dir, "locale", NULL);
    setlocale(LC_ALL, "");
    bindtextdomain(GETTEXT_PACKAGE, locale);
    bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
    g_free(locale);
    g_free(dir);
}

int mb_pl_task_scale(mb_pl_task t) {
    return t == MB_PL_TASK_SR_X2 ? 2 : t == MB_PL_TASK_SR_X3 ? 3 : t == MB_PL_TASK_SR_X4 ? 4 : 1;
}

gboolean mb_pl_model_path(const mb_pl_params *p, char *path, size_t size, GError **error) {
    if (p->model_file[0]) {
        g_strlcpy(path, p->model_file, size);
        return TRUE;
    }
    int s = mb_pl_task_scale(p->task);
    mambair_error err = {0};
    char *dir = mb_pl_models_dir();
    mambair_status st =
        mambair_default_model_path(s > 1 ? MAMBAIR_TASK_SUPER_RESOLUTION : MAMBAIR_TASK_DENOISE,
                                   s > 1 ? s : p->noise_level, dir, path, size, &err);
    g_free(dir);
    if (st == MAMBAIR_OK) return TRUE;
    g_set_error(error, G_FILE_ERROR, 0, "%s\n\n%s",
                _("The built-in model for this task is not installed. Reinstall the plug-in, or "
                  "choose a model file."),
                err.message);
    return FALSE;
}
