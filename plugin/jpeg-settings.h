/*
 * jpeg-settings.h — the quality of the JPEG an image was opened from, read
 * from the "jpeg-settings" parasite GIMP's JPEG loader (2.10 and 3.0)
 * attaches to it. Plain C (no GIMP or GLib) so tests/gimp/test-jpeg-settings.c
 * checks it without GIMP; run.c reads the parasite.
 *
 * The parasite, as GIMP writes it:
 *     byte 0          JPEG colour space
 *     byte 1          the loader's estimate of the IJG quality (1..100, 0 unknown)
 *     byte 2          C, number of components (0..4)
 *     byte 3          T, number of quantisation tables (0..4; 0 when the
 *                     tables are libjpeg's own, whose quality byte 1 is exact)
 *     C x 2 bytes     sampling factors
 *     T x 128 bytes   the tables, 64 big-endian 16-bit steps each, natural order
 * and anything after that is ignored (room for later versions).
 */
#ifndef MAMBAIR_JPEG_SETTINGS_H
#define MAMBAIR_JPEG_SETTINGS_H

#include <stddef.h>

/* 1..100: the quality the JPEG was saved at (from the first table when the
 * parasite has tables, with the same reading as `mambair upscale`;
 * otherwise the loader's exact quality). 0 when data is NULL, cut short or
 * not what GIMP writes. */
int mb_pl_jpeg_settings_quality(const unsigned char *data, size_t size);

#endif
