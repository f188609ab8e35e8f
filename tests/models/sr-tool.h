/* sr-tool.h — what the measuring programs of tests/models share: start the
 * image I/O and open an RGB super-resolution model of a given scale, saying
 * on stderr what went wrong. */
#ifndef MAMBAIR_SR_TOOL_H
#define MAMBAIR_SR_TOOL_H

#include "image-io.h"
#include "mambair.h"

#include <stdio.h>

/* NULL (after a message) when the image I/O cannot start, the file is not
 * a model, or the model is not RGB x`scale`. */
static inline mambair_model *sr_tool_open(const char *path, int scale) {
    char msg[1024];
    if (!image_io_init(msg, sizeof msg)) {
        fprintf(stderr, "%s\n", msg);
        return NULL;
    }
    mambair_model *m;
    mambair_error err;
    if (mambair_model_open_file(path, &m, &err)) {
        fprintf(stderr, "%s: %s\n", path, err.message);
        return NULL;
    }
    if (mambair_model_config(m)->upscale != scale || mambair_model_config(m)->in_chans != 3) {
        fprintf(stderr, "%s: not an RGB x%d model\n", path, scale);
        mambair_model_free(m);
        return NULL;
    }
    return m;
}

#endif
