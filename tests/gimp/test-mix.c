/*
 * test-mix.c — plugin/mix.c, and that the restore settings do what they say
 * with the built-in models shipped in data/models: a higher strength (and a
 * higher noise level, where the built-in files hold different models)
 * changes a noisy picture visibly more; and the same strength steps on a
 * JPEG with the built-in JPEG artefact remover, whose full result is closer
 * to the picture before compression than the JPEG is.
 *
 * The picture is synthetic (gradients, edges and fine stripes, 96 x 96) with
 * Gaussian noise of σ 25, or saved as a JPEG of quality 20 (libjpeg);
 * "change" is the mean |result - original| on the 0..255 scale.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../plugin/mix.h"
#include "image/jpeg.h"
#include "image/noise.h"
#include "mambair.h"

#include "../test-util.h"

static float sum_weights(const mb_mix *m) {
    float s = m->weight_orig;
    for (int k = 0; k < m->n; k++) s += m->weight[k];
    return s;
}

static void expect_plan(const char *what, double sigma, double strength, const int *levels,
                        int n_levels, int n, int m0, float w0, int m1, float w1, float wo) {
    mb_mix m;
    mb_mix_plan(sigma, strength, levels, n_levels, &m);
    int ok = m.n == n && m.model[0] == m0 && fabsf(m.weight[0] - w0) < 1e-6f &&
             fabsf(m.weight_orig - wo) < 1e-6f &&
             (n < 2 || (m.model[1] == m1 && fabsf(m.weight[1] - w1) < 1e-6f));
    CHECK(ok, "%s (sigma %g, strength %g): n %d, model %d w %g, model %d w %g, original %g", what,
          sigma, strength, m.n, m.model[0], m.weight[0], m.model[1], m.weight[1], m.weight_orig);
}

static void test_plans(void) {
    const int three[3] = {15, 25, 50}, one[1] = {50};
    expect_plan("at a trained level", 25, 1, three, 3, 1, 1, 1, 0, 0, 0);
    expect_plan("between 15 and 25", 20, 1, three, 3, 2, 0, 0.5f, 1, 0.5f, 0);
    expect_plan("between 25 and 50", 30, 0.5, three, 3, 2, 1, 0.4f, 2, 0.1f, 0.5f);
    expect_plan("below the lowest", 6, 1, three, 3, 1, 0, 0.4f, 0, 0, 0.6f);
    expect_plan("above the highest", 80, 1, three, 3, 1, 2, 1, 0, 0, 0);
    expect_plan("strength 0", 25, 0, three, 3, 1, 1, 0, 0, 0, 1);
    expect_plan("one model ignores the level", 6, 0.75, one, 1, 1, 0, 0.75f, 0, 0, 0.25f);
    expect_plan("strength clamped", 25, 7, one, 1, 1, 0, 1, 0, 0, 0);

    /* weights sum to 1 and move continuously with both settings */
    mb_mix prev;
    mb_mix_plan(0, 1, three, 3, &prev);
    for (int i = 1; i <= 6000; i++) {
        double sigma = i * 0.01;
        mb_mix m;
        mb_mix_plan(sigma, 1, three, 3, &m);
        CHECK(fabsf(sum_weights(&m) - 1) < 1e-5f, "sigma %g: weights sum to %g", sigma,
              sum_weights(&m));
        /* the weight each source has, whichever slot it is in */
        float a[4] = {m.weight_orig, 0, 0, 0}, b[4] = {prev.weight_orig, 0, 0, 0};
        for (int k = 0; k < m.n; k++) a[1 + m.model[k]] += m.weight[k];
        for (int k = 0; k < prev.n; k++) b[1 + prev.model[k]] += prev.weight[k];
        for (int q = 0; q < 4; q++)
            CHECK(fabsf(a[q] - b[q]) < 0.011f, "sigma %g: weight of source %d jumps %g -> %g",
                  sigma, q, b[q], a[q]);
        prev = m;
    }
    float r0[4] = {1, 2, 3, 4}, r1[4] = {5, 6, 7, 8}, orig[4] = {0, 0, 0, 8}, out[4];
    const float *results[2] = {r0, r1};
    mb_mix m = {2, {0, 1}, {0.25f, 0.5f}, 0.25f};
    mb_mix_apply(&m, orig, results, 4, out);
    CHECK(out[0] == 2.75f && out[3] == 7.0f, "apply: %g %g, expected 2.75 7", out[0], out[3]);
}

