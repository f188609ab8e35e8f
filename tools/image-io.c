/*
 * image-io.c — image files through GEGL (see image-io.h). Built without GEGL
 * it still links, and every entry point says the feature is missing.
 */
#include "image-io.h"

#include "image-codec.h"
#include "image-file.h"
#include "image-orientation.h"
#include "interrupt.h"
#include "output-file.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

static bool fail(char *msg, size_t size, const char *fmt, ...) {
    if (msg && size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, size, fmt, ap);
        va_end(ap);
    }
    return false;
}

const char *image_type_name(image_type t) {
    static const char *names[] = {"8-bit", "16-bit", "32-bit integer", "half float", "float"};
    return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "?";
}

void image_free(image *img) {
    if (!img) return;
    free(img->color);
    free(img->alpha);
    img->color = img->alpha = NULL;
}

bool image_alloc(image *img, int width, int height, int channels, bool with_alpha) {
    memset(img, 0, sizeof *img);
    if (width < 1 || height < 1 || (channels != 1 && channels != 3) ||
        (int64_t)width * height > IMAGE_MAX_PIXELS)
        return false;
    size_t n = (size_t)width * (size_t)height;
    img->width = width;
    img->height = height;
    img->channels = channels;
    img->color = calloc(n * (size_t)channels, sizeof(float));
    img->alpha = with_alpha ? calloc(n, sizeof(float)) : NULL;
    if (!img->color || (with_alpha && !img->alpha)) {
        image_free(img);
        return false;
    }
    return true;
}

bool image_save_keeps_alpha(const char *path) {
    static const char *without[] = {".jpg", ".jpeg", ".ppm", ".pgm", ".pnm"};
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof without / sizeof without[0]; i++)
        if (!strcasecmp(dot, without[i])) return false;
    return true;
}

bool image_has_transparency(const image *img) {
    if (!img->alpha) return false;
    size_t n = (size_t)img->width * img->height;
    for (size_t i = 0; i < n; i++)
        if (!(img->alpha[i] >= 1.0f)) return true;
    return false;
}

bool image_file_name(const char *name) {
    const char *dot = strrchr(name, '.');
    if (!dot) return false;
    static const char *exts[] = {"png", "jpg", "jpeg", "bmp", "tif", "tiff", "webp", "ppm", "pgm"};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (!strcasecmp(dot + 1, exts[i])) return true;
    return false;
}

int image_name_cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

uint8_t *image_to_u8(const image *img) {
    size_t n = (size_t)img->width * img->height;
    uint8_t *out = malloc(n * (size_t)img->channels);
    if (!out) return NULL;
    for (int c = 0; c < img->channels; c++)
        for (size_t i = 0; i < n; i++) {
            float v = img->color[(size_t)c * n + i] * 255.0f;
            out[i * img->channels + c] = v <= 0.0f ? 0 : v >= 255.0f ? 255 : (uint8_t)lrintf(v);
        }
    return out;
}

#ifdef MAMBAIR_HAVE_GEGL
#include <gegl.h>

static const char *extension(const char *path) {
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    return dot && (!slash || dot > slash) ? dot + 1 : "";
}

/* at least one row, at most all of them */
#define MB_CLAMP_ROWS(k, h) ((k) < 1 ? 1 : (k) > (size_t)(h) ? (size_t)(h) : (k))

bool image_io_available(void) { return true; }

bool image_io_init(char *msg, size_t size) {
    (void)msg;
    (void)size;
    gegl_init(NULL, NULL);
    return true;
}

void image_io_exit(void) { gegl_exit(); }

static image_type type_of(const Babl *format) {
    const Babl *t = babl_format_get_type(format, 0);
    const char *name = babl_get_name(t);
    if (!strcmp(name, "u8")) return IMAGE_U8;
    if (!strcmp(name, "u16")) return IMAGE_U16;
    if (!strcmp(name, "u32")) return IMAGE_U32;
    if (!strcmp(name, "half")) return IMAGE_HALF;
    return IMAGE_FLOAT;
}

