/*
 * test-degrade.c — each step of the degradation pipeline (core/train/degrade*.c)
 * against a direct computation:
 *  - kernels: sum 1; Gaussian, generalised Gaussian and plateau values from
 *    the rotated-coordinate form exp(-(x'^2/sx^2 + y'^2/sy^2)/2) etc. (no
 *    matrix inverse); the sinc (jinc) against omega J1(omega r) / (2 pi r)
 *    with J1 from Bessel's integral; random kernels: odd sizes 7..21, kinds
 *    at Real-ESRGAN's frequencies;
 *  - filtering: against a loop with reflect padding folded by hand, on an
 *    image smaller than the kernel; a delta kernel is the identity;
 *  - resize: area = box mean, bilinear x1/2 = pair mean, bicubic x2 on a
 *    unit impulse = Keys a = -0.75 weights worked by hand;
 *  - noise: Poisson counts have mean and variance lambda on both sides of the
 *    method switch; Gaussian noise has sigma/255, gray noise is one field;
 *    Poisson image noise has variance v / levels * scale^2;
 *  - JPEG: the step equals a libjpeg encode/decode of the 8-bit image
 *    (core/image/jpeg.c, itself checked by image-jpeg) and is lossy;
 *  - the pipeline: LR size, 8-bit values, same seed same result, another
 *    seed another, far from the plain bicubic LR.
 */
#include "train/degrade.h"

#include "image/jpeg.h"
#include "image/resize.h"

#include "../test-util.h"

#include <math.h>

static double max_abs(const double *a, const double *b, int n) {
    double m = 0;
    for (int i = 0; i < n; i++) m = fmax(m, fabs(a[i] - b[i]));
    return m;
}

static double sum(const double *k, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) s += k[i];
    return s;
}

/* J1 from Bessel's integral (1/pi) int_0^pi cos(t - x sin t) dt; the
 * trapezoid rule on a periodic integrand converges geometrically (the power
 * series cancels catastrophically at the kernel's x up to 45) */
static double j1_integral(double x) {
    int n = 2000;
    double s = 0;
    for (int i = 0; i <= n; i++) {
        double t = M_PI * i / n, f = cos(t - x * sin(t));
        s += (i == 0 || i == n) ? f / 2 : f;
    }
    return s / n;
}

/* direct kernel: shape 0 Gaussian, 1 generalised, 2 plateau */
static void direct_kernel(double *k, int size, double sx, double sy, double th, int shape, double beta) {
    int h = size / 2;
    double s = 0;
    for (int y = -h; y <= h; y++)
        for (int x = -h; x <= h; x++) {
            double xr = cos(th) * x + sin(th) * y, yr = -sin(th) * x + cos(th) * y;
            double q = xr * xr / (sx * sx) + yr * yr / (sy * sy);
            double v = shape == 0 ? exp(-q / 2) : shape == 1 ? exp(-pow(q, beta) / 2) : 1 / (1 + pow(q, beta));
            s += k[(y + h) * size + x + h] = v;
        }
    for (int i = 0; i < size * size; i++) k[i] /= s;
}

