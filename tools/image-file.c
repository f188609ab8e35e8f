/* image-file.c — regular-file check and format from the magic bytes (see image-file.h). */
#include "image-file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *image_format_name(image_format f) {
    static const char *names[] = {"unknown", "PNG", "JPEG", "TIFF", "WebP", "OpenEXR", "PPM/PGM", "refused"};
    return (unsigned)f < sizeof names / sizeof names[0] ? names[f] : "?";
}

static bool starts(const unsigned char *h, size_t n, const char *magic, size_t k) {
    return n >= k && memcmp(h, magic, k) == 0;
}

/* The format from the first bytes; *other names a recognised format that is
 * not read (else NULL). */
static image_format sniff(const unsigned char *h, size_t n, const char **other) {
    *other = NULL;
    if (starts(h, n, "\x89PNG\r\n\x1a\n", 8)) return IMAGE_FORMAT_PNG;
    if (starts(h, n, "\xff\xd8\xff", 3)) return IMAGE_FORMAT_JPEG;
    if (starts(h, n, "II*\0", 4) || starts(h, n, "MM\0*", 4)) return IMAGE_FORMAT_TIFF;
    if (starts(h, n, "II+\0", 4) || starts(h, n, "MM\0+", 4)) return IMAGE_FORMAT_TIFF; /* BigTIFF */
    if (starts(h, n, "RIFF", 4) && n >= 12 && !memcmp(h + 8, "WEBP", 4)) return IMAGE_FORMAT_WEBP;
    if (starts(h, n, "\x76\x2f\x31\x01", 4)) return IMAGE_FORMAT_EXR;
    if (n >= 3 && h[0] == 'P' && h[1] >= '2' && h[1] <= '6' && h[1] != '4' &&
        (h[2] == ' ' || h[2] == '\n' || h[2] == '\r' || h[2] == '\t'))
        return IMAGE_FORMAT_PNM;
    static const struct {
        const char *magic;
        size_t len;
        const char *name;
    } known[] = {
        {"P1", 2, "PBM (1-bit)"},       {"P4", 2, "PBM (1-bit)"},      {"P7", 2, "PAM"},
        {"PF", 2, "PFM"},
        {"Pf", 2, "PFM"},               {"GIF8", 4, "GIF"},            {"BM", 2, "BMP"},
        {"8BPS", 4, "Photoshop (PSD)"}, {"#?RADIANCE", 10, "Radiance HDR"}, {"#?RGBE", 6, "Radiance HDR"},
        {"%PDF", 4, "PDF"},             {"gimp xcf", 8, "GIMP XCF"},   {"\0\0\1\0", 4, "Windows icon"},
        {"qoif", 4, "QOI"},             {"\xff\x0a", 2, "JPEG XL"},    {"\0\0\0\x0cjXL ", 8, "JPEG XL"},
        {"\0\0\0\x0cjP  ", 8, "JPEG 2000"}, {"\xff\x4f\xff\x51", 4, "JPEG 2000"},
        {"<?xml", 5, "XML or SVG"},     {"<svg", 4, "SVG"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (starts(h, n, known[i].magic, known[i].len)) {
            *other = known[i].name;
            return IMAGE_FORMAT_REFUSED;
        }
    if (n >= 12 && !memcmp(h + 4, "ftyp", 4)) { /* ISO media: HEIF, AVIF, ... */
        *other = !memcmp(h + 8, "avif", 4) ? "AVIF" : "HEIF or another ISO media";
        return IMAGE_FORMAT_REFUSED;
    }
    return IMAGE_FORMAT_UNKNOWN;
}

static const char *kind_of(mode_t m) {
    if (S_ISDIR(m)) return "is a folder, not an image file";
    if (S_ISFIFO(m)) return "is a pipe (FIFO), not an image file";
    if (S_ISCHR(m) || S_ISBLK(m)) return "is a device, not an image file";
    if (S_ISSOCK(m)) return "is a socket, not an image file";
    return "is not a regular file";
}

int image_file_open(const char *path, image_format *format, char *msg, size_t size) {
    *format = IMAGE_FORMAT_UNKNOWN;
    struct stat st;
    /* stat() first: open() itself would block on a FIFO */
    if (stat(path, &st) != 0) {
        if (errno == ENOENT) snprintf(msg, size, "%s: there is no such file", path);
        else snprintf(msg, size, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(msg, size, "%s: %s", path, kind_of(st.st_mode));
        return -1;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        snprintf(msg, size, "%s: %s", path, strerror(errno));
        return -1;
    }
    /* what was opened may not be what was checked: check it again */
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(msg, size, "%s: %s", path, kind_of(st.st_mode));
        close(fd);
        return -1;
    }
    if (st.st_size == 0) {
        snprintf(msg, size, "%s: the file is empty", path);
        close(fd);
        return -1;
    }
    unsigned char head[16];
    ssize_t n = pread(fd, head, sizeof head, 0);
    if (n < 0) {
        snprintf(msg, size, "%s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    const char *other;
    image_format f = sniff(head, (size_t)n, &other);
    if (f == IMAGE_FORMAT_REFUSED) {
        snprintf(msg, size, "%s: is a %s file, which mambair does not read (it reads %s)", path, other,
                 IMAGE_FORMATS_READ);
        close(fd);
        return -1;
    }
    if (f == IMAGE_FORMAT_UNKNOWN) {
        snprintf(msg, size, "%s: not an image file mambair can read (it reads %s)", path, IMAGE_FORMATS_READ);
        close(fd);
        return -1;
    }
    *format = f;
    return fd;
}
