/*
 * image-io.c — image files through GEGL (see image-io.h). Built without GEGL
 * it still links, and every entry point says the feature is missing.
 */
#include "image-io.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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

bool image_probe(const char *path, int *width, int *height, char *msg, size_t size) {
    *width = *height = 0;
    if (access(path, R_OK) != 0) return fail(msg, size, "%s: %s", path, strerror(errno));
    GeglNode *graph = gegl_node_new();
    GeglNode *load = gegl_node_new_child(graph, "operation", "gegl:load", "path", path, NULL);
    GeglRectangle r = gegl_node_get_bounding_box(load);
    g_object_unref(graph);
    if (r.width < 1 || r.height < 1)
        return fail(msg, size, "%s: not an image file GEGL can read (or empty image)", path);
    *width = r.width;
    *height = r.height;
    return true;
}

/* Rows converted per gegl_buffer_get: the interleaved copy stays small. */
#define LOAD_STRIP_PIXELS ((size_t)1 << 20)

bool image_load(const char *path, image *img, char *msg, size_t size) {
    memset(img, 0, sizeof *img);
    if (access(path, R_OK) != 0) return fail(msg, size, "%s: %s", path, strerror(errno));
    GeglBuffer *buffer = NULL;
    GeglNode *graph = gegl_node_new();
    GeglNode *load = gegl_node_new_child(graph, "operation", "gegl:load", "path", path, NULL);
    /* refuse from the header, before GEGL decodes the pixels */
    GeglRectangle bb = gegl_node_get_bounding_box(load);
    if ((int64_t)bb.width * bb.height > IMAGE_MAX_PIXELS) {
        g_object_unref(graph);
        return fail(msg, size, "%s: %dx%d pixels is more than the %lld-pixel limit", path, bb.width,
                    bb.height, (long long)IMAGE_MAX_PIXELS);
    }
    GeglNode *sink = gegl_node_new_child(graph, "operation", "gegl:buffer-sink", "buffer", &buffer, NULL);
    gegl_node_link(load, sink);
    gegl_node_process(sink);
    g_object_unref(graph);
    if (!buffer) return fail(msg, size, "%s: not an image file GEGL can read", path);
    const GeglRectangle *r = gegl_buffer_get_extent(buffer);
    if (r->width < 1 || r->height < 1) {
        g_object_unref(buffer);
        return fail(msg, size, "%s: not an image file GEGL can read (or empty image)", path);
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
            if (alpha) img->alpha[base + i] = px[i * nc + img->channels];
        }
    }
    g_object_unref(buffer);
    free(px);
    return true;
}

static const char *extension(const char *path) {
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    return dot && (!slash || dot > slash) ? dot + 1 : "";
}

/* The saver for a file name, and whether it takes a "bitdepth" property. */
static const char *saver_for(const char *ext) {
    static const struct {
        const char *ext, *op;
    } table[] = {{"png", "gegl:png-save"},  {"jpg", "gegl:jpg-save"},   {"jpeg", "gegl:jpg-save"},
                 {"tif", "gegl:tiff-save"}, {"tiff", "gegl:tiff-save"}, {"webp", "gegl:webp-save"},
                 {"exr", "gegl:exr-save"},  {"ppm", "gegl:ppm-save"},   {"pgm", "gegl:ppm-save"},
                 {"pnm", "gegl:ppm-save"}};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (!strcasecmp(ext, table[i].ext)) return gegl_has_operation(table[i].op) ? table[i].op : NULL;
    return NULL;
}

/* Free bytes for an unprivileged writer on the filesystem holding `path`'s
 * folder; SIZE_MAX when unknown. */
static uint64_t free_bytes_beside(const char *path) {
    char dir[4096];
    const char *slash = strrchr(path, '/');
    if (!slash) snprintf(dir, sizeof dir, ".");
    else snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
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

bool image_save(const char *path, const image *img, char *msg, size_t size) {
    const char *ext = extension(path);
    const char *op = saver_for(ext);
    if (!op) return fail(msg, size, "%s: cannot write '.%s' files (png, jpg, tif, webp, exr, ppm)", path, ext);
    bool alpha = img->alpha != NULL;
    if (alpha && (!strcmp(op, "gegl:jpg-save") || !strcmp(op, "gegl:ppm-save"))) alpha = false;
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
    /* Refuse up front when even the uncompressed pixels would not fit: some
     * savers (JPEG) end the process on a write error. */
    static const unsigned sample_bytes[] = {1, 2, 4, 2, 4};
    const uint64_t raw = (uint64_t)n * (uint64_t)nc * sample_bytes[t] + SAVE_MIN_FREE + (1 << 16);
    const uint64_t avail = free_bytes_beside(path);
    if (avail < raw)
        return fail(msg, size, "%s: not enough free space on the disk (%llu KiB free, up to %llu KiB needed)",
                    path, (unsigned long long)(avail >> 10), (unsigned long long)(raw >> 10));
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

    /* temporary file beside the target, same extension so GEGL picks the format */
    size_t plen = strlen(path) + 64;
    char *tmp = malloc(plen);
    if (!tmp) {
        g_object_unref(buffer);
        return fail(msg, size, "%s: out of memory", path);
    }
    const char *slash = strrchr(path, '/');
    int dir_len = slash ? (int)(slash - path + 1) : 0;
    snprintf(tmp, plen, "%.*s.%s.%ld.partial.%s", dir_len, path, slash ? slash + 1 : path, (long)getpid(), ext);

    GeglNode *graph = gegl_node_new();
    GeglNode *in = gegl_node_new_child(graph, "operation", "gegl:buffer-source", "buffer", buffer, NULL);
    GeglNode *save = gegl_node_new_child(graph, "operation", op, "path", tmp, NULL);
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

    /* GEGL's savers report errors only as warnings: check the file exists and is not empty */
    FILE *f = fopen(tmp, "rb");
    long len = -1;
    if (f) {
        fseek(f, 0, SEEK_END);
        len = ftell(f);
        fclose(f);
    }
    if (len <= 0) {
        unlink(tmp);
        free(tmp);
        return fail(msg, size, "%s: writing failed (is the folder writable?)", path);
    }
    if (save_warnings > 0 || free_bytes_beside(path) < SAVE_MIN_FREE) {
        unlink(tmp); /* possibly cut short: never rename it into place */
        free(tmp);
        return fail(msg, size, "%s: writing failed (disk full or I/O error); nothing was written", path);
    }
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        free(tmp);
        return fail(msg, size, "%s: %s", path, strerror(e));
    }
    free(tmp);
    return true;
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

#endif