static void test_kernels(void) {
    double k[441], d[441];
    const struct { int size; double sx, sy, th, beta; } cs[] = {
        {7, 0.2, 0.2, 0, 0.5}, {11, 1.3, 0.6, 0.7, 2.5}, {21, 3.0, 1.1, -2.4, 4}, {15, 2.2, 2.2, 0, 1}};
    for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
        int n = cs[i].size * cs[i].size;
        tr_kernel_gaussian(k, cs[i].size, cs[i].sx, cs[i].sy, cs[i].th);
        direct_kernel(d, cs[i].size, cs[i].sx, cs[i].sy, cs[i].th, 0, 1);
        CHECK(fabs(sum(k, n) - 1) < 1e-12 && max_abs(k, d, n) < 1e-13, "Gaussian %d: sum %.15f, max |d| %.3g",
              cs[i].size, sum(k, n), max_abs(k, d, n));
        tr_kernel_generalized(k, cs[i].size, cs[i].sx, cs[i].sy, cs[i].th, cs[i].beta);
        direct_kernel(d, cs[i].size, cs[i].sx, cs[i].sy, cs[i].th, 1, cs[i].beta);
        CHECK(fabs(sum(k, n) - 1) < 1e-12 && max_abs(k, d, n) < 1e-13, "generalised %d beta %g: max |d| %.3g",
              cs[i].size, cs[i].beta, max_abs(k, d, n));
        tr_kernel_plateau(k, cs[i].size, cs[i].sx, cs[i].sy, cs[i].th, cs[i].beta);
        direct_kernel(d, cs[i].size, cs[i].sx, cs[i].sy, cs[i].th, 2, cs[i].beta);
        CHECK(fabs(sum(k, n) - 1) < 1e-12 && max_abs(k, d, n) < 1e-13, "plateau %d beta %g: max |d| %.3g",
              cs[i].size, cs[i].beta, max_abs(k, d, n));
    }
    /* generalised with beta 1 is the Gaussian */
    tr_kernel_generalized(k, 9, 1.1, 0.7, 0.3, 1);
    tr_kernel_gaussian(d, 9, 1.1, 0.7, 0.3);
    CHECK(max_abs(k, d, 81) < 1e-15, "generalised beta 1 != Gaussian");
    /* sinc: jinc values */
    const double omegas[] = {M_PI / 5, M_PI / 3, 2.0, M_PI};
    const int sizes[] = {7, 13, 21, 21};
    double worst = 0;
    for (int i = 0; i < 4; i++) {
        int size = sizes[i], n = size * size;
        double om = omegas[i], c = (size - 1) / 2.0, s = 0;
        tr_kernel_sinc(k, size, om);
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) {
                double r = hypot(x - c, y - c);
                s += d[y * size + x] = r == 0 ? om * om / (4 * M_PI) : om * j1_integral(om * r) / (2 * M_PI * r);
            }
        for (int j = 0; j < n; j++) d[j] /= s;
        CHECK(fabs(sum(k, n) - 1) < 1e-12, "sinc sum %.15f", sum(k, n));
        worst = fmax(worst, max_abs(k, d, n));
    }
    CHECK(worst < 1e-12, "sinc vs J1 by Bessel's integral: max |d| %.3g", worst);
    printf("kernels: Gaussian, generalised, plateau vs direct, sinc vs Bessel's integral (max |d| %.2g), sums 1\n", worst);

    /* random kernels: odd sizes, sum 1, kinds at Real-ESRGAN's frequencies */
    tr_rng r;
    tr_rng_seed(&r, 11);
    int count[TR_KERNEL_KIND_COUNT] = {0}, N = 20000;
    bool sizes_ok = true, sums_ok = true;
    for (int i = 0; i < N; i++) {
        tr_kernel_kind kind;
        int size = tr_kernel_random(&r, 1 + i % 2, k, &kind);
        sizes_ok &= size >= 7 && size <= 21 && size % 2 == 1;
        sums_ok &= fabs(sum(k, size * size) - 1) < 1e-12;
        count[kind]++;
    }
    const double want[TR_KERNEL_KIND_COUNT] = {0.9 * 0.45, 0.9 * 0.25, 0.9 * 0.12, 0.9 * 0.03,
                                               0.9 * 0.12, 0.9 * 0.03, 0.1};
    for (int i = 0; i < TR_KERNEL_KIND_COUNT; i++) {
        double f = count[i] / (double)N, sd = sqrt(want[i] * (1 - want[i]) / N);
        CHECK(fabs(f - want[i]) < 5 * sd, "kernel kind %d: frequency %.4f, expected %.4f", i, f, want[i]);
    }
    CHECK(sizes_ok && sums_ok, "random kernels: sizes ok %d, sums ok %d", sizes_ok, sums_ok);
}

static int fold(int i, int n) {
    while (i < 0 || i >= n) {
        if (i < 0) i = -i;
        if (i >= n) i = 2 * (n - 1) - i;
    }
    return i;
}

