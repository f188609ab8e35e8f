/*
 * resize.c — MATLAB imresize, method 'bicubic', antialiasing on.
 *
 * For each output index x (1-based) along an axis of length n:
 *   u = x / scale + 0.5 * (1 - 1 / scale)           (centre in input coordinates)
 *   width = 4 / scale when shrinking, 4 otherwise
 *   taps left = floor(u - width / 2) + k, k = 0 .. ceil(width) + 1
 *   weight = scale * cubic(scale * (u - tap)) when shrinking, cubic(u - tap) otherwise
 *   weights normalised to sum 1; taps outside 1..n mirror half-sample (edge repeated).
 * Weights are computed in double as MATLAB does; taps with a zero weight are
 * skipped (MATLAB and BasicSR drop those columns, which changes nothing else).
 */
#include "image/resize.h"

#include <math.h>
#include <string.h>

typedef struct resize_axis {
    int out_len, taps;
    int *index;     /* {out_len, taps} 0-based input index after mirroring */
    double *weight; /* {out_len, taps} */
} resize_axis;

static double cubic(double x) {
    double a = fabs(x), a2 = a * a, a3 = a2 * a;
    if (a <= 1.0) return 1.5 * a3 - 2.5 * a2 + 1.0;
    if (a <= 2.0) return -0.5 * a3 + 2.5 * a2 - 4.0 * a + 2.0;
    return 0.0;
}

int mb_resize_out_len(int n, double scale) {
    if (n < 1 || !(scale > 0.0) || !isfinite(scale)) return 0;
    double v = ceil((double)n * scale);
    if (v < 1.0 || v > 1 << 24) return 0;
    return (int)v;
}

static int mirror(long i, int n) {
    /* half-sample symmetric: ... 1 0 | 0 1 .. n-1 | n-1 n-2 ... (0-based) */
    long period = 2L * n;
    long m = i % period;
    if (m < 0) m += period;
    return (int)(m < n ? m : period - 1 - m);
}

static void axis_free(resize_axis *a) {
    mb_free(a->index);
    mb_free(a->weight);
    a->index = NULL;
    a->weight = NULL;
}

static mambair_status axis_build(int n, double scale, resize_axis *a, mambair_error *err) {
    memset(a, 0, sizeof *a);
    a->out_len = mb_resize_out_len(n, scale);
    if (a->out_len == 0)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "cannot resize %d pixels by %g", n, scale);
    bool shrink = scale < 1.0;
    double kw = shrink ? 4.0 / scale : 4.0;
    if (kw > 4096.0)
        return mb_error_set(err, MAMBAIR_ERR_LIMIT, "resize factor %g is too small", scale);
    a->taps = (int)ceil(kw) + 2;
    size_t cells = (size_t)a->out_len * (size_t)a->taps;
    a->index = mb_calloc(cells, sizeof *a->index);
    a->weight = mb_calloc(cells, sizeof *a->weight);
    if (!a->index || !a->weight) {
        axis_free(a);
        return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory resizing");
    }
    for (int x = 0; x < a->out_len; x++) {
        double u = (x + 1) / scale + 0.5 * (1.0 - 1.0 / scale);
        double left = floor(u - kw / 2.0);
        double *w = a->weight + (size_t)x * a->taps;
        int *ix = a->index + (size_t)x * a->taps;
        double sum = 0.0;
        for (int k = 0; k < a->taps; k++) {
            double tap = left + k; /* 1-based */
            w[k] = shrink ? scale * cubic(scale * (u - tap)) : cubic(u - tap);
            sum += w[k];
            ix[k] = mirror((long)tap - 1, n);
        }
        for (int k = 0; k < a->taps; k++) w[k] /= sum;
    }
    return MAMBAIR_OK;
}

/* Both axes of a 2-D resize; on failure nothing is left allocated. */
static mambair_status axes_build(int height, int width, double scale, resize_axis *ah,
                                 resize_axis *aw, mambair_error *err) {
    mambair_status st = axis_build(height, scale, ah, err);
    if (st != MAMBAIR_OK) return st;
    st = axis_build(width, scale, aw, err);
    if (st != MAMBAIR_OK) axis_free(ah);
    return st;
}

