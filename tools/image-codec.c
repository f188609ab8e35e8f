/* image-codec.c — libpng and libjpeg with returning error handlers (see image-codec.h). */
#include "image-codec.h"

#include "image-io.h"
#include "image-orientation.h"
#include "mambair.h"

#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jerror.h>
#include <jpeglib.h>
#include <png.h>

/* A stdio stream on a duplicate of fd, from the start of the file. */
static FILE *stream_for(int fd, const char *mode) {
    int d = dup(fd);
    if (d < 0) return NULL;
    FILE *f = fdopen(d, mode);
    if (!f) {
        close(d);
        return NULL;
    }
    if (mode[0] == 'r' && fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    return f;
}

/* A picture over the pixel limit: false with the sentence that says so. */
static bool size_fits(const char *name, const codec_header *hdr, char *msg, size_t size) {
    if ((int64_t)hdr->width * hdr->height <= IMAGE_MAX_PIXELS) return true;
    snprintf(msg, size, "%s: %dx%d pixels is more than the %lld-pixel limit", name, hdr->width, hdr->height,
             (long long)IMAGE_MAX_PIXELS);
    return false;
}

/* ------------------------------------------------------------------ PNG */

typedef struct png_ctx {
    jmp_buf jmp;
    char text[200];
} png_ctx;

static void png_on_error(png_structp png, png_const_charp text) {
    png_ctx *c = png_get_error_ptr(png);
    snprintf(c->text, sizeof c->text, "%s", text);
    longjmp(c->jmp, 1);
}
static void png_on_warning(png_structp png, png_const_charp text) {
    (void)png;
    (void)text; /* ancillary problems (a bad text chunk): the pixels are still whole */
}

bool codec_png_check(int fd, const char *name, bool header_only, codec_header *hdr, char *msg, size_t size) {
    *hdr = (codec_header){.orientation = 1};
    FILE *f = stream_for(fd, "rb");
    if (!f) {
        snprintf(msg, size, "%s: %s", name, strerror(errno));
        return false;
    }
    png_ctx ctx = {.text = ""};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &ctx, png_on_error, png_on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    png_bytep volatile row = NULL;
    volatile bool ok = false;
    if (!png || !info) {
        snprintf(msg, size, "%s: out of memory", name);
        goto done;
    }
    if (setjmp(ctx.jmp)) {
        if (strstr(ctx.text, "Read Error") || strstr(ctx.text, "Not enough image data") ||
            strstr(ctx.text, "end of file"))
            snprintf(msg, size, "%s: the PNG file is cut short (truncated): part of the image is missing", name);
        else
            snprintf(msg, size, "%s: the PNG file is damaged (%s)", name, ctx.text);
        goto done;
    }
    png_init_io(png, f);
    png_set_user_limits(png, 1u << 30, 1u << 30);
    png_read_info(png, info);
    hdr->width = (int)png_get_image_width(png, info);
    hdr->height = (int)png_get_image_height(png, info);
    png_uint_32 exif_len = 0;
    png_bytep exif = NULL;
    if (png_get_eXIf_1(png, info, &exif_len, &exif) && exif) hdr->orientation = exif_orientation(exif, exif_len);
    if (!size_fits(name, hdr, msg, size)) goto done;
    if (!header_only) {
        const int passes = png_set_interlace_handling(png);
        png_read_update_info(png, info);
        row = malloc(png_get_rowbytes(png, info));
        if (!row) {
            snprintf(msg, size, "%s: out of memory", name);
            goto done;
        }
        for (int p = 0; p < passes; p++)
            for (int y = 0; y < hdr->height; y++) png_read_row(png, row, NULL);
        png_read_end(png, NULL); /* the chunks after the pixels, up to IEND */
    }
    ok = true;
done:
    free(row);
    png_destroy_read_struct(png ? &png : NULL, info ? &info : NULL, NULL);
    fclose(f);
    return ok;
}

/* ----------------------------------------------------------------- JPEG */

typedef struct jpeg_ctx {
    struct jpeg_error_mgr mgr;
    jmp_buf jmp;
    int damage; /* first warning that means missing or corrupt image data, or 0 */
} jpeg_ctx;

static void jpeg_on_error(j_common_ptr cinfo) {
    jpeg_ctx *c = (jpeg_ctx *)cinfo->err;
    longjmp(c->jmp, 1); /* instead of libjpeg's exit() */
}

static void jpeg_on_message(j_common_ptr cinfo, int level) {
    jpeg_ctx *c = (jpeg_ctx *)cinfo->err;
    if (level >= 0) return; /* trace messages */
    const int code = cinfo->err->msg_code;
    if (!c->damage && (code == JWRN_JPEG_EOF || code == JWRN_HIT_MARKER || code == JWRN_MUST_RESYNC ||
                       code == JWRN_NOT_SEQUENTIAL || code == JWRN_HUFF_BAD_CODE ||
                       code == JWRN_BOGUS_PROGRESSION))
        c->damage = code;
}

static void jpeg_text(j_common_ptr cinfo, int code, char *buf) {
    int saved = cinfo->err->msg_code;
    cinfo->err->msg_code = code;
    cinfo->err->format_message(cinfo, buf);
    cinfo->err->msg_code = saved;
}

/* A decoder's error manager: errors return through ctx.jmp instead of
 * exit(), warnings of damaged data are kept in ctx.damage. */
static struct jpeg_error_mgr *jpeg_decoder_errors(jpeg_ctx *ctx) {
    memset(ctx, 0, sizeof *ctx);
    struct jpeg_error_mgr *mgr = jpeg_std_error(&ctx->mgr);
    mgr->error_exit = jpeg_on_error;
    mgr->emit_message = jpeg_on_message;
    return mgr;
}

/* Size, EXIF orientation and quality from a header just read (APP1 markers
 * saved). */
static void read_jpeg_header(const struct jpeg_decompress_struct *cinfo, codec_header *hdr) {
    hdr->width = (int)cinfo->image_width;
    hdr->height = (int)cinfo->image_height;
    /* the first APP1 that is EXIF (XMP also lives in APP1) */
    for (jpeg_saved_marker_ptr m = cinfo->marker_list; m; m = m->next)
        if (m->marker == JPEG_APP0 + 1 && m->data_length >= 6 && !memcmp(m->data, "Exif\0\0", 6)) {
            hdr->orientation = exif_orientation(m->data, m->data_length);
            break;
        }
    /* the first component's table: luminance, or the gray plane */
    const int no = cinfo->num_components > 0 ? cinfo->comp_info[0].quant_tbl_no : -1;
    if (no >= 0 && no < NUM_QUANT_TBLS && cinfo->quant_tbl_ptrs[no]) {
        uint16_t table[64];
        for (int i = 0; i < 64; i++) table[i] = cinfo->quant_tbl_ptrs[no]->quantval[i];
        hdr->quality = mambair_jpeg_quality(table);
    }
}

bool codec_jpeg_check(int fd, const char *name, bool header_only, codec_header *hdr, char *msg, size_t size) {
    *hdr = (codec_header){.orientation = 1};
    FILE *f = stream_for(fd, "rb");
    if (!f) {
        snprintf(msg, size, "%s: %s", name, strerror(errno));
        return false;
    }
    struct jpeg_decompress_struct cinfo;
    jpeg_ctx ctx;
    cinfo.err = jpeg_decoder_errors(&ctx);
    JSAMPROW volatile row = NULL;
    volatile bool ok = false;
    jpeg_create_decompress(&cinfo);
    if (setjmp(ctx.jmp)) {
        char text[JMSG_LENGTH_MAX];
        cinfo.err->format_message((j_common_ptr)&cinfo, text);
        if (ctx.damage == JWRN_JPEG_EOF) /* the error came from the missing end */
            snprintf(msg, size, "%s: the JPEG file is cut short (truncated): part of the image is missing", name);
        else
            snprintf(msg, size, "%s: the JPEG file is damaged or not a JPEG file (%s)", name, text);
        goto done;
    }
    jpeg_stdio_src(&cinfo, f);
    jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF); /* EXIF */
    jpeg_read_header(&cinfo, TRUE);
    read_jpeg_header(&cinfo, hdr);
    if (!size_fits(name, hdr, msg, size)) goto done;
    if (!header_only) {
        cinfo.dct_method = JDCT_IFAST; /* only completeness is checked, not the pixels */
        cinfo.do_fancy_upsampling = FALSE;
        jpeg_start_decompress(&cinfo);
        row = malloc((size_t)cinfo.output_width * (size_t)cinfo.output_components);
        if (!row) {
            snprintf(msg, size, "%s: out of memory", name);
            goto done;
        }
        while (cinfo.output_scanline < cinfo.output_height && !ctx.damage) {
            JSAMPROW rows[1] = {row};
            jpeg_read_scanlines(&cinfo, rows, 1);
        }
        if (!ctx.damage) jpeg_finish_decompress(&cinfo);
    }
    if (ctx.damage == JWRN_JPEG_EOF) {
        snprintf(msg, size, "%s: the JPEG file is cut short (truncated): part of the image is missing", name);
        goto done;
    }
    if (ctx.damage) {
        char text[JMSG_LENGTH_MAX];
        jpeg_text((j_common_ptr)&cinfo, ctx.damage, text);
        snprintf(msg, size, "%s: the JPEG image data is damaged (%s)", name, text);
        goto done;
    }
    ok = true;
done:
    free(row);
    jpeg_destroy_decompress(&cinfo);
    fclose(f);
    return ok;
}

