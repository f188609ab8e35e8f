/*
 * gimp-check.c — checks on the PNG files the headless GIMP runs produce.
 * The reference is the engine itself (core), run here on the same input
 * file; GIMP and the plug-in are what is being tested.
 *
 *   gimp-check png OUT W H DEPTH TYPE        size, bit depth, PNG colour type
 *   gimp-check core MODEL IN OUT [X Y W H]   OUT == core(IN) in the region
 *                                            (padded by the plug-in's 24-pixel
 *                                            context, clipped), IN elsewhere
 *   gimp-check visible A B                   colour equal where alpha > 0
 *
 * Prints what failed (where, max |delta|) and exits 1; 0 when all is well.
 */
#include <gegl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mambair.h"

#define CONTEXT 24

typedef struct {
    int w, h, nc;
    float *px; /* {h, w, nc} */
} image;

static int load(const char *path, const char *format, image *im) {
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
        printf("%s: missing (did the GIMP run fail?)\n", path);
        return -1;
    }
    GeglNode *g = gegl_node_new();
    GeglNode *ld = gegl_node_new_child(g, "operation", "gegl:load", "path", path, NULL);
    GeglBuffer *buf = NULL;
    GeglNode *sink = gegl_node_new_child(g, "operation", "gegl:buffer-sink", "buffer", &buf, NULL);
    gegl_node_link(ld, sink);
    gegl_node_process(sink);
    g_object_unref(g);
    if (!buf) {
        printf("cannot read %s\n", path);
        return -1;
    }
    const GeglRectangle *r = gegl_buffer_get_extent(buf);
    const Babl *fmt = babl_format(format);
    im->w = r->width;
    im->h = r->height;
    im->nc = babl_format_get_n_components(fmt);
    im->px = g_new(float, (size_t)im->w * im->h * im->nc);
    gegl_buffer_get(buf, r, 1.0, fmt, im->px, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
    g_object_unref(buf);
    if (im->w < 1 || im->h < 1) {
        printf("%s is empty\n", path);
        return -1;
    }
    return 0;
}

/* PNG header: width, height, bit depth, colour type (0 gray, 2 RGB, 4 gray+alpha, 6 RGBA). */
static int cmd_png(char **a) {
    FILE *f = fopen(a[0], "rb");
    unsigned char h[29];
    if (!f || fread(h, 1, sizeof h, f) != sizeof h) {
        printf("%s: missing or too short (did the GIMP run fail?)\n", a[0]);
        if (f) fclose(f);
        return 1;
    }
    fclose(f);
    unsigned w = (unsigned)h[16] << 24 | h[17] << 16 | h[18] << 8 | h[19];
    unsigned hh = (unsigned)h[20] << 24 | h[21] << 16 | h[22] << 8 | h[23];
    unsigned want_w = atoi(a[1]), want_h = atoi(a[2]), depth = atoi(a[3]), type = atoi(a[4]);
    if (w != want_w || hh != want_h || h[24] != depth || h[25] != type) {
        printf("%s: %ux%u depth %d type %d, expected %ux%u depth %u type %u\n", a[0], w, hh, h[24],
               h[25], want_w, want_h, depth, type);
        return 1;
    }
    printf("%s: %ux%u depth %u type %u ok\n", a[0], w, hh, depth, type);
    return 0;
}

