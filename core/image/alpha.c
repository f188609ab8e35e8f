/*
 * alpha.c — colour bleeding into transparent pixels (see alpha.h).
 *
 * Each pass fills every still-empty pixel that touches a filled one (8
 * neighbours) with the weighted mean of those neighbours, weights = alpha for
 * visible pixels and a small constant for pixels filled by an earlier pass.
 * After BLEED_PASSES passes (well beyond what the network's convolutions
 * reach across an edge) the rest take the alpha-weighted mean of the image.
 */
#include "image/alpha.h"

#include <string.h>

enum { BLEED_PASSES = 16 };

mambair_status mb_alpha_bleed_inplace(float *rgb, int channels, const float *alpha, int width,
                                      int height, mambair_error *err) {
    if (!rgb || !alpha || channels < 1 || channels > 4 || width < 1 || height < 1)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "alpha bleed: bad arguments");
    size_t n = (size_t)width * height;
    float *weight = mb_calloc(n, sizeof *weight); /* {H, W} 0 = not yet filled */
    float *next = mb_calloc(n, sizeof *next);
    if (!weight || !next) {
        mb_free(weight);
        mb_free(next);
        return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory preparing alpha");
    }
    double mean[4] = {0}, wsum = 0.0;
    size_t empty = 0;
    for (size_t i = 0; i < n; i++) {
        float a = alpha[i] > 0.0f ? (alpha[i] < 1.0f ? alpha[i] : 1.0f) : 0.0f;
        weight[i] = a;
        if (a == 0.0f) empty++;
        for (int c = 0; c < channels; c++) mean[c] += a * rgb[c * n + i];
        wsum += a;
    }
    for (int pass = 0; pass < BLEED_PASSES && empty > 0; pass++) {
        memcpy(next, weight, n * sizeof *next);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) {
                size_t i = (size_t)y * width + x;
                if (weight[i] != 0.0f) continue;
                double s[4] = {0}, ws = 0.0;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++) {
                        int yy = y + dy, xx = x + dx;
                        if (yy < 0 || yy >= height || xx < 0 || xx >= width) continue;
                        size_t j = (size_t)yy * width + xx;
                        float w = weight[j];
                        if (w == 0.0f) continue;
                        for (int c = 0; c < channels; c++) s[c] += w * rgb[c * n + j];
                        ws += w;
                    }
                if (ws == 0.0) continue;
                for (int c = 0; c < channels; c++) rgb[c * n + i] = (float)(s[c] / ws);
                next[i] = 1e-3f; /* counts a little for the next ring */
                empty--;
            }
        memcpy(weight, next, n * sizeof *weight);
    }
    if (empty > 0)
        for (size_t i = 0; i < n; i++)
            if (weight[i] == 0.0f)
                for (int c = 0; c < channels; c++)
                    rgb[c * n + i] = wsum > 0.0 ? (float)(mean[c] / wsum) : 0.0f;
    mb_free(weight);
    mb_free(next);
    return MAMBAIR_OK;
}
