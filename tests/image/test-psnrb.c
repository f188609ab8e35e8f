/* test-psnrb.c — PSNR-B (core/image/psnrb.c) against
 *  1. a case worked by hand: 16x16, left half a, right half b, reference all
 *     a: MSE = d^2/2, one boundary column with difference d on 16 rows,
 *     N_B = 16 + 16, so BEF = log2(8)/log2(16) * 16 d^2 / 32 = 3 d^2 / 8 and
 *     PSNR-B = 10 log10(8 / (7 d^2)), d = (b - a) / 255;
 *  2. a direct computation written from Yim & Bovik's definition (boundary
 *     pairs listed by position, non-boundary = all pairs minus those, counts
 *     of pairs actually summed), on sizes that are multiples of 8 (where the
 *     published code's counts are the true ones), RGB and gray;
 *  3. on other sizes, the same direct sums divided by the published code's
 *     N_B = H (W/8 - 1) + W (H/8 - 1) (see psnrb.h);
 *  4. Y: the direct computation on Y = 16 + (65.481 R + 128.553 G +
 *     24.966 B) / 255 in double (the float32 chain differs by < 1e-4 dB). */
#include "image-test.h"
#include "image/psnrb.h"

#include <math.h>

/* direct PSNR-B of one plane, 0..255 doubles; true_counts: the number of
 * boundary pairs is counted while listing them */
static double direct_plane(const double *x, const double *r, int W, int H, bool true_counts) {
    double mse = 0;
    for (int i = 0; i < W * H; i++) mse += ((x[i] - r[i]) / 255) * ((x[i] - r[i]) / 255);
    mse /= W * H;
    double all = 0, bound = 0;
    long nb = 0;
    for (int i = 0; i < H; i++)
        for (int j = 0; j < W; j++) {
            double v = x[i * W + j] / 255;
            if (j + 1 < W) all += pow(v - x[i * W + j + 1] / 255, 2);
            if (i + 1 < H) all += pow(v - x[(i + 1) * W + j] / 255, 2);
        }
    for (int j = 7; j + 1 < W; j += 8) /* boundary columns: between j and j+1 */
        for (int i = 0; i < H; i++, nb++) bound += pow((x[i * W + j] - x[i * W + j + 1]) / 255, 2);
    for (int i = 7; i + 1 < H; i += 8)
        for (int j = 0; j < W; j++, nb++) bound += pow((x[i * W + j] - x[(i + 1) * W + j]) / 255, 2);
    long npairs = (long)H * (W - 1) + (long)W * (H - 1);
    if (!true_counts) nb = (long)H * (W / 8 - 1) + (long)W * (H / 8 - 1);
    double db = bound / nb, dbc = (all - bound) / (npairs - nb);
    double bef = db > dbc ? 3.0 / log2(W < H ? W : H) * (db - dbc) : 0;
    return 10 * log10(1 / (mse + bef));
}

static double direct(const uint8_t *x, const uint8_t *r, int W, int H, int C, bool y, bool true_counts) {
    double *px = malloc(sizeof(double) * W * H), *pr = malloc(sizeof(double) * W * H), total = 0;
    int planes = y ? 1 : C;
    for (int c = 0; c < planes; c++) {
        for (int i = 0; i < W * H; i++) {
            const uint8_t *a = x + i * C, *b = r + i * C;
            px[i] = y ? 16 + (65.481 * a[0] + 128.553 * a[1] + 24.966 * a[2]) / 255 : a[c];
            pr[i] = y ? 16 + (65.481 * b[0] + 128.553 * b[1] + 24.966 * b[2]) / 255 : b[c];
        }
        total += direct_plane(px, pr, W, H, true_counts);
    }
    free(px);
    free(pr);
    return total / planes;
}

int main(void) {
    mambair_error err;
    double v;
    /* 1. by hand */
    {
        uint8_t x[256], r[256];
        int a = 100, b = 130;
        for (int i = 0; i < 256; i++) {
            x[i] = (uint8_t)(i % 16 < 8 ? a : b);
            r[i] = (uint8_t)a;
        }
        double d = (b - a) / 255.0, want = 10 * log10(8 / (7 * d * d));
        CHECK(mb_metric_psnrb(x, r, 16, 16, 1, false, &v, &err) == MAMBAIR_OK, "%s", err.message);
        CHECK(fabs(v - want) < 1e-9, "half-and-half: %.12f, by hand %.12f", v, want);
        /* the same steps inside blocks are not blocking: BEF 0, PSNR-B = PSNR */
        for (int i = 0; i < 256; i++) x[i] = (uint8_t)(i % 16 < 4 ? a : b);
        double mse = 0.75 * d * d;
        CHECK(mb_metric_psnrb(x, r, 16, 16, 1, false, &v, &err) == MAMBAIR_OK &&
                  fabs(v - 10 * log10(1 / mse)) < 1e-9,
              "step inside a block: %.12f, PSNR %.12f", v, 10 * log10(1 / mse));
        printf("by hand: %.6f dB\n", want);
    }
    /* 2-4. pseudo-random images with a block pattern, so BEF > 0 */
    const int sizes[][2] = {{32, 24}, {48, 48}, {37, 29}, {16, 21}, {481, 321}};
    srand(7);
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        int W = sizes[s][0], H = sizes[s][1];
        bool mult8 = W % 8 == 0 && H % 8 == 0;
        for (int C = 1; C <= 3; C += 2) {
            uint8_t *x = malloc((size_t)W * H * C), *r = malloc((size_t)W * H * C);
            for (int i = 0; i < W * H; i++)
                for (int c = 0; c < C; c++) {
                    int xx = i % W, yy = i / W;
                    int base = 60 + (xx * 3 + yy * 2 + c * 11) % 120;
                    r[i * C + c] = (uint8_t)base;
                    /* per-block offset + small noise: blocky */
                    int blk = ((xx / 8) * 7 + (yy / 8) * 13 + c) % 9 - 4;
                    x[i * C + c] = (uint8_t)(base + 3 * blk + rand() % 3 - 1);
                }
            for (int y = 0; y <= (C == 3); y++) {
                CHECK(mb_metric_psnrb(x, r, W, H, C, y, &v, &err) == MAMBAIR_OK, "%s", err.message);
                double want = direct(x, r, W, H, C, y, true);
                double want_pub = direct(x, r, W, H, C, y, false);
                double tol = y ? 1e-4 : 1e-9;
                if (mult8) CHECK(fabs(v - want) < tol, "%dx%dx%d%s: %.10f, direct %.10f", W, H, C,
                                 y ? " Y" : "", v, want);
                CHECK(fabs(v - want_pub) < tol, "%dx%dx%d%s: %.10f, direct with the published N_B %.10f",
                      W, H, C, y ? " Y" : "", v, want_pub);
                printf("%3dx%-3d C%d%s: PSNR-B %.6f, direct %.6f (true counts %.6f)\n", W, H, C,
                       y ? " Y" : "  ", v, want_pub, want);
            }
            free(x);
            free(r);
        }
    }
    uint8_t small[15 * 15] = {0};
    CHECK(mb_metric_psnrb(small, small, 15, 15, 1, false, &v, &err) != MAMBAIR_OK, "15x15 accepted");
    if (g_failures) fprintf(stderr, "%d failure(s)\n", g_failures);
    else printf("PSNR-B: by hand and direct computations agree\n");
    return g_failures ? 1 : 0;
}
