/* test-orientation.c — the EXIF orientation of photos (tools/image-orientation.c):
 *  - image_orient for the eight values against the same turns built from
 *    three elementary ones (transpose, mirror left-right, mirror top-bottom);
 *  - exif_orientation on EXIF blocks written here byte by byte: both byte
 *    orders, with and without the "Exif\0\0" header, and blocks that must
 *    read as 1 (no tag, 0, 9, the wrong type, cut short, garbage);
 *  - image_load and image_probe on a JPEG (APP1) and a PNG (eXIf) written
 *    here: the picture comes upright, and as the unmarked file turned. */
#include "image-codec.h"
#include "image-io.h"
#include "image-orientation.h"

#include "../test-util.h"

#include <fcntl.h>
#include <png.h>
#include <stdint.h>
#include <unistd.h>

/* ------------------------------------------------------- the reference */

/* dst = the w x h plane src transposed (h x w) */
static void transpose(const float *src, float *dst, int w, int h) {
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) dst[(size_t)x * h + y] = src[(size_t)y * w + x];
}
static void mirror_lr(float *p, int w, int h) {
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w / 2; x++) {
            float t = p[(size_t)y * w + x];
            p[(size_t)y * w + x] = p[(size_t)y * w + w - 1 - x];
            p[(size_t)y * w + w - 1 - x] = t;
        }
}
static void mirror_tb(float *p, int w, int h) {
    for (int y = 0; y < h / 2; y++)
        for (int x = 0; x < w; x++) {
            float t = p[(size_t)y * w + x];
            p[(size_t)y * w + x] = p[(size_t)(h - 1 - y) * w + x];
            p[(size_t)(h - 1 - y) * w + x] = t;
        }
}

/* One plane upright from orientation o, as the EXIF standard describes the
 * eight cases: 5..8 are the transposed picture, then mirrored (6: turned
 * clockwise = transpose + mirror left-right; 8: anticlockwise = transpose
 * + mirror top-bottom; 7: both mirrors). Returns the new width in *W. */
static float *reference(const float *src, int o, int w, int h, int *W, int *H) {
    float *p = malloc((size_t)w * h * sizeof *p);
    if (o >= 5) {
        transpose(src, p, w, h);
        *W = h;
        *H = w;
    } else {
        memcpy(p, src, (size_t)w * h * sizeof *p);
        *W = w;
        *H = h;
    }
    const bool lr = o == 2 || o == 3 || o == 6 || o == 7;
    const bool tb = o == 3 || o == 4 || o == 7 || o == 8;
    if (lr) mirror_lr(p, *W, *H);
    if (tb) mirror_tb(p, *W, *H);
    return p;
}

static void test_turns(void) {
    const int w = 5, h = 3, n = w * h;
    for (int o = 0; o <= 9; o++) {
        image img;
        CHECK(image_alloc(&img, w, h, 3, true), "alloc");
        for (int i = 0; i < 3 * n; i++) img.color[i] = (float)i;
        for (int i = 0; i < n; i++) img.alpha[i] = 1000.0f + i;
        image before = img;
        before.color = malloc(3 * n * sizeof(float));
        before.alpha = malloc(n * sizeof(float));
        memcpy(before.color, img.color, 3 * n * sizeof(float));
        memcpy(before.alpha, img.alpha, n * sizeof(float));
        CHECK(image_orient(&img, o), "orientation %d: turning failed", o);
        const int eo = o >= 1 && o <= 8 ? o : 1; /* other values change nothing */
        int W = 0, H = 0;
        for (int c = 0; c <= 3; c++) {
            const float *plane = c < 3 ? before.color + (size_t)c * n : before.alpha;
            float *want = reference(plane, eo, w, h, &W, &H);
            CHECK(img.width == W && img.height == H, "orientation %d: %dx%d, expected %dx%d", o, img.width,
                  img.height, W, H);
            const float *got = c < 3 ? img.color + (size_t)c * n : img.alpha;
            if (img.width == W && img.height == H)
                CHECK(!memcmp(got, want, (size_t)n * sizeof(float)), "orientation %d: plane %d differs", o, c);
            free(want);
        }
        image_free(&img);
        image_free(&before);
    }
}

/* ---------------------------------------------------------- EXIF blocks */