static bool is_gray(const Babl *format) {
    const char *model = babl_get_name(babl_format_get_model(format));
    return model[0] == 'Y'; /* Y, Y', Y~, YA, Y'A, YaA, ... */
}

/* The GEGL loader for a format found from the content; NULL (msg says
 * why) when this GEGL has none. Never gegl:load, whose fallback for what it
 * does not know runs ImageMagick on a fixed temporary path. */
static const char *loader_for(image_format f, const char *path, char *msg, size_t size) {
    static const char *ops[] = {NULL, "gegl:png-load", "gegl:jpg-load", "gegl:tiff-load",
                                "gegl:webp-load", "gegl:exr-load", "gegl:ppm-load"};
    const char *op = (unsigned)f < sizeof ops / sizeof ops[0] ? ops[f] : NULL;
    if (!op || !gegl_has_operation(op)) {
        snprintf(msg, size, "%s: is a %s file, but this GEGL cannot read %s files", path, image_format_name(f),
                 image_format_name(f));
        return NULL;
    }
    return op;
}

/* What GEGL opens: the file already opened and checked (through /proc), so
 * nothing swapped in at `path` since then is read; the path without /proc. */
static void path_of_fd(int fd, const char *path, char *out, size_t size) {
    snprintf(out, size, "/proc/self/fd/%d", fd);
    if (access(out, R_OK) != 0) snprintf(out, size, "%s", path);
}

/* Open and check `path` (regular file, format from the content; PNG and
 * JPEG decoded completely unless header_only); fd, format, loader, and for
 * PNG and JPEG what the header says (other formats: zero size, orientation
 * 1). */
static int open_checked(const char *path, bool header_only, image_format *f, const char **op,
                        codec_header *hdr, char *msg, size_t size) {
    *hdr = (codec_header){.orientation = 1};
    int fd = image_file_open(path, f, msg, size);
    if (fd < 0) return -1;
    bool ok = (*op = loader_for(*f, path, msg, size)) != NULL;
    if (ok && *f == IMAGE_FORMAT_PNG) ok = codec_png_check(fd, path, header_only, hdr, msg, size);
    if (ok && *f == IMAGE_FORMAT_JPEG) ok = codec_jpeg_check(fd, path, header_only, hdr, msg, size);
    if (!ok) {
        close(fd);
        return -1;
    }
    return fd;
}

bool image_probe(const char *path, int *width, int *height, char *msg, size_t size) {
    *width = *height = 0;
    image_format f;
    const char *op;
    codec_header hdr;
    int fd = open_checked(path, true, &f, &op, &hdr, msg, size);
    if (fd < 0) return false;
    int w = hdr.width, h = hdr.height;
    const int o = hdr.orientation;
    if (f != IMAGE_FORMAT_PNG && f != IMAGE_FORMAT_JPEG) { /* the size from GEGL's header read */
        char src[PATH_MAX];
        path_of_fd(fd, path, src, sizeof src);
        GeglNode *graph = gegl_node_new();
        GeglNode *load = gegl_node_new_child(graph, "operation", op, "path", src, NULL);
        GeglRectangle r = gegl_node_get_bounding_box(load);
        g_object_unref(graph);
        w = r.width;
        h = r.height;
    }
    close(fd);
    if (w < 1 || h < 1)
        return fail(msg, size, "%s: the %s file is damaged (no image size in it)", path, image_format_name(f));
    *width = orientation_swaps(o) ? h : w; /* the size as the picture is shown */
    *height = orientation_swaps(o) ? w : h;
    return true;
}

int image_jpeg_quality(const char *path) {
    char msg[PATH_MAX + 256];
    image_format f;
    int fd = image_file_open(path, &f, msg, sizeof msg);
    if (fd < 0) return 0;
    codec_header hdr = {0};
    if (f == IMAGE_FORMAT_JPEG && !codec_jpeg_check(fd, path, true, &hdr, msg, sizeof msg)) hdr.quality = 0;
    close(fd);
    return hdr.quality;
}

