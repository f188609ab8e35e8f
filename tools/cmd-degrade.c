/*
 * cmd-degrade.c — `mambair degrade`: a fixed, seeded, degraded version of an
 * evaluation set for the photo models. Each image is cropped to a multiple of
 * the scale and degraded to its LR by the training pipeline
 * (core/train/degrade.h: blur, resize, noise, JPEG, twice), with a generator
 * seeded from --seed and the file's name, so an image's LR does not depend on
 * the other files of the folder and the same command gives the same files.
 * Written as OUT/<name>.png (8-bit; gray stays gray, alpha is dropped), which
 * `mambair eval --task sr --lr OUT` pairs with HR files named <name>.png.
 * With --jpeg Q, the LR is instead the benchmarks' (MATLAB's bicubic) saved
 * once as a JPEG of quality Q (libjpeg, 4:2:0): what a camera or a web page
 * gives, with nothing drawn at random.
 */
#include "commands.h"
#include "image-io.h"
#include "restore.h"

#include "image/jpeg.h"
#include "image/resize.h"
#include "train/degrade.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static void usage(FILE *f) {
    fprintf(f,
            "Usage: mambair degrade --seed N -s 2|3|4 IN_DIR OUT_DIR\n"
            "       mambair degrade --jpeg Q -s 2|3|4 IN_DIR OUT_DIR\n"
            "Make the LR images of an evaluation set with the photo degradations\n"
            "(blur, resize, noise, JPEG, twice), reproducibly; or with --jpeg, the\n"
            "benchmarks' bicubic LR saved as a JPEG.\n\n"
            "  --seed N        the set's seed (required without --jpeg); each image's\n"
            "                  generator is seeded from N and its file name\n"
            "  --jpeg Q        LR by MATLAB's bicubic, then JPEG at quality Q (1..100,\n"
            "                  libjpeg, 4:2:0 for colour); nothing random\n"
            "  -s, --scale N   2, 3 or 4: LR = HR (cropped to a multiple of N) / N\n"
            "  -q, --quiet     no line per image\n"
            "  -h, --help      this text\n\n"
            "OUT_DIR/<name>.png are written (the folder is created); evaluate with\n"
            "  mambair eval --task sr -s N --hr IN_DIR --lr OUT_DIR\n");
}

/* FNV-1a of the file name: an image's stream depends on its name only */
static uint64_t name_hash(const char *s) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (; *s; s++) h = (h ^ (uint8_t)*s) * 0x100000001b3ull;
    return h;
}

/* Degrade one file into out_path; false with msg on failure. */
/* The benchmarks' LR of the 8-bit HR (interleaved, C channels, W x H),
 * through a JPEG of quality q, into lr (planar, 0..1). */
static mambair_status jpeg_lr(const uint8_t *hr8, int C, int W, int H, int s, int q, float *lr,
                              mambair_error *err) {
    int w = W / s, h = H / s;
    uint8_t *lr8 = malloc((size_t)C * w * h);
    if (!lr8) return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory");
    mambair_status st = mb_resize_bicubic_u8(hr8, C, H, W, 1.0 / s, lr8, err);
    if (st == MAMBAIR_OK) st = mb_jpeg_roundtrip_u8(lr8, w, h, C, q, lr8, err);
    if (st == MAMBAIR_OK)
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < C; c++)
                    lr[((size_t)c * h + y) * w + x] = lr8[((size_t)y * w + x) * C + c] * (1.0f / 255);
    free(lr8);
    return st;
}

static bool degrade_file(const char *path, const char *name, uint64_t seed, int jpeg_q, int s,
                         const char *out_path, char *msg, size_t size) {
    image img = {0}, lr = {0};
    bool ok = false;
    int pw, ph;
    if (!image_probe(path, &pw, &ph, msg, size)) return false;
    if ((int64_t)pw * ph * 9 / 4 > IMAGE_MAX_PIXELS) { /* the pipeline enlarges up to 1.5x */
        snprintf(msg, size, "%s: %dx%d is too large to degrade", path, pw, ph);
        return false;
    }
    if (!image_load(path, &img, msg, size)) return false;
    int C = img.channels, W = img.width / s * s, H = img.height / s * s;
    float *hr = NULL;
    if (W < s || H < s) {
        snprintf(msg, size, "%s: %dx%d is smaller than the scale", path, img.width, img.height);
        goto done;
    }
    uint8_t *px = image_to_u8(&img);
    hr = px ? malloc((size_t)C * W * H * sizeof *hr) : NULL;
    if (!hr || !image_alloc(&lr, W / s, H / s, C, false)) {
        free(px);
        snprintf(msg, size, "%s: out of memory", path);
        goto done;
    }
    mambair_error err;
    if (jpeg_q) {
        /* the 8-bit HR cropped in place (rows move towards the start) */
        for (int y = 0; y < H; y++) memmove(px + (size_t)y * W * C, px + (size_t)y * img.width * C, (size_t)W * C);
        mambair_status st = jpeg_lr(px, C, W, H, s, jpeg_q, lr.color, &err);
        free(px);
        if (st != MAMBAIR_OK) {
            snprintf(msg, size, "%s: %s", path, err.message);
            goto done;
        }
        goto save;
    }
    /* the 8-bit values, as training sees them */
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            for (int c = 0; c < C; c++)
                hr[((size_t)c * H + y) * W + x] = px[((size_t)y * img.width + x) * C + c] * (1.0f / 255);
    free(px);
    tr_rng r;
    tr_rng_seed(&r, seed ^ name_hash(name));
    if (tr_degrade_run(&r, hr, C, H, W, s, lr.color, &err) != MAMBAIR_OK) {
        snprintf(msg, size, "%s: %s", path, err.message);
        goto done;
    }
save:
    lr.type = IMAGE_U8;
    lr.space = img.space;
    ok = image_save(out_path, &lr, msg, size);
done:
    free(hr);
    image_free(&img);
    image_free(&lr);
    return ok;
}

