/*
 * blockgrid.h — how much a picture still shows the 8x8 block grid of the JPEG
 * it came from, possibly after enlargement by `scale`.
 *
 * A JPEG codes 8x8 blocks independently, so its luminance jumps at block
 * edges more than between other neighbouring pixels. Enlarged s times, the
 * block edges lie between output columns 8ks-1 and 8ks (rows likewise). The
 * block-grid contrast is
 *
 *   mean |Y(a) - Y(b)| over the pairs (a, b) across block edges
 *   ---------------------------------------------------------------
 *   mean |Y(a) - Y(b)| over the pairs across the other input-pixel edges
 *                      (between output columns js-1 and js, j not a multiple of 8)
 *
 * horizontally and vertically together, on BT.601 luma (metrics.h). The same
 * kind of pairs are compared on both sides (seams between input pixels), so
 * the measure is 1 for a picture without a grid at any scale, and above 1
 * where block edges stand out: a JPEG, or an enlargement that keeps its
 * blocks. Pixels are 8-bit interleaved {H, W, C}, C = 1 or 3.
 */
#ifndef MB_IMAGE_BLOCKGRID_H
#define MB_IMAGE_BLOCKGRID_H

#include "base.h"

/* Sums of the two kinds of differences, so that several images can be
 * pooled before the ratio is taken. */
typedef struct mb_blockgrid_sums {
    double edge, other;        /* sums of |Y(a) - Y(b)| */
    int64_t n_edge, n_other;   /* pairs counted         */
} mb_blockgrid_sums;

/* Adds one image to *sums. The image must hold at least two 8x8 blocks of
 * input pixels along one side (width or height >= 16 * scale). */
mambair_status mb_blockgrid_accumulate(const uint8_t *img, int width, int height, int channels,
                                       int scale, mb_blockgrid_sums *sums, mambair_error *err);

/* The contrast of the pooled sums; 0 when nothing was counted. */
double mb_blockgrid_contrast(const mb_blockgrid_sums *sums);

#endif
