/*
 * data.h — training pairs from images in memory (the tool reads the files).
 *
 * Super-resolution: each HR image is cropped to a multiple of the scale
 * (modcrop) and its LR made once with the MATLAB-style uint8 bicubic
 * (core/image/resize.h), the way benchmark LR files are made. A sample is an
 * aligned random crop of LR patch p and HR patch s*p, then a random
 * horizontal flip, vertical flip and transpose (90° rotations), each with
 * probability 1/2, as BasicSR's augment(). With border_frac > 0 a crop is
 * moved to the first or last position along each axis with that probability,
 * so image borders are trained as often as they are seen at inference.
 * Denoising: a random crop of the clean image, the same flips, and Gaussian
 * noise of sigma/255, sigma fixed or uniform in [sigma_min, sigma_max],
 * added in float and not clipped (as the official test feeds it); with
 * clip_frac > 0 that fraction of the samples has its noisy input clipped to
 * 0..1, as noise is held by a real 8/16-bit layer or file.
 * With lr_from_crop the LR of a super-resolution crop is made from its HR
 * crop alone (the same uint8 bicubic) instead of cut from the whole image's
 * LR: every edge of such a crop then is an image edge, as the network meets
 * it at inference, where the LR's outer pixels were made with mirrored
 * pixels. A crop cut from the whole image's LR has outer pixels made from
 * pixels beyond the crop, which no image edge has.
 * JPEG artefacts (tr_data_set_jpeg): the input is a real JPEG encode/decode
 * (core/image/jpeg.h: standard tables, 4:2:0 colour or gray) of the clean
 * crop at a quality drawn per crop. Half the crops start on the 8x8 grid of
 * their JPEG; the others at a random offset 0..7 in x and y, since a photo's
 * blocks fall anywhere in a tile or a cropped picture: a region around the
 * crop, a whole number of 16-pixel MCUs from the offset, is coded, so no
 * image edge falls inside the crop.
 * Photo degradations (tr_data_set_degrade): the HR crop, flipped as above,
 * is degraded to the LR by the Real-ESRGAN-style pipeline of degrade.h
 * (blur, resize, noise, JPEG, twice); no bicubic LR is kept. Each crop gets
 * its own generator seeded from the run's stream, so the crops of a batch
 * are degraded in parallel with the same result on any number of threads.
 * Everything random comes from the caller's tr_rng, so a run is deterministic
 * for a seed and a checkpointed rng state resumes it exactly.
 */
#ifndef MB_TRAIN_DATA_H
#define MB_TRAIN_DATA_H

#include "../base.h"
#include "rng.h"

typedef struct tr_image {
    int width, height, channels; /* interleaved {H, W, C} uint8 */
    uint8_t *px;
} tr_image;

typedef struct tr_data {
    int scale;      /* 1 for denoising */
    int channels;   /* of the network: 1 or 3 */
    double sigma_min, sigma_max; /* denoising, on the 0..255 scale */
    double clip_frac; /* denoising: share of samples with clipped noise; 0 (init) = none */
    double gray_frac; /* denoising: share of samples whose noise is the same in every
                         channel (luminance noise, as cameras and editors make it);
                         0 (init) = none: independent noise per channel */
    double border_frac; /* per axis, share of crops moved to touch the image's
                           edge (so the network learns the real border, where
                           the LR was made with mirrored pixels); 0 = none */
    bool lr_from_crop;  /* super-resolution: each crop's LR made from its HR crop */
    int jpeg_qmin, jpeg_qmax;     /* JPEG artefacts (scale 1): quality range; 0 = off */
    bool degrade;                 /* photo degradations instead of the bicubic LR */
    int threads;                  /* degradation workers; 0 (init) = all cores */
    int count;
    tr_image *hr;   /* modcropped */
    tr_image *lr;   /* scale > 1 only */
    int64_t pixels; /* total HR pixels held */
} tr_data;

void tr_data_init(tr_data *d, int scale, int channels, double sigma_min, double sigma_max);
void tr_data_free(tr_data *d);

/* Train JPEG-artefact removal (scale 1) instead of denoising: quality
 * uniform in [qmin, qmax] (1..100) per crop; validation at the middle. */
void tr_data_set_jpeg(tr_data *d, int qmin, int qmax);

/* Make LR inputs with the photo degradation pipeline (degrade.h). Call
 * before adding images. */
void tr_data_set_degrade(tr_data *d);

/* Smallest image side the sampler needs for LR patches of `patch` pixels
 * (the JPEG task codes a region larger than the crop). */
int tr_data_min_side(const tr_data *d, int patch);

/* Add one image {H, W, channels} (1 or 3; converted to d->channels: gray is
 * replicated, RGB to gray with BasicSR's Y weights). Images smaller than
 * min_hr in either side are skipped (returns OK, *added = 0). */
mambair_status tr_data_add(tr_data *d, const uint8_t *px, int width, int height, int channels,
                           int min_hr, int *added, mambair_error *err);

/* B random samples: in {B, C, p, p}, target {B, C, s*p, s*p}, planar 0..1.
 * Fails only when memory runs out (the JPEG codec allocates). */
mambair_status tr_data_sample(const tr_data *d, tr_rng *rng, int B, int patch, float *in,
                              float *target, mambair_error *err);

/* Deterministic validation pair of image i: centre crop of at most `patch`
 * LR pixels a side (whole image if smaller; sizes written to *w, *h, LR),
 * noise or photo degradations from a fixed seed per image, or the crop's
 * JPEG at the middle quality. Buffers hold C*patch*patch (in) and C*(s*patch)^2 (target) floats. */
mambair_status tr_data_val_pair(const tr_data *d, int i, int patch, float *in, float *target,
                                int *w, int *h, mambair_error *err);

#endif
