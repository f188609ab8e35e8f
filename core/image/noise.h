/*
 * noise.h — Gaussian noise identical to numpy's legacy generator, so that our
 * noisy test inputs equal the official test's
 *     np.random.seed(seed); noise = np.random.normal(0, sigma / 255, shape)
 * element for element: MT19937 seeded with init_genrand(seed), 53-bit doubles
 * from two 32-bit draws, Marsaglia's polar method keeping the second value of
 * each pair for the next call (RandomState.standard_normal / legacy_gauss).
 */
#ifndef MB_IMAGE_NOISE_H
#define MB_IMAGE_NOISE_H

#include <stddef.h>
#include <stdint.h>

typedef struct mb_rng {
    uint32_t mt[624];
    int pos;
    int has_gauss;
    double gauss;
} mb_rng;

void mb_rng_seed(mb_rng *r, uint32_t seed);
uint32_t mb_rng_u32(mb_rng *r);
double mb_rng_double(mb_rng *r); /* [0, 1), numpy random_sample */
double mb_rng_gauss(mb_rng *r);  /* standard normal, numpy legacy order */

/* noisy = (float)((double)clean + sigma/255 * gauss) for n values drawn in
 * order. numpy draws over the array in C order: for a cv2 image that is
 * {H, W, C} with C in BGR order (see cmd-eval). Not clipped. */
void mb_noise_add_gaussian(mb_rng *r, const float *clean, float *noisy, size_t n, double sigma255);

#endif
