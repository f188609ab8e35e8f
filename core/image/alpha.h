/*
 * alpha.h — keep transparent images free of fringes.
 *
 * The network sees colour only. Colour is un-premultiplied, and pixels with
 * alpha = 0 (whose colour is meaningless, often black) get the alpha-weighted
 * mean colour of their neighbours, spread outward a few pixels at a time, so
 * the network never smears an invisible colour into visible edges. Alpha
 * itself is not run through the network: it is resized with the same bicubic
 * filter (clamped to 0..1) for super-resolution, and kept as is for denoising.
 */
#ifndef MB_IMAGE_ALPHA_H
#define MB_IMAGE_ALPHA_H

#include "base.h"

/* rgb {C, H, W} planar colour (not premultiplied), alpha {H, W}. Rewrites the
 * colour of fully transparent pixels in place. */
mambair_status mb_alpha_bleed_inplace(float *rgb, int channels, const float *alpha, int width,
                                      int height, mambair_error *err);

#endif
