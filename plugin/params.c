/* params.c — the task table, argument defaults and choice ids shared by both
 * registrations, and which model files a run uses. */
#include "plugin.h"

#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "intl.h"
#include "mambair.h"

#define OUT(o) (1u << (o))
#define ENLARGE_OUTPUTS (OUT(MB_PL_OUTPUT_SCALE_IMAGE) | OUT(MB_PL_OUTPUT_NEW_IMAGE))
#define RESTORE_OUTPUTS (OUT(MB_PL_OUTPUT_IN_PLACE) | OUT(MB_PL_OUTPUT_NEW_LAYER))

static const mb_pl_task_info tasks[MB_PL_TASK_COUNT] = {
    [MB_PL_TASK_SR_X2] = {"sr-x2", N_("Enlarge 2 times"), 2, MAMBAIR_TASK_SUPER_RESOLUTION,
                          {2}, ENLARGE_OUTPUTS, MB_PL_OUTPUT_SCALE_IMAGE, 0},
    [MB_PL_TASK_SR_X3] = {"sr-x3", N_("Enlarge 3 times"), 3, MAMBAIR_TASK_SUPER_RESOLUTION,
                          {3}, ENLARGE_OUTPUTS, MB_PL_OUTPUT_SCALE_IMAGE, 0},
    [MB_PL_TASK_SR_X4] = {"sr-x4", N_("Enlarge 4 times"), 4, MAMBAIR_TASK_SUPER_RESOLUTION,
                          {4}, ENLARGE_OUTPUTS, MB_PL_OUTPUT_SCALE_IMAGE, 0},
    /* the σ levels the built-in denoisers are trained for (core/models.c) */
    [MB_PL_TASK_DENOISE] = {"denoise", N_("Remove noise"), 1, MAMBAIR_TASK_DENOISE,
                            {15, 25, 50}, RESTORE_OUTPUTS, MB_PL_OUTPUT_IN_PLACE, 1, 1},
    /* one blind model for every JPEG quality: the level only names it */
    [MB_PL_TASK_DEJPEG] = {"dejpeg", N_("Remove JPEG artefacts"), 1, MAMBAIR_TASK_JPEG, {1},
                           RESTORE_OUTPUTS, MB_PL_OUTPUT_IN_PLACE, 1, 0},
};

static const char *const output_ids[MB_PL_OUTPUT_COUNT] = {"scale-image", "new-image", "in-place",
                                                           "new-layer"};
static const char *const output_labels[MB_PL_OUTPUT_COUNT] = {
    N_("Scale the image"), N_("New image"), N_("Replace the selection"), N_("New layer")};

/* "Automatic" has no mnemonic of its own: it is the first radio, which the
 * "Source" label's mnemonic reaches, and its letters are all taken */
static const char *const source_ids[MB_PL_SOURCE_COUNT] = {"clean", "photo", "auto"};
static const char *const source_labels[MB_PL_SOURCE_COUNT] = {
    N_("Clean picture"), N_("_Photo (JPEG, noise, blur)"), N_("Automatic")};
static const char *const source_purposes[MB_PL_SOURCE_COUNT] = {
    N_("For pictures without blur, noise or compression: renders, screenshots, scans saved "
       "as PNG or TIFF."),
    N_("For camera pictures and JPEGs: also removes blur, noise and JPEG blocks, so that they "
       "are not enlarged with the picture."),
    N_("Photo for a picture opened from a JPEG saved at low quality (up to 55 for ×2, 60 for "
       "×3, 60 for ×4), where the blocks show; Clean for every other picture.")};

const mb_pl_task_info *mb_pl_task_get(mb_pl_task t) {
    return &tasks[t >= 0 && t < MB_PL_TASK_COUNT ? t : 0];
}

const char *mb_pl_output_label(mb_pl_output o) {
    return output_labels[o >= 0 && o < MB_PL_OUTPUT_COUNT ? o : 0];
}

void mb_pl_params_default(mb_pl_params *p) {
    memset(p, 0, sizeof *p);
    p->task = MB_PL_TASK_SR_X2;
    p->noise_level = 25;
    p->strength = 100;
    p->output = MB_PL_OUTPUT_SCALE_IMAGE;
    p->source = MB_PL_SOURCE_AUTO;
}

const char *mb_pl_task_id(mb_pl_task t) { return mb_pl_task_get(t)->id; }

const char *mb_pl_output_id(mb_pl_output o) {
    return o >= 0 && o < MB_PL_OUTPUT_COUNT ? output_ids[o] : output_ids[0];
}

int mb_pl_task_from_id(const char *id) {
    for (int i = 0; id && i < MB_PL_TASK_COUNT; i++)
        if (strcmp(id, tasks[i].id) == 0) return i;
    return -1;
}

const char *mb_pl_source_id(mb_pl_source s) {
    return source_ids[s >= 0 && s < MB_PL_SOURCE_COUNT ? s : 0];
}

int mb_pl_source_from_id(const char *id) {
    for (int i = 0; id && i < MB_PL_SOURCE_COUNT; i++)
        if (strcmp(id, source_ids[i]) == 0) return i;
    return -1;
}

const char *mb_pl_source_label(mb_pl_source s) {
    return source_labels[s >= 0 && s < MB_PL_SOURCE_COUNT ? s : 0];
}

const char *mb_pl_source_purpose(mb_pl_source s) {
    return source_purposes[s >= 0 && s < MB_PL_SOURCE_COUNT ? s : 0];
}

