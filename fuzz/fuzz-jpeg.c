/*
 * fuzz-jpeg.c — the JPEG reader of core/image/jpeg.c (libjpeg behind our
 * error manager): any bytes must be probed and decoded or refused, never
 * crash, exit or hang. The declared size is capped before decoding so a
 * hostile header cannot ask for gigabytes. Seeds: small gray and colour
 * streams from the encoder, a truncated one, a header without data.
 */
#include "fuzz.h"
#include "image/jpeg.h"

#define MAX_PIXELS (1 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > MB_FUZZ_MAX_INPUT) return 0;
    int w, h, c;
    mambair_error err;
    if (mb_jpeg_probe(data, size, &w, &h, &c, &err) != MAMBAIR_OK) return 0;
    if ((c != 1 && c != 3) || (int64_t)w * h > MAX_PIXELS) return 0;
    uint8_t *px = malloc((size_t)w * h * c);
    if (!px) return 0;
    (void)mb_jpeg_decode_u8(data, size, w, h, c, px, &err);
    free(px);
    return 0;
}