/* Rows converted per gegl_buffer_get: the interleaved copy stays small. */
#define LOAD_STRIP_PIXELS ((size_t)1 << 20)

bool image_load(const char *path, image *img, char *msg, size_t size) {
    memset(img, 0, sizeof *img);
    image_format f;
    const char *op;
    codec_header hdr;
    int fd = open_checked(path, false, &f, &op, &hdr, msg, size);
    if (fd < 0) return false;
    const int cw = hdr.width, ch = hdr.height, orientation = hdr.orientation;
    char src[PATH_MAX];
    path_of_fd(fd, path, src, sizeof src);
    GeglBuffer *buffer = NULL;
    GeglNode *graph = gegl_node_new();
    GeglNode *load = gegl_node_new_child(graph, "operation", op, "path", src, NULL);
    /* refuse from the header, before GEGL decodes the pixels */
    GeglRectangle bb = gegl_node_get_bounding_box(load);
    if ((int64_t)bb.width * bb.height > IMAGE_MAX_PIXELS) {
        g_object_unref(graph);
        close(fd);
        return fail(msg, size, "%s: %dx%d pixels is more than the %lld-pixel limit", path, bb.width,
                    bb.height, (long long)IMAGE_MAX_PIXELS);
    }
    GeglNode *sink = gegl_node_new_child(graph, "operation", "gegl:buffer-sink", "buffer", &buffer, NULL);
    gegl_node_link(load, sink);
    gegl_node_process(sink);
    g_object_unref(graph);
    close(fd);
    if (!buffer) return fail(msg, size, "%s: the %s file is damaged (GEGL could not read it)", path, image_format_name(f));
    const GeglRectangle *r = gegl_buffer_get_extent(buffer);
    /* PNG and JPEG were decoded whole above; the image must be the one checked */
    if (r->width < 1 || r->height < 1 ||
        ((f == IMAGE_FORMAT_PNG || f == IMAGE_FORMAT_JPEG) && (r->width != cw || r->height != ch))) {
        g_object_unref(buffer);
        return fail(msg, size, "%s: the %s file is damaged (GEGL could not read its pixels)", path,
                    image_format_name(f));
    }
    if ((int64_t)r->width * r->height > IMAGE_MAX_PIXELS) {
        g_object_unref(buffer);
        return fail(msg, size, "%s: %dx%d pixels is more than the %lld-pixel limit", path, r->width,
                    r->height, (long long)IMAGE_MAX_PIXELS);
    }
    const Babl *format = gegl_buffer_get_format(buffer);
    const Babl *space = babl_format_get_space(format);
    bool gray = is_gray(format), alpha = babl_format_has_alpha(format);
    if (!image_alloc(img, r->width, r->height, gray ? 1 : 3, alpha)) {
        g_object_unref(buffer);
        return fail(msg, size, "%s: out of memory for %dx%d pixels", path, r->width, r->height);
    }
    img->type = type_of(format);
    img->space = space;
    int nc = img->channels + (alpha ? 1 : 0);
    const char *name = gray ? (alpha ? "Y'A float" : "Y' float") : (alpha ? "R'G'B'A float" : "R'G'B' float");
    const size_t n = (size_t)r->width * r->height;
    const int strip = (int)MB_CLAMP_ROWS(LOAD_STRIP_PIXELS / (size_t)r->width, r->height);
    float *px = malloc((size_t)strip * r->width * (size_t)nc * sizeof *px);
    if (!px) {
        image_free(img);
        g_object_unref(buffer);
        return fail(msg, size, "%s: out of memory for %dx%d pixels", path, r->width, r->height);
    }
    const Babl *fmt = babl_format_with_space(name, space);
    for (int y0 = 0; y0 < r->height; y0 += strip) {
        const int rows = r->height - y0 < strip ? r->height - y0 : strip;
        const GeglRectangle part = {r->x, r->y + y0, r->width, rows};
        gegl_buffer_get(buffer, &part, 1.0, fmt, px, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
        const size_t base = (size_t)y0 * r->width, m = (size_t)rows * r->width;
        for (size_t i = 0; i < m; i++) {
            for (int c = 0; c < img->channels; c++) img->color[(size_t)c * n + base + i] = px[i * nc + c];
            /* NaN or infinite alpha (float files) is read as 0, as colour is
             * (core/tile/tiler.c): every output value stays finite */
            if (alpha) {
                const float a = px[i * nc + img->channels];
                img->alpha[base + i] = isfinite(a) ? a : 0.0f;
            }
        }
    }
    g_object_unref(buffer);
    free(px);
    if (!image_orient(img, orientation)) {
        image_free(img);
        return fail(msg, size, "%s: out of memory for %dx%d pixels", path, r->width, r->height);
    }
    return true;
}


/* The format written for a file name (IMAGE_FORMAT_UNKNOWN: none) and the
 * GEGL saver for it (NULL for JPEG, which is written by image-codec.c). */
static image_format saver_for(const char *ext, const char **op) {
    static const struct {
        const char *ext;
        image_format f;
        const char *op;
    } table[] = {{"png", IMAGE_FORMAT_PNG, "gegl:png-save"},   {"jpg", IMAGE_FORMAT_JPEG, NULL},
                 {"jpeg", IMAGE_FORMAT_JPEG, NULL},             {"tif", IMAGE_FORMAT_TIFF, "gegl:tiff-save"},
                 {"tiff", IMAGE_FORMAT_TIFF, "gegl:tiff-save"}, {"webp", IMAGE_FORMAT_WEBP, "gegl:webp-save"},
                 {"exr", IMAGE_FORMAT_EXR, "gegl:exr-save"},    {"ppm", IMAGE_FORMAT_PNM, "gegl:ppm-save"},
                 {"pgm", IMAGE_FORMAT_PNM, "gegl:ppm-save"},    {"pnm", IMAGE_FORMAT_PNM, "gegl:ppm-save"}};
    *op = NULL;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (!strcasecmp(ext, table[i].ext)) {
            if (table[i].op && !gegl_has_operation(table[i].op)) return IMAGE_FORMAT_UNKNOWN;
            *op = table[i].op;
            return table[i].f;
        }
    return IMAGE_FORMAT_UNKNOWN;
}

/* The sentence for a file name mambair cannot write. */
static bool unwritable(const char *path, char *msg, size_t size) {
    if (!*extension(path))
        return fail(msg, size, "%s: the name has no extension to choose the format by (png, jpg, tif, webp, exr, ppm)",
                    path);
    return fail(msg, size, "%s: cannot write '.%s' files (png, jpg, tif, webp, exr, ppm)", path, extension(path));
}

bool image_save_check(const char *path, int *stale, char *msg, size_t size) {
    const char *op;
    if (stale) *stale = 0;
    if (saver_for(extension(path), &op) == IMAGE_FORMAT_UNKNOWN) return unwritable(path, msg, size);
    return output_check(path, stale, msg, size);
}

bool image_check(const char *path, char *msg, size_t size) {
    image_format f;
    int fd = image_file_open(path, &f, msg, size);
    if (fd < 0) return false;
    close(fd);
    return loader_for(f, path, msg, size) != NULL;
}

/* Free bytes for an unprivileged writer on the filesystem holding `path`'s
 * folder; SIZE_MAX when unknown. */
static uint64_t free_bytes_beside(const char *path) {
    char dir[PATH_MAX];
    output_dir_of(path, dir, sizeof dir);
    struct statvfs sv;
    if (statvfs(dir, &sv) != 0) return UINT64_MAX;
    return (uint64_t)sv.f_bavail * sv.f_frsize;
}

/* GEGL's savers report write errors (disk full, I/O error) only as GLib
 * warnings or on stderr, and some keep going: count them while saving. */
static int save_warnings;
static void count_warning(const gchar *domain, GLogLevelFlags level, const gchar *text, gpointer user) {
    if (!(level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))) {
        g_log_default_handler(domain, level, text, user); /* debug, info: as before */
        return;
    }
    if (save_warnings++ == 0) fprintf(stderr, "mambair: %s\n", text);
}
static void count_printerr(const gchar *text) {
    if (!strstr(text, "rror")) {
        fputs(text, stderr);
        return;
    }
    if (save_warnings++ == 0) fputs(text, stderr);
}

