/* degrade.c — the degradation pipeline, its noise and JPEG steps (see
 * degrade.h for the recipe). */
#include "degrade.h"

#include "image/jpeg.h"

#include <math.h>
#include <string.h>

static double uniform(tr_rng *r, double a, double b) { return a + (b - a) * tr_rng_uniform(r); }

int64_t tr_rng_poisson(tr_rng *r, double lambda) {
    if (!(lambda > 0)) return 0;
    if (lambda < 10) { /* Knuth: count uniforms until their product drops below e^-lambda */
        double l = exp(-lambda), p = 1;
        int64_t k = -1;
        do {
            p *= tr_rng_uniform(r);
            k++;
        } while (p > l);
        return k;
    }
    /* Hoermann 1993, "The transformed rejection method for generating Poisson
     * random variables" (PTRS) */
    double slam = sqrt(lambda), loglam = log(lambda);
    double b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
    double inv_alpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
        double u = tr_rng_uniform(r) - 0.5, v = tr_rng_uniform(r), us = 0.5 - fabs(u);
        double kf = floor((2 * a / us + b) * u + lambda + 0.43);
        if (us >= 0.07 && v <= vr) return (int64_t)kf;
        if (kf < 0 || (us < 0.013 && v > us)) continue;
        if (log(v) + log(inv_alpha) - log(a / (us * us) + b) <= -lambda + kf * loglam - lgamma(kf + 1))
            return (int64_t)kf;
    }
}

static void clip01(float *x, size_t n) {
    for (size_t i = 0; i < n; i++) x[i] = x[i] < 0 ? 0 : x[i] > 1 ? 1 : x[i];
}

void tr_noise_gaussian(tr_rng *r, float *x, int C, size_t n, double sigma, bool gray) {
    double sd = sigma / 255;
    if (gray) {
        for (size_t i = 0; i < n; i++) {
            double e = sd * tr_rng_normal(r);
            for (int c = 0; c < C; c++) x[c * n + i] += (float)e;
        }
    } else {
        for (size_t i = 0; i < (size_t)C * n; i++) x[i] += (float)(sd * tr_rng_normal(r));
    }
    clip01(x, (size_t)C * n);
}

static int cmp_float(const void *a, const void *b) {
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

mambair_status tr_noise_poisson(tr_rng *r, float *x, int C, size_t n, double scale, bool gray,
                                mambair_error *err) {
    clip01(x, (size_t)C * n);
    int planes = gray && C == 3 ? 1 : C;
    size_t m = (size_t)planes * n;
    float *v = mb_malloc(m * sizeof *v), *s = mb_malloc(m * sizeof *s);
    if (!v || !s) {
        mb_free(v);
        mb_free(s);
        return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "Poisson noise");
    }
    if (planes == 1 && C == 3)
        for (size_t i = 0; i < n; i++) v[i] = 0.299f * x[i] + 0.587f * x[n + i] + 0.114f * x[2 * n + i];
    else
        memcpy(v, x, m * sizeof *v);
    /* photon levels: 2^ceil(log2(number of distinct values)) */
    memcpy(s, v, m * sizeof *s);
    qsort(s, m, sizeof *s, cmp_float);
    size_t distinct = m ? 1 : 0;
    for (size_t i = 1; i < m; i++) distinct += s[i] != s[i - 1];
    double levels = exp2(ceil(log2((double)MB_MAX(distinct, 2))));
    for (size_t i = 0; i < m; i++) {
        double noise = (double)tr_rng_poisson(r, v[i] * levels) / levels - v[i];
        if (planes == 1 && C == 3)
            for (int c = 0; c < 3; c++) x[c * n + i] += (float)(noise * scale);
        else
            x[i] += (float)(noise * scale);
    }
    mb_free(v);
    mb_free(s);
    clip01(x, (size_t)C * n);
    return MAMBAIR_OK;
}

mambair_status tr_degrade_jpeg(float *x, int C, int H, int W, int quality, mambair_error *err) {
    size_t n = (size_t)H * W;
    uint8_t *px = mb_malloc(n * C);
    if (!px) return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "JPEG step of %dx%d", W, H);
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < C; c++) {
            float v = x[c * n + i];
            px[i * C + c] = (uint8_t)lrintf((v < 0 ? 0 : v > 1 ? 1 : v) * 255);
        }
    mambair_status st = mb_jpeg_roundtrip_u8(px, W, H, C, quality, px, err);
    if (!st)
        for (size_t i = 0; i < n; i++)
            for (int c = 0; c < C; c++) x[c * n + i] = px[i * C + c] * (1.0f / 255);
    mb_free(px);
    return st;
}

/* One image being degraded: the current pixels in cur {C, h, w}, tmp of the
 * same capacity for the next step. */
typedef struct stage {
    float *cur, *tmp;
    int C, h, w;
} stage;

static void swap(stage *s) {
    float *t = s->cur;
    s->cur = s->tmp;
    s->tmp = t;
}