/* ------------------------------------------------ with the shipped models */

enum { W = 96, H = 96 };

static void make_picture(float *clean) {
    for (int c = 0; c < 3; c++)
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                double v = 0.2 + 0.5 * x / W + 0.1 * c;
                if (x > 30 && x < 60 && y > 20 && y < 70) v = 0.85 - 0.2 * c; /* a block */
                if (y > 75) v = ((x / 3) & 1) ? 0.7 : 0.3;                     /* stripes */
                clean[((size_t)c * H + y) * W + x] = (float)v;
            }
}

static double change(const float *a, const float *b, size_t n) {
    double s = 0;
    for (size_t i = 0; i < n; i++) s += fabs((double)a[i] - b[i]);
    return s / n * 255;
}

/* Strength: 0 keeps the original, each step of 10 % changes it by more than
 * min_step (mean, 0..255 scale). Returns the change at 100 %. */
static double check_strength(const char *what, double sigma, const int *levels, int n_levels,
                             const float *orig, const float **res, size_t n, float *out,
                             double min_step) {
    double last = -1;
    for (int pct = 0; pct <= 100; pct += 10) {
        mb_mix m;
        mb_mix_plan(sigma, pct / 100.0, levels, n_levels, &m);
        const float *r[2] = {res[m.model[0]], m.n > 1 ? res[m.model[1]] : NULL};
        mb_mix_apply(&m, orig, r, n, out);
        double d = change(out, orig, n);
        printf("  %s, strength %3d %%: mean change %.2f / 255\n", what, pct, d);
        if (pct == 0) CHECK(d == 0, "%s: strength 0 changes the picture by %g", what, d);
        else CHECK(d > last + min_step, "%s: strength %d %% changes %.3f, not visibly more than %.3f",
                   what, pct, d, last);
        last = d;
    }
    return last;
}

static const char *model_dir(void) {
    static char dir[4096];
    const char *root = getenv("MAMBAIR_SOURCE_ROOT");
    snprintf(dir, sizeof dir, "%s/data/models", root ? root : ".");
    return dir;
}

static int same_bytes(const char *a, const char *b) {
    size_t na, nb;
    unsigned char *da = test_try_read_file(a, &na), *db = test_try_read_file(b, &nb);
    int same = da && db && na == nb && memcmp(da, db, na) == 0;
    free(da);
    free(db);
    return same;
}

static void test_shipped(void) {
    static const int trained[3] = {15, 25, 50};
    int levels[3], n_levels = 0;
    char paths[3][4200];
    mambair_model *models[3] = {0};
    /* one model per distinct file, as plugin/params.c counts them */
    for (int i = 0; i < 3; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/denoise-s%d.safetensors", model_dir(), trained[i]);
        if (n_levels > 0 && same_bytes(paths[n_levels - 1], path)) {
            levels[n_levels - 1] = trained[i];
            continue;
        }
        snprintf(paths[n_levels], sizeof paths[n_levels], "%s", path);
        levels[n_levels++] = trained[i];
    }
    for (int i = 0; i < n_levels; i++) {
        mambair_error err = {0};
        if (mambair_model_open_file(paths[i], &models[i], &err) != MAMBAIR_OK) {
            CHECK(0, "cannot open the shipped model %s: %s", paths[i], err.message);
            return;
        }
    }
    printf("shipped denoisers: %d distinct model(s)\n", n_levels);
    /* three copies of one model made the noise-level control do nothing */
    CHECK(n_levels == 3, "the built-in denoisers for σ 15, 25 and 50 are %d distinct file(s), not 3",
          n_levels);

    size_t n = (size_t)3 * W * H;
    float *clean = malloc(n * sizeof *clean), *noisy = malloc(n * sizeof *noisy);
    float *res[3], *out = malloc(n * sizeof *out);
    make_picture(clean);
    mb_rng rng;
    mb_rng_seed(&rng, 1);
    mb_noise_add_gaussian(&rng, clean, noisy, n, 25);
    for (int i = 0; i < n_levels; i++) {
        res[i] = malloc(n * sizeof *res[i]);
        mambair_error err = {0};
        CHECK(mambair_run(models[i], noisy, W, H, res[i], NULL, &err) == MAMBAIR_OK,
              "run of %s: %s", paths[i], err.message);
    }

    double last = check_strength("noise σ 25", 25, levels, n_levels, noisy, (const float **)res,
                                 n, out, 0.3);
    CHECK(last > 3, "the full strength changes only %.2f / 255: not visible", last);

    /* noise level: only when there is more than one model to choose from
     * (otherwise the dialog hides it and the plan ignores it) */
    if (n_levels > 1) {
        last = -1;
        float *at15 = malloc(n * sizeof *at15);
        for (int sigma = 5; sigma <= 50; sigma += 5) {
            mb_mix m;
            mb_mix_plan(sigma, 1, levels, n_levels, &m);
            const float *r[2] = {res[m.model[0]], m.n > 1 ? res[m.model[1]] : NULL};
            mb_mix_apply(&m, noisy, r, n, out);
            double d = change(out, noisy, n);
            printf("  noise level %2d: mean change %.2f / 255\n", sigma, d);
            CHECK(d > last, "noise level %d changes %.3f, less than the level below (%.3f)",
                  sigma, d, last);
            last = d;
            if (sigma == 15) memcpy(at15, out, n * sizeof *out);
        }
        /* from the lowest trained level to the highest, a visible difference */
        double span = change(out, at15, n);
        printf("  noise level 15 -> 50: the results differ by %.2f / 255\n", span);
        CHECK(span > 1, "noise levels 15 and 50 give results %.2f / 255 apart: not visible", span);
        free(at15);
    } else {
        printf("  noise level: the built-in files hold one model; the setting is hidden\n");
    }
    for (int i = 0; i < n_levels; i++) {
        free(res[i]);
        mambair_model_free(models[i]);
    }
    free(clean);
    free(noisy);
    free(out);
}