/* Headroom kept free on the output's filesystem: a save that would leave
 * less is treated as a full disk (the file may have been cut short). */
#define SAVE_MIN_FREE ((uint64_t)64 << 10)

/* The PNM header's width, height, channels (P5 gray, P6 colour: the saver
 * may write a gray picture as either) and maxval, and where the pixels
 * start. */
static bool pnm_header(FILE *f, int *w, int *h, int *channels, int *maxval, long *data_at) {
    int c1 = fgetc(f), c2 = fgetc(f);
    if (c1 != 'P' || (c2 != '5' && c2 != '6')) return false;
    *channels = c2 == '5' ? 1 : 3;
    if (fscanf(f, "%d %d %d", w, h, maxval) != 3) return false;
    if (fgetc(f) == EOF) return false; /* the one whitespace before the pixels */
    *data_at = ftell(f);
    return *w > 0 && *h > 0 && *maxval > 0 && *maxval < 65536;
}

/* The written file (at `tmp`) is complete: every saver's output is read
 * back as far as its format allows. */
static bool verify_written(const char *path, const char *tmp, image_format f, const image *img, char *msg,
                           size_t size) {
    int fd = open(tmp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
        if (fd >= 0) close(fd);
        return fail(msg, size, "%s: writing failed (nothing was written)", path);
    }
    bool ok = true;
    int w = 0, h = 0;
    char why[PATH_MAX + 256];
    codec_header hdr;
    if (f == IMAGE_FORMAT_PNG || f == IMAGE_FORMAT_JPEG) {
        ok = f == IMAGE_FORMAT_PNG ? codec_png_check(fd, path, false, &hdr, why, sizeof why)
                                   : codec_jpeg_check(fd, path, false, &hdr, why, sizeof why);
        w = hdr.width;
        h = hdr.height;
    } else if (f == IMAGE_FORMAT_PNM) { /* exactly header + pixels */
        FILE *fp = fdopen(dup(fd), "rb");
        int channels = 0, maxval = 0;
        long at = 0;
        ok = fp && pnm_header(fp, &w, &h, &channels, &maxval, &at);
        if (ok) {
            uint64_t want = (uint64_t)at + (uint64_t)w * h * channels * (maxval > 255 ? 2 : 1);
            ok = (uint64_t)st.st_size == want;
        }
        if (fp) fclose(fp);
        snprintf(why, sizeof why, "%s: the PPM file was cut short", path);
    } else if (f == IMAGE_FORMAT_WEBP) { /* the RIFF size covers the whole file */
        unsigned char head[12];
        ok = pread(fd, head, sizeof head, 0) == (ssize_t)sizeof head && !memcmp(head, "RIFF", 4);
        uint32_t riff = ok ? (uint32_t)head[4] | (uint32_t)head[5] << 8 | (uint32_t)head[6] << 16 | (uint32_t)head[7] << 24 : 0;
        ok = ok && (uint64_t)riff + 8 == (uint64_t)st.st_size;
        w = img->width;
        h = img->height;
        snprintf(why, sizeof why, "%s: the WebP file was cut short", path);
    } else { /* TIFF, OpenEXR: GEGL reads the size back (a TIFF's directory comes last) */
        char src[PATH_MAX];
        path_of_fd(fd, tmp, src, sizeof src);
        GeglNode *graph = gegl_node_new();
        GeglNode *load = gegl_node_new_child(graph, "operation",
                                             f == IMAGE_FORMAT_TIFF ? "gegl:tiff-load" : "gegl:exr-load", "path",
                                             src, NULL);
        GeglRectangle r = gegl_node_get_bounding_box(load);
        g_object_unref(graph);
        w = r.width;
        h = r.height;
        snprintf(why, sizeof why, "%s: the %s file could not be read back", path, image_format_name(f));
    }
    close(fd);
    if (ok && (w != img->width || h != img->height)) {
        ok = false;
        snprintf(why, sizeof why, "%s: the %s file written could not be read back", path, image_format_name(f));
    }
    if (!ok) return fail(msg, size, "%s (disk full, file too large, or I/O error); nothing was written", why);
    return true;
}