static void blur(stage *s, const double *k, int ks) {
    tr_filter2d(s->cur, s->C, s->h, s->w, k, ks, s->tmp);
    swap(s);
}

static void resize_to(stage *s, int h, int w, tr_resize_mode mode) {
    if (h == s->h && w == s->w) return; /* scale 1: the identity in every mode */
    tr_resize(s->cur, s->C, s->h, s->w, s->tmp, h, w, mode);
    s->h = h;
    s->w = w;
    swap(s);
}

/* up, down or keep with the given probabilities and ranges */
static double draw_scale(tr_rng *r, double p_up, double p_down, double up_max, double down_min) {
    double u = tr_rng_uniform(r);
    if (u < p_up) return uniform(r, 1, up_max);
    if (u < p_up + p_down) return uniform(r, down_min, 1);
    return 1;
}

static mambair_status add_noise(tr_rng *r, stage *s, double gmax, double pmax, mambair_error *err) {
    size_t n = (size_t)s->h * s->w;
    if (tr_rng_uniform(r) < 0.5) {
        double sigma = uniform(r, 1, gmax);
        bool gray = tr_rng_uniform(r) < 0.4;
        tr_noise_gaussian(r, s->cur, s->C, n, sigma, gray);
        return MAMBAIR_OK;
    }
    double scale = uniform(r, 0.05, pmax);
    bool gray = tr_rng_uniform(r) < 0.4;
    return tr_noise_poisson(r, s->cur, s->C, n, scale, gray, err);
}

mambair_status tr_degrade_run(tr_rng *r, const float *hr, int C, int H, int W, int scale,
                              float *lr, mambair_error *err) {
    MB_ASSERT(scale >= 1 && H % scale == 0 && W % scale == 0 && (C == 1 || C == 3));
    int h = H / scale, w = W / scale;
    /* largest size on the way: the first resize enlarges up to 1.5x */
    size_t cap = (size_t)C * (size_t)(H * 1.5 + 2) * (size_t)(W * 1.5 + 2);
    double *k = mb_malloc(sizeof(double) * TR_KERNEL_MAX * TR_KERNEL_MAX);
    stage s = {mb_malloc(cap * sizeof(float)), mb_malloc(cap * sizeof(float)), C, H, W};
    mambair_status st = MAMBAIR_OK;
    if (!k || !s.cur || !s.tmp) {
        st = mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "degradation of a %dx%d image", W, H);
        goto done;
    }
    memcpy(s.cur, hr, (size_t)C * H * W * sizeof(float));
    tr_kernel_kind kind;

    /* first order */
    int ks = tr_kernel_random(r, 1, k, &kind);
    blur(&s, k, ks);
    double f = draw_scale(r, 0.2, 0.7, 1.5, 0.15);
    tr_resize_mode mode = (tr_resize_mode)tr_rng_int(r, 3);
    resize_to(&s, MB_MAX(1, (int)(H * f)), MB_MAX(1, (int)(W * f)), mode);
    if ((st = add_noise(r, &s, 30, 3, err))) goto done;
    if ((st = tr_degrade_jpeg(s.cur, C, s.h, s.w, 30 + (int)tr_rng_int(r, 66), err))) goto done;

    /* second order */
    if (tr_rng_uniform(r) < 0.8) {
        ks = tr_kernel_random(r, 2, k, &kind);
        blur(&s, k, ks);
    }
    f = draw_scale(r, 0.3, 0.4, 1.2, 0.3);
    mode = (tr_resize_mode)tr_rng_int(r, 3);
    resize_to(&s, MB_MAX(1, (int)(h * f)), MB_MAX(1, (int)(w * f)), mode);
    if ((st = add_noise(r, &s, 25, 2.5, err))) goto done;
    bool sinc = tr_rng_uniform(r) < 0.8;
    if (sinc) tr_kernel_sinc(k, TR_KERNEL_MAX, uniform(r, M_PI / 3, M_PI));
    tr_resize_mode final_mode = (tr_resize_mode)tr_rng_int(r, 3);
    int q = 30 + (int)tr_rng_int(r, 66);
    bool jpeg_last = tr_rng_uniform(r) < 0.5;
    if (!jpeg_last && (st = tr_degrade_jpeg(s.cur, C, s.h, s.w, q, err))) goto done;
    resize_to(&s, h, w, final_mode);
    if (sinc) blur(&s, k, TR_KERNEL_MAX);
    if (jpeg_last && (st = tr_degrade_jpeg(s.cur, C, s.h, s.w, q, err))) goto done;

    /* 8-bit, as a file would hold it */
    for (size_t i = 0; i < (size_t)C * h * w; i++) {
        float v = s.cur[i] < 0 ? 0 : s.cur[i] > 1 ? 1 : s.cur[i];
        lr[i] = (float)lrintf(v * 255) * (1.0f / 255);
    }
done:
    mb_free(k);
    mb_free(s.cur);
    mb_free(s.tmp);
    return st;
}
