/* preview-region.c — the preview's window of the result, and its comparison half. */
#include "preview-region.h"

#include <stddef.h>

static long long clampll(long long v, long long lo, long long hi) {
    return v < lo ? lo : v > hi ? hi : v;
}

int mb_pv_region_for(int dw, int dh, int s, int pad, int vx, int vy, int vw, int vh,
                     mb_pv_region *r) {
    if (dw < 1 || dh < 1 || s < 1 || pad < 0 || vw < 1 || vh < 1) return -1;
    if (vx < 0 || vy < 0 || vx > dw - vw || vy > dh - vh) return -1;
    r->s = s;
    r->ow = vw;
    r->oh = vh;
    /* centre of the window, in result pixels, less half the shown size; kept
     * inside the result (which is at least as large as the window) */
    r->ox = (int)clampll(((2LL * vx + vw) * s - vw) / 2, 0, (long long)dw * s - vw);
    r->oy = (int)clampll(((2LL * vy + vh) * s - vh) / 2, 0, (long long)dh * s - vh);
    long long ix0 = r->ox / s, iy0 = r->oy / s;
    long long ix1 = ((long long)r->ox + vw + s - 1) / s, iy1 = ((long long)r->oy + vh + s - 1) / s;
    r->px = (int)clampll(ix0 - pad, 0, dw);
    r->py = (int)clampll(iy0 - pad, 0, dh);
    r->pw = (int)clampll(ix1 + pad, 0, dw) - r->px;
    r->ph = (int)clampll(iy1 + pad, 0, dh) - r->py;
    r->cx = r->ox - r->px * s;
    r->cy = r->oy - r->py * s;
    r->split = s > 1 ? vw / 2 : vw;
    return 0;
}

void mb_pv_compose(const mb_pv_region *r, const float *net, const float *in, int cc,
                   int has_alpha, const float *alpha, float *out) {
    int s = r->s, nc = cc + (has_alpha ? 1 : 0);
    size_t nw = (size_t)r->pw * s, nn = nw * (size_t)r->ph * s;
    for (int y = 0; y < r->oh; y++)
        for (int x = 0; x < r->ow; x++) {
            float *o = &out[((size_t)y * r->ow + x) * nc];
            if (x < r->split) {
                size_t i = (size_t)(y + r->cy) * nw + (size_t)(x + r->cx);
                for (int c = 0; c < cc; c++) o[c] = net[c * nn + i];
                if (has_alpha) o[cc] = alpha[i];
            } else if (x == r->split) {
                for (int c = 0; c < cc; c++) o[c] = 0.5f;
                if (has_alpha) o[cc] = 1.0f;
            } else {
                int ix = (r->ox + x) / s - r->px, iy = (r->oy + y) / s - r->py;
                const float *p = &in[((size_t)iy * r->pw + ix) * nc];
                for (int c = 0; c < nc; c++) o[c] = p[c];
            }
        }
}