/* img as 8-bit interleaved colour (alpha dropped) through image-codec.c. */
static bool save_jpeg(const char *path, int fd, const image *img, char *msg, size_t size) {
    uint8_t *pix = image_to_u8(img);
    if (!pix) return fail(msg, size, "%s: out of memory", path);
    const void *icc = NULL;
    int icc_len = 0;
    if (img->space && img->space != babl_space("sRGB")) icc = babl_space_get_icc(img->space, &icc_len);
    bool ok = codec_jpeg_write(fd, path, pix, img->width, img->height, img->channels, 95, icc,
                               icc_len > 0 ? (size_t)icc_len : 0, msg, size);
    free(pix);
    return ok;
}

/* img through a GEGL saver into the temporary file `fd`. GEGL is given the
 * file through /proc/self/fd: GIO then writes into that very file (it treats
 * the name as a symlink and writes in place), instead of "replacing" it with
 * a temporary file of its own (.goutputstream-XXXXXX) that a failure or a
 * signal would leave behind. */
static bool save_gegl(const char *path, int fd, const char *tmp, const char *op, const image *img, char *msg,
                      size_t size) {
    char target[PATH_MAX];
    path_of_fd(fd, tmp, target, sizeof target);
    bool alpha = img->alpha != NULL;
    if (alpha && !strcmp(op, "gegl:ppm-save")) alpha = false;
    static const char *types[] = {"u8", "u16", "u32", "half", "float"};
    image_type t = img->type;
    char store_name[64];
    const char *model = img->channels == 1 ? (alpha ? "Y'A" : "Y'") : (alpha ? "R'G'B'A" : "R'G'B'");
    snprintf(store_name, sizeof store_name, "%s %s", model, types[t]);
    const Babl *space = img->space;
    const Babl *store = babl_format_with_space(store_name, space);
    char src_name[64];
    snprintf(src_name, sizeof src_name, "%s float", model);
    const Babl *src = babl_format_with_space(src_name, space);
    int nc = img->channels + (alpha ? 1 : 0);
    size_t n = (size_t)img->width * img->height;
    float *px = malloc(n * (size_t)nc * sizeof *px);
    if (!px) return fail(msg, size, "%s: out of memory", path);
    for (size_t i = 0; i < n; i++) {
        for (int c = 0; c < img->channels; c++) px[i * nc + c] = img->color[(size_t)c * n + i];
        if (alpha) px[i * nc + img->channels] = img->alpha[i];
    }
    GeglRectangle rect = {0, 0, img->width, img->height};
    GeglBuffer *buffer = gegl_buffer_new(&rect, store);
    gegl_buffer_set(buffer, &rect, 0, src, px, GEGL_AUTO_ROWSTRIDE);
    free(px);

    GeglNode *graph = gegl_node_new();
    GeglNode *in = gegl_node_new_child(graph, "operation", "gegl:buffer-source", "buffer", buffer, NULL);
    GeglNode *save = gegl_node_new_child(graph, "operation", op, "path", target, NULL);
    int bits = t == IMAGE_U8 ? 8 : t == IMAGE_U16 ? 16 : 32;
    if (!strcmp(op, "gegl:tiff-save")) { /* TIFF stores every type: half as 16-bit float */
        bool fp = t == IMAGE_HALF || t == IMAGE_FLOAT;
        gegl_node_set(save, "bitdepth", t == IMAGE_HALF ? 16 : bits, "fp", fp ? 1 : 0, NULL);
    } else if (gegl_operation_find_property(op, "bitdepth")) {
        gegl_node_set(save, "bitdepth", bits > 16 ? 16 : bits, NULL); /* PNG/PPM: 8 or 16 */
    }
    if (gegl_operation_find_property(op, "quality")) gegl_node_set(save, "quality", 95, NULL);
    gegl_node_link(in, save);
    save_warnings = 0;
    GLogFunc old_log = g_log_set_default_handler(count_warning, NULL);
    guint h_gegl = g_log_set_handler("GEGL", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL, count_warning, NULL);
    GPrintFunc old_printerr = g_set_printerr_handler(count_printerr);
    gegl_node_process(save);
    g_set_printerr_handler(old_printerr);
    g_log_remove_handler("GEGL", h_gegl);
    g_log_set_default_handler(old_log, NULL);
    g_object_unref(graph);
    g_object_unref(buffer);
    if (save_warnings > 0)
        return fail(msg, size, "%s: writing failed (disk full or I/O error); nothing was written", path);
    return true;
}

