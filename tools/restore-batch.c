/* restore-batch.c — the batch loop of upscale, denoise and dejpeg. */
#include "restore-batch.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "interrupt.h"
#include "progress.h"
#include "thread/timing.h"

/* out = in + strength (out - in) on the colour planes (same size). */
static void blend_strength(const image *in, image *out, float strength) {
    size_t n = (size_t)in->width * in->height * in->channels;
    for (size_t i = 0; i < n; i++)
        out->color[i] = in->color[i] + strength * (out->color[i] - in->color[i]);
}

int restore_batch_run_each(const char *cmd, const mambair_model *const *models, const output_job *jobs,
                           int n, restore_options *ro, float strength, bool quiet) {
    char msg[PATH_MAX + 1024];
    ro->run.cancel = &interrupt_flag;
    progress pr;
    progress_init(&pr, n, quiet);
    ro->run.progress = progress_update;
    ro->run.progress_user = &pr;
    int failed = 0, done = 0;
    for (int i = 0; i < n && !interrupt_flag; i++) {
        const output_job *jb = &jobs[i];
        const mambair_model *model = models[i];
        const char *in_path = jb->in, *out_path = jb->out;
        if (jb->note[0]) progress_note(&pr, jb->note);
        progress_begin(&pr, i, output_base_name(in_path));
        image in = {0}, out = {0};
        bool ok = false;
        int pw = 0, ph = 0;
        if (jb->refused[0]) {
            snprintf(msg, sizeof msg, "%s", jb->refused);
        } else if (!image_probe(in_path, &pw, &ph, msg, sizeof msg) ||
                   !restore_check_size(model, pw, ph, msg, sizeof msg)) {
            /* refused from the header: nothing decoded */
        } else if (image_load(in_path, &in, msg, sizeof msg)) {
            /* float files may hold values beyond 0..1 (HDR): keep them */
            ro->run.clamp = in.type == IMAGE_FLOAT || in.type == IMAGE_HALF ? 0 : 1;
            if (restore_image(model, &in, &out, ro, msg, sizeof msg)) {
                if (strength != 1 && out.width == in.width && out.height == in.height)
                    blend_strength(&in, &out, strength);
                if (image_save(out_path, &out, msg, sizeof msg)) {
                    ok = true;
                    if (image_has_transparency(&out) && !image_save_keeps_alpha(out_path)) {
                        snprintf(msg, sizeof msg,
                                 "note: %s: this format keeps no transparency, so the transparent areas were "
                                 "saved opaque (save as .png, .tif or .webp to keep them)",
                                 out_path);
                        progress_note(&pr, msg);
                    }
                    snprintf(msg, sizeof msg, "%s (%dx%d %s)", out_path, out.width, out.height,
                             image_type_name(out.type));
                }
            }
        }
        image_free(&in);
        image_free(&out);
        if (!ok && interrupt_flag) { /* cancelled in the middle: counted as not started */
            progress_end(&pr, false, "interrupted; nothing was written");
            break;
        }
        progress_end(&pr, ok, msg);
        if (ok) done++;
        else failed++;
    }
    int skipped = n - done - failed;
    if (!quiet || failed || skipped) {
        fprintf(stderr, "%s: %d of %d image(s) done", cmd, done, n);
        if (failed) fprintf(stderr, ", %d failed", failed);
        if (skipped) fprintf(stderr, ", %d not started (interrupted)", skipped);
        fprintf(stderr, ", %.1f s\n", mb_timing_wall() - pr.t_all);
    }
    return failed || skipped ? 1 : 0;
}

int restore_batch_run(const char *cmd, const mambair_model *model, const output_job *jobs, int n,
                      restore_options *ro, float strength, bool quiet) {
    const mambair_model **models = malloc((size_t)(n > 0 ? n : 1) * sizeof *models);
    if (!models) {
        fprintf(stderr, "%s: out of memory\n", cmd);
        return 1;
    }
    for (int i = 0; i < n; i++) models[i] = model;
    int status = restore_batch_run_each(cmd, models, jobs, n, ro, strength, quiet);
    free(models);
    return status;
}
