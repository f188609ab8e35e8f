/*
 * grid-contrast.c — does an enlargement keep the 8x8 block grid of a JPEG?
 * For each image: RGB, JPEG at QUALITY (libjpeg, 4:2:0, core/image/jpeg.h),
 * then enlarged SCALE times by the model and by bicubic (MATLAB's); the
 * block-grid contrast (core/image/blockgrid.h) of the JPEG, of bicubic's and
 * of the model's result, pooled over the images.
 *   grid-contrast MODEL SCALE QUALITY IMAGE...
 * Exit 1 when the model's grid stands out more than bicubic's, 2 on a usage
 * or file error.
 */
#include "sr-tool.h"

#include "image/blockgrid.h"
#include "image/jpeg.h"
#include "image/resize.h"
#include "mambair.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    char msg[1024];
    if (argc < 5) {
        fprintf(stderr, "usage: grid-contrast MODEL SCALE QUALITY IMAGE...\n");
        return 2;
    }
    int s = atoi(argv[2]), q = atoi(argv[3]);
    if (q < 1 || q > 100) {
        fprintf(stderr, "quality %s: expected 1..100\n", argv[3]);
        return 2;
    }
    mambair_model *m = sr_tool_open(argv[1], s);
    if (!m) return 2;
    mambair_error err;
    mb_blockgrid_sums gj = {0}, gb = {0}, gm = {0};
    for (int i = 4; i < argc; i++) {
        image img;
        if (!image_load(argv[i], &img, msg, sizeof msg)) {
            fprintf(stderr, "%s\n", msg);
            return 2;
        }
        uint8_t *px = image_to_u8(&img);
        int w = img.width, h = img.height, ch = img.channels;
        image_free(&img);
        size_t nl = (size_t)w * h * 3, nh = nl * s * s;
        uint8_t *jpg = malloc(nl), *bic = malloc(nh), *net8 = malloc(nh);
        float *in = malloc(nl * sizeof(float)), *out = malloc(nh * sizeof(float));
        if (!px || !jpg || !bic || !net8 || !in || !out) return 2;
        for (size_t k = 0; k < (size_t)w * h; k++)
            for (int c = 0; c < 3; c++) jpg[k * 3 + c] = px[k * ch + (ch == 3 ? c : 0)];
        mambair_run_options opt;
        mambair_run_options_default(&opt);
        opt.layout = MAMBAIR_LAYOUT_INTERLEAVED;
        if (mb_jpeg_roundtrip_u8(jpg, w, h, 3, q, jpg, &err) ||
            mb_resize_bicubic_u8(jpg, 3, h, w, s, bic, &err) ||
            mb_blockgrid_accumulate(jpg, w, h, 3, 1, &gj, &err) ||
            mb_blockgrid_accumulate(bic, w * s, h * s, 3, s, &gb, &err)) {
            fprintf(stderr, "%s: %s\n", argv[i], err.message);
            return 2;
        }
        for (size_t k = 0; k < nl; k++) in[k] = jpg[k] / 255.0f;
        if (mambair_run(m, in, w, h, out, &opt, &err)) {
            fprintf(stderr, "%s: %s\n", argv[i], err.message);
            return 2;
        }
        for (size_t k = 0; k < nh; k++) net8[k] = (uint8_t)lrintf(fminf(fmaxf(out[k], 0), 1) * 255);
        if (mb_blockgrid_accumulate(net8, w * s, h * s, 3, s, &gm, &err)) {
            fprintf(stderr, "%s: %s\n", argv[i], err.message);
            return 2;
        }
        free(px), free(jpg), free(bic), free(net8), free(in), free(out);
    }
    mambair_model_free(m);
    image_io_exit();
    double cj = mb_blockgrid_contrast(&gj), cb = mb_blockgrid_contrast(&gb),
           cm = mb_blockgrid_contrast(&gm);
    bool ok = cm < cb;
    printf("%s x%d block-grid contrast on JPEG q%d (%d images): JPEG %.3f, bicubic %.3f, model %.3f\n",
           ok ? "ok  " : "FAIL", s, q, argc - 4, cj, cb, cm);
    return ok ? 0 : 1;
}