mb_pl_source mb_pl_source_effective(const mb_pl_params *p) {
    if (p->source == MB_PL_SOURCE_PHOTO) return MB_PL_SOURCE_PHOTO;
    if (p->source == MB_PL_SOURCE_AUTO &&
        mambair_source_for_jpeg_quality(p->jpeg_quality, mb_pl_task_scale(p->task)) == MAMBAIR_SOURCE_PHOTO)
        return MB_PL_SOURCE_PHOTO;
    return MB_PL_SOURCE_CLEAN;
}

int mb_pl_output_from_id(const char *id) {
    for (int i = 0; id && i < MB_PL_OUTPUT_COUNT; i++)
        if (strcmp(id, output_ids[i]) == 0) return i;
    return -1;
}

mb_pl_output mb_pl_output_effective(mb_pl_task task, mb_pl_output output) {
    const mb_pl_task_info *t = mb_pl_task_get(task);
    if (output >= 0 && output < MB_PL_OUTPUT_COUNT && (t->outputs & OUT(output))) return output;
    return t->default_output;
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

int mb_pl_task_scale(mb_pl_task t) { return mb_pl_task_get(t)->scale; }

/* The built-in models of a task, one per distinct file: files with the same
 * bytes hold the same model, and a level that only repeats a lower one's
 * file is not a level of its own (its file then counts for the highest of
 * them, so the noise level keeps its meaning at the top). Remembered per
 * task: the dialog asks on every change. */
typedef struct {
    int done, n;
    int levels[MB_PL_MAX_LEVELS];
    char paths[MB_PL_MAX_LEVELS][4096];
    char error[1024];
} builtin_set;

static gboolean same_file(const char *a, const char *b) {
    if (strcmp(a, b) == 0) return TRUE;
    char *da = NULL, *db = NULL;
    gsize na = 0, nb = 0;
    gboolean same = g_file_get_contents(a, &da, &na, NULL) &&
                    g_file_get_contents(b, &db, &nb, NULL) && na == nb &&
                    memcmp(da, db, na) == 0;
    g_free(da);
    g_free(db);
    return same;
}

static const builtin_set *builtin_models(mb_pl_task task, mb_pl_source source) {
    static builtin_set sets[MB_PL_TASK_COUNT][MB_PL_SOURCE_COUNT];
    const mb_pl_task_info *t = mb_pl_task_get(task);
    if (source < 0 || source >= MB_PL_SOURCE_COUNT) source = MB_PL_SOURCE_CLEAN;
    builtin_set *b = &sets[t - tasks][source];
    if (b->done) return b;
    b->done = 1;
    char *dir = mb_pl_models_dir();
    mambair_source kind = source == MB_PL_SOURCE_PHOTO ? MAMBAIR_SOURCE_PHOTO : MAMBAIR_SOURCE_CLEAN;
    for (int i = 0; i < MB_PL_MAX_LEVELS && t->levels[i]; i++) {
        char path[4096];
        mambair_error err = {0};
        if (mambair_builtin_model_path(t->engine_task, t->levels[i], kind, dir, path, sizeof path,
                                       &err) != MAMBAIR_OK) {
            g_strlcpy(b->error, err.message, sizeof b->error);
            b->n = 0;
            break;
        }
        if (b->n > 0 && same_file(b->paths[b->n - 1], path)) {
            b->levels[b->n - 1] = t->levels[i];
            continue;
        }
        b->levels[b->n] = t->levels[i];
        g_strlcpy(b->paths[b->n], path, sizeof b->paths[b->n]);
        b->n++;
    }
    g_free(dir);
    return b;
}

gboolean mb_pl_models_plan(const mb_pl_params *p, char paths[][4096], mb_mix *mix, int *n_levels,
                           GError **error) {
    const mb_pl_task_info *t = mb_pl_task_get(p->task);
    double strength = t->strength_control ? p->strength / 100.0 : 1.0;
    if (p->model_file[0]) {
        static const int one[1] = {0};
        mb_mix_plan(p->noise_level, strength, one, 1, mix);
        g_strlcpy(paths[0], p->model_file, 4096);
        if (n_levels) *n_levels = 1;
        return TRUE;
    }
    /* "photo" where the scale has a photo model, otherwise the clean one */
    const builtin_set *b = NULL;
    if (mb_pl_source_effective(p) == MB_PL_SOURCE_PHOTO && mb_pl_task_has_photo_model(p->task))
        b = builtin_models(p->task, MB_PL_SOURCE_PHOTO);
    else
        b = builtin_models(p->task, MB_PL_SOURCE_CLEAN);
    if (b->n == 0) {
        g_set_error(error, G_FILE_ERROR, 0, "%s\n\n%s",
                    _("The built-in model for this task is not installed. Reinstall the plug-in, "
                      "or choose a model file."),
                    b->error);
        return FALSE;
    }
    if (t->noise_control) {
        mb_mix_plan(p->noise_level, strength, b->levels, b->n, mix);
    } else {
        /* one model per scale (the one for this task's own scale), or the
         * task's only model */
        mb_mix_plan(0, strength, b->levels, 1, mix);
    }
    for (int k = 0; k < mix->n; k++) g_strlcpy(paths[k], b->paths[mix->model[k]], 4096);
    if (n_levels) *n_levels = t->noise_control ? b->n : 1;
    return TRUE;
}

gboolean mb_pl_task_has_photo_model(mb_pl_task task) {
    const mb_pl_task_info *t = mb_pl_task_get(task);
    return t->engine_task == MAMBAIR_TASK_SUPER_RESOLUTION &&
           builtin_models(task, MB_PL_SOURCE_PHOTO)->n > 0 &&
           builtin_models(task, MB_PL_SOURCE_CLEAN)->n > 0;
}