static void test_filter(void) {
    enum { C = 2, H = 5, W = 4, KS = 9 };
    float in[C * H * W], out[C * H * W];
    double k[KS * KS];
    tr_rng r;
    tr_rng_seed(&r, 3);
    for (int i = 0; i < C * H * W; i++) in[i] = (float)tr_rng_uniform(&r);
    for (int i = 0; i < KS * KS; i++) k[i] = tr_rng_uniform(&r);
    tr_filter2d(in, C, H, W, k, KS, out);
    double worst = 0;
    for (int c = 0; c < C; c++)
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                double s = 0;
                for (int i = 0; i < KS; i++)
                    for (int j = 0; j < KS; j++)
                        s += k[i * KS + j] * in[(c * H + fold(y + i - KS / 2, H)) * W + fold(x + j - KS / 2, W)];
                worst = fmax(worst, fabs(s - out[(c * H + y) * W + x]));
            }
    CHECK(worst < 1e-5, "filter2d vs direct with folded reflect: max |d| %.3g", worst);
    /* a larger image (the fast interior path) and a delta kernel */
    enum { H2 = 30, W2 = 27 };
    static float a[H2 * W2], b[H2 * W2];
    for (int i = 0; i < H2 * W2; i++) a[i] = (float)tr_rng_uniform(&r);
    memset(k, 0, sizeof k);
    k[(KS / 2) * KS + KS / 2] = 1;
    tr_filter2d(a, 1, H2, W2, k, KS, b);
    CHECK(!memcmp(a, b, sizeof a), "delta kernel is not the identity");
    for (int i = 0; i < KS * KS; i++) k[i] = tr_rng_uniform(&r);
    tr_filter2d(a, 1, H2, W2, k, KS, b);
    double w2 = 0;
    for (int y = 0; y < H2; y++)
        for (int x = 0; x < W2; x++) {
            double s = 0;
            for (int i = 0; i < KS; i++)
                for (int j = 0; j < KS; j++) s += k[i * KS + j] * a[fold(y + i - KS / 2, H2) * W2 + fold(x + j - KS / 2, W2)];
            w2 = fmax(w2, fabs(s - b[y * W2 + x]));
        }
    CHECK(w2 < 1e-4, "filter2d 30x27: max |d| %.3g", w2);
    /* without memory for the padded copy: the same result, reflecting each index */
    static float b2[H2 * W2];
    mb_alloc_fail_after(1);
    tr_filter2d(a, 1, H2, W2, k, KS, b2);
    mb_alloc_fail_after(0);
    double w3 = 0;
    for (int i = 0; i < H2 * W2; i++) w3 = fmax(w3, fabs(b2[i] - b[i]));
    CHECK(w3 < 1e-5, "filter2d without its buffer: max |d| %.3g", w3);
    printf("filter2d: vs direct (reflect folded by hand) max |d| %.2g, %.2g; delta = identity\n", worst, w2);
}

static void test_resize(void) {
    enum { H = 6, W = 8 };
    float in[H * W], out[H * W * 4];
    for (int i = 0; i < H * W; i++) in[i] = (float)((i * 37) % 11) / 10;
    tr_resize(in, 1, H, W, out, H / 2, W / 2, TR_RESIZE_AREA);
    double worst = 0;
    for (int y = 0; y < H / 2; y++)
        for (int x = 0; x < W / 2; x++) {
            double box = (in[2 * y * W + 2 * x] + in[2 * y * W + 2 * x + 1] + in[(2 * y + 1) * W + 2 * x] +
                          in[(2 * y + 1) * W + 2 * x + 1]) / 4;
            worst = fmax(worst, fabs(box - out[y * (W / 2) + x]));
        }
    tr_resize(in, 1, H, W, out, H / 2, W / 2, TR_RESIZE_BILINEAR);
    for (int y = 0; y < H / 2; y++)
        for (int x = 0; x < W / 2; x++) {
            double box = (in[2 * y * W + 2 * x] + in[2 * y * W + 2 * x + 1] + in[(2 * y + 1) * W + 2 * x] +
                          in[(2 * y + 1) * W + 2 * x + 1]) / 4;
            worst = fmax(worst, fabs(box - out[y * (W / 2) + x]));
        }
    CHECK(worst < 1e-6, "area / bilinear x1/2 vs 2x2 means: max |d| %.3g", worst);
    /* area over a non-integer ratio: 3 -> 2 averages {0, 1} and {1, 2} */
    float t3[3] = {0.f, 0.3f, 0.9f}, t2[2];
    tr_resize(t3, 1, 1, 3, t2, 1, 2, TR_RESIZE_AREA);
    CHECK(fabs(t2[0] - 0.15f) < 1e-6 && fabs(t2[1] - 0.6f) < 1e-6, "area 3->2: %g %g", t2[0], t2[1]);
    /* bicubic x2 of a unit impulse at 2 of 5: Keys a = -0.75 weights for
     * t = 0.75 and 0.25 are (-0.03515625, 0.26171875, 0.87890625, -0.10546875) */
    float imp[5] = {0, 0, 1, 0, 0}, up[10];
    tr_resize(imp, 1, 1, 5, up, 1, 10, TR_RESIZE_BICUBIC);
    const float want[10] = {0, -0.03515625f, -0.10546875f, 0.26171875f, 0.87890625f, 0.87890625f,
                            0.26171875f, -0.10546875f, -0.03515625f, 0};
    for (int i = 0; i < 10; i++) CHECK(fabs(up[i] - want[i]) < 1e-7, "bicubic x2 [%d] %.8f, by hand %.8f", i, up[i], want[i]);
    printf("resize: area and bilinear = box means (max |d| %.2g), bicubic = Keys -0.75 by hand\n", worst);
}