mambair_status mb_resize_bicubic_f32(const float *in, int channels, int height, int width,
                                     double scale, float *out, mambair_error *err) {
    if (!in || !out || channels < 1 || height < 1 || width < 1)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "resize: empty image");
    resize_axis ah, aw;
    mambair_status st = axes_build(height, width, scale, &ah, &aw, err);
    if (st != MAMBAIR_OK) return st;
    float *mid = mb_calloc((size_t)ah.out_len * (size_t)width, sizeof *mid); /* {OH, W} */
    if (!mid) {
        st = mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory resizing");
        goto done;
    }
    for (int c = 0; c < channels; c++) {
        const float *src = in + (size_t)c * height * width;
        float *dst = out + (size_t)c * ah.out_len * aw.out_len;
        for (int y = 0; y < ah.out_len; y++) /* H pass; float intermediate as BasicSR */
            for (int x = 0; x < width; x++) {
                double s = 0.0;
                for (int k = 0; k < ah.taps; k++) {
                    double wk = ah.weight[(size_t)y * ah.taps + k];
                    if (wk != 0.0) s += wk * src[(size_t)ah.index[(size_t)y * ah.taps + k] * width + x];
                }
                mid[(size_t)y * width + x] = (float)s;
            }
        for (int y = 0; y < ah.out_len; y++)
            for (int x = 0; x < aw.out_len; x++) {
                double s = 0.0;
                for (int k = 0; k < aw.taps; k++) {
                    double wk = aw.weight[(size_t)x * aw.taps + k];
                    if (wk != 0.0) s += wk * mid[(size_t)y * width + aw.index[(size_t)x * aw.taps + k]];
                }
                dst[(size_t)y * aw.out_len + x] = (float)s;
            }
    }
done:
    mb_free(mid);
    axis_free(&ah);
    axis_free(&aw);
    return st;
}

static uint8_t round_u8(double v) {
    /* MATLAB's double -> uint8: round half away from zero, saturate */
    if (!(v > 0.0)) return 0;
    if (v >= 255.0) return 255;
    return (uint8_t)floor(v + 0.5);
}

mambair_status mb_resize_bicubic_u8(const uint8_t *in, int channels, int height, int width,
                                    double scale, uint8_t *out, mambair_error *err) {
    if (!in || !out || channels < 1 || height < 1 || width < 1)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "resize: empty image");
    resize_axis ah, aw;
    mambair_status st = axes_build(height, width, scale, &ah, &aw, err);
    if (st != MAMBAIR_OK) return st;
    size_t row = (size_t)width * channels;
    uint8_t *mid = mb_malloc((size_t)ah.out_len * row); /* {OH, W, C} */
    if (!mid) {
        st = mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory resizing");
        goto done;
    }
    for (int y = 0; y < ah.out_len; y++)
        for (size_t xc = 0; xc < row; xc++) {
            double s = 0.0;
            for (int k = 0; k < ah.taps; k++) {
                double wk = ah.weight[(size_t)y * ah.taps + k];
                if (wk != 0.0) s += wk * in[(size_t)ah.index[(size_t)y * ah.taps + k] * row + xc];
            }
            mid[(size_t)y * row + xc] = round_u8(s);
        }
    for (int y = 0; y < ah.out_len; y++)
        for (int x = 0; x < aw.out_len; x++)
            for (int c = 0; c < channels; c++) {
                double s = 0.0;
                for (int k = 0; k < aw.taps; k++) {
                    double wk = aw.weight[(size_t)x * aw.taps + k];
                    if (wk != 0.0)
                        s += wk * mid[(size_t)y * row + (size_t)aw.index[(size_t)x * aw.taps + k] * channels + c];
                }
                out[((size_t)y * aw.out_len + x) * channels + c] = round_u8(s);
            }
done:
    mb_free(mid);
    axis_free(&ah);
    axis_free(&aw);
    return st;
}
