/* blockgrid.c — the JPEG block-grid contrast (blockgrid.h). */
#include "blockgrid.h"

#include <math.h>

/* BT.601 luma on 0..255 as metrics.h takes it (the offset cancels). */
static double luma(const uint8_t *p, int channels) {
    if (channels == 1) return p[0];
    return (65.481 * p[0] + 128.553 * p[1] + 24.966 * p[2]) / 255.0;
}

mambair_status mb_blockgrid_accumulate(const uint8_t *img, int width, int height, int channels,
                                       int scale, mb_blockgrid_sums *sums, mambair_error *err) {
    if (!img || !sums || (channels != 1 && channels != 3) || scale < 1 || scale > 16)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT,
                            "block grid: need an 8-bit gray or RGB image and a scale of 1 to 16");
    if (width < 1 || height < 1 || (width < 16 * scale && height < 16 * scale))
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT,
                            "block grid: a %dx%d image at scale %d holds no block edge "
                            "(at least %d pixels along one side are needed)",
                            width, height, scale, 16 * scale);
    const size_t row = (size_t)width * channels;
    /* across columns: the seam between output columns x-1 and x, x = j*scale */
    for (int x = scale; x < width; x += scale) {
        bool edge = (x / scale) % 8 == 0;
        for (int y = 0; y < height; y++) {
            const uint8_t *p = img + (size_t)y * row + (size_t)x * channels;
            double d = fabs(luma(p, channels) - luma(p - channels, channels));
            if (edge) sums->edge += d, sums->n_edge++;
            else sums->other += d, sums->n_other++;
        }
    }
    /* across rows */
    for (int y = scale; y < height; y += scale) {
        bool edge = (y / scale) % 8 == 0;
        for (int x = 0; x < width; x++) {
            const uint8_t *p = img + (size_t)y * row + (size_t)x * channels;
            double d = fabs(luma(p, channels) - luma(p - row, channels));
            if (edge) sums->edge += d, sums->n_edge++;
            else sums->other += d, sums->n_other++;
        }
    }
    return MAMBAIR_OK;
}

double mb_blockgrid_contrast(const mb_blockgrid_sums *s) {
    if (!s || s->n_edge == 0 || s->n_other == 0 || s->other <= 0) return 0;
    return (s->edge / (double)s->n_edge) / (s->other / (double)s->n_other);
}