static void put16(uint8_t *p, bool be, unsigned v) {
    p[be ? 0 : 1] = (uint8_t)(v >> 8);
    p[be ? 1 : 0] = (uint8_t)v;
}
static void put32(uint8_t *p, bool be, uint32_t v) {
    for (int i = 0; i < 4; i++) p[be ? i : 3 - i] = (uint8_t)(v >> (24 - 8 * i));
}

/* An EXIF block with one IFD0 entry, tag `tag` of `type` (3 = SHORT,
 * 4 = LONG) = value; with the "Exif\0\0" header of a JPEG APP1 or without
 * (a PNG eXIf). Returns its length. */
static size_t exif_block(uint8_t *b, bool be, bool header, unsigned tag, unsigned type, unsigned value) {
    size_t k = 0;
    if (header) {
        memcpy(b, "Exif\0\0", 6);
        k = 6;
    }
    uint8_t *t = b + k;
    t[0] = t[1] = be ? 'M' : 'I';
    put16(t + 2, be, 42);
    put32(t + 4, be, 8);     /* IFD0 right after the header */
    put16(t + 8, be, 1);     /* one entry */
    put16(t + 10, be, tag);  /* 0x0112: Orientation */
    put16(t + 12, be, type);
    put32(t + 14, be, 1);    /* one value */
    memset(t + 18, 0, 4);
    if (type == 3) put16(t + 18, be, value);
    else put32(t + 18, be, value);
    put32(t + 22, be, 0);    /* no next IFD */
    return k + 26;
}

static void test_exif_blocks(void) {
    uint8_t b[64];
    for (int be = 0; be <= 1; be++)
        for (int header = 0; header <= 1; header++)
            for (unsigned v = 1; v <= 8; v++) {
                size_t n = exif_block(b, be, header, 0x0112, 3, v);
                CHECK(exif_orientation(b, n) == (int)v, "%s-endian%s, value %u: read %d", be ? "big" : "little",
                      header ? " with Exif header" : "", v, exif_orientation(b, n));
            }
    size_t n = exif_block(b, true, true, 0x0112, 3, 0);
    CHECK(exif_orientation(b, n) == 1, "value 0 must read as 1");
    n = exif_block(b, true, true, 0x0112, 3, 9);
    CHECK(exif_orientation(b, n) == 1, "value 9 must read as 1");
    n = exif_block(b, true, true, 0x0112, 4, 6);
    CHECK(exif_orientation(b, n) == 1, "a LONG orientation (not the standard's SHORT) must read as 1");
    n = exif_block(b, true, true, 0x0110, 3, 6);
    CHECK(exif_orientation(b, n) == 1, "another tag (Model) must read as 1");
    n = exif_block(b, false, true, 0x0112, 3, 6);
    for (size_t cut = 0; cut < n; cut++) {
        int o = exif_orientation(b, cut);
        CHECK(o == 1 || cut >= 26, "cut to %zu bytes: read %d", cut, o);
    }
    for (unsigned seed = 1; seed <= 200; seed++) { /* garbage: any answer in 1..8, no crash */
        for (size_t i = 0; i < sizeof b; i++) b[i] = (uint8_t)((seed * 2654435761u) >> (i % 24));
        int o = exif_orientation(b, sizeof b);
        CHECK(o >= 1 && o <= 8, "garbage %u: read %d", seed, o);
    }
    CHECK(exif_orientation(NULL, 0) == 1, "no block must read as 1");
}

/* ------------------------------------------------------ files on disk */

static void write_file(const char *path, const uint8_t *data, size_t n) {
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(1);
    }
}

/* A w x h RGB PNG with an eXIf chunk holding `exif` (none when NULL). */
static void write_png(const char *path, int w, int h, const uint8_t *exif, size_t exif_len) {
    FILE *f = fopen(path, "wb");
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    if (!f || !png || !info || setjmp(png_jmpbuf(png))) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(1);
    }
    png_init_io(png, f);
    png_set_IHDR(png, info, w, h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    if (exif) png_set_eXIf_1(png, info, (png_uint_32)exif_len, (png_bytep)exif);
    png_write_info(png, info);
    uint8_t *row = malloc((size_t)w * 3);
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++)
            for (int c = 0; c < 3; c++) row[x * 3 + c] = (uint8_t)(x * 7 + y * 31 + c * 80);
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    free(row);
    fclose(f);
}

