/* degrade-resize.c — the three resize modes of the degradation pipeline, as
 * PyTorch's interpolate computes them without antialiasing (see degrade.h):
 * area = adaptive average pooling (window floor(i N / n) .. ceil((i+1) N / n));
 * bilinear and bicubic sample at half-pixel centres, src = (i + 0.5) N / n
 * - 0.5, bilinear clamping src at 0, bicubic with Keys' a = -0.75 and
 * indices clamped to the edge. */
#include "degrade.h"

#include <math.h>

/* Up to 4 taps (index, weight) of output position i for an n -> N axis. */
static int interp_taps(tr_resize_mode mode, int i, int N, int n, int *idx, double *w) {
    double src = (i + 0.5) * N / (double)n - 0.5;
    if (mode == TR_RESIZE_BILINEAR) {
        if (src < 0) src = 0;
        int i0 = (int)floor(src);
        if (i0 > N - 1) i0 = N - 1;
        double t = src - i0;
        idx[0] = i0;
        idx[1] = MB_MIN(i0 + 1, N - 1);
        w[0] = 1 - t;
        w[1] = t;
        return 2;
    }
    const double A = -0.75;
    int i0 = (int)floor(src);
    double t = src - i0;
    for (int k = 0; k < 4; k++) {
        double d = fabs(t - (k - 1)); /* distance of tap i0 - 1 + k */
        w[k] = d <= 1 ? ((A + 2) * d - (A + 3)) * d * d + 1
                      : ((A * d - 5 * A) * d + 8 * A) * d - 4 * A;
        idx[k] = MB_MIN(MB_MAX(i0 - 1 + k, 0), N - 1);
    }
    return 4;
}

void tr_resize(const float *in, int C, int H, int W, float *out, int h, int w, tr_resize_mode mode) {
    for (int c = 0; c < C; c++) {
        const float *p = in + (size_t)c * H * W;
        float *o = out + (size_t)c * h * w;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                double s = 0;
                if (mode == TR_RESIZE_AREA) {
                    int y0 = (int)((int64_t)y * H / h), y1 = (int)(((int64_t)(y + 1) * H + h - 1) / h);
                    int x0 = (int)((int64_t)x * W / w), x1 = (int)(((int64_t)(x + 1) * W + w - 1) / w);
                    for (int sy = y0; sy < y1; sy++)
                        for (int sx = x0; sx < x1; sx++) s += p[(size_t)sy * W + sx];
                    s /= (double)(y1 - y0) * (x1 - x0);
                } else {
                    int iy[4], ix[4];
                    double wy[4], wx[4];
                    int ny = interp_taps(mode, y, H, h, iy, wy), nx = interp_taps(mode, x, W, w, ix, wx);
                    for (int a = 0; a < ny; a++)
                        for (int b = 0; b < nx; b++) s += wy[a] * wx[b] * p[(size_t)iy[a] * W + ix[b]];
                }
                o[(size_t)y * w + x] = (float)s;
            }
    }
}