static void test_noise(void) {
    tr_rng r;
    tr_rng_seed(&r, 5);
    const double lams[] = {0.5, 3, 9.99, 10, 40, 1000, 30000};
    for (int i = 0; i < 7; i++) {
        int N = 40000;
        double m = 0, m2 = 0;
        for (int j = 0; j < N; j++) {
            double k = (double)tr_rng_poisson(&r, lams[i]);
            m += k;
            m2 += k * k;
        }
        m /= N;
        double var = m2 / N - m * m, l = lams[i];
        CHECK(fabs(m - l) < 5 * sqrt(l / N) && fabs(var / l - 1) < 0.05,
              "Poisson lambda %g: mean %.4f, variance %.4f", l, m, var);
        printf("Poisson lambda %-7g mean %-12.4f variance %.4f\n", l, m, var);
    }
    /* Gaussian noise on mid-gray */
    enum { N = 3 * 20000 };
    static float x[N];
    for (int g = 0; g < 2; g++) {
        for (int i = 0; i < N; i++) x[i] = 0.5f;
        tr_noise_gaussian(&r, x, 3, N / 3, 10, g);
        double s2 = 0;
        for (int i = 0; i < N; i++) s2 += (x[i] - 0.5) * (x[i] - 0.5);
        double sd = sqrt(s2 / N) * 255;
        bool same = true;
        for (int i = 0; i < N / 3; i++) same &= x[i] == x[N / 3 + i] && x[i] == x[2 * N / 3 + i];
        CHECK(fabs(sd - 10) < 0.3 && same == (bool)g, "Gaussian sigma 10 gray %d: sd %.3f, channels equal %d", g, sd, same);
    }
    /* Poisson image noise: 256 distinct values in 0.25..0.75 -> 256 levels */
    double ev = 0;
    for (int i = 0; i < N; i++) ev += x[i] = 0.25f + 0.5f * (float)(i % 256) / 255;
    ev /= N;
    static float y[N];
    memcpy(y, x, sizeof x);
    mambair_error err;
    CHECK(tr_noise_poisson(&r, y, 3, N / 3, 2.0, false, &err) == MAMBAIR_OK, "%s", err.message);
    double s2 = 0, mean = 0;
    for (int i = 0; i < N; i++) s2 += (y[i] - x[i]) * (y[i] - x[i]), mean += y[i] - x[i];
    double want = ev / 256 * 4;
    CHECK(fabs(s2 / N / want - 1) < 0.05 && fabs(mean / N) < 0.002, "Poisson image noise: variance %.6f, expected %.6f, mean %.5f",
          s2 / N, want, mean / N);
    printf("noise: Gaussian sigma 10 -> sd ok; Poisson image noise variance %.6f (expected %.6f)\n", s2 / N, want);
}

