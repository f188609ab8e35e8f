/*
 * metrics.c — BasicSR's PSNR-Y and SSIM-Y (see metrics.h for the definition).
 *
 * The Y value repeats BasicSR's dtype chain so that results match its tables
 * to the last printed digit: x / 255 in float, the dot product with the BT.601
 * coefficients in double (+16), / 255 cast to float, then * 255 in float.
 */
#include "image/metrics.h"

#include <math.h>
#include <string.h>

static mambair_status check_args(const void *a, int width, int height, int channels, int crop,
                                 int min_edge, mambair_error *err) {
    if (!a || width < 1 || height < 1 || (channels != 1 && channels != 3) || crop < 0)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "metric: bad image arguments");
    if (width - 2 * crop < min_edge || height - 2 * crop < min_edge)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT,
                            "metric: %dx%d image is too small for a %d-pixel border", width, height, crop);
    return MAMBAIR_OK;
}

mambair_status mb_metric_y_channel(const uint8_t *img, int width, int height, int channels,
                                   int crop, float *y, mambair_error *err) {
    mambair_status st = check_args(img, width, height, channels, crop, 1, err);
    if (st != MAMBAIR_OK) return st;
    int cw = width - 2 * crop, ch = height - 2 * crop;
    for (int r = 0; r < ch; r++)
        for (int c = 0; c < cw; c++) {
            const uint8_t *p = img + ((size_t)(r + crop) * width + (c + crop)) * channels;
            float R = (float)p[0] / 255.0f;
            float G = (float)p[channels == 3 ? 1 : 0] / 255.0f;
            float B = (float)p[channels == 3 ? 2 : 0] / 255.0f;
            /* np.dot over BGR order, then +16 */
            double v = (double)B * 24.966 + (double)G * 128.553 + (double)R * 65.481 + 16.0;
            float vf = (float)(v / 255.0);
            y[(size_t)r * cw + c] = vf * 255.0f;
        }
    return MAMBAIR_OK;
}

enum { SSIM_WIN = 11, SSIM_HALF = 5 };

/* cv2.getGaussianKernel(11, 1.5): exp(-(i-5)^2 / (2 sigma^2)), normalised. */
static void gaussian_kernel(double k[SSIM_WIN]) {
    double s = 0.0;
    for (int i = 0; i < SSIM_WIN; i++) {
        double d = i - SSIM_HALF;
        k[i] = exp(-d * d / (2.0 * 1.5 * 1.5));
        s += k[i];
    }
    for (int i = 0; i < SSIM_WIN; i++) k[i] /= s;
}

/* SSIM of two {h, w} planes (values 0..255), valid window positions only. */
static mambair_status ssim_plane(const float *ya, const float *yb, int w, int h, double *ssim,
                                 mambair_error *err) {
    int ow = w - 2 * SSIM_HALF, oh = h - 2 * SSIM_HALF;
    /* five maps filtered along rows first: mu1, mu2, E[x^2], E[y^2], E[xy], {h, ow} */
    double *rows = mb_calloc((size_t)5 * h * ow, sizeof *rows);
    if (!rows) return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory computing SSIM");
    double k[SSIM_WIN];
    gaussian_kernel(k);
    size_t plane = (size_t)h * ow;
    for (int r = 0; r < h; r++)
        for (int c = 0; c < ow; c++) {
            double s[5] = {0};
            for (int t = 0; t < SSIM_WIN; t++) {
                double x = ya[(size_t)r * w + c + t], y = yb[(size_t)r * w + c + t];
                s[0] += k[t] * x;
                s[1] += k[t] * y;
                s[2] += k[t] * x * x;
                s[3] += k[t] * y * y;
                s[4] += k[t] * x * y;
            }
            for (int m = 0; m < 5; m++) rows[m * plane + (size_t)r * ow + c] = s[m];
        }
    const double C1 = (0.01 * 255) * (0.01 * 255), C2 = (0.03 * 255) * (0.03 * 255);
    double total = 0.0;
    for (int r = 0; r < oh; r++)
        for (int c = 0; c < ow; c++) {
            double s[5] = {0};
            for (int t = 0; t < SSIM_WIN; t++)
                for (int m = 0; m < 5; m++) s[m] += k[t] * rows[m * plane + (size_t)(r + t) * ow + c];
            double mu1 = s[0], mu2 = s[1];
            double s11 = s[2] - mu1 * mu1, s22 = s[3] - mu2 * mu2, s12 = s[4] - mu1 * mu2;
            total += ((2 * mu1 * mu2 + C1) * (2 * s12 + C2)) /
                     ((mu1 * mu1 + mu2 * mu2 + C1) * (s11 + s22 + C2));
        }
    *ssim = total / ((double)ow * oh);
    mb_free(rows);
    return MAMBAIR_OK;
}

