/* shuffle.c — PixelShuffle on channels-last data (SPEC §3, §7). */
#include "ops.h"

void op_pixel_shuffle_forward(const float *x, int h, int w, int64_t c, int r, float *y, int y0,
                              int y1) {
    (void)h;
    int64_t cin = c * r * r, ow = (int64_t)w * r;
    for (int yy = y0; yy < y1; yy++)
        for (int xx = 0; xx < w; xx++) {
            const float *px = x + ((int64_t)yy * w + xx) * cin;
            for (int i = 0; i < r; i++)
                for (int j = 0; j < r; j++) {
                    float *py = y + ((int64_t)(r * yy + i) * ow + (r * xx + j)) * c;
                    const float *src = px + i * r + j;
                    for (int64_t ch = 0; ch < c; ch++) py[ch] = src[ch * r * r];
                }
        }
}
