/* image-orientation.c — EXIF orientation read with libexif, applied to the planes (see image-orientation.h). */
#include "image-orientation.h"

#include <stdlib.h>
#include <string.h>

#include <libexif/exif-data.h>

/* An APP1 marker holds at most 65533 bytes; a PNG eXIf chunk could hold
 * more, but no camera writes an EXIF block this large. */
#define EXIF_MAX_BYTES ((size_t)1 << 20)

int exif_orientation(const uint8_t *data, size_t len) {
    static const uint8_t header[6] = {'E', 'x', 'i', 'f', 0, 0};
    if (!data || len < 8 || len > EXIF_MAX_BYTES) return 1;
    /* libexif wants the "Exif\0\0" header; a PNG's eXIf chunk has none */
    uint8_t *copy = NULL;
    if (memcmp(data, header, sizeof header) != 0) {
        copy = malloc(len + sizeof header);
        if (!copy) return 1;
        memcpy(copy, header, sizeof header);
        memcpy(copy + sizeof header, data, len);
        data = copy;
        len += sizeof header;
    }
    int o = 1;
    ExifData *ed = exif_data_new();
    if (ed) {
        /* read the tags as they are: "following the specification" would
         * add or change entries */
        exif_data_unset_option(ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
        exif_data_load_data(ed, data, (unsigned int)len);
        ExifEntry *e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
        if (e && e->format == EXIF_FORMAT_SHORT && e->components >= 1 && e->data && e->size >= 2) {
            int v = exif_get_short(e->data, exif_data_get_byte_order(ed));
            if (v >= 1 && v <= 8) o = v;
        }
        exif_data_unref(ed);
    }
    free(copy);
    return o;
}

/* The stored pixel shown at (x, y) of the upright picture (W x H) of a
 * stored picture w x h. From the EXIF definitions of where the stored
 * 0th row and 0th column go (6: the 0th row is the right side, the 0th
 * column the top). */
static size_t source_index(int o, int x, int y, int w, int h) {
    int sx = x, sy = y;
    switch (o) {
    case 2: sx = w - 1 - x; break;
    case 3: sx = w - 1 - x; sy = h - 1 - y; break;
    case 4: sy = h - 1 - y; break;
    case 5: sx = y; sy = x; break;
    case 6: sx = y; sy = h - 1 - x; break;
    case 7: sx = w - 1 - y; sy = h - 1 - x; break;
    case 8: sx = w - 1 - y; sy = x; break;
    default: break;
    }
    return (size_t)sy * w + sx;
}

static void orient_plane(const float *src, float *dst, int o, int w, int h, int W, int H) {
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) dst[(size_t)y * W + x] = src[source_index(o, x, y, w, h)];
}

bool image_orient(image *img, int o) {
    if (o < 2 || o > 8) return true;
    const int w = img->width, h = img->height;
    const int W = orientation_swaps(o) ? h : w, H = orientation_swaps(o) ? w : h;
    const size_t n = (size_t)w * h;
    /* turned into new planes (for a while the pixels are held twice) */
    float *color = malloc(n * (size_t)img->channels * sizeof *color);
    float *alpha = img->alpha ? malloc(n * sizeof *alpha) : NULL;
    if (!color || (img->alpha && !alpha)) {
        free(color);
        free(alpha);
        return false;
    }
    for (int c = 0; c < img->channels; c++) orient_plane(img->color + (size_t)c * n, color + (size_t)c * n, o, w, h, W, H);
    if (alpha) orient_plane(img->alpha, alpha, o, w, h, W, H);
    free(img->color);
    free(img->alpha);
    img->color = color;
    img->alpha = alpha;
    img->width = W;
    img->height = H;
    return true;
}
