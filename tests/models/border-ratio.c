/*
 * border-ratio.c — does a super-resolution model restore the image border as
 * well as its interior? A model that mishandles the edge of its input leaves
 * a visible frame (speckle) around every enlarged photo.
 *   border-ratio MODEL SCALE HR_IMAGE...
 *
 * The check: at every distance from the edge up to BAND output pixels, the
 * model's mean error (RGB, 0..255) is below bicubic's (MATLAB's, as the
 * benchmarks) on the same images, so that no frame of the enlargement is
 * worse than plain bicubic enlargement.
 *
 * The edge penalty, what being at the edge costs: the same pixels enlarged
 * twice. Each HR image (modcropped) is enlarged whole, and its inner
 * rectangle (INSET pixels less on each side) as an image of its own, its LR
 * made from it alone, as a photo that ends there. The outer BAND output
 * pixels of the inner rectangle are the image's edge in the second run and
 * inside the image in the first; their mean error in the second over the
 * first is the penalty. A model that uses what lies around a pixel pays
 * more than bicubic, whose four taps are mirrored at the edge as the LR was
 * made, so it is printed, not checked.
 *
 * The band/interior ratio (error in the outer BAND pixels of the whole image
 * over the error inside them) is printed too; it mixes the edge with what
 * photos hold near their edges (measured on inner rectangles enlarged with
 * their surroundings, where no edge is, the model's is above bicubic's as
 * well — data/models/MODELS.md, "Borders").
 *
 * Exit 1 when the model is worse than bicubic at some distance from the edge,
 * 2 on a usage or file error. BORDER_PROFILE set: the errors at each distance.
 */
#include "sr-tool.h"

#include "image/resize.h"
#include "mambair.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BAND 16
#define INSET 48 /* HR pixels; a multiple of 2, 3 and 4, so LR pixels align */

typedef struct err_sums {
    double band, inner;
    int64_t nband, ninner;
    double ring[BAND]; /* by distance to the nearest edge, for the profile */
    int64_t nring[BAND];
} err_sums;

/* The error of `a` against `ref` (both w x h RGB) in the outer band and
 * inside it; `a` is read with row stride `astride` from offset (ax, ay), so
 * that a crop of a larger output can be measured in place. */
static void accumulate(err_sums *e, const uint8_t *a, int astride, int ax, int ay, const uint8_t *ref, int w,
                       int h) {
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int dist = x < y ? x : y;
            if (w - 1 - x < dist) dist = w - 1 - x;
            if (h - 1 - y < dist) dist = h - 1 - y;
            const uint8_t *pa = a + ((size_t)(y + ay) * astride + x + ax) * 3;
            const uint8_t *pr = ref + ((size_t)y * w + x) * 3;
            double d = 0;
            for (int c = 0; c < 3; c++) d += fabs((double)pa[c] - pr[c]);
            if (dist < BAND) e->band += d, e->nband += 3, e->ring[dist] += d, e->nring[dist] += 3;
            else e->inner += d, e->ninner += 3;
        }
}

static double ratio(const err_sums *e) { return (e->band / e->nband) / (e->inner / e->ninner); }
static double band_of(const err_sums *e) { return e->band / e->nband; }

/* hr (w x h RGB, multiples of s) to LR by MATLAB's bicubic, then enlarged by
 * bicubic (bic) and by the model (net); false after a message. */
static bool enlarge(mambair_model *m, int s, const uint8_t *hr, int w, int h, uint8_t *net, uint8_t *bic,
                    const char *name) {
    int lw = w / s, lh = h / s;
    size_t nh = (size_t)w * h * 3, nl = (size_t)lw * lh * 3;
    uint8_t *lr = malloc(nl);
    float *in = malloc(nl * sizeof(float)), *out = malloc(nh * sizeof(float));
    mambair_error err;
    bool ok = lr && in && out;
    if (!ok) fprintf(stderr, "%s: out of memory\n", name);
    if (ok && (mb_resize_bicubic_u8(hr, 3, h, w, 1.0 / s, lr, &err) ||
               mb_resize_bicubic_u8(lr, 3, lh, lw, s, bic, &err))) {
        fprintf(stderr, "%s: %s\n", name, err.message);
        ok = false;
    }
    if (ok) {
        for (size_t k = 0; k < nl; k++) in[k] = lr[k] / 255.0f;
        mambair_run_options opt;
        mambair_run_options_default(&opt);
        opt.layout = MAMBAIR_LAYOUT_INTERLEAVED;
        if (mambair_run(m, in, lw, lh, out, &opt, &err)) {
            fprintf(stderr, "%s: %s\n", name, err.message);
            ok = false;
        }
    }
    if (ok)
        for (size_t k = 0; k < nh; k++) net[k] = (uint8_t)lrintf(fminf(fmaxf(out[k], 0), 1) * 255);
    free(lr), free(in), free(out);
    return ok;
}

/* Both enlargements of one image into the sums; 0, 1 (skipped: too small)
 * or 2 (error). */
