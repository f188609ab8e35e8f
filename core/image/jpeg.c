/* jpeg.c — JPEG encode/decode in memory through libjpeg (see jpeg.h). */
#include "image/jpeg.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <jpeglib.h>

/* libjpeg reports errors through a callback that must not return: jump back
 * to the caller with the library's message. Warnings (corrupt data the
 * library would paper over) count as errors: a stream is either valid or
 * refused. */
typedef struct jpeg_fail {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
} jpeg_fail;

static void fail_exit(j_common_ptr ci) {
    jpeg_fail *f = (jpeg_fail *)ci->err;
    ci->err->format_message(ci, f->message);
    longjmp(f->jump, 1);
}

static void fail_emit(j_common_ptr ci, int level) {
    if (level < 0) fail_exit(ci); /* a warning: corrupt data */
}

static void fail_output(j_common_ptr ci) { (void)ci; }

static void fail_init(jpeg_fail *f) {
    jpeg_std_error(&f->mgr);
    f->mgr.error_exit = fail_exit;
    f->mgr.emit_message = fail_emit;
    f->mgr.output_message = fail_output;
    f->message[0] = '\0';
}

static mambair_status check_args(int width, int height, int channels, mambair_error *err) {
    if ((channels != 1 && channels != 3) || width < 1 || height < 1 || width > MB_JPEG_MAX_SIDE ||
        height > MB_JPEG_MAX_SIDE)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT,
                            "JPEG: a %dx%d image with %d channels cannot be coded", width, height,
                            channels);
    return MAMBAIR_OK;
}

mambair_status mb_jpeg_encode_u8(const uint8_t *px, int width, int height, int channels,
                                 int quality, uint8_t **data, size_t *size, mambair_error *err) {
    *data = NULL;
    *size = 0;
    mambair_status st = check_args(width, height, channels, err);
    if (st) return st;
    if (quality < 1 || quality > 100)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "JPEG quality %d is not in 1..100",
                            quality);
    struct jpeg_compress_struct ci;
    jpeg_fail fail;
    fail_init(&fail);
    ci.err = &fail.mgr;
    /* the destination mallocs and grows the buffer, updating b; read it back
     * through memory after a jump */
    unsigned char *b = NULL;
    unsigned long len = 0;
    unsigned char **volatile bp = &b;
    if (setjmp(fail.jump)) {
        jpeg_destroy_compress(&ci);
        free(*bp);
        return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "JPEG encoder: %s", fail.message);
    }
    jpeg_create_compress(&ci);
    jpeg_mem_dest(&ci, bp, &len);
    ci.image_width = (JDIMENSION)width;
    ci.image_height = (JDIMENSION)height;
    ci.input_components = channels;
    ci.in_color_space = channels == 3 ? JCS_RGB : JCS_GRAYSCALE;
    /* defaults: YCbCr 4:2:0 (luma 2x2, chroma 1x1), Annex K tables, JDCT_ISLOW,
     * no Huffman optimisation, sequential; written out here because they are
     * the point of this file */
    jpeg_set_defaults(&ci);
    ci.dct_method = JDCT_ISLOW;
    ci.optimize_coding = FALSE;
    if (channels == 3) {
        ci.comp_info[0].h_samp_factor = ci.comp_info[0].v_samp_factor = 2;
        for (int c = 1; c < 3; c++) ci.comp_info[c].h_samp_factor = ci.comp_info[c].v_samp_factor = 1;
    }
    jpeg_set_quality(&ci, quality, TRUE);
    jpeg_start_compress(&ci, TRUE);
    while (ci.next_scanline < ci.image_height) {
        JSAMPROW row = (JSAMPROW)(px + (size_t)ci.next_scanline * width * channels);
        jpeg_write_scanlines(&ci, &row, 1);
    }
    jpeg_finish_compress(&ci);
    jpeg_destroy_compress(&ci);
    *data = b;
    *size = len;
    return MAMBAIR_OK;
}

