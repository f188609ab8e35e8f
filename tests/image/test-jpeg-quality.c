/* test-jpeg-quality.c — mambair_jpeg_quality against libjpeg itself: the
 * luminance table jpeg_set_quality makes for every setting 1..100 must give
 * that setting back; tables of other encoders (libjpeg's scaled a little, as
 * cameras and other libraries do) the nearest setting; tables no encoder
 * writes give 0. And which built-in models the JPEG quality chooses. */
#include "image-test.h"
#include "mambair.h"

#include <jpeglib.h>

/* libjpeg's luminance table for `quality`, natural order */
static void libjpeg_table(int quality, uint16_t t[64]) {
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr e;
    c.err = jpeg_std_error(&e);
    jpeg_create_compress(&c);
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, quality, TRUE);
    for (int i = 0; i < 64; i++) t[i] = c.quant_tbl_ptrs[0]->quantval[i];
    jpeg_destroy_compress(&c);
}

int main(void) {
    uint16_t t[64];
    for (int q = 1; q <= 100; q++) {
        libjpeg_table(q, t);
        int got = mambair_jpeg_quality(t);
        CHECK(got == q, "libjpeg's table for quality %d read as %d", q, got);
    }
    /* an encoder with tables of its own: libjpeg's, 8% coarser or finer */
    int last = 0;
    for (int q = 20; q <= 85; q += 5) {
        for (int s = -1; s <= 1; s += 2) {
            libjpeg_table(q, t);
            for (int i = 0; i < 64; i++) t[i] = (uint16_t)(t[i] * (1 + 0.08 * s) + 0.5);
            int got = mambair_jpeg_quality(t);
            /* coarser steps mean a lower quality, by a few points */
            CHECK(s > 0 ? got < q && got >= q - 8 : got > q && got <= q + 8,
                  "quality %d table %s 8%%: read as %d", q, s > 0 ? "coarser" : "finer", got);
        }
        if (q < 30) continue; /* below, +3 is under half a setting's step */
        libjpeg_table(q, t);
        for (int i = 0; i < 64; i++) t[i] = (uint16_t)(t[i] + 3); /* coarser by a constant */
        int got = mambair_jpeg_quality(t);
        CHECK(got < q, "quality %d table + 3: read as %d, not lower", q, got);
        CHECK(got > last, "quality %d table + 3: %d, after %d for a lower quality", q, got, last);
        last = got;
    }
    /* 16-bit steps (extended JPEG): the coarsest settings */
    for (int i = 0; i < 64; i++) t[i] = 1000;
    CHECK(mambair_jpeg_quality(t) == 1, "all steps 1000: %d", mambair_jpeg_quality(t));
    /* no encoder writes a zero step */
    libjpeg_table(75, t);
    t[17] = 0;
    CHECK(mambair_jpeg_quality(t) == 0, "a zero step: %d", mambair_jpeg_quality(t));
    CHECK(mambair_jpeg_quality(NULL) == 0, "NULL table");

    /* the models: photo up to the scale's threshold, clean above it, for
     * non-JPEGs and for scales without a photo model */
    CHECK(mambair_photo_max_jpeg_quality(2) == 55 && mambair_photo_max_jpeg_quality(3) == 60 &&
              mambair_photo_max_jpeg_quality(4) == 60,
          "thresholds x2 %d, x3 %d, x4 %d", mambair_photo_max_jpeg_quality(2), mambair_photo_max_jpeg_quality(3),
          mambair_photo_max_jpeg_quality(4));
    CHECK(mambair_photo_max_jpeg_quality(1) == 0 && mambair_photo_max_jpeg_quality(5) == 0 &&
              mambair_photo_max_jpeg_quality(0) == 0,
          "no photo model at x1, x5, x0");
    for (int s = 2; s <= 4; s++) {
        const int top = mambair_photo_max_jpeg_quality(s);
        CHECK(mambair_source_for_jpeg_quality(0, s) == MAMBAIR_SOURCE_CLEAN, "x%d unknown quality: clean", s);
        CHECK(mambair_source_for_jpeg_quality(-5, s) == MAMBAIR_SOURCE_CLEAN, "x%d negative quality: clean", s);
        CHECK(mambair_source_for_jpeg_quality(1, s) == MAMBAIR_SOURCE_PHOTO, "x%d quality 1: photo", s);
        CHECK(mambair_source_for_jpeg_quality(40, s) == MAMBAIR_SOURCE_PHOTO, "x%d quality 40: photo", s);
        CHECK(mambair_source_for_jpeg_quality(top, s) == MAMBAIR_SOURCE_PHOTO, "x%d the threshold: photo", s);
        CHECK(mambair_source_for_jpeg_quality(top + 1, s) == MAMBAIR_SOURCE_CLEAN, "x%d above it: clean", s);
        CHECK(mambair_source_for_jpeg_quality(75, s) == MAMBAIR_SOURCE_CLEAN, "x%d quality 75: clean", s);
        CHECK(mambair_source_for_jpeg_quality(101, s) == MAMBAIR_SOURCE_CLEAN, "x%d quality 101: clean", s);
    }
    CHECK(mambair_source_for_jpeg_quality(60, 2) == MAMBAIR_SOURCE_CLEAN &&
              mambair_source_for_jpeg_quality(60, 4) == MAMBAIR_SOURCE_PHOTO,
          "quality 60: clean at x2, photo at x4");
    CHECK(mambair_source_for_jpeg_quality(20, 1) == MAMBAIR_SOURCE_CLEAN &&
              mambair_source_for_jpeg_quality(20, 8) == MAMBAIR_SOURCE_CLEAN,
          "x1, x8 (no photo model): clean");
    if (g_failures) fprintf(stderr, "%d failure(s)\n", g_failures);
    else printf("JPEG quality: libjpeg's tables 1..100 read back exactly; other tables nearest\n");
    return g_failures ? 1 : 0;
}