/* One channel of a cropped 8-bit image as a float plane (metric planes). */
static void channel_plane(const uint8_t *img, int width, int channels, int crop, int cw, int ch,
                          int c, float *out) {
    for (int r = 0; r < ch; r++)
        for (int x = 0; x < cw; x++)
            out[(size_t)r * cw + x] = img[((size_t)(r + crop) * width + (x + crop)) * channels + c];
}

static mambair_status metric_common(const uint8_t *a, const uint8_t *b, int width, int height,
                                    int channels, int crop, bool y_channel, bool want_ssim,
                                    double *value, mambair_error *err) {
    mambair_status st = check_args(a, width, height, channels, crop, want_ssim ? SSIM_WIN : 1, err);
    if (st != MAMBAIR_OK) return st;
    if (!b || !value) return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "metric: missing image");
    int w = width - 2 * crop, h = height - 2 * crop;
    size_t n = (size_t)w * (size_t)h;
    float *pa = mb_calloc(n, sizeof *pa), *pb = mb_calloc(n, sizeof *pb);
    if (!pa || !pb) {
        st = mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory computing a metric");
        goto done;
    }
    int planes = y_channel ? 1 : channels;
    double acc = 0.0;
    for (int c = 0; c < planes && st == MAMBAIR_OK; c++) {
        if (y_channel) {
            mb_metric_y_channel(a, width, height, channels, crop, pa, NULL);
            mb_metric_y_channel(b, width, height, channels, crop, pb, NULL);
        } else {
            channel_plane(a, width, channels, crop, w, h, c, pa);
            channel_plane(b, width, channels, crop, w, h, c, pb);
        }
        if (want_ssim) {
            double s = 0;
            st = ssim_plane(pa, pb, w, h, &s, err);
            acc += s;
        } else {
            for (size_t i = 0; i < n; i++) {
                double d = (double)pa[i] - (double)pb[i];
                acc += d * d;
            }
        }
    }
    if (st == MAMBAIR_OK) {
        if (want_ssim) {
            *value = acc / planes;
        } else {
            double mse = acc / ((double)n * planes);
            *value = mse == 0.0 ? INFINITY : 20.0 * log10(255.0 / sqrt(mse));
        }
    }
done:
    mb_free(pa);
    mb_free(pb);
    return st;
}

mambair_status mb_metric_ssim_y(const uint8_t *a, const uint8_t *b, int width, int height,
                                int channels, int crop, double *ssim, mambair_error *err) {
    return metric_common(a, b, width, height, channels, crop, true, true, ssim, err);
}

mambair_status mb_metric_psnr_rgb(const uint8_t *a, const uint8_t *b, int width, int height,
                                  int channels, int crop, double *psnr, mambair_error *err) {
    return metric_common(a, b, width, height, channels, crop, false, false, psnr, err);
}

mambair_status mb_metric_ssim_rgb(const uint8_t *a, const uint8_t *b, int width, int height,
                                  int channels, int crop, double *ssim, mambair_error *err) {
    return metric_common(a, b, width, height, channels, crop, false, true, ssim, err);
}

mambair_status mb_metric_psnr_y(const uint8_t *a, const uint8_t *b, int width, int height,
                                int channels, int crop, double *psnr, mambair_error *err) {
    return metric_common(a, b, width, height, channels, crop, true, false, psnr, err);
}
