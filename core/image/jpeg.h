/*
 * jpeg.h — a real JPEG encode and decode in memory through libjpeg(-turbo),
 * for the JPEG-artefact training data, the CAR evaluation and the photo
 * degradations. Never an approximation: the bytes are a baseline JFIF stream
 * any decoder reads.
 *
 * Encoding follows what the CAR literature and most software do: libjpeg's
 * standard tables (ITU-T T.81 Annex K, scaled by jpeg_set_quality with the IJG
 * formula, baseline-limited), standard Huffman tables (no optimisation),
 * sequential, the accurate integer DCT; colour as YCbCr 4:2:0 (libjpeg's
 * default), gray as one component. Decoding uses libjpeg's defaults (accurate
 * integer IDCT, "fancy" chroma upsampling), as cv2 and PIL decode.
 *
 * Pixels are 8-bit interleaved {H, W, C}, C = 1 (gray) or 3 (RGB).
 */
#ifndef MB_IMAGE_JPEG_H
#define MB_IMAGE_JPEG_H

#include "base.h"

#define MB_JPEG_MAX_SIDE 65500 /* the format's limit (16-bit sizes), as libjpeg checks */

/* Encode into a new buffer (*data, *size; free with free()). quality 1..100. */
mambair_status mb_jpeg_encode_u8(const uint8_t *px, int width, int height, int channels,
                                 int quality, uint8_t **data, size_t *size, mambair_error *err);

/* Decode a JPEG stream that must be width x height with `channels` channels
 * (gray or RGB; anything else is refused), into px {height, width, channels}. */
mambair_status mb_jpeg_decode_u8(const uint8_t *data, size_t size, int width, int height,
                                 int channels, uint8_t *px, mambair_error *err);

/* Width, height and components (1 or 3) from a stream's header. */
mambair_status mb_jpeg_probe(const uint8_t *data, size_t size, int *width, int *height,
                             int *channels, mambair_error *err);

/* out = decode(encode(in, quality)); out may equal in. */
mambair_status mb_jpeg_roundtrip_u8(const uint8_t *in, int width, int height, int channels,
                                    int quality, uint8_t *out, mambair_error *err);

#endif
