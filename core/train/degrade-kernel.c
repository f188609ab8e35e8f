/* degrade-kernel.c — the blur kernels of the degradation pipeline and their
 * 2-D filtering (see degrade.h). */
#include "degrade.h"

#include <math.h>
#include <string.h>

/* Inverse of S = R(theta) diag(sx^2, sy^2) R(theta)^T, as (a, b, c) for the
 * quadratic form a x^2 + 2 b x y + c y^2. */
static void inv_sigma(double sx, double sy, double theta, double *a, double *b, double *c) {
    double ct = cos(theta), st = sin(theta), vx = sx * sx, vy = sy * sy;
    double s11 = ct * ct * vx + st * st * vy, s22 = st * st * vx + ct * ct * vy,
           s12 = ct * st * (vx - vy);
    double det = s11 * s22 - s12 * s12;
    *a = s22 / det;
    *b = -s12 / det;
    *c = s11 / det;
}

static void normalise(double *k, int size) {
    double s = 0;
    for (int i = 0; i < size * size; i++) s += k[i];
    for (int i = 0; i < size * size; i++) k[i] /= s;
}

enum { SHAPE_GAUSS, SHAPE_GENERALIZED, SHAPE_PLATEAU };

/* k[y][x] = shape(q), q = [x y] S^-1 [x y]^T, x and y in -(size/2)..size/2 */
static void quad_kernel(double *k, int size, double sx, double sy, double theta, int shape,
                        double beta) {
    double a, b, c;
    inv_sigma(sx, sy, theta, &a, &b, &c);
    int h = size / 2;
    for (int y = -h; y <= h; y++)
        for (int x = -h; x <= h; x++) {
            double q = a * x * x + 2 * b * x * y + c * y * y, v;
            if (shape == SHAPE_GAUSS) v = exp(-0.5 * q);
            else if (shape == SHAPE_GENERALIZED) v = exp(-0.5 * pow(q, beta));
            else v = 1 / (pow(q, beta) + 1);
            k[(y + h) * size + x + h] = v;
        }
    normalise(k, size);
}

void tr_kernel_gaussian(double *k, int size, double sx, double sy, double theta) {
    quad_kernel(k, size, sx, sy, theta, SHAPE_GAUSS, 1);
}

void tr_kernel_generalized(double *k, int size, double sx, double sy, double theta, double beta) {
    quad_kernel(k, size, sx, sy, theta, SHAPE_GENERALIZED, beta);
}

void tr_kernel_plateau(double *k, int size, double sx, double sy, double theta, double beta) {
    quad_kernel(k, size, sx, sy, theta, SHAPE_PLATEAU, beta);
}

void tr_kernel_sinc(double *k, int size, double omega) {
    double c = (size - 1) / 2.0;
    for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++) {
            double r = hypot(x - c, y - c);
            k[y * size + x] = r == 0 ? omega * omega / (4 * M_PI) : omega * j1(omega * r) / (2 * M_PI * r);
        }
    normalise(k, size);
}

/* torch 'reflect' index, folded as often as needed */
static int reflect(int i, int n) {
    if (n == 1) return 0;
    int period = 2 * (n - 1);
    i %= period;
    if (i < 0) i += period;
    return i < n ? i : period - i;
}

/* Radius beyond which every tap is below 1e-9 of the largest: the small
 * Gaussians in a 21x21 frame need a few pixels only. */
static int effective_radius(const double *k, int ks) {
    int h = ks / 2;
    double mx = 0;
    for (int i = 0; i < ks * ks; i++) mx = fmax(mx, fabs(k[i]));
    for (int r = h; r > 0; r--) /* is the ring at distance r negligible? */
        for (int y = 0; y < ks; y++)
            for (int x = 0; x < ks; x++)
                if (MB_MAX(abs(y - h), abs(x - h)) == r && fabs(k[y * ks + x]) > 1e-9 * mx) return r;
    return 0;
}

