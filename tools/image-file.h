/*
 * image-file.h — what an input file really is, before any decoder sees it.
 *
 * Only regular files are read: a folder, a device (/dev/zero), a pipe or a
 * socket is refused, and the file is opened with O_NONBLOCK so a FIFO put in
 * its place cannot block. The format comes from the first bytes (magic), not
 * from the name, so a PNG called .jpg goes to the PNG decoder. Formats
 * mambair does not read (BMP, PFM, GIF, ...) are refused by name; nothing is
 * ever handed to a catch-all loader.
 */
#ifndef MAMBAIR_IMAGE_FILE_H
#define MAMBAIR_IMAGE_FILE_H

#include <stdbool.h>
#include <stddef.h>

typedef enum image_format {
    IMAGE_FORMAT_UNKNOWN = 0,
    IMAGE_FORMAT_PNG,
    IMAGE_FORMAT_JPEG,
    IMAGE_FORMAT_TIFF,
    IMAGE_FORMAT_WEBP,
    IMAGE_FORMAT_EXR,
    IMAGE_FORMAT_PNM,      /* PGM and PPM (P2, P3, P5, P6)                 */
    IMAGE_FORMAT_REFUSED   /* recognised, not read: image_file_open says which */
} image_format;

/* "PNG", "JPEG", ... */
const char *image_format_name(image_format f);

/* The formats read, for messages: "PNG, JPEG, TIFF, WebP, OpenEXR, PPM/PGM". */
#define IMAGE_FORMATS_READ "PNG, JPEG, TIFF, WebP, OpenEXR, PPM/PGM"

/* Open `path` for reading if it is a regular file holding a format mambair
 * reads: returns the descriptor (close it) and *format; -1 with a sentence
 * in msg otherwise. */
int image_file_open(const char *path, image_format *format, char *msg, size_t size);

#endif
