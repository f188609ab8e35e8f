/*
 * robust-image.c — image files for the CLI robustness tests.
 *   robust-image png PATH W H TYPE DEPTH  PNG written byte by byte, so every
 *                                        PNG kind can be made: TYPE gray,
 *                                        graya, rgb, rgba or indexed; DEPTH 8|16
 *   robust-image float PATH W H          float TIFF with values in -0.5..1.5,
 *                                        NaN at (1,1), +Inf at (2,1)
 *   robust-image check PATH              "W H CHANNELS ALPHA TYPE NONFINITE MIN MAX"
 *   robust-image float-alpha PATH W H    float RGBA TIFF/EXR, alpha NaN at (1,1),
 *                                        +Inf at (3,2), -Inf at (2,3)
 *   robust-image alpha-nonfinite PATH    count of NaN/Inf alpha values (TIFF,
 *                                        EXR), read by GEGL's loader itself
 *   robust-image set-meta IN OUT KEY V   model IN with metadata KEY=V -> OUT
 *   robust-image fill-weights IN OUT V   model IN with every weight V -> OUT
 *   robust-image gegl-save PATH W H      RGB pattern by GEGL's saver for the
 *                                        extension (jpg, webp, ...)
 * The PNG encoder is our own (zlib for the deflate stream), so every PNG
 * kind can be made whatever GEGL's savers support.
 */
#include "image-io.h"
#include "io/tensordict.h"

#include <gegl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static void put32(FILE *f, uint32_t v) {
    uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    fwrite(b, 1, 4, f);
}

static void chunk(FILE *f, const char *type, const uint8_t *data, size_t n) {
    put32(f, (uint32_t)n);
    uint8_t *buf = malloc(n + 4);
    memcpy(buf, type, 4);
    if (n) memcpy(buf + 4, data, n);
    fwrite(buf, 1, n + 4, f);
    put32(f, (uint32_t)crc32(0, buf, (uInt)(n + 4)));
    free(buf);
}

static int write_png(const char *path, int w, int h, const char *kind, int depth) {
    int ctype, ch;
    if (!strcmp(kind, "gray")) ctype = 0, ch = 1;
    else if (!strcmp(kind, "graya")) ctype = 4, ch = 2;
    else if (!strcmp(kind, "rgb")) ctype = 2, ch = 3;
    else if (!strcmp(kind, "rgba")) ctype = 6, ch = 4;
    else if (!strcmp(kind, "indexed")) ctype = 3, ch = 1;
    else return 2;
    if ((depth != 8 && depth != 16) || (ctype == 3 && depth != 8)) return 2;
    const int bps = depth / 8;
    const size_t row = 1 + (size_t)w * ch * bps, raw_n = row * h;
    uint8_t *raw = calloc(raw_n, 1);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            for (int c = 0; c < ch; c++) {
                double v = 0.5 + 0.45 * sin(0.3 * x + 0.7 * y + 1.3 * c);
                if (ctype >= 4 && c == ch - 1) v = x < w / 2 ? 1.0 : 0.25; /* alpha */
                unsigned q = (unsigned)lrint(v * (depth == 16 ? 65535 : 255));
                if (ctype == 3) q = (unsigned)(x + y) % 16; /* palette index */
                uint8_t *p = raw + (size_t)y * row + 1 + ((size_t)x * ch + c) * bps;
                if (bps == 2) p[0] = (uint8_t)(q >> 8), p[1] = (uint8_t)q;
                else p[0] = (uint8_t)q;
            }
    uLongf z_n = compressBound((uLong)raw_n);
    uint8_t *z = malloc(z_n);
    if (!z || compress2(z, &z_n, raw, (uLong)raw_n, 6) != Z_OK) return 1;
    FILE *f = fopen(path, "wb");
    if (!f) return 1;
    fwrite("\x89PNG\r\n\x1a\n", 1, 8, f);
    uint8_t ihdr[13] = {0};
    for (int i = 0; i < 4; i++) ihdr[i] = (uint8_t)(w >> (24 - 8 * i)), ihdr[4 + i] = (uint8_t)(h >> (24 - 8 * i));
    ihdr[8] = (uint8_t)depth, ihdr[9] = (uint8_t)ctype;
    chunk(f, "IHDR", ihdr, 13);
    if (ctype == 3) {
        uint8_t pal[16 * 3];
        for (int i = 0; i < 16; i++) pal[3 * i] = (uint8_t)(i * 16), pal[3 * i + 1] = (uint8_t)(255 - i * 16), pal[3 * i + 2] = 128;
        chunk(f, "PLTE", pal, sizeof pal);
    }
    chunk(f, "IDAT", z, (size_t)z_n);
    chunk(f, "IEND", NULL, 0);
    int rc = fclose(f) == 0 ? 0 : 1;
    free(raw);
    free(z);
    return rc;
}