bool codec_jpeg_write(int fd, const char *name, const uint8_t *pix, int width, int height, int channels,
                      int quality, const void *icc, size_t icc_len, char *msg, size_t size) {
    FILE *f = stream_for(fd, "wb");
    if (!f) {
        snprintf(msg, size, "%s: %s", name, strerror(errno));
        return false;
    }
    struct jpeg_compress_struct cinfo;
    jpeg_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    cinfo.err = jpeg_std_error(&ctx.mgr);
    ctx.mgr.error_exit = jpeg_on_error;
    volatile bool ok = false;
    jpeg_create_compress(&cinfo);
    errno = 0;
    if (setjmp(ctx.jmp)) {
        char text[JMSG_LENGTH_MAX];
        cinfo.err->format_message((j_common_ptr)&cinfo, text);
        int e = errno;
        if (e == ENOSPC || e == EFBIG || e == EDQUOT || e == EIO)
            snprintf(msg, size, "%s: writing failed: %s", name, strerror(e));
        else
            snprintf(msg, size, "%s: writing the JPEG failed (%s)", name, text);
        goto done;
    }
    jpeg_stdio_dest(&cinfo, f);
    cinfo.image_width = (JDIMENSION)width;
    cinfo.image_height = (JDIMENSION)height;
    cinfo.input_components = channels;
    cinfo.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    cinfo.optimize_coding = TRUE;
    jpeg_start_compress(&cinfo, TRUE);
    if (icc && icc_len) jpeg_write_icc_profile(&cinfo, icc, (unsigned)icc_len);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW rows[1] = {(JSAMPROW)(pix + (size_t)cinfo.next_scanline * width * channels)};
        jpeg_write_scanlines(&cinfo, rows, 1);
    }
    jpeg_finish_compress(&cinfo); /* flushes; a failed write ends in the handler */
    ok = true;
done:
    jpeg_destroy_compress(&cinfo);
    if (fflush(f) != 0 && ok) {
        snprintf(msg, size, "%s: writing failed: %s", name, strerror(errno));
        ok = false;
    }
    if (fclose(f) != 0 && ok) {
        snprintf(msg, size, "%s: writing failed: %s", name, strerror(errno));
        ok = false;
    }
    return ok;
}
