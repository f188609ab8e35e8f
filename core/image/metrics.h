/*
 * metrics.h — PSNR and SSIM exactly as BasicSR computes them for the papers'
 * tables (basicsr/metrics/psnr_ssim.py with test_y_channel=True):
 *   crop `crop` pixels from every edge, take Y = 16 + (65.481 R + 128.553 G
 *   + 24.966 B) / 255 (range 16..235), then
 *   PSNR = 20 log10(255 / sqrt(mean((Y1 - Y2)^2)))   (+inf when identical)
 *   SSIM = mean of the SSIM map, 11x11 Gaussian window (sigma 1.5), only window
 *          positions fully inside the cropped image, C1 = (0.01*255)^2,
 *          C2 = (0.03*255)^2, in double.
 * Images are 8-bit interleaved {H, W, C} with C = 3 (RGB) or 1 (gray, used as
 * R = G = B, as BasicSR sees a gray PNG loaded in colour).
 */
#ifndef MB_IMAGE_METRICS_H
#define MB_IMAGE_METRICS_H

#include "base.h"

/* Y channel {H-2crop, W-2crop} as float, following BasicSR's dtype chain. */
mambair_status mb_metric_y_channel(const uint8_t *img, int width, int height, int channels,
                                   int crop, float *y, mambair_error *err);

mambair_status mb_metric_psnr_y(const uint8_t *a, const uint8_t *b, int width, int height,
                                int channels, int crop, double *psnr, mambair_error *err);

mambair_status mb_metric_ssim_y(const uint8_t *a, const uint8_t *b, int width, int height,
                                int channels, int crop, double *ssim, mambair_error *err);

/* The same on every colour channel (BasicSR with test_y_channel=False, as the
 * colour-denoising tables use): PSNR from the MSE over all channels, SSIM the
 * mean of the per-channel SSIMs. */
mambair_status mb_metric_psnr_rgb(const uint8_t *a, const uint8_t *b, int width, int height,
                                  int channels, int crop, double *psnr, mambair_error *err);
mambair_status mb_metric_ssim_rgb(const uint8_t *a, const uint8_t *b, int width, int height,
                                  int channels, int crop, double *ssim, mambair_error *err);

#endif
