/*
 * psnrb.h — PSNR-B (Yim & Bovik, "Quality assessment of deblocked images",
 * IEEE TIP 2011), the blocking-aware PSNR of the JPEG artefact-removal
 * literature, computed as the published tables computed it (the
 * calculate_psnrb of the SwinIR / BasicSR test code):
 *
 *   values v / 255 in double; for each channel c of the tested image x
 *   against the reference r:
 *     MSE   = mean((x - r)^2)
 *     D_B   = sum of (x[., j] - x[., j+1])^2 over columns j = 7, 15, ... < W-1,
 *             plus the same over rows i = 7, 15, ... < H-1
 *     D_Bc  = the same sum over every other neighbour pair
 *     N_B   = H (W/8 - 1) + W (H/8 - 1)        (integer division)
 *     N_Bc  = H (W-1) + W (H-1) - N_B
 *     BEF   = log2(8) / log2(min(W, H)) * (D_B / N_B - D_Bc / N_Bc), 0 if negative
 *     PSNR-B_c = 10 log10(1 / (MSE + BEF))
 *   PSNR-B = mean over channels.
 *
 * N_B is the count of block-boundary pairs when W and H are multiples of 8;
 * for other sizes the published code divides by it all the same (one
 * boundary column or row fewer than summed), and so does this function, so
 * its numbers compare with the tables.
 * Images are 8-bit interleaved {H, W, C}, C = 1 or 3; `y_channel` with C = 3
 * measures BT.601 Y (16..235, metrics.h) instead of the three channels.
 */
#ifndef MB_IMAGE_PSNRB_H
#define MB_IMAGE_PSNRB_H

#include "base.h"

#define MB_PSNRB_MIN_SIDE 16 /* two blocks: BEF needs a boundary */

mambair_status mb_metric_psnrb(const uint8_t *img, const uint8_t *ref, int width, int height,
                               int channels, bool y_channel, double *psnrb, mambair_error *err);

/* The blocking effect factor of one plane {H, W} of values in 0..1. */
double mb_metric_bef(const double *plane, int width, int height);

#endif
