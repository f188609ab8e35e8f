/* test-metrics.c — PSNR-Y / SSIM-Y against the BasicSR oracles
 * (tests/data/metrics/psnr_ssim, values from expected.json). */
#include "image-test.h"
#include "image/metrics.h"

#include <math.h>

static const struct {
    const char *name;
    int h, w, scale;
    double psnr, ssim; /* official BasicSR values, expected.json */
} pairs[] = {
    {"pair0_48x64_x2", 48, 64, 2, 37.31787660417579, 0.9797878501264444},
    {"pair1_51x69_x3", 51, 69, 3, 31.30604103404575, 0.0},
    {"pair2_80x96_x4", 80, 96, 4, 43.342088821, 0.0},
};

/* Pull "key": number for the pair named `name` out of expected.json. */
static double json_value(const char *json, const char *name, const char *key) {
    const char *p = strstr(json, name);
    if (!p) return NAN;
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    p = strstr(p, pat);
    return p ? strtod(p + strlen(pat), NULL) : NAN;
}

int main(void) {
    size_t jn;
    char *json = test_read("metrics/psnr_ssim/expected.json", &jn);
    json = realloc(json, jn + 1);
    json[jn] = '\0';
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char rel[256];
        size_t na, nb;
        snprintf(rel, sizeof rel, "metrics/psnr_ssim/%s_gt.u8.bin", pairs[i].name);
        uint8_t *gt = test_read(rel, &na);
        snprintf(rel, sizeof rel, "metrics/psnr_ssim/%s_restored.u8.bin", pairs[i].name);
        uint8_t *rs = test_read(rel, &nb);
        CHECK(na == (size_t)pairs[i].h * pairs[i].w * 3 && nb == na, "%s: sizes %zu %zu", pairs[i].name, na, nb);
        double want_p = json_value(json, pairs[i].name, "psnr_y");
        double want_s = json_value(json, pairs[i].name, "ssim_y");
        double want_p0 = json_value(json, pairs[i].name, "psnr_y_nocrop");
        double want_s0 = json_value(json, pairs[i].name, "ssim_y_nocrop");
        CHECK(fabs(want_p - pairs[i].psnr) < 1e-6 || pairs[i].psnr == 0, "%s: json psnr %.9f", pairs[i].name, want_p);
        double p = 0, s = 0, p0 = 0, s0 = 0;
        mambair_error err;
        CHECK(mb_metric_psnr_y(gt, rs, pairs[i].w, pairs[i].h, 3, pairs[i].scale, &p, &err) == MAMBAIR_OK, "%s", err.message);
        CHECK(mb_metric_ssim_y(gt, rs, pairs[i].w, pairs[i].h, 3, pairs[i].scale, &s, &err) == MAMBAIR_OK, "%s", err.message);
        CHECK(mb_metric_psnr_y(gt, rs, pairs[i].w, pairs[i].h, 3, 0, &p0, &err) == MAMBAIR_OK, "%s", err.message);
        CHECK(mb_metric_ssim_y(gt, rs, pairs[i].w, pairs[i].h, 3, 0, &s0, &err) == MAMBAIR_OK, "%s", err.message);
        printf("%s: PSNR-Y %.9f (want %.9f, d %.2g)  SSIM-Y %.9f (want %.9f, d %.2g)\n", pairs[i].name, p,
               want_p, p - want_p, s, want_s, s - want_s);
        CHECK(fabs(p - want_p) <= 1e-4, "%s: PSNR-Y %.9f want %.9f", pairs[i].name, p, want_p);
        CHECK(fabs(s - want_s) <= 1e-5, "%s: SSIM-Y %.9f want %.9f", pairs[i].name, s, want_s);
        CHECK(fabs(p0 - want_p0) <= 1e-4, "%s: PSNR-Y no crop %.9f want %.9f", pairs[i].name, p0, want_p0);
        CHECK(fabs(s0 - want_s0) <= 1e-5, "%s: SSIM-Y no crop %.9f want %.9f", pairs[i].name, s0, want_s0);
        double pr = 0, sr = 0;
        double want_pr = json_value(json, pairs[i].name, "psnr_rgb_crop");
        double want_sr = json_value(json, pairs[i].name, "ssim_rgb_crop");
        CHECK(mb_metric_psnr_rgb(gt, rs, pairs[i].w, pairs[i].h, 3, pairs[i].scale, &pr, &err) == MAMBAIR_OK, "%s", err.message);
        CHECK(mb_metric_ssim_rgb(gt, rs, pairs[i].w, pairs[i].h, 3, pairs[i].scale, &sr, &err) == MAMBAIR_OK, "%s", err.message);
        printf("%s: PSNR-RGB %.9f (d %.2g)  SSIM-RGB %.9f (d %.2g)\n", pairs[i].name, pr, pr - want_pr, sr, sr - want_sr);
        CHECK(fabs(pr - want_pr) <= 1e-4, "%s: PSNR-RGB %.9f want %.9f", pairs[i].name, pr, want_pr);
        CHECK(fabs(sr - want_sr) <= 1e-5, "%s: SSIM-RGB %.9f want %.9f", pairs[i].name, sr, want_sr);
        /* identical images: infinite PSNR, SSIM 1 */
        CHECK(mb_metric_psnr_y(gt, gt, pairs[i].w, pairs[i].h, 3, pairs[i].scale, &p, &err) == MAMBAIR_OK && isinf(p),
              "%s: self PSNR %g", pairs[i].name, p);
        CHECK(mb_metric_ssim_y(gt, gt, pairs[i].w, pairs[i].h, 3, pairs[i].scale, &s, &err) == MAMBAIR_OK &&
                  fabs(s - 1.0) < 1e-12, "%s: self SSIM %.15f", pairs[i].name, s);
        free(gt);
        free(rs);
    }
    /* a border larger than the image is an error, not a crash */
    uint8_t tiny[3 * 4 * 4] = {0};
    double v;
    mambair_error err;
    CHECK(mb_metric_psnr_y(tiny, tiny, 4, 4, 3, 2, &v, &err) != MAMBAIR_OK, "crop 2 of 4x4 accepted");
    CHECK(mb_metric_ssim_y(tiny, tiny, 4, 4, 3, 0, &v, &err) != MAMBAIR_OK, "SSIM of 4x4 accepted");
    free(json);
    if (g_failures) fprintf(stderr, "%d failure(s)\n", g_failures);
    return g_failures ? 1 : 0;
}
