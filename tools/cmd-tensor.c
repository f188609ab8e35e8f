/*
 * cmd-tensor.c — `mambair tensor`: run a model on a raw float32 tensor.
 * Input and output are headerless little-endian float32, planar C x H x W
 * (batch 1), values not clamped; by default the whole image in one piece.
 */
#include "commands.h"

#include "mambair.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(FILE *f) {
    fprintf(f, "Usage: mambair tensor -m MODEL -i IN.bin --shape C,H,W -o OUT.bin\n"
               "                      [--tile N] [--overlap M] [--threads N]\n"
               "Run a model on a raw little-endian float32 tensor (planar C x H x W) and\n"
               "write the raw float32 output (C x sH x sW), without clamping.\n"
               "  --tile N      tile edge in input pixels (0 = automatic, default: none)\n"
               "  --overlap M   overlap between tiles (0 = automatic)\n"
               "  --threads N   worker threads (default: all cores)\n");
}

static int parse_int(const char *s, int lo, int hi, int *out) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) return 0;
    *out = (int)v;
    return 1;
}

/* Write n floats to path. A regular file (or a new one) is written to a
 * temporary file beside it and renamed over it, so a failed write (disk
 * full) leaves the old file or none, never a half-written one. Devices and
 * pipes (/dev/stdout, a fifo) are written directly. */
static bool write_floats(const char *path, const float *v, size_t n) {
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        FILE *f = fopen(path, "wb");
        if (!f) {
            cli_error("cannot open %s: %s", path, strerror(errno));
            return false;
        }
        size_t wr = fwrite(v, sizeof(float), n, f);
        bool ok = fclose(f) == 0 && wr == n;
        if (!ok) cli_error("cannot write %s", path);
        return ok;
    }
    size_t len = strlen(path);
    char *tmp = malloc(len + 16);
    if (!tmp) {
        cli_error("out of memory");
        return false;
    }
    memcpy(tmp, path, len);
    memcpy(tmp + len, ".tmp-XXXXXX", 12);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        cli_error("cannot create a temporary file beside %s: %s", path, strerror(errno));
        free(tmp);
        return false;
    }
    const char *p = (const char *)v;
    size_t left = n * sizeof(float);
    int e = 0;
    while (left > 0 && !e) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) e = w < 0 ? errno : EIO;
        else p += w, left -= (size_t)w;
    }
    if (!e && fsync(fd) != 0) e = errno;
    if (close(fd) != 0 && !e) e = errno;
    if (!e && rename(tmp, path) != 0) e = errno;
    if (e) {
        unlink(tmp);
        cli_error("cannot write %s: %s", path, strerror(e));
    }
    free(tmp);
    return e == 0;
}

static float *read_floats(const char *path, size_t count) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        cli_error("cannot open %s: %s", path, strerror(errno));
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (size < 0 || (size_t)size != count * sizeof(float)) {
        cli_error("%s has %ld bytes, expected %zu for the given shape", path, size,
                  count * sizeof(float));
        fclose(f);
        return NULL;
    }
    float *d = malloc(count * sizeof(float));
    if (!d || fread(d, sizeof(float), count, f) != count) {
        cli_error(d ? "cannot read %s" : "out of memory reading %s", path);
        free(d);
        fclose(f);
        return NULL;
    }
    fclose(f);
    return d;
}

int cmd_tensor(int argc, char **argv) {
    const char *model = NULL, *in_path = NULL, *out_path = NULL, *shape = NULL;
    mambair_run_options opt;
    mambair_run_options_default(&opt);
    opt.clamp = 0;
    opt.tile_size = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        }
        if (i + 1 >= argc) {
            cli_error("tensor: option %s needs a value", a);
            return 2;
        }
        const char *v = argv[++i];
        if (!strcmp(a, "-m") || !strcmp(a, "--model")) model = v;
        else if (!strcmp(a, "-i") || !strcmp(a, "--input")) in_path = v;
        else if (!strcmp(a, "-o") || !strcmp(a, "--output")) out_path = v;
        else if (!strcmp(a, "--shape")) shape = v;
        else if (!strcmp(a, "--tile")) {
            if (!parse_int(v, 0, 1 << 20, &opt.tile_size)) {
                cli_error("tensor: --tile wants a size >= 0, not '%s'", v);
                return 2;
            }
        } else if (!strcmp(a, "--overlap")) {
            if (!parse_int(v, 0, 1 << 20, &opt.tile_overlap)) {
                cli_error("tensor: --overlap wants a size >= 0, not '%s'", v);
                return 2;
            }
        } else if (!strcmp(a, "--threads")) {
            if (!parse_int(v, 0, 4096, &opt.n_threads)) {
                cli_error("tensor: --threads wants a count >= 0, not '%s'", v);
                return 2;
            }
        } else {
            cli_error("tensor: unknown option '%s' (see mambair tensor --help)", a);
            return 2;
        }
    }
    if (!model || !in_path || !out_path || !shape) {
        cli_error("tensor: -m MODEL, -i IN.bin, --shape C,H,W and -o OUT.bin are required");
        return 2;
    }
    int c, h, w;
    char tail;
    if (sscanf(shape, "%d,%d,%d%c", &c, &h, &w, &tail) != 3 || c < 1 || h < 1 || w < 1 ||
        h > (1 << 16) || w > (1 << 16)) {
        cli_error("tensor: --shape wants C,H,W with positive sizes (e.g. 3,64,64), not '%s'", shape);
        return 2;
    }
    mambair_model *m = NULL;
    mambair_error err;
    if (mambair_model_open_file(model, &m, &err) != MAMBAIR_OK) {
        cli_error("%s", err.message);
        return 1;
    }
    const mambair_config *cfg = mambair_model_config(m);
    if (c != cfg->in_chans) {
        cli_error("tensor: the input has %d channels, the model wants %d", c, cfg->in_chans);
        mambair_model_free(m);
        return 1;
    }
    int rc = 1;
    size_t s = (size_t)cfg->upscale;
    size_t n_in = (size_t)c * h * w, n_out = n_in * s * s;
    float *in = read_floats(in_path, n_in);
    float *out = in ? malloc(n_out * sizeof(float)) : NULL;
    if (in && !out) cli_error("out of memory for a %zu-float output", n_out);
    if (in && out) {
        if (mambair_run(m, in, w, h, out, &opt, &err) != MAMBAIR_OK) {
            cli_error("%s", err.message);
        } else {
            if (write_floats(out_path, out, n_out)) rc = 0;
        }
    }
    free(in);
    free(out);
    mambair_model_free(m);
    return rc;
}