static const char *type_ids[] = {"u8", "u16", "u32", "half", "float"};

/* The model IN with metadata KEY = VALUE added, written to OUT. */
static int set_meta(const char *in, const char *out, const char *key, const char *value) {
    mb_tensordict td;
    mambair_error err;
    if (mb_tensordict_load_file(in, &td, &err) != MAMBAIR_OK ||
        mb_tensordict_set_meta(&td, key, value, &err) != MAMBAIR_OK ||
        mb_safetensors_save(out, &td, &err) != MAMBAIR_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    mb_tensordict_free(&td);
    return 0;
}

/* The model IN with every F32 value set to V, written to OUT. */
static int fill_weights(const char *in, const char *out, float v) {
    mb_tensordict td;
    mambair_error err;
    if (mb_tensordict_load_file(in, &td, &err) != MAMBAIR_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    for (int64_t k = 0; k < td.count; k++)
        if (td.tensors[k].dtype == MB_DTYPE_F32)
            for (int64_t i = 0; i < td.tensors[k].numel; i++) ((float *)td.tensors[k].data)[i] = v;
    int rc = mb_safetensors_save(out, &td, &err) == MAMBAIR_OK ? 0 : 1;
    if (rc) fprintf(stderr, "%s\n", err.message);
    mb_tensordict_free(&td);
    return rc;
}

/* An RGB test pattern written by GEGL's own saver for the extension
 * (gegl:jpg-save, gegl:webp-save, ...): files not made by mambair's code. */
static int gegl_save(const char *path, int w, int h) {
    const char *ext = strrchr(path, '.');
    char op[64];
    snprintf(op, sizeof op, "gegl:%s-save", ext && !strcmp(ext, ".jpg") ? "jpg" : ext ? ext + 1 : "png");
    if (!gegl_has_operation(op)) return 1;
    GeglRectangle r = {0, 0, w, h};
    GeglBuffer *buffer = gegl_buffer_new(&r, babl_format("R'G'B' u8"));
    uint8_t *px = malloc((size_t)w * h * 3);
    for (size_t i = 0; i < (size_t)w * h * 3; i++) px[i] = (uint8_t)((i * 37 + i / 7) & 0xff);
    gegl_buffer_set(buffer, &r, 0, babl_format("R'G'B' u8"), px, GEGL_AUTO_ROWSTRIDE);
    free(px);
    GeglNode *graph = gegl_node_new();
    GeglNode *src = gegl_node_new_child(graph, "operation", "gegl:buffer-source", "buffer", buffer, NULL);
    GeglNode *save = gegl_node_new_child(graph, "operation", op, "path", path, NULL);
    gegl_node_link(src, save);
    gegl_node_process(save);
    g_object_unref(graph);
    g_object_unref(buffer);
    return 0;
}

/* Prints how many alpha values of a TIFF or OpenEXR file are NaN or
 * infinite, read by GEGL's own loader (image_load would sanitise them). */
static int alpha_nonfinite(const char *path) {
    const char *ext = strrchr(path, '.');
    const char *op = ext && !strcmp(ext, ".exr") ? "gegl:exr-load" : "gegl:tiff-load";
    GeglBuffer *buffer = NULL;
    GeglNode *graph = gegl_node_new();
    GeglNode *load = gegl_node_new_child(graph, "operation", op, "path", path, NULL);
    GeglNode *sink = gegl_node_new_child(graph, "operation", "gegl:buffer-sink", "buffer", &buffer, NULL);
    gegl_node_link(load, sink);
    gegl_node_process(sink);
    g_object_unref(graph);
    if (!buffer) return 1;
    const GeglRectangle *r = gegl_buffer_get_extent(buffer);
    size_t n = (size_t)r->width * r->height, bad = 0;
    float *px = malloc(n * 4 * sizeof *px);
    gegl_buffer_get(buffer, r, 1.0, babl_format("R'G'B'A float"), px, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
    for (size_t i = 0; i < n; i++) bad += !isfinite(px[4 * i + 3]);
    printf("%zu\n", bad);
    free(px);
    g_object_unref(buffer);
    return 0;
}

int main(int argc, char **argv) {
    char msg[1024];
    if (argc == 7 && !strcmp(argv[1], "png")) return write_png(argv[2], atoi(argv[3]), atoi(argv[4]), argv[5], atoi(argv[6]));
    if (argc == 6 && !strcmp(argv[1], "set-meta")) return set_meta(argv[2], argv[3], argv[4], argv[5]);
    if (argc == 5 && !strcmp(argv[1], "fill-weights")) return fill_weights(argv[2], argv[3], (float)atof(argv[4]));
    if (argc < 3 || !image_io_init(msg, sizeof msg)) return 2;
    image img;
    int rc = 1;
    if (!strcmp(argv[1], "float-alpha") && argc == 5) {
        int w = atoi(argv[3]), h = atoi(argv[4]);
        if (!image_alloc(&img, w, h, 3, true)) return 2;
        img.type = IMAGE_FLOAT;
        size_t n = (size_t)w * h;
        for (size_t i = 0; i < 3 * n; i++) img.color[i] = (float)((i * 7919) % 1000) / 999.0f;
        for (size_t i = 0; i < n; i++) img.alpha[i] = 1.0f;
        img.alpha[1 * w + 1] = NAN;
        img.alpha[2 * w + 3] = INFINITY;
        img.alpha[3 * w + 2] = -INFINITY;
        rc = image_save(argv[2], &img, msg, sizeof msg) ? 0 : 1;
        image_free(&img);
    } else if (!strcmp(argv[1], "gegl-save") && argc == 5) {
        rc = gegl_save(argv[2], atoi(argv[3]), atoi(argv[4]));
        snprintf(msg, sizeof msg, "%s: no GEGL saver", argv[2]);
    } else if (!strcmp(argv[1], "alpha-nonfinite") && argc == 3) {
        rc = alpha_nonfinite(argv[2]);
        snprintf(msg, sizeof msg, "%s: cannot read", argv[2]);
    } else if (!strcmp(argv[1], "float") && argc == 5) {
        int w = atoi(argv[3]), h = atoi(argv[4]);
        if (!image_alloc(&img, w, h, 3, false)) return 2;
        img.type = IMAGE_FLOAT;
        size_t n = (size_t)w * h;
        for (size_t i = 0; i < 3 * n; i++) img.color[i] = -0.5f + 2.0f * (float)((i * 7919) % 1000) / 999.0f;
        img.color[1 * w + 1] = NAN;
        img.color[n + 1 * w + 2] = INFINITY;
        rc = image_save(argv[2], &img, msg, sizeof msg) ? 0 : 1;
        image_free(&img);
    } else if (!strcmp(argv[1], "check") && argc == 3) {
        if (image_load(argv[2], &img, msg, sizeof msg)) {
            size_t n = (size_t)img.width * img.height * img.channels, bad = 0;
            float lo = INFINITY, hi = -INFINITY;
            for (size_t i = 0; i < n; i++) {
                float v = img.color[i];
                if (!isfinite(v)) bad++;
                else lo = fminf(lo, v), hi = fmaxf(hi, v);
            }
            printf("%d %d %d %d %s %zu %.3f %.3f\n", img.width, img.height, img.channels, img.alpha != NULL,
                   type_ids[img.type], bad, lo, hi);
            image_free(&img);
            rc = 0;
        }
    } else {
        return 2;
    }
    if (rc) fprintf(stderr, "%s\n", msg);
    image_io_exit();
    return rc;
}
