/*
 * pixels.h — between GIMP's pixels and the network's: which babl format to
 * read and write, colour planes with alpha handled, alpha scaling.
 *
 * Plain C (no GIMP, GEGL or GLib) so tests/gimp/test-pixels.c checks it
 * without GIMP.
 */
#ifndef MAMBAIR_PIXELS_H
#define MAMBAIR_PIXELS_H

#include <stddef.h>

/* The babl format the plug-in reads and writes: perceptual (gamma) float, as
 * the models were trained on, RGB or gray to match the model's channels, with
 * alpha when the drawable has it. GEGL converts from and to any precision. */
const char *mb_px_format(int model_chans, int has_alpha);

/* Interleaved {h, w, nc} (nc = cc + alpha) -> planar colour {cc, h, w}.
 * Where alpha is 0 the colour means nothing and often is black; a network
 * would smear it into the visible edge, so those pixels get the colour of the
 * nearest visible ones (pull-push over a pyramid of alpha-weighted means).
 * Returns 0, or -1 when out of memory. */
int mb_px_split_colour(const float *in, int w, int h, int cc, int has_alpha, float *planes);

/* The region (x0, y0, w, h) of planar colour {cc, ph, pw} plus alpha {h, w}
 * (NULL when none) -> interleaved {h, w, cc + (alpha != NULL)}. */
void mb_px_merge(const float *planes, int pw, int ph, int x0, int y0, int w, int h, int cc,
                 const float *alpha, float *out);

/* Alpha channel of interleaved {h, w, nc} at channel `ch`, cropped to
 * (x0, y0, cw, chh) and scaled by the integer factor s with a cubic
 * (Catmull-Rom) filter, clamped to 0..1 -> {chh*s, cw*s}. s = 1 copies. */
void mb_px_alpha_scale(const float *in, int w, int h, int nc, int ch, int x0, int y0, int cw,
                       int chh, int s, float *out);

#endif /* MAMBAIR_PIXELS_H */
