/*
 * resize.h — MATLAB-style bicubic imresize (a = -0.5, antialiased when
 * shrinking), the convention of every SR benchmark's LR images.
 *
 * Two flavours:
 *  - float: BasicSR's python imresize (stays in float, no rounding);
 *  - uint8: MATLAB imresize on a uint8 image, which rounds to uint8 (half up,
 *    clipped to 0..255) after the row pass and again after the column pass.
 *    The official benchmark LR files were made this way.
 * Output size is ceil(in * scale) on both axes; the H (row) pass runs first.
 */
#ifndef MB_IMAGE_RESIZE_H
#define MB_IMAGE_RESIZE_H

#include "base.h"

/* ceil(n * scale) as MATLAB computes it; 0 when out of range. */
int mb_resize_out_len(int n, double scale);

/* in {C, H, W} planar float -> out {C, OH, OW}, OH/OW from mb_resize_out_len. */
mambair_status mb_resize_bicubic_f32(const float *in, int channels, int height, int width,
                                     double scale, float *out, mambair_error *err);

/* Interleaved uint8 {H, W, C} -> {OH, OW, C}, MATLAB's uint8 rounding between passes. */
mambair_status mb_resize_bicubic_u8(const uint8_t *in, int channels, int height, int width,
                                    double scale, uint8_t *out, mambair_error *err);

#endif
