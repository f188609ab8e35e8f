/*
 * image-orientation.h — the EXIF orientation of a photo, applied to its
 * pixels.
 *
 * Cameras and phones store a picture taken upright as the sensor saw it and
 * record in EXIF how to turn it for display; every viewer (and GIMP on
 * import) applies it. mambair writes no EXIF, so it turns the pixels
 * instead: the result looks as the original did.
 */
#ifndef MAMBAIR_IMAGE_ORIENTATION_H
#define MAMBAIR_IMAGE_ORIENTATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "image-io.h"

/* The Orientation tag (1..8) of an EXIF block: `data` as in a JPEG's APP1
 * marker ("Exif\0\0" then a TIFF header) or as in a PNG's eXIf chunk (the
 * TIFF header alone). 1 (as stored) when the tag is absent or invalid. */
int exif_orientation(const uint8_t *data, size_t len);

/* Turn img (colour and alpha) from orientation `o` (EXIF 1..8) to upright:
 * 2 mirror left-right, 3 turn 180°, 4 mirror top-bottom, 5 mirror along the
 * main diagonal, 6 turn 90° clockwise, 7 mirror along the other diagonal,
 * 8 turn 90° anticlockwise. 5..8 swap width and height. False (img
 * unchanged) when out of memory; other values of `o` change nothing. */
bool image_orient(image *img, int o);

/* Whether orientation `o` swaps width and height (5..8). */
static inline bool orientation_swaps(int o) { return o >= 5 && o <= 8; }

#endif