static double psnr(const float *a, const float *b, size_t n) {
    double se = 0;
    for (size_t i = 0; i < n; i++) {
        double d = ((double)a[i] - b[i]) * 255;
        se += d * d;
    }
    return 10 * log10(255.0 * 255.0 / (se / n));
}

/* planar floats <-> 8-bit interleaved, for the JPEG round trip */
static void to_u8(const float *p, uint8_t *u, size_t px) {
    for (size_t i = 0; i < px; i++)
        for (int c = 0; c < 3; c++) {
            float v = p[c * px + i] * 255;
            u[i * 3 + c] = (uint8_t)lrintf(v < 0 ? 0 : v > 255 ? 255 : v);
        }
}
static void from_u8(const uint8_t *u, float *p, size_t px) {
    for (size_t i = 0; i < px; i++)
        for (int c = 0; c < 3; c++) p[c * px + i] = u[i * 3 + c] / 255.0f;
}

static void test_shipped_dejpeg(void) {
    char path[4200];
    snprintf(path, sizeof path, "%s/dejpeg.safetensors", model_dir());
    mambair_model *model = NULL;
    mambair_error err = {0};
    if (mambair_model_open_file(path, &model, &err) != MAMBAIR_OK) {
        CHECK(0, "cannot open the shipped model %s: %s", path, err.message);
        return;
    }
    size_t px = (size_t)W * H, n = 3 * px;
    float *clean = malloc(n * sizeof *clean), *jpeg = malloc(n * sizeof *jpeg);
    float *res = malloc(n * sizeof *res), *out = malloc(n * sizeof *out);
    uint8_t *u = malloc(n);
    make_picture(clean);
    to_u8(clean, u, px);
    from_u8(u, clean, px); /* the 8-bit picture is the reference */
    CHECK(mb_jpeg_roundtrip_u8(u, W, H, 3, 20, u, &err) == MAMBAIR_OK, "JPEG: %s", err.message);
    from_u8(u, jpeg, px);
    CHECK(mambair_run(model, jpeg, W, H, res, NULL, &err) == MAMBAIR_OK, "run of %s: %s", path,
          err.message);
    const int one[1] = {1};
    const float *results[1] = {res};
    check_strength("JPEG q20", 0, one, 1, jpeg, results, n, out, 0.1);
    double pj = psnr(jpeg, clean, n), pr = psnr(res, clean, n);
    printf("  JPEG q20: %.2f dB, artefacts removed: %.2f dB\n", pj, pr);
    CHECK(pr > pj + 0.5, "the built-in JPEG artefact remover gains %.2f dB on a q20 JPEG", pr - pj);
    mambair_model_free(model);
    free(clean);
    free(jpeg);
    free(res);
    free(out);
    free(u);
}

int main(void) {
    test_plans();
    test_shipped();
    test_shipped_dejpeg();
    if (g_failures) printf("%d check(s) failed\n", g_failures);
    else printf("mix: all checks passed\n");
    return g_failures ? 1 : 0;
}
