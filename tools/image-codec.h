/*
 * image-codec.h — the decoders and the one encoder that mambair runs itself
 * (libpng, libjpeg-turbo), with error handlers that return instead of ending
 * the process.
 *
 * GEGL's loaders only warn about a cut-short PNG or JPEG and hand back an
 * image whose missing part is black, and GEGL's JPEG loader and saver let
 * libjpeg call exit() on an error. So every PNG and JPEG is decoded here
 * once, to the last row and the end marker, before GEGL reads it (a damaged
 * file is refused with a sentence and never reaches GEGL); every PNG written
 * is decoded the same way before it replaces anything; and JPEG files are
 * written here.
 */
#ifndef MAMBAIR_IMAGE_CODEC_H
#define MAMBAIR_IMAGE_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the header of a PNG or JPEG says. */
typedef struct codec_header {
    int width, height;
    int orientation; /* EXIF orientation (1..8, image-orientation.h) from the JPEG's APP1
                      * marker or the PNG's eXIf chunk before the pixels; 1 when none */
    int quality;     /* JPEG: the quality it was saved at, from its luminance table
                      * (mambair_jpeg_quality), 1..100, 0 when unknown; PNG: 0 */
} codec_header;

/* Decode the PNG or JPEG in `fd` (from offset 0; the offset is not used)
 * completely, keeping nothing: true when every row and the end of the image
 * are there and intact. *hdr from the header (zero sizes when it cannot be
 * read). With header_only, only the header is read. `name` is used in msg. */
bool codec_png_check(int fd, const char *name, bool header_only, codec_header *hdr, char *msg, size_t size);
bool codec_jpeg_check(int fd, const char *name, bool header_only, codec_header *hdr, char *msg, size_t size);

/* Write an 8-bit JPEG of `pix` ({h, w, channels} interleaved, channels 1 or
 * 3) at `quality` to `fd`, with the ICC profile `icc` when not NULL; every
 * write is checked (a full disk or EFBIG fails here). */
bool codec_jpeg_write(int fd, const char *name, const uint8_t *pix, int width, int height, int channels,
                      int quality, const void *icc, size_t icc_len, char *msg, size_t size);

#endif
