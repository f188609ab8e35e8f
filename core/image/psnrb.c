/* psnrb.c — PSNR-B with the blocking effect factor (see psnrb.h). */
#include "image/psnrb.h"

#include "image/metrics.h"

#include <math.h>

double mb_metric_bef(const double *x, int W, int H) {
    double db = 0, dbc = 0;
    for (int i = 0; i < H; i++) /* horizontal neighbours (x[i][j], x[i][j+1]) */
        for (int j = 0; j + 1 < W; j++) {
            double d = x[(size_t)i * W + j] - x[(size_t)i * W + j + 1];
            if (j % 8 == 7) db += d * d;
            else dbc += d * d;
        }
    for (int i = 0; i + 1 < H; i++) /* vertical neighbours */
        for (int j = 0; j < W; j++) {
            double d = x[(size_t)i * W + j] - x[(size_t)(i + 1) * W + j];
            if (i % 8 == 7) db += d * d;
            else dbc += d * d;
        }
    double nb = (double)H * (W / 8 - 1) + (double)W * (H / 8 - 1);
    double nbc = (double)H * (W - 1) + (double)W * (H - 1) - nb;
    double b = db / nb, bc = dbc / nbc;
    if (b <= bc) return 0;
    return log2(8.0) / log2((double)MB_MIN(W, H)) * (b - bc);
}

mambair_status mb_metric_psnrb(const uint8_t *img, const uint8_t *ref, int width, int height,
                               int channels, bool y_channel, double *psnrb, mambair_error *err) {
    if (!img || !ref || (channels != 1 && channels != 3) || width < MB_PSNRB_MIN_SIDE ||
        height < MB_PSNRB_MIN_SIDE)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT,
                            "PSNR-B needs a %dx%d image with 1 or 3 channels and at least %d "
                            "pixels a side",
                            width, height, MB_PSNRB_MIN_SIDE);
    size_t n = (size_t)width * height;
    int planes = y_channel && channels == 3 ? 1 : channels;
    double *x = mb_malloc(n * sizeof *x), *r = mb_malloc(n * sizeof *r);
    float *yx = planes == 1 && channels == 3 ? mb_malloc(n * sizeof *yx) : NULL,
          *yr = planes == 1 && channels == 3 ? mb_malloc(n * sizeof *yr) : NULL;
    if (!x || !r || (planes == 1 && channels == 3 && (!yx || !yr))) {
        mb_free(x);
        mb_free(r);
        mb_free(yx);
        mb_free(yr);
        return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "PSNR-B of a %dx%d image", width, height);
    }
    if (yx) { /* Y on the 0..255 scale through BasicSR's float32 chain */
        mb_metric_y_channel(img, width, height, 3, 0, yx, NULL);
        mb_metric_y_channel(ref, width, height, 3, 0, yr, NULL);
    }
    double total = 0;
    for (int c = 0; c < planes; c++) {
        double se = 0;
        for (size_t i = 0; i < n; i++) {
            x[i] = (yx ? (double)yx[i] : (double)img[i * channels + c]) / 255.0;
            r[i] = (yr ? (double)yr[i] : (double)ref[i * channels + c]) / 255.0;
            se += (x[i] - r[i]) * (x[i] - r[i]);
        }
        total += 10 * log10(1 / (se / (double)n + mb_metric_bef(x, width, height)));
    }
    mb_free(x);
    mb_free(r);
    mb_free(yx);
    mb_free(yr);
    *psnrb = total / planes;
    return MAMBAIR_OK;
}
