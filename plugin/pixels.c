/* pixels.c — babl format choice, colour planes with alpha bleeding, alpha scaling. */
#include "pixels.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *mb_px_format(int model_chans, int has_alpha) {
    if (model_chans == 1) return has_alpha ? "Y'A float" : "Y' float";
    return has_alpha ? "R'G'B'A float" : "R'G'B' float";
}

/* One level of the pull-push pyramid: colour sums weighted by coverage. */
typedef struct {
    int w, h;
    float *sum; /* {cc, h, w} colour * weight */
    float *wt;  /* {h, w} weight              */
} px_level;

#define PX_MAX_LEVELS 40

static void pyramid_free(px_level *lv, int n) {
    for (int i = 0; i < n; i++) {
        free(lv[i].sum);
        free(lv[i].wt);
    }
}

static int level_alloc(px_level *l, int w, int h, int cc) {
    size_t n = (size_t)w * (size_t)h;
    l->w = w;
    l->h = h;
    l->sum = calloc(n * (size_t)cc, sizeof(float));
    l->wt = calloc(n, sizeof(float));
    return l->sum && l->wt ? 0 : -1;
}

/* 2x2 sums (the last row/column of an odd size stands alone). */
static void level_reduce(const px_level *a, px_level *b, int cc) {
    size_t an = (size_t)a->w * a->h, bn = (size_t)b->w * b->h;
    for (int y = 0; y < a->h; y++)
        for (int x = 0; x < a->w; x++) {
            size_t i = (size_t)y * a->w + x, j = (size_t)(y / 2) * b->w + x / 2;
            b->wt[j] += a->wt[i];
            for (int c = 0; c < cc; c++) b->sum[c * bn + j] += a->sum[c * an + i];
        }
}

/* Fill pixels without weight from the (already filled) coarser level. */
static void level_fill(px_level *a, const px_level *b, int cc) {
    size_t an = (size_t)a->w * a->h, bn = (size_t)b->w * b->h;
    for (int y = 0; y < a->h; y++)
        for (int x = 0; x < a->w; x++) {
            size_t i = (size_t)y * a->w + x, j = (size_t)(y / 2) * b->w + x / 2;
            if (a->wt[i] > 0) continue;
            a->wt[i] = 1.0f;
            for (int c = 0; c < cc; c++) a->sum[c * an + i] = b->sum[c * bn + j] / b->wt[j];
        }
}

int mb_px_split_colour(const float *in, int w, int h, int cc, int has_alpha, float *planes) {
    int nc = cc + (has_alpha ? 1 : 0);
    size_t n = (size_t)w * (size_t)h;
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < cc; c++) planes[c * n + i] = in[i * nc + c];
    if (!has_alpha) return 0;

    int any_hidden = 0, any_visible = 0;
    for (size_t i = 0; i < n; i++) {
        if (in[i * nc + cc] > 0.0f)
            any_visible = 1;
        else
            any_hidden = 1;
    }
    if (!any_hidden) return 0;
    if (!any_visible) {
        memset(planes, 0, n * (size_t)cc * sizeof(float));
        return 0;
    }

    px_level lv[PX_MAX_LEVELS];
    int nl = 0, rc = -1;
    if (level_alloc(&lv[nl++], w, h, cc)) goto done;
    for (size_t i = 0; i < n; i++) {
        float a = in[i * nc + cc] > 0.0f ? 1.0f : 0.0f;
        lv[0].wt[i] = a;
        for (int c = 0; c < cc; c++) lv[0].sum[c * n + i] = a * in[i * nc + c];
    }
    while ((lv[nl - 1].w > 1 || lv[nl - 1].h > 1) && nl < PX_MAX_LEVELS) {
        const px_level *a = &lv[nl - 1];
        if (level_alloc(&lv[nl], (a->w + 1) / 2, (a->h + 1) / 2, cc)) {
            nl++;
            goto done;
        }
        level_reduce(a, &lv[nl], cc);
        nl++;
    }
    for (int l = nl - 2; l >= 0; l--) level_fill(&lv[l], &lv[l + 1], cc);
    /* level 0 now holds colour * weight where visible and colour where filled */
    for (size_t i = 0; i < n; i++)
        if (in[i * nc + cc] <= 0.0f)
            for (int c = 0; c < cc; c++) planes[c * n + i] = lv[0].sum[c * n + i];
    rc = 0;
done:
    pyramid_free(lv, nl);
    return rc;
}

void mb_px_merge(const float *planes, int pw, int ph, int x0, int y0, int w, int h, int cc,
                 const float *alpha, float *out) {
    int nc = cc + (alpha ? 1 : 0);
    size_t pn = (size_t)pw * (size_t)ph;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            size_t o = ((size_t)y * w + x) * nc, i = (size_t)(y + y0) * pw + (x + x0);
            for (int c = 0; c < cc; c++) out[o + c] = planes[c * pn + i];
            if (alpha) out[o + cc] = alpha[(size_t)y * w + x];
        }
}

/* Catmull-Rom weight at distance t. */
static float cubic(float t) {
    t = fabsf(t);
    if (t < 1.0f) return 1.5f * t * t * t - 2.5f * t * t + 1.0f;
    if (t < 2.0f) return -0.5f * t * t * t + 2.5f * t * t - 4.0f * t + 2.0f;
    return 0.0f;
}

static int clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

void mb_px_alpha_scale(const float *in, int w, int h, int nc, int ch, int x0, int y0, int cw,
                       int chh, int s, float *out) {
    int ow = cw * s, oh = chh * s;
    for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++) {
            float v;
            if (s == 1) {
                v = in[((size_t)(oy + y0) * w + (ox + x0)) * nc + ch];
            } else {
                /* pixel centres: output (o + 0.5) / s = input (i + 0.5) */
                float sx = (ox + 0.5f) / s - 0.5f + x0, sy = (oy + 0.5f) / s - 0.5f + y0;
                int ix = (int)floorf(sx), iy = (int)floorf(sy);
                float acc = 0.0f;
                for (int j = -1; j <= 2; j++) {
                    float wy = cubic(sy - (iy + j));
                    int yy = clampi(iy + j, 0, h - 1);
                    for (int i = -1; i <= 2; i++) {
                        int xx = clampi(ix + i, 0, w - 1);
                        acc += wy * cubic(sx - (ix + i)) * in[((size_t)yy * w + xx) * nc + ch];
                    }
                }
                v = acc;
            }
            out[(size_t)oy * ow + ox] = v < 0.0f ? 0.0f : v > 1.0f ? 1.0f : v;
        }
}
