/* data.c — training and validation pairs (see data.h). */
#include "data.h"

#include "degrade.h"

#include "image/jpeg.h"
#include "image/resize.h"
#include "thread/pool.h"

#include <math.h>
#include <string.h>

void tr_data_init(tr_data *d, int scale, int channels, double sigma_min, double sigma_max) {
    memset(d, 0, sizeof *d);
    d->scale = scale;
    d->channels = channels;
    d->sigma_min = sigma_min;
    d->sigma_max = sigma_max;
}

void tr_data_set_jpeg(tr_data *d, int qmin, int qmax) {
    MB_ASSERT(d->scale == 1 && qmin >= 1 && qmin <= qmax && qmax <= 100);
    d->jpeg_qmin = qmin;
    d->jpeg_qmax = qmax;
}

void tr_data_set_degrade(tr_data *d) {
    MB_ASSERT(d->count == 0);
    d->degrade = true;
}

/* Side of the coded region around a JPEG crop: the crop plus an offset of up
 * to 7, rounded up to whole 16-pixel MCUs (4:2:0), so the encoder pads no
 * block inside the crop. */
static int jpeg_region(int patch) { return (patch + 7 + 15) / 16 * 16; }

int tr_data_min_side(const tr_data *d, int patch) {
    return d->jpeg_qmax ? jpeg_region(patch) : patch * d->scale;
}

void tr_data_free(tr_data *d) {
    for (int i = 0; i < d->count; i++) {
        mb_free(d->hr[i].px);
        if (d->lr) mb_free(d->lr[i].px);
    }
    mb_free(d->hr);
    mb_free(d->lr);
    memset(d, 0, sizeof *d);
}

mambair_status tr_data_add(tr_data *d, const uint8_t *px, int width, int height, int channels,
                           int min_hr, int *added, mambair_error *err) {
    *added = 0;
    int s = d->scale, C = d->channels;
    if ((channels != 1 && channels != 3) || width < 1 || height < 1)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "image %dx%d with %d channels",
                            width, height, channels);
    int w = width / s * s, h = height / s * s; /* modcrop */
    if (w < min_hr || h < min_hr) return MAMBAIR_OK;
    size_t n;
    if (!mb_mul_size((size_t)w * h, (size_t)C, &n))
        return mb_error_set(err, MAMBAIR_ERR_LIMIT, "image %dx%d too large", width, height);
    tr_image *nh = mb_realloc(d->hr, (size_t)(d->count + 1) * sizeof *nh);
    if (!nh) return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "training images");
    d->hr = nh;
    bool keep_lr = s > 1 && !d->degrade;
    if (keep_lr) {
        tr_image *nl = mb_realloc(d->lr, (size_t)(d->count + 1) * sizeof *nl);
        if (!nl) return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "training images");
        d->lr = nl;
    }
    uint8_t *hr = mb_malloc(n);
    if (!hr) return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "training image %dx%d", w, h);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            const uint8_t *sp = px + ((size_t)y * width + x) * channels;
            uint8_t *dp = hr + ((size_t)y * w + x) * C;
            if (C == channels) {
                memcpy(dp, sp, (size_t)C);
            } else if (C == 3) {
                dp[0] = dp[1] = dp[2] = sp[0];
            } else {
                /* BasicSR bgr2ycbcr(y_only) on 0..255, rounded */
                double yv = 16 + (65.481 * sp[0] + 128.553 * sp[1] + 24.966 * sp[2]) / 255;
                dp[0] = (uint8_t)lrint(yv < 0 ? 0 : yv > 255 ? 255 : yv);
            }
        }
    tr_image *hi = &d->hr[d->count];
    hi->width = w;
    hi->height = h;
    hi->channels = C;
    hi->px = hr;
    if (keep_lr) {
        int lw = w / s, lh = h / s;
        uint8_t *lr = mb_malloc((size_t)lw * lh * C);
        if (!lr) {
            mb_free(hr);
            return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "training image %dx%d", w, h);
        }
        mambair_status st = mb_resize_bicubic_u8(hr, C, h, w, 1.0 / s, lr, err);
        if (st) {
            mb_free(hr);
            mb_free(lr);
            return st;
        }
        tr_image *li = &d->lr[d->count];
        li->width = lw;
        li->height = lh;
        li->channels = C;
        li->px = lr;
    }
    d->count++;
    d->pixels += (int64_t)w * h;
    *added = 1;
    return MAMBAIR_OK;
}

/* Copy a p x p crop at (x0, y0) of img, augmented, into planar out {C,p,p}.
 * Augmentation maps output (y, x) to source (sy, sx). */
