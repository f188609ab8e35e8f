/* test-jpeg-settings.c — the JPEG quality read from GIMP's "jpeg-settings"
 * parasite (plugin/jpeg-settings.c), on parasites laid out as GIMP's JPEG
 * loader writes them (plug-ins/file-jpeg/jpeg-settings.c): libjpeg's own
 * tables (no tables in the parasite, the quality byte exact), tables of
 * another encoder (read from the first one), and damaged or foreign data. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jpeglib.h>

#include "../../plugin/jpeg-settings.h"
#include "../test-util.h"

/* A parasite of a colour JPEG: YCbCr, 3 components at 4:2:0, `tables`
 * tables (each libjpeg's for `quality`, scaled by `scale`) after the header */
static size_t make(unsigned char *buf, int quality_byte, int tables, int quality, double scale) {
    unsigned char *d = buf;
    *d++ = JCS_YCbCr;
    *d++ = (unsigned char)quality_byte;
    *d++ = 3;
    *d++ = (unsigned char)tables;
    const unsigned char samp[6] = {2, 2, 1, 1, 1, 1};
    memcpy(d, samp, 6);
    d += 6;
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr e;
    c.err = jpeg_std_error(&e);
    jpeg_create_compress(&c);
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, quality, TRUE);
    for (int t = 0; t < tables; t++)
        for (int i = 0; i < 64; i++) {
            unsigned v = (unsigned)(c.quant_tbl_ptrs[t % 2]->quantval[i] * scale + 0.5);
            *d++ = (unsigned char)(v >> 8);
            *d++ = (unsigned char)(v & 255);
        }
    jpeg_destroy_compress(&c);
    return (size_t)(d - buf);
}

int main(void) {
    unsigned char buf[4 + 8 + 4 * 128 + 16];
    /* libjpeg's tables: GIMP stores only the quality */
    for (int q = 1; q <= 100; q++) {
        size_t n = make(buf, q, 0, q, 1);
        int got = mb_pl_jpeg_settings_quality(buf, n);
        CHECK(got == q, "quality byte %d, no tables: %d", q, got);
    }
    /* tables of another encoder: read from the first (luminance) table, the
     * quality byte (GIMP's rounder estimate) not used */
    for (int q = 10; q <= 90; q += 10) {
        size_t n = make(buf, 77, 2, q, 1);
        int got = mb_pl_jpeg_settings_quality(buf, n);
        CHECK(got == q, "two tables of quality %d: %d", q, got);
        n = make(buf, 77, 2, q, 1.3);
        got = mb_pl_jpeg_settings_quality(buf, n);
        CHECK(got < q && got > q - 20, "tables of quality %d, 30%% coarser: %d", q, got);
        /* extra bytes after the tables: room for later versions, ignored */
        got = mb_pl_jpeg_settings_quality(buf, n + 16);
        CHECK(got < q && got > q - 20, "with 16 bytes more: %d", got);
    }
    /* cut short anywhere: nothing read */
    size_t n = make(buf, 77, 2, 40, 1);
    for (size_t k = 0; k < n; k++) {
        int got = mb_pl_jpeg_settings_quality(buf, k);
        CHECK(got == 0, "cut to %zu bytes: %d", k, got);
    }
    CHECK(mb_pl_jpeg_settings_quality(NULL, 40) == 0, "NULL data");
    /* not what GIMP writes */
    n = make(buf, 77, 0, 40, 1);
    buf[3] = 9; /* 9 tables */
    CHECK(mb_pl_jpeg_settings_quality(buf, sizeof buf) == 0, "9 tables: %d",
          mb_pl_jpeg_settings_quality(buf, sizeof buf));
    n = make(buf, 0, 0, 40, 1); /* quality unknown, no tables */
    CHECK(mb_pl_jpeg_settings_quality(buf, n) == 0, "quality 0: %d", mb_pl_jpeg_settings_quality(buf, n));
    n = make(buf, 140, 0, 40, 1);
    CHECK(mb_pl_jpeg_settings_quality(buf, n) == 0, "quality 140: %d", mb_pl_jpeg_settings_quality(buf, n));
    n = make(buf, 77, 1, 40, 1);
    buf[4 + 6 + 2 * 5] = buf[4 + 6 + 2 * 5 + 1] = 0; /* a zero step */
    CHECK(mb_pl_jpeg_settings_quality(buf, n) == 0, "a zero step: %d", mb_pl_jpeg_settings_quality(buf, n));
    if (g_failures) fprintf(stderr, "%d failure(s)\n", g_failures);
    else printf("jpeg-settings parasite: quality read from the byte or the tables; bad data refused\n");
    return g_failures ? 1 : 0;
}
