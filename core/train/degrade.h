/*
 * degrade.h — real-world degradations for training "photo" super-resolution
 * models: the second-order pipeline of Real-ESRGAN (Wang et al., ICCV
 * Workshops 2021, section 3), written for this trainer from the paper's
 * description and its published settings.
 *
 * From a clean HR image {C, H, W} (planar, 0..1) to its LR {C, H/s, W/s}:
 *   1. blur with kernel 1 (below), reflect padding;
 *      random resize: up (x 1..1.5, p 0.2), down (x 0.15..1, p 0.7) or keep
 *      (p 0.1), area, bilinear or bicubic (1/3 each);
 *      noise: Gaussian sigma 1..30 (of 255) with p 0.5, else Poisson with
 *      scale 0.05..3; the same for all channels ("gray noise") with p 0.4;
 *      clipped to 0..1;
 *      JPEG at quality 30..95 (a real libjpeg encode/decode, core/image/jpeg.h);
 *   2. blur with kernel 2 with p 0.8;
 *      random resize: up (1..1.2, p 0.3), down (0.3..1, p 0.4), keep (p 0.3),
 *      relative to the LR size;
 *      noise: Gaussian 1..25 or Poisson 0.05..2.5, gray p 0.4; clipped;
 *      in random order (p 0.5 each): [resize to the LR size (random mode)
 *      + final sinc filter] then JPEG 30..95, or JPEG then [resize + sinc];
 *   3. rounded to 8 bits.
 * Blur kernels: size an odd number 7..21; with p 0.1 a sinc (below), else
 * isotropic Gaussian (p 0.45), anisotropic Gaussian (0.25), generalised
 * Gaussian iso/aniso (0.12/0.03), plateau iso/aniso (0.12/0.03); sigma
 * 0.2..3 (kernel 1) or 0.2..1.5 (kernel 2), generalised beta 0.5..4, plateau
 * beta 1..2, anisotropic angle uniform in [-pi, pi]. Final sinc: with p 0.8,
 * size 21, cutoff pi/3..pi; else none.
 *
 * Every number is drawn from the caller's tr_rng in a fixed order, so a run
 * (or an evaluation set made with a seed) is reproducible.
 */
#ifndef MB_TRAIN_DEGRADE_H
#define MB_TRAIN_DEGRADE_H

#include "../base.h"
#include "rng.h"

#define TR_KERNEL_MAX 21 /* largest blur kernel side */

typedef enum tr_resize_mode {
    TR_RESIZE_AREA = 0, /* mean over the source window (adaptive average pooling) */
    TR_RESIZE_BILINEAR, /* half-pixel centres, edges clamped                     */
    TR_RESIZE_BICUBIC   /* half-pixel centres, Keys a = -0.75, edges clamped      */
} tr_resize_mode;

typedef enum tr_kernel_kind {
    TR_KERNEL_ISO = 0,
    TR_KERNEL_ANISO,
    TR_KERNEL_GENERALIZED_ISO,
    TR_KERNEL_GENERALIZED_ANISO,
    TR_KERNEL_PLATEAU_ISO,
    TR_KERNEL_PLATEAU_ANISO,
    TR_KERNEL_SINC,
    TR_KERNEL_KIND_COUNT
} tr_kernel_kind;

/* ---- kernels: k {size, size}, row-major, normalised to sum 1 ---- */

/* Bivariate Gaussian exp(-x^T S^-1 x / 2), S = R(theta) diag(sx^2, sy^2) R^T,
 * on the grid -(size/2) .. size/2. */
void tr_kernel_gaussian(double *k, int size, double sx, double sy, double theta);
/* Generalised Gaussian exp(-(x^T S^-1 x)^beta / 2), same S (beta 1: Gaussian). */
void tr_kernel_generalized(double *k, int size, double sx, double sy, double theta, double beta);
/* Plateau 1 / ((x^T S^-1 x)^beta + 1). */
void tr_kernel_plateau(double *k, int size, double sx, double sy, double theta, double beta);
/* Ideal circular low-pass of cutoff omega (radians/pixel), the 2-D "sinc":
 * h(r) = omega J1(omega r) / (2 pi r), h(0) = omega^2 / (4 pi) (jinc). */
void tr_kernel_sinc(double *k, int size, double omega);

/* Convolve (correlate; the kernels are symmetric under 180-degree rotation)
 * in {C, H, W} with k {ks, ks}, reflect padding (mirror without repeating the
 * edge, folding again for images smaller than the kernel). Sums in float;
 * rings of taps all below 1e-9 of the largest are left out. */
void tr_filter2d(const float *in, int C, int H, int W, const double *k, int ks, float *out);

/* Resize {C, H, W} -> {C, h, w}. */
void tr_resize(const float *in, int C, int H, int W, float *out, int h, int w, tr_resize_mode mode);

/* Poisson-distributed count of mean lambda >= 0 (Knuth's product of
 * uniforms below 10, Hoermann's PTRS transformed rejection above). */
int64_t tr_rng_poisson(tr_rng *r, double lambda);

/* Noise in place on {C, n} (n pixels a plane), then clipped to 0..1.
 * Gaussian: sigma on the 0..255 scale. Poisson: Real-ESRGAN's, the image as
 * photon counts at 2^ceil(log2(distinct values)) levels, noise times scale.
 * gray: one noise field for every channel (from the BT.601 luma for Poisson). */
void tr_noise_gaussian(tr_rng *r, float *x, int C, size_t n, double sigma, bool gray);
mambair_status tr_noise_poisson(tr_rng *r, float *x, int C, size_t n, double scale, bool gray,
                                mambair_error *err);

/* JPEG step: round to 8 bits, libjpeg encode/decode at quality, back to float. */
mambair_status tr_degrade_jpeg(float *x, int C, int H, int W, int quality, mambair_error *err);

/* Draw a blur kernel (kind, size, parameters) for the first (stage 1) or
 * second (stage 2) blur into k (TR_KERNEL_MAX^2); returns the size. */
int tr_kernel_random(tr_rng *r, int stage, double *k, tr_kernel_kind *kind);

/* The whole pipeline: hr {C, H, W} -> lr {C, H/scale, W/scale} (scale >= 1;
 * H and W multiples of scale). */
mambair_status tr_degrade_run(tr_rng *r, const float *hr, int C, int H, int W, int scale,
                              float *lr, mambair_error *err);

#endif
