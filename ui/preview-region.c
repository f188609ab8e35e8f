/* preview-region.c — the preview's window of the result, and what it shows. */
#include "preview-region.h"

#include <math.h>
#include <stddef.h>

static long long clampll(long long v, long long lo, long long hi) {
    return v < lo ? lo : v > hi ? hi : v;
}

static double clampd(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }

/* One axis of mb_pv_view_for. */
static void view_axis(int r, int v, double zoom, double c, double *x0, double *cc, int *o,
                      int *n) {
    double span = v / zoom; /* result pixels across the view */
    if (span >= r) {
        *x0 = (r - span) / 2;
    } else {
        *x0 = clampd(c - span / 2, 0, r - span);
    }
    *cc = *x0 + span / 2;
    double lo = *x0 < 0 ? 0 : *x0, hi = *x0 + span > r ? r : *x0 + span;
    *o = (int)floor(lo);
    *n = (int)ceil(hi) - *o;
    if (*n < 1) *n = 1;
    if (*o + *n > r) *o = r - *n;
}

void mb_pv_view_for(int rw, int rh, int vw, int vh, double zoom, double cx, double cy,
                    mb_pv_view *v) {
    if (rw < 1) rw = 1;
    if (rh < 1) rh = 1;
    if (vw < 1) vw = 1;
    if (vh < 1) vh = 1;
    if (!(zoom > 0)) zoom = 1;
    view_axis(rw, vw, zoom, cx, &v->x0, &v->cx, &v->ox, &v->ow);
    view_axis(rh, vh, zoom, cy, &v->y0, &v->cy, &v->oy, &v->oh);
}

int mb_pv_region_for(int dw, int dh, int s, int pad, int ox, int oy, int ow, int oh,
                     mb_pv_region *r) {
    if (dw < 1 || dh < 1 || s < 1 || pad < 0 || ow < 1 || oh < 1) return -1;
    if (ox < 0 || oy < 0 || ox > (long long)dw * s - ow || oy > (long long)dh * s - oh) return -1;
    r->s = s;
    r->ox = ox;
    r->oy = oy;
    r->ow = ow;
    r->oh = oh;
    long long ix0 = ox / s, iy0 = oy / s;
    long long ix1 = ((long long)ox + ow + s - 1) / s, iy1 = ((long long)oy + oh + s - 1) / s;
    r->px = (int)clampll(ix0 - pad, 0, dw);
    r->py = (int)clampll(iy0 - pad, 0, dh);
    r->pw = (int)clampll(ix1 + pad, 0, dw) - r->px;
    r->ph = (int)clampll(iy1 + pad, 0, dh) - r->py;
    r->cx = ox - r->px * s;
    r->cy = oy - r->py * s;
    return 0;
}

void mb_pv_after(const mb_pv_region *r, const float *net, int cc, const float *alpha,
                 float *out) {
    int nc = cc + (alpha ? 1 : 0);
    size_t nw = (size_t)r->pw * r->s, nn = nw * (size_t)r->ph * r->s;
    for (int y = 0; y < r->oh; y++)
        for (int x = 0; x < r->ow; x++) {
            float *o = &out[((size_t)y * r->ow + x) * nc];
            size_t i = (size_t)(y + r->cy) * nw + (size_t)(x + r->cx);
            for (int c = 0; c < cc; c++) o[c] = net[c * nn + i];
            if (alpha) o[cc] = alpha[i];
        }
}

void mb_pv_before_crop(const mb_pv_region *r, const float *in, int nc, float *out) {
    for (int y = 0; y < r->oh; y++)
        for (int x = 0; x < r->ow; x++)
            for (int c = 0; c < nc; c++)
                out[((size_t)y * r->ow + x) * nc + c] =
                    in[((size_t)(y + r->cy) * r->pw + (x + r->cx)) * nc + c];
}

void mb_pv_apply_mask(float *after, const float *before, const uint8_t *mask, int w, int h,
                      int nc) {
    for (size_t i = 0; i < (size_t)w * h; i++) {
        float m = mask[i] / 255.0f;
        for (int c = 0; c < nc; c++)
            after[i * nc + c] = before[i * nc + c] + m * (after[i * nc + c] - before[i * nc + c]);
    }
}

static uint32_t to_byte(float v) {
    if (!(v > 0)) return 0; /* NaN too */
    if (v >= 1) return 255;
    return (uint32_t)(v * 255.0f + 0.5f);
}

void mb_pv_to_screen(const float *px, int w, int h, int cc, int has_alpha, int x0, int y0,
                     uint32_t *out) {
    int nc = cc + (has_alpha ? 1 : 0);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            const float *p = &px[((size_t)y * w + x) * nc];
            float rgb[3] = {p[0], p[cc > 1 ? 1 : 0], p[cc > 1 ? 2 : 0]};
            if (has_alpha) {
                float a = p[cc] < 0 ? 0 : p[cc] > 1 ? 1 : p[cc];
                float check = (((x + x0) >> 3) + ((y + y0) >> 3)) & 1 ? 0.6f : 0.4f;
                for (int c = 0; c < 3; c++) rgb[c] = check + a * (rgb[c] - check);
            }
            out[(size_t)y * w + x] = to_byte(rgb[0]) << 16 | to_byte(rgb[1]) << 8 | to_byte(rgb[2]);
        }
}