static void crop_aug(const tr_image *img, int x0, int y0, int p, int hf, int vf, int tr,
                     float *out) {
    int C = img->channels;
    for (int y = 0; y < p; y++)
        for (int x = 0; x < p; x++) {
            int sy = y, sx = x;
            if (tr) {
                int t = sy;
                sy = sx;
                sx = t;
            }
            if (vf) sy = p - 1 - sy;
            if (hf) sx = p - 1 - sx;
            const uint8_t *s = img->px + ((size_t)(y0 + sy) * img->width + x0 + sx) * C;
            for (int c = 0; c < C; c++) out[((size_t)c * p + y) * p + x] = s[c] * (1.0f / 255);
        }
}

/* The LR of the HR region at (hx0, hy0), hw x hh (multiples of s), made
 * from that region alone: hbuf holds the region (hw*hh*C), lbuf its LR
 * (hw/s * hh/s * C); *lr describes lbuf. */
static mambair_status lr_of_crop(const tr_image *hr, int hx0, int hy0, int hw, int hh, int s,
                                 uint8_t *hbuf, uint8_t *lbuf, tr_image *lr, mambair_error *err) {
    int C = hr->channels;
    for (int y = 0; y < hh; y++)
        memcpy(hbuf + (size_t)y * hw * C, hr->px + ((size_t)(hy0 + y) * hr->width + hx0) * C,
               (size_t)hw * C);
    *lr = (tr_image){.width = hw / s, .height = hh / s, .channels = C, .px = lbuf};
    return mb_resize_bicubic_u8(hbuf, C, hh, hw, 1.0 / s, lbuf, err);
}

static void add_noise(tr_rng *rng, double sigma, const float *clean, float *noisy, size_t n) {
    double sd = sigma / 255;
    for (size_t i = 0; i < n; i++) noisy[i] = (float)(clean[i] + sd * tr_rng_normal(rng));
}

/* the same noise in each of the C planes of n / C pixels */
static void add_gray_noise(tr_rng *rng, double sigma, const float *clean, float *noisy, size_t n, int C) {
    double sd = sigma / 255;
    size_t plane = n / (size_t)C;
    for (size_t i = 0; i < plane; i++) {
        double e = sd * tr_rng_normal(rng);
        for (int c = 0; c < C; c++) noisy[c * plane + i] = (float)(clean[c * plane + i] + e);
    }
}

/* One JPEG sample: a region R x R of image i at (rx, ry) coded at quality q;
 * the crop starts at (ox, oy) inside it. */
static mambair_status jpeg_sample(const tr_data *d, tr_rng *rng, int patch, uint8_t *clean,
                                  uint8_t *coded, float *in, float *target, mambair_error *err) {
    int C = d->channels, R = jpeg_region(patch);
    const tr_image *img = &d->hr[tr_rng_int(rng, d->count)];
    MB_ASSERT(img->width >= R && img->height >= R); /* added with tr_data_min_side() */
    int rx = (int)tr_rng_int(rng, img->width - R + 1), ry = (int)tr_rng_int(rng, img->height - R + 1);
    int hf = tr_rng_uniform(rng) < 0.5, vf = tr_rng_uniform(rng) < 0.5,
        tp = tr_rng_uniform(rng) < 0.5;
    int q = d->jpeg_qmin + (int)tr_rng_int(rng, d->jpeg_qmax - d->jpeg_qmin + 1);
    int aligned = tr_rng_uniform(rng) < 0.5;
    int ox = aligned ? 0 : (int)tr_rng_int(rng, 8), oy = aligned ? 0 : (int)tr_rng_int(rng, 8);
    for (int y = 0; y < R; y++)
        memcpy(clean + (size_t)y * R * C, img->px + ((size_t)(ry + y) * img->width + rx) * C,
               (size_t)R * C);
    mambair_status st = mb_jpeg_roundtrip_u8(clean, R, R, C, q, coded, err);
    if (st) return st;
    tr_image a = {R, R, C, clean}, b = {R, R, C, coded};
    crop_aug(&a, ox, oy, patch, hf, vf, tp, target);
    crop_aug(&b, ox, oy, patch, hf, vf, tp, in);
    return MAMBAIR_OK;
}

/* The crops of a batch degraded in parallel, each from its own seed. */
typedef struct degrade_job {
    const float *target;
    float *in;
    const uint64_t *seed;
    mambair_status *st;
    mambair_error *err;
    int C, hp, s;
} degrade_job;

static void degrade_range(void *ctx, int64_t b0, int64_t b1) {
    const degrade_job *j = ctx;
    size_t nt = (size_t)j->C * j->hp * j->hp, nin = nt / ((size_t)j->s * j->s);
    for (int64_t b = b0; b < b1; b++) {
        tr_rng r;
        tr_rng_seed(&r, j->seed[b]);
        j->st[b] = tr_degrade_run(&r, j->target + b * nt, j->C, j->hp, j->hp, j->s, j->in + b * nin,
                                  &j->err[b]);
    }
}