int cmd_degrade(int argc, char **argv) {
    const char *seed_s = NULL;
    int scale = 0, jpeg_q = 0;
    bool quiet = false;
    enum { O_SEED = 256, O_JPEG };
    static const struct option longopts[] = {{"seed", required_argument, 0, O_SEED},
                                              {"jpeg", required_argument, 0, O_JPEG},
                                              {"scale", required_argument, 0, 's'},
                                              {"quiet", no_argument, 0, 'q'},
                                              {"help", no_argument, 0, 'h'},
                                              {0, 0, 0, 0}};
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "s:qh", longopts, NULL)) != -1) {
        switch (c) {
        case O_SEED: seed_s = optarg; break;
        case O_JPEG:
            if (!restore_parse_int(optarg, 1, 100, &jpeg_q)) {
                cli_error("degrade: --jpeg must be a quality from 1 to 100");
                return 2;
            }
            break;
        case 's':
            if (!restore_parse_int(optarg, 2, 4, &scale)) {
                cli_error("degrade: --scale must be 2, 3 or 4");
                return 2;
            }
            break;
        case 'q': quiet = true; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    char *end = NULL;
    errno = 0;
    uint64_t seed = seed_s ? strtoull(seed_s, &end, 10) : 0;
    if (jpeg_q && seed_s) {
        cli_error("degrade: --jpeg draws nothing at random; it takes no --seed");
        return 2;
    }
    if (!jpeg_q && (!seed_s || errno || end == seed_s || *end || seed_s[0] == '-')) {
        cli_error("degrade: --seed N (a whole number) is required: it makes the set reproducible");
        return 2;
    }
    if (!scale || argc - optind != 2) {
        cli_error("degrade: %s (see 'mambair degrade --help')",
                  !scale ? "-s is required" : "give an input and an output folder");
        return 2;
    }
    const char *in_dir = argv[optind], *out_dir = argv[optind + 1];
    DIR *d = opendir(in_dir);
    if (!d) {
        cli_error("degrade: %s: %s", in_dir, strerror(errno));
        return 1;
    }
    char **names = NULL;
    int n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || !image_file_name(e->d_name)) continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            char **nn = realloc(names, (size_t)cap * sizeof *nn);
            if (!nn) break;
            names = nn;
        }
        if (!(names[n] = strdup(e->d_name))) break;
        n++;
    }
    closedir(d);
    if (n == 0) {
        cli_error("degrade: no images in %s", in_dir);
        free(names);
        return 1;
    }
    qsort(names, (size_t)n, sizeof *names, image_name_cmp);
    if (mkdir(out_dir, 0777) != 0 && errno != EEXIST) {
        cli_error("degrade: cannot create folder %s: %s", out_dir, strerror(errno));
        for (int i = 0; i < n; i++) free(names[i]);
        free(names);
        return 1;
    }
    char msg[PATH_MAX + 1024];
    if (!image_io_init(msg, sizeof msg)) {
        cli_error("degrade: %s", msg);
        for (int i = 0; i < n; i++) free(names[i]);
        free(names);
        return 1;
    }
    int failed = 0;
    for (int i = 0; i < n; i++) {
        char path[PATH_MAX], out_path[PATH_MAX];
        const char *dot = strrchr(names[i], '.');
        snprintf(path, sizeof path, "%s/%s", in_dir, names[i]);
        int nw = snprintf(out_path, sizeof out_path, "%s/%.*s.png", out_dir, (int)(dot - names[i]), names[i]);
        bool ok = false;
        if (nw < 0 || (size_t)nw >= sizeof out_path)
            snprintf(msg, sizeof msg, "output path too long");
        else
            ok = degrade_file(path, names[i], seed, jpeg_q, scale, out_path, msg, sizeof msg);
        if (ok && !quiet) fprintf(stderr, "[%d/%d] %s -> %s\n", i + 1, n, names[i], out_path);
        if (!ok) {
            fprintf(stderr, "[%d/%d] %s: FAILED: %s\n", i + 1, n, names[i], msg);
            failed++;
        }
        free(names[i]);
    }
    free(names);
    image_io_exit();
    if (failed) fprintf(stderr, "degrade: %d of %d image(s) failed\n", failed, n);
    return failed ? 1 : 0;
}