/* Read the header of a stream into ci (created); jumps on an error. */
static void read_header(struct jpeg_decompress_struct *ci, const uint8_t *data, size_t size) {
    jpeg_mem_src(ci, data, (unsigned long)size);
    jpeg_read_header(ci, TRUE);
}

mambair_status mb_jpeg_probe(const uint8_t *data, size_t size, int *width, int *height,
                             int *channels, mambair_error *err) {
    struct jpeg_decompress_struct ci;
    jpeg_fail fail;
    fail_init(&fail);
    ci.err = &fail.mgr;
    if (!data || size < 4 || size > 0xffffffffu)
        return mb_error_set(err, MAMBAIR_ERR_FORMAT, "not a JPEG stream (%zu bytes)", size);
    if (setjmp(fail.jump)) {
        jpeg_destroy_decompress(&ci);
        return mb_error_set(err, MAMBAIR_ERR_FORMAT, "not a valid JPEG stream: %s", fail.message);
    }
    jpeg_create_decompress(&ci);
    read_header(&ci, data, size);
    *width = (int)ci.image_width;
    *height = (int)ci.image_height;
    *channels = ci.num_components;
    jpeg_destroy_decompress(&ci);
    return MAMBAIR_OK;
}

mambair_status mb_jpeg_decode_u8(const uint8_t *data, size_t size, int width, int height,
                                 int channels, uint8_t *px, mambair_error *err) {
    mambair_status st = check_args(width, height, channels, err);
    if (st) return st;
    if (!data || size < 4 || size > 0xffffffffu)
        return mb_error_set(err, MAMBAIR_ERR_FORMAT, "not a JPEG stream (%zu bytes)", size);
    struct jpeg_decompress_struct ci;
    jpeg_fail fail;
    fail_init(&fail);
    ci.err = &fail.mgr;
    if (setjmp(fail.jump)) {
        jpeg_destroy_decompress(&ci);
        return mb_error_set(err, MAMBAIR_ERR_FORMAT, "not a valid JPEG stream: %s", fail.message);
    }
    jpeg_create_decompress(&ci);
    read_header(&ci, data, size);
    bool gray = ci.jpeg_color_space == JCS_GRAYSCALE && ci.num_components == 1;
    bool ycc = ci.jpeg_color_space == JCS_YCbCr && ci.num_components == 3;
    if ((int)ci.image_width != width || (int)ci.image_height != height ||
        (channels == 1 ? !gray : !ycc)) {
        int w = (int)ci.image_width, h = (int)ci.image_height, n = ci.num_components;
        jpeg_destroy_decompress(&ci);
        return mb_error_set(err, MAMBAIR_ERR_FORMAT,
                            "JPEG stream is %dx%d with %d components, expected %dx%d with %d", w, h,
                            n, width, height, channels);
    }
    ci.out_color_space = channels == 3 ? JCS_RGB : JCS_GRAYSCALE;
    ci.dct_method = JDCT_ISLOW;
    jpeg_start_decompress(&ci);
    while (ci.output_scanline < ci.output_height) {
        JSAMPROW row = (JSAMPROW)(px + (size_t)ci.output_scanline * width * channels);
        jpeg_read_scanlines(&ci, &row, 1);
    }
    jpeg_finish_decompress(&ci);
    jpeg_destroy_decompress(&ci);
    return MAMBAIR_OK;
}

mambair_status mb_jpeg_roundtrip_u8(const uint8_t *in, int width, int height, int channels,
                                    int quality, uint8_t *out, mambair_error *err) {
    uint8_t *data;
    size_t size;
    mambair_status st = mb_jpeg_encode_u8(in, width, height, channels, quality, &data, &size, err);
    if (st) return st;
    st = mb_jpeg_decode_u8(data, size, width, height, channels, out, err);
    free(data);
    return st;
}