static int measure(mambair_model *m, int s, const char *path, err_sums *whole_m, err_sums *whole_b,
                   err_sums *edge_m, err_sums *edge_b, err_sums *ctx_m, err_sums *ctx_b) {
    char msg[1024];
    image img;
    if (!image_load(path, &img, msg, sizeof msg)) {
        fprintf(stderr, "%s\n", msg);
        return 2;
    }
    uint8_t *px = image_to_u8(&img);
    int W = img.width, H = img.height, ch = img.channels;
    image_free(&img);
    int w = W / s * s, h = H / s * s, iw = w - 2 * INSET, ih = h - 2 * INSET;
    if (iw < 4 * BAND || ih < 4 * BAND) {
        fprintf(stderr, "%s: skipped, smaller than %d pixels\n", path, 2 * INSET + 4 * BAND);
        free(px);
        return 1;
    }
    size_t nh = (size_t)w * h * 3, ni = (size_t)iw * ih * 3;
    uint8_t *hr = malloc(nh), *net = malloc(nh), *bic = malloc(nh);
    uint8_t *hri = malloc(ni), *neti = malloc(ni), *bici = malloc(ni);
    int rc = 2;
    if (!px || !hr || !net || !bic || !hri || !neti || !bici) {
        fprintf(stderr, "%s: out of memory\n", path);
        goto done;
    }
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            for (int c = 0; c < 3; c++)
                hr[((size_t)y * w + x) * 3 + c] = px[((size_t)y * W + x) * ch + (ch == 3 ? c : 0)];
    for (int y = 0; y < ih; y++)
        memcpy(hri + (size_t)y * iw * 3, hr + ((size_t)(y + INSET) * w + INSET) * 3, (size_t)iw * 3);
    if (!enlarge(m, s, hr, w, h, net, bic, path) || !enlarge(m, s, hri, iw, ih, neti, bici, path)) goto done;
    accumulate(whole_m, net, w, 0, 0, hr, w, h);
    accumulate(whole_b, bic, w, 0, 0, hr, w, h);
    accumulate(edge_m, neti, iw, 0, 0, hri, iw, ih);
    accumulate(edge_b, bici, iw, 0, 0, hri, iw, ih);
    accumulate(ctx_m, net, w, INSET, INSET, hri, iw, ih);
    accumulate(ctx_b, bic, w, INSET, INSET, hri, iw, ih);
    rc = 0;
done:
    free(px), free(hr), free(net), free(bic), free(hri), free(neti), free(bici);
    return rc;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: border-ratio MODEL SCALE HR_IMAGE...\n");
        return 2;
    }
    int s = atoi(argv[2]);
    mambair_model *m = sr_tool_open(argv[1], s);
    if (!m) return 2;
    err_sums wm = {0}, wb = {0}, em = {0}, eb = {0}, cm = {0}, cb = {0};
    int measured = 0;
    for (int i = 3; i < argc; i++) {
        int rc = measure(m, s, argv[i], &wm, &wb, &em, &eb, &cm, &cb);
        if (rc == 2) {
            mambair_model_free(m);
            return 2;
        }
        measured += rc == 0;
    }
    mambair_model_free(m);
    image_io_exit();
    if (!measured) {
        fprintf(stderr, "no image large enough to measure\n");
        return 2;
    }
    /* the distance where the model comes closest to bicubic (or passes it) */
    int worst = 0;
    for (int d = 1; d < BAND; d++)
        if (em.ring[d] / eb.ring[d] > em.ring[worst] / eb.ring[worst]) worst = d;
    double wr = em.ring[worst] / eb.ring[worst]; /* same counts: the ratio of the means */
    bool ok = wr < 1;
    printf("%s x%d at the edge (%d images): model error / bicubic's at most %.3f (%d pixels from the edge: %.2f "
           "/ %.2f)\n",
           ok ? "ok  " : "FAIL", s, measured, wr, worst, em.ring[worst] / em.nring[worst],
           eb.ring[worst] / eb.nring[worst]);
    printf("     x%d edge penalty: model %.3f (band %.2f at the edge, %.2f inside the image), bicubic %.3f (%.2f, "
           "%.2f)\n",
           s, band_of(&em) / band_of(&cm), band_of(&em), band_of(&cm), band_of(&eb) / band_of(&cb), band_of(&eb),
           band_of(&cb));
    printf("     x%d border/interior error: model %.3f (band %.2f, inside %.2f), bicubic %.3f (band %.2f, inside "
           "%.2f)\n",
           s, ratio(&wm), band_of(&wm), wm.inner / wm.ninner, ratio(&wb), band_of(&wb), wb.inner / wb.ninner);
    if (getenv("BORDER_PROFILE")) { /* where in the band the penalty is */
        printf("distance to the edge: mean error at the edge / inside the image, model; bicubic\n");
        /* (the edge rows are the rings of the inner rectangles run alone) */
        for (int d = 0; d < BAND; d++)
            printf("  %2d: %.2f / %.2f; %.2f / %.2f\n", d, em.ring[d] / em.nring[d], cm.ring[d] / cm.nring[d],
                   eb.ring[d] / eb.nring[d], cb.ring[d] / cb.nring[d]);
    }
    return ok ? 0 : 1;
}
