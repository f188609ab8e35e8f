/*
 * border-ratio.c — does a super-resolution model restore the image border as
 * well as its interior? For each HR image: modcrop, LR by MATLAB's bicubic
 * (as the benchmarks), the model's output and bicubic's; the mean absolute
 * error (RGB, 0..255) in the outer BAND output pixels and inside them. A model
 * whose border band is relatively worse than bicubic's leaves a visible
 * frame (speckle) around every enlarged photo.
 *   border-ratio MODEL SCALE HR_IMAGE...
 * Prints both ratios (band error / interior error), and with BORDER_PROFILE
 * set the mean error at each distance to the edge; exit 1 when the model's
 * ratio is higher than bicubic's, 2 on a usage or file error.
 */
#include "sr-tool.h"

#include "image/resize.h"
#include "mambair.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BAND 16

typedef struct err_sums {
    double band, inner;
    int64_t nband, ninner;
    double ring[BAND]; /* by distance to the nearest edge, for the profile */
    int64_t nring[BAND];
} err_sums;

static void accumulate(err_sums *e, const uint8_t *a, const uint8_t *b, int w, int h) {
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int dist = x < y ? x : y;
            if (w - 1 - x < dist) dist = w - 1 - x;
            if (h - 1 - y < dist) dist = h - 1 - y;
            double d = 0;
            for (int c = 0; c < 3; c++) d += fabs((double)a[((size_t)y * w + x) * 3 + c] - b[((size_t)y * w + x) * 3 + c]);
            if (dist < BAND) e->band += d, e->nband += 3, e->ring[dist] += d, e->nring[dist] += 3;
            else e->inner += d, e->ninner += 3;
        }
}

static double ratio(const err_sums *e) { return (e->band / e->nband) / (e->inner / e->ninner); }

int main(int argc, char **argv) {
    char msg[1024];
    if (argc < 4) {
        fprintf(stderr, "usage: border-ratio MODEL SCALE HR_IMAGE...\n");
        return 2;
    }
    int s = atoi(argv[2]);
    mambair_model *m = sr_tool_open(argv[1], s);
    if (!m) return 2;
    mambair_error err;
    err_sums em = {0}, eb = {0};
    for (int i = 3; i < argc; i++) {
        image img;
        if (!image_load(argv[i], &img, msg, sizeof msg)) {
            fprintf(stderr, "%s\n", msg);
            return 2;
        }
        uint8_t *px = image_to_u8(&img);
        int W = img.width, H = img.height, ch = img.channels;
        image_free(&img);
        int w = W / s * s, h = H / s * s, lw = w / s, lh = h / s;
        size_t nh = (size_t)w * h * 3, nl = (size_t)lw * lh * 3;
        uint8_t *hr = malloc(nh), *lr = malloc(nl), *bic = malloc(nh), *net8 = malloc(nh);
        float *in = malloc(nl * sizeof(float)), *out = malloc(nh * sizeof(float));
        if (!px || !hr || !lr || !bic || !net8 || !in || !out) return 2;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                    hr[((size_t)y * w + x) * 3 + c] = px[((size_t)y * W + x) * ch + (ch == 3 ? c : 0)];
        if (mb_resize_bicubic_u8(hr, 3, h, w, 1.0 / s, lr, &err) ||
            mb_resize_bicubic_u8(lr, 3, lh, lw, s, bic, &err)) {
            fprintf(stderr, "%s: %s\n", argv[i], err.message);
            return 2;
        }
        for (size_t k = 0; k < nl; k++) in[k] = lr[k] / 255.0f;
        mambair_run_options opt;
        mambair_run_options_default(&opt);
        opt.layout = MAMBAIR_LAYOUT_INTERLEAVED;
        if (mambair_run(m, in, lw, lh, out, &opt, &err)) {
            fprintf(stderr, "%s: %s\n", argv[i], err.message);
            return 2;
        }
        for (size_t k = 0; k < nh; k++) net8[k] = (uint8_t)lrintf(fminf(fmaxf(out[k], 0), 1) * 255);
        accumulate(&em, net8, hr, w, h);
        accumulate(&eb, bic, hr, w, h);
        free(px), free(hr), free(lr), free(bic), free(net8), free(in), free(out);
    }
    mambair_model_free(m);
    image_io_exit();
    double rm = ratio(&em), rb = ratio(&eb);
    bool ok = rm <= rb;
    printf("%s x%d border/interior error: model %.3f (band %.2f, inside %.2f), bicubic %.3f (band %.2f, inside %.2f)\n",
           ok ? "ok  " : "FAIL", s, rm, em.band / em.nband, em.inner / em.ninner, rb, eb.band / eb.nband,
           eb.inner / eb.ninner);
    if (getenv("BORDER_PROFILE")) { /* where in the band the error is */
        printf("distance to the edge: mean error model / bicubic\n");
        for (int d = 0; d < BAND; d++)
            printf("  %2d: %.2f / %.2f\n", d, em.ring[d] / em.nring[d], eb.ring[d] / eb.nring[d]);
    }
    return ok ? 0 : 1;
}