bool image_save(const char *path, const image *img, char *msg, size_t size) {
    const char *op;
    const image_format f = saver_for(extension(path), &op);
    if (f == IMAGE_FORMAT_UNKNOWN) return unwritable(path, msg, size);
    /* refuse up front when even the uncompressed pixels would not fit */
    static const unsigned sample_bytes[] = {1, 2, 4, 2, 4};
    const size_t n = (size_t)img->width * img->height;
    const int nc = img->channels + (img->alpha ? 1 : 0);
    const uint64_t raw = (uint64_t)n * (uint64_t)nc * sample_bytes[img->type] + SAVE_MIN_FREE + (1 << 16);
    const uint64_t avail = free_bytes_beside(path);
    if (avail < raw)
        return fail(msg, size, "%s: not enough free space on the disk (%llu KiB free, up to %llu KiB needed)",
                    path, (unsigned long long)(avail >> 10), (unsigned long long)(raw >> 10));
    output_temp t;
    if (!output_temp_create(path, &t, msg, size)) return false;
    bool ok = f == IMAGE_FORMAT_JPEG ? save_jpeg(path, t.fd, img, msg, size)
                                     : save_gegl(path, t.fd, t.path, op, img, msg, size);
    if (ok) ok = verify_written(path, t.path, f, img, msg, size);
    if (ok && free_bytes_beside(path) < SAVE_MIN_FREE) /* possibly cut short without a sign */
        ok = fail(msg, size, "%s: writing failed (disk full); nothing was written", path);
    if (!ok) {
        output_temp_discard(&t);
        return false;
    }
    return output_temp_commit(&t, path, msg, size);
}

#else /* built without GEGL */

#define NO_GEGL "this mambair was built without GEGL, so it cannot read or write image files"

bool image_io_available(void) { return false; }
bool image_io_init(char *msg, size_t size) { return fail(msg, size, NO_GEGL); }
void image_io_exit(void) {}
bool image_load(const char *path, image *img, char *msg, size_t size) {
    (void)path;
    memset(img, 0, sizeof *img);
    return fail(msg, size, NO_GEGL);
}
bool image_probe(const char *path, int *width, int *height, char *msg, size_t size) {
    (void)path;
    *width = *height = 0;
    return fail(msg, size, NO_GEGL);
}
bool image_save(const char *path, const image *img, char *msg, size_t size) {
    (void)path;
    (void)img;
    return fail(msg, size, NO_GEGL);
}
bool image_save_check(const char *path, int *stale, char *msg, size_t size) {
    (void)path;
    if (stale) *stale = 0;
    return fail(msg, size, NO_GEGL);
}
bool image_check(const char *path, char *msg, size_t size) {
    (void)path;
    return fail(msg, size, NO_GEGL);
}
int image_jpeg_quality(const char *path) {
    (void)path;
    return 0;
}

#endif