static mambair_status degrade_sample(const tr_data *d, tr_rng *rng, int B, int patch, float *in,
                                     float *target, mambair_error *err) {
    int s = d->scale, C = d->channels, hp = patch * s;
    size_t nt = (size_t)C * hp * hp;
    uint64_t *seed = mb_malloc((size_t)B * sizeof *seed);
    mambair_status *st = mb_malloc((size_t)B * sizeof *st);
    mambair_error *errs = mb_malloc((size_t)B * sizeof *errs);
    mambair_status res = MAMBAIR_OK;
    if (!seed || !st || !errs) {
        res = mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "degraded training crops");
        goto done;
    }
    for (int b = 0; b < B; b++) {
        const tr_image *hr = &d->hr[tr_rng_int(rng, d->count)];
        int lw = hr->width / s, lh = hr->height / s;
        int x0 = (int)tr_rng_int(rng, lw - patch + 1), y0 = (int)tr_rng_int(rng, lh - patch + 1);
        int hf = tr_rng_uniform(rng) < 0.5, vf = tr_rng_uniform(rng) < 0.5,
            tp = tr_rng_uniform(rng) < 0.5;
        if (d->border_frac > 0) { /* as the bicubic path */
            if (tr_rng_uniform(rng) < d->border_frac) x0 = tr_rng_uniform(rng) < 0.5 ? 0 : lw - patch;
            if (tr_rng_uniform(rng) < d->border_frac) y0 = tr_rng_uniform(rng) < 0.5 ? 0 : lh - patch;
        }
        crop_aug(hr, x0 * s, y0 * s, hp, hf, vf, tp, target + b * nt);
        seed[b] = tr_rng_next(rng);
    }
    degrade_job job = {target, in, seed, st, errs, C, hp, s};
    mb_pool_for(d->threads, B, degrade_range, &job);
    for (int b = 0; b < B && !res; b++)
        if (st[b]) {
            res = st[b];
            if (err) *err = errs[b];
        }
done:
    mb_free(seed);
    mb_free(st);
    mb_free(errs);
    return res;
}

mambair_status tr_data_sample(const tr_data *d, tr_rng *rng, int B, int patch, float *in,
                              float *target, mambair_error *err) {
    int s = d->scale, C = d->channels, hp = patch * s;
    size_t nin = (size_t)C * patch * patch, nt = (size_t)C * hp * hp;
    if (d->degrade) return degrade_sample(d, rng, B, patch, in, target, err);
    if (d->jpeg_qmax) {
        int R = jpeg_region(patch);
        uint8_t *buf = mb_malloc((size_t)2 * R * R * C);
        if (!buf) return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "JPEG training crops");
        mambair_status st = MAMBAIR_OK;
        for (int b = 0; b < B && !st; b++)
            st = jpeg_sample(d, rng, patch, buf, buf + (size_t)R * R * C, in + b * nin,
                             target + b * nt, err);
        mb_free(buf);
        return st;
    }
    uint8_t *hbuf = NULL, *lbuf = NULL;
    if (s > 1 && d->lr_from_crop) {
        hbuf = mb_malloc((size_t)hp * hp * C);
        lbuf = mb_malloc((size_t)patch * patch * C);
        if (!hbuf || !lbuf) {
            mb_free(hbuf);
            mb_free(lbuf);
            return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "training crops");
        }
    }
    mambair_status st = MAMBAIR_OK;
    for (int b = 0; b < B && !st; b++) {
        int i = (int)tr_rng_int(rng, d->count);
        const tr_image *hr = &d->hr[i];
        int lw = hr->width / s, lh = hr->height / s;
        int x0 = (int)tr_rng_int(rng, lw - patch + 1), y0 = (int)tr_rng_int(rng, lh - patch + 1);
        int hf = tr_rng_uniform(rng) < 0.5, vf = tr_rng_uniform(rng) < 0.5,
            tp = tr_rng_uniform(rng) < 0.5;
        /* drawn after the others so that runs without border crops keep
         * their random stream (and resume old checkpoints exactly) */
        if (d->border_frac > 0) {
            if (tr_rng_uniform(rng) < d->border_frac) x0 = tr_rng_uniform(rng) < 0.5 ? 0 : lw - patch;
            if (tr_rng_uniform(rng) < d->border_frac) y0 = tr_rng_uniform(rng) < 0.5 ? 0 : lh - patch;
        }
        crop_aug(hr, x0 * s, y0 * s, hp, hf, vf, tp, target + b * nt);
        if (s > 1 && d->lr_from_crop) {
            tr_image lr;
            st = lr_of_crop(hr, x0 * s, y0 * s, hp, hp, s, hbuf, lbuf, &lr, err);
            if (!st) crop_aug(&lr, 0, 0, patch, hf, vf, tp, in + b * nin);
        } else if (s > 1) {
            crop_aug(&d->lr[i], x0, y0, patch, hf, vf, tp, in + b * nin);
        } else {
            double sigma = d->sigma_min;
            if (d->sigma_max > d->sigma_min)
                sigma += tr_rng_uniform(rng) * (d->sigma_max - d->sigma_min);
            /* drawn only when asked for, so that runs without luminance
             * noise keep their random stream (and resume exactly) */
            if (d->gray_frac > 0 && d->channels > 1 && tr_rng_uniform(rng) < d->gray_frac)
                add_gray_noise(rng, sigma, target + b * nt, in + b * nin, nin, d->channels);
            else
                add_noise(rng, sigma, target + b * nt, in + b * nin, nin);
            /* drawn after the noise so that runs without clipping keep their
             * random stream (and resume old checkpoints exactly) */
            if (d->clip_frac > 0 && tr_rng_uniform(rng) < d->clip_frac)
                for (size_t k = 0; k < nin; k++)
                    in[b * nin + k] = in[b * nin + k] < 0 ? 0 : in[b * nin + k] > 1 ? 1 : in[b * nin + k];
        }
    }
    mb_free(hbuf);
    mb_free(lbuf);
    return st;
}

