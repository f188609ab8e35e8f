/*
 * cmd-bench.c — `mambair bench`: throughput of a model on a given input size.
 * One warm-up run, then N timed runs on a fixed pseudo-random image; prints
 * median, min and max, megapixels per second (output pixels), threads and the
 * GEMM backend. Needs no image files.
 */
#include "commands.h"
#include "progress.h"
#include "restore.h"

#include "image/noise.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f) {
    fprintf(f, "Usage: mambair bench [-m MODEL | -s N | --sigma N] [OPTIONS]\n"
               "Measure how fast a model runs.\n\n"
               "  -m, --model F     model file (default: the built-in x2 SR model)\n"
               "  -s, --scale N     built-in SR model x N\n"
               "      --sigma N     built-in denoise model for noise level N\n"
               "      --size WxH    input size in pixels (default 128x128)\n"
               "  -n, --runs N      timed runs (default 5) after one warm-up\n"
               "  -t, --threads N   worker threads (default: all cores)\n"
               "      --tile N      tile edge (0 = automatic, -1 = whole image)\n"
               "      --ensemble    time the 8-fold self-ensemble\n"
               "  -h, --help        this text\n");
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int cmd_bench(int argc, char **argv) {
    const char *model_path = NULL;
    int scale = 0, sigma = 0, w = 128, h = 128, runs = 5, n_threads = 0, tile = 0;
    bool ensemble = false;
    enum { O_SIGMA = 256, O_SIZE, O_TILE, O_ENSEMBLE };
    static const struct option longopts[] = {
        {"model", required_argument, 0, 'm'},   {"scale", required_argument, 0, 's'},
        {"sigma", required_argument, 0, O_SIGMA}, {"size", required_argument, 0, O_SIZE},
        {"runs", required_argument, 0, 'n'},    {"threads", required_argument, 0, 't'},
        {"tile", required_argument, 0, O_TILE}, {"ensemble", no_argument, 0, O_ENSEMBLE},
        {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "m:s:n:t:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'm': model_path = optarg; break;
        case 's':
            if (!restore_parse_int(optarg, 2, 4, &scale)) {
                cli_error("bench: --scale must be 2, 3 or 4");
                return 2;
            }
            break;
        case O_SIGMA:
            if (!restore_parse_int(optarg, 1, 255, &sigma)) {
                cli_error("bench: --sigma must be 1..255");
                return 2;
            }
            break;
        case O_SIZE:
            if (sscanf(optarg, "%dx%d", &w, &h) != 2 || w < 1 || h < 1 || w > 16384 || h > 16384) {
                cli_error("bench: --size must be WxH, e.g. 256x256");
                return 2;
            }
            break;
        case 'n':
            if (!restore_parse_int(optarg, 1, 1000, &runs)) {
                cli_error("bench: --runs must be 1..1000");
                return 2;
            }
            break;
        case 't':
            if (!restore_parse_int(optarg, 0, 1024, &n_threads)) {
                cli_error("bench: --threads must be 0..1024");
                return 2;
            }
            break;
        case O_TILE:
            if (!restore_parse_int(optarg, -1, 1 << 16, &tile)) {
                cli_error("bench: --tile must be -1, 0 or a size");
                return 2;
            }
            break;
        case O_ENSEMBLE: ensemble = true; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    char msg[1024];
    mambair_model *model = NULL;
    mambair_task task = sigma ? MAMBAIR_TASK_DENOISE : MAMBAIR_TASK_SUPER_RESOLUTION;
    if (!restore_open_model(model_path, task, sigma ? sigma : scale ? scale : 2, &model, msg, sizeof msg)) {
        cli_error("bench: %s", msg);
        return 1;
    }
    const mambair_config *cfg = mambair_model_config(model);
    int s = cfg->upscale, ch = cfg->in_chans;
    size_t n_in = (size_t)ch * w * h, n_out = n_in * (size_t)s * s;
    float *in = malloc(n_in * sizeof *in), *out = malloc(n_out * sizeof *out);
    double *times = malloc((size_t)runs * sizeof *times);
    int rc = 1;
    if (!in || !out || !times) {
        cli_error("bench: out of memory for a %dx%d image", w, h);
        goto done;
    }
    mb_rng rng;
    mb_rng_seed(&rng, 1);
    for (size_t i = 0; i < n_in; i++) in[i] = (float)mb_rng_double(&rng);
    mambair_run_options opt;
    mambair_run_options_default(&opt);
    opt.n_threads = n_threads;
    opt.tile_size = tile;
    opt.ensemble = ensemble;
    mambair_error err;
    char desc[256];
    mambair_config_describe(cfg, desc, sizeof desc);
    printf("model:   %s\ninput:   %dx%d, output %dx%d\nthreads: %d%s\nGEMM:    %s\n", desc, w, h, w * s, h * s,
           n_threads, n_threads ? "" : " (all cores)", mambair_blas_info());
    for (int r = -1; r < runs; r++) {
        double t0 = progress_now();
        if (mambair_run(model, in, w, h, out, &opt, &err) != MAMBAIR_OK) {
            cli_error("bench: %s", err.message);
            goto done;
        }
        if (r >= 0) times[r] = progress_now() - t0;
    }
    qsort(times, (size_t)runs, sizeof *times, cmp_double);
    double med = runs % 2 ? times[runs / 2] : 0.5 * (times[runs / 2 - 1] + times[runs / 2]);
    printf("runs:    %d (+1 warm-up)\nmedian:  %.3f s   min %.3f s   max %.3f s\n", runs, med, times[0],
           times[runs - 1]);
    printf("speed:   %.4f Mpixel/s output, %.4f Mpixel/s input\n", (double)w * h * s * s / med * 1e-6,
           (double)w * h / med * 1e-6);
    rc = 0;
done:
    free(in);
    free(out);
    free(times);
    mambair_model_free(model);
    return rc;
}