static int cmd_core(int n, char **a) {
    mambair_model *m = NULL;
    mambair_error err;
    if (mambair_model_open_file(a[0], &m, &err) != MAMBAIR_OK) {
        printf("model: %s\n", err.message);
        return 1;
    }
    const mambair_config *cfg = mambair_model_config(m);
    int cc = cfg->in_chans, s = cfg->upscale;
    const char *fmt = cc == 1 ? "Y' float" : "R'G'B' float";
    image in, out;
    if (load(a[1], fmt, &in) || load(a[2], fmt, &out)) return 1;
    int rx = 0, ry = 0, rw = in.w, rh = in.h;
    if (n >= 7) {
        rx = atoi(a[3]);
        ry = atoi(a[4]);
        rw = atoi(a[5]);
        rh = atoi(a[6]);
    }
    if (out.w != in.w * s || out.h != in.h * s) {
        printf("output %dx%d, expected %dx%d\n", out.w, out.h, in.w * s, in.h * s);
        return 1;
    }
    int px = n >= 7 ? (rx - CONTEXT > 0 ? rx - CONTEXT : 0) : 0;
    int py = n >= 7 ? (ry - CONTEXT > 0 ? ry - CONTEXT : 0) : 0;
    int pw = (n >= 7 ? (rx + rw + CONTEXT < in.w ? rx + rw + CONTEXT : in.w) : in.w) - px;
    int ph = (n >= 7 ? (ry + rh + CONTEXT < in.h ? ry + rh + CONTEXT : in.h) : in.h) - py;
    float *planes = g_new(float, (size_t)cc * pw * ph);
    float *ref = g_new(float, (size_t)cc * pw * ph * s * s);
    for (int c = 0; c < cc; c++)
        for (int y = 0; y < ph; y++)
            for (int x = 0; x < pw; x++)
                planes[((size_t)c * ph + y) * pw + x] =
                    in.px[((size_t)(y + py) * in.w + x + px) * cc + c];
    mambair_run_options opt;
    mambair_run_options_default(&opt);
    if (mambair_run(m, planes, pw, ph, ref, &opt, &err) != MAMBAIR_OK) {
        printf("core run: %s\n", err.message);
        return 1;
    }
    /* 8-bit output rounds to the nearest of 255 steps; allow that and a hair */
    const double tol = 0.6 / 255.0;
    double max_in = 0, max_out = 0;
    int wx = 0, wy = 0, wc = 0, ox = 0, oy = 0;
    for (int y = 0; y < out.h; y++)
        for (int x = 0; x < out.w; x++)
            for (int c = 0; c < cc; c++) {
                double v = out.px[((size_t)y * out.w + x) * cc + c];
                int inside = x >= rx * s && x < (rx + rw) * s && y >= ry * s && y < (ry + rh) * s;
                if (inside) {
                    double r = ref[((size_t)c * ph * s + (y - py * s)) * pw * s + (x - px * s)];
                    double d = fabs(v - r);
                    if (d > max_in) max_in = d, wx = x, wy = y, wc = c;
                } else {
                    double d = fabs(v - in.px[((size_t)y * in.w + x) * cc + c]);
                    if (d > max_out) max_out = d, ox = x, oy = y;
                }
            }
    printf("%s: region %d,%d %dx%d x%d: max |delta| vs core %.6f (at %d,%d ch %d), outside %.6f "
           "(at %d,%d)\n",
           a[2], rx, ry, rw, rh, s, max_in, wx, wy, wc, max_out, ox, oy);
    mambair_model_free(m);
    return max_in <= tol && max_out == 0 ? 0 : 1;
}

static int cmd_visible(char **a) {
    image x, y;
    if (load(a[0], "R'G'B'A float", &x) || load(a[1], "R'G'B'A float", &y)) return 1;
    if (x.w != y.w || x.h != y.h) {
        printf("sizes differ: %dx%d vs %dx%d\n", x.w, x.h, y.w, y.h);
        return 1;
    }
    double maxd = 0;
    int n_vis = 0, n_hidden = 0, wx = 0, wy = 0;
    for (int i = 0; i < x.w * x.h; i++) {
        float ax = x.px[i * 4 + 3], ay = y.px[i * 4 + 3];
        if (fabsf(ax - ay) > 0.6f / 255) {
            printf("alpha differs at %d,%d: %.4f vs %.4f\n", i % x.w, i / x.w, ax, ay);
            return 1;
        }
        if (ax <= 0) {
            n_hidden++;
            continue;
        }
        n_vis++;
        for (int c = 0; c < 3; c++) {
            double d = fabs(x.px[i * 4 + c] - y.px[i * 4 + c]);
            if (d > maxd) maxd = d, wx = i % x.w, wy = i / x.w;
        }
    }
    printf("%s vs %s: %d visible, %d hidden pixels; max colour |delta| where visible %.6f (at "
           "%d,%d)\n",
           a[0], a[1], n_vis, n_hidden, maxd, wx, wy);
    if (n_hidden == 0 || n_vis == 0) {
        printf("the test image needs both visible and hidden pixels\n");
        return 1;
    }
    return maxd <= 1.0 / 255 + 1e-6 ? 0 : 1;
}

int main(int argc, char **argv) {
    gegl_init(NULL, NULL);
    int rc = 2;
    if (argc >= 7 && strcmp(argv[1], "png") == 0)
        rc = cmd_png(argv + 2);
    else if ((argc == 5 || argc == 9) && strcmp(argv[1], "core") == 0)
        rc = cmd_core(argc - 2, argv + 2);
    else if (argc == 4 && strcmp(argv[1], "visible") == 0)
        rc = cmd_visible(argv + 2);
    else
        fprintf(stderr, "usage: gimp-check png|core|visible ... (see the source)\n");
    gegl_exit();
    return rc;
}
