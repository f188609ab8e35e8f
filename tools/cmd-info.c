/* cmd-info.c — `mambair info MODEL`: what a model file holds. */
#include "commands.h"

#include "io/tensordict.h"
#include "mambair.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *head_name(mambair_head h) {
    switch (h) {
    case MAMBAIR_HEAD_PIXELSHUFFLE: return "pixelshuffle (classic SR)";
    case MAMBAIR_HEAD_PIXELSHUFFLE_DIRECT: return "pixelshuffledirect (lightweight SR)";
    default: return "residual (denoise / JPEG artefacts)";
    }
}

/* The format from the content (the model API hides it). Safetensors is
 * recognised by its header length against the file size, so the whole file
 * is read; models are at most a few hundred MB and this is a one-off. */
static const char *file_format(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return "?";
    const char *name = "?";
    long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    unsigned char *buf = size > 0 ? malloc((size_t)size) : NULL;
    if (buf && fseek(f, 0, SEEK_SET) == 0 && fread(buf, 1, (size_t)size, f) == (size_t)size)
        name = mb_format_name(mb_detect_format(buf, (size_t)size));
    free(buf);
    fclose(f);
    return name;
}

int cmd_info(int argc, char **argv) {
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("Usage: mambair info MODEL\n"
                   "Print the configuration detected in a MambaIR v1 model file (.pth or\n"
                   ".safetensors), its parameter count, task, scale, file format and the\n"
                   "matrix-multiply library in use.\n");
            return 0;
        }
        if (argv[i][0] == '-' && argv[i][1]) {
            cli_error("info: unknown option '%s'", argv[i]);
            return 2;
        }
        if (path) {
            cli_error("info: one model file, please");
            return 2;
        }
        path = argv[i];
    }
    if (!path) {
        cli_error("info: no model file given (mambair info MODEL)");
        return 2;
    }
    mambair_model *m = NULL;
    mambair_error err;
    if (mambair_model_open_file(path, &m, &err) != MAMBAIR_OK) {
        cli_error("%s", err.message);
        return 1;
    }
    const mambair_config *c = mambair_model_config(m);
    char desc[256];
    mambair_config_describe(c, desc, sizeof desc);
    printf("model:        %s\n", path);
    printf("format:       %s\n", file_format(path));
    /* denoising and JPEG artefact removal have the same shapes: a trained
     * file records which one it learnt */
    const char *task = mambair_model_metadata(m, "task");
    bool jpeg = c->task != MAMBAIR_TASK_SUPER_RESOLUTION && task && strcmp(task, "jpeg") == 0;
    if (jpeg) {
        mambair_config jc = *c;
        jc.task = MAMBAIR_TASK_JPEG;
        mambair_config_describe(&jc, desc, sizeof desc);
    }
    printf("description:  %s\n", desc);
    printf("task:         %s\n", c->task == MAMBAIR_TASK_SUPER_RESOLUTION ? "super-resolution"
                                 : jpeg ? "JPEG artefact removal (as the file records)"
                                        : "denoise");
    printf("scale:        x%d\n", c->upscale);
    printf("head:         %s\n", head_name(c->head));
    printf("channels:     %d (%s)\n", c->in_chans, c->in_chans == 1 ? "gray" : "RGB");
    printf("embed dim:    %d\n", c->embed_dim);
    printf("groups:       %d, depths [", c->n_groups);
    for (int g = 0; g < c->n_groups; g++) printf(g ? ",%d" : "%d", c->depths[g]);
    printf("]\n");
    printf("d_state:      %d\n", c->d_state);
    printf("d_inner:      %d\n", c->d_inner);
    printf("dt_rank:      %d\n", c->dt_rank);
    printf("conv block:   %s\n", c->light_cab ? "light (1x1 / depthwise / dilated)" : "classic (3x3 / 3x3)");
    printf("parameters:   %lld\n", (long long)c->n_params);
    /* what the trainer wrote into a file it saved */
    const char *step = mambair_model_metadata(m, "step");
    if (step) {
        const char *loss = mambair_model_metadata(m, "loss_kind"), *psnr = mambair_model_metadata(m, "psnr");
        printf("trained:      step %s%s%s%s%s%s\n", step, loss ? ", loss " : "", loss ? loss : "",
               psnr ? ", last validation PSNR " : "", psnr ? psnr : "", psnr ? " dB" : "");
        const char *weights = mambair_model_metadata(m, "weights");
        if (weights) printf("weights:      %s\n", weights);
        const char *data = mambair_model_metadata(m, "data");
        if (data) printf("data:         %s\n", data);
        if (mambair_model_metadata(m, "rng"))
            printf("state:        a training state (optimizer and generator kept): "
                   "mambair train --resume continues it\n");
    }
    printf("BLAS:         %s\n", mambair_blas_info());
    mambair_model_free(m);
    return 0;
}
