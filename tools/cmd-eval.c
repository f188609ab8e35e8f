/*
 * cmd-eval.c — `mambair eval`: PSNR/SSIM of a model on a dataset, following
 * BasicSR's test conventions so the numbers compare with the papers' tables.
 *
 * Super-resolution (--task sr):
 *   LR from --lr (EDSR naming <name>x<s>.<ext>, or the HR's name), otherwise
 *   made from HR like the official benchmark files: modcrop to a multiple of
 *   s, MATLAB imresize(1/s, 'bicubic') on uint8 with its rounding between the
 *   two passes (core/image/resize.h). HR cropped to LR * s from the top left.
 *   Metrics on Y (BT.601, 16..235) with s pixels shaved. Baseline: MATLAB
 *   bicubic upscaling of the LR.
 * Denoising (--task denoise):
 *   noisy = clean + N(0, sigma/255), numpy-identical generator reseeded with 0
 *   for every image, drawn over the image as cv2 holds it ({H, W, BGR}), added
 *   in float, not clipped. Metrics on RGB, no border (crop 0), as the
 *   colour-denoising configs set. Baseline: the noisy image rounded to 8 bits.
 *   --clip-noise: the noisy image as a 16-bit file holds it (clipped to
 *   0..1, rounded to 1/65535), the convention of real noisy layers.
 *   --gray-noise: one plane of noise (the same stream, drawn over {H, W})
 *   added to the three channels alike: luminance noise, as cameras and
 *   image editors make it.
 * JPEG artefacts (--task jpeg), the CAR literature's conventions:
 *   the input is the ground truth coded at --quality by libjpeg with the
 *   standard tables (core/image/jpeg.h), 4:2:0 for a colour model; a gray
 *   model (or --gray) measures gray: gray files as they are, colour files as
 *   their BT.601 Y (16..235, rounded), coded as one-component JPEGs. PSNR,
 *   SSIM and PSNR-B (core/image/psnrb.h) on RGB for colour, on the gray (Y)
 *   plane for gray, no border. Baseline: the decoded JPEG.
 * SR and denoise: gray files are loaded as R = G = B (cv2 IMREAD_COLOR); the
 * model runs with the official 200-px test tiling (core/image/paper-tiles.h)
 * unless --tiling engine; output clamped and rounded to 8 bits before the
 * metrics.
 */
#include "commands.h"
#include "image-io.h"
#include "progress.h"
#include "restore.h"

#include "image/jpeg.h"
#include "image/metrics.h"
#include "image/noise.h"
#include "image/psnrb.h"
#include "image/resize.h"

#include <dirent.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void usage(FILE *f) {
    fprintf(f,
            "Usage: mambair eval --task sr -s N --hr DIR [--lr DIR] [OPTIONS]\n"
            "       mambair eval --task denoise --sigma N --clean DIR [OPTIONS]\n"
            "       mambair eval --task jpeg --quality Q --clean DIR [OPTIONS]\n"
            "PSNR/SSIM of a model on a dataset, computed as BasicSR does for the papers.\n\n"
            "  --task sr|denoise|jpeg  what to measure (jpeg: JPEG artefact removal)\n"
            "  -s, --scale N      SR scale 2, 3 or 4 (metrics shave N pixels, Y channel)\n"
            "  --hr DIR           SR ground truth images\n"
            "  --lr DIR           SR inputs (default: made from HR with MATLAB bicubic)\n"
            "  --sigma N          noise level on the 0..255 scale\n"
            "  --clean DIR        denoise/jpeg ground truth images (noise added with seed 0,\n"
            "                     or coded by libjpeg at --quality, 4:2:0 for colour)\n"
            "  --clip-noise       noisy input clipped to the pixel range and stored in\n"
            "                     16 bits, as in an image file (default: unclipped, as the papers)\n"
            "  --gray-noise       the same noise in the three channels (luminance noise, as\n"
            "                     cameras make it; default: independent, as the papers)\n"
            "  --quality Q        JPEG quality 1..100 (PSNR, SSIM and PSNR-B reported)\n"
            "  --gray             jpeg baseline only: measure gray (else the model's channels)\n"
            "  -m, --model F      model file (default: the built-in one for the task)\n"
            "  --bicubic          baseline only (bicubic for SR, noisy input for denoise,\n"
            "                     the JPEG for jpeg); --baseline is the same\n"
            "  --tiling paper|engine  paper: the official 200-px test tiling (default)\n"
            "  --name TEXT        dataset name in the table (default: from the folder)\n"
            "  -t, --threads N    worker threads (default: all cores)\n"
            "  -q, --quiet        no progress output\n"
            "  -h, --help         this text\n\n"
            "Prints a Markdown table (one row per image, then the mean), the command,\n"
            "and one summary row for a results table. Exit status 1 if any image failed.\n");
}

