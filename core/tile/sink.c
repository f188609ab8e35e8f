/* sink.c — finished output rows wait here until the whole run has
 * succeeded: `out` must stay untouched when a run is cancelled or fails.
 * In RAM when the budget allows; otherwise in an unlinked temporary file,
 * which lets a 20000 x 20000 image run within a small budget (the page cache
 * is the kernel's to evict, it is not our process's memory). */
#include "plan.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

mambair_status mb_sink_open(mb_sink *sk, int chans, int width, int height, bool file,
                            mambair_error *err) {
    memset(sk, 0, sizeof *sk);
    sk->chans = chans;
    sk->width = width;
    sk->height = height;
    size_t n;
    if (!mb_mul_size((size_t)chans * width, (size_t)height, &n) || !mb_mul_size(n, 4, &n))
        return mb_error_set(err, MAMBAIR_ERR_LIMIT, "output %dx%d is too large", width, height);
    if (!file) {
        sk->ram = mb_malloc(n);
        if (!sk->ram)
            return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY,
                                "out of memory for the %dx%d output (%zu MiB)", width, height,
                                n >> 20);
        return MAMBAIR_OK;
    }
    sk->file = tmpfile();
    if (!sk->file)
        return mb_error_set(err, MAMBAIR_ERR_IO, "cannot create a temporary file for the output: %s",
                            strerror(errno));
    return MAMBAIR_OK;
}

static mambair_status io_all(int fd, void *p, size_t n, off_t off, bool wr, mambair_error *err) {
    char *c = p;
    while (n > 0) {
        ssize_t k = wr ? pwrite(fd, c, n, off) : pread(fd, c, n, off);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0)
            return mb_error_set(err, MAMBAIR_ERR_IO, "temporary output file: %s",
                                k < 0 ? strerror(errno) : "short read");
        c += k;
        n -= (size_t)k;
        off += k;
    }
    return MAMBAIR_OK;
}

mambair_status mb_sink_write(mb_sink *sk, const float *rows, size_t plane, int y0, int nrows,
                             mambair_error *err) {
    MB_ASSERT(y0 >= 0 && nrows >= 0 && y0 + nrows <= sk->height);
    const size_t row = (size_t)sk->width, oplane = row * sk->height;
    for (int c = 0; c < sk->chans; c++) {
        const float *src = rows + c * plane;
        size_t at = c * oplane + (size_t)y0 * row, n = (size_t)nrows * row;
        if (sk->ram) {
            memcpy(sk->ram + at, src, n * sizeof(float));
        } else {
            mambair_status st = io_all(fileno(sk->file), (void *)src, n * sizeof(float),
                                       (off_t)(at * sizeof(float)), true, err);
            if (st != MAMBAIR_OK) return st;
        }
    }
    return MAMBAIR_OK;
}

static inline float clamp01(float v) { return v < 0.f ? 0.f : v > 1.f ? 1.f : v; }

/* rows {chans, n, width} with channel stride `plane` -> out rows y0.. */
static void put_rows(const mb_sink *sk, const float *rows, size_t plane, int y0, int n, float *out,
                     mambair_layout layout, int clamp) {
    const int c = sk->chans;
    const size_t row = (size_t)sk->width, oplane = row * sk->height, len = (size_t)n * row;
    for (int k = 0; k < c; k++) {
        const float *s = rows + k * plane;
        if (layout == MAMBAIR_LAYOUT_PLANAR) {
            float *d = out + k * oplane + (size_t)y0 * row;
            if (clamp)
                for (size_t i = 0; i < len; i++) d[i] = clamp01(s[i]);
            else
                memcpy(d, s, len * sizeof(float));
        } else {
            float *d = out + (size_t)y0 * row * c + k;
            for (size_t i = 0; i < len; i++) d[i * c] = clamp ? clamp01(s[i]) : s[i];
        }
    }
}

mambair_status mb_sink_commit(mb_sink *sk, float *out, mambair_layout layout, int clamp,
                              float *buf, int buf_rows, mambair_error *err) {
    const size_t row = (size_t)sk->width, oplane = row * sk->height;
    if (sk->ram) {
        put_rows(sk, sk->ram, oplane, 0, sk->height, out, layout, clamp);
        return MAMBAIR_OK;
    }
    MB_ASSERT(buf && buf_rows > 0);
    const size_t bplane = (size_t)buf_rows * row;
    for (int y = 0; y < sk->height; y += buf_rows) {
        int n = MB_MIN(buf_rows, sk->height - y);
        for (int c = 0; c < sk->chans; c++) {
            mambair_status st = io_all(fileno(sk->file), buf + c * bplane, (size_t)n * row * 4,
                                       (off_t)((c * oplane + (size_t)y * row) * 4), false, err);
            if (st != MAMBAIR_OK) return st;
        }
        put_rows(sk, buf, bplane, y, n, out, layout, clamp);
    }
    return MAMBAIR_OK;
}

void mb_sink_close(mb_sink *sk) {
    mb_free(sk->ram);
    sk->ram = NULL;
    if (sk->file) fclose(sk->file);
    sk->file = NULL;
}