/* `plain` (unmarked) and `marked` (orientation o) must load as the same
 * picture, the marked one turned; image_probe gives the turned size. */
static void compare_files(const char *plain, const char *marked, int o, const char *what) {
    char msg[1024];
    image a, b;
    if (!image_load(plain, &a, msg, sizeof msg) || !image_load(marked, &b, msg, sizeof msg)) {
        CHECK(0, "%s: %s", what, msg);
        return;
    }
    int W = 0, H = 0, pw = 0, ph = 0;
    const int n = a.width * a.height;
    for (int c = 0; c < a.channels; c++) {
        float *want = reference(a.color + (size_t)c * n, o, a.width, a.height, &W, &H);
        CHECK(b.width == W && b.height == H && b.channels == a.channels, "%s: %dx%d, expected %dx%d", what,
              b.width, b.height, W, H);
        if (b.width == W && b.height == H && b.channels == a.channels)
            CHECK(!memcmp(b.color + (size_t)c * n, want, (size_t)n * sizeof(float)), "%s: channel %d differs",
                  what, c);
        free(want);
    }
    CHECK(image_probe(marked, &pw, &ph, msg, sizeof msg) && pw == W && ph == H, "%s: probe %dx%d, expected %dx%d",
          what, pw, ph, W, H);
    image_free(&a);
    image_free(&b);
}

static void test_files(const char *dir) {
    char plain[4096], marked[4096];
    uint8_t exif[64];
    for (int o = 1; o <= 8; o++) {
        /* PNG: the eXIf chunk (no "Exif" header, little-endian here) */
        snprintf(plain, sizeof plain, "%s/plain.png", dir);
        snprintf(marked, sizeof marked, "%s/marked-%d.png", dir, o);
        write_png(plain, 7, 4, NULL, 0);
        write_png(marked, 7, 4, exif, exif_block(exif, false, false, 0x0112, 3, (unsigned)o));
        char what[64];
        snprintf(what, sizeof what, "PNG, orientation %d", o);
        compare_files(plain, marked, o, what);

        /* JPEG: the same pixels coded once, then an APP1 put after SOI */
        snprintf(plain, sizeof plain, "%s/plain.jpg", dir);
        snprintf(marked, sizeof marked, "%s/marked-%d.jpg", dir, o);
        uint8_t pix[16 * 8 * 3];
        for (int i = 0; i < (int)sizeof pix; i++) pix[i] = (uint8_t)(i * 37);
        char msg[1024];
        int fd = open(plain, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        CHECK(fd >= 0 && codec_jpeg_write(fd, plain, pix, 16, 8, 3, 90, NULL, 0, msg, sizeof msg), "JPEG: %s", msg);
        if (fd >= 0) close(fd);
        size_t n;
        uint8_t *jpg = test_read_file(plain, &n);
        size_t e = exif_block(exif, true, true, 0x0112, 3, (unsigned)o);
        uint8_t *out = malloc(n + e + 4);
        memcpy(out, jpg, 2); /* SOI */
        out[2] = 0xFF;
        out[3] = 0xE1;
        out[4] = (uint8_t)((e + 2) >> 8);
        out[5] = (uint8_t)(e + 2);
        memcpy(out + 6, exif, e);
        memcpy(out + 6 + e, jpg + 2, n - 2);
        write_file(marked, out, n + e + 4);
        snprintf(what, sizeof what, "JPEG, orientation %d", o);
        compare_files(plain, marked, o, what);
        free(jpg);
        free(out);
    }
}

int main(void) {
    char msg[1024];
    if (!image_io_init(msg, sizeof msg)) {
        fprintf(stderr, "%s\n", msg);
        return 1;
    }
    test_turns();
    test_exif_blocks();
    char dir[] = "/tmp/mambair-orientation-XXXXXX";
    if (!mkdtemp(dir)) return 1;
    test_files(dir);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    image_io_exit();
    if (g_failures) fprintf(stderr, "%d failure(s)\n", g_failures);
    else printf("ok: orientation\n");
    return g_failures ? 1 : 0;
}
