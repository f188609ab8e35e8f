/* ensemble.c — the 8 flips/rotations of self-ensemble ("MambaIR+"). Each
 * view is a pixel permutation; the output of the network on a view is mapped
 * back by the same permutation at the output size and averaged. */
#include "plan.h"

/* Where original pixel (y, x) of an h x w image lands in view k; *vw is the
 * view's row length. */
static inline size_t view_index(int k, int y, int x, int h, int w) {
    int fy = (k & 2) ? h - 1 - y : y;
    int fx = (k & 1) ? w - 1 - x : x;
    if (k & 4) return (size_t)fx * h + fy; /* transposed: view is w x h */
    return (size_t)fy * w + fx;
}

void mb_view_forward(int k, const float *src, int chans, int h, int w, float *dst) {
    const size_t plane = (size_t)h * w;
    for (int c = 0; c < chans; c++) {
        const float *s = src + c * plane;
        float *d = dst + c * plane;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) d[view_index(k, y, x, h, w)] = s[(size_t)y * w + x];
    }
}

void mb_view_accumulate(int k, const float *view, int chans, int h, int w, float *acc, int count) {
    const size_t plane = (size_t)h * w;
    /* A running mean in this form returns a value unchanged when all views
     * agree, which keeps equivariant ops exact. */
    const float inv = 1.0f / (float)(count + 1);
    for (int c = 0; c < chans; c++) {
        const float *v = view + c * plane;
        float *a = acc + c * plane;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                float nv = v[view_index(k, y, x, h, w)];
                float *ap = &a[(size_t)y * w + x];
                *ap = count == 0 ? nv : *ap + (nv - *ap) * inv;
            }
    }
}