static void test_jpeg_step(void) {
    enum { C = 3, H = 24, W = 40 };
    float x[C * H * W];
    uint8_t px[C * H * W];
    tr_rng r;
    tr_rng_seed(&r, 8);
    for (int i = 0; i < H * W; i++)
        for (int c = 0; c < C; c++) {
            double v = 0.5 + 0.3 * sin(i * 0.37 + c) + 0.1 * tr_rng_uniform(&r);
            x[c * H * W + i] = (float)v;
            px[i * C + c] = (uint8_t)lrint(v * 255);
        }
    float orig[C * H * W];
    memcpy(orig, x, sizeof x);
    mambair_error err;
    CHECK(tr_degrade_jpeg(x, C, H, W, 30, &err) == MAMBAIR_OK, "%s", err.message);
    CHECK(mb_jpeg_roundtrip_u8(px, W, H, C, 30, px, &err) == MAMBAIR_OK, "%s", err.message);
    int same = 0;
    double diff = 0;
    for (int i = 0; i < H * W; i++)
        for (int c = 0; c < C; c++) {
            same += lrintf(x[c * H * W + i] * 255) == px[i * C + c];
            diff += fabs(x[c * H * W + i] - orig[c * H * W + i]);
        }
    CHECK(same == C * H * W, "JPEG step vs libjpeg roundtrip: %d of %d equal", same, C * H * W);
    CHECK(diff / (C * H * W) * 255 > 2, "JPEG q30 barely changed the image (%.2f)", diff / (C * H * W) * 255);
    printf("JPEG step = libjpeg encode/decode at q30 (mean change %.2f of 255)\n", diff / (C * H * W) * 255);
}

static void test_pipeline(void) {
    enum { C = 3, S = 2, H = 48, W = 40 };
    static float hr[C * H * W], a[C * H * W], b[C * H * W];
    static uint8_t hr8[H * W * C], bic8[H * W * C];
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            for (int c = 0; c < C; c++) {
                double v = 0.5 + 0.35 * sin(x * 0.4 + c) * cos(y * 0.3);
                hr8[(y * W + x) * C + c] = (uint8_t)lrint(v * 255);
                hr[(c * H + y) * W + x] = hr8[(y * W + x) * C + c] / 255.0f;
            }
    mambair_error err;
    mb_resize_bicubic_u8(hr8, C, H, W, 1.0 / S, bic8, &err);
    int runs = 40, repeat_ok = 0, grid_ok = 0, differ = 0;
    double far = 0;
    for (int i = 0; i < runs; i++) {
        tr_rng r1, r2;
        tr_rng_seed(&r1, 100 + i);
        tr_rng_seed(&r2, 100 + i);
        if (tr_degrade_run(&r1, hr, C, H, W, S, a, &err) || tr_degrade_run(&r2, hr, C, H, W, S, b, &err)) {
            CHECK(0, "pipeline: %s", err.message);
            return;
        }
        int n = C * (H / S) * (W / S);
        repeat_ok += !memcmp(a, b, sizeof(float) * n);
        bool g = true;
        double d = 0;
        for (int j = 0; j < n; j++) {
            g &= a[j] >= 0 && a[j] <= 1 && fabsf(a[j] * 255 - rintf(a[j] * 255)) < 1e-4f;
            int c = j / ((H / S) * (W / S)), p = j % ((H / S) * (W / S));
            d += fabs(a[j] * 255 - bic8[p * C + c]);
        }
        grid_ok += g;
        far += d / n / runs;
        if (i) {
            tr_rng r3;
            tr_rng_seed(&r3, 100 + i - 1);
            tr_degrade_run(&r3, hr, C, H, W, S, b, &err);
            differ += memcmp(a, b, sizeof(float) * n) != 0;
        }
    }
    CHECK(repeat_ok == runs && grid_ok == runs && differ == runs - 1,
          "pipeline: %d of %d repeat, %d on 8 bits, %d of %d differ between seeds", repeat_ok, runs, grid_ok,
          differ, runs - 1);
    CHECK(far > 3, "pipeline output is close to the bicubic LR (mean |d| %.2f of 255)", far);
    printf("pipeline: %d seeds reproducible, 8-bit, distinct; mean |LR - bicubic LR| %.2f of 255\n", runs, far);
}

int main(void) {
    test_kernels();
    test_filter();
    test_resize();
    test_noise();
    test_jpeg_step();
    test_pipeline();
    if (g_failures) fprintf(stderr, "%d failure(s)\n", g_failures);
    else printf("degradations: every step matches its direct computation\n");
    return g_failures ? 1 : 0;
}
