/*
 * image-tool.c — helper for the CLI tests: writes small synthetic images of a
 * given size, channel count, alpha and sample type, and prints what a file
 * holds, so the shell tests can check sizes, bit depths, alpha and gray.
 *   image-tool make PATH W H CHANNELS(1|3) ALPHA(0|1) TYPE(u8|u16|float)
 *   image-tool probe PATH      -> "W H CHANNELS ALPHA TYPE"
 *   image-tool alpha PATH X Y  -> alpha value at (x, y)
 *   image-tool jpeg IN OUT Q   -> OUT: IN coded by libjpeg at quality Q
 *                                 (core/image/jpeg.h: standard tables, 4:2:0)
 *   image-tool diff A B        -> mean |A - B| of the colour, 0..255 scale
 */
#include "image-io.h"

#include "image/jpeg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *type_ids[] = {"u8", "u16", "u32", "half", "float"};

int main(int argc, char **argv) {
    char msg[1024];
    if (argc < 3 || !image_io_init(msg, sizeof msg)) return 2;
    image img;
    int rc = 1;
    if (!strcmp(argv[1], "make") && argc == 8) {
        int w = atoi(argv[3]), h = atoi(argv[4]), ch = atoi(argv[5]), alpha = atoi(argv[6]);
        if (!image_alloc(&img, w, h, ch, alpha)) return 2;
        for (int t = 0; t < 5; t++)
            if (!strcmp(argv[7], type_ids[t])) img.type = (image_type)t;
        size_t n = (size_t)w * h;
        for (int c = 0; c < ch; c++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    img.color[c * n + (size_t)y * w + x] =
                        0.5f + 0.4f * sinf(0.3f * x + 0.7f * y + 1.3f * c) * cosf(0.11f * x * y);
        if (alpha) /* left half opaque, right half transparent */
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) img.alpha[(size_t)y * w + x] = x < w / 2 ? 1.0f : 0.0f;
        rc = image_save(argv[2], &img, msg, sizeof msg) ? 0 : 1;
        image_free(&img);
    } else if (!strcmp(argv[1], "probe")) {
        if (image_load(argv[2], &img, msg, sizeof msg)) {
            printf("%d %d %d %d %s\n", img.width, img.height, img.channels, img.alpha != NULL, type_ids[img.type]);
            image_free(&img);
            rc = 0;
        }
    } else if (!strcmp(argv[1], "alpha") && argc == 5) {
        if (image_load(argv[2], &img, msg, sizeof msg) && img.alpha) {
            printf("%.4f\n", img.alpha[(size_t)atoi(argv[4]) * img.width + atoi(argv[3])]);
            image_free(&img);
            rc = 0;
        }
    } else if (!strcmp(argv[1], "jpeg") && argc == 5) {
        if (image_load(argv[2], &img, msg, sizeof msg)) {
            uint8_t *px = image_to_u8(&img), *data = NULL;
            size_t size = 0;
            mambair_error err;
            FILE *f = NULL;
            if (px && mb_jpeg_encode_u8(px, img.width, img.height, img.channels, atoi(argv[4]), &data,
                                        &size, &err) == MAMBAIR_OK &&
                (f = fopen(argv[3], "wb")) && fwrite(data, 1, size, f) == size)
                rc = 0;
            else
                snprintf(msg, sizeof msg, "cannot write %s", argv[3]);
            if (f && fclose(f)) rc = 1;
            free(px);
            free(data);
            image_free(&img);
        }
    } else if (!strcmp(argv[1], "diff") && argc == 4) {
        image b;
        if (image_load(argv[2], &img, msg, sizeof msg)) {
            if (image_load(argv[3], &b, msg, sizeof msg)) {
                if (b.width == img.width && b.height == img.height && b.channels == img.channels) {
                    size_t n = (size_t)b.width * b.height * b.channels;
                    double s = 0;
                    for (size_t i = 0; i < n; i++) s += fabs(img.color[i] - b.color[i]);
                    printf("%.6f\n", s / n * 255);
                    rc = 0;
                } else {
                    snprintf(msg, sizeof msg, "sizes differ");
                }
                image_free(&b);
            }
            image_free(&img);
        }
    }
    if (rc == 1) fprintf(stderr, "image-tool: %s\n", msg);
    image_io_exit();
    return rc;
}