mambair_status tr_data_val_pair(const tr_data *d, int i, int patch, float *in, float *target,
                                int *w, int *h, mambair_error *err) {
    int s = d->scale;
    const tr_image *hr = &d->hr[i];
    int lw = hr->width / s, lh = hr->height / s;
    int pw = MB_MIN(patch, lw), ph = MB_MIN(patch, lh);
    int x0 = (lw - pw) / 2, y0 = (lh - ph) / 2, C = d->channels;
    /* non-square crops: copy without augmentation */
    const tr_image *src[2] = {hr, s > 1 && !d->degrade ? &d->lr[i] : NULL};
    int at[2] = {x0, y0}; /* where the LR crop starts in src[1] */
    tr_image own;         /* the crop's own LR (lr_from_crop) */
    uint8_t *hbuf = NULL, *lbuf = NULL;
    if (src[1] && d->lr_from_crop) {
        hbuf = mb_malloc((size_t)pw * s * ph * s * C);
        lbuf = mb_malloc((size_t)pw * ph * C);
        mambair_status st = !hbuf || !lbuf
                                ? mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "validation crop")
                                : lr_of_crop(hr, x0 * s, y0 * s, pw * s, ph * s, s, hbuf, lbuf, &own, err);
        if (st) {
            mb_free(hbuf);
            mb_free(lbuf);
            return st;
        }
        src[1] = &own, at[0] = at[1] = 0;
    }
    float *dst[2] = {target, in};
    for (int k = 0; k < 2; k++) {
        const tr_image *img = src[k];
        if (!img) continue;
        int m = k == 0 ? s : 1, cw = pw * m, ch = ph * m;
        int ox = k == 0 ? x0 * s : at[0], oy = k == 0 ? y0 * s : at[1];
        for (int y = 0; y < ch; y++)
            for (int x = 0; x < cw; x++) {
                const uint8_t *sp = img->px + ((size_t)(oy + y) * img->width + ox + x) * C;
                for (int c = 0; c < C; c++) dst[k][((size_t)c * ch + y) * cw + x] = sp[c] * (1.0f / 255);
            }
    }
    mb_free(hbuf);
    mb_free(lbuf);
    *w = pw;
    *h = ph;
    if (d->degrade) {
        tr_rng r;
        tr_rng_seed(&r, 0x5eed0000u + (uint64_t)i);
        return tr_degrade_run(&r, target, C, ph * s, pw * s, s, in, err);
    }
    if (s == 1 && d->jpeg_qmax) {
        size_t n = (size_t)pw * ph;
        uint8_t *px = mb_malloc(n * C);
        if (!px) return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "JPEG validation crop");
        for (int y = 0; y < ph; y++)
            memcpy(px + (size_t)y * pw * C, hr->px + ((size_t)(y0 + y) * hr->width + x0) * C,
                   (size_t)pw * C);
        int q = (d->jpeg_qmin + d->jpeg_qmax) / 2;
        mambair_status st = mb_jpeg_roundtrip_u8(px, pw, ph, C, q, px, err);
        if (!st)
            for (size_t j = 0; j < n; j++)
                for (int c = 0; c < C; c++) in[c * n + j] = px[j * C + c] * (1.0f / 255);
        mb_free(px);
        return st;
    }
    if (s == 1) {
        tr_rng r;
        tr_rng_seed(&r, 0x5eed0000u + (uint64_t)i);
        add_noise(&r, 0.5 * (d->sigma_min + d->sigma_max), target, in, (size_t)C * pw * ph);
    }
    return MAMBAIR_OK;
}