void tr_filter2d(const float *in, int C, int H, int W, const double *k, int ks, float *out) {
    int h = ks / 2, r = effective_radius(k, ks);
    int PW = W + 2 * r, PH = H + 2 * r;
    float *pad = mb_malloc((size_t)PW * PH * sizeof *pad), kf[TR_KERNEL_MAX * TR_KERNEL_MAX];
    MB_ASSERT(ks <= TR_KERNEL_MAX);
    for (int dy = -r; dy <= r; dy++)
        for (int dx = -r; dx <= r; dx++)
            kf[(dy + r) * (2 * r + 1) + dx + r] = (float)k[(dy + h) * ks + dx + h];
    for (int c = 0; c < C; c++) {
        const float *p = in + (size_t)c * H * W;
        float *o = out + (size_t)c * H * W;
        if (!pad) { /* no memory for the padded copy: the same sums, reflecting each index */
            for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++) {
                    float sum = 0;
                    for (int dy = -r; dy <= r; dy++)
                        for (int dx = -r; dx <= r; dx++)
                            sum += kf[(dy + r) * (2 * r + 1) + dx + r] *
                                   p[(size_t)reflect(y + dy, H) * W + reflect(x + dx, W)];
                    o[(size_t)y * W + x] = sum;
                }
            continue;
        }
        for (int y = 0; y < PH; y++)
            for (int x = 0; x < PW; x++)
                pad[(size_t)y * PW + x] = p[(size_t)reflect(y - r, H) * W + reflect(x - r, W)];
        /* one tap at a time over a whole row: vectorises without reassociation;
         * float accumulation is ample for training data */
        for (int y = 0; y < H; y++) {
            float *orow = o + (size_t)y * W;
            for (int x = 0; x < W; x++) orow[x] = 0;
            for (int dy = 0; dy <= 2 * r; dy++) {
                const float *pr = pad + (size_t)(y + dy) * PW;
                for (int dx = 0; dx <= 2 * r; dx++) {
                    float kv = kf[dy * (2 * r + 1) + dx];
                    const float *q = pr + dx;
                    for (int x = 0; x < W; x++) orow[x] += kv * q[x];
                }
            }
        }
    }
    mb_free(pad);
}

static double uniform(tr_rng *r, double a, double b) { return a + (b - a) * tr_rng_uniform(r); }

/* Real-ESRGAN's settings for the two blurs */
static const double kind_prob[6] = {0.45, 0.25, 0.12, 0.03, 0.12, 0.03};

int tr_kernel_random(tr_rng *r, int stage, double *k, tr_kernel_kind *kind) {
    int size = 7 + 2 * (int)tr_rng_int(r, 8); /* 7, 9, ..., 21 */
    double smax = stage == 1 ? 3.0 : 1.5;
    if (tr_rng_uniform(r) < 0.1) {
        double omega = size < 13 ? uniform(r, M_PI / 3, M_PI) : uniform(r, M_PI / 5, M_PI);
        tr_kernel_sinc(k, size, omega);
        *kind = TR_KERNEL_SINC;
        return size;
    }
    double u = tr_rng_uniform(r), acc = 0;
    int kd = 5;
    for (int i = 0; i < 6; i++) {
        acc += kind_prob[i];
        if (u < acc) {
            kd = i;
            break;
        }
    }
    *kind = (tr_kernel_kind)kd;
    bool iso = kd % 2 == 0;
    double sx = uniform(r, 0.2, smax), sy = iso ? sx : uniform(r, 0.2, smax);
    double theta = iso ? 0 : uniform(r, -M_PI, M_PI);
    if (kd <= TR_KERNEL_ANISO) {
        tr_kernel_gaussian(k, size, sx, sy, theta);
    } else if (kd <= TR_KERNEL_GENERALIZED_ANISO) {
        double beta = tr_rng_uniform(r) < 0.5 ? uniform(r, 0.5, 1) : uniform(r, 1, 4);
        tr_kernel_generalized(k, size, sx, sy, theta, beta);
    } else {
        double beta = tr_rng_uniform(r) < 0.5 ? 1.0 : uniform(r, 1, 2);
        tr_kernel_plateau(k, size, sx, sy, theta, beta);
    }
    return size;
}
