/*
 * file.c — read a whole model file into memory.
 *
 * read() into a buffer sized from fstat, not mmap: a file truncated or grown
 * while we read cannot fault us, we just see fewer (refused) or the first
 * st_size bytes. Files over 4 GiB are refused before allocating.
 *
 * Only regular files are read. The path is checked with stat() before it is
 * opened, because open() on a FIFO blocks until a writer appears; it is then
 * opened with O_NONBLOCK (which never blocks on a FIFO or device swapped in
 * between) and checked again with fstat() on what was actually opened.
 */
#include "tensordict.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MB_MAX_FILE_BYTES ((uint64_t)4 << 30)

/* Why a file that is not a regular file cannot be read, as a user would say it. */
static const char *mb_file_kind(unsigned mode) {
    if (S_ISDIR(mode)) return "is a folder, not a file";
    if (S_ISFIFO(mode)) return "is a pipe (FIFO), not a regular file";
    if (S_ISCHR(mode) || S_ISBLK(mode)) return "is a device, not a regular file";
    if (S_ISSOCK(mode)) return "is a socket, not a regular file";
    return "is not a regular file";
}

/* Reads `path` into a fresh mb_malloc'd buffer (*data, *size). */
mambair_status mb_file_read(const char *path, void **data, size_t *size, mambair_error *err) {
    *data = NULL;
    *size = 0;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return mb_error_set(err, MAMBAIR_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    if (!S_ISREG(sb.st_mode))
        return mb_error_set(err, MAMBAIR_ERR_IO, "%s: %s", path, mb_file_kind(sb.st_mode));
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) return mb_error_set(err, MAMBAIR_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    if (fstat(fd, &sb) != 0) {
        int e = errno;
        close(fd);
        return mb_error_set(err, MAMBAIR_ERR_IO, "%s: cannot stat: %s", path, strerror(e));
    }
    if (!S_ISREG(sb.st_mode)) {
        close(fd);
        return mb_error_set(err, MAMBAIR_ERR_IO, "%s: %s", path, mb_file_kind(sb.st_mode));
    }
    if ((uint64_t)sb.st_size > MB_MAX_FILE_BYTES) {
        close(fd);
        return mb_error_set(err, MAMBAIR_ERR_LIMIT, "%s: file of %lld bytes exceeds the 4 GiB limit",
                            path, (long long)sb.st_size);
    }
    size_t n = (size_t)sb.st_size;
    uint8_t *buf = mb_malloc(n);
    if (!buf) {
        close(fd);
        return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "%s: out of memory for %zu bytes", path, n);
    }
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            int e = errno;
            free(buf);
            close(fd);
            return mb_error_set(err, MAMBAIR_ERR_IO, "%s: read error: %s", path, strerror(e));
        }
        if (r == 0) break; /* shrank while we read: parse what is there */
        got += (size_t)r;
    }
    close(fd);
    *data = buf;
    *size = got;
    return MAMBAIR_OK;
}

mambair_status mb_tensordict_load_file(const char *path, mb_tensordict *out, mambair_error *err) {
    if (!path || !out) return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "load: NULL argument");
    memset(out, 0, sizeof *out);
    void *data;
    size_t size;
    mambair_status st = mb_file_read(path, &data, &size, err);
    if (st) return st;
    st = mb_tensordict_load_memory(data, size, path, out, err);
    free(data);
    return st;
}
