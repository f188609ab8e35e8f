/*
 * image-io.h — read and write image files for the command line. The only
 * place that knows about GEGL: everything else sees planar float pixels.
 *
 * Pixels are the file's own encoded values (sRGB-like, not linearised) scaled
 * to 0..1, which is what the networks were trained on. Colour is never
 * premultiplied; alpha is a separate plane. The colour space (ICC profile) of
 * the file is kept and written back where the format allows it.
 */
#ifndef MAMBAIR_IMAGE_IO_H
#define MAMBAIR_IMAGE_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum image_type {
    IMAGE_U8 = 0,
    IMAGE_U16,
    IMAGE_U32,
    IMAGE_HALF,
    IMAGE_FLOAT
} image_type;

typedef struct image {
    int width, height;
    int channels;      /* colour channels: 1 (gray) or 3 (RGB)            */
    float *color;      /* {channels, height, width} planar, 0..1          */
    float *alpha;      /* {height, width}, or NULL when the file has none  */
    image_type type;   /* sample type of the file; kept when writing       */
    const void *space; /* colour space of the file (opaque); NULL = sRGB  */
} image;

#define IMAGE_MAX_PIXELS ((int64_t)1 << 30) /* refuse larger files before allocating */

/* False when the program was built without GEGL (image commands unavailable). */
bool image_io_available(void);

/* Start/stop the image library; call once per process. */
bool image_io_init(char *msg, size_t size);
void image_io_exit(void);

/* Read a file. On failure msg gets one line naming the file and the problem.
 * Only regular files are read, in a format found from the content (PNG,
 * JPEG, TIFF, WebP, OpenEXR, PPM/PGM; see image-file.h); a PNG or JPEG must
 * decode completely (image-codec.h). NaN and infinite alpha is read as 0. */
bool image_load(const char *path, image *img, char *msg, size_t size);

/* Cheap first look, before any work: a regular file in a format read
 * (image-file.h), nothing decoded. */
bool image_check(const char *path, char *msg, size_t size);

/* True when a folder entry's name ends in an image file extension (the
 * folder readers of train, eval and degrade list only those). */
bool image_file_name(const char *name);

/* qsort comparison of two `char *` file names: folders are read in name
 * order, so a run does not depend on the directory's order. */
int image_name_cmp(const void *a, const void *b);

/* Width and height from the file's header, without decoding the pixels, so
 * a caller can refuse a huge image before it costs any memory. */
bool image_probe(const char *path, int *width, int *height, char *msg, size_t size);

/* The quality a JPEG file was saved at (1..100, from its quantisation
 * table; see mambair_jpeg_quality), or 0 for another format or a file that
 * cannot be read. Nothing is decoded. */
int image_jpeg_quality(const char *path);

/* Allocate an empty image (color zeroed; alpha too when with_alpha). */
bool image_alloc(image *img, int width, int height, int channels, bool with_alpha);

/* Write a file, format from the extension (png, jpg, tif, webp, exr, ppm ...),
 * keeping img->type where the format can store it. Written to an exclusive
 * temporary file in the same folder, read back, and renamed over `path`
 * (output-file.h): a failure leaves `path` as it was and no other file. */
bool image_save(const char *path, const image *img, char *msg, size_t size);

/* Whether the format chosen by path's extension stores transparency (PNG,
 * TIFF, WebP, OpenEXR do; JPEG and PPM/PGM do not: image_save drops it). */
bool image_save_keeps_alpha(const char *path);

/* Whether any pixel of img is not fully opaque (false without alpha). */
bool image_has_transparency(const image *img);

/* Before any work: `path` can be written (extension known, folder writable;
 * output_check). *stale: old temporary files of `path` removed. */
bool image_save_check(const char *path, int *stale, char *msg, size_t size);

void image_free(image *img);

const char *image_type_name(image_type t);

/* 8-bit interleaved {H, W, C} copy of the colour (round(v * 255), clipped). */
uint8_t *image_to_u8(const image *img);

#endif