/* Sorted image file names of a folder; NULL on error. */
static char **list_images(const char *dir, int *count) {
    DIR *d = opendir(dir);
    if (!d) return NULL;
    char **names = NULL;
    int n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || !image_file_name(e->d_name)) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, (size_t)cap * sizeof *nn);
            if (!nn) break;
            names = nn;
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    if (names) qsort(names, (size_t)n, sizeof *names, image_name_cmp);
    *count = n;
    return names ? names : calloc(1, sizeof(char *));
}

/* Load a file as 3-channel 8-bit {H, W, 3}; gray becomes R = G = B.
 * *file_channels (may be NULL): the file's own 1 or 3. */
static uint8_t *load_rgb8(const char *path, int *w, int *h, int *file_channels, char *msg,
                          size_t size) {
    image img;
    if (!image_load(path, &img, msg, size)) return NULL;
    uint8_t *px = image_to_u8(&img);
    int ch = img.channels;
    if (file_channels) *file_channels = ch;
    *w = img.width;
    *h = img.height;
    image_free(&img);
    if (!px) {
        snprintf(msg, size, "%s: out of memory", path);
        return NULL;
    }
    if (ch == 3) return px;
    size_t n = (size_t)*w * *h;
    uint8_t *rgb = malloc(n * 3);
    if (rgb)
        for (size_t i = 0; i < n; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = px[i];
    else
        snprintf(msg, size, "%s: out of memory", path);
    free(px);
    return rgb;
}

/* 8-bit {H, W, C} -> planar float image (v / 255 in float, as BasicSR). */
static bool u8_to_image(const uint8_t *px, int w, int h, int C, image *img) {
    if (!image_alloc(img, w, h, C, false)) return false;
    size_t n = (size_t)w * h;
    for (int c = 0; c < C; c++)
        for (size_t i = 0; i < n; i++) img->color[c * n + i] = (float)px[i * C + c] / 255.0f;
    return true;
}

/* The JPEG task's ground truth: RGB as loaded, or gray: a gray file's own
 * values, a colour file's BT.601 Y (16..235) rounded to 8 bits. */
static uint8_t *jpeg_truth(uint8_t *rgb, int w, int h, int file_channels, bool gray) {
    if (!gray) return rgb;
    size_t n = (size_t)w * h;
    uint8_t *g = malloc(n);
    if (g)
        for (size_t i = 0; i < n; i++) {
            const uint8_t *p = rgb + 3 * i;
            g[i] = file_channels == 1 ? p[0]
                                      : (uint8_t)lrint(16 + (65.481 * p[0] + 128.553 * p[1] + 24.966 * p[2]) / 255);
        }
    free(rgb);
    return g;
}

static uint8_t *crop_rgb8(const uint8_t *px, int w, int cw, int ch) {
    uint8_t *out = malloc((size_t)cw * ch * 3);
    if (out)
        for (int y = 0; y < ch; y++) memcpy(out + (size_t)y * cw * 3, px + (size_t)y * w * 3, (size_t)cw * 3);
    return out;
}

/* The LR file of an HR file NAME.EXT: NAMExS.EXT or NAME.EXT (the
 * benchmarks' conventions), else NAMExS.png or NAME.png — what `mambair
 * degrade` writes whatever the HR format, so a folder of JPEG photos pairs
 * with its degraded set. */
static bool find_lr(const char *lr_dir, const char *hr_name, int s, char *path, size_t size) {
    const char *dot = strrchr(hr_name, '.');
    int stem = dot ? (int)(dot - hr_name) : (int)strlen(hr_name);
    const char *exts[2] = {dot ? dot : "", ".png"};
    for (int e = 0; e < 2; e++)
        for (int with_scale = 1; with_scale >= 0; with_scale--) {
            if (with_scale)
                snprintf(path, size, "%s/%.*sx%d%s", lr_dir, stem, hr_name, s, exts[e]);
            else
                snprintf(path, size, "%s/%.*s%s", lr_dir, stem, hr_name, exts[e]);
            FILE *f = fopen(path, "rb");
            if (f) {
                fclose(f);
                return true;
            }
        }
    return false;
}

typedef struct row {
    double p_base, s_base, p_model, s_model;
    double b_base, b_model; /* PSNR-B (jpeg) */
} row;

static void free_names(char **names, int n) {
    for (int i = 0; i < n; i++) free(names[i]);
    free(names);
}

int cmd_eval(int argc, char **argv) {
    const char *task_s = NULL, *hr_dir = NULL, *lr_dir = NULL, *clean_dir = NULL, *model_path = NULL;
    const char *name = NULL, *tiling = "paper";
    int scale = 0, sigma = 0, n_threads = 0, quality = 0;
    bool bicubic_only = false, quiet = false, gray = false, clip_noise = false, gray_noise = false;
    enum { O_TASK = 256, O_HR, O_LR, O_SIGMA, O_CLEAN, O_BICUBIC, O_TILING, O_NAME, O_CLIPN,
           O_QUALITY, O_GRAY, O_GRAYN };
    static const struct option longopts[] = {
        {"task", required_argument, 0, O_TASK},   {"scale", required_argument, 0, 's'},
        {"hr", required_argument, 0, O_HR},       {"lr", required_argument, 0, O_LR},
        {"sigma", required_argument, 0, O_SIGMA}, {"clean", required_argument, 0, O_CLEAN},
        {"model", required_argument, 0, 'm'},     {"bicubic", no_argument, 0, O_BICUBIC},
        {"tiling", required_argument, 0, O_TILING}, {"name", required_argument, 0, O_NAME},
        {"clip-noise", no_argument, 0, O_CLIPN},  {"gray-noise", no_argument, 0, O_GRAYN},
        {"threads", required_argument, 0, 't'},   {"quiet", no_argument, 0, 'q'},
        {"quality", required_argument, 0, O_QUALITY}, {"gray", no_argument, 0, O_GRAY},
        {"baseline", no_argument, 0, O_BICUBIC},
        {"help", no_argument, 0, 'h'},            {0, 0, 0, 0}};
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "s:m:t:qh", longopts, NULL)) != -1) {
        switch (c) {
        case O_TASK: task_s = optarg; break;
        case 's':
            if (!restore_parse_int(optarg, 2, 4, &scale)) {
                cli_error("eval: --scale must be 2, 3 or 4");
                return 2;
            }
            break;
        case O_HR: hr_dir = optarg; break;
        case O_LR: lr_dir = optarg; break;
        case O_SIGMA:
            if (!restore_parse_int(optarg, 1, 255, &sigma)) {
                cli_error("eval: --sigma must be 1..255");
                return 2;
            }
            break;
        case O_CLEAN: clean_dir = optarg; break;
        case O_QUALITY:
            if (!restore_parse_int(optarg, 1, 100, &quality)) {
                cli_error("eval: --quality must be 1..100");
                return 2;
            }
            break;
        case O_GRAY: gray = true; break;
        case 'm': model_path = optarg; break;
        case O_BICUBIC: bicubic_only = true; break;
        case O_CLIPN: clip_noise = true; break;
        case O_GRAYN: gray_noise = true; break;
        case O_TILING: tiling = optarg; break;
        case O_NAME: name = optarg; break;
        case 't':
            if (!restore_parse_int(optarg, 0, 1024, &n_threads)) {
                cli_error("eval: --threads must be 0..1024");
                return 2;
            }
            break;
        case 'q': quiet = true; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    bool sr = task_s && !strcmp(task_s, "sr"), dn = task_s && !strcmp(task_s, "denoise"),
         jp = task_s && !strcmp(task_s, "jpeg");
    if (!sr && !dn && !jp) {
        cli_error("eval: --task must be sr, denoise or jpeg (see 'mambair eval --help')");
        return 2;
    }
    if (optind < argc) {
        cli_error("eval: unexpected argument '%s'", argv[optind]);
        return 2;
    }
    if (sr && (!scale || !hr_dir)) {
        cli_error("eval: --task sr needs -s and --hr");
        return 2;
    }
    if (dn && (!sigma || !clean_dir)) {
        cli_error("eval: --task denoise needs --sigma and --clean");
        return 2;
    }
    if (jp && (!quality || !clean_dir)) {
        cli_error("eval: --task jpeg needs --quality and --clean");
        return 2;
    }
    if ((quality && !jp) || (gray && !jp)) {
        cli_error("eval: --quality and --gray are for --task jpeg");
        return 2;
    }
    if (gray && model_path) {
        cli_error("eval: --gray is for the baseline; a model measures its own channels");
        return 2;
    }
    if (strcmp(tiling, "paper") && strcmp(tiling, "engine")) {
        cli_error("eval: --tiling must be paper or engine");
        return 2;
    }
    const char *dir = sr ? hr_dir : clean_dir; /* jpeg too */
    int n = 0;
    char **files = list_images(dir, &n);
    if (!files || n == 0) {
        cli_error("eval: no images in %s", dir);
        free(files);
        return 1;
    }
    char msg[1024];
    if (!image_io_init(msg, sizeof msg)) {
        cli_error("eval: %s", msg);
        free_names(files, n);
        return 1;
    }
    mambair_model *model = NULL;
    char model_desc[256] = "none";
    if (!bicubic_only) {
        mambair_task task = sr ? MAMBAIR_TASK_SUPER_RESOLUTION : jp ? MAMBAIR_TASK_JPEG : MAMBAIR_TASK_DENOISE;
        if (!restore_open_model(model_path, task, sr ? scale : jp ? quality : sigma, &model, msg,
                                sizeof msg)) {
            cli_error("eval: %s", msg);
            image_io_exit();
            free_names(files, n);
            return 1;
        }
        const mambair_config *cfg = mambair_model_config(model);
        if (cfg->upscale != (sr ? scale : 1)) {
            cli_error("eval: the model is x%d, the task needs x%d", cfg->upscale, sr ? scale : 1);
            mambair_model_free(model);
            image_io_exit();
            free_names(files, n);
            return 2;
        }
        mambair_config_describe(cfg, model_desc, sizeof model_desc);
        gray = cfg->in_chans == 1;
    }
    int jc = gray ? 1 : 3; /* channels measured by the jpeg task */
    /* dataset name: the folder, or its parent when the folder is HR/GT */
    char ds[256];
    if (!name) {
        char tmp[PATH_MAX];
        snprintf(tmp, sizeof tmp, "%s", dir);
        size_t len = strlen(tmp);
        while (len > 1 && tmp[len - 1] == '/') tmp[--len] = '\0';
        char *b = strrchr(tmp, '/');
        const char *base = b ? b + 1 : tmp;
        if ((!strcasecmp(base, "HR") || !strcasecmp(base, "GT")) && b) {
            *b = '\0';
            char *b2 = strrchr(tmp, '/');
            base = b2 ? b2 + 1 : tmp;
        }
        snprintf(ds, sizeof ds, "%.200s", base);
        name = ds;
    }

    restore_options ro = {0};
    mambair_run_options_default(&ro.run);
    ro.run.n_threads = n_threads;
    ro.paper_tiling = !strcmp(tiling, "paper");
    progress pr;
    progress_init(&pr, n, quiet);
    ro.run.progress = progress_update;
    ro.run.progress_user = &pr;

    const char *base_name = sr ? "bicubic" : jp ? "JPEG" : "noisy";
    if (jp) {
        printf("| image | JPEG PSNR | JPEG SSIM | JPEG PSNR-B |%s\n",
               model ? " model PSNR | model SSIM | model PSNR-B |" : "");
        printf("|---|---|---|---|%s\n", model ? "---|---|---|" : "");
    } else {
        printf("| image | %s PSNR | %s SSIM |%s\n", base_name, base_name,
               model ? " model PSNR | model SSIM |" : "");
        printf("|---|---|---|%s\n", model ? "---|---|" : "");
    }
    row sum = {0};
    int ok_count = 0, failed = 0;
    for (int i = 0; i < n; i++) {
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        progress_begin(&pr, i, files[i]);
        int w = 0, h = 0, lw = 0, lh = 0;
        int fch = 3;
        uint8_t *gt = load_rgb8(path, &w, &h, &fch, msg, sizeof msg), *lr = NULL, *gtc = NULL,
                *base = NULL, *res = NULL;
        image in = {0}, out = {0};
        bool ok = false;
        row r = {0};
        mambair_error err;
        if (!gt) goto next;
        int gw = w, gh = h, crop = sr ? scale : 0;
        if (sr) {
            if (lr_dir) {
                char lp[PATH_MAX];
                if (!find_lr(lr_dir, files[i], scale, lp, sizeof lp)) {
                    snprintf(msg, sizeof msg, "no LR file for %s in %s", files[i], lr_dir);
                    goto next;
                }
                if (!(lr = load_rgb8(lp, &lw, &lh, NULL, msg, sizeof msg))) goto next;
            } else {
                int mw = w / scale * scale, mh = h / scale * scale;
                uint8_t *mod = crop_rgb8(gt, w, mw, mh);
                lw = mb_resize_out_len(mw, 1.0 / scale);
                lh = mb_resize_out_len(mh, 1.0 / scale);
                lr = mod && lw && lh ? malloc((size_t)lw * lh * 3) : NULL;
                if (!lr || mb_resize_bicubic_u8(mod, 3, mh, mw, 1.0 / scale, lr, &err) != MAMBAIR_OK) {
                    snprintf(msg, sizeof msg, "cannot make the LR image");
                    free(mod);
                    goto next;
                }
                free(mod);
            }
            gw = lw * scale;
            gh = lh * scale;
            if (gw > w || gh > h) {
                snprintf(msg, sizeof msg, "LR %dx%d times %d is larger than HR %dx%d", lw, lh, scale, w, h);
                goto next;
            }
            gtc = crop_rgb8(gt, w, gw, gh);
            base = malloc((size_t)gw * gh * 3);
            if (!gtc || !base || mb_resize_bicubic_u8(lr, 3, lh, lw, (double)scale, base, &err) != MAMBAIR_OK) {
                snprintf(msg, sizeof msg, "bicubic baseline failed");
                goto next;
            }
            if (model && !u8_to_image(lr, lw, lh, 3, &in)) {
                snprintf(msg, sizeof msg, "out of memory");
                goto next;
            }
        } else if (jp) {
            mambair_error jerr;
            gtc = jpeg_truth(gt, w, h, fch, gray);
            gt = NULL;
            base = gtc ? malloc((size_t)w * h * jc) : NULL;
            if (!base) {
                snprintf(msg, sizeof msg, "out of memory");
                goto next;
            }
            if (mb_jpeg_roundtrip_u8(gtc, w, h, jc, quality, base, &jerr) != MAMBAIR_OK) {
                snprintf(msg, sizeof msg, "%s", jerr.message);
                goto next;
            }
            if (model && !u8_to_image(base, w, h, jc, &in)) {
                snprintf(msg, sizeof msg, "out of memory");
                goto next;
            }
        } else {
            gtc = crop_rgb8(gt, w, w, h);
            size_t np = (size_t)w * h;
            float *bgr = malloc(np * 3 * sizeof *bgr), *noisy = malloc(np * 3 * sizeof *noisy);
            bool alloc_ok = gtc && bgr && noisy && image_alloc(&in, w, h, 3, false);
            base = alloc_ok ? malloc(np * 3) : NULL;
            if (!base) {
                free(bgr);
                free(noisy);
                snprintf(msg, sizeof msg, "out of memory");
                goto next;
            }
            /* as cv2 holds it: {H, W, BGR}, float32 v / 255 */
            for (size_t k = 0; k < np; k++)
                for (int ch = 0; ch < 3; ch++) bgr[k * 3 + ch] = (float)gt[k * 3 + 2 - ch] / 255.0f;
            mb_rng rng;
            mb_rng_seed(&rng, 0);
            if (gray_noise) {
                /* one plane of noise, added to B, G and R alike (noisy is
                 * np * 3 long: its first np floats hold the plane) */
                memset(noisy, 0, np * sizeof *noisy);
                mb_noise_add_gaussian(&rng, noisy, noisy, np, (double)sigma);
                for (size_t k = np; k-- > 0;)
                    for (int ch = 2; ch >= 0; ch--) noisy[k * 3 + ch] = bgr[k * 3 + ch] + noisy[k];
            } else {
                mb_noise_add_gaussian(&rng, bgr, noisy, np * 3, (double)sigma);
            }
            for (size_t k = 0; k < np; k++)
                for (int ch = 0; ch < 3; ch++) {
                    float v = noisy[k * 3 + 2 - ch];
                    if (clip_noise) v = v <= 0 ? 0.0f : v >= 1 ? 1.0f : (float)(lrintf(v * 65535.0f) / 65535.0);
                    in.color[ch * np + k] = v;
                    float q = v * 255.0f;
                    base[k * 3 + ch] = q <= 0 ? 0 : q >= 255 ? 255 : (uint8_t)lrintf(q);
                }
            free(bgr);
            free(noisy);
        }
        mambair_status st;
        if (sr) {
            st = mb_metric_psnr_y(gtc, base, gw, gh, 3, crop, &r.p_base, &err);
            if (st == MAMBAIR_OK) st = mb_metric_ssim_y(gtc, base, gw, gh, 3, crop, &r.s_base, &err);
        } else if (jp) {
            st = mb_metric_psnr_rgb(gtc, base, gw, gh, jc, 0, &r.p_base, &err);
            if (st == MAMBAIR_OK) st = mb_metric_ssim_rgb(gtc, base, gw, gh, jc, 0, &r.s_base, &err);
            if (st == MAMBAIR_OK) st = mb_metric_psnrb(base, gtc, gw, gh, jc, false, &r.b_base, &err);
        } else {
            st = mb_metric_psnr_rgb(gtc, base, gw, gh, 3, crop, &r.p_base, &err);
            if (st == MAMBAIR_OK) st = mb_metric_ssim_rgb(gtc, base, gw, gh, 3, crop, &r.s_base, &err);
        }
        if (st != MAMBAIR_OK) {
            snprintf(msg, sizeof msg, "%s", err.message);
            goto next;
        }
        if (model) {
            if (!restore_image(model, &in, &out, &ro, msg, sizeof msg)) goto next;
            if (out.width != gw || out.height != gh || !(res = image_to_u8(&out))) {
                snprintf(msg, sizeof msg, "model output %dx%d, expected %dx%d", out.width, out.height, gw, gh);
                goto next;
            }
            if (sr) {
                st = mb_metric_psnr_y(gtc, res, gw, gh, 3, crop, &r.p_model, &err);
                if (st == MAMBAIR_OK) st = mb_metric_ssim_y(gtc, res, gw, gh, 3, crop, &r.s_model, &err);
            } else if (jp) {
                st = mb_metric_psnr_rgb(gtc, res, gw, gh, jc, 0, &r.p_model, &err);
                if (st == MAMBAIR_OK) st = mb_metric_ssim_rgb(gtc, res, gw, gh, jc, 0, &r.s_model, &err);
                if (st == MAMBAIR_OK) st = mb_metric_psnrb(res, gtc, gw, gh, jc, false, &r.b_model, &err);
            } else {
                st = mb_metric_psnr_rgb(gtc, res, gw, gh, 3, crop, &r.p_model, &err);
                if (st == MAMBAIR_OK) st = mb_metric_ssim_rgb(gtc, res, gw, gh, 3, crop, &r.s_model, &err);
            }
            if (st != MAMBAIR_OK) {
                snprintf(msg, sizeof msg, "%s", err.message);
                goto next;
            }
        }
        ok = true;
    next:
        progress_end(&pr, ok, ok ? NULL : msg);
        if (ok) {
            const char *dot = strrchr(files[i], '.');
            printf("| %.*s | %.4f | %.6f |", (int)(dot - files[i]), files[i], r.p_base, r.s_base);
            if (jp) printf(" %.4f |", r.b_base);
            if (model) printf(" %.4f | %.6f |", r.p_model, r.s_model);
            if (model && jp) printf(" %.4f |", r.b_model);
            printf("\n");
            fflush(stdout);
            sum.p_base += r.p_base;
            sum.s_base += r.s_base;
            sum.p_model += r.p_model;
            sum.s_model += r.s_model;
            sum.b_base += r.b_base;
            sum.b_model += r.b_model;
            ok_count++;
        } else {
            failed++;
        }
        free(gt);
        free(lr);
        free(gtc);
        free(base);
        free(res);
        image_free(&in);
        image_free(&out);
    }
    if (ok_count) {
        double k = 1.0 / ok_count;
        printf("| **mean** | **%.4f** | **%.6f** |", sum.p_base * k, sum.s_base * k);
        if (jp) printf(" **%.4f** |", sum.b_base * k);
        if (model) printf(" **%.4f** | **%.6f** |", sum.p_model * k, sum.s_model * k);
        if (model && jp) printf(" **%.4f** |", sum.b_model * k);
        printf("\n\n");
        printf("Command: mambair");
        for (int i = 0; i < argc; i++) printf(" %s", argv[i]);
        printf("\nModel: %s\n", model_desc);
        printf("Metric: %s, %d images%s\n",
               sr   ? "PSNR/SSIM on Y (BT.601), border = scale"
               : jp ? (gray ? "PSNR/SSIM/PSNR-B on gray (Y), no border, libjpeg standard tables, gray"
                            : "PSNR/SSIM/PSNR-B on RGB, no border, libjpeg standard tables, 4:2:0")
                    : "PSNR/SSIM on RGB, no border, noise seed 0",
               ok_count, failed ? " (some failed: mean is over the others)" : "");
        printf("\n| dataset | task | %s | model |\n|---|---|---|---|\n", base_name);
        char task_txt[32];
        if (sr) snprintf(task_txt, sizeof task_txt, "SR x%d", scale);
        else if (jp) snprintf(task_txt, sizeof task_txt, "JPEG q%d%s", quality, gray ? " gray" : "");
        else snprintf(task_txt, sizeof task_txt, "denoise s%d%s%s", sigma, gray_noise ? " gray" : "",
                      clip_noise ? " clipped" : "");
        if (jp) {
            printf("| %s | %s | %.2f / %.4f / %.2f |", name, task_txt, sum.p_base * k, sum.s_base * k,
                   sum.b_base * k);
            if (model) printf(" %.2f / %.4f / %.2f |\n", sum.p_model * k, sum.s_model * k, sum.b_model * k);
            else printf(" - |\n");
        } else {
            printf("| %s | %s | %.2f / %.4f |", name, task_txt, sum.p_base * k, sum.s_base * k);
            if (model) printf(" %.2f / %.4f |\n", sum.p_model * k, sum.s_model * k);
            else printf(" - |\n");
        }
    }
    free_names(files, n);
    mambair_model_free(model);
    image_io_exit();
    if (failed) fprintf(stderr, "eval: %d of %d image(s) failed\n", failed, n);
    return failed ? 1 : 0;
}
